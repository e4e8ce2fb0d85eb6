/*
 * archive.h — the header and TOC of pg_dump's custom archive format, read and
 * written field by field (archive-format.md §1–§3; pg_backup_archiver.c
 * ReadHead/WriteHead, ReadToc/WriteToc, ReadInt/WriteInt, ReadStr/WriteStr,
 * and pg_backup_custom.c for the data offsets).
 *
 * Every field of every supported version (1.12–1.16) is kept, NULL strings
 * apart from empty ones, so that writing what was read gives back the same
 * bytes apart from the data offsets.
 *
 * The same code reads and writes the toc.dat of a directory (and tar)
 * archive (other-formats.md §2.2): format byte 3 (archTar), and each entry's
 * last field a filename String instead of the Offset.  Such a header is only
 * accepted when the caller says so (accept_toc_dat); the format written can
 * differ from the one read (out_format), for conversions.
 */
#ifndef PGSCRUB_ARCHIVE_H
#define PGSCRUB_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>
#include "pgscrub/buf.h"
#include "pgscrub/compress.h"
#include "pgscrub/error.h"
#include "pgscrub/io.h"

/* Names as in pg_backup_archiver.h, so they grep against pg_dump. */
#define PGS_MAKE_VERSION(maj, min, rev) (((maj) << 16) | ((min) << 8) | (rev))
#define K_VERS_1_12 PGS_MAKE_VERSION(1, 12, 0)   /* pg_dump 9.0: BLOB entries */
#define K_VERS_1_13 PGS_MAKE_VERSION(1, 13, 0)   /* pg_dump 11: SEARCHPATH */
#define K_VERS_1_14 PGS_MAKE_VERSION(1, 14, 0)   /* pg_dump 12: tableam */
#define K_VERS_1_15 PGS_MAKE_VERSION(1, 15, 0)   /* pg_dump 16: algorithm byte */
#define K_VERS_1_16 PGS_MAKE_VERSION(1, 16, 0)   /* pg_dump 17: relkind */
#define K_VERS_MAX  PGS_MAKE_VERSION(1, 16, 255)

#define BLK_DATA 1
#define BLK_BLOBS 3

#define K_OFFSET_POS_NOT_SET 1
#define K_OFFSET_POS_SET 2
#define K_OFFSET_NO_DATA 3

/* The header's format byte (pg_backup.h ArchiveFormat). */
#define PGS_ARCH_CUSTOM 1
#define PGS_ARCH_TAR 3      /* directory and tar archives: a toc.dat */

/* Archive-controlled lengths are checked against these before allocating. */
#define PGS_MAX_TOC_STRING (256u << 20)
#define PGS_MAX_TOC_ENTRIES 50000000u
#define PGS_MAX_DEPS 1000000u

/*
 * A string field: NULL (p == NULL) or len bytes (NUL-terminated copy).
 * Strings read from an archive live in its arena (see struct pgs_archive):
 * never free() or realloc() them; replace one with pgs_archive_adopt_str().
 */
struct pgs_str {
	char *p;
	size_t len;
};

struct pgs_archive_header {
	int version;                /* PGS_MAKE_VERSION(vmaj, vmin, vrev) */
	unsigned char vmaj, vmin, vrev;
	unsigned char intsize;      /* bytes of an Int's magnitude (4 in practice) */
	unsigned char offsize;      /* bytes of an Offset (8 in practice) */
	unsigned char format;       /* PGS_ARCH_CUSTOM or PGS_ARCH_TAR (a
				       toc.dat, when accepted) */
	enum pgs_compression compression;
	int level;                  /* < 1.15: the stored level Int (0 = none,
				       -1 = zlib default, 1-9); 1.15+:
				       PGS_COMPRESS_DEFAULT_LEVEL */
	int64_t tm[7];              /* creation time, struct tm fields */
	struct pgs_str dbname;
	struct pgs_str server_version;
	struct pgs_str pgdump_version;
};

struct pgs_toc_entry {
	int dump_id;
	int had_dumper;
	struct pgs_str tableoid, oid, tag, desc;
	int section;
	struct pgs_str defn, drop_stmt, copy_stmt, namespace_, tablespace;
	struct pgs_str tableam;     /* 1.14+ */
	int relkind;                /* 1.16+ */
	struct pgs_str owner, with_oids;
	struct pgs_str *deps;
	size_t ndeps;
	int offset_flag;            /* K_OFFSET_* as read; for a toc.dat,
				       K_OFFSET_NO_DATA when the filename is
				       NULL or empty, else K_OFFSET_POS_NOT_SET */
	uint64_t offset;            /* as read, meaningful with K_OFFSET_POS_SET */
	struct pgs_str filename;    /* a toc.dat's data file name as read
				       ("3516.dat", "blobs.toc", "" or NULL);
				       written as is to a toc.dat */
	uint64_t toc_pos;           /* input offset of this entry, for messages */

	/* Set by the pipeline for writing. */
	int omit;                   /* leave this entry out of the output */
	int out_offset_flag;
	uint64_t out_offset;
};

struct pgs_arena_block;
struct pgs_id_index;

/*
 * Memory: a TOC of N entries and S bytes of strings takes about
 * S + N * (sizeof(struct pgs_toc_entry) + 8) + 16 bytes per dependency:
 * the strings (and each entry's dependency list) are packed, NUL-terminated,
 * into 1 MiB arena blocks (one malloc per block, not per field), strings
 * over 64 KiB get a block of their own, and the entries themselves are one
 * array.
 */
struct pgs_archive {
	struct pgs_archive_header hdr;
	uint64_t toc_pos;           /* input offset of the TOC count */
	struct pgs_toc_entry *toc;  /* in TOC order */
	size_t ntoc;
	char encoding[64];          /* from the ENCODING entry, "" if absent */
	int std_strings;            /* from STDSTRINGS: 1 on, 0 off, -1 absent */
	int accept_toc_dat;         /* set before reading the header: a format
				       3 header (a toc.dat) is accepted */
	unsigned char out_format;   /* written format; 0: as read */

	/* Private to archive.c. */
	struct pgs_arena_block *arena;      /* newest block first */
	struct pgs_id_index *by_id;         /* ntoc (dumpId, index), sorted */
};

/* Zero a; pgs_archive_release() frees what reading allocated. */
void pgs_archive_init(struct pgs_archive *a);
void pgs_archive_release(struct pgs_archive *a);

/*
 * Read and validate the header.  PGS_EINPUT with a hint for: not an archive
 * (with a special message for plain SQL and for tar/directory formats), a
 * version outside 1.12–1.16, an Int size outside 1–8, an offset size
 * outside 1–8, a format other than custom (format 3, a toc.dat, too unless
 * a->accept_toc_dat), an unknown compression.
 */
int pgs_archive_read_header(struct pgs_archive *a, struct pgs_input *in,
			    struct pgs_error *err);

/*
 * Read the TOC that follows the header.  Rejects dumpIds <= 0, duplicate
 * dumpIds, bad offset flags, negative string lengths other than -1, lengths
 * over the caps, and malformed ENCODING/STDSTRINGS entries.
 */
int pgs_archive_read_toc(struct pgs_archive *a, struct pgs_input *in,
			 struct pgs_error *err);

/* Index of the entry with this dumpId, or -1 (a binary search). */
long pgs_archive_find(const struct pgs_archive *a, int dump_id);

/*
 * Replace *s (a string of a's header or TOC) by the len bytes at p, which
 * must come from malloc (NUL-terminated at p[len]); a owns p from now on and
 * frees it in pgs_archive_release().  The old string stays in the arena
 * until then.  PGS_ENOMEM (p is then freed) when out of memory.
 */
int pgs_archive_adopt_str(struct pgs_archive *a, struct pgs_str *s,
			  char *p, size_t len, struct pgs_error *err);

/*
 * For a TOC built by hand (a plain SQL script's, archive_plain.h): n bytes,
 * aligned for any field, and a copy of len bytes at p as the string *s
 * (NUL-terminated), both owned by a and freed by pgs_archive_release().
 * NULL / -1 with PGS_ENOMEM when out of memory.
 */
void *pgs_archive_alloc(struct pgs_archive *a, size_t n, struct pgs_error *err);
int pgs_archive_set_str(struct pgs_archive *a, struct pgs_str *s,
			const char *p, size_t len, struct pgs_error *err);

/*
 * Encode the header into out for output compression alg at level (the
 * level is stored only in archives older than 1.15).
 */
int pgs_archive_encode_header(struct pgs_buf *out,
			      const struct pgs_archive *a,
			      enum pgs_compression alg, int level,
			      struct pgs_error *err);

/*
 * Encode the TOC (count and every entry not marked omit) into out, with
 * each entry's out_offset_flag and out_offset, or, when the output format
 * is PGS_ARCH_TAR, its filename.  The length does not depend on the offset
 * values, so a TOC written with "offset not set" can later be overwritten in
 * place by one with real offsets.
 */
int pgs_archive_encode_toc(struct pgs_buf *out, const struct pgs_archive *a,
			   struct pgs_error *err);

/*
 * The same bytes as pgs_archive_encode_toc(), handed to sink in pieces of
 * about 64 KiB staged in scratch (reset first), so that a TOC of millions of
 * entries is never held whole a second time.  *len gets the total length.
 */
int pgs_archive_write_toc(const struct pgs_archive *a, struct pgs_buf *scratch,
			  pgs_sink_fn sink, void *ctx, uint64_t *len,
			  struct pgs_error *err);

/*
 * Primitive Int reading/writing with the archive's Int size.  Read values
 * must fit in int64 (the magnitude in intsize bytes; intsize <= 8 is
 * guaranteed by the header check).
 */
int pgs_archive_read_int(struct pgs_input *in, const struct pgs_archive *a,
			 int64_t *v, struct pgs_error *err);
int pgs_archive_encode_int(struct pgs_buf *out, const struct pgs_archive *a,
			   int64_t v, struct pgs_error *err);

/* The format written: a->out_format, or the one read. */
static inline unsigned pgs_archive_out_format(const struct pgs_archive *a)
{
	return a->out_format ? a->out_format : a->hdr.format;
}

/* "TABLE DATA public.users" style label of an entry, for messages. */
const char *pgs_archive_entry_label(const struct pgs_toc_entry *te,
				    char *buf, size_t size);

#endif
