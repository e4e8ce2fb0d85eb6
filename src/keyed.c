/*
 * keyed.c — keys and keyed hashes for the keyed anonymisers (see keyed.h),
 * all from libsodium: BLAKE2b (crypto_generichash) for the master key and
 * the per-anonymiser subkeys, SipHash-2-4-128 (crypto_shorthash_siphashx24)
 * per value.
 *
 * The tweak goes into the hashed message, never into the key: SipHash is a
 * PRF under one uniformly random key, and makes no promise for related keys
 * (key ^ tweak).  A message is
 *
 *   short (len <= SHORT_MAX):  tweak (8 bytes LE) || in || 0x00
 *   long:                      tweak (8 bytes LE) || SipHash128(key, in)
 *                              || 0x01
 *
 * built in a stack buffer, so no call allocates.  The last byte separates
 * the two forms (no short message equals a long one); a long value costs one
 * extra 25-byte hash, which is nothing next to hashing the value itself.
 * Short values (names, e-mail addresses, phone numbers, Feistel rounds) are
 * hashed once.
 *
 * pgs_keyed_load() turns the rules' secret settings into the master key:
 * the environment is read by main.c, the key file here, whole or not at
 * all (a read error is an error, never the end of the key).  Its messages
 * name the option and the rules file's line, never the option's value: a
 * key written where the variable's name or the file's path belongs would
 * otherwise be printed, and copied into the --report JSON.  What the report
 * gets is pgs_keyed_fingerprint(): a keyed hash of a fixed string, which
 * tells keys apart and nothing more.
 */
#include "pgscrub/keyed.h"
#include "pgscrub/bytes.h"
#include "pgscrub/rules.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

/* Longest value hashed in one pass; 8 + SHORT_MAX + 1 bytes on the stack. */
#define SHORT_MAX 119

static const char subkey_prefix[] = "pgscrub/v1/";

int pgs_keyed_init(struct pgs_error *err)
{
	/* 0: started now, 1: already started, -1: failed (no entropy source). */
	if (sodium_init() < 0)
		return pgs_error_set(err, PGS_ENOMEM,
				     "cannot initialise libsodium");
	return 0;
}

/* "RULES:LINE: what", with hint (or the hint on making a key). */
static int secret_error(struct pgs_error *err, const struct pgs_rules *rules,
			const char *what, const char *hint)
{
	pgs_error_set(err, PGS_ERULES, "%s:%d: %s", rules->path,
		      rules->secret_line, what);
	return pgs_error_hint(err, "%s", hint ? hint
			      : "make a key with: openssl rand -hex 32");
}

static int secret_file_error(struct pgs_error *err,
			     const struct pgs_rules *rules, const char *what,
			     int errnum)
{
	secret_error(err, rules, what, NULL);
	return pgs_error_hint(err, "%s; secret_file holds the path of the key "
			      "file, never the key (make a key with: openssl "
			      "rand -hex 32)", strerror(errnum));
}

/*
 * Refuse a key file that group or others can access, as ssh refuses a
 * private key: fstat() of the open descriptor, so the mode checked is that
 * of the file read (through a symlink, the target's), with no window
 * between check and read.  Only regular files: a pipe (<(pass show key))
 * or a device is not a file someone chmod-ed.
 */
static int check_key_file_mode(int fd, const struct pgs_rules *rules,
			       struct pgs_error *err)
{
	struct stat st;
	char what[96];

	if (fstat(fd, &st) != 0)
		return secret_file_error(err, rules, "secret_file: cannot read "
					 "the file named there", errno);
	if (rules->secret_file_permissions == PGS_KEY_FILE_ANY ||
	    !S_ISREG(st.st_mode) || (st.st_mode & 077) == 0)
		return 0;
	snprintf(what, sizeof(what), "secret_file: the key file is accessible "
		 "by group or others (mode %04o)",
		 (unsigned)(st.st_mode & 07777));
	return secret_error(err, rules, what, "make it private with chmod 600 "
			    "on the file secret_file names, or set "
			    "secret_file_permissions = any in [pgscrub] to "
			    "use it as it is");
}

/* The key file's bytes into buf (PGS_KEY_FILE_MAX + 1 bytes): one more
 * than the cap is read, to tell a file at the cap from a longer one. */
static int read_key_file(char *buf, size_t *len, const struct pgs_rules *rules,
			 struct pgs_error *err)
{
	size_t n = 0;
	int fd = open(rules->secret_file, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return secret_file_error(err, rules, "secret_file: cannot open "
					 "the file named there", errno);
	if (check_key_file_mode(fd, rules, err)) {
		close(fd);
		return -1;
	}
	while (n <= PGS_KEY_FILE_MAX) {
		ssize_t got = read(fd, buf + n, PGS_KEY_FILE_MAX + 1 - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;

			close(fd);
			return secret_file_error(err, rules, "secret_file: "
						 "cannot read the file named "
						 "there", e);
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	*len = n;
	if (n > PGS_KEY_FILE_MAX) {
		char what[96];

		snprintf(what, sizeof(what), "secret_file: the file named "
			 "there is larger than %d bytes", PGS_KEY_FILE_MAX);
		return secret_error(err, rules, what, "a key file holds one "
				    "key: is this the right file? (make a key "
				    "with: openssl rand -hex 32)");
	}
	return 0;
}

int pgs_keyed_load(unsigned char master[PGS_MASTER_KEY_BYTES], int *have,
		   const struct pgs_rules *rules, const char *env_value,
		   struct pgs_error *err)
{
	static const char env_hint[] = "secret_env holds the name of the "
		"variable, never the key: put the key in that variable (make "
		"a key with: openssl rand -hex 32)";
	char buf[PGS_KEY_FILE_MAX + 1];
	size_t n = 0;
	int rc = 0;

	*have = 0;
	if (rules->secret_random) {
		pgs_keyed_master_random(master);
		*have = 1;
		return 0;
	}
	if (rules->secret_env) {
		if (!env_value)
			return secret_error(err, rules, "secret_env: the "
					    "environment variable named there "
					    "is not set", env_hint);
		if (!*env_value)
			return secret_error(err, rules, "secret_env: the "
					    "environment variable named there "
					    "is empty", env_hint);
		if (strlen(env_value) < PGS_KEY_MIN_BYTES)
			return secret_error(err, rules, "secret_env: the key in "
					    "the environment variable named "
					    "there is shorter than 16 bytes",
					    NULL);
		pgs_keyed_master_from_secret(master, env_value,
					     strlen(env_value));
		*have = 1;
		return 0;
	}
	if (!rules->secret_file)
		return 0;
	rc = read_key_file(buf, &n, rules, err);
	if (rc == 0) {
		/* A trailing newline (or CR LF) is not part of the key. */
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			n--;
		if (n < PGS_KEY_MIN_BYTES) {
			rc = secret_error(err, rules, "secret_file: the key in "
					  "the file named there is shorter "
					  "than 16 bytes", NULL);
		} else {
			pgs_keyed_master_from_secret(master, buf, n);
			*have = 1;
		}
	}
	sodium_memzero(buf, sizeof(buf));
	return rc;
}

void pgs_keyed_master_from_secret(unsigned char master[PGS_MASTER_KEY_BYTES],
				  const void *secret, size_t len)
{
	crypto_generichash(master, PGS_MASTER_KEY_BYTES, secret, len, NULL, 0);
}

void pgs_keyed_master_random(unsigned char master[PGS_MASTER_KEY_BYTES])
{
	randombytes_buf(master, PGS_MASTER_KEY_BYTES);
}

void pgs_keyed_subkey(unsigned char sub[PGS_SUBKEY_BYTES],
		      const unsigned char master[PGS_MASTER_KEY_BYTES],
		      const char *purpose)
{
	crypto_generichash_state st;

	/* Incremental, so that no "pgscrub/v1/" purpose string is built. */
	crypto_generichash_init(&st, master, PGS_MASTER_KEY_BYTES,
				PGS_SUBKEY_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)subkey_prefix,
				  sizeof(subkey_prefix) - 1);
	crypto_generichash_update(&st, (const unsigned char *)purpose,
				  strlen(purpose));
	crypto_generichash_final(&st, sub, PGS_SUBKEY_BYTES);
	sodium_memzero(&st, sizeof(st));
}

void pgs_keyed_fingerprint(char hex[PGS_KEY_FINGERPRINT_SIZE],
			   const unsigned char master[PGS_MASTER_KEY_BYTES])
{
	static const char context[] = "pgscrub key fingerprint v1";
	unsigned char h[16];

	/* libsodium's shortest BLAKE2b output is 16 bytes: half is shown. */
	crypto_generichash(h, sizeof(h), (const unsigned char *)context,
			   sizeof(context) - 1, master, PGS_MASTER_KEY_BYTES);
	sodium_bin2hex(hex, PGS_KEY_FINGERPRINT_SIZE, h, 8);
	sodium_memzero(h, sizeof(h));
}

void pgs_keyed_hash128(unsigned char out[16],
		       const unsigned char key[PGS_SUBKEY_BYTES],
		       const void *in, size_t len, uint64_t tweak)
{
	unsigned char msg[8 + SHORT_MAX + 1];

	pgs_put64le(msg, tweak);
	if (len <= SHORT_MAX) {
		const unsigned char *p = in;

		/* Most values here are a few bytes: a loop beats a call. */
		for (size_t i = 0; i < len; i++)
			msg[8 + i] = p[i];
		msg[8 + len] = 0x00;
		crypto_shorthash_siphashx24(out, msg, 8 + len + 1, key);
		return;
	}
	crypto_shorthash_siphashx24(msg + 8, in, len, key);
	msg[8 + 16] = 0x01;
	crypto_shorthash_siphashx24(out, msg, 8 + 16 + 1, key);
}

uint64_t pgs_keyed_hash64(const unsigned char key[PGS_SUBKEY_BYTES],
			  const void *in, size_t len, uint64_t tweak)
{
	unsigned char h[16];

	pgs_keyed_hash128(h, key, in, len, tweak);
	return (uint64_t)h[0] | (uint64_t)h[1] << 8 | (uint64_t)h[2] << 16 |
	       (uint64_t)h[3] << 24 | (uint64_t)h[4] << 32 |
	       (uint64_t)h[5] << 40 | (uint64_t)h[6] << 48 |
	       (uint64_t)h[7] << 56;
}

/* splitmix64's finaliser: a bijective mixer.  h is already a keyed hash, so
 * an unkeyed step is enough to draw again after a rejection. */
static uint64_t remix(uint64_t h, uint64_t counter)
{
	uint64_t z = h + counter * 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* 64 x 64 -> 128-bit product: hi returned, lo in *lo. */
static uint64_t mul64(uint64_t a, uint64_t b, uint64_t *lo)
{
#ifdef __SIZEOF_INT128__
	__extension__ unsigned __int128 p = (unsigned __int128)a * b;

	*lo = (uint64_t)p;
	return (uint64_t)(p >> 64);
#else
	uint64_t al = a & 0xffffffffu, ah = a >> 32;
	uint64_t bl = b & 0xffffffffu, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);

	*lo = (mid << 32) | (ll & 0xffffffffu);
	return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

/*
 * Lemire's multiply-shift with rejection ("Fast random integer generation
 * in an interval", 2019): the high word of h * n is uniform on [0, n) once
 * the low words below 2^64 mod n are rejected.  A rejection (probability
 * below n / 2^64) draws again from h and a counter, so the choice still
 * depends on h alone.
 */
uint64_t pgs_keyed_pick(uint64_t h, uint64_t n)
{
	uint64_t lo, hi, threshold;
	uint64_t counter = 0;

	assert(n > 0);
	hi = mul64(h, n, &lo);
	if (lo < n) {
		threshold = (0 - n) % n;   /* 2^64 mod n */
		while (lo < threshold) {
			h = remix(h, ++counter);
			hi = mul64(h, n, &lo);
		}
	}
	return hi;
}
