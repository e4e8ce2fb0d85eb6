/*
 * error.c — filling and decorating struct pgs_error, and the helpers that
 * write parts of messages: excerpts of untrusted text, "did you mean"
 * (see error.h).
 */
#include "pgscrub/error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pgs_error_init(struct pgs_error *err)
{
	err->code = PGS_OK;
	err->msg[0] = '\0';
	err->hint[0] = '\0';
}

int pgs_error_set(struct pgs_error *err, enum pgs_errcode code,
		  const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->code = code;
	err->hint[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int pgs_error_hint(struct pgs_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
	va_end(ap);
	return -1;
}

int pgs_error_where(struct pgs_error *err, const char *fmt, ...)
{
	char where[PGS_ERROR_MSG_MAX];
	char old[PGS_ERROR_MSG_MAX];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(where, sizeof(where), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Truncation keeps the start: the outermost context and the subject. */
	{
		size_t n = strlen(where);

		if (n > sizeof(err->msg) - 3)
			n = sizeof(err->msg) - 3;
		memcpy(err->msg, where, n);
		memcpy(err->msg + n, ": ", 2);
		n += 2;
		snprintf(err->msg + n, sizeof(err->msg) - n, "%.*s",
			 (int)(sizeof(err->msg) - n - 1), old);
	}
	return -1;
}

const char *pgs_excerpt(char *dst, const char *s, size_t len, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = len, i, o = 0;

	if (n > max) {
		n = max;
		for (i = 0; i < 3 && n > 0 &&
		     ((unsigned char)s[n] & 0xC0) == 0x80; i++)
			n--;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n' || c == '\t') {
			dst[o++] = '\\';
			dst[o++] = c == '\n' ? 'n' : 't';
		} else if (c < 0x20 || c == 0x7F) {
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 0xF];
		} else {
			dst[o++] = (char)c;
		}
	}
	if (n < len) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
	return dst;
}

/* ---- "did you mean" ------------------------------------------------------ */

static char ascii_lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

static int equal_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ascii_lower(*a) != ascii_lower(*b))
			return 0;
	return *a == *b;
}

/*
 * Damerau–Levenshtein distance in its optimal-string-alignment form (each
 * substring edited once), which is what "did you mean" needs; SIZE_MAX when
 * it is certainly over limit or memory runs out.
 */
static size_t distance(const char *a, const char *b, size_t limit)
{
	size_t n = strlen(a), m = strlen(b), i, j, d;
	size_t *base, *row0, *row1, *row2, *tmp;

	if ((n > m ? n - m : m - n) > limit)
		return SIZE_MAX;
	if (m + 1 > SIZE_MAX / (3 * sizeof(size_t)))
		return SIZE_MAX;
	base = malloc(3 * (m + 1) * sizeof(size_t));
	if (!base)
		return SIZE_MAX;
	row0 = base;
	row1 = row0 + (m + 1);
	row2 = row1 + (m + 1);
	/* row2: i-2, row1: i-1, row0: i */
	for (j = 0; j <= m; j++)
		row1[j] = j;
	for (i = 1; i <= n; i++) {
		row0[0] = i;
		for (j = 1; j <= m; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;

			d = row1[j] + 1;
			if (row0[j - 1] + 1 < d)
				d = row0[j - 1] + 1;
			if (row1[j - 1] + cost < d)
				d = row1[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && row2[j - 2] + 1 < d)
				d = row2[j - 2] + 1;
			row0[j] = d;
		}
		tmp = row2;
		row2 = row1;
		row1 = row0;
		row0 = tmp;
	}
	d = row1[m];
	free(base);
	return d;
}

const char *pgs_suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX, i;

	for (i = 0; candidates[i]; i++) {
		size_t d = equal_nocase(word, candidates[i])
			   ? 0 : distance(word, candidates[i], 2);

		if (d <= 2 && d < best_d) {
			best = candidates[i];
			best_d = d;
		}
	}
	return best;
}
