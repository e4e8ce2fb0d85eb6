/*
 * test_archive.c — header and TOC codec.
 *
 * Every fixture archive's header and TOC must re-encode to exactly the
 * bytes that were read (the offsets included, when they are carried over),
 * and damaged headers and TOCs must fail with the right message.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pgscrub/archive.h"
#include "unit.h"

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	if (fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Read header + TOC from bytes through a temporary file. */
static int read_bytes(struct pgs_archive *a, const unsigned char *p, size_t n,
		      uint64_t *toc_end, struct pgs_error *err)
{
	char path[] = "/tmp/pgscrub-test-archive-XXXXXX";
	int fd = mkstemp(path);
	struct pgs_input in;
	int rc;

	if (fd < 0 || write(fd, p, n) != (ssize_t)n)
		return -1;
	close(fd);
	pgs_archive_init(a);
	rc = pgs_input_open(&in, path, err);
	if (rc == 0)
		rc = pgs_archive_read_header(a, &in, err);
	if (rc == 0)
		rc = pgs_archive_read_toc(a, &in, err);
	if (toc_end)
		*toc_end = pgs_input_tell(&in);
	pgs_input_close(&in);
	unlink(path);
	return rc;
}

static void roundtrip(const char *path)
{
	struct pgs_archive a;
	struct pgs_error err;
	struct pgs_buf out;
	unsigned char *p;
	size_t n, i;
	uint64_t toc_end = 0;

	p = slurp(path, &n);
	CHECK(p != NULL);
	if (!p)
		return;
	pgs_error_init(&err);
	if (read_bytes(&a, p, n, &toc_end, &err)) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		CHECK(0);
		free(p);
		return;
	}
	CHECK(a.ntoc > 3);
	CHECK(strcmp(a.encoding, "UTF8") == 0 || strcmp(a.encoding, "SJIS") == 0);
	CHECK(a.std_strings == 1);
	for (i = 0; i < a.ntoc; i++) {
		a.toc[i].out_offset_flag = a.toc[i].offset_flag;
		a.toc[i].out_offset = a.toc[i].offset;
	}
	pgs_buf_init(&out, 1u << 30);
	CHECK(pgs_archive_encode_header(&out, &a, a.hdr.compression,
					a.hdr.level, &err) == 0);
	CHECK(pgs_archive_encode_toc(&out, &a, &err) == 0);
	CHECK_EQ_MEM(out.data, out.len, p, (size_t)toc_end);
	pgs_buf_release(&out);
	pgs_archive_release(&a);
	free(p);
}

struct bad_case {
	const char *name;
	size_t at;              /* byte to change */
	int value;              /* new value, or -1 to cut the file at `at` */
	const char *expect;     /* substring of the error message */
};

static void bad_cases(const char *path)
{
	static const struct bad_case cases[] = {
		{ "empty", 0, -1, "the input is empty" },
		{ "bad magic", 0, 'X', "not a pg_dump custom-format archive" },
		{ "version 1.17", 6, 17, "unsupported archive version 1.17.0" },
		{ "version 1.11", 6, 11, "unsupported archive version 1.11.0" },
		{ "intsize 9", 8, 9, "unsupported integer size 9" },
		{ "intsize 0", 8, 0, "unsupported integer size 0" },
		{ "offsize 9", 9, 9, "unsupported offset size 9" },
		{ "tar format", 10, 3, "not the custom format" },
		{ "cut in header", 30, -1, "unexpected end of input at byte" },
		{ "cut in TOC", 400, -1, "unexpected end of input at byte" },
	};
	size_t n, i;
	unsigned char *p = slurp(path, &n);

	CHECK(p != NULL);
	if (!p)
		return;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bad_case *c = &cases[i];
		unsigned char *q = malloc(n);
		size_t len = n;
		struct pgs_archive a;
		struct pgs_error err;
		int rc;

		memcpy(q, p, n);
		if (c->value < 0)
			len = c->at;
		else
			q[c->at] = (unsigned char)c->value;
		pgs_error_init(&err);
		rc = read_bytes(&a, q, len, NULL, &err);
		CHECK(rc != 0);
		if (rc == 0 || !strstr(err.msg, c->expect)) {
			fprintf(stderr, "case %s: got '%s'\n", c->name, err.msg);
			CHECK(0);
		}
		CHECK(err.code == PGS_EINPUT);
		pgs_archive_release(&a);
		free(q);
	}
	free(p);
}

/* A 1.16 archive: the first TOC entry's dumpId and offset flag. */
static void bad_toc(const char *path)
{
	struct pgs_archive a;
	struct pgs_error err;
	size_t n;
	uint64_t toc_end;
	unsigned char *p = slurp(path, &n);
	size_t first;

	CHECK(p != NULL);
	if (!p)
		return;
	pgs_error_init(&err);
	CHECK(read_bytes(&a, p, n, &toc_end, &err) == 0);
	/* First entry starts after the count: toc_pos + 5. */
	first = (size_t)a.toc_pos + 5;
	pgs_archive_release(&a);

	/* dumpId 0 */
	{
		unsigned char *q = malloc(n);

		memcpy(q, p, n);
		memset(q + first, 0, 5);
		CHECK(read_bytes(&a, q, n, NULL, &err) != 0);
		CHECK(strstr(err.msg, "dumpId 0 is out of range") != NULL);
		pgs_archive_release(&a);
		free(q);
	}
	/* the second entry gets the first entry's dumpId */
	{
		unsigned char *q = malloc(n);
		struct pgs_archive b;

		memcpy(q, p, n);
		pgs_archive_init(&b);
		CHECK(read_bytes(&b, p, n, NULL, &err) == 0);
		memcpy(q + b.toc[1].toc_pos, q + first, 5);
		pgs_archive_release(&b);
		CHECK(read_bytes(&a, q, n, NULL, &err) != 0);
		CHECK(strstr(err.msg, "two entries with dumpId") != NULL);
		pgs_archive_release(&a);
		free(q);
	}
	/* the tag's length (after dumpId, hadDumper, tableoid "0", oid "0")
	 * made negative: -2 */
	{
		unsigned char *q = malloc(n);
		size_t at = first + 5 + 5 + 6 + 6;

		memcpy(q, p, n);
		q[at] = 1;
		q[at + 1] = 2;
		q[at + 2] = q[at + 3] = q[at + 4] = 0;
		CHECK(read_bytes(&a, q, n, NULL, &err) != 0);
		CHECK(strstr(err.msg, "negative length") != NULL);
		pgs_archive_release(&a);
		free(q);
	}
	/* a huge string length: over the cap, not allocated */
	{
		unsigned char *q = malloc(n);
		size_t at = first + 5 + 5 + 6 + 6;

		memcpy(q, p, n);
		q[at] = 0;
		q[at + 1] = q[at + 2] = q[at + 3] = q[at + 4] = 0x7f;
		CHECK(read_bytes(&a, q, n, NULL, &err) != 0);
		CHECK(strstr(err.msg, "more than the limit") != NULL);
		pgs_archive_release(&a);
		free(q);
	}
	free(p);
}

/*
 * Archive text in messages goes through pgs_excerpt: a tag or an ENCODING
 * entry holding ESC and BEL once reached the terminal raw.
 */
static void control_bytes(const char *path)
{
	struct pgs_archive a;
	struct pgs_error err;
	struct pgs_toc_entry te;
	char label[256];
	size_t n, i;
	unsigned char *p = slurp(path, &n), *q;
	int hits = 0;

	memset(&te, 0, sizeof(te));
	te.dump_id = 7;
	te.desc.p = (char *)(uintptr_t)"TABLE\a";
	te.desc.len = 6;
	te.namespace_.p = (char *)(uintptr_t)"pub\x1b[2J";
	te.namespace_.len = 7;
	te.tag.p = (char *)(uintptr_t)"t\x1b[31m\x07";
	te.tag.len = 7;
	CHECK_STR(pgs_archive_entry_label(&te, label, sizeof(label)),
		  "TOC entry 7 (TABLE\\x07 pub\\x1b[2J.t\\x1b[31m\\x07)");
	te.namespace_.p = NULL;
	CHECK_STR(pgs_archive_entry_label(&te, label, sizeof(label)),
		  "TOC entry 7 (TABLE\\x07 t\\x1b[31m\\x07)");

	CHECK(p != NULL);
	if (!p)
		return;
	/* 'UTF8' inside the ENCODING entry's "SET client_encoding = 'UTF8';" */
	q = malloc(n);
	memcpy(q, p, n);
	for (i = 0; i + 6 < n; i++)
		if (memcmp(q + i, "'UTF8'", 6) == 0) {
			q[i + 2] = 0x1b;
			q[i + 3] = 0x07;
			hits++;
			break;
		}
	CHECK(hits == 1);
	pgs_error_init(&err);
	CHECK(read_bytes(&a, q, n, NULL, &err) != 0);
	CHECK(strstr(err.msg, "invalid ENCODING entry: SET client_encoding = "
		     "'U\\x1b\\x078';") != NULL);
	CHECK(strchr(err.msg, 0x1b) == NULL && strchr(err.msg, 0x07) == NULL);
	pgs_archive_release(&a);
	free(q);
	free(p);
}

/* Strings live in the arena; find is a binary search; a replaced string
 * is owned by the archive. */
static void arena_and_find(const char *path)
{
	struct pgs_archive a;
	struct pgs_error err;
	struct pgs_buf out;
	size_t n, i;
	unsigned char *p = slurp(path, &n);
	char *s;

	CHECK(p != NULL);
	if (!p)
		return;
	pgs_error_init(&err);
	CHECK(read_bytes(&a, p, n, NULL, &err) == 0);
	for (i = 0; i < a.ntoc; i++)
		CHECK(pgs_archive_find(&a, a.toc[i].dump_id) == (long)i);
	CHECK(pgs_archive_find(&a, 0) == -1);
	CHECK(pgs_archive_find(&a, -5) == -1);
	CHECK(pgs_archive_find(&a, 1 << 30) == -1);
	/* Every string is NUL-terminated at len. */
	for (i = 0; i < a.ntoc; i++) {
		CHECK(!a.toc[i].tag.p || a.toc[i].tag.p[a.toc[i].tag.len] == '\0');
		CHECK(!a.toc[i].defn.p || a.toc[i].defn.p[a.toc[i].defn.len] == '\0');
		CHECK(a.toc[i].ndeps == 0 || a.toc[i].deps != NULL);
	}
	s = strdup("-- replaced\n");
	CHECK(pgs_archive_adopt_str(&a, &a.toc[0].defn, s, strlen(s), &err) == 0);
	CHECK(a.toc[0].defn.p == s);
	pgs_buf_init(&out, 1u << 30);
	CHECK(pgs_archive_encode_toc(&out, &a, &err) == 0);
	CHECK(memmem(out.data, out.len, "-- replaced\n", 12) != NULL);
	pgs_buf_release(&out);
	pgs_archive_release(&a);   /* frees s (ASan: no leak, no bad free) */
	free(p);
}

int main(void)
{
	const char *dir = PGSCRUB_SOURCE_DIR "/fixtures/archives";
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];
	int n = 0;

	CHECK(d != NULL);
	while (d && (de = readdir(d)) != NULL) {
		if (!strstr(de->d_name, ".dump"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		roundtrip(path);
		n++;
	}
	if (d)
		closedir(d);
	CHECK(n >= 20);
	bad_cases(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg15-gzip-file.dump");
	bad_cases(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg18-zstd-file.dump");
	bad_toc(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg18-zstd-file.dump");
	control_bytes(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg18-zstd-file.dump");
	arena_and_find(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg17-gzip-file.dump");
	return check_report("archive");
}
