/*
 * check.h — rules coverage as a CI gate (pgscrub check) and a rules file to
 * start from (pgscrub init).
 *
 * Both work on a struct pgs_schema, read from an archive's header and TOC
 * (schema.h; no data block is ever decompressed) or from a live database
 * (catalog.h), so they say the same about a dump and the database it came
 * from.
 */
#ifndef PGSCRUB_CHECK_H
#define PGSCRUB_CHECK_H

#include <stddef.h>
#include "pgscrub/buf.h"
#include "pgscrub/error.h"
#include "pgscrub/rules.h"
#include "pgscrub/schema.h"

struct pgs_sample;

enum pgs_problem_kind {
	PGS_PROBLEM_RULE,            /* a rule that does not compile (unknown
					anonymiser, bad arguments) */
	PGS_PROBLEM_UNCOVERED_TABLE, /* a table with data and no rule at all */
	PGS_PROBLEM_UNCOVERED_COLUMN,/* a column of a table with data, no rule */
	PGS_PROBLEM_STALE_TABLE,     /* a section for a table not in the schema */
	PGS_PROBLEM_STALE_COLUMN,    /* a rule for a column the table lacks */
	PGS_PROBLEM_STALE_TRUNCATE,  /* truncate names a table not in the schema */
	PGS_PROBLEM_TYPE,            /* the anonymiser cannot produce the type */
	PGS_PROBLEM_NOT_NULL,        /* null on a NOT NULL column */
	PGS_PROBLEM_TOO_SHORT,       /* varchar(n)/char(n) too short */
	PGS_PROBLEM_NOT_INJECTIVE,   /* non-injective anonymiser on a UNIQUE or
					primary-key column */
	PGS_PROBLEM_LARGE_OBJECTS,   /* large objects, no large_objects setting */
	PGS_PROBLEM_STATISTICS,      /* the archive carries statistics (values
					of columns whose rule is not keep will be
					scrubbed; said so that nobody is surprised) */
	PGS_PROBLEM_PARTITION_KEY,   /* a rewritten partition key column (a
					warning: only a dump made with
					--load-via-partition-root takes it) */
	PGS_PROBLEM_UNUSED_DEFAULT,  /* a [*] or [schema.*] rule for a column
					name no table in its scope has, or for
					a type no column has (a warning: a
					default is never stale) */
	PGS_PROBLEM_CONDITION,       /* a where or a case rule's WHEN that
					does not compile for a table's columns
					(an unknown column, a literal not of
					its type: condition.h) */
	PGS_PROBLEM_FOREIGN_KEY,     /* rules that break a foreign key: a
					referencing and a referenced column
					rewritten differently, a non-injective
					or case rule on a referenced column, a
					key not understood on a rewritten table
					(plan.h, "Foreign keys") */
	PGS_PROBLEM_NO_KEY,          /* keyed rules, and the secret_env
					variable is not set where check runs
					(a warning: CI need not hold the key;
					pgs_check_note_key_unset) */
	PGS_PROBLEM_ENCODING         /* the archive's encoding can hide ASCII
					bytes (pgs_anon_encoding_hides_ascii)
					and rules need to read values: one
					problem for all of them, their lines
					in lines[] */
};

/* How one column's rule was found (check --explain), from the plan. */
struct pgs_resolution {
	char *schema, *table;           /* unquoted */
	char *column;                   /* unquoted; NULL for a truncated
					   table (one entry for the table) */
	char *rule;                     /* as written; "keep" for unlisted =
					   keep, "truncate", NULL uncovered */
	const char *origin;             /* pgs_plan_origin_kind(), or
					   "truncate" */
	char *where;                    /* pgs_plan_origin() for people, or
					   "truncate = schema.table, RULES:N" */
	char *section;                  /* the section holding the rule,
					   without brackets, or NULL */
	int line;                       /* its line, 0 if none */
};

struct pgs_problem {
	enum pgs_problem_kind kind;
	char *schema, *table, *column;  /* unquoted; NULL where not relevant */
	int line;                       /* rules file line, 0 if none */
	char *message;                  /* one line, for people */
	char *fix;                      /* the INI text that would fix it, e.g.
					   "email = email" under "[public.people]";
					   NULL when there is none */
	char *fix_section;              /* "[public.people]" the fix goes under */
	int warning;                    /* informational (statistics): does not
					   fail the check */
	int *lines;                     /* PGS_PROBLEM_ENCODING: the rules'
					   lines, in order; else NULL */
	size_t nlines;
};

/* One step of what a filter takes with it (subset.h). */
struct pgs_check_step {
	char *table;                    /* the referencing table, quoted */
	char *via;                      /* the foreign key's name */
	char *from;                     /* the table whose rows go, quoted */
	int set_null;                   /* ON DELETE SET NULL: columns nulled */
	size_t depth;
};

/* A where or truncate, and what it cascades to. */
struct pgs_check_filter {
	char *table;                    /* schema.table, quoted */
	const char *by;                 /* "where" or "truncate" */
	int line;
	struct pgs_check_step *steps;
	size_t nsteps;
};

struct pgs_check_report {
	struct pgs_problem *problems;   /* grouped: by table in schema order,
					   then rules-file problems, then the
					   archive-wide ones */
	size_t nproblems;
	size_t nerrors;                 /* problems that fail the check */
	size_t ninvalid;                /* of those, rules that do not compile
					   (kinds rule and condition): the
					   rules file is invalid, as a run
					   would say (exit 2) */
	size_t ntables;                 /* tables with data looked at */
	size_t ncolumns;                /* their columns */
	/* Every column of every table with data, in schema order. */
	struct pgs_resolution *resolved;
	size_t nresolved;
	struct pgs_check_filter *filters;  /* smaller copies: each where and
					   truncate, and what it cascades to */
	size_t nfilters;
	int whole;                      /* set by the caller before
					   pgs_check_run (check --whole): the
					   schema is the whole database, so a
					   section or truncate entry for a table
					   it lacks is a problem, not a note */
	int explain;                    /* set by the caller: the formatters
					   include the resolution (text: one
					   line per column before the problems;
					   JSON: a "resolution" array) */
	const char *source;             /* set by the caller: the schema's
					   source as init's arguments, shell
					   words ("schema.dump", "--dbname
					   CONNINFO"), for the text's hint to
					   run init --update; NULL: "ARCHIVE" */
};

void pgs_check_report_init(struct pgs_check_report *rep);
void pgs_check_report_release(struct pgs_check_report *rep);

/*
 * Every problem of rules r against schema s, not just the first: what the
 * scrub would refuse, plus what it would let through unsafely (stale rules,
 * non-injective anonymisers on unique columns).  Keyed anonymisers are
 * checked with a throwaway key (check needs no secret).  Sections of parent
 * tables cover their partitions and children as in a scrub run.
 */
int pgs_check_run(struct pgs_check_report *rep, const struct pgs_schema *s,
		  const struct pgs_rules *r, struct pgs_error *err);

/*
 * The caller (which alone reads the environment) found that the variable
 * r->secret_env names is unset or empty: when r has keyed rules, add a
 * warning (kind no_key) at secret_env's line naming the option and the
 * variable, among the rules file's problems.  0, or -1 for PGS_ENOMEM.
 */
int pgs_check_note_key_unset(struct pgs_check_report *rep,
			     const struct pgs_rules *r, struct pgs_error *err);

/*
 * The report for people: grouped by table, each problem with the INI line
 * that would fix it, then a summary line ("3 problems in 2 tables" or
 * "rules cover all 12 tables and 87 columns"; with ninvalid, how many of the
 * problems make the rules file invalid).
 */
int pgs_check_format_text(struct pgs_buf *out,
			  const struct pgs_check_report *rep,
			  const char *rules_path, struct pgs_error *err);

/*
 * The report for machines: {"rules": PATH, "ok": bool, "tables": N,
 * "columns": N, "problems": [{"kind": "uncovered_column", "schema": ...,
 * "table": ..., "column": ..., "line": N, "message": ..., "fix": ...,
 * "section": ..., "warning": bool, and for kind "encoding" "lines": [N, ...],
 * every rule that needs to read values}]}; with rep->explain, then
 * "resolution": [{"schema", "table", "column", "rule", "origin" ("table",
 * "parent", "star", "schema", "all", "schema-type", "all-type",
 * "follows", "unlisted", "uncovered", "truncate"), "section", "line"}].
 */
int pgs_check_format_json(struct pgs_buf *out,
			  const struct pgs_check_report *rep,
			  const char *rules_path, struct pgs_error *err);

/*
 * A complete rules file for s: a [pgscrub] section (unlisted = error,
 * secret_env = PGSCRUB_KEY when a keyed anonymiser is suggested,
 * large_objects when s has large objects), then
 * every table with data in schema order, every column: keep, or a suggested
 * anonymiser with a comment saying why where the column's name or type
 * suggests personal data (email, phone, names, address, postcode, birth
 * date, ip, password, token, secret, national numbers, free-text notes,
 * json profiles, payment cards, MAC addresses, hstore, geographic
 * positions, audit tables' JSON).  Names are split into words at '_',
 * blanks, case changes and digits ("CustomerEmail", "email2").  A bare
 * "name" is a person's in a table of people (users, customers, ...), kept
 * in a table of things (categories, cities, ...), and elsewhere scrubbed
 * unless the sample says its values are not people's names (REVIEW
 * either way).  sample (sample.h; NULL: none) adds what the values look
 * like: a column whose sampled values are mostly e-mail addresses, phone,
 * card or IP numbers gets their anonymiser whatever its name (but a
 * secret stays a secret), one whose values hold e-mail addresses the
 * free-text rule; the header says that rows were sampled.  Suggestions
 * fit the column (type, length, NOT NULL, unique), so pgscrub check
 * passes on the output; a preferred anonymiser that does not compile in
 * this build gives way to the next candidate.
 */
int pgs_init_generate(struct pgs_buf *out, const struct pgs_schema *s,
		      const struct pgs_sample *sample, struct pgs_error *err);

/*
 * The anonymiser init prefers for column col of table t (t may be NULL)
 * before anything is compiled or fitted, e.g. "card_number(keep_last=4)"
 * for a "CardNumber" text column, or "keep"; written to out (reset first).
 * For tests: what pgs_init_generate writes is this or, when it does not
 * fit, the next candidate.
 */
int pgs_init_preferred(struct pgs_buf *out, const struct pgs_table *t,
		       const struct pgs_column *col,
		       const struct pgs_sample *sample, struct pgs_error *err);

/*
 * init --compact: the same rules in the compact form.  A line (column,
 * rule and comment) that init would write the same in PGS_INIT_COMPACT_MIN
 * or more table sections is written once, in [schema.*] when all those
 * tables are in one schema (their partitions included), else in [*], and
 * left out of those sections; every other table section keeps its own
 * line, which wins over the pattern.  check passes on it exactly as on the
 * full output, and a run with it writes the same bytes.
 */
#define PGS_INIT_COMPACT_MIN 3
int pgs_init_generate_compact(struct pgs_buf *out,
			      const struct pgs_schema *s,
			      const struct pgs_sample *sample,
			      struct pgs_error *err);

/*
 * init --update: the text of an existing rules file (already parsed into
 * r) with only what it does not cover added — new columns appended at the
 * end of their table's section, new tables as new sections at the end,
 * each marked "; new" — and every other byte of the file kept as it was.
 */
int pgs_init_update(struct pgs_buf *out, const struct pgs_schema *s,
		    const struct pgs_rules *r, const char *text, size_t len,
		    const struct pgs_sample *sample, struct pgs_error *err);

#endif
