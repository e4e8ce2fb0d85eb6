/*
 * unit.h — the tiny assertion header of the unit tests.
 *
 *   CHECK(cond)               count a failure and say where when cond is false
 *   CHECK_EQ_MEM(a, al, b, bl)  compare two byte runs
 *   CHECK_STR(a, b)           compare two C strings
 *   return check_report("copy");   prints "N passed, N failed", exits 0 or 1
 */
#ifndef PGSCRUB_TEST_CHECK_H
#define PGSCRUB_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) do { \
	if (cond) check_passed++; \
	else { check_failed++; \
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_EQ_MEM(a, al, b, bl) do { \
	size_t al_ = (al), bl_ = (bl); \
	if (al_ == bl_ && memcmp((a), (b), al_) == 0) check_passed++; \
	else { check_failed++; \
		fprintf(stderr, "%s:%d: CHECK failed: %s (%zu bytes) != %s (%zu bytes)\n", \
			__FILE__, __LINE__, #a, al_, #b, bl_); } \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	if (a_ && b_ && strcmp(a_, b_) == 0) check_passed++; \
	else { check_failed++; \
		fprintf(stderr, "%s:%d: CHECK failed: \"%s\" != \"%s\"\n", \
			__FILE__, __LINE__, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } \
} while (0)

static inline int check_report(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
