/*
 * fuzz_plain.c — libFuzzer target for the plain-script scanner
 * (archive_plain.h) and, through it, the SQL lexer and the COPY statement
 * parser.
 *
 * The input is a script; "--\n-- PostgreSQL database dump\n" is put in
 * front of it so that the fuzzer starts past the header check.  It is
 * scanned whole and again in pieces of a size taken from its length.
 *
 * Checked: both scans succeed or fail alike; on success the units put
 * together are the script, byte for byte (nothing dropped or doubled), and
 * a replay over the TOC the first scan built hands out the same units with
 * the same entries; a failure is bad input or a lack of memory, never
 * anything else.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/archive_plain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

struct log {
	struct pgs_buf bytes, entries;
};

static int log_unit(void *ctx, const struct pgs_plain_unit *u,
		    struct pgs_error *err)
{
	struct log *l = ctx;
	char e[32];

	snprintf(e, sizeof(e), "%d:%zu,", (int)u->kind, u->entry);
	return pgs_buf_add(&l->bytes, u->p, u->n, err) ||
	       (u->kind != PGS_PLAIN_COPY_DATA && pgs_buf_adds(&l->entries, e, err)) ?
	       -1 : 0;
}

static int scan(struct log *l, struct pgs_archive *a, int build,
		const char *p, size_t n, size_t step, struct pgs_error *err)
{
	struct pgs_plain_scanner sc;
	size_t at = 0;
	int rc = 0;

	pgs_buf_init(&l->bytes, (size_t)1 << 28);
	pgs_buf_init(&l->entries, (size_t)1 << 28);
	pgs_plain_scanner_init(&sc, a, build, log_unit, l);
	while (rc == 0 && at < n) {
		size_t k = step && step < n - at ? step : n - at;

		rc = pgs_plain_scanner_feed(&sc, p + at, k, err);
		at += k;
	}
	if (rc == 0)
		rc = pgs_plain_scanner_finish(&sc, err);
	pgs_plain_scanner_release(&sc);
	return rc;
}

static void release(struct log *l)
{
	pgs_buf_release(&l->bytes);
	pgs_buf_release(&l->entries);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = PGS_PLAIN_MAGIC;
	struct pgs_archive a, b;
	struct pgs_error err;
	struct log l1, l2, l3;
	size_t n = sizeof(head) - 1 + size;
	char *p = malloc(n + 1);
	int rc1, rc2;

	if (!p)
		return 0;
	memcpy(p, head, sizeof(head) - 1);
	if (size)
		memcpy(p + sizeof(head) - 1, data, size);
	pgs_error_init(&err);
	pgs_archive_init(&a);
	pgs_archive_init(&b);
	rc1 = scan(&l1, &a, 1, p, n, 0, &err);
	REQUIRE(rc1 == 0 || err.code == PGS_EINPUT || err.code == PGS_ENOMEM);
	rc2 = scan(&l2, &b, 1, p, n, 1 + size % 13, &err);
	REQUIRE((rc1 == 0) == (rc2 == 0));
	if (rc1 == 0) {
		REQUIRE(l1.bytes.len == n && memcmp(l1.bytes.data, p, n) == 0);
		REQUIRE(l2.bytes.len == n && memcmp(l2.bytes.data, p, n) == 0);
		REQUIRE(a.ntoc == b.ntoc);
		REQUIRE(scan(&l3, &a, 0, p, n, 5, &err) == 0);
		REQUIRE(l3.entries.len == l1.entries.len &&
			memcmp(l3.entries.data, l1.entries.data, l1.entries.len) == 0);
		release(&l3);
	}
	release(&l1);
	release(&l2);
	pgs_archive_release(&a);
	pgs_archive_release(&b);
	free(p);
	return 0;
}
