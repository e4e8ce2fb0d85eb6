/*
 * test_compress.c — the four stream codecs of compress.c: round trips at
 * several levels and piecings, strict decoding (truncation, trailing bytes,
 * damage), reuse across _reset, the sink contract, --compress parsing, and
 * streams made by other tools (python's zlib, the lz4 and zstd CLIs).
 */
#include "pgscrub/compress.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "unit.h"

#define CHUNK_MAX ((size_t)64 * 1024)

static const enum pgs_compression all_algs[] = {
	PGS_COMPRESS_NONE, PGS_COMPRESS_GZIP, PGS_COMPRESS_LZ4, PGS_COMPRESS_ZSTD
};
static const enum pgs_compression packed_algs[] = {
	PGS_COMPRESS_GZIP, PGS_COMPRESS_LZ4, PGS_COMPRESS_ZSTD
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ---------------------------------------------------------- */

/* A sink that collects its output and watches the piece sizes. */
struct collect {
	unsigned char *data;
	size_t len, cap;
	size_t calls, zero_calls, max_piece;
	size_t fail_at_call;  /* 1-based call that fails; 0 never */
};

/* Never NULL, so that comparing an empty output is defined (memcmp). */
static unsigned char collect_empty[1];

static void collect_init(struct collect *c)
{
	memset(c, 0, sizeof(*c));
	c->data = collect_empty;
}

static void collect_release(struct collect *c)
{
	if (c->cap)
		free(c->data);
	collect_init(c);
}

static int collect_sink(void *ctx, const void *p, size_t n,
			struct pgs_error *err)
{
	struct collect *c = ctx;

	c->calls++;
	if (n == 0)
		c->zero_calls++;
	if (n > c->max_piece)
		c->max_piece = n;
	if (c->fail_at_call && c->calls == c->fail_at_call)
		return pgs_error_set(err, PGS_EIO, "sink failed on purpose");
	if (c->len + n > c->cap) {
		size_t cap = c->cap ? c->cap : 1024;
		unsigned char *d;

		while (cap < c->len + n)
			cap *= 2;
		d = realloc(c->cap ? c->data : NULL, cap);
		if (!d)
			return pgs_error_set(err, PGS_ENOMEM, "test sink: no memory");
		c->data = d;
		c->cap = cap;
	}
	if (n)
		memcpy(c->data + c->len, p, n);
	c->len += n;
	return 0;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	/* xorshift64*: reproducible, good enough for piece sizes and data */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* How a buffer is cut into feed/write calls. */
enum piecing { WHOLE, BYTEWISE, RANDOM_SMALL, RANDOM_LARGE };

static size_t next_piece(enum piecing how, size_t left)
{
	size_t n = left;

	switch (how) {
	case WHOLE:
		break;
	case BYTEWISE:
		n = 1;
		break;
	case RANDOM_SMALL:
		n = 1 + (size_t)(rng() % 97);
		break;
	case RANDOM_LARGE:
		n = 1 + (size_t)(rng() % 200000);
		break;
	}
	return n < left ? n : left;
}

/* Encode in with a fresh or given encoder; returns 0 or -1. */
static int encode_with(struct pgs_encoder *e, const unsigned char *in, size_t n,
		       enum piecing how, struct collect *out,
		       struct pgs_error *err)
{
	size_t off = 0;

	if (pgs_encoder_reset(e, err))
		return -1;
	while (off < n) {
		size_t piece = next_piece(how, n - off);

		if (pgs_encoder_write(e, in + off, piece, collect_sink, out, err))
			return -1;
		off += piece;
	}
	return pgs_encoder_finish(e, collect_sink, out, err);
}

static int encode(enum pgs_compression alg, int level, const unsigned char *in,
		  size_t n, enum piecing how, struct collect *out)
{
	struct pgs_encoder *e;
	struct pgs_error err;
	int rc;

	pgs_error_init(&err);
	if (pgs_encoder_new(&e, alg, level, &err)) {
		fprintf(stderr, "encoder_new: %s\n", err.msg);
		return -1;
	}
	rc = encode_with(e, in, n, how, out, &err);
	if (rc)
		fprintf(stderr, "encode %s:%d: %s\n", pgs_compression_name(alg),
			level, err.msg);
	pgs_encoder_free(e);
	return rc;
}

/* Reset d, feed in as pieces, finish; returns 0 or -1 with err set. */
static int decode_with(struct pgs_decoder *d, const unsigned char *in, size_t n,
		       enum piecing how, struct collect *out,
		       struct pgs_error *err)
{
	size_t off = 0;

	if (pgs_decoder_reset(d, err))
		return -1;
	while (off < n) {
		size_t piece = next_piece(how, n - off);

		if (pgs_decoder_feed(d, in + off, piece, collect_sink, out, err))
			return -1;
		off += piece;
	}
	return pgs_decoder_finish(d, err);
}

static int decode(enum pgs_compression alg, const unsigned char *in, size_t n,
		  enum piecing how, struct collect *out, struct pgs_error *err)
{
	struct pgs_decoder *d;
	int rc;

	if (pgs_decoder_new(&d, alg, err))
		return -1;
	rc = decode_with(d, in, n, how, out, err);
	pgs_decoder_free(d);
	return rc;
}

/* COPY-like text: compressible but not trivially so. */
static unsigned char *make_text(size_t n)
{
	static const char *const names[] = {
		"alice", "bob", "carol", "dave", "eve", "mallory", "trent"
	};
	unsigned char *p = malloc(n ? n : 1);
	size_t off = 0;
	unsigned row = 1;

	while (p && off < n) {
		char line[128];
		/* one rng() per statement: argument order is unspecified */
		const char *name = names[rng() % NELEM(names)];
		unsigned id = (unsigned)(rng() % 1000);
		unsigned month = (unsigned)(rng() % 12 + 1);
		unsigned day = (unsigned)(rng() % 28 + 1);
		unsigned amount = (unsigned)(rng() % 100000);
		int len = snprintf(line, sizeof(line),
				   "%u\t%s\t%s%u@example.com\t2024-%02u-%02u\t%u\n",
				   row, name, name, id, month, day, amount);
		size_t take = (size_t)len < n - off ? (size_t)len : n - off;

		memcpy(p + off, line, take);
		off += take;
		row++;
	}
	return p;
}

static unsigned char *make_random(size_t n)
{
	unsigned char *p = malloc(n ? n : 1);

	for (size_t i = 0; p && i < n; i++)
		p[i] = (unsigned char)(rng() >> 56);
	return p;
}

static unsigned char *make_repeated(size_t n)
{
	static const char pattern[] = "42\tsame row again\t\\N\n";
	unsigned char *p = malloc(n ? n : 1);

	for (size_t i = 0; p && i < n; i++)
		p[i] = (unsigned char)pattern[i % (sizeof(pattern) - 1)];
	return p;
}

/* ---- names, versions, parsing ----------------------------------------- */

static void test_names(void)
{
	char want[64];

	CHECK_STR(pgs_compression_name(PGS_COMPRESS_NONE), "none");
	CHECK_STR(pgs_compression_name(PGS_COMPRESS_GZIP), "gzip");
	CHECK_STR(pgs_compression_name(PGS_COMPRESS_LZ4), "lz4");
	CHECK_STR(pgs_compression_name(PGS_COMPRESS_ZSTD), "zstd");

	snprintf(want, sizeof(want), "zlib %s, lz4 ", zlibVersion());
	CHECK(strncmp(pgs_compression_versions(), want, strlen(want)) == 0);
	CHECK(strstr(pgs_compression_versions(), ", zstd 1.") != NULL);
	CHECK(pgs_compression_versions() == pgs_compression_versions());
}

static void test_parse(void)
{
	static const struct {
		const char *spec;
		int ok;
		enum pgs_compression alg;
		int level;
		const char *msg;  /* exact message when not NULL */
	} cases[] = {
		{ "none", 1, PGS_COMPRESS_NONE, PGS_COMPRESS_DEFAULT_LEVEL, NULL },
		{ "gzip", 1, PGS_COMPRESS_GZIP, PGS_COMPRESS_DEFAULT_LEVEL, NULL },
		{ "lz4", 1, PGS_COMPRESS_LZ4, PGS_COMPRESS_DEFAULT_LEVEL, NULL },
		{ "zstd", 1, PGS_COMPRESS_ZSTD, PGS_COMPRESS_DEFAULT_LEVEL, NULL },
		{ "gzip:0", 1, PGS_COMPRESS_GZIP, 0, NULL },
		{ "gzip:6", 1, PGS_COMPRESS_GZIP, 6, NULL },
		{ "gzip:9", 1, PGS_COMPRESS_GZIP, 9, NULL },
		{ "lz4:0", 1, PGS_COMPRESS_LZ4, 0, NULL },
		{ "lz4:12", 1, PGS_COMPRESS_LZ4, 12, NULL },
		{ "zstd:1", 1, PGS_COMPRESS_ZSTD, 1, NULL },
		{ "zstd:22", 1, PGS_COMPRESS_ZSTD, 22, NULL },
		{ "zstd:007", 1, PGS_COMPRESS_ZSTD, 7, NULL },
		{ "lz5", 0, 0, 0,
		  "unknown compression method 'lz5' (expected none, gzip, lz4 or zstd)" },
		{ "lz5:3", 0, 0, 0,
		  "unknown compression method 'lz5' (expected none, gzip, lz4 or zstd)" },
		{ "", 0, 0, 0,
		  "unknown compression method '' (expected none, gzip, lz4 or zstd)" },
		{ ":3", 0, 0, 0, NULL },
		{ "GZIP", 0, 0, 0, NULL },
		{ "gzip ", 0, 0, 0, NULL },
		{ "zstd:30", 0, 0, 0,
		  "compression level 30 is out of range for zstd (1-22)" },
		{ "zstd:0", 0, 0, 0,
		  "compression level 0 is out of range for zstd (1-22)" },
		{ "gzip:10", 0, 0, 0,
		  "compression level 10 is out of range for gzip (0-9)" },
		{ "lz4:13", 0, 0, 0,
		  "compression level 13 is out of range for lz4 (0-12)" },
		{ "lz4:-1", 0, 0, 0,
		  "compression level -1 is out of range for lz4 (0-12)" },
		{ "zstd:99999999999999999999", 0, 0, 0,
		  "compression level 99999999999999999999 is out of range for zstd (1-22)" },
		{ "gzip:", 0, 0, 0, NULL },
		{ "gzip:-", 0, 0, 0, NULL },
		{ "gzip:x", 0, 0, 0, NULL },
		{ "gzip:5x", 0, 0, 0, NULL },
		{ "gzip: 5", 0, 0, 0, NULL },
		{ "gzip:+5", 0, 0, 0, NULL },
		{ "gzip:6:1", 0, 0, 0, NULL },
		{ "none:0", 0, 0, 0, NULL },
		{ "5", 0, 0, 0, NULL },
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		struct pgs_error err;
		enum pgs_compression alg = PGS_COMPRESS_NONE;
		int level = 12345;
		int rc;

		pgs_error_init(&err);
		rc = pgs_compression_parse(&alg, &level, cases[i].spec, &err);
		if (cases[i].ok) {
			CHECK(rc == 0);
			CHECK(alg == cases[i].alg);
			CHECK(level == cases[i].level);
			if (rc)
				fprintf(stderr, "  spec '%s': %s\n", cases[i].spec,
					err.msg);
		} else {
			CHECK(rc == -1);
			CHECK(err.code == PGS_EUSAGE);
			CHECK(err.msg[0] != '\0');
			if (cases[i].msg)
				CHECK_STR(err.msg, cases[i].msg);
			if (rc == 0)
				fprintf(stderr, "  spec '%s' accepted\n",
					cases[i].spec);
		}
	}
}

static void test_new_errors(void)
{
	struct pgs_decoder *d = (struct pgs_decoder *)&d;
	struct pgs_encoder *e = (struct pgs_encoder *)&e;
	struct pgs_error err;

	pgs_error_init(&err);
	CHECK(pgs_decoder_new(&d, (enum pgs_compression)7, &err) == -1);
	CHECK(d == NULL);
	CHECK(err.code == PGS_EINPUT);
	CHECK(pgs_encoder_new(&e, (enum pgs_compression)7, -1, &err) == -1);
	CHECK(e == NULL);
	CHECK(pgs_encoder_new(&e, PGS_COMPRESS_ZSTD, 0, &err) == -1);
	CHECK(err.code == PGS_EUSAGE);
	CHECK(pgs_encoder_new(&e, PGS_COMPRESS_GZIP, 10, &err) == -1);
	CHECK(pgs_encoder_new(&e, PGS_COMPRESS_LZ4, 13, &err) == -1);
	pgs_decoder_free(NULL);
	pgs_encoder_free(NULL);
}

/* ---- round trips ------------------------------------------------------ */

static void check_magic(enum pgs_compression alg, const struct collect *c)
{
	static const unsigned char lz4[] = { 0x04, 0x22, 0x4d, 0x18 };
	static const unsigned char zstd[] = { 0x28, 0xb5, 0x2f, 0xfd };

	switch (alg) {
	case PGS_COMPRESS_NONE:
		break;
	case PGS_COMPRESS_GZIP:
		/* CMF 0x78: deflate, 32 KiB window; FCHECK makes it % 31 */
		CHECK(c->len >= 6 && c->data[0] == 0x78);
		CHECK(c->len >= 2 && (c->data[0] * 256 + c->data[1]) % 31 == 0);
		break;
	case PGS_COMPRESS_LZ4:
		CHECK(c->len >= 11 && memcmp(c->data, lz4, 4) == 0);
		/* pg_dump's default prefs: FLG 0x40 (linked blocks, no checksums,
		 * no content size), BD 0x40 (64 KiB blocks) */
		CHECK(c->len >= 6 && c->data[4] == 0x40 && c->data[5] == 0x40);
		break;
	case PGS_COMPRESS_ZSTD:
		CHECK(c->len >= 9 && memcmp(c->data, zstd, 4) == 0);
		break;
	}
}

static void test_round_trips(void)
{
	static const struct {
		enum pgs_compression alg;
		int level;
	} codecs[] = {
		{ PGS_COMPRESS_NONE, PGS_COMPRESS_DEFAULT_LEVEL },
		{ PGS_COMPRESS_GZIP, PGS_COMPRESS_DEFAULT_LEVEL },
		{ PGS_COMPRESS_GZIP, 0 },
		{ PGS_COMPRESS_GZIP, 1 },
		{ PGS_COMPRESS_GZIP, 9 },
		{ PGS_COMPRESS_LZ4, PGS_COMPRESS_DEFAULT_LEVEL },
		{ PGS_COMPRESS_LZ4, 1 },
		{ PGS_COMPRESS_LZ4, 9 },
		{ PGS_COMPRESS_LZ4, 12 },
		{ PGS_COMPRESS_ZSTD, PGS_COMPRESS_DEFAULT_LEVEL },
		{ PGS_COMPRESS_ZSTD, 1 },
		{ PGS_COMPRESS_ZSTD, 10 },
		{ PGS_COMPRESS_ZSTD, 19 },
	};
	const size_t mib = 1024 * 1024;
	struct {
		const char *name;
		unsigned char *data;
		size_t len;
	} inputs[] = {
		{ "empty", NULL, 0 },
		{ "small", NULL, 0 },
		{ "text 1 MiB", NULL, 0 },
		{ "random 1 MiB", NULL, 0 },
		{ "repeated 1 MiB", NULL, 0 },
	};

	inputs[0].data = malloc(1);
	inputs[1].data = (unsigned char *)strdup("1\talice\t\\N\n2\tbob\tx\n\\.\n\n\n");
	inputs[1].len = strlen((char *)inputs[1].data);
	inputs[2].data = make_text(mib);
	inputs[2].len = mib;
	inputs[3].data = make_random(mib + 13);
	inputs[3].len = mib + 13;
	inputs[4].data = make_repeated(mib);
	inputs[4].len = mib;

	for (size_t c = 0; c < NELEM(codecs); c++) {
		for (size_t i = 0; i < NELEM(inputs); i++) {
			static const enum piecing feeds[] = {
				WHOLE, BYTEWISE, RANDOM_SMALL, RANDOM_LARGE
			};
			enum pgs_compression alg = codecs[c].alg;
			struct collect enc;
			int big = inputs[i].len > 4096;
			int rc;

			collect_init(&enc);
			rc = encode(alg, codecs[c].level, inputs[i].data,
				    inputs[i].len, big ? RANDOM_LARGE : RANDOM_SMALL,
				    &enc);
			CHECK(rc == 0);
			if (rc)
				continue;
			CHECK(enc.zero_calls == 0);
			/* none hands writes on as they are; the others buffer */
			if (alg != PGS_COMPRESS_NONE)
				CHECK(enc.max_piece <= CHUNK_MAX);
			check_magic(alg, &enc);
			if (alg == PGS_COMPRESS_NONE)
				CHECK_EQ_MEM(enc.data, enc.len, inputs[i].data,
					     inputs[i].len);
			else
				CHECK(enc.len > 0);
			if (alg != PGS_COMPRESS_NONE && codecs[c].level != 0 &&
			    i == 4)
				CHECK(enc.len < inputs[i].len / 20);

			for (size_t f = 0; f < NELEM(feeds); f++) {
				struct collect dec;
				struct pgs_error err;

				/* 1-byte feeds of a 1 MiB random stream take long
				 * and prove nothing the compressible ones do not */
				if (feeds[f] == BYTEWISE && i == 3)
					continue;
				collect_init(&dec);
				pgs_error_init(&err);
				rc = decode(alg, enc.data, enc.len, feeds[f], &dec,
					    &err);
				CHECK(rc == 0);
				if (rc)
					fprintf(stderr, "  %s:%d %s feed %zu: %s\n",
						pgs_compression_name(alg),
						codecs[c].level, inputs[i].name,
						f, err.msg);
				CHECK_EQ_MEM(dec.data, dec.len, inputs[i].data,
					     inputs[i].len);
				CHECK(dec.zero_calls == 0);
				CHECK(dec.max_piece <= CHUNK_MAX);
				collect_release(&dec);
			}
			collect_release(&enc);
		}
	}

	/* gzip: what zlib itself makes of our stream (RFC 1950 both ways) */
	{
		struct collect enc;
		unsigned char *back = malloc(mib);
		uLongf backlen = (uLongf)mib;

		collect_init(&enc);
		CHECK(encode(PGS_COMPRESS_GZIP, 6, inputs[2].data, mib,
			     RANDOM_LARGE, &enc) == 0);
		CHECK(uncompress(back, &backlen, enc.data, (uLong)enc.len) == Z_OK);
		CHECK_EQ_MEM(back, (size_t)backlen, inputs[2].data, mib);
		collect_release(&enc);
		free(back);
	}

	for (size_t i = 0; i < NELEM(inputs); i++)
		free(inputs[i].data);
}

/* Encoded empty streams are small, valid and decode to nothing. */
static void test_empty_streams(void)
{
	for (size_t a = 0; a < NELEM(all_algs); a++) {
		struct collect enc, dec;
		struct pgs_error err;

		collect_init(&enc);
		collect_init(&dec);
		pgs_error_init(&err);
		CHECK(encode(all_algs[a], PGS_COMPRESS_DEFAULT_LEVEL, NULL, 0,
			     WHOLE, &enc) == 0);
		if (all_algs[a] == PGS_COMPRESS_NONE) {
			CHECK(enc.len == 0 && enc.calls == 0);
		} else {
			CHECK(enc.len > 0 && enc.len < 32);
			CHECK(enc.calls == 1);
		}
		CHECK(decode(all_algs[a], enc.data, enc.len, BYTEWISE, &dec,
			     &err) == 0);
		CHECK(dec.len == 0 && dec.calls == 0);
		collect_release(&enc);
		collect_release(&dec);
	}
}

/* ---- streams from other tools ----------------------------------------- */

/* python3: zlib.compress(b'\\.\n\n\n') — pg_dump's empty table, 13 bytes */
static const unsigned char py_empty_table[] = {
	0x78, 0x9c, 0x8b, 0xd1, 0xe3, 0xe2, 0xe2, 0x02, 0x00, 0x02, 0xc5,
	0x00, 0xa9
};

/* python3: zlib.compress(py_rows_text, 9) */
static const char py_rows_text[] =
	"1\tAlice\talice@example.com\n2\tBob\tbob@example.com\n3\t\\N\t\\N\n"
	"\\.\n\n\n";
static const unsigned char py_rows[] = {
	0x78, 0xda, 0x33, 0xe4, 0x74, 0xcc, 0xc9, 0x4c, 0x4e, 0xe5, 0x4c,
	0x04, 0x91, 0x0e, 0xa9, 0x15, 0x89, 0xb9, 0x05, 0x39, 0xa9, 0x7a,
	0xc9, 0xf9, 0xb9, 0x5c, 0x46, 0x9c, 0x4e, 0xf9, 0x49, 0x9c, 0x49,
	0xf9, 0x49, 0x28, 0xa2, 0xc6, 0x9c, 0x31, 0x7e, 0x40, 0xc4, 0x15,
	0xa3, 0xc7, 0xc5, 0xc5, 0x05, 0x00, 0x62, 0x10, 0x12, 0x3b
};

/* python3: gzip.compress(b'hello\n', mtime=0) — a gzip *file*, not zlib */
static const unsigned char py_gzip_file[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb,
	0x48, 0xcd, 0xc9, 0xc9, 0xe7, 0x02, 0x00, 0x20, 0x30, 0x3a, 0x36,
	0x06, 0x00, 0x00, 0x00
};

/* printf 'hello from the lz4 cli\n' | lz4 -c  (independent blocks,
 * content checksum: not pg_dump's preferences, but one valid frame) */
static const unsigned char cli_lz4[] = {
	0x04, 0x22, 0x4d, 0x18, 0x64, 0x40, 0xa7, 0x17, 0x00, 0x00, 0x80,
	0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x66, 0x72, 0x6f, 0x6d, 0x20,
	0x74, 0x68, 0x65, 0x20, 0x6c, 0x7a, 0x34, 0x20, 0x63, 0x6c, 0x69,
	0x0a, 0x00, 0x00, 0x00, 0x00, 0xfb, 0x46, 0xb9, 0x7a
};

/* printf 'hello from the zstd cli\n' | zstd -c --check */
static const unsigned char cli_zstd[] = {
	0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0xc1, 0x00, 0x00, 0x68, 0x65,
	0x6c, 0x6c, 0x6f, 0x20, 0x66, 0x72, 0x6f, 0x6d, 0x20, 0x74, 0x68,
	0x65, 0x20, 0x7a, 0x73, 0x74, 0x64, 0x20, 0x63, 0x6c, 0x69, 0x0a,
	0x6b, 0x6e, 0x18, 0x69
};

static const unsigned char zlib_fdict[] = {
	0x78, 0x20, 0x00, 0x00, 0x00, 0x01, 0x03, 0x00
};

static void test_foreign_streams(void)
{
	static const struct {
		const char *name;
		enum pgs_compression alg;
		const unsigned char *in;
		size_t inlen;
		const char *out;        /* NULL: must fail */
		const char *msg;        /* expected message on failure */
	} cases[] = {
		{ "python empty table", PGS_COMPRESS_GZIP, py_empty_table,
		  sizeof(py_empty_table), "\\.\n\n\n", NULL },
		{ "python rows", PGS_COMPRESS_GZIP, py_rows, sizeof(py_rows),
		  py_rows_text, NULL },
		{ "gzip file", PGS_COMPRESS_GZIP, py_gzip_file,
		  sizeof(py_gzip_file), NULL,
		  "compressed data is damaged: incorrect header check" },
		{ "lz4 cli", PGS_COMPRESS_LZ4, cli_lz4, sizeof(cli_lz4),
		  "hello from the lz4 cli\n", NULL },
		{ "zstd cli", PGS_COMPRESS_ZSTD, cli_zstd, sizeof(cli_zstd),
		  "hello from the zstd cli\n", NULL },
		/* the wrong decoder for each */
		{ "zlib as zstd", PGS_COMPRESS_ZSTD, py_rows, sizeof(py_rows),
		  NULL, "compressed data is not a zstd frame (bad magic number)" },
		{ "zstd as lz4", PGS_COMPRESS_LZ4, cli_zstd, sizeof(cli_zstd),
		  NULL, "compressed data is not an lz4 frame (bad magic number)" },
		{ "lz4 as gzip", PGS_COMPRESS_GZIP, cli_lz4, sizeof(cli_lz4),
		  NULL, NULL },
		/* FDICT set (FLG 0x20), dictionary id 1 */
		{ "zlib with dictionary", PGS_COMPRESS_GZIP, zlib_fdict,
		  sizeof(zlib_fdict), NULL,
		  "compressed data needs a zlib preset dictionary (pg_dump never writes one)" },
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		static const enum piecing feeds[] = { WHOLE, BYTEWISE, RANDOM_SMALL };

		for (size_t f = 0; f < NELEM(feeds); f++) {
			struct collect dec;
			struct pgs_error err;
			int rc;

			collect_init(&dec);
			pgs_error_init(&err);
			rc = decode(cases[i].alg, cases[i].in, cases[i].inlen,
				    feeds[f], &dec, &err);
			if (cases[i].out) {
				CHECK(rc == 0);
				if (rc)
					fprintf(stderr, "  %s: %s\n",
						cases[i].name, err.msg);
				CHECK_EQ_MEM(dec.data, dec.len, cases[i].out,
					     strlen(cases[i].out));
			} else {
				CHECK(rc == -1);
				CHECK(err.code == PGS_EINPUT);
				if (cases[i].msg)
					CHECK_STR(err.msg, cases[i].msg);
			}
			collect_release(&dec);
		}
	}

	/* the checksums in the CLI frames are verified */
	{
		unsigned char bad[sizeof(cli_zstd)];
		struct collect dec;
		struct pgs_error err;

		memcpy(bad, cli_zstd, sizeof(bad));
		bad[sizeof(bad) - 1] ^= 1;
		collect_init(&dec);
		pgs_error_init(&err);
		CHECK(decode(PGS_COMPRESS_ZSTD, bad, sizeof(bad), WHOLE, &dec,
			     &err) == -1);
		CHECK(strncmp(err.msg, "compressed data is damaged: ", 28) == 0);
		collect_release(&dec);
	}
	{
		unsigned char bad[sizeof(cli_lz4)];
		struct collect dec;
		struct pgs_error err;

		memcpy(bad, cli_lz4, sizeof(bad));
		bad[sizeof(bad) - 1] ^= 1;
		collect_init(&dec);
		pgs_error_init(&err);
		CHECK(decode(PGS_COMPRESS_LZ4, bad, sizeof(bad), WHOLE, &dec,
			     &err) == -1);
		CHECK(strncmp(err.msg, "compressed data is damaged: ", 28) == 0);
		collect_release(&dec);
	}
}

/* ---- strictness ------------------------------------------------------- */

static const char small_text[] =
	"1\talice\talice@example.com\n2\tbob\tbob@example.com\n"
	"3\tcarol\tcarol@example.com\n4\tdave\t\\N\n"
	"1\talice\talice@example.com\n2\tbob\tbob@example.com\n\\.\n\n\n";

static void test_truncation(void)
{
	for (size_t a = 0; a < NELEM(packed_algs); a++) {
		enum pgs_compression alg = packed_algs[a];
		struct pgs_decoder *d;
		struct collect enc;
		struct pgs_error err;

		collect_init(&enc);
		pgs_error_init(&err);
		CHECK(encode(alg, PGS_COMPRESS_DEFAULT_LEVEL,
			     (const unsigned char *)small_text,
			     strlen(small_text), WHOLE, &enc) == 0);
		CHECK(pgs_decoder_new(&d, alg, &err) == 0);
		for (size_t cut = 0; cut < enc.len; cut++) {
			for (int bytewise = 0; bytewise < 2; bytewise++) {
				struct collect dec;
				int rc;

				collect_init(&dec);
				pgs_error_init(&err);
				rc = decode_with(d, enc.data, cut,
						 bytewise ? BYTEWISE : WHOLE,
						 &dec, &err);
				CHECK(rc == -1);
				CHECK(err.code == PGS_EINPUT);
				if (rc == 0)
					fprintf(stderr, "  %s cut at %zu/%zu accepted\n",
						pgs_compression_name(alg), cut,
						enc.len);
				CHECK(dec.len <= strlen(small_text));
				collect_release(&dec);
			}
		}
		/* and the decoder still works after all those failures */
		{
			struct collect dec;

			collect_init(&dec);
			CHECK(decode_with(d, enc.data, enc.len, WHOLE, &dec,
					  &err) == 0);
			CHECK_EQ_MEM(dec.data, dec.len, small_text,
				     strlen(small_text));
			collect_release(&dec);
		}
		/* cut exactly before the end: the message names truncation */
		{
			struct collect dec;

			collect_init(&dec);
			CHECK(decode_with(d, enc.data, enc.len - 1, WHOLE, &dec,
					  &err) == -1);
			CHECK_STR(err.msg, "compressed data ends early");
			collect_release(&dec);
		}
		/* empty input is a truncated stream for the compressors */
		{
			struct collect dec;

			collect_init(&dec);
			CHECK(pgs_decoder_reset(d, &err) == 0);
			CHECK(pgs_decoder_feed(d, "", 0, collect_sink, &dec,
					       &err) == 0);
			CHECK(pgs_decoder_finish(d, &err) == -1);
			CHECK_STR(err.msg, "compressed data ends early");
			CHECK(dec.calls == 0);
			collect_release(&dec);
		}
		pgs_decoder_free(d);
		collect_release(&enc);
	}

	/* ...and an empty stream for none */
	{
		struct collect dec;
		struct pgs_error err;

		collect_init(&dec);
		pgs_error_init(&err);
		CHECK(decode(PGS_COMPRESS_NONE, NULL, 0, WHOLE, &dec, &err) == 0);
		CHECK(dec.calls == 0);
		collect_release(&dec);
	}
}

static void test_trailing(void)
{
	static const char *const junk[] = { "x", "\0", "\x78\x9c" };

	for (size_t a = 0; a < NELEM(packed_algs); a++) {
		enum pgs_compression alg = packed_algs[a];
		struct collect enc, enc2;
		struct pgs_decoder *d;
		struct pgs_error err;
		unsigned char *buf;

		collect_init(&enc);
		collect_init(&enc2);
		pgs_error_init(&err);
		CHECK(encode(alg, PGS_COMPRESS_DEFAULT_LEVEL,
			     (const unsigned char *)small_text,
			     strlen(small_text), WHOLE, &enc) == 0);
		CHECK(encode(alg, PGS_COMPRESS_DEFAULT_LEVEL, NULL, 0, WHOLE,
			     &enc2) == 0);
		CHECK(pgs_decoder_new(&d, alg, &err) == 0);
		buf = malloc(enc.len + enc2.len + 2);

		for (size_t j = 0; j < NELEM(junk); j++) {
			size_t jl = j == 1 ? 1 : strlen(junk[j]);

			/* junk in the same feed as the end of the stream */
			for (int bytewise = 0; bytewise < 2; bytewise++) {
				struct collect dec;

				memcpy(buf, enc.data, enc.len);
				memcpy(buf + enc.len, junk[j], jl);
				collect_init(&dec);
				CHECK(decode_with(d, buf, enc.len + jl,
						  bytewise ? BYTEWISE : WHOLE,
						  &dec, &err) == -1);
				CHECK_STR(err.msg,
					  "data after the end of the compressed stream");
				CHECK(err.code == PGS_EINPUT);
				collect_release(&dec);
			}
			/* junk in a later feed */
			{
				struct collect dec;

				collect_init(&dec);
				CHECK(pgs_decoder_reset(d, &err) == 0);
				CHECK(pgs_decoder_feed(d, enc.data, enc.len,
						       collect_sink, &dec,
						       &err) == 0);
				CHECK(pgs_decoder_feed(d, "", 0, collect_sink,
						       &dec, &err) == 0);
				CHECK(pgs_decoder_feed(d, junk[j], jl,
						       collect_sink, &dec,
						       &err) == -1);
				CHECK_STR(err.msg,
					  "data after the end of the compressed stream");
				/* the stream stays failed until reset */
				CHECK(pgs_decoder_finish(d, &err) == -1);
				collect_release(&dec);
			}
		}
		/* a second, complete stream is trailing data too */
		{
			struct collect dec;

			memcpy(buf, enc.data, enc.len);
			memcpy(buf + enc.len, enc2.data, enc2.len);
			collect_init(&dec);
			CHECK(decode_with(d, buf, enc.len + enc2.len,
					  RANDOM_SMALL, &dec, &err) == -1);
			CHECK_STR(err.msg,
				  "data after the end of the compressed stream");
			collect_release(&dec);
		}
		/* lz4/zstd skippable frames are not a stream */
		if (alg != PGS_COMPRESS_GZIP) {
			static const unsigned char skippable[] = {
				0x50, 0x2a, 0x4d, 0x18, 0x02, 0x00, 0x00, 0x00,
				0xaa, 0xbb
			};
			struct collect dec;

			collect_init(&dec);
			CHECK(decode_with(d, skippable, sizeof(skippable), WHOLE,
					  &dec, &err) == -1);
			CHECK(err.code == PGS_EINPUT);
			collect_release(&dec);
		}
		free(buf);
		pgs_decoder_free(d);
		collect_release(&enc);
		collect_release(&enc2);
	}
}

static void test_damage(void)
{
	for (size_t a = 0; a < NELEM(packed_algs); a++) {
		enum pgs_compression alg = packed_algs[a];
		size_t n = 20000;
		unsigned char *text = make_text(n);
		struct collect enc;
		struct pgs_decoder *d;
		struct pgs_error err;
		size_t errors = 0, runs = 0;

		collect_init(&enc);
		pgs_error_init(&err);
		CHECK(encode(alg, PGS_COMPRESS_DEFAULT_LEVEL, text, n, WHOLE,
			     &enc) == 0);
		CHECK(pgs_decoder_new(&d, alg, &err) == 0);

		/* the middle byte flipped: an error or different output */
		{
			struct collect dec;
			int rc;

			enc.data[enc.len / 2] ^= 0xff;
			collect_init(&dec);
			rc = decode_with(d, enc.data, enc.len, RANDOM_SMALL, &dec,
					 &err);
			CHECK(rc == -1 || dec.len != n ||
			      memcmp(dec.data, text, n) != 0);
			if (rc == -1)
				CHECK(err.code == PGS_EINPUT);
			enc.data[enc.len / 2] ^= 0xff;
			collect_release(&dec);
		}
		/* every byte, two bit patterns: never a crash (ASan/UBSan) */
		for (size_t pos = 0; pos < enc.len; pos += 1 + pos / 64) {
			static const unsigned char flips[] = { 0x01, 0x80 };

			for (size_t f = 0; f < NELEM(flips); f++) {
				struct collect dec;

				enc.data[pos] ^= flips[f];
				collect_init(&dec);
				if (decode_with(d, enc.data, enc.len, WHOLE, &dec,
						&err) == -1) {
					CHECK(err.code == PGS_EINPUT);
					errors++;
				}
				runs++;
				CHECK(dec.zero_calls == 0);
				enc.data[pos] ^= flips[f];
				collect_release(&dec);
			}
		}
		/* zlib has an Adler-32 trailer: nearly every flip is caught */
		if (alg == PGS_COMPRESS_GZIP)
			CHECK(errors * 10 >= runs * 9);
		CHECK(errors > 0);
		pgs_decoder_free(d);
		collect_release(&enc);
		free(text);
	}
}

/*
 * A zstd frame whose header declares 10 bytes of content but whose only
 * block is an empty raw last block (found by fuzz_decompress).  libzstd
 * rejects it when the frame comes in one call but accepted it byte by byte:
 * it is damage, however it is pieced.
 */
static void test_zstd_content_size(void)
{
	static const unsigned char frame[] = {
		0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x0a, 0x01, 0x00, 0x00
	};
	static const enum piecing hows[] = {
		WHOLE, BYTEWISE, RANDOM_SMALL, RANDOM_LARGE
	};
	struct pgs_decoder *d;
	struct pgs_error err;

	pgs_error_init(&err);
	CHECK(pgs_decoder_new(&d, PGS_COMPRESS_ZSTD, &err) == 0);
	for (size_t h = 0; h < NELEM(hows); h++) {
		struct collect dec;

		collect_init(&dec);
		CHECK(decode_with(d, frame, sizeof(frame), hows[h], &dec,
				  &err) == -1);
		CHECK(err.code == PGS_EINPUT);
		CHECK(dec.len == 0);
		collect_release(&dec);
	}
	pgs_decoder_free(d);
}

/* ---- reuse, sinks ----------------------------------------------------- */

static void test_reuse(void)
{
	for (size_t a = 0; a < NELEM(all_algs); a++) {
		enum pgs_compression alg = all_algs[a];
		struct pgs_encoder *e;
		struct pgs_decoder *d;
		struct pgs_error err;
		struct collect fresh, reused;
		size_t lens[] = { 0, 300000, 5, 0, 70000 };

		pgs_error_init(&err);
		CHECK(pgs_encoder_new(&e, alg, PGS_COMPRESS_DEFAULT_LEVEL, &err) == 0);
		CHECK(pgs_decoder_new(&d, alg, &err) == 0);
		for (size_t i = 0; i < NELEM(lens); i++) {
			unsigned char *text = make_text(lens[i]);
			struct collect enc, dec;

			collect_init(&enc);
			collect_init(&dec);
			/* an abandoned stream first: reset must forget it */
			CHECK(pgs_encoder_reset(e, &err) == 0);
			CHECK(pgs_encoder_write(e, "abandoned", 9, collect_sink,
						&enc, &err) == 0);
			collect_release(&enc);
			CHECK(encode_with(e, text, lens[i], RANDOM_LARGE, &enc,
					  &err) == 0);
			CHECK(decode_with(d, enc.data, enc.len, RANDOM_LARGE, &dec,
					  &err) == 0);
			CHECK_EQ_MEM(dec.data, dec.len, text, lens[i]);
			collect_release(&enc);
			collect_release(&dec);
			free(text);
		}
		/* a decoder reset after damage decodes the next stream */
		if (alg != PGS_COMPRESS_NONE) {
			struct collect dec, enc;

			collect_init(&dec);
			collect_init(&enc);
			CHECK(decode_with(d, (const unsigned char *)"garbage!", 8,
					  WHOLE, &dec, &err) == -1);
			CHECK(pgs_decoder_feed(d, "x", 1, collect_sink, &dec,
					       &err) == -1);
			collect_release(&dec);
			CHECK(encode_with(e, (const unsigned char *)small_text,
					  strlen(small_text), WHOLE, &enc,
					  &err) == 0);
			CHECK(decode_with(d, enc.data, enc.len, BYTEWISE, &dec,
					  &err) == 0);
			CHECK_EQ_MEM(dec.data, dec.len, small_text,
				     strlen(small_text));
			collect_release(&dec);
			collect_release(&enc);
		}
		/* a reused encoder writes the same bytes as a fresh one */
		collect_init(&fresh);
		collect_init(&reused);
		CHECK(encode(alg, PGS_COMPRESS_DEFAULT_LEVEL,
			     (const unsigned char *)small_text,
			     strlen(small_text), WHOLE, &fresh) == 0);
		CHECK(encode_with(e, (const unsigned char *)small_text,
				  strlen(small_text), WHOLE, &reused, &err) == 0);
		CHECK_EQ_MEM(reused.data, reused.len, fresh.data, fresh.len);
		collect_release(&fresh);
		collect_release(&reused);
		pgs_encoder_free(e);
		pgs_decoder_free(d);
	}
}

static void test_sink_errors(void)
{
	size_t n = 300000;
	unsigned char *text = make_text(n);

	for (size_t a = 0; a < NELEM(all_algs); a++) {
		enum pgs_compression alg = all_algs[a];
		struct collect enc, dec;
		struct pgs_error err;
		struct pgs_encoder *e;
		struct pgs_decoder *d;
		int rc = 0;

		collect_init(&enc);
		pgs_error_init(&err);
		CHECK(encode(alg, 1, text, n, WHOLE, &enc) == 0);

		/* decoder: the sink's error comes back unchanged */
		CHECK(pgs_decoder_new(&d, alg, &err) == 0);
		collect_init(&dec);
		dec.fail_at_call = 2;
		CHECK(decode_with(d, enc.data, enc.len, WHOLE, &dec, &err) == -1);
		CHECK(err.code == PGS_EIO);
		CHECK_STR(err.msg, "sink failed on purpose");
		CHECK(dec.calls == 2);
		collect_release(&dec);
		pgs_decoder_free(d);

		/* encoder likewise */
		CHECK(pgs_encoder_new(&e, alg, PGS_COMPRESS_DEFAULT_LEVEL, &err) == 0);
		collect_init(&dec);
		dec.fail_at_call = 1;
		pgs_error_init(&err);
		if (pgs_encoder_write(e, text, n, collect_sink, &dec, &err) == 0)
			rc = pgs_encoder_finish(e, collect_sink, &dec, &err);
		else
			rc = -1;
		CHECK(rc == -1);
		CHECK(err.code == PGS_EIO);
		CHECK_STR(err.msg, "sink failed on purpose");
		collect_release(&dec);
		pgs_encoder_free(e);
		collect_release(&enc);
	}
	free(text);
}

/*
 * The input ends just as inflate fills its output buffer: the next inflate
 * call can make no progress (Z_BUF_ERROR), which means "feed me more", not
 * an error and not a reason to spin.
 */
static void test_gzip_no_progress(void)
{
	size_t n = CHUNK_MAX;
	unsigned char *text = make_repeated(n);
	struct collect enc, dec;
	struct pgs_decoder *d;
	struct pgs_error err;

	collect_init(&enc);
	collect_init(&dec);
	pgs_error_init(&err);
	CHECK(encode(PGS_COMPRESS_GZIP, 9, text, n, WHOLE, &enc) == 0);
	CHECK(pgs_decoder_new(&d, PGS_COMPRESS_GZIP, &err) == 0);
	CHECK(pgs_decoder_reset(d, &err) == 0);
	/* all but the Adler-32 trailer: the whole output, no stream end */
	CHECK(pgs_decoder_feed(d, enc.data, enc.len - 4, collect_sink, &dec,
			       &err) == 0);
	CHECK(dec.len == n);
	CHECK(pgs_decoder_feed(d, enc.data + enc.len - 4, 4, collect_sink,
			       &dec, &err) == 0);
	CHECK(pgs_decoder_finish(d, &err) == 0);
	CHECK_EQ_MEM(dec.data, dec.len, text, n);
	CHECK(dec.zero_calls == 0);
	pgs_decoder_free(d);
	collect_release(&enc);
	collect_release(&dec);
	free(text);
}

/* none: pass-through, in pieces of at most 64 KiB */
static void test_none_pieces(void)
{
	size_t n = 200000;
	unsigned char *text = make_repeated(n);
	struct collect dec;
	struct pgs_error err;

	collect_init(&dec);
	pgs_error_init(&err);
	CHECK(decode(PGS_COMPRESS_NONE, text, n, WHOLE, &dec, &err) == 0);
	CHECK(dec.calls == 4);
	CHECK(dec.max_piece == CHUNK_MAX);
	CHECK_EQ_MEM(dec.data, dec.len, text, n);
	collect_release(&dec);
	free(text);
}

static unsigned char *slurp_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	long n;

	*len = 0;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		p = malloc((size_t)n + 1);
		if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return p;
}

/*
 * The data files of a directory archive (other-formats.md §2.3): a .gz is a
 * gzip member, not the zlib stream of a custom archive.  Each file of
 * pg_dump 18 decodes to the uncompressed file of the -Z none dump; gzip
 * re-encoded at pg_dump's default level gives pg_dump's own bytes;
 * the stream decoder refuses a gzip file, a cut file ends early.
 */
static void test_file_container(void)
{
	static const struct {
		enum pgs_compression alg;
		const char *dir, *suffix;
		int same_bytes;   /* pg_dump's own bytes (gzip: gzwrite is deflate) */
	} cases[] = {
		{ PGS_COMPRESS_GZIP, "pg18-gzip", ".gz", 1 },
		{ PGS_COMPRESS_GZIP, "pg15-gzip", ".gz", 1 },
		{ PGS_COMPRESS_LZ4, "pg18-lz4", ".lz4", 0 },
		{ PGS_COMPRESS_ZSTD, "pg17-zstd", ".zst", 0 },
		{ PGS_COMPRESS_NONE, "pg17-none", "", 1 },
	};
	static const char *files[] = { "3432.dat", "3436.dat", "blob_424243.dat" };
	const char *base = PGSCRUB_SOURCE_DIR "/fixtures/archives/dir/";
	size_t i, j;

	for (i = 0; i < NELEM(cases); i++)
		for (j = 0; j < NELEM(files); j++) {
			char path[512];
			unsigned char *z, *plain;
			size_t zn, pn;
			struct pgs_decoder *d = NULL;
			struct pgs_encoder *e = NULL;
			struct collect c;
			struct pgs_error err;

			pgs_error_init(&err);
			snprintf(path, sizeof(path), "%s%s/%s%s", base,
				 cases[i].dir, files[j], cases[i].suffix);
			z = slurp_file(path, &zn);
			snprintf(path, sizeof(path), "%spg18-none/%s", base, files[j]);
			plain = slurp_file(path, &pn);
			CHECK(z != NULL && plain != NULL);
			if (!z || !plain) {
				free(z);
				free(plain);
				continue;
			}
			collect_init(&c);
			CHECK(pgs_decoder_new_in(&d, cases[i].alg, PGS_CONTAINER_FILE,
						 &err) == 0);
			CHECK(pgs_decoder_feed(d, z, zn, collect_sink, &c, &err) == 0);
			CHECK(pgs_decoder_finish(d, &err) == 0);
			CHECK_EQ_MEM(c.data, c.len, plain, pn);
			collect_release(&c);
			if (cases[i].alg != PGS_COMPRESS_NONE) {
				/* cut: ends early */
				CHECK(pgs_decoder_reset(d, &err) == 0);
				CHECK(pgs_decoder_feed(d, z, zn - 3, collect_sink,
						       &c, &err) == 0);
				CHECK(pgs_decoder_finish(d, &err) != 0);
				CHECK(strstr(err.msg, "ends early") != NULL);
				collect_release(&c);
			}
			if (cases[i].alg == PGS_COMPRESS_GZIP) {
				/* two members (cat a.gz a.gz) are the file twice,
				 * as gzip -d and pg_restore read them */
				unsigned char *two = malloc(2 * zn);

				CHECK(two != NULL);
				if (two) {
					memcpy(two, z, zn);
					memcpy(two + zn, z, zn);
					CHECK(pgs_decoder_reset(d, &err) == 0);
					CHECK(pgs_decoder_feed(d, two, 2 * zn,
							       collect_sink, &c,
							       &err) == 0);
					CHECK(pgs_decoder_finish(d, &err) == 0);
					CHECK(c.len == 2 * pn &&
					      memcmp(c.data, plain, pn) == 0 &&
					      memcmp(c.data + pn, plain, pn) == 0);
					collect_release(&c);
					free(two);
				}
			}
			pgs_decoder_free(d);
			if (cases[i].alg == PGS_COMPRESS_GZIP) {
				/* a gzip member is not an archive block's stream */
				CHECK(pgs_decoder_new(&d, PGS_COMPRESS_GZIP, &err) == 0);
				CHECK(pgs_decoder_feed(d, z, zn, collect_sink, &c,
						       &err) != 0);
				pgs_decoder_free(d);
				collect_release(&c);
			}
			CHECK(pgs_encoder_new_in(&e, cases[i].alg,
						 PGS_COMPRESS_DEFAULT_LEVEL,
						 PGS_CONTAINER_FILE, &err) == 0);
			CHECK(pgs_encoder_write(e, plain, pn, collect_sink, &c,
						&err) == 0);
			CHECK(pgs_encoder_finish(e, collect_sink, &c, &err) == 0);
			if (cases[i].same_bytes) {
				CHECK_EQ_MEM(c.data, c.len, z, zn);
				if (c.len != zn || memcmp(c.data, z, zn))
					fprintf(stderr, "  %s %s\n", cases[i].dir, files[j]);
			}
			collect_release(&c);
			pgs_encoder_free(e);
			free(z);
			free(plain);
		}
}

int main(void)
{
	test_names();
	test_parse();
	test_new_errors();
	test_round_trips();
	test_empty_streams();
	test_foreign_streams();
	test_truncation();
	test_trailing();
	test_damage();
	test_zstd_content_size();
	test_reuse();
	test_sink_errors();
	test_gzip_no_progress();
	test_none_pieces();
	test_file_container();
	return check_report("compress");
}
