/*
 * schema.h — tables, columns and their types, read from an archive's TOC
 * (archive-format.md §7) without a database.
 *
 * Sources in the TOC:
 *   TABLE entries        CREATE TABLE defn: columns, types (format_type text,
 *                        schema-qualified outside pg_catalog), NOT NULL,
 *                        GENERATED columns, INHERITS (...), PARTITION BY, and
 *                        (pg_dump 12-13) ATTACH PARTITION inside the defn
 *   TABLE ATTACH         (pg_dump 14+) ALTER TABLE ONLY parent ATTACH PARTITION child
 *   DOMAIN entries       CREATE DOMAIN name AS basetype [NOT NULL] [CHECK ...]
 *   TYPE entries         CREATE TYPE name AS ENUM (...) / AS (...) / AS RANGE
 *   CONSTRAINT entries   ALTER TABLE ONLY t ADD CONSTRAINT c PRIMARY KEY|UNIQUE (cols)
 *   INDEX entries        CREATE UNIQUE INDEX i ON t USING btree (cols)
 *   FK CONSTRAINT        ALTER TABLE [ONLY] t ADD CONSTRAINT c FOREIGN KEY
 *                        (cols) REFERENCES t2(cols) ... (pgs_fkey)
 *   TABLE DATA entries   which tables have data, and their COPY column list;
 *                        a table of its own (no_defn) when no TABLE entry
 *                        defines it (pg_dump -a; extension configuration
 *                        tables), columns from COPY, types unknown
 *
 * The same structures are filled from a live database by the check
 * command's --dbname (a separate module), so that everything built on them
 * works for both.
 */
#ifndef PGSCRUB_SCHEMA_H
#define PGSCRUB_SCHEMA_H

#include <stddef.h>
#include "pgscrub/archive.h"
#include "pgscrub/error.h"

/* What a value of the column looks like in COPY text. */
enum pgs_type_kind {
	PGS_TYPE_OTHER = 0,     /* anything not listed: only keep/null/const fit */
	PGS_TYPE_TEXT,          /* text, and citext */
	PGS_TYPE_VARCHAR,       /* character varying[(n)] */
	PGS_TYPE_CHAR,          /* character[(n)] (bpchar) */
	PGS_TYPE_NAME,          /* name: at most 63 bytes */
	PGS_TYPE_INT2,
	PGS_TYPE_INT4,
	PGS_TYPE_INT8,
	PGS_TYPE_NUMERIC,       /* numeric[(p[,s])] */
	PGS_TYPE_FLOAT4,
	PGS_TYPE_FLOAT8,
	PGS_TYPE_BOOL,
	PGS_TYPE_DATE,
	PGS_TYPE_TIMESTAMP,     /* timestamp[(p)] without time zone */
	PGS_TYPE_TIMESTAMPTZ,   /* timestamp[(p)] with time zone */
	PGS_TYPE_TIME,
	PGS_TYPE_TIMETZ,
	PGS_TYPE_INTERVAL,
	PGS_TYPE_UUID,
	PGS_TYPE_INET,
	PGS_TYPE_CIDR,
	PGS_TYPE_MACADDR,       /* macaddr, macaddr8 */
	PGS_TYPE_JSON,
	PGS_TYPE_JSONB,
	PGS_TYPE_BYTEA,
	PGS_TYPE_ENUM,          /* a TYPE ... AS ENUM from the TOC */
	PGS_TYPE_COMPOSITE,     /* a TYPE ... AS (...) from the TOC */
	PGS_TYPE_KIND_COUNT
};

struct pgs_type {
	enum pgs_type_kind kind;  /* of the element, for arrays */
	int is_array;             /* "[]" suffix (dimensions are not kept) */
	int max_chars;            /* varchar(n)/char(n): n; name: 63; -1: no limit */
	int precision, scale;     /* numeric(p,s); -1 when not given */
	char *text;               /* the type as the defn writes it, unquoted
				     for --quote-all-identifiers ("text",
				     "character varying(32)", "public.mood[]") */
	char *domain;             /* "public.email_addr" when the column's type
				     is a domain (text then names the domain
				     and kind/max_chars come from its base) */
	char *const *labels;      /* PGS_TYPE_ENUM: the labels, borrowed from
				     the schema's pgs_usertype; else NULL */
	size_t nlabels;
	/* A domain or TYPE pgscrub does not understand (its pgs_domain or
	 * pgs_usertype has parse_error), that the type is or is built on:
	 * kind is then PGS_TYPE_OTHER, text as written, and only a rule that
	 * needs no type fits (pgs_plan_fit).  All three borrowed from the
	 * schema; NULL when the type is understood. */
	const char *unparsed_kind;  /* "domain" or "type" */
	const char *unparsed_name;  /* "schema.name", unquoted parts */
	const char *unparsed_error; /* its parse_error */
};

struct pgs_column {
	char *name;               /* unquoted */
	struct pgs_type type;
	int not_null;             /* NOT NULL on the column or its domain */
	int generated;            /* GENERATED ALWAYS AS (...): not in COPY data */
	int unique;               /* in a PRIMARY KEY or UNIQUE constraint or a
				     unique index, alone or with other columns */
	int primary_key;          /* in the PRIMARY KEY */
	int partition_key;        /* named in the PARTITION BY key of the table
				     or of a partitioned ancestor: a partition's
				     rows must keep it in the partition's bounds */
	int unknown;              /* known by name only (from the COPY
				     statement): its type (PGS_TYPE_OTHER, no
				     text), NOT NULL and keys are unknown,
				     because the table's definition is not
				     understood (pgs_table.parse_error) or the
				     column is inherited from a parent that is
				     not in the archive (missing_parents) */
};

/* A table named by schema and name (unquoted). */
struct pgs_table_ref {
	char *schema;
	char *name;
};

struct pgs_table {
	char *schema;             /* unquoted */
	char *name;               /* unquoted */
	long toc_index;           /* the TABLE entry in the archive; -1 from a
				     database */
	long data_index;          /* its TABLE DATA entry, -1 if none */
	char relkind;             /* 'r', 'p' (partitioned), 'f', 'm', 'v'... */
	int has_data;             /* a TABLE DATA entry exists (or, from a
				     database, it is an ordinary table, whose
				     data pg_dump would dump) */
	struct pgs_column *cols;  /* every column in table order, inherited
				     ones included, generated ones included */
	size_t ncols;
	long *parents;            /* indexes into pgs_schema.tables: partition
				     parent or INHERITS parents; a section for
				     a parent covers its descendants */
	size_t nparents;
	int has_statistics;       /* a STATISTICS DATA entry (pg_dump 18
				     --statistics) is about the table: its
				     column values are in the archive even
				     when its rows are not */
	int stats_only;           /* no TABLE entry (pg_dump --statistics-only):
				     made from its STATISTICS DATA entry, with
				     toc_index -1, relkind 0 and as columns
				     those it has values for (types unknown,
				     PGS_TYPE_OTHER with no text) */
	char *parse_error;        /* NULL, or why pgscrub does not understand
				     the table's definition ("TOC entry 216
				     (TABLE public.t): cannot parse the table
				     definition: ..."): its columns are then
				     those of its COPY statement, all unknown
				     (none without one), and no parent's
				     columns come from it.  Only a rule that
				     needs a column's type makes it an error
				     (plan.c). */
	struct pgs_table_ref *missing_parents;  /* INHERITS (or partition)
				     parents that are not in the archive
				     (pg_dump -t child): not in parents, so
				     their sections do not apply; columns
				     inherited from them come from the COPY
				     statement, unknown */
	size_t nmissing_parents;
	int cols_incomplete;      /* the column list may lack columns (a
				     parse_error or missing parent and no COPY
				     statement to name them): rules naming
				     other columns are not called stale */
	int no_defn;              /* a TABLE DATA entry with no TABLE entry: a
				     data-only dump (pg_dump -a) or an extension's
				     configuration table (extension_member).
				     Made from the entry, with toc_index -1,
				     relkind 'r' and its COPY statement's columns
				     (types unknown, PGS_TYPE_OTHER with no text:
				     only keep and null fit them) until
				     pgs_schema_adopt() gives them their types */
	size_t *pkey;             /* the PRIMARY KEY's columns (indexes into
				     cols) in key order; NULL with npkey 0 when
				     there is none or it is not known */
	size_t npkey;
	int extension_member;     /* an extension's configuration table
				     (pg_extension_config_dump): pg_dump writes
				     its rows, not its definition */
};

/* A domain (CREATE DOMAIN name AS base ...). */
struct pgs_domain {
	char *name;               /* "schema.name", unquoted parts */
	struct pgs_type base;     /* resolved (a domain over a domain too) */
	int not_null;             /* the domain has a NOT NULL constraint */
	char *parse_error;        /* NULL, or why pgscrub does not understand
				     the definition ("TOC entry 212 (DOMAIN
				     public email_addr): cannot parse the
				     domain definition: ..."): base is then
				     PGS_TYPE_OTHER with no text, and columns
				     of the domain carry unparsed_* */
};

/* An enum or composite type (CREATE TYPE). */
struct pgs_usertype {
	char *name;               /* "schema.name", unquoted parts */
	enum pgs_type_kind kind;  /* PGS_TYPE_ENUM or PGS_TYPE_COMPOSITE; a
				     range or other type is PGS_TYPE_OTHER */
	char **labels;            /* enum labels in order (NULL otherwise) */
	size_t nlabels;
	char *parse_error;        /* NULL, or why pgscrub does not understand
				     the definition (as pgs_domain's): kind
				     is then PGS_TYPE_OTHER, no labels; a
				     typed table of it is not understood
				     either (pgs_table.parse_error) */
};

/* ON DELETE / ON UPDATE of a foreign key. */
enum pgs_fk_action {
	PGS_FK_NO_ACTION = 0,
	PGS_FK_RESTRICT,
	PGS_FK_CASCADE,
	PGS_FK_SET_NULL,
	PGS_FK_SET_DEFAULT
};

/*
 * A foreign key (an FK CONSTRAINT entry, foreign-keys-in-archives.md; or
 * pg_constraint contype 'f' from a database).  One declared on a
 * partitioned table covers its partitions (they have no entry of their
 * own); one referencing a partitioned table is satisfied by its
 * partitions' rows.
 */
struct pgs_fkey {
	char *name;               /* the constraint's name, unquoted */
	long toc_index;           /* its FK CONSTRAINT entry; -1 from a database */
	long from;                /* index into tables: the referencing table
				     (-1 only with parse_error, when not even
				     that is known) */
	long to;                  /* the referenced table (may equal from);
				     -1 when it is not in the archive
				     (pg_dump -t), to_ref names it */
	struct pgs_table_ref to_ref;  /* the referenced table's name */
	size_t ncols;
	size_t *from_cols;        /* column indexes in tables[from].cols, in
				     the key's order */
	size_t *to_cols;          /* column indexes in tables[to].cols (NULL
				     when to is -1) */
	char **to_names;          /* the referenced columns' names, unquoted */
	int match_full;           /* MATCH FULL (else SIMPLE) */
	enum pgs_fk_action on_delete, on_update;
	size_t *set_cols;         /* ON DELETE SET NULL/DEFAULT (a, b): positions
				     in from_cols of the columns set; NULL with
				     nset_cols 0 when the action sets them all */
	size_t nset_cols;
	int deferrable, initially_deferred, not_valid;
	char *parse_error;        /* NULL, or why the entry is not understood
				     ("TOC entry 3282 (FK CONSTRAINT public
				     orders orders_customer_id_fkey): ...");
				     from, to and the columns are then as far
				     as known (-1 / 0).  Only what needs the
				     key (a row filter, a rewritten column of
				     either table) makes it an error (plan.c). */
};

struct pgs_schema {
	struct pgs_table *tables; /* in TOC order */
	size_t ntables;
	struct pgs_fkey *fkeys;   /* in TOC order */
	size_t nfkeys;
	struct pgs_domain *domains;
	size_t ndomains;
	struct pgs_usertype *types;
	size_t ntypes;
	int has_large_objects;    /* BLOBS / BLOB / BLOB METADATA entries */
	int has_statistics;       /* STATISTICS DATA entries */
	char encoding[64];        /* client encoding of the data */
	int data_only;            /* from an archive with TABLE DATA entries
				     and no TABLE entry at all (pg_dump -a) */
	int adopted;              /* pgs_schema_adopt() gave it a schema */
};

void pgs_schema_init(struct pgs_schema *s);
void pgs_schema_release(struct pgs_schema *s);

/*
 * Fill s from an archive's TOC.  Parses every TABLE, DOMAIN, TYPE,
 * CONSTRAINT, INDEX and TABLE ATTACH entry.  A DOMAIN or TYPE defn it
 * cannot parse (or a domain whose base type it cannot resolve) does not
 * fail either: the domain or type gets parse_error, and columns of it
 * (or of a domain over it) get kind PGS_TYPE_OTHER and unparsed_*.  A TABLE defn it cannot parse
 * (or whose typed-table type, or a parent it inherits columns from, is not
 * understood) does not fail: the table gets parse_error and the column
 * names of its COPY statement, unknown (never a guessed column list: the
 * COPY statement is what the rows hold).  Columns of an inheritance child
 * that its defn does not print come from its parents; from the COPY
 * statement (unknown) when a parent is not in the archive.  A damaged TOC
 * (a name twice, a cycle, more columns than PostgreSQL allows, a COPY
 * column an understood definition lacks) is PGS_EINPUT naming the entry.  Tables a STATISTICS DATA entry is about get has_statistics;
 * an entry with no definition in the archive (--statistics-only) makes a
 * stats_only table, after the others.
 */
int pgs_schema_from_archive(struct pgs_schema *s, const struct pgs_archive *a,
			    struct pgs_error *err);

/*
 * Give the tables of s that have no definition in their archive (no_defn:
 * a data-only dump, an extension's configuration tables) the columns,
 * types, keys, relkind and parents of the table of the same schema.table in
 * from: a schema-only dump of the same database (pgscrub --schema) or the
 * database itself (--dbname, catalog.h).  The ancestors of those tables
 * come along (sections for a partitioned parent cover its partitions), as
 * tables without data; for a data-only dump, so do all of from's tables,
 * so that rules written for the full database are not called stale.
 * Tables from does not have stay as they were (types unknown).
 *
 * from must outlive s and not change: enum labels of adopted columns point
 * into it.  from_name names it in messages ("schema.dump", "the
 * database").  PGS_EINPUT when a column of the data is not in from's table
 * (from is not of the same database), naming both; PGS_ENOMEM.
 */
int pgs_schema_adopt(struct pgs_schema *s, const struct pgs_schema *from,
		     const char *from_name, struct pgs_error *err);

/* The table, or NULL. */
const struct pgs_table *pgs_schema_find(const struct pgs_schema *s,
					const char *schema, const char *name);

/* The column, or NULL. */
const struct pgs_column *pgs_table_column(const struct pgs_table *t,
					  const char *name);

/*
 * Parse a type as format_type() writes it ("character varying(20)[]",
 * "timestamp(3) with time zone", "public.mood", "\"text\"") into t,
 * resolving domains, enums and composites through s (which may be NULL:
 * user types are then PGS_TYPE_OTHER).  Always succeeds for well-formed
 * text; unknown types are PGS_TYPE_OTHER.
 */
int pgs_type_parse(struct pgs_type *t, const char *text,
		   const struct pgs_schema *s, struct pgs_error *err);

void pgs_type_release(struct pgs_type *t);

/* "integer", "character varying(20)[]" ... — t->text. */
static inline const char *pgs_type_name(const struct pgs_type *t)
{
	return t->text ? t->text : "unknown";
}

#endif
