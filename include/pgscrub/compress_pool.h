/*
 * compress_pool.h — compressing streams beside the thread that produces
 * their bytes (pigz's design): the producer hands over batches of plain
 * bytes, a worker thread runs the encoder and hands the compressed output,
 * in the order the batches were submitted, to the stream's sink.
 *
 * Today the pool has one worker and one encoder, and a stream is one
 * encoder stream (one TABLE DATA block, one large object).  The
 * multi-core issue grows it to N workers deflating batches in parallel;
 * the contract below is written so that callers need not change then:
 * they submit batches and get the compressed bytes back through the sink,
 * in submission order, from one pool thread at a time.
 *
 * Threads.  Every function is called by one thread, the pool's owner
 * (the pipeline's main thread); none of them is safe to call from two
 * threads at once, nor from the sink.  The sink is called on a pool thread
 * (or on the owner's, inside pgs_compress_pool_write), never by two
 * threads at once, and only between pgs_compress_pool_begin() and the
 * return of pgs_compress_pool_end().  Whatever the sink touches (a chunk
 * writer, the output) belongs to the pool for that time: the owner must
 * not touch it until _end() returns (or the pool is freed).
 *
 * Buffers.  A batch is a struct pgs_buf the owner fills.  _submit() swaps
 * it with a free slot of the pool: from then on its bytes belong to the
 * pool, and the owner's struct holds an empty buffer (with the same max)
 * that is the owner's to fill.  No batch is copied.  Bytes given to
 * _write() are borrowed only during the call.  Compressed output handed to
 * the sink is borrowed only during the sink call (compress.h).
 *
 * Errors.  The first failure of the encoder or of the sink on a pool
 * thread is kept; the owner's next call (_submit, _write, _end, _begin)
 * returns -1 with a copy of that error, unchanged (a vanished reader stays
 * PGS_EPIPE).  After a failure the pool compresses nothing more: the
 * owner abandons the run and frees the pool.
 *
 * Shutdown.  pgs_compress_pool_free() may be called at any moment, also
 * with batches queued or a stream open after a failure: the worker ends
 * the batch it is compressing, if any, drops the rest and is joined; when
 * it returns no pool thread runs and the sink will not be called again.
 */
#ifndef PGSCRUB_COMPRESS_POOL_H
#define PGSCRUB_COMPRESS_POOL_H

#include <pthread.h>
#include <stddef.h>
#include "pgscrub/buf.h"
#include "pgscrub/compress.h"
#include "pgscrub/error.h"

struct pgs_compress_pool;

/*
 * A pool whose streams are compressed with alg at level, and whose batches
 * may hold up to batch_max bytes (the max of the owner's batch buffers; the
 * slots swapped back to the owner get the same).  nworkers must be 1 for
 * now (NEEDSWORK: the multi-core issue adds more).  Starts the worker
 * thread.  *out is NULL on failure: PGS_ENOMEM, or what pgs_encoder_new()
 * returns.
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
 * Open a stream whose compressed bytes go to sink(ctx, ...).  No stream
 * may be open.  The encoder is reset here, on the owner's thread.
 */
int pgs_compress_pool_begin(struct pgs_compress_pool *pool, pgs_sink_fn sink,
			    void *ctx, struct pgs_error *err);

/*
 * Queue *batch for compression and give the owner an empty buffer back in
 * *batch (see Buffers).  An empty batch is not queued.  Blocks while every
 * slot is queued (today: 2 slots), which bounds memory.  A slot that had
 * to hold more than 1 MiB gives its memory back once compressed.
 */
int pgs_compress_pool_submit(struct pgs_compress_pool *pool,
			     struct pgs_buf *batch, struct pgs_error *err);

/*
 * Compress n bytes the owner keeps, in their place in the stream (after
 * every batch submitted before), without copying them into a batch: for a
 * huge value that should not be copied once more.  Waits for the queued
 * batches, then runs the encoder on the owner's thread; returns when the
 * bytes have been compressed.
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

/* Stop and join the worker (see Shutdown) and free everything.  NULL is
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
