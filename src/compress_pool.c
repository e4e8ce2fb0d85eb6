/*
 * compress_pool.c — compressing a stream on several threads beside the
 * thread producing its plain bytes (pigz's method: deflate is most of a
 * rewrite's cost).  The contract is in compress_pool.h.
 *
 * Two ways, by method:
 *
 * Batched (gzip, lz4): the stream's plain bytes are cut into blocks of
 * PGS_POOL_BLOCK bytes, by their count in the stream only (never by the
 * number of workers or by timing), so the compressed stream is the same
 * bytes for any number of workers.  Each block is compressed on its own by
 * whichever worker takes it:
 *   - gzip: raw deflate at the stream's level, with the previous block's
 *     last 32 KiB as its dictionary (deflateSetDictionary), ended with
 *     Z_SYNC_FLUSH (byte-aligned, so blocks concatenate), the stream's last
 *     block with Z_FINISH.  The writer puts the zlib header (RFC 1950) or
 *     the gzip member header (RFC 1952: mtime 0, OS 3, as gzwrite) first,
 *     and the trailer last: the Adler-32 of the whole stream (or CRC-32 and
 *     ISIZE) combined from the blocks' own (adler32_combine, crc32_combine).
 *   - lz4: one frame of independent 64 KiB blocks (LZ4F's blockIndependent
 *     mode, header from LZ4F_compressBegin, no checksums, as pg_dump's
 *     prefs otherwise), each block compressed with LZ4_compress_fast_extState
 *     (levels 0-2) or LZ4_compress_HC_extStateHC (3-12), stored raw when it
 *     does not shrink, as LZ4F does; the end mark last.
 * The blocks live in a ring of slots, numbered by a running sequence
 * number s (slot s % nslots): the owner fills slot fill_seq; slots
 * [take_seq, fill_seq) are queued; [write_seq, take_seq) are being
 * compressed or done and waiting for their turn.  A worker takes slot
 * take_seq, compresses it without the lock, then, if no thread is writing,
 * becomes the writer and hands every done slot from write_seq on to the
 * sink in order; so the sink is called by one pool thread at a time, in
 * stream order.  A slot is free again once written.  The owner copies the
 * previous block's last 32 KiB into the next slot (which is free) before
 * queuing a block, so no worker ever reads a slot another one may reuse.
 *
 * Serial (none, zstd): one worker thread runs the encoder (zstd's own
 * worker threads, ZSTD_c_nbWorkers, do the parallel part; its output is the
 * same for any nbWorkers >= 1, so the pool always asks for at least one),
 * and batches are handed over by swapping buffers with one of
 * PGS_POOL_SLOTS slots, a ring: slot[head .. head + count) are queued, the
 * worker takes slot[head].
 *
 * In both, the mutex guards the ring counters and the flags.  A worker
 * failure is kept in the pool's error record (a worker never writes into
 * the owner's) and handed to the owner by its next call.
 */
#include "pgscrub/compress_pool.h"

#include <assert.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lz4.h>
#include <lz4frame.h>
#include <lz4hc.h>
#define ZLIB_CONST
#include <zlib.h>

#define PGS_POOL_SLOTS 2
/* A slot that had to hold a huge row gives its memory back. */
#define PGS_POOL_KEEP_CAP ((size_t)1 << 20)
/* deflate's window: the dictionary each block gets from the one before. */
#define PGS_POOL_DICT ((size_t)32 * 1024)
/* lz4 frame blocks (LZ4F's default max64KB); PGS_POOL_BLOCK is a multiple. */
#define PGS_POOL_LZ4_BLOCK ((size_t)64 * 1024)
#define PGS_POOL_MAX_WORKERS 256

/* One block of a batched stream. */
struct pool_slot {
	unsigned char *in;          /* PGS_POOL_BLOCK bytes */
	size_t len;
	unsigned char *dict;        /* PGS_POOL_DICT bytes */
	size_t dictlen;
	unsigned char *out;         /* its compressed bytes */
	size_t out_len, out_cap;
	uint32_t check;             /* Adler-32 or CRC-32 of in */
	uint64_t seq;
	uint64_t nth;               /* its place in the stream, from 1 */
	int last;                   /* the stream's last block */
	int done;                   /* compressed (or dropped after a failure) */
};

/* A batched stream's worker: its own library state. */
struct pool_worker {
	struct pgs_compress_pool *pool;
	pthread_t thread;
	int started;
	z_stream zs;
	int zs_ready;
	void *lz4state;
	unsigned index;             /* its number, from 0 */
};

struct pgs_compress_pool {
	enum pgs_compression alg;
	enum pgs_container container;
	int level;                  /* resolved */
	int batched;
	pthread_mutex_t mu;
	pthread_cond_t work;        /* owner -> workers: a batch, finish or quit */
	pthread_cond_t done;        /* workers -> owner: a slot free, finished */
	pgs_sink_fn sink;           /* the open stream's; set by _begin */
	void *ctx;
	int quit, failed;
	int open;                   /* a stream is open (owner's only) */
	struct pgs_error err;       /* the workers' first failure */

	/* Serial. */
	pthread_t thread;
	struct pgs_encoder *enc;    /* the worker's while a stream is open,
				       except inside _begin and _write */
	struct pgs_buf slot[PGS_POOL_SLOTS];
	size_t head, count;         /* slot[head .. head + count) are queued */
	int finish, finished;

	/* Batched. */
	struct pool_slot *slots;
	unsigned nslots, nworkers;
	struct pool_worker *workers;
	uint64_t fill_seq, take_seq, write_seq;
	uint64_t first_seq;         /* the open stream's first block */
	int writing;                /* a worker is the writer */
	uint32_t check;             /* the writer's: the stream so far */
	uint64_t total;             /* the writer's: plain bytes so far */
	unsigned char head_bytes[LZ4F_HEADER_SIZE_MAX + 13];
	size_t head_len;
	uint64_t fail_block;        /* the fault hook: this block of a stream
				       fails (from 1; 0 never) */
};

/* ---- batched streams: the workers ---------------------------------------- */

/* The failure of a worker or of the sink, kept for the owner: call with the
 * mutex held. */
static void keep_failure(struct pgs_compress_pool *pool,
			 const struct pgs_error *e)
{
	if (!pool->failed) {
		pool->failed = 1;
		pool->err = *e;
	}
}

static int slot_reserve(struct pool_slot *sl, size_t need,
			struct pgs_error *err)
{
	unsigned char *p;

	if (need <= sl->out_cap)
		return 0;
	p = realloc(sl->out, need);
	if (!p)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	sl->out = p;
	sl->out_cap = need;
	return 0;
}

/* One block through raw deflate, with its dictionary. */
static int block_deflate(struct pool_worker *w, struct pool_slot *sl,
			 struct pgs_error *err)
{
	z_stream *zs = &w->zs;
	int ret;

	sl->out_len = 0;
	if (deflateReset(zs) != Z_OK ||
	    (sl->dictlen &&
	     deflateSetDictionary(zs, sl->dict, (uInt)sl->dictlen) != Z_OK))
		return pgs_error_set(err, PGS_EINTERNAL,
				     "gzip compression failed: cannot reset deflate");
	if (slot_reserve(sl, deflateBound(zs, (uLong)sl->len) + 64, err))
		return -1;
	zs->next_in = sl->in;
	zs->avail_in = (uInt)sl->len;
	for (;;) {
		zs->next_out = sl->out + sl->out_len;
		zs->avail_out = (uInt)(sl->out_cap - sl->out_len);
		ret = deflate(zs, sl->last ? Z_FINISH : Z_SYNC_FLUSH);
		sl->out_len = sl->out_cap - zs->avail_out;
		if (ret == Z_STREAM_ERROR)
			return pgs_error_set(err, PGS_EINTERNAL,
					     "gzip compression failed: %s",
					     zs->msg ? zs->msg : "deflate failed");
		if (sl->last ? ret == Z_STREAM_END : zs->avail_out != 0)
			break;
		/* Output full: room for more, and call again (zpipe.c). */
		if (slot_reserve(sl, sl->out_cap * 2, err))
			return -1;
	}
	if (zs->avail_in != 0)
		return pgs_error_set(err, PGS_EINTERNAL, "gzip compression "
				     "failed: deflate stopped before the end "
				     "of its input");
	sl->check = w->pool->container == PGS_CONTAINER_FILE
		    ? (uint32_t)crc32(0L, sl->in, (uInt)sl->len)
		    : (uint32_t)adler32(1L, sl->in, (uInt)sl->len);
	return 0;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* One block as independent lz4 frame blocks of 64 KiB (LZ4F_makeBlock:
 * stored raw when compressing does not shrink it). */
static int block_lz4(struct pool_worker *w, struct pool_slot *sl,
		     struct pgs_error *err)
{
	size_t at = 0, nb = (sl->len + PGS_POOL_LZ4_BLOCK - 1) /
			    PGS_POOL_LZ4_BLOCK;
	int level = w->pool->level;

	sl->out_len = 0;
	if (slot_reserve(sl, nb * (4 + PGS_POOL_LZ4_BLOCK), err))
		return -1;
	while (at < sl->len) {
		size_t n = sl->len - at < PGS_POOL_LZ4_BLOCK ?
			   sl->len - at : PGS_POOL_LZ4_BLOCK;
		const char *src = (const char *)sl->in + at;
		char *dst = (char *)sl->out + sl->out_len + 4;
		int c;

		/* LZ4F: below LZ4HC_CLEVEL_MIN the fast compressor,
		 * acceleration 1; room srcSize - 1, so 0 means "no gain". */
		if (level < LZ4HC_CLEVEL_MIN)
			c = LZ4_compress_fast_extState(w->lz4state, src, dst,
						       (int)n, (int)n - 1, 1);
		else
			c = LZ4_compress_HC_extStateHC(w->lz4state, src, dst,
						       (int)n, (int)n - 1,
						       level);
		if (c <= 0 || (size_t)c >= n) {
			put_le32(sl->out + sl->out_len, (uint32_t)n | 0x80000000u);
			memcpy(dst, src, n);
			sl->out_len += 4 + n;
		} else {
			put_le32(sl->out + sl->out_len, (uint32_t)c);
			sl->out_len += 4 + (size_t)c;
		}
		at += n;
	}
	return 0;
}

static int block_compress(struct pool_worker *w, struct pool_slot *sl,
			  struct pgs_error *err)
{
	struct pgs_compress_pool *pool = w->pool;

	if (sl->nth == pool->fail_block)
		return pgs_error_set(err, PGS_EINTERNAL, "%s compression "
				     "failed: block %llu of the stream "
				     "(fault injection for tests)",
				     pgs_compression_name(pool->alg),
				     (unsigned long long)sl->nth);
	if (pool->alg == PGS_COMPRESS_GZIP)
		return block_deflate(w, sl, err);
	return block_lz4(w, sl, err);
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* The writer: one block's bytes to the sink, after the stream's header if
 * it is the first, before its trailer if it is the last. */
static int block_write(struct pgs_compress_pool *pool, struct pool_slot *sl,
		       int first, struct pgs_error *err)
{
	unsigned char tail[8];
	size_t tail_len = 0;

	if (first) {
		pool->check = pool->container == PGS_CONTAINER_FILE ?
			      (uint32_t)crc32(0L, NULL, 0) :
			      (uint32_t)adler32(1L, NULL, 0);
		pool->total = 0;
		if (pool->sink(pool->ctx, pool->head_bytes, pool->head_len, err))
			return -1;
	}
	if (sl->out_len && pool->sink(pool->ctx, sl->out, sl->out_len, err))
		return -1;
	if (pool->alg == PGS_COMPRESS_GZIP) {
		pool->check = pool->container == PGS_CONTAINER_FILE ?
			(uint32_t)crc32_combine(pool->check, sl->check,
						(z_off_t)sl->len) :
			(uint32_t)adler32_combine(pool->check, sl->check,
						  (z_off_t)sl->len);
	}
	pool->total += sl->len;
	if (!sl->last)
		return 0;
	if (pool->alg == PGS_COMPRESS_LZ4) {
		put_le32(tail, 0);          /* the end mark */
		tail_len = 4;
	} else if (pool->container == PGS_CONTAINER_FILE) {
		put_le32(tail, pool->check);
		put_le32(tail + 4, (uint32_t)pool->total);   /* ISIZE: mod 2^32 */
		tail_len = 8;
	} else {
		put_be32(tail, pool->check);
		tail_len = 4;
	}
	return pool->sink(pool->ctx, tail, tail_len, err);
}

static void *worker_main(void *arg)
{
	struct pool_worker *w = arg;
	struct pgs_compress_pool *pool = w->pool;
	struct pgs_error e;

	pthread_mutex_lock(&pool->mu);
	for (;;) {
		struct pool_slot *sl;
		int rc = 0, failed;

		while (pool->take_seq == pool->fill_seq && !pool->quit)
			pthread_cond_wait(&pool->work, &pool->mu);
		if (pool->quit)
			break;
		sl = &pool->slots[pool->take_seq % pool->nslots];
		pool->take_seq++;
		/* Once failed, blocks are dropped, not compressed. */
		failed = pool->failed;
		pthread_mutex_unlock(&pool->mu);
		pgs_error_init(&e);
		if (!failed)
			rc = block_compress(w, sl, &e);
		pthread_mutex_lock(&pool->mu);
		sl->done = 1;
		if (rc)
			keep_failure(pool, &e);
		if (pool->writing)
			continue;   /* the writer will see it done */
		pool->writing = 1;
		while (pool->write_seq < pool->take_seq) {
			struct pool_slot *ws =
				&pool->slots[pool->write_seq % pool->nslots];
			int first = ws->seq == pool->first_seq;

			if (!ws->done)
				break;
			failed = pool->failed;
			pthread_mutex_unlock(&pool->mu);
			pgs_error_init(&e);
			rc = failed ? 0 : block_write(pool, ws, first, &e);
			pthread_mutex_lock(&pool->mu);
			if (rc)
				keep_failure(pool, &e);
			ws->done = 0;
			ws->len = 0;
			ws->dictlen = 0;
			ws->last = 0;
			pool->write_seq++;
			pthread_cond_broadcast(&pool->done);
		}
		pool->writing = 0;
	}
	pthread_mutex_unlock(&pool->mu);
	return NULL;
}

/* The header a batched stream starts with. */
static int make_head(struct pgs_compress_pool *pool, struct pgs_error *err)
{
	unsigned char *h = pool->head_bytes;

	if (pool->alg == PGS_COMPRESS_LZ4) {
		LZ4F_cctx *c = NULL;
		LZ4F_preferences_t prefs;
		size_t ret;

		/* pg_dump's prefs (only the level), blocks independent. */
		memset(&prefs, 0, sizeof(prefs));
		prefs.compressionLevel = pool->level;
		prefs.frameInfo.blockMode = LZ4F_blockIndependent;
		if (LZ4F_isError(LZ4F_createCompressionContext(&c, LZ4F_VERSION)))
			return pgs_error_set(err, PGS_ENOMEM, "out of memory "
					     "creating the lz4 encoder");
		ret = LZ4F_compressBegin(c, h, sizeof(pool->head_bytes), &prefs);
		LZ4F_freeCompressionContext(c);
		if (LZ4F_isError(ret))
			return pgs_error_set(err, PGS_EINTERNAL, "lz4 compression "
					     "failed: %s", LZ4F_getErrorName(ret));
		pool->head_len = ret;
	} else if (pool->container == PGS_CONTAINER_FILE) {
		/* deflate.c's gzip header with no gz_header: no name,
		 * mtime 0, XFL from the level, OS_CODE 3 (Unix). */
		memset(h, 0, 10);
		h[0] = 0x1f;
		h[1] = 0x8b;
		h[2] = Z_DEFLATED;
		h[8] = pool->level == 9 ? 2 : pool->level < 2 ? 4 : 0;
		h[9] = 3;
		pool->head_len = 10;
	} else {
		/* deflate.c's zlib header: 32 KiB window, the level's flags,
		 * no preset dictionary, FCHECK. */
		unsigned hdr = (Z_DEFLATED + ((15 - 8) << 4)) << 8;
		unsigned flags = pool->level < 2 ? 0 : pool->level < 6 ? 1 :
				 pool->level == 6 ? 2 : 3;

		hdr |= flags << 6;
		hdr += 31 - (hdr % 31);
		h[0] = (unsigned char)(hdr >> 8);
		h[1] = (unsigned char)hdr;
		pool->head_len = 2;
	}
	return 0;
}

static void batched_free(struct pgs_compress_pool *pool)
{
	unsigned i;

	if (pool->workers) {
		pthread_mutex_lock(&pool->mu);
		pool->quit = 1;
		pthread_cond_broadcast(&pool->work);
		pthread_mutex_unlock(&pool->mu);
		for (i = 0; i < pool->nworkers; i++) {
			struct pool_worker *w = &pool->workers[i];

			if (w->started)
				pthread_join(w->thread, NULL);
			if (w->zs_ready)
				deflateEnd(&w->zs);
			free(w->lz4state);
		}
		free(pool->workers);
	}
	if (pool->slots) {
		for (i = 0; i < pool->nslots; i++) {
			free(pool->slots[i].in);
			free(pool->slots[i].dict);
			free(pool->slots[i].out);
		}
		free(pool->slots);
	}
}

static int batched_new(struct pgs_compress_pool *pool, unsigned nworkers,
		       struct pgs_error *err)
{
	size_t lz4size = 0;
	unsigned i;

	if (pool->alg == PGS_COMPRESS_GZIP) {
		if (pool->level == PGS_COMPRESS_DEFAULT_LEVEL)
			pool->level = 6;   /* Z_DEFAULT_COMPRESSION */
	} else {
		if (pool->level == PGS_COMPRESS_DEFAULT_LEVEL)
			pool->level = 0;   /* LZ4F's default */
		lz4size = (size_t)LZ4_sizeofState();
		if ((size_t)LZ4_sizeofStateHC() > lz4size)
			lz4size = (size_t)LZ4_sizeofStateHC();
	}
	if (make_head(pool, err))
		return -1;
	pool->nworkers = nworkers;
	/* One filling, one per worker compressing, as many done and waiting
	 * for their turn or queued, and three more: a worker descheduled in
	 * the middle of a block holds up the writing of every later one, and
	 * on a machine with more threads than cores (the main thread beside
	 * -j workers) that happens; the spare slots keep the others busy
	 * meanwhile (-j 2 on 2 cores: 6 % faster than with 2N + 1).  One
	 * worker takes the blocks in order: three slots do (a directory
	 * archive's table workers have a pool of one each). */
	pool->nslots = nworkers == 1 ? 3 : 2 * nworkers + 4;
	pool->slots = calloc(pool->nslots, sizeof(*pool->slots));
	pool->workers = calloc(nworkers, sizeof(*pool->workers));
	if (!pool->slots || !pool->workers)
		goto nomem;
	for (i = 0; i < pool->nslots; i++) {
		pool->slots[i].in = malloc(PGS_POOL_BLOCK);
		pool->slots[i].dict = malloc(PGS_POOL_DICT);
		if (!pool->slots[i].in || !pool->slots[i].dict)
			goto nomem;
	}
	for (i = 0; i < nworkers; i++) {
		struct pool_worker *w = &pool->workers[i];

		w->pool = pool;
		w->index = i;
		if (pool->alg == PGS_COMPRESS_GZIP) {
			/* Raw deflate: the header and trailer are the
			 * writer's. */
			if (deflateInit2(&w->zs, pool->level, Z_DEFLATED, -15, 8,
					 Z_DEFAULT_STRATEGY) != Z_OK)
				goto nomem;
			w->zs_ready = 1;
		} else {
			/* LZ4's states want 8-byte alignment: malloc's. */
			w->lz4state = malloc(lz4size);
			if (!w->lz4state)
				goto nomem;
		}
	}
	for (i = 0; i < nworkers; i++) {
		struct pool_worker *w = &pool->workers[i];

		if (pgs_thread_create(&w->thread, worker_main, w) != 0) {
			batched_free(pool);
			return pgs_error_set(err, PGS_ENOMEM, "cannot start "
					     "the compression threads");
		}
		w->started = 1;
	}
	return 0;

nomem:
	batched_free(pool);
	return pgs_error_set(err, PGS_ENOMEM, "out of memory creating the %s "
			     "encoders", pgs_compression_name(pool->alg));
}

/* ---- batched streams: the owner ----------------------------------------- */

/* The owner's failure return: call with the mutex held. */
static int pool_failed(struct pgs_compress_pool *pool, struct pgs_error *err)
{
	if (err)
		*err = pool->err;
	pthread_mutex_unlock(&pool->mu);
	return -1;
}

/*
 * Queue the block being filled.  Unless it is the stream's last, first
 * wait for the next slot to be free and give it this block's last 32 KiB
 * as its dictionary.
 */
static int queue_block(struct pgs_compress_pool *pool, int last,
		       struct pgs_error *err)
{
	struct pool_slot *sl = &pool->slots[pool->fill_seq % pool->nslots];

	pthread_mutex_lock(&pool->mu);
	if (!last)
		while (pool->fill_seq + 1 - pool->write_seq >= pool->nslots &&
		       !pool->failed)
			pthread_cond_wait(&pool->done, &pool->mu);
	if (pool->failed)
		return pool_failed(pool, err);
	pthread_mutex_unlock(&pool->mu);
	if (!last) {
		/* Free: only the owner touches it until it is queued. */
		struct pool_slot *next =
			&pool->slots[(pool->fill_seq + 1) % pool->nslots];
		size_t d = sl->len < PGS_POOL_DICT ? sl->len : PGS_POOL_DICT;

		memcpy(next->dict, sl->in + sl->len - d, d);
		next->dictlen = d;
		next->len = 0;
		next->last = 0;
		next->seq = pool->fill_seq + 1;
		next->nth = sl->nth + 1;
	}
	sl->last = last;
	pthread_mutex_lock(&pool->mu);
	pool->fill_seq++;
	pthread_cond_signal(&pool->work);
	pthread_mutex_unlock(&pool->mu);
	return 0;
}

/* Plain bytes of the open stream into blocks, queued as they fill.  A full
 * block waits for the next byte, so that the last block is never empty
 * (unless the stream is). */
static int batched_add(struct pgs_compress_pool *pool, const void *p,
		       size_t n, struct pgs_error *err)
{
	const unsigned char *s = p;

	pthread_mutex_lock(&pool->mu);
	if (pool->failed)
		return pool_failed(pool, err);
	pthread_mutex_unlock(&pool->mu);
	while (n > 0) {
		struct pool_slot *sl =
			&pool->slots[pool->fill_seq % pool->nslots];
		size_t room, piece;

		if (sl->len == PGS_POOL_BLOCK) {
			if (queue_block(pool, 0, err))
				return -1;
			continue;
		}
		room = PGS_POOL_BLOCK - sl->len;
		piece = n < room ? n : room;
		memcpy(sl->in + sl->len, s, piece);
		sl->len += piece;
		s += piece;
		n -= piece;
	}
	return 0;
}

static int batched_begin(struct pgs_compress_pool *pool,
			 struct pgs_error *err)
{
	struct pool_slot *sl;

	pthread_mutex_lock(&pool->mu);
	if (pool->failed)
		return pool_failed(pool, err);
	/* No stream open: every slot is free. */
	assert(pool->write_seq == pool->fill_seq &&
	       pool->take_seq == pool->fill_seq);
	pthread_mutex_unlock(&pool->mu);
	sl = &pool->slots[pool->fill_seq % pool->nslots];
	sl->len = 0;
	sl->dictlen = 0;
	sl->last = 0;
	sl->seq = pool->fill_seq;
	sl->nth = 1;
	pool->first_seq = pool->fill_seq;
	return 0;
}

static int batched_end(struct pgs_compress_pool *pool, struct pgs_error *err)
{
	int rc = queue_block(pool, 1, err);

	/* Success or failure, every queued block is written (or dropped,
	 * after a failure) before we return: then no pool thread is in the
	 * sink, nor will be. */
	pthread_mutex_lock(&pool->mu);
	while (pool->write_seq != pool->fill_seq)
		pthread_cond_wait(&pool->done, &pool->mu);
	if (rc) {
		pthread_mutex_unlock(&pool->mu);
		return -1;
	}
	if (pool->failed)
		return pool_failed(pool, err);
	pthread_mutex_unlock(&pool->mu);
	return 0;
}

/* ---- serial streams ------------------------------------------------------ */

static void *pool_main(void *arg)
{
	struct pgs_compress_pool *pool = arg;
	struct pgs_error e;

	pthread_mutex_lock(&pool->mu);
	for (;;) {
		int rc = 0, failed;

		while (!pool->count && !pool->finish && !pool->quit)
			pthread_cond_wait(&pool->work, &pool->mu);
		if (pool->quit)
			break;
		/* Once failed, batches are dropped, not compressed. */
		failed = pool->failed;
		pgs_error_init(&e);
		if (pool->count) {
			struct pgs_buf *b = &pool->slot[pool->head];

			pthread_mutex_unlock(&pool->mu);
			if (!failed)
				rc = pgs_encoder_write(pool->enc, b->data, b->len,
						       pool->sink, pool->ctx, &e);
			if (b->cap > PGS_POOL_KEEP_CAP)
				pgs_buf_release(b);
			else
				pgs_buf_reset(b);
			pthread_mutex_lock(&pool->mu);
			pool->head = (pool->head + 1) % PGS_POOL_SLOTS;
			pool->count--;
		} else {
			pthread_mutex_unlock(&pool->mu);
			if (!failed)
				rc = pgs_encoder_finish(pool->enc, pool->sink,
							pool->ctx, &e);
			pthread_mutex_lock(&pool->mu);
			pool->finish = 0;
			pool->finished = 1;
		}
		if (rc && !pool->failed) {
			pool->failed = 1;
			pool->err = e;
		}
		pthread_cond_signal(&pool->done);
	}
	pthread_mutex_unlock(&pool->mu);
	return NULL;
}

int pgs_compress_pool_new(struct pgs_compress_pool **out,
			  enum pgs_compression alg, int level,
			  unsigned nworkers, size_t batch_max,
			  struct pgs_error *err)
{
	return pgs_compress_pool_new_in(out, alg, level, PGS_CONTAINER_STREAM,
					nworkers, batch_max, err);
}

int pgs_compress_pool_new_in(struct pgs_compress_pool **out,
			     enum pgs_compression alg, int level,
			     enum pgs_container c, unsigned nworkers,
			     size_t batch_max, struct pgs_error *err)
{
	struct pgs_compress_pool *pool;
	int i;

	*out = NULL;
	if (nworkers < 1)
		nworkers = 1;
	if (nworkers > PGS_POOL_MAX_WORKERS)
		nworkers = PGS_POOL_MAX_WORKERS;
	pool = calloc(1, sizeof(*pool));
	if (!pool)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	pool->alg = alg;
	pool->container = c;
	pool->level = level;
	pool->batched = alg == PGS_COMPRESS_GZIP || alg == PGS_COMPRESS_LZ4;
	pgs_error_init(&pool->err);
	pthread_mutex_init(&pool->mu, NULL);
	pthread_cond_init(&pool->work, NULL);
	pthread_cond_init(&pool->done, NULL);
	if (pool->batched) {
		/* The level is checked as the serial encoder checks it. */
		struct pgs_encoder *probe = NULL;

		if (pgs_encoder_new_in(&probe, alg, level, c, err))
			goto fail;
		pgs_encoder_free(probe);
		if (batched_new(pool, nworkers, err))
			goto fail;
		*out = pool;
		return 0;
	}
	if (pgs_encoder_new_in(&pool->enc, alg, level, c, err) ||
	    pgs_encoder_set_workers(pool->enc, nworkers, err))
		goto fail;
	for (i = 0; i < PGS_POOL_SLOTS; i++)
		pgs_buf_init(&pool->slot[i], batch_max);
	if (pgs_thread_create(&pool->thread, pool_main, pool) != 0) {
		pgs_error_set(err, PGS_ENOMEM,
			      "cannot start the compression thread");
		goto fail;
	}
	*out = pool;
	return 0;

fail:
	pthread_mutex_destroy(&pool->mu);
	pthread_cond_destroy(&pool->work);
	pthread_cond_destroy(&pool->done);
	pgs_encoder_free(pool->enc);
	free(pool);
	return -1;
}

void pgs_compress_pool_fail_at(struct pgs_compress_pool *pool,
			       uint64_t block)
{
	pool->fail_block = block;
}

int pgs_compress_pool_begin(struct pgs_compress_pool *pool, pgs_sink_fn sink,
			    void *ctx, struct pgs_error *err)
{
	assert(!pool->open);
	pthread_mutex_lock(&pool->mu);
	if (pool->failed)
		return pool_failed(pool, err);
	/* No stream open: the workers are idle. */
	assert(pool->count == 0 && !pool->finish);
	pool->sink = sink;
	pool->ctx = ctx;
	pthread_mutex_unlock(&pool->mu);
	if (pool->batched) {
		if (batched_begin(pool, err))
			return -1;
	} else if (pgs_encoder_reset(pool->enc, err)) {
		return -1;
	}
	pool->open = 1;
	return 0;
}

int pgs_compress_pool_submit(struct pgs_compress_pool *pool,
			     struct pgs_buf *batch, struct pgs_error *err)
{
	struct pgs_buf tmp;
	size_t at;

	assert(pool->open);
	if (batch->len == 0)
		return 0;
	if (pool->batched) {
		int rc = batched_add(pool, batch->data, batch->len, err);

		pgs_buf_reset(batch);
		return rc;
	}
	pthread_mutex_lock(&pool->mu);
	while (pool->count == PGS_POOL_SLOTS && !pool->failed)
		pthread_cond_wait(&pool->done, &pool->mu);
	if (pool->failed)
		return pool_failed(pool, err);
	at = (pool->head + pool->count) % PGS_POOL_SLOTS;
	tmp = pool->slot[at];
	pool->slot[at] = *batch;
	*batch = tmp;
	pool->count++;
	pthread_cond_signal(&pool->work);
	pthread_mutex_unlock(&pool->mu);
	pgs_buf_reset(batch);
	return 0;
}

/* Wait until the worker has compressed everything queued. */
static int pool_drain(struct pgs_compress_pool *pool, struct pgs_error *err)
{
	pthread_mutex_lock(&pool->mu);
	while (pool->count && !pool->failed)
		pthread_cond_wait(&pool->done, &pool->mu);
	if (pool->failed)
		return pool_failed(pool, err);
	pthread_mutex_unlock(&pool->mu);
	return 0;
}

int pgs_compress_pool_write(struct pgs_compress_pool *pool, const void *p,
			    size_t n, struct pgs_error *err)
{
	int rc;

	assert(pool->open);
	if (pool->batched)
		return batched_add(pool, p, n, err);
	if (pool_drain(pool, err))
		return -1;
	/* The queue is empty and no finish is asked for: the worker waits,
	 * and the encoder and the sink are ours until we return. */
	rc = pgs_encoder_write(pool->enc, p, n, pool->sink, pool->ctx, err);
	if (rc) {
		/* Keep it, so that the owner's later calls fail too. */
		pthread_mutex_lock(&pool->mu);
		keep_failure(pool, err);
		pthread_mutex_unlock(&pool->mu);
	}
	return rc;
}

int pgs_compress_pool_end(struct pgs_compress_pool *pool,
			  struct pgs_error *err)
{
	assert(pool->open);
	pool->open = 0;
	if (pool->batched)
		return batched_end(pool, err);
	pthread_mutex_lock(&pool->mu);
	pool->finished = 0;
	pool->finish = 1;
	pthread_cond_signal(&pool->work);
	while (!pool->finished && !pool->failed)
		pthread_cond_wait(&pool->done, &pool->mu);
	/* A failure before the finish: it is not run, clear the request. */
	pool->finish = 0;
	if (pool->failed)
		return pool_failed(pool, err);
	pthread_mutex_unlock(&pool->mu);
	return 0;
}

void pgs_compress_pool_free(struct pgs_compress_pool *pool)
{
	int i;

	if (!pool)
		return;
	if (pool->batched) {
		batched_free(pool);
	} else {
		pthread_mutex_lock(&pool->mu);
		pool->quit = 1;
		pthread_cond_signal(&pool->work);
		pthread_mutex_unlock(&pool->mu);
		pthread_join(pool->thread, NULL);
		for (i = 0; i < PGS_POOL_SLOTS; i++)
			pgs_buf_release(&pool->slot[i]);
	}
	pthread_mutex_destroy(&pool->mu);
	pthread_cond_destroy(&pool->work);
	pthread_cond_destroy(&pool->done);
	pgs_encoder_free(pool->enc);
	free(pool);
}

int pgs_thread_create(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
