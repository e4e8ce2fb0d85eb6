/*
 * fuzz_copy.c — libFuzzer target for the COPY row reader and codec
 * (copy.h) and the COPY statement parser (copy.h).
 *
 * The input is fed to a reader whole, a byte at a time and in pieces of
 * varying size; every way must deliver the same rows and end the same way.
 * Each row is split and every non-NULL field decoded, re-encoded and decoded
 * again: decode(encode(x)) must be x.  Then the input, as a C string, goes
 * to pgs_copy_stmt_parse; what it accepts must survive being written back
 * with pgs_ident_quote and parsed again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/copy.h"
#include "pgscrub/ident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small enough that fuzzed inputs reach the row limit. */
#define FUZZ_MAX_ROW 1024
#define FUZZ_FIELDS 16

#define REQUIRE(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

struct run {
	uint64_t hash;     /* of every row with its number */
	uint64_t rows;
	struct pgs_buf dec, enc, dec2;
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211u;
	}
	return h;
}

/* decode(encode(x)) == x, with x in run->dec. */
static void check_value(struct run *run)
{
	struct pgs_error err;
	size_t i;

	pgs_buf_reset(&run->enc);
	REQUIRE(pgs_copy_encode(&run->enc, run->dec.data, run->dec.len,
				&err) == 0);
	/* What COPY TO writes never holds a raw TAB or LF. */
	REQUIRE(memchr(run->enc.data, '\t', run->enc.len) == NULL);
	REQUIRE(memchr(run->enc.data, '\n', run->enc.len) == NULL);
	/* A value never encodes to the NULL marker. */
	REQUIRE(!pgs_copy_is_null(run->enc.data, run->enc.len));
	/* Only \\ \b \f \n \r \t \v escapes. */
	for (i = 0; i < run->enc.len; i++) {
		if (run->enc.data[i] == '\\') {
			i++;
			REQUIRE(i < run->enc.len);
			REQUIRE(strchr("\\bfnrtv", run->enc.data[i]) != NULL);
		}
	}
	pgs_buf_reset(&run->dec2);
	REQUIRE(pgs_copy_decode(&run->dec2, run->enc.data, run->enc.len,
				&err) == 0);
	REQUIRE(run->dec2.len == run->dec.len);
	REQUIRE(memcmp(run->dec2.data, run->dec.data, run->dec.len) == 0);
}

static void check_field(struct run *run, const char *raw, size_t len)
{
	struct pgs_error err;

	/* The raw bytes, taken as a value, must survive too. */
	pgs_buf_reset(&run->dec);
	REQUIRE(pgs_buf_add(&run->dec, raw, len, &err) == 0);
	check_value(run);

	if (pgs_copy_is_null(raw, len))
		return;
	pgs_buf_reset(&run->dec);
	if (pgs_copy_decode(&run->dec, raw, len, &err)) {
		REQUIRE(err.code != PGS_EINTERNAL);
		/* The only way to fail within the cap. */
		REQUIRE(err.code == PGS_EINPUT);
		REQUIRE(len > 0 && raw[len - 1] == '\\');
		return;
	}
	REQUIRE(run->dec.len <= len);
	check_value(run);
}

static int on_row(void *ctx, const char *line, size_t len, uint64_t rowno,
		  struct pgs_error *err)
{
	struct run *run = ctx;
	struct pgs_slice fields[FUZZ_FIELDS];
	size_t n, i, total;

	(void)err;
	REQUIRE(len <= FUZZ_MAX_ROW);
	REQUIRE(len == 0 || memchr(line, '\n', len) == NULL);
	REQUIRE(rowno == run->rows + 1);
	REQUIRE(!(len == 2 && line[0] == '\\' && line[1] == '.'));
	run->rows = rowno;
	run->hash = fnv(run->hash, &rowno, sizeof(rowno));
	run->hash = fnv(run->hash, &len, sizeof(len));
	run->hash = fnv(run->hash, line, len);

	n = pgs_copy_split(fields, FUZZ_FIELDS, line, len);
	REQUIRE(n >= 1);
	REQUIRE(n == pgs_copy_split(NULL, 0, line, len));
	total = 0;
	for (i = 0; i < n && i < FUZZ_FIELDS; i++) {
		REQUIRE(fields[i].p >= line || len == 0);
		REQUIRE(memchr(fields[i].p, '\t', fields[i].len) == NULL);
		total += fields[i].len + 1;
		check_field(run, fields[i].p, fields[i].len);
	}
	if (n <= FUZZ_FIELDS)
		REQUIRE(total == len + 1);
	return 0;
}

struct outcome {
	int rc;
	enum pgs_errcode code;
	uint64_t hash, rows;
	int ended;
	unsigned trailing_lfs;
};

/* piece 0: varying sizes drawn from seed. */
static struct outcome feed(const uint8_t *data, size_t size, size_t piece,
			   uint32_t seed)
{
	struct pgs_copy_reader r;
	struct run run;
	struct pgs_error err;
	struct outcome o;
	size_t off = 0, n;

	memset(&run, 0, sizeof(run));
	run.hash = 14695981039346656037u;
	pgs_buf_init(&run.dec, FUZZ_MAX_ROW);
	pgs_buf_init(&run.enc, 2 * FUZZ_MAX_ROW);
	/*
	 * pgs_copy_decode grows its output by the raw length first (an escape
	 * never decodes to more bytes than it takes), so the buffer that takes
	 * decode(encode(x)) needs the cap of the encoded value, not of x.
	 */
	pgs_buf_init(&run.dec2, 2 * FUZZ_MAX_ROW);
	pgs_error_init(&err);
	pgs_copy_reader_init(&r, FUZZ_MAX_ROW);

	o.rc = 0;
	while (off < size) {
		if (piece) {
			n = piece;
		} else {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 64;
		}
		if (n > size - off)
			n = size - off;
		o.rc = pgs_copy_reader_feed(&r, (const char *)data + off, n,
					    on_row, &run, &err);
		if (o.rc)
			break;
		off += n;
	}
	if (o.rc == 0)
		o.rc = pgs_copy_reader_finish(&r, &err);
	o.code = o.rc ? err.code : PGS_OK;
	REQUIRE(o.rc == 0 || o.rc == -1);
	REQUIRE(o.rc == 0 || o.code != PGS_EINTERNAL);
	REQUIRE(o.rc == 0 || o.code == PGS_EINPUT || o.code == PGS_ENOMEM);
	o.hash = run.hash;
	o.rows = run.rows;
	REQUIRE(r.rows == run.rows);
	o.ended = r.ended;
	o.trailing_lfs = r.trailing_lfs;

	pgs_copy_reader_release(&r);
	pgs_buf_release(&run.dec);
	pgs_buf_release(&run.enc);
	pgs_buf_release(&run.dec2);
	return o;
}

static void same(const struct outcome *a, const struct outcome *b)
{
	REQUIRE(a->rc == b->rc);
	REQUIRE(a->code == b->code);
	REQUIRE(a->hash == b->hash);
	REQUIRE(a->rows == b->rows);
	REQUIRE(a->ended == b->ended);
	if (a->rc == 0)
		REQUIRE(a->trailing_lfs == b->trailing_lfs);
}

static void fuzz_reader(const uint8_t *data, size_t size)
{
	struct outcome whole, o;

	whole = feed(data, size, size ? size : 1, 0);
	o = feed(data, size, 1, 0);
	same(&whole, &o);
	o = feed(data, size, 0, (uint32_t)size);
	same(&whole, &o);
	o = feed(data, size, 7, 0);
	same(&whole, &o);
}

static void fuzz_stmt(const uint8_t *data, size_t size)
{
	struct pgs_copy_stmt st, st2;
	struct pgs_error err;
	struct pgs_buf b;
	char *s;
	size_t i;

	/* As a C string: up to the first NUL. */
	s = malloc(size + 1);
	if (!s)
		return;
	memcpy(s, data, size);
	s[size] = '\0';

	memset(&st, 0, sizeof(st));
	memset(&st2, 0, sizeof(st2));
	if (pgs_copy_stmt_parse(&st, s, &err)) {
		REQUIRE(err.code != PGS_EINTERNAL);
		REQUIRE(err.code == PGS_EINPUT || err.code == PGS_ENOMEM);
		REQUIRE(st.schema == NULL && st.cols == NULL && st.ncols == 0);
		REQUIRE(strlen(err.msg) > 0);
		free(s);
		return;
	}
	REQUIRE(st.schema && st.table);
	/* "" for an unqualified name (pg_dump before 11), see ident.h. */
	REQUIRE(strlen(st.schema) <= PGS_IDENT_MAX);
	REQUIRE(strlen(st.table) >= 1 && strlen(st.table) <= PGS_IDENT_MAX);

	/* Write it back as pg_dump would and parse again. */
	pgs_buf_init(&b, 1 << 24);
	REQUIRE(pgs_buf_adds(&b, "COPY ", &err) == 0);
	if (st.schema[0] != '\0') {
		REQUIRE(pgs_ident_quote(&b, st.schema, &err) == 0);
		REQUIRE(pgs_buf_addc(&b, '.', &err) == 0);
	}
	REQUIRE(pgs_ident_quote(&b, st.table, &err) == 0);
	REQUIRE(pgs_buf_adds(&b, " ", &err) == 0);
	for (i = 0; i < st.ncols; i++) {
		REQUIRE(strlen(st.cols[i]) >= 1 &&
			strlen(st.cols[i]) <= PGS_IDENT_MAX);
		REQUIRE(pgs_buf_adds(&b, i ? ", " : "(", &err) == 0);
		REQUIRE(pgs_ident_quote(&b, st.cols[i], &err) == 0);
	}
	if (st.ncols)
		REQUIRE(pgs_buf_addc(&b, ')', &err) == 0);
	REQUIRE(pgs_buf_adds(&b, " FROM stdin;\n", &err) == 0);
	REQUIRE(pgs_copy_stmt_parse(&st2, b.data, &err) == 0);
	REQUIRE(strcmp(st.schema, st2.schema) == 0);
	REQUIRE(strcmp(st.table, st2.table) == 0);
	REQUIRE(st.ncols == st2.ncols);
	for (i = 0; i < st.ncols; i++)
		REQUIRE(strcmp(st.cols[i], st2.cols[i]) == 0);

	pgs_buf_release(&b);
	pgs_copy_stmt_release(&st2);
	pgs_copy_stmt_release(&st);
	REQUIRE(st.schema == NULL && st.ncols == 0);
	free(s);
}

/* One identifier straight from the input, bounded by its end (no NUL). */
static void fuzz_ident(const uint8_t *data, size_t size)
{
	struct pgs_buf b, q;
	struct pgs_error err;
	const char *p = (const char *)data, *end = p + size;
	const char *qp;

	pgs_buf_init(&b, PGS_IDENT_MAX);
	pgs_buf_init(&q, 4 * PGS_IDENT_MAX);
	if (size > 0 && pgs_ident_parse(&b, &p, end, &err) != 0) {
		REQUIRE(err.code != PGS_EINTERNAL);
	} else if (size > 0) {
		REQUIRE(p > (const char *)data && p <= end);
		REQUIRE(b.len >= 1 && b.len <= PGS_IDENT_MAX);
		/* Names with a NUL cannot round-trip through a C string. */
		if (memchr(b.data, '\0', b.len) == NULL) {
			char orig[PGS_IDENT_MAX + 1];

			memcpy(orig, b.data, b.len + 1);
			REQUIRE(pgs_ident_quote(&q, b.data, &err) == 0);
			qp = q.data;
			REQUIRE(pgs_ident_parse(&b, &qp, q.data + q.len,
						&err) == 0);
			REQUIRE(qp == q.data + q.len);
			REQUIRE(strcmp(b.data, orig) == 0);
		}
	}
	pgs_buf_release(&b);
	pgs_buf_release(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reader(data, size);
	fuzz_stmt(data, size);
	fuzz_ident(data, size);
	return 0;
}
