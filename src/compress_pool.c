/*
 * compress_pool.c — a worker thread that runs the encoder beside the
 * thread producing the plain bytes (pigz does the same: deflate is most of
 * a rewrite's cost).  The contract is in compress_pool.h.
 *
 * Batches are handed over by swapping buffers with one of PGS_POOL_SLOTS
 * slots, a ring: slot[head .. head + count) are queued, the worker takes
 * slot[head].  The mutex guards the ring indexes and the flags; a queued
 * slot's bytes are the worker's alone until it advances head.  A worker
 * failure is kept in its own error record (the worker never writes into
 * the owner's) and handed to the owner by its next call.
 */
#include "pgscrub/compress_pool.h"

#include <assert.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#define PGS_POOL_SLOTS 2
/* A slot that had to hold a huge row gives its memory back. */
#define PGS_POOL_KEEP_CAP ((size_t)1 << 20)

struct pgs_compress_pool {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work;        /* owner -> worker: a batch, finish or quit */
	pthread_cond_t done;        /* worker -> owner: a slot free, finished */
	struct pgs_encoder *enc;    /* the worker's while a stream is open,
				       except inside _begin and _write */
	pgs_sink_fn sink;           /* the open stream's; set by _begin */
	void *ctx;
	struct pgs_buf slot[PGS_POOL_SLOTS];
	size_t head, count;         /* slot[head .. head + count) are queued */
	int finish, finished, quit, failed;
	int open;                   /* a stream is open (owner's only) */
	struct pgs_error err;       /* the worker's first failure */
};

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

	assert(nworkers == 1);
	(void)nworkers;
	*out = NULL;
	pool = calloc(1, sizeof(*pool));
	if (!pool)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	if (pgs_encoder_new_in(&pool->enc, alg, level, c, err)) {
		free(pool);
		return -1;
	}
	for (i = 0; i < PGS_POOL_SLOTS; i++)
		pgs_buf_init(&pool->slot[i], batch_max);
	pgs_error_init(&pool->err);
	pthread_mutex_init(&pool->mu, NULL);
	pthread_cond_init(&pool->work, NULL);
	pthread_cond_init(&pool->done, NULL);
	if (pgs_thread_create(&pool->thread, pool_main, pool) != 0) {
		pthread_mutex_destroy(&pool->mu);
		pthread_cond_destroy(&pool->work);
		pthread_cond_destroy(&pool->done);
		pgs_encoder_free(pool->enc);
		free(pool);
		return pgs_error_set(err, PGS_ENOMEM,
				     "cannot start the compression thread");
	}
	*out = pool;
	return 0;
}

/* The worker's failure as the owner's: call with the mutex held. */
static int pool_failed(struct pgs_compress_pool *pool, struct pgs_error *err)
{
	if (err)
		*err = pool->err;
	pthread_mutex_unlock(&pool->mu);
	return -1;
}

int pgs_compress_pool_begin(struct pgs_compress_pool *pool, pgs_sink_fn sink,
			    void *ctx, struct pgs_error *err)
{
	assert(!pool->open);
	pthread_mutex_lock(&pool->mu);
	if (pool->failed)
		return pool_failed(pool, err);
	/* No stream open: the worker is idle, the encoder is ours. */
	assert(pool->count == 0 && !pool->finish);
	pool->sink = sink;
	pool->ctx = ctx;
	pthread_mutex_unlock(&pool->mu);
	if (pgs_encoder_reset(pool->enc, err))
		return -1;
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
	if (pool_drain(pool, err))
		return -1;
	/* The queue is empty and no finish is asked for: the worker waits,
	 * and the encoder and the sink are ours until we return. */
	rc = pgs_encoder_write(pool->enc, p, n, pool->sink, pool->ctx, err);
	if (rc) {
		/* Keep it, so that the owner's later calls fail too. */
		pthread_mutex_lock(&pool->mu);
		if (!pool->failed) {
			pool->failed = 1;
			pool->err = *err;
		}
		pthread_mutex_unlock(&pool->mu);
	}
	return rc;
}

int pgs_compress_pool_end(struct pgs_compress_pool *pool,
			  struct pgs_error *err)
{
	assert(pool->open);
	pool->open = 0;
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
	pthread_mutex_lock(&pool->mu);
	pool->quit = 1;
	pthread_cond_signal(&pool->work);
	pthread_mutex_unlock(&pool->mu);
	pthread_join(pool->thread, NULL);
	for (i = 0; i < PGS_POOL_SLOTS; i++)
		pgs_buf_release(&pool->slot[i]);
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
