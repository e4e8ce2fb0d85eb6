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
 * Rows (pgs_compress_pool_begin_rows): the blocks are units of COPY text
 * cut at row ends (the first LF from each unit's PGS_POOL_BLOCK-th byte,
 * never after the "\." line), each rewritten by the worker that takes it
 * (the owner's rows function, with the worker's number) and then
 * compressed.  Its dictionary is the previous unit's rewritten tail,
 * known only when that unit is rewritten: each worker publishes its
 * unit's last 32 KiB in a ring of nslots + 1 tails and waits, if need be,
 * for the previous unit's.  The rewritten unit is compressed from pieces
 * (its own bytes, and a huge kept value where it lies in the unit's
 * input), so that a huge row is not copied once more.  The units in
 * flight are bounded in bytes too (PGS_POOL_ROWS_EXTRA beyond nslots
 * blocks; one unit is always let through): otherwise a table of huge rows
 * would have every slot hold one.  The earliest unit's failure is the one
 * reported, for any number of workers.
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
 *
 * One worker (pool->single, -j 1): no thread at all.  Batched, the owner
 * runs the worker's step (worker_step) as it queues each block, so the
 * block is rewritten, compressed and written, sink included, before the
 * queuing call returns: every wait above then finds its slot written.
 * Serial, the owner calls the encoder itself (_submit as _write).  The
 * blocks, units and bytes are the same as with threads.
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

#include "pgscrub/copy.h"   /* PGS_COPY_MAX_TRAILING_LFS */

#define PGS_POOL_SLOTS 2
/* A slot that had to hold a huge row gives its memory back. */
#define PGS_POOL_KEEP_CAP ((size_t)1 << 20)
/* deflate's window: the dictionary each block gets from the one before. */
#define PGS_POOL_DICT ((size_t)32 * 1024)
/* lz4 frame blocks (LZ4F's default max64KB); PGS_POOL_BLOCK is a multiple. */
#define PGS_POOL_LZ4_BLOCK ((size_t)64 * 1024)
#define PGS_POOL_MAX_WORKERS 256
/* Rows: units in flight (queued, being rewritten, or waiting to be
 * written) hold at most this much input beyond nslots blocks, unless only
 * one is in flight: a table of rows longer than a block would otherwise
 * have every slot hold a whole row and its rewritten and compressed
 * copies, memory growing with -j (issue 13: bounded by N x batch size). */
#define PGS_POOL_ROWS_EXTRA ((size_t)16 << 20)

/* What a block compresses: pieces in order, of the slot's own buffers. */
struct src_piece {
	const unsigned char *p;     /* NULL: at off in the unit output's buf */
	size_t off, n;
};

/* A unit's output (rows): its own bytes and pieces of the unit's input. */
struct pgs_pool_out {
	struct pgs_buf buf;
	struct src_piece *pieces;
	size_t npieces, cap;
	const unsigned char *in;    /* the unit's input, for the refs' check */
	size_t in_len;
	struct pgs_buf *taken;      /* buffers taken whole (pgs_pool_out_take) */
	size_t ntaken, taken_cap;
};

/* One block of a batched stream. */
struct pool_slot {
	unsigned char *in;          /* PGS_POOL_BLOCK bytes (rows: grows to
				       a unit's size) */
	size_t len, in_cap;
	size_t scan;                /* rows: LFs searched up to here */
	size_t ended_at;            /* rows: just after the "\\." line, or 0 */
	uint64_t lines_before;      /* rows: LFs in the stream's earlier units */
	struct pgs_pool_out mid;    /* rows: the unit rewritten */
	struct src_piece one;       /* plain streams: in[0 .. len) */
	const struct src_piece *src;   /* what is compressed: pieces with p */
	size_t nsrc;
	size_t srclen;              /* their total */
	unsigned char *dict;        /* PGS_POOL_DICT bytes */
	size_t dictlen;
	unsigned char *out;         /* its compressed bytes */
	size_t out_len, out_cap;
	uint32_t check;             /* Adler-32 or CRC-32 of in */
	uint64_t seq;
	uint64_t nth;               /* its place in the stream, from 1 */
	size_t charged;             /* rows: its bytes in pool->inflight */
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
	unsigned char *stage;       /* lz4: a frame block across pieces */
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
	uint64_t failed_seq;        /* the block whose failure err is */
	int open;                   /* a stream is open (owner's only) */
	int single;                 /* one worker: no thread, the owner runs
				       its work as it queues it */
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
	/* Rows rewritten on the workers (pgs_compress_pool_begin_rows). */
	pgs_pool_rows_fn rows_fn;   /* NULL: a plain stream */
	void *rows_ctx;
	size_t max_unit;
	uint64_t lines;             /* the owner's: LFs in queued units */
	size_t inflight;            /* input bytes of the units in flight */
	size_t inflight_max;        /* PGS_POOL_ROWS_EXTRA + nslots blocks */
	int rows_dead;              /* the owner's: past a broken end line,
				       the rest of the stream is dropped */
	pthread_cond_t dictc;       /* a unit's tail published, or failed */
	unsigned char **tails;      /* nslots + 1 rings of PGS_POOL_DICT: */
	size_t *tail_len;           /* unit s's last 32 KiB in s % (nslots+1) */
	uint64_t *tail_seq;         /* which unit, plus 1 (0: none) */
};

/* ---- batched streams: the workers ---------------------------------------- */

static int out_piece(struct pgs_pool_out *out, const unsigned char *p,
		     size_t off, size_t n, struct pgs_error *err)
{
	struct src_piece *last = out->npieces ? &out->pieces[out->npieces - 1]
					      : NULL;

	if (n == 0)
		return 0;
	/* Own bytes right after own bytes: one piece. */
	if (!p && last && !last->p && last->off + last->n == off) {
		last->n += n;
		return 0;
	}
	if (out->npieces == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 16;
		struct src_piece *q = realloc(out->pieces, cap * sizeof(*q));

		if (!q)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		out->pieces = q;
		out->cap = cap;
	}
	out->pieces[out->npieces].p = p;
	out->pieces[out->npieces].off = off;
	out->pieces[out->npieces].n = n;
	out->npieces++;
	return 0;
}

int pgs_pool_out_add(struct pgs_pool_out *out, const void *p, size_t n,
		     struct pgs_error *err)
{
	size_t off = out->buf.len;

	if (n == 0)
		return 0;
	if (pgs_buf_add(&out->buf, p, n, err))
		return -1;
	return out_piece(out, NULL, off, n, err);
}

int pgs_pool_out_take(struct pgs_pool_out *out, struct pgs_buf *b,
		      struct pgs_error *err)
{
	struct pgs_buf *t;

	if (b->len == 0)
		return 0;
	if (out->ntaken == out->taken_cap) {
		size_t cap = out->taken_cap ? out->taken_cap * 2 : 4;
		struct pgs_buf *q = realloc(out->taken, cap * sizeof(*q));

		if (!q)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		out->taken = q;
		out->taken_cap = cap;
	}
	if (out_piece(out, (const unsigned char *)b->data, 0, b->len, err))
		return -1;
	/* Its bytes are the unit's now; b starts again empty, same max. */
	t = &out->taken[out->ntaken++];
	*t = *b;
	pgs_buf_init(b, t->max);
	return 0;
}

/* A unit's output emptied for the next unit: taken buffers freed. */
static void out_reset(struct pgs_pool_out *out)
{
	size_t i;

	pgs_buf_reset(&out->buf);
	out->npieces = 0;
	for (i = 0; i < out->ntaken; i++)
		pgs_buf_release(&out->taken[i]);
	out->ntaken = 0;
}

int pgs_pool_out_ref(struct pgs_pool_out *out, const void *p, size_t n,
		     struct pgs_error *err)
{
	const unsigned char *q = p;

	/* Only the unit's input lives as long as the unit. */
	if (q < out->in || q + n > out->in + out->in_len)
		return pgs_pool_out_add(out, p, n, err);
	return out_piece(out, q, 0, n, err);
}

/* The failure of a worker or of the sink, kept for the owner: call with the
 * mutex held. */
static void keep_failure(struct pgs_compress_pool *pool,
			 const struct pgs_error *e, uint64_t seq)
{
	/* The earliest block's failure, whichever thread saw it first: the
	 * same message for any number of workers (the owner reads it only
	 * when every queued block is done: rows_failed). */
	if (!pool->failed || seq < pool->failed_seq) {
		pool->failed = 1;
		pool->err = *e;
		pool->failed_seq = seq;
	}
	/* A worker waiting for a unit's tail must not wait for ever. */
	pthread_cond_broadcast(&pool->dictc);
}

/*
 * Rows: the unit through the pool's rows function, its last 32 KiB
 * published for the next unit, the previous unit's taken as this one's
 * dictionary (waiting for it if its worker is still rewriting).  The
 * tails are a ring of nslots + 1: unit s's entry is next written by unit
 * s + nslots + 1, which cannot be in flight before unit s + 1 has been
 * written, long after it read the entry.  1: the stream failed meanwhile,
 * nothing to compress.
 */
static int unit_rewrite(struct pool_worker *w, struct pool_slot *sl,
			struct pgs_error *err)
{
	struct pgs_compress_pool *pool = w->pool;
	struct pgs_pool_out *o = &sl->mid;
	size_t nt = pool->nslots + 1, at = sl->seq % nt, prev, d = 0, i;
	int rc, ok = 1;

	out_reset(o);
	o->in = sl->in;
	o->in_len = sl->len;
	rc = pool->rows_fn(pool->rows_ctx, w->index, sl->in, sl->len,
			   sl->lines_before, sl->last, o, err);
	sl->srclen = 0;
	if (!rc) {
		/* The pieces as pointers: the buffer is complete now. */
		for (i = 0; i < o->npieces; i++) {
			if (!o->pieces[i].p)
				o->pieces[i].p = (const unsigned char *)o->buf.data +
						 o->pieces[i].off;
			sl->srclen += o->pieces[i].n;
		}
		sl->src = o->pieces;
		sl->nsrc = o->npieces;
		/* The last 32 KiB, from the last pieces backwards. */
		d = sl->srclen < PGS_POOL_DICT ? sl->srclen : PGS_POOL_DICT;
		{
			size_t need = d, k = o->npieces;

			while (need) {
				const struct src_piece *pc = &o->pieces[--k];
				size_t take = pc->n < need ? pc->n : need;

				memcpy(pool->tails[at] + need - take,
				       pc->p + pc->n - take, take);
				need -= take;
			}
		}
	}
	prev = (sl->seq + nt - 1) % nt;
	pthread_mutex_lock(&pool->mu);
	/* Published after a failure too, so that no worker waits for it. */
	pool->tail_len[at] = d;
	pool->tail_seq[at] = sl->seq + 1;
	pthread_cond_broadcast(&pool->dictc);
	if (!rc && sl->nth > 1) {
		while (pool->tail_seq[prev] != sl->seq && !pool->failed &&
		       !pool->quit)
			pthread_cond_wait(&pool->dictc, &pool->mu);
		ok = pool->tail_seq[prev] == sl->seq && !pool->failed;
	}
	d = ok && sl->nth > 1 ? pool->tail_len[prev] : 0;
	pthread_mutex_unlock(&pool->mu);
	if (rc)
		return -1;
	if (!ok)
		return 1;
	sl->dictlen = 0;
	if (d) {
		memcpy(sl->dict, pool->tails[prev], d);
		sl->dictlen = d;
	}
	return 0;
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
	int container_file = w->pool->container == PGS_CONTAINER_FILE;
	/* Each function's start value (1 for Adler-32, 0 for CRC-32). */
	uint32_t check = container_file ? (uint32_t)crc32(0L, NULL, 0) :
			 (uint32_t)adler32(0L, NULL, 0);
	size_t i;
	int ret = Z_OK;
	sl->out_len = 0;
	if (deflateReset(zs) != Z_OK ||
	    (sl->dictlen &&
	     deflateSetDictionary(zs, sl->dict, (uInt)sl->dictlen) != Z_OK))
		return pgs_error_set(err, PGS_EINTERNAL,
				     "gzip compression failed: cannot reset deflate");
	if (slot_reserve(sl, deflateBound(zs, (uLong)sl->srclen) + 64, err))
		return -1;
	/* Each piece (a unit's pieces are at most 1 GB, a row), then the
	 * flush with no input. */
	for (i = 0; i <= sl->nsrc; i++) {
		int flush = i == sl->nsrc ? (sl->last ? Z_FINISH : Z_SYNC_FLUSH)
					  : Z_NO_FLUSH;

		if (i < sl->nsrc) {
			zs->next_in = sl->src[i].p;
			zs->avail_in = (uInt)sl->src[i].n;
			check = container_file ?
				(uint32_t)crc32(check, sl->src[i].p,
						(uInt)sl->src[i].n) :
				(uint32_t)adler32(check, sl->src[i].p,
						  (uInt)sl->src[i].n);
		} else {
			zs->next_in = NULL;
			zs->avail_in = 0;
		}
		for (;;) {
			zs->next_out = sl->out + sl->out_len;
			zs->avail_out = (uInt)(sl->out_cap - sl->out_len);
			ret = deflate(zs, flush);
			sl->out_len = sl->out_cap - zs->avail_out;
			if (ret == Z_STREAM_ERROR)
				return pgs_error_set(err, PGS_EINTERNAL,
						     "gzip compression failed: %s",
						     zs->msg ? zs->msg : "deflate failed");
			if (flush == Z_FINISH ? ret == Z_STREAM_END :
			    zs->avail_out != 0)
				break;
			/* Output full: room for more, and call again
			 * (zpipe.c). */
			if (slot_reserve(sl, sl->out_cap * 2, err))
				return -1;
		}
		if (zs->avail_in != 0)
			return pgs_error_set(err, PGS_EINTERNAL, "gzip "
					     "compression failed: deflate "
					     "stopped before the end of its "
					     "input");
	}
	sl->check = check;
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
 * stored raw when compressing does not shrink it), the pieces staged
 * into 64 KiB when a frame block would straddle two. */
static int block_lz4(struct pool_worker *w, struct pool_slot *sl,
		     struct pgs_error *err)
{
	size_t nb = (sl->srclen + PGS_POOL_LZ4_BLOCK - 1) / PGS_POOL_LZ4_BLOCK;
	size_t pi = 0, po = 0;      /* the next byte: piece pi, offset po */
	size_t left = sl->srclen;
	int level = w->pool->level;

	sl->out_len = 0;
	if (slot_reserve(sl, nb * (4 + PGS_POOL_LZ4_BLOCK), err))
		return -1;
	while (left > 0) {
		size_t n = left < PGS_POOL_LZ4_BLOCK ? left : PGS_POOL_LZ4_BLOCK;
		const char *src;
		char *dst = (char *)sl->out + sl->out_len + 4;
		int c;

		while (sl->src[pi].n == po) {
			pi++;
			po = 0;
		}
		if (sl->src[pi].n - po >= n) {
			src = (const char *)sl->src[pi].p + po;
			po += n;
		} else {
			size_t got = 0;

			while (got < n) {
				size_t take;

				while (sl->src[pi].n == po) {
					pi++;
					po = 0;
				}
				take = sl->src[pi].n - po < n - got ?
				       sl->src[pi].n - po : n - got;
				memcpy(w->stage + got, sl->src[pi].p + po, take);
				got += take;
				po += take;
			}
			src = (const char *)w->stage;
		}
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
		left -= n;
	}
	return 0;
}

static int block_compress(struct pool_worker *w, struct pool_slot *sl,
			  struct pgs_error *err)
{
	struct pgs_compress_pool *pool = w->pool;

	if (!pool->rows_fn) {
		sl->one.p = sl->in;
		sl->one.n = sl->len;
		sl->src = &sl->one;
		sl->nsrc = 1;
		sl->srclen = sl->len;
	}

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
						(z_off_t)sl->srclen) :
			(uint32_t)adler32_combine(pool->check, sl->check,
						  (z_off_t)sl->srclen);
	}
	pool->total += sl->srclen;
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

/*
 * Worker w takes the next queued block, rewrites (rows) and compresses it,
 * then writes every done block in turn unless another thread is the
 * writer.  Called with the mutex held, returns with it held; a block must
 * be queued.
 */
static void worker_step(struct pool_worker *w)
{
	struct pgs_compress_pool *pool = w->pool;
	struct pgs_error e;
	struct pool_slot *sl = &pool->slots[pool->take_seq % pool->nslots];
	int rc = 0, failed;

	pool->take_seq++;
	/* Once failed, blocks are dropped, not compressed. */
	failed = pool->failed;
	pthread_mutex_unlock(&pool->mu);
	pgs_error_init(&e);
	if (!failed && pool->rows_fn)
		rc = unit_rewrite(w, sl, &e);
	if (!failed && rc == 0)
		rc = block_compress(w, sl, &e);
	if (rc > 0)
		rc = 0;     /* failed meanwhile: dropped */
	pthread_mutex_lock(&pool->mu);
	sl->done = 1;
	if (rc)
		keep_failure(pool, &e, sl->seq);
	if (pool->writing)
		return;     /* the writer will see it done */
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
			keep_failure(pool, &e, ws->seq);
		ws->done = 0;
		pool->inflight -= ws->charged;
		ws->charged = 0;
		ws->len = 0;
		ws->dictlen = 0;
		ws->last = 0;
		/* A unit that had to hold a huge row gives its memory
		 * back (the owner reallocates as it needs). */
		if (ws->mid.ntaken)
			out_reset(&ws->mid);
		if (ws->mid.buf.cap > PGS_POOL_KEEP_CAP)
			pgs_buf_release(&ws->mid.buf);
		/* Its compressed bytes too (slot_reserve grows them
		 * again as a block needs). */
		if (ws->out_cap > 2 * PGS_POOL_BLOCK + PGS_POOL_KEEP_CAP) {
			free(ws->out);
			ws->out = NULL;
			ws->out_cap = 0;
		}
		if (ws->in_cap > PGS_POOL_BLOCK + PGS_POOL_KEEP_CAP) {
			unsigned char *b = realloc(ws->in, PGS_POOL_BLOCK);

			if (b) {
				ws->in = b;
				ws->in_cap = PGS_POOL_BLOCK;
			}
		}
		pool->write_seq++;
		pthread_cond_broadcast(&pool->done);
	}
	pool->writing = 0;
}

static void *worker_main(void *arg)
{
	struct pool_worker *w = arg;
	struct pgs_compress_pool *pool = w->pool;

	pthread_mutex_lock(&pool->mu);
	for (;;) {
		while (pool->take_seq == pool->fill_seq && !pool->quit)
			pthread_cond_wait(&pool->work, &pool->mu);
		if (pool->quit)
			break;
		worker_step(w);
	}
	pthread_mutex_unlock(&pool->mu);
	return NULL;
}

/* A block was queued (mutex held): wake a worker, or, with no thread, do
 * its work now, so that it is written before the owner goes on. */
static void queued(struct pgs_compress_pool *pool)
{
	if (pool->single)
		worker_step(&pool->workers[0]);
	else
		pthread_cond_signal(&pool->work);
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
		pthread_cond_broadcast(&pool->dictc);
		pthread_mutex_unlock(&pool->mu);
		for (i = 0; i < pool->nworkers; i++) {
			struct pool_worker *w = &pool->workers[i];

			if (w->started)
				pthread_join(w->thread, NULL);
			if (w->zs_ready)
				deflateEnd(&w->zs);
			free(w->lz4state);
			free(w->stage);
		}
		free(pool->workers);
	}
	if (pool->slots) {
		for (i = 0; i < pool->nslots; i++) {
			free(pool->slots[i].in);
			free(pool->slots[i].dict);
			free(pool->slots[i].out);
			out_reset(&pool->slots[i].mid);
			pgs_buf_release(&pool->slots[i].mid.buf);
			free(pool->slots[i].mid.pieces);
			free(pool->slots[i].mid.taken);
		}
		free(pool->slots);
	}
	if (pool->tails)
		for (i = 0; i <= pool->nslots; i++)
			free(pool->tails[i]);
	free(pool->tails);
	free(pool->tail_len);
	free(pool->tail_seq);
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
		pool->slots[i].in_cap = PGS_POOL_BLOCK;
		pool->slots[i].dict = malloc(PGS_POOL_DICT);
		pgs_buf_init(&pool->slots[i].mid.buf, SIZE_MAX / 2);
		if (!pool->slots[i].in || !pool->slots[i].dict)
			goto nomem;
	}
	/* Rows' tails: allocated on the first rows stream. */
	pool->tails = calloc(pool->nslots + 1, sizeof(*pool->tails));
	pool->tail_len = calloc(pool->nslots + 1, sizeof(*pool->tail_len));
	pool->tail_seq = calloc(pool->nslots + 1, sizeof(*pool->tail_seq));
	if (!pool->tails || !pool->tail_len || !pool->tail_seq)
		goto nomem;
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
			w->stage = malloc(PGS_POOL_LZ4_BLOCK);
			if (!w->lz4state || !w->stage)
				goto nomem;
		}
	}
	for (i = 0; i < nworkers && !pool->single; i++) {
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
	queued(pool);
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
	sl->scan = 0;
	sl->ended_at = 0;
	pool->first_seq = pool->fill_seq;
	pool->rows_fn = NULL;
	return 0;
}

/* ---- rows rewritten on the workers ----------------------------------- */

/* The owner's failure return for a stream of rows, with the mutex held:
 * first every queued unit is done, so that the failure reported is the
 * earliest unit's (keep_failure), the same for any number of workers. */
static int rows_failed(struct pgs_compress_pool *pool, struct pgs_error *err)
{
	while (pool->write_seq != pool->fill_seq)
		pthread_cond_wait(&pool->done, &pool->mu);
	return pool_failed(pool, err);
}

/* Room for n bytes in a slot's input (the owner's, while it fills it). */
static int slot_in_room(struct pool_slot *sl, size_t n, struct pgs_error *err)
{
	size_t cap;
	unsigned char *p;

	if (n <= sl->in_cap)
		return 0;
	cap = sl->in_cap * 2 > n ? sl->in_cap * 2 : n;
	p = realloc(sl->in, cap);
	if (!p)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	sl->in = p;
	sl->in_cap = cap;
	return 0;
}

/*
 * Where the unit being filled is cut: after the first LF at or after its
 * PGS_POOL_BLOCK-th byte (by the bytes of the stream only), but never
 * right after the "\." end line, whose trailing LFs stay with it.  A unit
 * over max_unit bytes with no such LF is cut where it ends: its row is
 * longer than the rewriter takes, and the rewriter says so.  0: no cut
 * yet.
 */
static size_t unit_cut(struct pgs_compress_pool *pool, struct pool_slot *sl)
{
	size_t from, k;

	if (sl->ended_at) {
		/* After the end line only a few LFs may come (copy.h): more,
		 * or anything else, goes to the rewriter now, which refuses
		 * it, and the rest of the stream is dropped unread. */
		for (k = sl->scan > sl->ended_at ? sl->scan : sl->ended_at;
		     k < sl->len; k++)
			if (sl->in[k] != '\n')
				break;
		sl->scan = sl->len;
		if (k < sl->len ||
		    sl->len - sl->ended_at > PGS_COPY_MAX_TRAILING_LFS) {
			pool->rows_dead = 1;
			return sl->len;
		}
		return 0;
	}
	if (sl->len < PGS_POOL_BLOCK)
		return 0;
	from = sl->scan > PGS_POOL_BLOCK - 1 ? sl->scan : PGS_POOL_BLOCK - 1;
	while (from < sl->len) {
		const unsigned char *q = memchr(sl->in + from, '\n',
						sl->len - from);
		size_t i, m;

		if (!q)
			break;
		i = (size_t)(q - sl->in);
		/* m: the LF that ends the last line up to i that is not
		 * empty (i itself, unless that line is empty; a longer run of
		 * empty lines than may follow the end line is rows). */
		m = i;
		for (k = 0; m > 0 && sl->in[m - 1] == '\n' &&
			    k <= PGS_COPY_MAX_TRAILING_LFS; k++)
			m--;
		if (k > PGS_COPY_MAX_TRAILING_LFS ||
		    !(m >= 2 && sl->in[m - 1] == '.' && sl->in[m - 2] == '\\' &&
		      (m == 2 || sl->in[m - 3] == '\n')))
			return i + 1;
		/* After the end line: no cut (its LFs stay with it). */
		sl->ended_at = m + 1;
		sl->scan = m + 1;
		return unit_cut(pool, sl);
	}
	sl->scan = sl->len;
	return sl->len > pool->max_unit ? sl->len : 0;
}

/* Queue the unit being filled, its first cut bytes; the rest starts the
 * next unit (unless it is the last). */
static int queue_unit(struct pgs_compress_pool *pool, size_t cut, int last,
		      struct pgs_error *err)
{
	struct pool_slot *sl = &pool->slots[pool->fill_seq % pool->nslots];
	const unsigned char *p = sl->in, *end = sl->in + cut;
	uint64_t nl = 0;

	pthread_mutex_lock(&pool->mu);
	/* A free slot for the next unit, and room in bytes for this one
	 * (only timing depends on this wait, never the units). */
	while (((!last &&
		 pool->fill_seq + 1 - pool->write_seq >= pool->nslots) ||
		(pool->inflight > 0 &&
		 pool->inflight + cut > pool->inflight_max)) &&
	       !pool->failed)
		pthread_cond_wait(&pool->done, &pool->mu);
	if (pool->failed)
		return rows_failed(pool, err);
	pool->inflight += cut;
	sl->charged = cut;
	pthread_mutex_unlock(&pool->mu);
	/* The rewriter numbers rows from the stream's start. */
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		nl++;
		p++;
	}
	sl->lines_before = pool->lines;
	pool->lines += nl;
	if (!last) {
		struct pool_slot *next =
			&pool->slots[(pool->fill_seq + 1) % pool->nslots];
		size_t rest = sl->len - cut;

		if (slot_in_room(next, rest, err))
			return -1;
		memcpy(next->in, sl->in + cut, rest);
		next->len = rest;
		next->scan = 0;
		next->ended_at = 0;
		next->dictlen = 0;
		next->last = 0;
		next->seq = pool->fill_seq + 1;
		next->nth = sl->nth + 1;
		sl->len = cut;
	}
	sl->last = last;
	pthread_mutex_lock(&pool->mu);
	pool->fill_seq++;
	queued(pool);
	pthread_mutex_unlock(&pool->mu);
	return 0;
}

int pgs_compress_pool_begin_rows(struct pgs_compress_pool *pool,
				 pgs_sink_fn sink, void *ctx,
				 pgs_pool_rows_fn fn, void *fn_ctx,
				 size_t max_unit, struct pgs_error *err)
{
	size_t i;

	assert(pool->batched);
	if (pgs_compress_pool_begin(pool, sink, ctx, err))
		return -1;
	for (i = 0; i <= pool->nslots; i++) {
		if (!pool->tails[i] &&
		    !(pool->tails[i] = malloc(PGS_POOL_DICT))) {
			pool->open = 0;
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		}
		pool->tail_seq[i] = 0;
	}
	pool->rows_fn = fn;
	pool->rows_ctx = fn_ctx;
	pool->max_unit = max_unit > PGS_POOL_BLOCK ? max_unit : PGS_POOL_BLOCK;
	pool->lines = 0;
	pool->rows_dead = 0;
	pool->inflight = 0;
	pool->inflight_max = PGS_POOL_ROWS_EXTRA +
			     (size_t)pool->nslots * PGS_POOL_BLOCK;
	return 0;
}

int pgs_compress_pool_add_rows(struct pgs_compress_pool *pool, const void *p,
			       size_t n, struct pgs_error *err)
{
	const unsigned char *s = p;

	assert(pool->open && pool->rows_fn);
	pthread_mutex_lock(&pool->mu);
	if (pool->failed)
		return rows_failed(pool, err);
	pthread_mutex_unlock(&pool->mu);
	if (pool->rows_dead)
		return 0;   /* the unit before says what is wrong */
	while (n > 0) {
		struct pool_slot *sl =
			&pool->slots[pool->fill_seq % pool->nslots];
		size_t piece = n < PGS_POOL_BLOCK ? n : PGS_POOL_BLOCK, cut;

		if (slot_in_room(sl, sl->len + piece, err))
			return -1;
		memcpy(sl->in + sl->len, s, piece);
		sl->len += piece;
		s += piece;
		n -= piece;
		while ((cut = unit_cut(pool, sl)) != 0) {
			if (queue_unit(pool, cut, 0, err))
				return -1;
			if (pool->rows_dead)
				return 0;
			sl = &pool->slots[pool->fill_seq % pool->nslots];
		}
	}
	return 0;
}

static int batched_end(struct pgs_compress_pool *pool, struct pgs_error *err)
{
	int rc = pool->rows_fn ?
		 queue_unit(pool, pool->slots[pool->fill_seq % pool->nslots].len,
			    1, err) :
		 queue_block(pool, 1, err);

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
	pool->single = nworkers == 1;
	pgs_error_init(&pool->err);
	pthread_mutex_init(&pool->mu, NULL);
	pthread_cond_init(&pool->work, NULL);
	pthread_cond_init(&pool->done, NULL);
	pthread_cond_init(&pool->dictc, NULL);
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
	if (!pool->single &&
	    pgs_thread_create(&pool->thread, pool_main, pool) != 0) {
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
	pthread_cond_destroy(&pool->dictc);
	pgs_encoder_free(pool->enc);
	free(pool);
	return -1;
}

void pgs_compress_pool_fail_at(struct pgs_compress_pool *pool,
			       uint64_t block)
{
	pool->fail_block = block;
}

int pgs_compress_pool_can_rows(const struct pgs_compress_pool *pool)
{
	return pool->batched;
}

unsigned pgs_compress_pool_workers(const struct pgs_compress_pool *pool)
{
	return pool->batched ? pool->nworkers : 1;
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
	if (pool->single) {
		int rc = pgs_compress_pool_write(pool, batch->data, batch->len,
						 err);

		if (batch->cap > PGS_POOL_KEEP_CAP)
			pgs_buf_release(batch);
		else
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
		keep_failure(pool, err, 0);
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
	if (pool->single) {
		int rc;

		pthread_mutex_lock(&pool->mu);
		if (pool->failed)
			return pool_failed(pool, err);
		pthread_mutex_unlock(&pool->mu);
		rc = pgs_encoder_finish(pool->enc, pool->sink, pool->ctx, err);
		if (rc) {
			pthread_mutex_lock(&pool->mu);
			keep_failure(pool, err, 0);
			pthread_mutex_unlock(&pool->mu);
		}
		return rc;
	}
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
		if (!pool->single)
			pthread_join(pool->thread, NULL);
		for (i = 0; i < PGS_POOL_SLOTS; i++)
			pgs_buf_release(&pool->slot[i]);
	}
	pthread_mutex_destroy(&pool->mu);
	pthread_cond_destroy(&pool->work);
	pthread_cond_destroy(&pool->done);
	pthread_cond_destroy(&pool->dictc);
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
