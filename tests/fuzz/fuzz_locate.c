/*
 * fuzz_locate.c — libFuzzer target for finding a custom archive's data
 * blocks before reading them (archive_custom.h: pgs_custom_reader_locate
 * and pgs_custom_reader_find_block_at, the first step of -j's "several
 * tables at once"): pg_dump's data offsets, each checked to lead to its
 * entry's block head, else the block heads walked by their chunk lengths.
 *
 * The input is taken as an archive in a memfd (seekable, as -j needs).
 * Its header and TOC are read as the pipeline reads them; then, as
 * xt_write_blocks does, the reader is asked to locate every entry that has
 * data, a second reader on an input of its own (pgs_input_dup, as a
 * worker's) reads each block found with _find_block_at, and the first
 * reads every block in TOC order and checks the end, as write_blocks does.
 * Any input must end in success or a clean error (not PGS_OK or
 * PGS_EINTERNAL, a message set): never a crash, a leak or a hang.  And:
 * - a block found must be the one asked for: its head's dumpId and type
 *   are its entry's, at the position located;
 * - a position the walk found (not one of pg_dump's offsets) is where a
 *   reader that finds the blocks one by one in TOC order, as -j 1 does,
 *   finds that block too: both walk the same heads.
 * The corpus's seed-* files are made by tables_seeds.py (offsets right,
 * wrong, past the end, into the TOC, not set; blocks out of order,
 * repeated, missing; junk between and after them).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pgscrub/archive.h"
#include "pgscrub/archive_custom.h"
#include "pgscrub/io.h"

/* A failure must be the input's fault and say why. */
static void check_clean(const char *what, const struct pgs_error *err)
{
	if (err->code == PGS_OK || err->code == PGS_EINTERNAL ||
	    err->msg[0] == '\0') {
		fprintf(stderr, "fuzz_locate: %s: error %d: %s\n", what,
			(int)err->code, err->msg);
		abort();
	}
}

static int entry_is_blobs(const struct pgs_toc_entry *te)
{
	return te->desc.p && strcmp(te->desc.p, "BLOBS") == 0;
}

/* The block's head at blk is entry idx's, at pos. */
static void check_block(const struct pgs_archive *a, size_t idx,
			uint64_t pos, const struct pgs_custom_block *blk)
{
	const struct pgs_toc_entry *te = &a->toc[idx];

	if (blk->idx != (long)idx || blk->id.v != te->dump_id ||
	    blk->pos != pos ||
	    blk->type != (entry_is_blobs(te) ? BLK_BLOBS : BLK_DATA)) {
		fprintf(stderr, "fuzz_locate: asked for TOC entry %d (position "
			"%zu) at byte %llu, got a block of type %u for dumpId "
			"%lld (position %ld) at byte %llu\n", te->dump_id, idx,
			(unsigned long long)pos, blk->type,
			(long long)blk->id.v, blk->idx,
			(unsigned long long)blk->pos);
		abort();
	}
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
 * Where a reader that finds the blocks one at a time in TOC order (no
 * locate: -j 1's way, from toc_end) finds each of want[0..nwant); 0
 * from the first that fails on.
 */
static void sequential(const char *path, const struct pgs_archive *a,
		       uint64_t toc_end, const size_t *want, size_t nwant,
		       uint64_t *pos)
{
	struct pgs_input in;
	struct pgs_custom_reader rd;
	struct pgs_custom_block blk;
	struct pgs_error err;
	size_t i;

	memset(pos, 0, nwant * sizeof(*pos));
	pgs_error_init(&err);
	if (pgs_input_open(&in, path, &err))
		return;
	pgs_custom_reader_init(&rd, &in, a);
	if (pgs_input_seek(&in, toc_end, &err) == 0 &&
	    pgs_custom_reader_open(&rd, &err) == 0)
		for (i = 0; i < nwant; i++) {
			if (pgs_custom_reader_find_block(&rd, want[i], &blk,
							 &err))
				break;
			pos[i] = blk.pos;
			if (skip_contents(&rd, &blk, &err))
				break;
			pgs_custom_reader_block_done(&rd, want[i]);
		}
	pgs_custom_reader_release(&rd);
	pgs_input_close(&in);
}

static void run(const char *path)
{
	struct pgs_archive a;
	struct pgs_input in, in2;
	struct pgs_custom_reader rd, rd2;
	struct pgs_custom_block blk;
	struct pgs_error err;
	size_t i, nwant = 0, *want = NULL;
	uint64_t toc_end = 0, *seq = NULL;

	pgs_error_init(&err);
	pgs_archive_init(&a);
	memset(&in2, 0, sizeof(in2));
	in2.fd = -1;
	if (pgs_input_open(&in, path, &err))
		return;
	pgs_custom_reader_init(&rd, &in, &a);
	pgs_custom_reader_init(&rd2, &in2, &a);
	if (pgs_archive_read_header(&a, &in, &err) ||
	    pgs_archive_read_toc(&a, &in, &err)) {
		check_clean("header and TOC", &err);
		goto out;
	}
	toc_end = pgs_input_tell(&in);
	want = calloc(a.ntoc + 1, sizeof(*want));
	seq = calloc(a.ntoc + 1, sizeof(*seq));
	if (!want || !seq)
		goto out;
	if (pgs_custom_reader_open(&rd, &err)) {
		check_clean("open", &err);
		goto out;
	}
	for (i = 0; i < a.ntoc; i++)
		if (a.toc[i].offset_flag != K_OFFSET_NO_DATA)
			want[nwant++] = i;
	if (pgs_custom_reader_locate(&rd, want, nwant, &err)) {
		check_clean("locate", &err);
		goto out;
	}

	/* A walked position is where the blocks read one by one are. */
	sequential(path, &a, toc_end, want, nwant, seq);
	for (i = 0; i < nwant; i++) {
		const struct pgs_toc_entry *te = &a.toc[want[i]];
		uint64_t p = rd.block_pos[want[i]];

		if (p && seq[i] && p != seq[i] &&
		    !(te->offset_flag == K_OFFSET_POS_SET && te->offset == p)) {
			fprintf(stderr, "fuzz_locate: TOC entry %d: located "
				"at byte %llu, found in TOC order at byte "
				"%llu\n", te->dump_id, (unsigned long long)p,
				(unsigned long long)seq[i]);
			abort();
		}
	}

	/* Each block found, read by a second reader as a worker reads it. */
	if (pgs_input_dup(&in2, &in, &err) ||
	    pgs_custom_reader_open(&rd2, &err)) {
		check_clean("second reader", &err);
		goto out;
	}
	for (i = 0; i < nwant; i++) {
		uint64_t p = rd.block_pos[want[i]];

		if (!p)
			continue;
		if (pgs_custom_reader_find_block_at(&rd2, want[i], p, &blk,
						    &err)) {
			check_clean("find_block_at", &err);
			goto out;
		}
		check_block(&a, want[i], p, &blk);
		if (skip_contents(&rd2, &blk, &err)) {
			check_clean("a located block's contents", &err);
			goto out;
		}
		pgs_custom_reader_block_done(&rd2, want[i]);
	}

	/* Every block in TOC order by the first reader, then the end. */
	for (i = 0; i < nwant; i++) {
		uint64_t p = rd.block_pos[want[i]];

		if (pgs_custom_reader_find_block(&rd, want[i], &blk, &err)) {
			check_clean("find_block", &err);
			goto out;
		}
		if (pgs_custom_reader_check_start(&rd, blk.pos, &err)) {
			check_clean("check_start", &err);
			goto out;
		}
		if (p)
			check_block(&a, want[i], p, &blk);
		if (skip_contents(&rd, &blk, &err)) {
			check_clean("a block's contents", &err);
			goto out;
		}
		pgs_custom_reader_block_done(&rd, want[i]);
	}
	if (pgs_custom_reader_end(&rd, &err))
		check_clean("end", &err);
out:
	pgs_custom_reader_release(&rd2);
	pgs_custom_reader_release(&rd);
	pgs_input_close(&in2);
	pgs_input_close(&in);
	pgs_archive_release(&a);
	free(want);
	free(seq);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd;

	fd = memfd_create("pgscrub-fuzz-locate", 0);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	run(path);
	close(fd);
	return 0;
}
