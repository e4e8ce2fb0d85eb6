/*
 * rewrite.c — one table's COPY rows through its rules (rewrite.h).
 */
#include "pgscrub/rewrite.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/condition.h"

int pgs_rewrite_table_init(struct pgs_rewrite_table *t,
			   const struct pgs_plan_table *pt, size_t idx,
			   int filtered, struct pgs_error *err)
{
	size_t j;

	memset(t, 0, sizeof(*t));
	t->resolved = pt;
	t->stmt = pt->stmt;
	t->idx = idx;
	t->filtered = filtered;
	t->anons = calloc(pt->ncols + 1, sizeof(*t->anons));
	t->changed = calloc(pt->ncols + 1, sizeof(*t->changed));
	if (!t->anons || !t->changed) {
		pgs_rewrite_table_release(t);
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	}
	for (j = 0; j < pt->ncols; j++)
		t->anons[j] = pt->cols[j].anon;
	return 0;
}

void pgs_rewrite_table_release(struct pgs_rewrite_table *t)
{
	free(t->anons);
	free(t->changed);
	t->anons = NULL;
	t->changed = NULL;
}

void pgs_rewriter_init(struct pgs_rewriter *w)
{
	memset(w, 0, sizeof(*w));
	pgs_copy_reader_init(&w->reader, PGS_MAX_ROW);
	pgs_buf_init(&w->rows, PGS_MAX_ROW + PGS_REWRITE_BATCH);
}

void pgs_rewriter_release(struct pgs_rewriter *w)
{
	pgs_copy_reader_release(&w->reader);
	pgs_buf_release(&w->rows);
	free(w->fields);
	w->fields = NULL;
	w->nfields = 0;
}

int pgs_rewriter_begin(struct pgs_rewriter *w, struct pgs_rewrite_table *t,
		       struct pgs_error *err)
{
	size_t need = t->stmt.ncols + 1;

	if (need > w->nfields) {
		struct pgs_slice *f = realloc(w->fields, need * sizeof(*f));

		if (!f)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		w->fields = f;
		w->nfields = need;
	}
	w->cur = t;
	pgs_copy_reader_reset(&w->reader);
	pgs_buf_reset(&w->rows);
	return 0;
}

static int flush(struct pgs_rewriter *w, struct pgs_error *err)
{
	int rc = w->out.submit(w->out.ctx, &w->rows, err);

	pgs_buf_reset(&w->rows);
	return rc;
}

/* Where a value's rule failed: the row, the column and the rule's line. */
static int rule_failed(const struct pgs_rewriter *w, size_t i, uint64_t rowno,
		       struct pgs_error *err)
{
	const struct pgs_rewrite_table *t = w->cur;
	const struct pgs_column_rule *cr = i < t->resolved->ncols ?
		t->resolved->cols[i].rule : NULL;

	if (cr && cr->line > 0)
		return pgs_error_where(err, "row %" PRIu64 " column \"%s\" "
				       "(the rule at %s:%d)", rowno,
				       t->stmt.cols[i], w->rules_path ?
				       w->rules_path : "rules", cr->line);
	return pgs_error_where(err, "row %" PRIu64 " column \"%s\"", rowno,
			       t->stmt.cols[i]);
}

/* A case rule: the anonymiser of the first WHEN that is true for the row
 * (w->fields), else the ELSE's. */
static int choose_branch(const struct pgs_rewriter *w, size_t i,
			 struct pgs_anon **an, struct pgs_error *err)
{
	const struct pgs_plan_column *pc = &w->cur->resolved->cols[i];
	size_t k;

	for (k = 0; k < pc->nbranches; k++) {
		int r = pgs_cond_eval(pc->branches[k].cond, w->fields, err);

		if (r < 0)
			return -1;
		if (r) {
			*an = pc->branches[k].anon;
			return 0;
		}
	}
	return 0;
}

/* pgs_row_fn: one COPY row through the column anonymisers. */
static int rewrite_row(void *ctx, const char *line, size_t len,
		       uint64_t rowno, struct pgs_error *err)
{
	struct pgs_rewriter *w = ctx;
	struct pgs_rewrite_table *t = w->cur;
	size_t ncols = t->stmt.ncols, nf, i;
	const unsigned char *nulled = NULL;
	struct pgs_anon *an;

	nf = pgs_copy_split(w->fields, ncols + 1, line, len);
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
			nf < ncols ? t->stmt.cols[nf] : t->stmt.cols[ncols - 1]);
	}
	t->rows++;
	if (t->filtered) {
		int keep = pgs_subset_row(w->subset, t->idx, w->fields, ncols,
					  &nulled, err);

		if (keep < 0)
			return pgs_error_where(err, "row %" PRIu64, rowno);
		if (!keep)
			return 0;
	}
	for (i = 0; i < ncols; i++) {
		size_t at;

		if (i && pgs_buf_addc(&w->rows, '\t', err))
			return -1;
		if (nulled && nulled[i]) {
			/* ON DELETE SET NULL: the row it referenced is gone. */
			if (!pgs_copy_is_null(w->fields[i].p, w->fields[i].len))
				t->changed[i]++;
			if (pgs_buf_add(&w->rows, "\\N", 2, err))
				return -1;
			continue;
		}
		if (w->fields[i].len >= PGS_REWRITE_BATCH &&
		    pgs_anon_is_keep(t->anons[i]) &&
		    t->resolved->cols[i].nbranches == 0) {
			/* A huge kept value goes out from where it lies, not
			 * through a second copy of the row. */
			if (flush(w, err) ||
			    w->out.write(w->out.ctx, w->fields[i].p,
					 w->fields[i].len, err))
				return -1;
			continue;
		}
		at = w->rows.len;
		an = t->anons[i];
		if (t->resolved->cols[i].nbranches &&
		    choose_branch(w, i, &an, err))
			return rule_failed(w, i, rowno, err);
		if (pgs_anon_apply(an, &w->rows, w->fields[i].p,
				   w->fields[i].len, err))
			return rule_failed(w, i, rowno, err);
		if (w->rows.len - at != w->fields[i].len ||
		    memcmp(w->rows.data + at, w->fields[i].p, w->fields[i].len))
			t->changed[i]++;
		if (w->rows.len >= PGS_REWRITE_BATCH && flush(w, err))
			return -1;
	}
	if (pgs_buf_addc(&w->rows, '\n', err))
		return -1;
	t->written++;
	if (w->rows.len >= PGS_REWRITE_BATCH)
		return flush(w, err);
	return 0;
}

int pgs_rewriter_feed(void *ctx, const void *p, size_t n,
		      struct pgs_error *err)
{
	struct pgs_rewriter *w = ctx;

	return pgs_copy_reader_feed(&w->reader, p, n, rewrite_row, w, err);
}

int pgs_rewriter_flush(struct pgs_rewriter *w, struct pgs_error *err)
{
	if (w->reader.partial.len || w->reader.ended)
		return pgs_error_set(err, PGS_EINTERNAL, "rows cut inside a "
				     "row, or after the end of the data");
	return flush(w, err);
}

int pgs_rewriter_end(struct pgs_rewriter *w, struct pgs_error *err)
{
	unsigned i;

	if (pgs_copy_reader_finish(&w->reader, err))
		return -1;
	/* The end-of-data line and the empty lines pg_dump puts after it. */
	if (pgs_buf_add(&w->rows, "\\.\n", 3, err))
		return -1;
	for (i = 0; i < w->reader.trailing_lfs; i++)
		if (pgs_buf_addc(&w->rows, '\n', err))
			return -1;
	return flush(w, err);
}
