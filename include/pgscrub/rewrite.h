/*
 * rewrite.h — one table's COPY rows through its rules: the row loop that
 * every format shares (custom and directory blocks, tar members, the COPY
 * blocks of a plain script).
 *
 * The caller hands decoded COPY text in pieces of any size; the rewriter
 * cuts rows (a row that spans pieces is carried in its reader, so memory is
 * bounded by the longest row), decides each row of a filtered table
 * (subset.h), puts every field through its column's anonymiser (or the
 * case rule's branch for the row) and hands out whole rewritten rows in
 * batches of about PGS_REWRITE_BATCH bytes.  The "\." end line and the
 * empty lines after it are handed out last, as they came.
 *
 * What a table is (struct pgs_rewrite_table: its COPY statement, anonymisers
 * and counters) lives as long as the run; the buffers (struct
 * pgs_rewriter) belong to whoever rewrites, one table at a time, so that
 * several threads can each rewrite a table of their own.  A table must be
 * rewritten by one rewriter at a time: its anonymisers and conditions keep
 * scratch state.
 */
#ifndef PGSCRUB_REWRITE_H
#define PGSCRUB_REWRITE_H

#include <stddef.h>
#include <stdint.h>
#include "pgscrub/anon.h"
#include "pgscrub/buf.h"
#include "pgscrub/copy.h"
#include "pgscrub/error.h"
#include "pgscrub/plan.h"
#include "pgscrub/subset.h"

/* Rows are handed out when the batch reaches this many bytes. */
#define PGS_REWRITE_BATCH (64u << 10)

/*
 * Where rewritten rows go.  submit takes a batch of whole rows (it may
 * swap the buffer's contents with one of its own, as the compression pool
 * does; the rewriter resets it afterwards).  write appends bytes after
 * everything submitted so far: a huge kept value goes there from where it
 * lies instead of through a second copy of its row.
 */
struct pgs_rows_out {
	int (*submit)(void *ctx, struct pgs_buf *rows, struct pgs_error *err);
	int (*write)(void *ctx, const void *p, size_t n, struct pgs_error *err);
	void *ctx;
};

/* A table to rewrite, and what rewriting it did. */
struct pgs_rewrite_table {
	const struct pgs_plan_table *resolved;  /* borrowed from the plan */
	struct pgs_copy_stmt stmt;              /* borrowed: resolved->stmt */
	struct pgs_anon **anons;    /* stmt.ncols, borrowed from the plan */
	size_t idx;                 /* its TOC entry */
	int filtered;               /* rows are decided by the subset */
	uint64_t rows;              /* rows seen */
	uint64_t written;           /* rows written */
	uint64_t *changed;          /* per column: values the rule changed */
};

/*
 * Set t up for the resolver's table pt (TOC entry idx): allocates the
 * anonymiser and counter arrays (PGS_ENOMEM).  Release with
 * pgs_rewrite_table_release().
 */
int pgs_rewrite_table_init(struct pgs_rewrite_table *t,
			   const struct pgs_plan_table *pt, size_t idx,
			   int filtered, struct pgs_error *err);
void pgs_rewrite_table_release(struct pgs_rewrite_table *t);

/* The buffers of one rewriting thread. */
struct pgs_rewriter {
	/* Set by the caller. */
	struct pgs_subset *subset;      /* for filtered tables; borrowed */
	const char *rules_path;         /* in messages */
	struct pgs_rows_out out;

	/* Its own. */
	struct pgs_rewrite_table *cur;
	struct pgs_copy_reader reader;
	struct pgs_buf rows;
	struct pgs_slice *fields;
	size_t nfields;
};

/* Zero w and size its buffers for rows up to PGS_MAX_ROW. */
void pgs_rewriter_init(struct pgs_rewriter *w);
void pgs_rewriter_release(struct pgs_rewriter *w);

/* Start rewriting t's rows (PGS_ENOMEM). */
int pgs_rewriter_begin(struct pgs_rewriter *w, struct pgs_rewrite_table *t,
		       struct pgs_error *err);

/*
 * pgs_sink_fn, ctx a struct pgs_rewriter: n more bytes of decoded COPY
 * text.  PGS_EINPUT for a row whose field count does not match the COPY
 * statement and for what pgs_copy_reader_feed() refuses; an anonymiser's
 * error gets the row, the column and the rule's line.
 */
int pgs_rewriter_feed(void *w, const void *p, size_t n,
		      struct pgs_error *err);

/* Hand out the rows rewritten so far, between two rows of the stream (a
 * unit of the compression pool ends: compress_pool.h); PGS_EINTERNAL when
 * a row is cut short there. */
int pgs_rewriter_flush(struct pgs_rewriter *w, struct pgs_error *err);

/* The stream ended: the end line and its empty lines, and the last batch. */
int pgs_rewriter_end(struct pgs_rewriter *w, struct pgs_error *err);

#endif
