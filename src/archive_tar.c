/*
 * archive_tar.c — tar archives (pg_dump -Ft; other-formats.md §3): member
 * headers parsed and built as pg_dump's src/port/tar.c does
 * (tarCreateHeader, print_tar_number, read_tar_number, tarChecksum),
 * members read strictly in order from a file or a pipe, rewritten members
 * spooled until their size is known, and written in order.
 *
 * pg_restore's own reader (pg_backup_tar.c) never notices an archive cut
 * inside a member and loops forever; here every read that comes up short
 * is "truncated tar archive" with the byte and the member.
 */
#include "pgscrub/archive_tar.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pgscrub/archive.h"

/* Header field offsets and lengths (POSIX ustar, pgtar.h). */
#define T_NAME 0
#define T_MODE 100
#define T_UID 108
#define T_GID 116
#define T_SIZE 124
#define T_MTIME 136
#define T_CHKSUM 148
#define T_TYPE 156
#define T_LINK 157
#define T_MAGIC 257
#define T_UNAME 265
#define T_GNAME 297
#define T_DEVMAJOR 329
#define T_DEVMINOR 337
#define T_PREFIX 345

static const char hint_cut[] = "the archive is cut short: check that pg_dump "
			       "finished and the file was copied whole";

/* ---- header fields ------------------------------------------------------ */

/* print_tar_number(): octal digits and a trailing space when the value
 * fits, else base-256 behind a 0x80 byte. */
static void put_number(unsigned char *s, size_t len, uint64_t val)
{
	if (val < ((uint64_t)1 << ((len - 1) * 3))) {
		s[--len] = ' ';
		while (len) {
			s[--len] = (unsigned char)('0' + (val & 7));
			val >>= 3;
		}
	} else {
		s[0] = 0x80;
		while (len > 1) {
			s[--len] = (unsigned char)(val & 255);
			val >>= 8;
		}
	}
}

/*
 * A numeric field: octal digits, then only spaces and NULs (pg_dump ends
 * with a space, GNU tar with a NUL); or base-256 behind 0x80.  -1 when it
 * is neither or the value is 2^62 or more.  No leading spaces: pg_restore's
 * read_tar_number() stops at the first byte that is not a digit, so it
 * would read " 0000000144 " as 0 and take the member's data for headers.
 */
static int get_number(uint64_t *val, const unsigned char *s, size_t len)
{
	size_t i = 0;
	int digits = 0;

	*val = 0;
	if (s[0] == 0x80) {
		for (i = 1; i < len; i++) {
			if (*val >> 54)
				return -1;
			*val = (*val << 8) | s[i];
		}
		return 0;
	}
	for (; i < len && s[i] >= '0' && s[i] <= '7'; i++, digits++) {
		if (*val >> 58)
			return -1;
		*val = (*val << 3) | (uint64_t)(s[i] - '0');
	}
	for (; i < len; i++)
		if (s[i] != ' ' && s[i] != '\0')
			return -1;
	return digits ? 0 : -1;
}

/* tarChecksum(): the unsigned byte sum, the checksum field as spaces. */
static uint64_t checksum(const unsigned char *h)
{
	uint64_t sum = 8 * ' ';
	size_t i;

	for (i = 0; i < PGS_TAR_BLOCK; i++)
		if (i < T_CHKSUM || i >= T_CHKSUM + 8)
			sum += h[i];
	return sum;
}

int pgs_tar_detect_input(int *is_tar, struct pgs_input *in,
			 struct pgs_error *err)
{
	const unsigned char *p;
	size_t avail;

	*is_tar = 0;
	if (pgs_input_peek_n(in, PGS_TAR_BLOCK, &p, &avail, err))
		return -1;
	*is_tar = pgs_tar_detect(p, avail);
	return 0;
}

int pgs_tar_block_is_zero(const unsigned char blk[PGS_TAR_BLOCK])
{
	size_t i;

	for (i = 0; i < PGS_TAR_BLOCK; i++)
		if (blk[i])
			return 0;
	return 1;
}

/* POSIX "ustar\0" "00", GNU "ustar  \0", pre-9.3 pg_dump "ustar00\0". */
static int magic_ok(const unsigned char *h)
{
	return memcmp(h + T_MAGIC, "ustar\0" "00", 8) == 0 ||
	       memcmp(h + T_MAGIC, "ustar  \0", 8) == 0 ||
	       memcmp(h + T_MAGIC, "ustar00\0", 8) == 0;
}

int pgs_tar_detect(const unsigned char *p, size_t n)
{
	/* The magic alone: a damaged header is then reported by the tar
	 * reader, naming what is wrong with it.  An input too short for the
	 * magic is a tar when it starts with toc.dat's name, so that the
	 * reader says it was cut. */
	if (n >= T_MAGIC + 8)
		return magic_ok(p);
	return n >= 8 && memcmp(p, "toc.dat\0", 8) == 0;
}

int pgs_tar_header_parse(struct pgs_tar_header *h,
			 const unsigned char blk[PGS_TAR_BLOCK], uint64_t at,
			 struct pgs_error *err)
{
	char ex[PGS_EXCERPT_SIZE(PGS_TAR_NAME_MAX)];
	size_t nlen;
	uint64_t sum;
	unsigned char copy[PGS_TAR_BLOCK];

	memcpy(copy, blk, PGS_TAR_BLOCK);    /* blk may be h->raw */
	blk = copy;
	memset(h, 0, sizeof(*h));
	memcpy(h->raw, blk, PGS_TAR_BLOCK);
	nlen = strnlen((const char *)blk + T_NAME, PGS_TAR_NAME_MAX);
	memcpy(h->name, blk + T_NAME, nlen);
	h->name[nlen] = '\0';
	pgs_excerpt(ex, h->name, nlen, PGS_TAR_NAME_MAX);
	if (!magic_ok(blk)) {
		pgs_error_set(err, PGS_EINPUT, "no tar header at byte %" PRIu64
			      " (no ustar magic)", at);
		return pgs_error_hint(err, "the archive is damaged: make it "
				      "again with pg_dump -Ft");
	}
	if (get_number(&sum, blk + T_CHKSUM, 8) || sum != checksum(blk)) {
		pgs_error_set(err, PGS_EINPUT, "tar header of member '%s' at byte "
			      "%" PRIu64 " has a bad checksum", ex, at);
		return pgs_error_hint(err, "the archive is damaged: make it "
				      "again with pg_dump -Ft");
	}
	if (blk[T_TYPE] != '0' && blk[T_TYPE] != '\0') {
		char t[PGS_EXCERPT_SIZE(1)];

		pgs_excerpt(t, (const char *)blk + T_TYPE, 1, 1);
		pgs_error_set(err, PGS_EINPUT, "tar member '%s' at byte %" PRIu64
			      " is not a regular file (type '%s')", ex, at, t);
		return pgs_error_hint(err, "pg_dump -Ft writes regular files "
				      "only; give pgscrub the archive pg_dump "
				      "wrote, not one repacked by another tool");
	}
	if (nlen == 0 || h->name[0] == '.' || strchr(h->name, '/') ||
	    blk[T_PREFIX] != '\0')
		return pgs_error_set(err, PGS_EINPUT, "tar member '%s' at byte "
				     "%" PRIu64 " has a name pg_dump does not "
				     "write (empty, a path or hidden)", ex, at);
	if (get_number(&h->size, blk + T_SIZE, 12) ||
	    h->size >= ((uint64_t)1 << 62))
		return pgs_error_set(err, PGS_EINPUT, "tar member '%s' at byte "
				     "%" PRIu64 " has an unreadable size field",
				     ex, at);
	if (get_number(&h->mtime, blk + T_MTIME, 12))
		h->mtime = 0;
	return 0;
}

void pgs_tar_header_build(struct pgs_tar_header *h, const char *name,
			  uint64_t size, uint64_t mtime)
{
	unsigned char *r = h->raw;
	size_t nlen = strlen(name);

	if (nlen > PGS_TAR_NAME_MAX)
		nlen = PGS_TAR_NAME_MAX;
	memset(h, 0, sizeof(*h));
	memcpy(h->name, name, nlen);
	h->size = size;
	h->mtime = mtime;
	memcpy(r + T_NAME, name, nlen);
	put_number(r + T_MODE, 8, 0600);
	/* pg_dump's fixed ids (tarCreateHeader's callers pass 04000/02000) */
	put_number(r + T_UID, 8, 04000);
	put_number(r + T_GID, 8, 02000);
	put_number(r + T_SIZE, 12, size);
	put_number(r + T_MTIME, 12, mtime);
	r[T_TYPE] = '0';
	memcpy(r + T_MAGIC, "ustar\0" "00", 8);
	memcpy(r + T_UNAME, "postgres", 8);
	memcpy(r + T_GNAME, "postgres", 8);
	put_number(r + T_DEVMAJOR, 8, 0);
	put_number(r + T_DEVMINOR, 8, 0);
	put_number(r + T_CHKSUM, 8, checksum(r));
}

void pgs_tar_header_set_size(struct pgs_tar_header *h, uint64_t size)
{
	h->size = size;
	put_number(h->raw + T_SIZE, 12, size);
	put_number(h->raw + T_CHKSUM, 8, checksum(h->raw));
}

/* ---- reading ------------------------------------------------------------ */

void pgs_tar_reader_init(struct pgs_tar_reader *rd, struct pgs_input *in)
{
	memset(rd, 0, sizeof(*rd));
	rd->in = in;
}

static int truncated(struct pgs_tar_reader *rd, const char *what,
		     struct pgs_error *err)
{
	pgs_error_set(err, PGS_EINPUT, "truncated tar archive: it ends at byte "
		      "%" PRIu64 " %s", pgs_input_tell(rd->in), what);
	return pgs_error_hint(err, "%s", hint_cut);
}

int pgs_tar_reader_next(struct pgs_tar_reader *rd, int *end,
			struct pgs_error *err)
{
	const unsigned char *p;
	size_t avail;
	uint64_t at;

	*end = 0;
	if (rd->pending) {
		/* the header (or the end) met last time, again */
		rd->pending = 0;
		*end = rd->ended;
		return 0;
	}
	if (rd->ended) {
		*end = 1;
		return 0;
	}
	if (pgs_input_peek_n(rd->in, PGS_TAR_BLOCK, &p, &avail, err))
		return -1;
	if (avail == 0)
		return truncated(rd, "without its two end blocks", err);
	at = pgs_input_tell(rd->in);
	if (avail < PGS_TAR_BLOCK) {
		char what[80];

		pgs_input_skip(rd->in, avail);
		snprintf(what, sizeof(what), "inside the member header at byte "
			 "%" PRIu64, at);
		return truncated(rd, what, err);
	}
	if (pgs_tar_block_is_zero(p)) {
		pgs_input_skip(rd->in, PGS_TAR_BLOCK);
		if (pgs_input_peek_n(rd->in, PGS_TAR_BLOCK, &p, &avail, err))
			return -1;
		if (avail < PGS_TAR_BLOCK) {
			pgs_input_skip(rd->in, avail);
			return truncated(rd, "after one end block of two", err);
		}
		if (!pgs_tar_block_is_zero(p)) {
			pgs_error_set(err, PGS_EINPUT, "tar archive has an empty "
				      "block at byte %" PRIu64 " followed by "
				      "more members", at);
			return pgs_error_hint(err, "the archive is damaged: make "
					      "it again with pg_dump -Ft");
		}
		pgs_input_skip(rd->in, PGS_TAR_BLOCK);
		memset(&rd->cur, 0, sizeof(rd->cur));
		rd->ended = 1;
		rd->left = 0;
		*end = 1;
		return 0;
	}
	if (pgs_tar_header_parse(&rd->cur, p, at, err))
		return -1;
	pgs_input_skip(rd->in, PGS_TAR_BLOCK);
	rd->data_at = at + PGS_TAR_BLOCK;
	rd->left = rd->cur.size;
	return 0;
}

void pgs_tar_reader_unread(struct pgs_tar_reader *rd)
{
	rd->pending = 1;
}

int pgs_tar_reader_expect(struct pgs_tar_reader *rd, const char *name,
			  struct pgs_error *err)
{
	char ex[PGS_EXCERPT_SIZE(PGS_TAR_NAME_MAX)];
	int end;

	if (pgs_tar_reader_next(rd, &end, err))
		return -1;
	if (end) {
		pgs_error_set(err, PGS_EINPUT, "tar archive ends where member "
			      "'%s' was expected", name);
		return pgs_error_hint(err, "pg_dump -Ft writes every data member "
				      "its TOC names; the archive is damaged");
	}
	if (strcmp(rd->cur.name, name) != 0) {
		pgs_excerpt(ex, rd->cur.name, strlen(rd->cur.name),
			    PGS_TAR_NAME_MAX);
		pgs_error_set(err, PGS_EINPUT, "tar member '%s' at byte %" PRIu64
			      " where '%s' was expected", ex,
			      rd->data_at - PGS_TAR_BLOCK, name);
		return pgs_error_hint(err, "pg_dump -Ft writes toc.dat, the "
				      "data members in TOC order, then "
				      "restore.sql: this archive was changed "
				      "or put together by another tool");
	}
	return 0;
}

static int skip_padding(struct pgs_tar_reader *rd, struct pgs_error *err)
{
	size_t n = pgs_tar_padding(rd->cur.size);
	const unsigned char *p;
	size_t avail;

	if (!n)
		return 0;
	if (pgs_input_peek_n(rd->in, n, &p, &avail, err))
		return -1;
	if (avail < n) {
		pgs_input_skip(rd->in, avail);
		return truncated(rd, "inside the padding of a member", err);
	}
	pgs_input_skip(rd->in, n);
	return 0;
}

static int short_member(struct pgs_tar_reader *rd, struct pgs_error *err)
{
	char ex[PGS_EXCERPT_SIZE(PGS_TAR_NAME_MAX)];
	char what[PGS_EXCERPT_SIZE(PGS_TAR_NAME_MAX) + 80];

	pgs_excerpt(ex, rd->cur.name, strlen(rd->cur.name), PGS_TAR_NAME_MAX);
	snprintf(what, sizeof(what), "inside member '%s' (%" PRIu64 " of its "
		 "%" PRIu64 " bytes missing)", ex, rd->left, rd->cur.size);
	return truncated(rd, what, err);
}

int pgs_tar_reader_stream(struct pgs_tar_reader *rd, pgs_sink_fn sink,
			  void *ctx, struct pgs_error *err)
{
	const unsigned char *p;
	size_t avail;

	while (rd->left) {
		if (pgs_input_peek(rd->in, &p, &avail, err))
			return -1;
		if (avail == 0)
			return short_member(rd, err);
		if (avail > rd->left)
			avail = (size_t)rd->left;
		if (sink(ctx, p, avail, err))
			return -1;
		pgs_input_skip(rd->in, avail);
		rd->left -= avail;
	}
	return skip_padding(rd, err);
}

static int discard(void *ctx, const void *p, size_t n, struct pgs_error *err)
{
	(void)ctx;
	(void)p;
	(void)n;
	(void)err;
	return 0;
}

int pgs_tar_reader_skip(struct pgs_tar_reader *rd, struct pgs_error *err)
{
	return pgs_tar_reader_stream(rd, discard, NULL, err);
}

int pgs_tar_reader_member_done(struct pgs_tar_reader *rd,
			       struct pgs_error *err)
{
	uint64_t used = pgs_input_tell(rd->in) - rd->data_at;
	char ex[PGS_EXCERPT_SIZE(PGS_TAR_NAME_MAX)];

	pgs_excerpt(ex, rd->cur.name, strlen(rd->cur.name), PGS_TAR_NAME_MAX);
	if (used != rd->cur.size) {
		pgs_error_set(err, PGS_EINPUT, "tar member '%s' holds %" PRIu64
			      " bytes but its content ends after %" PRIu64,
			      ex, rd->cur.size, used);
		return pgs_error_hint(err, "the archive is damaged: make it "
				      "again with pg_dump -Ft");
	}
	rd->left = 0;
	return skip_padding(rd, err);
}

/* Zero bytes accepted after the end blocks: a tar tool's padding to its
 * record (10240 bytes by default; GNU tar -b 2048 makes 1 MiB records).
 * More is not an archive's end but an input that may never end
 * (cat x.tar /dev/zero). */
#define TRAILING_ZEROS_MAX ((uint64_t)1 << 20)

int pgs_tar_reader_finish(struct pgs_tar_reader *rd, struct pgs_error *err)
{
	const unsigned char *p;
	size_t avail, i;
	uint64_t from = pgs_input_tell(rd->in);

	for (;;) {
		if (pgs_input_peek(rd->in, &p, &avail, err))
			return -1;
		if (avail == 0)
			return 0;
		if (pgs_input_tell(rd->in) - from > TRAILING_ZEROS_MAX) {
			pgs_error_set(err, PGS_EINPUT, "tar archive has more than "
				      "%" PRIu64 " zero bytes after its end blocks "
				      "(at byte %" PRIu64 ")", TRAILING_ZEROS_MAX,
				      from);
			return pgs_error_hint(err, "give pgscrub the archive "
					      "alone: pg_dump -Ft writes nothing "
					      "after its end blocks, and a tar "
					      "tool pads only to its record");
		}
		for (i = 0; i < avail; i++)
			if (p[i]) {
				pgs_input_skip(rd->in, i);
				pgs_error_set(err, PGS_EINPUT, "tar archive has "
					      "data after its end blocks (at "
					      "byte %" PRIu64 ")",
					      pgs_input_tell(rd->in));
				return pgs_error_hint(err, "give pgscrub one "
						      "archive: pg_dump -Ft "
						      "writes nothing after "
						      "them");
			}
		pgs_input_skip(rd->in, avail);
	}
}

int pgs_tar_read_toc(struct pgs_tar_reader *rd, struct pgs_archive *a,
		     struct pgs_error *err)
{
	const char *name = rd->in->name;

	a->accept_toc_dat = 1;
	if (pgs_tar_reader_expect(rd, "toc.dat", err))
		return -1;
	if (pgs_archive_read_header(a, rd->in, err) ||
	    pgs_archive_read_toc(a, rd->in, err))
		return pgs_error_where(err, "%s, member toc.dat", name);
	if (a->hdr.format != PGS_ARCH_TAR) {
		pgs_error_set(err, PGS_EINPUT, "the toc.dat of tar archive %s "
			      "is not format 3 (format %u)", name, a->hdr.format);
		return pgs_error_hint(err, "dump it again with pg_dump -Ft");
	}
	if (a->hdr.compression != PGS_COMPRESS_NONE) {
		pgs_error_set(err, PGS_EINPUT, "the toc.dat of tar archive %s "
			      "says its data is compressed (%s)", name,
			      pgs_compression_name(a->hdr.compression));
		return pgs_error_hint(err, "pg_dump -Ft never compresses; "
				      "dump it again with pg_dump -Ft");
	}
	return pgs_tar_reader_member_done(rd, err);
}

/* ---- the spool ---------------------------------------------------------- */

void pgs_tar_spool_init(struct pgs_tar_spool *s, const char *tmpdir)
{
	memset(s, 0, sizeof(*s));
	s->tmpdir = tmpdir;
	s->fd = -1;
	pgs_buf_init(&s->mem, PGS_TAR_SPOOL_MEM);
}

void pgs_tar_spool_release(struct pgs_tar_spool *s)
{
	pgs_buf_release(&s->mem);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static const char *spool_hint(const struct pgs_tar_spool *s)
{
	return s->hint ? s->hint :
	       "a rewritten tar member is spooled there until its size is "
	       "known: point TMPDIR at a disk with room for the largest table";
}

static int spool_io_error(struct pgs_tar_spool *s, const char *what,
			  struct pgs_error *err)
{
	pgs_error_set(err, PGS_EIO, "cannot %s the temporary file in %s: %s",
		      what, s->tmpdir && *s->tmpdir ? s->tmpdir : "/tmp",
		      strerror(errno));
	return pgs_error_hint(err, "%s", spool_hint(s));
}

int pgs_tar_spool_reset(struct pgs_tar_spool *s, struct pgs_error *err)
{
	pgs_buf_reset(&s->mem);
	s->size = 0;
	if (s->fd >= 0 &&
	    (ftruncate(s->fd, 0) != 0 || lseek(s->fd, 0, SEEK_SET) != 0))
		return spool_io_error(s, "empty", err);
	return 0;
}

static int write_all(int fd, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int pgs_tar_spool_sink(void *ctx, const void *p, size_t n,
		       struct pgs_error *err)
{
	struct pgs_tar_spool *s = ctx;

	if (s->fd < 0 && s->mem.len + n <= PGS_TAR_SPOOL_MEM) {
		if (pgs_buf_add(&s->mem, p, n, err))
			return -1;
		s->size += n;
		return 0;
	}
	if (s->fd < 0 && pgs_io_tmpfile(&s->fd, s->tmpdir, err))
		return pgs_error_hint(err, "%s", spool_hint(s));
	if (s->mem.len) {
		if (write_all(s->fd, s->mem.data, s->mem.len))
			return spool_io_error(s, "write", err);
		pgs_buf_reset(&s->mem);
	}
	if (write_all(s->fd, p, n))
		return spool_io_error(s, "write", err);
	s->size += n;
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

void pgs_tar_writer_init(struct pgs_tar_writer *w, struct pgs_output *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

int pgs_tar_writer_sink(void *ctx, const void *p, size_t n,
			struct pgs_error *err)
{
	struct pgs_tar_writer *w = ctx;

	if (pgs_output_write(w->out, p, n, err))
		return -1;
	w->bytes += n;
	return 0;
}

int pgs_tar_writer_header(struct pgs_tar_writer *w,
			  const struct pgs_tar_header *h, struct pgs_error *err)
{
	return pgs_tar_writer_sink(w, h->raw, PGS_TAR_BLOCK, err);
}

static const unsigned char zeros[2 * PGS_TAR_BLOCK];

int pgs_tar_writer_pad(struct pgs_tar_writer *w, uint64_t size,
		       struct pgs_error *err)
{
	size_t n = pgs_tar_padding(size);

	return n ? pgs_tar_writer_sink(w, zeros, n, err) : 0;
}

int pgs_tar_writer_member(struct pgs_tar_writer *w, struct pgs_tar_header *h,
			  const void *p, size_t n, struct pgs_error *err)
{
	if (h->size != n)
		pgs_tar_header_set_size(h, n);
	return pgs_tar_writer_header(w, h, err) ||
	       (n && pgs_tar_writer_sink(w, p, n, err)) ||
	       pgs_tar_writer_pad(w, n, err) ? -1 : 0;
}

int pgs_tar_spool_drain(struct pgs_tar_spool *s, pgs_sink_fn sink, void *ctx,
			struct pgs_error *err)
{
	unsigned char buf[1 << 16];
	uint64_t left = s->size;

	if (s->fd < 0)
		return s->mem.len ? sink(ctx, s->mem.data, s->mem.len, err) : 0;
	if (lseek(s->fd, 0, SEEK_SET) != 0)
		return spool_io_error(s, "read", err);
	while (left) {
		ssize_t got = read(s->fd, buf, left < sizeof(buf) ?
				   (size_t)left : sizeof(buf));

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = EIO;
			return spool_io_error(s, "read", err);
		}
		if (sink(ctx, buf, (size_t)got, err))
			return -1;
		left -= (uint64_t)got;
	}
	return 0;
}

int pgs_tar_writer_spooled(struct pgs_tar_writer *w, struct pgs_tar_header *h,
			   struct pgs_tar_spool *s, struct pgs_error *err)
{
	if (s->fd < 0)
		return pgs_tar_writer_member(w, h, s->mem.data, s->mem.len, err);
	if (h->size != s->size)
		pgs_tar_header_set_size(h, s->size);
	if (pgs_tar_writer_header(w, h, err) ||
	    pgs_tar_spool_drain(s, pgs_tar_writer_sink, w, err))
		return -1;
	return pgs_tar_writer_pad(w, s->size, err);
}

int pgs_tar_writer_end(struct pgs_tar_writer *w, struct pgs_error *err)
{
	return pgs_tar_writer_sink(w, zeros, sizeof(zeros), err);
}
