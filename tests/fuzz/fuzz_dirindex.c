/*
 * fuzz_dirindex.c — libFuzzer target for the large-object index of a
 * directory archive (blobs.toc, blobs_<dumpId>.toc: archive_directory.h's
 * pgs_dir_blob_line).
 *
 * The input is cut into lines as the reader's fgets() cuts the file: at
 * each '\n', and at PGS_DIR_BLOB_LINE_MAX - 1 bytes for a longer line.  A
 * line the parser accepts must be exactly "<oid> blob_<oid>.dat\n" for the
 * OID it returns (anything else could name another file, a table's data
 * included); every canonical line built from the input's first four bytes
 * must be accepted with its OID.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/archive_directory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

static void one(const char *line, size_t n)
{
	char name[PGS_DIR_BLOB_LINE_MAX], want[PGS_DIR_BLOB_LINE_MAX];
	uint32_t oid = 12345;
	int rc = pgs_dir_blob_line(line, n, &oid, name);

	if (rc != 0) {
		REQUIRE(rc == -1 && oid == 0);
		return;
	}
	REQUIRE(oid != 0);
	snprintf(want, sizeof(want), "%u blob_%u.dat\n", oid, oid);
	REQUIRE(n == strlen(want) && memcmp(line, want, n) == 0);
	snprintf(want, sizeof(want), "blob_%u.dat", oid);
	REQUIRE(strcmp(name, want) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[PGS_DIR_BLOB_LINE_MAX], name[PGS_DIR_BLOB_LINE_MAX];
	size_t i = 0;
	uint32_t oid, got;

	while (i < size) {
		size_t n = 0;

		while (i < size && n < sizeof(line) - 1) {
			line[n++] = (char)data[i++];
			if (line[n - 1] == '\n')
				break;
		}
		one(line, n);
	}
	if (size >= 4) {
		memcpy(&oid, data, 4);
		if (oid) {
			int n = snprintf(line, sizeof(line), "%u blob_%u.dat\n",
					 oid, oid);

			REQUIRE(pgs_dir_blob_line(line, (size_t)n, &got, name) == 0);
			REQUIRE(got == oid);
		}
	}
	return 0;
}
