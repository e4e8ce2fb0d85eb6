/*
 * fuzz_jobs.c — libFuzzer target: -j 1 against -j 3 over arbitrary bytes
 * taken as a custom archive (issue 13: the output is the same bytes for
 * any -j).  The input is a memfd, so it is seekable and -j 3 takes the
 * path of several tables at once (pipeline.c, xt_write_blocks) whenever
 * two or more blocks need decoding; -j 1 reads the blocks one at a time
 * in TOC order.  Each input is run twice with each of two rule sets:
 * - rules that rewrite, truncate and filter (where) tables of the
 *   fixture database, and drop large objects;
 * - keep-only rules with --compress to none, gzip, lz4 or zstd (by the
 *   input's size mod 4): every table decoded and re-encoded, none when
 *   the method is the input's own.
 * Both runs must fail or both succeed; on failure with the same error
 * code, each a clean error (not PGS_OK or PGS_EINTERNAL, a message set;
 * with FUZZ_JOBS_MESSAGES set in the environment, messages that differ
 * are shown); on success the two output files must be the same bytes,
 * and the counts (-v's and the report's per-table rows and bytes) the
 * same.  Never a crash, a leak or a hang.
 *
 * The outputs are files in a private temporary directory (made once),
 * written through pgscrub's own temporary file and rename.  The corpus's
 * seed-* files are made by tables_seeds.py (archives with several tables
 * to rewrite, their offsets right, wrong or not set).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pgscrub/keyed.h"
#include "pgscrub/pipeline.h"
#include "pgscrub/rules.h"

static const char keep_text[] =
	"[pgscrub]\nunlisted = keep\nlarge_objects = keep\n";

static const char rewrite_text[] =
	"[pgscrub]\nunlisted = keep\nlarge_objects = drop\n"
	"secret = random\ntruncate = public.orders\n"
	"[public.people]\nwhere = id > 50\nemail = email\n"
	"first_name = const('Jane')\nlast_name = null\nphone = digits\n"
	"notes = regex_replace('[0-9]+', digits)\n"
	"birth_date = date_shift(days=30)\n"
	"[public.all_types]\njb = json(email=email, name=null)\nta = scramble\n"
	"[public.texts]\nbody = mask(keep_first=1)\n"
	"[\"CRM Data\".\"Weird Table\"]\n\"Full Name\" = full_name\n";

static struct pgs_rules keep_rules, rewrite_rules;
static unsigned char key[PGS_MASTER_KEY_BYTES];
static char out_path[2][256];
static char out_dir[256];

static void cleanup(void)
{
	unlink(out_path[0]);
	unlink(out_path[1]);
	rmdir(out_dir);
}

static void setup(void)
{
	struct pgs_error err;
	char dir[] = "/tmp/pgscrub-fuzz-XXXXXX";

	if (!mkdtemp(dir)) {
		perror("fuzz_jobs: mkdtemp");
		_exit(1);
	}
	snprintf(out_dir, sizeof(out_dir), "%s", dir);
	snprintf(out_path[0], sizeof(out_path[0]), "%s/j1.dump", dir);
	snprintf(out_path[1], sizeof(out_path[1]), "%s/j3.dump", dir);
	atexit(cleanup);
	pgs_error_init(&err);
	pgs_keyed_init(&err);
	memset(key, 7, sizeof(key));
	pgs_rules_init(&keep_rules);
	pgs_rules_init(&rewrite_rules);
	if (pgs_rules_parse(&keep_rules, "keep.ini", keep_text,
			    sizeof(keep_text) - 1, &err) ||
	    pgs_rules_parse(&rewrite_rules, "rewrite.ini", rewrite_text,
			    sizeof(rewrite_text) - 1, &err)) {
		fprintf(stderr, "fuzz_jobs: bad built-in rules: %s\n", err.msg);
		_exit(1);
	}
}

struct result {
	int rc;
	struct pgs_error err;
	struct pgs_tally stats;
};

static void run(const char *path, const struct pgs_rules *rules,
		int recompress, enum pgs_compression alg, unsigned jobs,
		const char *out, struct result *res)
{
	struct pgs_options opt;

	memset(&opt, 0, sizeof(opt));
	opt.input = path;
	opt.output = out;
	opt.rules = rules;
	opt.master_key = key;
	opt.recompress = recompress;
	opt.compression = alg;
	opt.level = PGS_COMPRESS_DEFAULT_LEVEL;
	opt.jobs = jobs;
	pgs_error_init(&res->err);
	res->rc = pgs_pipeline_run(&opt, &res->stats, &res->err);
	/* Bad input is never pgscrub's own bug, and always says why. */
	if (res->rc != 0 &&
	    (res->err.code == PGS_OK || res->err.code == PGS_EINTERNAL ||
	     res->err.msg[0] == '\0')) {
		fprintf(stderr, "fuzz_jobs: -j %u: error %d: %s\n", jobs,
			(int)res->err.code, res->err.msg);
		abort();
	}
}

/* The whole file at path, malloc'd; NULL when it cannot be read. */
static unsigned char *slurp(const char *path, size_t *len)
{
	struct stat sb;
	unsigned char *p;
	int fd = open(path, O_RDONLY);
	size_t got = 0;

	if (fd < 0 || fstat(fd, &sb) != 0) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	p = malloc((size_t)sb.st_size + 1);
	while (p && got < (size_t)sb.st_size) {
		ssize_t n = read(fd, p + got, (size_t)sb.st_size - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (p && got != (size_t)sb.st_size) {
		free(p);
		return NULL;
	}
	*len = got;
	return p;
}

static void differ(const char *what, const struct result *r1,
		   const struct result *r3)
{
	fprintf(stderr, "fuzz_jobs: -j 1 and -j 3 differ: %s\n"
		"  -j 1: %s (error %d: %s)\n  -j 3: %s (error %d: %s)\n", what,
		r1->rc ? "failed" : "succeeded", (int)r1->err.code, r1->err.msg,
		r3->rc ? "failed" : "succeeded", (int)r3->err.code, r3->err.msg);
	abort();
}

/* The counters of two successful runs: the same. */
static void same_counts(const struct result *r1, const struct result *r3)
{
	const struct pgs_tally *a = &r1->stats, *b = &r3->stats;
	size_t i;

	if (a->bytes_in != b->bytes_in || a->bytes_out != b->bytes_out ||
	    a->blocks_copied != b->blocks_copied ||
	    a->blocks_recompressed != b->blocks_recompressed ||
	    a->tables_rewritten != b->tables_rewritten ||
	    a->tables_truncated != b->tables_truncated ||
	    a->rows_rewritten != b->rows_rewritten ||
	    a->rows_removed != b->rows_removed ||
	    a->rows_nulled != b->rows_nulled ||
	    a->tables_filtered != b->tables_filtered ||
	    a->large_object_blocks != b->large_object_blocks ||
	    a->offsets_written != b->offsets_written ||
	    a->ntables != b->ntables)
		differ("the run's counts", r1, r3);
	for (i = 0; i < a->ntables; i++) {
		const struct pgs_table_tally *x = &a->tables[i], *y = &b->tables[i];

		if (x->rows != y->rows || x->kept != y->kept ||
		    x->removed_by_filter != y->removed_by_filter ||
		    x->removed_by_cascade != y->removed_by_cascade ||
		    x->nulled != y->nulled || x->bytes_in != y->bytes_in ||
		    x->bytes_out != y->bytes_out ||
		    strcmp(x->action, y->action) != 0)
			differ("a table's counts", r1, r3);
	}
}

static void compare(const char *path, const struct pgs_rules *rules,
		    int recompress, enum pgs_compression alg)
{
	struct result r1, r3;
	unsigned char *o1, *o3;
	size_t n1 = 0, n3 = 0;

	run(path, rules, recompress, alg, 1, out_path[0], &r1);
	run(path, rules, recompress, alg, 3, out_path[1], &r3);
	if ((r1.rc != 0) != (r3.rc != 0))
		differ("one failed", &r1, &r3);
	if (r1.rc != 0) {
		if (r1.err.code != r3.err.code)
			differ("the error code", &r1, &r3);
		/* The messages may differ (-j 3 finds every block before it
		 * reads one): shown when asked, for a look. */
		if (getenv("FUZZ_JOBS_MESSAGES") &&
		    strcmp(r1.err.msg, r3.err.msg) != 0)
			fprintf(stderr, "fuzz_jobs: messages differ:\n  -j 1: "
				"%s\n  -j 3: %s\n", r1.err.msg, r3.err.msg);
	} else {
		same_counts(&r1, &r3);
		o1 = slurp(out_path[0], &n1);
		o3 = slurp(out_path[1], &n3);
		if (!o1 || !o3) {
			fprintf(stderr, "fuzz_jobs: cannot read the outputs\n");
			abort();
		}
		if (n1 != n3 || memcmp(o1, o3, n1) != 0)
			differ("the output bytes", &r1, &r3);
		free(o1);
		free(o3);
	}
	pgs_tally_release(&r1.stats);
	pgs_tally_release(&r3.stats);
	unlink(out_path[0]);
	unlink(out_path[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	char path[64];
	int fd;

	if (!ready) {
		setup();
		ready = 1;
	}
	fd = memfd_create("pgscrub-fuzz-jobs", 0);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	compare(path, &rewrite_rules, 0, PGS_COMPRESS_NONE);
	compare(path, &keep_rules, 1, (enum pgs_compression)(size % 4));
	close(fd);
	return 0;
}
