/*
 * buf.c — growable capped byte buffer (see buf.h).
 */
#include "pgscrub/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pgs_buf_init(struct pgs_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void pgs_buf_reset(struct pgs_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void pgs_buf_release(struct pgs_buf *b)
{
	free(b->data);
	pgs_buf_init(b, b->max);
}

int pgs_buf_grow(struct pgs_buf *b, size_t extra, struct pgs_error *err)
{
	size_t need, cap;
	char *p;

	/* len + extra + 1 (the NUL) must fit in a size_t too */
	if (extra > b->max || b->len > b->max - extra ||
	    b->len + extra == SIZE_MAX)
		return pgs_error_set(err, PGS_ENOMEM,
				     "buffer would exceed its limit of %zu bytes",
				     b->max);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1 > need ? b->max + 1 : need;
	p = realloc(b->data, cap);
	if (!p)
		return pgs_error_set(err, PGS_ENOMEM,
				     "out of memory growing a buffer to %zu bytes",
				     cap);
	b->data = p;
	b->cap = cap;
	b->data[b->len] = '\0';
	return 0;
}

int pgs_buf_add(struct pgs_buf *b, const void *p, size_t n,
		struct pgs_error *err)
{
	if (pgs_buf_grow(b, n, err))
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int pgs_buf_addc(struct pgs_buf *b, char c, struct pgs_error *err)
{
	if (b->len + 1 >= b->cap && pgs_buf_grow(b, 1, err))
		return -1;
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
	return 0;
}

int pgs_buf_adds(struct pgs_buf *b, const char *s, struct pgs_error *err)
{
	return pgs_buf_add(b, s, strlen(s), err);
}

int pgs_buf_add_shell_word(struct pgs_buf *b, const char *s,
			   struct pgs_error *err)
{
	static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "abcdefghijklmnopqrstuvwxyz0123456789"
				   "_./+,:@%=-";
	const char *q;

	if (s[0] && s[strspn(s, safe)] == '\0')
		return pgs_buf_adds(b, s, err);
	if (pgs_buf_addc(b, '\'', err))
		return -1;
	while ((q = strchr(s, '\'')) != NULL) {
		if (pgs_buf_add(b, s, (size_t)(q - s), err) ||
		    pgs_buf_adds(b, "'\\''", err))
			return -1;
		s = q + 1;
	}
	return pgs_buf_adds(b, s, err) || pgs_buf_addc(b, '\'', err) ? -1 : 0;
}

void pgs_buf_consume(struct pgs_buf *b, size_t n)
{
	if (n >= b->len) {
		pgs_buf_reset(b);
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
	b->data[b->len] = '\0';
}

int pgs_buf_addf(struct pgs_buf *b, struct pgs_error *err, const char *fmt,
		 ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return pgs_error_set(err, PGS_EINTERNAL, "bad format \"%s\"", fmt);
	/* pgs_buf_grow keeps room for the NUL vsnprintf writes */
	if (pgs_buf_grow(b, (size_t)n, err))
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}
