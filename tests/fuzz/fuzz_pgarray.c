/*
 * fuzz_pgarray.c — libFuzzer target for the array-literal parser
 * (pgarray.h).
 *
 * The first byte picks the delimiter (';' when it is ';', as for box;
 * ',' otherwise) and the rest is the literal.  Mapped with the identity,
 * an accepted literal must come out in array_out's form, which maps to
 * itself; mapped with a function writing a value that needs quoting, the
 * result must be accepted and give that value back for every element.
 * Failures are bad input only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/pgarray.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* A value array_out must quote: delimiters, braces, quote, backslash,
 * blanks, and a NULL look-alike. */
static const char weird[] = "a,b;c {\"\\} null";

struct count {
	size_t n;
	int check_weird;
};

static int identity(void *ctx, struct pgs_buf *out, const char *elem,
		    size_t len, struct pgs_error *err)
{
	struct count *c = ctx;

	c->n++;
	if (c->check_weird) {
		REQUIRE(len == strlen(weird));
		REQUIRE(memcmp(elem, weird, len) == 0);
	}
	return pgs_buf_add(out, elem, len, err);
}

static int to_weird(void *ctx, struct pgs_buf *out, const char *elem,
		    size_t len, struct pgs_error *err)
{
	struct count *c = ctx;

	(void)elem;
	(void)len;
	c->n++;
	return pgs_buf_adds(out, weird, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pgs_buf a, b, w;
	struct pgs_error err;
	struct count c1 = { 0, 0 }, c2 = { 0, 0 }, c3 = { 0, 0 }, c4 = { 0, 1 };
	const char *lit;
	char delim = ',';
	int rc;

	if (size == 0)
		return 0;
	if (data[0] == ';')
		delim = ';';
	lit = (const char *)data + 1;
	size--;

	pgs_buf_init(&a, 1u << 24);
	pgs_buf_init(&b, 1u << 24);
	pgs_buf_init(&w, 1u << 26);
	pgs_error_init(&err);
	rc = pgs_array_map(&a, lit, size, delim, identity, &c1, &err);
	if (rc) {
		REQUIRE(rc == -1);
		REQUIRE(err.code == PGS_EINPUT || err.code == PGS_ENOMEM);
		REQUIRE(err.msg[0] != '\0');
		goto done;
	}
	/* array_out's form maps to itself. */
	REQUIRE(pgs_array_map(&b, a.data ? a.data : "", a.len, delim, identity,
			      &c2, &err) == 0);
	REQUIRE(c2.n == c1.n);
	REQUIRE(b.len == a.len);
	REQUIRE(a.len == 0 || memcmp(a.data, b.data, a.len) == 0);

	/* Every element replaced, quoted as needed, read back. */
	if (pgs_array_map(&w, lit, size, delim, to_weird, &c3, &err) == 0) {
		REQUIRE(c3.n == c1.n);
		pgs_buf_reset(&b);
		REQUIRE(pgs_array_map(&b, w.data ? w.data : "", w.len, delim,
				      identity, &c4, &err) == 0);
		REQUIRE(c4.n == c1.n);
	} else {
		REQUIRE(err.code == PGS_ENOMEM);
	}
done:
	pgs_buf_release(&a);
	pgs_buf_release(&b);
	pgs_buf_release(&w);
	return 0;
}
