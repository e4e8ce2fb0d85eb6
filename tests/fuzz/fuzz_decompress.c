/*
 * fuzz_decompress.c — libFuzzer target for the stream decoders of
 * compress.c.
 *
 * Input: one selector byte, then the stream.  Selector bits 0-1 pick the
 * algorithm (enum pgs_compression), bit 2 adds an encode/decode round trip
 * of the stream bytes as plain data, bits 3-7 seed the piece sizes (and the
 * round trip's level).
 *
 * Each stream is decoded twice with one decoder (reset in between): once in
 * pieces of varying size, once in one piece.  Decoding must not depend on
 * the piecing, so both runs must agree on success and, when they succeed,
 * on the output.  The sink traps on pieces of 0 or more than 64 KiB.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/compress.h"

#define PIECE_MAX ((size_t)64 * 1024)
/*
 * Hash only the first 64 KiB of output (and count the rest): small inputs
 * can expand a thousandfold, and hashing dominated the run time.
 */
#define HASH_MAX ((uint64_t)64 * 1024)

struct digest {
	uint64_t hash;
	uint64_t len;
	unsigned char *keep;  /* round trip: the output itself */
	size_t keep_len, keep_cap;
};

static int digest_sink(void *ctx, const void *p, size_t n,
		       struct pgs_error *err)
{
	struct digest *dg = ctx;
	const unsigned char *b = p;

	(void)err;
	if (n == 0 || n > PIECE_MAX)
		__builtin_trap();
	if (dg->len < HASH_MAX) {
		size_t h = n < HASH_MAX - dg->len ? n : (size_t)(HASH_MAX - dg->len);

		for (size_t i = 0; i < h; i++)
			dg->hash = (dg->hash ^ b[i]) * 0x100000001b3ULL;  /* FNV-1a */
	}
	dg->len += n;
	if (dg->keep) {
		if (n > dg->keep_cap - dg->keep_len)
			__builtin_trap();  /* round trip grew: cannot be */
		memcpy(dg->keep + dg->keep_len, p, n);
		dg->keep_len += n;
	}
	return 0;
}

static int store_sink(void *ctx, const void *p, size_t n,
		      struct pgs_error *err)
{
	struct digest *dg = ctx;

	if (n == 0)
		__builtin_trap();
	if (n > dg->keep_cap - dg->keep_len) {
		size_t cap = dg->keep_cap * 2 + n;
		unsigned char *k = realloc(dg->keep, cap);

		if (!k)
			return pgs_error_set(err, PGS_ENOMEM, "fuzz sink: no memory");
		dg->keep = k;
		dg->keep_cap = cap;
	}
	memcpy(dg->keep + dg->keep_len, p, n);
	dg->keep_len += n;
	return 0;
}

static uint32_t next_seed(uint32_t x)
{
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

/* seed 0: one piece; otherwise mostly small pieces, now and then big ones. */
static int decode(struct pgs_decoder *d, const uint8_t *p, size_t n,
		  uint32_t seed, struct digest *dg)
{
	struct pgs_error err;
	int rc;

	pgs_error_init(&err);
	dg->hash = 0xcbf29ce484222325ULL;
	dg->len = 0;
	if (pgs_decoder_reset(d, &err))
		__builtin_trap();
	while (n > 0) {
		size_t piece = n;

		if (seed) {
			seed = next_seed(seed);
			piece = seed % 8 == 0 ? 1 + seed % 70000 : 1 + seed % 64;
			if (piece > n)
				piece = n;
		}
		if (pgs_decoder_feed(d, p, piece, digest_sink, dg, &err)) {
			/* a failure always says what failed */
			if (err.code == PGS_OK || err.msg[0] == '\0')
				__builtin_trap();
			/* damaged input is never pgscrub's own bug */
			if (err.code == PGS_EINTERNAL)
				__builtin_trap();
			/* the decoder stays failed until the next reset */
			if (pgs_decoder_finish(d, &err) == 0)
				__builtin_trap();
			return -1;
		}
		p += piece;
		n -= piece;
	}
	rc = pgs_decoder_finish(d, &err);
	if (rc && (err.code == PGS_OK || err.msg[0] == '\0' ||
		   err.code == PGS_EINTERNAL))
		__builtin_trap();
	return rc;
}

/* Encode the bytes as data at a level picked by sel, decode, compare. */
static void round_trip(enum pgs_compression alg, unsigned sel,
		       const uint8_t *p, size_t n)
{
	/* zstd level 5+ tables take many MiB per encoder: keep the fuzzer fast */
	static const int max_level[] = { 0, 9, 12, 4 };
	int level = (int)(sel % (unsigned)(max_level[alg] + 2)) - 1;
	struct pgs_encoder *e;
	struct pgs_decoder *d;
	struct pgs_error err;
	struct digest enc = { 0 }, dec = { 0 };
	uint32_t seed = sel * 2654435761u + (uint32_t)n + 1;
	size_t off = 0;

	if (level == 0 && alg == PGS_COMPRESS_ZSTD)
		level = 1;
	pgs_error_init(&err);
	if (pgs_encoder_new(&e, alg, level, &err))
		__builtin_trap();
	if (pgs_encoder_reset(e, &err))
		__builtin_trap();
	while (off < n) {
		size_t piece;

		seed = next_seed(seed);
		piece = 1 + seed % 300;
		if (piece > n - off)
			piece = n - off;
		if (pgs_encoder_write(e, p + off, piece, store_sink, &enc, &err))
			__builtin_trap();
		off += piece;
	}
	if (pgs_encoder_finish(e, store_sink, &enc, &err))
		__builtin_trap();
	pgs_encoder_free(e);

	if (pgs_decoder_new(&d, alg, &err))
		__builtin_trap();
	dec.keep_cap = n;
	dec.keep = malloc(n ? n : 1);
	if (!dec.keep)
		__builtin_trap();
	if (decode(d, enc.keep, enc.keep_len, seed | 1, &dec) != 0 ||
	    dec.keep_len != n || (n && memcmp(dec.keep, p, n) != 0))
		__builtin_trap();
	pgs_decoder_free(d);
	free(enc.keep);
	free(dec.keep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum pgs_compression alg;
	struct pgs_decoder *d;
	struct pgs_error err;
	struct digest pieces = { 0 }, whole = { 0 };
	unsigned sel;
	int rc1, rc2;

	if (size < 1)
		return 0;
	alg = (enum pgs_compression)(data[0] & 3);
	sel = data[0] >> 3;
	data++;
	size--;

	pgs_error_init(&err);
	if (pgs_decoder_new(&d, alg, &err))
		return 0;  /* out of memory: nothing to test */
	rc1 = decode(d, data, size, ((sel + 1) * 2654435761u ^ (uint32_t)size) | 1,
		     &pieces);
	rc2 = decode(d, data, size, 0, &whole);
	pgs_decoder_free(d);
	if (rc1 != rc2)
		__builtin_trap();
	if (rc1 == 0 && (pieces.len != whole.len || pieces.hash != whole.hash))
		__builtin_trap();
	if (alg == PGS_COMPRESS_NONE && rc1 != 0)
		__builtin_trap();

	if (data[-1] & 4)
		round_trip(alg, sel, data, size);
	return 0;
}
