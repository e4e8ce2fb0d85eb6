/*
 * test_copy.c — the COPY text codec and the row reader (copy.h).
 */
#include "pgscrub/copy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "unit.h"

#define S(lit) lit, sizeof(lit) - 1

/* ---- encode ------------------------------------------------------------ */

struct codec_case {
	const char *in;
	size_t inlen;
	const char *out;
	size_t outlen;
};

static const struct codec_case encode_cases[] = {
	{ S(""), S("") },
	{ S("plain text"), S("plain text") },
	{ S("\\"), S("\\\\") },
	{ S("\b"), S("\\b") },
	{ S("\f"), S("\\f") },
	{ S("\n"), S("\\n") },
	{ S("\r"), S("\\r") },
	{ S("\t"), S("\\t") },
	{ S("\v"), S("\\v") },
	{ S("a\tb\nc\\d"), S("a\\tb\\nc\\\\d") },
	/* What the server leaves raw. */
	{ S("\x01\x07\x1b\x1f\x7f"), S("\x01\x07\x1b\x1f\x7f") },
	{ S("\0"), S("\0") },
	{ S("caf\xc3\xa9 \xe2\x82\xac \xff\x80"), S("caf\xc3\xa9 \xe2\x82\xac \xff\x80") },
	/* NULL-looking values are escaped like any others. */
	{ S("\\N"), S("\\\\N") },
	{ S("\\."), S("\\\\.") },
	/* bytea output text: its own backslash is doubled. */
	{ S("\\x00ff"), S("\\\\x00ff") },
};

static void test_encode(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	size_t i;

	pgs_buf_init(&b, 1 << 20);
	for (i = 0; i < sizeof(encode_cases) / sizeof(encode_cases[0]); i++) {
		const struct codec_case *c = &encode_cases[i];

		pgs_buf_reset(&b);
		CHECK(pgs_copy_encode(&b, c->in, c->inlen, &err) == 0);
		CHECK_EQ_MEM(b.data, b.len, c->out, c->outlen);
		CHECK(b.data[b.len] == '\0');
	}
	/* Appends. */
	pgs_buf_reset(&b);
	CHECK(pgs_copy_encode(&b, S("a\tb"), &err) == 0);
	CHECK(pgs_copy_encode(&b, S("\\"), &err) == 0);
	CHECK_EQ_MEM(b.data, b.len, "a\\tb\\\\", (size_t)6);
	pgs_buf_release(&b);

	/* Over the cap: an error, the buffer as it was. */
	pgs_buf_init(&b, 5);
	CHECK(pgs_copy_encode(&b, S("abcd"), &err) == 0);
	CHECK(pgs_copy_encode(&b, S("\n"), &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	CHECK_EQ_MEM(b.data, b.len, "abcd", (size_t)4);
	pgs_buf_release(&b);
}

/* ---- decode ------------------------------------------------------------ */

static const struct codec_case decode_cases[] = {
	{ S(""), S("") },
	{ S("plain"), S("plain") },
	{ S("\\b\\f\\n\\r\\t\\v"), S("\b\f\n\r\t\v") },
	{ S("\\\\"), S("\\") },
	{ S("\\\\N"), S("\\N") },
	{ S("a\\Nb"), S("aNb") },
	{ S("\\N\\N"), S("NN") },
	{ S("\\."), S(".") },
	{ S("\\a\\q\\\""), S("aq\"") },
	/* Octal: 1, 2, 3 digits; a fourth digit is data; 8 and 9 end it. */
	{ S("\\0"), S("\0") },
	{ S("\\7"), S("\x07") },
	{ S("\\12"), S("\n") },
	{ S("\\101"), S("A") },
	{ S("\\1012"), S("A2") },
	{ S("\\18"), S("\x01" "8") },
	{ S("\\19x"), S("\x01" "9x") },
	{ S("\\377"), S("\xff") },
	/* Over 255: cut to a byte, as the server does (\400 = 256 -> 0). */
	{ S("\\400"), S("\0") },
	{ S("\\777"), S("\xff") },
	{ S("\\541"), S("a") },
	{ S("x\\0y"), S("x\0y") },
	/* Hex: 1 or 2 digits, either case; a third is data. */
	{ S("\\x4"), S("\x04") },
	{ S("\\x41"), S("A") },
	{ S("\\x414"), S("A4") },
	{ S("\\xaF"), S("\xaf") },
	{ S("\\xFg"), S("\x0f" "g") },
	/* \x without a hex digit is the letter x. */
	{ S("\\x"), S("x") },
	{ S("\\xg"), S("xg") },
	{ S("\\x\\x41"), S("xA") },
	{ S("\\X41"), S("X41") },
	/* High bytes and other controls are taken raw. */
	{ S("caf\xc3\xa9\x01\x7f\xff"), S("caf\xc3\xa9\x01\x7f\xff") },
	{ S("\\\xc3\xa9"), S("\xc3\xa9") },
	/* The JSON example of archive-format.md §6.1. */
	{ S("{\"a\": \"b\\\\\\\\c\"}"), S("{\"a\": \"b\\\\c\"}") },
};

static const struct {
	const char *in;
	size_t inlen;
} decode_bad[] = {
	{ S("\\") },
	{ S("abc\\") },
	{ S("\\\\\\") },
	{ S("\\x41\\") },
};

static void test_decode(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	size_t i;

	pgs_buf_init(&b, 1 << 20);
	for (i = 0; i < sizeof(decode_cases) / sizeof(decode_cases[0]); i++) {
		const struct codec_case *c = &decode_cases[i];

		pgs_buf_reset(&b);
		CHECK(pgs_copy_decode(&b, c->in, c->inlen, &err) == 0);
		CHECK_EQ_MEM(b.data, b.len, c->out, c->outlen);
		if (b.len != c->outlen || memcmp(b.data, c->out, b.len))
			fprintf(stderr, "  decode case %zu: \"%s\"\n", i, c->in);
		CHECK(b.data && b.data[b.len] == '\0');
	}
	for (i = 0; i < sizeof(decode_bad) / sizeof(decode_bad[0]); i++) {
		pgs_buf_reset(&b);
		CHECK(pgs_buf_add(&b, "pre", 3, &err) == 0);
		pgs_error_init(&err);
		CHECK(pgs_copy_decode(&b, decode_bad[i].in, decode_bad[i].inlen,
				      &err) == -1);
		CHECK(err.code == PGS_EINPUT);
		CHECK_STR(err.msg, "field ends with a lone backslash");
		/* Nothing half-decoded is kept. */
		CHECK_EQ_MEM(b.data, b.len, "pre", (size_t)3);
	}
	/* Appends. */
	pgs_buf_reset(&b);
	CHECK(pgs_copy_decode(&b, S("a\\tb"), &err) == 0);
	CHECK(pgs_copy_decode(&b, S("\\\\"), &err) == 0);
	CHECK_EQ_MEM(b.data, b.len, "a\tb\\", (size_t)4);
	pgs_buf_release(&b);
}

/* ---- NULL -------------------------------------------------------------- */

static void test_is_null(void)
{
	CHECK(pgs_copy_is_null(S("\\N")));
	CHECK(!pgs_copy_is_null(S("\\\\N")));
	CHECK(!pgs_copy_is_null(S("N")));
	CHECK(!pgs_copy_is_null(S("\\n")));
	CHECK(!pgs_copy_is_null(S("\\N ")));
	CHECK(!pgs_copy_is_null(S("")));
}

/* ---- round trip -------------------------------------------------------- */

static void test_round_trip(void)
{
	struct pgs_buf enc, dec;
	struct pgs_error err;
	char all[256 * 3];
	unsigned i;
	uint32_t seed = 12345;

	pgs_buf_init(&enc, 1 << 20);
	pgs_buf_init(&dec, 1 << 20);
	/* Every byte alone, and every byte between two others. */
	for (i = 0; i < 256; i++) {
		char v[3] = { 'a', (char)i, '\\' };
		size_t k;

		for (k = 1; k <= 3; k += 2) {
			const char *val = k == 1 ? v + 1 : v;

			pgs_buf_reset(&enc);
			pgs_buf_reset(&dec);
			CHECK(pgs_copy_encode(&enc, val, k, &err) == 0);
			CHECK(memchr(enc.data, '\t', enc.len) == NULL);
			CHECK(memchr(enc.data, '\n', enc.len) == NULL);
			CHECK(!pgs_copy_is_null(enc.data, enc.len));
			CHECK(pgs_copy_decode(&dec, enc.data, enc.len, &err) == 0);
			CHECK_EQ_MEM(dec.data, dec.len, val, k);
		}
	}
	/* All 256 values in one field, three times over. */
	for (i = 0; i < sizeof(all); i++)
		all[i] = (char)(i % 256);
	pgs_buf_reset(&enc);
	pgs_buf_reset(&dec);
	CHECK(pgs_copy_encode(&enc, all, sizeof(all), &err) == 0);
	CHECK(pgs_copy_decode(&dec, enc.data, enc.len, &err) == 0);
	CHECK_EQ_MEM(dec.data, dec.len, all, sizeof(all));
	/* Random values with many specials. */
	for (i = 0; i < 2000; i++) {
		char v[64];
		size_t k, n;

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % sizeof(v);
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			v[k] = "\\\t\n\r\b\f\vaN.x0\xff"[(seed >> 16) % 14];
		}
		pgs_buf_reset(&enc);
		pgs_buf_reset(&dec);
		CHECK(pgs_copy_encode(&enc, v, n, &err) == 0);
		CHECK(pgs_copy_decode(&dec, enc.data, enc.len, &err) == 0);
		CHECK_EQ_MEM(dec.data, dec.len, v, n);
	}
	pgs_buf_release(&enc);
	pgs_buf_release(&dec);
}

/* ---- split ------------------------------------------------------------- */

static void test_split(void)
{
	struct pgs_slice f[4];
	static char many[2001];
	size_t i, n;

	n = pgs_copy_split(f, 4, S(""));
	CHECK(n == 1);
	CHECK(f[0].len == 0);

	n = pgs_copy_split(f, 4, NULL, 0);
	CHECK(n == 1);
	CHECK(f[0].len == 0);

	n = pgs_copy_split(f, 4, S("abc"));
	CHECK(n == 1);
	CHECK_EQ_MEM(f[0].p, f[0].len, "abc", (size_t)3);

	n = pgs_copy_split(f, 4, S("1\tJohn\t\\N"));
	CHECK(n == 3);
	CHECK_EQ_MEM(f[0].p, f[0].len, "1", (size_t)1);
	CHECK_EQ_MEM(f[1].p, f[1].len, "John", (size_t)4);
	CHECK_EQ_MEM(f[2].p, f[2].len, "\\N", (size_t)2);

	/* A trailing TAB is one more, empty, field. */
	n = pgs_copy_split(f, 4, S("a\t"));
	CHECK(n == 2);
	CHECK(f[1].len == 0);

	n = pgs_copy_split(f, 4, S("\t"));
	CHECK(n == 2);
	CHECK(f[0].len == 0 && f[1].len == 0);

	n = pgs_copy_split(f, 4, S("\t\t\t"));
	CHECK(n == 4);

	/* An escaped TAB does not split. */
	n = pgs_copy_split(f, 4, S("a\\tb\tc"));
	CHECK(n == 2);
	CHECK_EQ_MEM(f[0].p, f[0].len, "a\\tb", (size_t)4);

	/* More fields than room: the true count, the first max stored. */
	n = pgs_copy_split(f, 2, S("a\tbb\tccc\tdddd\te"));
	CHECK(n == 5);
	CHECK_EQ_MEM(f[0].p, f[0].len, "a", (size_t)1);
	CHECK_EQ_MEM(f[1].p, f[1].len, "bb", (size_t)2);

	n = pgs_copy_split(NULL, 0, S("a\tb\tc"));
	CHECK(n == 3);

	for (i = 0; i < sizeof(many) - 1; i++)
		many[i] = i % 2 ? '\t' : 'x';
	n = pgs_copy_split(f, 4, many, sizeof(many) - 1);
	CHECK(n == 1001);
	CHECK(f[3].p == many + 6 && f[3].len == 1);
}

/* ---- reader ------------------------------------------------------------ */

/* What the callback saw, to compare one way of feeding with another. */
struct seen {
	struct pgs_buf rows;   /* every row followed by '|' */
	uint64_t count;
	uint64_t last_rowno;
	int rownos_ok;
	const char *in;        /* the whole input, to tell zero-copy rows */
	size_t inlen;
	uint64_t in_input;     /* rows that pointed into it */
	int fail_at;           /* make the callback fail at this row */
};

static void seen_init(struct seen *s, const char *in, size_t inlen)
{
	memset(s, 0, sizeof(*s));
	pgs_buf_init(&s->rows, (size_t)1 << 30);
	s->rownos_ok = 1;
	s->in = in;
	s->inlen = inlen;
}

static int on_row(void *ctx, const char *line, size_t len, uint64_t rowno,
		  struct pgs_error *err)
{
	struct seen *s = ctx;

	s->count++;
	if (rowno != s->last_rowno + 1)
		s->rownos_ok = 0;
	s->last_rowno = rowno;
	if (memchr(line, '\n', len))
		s->rownos_ok = 0;
	if (s->in && line >= s->in && line + len <= s->in + s->inlen)
		s->in_input++;
	if (s->fail_at && rowno == (uint64_t)s->fail_at)
		return pgs_error_set(err, PGS_ECOVERAGE, "callback says no");
	if (pgs_buf_add(&s->rows, line, len, err) ||
	    pgs_buf_addc(&s->rows, '|', err))
		return -1;
	return 0;
}

enum feed_mode { FEED_WHOLE, FEED_BYTES, FEED_RANDOM, FEED_FIXED };

/*
 * Run a whole stream through a reader; the status of the first failing
 * call (feed or finish), 0 when all went well.
 */
static int run_stream(struct pgs_copy_reader *r, struct seen *s,
		      const char *in, size_t len, enum feed_mode mode,
		      size_t piece, uint32_t seed, struct pgs_error *err)
{
	size_t off = 0, n;

	pgs_error_init(err);
	while (off < len) {
		switch (mode) {
		case FEED_WHOLE:
			n = len;
			break;
		case FEED_BYTES:
			n = 1;
			break;
		case FEED_RANDOM:
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 17;
			break;
		default:
			n = piece;
			break;
		}
		if (n > len - off)
			n = len - off;
		if (pgs_copy_reader_feed(r, in + off, n, on_row, s, err))
			return -1;
		off += n;
	}
	return pgs_copy_reader_finish(r, err);
}

static const char stream1[] =
	"1\tAlice\talice@example.com\t\\N\n"
	"2\tBob \\\\ Co\t\\\\N\t{1,2}\n"
	"\n"
	"3\tmulti\\nline\\ttab\tcaf\xc3\xa9\t\\\\.\n"
	"\\\\.\n"
	"4\t\t\t\n"
	"\\.\n\n\n";
static const char stream1_rows[] =
	"1\tAlice\talice@example.com\t\\N|"
	"2\tBob \\\\ Co\t\\\\N\t{1,2}|"
	"|"
	"3\tmulti\\nline\\ttab\tcaf\xc3\xa9\t\\\\.|"
	"\\\\.|"
	"4\t\t\t|";

static void test_reader_modes(void)
{
	struct pgs_copy_reader r;
	struct pgs_error err;
	struct seen s;
	size_t piece;
	uint32_t seed;

	pgs_copy_reader_init(&r, 1 << 20);

	seen_init(&s, stream1, sizeof(stream1) - 1);
	CHECK(run_stream(&r, &s, S(stream1), FEED_WHOLE, 0, 0, &err) == 0);
	CHECK_EQ_MEM(s.rows.data, s.rows.len, stream1_rows, sizeof(stream1_rows) - 1);
	CHECK(s.count == 6 && r.rows == 6 && s.rownos_ok);
	/* Fed whole, every row is borrowed from the input. */
	CHECK(s.in_input == 6);
	CHECK(r.ended == 1);
	CHECK(r.trailing_lfs == 2);
	pgs_buf_release(&s.rows);

	pgs_copy_reader_reset(&r);
	seen_init(&s, NULL, 0);
	CHECK(run_stream(&r, &s, S(stream1), FEED_BYTES, 0, 0, &err) == 0);
	CHECK_EQ_MEM(s.rows.data, s.rows.len, stream1_rows, sizeof(stream1_rows) - 1);
	CHECK(s.count == 6 && r.rows == 6 && s.rownos_ok);
	CHECK(r.trailing_lfs == 2);
	pgs_buf_release(&s.rows);

	for (seed = 1; seed <= 50; seed++) {
		pgs_copy_reader_reset(&r);
		seen_init(&s, NULL, 0);
		CHECK(run_stream(&r, &s, S(stream1), FEED_RANDOM, 0, seed,
				 &err) == 0);
		CHECK_EQ_MEM(s.rows.data, s.rows.len, stream1_rows, sizeof(stream1_rows) - 1);
		CHECK(s.rownos_ok && r.trailing_lfs == 2);
		pgs_buf_release(&s.rows);
	}
	/* Every cut position of two pieces, and every fixed piece size. */
	for (piece = 1; piece < sizeof(stream1); piece++) {
		pgs_copy_reader_reset(&r);
		seen_init(&s, NULL, 0);
		CHECK(run_stream(&r, &s, S(stream1), FEED_FIXED, piece, 0,
				 &err) == 0);
		CHECK_EQ_MEM(s.rows.data, s.rows.len, stream1_rows, sizeof(stream1_rows) - 1);
		CHECK(s.count == 6 && s.rownos_ok && r.trailing_lfs == 2);
		pgs_buf_release(&s.rows);

		pgs_copy_reader_reset(&r);
		seen_init(&s, NULL, 0);
		CHECK(pgs_copy_reader_feed(&r, stream1, piece, on_row, &s,
					   &err) == 0);
		CHECK(pgs_copy_reader_feed(&r, stream1 + piece,
					   sizeof(stream1) - 1 - piece, on_row,
					   &s, &err) == 0);
		CHECK(pgs_copy_reader_finish(&r, &err) == 0);
		CHECK_EQ_MEM(s.rows.data, s.rows.len, stream1_rows, sizeof(stream1_rows) - 1);
		pgs_buf_release(&s.rows);
	}
	/* Empty pieces are harmless, NULL included. */
	pgs_copy_reader_reset(&r);
	seen_init(&s, NULL, 0);
	CHECK(pgs_copy_reader_feed(&r, NULL, 0, on_row, &s, &err) == 0);
	CHECK(pgs_copy_reader_feed(&r, "a", 1, on_row, &s, &err) == 0);
	CHECK(pgs_copy_reader_feed(&r, "", 0, on_row, &s, &err) == 0);
	CHECK(pgs_copy_reader_feed(&r, "\n\\.\n", 4, on_row, &s, &err) == 0);
	CHECK(pgs_copy_reader_feed(&r, NULL, 0, on_row, &s, &err) == 0);
	CHECK(pgs_copy_reader_finish(&r, &err) == 0);
	CHECK_EQ_MEM(s.rows.data, s.rows.len, "a|", (size_t)2);
	CHECK(r.trailing_lfs == 0);
	pgs_buf_release(&s.rows);

	pgs_copy_reader_release(&r);
	CHECK(r.partial.data == NULL && r.rows == 0 && !r.ended);
}

/* How one stream ends: the status, the message, the rows before. */
struct end_case {
	const char *in;
	size_t inlen;
	enum pgs_errcode code;
	const char *msg;
	uint64_t rows;
	unsigned trailing_lfs;
};

static const struct end_case end_cases[] = {
	/* The marker with 0 to 3 trailing LFs (pg_dump writes 2). */
	{ S("a\n\\.\n"), PGS_OK, "", 1, 0 },
	{ S("a\n\\.\n\n"), PGS_OK, "", 1, 1 },
	{ S("a\n\\.\n\n\n"), PGS_OK, "", 1, 2 },
	{ S("a\n\\.\n\n\n\n"), PGS_OK, "", 1, 3 },
	/* No rows at all. */
	{ S("\\.\n\n\n"), PGS_OK, "", 0, 2 },
	/* Empty rows, as a table without columns has. */
	{ S("\n\n\\.\n\n\n"), PGS_OK, "", 2, 2 },
	/* Garbage after the marker. */
	{ S("a\n\\.\nx"), PGS_EINPUT, "data after the end-of-data marker", 1, 0 },
	{ S("a\n\\.\n\n\nb\n"), PGS_EINPUT, "data after the end-of-data marker", 1, 2 },
	{ S("\\.\n\\.\n"), PGS_EINPUT, "data after the end-of-data marker", 0, 0 },
	{ S("\\.\n\r\n"), PGS_EINPUT, "data after the end-of-data marker", 0, 0 },
	{ S("\\.\n \n"), PGS_EINPUT, "data after the end-of-data marker", 0, 0 },
	/* No marker. */
	{ S(""), PGS_EINPUT, "the COPY data has no end-of-data line (\\.)", 0, 0 },
	{ S("a\nb\n"), PGS_EINPUT, "the COPY data has no end-of-data line (\\.)", 2, 0 },
	/* Lines that only look like the marker are rows. */
	{ S("\\\\.\n"), PGS_EINPUT, "the COPY data has no end-of-data line (\\.)", 1, 0 },
	{ S("\\.x\n\\. \n.\n\\.\r\n"), PGS_EINPUT, "the COPY data has no end-of-data line (\\.)", 4, 0 },
	{ S("a\\.\n"), PGS_EINPUT, "the COPY data has no end-of-data line (\\.)", 1, 0 },
	/* Cut short. */
	{ S("a\nb"), PGS_EINPUT, "the last row is cut short (no newline at the end)", 1, 0 },
	{ S("a\n\\"), PGS_EINPUT, "the last row is cut short (no newline at the end)", 1, 0 },
	{ S("a\n\\.x"), PGS_EINPUT, "the last row is cut short (no newline at the end)", 1, 0 },
	{ S("a\n\\."), PGS_EINPUT, "the end-of-data line (\\.) is cut short (no newline at the end)", 1, 0 },
};

static void test_reader_ends(void)
{
	struct pgs_copy_reader r;
	struct pgs_error err;
	struct seen s;
	size_t i;
	int mode;

	pgs_copy_reader_init(&r, 1 << 20);
	for (i = 0; i < sizeof(end_cases) / sizeof(end_cases[0]); i++) {
		const struct end_case *c = &end_cases[i];

		for (mode = FEED_WHOLE; mode <= FEED_RANDOM; mode++) {
			int rc;

			pgs_copy_reader_reset(&r);
			seen_init(&s, NULL, 0);
			rc = run_stream(&r, &s, c->in, c->inlen,
					(enum feed_mode)mode, 0, (uint32_t)i,
					&err);
			CHECK(rc == (c->code == PGS_OK ? 0 : -1));
			CHECK(err.code == c->code);
			CHECK_STR(err.msg, c->msg);
			CHECK(s.count == c->rows && r.rows == c->rows);
			if (c->code == PGS_OK || !strcmp(c->msg, "data after the end-of-data marker"))
				CHECK(r.ended);
			if (c->code == PGS_OK)
				CHECK(r.trailing_lfs == c->trailing_lfs);
			if (rc && (s.count != c->rows || err.code != c->code))
				fprintf(stderr, "  end case %zu mode %d\n", i, mode);
			pgs_buf_release(&s.rows);
		}
	}
	/* Garbage in a later piece than the marker. */
	pgs_copy_reader_reset(&r);
	seen_init(&s, NULL, 0);
	CHECK(pgs_copy_reader_feed(&r, S("a\n\\.\n\n"), on_row, &s, &err) == 0);
	CHECK(pgs_copy_reader_feed(&r, S("\n"), on_row, &s, &err) == 0);
	CHECK(pgs_copy_reader_feed(&r, S("\nCOPY"), on_row, &s, &err) == -1);
	CHECK(err.code == PGS_EINPUT);
	pgs_buf_release(&s.rows);
	pgs_copy_reader_release(&r);
}

static void test_reader_callback_error(void)
{
	struct pgs_copy_reader r;
	struct pgs_error err;
	struct seen s;
	int mode;

	pgs_copy_reader_init(&r, 1 << 20);
	for (mode = FEED_WHOLE; mode <= FEED_RANDOM; mode++) {
		pgs_copy_reader_reset(&r);
		seen_init(&s, NULL, 0);
		s.fail_at = 3;
		CHECK(run_stream(&r, &s, S(stream1), (enum feed_mode)mode, 0, 7,
				 &err) == -1);
		/* Unchanged: the callback's code and message. */
		CHECK(err.code == PGS_ECOVERAGE);
		CHECK_STR(err.msg, "callback says no");
		CHECK(s.count == 3);
		pgs_buf_release(&s.rows);
	}
	pgs_copy_reader_release(&r);
}

static void test_reader_max_row(void)
{
	static const char ok[] = "0123456789\n\\.\n";
	static const char over[] = "0123456789\nabcdefghijk\n\\.\n";
	struct pgs_copy_reader r;
	struct pgs_error err;
	struct seen s;
	int mode;

	pgs_copy_reader_init(&r, 10);
	for (mode = FEED_WHOLE; mode <= FEED_RANDOM; mode++) {
		pgs_copy_reader_reset(&r);
		seen_init(&s, NULL, 0);
		CHECK(run_stream(&r, &s, S(ok), (enum feed_mode)mode, 0, 3,
				 &err) == 0);
		CHECK(s.count == 1);
		pgs_buf_release(&s.rows);

		pgs_copy_reader_reset(&r);
		seen_init(&s, NULL, 0);
		CHECK(run_stream(&r, &s, S(over), (enum feed_mode)mode, 0, 3,
				 &err) == -1);
		CHECK(err.code == PGS_ENOMEM);
		CHECK_STR(err.msg, "row 2 is longer than the limit of 10 bytes");
		/* What to do: PostgreSQL's own COPY row limit is 1 GB. */
		CHECK(strstr(err.hint, "PostgreSQL cannot write or read a COPY row") != NULL);
		CHECK(s.count == 1);
		pgs_buf_release(&s.rows);
	}
	/* A row without its LF that is already too long. */
	pgs_copy_reader_reset(&r);
	seen_init(&s, NULL, 0);
	CHECK(pgs_copy_reader_feed(&r, S("a\n0123456789a"), on_row, &s,
				   &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	pgs_buf_release(&s.rows);
	/* A limit of 2 takes the marker and the empty rows of a table without columns. */
	pgs_copy_reader_release(&r);
	pgs_copy_reader_init(&r, 2);
	seen_init(&s, NULL, 0);
	CHECK(run_stream(&r, &s, S("\n\n\\.\n\n\n"), FEED_BYTES, 0, 0,
			 &err) == 0);
	CHECK(s.count == 2 && r.trailing_lfs == 2);
	pgs_buf_release(&s.rows);
	pgs_copy_reader_release(&r);
}

/* The reader must not copy a long row once per piece. */
struct big_seen {
	uint64_t rows;
	size_t len;
	int ok;
};

static int on_big_row(void *ctx, const char *line, size_t len,
		      uint64_t rowno, struct pgs_error *err)
{
	struct big_seen *b = ctx;
	struct pgs_slice f[3];

	(void)err;
	b->rows = rowno;
	if (rowno == 2) {
		b->len = len;
		b->ok = pgs_copy_split(f, 3, line, len) == 3 &&
			f[0].len == 1 && f[2].len == 1 &&
			line[len / 2] == 'x';
	}
	return 0;
}

static void test_reader_huge_row(void)
{
	const size_t field = (size_t)100 << 20;
	const size_t piece = 64 << 10;
	struct pgs_copy_reader r;
	struct pgs_error err;
	struct big_seen b = { 0, 0, 0 };
	char *in;
	size_t len, off, n;
	clock_t t0;
	double secs;

	/* "a\n" + "1\t" 100 MB "\t2\n" + "\\.\n\n\n" */
	len = 2 + 2 + field + 3 + 5;
	in = malloc(len);
	CHECK(in != NULL);
	if (!in)
		return;
	memcpy(in, "a\n1\t", 4);
	memset(in + 4, 'x', field);
	memcpy(in + 4 + field, "\t2\n\\.\n\n\n", 8);

	pgs_copy_reader_init(&r, field + 16);
	t0 = clock();
	for (off = 0; off < len; off += n) {
		n = len - off < piece ? len - off : piece;
		if (pgs_copy_reader_feed(&r, in + off, n, on_big_row, &b, &err))
			break;
	}
	CHECK(off == len);
	CHECK(pgs_copy_reader_finish(&r, &err) == 0);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(b.rows == 2 && b.len == field + 4 && b.ok);
	CHECK(r.trailing_lfs == 2);
	/* Linear is well under a second; quadratic would take hours. */
	CHECK(secs < 10.0);
	printf("100 MB row in 64 KiB pieces: %.3f s\n", secs);

	/* The same row against a limit one byte too small. */
	pgs_copy_reader_release(&r);
	pgs_copy_reader_init(&r, field + 3);
	for (off = 0; off < len; off += n) {
		n = len - off < piece ? len - off : piece;
		if (pgs_copy_reader_feed(&r, in + off, n, on_big_row, &b, &err))
			break;
	}
	CHECK(off < len);
	CHECK(err.code == PGS_ENOMEM);
	CHECK(strstr(err.msg, "row 2 is longer than the limit") != NULL);
	pgs_copy_reader_release(&r);
	free(in);
}

static void test_reader_reuse(void)
{
	struct pgs_copy_reader r;
	struct pgs_error err;
	struct seen s;

	pgs_copy_reader_init(&r, 1 << 20);
	seen_init(&s, NULL, 0);
	/* A failed stream leaves a partial row; reset forgets it. */
	CHECK(pgs_copy_reader_feed(&r, S("a\nhalf"), on_row, &s, &err) == 0);
	CHECK(pgs_copy_reader_finish(&r, &err) == -1);
	pgs_copy_reader_reset(&r);
	CHECK(r.rows == 0 && !r.ended && r.partial.len == 0);
	pgs_buf_reset(&s.rows);
	s.last_rowno = 0;
	CHECK(pgs_copy_reader_feed(&r, S("b\n\\.\n\n\n"), on_row, &s, &err) == 0);
	CHECK(pgs_copy_reader_finish(&r, &err) == 0);
	CHECK_EQ_MEM(s.rows.data, s.rows.len, "b|", (size_t)2);
	CHECK(r.rows == 1 && s.rownos_ok);
	pgs_buf_release(&s.rows);
	pgs_copy_reader_release(&r);
}

/*
 * Empty lines after "\." are counted, never buffered, and more than
 * PGS_COPY_MAX_TRAILING_LFS of them are refused at once: a block of
 * newlines (1 MB compressed, 1 GB decoded) once cost 1 GB of memory.
 */
static void test_reader_trailer_bounded(void)
{
	struct pgs_copy_reader r;
	struct pgs_error err;
	struct seen s;
	static char lfs[1 << 16];
	size_t i, fed = 0;
	int rc = 0;

	memset(lfs, '\n', sizeof(lfs));
	pgs_copy_reader_init(&r, 1 << 20);
	seen_init(&s, NULL, 0);
	pgs_error_init(&err);
	CHECK(pgs_copy_reader_feed(&r, S("a\n\\.\n"), on_row, &s, &err) == 0);
	CHECK(pgs_copy_reader_feed(&r, lfs, PGS_COPY_MAX_TRAILING_LFS, on_row,
				   &s, &err) == 0);
	CHECK(pgs_copy_reader_finish(&r, &err) == 0);
	CHECK(r.trailing_lfs == PGS_COPY_MAX_TRAILING_LFS);
	/* One more is refused... */
	CHECK(pgs_copy_reader_feed(&r, lfs, 1, on_row, &s, &err) == -1);
	CHECK(err.code == PGS_EINPUT);
	CHECK(strstr(err.msg, "empty lines after the end-of-data marker") != NULL);
	CHECK(err.hint[0] != '\0');
	/* ...and 1 GB of them stops at the first piece over the cap. */
	pgs_copy_reader_reset(&r);
	CHECK(pgs_copy_reader_feed(&r, S("\\.\n"), on_row, &s, &err) == 0);
	for (i = 0; i < ((size_t)1 << 30) / sizeof(lfs) && rc == 0; i++) {
		rc = pgs_copy_reader_feed(&r, lfs, sizeof(lfs), on_row, &s, &err);
		fed += sizeof(lfs);
	}
	CHECK(rc == -1 && fed == sizeof(lfs));
	CHECK(r.partial.cap == 0 || r.partial.len == 0);
	pgs_buf_release(&s.rows);
	pgs_copy_reader_release(&r);
}

/* A huge row's buffer is given back after the row, not kept for the run. */
static void test_reader_gives_back(void)
{
	struct pgs_copy_reader r;
	struct pgs_error err;
	struct seen s;
	static char piece[1 << 16];
	size_t i;

	memset(piece, 'v', sizeof(piece));
	pgs_copy_reader_init(&r, (size_t)1 << 30);
	seen_init(&s, NULL, 0);
	for (i = 0; i < 64; i++)   /* a 4 MiB row in 64 KiB pieces */
		CHECK(pgs_copy_reader_feed(&r, piece, sizeof(piece), on_row, &s,
					   &err) == 0);
	CHECK(r.partial.cap > ((size_t)4 << 20));
	CHECK(pgs_copy_reader_feed(&r, S("\nshort"), on_row, &s, &err) == 0);
	CHECK(s.count == 1);
	CHECK(r.partial.cap < ((size_t)1 << 20));
	CHECK(pgs_copy_reader_feed(&r, S("\n\\.\n\n\n"), on_row, &s, &err) == 0);
	CHECK(pgs_copy_reader_finish(&r, &err) == 0 && s.count == 2);
	pgs_buf_release(&s.rows);
	pgs_copy_reader_release(&r);
}

int main(void)
{
	test_encode();
	test_decode();
	test_is_null();
	test_round_trip();
	test_split();
	test_reader_modes();
	test_reader_ends();
	test_reader_callback_error();
	test_reader_max_row();
	test_reader_huge_row();
	test_reader_reuse();
	test_reader_trailer_bounded();
	test_reader_gives_back();
	return check_report("copy");
}
