/*
 * plan_show.h — pgscrub plan and the run's --dry-run: what a run will do,
 * from an archive's header and table of contents alone, as text or JSON.
 *
 * It asks the run's own deciders, never a copy of them: the resolver
 * (plan.h: each table's and column's rule and where it came from, the
 * block paths, the output's compression), the row filters and their
 * foreign-key closure (subset.h: which tables lose rows, through which
 * key; which statistics go) and statistics scrubbing (statistics.h, run on
 * the TOC's text to count the value lists that go).  No data block is
 * read: estimates come from what the TOC says (the data offsets give each
 * block's compressed size; pg_dump 18's relation statistics give
 * reltuples).
 */
#ifndef PGSCRUB_PLAN_SHOW_H
#define PGSCRUB_PLAN_SHOW_H

#include "pgscrub/buf.h"
#include "pgscrub/compress.h"
#include "pgscrub/error.h"
#include "pgscrub/io.h"
#include "pgscrub/rules.h"
#include "pgscrub/schema.h"

struct pgs_plan_show_options {
	const char *version;            /* pgscrub's, for the JSON */
	const char *input;              /* as named: a path, NULL or "-" for
					   standard input */
	const char *output;             /* where the run would write: a path,
					   NULL or "-" for standard output */
	const struct pgs_rules *rules;
	const unsigned char *master_key;  /* as the run's (pipeline.h) */
	int recompress;                 /* --compress was given */
	enum pgs_compression compression;
	int level;
	const struct pgs_schema *schema;  /* --schema / --dbname, or NULL */
	const char *schema_name;
	int toc_dat;                    /* in is a directory archive's toc.dat */
	int out_format;                 /* --format: PGS_PLAN_OUT_* */
};

/* The run's output format (--format): the input's, or one named. */
enum {
	PGS_PLAN_OUT_SAME = 0,
	PGS_PLAN_OUT_CUSTOM = 1,
	PGS_PLAN_OUT_DIRECTORY = 3,
	PGS_PLAN_OUT_TAR = 4
};

struct pgs_plan_show;

/*
 * Read the header and the TOC from in (nothing after them), and plan as
 * the run would.  On success *out is the plan to print; the run would go
 * ahead exactly when pgs_plan_show_problem() is NULL.  A problem that
 * makes the run refuse the rules for this archive (PGS_ECOVERAGE: a column
 * with no rule, a stale rule, a rule that does not fit, large objects with
 * no policy, a foreign key the rules break) is kept there, and the plan is
 * what was planned before it; every other failure (PGS_EINPUT, PGS_EIO: the
 * archive cannot be read; PGS_ERULES, PGS_EUSAGE: the rules or options are
 * invalid; PGS_ENOMEM) returns -1 with err set, and *out NULL.  opt and
 * what it points to must outlive *out.
 */
int pgs_plan_show_build(struct pgs_plan_show **out, struct pgs_input *in,
			const struct pgs_plan_show_options *opt,
			struct pgs_error *err);

/* The problem that would stop the run, or NULL. */
const struct pgs_error *pgs_plan_show_problem(const struct pgs_plan_show *v);

/*
 * The plan as text for people (names quoted as PostgreSQL quotes them,
 * one table per line in TOC order with its rewritten columns below it) or
 * as one JSON object (json.h strings), appended to out.  PGS_ENOMEM.
 */
int pgs_plan_show_text(struct pgs_buf *out, const struct pgs_plan_show *v,
		       struct pgs_error *err);
int pgs_plan_show_json(struct pgs_buf *out, const struct pgs_plan_show *v,
		       struct pgs_error *err);

void pgs_plan_show_free(struct pgs_plan_show *v);

#endif
