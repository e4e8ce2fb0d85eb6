/*
 * statistics.c — removing column values from STATISTICS DATA SQL
 * (statistics.h).
 *
 * pg_dump 18 (dumpRelationStats / appendNamedArgument) writes
 *   SELECT * FROM pg_catalog.pg_restore_attribute_stats(
 *   \t'version', '180000'::integer,
 *   \t'attname', 'email',
 *   \t'histogram_bounds', '{...}'::text,
 *   \t...
 *   );
 * The SQL lexer (sql_lex.h: string literals with '' and, where escapes
 * apply, backslashes; quoted identifiers; dollar quotes; comments) finds the
 * statements and their top-level arguments, so no comma or semicolon inside
 * a value can split it.
 */
#include "pgscrub/statistics.h"

#include <stdlib.h>
#include <string.h>

#include "pgscrub/sql_lex.h"

#define MAX_ARGS 128

/* Keys and attnames are compared only when shorter than these (an attname
 * is at most 63 bytes; anything longer is no column of ours). */
#define KEY_MAX 63
#define ATTNAME_MAX 255

/*
 * The arguments of pg_restore_attribute_stats() that hold no column values
 * (pg_dump 18): which column, and the statistics that are numbers about it.
 * Every other argument — most_common_vals, histogram_bounds, the element
 * and range histograms, their frequencies, and any key a later pg_dump
 * adds — is dropped from a scrubbed column's call: fail closed.
 */
static const char *const kept_keys[] = {
	"version", "schemaname", "relname", "attname", "attnum", "inherited",
	"null_frac", "avg_width", "n_distinct", "correlation", NULL
};

struct span {
	size_t start, end;          /* [start, end) in the defn */
	size_t first, last;         /* from its first token to the end of its
				       last (start, start when it has none):
				       without blanks and comments around */
};

/*
 * The value of the '...' or E'...' literal that starts the argument sp
 * (it may be followed by a ::cast) into b.  0 when it is one; 1 when sp
 * does not start with such a literal; -1 with err set when b cannot hold
 * it (fail closed: a key not recognised would keep its values).
 */
static int literal_text(struct pgs_buf *b, const char *s, struct span sp,
			int std_strings, struct pgs_error *err)
{
	struct pgs_sql_lexer lx;
	struct pgs_sql_token t;
	struct pgs_error lerr;

	pgs_sql_lexer_init(&lx, s + sp.start, sp.end - sp.start, std_strings);
	if (pgs_sql_lex_next(&lx, &t, &lerr) || t.kind != PGS_SQL_STRING ||
	    (t.p[0] != '\'' && t.p[0] != 'E' && t.p[0] != 'e'))
		return 1;
	if (pgs_sql_string_value(b, lx.text, lx.len, &t, std_strings, &lerr)) {
		if (lerr.code == PGS_EINPUT)
			return 1;
		if (err)
			*err = lerr;
		return -1;
	}
	return 0;
}

static int is_value_key(const char *k)
{
	size_t i;

	for (i = 0; kept_keys[i]; i++)
		if (strcmp(kept_keys[i], k) == 0)
			return 0;
	return 1;
}

/* A literal's text as a C string ('' has no buffer). */
static const char *text_of(const struct pgs_buf *b)
{
	return b->data ? b->data : "";
}

/*
 * One attribute-stats call: args[] are its top-level arguments.  Write it
 * with the value arguments dropped when scrub says so.  key and name are
 * scratch buffers.
 */
static int emit_call(struct pgs_buf *out, const char *s, struct span stmt,
		     size_t open, size_t close, const struct span *args,
		     size_t nargs, int std_strings, pgs_statistics_scrub_fn scrub,
		     void *ctx, unsigned *removed, struct pgs_buf *key,
		     struct pgs_buf *name, struct pgs_error *err)
{
	const char *attname = NULL;
	int first = 1, rc, attnames = 0, readable = 0;
	size_t i, drop = 0;

	for (i = 0; i + 1 < nargs; i += 2) {
		if ((rc = literal_text(key, s, args[i], std_strings, err)) < 0)
			return -1;
		/* An argument name we cannot read may be a value's: fail
		 * closed (pg_dump writes every name as a '...' literal). */
		if (rc > 0)
			return pgs_error_set(err, PGS_EINPUT,
					     "a statistics call has an argument "
					     "name that is not a string literal "
					     "at byte %zu", args[i].start);
		if (key->len >= KEY_MAX) {
			drop++;   /* no key of ours: its value goes */
			continue;
		}
		if (strcmp(text_of(key), "attname") == 0) {
			if (attnames++)
				continue;   /* a second one: see below */
			if ((rc = literal_text(name, s, args[i + 1], std_strings,
					       err)) < 0)
				return -1;
			readable = rc == 0 && name->len < ATTNAME_MAX;
		} else if (is_value_key(text_of(key))) {
			drop++;
		}
	}
	/* Taken once the buffer no longer grows; two attnames (not pg_dump's)
	 * say nothing certain about which column the values are of. */
	if (readable && attnames == 1)
		attname = text_of(name);
	/* No readable attname (an index expression's attnum, or something
	 * unexpected): scrub, never guess that it is a kept column. */
	if (drop == 0 || (attname && !scrub(ctx, attname)) ||
	    (!attname && !scrub(ctx, NULL)))
		return pgs_buf_add(out, s + stmt.start, stmt.end - stmt.start, err);

	/* Same layout as pg_dump: one argument pair per line. */
	if (pgs_buf_add(out, s + stmt.start, open + 1 - stmt.start, err))
		return -1;
	for (i = 0; i + 1 < nargs; i += 2) {
		struct span k = args[i], v = args[i + 1];

		if ((rc = literal_text(key, s, k, std_strings, err)) < 0)
			return -1;
		if (rc == 0 && (key->len >= KEY_MAX || is_value_key(text_of(key)))) {
			(*removed)++;
			continue;
		}
		/* Not the blanks or comments around the pair: a "--" comment
		 * at the end would swallow the ',' written after it. */
		if (pgs_buf_adds(out, first ? "\n\t" : ",\n\t", err) ||
		    pgs_buf_add(out, s + k.first, v.last - k.first, err))
			return -1;
		first = 0;
	}
	if (pgs_buf_adds(out, "\n", err))
		return -1;
	return pgs_buf_add(out, s + close, stmt.end - close, err);
}

/* Does t name pg_restore_attribute_stats (bare in any letter case, or
 * quoted)?  name is scratch. */
static int is_attr_fn(const struct pgs_sql_token *t, struct pgs_buf *name)
{
	struct pgs_error ignored;

	if (t->kind != PGS_SQL_WORD && t->kind != PGS_SQL_QIDENT)
		return 0;
	return pgs_sql_ident_value(name, t, &ignored) == 0 &&
	       strcmp(name->data, "pg_restore_attribute_stats") == 0;
}

/*
 * One statement from lx's position: up to and including a ';' at depth 0,
 * or to the end.  Writes it to out, scrubbed when it is an attribute-stats
 * call.
 */
static int scrub_stmt(struct pgs_buf *out, struct pgs_sql_lexer *lx,
		      pgs_statistics_scrub_fn scrub, void *ctx, unsigned *removed,
		      struct pgs_buf *key, struct pgs_buf *name,
		      struct pgs_error *err)
{
	const char *s = lx->text;
	struct span args[MAX_ARGS];
	struct span stmt;
	struct pgs_sql_token t, prev = { PGS_SQL_END, 0, 0, NULL, 0 };
	size_t nargs = 0, depth = 0, open = 0, close = 0, arg_start = 0;
	size_t first = 0, last = 0;     /* of the current argument's tokens */
	int empty = 1;                  /* no token in it yet */
	int is_attr = 0, too_many = 0, ncalls = 0, any_attr = 0;

	stmt.start = lx->pos;
	for (;;) {
		if (pgs_sql_lex_next(lx, &t, err))
			return pgs_error_set(err, PGS_EINPUT,
					     "%s in the statistics SQL at byte %zu",
					     lx->why, lx->why_off);
		if (t.kind == PGS_SQL_END)
			break;
		/* Tokens inside the arguments, but not their separators. */
		if (depth > 0 && !(depth == 1 && (t.kind == PGS_SQL_COMMA ||
						  t.kind == PGS_SQL_RPAREN))) {
			if (empty)
				first = t.off;
			last = t.off + t.len;
			empty = 0;
		}
		if (t.kind == PGS_SQL_LPAREN) {
			if (depth++ == 0) {
				open = t.off;
				arg_start = first = last = t.off + 1;
				empty = 1;
				is_attr = is_attr_fn(&prev, name);
				any_attr |= is_attr;
				ncalls++;
			}
		} else if (t.kind == PGS_SQL_RPAREN) {
			if (depth && --depth == 0) {
				close = t.off;
				if (nargs < MAX_ARGS)
					args[nargs++] = (struct span){ arg_start, t.off,
								       first, last };
				else
					too_many = 1;
			}
		} else if (t.kind == PGS_SQL_COMMA && depth == 1) {
			if (nargs < MAX_ARGS)
				args[nargs++] = (struct span){ arg_start, t.off,
							       first, last };
			else
				too_many = 1;
			arg_start = first = last = t.off + 1;
			empty = 1;
		} else if (t.kind == PGS_SQL_SEMI && depth == 0) {
			break;
		}
		prev = t;
	}
	stmt.end = lx->pos;
	if (too_many)
		return pgs_error_set(err, PGS_EINPUT,
				     "a statistics call has more than %d "
				     "arguments", MAX_ARGS);
	/* pg_dump ends each call with ';'.  Two calls in one statement
	 * would mix their arguments: fail closed. */
	if (any_attr && ncalls > 1)
		return pgs_error_set(err, PGS_EINPUT,
				     "a statistics statement at byte %zu holds "
				     "more than one call", stmt.start);
	if (is_attr && close > open)
		return emit_call(out, s, stmt, open, close, args, nargs,
				 lx->std_strings, scrub, ctx, removed, key, name,
				 err);
	return pgs_buf_add(out, s + stmt.start, stmt.end - stmt.start, err);
}

int pgs_statistics_scrub(struct pgs_buf *out, const char *s, size_t len,
			 int std_strings, pgs_statistics_scrub_fn scrub,
			 void *ctx, unsigned *removed, struct pgs_error *err)
{
	struct pgs_sql_lexer lx;
	struct pgs_buf key, name;
	int rc = 0;

	*removed = 0;
	/* A literal's value is never longer than the literal. */
	pgs_buf_init(&key, len);
	pgs_buf_init(&name, len);
	pgs_sql_lexer_init(&lx, s, len, std_strings);
	while (rc == 0 && lx.pos < len)
		rc = scrub_stmt(out, &lx, scrub, ctx, removed, &key, &name, err);
	pgs_buf_release(&key);
	pgs_buf_release(&name);
	return rc;
}

int pgs_statistics_reltuples(double *rows, const char *s, size_t len,
			     int std_strings, struct pgs_error *err)
{
	struct pgs_sql_lexer lx;
	struct pgs_sql_token t;
	struct pgs_buf b;
	int state = 0, found = 0;   /* 1: after 'reltuples', 2: after its ',' */

	pgs_buf_init(&b, len + 1);
	pgs_sql_lexer_init(&lx, s, len, std_strings);
	for (;;) {
		if (pgs_sql_lex_next(&lx, &t, err)) {
			pgs_buf_release(&b);
			return pgs_error_set(err, PGS_EINPUT,
					     "%s in the statistics SQL at byte %zu",
					     lx.why, lx.why_off);
		}
		if (t.kind == PGS_SQL_END)
			break;
		if (state == 2) {
			char *end;
			double v;

			state = 0;
			if (t.kind != PGS_SQL_STRING)
				continue;
			pgs_buf_reset(&b);
			if (pgs_sql_string_value(&b, lx.text, lx.len, &t,
						 std_strings, err)) {
				pgs_buf_release(&b);
				return -1;
			}
			v = strtod(b.data ? b.data : "", &end);
			/* reltuples is a float4 count: a finite value below
			 * 2^53 (an exact integer in a double), else none. */
			if (b.data && end != b.data && *end == '\0' &&
			    v >= 0 && v < 9007199254740992.0) {
				*rows = v;
				found = 1;
			}
			continue;
		}
		if (state == 1) {
			state = t.kind == PGS_SQL_COMMA ? 2 : 0;
			continue;
		}
		if (t.kind == PGS_SQL_STRING && t.len == 11 &&
		    memcmp(t.p, "'reltuples'", 11) == 0)
			state = 1;
	}
	pgs_buf_release(&b);
	return found;
}
