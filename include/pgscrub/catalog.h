/*
 * catalog.h — the facts of schema.h read from a live database through libpq
 * (pgscrub check --dbname / init --dbname), for CI jobs that have a migrated
 * test database rather than a dump.
 */
#ifndef PGSCRUB_CATALOG_H
#define PGSCRUB_CATALOG_H

#include "pgscrub/error.h"
#include "pgscrub/sample.h"
#include "pgscrub/schema.h"

/*
 * Connect with conninfo (a libpq connection string or URI, or a bare
 * database name, as psql -d takes), read in one
 * read-only transaction the tables pg_dump would dump with data (ordinary
 * tables outside pg_catalog, information_schema, pg_toast and extensions),
 * their columns with types exactly as format_type() prints them under an
 * empty search_path (as in a dump), NOT NULL, generated columns, domains,
 * enums, composite types, partition and inheritance parents, unique and
 * primary-key columns, whether large objects exist, and the server
 * encoding; then disconnect.  PGS_EIO with libpq's message when the
 * connection or a query fails.
 */
int pgs_schema_from_db(struct pgs_schema *s, const char *conninfo,
		       struct pgs_error *err);

/*
 * init --dbname: the first sample->max_rows rows of every table of s that
 * pg_dump would dump rows of (ordinary tables and partitions), through
 * COPY (SELECT ... LIMIT n) TO STDOUT in one read-only transaction, into
 * sample (sample.h), within its byte bound.  PGS_EIO naming the table
 * when one cannot be read (with a hint: grant SELECT, or --no-sample).
 */
int pgs_sample_db(struct pgs_sample *sample, const struct pgs_schema *s,
		  const char *conninfo, struct pgs_error *err);

#endif
