/*
 * fuzz_archive.c — libFuzzer target: the whole pipeline (header, TOC,
 * schema, blocks, decompression, COPY rows, anonymisers) over arbitrary
 * bytes taken as an archive, once with keep-only rules and once with rules
 * that rewrite columns of the fixture database.  Any input must end in
 * success or a clean error: never a crash, a leak or a hang.
 *
 * An input whose header says format 3 is taken as the toc.dat of a
 * directory archive: its header and TOC are read, re-encoded, read again
 * and re-encoded, and the two encodings must be the same bytes.
 *
 * The input goes through a memfd so that it is a seekable file (out-of-
 * order blocks are looked for); the output is a file in a private
 * temporary directory (made once; written through pgscrub's own temporary
 * file and rename, as in real use).  -j 2, whatever the machine: threads
 * inside a table, and two tables at once when two need decoding
 * (fuzz_jobs.c checks that -j 1 and -j 3 give the same bytes).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pgscrub/archive.h"
#include "pgscrub/keyed.h"
#include "pgscrub/pipeline.h"
#include "pgscrub/rules.h"

static const char keep_text[] =
	"[pgscrub]\nunlisted = keep\nlarge_objects = keep\n";

static const char rewrite_text[] =
	"[pgscrub]\nunlisted = keep\nlarge_objects = drop\n"
	"secret = random\ntruncate = public.orders\n"
	"[public.people]\nemail = email\nfirst_name = const('Jane')\n"
	"last_name = null\nphone = digits\nnotes = regex_replace('[0-9]+', digits)\n"
	"birth_date = date_shift(days=30)\n"
	"[public.all_types]\njb = json(email=email, name=null)\nta = scramble\n"
	"[public.texts]\nbody = mask(keep_first=1)\n"
	"[\"CRM Data\".\"Weird Table\"]\n\"Full Name\" = full_name\n";

static struct pgs_rules keep_rules, rewrite_rules;
static unsigned char key[PGS_MASTER_KEY_BYTES];
static char out_path[256];
static char out_dir[256];

static void cleanup(void)
{
	unlink(out_path);
	rmdir(out_dir);
}

static void setup(void)
{
	struct pgs_error err;
	char dir[] = "/tmp/pgscrub-fuzz-XXXXXX";

	if (!mkdtemp(dir)) {
		perror("fuzz_archive: mkdtemp");
		_exit(1);
	}
	snprintf(out_dir, sizeof(out_dir), "%s", dir);
	snprintf(out_path, sizeof(out_path), "%s/out.dump", dir);
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
		fprintf(stderr, "fuzz_archive: bad built-in rules: %s\n", err.msg);
		_exit(1);
	}
}

static void run(const char *path, const struct pgs_rules *rules)
{
	struct pgs_options opt;
	struct pgs_tally stats;
	struct pgs_error err;

	memset(&opt, 0, sizeof(opt));
	opt.input = path;
	opt.output = out_path;
	opt.rules = rules;
	opt.master_key = key;
	opt.level = -1;
	opt.jobs = 2;
	pgs_error_init(&err);
	if (pgs_pipeline_run(&opt, &stats, &err) != 0) {
		/* Bad input is never pgscrub's own bug, and always says why. */
		if (err.code == PGS_OK || err.code == PGS_EINTERNAL ||
		    err.msg[0] == '\0') {
			fprintf(stderr, "fuzz_archive: error %d: %s\n",
				(int)err.code, err.msg);
			abort();
		}
	}
	pgs_tally_release(&stats);
}

/* Header and TOC of path, accepted as a toc.dat, encoded into out. */
static int toc_dat_encode(const char *path, struct pgs_buf *out)
{
	struct pgs_archive a;
	struct pgs_input in;
	struct pgs_error err;
	int rc;

	pgs_error_init(&err);
	pgs_archive_init(&a);
	a.accept_toc_dat = 1;
	rc = pgs_input_open(&in, path, &err);
	if (rc == 0) {
		rc = pgs_archive_read_header(&a, &in, &err) ||
		     pgs_archive_read_toc(&a, &in, &err) ||
		     pgs_archive_encode_header(out, &a, a.hdr.compression,
					       a.hdr.level, &err) ||
		     pgs_archive_encode_toc(out, &a, &err) ? -1 : 0;
		pgs_input_close(&in);
	}
	if (rc && (err.code == PGS_OK || err.code == PGS_EINTERNAL ||
		   err.msg[0] == '\0')) {
		fprintf(stderr, "fuzz_archive: toc.dat error %d: %s\n",
			(int)err.code, err.msg);
		abort();
	}
	pgs_archive_release(&a);
	return rc;
}

/* A toc.dat: what is read is written back the same, the second time. */
static void toc_dat(const char *path)
{
	struct pgs_buf first, second;
	char again[64];
	int fd;

	pgs_buf_init(&first, (size_t)1 << 32);
	pgs_buf_init(&second, (size_t)1 << 32);
	if (toc_dat_encode(path, &first) == 0) {
		fd = memfd_create("pgscrub-fuzz-toc", 0);
		if (fd >= 0 && (first.len == 0 ||
				write(fd, first.data, first.len) == (ssize_t)first.len)) {
			snprintf(again, sizeof(again), "/proc/self/fd/%d", fd);
			if (toc_dat_encode(again, &second) != 0 ||
			    second.len != first.len ||
			    memcmp(first.data, second.data, first.len) != 0) {
				fprintf(stderr, "fuzz_archive: a toc.dat does not "
					"re-encode to the same bytes\n");
				abort();
			}
		}
		if (fd >= 0)
			close(fd);
	}
	pgs_buf_release(&first);
	pgs_buf_release(&second);
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
	fd = memfd_create("pgscrub-fuzz", 0);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (size > 10 && memcmp(data, "PGDMP", 5) == 0 && data[10] == 3) {
		toc_dat(path);
		close(fd);
		return 0;
	}
	run(path, &keep_rules);
	run(path, &rewrite_rules);
	close(fd);
	return 0;
}
