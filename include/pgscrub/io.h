/*
 * io.h — buffered input and output with absolute byte positions.
 *
 * The input knows the absolute offset of every byte it hands out (error
 * messages cite it, and out-of-order blocks in a seekable file are found by
 * position).  The output counts the bytes of the archive it has written, so
 * the pipeline can put exact data offsets into the TOC, and, when it is a
 * named file, writes a temporary file beside it that only pgs_output_commit()
 * renames into place.
 */
#ifndef PGSCRUB_IO_H
#define PGSCRUB_IO_H

#include <stddef.h>
#include <stdint.h>
#include "pgscrub/error.h"

#define PGS_INPUT_BUFSIZE (1u << 20)
#define PGS_OUTPUT_BUFSIZE (1u << 18)

struct pgs_input {
	int fd;
	int close_fd;          /* we opened it */
	char *name;            /* "standard input" or the path, for messages */
	unsigned char *buf;    /* PGS_INPUT_BUFSIZE bytes */
	size_t start, end;     /* unread bytes are buf[start..end) */
	uint64_t pos;          /* absolute offset of buf[start] */
	int eof;               /* read() returned 0 */
	int seekable;          /* a regular file: pgs_input_seek() works */
	uint64_t base;         /* absolute offset of the file's byte 0 (not 0
				  only after pgs_input_spool) */
	int use_pread;         /* a second reader of another's fd
				  (pgs_input_dup): pread at its own position,
				  never read or lseek */
};

/*
 * Open path for reading (NULL or "-" is standard input).  PGS_EIO when it
 * cannot be opened, PGS_EUSAGE when it is a directory.  On failure nothing
 * is left to free (pgs_input_close is still harmless).
 */
int pgs_input_open(struct pgs_input *in, const char *path,
		   struct pgs_error *err);

/*
 * A second input over the same seekable file as src, for another thread:
 * its own buffer and position, the same fd read with pread() only, so that
 * neither moves the other's file offset (src goes on with read() and
 * lseek() undisturbed).  dst starts at the file's byte 0 (src's base);
 * seek it to what it reads.  PGS_EINTERNAL when src is not
 * seekable, PGS_ENOMEM.  dst is closed with pgs_input_close (which leaves
 * the fd to src) before src is.
 */
int pgs_input_dup(struct pgs_input *dst, const struct pgs_input *src,
		  struct pgs_error *err);

/* Close (if we opened it) and free. */
void pgs_input_close(struct pgs_input *in);

/*
 * Make at least one unread byte available and point *p at the unread bytes
 * (*avail of them).  *avail == 0 only at end of input.  The bytes stay valid
 * until the next call that reads, skips or seeks.
 */
int pgs_input_peek(struct pgs_input *in, const unsigned char **p,
		   size_t *avail, struct pgs_error *err);

/* Consume n bytes of what pgs_input_peek() made available. */
void pgs_input_skip(struct pgs_input *in, size_t n);

/*
 * Read exactly n bytes into dst.  Running out is PGS_EINPUT "unexpected end
 * of input at byte N".
 */
int pgs_input_read(struct pgs_input *in, void *dst, size_t n,
		   struct pgs_error *err);

/*
 * Fill err with "unexpected end of input at byte N" and the hint that the
 * archive was cut short; returns -1.  For callers that see the end first.
 */
int pgs_input_eof_error(struct pgs_input *in, struct pgs_error *err);

/* Skip exactly n bytes (seeking when that is cheaper); EOF is PGS_EINPUT. */
int pgs_input_discard(struct pgs_input *in, uint64_t n, struct pgs_error *err);

/* Move to absolute offset pos (seekable input only). */
int pgs_input_seek(struct pgs_input *in, uint64_t pos, struct pgs_error *err);

/*
 * Make a pipe seekable: copy everything from the current position to the
 * end of input into an unlinked temporary file in dir (NULL or "": /tmp), and
 * read from it from now on, positions unchanged.  The bytes are copied as
 * they are (compressed data stays compressed).  PGS_EIO naming the
 * directory when the file cannot be made or written (a full disk), with a
 * hint; nothing to do for an input that is already seekable.
 */
int pgs_input_spool(struct pgs_input *in, const char *dir,
		    struct pgs_error *err);

/*
 * pgs_input_peek(), but at least n (<= PGS_INPUT_BUFSIZE) unread bytes
 * unless the input ends first (*avail < n only at end of input).
 */
int pgs_input_peek_n(struct pgs_input *in, size_t n, const unsigned char **p,
		     size_t *avail, struct pgs_error *err);

/*
 * An unlinked temporary file (mode 0600) in dir (NULL or "": /tmp), for a
 * spool: it has no name, so it vanishes with the process whatever ends it.
 * PGS_EIO naming the directory.
 */
int pgs_io_tmpfile(int *fd, const char *dir, struct pgs_error *err);

/* Absolute offset of the next unread byte. */
static inline uint64_t pgs_input_tell(const struct pgs_input *in)
{
	return in->pos;
}

struct pgs_output {
	int fd;
	char *name;            /* "standard output" or the final path */
	char *tmp_path;        /* the temporary file beside the target */
	char *target;          /* where tmp_path is renamed to: the path with
				  its symbolic links followed */
	int signal_slot;       /* of pgs_output_remove_on_signal, or -1 */
	unsigned char *buf;    /* PGS_OUTPUT_BUFSIZE bytes */
	size_t len;            /* buffered bytes */
	uint64_t pos;          /* archive bytes written so far, buffered included */
	uint64_t base;         /* file offset where the archive starts */
	int seekable;          /* we can go back and rewrite the TOC */
};

/*
 * Open the output.  NULL or "-" is standard output: seekable when it is a
 * regular file not opened for appending.  A path to a regular file or to
 * nothing yet gets a temporary file in the same directory that
 * pgs_output_commit() renames onto it: a file being replaced keeps its
 * permission bits and group, a new one gets what the umask gives.  A
 * symbolic link is followed: the temporary file goes beside the file it
 * points to, which is replaced; the link stays.  A FIFO or a character
 * device is opened and written directly (not seekable; no rename, no
 * fsync).  A directory, a block device or a socket is PGS_EUSAGE.  On
 * failure nothing is left to free.
 */
int pgs_output_open(struct pgs_output *out, const char *path,
		    struct pgs_error *err);

/*
 * PGS_EUSAGE when the output would end up in the same file (device and
 * inode, links followed) as the input, which would be destroyed; 0 when
 * not, or when the input is not a regular file.
 */
int pgs_output_check_not_input(const struct pgs_output *out,
			       const struct pgs_input *in,
			       struct pgs_error *err);

/* Append n bytes.  A vanished reader is PGS_EPIPE; other failures PGS_EIO. */
int pgs_output_write(struct pgs_output *out, const void *p, size_t n,
		     struct pgs_error *err);

/* Write out everything buffered. */
int pgs_output_flush(struct pgs_output *out, struct pgs_error *err);

/*
 * Overwrite n already-written bytes at archive offset pos (seekable only;
 * flushes first).  Used to rewrite the TOC with the real data offsets.
 */
int pgs_output_rewrite(struct pgs_output *out, uint64_t pos, const void *p,
		       size_t n, struct pgs_error *err);

/*
 * Flush, and for a named file fsync the temporary file: after this only the
 * rename of pgs_output_commit() is left, which does not fail for want of
 * space.
 */
int pgs_output_sync(struct pgs_output *out, struct pgs_error *err);

/*
 * Whether two outputs would end up in the same file (the same target path
 * after links, or the same device and inode).
 */
int pgs_output_same(const struct pgs_output *a, const struct pgs_output *b);

/*
 * Finish successfully: flush, and for a named file fsync, close and rename
 * the temporary file onto the target; a FIFO or a device is closed.
 */
int pgs_output_commit(struct pgs_output *out, struct pgs_error *err);

/* Finish after a failure: close and remove the temporary file, if any. */
void pgs_output_abort(struct pgs_output *out);

/*
 * Remove the temporary files of the outputs being written (up to four at
 * once: the archive and the report), if any.  Only async-signal-safe calls:
 * for the handler of every signal that would end the process, so that a
 * run killed by a timeout leaves nothing behind either.
 */
void pgs_output_remove_on_signal(void);

#endif
