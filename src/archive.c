/*
 * archive.c — header and TOC of the custom archive format (archive.h).
 *
 * Mirrors ReadHead/WriteHead, ReadToc/WriteToc and the Int/String/Offset
 * primitives of pg_dump's pg_backup_archiver.c, and ReadExtraToc/WriteExtraToc
 * of pg_backup_custom.c (the data offset of each entry) and of
 * pg_backup_directory.c / pg_backup_tar.c (a toc.dat's filename String,
 * other-formats.md §2.2).  Unlike pg_restore,
 * every length read here is validated before it is trusted: negative string
 * lengths other than -1, absurd counts and duplicate dumpIds are errors.
 */
#include "pgscrub/archive.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of each name quoted in an entry's label. */
#define PGS_LABEL_SHOW 128

/*
 * The arena: every string of the header and the TOC, and each entry's
 * dependency list, is carved out of 1 MiB blocks (one malloc per block
 * instead of one per field: malloc's 16-32 bytes of overhead and minimum
 * sizes made a 168 MB TOC of a million entries take 1.7 GB).  A string over
 * PGS_ARENA_BIG bytes gets a block of its own, read as it arrives so that a
 * damaged length on a short file fails at end of input, not in malloc.
 */
#define PGS_ARENA_BLOCK ((size_t)1 << 20)
#define PGS_ARENA_BIG ((size_t)64 << 10)

struct pgs_arena_block {
	struct pgs_arena_block *next;
	char *mem;
	size_t size, used;
};

struct pgs_id_index {
	int dump_id;
	unsigned idx;
};

void pgs_archive_init(struct pgs_archive *a)
{
	memset(a, 0, sizeof(*a));
	a->std_strings = -1;
}

void pgs_archive_release(struct pgs_archive *a)
{
	struct pgs_arena_block *b, *next;

	for (b = a->arena; b; b = next) {
		next = b->next;
		free(b->mem);
		free(b);
	}
	free(a->toc);
	free(a->by_id);
	pgs_archive_init(a);
}

/*
 * Take mem (size bytes from malloc) into the arena as a block of its own.
 * It goes after the block being filled, so that block's free space is not
 * lost.  mem is freed when out of memory.
 */
static int arena_adopt(struct pgs_archive *a, char *mem, size_t size,
		       size_t used, struct pgs_error *err)
{
	struct pgs_arena_block *b = malloc(sizeof(*b));

	if (!b) {
		free(mem);
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	}
	b->mem = mem;
	b->size = size;
	b->used = used;
	if (a->arena && used == size) {
		b->next = a->arena->next;
		a->arena->next = b;
	} else {
		b->next = a->arena;
		a->arena = b;
	}
	return 0;
}

/* n bytes aligned to align (a power of two, at most 16), or NULL. */
static void *arena_alloc(struct pgs_archive *a, size_t n, size_t align,
			 struct pgs_error *err)
{
	struct pgs_arena_block *b = a->arena;
	size_t at;
	char *mem;

	if (b) {
		at = (b->used + align - 1) & ~(align - 1);
		if (at <= b->size && b->size - at >= n) {
			b->used = at + n;
			return b->mem + at;
		}
	}
	if (n > PGS_ARENA_BIG) {
		mem = malloc(n);
		if (!mem || arena_adopt(a, mem, n, n, err)) {
			if (!mem)
				pgs_error_set(err, PGS_ENOMEM, "out of memory");
			return NULL;
		}
		return mem;
	}
	mem = malloc(PGS_ARENA_BLOCK);
	if (!mem) {
		pgs_error_set(err, PGS_ENOMEM, "out of memory");
		return NULL;
	}
	if (arena_adopt(a, mem, PGS_ARENA_BLOCK, n, err))
		return NULL;
	return mem;
}

int pgs_archive_adopt_str(struct pgs_archive *a, struct pgs_str *s,
			  char *p, size_t len, struct pgs_error *err)
{
	assert(p && p[len] == '\0');
	if (arena_adopt(a, p, len + 1, len + 1, err))
		return -1;
	s->p = p;
	s->len = len;
	return 0;
}

/* ---- primitives -------------------------------------------------------- */

int pgs_archive_read_int(struct pgs_input *in, const struct pgs_archive *a,
			 int64_t *v, struct pgs_error *err)
{
	unsigned char b[9];
	uint64_t mag = 0;
	unsigned i, n = a->hdr.intsize;

	if (pgs_input_read(in, b, 1 + n, err))
		return -1;
	/* Sign-magnitude, least significant byte first (WriteInt). */
	for (i = 0; i < n; i++)
		mag |= (uint64_t)b[1 + i] << (8 * i);
	if (mag > (uint64_t)INT64_MAX)
		return pgs_error_set(err, PGS_EINPUT,
				     "integer at byte %" PRIu64 " is out of range",
				     pgs_input_tell(in) - 1 - n);
	*v = b[0] ? -(int64_t)mag : (int64_t)mag;
	return 0;
}

/* An Int that must fit a C int (ids, flags, sections, lengths of lists). */
static int read_small_int(struct pgs_input *in, const struct pgs_archive *a,
			  int *v, const char *what, struct pgs_error *err)
{
	int64_t x = 0;
	uint64_t at = pgs_input_tell(in);

	if (pgs_archive_read_int(in, a, &x, err))
		return -1;
	if (x < INT32_MIN || x > INT32_MAX)
		return pgs_error_set(err, PGS_EINPUT,
				     "%s at byte %" PRIu64 " is out of range (%" PRId64 ")",
				     what, at, x);
	*v = (int)x;
	return 0;
}

static int read_str(struct pgs_input *in, struct pgs_archive *a,
		    struct pgs_str *s, const char *what, struct pgs_error *err)
{
	int64_t len = 0;
	uint64_t at = pgs_input_tell(in);
	struct pgs_buf b;

	s->p = NULL;
	s->len = 0;
	if (pgs_archive_read_int(in, a, &len, err))
		return -1;
	if (len == -1)
		return 0;   /* NULL, distinct from "" */
	if (len < 0)
		return pgs_error_set(err, PGS_EINPUT,
				     "%s at byte %" PRIu64 " has a negative length (%" PRId64 ")",
				     what, at, len);
	if ((uint64_t)len > PGS_MAX_TOC_STRING)
		return pgs_error_set(err, PGS_EINPUT,
				     "%s at byte %" PRIu64 " claims %" PRId64
				     " bytes, more than the limit of %u",
				     what, at, len, PGS_MAX_TOC_STRING);
	if ((size_t)len <= PGS_ARENA_BIG) {
		char *p = arena_alloc(a, (size_t)len + 1, 1, err);

		if (!p || pgs_input_read(in, p, (size_t)len, err))
			return -1;
		p[len] = '\0';
		s->p = p;
		s->len = (size_t)len;
		return 0;
	}
	/*
	 * Grow with what actually arrives, so a damaged length on a short file
	 * fails at end of input instead of allocating the claimed size.
	 */
	pgs_buf_init(&b, PGS_MAX_TOC_STRING);
	if (pgs_buf_grow(&b, 65536, err))
		return -1;
	while (b.len < (size_t)len) {
		size_t step = (size_t)len - b.len;

		if (step > (1u << 20))
			step = 1u << 20;
		if (pgs_buf_grow(&b, step, err) ||
		    pgs_input_read(in, b.data + b.len, step, err)) {
			pgs_buf_release(&b);
			return -1;
		}
		b.len += step;
		b.data[b.len] = '\0';
	}
	/* Give back what doubling left over; shrinking cannot fail for good. */
	{
		char *shrunk = realloc(b.data, b.len + 1);

		if (shrunk)
			b.data = shrunk;
	}
	if (arena_adopt(a, b.data, b.len + 1, b.len + 1, err))
		return -1;
	s->p = b.data;
	s->len = b.len;
	return 0;
}

int pgs_archive_encode_int(struct pgs_buf *out, const struct pgs_archive *a,
			   int64_t v, struct pgs_error *err)
{
	unsigned char b[9];
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	unsigned i, n = a->hdr.intsize;

	if (n < 8 && (mag >> (8 * n)) != 0)
		return pgs_error_set(err, PGS_EINPUT,
				     "value %" PRId64 " does not fit the archive's %u-byte integers",
				     v, n);
	b[0] = v < 0 ? 1 : 0;
	for (i = 0; i < n; i++)
		b[1 + i] = (unsigned char)(mag >> (8 * i));
	return pgs_buf_add(out, b, 1 + n, err);
}

static int encode_str(struct pgs_buf *out, const struct pgs_archive *a,
		      const struct pgs_str *s, struct pgs_error *err)
{
	if (!s->p)
		return pgs_archive_encode_int(out, a, -1, err);
	if (pgs_archive_encode_int(out, a, (int64_t)s->len, err))
		return -1;
	return pgs_buf_add(out, s->p, s->len, err);
}

static int encode_offset(struct pgs_buf *out, const struct pgs_archive *a,
			 int flag, uint64_t off, struct pgs_error *err)
{
	unsigned char b[9];
	unsigned i, n = a->hdr.offsize;

	if (n < 8 && (off >> (8 * n)) != 0)
		return pgs_error_set(err, PGS_EIO,
				     "data offset %" PRIu64 " does not fit the archive's %u-byte offsets",
				     off, n);
	b[0] = (unsigned char)flag;
	for (i = 0; i < n; i++)
		b[1 + i] = (unsigned char)(off >> (8 * i));
	return pgs_buf_add(out, b, 1 + n, err);
}

/* ---- header ------------------------------------------------------------ */

static int not_an_archive(const unsigned char *m, struct pgs_error *err)
{
	if (m[0] == '-' && m[1] == '-') {
		pgs_error_set(err, PGS_EINPUT,
			      "the input is a plain SQL script, not a custom-format archive");
		return pgs_error_hint(err, "make the dump with pg_dump -Fc");
	}
	if (memcmp(m, "toc.d", 5) == 0) {
		/* pgscrub reads a tar by its header (archive_tar.h); this
		 * one's is damaged. */
		pgs_error_set(err, PGS_EINPUT, "the input starts like a tar "
			      "archive (pg_dump -Ft) but has no valid tar header");
		return pgs_error_hint(err, "the archive is damaged: make it "
				      "again with pg_dump -Ft");
	}
	if (m[0] == 0x1f && m[1] == 0x8b) {
		pgs_error_set(err, PGS_EINPUT, "the input is a gzip file");
		return pgs_error_hint(err, "decompress it first, e.g. gunzip -c FILE | pgscrub ...");
	}
	if (m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd) {
		pgs_error_set(err, PGS_EINPUT, "the input is a zstd file");
		return pgs_error_hint(err, "decompress it first, e.g. zstd -dc FILE | pgscrub ...");
	}
	pgs_error_set(err, PGS_EINPUT,
		      "the input is not a pg_dump custom-format archive (no PGDMP signature)");
	return pgs_error_hint(err, "make the dump with pg_dump -Fc");
}

int pgs_archive_read_header(struct pgs_archive *a, struct pgs_input *in,
			    struct pgs_error *err)
{
	struct pgs_archive_header *h = &a->hdr;
	unsigned char m[5];
	unsigned char b[6];
	int i;

	if (pgs_input_read(in, m, 5, err)) {
		if (err && err->code == PGS_EINPUT && pgs_input_tell(in) == 0) {
			pgs_error_set(err, PGS_EINPUT, "the input is empty");
			pgs_error_hint(err, "expected a pg_dump -Fc archive on %s", in->name);
		}
		return -1;
	}
	if (memcmp(m, "PGDMP", 5) != 0)
		return not_an_archive(m, err);
	if (pgs_input_read(in, b, 6, err))
		return -1;
	h->vmaj = b[0];
	h->vmin = b[1];
	h->vrev = b[2];
	h->intsize = b[3];
	h->offsize = b[4];
	h->format = b[5];
	h->version = PGS_MAKE_VERSION(h->vmaj, h->vmin, h->vrev);
	if (h->version < K_VERS_1_12 || h->version > K_VERS_MAX) {
		pgs_error_set(err, PGS_EINPUT, "unsupported archive version %u.%u.%u",
			      h->vmaj, h->vmin, h->vrev);
		return pgs_error_hint(err, "pgscrub reads archive versions 1.12 to 1.16 "
				      "(pg_dump 9.0 to 18)");
	}
	if (h->intsize < 1 || h->intsize > 8)
		return pgs_error_set(err, PGS_EINPUT,
				     "unsupported integer size %u in the archive header (expected 1 to 8)",
				     h->intsize);
	if (h->offsize < 1 || h->offsize > 8)
		return pgs_error_set(err, PGS_EINPUT,
				     "unsupported offset size %u in the archive header (expected 1 to 8)",
				     h->offsize);
	if (h->format == PGS_ARCH_TAR && !a->accept_toc_dat) {
		pgs_error_set(err, PGS_EINPUT,
			      "the input is the toc.dat of a directory or tar archive "
			      "(format 3), not a custom-format archive");
		return pgs_error_hint(err, "give the directory that holds toc.dat "
				      "and its data files: pgscrub -i DIR -o OUTDIR");
	}
	if (h->format != PGS_ARCH_CUSTOM && h->format != PGS_ARCH_TAR) {
		pgs_error_set(err, PGS_EINPUT,
			      "the archive is in format %u, not the custom format (1)",
			      h->format);
		return pgs_error_hint(err, "make the dump with pg_dump -Fc");
	}
	if (h->version < K_VERS_1_15) {
		int level = 0;

		if (read_small_int(in, a, &level, "compression level", err))
			return -1;
		if (level < -1 || level > 9)
			return pgs_error_set(err, PGS_EINPUT,
					     "invalid compression level %d in the archive header",
					     level);
		h->level = level;
		h->compression = level == 0 ? PGS_COMPRESS_NONE : PGS_COMPRESS_GZIP;
	} else {
		unsigned char alg;

		if (pgs_input_read(in, &alg, 1, err))
			return -1;
		if (alg > PGS_COMPRESS_ZSTD)
			return pgs_error_set(err, PGS_EINPUT,
					     "unknown compression algorithm %u in the archive header",
					     alg);
		h->compression = (enum pgs_compression)alg;
		h->level = PGS_COMPRESS_DEFAULT_LEVEL;
	}
	for (i = 0; i < 7; i++)
		if (pgs_archive_read_int(in, a, &h->tm[i], err))
			return -1;
	if (read_str(in, a, &h->dbname, "database name", err) ||
	    read_str(in, a, &h->server_version, "server version", err) ||
	    read_str(in, a, &h->pgdump_version, "pg_dump version", err))
		return -1;
	return 0;
}

int pgs_archive_encode_header(struct pgs_buf *out,
			      const struct pgs_archive *a,
			      enum pgs_compression alg, int level,
			      struct pgs_error *err)
{
	const struct pgs_archive_header *h = &a->hdr;
	unsigned char b[6] = { h->vmaj, h->vmin, h->vrev, h->intsize,
			       h->offsize,
			       (unsigned char)pgs_archive_out_format(a) };
	int i;

	if (pgs_buf_add(out, "PGDMP", 5, err) || pgs_buf_add(out, b, 6, err))
		return -1;
	if (h->version < K_VERS_1_15) {
		/* Before 1.15 the header holds a zlib level; 0 means none. */
		int64_t stored;

		if (alg != PGS_COMPRESS_NONE && alg != PGS_COMPRESS_GZIP)
			return pgs_error_set(err, PGS_EUSAGE,
					     "archive version %u.%u cannot hold %s compression",
					     h->vmaj, h->vmin, pgs_compression_name(alg));
		if (alg == PGS_COMPRESS_NONE)
			stored = 0;
		else
			stored = level == 0 ? -1 : level;
		if (pgs_archive_encode_int(out, a, stored, err))
			return -1;
	} else {
		unsigned char c = (unsigned char)alg;

		if (pgs_buf_add(out, &c, 1, err))
			return -1;
	}
	for (i = 0; i < 7; i++)
		if (pgs_archive_encode_int(out, a, h->tm[i], err))
			return -1;
	if (encode_str(out, a, &h->dbname, err) ||
	    encode_str(out, a, &h->server_version, err) ||
	    encode_str(out, a, &h->pgdump_version, err))
		return -1;
	return 0;
}

/* ---- TOC --------------------------------------------------------------- */

/* The quoted value of "SET name = 'value';" (pg_restore's ReadToc parse). */
static int parse_set_value(const struct pgs_str *defn, char *val, size_t size)
{
	const char *q1, *q2;
	size_t n;

	if (!defn->p)
		return -1;
	q1 = strchr(defn->p, '\'');
	if (!q1)
		return -1;
	q2 = strchr(q1 + 1, '\'');
	if (!q2)
		return -1;
	n = (size_t)(q2 - q1 - 1);
	if (n == 0 || n >= size)
		return -1;
	memcpy(val, q1 + 1, n);
	val[n] = '\0';
	return 0;
}

/* An encoding name as pg_encoding_to_char gives it ("UTF8", "EUC_JP"). */
static int is_encoding_name(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* Archive text is quoted through pgs_excerpt: it may hold control bytes. */
static int bad_set_entry(const struct pgs_toc_entry *te, const char *what,
			 struct pgs_error *err)
{
	char ex[PGS_EXCERPT_SIZE(100)];

	return pgs_error_set(err, PGS_EINPUT, "invalid %s entry: %s", what,
			     te->defn.p ? pgs_excerpt(ex, te->defn.p,
						      te->defn.len, 100)
					: "(null)");
}

static int str_is(const struct pgs_str *s, const char *lit)
{
	return s->p && strcmp(s->p, lit) == 0;
}

/* A growable list reused from entry to entry. */
struct dep_scratch {
	struct pgs_str *v;
	size_t cap;
};

static int read_entry(struct pgs_archive *a, struct pgs_input *in,
		      struct pgs_toc_entry *te, struct dep_scratch *sc,
		      struct pgs_error *err)
{
	int v = a->hdr.version;
	unsigned char flag;
	unsigned char ob[8];
	size_t n = 0;
	unsigned i;

	te->toc_pos = pgs_input_tell(in);
	if (read_small_int(in, a, &te->dump_id, "dumpId", err) ||
	    read_small_int(in, a, &te->had_dumper, "hadDumper", err) ||
	    read_str(in, a, &te->tableoid, "tableoid", err) ||
	    read_str(in, a, &te->oid, "oid", err) ||
	    read_str(in, a, &te->tag, "tag", err) ||
	    read_str(in, a, &te->desc, "desc", err) ||
	    read_small_int(in, a, &te->section, "section", err) ||
	    read_str(in, a, &te->defn, "defn", err) ||
	    read_str(in, a, &te->drop_stmt, "dropStmt", err) ||
	    read_str(in, a, &te->copy_stmt, "copyStmt", err) ||
	    read_str(in, a, &te->namespace_, "namespace", err) ||
	    read_str(in, a, &te->tablespace, "tablespace", err))
		return -1;
	if (te->dump_id <= 0)
		return pgs_error_set(err, PGS_EINPUT,
				     "dumpId %d is out of range", te->dump_id);
	if (v >= K_VERS_1_14 && read_str(in, a, &te->tableam, "tableam", err))
		return -1;
	if (v >= K_VERS_1_16 &&
	    read_small_int(in, a, &te->relkind, "relkind", err))
		return -1;
	if (read_str(in, a, &te->owner, "owner", err) ||
	    read_str(in, a, &te->with_oids, "withOids", err))
		return -1;
	/* Dependencies: a list of strings ended by a NULL string, gathered in
	 * the caller's scratch list, then packed into the arena. */
	for (;;) {
		struct pgs_str dep;

		if (read_str(in, a, &dep, "dependency", err))
			return -1;
		if (!dep.p)
			break;
		if (n == sc->cap) {
			struct pgs_str *nd;
			size_t ncap;

			if (sc->cap >= PGS_MAX_DEPS)
				return pgs_error_set(err, PGS_EINPUT,
						     "more than %u dependencies",
						     PGS_MAX_DEPS);
			ncap = sc->cap ? sc->cap * 2 : 16;
			nd = realloc(sc->v, ncap * sizeof(*nd));
			if (!nd)
				return pgs_error_set(err, PGS_ENOMEM, "out of memory");
			sc->v = nd;
			sc->cap = ncap;
		}
		sc->v[n++] = dep;
	}
	if (n > 0) {
		te->deps = arena_alloc(a, n * sizeof(*te->deps),
				       _Alignof(struct pgs_str), err);
		if (!te->deps)
			return -1;
		memcpy(te->deps, sc->v, n * sizeof(*te->deps));
		te->ndeps = n;
	}
	if (a->hdr.format == PGS_ARCH_TAR) {
		/* ReadExtraToc of the directory and tar formats: the data file's
		 * name; an empty one (or NULL) means no data. */
		if (read_str(in, a, &te->filename, "data file name", err))
			return -1;
		te->offset_flag = te->filename.len ? K_OFFSET_POS_NOT_SET
						   : K_OFFSET_NO_DATA;
		te->offset = 0;
		te->out_offset_flag = te->offset_flag;
		return 0;
	}
	/* ReadExtraToc of the custom format: the data offset. */
	if (pgs_input_read(in, &flag, 1, err) ||
	    pgs_input_read(in, ob, a->hdr.offsize, err))
		return -1;
	if (flag < K_OFFSET_POS_NOT_SET || flag > K_OFFSET_NO_DATA)
		return pgs_error_set(err, PGS_EINPUT,
				     "unexpected data offset flag %u", flag);
	te->offset_flag = flag;
	te->offset = 0;
	for (i = 0; i < a->hdr.offsize; i++)
		te->offset |= (uint64_t)ob[i] << (8 * i);
	te->out_offset_flag = flag == K_OFFSET_NO_DATA ? K_OFFSET_NO_DATA
						      : K_OFFSET_POS_NOT_SET;
	return 0;
}

static int cmp_ids(const void *x, const void *y)
{
	const struct pgs_id_index *a = x, *b = y;

	return (a->dump_id > b->dump_id) - (a->dump_id < b->dump_id);
}

int pgs_archive_read_toc(struct pgs_archive *a, struct pgs_input *in,
			 struct pgs_error *err)
{
	int count = 0;
	size_t cap = 0, i;
	struct dep_scratch sc = { NULL, 0 };
	int rc = -1;

	a->toc_pos = pgs_input_tell(in);
	if (read_small_int(in, a, &count, "TOC entry count", err))
		return -1;
	if (count < 0 || (unsigned)count > PGS_MAX_TOC_ENTRIES)
		return pgs_error_set(err, PGS_EINPUT,
				     "TOC entry count %d is out of range", count);
	for (i = 0; i < (size_t)count; i++) {
		struct pgs_toc_entry *te;

		if (a->ntoc == cap) {
			/* Grow as entries arrive, not by the claimed count. */
			size_t ncap = cap ? cap * 2 : 256;
			struct pgs_toc_entry *nt = realloc(a->toc, ncap * sizeof(*nt));

			if (!nt) {
				pgs_error_set(err, PGS_ENOMEM, "out of memory");
				goto done;
			}
			a->toc = nt;
			cap = ncap;
		}
		te = &a->toc[a->ntoc];
		memset(te, 0, sizeof(*te));
		a->ntoc++;
		if (read_entry(a, in, te, &sc, err)) {
			pgs_error_where(err, "TOC entry %zu of %d (at byte %" PRIu64 ")",
					i + 1, count, te->toc_pos);
			goto done;
		}
		if (str_is(&te->desc, "ENCODING")) {
			if (parse_set_value(&te->defn, a->encoding, sizeof(a->encoding)) ||
			    !is_encoding_name(a->encoding)) {
				a->encoding[0] = '\0';
				bad_set_entry(te, "ENCODING", err);
				goto done;
			}
		} else if (str_is(&te->desc, "STDSTRINGS")) {
			char val[8];

			if (parse_set_value(&te->defn, val, sizeof(val)) ||
			    (strcmp(val, "on") != 0 && strcmp(val, "off") != 0)) {
				bad_set_entry(te, "STDSTRINGS", err);
				goto done;
			}
			a->std_strings = strcmp(val, "on") == 0;
		}
	}
	/* Give back what doubling left over (the array is most of the TOC's
	 * fixed cost per entry). */
	if (a->ntoc > 0 && a->ntoc < cap) {
		struct pgs_toc_entry *nt = realloc(a->toc, a->ntoc * sizeof(*nt));

		if (nt)
			a->toc = nt;
	}
	/* dumpIds sorted, for pgs_archive_find; pg_restore does not notice
	 * duplicate dumpIds, we do. */
	a->by_id = malloc((a->ntoc ? a->ntoc : 1) * sizeof(*a->by_id));
	if (!a->by_id) {
		pgs_error_set(err, PGS_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < a->ntoc; i++) {
		a->by_id[i].dump_id = a->toc[i].dump_id;
		a->by_id[i].idx = (unsigned)i;
	}
	qsort(a->by_id, a->ntoc, sizeof(*a->by_id), cmp_ids);
	for (i = 1; i < a->ntoc; i++)
		if (a->by_id[i].dump_id == a->by_id[i - 1].dump_id) {
			pgs_error_set(err, PGS_EINPUT,
				      "the TOC has two entries with dumpId %d",
				      a->by_id[i].dump_id);
			free(a->by_id);
			a->by_id = NULL;
			goto done;
		}
	rc = 0;
done:
	free(sc.v);
	return rc;
}

long pgs_archive_find(const struct pgs_archive *a, int dump_id)
{
	size_t lo = 0, hi = a->ntoc, i;

	if (!a->by_id) {
		/* A TOC that was not read whole (or built by hand). */
		for (i = 0; i < a->ntoc; i++)
			if (a->toc[i].dump_id == dump_id)
				return (long)i;
		return -1;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->by_id[mid].dump_id < dump_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < a->ntoc && a->by_id[lo].dump_id == dump_id)
		return (long)a->by_id[lo].idx;
	return -1;
}

static int encode_entry(struct pgs_buf *out, const struct pgs_archive *a,
			const struct pgs_toc_entry *te, struct pgs_error *err)
{
	int v = a->hdr.version;
	size_t i;

	if (pgs_archive_encode_int(out, a, te->dump_id, err) ||
	    pgs_archive_encode_int(out, a, te->had_dumper, err) ||
	    encode_str(out, a, &te->tableoid, err) ||
	    encode_str(out, a, &te->oid, err) ||
	    encode_str(out, a, &te->tag, err) ||
	    encode_str(out, a, &te->desc, err) ||
	    pgs_archive_encode_int(out, a, te->section, err) ||
	    encode_str(out, a, &te->defn, err) ||
	    encode_str(out, a, &te->drop_stmt, err) ||
	    encode_str(out, a, &te->copy_stmt, err) ||
	    encode_str(out, a, &te->namespace_, err) ||
	    encode_str(out, a, &te->tablespace, err))
		return -1;
	if (v >= K_VERS_1_14 && encode_str(out, a, &te->tableam, err))
		return -1;
	if (v >= K_VERS_1_16 &&
	    pgs_archive_encode_int(out, a, te->relkind, err))
		return -1;
	if (encode_str(out, a, &te->owner, err) ||
	    encode_str(out, a, &te->with_oids, err))
		return -1;
	for (i = 0; i < te->ndeps; i++)
		if (encode_str(out, a, &te->deps[i], err))
			return -1;
	if (pgs_archive_encode_int(out, a, -1, err))
		return -1;
	if (pgs_archive_out_format(a) == PGS_ARCH_TAR)
		return encode_str(out, a, &te->filename, err);
	return encode_offset(out, a, te->out_offset_flag,
			     te->out_offset_flag == K_OFFSET_POS_SET ? te->out_offset : 0,
			     err);
}

int pgs_archive_encode_toc(struct pgs_buf *out, const struct pgs_archive *a,
			   struct pgs_error *err)
{
	size_t i, n = 0;

	for (i = 0; i < a->ntoc; i++)
		n += !a->toc[i].omit;
	if (pgs_archive_encode_int(out, a, (int64_t)n, err))
		return -1;
	for (i = 0; i < a->ntoc; i++)
		if (!a->toc[i].omit && encode_entry(out, a, &a->toc[i], err))
			return -1;
	return 0;
}

int pgs_archive_write_toc(const struct pgs_archive *a, struct pgs_buf *scratch,
			  pgs_sink_fn sink, void *ctx, uint64_t *len,
			  struct pgs_error *err)
{
	size_t i, n = 0;

	*len = 0;
	pgs_buf_reset(scratch);
	for (i = 0; i < a->ntoc; i++)
		n += !a->toc[i].omit;
	if (pgs_archive_encode_int(scratch, a, (int64_t)n, err))
		return -1;
	for (i = 0; i <= a->ntoc; i++) {
		if (i < a->ntoc && !a->toc[i].omit &&
		    encode_entry(scratch, a, &a->toc[i], err))
			return -1;
		if (scratch->len >= (64u << 10) || (i == a->ntoc && scratch->len)) {
			if (sink(ctx, scratch->data, scratch->len, err))
				return -1;
			*len += scratch->len;
			pgs_buf_reset(scratch);
		}
	}
	return 0;
}

const char *pgs_archive_entry_label(const struct pgs_toc_entry *te,
				    char *buf, size_t size)
{
	/* Names from the archive may hold control bytes (ESC, BEL). */
	char d[PGS_EXCERPT_SIZE(PGS_LABEL_SHOW)];
	char n[PGS_EXCERPT_SIZE(PGS_LABEL_SHOW)];
	char t[PGS_EXCERPT_SIZE(PGS_LABEL_SHOW)];

	if (te->desc.p)
		pgs_excerpt(d, te->desc.p, te->desc.len, PGS_LABEL_SHOW);
	if (te->tag.p)
		pgs_excerpt(t, te->tag.p, te->tag.len, PGS_LABEL_SHOW);
	if (te->namespace_.p && te->namespace_.len)
		snprintf(buf, size, "TOC entry %d (%s %s.%s)", te->dump_id,
			 te->desc.p ? d : "?",
			 pgs_excerpt(n, te->namespace_.p, te->namespace_.len,
				     PGS_LABEL_SHOW),
			 te->tag.p ? t : "?");
	else
		snprintf(buf, size, "TOC entry %d (%s %s)", te->dump_id,
			 te->desc.p ? d : "?",
			 te->tag.p ? t : "?");
	return buf;
}

/* ---- TOCs built by hand ------------------------------------------------- */

void *pgs_archive_alloc(struct pgs_archive *a, size_t n, struct pgs_error *err)
{
	return arena_alloc(a, n ? n : 1, 16, err);
}

int pgs_archive_set_str(struct pgs_archive *a, struct pgs_str *s,
			const char *p, size_t len, struct pgs_error *err)
{
	char *m = arena_alloc(a, len + 1, 1, err);

	if (!m)
		return -1;
	if (len)
		memcpy(m, p, len);
	m[len] = '\0';
	s->p = m;
	s->len = len;
	return 0;
}
