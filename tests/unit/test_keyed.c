/*
 * test_keyed.c — loading the run's master key from the rules' secret
 * settings (pgs_keyed_load, keyed.h): the environment variable, the key
 * file and its edge cases (its mode too), secret = random.  No message may
 * hold the key, nor the variable's name or the file's path: either may be
 * a key written in the wrong place.  The key's fingerprint
 * (pgs_keyed_fingerprint): pinned, the same for one key, another for another.
 */
#include "pgscrub/keyed.h"
#include "pgscrub/rules.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

static char rules_path[] = "rules.ini";
static char env_name[] = "PGSCRUB_KEY";
static char dir[] = "/tmp/pgscrub-test-keyed.XXXXXX";

#define HEX32 "00112233445566778899aabbccddeeff"
/* pgs_keyed_fingerprint of the master key 00 01 02 ... 1f. */
#define FINGERPRINT_0_31 "8eda6e2ee2b864bd"

/* A rules set that names only where its key comes from. */
static void rules_with(struct pgs_rules *r, char *env, char *file, int random)
{
	pgs_rules_init(r);
	r->path = rules_path;
	r->secret_line = 4;
	r->secret_env = env;
	r->secret_file = file;
	r->secret_random = random;
}

/* Write len bytes to dir/name, mode 0600 as a key file must be; returns
 * the path (static storage). */
static char *write_file(const char *name, const void *data, size_t len)
{
	static char path[4][256];
	static int next;
	char *p = path[next++ % 4];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	f = fopen(p, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0 ||
	    chmod(p, 0600) != 0) {
		perror(p);
		exit(2);
	}
	return p;
}

struct load {
	int rc, have;
	unsigned char master[PGS_MASTER_KEY_BYTES];
	struct pgs_error err;
};

static void load(struct load *l, const struct pgs_rules *r, const char *env)
{
	memset(l->master, 0xAA, sizeof(l->master));
	pgs_error_init(&l->err);
	l->have = -1;
	l->rc = pgs_keyed_load(l->master, &l->have, r, env, &l->err);
}

/* The load failed as PGS_ERULES with exactly msg, a hint holding hint, no
 * key, and without a trace of secret (the key's text) in either line. */
static void check_fails(const struct load *l, const char *msg,
			const char *hint, const char *secret)
{
	CHECK(l->rc == -1);
	CHECK(l->have == 0);
	CHECK(l->err.code == PGS_ERULES);
	CHECK_STR(l->err.msg, msg);
	if (!strstr(l->err.hint, hint)) {
		fprintf(stderr, "  hint \"%s\" lacks \"%s\"\n", l->err.hint, hint);
		CHECK(0);
	}
	if (secret) {
		CHECK(strstr(l->err.msg, secret) == NULL);
		CHECK(strstr(l->err.hint, secret) == NULL);
	}
}

static void check_master(const struct load *l, const void *secret, size_t len)
{
	unsigned char want[PGS_MASTER_KEY_BYTES];

	pgs_keyed_master_from_secret(want, secret, len);
	CHECK(l->rc == 0);
	CHECK(l->have == 1);
	CHECK(l->err.code == PGS_OK);
	CHECK_EQ_MEM(l->master, sizeof(l->master), want, sizeof(want));
}

static void test_none_and_random(void)
{
	struct pgs_rules r;
	struct load a, b;

	rules_with(&r, NULL, NULL, 0);
	load(&a, &r, NULL);
	CHECK(a.rc == 0 && a.have == 0);
	CHECK(a.master[0] == 0xAA);   /* untouched */

	rules_with(&r, NULL, NULL, 1);
	load(&a, &r, NULL);
	load(&b, &r, NULL);
	CHECK(a.rc == 0 && a.have == 1 && b.rc == 0 && b.have == 1);
	CHECK(memcmp(a.master, b.master, sizeof(a.master)) != 0);
}

static void test_env(void)
{
	static const unsigned char decoded[16] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
		0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
	};
	const char *unset = "rules.ini:4: secret_env: the environment variable "
			    "named there is not set";
	const char *empty = "rules.ini:4: secret_env: the environment variable "
			    "named there is empty";
	const char *shorter = "rules.ini:4: secret_env: the key in the "
			      "environment variable named there is shorter "
			      "than 16 bytes";
	const char *make = "make a key with: openssl rand -hex 32";
	const char *name_only = "secret_env holds the name of the variable, "
				"never the key";
	/* A key where the variable's name belongs: a valid name, unset. */
	char mistake[] = "af86d081884c7d659a2feaa0c55ad015";
	struct pgs_rules r;
	struct load l;
	unsigned char raw[PGS_MASTER_KEY_BYTES];

	rules_with(&r, env_name, NULL, 0);
	load(&l, &r, NULL);
	check_fails(&l, unset, make, env_name);
	check_fails(&l, unset, name_only, env_name);
	load(&l, &r, "");
	check_fails(&l, empty, make, env_name);
	load(&l, &r, "0123456789abcde");           /* 15 bytes */
	check_fails(&l, shorter, make, "0123456789abcde");
	check_fails(&l, shorter, make, env_name);
	rules_with(&r, mistake, NULL, 0);
	load(&l, &r, NULL);
	check_fails(&l, unset, name_only, mistake);
	check_fails(&l, unset, make, "af86d0");
	rules_with(&r, env_name, NULL, 0);
	load(&l, &r, "0123456789abcdef");          /* 16 bytes */
	check_master(&l, "0123456789abcdef", 16);
	/* A passphrase is used as it is, spaces and all. */
	load(&l, &r, "correct horse battery staple");
	check_master(&l, "correct horse battery staple", 28);
	/* A hex key is not decoded: its 32 characters are the secret. */
	load(&l, &r, HEX32);
	check_master(&l, HEX32, 32);
	pgs_keyed_master_from_secret(raw, decoded, sizeof(decoded));
	CHECK(memcmp(l.master, raw, sizeof(raw)) != 0);
	/* The variable's value is used as it is: a newline stays. */
	load(&l, &r, HEX32 "\n");
	check_master(&l, HEX32 "\n", 33);
}

static void test_file(void)
{
	const char *make = "make a key with: openssl rand -hex 32";
	char msg[PGS_ERROR_MSG_MAX], missing[256], *path, *big;
	struct pgs_rules r;
	struct load l;

	/* A trailing LF or CR LF is not part of the key; other bytes are. */
	path = write_file("lf.key", HEX32 "\n", 33);
	rules_with(&r, NULL, path, 0);
	load(&l, &r, NULL);
	check_master(&l, HEX32, 32);
	path = write_file("crlf.key", HEX32 "\r\n", 34);
	rules_with(&r, NULL, path, 0);
	load(&l, &r, NULL);
	check_master(&l, HEX32, 32);
	path = write_file("raw.key", " " HEX32 " ", 34);
	rules_with(&r, NULL, path, 0);
	load(&l, &r, NULL);
	check_master(&l, " " HEX32 " ", 34);

	/* Too short, also once the newline is gone. */
	path = write_file("short.key", "0123456789abcde\n", 16);
	rules_with(&r, NULL, path, 0);
	load(&l, &r, NULL);
	snprintf(msg, sizeof(msg), "rules.ini:4: secret_file: the key in the "
		 "file named there is shorter than 16 bytes");
	check_fails(&l, msg, make, "0123456789abcde");
	check_fails(&l, msg, make, path);
	path = write_file("empty.key", "", 0);
	rules_with(&r, NULL, path, 0);
	load(&l, &r, NULL);
	snprintf(msg, sizeof(msg), "rules.ini:4: secret_file: the key in the "
		 "file named there is shorter than 16 bytes");
	check_fails(&l, msg, make, path);

	/* Missing. */
	snprintf(missing, sizeof(missing), "%s/none.key", dir);
	rules_with(&r, NULL, missing, 0);
	load(&l, &r, NULL);
	snprintf(msg, sizeof(msg), "rules.ini:4: secret_file: cannot open the "
		 "file named there");
	check_fails(&l, msg, "No such file or directory; secret_file holds "
		    "the path of the key file, never the key (make a key "
		    "with: openssl rand -hex 32)", missing);

	/* A directory opens, and reading it fails with EISDIR: an error, not
	 * an empty key. */
	rules_with(&r, NULL, dir, 0);
	load(&l, &r, NULL);
	snprintf(msg, sizeof(msg), "rules.ini:4: secret_file: cannot read the "
		 "file named there");
	check_fails(&l, msg, strerror(EISDIR), dir);

	/* Unreadable (root reads anything: then there is nothing to test). */
	path = write_file("locked.key", HEX32 "\n", 33);
	if (chmod(path, 0) == 0 && geteuid() != 0) {
		rules_with(&r, NULL, path, 0);
		load(&l, &r, NULL);
		snprintf(msg, sizeof(msg), "rules.ini:4: secret_file: cannot "
			 "open the file named there");
		check_fails(&l, msg, strerror(EACCES), HEX32);
		check_fails(&l, msg, strerror(EACCES), path);
	}

	/* A read error after a successful open: /proc/self/mem at offset 0
	 * is not mapped (EIO).  Linux only; skipped elsewhere. */
	{
		int fd = open("/proc/self/mem", O_RDONLY);
		char one;

		if (fd >= 0 && read(fd, &one, 1) < 0) {
			int e = errno;
			char procmem[] = "/proc/self/mem";

			rules_with(&r, NULL, procmem, 0);
			load(&l, &r, NULL);
			check_fails(&l, "rules.ini:4: secret_file: cannot read "
				    "the file named there", strerror(e),
				    "/proc/self/mem");
		}
		if (fd >= 0)
			close(fd);
	}

	/* Exactly at the cap: the whole file is the key.  One byte more is
	 * refused, not cut (the old loader hashed the first 4096 bytes). */
	big = malloc(PGS_KEY_FILE_MAX + 2);
	if (!big)
		exit(2);
	memset(big, 'k', PGS_KEY_FILE_MAX + 1);
	big[PGS_KEY_FILE_MAX + 1] = '\0';
	path = write_file("cap.key", big, PGS_KEY_FILE_MAX);
	rules_with(&r, NULL, path, 0);
	load(&l, &r, NULL);
	check_master(&l, big, PGS_KEY_FILE_MAX);
	path = write_file("over.key", big, PGS_KEY_FILE_MAX + 1);
	rules_with(&r, NULL, path, 0);
	load(&l, &r, NULL);
	snprintf(msg, sizeof(msg), "rules.ini:4: secret_file: the file named "
		 "there is larger than 4096 bytes");
	check_fails(&l, msg, "is this the right file?", "kkkkkkkkkkkkkkkk");
	check_fails(&l, msg, "is this the right file?", path);
	/* The cap counts the file's bytes: a key at the cap and a newline is
	 * over it. */
	big[PGS_KEY_FILE_MAX] = '\n';
	path = write_file("cap-lf.key", big, PGS_KEY_FILE_MAX + 1);
	rules_with(&r, NULL, path, 0);
	load(&l, &r, NULL);
	CHECK(l.rc == -1 && l.have == 0);
	/* Much bigger: refused the same way, after reading only cap + 1. */
	free(big);
	big = malloc((size_t)1 << 20);
	if (!big)
		exit(2);
	memset(big, 'k', (size_t)1 << 20);
	path = write_file("huge.key", big, (size_t)1 << 20);
	rules_with(&r, NULL, path, 0);
	load(&l, &r, NULL);
	snprintf(msg, sizeof(msg), "rules.ini:4: secret_file: the file named "
		 "there is larger than 4096 bytes");
	check_fails(&l, msg, "is this the right file?", "kkkkkkkkkkkkkkkk");
	check_fails(&l, msg, "is this the right file?", path);
	free(big);
}

/*
 * A key file group or others can access is refused (as ssh refuses a
 * private key), by the mode of the file opened: through a symlink, its
 * target's.  secret_file_permissions = any accepts it.
 */
static void test_file_mode(void)
{
	static const mode_t refused[] = { 0640, 0604, 0620, 0602, 0610, 0601,
					  0644, 0660, 0666 };
	const char *fix = "make it private with chmod 600 on the file "
			  "secret_file names, or set secret_file_permissions "
			  "= any in [pgscrub]";
	char msg[PGS_ERROR_MSG_MAX], link[256], *path;
	struct pgs_rules r;
	struct load l;
	size_t i;

	path = write_file("mode.key", HEX32 "\n", 33);
	rules_with(&r, NULL, path, 0);
	load(&l, &r, NULL);
	check_master(&l, HEX32, 32);
	CHECK(chmod(path, 0400) == 0);
	load(&l, &r, NULL);
	check_master(&l, HEX32, 32);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		CHECK(chmod(path, refused[i]) == 0);
		rules_with(&r, NULL, path, 0);
		load(&l, &r, NULL);
		snprintf(msg, sizeof(msg), "rules.ini:4: secret_file: the key "
			 "file is accessible by group or others (mode %04o)",
			 (unsigned)refused[i]);
		check_fails(&l, msg, fix, path);
		check_fails(&l, msg, fix, HEX32);
		CHECK(l.master[0] == 0xAA);   /* nothing read into it */
		r.secret_file_permissions = PGS_KEY_FILE_ANY;
		load(&l, &r, NULL);
		check_master(&l, HEX32, 32);
	}

	/* A symlink's own mode (0777) does not count; its target's does. */
	snprintf(link, sizeof(link), "%s/link.key", dir);
	unlink(link);
	CHECK(symlink(path, link) == 0);
	rules_with(&r, NULL, link, 0);
	CHECK(chmod(path, 0600) == 0);
	load(&l, &r, NULL);
	check_master(&l, HEX32, 32);
	CHECK(chmod(path, 0644) == 0);
	load(&l, &r, NULL);
	check_fails(&l, "rules.ini:4: secret_file: the key file is accessible "
		    "by group or others (mode 0644)", fix, link);
	r.secret_file_permissions = PGS_KEY_FILE_ANY;
	load(&l, &r, NULL);
	check_master(&l, HEX32, 32);
}

static void cleanup(void)
{
	static const char *const names[] = {
		"lf.key", "crlf.key", "raw.key", "short.key", "empty.key",
		"locked.key", "cap.key", "over.key", "cap-lf.key", "huge.key",
		"mode.key", "link.key", NULL
	};
	char p[256];
	size_t i;

	for (i = 0; names[i]; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* Pinned: a report made by another pgscrub version must give the same
 * fingerprint for the same key (Python: hashlib.blake2b(b"pgscrub key
 * fingerprint v1", key=master, digest_size=16).hexdigest()[:16]). */
static void test_fingerprint(void)
{
	unsigned char a[PGS_MASTER_KEY_BYTES], b[PGS_MASTER_KEY_BYTES];
	char fa[PGS_KEY_FINGERPRINT_SIZE], fa2[PGS_KEY_FINGERPRINT_SIZE];
	char fb[PGS_KEY_FINGERPRINT_SIZE];
	size_t i;

	for (i = 0; i < sizeof(a); i++) {
		a[i] = (unsigned char)i;
		b[i] = (unsigned char)i;
	}
	b[31] ^= 1;
	memset(fa, 'x', sizeof(fa));
	pgs_keyed_fingerprint(fa, a);
	pgs_keyed_fingerprint(fa2, a);
	pgs_keyed_fingerprint(fb, b);
	CHECK(strlen(fa) == 16);
	CHECK(strspn(fa, "0123456789abcdef") == 16);
	CHECK_STR(fa, fa2);
	CHECK(strcmp(fa, fb) != 0);
	CHECK_STR(fa, FINGERPRINT_0_31);
}

int main(void)
{
	struct pgs_error err;

	pgs_error_init(&err);
	if (pgs_keyed_init(&err) || !mkdtemp(dir)) {
		fprintf(stderr, "test_keyed: cannot start: %s\n",
			err.msg[0] ? err.msg : strerror(errno));
		return 2;
	}
	test_none_and_random();
	test_env();
	test_file();
	test_file_mode();
	test_fingerprint();
	cleanup();
	return check_report("keyed");
}
