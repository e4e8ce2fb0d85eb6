/*
 * test_rules.c — the rules file parser: valid files read back field by
 * field, every error with its exact message and line, lines far past inih's
 * 200-byte buffer, pgs_suggest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pgscrub/rules.h"
#include "unit.h"

static struct pgs_rules rules;
static struct pgs_error err;

static int parse_n(const char *text, size_t len)
{
	pgs_rules_release(&rules);
	pgs_error_init(&err);
	return pgs_rules_parse(&rules, "rules.ini", text, len, &err);
}

static int parse(const char *text)
{
	return parse_n(text, strlen(text));
}

static const struct pgs_column_rule *col(size_t t, size_t c)
{
	if (t >= rules.ntables || c >= rules.tables[t].ncols)
		return NULL;
	return &rules.tables[t].cols[c];
}

/* ---- errors: input -> exact message (and hint when not NULL) ---------- */

struct error_case {
	const char *text;
	const char *msg;
	const char *hint;   /* NULL: not checked; "": no hint */
};

static const struct error_case error_cases[] = {
	/* sections */
	{ "[users]\n",
	  "rules.ini:1: section [users] must name schema.table (e.g. [public.users])",
	  "" },
	{ "; c\n\n[pgscrb]\n",
	  "rules.ini:3: section [pgscrb] must name schema.table (e.g. [public.pgscrb])",
	  "did you mean [pgscrub]?" },
	{ "[\"Users\"]\n",
	  "rules.ini:1: section [\"Users\"] must name schema.table (e.g. [public.\"Users\"])",
	  NULL },
	{ "[public.t]\na = keep\n\n[PUBLIC.T]\n",
	  "rules.ini:4: duplicate section [PUBLIC.T] (first at line 1)", "" },
	{ "[public.\"t\"]\n[public.t]\n",
	  "rules.ini:2: duplicate section [public.t] (first at line 1)", NULL },
	{ "[pgscrub]\n[public.t]\n[pgscrub]\n",
	  "rules.ini:3: duplicate section [pgscrub] (first at line 1)", NULL },
	{ "[public.t\n", "rules.ini:1: section header has no closing ']'", NULL },
	{ "[]\n", "rules.ini:1: empty section name []", NULL },
	{ "[   ]\n", "rules.ini:1: empty section name []", NULL },
	{ "[public.t] x\n",
	  "rules.ini:1: unexpected text after the section header: 'x'", NULL },
	{ "[\"public.t]\n",
	  "rules.ini:1: unterminated quoted name in section header at column 2",
	  NULL },
	{ "[public.]\n",
	  "rules.ini:1: section [public.]: expected a name after '.'", NULL },
	{ "[.t]\n", "rules.ini:1: section [.t]: expected a name, found '.t'",
	  NULL },
	{ "[public.1t]\n",
	  "rules.ini:1: section [public.1t]: expected a name, found '1t'", NULL },
	{ "[a.b.c]\n",
	  "rules.ini:1: section [a.b.c] has more than two parts; it must name schema.table",
	  NULL },
	{ "[pub lic.t]\n",
	  "rules.ini:1: section [pub lic.t]: unexpected 'lic.t' after a name",
	  "put a name with spaces or other special characters in double quotes: [crm.\"Weird Table\"]" },
	{ "[public.\"\"]\n",
	  "rules.ini:1: section [public.\"\"]: zero-length delimited identifier",
	  NULL },

	/* lines that are nothing */
	{ "[public.t]\njunk\n",
	  "rules.ini:2: expected 'name = rule', a [schema.table] section or a comment, found 'junk'",
	  NULL },
	{ "[public.t]\na: keep\n",
	  "rules.ini:2: expected 'name = rule', a [schema.table] section or a comment, found 'a: keep'",
	  NULL },
	{ "[public.t]\nab ; = keep\n",
	  "rules.ini:2: expected 'name = rule', a [schema.table] section or a comment, found 'ab'",
	  NULL },
	{ "[public.t]\n\"abc = keep\n",
	  "rules.ini:2: unterminated quoted name at column 1", NULL },
	{ "a = keep\n",
	  "rules.ini:1: rule for a comes before the first section",
	  "put column rules under a [schema.table] section and options under [pgscrub]" },
	{ "[public.t]\na = k\teep\n",
	  "rules.ini:2: rule for a: unexpected text after the rule: 'eep'", NULL },

	/* keys */
	{ "[public.t]\n= keep\n", "rules.ini:2: missing column name before '='",
	  NULL },
	{ "[public.t]\nfirst name = keep\n",
	  "rules.ini:2: invalid column name 'first name'",
	  "put a name with spaces or other special characters in double quotes: \"Full Name\" = keep" },
	{ "[public.t]\n1abc = keep\n", "rules.ini:2: invalid column name '1abc'",
	  NULL },
	{ "[public.t]\n\"\" = keep\n",
	  "rules.ini:2: invalid column name: zero-length delimited identifier",
	  NULL },
	{ "[public.t]\nEmail = keep\n# c\nemail = null\n",
	  "rules.ini:4: duplicate rule for email in [public.t] (first at line 2)",
	  NULL },
	{ "[public.t]\n* = keep\na = keep\n* = null\n",
	  "rules.ini:4: duplicate rule for * in [public.t] (first at line 2)",
	  NULL },
	{ "[public.t]\nemail =\n", "rules.ini:2: rule for email is empty",
	  "write an anonymiser after '=', e.g. email = keep" },
	{ "[public.t]\nemail =   ; nothing\n", "rules.ini:2: rule for email is empty",
	  NULL },

	/* [pgscrub] */
	{ "[pgscrub]\nunlistd = keep\n",
	  "rules.ini:2: unknown option 'unlistd' in [pgscrub]",
	  "did you mean 'unlisted'?" },
	{ "[pgscrub]\nLage_Objects = keep\n",
	  "rules.ini:2: unknown option 'Lage_Objects' in [pgscrub]",
	  "did you mean 'large_objects'?" },
	{ "[pgscrub]\nfoo = 1\n",
	  "rules.ini:2: unknown option 'foo' in [pgscrub]",
	  "the options are: unlisted, large_objects, secret_env, secret_file, secret, secret_file_permissions, truncate" },
	{ "[pgscrub]\n* = keep\n",
	  "rules.ini:2: unknown option '*' in [pgscrub]", NULL },
	{ "[pgscrub]\nunlisted = maybe\n",
	  "rules.ini:2: unlisted must be 'error' or 'keep', not 'maybe'", "" },
	{ "[pgscrub]\nunlisted = Keep\n",
	  "rules.ini:2: unlisted must be 'error' or 'keep', not 'Keep'",
	  "did you mean 'keep'?" },
	{ "[pgscrub]\nlarge_objects = dorp ; typo\n",
	  "rules.ini:2: large_objects must be 'keep' or 'drop', not 'dorp'",
	  "did you mean 'drop'?" },
	{ "[pgscrub]\nlarge_objects =\n",
	  "rules.ini:2: large_objects must be 'keep' or 'drop', not ''", NULL },
	{ "[pgscrub]\nunlisted = keep\nUNLISTED = error\n",
	  "rules.ini:3: option 'unlisted' is set twice in [pgscrub] (first at line 2)",
	  NULL },

	/* rule expressions */
	{ "[public.t]\nemail = const('x'\n",
	  "rules.ini:2: rule for email: expected ')' after the arguments of const(...)",
	  NULL },
	{ "[public.t]\nemail = const(\n",
	  "rules.ini:2: rule for email: expected ')' after the arguments of const(...)",
	  NULL },
	{ "[public.t]\nemail = const('x\n",
	  "rules.ini:2: rule for email: unterminated string starting at column 15",
	  NULL },
	{ "[public.t]\nemail = const('it''s) ; not a comment\n",
	  "rules.ini:2: rule for email: unterminated string starting at column 15",
	  NULL },
	{ "[public.t]\nemail = keep foo\n",
	  "rules.ini:2: rule for email: unexpected text after the rule: 'foo'",
	  NULL },
	{ "[public.t]\nemail = const('x')#c\n",
	  "rules.ini:2: rule for email: unexpected text after the rule: '#c'",
	  NULL },
	{ "[public.t]\nemail = 'x'\n",
	  "rules.ini:2: rule for email: expected an anonymiser name at column 9, found the string 'x'",
	  NULL },
	{ "[public.t]\nemail = 12\n",
	  "rules.ini:2: rule for email: expected an anonymiser name at column 9, found '12'",
	  NULL },
	{ "[public.t]\na = f(,)\n",
	  "rules.ini:2: rule for a: expected an argument in f(...) at column 7, found ','",
	  NULL },
	{ "[public.t]\na = f(x,)\n",
	  "rules.ini:2: rule for a: expected an argument in f(...) at column 9, found ')'",
	  NULL },
	{ "[public.t]\na = f(x, \n",
	  "rules.ini:2: rule for a: expected an argument in f(...) at column 9, found the end of the rule",
	  NULL },
	{ "[public.t]\na = f(x y)\n",
	  "rules.ini:2: rule for a: expected ',' or ')' after argument 1 of f(...) at column 9, found 'y'",
	  NULL },
	{ "[public.t]\na = f(1, 2 'z')\n",
	  "rules.ini:2: rule for a: expected ',' or ')' after argument 2 of f(...) at column 12, found the string 'z'",
	  NULL },
	{ "[public.t]\na = f(k=)\n",
	  "rules.ini:2: rule for a: expected a value after 'k=' in f(...) at column 9, found ')'",
	  NULL },
	{ "[public.t]\na = f(k=b=c)\n",
	  "rules.ini:2: rule for a: expected ',' or ')' after argument 1 of f(...) at column 10, found '='",
	  NULL },
	{ "[public.t]\na = f(-)\n",
	  "rules.ini:2: rule for a: expected digits after '-' at column 7", NULL },
	{ "[public.t]\na = f(@)\n",
	  "rules.ini:2: rule for a: expected an argument in f(...) at column 7, found '@'",
	  NULL },
	{ "[public.t]\na = f(\x02)\n",
	  "rules.ini:2: rule for a: expected an argument in f(...) at column 7, found '\\x02'",
	  NULL },
	{ "[public.t]\na = f(\xc3\xa9)\n",
	  "rules.ini:2: rule for a: expected an argument in f(...) at column 7, found '\xc3\xa9'",
	  NULL },
	{ "[public.t]\na = g(f(\"x\"))\n",
	  "rules.ini:2: rule for a: expected an argument in f(...) at column 9, found '\"'",
	  NULL },
	{ "[public.t]\n\"Full Name\" = (\n",
	  "rules.ini:2: rule for \"Full Name\": expected an anonymiser name at column 15, found '('",
	  NULL },

	/* line endings, BOM, columns */
	{ "[public.t]\r\n\r\na = f(x y)\r\n",
	  "rules.ini:3: rule for a: expected ',' or ')' after argument 1 of f(...) at column 9, found 'y'",
	  NULL },
	{ "\xef\xbb\xbf[public.t] junk\n",
	  "rules.ini:1: unexpected text after the section header: 'junk'", NULL },
	{ "\xef\xbb\xbf[\"x]\n",
	  "rules.ini:1: unterminated quoted name in section header at column 2",
	  NULL },
	{ "[public.t]\n   \t  a = f(x y)\n",
	  "rules.ini:2: rule for a: expected ',' or ')' after argument 1 of f(...) at column 15, found 'y'",
	  NULL },
	/* The first error wins, later lines are not looked at. */
	{ "[public.t]\na = keep\nb = f(\nc = g(\n",
	  "rules.ini:3: rule for b: expected ')' after the arguments of f(...)",
	  NULL },
};

static void test_error_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
		const struct error_case *ec = &error_cases[i];
		int rc = parse(ec->text);

		CHECK(rc == -1);
		CHECK(err.code == PGS_ERULES);
		CHECK_STR(err.msg, ec->msg);
		if (ec->hint)
			CHECK_STR(err.hint, ec->hint);
		/* A failed parse leaves nothing behind. */
		CHECK(rules.ntables == 0 && rules.tables == NULL &&
		      rules.path == NULL);
		if (strcmp(err.msg, ec->msg) != 0)
			fprintf(stderr, "  in case %zu: %s", i, ec->text);
	}
}

/* ---- the secret options: never quoted back ------------------------------- */

#define KEY "af86d081884c7d659a2feaa0c55ad015"

/* A key written by mistake where a variable name, a path or a word belongs:
 * every error names the option and the line, and no message or hint holds
 * any part of the key. */
static const struct error_case secret_cases[] = {
	{ "[pgscrub]\nsecret_env = '" KEY "'\n",
	  "rules.ini:2: secret_env must name an environment variable", NULL },
	{ "[pgscrub]\nsecret_env = " KEY " " KEY "\n",
	  "rules.ini:2: secret_env must name an environment variable", NULL },
	{ "[pgscrub]\nsecret = " KEY "\n",
	  "rules.ini:2: secret can only be 'random'", NULL },
	{ "[pgscrub]\nsecret_file_permissions = " KEY "\n",
	  "rules.ini:2: secret_file_permissions must be 'private' or 'any'",
	  "private (the default) refuses a key file that group or others can "
	  "access; any accepts it" },
	{ "[pgscrub]\nsecret_file_permissions = Any\n",
	  "rules.ini:2: secret_file_permissions must be 'private' or 'any'",
	  "did you mean 'any'?" },
	{ "[pgscrub]\nsecret_env " KEY "\n",
	  "rules.ini:2: expected 'name = rule', a [schema.table] section or a "
	  "comment, found 'secret_env' followed by text that is not shown",
	  "write options as secret_env = VALUE" },
	{ "[pgscrub]\nSecret_File: " KEY "\n",
	  "rules.ini:2: expected 'name = rule', a [schema.table] section or a "
	  "comment, found 'Secret_File' followed by text that is not shown",
	  NULL },
	{ "[pgscrub]\nsecret_file: " KEY " = x\n",
	  "rules.ini:2: unknown option 'secret_file' followed by text that is "
	  "not shown, in [pgscrub]", NULL },
	{ "[pgscrub]\nsecret_env = PGSCRUB_KEY\nsecret_env = " KEY "\n",
	  "rules.ini:3: option 'secret_env' is set twice in [pgscrub] (first at "
	  "line 2)", NULL },
	{ "[pgscrub]\nsecret_env = PGSCRUB_KEY\nsecret_file = " KEY "\n",
	  "rules.ini:3: secret_file: the key is already set at line 2", NULL },
	{ "secret_env = " KEY "\n",
	  "rules.ini:1: rule for secret_env comes before the first section",
	  NULL },
	/* In a table section it would be a column rule, whose errors (here
	 * and in the anonymiser module) quote the rule. */
	{ "[public.t]\nsecret_env = " KEY "\n",
	  "rules.ini:2: secret_env is an option of [pgscrub], not a column rule "
	  "in [public.t]",
	  "move it under [pgscrub]; for a column of that name, quote it: "
	  "\"secret_env\" = keep" },
	{ "[public.t]\nSECRET_FILE = " KEY "(\n",
	  "rules.ini:2: secret_file is an option of [pgscrub], not a column rule "
	  "in [public.t]", NULL },
	{ "[public.t]\nsecret_file_permissions = " KEY "\n",
	  "rules.ini:2: secret_file_permissions is an option of [pgscrub], not "
	  "a column rule in [public.t]", NULL },
};

static void test_secret_options(void)
{
	size_t i;

	for (i = 0; i < sizeof(secret_cases) / sizeof(secret_cases[0]); i++) {
		const struct error_case *ec = &secret_cases[i];

		CHECK(parse(ec->text) == -1);
		CHECK(err.code == PGS_ERULES);
		CHECK_STR(err.msg, ec->msg);
		if (ec->hint)
			CHECK_STR(err.hint, ec->hint);
		CHECK(strstr(err.msg, "af86d0") == NULL);
		CHECK(strstr(err.hint, "af86d0") == NULL);
		if (strcmp(err.msg, ec->msg) != 0)
			fprintf(stderr, "  in secret case %zu: %s", i, ec->text);
	}

	/* The parser cannot tell a key from a variable's name: that is the
	 * loader's business (keyed.h), which never prints it either. */
	CHECK(parse("[pgscrub]\nsecret_env = " KEY "\n") == 0);
	CHECK_STR(rules.secret_env, KEY);
	CHECK(rules.secret_line == 2);
	CHECK(rules.secret_file_permissions == PGS_KEY_FILE_PRIVATE);

	CHECK(parse("[pgscrub]\nsecret_file = k.key\n"
		    "secret_file_permissions = any\n") == 0);
	CHECK_STR(rules.secret_file, "k.key");
	CHECK(rules.secret_file_permissions == PGS_KEY_FILE_ANY);
	CHECK(parse("[pgscrub]\nsecret_file_permissions = private\n"
		    "secret_file = k.key\n") == 0);
	CHECK(rules.secret_file_permissions == PGS_KEY_FILE_PRIVATE);
	CHECK(rules.secret_line == 3);

	/* A column of that name, quoted, is a column; "secret" is common
	 * enough as a column name to stay one. */
	CHECK(parse("[public.t]\n\"secret_env\" = keep\nsecret = null\n") == 0);
	CHECK(rules.ntables == 1 && rules.tables[0].ncols == 2);
	CHECK_STR(rules.tables[0].cols[0].column, "secret_env");
	CHECK_STR(rules.tables[0].cols[1].column, "secret");
}

/* ---- valid files ---------------------------------------------------------- */

static void test_full_file(void)
{
	static const char text[] =
		"; a comment\n"
		"# another\n"
		"[pgscrub]\n"
		"unlisted = keep          ; columns without a rule are kept\n"
		"large_objects = drop\n"
		"\n"
		"[public.users]\n"
		"email = const('nobody@example.com')\n"
		"\"Full Name\" = null\n"
		"* = keep                  ; every column this section does not name\n"
		"    id = keep\n"
		"phone = mask(keep_last = 4, char='*')\n"
		"bio = REGEX_replace('[0-9]+;#=(', 'N', flags=GI)\n"
		"score = noise( -1.5 , +2,3 )\n"
		"nested = coalesce(hash(salt='x', algo = sha256), const(''))\n"
		"empty = fn()\n"
		"quote = const('it''s; = ( # ok')   # comment\n"
		"\n"
		"  [ crm . \"Weird Table\" ]  ; indented header\n"
		"ID = keep\n"
		"[s.empty]\n";
	const struct pgs_column_rule *cr;
	const struct pgs_expr *e;

	CHECK(parse(text) == 0);
	CHECK_STR(err.msg, "");
	CHECK_STR(rules.path, "rules.ini");
	CHECK(rules.unlisted == PGS_UNLISTED_KEEP);
	CHECK(rules.large_objects == PGS_LO_DROP);
	CHECK(rules.ntables == 3);
	if (rules.ntables != 3)
		return;
	CHECK_STR(rules.tables[0].schema, "public");
	CHECK_STR(rules.tables[0].table, "users");
	CHECK(rules.tables[0].line == 7);
	CHECK(rules.tables[0].ncols == 10);

	cr = col(0, 0);
	CHECK(cr && !cr->is_star && cr->line == 8);
	if (cr) {
		CHECK_STR(cr->column, "email");
		CHECK_STR(cr->text, "const('nobody@example.com')");
		CHECK_STR(cr->expr.name, "const");
		CHECK(cr->expr.has_parens && cr->expr.nargs == 1);
		CHECK(cr->expr.args[0].type == PGS_ARG_STRING);
		CHECK(cr->expr.args[0].key == NULL);
		CHECK_EQ_MEM(cr->expr.args[0].str, cr->expr.args[0].len,
			     "nobody@example.com", 18);
	}
	cr = col(0, 1);
	CHECK(cr && cr->line == 9);
	if (cr) {
		CHECK_STR(cr->column, "Full Name");
		CHECK_STR(cr->expr.name, "null");
		CHECK(!cr->expr.has_parens && cr->expr.nargs == 0);
		CHECK(cr->expr.args == NULL);
	}
	cr = col(0, 2);
	CHECK(cr && cr->is_star);
	if (cr) {
		CHECK_STR(cr->column, "*");
		CHECK_STR(cr->text, "keep");
	}
	cr = col(0, 3);
	CHECK(cr && cr->line == 11);
	if (cr)
		CHECK_STR(cr->column, "id");   /* indented: a key, not a continuation */
	cr = col(0, 4);
	if (cr) {
		CHECK_STR(cr->text, "mask(keep_last = 4, char='*')");
		CHECK(cr->expr.nargs == 2);
		CHECK_STR(cr->expr.args[0].key, "keep_last");
		CHECK(cr->expr.args[0].type == PGS_ARG_NUMBER);
		CHECK_STR(cr->expr.args[0].str, "4");
		CHECK_STR(cr->expr.args[1].key, "char");
		CHECK(cr->expr.args[1].type == PGS_ARG_STRING);
		CHECK_STR(cr->expr.args[1].str, "*");
	}
	cr = col(0, 5);
	if (cr) {
		CHECK_STR(cr->expr.name, "regex_replace");   /* folded */
		CHECK_STR(cr->text, "REGEX_replace('[0-9]+;#=(', 'N', flags=GI)");
		CHECK(cr->expr.nargs == 3);
		CHECK_STR(cr->expr.args[0].str, "[0-9]+;#=(");
		CHECK_STR(cr->expr.args[2].key, "flags");
		CHECK(cr->expr.args[2].type == PGS_ARG_WORD);
		CHECK_STR(cr->expr.args[2].str, "GI");   /* words as written */
	}
	cr = col(0, 6);
	if (cr) {
		CHECK(cr->expr.nargs == 3);
		CHECK(cr->expr.args[0].type == PGS_ARG_NUMBER);
		CHECK_STR(cr->expr.args[0].str, "-1.5");
		CHECK_STR(cr->expr.args[1].str, "+2");
		CHECK_STR(cr->expr.args[2].str, "3");
		CHECK(cr->expr.args[2].len == 1);
	}
	cr = col(0, 7);
	if (cr && cr->expr.nargs == 2) {
		e = cr->expr.args[0].expr;
		CHECK(cr->expr.args[0].type == PGS_ARG_EXPR && e);
		if (e) {
			CHECK_STR(e->name, "hash");
			CHECK(e->nargs == 2);
			CHECK_STR(e->args[0].key, "salt");
			CHECK_STR(e->args[0].str, "x");
			CHECK_STR(e->args[1].key, "algo");
			CHECK(e->args[1].type == PGS_ARG_WORD);
			CHECK_STR(e->args[1].str, "sha256");
		}
		e = cr->expr.args[1].expr;
		CHECK(e && e->nargs == 1 && e->args[0].len == 0 &&
		      e->args[0].type == PGS_ARG_STRING);
	} else {
		CHECK(0);
	}
	cr = col(0, 8);
	if (cr) {
		CHECK_STR(cr->column, "empty");
		CHECK(cr->expr.has_parens && cr->expr.nargs == 0);
	}
	cr = col(0, 9);
	if (cr) {
		CHECK_STR(cr->column, "quote");
		CHECK_STR(cr->text, "const('it''s; = ( # ok')");
		CHECK_STR(cr->expr.args[0].str, "it's; = ( # ok");
		CHECK(cr->line == 17);
	}

	CHECK_STR(rules.tables[1].schema, "crm");
	CHECK_STR(rules.tables[1].table, "Weird Table");
	CHECK(rules.tables[1].line == 19);
	CHECK(rules.tables[1].ncols == 1);
	cr = col(1, 0);
	if (cr)
		CHECK_STR(cr->column, "id");
	CHECK_STR(rules.tables[2].schema, "s");
	CHECK_STR(rules.tables[2].table, "empty");
	CHECK(rules.tables[2].ncols == 0);
}

static void test_find(void)
{
	const struct pgs_table_rules *t;
	const struct pgs_column_rule *cr;

	CHECK(parse("[public.users]\nemail = null\n* = keep\n"
		    "[public.\"Users\"]\nid = keep\n") == 0);
	t = pgs_rules_find_table(&rules, "public", "users");
	CHECK(t == &rules.tables[0]);
	CHECK(pgs_rules_find_table(&rules, "public", "Users") == &rules.tables[1]);
	CHECK(pgs_rules_find_table(&rules, "public", "USERS") == NULL);
	CHECK(pgs_rules_find_table(&rules, "other", "users") == NULL);
	cr = pgs_rules_find_column(t, "email");
	CHECK(cr && strcmp(cr->expr.name, "null") == 0);
	cr = pgs_rules_find_column(t, "phone");
	CHECK(cr && cr->is_star);
	/* "*" is only the default, never a column called "*". */
	cr = pgs_rules_find_column(t, "*");
	CHECK(cr && cr->is_star);
	CHECK(pgs_rules_find_column(&rules.tables[1], "ID") == NULL);
	CHECK(pgs_rules_find_column(&rules.tables[1], "id") != NULL);
	CHECK(pgs_rules_find_column(NULL, "id") == NULL);

	/* Defaults. */
	CHECK(parse("") == 0);
	CHECK(rules.ntables == 0 && rules.unlisted == PGS_UNLISTED_ERROR &&
	      rules.large_objects == PGS_LO_UNSET);
	CHECK(parse("; only\n\n#comments\n   ; indented\n") == 0);
	CHECK(parse("[pgscrub]\nunlisted=error\nlarge_objects=keep") == 0);
	CHECK(rules.unlisted == PGS_UNLISTED_ERROR &&
	      rules.large_objects == PGS_LO_KEEP);
	/* A column named "*" needs quotes and is a column, not the default. */
	CHECK(parse("[a.b]\n\"*\" = keep\n* = null\n") == 0);
	CHECK(col(0, 0) && !col(0, 0)->is_star);
	CHECK(col(0, 1) && col(0, 1)->is_star);
	CHECK(pgs_rules_find_column(&rules.tables[0], "*") == col(0, 0));
	CHECK(pgs_rules_find_column(&rules.tables[0], "x") == col(0, 1));
	CHECK(parse("[a.b]\n\"*\" = keep\n\"*\" = null\n") == -1);
	CHECK_STR(err.msg,
		  "rules.ini:3: duplicate rule for \"*\" in [a.b] (first at line 2)");
}

/* ---- lines longer than inih's buffer -------------------------------------- */

/* A quoted identifier of exactly 63 bytes full of INI metacharacters. */
static void make_weird(char *unq, char *quoted, char fill)
{
	static const char head[] = "a=b:c;d #e]f.g h\"i [x] ; y";
	size_t n = strlen(head), i, o = 0;

	memcpy(unq, head, n);
	memset(unq + n, fill, 63 - n);
	unq[63] = '\0';
	quoted[o++] = '"';
	for (i = 0; i < 63; i++) {
		if (unq[i] == '"')
			quoted[o++] = '"';
		quoted[o++] = unq[i];
	}
	quoted[o++] = '"';
	quoted[o] = '\0';
}

static void test_long_lines(void)
{
	char s63[64], t63[64], s64[65], qs[140], qt[140], us[64], ut[64];
	char text[1024], expect[1024], *big;
	const struct pgs_column_rule *cr;
	size_t n, i;

	memset(s63, 'S', 63);
	s63[63] = '\0';
	memset(t63, 't', 63);
	t63[63] = '\0';
	memset(s64, 'x', 64);
	s64[64] = '\0';

	/* 63-byte bare names, folded. */
	snprintf(text, sizeof(text), "[%s.%s]\n%s = keep\n", s63, t63, t63);
	CHECK(parse(text) == 0);
	if (rules.ntables == 1) {
		CHECK(strlen(rules.tables[0].schema) == 63 &&
		      rules.tables[0].schema[0] == 's');
		CHECK_STR(rules.tables[0].table, t63);
		CHECK(col(0, 0) && strcmp(col(0, 0)->column, t63) == 0);
	}

	/* 63-byte quoted names with '=', ':', ';', '#', ']', '.', spaces and
	   "" in the section and the key: a 150-byte header line. */
	make_weird(us, qs, 'Q');
	make_weird(ut, qt, 'T');
	snprintf(text, sizeof(text), "  [ %s . %s ]", qs, qt);
	n = strlen(text);
	while (n < 150)
		text[n++] = ' ';
	text[n] = '\0';
	CHECK(strlen(text) == 150);
	snprintf(text + n, sizeof(text) - n,
		 "\n%s = const('v') ; c\n%s=keep # c\n", qs, qt);
	if (parse(text) != 0)
		fprintf(stderr, "  %s\n", err.msg);
	CHECK(rules.ntables == 1);
	if (rules.ntables == 1) {
		CHECK_STR(rules.tables[0].schema, us);
		CHECK_STR(rules.tables[0].table, ut);
		CHECK(rules.tables[0].ncols == 2);
		CHECK(pgs_rules_find_table(&rules, us, ut) == &rules.tables[0]);
		cr = pgs_rules_find_column(&rules.tables[0], us);
		CHECK(cr && strcmp(cr->text, "const('v')") == 0);
		cr = pgs_rules_find_column(&rules.tables[0], ut);
		CHECK(cr && strcmp(cr->text, "keep") == 0 && cr->line == 3);
	}
	/* ';' straight after a word is not a comment. */
	snprintf(text, sizeof(text), "[a.b]\n%s=keep;not a comment\n", qt);
	CHECK(parse(text) == -1);
	snprintf(expect, sizeof(expect),
		 "rules.ini:2: rule for %s: unexpected text after the rule: ';not a comment'",
		 qt);
	CHECK_STR(err.msg, expect);

	/* 64 bytes: refused, never cut. */
	snprintf(text, sizeof(text), "[public.%s]\n", s64);
	CHECK(parse(text) == -1);
	snprintf(expect, sizeof(expect),
		 "rules.ini:1: section [public.%s]: identifier %s is longer than 63 bytes",
		 s64, s64);
	CHECK_STR(err.msg, expect);
	snprintf(text, sizeof(text), "[\"%s\".t]\n", s64);
	CHECK(parse(text) == -1);
	snprintf(expect, sizeof(expect),
		 "rules.ini:1: section [\"%s\".t]: identifier \"%.63s... is longer than 63 bytes",
		 s64, s64);
	CHECK_STR(err.msg, expect);
	snprintf(text, sizeof(text), "[a.b]\n%s = keep\n", s64);
	CHECK(parse(text) == -1);
	snprintf(expect, sizeof(expect),
		 "rules.ini:2: invalid column name: identifier %s is longer than 63 bytes",
		 s64);
	CHECK_STR(err.msg, expect);

	/* A 10 000-byte value, and a 10 000-byte line before an error. */
	n = 10000;
	big = malloc(n + 64);
	CHECK(big != NULL);
	if (!big)
		return;
	i = (size_t)snprintf(big, 64, "[a.b]\nc = const('");
	memset(big + i, 'v', n - 9);
	i += n - 9;
	memcpy(big + i, "')\nd=keep\n", 11);
	CHECK(parse(big) == 0);
	cr = col(0, 0);
	CHECK(cr && strlen(cr->text) == n);
	CHECK(cr && cr->expr.args[0].len == n - 9);
	CHECK(col(0, 1) && col(0, 1)->line == 3);
	memcpy(big + i, "\nd=keep\n", 9);
	CHECK(parse(big) == -1);
	CHECK_STR(err.msg,
		  "rules.ini:2: rule for c: unterminated string starting at column 11");
	memcpy(big + i, "', x  \n=\n", 10);
	CHECK(parse(big) == -1);
	CHECK_STR(err.msg,
		  "rules.ini:2: rule for c: expected ')' after the arguments of const(...)");
	free(big);
}

/* ---- comments, CRLF, BOM, indentation, NUL -------------------------------- */

static void test_text_forms(void)
{
	static const char nul[] = "[a.b]\nc = ke\0ep\n";
	const struct pgs_column_rule *cr;

	CHECK(parse("[a.b]\r\nc = const(';x') ; real\r\n\"d ;e\" = keep # c\r\n") == 0);
	cr = col(0, 0);
	CHECK(cr && strcmp(cr->text, "const(';x')") == 0);
	CHECK(cr && strcmp(cr->expr.args[0].str, ";x") == 0);
	cr = col(0, 1);
	CHECK(cr && strcmp(cr->column, "d ;e") == 0 &&
	      strcmp(cr->text, "keep") == 0);

	CHECK(parse("\xef\xbb\xbf[a.b]\nc=keep\n") == 0);
	CHECK(rules.ntables == 1 && strcmp(rules.tables[0].schema, "a") == 0);
	CHECK(parse("\xef\xbb\xbf") == 0);
	/* A BOM later on is just bytes, here in a bare name. */
	CHECK(parse("[a.b]\n\xef\xbb\xbf" "c=keep\n") == 0);

	/* Indented lines are lines of their own. */
	CHECK(parse("[a.b]\nc = keep\n    d = null\n\t[a.c]\n\t\te = keep\n") == 0);
	CHECK(rules.ntables == 2 && rules.tables[0].ncols == 2 &&
	      rules.tables[1].ncols == 1);
	CHECK(parse("[a.b]\nc = const('x')\n    'y')\n") == -1);
	CHECK_STR(err.msg,
		  "rules.ini:3: expected 'name = rule', a [schema.table] section or a comment, found ''y')'");

	/* No newline at the end; CR alone at the end of the last line. */
	CHECK(parse("[a.b]\nc = keep\r") == 0);
	CHECK(col(0, 0) && strcmp(col(0, 0)->text, "keep") == 0);

	CHECK(parse_n(nul, sizeof(nul) - 1) == -1);
	CHECK_STR(err.msg, "rules.ini:2: NUL byte at column 7");
	CHECK_STR(err.hint, "a rules file is text; is this the right file?");
	CHECK(parse_n("\0", 1) == -1);
	CHECK_STR(err.msg, "rules.ini:1: NUL byte at column 1");

	/* Section headers: comments after ']', ']' inside quotes. */
	CHECK(parse("[a.\"b]c\"];x\n[a.d] # y\n") == 0);
	CHECK(rules.ntables == 2 && strcmp(rules.tables[0].table, "b]c") == 0);

	/* Deep nesting stops at 32 levels. */
	{
		char deep[256];
		size_t i, o = 0;

		o += (size_t)snprintf(deep, sizeof(deep), "[a.b]\nc = ");
		for (i = 0; i < 33; i++)
			deep[o++] = 'f', deep[o++] = '(';
		deep[o++] = 'x';
		for (i = 0; i < 33; i++)
			deep[o++] = ')';
		deep[o] = '\0';
		CHECK(parse(deep) == -1);
		CHECK_STR(err.msg,
			  "rules.ini:2: rule for c: rule is nested more than 32 levels deep");
		/* 32 levels are fine. */
		memmove(deep + 10, deep + 12, strlen(deep + 12) + 1);
		deep[strlen(deep) - 1] = '\0';
		CHECK(parse(deep) == 0);
	}
}

/* Many sections and columns: duplicates are found through the index. */
static void test_many(void)
{
	size_t n = 3000, i, o = 0;
	char *text = malloc(n * 40 + 64);

	CHECK(text != NULL);
	if (!text)
		return;
	for (i = 0; i < n; i++)
		o += (size_t)sprintf(text + o, "[s.t%zu]\nc%zu = keep\n", i % 1000,
				     i);
	/* t0..t999 repeat from section 1000 on. */
	CHECK(parse(text) == -1);
	CHECK_STR(err.msg, "rules.ini:2001: duplicate section [s.t0] (first at line 1)");

	o = (size_t)sprintf(text, "[s.t]\n");
	for (i = 0; i < n; i++)
		o += (size_t)sprintf(text + o, "c%zu = keep\n", i);
	CHECK(parse(text) == 0);
	CHECK(rules.tables[0].ncols == n);
	CHECK(pgs_rules_find_column(&rules.tables[0], "c2999") ==
	      &rules.tables[0].cols[2999]);
	sprintf(text + o, "C17 = null\n");
	CHECK(parse(text) == -1);
	CHECK_STR(err.msg, "rules.ini:3002: duplicate rule for C17 in [s.t] (first at line 19)");
	free(text);
}

/* ---- pgs_rules_load -------------------------------------------------------- */

static void test_load(void)
{
	char path[] = "/tmp/test_rules_XXXXXX";
	char expect[512];
	int fd = mkstemp(path);
	static const char text[] = "[public.t]\nc = keep\n";

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, text, sizeof(text) - 1) == (ssize_t)(sizeof(text) - 1));
	pgs_rules_release(&rules);
	pgs_error_init(&err);
	CHECK(pgs_rules_load(&rules, path, &err) == 0);
	CHECK_STR(rules.path, path);
	CHECK(rules.ntables == 1);

	CHECK(write(fd, "x\n", 2) == 2);
	pgs_rules_release(&rules);
	CHECK(pgs_rules_load(&rules, path, &err) == -1);
	snprintf(expect, sizeof(expect),
		 "%s:3: expected 'name = rule', a [schema.table] section or a comment, found 'x'",
		 path);
	CHECK_STR(err.msg, expect);

	/* Over the cap: refused without reading it all into the parser. */
	CHECK(ftruncate(fd, (off_t)(16 << 20) + 1) == 0);
	pgs_rules_release(&rules);
	CHECK(pgs_rules_load(&rules, path, &err) == -1);
	CHECK(err.code == PGS_ERULES);
	snprintf(expect, sizeof(expect), "rules file '%s' is larger than 16 MiB",
		 path);
	CHECK_STR(err.msg, expect);
	close(fd);
	unlink(path);

	CHECK(pgs_rules_load(&rules, "/nonexistent/rules.ini", &err) == -1);
	CHECK(err.code == PGS_ERULES);
	CHECK_STR(err.msg,
		  "cannot read rules file '/nonexistent/rules.ini': No such file or directory");
	CHECK(pgs_rules_load(&rules, "/", &err) == -1);
	CHECK_STR(err.msg, "cannot read rules file '/': Is a directory");
	CHECK(pgs_rules_load(&rules, "-", &err) == -1);
	CHECK(err.code == PGS_ERULES);
	CHECK_STR(err.msg,
		  "the rules file cannot be standard input ('-'): standard input carries the archive");
	CHECK(rules.path == NULL);
}

/* ---- pgs_suggest ------------------------------------------------------------ */

static void test_suggest(void)
{
	static const char *const opts[] = { "unlisted", "large_objects", NULL };
	static const char *const words[] = { "keep", "drop", "error", NULL };
	static const char *const close2[] = { "abcd", "abce", NULL };
	static const char *const none[] = { NULL };

	CHECK_STR(pgs_suggest("unlistd", opts), "unlisted");
	CHECK_STR(pgs_suggest("UNLISTED", opts), "unlisted");
	CHECK_STR(pgs_suggest("Unlisted", opts), "unlisted");
	CHECK_STR(pgs_suggest("unlsited", opts), "unlisted");   /* transposed */
	CHECK_STR(pgs_suggest("lage_objcts", opts), "large_objects");
	CHECK(pgs_suggest("lage_objcs", opts) == NULL);         /* 3 edits */
	CHECK(pgs_suggest("LARGE_OBJECTZ", opts) == NULL);      /* case and edit */
	CHECK_STR(pgs_suggest("dorp", words), "drop");
	CHECK_STR(pgs_suggest("kep", words), "keep");
	CHECK_STR(pgs_suggest("eror", words), "error");
	CHECK_STR(pgs_suggest("keep", words), "keep");
	CHECK(pgs_suggest("maybe", words) == NULL);
	CHECK(pgs_suggest("x", opts) == NULL);
	CHECK_STR(pgs_suggest("abce", close2), "abce");         /* closest wins */
	CHECK_STR(pgs_suggest("abcx", close2), "abcd");         /* tie: first */
	CHECK(pgs_suggest("keep", none) == NULL);
	CHECK_STR(pgs_suggest("", (const char *const[]){ "ab", NULL }), "ab");
}

/* Argument keys keep their case, and may be quoted: JSON keys are
 * case-sensitive and need not be identifiers. */
static void test_arg_keys(void)
{
	static const char text[] =
		"[public.t]\n"
		"a = json(firstName=email, 'e-mail'=email, \"x \"\"y\"\"\"=hash, 'it''s'=digits)\n"
		"b = regex_replace('a=b', digits)\n"
		"c = mask(keep_first=2)\n";
	struct pgs_rules r;
	const struct pgs_expr *e;

	pgs_rules_init(&r);
	pgs_error_init(&err);
	CHECK(pgs_rules_parse(&r, "keys.ini", text, sizeof(text) - 1, &err) == 0);
	if (r.ntables != 1 || r.tables[0].ncols != 3) {
		CHECK(0);
		fprintf(stderr, "%s\n", err.msg);
		pgs_rules_release(&r);
		return;
	}
	e = &r.tables[0].cols[0].expr;
	CHECK(e->nargs == 4);
	CHECK_STR(e->args[0].key, "firstName");
	CHECK_STR(e->args[1].key, "e-mail");
	CHECK_STR(e->args[2].key, "x \"y\"");
	CHECK_STR(e->args[3].key, "it's");
	CHECK_STR(e->args[3].str, "digits");
	/* A quoted string not followed by '=' is a value, not a key. */
	e = &r.tables[0].cols[1].expr;
	CHECK(e->nargs == 2 && e->args[0].key == NULL);
	CHECK(e->args[0].type == PGS_ARG_STRING);
	CHECK_STR(e->args[0].str, "a=b");
	CHECK_STR(r.tables[0].cols[2].expr.args[0].key, "keep_first");
	pgs_rules_release(&r);
}

/* ---- pattern sections: [*] and [schema.*] ------------------------------- */

static const struct error_case pattern_errors[] = {
	{ "[*.*]\n", "rules.ini:1: section [*.*]: the schema cannot be '*'",
	  "write [*] for every table, or [schema.*] for every table of one schema" },
	{ "[*.t]\n", "rules.ini:1: section [*.t]: the schema cannot be '*'",
	  NULL },
	{ "[public.t*]\n",
	  "rules.ini:1: section [public.t*]: '*' stands for a whole name, not part of one",
	  "write [*] for every table, or [schema.*] for every table of one schema" },
	{ "[pub*.t]\n",
	  "rules.ini:1: section [pub*.t]: '*' stands for a whole name, not part of one",
	  NULL },
	{ "[public.*x]\n",
	  "rules.ini:1: section [public.*x]: unexpected 'x' after '*'", NULL },
	{ "[public.*.t]\n",
	  "rules.ini:1: section [public.*.t]: unexpected '.t' after '*'", NULL },
	{ "[a.b.*]\n",
	  "rules.ini:1: section [a.b.*] has more than two parts; it must name schema.table",
	  NULL },
	{ "[**]\n", "rules.ini:1: section [**]: unexpected '*' after '*'", NULL },
	{ "[*]\na = keep\n[ * ]\n",
	  "rules.ini:3: duplicate section [*] (first at line 1)", NULL },
	{ "[public.*]\n[PUBLIC.*]\n",
	  "rules.ini:2: duplicate section [PUBLIC.*] (first at line 1)", NULL },
	{ "[*]\ncreated_at = keep\n* = keep\n",
	  "rules.ini:3: '* = ...' cannot be used in [*]: it would cover every column that no rule names",
	  "name the columns in [*]; to keep every column no rule names, say so with `unlisted = keep` in [pgscrub]" },
	{ "[public.*]\n* = null\n",
	  "rules.ini:2: '* = ...' cannot be used in [public.*]: it would cover every column of every table of the schema that no rule names",
	  "name the columns in [public.*], or put `* = keep` in a table's own section" },
	{ "[*]\nsecret_env = X\n",
	  "rules.ini:2: secret_env is an option of [pgscrub], not a column rule in [*]",
	  NULL },
	{ "[*]\nemail = emial(\n",
	  "rules.ini:2: rule for email: expected ')' after the arguments of emial(...)",
	  NULL },
};

static void test_patterns(void)
{
	char buf[200], longname[64], text[400];
	size_t i;

	for (i = 0; i < sizeof(pattern_errors) / sizeof(pattern_errors[0]); i++) {
		const struct error_case *ec = &pattern_errors[i];

		CHECK(parse(ec->text) == -1);
		CHECK(err.code == PGS_ERULES);
		CHECK_STR(err.msg, ec->msg);
		if (ec->hint)
			CHECK_STR(err.hint, ec->hint);
	}

	CHECK(parse("[*]                      ; every table\n"
		    "created_at = keep\nemail = email\n"
		    "[public.*] ; every table of a schema\nid = keep\n"
		    "[\"Weird Schema\".*]\n\"ID\" = keep\n"
		    "[ CRM . * ]\nx = null\n"
		    "[public.\"*\"]\ny = keep\n"
		    "[public.users]\nemail = null\n") == 0);
	CHECK(rules.ntables == 6);
	CHECK(rules.tables[0].kind == PGS_SECTION_ALL);
	CHECK_STR(rules.tables[0].schema, "*");
	CHECK_STR(rules.tables[0].table, "*");
	CHECK(rules.tables[0].line == 1 && rules.tables[0].ncols == 2);
	CHECK(rules.tables[1].kind == PGS_SECTION_SCHEMA);
	CHECK_STR(rules.tables[1].schema, "public");
	CHECK(rules.tables[2].kind == PGS_SECTION_SCHEMA);
	CHECK_STR(rules.tables[2].schema, "Weird Schema");
	CHECK_STR(rules.tables[2].cols[0].column, "ID");
	CHECK(rules.tables[3].kind == PGS_SECTION_SCHEMA);
	CHECK_STR(rules.tables[3].schema, "crm");
	/* A quoted "*" is a table called *, not a pattern. */
	CHECK(rules.tables[4].kind == PGS_SECTION_TABLE);
	CHECK_STR(rules.tables[4].table, "*");
	CHECK(rules.tables[5].kind == PGS_SECTION_TABLE);

	CHECK(pgs_rules_find_pattern(&rules, NULL) == &rules.tables[0]);
	CHECK(pgs_rules_find_pattern(&rules, "public") == &rules.tables[1]);
	CHECK(pgs_rules_find_pattern(&rules, "Weird Schema") == &rules.tables[2]);
	CHECK(pgs_rules_find_pattern(&rules, "crm") == &rules.tables[3]);
	CHECK(pgs_rules_find_pattern(&rules, "other") == NULL);
	/* Lookups by table never return a pattern section. */
	CHECK(pgs_rules_find_table(&rules, "public", "*") == &rules.tables[4]);
	CHECK(pgs_rules_find_table(&rules, "*", "*") == NULL);
	CHECK(pgs_rules_find_table(&rules, "crm", "*") == NULL);

	pgs_rules_section_name(&rules.tables[0], buf, sizeof(buf));
	CHECK_STR(buf, "*");
	pgs_rules_section_name(&rules.tables[1], buf, sizeof(buf));
	CHECK_STR(buf, "public.*");
	pgs_rules_section_name(&rules.tables[2], buf, sizeof(buf));
	CHECK_STR(buf, "\"Weird Schema\".*");
	pgs_rules_section_name(&rules.tables[4], buf, sizeof(buf));
	CHECK_STR(buf, "public.\"*\"");
	pgs_rules_section_name(&rules.tables[5], buf, sizeof(buf));
	CHECK_STR(buf, "public.users");

	/* A 63-byte schema: past the 49 bytes Debian 12's inih keeps. */
	memset(longname, 'v', 63);
	longname[63] = '\0';
	snprintf(text, sizeof(text), "[%s.*]\nid = keep\n[%s.t]\nid = null\n",
		 longname, longname);
	CHECK(parse(text) == 0);
	CHECK(rules.ntables == 2 && rules.tables[0].kind == PGS_SECTION_SCHEMA);
	CHECK_STR(rules.tables[0].schema, longname);
	CHECK(rules.tables[0].ncols == 1 && rules.tables[1].ncols == 1);
	CHECK(pgs_rules_find_pattern(&rules, longname) == &rules.tables[0]);
	CHECK(pgs_rules_find_table(&rules, longname, "t") == &rules.tables[1]);
	/* 64 bytes is still refused. */
	snprintf(text, sizeof(text), "[%sv.*]\n", longname);
	CHECK(parse(text) == -1);
}


/* ---- where and case rules --------------------------------------------------- */

static const struct error_case where_case_errors[] = {
	{ "[*]\nwhere = id > 1\n",
	  "rules.ini:2: where cannot be used in [*]: a row filter belongs to one table",
	  "put it in the table's own [schema.table] section; for a column named "
	  "where, quote it: \"where\" = keep" },
	{ "[public.*]\nWHERE = id > 1\n",
	  "rules.ini:2: where cannot be used in [public.*]: a row filter belongs to one table",
	  NULL },
	{ "[public.t]\nwhere = a\n* = keep\nwhere = b\n",
	  "rules.ini:4: where is set twice in [public.t] (first at line 2)",
	  "join the conditions with AND or OR in one where" },
	{ "[public.t]\nwhere =\n",
	  "rules.ini:2: where in [public.t] is empty", NULL },
	{ "[public.t]\nwhere =   ; only a comment\n",
	  "rules.ini:2: where in [public.t] is empty", NULL },
	{ "[public.t]\nwhere = a = 'x\n",
	  "rules.ini:2: where in [public.t]: unterminated string starting at column 13",
	  "write '' for a quote inside a string and \"\" inside a quoted name" },
	{ "[public.t]\nwhere = \"a = 'x'\n",
	  "rules.ini:2: where in [public.t]: unterminated quoted name starting at column 9",
	  NULL },
	{ "[public.t]\nwhere = (a or (b)\n",
	  "rules.ini:2: where in [public.t]: the '(' at column 9 is never closed",
	  NULL },
	{ "[public.t]\nwhere = a) or (b\n",
	  "rules.ini:2: where in [public.t]: unbalanced ')' at column 10", NULL },
	/* case rules */
	{ "[public.t]\ne = case when a then keep\n",
	  "rules.ini:2: rule for e: the case rule has no ELSE",
	  "add `else <anonymiser> end`: rows that no WHEN matches need a rule too" },
	{ "[public.t]\ne = case when a then keep when b then null\n",
	  "rules.ini:2: rule for e: the case rule has no ELSE", NULL },
	{ "[public.t]\ne = case when a then keep else email\n",
	  "rules.ini:2: rule for e: expected END after the ELSE part",
	  "end the rule with `else <anonymiser> end`" },
	{ "[public.t]\ne = case when a then keep else email end x\n",
	  "rules.ini:2: rule for e: unexpected text after END: 'x'", NULL },
	{ "[public.t]\ne = case a then keep else email end\n",
	  "rules.ini:2: rule for e: expected WHEN after CASE at column 10",
	  "write it as case when CONDITION then ANONYMISER [when ... then ...] "
	  "else ANONYMISER end" },
	{ "[public.t]\ne = case when a keep else email end\n",
	  "rules.ini:2: rule for e: expected THEN after the condition at column 14",
	  NULL },
	{ "[public.t]\ne = case when then keep else email end\n",
	  "rules.ini:2: rule for e: expected a condition after WHEN at column 14",
	  NULL },
	{ "[public.t]\ne = case when a then else email end\n",
	  "rules.ini:2: rule for e: expected an anonymiser after THEN at column 21",
	  NULL },
	{ "[public.t]\ne = case when a then keep else end\n",
	  "rules.ini:2: rule for e: expected an anonymiser after ELSE at column 31",
	  NULL },
	{ "[public.t]\ne = case when a then case when b then keep else null end else email end\n",
	  "rules.ini:2: rule for e: a case rule cannot be nested (column 22)",
	  NULL },
	{ "[public.t]\ne = case when case when b then 1 end then keep else email end\n",
	  "rules.ini:2: rule for e: a case rule cannot be nested (column 15)",
	  NULL },
	{ "[public.t]\ne = case when a then keep else case when b then keep else null end end\n",
	  "rules.ini:2: rule for e: a case rule cannot be nested (column 32)",
	  NULL },
	{ "[public.t]\ne = case when (a then keep else email end\n",
	  "rules.ini:2: rule for e: expected THEN after the condition at column 14",
	  NULL },
	{ "[public.t]\ne = case when a = 'x then keep else email end\n",
	  "rules.ini:2: rule for e: expected THEN after the condition at column 14",
	  NULL },
	{ "[public.t]\ne = case when a) then keep else email end\n",
	  "rules.ini:2: rule for e: unbalanced ')' at column 16", NULL },
	{ "[public.t]\ne = case when a then mask(x else email end\n",
	  "rules.ini:2: rule for e: expected ',' or ')' after argument 1 of "
	  "mask(...) at column 29, found 'else'", NULL },
	{ "[public.t]\ne = case when a then keep keep else email end\n",
	  "rules.ini:2: rule for e: unexpected text after the anonymiser of THEN: 'keep'",
	  NULL },
	{ "[public.t]\n* = case when a then keep else email end\n",
	  "rules.ini:2: a case rule cannot be the section's default ('* = case ...')",
	  "write it for the column it is about, as in email = case when is_staff "
	  "then keep else email end" },
	{ "[*]\n* = case when a then keep else email end\n",
	  "rules.ini:2: '* = ...' cannot be used in [*]: it would cover every "
	  "column that no rule names", NULL },
};

static void test_where_case(void)
{
	const struct pgs_table_rules *t;
	const struct pgs_column_rule *cr;
	char *big;
	size_t i, n;

	for (i = 0; i < sizeof(where_case_errors) / sizeof(where_case_errors[0]); i++) {
		const struct error_case *ec = &where_case_errors[i];

		CHECK(parse(ec->text) == -1);
		CHECK(err.code == PGS_ERULES);
		CHECK_STR(err.msg, ec->msg);
		if (ec->hint)
			CHECK_STR(err.hint, ec->hint);
		CHECK(rules.ntables == 0 && rules.tables == NULL);
	}

	/* where: kept as written, case-insensitive key; "where" is a column. */
	CHECK(parse("[public.customers]\n"
		    "Where = created_at >= '2024-01-01' or is_staff or sample(10) ; c\n"
		    "\"where\" = keep\n"
		    "* = keep\n"
		    "[public.orders]\n"
		    "* = keep\n") == 0);
	t = pgs_rules_find_table(&rules, "public", "customers");
	CHECK(t && t->where && t->where_line == 2);
	CHECK(t && t->where_len == strlen(t->where));
	CHECK_STR(t ? t->where : NULL,
		  "created_at >= '2024-01-01' or is_staff or sample(10)");
	CHECK(t && t->ncols == 2);
	CHECK_STR(t && t->ncols ? t->cols[0].column : NULL, "where");
	t = pgs_rules_find_table(&rules, "public", "orders");
	CHECK(t && t->where == NULL && t->where_len == 0);
	/* Quotes hold ';' and '#', a quoted name too. */
	CHECK(parse("[public.t]\nwhere = \"a ;b\" = 'x ;y' or c # d\n") == 0);
	CHECK_STR(rules.tables[0].where, "\"a ;b\" = 'x ;y' or c");

	/* case: branches in order, conditions as written, ELSE in expr. */
	CHECK(parse("[public.users]\n"
		    "email = CASE  When email ilike '%@ourcompany.com' THEN keep\t"
		    "when (a = 'then' or \"else\") then mask(char='x', keep_first=1) "
		    "ELSE email END ; comment\n"
		    "b = case when x then const('when it''s else') else null end\n") == 0);
	cr = col(0, 0);
	CHECK(cr && cr->nbranches == 2);
	if (cr && cr->nbranches == 2) {
		CHECK_STR(cr->branches[0].cond, "email ilike '%@ourcompany.com'");
		CHECK(cr->branches[0].cond_len == strlen(cr->branches[0].cond));
		CHECK_STR(cr->branches[0].expr.name, "keep");
		CHECK_STR(cr->branches[0].text, "keep");
		CHECK_STR(cr->branches[1].cond, "(a = 'then' or \"else\")");
		CHECK_STR(cr->branches[1].expr.name, "mask");
		CHECK(cr->branches[1].expr.nargs == 2);
		CHECK_STR(cr->branches[1].text, "mask(char='x', keep_first=1)");
		CHECK_STR(cr->expr.name, "email");
		CHECK_STR(cr->text, "CASE  When email ilike '%@ourcompany.com' THEN "
			  "keep\twhen (a = 'then' or \"else\") then mask(char='x', "
			  "keep_first=1) ELSE email END");
	}
	cr = col(0, 1);
	CHECK(cr && cr->nbranches == 1);
	if (cr && cr->nbranches == 1) {
		CHECK_STR(cr->branches[0].cond, "x");
		CHECK(cr->branches[0].expr.nargs == 1);
		CHECK_STR(cr->branches[0].expr.args[0].str, "when it's else");
		CHECK_STR(cr->expr.name, "null");
	}
	/* A rule named like the keyword but not the keyword. */
	CHECK(parse("[public.t]\na = cases\nb = case_x(1)\n") == 0);
	CHECK(col(0, 0) && col(0, 0)->nbranches == 0);
	CHECK(col(0, 1) && col(0, 1)->nbranches == 0);

	/* Far past inih's 200-byte lines: a 600-byte where and case. */
	n = 600;
	big = malloc(4 * n);
	CHECK(big != NULL);
	if (!big)
		return;
	strcpy(big, "[public.t]\nwhere = id = 1");
	while (strlen(big) < n)
		strcat(big, " or id = 1");
	strcat(big, "\nv = case when id = 2");
	while (strlen(big) < 2 * n)
		strcat(big, " or id = 2");
	strcat(big, " then keep else null end\n");
	CHECK(parse(big) == 0);
	t = rules.ntables ? &rules.tables[0] : NULL;
	CHECK(t && t->where_len > 580 && strncmp(t->where, "id = 1 or", 9) == 0);
	CHECK(t && t->where[t->where_len - 1] == '1');
	cr = col(0, 0);
	CHECK(cr && cr->nbranches == 1 && cr->branches[0].cond_len > 580);
	CHECK(cr && strcmp(cr->expr.name, "null") == 0);
	free(big);
}

/* Rules by type in pattern sections ("type T = ..."). */
static void test_type_rules(void)
{
	char buf[200];
	const struct pgs_column_rule *cr;

	CHECK(parse("[*]\n"
		    "type timestamp with time zone = keep\n"
		    "TYPE  Character   Varying(32) = keep\n"
		    "type public.\"Odd Type\"[] = null\n"
		    "type = keep\n"
		    "\"type text\" = null\n"
		    "typed = keep\n"
		    "[public.*]\n"
		    "type numeric(10, 2) = keep\n"
		    "type text = null\n") == 0);
	CHECK(rules.ntables == 2 && rules.tables[0].ncols == 6 &&
	      rules.tables[1].ncols == 2);
	if ((cr = col(0, 0))) {
		CHECK(cr->is_type && !cr->is_star);
		CHECK_STR(cr->column, "timestamp with time zone");
		CHECK(cr->line == 2);
		pgs_rules_key(cr, buf, sizeof(buf));
		CHECK_STR(buf, "type timestamp with time zone");
	}
	/* blanks collapsed, bare words folded, quoted names kept */
	if ((cr = col(0, 1)))
		CHECK(cr->is_type && strcmp(cr->column, "character varying(32)") == 0);
	if ((cr = col(0, 2)))
		CHECK(cr->is_type && strcmp(cr->column, "public.\"Odd Type\"[]") == 0);
	/* a column named type, "type text" or typed is a column */
	if ((cr = col(0, 3)))
		CHECK(!cr->is_type && strcmp(cr->column, "type") == 0);
	if ((cr = col(0, 4))) {
		CHECK(!cr->is_type && strcmp(cr->column, "type text") == 0);
		pgs_rules_key(cr, buf, sizeof(buf));
		CHECK_STR(buf, "\"type text\"");
	}
	if ((cr = col(0, 5)))
		CHECK(!cr->is_type && strcmp(cr->column, "typed") == 0);
	if ((cr = col(1, 0)))
		CHECK(cr->is_type && strcmp(cr->column, "numeric(10, 2)") == 0);
	/* a rule by type never answers for a column name */
	CHECK(pgs_rules_find_column(&rules.tables[1], "text") == NULL);
	CHECK(pgs_rules_find_column(&rules.tables[0], "type text") == col(0, 4));

	/* refused: in a table section, not a type name, twice */
	CHECK(parse("[public.t]\ntype text = keep\n") == -1);
	CHECK_STR(err.msg, "rules.ini:2: a rule by column type ('type text') "
		  "belongs in [*] or [schema.*], not in [public.t]");
	CHECK(parse("[*]\ntype 'text' = keep\n") == -1);
	CHECK_STR(err.msg, "rules.ini:2: invalid type name ''text'' after 'type'");
	CHECK(parse("[*]\ntype text) = keep\n") == -1);
	CHECK(parse("[*]\ntype (3) = keep\n") == -1);
	CHECK(parse("[*]\ntype text[ = keep\n") == -1);
	CHECK(parse("[*]\ntype text[]x = keep\n") == -1);
	CHECK(parse("[*]\ntype text] = keep\n") == -1);
	CHECK(parse("[*]\ntype text[3][] = keep\n") == 0);
	CHECK(parse("[*]\ntype text = keep\ntype  TEXT = null\n") == -1);
	CHECK(strstr(err.msg, "rules.ini:3: duplicate rule for type  TEXT in [*] (first at line 2)") != NULL);
}

int main(void)
{
	pgs_rules_init(&rules);
	test_patterns();
	test_type_rules();
	test_arg_keys();
	test_error_cases();
	test_secret_options();
	test_full_file();
	test_find();
	test_long_lines();
	test_text_forms();
	test_many();
	test_load();
	test_suggest();
	test_where_case();
	pgs_rules_release(&rules);
	return check_report("rules");
}
