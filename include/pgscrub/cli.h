/*
 * cli.h — the pieces of the pgscrub command line that the scrub (main.c)
 * and its subcommands (src/cli.c) share: exit statuses, the one
 * error printer, and the subcommands themselves.  CLI code only: these read
 * argv and print.
 */
#ifndef PGSCRUB_CLI_H
#define PGSCRUB_CLI_H

#include <stdio.h>
#include "pgscrub/compress.h"
#include "pgscrub/error.h"

/* Exit statuses: the README's "Exit codes" tables and --help are the
 * contract. */
enum pgs_exit {
	PGS_EXIT_OK = 0,
	PGS_EXIT_FAILED = 1,    /* run: the archive could not be read or
				 * written; check: problems found; all: the
				 * reader of the output went away (quietly) */
	PGS_EXIT_USAGE = 2,     /* bad usage, invalid rules; check and init:
				 * also unreadable input */
	PGS_EXIT_COVERAGE = 3,  /* run: the rules do not cover the archive */
	PGS_EXIT_INTERNAL = 4   /* a bug in pgscrub (PGS_EINTERNAL) */
};

/* Which command failed: the same error class can mean another status. */
enum pgs_cli_command {
	PGS_CLI_RUN,            /* pgscrub -r RULES ... */
	PGS_CLI_CHECK,          /* pgscrub check */
	PGS_CLI_INIT            /* pgscrub init (pgscrub plan and --dry-run
				   take the run's statuses: PGS_CLI_RUN) */
};

/*
 * Print err on stderr and return cmd's exit status for it (main.c).
 *   PGS_EPIPE      nothing printed (the reader went away): PGS_EXIT_FAILED
 *   PGS_EINTERNAL  "pgscrub: internal error: MSG" and a line asking for a
 *                  bug report: PGS_EXIT_INTERNAL
 *   other          "pgscrub: error: MSG"; PGS_EUSAGE and PGS_ERULES give
 *                  PGS_EXIT_USAGE; the run gives PGS_EXIT_COVERAGE for
 *                  PGS_ECOVERAGE and PGS_EXIT_FAILED for the rest, check
 *                  and init PGS_EXIT_USAGE
 * followed by "pgscrub: hint: HINT" when the error has a hint.
 */
int pgs_cli_error(const struct pgs_error *err, enum pgs_cli_command cmd);

/* The exit status pgs_cli_error() returns for err, printing nothing (for
 * the --report's "exit_status"). */
int pgs_cli_exit_status(const struct pgs_error *err, enum pgs_cli_command cmd);

/*
 * Print "pgscrub: error: FMT" and a hint to try --help (of subcommand cmd,
 * or of pgscrub itself when cmd is NULL); returns PGS_EXIT_USAGE (main.c).
 */
int pgs_cli_usage_error(const char *cmd, const char *fmt, ...)
	PGS_PRINTF(2, 3);

/*
 * The subcommands.  main.c calls them when argv[1] is "check", "init" or
 * "anonymisers",
 * passing argc - 1 and argv + 1, so that argv[0] is the subcommand's name
 * and argv[1] its first argument.  They return the exit status for main()
 * to return: 0 success (check: the rules cover the schema, warnings
 * allowed), 1 (check) problems found, or the reader of the output went
 * away, 2 bad usage, unreadable input, an unreachable database or an
 * invalid rules file, 4 an internal error.
 */

/*
 * The schema of the archive file (NULL or "-": standard input; header and
 * TOC only) or, when dbname is set, of that database (catalog.h).  Errors
 * say which was being read.  For the run's --schema/--dbname and the
 * subcommands.
 */
struct pgs_schema;
struct pgs_sample;
int pgs_cli_load_schema(struct pgs_schema *s, const char *archive,
			const char *dbname, struct pgs_sample *sample,
			struct pgs_error *err);

/* pgscrub check -r RULES [ARCHIVE | --dbname CONNINFO] [--format text|json] */
int pgs_cli_check(int argc, char **argv);

/* pgscrub init [ARCHIVE | --dbname CONNINFO] [--update RULES] [-o FILE] */
int pgs_cli_init(int argc, char **argv);

/* pgscrub anonymisers [--names] [NAME...]: the anonymiser registry
 * (anon.h), one line each, or only the names; NAMEs restrict the list. */
int pgs_cli_anonymisers(int argc, char **argv);

/*
 * Write s[0..len) to f as a terminal may safely show it: printable ASCII,
 * LF, TAB and valid UTF-8 characters as they are; control bytes (ESC, BEL,
 * CR, ...), C1 controls and bytes that are not UTF-8 as \xHH.  Every message
 * and check's text report go through it, since they quote names and text
 * from the archive.  -1 when writing fails (errno set).
 */
int pgs_cli_print(FILE *f, const char *s, size_t len);

/*
 * pgscrub plan -r RULES [ARCHIVE] [--schema ARCHIVE | --dbname CONNINFO]
 *              [--compress M[:L]] [--format text|json]
 * What a run with the same rules and options would do, from ARCHIVE's
 * header and TOC (plan_show.h), on standard output.  Its exit status is
 * the run's: 0 the run would go ahead, 1 the archive cannot be read (or
 * the reader of the output went away), 2 bad usage or invalid rules, 3 the
 * rules do not cover the archive (the plan is still printed, then the
 * problem on stderr as the run says it), 4 an internal error.
 */
int pgs_cli_plan(int argc, char **argv);

/* The run's options that pgscrub plan and --dry-run share. */
struct pgs_cli_plan_args {
	const char *rules_path;
	const char *input;              /* NULL or "-": standard input */
	const char *output;             /* --dry-run's -o: where the run
					   would write, named in the plan and
					   never opened; NULL: standard output */
	const char *schema_path, *dbname;
	int recompress;                 /* --compress given */
	enum pgs_compression compression;
	int level;
	int json;
	int out_format;                 /* --format of the run: PGS_PLAN_OUT_*
					   (plan_show.h) */
};

/* pgscrub plan, or the run's --dry-run (main.c, once its options are
 * read): prints the plan and returns the exit status, as above. */
int pgs_cli_plan_run(const struct pgs_cli_plan_args *a);

#endif
