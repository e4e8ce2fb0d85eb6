/*
 * test_archive_custom.c — finding a custom archive's data blocks before
 * reading them (pgs_custom_reader_locate, _find_block_at: -j's tables at
 * once) against reading them one at a time in TOC order (-j 1).
 *
 * When pg_dump's offsets are taken, the blocks between them are not read
 * until their turn: bytes between two blocks that no offset leads to must
 * still fail the run at the end, as they fail -j 1's reading (which meets
 * them as a bad block head), also when a block was read by another reader.
 * A bad block met while the heads are walked is reported in its turn, as
 * -j 1 meets it: the blocks before it are read first (a table's error
 * there comes first, as with -j 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pgscrub/archive.h"
#include "pgscrub/archive_custom.h"
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
	if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* A memfd holding p[0..n), and its /proc path in path. */
static int memfile(const void *p, size_t n, char *path, size_t pathlen)
{
	int fd = memfd_create("pgscrub-test-custom", 0);

	if (fd < 0 || write(fd, p, n) != (ssize_t)n)
		return -1;
	snprintf(path, pathlen, "/proc/self/fd/%d", fd);
	return fd;
}

/*
 * The archive at path with junk bytes inserted before its second data
 * block (in file order) and every offset after it moved: the offsets
 * right, the blocks no longer end to end.  In *out (malloc'd).
 */
static int with_gap(const char *path, const void *junk, size_t njunk,
		    unsigned char **out, size_t *outlen)
{
	struct pgs_archive a;
	struct pgs_input in;
	struct pgs_error err;
	struct pgs_buf head;
	unsigned char *data;
	size_t len, i;
	uint64_t toc_end, first = UINT64_MAX, second = UINT64_MAX;
	int rc = -1;

	data = slurp(path, &len);
	if (!data)
		return -1;
	pgs_error_init(&err);
	pgs_archive_init(&a);
	pgs_buf_init(&head, (size_t)1 << 30);
	if (pgs_input_open(&in, path, &err) ||
	    pgs_archive_read_header(&a, &in, &err) ||
	    pgs_archive_read_toc(&a, &in, &err))
		goto out;
	toc_end = pgs_input_tell(&in);
	for (i = 0; i < a.ntoc; i++)
		if (a.toc[i].offset_flag == K_OFFSET_POS_SET &&
		    a.toc[i].offset < first)
			first = a.toc[i].offset;
	for (i = 0; i < a.ntoc; i++)
		if (a.toc[i].offset_flag == K_OFFSET_POS_SET &&
		    a.toc[i].offset > first && a.toc[i].offset < second)
			second = a.toc[i].offset;
	if (first != toc_end || second == UINT64_MAX)
		goto out;
	for (i = 0; i < a.ntoc; i++) {
		a.toc[i].out_offset_flag = a.toc[i].offset_flag;
		a.toc[i].out_offset = a.toc[i].offset +
			(a.toc[i].offset >= second ? njunk : 0);
	}
	if (pgs_archive_encode_header(&head, &a, a.hdr.compression,
				      a.hdr.level, &err) ||
	    pgs_archive_encode_toc(&head, &a, &err) || head.len != toc_end)
		goto out;
	*outlen = len + njunk;
	*out = malloc(*outlen);
	if (!*out)
		goto out;
	memcpy(*out, head.data, head.len);
	memcpy(*out + toc_end, data + toc_end, second - toc_end);
	memcpy(*out + second, junk, njunk);
	memcpy(*out + second + njunk, data + second, len - second);
	rc = 0;
out:
	pgs_input_close(&in);
	pgs_archive_release(&a);
	pgs_buf_release(&head);
	free(data);
	return rc;
}

/* Pass over the contents of the block whose head was just read. */
static int skip_contents(struct pgs_custom_reader *rd,
			 const struct pgs_custom_block *blk,
			 struct pgs_error *err)
{
	struct pgs_custom_int oid;

	if (blk->type == BLK_DATA)
		return pgs_custom_reader_skip_stream(rd, err);
	for (;;) {
		if (pgs_custom_reader_next_blob(rd, &oid, err))
			return -1;
		if (oid.v == 0)
			return 0;
		if (pgs_custom_reader_skip_stream(rd, err))
			return -1;
	}
}

/*
 * Read every block of the archive in p as the pipeline does: locate
 * first (locate: -j 2 and more), the second data entry's block by a
 * second reader when other_reader (a worker's), the rest in TOC order,
 * then the end.  0, or -1 with *err; *nread (when not NULL): the blocks
 * read whole.
 */
static int read_all(const unsigned char *p, size_t n, int locate,
		    int other_reader, size_t *nread, struct pgs_error *err)
{
	struct pgs_archive a;
	struct pgs_input in, in2;
	struct pgs_custom_reader rd, rd2;
	struct pgs_custom_block blk;
	char path[64];
	size_t i, nwant = 0, *want = NULL, other = SIZE_MAX;
	uint64_t other_end = 0;
	int fd, rc = -1;

	pgs_error_init(err);
	if (nread)
		*nread = 0;
	pgs_archive_init(&a);
	memset(&in2, 0, sizeof(in2));
	in2.fd = -1;
	fd = memfile(p, n, path, sizeof(path));
	if (fd < 0)
		return pgs_error_set(err, PGS_EIO, "no memfd");
	pgs_custom_reader_init(&rd, &in, &a);
	pgs_custom_reader_init(&rd2, &in2, &a);
	if (pgs_input_open(&in, path, err) ||
	    pgs_archive_read_header(&a, &in, err) ||
	    pgs_archive_read_toc(&a, &in, err) ||
	    pgs_custom_reader_open(&rd, err))
		goto out;
	want = calloc(a.ntoc + 1, sizeof(*want));
	if (!want)
		goto out;
	for (i = 0; i < a.ntoc; i++)
		if (a.toc[i].offset_flag != K_OFFSET_NO_DATA)
			want[nwant++] = i;
	if (locate && pgs_custom_reader_locate(&rd, want, nwant, err))
		goto out;
	if (locate && other_reader && nwant >= 2) {
		uint64_t pos;

		other = want[1];
		pos = rd.block_pos[other];
		if (pgs_input_dup(&in2, &in, err) ||
		    pgs_custom_reader_open(&rd2, err) ||
		    pgs_custom_reader_find_block_at(&rd2, other, pos, &blk, err) ||
		    skip_contents(&rd2, &blk, err))
			goto out;
		pgs_custom_reader_block_done(&rd2, other);
		other_end = pgs_input_tell(&in2);
	}
	/* In TOC order, each block's start checked before it is used, as
	 * pipeline.c's write_blocks does; the other reader's in its turn. */
	for (i = 0; i < nwant; i++) {
		if (want[i] == other) {
			if (pgs_custom_reader_check_start(&rd, rd.block_pos[other],
							  err))
				goto out;
			pgs_custom_reader_block_done_at(&rd, other, other_end);
			continue;
		}
		if (pgs_custom_reader_find_block(&rd, want[i], &blk, err) ||
		    pgs_custom_reader_check_start(&rd, blk.pos, err) ||
		    skip_contents(&rd, &blk, err))
			goto out;
		pgs_custom_reader_block_done(&rd, want[i]);
		if (nread)
			(*nread)++;
	}
	rc = pgs_custom_reader_end(&rd, err);
out:
	pgs_custom_reader_release(&rd2);
	pgs_custom_reader_release(&rd);
	pgs_input_close(&in2);
	pgs_input_close(&in);
	pgs_archive_release(&a);
	free(want);
	close(fd);
	return rc;
}

static void gap(const char *path)
{
	static const unsigned char junk[] = "\001\000\007\000\000\000junk";
	struct pgs_error err;
	unsigned char *orig, *gapped = NULL;
	size_t n, ng = 0;
	int how;

	orig = slurp(path, &n);
	CHECK(orig != NULL);
	CHECK(with_gap(path, junk, sizeof(junk) - 1, &gapped, &ng) == 0);
	if (!orig || !gapped) {
		free(orig);
		free(gapped);
		return;
	}
	/* The archive as pg_dump wrote it: read whole every way. */
	for (how = 0; how < 3; how++) {
		CHECK(read_all(orig, n, how > 0, how > 1, NULL, &err) == 0);
		if (err.code != PGS_OK)
			fprintf(stderr, "%s: %s\n", path, err.msg);
	}
	/* -j 1's way: the junk is met as a block head. */
	CHECK(read_all(gapped, ng, 0, 0, NULL, &err) != 0);
	CHECK(err.code == PGS_EINPUT);
	CHECK(strstr(err.msg, "dumpId 7, which is not in the TOC") != NULL);
	/* Located by the offsets, the blocks read by this reader or another:
	 * the block after the junk does not begin where the one before ended. */
	for (how = 1; how < 3; how++) {
		CHECK(read_all(gapped, ng, 1, how > 1, NULL, &err) != 0);
		CHECK(err.code == PGS_EINPUT);
		CHECK(strstr(err.msg, "no data offset in the TOC leads to bytes") != NULL);
		if (!strstr(err.msg, "no data offset in the TOC leads to bytes"))
			fprintf(stderr, "%s: %s\n", path, err.msg);
	}
	free(orig);
	free(gapped);
}

/*
 * The archive at path (blocks in TOC order, offsets not set) with the
 * first chunk length of its third block made negative.
 */
static unsigned char *bad_third_block(const char *path, size_t *len)
{
	struct pgs_archive a;
	struct pgs_input in;
	struct pgs_custom_reader rd;
	struct pgs_custom_block blk;
	struct pgs_error err;
	unsigned char *data = slurp(path, len);
	size_t i, k = 0;
	int ok = 0;

	if (!data)
		return NULL;
	pgs_error_init(&err);
	pgs_archive_init(&a);
	pgs_custom_reader_init(&rd, &in, &a);
	if (pgs_input_open(&in, path, &err) == 0 &&
	    pgs_archive_read_header(&a, &in, &err) == 0 &&
	    pgs_archive_read_toc(&a, &in, &err) == 0 &&
	    pgs_custom_reader_open(&rd, &err) == 0)
		for (i = 0; i < a.ntoc && !ok; i++) {
			if (a.toc[i].offset_flag == K_OFFSET_NO_DATA)
				continue;
			if (pgs_custom_reader_find_block(&rd, i, &blk, &err))
				break;
			if (++k == 3) {
				/* type, dumpId, then the chunk length's sign */
				data[blk.pos + 1 + 1 + a.hdr.intsize] = 1;
				ok = 1;
			} else if (skip_contents(&rd, &blk, &err)) {
				break;
			}
			pgs_custom_reader_block_done(&rd, i);
		}
	pgs_custom_reader_release(&rd);
	pgs_input_close(&in);
	pgs_archive_release(&a);
	if (!ok) {
		free(data);
		return NULL;
	}
	return data;
}

static void bad_block(const char *path)
{
	struct pgs_error e1, e2;
	unsigned char *data;
	size_t n = 0, read1 = 99, read2 = 99;

	data = bad_third_block(path, &n);
	CHECK(data != NULL);
	if (!data)
		return;
	/* -j 1's way: the first two blocks, then the third's bad length. */
	CHECK(read_all(data, n, 0, 0, &read1, &e1) != 0);
	CHECK(e1.code == PGS_EINPUT);
	CHECK(strstr(e1.msg, "invalid data chunk length") != NULL);
	CHECK(read1 == 2);
	/* Located first (the heads walked): the same, in the same turn. */
	CHECK(read_all(data, n, 1, 0, &read2, &e2) != 0);
	CHECK(e2.code == PGS_EINPUT);
	CHECK(strstr(e2.msg, "invalid data chunk length") != NULL);
	CHECK(read2 == 2);
	if (read2 != 2)
		fprintf(stderr, "%s: %zu blocks read: %s\n", path, read2, e2.msg);
	free(data);
}

int main(void)
{
	gap(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg17-gzip-file.dump");
	gap(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg15-none-file.dump");
	bad_block(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg17-gzip-pipe.dump");
	bad_block(PGSCRUB_SOURCE_DIR "/fixtures/archives/pg15-none-pipe.dump");
	return check_report("archive_custom");
}
