/*
 * pipeline_plain.c — one run over a plain SQL script (pg_dump -Fp):
 * script in, scrubbed script out (pipeline_plain.h).
 *
 * The design, in the order things happen:
 *
 * 1. First reading.  The script is decoded (gzip, lz4 or zstd files are
 *    recognised by their magic bytes and decoded as one stream) and cut
 *    into units by the scanner (archive_plain.h); its entries become a TOC
 *    like a custom archive's.  COPY rows are scanned for their "\." line
 *    and dropped at once: only the DDL is kept.  A pipe is first spooled to
 *    $TMPDIR as it came (still compressed), because the resolver needs the
 *    whole DDL before the first output byte: pg_dump writes foreign keys,
 *    indexes and statistics after the data.
 *
 * 2. Plan.  The schema (schema.c), the resolver (plan.c) and the smaller
 *    copies (subset.c) take the TOC as they take an archive's, so a column
 *    no rule covers, INSERT-style data that would need rewriting or large
 *    objects with no policy stop the run here, before any output.  Tables
 *    whose keys others need (row filters) are read now: in an
 *    uncompressed script from where the first reading saw their rows
 *    begin, to their "\." line; in a compressed one by decoding the script
 *    again from its start up to the end of the table's rows.
 *
 * 3. Second reading, the output.  The same scanner replays the units with
 *    the same entries.  Every unit is copied unchanged except:
 *    - the rows of a COPY block whose table is rewritten or filtered: they
 *      go through the shared row loop (rewrite.h), the "\." line after;
 *    - the rows of a truncated table (COPY rows, or its INSERT
 *      statements): left out, the COPY statement and "\." line kept;
 *    - STATISTICS DATA statements: kept, scrubbed (statistics.h) or left
 *      out, as the resolver decided (as for an archive's entries);
 *    - lowrite statements of the large objects, with large_objects = drop:
 *      left out (the objects are created empty).
 *    When nothing at all changes (every table copied, no statistics
 *    scrubbed, the same compression) the second reading is a copy of the
 *    input's bytes, not decompressed: the output is the input file.
 *    The output goes to the encoder of the output compression (none: the
 *    bytes as they are): a compression pool (compress_pool.h) whose -j
 *    threads compress the script's one stream while this thread reads,
 *    parses and anonymises the next statements, then to pgs_output's
 *    buffer (written on the pool's threads).
 *
 * Buffers: the input's 1 MiB read buffer, the decoder's 64 KiB output, the
 * scanner's unit (one statement or line), the rewriter's partial row and
 * batch, the statistics scratch (one statement), the pool's blocks (2N + 4
 * of 256 KiB for gzip and lz4, compress_pool.h) and the output's 256 KiB
 * buffer.  Memory is the TOC (the DDL) plus the
 * longest row or statement, whatever the size of the data.
 */
#include "pgscrub/pipeline_plain.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pgscrub/archive.h"
#include "pgscrub/anon.h"
#include "pgscrub/archive_plain.h"
#include "pgscrub/compress.h"
#include "pgscrub/compress_pool.h"
#include "pgscrub/pipeline.h"
#include "pgscrub/plan.h"
#include "pgscrub/rewrite.h"
#include "pgscrub/schema.h"
#include "pgscrub/statistics.h"
#include "pgscrub/subset.h"

enum action {
	ACT_NONE = 0,
	ACT_COPY,
	ACT_REWRITE,
	ACT_TRUNCATE,
	ACT_DROP
};

struct plan {
	enum action action;
	struct pgs_rewrite_table rt;
	int filtered;
	uint64_t bytes_in, bytes_out;
};

struct run {
	struct stat in_st;           /* the input as the first reading found it */
	const struct pgs_options *opt;
	struct pgs_tally *tally;
	struct pgs_archive a;
	struct pgs_schema schema;
	struct pgs_plan resolved;
	struct pgs_subset *subset;
	struct plan *plans;
	struct pgs_input *in;
	struct pgs_output *out;
	enum pgs_compression in_alg, out_alg;
	int out_level;
	struct pgs_decoder *dec;
	struct pgs_compress_pool *pool;     /* the output's encoder, -j threads */
	struct pgs_rewriter rw;
	struct pgs_buf scratch;     /* a scrubbed statistics statement */
	char label[320];
	size_t body;                /* the entry whose COPY rows these are */
	enum action body_act;
	uint64_t body_in, body_out; /* where the block began, in and out */
	uint64_t body_written;      /* the table's rows written before it */
	uint64_t bytes_out;         /* script bytes handed to the encoder */
	int held_dashes;            /* a "--" line not yet written */
	int skip_blank;             /* an empty line after a dropped lo_close */
	uint64_t in_size;
	unsigned tables_done, tables_total;
	/* The first reading of a table for the smaller copies: where each
	 * COPY block's rows begin (0: none), from the first reading. */
	uint64_t *rows_at;
	size_t nrows_at;
	struct pgs_plain_scanner *sc1;
	size_t want;
	pgs_sink_fn sink1;
	void *sink1_ctx;
};

static const char *entry_label(struct run *r, size_t idx)
{
	pgs_plan_entry_label(&r->a.toc[idx], r->label, sizeof(r->label));
	return r->label;
}

static int str_eq(const struct pgs_str *s, const char *lit)
{
	return s->p && strcmp(s->p, lit) == 0;
}

/* ---- output ------------------------------------------------------------- */

static int out_sink(void *ctx, const void *p, size_t n, struct pgs_error *err)
{
	struct run *r = ctx;

	return pgs_output_write(r->out, p, n, err);
}

static int emit(struct run *r, const void *p, size_t n, struct pgs_error *err)
{
	r->bytes_out += n;
	if (!r->pool)
		return pgs_output_write(r->out, p, n, err);
	return pgs_compress_pool_write(r->pool, p, n, err);
}

static int rows_submit(void *ctx, struct pgs_buf *rows, struct pgs_error *err)
{
	return emit(ctx, rows->data, rows->len, err);
}

static int rows_write(void *ctx, const void *p, size_t n, struct pgs_error *err)
{
	return emit(ctx, p, n, err);
}

static void progress(struct run *r, size_t idx)
{
	struct pgs_progress p;
	const struct pgs_toc_entry *te = idx < r->a.ntoc ? &r->a.toc[idx] : NULL;

	if (!r->opt->progress)
		return;
	memset(&p, 0, sizeof(p));
	p.bytes_in = pgs_input_tell(r->in);
	p.bytes_total = r->in_size;
	p.tables_done = r->tables_done;
	p.tables_total = r->tables_total;
	if (te) {
		p.schema = te->namespace_.p;
		p.table = te->tag.p ? te->tag.p : "";
		p.table_no = r->tables_done + 1;
	}
	r->opt->progress(r->opt->progress_ctx, &p);
}

/* ---- the second reading: units out -------------------------------------- */

struct statistics_ctx {
	const struct pgs_plan *plan;
	size_t idx;
};

static int stats_scrub_column(void *ctx, const char *attname)
{
	const struct statistics_ctx *c = ctx;

	return pgs_plan_stats_scrub_column(c->plan, c->idx, attname);
}

/* A statement of a STATISTICS DATA entry, as the resolver decided. */
static int statistics_stmt(struct run *r, const struct pgs_plain_unit *u,
			   struct pgs_error *err)
{
	struct statistics_ctx ctx = { &r->resolved, u->entry };
	unsigned removed = 0;

	switch (pgs_subset_entry_stats(r->subset, &r->resolved, u->entry)) {
	case PGS_PLAN_STATS_KEEP:
		return emit(r, u->p, u->n, err);
	case PGS_PLAN_STATS_DROP:
		return 0;
	case PGS_PLAN_STATS_SCRUB:
		break;
	}
	pgs_buf_reset(&r->scratch);
	if (pgs_statistics_scrub(&r->scratch, u->p, u->n, r->a.std_strings != 0,
				 stats_scrub_column, &ctx, &removed, err))
		return pgs_error_where(err, "%s", entry_label(r, u->entry));
	r->tally->statistics_values_removed += removed;
	return emit(r, r->scratch.data, r->scratch.len, err);
}

static int begin_body(struct run *r, size_t idx, struct pgs_error *err)
{
	struct plan *pl = &r->plans[idx];

	r->body = idx;
	r->body_act = pl->action;
	r->body_in = pgs_input_tell(r->in);
	r->body_out = r->bytes_out;
	r->body_written = pl->rt.written;
	progress(r, idx);
	if (pl->action == ACT_REWRITE)
		return pgs_rewriter_begin(&r->rw, &pl->rt, err);
	return 0;
}

static int end_body(struct run *r, struct pgs_error *err)
{
	struct plan *pl = &r->plans[r->body];

	switch (r->body_act) {
	case ACT_REWRITE:
		if (pgs_rewriter_feed(&r->rw, "\\.\n", 3, err) ||
		    pgs_rewriter_end(&r->rw, err))
			return -1;
		r->tally->rows_rewritten += pl->rt.written - r->body_written;
		r->tally->tables_rewritten++;
		break;
	case ACT_TRUNCATE:
		r->tally->tables_truncated++;
		/* fall through */
	default:
		if (emit(r, "\\.\n", 3, err))
			return -1;
		if (r->body_act != ACT_TRUNCATE)
			r->tally->blocks_copied++;
		break;
	}
	pl->bytes_in = pgs_input_tell(r->in) - r->body_in;
	pl->bytes_out = r->bytes_out - r->body_out;
	r->tables_done++;
	progress(r, r->body);
	return 0;
}

/* Whether entry idx goes whole: STATISTICS DATA of a truncated table (or
 * one that loses rows), as pg_restore leaves out an omitted entry. */
static int entry_dropped(struct run *r, size_t idx)
{
	return idx < r->a.ntoc && str_eq(&r->a.toc[idx].desc, "STATISTICS DATA") &&
	       pgs_subset_entry_stats(r->subset, &r->resolved, idx) ==
	       PGS_PLAN_STATS_DROP;
}

static int unit_out(void *ctx, const struct pgs_plain_unit *u,
		    struct pgs_error *err)
{
	struct run *r = ctx;
	const struct pgs_toc_entry *te = u->entry < r->a.ntoc ?
		&r->a.toc[u->entry] : NULL;
	const struct plan *pl = te ? &r->plans[u->entry] : NULL;
	int skip_blank = r->skip_blank;

	/*
	 * The "--" line before an entry's header comment is held until the
	 * next unit says whose it is: a dropped entry goes with its whole
	 * comment, so that the script is the one pg_restore would print.
	 */
	r->skip_blank = 0;
	if (r->held_dashes) {
		r->held_dashes = 0;
		if (!entry_dropped(r, u->entry) && emit(r, "--\n", 3, err))
			return -1;
	}
	if (u->kind == PGS_PLAIN_LINE && u->n == 3 && memcmp(u->p, "--\n", 3) == 0) {
		r->held_dashes = 1;
		return 0;
	}
	if (entry_dropped(r, u->entry))
		return 0;
	if (skip_blank && u->kind == PGS_PLAIN_LINE && u->n == 1)
		return 0;

	switch (u->kind) {
	case PGS_PLAIN_COPY_DATA:
		if (r->body_act == ACT_REWRITE) {
			if (pgs_rewriter_feed(&r->rw, u->p, u->n, err))
				return pgs_error_where(err, "%s",
						       entry_label(r, r->body));
			return 0;
		}
		return r->body_act == ACT_TRUNCATE ? 0 : emit(r, u->p, u->n, err);
	case PGS_PLAIN_COPY_END:
		if (end_body(r, err))
			return pgs_error_where(err, "%s", entry_label(r, r->body));
		return 0;
	case PGS_PLAIN_STMT:
		break;
	default:
		return emit(r, u->p, u->n, err);
	}
	switch (u->role) {
	case PGS_PLAIN_ROLE_COPY:
		return emit(r, u->p, u->n, err) || begin_body(r, u->entry, err) ?
		       -1 : 0;
	case PGS_PLAIN_ROLE_INSERT:
		if (pl->action == ACT_TRUNCATE)
			return 0;
		if (pl->action != ACT_COPY)
			return pgs_error_set(err, PGS_EINTERNAL,
					     "%s: INSERT data planned for rewriting",
					     entry_label(r, u->entry));
		return emit(r, u->p, u->n, err);
	case PGS_PLAIN_ROLE_LO_WRITE:
	case PGS_PLAIN_ROLE_LO_DATA:
		/* large_objects = drop: each object's lo_open, lowrite and
		 * lo_close calls (and the empty line after them) go; BEGIN and
		 * COMMIT stay, as pg_restore prints an empty BLOBS block. */
		if (pl->action == ACT_DROP && u->n > 7 &&
		    memcmp(u->p, "SELECT ", 7) == 0) {
			r->skip_blank = u->n > 25 &&
				memcmp(u->p, "SELECT pg_catalog.lo_close", 26) == 0;
			return 0;
		}
		return emit(r, u->p, u->n, err);
	case PGS_PLAIN_ROLE_DEFN:
		if (te && str_eq(&te->desc, "STATISTICS DATA"))
			return statistics_stmt(r, u, err);
		return emit(r, u->p, u->n, err);
	default:
		return emit(r, u->p, u->n, err);
	}
}

/* ---- planning ----------------------------------------------------------- */

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
		switch (pgs_plan_entry_path(&r->resolved, i, 0,
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
		default:
			pl->action = ACT_COPY;
			break;
		}
		if (str_eq(&r->a.toc[i].desc, "TABLE DATA"))
			r->tables_total++;
		if (pl->action == ACT_REWRITE &&
		    (!r->a.toc[i].copy_stmt.p || !pt))
			return pgs_error_set(err, PGS_EINTERNAL,
					     "%s: no COPY statement to rewrite",
					     entry_label(r, i));
		if (pl->action == ACT_REWRITE &&
		    pgs_rewrite_table_init(&pl->rt, pt, i, pl->filtered, err))
			return -1;
		if (str_eq(&r->a.toc[i].desc, "BLOBS"))
			r->tally->large_object_blocks++;
	}
	for (i = 0; i < r->a.ntoc; i++)
		if (str_eq(&r->a.toc[i].desc, "STATISTICS DATA") &&
		    pgs_subset_entry_stats(r->subset, &r->resolved, i) ==
		    PGS_PLAN_STATS_DROP)
			r->tally->statistics_entries_removed++;
	return 0;
}

/* ---- smaller copies: tables read before the output (subset.h) ----------- */

static int unit_to_sink1(void *ctx, const struct pgs_plain_unit *u,
			 struct pgs_error *err)
{
	struct run *r = ctx;

	if (u->entry != r->want)
		return 0;
	if (u->kind == PGS_PLAIN_COPY_DATA)
		return r->sink1(r->sink1_ctx, u->p, u->n, err);
	if (u->kind == PGS_PLAIN_COPY_END) {
		r->sc1->stop = 1;   /* the rest is not this table's */
		return r->sink1(r->sink1_ctx, "\\.\n", 3, err);
	}
	return 0;
}

/* An uncompressed script: from where the rows begin to their "\." line. */
static int read_rows_at(struct run *r, struct pgs_plain_scanner *sc,
			uint64_t at, struct pgs_error *err)
{
	const unsigned char *p;
	size_t avail;

	if (pgs_input_seek(r->in, at, err))
		return -1;
	pgs_plain_scanner_start_rows(sc, r->want, at);
	while (!sc->stop) {
		if (pgs_input_peek(r->in, &p, &avail, err))
			return -1;
		if (avail == 0)
			return pgs_input_eof_error(r->in, err);
		if (pgs_plain_scanner_feed(sc, p, avail, err))
			return -1;
		pgs_input_skip(r->in, avail);
	}
	return 0;
}

static int subset_read(void *ctx, size_t idx, pgs_sink_fn sink,
		       void *sink_ctx, struct pgs_error *err)
{
	struct run *r = ctx;
	struct pgs_plain_scanner sc;
	int rc;

	r->want = idx;
	r->sink1 = sink;
	r->sink1_ctx = sink_ctx;
	pgs_plain_scanner_init(&sc, &r->a, 0, unit_to_sink1, r);
	r->sc1 = &sc;
	if (r->in_alg == PGS_COMPRESS_NONE && idx < r->nrows_at &&
	    r->rows_at[idx]) {
		rc = read_rows_at(r, &sc, r->rows_at[idx], err);
	} else {
		/* NEEDSWORK: a compressed script is decoded from its start
		 * for each table read ahead. */
		rc = pgs_input_seek(r->in, 0, err) ||
		     pgs_plain_scan(&sc, r->in, r->in_alg, r->dec, err) ? -1 : 0;
	}
	pgs_plain_scanner_release(&sc);
	r->sc1 = NULL;
	if (rc)
		return pgs_error_where(err, "%s", entry_label(r, idx));
	progress(r, idx);
	return 0;
}

/* ---- the run ------------------------------------------------------------ */

/* The first reading's units: where each COPY block's rows begin. */
static int note_rows(void *ctx, const struct pgs_plain_unit *u,
		     struct pgs_error *err)
{
	struct run *r = ctx;

	if (u->kind != PGS_PLAIN_STMT || u->role != PGS_PLAIN_ROLE_COPY)
		return 0;
	if (u->entry >= r->nrows_at) {
		size_t n = u->entry * 2 + 64;
		uint64_t *v = realloc(r->rows_at, n * sizeof(*v));

		if (!v)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		memset(v + r->nrows_at, 0, (n - r->nrows_at) * sizeof(*v));
		r->rows_at = v;
		r->nrows_at = n;
	}
	r->rows_at[u->entry] = u->offset + u->n;
	return 0;
}

static const char *action_name(enum action a)
{
	switch (a) {
	case ACT_REWRITE:
		return "rewritten";
	case ACT_TRUNCATE:
		return "truncated";
	default:
		return "copied";
	}
}

static int collect_tally(struct run *r, struct pgs_error *err)
{
	struct pgs_tally *st = r->tally;
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
		const struct pgs_plan_table *pt = pgs_plan_entry_table(&r->resolved, i);
		const struct pgs_subset_counts *c;
		struct pgs_table_tally *ts;

		if (!str_eq(&te->desc, "TABLE DATA"))
			continue;
		ts = &st->tables[st->ntables++];
		ts->schema = strdup(te->namespace_.p ? te->namespace_.p : "");
		ts->table = strdup(te->tag.p ? te->tag.p : "");
		if (!ts->schema || !ts->table)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		ts->action = action_name(pl->action);
		ts->rows = pl->action == ACT_REWRITE ? (int64_t)pl->rt.rows :
			   pl->action == ACT_TRUNCATE ? 0 : -1;
		ts->bytes_in = pl->bytes_in;
		ts->bytes_out = pl->bytes_out;
		c = pl->filtered ? pgs_subset_counts(r->subset, i) : NULL;
		if (c) {
			ts->filtered = 1;
			ts->kept = c->kept;
			ts->removed_by_filter = c->removed_by_filter;
			ts->removed_by_cascade = c->removed_by_cascade;
			ts->nulled = c->nulled;
			st->rows_removed += c->removed_by_filter +
					    c->removed_by_cascade;
			st->rows_nulled += c->nulled;
			st->tables_filtered++;
		}
		if (pl->action != ACT_REWRITE || !pt)
			continue;
		ts->cols = calloc(pl->rt.stmt.ncols + 1, sizeof(*ts->cols));
		if (!ts->cols)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		ts->ncols = pl->rt.stmt.ncols;
		for (j = 0; j < pl->rt.stmt.ncols; j++) {
			char origin[512];

			pgs_plan_origin(&r->resolved, pt, &pt->cols[j], origin,
					sizeof(origin));
			ts->cols[j].column = strdup(pl->rt.stmt.cols[j]);
			ts->cols[j].rule = strdup(pt->cols[j].rule_text);
			ts->cols[j].origin = strdup(origin);
			ts->cols[j].changed = pl->rt.changed[j];
			if (!ts->cols[j].column || !ts->cols[j].rule ||
			    !ts->cols[j].origin)
				return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		}
	}
	return 0;
}

static int collect_tally(struct run *r, struct pgs_error *err);

/* Whether the output is the input: nothing rewritten, truncated, filtered
 * or dropped, no statistics scrubbed, the same compression. */
static int unchanged(struct run *r)
{
	size_t i;

	if (r->opt->recompress && (r->opt->compression != r->in_alg ||
				   r->opt->level != PGS_COMPRESS_DEFAULT_LEVEL))
		return 0;
	for (i = 0; i < r->a.ntoc; i++) {
		if (r->plans[i].action != ACT_NONE && r->plans[i].action != ACT_COPY)
			return 0;
		if (str_eq(&r->a.toc[i].desc, "STATISTICS DATA") &&
		    pgs_subset_entry_stats(r->subset, &r->resolved, i) !=
		    PGS_PLAN_STATS_KEEP)
			return 0;
	}
	return 1;
}

/* The input's bytes as they are (compressed data stays compressed). */
static int copy_input(struct run *r, struct pgs_error *err)
{
	const unsigned char *p;
	size_t avail, i;

	for (;;) {
		if (pgs_input_peek(r->in, &p, &avail, err))
			return -1;
		if (avail == 0)
			break;
		if (pgs_output_write(r->out, p, avail, err))
			return -1;
		pgs_input_skip(r->in, avail);
		progress(r, SIZE_MAX);
	}
	for (i = 0; i < r->a.ntoc; i++)
		r->tally->blocks_copied += str_eq(&r->a.toc[i].desc, "TABLE DATA") ||
					   str_eq(&r->a.toc[i].desc, "BLOBS");
	if (pgs_output_flush(r->out, err))
		return -1;
	r->tally->bytes_in = pgs_input_tell(r->in);
	r->tally->bytes_out = r->out->pos;
	return collect_tally(r, err);
}

/* The output's encoder: a pool of -j threads (compress_pool.h: gzip and
 * lz4 in blocks, zstd with its own workers; the same bytes for any -j),
 * whose stream is the whole script.  From here on the output is the
 * pool's: this thread writes through it only. */
static int start_pool(struct run *r, struct pgs_error *err)
{
	if (pgs_compress_pool_new_in(&r->pool, r->out_alg, r->out_level,
				     PGS_CONTAINER_FILE,
				     pgs_pipeline_jobs(r->opt), r->rw.rows.max,
				     err))
		return -1;
	if (r->opt->test_fail_block)
		pgs_compress_pool_fail_at(r->pool, r->opt->test_fail_block);
	return pgs_compress_pool_begin(r->pool, out_sink, r, err);
}

/* The script ended with its encoder: flush the compressed file's end. */
static int finish_output(struct run *r, struct pgs_error *err)
{
	if (r->pool && pgs_compress_pool_end(r->pool, err))
		return -1;
	return pgs_output_flush(r->out, err);
}

/*
 * The script is read twice (and tables again for row filters): the plan of
 * the first reading must fit the bytes of the second.  A file rewritten in
 * place in between (the next night's pg_dump into the same name) would not:
 * its size, times or inode differ, and the run stops before its output is
 * committed.  (A spooled pipe is pgscrub's own unlinked file.)
 */
static int input_unchanged(const struct run *r, struct pgs_error *err)
{
	struct stat now;

	if (fstat(r->in->fd, &now) != 0)
		return pgs_error_set(err, PGS_EIO, "cannot stat %s", r->in->name);
	if (now.st_size == r->in_st.st_size && now.st_ino == r->in_st.st_ino &&
	    now.st_dev == r->in_st.st_dev &&
	    now.st_mtim.tv_sec == r->in_st.st_mtim.tv_sec &&
	    now.st_mtim.tv_nsec == r->in_st.st_mtim.tv_nsec &&
	    now.st_ctim.tv_sec == r->in_st.st_ctim.tv_sec &&
	    now.st_ctim.tv_nsec == r->in_st.st_ctim.tv_nsec)
		return 0;
	pgs_error_set(err, PGS_EINPUT, "%s changed while pgscrub read it (a "
		      "script is read twice)", r->in->name);
	return pgs_error_hint(err, "run pgscrub on a script that nothing "
			      "writes meanwhile (a finished dump, or a copy)");
}

static int run(struct run *r, struct pgs_error *err)
{
	struct pgs_plain_scanner sc;
	struct stat sb;
	int rc;

	/* A pipe is kept as it came: the script is read twice. */
	if (!r->in->seekable &&
	    pgs_input_spool(r->in, r->opt->tmpdir, err))
		return -1;
	if (fstat(r->in->fd, &sb) != 0)
		return pgs_error_set(err, PGS_EIO, "cannot stat %s", r->in->name);
	r->in_st = sb;
	if (S_ISREG(sb.st_mode))
		r->in_size = (uint64_t)sb.st_size;
	if (pgs_plain_read_toc(&r->a, &r->in_alg, r->in, note_rows, r, err))
		return -1;
	if (r->a.encoding[0] && pgs_anon_encoding_hides_ascii(r->a.encoding)) {
		pgs_error_set(err, PGS_EINPUT, "the script is in encoding %s, "
			      "whose characters can hide ASCII bytes such as "
			      "quotes and backslashes", r->a.encoding);
		return pgs_error_hint(err, "dump it again in UTF-8 (pg_dump -E "
				      "UTF8)");
	}
	if (pgs_schema_from_archive(&r->schema, &r->a, err) ||
	    (r->opt->schema && pgs_schema_adopt(&r->schema, r->opt->schema,
						r->opt->schema_name, err)) ||
	    plan_all(r, err))
		return -1;
	r->out_alg = r->opt->recompress ? r->opt->compression : r->in_alg;
	r->out_level = r->opt->recompress ? r->opt->level :
		       PGS_COMPRESS_DEFAULT_LEVEL;
	if ((r->in_alg != PGS_COMPRESS_NONE &&
	     pgs_decoder_new_in(&r->dec, r->in_alg, PGS_CONTAINER_FILE, err)) ||
	    (r->out_alg != PGS_COMPRESS_NONE && start_pool(r, err)))
		return -1;
	if (pgs_subset_needs_collect(r->subset)) {
		if (pgs_subset_collect(r->subset, subset_read, r, err))
			return -1;
		r->tally->subset_read_first = 1;
	}
	/* Only now, with the rules known to fit, does output begin. */
	if (input_unchanged(r, err) || pgs_input_seek(r->in, 0, err))
		return -1;
	if (unchanged(r))
		return copy_input(r, err) || input_unchanged(r, err) ? -1 : 0;
	pgs_plain_scanner_init(&sc, &r->a, 0, unit_out, r);
	rc = pgs_plain_scan(&sc, r->in, r->in_alg, r->dec, err);
	pgs_plain_scanner_release(&sc);
	if (rc == 0 && r->held_dashes)
		rc = emit(r, "--\n", 3, err);
	if (rc || finish_output(r, err) || input_unchanged(r, err))
		return -1;
	r->tally->bytes_in = pgs_input_tell(r->in);
	r->tally->bytes_out = r->out->pos;
	return collect_tally(r, err);
}

int pgs_pipeline_plain_scrub(const struct pgs_options *opt,
			     struct pgs_input *in, struct pgs_output *out,
			     struct pgs_tally *tally, struct pgs_error *err)
{
	struct run r;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(tally, 0, sizeof(*tally));
	tally->script = 1;
	r.opt = opt;
	r.tally = tally;
	r.in = in;
	r.out = out;
	r.body = SIZE_MAX;
	pgs_archive_init(&r.a);
	pgs_schema_init(&r.schema);
	pgs_plan_init(&r.resolved);
	pgs_rewriter_init(&r.rw);
	pgs_buf_init(&r.scratch, PGS_PLAIN_MAX_UNIT);
	r.rw.rules_path = opt->rules->path ? opt->rules->path : "rules";
	r.rw.out.submit = rows_submit;
	r.rw.out.write = rows_write;
	r.rw.out.ctx = &r;
	rc = run(&r, err);
	if (r.plans) {
		for (i = 0; i < r.a.ntoc; i++)
			pgs_rewrite_table_release(&r.plans[i].rt);
		free(r.plans);
	}
	free(r.rows_at);
	pgs_buf_release(&r.scratch);
	pgs_rewriter_release(&r.rw);
	pgs_decoder_free(r.dec);
	/* Its threads are joined before the output is committed or
	 * removed. */
	pgs_compress_pool_free(r.pool);
	pgs_subset_free(r.subset);
	pgs_plan_release(&r.resolved);
	pgs_schema_release(&r.schema);
	pgs_archive_release(&r.a);
	return rc;
}

int pgs_pipeline_plain_detect(int *is_plain, struct pgs_input *in,
			      struct pgs_error *err)
{
	enum pgs_plain_detect kind;
	enum pgs_compression alg;

	if (pgs_plain_detect(&kind, &alg, in, err))
		return -1;
	*is_plain = kind != PGS_DETECT_OTHER;
	return 0;
}

int pgs_pipeline_plain_refuse_format(struct pgs_error *err)
{
	pgs_error_set(err, PGS_EUSAGE, "--format converts between custom, "
		      "directory and tar archives, and the input is a plain SQL "
		      "script (pg_dump -Fp): pgscrub writes a script as a script");
	return pgs_error_hint(err, "leave out --format; for an archive, dump "
			      "with pg_dump -Fc, -Fd or -Ft");
}

/* The first decoded bytes of a compressed input: enough to tell a script
 * from a compressed archive.  Full, it stops the decoder. */
struct plain_head {
	unsigned char b[16];
	size_t n;
};

static int head_sink(void *ctx, const void *p, size_t n,
		     struct pgs_error *err)
{
	struct plain_head *h = ctx;
	size_t k = sizeof(h->b) - h->n;

	if (k > n)
		k = n;
	memcpy(h->b + h->n, p, k);
	h->n += k;
	return h->n == sizeof(h->b) ?
	       pgs_error_set(err, PGS_EINTERNAL, "head read") : 0;
}

int pgs_pipeline_plain_refuse_format_in(struct pgs_input *in,
					struct pgs_error *err)
{
	enum pgs_plain_detect kind;
	enum pgs_compression alg;
	struct pgs_decoder *dec = NULL;
	struct plain_head h;
	struct pgs_error e;
	const unsigned char *p;
	size_t avail;

	if (pgs_plain_detect(&kind, &alg, in, err))
		return -1;
	if (kind == PGS_DETECT_COMPRESSED) {
		memset(&h, 0, sizeof(h));
		pgs_error_init(&e);
		if (pgs_input_peek(in, &p, &avail, err) ||
		    pgs_decoder_new_in(&dec, alg, PGS_CONTAINER_FILE, err))
			return -1;
		/* Only the head matters: the decoder's own errors (a stream
		 * cut by the peek) are not this input's. */
		(void)pgs_decoder_feed(dec, p, avail, head_sink, &h, &e);
		pgs_decoder_free(dec);
		if (h.n && pgs_plain_head_check(h.b, h.n, err))
			return -1;
	}
	return pgs_pipeline_plain_refuse_format(err);
}
