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

static int accept_toc_dat;   /* read_bytes() accepts a toc.dat */

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
	a->accept_toc_dat = accept_toc_dat;
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
		{ "tar format", 10, 3, "is the toc.dat of a directory or tar archive "
		  "(format 3), not a custom-format archive" },
		{ "format 2", 10, 2, "in format 2, not the custom format (1)" },
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

/* Header and TOC of a file, 0 or -1 (the message printed). */
static int read_file(struct pgs_archive *a, const char *path, int toc_dat,
		     unsigned char **bytes, size_t *n, uint64_t *toc_end)
{
	struct pgs_error err;
	int rc;

	*bytes = slurp(path, n);
	if (!*bytes) {
		fprintf(stderr, "%s: cannot read\n", path);
		return -1;
	}
	pgs_error_init(&err);
	accept_toc_dat = toc_dat;
	rc = read_bytes(a, *bytes, *n, toc_end, &err);
	accept_toc_dat = 0;
	if (rc)
		fprintf(stderr, "%s: %s\n", path, err.msg);
	return rc;
}

/* The toc.dat of a directory archive (other-formats.md §2.2): refused
 * unless accepted; filenames read, the data entries told apart by them;
 * re-encoded byte for byte; the whole file is header and TOC. */
static void toc_dat(const char *dir)
{
	char path[4200];
	struct pgs_archive a;
	struct pgs_error err;
	struct pgs_buf out;
	unsigned char *p;
	size_t n, i, data = 0, blobs = 0;
	uint64_t toc_end = 0;

	if (snprintf(path, sizeof(path), "%s/toc.dat", dir) >= (int)sizeof(path))
		return;
	p = slurp(path, &n);
	CHECK(p != NULL);
	if (!p)
		return;
	pgs_error_init(&err);
	CHECK(read_bytes(&a, p, n, NULL, &err) != 0);
	CHECK(strstr(err.msg, "is the toc.dat of a directory or tar archive") != NULL);
	CHECK(err.hint[0] && strstr(err.hint, "pgscrub -i DIR -o OUTDIR") != NULL);
	pgs_archive_release(&a);
	free(p);

	if (read_file(&a, path, 1, &p, &n, &toc_end)) {
		CHECK(0);
		free(p);
		return;
	}
	CHECK(a.hdr.format == PGS_ARCH_TAR);
	CHECK(toc_end == n);
	for (i = 0; i < a.ntoc; i++) {
		const struct pgs_toc_entry *te = &a.toc[i];
		char want[64];

		if (te->desc.p && strcmp(te->desc.p, "TABLE DATA") == 0) {
			snprintf(want, sizeof(want), "%d.dat", te->dump_id);
			CHECK_STR(te->filename.p, want);
			CHECK(te->offset_flag == K_OFFSET_POS_NOT_SET);
			data++;
		} else if (te->desc.p && strcmp(te->desc.p, "BLOBS") == 0) {
			if (a.hdr.version >= K_VERS_1_16)
				snprintf(want, sizeof(want), "blobs_%d.toc", te->dump_id);
			else
				snprintf(want, sizeof(want), "blobs.toc");
			CHECK_STR(te->filename.p, want);
			CHECK(te->offset_flag == K_OFFSET_POS_NOT_SET);
			blobs++;
		} else {
			CHECK(te->filename.len == 0);
			CHECK(te->offset_flag == K_OFFSET_NO_DATA);
		}
	}
	CHECK(data >= 10);
	CHECK(blobs == 1);
	pgs_buf_init(&out, 1u << 30);
	CHECK(pgs_archive_encode_header(&out, &a, a.hdr.compression,
					a.hdr.level, &err) == 0);
	CHECK(pgs_archive_encode_toc(&out, &a, &err) == 0);
	CHECK_EQ_MEM(out.data, out.len, p, n);
	pgs_buf_release(&out);
	pgs_archive_release(&a);
	free(p);
}

/*
 * The output format can differ from the input's: the TOC of a custom
 * archive written through a pipe (every offset "not set") and the toc.dat
 * of the same database dumped with -Fd by the same pg_dump differ only in
 * the header's format byte and time and in each entry's last field, so
 * converting either gives the other's bytes after the header.
 */
static void convert(const char *custom, const char *dir)
{
	char path[4200];
	struct pgs_archive c, d;
	struct pgs_error err;
	struct pgs_buf out;
	unsigned char *cp = NULL, *dp = NULL;
	size_t cn, dn, i;
	uint64_t cend, dend;

	if (snprintf(path, sizeof(path), "%s/toc.dat", dir) >= (int)sizeof(path))
		return;
	if (read_file(&c, custom, 0, &cp, &cn, &cend) ||
	    read_file(&d, path, 1, &dp, &dn, &dend)) {
		CHECK(0);
		goto out;
	}
	CHECK(c.ntoc == d.ntoc);
	pgs_error_init(&err);
	pgs_buf_init(&out, 1u << 30);

	/* custom -> toc.dat: the filenames as pg_dump names them */
	c.out_format = PGS_ARCH_TAR;
	for (i = 0; i < c.ntoc && i < d.ntoc; i++) {
		struct pgs_toc_entry *te = &c.toc[i];
		char name[64];
		char *s;

		CHECK(te->dump_id == d.toc[i].dump_id);
		if (te->offset_flag == K_OFFSET_NO_DATA) {
			/* "" as pg_dump writes it */
			s = strdup("");
			CHECK(pgs_archive_adopt_str(&c, &te->filename, s, 0, &err) == 0);
			continue;
		}
		if (strcmp(te->desc.p, "BLOBS") == 0)
			snprintf(name, sizeof(name), "blobs_%d.toc", te->dump_id);
		else
			snprintf(name, sizeof(name), "%d.dat", te->dump_id);
		s = strdup(name);
		CHECK(pgs_archive_adopt_str(&c, &te->filename, s, strlen(s), &err) == 0);
	}
	CHECK(pgs_archive_encode_header(&out, &c, c.hdr.compression, c.hdr.level,
					&err) == 0);
	CHECK(out.data[10] == PGS_ARCH_TAR);
	pgs_buf_reset(&out);
	CHECK(pgs_archive_encode_toc(&out, &c, &err) == 0);
	CHECK_EQ_MEM(out.data, out.len, dp + d.toc_pos, (size_t)(dend - d.toc_pos));

	/* toc.dat -> custom, offsets not set (a pipe) */
	d.out_format = PGS_ARCH_CUSTOM;
	pgs_buf_reset(&out);
	CHECK(pgs_archive_encode_header(&out, &d, d.hdr.compression, d.hdr.level,
					&err) == 0);
	CHECK(out.data[10] == PGS_ARCH_CUSTOM);
	pgs_buf_reset(&out);
	CHECK(pgs_archive_encode_toc(&out, &d, &err) == 0);
	CHECK_EQ_MEM(out.data, out.len, cp + c.toc_pos, (size_t)(cend - c.toc_pos));
	pgs_buf_release(&out);
out:
	pgs_archive_release(&c);
	pgs_archive_release(&d);
	free(cp);
	free(dp);
}

/* A damaged filename field: a negative length other than -1, a cut. */
static void bad_toc_dat(const char *dir)
{
	char path[4200];
	struct pgs_archive a;
	struct pgs_error err;
	unsigned char *p;
	size_t n, at = 0, i;
	uint64_t end;

	if (snprintf(path, sizeof(path), "%s/toc.dat", dir) >= (int)sizeof(path))
		return;
	if (read_file(&a, path, 1, &p, &n, &end)) {
		CHECK(0);
		free(p);
		return;
	}
	/* the last entry's filename: its Int is the last 5 + len bytes */
	at = n - 5 - a.toc[a.ntoc - 1].filename.len;
	pgs_archive_release(&a);
	pgs_error_init(&err);
	accept_toc_dat = 1;
	p[at] = 1;
	p[at + 1] = 7;
	for (i = 2; i < 5; i++)
		p[at + i] = 0;
	CHECK(read_bytes(&a, p, n, NULL, &err) != 0);
	CHECK(strstr(err.msg, "data file name at byte") != NULL &&
	      strstr(err.msg, "negative length (-7)") != NULL);
	pgs_archive_release(&a);
	CHECK(read_bytes(&a, p, at + 3, NULL, &err) != 0);
	CHECK(strstr(err.msg, "unexpected end of input") != NULL);
	pgs_archive_release(&a);
	accept_toc_dat = 0;
	free(p);
}

int main(void)
{
	const char *dir = PGSCRUB_SOURCE_DIR "/fixtures/archives";
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4200];
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
	{
		static const char *dirs[] = { "pg15-none", "pg15-gzip", "pg17-none",
			"pg17-gzip", "pg17-lz4", "pg17-zstd", "pg18-none", "pg18-gzip",
			"pg18-lz4", "pg18-zstd" };

		for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
			snprintf(path, sizeof(path), "%s/dir/%s", dir, dirs[i]);
			toc_dat(path);
		}
	}
	convert(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg18-gzip-pipe.dump",
		PGSCRUB_SOURCE_DIR "/fixtures/archives/dir/pg18-gzip");
	convert(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg17-zstd-pipe.dump",
		PGSCRUB_SOURCE_DIR "/fixtures/archives/dir/pg17-zstd");
	bad_toc_dat(PGSCRUB_SOURCE_DIR "/fixtures/archives/dir/pg18-lz4");
	return check_report("archive");
}
