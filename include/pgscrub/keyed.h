/*
 * keyed.h — the keyed functions behind every keyed anonymiser, from
 * libsodium (never hand-rolled).
 *
 * The run's master key (32 bytes: from secret_env, secret_file or a fresh
 * random one) is never used directly: each anonymiser gets a subkey derived
 * with keyed BLAKE2b over a purpose string ("pgscrub/v1/email"), so outputs
 * of different anonymisers cannot be correlated, while the same anonymiser
 * gives the same output for the same input in every table and every run.
 * The per-value function is SipHash-2-4 with a 128-bit output
 * (crypto_shorthash_siphashx24): tens of millions of short values per
 * second per core.
 *
 * Every copy of a master key or a subkey, and whatever is computed from a
 * key alone (the permutations of digits and scramble), is wiped with
 * sodium_memzero() before its memory is released.
 */
#ifndef PGSCRUB_KEYED_H
#define PGSCRUB_KEYED_H

#include <stddef.h>
#include <stdint.h>
#include "pgscrub/error.h"

#define PGS_MASTER_KEY_BYTES 32
#define PGS_SUBKEY_BYTES 16

/* A key shorter than this can be brute-forced through its outputs. */
#define PGS_KEY_MIN_BYTES 16
/* A key file holds one key (`openssl rand -hex 32` writes 65 bytes); a
 * bigger file is the wrong file, and is refused rather than cut. */
#define PGS_KEY_FILE_MAX 4096

struct pgs_rules;

/* Initialise libsodium (idempotent).  PGS_ENOMEM if it cannot start. */
int pgs_keyed_init(struct pgs_error *err);

/*
 * The run's master key from the rules' secret_env, secret_file or
 * secret = random; *have is 0 (and master untouched) when the rules
 * configure none.  env_value is the value of the variable secret_env names
 * (the caller reads the environment; NULL when it is unset).  The secret's
 * bytes are used as they are (a hex key is not decoded): the master key is
 * pgs_keyed_master_from_secret() of them, less a key file's trailing
 * newline (LF or CR LF).  The copy read from a file is wiped before
 * returning.
 *
 * PGS_ERULES, as "RULES:LINE: secret_...: what" with a hint on making a
 * key, when the variable is unset or empty, the key is shorter than
 * PGS_KEY_MIN_BYTES, the file cannot be opened or read (a directory:
 * EISDIR), the file is larger than PGS_KEY_FILE_MAX bytes, or it is a
 * regular file that group or others can access (mode & 077, of the file
 * opened: through a symlink, its target's) and the rules'
 * secret_file_permissions is not PGS_KEY_FILE_ANY.  A message names the
 * option and the rules file's line, never the variable's name or the
 * file's path (either may be a key written in the wrong place), nor the
 * key.
 */
int pgs_keyed_load(unsigned char master[PGS_MASTER_KEY_BYTES], int *have,
		   const struct pgs_rules *rules, const char *env_value,
		   struct pgs_error *err);

/* master = BLAKE2b-256 of the secret's bytes (a passphrase or random hex). */
void pgs_keyed_master_from_secret(unsigned char master[PGS_MASTER_KEY_BYTES],
				  const void *secret, size_t len);

/* A fresh random master key (secret = random). */
void pgs_keyed_master_random(unsigned char master[PGS_MASTER_KEY_BYTES]);

/* sub = keyed BLAKE2b-128(key = master, message = "pgscrub/v1/" purpose). */
void pgs_keyed_subkey(unsigned char sub[PGS_SUBKEY_BYTES],
		      const unsigned char master[PGS_MASTER_KEY_BYTES],
		      const char *purpose);

/* 16 hex digits and a NUL. */
#define PGS_KEY_FINGERPRINT_SIZE 17

/*
 * The key's fingerprint, for --report: the first 8 bytes of keyed
 * BLAKE2b-128(key = master, message = "pgscrub key fingerprint v1"), as 16
 * lowercase hex digits.  Two runs with the same key have the same
 * fingerprint, so their outputs are linkable; it says nothing else about
 * the key (a PRF output of a fixed message; no subkey has that message).
 * Like any output of a keyed anonymiser, it lets a guessable passphrase be
 * confirmed offline: keys come from `openssl rand -hex 32`.
 */
void pgs_keyed_fingerprint(char hex[PGS_KEY_FINGERPRINT_SIZE],
			   const unsigned char master[PGS_MASTER_KEY_BYTES]);

/* 128-bit keyed hash (SipHash-2-4-128) of in, with a 64-bit tweak mixed in
 * (rounds of a Feistel network, element indexes; 0 when unused). */
void pgs_keyed_hash128(unsigned char out[16],
		       const unsigned char key[PGS_SUBKEY_BYTES],
		       const void *in, size_t len, uint64_t tweak);

/* The first 64 bits of pgs_keyed_hash128, as an integer. */
uint64_t pgs_keyed_hash64(const unsigned char key[PGS_SUBKEY_BYTES],
			  const void *in, size_t len, uint64_t tweak);

/* An unbiased keyed choice in [0, n) from a 64-bit hash (n > 0). */
uint64_t pgs_keyed_pick(uint64_t h, uint64_t n);

#endif
