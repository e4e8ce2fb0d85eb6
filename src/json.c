/*
 * json.c — the JSON string encoder (json.h): valid UTF-8 goes through as it
 * is, anything else becomes U+FFFD, so that a report about an archive in
 * any encoding still parses.
 */
#include "pgscrub/json.h"

#include <string.h>

#include "pgscrub/bytes.h"

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
		n = pgs_utf8_len(p, strnlen((const char *)p, 4));
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
