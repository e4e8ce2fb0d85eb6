/*
 * test_compress_pool.c — the compression pool's contract (compress_pool.h):
 * output in submission order, batches swapped not copied, the same bytes
 * as one encoder on one thread, several streams in a row, a sink failure
 * on the worker (or on the owner's thread, in _write) returned by the
 * owner's next calls, and freeing at any moment.  Run it under ASan for
 * leaks and under TSan (-fsanitize=thread) for races.
 */
#include "pgscrub/compress_pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "unit.h"

#define BATCH_MAX ((size_t)4 << 20)

/* A sink that collects what it is given; optionally slow, optionally
 * failing at its fail_at-th call (1-based; 0 never). */
struct collect {
	unsigned char *data;
	size_t len, cap;
	size_t calls, fail_at;
	int slow;
};

static int collect_sink(void *ctx, const void *p, size_t n,
			struct pgs_error *err)
{
	struct collect *c = ctx;

	c->calls++;
	if (c->slow) {
		struct timespec ts = { 0, 200000 };  /* 0.2 ms */

		nanosleep(&ts, NULL);
	}
	if (c->fail_at && c->calls >= c->fail_at)
		return pgs_error_set(err, PGS_EPIPE, "test sink failed at call %zu",
				     c->calls);
	if (c->len + n > c->cap) {
		size_t cap = c->cap ? c->cap : 1024;
		unsigned char *d;

		while (cap < c->len + n)
			cap *= 2;
		d = realloc(c->data, cap);
		if (!d)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		c->data = d;
		c->cap = cap;
	}
	if (n)
		memcpy(c->data + c->len, p, n);
	c->len += n;
	return 0;
}

/* Deterministic test bytes: batch i of the stream is distinguishable. */
static void fill(struct pgs_buf *b, unsigned i, size_t n)
{
	size_t k;
	struct pgs_error e;

	for (k = 0; k < n; k++) {
		char ch = (char)('a' + (i * 7 + k / 13) % 26);

		if (pgs_buf_addc(b, ch, &e))
			return;
	}
}

/* ---- order ------------------------------------------------------------ */

/*
 * With "none" the stream is its input: submitted batches and _write'n
 * pieces must come out whole and in order, with a slow sink so that the
 * queue fills and _submit has to wait for a slot.
 */
static void test_order(void)
{
	struct pgs_compress_pool *pool = NULL;
	struct collect c;
	struct pgs_buf batch, expect;
	struct pgs_error e;
	unsigned i;

	memset(&c, 0, sizeof(c));
	c.slow = 1;
	pgs_buf_init(&batch, BATCH_MAX);
	pgs_buf_init(&expect, (size_t)1 << 30);
	pgs_error_init(&e);
	CHECK(pgs_compress_pool_new(&pool, PGS_COMPRESS_NONE, PGS_COMPRESS_DEFAULT_LEVEL,
				    1, BATCH_MAX, &e) == 0);
	CHECK(pool != NULL);
	CHECK(pgs_compress_pool_begin(pool, collect_sink, &c, &e) == 0);
	for (i = 0; i < 200; i++) {
		size_t n = 1 + (i * 977) % 5000;

		fill(&batch, i, n);
		CHECK(pgs_buf_add(&expect, batch.data, batch.len, &e) == 0);
		CHECK(pgs_compress_pool_submit(pool, &batch, &e) == 0);
		/* The owner gets an empty buffer with the same cap back. */
		CHECK(batch.len == 0);
		CHECK(batch.max == BATCH_MAX);
		if (i % 17 == 0) {
			/* An empty batch is not queued. */
			CHECK(pgs_compress_pool_submit(pool, &batch, &e) == 0);
		}
		if (i % 29 == 0) {
			char piece[100];

			memset(piece, 'A' + (int)(i % 26), sizeof(piece));
			CHECK(pgs_buf_add(&expect, piece, sizeof(piece), &e) == 0);
			CHECK(pgs_compress_pool_write(pool, piece, sizeof(piece), &e) == 0);
		}
	}
	CHECK(pgs_compress_pool_end(pool, &e) == 0);
	CHECK_EQ_MEM(c.data, c.len, expect.data, expect.len);
	pgs_compress_pool_free(pool);
	pgs_buf_release(&batch);
	pgs_buf_release(&expect);
	free(c.data);
}

/* ---- the same bytes as one encoder ------------------------------------ */

static int buf_sink(void *ctx, const void *p, size_t n, struct pgs_error *err)
{
	return pgs_buf_add(ctx, p, n, err);
}

static int decode_to_buf(struct pgs_buf *out, enum pgs_compression alg,
			 const void *p, size_t n)
{
	struct pgs_decoder *d = NULL;
	struct pgs_error e;
	int rc;

	if (pgs_decoder_new(&d, alg, &e))
		return -1;
	rc = pgs_decoder_feed(d, p, n, buf_sink, out, &e) ||
	     pgs_decoder_finish(d, &e) ? -1 : 0;
	pgs_decoder_free(d);
	return rc;
}

/*
 * Three streams in a row through one pool (the encoder is reset by
 * _begin), for every method: each decodes to its input, and is the very
 * stream one encoder on this thread makes of the same bytes (the pipeline
 * relies on this for byte-identical output).  The third stream is empty.
 */
static void test_same_bytes(void)
{
	static const enum pgs_compression algs[] = {
		PGS_COMPRESS_NONE, PGS_COMPRESS_GZIP, PGS_COMPRESS_LZ4, PGS_COMPRESS_ZSTD
	};
	size_t a;

	for (a = 0; a < sizeof(algs) / sizeof(algs[0]); a++) {
		struct pgs_compress_pool *pool = NULL;
		struct pgs_encoder *enc = NULL;
		struct pgs_error e;
		unsigned s;

		CHECK(pgs_compress_pool_new(&pool, algs[a], PGS_COMPRESS_DEFAULT_LEVEL,
					    1, BATCH_MAX, &e) == 0);
		CHECK(pgs_encoder_new(&enc, algs[a], PGS_COMPRESS_DEFAULT_LEVEL, &e) == 0);
		if (!pool || !enc) {
			pgs_compress_pool_free(pool);
			pgs_encoder_free(enc);
			continue;
		}
		for (s = 0; s < 3; s++) {
			struct collect c;
			struct pgs_buf batch, plain, ref, back;
			unsigned i, nb = s == 2 ? 0 : 40 + s;

			memset(&c, 0, sizeof(c));
			pgs_buf_init(&batch, BATCH_MAX);
			pgs_buf_init(&plain, (size_t)1 << 30);
			pgs_buf_init(&ref, (size_t)1 << 30);
			pgs_buf_init(&back, (size_t)1 << 30);
			CHECK(pgs_compress_pool_begin(pool, collect_sink, &c, &e) == 0);
			CHECK(pgs_encoder_reset(enc, &e) == 0);
			for (i = 0; i < nb; i++) {
				fill(&batch, i + s, 64 * 1024);
				CHECK(pgs_buf_add(&plain, batch.data, batch.len, &e) == 0);
				CHECK(pgs_encoder_write(enc, batch.data, batch.len,
							buf_sink, &ref, &e) == 0);
				CHECK(pgs_compress_pool_submit(pool, &batch, &e) == 0);
			}
			CHECK(pgs_compress_pool_end(pool, &e) == 0);
			CHECK(pgs_encoder_finish(enc, buf_sink, &ref, &e) == 0);
			CHECK_EQ_MEM(c.data ? c.data : (unsigned char *)"", c.len,
				     ref.data ? ref.data : "", ref.len);
			CHECK(decode_to_buf(&back, algs[a], c.data ? c.data : (unsigned char *)"",
					    c.len) == 0);
			CHECK_EQ_MEM(back.data ? back.data : "", back.len,
				     plain.data ? plain.data : "", plain.len);
			pgs_buf_release(&batch);
			pgs_buf_release(&plain);
			pgs_buf_release(&ref);
			pgs_buf_release(&back);
			free(c.data);
		}
		pgs_compress_pool_free(pool);
		pgs_encoder_free(enc);
	}
}

/* A batch over 1 MiB: compressed like any other, and the slot's memory is
 * given back (ASan sees a leak otherwise only if it is never freed). */
static void test_big_batch(void)
{
	struct pgs_compress_pool *pool = NULL;
	struct collect c;
	struct pgs_buf batch;
	struct pgs_error e;

	memset(&c, 0, sizeof(c));
	pgs_buf_init(&batch, BATCH_MAX);
	CHECK(pgs_compress_pool_new(&pool, PGS_COMPRESS_NONE, PGS_COMPRESS_DEFAULT_LEVEL,
				    1, BATCH_MAX, &e) == 0);
	CHECK(pgs_compress_pool_begin(pool, collect_sink, &c, &e) == 0);
	fill(&batch, 3, (size_t)3 << 20);
	CHECK(pgs_compress_pool_submit(pool, &batch, &e) == 0);
	fill(&batch, 4, 10);
	CHECK(pgs_compress_pool_submit(pool, &batch, &e) == 0);
	fill(&batch, 5, 10);
	CHECK(pgs_compress_pool_submit(pool, &batch, &e) == 0);
	CHECK(pgs_compress_pool_end(pool, &e) == 0);
	CHECK(c.len == ((size_t)3 << 20) + 20);
	pgs_compress_pool_free(pool);
	pgs_buf_release(&batch);
	free(c.data);
}

/* ---- failures --------------------------------------------------------- */

/*
 * The sink fails on the worker at its 5th call: the owner's next calls
 * return that very error (code and message), nothing is compressed after
 * it, and the pool is freed cleanly with batches possibly still queued.
 */
static void test_worker_failure(void)
{
	struct pgs_compress_pool *pool = NULL;
	struct collect c;
	struct pgs_buf batch;
	struct pgs_error e;
	unsigned i;
	int failed = 0;
	size_t calls;

	memset(&c, 0, sizeof(c));
	c.fail_at = 5;
	c.slow = 1;
	pgs_buf_init(&batch, BATCH_MAX);
	CHECK(pgs_compress_pool_new(&pool, PGS_COMPRESS_NONE, PGS_COMPRESS_DEFAULT_LEVEL,
				    1, BATCH_MAX, &e) == 0);
	CHECK(pgs_compress_pool_begin(pool, collect_sink, &c, &e) == 0);
	for (i = 0; i < 1000 && !failed; i++) {
		fill(&batch, i, 1000);
		pgs_error_init(&e);
		if (pgs_compress_pool_submit(pool, &batch, &e) != 0)
			failed = 1;
	}
	CHECK(failed);
	CHECK(e.code == PGS_EPIPE);
	CHECK_STR(e.msg, "test sink failed at call 5");
	/* The same error again from _write and _end; the stream is closed. */
	pgs_error_init(&e);
	CHECK(pgs_compress_pool_write(pool, "x", 1, &e) == -1);
	CHECK_STR(e.msg, "test sink failed at call 5");
	pgs_error_init(&e);
	CHECK(pgs_compress_pool_end(pool, &e) == -1);
	CHECK(e.code == PGS_EPIPE);
	CHECK_STR(e.msg, "test sink failed at call 5");
	/* A new stream is refused too. */
	pgs_error_init(&e);
	CHECK(pgs_compress_pool_begin(pool, collect_sink, &c, &e) == -1);
	CHECK_STR(e.msg, "test sink failed at call 5");
	pgs_compress_pool_free(pool);
	/* Nothing reached the sink after the failure. */
	calls = c.calls;
	CHECK(calls == 5);
	CHECK(c.len == 4 * 1000);
	pgs_buf_release(&batch);
	free(c.data);
}

/* The sink fails at the end of the stream (the zlib trailer): _end says so. */
static void test_failure_at_end(void)
{
	struct pgs_compress_pool *pool = NULL;
	struct collect c;
	struct pgs_buf batch;
	struct pgs_error e;

	memset(&c, 0, sizeof(c));
	c.fail_at = 1;   /* gzip buffers: the first output comes at the end */
	pgs_buf_init(&batch, BATCH_MAX);
	CHECK(pgs_compress_pool_new(&pool, PGS_COMPRESS_GZIP, 6, 1, BATCH_MAX, &e) == 0);
	CHECK(pgs_compress_pool_begin(pool, collect_sink, &c, &e) == 0);
	fill(&batch, 1, 100);
	CHECK(pgs_compress_pool_submit(pool, &batch, &e) == 0);
	pgs_error_init(&e);
	CHECK(pgs_compress_pool_end(pool, &e) == -1);
	CHECK(e.code == PGS_EPIPE);
	CHECK_STR(e.msg, "test sink failed at call 1");
	pgs_compress_pool_free(pool);
	pgs_buf_release(&batch);
	free(c.data);
}

/* The sink fails inside _write, on the owner's thread: that call and the
 * later ones fail with it. */
static void test_write_failure(void)
{
	struct pgs_compress_pool *pool = NULL;
	struct collect c;
	struct pgs_buf batch;
	struct pgs_error e;

	memset(&c, 0, sizeof(c));
	c.fail_at = 2;
	pgs_buf_init(&batch, BATCH_MAX);
	CHECK(pgs_compress_pool_new(&pool, PGS_COMPRESS_NONE, PGS_COMPRESS_DEFAULT_LEVEL,
				    1, BATCH_MAX, &e) == 0);
	CHECK(pgs_compress_pool_begin(pool, collect_sink, &c, &e) == 0);
	fill(&batch, 1, 100);
	CHECK(pgs_compress_pool_submit(pool, &batch, &e) == 0);
	pgs_error_init(&e);
	CHECK(pgs_compress_pool_write(pool, "abc", 3, &e) == -1);
	CHECK_STR(e.msg, "test sink failed at call 2");
	fill(&batch, 2, 100);
	pgs_error_init(&e);
	CHECK(pgs_compress_pool_submit(pool, &batch, &e) == -1);
	CHECK(e.code == PGS_EPIPE);
	CHECK_STR(e.msg, "test sink failed at call 2");
	pgs_error_init(&e);
	CHECK(pgs_compress_pool_end(pool, &e) == -1);
	pgs_compress_pool_free(pool);
	CHECK(c.calls == 2);
	CHECK(c.len == 100);
	pgs_buf_release(&batch);
	free(c.data);
}

/* Freed with a stream open and batches queued (the owner failed elsewhere):
 * the worker stops, the sink is not called once free returns. */
static void test_free_midstream(void)
{
	struct pgs_compress_pool *pool = NULL;
	struct collect c;
	struct pgs_buf batch;
	struct pgs_error e;
	unsigned i;

	memset(&c, 0, sizeof(c));
	c.slow = 1;
	pgs_buf_init(&batch, BATCH_MAX);
	CHECK(pgs_compress_pool_new(&pool, PGS_COMPRESS_ZSTD, PGS_COMPRESS_DEFAULT_LEVEL,
				    1, BATCH_MAX, &e) == 0);
	CHECK(pgs_compress_pool_begin(pool, collect_sink, &c, &e) == 0);
	for (i = 0; i < 3; i++) {
		fill(&batch, i, 200000);
		CHECK(pgs_compress_pool_submit(pool, &batch, &e) == 0);
	}
	pgs_compress_pool_free(pool);
	pgs_compress_pool_free(NULL);
	pgs_buf_release(&batch);
	free(c.data);
}

int main(void)
{
	test_order();
	test_same_bytes();
	test_big_batch();
	test_worker_failure();
	test_failure_at_end();
	test_write_failure();
	test_free_midstream();
	return check_report("compress_pool");
}
