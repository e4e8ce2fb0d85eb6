/*
 * condition.h — row conditions: the `where = ...` filters of the rules
 * file and the WHEN parts of `case` rules.
 *
 * A condition is a subset of SQL boolean expressions over one row's own
 * columns:
 *   column names, bare (folded to lower case, as PostgreSQL folds them) or
 *   "quoted"; literals: 'text' (SQL quoting, '' for a quote; E'' strings
 *   are not accepted), numbers, true, false, null;
 *   = <> != < <= > >=, [NOT] BETWEEN a AND b, [NOT] IN (lit, ...),
 *   [NOT] LIKE / ILIKE 'pattern' (% and _, backslash escapes the next
 *   character), ~ / ~* 'regex' (PCRE2, with the anonymisers' limits),
 *   IS [NOT] NULL, IS [NOT] TRUE / FALSE, a boolean column on its own,
 *   AND / OR / NOT, parentheses, and sample(PERCENT[, column, ...]).
 * Three-valued logic as in SQL: a comparison with NULL is unknown, and a
 * row is kept only when the condition is true.
 *
 * Comparisons follow the column's type: integers and numeric as exact
 * decimal numbers, float4/float8 as doubles, date / timestamp /
 * timestamptz as points in time (timestamptz COPY text carries its UTC
 * offset; a literal without one is taken as UTC), boolean as boolean,
 * everything else byte-wise on the value's text (C collation).  A literal
 * that is not a valid value of the column's type, an unknown column,
 * anything outside this subset (subqueries, functions other than sample,
 * arithmetic, casts) is an error when the condition is compiled — never a
 * silent false.
 *
 * sample(PERCENT[, col, ...]) is true for about PERCENT % of the distinct
 * values of the columns (default: the table's primary key, an error when
 * it has none): keyed (SipHash-128 under the subkey "sample" of the run's
 * master key, over the columns' COPY text, decoded, each preceded by its
 * length, NULL as its own marker) and not salted by the table, so that
 * sample(10) on customers and sample(10, customer_id) on orders choose
 * the same customers.  PERCENT is a number in [0, 100].
 */
#ifndef PGSCRUB_CONDITION_H
#define PGSCRUB_CONDITION_H

#include <stddef.h>
#include "pgscrub/copy.h"
#include "pgscrub/error.h"
#include "pgscrub/keyed.h"
#include "pgscrub/schema.h"

struct pgs_cond;

/* The row a condition reads: its columns in COPY order.  col may be NULL
 * when the type is unknown (then only text comparisons, IS NULL and
 * sample() are allowed; a numeric or time comparison is an error). */
struct pgs_cond_column {
	const char *name;                 /* unquoted */
	const struct pgs_column *col;     /* type; NULL: unknown */
};

struct pgs_cond_env {
	const struct pgs_cond_column *cols;
	size_t ncols;
	/* sample() without columns: indexes into cols of the primary key,
	 * in key order (npkey 0: sample() needs its columns named). */
	const size_t *pkey;
	size_t npkey;
	/* The run's master key; NULL: sample() is an error ("needs a key"). */
	const unsigned char *master_key;
	const char *encoding;             /* the archive's ("UTF8", ...) */
};

/*
 * Compile text[0..len) against env into *out.  PGS_ERULES with a message
 * that says what is wrong and where in the text ("unknown column
 * \"emial\"", "'2024-13-01' is not a valid date", "functions other than
 * sample() are not supported: lower(...)"), with a hint when one helps;
 * the caller prefixes the file and line.  Never accepts what it would
 * evaluate differently from PostgreSQL.
 */
int pgs_cond_compile(struct pgs_cond **out, const char *text, size_t len,
		     const struct pgs_cond_env *env, struct pgs_error *err);

/*
 * Evaluate on one row: fields[i] is column i's raw COPY field (escaped
 * text, or \N).  Returns 1 when the condition is true, 0 when false or
 * unknown, -1 on error (a value in the data that is not valid for its
 * type: PGS_EINPUT naming the column; a regular expression over its
 * limits: PGS_ERULES).  Not reentrant (scratch buffers).
 */
int pgs_cond_eval(struct pgs_cond *c, const struct pgs_slice *fields,
		  struct pgs_error *err);

/* The columns the condition reads, as indexes into env->cols. */
size_t pgs_cond_ncolumns(const struct pgs_cond *c);
size_t pgs_cond_column(const struct pgs_cond *c, size_t i);

/* Whether it uses sample(). */
int pgs_cond_uses_sample(const struct pgs_cond *c);

void pgs_cond_free(struct pgs_cond *c);

/*
 * Where a condition ends inside a `case` rule: the length of text up to
 * (not including) the first of the keywords words[] (lower case, e.g.
 * "then") that stands outside quotes and parentheses as a whole word, or
 * len when none does.  For rules.c, which splits `case when C then A ...
 * else A end` without knowing the grammar of C.
 */
size_t pgs_cond_span(const char *text, size_t len, const char *const *words,
		     size_t nwords);

#endif
