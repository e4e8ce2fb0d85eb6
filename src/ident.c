/*
 * ident.c — SQL identifiers as PostgreSQL reads them (scan.l's identifier
 * and xd rules, downcase_identifier) and as pg_dump writes them (fmtId,
 * without the keyword list), and the COPY statement of a TABLE DATA entry
 * (pg_dump.c dumpTableData_copy, archive-format.md §6.3).
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

/* Consume lit at *p when the text continues with it. */
static int match(const char **p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
		return 0;
	*p += n;
	return 1;
}

static char *dup_name(const struct pgs_buf *name)
{
	char *s = malloc(name->len + 1);

	if (s) {
		memcpy(s, name->data, name->len);
		s[name->len] = '\0';
	}
	return s;
}

static int add_col(struct pgs_copy_stmt *st, size_t *cap,
		   const struct pgs_buf *name)
{
	char **cols;
	size_t ncap;

	if (st->ncols == *cap) {
		ncap = *cap ? *cap * 2 : 8;
		cols = realloc(st->cols, ncap * sizeof(*cols));
		if (!cols)
			return -1;
		st->cols = cols;
		*cap = ncap;
	}
	st->cols[st->ncols] = dup_name(name);
	if (!st->cols[st->ncols])
		return -1;
	st->ncols++;
	return 0;
}

/*
 * The whole statement in the message: what is wrong is often clearer from
 * the statement than from the position.
 */
static int bad_stmt(const char *stmt, const char *p, const char *what,
		    struct pgs_error *err)
{
	char pv[PREVIEW_SIZE];

	return pgs_error_set(err, PGS_EINPUT,
			     "cannot parse COPY statement \"%s\": %s (at byte %zu)",
			     preview(pv, stmt, strlen(stmt)), what,
			     (size_t)(p - stmt));
}

/*
 * An identifier of the statement; failures of the identifier itself are
 * reported inside the statement's message.
 */
static int stmt_ident(struct pgs_buf *name, const char **p, const char *end,
		      const char *stmt, const char *what,
		      struct pgs_error *err)
{
	struct pgs_error sub;
	char msg[PGS_ERROR_MSG_MAX / 2];
	const char *at = *p;

	pgs_error_init(&sub);
	if (pgs_ident_parse(name, p, end, &sub) == 0)
		return 0;
	if (sub.code != PGS_EINPUT) {
		if (err)
			*err = sub;
		return -1;
	}
	/* Cut rather than overflow: the message is for a person. */
	if ((size_t)snprintf(msg, sizeof(msg), "%s: %s", what, sub.msg) >=
	    sizeof(msg))
		msg[sizeof(msg) - 1] = '\0';
	return bad_stmt(stmt, at, msg, err);
}

struct named_col {
	const char *name;
	size_t idx;
};

static int cmp_named_col(const void *x, const void *y)
{
	const struct named_col *a = x, *b = y;
	int c = strcmp(a->name, b->name);

	if (c)
		return c;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

/*
 * The index of the first column whose name an earlier column already has
 * (what a pairwise scan in list order would report), st->ncols when the
 * names are distinct, SIZE_MAX when out of memory.
 */
static size_t first_duplicate(const struct pgs_copy_stmt *st)
{
	struct named_col *v = malloc(st->ncols * sizeof(*v));
	size_t i, first = st->ncols;

	if (!v)
		return SIZE_MAX;
	for (i = 0; i < st->ncols; i++) {
		v[i].name = st->cols[i];
		v[i].idx = i;
	}
	qsort(v, st->ncols, sizeof(*v), cmp_named_col);
	/* Equal names sort by position: the second of a run is the first
	 * repeat of that name. */
	for (i = 1; i < st->ncols; i++)
		if (strcmp(v[i].name, v[i - 1].name) == 0 &&
		    (i < 2 || strcmp(v[i - 1].name, v[i - 2].name) != 0) &&
		    v[i].idx < first)
			first = v[i].idx;
	free(v);
	return first;
}

/*
 * pg_dump 12 and later write exactly
 *   "COPY " fmtQualifiedDumpable " " fmtCopyColumnList " FROM stdin;\n"
 * where the column list is "(a, b, ...)" or empty.  pg_dump before 11
 * (and 10.3, 9.6.8, ...) wrote the table name unqualified; that form is
 * accepted with an empty schema (the TOC entry's namespace tells it).  WITH
 * OIDS is refused: its data has a column the list does not name.
 */
int pgs_copy_stmt_parse(struct pgs_copy_stmt *st, const char *stmt,
			struct pgs_error *err)
{
	struct pgs_copy_stmt res = { NULL, NULL, NULL, 0 };
	struct pgs_buf name;
	const char *p = stmt, *end;
	size_t cap = 0, ncap_at = 0;
	size_t *col_at = NULL;      /* where each column's name starts */

	assert(stmt);
	pgs_buf_init(&name, PGS_IDENT_MAX);
	end = stmt + strlen(stmt);

	if (!match(&p, end, "COPY ")) {
		bad_stmt(stmt, p, "it does not start with \"COPY \"", err);
		goto fail;
	}
	if (stmt_ident(&name, &p, end, stmt, "bad schema name", err))
		goto fail;
	if (match(&p, end, ".")) {
		if (!(res.schema = dup_name(&name)))
			goto nomem;
		if (stmt_ident(&name, &p, end, stmt, "bad table name", err))
			goto fail;
		if (!(res.table = dup_name(&name)))
			goto nomem;
	} else if (p < end && *p == ' ') {
		/* Unqualified: the name just read is the table's. */
		if (!(res.table = dup_name(&name)) ||
		    !(res.schema = calloc(1, 1)))
			goto nomem;
	} else {
		bad_stmt(stmt, p, "expected \".\" after the schema name", err);
		goto fail;
	}
	if (!match(&p, end, " ")) {
		bad_stmt(stmt, p, "expected \" \" after the table name", err);
		goto fail;
	}
	if (match(&p, end, "(")) {
		for (;;) {
			const char *at = p;

			if (res.ncols == PGS_MAX_COPY_COLUMNS) {
				bad_stmt(stmt, at, "it lists more than "
					 PGS_STR(PGS_MAX_COPY_COLUMNS)
					 " columns, the most a PostgreSQL "
					 "table can have", err);
				pgs_error_hint(err, "the archive is damaged or "
					       "was not made by pg_dump");
				goto fail;
			}
			if (stmt_ident(&name, &p, end, stmt, "bad column name",
				       err))
				goto fail;
			if (add_col(&res, &cap, &name))
				goto nomem;
			if (res.ncols > ncap_at) {
				size_t *na;

				ncap_at = ncap_at ? ncap_at * 2 : 16;
				na = realloc(col_at, ncap_at * sizeof(*na));
				if (!na)
					goto nomem;
				col_at = na;
			}
			col_at[res.ncols - 1] = (size_t)(at - stmt);
			if (match(&p, end, ", "))
				continue;
			if (match(&p, end, ")"))
				break;
			bad_stmt(stmt, p,
				 "expected \", \" or \")\" after a column name",
				 err);
			goto fail;
		}
	}
	/* The data would be ambiguous; the server refuses too.  Sorted, not
	 * compared pairwise: 1,600 columns are 1.3 million comparisons. */
	if (res.ncols > 1) {
		size_t dup = first_duplicate(&res);

		if (dup < res.ncols) {
			bad_stmt(stmt, stmt + col_at[dup],
				 "a column is listed twice", err);
			goto fail;
		}
		if (dup == SIZE_MAX)
			goto nomem;
	}
	if (!match(&p, end, " FROM stdin;\n")) {
		bad_stmt(stmt, p, "expected \" FROM stdin;\" and a newline", err);
		goto fail;
	}
	if (p != end) {
		bad_stmt(stmt, p, "unexpected text after \"FROM stdin;\"", err);
		goto fail;
	}
	pgs_buf_release(&name);
	free(col_at);
	*st = res;
	return 0;

nomem:
	pgs_error_set(err, PGS_ENOMEM,
		      "out of memory parsing a COPY statement");
fail:
	pgs_buf_release(&name);
	free(col_at);
	pgs_copy_stmt_release(&res);
	return -1;
}

void pgs_copy_stmt_release(struct pgs_copy_stmt *st)
{
	size_t i;

	for (i = 0; i < st->ncols; i++)
		free(st->cols[i]);
	free(st->cols);
	free(st->schema);
	free(st->table);
	st->schema = NULL;
	st->table = NULL;
	st->cols = NULL;
	st->ncols = 0;
}
