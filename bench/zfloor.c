/*
 * zfloor.c — the zlib floor of a pg_dump custom archive's table data.
 *
 *   zfloor [--table SCHEMA.TABLE] [--repeat N] [--level L] ARCHIVE
 *
 * Reads the header and TOC with the project's archive reader, then walks the
 * data blocks (archive-format.md §4.1: type byte, dumpId, Int-length chunks,
 * Int 0) and keeps in memory the compressed stream of every TABLE DATA block
 * (or only the named table's).  Then, timed and nothing else:
 *
 *   inflate: each stream with inflate() into memory (output kept);
 *   deflate: the same raw bytes with deflateInit(level) in one call, which is
 *            what pg_dump does per table (RFC 1950 stream, default window).
 *
 * The level is the archive's: the stored level Int for 1.12-1.14 archives
 * (-1 = Z_DEFAULT_COMPRESSION), Z_DEFAULT_COMPRESSION for 1.15+ where the
 * level is not stored.  --level overrides it.
 *
 * Reading the file is not timed.  With --repeat N each phase runs N times
 * and the best time of each phase is reported.
 *
 * Output: "key value" lines, one per figure, MB = 10^6 bytes:
 *   table, level, blocks, rows, bytes_compressed, bytes_raw,
 *   bytes_recompressed, inflate_s, deflate_s, inflate_mbps, deflate_mbps,
 *   floor_s, floor_mbps
 * where *_mbps = bytes_compressed / seconds (compressed archive bytes, the
 * same unit as "archive MB per second" for pgscrub), and floor_mbps =
 * bytes_compressed / (inflate_s + deflate_s).
 *
 * Exit status: 0 done, 1 unreadable or damaged archive, 2 usage or an
 * archive that is not gzip-compressed, 3 the table has no data block.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "pgscrub/archive.h"
#include "pgscrub/error.h"
#include "pgscrub/io.h"

struct block {
	int dump_id;
	unsigned char *comp;    /* the concatenated chunk payloads */
	size_t comp_len, comp_cap;
	unsigned char *raw;     /* inflated (kept for deflate) */
	size_t raw_len, raw_cap;
	uint64_t rows;
};

static void die(const char *what, const struct pgs_error *err)
{
	fprintf(stderr, "zfloor: error: %s%s%s\n", what,
		err ? ": " : "", err ? err->msg : "");
	if (err && err->hint[0])
		fprintf(stderr, "zfloor: hint: %s\n", err->hint);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		fprintf(stderr, "zfloor: error: out of memory (%zu bytes)\n", n);
		exit(1);
	}
	return q;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int64_t read_int(struct pgs_input *in, const struct pgs_archive *a)
{
	struct pgs_error err;
	int64_t v;

	pgs_error_init(&err);
	if (pgs_archive_read_int(in, a, &v, &err))
		die("reading data blocks", &err);
	return v;
}

/* Walk one list of Int-length chunks up to the Int 0; keep them in b or skip. */
static void read_chunks(struct pgs_input *in, const struct pgs_archive *a,
			struct block *b)
{
	struct pgs_error err;
	int64_t len;

	pgs_error_init(&err);
	while ((len = read_int(in, a)) != 0) {
		if (len < 0) {
			fprintf(stderr, "zfloor: error: negative chunk length %" PRId64
				" at byte %" PRIu64 "\n", len, pgs_input_tell(in));
			exit(1);
		}
		if (!b) {
			if (pgs_input_discard(in, (uint64_t)len, &err))
				die("skipping a data block", &err);
			continue;
		}
		if (b->comp_len + (size_t)len > b->comp_cap) {
			size_t cap = b->comp_cap ? b->comp_cap : (1u << 20);

			while (cap < b->comp_len + (size_t)len)
				cap *= 2;
			b->comp = xrealloc(b->comp, cap);
			b->comp_cap = cap;
		}
		if (pgs_input_read(in, b->comp + b->comp_len, (size_t)len, &err))
			die("reading a data block", &err);
		b->comp_len += (size_t)len;
	}
}

static int str_eq(const struct pgs_str *s, const char *lit)
{
	return s->p && strcmp(s->p, lit) == 0;
}

/* "schema.table" matches namespace and tag; a name without a dot, the tag. */
static int table_matches(const struct pgs_toc_entry *te, const char *want)
{
	const char *dot = strchr(want, '.');

	if (!dot)
		return str_eq(&te->tag, want);
	return te->namespace_.p && te->tag.p &&
	       strlen(te->namespace_.p) == (size_t)(dot - want) &&
	       strncmp(te->namespace_.p, want, (size_t)(dot - want)) == 0 &&
	       strcmp(te->tag.p, dot + 1) == 0;
}

/* Inflate one stream into b->raw (grown as needed); returns seconds. */
static double inflate_block(struct block *b)
{
	z_stream zs;
	int ret;
	double t0 = now();

	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK)
		die("inflateInit failed", NULL);
	if (!b->raw_cap) {
		b->raw_cap = b->comp_len * 4 + 4096;
		b->raw = xrealloc(NULL, b->raw_cap);
	}
	zs.next_in = b->comp;
	b->raw_len = 0;
	/* avail_in/avail_out are uInt: feed at most 1 GiB at a time. */
	for (;;) {
		size_t in_left = b->comp_len - (size_t)(zs.next_in - b->comp);

		if (b->raw_len == b->raw_cap) {
			b->raw_cap *= 2;
			b->raw = xrealloc(b->raw, b->raw_cap);
		}
		zs.avail_in = (uInt)(in_left > (1u << 30) ? (1u << 30) : in_left);
		zs.next_out = b->raw + b->raw_len;
		size_t out_room = b->raw_cap - b->raw_len;
		zs.avail_out = (uInt)(out_room > (1u << 30) ? (1u << 30) : out_room);
		ret = inflate(&zs, Z_NO_FLUSH);
		b->raw_len = (size_t)(zs.next_out - b->raw);
		if (ret == Z_STREAM_END)
			break;
		if (ret != Z_OK && ret != Z_BUF_ERROR) {
			fprintf(stderr, "zfloor: error: block %d: inflate: %s\n",
				b->dump_id, zs.msg ? zs.msg : "error");
			exit(1);
		}
		if (ret == Z_BUF_ERROR && zs.avail_out != 0) {
			fprintf(stderr, "zfloor: error: block %d: compressed data "
				"ends early\n", b->dump_id);
			exit(1);
		}
	}
	if ((size_t)(zs.next_in - b->comp) != b->comp_len) {
		fprintf(stderr, "zfloor: error: block %d: %zu bytes after the end "
			"of the zlib stream\n", b->dump_id,
			b->comp_len - (size_t)(zs.next_in - b->comp));
		exit(1);
	}
	inflateEnd(&zs);
	return now() - t0;
}

/* Deflate b->raw into out (sized by the caller); returns seconds. */
static double deflate_block(const struct block *b, int level,
			    unsigned char *out, size_t out_cap, size_t *out_len)
{
	z_stream zs;
	int ret;
	double t0 = now();

	memset(&zs, 0, sizeof(zs));
	if (deflateInit(&zs, level) != Z_OK)
		die("deflateInit failed", NULL);
	zs.next_in = b->raw;
	zs.next_out = out;
	for (;;) {
		size_t in_left = b->raw_len - (size_t)(zs.next_in - b->raw);
		size_t out_left = out_cap - (size_t)(zs.next_out - out);

		zs.avail_in = (uInt)(in_left > (1u << 30) ? (1u << 30) : in_left);
		zs.avail_out = (uInt)(out_left > (1u << 30) ? (1u << 30) : out_left);
		ret = deflate(&zs, in_left > (1u << 30) ? Z_NO_FLUSH : Z_FINISH);
		if (ret == Z_STREAM_END)
			break;
		if (ret != Z_OK && ret != Z_BUF_ERROR)
			die("deflate failed", NULL);
	}
	*out_len = (size_t)(zs.next_out - out);
	deflateEnd(&zs);
	return now() - t0;
}

static uint64_t count_rows(const struct block *b)
{
	uint64_t lf = 0;
	const unsigned char *p = b->raw, *end = b->raw + b->raw_len;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lf++;
		p++;
	}
	/* pg_dump ends every COPY stream with "\\.\n\n\n": three LFs not rows. */
	return lf >= 3 ? lf - 3 : 0;
}

static void usage(void)
{
	fputs("usage: zfloor [--table SCHEMA.TABLE] [--repeat N] [--level L] "
	      "ARCHIVE\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *path = NULL, *table = NULL;
	int repeat = 1, level_override = 0, level = 0, i;
	struct pgs_input in;
	struct pgs_archive a;
	struct pgs_error err;
	struct block *blocks = NULL;
	size_t nblocks = 0, k;
	uint64_t comp = 0, raw = 0, recomp = 0, rows = 0;
	double best_inf = -1, best_def = -1;
	unsigned char *out;
	size_t out_cap = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--table") == 0 && i + 1 < argc)
			table = argv[++i];
		else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else if (strcmp(argv[i], "--level") == 0 && i + 1 < argc) {
			level = atoi(argv[++i]);
			level_override = 1;
		} else if (argv[i][0] == '-' && argv[i][1])
			usage();
		else if (!path)
			path = argv[i];
		else
			usage();
	}
	if (!path || repeat < 1)
		usage();

	pgs_error_init(&err);
	pgs_archive_init(&a);
	if (pgs_input_open(&in, path, &err))
		die("opening the archive", &err);
	if (pgs_archive_read_header(&a, &in, &err))
		die("reading the header", &err);
	if (pgs_archive_read_toc(&a, &in, &err))
		die("reading the TOC", &err);
	if (a.hdr.compression != PGS_COMPRESS_GZIP) {
		fprintf(stderr, "zfloor: error: the archive's compression is %s; "
			"zfloor measures gzip (zlib) archives only\n",
			pgs_compression_name(a.hdr.compression));
		return 2;
	}
	if (!level_override)
		level = a.hdr.version < K_VERS_1_15 ? a.hdr.level
						    : Z_DEFAULT_COMPRESSION;
	if (level != Z_DEFAULT_COMPRESSION && (level < 0 || level > 9)) {
		fprintf(stderr, "zfloor: error: zlib level %d out of range\n", level);
		return 2;
	}

	/* Walk the data blocks in file order, keeping the wanted ones. */
	for (;;) {
		const unsigned char *p;
		size_t avail;
		int type;
		int64_t id;
		long idx;
		const struct pgs_toc_entry *te;
		struct block *b = NULL;

		if (pgs_input_peek(&in, &p, &avail, &err))
			die("reading data blocks", &err);
		if (avail == 0)
			break;
		type = p[0];
		pgs_input_skip(&in, 1);
		id = read_int(&in, &a);
		if (type == BLK_BLOBS) {
			/* OID, chunks, ... until OID 0 */
			while (read_int(&in, &a) != 0)
				read_chunks(&in, &a, NULL);
			continue;
		}
		if (type != BLK_DATA) {
			fprintf(stderr, "zfloor: error: unknown data block type %d "
				"at byte %" PRIu64 "\n", type, pgs_input_tell(&in));
			return 1;
		}
		idx = pgs_archive_find(&a, (int)id);
		te = idx >= 0 ? &a.toc[idx] : NULL;
		if (te && str_eq(&te->desc, "TABLE DATA") &&
		    (!table || table_matches(te, table))) {
			blocks = xrealloc(blocks, (nblocks + 1) * sizeof(*blocks));
			b = &blocks[nblocks++];
			memset(b, 0, sizeof(*b));
			b->dump_id = (int)id;
		}
		read_chunks(&in, &a, b);
		if (b)
			comp += b->comp_len;
	}
	pgs_input_close(&in);
	if (nblocks == 0) {
		fprintf(stderr, "zfloor: error: no TABLE DATA block%s%s\n",
			table ? " for " : "", table ? table : "");
		return 3;
	}

	for (i = 0; i < repeat; i++) {
		double t = 0;

		for (k = 0; k < nblocks; k++)
			t += inflate_block(&blocks[k]);
		if (best_inf < 0 || t < best_inf)
			best_inf = t;
	}
	for (k = 0; k < nblocks; k++) {
		size_t bound = deflateBound(NULL, (uLong)blocks[k].raw_len) + 4096;

		raw += blocks[k].raw_len;
		blocks[k].rows = count_rows(&blocks[k]);
		rows += blocks[k].rows;
		if (bound > out_cap)
			out_cap = bound;
	}
	out = xrealloc(NULL, out_cap);
	/* Touch the output buffer once so page faults are not timed. */
	memset(out, 0, out_cap);
	for (i = 0; i < repeat; i++) {
		double t = 0;

		recomp = 0;
		for (k = 0; k < nblocks; k++) {
			size_t n;

			t += deflate_block(&blocks[k], level, out, out_cap, &n);
			recomp += n;
		}
		if (best_def < 0 || t < best_def)
			best_def = t;
	}

	printf("table %s\n", table ? table : "*");
	printf("level %d\n", level);
	printf("blocks %zu\n", nblocks);
	printf("rows %" PRIu64 "\n", rows);
	printf("bytes_compressed %" PRIu64 "\n", comp);
	printf("bytes_raw %" PRIu64 "\n", raw);
	printf("bytes_recompressed %" PRIu64 "\n", recomp);
	printf("inflate_s %.6f\n", best_inf);
	printf("deflate_s %.6f\n", best_def);
	printf("inflate_mbps %.2f\n", (double)comp / 1e6 / best_inf);
	printf("deflate_mbps %.2f\n", (double)comp / 1e6 / best_def);
	printf("floor_s %.6f\n", best_inf + best_def);
	printf("floor_mbps %.2f\n", (double)comp / 1e6 / (best_inf + best_def));

	for (k = 0; k < nblocks; k++) {
		free(blocks[k].comp);
		free(blocks[k].raw);
	}
	free(blocks);
	free(out);
	pgs_archive_release(&a);
	return 0;
}
