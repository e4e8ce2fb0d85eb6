/*
 * json.h — the one JSON string encoder, shared by every JSON pgscrub writes
 * (pgscrub check --format json, the run's --report).
 */
#ifndef PGSCRUB_JSON_H
#define PGSCRUB_JSON_H

#include "pgscrub/buf.h"
#include "pgscrub/error.h"

/*
 * Append s as a JSON string, quotes included, or null when s is NULL.  The
 * result is always valid JSON (RFC 8259) whatever the bytes: '"' and '\'
 * are escaped, control characters as \b \f \n \r \t or \u00XX, and each
 * byte that does not start a valid UTF-8 sequence (a name from a LATIN1 or
 * SJIS archive; overlong forms, surrogates, past U+10FFFF) becomes U+FFFD
 * (written \ufffd).  Fails only as pgs_buf_add() does (PGS_ENOMEM).
 */
int pgs_json_string(struct pgs_buf *out, const char *s, struct pgs_error *err);

#endif
