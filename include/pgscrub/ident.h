/*
 * ident.h — SQL identifiers as PostgreSQL writes and reads them.
 *
 * Used for the column list of a TABLE DATA entry's COPY statement
 * (archive-format.md §6.3) and for table and column names in rules files,
 * which users write as PostgreSQL quotes them: crm."Weird Table".
 */
#ifndef PGSCRUB_IDENT_H
#define PGSCRUB_IDENT_H

#include <stddef.h>
#include "pgscrub/buf.h"
#include "pgscrub/error.h"

/* NAMEDATALEN - 1: the longest identifier PostgreSQL keeps. */
#define PGS_IDENT_MAX 63

/*
 * Parse one identifier starting at *p (no leading blanks skipped), before
 * end.  Quoted ("...", with "" for a quote): taken verbatim.  Bare: a run of
 * ASCII letters, digits, '_', '$' and bytes >= 0x80, not starting with a
 * digit or '$', folded to lower case (ASCII only), as PostgreSQL does.  The
 * name replaces out's contents; *p is left just after the identifier.
 * PGS_EINPUT when there is no identifier at *p, the quote is not closed,
 * the name is empty or longer than PGS_IDENT_MAX bytes.
 */
int pgs_ident_parse(struct pgs_buf *out, const char **p, const char *end,
		    struct pgs_error *err);

/*
 * Append name to out the way pg_dump's fmtId() does without a keyword list:
 * bare when it matches [a-z_][a-z0-9_]*, quoted (with "" for ") otherwise.
 * Quoting a reserved word that would need it is the caller's concern; our
 * own parser accepts bare keywords.
 */
int pgs_ident_quote(struct pgs_buf *out, const char *name,
		    struct pgs_error *err);

/*
 * The parts of a COPY statement as pg_dump writes it in a TABLE DATA entry:
 *   COPY schema.table (col, "Col 2", ...) FROM stdin;\n
 * or, for a table with no dumpable columns, "COPY schema.table  FROM stdin;\n".
 */
struct pgs_copy_stmt {
	char *schema;   /* unquoted, owned; "" when the statement names the
			   table unqualified (pg_dump before 11) */
	char *table;    /* unquoted, owned */
	char **cols;    /* ncols unquoted names, owned */
	size_t ncols;
};

/* A table has at most 1,600 columns (PostgreSQL's MaxHeapAttributeNumber). */
#define PGS_MAX_COPY_COLUMNS 1600
#define PGS_STR_(x) #x
#define PGS_STR(x) PGS_STR_(x)

/*
 * Parse stmt into st (which must be zeroed or released).  PGS_EINPUT with a
 * message quoting the statement when it is not of the form above, when it
 * names a column twice or lists more than PGS_MAX_COPY_COLUMNS columns.
 */
int pgs_copy_stmt_parse(struct pgs_copy_stmt *st, const char *stmt,
			struct pgs_error *err);

/* Free the contents and zero st. */
void pgs_copy_stmt_release(struct pgs_copy_stmt *st);

#endif
