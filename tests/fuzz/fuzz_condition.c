/*
 * fuzz_condition.c — libFuzzer target for row conditions (condition.h).
 *
 * The first byte picks a table (one of four column sets with their types),
 * the archive's encoding, whether there is a key and a primary key; the
 * rest is the condition's text.  It is compiled; a failure must be
 * PGS_ERULES (or PGS_ENOMEM) with a message.  What compiles is evaluated on
 * fixed rows (NULLs, edge values, escapes, values that are not of their
 * type): the answer must be 1, 0, or -1 with PGS_EINPUT or PGS_ERULES, and
 * the columns it says it reads must exist.  pgs_cond_span must stay inside
 * the text.  Sanitizers catch the rest (aborts, leaks, overflows).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/condition.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

#define NSETS 4
#define MAXCOLS 8
#define NROWS 4

struct colspec {
	const char *name;
	enum pgs_type_kind kind;
	const char *text;       /* NULL: type unknown */
	int is_array;
};

static char *const labels[] = { "sad", "ok", "happy" };

static const struct colspec sets[NSETS][MAXCOLS] = {
	{ { "id", PGS_TYPE_INT4, "integer", 0 },
	  { "email", PGS_TYPE_TEXT, "text", 0 },
	  { "active", PGS_TYPE_BOOL, "boolean", 0 },
	  { "created", PGS_TYPE_TIMESTAMPTZ, "timestamp with time zone", 0 },
	  { "Full Name", PGS_TYPE_VARCHAR, "character varying(20)", 0 },
	  { "amount", PGS_TYPE_NUMERIC, "numeric", 0 },
	  { "born", PGS_TYPE_DATE, "date", 0 },
	  { NULL, 0, NULL, 0 } },
	{ { "a", PGS_TYPE_INT8, "bigint", 0 },
	  { "b", PGS_TYPE_FLOAT8, "double precision", 0 },
	  { "c", PGS_TYPE_FLOAT4, "real", 0 },
	  { "d", PGS_TYPE_CHAR, "character(4)", 0 },
	  { "e", PGS_TYPE_UUID, "uuid", 0 },
	  { "f", PGS_TYPE_ENUM, "public.mood", 0 },
	  { "g", PGS_TYPE_TIMESTAMP, "timestamp without time zone", 0 },
	  { "h", PGS_TYPE_INT2, "smallint", 0 } },
	{ { "x", PGS_TYPE_OTHER, NULL, 0 },
	  { "y", PGS_TYPE_JSON, "json", 0 },
	  { "z", PGS_TYPE_TEXT, "text[]", 1 },
	  { "w", PGS_TYPE_NAME, "name", 0 },
	  { "v", PGS_TYPE_TEXT, "citext", 0 },
	  { "u", PGS_TYPE_INET, "inet", 0 },
	  { NULL, 0, NULL, 0 } },
	{ { "k", PGS_TYPE_TEXT, "text", 0 },
	  { NULL, 0, NULL, 0 } },
};

/* Per set, NROWS rows of COPY text. */
static const char *const rows[NSETS][NROWS] = {
	{ "1\ta@b.c\tt\t2024-01-31 12:34:56.5+05:30\tAl\\tice\t12.50\t2000-02-29",
	  "\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N",
	  "-2147483648\t\\\\x\tf\t0044-03-15 12:00:00+00:53:28 BC\t\xc3\x89\tNaN\tinfinity",
	  "x\ty\tz\t2024-13-01\t\t1e5\t-infinity" },
	{ "9223372036854775807\tNaN\t-Infinity\tab  \t"
	  "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\tok\t2024-01-01 00:00:00\t-32768",
	  "\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N",
	  "0\t1e308\t3.4028235e+38\t\t00000000-0000-0000-0000-000000000000\t"
	  "happy\tinfinity\t0",
	  "1.5\tx\t0x1p3\tabcd\tzz\tangry\t2024-01-01\t99999" },
	{ "raw\t{}\t{a,b}\tpg_class\tMiXeD\t10.0.0.1",
	  "\\N\t\\N\t\\N\t\\N\t\\N\t\\N",
	  "\\x41\\101\\n\t[]\t{}\t\t\t::1",
	  "\\\t\t\t\t\t" },
	{ "hello", "\\N", "", "a\\\\b%_\xff\xfe" },
};

static struct pgs_column cols[NSETS][MAXCOLS];
static struct pgs_cond_column ccols[NSETS][MAXCOLS];
static size_t ncols[NSETS];
static int ready;

static void setup(void)
{
	size_t s, i;

	for (s = 0; s < NSETS; s++) {
		for (i = 0; i < MAXCOLS && sets[s][i].name; i++) {
			struct pgs_column *c = &cols[s][i];

			memset(c, 0, sizeof(*c));
			c->name = (char *)(uintptr_t)sets[s][i].name;
			c->type.kind = sets[s][i].kind;
			c->type.text = (char *)(uintptr_t)sets[s][i].text;
			c->type.is_array = sets[s][i].is_array;
			c->type.max_chars = -1;
			c->unknown = sets[s][i].text == NULL;
			if (c->type.kind == PGS_TYPE_ENUM) {
				c->type.labels = labels;
				c->type.nlabels = 3;
			}
			ccols[s][i].name = sets[s][i].name;
			ccols[s][i].col = sets[s][i].text ? c : NULL;
		}
		ncols[s] = i;
	}
	ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encodings[] = { "UTF8", "UTF8", "LATIN1",
						 "EUC_JP" };
	static const char *const words[] = { "then", "when", "else", "end" };
	static const unsigned char key[PGS_MASTER_KEY_BYTES] = { 7 };
	static const size_t pkey[] = { 0, 1 };
	struct pgs_cond_env env;
	struct pgs_error err;
	struct pgs_cond *c;
	const char *text;
	size_t len, set, r, i, span;

	if (!ready)
		setup();
	if (size < 1)
		return 0;
	set = data[0] % NSETS;
	memset(&env, 0, sizeof(env));
	env.cols = ccols[set];
	env.ncols = ncols[set];
	env.encoding = encodings[(data[0] >> 2) & 3];
	env.master_key = data[0] & 0x10 ? NULL : key;
	env.pkey = pkey;
	env.npkey = data[0] & 0x20 ? 0 : (ncols[set] > 1 ? 2 : 1);
	text = (const char *)data + 1;
	len = size - 1;

	span = pgs_cond_span(text, len, words, (data[0] >> 6) + 1);
	REQUIRE(span <= len);

	pgs_error_init(&err);
	if (pgs_cond_compile(&c, text, len, &env, &err)) {
		REQUIRE(c == NULL);
		REQUIRE(err.code == PGS_ERULES || err.code == PGS_ENOMEM);
		REQUIRE(err.msg[0] != '\0');
		return 0;
	}
	REQUIRE(c != NULL);
	for (i = 0; i < pgs_cond_ncolumns(c); i++) {
		REQUIRE(pgs_cond_column(c, i) < env.ncols);
		if (i)
			REQUIRE(pgs_cond_column(c, i) > pgs_cond_column(c, i - 1));
	}
	if (pgs_cond_uses_sample(c))
		REQUIRE(env.master_key != NULL);
	for (r = 0; r < NROWS; r++) {
		struct pgs_slice f[MAXCOLS + 1];
		const char *row = rows[set][r];
		int v, again;

		REQUIRE(pgs_copy_split(f, MAXCOLS + 1, row, strlen(row)) ==
			env.ncols);
		pgs_error_init(&err);
		v = pgs_cond_eval(c, f, &err);
		REQUIRE(v == 0 || v == 1 || v == -1);
		if (v == -1)
			REQUIRE(err.code == PGS_EINPUT || err.code == PGS_ERULES ||
				err.code == PGS_ENOMEM);
		/* The same row, the same answer (no state between rows). */
		pgs_error_init(&err);
		again = pgs_cond_eval(c, f, &err);
		REQUIRE(again == v);
	}
	pgs_cond_free(c);
	return 0;
}
