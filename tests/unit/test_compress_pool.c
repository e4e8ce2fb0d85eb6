/*
 * test_compress_pool.c — the compression pool's contract (compress_pool.h):
 * output in submission order, the same bytes for any number of workers
 * (gzip, lz4 in blocks; zstd with its own threads), within 1 % of one
 * deflate stream, several streams in a row, the fault hook, a sink failure
 * on the worker (or on the owner's thread, in _write) returned by the
 * owner's next calls, and freeing at any moment.  Run it under ASan for
 * leaks and under TSan (-fsanitize=thread) for races.
 */
#include "pgscrub/compress_pool.h"

#include <stdint.h>
#include <stdio.h>
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

/* Text that compresses like table data: rows of words and numbers. */
static void fill_rows(struct pgs_buf *b, unsigned seed, size_t n)
{
	static const char *const words[] = {
		"alice", "bob", "carol", "dave", "erin", "frank", "grace",
		"heidi", "ivan", "judy", "example.com", "mail.test", "Berlin",
		"Lisbon", "Oslo", "\\N", "2024-01-05", "t", "f"
	};
	uint32_t x = seed * 2654435761u + 1;
	struct pgs_error e;

	while (b->len < n) {
		char row[160];
		int k = snprintf(row, sizeof(row), "%u\t%s\t%s@%s\t%u\t%s\n",
				 (unsigned)b->len,
				 words[(x >> 3) % 19], words[(x >> 8) % 10],
				 words[10 + (x >> 13) % 2], x % 100000,
				 words[12 + (x >> 17) % 7]);

		x = x * 1103515245u + 12345u;
		if ((size_t)k > n - b->len)
			k = (int)(n - b->len);
		if (pgs_buf_add(b, row, (size_t)k, &e))
			return;
	}
}

/*
 * One stream through pools of 1, 2, 3 and 8 workers: each decodes to its
 * input, and all are the same bytes (the pipeline's byte-identical output
 * for any -j rests on this).  The batches (submitted and _write'n) come in
 * pieces of odd sizes, so blocks are cut across them.  gzip in both
 * containers, every level class; lz4 fast and HC.  Sizes: empty, one
 * byte, exactly one block, one block and a byte, many blocks.
 */
struct stream_case {
	enum pgs_compression alg;
	int level;
	enum pgs_container c;
};

static int run_stream(struct pgs_buf *outb, const struct stream_case *sc,
		      unsigned nworkers, const struct pgs_buf *plain)
{
	struct pgs_compress_pool *pool = NULL;
	struct pgs_buf batch;
	struct pgs_error e;
	size_t at = 0, k = 0;
	int rc = -1;

	pgs_buf_init(&batch, BATCH_MAX);
	if (pgs_compress_pool_new_in(&pool, sc->alg, sc->level, sc->c, nworkers,
				     BATCH_MAX, &e))
		goto out;
	/* Two streams in a row: the first one's bytes are thrown away, the
	 * pool must start the second one afresh. */
	if (pgs_compress_pool_begin(pool, buf_sink, outb, &e) ||
	    pgs_compress_pool_write(pool, "junk", 4, &e) ||
	    pgs_compress_pool_end(pool, &e))
		goto out;
	pgs_buf_reset(outb);
	if (pgs_compress_pool_begin(pool, buf_sink, outb, &e))
		goto out;
	while (at < plain->len) {
		size_t n = 1 + (k * 7919) % 90001;

		if (n > plain->len - at)
			n = plain->len - at;
		if (k % 5 == 4) {
			if (pgs_compress_pool_write(pool, plain->data + at, n, &e))
				goto out;
		} else {
			if (pgs_buf_add(&batch, plain->data + at, n, &e) ||
			    pgs_compress_pool_submit(pool, &batch, &e))
				goto out;
			if (batch.len != 0)
				goto out;
		}
		at += n;
		k++;
	}
	if (pgs_compress_pool_end(pool, &e))
		goto out;
	rc = 0;
out:
	pgs_compress_pool_free(pool);
	pgs_buf_release(&batch);
	return rc;
}

static int decode_in(struct pgs_buf *out, const struct stream_case *sc,
		     const void *p, size_t n)
{
	struct pgs_decoder *d = NULL;
	struct pgs_error e;
	int rc;

	if (pgs_decoder_new_in(&d, sc->alg, sc->c, &e))
		return -1;
	rc = pgs_decoder_feed(d, p, n, buf_sink, out, &e) ||
	     pgs_decoder_finish(d, &e) ? -1 : 0;
	pgs_decoder_free(d);
	return rc;
}

static void test_any_workers(void)
{
	static const struct stream_case cases[] = {
		{ PGS_COMPRESS_GZIP, PGS_COMPRESS_DEFAULT_LEVEL, PGS_CONTAINER_STREAM },
		{ PGS_COMPRESS_GZIP, 1, PGS_CONTAINER_STREAM },
		{ PGS_COMPRESS_GZIP, 9, PGS_CONTAINER_STREAM },
		{ PGS_COMPRESS_GZIP, 0, PGS_CONTAINER_STREAM },
		{ PGS_COMPRESS_GZIP, PGS_COMPRESS_DEFAULT_LEVEL, PGS_CONTAINER_FILE },
		{ PGS_COMPRESS_GZIP, 1, PGS_CONTAINER_FILE },
		{ PGS_COMPRESS_LZ4, PGS_COMPRESS_DEFAULT_LEVEL, PGS_CONTAINER_STREAM },
		{ PGS_COMPRESS_LZ4, 9, PGS_CONTAINER_FILE },
		{ PGS_COMPRESS_ZSTD, PGS_COMPRESS_DEFAULT_LEVEL, PGS_CONTAINER_STREAM },
		{ PGS_COMPRESS_NONE, PGS_COMPRESS_DEFAULT_LEVEL, PGS_CONTAINER_STREAM },
	};
	static const size_t sizes[] = {
		0, 1, PGS_POOL_BLOCK, PGS_POOL_BLOCK + 1, 5 * PGS_POOL_BLOCK + 777
	};
	static const unsigned workers[] = { 1, 2, 3, 8 };
	size_t ci, si, wi;

	for (ci = 0; ci < sizeof(cases) / sizeof(cases[0]); ci++) {
		for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
			struct pgs_buf plain, first, out, back;

			pgs_buf_init(&plain, (size_t)1 << 30);
			pgs_buf_init(&first, (size_t)1 << 30);
			pgs_buf_init(&out, (size_t)1 << 30);
			fill_rows(&plain, (unsigned)(ci + si), sizes[si]);
			CHECK(plain.len == sizes[si]);
			for (wi = 0; wi < sizeof(workers) / sizeof(workers[0]); wi++) {
				struct pgs_buf *o = wi ? &out : &first;

				pgs_buf_reset(o);
				CHECK(run_stream(o, &cases[ci], workers[wi], &plain) == 0);
				pgs_buf_init(&back, (size_t)1 << 30);
				CHECK(decode_in(&back, &cases[ci], o->data ? o->data :
						(char *)"", o->len) == 0);
				CHECK_EQ_MEM(back.data ? back.data : "", back.len,
					     plain.data ? plain.data : "", plain.len);
				pgs_buf_release(&back);
				if (wi)
					CHECK_EQ_MEM(out.data, out.len,
						     first.data, first.len);
			}
			pgs_buf_release(&plain);
			pgs_buf_release(&first);
			pgs_buf_release(&out);
		}
	}
}

/*
 * A huge value through _write (the rewriter's path for a kept value over
 * 64 KiB): 3 MiB in one call between two small batches, cut into blocks
 * like any bytes; the same stream with 1 and 3 workers, and it decodes.
 */
static void test_huge_write(void)
{
	static const struct stream_case cases[] = {
		{ PGS_COMPRESS_GZIP, PGS_COMPRESS_DEFAULT_LEVEL, PGS_CONTAINER_STREAM },
		{ PGS_COMPRESS_LZ4, PGS_COMPRESS_DEFAULT_LEVEL, PGS_CONTAINER_FILE },
	};
	size_t ci;

	for (ci = 0; ci < sizeof(cases) / sizeof(cases[0]); ci++) {
		struct pgs_buf out[2], plain, huge, batch, back;
		struct pgs_error e;
		unsigned wi;

		pgs_buf_init(&plain, (size_t)1 << 30);
		pgs_buf_init(&huge, (size_t)1 << 30);
		fill_rows(&huge, 7, (size_t)3 << 20);
		for (wi = 0; wi < 2; wi++) {
			struct pgs_compress_pool *pool = NULL;

			pgs_buf_init(&out[wi], (size_t)1 << 30);
			pgs_buf_init(&batch, BATCH_MAX);
			pgs_buf_reset(&plain);
			CHECK(pgs_compress_pool_new_in(&pool, cases[ci].alg, cases[ci].level,
						       cases[ci].c, wi ? 3 : 1, BATCH_MAX,
						       &e) == 0);
			CHECK(pgs_compress_pool_begin(pool, buf_sink, &out[wi], &e) == 0);
			fill_rows(&batch, 1, 100);
			CHECK(pgs_buf_add(&plain, batch.data, batch.len, &e) == 0);
			CHECK(pgs_compress_pool_submit(pool, &batch, &e) == 0);
			CHECK(pgs_compress_pool_write(pool, huge.data, huge.len, &e) == 0);
			CHECK(pgs_buf_add(&plain, huge.data, huge.len, &e) == 0);
			fill_rows(&batch, 2, 100);
			CHECK(pgs_buf_add(&plain, batch.data, batch.len, &e) == 0);
			CHECK(pgs_compress_pool_submit(pool, &batch, &e) == 0);
			CHECK(pgs_compress_pool_end(pool, &e) == 0);
			pgs_compress_pool_free(pool);
			pgs_buf_release(&batch);
			pgs_buf_init(&back, (size_t)1 << 30);
			CHECK(decode_in(&back, &cases[ci], out[wi].data, out[wi].len) == 0);
			CHECK_EQ_MEM(back.data, back.len, plain.data, plain.len);
			pgs_buf_release(&back);
		}
		CHECK_EQ_MEM(out[1].data, out[1].len, out[0].data, out[0].len);
		pgs_buf_release(&out[0]);
		pgs_buf_release(&out[1]);
		pgs_buf_release(&plain);
		pgs_buf_release(&huge);
	}
}

/* ---- rows rewritten on the workers ------------------------------------ */

/* The rows function of the tests: each unit upper-cased, after a line
 * "#LINES_BEFORE/LAST" (the rows hold no '#'); checks that a unit other than the last ends in LF
 * and does not start after the "\\." line. */
struct rows_check {
	int bad;
};

static int upper_rows(void *ctx, unsigned worker, const void *in, size_t n,
		      uint64_t lines_before, int last, struct pgs_pool_out *out,
		      struct pgs_error *err)
{
	struct rows_check *rc = ctx;
	const unsigned char *p = in;
	char head[64], up[256];
	size_t i, k = 0;

	(void)worker;
	if (!last && (n == 0 || p[n - 1] != '\n'))
		rc->bad = 1;     /* one writer at a time is enough for a flag */
	if (n && p[0] == '\n' && lines_before == 0)
		rc->bad = 1;
	snprintf(head, sizeof(head), "#%llu/%d\n",
		 (unsigned long long)lines_before, last);
	if (pgs_pool_out_add(out, head, strlen(head), err))
		return -1;
	/* Upper-cased in pieces of 256 bytes; digits-only stretches by
	 * reference to the input (as a kept value is), to mix both. */
	for (i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			size_t j = i;

			if (k && pgs_pool_out_add(out, up, k, err))
				return -1;
			k = 0;
			while (j < n && p[j] >= '0' && p[j] <= '9')
				j++;
			if (pgs_pool_out_ref(out, p + i, j - i, err))
				return -1;
			i = j - 1;
			continue;
		}
		up[k++] = (char)(p[i] >= 'a' && p[i] <= 'z' ? p[i] - 32 : p[i]);
		if (k == sizeof(up)) {
			if (pgs_pool_out_add(out, up, k, err))
				return -1;
			k = 0;
		}
	}
	return k ? pgs_pool_out_add(out, up, k, err) : 0;
}

/* A rows function that holds each unit for 20 ms and records the most
 * input bytes held by the workers at once. */
struct rows_live {
	pthread_mutex_t mu;
	size_t live, max_live;
	unsigned units;
};

static int slow_rows(void *ctx, unsigned worker, const void *in, size_t n,
		     uint64_t lines_before, int last, struct pgs_pool_out *out,
		     struct pgs_error *err)
{
	struct rows_live *l = ctx;
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	(void)worker;
	(void)in;
	(void)lines_before;
	(void)last;
	pthread_mutex_lock(&l->mu);
	l->live += n;
	if (l->live > l->max_live)
		l->max_live = l->live;
	l->units++;
	pthread_mutex_unlock(&l->mu);
	nanosleep(&ts, NULL);
	pthread_mutex_lock(&l->mu);
	l->live -= n;
	pthread_mutex_unlock(&l->mu);
	return pgs_pool_out_add(out, "x\n", 2, err);
}

/*
 * Rows longer than a unit (24 of 6 MiB) through 8 workers: the units in
 * flight are bounded in bytes (16 MiB beyond the 2N + 4 blocks, one unit
 * always let through), so the workers never hold more than three of them
 * at once, not one each (48 MiB).
 */
static void test_rows_bound(void)
{
	const size_t rowlen = (size_t)6 << 20;
	struct rows_live l = { PTHREAD_MUTEX_INITIALIZER, 0, 0, 0 };
	struct pgs_compress_pool *pool = NULL;
	struct pgs_buf out;
	struct pgs_error e;
	char *row = malloc(rowlen);
	unsigned i;

	CHECK(row != NULL);
	if (!row)
		return;
	memset(row, 'a', rowlen - 1);
	row[rowlen - 1] = '\n';
	pgs_buf_init(&out, (size_t)1 << 30);
	CHECK(pgs_compress_pool_new_in(&pool, PGS_COMPRESS_GZIP, 1,
				       PGS_CONTAINER_STREAM, 8, BATCH_MAX,
				       &e) == 0);
	CHECK(pgs_compress_pool_begin_rows(pool, buf_sink, &out, slow_rows, &l,
					   (size_t)1 << 24, &e) == 0);
	for (i = 0; i < 24; i++)
		CHECK(pgs_compress_pool_add_rows(pool, row, rowlen, &e) == 0);
	CHECK(pgs_compress_pool_add_rows(pool, "\\.\n", 3, &e) == 0);
	CHECK(pgs_compress_pool_end(pool, &e) == 0);
	pgs_compress_pool_free(pool);
	CHECK(l.units == 25);   /* and the end line's */
	CHECK(l.max_live >= rowlen);
	CHECK(l.max_live <= 3 * rowlen + 3);
	pgs_buf_release(&out);
	free(row);
}

/*
 * About 768 KiB of rows and the end line through pools of 1, 2 and 5
 * workers, fed in pieces of changing sizes: the same stream each time;
 * decoded, each unit's "#" line counts the LFs before it, only the last
 * is marked last, every other unit ends in LF, and the rest is the input
 * upper-cased (so no byte is lost or doubled at a cut).  Three input
 * lengths move the cuts around.
 */
static void test_rows(void)
{
	static const struct stream_case cases[] = {
		{ PGS_COMPRESS_GZIP, PGS_COMPRESS_DEFAULT_LEVEL, PGS_CONTAINER_STREAM },
		{ PGS_COMPRESS_LZ4, PGS_COMPRESS_DEFAULT_LEVEL, PGS_CONTAINER_STREAM },
	};
	size_t ci, tail;

	for (ci = 0; ci < sizeof(cases) / sizeof(cases[0]); ci++) {
		for (tail = 0; tail < 3; tail++) {
			struct pgs_buf plain, out[3], back;
			static const unsigned nw[] = { 1, 2, 5 };
			unsigned wi;
			size_t lines = 0, k, units = 0;

			pgs_buf_init(&plain, (size_t)1 << 30);
			fill_rows(&plain, (unsigned)tail, 3 * PGS_POOL_BLOCK - 1 + tail);
			/* Whole rows, then the end line and two LFs, which
			 * must stay in one unit with what precedes them. */
			while (plain.len && plain.data[plain.len - 1] != '\n')
				plain.len--;
			{
				struct pgs_error e;

				CHECK(pgs_buf_add(&plain, "\\.\n\n\n", 5, &e) == 0);
			}
			for (k = 0; k < plain.len; k++)
				lines += plain.data[k] == '\n';
			for (wi = 0; wi < 3; wi++) {
				struct pgs_compress_pool *pool = NULL;
				struct rows_check rc = { 0 };
				struct pgs_error e;
				size_t at = 0, step = 1;

				pgs_buf_init(&out[wi], (size_t)1 << 30);
				CHECK(pgs_compress_pool_new_in(&pool, cases[ci].alg,
							       cases[ci].level, cases[ci].c,
							       nw[wi], BATCH_MAX, &e) == 0);
				CHECK(pgs_compress_pool_begin_rows(pool, buf_sink, &out[wi],
								   upper_rows, &rc,
								   (size_t)1 << 24, &e) == 0);
				while (at < plain.len) {
					size_t n = plain.len - at < step ? plain.len - at : step;

					CHECK(pgs_compress_pool_add_rows(pool, plain.data + at,
									 n, &e) == 0);
					at += n;
					step = step * 3 + 1;
					if (step > 100000)
						step = 7;
				}
				CHECK(pgs_compress_pool_end(pool, &e) == 0);
				pgs_compress_pool_free(pool);
				CHECK(!rc.bad);
				if (wi)
					CHECK_EQ_MEM(out[wi].data, out[wi].len,
						     out[0].data, out[0].len);
			}
			/* Decoded: the "#" lines count the LFs before each unit,
			 * the last one is marked, and the rest is the input
			 * upper-cased. */
			pgs_buf_init(&back, (size_t)1 << 30);
			CHECK(decode_in(&back, &cases[ci], out[0].data, out[0].len) == 0);
			{
				size_t i = 0, o = 0, seen = 0;
				int ok = 1, lastseen = 0;

				while (i < back.len && ok) {
					unsigned long long lb;
					int last, used = 0;

					if (sscanf(back.data + i, "#%llu/%d\n%n", &lb, &last,
						   &used) != 2 || used == 0) {
						ok = 0;
						break;
					}
					ok = lb == seen && !lastseen;
					lastseen = last;
					units++;
					i += (size_t)used;
					while (i < back.len && back.data[i] != '#') {
						char c = plain.data[o];

						if (c >= 'a' && c <= 'z')
							c -= 32;
						if (o >= plain.len || back.data[i] != c)
							ok = 0;
						seen += back.data[i] == '\n';
						i++;
						o++;
					}
				}
				CHECK(ok && lastseen && o == plain.len && seen == lines);
				CHECK(units >= 3);
			}
			pgs_buf_release(&back);
			for (wi = 0; wi < 3; wi++)
				pgs_buf_release(&out[wi]);
			pgs_buf_release(&plain);
		}
	}
}

/*
 * gzip's blocks cost little: on 4 MiB of table-like rows, within 1 % of
 * one deflate stream of the same bytes at the same level (the issue's
 * bound), and no more than 5 bytes a block for incompressible bytes.
 */
static void test_gzip_size(void)
{
	static const struct stream_case sc = {
		PGS_COMPRESS_GZIP, PGS_COMPRESS_DEFAULT_LEVEL, PGS_CONTAINER_STREAM
	};
	struct pgs_encoder *enc = NULL;
	struct pgs_buf plain, pooled, ref;
	struct pgs_error e;

	pgs_buf_init(&plain, (size_t)1 << 30);
	pgs_buf_init(&pooled, (size_t)1 << 30);
	pgs_buf_init(&ref, (size_t)1 << 30);
	fill_rows(&plain, 42, (size_t)4 << 20);
	CHECK(run_stream(&pooled, &sc, 2, &plain) == 0);
	CHECK(pgs_encoder_new(&enc, PGS_COMPRESS_GZIP, PGS_COMPRESS_DEFAULT_LEVEL, &e) == 0);
	CHECK(pgs_encoder_write(enc, plain.data, plain.len, buf_sink, &ref, &e) == 0);
	CHECK(pgs_encoder_finish(enc, buf_sink, &ref, &e) == 0);
	printf("gzip: one stream %zu bytes, blocks %zu bytes (%+.3f %%)\n",
	       ref.len, pooled.len, 100.0 * ((double)pooled.len - (double)ref.len) /
	       (double)ref.len);
	CHECK(pooled.len * 100 <= ref.len * 101);
	pgs_encoder_free(enc);
	pgs_buf_release(&plain);
	pgs_buf_release(&pooled);
	pgs_buf_release(&ref);
}

/*
 * The fault hook: the 3rd block fails, with 1 (no thread: the owner
 * compresses each block as it queues it), 2 and 4 workers; the owner's next
 * call returns that error, _end waits until no worker is in the sink, and
 * no byte reaches the sink after _end returns.
 */
static void test_fault_hook(void)
{
	static const unsigned nws[] = { 1, 2, 4 };
	unsigned k;

	for (k = 0; k < sizeof(nws) / sizeof(nws[0]); k++) {
		unsigned nw = nws[k];
		struct pgs_compress_pool *pool = NULL;
		struct collect c;
		struct pgs_buf batch;
		struct pgs_error e;
		unsigned i;
		int failed = 0;
		size_t len_at_end;

		memset(&c, 0, sizeof(c));
		pgs_buf_init(&batch, BATCH_MAX);
		pgs_error_init(&e);
		CHECK(pgs_compress_pool_new(&pool, PGS_COMPRESS_GZIP, 6, nw,
					    BATCH_MAX, &e) == 0);
		pgs_compress_pool_fail_at(pool, 3);
		CHECK(pgs_compress_pool_begin(pool, collect_sink, &c, &e) == 0);
		for (i = 0; i < 400 && !failed; i++) {
			fill_rows(&batch, i, 64 * 1024);
			pgs_error_init(&e);
			if (pgs_compress_pool_submit(pool, &batch, &e))
				failed = 1;
		}
		if (!failed) {
			pgs_error_init(&e);
			failed = pgs_compress_pool_end(pool, &e) != 0;
		} else {
			struct pgs_error e2;

			pgs_error_init(&e2);
			CHECK(pgs_compress_pool_end(pool, &e2) == -1);
			CHECK_STR(e2.msg, e.msg);
		}
		CHECK(failed);
		CHECK(e.code == PGS_EINTERNAL);
		CHECK_STR(e.msg, "gzip compression failed: block 3 of the "
			  "stream (fault injection for tests)");
		len_at_end = c.len;
		pgs_compress_pool_free(pool);
		CHECK(c.len == len_at_end);
		pgs_buf_release(&batch);
		free(c.data);
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
	test_any_workers();
	test_huge_write();
	test_rows();
	test_rows_bound();
	test_gzip_size();
	test_fault_hook();
	test_big_batch();
	test_worker_failure();
	test_failure_at_end();
	test_write_failure();
	test_free_midstream();
	return check_report("compress_pool");
}
