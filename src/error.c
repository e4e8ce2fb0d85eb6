/*
 * error.c — filling and decorating struct pgs_error (see error.h).
 */
#include "pgscrub/error.h"

#include <stdarg.h>
#include <stdio.h>
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
