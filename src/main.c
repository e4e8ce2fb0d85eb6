/*
 * main.c — the pgscrub command line.  The only file that reads argv or the
 * environment, prints, or exits; everything else returns a struct pgs_error.
 */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "pgscrub/compress.h"
#include "pgscrub/error.h"
#include "pgscrub/pipeline.h"
#include "pgscrub/rules.h"

#ifndef PGSCRUB_VERSION
#define PGSCRUB_VERSION "unknown"
#endif
#ifndef PGSCRUB_INIH_VERSION
#define PGSCRUB_INIH_VERSION "unknown"
#endif

/* Exit codes: the README's "Exit codes" section is the contract. */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,      /* the archive could not be read or written */
	EXIT_USAGE = 2,       /* bad command line, unreadable or invalid rules */
	EXIT_COVERAGE = 3     /* the rules do not cover or fit the archive */
};

static const char usage_text[] =
"usage: pgscrub -r RULES [-i IN] [-o OUT] [--compress METHOD[:LEVEL]] [-v]\n"
"\n"
"Read a pg_dump custom-format archive (pg_dump -Fc), rewrite its table data\n"
"column by column as RULES says, and write a valid archive for pg_restore.\n"
"\n"
"  -r, --rules FILE        the rules file (INI; see rules.ini)\n"
"  -i, --input FILE        archive to read (default or '-': standard input)\n"
"  -o, --output FILE       archive to write (default or '-': standard output);\n"
"                          written beside FILE and renamed only on success\n"
"      --compress M[:L]    recompress all data with M = none, gzip, lz4 or\n"
"                          zstd (lz4 and zstd need a pg_dump 16+ archive)\n"
"  -v, --verbose           print a summary of what was done to stderr\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and library versions and exit\n"
"\n"
"Exit status: 0 done; 1 the archive could not be read or written;\n"
"2 bad usage or an invalid rules file; 3 the rules do not cover the archive.\n"
"\n"
"Example:  pg_dump -Fc prod | pgscrub -r rules.ini | pg_restore -d dev\n";

static int usage_error(const char *fmt, ...) PGS_PRINTF(1, 2);

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pgscrub: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\npgscrub: hint: try 'pgscrub --help'\n");
	return EXIT_USAGE;
}

static int report(const struct pgs_error *err)
{
	switch (err->code) {
	case PGS_EPIPE:
		return EXIT_FAILED;   /* the reader went away: end quietly */
	default:
		break;
	}
	fprintf(stderr, "pgscrub: error: %s\n", err->msg);
	if (err->hint[0])
		fprintf(stderr, "pgscrub: hint: %s\n", err->hint);
	switch (err->code) {
	case PGS_EUSAGE:
	case PGS_ERULES:
		return EXIT_USAGE;
	case PGS_ECOVERAGE:
		return EXIT_COVERAGE;
	default:
		return EXIT_FAILED;
	}
}

static void print_version(void)
{
	int pq = PQlibVersion();

	printf("pgscrub %s\n", PGSCRUB_VERSION);
	printf("%s, libpq %d.%d, inih r%s\n", pgs_compression_versions(),
	       pq / 10000, pq % 10000, PGSCRUB_INIH_VERSION);
}

static void print_summary(const struct pgs_stats *st)
{
	fprintf(stderr,
		"pgscrub: %u table%s rewritten (%llu rows), %u block%s copied, "
		"%u recompressed; %llu bytes in, %llu bytes out; %s\n",
		st->tables_rewritten, st->tables_rewritten == 1 ? "" : "s",
		(unsigned long long)st->rows_rewritten,
		st->blocks_copied, st->blocks_copied == 1 ? "" : "s",
		st->blocks_recompressed,
		(unsigned long long)st->bytes_in,
		(unsigned long long)st->bytes_out,
		st->offsets_written ? "data offsets written"
				    : "no data offsets (output is not seekable)");
	if (st->stats_entries_removed)
		fprintf(stderr, "pgscrub: removed %u STATISTICS DATA entr%s of "
			"rewritten tables\n", st->stats_entries_removed,
			st->stats_entries_removed == 1 ? "y" : "ies");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "compress", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct pgs_options opt;
	struct pgs_rules rules;
	struct pgs_stats stats;
	struct pgs_error err;
	const char *rules_path = NULL;
	int verbose = 0, c, rc;

	memset(&opt, 0, sizeof(opt));
	opt.level = PGS_COMPRESS_DEFAULT_LEVEL;
	pgs_error_init(&err);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:i:o:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			rules_path = optarg;
			break;
		case 'i':
			opt.input = optarg;
			break;
		case 'o':
			opt.output = optarg;
			break;
		case 'c':
			if (pgs_compression_parse(&opt.compression, &opt.level,
						  optarg, &err))
				return report(&err);
			opt.recompress = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		case 'V':
			print_version();
			return EXIT_OK;
		case ':':
			return usage_error("option '%s' needs an argument",
					   argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s' (the input is given "
				   "with -i)", argv[optind]);
	if (!rules_path)
		return usage_error("%s", "no rules file: give one with -r RULES");
	if ((!opt.output || strcmp(opt.output, "-") == 0) && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "pgscrub: error: refusing to write an archive to a terminal\n"
			"pgscrub: hint: pipe the output to pg_restore, redirect it, "
			"or use -o FILE\n");
		return EXIT_USAGE;
	}
	if ((!opt.input || strcmp(opt.input, "-") == 0) && isatty(STDIN_FILENO)) {
		fprintf(stderr, "pgscrub: error: no input: standard input is a terminal\n"
			"pgscrub: hint: pipe pg_dump -Fc into pgscrub, or use -i FILE\n");
		return EXIT_USAGE;
	}
	if (opt.input && opt.output && strcmp(opt.input, "-") != 0 &&
	    strcmp(opt.input, opt.output) == 0)
		return usage_error("input and output are the same file '%s'",
				   opt.input);

	/* A reader that closes the pipe must give EPIPE, not kill us. */
	signal(SIGPIPE, SIG_IGN);

	pgs_rules_init(&rules);
	if (pgs_rules_load(&rules, rules_path, &err)) {
		pgs_rules_release(&rules);
		return report(&err);
	}
	opt.rules = &rules;
	rc = pgs_pipeline_run(&opt, &stats, &err);
	pgs_rules_release(&rules);
	if (rc)
		return report(&err);
	if (verbose)
		print_summary(&stats);
	return EXIT_OK;
}
