/*
 * cli.c — the command lines of pgscrub check, pgscrub init and pgscrub
 * plan, the run's --dry-run (which is plan) and pgscrub anonymisers
 * (cli.h).  CLI code like main.c: it reads argv, prints, and returns exit
 * codes; the work is done by check.c (check.h), plan_show.c (plan_show.h),
 * schema.c and catalog.c.
 *
 * check and plan read only an archive's header and TOC — never a data
 * block, so a 100 GB dump is as quick as a schema-only one — or the
 * catalogs of a live database (--dbname); init also samples rows.
 */
#include "pgscrub/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "pgscrub/archive_directory.h"
#include "pgscrub/archive_tar.h"
#include "pgscrub/anon.h"
#include "pgscrub/archive.h"
#include "pgscrub/archive_plain.h"
#include "pgscrub/buf.h"
#include "pgscrub/catalog.h"
#include "pgscrub/check.h"
#include "pgscrub/copy.h"
#include "pgscrub/error.h"
#include "pgscrub/io.h"
#include "pgscrub/keyed.h"
#include "pgscrub/plan_show.h"
#include "pgscrub/rules.h"
#include "pgscrub/sample.h"
#include "pgscrub/schema.h"

#ifndef PGSCRUB_VERSION
#define PGSCRUB_VERSION "unknown"
#endif

/* What pgs_rules_load accepts; a rules file is a few hundred lines. */
#define RULES_FILE_MAX ((size_t)16 << 20)
#define OUT_MAX ((size_t)1 << 30)

static const char check_usage[] =
"usage: pgscrub check -r RULES [ARCHIVE [--schema ARCHIVE] | --dbname CONNINFO]\n"
"                     [--format FORMAT] [--explain] [--whole]\n"
"\n"
"Check, without reading any data, that RULES covers every column of every\n"
"table with data and that every rule fits its column: for CI, so that a\n"
"migration that adds a column fails the build before a dump leaks it.\n"
"\n"
"ARCHIVE is a pg_dump custom-format archive (pg_dump -Fc), full or\n"
"schema-only (-s); default or '-': standard input.  Only its header and\n"
"table of contents are read.\n"
"\n"
"  -r, --rules FILE        the rules file to check\n"
"  -d, --dbname CONNINFO   read the schema from this database instead of an\n"
"                          archive: a database name, a libpq connection\n"
"                          string or a URI, as psql -d takes\n"
"      --schema ARCHIVE    a schema-only dump of the same database (pg_dump\n"
"                          -Fc -s): the types of tables whose definition\n"
"                          ARCHIVE lacks (pg_dump -a; extension tables)\n"
"      --format FORMAT     text (default), or json for machines\n"
"      --explain           also say which rule covers each column and where\n"
"                          it comes from: the table's section, a parent's,\n"
"                          a '*', [schema.*], [*] or unlisted = keep\n"
"      --whole             ARCHIVE is the whole database (not pg_dump -t):\n"
"                          sections and truncate entries for tables it\n"
"                          lacks are problems, not notes\n"
"  -h, --help              show this help and exit\n"
"\n"
"Reported: columns and tables no rule covers, rules that do not compile,\n"
"rules that do not fit their column (type, NOT NULL, length), anonymisers\n"
"that are not injective on UNIQUE columns, rules for columns that do not\n"
"exist, large objects without a large_objects setting; as warnings:\n"
"statistics in the archive, and sections and truncate entries for tables\n"
"the archive lacks (problems with --whole).\n"
"\n"
"Exit status: 0 the rules cover the schema (warnings allowed); 1 problems\n"
"found, or the reader of the output went away; 2 bad usage, unreadable input\n"
"or an invalid rules file (one that does not parse, or a rule or condition\n"
"that does not compile, such as an unknown anonymiser or a keyed one with\n"
"no key setting: every problem is still listed); 4 an internal error (a bug\n"
"in pgscrub: please report it).\n"
"\n"
"Example:  pg_dump -Fc -s -f schema.dump mydb && pgscrub check -r rules.ini schema.dump\n";

static const char init_usage[] =
"usage: pgscrub init [ARCHIVE [--schema ARCHIVE] | --dbname CONNINFO]\n"
"                    [--update RULES | --compact] [-o FILE] [--no-sample]\n"
"\n"
"Write a rules file for a schema: every table with data and every column,\n"
"with an anonymiser where the column's name or type suggests personal data\n"
"(a comment says why) and keep elsewhere.  pgscrub check passes on it;\n"
"review it before use.\n"
"\n"
"ARCHIVE is a pg_dump custom-format archive (pg_dump -Fc), full or\n"
"schema-only (-s); default or '-': standard input.  Its header and table\n"
"of contents are read, and the first 1000 rows of each table (at most 4 MiB)\n"
"to flag columns whose values look like e-mail addresses, phone, card or IP\n"
"numbers whatever their name; no value is printed.\n"
"\n"
"  -d, --dbname CONNINFO   read the schema from this database instead of an\n"
"                          archive: a database name, a libpq connection\n"
"                          string or a URI, as psql -d takes\n"
"      --schema ARCHIVE    a schema-only dump of the same database (pg_dump\n"
"                          -Fc -s): the types of tables whose definition\n"
"                          ARCHIVE lacks (pg_dump -a; extension tables)\n"
"  -u, --update RULES      print RULES with only what it does not cover\n"
"                          added, marked '; new'; every other line as it was\n"
"      --no-sample         read no rows: suggest from names and types only\n"
"      --compact           write a line that would be the same in 3 or more\n"
"                          tables once, in [*] or [schema.*], instead\n"
"  -o, --output FILE       write to FILE instead of standard output (written\n"
"                          beside FILE and renamed only on success)\n"
"  -h, --help              show this help and exit\n"
"\n"
"Exit status: 0 done; 1 the reader of the output went away; 2 bad usage,\n"
"unreadable input or an invalid rules file; 4 an internal error (a bug in\n"
"pgscrub: please report it).\n"
"\n"
"Example:  pgscrub init schema.dump -o rules.ini\n";

static const char anonymisers_usage[] =
"usage: pgscrub anonymisers [--names] [NAME...]\n"
"\n"
"List the anonymisers a rules file can use (or only those NAMEd), one line\n"
"each: the name, 'keyed' when it needs the key (secret_env, secret_file or\n"
"secret = random) or '-', the column types it can write, and what it writes.\n"
"\n"
"      --names             print only the names, one a line (for scripts and\n"
"                          shell completion)\n"
"  -h, --help              show this help and exit\n"
"\n"
"Exit status: 0 done; 1 standard output could not be written (quietly when\n"
"the reader went away); 2 bad usage.\n"
"\n"
"Example:  pgscrub anonymisers | grep keyed\n";

/*
 * Open an archive for check, init and plan: a file (or standard input),
 * or a directory archive's toc.dat (*toc_dat set).
 */
static int open_archive(struct pgs_input *in, const char *path, int *toc_dat,
			struct pgs_error *err)
{
	char *toc;
	int rc;

	*toc_dat = 0;
	if (!path || strcmp(path, "-") == 0 || !pgs_dir_is_archive(path))
		return pgs_input_open(in, path, err);
	toc = malloc(strlen(path) + sizeof("/toc.dat"));
	if (!toc)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	sprintf(toc, "%s/toc.dat", path);
	rc = pgs_input_open(in, toc, err);
	free(toc);
	*toc_dat = 1;
	return rc;
}

/*
 * The schema from the archive's header and TOC, or from the database; with
 * sample (init), also a bounded sample of the archive's (or the
 * database's) rows (sample.h).
 */
/* A plain script's COPY blocks into init's sample, as they are met. */
static int sample_unit(void *ctx, const struct pgs_plain_unit *u,
		       struct pgs_error *err)
{
	struct pgs_sample_feed *f = ctx;
	struct pgs_copy_stmt st;
	char *text;
	int rc;

	if (u->kind == PGS_PLAIN_COPY_DATA)
		return pgs_sample_feed_data(f, u->p, u->n, err);
	if (u->kind == PGS_PLAIN_COPY_END)
		return pgs_sample_feed_data(f, "\\.\n", 3, err);
	if (u->kind != PGS_PLAIN_STMT || u->role != PGS_PLAIN_ROLE_COPY)
		return 0;
	text = strndup(u->p, u->n);
	if (!text)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	memset(&st, 0, sizeof(st));
	rc = pgs_copy_stmt_parse(&st, text, err) ||
	     pgs_sample_feed_table(f, &st, err) ? -1 : 0;
	pgs_copy_stmt_release(&st);
	free(text);
	return rc;
}

int pgs_cli_load_schema(struct pgs_schema *s, const char *archive,
			const char *dbname, struct pgs_sample *sample,
			struct pgs_error *err)
{
	struct pgs_archive a;
	struct pgs_input in;
	enum pgs_plain_detect kind = PGS_DETECT_OTHER;
	enum pgs_compression alg;
	struct pgs_tar_reader trd;
	int rc, toc_dat = 0, tar = 0;

	if (dbname)
		return pgs_schema_from_db(s, dbname, err) ||
		       (sample && pgs_sample_db(sample, s, dbname, err)) ? -1 : 0;
	pgs_archive_init(&a);
	rc = open_archive(&in, archive, &toc_dat, err);
	a.accept_toc_dat = toc_dat;
	if (rc == 0)
		rc = pgs_plain_detect(&kind, &alg, &in, err);
	if (rc == 0 && kind != PGS_DETECT_OTHER) {
		/* A plain script (pg_dump -Fp): read whole, its COPY rows
		 * sampled on the way. */
		struct pgs_sample_feed *f = NULL;

		rc = sample ? pgs_sample_feed_open(&f, sample, err) : 0;
		if (rc == 0)
			rc = pgs_plain_read_toc(&a, &alg, &in,
						sample ? sample_unit : NULL, f,
						err);
		pgs_sample_feed_close(f);
		if (rc == 0)
			rc = pgs_schema_from_archive(s, &a, err);
		pgs_input_close(&in);
		pgs_archive_release(&a);
		return rc;
	}
	/* A tar archive (pg_dump -Ft): its toc.dat member, then (init) its
	 * data members in order. */
	if (rc == 0 && !toc_dat)
		rc = pgs_tar_detect_input(&tar, &in, err);
	pgs_tar_reader_init(&trd, &in);
	if (rc == 0 && tar)
		rc = pgs_tar_read_toc(&trd, &a, err);
	if (rc == 0 && !tar)
		rc = pgs_archive_read_header(&a, &in, err);
	if (rc == 0 && !tar)
		rc = pgs_archive_read_toc(&a, &in, err);
	if (rc == 0)
		rc = pgs_schema_from_archive(s, &a, err);
	/* Without a sample, the data blocks that follow are never read. */
	if (rc == 0 && sample)
		rc = toc_dat ? pgs_sample_directory(sample, archive, &a, err) :
		     tar ? pgs_sample_tar(sample, &trd, &a, err)
			 : pgs_sample_archive(sample, &in, &a, err);
	pgs_input_close(&in);
	pgs_archive_release(&a);
	return rc;
}

/*
 * The schema of the command: that of the archive (or the database), with
 * --schema's types adopted for what the archive has no definition of
 * (kept in *source, which must outlive *s).
 */
static int load_schemas(struct pgs_schema *s, struct pgs_schema *source,
			const char *archive, const char *dbname,
			const char *schema_path, struct pgs_sample *sample,
			struct pgs_error *err)
{
	if (pgs_cli_load_schema(s, archive, dbname, sample, err))
		return -1;
	if (!schema_path)
		return 0;
	if (pgs_cli_load_schema(source, schema_path, NULL, NULL, err))
		return pgs_error_where(err, "--schema %s", schema_path);
	return pgs_schema_adopt(s, source, schema_path, err);
}

/* Check the --schema option against the others; print and say 1 when it
 * is bad usage. */
static int bad_schema_option(const char *cmd, const char *schema_path,
			     const char *archive, const char *dbname)
{
	if (!schema_path)
		return 0;
	if (dbname) {
		pgs_cli_usage_error(cmd, "give --schema or --dbname, not both "
				    "(--dbname reads the whole schema from the "
				    "database)");
		return 1;
	}
	if (strcmp(schema_path, "-") == 0 && (!archive || strcmp(archive, "-") == 0)) {
		pgs_cli_usage_error(cmd, "--schema and the archive cannot both "
				    "be standard input");
		return 1;
	}
	return 0;
}

/* Refuse to wait on a terminal for an archive. */
static int stdin_is_terminal(const char *archive, const char *dbname,
			     const char *cmd)
{
	if (dbname || (archive && strcmp(archive, "-") != 0) ||
	    !isatty(STDIN_FILENO))
		return 0;
	fprintf(stderr, "pgscrub: error: no input: standard input is a terminal\n"
		"pgscrub: hint: give an archive file, pipe pg_dump -Fc -s into "
		"pgscrub %s, or use --dbname\n", cmd);
	return 1;
}

/*
 * Write b to standard output (made safe for a terminal when text is set:
 * check's report quotes names from the archive); PGS_EPIPE when the reader
 * went away.
 */
static int write_stdout(const struct pgs_buf *b, int text,
			struct pgs_error *err)
{
	int bad = text ? pgs_cli_print(stdout, b->data, b->len) != 0 :
		  (b->len && fwrite(b->data, 1, b->len, stdout) != b->len);

	if (bad || fflush(stdout) != 0) {
		if (errno == EPIPE)
			return pgs_error_set(err, PGS_EPIPE, "standard output "
					     "closed the pipe");
		return pgs_error_set(err, PGS_EIO, "cannot write to standard "
				     "output: %s", strerror(errno));
	}
	return 0;
}

int pgs_cli_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "dbname", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'F' },
		{ "explain", no_argument, NULL, 'E' },
		{ "whole", no_argument, NULL, 'W' },
		{ "schema", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *rules_path = NULL, *dbname = NULL, *archive = NULL;
	const char *schema_path = NULL;
	struct pgs_check_report rep;
	struct pgs_schema schema, source;
	struct pgs_rules rules;
	struct pgs_error err;
	struct pgs_buf out, source_words;
	int json = 0, explain = 0, whole = 0, c, rc;

	pgs_error_init(&err);
	opterr = 0;
	optind = 0;   /* glibc and musl: 0 starts a fresh scan */
	while ((c = getopt_long(argc, argv, ":r:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			rules_path = optarg;
			break;
		case 'd':
			dbname = optarg;
			break;
		case 'S':
			schema_path = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "json") == 0)
				json = 1;
			else if (strcmp(optarg, "text") == 0)
				json = 0;
			else
				return pgs_cli_usage_error("check", "unknown "
							   "format '%s' (text or "
							   "json)", optarg);
			break;
		case 'E':
			explain = 1;
			break;
		case 'W':
			whole = 1;
			break;
		case 'h':
			fputs(check_usage, stdout);
			return PGS_EXIT_OK;
		case ':':
			return pgs_cli_usage_error("check", "option '%s' needs "
						   "an argument", argv[optind - 1]);
		default:
			return pgs_cli_usage_error("check", "unknown option "
						   "'%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		archive = argv[optind++];
	if (optind < argc)
		return pgs_cli_usage_error("check", "unexpected argument "
					   "'%s' (one archive at most)",
					   argv[optind]);
	if (!rules_path)
		return pgs_cli_usage_error("check", "%s", "no rules file: "
					   "give one with -r RULES");
	if (archive && dbname)
		return pgs_cli_usage_error("check", "give an archive or "
					   "--dbname, not both");
	if (bad_schema_option("check", schema_path, archive, dbname) ||
	    stdin_is_terminal(archive, dbname, "check"))
		return PGS_EXIT_USAGE;

	pgs_rules_init(&rules);
	if (pgs_rules_load(&rules, rules_path, &err)) {
		pgs_rules_release(&rules);
		return pgs_cli_error(&err, PGS_CLI_CHECK);
	}
	pgs_schema_init(&schema);
	pgs_schema_init(&source);
	if (load_schemas(&schema, &source, archive, dbname, schema_path,
			 NULL, &err)) {
		pgs_schema_release(&schema);
		pgs_schema_release(&source);
		pgs_rules_release(&rules);
		return pgs_cli_error(&err, PGS_CLI_CHECK);
	}
	pgs_check_report_init(&rep);
	pgs_buf_init(&out, OUT_MAX);
	pgs_buf_init(&source_words, RULES_FILE_MAX);
	rep.whole = whole;
	rc = pgs_check_run(&rep, &schema, &rules, &err);
	if (rc == 0 && rules.secret_env &&
	    !*(getenv(rules.secret_env) ? getenv(rules.secret_env) : ""))
		rc = pgs_check_note_key_unset(&rep, &rules, &err);
	rep.explain = explain;
	/* For the hint to run init --update: never the conninfo itself (it
	 * may hold a password), nor standard input. */
	if (rc == 0 && (dbname || (archive && strcmp(archive, "-") != 0))) {
		rc = dbname ? pgs_buf_adds(&source_words, "--dbname CONNINFO", &err)
			    : pgs_buf_add_shell_word(&source_words, archive, &err);
		if (rc == 0 && schema_path)
			rc = pgs_buf_adds(&source_words, " --schema ", &err) ||
			     pgs_buf_add_shell_word(&source_words, schema_path, &err);
		rep.source = source_words.data;
	}
	if (rc == 0)
		rc = json ? pgs_check_format_json(&out, &rep, rules_path, &err)
			  : pgs_check_format_text(&out, &rep, rules_path, &err);
	if (rc)
		rc = pgs_cli_error(&err, PGS_CLI_CHECK);
	else if (write_stdout(&out, !json, &err))
		rc = pgs_cli_error(&err, PGS_CLI_CHECK);
	else
		/* Every problem is listed; a rule that does not compile makes
		 * the rules file invalid, as the run says (exit 2). */
		rc = rep.ninvalid ? PGS_EXIT_USAGE :
		     rep.nerrors ? PGS_EXIT_FAILED : PGS_EXIT_OK;
	pgs_buf_release(&out);
	pgs_buf_release(&source_words);
	pgs_check_report_release(&rep);
	pgs_schema_release(&schema);
	pgs_schema_release(&source);
	pgs_rules_release(&rules);
	return rc;
}

/*
 * The rules file's bytes, for --update (which keeps them), with the errors
 * pgs_rules_load() gives.
 */
static int read_rules_text(struct pgs_buf *b, const char *path,
			   struct pgs_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return pgs_error_set(err, PGS_ERULES,
				     "cannot read rules file '%s': %s", path,
				     strerror(errno));
	for (;;) {
		ssize_t n;

		if (pgs_buf_grow(b, 65536, err)) {
			close(fd);
			if (err->code == PGS_ENOMEM)
				return pgs_error_set(err, PGS_ERULES,
						     "rules file '%s' is larger "
						     "than %zu MiB", path,
						     RULES_FILE_MAX >> 20);
			return -1;
		}
		do
			n = read(fd, b->data + b->len, 65536);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			int e = errno;

			close(fd);
			return pgs_error_set(err, PGS_ERULES,
					     "cannot read rules file '%s': %s",
					     path, strerror(e));
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
	}
	close(fd);
	return 0;
}

/* Write b to path (or standard output) through a temporary file. */
static int write_output(const struct pgs_buf *b, const char *path,
			struct pgs_error *err)
{
	struct pgs_output out;

	if (pgs_output_open(&out, path, err)) {
		pgs_output_abort(&out);
		return -1;
	}
	if (pgs_output_write(&out, b->data ? b->data : "", b->len, err) ||
	    pgs_output_commit(&out, err)) {
		pgs_output_abort(&out);
		return -1;
	}
	return 0;
}

int pgs_cli_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dbname", required_argument, NULL, 'd' },
		{ "update", required_argument, NULL, 'u' },
		{ "output", required_argument, NULL, 'o' },
		{ "no-sample", no_argument, NULL, 'n' },
		{ "compact", no_argument, NULL, 'C' },
		{ "schema", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dbname = NULL, *archive = NULL, *update = NULL;
	const char *output = NULL, *schema_path = NULL;
	struct pgs_schema schema, source;
	struct pgs_rules rules;
	struct pgs_error err;
	struct pgs_buf text, out;
	struct pgs_sample sample;
	int c, rc = PGS_EXIT_USAGE, no_sample = 0, sampled, compact = 0;

	pgs_error_init(&err);
	opterr = 0;
	optind = 0;   /* glibc and musl: 0 starts a fresh scan */
	while ((c = getopt_long(argc, argv, ":d:u:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dbname = optarg;
			break;
		case 'u':
			update = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'S':
			schema_path = optarg;
			break;
		case 'n':
			no_sample = 1;
			break;
		case 'C':
			compact = 1;
			break;
		case 'h':
			fputs(init_usage, stdout);
			return PGS_EXIT_OK;
		case ':':
			return pgs_cli_usage_error("init", "option '%s' needs "
						   "an argument", argv[optind - 1]);
		default:
			return pgs_cli_usage_error("init", "unknown option "
						   "'%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		archive = argv[optind++];
	if (optind < argc)
		return pgs_cli_usage_error("init", "unexpected argument "
					   "'%s' (one archive at most)",
					   argv[optind]);
	if (archive && dbname)
		return pgs_cli_usage_error("init", "give an archive or "
					   "--dbname, not both");
	if (compact && update)
		return pgs_cli_usage_error("init", "give --update or "
					   "--compact, not both");
	if (bad_schema_option("init", schema_path, archive, dbname) ||
	    stdin_is_terminal(archive, dbname, "init"))
		return PGS_EXIT_USAGE;

	pgs_rules_init(&rules);
	pgs_schema_init(&schema);
	pgs_sample_init(&sample, PGS_SAMPLE_ROWS, PGS_SAMPLE_BYTES);
	pgs_schema_init(&source);
	pgs_buf_init(&text, RULES_FILE_MAX);
	pgs_buf_init(&out, OUT_MAX);
	if (update && (read_rules_text(&text, update, &err) ||
		       pgs_rules_parse(&rules, update, text.data ? text.data : "",
				       text.len, &err))) {
		rc = pgs_cli_error(&err, PGS_CLI_INIT);
		goto done;
	}
	sampled = !no_sample;
	if (load_schemas(&schema, &source, archive, dbname, schema_path,
			 sampled ? &sample : NULL, &err) ||
	    (update ? pgs_init_update(&out, &schema, &rules, text.data,
				      text.len, sampled ? &sample : NULL, &err)
		    : compact ? pgs_init_generate_compact(&out, &schema,
					sampled ? &sample : NULL, &err)
		    : pgs_init_generate(&out, &schema, sampled ? &sample : NULL,
					&err))) {
		rc = pgs_cli_error(&err, PGS_CLI_INIT);
		goto done;
	}
	if (output && strcmp(output, "-") != 0) {
		if (write_output(&out, output, &err)) {
			rc = pgs_cli_error(&err, PGS_CLI_INIT);
			goto done;
		}
	} else if (write_stdout(&out, 0, &err)) {
		rc = pgs_cli_error(&err, PGS_CLI_INIT);
		goto done;
	}
	rc = PGS_EXIT_OK;
done:
	pgs_buf_release(&out);
	pgs_buf_release(&text);
	pgs_sample_release(&sample);
	pgs_schema_release(&schema);
	pgs_schema_release(&source);
	pgs_rules_release(&rules);
	return rc;
}

/* ---- pgscrub plan, and the run's --dry-run ---------------------------------- */

static const char plan_usage[] =
"usage: pgscrub plan -r RULES [ARCHIVE] [--schema ARCHIVE | --dbname CONNINFO]\n"
"                    [--compress M[:L]] [--format FORMAT]\n"
"\n"
"Say what a run with these rules and options would do, without reading any\n"
"data: per table with data, in archive order, copy (byte for byte),\n"
"recompress, rewrite (each rewritten column with its rule and where the\n"
"rule comes from), filter (its where, the foreign keys it loses rows by) or\n"
"truncate, with the compressed size of its data and a row estimate where\n"
"the archive gives them; statistics kept, scrubbed or dropped; large\n"
"objects; totals.  'pgscrub -r RULES ... --dry-run' prints the same.\n"
"\n"
"ARCHIVE is a pg_dump custom-format archive (pg_dump -Fc); default or '-':\n"
"standard input.  Only its header and table of contents are read.  The\n"
"rules are loaded and compiled as for the run, with its key.\n"
"\n"
"  -r, --rules FILE        the rules file\n"
"      --schema ARCHIVE    as for the run: a schema-only dump of the same\n"
"                          database, for tables whose definition ARCHIVE lacks\n"
"  -d, --dbname CONNINFO   the same, read from this database\n"
"      --compress M[:L]    as for the run: recompress all data with M = none,\n"
"                          gzip, lz4 or zstd\n"
"      --format FORMAT     text (default), or json for machines\n"
"  -h, --help              show this help and exit\n"
"\n"
"Exit status: 0 the run would go ahead; 1 the archive cannot be read, or\n"
"the reader of the output went away; 2 bad usage or an invalid rules file;\n"
"3 the rules do not cover the archive (the plan is still printed, then the\n"
"problem; 'pgscrub check' lists them all); 4 an internal error (a bug in\n"
"pgscrub: please report it).  These are the run's statuses.\n"
"\n"
"Example:  pgscrub plan -r rules.ini prod.dump\n";

int pgs_cli_plan_run(const struct pgs_cli_plan_args *a)
{
	struct pgs_plan_show_options po;
	struct pgs_plan_show *v = NULL;
	struct pgs_schema source;
	struct pgs_rules rules;
	struct pgs_input in;
	struct pgs_error err;
	struct pgs_buf out;
	unsigned char key[PGS_MASTER_KEY_BYTES];
	int have_key = 0, rc;

	pgs_error_init(&err);
	pgs_rules_init(&rules);
	pgs_schema_init(&source);
	pgs_buf_init(&out, OUT_MAX);
	memset(&in, 0, sizeof(in));
	in.fd = -1;
	memset(&po, 0, sizeof(po));
	/* As the run: the input, then the rules and the key, then the
	 * schema --schema or --dbname gives. */
	rc = open_archive(&in, a->input, &po.toc_dat, &err) ||
	     pgs_keyed_init(&err) ||
	     pgs_rules_load(&rules, a->rules_path, &err) ||
	     pgs_keyed_load(key, &have_key, &rules, rules.secret_env ?
			    getenv(rules.secret_env) : NULL, &err) ||
	     pgs_anon_check_rules(&rules, have_key ? key : NULL, &err) ||
	     ((a->schema_path || a->dbname) &&
	      pgs_cli_load_schema(&source, a->schema_path, a->dbname, NULL,
				  &err));
	if (!rc) {
		po.version = PGSCRUB_VERSION;
		po.input = a->input;
		po.output = a->output;
		po.rules = &rules;
		po.master_key = have_key ? key : NULL;
		po.recompress = a->recompress;
		po.compression = a->compression;
		po.level = a->level;
		po.out_format = a->out_format;
		if (a->schema_path || a->dbname) {
			po.schema = &source;
			po.schema_name = a->schema_path ? a->schema_path
							: "the database (--dbname)";
		}
		rc = pgs_plan_show_build(&v, &in, &po, &err) ||
		     (a->json ? pgs_plan_show_json(&out, v, &err)
			      : pgs_plan_show_text(&out, v, &err)) ||
		     write_stdout(&out, !a->json, &err);
	}
	sodium_memzero(key, sizeof(key));
	if (rc)
		rc = pgs_cli_error(&err, PGS_CLI_RUN);
	else if (pgs_plan_show_problem(v))
		/* The run's words, as it would stop: exit 3. */
		rc = pgs_cli_error(pgs_plan_show_problem(v), PGS_CLI_RUN);
	else
		rc = PGS_EXIT_OK;
	pgs_plan_show_free(v);
	pgs_input_close(&in);
	pgs_buf_release(&out);
	pgs_schema_release(&source);
	pgs_rules_release(&rules);
	return rc;
}

int pgs_cli_plan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "dbname", required_argument, NULL, 'd' },
		{ "schema", required_argument, NULL, 'S' },
		{ "compress", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct pgs_cli_plan_args a;
	struct pgs_error err;
	int c;

	memset(&a, 0, sizeof(a));
	a.level = PGS_COMPRESS_DEFAULT_LEVEL;
	pgs_error_init(&err);
	opterr = 0;
	optind = 0;   /* glibc and musl: 0 starts a fresh scan */
	while ((c = getopt_long(argc, argv, ":r:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			a.rules_path = optarg;
			break;
		case 'd':
			a.dbname = optarg;
			break;
		case 'S':
			a.schema_path = optarg;
			break;
		case 'c':
			if (pgs_compression_parse(&a.compression, &a.level,
						  optarg, &err))
				return pgs_cli_error(&err, PGS_CLI_RUN);
			a.recompress = 1;
			break;
		case 'F':
			if (strcmp(optarg, "json") == 0)
				a.json = 1;
			else if (strcmp(optarg, "text") == 0)
				a.json = 0;
			else
				return pgs_cli_usage_error("plan", "unknown "
							   "format '%s' (text or "
							   "json)", optarg);
			break;
		case 'h':
			fputs(plan_usage, stdout);
			return PGS_EXIT_OK;
		case ':':
			return pgs_cli_usage_error("plan", "option '%s' needs "
						   "an argument", argv[optind - 1]);
		default:
			return pgs_cli_usage_error("plan", "unknown option "
						   "'%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		a.input = argv[optind++];
	if (optind < argc)
		return pgs_cli_usage_error("plan", "unexpected argument "
					   "'%s' (one archive at most)",
					   argv[optind]);
	if (!a.rules_path)
		return pgs_cli_usage_error("plan", "%s", "no rules file: "
					   "give one with -r RULES");
	if (a.schema_path && a.dbname)
		return pgs_cli_usage_error("plan", "give --schema or --dbname, "
					   "not both");
	if (a.schema_path && strcmp(a.schema_path, "-") == 0)
		return pgs_cli_usage_error("plan", "%s", "--schema needs a file, "
					   "not standard input");
	if ((!a.input || strcmp(a.input, "-") == 0) && isatty(STDIN_FILENO)) {
		fprintf(stderr, "pgscrub: error: no input: standard input is a terminal\n"
			"pgscrub: hint: give an archive file (pg_dump -Fc -f FILE): "
			"plan reads only its table of contents\n");
		return PGS_EXIT_USAGE;
	}
	return pgs_cli_plan_run(&a);
}

int pgs_cli_anonymisers(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "names", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct pgs_anon_info info;
	struct pgs_error err;
	struct pgs_buf out;
	const char **names;
	int names_only = 0, c, k, rc = 0;
	size_t i, n;

	pgs_error_init(&err);
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			names_only = 1;
			break;
		case 'h':
			fputs(anonymisers_usage, stdout);
			return PGS_EXIT_OK;
		default:
			return pgs_cli_usage_error("anonymisers", "unknown "
						   "option '%s'", argv[optind - 1]);
		}
	}
	/* Every NAME must be an anonymiser: a typo is not an empty list. */
	for (n = 0; pgs_anon_name_at(n); n++)
		;
	names = calloc(n + 1, sizeof(*names));
	if (!names) {
		pgs_error_set(&err, PGS_ENOMEM, "out of memory");
		return pgs_cli_error(&err, PGS_CLI_RUN);
	}
	for (i = 0; i < n; i++)
		names[i] = pgs_anon_name_at(i);
	for (k = optind; k < argc; k++) {
		const char *s;

		for (i = 0; i < n; i++)
			if (strcmp(names[i], argv[k]) == 0)
				break;
		if (i < n)
			continue;
		s = pgs_suggest(argv[k], names);
		pgs_error_set(&err, PGS_EUSAGE, "unknown anonymiser '%s'", argv[k]);
		if (s)
			pgs_error_hint(&err, "did you mean '%s'?", s);
		else
			pgs_error_hint(&err, "'pgscrub anonymisers --names' lists "
				       "them");
		free(names);
		return pgs_cli_error(&err, PGS_CLI_RUN);
	}
	free(names);
	pgs_buf_init(&out, OUT_MAX);
	for (i = 0; rc == 0 && pgs_anon_info_at(&info, i) == 0; i++) {
		for (k = optind; k < argc; k++)
			if (strcmp(argv[k], info.name) == 0)
				break;
		if (optind < argc && k == argc)
			continue;
		if (names_only)
			rc = pgs_buf_addf(&out, &err, "%s\n", info.name);
		else if (strcmp(info.usage, info.name) == 0)
			rc = pgs_buf_addf(&out, &err, "%-13s  %-5s  %-28s  %s\n",
					  info.name, info.keyed ? "keyed" : "-",
					  info.types, info.summary);
		else
			rc = pgs_buf_addf(&out, &err, "%-13s  %-5s  %-28s  %s: "
					  "%s\n", info.name,
					  info.keyed ? "keyed" : "-",
					  info.types, info.summary, info.usage);
	}
	if (rc == 0)
		rc = write_stdout(&out, 0, &err);
	pgs_buf_release(&out);
	return rc ? pgs_cli_error(&err, PGS_CLI_RUN) : PGS_EXIT_OK;
}
