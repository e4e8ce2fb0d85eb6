/*
 * subset.h — smaller consistent copies: row filters closed over foreign
 * keys.
 *
 * The output holds what the database would hold after deleting the
 * filtered-out rows with every foreign key set to ON DELETE CASCADE, except
 * that a key declared ON DELETE SET NULL sets its referencing columns to
 * NULL instead.  Rows are filtered out by:
 *   - `where = CONDITION` in a table's section, or a partition parent's or
 *     inheritance parent's section (every where of the chain must hold);
 *   - `truncate = t`: every row of t (and of its partitions and children);
 * and then, transitively, a row that references a removed row through a
 * foreign key is removed (or its referencing columns nulled), including
 * self-references and cycles.  A referencing value with a NULL in it
 * (MATCH SIMPLE: any column; MATCH FULL: all of them) never removes a row.
 *
 * How (pipeline.c drives, this module decides):
 *   1. Plan (pgs_subset_build): which data tables can lose rows (a filter,
 *      or a reference to a table that can), which are "affected" (they
 *      also include SET NULL references), and which referenced tables need
 *      their surviving keys remembered: those that can lose rows and are
 *      referenced.
 *   2. Collect (pgs_subset_collect): the tables whose keys are needed are
 *      read before any output, referenced ones first; a group of tables
 *      that reference each other in a cycle (a self-reference included) is
 *      read again until no more rows go.  A surviving referenced key costs
 *      16 bytes (a keyed 128-bit hash of its values), plus up to half again
 *      while a set grows, and twice that for a cycle's tables while they
 *      are read again.  A table nothing filters costs nothing.
 *   3. Output (pgs_subset_row): every row of an affected table is decided
 *      again, the same way, now with every key set complete.
 */
#ifndef PGSCRUB_SUBSET_H
#define PGSCRUB_SUBSET_H

#include <stddef.h>
#include <stdint.h>
#include "pgscrub/compress.h"
#include "pgscrub/copy.h"
#include "pgscrub/error.h"
#include "pgscrub/plan.h"

struct pgs_subset;

/*
 * From a RUN plan (plan.h), the rules' where conditions (compiled here
 * against each table's COPY columns, with env's key for sample()) and the
 * schema's foreign keys.  *out is NULL when no row is filtered at all (no
 * where, no truncated table that anything references): the run is then
 * exactly as without this module.  PGS_ERULES for a condition that does
 * not compile ("RULES:LINE: where in [public.t]: ..."), a where on a table
 * pgscrub cannot read the columns of; PGS_ECOVERAGE for a foreign key the
 * closure needs that pgscrub does not understand (pgs_fkey.parse_error),
 * and for ON DELETE SET NULL of a NOT NULL column.
 */
int pgs_subset_build(struct pgs_subset **out, const struct pgs_plan *p,
		     const unsigned char *master_key, struct pgs_error *err);

/* Whether the rows of TOC entry idx (TABLE DATA) are decided row by row in
 * the output (pgs_subset_row).  It is then decoded and rewritten even when
 * every column is kept. */
int pgs_subset_affects(const struct pgs_subset *s, size_t idx);

/* Whether plan table pt, or a partition or child of it, can lose rows (or
 * have values nulled): its statistics describe rows that may be gone. */
int pgs_subset_changes_table(const struct pgs_subset *s, long pt);

/*
 * Reads the decoded COPY stream of TOC entry idx (TABLE DATA), as often as
 * asked, into sink.  The pipeline's, for the input at hand.
 */
typedef int (*pgs_subset_read_fn)(void *ctx, size_t idx, pgs_sink_fn sink,
				  void *sink_ctx, struct pgs_error *err);

/* Whether step 2 has anything to read (then the input must be seekable:
 * pgs_input_spool makes a pipe so). */
int pgs_subset_needs_collect(const struct pgs_subset *s);

/* Step 2: read what must be read, build the key sets.  Nothing to do when
 * no key set is needed. */
int pgs_subset_collect(struct pgs_subset *s, pgs_subset_read_fn read,
		       void *ctx, struct pgs_error *err);

/*
 * Step 3, for one row of TOC entry idx (an affected one): fields are its
 * COPY fields in the statement's order.  Returns 1 to keep it, 0 to drop
 * it, -1 on error.  When kept, *nulled is set to an array of ncols flags
 * (owned by s, valid until the next call), non-zero for each column to
 * write as NULL (ON DELETE SET NULL), or NULL when none is.
 */
int pgs_subset_row(struct pgs_subset *s, size_t idx,
		   const struct pgs_slice *fields, size_t nfields,
		   const unsigned char **nulled, struct pgs_error *err);

/* What happened to a table, for --report and the summary. */
struct pgs_subset_cause {
	const char *constraint;         /* borrowed from the schema */
	uint64_t removed, nulled;
};

struct pgs_subset_counts {
	uint64_t rows_in, kept;
	uint64_t removed_by_filter;     /* its where was not true (or it is
					   truncated) */
	uint64_t removed_by_cascade;
	uint64_t nulled;                /* kept, referencing columns nulled */
	const struct pgs_subset_cause *causes;  /* per foreign key */
	size_t ncauses;
};

/* The counts of TOC entry idx's rows in the output (step 3), or NULL when it
 * is not affected. */
const struct pgs_subset_counts *pgs_subset_counts(const struct pgs_subset *s,
						  size_t idx);

void pgs_subset_free(struct pgs_subset *s);

/* One step of what removing rows of a table cascades to (for check). */
struct pgs_subset_step {
	const struct pgs_table *table;  /* the referencing table */
	const struct pgs_fkey *via;     /* through this key */
	const struct pgs_table *from;   /* the table whose rows go */
	int set_null;                   /* ON DELETE SET NULL: its columns
					   become NULL, no row goes */
	size_t depth;                   /* 1: it references t itself */
};

/*
 * What losing rows of t (and of its partitions) can take with it, from
 * the schema alone: breadth first, each referencing table once (a SET NULL
 * step is listed and not followed).  *out is malloc'd (free it), *n steps;
 * PGS_ENOMEM.
 */
int pgs_subset_cascade(const struct pgs_schema *s, const struct pgs_table *t,
		       struct pgs_subset_step **out, size_t *n,
		       struct pgs_error *err);

/*
 * What the run does with STATISTICS DATA entry idx: the plan's decision
 * (pgs_plan.entry_stats), except that the statistics of a table that can
 * lose rows (pgs_subset_changes_table) are dropped: they describe rows
 * that are gone, and would let a sample's size be guessed.  s may be NULL
 * (no row filtered).  The run and pgscrub plan ask here.
 */
enum pgs_plan_stats pgs_subset_entry_stats(const struct pgs_subset *s,
					   const struct pgs_plan *p, size_t idx);

/*
 * Why the rows of TOC entry idx are decided one by one
 * (pgs_subset_affects), for pgscrub plan: *own is set when a where of its
 * chain applies to it.  Then, for k = 0, 1, ..., each foreign key of the
 * entry's table onto a table that can lose rows: returns 1 with *via the
 * key, *to the referenced schema table (its index) and *set_null for ON
 * DELETE SET NULL; 0 when k is past the last (or idx is not affected).
 */
int pgs_subset_why(const struct pgs_subset *s, size_t idx, size_t k,
		   int *own, const struct pgs_fkey **via, long *to,
		   int *set_null);

#endif
