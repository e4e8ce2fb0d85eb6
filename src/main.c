/*
 * main.c — the pgscrub command line.  The only file that reads argv or the
 * environment, prints, or exits; everything else returns a struct pgs_error.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <time.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <sodium.h>
#include <libpq-fe.h>

#include "pgscrub/anon.h"
#include "pgscrub/archive_directory.h"
#include "pgscrub/archive_tar.h"
#include "pgscrub/bytes.h"
#include "pgscrub/cli.h"
#include "pgscrub/compress.h"
#include "pgscrub/error.h"
#include "pgscrub/pipeline.h"
#include "pgscrub/pipeline_plain.h"
#include "pgscrub/report.h"
#include "pgscrub/keyed.h"
#include "pgscrub/rules.h"
#include "pgscrub/schema.h"

#ifndef PGSCRUB_VERSION
#define PGSCRUB_VERSION "unknown"
#endif
#ifndef PGSCRUB_INIH_VERSION
#define PGSCRUB_INIH_VERSION "unknown"
#endif

static const char usage_text[] =
"usage: pgscrub -r RULES [-i IN] [-o OUT] [--compress METHOD[:LEVEL]]\n"
"               [--report FILE] [--[no-]progress] [-v] [--force] [-j N]\n"
"               [--format custom|directory|tar]\n"
"               [--schema ARCHIVE | --dbname CONNINFO] [--dry-run]\n"
"       pgscrub plan -r RULES [ARCHIVE] [--compress M[:L]] [--format json]\n"
"       pgscrub check -r RULES [ARCHIVE | --dbname CONNINFO] [--format json]\n"
"       pgscrub init [ARCHIVE | --dbname CONNINFO] [--update RULES] [-o FILE]\n"
"       pgscrub anonymisers [--names] [NAME...]\n"
"\n"
"Read a pg_dump custom-format archive (pg_dump -Fc), directory archive\n"
"(pg_dump -Fd) or tar archive (pg_dump -Ft), rewrite its table data column\n"
"by column as RULES says, and write a valid archive of the same format for\n"
"pg_restore.  A plain SQL script (pg_dump -Fp, also gzip-, lz4- or\n"
"zstd-compressed) is read the same way and written as a script for psql.\n"
"\n"
"  -r, --rules FILE        the rules file (INI; see rules.ini)\n"
"  -i, --input FILE        archive or script to read (default or '-':\n"
"                          standard input), or a directory archive's directory\n"
"  -o, --output FILE       archive to write (default or '-': standard output);\n"
"                          written beside FILE and renamed only on success;\n"
"                          for a directory archive the directory to write\n"
"      --force             replace a non-empty output directory\n"
"  -j, --jobs N            N threads compress each table's data (gzip, lz4:\n"
"                          and rewrite its rows), and a directory archive's\n"
"                          tables, or a custom archive's from a file, are\n"
"                          rewritten N at once (default: the number of\n"
"                          cores; -j 1: all on one thread); the output is\n"
"                          the same for any N\n"
"      --format FORMAT     custom, directory or tar: the output's format, to\n"
"                          convert (a directory archive out needs -o DIR)\n"
"      --compress M[:L]    recompress all data with M = none, gzip, lz4 or\n"
"                          zstd (lz4 and zstd need a pg_dump 16+ archive);\n"
"                          a script is written compressed with M (default:\n"
"                          as it was read)\n"
"      --report FILE       write a JSON report of the run to FILE (also when\n"
"                          the run fails)\n"
"      --progress          show progress on stderr (the default when stderr\n"
"                          is a terminal)\n"
"      --no-progress       show no progress\n"
"      --schema ARCHIVE    a schema-only dump of the same database (pg_dump\n"
"                          -Fc -s): the types of tables whose definition the\n"
"                          input lacks (pg_dump -a; extension tables)\n"
"  -d, --dbname CONNINFO   the same, read from this database (a database\n"
"                          name, a libpq connection string or a URI)\n"
"  -v, --verbose           print a summary of what was done to stderr\n"
"      --dry-run           write nothing: print what the run would do (as\n"
"                          pgscrub plan), from the header and TOC alone\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and library versions and exit\n"
"\n"
"Exit status: 0 done; 1 the archive could not be read or written;\n"
"2 bad usage or an invalid rules file; 3 the rules do not cover the archive;\n"
"4 an internal error (a bug in pgscrub: please report it).\n"
"\n"
"'pgscrub check --help', 'pgscrub init --help', 'pgscrub plan --help' and\n"
"'pgscrub anonymisers --help' describe the subcommands; man pgscrub\n"
"describes them all.\n"
"\n"
"Example:  pg_dump -Fc prod | pgscrub -r rules.ini | pg_restore -d dev\n"
"          zcat prod.sql.gz | pgscrub -r rules.ini | psql dev\n";

/* The length of the valid UTF-8 character at p (at most n bytes), 0 when
 * the bytes there are not one, or are one of the C1 controls U+0080-U+009F
 * (C2 80 - C2 9F), which terminals act on. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	size_t len = pgs_utf8_len(p, n);

	return len == 2 && p[0] == 0xc2 && p[1] < 0xa0 ? 0 : len;
}

int pgs_cli_print(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t run = i, k;

		/* Printable ASCII, LF, TAB and whole UTF-8 characters go out
		 * as they are; anything else a terminal might act on (ESC,
		 * BEL, CR, C1 controls, stray bytes) as \xHH. */
		while (run < len) {
			if (p[run] >= 0x20 && p[run] < 0x7F)
				run++;
			else if (p[run] == '\n' || p[run] == '\t')
				run++;
			else if (p[run] >= 0x80 && (k = utf8_seq(p + run, len - run)))
				run += k;
			else
				break;
		}
		if (run > i && fwrite(p + i, 1, run - i, f) != run - i)
			return -1;
		if (run < len && fprintf(f, "\\x%02x", p[run]) < 0)
			return -1;
		i = run < len ? run + 1 : run;
	}
	return ferror(f) ? -1 : 0;
}

/* pgs_cli_print() for text that must stay on one line (a name in the
 * progress line): LF and TAB as \xHH too. */
static void print_on_line(FILE *f, const char *s)
{
	size_t run;

	while (*s) {
		run = strcspn(s, "\n\t");
		pgs_cli_print(f, s, run);
		s += run;
		if (*s)
			fprintf(f, "\\x%02x", (unsigned char)*s++);
	}
}

/* "pgscrub: WHAT: text\n", the text made safe for a terminal. */
static void print_line(const char *what, const char *text)
{
	fprintf(stderr, "pgscrub: %s: ", what);
	pgs_cli_print(stderr, text, strlen(text));
	fputc('\n', stderr);
}

int pgs_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	char msg[PGS_ERROR_MSG_MAX];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_line("error", msg);
	fprintf(stderr, "pgscrub: hint: try 'pgscrub %s%s--help'\n",
		cmd ? cmd : "", cmd ? " " : "");
	return PGS_EXIT_USAGE;
}

int pgs_cli_exit_status(const struct pgs_error *err, enum pgs_cli_command cmd)
{
	switch (err->code) {
	case PGS_EPIPE:
		return PGS_EXIT_FAILED;
	case PGS_EINTERNAL:
		return PGS_EXIT_INTERNAL;
	case PGS_EUSAGE:
	case PGS_ERULES:
		return PGS_EXIT_USAGE;
	case PGS_ECOVERAGE:
		return cmd == PGS_CLI_RUN ? PGS_EXIT_COVERAGE : PGS_EXIT_USAGE;
	default:
		return cmd == PGS_CLI_RUN ? PGS_EXIT_FAILED : PGS_EXIT_USAGE;
	}
}

int pgs_cli_error(const struct pgs_error *err, enum pgs_cli_command cmd)
{
	switch (err->code) {
	case PGS_EPIPE:
		return PGS_EXIT_FAILED;   /* the reader went away: end quietly */
	case PGS_EINTERNAL:
		/* Never blame the input for our bug. */
		print_line("internal error", err->msg);
		if (err->hint[0])
			print_line("hint", err->hint);
		fprintf(stderr, "pgscrub: hint: this is a bug in pgscrub, not a "
			"problem with the input or the rules; please report it "
			"with the output of pgscrub --version\n");
		return PGS_EXIT_INTERNAL;
	default:
		break;
	}
	print_line("error", err->msg);
	if (err->hint[0])
		print_line("hint", err->hint);
	return pgs_cli_exit_status(err, cmd);
}

static void print_version(void)
{
	int pq = PQlibVersion();

	printf("pgscrub %s\n", PGSCRUB_VERSION);
	printf("%s, libpq %d.%d, inih r%s\n", pgs_compression_versions(),
	       pq / 10000, pq % 10000, PGSCRUB_INIH_VERSION);
	printf("%s\n", pgs_anon_versions());
}

/*
 * The process holds the key and original rows: no core file may keep them
 * (RLIMIT_CORE 0, soft and hard), and no other process of the same user may
 * read them through ptrace or /proc/PID/mem (not dumpable).  Not dumpable
 * also stops a dump to a pipe in core_pattern (systemd-coredump), which
 * ignores RLIMIT_CORE 0, unless fs.suid_dumpable = 2 makes it root-only.
 */
static int forbid_core_dumps(void)
{
	struct rlimit none = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &none) != 0)
		return -1;
#ifdef PR_SET_DUMPABLE
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return -1;
#endif
	return 0;
}

/* Killed (a cron timeout, Ctrl-C, a file size limit): no half-written file
 * stays behind, and we die of the signal, as the caller expects. */
static void on_fatal_signal(int sig)
{
	pgs_output_remove_on_signal();
	pgs_dir_remove_on_signal();
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Every signal whose default action ends the process, but SIGKILL and
 * SIGSTOP (which cannot be caught) and SIGPIPE (ignored: a reader that goes
 * away is EPIPE, a quiet failure that removes the temporary files too).
 */
static void catch_fatal_signals(void)
{
	static const int sigs[] = {
		SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS,
		SIGFPE, SIGSEGV, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGXCPU,
		SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSYS,
#ifdef SIGSTKFLT
		SIGSTKFLT,
#endif
	};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigfillset(&sa.sa_mask);   /* one cleanup at a time */
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		sigaction(sig, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct progress_state {
	double start, last;
	int enabled, shown;
	size_t width;                   /* of the line on screen */
	struct pgs_progress at;         /* the last state (names not kept) */
};

/* "1:02:03", or "-:--:--" when not known (yet). */
static void hms(char buf[32], double sec)
{
	unsigned long s;

	if (!(sec >= 0) || sec > 359999999.0) {
		strcpy(buf, "-:--:--");
		return;
	}
	s = (unsigned long)(sec + 0.5);
	snprintf(buf, 32, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
}

/*
 * Draw the line: "pgscrub: 45% of 274.0 MB, public.orders (3/12 tables),
 * 85.2 MB/s, ETA 0:02:13" ("123.4 MB read" and no ETA when the size is not
 * known; "done in" instead of the ETA at the end).  The table's name comes
 * from the archive: written as pgs_cli_print() makes it safe, and padded so
 * that a shorter line covers a longer one.
 */
static void draw_progress(struct progress_state *ps,
			  const struct pgs_progress *p, int final)
{
	char line[1024], eta[32], rate[32];
	double t = now(), mb = (double)p->bytes_in / 1e6;
	double elapsed = t - ps->start, mbs = elapsed > 0 ? mb / elapsed : 0.0;
	FILE *m = fmemopen(line, sizeof(line), "w");
	size_t len;

	if (!m)
		return;
	snprintf(rate, sizeof(rate), "%.1f MB/s", mbs);
	if (p->bytes_total)
		/* Rounded down: 100% only when everything is read. */
		fprintf(m, "pgscrub: %u%% of %.1f MB", p->bytes_in >= p->bytes_total ?
			100u : (unsigned)((double)p->bytes_in * 100.0 /
					  (double)p->bytes_total),
			(double)p->bytes_total / 1e6);
	else
		fprintf(m, "pgscrub: %.1f MB read", mb);
	if (p->table) {
		fputs(", ", m);
		if (p->schema && *p->schema) {
			print_on_line(m, p->schema);
			fputc('.', m);
		}
		print_on_line(m, p->table);
	}
	if (p->table && p->table_no)
		fprintf(m, " (%u/%u tables)", p->table_no, p->tables_total);
	else if (p->tables_total)
		fprintf(m, ", %u/%u tables", p->tables_done, p->tables_total);
	else if (p->table)
		fputs(" (read first, for row filters)", m);
	fprintf(m, ", %s", rate);
	if (final) {
		hms(eta, elapsed);
		fprintf(m, ", done in %s", eta);
	} else if (p->bytes_total) {
		/* Not before half a second: the first rate is noise. */
		hms(eta, p->bytes_in && elapsed >= 0.5 ?
			 (double)(p->bytes_total - (p->bytes_in < p->bytes_total ?
						    p->bytes_in : p->bytes_total)) /
			 ((double)p->bytes_in / elapsed) : -1.0);
		fprintf(m, ", ETA %s", eta);
	}
	fclose(m);   /* a line longer than the buffer is cut */
	line[sizeof(line) - 1] = '\0';
	len = strlen(line);
	fprintf(stderr, "\r%s", line);
	if (len < ps->width)
		fprintf(stderr, "%*s", (int)(ps->width - len), "");
	ps->width = len;
	ps->shown = 1;
	ps->last = t;
}

/* The pipeline's callback: one line, redrawn in place at most five times
 * a second. */
static void show_progress(void *ctx, const struct pgs_progress *p)
{
	struct progress_state *ps = ctx;

	ps->at = *p;
	ps->at.schema = ps->at.table = NULL;
	if (now() - ps->last < 0.2)
		return;
	draw_progress(ps, p, 0);
}

/*
 * The end of the line: on success the final state (everything read, the
 * last table, how long it took), then a newline; after an error just the
 * newline, so that the error starts a line of its own under the last
 * state shown.
 */
static void end_progress(struct progress_state *ps, int ok,
			 const struct pgs_tally *st)
{
	if (ok && ps->enabled) {
		struct pgs_progress p = ps->at;
		const struct pgs_table_tally *last =
			st->ntables ? &st->tables[st->ntables - 1] : NULL;

		p.bytes_in = st->bytes_in;
		p.tables_done = p.tables_total;
		p.table_no = last ? p.tables_total : 0;
		p.schema = last ? last->schema : NULL;
		p.table = last ? last->table : NULL;
		draw_progress(ps, &p, 1);
	}
	if (ps->shown)
		fputc('\n', stderr);
	ps->shown = 0;
}

/*
 * Whether the output directory out is the input directory in, or lies
 * inside it, however either is named (./in, an absolute path, a link):
 * --force would then replace or fill the input.  Paths that do not resolve
 * (an output not made yet) are compared through their parent.
 */
static int output_in_input(const char *in, const char *out)
{
	char rin[PATH_MAX], rout[PATH_MAX], parent[PATH_MAX];
	const char *slash;
	size_t n;

	if (!realpath(in, rin))
		return 0;
	if (!realpath(out, rout)) {
		slash = strrchr(out, '/');
		if (slash && slash == out)
			snprintf(parent, sizeof(parent), "/");
		else if (slash)
			snprintf(parent, sizeof(parent), "%.*s",
				 (int)(slash - out), out);
		else
			snprintf(parent, sizeof(parent), ".");
		if (!realpath(parent, rout))
			return 0;
		/* the new directory's own name cannot make it the input:
		 * only where it goes matters */
		if (strcmp(rout, rin) == 0)
			return 1;
	}
	n = strlen(rin);
	return strcmp(rout, rin) == 0 ||
	       (strncmp(rout, rin, n) == 0 && (rout[n] == '/' || n == 1));
}

/* Write the report into its output, opened at the start. */
static int write_report(struct pgs_output *out, const struct pgs_tally *st,
			const struct pgs_report_info *info,
			struct pgs_error *err)
{
	struct pgs_buf b;
	int rc;

	pgs_buf_init(&b, (size_t)1 << 30);
	rc = pgs_report_json(&b, st, info, err) ||
	     pgs_output_write(out, b.data, b.len, err) ||
	     pgs_output_flush(out, err) ? -1 : 0;
	pgs_buf_release(&b);
	return rc;
}

/* -o /dev/tty, or /dev/stdout on a terminal: binary on a terminal. */
static int refuse_terminal(const struct pgs_output *out, struct pgs_error *err)
{
	if (!isatty(out->fd))
		return 0;
	pgs_error_set(err, PGS_EUSAGE, "refusing to write an archive to a "
		      "terminal (%s)", out->name);
	return pgs_error_hint(err, "pipe the output to pg_restore, redirect it, "
			      "or use -o FILE");
}

/* t as RFC 3339 UTC, "2026-12-05T03:14:00Z". */
static void rfc3339(char buf[sizeof("2026-12-05T03:14:00Z")], time_t t)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) ||
	    !strftime(buf, sizeof("2026-12-05T03:14:00Z"), "%Y-%m-%dT%H:%M:%SZ", &tm))
		strcpy(buf, "1970-01-01T00:00:00Z");
}

/* What the report says about the run beyond the tally. */
struct run_facts {
	char started_at[sizeof("2026-12-05T03:14:00Z")];
	char key_fingerprint[PGS_KEY_FINGERPRINT_SIZE];   /* "": no key */
};

/*
 * The report of the run, written into rep (opened at the start): what was
 * done, or the error (rc != 0) that stopped it, with the exit status the
 * process is about to return for it.
 */
static int report_run(struct pgs_output *rep, const struct pgs_options *opt,
		      const char *rules_path, const struct pgs_rules *rules,
		      const struct pgs_tally *tally, double seconds,
		      const struct run_facts *facts, int rc,
		      const struct pgs_error *what, struct pgs_error *err)
{
	struct pgs_report_info info;
	char ended_at[sizeof(facts->started_at)];

	rfc3339(ended_at, time(NULL));
	memset(&info, 0, sizeof(info));
	info.started_at = facts->started_at;
	info.ended_at = ended_at;
	info.key_fingerprint = facts->key_fingerprint[0] ? facts->key_fingerprint
							 : NULL;
	info.exit_status = rc ? pgs_cli_exit_status(what, PGS_CLI_RUN)
			      : PGS_EXIT_OK;
	info.version = PGSCRUB_VERSION;
	info.input = opt->input && strcmp(opt->input, "-") ? opt->input
							     : "standard input";
	info.output = opt->output && strcmp(opt->output, "-") ? opt->output
								: "standard output";
	info.rules_path = rules_path;
	info.rules_sha256 = rules->sha256;
	info.seconds = seconds;
	info.error = rc ? what->msg : NULL;
	info.hint = rc && what->hint[0] ? what->hint : NULL;
	if (write_report(rep, tally, &info, err) || pgs_output_commit(rep, err)) {
		pgs_output_abort(rep);
		return -1;
	}
	return 0;
}

/*
 * -v: one line, whatever the run did (README "Usage"); the parts about
 * truncated tables, row filters and statistics only when there are some.
 */
static void print_summary(const struct pgs_tally *st)
{
	fprintf(stderr, "pgscrub: %u table%s rewritten (%llu rows), ",
		st->tables_rewritten, st->tables_rewritten == 1 ? "" : "s",
		(unsigned long long)st->rows_rewritten);
	if (st->tables_truncated)
		fprintf(stderr, "%u truncated, ", st->tables_truncated);
	fprintf(stderr, "%u block%s copied, %u recompressed",
		st->blocks_copied, st->blocks_copied == 1 ? "" : "s",
		st->blocks_recompressed);
	if (st->tables_filtered)
		fprintf(stderr, "; filters and foreign keys removed %llu row%s "
			"and nulled references in %llu, in %u table%s",
			(unsigned long long)st->rows_removed,
			st->rows_removed == 1 ? "" : "s",
			(unsigned long long)st->rows_nulled,
			st->tables_filtered, st->tables_filtered == 1 ? "" : "s");
	if (st->statistics_entries_removed || st->statistics_values_removed)
		fprintf(stderr, "; statistics: %u value list%s scrubbed, "
			"%u entr%s removed",
			st->statistics_values_removed,
			st->statistics_values_removed == 1 ? "" : "s",
			st->statistics_entries_removed,
			st->statistics_entries_removed == 1 ? "y" : "ies");
	fprintf(stderr, "; %llu bytes in, %llu bytes out; %s\n",
		(unsigned long long)st->bytes_in,
		(unsigned long long)st->bytes_out,
		st->directory ? "a directory archive (files, no offsets)" :
		st->tar ? "a tar archive (no offsets)" :
		st->script ? "a plain SQL script" :
		st->offsets_written ? "data offsets written"
				    : "no data offsets (output is not seekable)");
}

/*
 * A directory archive in (pg_dump -Fd), a directory out: the run of main()
 * with the input's toc.dat opened and the output directory built by the
 * pipeline (pgs_pipeline_scrub_dir), renamed into place before the report
 * says it exists.
 */
static int run_directory(struct pgs_options *opt, const char *rules_path,
			 const char *report_path, const char *schema_path,
			 const char *dbname, int show, int verbose, int convert)
{
	struct pgs_rules rules;
	struct pgs_tally tally;
	struct pgs_error err;
	struct pgs_schema source;
	unsigned char key[PGS_MASTER_KEY_BYTES];
	struct progress_state ps;
	struct run_facts facts;
	struct pgs_input in;
	struct pgs_output rep;
	char *toc_path;
	int have_rep, have_key = 0, rc;

	pgs_error_init(&err);
	pgs_rules_init(&rules);
	pgs_schema_init(&source);
	memset(&tally, 0, sizeof(tally));
	memset(&facts, 0, sizeof(facts));
	memset(&ps, 0, sizeof(ps));
	memset(&in, 0, sizeof(in));
	memset(&rep, 0, sizeof(rep));
	in.fd = rep.fd = -1;
	rep.signal_slot = -1;
	rfc3339(facts.started_at, time(NULL));
	ps.start = ps.last = now();
	if (show < 0)
		show = isatty(STDERR_FILENO);
	if (show) {
		opt->progress = show_progress;
		opt->progress_ctx = &ps;
		ps.enabled = 1;
	}
	if (opt->input && strcmp(opt->input, opt->output) == 0)
		return pgs_cli_usage_error(NULL, "input and output are the "
					   "same directory '%s'", opt->input);
	if (opt->input && strcmp(opt->input, "-") != 0 &&
	    output_in_input(opt->input, opt->output))
		return pgs_cli_usage_error(NULL, "the output directory '%s' is "
					   "the input directory '%s' or inside "
					   "it: writing it would destroy the "
					   "input", opt->output, opt->input);
	if (convert && (!opt->input || strcmp(opt->input, "-") == 0) &&
	    isatty(STDIN_FILENO)) {
		fprintf(stderr, "pgscrub: error: no input: standard input is a terminal\n"
			"pgscrub: hint: pipe pg_dump -Fc into pgscrub, or use -i FILE\n");
		return PGS_EXIT_USAGE;
	}
	if (report_path && pgs_output_open(&rep, report_path, &err))
		return pgs_cli_error(&err, PGS_CLI_RUN);
	have_rep = report_path != NULL;
	toc_path = convert ? NULL : malloc(strlen(opt->input) + sizeof("/toc.dat"));
	if (convert) {
		rc = pgs_input_open(&in, opt->input, &err) != 0;
	} else if (!toc_path) {
		pgs_error_set(&err, PGS_ENOMEM, "out of memory");
		rc = 1;
	} else {
		sprintf(toc_path, "%s/toc.dat", opt->input);
		rc = pgs_input_open(&in, toc_path, &err) != 0;
		free(toc_path);
	}
	if (!rc)
		rc = pgs_keyed_init(&err) ||
		     pgs_rules_load(&rules, rules_path, &err) ||
		     pgs_keyed_load(key, &have_key, &rules, rules.secret_env ?
				    getenv(rules.secret_env) : NULL, &err) ||
		     pgs_anon_check_rules(&rules, have_key ? key : NULL, &err) ||
		     ((schema_path || dbname) &&
		      pgs_cli_load_schema(&source, schema_path, dbname, NULL,
					  &err));
	if (have_key)
		pgs_keyed_fingerprint(facts.key_fingerprint, key);
	if (!rc) {
		if (schema_path || dbname) {
			opt->schema = &source;
			opt->schema_name = schema_path ? schema_path
						       : "the database (--dbname)";
		}
		opt->rules = &rules;
		opt->master_key = have_key ? key : NULL;
		opt->tmpdir = getenv("TMPDIR");
		if (convert) {
			int plain = 0;

			rc = pgs_pipeline_plain_detect(&plain, &in, &err) != 0 ||
			     (plain && pgs_pipeline_plain_refuse_format_in(&in, &err));
		}
		if (!rc)
			rc = (convert ? pgs_pipeline_convert_to_dir(opt, &in, &tally, &err)
			      : pgs_pipeline_scrub_dir(opt, &in, &tally, &err)) != 0;
	}
	sodium_memzero(key, sizeof(key));
	end_progress(&ps, !rc, &tally);
	if (have_rep) {
		struct pgs_error rerr;

		pgs_error_init(&rerr);
		if (report_run(&rep, opt, rules_path, &rules, &tally,
			       now() - ps.start, &facts, rc, &err, &rerr)) {
			if (!rc) {
				err = rerr;
				rc = 1;
			} else {
				pgs_cli_error(&rerr, PGS_CLI_RUN);
			}
		}
	}
	pgs_input_close(&in);
	if (!rc && verbose)
		print_summary(&tally);
	pgs_tally_release(&tally);
	pgs_rules_release(&rules);
	pgs_schema_release(&source);
	return rc ? pgs_cli_error(&err, PGS_CLI_RUN) : PGS_EXIT_OK;
}

/* A test fault's variable: *m = its number from 1, 0 when unset. */
static int read_test_number(const char *name, const char *what, uint64_t *m)
{
	const char *v = getenv(name);
	unsigned long long n;
	char *end;

	*m = 0;
	if (!v || !*v)
		return 0;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || end == v || *end || n == 0 || v[0] == '-') {
		fprintf(stderr, "pgscrub: error: %s must be a %s number from 1, "
			"not '%s'\n", name, what, v);
		return -1;
	}
	*m = n;
	return 0;
}

/*
 * Tests only, to test that a failing worker ends the run cleanly.  Read
 * once, here.  PGSCRUB_TEST_FAIL_BLOCK=M makes the compression worker
 * that takes the M-th block of a gzip or lz4 stream fail (compress_pool.h);
 * PGSCRUB_TEST_FAIL_TABLE=K the worker that does the K-th of the tables a
 * custom archive's run does at once (pipeline.c, xt_block).
 */
static int read_test_fault(struct pgs_options *opt)
{
	return read_test_number("PGSCRUB_TEST_FAIL_BLOCK", "block",
				&opt->test_fail_block) ||
	       read_test_number("PGSCRUB_TEST_FAIL_TABLE", "table",
				&opt->test_fail_table) ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "compress", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "report", required_argument, NULL, 'R' },
		{ "progress", no_argument, NULL, 'P' },
		{ "no-progress", no_argument, NULL, 'N' },
		{ "schema", required_argument, NULL, 'S' },
		{ "dbname", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'D' },
		{ "force", no_argument, NULL, 'F' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct pgs_options opt;
	struct pgs_rules rules;
	struct pgs_tally tally;
	struct pgs_error err;
	const char *rules_path = NULL, *report_path = NULL;
	const char *schema_path = NULL, *dbname = NULL;
	struct pgs_schema source;
	unsigned char key[PGS_MASTER_KEY_BYTES];
	struct progress_state ps;
	struct run_facts facts;
	struct pgs_input in;
	struct pgs_output out, rep;
	int have_rep;
	int verbose = 0, have_key = 0, show = -1, dry_run = 0, dir_in, c, rc;
	int out_format = 0, dir_to_custom = 0;

	/* First, before any key or data is read (check and init read data). */
	if (forbid_core_dumps() != 0) {
		fprintf(stderr, "pgscrub: error: cannot disable core dumps: %s\n",
			strerror(errno));
		return PGS_EXIT_FAILED;
	}
	/* A reader that closes the pipe must give EPIPE, not kill us; being
	 * killed must not leave a temporary output file behind. */
	catch_fatal_signals();
#ifdef __GLIBC__
	/* Blocks of 256 KiB and more (a huge row, its rewritten copy) from
	 * mmap, given back when freed: glibc otherwise raises this threshold
	 * after the first such free and keeps later ones in the freeing
	 * thread's arena, so that with -j every compression thread keeps a
	 * row's worth of memory (24 rows of 8 MB at -j 8: 227 MB peak RSS
	 * instead of 71 MB).  1 MiB would cost 4 MiB more on an ordinary
	 * table (the 256 KiB blocks then come from the arenas). */
	mallopt(M_MMAP_THRESHOLD, 256 << 10);
#endif

	/* Subcommands: the CI gate and the rules-file generator (cli.c). */
	if (argc > 1 && strcmp(argv[1], "check") == 0)
		return pgs_cli_check(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "init") == 0)
		return pgs_cli_init(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "plan") == 0)
		return pgs_cli_plan(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "anonymisers") == 0)
		return pgs_cli_anonymisers(argc - 1, argv + 1);

	memset(&opt, 0, sizeof(opt));
	opt.level = PGS_COMPRESS_DEFAULT_LEVEL;
	pgs_error_init(&err);
	if (read_test_fault(&opt) != 0)
		return PGS_EXIT_USAGE;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:i:o:d:j:vhV", longopts, NULL)) != -1) {
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
				return pgs_cli_error(&err, PGS_CLI_RUN);
			opt.recompress = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'R':
			report_path = optarg;
			break;
		case 'P':
			show = 1;
			break;
		case 'N':
			show = 0;
			break;
		case 'S':
			schema_path = optarg;
			break;
		case 'd':
			dbname = optarg;
			break;
		case 'D':
			dry_run = 1;
			break;
		case 'F':
			opt.force = 1;
			break;
		case 'f':
			if (strcmp(optarg, "custom") == 0)
				out_format = 1;
			else if (strcmp(optarg, "directory") == 0)
				out_format = 3;
			else if (strcmp(optarg, "tar") == 0)
				out_format = 4;
			else
				return pgs_cli_usage_error(NULL, "--format is custom, "
							   "directory or tar, not "
							   "'%s'", optarg);
			break;
		case 'j': {
			char *end;
			unsigned long n;

			errno = 0;
			n = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-' ||
			    n < 1 || n > PGS_MAX_JOBS)
				return pgs_cli_usage_error(NULL, "-j needs a number of "
							   "worker threads from 1 to %d, "
							   "not '%s'", PGS_MAX_JOBS, optarg);
			opt.jobs = (unsigned)n;
			break;
		}
		case 'h':
			fputs(usage_text, stdout);
			return PGS_EXIT_OK;
		case 'V':
			print_version();
			return PGS_EXIT_OK;
		case ':':
			return pgs_cli_usage_error(NULL, "option '%s' needs an "
						   "argument", argv[optind - 1]);
		default:
			return pgs_cli_usage_error(NULL, "unknown option '%s'",
						   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return pgs_cli_usage_error(NULL, "unexpected argument '%s' "
					   "(the input is given with -i)",
					   argv[optind]);
	if (!rules_path)
		return pgs_cli_usage_error(NULL, "%s", "no rules file: give "
					   "one with -r RULES");
	if (schema_path && dbname)
		return pgs_cli_usage_error(NULL, "give --schema or --dbname, "
					   "not both");
	if (schema_path && strcmp(schema_path, "-") == 0)
		return pgs_cli_usage_error(NULL, "%s", "--schema needs a file, "
					   "not standard input");
	if (dry_run) {
		/* pgscrub plan with the run's options: nothing is opened for
		 * writing, the output is only named in the plan. */
		struct pgs_cli_plan_args pa;

		if (report_path)
			return pgs_cli_usage_error(NULL, "%s", "--dry-run writes "
						   "nothing, so no --report either");
		if ((!opt.input || strcmp(opt.input, "-") == 0) &&
		    isatty(STDIN_FILENO)) {
			fprintf(stderr, "pgscrub: error: no input: standard input is a terminal\n"
				"pgscrub: hint: pipe pg_dump -Fc into pgscrub, or use -i FILE\n");
			return PGS_EXIT_USAGE;
		}
		memset(&pa, 0, sizeof(pa));
		pa.rules_path = rules_path;
		pa.input = opt.input;
		pa.output = opt.output;
		pa.schema_path = schema_path;
		pa.dbname = dbname;
		pa.recompress = opt.recompress;
		pa.compression = opt.compression;
		pa.level = opt.level;
		pa.out_format = out_format;
		return pgs_cli_plan_run(&pa);
	}
	dir_in = opt.input && strcmp(opt.input, "-") != 0 &&
		 pgs_dir_is_archive(opt.input);
	if (dir_in && out_format != 1 && out_format != 4 &&
	    (!opt.output || strcmp(opt.output, "-") == 0)) {
		pgs_error_set(&err, PGS_EUSAGE, "the input '%s' is a directory "
			      "archive (pg_dump -Fd): its output is a directory "
			      "too, not standard output", opt.input);
		pgs_error_hint(&err, "give the output directory with -o OUTDIR "
			       "(a new or empty directory)");
		return pgs_cli_error(&err, PGS_CLI_RUN);
	}
	/* --format custom on a directory archive: the run below, its input
	 * the toc.dat, its data from the directory's files. */
	dir_to_custom = dir_in && (out_format == 1 || out_format == 4);
	if (dir_in && !dir_to_custom)
		return run_directory(&opt, rules_path, report_path, schema_path,
				     dbname, show, verbose, 0);
	if (out_format == 3) {
		if (!opt.output || strcmp(opt.output, "-") == 0)
			return pgs_cli_usage_error(NULL, "%s", "--format directory "
						   "writes a directory: give it with "
						   "-o OUTDIR");
		return run_directory(&opt, rules_path, report_path, schema_path,
				     dbname, show, verbose, 1);
	}
	if (opt.force)
		return pgs_cli_usage_error(NULL, "%s", "--force replaces an output "
					   "directory: it needs a directory archive "
					   "(pg_dump -Fd) as input");
	if ((!opt.output || strcmp(opt.output, "-") == 0) && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "pgscrub: error: refusing to write an archive to a terminal\n"
			"pgscrub: hint: pipe the output to pg_restore, redirect it, "
			"or use -o FILE\n");
		return PGS_EXIT_USAGE;
	}
	if ((!opt.input || strcmp(opt.input, "-") == 0) && isatty(STDIN_FILENO)) {
		fprintf(stderr, "pgscrub: error: no input: standard input is a terminal\n"
			"pgscrub: hint: pipe pg_dump -Fc into pgscrub, or use -i FILE\n");
		return PGS_EXIT_USAGE;
	}
	/* The same name: refused before anything is opened.  Other names for
	 * the input file (links, ./x) are found by inode once the outputs are
	 * open. */
	if (opt.input && opt.output && strcmp(opt.input, "-") != 0 &&
	    strcmp(opt.input, opt.output) == 0)
		return pgs_cli_usage_error(NULL, "input and output are the "
					   "same file '%s'", opt.input);

	pgs_rules_init(&rules);
	pgs_schema_init(&source);
	memset(&tally, 0, sizeof(tally));
	memset(&facts, 0, sizeof(facts));
	memset(&ps, 0, sizeof(ps));
	rfc3339(facts.started_at, time(NULL));
	ps.start = ps.last = now();
	if (show < 0)
		show = isatty(STDERR_FILENO);
	if (show) {
		opt.progress = show_progress;
		opt.progress_ctx = &ps;
		ps.enabled = 1;
	}
	/* The report first, so that whatever fails from here on is reported
	 * in it; then the input and the archive's output.  A bad path fails
	 * before any work; everything about the rules and the key is checked
	 * before any data is read. */
	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	memset(&rep, 0, sizeof(rep));
	in.fd = out.fd = rep.fd = -1;
	out.signal_slot = rep.signal_slot = -1;
	if (report_path && strcmp(report_path, "-") == 0 &&
	    (!opt.output || strcmp(opt.output, "-") == 0)) {
		pgs_error_set(&err, PGS_EUSAGE, "--report - and the archive "
			      "cannot both go to standard output");
		pgs_error_hint(&err, "write the archive with -o FILE, or the "
			       "report to a file");
		return pgs_cli_error(&err, PGS_CLI_RUN);
	}
	if (report_path && pgs_output_open(&rep, report_path, &err))
		return pgs_cli_error(&err, PGS_CLI_RUN);
	have_rep = report_path != NULL;
	if (dir_to_custom) {
		char *toc = malloc(strlen(opt.input) + sizeof("/toc.dat"));

		if (!toc)
			return pgs_cli_error(&err, PGS_CLI_RUN);
		sprintf(toc, "%s/toc.dat", opt.input);
		rc = pgs_input_open(&in, toc, &err) != 0;
		free(toc);
	} else {
		rc = pgs_input_open(&in, opt.input, &err) != 0;
	}
	if (!rc && have_rep && pgs_output_check_not_input(&rep, &in, &err)) {
		pgs_output_abort(&rep);   /* never written over the input */
		have_rep = 0;
		rc = 1;
	}
	if (!rc)
		rc = pgs_output_open(&out, opt.output, &err) ||
		     pgs_output_check_not_input(&out, &in, &err) ||
		     refuse_terminal(&out, &err);
	if (!rc && have_rep && pgs_output_same(&out, &rep)) {
		pgs_error_set(&err, PGS_EUSAGE, "--report '%s' names the "
			      "archive's output", report_path);
		pgs_error_hint(&err, "give the report a name of its own, such as "
			       "'%s.json'", report_path);
		pgs_output_abort(&rep);
		have_rep = 0;
		rc = 1;
	}
	if (!rc)
		rc = pgs_keyed_init(&err) ||
		     pgs_rules_load(&rules, rules_path, &err) ||
		     pgs_keyed_load(key, &have_key, &rules, rules.secret_env ?
				    getenv(rules.secret_env) : NULL, &err) ||
		     pgs_anon_check_rules(&rules, have_key ? key : NULL, &err) ||
		     ((schema_path || dbname) &&
		      pgs_cli_load_schema(&source, schema_path, dbname, NULL,
					  &err));
	/* For the report: which key, never the key (keyed.h). */
	if (have_key)
		pgs_keyed_fingerprint(facts.key_fingerprint, key);
	if (!rc) {
		if (schema_path || dbname) {
			opt.schema = &source;
			opt.schema_name = schema_path ? schema_path
						      : "the database (--dbname)";
		}
		opt.rules = &rules;
		opt.master_key = have_key ? key : NULL;
		opt.tmpdir = getenv("TMPDIR");
		int plain = 0, tar = 0;

		/* A plain SQL script (pg_dump -Fp, perhaps compressed) or a
		 * tar archive (pg_dump -Ft) by its first bytes; anything else
		 * is read as a custom archive (or, with dir_to_custom, a
		 * directory archive's toc.dat). */
		rc = !dir_to_custom &&
		     (pgs_pipeline_plain_detect(&plain, &in, &err) != 0 ||
		      (!plain && pgs_tar_detect_input(&tar, &in, &err) != 0));
		if (!rc && plain && out_format)
			rc = pgs_pipeline_plain_refuse_format_in(&in, &err) != 0;
		if (!rc)
			rc = (dir_to_custom && out_format == 4 ?
			      pgs_pipeline_convert_to_tar(&opt, 1, &in, &out,
							  &tally, &err) :
			      dir_to_custom ?
			      pgs_pipeline_convert_to_custom(&opt, &in, &out,
							     &tally, &err) :
			      !tar && !plain && out_format == 4 ?
			      pgs_pipeline_convert_to_tar(&opt, 0, &in, &out,
							  &tally, &err) :
			      plain ? pgs_pipeline_plain_scrub(&opt, &in, &out,
							       &tally, &err) :
			      tar && out_format == 1 ?
			      pgs_pipeline_convert_tar_to_custom(&opt, &in, &out,
								 &tally, &err) :
			      tar ? pgs_pipeline_scrub_tar(&opt, &in, &out,
							   &tally, &err) :
			      pgs_pipeline_scrub(&opt, &in, &out, &tally,
						 &err)) != 0;
	}
	sodium_memzero(key, sizeof(key));
	/* The archive is made durable before the report says it exists, and
	 * renamed into place last: a run that fails at any step leaves no
	 * archive. */
	if (!rc)
		rc = pgs_output_sync(&out, &err) != 0;
	end_progress(&ps, !rc, &tally);
	if (have_rep) {
		struct pgs_error rerr;

		pgs_error_init(&rerr);
		if (report_run(&rep, &opt, rules_path, &rules, &tally,
			       now() - ps.start, &facts, rc, &err, &rerr)) {
			if (!rc) {
				err = rerr;
				rc = 1;
			} else {
				pgs_cli_error(&rerr, PGS_CLI_RUN);
			}
		}
	}
	if (!rc && pgs_output_commit(&out, &err)) {
		rc = 1;
		/* The report said it worked: say it again, with the error. */
		if (have_rep) {
			struct pgs_error rerr;

			pgs_error_init(&rerr);
			if (pgs_output_open(&rep, report_path, &rerr) ||
			    report_run(&rep, &opt, rules_path, &rules, &tally,
				       now() - ps.start, &facts, rc, &err, &rerr))
				pgs_cli_error(&rerr, PGS_CLI_RUN);
		}
	}
	if (rc)
		pgs_output_abort(&out);
	pgs_input_close(&in);
	if (!rc && verbose)
		print_summary(&tally);
	pgs_tally_release(&tally);
	pgs_rules_release(&rules);
	pgs_schema_release(&source);
	return rc ? pgs_cli_error(&err, PGS_CLI_RUN) : PGS_EXIT_OK;
}
