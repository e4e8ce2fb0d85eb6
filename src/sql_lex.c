/*
 * sql_lex.c — the SQL lexer (sql_lex.h): the server's scan.l rules for
 * white space, comments (block comments nest), identifiers (ident_start /
 * ident_cont), quoted identifiers (xd), strings (xq, xe, xn, xb, xh, xus),
 * dollar quotes (dolqdelim) and parameters, enough to find where each
 * token of the SQL that pg_dump writes begins and ends.  Numbers and
 * operators are coarser than scan.l's: a parser only needs to step over
 * them.
 */
#include "pgscrub/sql_lex.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/ident.h"

/* Source text quoted in messages. */
#define NEAR_MAX 48

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* scan.l ident_start / ident_cont */
static int is_ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c >= 0x80;
}

static int is_ident_cont(unsigned char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Skip a '...' string at p (p at the quote).  With escapes, a backslash
 * quotes the next byte (E'' strings, and every string when
 * standard_conforming_strings is off).  Returns the end, or NULL.
 */
static const char *skip_string(const char *p, const char *end, int escapes)
{
	for (p++; p < end; p++) {
		if (*p == '\\' && escapes) {
			if (++p >= end)
				return NULL;
		} else if (*p == '\'') {
			if (p + 1 < end && p[1] == '\'')
				p++;
			else
				return p + 1;
		}
	}
	return NULL;
}

static const char *skip_qident(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '"') {
			if (p + 1 < end && p[1] == '"')
				p++;
			else
				return p + 1;
		}
	}
	return NULL;
}

void pgs_sql_lexer_init(struct pgs_sql_lexer *lx, const char *text,
			size_t len, int std_strings)
{
	lx->text = text;
	lx->len = len;
	lx->pos = 0;
	lx->std_strings = std_strings;
	lx->why = NULL;
	lx->why_off = 0;
}

static int lex_error(struct pgs_sql_lexer *lx, const char *why,
		     const char *at, struct pgs_error *err)
{
	lx->why = why;
	lx->why_off = (size_t)(at - lx->text);
	return pgs_error_set(err, PGS_EINPUT, "%s at byte %zu", why,
			     lx->why_off);
}

int pgs_sql_lex_next(struct pgs_sql_lexer *lx, struct pgs_sql_token *t,
		     struct pgs_error *err)
{
	const char *p = lx->text + lx->pos, *end = lx->text + lx->len, *q;
	const char *before = p;
	unsigned char c;

	assert(lx->pos <= lx->len);
	lx->why = NULL;

	/* White space and comments (block comments nest, as in scan.l). */
	for (;;) {
		while (p < end && is_space((unsigned char)*p))
			p++;
		if (p + 1 < end && p[0] == '-' && p[1] == '-') {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		if (p + 1 < end && p[0] == '/' && p[1] == '*') {
			int depth = 1;
			const char *start = p;

			for (p += 2; p < end && depth > 0; p++) {
				if (p + 1 < end && p[0] == '/' && p[1] == '*') {
					depth++;
					p++;
				} else if (p + 1 < end && p[0] == '*' && p[1] == '/') {
					depth--;
					p++;
				}
			}
			if (depth > 0)
				return lex_error(lx, "unterminated /* comment", start,
						 err);
			continue;
		}
		break;
	}
	t->p = p;
	t->off = (size_t)(p - lx->text);
	t->gap = p != before;
	if (p >= end) {
		t->kind = PGS_SQL_END;
		t->len = 0;
		lx->pos = lx->len;
		return 0;
	}

	c = (unsigned char)*p;
	q = NULL;
	if (c == '\'') {
		t->kind = PGS_SQL_STRING;
		q = skip_string(p, end, !lx->std_strings);
	} else if ((c == 'E' || c == 'e') && p + 1 < end && p[1] == '\'') {
		t->kind = PGS_SQL_STRING;
		q = skip_string(p + 1, end, 1);
	} else if ((c == 'B' || c == 'b' || c == 'X' || c == 'x') &&
		   p + 1 < end && p[1] == '\'') {
		t->kind = PGS_SQL_STRING;
		q = skip_string(p + 1, end, 0);
	} else if ((c == 'N' || c == 'n') && p + 1 < end && p[1] == '\'') {
		t->kind = PGS_SQL_STRING;
		q = skip_string(p + 1, end, !lx->std_strings);
	} else if ((c == 'U' || c == 'u') && p + 2 < end && p[1] == '&' &&
		   (p[2] == '\'' || p[2] == '"')) {
		if (p[2] == '\'') {
			t->kind = PGS_SQL_STRING;
			q = skip_string(p + 2, end, 0);
		} else {
			t->kind = PGS_SQL_UIDENT;
			q = skip_qident(p + 2, end);
		}
	} else if (c == '"') {
		t->kind = PGS_SQL_QIDENT;
		q = skip_qident(p, end);
	} else if (c == '$' && p + 1 < end && is_digit((unsigned char)p[1])) {
		t->kind = PGS_SQL_PARAM;
		for (q = p + 1; q < end && is_digit((unsigned char)*q); q++)
			;
	} else if (c == '$') {
		/* $tag$ ... $tag$: the tag is an identifier or empty. */
		const char *tag_end = p + 1;

		if (tag_end < end && is_ident_start((unsigned char)*tag_end))
			while (tag_end < end && is_ident_cont((unsigned char)*tag_end) &&
			       *tag_end != '$')
				tag_end++;
		if (tag_end < end && *tag_end == '$') {
			size_t dlen = (size_t)(tag_end + 1 - p);
			const char *s = tag_end + 1;

			t->kind = PGS_SQL_STRING;
			for (; (size_t)(end - s) >= dlen; s++)
				if (*s == '$' && memcmp(s, p, dlen) == 0)
					break;
			if ((size_t)(end - s) < dlen)
				return lex_error(lx, "unterminated dollar-quoted string",
						 p, err);
			q = s + dlen;
		} else {
			t->kind = PGS_SQL_OP;
			q = p + 1;
		}
	} else if (is_ident_start(c)) {
		t->kind = PGS_SQL_WORD;
		for (q = p + 1; q < end && is_ident_cont((unsigned char)*q); q++)
			;
	} else if (is_digit(c) ||
		   (c == '.' && p + 1 < end && is_digit((unsigned char)p[1]))) {
		/* Also 0x1F, 1_000 and 1e-5: anything that continues. */
		t->kind = PGS_SQL_NUMBER;
		for (q = p + 1; q < end; q++) {
			if (is_ident_cont((unsigned char)*q) || *q == '.')
				continue;
			if ((*q == '+' || *q == '-') && (q[-1] == 'e' || q[-1] == 'E'))
				continue;
			break;
		}
	} else {
		q = p + 1;
		switch (c) {
		case '(': t->kind = PGS_SQL_LPAREN; break;
		case ')': t->kind = PGS_SQL_RPAREN; break;
		case '[': t->kind = PGS_SQL_LBRACK; break;
		case ']': t->kind = PGS_SQL_RBRACK; break;
		case ',': t->kind = PGS_SQL_COMMA; break;
		case ';': t->kind = PGS_SQL_SEMI; break;
		case '.': t->kind = PGS_SQL_DOT; break;
		case ':': t->kind = PGS_SQL_COLON; break;
		default: t->kind = PGS_SQL_OP; break;
		}
	}
	if (!q)
		return lex_error(lx, t->kind == PGS_SQL_STRING
					     ? "unterminated string literal"
					     : "unterminated quoted identifier",
				 p, err);
	t->len = (size_t)(q - p);
	lx->pos = (size_t)(q - lx->text);
	return 0;
}

int pgs_sql_lex_all(struct pgs_sql_tokens *tv, struct pgs_sql_lexer *lx,
		    struct pgs_error *err)
{
	struct pgs_sql_token t;

	tv->n = 0;
	do {
		if (pgs_sql_lex_next(lx, &t, err))
			return -1;
		if (tv->n == tv->cap) {
			size_t ncap = tv->cap ? tv->cap * 2 : 64;
			struct pgs_sql_token *nv;

			if (ncap > SIZE_MAX / sizeof(*nv) ||
			    !(nv = realloc(tv->v, ncap * sizeof(*nv))))
				return pgs_error_set(err, PGS_ENOMEM,
						     "out of memory lexing SQL");
			tv->v = nv;
			tv->cap = ncap;
		}
		tv->v[tv->n++] = t;
	} while (t.kind != PGS_SQL_END);
	return 0;
}

void pgs_sql_tokens_release(struct pgs_sql_tokens *tv)
{
	free(tv->v);
	tv->v = NULL;
	tv->n = tv->cap = 0;
}

int pgs_sql_is_kw(const struct pgs_sql_token *t, const char *kw)
{
	size_t i;

	if (t->kind != PGS_SQL_WORD)
		return 0;
	for (i = 0; i < t->len; i++) {
		char c = t->p[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (kw[i] != c)
			return 0;
	}
	return kw[i] == '\0';
}

int pgs_sql_ident_value(struct pgs_buf *out, const struct pgs_sql_token *t,
			struct pgs_error *err)
{
	const char *p = t->p;

	if (t->kind == PGS_SQL_UIDENT)
		return pgs_error_set(err, PGS_EINPUT,
				     "U&\"...\" identifiers are not supported");
	if (t->kind != PGS_SQL_WORD && t->kind != PGS_SQL_QIDENT)
		return pgs_error_set(err, PGS_EINPUT, "expected a name");
	if (pgs_ident_parse(out, &p, t->p + t->len, err))
		return -1;
	/* The server reads SQL as a C string: no name holds a NUL, and one
	 * here would read as a shorter name (found by fuzz_schema). */
	if (memchr(out->data, '\0', out->len))
		return pgs_error_set(err, PGS_EINPUT, "a name with a NUL byte");
	return 0;
}

static int bad_string(struct pgs_error *err, const char *text, size_t len,
		      const struct pgs_sql_token *t, const char *why)
{
	char ex[PGS_EXCERPT_SIZE(NEAR_MAX)];

	return pgs_error_set(err, PGS_EINPUT, "%s at \"%s\"", why,
			     pgs_excerpt(ex, text + t->off, len - t->off,
					 NEAR_MAX));
}

int pgs_sql_string_value(struct pgs_buf *out, const char *text, size_t len,
			 const struct pgs_sql_token *t, int std_strings,
			 struct pgs_error *err)
{
	const char *p = text + t->off, *e = p + t->len - 1;  /* e at the closing ' */
	int escapes = !std_strings;

	assert(t->kind == PGS_SQL_STRING && t->off + t->len <= len);
	pgs_buf_reset(out);
	if (*p == 'E' || *p == 'e') {
		escapes = 1;
		p++;
	} else if (*p == 'N' || *p == 'n') {
		p++;
	} else if (*p != '\'') {
		return bad_string(err, text, len, t, "unsupported string literal");
	}
	for (p++; p < e; p++) {
		unsigned long cp;
		int nd, maxd, base;

		if (*p == '\'') {
			p++;            /* '' */
		} else if (*p == '\\' && escapes) {
			p++;
			switch (*p) {
			case 'b': cp = '\b'; break;
			case 'f': cp = '\f'; break;
			case 'n': cp = '\n'; break;
			case 'r': cp = '\r'; break;
			case 't': cp = '\t'; break;
			case 'x': case 'u': case 'U':
			case '0': case '1': case '2': case '3':
			case '4': case '5': case '6': case '7':
				base = *p == 'x' ? 16 : (*p == 'u' || *p == 'U') ? 16 : 8;
				maxd = *p == 'x' ? 2 : *p == 'u' ? 4 : *p == 'U' ? 8 : 3;
				if (base == 16)
					p++;
				cp = 0;
				for (nd = 0; nd < maxd && p < e; nd++, p++) {
					int dv;

					if (is_digit((unsigned char)*p))
						dv = *p - '0';
					else if (base == 16 && *p >= 'a' && *p <= 'f')
						dv = *p - 'a' + 10;
					else if (base == 16 && *p >= 'A' && *p <= 'F')
						dv = *p - 'A' + 10;
					else
						break;
					if (base == 8 && dv > 7)
						break;
					cp = cp * (unsigned long)base + (unsigned long)dv;
				}
				p--;
				if (nd == 0 || (maxd >= 4 && nd != maxd))
					return bad_string(err, text, len, t,
							  "bad escape in a string");
				if (maxd >= 4) {
					/* \u / \U: a code point, as UTF-8 */
					char u[4];
					size_t ul;

					if (cp == 0 || cp > 0x10FFFF ||
					    (cp >= 0xD800 && cp <= 0xDFFF))
						return bad_string(err, text, len, t,
								  "bad escape in a string");
					if (cp < 0x80) {
						u[0] = (char)cp;
						ul = 1;
					} else if (cp < 0x800) {
						u[0] = (char)(0xC0 | (cp >> 6));
						u[1] = (char)(0x80 | (cp & 0x3F));
						ul = 2;
					} else if (cp < 0x10000) {
						u[0] = (char)(0xE0 | (cp >> 12));
						u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
						u[2] = (char)(0x80 | (cp & 0x3F));
						ul = 3;
					} else {
						u[0] = (char)(0xF0 | (cp >> 18));
						u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
						u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
						u[3] = (char)(0x80 | (cp & 0x3F));
						ul = 4;
					}
					if (pgs_buf_add(out, u, ul, err))
						return -1;
					continue;
				}
				cp &= 0xFF;
				break;
			default:
				cp = (unsigned char)*p;
				break;
			}
			if (pgs_buf_addc(out, (char)(unsigned char)cp, err))
				return -1;
			continue;
		}
		if (pgs_buf_addc(out, *p, err))
			return -1;
	}
	return 0;
}
