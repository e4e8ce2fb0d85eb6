/*
 * archive_custom.h — the data blocks of a custom-format archive, read and
 * written (archive-format.md §4; pg_backup_custom.c _ReadBuf/_WriteData,
 * _readBlockHeader, _skipData, _LoadLOs, and its seek-or-scan for a block
 * in _PrintTocData).  archive.h reads the header and TOC before them.
 *
 * A data block belongs to one TOC entry: a block head (type, dumpId) and
 * then, for BLK_DATA, one stream; for BLK_BLOBS, { OID, stream }* OID 0.
 * A stream is one compressed stream cut into chunks: { Int length,
 * payload }* Int 0.  The reader hands out streams as their payload bytes
 * (still compressed); the writer makes chunks of what an encoder produces.
 * Callers think in blocks of a TOC entry and in streams; only this module
 * knows chunks and positions, so other formats (directory, tar) can offer
 * the same verbs.
 *
 * The reader and the writer are separate, so that the reader can go on
 * with the input on one thread while the writer's chunks are filled on
 * another (compress_pool.h): nothing here is shared between them, and
 * neither locks anything.
 */
#ifndef PGSCRUB_ARCHIVE_CUSTOM_H
#define PGSCRUB_ARCHIVE_CUSTOM_H

#include <stddef.h>
#include <stdint.h>
#include "pgscrub/archive.h"
#include "pgscrub/buf.h"
#include "pgscrub/compress.h"
#include "pgscrub/error.h"
#include "pgscrub/io.h"

/* The writer's chunks are at most this long. */
#define PGS_CHUNK_MAX (128u << 10)

/* An Int as read, with its bytes, so that it can be copied byte for byte. */
struct pgs_custom_int {
	int64_t v;
	unsigned char raw[9];       /* sign byte and intsize magnitude bytes */
	unsigned len;               /* 1 + intsize */
};

/* The head of a data block. */
struct pgs_custom_block {
	uint64_t pos;               /* input offset of the block */
	unsigned char type;         /* BLK_DATA or BLK_BLOBS */
	struct pgs_custom_int id;   /* the dumpId */
	long idx;                   /* its TOC entry's position in a->toc */
};

/*
 * Reads data blocks from in, in whatever order it is asked for them.  On
 * a pipe they must come in that order; from a seekable file, blocks met
 * before their turn are remembered by position (after a skip) and read
 * when their turn comes, as pg_restore does.
 *
 * Owns its position index (allocated by _open, freed by _release);
 * borrows in and a, which must outlive it; a's TOC must not change
 * (dumpIds, offset flags, desc) after _open.
 */
struct pgs_custom_reader {
	struct pgs_input *in;               /* borrowed */
	const struct pgs_archive *a;        /* borrowed */

	/* Set by the caller before _open, all optional (NULL). */
	/* The TOC entry's name in messages, "TOC entry 3120 (TABLE DATA
	 * public.users)"; pgs_archive_entry_label()'s when NULL. */
	const char *(*label)(void *ctx, size_t idx);
	/* Called whenever reading a stream passes another MiB of input. */
	void (*progress)(void *ctx);
	void *ctx;
	/* Blocks may be read again (the closure's passes, subset.h): found
	 * blocks are remembered by position and never "done". */
	int reread;

	/* The reader's own. */
	uint64_t next_progress;     /* input offset of the next progress call */
	uint64_t *block_pos;        /* per TOC position: 0 = not seen yet */
	unsigned char *block_done;  /* per TOC position */
	uint64_t scan_end;          /* input offset up to which blocks are known */
	int by_offsets;             /* _locate took pg_dump's offsets */
	uint64_t next_start;        /* by_offsets: where the next block in TOC
				       order must begin (the last one's end) */
	uint64_t prev_start;        /* by_offsets: the last block's start, */
	size_t prev_idx;            /* and entry (SIZE_MAX: none yet) */
	int *sorted_ids;            /* dumpIds of the data entries, sorted, */
	size_t *sorted_idx;         /* with their TOC positions */
	size_t nsorted;
	char label_buf[256];        /* for the default label */
};

/* Zero rd and borrow in and a.  Allocates nothing. */
void pgs_custom_reader_init(struct pgs_custom_reader *rd,
			    struct pgs_input *in, const struct pgs_archive *a);

/*
 * Get ready to read the blocks: the input is just past the TOC.  Builds
 * the dumpId index (PGS_ENOMEM).
 */
int pgs_custom_reader_open(struct pgs_custom_reader *rd,
			   struct pgs_error *err);

/*
 * Position the input at the block of TOC entry idx (which has data) and
 * read its head into *blk; the block's contents follow.  PGS_EINPUT when
 * the archive ends first, for a block of a dumpId that has no data or is
 * not in the TOC, an unknown block type, a type that does not fit the
 * entry (BLK_BLOBS for a "BLOBS" entry, BLK_DATA otherwise), a second
 * block for an entry, and, on a pipe, a block that comes before its turn
 * (with a hint to use a file).
 */
int pgs_custom_reader_find_block(struct pgs_custom_reader *rd, size_t idx,
				 struct pgs_custom_block *blk,
				 struct pgs_error *err);

/*
 * Seekable input only: find where the blocks of the entries want[0..nwant)
 * are, before reading any of them, so that other readers can read them at
 * once (pgs_custom_reader_find_block_at) while this one reads the rest;
 * afterwards _find_block seeks straight to each, and _end checks what
 * follows the last one.  pg_dump's offsets when every wanted entry has one,
 * they rise in TOC order (as pg_dump writes the blocks) and each leads to
 * a head of its own block; else the block heads are
 * walked from where the scan stopped, reading chunk lengths and skipping
 * payload, until every wanted block is met (one that never is is reported
 * later by _find_block, as without this).  A bad block met on the way
 * (PGS_EINPUT) ends the search there, the blocks before it located, and
 * is reported by _find_block in its turn, as without this, so that an
 * error in a block before it comes first; an error reading the input is
 * returned.  Moves the input.
 * With the offsets, what lies between the blocks is not read: the caller
 * checks each block's start with _check_start before using it.
 */
int pgs_custom_reader_locate(struct pgs_custom_reader *rd, const size_t *want,
			     size_t nwant, struct pgs_error *err);

/*
 * _find_block with the block's position known (block_pos[idx] of a reader
 * that located it): for a second reader, opened on an input of its own
 * (pgs_input_dup), that reads just that block.
 */
int pgs_custom_reader_find_block_at(struct pgs_custom_reader *rd, size_t idx,
				    uint64_t pos, struct pgs_custom_block *blk,
				    struct pgs_error *err);

/* The block of entry idx has been read to its end. */
void pgs_custom_reader_block_done(struct pgs_custom_reader *rd, size_t idx);

/*
 * The block of entry idx, located by rd, has been read to its end, at
 * input offset end, by another reader (_find_block_at on an input of its
 * own).
 */
void pgs_custom_reader_block_done_at(struct pgs_custom_reader *rd,
				     size_t idx, uint64_t end);

/*
 * Before any byte of the next block in TOC order, found at pos, is used or
 * written: after _locate took pg_dump's offsets, the block must begin
 * where the one before it in TOC order ended (the first where the TOC
 * ends), as a reader reading block after block finds it; an offset into
 * another block, or past bytes no offset leads to, is PGS_EINPUT (the
 * caller names the entry).  Blocks are taken in TOC order (_block_done
 * or _block_done_at of each before the next is checked).  Without the
 * offsets, 0.
 */
int pgs_custom_reader_check_start(struct pgs_custom_reader *rd, uint64_t pos,
				  struct pgs_error *err);

/*
 * After the last block: PGS_EINPUT, with a hint, when anything follows
 * the blocks met so far.
 */
int pgs_custom_reader_end(struct pgs_custom_reader *rd,
			  struct pgs_error *err);

/*
 * Hand the payload of the next stream, up to its end, to sink, straight
 * from the input buffer: each piece is valid only during the sink call.
 * PGS_EINPUT on a bad chunk length or an early end of input; a sink's
 * error is passed up unchanged.
 */
int pgs_custom_reader_stream(struct pgs_custom_reader *rd, pgs_sink_fn sink,
			     void *ctx, struct pgs_error *err);

/* Pass over the next stream without reading its payload (seeking on a
 * file). */
int pgs_custom_reader_skip_stream(struct pgs_custom_reader *rd,
				  struct pgs_error *err);

/*
 * In a BLK_BLOBS block: read the next large object's OID into *oid; its
 * stream follows.  oid->v == 0 is the end of the block (nothing follows).
 * PGS_EINPUT for an OID outside 1..4294967295.
 */
int pgs_custom_reader_next_blob(struct pgs_custom_reader *rd,
				struct pgs_custom_int *oid,
				struct pgs_error *err);

/* Free the index; rd is as after _init. */
void pgs_custom_reader_release(struct pgs_custom_reader *rd);

/*
 * Writes data blocks to out, or to sink when set (a spool: a block
 * written ahead of its turn on another thread).  Owns its chunk buffer (at most
 * PGS_CHUNK_MAX bytes, reset after each chunk) and a scratch buffer for
 * one Int; borrows out and a (for the Int size), which must outlive it.
 * Every write goes to out at once, except the partial chunk that
 * pgs_custom_writer_end_stream() writes.
 */
struct pgs_custom_writer {
	struct pgs_output *out;     /* borrowed */
	const struct pgs_archive *a;        /* borrowed */
	pgs_sink_fn sink;           /* set after _init: every byte goes here
				       instead of out */
	void *sink_ctx;
	struct pgs_buf chunk;       /* encoder output waiting to become a chunk */
	struct pgs_buf scratch;     /* one encoded Int */
};

/* Borrow out and a.  Allocates nothing. */
void pgs_custom_writer_init(struct pgs_custom_writer *w,
			    struct pgs_output *out,
			    const struct pgs_archive *a);

/* Write a block head (or an OID) as it was read, byte for byte. */
int pgs_custom_writer_block_head(struct pgs_custom_writer *w,
				 const struct pgs_custom_block *blk,
				 struct pgs_error *err);
int pgs_custom_writer_int(struct pgs_custom_writer *w,
			  const struct pgs_custom_int *v,
			  struct pgs_error *err);

/*
 * pgs_sink_fn, ctx a struct pgs_custom_writer: encoder output into chunks
 * of PGS_CHUNK_MAX bytes, each written when full.  Never an empty chunk
 * (a zero length ends a stream).
 */
int pgs_custom_writer_chunk_sink(void *w, const void *p, size_t n,
				 struct pgs_error *err);

/* End the stream: the partial chunk, if any, then the zero length. */
int pgs_custom_writer_end_stream(struct pgs_custom_writer *w,
				 struct pgs_error *err);

/* Free the buffers; w is as after _init. */
void pgs_custom_writer_release(struct pgs_custom_writer *w);

/*
 * Copy the next stream from rd to w byte for byte (chunk lengths, payload,
 * the zero length), without decompressing it.
 */
int pgs_custom_copy_stream(struct pgs_custom_reader *rd,
			   struct pgs_custom_writer *w, struct pgs_error *err);

#endif
