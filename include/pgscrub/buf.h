/*
 * buf.h — a growable byte buffer with a hard cap (git's strbuf, curl's
 * dynbuf).
 *
 * data[len] is always NUL once the buffer has grown at least once, so text
 * can be used as a C string.  Growth beyond max fails with PGS_ENOMEM
 * instead of allocating: every length that comes from an archive is checked
 * against a cap before it is allocated.  Reuse one buffer with
 * pgs_buf_reset() rather than allocating per row or per field.
 */
#ifndef PGSCRUB_BUF_H
#define PGSCRUB_BUF_H

#include <stddef.h>
#include "pgscrub/error.h"

struct pgs_buf {
	char *data;  /* NULL until the first growth; owned by the buffer */
	size_t len;  /* bytes in use */
	size_t cap;  /* bytes allocated (len + 1 <= cap once allocated) */
	size_t max;  /* len never exceeds this */
};

/* An empty buffer whose contents may grow to max bytes.  Allocates nothing. */
void pgs_buf_init(struct pgs_buf *b, size_t max);

/* Empty the buffer, keeping its memory. */
void pgs_buf_reset(struct pgs_buf *b);

/* Free the memory; the buffer is empty and usable again (same max). */
void pgs_buf_release(struct pgs_buf *b);

/* Make room for `extra` more bytes (plus the NUL).  PGS_ENOMEM past max. */
int pgs_buf_grow(struct pgs_buf *b, size_t extra, struct pgs_error *err);

/* Append n bytes from p (p may be NULL when n is 0). */
int pgs_buf_add(struct pgs_buf *b, const void *p, size_t n,
		struct pgs_error *err);

/* Append one byte. */
int pgs_buf_addc(struct pgs_buf *b, char c, struct pgs_error *err);

/* Append a NUL-terminated string. */
int pgs_buf_adds(struct pgs_buf *b, const char *s, struct pgs_error *err);

/* Append printf-style formatted text, of any length (PGS_ENOMEM past the
 * buffer's cap). */
int pgs_buf_addf(struct pgs_buf *b, struct pgs_error *err, const char *fmt,
		 ...) PGS_PRINTF(3, 4);

/* Append s as one POSIX shell word, for a command line in a hint: as it is
 * when it is not empty and holds only [A-Za-z0-9_./+,:@%=-], else in single
 * quotes, each ' written '\''. */
int pgs_buf_add_shell_word(struct pgs_buf *b, const char *s,
			   struct pgs_error *err);

/* Drop everything before offset n, moving the rest to the front. */
void pgs_buf_consume(struct pgs_buf *b, size_t n);

#endif
