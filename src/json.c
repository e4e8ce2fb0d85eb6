/*
 * json.c — the JSON string encoder (json.h): valid UTF-8 goes through as it
 * is, anything else becomes U+FFFD, so that a report about an archive in
 * any encoding still parses.
 */
#include "pgscrub/json.h"

/* Length of the valid UTF-8 sequence at p (NUL-terminated), or 0. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	/* A NUL is not a continuation byte: this stops at the end. */
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
		return 0;
	return n;
}

int pgs_json_string(struct pgs_buf *out, const char *s, struct pgs_error *err)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return pgs_buf_adds(out, "null", err);
	if (pgs_buf_addc(out, '"', err))
		return -1;
	while (*p) {
		char esc[7] = "\\u00";
		const char *e = NULL;
		size_t n;

		switch (*p) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			if (*p < 0x20) {
				esc[4] = hex[*p >> 4];
				esc[5] = hex[*p & 15];
				esc[6] = '\0';
				e = esc;
			}
		}
		if (e) {
			if (pgs_buf_adds(out, e, err))
				return -1;
			p++;
			continue;
		}
		n = utf8_len(p);
		if (n == 0) {
			if (pgs_buf_adds(out, "\\ufffd", err))
				return -1;
			p++;
			continue;
		}
		if (pgs_buf_add(out, p, n, err))
			return -1;
		p += n;
	}
	return pgs_buf_addc(out, '"', err);
}
