/*
 * plan.h — the resolver: for every table and column, what happens and why.
 *
 * One module decides how the rules apply to a schema (and, for a run, to an
 * archive's data entries); pgscrub check, pgscrub init, the run and its
 * --report all read its answer, so that they cannot disagree.
 *
 * How a column's rule is found ("resolution"):
 *   1. truncate = ... names the table, or one of its ancestors (partition
 *      parents, inheritance parents, at any depth): the table is truncated
 *      and needs no column rules — truncating a partitioned table or an
 *      inheritance parent empties its partitions and children, as TRUNCATE
 *      does in PostgreSQL.
 *   2. Otherwise its sections, nearest first ("the chain"): the table's
 *      own, then those of its parents, breadth first.  A column takes the
 *      rule naming it in the nearest section; else the nearest "*" (a
 *      table that says `* = ...` has decided for all its columns, so no
 *      pattern section applies to it).
 *   3. Otherwise the pattern sections: [schema.*] for the table's own
 *      schema (a partition or child in another schema than its parent
 *      takes its own schema's), first the rule naming the column, then
 *      the first rule for its type ("type T = ...", pgs_plan_type_matches);
 *      then [*], by name, then by type.
 *   4. Otherwise `unlisted = keep` keeps it; with `unlisted = error` it is
 *      uncovered.
 * A table section naming a column its table does not have is a stale
 * rule (unless the column list may be incomplete: pgs_table.cols_incomplete);
 * a pattern section's column that no table has is not (it is a default),
 * and a pattern rule must fit every column it covers, as a table's rule
 * must.  A parent that is not in the archive (pg_dump -t child) is not part
 * of the chain: its section does not apply.  A table whose definition is
 * not understood (pgs_table.parse_error) is planned from its COPY
 * statement; only a rule that needs a column's type makes that an error
 * (pgs_plan_fit).
 *
 * Two kinds of plan, one resolution:
 *   PGS_PLAN_RUN    from an archive (its TOC and the schema read from it).
 *                   One table per TABLE DATA entry, columns from its COPY
 *                   statement; every rule compiled for its column with the
 *                   run's key and fitted to it; stops at the first problem,
 *                   with the message the run prints.  A table with data
 *                   but no definition (pgs_table.no_defn: pg_dump -a, an
 *                   extension's configuration table) has columns of
 *                   unknown type, which only keep and null fit
 *                   (pgs_anon_fit), unless --schema/--dbname gave them
 *                   types (pgs_schema_adopt).
 *   PGS_PLAN_CHECK  from a schema alone (an archive's or a database's).
 *                   One table per schema table; columns are its data
 *                   (non-generated) columns; every rule compiled once with
 *                   the caller's throwaway key, not fitted; problems are
 *                   recorded, never returned: the caller reports them all.
 *
 * Ownership and lifetimes: a plan borrows the schema, the rules and (RUN)
 * the archive it was built from; they must outlive it and not change (the
 * run may replace TOC entries' defn text, which the plan does not keep).
 * Every pointer into the schema or the rules handed out here is borrowed
 * from them; the compiled anonymisers are the plan's and die with
 * pgs_plan_release().
 *
 * Meant to grow here, not elsewhere: row filters
 * and a `plan` subcommand printing these decisions all read or extend
 * this answer.
 */
#ifndef PGSCRUB_PLAN_H
#define PGSCRUB_PLAN_H

#include <stddef.h>
#include "pgscrub/anon.h"
#include "pgscrub/archive.h"
#include "pgscrub/copy.h"
#include "pgscrub/error.h"
#include "pgscrub/ident.h"
#include "pgscrub/rules.h"
#include "pgscrub/schema.h"

enum pgs_plan_kind {
	PGS_PLAN_RUN,
	PGS_PLAN_CHECK
};

/* What happens to a table's data (or, for entry_action, a data entry's). */
enum pgs_plan_action {
	PGS_PLAN_NONE = 0,      /* no data (or not planned: the plan stopped) */
	PGS_PLAN_COPY,          /* every column kept: the data passes as it is
				   (the run may still recompress it) */
	PGS_PLAN_REWRITE,       /* at least one column is rewritten */
	PGS_PLAN_TRUNCATE,      /* truncate = ...: no row is kept */
	PGS_PLAN_DROP           /* large objects, large_objects = drop */
};

/* Why a table is truncated. */
enum pgs_plan_truncate {
	PGS_PLAN_NOT_TRUNCATED = 0,
	PGS_PLAN_TRUNCATE_NAMED,    /* truncate names the table itself */
	PGS_PLAN_TRUNCATE_PARENT    /* it names an ancestor (truncated_by) */
};

/* Where a column's rule comes from. */
enum pgs_plan_source {
	PGS_PLAN_UNCOVERED = 0,     /* no rule, unlisted = error */
	PGS_PLAN_FROM_SECTION,      /* a rule naming the column */
	PGS_PLAN_FROM_STAR,         /* a section's "*" */
	PGS_PLAN_FROM_UNLISTED,     /* no rule, unlisted = keep */
	PGS_PLAN_FROM_SCHEMA,       /* a rule naming the column in [schema.*] */
	PGS_PLAN_FROM_ALL,          /* a rule naming the column in [*] */
	PGS_PLAN_FROM_SCHEMA_TYPE,  /* a rule for its type in [schema.*] */
	PGS_PLAN_FROM_ALL_TYPE,     /* a rule for its type in [*] */
	PGS_PLAN_FROM_FOLLOW        /* no rule of its own (it would be
				       uncovered, or kept by unlisted = keep):
				       it references a column through a
				       foreign key and follows that column's
				       rule (see "Foreign keys" below) */
};

/* Whether source is one of the pattern sections' ([schema.*], [*]). */
static inline int pgs_plan_source_is_pattern(enum pgs_plan_source source)
{
	return source == PGS_PLAN_FROM_SCHEMA || source == PGS_PLAN_FROM_ALL ||
	       source == PGS_PLAN_FROM_SCHEMA_TYPE ||
	       source == PGS_PLAN_FROM_ALL_TYPE;
}

/* A section of the rules and the schema table it is for. */
struct pgs_plan_section {
	const struct pgs_table_rules *rules;
	const struct pgs_table *table;  /* NULL for a data entry the schema
					   has no table for (schema.c makes one
					   for every TABLE DATA entry, no_defn
					   when there is no TABLE entry, so only
					   a hand-made schema gets here) */
};

struct pgs_cond;

/* One WHEN ... THEN ... of a case rule, compiled (RUN). */
struct pgs_plan_branch {
	struct pgs_cond *cond;          /* against the table's COPY columns */
	struct pgs_anon *anon;          /* fitted to the column */
};

struct pgs_plan_column {
	const char *name;               /* unquoted; borrowed from the COPY
					   statement (RUN) or the schema */
	const struct pgs_column *col;   /* the schema's column, NULL when the
					   table or column is not in the schema */
	enum pgs_plan_source source;
	const struct pgs_column_rule *rule;   /* SECTION/STAR/SCHEMA/ALL and
						 the _TYPEs: the rule, else
						 NULL */
	const struct pgs_table_rules *from;   /* the section holding rule, or
						 NULL */
	size_t section;                 /* SECTION/STAR: index in the table's
					   chain of the section holding it;
					   0 otherwise (not an index then) */
	const char *rule_text;          /* the rule as written; "keep" for
					   unlisted = keep; NULL when uncovered */
	struct pgs_anon *anon;          /* RUN: compiled for and fitted to this
					   column, owned by the plan (also
					   "keep" for unlisted).  CHECK: the
					   rule's one compiled anonymiser,
					   shared by every column it covers,
					   NULL when it does not compile or the
					   column has no rule.  Not reentrant. */
	struct pgs_plan_branch *branches;  /* RUN, a case rule: its WHEN
					   branches in order, the first true
					   one applies, else anon (the ELSE);
					   plan-owned */
	size_t nbranches;
	int rewrite;                    /* anon is set and not keep (or a
					   branch is not keep) */
	int stats_keep;                 /* statistics values of the column may
					   stay (see pgs_plan_stats_*) */
	/* FOLLOW: the foreign key, and the referenced table and column whose
	 * rule this column follows (the table the key names: a partitioned
	 * table's, not a partition's).  rule, from and rule_text are then
	 * those of the rule followed (at the end of a chain a -> b -> c: c's
	 * own rule); section is 0. */
	const struct pgs_fkey *follows;
	const struct pgs_table *follows_table;
	const struct pgs_column *follows_col;
	unsigned char fk_state;         /* scratch of the follow walk */
};

struct pgs_plan_table {
	const char *schema, *name;      /* unquoted, borrowed */
	const struct pgs_table *table;  /* NULL: data with no TABLE entry */
	long data_index;                /* its TABLE DATA entry, -1 if none */
	int has_data;                   /* RUN: a TABLE DATA entry.  CHECK: as
					   the schema says, or, in a schema with
					   no data at all (pg_dump -s), every
					   ordinary table */
	int inserts;                    /* RUN: INSERT-style data (--inserts) */
	int has_statistics;             /* its column values are in the
					   archive's statistics, and it is
					   planned for them (see "Statistics"
					   below); with !has_data the plan is
					   what its data would get */
	enum pgs_plan_action action;    /* NONE when neither has_data nor
					   has_statistics */
	enum pgs_plan_truncate truncated;
	const struct pgs_qualname *truncate_entry;  /* the truncate = ... entry
						       that applies, or NULL */
	struct pgs_plan_section *chain; /* nearest first; plan-owned */
	size_t nchain;
	struct pgs_plan_column *cols;   /* RUN: the COPY statement's columns in
					   its order; CHECK: the data columns in
					   table order; none when truncated */
	size_t ncols;
	size_t nuncovered;              /* columns with source UNCOVERED */
	struct pgs_copy_stmt stmt;      /* RUN: the parsed COPY statement */
};

/*
 * Statistics.  pg_dump 18 --statistics writes STATISTICS DATA entries with
 * real column values also for tables whose rows are not in the archive
 * (--no-data, --statistics-only, --exclude-table-data).  Their values are
 * scrubbed by the column's rule whether or not the rows are there, so a
 * table the schema says has statistics (pgs_table.has_statistics) is
 * planned like a table with data: truncate, chain, a rule for every data
 * column (uncovered columns are uncovered, as anywhere), and the rule
 * decides whether the column's values stay.  Not planned: a partitioned
 * table (its statistics are its partitions' values: they stay only where
 * its own chain keeps the column and no partition is rewritten), and
 * relations that are no table (indexes, materialized views: their values
 * go as soon as anything is rewritten).  A table made from a statistics
 * entry alone (pgs_table.stats_only) has no column types: its rules are
 * compiled, not fitted, and its section is not checked for stale columns
 * (the entry lists only the columns it has values for).
 */

/* What the run does with a STATISTICS DATA entry. */
enum pgs_plan_stats {
	PGS_PLAN_STATS_KEEP = 0,    /* nothing it describes is rewritten */
	PGS_PLAN_STATS_DROP,        /* its table is truncated: the entry goes */
	PGS_PLAN_STATS_SCRUB        /* values go: pgs_plan_stats_scrub_column
				       says which */
};

/*
 * Foreign keys (schema.h struct pgs_fkey).  Once every column is resolved,
 * for each key whose referencing table (or, for a key on a partitioned
 * table, each partition) is planned with columns:
 *   - a referencing column with no rule of its own (UNCOVERED, or kept by
 *     unlisted = keep) follows the rule of the column it references: the
 *     same rule, compiled and fitted for it (PGS_PLAN_FROM_FOLLOW), so that
 *     both get the same values and every join survives.  Chains follow
 *     transitively, in dependency order; a cycle of columns none of which
 *     has a rule stays uncovered.  A referenced partitioned table's rule
 *     is its partitions'.
 *   - otherwise the pair must be rewritten alike, or the restore fails on
 *     the key: refused are a referencing and a referenced column rewritten
 *     differently (another anonymiser or other arguments, compared as
 *     parsed expressions; or one kept and the other rewritten), a
 *     generator (email, hash, names) on two columns of different length
 *     limits (it fits its output to each), a rewritten referenced column
 *     whose rule is not injective, a case rule on either side (a
 *     referencing row cannot know the branch its key took).  A referencing
 *     column emptied by null is accepted (NULL never breaks a key) unless
 *     the key is composite and MATCH FULL.
 *   - a key that is not understood (pgs_fkey.parse_error) is refused as
 *     soon as its referencing or referenced table has a rewritten column.
 * RUN: the first such problem is returned before any output, after the
 * rules that do not compile or fit; CHECK: all are in fk_problems.
 */
struct pgs_plan_fk_problem {
	const struct pgs_fkey *fkey;
	const struct pgs_plan_table *table;   /* the referencing table's plan
						 (a partition's for a key on a
						 partitioned table) */
	const char *column;             /* the referencing column, NULL for a
					   key that is not understood */
	int line;                       /* the rules line at fault, 0 if none */
	struct pgs_error error;         /* message (without "RULES:LINE: ")
					   and hint */
	char fix[512];                  /* a rules line that fixes it, or "" */
	char fix_section[320];          /* "[public.carts]" it goes under */
};

struct pgs_plan {
	enum pgs_plan_kind kind;
	const struct pgs_schema *schema;
	const struct pgs_rules *rules;
	const struct pgs_archive *archive;  /* RUN only */
	/* One per schema table, in schema order (tables[i] is for
	 * schema->tables[i]); RUN: then one per TABLE DATA entry that has no
	 * TABLE entry, in TOC order. */
	struct pgs_plan_table *tables;
	size_t ntables;
	int schema_only;                /* CHECK: no table has data */
	/* RUN, per TOC entry (archive->ntoc of them): */
	long *entry_table;              /* the plan table of a TABLE DATA
					   entry, else -1 */
	enum pgs_plan_action *entry_action;  /* data entries: TABLE DATA as
					   their table, BLOBS COPY or DROP */
	enum pgs_plan_stats *entry_stats;    /* STATISTICS DATA entries */
	long *entry_stats_table;        /* their plan table, -1 when unknown */
	unsigned char *entry_stats_all; /* scrub every column */
	/* CHECK: every rule compiled once; NULL and its error when it does
	 * not compile.  Indexed [rules table][rule]. */
	struct pgs_anon ***rule_anons;
	struct pgs_error **rule_errors;
	/* Scratch of the inheritance walks, one per schema table: the
	 * truncate = ... entry that applies, once known. */
	const struct pgs_qualname **trunc_memo;
	unsigned char *trunc_state;
	/* Foreign keys the rules break (see "Foreign keys" above). */
	struct pgs_plan_fk_problem *fk_problems;
	size_t nfk_problems;
};

/* What building needs beyond the schema and the rules. */
struct pgs_plan_options {
	enum pgs_plan_kind kind;
	const struct pgs_archive *archive;  /* RUN: required; CHECK: NULL */
	struct pgs_anon_env env;            /* key and encoding to compile
					       with (CHECK: a throwaway key) */
};

/* An empty plan (no allocation); pgs_plan_release() is then harmless. */
void pgs_plan_init(struct pgs_plan *p);

/*
 * Resolve rules r against schema s (and opt->archive).  rules may be NULL
 * for CHECK (pgscrub init): nothing is covered.
 *
 * RUN: returns the first problem, with the run's messages: a stale rule
 * (PGS_ECOVERAGE, "RULES:LINE: [t] has a rule for column ..."), INSERT data
 * that would need rewriting, a COPY statement that does not parse
 * (PGS_EINPUT), a rule that does not compile or fit its column, a rewritten
 * partition key (unless the dump loads via the partition root), large
 * objects with no policy, a data entry of an unknown kind, and, last, every
 * uncovered column counted in one message.  Checked in TOC order, as the
 * run used to.  Statistics decisions are made once everything is planned.
 *
 * CHECK: fails only for PGS_ENOMEM; problems are in the plan for the
 * caller to read (rule_errors, uncovered columns, truncated tables).
 *
 * On failure p is still released with pgs_plan_release().
 */
int pgs_plan_build(struct pgs_plan *p, const struct pgs_schema *s,
		   const struct pgs_rules *r, const struct pgs_plan_options *opt,
		   struct pgs_error *err);

/* The options of a run's plan (the run of every format, and pgscrub plan):
 * kind PGS_PLAN_RUN for archive a, with the run's key, in a's encoding. */
void pgs_plan_run_options(struct pgs_plan_options *po,
			  const struct pgs_archive *a,
			  const unsigned char *master_key);

/* Free what the plan owns; p is empty again. */
void pgs_plan_release(struct pgs_plan *p);

/* The plan table of TOC entry idx (RUN), or NULL when it is not TABLE
 * DATA. */
struct pgs_plan_table *pgs_plan_entry_table(const struct pgs_plan *p,
					    size_t idx);

/* The plan table of schema table t. */
const struct pgs_plan_table *pgs_plan_table_of(const struct pgs_plan *p,
					       const struct pgs_table *t);

/* CHECK: the compiled anonymiser of rule cr (NULL when it does not
 * compile), and the error it failed with (NULL when it compiles). */
struct pgs_anon *pgs_plan_rule_anon(const struct pgs_plan *p,
				    const struct pgs_column_rule *cr);
const struct pgs_error *pgs_plan_rule_error(const struct pgs_plan *p,
					    const struct pgs_column_rule *cr);

/*
 * Statistics (pg_dump 18 --statistics): whether the run scrubs the value
 * of column attname (NULL: a statistic not about one column) from
 * STATISTICS DATA entry idx, whose decision is PGS_PLAN_STATS_SCRUB.
 * Columns not in the data (generated ones) are scrubbed.
 */
int pgs_plan_stats_scrub_column(const struct pgs_plan *p, size_t idx,
				const char *attname);

/* Whether the schema table t is planned for its column rules: it has data
 * (has_data), or statistics (see "Statistics" above). */
int pgs_plan_covers(const struct pgs_plan_table *pt);

/*
 * Where column pc of pt got its rule, as a word for machines: "table" (its
 * own section), "parent" (a partition parent's or inheritance parent's
 * section), "star" (a "*" in either), "schema" ([schema.*]), "all" ([*]),
 * "schema-type" and "all-type" (a rule by type in either), "follows" (a
 * foreign key's referenced column), "unlisted" (unlisted = keep) or
 * "uncovered".
 */
const char *pgs_plan_origin_kind(const struct pgs_plan *p,
				 const struct pgs_plan_table *pt,
				 const struct pgs_plan_column *pc);

/*
 * The same for people, into buf: "[public.users], rules.ini:12",
 * "parent [public.events], rules.ini:20", "* in [public.users],
 * rules.ini:14", "[public.*], rules.ini:8", "[*], rules.ini:4",
 * "type timestamp with time zone in [*], rules.ini:5",
 * "follows public.users.email (carts_user_email_fkey)", "unlisted = keep",
 * "no rule".
 */
void pgs_plan_origin(const struct pgs_plan *p, const struct pgs_plan_table *pt,
		     const struct pgs_plan_column *pc, char *buf, size_t size);

/*
 * How messages name TOC entry te: "TOC entry 3120 (TABLE DATA
 * public.users)" with quoted names, into buf (256 bytes are plenty).
 */
void pgs_plan_entry_label(const struct pgs_toc_entry *te, char *buf,
			  size_t size);

/*
 * Whether anonymiser an fits column col of schema table t (t may be NULL):
 * pgs_anon_fit(), except that a column known by name only
 * (pgs_column.unknown: the table's definition is not understood, or the
 * column is inherited from a parent that is not in the archive) takes
 * keep and nothing else, since every other rule needs its type.  That is
 * PGS_ECOVERAGE naming the table and saying what is not understood, with
 * a hint.  A column whose type is or is built on a domain or TYPE that is
 * not understood (pgs_type.unparsed_name) takes keep and null only: the
 * error names the domain or type and says what is not understood.  The
 * run, check and init all fit through here.
 */
int pgs_plan_fit(struct pgs_anon *an, const struct pgs_table *t,
		 const struct pgs_column *col, struct pgs_error *err);

/*
 * RUN: a second set of the anonymisers of pt's columns (out[0 ..
 * pt->ncols), compiled with env and fitted as pgs_plan_build did), for a
 * thread that rewrites rows beside the plan's own (anonymisers are not
 * reentrant; pgs_anon_apply on the copy gives what it gives on the
 * original).  Case rules' branches are not copied: pt must have none.
 * Free with pgs_plan_table_anons_free().  PGS_ENOMEM, or what compiling
 * says.
 */
int pgs_plan_table_anons(struct pgs_anon **out,
			 const struct pgs_plan_table *pt,
			 const struct pgs_anon_env *env, struct pgs_error *err);
void pgs_plan_table_anons_free(struct pgs_anon **anons, size_t n);

/*
 * Whether the rule by type "type T" (T = type_text, as in
 * pgs_column_rule.column) covers column col of schema s.  T is read as
 * format_type() writes types, aliases included (timestamptz, int, int4,
 * varchar, bool ...), against s's domains and types:
 *   - T names a domain: the columns of that domain (arrays: T[]);
 *   - T is a built-in type pgscrub knows (pgs_type_kind other than OTHER,
 *     ENUM, COMPOSITE): columns of that type that are no domain, whatever
 *     their typmod unless T gives one (varchar covers varchar(n) for every
 *     n, varchar(32) only varchar(32));
 *   - any other type (enums, composites, extension types, built-ins
 *     pgscrub does not model such as money): columns whose type has the
 *     same name (schema-qualified outside pg_catalog, as format_type
 *     writes it).
 * Arrays match arrays only: "type text" is not "text[]".  A column whose
 * type is unknown (pgs_column.unknown, no text) matches nothing.
 */
int pgs_plan_type_matches(const struct pgs_schema *s, const char *type_text,
			  const struct pgs_column *col);

/*
 * A table of s that names (schema, name) as a parent that is not in the
 * archive (pg_dump -t child: pgs_table.missing_parents), or NULL.  A
 * section for such a parent cannot apply to the child.
 */
const struct pgs_table *pgs_plan_orphan_child(const struct pgs_schema *s,
					      const char *schema,
					      const char *name);

/*
 * What a condition (condition.h: where, a case rule's WHEN) is compiled
 * against for pt: its columns in pt->cols order (RUN: the COPY statement's,
 * CHECK: the data columns), the primary key as positions among them (none
 * when one of its columns is missing), key and encoding.  env->cols and
 * env->pkey are malloc'd: free them with pgs_plan_cond_env_release.
 * PGS_ENOMEM.
 */
struct pgs_cond_env;
int pgs_plan_cond_env(struct pgs_cond_env *env, const struct pgs_plan_table *pt,
		      const unsigned char *master_key, const char *encoding,
		      struct pgs_error *err);
void pgs_plan_cond_env_release(struct pgs_cond_env *env);

/* ---- the schema's shape, as resolution sees it ---------------------------- */

/* Parent k of t, or NULL when the index is out of range. */
const struct pgs_table *pgs_plan_parent(const struct pgs_schema *s,
					const struct pgs_table *t, size_t k);

/*
 * The top of t's partition tree (t itself when it is no partition):
 * one section for the partitioned table covers every partition, also
 * those made later.  Inheritance parents are not followed.
 */
const struct pgs_table *pgs_plan_partition_root(const struct pgs_schema *s,
						const struct pgs_table *t);

/* below[i] = 1 for every ancestor of t (partition parents, inheritance
 * parents, at any depth; below has one byte per schema table): each is
 * marked once, so walks from many tables take time linear in the
 * inheritance edges. */
void pgs_plan_mark_ancestors(const struct pgs_schema *s,
			     const struct pgs_table *t, unsigned char *below);

/* Whether a is b or one of b's descendants (partitions, children).  Each
 * table is visited once: linear in the inheritance edges. */
int pgs_plan_descends_from(const struct pgs_schema *s,
			   const struct pgs_table *a,
			   const struct pgs_table *b);

/*
 * The columns a rule for column col in target's section must fit:
 * target's own, and that of every table with data (as p says) below it.
 * *out is malloc'd (free it); PGS_ENOMEM.
 */
int pgs_plan_section_columns(const struct pgs_plan *p,
			     const struct pgs_table *target, const char *col,
			     const struct pgs_column ***out, size_t *n,
			     struct pgs_error *err);

/* ---- the run's data paths -------------------------------------------------- */

/*
 * The output's compression, as the run decides it (pgscrub plan asks the
 * same): --compress M[:L] when given (alg, level; given set), else the
 * input's method, with the zlib level of a pre-1.15 header kept.
 * recompress_all: every data block that is not rewritten is decoded and
 * re-encoded (the method or level changes, or container_changes: the
 * output is in the other format, custom for directory or back, whose gzip
 * data is a zlib stream in a block but a gzip member in a file, so no gzip
 * block is copied as it is).  PGS_EUSAGE for lz4 or zstd
 * asked of an archive older than 1.15 (pg_restore before 16 cannot read
 * them), with a hint.
 */
struct pgs_plan_codec {
	enum pgs_compression alg;
	int level;
	int recompress_all;
};
int pgs_plan_codec(struct pgs_plan_codec *out, const struct pgs_archive_header *h,
		   int given, enum pgs_compression alg, int level,
		   int container_changes, struct pgs_error *err);

/* What the run does with a data block. */
enum pgs_plan_path {
	PGS_PATH_NONE = 0,      /* no data block */
	PGS_PATH_COPY,          /* byte for byte, never decompressed */
	PGS_PATH_RECOMPRESS,    /* decoded and re-encoded, unchanged */
	PGS_PATH_REWRITE,       /* rows decoded, columns rewritten */
	PGS_PATH_FILTER,        /* rows decoded and decided one by one
				   (subset.h), columns rewritten as planned */
	PGS_PATH_TRUNCATE,      /* no rows */
	PGS_PATH_DROP           /* large objects restored empty */
};

/*
 * The path of TOC entry idx's block: the plan's action (entry_action),
 * --compress (recompress_all, pgs_plan_codec) and whether the row filters
 * decide its rows (filtered: pgs_subset_affects).  The run and pgscrub
 * plan both ask here.
 */
enum pgs_plan_path pgs_plan_entry_path(const struct pgs_plan *p, size_t idx,
				       int recompress_all, int filtered);

#endif
