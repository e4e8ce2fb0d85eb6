/*
 * archive_directory.h — the data files of a directory archive (pg_dump
 * -Fd; other-formats.md §2), read and written.  archive.h reads and writes
 * its toc.dat (format 3: a filename per entry instead of an offset).
 *
 * Reading follows pg_restore's discover rule: an entry's file is its
 * toc.dat name, tried as NAME, NAME.gz, NAME.lz4, NAME.zst; the first that
 * exists gives the codec of that file alone.  Large objects: a BLOBS
 * entry's index (blobs.toc before archive 1.16, the stored name from 1.16)
 * lists "<oid> blob_<oid>.dat" lines, each a file found the same way.
 * Names from the archive are used only when they are plain file names
 * (no '/', not starting with '.'); regular files only, links not followed.
 *
 * Writing builds the output as a temporary sibling directory
 * ".NAME.pgscrub-XXXXXX" (mode 0700) that only pgs_dir_writer_commit()
 * renames into place; pgs_dir_writer_abort() and a fatal signal
 * (pgs_dir_remove_on_signal) remove it.  A file whose bytes do not change
 * is hard-linked (copied when the output is on another file system),
 * never decompressed.
 *
 * These verbs (find an entry's data, stream its bytes, next large object;
 * begin a file, sink, end, copy unchanged) are the ones a tar archive
 * needs too: its members carry the same names, read in TOC order.
 */
#ifndef PGSCRUB_ARCHIVE_DIRECTORY_H
#define PGSCRUB_ARCHIVE_DIRECTORY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "pgscrub/archive.h"
#include "pgscrub/compress.h"
#include "pgscrub/error.h"

#define PGS_DIR_NAME_MAX 255

/* One data file as found: its name as stored, its real path and codec. */
struct pgs_dir_file {
	char name[PGS_DIR_NAME_MAX + 1];    /* "3516.dat", "blob_17049.dat" */
	char *path;                         /* DIR/3516.dat.gz (malloc) */
	enum pgs_compression alg;           /* from the suffix */
	uint64_t size;                      /* of the file on disk */
};

/* The file suffix of a codec: "", ".gz", ".lz4", ".zst". */
const char *pgs_dir_suffix(enum pgs_compression alg);

/* Whether dir holds a toc.dat (a directory archive). */
int pgs_dir_is_archive(const char *dir);

struct pgs_dir_reader {
	char *dir;                          /* the archive directory */
	const struct pgs_archive *a;        /* borrowed */
	unsigned char *buf;                 /* 1 MiB read buffer */
	FILE *blobs;                        /* the open large-object index */
	char blobs_name[PGS_DIR_NAME_MAX + 1];
	unsigned long blobs_line;
	uint64_t bytes_read;                /* data bytes read so far */
};

/* Borrow a; the directory's path is copied.  PGS_ENOMEM. */
int pgs_dir_reader_open(struct pgs_dir_reader *rd, const char *dir,
			const struct pgs_archive *a, struct pgs_error *err);
void pgs_dir_reader_release(struct pgs_dir_reader *rd);

/*
 * The data file of TOC entry idx (which has data): for a BLOBS entry its
 * large-object index, opened for pgs_dir_reader_next_blob().  PGS_EINPUT
 * "data file DIR/NAME of TOC entry ... is missing (looked for NAME, .gz,
 * .lz4, .zst)", or for a name that is not a plain file name.
 */
int pgs_dir_reader_entry(struct pgs_dir_reader *rd, size_t idx,
			 struct pgs_dir_file *f, struct pgs_error *err);

/*
 * One line of a large-object index (blobs.toc, blobs_<dumpId>.toc): n bytes
 * ending in '\n', "<oid> blob_<oid>.dat" exactly as pg_dump writes it (a
 * decimal OID from 1 to 4294967295: no sign, leading zero or blank; no other
 * file name: naming a table's data file would link its original rows into
 * the output).  0 with *oid and the file name in name, or -1 (*oid 0).
 */
#define PGS_DIR_BLOB_LINE_MAX (PGS_DIR_NAME_MAX + 32)
int pgs_dir_blob_line(const char *line, size_t n, uint32_t *oid,
		      char name[PGS_DIR_BLOB_LINE_MAX]);

/*
 * In a BLOBS entry: the next large object's OID and file; *oid == 0 at the
 * end of the index.  PGS_EINPUT for a line that is not "<oid> <name>".
 */
int pgs_dir_reader_next_blob(struct pgs_dir_reader *rd, uint32_t *oid,
			     struct pgs_dir_file *f, struct pgs_error *err);

/* Hand every byte of the file (still compressed) to sink. */
int pgs_dir_file_stream(struct pgs_dir_reader *rd, const struct pgs_dir_file *f,
			pgs_sink_fn sink, void *ctx, struct pgs_error *err);

void pgs_dir_file_release(struct pgs_dir_file *f);

/* The output directory, shared by every thread writing into it. */
struct pgs_dir_writer {
	char *target;                       /* OUTDIR as given */
	char *tmp;                          /* the temporary sibling */
	int dfd;                            /* open on tmp */
	int committed;
};

/*
 * Check OUTDIR and make the temporary sibling.  PGS_EUSAGE for a symbolic
 * link, something that is not a directory, or (without force) a non-empty
 * directory; PGS_EIO when the parent cannot be written.
 */
int pgs_dir_writer_open(struct pgs_dir_writer *w, const char *target,
			int force, struct pgs_error *err);

/*
 * One thread's files in the output directory: one file at a time, its
 * own write buffer.  Several of them may write into one pgs_dir_writer at
 * once (openat and linkat on its directory).
 */
struct pgs_dir_out {
	struct pgs_dir_writer *w;           /* borrowed */
	int fd;                             /* the file being written, or -1 */
	char cur[PGS_DIR_NAME_MAX + 1];
	unsigned char *buf;
	size_t len;
	uint64_t bytes;                     /* bytes written or linked */
};

/* Borrow w; allocate the buffer (PGS_ENOMEM). */
int pgs_dir_out_init(struct pgs_dir_out *o, struct pgs_dir_writer *w,
		     struct pgs_error *err);
void pgs_dir_out_release(struct pgs_dir_out *o);

/* Put the file src (a path) into the output as name, unchanged: link(2),
 * or a copy across file systems. */
int pgs_dir_out_link(struct pgs_dir_out *o, const char *src,
		     const char *name, struct pgs_error *err);

/* Write a new file name: _begin, any number of pgs_dir_out_sink(), _end. */
int pgs_dir_out_begin(struct pgs_dir_out *o, const char *name,
		      struct pgs_error *err);
int pgs_dir_out_sink(void *o, const void *p, size_t n, struct pgs_error *err);
int pgs_dir_out_end(struct pgs_dir_out *o, struct pgs_error *err);

/*
 * fsync every file and the directory, then rename it onto OUTDIR (an empty
 * OUTDIR is replaced; a non-empty one, allowed by force, is moved aside and
 * its regular files removed after the rename).
 */
int pgs_dir_writer_commit(struct pgs_dir_writer *w, struct pgs_error *err);

/* Remove the temporary directory (after a failure); frees w. */
void pgs_dir_writer_abort(struct pgs_dir_writer *w);

/* Async-signal-safe: remove the temporary directory being written. */
void pgs_dir_remove_on_signal(void);

#endif
