/*
 * statistics.h — scrubbing the real values out of pg_dump 18's STATISTICS
 * DATA entries (archive-format.md §8).
 *
 * Their defn is SQL: one pg_catalog.pg_restore_relation_stats(...) call and
 * one pg_catalog.pg_restore_attribute_stats(...) call per column, each
 * argument a 'name', value pair.  Some arguments are arrays of actual column
 * values (most_common_vals, histogram_bounds, most_common_elems and the
 * range histograms); the others (null_frac, avg_width, n_distinct,
 * correlation, relpages, reltuples) say nothing about any one value.
 */
#ifndef PGSCRUB_STATISTICS_H
#define PGSCRUB_STATISTICS_H

#include <stddef.h>
#include "pgscrub/buf.h"
#include "pgscrub/error.h"

/*
 * Whether the values of a column must go: attname is the column's name, or
 * NULL for an index expression column (given by attnum).  Returns 1 to
 * scrub, 0 to keep.
 */
typedef int (*pgs_statistics_scrub_fn)(void *ctx, const char *attname);

/*
 * Append to out the defn with, in every pg_restore_attribute_stats call for
 * which scrub says so, the value-bearing arguments removed (most_common_vals
 * with most_common_freqs, histogram_bounds, most_common_elems with
 * most_common_elem_freqs and elem_count_histogram, range_length_histogram,
 * range_empty_frac, range_bounds_histogram).  Calls left alone are copied
 * byte for byte.  std_strings: whether standard_conforming_strings is on (a
 * plain '...' then has no backslash escapes).  *removed counts the
 * arguments removed.  PGS_EINPUT when the SQL cannot be tokenised (an
 * unterminated literal): fail closed, never pass it on half-read.
 */
int pgs_statistics_scrub(struct pgs_buf *out, const char *defn, size_t len,
			 int std_strings, pgs_statistics_scrub_fn scrub,
			 void *ctx, unsigned *removed, struct pgs_error *err);

/*
 * The row estimate of a STATISTICS DATA entry's defn: the 'reltuples'
 * argument of its pg_restore_relation_stats() call, into *rows.  Returns 1
 * when there is one that is a number of rows (pg_dump writes -1 for a
 * table never analysed, and that is none), 0 when there is none, -1 with
 * err set (PGS_EINPUT) when the SQL cannot be tokenised.
 */
int pgs_statistics_reltuples(double *rows, const char *defn, size_t len,
			     int std_strings, struct pgs_error *err);

#endif
