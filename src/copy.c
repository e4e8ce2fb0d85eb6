/*
 * copy.c — PostgreSQL's text COPY format as pg_dump stores table data
 * (archive-format.md §6.1).
 *
 * The reader splits the decompressed stream into rows at every LF, as COPY
 * TO writes them.  (The server's CopyReadLineText would also take a LF after
 * a backslash as part of the row; COPY TO never writes one, and
 * pgs_copy_decode reports the lone backslash that such a row leaves.)
 * pgs_copy_split and pgs_copy_decode mirror copyfromparse.c
 * CopyReadAttributesText; pgs_copy_encode mirrors copyto.c
 * CopyAttributeOutText.  pgs_copy_stmt_parse reads the COPY statement that
 * pg_dump.c dumpTableData_copy writes into a TABLE DATA entry (§6.3).
 *
 * This is the hot path of a run: every byte of table data passes through
 * the reader, so it finds line ends with memchr and hands out rows that lie
 * inside the caller's piece without copying them.
 */
#include "pgscrub/copy.h"
#include "pgscrub/bytes.h"
#include "pgscrub/ident.h"

#include <assert.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The partial-row buffer keeps up to this much memory between rows. */
#define PGS_COPY_KEEP_CAP ((size_t)1 << 20)

/* The end-of-data line "\." (without its LF). */
static int is_end_marker(const char *line, size_t len)
{
	return len == 2 && line[0] == '\\' && line[1] == '.';
}

static int row_too_long(const struct pgs_copy_reader *r,
			struct pgs_error *err)
{
	pgs_error_set(err, PGS_ENOMEM,
		      "row %" PRIu64 " is longer than the limit of %zu bytes",
		      r->rows + 1, r->partial.max);
	/* The server sends a COPY row in one message of at most 1 GB. */
	return pgs_error_hint(err, "PostgreSQL cannot write or read a COPY row "
			      "this long, so the archive is damaged or was not "
			      "made by pg_dump; make the dump again");
}

/*
 * After "\.\n" pg_dump writes two more LFs and nothing else; any other byte
 * means the block holds something we would silently drop or misplace.
 * The LFs are only counted (the caller writes them back), and more than
 * PGS_COPY_MAX_TRAILING_LFS of them are refused, so a block of nothing but
 * newlines (a few KB compressed, gigabytes decoded) costs neither memory
 * nor a long wait.
 */
static int take_trailer(struct pgs_copy_reader *r, const char *p, size_t n,
			struct pgs_error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != '\n')
			return pgs_error_set(err, PGS_EINPUT,
					     "data after the end-of-data marker");
		if (r->trailing_lfs >= PGS_COPY_MAX_TRAILING_LFS) {
			pgs_error_set(err, PGS_EINPUT,
				      "more than %u empty lines after the "
				      "end-of-data marker (\\.)",
				      PGS_COPY_MAX_TRAILING_LFS);
			return pgs_error_hint(err, "pg_dump writes two; the "
					      "archive is damaged or was not "
					      "made by pg_dump");
		}
		r->trailing_lfs++;
	}
	return 0;
}

void pgs_copy_reader_init(struct pgs_copy_reader *r, size_t max_row)
{
	/* The partial buffer's cap is the row limit: it holds at most one row. */
	pgs_buf_init(&r->partial, max_row);
	r->rows = 0;
	r->ended = 0;
	r->trailing_lfs = 0;
}

void pgs_copy_reader_reset(struct pgs_copy_reader *r)
{
	pgs_buf_reset(&r->partial);
	r->rows = 0;
	r->ended = 0;
	r->trailing_lfs = 0;
}

int pgs_copy_reader_feed(struct pgs_copy_reader *r, const char *p, size_t n,
			 pgs_row_fn on_row, void *ctx, struct pgs_error *err)
{
	const char *end, *lf;
	size_t len;

	/* Also keeps p == NULL (allowed with n == 0) out of pointer arithmetic. */
	if (n == 0)
		return 0;
	if (r->ended)
		return take_trailer(r, p, n, err);
	end = p + n;

	/*
	 * Finish a row begun in an earlier piece.  Only the bytes up to its LF
	 * are copied, and the buffer grows geometrically, so a 100 MB row fed
	 * in small pieces costs one pass over its bytes, not a quadratic one.
	 */
	if (r->partial.len > 0) {
		lf = memchr(p, '\n', n);
		len = lf ? (size_t)(lf - p) : n;
		if (len > r->partial.max - r->partial.len)
			return row_too_long(r, err);
		if (pgs_buf_add(&r->partial, p, len, err))
			return -1;
		if (!lf)
			return 0;
		p = lf + 1;
		if (is_end_marker(r->partial.data, r->partial.len)) {
			pgs_buf_reset(&r->partial);
			r->ended = 1;
			return take_trailer(r, p, (size_t)(end - p), err);
		}
		/* Reset only after the call: reset writes a NUL over byte 0.
		 * A huge row's memory is given back, not kept for the run. */
		if (on_row(ctx, r->partial.data, r->partial.len, ++r->rows, err))
			return -1;
		if (r->partial.cap > PGS_COPY_KEEP_CAP)
			pgs_buf_release(&r->partial);
		else
			pgs_buf_reset(&r->partial);
	}

	/* Rows wholly inside this piece: no copy. */
	while (p < end) {
		lf = memchr(p, '\n', (size_t)(end - p));
		if (!lf)
			break;
		len = (size_t)(lf - p);
		/*
		 * Checked here too so that the limit does not depend on where
		 * the pieces happen to be cut.
		 */
		if (len > r->partial.max)
			return row_too_long(r, err);
		if (is_end_marker(p, len)) {
			r->ended = 1;
			return take_trailer(r, lf + 1, (size_t)(end - lf - 1),
					    err);
		}
		if (on_row(ctx, p, len, ++r->rows, err))
			return -1;
		p = lf + 1;
	}

	/* The start of a row that continues in the next piece. */
	if (p < end) {
		len = (size_t)(end - p);
		if (len > r->partial.max)
			return row_too_long(r, err);
		if (pgs_buf_add(&r->partial, p, len, err))
			return -1;
	}
	return 0;
}

int pgs_copy_reader_finish(struct pgs_copy_reader *r, struct pgs_error *err)
{
	if (r->partial.len > 0) {
		if (is_end_marker(r->partial.data, r->partial.len))
			return pgs_error_set(err, PGS_EINPUT,
					     "the end-of-data line (\\.) is cut short (no newline at the end)");
		return pgs_error_set(err, PGS_EINPUT,
				     "the last row is cut short (no newline at the end)");
	}
	if (!r->ended)
		return pgs_error_set(err, PGS_EINPUT,
				     "the COPY data has no end-of-data line (\\.)");
	return 0;
}

void pgs_copy_reader_release(struct pgs_copy_reader *r)
{
	pgs_buf_release(&r->partial);
	r->rows = 0;
	r->ended = 0;
	r->trailing_lfs = 0;
}

size_t pgs_copy_split(struct pgs_slice *fields, size_t max, const char *line,
		      size_t len)
{
	const char *p = line, *end, *tab;
	size_t n = 0;

	assert(fields || max == 0);
	if (len == 0) {
		/* One empty field; also keeps line == NULL out of memchr. */
		if (max > 0) {
			fields[0].p = line;
			fields[0].len = 0;
		}
		return 1;
	}
	end = line + len;
	for (;;) {
		tab = memchr(p, '\t', (size_t)(end - p));
		if (n < max) {
			fields[n].p = p;
			fields[n].len = (size_t)((tab ? tab : end) - p);
		}
		n++;
		if (!tab)
			return n;
		p = tab + 1;
	}
}

static int is_octal(char c)
{
	return c >= '0' && c <= '7';
}

int pgs_copy_decode(struct pgs_buf *out, const char *raw, size_t len,
		    struct pgs_error *err)
{
	const char *p = raw, *end, *bs;
	char *o;
	size_t run;
	int v, h;

	/*
	 * An escape never decodes to more bytes than it takes, so one growth
	 * covers the field and the loop below writes without checks.
	 */
	if (pgs_buf_grow(out, len, err))
		return -1;
	if (len == 0)
		return 0;
	end = raw + len;
	o = out->data + out->len;
	for (;;) {
		bs = memchr(p, '\\', (size_t)(end - p));
		run = (size_t)((bs ? bs : end) - p);
		memcpy(o, p, run);
		o += run;
		if (!bs)
			break;
		p = bs + 1;
		/*
		 * The server joins such a line with the next one (it reads the
		 * LF as escaped); COPY TO never writes it, so it is damage.
		 * out->len is untouched, so nothing half-decoded is kept.
		 */
		if (p == end)
			return pgs_error_set(err, PGS_EINPUT,
					     "field ends with a lone backslash");
		switch (*p) {
		case 'b':
			*o++ = '\b';
			p++;
			break;
		case 'f':
			*o++ = '\f';
			p++;
			break;
		case 'n':
			*o++ = '\n';
			p++;
			break;
		case 'r':
			*o++ = '\r';
			p++;
			break;
		case 't':
			*o++ = '\t';
			p++;
			break;
		case 'v':
			*o++ = '\v';
			p++;
			break;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7':
			/* Up to three digits; \400-\777 wrap to a byte as the server does. */
			v = *p++ - '0';
			if (p < end && is_octal(*p)) {
				v = v * 8 + (*p++ - '0');
				if (p < end && is_octal(*p))
					v = v * 8 + (*p++ - '0');
			}
			*o++ = (char)(unsigned char)(v & 0xFF);
			break;
		case 'x':
			p++;
			/* "\x" without a hex digit is just the letter x. */
			if (p < end && (h = pgs_hexval(*p)) >= 0) {
				v = h;
				p++;
				if (p < end && (h = pgs_hexval(*p)) >= 0) {
					v = v * 16 + h;
					p++;
				}
				*o++ = (char)(unsigned char)v;
			} else {
				*o++ = 'x';
			}
			break;
		default:
			/* \\ \. \N (inside a longer field) and the rest: literal. */
			*o++ = *p++;
			break;
		}
		if (p == end)
			break;
	}
	out->len = (size_t)(o - out->data);
	out->data[out->len] = '\0';
	return 0;
}

/* The letter CopyAttributeOutText writes after a backslash, or 0 for raw. */
static const char encode_letter[256] = {
	['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\v'] = 'v',
	['\f'] = 'f', ['\r'] = 'r', ['\\'] = '\\',
};

int pgs_copy_encode(struct pgs_buf *out, const char *val, size_t len,
		    struct pgs_error *err)
{
	const unsigned char *s = (const unsigned char *)val;
	size_t i, run, nesc = 0;
	char *o;

	/*
	 * Count first so that the buffer grows once, to the exact size.
	 * len + nesc cannot wrap: nesc <= len and no object is larger than
	 * PTRDIFF_MAX.
	 */
	for (i = 0; i < len; i++)
		nesc += encode_letter[s[i]] != 0;
	if (pgs_buf_grow(out, len + nesc, err))
		return -1;
	o = out->data + out->len;
	/* Copy the runs between escapes whole; most values have none. */
	for (i = 0, run = 0; nesc > 0; i++) {
		char c = encode_letter[s[i]];

		if (!c)
			continue;
		memcpy(o, val + run, i - run);
		o += i - run;
		*o++ = '\\';
		*o++ = c;
		run = i + 1;
		nesc--;
	}
	if (len > run)
		memcpy(o, val + run, len - run);
	o += len - run;
	out->len = (size_t)(o - out->data);
	out->data[out->len] = '\0';
	return 0;
}

/* ---- the COPY statement of a TABLE DATA entry ---------------------------- */

/* Source bytes quoted in messages; enough to recognise a statement. */
#define PREVIEW_MAX 64
/* Each byte may become \xHH, plus "..." and the NUL. */
#define PREVIEW_SIZE PGS_EXCERPT_SIZE(PREVIEW_MAX)

static const char *preview(char *dst, const char *s, size_t len)
{
	return pgs_excerpt(dst, s, len, PREVIEW_MAX);
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
