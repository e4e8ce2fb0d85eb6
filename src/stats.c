/*
 * stats.c — removing column values from STATISTICS DATA SQL (stats.h).
 *
 * pg_dump 18 (dumpRelationStats / appendNamedArgument) writes
 *   SELECT * FROM pg_catalog.pg_restore_attribute_stats(
 *   \t'version', '180000'::integer,
 *   \t'attname', 'email',
 *   \t'histogram_bounds', '{...}'::text,
 *   \t...
 *   );
 * A small tokenizer (string literals with '' and, where escapes apply,
 * backslashes; double-quoted identifiers; parentheses) finds the statements
 * and their top-level arguments, so no comma or semicolon inside a value can
 * split it.
 */
#include "pgscrub/stats.h"

#include <string.h>

#define MAX_ARGS 128

static const char *const value_keys[] = {
	"most_common_vals", "most_common_freqs", "histogram_bounds",
	"most_common_elems", "most_common_elem_freqs", "elem_count_histogram",
	"range_length_histogram", "range_empty_frac", "range_bounds_histogram",
	NULL
};

struct span {
	size_t start, end;          /* [start, end) in the defn */
};

/* Skip a literal or quoted identifier starting at i; return the index after
 * it, or len + 1 when it never ends. */
static size_t skip_quoted(const char *s, size_t len, size_t i, int escapes)
{
	char q = s[i];

	for (i++; i < len; i++) {
		if (escapes && q == '\'' && s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] == q) {
			if (i + 1 < len && s[i + 1] == q) {
				i++;
				continue;
			}
			return i + 1;
		}
	}
	return len + 1;
}

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Does s[i] start a literal with backslash escapes (E'...')? */
static int escapes_at(const char *s, size_t i, int std_strings)
{
	if (i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
	    (i < 2 || !is_word_char(s[i - 2])))
		return 1;
	return !std_strings;
}

/*
 * The text of a '...' or E'...' literal in sp (an argument: the literal may
 * be followed by a ::cast), into buf.  -1 when sp does not start with a
 * literal or it does not fit.
 */
static int literal_text(const char *s, struct span sp, int std_strings,
			char *buf, size_t size)
{
	size_t i = sp.start, o = 0;
	int esc = !std_strings;

	while (i < sp.end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	if (i < sp.end && (s[i] == 'E' || s[i] == 'e')) {
		esc = 1;
		i++;
	}
	if (i >= sp.end || s[i] != '\'')
		return -1;
	for (i++; i < sp.end; i++) {
		if (esc && s[i] == '\\' && i + 1 < sp.end) {
			i++;
		} else if (s[i] == '\'') {
			if (i + 1 < sp.end && s[i + 1] == '\'')
				i++;
			else
				break;
		}
		if (o + 1 >= size)
			return -1;
		buf[o++] = s[i];
	}
	buf[o] = '\0';
	return 0;
}

static int is_value_key(const char *k)
{
	size_t i;

	for (i = 0; value_keys[i]; i++)
		if (strcmp(value_keys[i], k) == 0)
			return 1;
	return 0;
}

/*
 * One attribute-stats call: args[] are its top-level arguments.  Write it
 * with the value arguments dropped when scrub says so.
 */
static int emit_call(struct pgs_buf *out, const char *s, struct span stmt,
		     size_t open, size_t close, const struct span *args,
		     size_t nargs, int std_strings, pgs_stats_scrub_fn scrub,
		     void *ctx, unsigned *removed, struct pgs_error *err)
{
	char key[64], name[256];
	const char *attname = NULL;
	int first = 1;
	size_t i, drop = 0;

	for (i = 0; i + 1 < nargs; i += 2) {
		if (literal_text(s, args[i], std_strings, key, sizeof(key)))
			continue;
		if (strcmp(key, "attname") == 0 &&
		    literal_text(s, args[i + 1], std_strings, name,
				 sizeof(name)) == 0)
			attname = name;
		else if (is_value_key(key))
			drop++;
	}
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

		if (literal_text(s, k, std_strings, key, sizeof(key)) == 0 &&
		    is_value_key(key)) {
			(*removed)++;
			continue;
		}
		while (k.start < k.end && (s[k.start] == ' ' || s[k.start] == '\t' ||
					   s[k.start] == '\n'))
			k.start++;
		while (v.end > v.start && (s[v.end - 1] == ' ' || s[v.end - 1] == '\t' ||
					   s[v.end - 1] == '\n'))
			v.end--;
		if (pgs_buf_adds(out, first ? "\n\t" : ",\n\t", err) ||
		    pgs_buf_add(out, s + k.start, v.end - k.start, err))
			return -1;
		first = 0;
	}
	if (pgs_buf_adds(out, "\n", err))
		return -1;
	return pgs_buf_add(out, s + close, stmt.end - close, err);
}

int pgs_stats_scrub(struct pgs_buf *out, const char *s, size_t len,
		    int std_strings, pgs_stats_scrub_fn scrub, void *ctx,
		    unsigned *removed, struct pgs_error *err)
{
	size_t i = 0, stmt_start = 0;

	*removed = 0;
	while (stmt_start < len) {
		struct span args[MAX_ARGS];
		size_t nargs = 0, depth = 0, open = 0, close = 0, arg_start = 0;
		int is_attr = 0, too_many = 0;

		/* Find the end of the statement: a ';' at depth 0. */
		for (i = stmt_start; i < len; i++) {
			char c = s[i];

			if (c == '\'' || c == '"') {
				size_t j = skip_quoted(s, len, i,
						       c == '\'' && escapes_at(s, i, std_strings));

				if (j > len)
					return pgs_error_set(err, PGS_EINPUT,
							     "unterminated literal in the "
							     "statistics SQL at byte %zu", i);
				i = j - 1;
			} else if (c == '(') {
				if (depth++ == 0) {
					open = i;
					arg_start = i + 1;
					is_attr = i >= 27 && memcmp(s + i - 26,
						"pg_restore_attribute_stats", 26) == 0;
				}
			} else if (c == ')') {
				if (depth && --depth == 0) {
					close = i;
					if (nargs < MAX_ARGS)
						args[nargs++] = (struct span){ arg_start, i };
					else
						too_many = 1;
				}
			} else if (c == ',' && depth == 1) {
				if (nargs < MAX_ARGS)
					args[nargs++] = (struct span){ arg_start, i };
				else
					too_many = 1;
				arg_start = i + 1;
			} else if (c == ';' && depth == 0) {
				i++;
				break;
			}
		}
		{
			struct span stmt = { stmt_start, i };

			if (too_many)
				return pgs_error_set(err, PGS_EINPUT,
						     "a statistics call has more than %d "
						     "arguments", MAX_ARGS);
			if (is_attr && close > open) {
				if (emit_call(out, s, stmt, open, close, args, nargs,
					      std_strings, scrub, ctx, removed, err))
					return -1;
			} else if (pgs_buf_add(out, s + stmt.start,
					       stmt.end - stmt.start, err))
				return -1;
		}
		stmt_start = i;
	}
	return 0;
}
