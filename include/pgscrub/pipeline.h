/*
 * pipeline.h — one run of pgscrub: archive in, scrubbed archive out.
 */
#ifndef PGSCRUB_PIPELINE_H
#define PGSCRUB_PIPELINE_H

#include <stdint.h>
#include "pgscrub/compress.h"
#include "pgscrub/error.h"
#include "pgscrub/io.h"
#include "pgscrub/rules.h"
#include "pgscrub/schema.h"

/* Where a run is, for a progress display. */
struct pgs_progress {
	uint64_t bytes_in;              /* read so far */
	uint64_t bytes_total;           /* the input file's size; 0 when the
					   input is not a regular file */
	unsigned tables_done;           /* data blocks done (large objects'
					   not counted) */
	unsigned tables_total;          /* of these; 0 until the output pass */
	/* The table whose data is being read (or was last), unquoted, or
	 * NULL before the first; valid during the call only.  table_no is
	 * its place among tables_total (1-based), 0 when it is read ahead
	 * of the output pass (row filters, subset.h). */
	const char *schema, *table;
	unsigned table_no;
};

/* Called now and then during a run: at least once per data block and once
 * per MiB read, also while a block is read ahead for row filters. */
typedef void (*pgs_progress_fn)(void *ctx, const struct pgs_progress *p);

struct pgs_options {
	const char *input;              /* path, or NULL / "-" for stdin */
	const char *output;             /* path, or NULL / "-" for stdout */
	const struct pgs_rules *rules;
	/* The run's master key (secret_env, secret_file or secret = random),
	 * or NULL when the rules name no keyed anonymiser. */
	const unsigned char *master_key;
	int recompress;                 /* --compress was given */
	enum pgs_compression compression;
	int level;                      /* PGS_COMPRESS_DEFAULT_LEVEL or a level */
	pgs_progress_fn progress;       /* NULL: none */
	void *progress_ctx;
	/* --schema / --dbname: where tables the archive has no definition of
	 * (data-only dumps, extension configuration tables) take their types
	 * (pgs_schema_adopt), or NULL; named in messages by schema_name. */
	const struct pgs_schema *schema;
	const char *schema_name;
	/* Where a pipe is spooled when rows are filtered (subset.h): $TMPDIR,
	 * or NULL for /tmp. */
	const char *tmpdir;
	/* A directory archive: input is the directory, output the directory
	 * to write (pgs_pipeline_scrub_dir); force replaces a non-empty one. */
	int force;
	/* Worker threads: the tables of a directory archive at once, and the
	 * threads that compress one table's stream (compress_pool.h) of a
	 * custom archive; 0 = the cores it may run on (CPU affinity).  The
	 * output is the same for any value. */
	unsigned jobs;
	/* Tests only: the compression worker that takes a stream's
	 * test_fail_block-th block fails (pgs_compress_pool_fail_at; 0 =
	 * never). */
	uint64_t test_fail_block;
	/* Tests only: when a custom archive's tables are done at once (-j,
	 * a seekable input), the worker that does the test_fail_table-th of
	 * them (in TOC order) fails once it has written it (0 = never). */
	uint64_t test_fail_table;
};

/* More worker threads than this are not started. */
#define PGS_MAX_JOBS 256

/* What happened to one column of a rewritten table. */
struct pgs_column_tally {
	char *column;                   /* unquoted */
	char *rule;                     /* the rule as written, "keep" if none */
	uint64_t changed;               /* values the rule changed */
	char *origin;                   /* where it comes from, as
					   pgs_plan_origin() says: "[*],
					   rules.ini:4"; NULL: not said */
};

/* Rows a foreign key removed or nulled (smaller copies). */
struct pgs_cause_tally {
	char *constraint;
	uint64_t removed, nulled;
};

/* What happened to one table's data. */
struct pgs_table_tally {
	char *schema, *table;           /* unquoted */
	const char *action;             /* "copied", "recompressed", "rewritten",
					   "truncated" */
	int64_t rows;                   /* rows seen; -1 when the data was not
					   decoded (copied byte for byte) */
	struct pgs_column_tally *cols;  /* rewritten tables only */
	size_t ncols;
	/* Row filters (subset.h): filtered is set when rows were decided one
	 * by one; rows is then the rows in, the rest how they went. */
	int filtered;
	uint64_t kept, removed_by_filter, removed_by_cascade, nulled;
	struct pgs_cause_tally *causes; /* per foreign key, those that acted */
	size_t ncauses;
	/* Its data block in the output pass: the bytes read (block head,
	 * chunk lengths and payload, as in the input) and written, and the
	 * wall-clock seconds it took (a first reading for row filters,
	 * subset.h, is not counted). */
	uint64_t bytes_in, bytes_out;
	double seconds;
};

/*
 * The run's counters, for -v and --report.  (In pgscrub "statistics" always
 * means pg_dump's STATISTICS DATA entries, scrubbed by statistics.c.)
 */
struct pgs_tally {
	uint64_t bytes_in;
	uint64_t bytes_out;
	unsigned blocks_copied;         /* copied byte for byte */
	unsigned blocks_recompressed;   /* decoded and re-encoded unchanged */
	unsigned tables_rewritten;      /* rows rewritten */
	unsigned tables_truncated;      /* truncate = ...: rows dropped */
	uint64_t rows_rewritten;
	unsigned statistics_entries_removed; /* of truncated tables */
	unsigned statistics_values_removed;  /* value arguments scrubbed from
						the other entries */
	int offsets_written;            /* the output TOC has data offsets */
	int directory;                  /* a directory archive was written */
	int script;                     /* a plain SQL script in and out
					   (pipeline_plain.h): no TOC, no
					   offsets */
	int tar;                        /* a tar archive in and out
					   (pg_dump -Ft): no offsets */
	int subset_read_first;          /* tables were read before the output
					   for the keys others need */
	uint64_t rows_removed;          /* by filters and their closure */
	uint64_t rows_nulled;           /* kept, references set NULL */
	unsigned tables_filtered;       /* tables whose rows were decided one
					   by one */
	unsigned large_object_blocks;   /* BLOBS blocks */
	const char *large_objects;      /* "none", "kept", "dropped" */
	struct pgs_table_tally *tables; /* in TOC order; pgs_tally_release */
	size_t ntables;
};

/* Free what a run put in tally->tables. */
void pgs_tally_release(struct pgs_tally *tally);

/*
 * Read the archive from in, check that opt->rules cover all of its table
 * data, and write the scrubbed archive to out.  in and out are opened by the
 * caller (opt->input and opt->output are not used); out is flushed on
 * success but neither committed nor aborted: the caller does that, so that
 * it can open every output before reading any data and finish them in an
 * order that never leaves an archive behind a failed run.  Nothing is
 * written to out before the rules have been checked against the whole TOC.
 */
/* -j: the threads that compress one stream (opt->jobs, or the cores this
 * process may run on when it is 0; at most PGS_MAX_JOBS). */
unsigned pgs_pipeline_jobs(const struct pgs_options *opt);

int pgs_pipeline_scrub(const struct pgs_options *opt, struct pgs_input *in,
		       struct pgs_output *out, struct pgs_tally *tally,
		       struct pgs_error *err);

/*
 * The same for a directory archive (pg_dump -Fd): opt->input is the
 * directory, in its toc.dat opened by the caller; the scrubbed archive is
 * built beside opt->output and renamed onto it on success (an existing
 * empty directory is replaced, a non-empty one only with opt->force),
 * removed on failure (archive_directory.h).
 */
int pgs_pipeline_scrub_dir(const struct pgs_options *opt, struct pgs_input *in,
			   struct pgs_tally *tally, struct pgs_error *err);

/*
 * pgs_pipeline_scrub() of a custom archive (in, a file or a pipe) written
 * as a directory archive to opt->output, as pgs_pipeline_scrub_dir()
 * writes one (--format directory).  A tar archive in (pg_dump -Ft, found
 * by its first header) is written the same way: each member as its file,
 * restore.sql left out.
 */
int pgs_pipeline_convert_to_dir(const struct pgs_options *opt,
				struct pgs_input *in, struct pgs_tally *tally,
				struct pgs_error *err);

/*
 * A directory archive (opt->input, its toc.dat in in) scrubbed into a
 * custom archive on out (--format custom), as pgs_pipeline_scrub() writes
 * one: out is flushed, not committed.
 */
int pgs_pipeline_convert_to_custom(const struct pgs_options *opt,
				   struct pgs_input *in, struct pgs_output *out,
				   struct pgs_tally *tally, struct pgs_error *err);

/*
 * pgs_pipeline_scrub() of a tar archive (pg_dump -Ft; in, a file or a
 * pipe, positioned at its first header) into a tar archive on out, member
 * by member in order (archive_tar.h); out is flushed, not committed.
 * PGS_EUSAGE for --compress other than none (tar members are never
 * compressed).
 */
int pgs_pipeline_scrub_tar(const struct pgs_options *opt, struct pgs_input *in,
			   struct pgs_output *out, struct pgs_tally *tally,
			   struct pgs_error *err);

/*
 * A tar archive (in, a file or a pipe) scrubbed into a custom archive on
 * out (--format custom): each member its block, restore.sql left out;
 * data offsets as pgs_pipeline_scrub() writes them.  out is flushed, not
 * committed.
 */
int pgs_pipeline_convert_tar_to_custom(const struct pgs_options *opt,
				       struct pgs_input *in,
				       struct pgs_output *out,
				       struct pgs_tally *tally,
				       struct pgs_error *err);

/*
 * A custom archive (in, a file or a pipe; dir_in 0) or a directory archive
 * (dir_in 1: opt->input the directory, in its toc.dat) scrubbed into a tar
 * archive on out (--format tar), members as pg_dump -Ft writes them, every
 * stream decoded (tar members are never compressed), restore.sql a short
 * script saying how to make one.  PGS_EUSAGE for --compress other than
 * none.  out is flushed, not committed.
 */
int pgs_pipeline_convert_to_tar(const struct pgs_options *opt, int dir_in,
				struct pgs_input *in, struct pgs_output *out,
				struct pgs_tally *tally, struct pgs_error *err);

/*
 * pgs_pipeline_scrub() from the archive named by opt->input into
 * opt->output (refused when it is the input file), committed on success
 * and removed on failure.
 */
int pgs_pipeline_run(const struct pgs_options *opt, struct pgs_tally *tally,
		     struct pgs_error *err);

#endif
