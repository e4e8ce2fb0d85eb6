/*
 * copy.h — PostgreSQL's text COPY format, as pg_dump stores table data
 * (archive-format.md §6.1; the server's copyto.c CopyAttributeOutText and
 * copyfromparse.c CopyReadAttributesText).
 *
 * Rows end with LF, fields are separated by TAB, "\N" as a whole raw field
 * is NULL.  The stream ends with the line "\." followed by empty lines
 * (pg_dump writes "\\.\n\n\n").
 *
 * Only byte values 0x09, 0x0A and 0x5C matter to the parser, which is safe
 * for every server encoding (each byte of a multibyte character is >= 0x80).
 */
#ifndef PGSCRUB_COPY_H
#define PGSCRUB_COPY_H

#include <stddef.h>
#include <stdint.h>
#include "pgscrub/buf.h"
#include "pgscrub/error.h"

/* A borrowed run of bytes; see each function for how long it stays valid. */
struct pgs_slice {
	const char *p;
	size_t len;
};

/*
 * Called once per complete data row.  line points at the row without its LF
 * and is valid only during the call (it may point into the caller's input
 * or into the reader's own buffer).  rowno counts data rows from 1.
 */
typedef int (*pgs_row_fn)(void *ctx, const char *line, size_t len,
			  uint64_t rowno, struct pgs_error *err);

/*
 * Empty lines accepted after the "\." line.  pg_dump writes 2; the cap keeps
 * what a caller writes back small (a block of newlines decodes to any size).
 */
#define PGS_COPY_MAX_TRAILING_LFS 64u

/* Splits a decompressed COPY stream, arriving in arbitrary pieces, into rows. */
struct pgs_copy_reader {
	struct pgs_buf partial;   /* an incomplete row carried between feeds */
	uint64_t rows;            /* data rows delivered so far */
	int ended;                /* the "\." line has been seen */
	unsigned trailing_lfs;    /* LFs seen after the "\.\n" line (pg_dump: 2,
				     at most PGS_COPY_MAX_TRAILING_LFS) */
};

/* Rows may be up to max_row bytes long (without LF); longer is PGS_ENOMEM. */
void pgs_copy_reader_init(struct pgs_copy_reader *r, size_t max_row);

/* Ready for a new stream, keeping memory. */
void pgs_copy_reader_reset(struct pgs_copy_reader *r);

/*
 * Take n more bytes of the stream; call on_row for each row completed.
 * Rows wholly inside p are passed without copying.  The "\." line is not a
 * row.  After it only LFs may follow (counted in trailing_lfs, at most
 * PGS_COPY_MAX_TRAILING_LFS, more is PGS_EINPUT); any other byte is
 * PGS_EINPUT "data after the end-of-data marker".  Nothing after the "\."
 * line is buffered.  Errors from
 * on_row are returned unchanged.
 */
int pgs_copy_reader_feed(struct pgs_copy_reader *r, const char *p, size_t n,
			 pgs_row_fn on_row, void *ctx, struct pgs_error *err);

/*
 * The stream is over.  PGS_EINPUT when the last row has no LF ("the last row
 * ... is cut short") or the "\." end-of-data line never came.
 */
int pgs_copy_reader_finish(struct pgs_copy_reader *r, struct pgs_error *err);

void pgs_copy_reader_release(struct pgs_copy_reader *r);

/*
 * Split a row into raw (still escaped) fields at TAB bytes.  Stores at most
 * max fields into fields[] and returns the number of fields in the row
 * (which may be larger than max: the caller reports the mismatch).  An empty
 * line is one empty field.  The slices point into line.
 */
size_t pgs_copy_split(struct pgs_slice *fields, size_t max, const char *line,
		      size_t len);

/* True when the raw field is the NULL marker \N (exactly those two bytes). */
static inline int pgs_copy_is_null(const char *raw, size_t len)
{
	return len == 2 && raw[0] == '\\' && raw[1] == 'N';
}

/*
 * Append the value of a raw non-NULL field to out, undoing every escape COPY
 * FROM accepts: \b \f \n \r \t \v, \ + 1-3 octal digits, \x + 1-2 hex
 * digits, and \ + any other byte for that byte.  A lone backslash at the end
 * of the field is PGS_EINPUT.  out grows by len (the decoded value is never
 * longer) before decoding, so out's cap must leave room for the raw length,
 * not just the value's: PGS_ENOMEM otherwise.
 */
int pgs_copy_decode(struct pgs_buf *out, const char *raw, size_t len,
		    struct pgs_error *err);

/*
 * Append value escaped exactly as COPY TO writes it: \ -> \\, and BS FF LF
 * CR TAB VT -> \b \f \n \r \t \v; every other byte raw.
 */
int pgs_copy_encode(struct pgs_buf *out, const char *val, size_t len,
		    struct pgs_error *err);

/*
 * The parts of a COPY statement as pg_dump writes it in a TABLE DATA entry:
 *   COPY schema.table (col, "Col 2", ...) FROM stdin;\n
 * or, for a table with no dumpable columns, "COPY schema.table  FROM stdin;\n".
 */
struct pgs_copy_stmt {
	char *schema;   /* unquoted, owned; "" when the statement names the
			   table unqualified (pg_dump before 11) */
	char *table;    /* unquoted, owned */
	char **cols;    /* ncols unquoted names, owned */
	size_t ncols;
};

/* The server sends one COPY row in one message, so no row exceeds 1 GB. */
#define PGS_MAX_ROW ((size_t)1 << 30)

/* A table has at most 1,600 columns (PostgreSQL's MaxHeapAttributeNumber). */
#define PGS_MAX_COPY_COLUMNS 1600
#define PGS_STR_(x) #x
#define PGS_STR(x) PGS_STR_(x)

/*
 * Parse stmt into st (which must be zeroed or released).  PGS_EINPUT with a
 * message quoting the statement when it is not of the form above, when it
 * names a column twice or lists more than PGS_MAX_COPY_COLUMNS columns.
 */
int pgs_copy_stmt_parse(struct pgs_copy_stmt *st, const char *stmt,
			struct pgs_error *err);

/* Free the contents and zero st. */
void pgs_copy_stmt_release(struct pgs_copy_stmt *st);

#endif
