/*
 * archive_tar.h — the members of a tar archive (pg_dump -Ft;
 * other-formats.md §3), read strictly in order and written in order.
 *
 * A tar archive is a directory archive in one stream: toc.dat (the same
 * TOC as a directory's, format 3; archive.h reads it straight from the
 * input, the reader only checks it used the member's bytes exactly), then
 * NNNN.dat for each data entry in TOC order, for each BLOBS entry its
 * blob_<oid>.dat members and its index (blobs.toc before archive 1.16,
 * blobs_<dumpId>.toc from 1.16), restore.sql, and two zero blocks.
 * Members are never compressed.
 *
 * Reading never seeks and holds no member in memory: a pipe will do.  Each
 * 512-byte header is checked (ustar magic, checksum, octal or base-256
 * size, a regular-file typeflag, a plain member name); a header or member
 * cut short, or a missing end, is PGS_EINPUT "truncated tar archive" —
 * never a wait for bytes that will not come (pg_restore 18 spins there).
 *
 * Writing: a member whose bytes do not change is written with its own
 * header, byte for byte; a new or changed member takes its header from the
 * input's (only the size and checksum change) or, converted from another
 * format, one built as pg_dump builds it (mode 0600, uid 2048, gid 1024,
 * postgres/postgres, ustar).  A member's size comes before its data, so a
 * rewritten member is spooled first (struct pgs_tar_spool: in memory up to
 * PGS_TAR_SPOOL_MEM, then in an unlinked file in $TMPDIR that disappears
 * with the process).
 */
#ifndef PGSCRUB_ARCHIVE_TAR_H
#define PGSCRUB_ARCHIVE_TAR_H

#include <stddef.h>
#include <stdint.h>
#include "pgscrub/buf.h"
#include "pgscrub/compress.h"
#include "pgscrub/error.h"
#include "pgscrub/io.h"

#define PGS_TAR_BLOCK 512
#define PGS_TAR_NAME_MAX 100
/* Rewritten members up to this size are spooled in memory. */
#define PGS_TAR_SPOOL_MEM ((size_t)4 << 20)

/* One member's header. */
struct pgs_tar_header {
	char name[PGS_TAR_NAME_MAX + 1];    /* NUL-terminated */
	uint64_t size;                      /* of its data */
	uint64_t mtime;
	unsigned char raw[PGS_TAR_BLOCK];   /* the block as read or built */
};

/*
 * Whether p (n bytes, the start of an input) is a tar archive: a 512-byte
 * block with a ustar magic (§1).  Whether it is pg_dump's (a valid header,
 * toc.dat first) is for the reader to say.
 */
int pgs_tar_detect(const unsigned char *p, size_t n);

/* pgs_tar_detect() on the first bytes of in (nothing consumed). */
int pgs_tar_detect_input(int *is_tar, struct pgs_input *in,
			 struct pgs_error *err);

/* Whether the block is all zero bytes (an end-of-archive block). */
int pgs_tar_block_is_zero(const unsigned char blk[PGS_TAR_BLOCK]);

/*
 * Parse a header block (not a zero block) read at byte at.  PGS_EINPUT,
 * naming the byte and, when it can be read, the member: a bad checksum, a
 * magic that is not ustar (POSIX, GNU or pre-9.3 pg_dump), a size that is
 * neither octal nor base-256 or above 2^62, a type other than a regular
 * file ('0' or NUL), a name that is empty, longer than 100 bytes, has a
 * '/' or starts with '.'.
 */
int pgs_tar_header_parse(struct pgs_tar_header *h,
			 const unsigned char blk[PGS_TAR_BLOCK], uint64_t at,
			 struct pgs_error *err);

/* Fill h->raw as pg_dump's tarCreateHeader() does (§3.2) and the fields
 * with name, size and mtime.  name is at most 100 bytes. */
void pgs_tar_header_build(struct pgs_tar_header *h, const char *name,
			  uint64_t size, uint64_t mtime);

/* Change h's size, in h->raw too (octal below 8 GiB, base-256 above),
 * and its checksum. */
void pgs_tar_header_set_size(struct pgs_tar_header *h, uint64_t size);

/* Bytes of padding after size bytes of data. */
static inline size_t pgs_tar_padding(uint64_t size)
{
	return (size_t)((PGS_TAR_BLOCK - size % PGS_TAR_BLOCK) % PGS_TAR_BLOCK);
}

/* Reading, member after member, from in (borrowed). */
struct pgs_tar_reader {
	struct pgs_input *in;
	struct pgs_tar_header cur;  /* the member last read by _next */
	uint64_t data_at;           /* absolute offset of its data */
	uint64_t left;              /* its data bytes not consumed yet */
	int pending;                /* cur was peeked by _next, not taken */
	int ended;                  /* the end blocks have been read */
};

void pgs_tar_reader_init(struct pgs_tar_reader *rd, struct pgs_input *in);

/*
 * Read the next member's header into rd->cur (the previous member must be
 * finished: streamed, skipped or _member_done).  *end is set, and rd->cur
 * emptied, at the two zero blocks that end the archive.  Input ending
 * inside a header or before the end blocks is "truncated tar archive".
 */
int pgs_tar_reader_next(struct pgs_tar_reader *rd, int *end,
			struct pgs_error *err);

/* _next, leaving the header to be taken again by the next _next (for the
 * end of a run of blob_ members). */
void pgs_tar_reader_unread(struct pgs_tar_reader *rd);

/* _next, which must find member name ("tar member 'X' where 'NAME' was
 * expected", "... ends where 'NAME' was expected"). */
int pgs_tar_reader_expect(struct pgs_tar_reader *rd, const char *name,
			  struct pgs_error *err);

/* Hand the current member's data (what is left of it) to sink in slices,
 * then skip its padding.  A short member is "truncated tar archive". */
int pgs_tar_reader_stream(struct pgs_tar_reader *rd, pgs_sink_fn sink,
			  void *ctx, struct pgs_error *err);

/* Skip the current member's data and padding. */
int pgs_tar_reader_skip(struct pgs_tar_reader *rd, struct pgs_error *err);

/*
 * The caller read the current member's data itself from rd->in (toc.dat,
 * through archive.h): check that it stopped exactly at the member's end
 * and skip the padding.
 */
int pgs_tar_reader_member_done(struct pgs_tar_reader *rd,
			       struct pgs_error *err);

/*
 * After the end blocks: anything left must be zero bytes (tar's own
 * padding to a record), at most 1 MiB of them; other bytes, or more
 * zeros (an input that may never end), are PGS_EINPUT.
 */
int pgs_tar_reader_finish(struct pgs_tar_reader *rd, struct pgs_error *err);

/*
 * The first member, toc.dat, read into a (archive.h; a->accept_toc_dat is
 * set) straight from rd->in, and checked to be format 3 with uncompressed
 * data and to end exactly where the member does.  rd->cur stays its
 * header.  Errors name the input and the member.
 */
struct pgs_archive;
int pgs_tar_read_toc(struct pgs_tar_reader *rd, struct pgs_archive *a,
		     struct pgs_error *err);

/* A member's data, spooled until its size is known. */
struct pgs_tar_spool {
	const char *tmpdir;         /* NULL: /tmp */
	const char *hint;           /* set after _init: the hint of an I/O
				       error, what is spooled and why; NULL:
				       a rewritten tar member's */
	struct pgs_buf mem;         /* up to PGS_TAR_SPOOL_MEM */
	int fd;                     /* the unlinked file past that, or -1 */
	uint64_t size;
};

void pgs_tar_spool_init(struct pgs_tar_spool *s, const char *tmpdir);
void pgs_tar_spool_release(struct pgs_tar_spool *s);
/* Empty it (the file, if any, is truncated and kept). */
int pgs_tar_spool_reset(struct pgs_tar_spool *s, struct pgs_error *err);
/* pgs_sink_fn, ctx a struct pgs_tar_spool.  PGS_EIO naming the directory
 * when the file cannot be made or written. */
int pgs_tar_spool_sink(void *s, const void *p, size_t n,
		       struct pgs_error *err);

/* Everything spooled, in order, to sink (the spool is left as it is). */
int pgs_tar_spool_drain(struct pgs_tar_spool *s, pgs_sink_fn sink, void *ctx,
			struct pgs_error *err);

/* Writing members in order to out (borrowed). */
struct pgs_tar_writer {
	struct pgs_output *out;
	uint64_t bytes;             /* written, headers and padding included */
};

void pgs_tar_writer_init(struct pgs_tar_writer *w, struct pgs_output *out);

/* A header, as it is. */
int pgs_tar_writer_header(struct pgs_tar_writer *w,
			  const struct pgs_tar_header *h, struct pgs_error *err);
/* pgs_sink_fn, ctx a struct pgs_tar_writer: member data. */
int pgs_tar_writer_sink(void *w, const void *p, size_t n,
			struct pgs_error *err);
/* The padding after size bytes of data. */
int pgs_tar_writer_pad(struct pgs_tar_writer *w, uint64_t size,
		       struct pgs_error *err);
/* A whole member from memory: h's size set to n, header, data, padding. */
int pgs_tar_writer_member(struct pgs_tar_writer *w, struct pgs_tar_header *h,
			  const void *p, size_t n, struct pgs_error *err);
/* The spooled member: h's size set to the spool's, header, data, padding. */
int pgs_tar_writer_spooled(struct pgs_tar_writer *w, struct pgs_tar_header *h,
			   struct pgs_tar_spool *s, struct pgs_error *err);
/* The two zero blocks that end the archive. */
int pgs_tar_writer_end(struct pgs_tar_writer *w, struct pgs_error *err);

#endif
