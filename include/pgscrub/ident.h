/*
 * ident.h — SQL identifiers as PostgreSQL writes and reads them.
 *
 * Used for the column list of a TABLE DATA entry's COPY statement
 * (copy.h, archive-format.md §6.3), by the SQL lexer (sql_lex.h) and for
 * table and column names in rules files, which users write as PostgreSQL
 * quotes them: crm."Weird Table".
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

#endif
