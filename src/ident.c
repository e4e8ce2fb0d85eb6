/*
 * ident.c — SQL identifiers as PostgreSQL reads them (scan.l's identifier
 * and xd rules, downcase_identifier) and as pg_dump writes them (fmtId,
 * without the keyword list).
 */
#include "pgscrub/ident.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Source bytes quoted in messages; enough to recognise a statement. */
#define PREVIEW_MAX 64
/* Each byte may become \xHH, plus "..." and the NUL. */
#define PREVIEW_SIZE PGS_EXCERPT_SIZE(PREVIEW_MAX)

static const char *preview(char *dst, const char *s, size_t len)
{
	return pgs_excerpt(dst, s, len, PREVIEW_MAX);
}

/* scan.l ident_start: [A-Za-z\200-\377_] */
static int is_ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c >= 0x80;
}

/* scan.l ident_cont: [A-Za-z\200-\377_0-9\$] */
static int is_ident_cont(unsigned char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static int too_long(const char *src, size_t srclen, struct pgs_error *err)
{
	char pv[PREVIEW_SIZE];

	/*
	 * The server would truncate with a NOTICE; we refuse, because a
	 * truncated name would silently match a different column or rule.
	 */
	return pgs_error_set(err, PGS_EINPUT,
			     "identifier %s is longer than %d bytes",
			     preview(pv, src, srclen), PGS_IDENT_MAX);
}

int pgs_ident_parse(struct pgs_buf *out, const char **pp, const char *end,
		    struct pgs_error *err)
{
	const char *p = *pp, *q, *quote;
	char pv[PREVIEW_SIZE];
	size_t n;

	if (p >= end)
		return pgs_error_set(err, PGS_EINPUT,
				     "expected an identifier, found the end of the text");

	if (*p == '"') {
		/* First pass: find the closing quote and the unquoted length. */
		n = 0;
		q = p + 1;
		for (;;) {
			quote = memchr(q, '"', (size_t)(end - q));
			if (!quote)
				return pgs_error_set(err, PGS_EINPUT,
						     "unterminated quoted identifier %s",
						     preview(pv, p, (size_t)(end - p)));
			n += (size_t)(quote - q);
			if (quote + 1 < end && quote[1] == '"') {
				n++;
				q = quote + 2;
				continue;
			}
			q = quote + 1;
			break;
		}
		if (n == 0)
			return pgs_error_set(err, PGS_EINPUT,
					     "zero-length delimited identifier");
		if (n > PGS_IDENT_MAX)
			return too_long(p, (size_t)(q - p), err);

		/* Second pass: copy, undoubling quotes. */
		pgs_buf_reset(out);
		if (pgs_buf_grow(out, n, err))
			return -1;
		for (p++; p < q - 1; p++) {
			out->data[out->len++] = *p;
			if (*p == '"')
				p++;
		}
		out->data[out->len] = '\0';
		*pp = q;
		return 0;
	}

	if (!is_ident_start((unsigned char)*p))
		return pgs_error_set(err, PGS_EINPUT,
				     "expected an identifier at %s",
				     preview(pv, p, (size_t)(end - p)));
	for (q = p + 1; q < end && is_ident_cont((unsigned char)*q); q++)
		;
	n = (size_t)(q - p);
	if (n > PGS_IDENT_MAX)
		return too_long(p, n, err);
	pgs_buf_reset(out);
	if (pgs_buf_grow(out, n, err))
		return -1;
	/* ASCII only, as downcase_identifier does for multibyte encodings. */
	for (; p < q; p++) {
		char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		out->data[out->len++] = c;
	}
	out->data[out->len] = '\0';
	*pp = q;
	return 0;
}

static int is_plain(const char *name)
{
	const char *s = name;

	if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

int pgs_ident_quote(struct pgs_buf *out, const char *name,
		    struct pgs_error *err)
{
	const char *s, *quote;
	size_t len, nq = 0;

	if (is_plain(name))
		return pgs_buf_adds(out, name, err);

	len = strlen(name);
	for (s = name; (quote = strchr(s, '"')) != NULL; s = quote + 1)
		nq++;
	/* Grow once so that a failure leaves out as it was. */
	if (pgs_buf_grow(out, len + nq + 2, err))
		return -1;
	out->data[out->len++] = '"';
	for (s = name; *s; s++) {
		out->data[out->len++] = *s;
		if (*s == '"')
			out->data[out->len++] = '"';
	}
	out->data[out->len++] = '"';
	out->data[out->len] = '\0';
	return 0;
}
