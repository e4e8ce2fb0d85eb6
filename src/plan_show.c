/*
 * plan_show.c — pgscrub plan and --dry-run (plan_show.h): the run's
 * decisions for an archive, read from its header and TOC, as text or JSON.
 *
 * The steps are those of pipeline.c's run() up to its first output byte —
 * header, TOC, schema (adopting --schema/--dbname), the output's
 * compression (pgs_plan_codec), the resolver's plan (pgs_plan_build), the
 * row filters (pgs_subset_build), the statistics decisions
 * (pgs_subset_entry_stats) — each asked of the same function the run
 * asks, and then the block paths (pgs_plan_entry_path).  What the run
 * learns only from the data (rows per table, values changed) is estimated
 * from the TOC: a block's compressed size is the distance to the next
 * block's offset (pg_dump writes them when its output is seekable), and
 * pg_dump 18's pg_restore_relation_stats() gives reltuples.
 */
#include "pgscrub/plan_show.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pgscrub/archive.h"
#include "pgscrub/archive_tar.h"
#include "pgscrub/archive_plain.h"
#include "pgscrub/ident.h"
#include "pgscrub/json.h"
#include "pgscrub/pipeline_plain.h"
#include "pgscrub/plan.h"
#include "pgscrub/statistics.h"
#include "pgscrub/subset.h"

struct table_stats {
	unsigned kept, scrubbed, dropped, values;
};

struct pgs_plan_show {
	const struct pgs_plan_show_options *opt;
	struct pgs_archive a;
	struct pgs_schema s;
	struct pgs_plan p;
	struct pgs_subset *sub;
	struct pgs_plan_codec codec;
	struct pgs_error problem;
	int has_problem;
	int tar;                    /* a tar archive (pg_dump -Ft) */
	int planned;                /* the resolver planned everything */
	int stats_planned;          /* and the statistics and row filters */
	int64_t *bytes;             /* per TOC entry: compressed block size,
				       -1 when the TOC does not tell */
	double *rows;               /* per TOC entry (TABLE DATA): reltuples */
	unsigned char *has_rows;
	unsigned *stats_values;     /* per STATISTICS DATA entry: value lists
				       the run removes */
	struct table_stats *tstats; /* per plan table: its statistics entries
				       (its own and its indexes') */
};

static int nomem(struct pgs_error *err)
{
	return pgs_error_set(err, PGS_ENOMEM, "out of memory");
}

/* The output is a directory archive: the input is one and --format does
 * not say custom, or --format says directory. */
static int out_is_dir(const struct pgs_plan_show_options *opt)
{
	return opt->out_format == PGS_PLAN_OUT_DIRECTORY ||
	       (opt->toc_dat && opt->out_format == PGS_PLAN_OUT_SAME);
}

/* The output is a tar archive: the input is one and --format does not say
 * otherwise, or --format says tar. */
static int out_is_tar(const struct pgs_plan_show *v)
{
	return v->opt->out_format == PGS_PLAN_OUT_TAR ||
	       (v->tar && v->opt->out_format == PGS_PLAN_OUT_SAME);
}

/* --format names the other archive format than the input's (pgs_plan_codec's
 * container_changes). */
static int converts(const struct pgs_plan_show_options *opt)
{
	return opt->toc_dat ? opt->out_format == PGS_PLAN_OUT_CUSTOM
			    : opt->out_format == PGS_PLAN_OUT_DIRECTORY;
}

static int str_eq(const struct pgs_str *s, const char *lit)
{
	return s->p && strcmp(s->p, lit) == 0;
}

/* ---- building ------------------------------------------------------------- */

/* Compressed block sizes from the data offsets: each block ends where the
 * next one (by offset) starts, the last at the end of the file. */
struct pos {
	uint64_t off;
	size_t idx;
};

static int pos_cmp(const void *x, const void *y)
{
	const struct pos *a = x, *b = y;

	return a->off < b->off ? -1 : a->off > b->off;
}

static int block_sizes(struct pgs_plan_show *v, struct pgs_input *in,
		       struct pgs_error *err)
{
	struct pos *ps;
	struct stat sb;
	uint64_t end = 0;
	size_t i, n = 0;

	for (i = 0; i < v->a.ntoc; i++)
		v->bytes[i] = -1;
	if (in->seekable && fstat(in->fd, &sb) == 0 && sb.st_size > 0)
		end = in->base + (uint64_t)sb.st_size;
	ps = calloc(v->a.ntoc + 1, sizeof(*ps));
	if (!ps)
		return nomem(err);
	for (i = 0; i < v->a.ntoc; i++)
		if (v->a.toc[i].offset_flag == K_OFFSET_POS_SET)
			ps[n++] = (struct pos){ v->a.toc[i].offset, i };
	qsort(ps, n, sizeof(*ps), pos_cmp);
	for (i = 0; i < n; i++) {
		uint64_t next = i + 1 < n ? ps[i + 1].off : end;

		if (next > ps[i].off && next - ps[i].off <= INT64_MAX)
			v->bytes[ps[i].idx] = (int64_t)(next - ps[i].off);
	}
	free(ps);
	return 0;
}

/* A TABLE DATA entry by name, for row_estimates(). */
struct named {
	const char *ns, *tag;
	size_t idx;
};

static int named_cmp(const struct named *a, const char *ns, const char *tag)
{
	int c = strcmp(a->ns, ns);

	return c ? c : strcmp(a->tag, tag);
}

static int by_name(const void *x, const void *y)
{
	const struct named *b = y;

	return named_cmp(x, b->ns, b->tag);
}

/* reltuples of each TABLE DATA entry, from the STATISTICS DATA entry of
 * the same table (pg_dump 18 --statistics), found by name in a sorted
 * index (a TOC may list a great many tables). */
static int row_estimates(struct pgs_plan_show *v, struct pgs_error *err)
{
	struct named *byname;
	size_t n = 0, i;
	int rc = 0;

	byname = calloc(v->a.ntoc + 1, sizeof(*byname));
	if (!byname)
		return nomem(err);
	for (i = 0; i < v->a.ntoc; i++) {
		const struct pgs_toc_entry *te = &v->a.toc[i];

		if (str_eq(&te->desc, "TABLE DATA"))
			byname[n++] = (struct named){
				te->namespace_.p ? te->namespace_.p : "",
				te->tag.p ? te->tag.p : "", i };
	}
	qsort(byname, n, sizeof(*byname), by_name);
	for (i = 0; rc == 0 && i < v->a.ntoc; i++) {
		const struct pgs_toc_entry *st = &v->a.toc[i];
		const char *ns = st->namespace_.p ? st->namespace_.p : "";
		const char *tag = st->tag.p ? st->tag.p : "";
		size_t lo = 0, hi = n;
		double rows;
		int found;

		if (!str_eq(&st->desc, "STATISTICS DATA") || !st->defn.p)
			continue;
		found = pgs_statistics_reltuples(&rows, st->defn.p, st->defn.len,
						 v->a.std_strings != 0, err);
		if (found < 0) {
			char label[320];

			pgs_plan_entry_label(st, label, sizeof(label));
			rc = pgs_error_where(err, "%s", label);
			break;
		}
		if (found == 0)
			continue;
		/* The first entry not before st's name, and those equal. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (named_cmp(&byname[mid], ns, tag) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < n && named_cmp(&byname[lo], ns, tag) == 0; lo++) {
			v->rows[byname[lo].idx] = rows;
			v->has_rows[byname[lo].idx] = 1;
		}
	}
	free(byname);
	return rc;
}

struct stats_ctx {
	const struct pgs_plan *plan;
	size_t idx;
};

static int stats_scrub_column(void *ctx, const char *attname)
{
	const struct stats_ctx *c = ctx;

	return pgs_plan_stats_scrub_column(c->plan, c->idx, attname);
}

/* The value lists the run removes from each scrubbed statistics entry:
 * the run's scrubber, on the TOC's text, into a scratch buffer. */
static int count_stats_values(struct pgs_plan_show *v, struct pgs_error *err)
{
	struct pgs_buf scratch;
	size_t i;
	int rc = 0;

	pgs_buf_init(&scratch, PGS_MAX_TOC_STRING);
	for (i = 0; rc == 0 && i < v->a.ntoc; i++) {
		const struct pgs_toc_entry *te = &v->a.toc[i];
		struct stats_ctx ctx = { &v->p, i };

		if (!str_eq(&te->desc, "STATISTICS DATA") ||
		    pgs_subset_entry_stats(v->sub, &v->p, i) != PGS_PLAN_STATS_SCRUB)
			continue;
		pgs_buf_reset(&scratch);
		if (pgs_statistics_scrub(&scratch, te->defn.p, te->defn.len,
					 v->a.std_strings != 0, stats_scrub_column,
					 &ctx, &v->stats_values[i], err)) {
			char label[320];

			pgs_plan_entry_label(te, label, sizeof(label));
			rc = pgs_error_where(err, "%s", label);
		}
	}
	pgs_buf_release(&scratch);
	if (rc)
		return rc;
	/* Per table, once: a TOC may list a great many. */
	v->tstats = calloc(v->p.ntables + 1, sizeof(*v->tstats));
	if (!v->tstats)
		return nomem(err);
	for (i = 0; i < v->a.ntoc; i++) {
		long ti = v->p.entry_stats_table[i];
		struct table_stats *ts;

		if (!str_eq(&v->a.toc[i].desc, "STATISTICS DATA") || ti < 0 ||
		    (size_t)ti >= v->p.ntables)
			continue;
		ts = &v->tstats[ti];
		switch (pgs_subset_entry_stats(v->sub, &v->p, i)) {
		case PGS_PLAN_STATS_KEEP:
			ts->kept++;
			break;
		case PGS_PLAN_STATS_DROP:
			ts->dropped++;
			break;
		case PGS_PLAN_STATS_SCRUB:
			ts->scrubbed++;
			ts->values += v->stats_values[i];
			break;
		}
	}
	return 0;
}

/* A problem the run would stop on: kept for the plan to show. */
static void keep_problem(struct pgs_plan_show *v, const struct pgs_error *e)
{
	v->problem = *e;
	v->has_problem = 1;
}

int pgs_plan_show_build(struct pgs_plan_show **out, struct pgs_input *in,
			const struct pgs_plan_show_options *opt,
			struct pgs_error *err)
{
	struct pgs_plan_show *v = calloc(1, sizeof(*v));
	struct pgs_plan_options po;
	struct pgs_error e;
	enum pgs_plain_detect kind;
	enum pgs_compression alg;
	struct pgs_tar_reader trd;

	*out = NULL;
	if (!v)
		return nomem(err);
	v->opt = opt;
	pgs_archive_init(&v->a);
	pgs_schema_init(&v->s);
	pgs_plan_init(&v->p);
	pgs_error_init(&v->problem);
	v->a.accept_toc_dat = opt->toc_dat;
	if (pgs_plain_detect(&kind, &alg, in, err) ||
	    (kind != PGS_DETECT_OTHER && opt->out_format != PGS_PLAN_OUT_SAME &&
	     pgs_pipeline_plain_refuse_format(err)) ||
	    (kind == PGS_DETECT_OTHER && !opt->toc_dat &&
	     pgs_tar_detect_input(&v->tar, in, err)))
		goto fail;
	pgs_tar_reader_init(&trd, in);
	/* A plain script (pg_dump -Fp): its TOC from its entries; its data
	 * has no offsets, so no sizes are shown.  A tar archive (pg_dump
	 * -Ft): its toc.dat member, no offsets either. */
	if (kind != PGS_DETECT_OTHER ?
	    pgs_plain_read_toc(&v->a, &alg, in, NULL, NULL, err) :
	    v->tar ? pgs_tar_read_toc(&trd, &v->a, err) :
	    pgs_archive_read_header(&v->a, in, err) ||
	    pgs_archive_read_toc(&v->a, in, err))
		goto fail;
	if (pgs_schema_from_archive(&v->s, &v->a, err) ||
	    (opt->schema && pgs_schema_adopt(&v->s, opt->schema,
					     opt->schema_name, err)) ||
	    pgs_plan_codec(&v->codec, &v->a.hdr, opt->recompress,
			   opt->compression, opt->level,
			   kind == PGS_DETECT_OTHER && converts(opt), err))
		goto fail;
	/* A tar's members are never compressed: --format tar decodes
	 * everything (pgs_pipeline_convert_to_tar). */
	if (opt->out_format == PGS_PLAN_OUT_TAR && !v->tar) {
		v->codec.alg = PGS_COMPRESS_NONE;
		v->codec.level = PGS_COMPRESS_DEFAULT_LEVEL;
		v->codec.recompress_all = 1;
	}
	v->bytes = calloc(v->a.ntoc + 1, sizeof(*v->bytes));
	v->rows = calloc(v->a.ntoc + 1, sizeof(*v->rows));
	v->has_rows = calloc(v->a.ntoc + 1, 1);
	v->stats_values = calloc(v->a.ntoc + 1, sizeof(*v->stats_values));
	if (!v->bytes || !v->rows || !v->has_rows || !v->stats_values) {
		nomem(err);
		goto fail;
	}
	if (block_sizes(v, in, err) || row_estimates(v, err))
		goto fail;

	pgs_plan_run_options(&po, &v->a, opt->master_key);
	pgs_error_init(&e);
	if (pgs_plan_build(&v->p, &v->s, opt->rules, &po, &e)) {
		if (e.code != PGS_ECOVERAGE) {
			*err = e;
			goto fail;
		}
		keep_problem(v, &e);
		*out = v;
		return 0;
	}
	v->planned = 1;
	if (pgs_subset_build(&v->sub, &v->p, opt->master_key, &e)) {
		if (e.code != PGS_ECOVERAGE) {
			*err = e;
			goto fail;
		}
		keep_problem(v, &e);
		*out = v;
		return 0;
	}
	if (count_stats_values(v, err))
		goto fail;
	v->stats_planned = 1;
	*out = v;
	return 0;
fail:
	pgs_plan_show_free(v);
	return -1;
}

const struct pgs_error *pgs_plan_show_problem(const struct pgs_plan_show *v)
{
	return v->has_problem ? &v->problem : NULL;
}

void pgs_plan_show_free(struct pgs_plan_show *v)
{
	if (!v)
		return;
	pgs_subset_free(v->sub);
	pgs_plan_release(&v->p);
	pgs_schema_release(&v->s);
	pgs_archive_release(&v->a);
	free(v->bytes);
	free(v->rows);
	free(v->has_rows);
	free(v->stats_values);
	free(v->tstats);
	free(v);
}

/* ---- what both formats say ------------------------------------------------ */

/* The path of data entry idx; PGS_PATH_NONE when the plan stopped before
 * it. */
static enum pgs_plan_path path_of(const struct pgs_plan_show *v, size_t idx)
{
	if (!v->p.entry_action || v->p.entry_action[idx] == PGS_PLAN_NONE)
		return PGS_PATH_NONE;
	return pgs_plan_entry_path(&v->p, idx, v->codec.recompress_all,
				   pgs_subset_affects(v->sub, idx));
}

static const char *path_word(enum pgs_plan_path path)
{
	switch (path) {
	case PGS_PATH_COPY:
		return "copy";
	case PGS_PATH_RECOMPRESS:
		return "recompress";
	case PGS_PATH_REWRITE:
		return "rewrite";
	case PGS_PATH_FILTER:
		return "filter";
	case PGS_PATH_TRUNCATE:
		return "truncate";
	case PGS_PATH_DROP:
		return "drop";
	default:
		return "not planned";
	}
}

struct totals {
	unsigned n[PGS_PATH_DROP + 1];  /* tables per path */
	uint64_t data, decompress;      /* bytes */
	int data_unknown, decompress_unknown;
	unsigned stats_entries, stats_kept, stats_scrubbed, stats_dropped;
	unsigned stats_values;
	unsigned lo_blocks;
	int lo_unknown;                 /* not planned */
};

static int is_table_data(const struct pgs_plan_show *v, size_t i)
{
	return str_eq(&v->a.toc[i].desc, "TABLE DATA") &&
	       v->a.toc[i].offset_flag != K_OFFSET_NO_DATA;
}

static void count(const struct pgs_plan_show *v, struct totals *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < v->a.ntoc; i++) {
		const struct pgs_toc_entry *te = &v->a.toc[i];
		enum pgs_plan_path path;

		if (str_eq(&te->desc, "STATISTICS DATA")) {
			t->stats_entries++;
			if (!v->stats_planned)
				continue;
			switch (pgs_subset_entry_stats(v->sub, &v->p, i)) {
			case PGS_PLAN_STATS_KEEP:
				t->stats_kept++;
				break;
			case PGS_PLAN_STATS_DROP:
				t->stats_dropped++;
				break;
			case PGS_PLAN_STATS_SCRUB:
				t->stats_scrubbed++;
				t->stats_values += v->stats_values[i];
				break;
			}
			continue;
		}
		if (te->offset_flag == K_OFFSET_NO_DATA)
			continue;
		path = path_of(v, i);
		if (str_eq(&te->desc, "BLOBS")) {
			t->lo_blocks++;
			t->lo_unknown |= path == PGS_PATH_NONE;
		} else {
			t->n[path]++;
		}
		if (v->bytes[i] < 0)
			t->data_unknown = 1;
		else
			t->data += (uint64_t)v->bytes[i];
		/* Decoded: recompressed, rewritten, filtered; a truncated or
		 * dropped block is skipped, a copied one passes compressed. */
		if (path == PGS_PATH_RECOMPRESS || path == PGS_PATH_REWRITE ||
		    path == PGS_PATH_FILTER) {
			if (v->bytes[i] < 0)
				t->decompress_unknown = 1;
			else
				t->decompress += (uint64_t)v->bytes[i];
		}
	}
}

/* What becomes of large objects: "none", "kept", "recompressed",
 * "dropped" (as the report says), or "not planned". */
static const char *lo_word(const struct pgs_plan_show *v, const struct totals *t)
{
	if (!t->lo_blocks)
		return "none";
	if (t->lo_unknown)
		return "not planned";
	if (v->opt->rules->large_objects == PGS_LO_DROP)
		return "dropped";
	return v->codec.recompress_all ? "recompressed" : "kept";
}

static const char *name_or_stdin(const char *path, const char *std)
{
	return path && strcmp(path, "-") != 0 ? path : std;
}

static const char *rules_path(const struct pgs_plan_show *v)
{
	return v->opt->rules->path ? v->opt->rules->path : "rules";
}

/* The plan table of data entry i, or NULL. */
static const struct pgs_plan_table *table_of(const struct pgs_plan_show *v,
					     size_t i)
{
	return v->p.entry_table && v->p.entry_table[i] >= 0 ?
	       &v->p.tables[v->p.entry_table[i]] : NULL;
}

/* The statistics entries of data entry i's table (its own and its
 * indexes'), as the run decides them; 0 when there are none or they are
 * not planned. */
static unsigned stats_of(const struct pgs_plan_show *v, size_t i,
			 struct table_stats *ts)
{
	memset(ts, 0, sizeof(*ts));
	if (!v->tstats || !v->p.entry_table || v->p.entry_table[i] < 0)
		return 0;
	*ts = v->tstats[v->p.entry_table[i]];
	return ts->kept + ts->scrubbed + ts->dropped;
}

/* Whether a where of pt's chain applies to it. */
static int has_where(const struct pgs_plan_table *pt)
{
	size_t k;

	for (k = 0; k < pt->nchain; k++)
		if (pt->chain[k].rules && pt->chain[k].rules->where)
			return 1;
	return 0;
}

/* "truncate = public.sessions, rules.ini:3" (the entry that applies). */
/*
 * An identifier as the plan shows it: quoted as SQL would (pgs_ident_quote),
 * with control characters (a newline in a name) as \xHH so that a name
 * stays on its line and cannot pass for another line of the plan.
 */
static int put_ident(struct pgs_buf *b, const char *id, struct pgs_error *err)
{
	size_t at = b->len, i, n;
	char *q;

	if (pgs_ident_quote(b, id ? id : "", err))
		return -1;
	n = b->len - at;
	for (i = 0; i < n; i++)
		if ((unsigned char)b->data[at + i] < 0x20)
			break;
	if (i == n)
		return 0;
	q = malloc(n + 1);
	if (!q)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	memcpy(q, b->data + at, n);
	b->len = at;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)q[i];

		if (c < 0x20 ? pgs_buf_addf(b, err, "\\x%02x", c) :
			       pgs_buf_addc(b, (char)c, err)) {
			free(q);
			return -1;
		}
	}
	free(q);
	return 0;
}

static int truncate_origin(struct pgs_buf *b, const struct pgs_plan_show *v,
			   const struct pgs_plan_table *pt,
			   struct pgs_error *err)
{
	const struct pgs_qualname *q = pt->truncate_entry;

	if (!q)
		return pgs_buf_adds(b, "truncate", err);
	if (pgs_buf_adds(b, pt->truncated == PGS_PLAN_TRUNCATE_PARENT ?
			 "an ancestor is truncated: truncate = " : "truncate = ",
			 err) ||
	    put_ident(b, q->schema, err) || pgs_buf_addc(b, '.', err) ||
	    put_ident(b, q->table, err))
		return -1;
	return pgs_buf_addf(b, err, ", %s:%d", rules_path(v),
		    v->opt->rules->truncate_line);
}

static int put_qualified(struct pgs_buf *b, const char *schema,
			 const char *name, struct pgs_error *err)
{
	return put_ident(b, schema, err) || pgs_buf_addc(b, '.', err) ||
	       put_ident(b, name, err) ? -1 : 0;
}

static const char *compression_text(char *buf, size_t size,
				    enum pgs_compression alg, int level)
{
	if (level == PGS_COMPRESS_DEFAULT_LEVEL || alg == PGS_COMPRESS_NONE)
		snprintf(buf, size, "%s", pgs_compression_name(alg));
	else
		snprintf(buf, size, "%s level %d", pgs_compression_name(alg),
			 level);
	return buf;
}

/* ---- text ----------------------------------------------------------------- */

static int text_bytes(struct pgs_buf *out, int64_t n, struct pgs_error *err)
{
	return n < 0 ? pgs_buf_adds(out, "size unknown", err)
		     : pgs_buf_addf(out, err, "%" PRId64 " bytes", n);
}

static int text_table(struct pgs_buf *out, const struct pgs_plan_show *v,
		      size_t i, struct pgs_error *err)
{
	const struct pgs_toc_entry *te = &v->a.toc[i];
	const struct pgs_plan_table *pt = table_of(v, i);
	enum pgs_plan_path path = path_of(v, i);
	size_t k, kept = 0, uncovered = 0;
	struct table_stats tst;
	char origin[600];

	if (pgs_buf_adds(out, "  ", err) ||
	    put_qualified(out, te->namespace_.p, te->tag.p, err) ||
	    pgs_buf_addf(out, err, ": %s", path_word(path)))
		return -1;
	if (path == PGS_PATH_COPY &&
	    pgs_buf_adds(out, " (byte for byte)", err))
		return -1;
	if (pgs_buf_adds(out, ", ", err) || text_bytes(out, v->bytes[i], err))
		return -1;
	if (v->has_rows[i] &&
	    pgs_buf_addf(out, err, ", about %.0f row%s", v->rows[i],
		 v->rows[i] == 1 ? "" : "s"))
		return -1;
	if (stats_of(v, i, &tst)) {
		const char *sep = "; statistics:";

		if (tst.kept && pgs_buf_addf(out, err, "%s %u kept", sep, tst.kept))
			return -1;
		sep = tst.kept ? "," : sep;
		if (tst.scrubbed &&
		    pgs_buf_addf(out, err, "%s %u scrubbed (%u value list%s removed)", sep,
			 tst.scrubbed, tst.values, tst.values == 1 ? "" : "s"))
			return -1;
		sep = tst.kept || tst.scrubbed ? "," : sep;
		if (tst.dropped && pgs_buf_addf(out, err, "%s %u dropped", sep, tst.dropped))
			return -1;
	}
	if (path == PGS_PATH_TRUNCATE && pt) {
		if (pgs_buf_adds(out, " (", err) ||
		    truncate_origin(out, v, pt, err) || pgs_buf_addc(out, ')', err))
			return -1;
	}
	if (pgs_buf_addc(out, '\n', err))
		return -1;
	if (!pt || path == PGS_PATH_TRUNCATE || path == PGS_PATH_NONE)
		return 0;
	if (pt->inserts &&
	    pgs_buf_adds(out, "      INSERT statements (pg_dump --inserts), "
			 "not rewritten\n", err))
		return -1;
	/* The row filters: its own where, and the keys it loses rows by. */
	if (path == PGS_PATH_FILTER) {
		for (k = 0; k < pt->nchain; k++) {
			const struct pgs_table_rules *tr = pt->chain[k].rules;
			char sec[300];

			if (!tr || !tr->where)
				continue;
			pgs_rules_section_name(tr, sec, sizeof(sec));
			if (pgs_buf_adds(out, "      where ", err) ||
			    pgs_buf_add(out, tr->where, tr->where_len, err) ||
			    pgs_buf_addf(out, err, "  ([%s], %s:%d)\n", sec, rules_path(v),
				 tr->where_line))
				return -1;
		}
		for (k = 0;; k++) {
			const struct pgs_fkey *via;
			long to;
			int own, set_null;

			if (!pgs_subset_why(v->sub, i, k, &own, &via, &to,
					    &set_null))
				break;
			if (pgs_buf_adds(out, set_null ? "      references set "
					 "to NULL when rows of " : "      cascade from ",
					 err) ||
			    put_qualified(out, v->s.tables[to].schema,
					  v->s.tables[to].name, err) ||
			    pgs_buf_adds(out, set_null ? " go, via " : " via ", err) ||
			    put_ident(out, via->name, err) ||
			    pgs_buf_addc(out, '\n', err))
				return -1;
		}
	}
	for (k = 0; k < pt->ncols; k++) {
		const struct pgs_plan_column *pc = &pt->cols[k];

		if (pc->source == PGS_PLAN_UNCOVERED) {
			uncovered++;
			if (pgs_buf_adds(out, "      ", err) ||
			    put_ident(out, pc->name, err) ||
			    pgs_buf_adds(out, ": no rule\n", err))
				return -1;
			continue;
		}
		if (!pc->rewrite) {
			kept++;
			continue;
		}
		pgs_plan_origin(&v->p, pt, pc, origin, sizeof(origin));
		if (pgs_buf_adds(out, "      ", err) ||
		    put_ident(out, pc->name, err) ||
		    pgs_buf_adds(out, " = ", err) ||
		    pgs_buf_adds(out, pc->rule_text ? pc->rule_text : "", err) ||
		    pgs_buf_addf(out, err, "  (%s)\n", origin))
			return -1;
	}
	if (kept && pt->ncols > kept + uncovered &&
	    pgs_buf_addf(out, err, "      %zu other column%s kept\n", kept,
		 kept == 1 ? "" : "s"))
		return -1;
	return 0;
}

int pgs_plan_show_text(struct pgs_buf *out, const struct pgs_plan_show *v,
		       struct pgs_error *err)
{
	const struct pgs_plan_show_options *opt = v->opt;
	const struct pgs_archive_header *h = &v->a.hdr;
	struct totals t;
	char c1[64], c2[64];
	size_t i, ndata = 0, blocks = 0;
	int offsets = 0;

	count(v, &t);
	for (i = 0; i < v->a.ntoc; i++) {
		if (v->a.toc[i].offset_flag == K_OFFSET_POS_SET)
			offsets = 1;
		blocks += v->a.toc[i].offset_flag != K_OFFSET_NO_DATA;
	}
	if (pgs_buf_addf(out, err, "pgscrub plan: %s on %s\n", rules_path(v),
		 name_or_stdin(opt->input, "standard input")) ||
	    (h->format == 0 ?
	     pgs_buf_addf(out, err, "archive: pg_dump %s, plain SQL script, ",
		  h->pgdump_version.p ? h->pgdump_version.p : "?") :
	     pgs_buf_addf(out, err, "archive: pg_dump %s, format %u.%u, ",
		  h->pgdump_version.p ? h->pgdump_version.p : "?", h->vmaj,
		  h->vmin)) ||
	    pgs_buf_addf(out, err, "%s; %s\n",
		 compression_text(c1, sizeof(c1), h->compression,
				  h->version < K_VERS_1_15 && h->level > 0 ?
				  h->level : PGS_COMPRESS_DEFAULT_LEVEL),
		 !blocks ? "no data blocks" :
		 opt->toc_dat ? "a directory archive (pg_dump -Fd): one file "
		 "per table, sizes not shown" :
		 v->tar ? "a tar archive (pg_dump -Ft): one member per table, "
		 "sizes not shown" : offsets ? "data offsets in the TOC" :
		 h->format == 0 ? "block sizes unknown" :
		 "no data offsets (written through a pipe): block sizes unknown") ||
	    pgs_buf_addf(out, err, "output: %s%s, %s%s\n",
		 out_is_dir(opt) ? "directory " : out_is_tar(v) ? "tar " : "",
		 name_or_stdin(opt->output, out_is_dir(opt) ? "(needs -o OUTDIR)"
							 : "standard output"),
		 compression_text(c2, sizeof(c2), v->codec.alg, v->codec.level),
		 opt->out_format == PGS_PLAN_OUT_TAR && !v->tar ? " (--format "
		 "tar: tar members are never compressed, every block is "
		 "decoded)" :
		 v->codec.recompress_all && !opt->recompress ? " (--format: "
		 "gzip data is a zlib stream in a custom archive and a gzip "
		 "file in a directory one, so every block is decoded and "
		 "re-encoded)" :
		 v->codec.recompress_all ? " (--compress: every block is "
		 "decoded and re-encoded)" : opt->recompress ? " (--compress: "
		 "the input's method)" : " (the input's)"))
		return -1;
	if (pgs_buf_adds(out, "\ntables with data, in archive order:\n", err))
		return -1;
	for (i = 0; i < v->a.ntoc; i++) {
		if (!is_table_data(v, i))
			continue;
		ndata++;
		if (text_table(out, v, i, err))
			return -1;
	}
	if (!ndata && pgs_buf_adds(out, "  none\n", err))
		return -1;
	if (pgs_buf_addc(out, '\n', err))
		return -1;
	if (!t.stats_entries) {
		if (pgs_buf_adds(out, "statistics: none\n", err))
			return -1;
	} else if (!v->stats_planned) {
		if (pgs_buf_addf(out, err, "statistics: %u entr%s, not planned (the run "
			 "stops first)\n", t.stats_entries,
			 t.stats_entries == 1 ? "y" : "ies"))
			return -1;
	} else if (pgs_buf_addf(out, err, "statistics: %u entr%s: %u kept, %u scrubbed "
			"(%u value list%s removed), %u dropped (of truncated or "
			"filtered tables)\n", t.stats_entries,
			t.stats_entries == 1 ? "y" : "ies", t.stats_kept,
			t.stats_scrubbed, t.stats_values,
			t.stats_values == 1 ? "" : "s", t.stats_dropped)) {
		return -1;
	}
	if (!t.lo_blocks) {
		if (pgs_buf_adds(out, "large objects: none\n", err))
			return -1;
	} else if (pgs_buf_addf(out, err, "large objects: %u block%s, %s\n", t.lo_blocks,
			t.lo_blocks == 1 ? "" : "s", lo_word(v, &t))) {
		return -1;
	}
	if (v->stats_planned && pgs_subset_needs_collect(v->sub) &&
	    pgs_buf_adds(out, "row filters: the tables whose keys others need "
			 "are read before any output (from a pipe, the archive "
			 "is spooled to $TMPDIR first)\n", err))
		return -1;
	if (pgs_buf_addf(out, err, "totals: %u table%s copied, %u recompressed, %u "
		 "rewritten, %u filtered, %u truncated",
		 t.n[PGS_PATH_COPY], t.n[PGS_PATH_COPY] == 1 ? "" : "s",
		 t.n[PGS_PATH_RECOMPRESS], t.n[PGS_PATH_REWRITE],
		 t.n[PGS_PATH_FILTER], t.n[PGS_PATH_TRUNCATE]) ||
	    (t.n[PGS_PATH_NONE] &&
	     pgs_buf_addf(out, err, ", %u not planned", t.n[PGS_PATH_NONE])))
		return -1;
	if (t.decompress_unknown ? pgs_buf_adds(out, "; bytes to decompress "
						"unknown", err)
	    : pgs_buf_addf(out, err, "; %" PRIu64 " bytes to decompress", t.decompress))
		return -1;
	if (!t.data_unknown &&
	    pgs_buf_addf(out, err, " of %" PRIu64 " bytes of data", t.data))
		return -1;
	if (pgs_buf_addc(out, '\n', err))
		return -1;
	if (v->has_problem &&
	    (pgs_buf_adds(out, "\nthe run would stop before writing anything:\n"
			  "  ", err) ||
	     pgs_buf_adds(out, v->problem.msg, err) ||
	     pgs_buf_addc(out, '\n', err) ||
	     (v->problem.hint[0] &&
	      (pgs_buf_adds(out, "  hint: ", err) ||
	       pgs_buf_adds(out, v->problem.hint, err) ||
	       pgs_buf_addc(out, '\n', err))) ||
	     pgs_buf_adds(out, "  every problem: pgscrub check -r ", err) ||
	     pgs_buf_add_shell_word(out, rules_path(v), err) ||
	     pgs_buf_addc(out, ' ', err) ||
	     (opt->input && strcmp(opt->input, "-") != 0 ?
	      pgs_buf_add_shell_word(out, opt->input, err) :
	      pgs_buf_adds(out, "ARCHIVE", err)) ||
	     pgs_buf_addc(out, '\n', err)))
		return -1;
	return 0;
}

/* ---- JSON ----------------------------------------------------------------- */

static int json_kv(struct pgs_buf *out, const char *k, const char *val,
		   struct pgs_error *err)
{
	return pgs_json_string(out, k, err) || pgs_buf_addc(out, ':', err) ||
	       pgs_json_string(out, val, err) ? -1 : 0;
}

static int json_int_or_null(struct pgs_buf *out, int64_t n, int known,
			    struct pgs_error *err)
{
	return known ? pgs_buf_addf(out, err, "%" PRId64, n)
		     : pgs_buf_adds(out, "null", err);
}

static int json_table(struct pgs_buf *out, const struct pgs_plan_show *v,
		      size_t i, struct pgs_error *err)
{
	const struct pgs_toc_entry *te = &v->a.toc[i];
	const struct pgs_plan_table *pt = table_of(v, i);
	enum pgs_plan_path path = path_of(v, i);
	int listed = pt && path != PGS_PATH_TRUNCATE && path != PGS_PATH_NONE;
	size_t k, n = 0, kept = 0;
	struct table_stats tst;
	char origin[600];

	if (pgs_buf_addc(out, '{', err) ||
	    json_kv(out, "schema", te->namespace_.p ? te->namespace_.p : "", err) ||
	    pgs_buf_addc(out, ',', err) ||
	    json_kv(out, "name", te->tag.p ? te->tag.p : "", err) ||
	    pgs_buf_addc(out, ',', err) ||
	    json_kv(out, "action", path_word(path), err) ||
	    pgs_buf_adds(out, ",\"columns\":[", err))
		return -1;
	for (k = 0; listed && k < pt->ncols; k++) {
		const struct pgs_plan_column *pc = &pt->cols[k];

		if (pc->source != PGS_PLAN_UNCOVERED && !pc->rewrite) {
			kept++;
			continue;
		}
		pgs_plan_origin(&v->p, pt, pc, origin, sizeof(origin));
		if ((n++ && pgs_buf_addc(out, ',', err)) ||
		    pgs_buf_addc(out, '{', err) ||
		    json_kv(out, "name", pc->name, err) ||
		    pgs_buf_adds(out, ",\"rule\":", err) ||
		    pgs_json_string(out, pc->source == PGS_PLAN_UNCOVERED ? NULL :
				    pc->rule_text, err) ||
		    pgs_buf_addc(out, ',', err) ||
		    json_kv(out, "origin", origin, err) ||
		    pgs_buf_addc(out, ',', err) ||
		    json_kv(out, "origin_kind", pgs_plan_origin_kind(&v->p, pt, pc),
			    err) ||
		    pgs_buf_addc(out, '}', err))
			return -1;
	}
	if (pgs_buf_addf(out, err, "],\"kept_columns\":%zu,\"filter\":", kept))
		return -1;
	if (path == PGS_PATH_TRUNCATE && pt) {
		if (pgs_buf_adds(out, "{\"truncate\":", err))
			return -1;
		{
			struct pgs_buf b;
			int rc;

			pgs_buf_init(&b, 4096);
			rc = truncate_origin(&b, v, pt, err) ||
			     pgs_json_string(out, b.data ? b.data : "", err);
			pgs_buf_release(&b);
			if (rc)
				return -1;
		}
		if (pgs_buf_addc(out, '}', err))
			return -1;
	} else if (path == PGS_PATH_FILTER && has_where(pt)) {
		if (pgs_buf_adds(out, "{\"where\":[", err))
			return -1;
		for (k = 0, n = 0; k < pt->nchain; k++) {
			const struct pgs_table_rules *tr = pt->chain[k].rules;
			char sec[300], br[310];
			struct pgs_buf w;
			int rc;

			if (!tr || !tr->where)
				continue;
			pgs_rules_section_name(tr, sec, sizeof(sec));
			snprintf(br, sizeof(br), "[%s]", sec);
			/* The condition as a string of its own (NUL-ended). */
			pgs_buf_init(&w, tr->where_len + 1);
			rc = pgs_buf_add(&w, tr->where, tr->where_len, err) ||
			     (n++ && pgs_buf_addc(out, ',', err)) ||
			     pgs_buf_adds(out, "{\"condition\":", err) ||
			     pgs_json_string(out, w.data ? w.data : "", err) ||
			     pgs_buf_adds(out, ",\"section\":", err) ||
			     pgs_json_string(out, br, err) ||
			     pgs_buf_addf(out, err, ",\"line\":%d}", tr->where_line);
			pgs_buf_release(&w);
			if (rc)
				return -1;
		}
		if (pgs_buf_adds(out, "]}", err))
			return -1;
	} else if (pgs_buf_adds(out, "null", err)) {
		return -1;
	}
	if (pgs_buf_adds(out, ",\"cascade_from\":[", err))
		return -1;
	for (k = 0; path == PGS_PATH_FILTER; k++) {
		const struct pgs_fkey *via;
		long to;
		int own, set_null;

		if (!pgs_subset_why(v->sub, i, k, &own, &via, &to, &set_null))
			break;
		if ((k && pgs_buf_addc(out, ',', err)) ||
		    pgs_buf_addc(out, '{', err) ||
		    json_kv(out, "schema", v->s.tables[to].schema, err) ||
		    pgs_buf_addc(out, ',', err) ||
		    json_kv(out, "name", v->s.tables[to].name, err) ||
		    pgs_buf_addc(out, ',', err) ||
		    json_kv(out, "constraint", via->name, err) ||
		    pgs_buf_addf(out, err, ",\"set_null\":%s}", set_null ? "true" : "false"))
			return -1;
	}
	if (pgs_buf_adds(out, "],\"statistics\":", err) ||
	    (stats_of(v, i, &tst) ?
	     pgs_buf_addf(out, err, "{\"kept\":%u,\"scrubbed\":%u,\"dropped\":%u,"
		  "\"value_lists_removed\":%u}", tst.kept, tst.scrubbed,
		  tst.dropped, tst.values) :
	     pgs_buf_adds(out, "null", err)) ||
	    pgs_buf_adds(out, ",\"bytes\":", err) ||
	    json_int_or_null(out, v->bytes[i], v->bytes[i] >= 0, err) ||
	    pgs_buf_adds(out, ",\"rows\":", err) ||
	    json_int_or_null(out, (int64_t)v->rows[i], v->has_rows[i], err) ||
	    pgs_buf_addc(out, '}', err))
		return -1;
	return 0;
}

int pgs_plan_show_json(struct pgs_buf *out, const struct pgs_plan_show *v,
		       struct pgs_error *err)
{
	const struct pgs_plan_show_options *opt = v->opt;
	const struct pgs_archive_header *h = &v->a.hdr;
	struct totals t;
	size_t i, n = 0;
	int offsets = 0;

	count(v, &t);
	for (i = 0; i < v->a.ntoc; i++)
		if (v->a.toc[i].offset_flag == K_OFFSET_POS_SET)
			offsets = 1;
	if (pgs_buf_addc(out, '{', err) ||
	    json_kv(out, "pgscrub", opt->version ? opt->version : "", err) ||
	    pgs_buf_addf(out, err, ",\"ok\":%s,", v->has_problem ? "false" : "true") ||
	    json_kv(out, "input", name_or_stdin(opt->input, "standard input"), err) ||
	    pgs_buf_addc(out, ',', err) ||
	    json_kv(out, "output", name_or_stdin(opt->output, "standard output"),
		    err) ||
	    pgs_buf_addf(out, err, ",\"output_format\":\"%s\"",
		 out_is_dir(opt) ? "directory" : out_is_tar(v) ? "tar" :
		 v->a.hdr.format == 0 ? "plain" : "custom") ||
	    pgs_buf_adds(out, ",\"rules\":{", err) ||
	    json_kv(out, "path", rules_path(v), err) || pgs_buf_addc(out, ',', err) ||
	    json_kv(out, "sha256", opt->rules->sha256, err) ||
	    pgs_buf_adds(out, "},\"archive\":{", err) ||
	    json_kv(out, "pg_dump", h->pgdump_version.p ? h->pgdump_version.p : "",
		    err) ||
	    (h->format == 0 ? pgs_buf_adds(out, ",\"format\":\"plain\",", err) :
	     pgs_buf_addf(out, err, ",\"format\":\"%u.%u\",", h->vmaj, h->vmin)) ||
	    json_kv(out, "compression", pgs_compression_name(h->compression), err) ||
	    pgs_buf_addf(out, err, ",\"data_offsets\":%s},\"compression\":{",
		 offsets ? "true" : "false") ||
	    json_kv(out, "method", pgs_compression_name(v->codec.alg), err) ||
	    pgs_buf_adds(out, ",\"level\":", err) ||
	    json_int_or_null(out, v->codec.level,
			     v->codec.level != PGS_COMPRESS_DEFAULT_LEVEL, err) ||
	    pgs_buf_addf(out, err, ",\"recompress\":%s},\"tables\":[",
		 v->codec.recompress_all ? "true" : "false"))
		return -1;
	for (i = 0; i < v->a.ntoc; i++) {
		if (!is_table_data(v, i))
			continue;
		if ((n++ && pgs_buf_addc(out, ',', err)) || json_table(out, v, i, err))
			return -1;
	}
	if (pgs_buf_adds(out, "],\"statistics\":", err))
		return -1;
	if (!v->stats_planned && t.stats_entries) {
		if (pgs_buf_addf(out, err, "{\"entries\":%u,\"planned\":false}",
			 t.stats_entries))
			return -1;
	} else if (pgs_buf_addf(out, err, "{\"entries\":%u,\"kept\":%u,\"scrubbed\":%u,"
			"\"value_lists_removed\":%u,\"entries_removed\":%u}",
			t.stats_entries, t.stats_kept, t.stats_scrubbed,
			t.stats_values, t.stats_dropped)) {
		return -1;
	}
	if (pgs_buf_addf(out, err, ",\"large_objects\":{\"blocks\":%u,", t.lo_blocks) ||
	    json_kv(out, "action", lo_word(v, &t), err) ||
	    pgs_buf_addf(out, err, "},\"totals\":{\"copied\":%u,\"recompressed\":%u,"
		 "\"rewritten\":%u,\"filtered\":%u,\"truncated\":%u,"
		 "\"not_planned\":%u,\"bytes\":", t.n[PGS_PATH_COPY],
		 t.n[PGS_PATH_RECOMPRESS], t.n[PGS_PATH_REWRITE],
		 t.n[PGS_PATH_FILTER], t.n[PGS_PATH_TRUNCATE],
		 t.n[PGS_PATH_NONE]) ||
	    json_int_or_null(out, (int64_t)t.data, !t.data_unknown, err) ||
	    pgs_buf_adds(out, ",\"bytes_to_decompress\":", err) ||
	    json_int_or_null(out, (int64_t)t.decompress, !t.decompress_unknown,
			     err) ||
	    pgs_buf_addf(out, err, ",\"read_first\":%s},\"problems\":[",
		 v->stats_planned && pgs_subset_needs_collect(v->sub) ?
		 "true" : "false"))
		return -1;
	if (v->has_problem &&
	    (pgs_buf_addc(out, '{', err) ||
	     json_kv(out, "message", v->problem.msg, err) ||
	     pgs_buf_adds(out, ",\"hint\":", err) ||
	     pgs_json_string(out, v->problem.hint[0] ? v->problem.hint : NULL,
			     err) ||
	     pgs_buf_addc(out, '}', err)))
		return -1;
	return pgs_buf_adds(out, "]}\n", err);
}
