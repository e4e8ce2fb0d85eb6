/*
 * test_sql_lex.c — the SQL lexer (sql_lex.h): token boundaries and kinds,
 * identifier and string values, and the inputs it must refuse.
 */
#include "pgscrub/sql_lex.h"

#include <string.h>

#include "unit.h"

/* ---- tokens -------------------------------------------------------------- */

/*
 * Expected tokens as "KIND:text" separated by single blanks, with a '_'
 * before the kind when the token has a gap (white space or a comment)
 * before it; the END token is not listed.
 */
struct lex_case {
	const char *in;
	int std_strings;
	const char *tokens;     /* NULL: a lexical error */
	const char *why;        /* the error */
	size_t why_off;
};

static const struct lex_case lex_cases[] = {
	{ "", 1, "", NULL, 0 },
	{ "  \n\t ", 1, "", NULL, 0 },
	{ "SELECT 1;", 1, "W:SELECT _N:1 ;:;", NULL, 0 },
	{ "CREATE TABLE public.t (a integer);", 1,
	  "W:CREATE _W:TABLE _W:public .:. W:t _(:( W:a _W:integer ):) ;:;",
	  NULL, 0 },
	/* Identifiers: bare with $ and high bytes, quoted with "" inside. */
	{ "a$b _x \xc3\xa9t\xc3\xa9 \"We\"\"ird\"", 1,
	  "W:a$b _W:_x _W:\xc3\xa9t\xc3\xa9 _Q:\"We\"\"ird\"", NULL, 0 },
	{ "U&\"d\\0061t\"", 1, "U:U&\"d\\0061t\"", NULL, 0 },
	/* Strings in every form pg_dump or the server writes. */
	{ "'it''s'", 1, "S:'it''s'", NULL, 0 },
	{ "E'a\\'b'", 1, "S:E'a\\'b'", NULL, 0 },
	{ "e'\\\\'", 1, "S:e'\\\\'", NULL, 0 },
	{ "'a\\' , 'b'", 1, "S:'a\\' _,:, _S:'b'", NULL, 0 },
	/* Without standard_conforming_strings a backslash quotes the quote:
	 * 'a\' , ' is one string, then b' opens a bit string never closed. */
	{ "'a\\' , 'b'", 0, NULL, "unterminated string literal", 8 },
	{ "N'x' B'01' X'1F' U&'d'", 1, "S:N'x' _S:B'01' _S:X'1F' _S:U&'d'",
	  NULL, 0 },
	{ "$$a'b$$ $t$x$$y$t$ $1", 1, "S:$$a'b$$ _S:$t$x$$y$t$ _P:$1", NULL, 0 },
	{ "a$1", 1, "W:a$1", NULL, 0 },
	{ "$ x", 1, "O:$ _W:x", NULL, 0 },
	/* Numbers, operators and punctuation. */
	{ "1.5e-3 .5 0x1F 1_000", 1, "N:1.5e-3 _N:.5 _N:0x1F _N:1_000", NULL, 0 },
	{ "'1'::integer[]", 1, "S:'1' ::: ::: W:integer [:[ ]:]", NULL, 0 },
	{ "a<>b", 1, "W:a O:< O:> W:b", NULL, 0 },
	/* Comments: skipped, nesting as in PostgreSQL. */
	{ "a -- c'\nb", 1, "W:a _W:b", NULL, 0 },
	{ "a--c", 1, "W:a", NULL, 0 },
	{ "a/* x /* y */ z */b", 1, "W:a _W:b", NULL, 0 },
	{ "a /* ' \" $$ */ b", 1, "W:a _W:b", NULL, 0 },
	{ "a/**/b", 1, "W:a _W:b", NULL, 0 },
	/* Refused. */
	{ "'open", 1, NULL, "unterminated string literal", 0 },
	{ "x E'a\\'", 1, NULL, "unterminated string literal", 2 },
	{ "x 'a\\'", 0, NULL, "unterminated string literal", 2 },
	{ "\"open", 1, NULL, "unterminated quoted identifier", 0 },
	{ "a \"x\"\"", 1, NULL, "unterminated quoted identifier", 2 },
	{ "U&\"x", 1, NULL, "unterminated quoted identifier", 0 },
	{ "a $t$ x $u$", 1, NULL, "unterminated dollar-quoted string", 2 },
	{ "$$", 1, NULL, "unterminated dollar-quoted string", 0 },
	{ "a /* b", 1, NULL, "unterminated /* comment", 2 },
	{ "/* a /* b */", 1, NULL, "unterminated /* comment", 0 },
	{ "/*/", 1, NULL, "unterminated /* comment", 0 },
};

static char kind_char(enum pgs_sql_kind k)
{
	switch (k) {
	case PGS_SQL_END: return 'E';
	case PGS_SQL_WORD: return 'W';
	case PGS_SQL_QIDENT: return 'Q';
	case PGS_SQL_UIDENT: return 'U';
	case PGS_SQL_STRING: return 'S';
	case PGS_SQL_NUMBER: return 'N';
	case PGS_SQL_PARAM: return 'P';
	case PGS_SQL_OP: return 'O';
	case PGS_SQL_LPAREN: return '(';
	case PGS_SQL_RPAREN: return ')';
	case PGS_SQL_LBRACK: return '[';
	case PGS_SQL_RBRACK: return ']';
	case PGS_SQL_COMMA: return ',';
	case PGS_SQL_SEMI: return ';';
	case PGS_SQL_DOT: return '.';
	case PGS_SQL_COLON: return ':';
	}
	return '?';
}

static void lex_tokens(void)
{
	size_t i;

	for (i = 0; i < sizeof(lex_cases) / sizeof(lex_cases[0]); i++) {
		const struct lex_case *c = &lex_cases[i];
		struct pgs_sql_tokens tv = PGS_SQL_TOKENS_INIT;
		struct pgs_sql_lexer lx;
		struct pgs_error err;
		struct pgs_buf got;
		size_t j, len = strlen(c->in);
		int rc;

		pgs_error_init(&err);
		pgs_buf_init(&got, 1 << 16);
		pgs_sql_lexer_init(&lx, c->in, len, c->std_strings);
		rc = pgs_sql_lex_all(&tv, &lx, &err);
		if (!c->tokens) {
			CHECK(rc == -1);
			CHECK(err.code == PGS_EINPUT);
			CHECK(lx.why != NULL);
			if (lx.why && strcmp(lx.why, c->why) != 0)
				fprintf(stderr, "case %zu: why \"%s\", want \"%s\"\n",
					i, lx.why, c->why);
			CHECK(lx.why && strcmp(lx.why, c->why) == 0);
			if (lx.why_off != c->why_off)
				fprintf(stderr, "case %zu: at %zu\n", i, lx.why_off);
			CHECK(lx.why_off == c->why_off);
			pgs_sql_tokens_release(&tv);
			pgs_buf_release(&got);
			continue;
		}
		CHECK(rc == 0);
		if (rc) {
			fprintf(stderr, "case %zu: %s\n", i, err.msg);
			pgs_sql_tokens_release(&tv);
			pgs_buf_release(&got);
			continue;
		}
		CHECK(tv.n >= 1 && tv.v[tv.n - 1].kind == PGS_SQL_END);
		CHECK(tv.v[tv.n - 1].off == len && tv.v[tv.n - 1].len == 0);
		for (j = 0; j + 1 < tv.n; j++) {
			const struct pgs_sql_token *t = &tv.v[j];

			CHECK(t->p == c->in + t->off);
			CHECK(t->len > 0 && t->off + t->len <= len);
			if (j > 0)
				pgs_buf_addc(&got, ' ', &err);
			if (t->gap)
				pgs_buf_addc(&got, '_', &err);
			pgs_buf_addc(&got, kind_char(t->kind), &err);
			pgs_buf_addc(&got, ':', &err);
			pgs_buf_add(&got, t->p, t->len, &err);
		}
		if (strcmp(got.data ? got.data : "", c->tokens) != 0)
			fprintf(stderr, "case %zu: got  %s\n         want %s\n", i,
				got.data ? got.data : "", c->tokens);
		CHECK_STR(got.data ? got.data : "", c->tokens);
		pgs_sql_tokens_release(&tv);
		CHECK(tv.v == NULL && tv.n == 0);
		pgs_buf_release(&got);
	}
}

/* The streaming interface: END again and again; offsets as positions. */
static void lex_stream(void)
{
	static const char in[] = "f(a, 'b')";
	struct pgs_sql_lexer lx;
	struct pgs_sql_token t;
	struct pgs_error err;
	size_t offs[] = { 0, 1, 2, 3, 5, 8 }, i;

	pgs_sql_lexer_init(&lx, in, strlen(in), 1);
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		CHECK(pgs_sql_lex_next(&lx, &t, &err) == 0);
		CHECK(t.off == offs[i]);
	}
	for (i = 0; i < 3; i++) {
		CHECK(pgs_sql_lex_next(&lx, &t, &err) == 0);
		CHECK(t.kind == PGS_SQL_END && t.off == strlen(in));
	}
	/* Only the text up to len is read: a quote cut by len is open. */
	pgs_sql_lexer_init(&lx, in, 7, 1);
	for (i = 0; i < 4; i++)
		CHECK(pgs_sql_lex_next(&lx, &t, &err) == 0);
	CHECK(pgs_sql_lex_next(&lx, &t, &err) == -1);
	CHECK_STR(lx.why, "unterminated string literal");
	CHECK(lx.why_off == 5);
}

/* ---- keywords and identifier values --------------------------------------- */

static void idents(void)
{
	static const struct {
		const char *in;
		const char *name;       /* NULL: refused */
	} cases[] = {
		{ "Users", "users" },
		{ "\"Users\"", "Users" },
		{ "\"a\"\"b\"", "a\"b" },
		{ "\xc3\x89t\xc3\xa9", "\xc3\x89t\xc3\xa9" },   /* ASCII-only folding */
		{ "\"\"", NULL },
		{ "U&\"x\"", NULL },
		{ "'x'", NULL },
		{ "12", NULL },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL },
	};
	struct pgs_buf b;
	struct pgs_error err;
	size_t i;

	pgs_buf_init(&b, 1 << 10);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pgs_sql_lexer lx;
		struct pgs_sql_token t;
		int rc;

		pgs_sql_lexer_init(&lx, cases[i].in, strlen(cases[i].in), 1);
		CHECK(pgs_sql_lex_next(&lx, &t, &err) == 0);
		rc = pgs_sql_ident_value(&b, &t, &err);
		if (cases[i].name) {
			CHECK(rc == 0);
			CHECK_STR(b.data ? b.data : "", cases[i].name);
		} else {
			CHECK(rc == -1);
			CHECK(err.code == PGS_EINPUT);
		}
	}
	{
		struct pgs_sql_lexer lx;
		struct pgs_sql_token t;

		pgs_sql_lexer_init(&lx, "U&\"x\"", 5, 1);
		CHECK(pgs_sql_lex_next(&lx, &t, &err) == 0);
		CHECK(pgs_sql_ident_value(&b, &t, &err) == -1);
		CHECK(strstr(err.msg, "not supported") != NULL);

		/* A NUL would make the name read as a shorter one. */
		pgs_sql_lexer_init(&lx, "\"a\0b\"", 5, 1);
		CHECK(pgs_sql_lex_next(&lx, &t, &err) == 0);
		CHECK(t.kind == PGS_SQL_QIDENT && t.len == 5);
		CHECK(pgs_sql_ident_value(&b, &t, &err) == -1);
		CHECK(strstr(err.msg, "NUL") != NULL);

		pgs_sql_lexer_init(&lx, "NuLL \"null\" nulls", 17, 1);
		CHECK(pgs_sql_lex_next(&lx, &t, &err) == 0);
		CHECK(pgs_sql_is_kw(&t, "null"));
		CHECK(!pgs_sql_is_kw(&t, "nul"));
		CHECK(!pgs_sql_is_kw(&t, "nulls"));
		CHECK(pgs_sql_lex_next(&lx, &t, &err) == 0);
		CHECK(!pgs_sql_is_kw(&t, "null"));      /* quoted: not a keyword */
		CHECK(pgs_sql_lex_next(&lx, &t, &err) == 0);
		CHECK(!pgs_sql_is_kw(&t, "null"));
	}
	pgs_buf_release(&b);
}

/* ---- string values ------------------------------------------------------ */

static void strings(void)
{
	static const struct {
		const char *in;
		int std_strings;
		const char *value;      /* NULL: refused with errpart */
		size_t vlen;
		const char *errpart;
	} cases[] = {
		{ "'plain'", 1, "plain", 5, NULL },
		{ "''", 1, "", 0, NULL },
		{ "'it''s'", 1, "it's", 4, NULL },
		{ "'a\\b'", 1, "a\\b", 3, NULL },               /* no escapes */
		{ "'a\\\\b'", 0, "a\\b", 3, NULL },             /* escapes: off */
		{ "E'a\\nb\\tc'", 1, "a\nb\tc", 5, NULL },
		{ "E'\\'\\\\'", 1, "'\\", 2, NULL },
		{ "E'\\x41\\101\\u00e9\\U0001F600'", 1,
		  "AA\xc3\xa9\xf0\x9f\x98\x80", 8, NULL },
		{ "E'\\q'", 1, "q", 1, NULL },
		{ "E'\\0'", 1, "\0", 1, NULL },
		{ "N'x''y'", 1, "x'y", 3, NULL },
		{ "E'\\u12'", 1, NULL, 0, "bad escape in a string" },
		{ "E'\\ud800'", 1, NULL, 0, "bad escape in a string" },
		{ "E'\\U00110000'", 1, NULL, 0, "bad escape in a string" },
		{ "E'\\xzz'", 1, NULL, 0, "bad escape in a string" },
		{ "B'01'", 1, NULL, 0, "unsupported string literal" },
		{ "$$x$$", 1, NULL, 0, "unsupported string literal" },
		{ "U&'x'", 1, NULL, 0, "unsupported string literal" },
	};
	struct pgs_buf b;
	struct pgs_error err;
	size_t i;

	pgs_buf_init(&b, 1 << 10);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pgs_sql_lexer lx;
		struct pgs_sql_token t;
		size_t len = strlen(cases[i].in);
		int rc;

		pgs_sql_lexer_init(&lx, cases[i].in, len, cases[i].std_strings);
		CHECK(pgs_sql_lex_next(&lx, &t, &err) == 0);
		CHECK(t.kind == PGS_SQL_STRING && t.len == len);
		rc = pgs_sql_string_value(&b, cases[i].in, len, &t,
					  cases[i].std_strings, &err);
		if (cases[i].value) {
			CHECK(rc == 0);
			CHECK_EQ_MEM(b.data ? b.data : "", b.len, cases[i].value,
				     cases[i].vlen);
		} else {
			CHECK(rc == -1);
			CHECK(err.code == PGS_EINPUT);
			CHECK(strstr(err.msg, cases[i].errpart) != NULL);
			CHECK(strstr(err.msg, cases[i].in) != NULL);    /* quoted */
		}
	}
	pgs_buf_release(&b);
}

int main(void)
{
	lex_tokens();
	lex_stream();
	idents();
	strings();
	return check_report("sql_lex");
}
