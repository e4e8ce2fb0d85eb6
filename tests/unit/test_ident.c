/*
 * test_ident.c — identifiers and the COPY statement (ident.h).
 */
#include "pgscrub/copy.h"
#include "pgscrub/ident.h"

#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* ---- pgs_ident_parse --------------------------------------------------- */

struct parse_case {
	const char *in;
	const char *name;      /* expected name, NULL for an error */
	size_t used;           /* bytes consumed */
	const char *errpart;   /* a part of the message on error */
};

#define A10 "aaaaaaaaaa"
#define A63 A10 A10 A10 A10 A10 A10 "aaa"
#define E2 "\xc3\xa9"                 /* é, two bytes in UTF-8 */
#define E2x8 E2 E2 E2 E2 E2 E2 E2 E2  /* 16 bytes */

static const struct parse_case parse_cases[] = {
	{ "abc", "abc", 3, NULL },
	{ "ABC", "abc", 3, NULL },
	{ "MixedCase", "mixedcase", 9, NULL },
	{ "abc.def", "abc", 3, NULL },
	{ "abc def", "abc", 3, NULL },
	{ "abc(", "abc", 3, NULL },
	{ "_x1$", "_x1$", 4, NULL },
	{ "a$b$", "a$b$", 4, NULL },
	{ "t1, t2", "t1", 2, NULL },
	{ "select", "select", 6, NULL },
	/* Bytes >= 0x80 are identifier characters; only ASCII is folded. */
	{ "caf" E2, "caf" E2, 5, NULL },
	{ "CAF\xc3\x89", "caf\xc3\x89", 5, NULL },
	{ E2 "t" E2, E2 "t" E2, 5, NULL },
	{ "\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac", 6, NULL },
	/* Quoted: verbatim. */
	{ "\"My Schema\"", "My Schema", 11, NULL },
	{ "\"My Schema\".\"T\"", "My Schema", 11, NULL },
	{ "\"UPPER\"", "UPPER", 7, NULL },
	{ "\"select\"", "select", 8, NULL },
	{ "\"a\"\"b\"", "a\"b", 6, NULL },
	{ "\"\"\"\"", "\"", 4, NULL },
	{ "\"\"\"x\"\"\"", "\"x\"", 7, NULL },
	{ "\"a.b=c:d;e f,(g)\"", "a.b=c:d;e f,(g)", 17, NULL },
	{ "\"tab\tnl\n\"", "tab\tnl\n", 9, NULL },
	{ "\"1st\"", "1st", 5, NULL },
	{ "\"$x\"", "$x", 4, NULL },
	{ "\"a\"b", "a", 3, NULL },
	{ "\"" E2 "\"", E2, 4, NULL },
	/* 63 bytes is the limit, counted after unquoting. */
	{ A63, A63, 63, NULL },
	{ "\"" A63 "\"", A63, 65, NULL },
	{ "\"" A10 A10 A10 A10 A10 A10 "a\"\"a\"", A10 A10 A10 A10 A10 A10 "a\"a", 66, NULL },
	{ E2x8 E2x8 E2x8 E2x8 "a", NULL, 0, "is longer than 63 bytes" },
	{ E2x8 E2x8 E2x8 E2 E2 E2 E2 E2 E2 E2 "a", E2x8 E2x8 E2x8 E2 E2 E2 E2 E2 E2 E2 "a", 63, NULL },
	{ A63 "a", NULL, 0, "is longer than 63 bytes" },
	{ A63 "A.b", NULL, 0, "is longer than 63 bytes" },
	{ "\"" A63 "a\"", NULL, 0, "is longer than 63 bytes" },
	{ "\"" A10 A10 A10 A10 A10 A10 "aa\"\"a\"", NULL, 0, "is longer than 63 bytes" },
	/* Not identifiers. */
	{ "", NULL, 0, "found the end of the text" },
	{ " abc", NULL, 0, "expected an identifier" },
	{ "1abc", NULL, 0, "expected an identifier" },
	{ "$abc", NULL, 0, "expected an identifier" },
	{ ".abc", NULL, 0, "expected an identifier" },
	{ "(", NULL, 0, "expected an identifier" },
	{ "\"\"", NULL, 0, "zero-length delimited identifier" },
	{ "\"\".x", NULL, 0, "zero-length delimited identifier" },
	{ "\"abc", NULL, 0, "unterminated quoted identifier" },
	{ "\"abc\"\"", NULL, 0, "unterminated quoted identifier" },
	{ "\"", NULL, 0, "unterminated quoted identifier" },
};

static void test_parse(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	size_t i;

	pgs_buf_init(&b, 1024);
	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		const char *p = c->in, *end = c->in + strlen(c->in);
		int rc;

		/* Something to replace (or, on error, to keep). */
		pgs_buf_reset(&b);
		pgs_buf_adds(&b, "old", &err);
		pgs_error_init(&err);
		rc = pgs_ident_parse(&b, &p, end, &err);
		if (c->name) {
			CHECK(rc == 0);
			CHECK_STR(b.data, c->name);
			CHECK(b.len == strlen(c->name));
			CHECK(p == c->in + c->used);
		} else {
			CHECK(rc == -1);
			CHECK(err.code == PGS_EINPUT);
			CHECK(strstr(err.msg, c->errpart) != NULL);
			CHECK(p == c->in);
			CHECK_STR(b.data, "old");
		}
		if ((rc == 0) != (c->name != NULL))
			fprintf(stderr, "  parse case %zu: %s (%s)\n", i, c->in,
				err.msg);
	}
	/* The end bound is honoured: no reading past it. */
	{
		const char *s = "abcdef", *p = s;

		CHECK(pgs_ident_parse(&b, &p, s + 3, &err) == 0);
		CHECK_STR(b.data, "abc");
		p = s;
		CHECK(pgs_ident_parse(&b, &p, s, &err) == -1);
		s = "\"ab\"cd";
		p = s;
		CHECK(pgs_ident_parse(&b, &p, s + 3, &err) == -1);
		CHECK(strstr(err.msg, "unterminated") != NULL);
	}
	/* Messages show a bounded, printable prefix. */
	{
		static char longq[300];
		const char *p = longq;

		memset(longq, 'x', sizeof(longq) - 1);
		longq[0] = '"';
		longq[5] = '\n';
		longq[6] = '\x01';
		CHECK(pgs_ident_parse(&b, &p, longq + strlen(longq), &err) == -1);
		CHECK(strstr(err.msg, "unterminated quoted identifier") != NULL);
		CHECK(strstr(err.msg, "\\n\\x01") != NULL);
		CHECK(strstr(err.msg, "...") != NULL);
		CHECK(strchr(err.msg, '\n') == NULL);
		CHECK(strlen(err.msg) < 200);
	}
	pgs_buf_release(&b);
}

/* ---- pgs_ident_quote --------------------------------------------------- */

static const struct {
	const char *name;
	const char *quoted;
} quote_cases[] = {
	{ "abc", "abc" },
	{ "_a1", "_a1" },
	{ "a_b_2", "a_b_2" },
	{ "_", "_" },
	/* No keyword list: the caller's concern. */
	{ "select", "select" },
	{ "Abc", "\"Abc\"" },
	{ "UPPER", "\"UPPER\"" },
	{ "Full Name", "\"Full Name\"" },
	{ "1st", "\"1st\"" },
	{ "a$", "\"a$\"" },
	{ "a-b", "\"a-b\"" },
	{ "a.b", "\"a.b\"" },
	{ "a\"b", "\"a\"\"b\"" },
	{ "\"", "\"\"\"\"" },
	{ "caf" E2, "\"caf" E2 "\"" },
	{ "", "\"\"" },
};

static void test_quote(void)
{
	struct pgs_buf b, back;
	struct pgs_error err;
	size_t i;

	pgs_buf_init(&b, 1024);
	pgs_buf_init(&back, 1024);
	for (i = 0; i < sizeof(quote_cases) / sizeof(quote_cases[0]); i++) {
		const char *p;

		pgs_buf_reset(&b);
		CHECK(pgs_ident_quote(&b, quote_cases[i].name, &err) == 0);
		CHECK_STR(b.data, quote_cases[i].quoted);
		/* And back: parse(quote(x)) == x for every non-empty name. */
		if (quote_cases[i].name[0]) {
			p = b.data;
			CHECK(pgs_ident_parse(&back, &p, b.data + b.len, &err) == 0);
			CHECK_STR(back.data, quote_cases[i].name);
			CHECK(p == b.data + b.len);
		}
	}
	/* Appends. */
	pgs_buf_reset(&b);
	CHECK(pgs_ident_quote(&b, "s", &err) == 0);
	CHECK(pgs_buf_addc(&b, '.', &err) == 0);
	CHECK(pgs_ident_quote(&b, "T", &err) == 0);
	CHECK_STR(b.data, "s.\"T\"");
	pgs_buf_release(&b);
	/* Over the cap: an error and nothing added. */
	pgs_buf_init(&b, 4);
	CHECK(pgs_ident_quote(&b, "Abc", &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	CHECK(b.len == 0);
	pgs_buf_release(&b);
	pgs_buf_release(&back);
}

/* ---- pgs_copy_stmt_parse ----------------------------------------------- */

struct stmt_case {
	const char *stmt;
	const char *schema;    /* NULL: the statement is rejected */
	const char *table;
	size_t ncols;
	const char *cols[4];
};

static const struct stmt_case stmt_cases[] = {
	{ "COPY public.customers (id, \"Full Name\", email) FROM stdin;\n",
	  "public", "customers", 3, { "id", "Full Name", "email" } },
	{ "COPY \"My Schema\".\"Order Items\" (\"Item ID\", \"select\", \"UPPER\") FROM stdin;\n",
	  "My Schema", "Order Items", 3, { "Item ID", "select", "UPPER" } },
	/* --quote-all-identifiers */
	{ "COPY \"public\".\"customers\" (\"id\", \"Full Name\") FROM stdin;\n",
	  "public", "customers", 2, { "id", "Full Name" } },
	/* No dumpable columns: two spaces, no list. */
	{ "COPY public.empty_cols  FROM stdin;\n", "public", "empty_cols", 0, { NULL } },
	{ "COPY s.t (a) FROM stdin;\n", "s", "t", 1, { "a" } },
	/* Quoted names may hold the list's own punctuation. */
	{ "COPY s.t (\"a, b\", \"c)\", \"(d\", \"e\"\"f\") FROM stdin;\n",
	  "s", "t", 4, { "a, b", "c)", "(d", "e\"f" } },
	{ "COPY s.t (\"x FROM stdin;\", y) FROM stdin;\n",
	  "s", "t", 2, { "x FROM stdin;", "y" } },
	{ "COPY \"a.b\".\"c.d\" (\"e.f\") FROM stdin;\n", "a.b", "c.d", 1, { "e.f" } },
	{ "COPY caf\xc3\xa9.t\xc3\xa9 (n\xc3\xa9) FROM stdin;\n",
	  "caf\xc3\xa9", "t\xc3\xa9", 1, { "n\xc3\xa9" } },
	/* Bare names are folded as the server would. */
	{ "COPY Public.T (A) FROM stdin;\n", "public", "t", 1, { "a" } },
	{ "COPY s." A63 " (" A63 ") FROM stdin;\n", "s", A63, 1, { A63 } },

	/* Rejected. */
	{ "", NULL, NULL, 0, { NULL } },
	{ "COPY", NULL, NULL, 0, { NULL } },
	{ "copy public.t (a) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ " COPY public.t (a) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a) FROM stdin;", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a) FROM stdin;\n\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a) FROM stdin;\nSELECT 1;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a) from stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a) TO stdout;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a) FROM STDIN;\n", NULL, NULL, 0, { NULL } },
	/* pg_dump before 11 wrote the table unqualified */
	{ "COPY t (a) FROM stdin;\n", "", "t", 1, { "a" } },
	{ "COPY public.t FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t   FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t () FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a,b) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a , b) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a, ) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a, b FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a, b)FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a, a) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a, \"a\") FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a) WITH OIDS FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (\"a) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (\"\") FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY \"\".t (a) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public. t (a) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t.u (a) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY  public.t (a) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY (SELECT 1) TO stdout;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (1a) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (" A63 "a) FROM stdin;\n", NULL, NULL, 0, { NULL } },
	{ "COPY public.t (a) FROM stdin WITH (FORMAT csv);\n", NULL, NULL, 0, { NULL } },
};

static void test_stmt(void)
{
	struct pgs_copy_stmt st;
	struct pgs_error err;
	size_t i, k;

	memset(&st, 0, sizeof(st));
	for (i = 0; i < sizeof(stmt_cases) / sizeof(stmt_cases[0]); i++) {
		const struct stmt_case *c = &stmt_cases[i];
		int rc;

		pgs_error_init(&err);
		rc = pgs_copy_stmt_parse(&st, c->stmt, &err);
		if ((rc == 0) != (c->schema != NULL))
			fprintf(stderr, "  stmt case %zu: %s: %s\n", i, c->stmt,
				err.msg);
		if (c->schema) {
			CHECK(rc == 0);
			if (rc)
				continue;
			CHECK_STR(st.schema, c->schema);
			CHECK_STR(st.table, c->table);
			CHECK(st.ncols == c->ncols);
			for (k = 0; k < c->ncols && k < st.ncols; k++)
				CHECK_STR(st.cols[k], c->cols[k]);
			pgs_copy_stmt_release(&st);
			CHECK(st.schema == NULL && st.table == NULL &&
			      st.cols == NULL && st.ncols == 0);
		} else {
			CHECK(rc == -1);
			CHECK(err.code == PGS_EINPUT);
			/* The message quotes the statement (or its start). */
			CHECK(strstr(err.msg, "cannot parse COPY statement \"") == err.msg);
			k = strcspn(c->stmt, "\n\"");
			CHECK(strncmp(err.msg + 29, c->stmt, k < 60 ? k : 60) == 0);
			CHECK(strchr(err.msg, '\n') == NULL);
			/* Nothing is left allocated in st. */
			CHECK(st.schema == NULL && st.cols == NULL && st.ncols == 0);
		}
	}

	/* Specific messages. */
	CHECK(pgs_copy_stmt_parse(&st, "COPY public.t (a, a) FROM stdin;\n", &err) == -1);
	CHECK(strstr(err.msg, "listed twice") != NULL);
	CHECK(pgs_copy_stmt_parse(&st, "COPY public.t (\"\") FROM stdin;\n", &err) == -1);
	CHECK(strstr(err.msg, "zero-length delimited identifier") != NULL);
	CHECK(strstr(err.msg, "bad column name") != NULL);
	CHECK(pgs_copy_stmt_parse(&st, "COPY public.t (a) FROM stdin;", &err) == -1);
	CHECK_STR(err.msg, "cannot parse COPY statement \"COPY public.t (a) FROM stdin;\": "
		  "expected \" FROM stdin;\" and a newline (at byte 17)");

	/* A long statement (the most columns a table can have) is quoted by
	 * its start only. */
	{
		struct pgs_buf b;
		size_t n;

		pgs_buf_init(&b, 1 << 20);
		pgs_buf_adds(&b, "COPY public.wide (", &err);
		for (n = 0; n < PGS_MAX_COPY_COLUMNS; n++) {
			char col[32];

			snprintf(col, sizeof(col), "%sc%zu", n ? ", " : "", n);
			pgs_buf_adds(&b, col, &err);
		}
		pgs_buf_adds(&b, ") FROM stdin;\n", &err);
		CHECK(pgs_copy_stmt_parse(&st, b.data, &err) == 0);
		CHECK(st.ncols == PGS_MAX_COPY_COLUMNS);
		if (st.ncols == PGS_MAX_COPY_COLUMNS) {
			CHECK_STR(st.cols[0], "c0");
			CHECK_STR(st.cols[PGS_MAX_COPY_COLUMNS - 1], "c1599");
		}
		pgs_copy_stmt_release(&st);

		b.data[b.len - 2] = ' ';   /* drop the ';' */
		CHECK(pgs_copy_stmt_parse(&st, b.data, &err) == -1);
		CHECK(strstr(err.msg, "COPY public.wide (c0, c1") != NULL);
		CHECK(strstr(err.msg, "...\"") != NULL);
		CHECK(strlen(err.msg) < 400);
		pgs_buf_release(&b);
	}

	/*
	 * One column more than PostgreSQL allows is refused before it is
	 * stored (pairwise duplicate checks made 100,000 columns take
	 * minutes), and a repeat is found at its first occurrence.
	 */
	{
		struct pgs_buf b;
		size_t n;

		pgs_buf_init(&b, 1 << 22);
		pgs_buf_adds(&b, "COPY public.wide (", &err);
		for (n = 0; n < 100000; n++) {
			char col[32];

			snprintf(col, sizeof(col), "%sc%zu", n ? ", " : "", n);
			pgs_buf_adds(&b, col, &err);
		}
		pgs_buf_adds(&b, ") FROM stdin;\n", &err);
		CHECK(pgs_copy_stmt_parse(&st, b.data, &err) == -1);
		CHECK(err.code == PGS_EINPUT);
		CHECK(strstr(err.msg, "it lists more than 1600 columns, the most "
			     "a PostgreSQL table can have (at byte 10108)") != NULL);
		CHECK(err.hint[0] != '\0');
		pgs_buf_release(&b);
	}
	CHECK(pgs_copy_stmt_parse(&st, "COPY public.t (b, a, c, a, b) FROM stdin;\n",
				  &err) == -1);
	CHECK(strstr(err.msg, "a column is listed twice (at byte 24)") != NULL);
	CHECK(pgs_copy_stmt_parse(&st, "COPY public.t (z, a, a, a, z) FROM stdin;\n",
				  &err) == -1);
	CHECK(strstr(err.msg, "a column is listed twice (at byte 21)") != NULL);

	/* Release of a zeroed statement, and twice. */
	memset(&st, 0, sizeof(st));
	pgs_copy_stmt_release(&st);
	pgs_copy_stmt_release(&st);
	CHECK(st.ncols == 0);
}

/* Statements built with pgs_ident_quote parse back to the same names. */
static void test_stmt_round_trip(void)
{
	static const char *const names[] = {
		"public", "My Schema", "a\"b", "select", "UPPER", "x, y)",
		"caf\xc3\xa9", "_1", "t$", " FROM stdin;\n",
	};
	const size_t nn = sizeof(names) / sizeof(names[0]);
	struct pgs_copy_stmt st;
	struct pgs_buf b;
	struct pgs_error err;
	size_t i, k;

	memset(&st, 0, sizeof(st));
	pgs_buf_init(&b, 1 << 16);
	for (i = 0; i < nn; i++) {
		pgs_buf_reset(&b);
		pgs_buf_adds(&b, "COPY ", &err);
		pgs_ident_quote(&b, names[i], &err);
		pgs_buf_addc(&b, '.', &err);
		pgs_ident_quote(&b, names[(i + 1) % nn], &err);
		pgs_buf_adds(&b, " (", &err);
		for (k = 0; k < nn; k++) {
			if (k)
				pgs_buf_adds(&b, ", ", &err);
			pgs_ident_quote(&b, names[(i + k) % nn], &err);
		}
		pgs_buf_adds(&b, ") FROM stdin;\n", &err);
		CHECK(pgs_copy_stmt_parse(&st, b.data, &err) == 0);
		CHECK_STR(st.schema, names[i]);
		CHECK_STR(st.table, names[(i + 1) % nn]);
		CHECK(st.ncols == nn);
		for (k = 0; k < nn && k < st.ncols; k++)
			CHECK_STR(st.cols[k], names[(i + k) % nn]);
		pgs_copy_stmt_release(&st);
	}
	pgs_buf_release(&b);
}

int main(void)
{
	test_parse();
	test_quote();
	test_stmt();
	test_stmt_round_trip();
	return check_report("ident");
}
