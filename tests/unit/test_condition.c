/*
 * test_condition.c — row conditions (condition.h): every operator, every
 * type's comparison with its edge values, three-valued logic, every compile
 * error, sample() (deterministic, keyed, about the asked share) and
 * pgs_cond_span.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/anon.h"
#include "pgscrub/condition.h"
#include "pgscrub/rules.h"
#include "unit.h"

/* ---- the table the conditions read ---------------------------------------- */

static struct pgs_column mkcol(const char *name, enum pgs_type_kind kind,
			       const char *text)
{
	struct pgs_column c;

	memset(&c, 0, sizeof(c));
	/* The structs own their strings elsewhere; here they are static. */
	c.name = strdup(name);
	c.type.kind = kind;
	c.type.text = text ? strdup(text) : NULL;
	c.type.max_chars = -1;
	c.type.precision = c.type.scale = -1;
	return c;
}

static char *const mood_labels[] = { "sad", "ok", "happy" };

enum {
	C_ID, C_EMAIL, C_NAME, C_CODE, C_AMOUNT, C_SCORE, C_RATIO, C_ACTIVE,
	C_BORN, C_CREATED, C_SEEN, C_UID, C_MOOD, C_DOC, C_FULL, C_BIG,
	C_SMALL, C_RAW, C_TAGS, C_CI, C_IP, NCOLS
};

static struct pgs_column pcols[NCOLS];
static struct pgs_cond_column ccols[NCOLS];
static const size_t pkey[] = { C_ID };
static unsigned char key1[PGS_MASTER_KEY_BYTES], key2[PGS_MASTER_KEY_BYTES];
static struct pgs_cond_env env;

static void setup(void)
{
	size_t i;

	pcols[C_ID] = mkcol("id", PGS_TYPE_INT4, "integer");
	pcols[C_EMAIL] = mkcol("email", PGS_TYPE_TEXT, "text");
	pcols[C_NAME] = mkcol("name", PGS_TYPE_VARCHAR, "character varying(20)");
	pcols[C_CODE] = mkcol("code", PGS_TYPE_CHAR, "character(5)");
	pcols[C_AMOUNT] = mkcol("amount", PGS_TYPE_NUMERIC, "numeric");
	pcols[C_SCORE] = mkcol("score", PGS_TYPE_FLOAT8, "double precision");
	pcols[C_RATIO] = mkcol("ratio", PGS_TYPE_FLOAT4, "real");
	pcols[C_ACTIVE] = mkcol("active", PGS_TYPE_BOOL, "boolean");
	pcols[C_BORN] = mkcol("born", PGS_TYPE_DATE, "date");
	pcols[C_CREATED] = mkcol("created", PGS_TYPE_TIMESTAMP,
				 "timestamp without time zone");
	pcols[C_SEEN] = mkcol("seen", PGS_TYPE_TIMESTAMPTZ,
			      "timestamp with time zone");
	pcols[C_UID] = mkcol("uid", PGS_TYPE_UUID, "uuid");
	pcols[C_MOOD] = mkcol("mood", PGS_TYPE_ENUM, "public.mood");
	pcols[C_MOOD].type.labels = mood_labels;
	pcols[C_MOOD].type.nlabels = 3;
	pcols[C_DOC] = mkcol("doc", PGS_TYPE_JSON, "json");
	pcols[C_FULL] = mkcol("Full Name", PGS_TYPE_TEXT, "text");
	pcols[C_BIG] = mkcol("big", PGS_TYPE_INT8, "bigint");
	pcols[C_SMALL] = mkcol("small", PGS_TYPE_INT2, "smallint");
	pcols[C_RAW] = mkcol("raw", PGS_TYPE_OTHER, NULL);
	pcols[C_RAW].unknown = 1;
	pcols[C_TAGS] = mkcol("tags", PGS_TYPE_TEXT, "text[]");
	pcols[C_TAGS].type.is_array = 1;
	pcols[C_CI] = mkcol("ci", PGS_TYPE_TEXT, "citext");
	pcols[C_IP] = mkcol("ip", PGS_TYPE_INET, "inet");
	for (i = 0; i < NCOLS; i++) {
		ccols[i].name = pcols[i].name;
		ccols[i].col = &pcols[i];
	}
	ccols[C_RAW].col = NULL;
	memset(key1, 1, sizeof(key1));
	memset(key2, 2, sizeof(key2));
	env.cols = ccols;
	env.ncols = NCOLS;
	env.pkey = pkey;
	env.npkey = 1;
	env.master_key = key1;
	env.encoding = "UTF8";
}

/* Rows as COPY text, one field per column above. */
static const char *const rows[] = {
	/* 0: ordinary */
	"42\talice@example.com\tAlice\tab   \t12.50\t1.5\t0.1\tt\t2000-02-29\t"
	"2024-01-31 12:34:56.123456\t2024-01-31 12:34:56+01\t"
	"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\tok\t{\"a\":1}\tAlice Smith\t"
	"9223372036854775807\t-32768\traw\\tx\t{a,b}\tMiXed\t10.0.0.1",
	/* 1: NULLs everywhere */
	"\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t"
	"\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N",
	/* 2: edge values */
	"-7\tBOB@Staff.ORG\t\xc3\x89mile\tx    \tNaN\tNaN\t-Infinity\tf\t"
	"infinity\t0044-03-15 12:00:00 BC\t2024-01-31 00:00:00+05:30\t"
	"00000000-0000-0000-0000-000000000000\thappy\tnull\tx\\\\y\t"
	"-9223372036854775808\t32767\t\tz\tq\t::1",
	/* 3: more */
	"0\ta_b%c\\nd@x\tbob\t\t-Infinity\tInfinity\t3.4028235e+38\tt\t"
	"-infinity\t-infinity\t1999-12-31 23:00:00-01\t"
	"ffffffff-ffff-ffff-ffff-ffffffffffff\tsad\t[]\t\t0\t0\t\\N\t{}\t\t::2",
};

static struct pgs_slice fields[NCOLS + 1];

static int load_row(size_t r)
{
	return pgs_copy_split(fields, NCOLS + 1, rows[r], strlen(rows[r])) ==
	       NCOLS;
}

static struct pgs_error err;

/* 1 true, 0 false/unknown, -1 eval error, -2 compile error. */
static int run(const char *text, size_t row)
{
	struct pgs_cond *c;
	int v;

	pgs_error_init(&err);
	if (pgs_cond_compile(&c, text, strlen(text), &env, &err))
		return -2;
	if (!load_row(row)) {
		pgs_cond_free(c);
		return -3;
	}
	v = pgs_cond_eval(c, fields, &err);
	pgs_cond_free(c);
	return v;
}

struct ecase {
	const char *cond;
	int want[4];        /* per row */
};

static const struct ecase ecases[] = {
	/* integers: exact decimals, any literal number */
	{ "id = 42", { 1, 0, 0, 0 } },
	{ "id = 42.0", { 1, 0, 0, 0 } },
	{ "id = 42.5", { 0, 0, 0, 0 } },
	{ "id = 4.2e1", { 1, 0, 0, 0 } },
	{ "id <> 42", { 0, 0, 1, 1 } },
	{ "id != 42", { 0, 0, 1, 1 } },
	{ "id < 0", { 0, 0, 1, 0 } },
	{ "id<-5", { 0, 0, 1, 0 } },
	{ "id<=-7", { 0, 0, 1, 0 } },
	{ "id >= -7", { 1, 0, 1, 1 } },
	{ "id > 41.999", { 1, 0, 0, 0 } },
	{ "id = '42'", { 1, 0, 0, 0 } },
	{ "id = ' +42 '", { 1, 0, 0, 0 } },
	{ "42 = id", { 1, 0, 0, 0 } },
	{ "0 > id", { 0, 0, 1, 0 } },
	{ "id = 99999999999999999999", { 0, 0, 0, 0 } },
	{ "id = -0", { 0, 0, 0, 1 } },
	{ "big = 9223372036854775807", { 1, 0, 0, 0 } },
	{ "big = '-9223372036854775808'", { 0, 0, 1, 0 } },
	{ "big > 9223372036854775806.5", { 1, 0, 0, 0 } },
	{ "small = -32768", { 1, 0, 0, 0 } },
	{ "small = '32767'", { 0, 0, 1, 0 } },
	/* numeric: NaN above everything, infinities */
	{ "amount = 12.5", { 1, 0, 0, 0 } },
	{ "amount = '12.500'", { 1, 0, 0, 0 } },
	{ "amount > 12.49", { 1, 0, 1, 0 } },
	{ "amount = 'NaN'", { 0, 0, 1, 0 } },
	{ "amount > 'Infinity'", { 0, 0, 1, 0 } },
	{ "amount < '-inf'", { 0, 0, 0, 0 } },
	{ "amount = '-Infinity'", { 0, 0, 0, 1 } },
	{ "amount < -1e300", { 0, 0, 0, 1 } },
	{ "amount between 12 and 13", { 1, 0, 0, 0 } },
	/* floats: NaN = NaN, NaN above Infinity */
	{ "score = 1.5", { 1, 0, 0, 0 } },
	{ "score = 'NaN'", { 0, 0, 1, 0 } },
	{ "score > 'Infinity'", { 0, 0, 1, 0 } },
	{ "score = 'Infinity'", { 0, 0, 0, 1 } },
	{ "score >= 1e308", { 0, 0, 1, 1 } },
	/* float4: a quoted literal is a real, an unquoted one numeric
	 * (compared as float8), as PostgreSQL resolves them */
	{ "ratio = '0.1'", { 1, 0, 0, 0 } },
	{ "ratio = 0.1", { 0, 0, 0, 0 } },
	{ "ratio > 0.1", { 1, 0, 0, 1 } },
	{ "ratio = '-inf'", { 0, 0, 1, 0 } },
	{ "ratio = '3.4028235e+38'", { 0, 0, 0, 1 } },
	{ "ratio > '1e-45'", { 1, 0, 0, 1 } },
	{ "score > 4.9e-324", { 1, 0, 1, 1 } },
	/* booleans */
	{ "active", { 1, 0, 0, 1 } },
	{ "not active", { 0, 0, 1, 0 } },
	{ "active = true", { 1, 0, 0, 1 } },
	{ "active = 'yes'", { 1, 0, 0, 1 } },
	{ "active = 'off'", { 0, 0, 1, 0 } },
	{ "active = '0'", { 0, 0, 1, 0 } },
	{ "active > false", { 1, 0, 0, 1 } },
	{ "active is true", { 1, 0, 0, 1 } },
	{ "active is not true", { 0, 1, 1, 0 } },
	{ "active is false", { 0, 0, 1, 0 } },
	{ "active is not false", { 1, 1, 0, 1 } },
	{ "active is unknown", { 0, 1, 0, 0 } },
	{ "active is not unknown", { 1, 0, 1, 1 } },
	{ "true", { 1, 1, 1, 1 } },
	{ "false", { 0, 0, 0, 0 } },
	/* dates */
	{ "born = '2000-02-29'", { 1, 0, 0, 0 } },
	{ "born > '2000-02-28'", { 1, 0, 1, 0 } },
	{ "born < '4713-01-01 BC'", { 0, 0, 0, 1 } },
	{ "born = 'infinity'", { 0, 0, 1, 0 } },
	{ "born >= '5874897-12-31'", { 0, 0, 1, 0 } },
	{ "born between '2000-01-01' and '2000-12-31'", { 1, 0, 0, 0 } },
	/* timestamps */
	{ "created = '2024-01-31 12:34:56.123456'", { 1, 0, 0, 0 } },
	{ "created > '2024-01-31 12:34:56.123455'", { 1, 0, 0, 0 } },
	{ "created > '2024-01-31T12:34'", { 1, 0, 0, 0 } },
	{ "created < '0001-01-01'", { 0, 0, 1, 1 } },
	{ "created = '0044-03-15 12:00 BC'", { 0, 0, 1, 0 } },
	{ "created >= '2024-01-31'", { 1, 0, 0, 0 } },
	/* timestamptz: offsets, a literal without one is UTC */
	{ "seen = '2024-01-31 11:34:56'", { 1, 0, 0, 0 } },
	{ "seen = '2024-01-31 11:34:56Z'", { 1, 0, 0, 0 } },
	{ "seen = '2024-01-31 13:34:56+02'", { 1, 0, 0, 0 } },
	{ "seen = '2024-01-30 18:30:00'", { 0, 0, 1, 0 } },
	{ "seen = '2024-01-31 00:00:00+05:30'", { 0, 0, 1, 0 } },
	{ "seen = '2000-01-01'", { 0, 0, 0, 1 } },
	{ "seen < '2000-01-01 00:00:00.000001'", { 0, 0, 0, 1 } },
	/* text: bytes */
	{ "email = 'alice@example.com'", { 1, 0, 0, 0 } },
	{ "email > 'alice'", { 1, 0, 0, 0 } },
	{ "email < 'b'", { 1, 0, 1, 1 } },
	{ "email in ('x', 'alice@example.com')", { 1, 0, 0, 0 } },
	{ "email not in ('x', 'alice@example.com')", { 0, 0, 1, 1 } },
	{ "email like '%@example.com'", { 1, 0, 0, 0 } },
	{ "email like 'ALICE%'", { 0, 0, 0, 0 } },
	{ "email ilike 'ALICE%'", { 1, 0, 0, 0 } },
	{ "email not like '%@example.com'", { 0, 0, 1, 1 } },
	{ "email ilike '%@staff.org'", { 0, 0, 1, 0 } },
	{ "email like 'a\\_b\\%c%'", { 0, 0, 0, 1 } },
	{ "email like 'a_b_c%'", { 0, 0, 0, 1 } },
	{ "email like '_lice@example.co_'", { 1, 0, 0, 0 } },
	{ "email like '%'", { 1, 0, 1, 1 } },
	{ "email like 'a%c%d@x'", { 0, 0, 0, 1 } },
	{ "email ~ '^[a-z]+@'", { 1, 0, 0, 0 } },
	{ "email ~* '^bob@staff'", { 0, 0, 1, 0 } },
	{ "email ~ '\\n'", { 0, 0, 0, 1 } },
	{ "name like '_mile'", { 0, 0, 1, 0 } },
	{ "name ilike '\xc3\xa9mile'", { 0, 0, 1, 0 } },
	{ "name like 'bob'", { 0, 0, 0, 1 } },
	{ "name = ''", { 0, 0, 0, 0 } },
	{ "\"Full Name\" like 'Alice %'", { 1, 0, 0, 0 } },
	{ "\"Full Name\" = 'x\\y'", { 0, 0, 1, 0 } },
	{ "\"Full Name\" = ''", { 0, 0, 0, 1 } },
	/* char(n): trailing spaces do not count in comparisons */
	{ "code = 'ab'", { 1, 0, 0, 0 } },
	{ "code = 'ab   '", { 1, 0, 0, 0 } },
	{ "code < 'ab '", { 0, 0, 0, 1 } },
	{ "code = ''", { 0, 0, 0, 1 } },
	{ "code like 'ab   '", { 1, 0, 0, 0 } },
	/* uuid: any input form */
	{ "uid = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'", { 1, 0, 0, 0 } },
	{ "uid = '{a0eebc999c0b4ef8bb6d6bb9bd380a11}'", { 1, 0, 0, 0 } },
	{ "uid = 'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'", { 1, 0, 0, 0 } },
	{ "uid > '00000000-0000-0000-0000-000000000000'", { 1, 0, 0, 1 } },
	/* enum: by label order */
	{ "mood = 'ok'", { 1, 0, 0, 0 } },
	{ "mood > 'ok'", { 0, 0, 1, 0 } },
	{ "mood < 'ok'", { 0, 0, 0, 1 } },
	{ "mood in ('sad', 'happy')", { 0, 0, 1, 1 } },
	/* unknown type: text */
	{ "raw = 'raw\tx'", { 1, 0, 0, 0 } },
	{ "raw like 'raw_x'", { 1, 0, 0, 0 } },
	{ "raw = ''", { 0, 0, 1, 0 } },
	/* NULL: three-valued logic */
	{ "email is null", { 0, 1, 0, 0 } },
	{ "email is not null", { 1, 0, 1, 1 } },
	{ "doc is null", { 0, 1, 0, 0 } },
	{ "tags is not null", { 1, 0, 1, 1 } },
	{ "not (email = 'x')", { 1, 0, 1, 1 } },
	{ "email = 'x' or true", { 1, 1, 1, 1 } },
	{ "email = 'x' and false", { 0, 0, 0, 0 } },
	{ "not (email = 'x' and false)", { 1, 1, 1, 1 } },
	{ "not (email = 'x' or false)", { 1, 0, 1, 1 } },
	{ "(email = 'x') is null", { 0, 1, 0, 0 } },
	{ "(email = 'x') is not false", { 0, 1, 0, 0 } },
	{ "(email = 'x') is unknown", { 0, 1, 0, 0 } },
	{ "email not like 'x%' or id is null", { 1, 1, 1, 1 } },
	{ "not email not in ('q')", { 0, 0, 0, 0 } },
	{ "id not between 0 and 100", { 0, 0, 1, 0 } },
	/* precedence: AND before OR, NOT before AND, IS after = */
	{ "id = 42 or id = 0 and active", { 1, 0, 0, 1 } },
	{ "(id = 42 or id = 0) and not active", { 0, 0, 0, 0 } },
	{ "not active and id = -7", { 0, 0, 1, 0 } },
	{ "id = 42 is true", { 1, 0, 0, 0 } },
	{ "NOT NOT active", { 1, 0, 0, 1 } },
	{ "(((id))) = 42", { 1, 0, 0, 0 } },
	{ "ID = 42 AnD EMAIL LIKE 'a%'", { 1, 0, 0, 0 } },
	{ "id = 42 -- a comment\n", { 1, 0, 0, 0 } },
};

static void test_eval(void)
{
	size_t i, r;

	for (i = 0; i < sizeof(ecases) / sizeof(ecases[0]); i++)
		for (r = 0; r < 4; r++) {
			int v = run(ecases[i].cond, r);

			if (v != ecases[i].want[r])
				fprintf(stderr, "  %s on row %zu: got %d (%s)\n",
					ecases[i].cond, r, v, err.msg);
			CHECK(v == ecases[i].want[r]);
		}
}

/* ---- compile errors: condition -> message (and hint) --------------------- */

struct xcase {
	const char *cond;
	const char *msg;
	const char *hint;   /* NULL: not checked */
};

static const struct xcase xcases[] = {
	{ "", "the condition is empty", NULL },
	{ "   ", "the condition is empty", NULL },
	{ "emial = 'x'", "unknown column \"emial\"", "did you mean \"email\"?" },
	{ "\"Email\" = 'x'", "unknown column \"Email\"", "did you mean \"email\"?" },
	{ "full_name = 'x'", "unknown column \"full_name\"", NULL },
	{ "lower(email) = 'x'",
	  "functions other than sample() are not supported: 'lower'(...)", NULL },
	{ "id = (select 1)", "subqueries are not supported", NULL },
	{ "id + 1 = 2", "operator '+' is not supported", NULL },
	{ "id = 1 + 1", "operator '+' is not supported here", NULL },
	{ "id::text = '1'", "casts (::) are not supported: the column's type "
	  "applies to the literal", NULL },
	{ "created > date '2024-01-01'", "typed literals such as 'date' '...' "
	  "are not supported: write the literal alone, the column's type "
	  "applies", NULL },
	{ "t.id = 1", "qualified names ('t' followed by '.') are not supported: "
	  "a condition reads its own table's columns", NULL },
	{ "id = 'abc'", "'abc' is not a valid integer", NULL },
	{ "id = '1.5'", "'1.5' is not a valid integer", NULL },
	{ "small = 40000", NULL, NULL },   /* numeric compare: fine */
	{ "small = '40000'", "'40000' is out of range for type smallint", NULL },
	{ "big = '9223372036854775808'",
	  "'9223372036854775808' is out of range for type bigint", NULL },
	{ "amount = 'x'", "'x' is not a valid numeric", NULL },
	{ "score = 'x'", "'x' is not a valid double precision", NULL },
	{ "score = '1e999'", "'1e999' is not a valid double precision", NULL },
	{ "ratio = '1e39'", "'1e39' is not a valid real", NULL },
	{ "ratio = '1e-50'", "'1e-50' is not a valid real", NULL },
	{ "score = 1e-400", "'1e-400' is not a valid number", NULL },
	{ "active = 'maybe'", "'maybe' is not a valid boolean", NULL },
	{ "active = 1", "'1' is a number and column \"active\" is boolean",
	  "quote the value: '1'" },
	{ "email = 5", "'5' is a number and column \"email\" is text",
	  "quote the value: '5'" },
	{ "raw = 5", "'5' is a number and column \"raw\" is unknown", NULL },
	{ "email = true", "'true' is not a valid text (column \"email\")", NULL },
	{ "born = '2024-13-01'", "'2024-13-01' is not a valid date", NULL },
	{ "born = '2023-02-29'", "'2023-02-29' is not a valid date", NULL },
	{ "born = '2024-01-01 10:00'", "'2024-01-01 10:00' is not a valid date",
	  NULL },
	{ "born = 'today'", "'today' is not a valid date",
	  "write dates as 'YYYY-MM-DD' (' BC' after), 'infinity' or '-infinity'" },
	{ "born = '5874898-01-01'", "'5874898-01-01' is not a valid date", NULL },
	{ "created = '2024-01-01 25:00'",
	  "'2024-01-01 25:00' is not a valid timestamp without time zone", NULL },
	{ "created = '2024-01-01 10:00+01'",
	  "'2024-01-01 10:00+01' is not a valid timestamp without time zone",
	  NULL },
	{ "created = '294277-01-01'",
	  "'294277-01-01' is not a valid timestamp without time zone", NULL },
	{ "created = '2024-01-01 10:00:00.1234567'",
	  "'2024-01-01 10:00:00.1234567' is not a valid timestamp without time "
	  "zone", NULL },
	{ "seen = 'now'", "'now' is not a valid timestamp with time zone", NULL },
	{ "uid = 'xyz'", "'xyz' is not a valid uuid", NULL },
	{ "mood = 'angry'", "'angry' is not a valid public.mood (not one of its "
	  "labels)", NULL },
	{ "name = 'caf\xe9'", "a string compared with \"name\" is not valid UTF-8", NULL },
	{ "doc = '{}'", "= on column \"doc\" of type json is not supported", NULL },
	{ "doc < '{}'", "< on column \"doc\" of type json is not supported", NULL },
	{ "ip = '10.0.0.1'", "= on column \"ip\" of type inet is not supported",
	  NULL },
	{ "tags = '{a}'", "= on column \"tags\" of type text[] is not supported",
	  NULL },
	{ "ci = 'x'", "= on column \"ci\" of type citext is not supported: "
	  "PostgreSQL compares citext ignoring case", NULL },
	{ "id like '4%'", "LIKE needs a text column; \"id\" is integer",
	  "compare it with = < > instead" },
	{ "born ~ '2024'", "~ needs a text column; \"born\" is date", NULL },
	{ "email like 'x\\'", "the LIKE pattern ends with a backslash", NULL },
	{ "email like 'x' escape '!'", "ESCAPE is not supported: the backslash "
	  "is the escape character", NULL },
	{ "email like email", "expected a '...' pattern after LIKE, found "
	  "'email'", NULL },
	{ "email ~ '('", "bad regular expression at offset 1: missing closing "
	  "parenthesis", NULL },
	{ "email similar to 'x'", "SIMILAR TO is not supported", NULL },
	{ "email = null", "comparing \"email\" with NULL is never true",
	  "write email IS NULL (or IS NOT NULL)" },
	{ "email in ('a', null)", "comparing \"email\" with NULL is never true",
	  NULL },
	{ "null", "NULL is never true", NULL },
	{ "email = name", "comparing two columns (\"email\" = \"name\") is not "
	  "supported", NULL },
	{ "1 = 1", "the comparison = names no column", NULL },
	{ "email", "column \"email\" (text) is not a condition on its own", NULL },
	{ "raw", "column \"raw\" (unknown) is not a condition on its own", NULL },
	{ "'x'", "'x' is a value, not a condition", NULL },
	{ "id = 1 and", "expected a column or a value, found the end of the "
	  "condition", NULL },
	{ "id = 1)", "unbalanced ')'", NULL },
	{ "(id = 1", "expected ')', found the end of the condition", NULL },
	{ "id = 'x", "unterminated string literal at byte 6 of the condition",
	  NULL },
	{ "\"id = 1", "unterminated quoted identifier at byte 1 of the "
	  "condition", NULL },
	{ "email = E'x'", "only plain '...' strings are supported, not 'E'x''",
	  NULL },
	{ "email = $$x$$", "only plain '...' strings are supported, not "
	  "'$$x$$'", NULL },
	{ "id = 0x1f", "'0x1f' is not a number this condition language reads "
	  "(write digits, a point and e)", NULL },
	{ "id = 1_000", "'1_000' is not a number this condition language reads "
	  "(write digits, a point and e)", NULL },
	{ "id < 1 < 2", "operator '<' is not supported here", NULL },
	{ "id between 1", "expected AND in BETWEEN ... AND ..., found the end "
	  "of the condition", NULL },
	{ "id between symmetric 1 and 2", "BETWEEN 'symmetric' is not supported",
	  NULL },
	{ "id in ()", "expected a column or a value, found ')'", NULL },
	{ "id in (1, 2", "expected ',' or ')' in IN (...), found the end of the "
	  "condition", NULL },
	{ "id in 1", "expected '(' after IN, found '1'", NULL },
	{ "id in (email)", "IN between two columns is not supported", NULL },
	{ "'x' like 'y'", "LIKE needs a column on its left", NULL },
	{ "id is maybe", "expected NULL, TRUE, FALSE or UNKNOWN after IS, found "
	  "'maybe'", NULL },
	{ "id is true", "column \"id\" (integer) is not a condition on its own",
	  NULL },
	{ "id is distinct from 1", "IS DISTINCT FROM is not supported", NULL },
	{ "id = 1 and or", "expected a column or a value, found 'or'", NULL },
	{ "not", "expected a column or a value, found the end of the condition",
	  NULL },
	{ "case when id = 1 then true end", "'case' is not supported in a "
	  "condition", NULL },
	{ "id = 1 id = 2", "unexpected 'id' after the condition", NULL },
	{ "sample(10) and", "expected a column or a value, found the end of the "
	  "condition", NULL },
	{ "sample(101)", "sample(101): the percentage must be a number from 0 "
	  "to 100", NULL },
	{ "sample('10')", "expected a percentage (0 to 100) in sample(...), "
	  "found ''10''", NULL },
	{ "sample(10, emial)", "unknown column \"emial\"", NULL },
	{ "sample(10, 5)", "expected a column name in sample(...), found '5'",
	  NULL },
	{ "sample(10 id)", "expected ',' or ')' in sample(...), found 'id'",
	  NULL },
	{ "sample(10) = true", "= between conditions is not supported", NULL },
	{ "(id = 1) = true", "= between conditions is not supported", NULL },
	{ "id[1] = 1", "array subscripts are not supported", NULL },
	{ "mood is null = true", "operator '=' is not supported here", NULL },
};

static void test_errors(void)
{
	size_t i;

	for (i = 0; i < sizeof(xcases) / sizeof(xcases[0]); i++) {
		int v = run(xcases[i].cond, 0);

		if (!xcases[i].msg) {
			if (v < 0)
				fprintf(stderr, "  %s: %s\n", xcases[i].cond,
					err.msg);
			CHECK(v >= 0);
			continue;
		}
		if (v != -2 || strcmp(err.msg, xcases[i].msg) != 0)
			fprintf(stderr, "  %s: got %d \"%s\"\n", xcases[i].cond,
				v, err.msg);
		CHECK(v == -2);
		CHECK(err.code == PGS_ERULES);
		CHECK_STR(err.msg, xcases[i].msg);
		if (xcases[i].hint)
			CHECK_STR(err.hint, xcases[i].hint);
	}
}

static void test_deep(void)
{
	char buf[600];
	size_t i;

	for (i = 0; i < 200; i++)
		buf[i] = '(';
	strcpy(buf + 200, "active");
	CHECK(run(buf, 0) == -2);
	CHECK_STR(err.msg, "the condition is nested more than 64 levels deep");
	buf[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(buf, "not ");
	strcat(buf, "active");
	CHECK(run(buf, 0) == -2);
	CHECK_STR(err.msg, "the condition is nested more than 64 levels deep");
	/* 60 levels are fine. */
	for (i = 0; i < 60; i++)
		buf[i] = '(';
	strcpy(buf + 60, "active");
	for (i = 0; i < 60; i++)
		strcat(buf, ")");
	CHECK(run(buf, 0) == 1);
	/* Long AND chains are not nesting. */
	buf[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(buf, "active and ");
	strcat(buf, "true");
	CHECK(run(buf, 0) == 1);
}

/* Values in the data that are not what their type prints. */
static void test_bad_data(void)
{
	static const struct { const char *cond; const char *row; const char *msg; }
	cases[] = {
		{ "id = 1", "x", "column \"id\": a value is not a valid number" },
		{ "id = 1", "1.5e3", "column \"id\": a value is not a valid number" },
		{ "active", "yes", "column \"active\": a value is not a valid boolean" },
		{ "born = '2000-01-01'", "2000-1-1",
		  "column \"born\": a value is not a valid date" },
		{ "seen = '2000-01-01'", "2000-01-01 00:00:00",
		  "column \"seen\": a value is not a valid timestamp with time zone" },
		{ "mood = 'ok'", "meh", "column \"mood\": a value is not a valid "
		  "label of its enum" },
		{ "email = 'x'", "x\\", "column \"email\": " },
	};
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pgs_cond *c;
		struct pgs_slice f[NCOLS];

		pgs_error_init(&err);
		CHECK(pgs_cond_compile(&c, cases[i].cond, strlen(cases[i].cond),
				       &env, &err) == 0);
		CHECK(load_row(0));
		memcpy(f, fields, sizeof(f));
		for (k = 0; k < NCOLS; k++) {
			f[k].p = cases[i].row;
			f[k].len = strlen(cases[i].row);
		}
		CHECK(pgs_cond_eval(c, f, &err) == -1);
		CHECK(err.code == PGS_EINPUT);
		CHECK(strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) == 0);
		if (strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)))
			fprintf(stderr, "  %s: %s\n", cases[i].cond, err.msg);
		pgs_cond_free(c);
	}
}

static void test_columns(void)
{
	struct pgs_cond *c;
	const char *t = "email like 'a%' or (active and id > 1) or email = 'b' "
			"or sample(5, uid)";

	pgs_error_init(&err);
	CHECK(pgs_cond_compile(&c, t, strlen(t), &env, &err) == 0);
	CHECK(pgs_cond_ncolumns(c) == 4);
	CHECK(pgs_cond_column(c, 0) == C_ID);
	CHECK(pgs_cond_column(c, 1) == C_EMAIL);
	CHECK(pgs_cond_column(c, 2) == C_ACTIVE);
	CHECK(pgs_cond_column(c, 3) == C_UID);
	CHECK(pgs_cond_uses_sample(c));
	pgs_cond_free(c);
	t = "email is null";
	CHECK(pgs_cond_compile(&c, t, strlen(t), &env, &err) == 0);
	CHECK(pgs_cond_ncolumns(c) == 1 && pgs_cond_column(c, 0) == C_EMAIL);
	CHECK(!pgs_cond_uses_sample(c));
	pgs_cond_free(c);
}

/* ---- sample() -------------------------------------------------------------- */

static size_t sample_count(const char *cond, const unsigned char *key,
			   size_t n, unsigned char *picked)
{
	struct pgs_cond *c;
	struct pgs_slice f[NCOLS];
	char num[32];
	size_t i, k = 0;

	env.master_key = key;
	pgs_error_init(&err);
	if (pgs_cond_compile(&c, cond, strlen(cond), &env, &err)) {
		env.master_key = key1;
		return SIZE_MAX;
	}
	load_row(0);
	memcpy(f, fields, sizeof(f));
	for (i = 0; i < n; i++) {
		int v;

		snprintf(num, sizeof(num), "%zu", i);
		f[C_ID].p = num;
		f[C_ID].len = strlen(num);
		f[C_BIG] = f[C_ID];
		v = pgs_cond_eval(c, f, &err);
		if (picked)
			picked[i] = (unsigned char)v;
		k += v == 1;
	}
	pgs_cond_free(c);
	env.master_key = key1;
	return k;
}

static void test_sample(void)
{
	enum { N = 100000 };
	unsigned char *a = malloc(N), *b = malloc(N), *d = malloc(N);
	size_t k, same, i;

	/* About the asked share, within 2 % of it. */
	k = sample_count("sample(10)", key1, N, a);
	CHECK(k > N / 10 - N / 500 && k < N / 10 + N / 500);
	k = sample_count("sample(50)", key1, N, NULL);
	CHECK(k > N / 2 - N / 500 && k < N / 2 + N / 500);
	k = sample_count("sample(2.5)", key1, N, NULL);
	CHECK(k > N / 40 - N / 500 && k < N / 40 + N / 500);
	CHECK(sample_count("sample(0)", key1, N, NULL) == 0);
	CHECK(sample_count("sample(100)", key1, N, NULL) == N);
	/* The same key, the same rows; the primary key by default, the
	 * same values in another column choose the same rows. */
	CHECK(sample_count("sample(10)", key1, N, b) == sample_count("sample(10)", key1, N, NULL));
	CHECK(memcmp(a, b, N) == 0);
	sample_count("sample(10, big)", key1, N, b);
	CHECK(memcmp(a, b, N) == 0);
	/* Another key, another sample. */
	sample_count("sample(10)", key2, N, d);
	for (i = same = 0; i < N; i++)
		same += a[i] && d[i];
	CHECK(same < N / 50);
	/* Two columns hash otherwise than one. */
	sample_count("sample(10, id, email)", key1, N, d);
	CHECK(memcmp(a, d, N) != 0);
	/* A smaller share is a subset of a larger one. */
	sample_count("sample(5)", key1, N, d);
	for (i = 0; i < N; i++)
		if (d[i] && !a[i])
			break;
	CHECK(i == N);
	/* NULL is a value of its own. */
	CHECK(run("sample(100, email)", 1) == 1);
	CHECK(run("sample(0, email)", 1) == 0);
	/* Errors. */
	env.npkey = 0;
	CHECK(run("sample(10)", 0) == -2);
	CHECK_STR(err.msg, "sample(10) needs columns: the table has no primary key");
	CHECK_STR(err.hint, "name the columns whose values are sampled, as in sample(10, id)");
	env.npkey = 1;
	env.master_key = NULL;
	CHECK(run("sample(10)", 0) == -2);
	CHECK_STR(err.msg, "sample() needs a key");
	CHECK(run("id = 1", 0) == 0);
	env.master_key = key1;
	free(a);
	free(b);
	free(d);
}

/* ---- encodings ------------------------------------------------------------ */

static void test_encodings(void)
{
	env.encoding = "LATIN1";
	CHECK(run("email ilike 'ALICE%'", 0) == 1);
	CHECK(run("name like '__mile'", 2) == 1);   /* É is 2 bytes here */
	CHECK(run("name = '\xc3\x89mile'", 2) == -2);
	CHECK_STR(err.msg, "'\xc3\x89mile': text beyond ASCII cannot be compared "
		  "in a LATIN1 archive");
	env.encoding = "EUC_JP";
	CHECK(run("email like 'a%'", 0) == -2);
	CHECK_STR(err.msg, "LIKE is supported in UTF8 and single-byte archives, "
		  "not in EUC_JP ones");
	CHECK(run("email = 'alice@example.com'", 0) == 1);
	env.encoding = "UTF8";
}

/* ---- LIKE against a plain recursive matcher -------------------------------- */

static size_t ulen(const char *s)
{
	unsigned char c = (unsigned char)*s;

	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

static int ref_like(const char *s, const char *p)
{
	if (!*p)
		return !*s;
	if (*p == '%')
		for (;; s += ulen(s)) {
			if (ref_like(s, p + 1))
				return 1;
			if (!*s)
				return 0;
		}
	if (!*s)
		return 0;
	if (*p == '_')
		return ref_like(s + ulen(s), p + 1);
	if (*p == '\\')
		p++;
	if (ulen(p) != ulen(s) || memcmp(p, s, ulen(p)) != 0)
		return 0;
	return ref_like(s + ulen(s), p + ulen(p));
}

static void test_like_random(void)
{
	static const char *const alpha[] = { "a", "b", "\xc3\xa9", "%", "_", "\\" };
	unsigned seed = 12345;
	size_t i, j, k, bad = 0;

	for (i = 0; i < 3000; i++) {
		char pat[64] = "", val[64] = "", cond[128], row[80];
		struct pgs_cond *c;
		struct pgs_slice f[1];
		struct pgs_cond_column one = { "k", NULL };
		struct pgs_cond_env e1;
		size_t pl = 1 + (seed >> 3) % 6, vl = (seed >> 7) % 7;

		for (j = 0; j < pl; j++) {
			seed = seed * 1103515245u + 12345u;
			strcat(pat, alpha[(seed >> 16) % 6]);
			if (pat[strlen(pat) - 1] == '\\')
				strcat(pat, alpha[(seed >> 20) % 3]);
		}
		for (j = 0; j < vl; j++) {
			seed = seed * 1103515245u + 12345u;
			strcat(val, alpha[(seed >> 16) % 3]);
		}
		seed = seed * 1103515245u + 12345u;
		memset(&e1, 0, sizeof(e1));
		e1.cols = &one;
		e1.ncols = 1;
		e1.encoding = "UTF8";
		snprintf(cond, sizeof(cond), "k like '%s'", pat);
		pgs_error_init(&err);
		if (pgs_cond_compile(&c, cond, strlen(cond), &e1, &err)) {
			bad++;
			continue;
		}
		/* The value has no backslash or tab: its COPY text is itself. */
		snprintf(row, sizeof(row), "%s", val);
		f[0].p = row;
		f[0].len = strlen(row);
		k = (size_t)pgs_cond_eval(c, f, &err);
		if (k != (size_t)ref_like(val, pat)) {
			bad++;
			fprintf(stderr, "  '%s' like '%s': %zu\n", val, pat, k);
		}
		pgs_cond_free(c);
	}
	CHECK(bad == 0);
}

/* ---- pgs_cond_span ---------------------------------------------------------- */

static void test_span(void)
{
	static const char *const then[] = { "then" };
	static const char *const we[] = { "when", "else" };
	const char *t;

	t = "a = 1 then keep";
	CHECK(pgs_cond_span(t, strlen(t), then, 1) == 6);
	t = "a = 'then' THEN keep";
	CHECK(pgs_cond_span(t, strlen(t), then, 1) == 11);
	t = "\"then\" = 'x' then keep";
	CHECK(pgs_cond_span(t, strlen(t), then, 1) == 13);
	t = "(a then) then x";
	CHECK(pgs_cond_span(t, strlen(t), then, 1) == 9);
	t = "athen = 1 thens then";
	CHECK(pgs_cond_span(t, strlen(t), then, 1) == 16);
	t = "a = 'it''s then' then";
	CHECK(pgs_cond_span(t, strlen(t), then, 1) == 17);
	t = "a = 1";
	CHECK(pgs_cond_span(t, strlen(t), then, 1) == 5);
	t = "keep when b then x";
	CHECK(pgs_cond_span(t, strlen(t), we, 2) == 5);
	t = "mask(char='else') else keep";
	CHECK(pgs_cond_span(t, strlen(t), we, 2) == 18);
	t = "a = 'unterminated then";
	CHECK(pgs_cond_span(t, strlen(t), then, 1) == strlen(t));
	CHECK(pgs_cond_span("", 0, then, 1) == 0);
}

/* ---- the rules side: keys and checks of case rules and where --------------- */

static int need_key(const char *text)
{
	struct pgs_rules r;
	int v;

	pgs_error_init(&err);
	if (pgs_rules_parse(&r, "r.ini", text, strlen(text), &err))
		return -1;
	v = pgs_anon_rules_need_key(&r);
	pgs_rules_release(&r);
	return v;
}

static int check_rules(const char *text, const unsigned char *key)
{
	struct pgs_rules r;
	int v;

	pgs_error_init(&err);
	if (pgs_rules_parse(&r, "r.ini", text, strlen(text), &err))
		return -2;
	v = pgs_anon_check_rules(&r, key, &err);
	pgs_rules_release(&r);
	return v;
}

static void test_rules_side(void)
{
	CHECK(need_key("[a.b]\nx = keep\n") == 0);
	CHECK(need_key("[a.b]\nwhere = id > 1\n* = keep\n") == 0);
	CHECK(need_key("[a.b]\nwhere = id > 1 or SAMPLE (10)\n") == 1);
	CHECK(need_key("[a.b]\nwhere = (id > 1 or sample(10, id))\n") == 1);
	CHECK(need_key("[a.b]\nwhere = name = 'sample(1)'\n") == 0);
	CHECK(need_key("[a.b]\nwhere = \"sample\" = 'x'\n") == 0);
	CHECK(need_key("[a.b]\nwhere = resample = 1\n") == 0);
	CHECK(need_key("[a.b]\nx = case when a then email else keep end\n") == 1);
	CHECK(need_key("[a.b]\nx = case when a then keep else hash end\n") == 1);
	CHECK(need_key("[a.b]\nx = case when a then keep else null end\n") == 0);
	CHECK(need_key("[a.b]\nx = case when sample(5) then keep else null end\n") == 1);

	CHECK(check_rules("[a.b]\nx = case when a then keep when b then mask "
			  "else null end\n", NULL) == 0);
	CHECK(check_rules("[a.b]\nx = case when a then keep when b then emial "
			  "else null end\n", NULL) == -1);
	CHECK(strncmp(err.msg, "r.ini:2: rule for x, THEN part of WHEN 2: ", 42) == 0);
	CHECK(check_rules("[a.b]\nx = case when a then keep else email end\n",
			  NULL) == -1);
	CHECK(strncmp(err.msg, "r.ini:2: rule for x, ELSE part: ", 32) == 0);
	CHECK(check_rules("[a.b]\nx = case when a then keep else email end\n",
			  key1) == 0);
	CHECK(check_rules("[a.b]\nx = case when a then hash else keep end\n",
			  NULL) == -1);
	CHECK(strncmp(err.msg, "r.ini:2: rule for x, THEN part of WHEN 1: ", 42) == 0);
}

int main(void)
{
	setup();
	test_eval();
	test_errors();
	test_deep();
	test_bad_data();
	test_columns();
	test_sample();
	test_encodings();
	test_span();
	test_like_random();
	test_rules_side();
	for (size_t i = 0; i < NCOLS; i++) {
		free(pcols[i].name);
		free(pcols[i].type.text);
	}
	return check_report("condition");
}
