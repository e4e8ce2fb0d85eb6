/*
 * archive_plain.h — a plain SQL script (pg_dump -Fp, the default format) read
 * as a stream of units and entries (other-formats.md §4).
 *
 * A script is psql input: comment and empty lines, psql meta-commands
 * (\restrict, \unrestrict, \connect), SQL statements ending in ';' (found
 * with psql's own rules: quotes, dollar quotes, nested comments,
 * parentheses and BEGIN ATOMIC bodies), and after each COPY ... FROM stdin;
 * statement its rows up to the "\." line.  The scanner cuts the decoded
 * text into those units and hands each to a callback with the TOC entry it
 * belongs to.
 *
 * Entries: pg_dump's "-- Name: T; Type: D; Schema: S; Owner: O" comment
 * (and "-- Data for Name: ...", "-- Statistics for Name: ...") starts one.
 * That comment is only a hint (names are not quoted there, so a name with
 * "; Type: " in it makes it ambiguous): the names of tables, types,
 * domains, indexes, data and statistics are taken from their statements,
 * parsed with sql_lex.h, and a COPY ... FROM stdin block is table data
 * whatever the comment above it says.  The entries make a TOC (struct
 * pgs_archive, archive.h) like a custom archive's, with made-up dumpIds and
 * the dependencies schema.c and plan.c look for (data and statistics on
 * their table, an index on its table), so that the schema, the resolver,
 * check, init and plan read a script as they read an archive.
 *
 * Memory: the TOC holds the DDL; a unit is held until it is complete (a
 * statement, a line), COPY rows are handed on in pieces and never held.
 */
#ifndef PGSCRUB_ARCHIVE_PLAIN_H
#define PGSCRUB_ARCHIVE_PLAIN_H

#include <stddef.h>
#include <stdint.h>
#include "pgscrub/archive.h"
#include "pgscrub/buf.h"
#include "pgscrub/compress.h"
#include "pgscrub/error.h"
#include "pgscrub/io.h"

/* The first bytes of every script pg_dump writes. */
#define PGS_PLAIN_MAGIC "--\n-- PostgreSQL database dump\n"

/* A statement or comment line longer than this is refused. */
#define PGS_PLAIN_MAX_UNIT ((size_t)1 << 30)

enum pgs_plain_kind {
	PGS_PLAIN_LINE = 1,  /* a comment or empty line outside statements */
	PGS_PLAIN_META,      /* a psql meta-command line */
	PGS_PLAIN_STMT,      /* a statement through ';' (and the LF after it) */
	PGS_PLAIN_COPY_DATA, /* rows of a COPY block, a piece of any size */
	PGS_PLAIN_COPY_END   /* the "\.\n" line that ends a COPY block */
};

/* What a statement is, for whoever copies or changes it. */
enum pgs_plain_role {
	PGS_PLAIN_ROLE_NONE = 0,
	PGS_PLAIN_ROLE_SESSION,  /* SET, RESET, SELECT pg_catalog.set_config */
	PGS_PLAIN_ROLE_DEFN,     /* part of its entry's defn */
	PGS_PLAIN_ROLE_OWNER,    /* ALTER ... OWNER TO: the entry's owner */
	PGS_PLAIN_ROLE_COPY,     /* COPY ... FROM stdin: rows follow */
	PGS_PLAIN_ROLE_INSERT,   /* INSERT-style table data (--inserts) */
	PGS_PLAIN_ROLE_LO_DATA,  /* a BLOBS entry's statements: lowrite etc. */
	PGS_PLAIN_ROLE_LO_WRITE  /* ... of which SELECT pg_catalog.lowrite */
};

struct pgs_plain_unit {
	enum pgs_plain_kind kind;
	enum pgs_plain_role role;       /* PGS_PLAIN_STMT only */
	const char *p;                  /* borrowed: valid during the call */
	size_t n;
	size_t entry;                   /* its TOC entry, SIZE_MAX before the
					   first */
	uint64_t offset;                /* of its first byte in the script */
};

typedef int (*pgs_plain_unit_fn)(void *ctx, const struct pgs_plain_unit *u,
				 struct pgs_error *err);

struct pgs_plain_scanner {
	/* Set by pgs_plain_scanner_init. */
	struct pgs_archive *a;
	int build;                      /* add entries to a (else replay the
					   entries a first scan added) */
	pgs_plain_unit_fn unit;         /* may be NULL */
	void *ctx;

	/* Private. */
	struct pgs_buf cur;             /* the unit being collected */
	struct pgs_buf defn;            /* the current entry's defn so far */
	int state, lx;
	int prev;                       /* the byte before, in SQL, or -1 */
	int e_close;                    /* a string just closed was E'' */
	size_t depth_comment, paren, begin_depth;
	size_t tag_at, tag_len;         /* a dollar quote's $tag$ in cur */
	size_t word_at;                 /* where a bare word began in cur */
	int in_word;
	unsigned nwords;
	char words[4];
	unsigned char hold[3];          /* a COPY line that may be "\." */
	size_t hold_len;
	int body_bol;                   /* at the start of a COPY row */
	uint64_t offset;                /* decoded bytes scanned */
	uint64_t unit_at;               /* offset of cur's first byte */
	uint64_t line;                  /* 1-based line of the next byte */
	size_t entry;                   /* current entry, SIZE_MAX: none */
	size_t replayed;                /* entries met again (replay) */
	int entry_has_copy;             /* its COPY statement has been met */
	int entry_named;                /* its first INSERT named it */
	int entry_header;               /* it was started by a header comment */
	int saw_post_data;
	int saw_magic;                  /* the first bytes were checked */
	int std_strings;                /* standard_conforming_strings */
	int stop;                       /* set by the unit callback: feed
					   returns at once, taking no more */
	size_t cap;                     /* of a->toc while building */
};

/*
 * Scan into a (build: a is filled as a TOC; a must be initialised and
 * empty) or over the TOC a first scan built (replay: the same units get the
 * same entries).  Allocates nothing yet.
 */
void pgs_plain_scanner_init(struct pgs_plain_scanner *sc,
			    struct pgs_archive *a, int build,
			    pgs_plain_unit_fn unit, void *ctx);
void pgs_plain_scanner_release(struct pgs_plain_scanner *sc);

/*
 * Whether the first n decoded bytes of an input (n > 0) can begin a pg_dump
 * script: 0, or PGS_EINPUT naming what they begin instead (a compressed
 * custom-format or tar archive) or "not a pg_dump plain SQL script".
 */
int pgs_plain_head_check(const void *p, size_t n, struct pgs_error *err);

/*
 * pgs_sink_fn, ctx a scanner: n more decoded bytes of the script.
 * PGS_EINPUT for: a first line that is not pg_dump's ("not a pg_dump plain
 * SQL script"), an unknown psql meta-command, a backslash command inside a
 * statement, a COPY statement that is not COPY ... FROM stdin of a table,
 * INSERT or large-object data outside an entry of that kind, a unit over
 * PGS_PLAIN_MAX_UNIT; each with the line it is on.
 */
int pgs_plain_scanner_feed(void *sc, const void *p, size_t n,
			   struct pgs_error *err);

/*
 * Start sc (initialised for replay) in the rows of entry idx's COPY block,
 * which begin at decoded offset `offset` of the script: for reading one
 * table again from an uncompressed script, by seeking there.  The unit
 * callback sets sc->stop on its PGS_PLAIN_COPY_END.
 */
void pgs_plain_scanner_start_rows(struct pgs_plain_scanner *sc, size_t idx,
				  uint64_t offset);

/*
 * The script ended: PGS_EINPUT "the script ends inside a COPY block (no
 * \. line)" or "... inside a statement" (a truncated script), else the
 * last unit is handed out; when building, the TOC is finished (its
 * dependencies linked, its dumpId index made).
 */
int pgs_plain_scanner_finish(struct pgs_plain_scanner *sc,
			     struct pgs_error *err);

/* What the first bytes of the input say it is. */
enum pgs_plain_detect {
	PGS_DETECT_OTHER = 0,           /* not a script: the custom path */
	PGS_DETECT_PLAIN,               /* starts with "--" */
	PGS_DETECT_COMPRESSED           /* gzip, lz4 or zstd magic bytes */
};

/*
 * Look at (without consuming) the first bytes of in: *alg is the
 * compression a compressed file's magic bytes name (else none).
 */
int pgs_plain_detect(enum pgs_plain_detect *kind, enum pgs_compression *alg,
		     struct pgs_input *in, struct pgs_error *err);

/*
 * Read the whole script from in (compressed or not, as pgs_plain_detect
 * says) into a as a TOC, units handed to unit (may be NULL).  *alg gets the
 * input's compression.  The input is left at its end.
 */
int pgs_plain_read_toc(struct pgs_archive *a, enum pgs_compression *alg,
		       struct pgs_input *in, pgs_plain_unit_fn unit,
		       void *ctx, struct pgs_error *err);

/*
 * Feed the decoded script from in's current position to the end through
 * sc (a decoder of alg made and freed here, or dec when not NULL, reset
 * first), then finish sc.
 */
int pgs_plain_scan(struct pgs_plain_scanner *sc, struct pgs_input *in,
		   enum pgs_compression alg, struct pgs_decoder *dec,
		   struct pgs_error *err);

#endif
