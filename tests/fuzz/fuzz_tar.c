/*
 * fuzz_tar.c — libFuzzer target for tar archives (archive_tar.h): the
 * member reader over arbitrary bytes, and the tar pipeline
 * (pgs_pipeline_scrub_tar) with keep-only rules and with rules that
 * rewrite, truncate and filter the fixture database's tables.  Any input
 * must end in success or a clean error: never a crash, a leak or a hang.
 *
 * Member walk: every header parsed must build back (pgs_tar_header_build
 * with its name, size and mtime) to a header that parses to the same; the
 * bytes streamed must be exactly the sizes the headers say; the reader
 * must end at the end blocks or with an error.
 * Pipeline: a keep-only output, read again with keep-only rules, must come
 * out the same bytes (a fixpoint); the rewrite and the conversion to a
 * custom archive (--format custom) end cleanly.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pgscrub/archive_tar.h"
#include "pgscrub/keyed.h"
#include "pgscrub/pipeline.h"
#include "pgscrub/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

static const char keep_text[] =
	"[pgscrub]\nunlisted = keep\nlarge_objects = keep\n";

static const char rewrite_text[] =
	"[pgscrub]\nunlisted = keep\nlarge_objects = drop\n"
	"secret = random\ntruncate = public.orders\n"
	"[public.people]\nemail = email\nfirst_name = const('Jane')\n"
	"where = id > 150 or id < 20\n"
	"[public.texts]\nbody = mask(keep_first=1)\n"
	"[\"CRM Data\".\"Weird Table\"]\n\"Full Name\" = full_name\n";

static struct pgs_rules keep_rules, rewrite_rules;
static unsigned char key[PGS_MASTER_KEY_BYTES];

static void setup(void)
{
	struct pgs_error err;

	pgs_error_init(&err);
	pgs_keyed_init(&err);
	memset(key, 7, sizeof(key));
	pgs_rules_init(&keep_rules);
	pgs_rules_init(&rewrite_rules);
	if (pgs_rules_parse(&keep_rules, "keep.ini", keep_text,
			    sizeof(keep_text) - 1, &err) ||
	    pgs_rules_parse(&rewrite_rules, "rewrite.ini", rewrite_text,
			    sizeof(rewrite_text) - 1, &err)) {
		fprintf(stderr, "fuzz_tar: bad built-in rules: %s\n", err.msg);
		_exit(1);
	}
}

static void clean_error(const struct pgs_error *err)
{
	/* Bad input is never pgscrub's own bug, and always says why. */
	if (err->code == PGS_OK || err->code == PGS_EINTERNAL ||
	    err->msg[0] == '\0') {
		fprintf(stderr, "fuzz_tar: error %d: %s\n", (int)err->code,
			err->msg);
		abort();
	}
}

static int count(void *ctx, const void *p, size_t n, struct pgs_error *err)
{
	uint64_t *total = ctx;

	(void)p;
	(void)err;
	*total += n;
	return 0;
}

static void walk(int fd)
{
	struct pgs_input in;
	struct pgs_tar_reader rd;
	struct pgs_error err;
	int end = 0;

	pgs_error_init(&err);
	lseek(fd, 0, SEEK_SET);
	{
		char path[64];

		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (pgs_input_open(&in, path, &err))
			return;
	}
	pgs_tar_reader_init(&rd, &in);
	for (;;) {
		struct pgs_tar_header b, p;
		uint64_t got = 0, size;

		if (pgs_tar_reader_next(&rd, &end, &err)) {
			clean_error(&err);
			break;
		}
		if (end) {
			if (pgs_tar_reader_finish(&rd, &err))
				clean_error(&err);
			break;
		}
		pgs_tar_header_build(&b, rd.cur.name, rd.cur.size, rd.cur.mtime);
		REQUIRE(pgs_tar_header_parse(&p, b.raw, 0, &err) == 0);
		REQUIRE(strcmp(p.name, rd.cur.name) == 0);
		REQUIRE(p.size == rd.cur.size && p.mtime == rd.cur.mtime);
		size = rd.cur.size;
		if (pgs_tar_reader_stream(&rd, count, &got, &err)) {
			clean_error(&err);
			/* cut in the data, or in the padding after it */
			REQUIRE(got <= size);
			break;
		}
		REQUIRE(got == size);
	}
	pgs_input_close(&in);
}

/* The tar pipeline from in_path into out_path (pgscrub's own temporary
 * file and rename, as in real use); to_custom: --format custom. */
static int scrub_as(const char *in_path, const char *out_path,
		    const struct pgs_rules *rules, int to_custom);

static int scrub(const char *in_path, const char *out_path,
		 const struct pgs_rules *rules)
{
	return scrub_as(in_path, out_path, rules, 0);
}

static int scrub_as(const char *in_path, const char *out_path,
		    const struct pgs_rules *rules, int to_custom)
{
	struct pgs_options opt;
	struct pgs_tally stats;
	struct pgs_error err;
	struct pgs_input in;
	struct pgs_output out;
	int rc;

	memset(&opt, 0, sizeof(opt));
	memset(&stats, 0, sizeof(stats));
	opt.rules = rules;
	opt.master_key = key;
	opt.level = -1;
	pgs_error_init(&err);
	if (pgs_input_open(&in, in_path, &err))
		return -1;
	rc = pgs_output_open(&out, out_path, &err);
	if (rc == 0) {
		rc = to_custom ?
		     pgs_pipeline_convert_tar_to_custom(&opt, &in, &out, &stats,
							&err) :
		     pgs_pipeline_scrub_tar(&opt, &in, &out, &stats, &err);
		if (rc)
			clean_error(&err);
		if (rc == 0 && pgs_output_commit(&out, &err))
			rc = -1;
		if (rc)
			pgs_output_abort(&out);
		pgs_tally_release(&stats);
	}
	pgs_input_close(&in);
	return rc;
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	long end;

	*n = 0;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (end = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)end)) &&
	    fread(p, 1, (size_t)end, f) == (size_t)end)
		*n = (size_t)end;
	fclose(f);
	return p;
}

static char out1[256], out2[256], out_dir[256];

static void cleanup(void)
{
	unlink(out1);
	unlink(out2);
	rmdir(out_dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	char path[64];
	int fd;

	if (!ready) {
		char dir[] = "/tmp/pgscrub-fuzz-tar-XXXXXX";

		setup();
		if (!mkdtemp(dir)) {
			perror("fuzz_tar: mkdtemp");
			_exit(1);
		}
		snprintf(out_dir, sizeof(out_dir), "%s", dir);
		snprintf(out1, sizeof(out1), "%s/out1.tar", dir);
		snprintf(out2, sizeof(out2), "%s/out2.tar", dir);
		atexit(cleanup);
		ready = 1;
	}
	fd = memfd_create("pgscrub-fuzz-tar", 0);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	walk(fd);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (scrub(path, out1, &keep_rules) == 0 &&
	    scrub(out1, out2, &keep_rules) == 0) {
		size_t n1, n2;
		unsigned char *a = slurp(out1, &n1), *b = slurp(out2, &n2);

		REQUIRE(n1 == n2 && (n1 == 0 || memcmp(a, b, n1) == 0));
		free(a);
		free(b);
	}
	unlink(out1);
	unlink(out2);
	(void)scrub(path, out1, &rewrite_rules);
	unlink(out1);
	(void)scrub_as(path, out1, &rewrite_rules, 1);
	unlink(out1);
	close(fd);
	return 0;
}
