/*
 * sample.h — a bounded look at the rows of a custom-format archive (or of a
 * database, through catalog.h), for
 * pgscrub init: which columns' values look like e-mail addresses, phone
 * numbers, payment cards, IP addresses or people's names, whatever the
 * columns are called.
 *
 * Only counts are kept, never a value: init prints verdicts, not data.
 * Each table's rows are read up to max_rows rows or max_bytes decompressed
 * bytes, whichever comes first; the rest of its block is passed over
 * without being decompressed (on a pipe it must still be read).
 */
#ifndef PGSCRUB_SAMPLE_H
#define PGSCRUB_SAMPLE_H

#include <stddef.h>
#include <stdint.h>
#include "pgscrub/archive.h"
#include "pgscrub/copy.h"
#include "pgscrub/error.h"
#include "pgscrub/io.h"

/* What a value looks like (pgs_sample_classify). */
enum pgs_sample_looks {
	PGS_LOOKS_NOTHING = 0,
	PGS_LOOKS_EMAIL,        /* the whole value is one e-mail address */
	PGS_LOOKS_PHONE,        /* 7 to 15 digits with +, blanks, '-', '.'
				   or brackets between them */
	PGS_LOOKS_CARD,         /* 13 to 19 digits (blanks or '-' between
				   groups) passing the Luhn check */
	PGS_LOOKS_IP,           /* an IPv4 or IPv6 address, CIDR suffix
				   allowed */
	PGS_LOOKS_COUNT
};

/* Defaults of pgscrub init: the first 1,000 rows, at most 4 MiB. */
#define PGS_SAMPLE_ROWS 1000u
#define PGS_SAMPLE_BYTES ((size_t)4 << 20)

struct pgs_sample_column {
	char *name;                     /* unquoted, owned */
	uint32_t values;                /* non-NULL values looked at */
	uint32_t looks[PGS_LOOKS_COUNT];/* how many looked like each */
	uint32_t person;                /* looked like a person's name: two or
					   three capitalised words */
	uint32_t has_email;             /* held an e-mail address somewhere */
};

struct pgs_sample_table {
	char *schema, *table;           /* unquoted, owned (from COPY) */
	uint64_t rows;                  /* rows looked at */
	struct pgs_sample_column *cols; /* in COPY order */
	size_t ncols;
};

struct pgs_sample {
	struct pgs_sample_table *tables;
	size_t ntables;
	uint32_t max_rows;              /* per table */
	size_t max_bytes;               /* decompressed, per table */
	size_t ninserts;                /* TABLE DATA entries of INSERT
					   statements (pg_dump --inserts),
					   passed over: not sampled */
};

/* Empty, with its bounds.  Allocates nothing. */
void pgs_sample_init(struct pgs_sample *s, uint32_t max_rows,
		     size_t max_bytes);
void pgs_sample_release(struct pgs_sample *s);

/*
 * The same for a directory archive: the data files in dir of the TABLE
 * DATA entries of a (read from its toc.dat), each decoded with the codec of
 * its suffix (archive_directory.h).
 */
int pgs_sample_directory(struct pgs_sample *s, const char *dir,
			 const struct pgs_archive *a, struct pgs_error *err);

/*
 * The same for a tar archive (pg_dump -Ft): rd is just past its toc.dat
 * member (pgs_tar_reader_member_done); the members that follow are read in
 * order, the TABLE DATA ones (by name) sampled, the others passed over, up
 * to the end blocks.  Errors name the member.
 */
struct pgs_tar_reader;
int pgs_sample_tar(struct pgs_sample *s, struct pgs_tar_reader *rd,
		   const struct pgs_archive *a, struct pgs_error *err);

/*
 * Read the data blocks of archive a from in, which is just past the TOC
 * (pgs_archive_read_toc), in TOC order, and count what the first rows of
 * each TABLE DATA entry look like.  Other blocks are passed over.  Errors
 * as the scrub's (PGS_EINPUT on damaged data, PGS_ENOMEM), with the TOC
 * entry added.
 */
int pgs_sample_archive(struct pgs_sample *s, struct pgs_input *in,
		       const struct pgs_archive *a, struct pgs_error *err);

/*
 * The same for rows that come from elsewhere (a database's COPY ... TO
 * STDOUT, catalog.h): a feed takes one table at a time, its COPY text in
 * pieces of any size, within the same bounds.
 */
struct pgs_sample_feed;

int pgs_sample_feed_open(struct pgs_sample_feed **f, struct pgs_sample *s,
			 struct pgs_error *err);
/* A new table; st names it and its columns (copied). */
int pgs_sample_feed_table(struct pgs_sample_feed *f,
			  const struct pgs_copy_stmt *st,
			  struct pgs_error *err);
/* More of its COPY text.  Bytes past the table's bounds are ignored. */
int pgs_sample_feed_data(struct pgs_sample_feed *f, const void *p, size_t n,
			 struct pgs_error *err);
void pgs_sample_feed_close(struct pgs_sample_feed *f);

/* The counts for a column, NULL when its table was not sampled. */
const struct pgs_sample_column *pgs_sample_column(const struct pgs_sample *s,
						  const char *schema,
						  const char *table,
						  const char *column);

/* What at least half of a column's sampled values look like, and at least
 * one value was looked at; PGS_LOOKS_NOTHING otherwise. */
enum pgs_sample_looks pgs_sample_verdict(const struct pgs_sample_column *c);

/* The classifiers, on one decoded value. */
enum pgs_sample_looks pgs_sample_classify(const char *v, size_t len);
int pgs_sample_is_person_name(const char *v, size_t len);
int pgs_sample_has_email(const char *v, size_t len);

#endif
