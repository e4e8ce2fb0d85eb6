/*
 * pipeline.c — one pass from a pg_dump custom archive to a scrubbed one.
 *
 * The design, in the order things happen:
 *
 * 1. Plan.  The header and the whole TOC are read first (they are small and
 *    come before any data).  Every entry that has a data block gets a plan
 *    from the resolver (plan.c, which pgscrub check reads too): TABLE DATA
 *    is matched to its rules sections, its COPY statement gives the column
 *    names, and each column's rule is compiled into an anonymiser.
 *    A column no rule covers, a rule naming a column the data does not have,
 *    INSERT-style data that would need rewriting, or large objects with no
 *    policy stop the run here — before a single output byte exists.
 *
 * 2. Header and TOC out.  The header is copied field by field (only the
 *    compression field can change, with --compress); the TOC is re-encoded
 *    from the parsed entries with "offset not set" for every data entry.
 *
 * 3. Blocks, in TOC order.  The custom-format reader (archive_custom.h,
 *    pgs_custom_reader) finds each entry's block and hands out its streams'
 *    payload straight from the input buffer; the writer (pgs_custom_writer)
 *    writes block heads and cuts encoder output into chunks of at most
 *    PGS_CHUNK_MAX bytes, never an empty one (a zero length ends a stream).
 *    Each block takes one of five paths:
 *    - copy: nothing in it changes; its bytes (type, id, chunk lengths,
 *      payload) go from the input buffer to the output without being
 *      decompressed.  This is the common case and runs at I/O speed.
 *    - recompress: --compress changes the method; the one compressed stream
 *      (one per large object for BLOBS) is decoded and re-encoded, on this
 *      thread (pgs_compress_pool_write).
 *    - rewrite: decoded stream -> the rewriter (rewrite.h: rows cut by its
 *      pgs_copy_reader; a row that spans chunks is carried in the reader's
 *      own buffer, so memory is bounded by the longest row) -> each field
 *      through its anonymiser into the rewriter's batch -> submitted, 64 KiB
 *      at a time, to the compression pool
 *      (compress_pool.h), whose -j worker threads compress it (gzip and
 *      lz4 in blocks of 256 KiB, pigz's way; zstd with its own threads)
 *      and feed the writer's chunks in order (-j 1: no thread, the pool
 *      does that on this thread inside the call that queues a block).  Deflating is most of a
 *      rewrite's cost, so it runs on every core beside the decoding,
 *      parsing and anonymising of the next rows; the output is the same
 *      bytes for any -j.
 *      With gzip or lz4 output, a table whose rows are each rewritten on
 *      their own (not filtered, no case rule) goes further: this thread
 *      only decodes, and the pool cuts the text at row ends into units of
 *      about 256 KiB that its threads rewrite (a rewriter and anonymisers
 *      of their own per thread) and compress (struct rows,
 *      pgs_compress_pool_begin_rows).
 *      The "\." end line and the empty lines after it are written back.
 *    - truncate: the stream is skipped and replaced by one with no rows
 *      (just the end line for COPY data).
 *    - drop (large objects with large_objects = drop): the block is read
 *      and replaced by an empty BLOBS block, so the objects are created
 *      empty and oid columns that refer to them still resolve.
 *    The pool holds the run's encoders and is started on the first
 *    stream that needs encoding; a run that only copies starts no thread.
 *
 *    Several tables at once (xt_write_blocks): from a seekable input, with
 *    -j 2 or more and at least two blocks to decode (rewrite, recompress,
 *    truncate), the reader first finds every block (pg_dump's offsets, or
 *    the heads walked), and -j workers (struct xt_worker: input, reader,
 *    decoder, rewriter, writer and pool of their own) each do the next
 *    such block in TOC order into a spool (memory, then $TMPDIR), at most
 *    two blocks a worker ahead of the output, while this thread writes
 *    every block in TOC order: unchanged ones copied as above, a worker's
 *    waited for and its spool copied.  The same bytes as one at a time;
 *    a block that does not begin where the one before it ended (an offset
 *    into another block) fails the run before any byte of it is written.
 *
 * 4. Offsets.  When the output is seekable (-o FILE, or stdout redirected to
 *    a regular file) each block's position is recorded and the TOC is
 *    rewritten in place at the end with real offsets, as pg_dump does, so
 *    pg_restore -j and -L seek instead of scan.  Its length does not change
 *    (an Offset is always a flag byte plus offSize bytes).  On a pipe the
 *    first TOC, "offset not set", is final.
 *
 * 5. Directory archives (pg_dump -Fd, pgs_pipeline_scrub_dir) take the
 *    same plan, rewriter and pools over files instead of blocks: toc.dat
 *    is read with the same TOC code (archive.h, format 3: a filename per
 *    entry), each entry's NNNN.dat[.gz|.lz4|.zst] (archive_directory.h) is
 *    linked into a temporary output directory when nothing in it changes,
 *    or decoded (its codec from its suffix), rewritten, truncated or
 *    recompressed into a file of the same name; large objects are their
 *    index file and one file each.  Tables are independent files, so -j
 *    workers each take one at a time with buffers, decoders and pools of
 *    their own (struct dir_worker), and a gzip or lz4 table's rows are
 *    rewritten on its pool's threads as in a custom archive (struct
 *    rows).  toc.dat is written last, and the
 *    directory renamed into place only when everything succeeded.
 *    --format directory reads a custom archive's blocks and writes them as
 *    such files (pgs_pipeline_convert_to_dir); --format custom reads such
 *    files and writes them as blocks (pgs_pipeline_convert_to_custom).
 *
 * 6. Tar archives (pg_dump -Ft, pgs_pipeline_scrub_tar) are a directory
 *    archive in one stream: toc.dat, then the same files as members in TOC
 *    order, read strictly in order (archive_tar.h) so that a pipe will do.
 *    Unchanged members are copied with their headers; a rewritten one is
 *    spooled until its size is known (memory, then an unlinked file in
 *    $TMPDIR), then written behind its header.  --format directory and
 *    custom turn each member into a file or a block instead.
 *
 * Blocks must arrive in TOC order when the input is a pipe; from a seekable
 * file, blocks met before their turn are remembered by position and read
 * when their turn comes, as pg_restore does (the reader's index).
 *
 * Buffers, and who owns them:
 * - pgs_input's 1 MiB read buffer: this thread's; the reader borrows it and
 *   hands out slices valid only during a sink call.
 * - the rewriter's partial-row buffer and batch: this thread's.  At each
 *   submit the batch is copied into the pool's blocks (gzip, lz4) or
 *   swapped with one of its two slots (none, zstd); a queued block or slot
 *   is the workers' until it has been compressed and written.
 * - the encoders, the writer's chunk buffer (reset after each chunk) and
 *   its Int scratch, and pgs_output's 256 KiB write buffer: the pool's
 *   (one pool thread at a time) from pgs_compress_pool_begin() to the
 *   return of _end(), otherwise this thread's.  While a block is being
 *   rewritten this thread writes nothing (pgs_compress_pool_write, for a
 *   huge kept value, puts it into the blocks, or for none and zstd first
 *   waits for the queue to empty); after _end it writes the stream's end.
 * - tables at once (xt_write_blocks): a worker's input buffer (pread on
 *   the same fd), reader, decoder, rewriter, writer and pool are its own;
 *   a slot's spool is the worker's from when it takes the block until the
 *   block is done, then this thread's until it is copied out and reset.
 *   The TOC, the plans and the subset are shared: a table's plan and
 *   counters are its worker's alone, the TOC's out_offset this thread's.
 * None of them grows with the size of a table or of the archive.
 * pgs_pipeline_run() frees the pool, joining its worker, before the output
 * is committed or removed.
 */
#include "pgscrub/pipeline.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pgscrub/anon.h"
#include "pgscrub/archive.h"
#include "pgscrub/archive_custom.h"
#include "pgscrub/archive_directory.h"
#include "pgscrub/archive_tar.h"
#include "pgscrub/buf.h"
#include "pgscrub/compress_pool.h"
#include "pgscrub/condition.h"
#include "pgscrub/copy.h"
#include "pgscrub/ident.h"
#include "pgscrub/io.h"
#include "pgscrub/plan.h"
#include "pgscrub/rewrite.h"
#include "pgscrub/schema.h"
#include "pgscrub/statistics.h"
#include "pgscrub/subset.h"

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
	const struct pgs_plan_table *resolved;  /* TABLE DATA: the resolver's
						   answer (plan.h) */
	/* ACT_REWRITE: the table's anonymisers (borrowed from the resolver's
	 * plan) and its counters (rewrite.h). */
	struct pgs_rewrite_table rt;
	size_t idx;                 /* its TOC entry */
	int filtered;               /* rows are decided by the subset */
	uint64_t bytes_in, bytes_out;   /* its block, for the tally */
	double seconds;
};

/* Rows rewritten on a pool's threads (see "one table's rows into a
 * pool" below). */
struct par_worker {
	struct pgs_rewriter rw;
	struct pgs_rewrite_table t;   /* the current table, its own counters */
	struct pgs_anon **anons;      /* its own anonymisers */
	struct pgs_pool_out *out;     /* the unit's output (par_rows) */
	int ready;                    /* t and anons are set */
};

struct par_set {
	struct par_worker *w;         /* one per pool thread, on first use */
	unsigned n;
};

struct run {
	const struct pgs_options *opt;
	struct pgs_tally *tally;
	struct pgs_archive a;
	struct pgs_schema schema;
	struct pgs_input *in;       /* opened and closed by the caller */
	struct pgs_output *out;     /* opened, committed or aborted by the caller */
	char label[320];            /* entry_label()'s buffer */
	struct pgs_plan resolved;   /* what happens to every table (plan.h) */
	struct plan *plans;         /* one per TOC entry */
	enum pgs_compression out_alg;
	int out_level;
	int recompress_all;
	int convert;                        /* --format: the output is in the
					       other format (pgs_plan_codec) */

	struct pgs_decoder *dec;
	struct pgs_rewriter rw;     /* the row loop's buffers (rewrite.h) */

	/* Smaller copies (subset.h): NULL when no row is filtered.  Its
	 * first reading (step 2) has a reader and decoder of its own. */
	struct pgs_subset *subset;
	struct pgs_custom_reader rd1;
	struct pgs_decoder *dec1;
	pgs_sink_fn sink1;
	void *sink1_ctx;

	struct pgs_custom_reader rd;        /* data blocks in */
	struct pgs_custom_writer w;         /* data blocks out */
	struct pgs_compress_pool *pool;     /* every encoder; on first use */
	struct par_set par;         /* the pool threads' rewriters (rows_begin) */
	uint64_t in_size;           /* of a regular input file, else 0 */
	unsigned tables_done, tables_total;  /* TABLE DATA blocks */
	size_t cur_entry;           /* the block being read, for progress;
				       SIZE_MAX: none yet */
	unsigned cur_no;            /* its place among tables_total, or 0 */
	uint64_t progress_in;       /* input done, for the progress line,
				       when blocks are read by others
				       (write_blocks); 0: r->in's position */

	/* A directory archive (pgs_pipeline_scrub_dir): the output
	 * directory, the workers' queue while they run, and what they read
	 * and wrote. */
	int directory;
	struct pgs_dir_writer dw;
	struct dir_queue *dir_queue;
	uint64_t dir_bytes_in, dir_bytes_out;
};

/* ---- small helpers ------------------------------------------------------ */

static void progress(struct run *r)
{
	struct pgs_progress p;

	if (!r->opt->progress)
		return;
	memset(&p, 0, sizeof(p));
	p.bytes_in = r->progress_in ? r->progress_in : pgs_input_tell(r->in);
	p.bytes_total = r->in_size;
	p.tables_done = r->tables_done;
	p.tables_total = r->tables_total;
	if (r->cur_entry != SIZE_MAX) {
		const struct pgs_toc_entry *te = &r->a.toc[r->cur_entry];

		if (r->plans && r->plans[r->cur_entry].is_blobs) {
			p.table = "large objects";
		} else {
			p.schema = te->namespace_.p;
			p.table = te->tag.p ? te->tag.p : "";
		}
		p.table_no = r->cur_no;
	}
	r->opt->progress(r->opt->progress_ctx, &p);
}

/* Wall-clock seconds from an arbitrary start, for per-table times. */
static double monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int str_eq(const struct pgs_str *s, const char *lit)
{
	return s->p && strcmp(s->p, lit) == 0;
}

static int emit(struct run *r, const void *p, size_t n, struct pgs_error *err)
{
	return pgs_output_write(r->out, p, n, err);
}

/* The reader's callbacks. */
static void reader_progress(void *ctx)
{
	progress(ctx);
}

/*
 * "TOC entry 3120 (TABLE DATA public.users)", made when a message needs it
 * (not kept per entry: a TOC may have millions).  Valid until the next call.
 */
static const char *entry_label(struct run *r, size_t idx)
{
	pgs_plan_entry_label(&r->a.toc[idx], r->label, sizeof(r->label));
	return r->label;
}

/*
 * The loop every writer but the custom run's shares: the number of tables
 * for the progress line, then fn(ctx, i) for each entry with data in TOC
 * order (skip_omit: not the entries the output leaves out), timed, the
 * progress line kept up; fn's error gets the entry's label.
 */
static int each_entry(struct run *r, int skip_omit,
		      int (*fn)(void *ctx, size_t i, struct pgs_error *err),
		      void *ctx, struct pgs_error *err)
{
	size_t i;

	for (i = 0; i < r->a.ntoc; i++)
		r->tables_total += r->a.toc[i].offset_flag != K_OFFSET_NO_DATA &&
				   !r->a.toc[i].omit && !r->plans[i].is_blobs;
	for (i = 0; i < r->a.ntoc; i++) {
		double t0 = monotonic_seconds();

		if (r->a.toc[i].offset_flag == K_OFFSET_NO_DATA ||
		    (skip_omit && r->a.toc[i].omit))
			continue;
		r->cur_entry = i;
		r->cur_no = r->plans[i].is_blobs ? 0 : r->tables_done + 1;
		if (fn(ctx, i, err))
			return pgs_error_where(err, "%s", entry_label(r, i));
		r->plans[i].seconds = monotonic_seconds() - t0;
		r->tables_done += !r->plans[i].is_blobs;
		progress(r);
	}
	return 0;
}

static const char *reader_label(void *ctx, size_t idx)
{
	return entry_label(ctx, idx);
}

/* The cores this process may run on: its CPU affinity (taskset, cpusets,
 * systemd's CPUAffinity=), as nproc counts them, else the online ones. */
static unsigned usable_cores(void)
{
	long n;
#ifdef __linux__
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
#endif
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : (unsigned long)n > UINT_MAX ? UINT_MAX : (unsigned)n;
}

/* -j: the threads that compress one stream; 0 is the usable cores. */
static unsigned run_jobs(const struct pgs_options *opt)
{
	unsigned n;

	if (opt->jobs)
		return opt->jobs > PGS_MAX_JOBS ? PGS_MAX_JOBS : opt->jobs;
	n = usable_cores();
	return n > PGS_MAX_JOBS ? PGS_MAX_JOBS : n;
}

unsigned pgs_pipeline_jobs(const struct pgs_options *opt)
{
	return run_jobs(opt);
}

/* A pool of nworkers compression threads (fault hook included). */
static int pool_new(struct pgs_compress_pool **pool, const struct run *r,
		    enum pgs_compression alg, int level, enum pgs_container c,
		    unsigned nworkers, size_t batch_max, struct pgs_error *err)
{
	if (pgs_compress_pool_new_in(pool, alg, level, c, nworkers, batch_max,
				     err))
		return -1;
	if (r->opt->test_fail_block)
		pgs_compress_pool_fail_at(*pool, r->opt->test_fail_block);
	return 0;
}

/* The run's pool, started on first use with -j threads. */
static int pool_get(struct run *r, struct pgs_error *err)
{
	return !r->pool &&
	       pool_new(&r->pool, r, r->out_alg, r->out_level,
			PGS_CONTAINER_STREAM, run_jobs(r->opt), r->rw.rows.max,
			err) ? -1 : 0;
}

/* Every encoded stream goes through the pool: one table's stream is
 * compressed on every core. */
static int pool_begin(struct run *r, struct pgs_error *err)
{
	if (pool_get(r, err))
		return -1;
	return pgs_compress_pool_begin(r->pool, pgs_custom_writer_chunk_sink,
				       &r->w, err);
}

/* ---- the per-block paths ------------------------------------------------ */

static int decoded_to_pool(void *ctx, const void *p, size_t n,
			   struct pgs_error *err)
{
	struct run *r = ctx;

	return pgs_compress_pool_write(r->pool, p, n, err);
}

static int compressed_to_decoder(void *ctx, const void *p, size_t n,
				 struct pgs_error *err)
{
	struct run *r = ctx;

	return pgs_decoder_feed(r->dec, p, n, decoded_to_pool, r, err);
}

/* One compressed stream: decode, re-encode with the output method (on
 * this thread: pgs_compress_pool_write). */
static int recompress_stream(struct run *r, struct pgs_error *err)
{
	if (pgs_decoder_reset(r->dec, err) || pool_begin(r, err) ||
	    pgs_custom_reader_stream(&r->rd, compressed_to_decoder, r, err) ||
	    pgs_decoder_finish(r->dec, err) ||
	    pgs_compress_pool_end(r->pool, err))
		return -1;
	return pgs_custom_writer_end_stream(&r->w, err);
}

/* Rewritten rows go to the compression pool (rewrite.h's pgs_rows_out). */
static int rows_submit(void *ctx, struct pgs_buf *rows, struct pgs_error *err)
{
	struct run *r = ctx;

	return pgs_compress_pool_submit(r->pool, rows, err);
}

static int rows_write(void *ctx, const void *p, size_t n, struct pgs_error *err)
{
	struct run *r = ctx;

	return pgs_compress_pool_write(r->pool, p, n, err);
}

/* ---- one table's rows into a pool --------------------------------------- */

/*
 * Issue 13's "N workers each anonymise a batch and compress it": for a
 * table whose rows are each a function of themselves alone (not filtered:
 * the subset decides rows and records keys in order; no case rule: its
 * conditions keep state) and a gzip or lz4 pool, the owner's thread only
 * decodes, and the pool cuts the text at row ends into units that its
 * threads rewrite, each with a rewriter and anonymisers of its own
 * (compiled from the plan's rules for every table), and compress
 * (compress_pool.h, pgs_compress_pool_begin_rows).  Other tables are
 * rewritten on the owner's thread and their rows submitted to the pool.
 * The units depend on the bytes only, so the output is the same for any
 * -j; anonymisers are functions of the key and the value.  Counters are
 * added up when the stream has ended.
 *
 * Every owner of a pool (the run, each directory worker) has a par_set:
 * one par_worker per pool thread.  struct rows is one table's rows on
 * their way into the pool, whichever thread rewrites them; every path
 * that rewrites a table into a compressed stream goes through it.
 */
struct rows {
	struct pgs_decoder *dec;            /* set by the caller: the decoder
					       whose output rows_feed gets */
	struct run *r;
	struct plan *pl;
	struct pgs_compress_pool **pool;    /* the owner's; freed on failure */
	struct pgs_rewriter *rw;            /* the owner's thread's */
	struct par_set *par;
	int threads;                        /* rows go to the pool's threads */
	uint64_t written;                   /* pl->rt.written at the start */
};

static int par_submit(void *ctx, struct pgs_buf *rows, struct pgs_error *err)
{
	struct par_worker *p = ctx;

	/* A batch that had to hold a huge row is not copied once more. */
	if (rows->len > ((size_t)1 << 20))
		return pgs_pool_out_take(p->out, rows, err);
	return pgs_pool_out_add(p->out, rows->data, rows->len, err);
}

static int par_write(void *ctx, const void *q, size_t n, struct pgs_error *err)
{
	struct par_worker *p = ctx;

	/* A huge kept value: compressed from where it lies in the unit. */
	return pgs_pool_out_ref(p->out, q, n, err);
}

/* pgs_pool_rows_fn, on pool thread `worker`. */
static int par_rows(void *ctx, unsigned worker, const void *in, size_t n,
		    uint64_t lines_before, int last, struct pgs_pool_out *out,
		    struct pgs_error *err)
{
	struct par_worker *p = &((struct par_set *)ctx)->w[worker];

	p->out = out;
	pgs_copy_reader_reset(&p->rw.reader);
	p->rw.reader.rows = lines_before;
	if (pgs_rewriter_feed(&p->rw, in, n, err))
		return -1;
	return last ? pgs_rewriter_end(&p->rw, err) :
		      pgs_rewriter_flush(&p->rw, err);
}

static int par_eligible(const struct pgs_compress_pool *pool,
			const struct plan *pl)
{
	size_t j;

	if (!pgs_compress_pool_can_rows(pool) || pl->rt.filtered)
		return 0;
	for (j = 0; j < pl->resolved->ncols; j++)
		if (pl->resolved->cols[j].nbranches)
			return 0;
	return 1;
}

/* Free the workers' anonymisers and tables; merge adds their counters to
 * the table's.  Only while no pool thread runs a rows function. */
static void par_end_table(struct par_set *s, struct plan *pl, int merge)
{
	size_t n = pl->resolved->ncols, j;
	unsigned k;

	for (k = 0; k < s->n; k++) {
		struct par_worker *p = &s->w[k];

		if (!p->ready)
			continue;
		if (merge) {
			pl->rt.rows += p->t.rows;
			pl->rt.written += p->t.written;
			for (j = 0; j < n; j++)
				pl->rt.changed[j] += p->t.changed[j];
		}
		if (p->anons)
			pgs_plan_table_anons_free(p->anons, n);
		free(p->anons);
		p->anons = NULL;
		pgs_rewrite_table_release(&p->t);
		p->ready = 0;
	}
}

/* Set up the workers of s for table pl, one per thread of pool. */
static int par_begin_table(struct par_set *s, struct run *r,
			   const struct pgs_compress_pool *pool,
			   struct plan *pl, struct pgs_error *err)
{
	size_t n = pl->resolved->ncols, j;
	unsigned nw = pgs_compress_pool_workers(pool), k;
	struct pgs_plan_options po;

	if (!s->w) {
		s->w = calloc(nw, sizeof(*s->w));
		if (!s->w)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		s->n = nw;
		for (k = 0; k < nw; k++) {
			struct par_worker *p = &s->w[k];

			pgs_rewriter_init(&p->rw);
			p->rw.rules_path = r->rw.rules_path;
			p->rw.out.submit = par_submit;
			p->rw.out.write = par_write;
			p->rw.out.ctx = p;
		}
	}
	if (nw > s->n)      /* an owner's pools all have as many threads */
		return pgs_error_set(err, PGS_EINTERNAL, "a pool of %u threads "
				     "for %u rewriters", nw, s->n);
	pgs_plan_run_options(&po, &r->a, r->opt->master_key);
	for (k = 0; k < nw; k++) {
		struct par_worker *p = &s->w[k];

		if (pgs_rewrite_table_init(&p->t, pl->resolved, pl->idx, 0, err))
			goto fail;
		p->ready = 1;
		p->anons = calloc(n + 1, sizeof(*p->anons));
		if (!p->anons) {
			pgs_error_set(err, PGS_ENOMEM, "out of memory");
			goto fail;
		}
		if (pgs_plan_table_anons(p->anons, pl->resolved, &po.env, err)) {
			free(p->anons);
			p->anons = NULL;
			goto fail;
		}
		for (j = 0; j < n; j++)
			p->t.anons[j] = p->anons[j];
		if (pgs_rewriter_begin(&p->rw, &p->t, err))
			goto fail;
	}
	return 0;
fail:
	par_end_table(s, pl, 0);
	return -1;
}

static void par_release(struct par_set *s)
{
	unsigned k;

	for (k = 0; k < s->n; k++)
		pgs_rewriter_release(&s->w[k].rw);
	free(s->w);
	s->w = NULL;
	s->n = 0;
}

/*
 * Open a stream of table pl's rewritten rows into *pool (created by the
 * owner), whose compressed bytes go to sink(ctx): rw is the owner's
 * rewriter, whose output goes to *pool; par its pool threads' rewriters.
 * Then hand the decoded text to rows_feed and end with rows_end, which
 * must be called whatever happened in between.
 */
static int rows_begin(struct rows *x, struct run *r, struct plan *pl,
		      struct pgs_compress_pool **pool, struct pgs_rewriter *rw,
		      struct par_set *par, pgs_sink_fn sink, void *ctx,
		      struct pgs_error *err)
{
	x->r = r;
	x->pl = pl;
	x->pool = pool;
	x->rw = rw;
	x->par = par;
	x->written = pl->rt.written;
	x->threads = par_eligible(*pool, pl);
	if (!x->threads)
		return pgs_compress_pool_begin(*pool, sink, ctx, err) ||
		       pgs_rewriter_begin(rw, &pl->rt, err) ? -1 : 0;
	if (par_begin_table(par, r, *pool, pl, err))
		return -1;
	return pgs_compress_pool_begin_rows(*pool, sink, ctx, par_rows, par,
					    PGS_POOL_BLOCK + PGS_MAX_ROW, err);
}

/* pgs_sink_fn, ctx a struct rows: decoded COPY text. */
static int rows_feed(void *ctx, const void *p, size_t n, struct pgs_error *err)
{
	struct rows *x = ctx;

	if (x->threads)
		return pgs_compress_pool_add_rows(*x->pool, p, n, err);
	return pgs_rewriter_feed(x->rw, p, n, err);
}

/*
 * End the stream begun by rows_begin (ok: everything in between
 * succeeded): the pool has compressed every row and the table's counters
 * are added to t.  On failure, with rows on the pool's threads, the pool
 * is freed (*pool NULL: its threads stop before their anonymisers go);
 * the run is abandoned anyway.
 */
static int rows_end(struct rows *x, int ok, struct pgs_tally *t,
		    struct pgs_error *err)
{
	if (!x->threads) {
		if (!ok || pgs_rewriter_end(x->rw, err) ||
		    pgs_compress_pool_end(*x->pool, err))
			return -1;
	} else if (!ok || pgs_compress_pool_end(*x->pool, err)) {
		pgs_compress_pool_free(*x->pool);
		*x->pool = NULL;
		par_end_table(x->par, x->pl, 0);
		return -1;
	} else {
		par_end_table(x->par, x->pl, 1);
	}
	t->rows_rewritten += x->pl->rt.written - x->written;
	t->tables_rewritten++;
	return 0;
}

/* pgs_sink_fn, ctx a struct rows: compressed bytes to its decoder. */
static int compressed_to_rows(void *ctx, const void *p, size_t n,
			      struct pgs_error *err)
{
	struct rows *x = ctx;

	return pgs_decoder_feed(x->dec, p, n, rows_feed, x, err);
}

static int rewrite_block(struct run *r, struct plan *pl,
			 struct pgs_error *err)
{
	struct rows x;
	int ok;

	if (pool_get(r, err) || pgs_decoder_reset(r->dec, err))
		return -1;
	memset(&x, 0, sizeof(x));
	x.dec = r->dec;
	ok = rows_begin(&x, r, pl, &r->pool, &r->rw, &r->par,
			pgs_custom_writer_chunk_sink, &r->w, err) == 0 &&
	     pgs_custom_reader_stream(&r->rd, compressed_to_rows, &x, err) == 0 &&
	     pgs_decoder_finish(r->dec, err) == 0;
	if (rows_end(&x, ok, r->tally, err))
		return -1;
	/* After _end the writer is ours again. */
	return pgs_custom_writer_end_stream(&r->w, err);
}

/* truncate: read past the rows, write a stream with no rows. */
static int truncate_block(struct run *r, size_t idx, struct pgs_error *err)
{
	/* COPY data still needs its end line; INSERT data is just empty. */
	int copy = r->a.toc[idx].copy_stmt.p != NULL;

	if (pgs_custom_reader_skip_stream(&r->rd, err) || pool_begin(r, err) ||
	    (copy && pgs_compress_pool_write(r->pool, "\\.\n\n\n", 5, err)) ||
	    pgs_compress_pool_end(r->pool, err))
		return -1;
	r->tally->tables_truncated++;
	return pgs_custom_writer_end_stream(&r->w, err);
}

/* BLOBS: { OID, stream }* OID 0.  Each object is its own stream. */
static int blobs_block(struct run *r, enum action act, struct pgs_error *err)
{
	struct pgs_custom_int oid;

	for (;;) {
		if (pgs_custom_reader_next_blob(&r->rd, &oid, err))
			return -1;
		if (oid.v == 0)
			break;
		switch (act) {
		case ACT_DROP:
			if (pgs_custom_reader_skip_stream(&r->rd, err))
				return -1;
			break;
		case ACT_RECOMPRESS:
			if (pgs_custom_writer_int(&r->w, &oid, err) ||
			    recompress_stream(r, err))
				return -1;
			break;
		default:
			if (pgs_custom_writer_int(&r->w, &oid, err) ||
			    pgs_custom_copy_stream(&r->rd, &r->w, err))
				return -1;
			break;
		}
	}
	return pgs_custom_writer_int(&r->w, &oid, err);   /* the OID 0 */
}

/* The block head has been read; do the rest of the block per its plan. */
static int process_block(struct run *r, size_t idx,
			 const struct pgs_custom_block *blk,
			 struct pgs_error *err)
{
	struct pgs_toc_entry *te = &r->a.toc[idx];
	struct plan *pl = &r->plans[idx];

	te->out_offset = r->out->base + r->out->pos;
	if (pgs_custom_writer_block_head(&r->w, blk, err))
		return -1;
	if (pl->is_blobs) {
		r->tally->large_object_blocks++;
		if (blobs_block(r, pl->action, err))
			return -1;
		if (pl->action == ACT_RECOMPRESS)
			r->tally->blocks_recompressed++;
		else if (pl->action == ACT_COPY)
			r->tally->blocks_copied++;
		return 0;
	}
	switch (pl->action) {
	case ACT_COPY:
		r->tally->blocks_copied++;
		return pgs_custom_copy_stream(&r->rd, &r->w, err);
	case ACT_RECOMPRESS:
		r->tally->blocks_recompressed++;
		return recompress_stream(r, err);
	case ACT_REWRITE:
		return rewrite_block(r, pl, err);
	case ACT_TRUNCATE:
		return truncate_block(r, idx, err);
	default:
		return pgs_error_set(err, PGS_EINTERNAL, "no plan for this block");
	}
}

/* ---- planning ----------------------------------------------------------- */

/*
 * What happens to every table and column is the resolver's business
 * (plan.c), shared with pgscrub check; here its answer becomes the paths
 * blocks take, and its statistics decisions are applied to the TOC.
 */

struct statistics_ctx {
	const struct pgs_plan *plan;
	size_t idx;                 /* the STATISTICS DATA entry */
};

static int stats_scrub_column(void *ctx, const char *attname)
{
	const struct statistics_ctx *c = ctx;

	return pgs_plan_stats_scrub_column(c->plan, c->idx, attname);
}

/* STATISTICS DATA as the resolver decided: dropped with a truncated
 * table, values scrubbed where the data is rewritten. */
static int scrub_statistics(struct run *r, struct pgs_error *err)
{
	struct pgs_buf out;
	size_t i;

	pgs_buf_init(&out, PGS_MAX_TOC_STRING);
	for (i = 0; i < r->a.ntoc; i++) {
		struct pgs_toc_entry *te = &r->a.toc[i];
		struct statistics_ctx ctx = { &r->resolved, i };
		unsigned removed = 0;

		switch (pgs_subset_entry_stats(r->subset, &r->resolved, i)) {
		case PGS_PLAN_STATS_KEEP:
			continue;
		case PGS_PLAN_STATS_DROP:
			te->omit = 1;
			r->tally->statistics_entries_removed++;
			continue;
		case PGS_PLAN_STATS_SCRUB:
			break;
		}
		pgs_buf_reset(&out);
		if (pgs_statistics_scrub(&out, te->defn.p, te->defn.len,
				    r->a.std_strings != 0, stats_scrub_column,
				    &ctx, &removed, err)) {
			pgs_buf_release(&out);
			return pgs_error_where(err, "%s", entry_label(r, i));
		}
		if (removed) {
			/* TOC strings live in the archive's arena. */
			if (pgs_archive_adopt_str(&r->a, &te->defn, out.data,
						  out.len, err))
				return -1;
			pgs_buf_init(&out, PGS_MAX_TOC_STRING);
			r->tally->statistics_values_removed += removed;
		}
	}
	pgs_buf_release(&out);
	return 0;
}

static int plan_all(struct run *r, struct pgs_error *err)
{
	struct pgs_plan_options po;
	size_t i;

	r->plans = calloc(r->a.ntoc + 1, sizeof(*r->plans));
	if (!r->plans)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	pgs_plan_run_options(&po, &r->a, r->opt->master_key);
	if (pgs_plan_build(&r->resolved, &r->schema, r->opt->rules, &po, err) ||
	    pgs_subset_build(&r->subset, &r->resolved, r->opt->master_key, err))
		return -1;
	r->rw.subset = r->subset;
	for (i = 0; i < r->a.ntoc; i++) {
		struct plan *pl = &r->plans[i];
		const struct pgs_plan_table *pt = pgs_plan_entry_table(&r->resolved, i);

		if (r->a.toc[i].offset_flag == K_OFFSET_NO_DATA)
			continue;
		pl->is_blobs = str_eq(&r->a.toc[i].desc, "BLOBS");
		pl->resolved = pt;
		pl->idx = i;
		switch (pgs_plan_entry_path(&r->resolved, i, r->recompress_all,
					    pgs_subset_affects(r->subset, i))) {
		case PGS_PATH_FILTER:
			pl->filtered = 1;
			pl->action = ACT_REWRITE;
			break;
		case PGS_PATH_REWRITE:
			pl->action = ACT_REWRITE;
			break;
		case PGS_PATH_TRUNCATE:
			pl->action = ACT_TRUNCATE;
			break;
		case PGS_PATH_DROP:
			pl->action = ACT_DROP;
			break;
		case PGS_PATH_RECOMPRESS:
			pl->action = ACT_RECOMPRESS;
			break;
		default:
			pl->action = ACT_COPY;
			break;
		}
		if (pl->action != ACT_REWRITE)
			continue;
		if (pgs_rewrite_table_init(&pl->rt, pt, i, pl->filtered, err))
			return -1;
	}
	return scrub_statistics(r, err);
}

/* ---- the run ------------------------------------------------------------ */

static int setup_codecs(struct run *r, struct pgs_error *err)
{
	const struct pgs_options *opt = r->opt;
	const struct pgs_archive_header *h = &r->a.hdr;
	struct pgs_plan_codec codec;

	if (pgs_plan_codec(&codec, h, opt->recompress, opt->compression,
			   opt->level, r->convert, err))
		return -1;
	r->out_alg = codec.alg;
	r->out_level = codec.level;
	r->recompress_all = codec.recompress_all;
	return pgs_decoder_new(&r->dec, h->compression, err);
}

/* ---- smaller copies: the first reading (subset.h, step 2) ---------------- */

static int compressed_to_sink1(void *ctx, const void *p, size_t n,
			       struct pgs_error *err)
{
	struct run *r = ctx;

	return pgs_decoder_feed(r->dec1, p, n, r->sink1, r->sink1_ctx, err);
}

/* pgs_subset_read_fn: the decoded COPY stream of entry idx, read from
 * wherever its block is (the input is seekable by now). */
static int subset_read(void *ctx, size_t idx, pgs_sink_fn sink,
		       void *sink_ctx, struct pgs_error *err)
{
	struct run *r = ctx;
	struct pgs_custom_block blk;

	r->sink1 = sink;
	r->sink1_ctx = sink_ctx;
	r->cur_entry = idx;
	r->cur_no = 0;
	if (pgs_custom_reader_find_block(&r->rd1, idx, &blk, err) ||
	    pgs_decoder_reset(r->dec1, err) ||
	    pgs_custom_reader_stream(&r->rd1, compressed_to_sink1, r, err) ||
	    pgs_decoder_finish(r->dec1, err))
		return pgs_error_where(err, "%s", entry_label(r, idx));
	pgs_custom_reader_block_done(&r->rd1, idx);
	progress(r);
	return 0;
}

/*
 * Before any output: the tables whose surviving keys others need are read
 * (more than once for a cycle).  A pipe is spooled to $TMPDIR first, as it
 * came, so that blocks can be read in the order the keys need and again
 * in TOC order for the output.
 */
static int subset_collect(struct run *r, struct pgs_error *err)
{
	if (!pgs_subset_needs_collect(r->subset))
		return 0;
	if (pgs_input_spool(r->in, r->opt->tmpdir, err) ||
	    pgs_decoder_new(&r->dec1, r->a.hdr.compression, err))
		return -1;
	pgs_custom_reader_init(&r->rd1, r->in, &r->a);
	r->rd1.label = reader_label;
	r->rd1.ctx = r;
	r->rd1.reread = 1;
	if (pgs_custom_reader_open(&r->rd1, err) ||
	    pgs_subset_collect(r->subset, subset_read, r, err))
		return -1;
	r->tally->subset_read_first = 1;
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

/* What the row filters did to entry idx's rows. */
static int tally_subset(struct run *r, struct pgs_table_tally *ts, size_t idx,
			struct pgs_error *err)
{
	const struct pgs_subset_counts *c = pgs_subset_counts(r->subset, idx);
	size_t k;

	if (!c)
		return 0;
	ts->filtered = 1;
	ts->kept = c->kept;
	ts->removed_by_filter = c->removed_by_filter;
	ts->removed_by_cascade = c->removed_by_cascade;
	ts->nulled = c->nulled;
	r->tally->rows_removed += c->removed_by_filter + c->removed_by_cascade;
	r->tally->rows_nulled += c->nulled;
	r->tally->tables_filtered++;
	ts->causes = calloc(c->ncauses + 1, sizeof(*ts->causes));
	if (!ts->causes)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	for (k = 0; k < c->ncauses; k++) {
		struct pgs_cause_tally *ct = &ts->causes[ts->ncauses];

		if (!c->causes[k].removed && !c->causes[k].nulled)
			continue;
		ct->constraint = strdup(c->causes[k].constraint ?
					c->causes[k].constraint : "");
		if (!ct->constraint)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		ct->removed = c->causes[k].removed;
		ct->nulled = c->causes[k].nulled;
		ts->ncauses++;
	}
	return 0;
}

/* Per-table results for --report, copied out of the plans. */
static int collect_tally(struct run *r, struct pgs_error *err)
{
	struct pgs_tally *st = r->tally;
	size_t i, j, n = 0;

	st->large_objects = st->large_object_blocks == 0 ? "none" :
		r->opt->rules->large_objects == PGS_LO_DROP ? "dropped" :
		r->recompress_all ? "recompressed" : "kept";
	for (i = 0; i < r->a.ntoc; i++)
		n += str_eq(&r->a.toc[i].desc, "TABLE DATA");
	st->tables = calloc(n + 1, sizeof(*st->tables));
	if (!st->tables)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	for (i = 0; i < r->a.ntoc; i++) {
		const struct pgs_toc_entry *te = &r->a.toc[i];
		const struct plan *pl = &r->plans[i];
		struct pgs_table_tally *ts;

		if (!str_eq(&te->desc, "TABLE DATA"))
			continue;
		ts = &st->tables[st->ntables++];
		ts->schema = strdup(te->namespace_.p ? te->namespace_.p : "");
		ts->table = strdup(te->tag.p ? te->tag.p : "");
		ts->action = action_name(pl->action);
		ts->rows = pl->action == ACT_REWRITE ? (int64_t)pl->rt.rows :
			   pl->action == ACT_TRUNCATE ? 0 : -1;
		ts->bytes_in = pl->bytes_in;
		ts->bytes_out = pl->bytes_out;
		ts->seconds = pl->seconds;
		if (!ts->schema || !ts->table)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		if (pl->filtered && tally_subset(r, ts, i, err))
			return -1;
		if (pl->action != ACT_REWRITE)
			continue;
		ts->cols = calloc(pl->rt.stmt.ncols + 1, sizeof(*ts->cols));
		if (!ts->cols)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		ts->ncols = pl->rt.stmt.ncols;
		for (j = 0; j < pl->rt.stmt.ncols; j++) {
			char origin[512];

			pgs_plan_origin(&r->resolved, pl->resolved,
					&pl->resolved->cols[j], origin,
					sizeof(origin));
			ts->cols[j].column = strdup(pl->rt.stmt.cols[j]);
			ts->cols[j].rule = strdup(pl->resolved->cols[j].rule_text);
			ts->cols[j].origin = strdup(origin);
			ts->cols[j].changed = pl->rt.changed[j];
			if (!ts->cols[j].column || !ts->cols[j].rule ||
			    !ts->cols[j].origin)
				return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		}
	}
	return 0;
}

void pgs_tally_release(struct pgs_tally *st)
{
	size_t i, j;

	for (i = 0; i < st->ntables; i++) {
		for (j = 0; j < st->tables[i].ncols; j++) {
			free(st->tables[i].cols[j].column);
			free(st->tables[i].cols[j].rule);
			free(st->tables[i].cols[j].origin);
		}
		free(st->tables[i].cols);
		for (j = 0; j < st->tables[i].ncauses; j++)
			free(st->tables[i].causes[j].constraint);
		free(st->tables[i].causes);
		free(st->tables[i].schema);
		free(st->tables[i].table);
	}
	free(st->tables);
	st->tables = NULL;
	st->ntables = 0;
}

static void run_release(struct run *r)
{
	size_t i;

	if (r->plans) {
		for (i = 0; i < r->a.ntoc; i++) {
			struct plan *pl = &r->plans[i];

			pgs_rewrite_table_release(&pl->rt);
		}
		free(r->plans);
	}
	pgs_plan_release(&r->resolved);
	pgs_decoder_free(r->dec);
	pgs_rewriter_release(&r->rw);
	par_release(&r->par);
	pgs_custom_writer_release(&r->w);
	pgs_custom_reader_release(&r->rd);
	pgs_custom_reader_release(&r->rd1);
	pgs_decoder_free(r->dec1);
	pgs_subset_free(r->subset);
	pgs_schema_release(&r->schema);
	pgs_archive_release(&r->a);
}

static int toc_sink(void *ctx, const void *p, size_t n, struct pgs_error *err)
{
	return emit(ctx, p, n, err);
}

/* The TOC into a buffer (a tar's toc.dat member, whose size comes first). */
static int toc_sink_buf(void *ctx, const void *p, size_t n,
			struct pgs_error *err)
{
	return pgs_buf_add(ctx, p, n, err);
}

/* Where the TOC with real offsets goes: over the one written first. */
struct toc_rewrite {
	struct pgs_output *out;
	uint64_t pos, end;
};

static int toc_rewrite_sink(void *ctx, const void *p, size_t n,
			    struct pgs_error *err)
{
	struct toc_rewrite *tr = ctx;

	assert(n <= tr->end - tr->pos);
	if (pgs_output_rewrite(tr->out, tr->pos, p, n, err))
		return -1;
	tr->pos += n;
	return 0;
}

/*
 * The end of a custom output: on a seekable one the TOC is written again in
 * place, with the blocks' offsets (an Offset's length never depends on its
 * value); then the tally's byte counts (extra_in: input read other than
 * through r->in, a directory's files) and per-table results.
 */
static int custom_out_finish(struct run *r, struct pgs_buf *toc,
			     uint64_t toc_at, uint64_t toc_len,
			     uint64_t extra_in, struct pgs_error *err)
{
	size_t i;

	if (r->out->seekable) {
		struct toc_rewrite tr = { r->out, toc_at, toc_at + toc_len };
		uint64_t len;

		for (i = 0; i < r->a.ntoc; i++)
			if (r->a.toc[i].out_offset_flag == K_OFFSET_POS_NOT_SET)
				r->a.toc[i].out_offset_flag = K_OFFSET_POS_SET;
		if (pgs_archive_write_toc(&r->a, toc, toc_rewrite_sink, &tr,
					  &len, err))
			return -1;
		assert(len == toc_len);
		r->tally->offsets_written = 1;
	}
	r->tally->bytes_in = pgs_input_tell(r->in) + extra_in;
	r->tally->bytes_out = r->out->pos;
	return collect_tally(r, err);
}

/* ---- several tables at once (custom to custom, a seekable input) -------- */

static void tally_add(struct pgs_tally *to, const struct pgs_tally *t);

/*
 * Issue 13's "across tables": from a seekable input, the blocks that need
 * work (rewrite, recompress, truncate; not large objects) are done by -j
 * workers at once while this thread writes the output in TOC order.  The
 * reader first finds every such block (pgs_custom_reader_locate: pg_dump's
 * offsets, else the heads walked); each worker then takes the next block
 * in TOC order, reads it with an input of its own on the same file
 * (pgs_input_dup: pread, so nobody's file offset moves), and writes the
 * block's exact output bytes (head, chunks, end) into the spool of the
 * block's slot (memory up to PGS_TAR_SPOOL_MEM, then an unlinked file in
 * $TMPDIR).  This thread copies unchanged blocks as write_blocks does, and
 * for a worker's block waits for it, records its offset and copies the
 * spool out; the output is the same bytes as write_blocks' for any -j.
 *
 * Bounded: a worker takes block j only when the block 2 * workers before
 * it has been written (XT_SLOTS_PER_WORKER slots a worker), so at most
 * that many spools exist.  A worker is a struct run of its own (sub) for
 * the per-block paths of write_blocks (recompress_stream, rewrite_block
 * with its rows on the worker's own pool threads, truncate_block): its own
 * input, reader, decoder, rewriter buffers, writer, pool and counters; the
 * TOC, the plans and the subset are the run's.  A table is one worker's
 * alone, so it uses the plan's own anonymisers, as the directory workers
 * do; the tables whose rows the subset decides all go to worker 0, in TOC
 * order.  A failing block stops the workers of the blocks after it (at
 * their next spool write) while those before it are finished and written,
 * so the run fails with the error -j 1 gives: the first in TOC order.  A
 * failure of this thread (the output) stops every worker.  An offset is
 * checked to lead to a head of its own entry, but where its block ends is
 * known only once it has been read: each worker's block is reported to
 * this thread's reader (_block_done_at) as it is written, and before any
 * byte of a block is written its start must be where the block before it
 * ended (_check_start), as a reading block after block finds it (an
 * offset into another block would have its bytes copied out as a
 * table's, to standard output before any end check).  A damaged block met
 * while they are found ends the search there; this thread's reader meets
 * it in its turn, as -j 1.
 */

#define XT_SLOTS_PER_WORKER 2

enum xt_state { XT_WAITING = 0, XT_TAKEN, XT_DONE, XT_FAILED, XT_SKIPPED };

struct xt_queue {
	pthread_mutex_t mu;
	pthread_cond_t more;        /* a block may be taken, or stop */
	pthread_cond_t done;        /* a block is done, or stop */
	size_t *idx;                /* the blocks needing work, in TOC order */
	uint64_t *pos;              /* where each is in the input */
	unsigned char *state;       /* enum xt_state, per block */
	struct pgs_tar_spool *spool;        /* per slot: block j's is j % nslots */
	size_t n, nslots;
	const struct run *r;
	size_t written;             /* blocks written to the output */
	size_t left, left_filtered; /* blocks still to be taken */
	/* Read by the spool sink too (atomic): */
	int stop;                   /* this thread failed */
	size_t fail_j;              /* the first block that failed, or n */
	struct pgs_error first;     /* its error */
};

struct xt_worker {
	struct run sub;
	struct run *r;
	struct xt_queue *q;
	unsigned no;
	unsigned pool_workers;
	pthread_t thread;
	struct pgs_input in;
	size_t j;                           /* the block being written */
	struct pgs_tar_spool *spool;        /* its spool */
	struct pgs_tally t;                 /* counters only */
	struct pgs_error err;
};

/* The worker's writer's sink: the block's spool, unless a block before it
 * failed or the output did. */
static int xt_sink(void *ctx, const void *p, size_t n, struct pgs_error *err)
{
	struct xt_worker *w = ctx;

	if (__atomic_load_n(&w->q->stop, __ATOMIC_RELAXED) ||
	    __atomic_load_n(&w->q->fail_j, __ATOMIC_RELAXED) < w->j)
		return pgs_error_set(err, PGS_EINTERNAL, "stopped: another "
				     "table failed");
	return pgs_tar_spool_sink(w->spool, p, n, err);
}

/* The blocks that a worker would do: those that need decoding. */
static int xt_needs_work(const struct run *r, size_t i)
{
	const struct plan *pl = &r->plans[i];

	return r->a.toc[i].offset_flag != K_OFFSET_NO_DATA &&
	       !r->a.toc[i].omit && !pl->is_blobs &&
	       (pl->action == ACT_REWRITE || pl->action == ACT_RECOMPRESS ||
		pl->action == ACT_TRUNCATE);
}

/* Whether this run writes its blocks with workers (the -j condition). */
static unsigned xt_workers(const struct run *r)
{
	unsigned n = run_jobs(r->opt), k = 0;
	size_t i;

	if (n < 2 || r->convert || r->directory || !r->in->seekable)
		return 0;
	/* A block left out of the output (none in pg_dump's archives) is
	 * never read: the block after it would not begin where the one
	 * before ended (_check_start), where -j 1 reads past it. */
	for (i = 0; i < r->a.ntoc; i++)
		if (r->a.toc[i].omit &&
		    r->a.toc[i].offset_flag != K_OFFSET_NO_DATA)
			return 0;
	for (i = 0; i < r->a.ntoc && k < n; i++)
		k += xt_needs_work(r, i) ? 1 : 0;
	return k >= 2 ? k : 0;
}

static int xt_worker_init(struct xt_worker *w, struct run *r,
			  struct xt_queue *q, unsigned no, unsigned pool_workers,
			  struct pgs_error *err)
{
	struct run *s = &w->sub;

	memset(w, 0, sizeof(*w));
	w->r = r;
	w->q = q;
	w->no = no;
	w->pool_workers = pool_workers;
	pgs_error_init(&w->err);
	s->opt = r->opt;
	s->tally = &w->t;
	s->a = r->a;            /* shallow: the TOC is read, never changed */
	s->plans = r->plans;
	s->out_alg = r->out_alg;
	s->out_level = r->out_level;
	s->recompress_all = r->recompress_all;
	s->subset = r->subset;
	s->cur_entry = SIZE_MAX;
	s->in = &w->in;
	pgs_rewriter_init(&s->rw);
	s->rw.subset = r->subset;
	s->rw.rules_path = r->rw.rules_path;
	s->rw.out.submit = rows_submit;
	s->rw.out.write = rows_write;
	s->rw.out.ctx = s;
	pgs_custom_reader_init(&s->rd, &w->in, &r->a);
	pgs_custom_reader_init(&s->rd1, &w->in, &r->a);
	s->rd.label = reader_label;
	s->rd.ctx = s;
	pgs_custom_writer_init(&s->w, NULL, &r->a);
	s->w.sink = xt_sink;
	s->w.sink_ctx = w;
	w->in.fd = -1;
	if (pgs_input_dup(&w->in, r->in, err) ||
	    pgs_custom_reader_open(&s->rd, err) ||
	    pgs_decoder_new(&s->dec, r->a.hdr.compression, err))
		return -1;
	return 0;
}

static void xt_worker_release(struct xt_worker *w)
{
	struct run *s = &w->sub;

	pgs_compress_pool_free(s->pool);
	s->pool = NULL;
	par_release(&s->par);
	pgs_decoder_free(s->dec);
	pgs_rewriter_release(&s->rw);
	pgs_custom_writer_release(&s->w);
	pgs_custom_reader_release(&s->rd);
	pgs_input_close(&w->in);
}

/* Block j (entry i) into the spool: what process_block does to it. */
static int xt_block(struct xt_worker *w, size_t j, struct pgs_error *err)
{
	struct run *s = &w->sub;
	size_t i = w->q->idx[j];
	struct plan *pl = &s->plans[i];
	struct pgs_custom_block blk;
	double t0 = monotonic_seconds();
	int rc;

	s->cur_entry = i;
	pgs_buf_reset(&s->w.chunk);     /* nothing left of a block before */
	if (pgs_custom_reader_find_block_at(&s->rd, i, w->q->pos[j], &blk, err))
		return -1;
	if (!s->pool &&
	    pool_new(&s->pool, s, s->out_alg, s->out_level,
		     PGS_CONTAINER_STREAM, w->pool_workers, s->rw.rows.max, err))
		return -1;
	if (pgs_custom_writer_block_head(&s->w, &blk, err))
		return -1;
	switch (pl->action) {
	case ACT_RECOMPRESS:
		s->tally->blocks_recompressed++;
		rc = recompress_stream(s, err);
		break;
	case ACT_REWRITE:
		rc = rewrite_block(s, pl, err);
		break;
	case ACT_TRUNCATE:
		rc = truncate_block(s, i, err);
		break;
	default:
		rc = pgs_error_set(err, PGS_EINTERNAL, "no plan for this block");
		break;
	}
	if (rc)
		return -1;
	pl->seconds = monotonic_seconds() - t0;
	pl->bytes_in = pgs_input_tell(s->in) - blk.pos;
	pgs_custom_reader_block_done(&s->rd, i);
	if (s->opt->test_fail_table && j + 1 == s->opt->test_fail_table)
		return pgs_error_set(err, PGS_EINTERNAL, "the worker failed "
				     "after table %llu of those done at once "
				     "(fault injection for tests)",
				     (unsigned long long)(j + 1));
	return 0;
}

/* The next block for worker w, or SIZE_MAX when none is left for it; the
 * queue's lock held.  Worker 0 alone takes the filtered tables; none is
 * taken more than nslots ahead of the output, or after a failed one. */
static size_t xt_take(struct xt_worker *w)
{
	struct xt_queue *q = w->q;
	const struct run *r = w->r;
	size_t j, end;

	for (;;) {
		if (q->stop || (q->left - q->left_filtered == 0 &&
				(w->no != 0 || q->left_filtered == 0)))
			return SIZE_MAX;
		end = q->written + q->nslots < q->fail_j ?
		      q->written + q->nslots : q->fail_j;
		for (j = q->written; j < end; j++) {
			int filtered = r->plans[q->idx[j]].filtered;

			if (q->state[j] == XT_WAITING && (!filtered || w->no == 0)) {
				q->state[j] = XT_TAKEN;
				q->left--;
				q->left_filtered -= filtered ? 1 : 0;
				return j;
			}
		}
		pthread_cond_wait(&q->more, &q->mu);
	}
}

/* Block j failed with e (the lock held): the blocks after it are not
 * taken any more, and those being written stop. */
static void xt_fail(struct xt_queue *q, size_t j, const struct pgs_error *e)
{
	size_t k;

	if (j < q->fail_j) {
		for (k = j + 1; k < q->fail_j; k++)
			if (q->state[k] == XT_WAITING) {
				q->state[k] = XT_SKIPPED;
				q->left--;
				q->left_filtered -=
					q->r->plans[q->idx[k]].filtered ? 1 : 0;
			}
		q->first = *e;
		__atomic_store_n(&q->fail_j, j, __ATOMIC_RELAXED);
	}
	pthread_cond_broadcast(&q->more);
	pthread_cond_broadcast(&q->done);
}

/* This thread failed (the lock held): every worker stops. */
static void xt_stop(struct xt_queue *q)
{
	__atomic_store_n(&q->stop, 1, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&q->more);
	pthread_cond_broadcast(&q->done);
}

static void *xt_worker_main(void *arg)
{
	struct xt_worker *w = arg;
	struct xt_queue *q = w->q;
	size_t j;

	pthread_mutex_lock(&q->mu);
	while ((j = xt_take(w)) != SIZE_MAX) {
		int rc;

		w->j = j;
		w->spool = &q->spool[j % q->nslots];
		pthread_mutex_unlock(&q->mu);
		rc = xt_block(w, j, &w->err);
		if (rc)
			pgs_error_where(&w->err, "%s",
					entry_label(&w->sub, q->idx[j]));
		pthread_mutex_lock(&q->mu);
		if (rc) {
			/* Every block before j has been taken (each worker
			 * takes the first it may), so this worker is done. */
			q->state[j] = XT_FAILED;
			xt_fail(q, j, &w->err);
			break;
		}
		q->state[j] = XT_DONE;
		pthread_cond_broadcast(&q->done);
	}
	pthread_mutex_unlock(&q->mu);
	/* The worker's pool threads are joined here, on failure too. */
	pgs_compress_pool_free(w->sub.pool);
	w->sub.pool = NULL;
	return NULL;
}

static int spool_to_output(void *ctx, const void *p, size_t n,
			   struct pgs_error *err)
{
	return emit(ctx, p, n, err);
}

/*
 * Block j, done by a worker: waited for, its offset recorded, copied.  -2
 * when it failed: *err is the worker's, labelled.
 */
static int xt_write_one(struct run *r, struct xt_queue *q, size_t j,
			struct pgs_error *err)
{
	size_t i = q->idx[j];
	struct pgs_tar_spool *sp = &q->spool[j % q->nslots];
	struct plan *pl = &r->plans[i];

	/* The progress line names the table waited for, and is kept up
	 * every second while its worker is at it. */
	progress(r);
	pthread_mutex_lock(&q->mu);
	while (q->state[j] != XT_DONE && q->fail_j != j) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		if (pthread_cond_timedwait(&q->done, &q->mu, &ts) == ETIMEDOUT &&
		    r->opt->progress) {
			pthread_mutex_unlock(&q->mu);
			progress(r);
			pthread_mutex_lock(&q->mu);
		}
	}
	if (q->state[j] != XT_DONE) {
		*err = q->first;
		pthread_mutex_unlock(&q->mu);
		return -2;
	}
	pthread_mutex_unlock(&q->mu);
	/* Nothing of it is written unless it begins where a reader reading
	 * block after block finds it. */
	if (pgs_custom_reader_check_start(&r->rd, q->pos[j], err))
		return -1;
	r->a.toc[i].out_offset = r->out->base + r->out->pos;
	pl->bytes_out = sp->size;
	if (pgs_tar_spool_drain(sp, spool_to_output, r, err) ||
	    pgs_tar_spool_reset(sp, err))
		return -1;
	/* Where the block ended: where the next must begin. */
	pgs_custom_reader_block_done_at(&r->rd, i, q->pos[j] + pl->bytes_in);
	r->progress_in = q->pos[j] + pl->bytes_in;
	pthread_mutex_lock(&q->mu);
	q->written = j + 1;
	pthread_cond_broadcast(&q->more);
	pthread_mutex_unlock(&q->mu);
	return 0;
}

/* Every data block in TOC order: those in q (NULL: none) done by the
 * workers and copied out of their spools, the others here. */
static int write_blocks(struct run *r, struct xt_queue *q,
			struct pgs_error *err)
{
	size_t i, j = 0;

	for (i = 0; i < r->a.ntoc; i++)
		r->tables_total += r->a.toc[i].offset_flag != K_OFFSET_NO_DATA &&
				   !r->a.toc[i].omit && !r->plans[i].is_blobs;
	for (i = 0; i < r->a.ntoc; i++) {
		struct pgs_toc_entry *te = &r->a.toc[i];
		struct pgs_custom_block blk;
		double t0;

		if (te->offset_flag == K_OFFSET_NO_DATA || te->omit)
			continue;
		r->cur_entry = i;
		r->cur_no = r->plans[i].is_blobs ? 0 : r->tables_done + 1;
		if (q && j < q->n && q->idx[j] == i) {
			int rc = xt_write_one(r, q, j++, err);

			if (rc == -2)
				return -1;
			if (rc)
				return pgs_error_where(err, "%s", entry_label(r, i));
		} else {
			r->progress_in = 0;
			if (pgs_custom_reader_find_block(&r->rd, i, &blk, err) ||
			    pgs_custom_reader_check_start(&r->rd, blk.pos, err))
				return pgs_error_where(err, "%s", entry_label(r, i));
			t0 = monotonic_seconds();
			if (process_block(r, i, &blk, err))
				return pgs_error_where(err, "%s", entry_label(r, i));
			r->plans[i].seconds = monotonic_seconds() - t0;
			r->plans[i].bytes_in = pgs_input_tell(r->in) - blk.pos;
			r->plans[i].bytes_out = r->out->base + r->out->pos -
						te->out_offset;
			pgs_custom_reader_block_done(&r->rd, i);
		}
		r->tables_done += !r->plans[i].is_blobs;
		progress(r);
	}
	r->progress_in = 0;
	return pgs_custom_reader_end(&r->rd, err);
}

static const char xt_spool_hint[] =
	"with -j, the tables done at once ahead of their turn are held "
	"there until the output reaches them: point TMPDIR at a disk with "
	"room for a few tables, or pass -j 1";

/* The blocks with nw workers (xt_workers()). */
static int xt_write_blocks(struct run *r, unsigned nw, struct pgs_error *err)
{
	struct xt_queue q;
	struct xt_worker *wk;
	unsigned jobs = run_jobs(r->opt), pool_workers, k, started = 0;
	size_t i, nall = 0, *all;
	int rc = -1;

	memset(&q, 0, sizeof(q));
	q.idx = calloc(r->a.ntoc + 1, sizeof(*q.idx));
	q.pos = calloc(r->a.ntoc + 1, sizeof(*q.pos));
	q.state = calloc(r->a.ntoc + 1, 1);
	all = calloc(r->a.ntoc + 1, sizeof(*all));
	q.nslots = (size_t)nw * XT_SLOTS_PER_WORKER;
	q.spool = calloc(q.nslots, sizeof(*q.spool));
	wk = calloc(nw, sizeof(*wk));
	if (!q.idx || !q.pos || !q.state || !q.spool || !wk || !all) {
		free(all);
		free(q.idx);
		free(q.pos);
		free(q.state);
		free(q.spool);
		free(wk);
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	}
	for (i = 0; i < q.nslots; i++) {
		pgs_tar_spool_init(&q.spool[i], r->opt->tmpdir);
		q.spool[i].hint = xt_spool_hint;
	}
	for (i = 0; i < r->a.ntoc; i++)
		if (xt_needs_work(r, i)) {
			q.left_filtered += r->plans[i].filtered ? 1 : 0;
			q.idx[q.n++] = i;
		}
	q.left = q.n;
	q.fail_j = q.n;
	q.r = r;
	pthread_mutex_init(&q.mu, NULL);
	pthread_cond_init(&q.more, NULL);
	pthread_cond_init(&q.done, NULL);
	/* As the directory workers: about 16 compression threads in all,
	 * at least 1 and at most -j a worker. */
	pool_workers = 16 / nw < 1 ? 1 : 16 / nw > jobs ? jobs : 16 / nw;
	for (k = 0; k < nw; k++)
		if (xt_worker_init(&wk[k], r, &q, k, pool_workers, err))
			goto out;
	/* Every block this thread or a worker reads, found first. */
	for (i = 0; i < r->a.ntoc; i++)
		if (r->a.toc[i].offset_flag != K_OFFSET_NO_DATA &&
		    !r->a.toc[i].omit)
			all[nall++] = i;
	if (pgs_custom_reader_locate(&r->rd, all, nall, err))
		goto out;
	/* A block not found is this thread's, whose reader says so in its
	 * turn, as without workers. */
	for (i = nall = 0; i < q.n; i++)
		if (r->rd.block_pos[q.idx[i]]) {
			q.pos[nall] = r->rd.block_pos[q.idx[i]];
			q.idx[nall++] = q.idx[i];
		} else {
			q.left--;
			q.left_filtered -= r->plans[q.idx[i]].filtered ? 1 : 0;
		}
	q.n = nall;
	q.fail_j = q.n;
	for (k = 0; k < nw; k++) {
		if (pgs_thread_create(&wk[k].thread, xt_worker_main, &wk[k])) {
			pgs_error_set(err, PGS_ENOMEM, "cannot start a thread");
			break;
		}
		started++;
	}
	if (started == nw)
		rc = write_blocks(r, &q, err);
	/* Whatever ended the loop, the workers stop and are joined before
	 * the output is committed or removed. */
	pthread_mutex_lock(&q.mu);
	xt_stop(&q);
	pthread_mutex_unlock(&q.mu);
	for (k = 0; k < started; k++)
		pthread_join(wk[k].thread, NULL);
out:
	for (k = 0; k < nw; k++) {
		tally_add(r->tally, &wk[k].t);
		xt_worker_release(&wk[k]);
	}
	for (i = 0; i < q.nslots; i++)
		pgs_tar_spool_release(&q.spool[i]);
	pthread_cond_destroy(&q.more);
	pthread_cond_destroy(&q.done);
	pthread_mutex_destroy(&q.mu);
	free(q.idx);
	free(q.pos);
	free(q.state);
	free(q.spool);
	free(wk);
	free(all);
	return rc;
}

static int run(struct run *r, struct pgs_error *err)
{
	struct pgs_buf toc;
	uint64_t toc_at, toc_len;
	unsigned nw;
	int rc = -1;

	if (pgs_archive_read_header(&r->a, r->in, err) ||
	    pgs_archive_read_toc(&r->a, r->in, err) ||
	    pgs_schema_from_archive(&r->schema, &r->a, err) ||
	    (r->opt->schema && pgs_schema_adopt(&r->schema, r->opt->schema,
						r->opt->schema_name, err)) ||
	    setup_codecs(r, err) || plan_all(r, err) ||
	    pgs_custom_reader_open(&r->rd, err) || subset_collect(r, err))
		return -1;

	{
		struct stat sb;

		if (r->in->seekable && fstat(r->in->fd, &sb) == 0)
			r->in_size = r->in->base + (uint64_t)sb.st_size;
	}
	/* Only now, with the rules known to fit, does output begin. */
	pgs_buf_init(&toc, (size_t)1 << 40);   /* holds one entry at most */
	if (pgs_archive_encode_header(&toc, &r->a, r->out_alg, r->out_level, err) ||
	    emit(r, toc.data, toc.len, err))
		goto out;
	toc_at = r->out->pos;
	if (pgs_archive_write_toc(&r->a, &toc, toc_sink, r, &toc_len, err))
		goto out;
	nw = xt_workers(r);
	if (nw ? xt_write_blocks(r, nw, err) : write_blocks(r, NULL, err))
		goto out;
	if (custom_out_finish(r, &toc, toc_at, toc_len, 0, err))
		goto out;
	rc = 0;
out:
	pgs_buf_release(&toc);
	return rc;
}


/* ---- directory archives (pg_dump -Fd) ------------------------------------ */

/*
 * The end of a directory output: toc.dat (written last, so that a reader
 * never finds one before the data files), then the tally's byte counts
 * (extra_in: the data files read; data_out: the data files written) and
 * per-table results.
 */
static int dir_toc_finish(struct run *r, struct pgs_dir_out *o,
			  struct pgs_buf *toc, uint64_t extra_in,
			  uint64_t data_out, struct pgs_error *err)
{
	uint64_t head_len, toc_len;

	pgs_buf_reset(toc);
	if (pgs_dir_out_begin(o, "toc.dat", err) ||
	    pgs_archive_encode_header(toc, &r->a, r->out_alg, r->out_level, err) ||
	    pgs_dir_out_sink(o, toc->data, toc->len, err))
		return -1;
	head_len = toc->len;
	if (pgs_archive_write_toc(&r->a, toc, pgs_dir_out_sink, o, &toc_len,
				  err) ||
	    pgs_dir_out_end(o, err))
		return -1;
	r->tally->bytes_in = pgs_input_tell(r->in) + extra_in;
	r->tally->bytes_out = data_out + head_len + toc_len;
	r->tally->directory = 1;
	return collect_tally(r, err);
}

/*
 * The same plan, rewriter and pools as the custom format, over files: each
 * TOC entry's data is a file of its own (archive_directory.h).  A file
 * whose bytes do not change is linked into the output directory, never
 * decompressed; a rewritten one keeps its codec and suffix (or takes
 * --compress's).  toc.dat is written last, then the directory is renamed
 * into place (pgs_dir_writer_commit).
 *
 * Tables are independent files, so opt->jobs workers process them at once
 * (struct dir_worker: each its own reader buffer, decoders, rewriter
 * buffers, encoding pools and output file; one table at a time, a table
 * never shared: its anonymisers and conditions keep scratch state).  The
 * subset keeps scratch state too, so the tables whose rows it decides are
 * all done by worker 0; the others take the rest in TOC order.  Counters go
 * to each worker's tally and are added up at the end; the first failure
 * stops every worker before its next table, and the run then fails with
 * that error (the output directory is removed).
 */

struct dir_worker {
	struct run *r;
	unsigned no;
	pthread_t thread;
	struct pgs_dir_reader rd;
	struct pgs_dir_out out;
	struct pgs_rewriter rw;
	struct pgs_decoder *fdec[4];
	struct pgs_compress_pool *fpool[4];
	/* Threads per pool: when the workers take a table each, 16 / -j
	 * (at least 1, at most -j), so that a last big table still has
	 * several cores while the compression threads of all workers stay
	 * about 16 (2 for -j 2, 4 for -j 4, 2 for -j 8, 1 from -j 9); -j when
	 * one worker writes every file (--format directory). */
	unsigned pool_workers;
	struct pgs_compress_pool *pool;     /* the open file's */
	struct par_set par;                 /* its threads' rewriters */
	struct pgs_decoder *cur_dec;        /* the file being decoded's */
	pgs_sink_fn sink1;                  /* subset_read's */
	void *sink1_ctx;
	struct pgs_tally t;                 /* counters only */
	struct pgs_error err;
	int failed;
};

/* The workers' shared queue, under r->dir_mu. */
struct dir_queue {
	pthread_mutex_t mu;
	size_t *idx;                /* entries with data, in TOC order */
	size_t n, next, next_filtered;
	int stop;                   /* a worker failed */
	struct pgs_error first;     /* its error */
	int have_first;
};

static int file_decoder(struct dir_worker *w, enum pgs_compression alg,
			struct pgs_error *err)
{
	if (!w->fdec[alg] &&
	    pgs_decoder_new_in(&w->fdec[alg], alg, PGS_CONTAINER_FILE, err))
		return -1;
	w->cur_dec = w->fdec[alg];
	return pgs_decoder_reset(w->cur_dec, err);
}

/* The codec a written file gets: --compress's, else the input file's. */
static enum pgs_compression file_out_alg(const struct run *r,
					 enum pgs_compression in_alg)
{
	return r->opt->recompress ? r->out_alg : in_alg;
}

/* Open output file name (the suffix of alg added) and pick its pool. */
static int file_open(struct dir_worker *w, const char *name,
		     enum pgs_compression alg, struct pgs_error *err)
{
	struct run *r = w->r;
	char full[PGS_DIR_NAME_MAX + 8];
	int level = r->opt->recompress ? r->out_level : PGS_COMPRESS_DEFAULT_LEVEL;

	snprintf(full, sizeof(full), "%s%s", name, pgs_dir_suffix(alg));
	if (!w->fpool[alg] &&
	    pool_new(&w->fpool[alg], r, alg, level, PGS_CONTAINER_FILE,
		     w->pool_workers ? w->pool_workers : 1, w->rw.rows.max,
		     err))
		return -1;
	w->pool = w->fpool[alg];
	return pgs_dir_out_begin(&w->out, full, err);
}

/* Open output file name and begin its stream. */
static int file_begin(struct dir_worker *w, const char *name,
		      enum pgs_compression alg, struct pgs_error *err)
{
	return file_open(w, name, alg, err) ||
	       pgs_compress_pool_begin(w->pool, pgs_dir_out_sink, &w->out,
				       err) ? -1 : 0;
}

static int file_end(struct dir_worker *w, struct pgs_error *err)
{
	if (pgs_compress_pool_end(w->pool, err))
		return -1;
	return pgs_dir_out_end(&w->out, err);
}

/* Open output file name for table pl's rewritten rows (struct rows). */
static int file_rows_begin(struct dir_worker *w, struct rows *x,
			   struct plan *pl, const char *name,
			   enum pgs_compression alg, struct pgs_error *err)
{
	return file_open(w, name, alg, err) ||
	       rows_begin(x, w->r, pl, &w->fpool[alg], &w->rw, &w->par,
			  pgs_dir_out_sink, &w->out, err) ? -1 : 0;
}

/* rows_end, then the file's end; on failure the pool may be gone.  An
 * error of the rows (whenever it is seen: a unit rewritten on a pool
 * thread fails at the end of a small table) gets where, the input file,
 * unless NULL. */
static int file_rows_end(struct dir_worker *w, struct rows *x, int ok,
			 const char *where, struct pgs_tally *t,
			 struct pgs_error *err)
{
	if (rows_end(x, ok, t, err)) {
		w->pool = x->pool ? *x->pool : NULL;
		return where ? pgs_error_where(err, "%s", where) : -1;
	}
	return pgs_dir_out_end(&w->out, err);
}

static int file_decoded_to_pool(void *ctx, const void *p, size_t n,
				struct pgs_error *err)
{
	struct dir_worker *w = ctx;

	return pgs_compress_pool_write(w->pool, p, n, err);
}

static int file_to_pool(void *ctx, const void *p, size_t n,
			struct pgs_error *err)
{
	struct dir_worker *w = ctx;

	return pgs_decoder_feed(w->cur_dec, p, n, file_decoded_to_pool, w, err);
}

static int file_rows_submit(void *ctx, struct pgs_buf *rows,
			    struct pgs_error *err)
{
	struct dir_worker *w = ctx;

	return pgs_compress_pool_submit(w->pool, rows, err);
}

static int file_rows_write(void *ctx, const void *p, size_t n,
			   struct pgs_error *err)
{
	struct dir_worker *w = ctx;

	return pgs_compress_pool_write(w->pool, p, n, err);
}

/* Link file f into the output under its own name. */
static int file_link(struct dir_worker *w, const struct pgs_dir_file *f,
		     struct pgs_error *err)
{
	const char *slash = strrchr(f->path, '/');

	w->rd.bytes_read += f->size;
	return pgs_dir_out_link(&w->out, f->path, slash ? slash + 1 : f->path,
				err);
}

/* Decode f and encode it again into a file of the same name. */
static int file_recompress(struct dir_worker *w, const struct pgs_dir_file *f,
			   struct pgs_error *err)
{
	/* pg_dump 17+ writes an empty large object as an empty file, even
	 * with lz4 or zstd (no frame at all): empty content, as pg_restore
	 * reads it. */
	int empty = f->size == 0;

	if (file_decoder(w, f->alg, err) ||
	    file_begin(w, f->name, file_out_alg(w->r, f->alg), err) ||
	    (!empty && (pgs_dir_file_stream(&w->rd, f, file_to_pool, w, err) ||
			pgs_decoder_finish(w->cur_dec, err))))
		return pgs_error_where(err, "%s", f->path);
	return file_end(w, err);
}

static int dir_blobs(struct dir_worker *w, struct pgs_dir_file *index,
		     enum action act, struct pgs_error *err)
{
	struct pgs_dir_file f;
	uint32_t oid;
	int rc = 0;

	memset(&f, 0, sizeof(f));
	if (act == ACT_DROP) {
		/* An empty index: the objects are still created (BLOB
		 * entries), empty, so oid columns still resolve. */
		if (pgs_dir_out_begin(&w->out, index->name, err) ||
		    pgs_dir_out_end(&w->out, err))
			return -1;
	} else if (file_link(w, index, err)) {
		return -1;
	}
	for (;;) {
		if (pgs_dir_reader_next_blob(&w->rd, &oid, &f, err)) {
			rc = -1;
			break;
		}
		if (oid == 0)
			break;
		if (act == ACT_DROP)
			continue;
		if (act == ACT_RECOMPRESS ? file_recompress(w, &f, err)
					  : file_link(w, &f, err)) {
			rc = -1;
			break;
		}
	}
	pgs_dir_file_release(&f);
	return rc;
}

static int dir_entry(struct dir_worker *w, size_t idx, struct pgs_error *err)
{
	struct run *r = w->r;
	struct plan *pl = &r->plans[idx];
	struct pgs_tally *t = &w->t;
	struct pgs_dir_file f;
	uint64_t out0 = w->out.bytes;
	int rc = -1;

	memset(&f, 0, sizeof(f));
	if (pgs_dir_reader_entry(&w->rd, idx, &f, err))
		goto out;
	pl->bytes_in = f.size;
	if (pl->is_blobs) {
		t->large_object_blocks++;
		if (dir_blobs(w, &f, pl->action, err))
			goto out;
		if (pl->action == ACT_RECOMPRESS)
			t->blocks_recompressed++;
		else if (pl->action == ACT_COPY)
			t->blocks_copied++;
		rc = 0;
		goto out;
	}
	switch (pl->action) {
	case ACT_COPY:
		t->blocks_copied++;
		rc = file_link(w, &f, err);
		break;
	case ACT_RECOMPRESS:
		t->blocks_recompressed++;
		rc = file_recompress(w, &f, err);
		break;
	case ACT_REWRITE: {
		struct rows x;
		int ok;

		if (f.size == 0) {
			/* not even the end line "\." */
			pgs_error_set(err, PGS_EINPUT, "'%s' is empty", f.path);
			break;
		}
		memset(&x, 0, sizeof(x));
		ok = file_decoder(w, f.alg, err) == 0 &&
		     (x.dec = w->cur_dec,
		      file_rows_begin(w, &x, pl, f.name, file_out_alg(r, f.alg),
				      err)) == 0 &&
		     pgs_dir_file_stream(&w->rd, &f, compressed_to_rows, &x, err) == 0 &&
		     pgs_decoder_finish(w->cur_dec, err) == 0;
		rc = file_rows_end(w, &x, ok, f.path, t, err);
		break;
	}
	case ACT_TRUNCATE:
		if (file_begin(w, f.name, file_out_alg(r, f.alg), err) ||
		    (r->a.toc[idx].copy_stmt.p &&
		     pgs_compress_pool_write(w->pool, "\\.\n\n\n", 5, err)) ||
		    file_end(w, err))
			break;
		t->tables_truncated++;
		rc = 0;
		break;
	default:
		pgs_error_set(err, PGS_EINTERNAL, "no plan for this entry");
		break;
	}
out:
	pl->bytes_out = w->out.bytes - out0;
	pgs_dir_file_release(&f);
	return rc;
}

static int dir_worker_init(struct dir_worker *w, struct run *r, unsigned no,
			   unsigned nw, struct pgs_error *err)
{
	memset(w, 0, sizeof(*w));
	w->r = r;
	w->no = no;
	/* 16 / nw compression threads, at least 1, at most nw (struct
	 * dir_worker). */
	w->pool_workers = 16 / nw < 1 ? 1 : 16 / nw > nw ? nw : 16 / nw;
	pgs_error_init(&w->err);
	pgs_rewriter_init(&w->rw);
	w->rw.subset = r->subset;
	w->rw.rules_path = r->rw.rules_path;
	w->rw.out.submit = file_rows_submit;
	w->rw.out.write = file_rows_write;
	w->rw.out.ctx = w;
	w->out.fd = -1;
	return pgs_dir_reader_open(&w->rd, r->opt->input, &r->a, err);
}

/* Join the pools' threads: after this nothing writes into the output. */
static void dir_worker_stop(struct dir_worker *w)
{
	int i;

	for (i = 0; i < 4; i++) {
		pgs_compress_pool_free(w->fpool[i]);
		w->fpool[i] = NULL;
	}
	w->pool = NULL;
}

static void dir_worker_release(struct dir_worker *w)
{
	int i;

	dir_worker_stop(w);
	for (i = 0; i < 4; i++)
		pgs_decoder_free(w->fdec[i]);
	pgs_rewriter_release(&w->rw);
	par_release(&w->par);
	pgs_dir_reader_release(&w->rd);
	pgs_dir_out_release(&w->out);
}

/* pgs_subset_read_fn for a directory archive (worker 0, before the
 * others start): entry idx's file, decoded. */
static int dir_sink1(void *ctx, const void *p, size_t n, struct pgs_error *err)
{
	struct dir_worker *w = ctx;

	return pgs_decoder_feed(w->cur_dec, p, n, w->sink1, w->sink1_ctx, err);
}

static int dir_subset_read(void *ctx, size_t idx, pgs_sink_fn sink,
			   void *sink_ctx, struct pgs_error *err)
{
	struct dir_worker *w = ctx;
	struct run *r = w->r;
	struct pgs_dir_file f;
	int rc;

	memset(&f, 0, sizeof(f));
	w->sink1 = sink;
	w->sink1_ctx = sink_ctx;
	r->cur_entry = idx;
	r->cur_no = 0;
	rc = pgs_dir_reader_entry(&w->rd, idx, &f, err) ||
	     file_decoder(w, f.alg, err) ||
	     (f.size == 0 && pgs_error_set(err, PGS_EINPUT, "'%s' is empty",
					   f.path)) ||
	     pgs_dir_file_stream(&w->rd, &f, dir_sink1, w, err) ||
	     pgs_decoder_finish(w->cur_dec, err) ? -1 : 0;
	pgs_dir_file_release(&f);
	if (rc)
		return pgs_error_where(err, "%s", entry_label(r, idx));
	progress(r);
	return 0;
}

/* The next entry for worker w, or SIZE_MAX: worker 0 takes the filtered
 * tables first (only it touches the subset), every worker the rest. */
static size_t dir_next(struct dir_worker *w, struct dir_queue *q)
{
	struct run *r = w->r;
	size_t got = SIZE_MAX;

	pthread_mutex_lock(&q->mu);
	if (!q->stop) {
		if (w->no == 0)
			while (q->next_filtered < q->n && got == SIZE_MAX) {
				size_t i = q->idx[q->next_filtered++];

				if (r->plans[i].filtered)
					got = i;
			}
		while (got == SIZE_MAX && q->next < q->n) {
			size_t i = q->idx[q->next++];

			if (!r->plans[i].filtered)
				got = i;
		}
	}
	pthread_mutex_unlock(&q->mu);
	return got;
}

static void *dir_worker_main(void *arg)
{
	struct dir_worker *w = arg;
	struct run *r = w->r;
	struct dir_queue *q = r->dir_queue;
	size_t i;

	while ((i = dir_next(w, q)) != SIZE_MAX) {
		double t0 = monotonic_seconds();
		char label[320];

		if (dir_entry(w, i, &w->err)) {
			pgs_plan_entry_label(&r->a.toc[i], label, sizeof(label));
			pgs_error_where(&w->err, "%s", label);
			w->failed = 1;
			pthread_mutex_lock(&q->mu);
			q->stop = 1;
			if (!q->have_first) {
				q->first = w->err;
				q->have_first = 1;
			}
			pthread_mutex_unlock(&q->mu);
			break;
		}
		r->plans[i].seconds = monotonic_seconds() - t0;
		pthread_mutex_lock(&q->mu);
		r->tables_done += !r->plans[i].is_blobs;
		r->cur_entry = i;
		r->cur_no = r->plans[i].is_blobs ? 0 : r->tables_done;
		progress(r);
		pthread_mutex_unlock(&q->mu);
	}
	/* The worker's pools are done with the output before it is renamed. */
	dir_worker_stop(w);
	return NULL;
}

static void tally_add(struct pgs_tally *to, const struct pgs_tally *t)
{
	to->blocks_copied += t->blocks_copied;
	to->blocks_recompressed += t->blocks_recompressed;
	to->tables_rewritten += t->tables_rewritten;
	to->tables_truncated += t->tables_truncated;
	to->rows_rewritten += t->rows_rewritten;
	to->large_object_blocks += t->large_object_blocks;
}

/* Every entry with data through the workers. */
static int dir_entries(struct run *r, struct dir_worker *wk, unsigned nw,
		       struct pgs_error *err)
{
	struct dir_queue q;
	unsigned started = 1, k;
	size_t i;
	int rc = 0;

	memset(&q, 0, sizeof(q));
	q.idx = malloc((r->a.ntoc + 1) * sizeof(*q.idx));
	if (!q.idx)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	for (i = 0; i < r->a.ntoc; i++)
		if (r->a.toc[i].offset_flag != K_OFFSET_NO_DATA &&
		    !r->a.toc[i].omit)
			q.idx[q.n++] = i;
	pthread_mutex_init(&q.mu, NULL);
	r->dir_queue = &q;
	for (k = 1; k < nw; k++) {
		if (pgs_thread_create(&wk[k].thread, dir_worker_main, &wk[k]))
			break;
		started++;
	}
	dir_worker_main(&wk[0]);
	for (k = 1; k < started; k++)
		pthread_join(wk[k].thread, NULL);
	r->dir_queue = NULL;
	pthread_mutex_destroy(&q.mu);
	if (q.have_first) {
		*err = q.first;
		rc = -1;
	}
	for (k = 0; k < nw; k++) {
		tally_add(r->tally, &wk[k].t);
		r->dir_bytes_in += wk[k].rd.bytes_read;
		r->dir_bytes_out += wk[k].out.bytes;
	}
	free(q.idx);
	return rc;
}

/* A directory archive's toc.dat from r->in: header, TOC, nothing after. */
static int read_toc_dat(struct run *r, struct pgs_error *err)
{
	r->a.accept_toc_dat = 1;
	if (pgs_archive_read_header(&r->a, r->in, err) ||
	    pgs_archive_read_toc(&r->a, r->in, err))
		return pgs_error_where(err, "%s", r->in->name);
	if (r->a.hdr.format != PGS_ARCH_TAR) {
		pgs_error_set(err, PGS_EINPUT, "'%s' is not the toc.dat of a "
			      "directory archive (format %u)", r->in->name,
			      r->a.hdr.format);
		return -1;
	}
	{
		/* toc.dat holds the header and the TOC, nothing after. */
		const unsigned char *p;
		size_t avail;

		if (pgs_input_peek(r->in, &p, &avail, err))
			return -1;
		if (avail) {
			pgs_error_set(err, PGS_EINPUT, "%s has %s bytes after its "
				      "TOC (at byte %" PRIu64 ")", r->in->name,
				      "unexpected", pgs_input_tell(r->in));
			return pgs_error_hint(err, "a directory archive's toc.dat "
					      "ends with its last TOC entry: "
					      "dump it again with pg_dump -Fd");
		}
	}
	return 0;
}

static int run_dir(struct run *r, struct dir_worker *wk, unsigned nw,
		   struct pgs_error *err)
{
	struct pgs_buf toc;
	unsigned k;
	size_t i;
	int rc = -1;

	pgs_buf_init(&toc, (size_t)1 << 40);
	if (read_toc_dat(r, err))
		return -1;
	if (pgs_schema_from_archive(&r->schema, &r->a, err) ||
	    (r->opt->schema && pgs_schema_adopt(&r->schema, r->opt->schema,
						r->opt->schema_name, err)) ||
	    setup_codecs(r, err) || plan_all(r, err))
		return -1;
	for (k = 0; k < nw; k++)
		if (dir_worker_init(&wk[k], r, k, nw, err))
			return -1;
	if (pgs_subset_needs_collect(r->subset)) {
		if (pgs_subset_collect(r->subset, dir_subset_read, &wk[0], err))
			return -1;
		r->tally->subset_read_first = 1;
	}
	/* Only now, with the rules known to fit, does output begin. */
	if (pgs_dir_writer_open(&r->dw, r->opt->output, r->opt->force, err))
		return -1;
	for (k = 0; k < nw; k++)
		if (pgs_dir_out_init(&wk[k].out, &r->dw, err))
			return -1;
	for (i = 0; i < r->a.ntoc; i++)
		r->tables_total += r->a.toc[i].offset_flag != K_OFFSET_NO_DATA &&
				   !r->a.toc[i].omit && !r->plans[i].is_blobs;
	if (dir_entries(r, wk, nw, err))
		return -1;
	pgs_buf_init(&toc, (size_t)1 << 40);
	if (dir_toc_finish(r, &wk[0].out, &toc, r->dir_bytes_in,
			   r->dir_bytes_out, err))
		goto out;
	rc = 0;
out:
	pgs_buf_release(&toc);
	return rc;
}

int pgs_pipeline_scrub_dir(const struct pgs_options *opt, struct pgs_input *in,
			   struct pgs_tally *tally, struct pgs_error *err)
{
	struct run r;
	struct dir_worker *wk;
	unsigned nw = opt->jobs, k;
	int rc;

	if (nw == 0)
		nw = usable_cores();
	if (nw > PGS_MAX_JOBS)
		nw = PGS_MAX_JOBS;
	memset(&r, 0, sizeof(r));
	memset(tally, 0, sizeof(*tally));
	wk = calloc(nw, sizeof(*wk));
	if (!wk)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	for (k = 0; k < nw; k++) {
		wk[k].out.fd = -1;
		pgs_rewriter_init(&wk[k].rw);
	}
	r.opt = opt;
	r.tally = tally;
	r.cur_entry = SIZE_MAX;
	r.in = in;
	r.directory = 1;
	r.dw.dfd = -1;
	pgs_archive_init(&r.a);
	pgs_schema_init(&r.schema);
	pgs_plan_init(&r.resolved);
	pgs_rewriter_init(&r.rw);
	r.rw.rules_path = opt->rules->path ? opt->rules->path : "rules";
	pgs_custom_reader_init(&r.rd, r.in, &r.a);
	pgs_custom_reader_init(&r.rd1, r.in, &r.a);
	rc = run_dir(&r, wk, nw, err);
	/* Every pool's thread is joined before the directory is renamed or
	 * removed. */
	for (k = 0; k < nw; k++)
		dir_worker_stop(&wk[k]);
	if (rc == 0 && pgs_dir_writer_commit(&r.dw, err))
		rc = -1;
	pgs_dir_writer_abort(&r.dw);
	for (k = 0; k < nw; k++)
		dir_worker_release(&wk[k]);
	free(wk);
	run_release(&r);
	return rc;
}

/* ---- converting a custom archive to a directory archive (--format) ------- */

/*
 * pgscrub --format directory on a custom archive: the blocks are read in
 * TOC order (a pipe will do) and each becomes a file, as pg_dump -Fd names
 * it.  lz4, zstd and uncompressed streams are the same bytes in a file, so
 * a block nothing changes is copied without decoding; gzip is a zlib stream
 * in a block but a gzip member in a file, so it is decoded and encoded
 * again.  Rewrite, truncate and large objects as for a custom output.
 * One worker (w) writes everything.
 */

static int conv_to_pool(void *ctx, const void *p, size_t n,
			struct pgs_error *err)
{
	struct dir_worker *w = ctx;

	return pgs_decoder_feed(w->r->dec, p, n, file_decoded_to_pool, w, err);
}

/* The next stream of the block into file name: copied, or recoded. */
static int conv_stream(struct dir_worker *w, const char *name, int recode,
		       struct pgs_error *err)
{
	struct run *r = w->r;
	char full[PGS_DIR_NAME_MAX + 8];

	if (recode || r->a.hdr.compression == PGS_COMPRESS_GZIP)
		return pgs_decoder_reset(r->dec, err) ||
		       file_begin(w, name, r->out_alg, err) ||
		       pgs_custom_reader_stream(&r->rd, conv_to_pool, w, err) ||
		       pgs_decoder_finish(r->dec, err) ||
		       file_end(w, err) ? -1 : 0;
	snprintf(full, sizeof(full), "%s%s", name,
		 pgs_dir_suffix(r->a.hdr.compression));
	return pgs_dir_out_begin(&w->out, full, err) ||
	       pgs_custom_reader_stream(&r->rd, pgs_dir_out_sink, &w->out, err) ||
	       pgs_dir_out_end(&w->out, err) ? -1 : 0;
}

static int conv_blobs(struct dir_worker *w, size_t idx, enum action act,
		      struct pgs_error *err)
{
	struct run *r = w->r;
	const struct pgs_toc_entry *te = &r->a.toc[idx];
	struct pgs_custom_int oid;
	struct pgs_buf index;
	char name[PGS_DIR_NAME_MAX + 1];
	int rc = -1;

	pgs_buf_init(&index, (size_t)1 << 34);
	for (;;) {
		if (pgs_custom_reader_next_blob(&r->rd, &oid, err))
			goto out;
		if (oid.v == 0)
			break;
		if (act == ACT_DROP) {
			if (pgs_custom_reader_skip_stream(&r->rd, err))
				goto out;
			continue;
		}
		snprintf(name, sizeof(name), "blob_%" PRId64 ".dat", oid.v);
		if (conv_stream(w, name, act == ACT_RECOMPRESS, err))
			goto out;
		snprintf(name, sizeof(name), "%" PRId64 " blob_%" PRId64 ".dat\n",
			 oid.v, oid.v);
		if (pgs_buf_add(&index, name, strlen(name), err))
			goto out;
	}
	/* The index: blobs.toc before 1.16, blobs_<dumpId>.toc after. */
	if (r->a.hdr.version >= K_VERS_1_16)
		snprintf(name, sizeof(name), "blobs_%d.toc", te->dump_id);
	else
		snprintf(name, sizeof(name), "blobs.toc");
	if (pgs_dir_out_begin(&w->out, name, err) ||
	    pgs_dir_out_sink(&w->out, index.data, index.len, err) ||
	    pgs_dir_out_end(&w->out, err))
		goto out;
	rc = 0;
out:
	pgs_buf_release(&index);
	return rc;
}

static int conv_entry(struct dir_worker *w, size_t idx, struct pgs_error *err)
{
	struct run *r = w->r;
	struct plan *pl = &r->plans[idx];
	struct pgs_tally *t = r->tally;
	struct pgs_custom_block blk;
	char name[32];
	uint64_t out0 = w->out.bytes;

	if (pgs_custom_reader_find_block(&r->rd, idx, &blk, err))
		return -1;
	snprintf(name, sizeof(name), "%d.dat", r->a.toc[idx].dump_id);
	if (pl->is_blobs) {
		t->large_object_blocks++;
		if (conv_blobs(w, idx, pl->action, err))
			return -1;
		t->blocks_recompressed += pl->action == ACT_RECOMPRESS;
		t->blocks_copied += pl->action == ACT_COPY;
	} else {
		switch (pl->action) {
		case ACT_COPY:
		case ACT_RECOMPRESS:
			if (conv_stream(w, name, pl->action == ACT_RECOMPRESS, err))
				return -1;
			t->blocks_copied += pl->action == ACT_COPY;
			t->blocks_recompressed += pl->action == ACT_RECOMPRESS;
			break;
		case ACT_REWRITE: {
			struct rows x;
			int ok;

			memset(&x, 0, sizeof(x));
			x.dec = r->dec;
			ok = pgs_decoder_reset(r->dec, err) == 0 &&
			     file_rows_begin(w, &x, pl, name, r->out_alg, err) == 0 &&
			     pgs_custom_reader_stream(&r->rd, compressed_to_rows,
						      &x, err) == 0 &&
			     pgs_decoder_finish(r->dec, err) == 0;
			if (file_rows_end(w, &x, ok, NULL, t, err))
				return -1;
			break;
		}
		case ACT_TRUNCATE:
			if (pgs_custom_reader_skip_stream(&r->rd, err) ||
			    file_begin(w, name, r->out_alg, err) ||
			    (r->a.toc[idx].copy_stmt.p &&
			     pgs_compress_pool_write(w->pool, "\\.\n\n\n", 5, err)) ||
			    file_end(w, err))
				return -1;
			t->tables_truncated++;
			break;
		default:
			return pgs_error_set(err, PGS_EINTERNAL, "no plan for this block");
		}
	}
	pl->bytes_in = pgs_input_tell(r->in) - blk.pos;
	pl->bytes_out = w->out.bytes - out0;
	pgs_custom_reader_block_done(&r->rd, idx);
	return 0;
}

static int conv_entry_fn(void *ctx, size_t idx, struct pgs_error *err)
{
	return conv_entry(ctx, idx, err);
}

/* The toc.dat names: "<dumpId>.dat", the large-object index, "" for no
 * data (as pg_dump -Fd writes them). */
static int conv_filenames(struct run *r, struct pgs_error *err)
{
	size_t i;

	r->a.out_format = PGS_ARCH_TAR;
	for (i = 0; i < r->a.ntoc; i++) {
		struct pgs_toc_entry *te = &r->a.toc[i];
		char name[32];
		char *p;

		if (te->offset_flag == K_OFFSET_NO_DATA)
			name[0] = '\0';
		else if (r->plans[i].is_blobs && r->a.hdr.version >= K_VERS_1_16)
			snprintf(name, sizeof(name), "blobs_%d.toc", te->dump_id);
		else if (r->plans[i].is_blobs)
			snprintf(name, sizeof(name), "blobs.toc");
		else
			snprintf(name, sizeof(name), "%d.dat", te->dump_id);
		p = strdup(name);
		if (!p)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		if (pgs_archive_adopt_str(&r->a, &te->filename, p, strlen(p), err))
			return -1;
	}
	return 0;
}

static int run_convert(struct run *r, struct dir_worker *w,
		       struct pgs_error *err)
{
	struct pgs_buf toc;
	int rc = -1;

	pgs_buf_init(&toc, (size_t)1 << 40);
	r->convert = 1;
	if (pgs_archive_read_header(&r->a, r->in, err) ||
	    pgs_archive_read_toc(&r->a, r->in, err) ||
	    pgs_schema_from_archive(&r->schema, &r->a, err) ||
	    (r->opt->schema && pgs_schema_adopt(&r->schema, r->opt->schema,
						r->opt->schema_name, err)) ||
	    setup_codecs(r, err) || plan_all(r, err) ||
	    pgs_custom_reader_open(&r->rd, err) || subset_collect(r, err))
		return -1;
	memset(w, 0, sizeof(*w));
	w->r = r;
	/* One writer: each file rewritten and compressed on -j threads. */
	w->pool_workers = run_jobs(r->opt);
	pgs_error_init(&w->err);
	pgs_rewriter_init(&w->rw);
	w->rw.subset = r->subset;
	w->rw.rules_path = r->rw.rules_path;
	w->rw.out.submit = file_rows_submit;
	w->rw.out.write = file_rows_write;
	w->rw.out.ctx = w;
	w->out.fd = -1;
	if (conv_filenames(r, err) ||
	    pgs_dir_writer_open(&r->dw, r->opt->output, r->opt->force, err) ||
	    pgs_dir_out_init(&w->out, &r->dw, err))
		return -1;
	if (each_entry(r, 1, conv_entry_fn, w, err))
		return -1;
	if (pgs_custom_reader_end(&r->rd, err))
		goto out;
	if (dir_toc_finish(r, &w->out, &toc, 0, w->out.bytes, err))
		goto out;
	rc = 0;
out:
	pgs_buf_release(&toc);
	return rc;
}

static int tar_convert(const struct pgs_options *opt, struct pgs_input *in,
		       struct pgs_output *out, struct pgs_tally *tally,
		       struct pgs_error *err);

int pgs_pipeline_convert_to_dir(const struct pgs_options *opt,
				struct pgs_input *in, struct pgs_tally *tally,
				struct pgs_error *err)
{
	struct run r;
	struct dir_worker w;
	int rc, tar;

	if (pgs_tar_detect_input(&tar, in, err))
		return -1;
	if (tar)
		return tar_convert(opt, in, NULL, tally, err);

	memset(&r, 0, sizeof(r));
	memset(&w, 0, sizeof(w));
	w.out.fd = -1;
	pgs_rewriter_init(&w.rw);
	memset(tally, 0, sizeof(*tally));
	r.opt = opt;
	r.tally = tally;
	r.cur_entry = SIZE_MAX;
	r.in = in;
	r.directory = 1;
	r.dw.dfd = -1;
	pgs_archive_init(&r.a);
	pgs_schema_init(&r.schema);
	pgs_plan_init(&r.resolved);
	pgs_rewriter_init(&r.rw);
	r.rw.rules_path = opt->rules->path ? opt->rules->path : "rules";
	pgs_custom_reader_init(&r.rd, r.in, &r.a);
	pgs_custom_reader_init(&r.rd1, r.in, &r.a);
	r.rd.label = reader_label;
	r.rd.progress = reader_progress;
	r.rd.ctx = &r;
	rc = run_convert(&r, &w, err);
	dir_worker_stop(&w);
	if (rc == 0 && pgs_dir_writer_commit(&r.dw, err))
		rc = -1;
	pgs_dir_writer_abort(&r.dw);
	dir_worker_release(&w);
	run_release(&r);
	return rc;
}

/* ---- converting a directory archive to a custom archive (--format) ------- */

/*
 * pgscrub --format custom on a directory archive: each entry's file
 * becomes its data block, in TOC order, written as pg_dump -Fc writes it.
 * A file nothing changes whose codec is the output's (lz4, zstd, none) is
 * copied into chunks without decoding; anything else is decoded (its codec
 * from its suffix) and encoded into the output's stream (gzip: a zlib
 * stream).  Offsets as for a custom output (run()).  One thread.
 */

/* The block head of entry idx: type and dumpId, encoded. */
static int conv_block_head(struct run *r, size_t idx, unsigned char type,
			   struct pgs_error *err)
{
	struct pgs_custom_block blk;
	struct pgs_buf b;
	int rc;

	memset(&blk, 0, sizeof(blk));
	blk.type = type;
	pgs_buf_init(&b, 64);
	rc = pgs_archive_encode_int(&b, &r->a, r->a.toc[idx].dump_id, err);
	if (rc == 0 && b.len <= sizeof(blk.id.raw)) {
		memcpy(blk.id.raw, b.data, b.len);
		blk.id.len = (unsigned)b.len;
		blk.id.v = r->a.toc[idx].dump_id;
		rc = pgs_custom_writer_block_head(&r->w, &blk, err);
	}
	pgs_buf_release(&b);
	return rc;
}

static int conv_int(struct run *r, int64_t v, struct pgs_error *err)
{
	struct pgs_custom_int ci;
	struct pgs_buf b;
	int rc;

	memset(&ci, 0, sizeof(ci));
	pgs_buf_init(&b, 64);
	rc = pgs_archive_encode_int(&b, &r->a, v, err);
	if (rc == 0 && b.len <= sizeof(ci.raw)) {
		memcpy(ci.raw, b.data, b.len);
		ci.len = (unsigned)b.len;
		ci.v = v;
		rc = pgs_custom_writer_int(&r->w, &ci, err);
	}
	pgs_buf_release(&b);
	return rc;
}

static int conv2_file_to_pool(void *ctx, const void *p, size_t n,
			      struct pgs_error *err)
{
	struct run *r = ctx;

	return pgs_decoder_feed(r->dec1, p, n, decoded_to_pool, r, err);
}

/* A decoder for files of codec alg (r->dec1, remade when alg changes). */
static int conv2_decoder(struct run *r, enum pgs_compression alg,
			 enum pgs_compression *have, struct pgs_error *err)
{
	if (!r->dec1 || *have != alg) {
		pgs_decoder_free(r->dec1);
		r->dec1 = NULL;
		if (pgs_decoder_new_in(&r->dec1, alg, PGS_CONTAINER_FILE, err))
			return -1;
		*have = alg;
	}
	return pgs_decoder_reset(r->dec1, err);
}

/* File f as the next stream: copied into chunks, or decoded and encoded. */
static int conv2_stream(struct run *r, struct pgs_dir_reader *rd,
			const struct pgs_dir_file *f, int recode,
			enum pgs_compression *have, struct pgs_error *err)
{
	if (!recode && f->size > 0 && f->alg == r->out_alg &&
	    f->alg != PGS_COMPRESS_GZIP)
		return pgs_dir_file_stream(rd, f, pgs_custom_writer_chunk_sink,
					   &r->w, err) ||
		       pgs_custom_writer_end_stream(&r->w, err) ? -1 : 0;
	if (conv2_decoder(r, f->alg, have, err) || pool_begin(r, err) ||
	    (f->size > 0 &&
	     (pgs_dir_file_stream(rd, f, conv2_file_to_pool, r, err) ||
	      pgs_decoder_finish(r->dec1, err))) ||
	    pgs_compress_pool_end(r->pool, err))
		return pgs_error_where(err, "%s", f->path);
	return pgs_custom_writer_end_stream(&r->w, err);
}

static int conv2_entry(struct run *r, struct pgs_dir_reader *rd, size_t idx,
		       enum pgs_compression *have, struct pgs_error *err)
{
	struct pgs_toc_entry *te = &r->a.toc[idx];
	struct plan *pl = &r->plans[idx];
	struct pgs_dir_file f, b;
	uint32_t oid;
	int rc = -1;

	memset(&f, 0, sizeof(f));
	memset(&b, 0, sizeof(b));
	te->out_offset = r->out->base + r->out->pos;
	if (pgs_dir_reader_entry(rd, idx, &f, err) ||
	    conv_block_head(r, idx, pl->is_blobs ? BLK_BLOBS : BLK_DATA, err))
		goto out;
	pl->bytes_in = f.size;
	if (pl->is_blobs) {
		r->tally->large_object_blocks++;
		for (;;) {
			if (pgs_dir_reader_next_blob(rd, &oid, &b, err))
				goto out;
			if (oid == 0)
				break;
			if (pl->action == ACT_DROP)
				continue;
			if (conv_int(r, oid, err) ||
			    conv2_stream(r, rd, &b, pl->action == ACT_RECOMPRESS,
					 have, err))
				goto out;
		}
		if (conv_int(r, 0, err))
			goto out;
		r->tally->blocks_copied += pl->action == ACT_COPY;
		r->tally->blocks_recompressed += pl->action == ACT_RECOMPRESS;
		rc = 0;
		goto out;
	}
	switch (pl->action) {
	case ACT_COPY:
	case ACT_RECOMPRESS:
		if (conv2_stream(r, rd, &f, pl->action == ACT_RECOMPRESS, have, err))
			goto out;
		r->tally->blocks_copied += pl->action == ACT_COPY;
		r->tally->blocks_recompressed += pl->action == ACT_RECOMPRESS;
		break;
	case ACT_REWRITE: {
		struct rows x;
		int ok;

		if (f.size == 0) {
			pgs_error_set(err, PGS_EINPUT, "'%s' is empty", f.path);
			goto out;
		}
		memset(&x, 0, sizeof(x));
		ok = conv2_decoder(r, f.alg, have, err) == 0 &&
		     pool_get(r, err) == 0 &&
		     (x.dec = r->dec1,
		      rows_begin(&x, r, pl, &r->pool, &r->rw, &r->par,
				 pgs_custom_writer_chunk_sink, &r->w, err)) == 0 &&
		     pgs_dir_file_stream(rd, &f, compressed_to_rows, &x, err) == 0 &&
		     pgs_decoder_finish(r->dec1, err) == 0;
		/* An error of the rows names the file, whenever it is seen
		 * (rows on the pool's threads: at the end of a small table). */
		if (rows_end(&x, ok, r->tally, err)) {
			pgs_error_where(err, "%s", f.path);
			goto out;
		}
		if (pgs_custom_writer_end_stream(&r->w, err))
			goto out;
		break;
	}
	case ACT_TRUNCATE:
		if (pool_begin(r, err) ||
		    (te->copy_stmt.p &&
		     pgs_compress_pool_write(r->pool, "\\.\n\n\n", 5, err)) ||
		    pgs_compress_pool_end(r->pool, err) ||
		    pgs_custom_writer_end_stream(&r->w, err))
			goto out;
		r->tally->tables_truncated++;
		break;
	default:
		pgs_error_set(err, PGS_EINTERNAL, "no plan for this entry");
		goto out;
	}
	rc = 0;
out:
	pl->bytes_out = r->out->base + r->out->pos - te->out_offset;
	pgs_dir_file_release(&f);
	pgs_dir_file_release(&b);
	return rc;
}

struct conv2_ctx {
	struct run *r;
	struct pgs_dir_reader *rd;
	enum pgs_compression *have;
};

static int conv2_entry_fn(void *ctx, size_t idx, struct pgs_error *err)
{
	struct conv2_ctx *c = ctx;

	return conv2_entry(c->r, c->rd, idx, c->have, err);
}

static int run_to_custom(struct run *r, struct pgs_error *err)
{
	struct pgs_dir_reader rd;
	struct dir_worker w0;
	enum pgs_compression have = PGS_COMPRESS_NONE;
	struct pgs_buf toc;
	uint64_t toc_at, toc_len;
	int rc = -1;

	memset(&rd, 0, sizeof(rd));
	memset(&w0, 0, sizeof(w0));
	w0.out.fd = -1;
	pgs_rewriter_init(&w0.rw);
	pgs_buf_init(&toc, (size_t)1 << 40);
	r->convert = 1;
	if (read_toc_dat(r, err) ||
	    pgs_schema_from_archive(&r->schema, &r->a, err) ||
	    (r->opt->schema && pgs_schema_adopt(&r->schema, r->opt->schema,
						r->opt->schema_name, err)) ||
	    setup_codecs(r, err) || plan_all(r, err) ||
	    pgs_dir_reader_open(&rd, r->opt->input, &r->a, err))
		goto out;
	if (pgs_subset_needs_collect(r->subset)) {
		if (dir_worker_init(&w0, r, 0, 1, err) ||
		    pgs_subset_collect(r->subset, dir_subset_read, &w0, err))
			goto out;
		r->tally->subset_read_first = 1;
	}
	/* Only now, with the rules known to fit, does output begin. */
	r->a.out_format = PGS_ARCH_CUSTOM;
	if (pgs_archive_encode_header(&toc, &r->a, r->out_alg, r->out_level, err) ||
	    emit(r, toc.data, toc.len, err))
		goto out;
	toc_at = r->out->pos;
	if (pgs_archive_write_toc(&r->a, &toc, toc_sink, r, &toc_len, err))
		goto out;
	{
		struct conv2_ctx c = { r, &rd, &have };

		if (each_entry(r, 1, conv2_entry_fn, &c, err))
			goto out;
	}
	if (custom_out_finish(r, &toc, toc_at, toc_len, rd.bytes_read, err))
		goto out;
	rc = 0;
out:
	dir_worker_release(&w0);
	pgs_dir_reader_release(&rd);
	pgs_buf_release(&toc);
	return rc;
}

int pgs_pipeline_convert_to_custom(const struct pgs_options *opt,
				   struct pgs_input *in, struct pgs_output *out,
				   struct pgs_tally *tally, struct pgs_error *err)
{
	struct run r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(tally, 0, sizeof(*tally));
	r.opt = opt;
	r.tally = tally;
	r.cur_entry = SIZE_MAX;
	r.in = in;
	r.out = out;
	r.dw.dfd = -1;
	pgs_archive_init(&r.a);
	pgs_schema_init(&r.schema);
	pgs_plan_init(&r.resolved);
	pgs_rewriter_init(&r.rw);
	r.rw.rules_path = opt->rules->path ? opt->rules->path : "rules";
	r.rw.out.submit = rows_submit;
	r.rw.out.write = rows_write;
	r.rw.out.ctx = &r;
	pgs_custom_reader_init(&r.rd, r.in, &r.a);
	pgs_custom_reader_init(&r.rd1, r.in, &r.a);
	pgs_custom_writer_init(&r.w, r.out, &r.a);
	rc = run_to_custom(&r, err);
	pgs_compress_pool_free(r.pool);
	r.pool = NULL;
	if (rc == 0 && pgs_output_flush(out, err))
		rc = -1;
	run_release(&r);
	return rc;
}

/* ---- tar archives (pg_dump -Ft) ----------------------------------------- */

/*
 * A tar archive is a directory archive in one stream (archive_tar.h), read
 * and written strictly in order, so a pipe will do either way: toc.dat is
 * read by the same TOC code straight from the input (its member checked
 * to end where the TOC ends), the plan made, then every member in TOC
 * order: unchanged members are copied with their own headers, byte for
 * byte; a rewritten or truncated table is spooled (struct pgs_tar_spool)
 * and written behind its own header with the new size.  Members are never
 * compressed, so no decoder or encoder runs: the rewriter's batches go
 * straight to the spool.  Row filters need tables read before the output:
 * the input (spooled to $TMPDIR when it is a pipe) is indexed member by
 * member, the tables read where they lie, and the output pass starts again
 * after toc.dat.
 *
 * restore.sql (last, pg_dump's psql script) holds every definition and,
 * with --statistics, the statistics values: it is copied unchanged when the
 * TOC is, and replaced by a short script that says why and how to make one
 * (pg_restore -f) when statistics were scrubbed or dropped.
 */

struct tar_member {
	char name[PGS_TAR_NAME_MAX + 1];
	uint64_t data_at, size;
};

struct tar_run {
	struct run *r;
	struct pgs_tar_reader rd;
	struct pgs_tar_writer w;
	struct pgs_tar_spool spool;
	/* row filters: the members where they lie, and where the output
	 * pass resumes */
	struct tar_member *index;
	size_t nindex;
	uint64_t after_toc;
	pgs_sink_fn sink1;
	void *sink1_ctx;
	struct dir_worker *dw;      /* --format directory: the writer */
	/* a BLOBS entry's index as pg_dump writes it for the blob members
	 * read so far (tar_blob_seen) */
	struct pgs_buf blob_index;
	size_t nblobs;
};

static const char restore_sql_replaced[] =
	"--\n"
	"-- pgscrub replaced this archive's restore.sql: the script pg_dump\n"
	"-- wrote here held statistics values that this run scrubbed.\n"
	"-- pg_restore does not read restore.sql.  To get a script of this\n"
	"-- archive, run:\n"
	"--\n"
	"--     pg_restore -f restore.sql ARCHIVE.tar\n"
	"--\n";

static int tar_spool_submit(void *ctx, struct pgs_buf *rows,
			    struct pgs_error *err)
{
	struct tar_run *t = ctx;

	return pgs_tar_spool_sink(&t->spool, rows->data, rows->len, err);
}

static int tar_spool_write(void *ctx, const void *p, size_t n,
			   struct pgs_error *err)
{
	struct tar_run *t = ctx;

	return pgs_tar_spool_sink(&t->spool, p, n, err);
}

/* The current member, header and data, unchanged. */
static int tar_copy_member(struct tar_run *t, struct pgs_error *err)
{
	uint64_t size = t->rd.cur.size;

	return pgs_tar_writer_header(&t->w, &t->rd.cur, err) ||
	       pgs_tar_reader_stream(&t->rd, pgs_tar_writer_sink, &t->w, err) ||
	       pgs_tar_writer_pad(&t->w, size, err) ? -1 : 0;
}

/* The member of a large-object index: blobs.toc before 1.16, then
 * blobs_<dumpId>.toc (the TOC's own name is "<dumpId>.dat", §3.3). */
static void tar_blobs_index_name(const struct run *r, size_t idx, char *name,
				 size_t len)
{
	if (r->a.hdr.version >= K_VERS_1_16)
		snprintf(name, len, "blobs_%d.toc", r->a.toc[idx].dump_id);
	else
		snprintf(name, len, "blobs.toc");
}

static int is_blob_member(const char *name)
{
	size_t n = strlen(name);

	return strncmp(name, "blob_", 5) == 0 && n > 9 &&
	       strcmp(name + n - 4, ".dat") == 0 &&
	       strspn(name + 5, "0123456789") == n - 9;
}

/*
 * The current member, a blob_<oid>.dat: its OID (1 to 2^32-1, written as
 * pg_dump writes it), and its line added to the index pg_dump would write
 * for the members so far (_EndLO: "%u blob_%u.dat\n").
 */
static int tar_blob_seen(struct tar_run *t, uint32_t *oid,
			 struct pgs_error *err)
{
	const char *name = t->rd.cur.name;
	unsigned long v = strtoul(name + 5, NULL, 10);
	char canon[PGS_TAR_NAME_MAX + 1];

	if (t->nblobs == 0) {
		if (!t->blob_index.max)
			pgs_buf_init(&t->blob_index, (size_t)1 << 34);
		pgs_buf_reset(&t->blob_index);
	}
	snprintf(canon, sizeof(canon), "blob_%lu.dat", v);
	if (v == 0 || v > UINT32_MAX || strcmp(canon, name) != 0)
		return pgs_error_set(err, PGS_EINPUT, "tar member '%s' does not "
				     "name a large object", name);
	*oid = (uint32_t)v;
	t->nblobs++;
	return pgs_buf_addf(&t->blob_index, err, "%lu %s\n", v, name);
}

struct tar_index_check {
	struct tar_run *t;
	uint64_t at;
	pgs_sink_fn sink;           /* NULL: read past */
	void *ctx;
};

static int tar_index_mismatch(struct tar_run *t, struct pgs_error *err)
{
	char ex[PGS_EXCERPT_SIZE(PGS_TAR_NAME_MAX)];

	pgs_excerpt(ex, t->rd.cur.name, strlen(t->rd.cur.name),
		    PGS_TAR_NAME_MAX);
	pgs_error_set(err, PGS_EINPUT, "large-object index '%s' at byte %" PRIu64
		      " does not list exactly the %zu blob_<oid>.dat members "
		      "before it", ex, t->rd.data_at - PGS_TAR_BLOCK, t->nblobs);
	return pgs_error_hint(err, "pg_dump -Ft writes one line '<oid> "
			      "blob_<oid>.dat' per member (a directory archive's "
			      "pg_restore opens the files it names): this archive "
			      "was changed or put together by another tool");
}

static int tar_index_sink(void *ctx, const void *p, size_t n,
			  struct pgs_error *err)
{
	struct tar_index_check *k = ctx;
	const struct pgs_buf *want = &k->t->blob_index;

	if (n > want->len - k->at || memcmp(want->data + k->at, p, n) != 0)
		return tar_index_mismatch(k->t, err);
	k->at += n;
	return k->sink ? k->sink(k->ctx, p, n, err) : 0;
}

/* The current member, a BLOBS entry's index, checked to be the one pg_dump
 * writes for the blob members before it, through sink (NULL: read past). */
static int tar_index_stream(struct tar_run *t, pgs_sink_fn sink, void *ctx,
			    struct pgs_error *err)
{
	struct tar_index_check k = { t, 0, sink, ctx };
	size_t want = t->nblobs ? t->blob_index.len : 0;
	int rc;

	if (t->rd.cur.size != want)
		return tar_index_mismatch(t, err);
	rc = want ? pgs_tar_reader_stream(&t->rd, tar_index_sink, &k, err)
		  : pgs_tar_reader_skip(&t->rd, err);
	t->nblobs = 0;
	return rc;
}

/*
 * BLOBS: its blob_<oid>.dat members, then its index.  large_objects =
 * drop empties each member but keeps it: pg_restore (1.16) looks for the
 * group's first blob_<oid>.dat member and reads blob members up to the
 * index, so the members must be there; the objects are restored empty, and
 * oid columns that refer to them still resolve.  The index (OIDs and
 * names only) is copied.
 */
static int tar_blobs(struct tar_run *t, size_t idx, enum action act,
		     struct pgs_error *err)
{
	char index[64];
	int end;

	t->nblobs = 0;
	for (;;) {
		struct pgs_tar_header h;
		uint32_t oid;

		if (pgs_tar_reader_next(&t->rd, &end, err))
			return -1;
		if (end || !is_blob_member(t->rd.cur.name)) {
			pgs_tar_reader_unread(&t->rd);
			break;
		}
		h = t->rd.cur;
		if (tar_blob_seen(t, &oid, err))
			return -1;
		if (act == ACT_DROP ?
		    pgs_tar_reader_skip(&t->rd, err) ||
		    pgs_tar_writer_member(&t->w, &h, NULL, 0, err) :
		    tar_copy_member(t, err))
			return -1;
	}
	tar_blobs_index_name(t->r, idx, index, sizeof(index));
	if (pgs_tar_reader_expect(&t->rd, index, err))
		return -1;
	/* the index, checked to list exactly those members, copied */
	return pgs_tar_writer_header(&t->w, &t->rd.cur, err) ||
	       tar_index_stream(t, pgs_tar_writer_sink, &t->w, err) ||
	       pgs_tar_writer_pad(&t->w, t->rd.cur.size, err) ? -1 : 0;
}

static int tar_entry(struct tar_run *t, size_t idx, struct pgs_error *err)
{
	struct run *r = t->r;
	struct pgs_toc_entry *te = &r->a.toc[idx];
	struct plan *pl = &r->plans[idx];
	struct pgs_tar_header h;
	uint64_t in0 = pgs_input_tell(r->in), out0 = t->w.bytes;
	int rc = -1;

	if (pl->is_blobs) {
		r->tally->large_object_blocks++;
		if (tar_blobs(t, idx, pl->action, err))
			return -1;
		r->tally->blocks_copied += pl->action == ACT_COPY;
		goto done;
	}
	if (pgs_tar_reader_expect(&t->rd, te->filename.p, err))
		return -1;
	h = t->rd.cur;
	if (te->omit) {
		rc = pgs_tar_reader_skip(&t->rd, err);
		goto out;
	}
	switch (pl->action) {
	case ACT_COPY:
		r->tally->blocks_copied++;
		rc = tar_copy_member(t, err);
		break;
	case ACT_REWRITE: {
		uint64_t written = pl->rt.written;

		if (h.size == 0) {
			/* not even the end line "\." */
			pgs_error_set(err, PGS_EINPUT, "tar member '%s' is empty",
				      h.name);
			break;
		}
		if (pgs_tar_spool_reset(&t->spool, err) ||
		    pgs_rewriter_begin(&r->rw, &pl->rt, err) ||
		    pgs_tar_reader_stream(&t->rd, pgs_rewriter_feed, &r->rw, err) ||
		    pgs_rewriter_end(&r->rw, err) ||
		    pgs_tar_writer_spooled(&t->w, &h, &t->spool, err))
			break;
		r->tally->rows_rewritten += pl->rt.written - written;
		r->tally->tables_rewritten++;
		rc = 0;
		break;
	}
	case ACT_TRUNCATE:
		/* COPY data still needs its end line; INSERT data is empty. */
		if (pgs_tar_reader_skip(&t->rd, err) ||
		    (te->copy_stmt.p ?
		     pgs_tar_writer_member(&t->w, &h, "\\.\n\n\n", 5, err) :
		     pgs_tar_writer_member(&t->w, &h, NULL, 0, err)))
			break;
		r->tally->tables_truncated++;
		rc = 0;
		break;
	default:
		pgs_error_set(err, PGS_EINTERNAL, "no plan for this entry");
		break;
	}
out:
	if (rc)
		return -1;
done:
	pl->bytes_in = pgs_input_tell(r->in) - in0;
	pl->bytes_out = t->w.bytes - out0;
	return 0;
}

static int tar_entry_fn(void *ctx, size_t idx, struct pgs_error *err)
{
	return tar_entry(ctx, idx, err);
}

/* Whether the output's TOC says less than the input's (statistics values
 * scrubbed, entries dropped): then restore.sql would say more. */
static int tar_toc_changed(const struct run *r)
{
	return r->tally->statistics_entries_removed != 0 ||
	       r->tally->statistics_values_removed != 0;
}

/* restore.sql, then the end. */
static int tar_finish(struct tar_run *t, struct pgs_error *err)
{
	struct run *r = t->r;
	char ex[PGS_EXCERPT_SIZE(PGS_TAR_NAME_MAX)];
	int end;

	if (pgs_tar_reader_expect(&t->rd, "restore.sql", err))
		return -1;
	if (tar_toc_changed(r)) {
		struct pgs_tar_header h = t->rd.cur;

		if (pgs_tar_reader_skip(&t->rd, err) ||
		    pgs_tar_writer_member(&t->w, &h, restore_sql_replaced,
					  sizeof(restore_sql_replaced) - 1, err))
			return -1;
	} else if (tar_copy_member(t, err)) {
		return -1;
	}
	if (pgs_tar_reader_next(&t->rd, &end, err))
		return -1;
	if (!end) {
		pgs_excerpt(ex, t->rd.cur.name, strlen(t->rd.cur.name),
			    PGS_TAR_NAME_MAX);
		pgs_error_set(err, PGS_EINPUT, "tar member '%s' at byte %" PRIu64
			      " comes after restore.sql, which pg_dump writes "
			      "last", ex, t->rd.data_at - PGS_TAR_BLOCK);
		return pgs_error_hint(err, "this archive was changed or put "
				      "together by another tool: give pgscrub "
				      "the archive pg_dump -Ft wrote");
	}
	return pgs_tar_reader_finish(&t->rd, err) ||
	       pgs_tar_writer_end(&t->w, err) ? -1 : 0;
}

/* ---- row filters: the tables read before the output ---- */

/* Every member from after toc.dat to the end, where its data lies. */
static int tar_index(struct tar_run *t, struct pgs_error *err)
{
	size_t cap = 0;
	int end;

	for (;;) {
		if (pgs_tar_reader_next(&t->rd, &end, err))
			return -1;
		if (end)
			return 0;
		if (t->nindex == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct tar_member *p = realloc(t->index,
						       ncap * sizeof(*p));

			if (!p)
				return pgs_error_set(err, PGS_ENOMEM,
						     "out of memory");
			t->index = p;
			cap = ncap;
		}
		memcpy(t->index[t->nindex].name, t->rd.cur.name,
		       sizeof(t->rd.cur.name));
		t->index[t->nindex].data_at = t->rd.data_at;
		t->index[t->nindex].size = t->rd.cur.size;
		t->nindex++;
		if (pgs_tar_reader_skip(&t->rd, err))
			return -1;
	}
}

/* pgs_subset_read_fn: entry idx's member, read where it lies. */
static int tar_subset_read(void *ctx, size_t idx, pgs_sink_fn sink,
			   void *sink_ctx, struct pgs_error *err)
{
	struct tar_run *t = ctx;
	struct run *r = t->r;
	const char *name = r->a.toc[idx].filename.p;
	struct pgs_tar_reader rd;
	size_t k;

	r->cur_entry = idx;
	r->cur_no = 0;
	for (k = 0; k < t->nindex; k++)
		if (name && strcmp(t->index[k].name, name) == 0)
			break;
	if (k == t->nindex) {
		pgs_error_set(err, PGS_EINPUT, "the tar archive has no member "
			      "'%s'", name ? name : "");
		return pgs_error_where(err, "%s", entry_label(r, idx));
	}
	pgs_tar_reader_init(&rd, r->in);
	memcpy(rd.cur.name, t->index[k].name, sizeof(rd.cur.name));
	rd.cur.size = rd.left = t->index[k].size;
	rd.data_at = t->index[k].data_at;
	if (t->index[k].size == 0) {
		pgs_error_set(err, PGS_EINPUT, "tar member '%s' is empty", name);
		return pgs_error_where(err, "%s", entry_label(r, idx));
	}
	if (pgs_input_seek(r->in, t->index[k].data_at, err) ||
	    pgs_tar_reader_stream(&rd, sink, sink_ctx, err))
		return pgs_error_where(err, "%s", entry_label(r, idx));
	progress(r);
	return 0;
}

static int tar_subset_collect(struct tar_run *t, struct pgs_error *err)
{
	struct run *r = t->r;

	if (!pgs_subset_needs_collect(r->subset))
		return 0;
	t->after_toc = pgs_input_tell(r->in);
	if (pgs_input_spool(r->in, r->opt->tmpdir, err) ||
	    tar_index(t, err) ||
	    pgs_subset_collect(r->subset, tar_subset_read, t, err) ||
	    pgs_input_seek(r->in, t->after_toc, err))
		return -1;
	/* the output pass reads the members again from after toc.dat */
	pgs_tar_reader_init(&t->rd, r->in);
	r->tally->subset_read_first = 1;
	return 0;
}

/* toc.dat, the first member, read by the TOC code from the input. */
static int tar_read_toc(struct tar_run *t, struct pgs_tar_header *toc_h,
			struct pgs_error *err)
{
	if (pgs_tar_read_toc(&t->rd, &t->r->a, err))
		return -1;
	*toc_h = t->rd.cur;
	return 0;
}

static int run_tar(struct tar_run *t, struct pgs_error *err)
{
	struct run *r = t->r;
	struct pgs_tar_header toc_h;
	struct pgs_buf toc, member;   /* an entry's scratch; all of toc.dat */
	uint64_t toc_len;
	int rc = -1;

	pgs_buf_init(&toc, (size_t)1 << 40);
	pgs_buf_init(&member, (size_t)1 << 40);
	if (tar_read_toc(t, &toc_h, err) ||
	    pgs_schema_from_archive(&r->schema, &r->a, err) ||
	    (r->opt->schema && pgs_schema_adopt(&r->schema, r->opt->schema,
						r->opt->schema_name, err)) ||
	    setup_codecs(r, err) || plan_all(r, err) ||
	    tar_subset_collect(t, err))
		goto out;
	{
		struct stat sb;

		if (r->in->seekable && fstat(r->in->fd, &sb) == 0)
			r->in_size = r->in->base + (uint64_t)sb.st_size;
	}
	/* Only now, with the rules known to fit, does output begin: toc.dat
	 * first, as pg_dump writes it (its size changes only when
	 * statistics were scrubbed). */
	if (pgs_archive_encode_header(&member, &r->a, PGS_COMPRESS_NONE, 0,
				      err) ||
	    pgs_archive_write_toc(&r->a, &toc, toc_sink_buf, &member, &toc_len,
				  err) ||
	    pgs_tar_writer_member(&t->w, &toc_h, member.data, member.len, err))
		goto out;
	if (each_entry(r, 0, tar_entry_fn, t, err))
		goto out;
	if (tar_finish(t, err))
		goto out;
	r->tally->bytes_in = pgs_input_tell(r->in);
	r->tally->bytes_out = t->w.bytes;
	r->tally->tar = 1;
	if (collect_tally(r, err))
		goto out;
	rc = 0;
out:
	pgs_buf_release(&toc);
	pgs_buf_release(&member);
	return rc;
}

int pgs_pipeline_scrub_tar(const struct pgs_options *opt, struct pgs_input *in,
			   struct pgs_output *out, struct pgs_tally *tally,
			   struct pgs_error *err)
{
	struct run r;
	struct tar_run t;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&t, 0, sizeof(t));
	memset(tally, 0, sizeof(*tally));
	if (opt->recompress && opt->compression != PGS_COMPRESS_NONE) {
		pgs_error_set(err, PGS_EUSAGE, "a tar archive's members are "
			      "never compressed: --compress %s cannot apply",
			      pgs_compression_name(opt->compression));
		return pgs_error_hint(err, "leave out --compress, or compress "
				      "the whole file (pgscrub ... | gzip); "
				      "pg_restore reads tar archives only "
				      "uncompressed");
	}
	r.opt = opt;
	r.tally = tally;
	r.cur_entry = SIZE_MAX;
	r.in = in;
	r.out = out;
	pgs_archive_init(&r.a);
	pgs_schema_init(&r.schema);
	pgs_plan_init(&r.resolved);
	pgs_rewriter_init(&r.rw);
	r.rw.rules_path = opt->rules->path ? opt->rules->path : "rules";
	r.rw.out.submit = tar_spool_submit;
	r.rw.out.write = tar_spool_write;
	r.rw.out.ctx = &t;
	pgs_custom_reader_init(&r.rd, r.in, &r.a);
	pgs_custom_reader_init(&r.rd1, r.in, &r.a);
	t.r = &r;
	pgs_tar_reader_init(&t.rd, in);
	pgs_tar_writer_init(&t.w, out);
	pgs_tar_spool_init(&t.spool, opt->tmpdir);
	rc = run_tar(&t, err);
	if (rc == 0 && pgs_output_flush(out, err))
		rc = -1;
	pgs_tar_spool_release(&t.spool);
	pgs_buf_release(&t.blob_index);
	free(t.index);
	run_release(&r);
	return rc;
}

/* ---- converting a tar archive (--format directory|custom) ---------------- */

/*
 * A tar's members are the files of a directory archive, uncompressed, so
 * --format directory writes each member as its file (encoded with
 * --compress's method when one is given) and --format custom each member
 * as its block's stream (copied into chunks when the output is
 * uncompressed, encoded otherwise).  Rewrite, truncate, row filters and
 * large objects as for a tar output; restore.sql is not part of either
 * format and is read past.  One thread, members in order: a pipe will do.
 */

/* The blob_<oid>.dat members of a BLOBS entry, each through fn (which
 * reads or skips it), then its index's header (the caller reads the index,
 * tar_index_stream).  fn gets the OID. */
typedef int (*tar_blob_fn)(struct tar_run *t, uint32_t oid,
			   struct pgs_error *err);

static int tar_each_blob(struct tar_run *t, size_t idx, tar_blob_fn fn,
			 struct pgs_error *err)
{
	char index[64];
	int end;

	t->nblobs = 0;
	for (;;) {
		uint32_t oid;

		if (pgs_tar_reader_next(&t->rd, &end, err))
			return -1;
		if (end || !is_blob_member(t->rd.cur.name)) {
			pgs_tar_reader_unread(&t->rd);
			break;
		}
		if (tar_blob_seen(t, &oid, err) || fn(t, oid, err))
			return -1;
	}
	tar_blobs_index_name(t->r, idx, index, sizeof(index));
	return pgs_tar_reader_expect(&t->rd, index, err);
}

/* restore.sql read past, then the end. */
static int tar_conv_finish(struct tar_run *t, struct pgs_error *err)
{
	char ex[PGS_EXCERPT_SIZE(PGS_TAR_NAME_MAX)];
	int end;

	if (pgs_tar_reader_expect(&t->rd, "restore.sql", err) ||
	    pgs_tar_reader_skip(&t->rd, err) ||
	    pgs_tar_reader_next(&t->rd, &end, err))
		return -1;
	if (!end) {
		pgs_excerpt(ex, t->rd.cur.name, strlen(t->rd.cur.name),
			    PGS_TAR_NAME_MAX);
		pgs_error_set(err, PGS_EINPUT, "tar member '%s' at byte %" PRIu64
			      " comes after restore.sql, which pg_dump writes "
			      "last", ex, t->rd.data_at - PGS_TAR_BLOCK);
		return pgs_error_hint(err, "this archive was changed or put "
				      "together by another tool: give pgscrub "
				      "the archive pg_dump -Ft wrote");
	}
	return pgs_tar_reader_finish(&t->rd, err);
}

/* -- to a directory -- */

/* The current member as the file name: as it is, or encoded. */
static int tar_dir_file(struct tar_run *t, struct dir_worker *w,
			const char *name, struct pgs_error *err)
{
	struct run *r = t->r;

	if (r->out_alg == PGS_COMPRESS_NONE)
		return pgs_dir_out_begin(&w->out, name, err) ||
		       pgs_tar_reader_stream(&t->rd, pgs_dir_out_sink, &w->out,
					     err) ||
		       pgs_dir_out_end(&w->out, err) ? -1 : 0;
	return file_begin(w, name, r->out_alg, err) ||
	       pgs_tar_reader_stream(&t->rd, file_decoded_to_pool, w, err) ||
	       file_end(w, err) ? -1 : 0;
}

static int tar_dir_blob(struct tar_run *t, uint32_t oid, struct pgs_error *err)
{
	char name[PGS_TAR_NAME_MAX + 1];

	(void)oid;
	if (t->r->plans[t->r->cur_entry].action == ACT_DROP)
		return pgs_tar_reader_skip(&t->rd, err);
	memcpy(name, t->rd.cur.name, sizeof(name));
	return tar_dir_file(t, t->dw, name, err);
}

static int tar_dir_entry(struct tar_run *t, struct dir_worker *w, size_t idx,
			 struct pgs_error *err)
{
	struct run *r = t->r;
	struct pgs_toc_entry *te = &r->a.toc[idx];
	struct plan *pl = &r->plans[idx];
	struct pgs_tally *tl = r->tally;
	char name[PGS_TAR_NAME_MAX + 1];
	uint64_t in0 = pgs_input_tell(r->in), out0 = w->out.bytes;

	if (pl->is_blobs) {
		tl->large_object_blocks++;
		t->dw = w;
		if (tar_each_blob(t, idx, tar_dir_blob, err))
			return -1;
		memcpy(name, t->rd.cur.name, sizeof(name));
		/* the index as it is; an empty one drops the objects' data
		 * (they are still created, empty) */
		if (pl->action == ACT_DROP ?
		    tar_index_stream(t, NULL, NULL, err) ||
		    pgs_dir_out_begin(&w->out, name, err) ||
		    pgs_dir_out_end(&w->out, err) :
		    pgs_dir_out_begin(&w->out, name, err) ||
		    tar_index_stream(t, pgs_dir_out_sink, &w->out, err) ||
		    pgs_dir_out_end(&w->out, err))
			return -1;
		tl->blocks_copied += pl->action == ACT_COPY;
		tl->blocks_recompressed += pl->action == ACT_RECOMPRESS;
		goto done;
	}
	if (pgs_tar_reader_expect(&t->rd, te->filename.p, err))
		return -1;
	/* The file is named as the output's toc.dat names it
	 * (conv_filenames), not as the member: a TOC whose names are not
	 * "<dumpId>.dat" would otherwise give the entry another's file. */
	snprintf(name, sizeof(name), "%d.dat", te->dump_id);
	if (te->omit)
		return pgs_tar_reader_skip(&t->rd, err);
	switch (pl->action) {
	case ACT_COPY:
	case ACT_RECOMPRESS:
		if (tar_dir_file(t, w, name, err))
			return -1;
		tl->blocks_copied += pl->action == ACT_COPY;
		tl->blocks_recompressed += pl->action == ACT_RECOMPRESS;
		break;
	case ACT_REWRITE: {
		struct rows x;
		int ok;

		if (t->rd.cur.size == 0)
			return pgs_error_set(err, PGS_EINPUT, "tar member '%s' "
					     "is empty", name);
		memset(&x, 0, sizeof(x));
		ok = file_rows_begin(w, &x, pl, name, r->out_alg, err) == 0 &&
		     pgs_tar_reader_stream(&t->rd, rows_feed, &x, err) == 0;
		if (file_rows_end(w, &x, ok, NULL, tl, err))
			return -1;
		break;
	}
	case ACT_TRUNCATE:
		if (pgs_tar_reader_skip(&t->rd, err) ||
		    file_begin(w, name, r->out_alg, err) ||
		    (te->copy_stmt.p &&
		     pgs_compress_pool_write(w->pool, "\\.\n\n\n", 5, err)) ||
		    file_end(w, err))
			return -1;
		tl->tables_truncated++;
		break;
	default:
		return pgs_error_set(err, PGS_EINTERNAL, "no plan for this entry");
	}
done:
	pl->bytes_in = pgs_input_tell(r->in) - in0;
	pl->bytes_out = w->out.bytes - out0;
	return 0;
}

struct tar_dir_ctx {
	struct tar_run *t;
	struct dir_worker *w;
};

static int tar_dir_entry_fn(void *ctx, size_t idx, struct pgs_error *err)
{
	struct tar_dir_ctx *c = ctx;

	return tar_dir_entry(c->t, c->w, idx, err);
}

static int run_tar_to_dir(struct tar_run *t, struct dir_worker *w,
			  struct pgs_error *err)
{
	struct run *r = t->r;
	struct pgs_tar_header toc_h;
	struct pgs_buf toc;
	int rc = -1;

	pgs_buf_init(&toc, (size_t)1 << 40);
	if (tar_read_toc(t, &toc_h, err) ||
	    pgs_schema_from_archive(&r->schema, &r->a, err) ||
	    (r->opt->schema && pgs_schema_adopt(&r->schema, r->opt->schema,
						r->opt->schema_name, err)) ||
	    setup_codecs(r, err) || plan_all(r, err) ||
	    tar_subset_collect(t, err))
		goto out;
	memset(w, 0, sizeof(*w));
	w->r = r;
	/* One writer: each file rewritten and compressed on -j threads. */
	w->pool_workers = run_jobs(r->opt);
	pgs_error_init(&w->err);
	pgs_rewriter_init(&w->rw);
	w->rw.subset = r->subset;
	w->rw.rules_path = r->rw.rules_path;
	w->rw.out.submit = file_rows_submit;
	w->rw.out.write = file_rows_write;
	w->rw.out.ctx = w;
	w->out.fd = -1;
	/* Only now, with the rules known to fit, does output begin. */
	if (pgs_dir_writer_open(&r->dw, r->opt->output, r->opt->force, err) ||
	    pgs_dir_out_init(&w->out, &r->dw, err))
		goto out;
	{
		struct tar_dir_ctx c = { t, w };

		if (each_entry(r, 0, tar_dir_entry_fn, &c, err))
			goto out;
	}
	/* toc.dat last, with the names pg_dump -Fd gives (a tar's BLOBS
	 * entry is "<dumpId>.dat", a directory's its index, §3.3). */
	if (tar_conv_finish(t, err) || conv_filenames(r, err))
		goto out;
	if (dir_toc_finish(r, &w->out, &toc, 0, w->out.bytes, err))
		goto out;
	rc = 0;
out:
	pgs_buf_release(&toc);
	return rc;
}

/* -- to a custom archive -- */

/* The current member as the next stream: copied into chunks, or encoded. */
static int tar_custom_stream(struct tar_run *t, struct pgs_error *err)
{
	struct run *r = t->r;

	if (r->out_alg == PGS_COMPRESS_NONE && t->rd.cur.size > 0)
		return pgs_tar_reader_stream(&t->rd, pgs_custom_writer_chunk_sink,
					     &r->w, err) ||
		       pgs_custom_writer_end_stream(&r->w, err) ? -1 : 0;
	return pool_begin(r, err) ||
	       pgs_tar_reader_stream(&t->rd, decoded_to_pool, r, err) ||
	       pgs_compress_pool_end(r->pool, err) ||
	       pgs_custom_writer_end_stream(&r->w, err) ? -1 : 0;
}

static int tar_custom_blob(struct tar_run *t, uint32_t oid,
			   struct pgs_error *err)
{
	struct run *r = t->r;

	if (r->plans[r->cur_entry].action == ACT_DROP)
		return pgs_tar_reader_skip(&t->rd, err);
	return conv_int(r, oid, err) || tar_custom_stream(t, err) ? -1 : 0;
}

static int tar_custom_entry(struct tar_run *t, size_t idx,
			    struct pgs_error *err)
{
	struct run *r = t->r;
	struct pgs_toc_entry *te = &r->a.toc[idx];
	struct plan *pl = &r->plans[idx];
	struct pgs_tally *tl = r->tally;
	uint64_t in0 = pgs_input_tell(r->in);

	te->out_offset = r->out->base + r->out->pos;
	if (pl->is_blobs) {
		tl->large_object_blocks++;
		if (conv_block_head(r, idx, BLK_BLOBS, err) ||
		    tar_each_blob(t, idx, tar_custom_blob, err) ||
		    tar_index_stream(t, NULL, NULL, err) ||    /* the index */
		    conv_int(r, 0, err))
			return -1;
		tl->blocks_copied += pl->action == ACT_COPY;
		tl->blocks_recompressed += pl->action == ACT_RECOMPRESS;
		goto done;
	}
	if (pgs_tar_reader_expect(&t->rd, te->filename.p, err))
		return -1;
	if (te->omit)
		return pgs_tar_reader_skip(&t->rd, err);
	if (conv_block_head(r, idx, BLK_DATA, err))
		return -1;
	switch (pl->action) {
	case ACT_COPY:
	case ACT_RECOMPRESS:
		if (tar_custom_stream(t, err))
			return -1;
		tl->blocks_copied += pl->action == ACT_COPY;
		tl->blocks_recompressed += pl->action == ACT_RECOMPRESS;
		break;
	case ACT_REWRITE: {
		struct rows x;
		int ok;

		if (t->rd.cur.size == 0)
			return pgs_error_set(err, PGS_EINPUT, "tar member '%s' "
					     "is empty", t->rd.cur.name);
		memset(&x, 0, sizeof(x));
		ok = pool_get(r, err) == 0 &&
		     rows_begin(&x, r, pl, &r->pool, &r->rw, &r->par,
				pgs_custom_writer_chunk_sink, &r->w, err) == 0 &&
		     pgs_tar_reader_stream(&t->rd, rows_feed, &x, err) == 0;
		if (rows_end(&x, ok, tl, err) ||
		    pgs_custom_writer_end_stream(&r->w, err))
			return -1;
		break;
	}
	case ACT_TRUNCATE:
		if (pgs_tar_reader_skip(&t->rd, err) || pool_begin(r, err) ||
		    (te->copy_stmt.p &&
		     pgs_compress_pool_write(r->pool, "\\.\n\n\n", 5, err)) ||
		    pgs_compress_pool_end(r->pool, err) ||
		    pgs_custom_writer_end_stream(&r->w, err))
			return -1;
		tl->tables_truncated++;
		break;
	default:
		return pgs_error_set(err, PGS_EINTERNAL, "no plan for this entry");
	}
done:
	pl->bytes_in = pgs_input_tell(r->in) - in0;
	pl->bytes_out = r->out->base + r->out->pos - te->out_offset;
	return 0;
}

static int tar_custom_entry_fn(void *ctx, size_t idx, struct pgs_error *err)
{
	return tar_custom_entry(ctx, idx, err);
}

static int run_tar_to_custom(struct tar_run *t, struct pgs_error *err)
{
	struct run *r = t->r;
	struct pgs_tar_header toc_h;
	struct pgs_buf toc;
	uint64_t toc_at, toc_len;
	int rc = -1;

	pgs_buf_init(&toc, (size_t)1 << 40);
	if (tar_read_toc(t, &toc_h, err) ||
	    pgs_schema_from_archive(&r->schema, &r->a, err) ||
	    (r->opt->schema && pgs_schema_adopt(&r->schema, r->opt->schema,
						r->opt->schema_name, err)) ||
	    setup_codecs(r, err) || plan_all(r, err) ||
	    tar_subset_collect(t, err))
		goto out;
	/* Only now, with the rules known to fit, does output begin. */
	r->a.out_format = PGS_ARCH_CUSTOM;
	if (pgs_archive_encode_header(&toc, &r->a, r->out_alg, r->out_level, err) ||
	    emit(r, toc.data, toc.len, err))
		goto out;
	toc_at = r->out->pos;
	if (pgs_archive_write_toc(&r->a, &toc, toc_sink, r, &toc_len, err))
		goto out;
	if (each_entry(r, 0, tar_custom_entry_fn, t, err))
		goto out;
	if (tar_conv_finish(t, err))
		goto out;
	if (custom_out_finish(r, &toc, toc_at, toc_len, 0, err))
		goto out;
	rc = 0;
out:
	pgs_buf_release(&toc);
	return rc;
}

/* The run over a tar: out is the output for a tar or custom archive, NULL
 * for a directory (opt->output). */
static int tar_convert(const struct pgs_options *opt, struct pgs_input *in,
		       struct pgs_output *out, struct pgs_tally *tally,
		       struct pgs_error *err)
{
	struct run r;
	struct tar_run t;
	struct dir_worker w;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&t, 0, sizeof(t));
	memset(&w, 0, sizeof(w));
	w.out.fd = -1;
	pgs_rewriter_init(&w.rw);
	memset(tally, 0, sizeof(*tally));
	r.opt = opt;
	r.tally = tally;
	r.cur_entry = SIZE_MAX;
	r.in = in;
	r.out = out;
	r.dw.dfd = -1;
	r.directory = out == NULL;
	pgs_archive_init(&r.a);
	pgs_schema_init(&r.schema);
	pgs_plan_init(&r.resolved);
	pgs_rewriter_init(&r.rw);
	r.rw.rules_path = opt->rules->path ? opt->rules->path : "rules";
	r.rw.out.submit = rows_submit;
	r.rw.out.write = rows_write;
	r.rw.out.ctx = &r;
	pgs_custom_reader_init(&r.rd, r.in, &r.a);
	pgs_custom_reader_init(&r.rd1, r.in, &r.a);
	if (out)
		pgs_custom_writer_init(&r.w, r.out, &r.a);
	t.r = &r;
	pgs_tar_reader_init(&t.rd, in);
	pgs_tar_spool_init(&t.spool, opt->tmpdir);
	rc = out ? run_tar_to_custom(&t, err) : run_tar_to_dir(&t, &w, err);
	/* Every pool's thread is joined before the output is committed,
	 * renamed or removed. */
	pgs_compress_pool_free(r.pool);
	r.pool = NULL;
	dir_worker_stop(&w);
	if (out && rc == 0 && pgs_output_flush(out, err))
		rc = -1;
	if (!out) {
		if (rc == 0 && pgs_dir_writer_commit(&r.dw, err))
			rc = -1;
		pgs_dir_writer_abort(&r.dw);
	}
	dir_worker_release(&w);
	pgs_tar_spool_release(&t.spool);
	pgs_buf_release(&t.blob_index);
	free(t.index);
	run_release(&r);
	return rc;
}

int pgs_pipeline_convert_tar_to_custom(const struct pgs_options *opt,
				       struct pgs_input *in,
				       struct pgs_output *out,
				       struct pgs_tally *tally,
				       struct pgs_error *err)
{
	return tar_convert(opt, in, out, tally, err);
}

/* ---- converting a custom or directory archive to a tar (--format tar) ---- */

/*
 * pgscrub --format tar: a custom archive's blocks (a file or a pipe) or a
 * directory archive's files become the members pg_dump -Ft writes, in TOC
 * order: toc.dat first (its data names "<dumpId>.dat", the BLOBS entry's
 * too, §3.3; compression none), NNNN.dat per data entry, blob_<oid>.dat
 * and the index per BLOBS entry, restore.sql, two zero blocks.  Tar
 * members are never compressed, so every stream is decoded and each
 * member spooled until its size is known.  Headers are built as pg_dump
 * builds them, with the archive's creation time as mtime (so that the same
 * input gives the same bytes).  The restore.sql pg_dump writes is a script
 * pgscrub cannot make; the one written says how to get one (pg_restore -f).
 */

static const char restore_sql_converted[] =
	"--\n"
	"-- pgscrub wrote this tar archive from a custom-format or directory\n"
	"-- archive, which has no restore.sql.  pg_restore does not read it.\n"
	"-- To get a script of this archive, run:\n"
	"--\n"
	"--     pg_restore -f restore.sql ARCHIVE.tar\n"
	"--\n";

struct to_tar {
	struct run *r;
	struct pgs_tar_writer w;
	struct pgs_tar_spool spool;
	uint64_t mtime;
	/* a directory input */
	struct pgs_dir_reader *drd;
	struct dir_worker *w0;
	enum pgs_compression have;
};

static int to_tar_spool_submit(void *ctx, struct pgs_buf *rows,
			       struct pgs_error *err)
{
	struct to_tar *x = ctx;

	return pgs_tar_spool_sink(&x->spool, rows->data, rows->len, err);
}

static int to_tar_spool_write(void *ctx, const void *p, size_t n,
			      struct pgs_error *err)
{
	struct to_tar *x = ctx;

	return pgs_tar_spool_sink(&x->spool, p, n, err);
}

static int to_tar_decoded(void *ctx, const void *p, size_t n,
			  struct pgs_error *err)
{
	struct to_tar *x = ctx;

	return pgs_decoder_feed(x->r->dec1, p, n, pgs_tar_spool_sink,
				&x->spool, err);
}

static int to_tar_rows(void *ctx, const void *p, size_t n,
		       struct pgs_error *err)
{
	struct to_tar *x = ctx;

	return pgs_decoder_feed(x->r->dec1, p, n, pgs_rewriter_feed, &x->r->rw,
				err);
}

/* The spool as member name. */
static int to_tar_member(struct to_tar *x, const char *name,
			 struct pgs_error *err)
{
	struct pgs_tar_header h;

	pgs_tar_header_build(&h, name, 0, x->mtime);
	return pgs_tar_writer_spooled(&x->w, &h, &x->spool, err);
}

static int to_tar_bytes(struct to_tar *x, const char *name, const void *p,
			size_t n, struct pgs_error *err)
{
	struct pgs_tar_header h;

	pgs_tar_header_build(&h, name, 0, x->mtime);
	return pgs_tar_writer_member(&x->w, &h, p, n, err);
}

/* The next stream (custom) or file f (directory), decoded or rewritten
 * into the spool.  rewrite: through the rewriter, else as it is. */
static int to_tar_stream(struct to_tar *x, const struct pgs_dir_file *f,
			 int rewrite, struct pgs_error *err)
{
	struct run *r = x->r;
	pgs_sink_fn sink = rewrite ? to_tar_rows : to_tar_decoded;

	if (pgs_tar_spool_reset(&x->spool, err))
		return -1;
	if (!f)
		return pgs_decoder_reset(r->dec1, err) ||
		       pgs_custom_reader_stream(&r->rd, sink, x, err) ||
		       pgs_decoder_finish(r->dec1, err) ? -1 : 0;
	if (conv2_decoder(r, f->alg, &x->have, err))
		return -1;
	/* pg_dump 17+ writes an empty large object as an empty file */
	if (f->size == 0)
		return 0;
	return pgs_dir_file_stream(x->drd, f, sink, x, err) ||
	       pgs_decoder_finish(r->dec1, err) ?
	       pgs_error_where(err, "%s", f->path) : 0;
}

static int to_tar_blobs(struct to_tar *x, size_t idx, enum action act,
			struct pgs_error *err)
{
	struct run *r = x->r;
	struct pgs_buf index;
	struct pgs_dir_file b;
	char name[64];
	int rc = -1;

	memset(&b, 0, sizeof(b));
	pgs_buf_init(&index, (size_t)1 << 34);
	for (;;) {
		uint32_t oid;

		if (x->drd) {
			if (pgs_dir_reader_next_blob(x->drd, &oid, &b, err))
				goto out;
		} else {
			struct pgs_custom_int ci;

			if (pgs_custom_reader_next_blob(&r->rd, &ci, err))
				goto out;
			if (ci.v < 0 || ci.v > UINT32_MAX) {
				pgs_error_set(err, PGS_EINPUT, "large object "
					      "OID %" PRId64 " out of range", ci.v);
				goto out;
			}
			oid = (uint32_t)ci.v;
		}
		if (oid == 0)
			break;
		snprintf(name, sizeof(name), "blob_%" PRIu32 ".dat", oid);
		/* drop: every member there, empty (pg_restore 1.16 looks for
		 * the group's first one), the objects restored empty */
		if (act == ACT_DROP) {
			if ((!x->drd && pgs_custom_reader_skip_stream(&r->rd, err)) ||
			    to_tar_bytes(x, name, NULL, 0, err))
				goto out;
		} else if (to_tar_stream(x, x->drd ? &b : NULL, 0, err) ||
			   to_tar_member(x, name, err)) {
			goto out;
		}
		if (pgs_buf_addf(&index, err, "%" PRIu32 " %s\n", oid, name))
			goto out;
	}
	tar_blobs_index_name(r, idx, name, sizeof(name));
	rc = to_tar_bytes(x, name, index.data, index.len, err);
out:
	pgs_dir_file_release(&b);
	pgs_buf_release(&index);
	return rc;
}

static int to_tar_entry(struct to_tar *x, size_t idx, struct pgs_error *err)
{
	struct run *r = x->r;
	struct pgs_toc_entry *te = &r->a.toc[idx];
	struct plan *pl = &r->plans[idx];
	struct pgs_tally *tl = r->tally;
	struct pgs_custom_block blk;
	struct pgs_dir_file f;
	char name[32];
	uint64_t in0 = pgs_input_tell(r->in), out0 = x->w.bytes;
	int rc = -1;

	memset(&f, 0, sizeof(f));
	if (x->drd ? pgs_dir_reader_entry(x->drd, idx, &f, err) :
	    pgs_custom_reader_find_block(&r->rd, idx, &blk, err))
		goto out;
	if (!x->drd)
		in0 = blk.pos;
	snprintf(name, sizeof(name), "%d.dat", te->dump_id);
	if (pl->is_blobs) {
		tl->large_object_blocks++;
		if (to_tar_blobs(x, idx, pl->action, err))
			goto out;
		tl->blocks_recompressed += pl->action != ACT_DROP;
		rc = 0;
		goto out;
	}
	switch (pl->action) {
	case ACT_COPY:
	case ACT_RECOMPRESS:
		if (to_tar_stream(x, x->drd ? &f : NULL, 0, err) ||
		    to_tar_member(x, name, err))
			goto out;
		tl->blocks_recompressed++;
		break;
	case ACT_REWRITE: {
		uint64_t written = pl->rt.written;

		if (x->drd && f.size == 0) {
			pgs_error_set(err, PGS_EINPUT, "'%s' is empty", f.path);
			goto out;
		}
		if (pgs_rewriter_begin(&r->rw, &pl->rt, err) ||
		    to_tar_stream(x, x->drd ? &f : NULL, 1, err) ||
		    pgs_rewriter_end(&r->rw, err) ||
		    to_tar_member(x, name, err))
			goto out;
		tl->rows_rewritten += pl->rt.written - written;
		tl->tables_rewritten++;
		break;
	}
	case ACT_TRUNCATE:
		if ((!x->drd && pgs_custom_reader_skip_stream(&r->rd, err)) ||
		    (te->copy_stmt.p ? to_tar_bytes(x, name, "\\.\n\n\n", 5, err)
				     : to_tar_bytes(x, name, NULL, 0, err)))
			goto out;
		tl->tables_truncated++;
		break;
	default:
		pgs_error_set(err, PGS_EINTERNAL, "no plan for this entry");
		goto out;
	}
	rc = 0;
out:
	if (rc == 0) {
		pl->bytes_in = x->drd ? f.size : pgs_input_tell(r->in) - in0;
		pl->bytes_out = x->w.bytes - out0;
		if (!x->drd)
			pgs_custom_reader_block_done(&r->rd, idx);
	}
	pgs_dir_file_release(&f);
	return rc;
}

static int to_tar_entry_fn(void *ctx, size_t idx, struct pgs_error *err)
{
	return to_tar_entry(ctx, idx, err);
}

/* The toc.dat names of a tar: "<dumpId>.dat" for every entry with data. */
static int to_tar_filenames(struct run *r, struct pgs_error *err)
{
	size_t i;

	r->a.out_format = PGS_ARCH_TAR;
	for (i = 0; i < r->a.ntoc; i++) {
		struct pgs_toc_entry *te = &r->a.toc[i];
		char name[32];
		char *p;

		if (te->offset_flag == K_OFFSET_NO_DATA)
			name[0] = '\0';
		else
			snprintf(name, sizeof(name), "%d.dat", te->dump_id);
		p = strdup(name);
		if (!p)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		if (pgs_archive_adopt_str(&r->a, &te->filename, p, strlen(p), err))
			return -1;
	}
	return 0;
}

static int run_to_tar(struct to_tar *x, int dir_in, struct pgs_error *err)
{
	struct run *r = x->r;
	struct pgs_buf toc, member;
	struct pgs_str *saved = NULL;
	uint64_t toc_len;
	size_t i;
	int rc = -1;

	pgs_buf_init(&toc, (size_t)1 << 40);
	pgs_buf_init(&member, (size_t)1 << 40);
	if ((dir_in ? read_toc_dat(r, err) :
	     pgs_archive_read_header(&r->a, r->in, err) ||
	     pgs_archive_read_toc(&r->a, r->in, err)) ||
	    pgs_schema_from_archive(&r->schema, &r->a, err) ||
	    (r->opt->schema && pgs_schema_adopt(&r->schema, r->opt->schema,
						r->opt->schema_name, err)) ||
	    setup_codecs(r, err))
		goto out;
	/* Tar members are never compressed: every block is decoded (as the
	 * plan says, plan_show.c). */
	r->out_alg = PGS_COMPRESS_NONE;
	r->out_level = PGS_COMPRESS_DEFAULT_LEVEL;
	r->recompress_all = 1;
	if (plan_all(r, err))
		goto out;
	if (dir_in) {
		if (pgs_dir_reader_open(x->drd, r->opt->input, &r->a, err))
			goto out;
		if (pgs_subset_needs_collect(r->subset)) {
			if (dir_worker_init(x->w0, r, 0, 1, err) ||
			    pgs_subset_collect(r->subset, dir_subset_read, x->w0,
					       err))
				goto out;
			r->tally->subset_read_first = 1;
		}
	} else if (pgs_custom_reader_open(&r->rd, err) ||
		   subset_collect(r, err) ||
		   (!r->dec1 &&
		    pgs_decoder_new(&r->dec1, r->a.hdr.compression, err))) {
		goto out;
	}
	{
		const int64_t *tm = r->a.hdr.tm;
		struct tm t;
		time_t when;

		memset(&t, 0, sizeof(t));
		t.tm_sec = (int)tm[0];
		t.tm_min = (int)tm[1];
		t.tm_hour = (int)tm[2];
		t.tm_mday = (int)tm[3];
		t.tm_mon = (int)tm[4];
		t.tm_year = (int)tm[5];
		when = timegm(&t);
		x->mtime = when > 0 ? (uint64_t)when : 0;
	}
	/* Only now, with the rules known to fit, does output begin: toc.dat
	 * with a tar's names, then the input's names again (a directory's
	 * reader finds its files by them; the arena keeps both). */
	saved = malloc((r->a.ntoc + 1) * sizeof(*saved));
	if (!saved) {
		pgs_error_set(err, PGS_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < r->a.ntoc; i++)
		saved[i] = r->a.toc[i].filename;
	if (to_tar_filenames(r, err) ||
	    pgs_archive_encode_header(&member, &r->a, PGS_COMPRESS_NONE, 0,
				      err) ||
	    pgs_archive_write_toc(&r->a, &toc, toc_sink_buf, &member, &toc_len,
				  err) ||
	    to_tar_bytes(x, "toc.dat", member.data, member.len, err))
		goto out;
	for (i = 0; i < r->a.ntoc; i++)
		r->a.toc[i].filename = saved[i];
	if (each_entry(r, 1, to_tar_entry_fn, x, err))
		goto out;
	if ((!dir_in && pgs_custom_reader_end(&r->rd, err)) ||
	    to_tar_bytes(x, "restore.sql", restore_sql_converted,
			 sizeof(restore_sql_converted) - 1, err) ||
	    pgs_tar_writer_end(&x->w, err))
		goto out;
	r->tally->bytes_in = pgs_input_tell(r->in) +
			     (dir_in ? x->drd->bytes_read : 0);
	r->tally->bytes_out = x->w.bytes;
	r->tally->tar = 1;
	if (collect_tally(r, err))
		goto out;
	rc = 0;
out:
	free(saved);
	pgs_buf_release(&toc);
	pgs_buf_release(&member);
	return rc;
}

int pgs_pipeline_convert_to_tar(const struct pgs_options *opt, int dir_in,
				struct pgs_input *in, struct pgs_output *out,
				struct pgs_tally *tally, struct pgs_error *err)
{
	struct run r;
	struct to_tar x;
	struct pgs_dir_reader drd;
	struct dir_worker w0;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&x, 0, sizeof(x));
	memset(&drd, 0, sizeof(drd));
	memset(&w0, 0, sizeof(w0));
	w0.out.fd = -1;
	pgs_rewriter_init(&w0.rw);
	memset(tally, 0, sizeof(*tally));
	if (opt->recompress && opt->compression != PGS_COMPRESS_NONE) {
		pgs_error_set(err, PGS_EUSAGE, "a tar archive's members are "
			      "never compressed: --compress %s cannot apply",
			      pgs_compression_name(opt->compression));
		return pgs_error_hint(err, "leave out --compress, or compress "
				      "the whole file (pgscrub ... | gzip); "
				      "pg_restore reads tar archives only "
				      "uncompressed");
	}
	r.opt = opt;
	r.tally = tally;
	r.cur_entry = SIZE_MAX;
	r.in = in;
	r.out = out;
	r.dw.dfd = -1;
	pgs_archive_init(&r.a);
	pgs_schema_init(&r.schema);
	pgs_plan_init(&r.resolved);
	pgs_rewriter_init(&r.rw);
	r.rw.rules_path = opt->rules->path ? opt->rules->path : "rules";
	r.rw.out.submit = to_tar_spool_submit;
	r.rw.out.write = to_tar_spool_write;
	r.rw.out.ctx = &x;
	pgs_custom_reader_init(&r.rd, r.in, &r.a);
	pgs_custom_reader_init(&r.rd1, r.in, &r.a);
	r.rd.label = reader_label;
	r.rd.progress = reader_progress;
	r.rd.ctx = &r;
	x.r = &r;
	x.drd = dir_in ? &drd : NULL;
	x.w0 = &w0;
	pgs_tar_writer_init(&x.w, out);
	pgs_tar_spool_init(&x.spool, opt->tmpdir);
	rc = run_to_tar(&x, dir_in, err);
	if (rc == 0 && pgs_output_flush(out, err))
		rc = -1;
	dir_worker_release(&w0);
	if (dir_in)
		pgs_dir_reader_release(&drd);
	pgs_tar_spool_release(&x.spool);
	run_release(&r);
	return rc;
}

int pgs_pipeline_scrub(const struct pgs_options *opt, struct pgs_input *in,
		       struct pgs_output *out, struct pgs_tally *tally,
		       struct pgs_error *err)
{
	struct run r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(tally, 0, sizeof(*tally));
	r.opt = opt;
	r.tally = tally;
	r.cur_entry = SIZE_MAX;
	r.in = in;
	r.out = out;
	pgs_archive_init(&r.a);
	pgs_schema_init(&r.schema);
	pgs_plan_init(&r.resolved);
	pgs_rewriter_init(&r.rw);
	r.rw.rules_path = opt->rules->path ? opt->rules->path : "rules";
	r.rw.out.submit = rows_submit;
	r.rw.out.write = rows_write;
	r.rw.out.ctx = &r;
	pgs_custom_reader_init(&r.rd, r.in, &r.a);
	pgs_custom_reader_init(&r.rd1, r.in, &r.a);
	r.rd.label = reader_label;
	r.rd.progress = reader_progress;
	r.rd.ctx = &r;
	pgs_custom_writer_init(&r.w, r.out, &r.a);
	rc = run(&r, err);
	/* Nothing may write to the output once it is committed or removed:
	 * the pool's worker is joined first. */
	pgs_compress_pool_free(r.pool);
	r.pool = NULL;
	if (rc == 0 && pgs_output_flush(out, err))
		rc = -1;
	run_release(&r);
	return rc;
}

int pgs_pipeline_run(const struct pgs_options *opt, struct pgs_tally *tally,
		     struct pgs_error *err)
{
	struct pgs_input in;
	struct pgs_output out;
	int rc;

	memset(tally, 0, sizeof(*tally));
	if (pgs_input_open(&in, opt->input, err))
		return -1;
	if (pgs_output_open(&out, opt->output, err)) {
		pgs_input_close(&in);
		return -1;
	}
	rc = pgs_output_check_not_input(&out, &in, err) ||
	     pgs_pipeline_scrub(opt, &in, &out, tally, err) ||
	     pgs_output_commit(&out, err) ? -1 : 0;
	if (rc)
		pgs_output_abort(&out);
	pgs_input_close(&in);
	return rc;
}
