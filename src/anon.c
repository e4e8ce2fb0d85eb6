/*
 * anon.c — the anonymiser registry and dispatcher (anon.h, anon_impl.h),
 * and the three anonymisers that work on raw COPY fields: keep, null and
 * const.
 *
 * The dispatcher does, for every field, what all anonymisers share: NULL
 * stays NULL; COPY escapes are undone before the anonymiser sees the value
 * and redone after (a field with no backslash is used in place); an array
 * column has the anonymiser applied element by element (pgarray.h); output
 * longer than the column's varchar(n)/char(n) limit is an error, never a
 * truncation; and a value that comes out unchanged is written back with its
 * original bytes.
 */
#include "pgscrub/anon_impl.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <sodium.h>
#include <unistring/version.h>

#include "pgscrub/copy.h"
#include "pgscrub/pgarray.h"

#define PGS_ANON_MAX_VALUE ((size_t)1 << 30)

/* ---- keep, null, const ------------------------------------------------ */

static int raw_keep(struct pgs_anon *an, struct pgs_buf *out, const char *raw,
		    size_t len, struct pgs_error *err)
{
	(void)an;
	return pgs_buf_add(out, raw, len, err);
}

static int raw_null(struct pgs_anon *an, struct pgs_buf *out, const char *raw,
		    size_t len, struct pgs_error *err)
{
	(void)an;
	(void)raw;
	(void)len;
	return pgs_buf_add(out, "\\N", 2, err);
}

static int raw_const(struct pgs_anon *an, struct pgs_buf *out,
		     const char *raw, size_t len, struct pgs_error *err)
{
	if (pgs_copy_is_null(raw, len))
		return pgs_buf_add(out, raw, len, err);
	/* an->tmp1 holds the value already COPY-escaped, once per run. */
	return pgs_buf_add(out, an->tmp1.data ? an->tmp1.data : "",
			   an->tmp1.len, err);
}

static int no_args_compile(struct pgs_anon *an, const struct pgs_expr *e,
			   struct pgs_error *err)
{
	return pgs_anon_check_args(an, e, NULL, 0, err);
}

static int const_compile(struct pgs_anon *an, const struct pgs_expr *e,
			 struct pgs_error *err)
{
	const struct pgs_arg *arg = pgs_anon_arg(e, NULL, 0);
	size_t i;

	if (pgs_anon_check_args(an, e, NULL, 1, err))
		return -1;
	if (!arg || arg->type != PGS_ARG_STRING) {
		pgs_error_set(err, PGS_ERULES, "const takes one string argument");
		return pgs_error_hint(err, "write it in single quotes, as in "
				      "const('n/a') ('' for a quote)");
	}
	for (i = 0; i < arg->len; i++) {
		if (arg->str[i] == '\0')
			return pgs_error_set(err, PGS_ERULES,
					     "const value contains a zero byte");
		if ((unsigned char)arg->str[i] >= 0x80)
			an->n1 = 1;   /* non-ASCII: needs a UTF8 archive */
	}
	if (an->n1 && strcmp(an->env.encoding, "UTF8") != 0) {
		pgs_error_set(err, PGS_ERULES,
			      "const value has non-ASCII characters, but the "
			      "archive's encoding is %s", an->env.encoding);
		return pgs_error_hint(err, "use an ASCII value, or dump with "
				      "pg_dump -E UTF8");
	}
	pgs_buf_reset(&an->str);
	pgs_buf_reset(&an->tmp1);
	if (pgs_buf_add(&an->str, arg->str, arg->len, err) ||
	    pgs_copy_encode(&an->tmp1, arg->str, arg->len, err))
		return -1;
	return 0;
}

static int is_int_text(const char *s, size_t n, long long lo, long long hi)
{
	char buf[32];
	char *end;
	long long v;

	while (n && (*s == ' ')) {
		s++;
		n--;
	}
	while (n && s[n - 1] == ' ')
		n--;
	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	v = strtoll(buf, &end, 10);
	return errno == 0 && *end == '\0' && v >= lo && v <= hi;
}

static int is_number_text(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (n == 3 && strncmp(s, "NaN", 3) == 0)
		return 1;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits && i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = 0;

		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			e++;
		if (!e)
			return 0;
	}
	return digits && i == n;
}

static int is_uuid_text(const char *s, size_t n)
{
	size_t i, hex = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F'))
			hex++;
		else if (c != '-' && c != '{' && c != '}')
			return 0;
	}
	return hex == 32;
}

static int const_fit(struct pgs_anon *an, struct pgs_error *err)
{
	const char *v = an->str.data ? an->str.data : "";
	size_t n = an->str.len;
	const char *type = an->col ? pgs_type_name(&an->col->type) : "text";
	int ok = 1;
	size_t i;

	if (an->as_array) {
		ok = n && (v[0] == '{' || v[0] == '[');
		if (!ok) {
			pgs_error_set(err, PGS_ECOVERAGE,
				      "const value '%.60s' is not an array, and the "
				      "column is %s", v, type);
			return pgs_error_hint(err, "write an array literal, as in const('{}')");
		}
		return 0;
	}
	switch (an->kind) {
	case PGS_TYPE_INT2:
		ok = is_int_text(v, n, -32768, 32767);
		break;
	case PGS_TYPE_INT4:
		ok = is_int_text(v, n, INT32_MIN, INT32_MAX);
		break;
	case PGS_TYPE_INT8:
		ok = is_int_text(v, n, LLONG_MIN, LLONG_MAX);
		break;
	case PGS_TYPE_NUMERIC:
	case PGS_TYPE_FLOAT4:
	case PGS_TYPE_FLOAT8:
		ok = is_number_text(v, n) ||
		     (an->kind != PGS_TYPE_NUMERIC &&
		      (strcmp(v, "Infinity") == 0 || strcmp(v, "-Infinity") == 0));
		break;
	case PGS_TYPE_BOOL: {
		static const char *const b[] = { "t", "f", "true", "false", "yes",
						 "no", "on", "off", "1", "0", NULL };

		ok = 0;
		for (i = 0; b[i]; i++)
			ok |= strcmp(v, b[i]) == 0;
		break;
	}
	case PGS_TYPE_UUID:
		ok = is_uuid_text(v, n);
		break;
	case PGS_TYPE_ENUM:
		if (an->col && an->col->type.labels) {
			ok = 0;
			for (i = 0; i < an->col->type.nlabels; i++)
				ok |= strcmp(v, an->col->type.labels[i]) == 0;
		}
		break;
	default:
		break;
	}
	if (!ok)
		return pgs_error_set(err, PGS_ECOVERAGE,
				     "const value '%.60s' is not a valid %s", v, type);
	if (an->max_chars >= 0 &&
	    pgs_anon_nchars(an, v, n) > (size_t)an->max_chars)
		return pgs_error_set(err, PGS_ECOVERAGE,
				     "const value '%.60s' is %zu characters long, "
				     "and the column is %s", v,
				     pgs_anon_nchars(an, v, n), type);
	return 0;
}

static int null_fit(struct pgs_anon *an, struct pgs_error *err)
{
	if (an->col && an->col->not_null) {
		pgs_error_set(err, PGS_ECOVERAGE,
			      "null on column \"%s\", which is NOT NULL",
			      an->col->name);
		return pgs_error_hint(err, "use an anonymiser that keeps values "
				      "present, such as const('...')");
	}
	return 0;
}

static const struct pgs_anon_def def_keep = {
	"keep", PGS_ANON_RAW | PGS_ANON_INJECTIVE, PGS_TYPES_ALL, "keep",
	no_args_compile, NULL, raw_keep, NULL,
	"the value as it is",
	NULL
};
static const struct pgs_anon_def def_null = {
	"null", PGS_ANON_RAW, PGS_TYPES_ALL, "null",
	no_args_compile, null_fit, raw_null, NULL,
	"NULL (on a nullable column)",
	NULL
};
static const struct pgs_anon_def def_const = {
	"const", PGS_ANON_RAW, PGS_TYPES_ALL, "const('text')",
	const_compile, const_fit, raw_const, NULL,
	"the same value in every row",
	NULL
};

const struct pgs_anon_def *const pgs_anon_defs_basic[] = {
	&def_keep, &def_null, &def_const, NULL
};

/* ---- registry ----------------------------------------------------------- */

static const struct pgs_anon_def *const *const registries[] = {
	pgs_anon_defs_basic, pgs_anon_defs_gen, pgs_anon_defs_struct
};

/* Names are listed for hints from a local array of this many entries. */
#define MAX_DEFS 64

static const struct pgs_anon_def *def_at(size_t i)
{
	size_t r, n;

	for (r = 0; r < sizeof(registries) / sizeof(registries[0]); r++) {
		for (n = 0; registries[r][n]; n++)
			;
		if (i < n)
			return registries[r][i];
		i -= n;
	}
	return NULL;
}

/* Type kinds by name, as format_type writes them, for pgs_anon_info_at;
 * the text kinds and the number kinds are named as groups when a set has
 * all of them. */
static const char *const type_kind_names[PGS_TYPE_KIND_COUNT] = {
	[PGS_TYPE_TEXT] = "text", [PGS_TYPE_VARCHAR] = "character varying",
	[PGS_TYPE_CHAR] = "character", [PGS_TYPE_NAME] = "name",
	[PGS_TYPE_INT2] = "smallint", [PGS_TYPE_INT4] = "integer",
	[PGS_TYPE_INT8] = "bigint", [PGS_TYPE_NUMERIC] = "numeric",
	[PGS_TYPE_FLOAT4] = "real", [PGS_TYPE_FLOAT8] = "double precision",
	[PGS_TYPE_BOOL] = "boolean", [PGS_TYPE_DATE] = "date",
	[PGS_TYPE_TIMESTAMP] = "timestamp",
	[PGS_TYPE_TIMESTAMPTZ] = "timestamptz", [PGS_TYPE_TIME] = "time",
	[PGS_TYPE_TIMETZ] = "timetz", [PGS_TYPE_INTERVAL] = "interval",
	[PGS_TYPE_UUID] = "uuid", [PGS_TYPE_INET] = "inet",
	[PGS_TYPE_CIDR] = "cidr", [PGS_TYPE_MACADDR] = "macaddr, macaddr8",
	[PGS_TYPE_JSON] = "json", [PGS_TYPE_JSONB] = "jsonb",
	[PGS_TYPE_BYTEA] = "bytea", [PGS_TYPE_ENUM] = "enums",
	[PGS_TYPE_COMPOSITE] = "composite types",
};

static void types_add(char *out, size_t cap, const char *name)
{
	size_t len = strlen(out);

	snprintf(out + len, cap - len, "%s%s", len ? ", " : "", name);
}

int pgs_anon_info_at(struct pgs_anon_info *out, size_t i)
{
	const struct pgs_anon_def *d = def_at(i);
	unsigned long long t;
	int k;

	if (!d)
		return -1;
	out->name = d->name;
	out->usage = d->usage;
	out->summary = d->summary;
	out->keyed = (d->flags & PGS_ANON_KEYED) != 0;
	out->injective = (d->flags & PGS_ANON_INJECTIVE) != 0;
	out->types[0] = '\0';
	t = d->types;
	if (t == PGS_TYPES_ALL) {
		types_add(out->types, sizeof(out->types), "any");
		return 0;
	}
	if ((t & PGS_TYPES_TEXT) == PGS_TYPES_TEXT) {
		types_add(out->types, sizeof(out->types), "text");
		t &= ~(unsigned long long)PGS_TYPES_TEXT;
	}
	if ((t & PGS_TYPES_NUMBER) == PGS_TYPES_NUMBER) {
		types_add(out->types, sizeof(out->types), "numbers");
		t &= ~(unsigned long long)PGS_TYPES_NUMBER;
	}
	for (k = 1; k < PGS_TYPE_KIND_COUNT; k++)
		if (t & PGS_TYPE_BIT(k))
			types_add(out->types, sizeof(out->types),
				  type_kind_names[k]);
	if (t & PGS_TYPE_BIT(PGS_TYPE_OTHER)) {
		assert(d->other_types);
		types_add(out->types, sizeof(out->types), d->other_types);
	}
	return 0;
}

const char *pgs_anon_name_at(size_t i)
{
	const struct pgs_anon_def *d = def_at(i);

	return d ? d->name : NULL;
}

static const struct pgs_anon_def *find_def(const char *name)
{
	size_t r, i;

	for (r = 0; r < sizeof(registries) / sizeof(registries[0]); r++)
		for (i = 0; registries[r][i]; i++)
			if (strcmp(registries[r][i]->name, name) == 0)
				return registries[r][i];
	return NULL;
}

int pgs_anon_name_is_keyed(const char *name)
{
	const struct pgs_anon_def *d = find_def(name);

	return d && (d->flags & PGS_ANON_KEYED);
}

const char *pgs_anon_name(const struct pgs_anon *an)
{
	return an->def->name;
}

int pgs_anon_is_keep(const struct pgs_anon *an)
{
	return an->def == &def_keep;
}

int pgs_anon_is_injective(const struct pgs_anon *an)
{
	return an->injective;
}

/*
 * Client-only encodings whose multibyte characters may contain bytes in the
 * ASCII range, backslash included (archive-format.md §6.2): a value there
 * cannot be read byte by byte.
 */
static int encoding_hides_ascii(const char *enc)
{
	static const char *const bad[] = { "SJIS", "SHIFT_JIS_2004", "BIG5",
					   "GBK", "UHC", "GB18030", "JOHAB", NULL };
	size_t i;

	for (i = 0; bad[i]; i++)
		if (strcmp(enc, bad[i]) == 0)
			return 1;
	return 0;
}

/* ---- compiling ---------------------------------------------------------- */

static struct pgs_anon *anon_new(const struct pgs_anon_def *def,
				 const struct pgs_anon_env *env)
{
	struct pgs_anon *an = calloc(1, sizeof(*an));

	if (!an)
		return NULL;
	an->def = def;
	an->env = *env;
	if (!an->env.encoding)
		an->env.encoding = "UTF8";
	an->utf8 = strcmp(an->env.encoding, "UTF8") == 0;
	an->kind = PGS_TYPE_TEXT;
	an->max_chars = -1;
	pgs_buf_init(&an->str, PGS_ANON_MAX_VALUE);
	pgs_buf_init(&an->tmp1, PGS_ANON_MAX_VALUE);
	pgs_buf_init(&an->tmp2, PGS_ANON_MAX_VALUE);
	pgs_buf_init(&an->tmp3, PGS_ANON_MAX_VALUE);
	pgs_buf_init(&an->dec, PGS_ANON_MAX_VALUE);
	pgs_buf_init(&an->res, PGS_ANON_MAX_VALUE);
	pgs_buf_init(&an->arr, PGS_ANON_MAX_VALUE);
	return an;
}

int pgs_anon_compile(struct pgs_anon **out, const struct pgs_expr *e,
		     const struct pgs_anon_env *env, struct pgs_error *err)
{
	const struct pgs_anon_def *def = find_def(e->name);
	struct pgs_anon *an;

	*out = NULL;
	if (!def) {
		const char *names[MAX_DEFS + 1], *s;
		char all[PGS_ERROR_HINT_MAX];
		size_t n, used = 0;

		for (n = 0; (names[n] = pgs_anon_name_at(n)) != NULL; n++)
			assert(n < MAX_DEFS);
		s = pgs_suggest(e->name, names);
		pgs_error_set(err, PGS_ERULES, "unknown anonymiser '%s'", e->name);
		if (s)
			return pgs_error_hint(err, "did you mean '%s'?", s);
		/* "keep, null, ... json and regex_replace" */
		all[0] = '\0';
		for (n = 0; names[n] && used < sizeof(all); n++)
			used += (size_t)snprintf(all + used, sizeof(all) - used,
						 "%s%s", n == 0 ? "" :
						 names[n + 1] ? ", " : " and ",
						 names[n]);
		return pgs_error_hint(err, "the anonymisers are %s", all);
	}
	if ((def->flags & PGS_ANON_KEYED) && !env->master_key) {
		pgs_error_set(err, PGS_ERULES, "%s is keyed and needs a key", e->name);
		return pgs_error_hint(err, "set secret_env = VARIABLE, secret_file "
				      "= PATH or secret = random in [pgscrub]");
	}
	if (!(def->flags & PGS_ANON_RAW) && env->encoding &&
	    encoding_hides_ascii(env->encoding)) {
		pgs_error_set(err, PGS_ECOVERAGE,
			      "%s needs to read values, and the archive's "
			      "encoding %s can hide ASCII bytes (backslash "
			      "included) inside characters", e->name, env->encoding);
		return pgs_error_hint(err, "dump with pg_dump -E UTF8; keep, null "
				      "and const work in any encoding");
	}
	an = anon_new(def, env);
	if (!an)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	if (def->flags & PGS_ANON_KEYED) {
		pgs_keyed_subkey(an->key, env->master_key, def->name);
		an->has_key = 1;
	}
	if (def->compile && def->compile(an, e, err)) {
		pgs_anon_free(an);
		return -1;
	}
	*out = an;
	return 0;
}

int pgs_anon_compile_sub(struct pgs_anon **out, const struct pgs_expr *e,
			 const struct pgs_anon *parent, struct pgs_error *err)
{
	if (pgs_anon_compile(out, e, &parent->env, err))
		return -1;
	if (((*out)->def->flags & PGS_ANON_RAW) &&
	    !(parent->def->flags & PGS_ANON_SUB_RAW)) {
		const char *name = (*out)->def->name;

		pgs_anon_free(*out);
		*out = NULL;
		return pgs_error_set(err, PGS_ERULES,
				     "%s cannot be used inside %s", name,
				     parent->def->name);
	}
	/* A nested anonymiser produces text for its parent. */
	(*out)->kind = PGS_TYPE_TEXT;
	(*out)->max_chars = -1;
	if ((*out)->def->fit && (*out)->def->fit(*out, err)) {
		pgs_anon_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void pgs_anon_free(struct pgs_anon *an)
{
	size_t i;

	if (!an)
		return;
	if (an->def->release)
		an->def->release(an);
	for (i = 0; i < an->nsub; i++) {
		pgs_anon_free(an->sub[i]);
		if (an->sub_names)
			free(an->sub_names[i]);
	}
	free(an->sub);
	free(an->sub_names);
	pgs_buf_release(&an->str);
	pgs_buf_release(&an->tmp1);
	pgs_buf_release(&an->tmp2);
	pgs_buf_release(&an->tmp3);
	pgs_buf_release(&an->dec);
	pgs_buf_release(&an->res);
	pgs_buf_release(&an->arr);
	/* Key material is wiped before it is freed (keyed.h). */
	sodium_memzero(an->key, sizeof(an->key));
	free(an);
}

/* ---- fitting a column --------------------------------------------------- */

static const char *kind_hint(enum pgs_type_kind k)
{
	switch (k) {
	case PGS_TYPE_INT2: case PGS_TYPE_INT4: case PGS_TYPE_INT8:
	case PGS_TYPE_NUMERIC: case PGS_TYPE_FLOAT4: case PGS_TYPE_FLOAT8:
		return "for numbers use int_range(min, max), noise(percent=N), "
		       "const('...') or null";
	case PGS_TYPE_DATE: case PGS_TYPE_TIMESTAMP: case PGS_TYPE_TIMESTAMPTZ:
		return "for dates use date_shift(days=N), const('...') or null";
	case PGS_TYPE_UUID:
		return "for uuid columns use uuid, const('...') or null";
	case PGS_TYPE_INET: case PGS_TYPE_CIDR:
		return "for inet/cidr columns use ip, const('...') or null";
	case PGS_TYPE_MACADDR:
		return "for macaddr columns use mac, const('...') or null";
	case PGS_TYPE_JSON: case PGS_TYPE_JSONB:
		return "for json columns use json(key=anonymiser, ...), "
		       "const('...') or null";
	default:
		return "use keep, null or const('...') on this column";
	}
}

int pgs_anon_fit(struct pgs_anon *an, const struct pgs_column *col,
		 struct pgs_error *err)
{
	an->col = col;
	an->injective = (an->def->flags & PGS_ANON_INJECTIVE) != 0;
	if (col) {
		an->kind = col->type.kind;
		an->as_array = col->type.is_array;
		an->max_chars = col->type.max_chars;
	} else {
		an->kind = PGS_TYPE_TEXT;
		an->as_array = 0;
		an->max_chars = -1;
	}
	/* No type at all (a table with no definition in the archive): only
	 * what fits every column may go there. */
	if (col && col->type.kind == PGS_TYPE_OTHER && !col->type.text &&
	    !pgs_anon_is_keep(an) && strcmp(an->def->name, "null") != 0) {
		pgs_error_set(err, PGS_ECOVERAGE, "%s needs the column's type, "
			      "and the type of %s is unknown", an->def->name,
			      col->name);
		return pgs_error_hint(err, "the archive has the table's data "
				      "but not its definition: give the schema "
				      "with --schema schema.dump (pg_dump -Fc -s "
				      "of the same database; not for an "
				      "extension's tables) or --dbname CONNINFO, "
				      "or use keep, null or truncate");
	}
	if (!(an->def->types & PGS_TYPE_BIT(an->kind))) {
		pgs_error_set(err, PGS_ECOVERAGE, "%s cannot produce %s values",
			      an->def->name,
			      col ? pgs_type_name(&col->type) : "text");
		return pgs_error_hint(err, "%s", kind_hint(an->kind));
	}
	if (an->def->fit)
		return an->def->fit(an, err);
	return 0;
}

/* ---- applying ----------------------------------------------------------- */

static int check_length(struct pgs_anon *an, const char *p, size_t n,
			struct pgs_error *err)
{
	size_t c;

	if (an->max_chars < 0 || n <= (size_t)an->max_chars)
		return 0;   /* bytes >= characters: no need to count */
	c = pgs_anon_nchars(an, p, n);
	if (c <= (size_t)an->max_chars)
		return 0;
	return pgs_error_set(err, PGS_ECOVERAGE,
			     "%s produced a value of %zu characters, longer than "
			     "the column's %s", an->def->name, c,
			     an->col ? pgs_type_name(&an->col->type) : "limit");
}

static int apply_elem(void *ctx, struct pgs_buf *out, const char *elem,
		      size_t len, struct pgs_error *err)
{
	struct pgs_anon *an = ctx;
	size_t start = out->len;

	if (an->def->apply(an, out, elem, len, err))
		return -1;
	return check_length(an, out->data + start, out->len - start, err);
}

int pgs_anon_apply_value(struct pgs_anon *an, struct pgs_buf *out,
			 const char *val, size_t len, struct pgs_error *err)
{
	return an->def->apply(an, out, val, len, err);
}

/*
 * The dispatcher's buffers give back what one huge value made them grow to,
 * so that each column's anonymiser does not keep its largest value for the
 * rest of the run (memory stays bounded by the longest row).
 */
#define PGS_ANON_KEEP_CAP ((size_t)1 << 20)

static void trim_scratch(struct pgs_anon *an)
{
	if (an->dec.cap > PGS_ANON_KEEP_CAP)
		pgs_buf_release(&an->dec);
	if (an->res.cap > PGS_ANON_KEEP_CAP)
		pgs_buf_release(&an->res);
	if (an->arr.cap > PGS_ANON_KEEP_CAP)
		pgs_buf_release(&an->arr);
}

int pgs_anon_apply(struct pgs_anon *an, struct pgs_buf *out, const char *raw,
		   size_t len, struct pgs_error *err)
{
	const char *val = raw;
	size_t vlen = len;
	struct pgs_buf *res = &an->res;

	if (an->def->flags & PGS_ANON_RAW)
		return an->def->apply(an, out, raw, len, err);
	if (pgs_copy_is_null(raw, len))
		return pgs_buf_add(out, raw, len, err);
	if (memchr(raw, '\\', len)) {
		pgs_buf_reset(&an->dec);
		if (pgs_copy_decode(&an->dec, raw, len, err))
			return -1;
		val = an->dec.data;
		vlen = an->dec.len;
	}
	pgs_buf_reset(res);
	if (an->as_array && !(an->def->flags & PGS_ANON_WHOLE)) {
		if (pgs_array_map(res, val, vlen, ',', apply_elem, an, err))
			return -1;
	} else {
		if (an->def->apply(an, res, val, vlen, err) ||
		    check_length(an, res->data, res->len, err))
			return -1;
	}
	if (res->len == vlen && (vlen == 0 || memcmp(res->data, val, vlen) == 0)) {
		/* Give a huge copy back first: the value is then held twice
		 * (the row and out), not three times. */
		trim_scratch(an);
		return pgs_buf_add(out, raw, len, err);
	}
	if (pgs_copy_encode(out, res->data ? res->data : "", res->len, err))
		return -1;
	trim_scratch(an);
	return 0;
}

/* ---- helpers for anonymiser writers ------------------------------------ */

size_t pgs_anon_charlen(const struct pgs_anon *an, const char *p, size_t len)
{
	unsigned char c = (unsigned char)p[0];
	size_t n, i;

	if (!an->utf8 || c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		n = 2;
	else if ((c & 0xf0) == 0xe0)
		n = 3;
	else if ((c & 0xf8) == 0xf0)
		n = 4;
	else
		return 1;
	if (n > len)
		return 1;
	for (i = 1; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

size_t pgs_anon_nchars(const struct pgs_anon *an, const char *p, size_t len)
{
	size_t n = 0, i = 0;

	if (!an->utf8)
		return len;
	while (i < len) {
		i += pgs_anon_charlen(an, p + i, len - i);
		n++;
	}
	return n;
}

const struct pgs_arg *pgs_anon_arg(const struct pgs_expr *e, const char *key,
				   int pos)
{
	size_t i;
	int seen = 0;

	if (key)
		for (i = 0; i < e->nargs; i++)
			if (e->args[i].key && strcmp(e->args[i].key, key) == 0)
				return &e->args[i];
	if (pos < 0)
		return NULL;
	for (i = 0; i < e->nargs; i++) {
		if (e->args[i].key)
			continue;
		if (seen++ == pos)
			return &e->args[i];
	}
	return NULL;
}

int pgs_anon_check_args(const struct pgs_anon *an, const struct pgs_expr *e,
			const char *const *keys, size_t npos,
			struct pgs_error *err)
{
	size_t i, k, positional = 0;

	for (i = 0; i < e->nargs; i++) {
		const struct pgs_arg *a = &e->args[i];
		int ok = 0;

		if (!a->key) {
			positional++;
			continue;
		}
		for (k = 0; keys && keys[k]; k++)
			ok |= strcmp(keys[k], a->key) == 0;
		if (!ok) {
			const char *s = keys ? pgs_suggest(a->key, keys) : NULL;

			pgs_error_set(err, PGS_ERULES,
				      "%s has no argument '%s'%s%s%s", an->def->name,
				      a->key, s ? " (did you mean '" : "",
				      s ? s : "", s ? "'?)" : "");
			return pgs_error_hint(err, "write it as %s", an->def->usage);
		}
	}
	if (positional > npos) {
		if (npos == 0)
			pgs_error_set(err, PGS_ERULES, "%s takes no positional "
				      "arguments", an->def->name);
		else
			pgs_error_set(err, PGS_ERULES, "%s takes at most %zu "
				      "positional argument%s", an->def->name, npos,
				      npos == 1 ? "" : "s");
		return pgs_error_hint(err, "write it as %s", an->def->usage);
	}
	return 0;
}

int pgs_anon_int_arg(long long *v, const struct pgs_anon *an,
		     const struct pgs_arg *a, long long lo, long long hi,
		     struct pgs_error *err)
{
	char *end;
	long long x;
	const char *what = a->key ? a->key : "argument";

	if (a->type != PGS_ARG_NUMBER) {
		pgs_error_set(err, PGS_ERULES, "%s: %s must be a whole number",
			      an->def->name, what);
		return pgs_error_hint(err, "write it as %s", an->def->usage);
	}
	errno = 0;
	x = strtoll(a->str, &end, 10);
	if (errno || *end != '\0') {
		pgs_error_set(err, PGS_ERULES, "%s: %s must be a whole number, not %s",
			      an->def->name, what, a->str);
		return pgs_error_hint(err, "write it as %s", an->def->usage);
	}
	if (x < lo || x > hi)
		return pgs_error_set(err, PGS_ERULES,
				     "%s: %s must be between %lld and %lld, not %lld",
				     an->def->name, what, lo, hi, x);
	*v = x;
	return 0;
}

/* ---- whole rule files --------------------------------------------------- */

static int expr_needs_key(const struct pgs_expr *e)
{
	size_t i;

	if (pgs_anon_name_is_keyed(e->name))
		return 1;
	for (i = 0; i < e->nargs; i++)
		if (e->args[i].type == PGS_ARG_EXPR && e->args[i].expr &&
		    expr_needs_key(e->args[i].expr))
			return 1;
		else if (e->args[i].type == PGS_ARG_WORD &&
			 pgs_anon_name_is_keyed(e->args[i].str))
			return 1;
	return 0;
}

/*
 * Whether a condition as written calls sample(): the word sample (any
 * case, outside quotes) followed by '('.  Read from the text because
 * conditions are compiled only against the archive's columns, and the key
 * must be known before (condition.h: sample() is keyed by the master key).
 */
static int cond_text_samples(const char *t, size_t n)
{
	static const char w[] = "sample";
	size_t i = 0, k;

	while (i < n) {
		char ch = t[i];

		if (ch == '\'' || ch == '"') {
			for (i++; i < n && t[i] != ch; i++)
				;
			i++;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      ch == '_' || (unsigned char)ch >= 0x80)) {
			i++;
			continue;
		}
		for (k = 0; k < 6 && i + k < n; k++)
			if ((t[i + k] | 0x20) != w[k])
				break;
		if (k == 6 && (i == 0 || !(((t[i - 1] | 0x20) >= 'a' &&
					   (t[i - 1] | 0x20) <= 'z') ||
					  (t[i - 1] >= '0' && t[i - 1] <= '9') ||
					  t[i - 1] == '_' || t[i - 1] == '$'))) {
			size_t j = i + 6;

			while (j < n && (t[j] == ' ' || t[j] == '\t'))
				j++;
			if (j < n && t[j] == '(')
				return 1;
		}
		/* Skip the rest of the word. */
		while (i < n && (((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z') ||
				 (t[i] >= '0' && t[i] <= '9') || t[i] == '_' ||
				 t[i] == '$' || (unsigned char)t[i] >= 0x80))
			i++;
	}
	return 0;
}

int pgs_anon_rules_need_key(const struct pgs_rules *r)
{
	size_t t, c, b;

	for (t = 0; t < r->ntables; t++) {
		const struct pgs_table_rules *tr = &r->tables[t];

		if (tr->where && cond_text_samples(tr->where, tr->where_len))
			return 1;
		for (c = 0; c < tr->ncols; c++) {
			const struct pgs_column_rule *cr = &tr->cols[c];

			if (expr_needs_key(&cr->expr))
				return 1;
			for (b = 0; b < cr->nbranches; b++)
				if (expr_needs_key(&cr->branches[b].expr) ||
				    cond_text_samples(cr->branches[b].cond,
						      cr->branches[b].cond_len))
					return 1;
		}
	}
	return 0;
}

int pgs_anon_check_rules(const struct pgs_rules *r,
			 const unsigned char *master_key,
			 struct pgs_error *err)
{
	struct pgs_anon_env env = { master_key, "UTF8" };
	size_t t, c;

	for (t = 0; t < r->ntables; t++)
		for (c = 0; c < r->tables[t].ncols; c++) {
			const struct pgs_column_rule *cr = &r->tables[t].cols[c];
			struct pgs_anon *an;
			size_t b;

			/* Each THEN of a case rule, then its ELSE (expr). */
			for (b = 0; b < cr->nbranches; b++) {
				if (pgs_anon_compile(&an, &cr->branches[b].expr,
						     &env, err))
					return pgs_error_where(err, "%s:%d: rule "
							       "for %s, THEN part "
							       "of WHEN %zu",
							       r->path ? r->path : "rules",
							       cr->line, cr->column,
							       b + 1);
				pgs_anon_free(an);
			}
			if (pgs_anon_compile(&an, &cr->expr, &env, err))
				return pgs_error_where(err, "%s:%d: rule for %s%s",
						       r->path ? r->path : "rules",
						       cr->line, cr->column,
						       cr->nbranches ? ", ELSE part" : "");
			pgs_anon_free(an);
		}
	return 0;
}

const char *pgs_anon_versions(void)
{
	/* Filled on first use, from the CLI's one thread. */
	static char versions[160];

	if (!versions[0]) {
		char pcre[48];

		pcre2_config(PCRE2_CONFIG_VERSION, pcre);
		snprintf(versions, sizeof(versions),
			 "libsodium %s, PCRE2 %s, libunistring %d.%d",
			 sodium_version_string(), pcre,
			 _libunistring_version >> 8, _libunistring_version & 0xff);
	}
	return versions;
}
