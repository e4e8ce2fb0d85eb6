/*
 * test_report.c — the JSON report of a run (report.h).  A small strict
 * RFC 8259 parser in this file (UTF-8 checked, no trailing commas, no bare
 * control characters, one value and nothing after it) reads every report
 * back: it must be valid JSON, carry the fields the header promises, and
 * give back names with quotes, backslashes and control characters exactly.
 */
#include "pgscrub/json.h"
#include "pgscrub/report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* ---- a strict JSON reader ---------------------------------------------- */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jtype type;
	int boolean;
	char *str;              /* J_STR: decoded (UTF-8, may hold NUL); J_NUM: text */
	size_t len;
	struct jv **items;      /* J_ARR, J_OBJ */
	char **keys;            /* J_OBJ */
	size_t n;
};

struct jparser {
	const char *p, *end;
	int depth;
};

static void jv_free(struct jv *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		jv_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static void ws(struct jparser *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' ||
				 *j->p == '\r'))
		j->p++;
}

static int append(char **s, size_t *len, size_t *cap, const char *b, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = (*cap ? *cap * 2 : 32) + n;
		char *t = realloc(*s, c);

		if (!t)
			return -1;
		*s = t;
		*cap = c;
	}
	memcpy(*s + *len, b, n);
	*len += n;
	(*s)[*len] = '\0';
	return 0;
}

/* Length of the valid UTF-8 sequence at p (no overlongs, surrogates or
 * values past U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t n, i;
	uint32_t c;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2, c = p[0] & 0x1Fu;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3, c = p[0] & 0x0Fu;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4, c = p[0] & 0x07u;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3Fu);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	return n;
}

static int hex4(const char *p, uint32_t *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static int put_utf8(char **s, size_t *len, size_t *cap, uint32_t c)
{
	char b[4];
	size_t n;

	if (c < 0x80)
		b[0] = (char)c, n = 1;
	else if (c < 0x800)
		b[0] = (char)(0xC0 | c >> 6), b[1] = (char)(0x80 | (c & 0x3F)), n = 2;
	else if (c < 0x10000)
		b[0] = (char)(0xE0 | c >> 12), b[1] = (char)(0x80 | (c >> 6 & 0x3F)),
		b[2] = (char)(0x80 | (c & 0x3F)), n = 3;
	else
		b[0] = (char)(0xF0 | c >> 18), b[1] = (char)(0x80 | (c >> 12 & 0x3F)),
		b[2] = (char)(0x80 | (c >> 6 & 0x3F)), b[3] = (char)(0x80 | (c & 0x3F)),
		n = 4;
	return append(s, len, cap, b, n);
}

static int jstring(struct jparser *j, char **out, size_t *outlen)
{
	char *s = NULL;
	size_t len = 0, cap = 0;

	if (j->p >= j->end || *j->p != '"')
		return -1;
	j->p++;
	if (append(&s, &len, &cap, "", 0))
		return -1;
	for (;;) {
		unsigned char c;

		if (j->p >= j->end)
			goto bad;
		c = (unsigned char)*j->p;
		if (c == '"') {
			j->p++;
			break;
		}
		if (c < 0x20)
			goto bad;   /* control characters must be escaped */
		if (c == '\\') {
			uint32_t u, lo;
			char e;

			if (j->end - j->p < 2)
				goto bad;
			e = j->p[1];
			j->p += 2;
			switch (e) {
			case '"': case '\\': case '/':
				if (append(&s, &len, &cap, &e, 1)) goto bad;
				break;
			case 'b': if (append(&s, &len, &cap, "\b", 1)) goto bad; break;
			case 'f': if (append(&s, &len, &cap, "\f", 1)) goto bad; break;
			case 'n': if (append(&s, &len, &cap, "\n", 1)) goto bad; break;
			case 'r': if (append(&s, &len, &cap, "\r", 1)) goto bad; break;
			case 't': if (append(&s, &len, &cap, "\t", 1)) goto bad; break;
			case 'u':
				if (j->end - j->p < 4 || hex4(j->p, &u))
					goto bad;
				j->p += 4;
				if (u >= 0xDC00 && u <= 0xDFFF)
					goto bad;
				if (u >= 0xD800 && u <= 0xDBFF) {
					if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' ||
					    hex4(j->p + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
						goto bad;
					j->p += 6;
					u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				}
				if (put_utf8(&s, &len, &cap, u))
					goto bad;
				break;
			default:
				goto bad;
			}
			continue;
		}
		{
			size_t n = utf8_len((const unsigned char *)j->p,
					    (const unsigned char *)j->end);

			if (n == 0 || append(&s, &len, &cap, j->p, n))
				goto bad;
			j->p += n;
		}
	}
	*out = s;
	*outlen = len;
	return 0;
bad:
	free(s);
	return -1;
}

static int digits(struct jparser *j)
{
	const char *s = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s ? 0 : -1;
}

static struct jv *jvalue(struct jparser *j);

static int jadd(struct jv *v, char *key, struct jv *item)
{
	struct jv **items = realloc(v->items, (v->n + 1) * sizeof(*items));

	if (!items)
		return -1;
	v->items = items;
	if (v->type == J_OBJ) {
		char **keys = realloc(v->keys, (v->n + 1) * sizeof(*keys));

		if (!keys)
			return -1;
		v->keys = keys;
		v->keys[v->n] = key;
	}
	v->items[v->n++] = item;
	return 0;
}

static struct jv *jvalue(struct jparser *j)
{
	struct jv *v = calloc(1, sizeof(*v));
	const char *start;

	if (!v || ++j->depth > 100)
		goto bad;
	ws(j);
	if (j->p >= j->end)
		goto bad;
	start = j->p;
	switch (*j->p) {
	case '{':
	case '[': {
		char close = *j->p == '{' ? '}' : ']';

		v->type = *j->p == '{' ? J_OBJ : J_ARR;
		j->p++;
		ws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			break;
		}
		for (;;) {
			char *key = NULL;
			size_t klen;
			struct jv *item;

			if (v->type == J_OBJ) {
				ws(j);
				if (jstring(j, &key, &klen))
					goto bad;
				ws(j);
				if (j->p >= j->end || *j->p != ':') {
					free(key);
					goto bad;
				}
				j->p++;
			}
			item = jvalue(j);
			if (!item || jadd(v, key, item)) {
				free(key);
				jv_free(item);
				goto bad;
			}
			ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == close) {
				j->p++;
				break;
			}
			goto bad;
		}
		break;
	}
	case '"':
		v->type = J_STR;
		if (jstring(j, &v->str, &v->len))
			goto bad;
		break;
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = { "true", "false", "null" };
		size_t i;

		for (i = 0; i < 3; i++) {
			size_t n = strlen(words[i]);

			if ((size_t)(j->end - j->p) >= n && memcmp(j->p, words[i], n) == 0) {
				v->type = i == 2 ? J_NULL : J_BOOL;
				v->boolean = i == 0;
				j->p += n;
				break;
			}
		}
		if (i == 3)
			goto bad;
		break;
	}
	default:
		v->type = J_NUM;
		if (j->p < j->end && *j->p == '-')
			j->p++;
		if (j->p < j->end && *j->p == '0')
			j->p++;
		else if (digits(j))
			goto bad;
		if (j->p < j->end && *j->p == '.') {
			j->p++;
			if (digits(j))
				goto bad;
		}
		if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
			j->p++;
			if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
				j->p++;
			if (digits(j))
				goto bad;
		}
		v->len = (size_t)(j->p - start);
		v->str = malloc(v->len + 1);
		if (!v->str)
			goto bad;
		memcpy(v->str, start, v->len);
		v->str[v->len] = '\0';
	}
	j->depth--;
	return v;
bad:
	jv_free(v);
	return NULL;
}

/* The whole text must be one JSON value (white space around it allowed). */
static struct jv *json_parse(const char *s, size_t len)
{
	struct jparser j = { s, s + len, 0 };
	struct jv *v = jvalue(&j);

	if (!v)
		return NULL;
	ws(&j);
	if (j.p != j.end) {
		jv_free(v);
		return NULL;
	}
	return v;
}

static int json_valid(const char *s, size_t len)
{
	struct jv *v = json_parse(s, len);

	jv_free(v);
	return v != NULL;
}

/* Member key of object v, or NULL (also when v is not an object). */
static const struct jv *get(const struct jv *v, const char *key)
{
	size_t i;

	if (!v || v->type != J_OBJ)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return v->items[i];
	return NULL;
}

static int count_key(const struct jv *v, const char *key)
{
	size_t i;
	int n = 0;

	for (i = 0; v && v->type == J_OBJ && i < v->n; i++)
		n += strcmp(v->keys[i], key) == 0;
	return n;
}

static const struct jv *at(const struct jv *v, size_t i)
{
	return v && v->type == J_ARR && i < v->n ? v->items[i] : NULL;
}

static int is(const struct jv *v, enum jtype t)
{
	return v && v->type == t;
}

static int str_is(const struct jv *v, const char *s)
{
	return is(v, J_STR) && v->len == strlen(s) && memcmp(v->str, s, v->len) == 0;
}

static int num_is(const struct jv *v, const char *text)
{
	return is(v, J_NUM) && strcmp(v->str, text) == 0;
}

/* The reader itself: it must refuse what is not JSON, or the tests below
 * prove nothing. */
static void test_reader(void)
{
	static const char *const good[] = {
		"{}", "[]", " {\"a\" : [1, -2.5e+3, 0, true, false, null]} ",
		"\"\\u00e9\\ud83d\\ude00\\/\"", "\"\xc3\xa9\xf0\x9f\x98\x80\"", "0.5",
	};
	static const char *const bad[] = {
		"", "{", "{\"a\":1,}", "[1,]", "{a:1}", "'a'", "\"a", "\"a\tb\"",
		"\"a\nb\"", "\"\x01\"", "\"\\x41\"", "\"\\u12\"", "\"\\ud800\"",
		"\"caf\xe9\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "01", "1.", ".5",
		"+1", "nan", "tru", "{} {}", "[1 2]", "{\"a\" 1}", "\"\\\"",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(json_valid(good[i], strlen(good[i])));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (json_valid(bad[i], strlen(bad[i]))) {
			fprintf(stderr, "  the JSON reader accepts: %s\n", bad[i]);
			CHECK(0);
		} else {
			CHECK(1);
		}
}

/* ---- pgs_json_string ---------------------------------------------------- */

struct str_case {
	const char *in;
	const char *out;
};

static const struct str_case str_cases[] = {
	{ "", "\"\"" },
	{ "plain", "\"plain\"" },
	{ "a\"b", "\"a\\\"b\"" },
	{ "back\\slash", "\"back\\\\slash\"" },
	{ "\"\\\"", "\"\\\"\\\\\\\"\"" },
	{ "tab\tnl\ncr\r", "\"tab\\tnl\\ncr\\r\"" },
	{ "\b\f", "\"\\b\\f\"" },
	{ "\x01\x1f", "\"\\u0001\\u001f\"" },
	{ "esc\x1b[31m", "\"esc\\u001b[31m\"" },
	{ "del\x7f", "\"del\x7f\"" },            /* DEL needs no escape */
	{ "a/b", "\"a/b\"" },
	{ "\xc3\x9cn\xc3\xaf", "\"\xc3\x9cn\xc3\xaf\"" },   /* UTF-8 as it is */
	{ "\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"" },
	{ " ", "\" \"" },
};

static void test_json_string(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	size_t i, c;

	pgs_error_init(&err);
	pgs_buf_init(&b, 1 << 16);
	for (i = 0; i < sizeof(str_cases) / sizeof(str_cases[0]); i++) {
		struct jv *v;

		pgs_buf_reset(&b);
		CHECK(pgs_json_string(&b, str_cases[i].in, &err) == 0);
		CHECK_STR(b.data, str_cases[i].out);
		v = json_parse(b.data, b.len);
		CHECK(str_is(v, str_cases[i].in));   /* reads back as it was */
		jv_free(v);
	}

	/* every control character, round trip */
	pgs_buf_reset(&b);
	{
		char all[32];
		struct jv *v;

		for (c = 1; c < 32; c++)
			all[c - 1] = (char)c;
		all[31] = '\0';
		CHECK(pgs_json_string(&b, all, &err) == 0);
		v = json_parse(b.data, b.len);
		CHECK(str_is(v, all));
		jv_free(v);
	}

	/* appends: what was in the buffer stays */
	pgs_buf_reset(&b);
	CHECK(pgs_buf_adds(&b, "[", &err) == 0);
	CHECK(pgs_json_string(&b, "x", &err) == 0);
	CHECK_STR(b.data, "[\"x\"");

	/* the buffer's cap is an error, not a cut string */
	pgs_buf_release(&b);
	pgs_buf_init(&b, 4);
	CHECK(pgs_json_string(&b, "abcdef", &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	pgs_buf_release(&b);

	/* Bytes that are not UTF-8 (a Latin-1 table name) become U+FFFD, so
	 * the output is always valid JSON. */
	pgs_buf_init(&b, 1 << 16);
	{
		static const char *const latin1[] = { "caf\xe9", "\xff", "a\xc3", "\xc0\xaf" };

		for (i = 0; i < sizeof(latin1) / sizeof(latin1[0]); i++) {
			pgs_buf_reset(&b);
			CHECK(pgs_json_string(&b, latin1[i], &err) == 0);
			CHECK(json_valid(b.data, b.len));
			CHECK(strstr(b.data, "\\ufffd") != NULL);
		}
	}
	pgs_buf_release(&b);
}

/* ---- pgs_report_json ---------------------------------------------------- */

#define LONGNAME_LEN 1000

static char longname[LONGNAME_LEN + 1];

static struct pgs_column_tally cols[] = {
	{ (char *)"id", (char *)"keep", 0, NULL },
	{ (char *)"Full \"Name\"", (char *)"const('a\\b')", 42, NULL },
	{ (char *)"ctl\x01\t\n\x1f", (char *)"mask(char='\"')", UINT64_MAX, NULL },
	{ (char *)"\xc3\x9cn\xc3\xaf\xc3\xa7\xc3\xb8" "d\xc3\xa9", (char *)"email", 7, NULL },
	{ longname, (char *)"null", 1, NULL },
};

static struct pgs_cause_tally causes[] = {
	{ (char *)"orders_customer_id_fkey", 5400, 0 },
	{ (char *)"\"Odd\" key", 0, UINT64_MAX },
};

#define TALLY(s, t, a, r, c, n) \
	{ .schema = (char *)(s), .table = (char *)(t), .action = (a), \
	  .rows = (r), .cols = (c), .ncols = (n) }
static struct pgs_table_tally tables[] = {
	TALLY("public", "copied_one", "copied", -1, NULL, 0),
	TALLY("CRM Data", "Weird \"Table\"\\", "rewritten", 123, cols,
	      sizeof(cols) / sizeof(cols[0])),
	TALLY("public", "sessions", "truncated", 0, NULL, 0),
	{ .schema = (char *)"public", .table = (char *)"recomp",
	  .action = "recompressed", .rows = INT64_MAX, .bytes_in = 4096,
	  .bytes_out = UINT64_MAX, .seconds = 1.23456 },
	TALLY("a\"s", "b\\t", "truncated", 0, NULL, 0),
	{ .schema = (char *)"public", .table = (char *)"orders",
	  .action = "rewritten", .rows = 6000, .filtered = 1, .kept = 500,
	  .removed_by_filter = 100, .removed_by_cascade = 5400, .nulled = 7,
	  .causes = causes, .ncauses = 2 },
};

static void fill_stats(struct pgs_tally *st)
{
	memset(st, 0, sizeof(*st));
	st->bytes_in = 1234567;
	st->bytes_out = UINT64_MAX;
	st->statistics_values_removed = 5;
	st->statistics_entries_removed = 2;
	st->large_object_blocks = 1;
	st->large_objects = "dropped";
	st->offsets_written = 1;
	st->tables = tables;
	st->ntables = sizeof(tables) / sizeof(tables[0]);
}

static void fill_info(struct pgs_report_info *info)
{
	memset(info, 0, sizeof(*info));
	info->version = "0.1.0";
	info->input = "/backups/prod \"nightly\".dump";
	info->output = "standard output";
	info->rules_path = "C:\\rules\\r.ini";
	info->rules_sha256 =
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	info->seconds = 12.3456;
	info->started_at = "2026-12-05T03:14:00Z";
	info->ended_at = "2026-12-05T03:14:12Z";
	info->key_fingerprint = "8eda6e2ee2b864bd";
}

static void test_report_success(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	struct pgs_tally st;
	struct pgs_report_info info;
	struct jv *r;
	const struct jv *t, *c;
	size_t i;

	memset(longname, 'x', LONGNAME_LEN);
	longname[0] = '"';
	longname[LONGNAME_LEN - 1] = '\\';
	fill_stats(&st);
	fill_info(&info);
	pgs_error_init(&err);
	pgs_buf_init(&b, 1 << 20);
	CHECK(pgs_buf_adds(&b, "prefix kept:", &err) == 0);   /* it appends */
	CHECK(pgs_report_json(&b, &st, &info, &err) == 0);
	CHECK(strncmp(b.data, "prefix kept:{", 13) == 0);
	CHECK(b.len > 0 && b.data[b.len - 1] == '\n');   /* one line, LF-terminated */
	CHECK(memchr(b.data, '\n', b.len) == b.data + b.len - 1);

	r = json_parse(b.data + 12, b.len - 12);
	CHECK(r != NULL);
	if (!r) {
		fprintf(stderr, "  not valid JSON: %s\n", b.data + 12);
		pgs_buf_release(&b);
		return;
	}
	CHECK(is(r, J_OBJ));
	for (i = 0; r->type == J_OBJ && i < r->n; i++)
		CHECK(count_key(r, r->keys[i]) == 1);   /* no key twice */
	CHECK(str_is(get(r, "pgscrub"), "0.1.0"));
	CHECK(is(get(r, "ok"), J_BOOL) && get(r, "ok")->boolean == 1);
	CHECK(get(r, "error") == NULL && get(r, "hint") == NULL);
	CHECK(str_is(get(r, "input"), info.input));
	CHECK(str_is(get(r, "output"), "standard output"));
	CHECK(is(get(r, "rules"), J_OBJ));
	CHECK(str_is(get(get(r, "rules"), "path"), info.rules_path));
	CHECK(str_is(get(get(r, "rules"), "sha256"), info.rules_sha256));
	CHECK(num_is(get(r, "seconds"), "12.346"));
	CHECK(num_is(get(r, "exit_status"), "0"));
	CHECK(str_is(get(r, "started_at"), "2026-12-05T03:14:00Z"));
	CHECK(str_is(get(r, "ended_at"), "2026-12-05T03:14:12Z"));
	CHECK(str_is(get(r, "key_fingerprint"), "8eda6e2ee2b864bd"));
	CHECK(num_is(get(r, "bytes_in"), "1234567"));
	CHECK(num_is(get(r, "bytes_out"), "18446744073709551615"));
	CHECK(is(get(r, "data_offsets"), J_BOOL) && get(r, "data_offsets")->boolean);
	CHECK(num_is(get(get(r, "statistics"), "value_lists_removed"), "5"));
	CHECK(num_is(get(get(r, "statistics"), "entries_removed"), "2"));
	CHECK(num_is(get(get(r, "large_objects"), "blocks"), "1"));
	CHECK(str_is(get(get(r, "large_objects"), "action"), "dropped"));

	/* tables, in order, with what happened to each */
	t = get(r, "tables");
	CHECK(is(t, J_ARR) && t->n == st.ntables);
	for (i = 0; is(t, J_ARR) && i < t->n && i < st.ntables; i++) {
		const struct jv *e = at(t, i);

		CHECK(str_is(get(e, "schema"), tables[i].schema));
		CHECK(str_is(get(e, "table"), tables[i].table));
		CHECK(str_is(get(e, "action"), tables[i].action));
		CHECK(get(e, "rows") != NULL);
		CHECK(is(get(e, "seconds"), J_NUM));
		CHECK(is(get(e, "bytes_in"), J_NUM));
		CHECK(is(get(e, "bytes_out"), J_NUM));
	}
	CHECK(num_is(get(at(t, 3), "seconds"), "1.235"));
	CHECK(num_is(get(at(t, 3), "bytes_in"), "4096"));
	CHECK(num_is(get(at(t, 3), "bytes_out"), "18446744073709551615"));
	CHECK(num_is(get(at(t, 0), "bytes_in"), "0"));
	CHECK(is(get(at(t, 0), "rows"), J_NULL));   /* copied undecoded */
	CHECK(num_is(get(at(t, 1), "rows"), "123"));
	CHECK(num_is(get(at(t, 2), "rows"), "0"));
	CHECK(num_is(get(at(t, 3), "rows"), "9223372036854775807"));

	c = get(at(t, 1), "columns");
	CHECK(is(c, J_ARR) && c->n == sizeof(cols) / sizeof(cols[0]));
	for (i = 0; is(c, J_ARR) && i < c->n && i < sizeof(cols) / sizeof(cols[0]); i++) {
		CHECK(str_is(get(at(c, i), "column"), cols[i].column));
		CHECK(str_is(get(at(c, i), "rule"), cols[i].rule));
		CHECK(is(get(at(c, i), "changed"), J_NUM));
	}
	CHECK(num_is(get(at(c, 1), "changed"), "42"));
	CHECK(num_is(get(at(c, 2), "changed"), "18446744073709551615"));
	CHECK(str_is(get(at(c, 4), "column"), longname));   /* not cut */

	/* a filtered table: how its rows went, per foreign key */
	CHECK(get(at(t, 0), "rows_kept") == NULL);   /* only when filtered */
	CHECK(num_is(get(at(t, 5), "rows"), "6000"));
	CHECK(num_is(get(at(t, 5), "rows_kept"), "500"));
	CHECK(num_is(get(at(t, 5), "removed_by_filter"), "100"));
	CHECK(num_is(get(at(t, 5), "removed_by_cascade"), "5400"));
	CHECK(num_is(get(at(t, 5), "nulled"), "7"));
	c = get(at(t, 5), "cascade");
	CHECK(is(c, J_ARR) && c->n == 2);
	CHECK(str_is(get(at(c, 0), "constraint"), "orders_customer_id_fkey"));
	CHECK(num_is(get(at(c, 0), "removed"), "5400"));
	CHECK(str_is(get(at(c, 1), "constraint"), "\"Odd\" key"));
	CHECK(num_is(get(at(c, 1), "nulled"), "18446744073709551615"));

	/* truncated: "schema.table" of each truncated table, in order */
	t = get(r, "truncated");
	CHECK(is(t, J_ARR) && t->n == 2);
	CHECK(str_is(at(t, 0), "public.sessions"));
	CHECK(str_is(at(t, 1), "a\"s.b\\t"));
	jv_free(r);
	pgs_buf_release(&b);
}

static void test_report_failure(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	struct pgs_tally st;
	struct pgs_report_info info;
	struct jv *r;

	memset(&st, 0, sizeof(st));   /* a run that failed early: nothing done */
	fill_info(&info);
	info.error = "TOC entry 3 (TABLE DATA public.\"x\"): bad \\ data\n\x01";
	info.hint = "check \"this\"";
	info.seconds = 0;
	info.exit_status = 3;
	info.key_fingerprint = NULL;
	pgs_error_init(&err);
	pgs_buf_init(&b, 1 << 20);
	CHECK(pgs_report_json(&b, &st, &info, &err) == 0);
	r = json_parse(b.data, b.len);
	CHECK(r != NULL);
	CHECK(is(get(r, "ok"), J_BOOL) && !get(r, "ok")->boolean);
	CHECK(str_is(get(r, "error"), info.error));
	CHECK(str_is(get(r, "hint"), info.hint));
	CHECK(num_is(get(r, "seconds"), "0.000"));
	CHECK(num_is(get(r, "exit_status"), "3"));
	CHECK(is(get(r, "key_fingerprint"), J_NULL));   /* no key */
	CHECK(is(get(r, "tables"), J_ARR) && get(r, "tables")->n == 0);
	CHECK(is(get(r, "truncated"), J_ARR) && get(r, "truncated")->n == 0);
	/* large_objects: "none" when the run did not say */
	CHECK(str_is(get(get(r, "large_objects"), "action"), "none"));
	CHECK(is(get(r, "data_offsets"), J_BOOL) && !get(r, "data_offsets")->boolean);
	jv_free(r);

	/* an error without a hint has no "hint" */
	info.hint = NULL;
	pgs_buf_reset(&b);
	CHECK(pgs_report_json(&b, &st, &info, &err) == 0);
	r = json_parse(b.data, b.len);
	CHECK(r != NULL);
	CHECK(str_is(get(r, "error"), info.error));
	CHECK(get(r, "hint") == NULL);
	jv_free(r);

	/* a hint without an error is not reported (ok is true) */
	info.error = NULL;
	info.hint = "ignored";
	pgs_buf_reset(&b);
	CHECK(pgs_report_json(&b, &st, &info, &err) == 0);
	r = json_parse(b.data, b.len);
	CHECK(r != NULL);
	CHECK(get(r, "hint") == NULL && get(r, "error") == NULL);
	CHECK(is(get(r, "ok"), J_BOOL) && get(r, "ok")->boolean);
	jv_free(r);

	/* missing strings are written as "", still valid */
	memset(&info, 0, sizeof(info));
	pgs_buf_reset(&b);
	CHECK(pgs_report_json(&b, &st, &info, &err) == 0);
	r = json_parse(b.data, b.len);
	CHECK(r != NULL);
	CHECK(str_is(get(r, "pgscrub"), ""));
	CHECK(str_is(get(get(r, "rules"), "sha256"), ""));
	jv_free(r);

	/* a buffer too small: an error, not a cut report */
	pgs_buf_release(&b);
	pgs_buf_init(&b, 100);
	fill_info(&info);
	fill_stats(&st);
	pgs_error_init(&err);
	CHECK(pgs_report_json(&b, &st, &info, &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	pgs_buf_release(&b);
}

/* A table with a name that is not UTF-8, for the whole report. */
static void test_report_latin1(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	struct pgs_tally st;
	struct pgs_report_info info;
	struct pgs_table_tally t = TALLY("public", "caf\xe9", "copied", -1,
					 NULL, 0);

	memset(&st, 0, sizeof(st));
	st.tables = &t;
	st.ntables = 1;
	fill_info(&info);
	pgs_error_init(&err);
	pgs_buf_init(&b, 1 << 20);
	CHECK(pgs_report_json(&b, &st, &info, &err) == 0);
	CHECK(json_valid(b.data, b.len));
	pgs_buf_release(&b);
}

int main(void)
{
	test_reader();
	test_json_string();
	test_report_success();
	test_report_failure();
	test_report_latin1();
	return check_report("report");
}
