/*
 * pipeline.c — one pass from a pg_dump custom archive to a scrubbed one.
 *
 * The design, in the order things happen:
 *
 * 1. Plan.  The header and the whole TOC are read first (they are small and
 *    come before any data).  Every entry that has a data block gets a plan:
 *    TABLE DATA is matched to its rules section, its COPY statement gives the
 *    column names, and each column's rule is compiled into an anonymiser.
 *    A column no rule covers, a rule naming a column the data does not have,
 *    INSERT-style data that would need rewriting, or large objects with no
 *    policy stop the run here — before a single output byte exists.
 *
 * 2. Header and TOC out.  The header is copied field by field (only the
 *    compression field can change, with --compress); the TOC is re-encoded
 *    from the parsed entries with "offset not set" for every data entry.
 *
 * 3. Blocks, in TOC order.  Each block takes one of four paths:
 *    - copy: nothing in it changes; its bytes (type, id, chunk lengths,
 *      payload) go from the input buffer to the output without being
 *      decompressed.  This is the common case and runs at I/O speed.
 *    - recompress: --compress changes the method; the one compressed stream
 *      (one per large object for BLOBS) is decoded and re-encoded.
 *    - rewrite: decoded stream -> pgs_copy_reader (rows; a row that spans
 *      chunks is carried in the reader's own buffer, so memory is bounded by
 *      the longest row) -> each field through its anonymiser into the
 *      `rows` staging buffer -> handed, 64 KiB at a time, to the
 *      compression worker thread -> encoder -> chunk writer.  Deflating is
 *      most of a rewrite's cost, so it runs beside the decoding, parsing and
 *      anonymising of the next rows (see "the compression worker").  The
 *      "\." end line and the empty lines after it are written back.
 *    - drop (large objects with large_objects = drop): the block is read
 *      and replaced by an empty BLOBS block, so the objects are created
 *      empty and oid columns that refer to them still resolve.
 *    The chunk writer collects encoder output into chunks of at most
 *    PGS_CHUNK_MAX bytes and never writes an empty chunk (a zero length is
 *    the end of a block).
 *
 * 4. Offsets.  When the output is seekable (-o FILE, or stdout redirected to
 *    a regular file) each block's position is recorded and the TOC is
 *    rewritten in place at the end with real offsets, as pg_dump does, so
 *    pg_restore -j and -L seek instead of scan.  Its length does not change
 *    (an Offset is always a flag byte plus offSize bytes).  On a pipe the
 *    first TOC, "offset not set", is final.
 *
 * Blocks must arrive in TOC order when the input is a pipe; from a seekable
 * file, blocks met before their turn are remembered by position and read
 * when their turn comes, as pg_restore does.
 *
 * Buffers: the input's 1 MiB read buffer, the output's 256 KiB write
 * buffer, the reader's partial-row buffer, `rows` and the worker's two
 * slots (swapped, not copied, at each handoff) and the chunk buffer (reset
 * after each chunk) — none of them grows with the size of a table or of the
 * archive.
 */
#include "pgscrub/pipeline.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pgscrub/anon.h"
#include "pgscrub/archive.h"
#include "pgscrub/buf.h"
#include "pgscrub/copy.h"
#include "pgscrub/ident.h"
#include "pgscrub/io.h"
#include "pgscrub/schema.h"
#include "pgscrub/statistics.h"

#define PGS_CHUNK_MAX (128u << 10)
#define PGS_ROWS_FLUSH (64u << 10)
/* The server sends one COPY row in one message, so no row exceeds 1 GB. */
#define PGS_MAX_ROW ((size_t)1 << 30)
/* A chunk length is an Int; PostgreSQL never writes one over 1 GB. */
#define PGS_MAX_CHUNK ((int64_t)INT32_MAX)

enum action {
	ACT_NONE = 0,      /* entry has no data block */
	ACT_COPY,
	ACT_RECOMPRESS,
	ACT_REWRITE,
	ACT_DROP,
	ACT_TRUNCATE       /* truncate = ...: no rows, just the end line */
};

struct plan {
	enum action action;
	int is_blobs;
	char label[256];            /* "TOC entry 3120 (TABLE DATA public.users)" */
	char table[300];            /* "public.users" for row messages */
	struct pgs_copy_stmt stmt;
	struct pgs_anon **anons;    /* stmt.ncols of them (ACT_REWRITE) */
	const struct pgs_table *schema_table;  /* NULL in a data-only dump */
	uint64_t rows;              /* rows seen (ACT_REWRITE) */
	uint64_t *changed;          /* per column: values the rule changed */
	const char **rule_text;     /* per column: the rule as written (borrowed
				       from the rules), NULL for none */
	struct pgs_slice *fields;   /* stmt.ncols + 1 */
};

struct run {
	const struct pgs_options *opt;
	struct pgs_stats *stats;
	struct pgs_archive a;
	struct pgs_schema schema;
	struct pgs_input in;
	struct pgs_output out;
	int out_open;
	struct plan *plans;         /* one per TOC entry */
	enum pgs_compression out_alg;
	int out_level;
	int recompress_all;

	struct pgs_decoder *dec;
	struct pgs_encoder *enc;
	struct pgs_copy_reader reader;
	struct pgs_buf rows;        /* rewritten rows waiting for the encoder */
	struct pgs_buf chunk;       /* encoder output waiting to become a chunk */
	struct pgs_buf scratch;     /* small encodings (Ints, headers) */
	struct plan *cur;           /* the block being rewritten */

	/* Block positions (seekable input); index = TOC position. */
	uint64_t *block_pos;        /* 0 = not seen yet */
	unsigned char *block_done;
	uint64_t scan_end;          /* input offset up to which blocks are known */
	int *sorted_ids;            /* dumpIds of data entries, sorted, with */
	size_t *sorted_idx;         /* their TOC positions */
	size_t nsorted;
	uint64_t in_size;           /* of a regular input file, else 0 */
	unsigned tables_done, tables_total;  /* TABLE DATA blocks */
	uint64_t next_progress;     /* input offset of the next report */
	struct cworker *cw;         /* the compression worker, once started */
};

/* ---- small helpers ------------------------------------------------------ */

static void progress(struct run *r)
{
	if (r->opt->progress)
		r->opt->progress(r->opt->progress_ctx, pgs_input_tell(&r->in),
				 r->in_size, r->tables_done, r->tables_total);
}

static int str_eq(const struct pgs_str *s, const char *lit)
{
	return s->p && strcmp(s->p, lit) == 0;
}

static int emit(struct run *r, const void *p, size_t n, struct pgs_error *err)
{
	return pgs_output_write(&r->out, p, n, err);
}

static int emit_int(struct run *r, int64_t v, struct pgs_error *err)
{
	pgs_buf_reset(&r->scratch);
	if (pgs_archive_encode_int(&r->scratch, &r->a, v, err))
		return -1;
	return emit(r, r->scratch.data, r->scratch.len, err);
}

/* Read an Int and also hand back its raw bytes, for byte-exact copying. */
static int read_int_raw(struct run *r, int64_t *v, unsigned char *raw,
			struct pgs_error *err)
{
	unsigned n = 1u + r->a.hdr.intsize;
	unsigned i;
	uint64_t mag = 0;

	if (pgs_input_read(&r->in, raw, n, err))
		return -1;
	for (i = 1; i < n; i++)
		mag |= (uint64_t)raw[i] << (8 * (i - 1));
	if (mag > (uint64_t)INT64_MAX)
		return pgs_error_set(err, PGS_EINPUT, "integer at byte %" PRIu64
				     " is out of range", pgs_input_tell(&r->in) - n);
	*v = raw[0] ? -(int64_t)mag : (int64_t)mag;
	return 0;
}

static int chunk_len_check(struct run *r, int64_t len, struct pgs_error *err)
{
	if (len < 0 || len > PGS_MAX_CHUNK)
		return pgs_error_set(err, PGS_EINPUT,
				     "invalid data chunk length %" PRId64 " at byte %" PRIu64,
				     len, pgs_input_tell(&r->in) - 1 - r->a.hdr.intsize);
	return 0;
}

/* ---- chunk writer ------------------------------------------------------- */

static int chunk_flush(struct run *r, struct pgs_error *err)
{
	if (r->chunk.len == 0)
		return 0;   /* a zero length would end the block */
	if (emit_int(r, (int64_t)r->chunk.len, err) ||
	    emit(r, r->chunk.data, r->chunk.len, err))
		return -1;
	pgs_buf_reset(&r->chunk);
	return 0;
}

/* pgs_sink_fn: encoder output -> chunks of at most PGS_CHUNK_MAX bytes. */
static int chunk_sink(void *ctx, const void *p, size_t n,
		      struct pgs_error *err)
{
	struct run *r = ctx;
	const char *s = p;

	while (n) {
		size_t room = PGS_CHUNK_MAX - r->chunk.len;

		if (room > n)
			room = n;
		if (pgs_buf_add(&r->chunk, s, room, err))
			return -1;
		s += room;
		n -= room;
		if (r->chunk.len == PGS_CHUNK_MAX && chunk_flush(r, err))
			return -1;
	}
	return 0;
}

/* ---- reading chunk lists ------------------------------------------------ */

/*
 * Hand every payload byte of a chunk list to sink, up to the zero length,
 * straight from the input buffer.  copy_lengths: also write each chunk's
 * length (and the terminator) to the output as its raw bytes, so that the
 * block is copied byte for byte.
 */
static int walk_chunks(struct run *r, pgs_sink_fn sink, void *ctx,
		       int copy_lengths, struct pgs_error *err)
{
	unsigned char raw[9];
	unsigned n = 1u + r->a.hdr.intsize;

	for (;;) {
		int64_t len = 0;

		if (read_int_raw(r, &len, raw, err) ||
		    chunk_len_check(r, len, err) ||
		    (copy_lengths && emit(r, raw, n, err)))
			return -1;
		if (len == 0)
			return 0;
		while (len > 0) {
			const unsigned char *p;
			size_t avail;

			if (pgs_input_peek(&r->in, &p, &avail, err))
				return -1;
			if (avail == 0)
				return pgs_input_eof_error(&r->in, err);
			if ((int64_t)avail > len)
				avail = (size_t)len;
			if (sink(ctx, p, avail, err))
				return -1;
			pgs_input_skip(&r->in, avail);
			len -= (int64_t)avail;
			if (pgs_input_tell(&r->in) >= r->next_progress) {
				r->next_progress = pgs_input_tell(&r->in) + (1u << 20);
				progress(r);
			}
		}
	}
}

static int read_chunks(struct run *r, pgs_sink_fn sink, void *ctx,
		       struct pgs_error *err)
{
	return walk_chunks(r, sink, ctx, 0, err);
}

/* pgs_sink_fn: straight to the output. */
static int output_sink(void *ctx, const void *p, size_t n,
		       struct pgs_error *err)
{
	return emit(ctx, p, n, err);
}

/* Copy a chunk list, lengths and terminator included, byte for byte. */
static int copy_chunks(struct run *r, struct pgs_error *err)
{
	return walk_chunks(r, output_sink, r, 1, err);
}

/* Walk over a chunk list without reading the payload (seeking on files). */
static int skip_chunks(struct run *r, struct pgs_error *err)
{
	for (;;) {
		int64_t len = 0;

		if (pgs_archive_read_int(&r->in, &r->a, &len, err) ||
		    chunk_len_check(r, len, err))
			return -1;
		if (len == 0)
			return 0;
		if (pgs_input_discard(&r->in, (uint64_t)len, err))
			return -1;
	}
}

/* ---- the per-block paths ------------------------------------------------ */

static int decoded_to_encoder(void *ctx, const void *p, size_t n,
			      struct pgs_error *err)
{
	struct run *r = ctx;

	return pgs_encoder_write(r->enc, p, n, chunk_sink, r, err);
}

static int compressed_to_decoder(void *ctx, const void *p, size_t n,
				 struct pgs_error *err)
{
	struct run *r = ctx;

	return pgs_decoder_feed(r->dec, p, n, decoded_to_encoder, r, err);
}

/* One compressed stream: decode, re-encode with the output method. */
static int recompress_stream(struct run *r, struct pgs_error *err)
{
	if (pgs_decoder_reset(r->dec, err) || pgs_encoder_reset(r->enc, err) ||
	    read_chunks(r, compressed_to_decoder, r, err) ||
	    pgs_decoder_finish(r->dec, err) ||
	    pgs_encoder_finish(r->enc, chunk_sink, r, err) ||
	    chunk_flush(r, err))
		return -1;
	return emit_int(r, 0, err);
}

/* ---- the compression worker -------------------------------------------- */

/*
 * Rewritten blocks are compressed by a second thread while the main thread
 * decodes, parses and anonymises the next rows (pigz does the same): deflate
 * is most of a rewrite's cost.  Batches of rewritten rows are handed over by
 * swapping buffers with one of PGS_CW_SLOTS slots, never copied.  While a
 * block is being rewritten only the worker touches the encoder, the chunk
 * buffer and the output; the main thread waits for it (cw_finish,
 * cw_drain) before it writes anything else.  A worker failure is kept in
 * its own error record and returned by the main thread's next call.
 */
#define PGS_CW_SLOTS 2
/* A slot that had to hold a huge row gives its memory back. */
#define PGS_CW_KEEP_CAP ((size_t)1 << 20)

struct cworker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work;        /* main -> worker: a batch, finish or quit */
	pthread_cond_t done;        /* worker -> main: a slot free, finished */
	struct run *r;
	struct pgs_buf slot[PGS_CW_SLOTS];
	size_t head, count;         /* slot[head .. head + count) are full */
	int finish, finished, quit, failed;
	struct pgs_error err;
};

static void *cw_main(void *arg)
{
	struct cworker *cw = arg;
	struct run *r = cw->r;
	struct pgs_error e;

	pthread_mutex_lock(&cw->mu);
	for (;;) {
		int rc = 0;

		while (!cw->count && !cw->finish && !cw->quit)
			pthread_cond_wait(&cw->work, &cw->mu);
		if (cw->quit)
			break;
		pgs_error_init(&e);
		if (cw->count) {
			struct pgs_buf *b = &cw->slot[cw->head];

			pthread_mutex_unlock(&cw->mu);
			if (!cw->failed)
				rc = pgs_encoder_write(r->enc, b->data, b->len,
						       chunk_sink, r, &e);
			if (b->cap > PGS_CW_KEEP_CAP)
				pgs_buf_release(b);
			else
				pgs_buf_reset(b);
			pthread_mutex_lock(&cw->mu);
			cw->head = (cw->head + 1) % PGS_CW_SLOTS;
			cw->count--;
		} else {
			pthread_mutex_unlock(&cw->mu);
			if (!cw->failed)
				rc = pgs_encoder_finish(r->enc, chunk_sink, r, &e) ||
				     chunk_flush(r, &e);
			pthread_mutex_lock(&cw->mu);
			cw->finish = 0;
			cw->finished = 1;
		}
		if (rc && !cw->failed) {
			cw->failed = 1;
			cw->err = e;
		}
		pthread_cond_signal(&cw->done);
	}
	pthread_mutex_unlock(&cw->mu);
	return NULL;
}

static int cw_start(struct run *r, struct pgs_error *err)
{
	struct cworker *cw;
	int i;

	if (r->cw)
		return 0;
	cw = calloc(1, sizeof(*cw));
	if (!cw)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	cw->r = r;
	for (i = 0; i < PGS_CW_SLOTS; i++)
		pgs_buf_init(&cw->slot[i], r->rows.max);
	pthread_mutex_init(&cw->mu, NULL);
	pthread_cond_init(&cw->work, NULL);
	pthread_cond_init(&cw->done, NULL);
	if (pthread_create(&cw->thread, NULL, cw_main, cw) != 0) {
		free(cw);
		return pgs_error_set(err, PGS_ENOMEM, "cannot start the compression thread");
	}
	r->cw = cw;
	return 0;
}

/* The worker's failure, once, as the main thread's. */
static int cw_failed(struct cworker *cw, struct pgs_error *err)
{
	if (err)
		*err = cw->err;
	return -1;
}

/* Hand r->rows to the worker (it gets an empty buffer back). */
static int cw_submit(struct run *r, struct pgs_error *err)
{
	struct cworker *cw = r->cw;
	struct pgs_buf tmp;
	size_t at;

	pthread_mutex_lock(&cw->mu);
	while (cw->count == PGS_CW_SLOTS && !cw->failed)
		pthread_cond_wait(&cw->done, &cw->mu);
	if (cw->failed) {
		pthread_mutex_unlock(&cw->mu);
		return cw_failed(cw, err);
	}
	at = (cw->head + cw->count) % PGS_CW_SLOTS;
	tmp = cw->slot[at];
	cw->slot[at] = r->rows;
	r->rows = tmp;
	cw->count++;
	pthread_cond_signal(&cw->work);
	pthread_mutex_unlock(&cw->mu);
	pgs_buf_reset(&r->rows);
	return 0;
}

/* Wait until the worker has compressed everything handed to it. */
static int cw_drain(struct run *r, struct pgs_error *err)
{
	struct cworker *cw = r->cw;
	int failed;

	pthread_mutex_lock(&cw->mu);
	while (cw->count && !cw->failed)
		pthread_cond_wait(&cw->done, &cw->mu);
	failed = cw->failed;
	pthread_mutex_unlock(&cw->mu);
	return failed ? cw_failed(cw, err) : 0;
}

/* End the block's stream: the worker flushes the encoder and the chunks. */
static int cw_finish(struct run *r, struct pgs_error *err)
{
	struct cworker *cw = r->cw;
	int failed;

	pthread_mutex_lock(&cw->mu);
	cw->finished = 0;
	cw->finish = 1;
	pthread_cond_signal(&cw->work);
	while (!cw->finished && !cw->failed)
		pthread_cond_wait(&cw->done, &cw->mu);
	/* A failure before the finish: it is not run, clear the request. */
	cw->finish = 0;
	failed = cw->failed;
	pthread_mutex_unlock(&cw->mu);
	return failed ? cw_failed(cw, err) : 0;
}

/* Stop the worker (at the end of a run, whatever happened) and free it.
 * It finishes the batch it is writing, if any, and takes no more. */
static void cw_stop(struct run *r)
{
	struct cworker *cw = r->cw;
	int i;

	if (!cw)
		return;
	pthread_mutex_lock(&cw->mu);
	cw->quit = 1;
	pthread_cond_signal(&cw->work);
	pthread_mutex_unlock(&cw->mu);
	pthread_join(cw->thread, NULL);
	for (i = 0; i < PGS_CW_SLOTS; i++)
		pgs_buf_release(&cw->slot[i]);
	pthread_mutex_destroy(&cw->mu);
	pthread_cond_destroy(&cw->work);
	pthread_cond_destroy(&cw->done);
	free(cw);
	r->cw = NULL;
}

/* Rewritten rows go to the compression worker. */
static int rows_flush(struct run *r, struct pgs_error *err)
{
	if (r->rows.len == 0)
		return 0;
	return cw_submit(r, err);
}

/* pgs_row_fn: one COPY row through the column anonymisers. */
static int rewrite_row(void *ctx, const char *line, size_t len,
		       uint64_t rowno, struct pgs_error *err)
{
	struct run *r = ctx;
	struct plan *pl = r->cur;
	size_t ncols = pl->stmt.ncols, nf, i;

	nf = pgs_copy_split(pl->fields, ncols + 1, line, len);
	if (ncols == 0) {
		/* A table with no columns has empty rows. */
		if (len != 0)
			return pgs_error_set(err, PGS_EINPUT,
					     "row %" PRIu64 ": data in a table with no columns",
					     rowno);
	} else if (nf != ncols) {
		pgs_error_set(err, PGS_EINPUT,
			      "row %" PRIu64 ": %zu fields, but the COPY statement lists %zu columns",
			      rowno, nf, ncols);
		return pgs_error_hint(err, nf < ncols ?
			"the row ends before column \"%s\"" :
			"there is data after the last column \"%s\"",
			nf < ncols ? pl->stmt.cols[nf] : pl->stmt.cols[ncols - 1]);
	}
	for (i = 0; i < ncols; i++) {
		size_t at;

		if (i && pgs_buf_addc(&r->rows, '\t', err))
			return -1;
		if (pl->fields[i].len >= PGS_ROWS_FLUSH &&
		    pgs_anon_is_keep(pl->anons[i])) {
			/* A huge kept value goes to the encoder from where it
			 * lies, not through a second copy of the row. */
			if (rows_flush(r, err) || cw_drain(r, err) ||
			    pgs_encoder_write(r->enc, pl->fields[i].p,
					      pl->fields[i].len, chunk_sink, r, err))
				return -1;
			continue;
		}
		at = r->rows.len;
		if (pgs_anon_apply(pl->anons[i], &r->rows, pl->fields[i].p,
				   pl->fields[i].len, err))
			return pgs_error_where(err, "row %" PRIu64 " column \"%s\"",
					       rowno, pl->stmt.cols[i]);
		if (r->rows.len - at != pl->fields[i].len ||
		    memcmp(r->rows.data + at, pl->fields[i].p, pl->fields[i].len))
			pl->changed[i]++;
		if (r->rows.len >= PGS_ROWS_FLUSH && rows_flush(r, err))
			return -1;
	}
	pl->rows++;
	if (pgs_buf_addc(&r->rows, '\n', err))
		return -1;
	r->stats->rows_rewritten++;
	if (r->rows.len >= PGS_ROWS_FLUSH)
		return rows_flush(r, err);
	return 0;
}

static int decoded_to_rows(void *ctx, const void *p, size_t n,
			   struct pgs_error *err)
{
	struct run *r = ctx;

	return pgs_copy_reader_feed(&r->reader, p, n, rewrite_row, r, err);
}

static int compressed_to_rows(void *ctx, const void *p, size_t n,
			      struct pgs_error *err)
{
	struct run *r = ctx;

	return pgs_decoder_feed(r->dec, p, n, decoded_to_rows, r, err);
}

static int rewrite_block(struct run *r, struct plan *pl,
			 struct pgs_error *err)
{
	unsigned i;

	r->cur = pl;
	pgs_copy_reader_reset(&r->reader);
	pgs_buf_reset(&r->rows);
	/* The worker is idle between blocks: the encoder is ours to reset. */
	if (cw_start(r, err) ||
	    pgs_decoder_reset(r->dec, err) || pgs_encoder_reset(r->enc, err) ||
	    read_chunks(r, compressed_to_rows, r, err) ||
	    pgs_decoder_finish(r->dec, err) ||
	    pgs_copy_reader_finish(&r->reader, err))
		return -1;
	/* The end-of-data line and the empty lines pg_dump puts after it. */
	if (pgs_buf_add(&r->rows, "\\.\n", 3, err))
		return -1;
	for (i = 0; i < r->reader.trailing_lfs; i++)
		if (pgs_buf_addc(&r->rows, '\n', err))
			return -1;
	if (rows_flush(r, err) || cw_finish(r, err))
		return -1;
	r->stats->tables_rewritten++;
	return emit_int(r, 0, err);
}

/* truncate: read past the rows, write a stream with no rows. */
static int truncate_block(struct run *r, size_t idx, struct pgs_error *err)
{
	/* COPY data still needs its end line; INSERT data is just empty. */
	int copy = r->a.toc[idx].copy_stmt.p != NULL;

	if (skip_chunks(r, err) || pgs_encoder_reset(r->enc, err) ||
	    (copy && pgs_encoder_write(r->enc, "\\.\n\n\n", 5, chunk_sink,
				       r, err)) ||
	    pgs_encoder_finish(r->enc, chunk_sink, r, err) ||
	    chunk_flush(r, err))
		return -1;
	r->stats->tables_truncated++;
	return emit_int(r, 0, err);
}

/* BLOBS: { Int oid, chunk list }* Int 0.  Each object is its own stream. */
static int blobs_block(struct run *r, enum action act, struct pgs_error *err)
{
	unsigned char raw[9];
	unsigned n = 1u + r->a.hdr.intsize;

	for (;;) {
		int64_t oid = 0;

		if (read_int_raw(r, &oid, raw, err))
			return -1;
		if (oid == 0)
			break;
		if (oid < 0 || oid > UINT32_MAX)
			return pgs_error_set(err, PGS_EINPUT,
					     "invalid large object OID %" PRId64, oid);
		switch (act) {
		case ACT_DROP:
			if (skip_chunks(r, err))
				return -1;
			break;
		case ACT_RECOMPRESS:
			if (emit(r, raw, n, err) || recompress_stream(r, err))
				return -1;
			break;
		default:
			if (emit(r, raw, n, err) || copy_chunks(r, err))
				return -1;
			break;
		}
	}
	return emit(r, raw, n, err);   /* the terminating OID 0 */
}

/* The block header has been read; do the rest of the block per its plan. */
static int process_block(struct run *r, size_t idx, unsigned char type,
			 const unsigned char *id_raw, struct pgs_error *err)
{
	struct pgs_toc_entry *te = &r->a.toc[idx];
	struct plan *pl = &r->plans[idx];
	unsigned n = 1u + r->a.hdr.intsize;

	te->out_offset = r->out.base + r->out.pos;
	if (emit(r, &type, 1, err) || emit(r, id_raw, n, err))
		return -1;
	if (pl->is_blobs) {
		r->stats->large_object_blocks++;
		if (blobs_block(r, pl->action, err))
			return -1;
		if (pl->action == ACT_RECOMPRESS)
			r->stats->blocks_recompressed++;
		else if (pl->action == ACT_COPY)
			r->stats->blocks_copied++;
		return 0;
	}
	switch (pl->action) {
	case ACT_COPY:
		r->stats->blocks_copied++;
		return copy_chunks(r, err);
	case ACT_RECOMPRESS:
		r->stats->blocks_recompressed++;
		return recompress_stream(r, err);
	case ACT_REWRITE:
		return rewrite_block(r, pl, err);
	case ACT_TRUNCATE:
		return truncate_block(r, idx, err);
	default:
		return pgs_error_set(err, PGS_EINPUT, "no plan for this block");
	}
}

/* ---- finding blocks ----------------------------------------------------- */

static long data_entry_index(const struct run *r, int64_t id)
{
	size_t lo = 0, hi = r->nsorted;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->sorted_ids[mid] == id)
			return (long)r->sorted_idx[mid];
		if (r->sorted_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int cmp_pairs(const void *x, const void *y)
{
	const int *a = x, *b = y;

	return (a[0] > b[0]) - (a[0] < b[0]);
}

static int build_index(struct run *r, struct pgs_error *err)
{
	size_t i, n = 0;
	int *pairs;

	r->block_pos = calloc(r->a.ntoc + 1, sizeof(*r->block_pos));
	r->block_done = calloc(r->a.ntoc + 1, 1);
	r->sorted_ids = calloc(r->a.ntoc + 1, sizeof(int));
	r->sorted_idx = calloc(r->a.ntoc + 1, sizeof(size_t));
	pairs = calloc(2 * (r->a.ntoc + 1), sizeof(int));
	if (!r->block_pos || !r->block_done || !r->sorted_ids ||
	    !r->sorted_idx || !pairs) {
		free(pairs);
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	}
	for (i = 0; i < r->a.ntoc; i++)
		if (r->a.toc[i].offset_flag != K_OFFSET_NO_DATA) {
			pairs[2 * n] = r->a.toc[i].dump_id;
			pairs[2 * n + 1] = (int)i;
			n++;
		}
	qsort(pairs, n, 2 * sizeof(int), cmp_pairs);
	for (i = 0; i < n; i++) {
		r->sorted_ids[i] = pairs[2 * i];
		r->sorted_idx[i] = (size_t)pairs[2 * i + 1];
	}
	r->nsorted = n;
	free(pairs);
	return 0;
}

struct block_head {
	uint64_t pos;
	unsigned char type;
	unsigned char id_raw[9];
	int64_t id;
	long idx;
};

static int read_block_head(struct run *r, struct block_head *h,
			   struct pgs_error *err)
{
	h->pos = pgs_input_tell(&r->in);
	if (pgs_input_read(&r->in, &h->type, 1, err) ||
	    read_int_raw(r, &h->id, h->id_raw, err))
		return -1;
	h->idx = data_entry_index(r, h->id);
	if (h->idx < 0) {
		if (pgs_archive_find(&r->a, (int)h->id) >= 0 && h->id > 0 &&
		    h->id <= INT32_MAX)
			return pgs_error_set(err, PGS_EINPUT,
					     "data block at byte %" PRIu64 " belongs to TOC entry %" PRId64
					     ", which has no data", h->pos, h->id);
		return pgs_error_set(err, PGS_EINPUT,
				     "data block at byte %" PRIu64 " is for dumpId %" PRId64
				     ", which is not in the TOC", h->pos, h->id);
	}
	if (h->type != BLK_DATA && h->type != BLK_BLOBS)
		return pgs_error_set(err, PGS_EINPUT,
				     "unknown data block type %u at byte %" PRIu64,
				     h->type, h->pos);
	if ((h->type == BLK_BLOBS) != r->plans[h->idx].is_blobs)
		return pgs_error_set(err, PGS_EINPUT,
				     "data block at byte %" PRIu64 " for %s has type %u",
				     h->pos, r->plans[h->idx].label, h->type);
	if (r->block_done[h->idx] ||
	    (r->block_pos[h->idx] && r->block_pos[h->idx] != h->pos))
		return pgs_error_set(err, PGS_EINPUT,
				     "second data block for %s at byte %" PRIu64,
				     r->plans[h->idx].label, h->pos);
	return 0;
}

static int skip_block(struct run *r, const struct block_head *h,
		      struct pgs_error *err)
{
	if (h->type == BLK_DATA)
		return skip_chunks(r, err);
	for (;;) {
		int64_t oid = 0;

		if (pgs_archive_read_int(&r->in, &r->a, &oid, err))
			return -1;
		if (oid == 0)
			return 0;
		if (skip_chunks(r, err))
			return -1;
	}
}

static int out_of_order(struct run *r, const struct block_head *h,
			struct pgs_error *err)
{
	pgs_error_set(err, PGS_EINPUT,
		      "the data of %s comes first, though the TOC lists it "
		      "later, and %s cannot be read twice",
		      r->plans[h->idx].label, r->in.name);
	return pgs_error_hint(err, "save the archive to a file and pass it "
			      "with -i FILE, which pgscrub can read in any order");
}

/* Position the input at the block of TOC entry idx, past its header. */
static int find_block(struct run *r, size_t idx, struct block_head *h,
		      struct pgs_error *err)
{
	if (r->block_pos[idx]) {
		if (pgs_input_seek(&r->in, r->block_pos[idx], err))
			return -1;
		return read_block_head(r, h, err);
	}
	if (pgs_input_tell(&r->in) != r->scan_end &&
	    pgs_input_seek(&r->in, r->scan_end, err))
		return -1;
	for (;;) {
		const unsigned char *p;
		size_t avail;

		if (pgs_input_peek(&r->in, &p, &avail, err))
			return -1;
		if (avail == 0) {
			pgs_error_set(err, PGS_EINPUT,
				      "the archive ends at byte %" PRIu64
				      " without the data of %s",
				      pgs_input_tell(&r->in), r->plans[idx].label);
			return pgs_error_hint(err, "the archive is cut short: check "
					      "that pg_dump finished and the file was "
					      "copied whole");
		}
		if (read_block_head(r, h, err))
			return -1;
		if ((size_t)h->idx == idx)
			return 0;
		if (!r->in.seekable)
			return out_of_order(r, h, err);
		r->block_pos[h->idx] = h->pos;
		if (skip_block(r, h, err))
			return pgs_error_where(err, "%s", r->plans[h->idx].label);
		r->scan_end = pgs_input_tell(&r->in);
	}
}

/* ---- planning ----------------------------------------------------------- */

static const char *qualified(char *buf, size_t size, const char *schema,
			     const char *table, const char *column)
{
	struct pgs_buf b;
	struct pgs_error e;

	pgs_buf_init(&b, 1024);
	if (pgs_ident_quote(&b, schema, &e) || pgs_buf_addc(&b, '.', &e) ||
	    pgs_ident_quote(&b, table, &e) ||
	    (column && (pgs_buf_addc(&b, '.', &e) ||
			pgs_ident_quote(&b, column, &e))))
		snprintf(buf, size, "%s.%s%s%s", schema, table,
			 column ? "." : "", column ? column : "");
	else
		snprintf(buf, size, "%s", b.data);
	pgs_buf_release(&b);
	return buf;
}

static const struct pgs_expr keep_expr = { (char *)"keep", NULL, 0, 0 };

struct coverage {
	unsigned missing;           /* columns with no rule */
	unsigned missing_tables;
	char first[400];            /* the first one, schema.table.column */
	char first_section[300];
	char first_column[160];
};

static void note_missing(struct coverage *cov, const char *schema,
			 const char *table, const char *col,
			 const char *section)
{
	if (cov->missing++ == 0) {
		struct pgs_buf b;
		struct pgs_error e;

		qualified(cov->first, sizeof(cov->first), schema, table, col);
		snprintf(cov->first_section, sizeof(cov->first_section), "%s",
			 section);
		pgs_buf_init(&b, 256);
		if (pgs_ident_quote(&b, col, &e) == 0)
			snprintf(cov->first_column, sizeof(cov->first_column),
				 "%s", b.data);
		pgs_buf_release(&b);
	}
}

#define MAX_CHAIN 64

/*
 * The rules sections that apply to a table: its own, then those of its
 * partition parents and inheritance parents, nearest first, so that a
 * section for a parent covers its partitions and children.
 */
static size_t section_chain(const struct run *r, const struct pgs_table *t,
			    const char *schema, const char *table,
			    const struct pgs_table_rules **chain)
{
	const struct pgs_table *queue[MAX_CHAIN];
	size_t nq = 0, qi = 0, n = 0, i;
	const struct pgs_table_rules *tr;

	tr = pgs_rules_find_table(r->opt->rules, schema, table);
	if (tr)
		chain[n++] = tr;
	if (t)
		queue[nq++] = t;
	while (qi < nq && n < MAX_CHAIN) {
		const struct pgs_table *cur = queue[qi++];

		for (i = 0; i < cur->nparents && nq < MAX_CHAIN; i++) {
			const struct pgs_table *p = &r->schema.tables[cur->parents[i]];

			queue[nq++] = p;
			tr = pgs_rules_find_table(r->opt->rules, p->schema, p->name);
			if (tr && n < MAX_CHAIN)
				chain[n++] = tr;
		}
	}
	return n;
}

/* A rule naming the column in the nearest section, else the nearest "*". */
static const struct pgs_column_rule *chain_rule(
	const struct pgs_table_rules *const *chain, size_t n, const char *col)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < chain[i]->ncols; j++)
			if (!chain[i]->cols[j].is_star &&
			    strcmp(chain[i]->cols[j].column, col) == 0)
				return &chain[i]->cols[j];
	for (i = 0; i < n; i++)
		for (j = 0; j < chain[i]->ncols; j++)
			if (chain[i]->cols[j].is_star)
				return &chain[i]->cols[j];
	return NULL;
}

static const char *rules_name(const struct run *r)
{
	return r->opt->rules->path ? r->opt->rules->path : "rules";
}

static int stale_rule(const struct run *r, const struct pgs_column_rule *cr,
		      const char *section, struct pgs_error *err)
{
	pgs_error_set(err, PGS_ECOVERAGE,
		      "%s:%d: [%s] has a rule for column \"%s\", but the table "
		      "has no such column", rules_name(r), cr->line, section,
		      cr->column);
	return pgs_error_hint(err, "fix the name or remove the rule");
}

/*
 * Every section naming a table the archive defines must name only columns
 * it has: with `* = keep`, a misspelt column would let the real one through.
 * Sections for tables not in the archive are fine (a dump of a subset).
 */
static int check_sections(struct run *r, struct pgs_error *err)
{
	const struct pgs_rules *rules = r->opt->rules;
	size_t i, j;

	for (i = 0; i < rules->ntables; i++) {
		const struct pgs_table_rules *tr = &rules->tables[i];
		const struct pgs_table *t = pgs_schema_find(&r->schema, tr->schema,
							    tr->table);
		char section[300];

		if (!t)
			continue;
		qualified(section, sizeof(section), tr->schema, tr->table, NULL);
		for (j = 0; j < tr->ncols; j++)
			if (!tr->cols[j].is_star &&
			    !pgs_table_column(t, tr->cols[j].column))
				return stale_rule(r, &tr->cols[j], section, err);
	}
	return 0;
}

static const struct pgs_table *table_of_data(const struct run *r, size_t idx)
{
	size_t i;

	for (i = 0; i < r->schema.ntables; i++)
		if (r->schema.tables[i].data_index == (long)idx)
			return &r->schema.tables[i];
	return NULL;
}

static int truncate_names(const struct pgs_rules *rules, const char *schema,
			  const char *table)
{
	size_t i;

	for (i = 0; i < rules->ntruncate; i++)
		if (strcmp(rules->truncate[i].schema, schema) == 0 &&
		    strcmp(rules->truncate[i].table, table) == 0)
			return 1;
	return 0;
}

/*
 * truncate = ... names the table or one of its ancestors: like TRUNCATE in
 * PostgreSQL, truncating a partitioned table or an inheritance parent
 * empties its partitions and children.
 */
static int is_truncated(const struct run *r, const struct pgs_table *t,
			const char *schema, const char *table, int depth)
{
	size_t i;

	if (truncate_names(r->opt->rules, schema, table))
		return 1;
	if (!t || depth > 32)
		return 0;
	for (i = 0; i < t->nparents; i++) {
		const struct pgs_table *p = &r->schema.tables[t->parents[i]];

		if (is_truncated(r, p, p->schema, p->name, depth + 1))
			return 1;
	}
	return 0;
}

static int plan_table(struct run *r, size_t idx, struct coverage *cov,
		      struct pgs_error *err)
{
	const struct pgs_rules *rules = r->opt->rules;
	struct pgs_toc_entry *te = &r->a.toc[idx];
	struct plan *pl = &r->plans[idx];
	const char *schema = te->namespace_.p ? te->namespace_.p : "";
	const char *table = te->tag.p ? te->tag.p : "";
	const struct pgs_table_rules *chain[MAX_CHAIN];
	const struct pgs_table *st = table_of_data(r, idx);
	struct pgs_anon_env env;
	size_t nchain, i;
	int rewrite = 0;
	/* pg_dump --load-via-partition-root: rows go in through the root and
	 * are routed again, so a rewritten partition key is fine. */
	int via_root = te->defn.p &&
		       strncmp(te->defn.p, "-- load via partition root ", 27) == 0;
	unsigned missing_here = 0;

	qualified(pl->table, sizeof(pl->table), schema, table, NULL);
	pl->schema_table = st;
	if (is_truncated(r, st, schema, table, 0)) {
		/* No row survives, so no column needs a rule. */
		pl->action = ACT_TRUNCATE;
		return 0;
	}
	nchain = section_chain(r, st, schema, table, chain);

	if (!te->copy_stmt.p) {
		/* --inserts / --column-inserts: SQL text, not COPY rows. */
		int all_keep = 1, star = rules->unlisted == PGS_UNLISTED_KEEP;
		size_t c, j;

		for (c = 0; c < nchain; c++)
			for (j = 0; j < chain[c]->ncols; j++) {
				if (strcmp(chain[c]->cols[j].expr.name, "keep") != 0)
					all_keep = 0;
				if (chain[c]->cols[j].is_star)
					star = 1;
			}
		if (all_keep && star) {
			pl->action = r->recompress_all ? ACT_RECOMPRESS : ACT_COPY;
			return 0;
		}
		pgs_error_set(err, PGS_ECOVERAGE,
			      "%s holds INSERT statements (pg_dump --inserts or "
			      "--column-inserts); pgscrub rewrites COPY data only",
			      pl->label);
		return pgs_error_hint(err, "make the dump without --inserts and "
				      "--column-inserts, or keep the whole table "
				      "with `* = keep` under [%s]", pl->table);
	}
	if (pgs_copy_stmt_parse(&pl->stmt, te->copy_stmt.p, err))
		return pgs_error_where(err, "%s", pl->label);

	pl->anons = calloc(pl->stmt.ncols + 1, sizeof(*pl->anons));
	pl->fields = calloc(pl->stmt.ncols + 1, sizeof(*pl->fields));
	pl->changed = calloc(pl->stmt.ncols + 1, sizeof(*pl->changed));
	pl->rule_text = calloc(pl->stmt.ncols + 1, sizeof(*pl->rule_text));
	if (!pl->anons || !pl->fields || !pl->changed || !pl->rule_text)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	env.master_key = r->opt->master_key;
	env.encoding = r->a.encoding[0] ? r->a.encoding : "UTF8";
	for (i = 0; i < pl->stmt.ncols; i++) {
		const char *col = pl->stmt.cols[i];
		const struct pgs_column_rule *cr = chain_rule(chain, nchain, col);
		const struct pgs_column *sc = st ? pgs_table_column(st, col) : NULL;

		if (!cr) {
			if (rules->unlisted == PGS_UNLISTED_ERROR) {
				note_missing(cov, schema, table, col, pl->table);
				missing_here++;
				continue;
			}
			if (pgs_anon_compile(&pl->anons[i], &keep_expr, &env, err))
				return -1;
			continue;
		}
		pl->rule_text[i] = cr->text;
		if (pgs_anon_compile(&pl->anons[i], &cr->expr, &env, err) ||
		    pgs_anon_fit(pl->anons[i], sc, err))
			return pgs_error_where(err, "%s:%d: rule for %s.%s",
					       rules_name(r), cr->line, pl->table,
					       col);
		if (!pgs_anon_is_keep(pl->anons[i]))
			rewrite = 1;
		if (sc && sc->partition_key && !pgs_anon_is_keep(pl->anons[i]) &&
		    !via_root) {
			pgs_error_set(err, PGS_ECOVERAGE,
				      "%s:%d: the rule for %s.%s would move rows out "
				      "of their partition: %s is in the partition key",
				      rules_name(r), cr->line, pl->table, col, col);
			return pgs_error_hint(err, "keep partition key columns, or "
					      "dump with pg_dump --load-via-partition-root "
					      "so that every row is routed to its new "
					      "partition on restore");
		}
	}
	if (missing_here)
		cov->missing_tables++;
	/* Without a schema (a data-only dump) check the own section against
	 * the data's columns instead. */
	if (!st && nchain && chain[0] == pgs_rules_find_table(rules, schema, table)) {
		const struct pgs_table_rules *tr = chain[0];
		size_t j;

		for (j = 0; j < tr->ncols; j++) {
			int found = tr->cols[j].is_star;

			for (i = 0; !found && i < pl->stmt.ncols; i++)
				found = strcmp(pl->stmt.cols[i], tr->cols[j].column) == 0;
			if (!found)
				return stale_rule(r, &tr->cols[j], pl->table, err);
		}
	}
	if (rewrite)
		pl->action = ACT_REWRITE;
	else
		pl->action = r->recompress_all ? ACT_RECOMPRESS : ACT_COPY;
	return 0;
}

/* ---- statistics --------------------------------------------------------- */

/* The schema table an entry with this dumpId defines, or NULL. */
static const struct pgs_table *table_by_dump_id(const struct run *r, int id)
{
	size_t i;

	for (i = 0; i < r->schema.ntables; i++) {
		long ti = r->schema.tables[i].toc_index;

		if (ti >= 0 && r->a.toc[ti].dump_id == id)
			return &r->schema.tables[i];
	}
	return NULL;
}

/* The table a STATISTICS DATA entry describes, directly or through the
 * index it is about (*via_index set). */
static const struct pgs_table *stats_table(const struct run *r,
					   const struct pgs_toc_entry *te,
					   int *via_index)
{
	size_t i, j;

	*via_index = 0;
	for (i = 0; i < te->ndeps; i++) {
		long d = pgs_archive_find(&r->a, atoi(te->deps[i].p));
		const struct pgs_toc_entry *de;

		if (d < 0)
			continue;
		de = &r->a.toc[d];
		if (str_eq(&de->desc, "TABLE") || str_eq(&de->desc, "FOREIGN TABLE") ||
		    str_eq(&de->desc, "MATERIALIZED VIEW"))
			return table_by_dump_id(r, de->dump_id);
		if (str_eq(&de->desc, "INDEX") || str_eq(&de->desc, "INDEX ATTACH")) {
			*via_index = 1;
			for (j = 0; j < de->ndeps; j++) {
				const struct pgs_table *t =
					table_by_dump_id(r, atoi(de->deps[j].p));

				if (t)
					return t;
			}
		}
	}
	return NULL;
}

/* What happens to a schema table's data: its own plan's action. */
static enum action table_action(const struct run *r, const struct pgs_table *t)
{
	return t->data_index >= 0 ? r->plans[t->data_index].action : ACT_NONE;
}

/* Whether any table below t (partitions, children) is rewritten. */
static int descendant_scrubbed(const struct run *r, const struct pgs_table *t,
			       int depth)
{
	size_t i, k;

	if (depth > 32)
		return 1;   /* fail closed on absurd nesting */
	for (i = 0; i < r->schema.ntables; i++) {
		const struct pgs_table *c = &r->schema.tables[i];

		for (k = 0; k < c->nparents; k++)
			if (&r->schema.tables[c->parents[k]] == t) {
				enum action a = table_action(r, c);

				if (a == ACT_REWRITE || a == ACT_TRUNCATE ||
				    descendant_scrubbed(r, c, depth + 1))
					return 1;
			}
	}
	return 0;
}

struct stats_ctx {
	const struct plan *plan;    /* the table's own rewrite plan, or NULL */
	int all;                    /* scrub every column */
};

static int stats_scrub_column(void *ctx, const char *attname)
{
	const struct stats_ctx *c = ctx;
	size_t i;

	if (c->all || !attname || !c->plan)
		return 1;
	for (i = 0; i < c->plan->stmt.ncols; i++)
		if (strcmp(c->plan->stmt.cols[i], attname) == 0)
			return !pgs_anon_is_keep(c->plan->anons[i]);
	/* Not in the data: a generated column, computed from the others. */
	return 1;
}

/*
 * pg_dump 18 --statistics puts real column values (most common values,
 * histogram bounds) in STATISTICS DATA entries.  For every column whose
 * rule is not keep, and for every column of a table whose partitions or
 * children are rewritten (their values are in its inherited statistics),
 * those arguments are removed; a truncated table loses the entry.  An
 * entry for anything else (a materialized view, whose statistics were
 * computed from the original rows) is scrubbed whole as soon as any table
 * is rewritten: fail closed.
 */
static int plan_statistics(struct run *r, struct pgs_error *err)
{
	struct pgs_buf out;
	size_t i;
	int any = 0;

	/* Nothing rewritten: every statistic describes data that is kept. */
	for (i = 0; i < r->a.ntoc; i++)
		any |= r->plans[i].action == ACT_REWRITE ||
		       r->plans[i].action == ACT_TRUNCATE;
	if (!any)
		return 0;
	pgs_buf_init(&out, PGS_MAX_TOC_STRING);
	for (i = 0; i < r->a.ntoc; i++) {
		struct pgs_toc_entry *te = &r->a.toc[i];
		const struct pgs_table *t;
		struct stats_ctx ctx = { NULL, 0 };
		enum action a;
		unsigned removed = 0;
		int via_index;

		if (!str_eq(&te->desc, "STATISTICS DATA") || !te->defn.p)
			continue;
		t = stats_table(r, te, &via_index);
		a = t ? table_action(r, t) : ACT_NONE;
		if (t && a == ACT_TRUNCATE) {
			te->omit = 1;
			r->stats->stats_entries_removed++;
			continue;
		}
		if (!t)
			ctx.all = 1;
		else if (descendant_scrubbed(r, t, 0))
			ctx.all = 1;
		else if (a == ACT_REWRITE) {
			ctx.plan = &r->plans[t->data_index];
			ctx.all = via_index;   /* index expressions: all */
		} else
			continue;   /* nothing of this table is rewritten */
		pgs_buf_reset(&out);
		if (pgs_statistics_scrub(&out, te->defn.p, te->defn.len,
				    r->a.std_strings != 0, stats_scrub_column,
				    &ctx, &removed, err)) {
			pgs_buf_release(&out);
			return pgs_error_where(err, "%s", r->plans[i].label);
		}
		if (removed) {
			free(te->defn.p);
			te->defn.p = out.data;
			te->defn.len = out.len;
			pgs_buf_init(&out, PGS_MAX_TOC_STRING);
			r->stats->stats_values_removed += removed;
		}
	}
	pgs_buf_release(&out);
	return 0;
}

static int plan_all(struct run *r, struct pgs_error *err)
{
	const struct pgs_rules *rules = r->opt->rules;
	struct coverage cov;
	size_t i;

	memset(&cov, 0, sizeof(cov));
	r->plans = calloc(r->a.ntoc + 1, sizeof(*r->plans));
	if (!r->plans)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	for (i = 0; i < r->a.ntoc; i++) {
		struct pgs_toc_entry *te = &r->a.toc[i];
		struct plan *pl = &r->plans[i];

		if (te->namespace_.p && te->tag.p) {
			char q[300];

			snprintf(pl->label, sizeof(pl->label), "TOC entry %d (%s %s)",
				 te->dump_id, te->desc.p ? te->desc.p : "?",
				 qualified(q, sizeof(q), te->namespace_.p,
					   te->tag.p, NULL));
		} else
			pgs_archive_entry_label(te, pl->label, sizeof(pl->label));
		if (te->offset_flag == K_OFFSET_NO_DATA)
			continue;
		if (str_eq(&te->desc, "TABLE DATA")) {
			if (plan_table(r, i, &cov, err))
				return -1;
		} else if (str_eq(&te->desc, "BLOBS")) {
			pl->is_blobs = 1;
			if (rules->large_objects == PGS_LO_DROP)
				pl->action = ACT_DROP;
			else if (rules->large_objects == PGS_LO_UNSET &&
				 rules->unlisted == PGS_UNLISTED_ERROR) {
				pgs_error_set(err, PGS_ECOVERAGE,
					      "the archive has large objects, but the "
					      "rules do not say what to do with them");
				return pgs_error_hint(err, "set `large_objects = keep` or "
						      "`large_objects = drop` in the "
						      "[pgscrub] section of %s",
						      rules->path ? rules->path : "the rules file");
			} else
				pl->action = r->recompress_all ? ACT_RECOMPRESS : ACT_COPY;
		} else {
			pgs_error_set(err, PGS_EINPUT,
				      "%s has a data block, and pgscrub does not know "
				      "what such data holds", pl->label);
			return pgs_error_hint(err, "this entry type is new to pgscrub; "
					      "please report it with the output of "
					      "pg_restore -l");
		}
	}
	if (cov.missing) {
		if (cov.missing > 1)
			pgs_error_set(err, PGS_ECOVERAGE,
				      "column %s has no rule (and %u more column%s, "
				      "in %u table%s in all)",
				      cov.first, cov.missing - 1,
				      cov.missing > 2 ? "s" : "", cov.missing_tables,
				      cov.missing_tables > 1 ? "s" : "");
		else
			pgs_error_set(err, PGS_ECOVERAGE, "column %s has no rule",
				      cov.first);
		return pgs_error_hint(err, "add `%s = keep` (or an anonymiser) under "
				      "[%s] in %s, `* = keep` to keep the rest of "
				      "the table, or `unlisted = keep` in [pgscrub]",
				      cov.first_column, cov.first_section,
				      rules->path ? rules->path : "the rules file");
	}
	return plan_statistics(r, err);
}

/* ---- the run ------------------------------------------------------------ */

static int setup_codecs(struct run *r, struct pgs_error *err)
{
	const struct pgs_options *opt = r->opt;
	const struct pgs_archive_header *h = &r->a.hdr;

	if (opt->recompress) {
		r->out_alg = opt->compression;
		r->out_level = opt->level;
		if (h->version < K_VERS_1_15 && r->out_alg != PGS_COMPRESS_NONE &&
		    r->out_alg != PGS_COMPRESS_GZIP) {
			pgs_error_set(err, PGS_EUSAGE,
				      "--compress %s needs archive version 1.15 or "
				      "later, and this archive is %u.%u, from pg_dump %s",
				      pgs_compression_name(r->out_alg), h->vmaj,
				      h->vmin, h->pgdump_version.p ? h->pgdump_version.p : "?");
			return pgs_error_hint(err, "pg_restore older than 16 cannot "
					      "read %s data; use --compress gzip or none",
					      pgs_compression_name(r->out_alg));
		}
		r->recompress_all = r->out_alg != h->compression ||
				    opt->level != PGS_COMPRESS_DEFAULT_LEVEL;
	} else {
		r->out_alg = h->compression;
		/* Before 1.15 the header keeps pg_dump's zlib level: reuse it. */
		r->out_level = h->version < K_VERS_1_15 && h->level > 0 ?
			       h->level : PGS_COMPRESS_DEFAULT_LEVEL;
	}
	if (pgs_decoder_new(&r->dec, h->compression, err) ||
	    pgs_encoder_new(&r->enc, r->out_alg, r->out_level, err))
		return -1;
	return 0;
}

static int write_blocks(struct run *r, struct pgs_error *err)
{
	size_t i;
	const unsigned char *p;
	size_t avail;

	r->scan_end = pgs_input_tell(&r->in);
	for (i = 0; i < r->a.ntoc; i++)
		r->tables_total += r->a.toc[i].offset_flag != K_OFFSET_NO_DATA &&
				   !r->a.toc[i].omit && !r->plans[i].is_blobs;
	for (i = 0; i < r->a.ntoc; i++) {
		struct pgs_toc_entry *te = &r->a.toc[i];
		struct block_head h;

		if (te->offset_flag == K_OFFSET_NO_DATA || te->omit)
			continue;
		if (find_block(r, i, &h, err) ||
		    process_block(r, i, h.type, h.id_raw, err))
			return pgs_error_where(err, "%s", r->plans[i].label);
		r->block_done[i] = 1;
		r->tables_done += !r->plans[i].is_blobs;
		progress(r);
		if (pgs_input_tell(&r->in) > r->scan_end)
			r->scan_end = pgs_input_tell(&r->in);
	}
	/* Nothing may follow the last block. */
	if (pgs_input_tell(&r->in) != r->scan_end &&
	    pgs_input_seek(&r->in, r->scan_end, err))
		return -1;
	if (pgs_input_peek(&r->in, &p, &avail, err))
		return -1;
	if (avail) {
		pgs_error_set(err, PGS_EINPUT,
			      "unexpected data after the last data block, at byte %" PRIu64,
			      pgs_input_tell(&r->in));
		return pgs_error_hint(err, "the file may be two archives joined, "
				      "or damaged");
	}
	return 0;
}

static const char *action_name(enum action a)
{
	switch (a) {
	case ACT_RECOMPRESS:
		return "recompressed";
	case ACT_REWRITE:
		return "rewritten";
	case ACT_TRUNCATE:
		return "truncated";
	default:
		return "copied";
	}
}

/* Per-table results for --report, copied out of the plans. */
static int collect_stats(struct run *r, struct pgs_error *err)
{
	struct pgs_stats *st = r->stats;
	size_t i, j, n = 0;

	st->large_objects = st->large_object_blocks == 0 ? "none" :
		r->opt->rules->large_objects == PGS_LO_DROP ? "dropped" : "kept";
	for (i = 0; i < r->a.ntoc; i++)
		n += str_eq(&r->a.toc[i].desc, "TABLE DATA");
	st->tables = calloc(n + 1, sizeof(*st->tables));
	if (!st->tables)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	for (i = 0; i < r->a.ntoc; i++) {
		const struct pgs_toc_entry *te = &r->a.toc[i];
		const struct plan *pl = &r->plans[i];
		struct pgs_table_stats *ts;

		if (!str_eq(&te->desc, "TABLE DATA"))
			continue;
		ts = &st->tables[st->ntables++];
		ts->schema = strdup(te->namespace_.p ? te->namespace_.p : "");
		ts->table = strdup(te->tag.p ? te->tag.p : "");
		ts->action = action_name(pl->action);
		ts->rows = pl->action == ACT_REWRITE ? (int64_t)pl->rows :
			   pl->action == ACT_TRUNCATE ? 0 : -1;
		if (!ts->schema || !ts->table)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		if (pl->action != ACT_REWRITE)
			continue;
		ts->cols = calloc(pl->stmt.ncols + 1, sizeof(*ts->cols));
		if (!ts->cols)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		ts->ncols = pl->stmt.ncols;
		for (j = 0; j < pl->stmt.ncols; j++) {
			ts->cols[j].column = strdup(pl->stmt.cols[j]);
			ts->cols[j].rule = strdup(pl->rule_text[j] ?
						   pl->rule_text[j] : "keep");
			ts->cols[j].changed = pl->changed[j];
			if (!ts->cols[j].column || !ts->cols[j].rule)
				return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		}
	}
	return 0;
}

void pgs_stats_release(struct pgs_stats *st)
{
	size_t i, j;

	for (i = 0; i < st->ntables; i++) {
		for (j = 0; j < st->tables[i].ncols; j++) {
			free(st->tables[i].cols[j].column);
			free(st->tables[i].cols[j].rule);
		}
		free(st->tables[i].cols);
		free(st->tables[i].schema);
		free(st->tables[i].table);
	}
	free(st->tables);
	st->tables = NULL;
	st->ntables = 0;
}

static void run_release(struct run *r)
{
	size_t i, j;

	if (r->plans) {
		for (i = 0; i < r->a.ntoc; i++) {
			struct plan *pl = &r->plans[i];

			for (j = 0; pl->anons && j < pl->stmt.ncols; j++)
				pgs_anon_free(pl->anons[j]);
			free(pl->anons);
			free(pl->fields);
			free(pl->changed);
			free(pl->rule_text);
			pgs_copy_stmt_release(&pl->stmt);
		}
		free(r->plans);
	}
	pgs_decoder_free(r->dec);
	pgs_encoder_free(r->enc);
	pgs_copy_reader_release(&r->reader);
	pgs_buf_release(&r->rows);
	pgs_buf_release(&r->chunk);
	pgs_buf_release(&r->scratch);
	free(r->block_pos);
	free(r->block_done);
	free(r->sorted_ids);
	free(r->sorted_idx);
	pgs_input_close(&r->in);
	pgs_schema_release(&r->schema);
	pgs_archive_release(&r->a);
}

static int run(struct run *r, struct pgs_error *err)
{
	struct pgs_buf toc;
	uint64_t toc_at;
	size_t toc_len, i;
	int rc = -1;

	if (pgs_input_open(&r->in, r->opt->input, err) ||
	    pgs_archive_read_header(&r->a, &r->in, err) ||
	    pgs_archive_read_toc(&r->a, &r->in, err) ||
	    pgs_schema_from_archive(&r->schema, &r->a, err) ||
	    check_sections(r, err) ||
	    setup_codecs(r, err) || plan_all(r, err) || build_index(r, err))
		return -1;

	{
		struct stat sb;

		if (r->in.seekable && fstat(r->in.fd, &sb) == 0)
			r->in_size = (uint64_t)sb.st_size;
	}
	/* Only now, with the rules known to fit, does output begin. */
	if (pgs_output_open(&r->out, r->opt->output, err))
		return -1;
	r->out_open = 1;
	pgs_buf_init(&toc, (size_t)1 << 40);
	if (pgs_archive_encode_header(&toc, &r->a, r->out_alg, r->out_level, err) ||
	    emit(r, toc.data, toc.len, err))
		goto out;
	toc_at = r->out.pos;
	pgs_buf_reset(&toc);
	if (pgs_archive_encode_toc(&toc, &r->a, err) ||
	    emit(r, toc.data, toc.len, err))
		goto out;
	toc_len = toc.len;
	if (write_blocks(r, err))
		goto out;
	if (r->out.seekable) {
		for (i = 0; i < r->a.ntoc; i++)
			if (r->a.toc[i].out_offset_flag == K_OFFSET_POS_NOT_SET)
				r->a.toc[i].out_offset_flag = K_OFFSET_POS_SET;
		pgs_buf_reset(&toc);
		if (pgs_archive_encode_toc(&toc, &r->a, err))
			goto out;
		if (toc.len != toc_len) {
			pgs_error_set(err, PGS_EIO, "internal error: the TOC "
				      "changed length when offsets were added");
			goto out;
		}
		if (pgs_output_rewrite(&r->out, toc_at, toc.data, toc.len, err))
			goto out;
		r->stats->offsets_written = 1;
	}
	r->stats->bytes_in = pgs_input_tell(&r->in);
	r->stats->bytes_out = r->out.pos;
	if (collect_stats(r, err))
		goto out;
	rc = 0;
out:
	pgs_buf_release(&toc);
	return rc;
}

int pgs_pipeline_run(const struct pgs_options *opt, struct pgs_stats *stats,
		     struct pgs_error *err)
{
	struct run r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(stats, 0, sizeof(*stats));
	r.opt = opt;
	r.stats = stats;
	pgs_archive_init(&r.a);
	pgs_schema_init(&r.schema);
	pgs_copy_reader_init(&r.reader, PGS_MAX_ROW);
	pgs_buf_init(&r.rows, PGS_MAX_ROW + PGS_ROWS_FLUSH);
	pgs_buf_init(&r.chunk, PGS_CHUNK_MAX);
	pgs_buf_init(&r.scratch, 64);
	rc = run(&r, err);
	/* Nothing may write to the output once it is committed or removed. */
	cw_stop(&r);
	if (r.out_open) {
		if (rc == 0 && pgs_output_commit(&r.out, err))
			rc = -1;
		if (rc != 0)
			pgs_output_abort(&r.out);
	}
	run_release(&r);
	return rc;
}
