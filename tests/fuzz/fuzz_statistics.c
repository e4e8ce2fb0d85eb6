/*
 * fuzz_statistics.c — libFuzzer target for STATISTICS DATA scrubbing
 * (statistics.h) and, through it, the SQL lexer (sql_lex.h).
 *
 * The input is a STATISTICS DATA defn as pg_dump 18 writes it; the first
 * byte, when it is '\x01', turns standard_conforming_strings off.  Columns
 * whose name has an even length (and index expressions) are scrubbed.
 *
 * Checked: a run that removes nothing copies the input byte for byte;
 * scrubbing the output again removes nothing and changes nothing (no value
 * of a scrubbed column is left behind for a second pass to find); a
 * failure is bad input, never anything else.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/statistics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

static int scrub_even(void *ctx, const char *attname)
{
	unsigned *calls = ctx;

	(*calls)++;
	return attname == NULL || strlen(attname) % 2 == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int std_strings = 1;
	struct pgs_buf out, again;
	struct pgs_error err;
	unsigned removed, removed2, calls = 0;
	int rc;

	if (size > 0 && data[0] == 1) {
		std_strings = 0;
		s++;
		size--;
	}
	pgs_buf_init(&out, 1u << 24);
	pgs_buf_init(&again, 1u << 24);
	pgs_error_init(&err);
	rc = pgs_statistics_scrub(&out, s, size, std_strings, scrub_even,
				  &calls, &removed, &err);
	if (rc) {
		REQUIRE(rc == -1);
		REQUIRE(err.code == PGS_EINPUT);
		REQUIRE(err.msg[0] != '\0');
		goto done;
	}
	if (removed == 0) {
		REQUIRE(out.len == size);
		REQUIRE(size == 0 || memcmp(out.data, s, size) == 0);
	}
	REQUIRE(pgs_statistics_scrub(&again, out.data ? out.data : "", out.len,
				     std_strings, scrub_even, &calls, &removed2,
				     &err) == 0);
	REQUIRE(removed2 == 0);
	REQUIRE(again.len == out.len);
	REQUIRE(out.len == 0 || memcmp(again.data, out.data, out.len) == 0);
done:
	pgs_buf_release(&out);
	pgs_buf_release(&again);
	return 0;
}
