/*
 * test_buf.c — the growable capped buffer (buf.h): git strbuf's invariants
 * (NUL after len once grown, len + 1 <= cap, reset keeps the memory, release
 * frees it) and curl dynbuf's hard cap (growth past max is refused with
 * PGS_ENOMEM and leaves the buffer as it was).
 */
#include "pgscrub/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* The invariants every operation must leave behind. */
static int buf_ok(const struct pgs_buf *b)
{
	if (b->len > b->max)
		return 0;
	if (!b->data)
		return b->len == 0 && b->cap == 0;
	return b->len + 1 <= b->cap && b->data[b->len] == '\0';
}

static void test_init(void)
{
	struct pgs_buf b;

	memset(&b, 0x55, sizeof(b));
	pgs_buf_init(&b, 100);
	CHECK(b.data == NULL);   /* allocates nothing */
	CHECK(b.len == 0);
	CHECK(b.cap == 0);
	CHECK(b.max == 100);
	CHECK(buf_ok(&b));
	/* reset and release of a buffer that never grew are harmless */
	pgs_buf_reset(&b);
	CHECK(b.data == NULL && b.len == 0 && buf_ok(&b));
	pgs_buf_release(&b);
	CHECK(b.data == NULL && b.len == 0 && b.cap == 0 && b.max == 100);
}

static void test_add_functions(void)
{
	struct pgs_buf b;
	struct pgs_error err;

	pgs_error_init(&err);
	pgs_buf_init(&b, 1000);

	/* adding nothing (p may be NULL) still makes it a C string */
	CHECK(pgs_buf_add(&b, NULL, 0, &err) == 0);
	CHECK(b.data != NULL && b.len == 0 && buf_ok(&b));
	CHECK_STR(b.data, "");

	CHECK(pgs_buf_add(&b, "abc", 3, &err) == 0);
	CHECK(b.len == 3 && buf_ok(&b));
	CHECK_STR(b.data, "abc");
	CHECK(pgs_buf_addc(&b, 'd', &err) == 0);
	CHECK(b.len == 4 && buf_ok(&b));
	CHECK(pgs_buf_adds(&b, "efg", &err) == 0);
	CHECK(b.len == 7 && buf_ok(&b));
	CHECK_STR(b.data, "abcdefg");
	CHECK(pgs_buf_adds(&b, "", &err) == 0);
	CHECK(b.len == 7 && buf_ok(&b));

	/* binary data: embedded NULs count, and a NUL still follows len */
	CHECK(pgs_buf_add(&b, "x\0y", 3, &err) == 0);
	CHECK(b.len == 10 && buf_ok(&b));
	CHECK_EQ_MEM(b.data, b.len, "abcdefgx\0y", (size_t)10);
	CHECK(pgs_buf_addc(&b, '\0', &err) == 0);
	CHECK(b.len == 11 && buf_ok(&b));
	CHECK_EQ_MEM(b.data, b.len, "abcdefgx\0y\0", (size_t)11);
	CHECK(err.code == PGS_OK);
	pgs_buf_release(&b);
}

/* Formatted text of any length, up to the cap and not past it. */
static void test_addf(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	char big[5000];

	pgs_error_init(&err);
	pgs_buf_init(&b, 6000);
	CHECK(pgs_buf_addf(&b, &err, "%s=%d", "x", 42) == 0);
	CHECK_STR(b.data, "x=42");
	CHECK(b.len == 4 && buf_ok(&b));
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* longer than any fixed line buffer the callers once had */
	CHECK(pgs_buf_addf(&b, &err, "[%s]", big) == 0);
	CHECK(b.len == 4 + 2 + 4999 && buf_ok(&b));
	CHECK(b.data[5] == 'a' && b.data[b.len - 1] == ']');
	CHECK(pgs_buf_addf(&b, &err, "%s", big) == -1);
	CHECK(err.code == PGS_ENOMEM);
	CHECK(b.len == 4 + 2 + 4999 && buf_ok(&b));
	pgs_buf_release(&b);
}

/* Growth one byte at a time and in runs, across many reallocations. */
static void test_growth(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	char chunk[300];
	size_t i, bad = 0;

	pgs_error_init(&err);
	pgs_buf_init(&b, 1u << 20);
	for (i = 0; i < 5000; i++) {
		if (pgs_buf_addc(&b, (char)('a' + i % 26), &err) != 0 || !buf_ok(&b) ||
		    b.len != i + 1)
			bad++;
	}
	CHECK(bad == 0);
	for (i = 0, bad = 0; i < 5000; i++)
		if (b.data[i] != (char)('a' + i % 26))
			bad++;
	CHECK(bad == 0);

	memset(chunk, 'z', sizeof(chunk));
	for (i = 0, bad = 0; i < 100; i++)
		if (pgs_buf_add(&b, chunk, i * 3, &err) != 0 || !buf_ok(&b))
			bad++;
	CHECK(bad == 0);
	CHECK(b.len == 5000 + 3 * (99 * 100 / 2));
	CHECK(b.data[4999] == (char)('a' + 4999 % 26) && b.data[5000] == 'z');
	pgs_buf_release(&b);
}

static void test_grow(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	char *before;

	pgs_error_init(&err);
	pgs_buf_init(&b, 1000);
	CHECK(pgs_buf_grow(&b, 500, &err) == 0);
	CHECK(b.len == 0 && b.cap >= 501 && b.cap <= 1001 && buf_ok(&b));
	/* the room made is there: 500 bytes go in without moving */
	before = b.data;
	CHECK(pgs_buf_add(&b, NULL, 0, &err) == 0);
	{
		char x[500];

		memset(x, 'q', sizeof(x));
		CHECK(pgs_buf_add(&b, x, sizeof(x), &err) == 0);
	}
	CHECK(b.data == before && b.len == 500 && buf_ok(&b));
	/* growing by what is already there allocates nothing */
	CHECK(pgs_buf_grow(&b, 0, &err) == 0);
	CHECK(b.data == before);
	/* exactly up to max, then one byte too many */
	CHECK(pgs_buf_grow(&b, 500, &err) == 0);
	CHECK(b.cap == 1001);   /* never more than max + 1 */
	CHECK(pgs_buf_grow(&b, 501, &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	CHECK(strstr(err.msg, "1000") != NULL);
	CHECK(b.len == 500 && buf_ok(&b));
	pgs_buf_release(&b);
}

/* The hard cap: refused with PGS_ENOMEM, the buffer left as it was. */
static void test_max(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	size_t cap;

	pgs_error_init(&err);
	pgs_buf_init(&b, 10);
	CHECK(pgs_buf_add(&b, "0123456789", 10, &err) == 0);
	CHECK(b.len == 10 && buf_ok(&b));
	CHECK(b.cap <= 11);   /* the cap bounds the allocation too */
	cap = b.cap;

	CHECK(pgs_buf_add(&b, "x", 1, &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	CHECK(strstr(err.msg, "limit of 10 bytes") != NULL);
	CHECK(b.len == 10 && b.cap == cap && buf_ok(&b));
	CHECK_STR(b.data, "0123456789");

	pgs_error_init(&err);
	CHECK(pgs_buf_addc(&b, 'x', &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	CHECK(b.len == 10 && buf_ok(&b));
	pgs_error_init(&err);
	CHECK(pgs_buf_adds(&b, "x", &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	CHECK_STR(b.data, "0123456789");
	/* adding nothing at the cap is fine */
	CHECK(pgs_buf_add(&b, NULL, 0, &err) == 0);
	CHECK(pgs_buf_adds(&b, "", &err) == 0);
	CHECK(b.len == 10);

	/* a run larger than max from empty is refused before allocating */
	pgs_buf_release(&b);
	pgs_error_init(&err);
	CHECK(pgs_buf_add(&b, "0123456789ab", 12, &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	CHECK(b.data == NULL && b.len == 0 && b.cap == 0);

	/* err may be NULL: the failure is still reported by the return value */
	CHECK(pgs_buf_add(&b, "0123456789ab", 12, NULL) == -1);

	/* max 0: only the empty string fits */
	pgs_buf_init(&b, 0);
	CHECK(pgs_buf_add(&b, NULL, 0, &err) == 0);
	CHECK(b.data && b.len == 0 && buf_ok(&b));
	CHECK(pgs_buf_addc(&b, 'a', &err) == -1);
	CHECK(b.len == 0 && buf_ok(&b));
	pgs_buf_release(&b);

	/* addc's fast path does not bypass the cap */
	pgs_buf_init(&b, 3);
	CHECK(pgs_buf_addc(&b, 'a', &err) == 0);
	CHECK(pgs_buf_addc(&b, 'b', &err) == 0);
	CHECK(pgs_buf_addc(&b, 'c', &err) == 0);
	CHECK(pgs_buf_addc(&b, 'd', &err) == -1);
	CHECK(b.len == 3 && buf_ok(&b));
	CHECK_STR(b.data, "abc");
	pgs_buf_release(&b);
}

/* len + n overflowing size_t must be refused, never wrap to a small size. */
static void test_overflow(void)
{
	struct pgs_buf b;
	struct pgs_error err;

	pgs_error_init(&err);
	pgs_buf_init(&b, 100);
	CHECK(pgs_buf_add(&b, "abcde", 5, &err) == 0);
	CHECK(pgs_buf_grow(&b, SIZE_MAX, &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	CHECK(pgs_buf_grow(&b, SIZE_MAX - 4, &err) == -1);   /* 5 + n wraps to 0 */
	CHECK(pgs_buf_grow(&b, SIZE_MAX - 5, &err) == -1);   /* + NUL wraps to 0 */
	/* the length is checked before p is read: no byte is touched */
	CHECK(pgs_buf_add(&b, "x", SIZE_MAX - 4, &err) == -1);
	CHECK(b.len == 5 && buf_ok(&b));
	CHECK_STR(b.data, "abcde");
	pgs_buf_release(&b);

	/* With the largest max, len + n itself cannot wrap: n > max - len. */
	pgs_buf_init(&b, SIZE_MAX);
	CHECK(pgs_buf_add(&b, "abcde", 5, &err) == 0);
	CHECK(pgs_buf_grow(&b, SIZE_MAX - 4, &err) == -1);
	CHECK(pgs_buf_grow(&b, SIZE_MAX, &err) == -1);
	/*
	 * With max == SIZE_MAX, growing by exactly max - len would make
	 * len + extra + 1 wrap to 0: refused, not "room made".
	 */
	pgs_error_init(&err);
	CHECK(pgs_buf_grow(&b, SIZE_MAX - 5, &err) == -1);
	CHECK(err.code == PGS_ENOMEM);
	CHECK(b.len == 5 && buf_ok(&b));
	pgs_buf_release(&b);
}

static void test_reset_release(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	char *data;
	size_t cap, i, moved = 0;

	pgs_error_init(&err);
	pgs_buf_init(&b, 4096);
	CHECK(pgs_buf_adds(&b, "some row of data that is long enough", &err) == 0);
	data = b.data;
	cap = b.cap;

	/* reset: empty, same memory, still a C string */
	pgs_buf_reset(&b);
	CHECK(b.len == 0 && b.data == data && b.cap == cap && b.max == 4096);
	CHECK(buf_ok(&b));
	CHECK_STR(b.data, "");
	/* a reused buffer does not reallocate while rows fit */
	for (i = 0; i < 100; i++) {
		pgs_buf_reset(&b);
		if (pgs_buf_add(&b, "row", 3, &err) || b.data != data)
			moved++;
	}
	CHECK(moved == 0);
	CHECK_STR(b.data, "row");

	/* release: memory gone, max kept, usable again */
	pgs_buf_release(&b);
	CHECK(b.data == NULL && b.len == 0 && b.cap == 0 && b.max == 4096);
	CHECK(pgs_buf_adds(&b, "again", &err) == 0);
	CHECK_STR(b.data, "again");
	CHECK(buf_ok(&b));
	pgs_buf_release(&b);
	pgs_buf_release(&b);   /* twice is harmless */
	CHECK(b.data == NULL);
}

static void test_consume(void)
{
	struct pgs_buf b;
	struct pgs_error err;
	char *data;

	pgs_error_init(&err);
	pgs_buf_init(&b, 100);
	CHECK(pgs_buf_adds(&b, "0123456789", &err) == 0);
	data = b.data;
	pgs_buf_consume(&b, 0);
	CHECK(b.len == 10 && buf_ok(&b));
	CHECK_STR(b.data, "0123456789");
	pgs_buf_consume(&b, 3);
	CHECK(b.len == 7 && buf_ok(&b) && b.data == data);
	CHECK_STR(b.data, "3456789");
	pgs_buf_consume(&b, 6);
	CHECK(b.len == 1 && buf_ok(&b));
	CHECK_STR(b.data, "9");
	pgs_buf_consume(&b, 1);   /* all of it */
	CHECK(b.len == 0 && buf_ok(&b) && b.data == data);
	CHECK(pgs_buf_adds(&b, "abc", &err) == 0);
	pgs_buf_consume(&b, 50);  /* more than there is */
	CHECK(b.len == 0 && buf_ok(&b));
	/* consuming frees room under the cap */
	CHECK(pgs_buf_add(&b, "x", 1, &err) == 0);
	pgs_buf_release(&b);
	pgs_buf_consume(&b, 5);   /* on a buffer that never grew */
	CHECK(b.data == NULL && b.len == 0);
}

/* One shell word: safe text as it is, the rest in single quotes. */
static void test_shell_word(void)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "rules.ini", "rules.ini" },
		{ "/etc/pgscrub/prod-rules_2.ini", "/etc/pgscrub/prod-rules_2.ini" },
		{ "", "''" },
		{ "my rules.ini", "'my rules.ini'" },
		{ "it's.ini", "'it'\\''s.ini'" },
		{ "'", "''\\'''" },
		{ "$HOME/r.ini", "'$HOME/r.ini'" },
		{ "a;rm -rf b", "'a;rm -rf b'" },
		{ "-x\n", "'-x\n'" },
	};
	struct pgs_error err;
	struct pgs_buf b;
	size_t i;

	pgs_error_init(&err);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pgs_buf_init(&b, 100);
		CHECK(pgs_buf_add_shell_word(&b, cases[i].in, &err) == 0);
		CHECK(b.data && strcmp(b.data, cases[i].out) == 0);
		CHECK(buf_ok(&b));
		pgs_buf_release(&b);
	}
	/* the cap holds */
	pgs_buf_init(&b, 8);
	CHECK(pgs_buf_add_shell_word(&b, "it's a long name", &err) == -1);
	CHECK(err.code == PGS_ENOMEM && buf_ok(&b));
	pgs_buf_release(&b);
}

int main(void)
{
	test_init();
	test_add_functions();
	test_growth();
	test_grow();
	test_max();
	test_overflow();
	test_addf();
	test_reset_release();
	test_consume();
	test_shell_word();
	return check_report("buf");
}
