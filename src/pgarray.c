/*
 * pgarray.c — PostgreSQL array literals (see pgarray.h).
 *
 * Reads what the server's arrayfuncs.c array_out writes — and what array_in
 * accepts of the same shape — and writes elements back quoted exactly as
 * array_out would quote them, so a literal whose elements come back
 * unchanged is reproduced byte for byte.
 *
 *   [lb:ub][lb:ub]=   optional bounds, written only when a lower bound is
 *                     not 1; kept as written
 *   { item , item }   items are elements or nested {...}; at most MAXDIM
 *                     (6) levels, elements and sub-arrays not mixed
 *   element           "quoted" with \" and \\ inside, or bare; a bare
 *                     element may use backslashes too (array_in accepts
 *                     them) and loses unescaped white space around it; the
 *                     bare word NULL in any case is a NULL element
 *
 * White space between tokens, which array_out never writes, is dropped.
 */
#include "pgscrub/pgarray.h"

#include <string.h>

/* PostgreSQL's MAXDIM (utils/array.h). */
#define PGS_ARRAY_MAXDIM 6

/* Decoded elements up to this size need no heap: most values. */
#define PGS_ARRAY_STACK 512

/* arrayfuncs.c array_isspace: the C locale's white space, nothing else. */
static int array_isspace(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	       ch == '\v' || ch == '\f';
}

static int is_null_word(const char *p, size_t len)
{
	return len == 4 && (p[0] == 'N' || p[0] == 'n') &&
	       (p[1] == 'U' || p[1] == 'u') && (p[2] == 'L' || p[2] == 'l') &&
	       (p[3] == 'L' || p[3] == 'l');
}

static int malformed(struct pgs_error *err, const char *what, size_t at)
{
	return pgs_error_set(err, PGS_EINPUT,
			     "malformed array literal: %s at byte %zu", what, at);
}

/*
 * Quote out->data[start..len) in place the way array_out does; it was
 * appended raw by the element function.  Growing once and filling from the
 * back needs no second buffer.
 */
static int quote_in_place(struct pgs_buf *out, size_t start, char delim,
			  struct pgs_error *err)
{
	size_t n = out->len - start, nesc = 0, i, w;
	const char *v = out->data ? out->data + start : "";
	int need = n == 0 || is_null_word(v, n);

	for (i = 0; i < n; i++) {
		char ch = v[i];

		if (ch == '"' || ch == '\\') {
			need = 1;
			nesc++;
		} else if (ch == '{' || ch == '}' || ch == delim ||
			   array_isspace(ch)) {
			need = 1;
		}
	}
	if (!need)
		return 0;
	if (pgs_buf_grow(out, 2 + nesc, err))
		return -1;
	w = out->len + 2 + nesc;
	out->data[w] = '\0';
	out->data[--w] = '"';
	for (i = out->len; i-- > start;) {
		char ch = out->data[i];

		out->data[--w] = ch;
		if (ch == '"' || ch == '\\')
			out->data[--w] = '\\';
	}
	out->data[--w] = '"';
	out->len += 2 + nesc;
	return 0;
}

/* The bounds decoration "[lb:ub]...=" (array_in ReadArrayDimensions). */
static int skip_bounds(size_t *pos, const char *lit, size_t len,
		       struct pgs_error *err)
{
	size_t i = *pos, ndim = 0;

	while (i < len && lit[i] == '[') {
		int part;

		if (++ndim > PGS_ARRAY_MAXDIM)
			return malformed(err, "too many dimensions", i);
		i++;
		for (part = 0; part < 2; part++) {
			size_t digits = 0;

			while (i < len && array_isspace(lit[i]))
				i++;
			if (i < len && (lit[i] == '-' || lit[i] == '+'))
				i++;
			while (i < len && lit[i] >= '0' && lit[i] <= '9') {
				i++;
				digits++;
			}
			if (!digits)
				return malformed(err, "bad array bounds", i);
			while (i < len && array_isspace(lit[i]))
				i++;
			if (part == 0 && i < len && lit[i] == ':')
				i++;
			else
				break;
		}
		if (i >= len || lit[i] != ']')
			return malformed(err, "bad array bounds", i);
		i++;
		while (i < len && array_isspace(lit[i]))
			i++;
	}
	if (ndim) {
		if (i >= len || lit[i] != '=')
			return malformed(err, "missing '=' after the bounds", i);
		i++;
	}
	*pos = i;
	return 0;
}

int pgs_array_map(struct pgs_buf *out, const char *lit, size_t len,
		  char delim, pgs_elem_fn fn, void *ctx, struct pgs_error *err)
{
	char stackbuf[PGS_ARRAY_STACK];
	struct pgs_buf heap;
	/* Per level: 0 nothing yet, 1 elements, 2 sub-arrays. */
	unsigned char level_has[PGS_ARRAY_MAXDIM + 1];
	size_t i = 0, bstart, depth = 0;
	/* After '{' an item or '}'; after ',' an item; after an item ',' or '}'. */
	enum { WANT_ITEM_OR_CLOSE, WANT_ITEM, WANT_DELIM_OR_CLOSE } want;
	int rc = -1;

	pgs_buf_init(&heap, len);
	while (i < len && array_isspace(lit[i]))
		i++;
	bstart = i;
	if (skip_bounds(&i, lit, len, err))
		goto done;
	if (pgs_buf_add(out, lit + bstart, i - bstart, err))
		goto done;
	while (i < len && array_isspace(lit[i]))
		i++;
	if (i >= len || lit[i] != '{') {
		malformed(err, "expected '{'", i);
		goto done;
	}
	want = WANT_ITEM_OR_CLOSE;
	for (;;) {
		const char *ev;
		size_t elen, estart;
		int escaped = 0, quoted = 0;

		while (i < len && array_isspace(lit[i]))
			i++;
		if (i >= len) {
			malformed(err, depth ? "unbalanced braces" : "expected '{'",
				  i);
			goto done;
		}
		if (lit[i] == '{' && want != WANT_DELIM_OR_CLOSE) {
			if (depth > 0) {
				if (level_has[depth] == 1) {
					malformed(err, "elements and sub-arrays mixed", i);
					goto done;
				}
				level_has[depth] = 2;
			}
			if (++depth > PGS_ARRAY_MAXDIM) {
				malformed(err, "too many dimensions", i);
				goto done;
			}
			level_has[depth] = 0;
			if (pgs_buf_addc(out, '{', err))
				goto done;
			i++;
			want = WANT_ITEM_OR_CLOSE;
			continue;
		}
		if (lit[i] == '}' && want != WANT_ITEM) {
			if (pgs_buf_addc(out, '}', err))
				goto done;
			i++;
			if (--depth == 0)
				break;
			want = WANT_DELIM_OR_CLOSE;
			continue;
		}
		if (want == WANT_DELIM_OR_CLOSE) {
			if (lit[i] != delim) {
				malformed(err, "expected a delimiter or '}'", i);
				goto done;
			}
			if (pgs_buf_addc(out, delim, err))
				goto done;
			i++;
			want = WANT_ITEM;
			continue;
		}
		/* An element. */
		if (lit[i] == delim || lit[i] == '}' || lit[i] == '{') {
			malformed(err, "missing element", i);
			goto done;
		}
		if (level_has[depth] == 2) {
			malformed(err, "elements and sub-arrays mixed", i);
			goto done;
		}
		level_has[depth] = 1;
		estart = i;
		if (lit[i] == '"') {
			quoted = 1;
			estart = ++i;
			while (i < len && lit[i] != '"') {
				if (lit[i] == '\\') {
					escaped = 1;
					i++;
				}
				i++;
			}
			if (i >= len) {
				malformed(err, "unterminated quoted element", estart - 1);
				goto done;
			}
			elen = i - estart;
			i++;
		} else {
			size_t end = i;   /* past the last byte that counts */

			while (i < len && lit[i] != delim && lit[i] != '}') {
				if (lit[i] == '"' || lit[i] == '{') {
					malformed(err, "unexpected character in element", i);
					goto done;
				}
				if (lit[i] == '\\') {
					escaped = 1;
					if (++i >= len)
						break;
					end = i + 1;
				} else if (!array_isspace(lit[i])) {
					end = i + 1;
				}
				i++;
			}
			if (i >= len) {
				malformed(err, "unbalanced braces", i);
				goto done;
			}
			elen = end - estart;
		}
		ev = lit + estart;
		if (!quoted && !escaped && is_null_word(ev, elen)) {
			if (pgs_buf_add(out, "NULL", 4, err))
				goto done;
		} else {
			size_t start = out->len, k, n = 0;

			if (escaped) {
				/* Decoded is never longer than the literal. */
				char *d = stackbuf;

				if (elen > sizeof(stackbuf)) {
					pgs_buf_reset(&heap);
					if (pgs_buf_grow(&heap, elen, err))
						goto done;
					d = heap.data;
				}
				for (k = 0; k < elen; k++) {
					if (ev[k] == '\\')
						k++;
					d[n++] = ev[k];
				}
				ev = d;
				elen = n;
			}
			if (fn(ctx, out, ev, elen, err))
				goto done;
			if (quote_in_place(out, start, delim, err))
				goto done;
		}
		want = WANT_DELIM_OR_CLOSE;
	}
	while (i < len && array_isspace(lit[i]))
		i++;
	if (i < len) {
		malformed(err, "junk after the closing brace", i);
		goto done;
	}
	rc = 0;
done:
	pgs_buf_release(&heap);
	return rc;
}
