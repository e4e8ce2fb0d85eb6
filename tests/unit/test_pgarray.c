/*
 * test_pgarray.c — array literals (pgarray.h), checked against what
 * PostgreSQL's array_out writes (the expected literals come from a real
 * server: SELECT ARRAY[...]::text[]).
 */
#include "pgscrub/pgarray.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "unit.h"

#define S(lit) lit, sizeof(lit) - 1

/* Elements unchanged. */
static int fn_same(void *ctx, struct pgs_buf *out, const char *elem,
		   size_t len, struct pgs_error *err)
{
	(void)ctx;
	return pgs_buf_add(out, elem, len, err);
}

/* Each element replaced by the next string of a NULL-terminated list, and
 * the element seen recorded as "<elem>|" in the log buffer. */
struct repl {
	const char *const *with;
	size_t next;
	struct pgs_buf log;
};

static int fn_repl(void *ctx, struct pgs_buf *out, const char *elem,
		   size_t len, struct pgs_error *err)
{
	struct repl *r = ctx;
	const char *w = r->with[r->next];

	if (w)
		r->next++;
	else
		w = "";
	if (pgs_buf_add(&r->log, elem, len, err) ||
	    pgs_buf_addc(&r->log, '|', err))
		return -1;
	return pgs_buf_adds(out, w, err);
}

static int fn_fail(void *ctx, struct pgs_buf *out, const char *elem,
		   size_t len, struct pgs_error *err)
{
	(void)ctx;
	(void)out;
	(void)elem;
	(void)len;
	return pgs_error_set(err, PGS_EINPUT, "element failed");
}

/* Literals as the server prints them: mapping with fn_same gives them back
 * byte for byte. */
static const char *const roundtrip[] = {
	"{}",
	"{a}",
	"{a,\"\",\"NULL\",NULL,\"nuLL\",\"a b\",\"a,b\",\"x\\\"y\",\"b\\\\c\",\"\f\",\"x\ty\",\"{\",\xc3\xa9,a;b}",
	"[0:1]={a,b}",
	"[-2:-1]={1,2}",
	"[1:2][1:1]={{a},{b}}",
	"{{1,2},{3,4}}",
	"{{{1},{2}},{{3},{4}}}",
	"{\"2024-02-29 12:45:00+00\"}",
	"{NULL,NULL}",
	"{\"}\",\"\\\\\",\"\\\"\"}",
	"{\"a\nb\",\"a\rb\",\"a\vb\"}",
	"{\"{\\\"a\\\": 1}\"}",
};

static void test_roundtrip(void)
{
	struct pgs_buf out;
	struct pgs_error err;
	size_t i;

	pgs_buf_init(&out, 1 << 20);
	for (i = 0; i < sizeof(roundtrip) / sizeof(roundtrip[0]); i++) {
		pgs_buf_reset(&out);
		CHECK(pgs_array_map(&out, roundtrip[i], strlen(roundtrip[i]), ',',
				    fn_same, NULL, &err) == 0);
		CHECK_STR(out.data, roundtrip[i]);
	}
	/* box[] uses ';': a ',' inside an element needs no quotes. */
	pgs_buf_reset(&out);
	CHECK(pgs_array_map(&out, S("{(3,4),(1,2);(7,8),(5,6)}"), ';', fn_same,
			    NULL, &err) == 0);
	CHECK_STR(out.data, "{(3,4),(1,2);(7,8),(5,6)}");
	pgs_buf_release(&out);
}

struct map_case {
	const char *in;
	const char *const *with;
	const char *seen;     /* elements as fn saw them, each followed by | */
	const char *out;
};

static const char *const w_x[] = { "x", "y", "z", "w", NULL };
static const char *const w_quote[] = { "", "null", "NuLl", "a b", "a,b", "q\"", "b\\s",
				       "{", "}", "\t", "\n", "\v", "\f", "\r",
				       "a;b", NULL };
static const char *const w_nul[] = { "NULL", NULL };

static const struct map_case map_cases[] = {
	{ "{a,b,c}", w_x, "a|b|c|", "{x,y,z}" },
	/* NULL stays NULL (unquoted, any case); quoted "NULL" is a string. */
	{ "{NULL,\"NULL\",null,NuLl,a}", w_x, "NULL|a|", "{NULL,x,NULL,NULL,y}" },
	/* Every reason to quote an output element. */
	{ "{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15}", w_quote,
	  "1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|",
	  "{\"\",\"null\",\"NuLl\",\"a b\",\"a,b\",\"q\\\"\",\"b\\\\s\",\"{\",\"}\","
	  "\"\t\",\"\n\",\"\v\",\"\f\",\"\r\",a;b}" },
	{ "{a}", w_nul, "a|", "{\"NULL\"}" },
	/* Input escapes undone before fn sees the element. */
	{ "{\"a\\\"b\",\"c\\\\d\",\"\",\" sp \"}", w_x, "a\"b|c\\d|| sp |", "{x,y,z,w}" },
	/* array_in's leniency: spaces around bare elements, escapes in them. */
	{ " { a , b\\ , c\\,d ,\\N,e f } ", w_x, "a|b |c,d|N|e f|", "{x,y,z,w,\"\"}" },
	/* \NULL is not NULL. */
	{ "{\\NULL}", w_x, "NULL|", "{x}" },
	/* Nesting, bounds and NULLs kept. */
	{ "[0:1][2:3]={{a,NULL},{b,c}}", w_x, "a|b|c|", "[0:1][2:3]={{x,NULL},{y,z}}" },
	{ "{{}}", w_x, "", "{{}}" },
};

static void test_map(void)
{
	struct pgs_buf out;
	struct pgs_error err;
	size_t i;

	pgs_buf_init(&out, 1 << 20);
	for (i = 0; i < sizeof(map_cases) / sizeof(map_cases[0]); i++) {
		const struct map_case *c = &map_cases[i];
		struct repl r = { c->with, 0, { 0 } };

		pgs_buf_init(&r.log, 1 << 20);
		pgs_buf_reset(&out);
		CHECK(pgs_array_map(&out, c->in, strlen(c->in), ',', fn_repl, &r,
				    &err) == 0);
		CHECK_STR(out.data, c->out);
		CHECK_STR(r.log.data ? r.log.data : "", c->seen);
		pgs_buf_release(&r.log);
	}
	/* A long escaped element is decoded beyond the stack buffer. */
	{
		struct pgs_buf lit;
		const char *const w[] = { NULL };
		struct repl r = { w, 0, { 0 } };
		int k;

		pgs_buf_init(&lit, 1 << 20);
		pgs_buf_init(&r.log, 1 << 20);
		pgs_buf_adds(&lit, "{\"\\\\", &err);
		for (k = 0; k < 3000; k++)
			pgs_buf_addc(&lit, 'x', &err);
		pgs_buf_adds(&lit, "\"}", &err);
		pgs_buf_reset(&out);
		CHECK(pgs_array_map(&out, lit.data, lit.len, ',', fn_repl, &r, &err) == 0);
		CHECK_STR(out.data, "{\"\"}");
		CHECK(r.log.len == 3002 && r.log.data[0] == '\\' && r.log.data[1] == 'x' &&
		      r.log.data[3000] == 'x' && r.log.data[3001] == '|');
		pgs_buf_reset(&out);
		CHECK(pgs_array_map(&out, lit.data, lit.len, ',', fn_same, NULL, &err) == 0);
		CHECK_EQ_MEM(out.data, out.len, lit.data, lit.len);
		pgs_buf_release(&lit);
		pgs_buf_release(&r.log);
	}
	/* Appends after what out holds. */
	pgs_buf_reset(&out);
	pgs_buf_adds(&out, "pre:", &err);
	CHECK(pgs_array_map(&out, S("{\"a b\"}"), ',', fn_same, NULL, &err) == 0);
	CHECK_STR(out.data, "pre:{\"a b\"}");
	pgs_buf_release(&out);
}

static const char *const bad[] = {
	"", "   ", "a", "{", "}", "{a", "{a,", "{a,}", "{,a}", "{a,,b}", "{\"a}",
	"{\"a\"b}", "{a\"b\"}", "{a{b}}", "{a,{b}}", "{{a},b}", "{a}x", "{a}}",
	"{{a}", "{a\\", "[1:2]{a,b}", "[1:2={a,b}", "[a:b]={a,b}", "[]={}",
	"{{{{{{{a}}}}}}}", "[1][1][1][1][1][1][1]={{{{{{{a}}}}}}}", "{}{}",
	"{a b\"}",
};

static void test_bad(void)
{
	struct pgs_buf out;
	struct pgs_error err;
	size_t i;

	pgs_buf_init(&out, 1 << 20);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pgs_buf_reset(&out);
		pgs_error_init(&err);
		CHECK(pgs_array_map(&out, bad[i], strlen(bad[i]), ',', fn_same, NULL,
				    &err) == -1);
		CHECK(err.code == PGS_EINPUT);
		if (err.code != PGS_EINPUT)
			fprintf(stderr, "  accepted: %s\n", bad[i]);
	}
	pgs_error_init(&err);
	CHECK(pgs_array_map(&out, S("{a,b}"), ',', fn_same, NULL, &err) == 0);
	/* The messages say where. */
	CHECK(pgs_array_map(&out, S("{a,,b}"), ',', fn_same, NULL, &err) == -1);
	CHECK_STR(err.msg, "malformed array literal: missing element at byte 3");
	CHECK(pgs_array_map(&out, S("{\"ab"), ',', fn_same, NULL, &err) == -1);
	CHECK_STR(err.msg, "malformed array literal: unterminated quoted element at byte 1");
	/* The element function's error comes through unchanged. */
	CHECK(pgs_array_map(&out, S("{a}"), ',', fn_fail, NULL, &err) == -1);
	CHECK_STR(err.msg, "element failed");
	/* NULLs only: fn is never called. */
	CHECK(pgs_array_map(&out, S("{NULL}"), ',', fn_fail, NULL, &err) == 0);
	/* Over the output cap. */
	pgs_buf_release(&out);
	pgs_buf_init(&out, 8);
	CHECK(pgs_array_map(&out, S("{abc,def,ghi}"), ',', fn_same, NULL, &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	pgs_buf_release(&out);
}

/* Random literals built by a quoting model; mapping with fn_same gives them
 * back, and a random byte string never crashes the parser. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_random(void)
{
	static const char alphabet[] = "ab,{}\" \\\tNUL\xc3\xa9;";
	struct pgs_buf lit, out;
	struct pgs_error err;
	int iter;

	pgs_buf_init(&lit, 1 << 20);
	pgs_buf_init(&out, 1 << 20);
	for (iter = 0; iter < 20000; iter++) {
		size_t n = rng() % 6, k;

		pgs_buf_reset(&lit);
		pgs_buf_addc(&lit, '{', &err);
		for (k = 0; k < n; k++) {
			char v[8];
			size_t vl = rng() % 6, j;
			size_t start;

			if (k)
				pgs_buf_addc(&lit, ',', &err);
			if (rng() % 8 == 0) {
				pgs_buf_adds(&lit, "NULL", &err);
				continue;
			}
			for (j = 0; j < vl; j++)
				v[j] = alphabet[rng() % (sizeof(alphabet) - 1)];
			start = lit.len;
			fn_same(NULL, &lit, v, vl, &err);
			/* Quote it with the same rules, written out longhand. */
			{
				int need = vl == 0 || (vl == 4 && strncasecmp(v, "null", 4) == 0);
				char q[32];
				size_t ql = 0;

				for (j = 0; j < vl; j++)
					if (strchr(",{}\"\\ \t\n\r\v\f", v[j]))
						need = 1;
				if (need) {
					q[ql++] = '"';
					for (j = 0; j < vl; j++) {
						if (v[j] == '"' || v[j] == '\\')
							q[ql++] = '\\';
						q[ql++] = v[j];
					}
					q[ql++] = '"';
					lit.len = start;
					pgs_buf_add(&lit, q, ql, &err);
				}
			}
		}
		pgs_buf_addc(&lit, '}', &err);
		pgs_buf_reset(&out);
		CHECK(pgs_array_map(&out, lit.data, lit.len, ',', fn_same, NULL, &err) == 0);
		CHECK_EQ_MEM(out.data, out.len, lit.data, lit.len);
	}
	for (iter = 0; iter < 100000; iter++) {
		char junk[16];
		size_t n = rng() % sizeof(junk), j;

		for (j = 0; j < n; j++)
			junk[j] = alphabet[rng() % (sizeof(alphabet) - 1)];
		if (n)
			junk[0] = '{';
		pgs_buf_reset(&out);
		(void)pgs_array_map(&out, junk, n, ',', fn_same, NULL, &err);
	}
	pgs_buf_release(&lit);
	pgs_buf_release(&out);
}

static void test_speed(void)
{
	struct pgs_buf lit, out;
	struct pgs_error err;
	struct timespec t0, t1;
	int i, rounds = 200000;
	double s;

	pgs_buf_init(&lit, 1 << 20);
	pgs_buf_init(&out, 1 << 20);
	pgs_buf_adds(&lit, "{alice,\"bob smith\",NULL,carol@example.com,\"x\\\"y\",12345}", &err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < rounds; i++) {
		pgs_buf_reset(&out);
		if (pgs_array_map(&out, lit.data, lit.len, ',', fn_same, NULL, &err))
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	CHECK(i == rounds);
	printf("pgarray: %.1f M literals/s, %.0f MB/s (6 elements, %zu bytes)\n",
	       rounds / s / 1e6, rounds * (double)lit.len / s / 1e6, lit.len);
	pgs_buf_release(&lit);
	pgs_buf_release(&out);
}

int main(void)
{
	test_roundtrip();
	test_map();
	test_bad();
	test_random();
	test_speed();
	return check_report("pgarray");
}
