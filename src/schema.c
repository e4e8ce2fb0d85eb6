/*
 * schema.c — tables, columns and their types from an archive's TOC
 * (archive-format.md §7), mirroring what pg_dump.c writes in
 * dumpTableSchema, dumpTableAttach, dumpDomain, dumpEnumType,
 * dumpCompositeType, dumpConstraint and dumpIndex, and what the server's
 * format_type() and ruleutils.c put inside those statements.
 *
 * Work is done in passes so that TOC order does not matter:
 *   1. collect TABLE / FOREIGN TABLE, DOMAIN and TYPE entries and flags;
 *   2. parse their definitions and TABLE ATTACH entries into plain syntax
 *      (column definitions, parent links, name-based marks), no types yet;
 *   3. build every table's column list depth first (parents and the
 *      composite type of a typed table before the table), resolving types
 *      and domains (domains lazily, a domain over a domain included);
 *   4. apply CONSTRAINT and INDEX entries, then carry unique keys and
 *      generated columns from partitioned tables down to their partitions;
 *   5. link TABLE DATA entries and check their COPY column lists;
 *   then, once every table has its final columns, primary keys (in key
 *   order) and FK CONSTRAINT entries (foreign-keys-in-archives.md), by
 *   column index.
 *
 * Definitions are read as tokens of the SQL lexer (sql_lex.h: scan.l's
 * rules for strings, E'' strings, dollar quotes, quoted identifiers and
 * comments), so commas and parentheses inside defaults, CHECKs and
 * generation expressions never split a column.  A TABLE definition that does not parse is an
 * error: a guessed column list would put anonymised values in the wrong
 * column.
 */
#include "pgscrub/schema.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/buf.h"
#include "pgscrub/copy.h"
#include "pgscrub/ident.h"
#include "pgscrub/sql_lex.h"
#include "pgscrub/statistics.h"

/* pg_dump's teSection values (pg_backup.h). */
#define SECTION_POST_DATA 4

/* Parent chains and domain chains deeper than this are refused (the
 * recursion would otherwise be bounded only by the archive). */
#define MAX_DEPTH 1000

/* Source text quoted in messages. */
#define NEAR_MAX 48

/* Scratch buffers hold identifiers and type texts; a type text longer than
 * this is not something format_type() writes. */
#define SCRATCH_MAX (1u << 20)

/* ---------------------------------------------------------------------- */
/* Tokens (sql_lex.h)                                                     */
/* ---------------------------------------------------------------------- */

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* A printable excerpt of s for a message (the text is untrusted). */
static const char *excerpt(char *dst, size_t size, const char *s,
			   const char *end)
{
	assert(size >= PGS_EXCERPT_SIZE(NEAR_MAX));
	(void)size;
	return pgs_excerpt(dst, s, (size_t)(end - s), NEAR_MAX);
}

#define EXCERPT_SIZE PGS_EXCERPT_SIZE(NEAR_MAX)

/* Is t the bare keyword kw (lower case)?  Short: the parser asks a lot. */
static int is_kw(const struct pgs_sql_token *t, const char *kw)
{
	return pgs_sql_is_kw(t, kw);
}

static int is_name_tok(const struct pgs_sql_token *t)
{
	return t->kind == PGS_SQL_WORD || t->kind == PGS_SQL_QIDENT;
}

/*
 * Index just past the group opening at i ('(' or '['), or 0 when it is not
 * closed.  Token 0 is never a group end, so 0 is free as the failure value.
 */
static size_t skip_group(const struct pgs_sql_tokens *tv, size_t i)
{
	size_t depth = 0;

	for (; i < tv->n; i++) {
		enum pgs_sql_kind k = tv->v[i].kind;

		if (k == PGS_SQL_LPAREN || k == PGS_SQL_LBRACK)
			depth++;
		else if (k == PGS_SQL_RPAREN || k == PGS_SQL_RBRACK) {
			if (depth == 0)
				return 0;
			if (--depth == 0)
				return i + 1;
		} else if (k == PGS_SQL_END)
			return 0;
	}
	return 0;
}

/* Index of the next ';' at depth 0 at or after i, or of PGS_SQL_END. */
static size_t stmt_end(const struct pgs_sql_tokens *tv, size_t i)
{
	int depth = 0;

	for (; tv->v[i].kind != PGS_SQL_END; i++) {
		enum pgs_sql_kind k = tv->v[i].kind;

		if (k == PGS_SQL_LPAREN || k == PGS_SQL_LBRACK)
			depth++;
		else if ((k == PGS_SQL_RPAREN || k == PGS_SQL_RBRACK) && depth > 0)
			depth--;
		else if (k == PGS_SQL_SEMI && depth == 0)
			break;
	}
	return i;
}

/* ---------------------------------------------------------------------- */
/* Small helpers                                                          */
/* ---------------------------------------------------------------------- */

static void *vec_grow(void *v, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *nv;

	if (need <= *cap)
		return v;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elem)
			return NULL;
		ncap *= 2;
	}
	nv = realloc(v, ncap * elem);
	if (nv)
		*cap = ncap;
	return nv;
}

static char *dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	/* s may be the NULL data of a buffer that never grew (n == 0). */
	if (d) {
		if (n)
			memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static char *dups(const char *s)
{
	return dupn(s, strlen(s));
}

/* "schema.name" with unquoted parts, as pgs_domain/pgs_usertype name them. */
static char *join_name(const char *schema, const char *name)
{
	size_t sl = strlen(schema), nl = strlen(name);
	char *d = malloc(sl + nl + 2);

	if (d) {
		memcpy(d, schema, sl);
		d[sl] = '.';
		memcpy(d + sl + 1, name, nl + 1);
	}
	return d;
}

static int desc_is(const struct pgs_toc_entry *te, const char *desc)
{
	return te->desc.p && strcmp(te->desc.p, desc) == 0;
}

static int nomem(struct pgs_error *err)
{
	return pgs_error_set(err, PGS_ENOMEM, "out of memory reading the schema");
}

/* ---------------------------------------------------------------------- */
/* Types                                                                  */
/* ---------------------------------------------------------------------- */

/*
 * Keywords that cannot be written bare where a type name or a schema name
 * goes (PostgreSQL 18's reserved and type_func_name keywords, kwlist.h).
 * A quoted name among them keeps its quotes in pgs_type.text; other
 * quoted names lose theirs when they do not need them, so that the text is
 * the same with and without --quote-all-identifiers.
 */
static const char *const quoted_keywords[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc",
	"asymmetric", "authorization", "binary", "both", "case", "cast",
	"check", "collate", "collation", "column", "concurrently",
	"constraint", "create", "cross", "current_catalog", "current_date",
	"current_role", "current_schema", "current_time", "current_timestamp",
	"current_user", "default", "deferrable", "desc", "distinct", "do",
	"else", "end", "except", "false", "fetch", "for", "foreign", "freeze",
	"from", "full", "grant", "group", "having", "ilike", "in", "initially",
	"inner", "intersect", "into", "is", "isnull", "join", "lateral",
	"leading", "left", "like", "limit", "localtime", "localtimestamp",
	"natural", "not", "notnull", "null", "offset", "on", "only", "or",
	"order", "outer", "overlaps", "placing", "primary", "references",
	"returning", "right", "select", "session_user", "similar", "some",
	"symmetric", "system_user", "table", "tablesample", "then", "to",
	"trailing", "true", "union", "unique", "user", "using", "variadic",
	"verbose", "when", "where", "window", "with",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_quoted_keyword(const char *name)
{
	return bsearch(&name, quoted_keywords,
		       sizeof(quoted_keywords) / sizeof(quoted_keywords[0]),
		       sizeof(quoted_keywords[0]), cmp_str) != NULL;
}

/* How a type's typmod is read. */
enum typmod_use {
	MOD_NONE = 0,
	MOD_CHARS,      /* (n) is max_chars; none: no limit */
	MOD_CHARS1,     /* (n) is max_chars; none: 1 (SQL CHARACTER) */
	MOD_NUMERIC,    /* (p[,s]) */
	MOD_PREC,       /* (p) fractional-second precision */
	MOD_FLOAT       /* float(p): 1-24 real, else double precision */
};

struct type_name {
	const char *name;
	enum pgs_type_kind kind;
	enum typmod_use mod;
	int sql_only;   /* an SQL spelling, not a pg_type name: bare only */
};

static const struct type_name type_names[] = {
	/* pg_type names: bare, quoted or pg_catalog-qualified */
	{ "int2", PGS_TYPE_INT2, MOD_NONE, 0 },
	{ "int4", PGS_TYPE_INT4, MOD_NONE, 0 },
	{ "int8", PGS_TYPE_INT8, MOD_NONE, 0 },
	{ "numeric", PGS_TYPE_NUMERIC, MOD_NUMERIC, 0 },
	{ "float4", PGS_TYPE_FLOAT4, MOD_NONE, 0 },
	{ "float8", PGS_TYPE_FLOAT8, MOD_NONE, 0 },
	{ "bool", PGS_TYPE_BOOL, MOD_NONE, 0 },
	{ "text", PGS_TYPE_TEXT, MOD_NONE, 0 },
	{ "citext", PGS_TYPE_TEXT, MOD_NONE, 0 },
	{ "varchar", PGS_TYPE_VARCHAR, MOD_CHARS, 0 },
	{ "bpchar", PGS_TYPE_CHAR, MOD_CHARS, 0 },
	{ "name", PGS_TYPE_NAME, MOD_NONE, 0 },
	{ "date", PGS_TYPE_DATE, MOD_NONE, 0 },
	{ "timestamp", PGS_TYPE_TIMESTAMP, MOD_PREC, 0 },
	{ "timestamptz", PGS_TYPE_TIMESTAMPTZ, MOD_PREC, 0 },
	{ "time", PGS_TYPE_TIME, MOD_PREC, 0 },
	{ "timetz", PGS_TYPE_TIMETZ, MOD_PREC, 0 },
	{ "interval", PGS_TYPE_INTERVAL, MOD_PREC, 0 },
	{ "uuid", PGS_TYPE_UUID, MOD_NONE, 0 },
	{ "inet", PGS_TYPE_INET, MOD_NONE, 0 },
	{ "cidr", PGS_TYPE_CIDR, MOD_NONE, 0 },
	{ "macaddr", PGS_TYPE_MACADDR, MOD_NONE, 0 },
	{ "macaddr8", PGS_TYPE_MACADDR, MOD_NONE, 0 },
	{ "json", PGS_TYPE_JSON, MOD_NONE, 0 },
	{ "jsonb", PGS_TYPE_JSONB, MOD_NONE, 0 },
	{ "bytea", PGS_TYPE_BYTEA, MOD_NONE, 0 },
	/* SQL spellings (format_type's for the special cases) */
	{ "smallint", PGS_TYPE_INT2, MOD_NONE, 1 },
	{ "integer", PGS_TYPE_INT4, MOD_NONE, 1 },
	{ "int", PGS_TYPE_INT4, MOD_NONE, 1 },
	{ "bigint", PGS_TYPE_INT8, MOD_NONE, 1 },
	{ "real", PGS_TYPE_FLOAT4, MOD_NONE, 1 },
	{ "double precision", PGS_TYPE_FLOAT8, MOD_NONE, 1 },
	{ "float", PGS_TYPE_FLOAT8, MOD_FLOAT, 1 },
	{ "boolean", PGS_TYPE_BOOL, MOD_NONE, 1 },
	{ "decimal", PGS_TYPE_NUMERIC, MOD_NUMERIC, 1 },
	{ "dec", PGS_TYPE_NUMERIC, MOD_NUMERIC, 1 },
	{ "character varying", PGS_TYPE_VARCHAR, MOD_CHARS, 1 },
	{ "char varying", PGS_TYPE_VARCHAR, MOD_CHARS, 1 },
	{ "character", PGS_TYPE_CHAR, MOD_CHARS1, 1 },
	{ "char", PGS_TYPE_CHAR, MOD_CHARS1, 1 },
};

static const struct type_name *find_type_name(const char *name, int bare)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if ((bare || !type_names[i].sql_only) &&
		    strcmp(type_names[i].name, name) == 0)
			return &type_names[i];
	return NULL;
}

struct ctx;
static long ctx_find_domain(struct ctx *c, const char *schema,
			    const char *name, struct pgs_error *err);
static long ctx_find_type(struct ctx *c, const char *schema,
			  const char *name);

/* A positive decimal that fits an int, or -1. */
static int tok_int(const struct pgs_sql_token *t)
{
	long v = 0;
	size_t i;

	if (t->kind != PGS_SQL_NUMBER || t->len == 0 || t->len > 9)
		return -1;
	for (i = 0; i < t->len; i++) {
		if (!is_digit((unsigned char)t->p[i]))
			return -1;
		v = v * 10 + (t->p[i] - '0');
	}
	return (int)v;
}

/*
 * "(n)" or "(p, s)" (s may be negative: numeric(5,-2), PostgreSQL 15) at
 * v[*i]; fills m[] and *nm and moves *i past it.  0 when it is not such a
 * list.
 */
static int read_typmod(const struct pgs_sql_token *v, size_t n, size_t *i, int m[2],
		       int *nm)
{
	size_t j = *i;
	int neg;

	if (j >= n || v[j].kind != PGS_SQL_LPAREN)
		return 0;
	j++;
	*nm = 0;
	for (;;) {
		neg = 0;
		if (j < n && v[j].kind == PGS_SQL_OP && v[j].len == 1 && v[j].p[0] == '-') {
			neg = 1;
			j++;
		}
		if (j >= n || *nm == 2 || tok_int(&v[j]) < 0)
			return 0;
		m[(*nm)++] = neg ? -tok_int(&v[j]) : tok_int(&v[j]);
		j++;
		if (j < n && v[j].kind == PGS_SQL_COMMA) {
			j++;
			continue;
		}
		if (j < n && v[j].kind == PGS_SQL_RPAREN)
			break;
		return 0;
	}
	*i = j + 1;
	return 1;
}

static void apply_typmod(struct pgs_type *t, const struct type_name *tn,
			 const int m[2], int nm)
{
	t->kind = tn->kind;
	switch (tn->mod) {
	case MOD_NONE:
		if (nm > 0)
			t->kind = PGS_TYPE_OTHER;   /* text(5)? not a type */
		break;
	case MOD_CHARS:
	case MOD_CHARS1:
		if (nm > 1 || (nm == 1 && m[0] <= 0))
			t->kind = PGS_TYPE_OTHER;
		else if (nm == 1)
			t->max_chars = m[0];
		else if (tn->mod == MOD_CHARS1)
			t->max_chars = 1;
		break;
	case MOD_NUMERIC:
		if (nm >= 1) {
			if (m[0] <= 0)
				t->kind = PGS_TYPE_OTHER;
			t->precision = m[0];
			t->scale = nm == 2 ? m[1] : 0;
		}
		break;
	case MOD_PREC:
		if (nm > 1 || (nm == 1 && m[0] < 0))
			t->kind = PGS_TYPE_OTHER;
		else if (nm == 1)
			t->precision = m[0];
		break;
	case MOD_FLOAT:
		if (nm > 1 || (nm == 1 && m[0] <= 0))
			t->kind = PGS_TYPE_OTHER;
		else if (nm == 1)
			t->kind = m[0] <= 24 ? PGS_TYPE_FLOAT4 : PGS_TYPE_FLOAT8;
		break;
	}
}

/* The name of a WORD (folded) or QIDENT (unquoted) token into b. */
static int tok_name(struct pgs_buf *b, const struct pgs_sql_token *t,
		    struct pgs_error *err)
{
	return pgs_sql_ident_value(b, t, err);
}

/*
 * Normalized text of the type tokens: one blank where there was white
 * space, quoted identifiers requoted only when they need it.
 */
/* Tokens that run into each other when written without a blank. */
static int word_like(const struct pgs_sql_token *t)
{
	return t->kind == PGS_SQL_WORD || t->kind == PGS_SQL_QIDENT ||
	       t->kind == PGS_SQL_UIDENT || t->kind == PGS_SQL_NUMBER ||
	       t->kind == PGS_SQL_PARAM || t->kind == PGS_SQL_STRING;
}

/* Is b written right after a, and would the two run into each other? */
static int glued(const struct pgs_sql_token *a, const struct pgs_sql_token *b)
{
	return !b->gap && word_like(a) && word_like(b);
}

static int type_text(struct pgs_buf *out, const struct pgs_sql_token *v, size_t n,
		     struct pgs_buf *name, struct pgs_error *err)
{
	size_t i;

	pgs_buf_reset(out);
	for (i = 0; i < n; i++) {
		if (i > 0 && v[i].gap && pgs_buf_addc(out, ' ', err))
			return -1;
		if (v[i].kind == PGS_SQL_QIDENT) {
			int after_dot = i > 0 && v[i - 1].kind == PGS_SQL_DOT;
			int qualified = after_dot ||
					(i + 1 < n && v[i + 1].kind == PGS_SQL_DOT);

			if (tok_name(name, &v[i], err))
				return -1;
			/*
			 * After a dot any keyword may go bare; elsewhere not the
			 * reserved ones, and "char" and "bit" are other types
			 * than bare char and bit (character(1), bit(1)).  Nor
			 * a name glued to a word ("tex"t is not text; pg_dump
			 * never writes that, fuzz_schema does).
			 */
			if ((i > 0 && glued(&v[i - 1], &v[i])) ||
			    (i + 1 < n && glued(&v[i], &v[i + 1])) ||
			    (!after_dot &&
			     (is_quoted_keyword(name->data) ||
			      (!qualified && (strcmp(name->data, "char") == 0 ||
					      strcmp(name->data, "bit") == 0))))) {
				if (pgs_buf_add(out, v[i].p, v[i].len, err))
					return -1;
			} else if (pgs_ident_quote(out, name->data, err)) {
				return -1;
			}
		} else if (pgs_buf_add(out, v[i].p, v[i].len, err)) {
			return -1;
		}
	}
	return 0;
}

static void type_clear(struct pgs_type *t)
{
	t->kind = PGS_TYPE_OTHER;
	t->is_array = 0;
	t->max_chars = -1;
	t->precision = -1;
	t->scale = -1;
	t->text = NULL;
	t->domain = NULL;
	t->labels = NULL;       /* the caller's struct may hold anything */
	t->nlabels = 0;
	t->unparsed_kind = t->unparsed_name = t->unparsed_error = NULL;
}

void pgs_type_release(struct pgs_type *t)
{
	free(t->text);
	free(t->domain);
	type_clear(t);
}

static int type_copy(struct pgs_type *dst, const struct pgs_type *src)
{
	*dst = *src;
	dst->text = src->text ? dups(src->text) : NULL;
	dst->domain = src->domain ? dups(src->domain) : NULL;
	if ((src->text && !dst->text) || (src->domain && !dst->domain)) {
		pgs_type_release(dst);
		return -1;
	}
	return 0;
}

/* Linear lookups for pgs_type_parse() called without a build context. */
static int name_is(const char *full, const char *schema, const char *name)
{
	size_t sl = strlen(schema);

	return strncmp(full, schema, sl) == 0 && full[sl] == '.' &&
	       strcmp(full + sl + 1, name) == 0;
}

/*
 * The type parser behind pgs_type_parse().  With a build context c,
 * domains are found through its index and resolved on demand; without
 * one, s (possibly NULL) is searched as it stands.  *domain_nn is set when
 * the type is a NOT NULL domain.
 */
/* Whether f is the fields of an interval type as PostgreSQL spells them
 * ("year", "day to second", ...); anything else is no interval. */
static int interval_fields(const char *f)
{
	static const char *const ok[] = {
		"year", "month", "day", "hour", "minute", "second",
		"year to month", "day to hour", "day to minute", "day to second",
		"hour to minute", "hour to second", "minute to second", NULL
	};
	size_t i;

	for (i = 0; ok[i]; i++)
		if (strcmp(f, ok[i]) == 0)
			return 1;
	return 0;
}

static int type_parse(struct pgs_type *t, const char *text, size_t len,
		      const struct pgs_schema *s, struct ctx *c,
		      int *domain_nn, struct pgs_error *err)
{
	struct pgs_sql_tokens tv = PGS_SQL_TOKENS_INIT;
	struct pgs_sql_lexer lx;
	struct pgs_buf out, b1, b2;
	const struct pgs_sql_token *v;
	char ex[EXCERPT_SIZE];
	size_t n, i;
	int m[2] = { -1, -1 }, nm = 0, rc = -1, is_array = 0;

	type_clear(t);
	if (domain_nn)
		*domain_nn = 0;
	pgs_buf_init(&out, SCRATCH_MAX);
	pgs_buf_init(&b1, SCRATCH_MAX);
	pgs_buf_init(&b2, SCRATCH_MAX);

	pgs_sql_lexer_init(&lx, text, len, 1);
	if (pgs_sql_lex_all(&tv, &lx, err)) {
		if (!lx.why) {
			nomem(err);
			goto done;
		}
		pgs_error_set(err, PGS_EINPUT, "cannot parse type \"%s\": %s",
			      excerpt(ex, sizeof(ex), text, text + len), lx.why);
		goto done;
	}
	v = tv.v;
	n = tv.n - 1;           /* without PGS_SQL_END */
	if (n == 0) {
		pgs_error_set(err, PGS_EINPUT, "empty type name");
		goto done;
	}
	if (type_text(&out, v, n, &b1, err))
		goto done;

	/* Array suffixes: [] or [n], repeated; or SQL's ARRAY[n]. */
	for (;;) {
		if (n >= 2 && v[n - 1].kind == PGS_SQL_RBRACK &&
		    v[n - 2].kind == PGS_SQL_LBRACK) {
			n -= 2;
		} else if (n >= 3 && v[n - 1].kind == PGS_SQL_RBRACK &&
			   v[n - 2].kind == PGS_SQL_NUMBER &&
			   v[n - 3].kind == PGS_SQL_LBRACK) {
			n -= 3;
		} else if (n >= 2 && is_kw(&v[n - 1], "array")) {
			n -= 1;
		} else {
			break;
		}
		is_array = 1;
	}
	if (n == 0 || !is_name_tok(&v[0]))
		goto other;

	if (n >= 3 && v[1].kind == PGS_SQL_DOT && is_name_tok(&v[2])) {
		/* schema.name: a user type, or pg_catalog's by its pg_type name */
		if (tok_name(&b1, &v[0], err) || tok_name(&b2, &v[2], err))
			goto done;
		if (n > 3 && v[3].kind == PGS_SQL_DOT)
			goto other;     /* database.schema.name */
		if (strcmp(b1.data, "pg_catalog") == 0) {
			const struct type_name *tn = find_type_name(b2.data, 0);

			i = 3;
			if (!tn)
				goto other;
			if (i < n && !read_typmod(v, n, &i, m, &nm))
				goto other;
			if (i != n)
				goto other;
			apply_typmod(t, tn, m, nm);
			goto found;
		}

		long d = -1, ty = -1;

		if (c) {
			d = ctx_find_domain(c, b1.data, b2.data, err);
			if (d == -2)
				goto done;
			if (d < 0)
				ty = ctx_find_type(c, b1.data, b2.data);
		} else if (s) {
			for (i = 0; d < 0 && i < s->ndomains; i++)
				if (name_is(s->domains[i].name, b1.data, b2.data))
					d = (long)i;
			for (i = 0; d < 0 && ty < 0 && i < s->ntypes; i++)
				if (name_is(s->types[i].name, b1.data, b2.data))
					ty = (long)i;
		}
		if (d >= 0) {
			const struct pgs_domain *dom = &s->domains[d];

			if (dom->parse_error) {
				t->unparsed_kind = "domain";
				t->unparsed_name = dom->name;
				t->unparsed_error = dom->parse_error;
			} else {
				t->unparsed_kind = dom->base.unparsed_kind;
				t->unparsed_name = dom->base.unparsed_name;
				t->unparsed_error = dom->base.unparsed_error;
			}
			t->kind = dom->base.kind;
			t->max_chars = dom->base.max_chars;
			t->precision = dom->base.precision;
			t->scale = dom->base.scale;
			t->labels = dom->base.labels;
			t->nlabels = dom->base.nlabels;
			is_array |= dom->base.is_array;
			if (!(t->domain = dups(dom->name))) {
				nomem(err);
				goto done;
			}
			if (domain_nn)
				*domain_nn = dom->not_null;
		} else if (ty >= 0) {
			if (s->types[ty].parse_error) {
				t->unparsed_kind = "type";
				t->unparsed_name = s->types[ty].name;
				t->unparsed_error = s->types[ty].parse_error;
			}
			t->kind = s->types[ty].kind;
			/* Borrowed: the schema owns the labels. */
			t->labels = s->types[ty].labels;
			t->nlabels = s->types[ty].nlabels;
		} else if (strcmp(b2.data, "citext") == 0) {
			/* An extension's type: never in the TOC as a TYPE. */
			t->kind = PGS_TYPE_TEXT;
		}
		goto found;
	}

	if (v[0].kind == PGS_SQL_QIDENT) {
		/* A quoted pg_type name ("text", "char", "bpchar" ...). */
		const struct type_name *tn;

		if (tok_name(&b1, &v[0], err))
			goto done;
		tn = find_type_name(b1.data, 0);
		i = 1;
		if (!tn || (i < n && !read_typmod(v, n, &i, m, &nm)) || i != n)
			goto other;
		apply_typmod(t, tn, m, nm);
		goto found;
	}

	/*
	 * Bare words: SQL spellings ("character varying(32)", "timestamp(3)
	 * with time zone", "interval day to second(3)") or pg_type names.
	 */
	{
		const struct type_name *tn = NULL;
		size_t w1_end, j;
		int tz = -1;    /* -1 none, 0 without, 1 with time zone */

		pgs_buf_reset(&b1);
		for (i = 0; i < n && v[i].kind == PGS_SQL_WORD; i++) {
			if (i > 0 && pgs_buf_addc(&b1, ' ', err))
				goto done;
			for (j = 0; j < v[i].len; j++) {
				char ch = v[i].p[j];

				if (ch >= 'A' && ch <= 'Z')
					ch = (char)(ch - 'A' + 'a');
				if (pgs_buf_addc(&b1, ch, err))
					goto done;
			}
		}
		w1_end = i;
		if (i < n && !read_typmod(v, n, &i, m, &nm))
			goto other;
		if (i < n) {
			if (n - i == 3 && is_kw(&v[i], "with") &&
			    is_kw(&v[i + 1], "time") && is_kw(&v[i + 2], "zone"))
				tz = 1;
			else if (n - i == 3 && is_kw(&v[i], "without") &&
				 is_kw(&v[i + 1], "time") && is_kw(&v[i + 2], "zone"))
				tz = 0;
			else
				goto other;
		}
		/* Without a typmod the zone words are still words of w1. */
		if (w1_end == n && tz < 0 && n >= 4 && is_kw(&v[n - 1], "zone") &&
		    is_kw(&v[n - 2], "time") &&
		    (is_kw(&v[n - 3], "with") || is_kw(&v[n - 3], "without"))) {
			tz = is_kw(&v[n - 3], "with");
			b1.len -= v[n - 3].len + v[n - 2].len + v[n - 1].len + 3;
			b1.data[b1.len] = '\0';
		}
		if (tz >= 0) {
			if (strcmp(b1.data, "timestamp") == 0)
				tn = find_type_name(tz ? "timestamptz" : "timestamp", 0);
			else if (strcmp(b1.data, "time") == 0)
				tn = find_type_name(tz ? "timetz" : "time", 0);
		} else if (strncmp(b1.data, "interval ", 9) == 0) {
			/* interval with fields: "interval year to month" */
			if (interval_fields(b1.data + 9))
				tn = find_type_name("interval", 0);
		} else {
			tn = find_type_name(b1.data, 1);
		}
		if (!tn)
			goto other;
		apply_typmod(t, tn, m, nm);
		goto found;
	}

other:
	type_clear(t);
found:
	if (t->kind == PGS_TYPE_NAME)
		t->max_chars = PGS_IDENT_MAX;
	t->is_array = is_array;
	if (!(t->text = dupn(out.data, out.len))) {
		nomem(err);
		goto done;
	}
	rc = 0;
done:
	if (rc) {
		free(t->domain);
		type_clear(t);
	}
	pgs_sql_tokens_release(&tv);
	pgs_buf_release(&out);
	pgs_buf_release(&b1);
	pgs_buf_release(&b2);
	return rc;
}

int pgs_type_parse(struct pgs_type *t, const char *text,
		   const struct pgs_schema *s, struct pgs_error *err)
{
	assert(text);
	return type_parse(t, text, strlen(text), s, NULL, NULL, err);
}

/* ---------------------------------------------------------------------- */
/* Build context                                                          */
/* ---------------------------------------------------------------------- */

/* A column (or composite attribute) as a definition writes it. */
struct coldef {
	char *name;
	char *type;             /* type text; NULL for "WITH OPTIONS" */
	unsigned char not_null, no_inherit, generated, unique, pk;
};

struct coldefs {
	struct coldef *v;
	size_t n, cap;
};

/* Something said about a column by name, applied once columns are known. */
enum mark_what { MARK_NOT_NULL, MARK_UNIQUE, MARK_PK, MARK_PARTKEY };

struct mark {
	char *col;
	enum mark_what what;
};

/* A parent named by a definition or a TABLE ATTACH entry. */
struct link {
	char *schema, *name;
	int partition;          /* partition of it (else INHERITS) */
	int columns;            /* the child's columns come from it */
};

struct tside {
	struct coldefs defs;
	struct mark *marks;
	size_t nmarks, cmarks;
	struct link *links;
	size_t nlinks, clinks;
	char *of_schema, *of_name;      /* CREATE TABLE t OF type */
	int partitioned;                /* PARTITION BY */
	int state;                      /* 0 new, 1 building, 2 built */
	int inherit_unknown;            /* columns come from a parent that is
					   not in the archive or not understood:
					   they are added from the COPY
					   statement, unknown */
	unsigned char *no_inherit;      /* per built column */
	unsigned char *part_parent;     /* per parent: a partition link */
};

/* A DOMAIN entry before resolution. */
struct dside {
	char *schema, *name;
	char *base_text;
	long toc_index;
	int state;                      /* 0 new, 1 resolving, 2 done */
};

struct uside {
	char *schema, *name;
	struct coldefs attrs;           /* composite types */
	long toc_index;
};

/* Sorted (schema, name) → index, for lookups without O(n^2). */
struct nix {
	const char *schema, *name;
	long idx;
};

struct did {
	int dump_id;
	long idx;
};

struct ctx {
	const struct pgs_archive *a;
	struct pgs_schema *s;
	struct pgs_sql_tokens tv;                 /* tokens of the entry being parsed */
	struct pgs_buf b1, b2, b3;
	struct tside *ts;
	struct dside *ds;
	struct uside *us;
	struct nix *tix, *dix, *uix;
	struct did *tdid;               /* TABLE dumpId → table index */
	long *order;                    /* tables, parents first */
	size_t norder;
	unsigned domain_depth;          /* of the domain being resolved */
	int fatal;                      /* the error is about the archive, not
					   one table (a cycle, too many
					   columns): never a parse_error */
	char label[PGS_ERROR_MSG_MAX / 2];
};

static int nix_cmp(const void *pa, const void *pb)
{
	const struct nix *a = pa, *b = pb;
	int r = strcmp(a->schema, b->schema);

	return r ? r : strcmp(a->name, b->name);
}

static long nix_find(const struct nix *ix, size_t n, const char *schema,
		     const char *name)
{
	struct nix key = { schema, name, -1 };
	const struct nix *f;

	if (!ix)
		return -1;
	f = bsearch(&key, ix, n, sizeof(*ix), nix_cmp);
	return f ? f->idx : -1;
}

static int did_cmp(const void *pa, const void *pb)
{
	const struct did *a = pa, *b = pb;

	return (a->dump_id > b->dump_id) - (a->dump_id < b->dump_id);
}

static long find_table(struct ctx *c, const char *schema, const char *name)
{
	return nix_find(c->tix, c->s->ntables, schema, name);
}

static long ctx_find_type(struct ctx *c, const char *schema, const char *name)
{
	return nix_find(c->uix, c->s->ntypes, schema, name);
}

static const char *entry_label(struct ctx *c, long toc_index)
{
	return pgs_archive_entry_label(&c->a->toc[toc_index], c->label,
				       sizeof(c->label));
}

static void coldefs_release(struct coldefs *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].name);
		free(d->v[i].type);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

static void ctx_release(struct ctx *c)
{
	size_t i, j;

	for (i = 0; c->ts && i < c->s->ntables; i++) {
		struct tside *t = &c->ts[i];

		coldefs_release(&t->defs);
		for (j = 0; j < t->nmarks; j++)
			free(t->marks[j].col);
		free(t->marks);
		for (j = 0; j < t->nlinks; j++) {
			free(t->links[j].schema);
			free(t->links[j].name);
		}
		free(t->links);
		free(t->of_schema);
		free(t->of_name);
		free(t->no_inherit);
		free(t->part_parent);
	}
	for (i = 0; c->ds && i < c->s->ndomains; i++) {
		free(c->ds[i].schema);
		free(c->ds[i].name);
		free(c->ds[i].base_text);
	}
	for (i = 0; c->us && i < c->s->ntypes; i++) {
		free(c->us[i].schema);
		free(c->us[i].name);
		coldefs_release(&c->us[i].attrs);
	}
	free(c->ts);
	free(c->ds);
	free(c->us);
	free(c->tix);
	free(c->dix);
	free(c->uix);
	free(c->tdid);
	free(c->order);
	pgs_sql_tokens_release(&c->tv);
	pgs_buf_release(&c->b1);
	pgs_buf_release(&c->b2);
	pgs_buf_release(&c->b3);
}

/* ---------------------------------------------------------------------- */
/* Parsing definitions (syntax only)                                      */
/* ---------------------------------------------------------------------- */

/*
 * Where a parse failed, for the message: set err to "<why> at "<text>"".
 * The caller adds which entry and what it was parsing.
 */
static int bad(struct pgs_error *err, const struct pgs_sql_token *t, const char *end,
	       const char *why)
{
	char ex[EXCERPT_SIZE];

	if (t->kind == PGS_SQL_END)
		return pgs_error_set(err, PGS_EINPUT, "%s at the end", why);
	return pgs_error_set(err, PGS_EINPUT, "%s at \"%s\"", why,
			     excerpt(ex, sizeof(ex), t->p, end));
}

static int tokenize(struct ctx *c, struct pgs_sql_tokens *tv, const struct pgs_str *defn,
		    struct pgs_error *err)
{
	struct pgs_sql_lexer lx;
	char ex[EXCERPT_SIZE];

	pgs_sql_lexer_init(&lx, defn->p, defn->len, c->a->std_strings != 0);
	if (pgs_sql_lex_all(tv, &lx, err)) {
		if (!lx.why)
			return nomem(err);
		return pgs_error_set(err, PGS_EINPUT, "%s at \"%s\"", lx.why,
				     excerpt(ex, sizeof(ex), defn->p + lx.why_off,
					     defn->p + defn->len));
	}
	return 0;
}

/* An identifier token into a new string. */
static int ident_dup(struct ctx *c, const struct pgs_sql_token *t, char **out,
		     const char *end, struct pgs_error *err)
{
	if (!is_name_tok(t))
		return bad(err, t, end, "expected a name");
	if (tok_name(&c->b3, t, err))
		return -1;
	if (!(*out = dupn(c->b3.data, c->b3.len)))
		return nomem(err);
	return 0;
}

/*
 * [schema.]name at tv[*i] into new strings (schema "" when unqualified:
 * pg_dump before 10.3 wrote names unqualified).
 */
static int qname(struct ctx *c, const struct pgs_sql_tokens *tv, size_t *i,
		 char **schema, char **name, const char *end,
		 struct pgs_error *err)
{
	const struct pgs_sql_token *v = tv->v;
	char *a = NULL, *b = NULL;

	*schema = *name = NULL;
	if (ident_dup(c, &v[*i], &a, end, err))
		return -1;
	if (v[*i + 1].kind == PGS_SQL_DOT) {
		if (ident_dup(c, &v[*i + 2], &b, end, err)) {
			free(a);
			return -1;
		}
		*i += 3;
		*schema = a;
		*name = b;
		return 0;
	}
	*i += 1;
	if (!(b = dups(""))) {
		free(a);
		return nomem(err);
	}
	*schema = b;
	*name = a;
	return 0;
}

/* Does the parsed name denote table (schema, name)?  Unqualified matches any
 * schema (old pg_dump set search_path instead). */
static int same_table(const char *qs, const char *qn, const char *schema,
		      const char *name)
{
	return strcmp(qn, name) == 0 && (!*qs || strcmp(qs, schema) == 0);
}

/* Skip leading statements that do not create anything: binary-upgrade
 * dumps start with SELECT pg_catalog.binary_upgrade_set_next_...(). */
static size_t skip_selects(const struct pgs_sql_tokens *tv, size_t i)
{
	while (is_kw(&tv->v[i], "select")) {
		i = stmt_end(tv, i);
		if (tv->v[i].kind == PGS_SQL_SEMI)
			i++;
	}
	return i;
}

static int add_mark(struct tside *ts, const char *col, size_t len,
		    enum mark_what what, struct pgs_error *err)
{
	struct mark *nm = vec_grow(ts->marks, &ts->cmarks, ts->nmarks + 1,
				   sizeof(*nm));

	if (!nm)
		return nomem(err);
	ts->marks = nm;
	if (!(nm[ts->nmarks].col = dupn(col, len)))
		return nomem(err);
	nm[ts->nmarks].what = what;
	ts->nmarks++;
	return 0;
}

static int add_link(struct tside *ts, char *schema, char *name, int partition,
		    int columns, struct pgs_error *err)
{
	struct link *nl = vec_grow(ts->links, &ts->clinks, ts->nlinks + 1,
				   sizeof(*nl));

	if (!nl) {
		free(schema);
		free(name);
		return nomem(err);
	}
	ts->links = nl;
	nl[ts->nlinks].schema = schema;
	nl[ts->nlinks].name = name;
	nl[ts->nlinks].partition = partition;
	nl[ts->nlinks].columns = columns;
	ts->nlinks++;
	return 0;
}

/*
 * "(col, col ...)" of a key at v[*i]: each item that starts with a name not
 * followed by '(' or '.' is a column, given to fn (an expression of an
 * index is not).
 */
typedef int (*col_fn)(struct ctx *c, void *arg, const char *name,
		      struct pgs_error *err);

static int key_columns(struct ctx *c, const struct pgs_sql_tokens *tv, size_t *i,
		       const char *end, col_fn fn, void *arg,
		       struct pgs_error *err)
{
	const struct pgs_sql_token *v = tv->v;
	size_t j = *i, close;

	if (v[j].kind != PGS_SQL_LPAREN)
		return bad(err, &v[j], end, "expected \"(\" and a column list");
	close = skip_group(tv, j);
	if (!close)
		return bad(err, &v[j], end, "unbalanced parentheses");
	j++;
	while (j < close - 1) {
		size_t k = j;

		if (is_name_tok(&v[k]) && v[k + 1].kind != PGS_SQL_LPAREN &&
		    v[k + 1].kind != PGS_SQL_DOT) {
			if (tok_name(&c->b2, &v[k], err))
				return -1;
			if (fn(c, arg, c->b2.data, err))
				return -1;
		}
		/* to the next comma at this depth */
		while (k < close - 1 && v[k].kind != PGS_SQL_COMMA) {
			if (v[k].kind == PGS_SQL_LPAREN || v[k].kind == PGS_SQL_LBRACK) {
				k = skip_group(tv, k);
				if (!k)
					return bad(err, &v[j], end,
						   "unbalanced parentheses");
			} else {
				k++;
			}
		}
		j = k + 1;
	}
	*i = close;
	return 0;
}

struct mark_arg {
	struct tside *ts;
	enum mark_what what;
};

static int mark_col(struct ctx *c, void *arg, const char *name,
		    struct pgs_error *err)
{
	struct mark_arg *ma = arg;

	(void)c;
	return add_mark(ma->ts, name, strlen(name), ma->what, err);
}

/* Keywords that end a column's type in a definition (not after a '.'). */
static int ends_type(const struct pgs_sql_token *v, size_t j)
{
	static const char *const kws[] = {
		"default", "generated", "not", "null", "constraint", "collate",
		"check", "primary", "unique", "references", "options",
		"storage", "compression",
	};
	size_t k;

	if (j > 0 && v[j - 1].kind == PGS_SQL_DOT)
		return 0;
	if (is_kw(&v[j], "with") && is_kw(&v[j + 1], "options"))
		return 1;
	for (k = 0; k < sizeof(kws) / sizeof(kws[0]); k++)
		if (is_kw(&v[j], kws[k]))
			return 1;
	return 0;
}

/*
 * A table constraint inside the parentheses of CREATE TABLE: CHECK
 * constraints (skipped), pg_dump 18's "[CONSTRAINT c] NOT NULL col" for
 * inherited columns, and keys.
 */
static int table_constraint(struct ctx *c, struct tside *ts,
			    const struct pgs_sql_tokens *tv, size_t lo, size_t hi,
			    const char *end, struct pgs_error *err)
{
	const struct pgs_sql_token *v = tv->v;
	struct mark_arg ma;
	size_t j = lo;

	if (is_kw(&v[j], "constraint")) {
		if (!is_name_tok(&v[j + 1]))
			return bad(err, &v[j + 1], end, "expected a constraint name");
		j += 2;
	}
	if (is_kw(&v[j], "not") && is_kw(&v[j + 1], "null")) {
		if (!is_name_tok(&v[j + 2]) || j + 2 >= hi)
			return bad(err, &v[j + 2], end, "expected a column name");
		if (tok_name(&c->b2, &v[j + 2], err))
			return -1;
		return add_mark(ts, c->b2.data, c->b2.len, MARK_NOT_NULL, err);
	}
	if (is_kw(&v[j], "primary") && is_kw(&v[j + 1], "key")) {
		j += 2;
		ma.ts = ts;
		ma.what = MARK_PK;
		return key_columns(c, tv, &j, end, mark_col, &ma, err);
	}
	if (is_kw(&v[j], "unique")) {
		j++;
		if (is_kw(&v[j], "nulls")) {
			j++;
			if (is_kw(&v[j], "not"))
				j++;
			if (!is_kw(&v[j], "distinct"))
				return bad(err, &v[j], end, "expected DISTINCT");
			j++;
		}
		ma.ts = ts;
		ma.what = MARK_UNIQUE;
		return key_columns(c, tv, &j, end, mark_col, &ma, err);
	}
	if (is_kw(&v[j], "like"))
		return bad(err, &v[j], end,
			   "LIKE copies columns that the definition does not list");
	/* CHECK, FOREIGN KEY, EXCLUDE: nothing about the column list */
	return 0;
}

/* Is the item at lo a table constraint rather than a column? */
static int is_table_constraint(const struct pgs_sql_token *v, size_t lo)
{
	/* Reserved words: a column of that name would be quoted. */
	if (is_kw(&v[lo], "constraint") || is_kw(&v[lo], "check") ||
	    is_kw(&v[lo], "not") || is_kw(&v[lo], "primary") ||
	    is_kw(&v[lo], "unique") || is_kw(&v[lo], "foreign") ||
	    is_kw(&v[lo], "like"))
		return 1;
	/* EXCLUDE is unreserved: only with what must follow it. */
	return is_kw(&v[lo], "exclude") &&
	       (v[lo + 1].kind == PGS_SQL_LPAREN || is_kw(&v[lo + 1], "using"));
}

/*
 * One column definition v[lo..hi): name, type or WITH OPTIONS, then
 * DEFAULT / GENERATED ALWAYS AS (...) [STORED] / [CONSTRAINT c] NOT NULL
 * [NO INHERIT] / COLLATE ... (pg_dump.c dumpTableSchema).
 */
static int column_def(struct ctx *c, struct coldefs *defs, int attrs_only,
		      const struct pgs_sql_tokens *tv, size_t lo, size_t hi,
		      const char *end, struct pgs_error *err)
{
	const struct pgs_sql_token *v = tv->v;
	struct coldef d;
	struct coldef *nv;
	size_t j = lo + 1, ts;
	size_t k;

	memset(&d, 0, sizeof(d));
	if (!is_name_tok(&v[lo]))
		return bad(err, &v[lo], end, "expected a column name");
	if (tok_name(&c->b2, &v[lo], err))
		return -1;

	if (is_kw(&v[j], "with") && is_kw(&v[j + 1], "options") && !attrs_only) {
		j += 2;
	} else if (!attrs_only && j < hi && ends_type(v, j)) {
		/* A typed table's or partition's column options: pg_dump
		 * writes "id NOT NULL", "name DEFAULT 'x'::text" (the
		 * column and its type come from the type or parent). */
	} else {
		ts = j;
		while (j < hi && !(attrs_only ? is_kw(&v[j], "collate") &&
				   v[j - 1].kind != PGS_SQL_DOT : ends_type(v, j))) {
			if (v[j].kind == PGS_SQL_LPAREN || v[j].kind == PGS_SQL_LBRACK) {
				j = skip_group(tv, j);
				if (!j || j > hi)
					return bad(err, &v[ts], end,
						   "unbalanced parentheses in a type");
			} else {
				j++;
			}
		}
		if (j == ts)
			return bad(err, &v[ts], end, "expected a column type");
		d.type = dupn(v[ts].p, (size_t)(v[j - 1].p + v[j - 1].len - v[ts].p));
		if (!d.type)
			return nomem(err);
	}
	for (; j < hi; ) {
		if (v[j].kind == PGS_SQL_LPAREN || v[j].kind == PGS_SQL_LBRACK) {
			j = skip_group(tv, j);
			if (!j || j > hi) {
				free(d.type);
				return bad(err, &v[lo], end, "unbalanced parentheses");
			}
			continue;
		}
		if (is_kw(&v[j], "not") && is_kw(&v[j + 1], "null")) {
			d.not_null = 1;
			j += 2;
			if (is_kw(&v[j], "no") && is_kw(&v[j + 1], "inherit")) {
				d.no_inherit = 1;
				j += 2;
			}
			continue;
		}
		/* GENERATED ALWAYS AS IDENTITY is an ordinary column in COPY. */
		if (is_kw(&v[j], "generated") && is_kw(&v[j + 1], "always") &&
		    is_kw(&v[j + 2], "as") && v[j + 3].kind == PGS_SQL_LPAREN)
			d.generated = 1;
		else if (is_kw(&v[j], "primary") && is_kw(&v[j + 1], "key"))
			d.pk = d.unique = d.not_null = 1;
		else if (is_kw(&v[j], "unique"))
			d.unique = 1;
		j++;
	}

	/* --binary-upgrade keeps dropped columns as placeholders. */
	if (strncmp(c->b2.data, "........pg.dropped.", 19) == 0) {
		free(d.type);
		return 0;
	}
	/* The cap keeps this scan (and the lookups that build the table)
	 * from going quadratic on a hostile definition. */
	if (defs->n == PGS_MAX_COPY_COLUMNS) {
		free(d.type);
		c->fatal = 1;
		return bad(err, &v[lo], end, "more than "
			   PGS_STR(PGS_MAX_COPY_COLUMNS) " columns, the most a "
			   "PostgreSQL table or type can have");
	}
	for (k = 0; k < defs->n; k++) {
		if (strcmp(defs->v[k].name, c->b2.data) == 0) {
			free(d.type);
			return bad(err, &v[lo], end, "column defined twice");
		}
	}
	if (!(d.name = dupn(c->b2.data, c->b2.len))) {
		free(d.type);
		return nomem(err);
	}
	nv = vec_grow(defs->v, &defs->cap, defs->n + 1, sizeof(*nv));
	if (!nv) {
		free(d.name);
		free(d.type);
		return nomem(err);
	}
	defs->v = nv;
	nv[defs->n++] = d;
	return 0;
}

/*
 * "( item, item ... )" at v[*i]: columns into defs; table constraints
 * (when ts is set) into ts's marks.
 */
static int column_list(struct ctx *c, struct coldefs *defs, struct tside *ts,
		       const struct pgs_sql_tokens *tv, size_t *i, const char *end,
		       struct pgs_error *err)
{
	const struct pgs_sql_token *v = tv->v;
	size_t close = skip_group(tv, *i), j = *i + 1;

	if (!close)
		return bad(err, &v[*i], end, "the column list is not closed");
	close--;                        /* at the ')' */
	if (j == close) {
		*i = close + 1;
		return 0;
	}
	for (;;) {
		size_t lo = j;

		while (j < close && v[j].kind != PGS_SQL_COMMA) {
			if (v[j].kind == PGS_SQL_LPAREN || v[j].kind == PGS_SQL_LBRACK)
				j = skip_group(tv, j);
			else
				j++;
		}
		if (lo == j)
			return bad(err, &v[j], end, "empty column definition");
		if (ts && is_table_constraint(v, lo)) {
			if (table_constraint(c, ts, tv, lo, j, end, err))
				return -1;
		} else if (column_def(c, defs, ts == NULL, tv, lo, j, end, err)) {
			return -1;
		}
		if (j == close)
			break;
		j++;
	}
	*i = close + 1;
	return 0;
}

/* ALTER [FOREIGN] TABLE [ONLY] [IF EXISTS] name at v[*i]. */
static int alter_table_head(struct ctx *c, const struct pgs_sql_tokens *tv, size_t *i,
			    char **schema, char **name, const char *end,
			    struct pgs_error *err)
{
	const struct pgs_sql_token *v = tv->v;
	size_t j = *i;

	if (!is_kw(&v[j], "alter"))
		return 1;
	j++;
	if (is_kw(&v[j], "foreign"))
		j++;
	if (!is_kw(&v[j], "table"))
		return 1;
	j++;
	if (is_kw(&v[j], "if") && is_kw(&v[j + 1], "exists"))
		j += 2;
	if (is_kw(&v[j], "only"))
		j++;
	if (qname(c, tv, &j, schema, name, end, err))
		return -1;
	*i = j;
	return 0;
}

/*
 * The statements after CREATE TABLE in a TABLE entry: pg_dump 12-13's
 * ATTACH PARTITION, --binary-upgrade's INHERIT, and SET NOT NULL for
 * inherited columns (pg_dump 12-17).  --binary-upgrade's DROP COLUMN only
 * drops the placeholders that column_def() already left out.
 */
static int table_tail(struct ctx *c, size_t ti, const struct pgs_sql_tokens *tv,
		      size_t i, const char *end, struct pgs_error *err)
{
	const struct pgs_table *t = &c->s->tables[ti];
	struct tside *ts = &c->ts[ti];
	const struct pgs_sql_token *v = tv->v;

	while (v[i].kind != PGS_SQL_END) {
		size_t e = stmt_end(tv, i), j = i;
		char *s1 = NULL, *n1 = NULL, *s2 = NULL, *n2 = NULL;
		int r = alter_table_head(c, tv, &j, &s1, &n1, end, err);

		if (r < 0)
			return -1;
		if (r == 0 && is_kw(&v[j], "attach") && is_kw(&v[j + 1], "partition")) {
			j += 2;
			if (qname(c, tv, &j, &s2, &n2, end, err))
				goto fail;
			if (same_table(s2, n2, t->schema, t->name)) {
				if (add_link(ts, s1, n1, 1, 0, err)) {
					s1 = n1 = NULL;
					goto fail;
				}
				s1 = n1 = NULL;
			}
		} else if (r == 0 && is_kw(&v[j], "inherit") &&
			   same_table(s1, n1, t->schema, t->name)) {
			j++;
			if (qname(c, tv, &j, &s2, &n2, end, err))
				goto fail;
			if (add_link(ts, s2, n2, 0, 1, err)) {
				s2 = n2 = NULL;
				goto fail;
			}
			s2 = n2 = NULL;
		} else if (r == 0 && same_table(s1, n1, t->schema, t->name) &&
			   is_kw(&v[j], "alter")) {
			j++;
			if (is_kw(&v[j], "column"))
				j++;
			if (is_name_tok(&v[j]) && is_kw(&v[j + 1], "set") &&
			    is_kw(&v[j + 2], "not") && is_kw(&v[j + 3], "null")) {
				if (tok_name(&c->b2, &v[j], err))
					goto fail;
				if (add_mark(ts, c->b2.data, c->b2.len,
					     MARK_NOT_NULL, err))
					goto fail;
			}
		}
		free(s1);
		free(n1);
		free(s2);
		free(n2);
		i = v[e].kind == PGS_SQL_SEMI ? e + 1 : e;
		continue;
fail:
		free(s1);
		free(n1);
		free(s2);
		free(n2);
		return -1;
	}
	return 0;
}

/*
 * CREATE [UNLOGGED ][FOREIGN ]TABLE name [OF type | PARTITION OF parent]
 *     [(columns and constraints)] [INHERITS (parents)] [PARTITION BY ...]
 *     [FOR VALUES ... | DEFAULT] [SERVER s] [WITH (...)] [OPTIONS (...)];
 * and the statements after it.
 */
static int parse_table_defn(struct ctx *c, size_t ti, struct pgs_error *err)
{
	struct pgs_table *t = &c->s->tables[ti];
	struct tside *ts = &c->ts[ti];
	const struct pgs_toc_entry *te = &c->a->toc[t->toc_index];
	const struct pgs_sql_tokens *tv = &c->tv;
	const struct pgs_sql_token *v;
	const char *end;
	char *qs = NULL, *qn = NULL;
	size_t i;

	if (!te->defn.p || te->defn.len == 0)
		return pgs_error_set(err, PGS_EINPUT, "the entry has no definition");
	end = te->defn.p + te->defn.len;
	if (tokenize(c, &c->tv, &te->defn, err))
		return -1;
	v = tv->v;
	i = skip_selects(tv, 0);
	if (!is_kw(&v[i], "create"))
		return bad(err, &v[i], end, "expected CREATE");
	i++;
	while (is_kw(&v[i], "unlogged") || is_kw(&v[i], "temporary") ||
	       is_kw(&v[i], "temp") || is_kw(&v[i], "global") ||
	       is_kw(&v[i], "local"))
		i++;
	if (is_kw(&v[i], "foreign"))
		i++;
	if (!is_kw(&v[i], "table"))
		return bad(err, &v[i], end, "expected TABLE");
	i++;
	if (is_kw(&v[i], "if") && is_kw(&v[i + 1], "not") &&
	    is_kw(&v[i + 2], "exists"))
		i += 3;
	if (qname(c, tv, &i, &qs, &qn, end, err))
		return -1;
	if (!same_table(qs, qn, t->schema, t->name)) {
		char ex[EXCERPT_SIZE];

		pgs_error_set(err, PGS_EINPUT,
			      "it creates \"%s\", not the entry's table",
			      excerpt(ex, sizeof(ex), qn, qn + strlen(qn)));
		free(qs);
		free(qn);
		return -1;
	}
	free(qs);
	free(qn);

	if (is_kw(&v[i], "of")) {
		i++;
		if (qname(c, tv, &i, &ts->of_schema, &ts->of_name, end, err))
			return -1;
	} else if (is_kw(&v[i], "partition") && is_kw(&v[i + 1], "of")) {
		/* pg_dump 10-11: the columns come from the parent */
		i += 2;
		if (qname(c, tv, &i, &qs, &qn, end, err))
			return -1;
		if (add_link(ts, qs, qn, 1, 1, err))
			return -1;
	}
	if (v[i].kind == PGS_SQL_LPAREN) {
		if (column_list(c, &ts->defs, ts, tv, &i, end, err))
			return -1;
	} else if (!ts->of_schema && !ts->nlinks) {
		return bad(err, &v[i], end, "expected \"(\" and the column list");
	}

	/* Clauses after the column list, up to the end of the statement. */
	while (v[i].kind != PGS_SQL_SEMI && v[i].kind != PGS_SQL_END) {
		if (is_kw(&v[i], "inherits")) {
			size_t close;

			i++;
			if (v[i].kind != PGS_SQL_LPAREN || !(close = skip_group(tv, i)))
				return bad(err, &v[i], end, "expected \"(\" after INHERITS");
			i++;
			while (i < close - 1) {
				if (qname(c, tv, &i, &qs, &qn, end, err))
					return -1;
				if (add_link(ts, qs, qn, 0, 1, err))
					return -1;
				if (v[i].kind == PGS_SQL_COMMA)
					i++;
				else if (i != close - 1)
					return bad(err, &v[i], end,
						   "expected \",\" or \")\" in INHERITS");
			}
			i = close;
		} else if (is_kw(&v[i], "partition") && is_kw(&v[i + 1], "by")) {
			size_t close, k;

			ts->partitioned = 1;
			i += 2;
			if (is_name_tok(&v[i]))
				i++;   /* RANGE, LIST, HASH */
			if (v[i].kind != PGS_SQL_LPAREN || !(close = skip_group(tv, i)))
				return bad(err, &v[i], end,
					   "expected \"(\" after PARTITION BY method");
			/* Every name in the key, plain column or inside an
			 * expression; names that are no column are dropped. */
			for (k = i + 1; k + 1 < close; k++) {
				if (!is_name_tok(&v[k]) || v[k + 1].kind == PGS_SQL_LPAREN)
					continue;   /* function names */
				if (tok_name(&c->b2, &v[k], err) ||
				    add_mark(ts, c->b2.data, c->b2.len, MARK_PARTKEY, err))
					return -1;
			}
			i = close;
		} else if (v[i].kind == PGS_SQL_LPAREN || v[i].kind == PGS_SQL_LBRACK) {
			size_t close = skip_group(tv, i);

			if (!close)
				return bad(err, &v[i], end, "unbalanced parentheses");
			i = close;
		} else {
			i++;
		}
	}
	if (v[i].kind == PGS_SQL_SEMI)
		i++;
	return table_tail(c, ti, tv, i, end, err);
}

/* CREATE DOMAIN name AS type [COLLATE c] [DEFAULT e] [constraints]; */
static int parse_domain_defn(struct ctx *c, const struct pgs_toc_entry *te,
			     struct dside *ds, struct pgs_domain *d,
			     struct pgs_error *err)
{
	const struct pgs_sql_tokens *tv = &c->tv;
	const struct pgs_sql_token *v;
	const char *end;
	size_t i, ts;

	if (!te->defn.p || te->defn.len == 0)
		return pgs_error_set(err, PGS_EINPUT, "the entry has no definition");
	end = te->defn.p + te->defn.len;
	if (tokenize(c, &c->tv, &te->defn, err))
		return -1;
	v = tv->v;
	i = skip_selects(tv, 0);
	if (!is_kw(&v[i], "create") || !is_kw(&v[i + 1], "domain"))
		return bad(err, &v[i], end, "expected CREATE DOMAIN");
	i += 2;
	if (qname(c, tv, &i, &ds->schema, &ds->name, end, err))
		return -1;
	if (!(d->name = join_name(ds->schema, ds->name)))
		return nomem(err);
	if (!is_kw(&v[i], "as"))
		return bad(err, &v[i], end, "expected AS");
	ts = ++i;
	while (v[i].kind != PGS_SQL_SEMI && v[i].kind != PGS_SQL_END &&
	       !(v[i - 1].kind != PGS_SQL_DOT &&
		 (is_kw(&v[i], "collate") || is_kw(&v[i], "not") ||
		  is_kw(&v[i], "null") || is_kw(&v[i], "default") ||
		  is_kw(&v[i], "constraint") || is_kw(&v[i], "check")))) {
		if (v[i].kind == PGS_SQL_LPAREN || v[i].kind == PGS_SQL_LBRACK) {
			if (!(i = skip_group(tv, i)))
				return bad(err, &v[ts], end, "unbalanced parentheses");
		} else {
			i++;
		}
	}
	if (i == ts)
		return bad(err, &v[i], end, "expected the base type");
	ds->base_text = dupn(v[ts].p, (size_t)(v[i - 1].p + v[i - 1].len - v[ts].p));
	if (!ds->base_text)
		return nomem(err);
	/* An invalid NOT NULL constraint does not hold for the data. */
	while (v[i].kind != PGS_SQL_SEMI && v[i].kind != PGS_SQL_END) {
		if (v[i].kind == PGS_SQL_LPAREN || v[i].kind == PGS_SQL_LBRACK) {
			if (!(i = skip_group(tv, i)))
				return bad(err, &v[ts], end, "unbalanced parentheses");
			continue;
		}
		if (is_kw(&v[i], "not") && is_kw(&v[i + 1], "null")) {
			i += 2;
			if (!(is_kw(&v[i], "not") && is_kw(&v[i + 1], "valid")))
				d->not_null = 1;
			continue;
		}
		i++;
	}
	return 0;
}

/*
 * CREATE TYPE name AS ENUM ('a', 'b') / AS (attrs) / AS RANGE (...), a base
 * type "(INPUT = ...)" or a shell type "CREATE TYPE name;".
 * --binary-upgrade adds enum labels with ALTER TYPE name ADD VALUE 'x'.
 */
static int parse_type_defn(struct ctx *c, const struct pgs_toc_entry *te,
			   struct uside *us, struct pgs_usertype *u,
			   struct pgs_error *err)
{
	const struct pgs_sql_tokens *tv = &c->tv;
	const struct pgs_sql_token *v;
	const char *end;
	size_t i, cap = 0;

	if (!te->defn.p || te->defn.len == 0)
		return pgs_error_set(err, PGS_EINPUT, "the entry has no definition");
	end = te->defn.p + te->defn.len;
	if (tokenize(c, &c->tv, &te->defn, err))
		return -1;
	v = tv->v;
	i = skip_selects(tv, 0);
	if (!is_kw(&v[i], "create") || !is_kw(&v[i + 1], "type"))
		return bad(err, &v[i], end, "expected CREATE TYPE");
	i += 2;
	if (qname(c, tv, &i, &us->schema, &us->name, end, err))
		return -1;
	if (!(u->name = join_name(us->schema, us->name)))
		return nomem(err);
	u->kind = PGS_TYPE_OTHER;
	if (is_kw(&v[i], "as") && v[i + 1].kind == PGS_SQL_LPAREN) {
		u->kind = PGS_TYPE_COMPOSITE;
		i++;
		return column_list(c, &us->attrs, NULL, tv, &i, end, err);
	}
	if (!(is_kw(&v[i], "as") && is_kw(&v[i + 1], "enum")))
		return 0;
	u->kind = PGS_TYPE_ENUM;
	i += 2;
	if (v[i].kind != PGS_SQL_LPAREN)
		return bad(err, &v[i], end, "expected \"(\" after ENUM");
	i++;
	for (;;) {
		char **nl;

		if (v[i].kind == PGS_SQL_RPAREN && u->nlabels == 0)
			break;
		if (v[i].kind == PGS_SQL_STRING) {
			if (pgs_sql_string_value(&c->b1, te->defn.p, te->defn.len,
						 &v[i], c->a->std_strings != 0,
						 err))
				return -1;
		} else {
			return bad(err, &v[i], end, "expected an enum label");
		}
		if (!(nl = vec_grow(u->labels, &cap, u->nlabels + 1, sizeof(*nl))))
			return nomem(err);
		u->labels = nl;
		if (!(nl[u->nlabels] = dupn(c->b1.data, c->b1.len)))
			return nomem(err);
		u->nlabels++;
		i++;
		if (v[i].kind == PGS_SQL_COMMA) {
			i++;
			continue;
		}
		if (v[i].kind == PGS_SQL_RPAREN)
			break;
		return bad(err, &v[i], end, "expected \",\" or \")\" in ENUM");
	}
	i = stmt_end(tv, i);
	/* --binary-upgrade: ALTER TYPE name ADD VALUE 'label'; */
	while (v[i].kind != PGS_SQL_END) {
		size_t j = i + 1;

		if (is_kw(&v[j], "alter") && is_kw(&v[j + 1], "type")) {
			char *s = NULL, *n = NULL;
			int same;

			j += 2;
			if (qname(c, tv, &j, &s, &n, end, err))
				return -1;
			same = strcmp(s, us->schema) == 0 && strcmp(n, us->name) == 0;
			free(s);
			free(n);
			if (same && is_kw(&v[j], "add") && is_kw(&v[j + 1], "value") &&
			    v[j + 2].kind == PGS_SQL_STRING) {
				char **nl;

				if (pgs_sql_string_value(&c->b1, te->defn.p,
							 te->defn.len, &v[j + 2],
							 c->a->std_strings != 0,
							 err))
					return -1;
				if (!(nl = vec_grow(u->labels, &cap, u->nlabels + 1,
						    sizeof(*nl))))
					return nomem(err);
				u->labels = nl;
				if (!(nl[u->nlabels] = dupn(c->b1.data, c->b1.len)))
					return nomem(err);
				u->nlabels++;
			}
		}
		i = stmt_end(tv, i + 1);
	}
	return 0;
}

/* TABLE ATTACH: ALTER TABLE [ONLY] parent ATTACH PARTITION child ...; */
static int parse_attach(struct ctx *c, const struct pgs_toc_entry *te,
			struct pgs_error *err)
{
	const struct pgs_sql_tokens *tv = &c->tv;
	const char *end;
	char *ps = NULL, *pn = NULL, *cs = NULL, *cn = NULL;
	size_t i;
	long child;
	int r;

	if (!te->defn.p || te->defn.len == 0)
		return pgs_error_set(err, PGS_EINPUT, "the entry has no definition");
	end = te->defn.p + te->defn.len;
	if (tokenize(c, &c->tv, &te->defn, err))
		return -1;
	i = skip_selects(tv, 0);
	r = alter_table_head(c, tv, &i, &ps, &pn, end, err);
	if (r < 0)
		return -1;
	if (r > 0)
		return bad(err, &tv->v[i], end, "expected ALTER TABLE");
	if (!is_kw(&tv->v[i], "attach") || !is_kw(&tv->v[i + 1], "partition")) {
		bad(err, &tv->v[i], end, "expected ATTACH PARTITION");
		goto fail;
	}
	i += 2;
	if (qname(c, tv, &i, &cs, &cn, end, err))
		goto fail;
	child = find_table(c, cs, cn);
	free(cs);
	free(cn);
	if (child < 0) {
		/* The partition's TABLE entry is not in the archive. */
		free(ps);
		free(pn);
		return 0;
	}
	return add_link(&c->ts[child], ps, pn, 1, 0, err);
fail:
	free(ps);
	free(pn);
	return -1;
}

/* ---------------------------------------------------------------------- */
/* Resolving                                                              */
/* ---------------------------------------------------------------------- */

static int resolve_domain(struct ctx *c, long d, struct pgs_error *err);
static int domain_not_understood(struct ctx *c, size_t i,
				 const struct pgs_error *e, struct pgs_error *err);

/*
 * The domain (schema, name) resolved, or -1 when there is none; -2 with err
 * set when resolving it failed.
 */
static long ctx_find_domain(struct ctx *c, const char *schema,
			    const char *name, struct pgs_error *err)
{
	long d = nix_find(c->dix, c->s->ndomains, schema, name);

	if (d >= 0 && c->ds[d].state != 2 && resolve_domain(c, d, err))
		return -2;
	return d;
}

/*
 * Prefix err with the entry's label unless a deeper level already named
 * its entry (a parent's or a base domain's failure names that entry).
 */
static int where(struct ctx *c, long toc_index, struct pgs_error *err)
{
	if (err && strncmp(err->msg, "TOC entry ", 10) == 0)
		return -1;
	return pgs_error_where(err, "%s", entry_label(c, toc_index));
}

/* Resolve domain d's base type (its base domain first, on demand). */
static int resolve_domain(struct ctx *c, long d, struct pgs_error *err)
{
	struct dside *ds = &c->ds[d];
	struct pgs_domain *dom = &c->s->domains[d];
	struct pgs_type base;
	int nn, rc;

	if (ds->state == 2)
		return 0;
	if (ds->state == 1 || c->domain_depth >= MAX_DEPTH) {
		pgs_error_set(err, PGS_EINPUT,
			      "domain %s is defined in terms of itself", dom->name);
		return where(c, ds->toc_index, err);
	}
	ds->state = 1;
	c->domain_depth++;
	rc = type_parse(&base, ds->base_text, strlen(ds->base_text), c->s, c,
			&nn, err);
	c->domain_depth--;
	if (rc) {
		/* A base type that cannot be read, a domain over itself: the
		 * domain is not understood, the archive is still fine. */
		struct pgs_error e;

		if (!err || err->code != PGS_EINPUT || c->fatal)
			return where(c, ds->toc_index, err);
		where(c, ds->toc_index, err);
		e = *err;
		pgs_error_init(err);
		return domain_not_understood(c, (size_t)d, &e, err);
	}
	/* The domains array was sized in pass 1: dom is still valid. */
	dom->base = base;
	dom->not_null |= nn;
	ds->state = 2;
	return 0;
}

static long col_find(const struct pgs_column *cols, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(cols[i].name, name) == 0)
			return (long)i;
	return -1;
}

struct colvec {
	struct pgs_column *v;
	unsigned char *noinh;
	size_t n, cap, capn;
};

static int colvec_push(struct colvec *cv, struct pgs_column *col,
		       unsigned char noinh)
{
	struct pgs_column *nv = vec_grow(cv->v, &cv->cap, cv->n + 1, sizeof(*nv));
	unsigned char *nn;

	if (!nv)
		return -1;
	cv->v = nv;
	nn = vec_grow(cv->noinh, &cv->capn, cv->n + 1, 1);
	if (!nn)
		return -1;
	cv->noinh = nn;
	nv[cv->n] = *col;
	nn[cv->n] = noinh;
	cv->n++;
	return 0;
}

/* PostgreSQL's MaxHeapAttributeNumber: a wider definition is not from
 * pg_dump, and would make the column lookups here quadratic. */
static int too_wide(struct ctx *c, const struct pgs_table *t,
		    struct pgs_error *err)
{
	c->fatal = 1;
	pgs_error_set(err, PGS_EINPUT, "table %s.%s has more than "
		      PGS_STR(PGS_MAX_COPY_COLUMNS) " columns, the most a "
		      "PostgreSQL table can have", t->schema, t->name);
	pgs_error_hint(err, "the archive is damaged or was not made by pg_dump");
	return where(c, t->toc_index, err);
}

static void colvec_release(struct colvec *cv)
{
	size_t i;

	for (i = 0; i < cv->n; i++) {
		free(cv->v[i].name);
		pgs_type_release(&cv->v[i].type);
	}
	free(cv->v);
	free(cv->noinh);
	memset(cv, 0, sizeof(*cv));
}

/* A new column from a definition, its type resolved. */
static int def_column(struct ctx *c, struct pgs_column *col,
		      const struct coldef *d, struct pgs_error *err)
{
	int nn = 0;

	memset(col, 0, sizeof(*col));
	if (type_parse(&col->type, d->type, strlen(d->type), c->s, c, &nn, err))
		return -1;
	if (!(col->name = dups(d->name))) {
		pgs_type_release(&col->type);
		return nomem(err);
	}
	col->not_null = d->not_null || nn;
	col->generated = d->generated;
	col->unique = d->unique;
	col->primary_key = d->pk;
	return 0;
}

static int build_table(struct ctx *c, long ti, unsigned depth,
		       struct pgs_error *err);
static int table_not_understood(struct ctx *c, long ti,
				const struct pgs_error *e, struct pgs_error *err);

/* Note parent (schema, name) of t as not in the archive, once. */
static int add_missing_parent(struct pgs_table *t, const char *schema,
			      const char *name, struct pgs_error *err)
{
	struct pgs_table_ref *v;
	size_t k;

	for (k = 0; k < t->nmissing_parents; k++)
		if (strcmp(t->missing_parents[k].schema, schema) == 0 &&
		    strcmp(t->missing_parents[k].name, name) == 0)
			return 0;
	v = realloc(t->missing_parents, (t->nmissing_parents + 1) * sizeof(*v));
	if (!v)
		return nomem(err);
	t->missing_parents = v;
	v[t->nmissing_parents].schema = dups(schema);
	v[t->nmissing_parents].name = dups(name);
	t->nmissing_parents++;
	if (!v[t->nmissing_parents - 1].schema || !v[t->nmissing_parents - 1].name)
		return nomem(err);
	return 0;
}

/*
 * Table ti's parents, built first.  A parent that is not in the archive
 * (pg_dump -t child) is no parent here: it is noted in missing_parents,
 * and columns the child inherits from it, or from a parent whose
 * definition is not understood, come from the COPY statement
 * (inherit_unknown).  Only a cycle or running out of memory fails.
 */
static int build_parents(struct ctx *c, long ti, unsigned depth,
			 struct pgs_error *err)
{
	struct pgs_table *t = &c->s->tables[ti];
	struct tside *ts = &c->ts[ti];
	size_t i, k;
	long pi;

	if (ts->nlinks) {
		t->parents = malloc(ts->nlinks * sizeof(*t->parents));
		ts->part_parent = malloc(ts->nlinks);
		if (!t->parents || !ts->part_parent)
			return nomem(err);
	}
	for (i = 0; i < ts->nlinks; i++) {
		const struct link *l = &ts->links[i];
		/* Unqualified (pg_dump before 10.3): the child's schema. */
		const char *psch = *l->schema ? l->schema : t->schema;

		pi = find_table(c, psch, l->name);
		if (pi < 0) {
			if (add_missing_parent(t, psch, l->name, err))
				return -1;
			if (l->columns)
				ts->inherit_unknown = 1;
			continue;
		}
		for (k = 0; k < t->nparents; k++)
			if (t->parents[k] == pi)
				break;
		if (k < t->nparents) {
			ts->part_parent[k] |= (unsigned char)l->partition;
			continue;
		}
		if (build_table(c, pi, depth + 1, err))
			return -1;
		if (l->columns && (c->s->tables[pi].parse_error ||
				   c->ts[pi].inherit_unknown))
			ts->inherit_unknown = 1;
		t->parents[t->nparents] = pi;
		ts->part_parent[t->nparents] = (unsigned char)l->partition;
		t->nparents++;
	}
	return 0;
}

/*
 * The column list of table ti, its parents built: the composite type's
 * attributes for a typed table, then the columns of INHERITS parents
 * (PostgreSQL puts inherited columns first, merging same-named ones), then
 * the definition's own columns, then the marks.  Columns of parents that
 * are missing or not understood are left to the COPY statement
 * (link_data).  PGS_EINPUT says what of the definition is not understood.
 */
static int build_columns(struct ctx *c, long ti, struct pgs_error *err)
{
	struct pgs_table *t = &c->s->tables[ti];
	struct tside *ts = &c->ts[ti];
	struct colvec cv = { NULL, NULL, 0, 0, 0 };
	struct pgs_column col;
	size_t i, k;
	long pi;

	/* A typed table: the composite type's attributes. */
	if (ts->of_name) {
		long u = *ts->of_schema ? ctx_find_type(c, ts->of_schema, ts->of_name)
					: ctx_find_type(c, t->schema, ts->of_name);

		if (u >= 0 && c->s->types[u].parse_error) {
			pgs_error_set(err, PGS_EINPUT,
				      "table %s.%s is a typed table of %s, whose definition is not understood (%s)",
				      t->schema, t->name, c->s->types[u].name,
				      c->s->types[u].parse_error);
			return where(c, t->toc_index, err);
		}
		if (u < 0 || c->s->types[u].kind != PGS_TYPE_COMPOSITE) {
			pgs_error_set(err, PGS_EINPUT,
				      "table %s.%s is a typed table of %s.%s, whose columns are unknown: the archive has no composite type of that name",
				      t->schema, t->name,
				      *ts->of_schema ? ts->of_schema : t->schema,
				      ts->of_name);
			pgs_error_hint(err, "dump the type too (do not leave its schema out with -n/-N)");
			return where(c, t->toc_index, err);
		}
		for (k = 0; k < c->us[u].attrs.n; k++) {
			if (def_column(c, &col, &c->us[u].attrs.v[k], err)) {
				where(c, c->us[u].toc_index, err);
				goto fail;
			}
			if (cv.n == PGS_MAX_COPY_COLUMNS) {
				free(col.name);
				pgs_type_release(&col.type);
				too_wide(c, t, err);
				goto fail;
			}
			if (colvec_push(&cv, &col, 0)) {
				free(col.name);
				pgs_type_release(&col.type);
				goto nomem;
			}
		}
	}

	/* Columns of parents whose columns the child does not print. */
	for (i = 0; i < ts->nlinks; i++) {
		const struct link *l = &ts->links[i];
		const struct pgs_table *p;
		const struct tside *pts;

		if (!l->columns)
			continue;
		pi = find_table(c, *l->schema ? l->schema : t->schema, l->name);
		if (pi < 0 || c->s->tables[pi].parse_error)
			continue;       /* from the COPY statement */
		p = &c->s->tables[pi];
		pts = &c->ts[pi];
		for (k = 0; k < p->ncols; k++) {
			const struct pgs_column *pc = &p->cols[k];
			int inh_nn = pc->not_null && !pts->no_inherit[k];
			long at = col_find(cv.v, cv.n, pc->name);

			if (at >= 0) {
				cv.v[at].not_null |= inh_nn;
				cv.v[at].generated |= pc->generated;
				continue;
			}
			memset(&col, 0, sizeof(col));
			if (type_copy(&col.type, &pc->type) ||
			    !(col.name = dups(pc->name))) {
				pgs_type_release(&col.type);
				goto nomem;
			}
			col.not_null = inh_nn;
			col.generated = pc->generated;
			col.unknown = pc->unknown;
			if (cv.n == PGS_MAX_COPY_COLUMNS) {
				free(col.name);
				pgs_type_release(&col.type);
				too_wide(c, t, err);
				goto fail;
			}
			if (colvec_push(&cv, &col, 0)) {
				free(col.name);
				pgs_type_release(&col.type);
				goto nomem;
			}
		}
	}

	/* The definition's own columns. */
	for (k = 0; k < ts->defs.n; k++) {
		const struct coldef *d = &ts->defs.v[k];
		long at = col_find(cv.v, cv.n, d->name);

		if (at >= 0) {
			cv.v[at].not_null |= d->not_null;
			cv.v[at].generated |= d->generated;
			cv.v[at].unique |= d->unique;
			cv.v[at].primary_key |= d->pk;
			cv.noinh[at] = d->not_null && d->no_inherit;
			continue;
		}
		if (!d->type && ts->inherit_unknown)
			continue;       /* inherited from a parent not understood */
		if (!d->type) {
			pgs_error_set(err, PGS_EINPUT,
				      "column %s has options but no type, and is not a column of the type or parent",
				      d->name);
			where(c, t->toc_index, err);
			goto fail;
		}
		if (def_column(c, &col, d, err)) {
			where(c, t->toc_index, err);
			goto fail;
		}
		if (cv.n == PGS_MAX_COPY_COLUMNS) {
			free(col.name);
			pgs_type_release(&col.type);
			too_wide(c, t, err);
			goto fail;
		}
		if (colvec_push(&cv, &col, d->not_null && d->no_inherit)) {
			free(col.name);
			pgs_type_release(&col.type);
			goto nomem;
		}
	}

	/* Marks, in the order the definition made them. */
	for (k = 0; k < ts->nmarks; k++) {
		const struct mark *m = &ts->marks[k];
		long at = col_find(cv.v, cv.n, m->col);

		if (at < 0 && (m->what == MARK_PARTKEY || ts->inherit_unknown))
			continue;   /* a type, collation or operator class name;
				       or a column the COPY statement will name */
		if (at < 0) {
			pgs_error_set(err, PGS_EINPUT,
				      "the definition names column %s, which table %s.%s does not have",
				      m->col, t->schema, t->name);
			where(c, t->toc_index, err);
			goto fail;
		}
		switch (m->what) {
		case MARK_NOT_NULL:
			cv.v[at].not_null = 1;
			break;
		case MARK_PK:
			cv.v[at].primary_key = 1;
			cv.v[at].not_null = 1;
			/* fall through */
		case MARK_UNIQUE:
			cv.v[at].unique = 1;
			break;
		case MARK_PARTKEY:
			cv.v[at].partition_key = 1;
			break;
		}
	}

	t->cols = cv.v;
	t->ncols = cv.n;
	ts->no_inherit = cv.noinh;
	if (ts->inherit_unknown)
		t->cols_incomplete = 1;
	return 0;

nomem:
	nomem(err);
fail:
	colvec_release(&cv);
	return -1;
}

/*
 * Table ti, parents first (c->order lists them so).  A definition not
 * understood leaves the table with parse_error and no columns yet
 * (table_not_understood); only a fatal error fails.
 */
static int build_table(struct ctx *c, long ti, unsigned depth,
		       struct pgs_error *err)
{
	struct pgs_table *t = &c->s->tables[ti];
	struct tside *ts = &c->ts[ti];
	struct pgs_error e;

	if (ts->state == 2)
		return 0;
	if (ts->state == 1 || depth >= MAX_DEPTH) {
		c->fatal = 1;
		pgs_error_set(err, PGS_EINPUT, "table %s.%s inherits from itself",
			      t->schema, t->name);
		return where(c, t->toc_index, err);
	}
	ts->state = 1;
	if (build_parents(c, ti, depth, err))
		return -1;
	pgs_error_init(&e);
	if (!t->parse_error && build_columns(c, ti, &e) &&
	    table_not_understood(c, ti, &e, err))
		return -1;
	if (!ts->no_inherit && !(ts->no_inherit = calloc(1, 1)))
		return nomem(err);
	/* Archives before 1.16 have no relkind field. */
	if (!t->relkind) {
		if (desc_is(&c->a->toc[t->toc_index], "FOREIGN TABLE"))
			t->relkind = 'f';
		else
			t->relkind = ts->partitioned ? 'p' : 'r';
	}
	ts->state = 2;
	c->order[c->norder++] = ti;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Keys                                                                   */
/* ---------------------------------------------------------------------- */

struct key_arg {
	struct pgs_table *t;
	long toc_index;
	int pk;
};

static int key_col(struct ctx *c, void *arg, const char *name,
		   struct pgs_error *err)
{
	struct key_arg *ka = arg;
	long at = col_find(ka->t->cols, ka->t->ncols, name);
	long ti = (long)(ka->t - c->s->tables);

	/* A table whose columns come from its COPY statement: unknown
	 * columns have no keys to note. */
	if (at < 0 && (ka->t->parse_error || c->ts[ti].inherit_unknown))
		return 0;
	if (at < 0) {
		pgs_error_set(err, PGS_EINPUT,
			      "the key names column %s, which table %s.%s does not have",
			      name, ka->t->schema, ka->t->name);
		return pgs_error_where(err, "%s", entry_label(c, ka->toc_index));
	}
	ka->t->cols[at].unique = 1;
	if (ka->pk)
		ka->t->cols[at].primary_key = ka->t->cols[at].not_null = 1;
	return 0;
}

/*
 * CONSTRAINT: ALTER [FOREIGN] TABLE [ONLY] t ADD CONSTRAINT c
 *     PRIMARY KEY (cols) | UNIQUE [NULLS [NOT] DISTINCT] (cols) |
 *     NOT NULL col [NOT VALID] | CHECK ... | EXCLUDE ...;
 */
static int apply_constraint(struct ctx *c, long toc_index,
			    struct pgs_error *err)
{
	const struct pgs_toc_entry *te = &c->a->toc[toc_index];
	const struct pgs_sql_tokens *tv = &c->tv;
	const struct pgs_sql_token *v;
	const char *end;
	struct key_arg ka;
	char *s = NULL, *n = NULL;
	size_t i;
	long ti;
	int r;

	if (!te->defn.p || te->defn.len == 0)
		return 0;
	end = te->defn.p + te->defn.len;
	if (tokenize(c, &c->tv, &te->defn, err))
		return -1;
	v = tv->v;
	i = skip_selects(tv, 0);
	r = alter_table_head(c, tv, &i, &s, &n, end, err);
	if (r < 0)
		return -1;
	if (r > 0)
		return 0;       /* ALTER DOMAIN ...: not a table's */
	ti = *s ? find_table(c, s, n) : -1;
	free(s);
	free(n);
	if (ti < 0)
		return 0;       /* a constraint of a table not in the archive */
	if (!is_kw(&v[i], "add"))
		return 0;
	i++;
	if (is_kw(&v[i], "constraint")) {
		if (!is_name_tok(&v[i + 1]))
			return bad(err, &v[i + 1], end, "expected a constraint name");
		i += 2;
	}
	ka.t = &c->s->tables[ti];
	ka.toc_index = toc_index;
	ka.pk = 0;
	if (is_kw(&v[i], "primary") && is_kw(&v[i + 1], "key")) {
		ka.pk = 1;
		i += 2;
	} else if (is_kw(&v[i], "unique")) {
		i++;
		if (is_kw(&v[i], "nulls")) {
			i++;
			if (is_kw(&v[i], "not"))
				i++;
			if (!is_kw(&v[i], "distinct"))
				return bad(err, &v[i], end, "expected DISTINCT");
			i++;
		}
	} else if (is_kw(&v[i], "not") && is_kw(&v[i + 1], "null") &&
		   is_name_tok(&v[i + 2])) {
		long at;

		if (is_kw(&v[i + 3], "not") && is_kw(&v[i + 4], "valid"))
			return 0;
		if (tok_name(&c->b2, &v[i + 2], err))
			return -1;
		at = col_find(ka.t->cols, ka.t->ncols, c->b2.data);
		if (at >= 0)
			ka.t->cols[at].not_null = 1;
		return 0;
	} else {
		return 0;
	}
	/* PRIMARY KEY USING INDEX idx is not written by pg_dump. */
	return key_columns(c, tv, &i, end, key_col, &ka, err);
}

/*
 * INDEX: CREATE UNIQUE INDEX i ON [ONLY] t [USING m] (cols) [INCLUDE (...)]
 * [NULLS NOT DISTINCT] [WITH (...)] [WHERE ...]; plain columns of a unique
 * index are unique (for the rows the WHERE selects, which is enough to make
 * duplicates fail the restore).
 */
static int apply_index(struct ctx *c, long toc_index, struct pgs_error *err)
{
	const struct pgs_toc_entry *te = &c->a->toc[toc_index];
	const struct pgs_sql_tokens *tv = &c->tv;
	const struct pgs_sql_token *v;
	const char *end;
	struct key_arg ka;
	char *s = NULL, *n = NULL;
	size_t i;
	long ti;

	if (!te->defn.p || te->defn.len == 0)
		return 0;
	end = te->defn.p + te->defn.len;
	if (tokenize(c, &c->tv, &te->defn, err))
		return -1;
	v = tv->v;
	i = skip_selects(tv, 0);
	if (!is_kw(&v[i], "create") || !is_kw(&v[i + 1], "unique") ||
	    !is_kw(&v[i + 2], "index"))
		return 0;
	i += 3;
	if (is_kw(&v[i], "concurrently"))
		i++;
	if (is_kw(&v[i], "if") && is_kw(&v[i + 1], "not") && is_kw(&v[i + 2], "exists"))
		i += 3;
	if (!is_kw(&v[i], "on")) {
		if (!is_name_tok(&v[i]))
			return bad(err, &v[i], end, "expected the index name");
		i++;
	}
	if (!is_kw(&v[i], "on"))
		return bad(err, &v[i], end, "expected ON");
	i++;
	if (is_kw(&v[i], "only"))
		i++;
	if (qname(c, tv, &i, &s, &n, end, err))
		return -1;
	ti = *s ? find_table(c, s, n) : -1;
	free(s);
	free(n);
	if (ti < 0)
		return 0;       /* an index of a materialized view, or absent */
	if (is_kw(&v[i], "using")) {
		if (!is_name_tok(&v[i + 1]))
			return bad(err, &v[i + 1], end, "expected an access method");
		i += 2;
	}
	ka.t = &c->s->tables[ti];
	ka.toc_index = toc_index;
	ka.pk = 0;
	return key_columns(c, tv, &i, end, key_col, &ka, err);
}

/* ---------------------------------------------------------------------- */
/* The whole archive                                                      */
/* ---------------------------------------------------------------------- */

void pgs_schema_init(struct pgs_schema *s)
{
	memset(s, 0, sizeof(*s));
}

static void fkey_release(struct pgs_fkey *fk);

void pgs_schema_release(struct pgs_schema *s)
{
	size_t i, j;

	for (i = 0; i < s->ntables; i++) {
		struct pgs_table *t = &s->tables[i];

		for (j = 0; j < t->ncols; j++) {
			free(t->cols[j].name);
			pgs_type_release(&t->cols[j].type);
		}
		free(t->cols);
		free(t->parents);
		free(t->schema);
		free(t->name);
		free(t->parse_error);
		for (j = 0; j < t->nmissing_parents; j++) {
			free(t->missing_parents[j].schema);
			free(t->missing_parents[j].name);
		}
		free(t->missing_parents);
		free(t->pkey);
	}
	free(s->tables);
	for (i = 0; i < s->nfkeys; i++)
		fkey_release(&s->fkeys[i]);
	free(s->fkeys);
	for (i = 0; i < s->ndomains; i++) {
		free(s->domains[i].name);
		free(s->domains[i].parse_error);
		pgs_type_release(&s->domains[i].base);
	}
	free(s->domains);
	for (i = 0; i < s->ntypes; i++) {
		for (j = 0; j < s->types[i].nlabels; j++)
			free(s->types[i].labels[j]);
		free(s->types[i].labels);
		free(s->types[i].name);
		free(s->types[i].parse_error);
	}
	free(s->types);
	pgs_schema_init(s);
}

/* A dependency's dumpId, or -1. */
static int dep_id(const struct pgs_str *d)
{
	long v = 0;
	size_t i;

	if (!d->p || d->len == 0 || d->len > 10)
		return -1;
	for (i = 0; i < d->len; i++) {
		if (!is_digit((unsigned char)d->p[i]))
			return -1;
		v = v * 10 + (d->p[i] - '0');
	}
	return v > INT_MAX ? -1 : (int)v;
}

/* Pass 1: count and allocate tables, domains and types. */
static int collect(struct ctx *c, struct pgs_error *err)
{
	const struct pgs_archive *a = c->a;
	struct pgs_schema *s = c->s;
	size_t i, nt = 0, nd = 0, nu = 0;

	for (i = 0; i < a->ntoc; i++) {
		const struct pgs_toc_entry *te = &a->toc[i];

		if (desc_is(te, "TABLE") || desc_is(te, "FOREIGN TABLE"))
			nt++;
		else if (desc_is(te, "DOMAIN"))
			nd++;
		else if (desc_is(te, "TYPE"))
			nu++;
		else if (desc_is(te, "BLOBS") || desc_is(te, "BLOB") ||
			 desc_is(te, "BLOB METADATA"))
			s->has_large_objects = 1;
		else if (desc_is(te, "STATISTICS DATA"))
			s->has_statistics = 1;
	}
	if ((nt && (!(s->tables = calloc(nt, sizeof(*s->tables))) ||
		    !(c->ts = calloc(nt, sizeof(*c->ts))) ||
		    !(c->tix = calloc(nt, sizeof(*c->tix))) ||
		    !(c->tdid = calloc(nt, sizeof(*c->tdid))) ||
		    !(c->order = calloc(nt, sizeof(*c->order))))) ||
	    (nd && (!(s->domains = calloc(nd, sizeof(*s->domains))) ||
		    !(c->ds = calloc(nd, sizeof(*c->ds))) ||
		    !(c->dix = calloc(nd, sizeof(*c->dix))))) ||
	    (nu && (!(s->types = calloc(nu, sizeof(*s->types))) ||
		    !(c->us = calloc(nu, sizeof(*c->us))) ||
		    !(c->uix = calloc(nu, sizeof(*c->uix))))))
		return nomem(err);

	for (i = 0; i < a->ntoc; i++) {
		const struct pgs_toc_entry *te = &a->toc[i];

		if (desc_is(te, "TABLE") || desc_is(te, "FOREIGN TABLE")) {
			struct pgs_table *t = &s->tables[s->ntables];

			t->toc_index = (long)i;
			t->data_index = -1;
			t->relkind = (char)(te->relkind > 0 && te->relkind < 128
					    ? te->relkind : 0);
			s->ntables++;   /* counted before filling: release frees it */
			if (!te->tag.p || !te->tag.len)
				return pgs_error_set(err, PGS_EINPUT,
						     "%s: the table entry has no name",
						     entry_label(c, (long)i));
			t->schema = dupn(te->namespace_.p ? te->namespace_.p : "",
					 te->namespace_.p ? te->namespace_.len : 0);
			t->name = dupn(te->tag.p, te->tag.len);
			if (!t->schema || !t->name)
				return nomem(err);
		} else if (desc_is(te, "DOMAIN")) {
			struct pgs_domain *d = &s->domains[s->ndomains];

			c->ds[s->ndomains].toc_index = (long)i;
			type_clear(&d->base);
			s->ndomains++;
		} else if (desc_is(te, "TYPE")) {
			c->us[s->ntypes].toc_index = (long)i;
			s->ntypes++;
		}
	}
	return 0;
}

/* Sorted name indexes; a name twice is a damaged TOC. */
static int index_names(struct ctx *c, struct pgs_error *err)
{
	struct pgs_schema *s = c->s;
	size_t i;

	for (i = 0; i < s->ntables; i++) {
		c->tix[i].schema = s->tables[i].schema;
		c->tix[i].name = s->tables[i].name;
		c->tix[i].idx = (long)i;
		c->tdid[i].dump_id = c->a->toc[s->tables[i].toc_index].dump_id;
		c->tdid[i].idx = (long)i;
	}
	if (s->ntables) {
		qsort(c->tix, s->ntables, sizeof(*c->tix), nix_cmp);
		qsort(c->tdid, s->ntables, sizeof(*c->tdid), did_cmp);
	}
	for (i = 1; i < s->ntables; i++)
		if (nix_cmp(&c->tix[i - 1], &c->tix[i]) == 0)
			return pgs_error_set(err, PGS_EINPUT,
					     "%s: a second TABLE entry for %s.%s",
					     entry_label(c, s->tables[c->tix[i].idx].toc_index),
					     c->tix[i].schema, c->tix[i].name);
	for (i = 0; i < s->ndomains; i++) {
		c->dix[i].schema = c->ds[i].schema;
		c->dix[i].name = c->ds[i].name;
		c->dix[i].idx = (long)i;
	}
	if (s->ndomains)
		qsort(c->dix, s->ndomains, sizeof(*c->dix), nix_cmp);
	for (i = 0; i < s->ntypes; i++) {
		c->uix[i].schema = c->us[i].schema;
		c->uix[i].name = c->us[i].name;
		c->uix[i].idx = (long)i;
	}
	if (s->ntypes)
		qsort(c->uix, s->ntypes, sizeof(*c->uix), nix_cmp);
	/* Domains and types share pg_type's names. */
	for (i = 1; i < s->ndomains; i++)
		if (nix_cmp(&c->dix[i - 1], &c->dix[i]) == 0)
			return pgs_error_set(err, PGS_EINPUT,
					     "%s: a second DOMAIN entry for %s.%s",
					     entry_label(c, c->ds[c->dix[i].idx].toc_index),
					     c->dix[i].schema, c->dix[i].name);
	for (i = 1; i < s->ntypes; i++)
		if (nix_cmp(&c->uix[i - 1], &c->uix[i]) == 0)
			return pgs_error_set(err, PGS_EINPUT,
					     "%s: a second TYPE entry for %s.%s",
					     entry_label(c, c->us[c->uix[i].idx].toc_index),
					     c->uix[i].schema, c->uix[i].name);
	return 0;
}

/*
 * Table ti's definition (or a part of it that its columns need) is not
 * understood, as e says: unless that is about the archive as a whole
 * (c->fatal, out of memory), keep the message as the table's parse_error
 * and forget what was parsed of it (0); its columns will be those of its
 * COPY statement, unknown.  Else pass e on in err (-1).
 */
static int table_not_understood(struct ctx *c, long ti, const struct pgs_error *e,
				struct pgs_error *err)
{
	struct pgs_table *t = &c->s->tables[ti];
	struct tside *ts = &c->ts[ti];
	size_t j;

	if (e->code != PGS_EINPUT || c->fatal) {
		if (err)
			*err = *e;
		return -1;
	}
	if (!t->parse_error && !(t->parse_error = dups(e->msg)))
		return nomem(err);
	coldefs_release(&ts->defs);
	for (j = 0; j < ts->nmarks; j++)
		free(ts->marks[j].col);
	ts->nmarks = 0;
	for (j = 0; j < ts->nlinks; j++) {
		free(ts->links[j].schema);
		free(ts->links[j].name);
	}
	ts->nlinks = 0;
	free(ts->of_schema);
	free(ts->of_name);
	ts->of_schema = ts->of_name = NULL;
	ts->inherit_unknown = 0;
	t->cols_incomplete = 1;
	return 0;
}

/*
 * The schema and name of a DOMAIN or TYPE entry from its TOC fields, for
 * one whose definition is not understood (the defn may not even get as
 * far as its name).  An entry with no name is a damaged TOC.
 */
static int entry_name(struct ctx *c, long ti, char **schema, char **name,
		      char **joined, struct pgs_error *err)
{
	const struct pgs_toc_entry *te = &c->a->toc[ti];

	free(*schema);
	free(*name);
	free(*joined);
	*schema = *name = *joined = NULL;
	if (!te->tag.p || !te->tag.len)
		return pgs_error_set(err, PGS_EINPUT, "%s: the entry has no name",
				     entry_label(c, ti));
	*schema = dupn(te->namespace_.p ? te->namespace_.p : "",
		       te->namespace_.p ? te->namespace_.len : 0);
	*name = dupn(te->tag.p, te->tag.len);
	if (!*schema || !*name || !(*joined = join_name(*schema, *name)))
		return nomem(err);
	return 0;
}

/*
 * Domain i's definition is not understood, as e says: unless that is out
 * of memory, keep the message as its parse_error, name it from its TOC
 * entry and resolve it to PGS_TYPE_OTHER (0): only rules that need its
 * columns' type fail, in pgs_plan_fit.  Else pass e on (-1).
 */
static int domain_not_understood(struct ctx *c, size_t i,
				 const struct pgs_error *e, struct pgs_error *err)
{
	struct pgs_domain *d = &c->s->domains[i];
	struct dside *ds = &c->ds[i];

	if (e->code != PGS_EINPUT || c->fatal) {
		if (err)
			*err = *e;
		return -1;
	}
	if (!d->parse_error && !(d->parse_error = dups(e->msg)))
		return nomem(err);
	free(ds->base_text);
	ds->base_text = NULL;
	pgs_type_release(&d->base);
	d->not_null = 0;
	ds->state = 2;
	/* Named by its definition already, and so in the index (which
	 * borrows the names): keep them. */
	if (ds->schema && ds->name && d->name)
		return 0;
	return entry_name(c, ds->toc_index, &ds->schema, &ds->name, &d->name, err);
}

/* The same for type i: no labels, no attributes, PGS_TYPE_OTHER. */
static int type_not_understood(struct ctx *c, size_t i,
			       const struct pgs_error *e, struct pgs_error *err)
{
	struct pgs_usertype *u = &c->s->types[i];
	struct uside *us = &c->us[i];
	size_t j;

	if (e->code != PGS_EINPUT || c->fatal) {
		if (err)
			*err = *e;
		return -1;
	}
	if (!u->parse_error && !(u->parse_error = dups(e->msg)))
		return nomem(err);
	for (j = 0; j < u->nlabels; j++)
		free(u->labels[j]);
	free(u->labels);
	u->labels = NULL;
	u->nlabels = 0;
	u->kind = PGS_TYPE_OTHER;
	coldefs_release(&us->attrs);
	if (us->schema && us->name && u->name)
		return 0;   /* named and indexed already: keep the names */
	return entry_name(c, us->toc_index, &us->schema, &us->name, &u->name, err);
}

/* Pass 2: syntax of every definition. */
static int parse_all(struct ctx *c, struct pgs_error *err)
{
	const struct pgs_archive *a = c->a;
	struct pgs_schema *s = c->s;
	size_t i;

	for (i = 0; i < s->ndomains; i++) {
		long ti = c->ds[i].toc_index;
		struct pgs_error e;

		pgs_error_init(&e);
		if (parse_domain_defn(c, &a->toc[ti], &c->ds[i], &s->domains[i], &e) == 0)
			continue;
		pgs_error_where(&e, "%s: cannot parse the domain definition",
				entry_label(c, ti));
		if (domain_not_understood(c, i, &e, err))
			return -1;
	}
	for (i = 0; i < s->ntypes; i++) {
		long ti = c->us[i].toc_index;
		struct pgs_error e;

		pgs_error_init(&e);
		if (parse_type_defn(c, &a->toc[ti], &c->us[i], &s->types[i], &e) == 0)
			continue;
		pgs_error_where(&e, "%s: cannot parse the type definition",
				entry_label(c, ti));
		if (type_not_understood(c, i, &e, err))
			return -1;
	}
	if (index_names(c, err))
		return -1;
	for (i = 0; i < s->ntables; i++) {
		struct pgs_error e;

		pgs_error_init(&e);
		if (parse_table_defn(c, i, &e) == 0)
			continue;
		pgs_error_where(&e, "%s: cannot parse the table definition",
				entry_label(c, s->tables[i].toc_index));
		/* Never guess: the columns come from the COPY statement. */
		if (table_not_understood(c, (long)i, &e, err))
			return -1;
	}
	for (i = 0; i < a->ntoc; i++)
		if (desc_is(&a->toc[i], "TABLE ATTACH") &&
		    parse_attach(c, &a->toc[i], err))
			return pgs_error_where(err, "%s: cannot parse the partition attachment",
					       entry_label(c, (long)i));
	return 0;
}

/*
 * Unique keys of a partitioned table hold for each partition (each gets
 * its own index), and a partition's generated columns are its parent's
 * even where pg_dump does not repeat the expression.  Parents come first
 * in c->order.
 */
static void propagate(struct ctx *c)
{
	size_t o, k, j;

	for (o = 0; o < c->norder; o++) {
		struct pgs_table *t = &c->s->tables[c->order[o]];
		const struct tside *ts = &c->ts[c->order[o]];

		for (k = 0; k < t->nparents; k++) {
			const struct pgs_table *p = &c->s->tables[t->parents[k]];

			for (j = 0; j < p->ncols; j++) {
				long at = col_find(t->cols, t->ncols, p->cols[j].name);

				if (at < 0)
					continue;
				t->cols[at].generated |= p->cols[j].generated;
				if (ts->part_parent[k]) {
					t->cols[at].unique |= p->cols[j].unique;
					t->cols[at].primary_key |= p->cols[j].primary_key;
					/* A row's key decides its partition. */
					t->cols[at].partition_key |=
						p->cols[j].partition_key;
				}
			}
		}
	}
}

/*
 * The columns of a table whose definition (or a parent's) is not fully
 * understood: those of its COPY statement, in that order, the known ones
 * as the definition says and the others unknown; then the known ones the
 * rows do not hold (generated columns).
 */
static int copy_columns(struct pgs_table *t, const struct pgs_copy_stmt *st,
			struct pgs_error *err)
{
	struct pgs_column *v;
	unsigned char *used;
	size_t k, n = 0;

	if (st->ncols > PGS_MAX_COPY_COLUMNS)
		return pgs_error_set(err, PGS_EINPUT, "table %s.%s has more than "
				     PGS_STR(PGS_MAX_COPY_COLUMNS) " columns",
				     t->schema, t->name);
	v = calloc(st->ncols + t->ncols + 1, sizeof(*v));
	used = calloc(t->ncols + 1, 1);
	if (!v || !used) {
		free(v);
		free(used);
		return nomem(err);
	}
	for (k = 0; k < st->ncols; k++) {
		long at = col_find(t->cols, t->ncols, st->cols[k]);
		long dup = col_find(v, n, st->cols[k]);

		if (dup >= 0)
			continue;       /* COPY (a, a): pg_restore refuses it */
		if (at >= 0 && !used[at]) {
			v[n++] = t->cols[at];
			used[at] = 1;
			continue;
		}
		v[n].type.max_chars = -1;
		v[n].type.precision = v[n].type.scale = -1;
		v[n].unknown = 1;
		if (!(v[n].name = dups(st->cols[k]))) {
			size_t j;

			for (j = 0; j < n; j++)
				if (v[j].unknown) {
					free(v[j].name);
				}
			/* the known ones are still t's */
			free(v);
			free(used);
			return nomem(err);
		}
		n++;
	}
	for (k = 0; k < t->ncols; k++)
		if (!used[k])
			v[n++] = t->cols[k];
	free(t->cols);
	free(used);
	t->cols = v;
	t->ncols = n;
	t->cols_incomplete = 0;
	return 0;
}

/* Pass 5: TABLE DATA entries, by first dependency or else by name. */
static int link_data(struct ctx *c, struct pgs_error *err)
{
	const struct pgs_archive *a = c->a;
	struct pgs_schema *s = c->s;
	size_t i, k;

	for (i = 0; i < a->ntoc; i++) {
		const struct pgs_toc_entry *te = &a->toc[i];
		struct pgs_copy_stmt st = { NULL, NULL, NULL, 0 };
		struct pgs_table *t;
		long ti = -1;

		if (!desc_is(te, "TABLE DATA"))
			continue;
		if (te->ndeps > 0 && s->ntables) {
			struct did key, *f;

			key.dump_id = dep_id(&te->deps[0]);
			key.idx = -1;
			f = bsearch(&key, c->tdid, s->ntables, sizeof(*c->tdid), did_cmp);
			if (f)
				ti = f->idx;
		}
		if (ti < 0 && te->tag.p)
			ti = find_table(c, te->namespace_.p ? te->namespace_.p : "",
					te->tag.p);
		if (ti < 0)
			continue;       /* data-only archive: no TABLE entry */
		t = &s->tables[ti];
		if (t->data_index >= 0)
			return pgs_error_set(err, PGS_EINPUT,
					     "%s: a second TABLE DATA entry for table %s.%s",
					     entry_label(c, (long)i), t->schema, t->name);
		t->data_index = (long)i;
		t->has_data = 1;
		if (!te->copy_stmt.p)
			continue;       /* --inserts */
		/*
		 * A column the COPY sends but the table lacks means the column
		 * list is wrong (an unknown way of inheriting): stop here
		 * rather than anonymise by a wrong list.
		 */
		if (pgs_copy_stmt_parse(&st, te->copy_stmt.p, err))
			return pgs_error_where(err, "%s", entry_label(c, (long)i));
		if (t->parse_error || c->ts[ti].inherit_unknown) {
			int rc = copy_columns(t, &st, err);

			pgs_copy_stmt_release(&st);
			if (rc)
				return -1;
			continue;
		}
		for (k = 0; k < st.ncols; k++) {
			if (col_find(t->cols, t->ncols, st.cols[k]) < 0) {
				pgs_error_set(err, PGS_EINPUT,
					      "%s: COPY lists column %s, which the definition of table %s.%s does not have",
					      entry_label(c, (long)i), st.cols[k],
					      t->schema, t->name);
				pgs_copy_stmt_release(&st);
				return -1;
			}
		}
		pgs_copy_stmt_release(&st);
	}
	return 0;
}

/*
 * Pass 6: STATISTICS DATA entries (pg_dump 18 --statistics) hold column
 * values, also of tables whose rows are not in the archive (--no-data,
 * --exclude-table-data).  The table an entry is about is its first
 * dependency that is a TABLE entry; an entry with no dependency in the
 * archive at all (--statistics-only writes no definitions) is about a
 * relation known only by name: *orphans lists them, for stats_tables().
 * Entries about indexes and materialized views depend on their INDEX or
 * MATERIALIZED VIEW entry and are left to the resolver.
 */
static int link_statistics(struct ctx *c, long **orphans, size_t *norphans,
			   struct pgs_error *err)
{
	const struct pgs_archive *a = c->a;
	struct pgs_schema *s = c->s;
	size_t i, k;

	*orphans = NULL;
	*norphans = 0;
	for (i = 0; i < a->ntoc; i++) {
		const struct pgs_toc_entry *te = &a->toc[i];
		int known = 0;

		if (!desc_is(te, "STATISTICS DATA"))
			continue;
		for (k = 0; k < te->ndeps && !known; k++) {
			struct did key, *f = NULL;

			key.dump_id = dep_id(&te->deps[k]);
			key.idx = -1;
			if (key.dump_id >= 0 && s->ntables)
				f = bsearch(&key, c->tdid, s->ntables,
					    sizeof(*c->tdid), did_cmp);
			if (f) {
				s->tables[f->idx].has_statistics = 1;
				known = 1;
			} else if (key.dump_id >= 0 &&
				   pgs_archive_find(a, key.dump_id) >= 0) {
				known = 1;
			}
		}
		if (known || !te->namespace_.p || !te->tag.p || !te->defn.p)
			continue;
		if (!*orphans && !(*orphans = calloc(a->ntoc + 1, sizeof(**orphans))))
			return nomem(err);
		(*orphans)[(*norphans)++] = (long)i;
	}
	return 0;
}

struct attnames {
	struct pgs_table *t;
	int nomem;
};

/* pgs_statistics_scrub_fn: note each column once; change nothing. */
static int note_attname(void *ctx, const char *attname)
{
	struct attnames *an = ctx;
	struct pgs_table *t = an->t;
	struct pgs_column *v;
	size_t j;

	/* No column is named "" (not pg_dump's): its values, about no
	 * column the rules can name, are scrubbed with the unknown ones. */
	if (!attname || !attname[0] || an->nomem)
		return 0;
	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->cols[j].name, attname) == 0)
			return 0;
	v = realloc(t->cols, (t->ncols + 1) * sizeof(*v));
	if (!v) {
		an->nomem = 1;
		return 0;
	}
	t->cols = v;
	memset(&v[t->ncols], 0, sizeof(*v));
	if (!(v[t->ncols].name = strdup(attname))) {
		an->nomem = 1;
		return 0;
	}
	v[t->ncols].type.max_chars = -1;
	v[t->ncols].type.precision = v[t->ncols].type.scale = -1;
	t->ncols++;
	return 0;
}

/* Whether a TABLE DATA entry (of a data-only dump) is named ns.tag. */
static int data_named(const struct pgs_archive *a, const char *ns,
		      const char *tag)
{
	size_t i;

	for (i = 0; i < a->ntoc; i++)
		if (desc_is(&a->toc[i], "TABLE DATA") && a->toc[i].namespace_.p &&
		    a->toc[i].tag.p && strcmp(a->toc[i].namespace_.p, ns) == 0 &&
		    strcmp(a->toc[i].tag.p, tag) == 0)
			return 1;
	return 0;
}

/*
 * The relations of pass 6's orphan entries, as tables (stats_only) whose
 * columns are those the entry has values for (none for an empty table).
 * An index's entry (post-data, values by attnum) makes no table; neither
 * does one a data-only dump's TABLE DATA entry names (the resolver matches
 * those by name).
 */
static int stats_tables(struct pgs_schema *s, const struct pgs_archive *a,
			const long *orphans, size_t n, struct pgs_error *err)
{
	struct pgs_buf out;
	struct pgs_table *v;
	size_t i, j, data = 0;

	if (n == 0)
		return 0;
	for (i = 0; i < a->ntoc; i++)
		data += desc_is(&a->toc[i], "TABLE DATA");
	v = realloc(s->tables, (s->ntables + n) * sizeof(*v));
	if (!v)
		return nomem(err);
	s->tables = v;
	pgs_buf_init(&out, PGS_MAX_TOC_STRING);
	for (i = 0; i < n; i++) {
		const struct pgs_toc_entry *te = &a->toc[orphans[i]];
		struct pgs_table *t = &s->tables[s->ntables];
		struct attnames an;
		struct pgs_error e;
		unsigned removed = 0;

		if (data && data_named(a, te->namespace_.p, te->tag.p))
			continue;
		/* Named like a table defined here but not depending on it
		 * (pg_dump's always does): no second table of that name; the
		 * resolver, finding no table, scrubs every value. */
		for (j = 0; j < s->ntables; j++)
			if (!s->tables[j].stats_only &&
			    strcmp(s->tables[j].schema, te->namespace_.p) == 0 &&
			    strcmp(s->tables[j].name, te->tag.p) == 0)
				break;
		if (j < s->ntables)
			continue;
		/* A second entry for the same relation (not pg_dump's, but
		 * possible): its columns join the table the first one made. */
		for (j = 0; j < s->ntables; j++)
			if (s->tables[j].stats_only &&
			    strcmp(s->tables[j].schema, te->namespace_.p) == 0 &&
			    strcmp(s->tables[j].name, te->tag.p) == 0)
				break;
		if (j < s->ntables) {
			an.t = &s->tables[j];
		} else {
			memset(t, 0, sizeof(*t));
			t->toc_index = t->data_index = -1;
			t->has_statistics = t->stats_only = 1;
			an.t = t;
		}
		an.nomem = 0;
		pgs_buf_reset(&out);
		pgs_error_init(&e);
		/* A defn that does not tokenise names no column here; the run
		 * refuses it when it scrubs it. */
		if (pgs_statistics_scrub(&out, te->defn.p, te->defn.len,
				    a->std_strings != 0, note_attname, &an,
				    &removed, &e) && e.code == PGS_ENOMEM)
			an.nomem = 1;
		if (an.t != t) {
			if (!an.nomem)
				continue;
			pgs_buf_release(&out);
			return nomem(err);
		}
		/* An index's (by attnum, post-data) holds no table. */
		if (!an.nomem && t->ncols == 0 && te->section == SECTION_POST_DATA)
			continue;
		s->ntables++;   /* counted before filling: release frees it */
		if (an.nomem || !(t->schema = strdup(te->namespace_.p)) ||
		    !(t->name = strdup(te->tag.p))) {
			pgs_buf_release(&out);
			return nomem(err);
		}
	}
	pgs_buf_release(&out);
	return 0;
}

/* "TOC entry 3120 (TABLE DATA public.users)", names quoted as the run's
 * messages quote them (plan.c), control bytes escaped. */
static const char *data_label(const struct pgs_toc_entry *te, char *buf,
			      size_t size)
{
	struct pgs_buf b;
	struct pgs_error e;
	char ex[PGS_EXCERPT_SIZE(256)];

	pgs_buf_init(&b, 1024);
	if (!te->namespace_.p || !te->tag.p ||
	    pgs_ident_quote(&b, te->namespace_.p, &e) ||
	    pgs_buf_addc(&b, '.', &e) || pgs_ident_quote(&b, te->tag.p, &e)) {
		pgs_buf_release(&b);
		return pgs_archive_entry_label(te, buf, size);
	}
	snprintf(buf, size, "TOC entry %d (TABLE DATA %s)", te->dump_id,
		 pgs_excerpt(ex, b.data, b.len, 256));
	pgs_buf_release(&b);
	return buf;
}

/*
 * Pass 7: TABLE DATA entries that no TABLE entry defines (pass 5 left them
 * unlinked).  In a data-only dump (pg_dump -a) that is every one; in a
 * dump with definitions, an extension's configuration table: pg_dump
 * writes the rows of a table registered with pg_extension_config_dump but
 * not its definition, which CREATE EXTENSION makes.  (Such an entry's
 * dependency is the table's dumpId, which has no entry: nothing in the TOC
 * names the extension.)  Either way the table is made from the entry, its
 * columns from the COPY statement, types unknown (no_defn).
 */
static int data_tables(struct pgs_schema *s, const struct pgs_archive *a,
		       struct pgs_error *err)
{
	size_t i, j, n = 0, defined = s->ntables;
	int has_ext = 0;
	unsigned char *linked;
	struct pgs_table *v;

	linked = calloc(a->ntoc + 1, 1);
	if (!linked)
		return nomem(err);
	for (i = 0; i < s->ntables; i++)
		if (s->tables[i].data_index >= 0 &&
		    (size_t)s->tables[i].data_index < a->ntoc)
			linked[s->tables[i].data_index] = 1;
	for (i = 0; i < a->ntoc; i++) {
		has_ext |= desc_is(&a->toc[i], "EXTENSION");
		n += desc_is(&a->toc[i], "TABLE DATA") && !linked[i];
	}
	if (n == 0) {
		free(linked);
		return 0;
	}
	v = realloc(s->tables, (s->ntables + n) * sizeof(*v));
	if (!v) {
		free(linked);
		return nomem(err);
	}
	s->tables = v;
	s->data_only = defined == 0;
	for (i = 0; i < a->ntoc; i++) {
		const struct pgs_toc_entry *te = &a->toc[i];
		struct pgs_copy_stmt st = { NULL, NULL, NULL, 0 };
		struct pgs_table *t;

		if (!desc_is(te, "TABLE DATA") || linked[i])
			continue;
		if (pgs_schema_find(s, te->namespace_.p ? te->namespace_.p : "",
				    te->tag.p ? te->tag.p : "")) {
			char label[256];

			free(linked);
			return pgs_error_set(err, PGS_EINPUT,
					     "%s: a second TABLE DATA entry for table %s.%s",
					     data_label(te, label, sizeof(label)),
					     te->namespace_.p ? te->namespace_.p : "",
					     te->tag.p ? te->tag.p : "");
		}
		t = &s->tables[s->ntables++];   /* counted before filling */
		memset(t, 0, sizeof(*t));
		t->toc_index = -1;
		t->data_index = (long)i;
		t->relkind = 'r';
		t->has_data = 1;
		t->no_defn = 1;
		t->extension_member = defined > 0 || has_ext;
		t->schema = dupn(te->namespace_.p ? te->namespace_.p : "",
				 te->namespace_.p ? te->namespace_.len : 0);
		t->name = dupn(te->tag.p ? te->tag.p : "",
			       te->tag.p ? te->tag.len : 0);
		if (!t->schema || !t->name) {
			free(linked);
			return nomem(err);
		}
		if (!te->copy_stmt.p)
			continue;       /* --inserts: no column list */
		if (pgs_copy_stmt_parse(&st, te->copy_stmt.p, err)) {
			char label[256];

			free(linked);
			return pgs_error_where(err, "%s", data_label(
					       te, label, sizeof(label)));
		}
		t->cols = calloc(st.ncols + 1, sizeof(*t->cols));
		if (!t->cols) {
			pgs_copy_stmt_release(&st);
			free(linked);
			return nomem(err);
		}
		for (j = 0; j < st.ncols; j++) {
			char label[256];

			if (!st.cols[j][0] ||
			    col_find(t->cols, t->ncols, st.cols[j]) >= 0) {
				pgs_error_set(err, PGS_EINPUT,
					      "%s: COPY lists column \"%s\" twice or "
					      "with no name",
					      data_label(te, label, sizeof(label)),
					      st.cols[j]);
				pgs_copy_stmt_release(&st);
				free(linked);
				return -1;
			}
			type_clear(&t->cols[j].type);
			t->cols[j].name = st.cols[j];   /* taken over */
			st.cols[j] = NULL;
			t->ncols++;
		}
		pgs_copy_stmt_release(&st);
	}
	free(linked);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Foreign keys and primary keys (pass 8)                                 */
/* ---------------------------------------------------------------------- */

/*
 * Run after every table has its final column list (pass 5 may replace the
 * columns of a table whose definition is not understood by those of its
 * COPY statement, and passes 6-7 add tables): foreign keys and primary keys
 * hold column indexes.  A key that cannot be read never fails the archive:
 * a foreign key gets parse_error (only what needs it makes that an error,
 * plan.c), a primary key is left unknown (pkey NULL).
 */

static long fk_find_table(struct ctx *c, const char *schema, const char *name)
{
	if (!*schema)
		return -1;   /* unqualified: pg_dump before 10.3; not guessed */
	return find_table(c, schema, name);
}

/* "(col, ...)" of plain column names at v[*i] into names (owned), *n. */
static int fk_name_list(struct ctx *c, const struct pgs_sql_tokens *tv, size_t *i,
			char ***names, size_t *n, int allow_period,
			const char *end, struct pgs_error *err)
{
	const struct pgs_sql_token *v = tv->v;
	size_t j = *i, close, cap = 0;
	char **out = NULL;

	*names = NULL;
	*n = 0;
	if (v[j].kind != PGS_SQL_LPAREN)
		return bad(err, &v[j], end, "expected \"(\" and a column list");
	close = skip_group(tv, j);
	if (!close)
		return bad(err, &v[j], end, "unbalanced parentheses");
	j++;
	for (;;) {
		char **nv;

		if (is_kw(&v[j], "period") && is_name_tok(&v[j + 1]) && !allow_period) {
			bad(err, &v[j], end, "PERIOD foreign keys are not supported");
			goto fail;
		}
		if (!is_name_tok(&v[j]) || (v[j + 1].kind != PGS_SQL_COMMA &&
					     v[j + 1].kind != PGS_SQL_RPAREN)) {
			bad(err, &v[j], end, "expected a column name");
			goto fail;
		}
		if (!(nv = vec_grow(out, &cap, *n + 1, sizeof(*nv)))) {
			nomem(err);
			goto fail;
		}
		out = nv;
		if (ident_dup(c, &v[j], &out[*n], end, err))
			goto fail;
		(*n)++;
		j++;
		if (v[j].kind == PGS_SQL_RPAREN)
			break;
		j++;   /* the comma */
	}
	if (j + 1 != close) {
		bad(err, &v[j], end, "expected \")\"");
		goto fail;
	}
	*names = out;
	*i = close;
	return 0;
fail:
	while (*n > 0)
		free(out[--*n]);
	free(out);
	return -1;
}

static void names_free(char **names, size_t n)
{
	while (names && n > 0)
		free(names[--n]);
	free(names);
}

/* NO ACTION | RESTRICT | CASCADE | SET NULL | SET DEFAULT at v[*i]. */
static int fk_action(const struct pgs_sql_token *v, size_t *i,
		     enum pgs_fk_action *act, const char *end,
		     struct pgs_error *err)
{
	size_t j = *i;

	if (is_kw(&v[j], "no") && is_kw(&v[j + 1], "action")) {
		*act = PGS_FK_NO_ACTION;
		j += 2;
	} else if (is_kw(&v[j], "restrict")) {
		*act = PGS_FK_RESTRICT;
		j++;
	} else if (is_kw(&v[j], "cascade")) {
		*act = PGS_FK_CASCADE;
		j++;
	} else if (is_kw(&v[j], "set") && is_kw(&v[j + 1], "null")) {
		*act = PGS_FK_SET_NULL;
		j += 2;
	} else if (is_kw(&v[j], "set") && is_kw(&v[j + 1], "default")) {
		*act = PGS_FK_SET_DEFAULT;
		j += 2;
	} else {
		return bad(err, &v[j], end, "expected a foreign key action");
	}
	*i = j;
	return 0;
}

/* Column indexes of names in t, into a new array; -1 and err naming the
 * first column t lacks. */
static int fk_resolve_cols(size_t **out, const struct pgs_table *t,
			   char *const *names, size_t n, struct pgs_error *err)
{
	size_t k;

	*out = calloc(n + 1, sizeof(**out));
	if (!*out)
		return nomem(err);
	for (k = 0; k < n; k++) {
		long at = col_find(t->cols, t->ncols, names[k]);

		if (at < 0) {
			free(*out);
			*out = NULL;
			return pgs_error_set(err, PGS_EINPUT,
					     "the key names column %s, which table "
					     "%s.%s does not have", names[k],
					     t->schema, t->name);
		}
		(*out)[k] = (size_t)at;
	}
	return 0;
}

/*
 * The text of FK CONSTRAINT entry te into fk (name, from and toc_index
 * already set as far as the tag tells):
 *   ALTER TABLE [ONLY] q ADD CONSTRAINT name FOREIGN KEY (cols)
 *   REFERENCES q2[(cols)] [MATCH FULL|SIMPLE] [ON UPDATE act]
 *   [ON DELETE act [(cols)]] [[NOT] DEFERRABLE] [INITIALLY DEFERRED|IMMEDIATE]
 *   [NOT VALID] [[NOT] ENFORCED];
 * (pg_get_constraintdef's FOREIGN KEY branch.)  Fills what it understands;
 * PGS_EINPUT for what it does not.
 */
static int fk_parse(struct ctx *c, const struct pgs_toc_entry *te,
		    struct pgs_fkey *fk, struct pgs_error *err)
{
	const struct pgs_sql_tokens *tv = &c->tv;
	const struct pgs_sql_token *v;
	const char *end = te->defn.p + te->defn.len;
	char *s = NULL, *n = NULL, **fromn = NULL, **ton = NULL, **setn = NULL;
	size_t nfrom = 0, nto = 0, nset = 0, i, k;
	long ti;
	int r, rc = -1;

	if (tokenize(c, &c->tv, &te->defn, err))
		return -1;
	v = tv->v;
	i = skip_selects(tv, 0);
	r = alter_table_head(c, tv, &i, &s, &n, end, err);
	if (r > 0)
		return bad(err, &v[i], end, "expected ALTER TABLE");
	if (r < 0)
		return -1;
	ti = fk_find_table(c, s, n);
	if (ti < 0) {
		pgs_error_set(err, PGS_EINPUT, "table %s%s%s is not in the archive",
			      s, *s ? "." : "", n);
		goto done;
	}
	fk->from = ti;
	free(s);
	free(n);
	s = n = NULL;
	if (!is_kw(&v[i], "add") || !is_kw(&v[i + 1], "constraint")) {
		bad(err, &v[i], end, "expected ADD CONSTRAINT");
		goto done;
	}
	i += 2;
	if (!is_name_tok(&v[i])) {
		bad(err, &v[i], end, "expected a constraint name");
		goto done;
	}
	free(fk->name);
	fk->name = NULL;
	if (ident_dup(c, &v[i], &fk->name, end, err))
		goto done;
	i++;
	if (!is_kw(&v[i], "foreign") || !is_kw(&v[i + 1], "key")) {
		bad(err, &v[i], end, "expected FOREIGN KEY");
		goto done;
	}
	i += 2;
	if (fk_name_list(c, tv, &i, &fromn, &nfrom, 0, end, err))
		goto done;
	if (!is_kw(&v[i], "references")) {
		bad(err, &v[i], end, "expected REFERENCES");
		goto done;
	}
	i++;
	if (qname(c, tv, &i, &s, &n, end, err))
		goto done;
	fk->to_ref.schema = s;
	fk->to_ref.name = n;
	s = n = NULL;
	fk->to = fk_find_table(c, fk->to_ref.schema, fk->to_ref.name);
	if (v[i].kind == PGS_SQL_LPAREN &&
	    fk_name_list(c, tv, &i, &ton, &nto, 0, end, err))
		goto done;
	for (;;) {
		if (is_kw(&v[i], "match")) {
			if (is_kw(&v[i + 1], "full"))
				fk->match_full = 1;
			else if (!is_kw(&v[i + 1], "simple")) {
				bad(err, &v[i + 1], end, "expected MATCH FULL or SIMPLE");
				goto done;
			}
			i += 2;
		} else if (is_kw(&v[i], "on") && is_kw(&v[i + 1], "update")) {
			i += 2;
			if (fk_action(v, &i, &fk->on_update, end, err))
				goto done;
		} else if (is_kw(&v[i], "on") && is_kw(&v[i + 1], "delete")) {
			i += 2;
			if (fk_action(v, &i, &fk->on_delete, end, err))
				goto done;
			/* PG15+: SET NULL (cols) / SET DEFAULT (cols) */
			if (v[i].kind == PGS_SQL_LPAREN &&
			    (fk->on_delete == PGS_FK_SET_NULL ||
			     fk->on_delete == PGS_FK_SET_DEFAULT) &&
			    fk_name_list(c, tv, &i, &setn, &nset, 0, end, err))
				goto done;
		} else if (is_kw(&v[i], "deferrable")) {
			fk->deferrable = 1;
			i++;
		} else if (is_kw(&v[i], "not") && is_kw(&v[i + 1], "deferrable")) {
			i += 2;
		} else if (is_kw(&v[i], "initially") &&
			   (is_kw(&v[i + 1], "deferred") ||
			    is_kw(&v[i + 1], "immediate"))) {
			fk->initially_deferred = is_kw(&v[i + 1], "deferred");
			i += 2;
		} else if (is_kw(&v[i], "not") && is_kw(&v[i + 1], "valid")) {
			fk->not_valid = 1;
			i += 2;
		} else if (is_kw(&v[i], "not") && is_kw(&v[i + 1], "enforced")) {
			/* PG18: never checked, not even when added: for a
			 * restore, as good as NOT VALID. */
			fk->not_valid = 1;
			i += 2;
		} else if (is_kw(&v[i], "enforced")) {
			i++;
		} else {
			break;
		}
	}
	if (v[i].kind == PGS_SQL_SEMI)
		i++;
	if (v[i].kind != PGS_SQL_END) {
		bad(err, &v[i], end, "unexpected text after the foreign key");
		goto done;
	}
	/* The columns, now that both tables are known. */
	if (fk_resolve_cols(&fk->from_cols, &c->s->tables[fk->from], fromn,
			    nfrom, err))
		goto done;
	fk->ncols = nfrom;
	if (!ton && fk->to >= 0) {
		/* REFERENCES t without columns: its primary key (not what
		 * pg_dump writes, which always names them). */
		const struct pgs_table *t = &c->s->tables[fk->to];

		if (!t->npkey) {
			pgs_error_set(err, PGS_EINPUT, "the key references table "
				      "%s.%s without naming columns, and its "
				      "primary key is not known", t->schema, t->name);
			goto done;
		}
		if (!(ton = calloc(t->npkey + 1, sizeof(*ton)))) {
			nomem(err);
			goto done;
		}
		for (nto = 0; nto < t->npkey; nto++)
			if (!(ton[nto] = dups(t->cols[t->pkey[nto]].name))) {
				nomem(err);
				goto done;
			}
	}
	if (nto != nfrom) {
		pgs_error_set(err, PGS_EINPUT, "the key has %zu referencing and %zu "
			      "referenced columns", nfrom, nto);
		goto done;
	}
	fk->to_names = ton;
	ton = NULL;
	if (fk->to >= 0 &&
	    fk_resolve_cols(&fk->to_cols, &c->s->tables[fk->to], fk->to_names,
			    nto, err))
		goto done;
	if (nset) {
		if (!(fk->set_cols = calloc(nset + 1, sizeof(*fk->set_cols)))) {
			nomem(err);
			goto done;
		}
		for (k = 0; k < nset; k++) {
			size_t m;

			for (m = 0; m < nfrom && strcmp(fromn[m], setn[k]) != 0; m++)
				;
			if (m == nfrom) {
				pgs_error_set(err, PGS_EINPUT, "ON DELETE sets column "
					      "%s, which is not in the key", setn[k]);
				goto done;
			}
			fk->set_cols[k] = m;
		}
		fk->nset_cols = nset;
	}
	rc = 0;
done:
	free(s);
	free(n);
	names_free(fromn, nfrom);
	names_free(ton, nto);
	names_free(setn, nset);
	return rc;
}

/* Release what one foreign key owns. */
static void fkey_release(struct pgs_fkey *fk)
{
	free(fk->name);
	free(fk->to_ref.schema);
	free(fk->to_ref.name);
	free(fk->from_cols);
	free(fk->to_cols);
	names_free(fk->to_names, fk->to_names ? fk->ncols : 0);
	free(fk->set_cols);
	free(fk->parse_error);
	memset(fk, 0, sizeof(*fk));
}

/* From the tag "<table> <constraint>" (unquoted, one space) and the entry's
 * namespace: the referencing table and the name, as far as they tell, for
 * an entry whose text does not parse. */
static void fk_from_tag(struct ctx *c, const struct pgs_toc_entry *te,
			struct pgs_fkey *fk)
{
	size_t i, nl;

	if (!te->tag.p || !te->namespace_.p)
		return;
	for (i = 0; i < c->s->ntables; i++) {
		const struct pgs_table *t = &c->s->tables[i];

		nl = strlen(t->name);
		if (strcmp(t->schema, te->namespace_.p) != 0 ||
		    te->tag.len <= nl + 1 || strncmp(te->tag.p, t->name, nl) != 0 ||
		    te->tag.p[nl] != ' ')
			continue;
		fk->from = (long)i;
		fk->name = dupn(te->tag.p + nl + 1, te->tag.len - nl - 1);
		return;
	}
}

/* PRIMARY KEY of a CONSTRAINT entry, in key order, into its table's pkey;
 * 0 also when it is none or not understood (the key stays unknown). */
static int pkey_of(struct ctx *c, const struct pgs_toc_entry *te,
		   struct pgs_error *err)
{
	const struct pgs_sql_token *v;
	const char *end;
	char *s = NULL, *n = NULL, **names = NULL;
	size_t i, nn = 0;
	struct pgs_table *t;
	struct pgs_error e;
	long ti;
	int r;

	if (!te->defn.p || te->defn.len == 0)
		return 0;
	end = te->defn.p + te->defn.len;
	pgs_error_init(&e);
	if (tokenize(c, &c->tv, &te->defn, &e))
		return e.code == PGS_ENOMEM ? nomem(err) : 0;
	v = c->tv.v;
	i = skip_selects(&c->tv, 0);
	r = alter_table_head(c, &c->tv, &i, &s, &n, end, &e);
	if (r != 0)
		return r < 0 && e.code == PGS_ENOMEM ? nomem(err) : 0;
	ti = fk_find_table(c, s, n);
	free(s);
	free(n);
	if (ti < 0 || !is_kw(&v[i], "add") || !is_kw(&v[i + 1], "constraint") ||
	    !is_name_tok(&v[i + 2]) || !is_kw(&v[i + 3], "primary") ||
	    !is_kw(&v[i + 4], "key"))
		return 0;
	i += 5;
	if (fk_name_list(c, &c->tv, &i, &names, &nn, 1, end, &e))
		return e.code == PGS_ENOMEM ? nomem(err) : 0;
	t = &c->s->tables[ti];
	free(t->pkey);
	t->pkey = NULL;
	t->npkey = 0;
	if (fk_resolve_cols(&t->pkey, t, names, nn, &e) == 0) {
		size_t j, k;

		t->npkey = nn;
		for (j = 0; j < nn; j++)
			for (k = 0; k < j; k++)
				if (t->pkey[j] == t->pkey[k])
					t->npkey = 0;   /* not a key PostgreSQL makes */
		if (!t->npkey) {
			free(t->pkey);
			t->pkey = NULL;
		}
	}
	names_free(names, nn);
	return e.code == PGS_ENOMEM ? nomem(err) : 0;
}

/* A partition without a primary key entry of its own has its root's (the
 * key of a partitioned table holds in each partition), by column name. */
static int pkey_inherit(struct pgs_schema *s, struct pgs_error *err)
{
	size_t i, k;

	for (i = 0; i < s->ntables; i++) {
		struct pgs_table *t = &s->tables[i];
		const struct pgs_table *p = t;
		unsigned depth = 0;

		if (t->npkey)
			continue;
		while (depth++ < MAX_DEPTH && p->nparents == 1 && !p->npkey &&
		       p->parents[0] >= 0 && (size_t)p->parents[0] < s->ntables &&
		       s->tables[p->parents[0]].relkind == 'p')
			p = &s->tables[p->parents[0]];
		if (p == t || !p->npkey)
			continue;
		if (!(t->pkey = calloc(p->npkey, sizeof(*t->pkey))))
			return nomem(err);
		for (k = 0; k < p->npkey; k++) {
			long at = col_find(t->cols, t->ncols, p->cols[p->pkey[k]].name);

			if (at < 0)
				break;
			t->pkey[k] = (size_t)at;
		}
		if (k < p->npkey) {
			free(t->pkey);
			t->pkey = NULL;
		} else {
			t->npkey = p->npkey;
		}
	}
	return 0;
}

static int fk_keys(struct pgs_schema *s, const struct pgs_archive *a,
		   struct pgs_error *err)
{
	struct ctx c;
	size_t i, n = 0;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.s = s;
	pgs_buf_init(&c.b1, SCRATCH_MAX);
	pgs_buf_init(&c.b2, SCRATCH_MAX);
	pgs_buf_init(&c.b3, SCRATCH_MAX);
	if (s->ntables && !(c.tix = calloc(s->ntables, sizeof(*c.tix)))) {
		nomem(err);
		goto done;
	}
	for (i = 0; i < s->ntables; i++) {
		c.tix[i].schema = s->tables[i].schema;
		c.tix[i].name = s->tables[i].name;
		c.tix[i].idx = (long)i;
	}
	if (s->ntables)
		qsort(c.tix, s->ntables, sizeof(*c.tix), nix_cmp);
	for (i = 0; i < a->ntoc; i++) {
		if (desc_is(&a->toc[i], "CONSTRAINT")) {
			if (pkey_of(&c, &a->toc[i], err))
				goto done;
		} else if (desc_is(&a->toc[i], "FK CONSTRAINT")) {
			n++;
		}
	}
	if (pkey_inherit(s, err))
		goto done;
	if (n && !(s->fkeys = calloc(n, sizeof(*s->fkeys)))) {
		nomem(err);
		goto done;
	}
	for (i = 0; i < a->ntoc; i++) {
		const struct pgs_toc_entry *te = &a->toc[i];
		struct pgs_fkey *fk;
		struct pgs_error e;
		char label[PGS_ERROR_MSG_MAX / 2];

		if (!desc_is(te, "FK CONSTRAINT"))
			continue;
		fk = &s->fkeys[s->nfkeys++];
		fk->toc_index = (long)i;
		fk->from = fk->to = -1;
		pgs_error_init(&e);
		if ((te->defn.p && te->defn.len && fk_parse(&c, te, fk, &e) == 0))
			continue;
		if (e.code == PGS_ENOMEM) {
			nomem(err);
			goto done;
		}
		if (!te->defn.p || !te->defn.len)
			pgs_error_set(&e, PGS_EINPUT, "the entry has no definition");
		/* Keep the tables known, drop the half-read columns: nothing
		 * may use a key that is not understood. */
		free(fk->from_cols);
		free(fk->to_cols);
		names_free(fk->to_names, fk->to_names ? fk->ncols : 0);
		free(fk->set_cols);
		fk->from_cols = fk->to_cols = fk->set_cols = NULL;
		fk->to_names = NULL;
		fk->ncols = fk->nset_cols = 0;
		if (fk->from < 0 || !fk->name) {
			free(fk->name);
			fk->name = NULL;
			fk_from_tag(&c, te, fk);
		}
		if (!fk->name && !(fk->name = dupn(te->tag.p ? te->tag.p : "",
						   te->tag.p ? te->tag.len : 0))) {
			nomem(err);
			goto done;
		}
		pgs_archive_entry_label(te, label, sizeof(label));
		pgs_error_where(&e, "%s: cannot parse the foreign key", label);
		if (!(fk->parse_error = dups(e.msg))) {
			nomem(err);
			goto done;
		}
	}
	rc = 0;
done:
	ctx_release(&c);
	return rc;
}

int pgs_schema_from_archive(struct pgs_schema *s, const struct pgs_archive *a,
			    struct pgs_error *err)
{
	struct pgs_schema res;
	struct ctx c;
	long *orphans = NULL;
	size_t i, norphans = 0;
	int rc = -1;

	pgs_schema_init(&res);
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.s = &res;
	pgs_buf_init(&c.b1, SCRATCH_MAX);
	pgs_buf_init(&c.b2, SCRATCH_MAX);
	pgs_buf_init(&c.b3, SCRATCH_MAX);

	snprintf(res.encoding, sizeof(res.encoding), "%s", a->encoding);
	if (collect(&c, err) || parse_all(&c, err))
		goto done;
	for (i = 0; i < res.ndomains; i++)
		if (resolve_domain(&c, (long)i, err))
			goto done;
	for (i = 0; i < res.ntables; i++)
		if (build_table(&c, (long)i, 0, err))
			goto done;
	for (i = 0; i < a->ntoc; i++) {
		if (desc_is(&a->toc[i], "CONSTRAINT")) {
			if (apply_constraint(&c, (long)i, err))
				goto where;
		} else if (desc_is(&a->toc[i], "INDEX")) {
			if (apply_index(&c, (long)i, err))
				goto where;
		}
		continue;
where:
		if (!err || strncmp(err->msg, "TOC entry ", 10) != 0)
			pgs_error_where(err, "%s: cannot parse the %s",
					entry_label(&c, (long)i),
					desc_is(&a->toc[i], "INDEX") ? "index"
								     : "constraint");
		goto done;
	}
	propagate(&c);
	if (link_data(&c, err) || link_statistics(&c, &orphans, &norphans, err))
		goto done;
	rc = 0;
done:
	ctx_release(&c);
	if (rc == 0)
		rc = data_tables(&res, a, err);
	if (rc == 0)
		rc = stats_tables(&res, a, orphans, norphans, err);
	if (rc == 0)
		rc = fk_keys(&res, a, err);
	free(orphans);
	if (rc) {
		pgs_schema_release(&res);
		return -1;
	}
	pgs_schema_release(s);
	*s = res;
	return 0;
}

/*
 * NEEDSWORK: linear.  struct pgs_schema has no room for an index and the
 * header is shared; callers looking up every table should build their own
 * (the build above uses a sorted index internally).
 */
const struct pgs_table *pgs_schema_find(const struct pgs_schema *s,
					const char *schema, const char *name)
{
	size_t i;

	for (i = 0; i < s->ntables; i++)
		if (strcmp(s->tables[i].name, name) == 0 &&
		    strcmp(s->tables[i].schema, schema) == 0)
			return &s->tables[i];
	return NULL;
}

const struct pgs_column *pgs_table_column(const struct pgs_table *t,
					  const char *name)
{
	long at = col_find(t->cols, t->ncols, name);

	return at >= 0 ? &t->cols[at] : NULL;
}

/* ---- types from another source (pgscrub --schema, --dbname) --------------- */

/* Column src copied into dst: names and type text owned, enum labels
 * borrowed from src's schema (which outlives the adopting one). */
static int column_copy(struct pgs_column *dst, const struct pgs_column *src)
{
	*dst = *src;
	dst->name = dups(src->name);
	if (!dst->name)
		return -1;
	if (type_copy(&dst->type, &src->type)) {
		free(dst->name);
		dst->name = NULL;
		return -1;
	}
	return 0;
}

/* Table dst (of the adopting schema) gets src's columns, keys, relkind and
 * (through map: from's index to s's, -1 when absent) parents. */
static int table_adopt(struct pgs_table *dst, const struct pgs_table *src,
		       const long *map, struct pgs_error *err)
{
	struct pgs_column *cols;
	long *parents = NULL;
	size_t j, np = 0;

	cols = calloc(src->ncols + 1, sizeof(*cols));
	if (!cols)
		return nomem(err);
	for (j = 0; j < src->ncols; j++) {
		if (column_copy(&cols[j], &src->cols[j])) {
			while (j-- > 0) {
				free(cols[j].name);
				pgs_type_release(&cols[j].type);
			}
			free(cols);
			return nomem(err);
		}
	}
	if (src->nparents && !(parents = calloc(src->nparents, sizeof(*parents)))) {
		for (j = 0; j < src->ncols; j++) {
			free(cols[j].name);
			pgs_type_release(&cols[j].type);
		}
		free(cols);
		return nomem(err);
	}
	for (j = 0; j < src->nparents; j++)
		if (map[src->parents[j]] >= 0)
			parents[np++] = map[src->parents[j]];
	for (j = 0; j < dst->ncols; j++) {
		free(dst->cols[j].name);
		pgs_type_release(&dst->cols[j].type);
	}
	free(dst->cols);
	free(dst->parents);
	free(dst->pkey);
	dst->pkey = NULL;
	dst->npkey = 0;
	if (src->npkey) {
		if (!(dst->pkey = calloc(src->npkey, sizeof(*dst->pkey)))) {
			for (j = 0; j < src->ncols; j++) {
				free(cols[j].name);
				pgs_type_release(&cols[j].type);
			}
			free(cols);
			free(parents);
			return nomem(err);
		}
		memcpy(dst->pkey, src->pkey, src->npkey * sizeof(*dst->pkey));
		dst->npkey = src->npkey;
	}
	dst->cols = cols;
	dst->ncols = src->ncols;
	dst->parents = parents;
	dst->nparents = np;
	dst->relkind = src->relkind ? src->relkind : 'r';
	dst->no_defn = 0;
	return 0;
}

/* Mark table i of from and its ancestors as needed. */
static void need_ancestors(const struct pgs_schema *from, size_t i,
			   unsigned char *need, int depth)
{
	size_t k;

	need[i] = 1;
	for (k = 0; depth < 64 && k < from->tables[i].nparents; k++) {
		long pi = from->tables[i].parents[k];

		if (pi >= 0 && (size_t)pi < from->ntables && !need[pi])
			need_ancestors(from, (size_t)pi, need, depth + 1);
	}
}

/* Columns names of from's table mapped to indexes in to's (by name: a
 * table defined in its own archive keeps its own order). */
static int map_cols(size_t **out, const struct pgs_table *to,
		    const struct pgs_table *from, const size_t *cols, size_t n)
{
	size_t k;

	*out = NULL;
	if (!n)
		return 0;
	if (!(*out = calloc(n, sizeof(**out))))
		return -1;
	for (k = 0; k < n; k++) {
		long at = col_find(to->cols, to->ncols, from->cols[cols[k]].name);

		if (at < 0) {
			free(*out);
			*out = NULL;
			return 1;
		}
		(*out)[k] = (size_t)at;
	}
	return 0;
}

/*
 * The foreign keys of from between tables s has (map: from's table index
 * to s's), unless s has foreign keys of its own (its archive has them).
 * A key whose columns s's table lacks is kept with a parse_error.
 */
static int adopt_fkeys(struct pgs_schema *s, const struct pgs_schema *own,
		       const long *map, struct pgs_error *err)
{
	size_t i, k, n = 0;

	if (s->nfkeys || !own->nfkeys)
		return 0;
	if (!(s->fkeys = calloc(own->nfkeys, sizeof(*s->fkeys))))
		return nomem(err);
	for (i = 0; i < own->nfkeys; i++) {
		const struct pgs_fkey *f = &own->fkeys[i];
		struct pgs_fkey *d;
		int r1 = 0, r2 = 0;

		if (f->from < 0 || map[f->from] < 0)
			continue;
		d = &s->fkeys[n++];
		s->nfkeys = n;   /* counted before filling: release frees it */
		*d = *f;
		d->name = d->parse_error = NULL;
		d->to_ref.schema = d->to_ref.name = NULL;
		d->from_cols = d->to_cols = d->set_cols = NULL;
		d->to_names = NULL;
		d->toc_index = -1;
		d->from = map[f->from];
		d->to = f->to >= 0 ? map[f->to] : -1;
		if (!(d->name = dups(f->name)) ||
		    !(d->to_ref.schema = dups(f->to_ref.schema ? f->to_ref.schema : "")) ||
		    !(d->to_ref.name = dups(f->to_ref.name ? f->to_ref.name : "")) ||
		    (f->parse_error && !(d->parse_error = dups(f->parse_error))))
			return nomem(err);
		if (f->nset_cols) {
			if (!(d->set_cols = calloc(f->nset_cols, sizeof(*d->set_cols))))
				return nomem(err);
			memcpy(d->set_cols, f->set_cols, f->nset_cols * sizeof(*d->set_cols));
		}
		if (f->to_names) {
			if (!(d->to_names = calloc(f->ncols + 1, sizeof(*d->to_names))))
				return nomem(err);
			for (k = 0; k < f->ncols; k++)
				if (!(d->to_names[k] = dups(f->to_names[k])))
					return nomem(err);
		}
		if (f->parse_error)
			continue;
		r1 = map_cols(&d->from_cols, &s->tables[d->from],
			      &own->tables[f->from], f->from_cols, f->ncols);
		if (d->to >= 0 && r1 == 0)
			r2 = map_cols(&d->to_cols, &s->tables[d->to],
				      &own->tables[f->to], f->to_cols, f->ncols);
		if (r1 < 0 || r2 < 0)
			return nomem(err);
		if (r1 || r2) {
			free(d->from_cols);
			free(d->to_cols);
			free(d->set_cols);
			names_free(d->to_names, d->to_names ? f->ncols : 0);
			d->from_cols = d->to_cols = d->set_cols = NULL;
			d->to_names = NULL;
			d->ncols = d->nset_cols = 0;
			d->parse_error = dups("the key's columns are not those of "
					      "the data's tables");
			if (!d->parse_error)
				return nomem(err);
		}
	}
	return 0;
}

int pgs_schema_adopt(struct pgs_schema *s, const struct pgs_schema *own,
		     const char *from_name, struct pgs_error *err)
{
	struct pgs_table *v;
	unsigned char *need = NULL;
	long *map = NULL, *back = NULL;
	size_t i, j, nadd = 0, n0 = s->ntables;
	int rc = -1;

	s->adopted = 1;
	if (own->ntables == 0)
		return 0;
	need = calloc(own->ntables, 1);
	map = calloc(own->ntables, sizeof(*map));
	back = calloc(n0 + 1, sizeof(*back));
	if (!need || !map || !back) {
		nomem(err);
		goto done;
	}
	/* s's table for each of from's, and which no_defn table each of s's
	 * takes its definition from. */
	for (i = 0; i < own->ntables; i++)
		map[i] = -1;
	for (i = 0; i < n0; i++) {
		const struct pgs_table *f;

		back[i] = -1;
		if (!s->tables[i].no_defn)
			continue;
		f = pgs_schema_find(own, s->tables[i].schema, s->tables[i].name);
		if (!f)
			continue;
		back[i] = (long)(f - own->tables);
		need_ancestors(own, (size_t)back[i], need, 0);
	}
	for (i = 0; i < own->ntables; i++) {
		const struct pgs_table *t = pgs_schema_find(s, own->tables[i].schema,
							    own->tables[i].name);

		if (t)
			map[i] = (long)(t - s->tables);
		else if (need[i] || s->data_only)
			nadd++;
	}
	if (nadd) {
		v = realloc(s->tables, (s->ntables + nadd) * sizeof(*v));
		if (!v) {
			nomem(err);
			goto done;
		}
		s->tables = v;
		for (i = 0; i < own->ntables; i++) {
			struct pgs_table *t;

			if (map[i] >= 0 || !(need[i] || s->data_only))
				continue;
			t = &s->tables[s->ntables];
			memset(t, 0, sizeof(*t));
			t->toc_index = t->data_index = -1;
			t->no_defn = 1;   /* cleared by table_adopt() below */
			map[i] = (long)s->ntables++;
			t->schema = dups(own->tables[i].schema);
			t->name = dups(own->tables[i].name);
			if (!t->schema || !t->name) {
				nomem(err);
				goto done;
			}
		}
	}
	for (i = 0; i < own->ntables; i++) {
		long ti = map[i];
		struct pgs_table *t;
		const struct pgs_table *f = &own->tables[i];

		if (ti < 0)
			continue;
		t = &s->tables[ti];
		if ((size_t)ti < n0 && back[ti] != (long)i)
			continue;   /* defined in its own archive: kept */
		/* Every column of the data must be in the definition. */
		for (j = 0; j < t->ncols; j++)
			if (!pgs_table_column(f, t->cols[j].name)) {
				pgs_error_set(err, PGS_EINPUT,
					      "the data of table %s.%s has column "
					      "%s, which the table in %s does not "
					      "have", t->schema, t->name,
					      t->cols[j].name, from_name);
				pgs_error_hint(err, "give the schema of the "
					       "database the data was dumped "
					       "from");
				goto done;
			}
		if (table_adopt(t, f, map, err))
			goto done;
	}
	if (adopt_fkeys(s, own, map, err))
		goto done;
	rc = 0;
done:
	free(need);
	free(map);
	free(back);
	return rc;
}
