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

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <libpq-fe.h>

#include "pgscrub/anon.h"
#include "pgscrub/compress.h"
#include "pgscrub/error.h"
#include "pgscrub/pipeline.h"
#include "pgscrub/keyed.h"
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

/* A key shorter than this can be brute-forced through its outputs. */
#define MIN_SECRET_BYTES 16

static int secret_error(const char *what, const char *rules_path,
			int line)
{
	fprintf(stderr, "pgscrub: error: %s:%d: %s\n", rules_path, line, what);
	fprintf(stderr, "pgscrub: hint: make a key with: openssl rand -hex 32\n");
	return EXIT_USAGE;
}

/*
 * Turn the rules' secret_env / secret_file / secret = random into the run's
 * master key.  The secret itself is wiped as soon as the key is derived and
 * is never printed.  Returns an exit code, EXIT_OK when *have is set or no
 * secret is configured.
 */
static int load_key(const struct pgs_rules *rules,
		    unsigned char key[PGS_MASTER_KEY_BYTES], int *have)
{
	char buf[4096];
	size_t n = 0;
	int rc = EXIT_OK;

	*have = 0;
	if (rules->secret_random) {
		pgs_keyed_master_random(key);
		*have = 1;
		return EXIT_OK;
	}
	if (rules->secret_env) {
		const char *v = getenv(rules->secret_env);

		if (!v || !*v) {
			snprintf(buf, sizeof(buf), "secret_env: the environment "
				 "variable %s is not set", rules->secret_env);
			return secret_error(buf, rules->path, rules->secret_line);
		}
		n = strlen(v);
		if (n < MIN_SECRET_BYTES) {
			snprintf(buf, sizeof(buf), "secret_env: the key in %s is "
				 "shorter than %d bytes", rules->secret_env,
				 MIN_SECRET_BYTES);
			return secret_error(buf, rules->path, rules->secret_line);
		}
		pgs_keyed_master_from_secret(key, v, n);
		*have = 1;
		return EXIT_OK;
	}
	if (rules->secret_file) {
		int fd = open(rules->secret_file, O_RDONLY | O_CLOEXEC);
		ssize_t got;
		char msg[4200];

		if (fd < 0) {
			snprintf(msg, sizeof(msg), "secret_file: cannot read '%s': %s",
				 rules->secret_file, strerror(errno));
			return secret_error(msg, rules->path, rules->secret_line);
		}
		while (n < sizeof(buf) &&
		       (got = read(fd, buf + n, sizeof(buf) - n)) > 0)
			n += (size_t)got;
		close(fd);
		/* One trailing newline (or CR LF) is not part of the key. */
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			n--;
		if (n < MIN_SECRET_BYTES) {
			snprintf(msg, sizeof(msg), "secret_file: the key in '%s' is "
				 "shorter than %d bytes", rules->secret_file,
				 MIN_SECRET_BYTES);
			rc = secret_error(msg, rules->path, rules->secret_line);
		} else {
			pgs_keyed_master_from_secret(key, buf, n);
			*have = 1;
		}
		sodium_memzero(buf, sizeof(buf));
	}
	return rc;
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
	if (st->tables_truncated)
		fprintf(stderr, "pgscrub: truncated %u table%s\n",
			st->tables_truncated, st->tables_truncated == 1 ? "" : "s");
	if (st->stats_entries_removed || st->stats_values_removed)
		fprintf(stderr, "pgscrub: statistics: %u value list%s scrubbed, "
			"%u entr%s of truncated tables removed\n",
			st->stats_values_removed,
			st->stats_values_removed == 1 ? "" : "s",
			st->stats_entries_removed,
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
	unsigned char key[PGS_MASTER_KEY_BYTES];
	int verbose = 0, have_key = 0, c, rc;

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

	if (pgs_keyed_init(&err))
		return report(&err);
	pgs_rules_init(&rules);
	if (pgs_rules_load(&rules, rules_path, &err)) {
		pgs_rules_release(&rules);
		return report(&err);
	}
	/* Everything about the rules is checked before any input is read. */
	rc = load_key(&rules, key, &have_key);
	if (rc == EXIT_OK &&
	    pgs_anon_check_rules(&rules, have_key ? key : NULL, &err))
		rc = report(&err);
	if (rc != EXIT_OK) {
		sodium_memzero(key, sizeof(key));
		pgs_rules_release(&rules);
		return rc;
	}
	opt.rules = &rules;
	opt.master_key = have_key ? key : NULL;
	rc = pgs_pipeline_run(&opt, &stats, &err);
	sodium_memzero(key, sizeof(key));
	pgs_rules_release(&rules);
	if (rc)
		return report(&err);
	if (verbose)
		print_summary(&stats);
	return EXIT_OK;
}
