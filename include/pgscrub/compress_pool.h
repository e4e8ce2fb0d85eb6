/*
 * compress_pool.h — compressing streams on several threads beside the
 * thread that produces their bytes (pigz's design): the producer hands
 * over plain bytes, worker threads run the encoder and the compressed
 * output goes, in stream order, to the stream's sink.
 *
 * A stream is one encoder stream (one TABLE DATA block, one large object,
 * one data file).  How it is made parallel depends on the method:
 * - gzip and lz4 are cut into blocks of PGS_POOL_BLOCK plain bytes, by
 *   their count in the stream only, each compressed by one of nworkers
 *   threads (gzip: deflate with the previous block's last 32 KiB as its
 *   dictionary, sync-flushed, the checksum combined; lz4: one frame of
 *   independent blocks).  The stream is a different one from what a single
 *   pgs_encoder makes of the same bytes, but the same bytes for any
 *   nworkers: -j 1 and -j 8 write the same archive.  One valid zlib stream,
 *   gzip member or lz4 frame, as pg_restore reads them.
 * - zstd runs the library's own worker threads (ZSTD_c_nbWorkers =
 *   nworkers, at least 1: its output is the same for any count >= 1), fed
 *   by one pool thread; none is one pool thread that copies.
 *
 * Threads.  Every function is called by one thread, the pool's owner
 * (the pipeline's main thread); none of them is safe to call from two
 * threads at once, nor from the sink.  The sink is called on a pool thread
 * (or on the owner's, inside pgs_compress_pool_write for none and zstd),
 * never by two threads at once, and only between
 * pgs_compress_pool_begin() and the return of pgs_compress_pool_end().
 * Whatever the sink touches (a chunk writer, the output) belongs to the
 * pool for that time: the owner must not touch it until _end() returns (or
 * the pool is freed).
 *
 * Buffers.  A batch is a struct pgs_buf the owner fills.  For none and
 * zstd, _submit() swaps it with a free slot of the pool: from then on its
 * bytes belong to the pool, and the owner's struct holds an empty buffer
 * (with the same max) that is the owner's to fill.  For gzip and lz4 its
 * bytes are copied into the pool's blocks and the owner's buffer is
 * emptied.  Either way the owner gets an empty buffer back.  Bytes given
 * to _write() are borrowed only during the call.  Compressed output handed
 * to the sink is borrowed only during the sink call (compress.h).
 *
 * Memory.  gzip and lz4: 2 x nworkers + 4 blocks (3 for one worker),
 * each PGS_POOL_BLOCK plain bytes, 32 KiB of dictionary and its
 * compressed bytes (about as many again): about 0.55 MiB a block; plus
 * the library state per worker (deflate 256 KiB, lz4 16 KiB, lz4 HC
 * 256 KiB).  Rows (_begin_rows): a unit is whole rows, so one with a
 * row longer than a block holds that row; units in flight hold at most
 * 16 MiB of input beyond nslots blocks (the owner waits in _add_rows),
 * except that one unit is always let through, however long its row.
 * none and zstd: two batches, plus zstd's own buffers per
 * worker (its jobs: a few MiB each at the default level).
 *
 * Errors.  The first failure of an encoder or of the sink on a pool
 * thread is kept; the owner's next call (_submit, _write, _end, _begin)
 * returns -1 with a copy of that error, unchanged (a vanished reader stays
 * PGS_EPIPE).  After a failure the pool compresses nothing more: the
 * owner abandons the run and frees the pool.
 *
 * Shutdown.  pgs_compress_pool_free() may be called at any moment, also
 * with batches queued or a stream open after a failure: the workers end
 * the block they are compressing, if any, drop the rest and are joined;
 * when it returns no pool thread runs and the sink will not be called
 * again.
 */
#ifndef PGSCRUB_COMPRESS_POOL_H
#define PGSCRUB_COMPRESS_POOL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include "pgscrub/buf.h"
#include "pgscrub/compress.h"
#include "pgscrub/error.h"

struct pgs_compress_pool;

/* gzip and lz4 streams are compressed in blocks of this many plain bytes
 * (a multiple of lz4's 64 KiB frame blocks).  The output bytes depend on
 * it: changing it changes every gzip and lz4 stream pgscrub writes. */
#define PGS_POOL_BLOCK ((size_t)256 * 1024)

/*
 * A pool whose streams are compressed with alg at level, and whose batches
 * may hold up to batch_max bytes (the max of the owner's batch buffers; the
 * slots swapped back to the owner get the same).  nworkers (1 to 256;
 * other values are clamped) threads compress gzip and lz4, zstd gets as
 * many of its own; the output does not depend on it.  Starts the worker
 * threads; with nworkers 1 there are none (-j 1 "keeps everything on one
 * thread"): each block is compressed (and its rows rewritten) on the
 * owner's thread as it is queued, the sink called there, the same bytes
 * as with threads.  (zstd still gets one thread of its own: its frames
 * differ with none.)  *out is NULL on failure: PGS_ENOMEM, or what
 * pgs_encoder_new() returns.
 */
int pgs_compress_pool_new(struct pgs_compress_pool **out,
			  enum pgs_compression alg, int level,
			  unsigned nworkers, size_t batch_max,
			  struct pgs_error *err);

/* pgs_compress_pool_new() whose streams are in container c (compress.h). */
int pgs_compress_pool_new_in(struct pgs_compress_pool **out,
			     enum pgs_compression alg, int level,
			     enum pgs_container c, unsigned nworkers,
			     size_t batch_max, struct pgs_error *err);

/*
 * Fault injection for tests: in gzip and lz4 streams, whichever worker
 * takes a stream's block-th block (from 1; 0 turns it off) fails with
 * PGS_EINTERNAL, as a real encoder failure would.  (A block, not a worker
 * number: which worker takes which block depends on timing, the block
 * does not, so the failing table and message are the same on every run.)
 * Call before the first stream.  Nothing else uses it.
 */
void pgs_compress_pool_fail_at(struct pgs_compress_pool *pool,
			       uint64_t block);

/*
 * Open a stream whose compressed bytes go to sink(ctx, ...).  No stream
 * may be open.  The encoder is reset here, on the owner's thread.  No
 * bytes reach the sink before the first batch or _end.
 */
int pgs_compress_pool_begin(struct pgs_compress_pool *pool, pgs_sink_fn sink,
			    void *ctx, struct pgs_error *err);

/*
 * Rows rewritten on the pool's threads too (issue 13: "N workers each
 * anonymise a batch and compress it"), gzip and lz4 only.  The owner hands
 * decoded COPY text in pieces of any size (_add_rows); the pool cuts it
 * into units after the first LF at or after each unit's PGS_POOL_BLOCK-th
 * byte (by the bytes of the stream only: the same units for any
 * nworkers), never right after a "\." line; a worker turns each unit
 * into the bytes that go into the stream with fn, then compresses it as a
 * block, with the previous unit's rewritten last 32 KiB as its dictionary
 * (so it waits, if need be, until that unit is rewritten).
 *
 * fn is called on pool thread `worker` (0 .. nworkers - 1), never twice at
 * once for one worker: so fn_ctx can hold one rewriter and one set of
 * anonymisers per worker.  in[0 .. n) is whole rows (ending in LF) except
 * for the last unit, which ends where the stream does; lines_before is
 * the number of LFs in the stream before it (its first row is row
 * lines_before + 1); last says it is the stream's last unit.  fn appends
 * its output to out (which is empty): bytes of its own
 * (pgs_pool_out_add), or bytes of in[0 .. n) by reference, without a copy
 * (pgs_pool_out_ref: a huge kept value), and returns 0, or -1 with err
 * filled: that failure is kept as any worker's (the earliest unit's, for
 * any number of workers).  max_unit bounds a unit: one over
 * it with no LF is handed to fn as it is (its row is too long; fn's
 * reader says so).
 */
struct pgs_pool_out;
typedef int (*pgs_pool_rows_fn)(void *fn_ctx, unsigned worker,
				const void *in, size_t n,
				uint64_t lines_before, int last,
				struct pgs_pool_out *out,
				struct pgs_error *err);

/* A unit's output: n bytes copied, or n bytes of the unit's input by
 * reference (p must lie in it).  PGS_ENOMEM. */
int pgs_pool_out_add(struct pgs_pool_out *out, const void *p, size_t n,
		     struct pgs_error *err);
int pgs_pool_out_ref(struct pgs_pool_out *out, const void *p, size_t n,
		     struct pgs_error *err);
/* b's bytes become the unit's output without a copy (a batch holding a
 * huge row); b is left empty, with the same max.  PGS_ENOMEM. */
int pgs_pool_out_take(struct pgs_pool_out *out, struct pgs_buf *b,
		      struct pgs_error *err);

/* Open a stream of rows (see above): the pool must be gzip or lz4
 * (pgs_compress_pool_can_rows).  _submit and _write are not for it. */
int pgs_compress_pool_begin_rows(struct pgs_compress_pool *pool,
				 pgs_sink_fn sink, void *ctx,
				 pgs_pool_rows_fn fn, void *fn_ctx,
				 size_t max_unit, struct pgs_error *err);

/* n more bytes of COPY text into the open stream of rows; blocks while
 * every slot is in use. */
int pgs_compress_pool_add_rows(struct pgs_compress_pool *pool, const void *p,
			       size_t n, struct pgs_error *err);

/* Whether the pool can rewrite rows (gzip, lz4), and its thread count. */
int pgs_compress_pool_can_rows(const struct pgs_compress_pool *pool);
unsigned pgs_compress_pool_workers(const struct pgs_compress_pool *pool);

/*
 * Queue *batch for compression and give the owner an empty buffer back in
 * *batch (see Buffers).  An empty batch is not queued.  Blocks while every
 * slot is in use, which bounds memory.  (none, zstd: a slot that had to
 * hold more than 1 MiB gives its memory back once compressed.)
 */
int pgs_compress_pool_submit(struct pgs_compress_pool *pool,
			     struct pgs_buf *batch, struct pgs_error *err);

/*
 * Compress n bytes the owner keeps, in their place in the stream (after
 * every batch submitted before): for a huge value that should not be
 * copied into a batch first.  gzip, lz4: the bytes go into the blocks like
 * a batch's (blocking while every slot is in use).  none, zstd: waits for
 * the queued batches, then runs the encoder on the owner's thread; returns
 * when the bytes have been compressed.
 */
int pgs_compress_pool_write(struct pgs_compress_pool *pool, const void *p,
			    size_t n, struct pgs_error *err);

/*
 * End the stream: every queued batch is compressed, the encoder is
 * finished (zlib trailer, lz4 end mark, zstd epilogue) and all of its
 * output has gone to the sink.  On return, success or failure, no stream
 * is open and the sink will not be called again before the next _begin().
 */
int pgs_compress_pool_end(struct pgs_compress_pool *pool,
			  struct pgs_error *err);

/* Stop and join the workers (see Shutdown) and free everything.  NULL is
 * fine. */
void pgs_compress_pool_free(struct pgs_compress_pool *pool);

/*
 * pthread_create() with every signal blocked in the new thread, so that a
 * SIGINT, SIGTERM or SIGHUP is handled by the main thread, whose handler
 * removes the run's temporary output (io.h), never by a worker in the
 * middle of writing it.  0, or an errno value.
 */
int pgs_thread_create(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
