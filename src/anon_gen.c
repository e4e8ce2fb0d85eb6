/*
 * anon_gen.c — the generating anonymisers: hash, email, first_name,
 * last_name, full_name, digits, scramble, mask, uuid, ip, card_number and
 * mac (see anon_impl.h for how an anonymiser is written and anon.h for how
 * the dispatcher calls it).
 *
 * Classes of characters beyond ASCII (digits, scramble) come from
 * libunistring, not from tables of ours.
 *
 * Every keyed one is a function of (subkey, value, parameters) only: the
 * subkey comes from the master key and the anonymiser's name (keyed.h), so
 * the same value gets the same fake in every table and every run with the
 * same secret, and nothing else about the row or the table enters.  The
 * format-preserving ones (digits, scramble, ip, card_number, mac) are
 * Feistel networks, hence bijections: UNIQUE columns stay unique.
 *
 * char(n) values arrive padded with spaces to n; for bpchar those spaces are
 * not part of the value (PostgreSQL ignores them in comparisons), so hash,
 * email, uuid and the name generators hash the value without them and mask
 * leaves them alone.  Then 'x' in a char(10) column and in a text column
 * get the same fake.
 *
 * Nothing here allocates per value: outputs are built on the stack or in
 * the caller's buffer, and digits/scramble collect their symbols in
 * an->tmp1/tmp2, which keep their memory from value to value.
 */
#include "pgscrub/anon_impl.h"
#include "pgscrub/bytes.h"

#include <arpa/inet.h>
#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include <sodium.h>

/* src/names.c: sorted by length, then alphabetically. */

/* ---- shared helpers ----------------------------------------------------- */

/* The value as PostgreSQL compares it: bpchar's padding is not part of it. */
static size_t value_len(const struct pgs_anon *an, const char *val, size_t len)
{
	if (an->kind == PGS_TYPE_CHAR)
		while (len && val[len - 1] == ' ')
			len--;
	return len;
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Whether val (surrounding blanks ignored) equals s in ASCII letter case
 * folding: the generators' "never the original" test. */
static int same_text(const char *val, size_t len, const char *s, size_t slen)
{
	size_t i;

	while (len && (val[0] == ' ' || val[0] == '\t')) {
		val++;
		len--;
	}
	while (len && (val[len - 1] == ' ' || val[len - 1] == '\t'))
		len--;
	if (len != slen)
		return 0;
	for (i = 0; i < len; i++)
		if (ascii_lower((unsigned char)val[i]) !=
		    ascii_lower((unsigned char)s[i]))
			return 0;
	return 1;
}

/* "NAME needs at least N characters, and the column is TYPE". */
static int need_chars(const struct pgs_anon *an, int need,
		      struct pgs_error *err)
{
	if (an->max_chars < 0 || an->max_chars >= need)
		return 0;
	if (an->col)
		return pgs_error_set(err, PGS_ECOVERAGE,
				     "%s needs at least %d characters, and the "
				     "column is %s", an->def->name, need,
				     pgs_type_name(&an->col->type));
	return pgs_error_set(err, PGS_ECOVERAGE,
			     "%s needs at least %d characters, and the column "
			     "allows %d", an->def->name, need, an->max_chars);
}

static int no_args(struct pgs_anon *an, const struct pgs_expr *e,
		   struct pgs_error *err)
{
	return pgs_anon_check_args(an, e, NULL, 0, err);
}

static const char hexdig[] = "0123456789abcdef";

/* ---- hash --------------------------------------------------------------- */

/*
 * hash — lower-case hex of the 128-bit keyed hash (SipHash-2-4-128 under the
 * "hash" subkey) of the value's bytes: 32 characters.  Under a length limit
 * n it emits the first min(32, n) characters and needs n >= 20 (80 bits:
 * collisions stay negligible for any table size).  Keyed, injective in
 * practice (a collision needs 2^40 distinct values at 80 bits, 2^64 at 128).
 * Text kinds.  an->n1 is the number of characters emitted.
 */
static int hash_compile(struct pgs_anon *an, const struct pgs_expr *e,
			struct pgs_error *err)
{
	an->n1 = 32;
	return no_args(an, e, err);
}

static int hash_fit(struct pgs_anon *an, struct pgs_error *err)
{
	if (need_chars(an, 20, err))
		return -1;
	an->n1 = an->max_chars >= 0 && an->max_chars < 32 ? an->max_chars : 32;
	return 0;
}

static int hash_apply(struct pgs_anon *an, struct pgs_buf *out,
		      const char *val, size_t len, struct pgs_error *err)
{
	unsigned char h[16];
	char hex[32];
	int i;

	pgs_keyed_hash128(h, an->key, val, value_len(an, val, len), 0);
	for (i = 0; i < 16; i++) {
		hex[2 * i] = hexdig[h[i] >> 4];
		hex[2 * i + 1] = hexdig[h[i] & 15];
	}
	return pgs_buf_add(out, hex, (size_t)an->n1, err);
}

static const struct pgs_anon_def def_hash = {
	"hash", PGS_ANON_KEYED | PGS_ANON_INJECTIVE, PGS_TYPES_TEXT, "hash",
	hash_compile, hash_fit, hash_apply, NULL,
	"hex characters of the keyed 128-bit hash of the value",
	NULL
};

/* ---- email -------------------------------------------------------------- */

#define EMAIL_DOMAIN_LEN 12      /* "@example.com", ".net", ".org" alike */
#define EMAIL_LOCAL_MAX 26       /* ceil(128 / 5): the whole hash */
#define EMAIL_LOCAL_MIN 8

static const char *const email_domains[] = {
	"@example.com", "@example.net", "@example.org"
};

/*
 * email — a fake address at a domain reserved for examples (RFC 2606):
 * the local part is lower-case base32 (a-z, 2-7) of the keyed 128-bit hash
 * of the value's exact bytes, the domain a keyed choice of example.com,
 * example.net and example.org.  The local part has 26 characters (all 128
 * bits); under a length limit n it has min(26, n - 12), and n >= 20 (8
 * characters, 40 bits) is required.  With fewer than 16 local characters
 * (n < 28) collisions become possible in big tables: an->n1 holds the
 * local part's length so that the dispatcher can say the result is not
 * injective.  The output is never the input (compared ignoring ASCII case,
 * as addresses are): if it would be — only when re-scrubbing scrubbed data,
 * and with probability 2^-128 — the hash is taken again with the next
 * tweak.  The same address gets the same fake in every table.  Keyed.
 * Text kinds (a domain over varchar counts as varchar).
 */
static int email_compile(struct pgs_anon *an, const struct pgs_expr *e,
			 struct pgs_error *err)
{
	an->n1 = EMAIL_LOCAL_MAX;
	return no_args(an, e, err);
}

static int email_fit(struct pgs_anon *an, struct pgs_error *err)
{
	if (need_chars(an, EMAIL_LOCAL_MIN + EMAIL_DOMAIN_LEN, err))
		return -1;
	an->n1 = EMAIL_LOCAL_MAX;
	if (an->max_chars >= 0 &&
	    an->max_chars - EMAIL_DOMAIN_LEN < EMAIL_LOCAL_MAX)
		an->n1 = an->max_chars - EMAIL_DOMAIN_LEN;
	/* Under 16 base32 characters (80 bits) collisions become possible. */
	if (an->n1 < 16)
		an->injective = 0;
	return 0;
}

/* base32 of h, most significant bit first, into dst[0..nlocal), then the
 * domain; returns the length. */
static size_t email_make(char *dst, const unsigned char h[16], size_t nlocal)
{
	static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";
	size_t i;
	uint64_t d;

	for (i = 0; i < nlocal; i++) {
		size_t bit = 5 * i, byte = bit / 8, shift = bit % 8;
		unsigned w = (unsigned)h[byte] << 8;

		if (byte + 1 < 16)
			w |= h[byte + 1];
		dst[i] = b32[(w >> (11 - shift)) & 31];
	}
	/* The upper half of the hash: beyond the local part when it is short,
	 * a function of it when it is whole; either way keyed. */
	d = pgs_keyed_pick(pgs_get64le(h + 8), 3);
	memcpy(dst + nlocal, email_domains[d], EMAIL_DOMAIN_LEN);
	return nlocal + EMAIL_DOMAIN_LEN;
}

static int email_apply(struct pgs_anon *an, struct pgs_buf *out,
		       const char *val, size_t len, struct pgs_error *err)
{
	char addr[EMAIL_LOCAL_MAX + EMAIL_DOMAIN_LEN];
	unsigned char h[16];
	size_t vlen = value_len(an, val, len), n;
	uint64_t tweak = 0;

	do {
		pgs_keyed_hash128(h, an->key, val, vlen, tweak++);
		n = email_make(addr, h, (size_t)an->n1);
	} while (same_text(val, vlen, addr, n));
	return pgs_buf_add(out, addr, n, err);
}

static const struct pgs_anon_def def_email = {
	"email", PGS_ANON_KEYED | PGS_ANON_INJECTIVE, PGS_TYPES_TEXT, "email",
	email_compile, email_fit, email_apply, NULL,
	"a fake address at example.com, .net or .org; never the original",
	NULL
};

/* ---- first_name, last_name, full_name ---------------------------------- */

/* How many names of the (length-sorted) list have at most max characters. */
static size_t names_upto(const char *const *list, size_t n, long long max)
{
	size_t lo = 0, hi = n;

	if (max < 0)
		return n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((long long)strlen(list[mid]) <= max)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * first_name, last_name — a keyed pick from the built-in list (src/names.c:
 * ~200 names each from many cultures, ASCII only), uniform over the names
 * that fit the column's length limit.  Never the original value (compared
 * ignoring ASCII case and surrounding blanks): if the pick equals it, the
 * next eligible name is taken.  Refuses a limit that leaves fewer than two
 * names (first_name needs 3 characters, last_name 2).  Keyed, not
 * injective.  Text kinds.  an->n1 is the number of eligible names.
 */
static int name_fit(struct pgs_anon *an, const char *const *list, size_t n,
		    struct pgs_error *err)
{
	/* Two candidates at least, so that the original can be avoided. */
	if (need_chars(an, (int)strlen(list[1]), err))
		return -1;
	an->n1 = (long long)names_upto(list, n, an->max_chars);
	return 0;
}

static int first_name_compile(struct pgs_anon *an, const struct pgs_expr *e,
			      struct pgs_error *err)
{
	an->n1 = (long long)pgs_names_first_count;
	return no_args(an, e, err);
}

static int last_name_compile(struct pgs_anon *an, const struct pgs_expr *e,
			     struct pgs_error *err)
{
	an->n1 = (long long)pgs_names_last_count;
	return no_args(an, e, err);
}

static int first_name_fit(struct pgs_anon *an, struct pgs_error *err)
{
	return name_fit(an, pgs_names_first, pgs_names_first_count, err);
}

static int last_name_fit(struct pgs_anon *an, struct pgs_error *err)
{
	return name_fit(an, pgs_names_last, pgs_names_last_count, err);
}

static int name_apply(struct pgs_anon *an, struct pgs_buf *out,
		      const char *const *list, const char *val, size_t len,
		      struct pgs_error *err)
{
	size_t k = (size_t)an->n1, vlen = value_len(an, val, len), i;

	i = pgs_keyed_pick(pgs_keyed_hash64(an->key, val, vlen, 0), k);
	if (same_text(val, vlen, list[i], strlen(list[i])))
		i = (i + 1) % k;
	return pgs_buf_adds(out, list[i], err);
}

static int first_name_apply(struct pgs_anon *an, struct pgs_buf *out,
			    const char *val, size_t len, struct pgs_error *err)
{
	return name_apply(an, out, pgs_names_first, val, len, err);
}

static int last_name_apply(struct pgs_anon *an, struct pgs_buf *out,
			   const char *val, size_t len, struct pgs_error *err)
{
	return name_apply(an, out, pgs_names_last, val, len, err);
}

static const struct pgs_anon_def def_first_name = {
	"first_name", PGS_ANON_KEYED, PGS_TYPES_TEXT, "first_name",
	first_name_compile, first_name_fit, first_name_apply, NULL,
	"a first name from the built-in list; never the original",
	NULL
};

static const struct pgs_anon_def def_last_name = {
	"last_name", PGS_ANON_KEYED, PGS_TYPES_TEXT, "last_name",
	last_name_compile, last_name_fit, last_name_apply, NULL,
	"a last name from the built-in list; never the original",
	NULL
};

/*
 * full_name — "First Last": a first name and a last name picked
 * independently (tweaks 1 and 2 of the keyed hash of the value).  Under a
 * length limit n the first name is picked among those that leave room for
 * the shortest last name, then the last name among those that fit what is
 * left, so every output fits; with no limit both picks are uniform over
 * the whole lists.  Never the original (ignoring ASCII case): if the pair
 * equals it, the next eligible last name is taken, or, when only one last
 * name fits, the shortest first name with its first eligible last name
 * that differs.  Needs n >= 5 (the shortest first name, a space and the
 * second shortest last name).  Keyed, not injective.  Text kinds.
 */
static int full_name_compile(struct pgs_anon *an, const struct pgs_expr *e,
			     struct pgs_error *err)
{
	return no_args(an, e, err);
}

static int full_name_fit(struct pgs_anon *an, struct pgs_error *err)
{
	int need = (int)(strlen(pgs_names_first[0]) + 1 +
			 strlen(pgs_names_last[1]));

	return need_chars(an, need, err);
}

static size_t full_name_make(char *dst, const char *first, const char *last)
{
	size_t a = strlen(first), b = strlen(last);

	memcpy(dst, first, a);
	dst[a] = ' ';
	memcpy(dst + a + 1, last, b);
	return a + 1 + b;
}

static int full_name_apply(struct pgs_anon *an, struct pgs_buf *out,
			   const char *val, size_t len, struct pgs_error *err)
{
	const char *const *fl = pgs_names_first, *const *ll = pgs_names_last;
	size_t vlen = value_len(an, val, len), k1, k2, i, j, n;
	long long max = an->max_chars, room;
	char buf[128];

	k1 = names_upto(fl, pgs_names_first_count,
			max < 0 ? -1 : max - 1 - (long long)strlen(ll[0]));
	i = pgs_keyed_pick(pgs_keyed_hash64(an->key, val, vlen, 1), k1);
	room = max < 0 ? -1 : max - 1 - (long long)strlen(fl[i]);
	k2 = names_upto(ll, pgs_names_last_count, room);
	j = pgs_keyed_pick(pgs_keyed_hash64(an->key, val, vlen, 2), k2);
	n = full_name_make(buf, fl[i], ll[j]);
	if (same_text(val, vlen, buf, n)) {
		if (k2 < 2) {
			/* fit guarantees two last names after the shortest
			 * first name; the pair changes with the first name. */
			i = 0;
			room = max < 0 ? -1 : max - 1 - (long long)strlen(fl[0]);
			k2 = names_upto(ll, pgs_names_last_count, room);
			j = 0;
			n = full_name_make(buf, fl[i], ll[j]);
		}
		if (same_text(val, vlen, buf, n)) {
			j = (j + 1) % k2;
			n = full_name_make(buf, fl[i], ll[j]);
		}
	}
	return pgs_buf_add(out, buf, n, err);
}

static const struct pgs_anon_def def_full_name = {
	"full_name", PGS_ANON_KEYED, PGS_TYPES_TEXT, "full_name",
	full_name_compile, full_name_fit, full_name_apply, NULL,
	"a first and a last name from the built-in lists",
	NULL
};

/* ---- digits and scramble: format-preserving Feistel networks ----------- */

/*
 * A sequence of symbols of one radix (10 for digits, 26 for letters) is
 * permuted in blocks: each block of m >= 2 symbols is read as two numbers
 * A (the first u = m/2 symbols) and B (the other v = m - u), and goes
 * through FPE_ROUNDS rounds of an FF1-style Feistel network (NIST SP
 * 800-38G's FF1 with our PRF):
 *
 *   round i:  w = u if i is even else v
 *             C = (A + F(i, B)) mod radix^w;  A = B;  B = C
 *
 * An even number of rounds leaves A with u symbols and B with v, and each
 * round is invertible (A = C - F(i, B)), so the block map is a bijection.
 * F is the keyed 128-bit hash of (B, i, radix, m) with the tweak
 * (total symbols << 32 | block index), scaled to [0, radix^w) as
 * floor(F * radix^w / 2^128): 128 bits make the bias negligible (below
 * 2^-68 for the widest half).
 *
 * Halves must fit in 64 bits with room for A + F: 18 digits, 13 letters,
 * so blocks hold up to 36 digits or 26 letters.  Longer sequences are cut
 * into the fewest blocks of near-equal size (every block then has at least
 * half the maximum, never 1 symbol), each permuted on its own with its index
 * in the tweak: a bijection of the whole sequence.  A sequence of exactly
 * one symbol is mapped through a keyed permutation of the radix's symbols
 * (keyed Fisher–Yates), made once at compile time.
 *
 * The tweak holds the number of symbols but not where they sit among the
 * other bytes: "555-1234" and "5551234" get the same digits, so one number
 * written in two formats stays one number after scrubbing (joins across
 * tables survive), and injectivity only needs a bijection per length.
 */
#define FPE_ROUNDS 10

struct fpe_radix {
	unsigned radix;
	size_t max_half;
	const uint64_t *pow;      /* radix^0 .. radix^max_half */
};

static const uint64_t pow10_tab[19] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
	10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
	100000000000ull, 1000000000000ull, 10000000000000ull,
	100000000000000ull, 1000000000000000ull, 10000000000000000ull,
	100000000000000000ull, 1000000000000000000ull
};

static const uint64_t pow26_tab[14] = {
	1ull, 26ull, 676ull, 17576ull, 456976ull, 11881376ull, 308915776ull,
	8031810176ull, 208827064576ull, 5429503678976ull, 141167095653376ull,
	3670344486987776ull, 95428956661682176ull, 2481152873203736576ull
};

static const struct fpe_radix fpe_digits = { 10, 18, pow10_tab };
static const struct fpe_radix fpe_letters = { 26, 13, pow26_tab };

/* Compiled by digits and scramble: the one-symbol permutations. */
struct fpe_priv {
	unsigned char perm10[10];
	unsigned char perm26[26];
};

/* The high word of a * b. */
static uint64_t mulhi(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
	__extension__ typedef unsigned __int128 u128;

	return (uint64_t)(((u128)a * b) >> 64);
#else
	uint64_t al = a & 0xffffffffu, ah = a >> 32;
	uint64_t bl = b & 0xffffffffu, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);

	return ah * bh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

/*
 * floor(H * m / 2^128) for the 128-bit H = hi * 2^64 + lo: a value in
 * [0, m) that each of them takes for 2^128 / m values of H, give or take
 * one, so the bias is below m / 2^128.  Two multiplications instead of a
 * 128-bit division, which cost more than the hash here.
 */
static uint64_t reduce128(uint64_t hi, uint64_t lo, uint64_t m)
{
	uint64_t p1lo = hi * m, p1hi = mulhi(hi, m), carry;

	carry = p1lo + mulhi(lo, m) < p1lo;
	return p1hi + carry;
}

static uint64_t fpe_round(const unsigned char *key, uint64_t b, unsigned round,
			  unsigned radix, size_t m, uint64_t tweak, uint64_t mod)
{
	unsigned char msg[11], h[16];

	pgs_put64le(msg, b);
	msg[8] = (unsigned char)round;
	msg[9] = (unsigned char)radix;
	msg[10] = (unsigned char)m;
	pgs_keyed_hash128(h, key, msg, sizeof(msg), tweak);
	return reduce128(pgs_get64le(h + 8), pgs_get64le(h), mod);
}

/* Symbols to number and back; the radix is a constant in each branch so
 * that the divisions become multiplications. */
static uint64_t fpe_num(const unsigned char *s, size_t n, unsigned radix)
{
	uint64_t x = 0;
	size_t i;

	if (radix == 10)
		for (i = 0; i < n; i++)
			x = x * 10 + s[i];
	else
		for (i = 0; i < n; i++)
			x = x * 26 + s[i];
	return x;
}

static void fpe_str(unsigned char *s, size_t n, uint64_t x, unsigned radix)
{
	size_t i;

	if (radix == 10)
		for (i = n; i-- > 0; x /= 10)
			s[i] = (unsigned char)(x % 10);
	else
		for (i = n; i-- > 0; x /= 26)
			s[i] = (unsigned char)(x % 26);
}

static void fpe_block(const unsigned char *key, const struct fpe_radix *r,
		      unsigned char *s, size_t m, uint64_t tweak)
{
	size_t u = m / 2, v = m - u;
	uint64_t a = fpe_num(s, u, r->radix), b = fpe_num(s + u, v, r->radix);
	uint64_t c;
	unsigned round;

	for (round = 0; round < FPE_ROUNDS; round++) {
		uint64_t mod = r->pow[round % 2 == 0 ? u : v];

		/* a and the PRF value are below mod < 2^63: the sum is below
		 * 2 * mod and needs one subtraction, not a division. */
		c = a + fpe_round(key, b, round, r->radix, m, tweak, mod);
		if (c >= mod)
			c -= mod;
		a = b;
		b = c;
	}
	fpe_str(s, u, a, r->radix);
	fpe_str(s + u, v, b, r->radix);
}

/* Permute the d symbols s[0..d) (values < radix) as described above. */
static void fpe_seq(const struct pgs_anon *an, const struct fpe_radix *r,
		    unsigned char *s, size_t d)
{
	const struct fpe_priv *p = an->priv;
	size_t bmax = 2 * r->max_half, nb, base, extra, b, off = 0;

	if (d == 0)
		return;
	if (d == 1) {
		s[0] = r->radix == 10 ? p->perm10[s[0]] : p->perm26[s[0]];
		return;
	}
	nb = (d + bmax - 1) / bmax;
	base = d / nb;
	extra = d % nb;
	for (b = 0; b < nb; b++) {
		size_t m = base + (b < extra);

		fpe_block(an->key, r, s + off, m, (uint64_t)d << 32 | b);
		off += m;
	}
}

static void fpe_shuffle(const unsigned char *key, unsigned char *perm,
			unsigned radix)
{
	unsigned i;

	for (i = 0; i < radix; i++)
		perm[i] = (unsigned char)i;
	for (i = radix - 1; i > 0; i--) {
		/* 3 bytes: no Feistel message (11 bytes) has this length. */
		unsigned char msg[3] = { 'p', (unsigned char)radix,
					 (unsigned char)i };
		uint64_t j = pgs_keyed_pick(pgs_keyed_hash64(key, msg, 3, 0),
					    (uint64_t)i + 1);
		unsigned char t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
}

/*
 * Letters and digits beyond ASCII (UTF8 archives).  The classes come from
 * libunistring (general category, script, block and decimal value), never
 * from tables of our own:
 *   - a letter class is the letters of one general category (Lu, Ll, Lt,
 *     Lm, Lo) of one script in one Unicode block.  The block keeps Hangul
 *     syllables apart from jamo, half-width katakana apart from katakana,
 *     the common CJK ideographs apart from the extensions, and makes every
 *     member of a class as long in UTF-8 as every other: a scrambled value
 *     has as many bytes as the original, not only as many characters.
 *     ASCII letters are not in any class: they keep their base-26 network.
 *   - a digit is a code point of category Nd in a run of ten (values 0-9,
 *     Unicode puts them so); it keeps its run (its script) and takes the
 *     new value there.
 * The tables map a code point to (class, index in the class) or to its
 * digit value through 256-entry pages (zero pages shared), and each class's
 * index back to its code point.  Built once per process on first compile,
 * under pthread_once, then read-only: anonymisers may run in any thread.
 */
#define UNI_PAGES (0x110000 >> 8)
#define UNI_DIGIT 0x80000000u           /* entry: digit, value in bits 0-3 */
#define UNI_IDX_BITS 17                 /* entry: class << 17 | index */
#define UNI_IDX_MASK ((1u << UNI_IDX_BITS) - 1)
#define UNI_MAX_CLASSES ((1u << 14) - 1)
#define UNI_MAX_BLOCK 124               /* 2 * max_half for a radix of 2 */

struct uni_class {
	const uc_block_t *block;        /* the key, while building */
	const uc_script_t *script;
	uint32_t gc;                    /* UC_CATEGORY_MASK_L? */
	uint32_t first;                 /* first member: the class's name */
	uint32_t size;                  /* members: the radix */
	uint32_t off;                   /* into uni.members */
	unsigned char ulen;             /* UTF-8 length of every member */
	unsigned char max_half;         /* largest h with size^h < 2^63 */
};

static struct {
	uint16_t *pageidx;              /* page number of cp >> 8; 0: none */
	uint32_t *pages;                /* 256 entries a page; page 0 zero */
	uint32_t *members;              /* code points, class by class */
	struct uni_class *classes;      /* [0] unused: class 0 is "none" */
	size_t nclasses, npages;
	int failed;                     /* out of memory while building */
} uni;

static pthread_once_t uni_once = PTHREAD_ONCE_INIT;

static unsigned char utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Whether the Nd code point cp of value v sits in a run of ten digits
 * 0-9 of one UTF-8 length. */
static int uni_digit_run(ucs4_t cp, int v)
{
	ucs4_t base = cp - (ucs4_t)v;

	if (utf8_len(base) != utf8_len(base + 9))
		return 0;
	for (int k = 0; k < 10; k++)
		if (uc_decimal_value(base + (ucs4_t)k) != k ||
		    !uc_is_general_category(base + (ucs4_t)k, UC_DECIMAL_DIGIT_NUMBER))
			return 0;
	return 1;
}

/* The entry for letter cp (category mask gc): its class, made when new,
 * and its index; 0 when out of room.  Classes of the current block start
 * at *bstart. */
static uint32_t uni_letter(ucs4_t cp, uint32_t gc, const uc_block_t **cur,
			   size_t *bstart, size_t *cap)
{
	const uc_block_t *b = uc_block(cp);
	const uc_script_t *sc = uc_script(cp);
	struct uni_class *k;
	size_t c;

	if (b != *cur) {
		*cur = b;
		*bstart = uni.nclasses;
	}
	for (c = *bstart; c < uni.nclasses; c++) {
		k = &uni.classes[c];
		if (k->block == b && k->script == sc && k->gc == gc &&
		    k->ulen == utf8_len(cp))
			break;
	}
	if (c == uni.nclasses) {
		if (c > UNI_MAX_CLASSES)
			return 0;
		if (c == *cap) {
			struct uni_class *n;

			*cap = *cap ? 2 * *cap : 256;
			n = realloc(uni.classes, *cap * sizeof(*n));
			if (!n)
				return 0;
			uni.classes = n;
		}
		k = &uni.classes[uni.nclasses++];
		memset(k, 0, sizeof(*k));
		k->block = b;
		k->script = sc;
		k->gc = gc;
		k->first = cp;
		k->ulen = utf8_len(cp);
	}
	k = &uni.classes[c];
	if (k->size > UNI_IDX_MASK)
		return 0;
	return (uint32_t)c << UNI_IDX_BITS | k->size++;
}

static void uni_build(void)
{
	const uc_block_t *cur = NULL;
	size_t bstart = 1, ccap = 0, pcap = 16, p, k, total = 0;
	uint32_t page[256];

	uni.pageidx = calloc(UNI_PAGES, sizeof(*uni.pageidx));
	uni.pages = calloc(pcap * 256, sizeof(*uni.pages));
	uni.nclasses = 1;
	uni.npages = 1;
	if (!uni.pageidx || !uni.pages ||
	    !(uni.classes = calloc(ccap = 256, sizeof(*uni.classes))))
		goto fail;
	for (p = 0; p < UNI_PAGES; p++) {
		int any = 0;

		for (k = 0; k < 256; k++) {
			ucs4_t cp = (ucs4_t)(p << 8 | k);
			uc_general_category_t gc;
			uint32_t e = 0;

			page[k] = 0;
			if (cp < 0x80 || (cp >= 0xd800 && cp <= 0xdfff))
				continue;
			gc = uc_general_category(cp);
			if (gc.bitmask & UC_CATEGORY_MASK_L) {
				e = uni_letter(cp, gc.bitmask, &cur, &bstart,
					       &ccap);
				if (!e)
					goto fail;
			} else if (gc.bitmask & UC_CATEGORY_MASK_Nd) {
				int v = uc_decimal_value(cp);

				if (v >= 0 && v <= 9 && uni_digit_run(cp, v))
					e = UNI_DIGIT | (uint32_t)v;
			}
			page[k] = e;
			any |= e != 0;
		}
		if (!any)
			continue;
		if (uni.npages == pcap) {
			uint32_t *n = realloc(uni.pages,
					      2 * pcap * 256 * sizeof(*n));

			if (!n)
				goto fail;
			uni.pages = n;
			pcap *= 2;
		}
		memcpy(uni.pages + uni.npages * 256, page, sizeof(page));
		uni.pageidx[p] = (uint16_t)uni.npages++;
	}
	for (k = 1; k < uni.nclasses; k++) {
		struct uni_class *c = &uni.classes[k];
		uint64_t pw = 1;

		c->off = (uint32_t)total;
		total += c->size;
		c->max_half = 0;
		while (c->size > 1 && pw < ((uint64_t)1 << 63) / c->size) {
			pw *= c->size;
			c->max_half++;
		}
	}
	uni.members = malloc((total ? total : 1) * sizeof(*uni.members));
	if (!uni.members)
		goto fail;
	for (p = 0; p < UNI_PAGES; p++) {
		const uint32_t *pg = uni.pages + (size_t)uni.pageidx[p] * 256;

		if (!uni.pageidx[p])
			continue;
		for (k = 0; k < 256; k++) {
			uint32_t e = pg[k];

			if (e && !(e & UNI_DIGIT))
				uni.members[uni.classes[e >> UNI_IDX_BITS].off +
					    (e & UNI_IDX_MASK)] =
					(uint32_t)(p << 8 | k);
		}
	}
	return;
fail:
	free(uni.pageidx);
	free(uni.pages);
	free(uni.classes);
	free(uni.members);
	memset(&uni, 0, sizeof(uni));
	uni.failed = 1;
}

/* The one-symbol permutations of an->key into an->priv. */
static int fpe_priv_make(struct pgs_anon *an, struct pgs_error *err)
{
	struct fpe_priv *p = malloc(sizeof(*p));

	if (!p)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	fpe_shuffle(an->key, p->perm10, 10);
	fpe_shuffle(an->key, p->perm26, 26);
	an->priv = p;
	return 0;
}

static int fpe_compile(struct pgs_anon *an, const struct pgs_expr *e,
		       struct pgs_error *err)
{
	if (no_args(an, e, err) || fpe_priv_make(an, err))
		return -1;
	if (an->utf8) {
		pthread_once(&uni_once, uni_build);
		if (uni.failed)
			return pgs_error_set(err, PGS_ENOMEM, "out of memory "
					     "building the Unicode tables");
	}
	return 0;
}

static void fpe_release(struct pgs_anon *an)
{
	/* The permutations are a function of the subkey: wiped with it. */
	if (an->priv)
		sodium_memzero(an->priv, sizeof(struct fpe_priv));
	free(an->priv);
	an->priv = NULL;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Permute in place the ASCII digits (letters = 0) or ASCII letters
 * (letters = 1) of s[0..len), every other byte untouched; letters keep the
 * case of their position.  ASCII bytes never occur inside a multibyte
 * character in UTF-8 or in any server encoding, so the rest is safe.
 */
static int fpe_text(const struct pgs_anon *an, struct pgs_buf *tmp, char *s,
		    size_t len, int letters, struct pgs_error *err)
{
	unsigned char *v;
	size_t i, d = 0;

	pgs_buf_reset(tmp);
	if (pgs_buf_grow(tmp, len, err))
		return -1;
	v = (unsigned char *)tmp->data;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!letters && is_digit(c))
			v[d++] = (unsigned char)(c - '0');
		else if (letters && is_letter(c))
			v[d++] = (unsigned char)(ascii_lower(c) - 'a');
	}
	if (d == 0)
		return 0;
	fpe_seq(an, letters ? &fpe_letters : &fpe_digits, v, d);
	d = 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!letters && is_digit(c))
			s[i] = (char)('0' + v[d++]);
		else if (letters && is_letter(c))
			s[i] = (char)((c <= 'Z' ? 'A' : 'a') + v[d++]);
	}
	return 0;
}

/* ---- the same beyond ASCII ---------------------------------------------- */

/*
 * A class's sequence (d symbols, radix = its size) goes through the same
 * FF1-style network as above, in blocks of up to 2 * max_half symbols
 * (6 for the CJK ideographs, 18 for Cyrillic lower case), with the class
 * in the round function's message: 16 bytes (B, round, m, the class's size
 * and first code point), a length no ASCII message has, so every class has
 * a network of its own under the one subkey.  One symbol (d = 1) goes
 * through a binary Feistel network (halves of n/2 and n - n/2 bits, as
 * for ip) on the fewest bits, two at least, that hold the class, walking
 * the cycle until the value is in the class (m = 1 in the message).  A class of one member cannot change: the one
 * exception to "every letter changes with the key".
 */
static uint32_t uni_entry(ucs4_t cp)
{
	return uni.pages[(size_t)uni.pageidx[cp >> 8] << 8 | (cp & 255)];
}

/* The character at s[i..len) into *cp, and its length; an invalid byte is
 * one character with *cp = 0 (passed through, as ASCII bytes are here). */
static size_t uni_next(const char *s, size_t len, size_t i, ucs4_t *cp)
{
	int n = u8_mbtoucr(cp, (const uint8_t *)s + i, len - i);

	if (n < 1) {
		*cp = 0;
		return 1;
	}
	return (size_t)n;
}

static uint64_t wide_round(const unsigned char *key,
			   const struct uni_class *k, uint64_t b,
			   unsigned round, size_t m, uint64_t tweak,
			   uint64_t mod)
{
	unsigned char msg[16], h[16];

	pgs_put64le(msg, b);
	msg[8] = (unsigned char)round;
	msg[9] = (unsigned char)m;
	for (int i = 0; i < 3; i++) {
		msg[10 + i] = (unsigned char)(k->size >> (8 * i));
		msg[13 + i] = (unsigned char)(k->first >> (8 * i));
	}
	pgs_keyed_hash128(h, key, msg, sizeof(msg), tweak);
	return reduce128(pgs_get64le(h + 8), pgs_get64le(h), mod);
}

static void wide_block(const unsigned char *key, const struct uni_class *k,
		       uint32_t *s, size_t m, uint64_t tweak)
{
	size_t u = m / 2, i;
	uint64_t r = k->size, a = 0, b = 0, c, pu = 1, pv = 1;
	unsigned round;

	for (i = 0; i < u; i++) {
		a = a * r + s[i];
		pu *= r;
	}
	for (i = u; i < m; i++) {
		b = b * r + s[i];
		pv *= r;
	}
	for (round = 0; round < FPE_ROUNDS; round++) {
		uint64_t mod = round % 2 == 0 ? pu : pv;

		c = a + wide_round(key, k, b, round, m, tweak, mod);
		if (c >= mod)
			c -= mod;
		a = b;
		b = c;
	}
	for (i = u; i-- > 0; a /= r)
		s[i] = (uint32_t)(a % r);
	for (i = m; i-- > u; b /= r)
		s[i] = (uint32_t)(b % r);
}

static uint32_t wide_one(const unsigned char *key, const struct uni_class *k,
			 uint32_t x)
{
	unsigned bits = 2, u, v, round;

	while (((uint64_t)k->size - 1) >> bits)
		bits++;
	u = bits / 2;
	v = bits - u;
	do {
		uint64_t a = x >> v, b = x & (((uint64_t)1 << v) - 1), c;

		for (round = 0; round < FPE_ROUNDS; round++) {
			unsigned w = round % 2 == 0 ? u : v;

			c = a ^ wide_round(key, k, b, round, 1, 0,
					   (uint64_t)1 << w);
			a = b;
			b = c;
		}
		x = (uint32_t)(a << v | b);
	} while (x >= k->size);   /* cycle walking: a bijection of the class */
	return x;
}

/* Permute the d letters of class c in s[0..len), block by block, in place
 * (every member of the class has the same UTF-8 length). */
static void uni_class_seq(const struct pgs_anon *an, uint32_t c, size_t d,
			  char *s, size_t len)
{
	const struct uni_class *k = &uni.classes[c];
	size_t bmax = 2 * (size_t)k->max_half, nb, base, extra, b = 0, m = 0;
	size_t pos[UNI_MAX_BLOCK], i, n, j;
	uint32_t sym[UNI_MAX_BLOCK];

	if (k->size < 2)
		return;
	nb = d == 1 ? 1 : (d + bmax - 1) / bmax;
	base = d / nb;
	extra = d % nb;
	assert(base + (extra > 0) <= UNI_MAX_BLOCK);
	for (i = 0; i < len && b < nb; i += n) {
		ucs4_t cp;
		uint32_t e;

		if ((unsigned char)s[i] < 0x80) {
			n = 1;
			continue;
		}
		n = uni_next(s, len, i, &cp);
		e = cp ? uni_entry(cp) : 0;
		if (!e || (e & UNI_DIGIT) || e >> UNI_IDX_BITS != c)
			continue;
		pos[m] = i;
		sym[m++] = e & UNI_IDX_MASK;
		if (m < base + (b < extra))
			continue;
		if (d == 1)
			sym[0] = wide_one(an->key, k, sym[0]);
		else
			wide_block(an->key, k, sym, m, (uint64_t)d << 32 | b);
		for (j = 0; j < m; j++)
			u8_uctomb((uint8_t *)s + pos[j],
				  uni.members[k->off + sym[j]], k->ulen);
		m = 0;
		b++;
	}
	assert(b == nb);
}

/* The non-ASCII letters of s[0..len): each class's sequence on its own. */
static int uni_letters(const struct pgs_anon *an, struct pgs_buf *tmp,
		       char *s, size_t len, struct pgs_error *err)
{
	size_t i, n, j, ncls = 0;
	uint64_t *cls;   /* class << 32 | count */

	pgs_buf_reset(tmp);
	for (i = 0; i < len; i += n) {
		ucs4_t cp;
		uint32_t e, c;

		if ((unsigned char)s[i] < 0x80) {
			n = 1;
			continue;
		}
		n = uni_next(s, len, i, &cp);
		e = cp ? uni_entry(cp) : 0;
		if (!e || (e & UNI_DIGIT))
			continue;
		c = e >> UNI_IDX_BITS;
		cls = (uint64_t *)(void *)tmp->data;
		for (j = 0; j < ncls && cls[j] >> 32 != c; j++)
			;
		if (j == ncls) {
			if (pgs_buf_grow(tmp, sizeof(*cls), err))
				return -1;
			cls = (uint64_t *)(void *)tmp->data;
			cls[ncls++] = (uint64_t)c << 32;
			tmp->len += sizeof(*cls);
		}
		cls[j]++;
	}
	cls = (uint64_t *)(void *)tmp->data;
	for (j = 0; j < ncls; j++)
		uni_class_seq(an, (uint32_t)(cls[j] >> 32),
			      (size_t)(cls[j] & 0xffffffffu), s, len);
	return 0;
}

/* All the digits of s[0..len), ASCII and every other Nd run, as one
 * sequence (so a number keeps its fake whichever digits write it), each
 * digit staying in its run. */
static int uni_digits(const struct pgs_anon *an, struct pgs_buf *tmp,
		      char *s, size_t len, struct pgs_error *err)
{
	unsigned char *v;
	size_t i, n, d = 0;
	ucs4_t cp;
	uint32_t e;

	pgs_buf_reset(tmp);
	if (pgs_buf_grow(tmp, len, err))
		return -1;
	v = (unsigned char *)tmp->data;
	for (i = 0; i < len; i += n) {
		n = 1;
		if (is_digit((unsigned char)s[i]))
			v[d++] = (unsigned char)(s[i] - '0');
		else if ((unsigned char)s[i] >= 0x80) {
			n = uni_next(s, len, i, &cp);
			e = cp ? uni_entry(cp) : 0;
			if (e & UNI_DIGIT)
				v[d++] = (unsigned char)(e & 15);
		}
	}
	if (d == 0)
		return 0;
	fpe_seq(an, &fpe_digits, v, d);
	d = 0;
	for (i = 0; i < len; i += n) {
		n = 1;
		if (is_digit((unsigned char)s[i]))
			s[i] = (char)('0' + v[d++]);
		else if ((unsigned char)s[i] >= 0x80) {
			n = uni_next(s, len, i, &cp);
			e = cp ? uni_entry(cp) : 0;
			if (e & UNI_DIGIT)
				u8_uctomb((uint8_t *)s + i,
					  cp - (e & 15) + v[d++], (int)n);
		}
	}
	return 0;
}

/* Whether s[0..len) has a byte beyond ASCII. */
static int has_high_byte(const char *s, size_t len)
{
	size_t i;

	/* Eight bytes at a time: this is on every ASCII value's path. */
	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ull)
			return 1;
	}
	for (; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

/* Whether s[0..len) needs the paths above: a UTF8 archive and a byte
 * beyond ASCII. */
static int uni_needed(const struct pgs_anon *an, const char *s, size_t len)
{
	return an->utf8 && has_high_byte(s, len);
}

/*
 * Whether the archive's encoding has one byte per character, so that no
 * byte beyond ASCII can be a digit: not UTF8, not the EUC and MULE server
 * encodings (full-width digits), not SQL_ASCII (whose bytes may be
 * anything, UTF-8 included).
 */
static int single_byte(const struct pgs_anon *an)
{
	const char *e = an->env.encoding;

	return !an->utf8 && strncmp(e, "EUC_", 4) != 0 &&
	       strncmp(e, "MULE", 4) != 0 && strcmp(e, "SQL_ASCII") != 0;
}

/*
 * Fail closed: outside UTF8 the character classes are not known, and a
 * name in a LATIN1 or EUC_JP archive (or a full-width phone number in an
 * EUC_JP one) must not pass through unchanged.
 */
static int non_utf8_refusal(const struct pgs_anon *an, const char *name,
			    const char *what, struct pgs_error *err)
{
	pgs_error_set(err, PGS_ECOVERAGE, "%s cannot change the %s beyond "
		      "ASCII of a value: the archive's encoding is %s, not "
		      "UTF8", name, what, an->env.encoding);
	return pgs_error_hint(err, "dump with pg_dump --encoding=UTF8, or use "
			      "hash, mask or a generator for this column");
}

/*
 * digits — a keyed format-preserving permutation of the digits of the
 * value: same length, every non-digit byte where it was, and a bijection
 * on the values that share their non-digit skeleton (so UNIQUE phone
 * numbers, national numbers and card numbers stay unique).  The
 * permutation depends on the number of digits only, not on the skeleton.
 * In a UTF8 archive the digits are those of every Unicode Nd run
 * (Arabic-Indic, full-width, Devanagari, ...) with ASCII's, read as one
 * decimal sequence; each digit stays in its run, so "555" and "٥٥٥" get
 * the same fake in their own digits.  Values without digits are
 * unchanged.  Keyed, injective.  Text kinds.
 *
 * In archives of other encodings only ASCII digits change: in a single-byte
 * encoding (LATIN1, WIN1252, ...) no other byte is a decimal digit; in
 * EUC_*, MULE_INTERNAL and SQL_ASCII a value with bytes beyond ASCII is
 * refused (it may hold full-width digits), as scramble refuses one in any
 * encoding but UTF8, rather than pass them through.
 */
static int digits_apply(struct pgs_anon *an, struct pgs_buf *out,
			const char *val, size_t len, struct pgs_error *err)
{
	size_t start = out->len;

	if (pgs_buf_add(out, val, len, err))
		return -1;
	if (uni_needed(an, val, len))
		return uni_digits(an, &an->tmp1, out->data + start, len, err);
	if (!an->utf8 && !single_byte(an) && has_high_byte(val, len))
		return non_utf8_refusal(an, "digits", "digits", err);
	return fpe_text(an, &an->tmp1, out->data + start, len, 0, err);
}

static const struct pgs_anon_def def_digits = {
	"digits", PGS_ANON_KEYED | PGS_ANON_INJECTIVE, PGS_TYPES_TEXT, "digits",
	fpe_compile, NULL, digits_apply, fpe_release,
	"the digits permuted (any script); length and other characters kept",
	NULL
};

/*
 * scramble — digits as in `digits` (a Feistel network of its own, under
 * the "scramble" subkey), ASCII letters as a base-26 number over the
 * letter positions, each position keeping its case, and, in a UTF8
 * archive, the letters of each other class (one script's upper case, lower
 * case, ... in one Unicode block: see "Letters and digits beyond ASCII")
 * as one number in the class's radix; every other character (punctuation,
 * blanks, combining marks, symbols, invalid bytes) untouched, so the
 * length in bytes and in characters is kept.  A bijection on the values
 * sharing a skeleton, hence injective.  Long values go through in blocks
 * (26 letters, 36 digits, 6 ideographs).  A letter alone in a class of one
 * member cannot change.  Keyed.  Text kinds.
 */
static int scramble_apply(struct pgs_anon *an, struct pgs_buf *out,
			  const char *val, size_t len, struct pgs_error *err)
{
	size_t start = out->len;

	if (pgs_buf_add(out, val, len, err))
		return -1;
	if (uni_needed(an, val, len))
		return uni_digits(an, &an->tmp1, out->data + start, len, err) ||
		       fpe_text(an, &an->tmp1, out->data + start, len, 1,
				err) ||
		       uni_letters(an, &an->tmp2, out->data + start, len,
				   err) ? -1 : 0;
	if (!an->utf8 && has_high_byte(val, len))
		return non_utf8_refusal(an, "scramble", "letters", err);
	if (fpe_text(an, &an->tmp1, out->data + start, len, 0, err) ||
	    fpe_text(an, &an->tmp1, out->data + start, len, 1, err))
		return -1;
	return 0;
}

static const struct pgs_anon_def def_scramble = {
	"scramble", PGS_ANON_KEYED | PGS_ANON_INJECTIVE, PGS_TYPES_TEXT,
	"scramble", fpe_compile, NULL, scramble_apply, fpe_release,
	"letters and digits permuted within their script; case and punctuation kept",
	NULL
};

/* ---- mask --------------------------------------------------------------- */

/*
 * mask(keep_first=N, keep_last=M, char='*') — every character but the
 * first N and the last M replaced by char (one character, in the archive's
 * encoding; default '*'); N and M default to 0.  When N + M reaches the
 * number of characters, every character is masked: a short value is never
 * returned whole.  Characters are counted as pgs_anon_charlen does (UTF-8
 * characters in a UTF8 archive, bytes otherwise), so the output has as many
 * characters as the input and always fits.  char(n)'s padding is kept as
 * padding, not masked, and keep_last counts from the last real character.
 * Not keyed, not injective.  Text kinds.  n1 = N, n2 = M, an->str = char.
 */
static int mask_compile(struct pgs_anon *an, const struct pgs_expr *e,
			struct pgs_error *err)
{
	static const char *const keys[] = { "keep_first", "keep_last", "char",
					    NULL };
	const struct pgs_arg *a;
	size_t i;

	an->n1 = 0;
	an->n2 = 0;
	if (pgs_anon_check_args(an, e, keys, 0, err))
		return -1;
	if ((a = pgs_anon_arg(e, "keep_first", -1)) &&
	    pgs_anon_int_arg(&an->n1, an, a, 0, 1000000, err))
		return -1;
	if ((a = pgs_anon_arg(e, "keep_last", -1)) &&
	    pgs_anon_int_arg(&an->n2, an, a, 0, 1000000, err))
		return -1;
	pgs_buf_reset(&an->str);
	a = pgs_anon_arg(e, "char", -1);
	if (!a)
		return pgs_buf_addc(&an->str, '*', err);
	if (a->type == PGS_ARG_STRING && strcmp(an->env.encoding, "UTF8") != 0)
		for (i = 0; i < a->len; i++)
			if ((unsigned char)a->str[i] >= 0x80) {
				/* The rules file is UTF-8: its bytes would be
				 * another character, or several, here. */
				pgs_error_set(err, PGS_ERULES,
					      "mask: char is not ASCII, but the "
					      "archive's encoding is %s",
					      an->env.encoding);
				return pgs_error_hint(err, "use an ASCII "
						      "character, or dump with "
						      "pg_dump -E UTF8");
			}
	/* charlen takes a lone byte >= 0x80 as one (invalid) character. */
	if (a->type != PGS_ARG_STRING || a->len == 0 ||
	    memchr(a->str, '\0', a->len) ||
	    pgs_anon_charlen(an, a->str, a->len) != a->len ||
	    (a->len == 1 && (unsigned char)a->str[0] >= 0x80)) {
		pgs_error_set(err, PGS_ERULES,
			      "mask: char must be a single character");
		return pgs_error_hint(err, "write it in single quotes, as in "
				      "mask(char='#')");
	}
	return pgs_buf_add(&an->str, a->str, a->len, err);
}

static int mask_apply(struct pgs_anon *an, struct pgs_buf *out,
		      const char *val, size_t len, struct pgs_error *err)
{
	size_t vlen = value_len(an, val, len), nchars = 0, i, k;
	size_t kf = (size_t)an->n1, kl = (size_t)an->n2, head = 0, tail;
	size_t cl = an->str.len, nmask;
	char *dst;

	/* Character boundaries: ASCII bytes need no call. */
	for (i = 0; i < vlen; nchars++) {
		if (nchars == kf)
			head = i;
		i += (unsigned char)val[i] < 0x80 ? 1 :
			pgs_anon_charlen(an, val + i, vlen - i);
	}
	if (kf + kl >= nchars) {
		kf = kl = 0;
		head = 0;
	}
	/* The byte where the last kl characters start. */
	tail = vlen;
	if (kl) {
		for (i = 0, k = 0; i < vlen; k++) {
			if (k == nchars - kl) {
				tail = i;
				break;
			}
			i += (unsigned char)val[i] < 0x80 ? 1 :
				pgs_anon_charlen(an, val + i, vlen - i);
		}
	}
	nmask = nchars - kf - kl;
	if (pgs_buf_add(out, val, head, err) ||
	    pgs_buf_grow(out, nmask * cl, err))
		return -1;
	dst = out->data + out->len;
	for (i = 0; i < nmask; i++, dst += cl)
		memcpy(dst, an->str.data, cl);
	out->len += nmask * cl;
	out->data[out->len] = '\0';
	return pgs_buf_add(out, val + tail, len - tail, err);
}

static const struct pgs_anon_def def_mask = {
	"mask", 0, PGS_TYPES_TEXT, "mask(keep_first=N, keep_last=M, char='*')",
	mask_compile, NULL, mask_apply, NULL,
	"every character but the first N and the last M replaced by char",
	NULL
};

/* ---- uuid --------------------------------------------------------------- */

/*
 * uuid — a version-4 RFC 4122 UUID, lower case, 8-4-4-4-12, made of 122
 * bits of the keyed 128-bit hash of the value's bytes (the version and
 * variant bits are fixed).  A uuid column prints canonically, so one UUID
 * gets one fake whether it sits in a uuid column or, written the same way,
 * in a text column.  Keyed, injective in practice (collisions need 2^61
 * values).  Kinds: uuid and text (text needs 36 characters).
 */
static int uuid_fit(struct pgs_anon *an, struct pgs_error *err)
{
	if (an->kind == PGS_TYPE_UUID)
		return 0;
	return need_chars(an, 36, err);
}

static int uuid_apply(struct pgs_anon *an, struct pgs_buf *out,
		      const char *val, size_t len, struct pgs_error *err)
{
	unsigned char h[16];
	char s[36];
	size_t i, o = 0;

	pgs_keyed_hash128(h, an->key, val, value_len(an, val, len), 0);
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x40);   /* version 4 */
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);   /* variant 10 */
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			s[o++] = '-';
		s[o++] = hexdig[h[i] >> 4];
		s[o++] = hexdig[h[i] & 15];
	}
	return pgs_buf_add(out, s, sizeof(s), err);
}

static const struct pgs_anon_def def_uuid = {
	"uuid", PGS_ANON_KEYED | PGS_ANON_INJECTIVE,
	PGS_TYPES_TEXT | PGS_TYPE_BIT(PGS_TYPE_UUID), "uuid",
	no_args, uuid_fit, uuid_apply, NULL,
	"a version-4 UUID from the keyed hash",
	NULL
};

/* ---- ip ----------------------------------------------------------------- */

#define IP_TEXT_MAX 43   /* "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128" */

static uint64_t bits_get(const unsigned char *a, unsigned start,
			 unsigned count)
{
	uint64_t v = 0;
	unsigned k;

	for (k = start; k < start + count; k++)
		v = v << 1 | ((a[k >> 3] >> (7 - (k & 7))) & 1u);
	return v;
}

static void bits_set(unsigned char *a, unsigned start, unsigned count,
		     uint64_t v)
{
	unsigned k;

	for (k = start + count; k-- > start; v >>= 1) {
		unsigned char m = (unsigned char)(1u << (7 - (k & 7)));

		if (v & 1)
			a[k >> 3] |= m;
		else
			a[k >> 3] &= (unsigned char)~m;
	}
}

/*
 * Permute the first n bits of the address a (family 4 or 6) with a binary
 * Feistel network of FPE_ROUNDS rounds (halves of n/2 and n - n/2 bits,
 * C = A xor F(i, B)), leaving the other bits as they are.  n = 1: a keyed
 * bit flip.  A bijection on the 2^n prefixes.
 */
static void ip_permute(const unsigned char *key, unsigned char *a, unsigned n,
		       unsigned family)
{
	unsigned u = n / 2, v = n - u, round;
	uint64_t x, y, c;

	if (n == 0)
		return;
	if (n == 1) {
		unsigned char msg[2] = { 'b', (unsigned char)family };

		bits_set(a, 0, 1, bits_get(a, 0, 1) ^
			 (pgs_keyed_hash64(key, msg, 2, 0) & 1));
		return;
	}
	x = bits_get(a, 0, u);
	y = bits_get(a, u, v);
	for (round = 0; round < FPE_ROUNDS; round++) {
		unsigned w = round % 2 == 0 ? u : v;
		uint64_t mask = w == 64 ? ~0ull : (1ull << w) - 1;
		unsigned char msg[11];

		pgs_put64le(msg, y);
		msg[8] = (unsigned char)round;
		msg[9] = (unsigned char)n;
		msg[10] = (unsigned char)family;
		c = x ^ (pgs_keyed_hash64(key, msg, sizeof(msg), 0) & mask);
		x = y;
		y = c;
	}
	bits_set(a, 0, u, x);
	bits_set(a, u, v, y);
}

/* ::ffff:0:0/96, IPv4 addresses in IPv6 form. */
static int ip_is_mapped(const unsigned char *a)
{
	static const unsigned char p[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					     0xff, 0xff };

	return memcmp(a, p, 12) == 0;
}

/* Zero the bits after the first n (a cidr has no host bits). */
static void ip_zero_host(unsigned char *a, unsigned n, unsigned nbytes)
{
	unsigned k;

	for (k = n; k < nbytes * 8; k++)
		a[k >> 3] &= (unsigned char)~(1u << (7 - (k & 7)));
}

static size_t ip_fmt4(char *dst, const unsigned char *a)
{
	size_t o = 0;

	for (int i = 0; i < 4; i++) {
		unsigned b = a[i];

		if (i)
			dst[o++] = '.';
		if (b >= 100)
			dst[o++] = (char)('0' + b / 100);
		if (b >= 10)
			dst[o++] = (char)('0' + b / 10 % 10);
		dst[o++] = (char)('0' + b % 10);
	}
	return o;
}

/* IPv6 as PostgreSQL prints it (src/port/inet_net_ntop.c, from BIND): the
 * longest run of two or more zero groups (the first of equal ones) as ::,
 * lower-case hex without leading zeros, and the last 32 bits in dotted
 * form for ::a.b.c.d, ::ffff:a.b.c.d and ::0.0.x.y (but not ::1). */
static size_t ip_fmt6(char *dst, const unsigned char *a)
{
	unsigned w[8];
	int i, best = -1, bestlen = 0, cur = -1, curlen = 0;
	size_t o = 0;

	for (i = 0; i < 8; i++)
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
	for (i = 0; i < 8; i++) {
		if (w[i] == 0) {
			if (cur < 0)
				cur = i, curlen = 0;
			curlen++;
		}
		if (cur >= 0 && (w[i] != 0 || i == 7)) {
			if (best < 0 || curlen > bestlen)
				best = cur, bestlen = curlen;
			cur = -1;
		}
	}
	if (best >= 0 && bestlen < 2)
		best = -1;
	for (i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + bestlen) {
			if (i == best)
				dst[o++] = ':';
			continue;
		}
		if (i)
			dst[o++] = ':';
		if (i == 6 && best == 0 &&
		    (bestlen == 6 || (bestlen == 7 && w[7] != 1) ||
		     (bestlen == 5 && w[5] == 0xffff)))
			return o + ip_fmt4(dst + o, a + 12);
		{
			int started = 0;

			for (int s = 12; s >= 0; s -= 4) {
				unsigned nib = (w[i] >> s) & 15;

				if (nib || started || s == 0) {
					dst[o++] = hexdig[nib];
					started = 1;
				}
			}
		}
	}
	if (best >= 0 && best + bestlen == 8)
		dst[o++] = ':';
	return o;
}

static int ip_bad(const struct pgs_anon *an, const char *val, size_t len,
		  struct pgs_error *err)
{
	/* The value stays out of the message: messages end up in logs, and
	 * the caller names the row and column. */
	(void)val;
	return pgs_error_set(err, PGS_EINPUT, "%s: the value (%zu bytes) is not "
			     "an IP address", an->def->name, len);
}

/*
 * ip — a keyed bijection of IP addresses that keeps the family: IPv4 to
 * IPv4 through a 32-bit Feistel network, IPv6 to IPv6 through a 128-bit
 * one.  The /n suffix is copied exactly as written, present iff the input
 * had one.  Choices:
 *   - cidr columns: only the n network bits are permuted (an n-bit Feistel
 *     network), host bits stay zero.  Zeroing host bits after a full
 *     permutation would map distinct networks onto one; this way the map
 *     is a bijection on networks of each prefix length.  inet values and
 *     text have all their bits permuted, the suffix being only the netmask.
 *   - IPv4-mapped IPv6 (::ffff:a.b.c.d) stays mapped: its last 32 bits
 *     take the IPv4 permutation, so ::ffff:1.2.3.4 and 1.2.3.4 get the same
 *     fake.  Other IPv6 addresses are permuted over all 128 bits, again
 *     (cycle walking) whenever the result falls in ::ffff:0:0/96, which
 *     keeps both sets, and the whole map, bijective.
 *   - Output as PostgreSQL's inet/cidr output prints it (RFC 5952
 *     compression, dotted tail for IPv4-compatible and mapped forms).
 * Input: what inet_pton accepts (dotted quad; IPv6 with an optional dotted
 * tail) plus /0-32 or /0-128.  Anything else, including the abbreviated
 * cidr input "10/8" that PostgreSQL never prints, is PGS_EINPUT.  Keyed,
 * injective.  Kinds: inet, cidr and text (text needs 43 characters).
 */
static int ip_fit(struct pgs_anon *an, struct pgs_error *err)
{
	if (an->kind == PGS_TYPE_INET || an->kind == PGS_TYPE_CIDR)
		return 0;
	return need_chars(an, IP_TEXT_MAX, err);
}

static int ip_apply(struct pgs_anon *an, struct pgs_buf *out,
		    const char *val, size_t len, struct pgs_error *err)
{
	const char *slash = memchr(val, '/', len);
	size_t alen = slash ? (size_t)(slash - val) : len, i, o;
	char txt[INET6_ADDRSTRLEN + 1], res[IP_TEXT_MAX + 8];
	unsigned char a[16];
	unsigned maxbits, bits, family;
	int cidr = an->kind == PGS_TYPE_CIDR;

	if (alen == 0 || alen >= sizeof(txt))
		return ip_bad(an, val, len, err);
	memcpy(txt, val, alen);
	txt[alen] = '\0';
	family = memchr(txt, ':', alen) ? 6 : 4;
	if (inet_pton(family == 6 ? AF_INET6 : AF_INET, txt, a) != 1)
		return ip_bad(an, val, len, err);
	maxbits = family == 6 ? 128 : 32;
	bits = maxbits;
	if (slash) {
		size_t nd = len - alen - 1;

		if (nd == 0 || nd > 3)
			return ip_bad(an, val, len, err);
		bits = 0;
		for (i = alen + 1; i < len; i++) {
			if (!is_digit((unsigned char)val[i]))
				return ip_bad(an, val, len, err);
			bits = bits * 10 + (unsigned)(val[i] - '0');
		}
		if (bits > maxbits)
			return ip_bad(an, val, len, err);
	}
	if (family == 4) {
		if (cidr)
			ip_zero_host(a, bits, 4);
		ip_permute(an->key, a, cidr ? bits : 32, 4);
		o = ip_fmt4(res, a);
	} else {
		if (cidr)
			ip_zero_host(a, bits, 16);
		if (ip_is_mapped(a) && (!cidr || bits >= 96)) {
			ip_permute(an->key, a + 12, cidr ? bits - 96 : 32, 4);
		} else {
			do
				ip_permute(an->key, a, cidr ? bits : 128, 6);
			while (ip_is_mapped(a));
		}
		o = ip_fmt6(res, a);
	}
	if (pgs_buf_add(out, res, o, err))
		return -1;
	return slash ? pgs_buf_add(out, slash, len - alen, err) : 0;
}

static const struct pgs_anon_def def_ip = {
	"ip", PGS_ANON_KEYED | PGS_ANON_INJECTIVE,
	PGS_TYPES_TEXT | PGS_TYPE_BIT(PGS_TYPE_INET) | PGS_TYPE_BIT(PGS_TYPE_CIDR),
	"ip", no_args, ip_fit, ip_apply, NULL,
	"an address of the same family, keyed permutation; the /mask kept",
	NULL
};

/* ---- card_number -------------------------------------------------------- */

#define CARD_MIN 12              /* ISO/IEC 7812: 12 to 19 digits */
#define CARD_MAX 19
#define CARD_KEEP_MAX 4

/* Luhn: every second digit from the right is doubled, its digits summed. */
static const unsigned char luhn_dbl[10] = { 0, 2, 4, 6, 8, 1, 3, 5, 7, 9 };
static const unsigned char luhn_undbl[10] = { 0, 5, 1, 6, 2, 7, 3, 8, 4, 9 };

/* The Luhn sum of d[0..n) modulo 10 (0: a valid number). */
static unsigned luhn_sum(const unsigned char *d, size_t n)
{
	unsigned s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += (i & 1) ? luhn_dbl[d[n - 1 - i]] : d[n - 1 - i];
	return s % 10;
}

/*
 * What the output must share with the input beyond its digit count: bit 0,
 * a leading zero (a bigint or numeric column prints none: a fake with one
 * would be shorter once restored); bit 1, for 19 digits, being above
 * 9223372036854775807 (a bigint column could not hold the fake).  The
 * permutation is walked until the class matches, which keeps it a
 * bijection on each class.
 */
static unsigned card_class(const unsigned char *d, size_t n)
{
	static const char int8_max[] = "9223372036854775807";
	unsigned c = d[0] == 0;
	size_t i;

	if (n == sizeof(int8_max) - 1)
		for (i = 0; i < n; i++)
			if (d[i] != (unsigned char)(int8_max[i] - '0')) {
				if (d[i] > (unsigned char)(int8_max[i] - '0'))
					c |= 2;
				break;
			}
	return c;
}

static int card_compile(struct pgs_anon *an, const struct pgs_expr *e,
			struct pgs_error *err)
{
	static const char *const keys[] = { "keep_last", NULL };
	const struct pgs_arg *a;

	an->n1 = 0;
	if (pgs_anon_check_args(an, e, keys, 0, err))
		return -1;
	if ((a = pgs_anon_arg(e, "keep_last", -1)) &&
	    pgs_anon_int_arg(&an->n1, an, a, 0, CARD_KEEP_MAX, err))
		return -1;
	return fpe_priv_make(an, err);
}

static int card_fit(struct pgs_anon *an, struct pgs_error *err)
{
	if (an->kind == PGS_TYPE_NUMERIC && an->col && an->col->type.scale > 0) {
		pgs_error_set(err, PGS_ECOVERAGE, "card_number needs whole "
			      "numbers, and the column is %s",
			      pgs_type_name(&an->col->type));
		return pgs_error_hint(err, "a card number column is text, "
				      "bigint or numeric without decimals");
	}
	return 0;
}

static int card_bad(const struct pgs_anon *an, size_t len, const char *why,
		    struct pgs_error *err)
{
	/* The value stays out of the message (it may be a card number). */
	return pgs_error_set(err, PGS_EINPUT, "%s: the value (%zu bytes) is not "
			     "a card number: %s", an->def->name, len, why);
}

/* The 12-19 digits v[0..d): a new body (all but the last keep_last and
 * the digit before them), the digit before the kept ones recomputed so
 * that the Luhn sum stays what it was. */
static void card_luhn(const struct pgs_anon *an, unsigned char *v, size_t d)
{
	size_t keep = (size_t)an->n1, adj = d - 1 - keep, i;
	unsigned r = luhn_sum(v, d), cls = card_class(v, d), s, t;
	uint64_t kept = 0, tweak;

	for (i = adj + 1; i < d; i++)
		kept = kept * 10 + v[i];
	/* Everything the output keeps is in the tweak: the body's fake
	 * depends on the whole number, and each (length, kept digits, sum)
	 * has a bijection of its own. */
	tweak = (uint64_t)1 << 63 | (uint64_t)d << 40 | (uint64_t)keep << 36 |
		(uint64_t)r << 32 | kept;
	do {
		fpe_block(an->key, &fpe_digits, v, adj, tweak);
		v[adj] = 0;
		s = luhn_sum(v, d);
		t = (r + 10 - s) % 10;
		/* The adjusted digit is doubled when it sits at an odd
		 * position from the right; doubling is a bijection mod 10. */
		v[adj] = (keep & 1) ? luhn_undbl[t] : (unsigned char)t;
	} while (card_class(v, d) != cls);
}

/*
 * card_number(keep_last=N) — a payment card number (text, varchar, char,
 * bigint or numeric without decimals): the same length, every non-digit
 * byte where it was (spaces, dashes), the last N digits (0-4, default 0)
 * kept, and the Luhn check kept: a valid number gives a valid number.
 * The digits before the kept ones, but the one just before them, go
 * through a format-preserving Feistel network (as in digits, under the
 * card_number subkey, with the length, N, the kept digits and the Luhn sum
 * in the tweak); that last digit is then recomputed so that the Luhn sum
 * modulo 10 is the input's: 0 for a valid card, and for an invalid input
 * the same non-zero sum, so invalid stays invalid rather than two inputs
 * colliding.  Hence a bijection on the numbers that share skeleton, length
 * and kept digits: injective.  A leading zero stays a leading zero (and a
 * first digit of 1-9 stays 1-9), and a 19-digit number fits a bigint iff
 * the input did (cycle walking).  Values with fewer than 12 or more than
 * 19 digits are not card numbers: their digits are all permuted as by
 * digits (keep_last and Luhn do not apply), never passed through.  A value
 * with letters or bytes beyond ASCII is PGS_EINPUT (fail closed: a name in
 * a card column must not pass); a value without digits ('', '-') is kept.
 * In bigint and numeric columns only digits may occur (numeric's NaN is
 * kept).  Keyed, injective.
 */
static int card_apply(struct pgs_anon *an, struct pgs_buf *out,
		      const char *val, size_t len, struct pgs_error *err)
{
	int numeric = an->kind == PGS_TYPE_INT8 || an->kind == PGS_TYPE_NUMERIC;
	size_t i, d = 0, start = out->len;
	unsigned char *v;
	unsigned cls;

	if (an->kind == PGS_TYPE_NUMERIC && len == 3 && memcmp(val, "NaN", 3) == 0)
		return pgs_buf_add(out, val, len, err);
	pgs_buf_reset(&an->tmp1);
	if (pgs_buf_grow(&an->tmp1, len, err))
		return -1;
	v = (unsigned char *)an->tmp1.data;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)val[i];

		if (is_digit(c))
			v[d++] = (unsigned char)(c - '0');
		else if (numeric)
			return card_bad(an, len, "a number column holds only "
					"digits here", err);
		else if (c < 0x20 || c >= 0x7f || is_letter(c))
			return card_bad(an, len, "it has letters or characters "
					"other than digits, blanks and "
					"punctuation", err);
	}
	if (pgs_buf_add(out, val, len, err))
		return -1;
	if (d == 0)
		return 0;
	if (d >= CARD_MIN && d <= CARD_MAX) {
		card_luhn(an, v, d);
	} else {
		cls = card_class(v, d);
		do
			fpe_seq(an, &fpe_digits, v, d);
		while (card_class(v, d) != cls);
	}
	for (i = 0, d = 0; i < len; i++)
		if (is_digit((unsigned char)val[i]))
			out->data[start + i] = (char)('0' + v[d++]);
	return 0;
}

static const struct pgs_anon_def def_card_number = {
	"card_number", PGS_ANON_KEYED | PGS_ANON_INJECTIVE,
	PGS_TYPES_TEXT | PGS_TYPE_BIT(PGS_TYPE_INT8) | PGS_TYPE_BIT(PGS_TYPE_NUMERIC),
	"card_number(keep_last=N)", card_compile, card_fit, card_apply, fpe_release,
	"a card number of the same length and layout, Luhn check kept",
	NULL
};

/* ---- mac ---------------------------------------------------------------- */

/*
 * Permute the w low bits of x (w <= 64) with a binary Feistel network of
 * FPE_ROUNDS rounds (halves of w/2 and w - w/2 bits, as ip_permute does);
 * ctx (the kept OUI, or all ones) and w are in every round's message.
 */
static uint64_t mac_permute(const unsigned char *key, uint64_t x, unsigned w,
			    uint32_t ctx)
{
	unsigned u = w / 2, v = w - u, round;
	uint64_t a = x >> v, b = x & ((1ull << v) - 1), c;

	for (round = 0; round < FPE_ROUNDS; round++) {
		unsigned h = round % 2 == 0 ? u : v;
		/* 14 bytes: no other message under this subkey. */
		unsigned char msg[14];

		pgs_put64le(msg, b);
		msg[8] = (unsigned char)round;
		msg[9] = (unsigned char)w;
		msg[10] = 'M';
		msg[11] = (unsigned char)(ctx >> 16);
		msg[12] = (unsigned char)(ctx >> 8);
		msg[13] = (unsigned char)ctx;
		c = a ^ (pgs_keyed_hash64(key, msg, sizeof(msg), 0) &
			 ((1ull << h) - 1));
		a = b;
		b = c;
	}
	return a << v | b;
}

static int mac_compile(struct pgs_anon *an, const struct pgs_expr *e,
		       struct pgs_error *err)
{
	static const char *const keys[] = { "keep_oui", NULL };
	const struct pgs_arg *a;

	an->n1 = 0;
	if (pgs_anon_check_args(an, e, keys, 0, err))
		return -1;
	a = pgs_anon_arg(e, "keep_oui", -1);
	if (!a)
		return 0;
	if (a->type == PGS_ARG_WORD && (strcmp(a->str, "true") == 0 ||
					strcmp(a->str, "false") == 0)) {
		an->n1 = strcmp(a->str, "true") == 0;
		return 0;
	}
	if (a->type == PGS_ARG_NUMBER)
		return pgs_anon_int_arg(&an->n1, an, a, 0, 1, err);
	pgs_error_set(err, PGS_ERULES, "mac: keep_oui must be true or false");
	return pgs_error_hint(err, "write it as mac(keep_oui=true)");
}

static int mac_fit(struct pgs_anon *an, struct pgs_error *err)
{
	(void)err;
	/* "AA:..." and "aa:..." are one address and get one fake, which
	 * differs only in case, and not at all when it has no letter. */
	if (an->kind != PGS_TYPE_MACADDR)
		an->injective = 0;
	return 0;
}

static int mac_bad(const struct pgs_anon *an, size_t len,
		   struct pgs_error *err)
{
	return pgs_error_set(err, PGS_EINPUT, "%s: the value (%zu bytes) is not "
			     "a MAC address", an->def->name, len);
}

/*
 * mac(keep_oui=false) — a keyed bijection of MAC addresses: 48-bit
 * (macaddr, 12 hex digits) to 48-bit, 64-bit (macaddr8, 16 hex digits) to
 * 64-bit.  The individual/group and universal/local bits (the two low bits
 * of the first byte) are kept, so a unicast address stays unicast and a
 * multicast one multicast; the other 46 (62) bits go through a binary
 * Feistel network.  keep_oui=true keeps the first three bytes (the vendor)
 * and permutes the last 24 (40) bits, with the OUI in the round function:
 * the same NIC number under two vendors gets two fakes.  The value's
 * skeleton is kept: separators (':', '-', '.') where they were, hex digits
 * in lower case unless the value has an upper-case one; macaddr and
 * macaddr8 print as 08:00:2b:01:02:03, which therefore stays that form.
 * Input: 12 or 16 hex digits in groups of equal size separated by one
 * kind of separator, or none (08:00:2b:01:02:03, 08-00-2b-01-02-03,
 * 0800.2b01.0203, 08002b:010203, 08002b010203); anything else is
 * PGS_EINPUT.  Keyed; injective on macaddr and macaddr8 columns, not on
 * text, where two spellings of one address in different case may become
 * one.  Kinds: macaddr, macaddr8 and text.
 */
static int mac_apply(struct pgs_anon *an, struct pgs_buf *out,
		     const char *val, size_t len, struct pgs_error *err)
{
	static const char hexup[] = "0123456789ABCDEF";
	size_t i, nh = 0, group = 0, gsize = 0, start = out->len;
	char sep = 0;
	int upper = 0;
	uint64_t x = 0, y, flags;
	unsigned nbits, w;
	const char *digs;

	for (i = 0; i < len; i++) {
		char c = val[i];
		int h = pgs_hexval(c);

		if (h >= 0) {
			if (nh == 16)
				return mac_bad(an, len, err);
			x = x << 4 | (unsigned)h;
			nh++;
			group++;
			upper |= c >= 'A' && c <= 'F';
			continue;
		}
		if ((c != ':' && c != '-' && c != '.') || group == 0 ||
		    (sep && c != sep) || (gsize && group != gsize))
			return mac_bad(an, len, err);
		sep = c;
		gsize = group;
		group = 0;
	}
	if ((nh != 12 && nh != 16) || group == 0 || (gsize && group != gsize))
		return mac_bad(an, len, err);
	nbits = (unsigned)nh * 4;
	if (an->n1) {
		w = nbits - 24;
		y = x & ((1ull << w) - 1);
		x = (x >> w) << w | mac_permute(an->key, y, w, (uint32_t)(x >> w));
	} else {
		/* The first byte's two low bits out, the other bits together. */
		unsigned low = nbits - 8;
		uint64_t rest = x & ((1ull << low) - 1);

		flags = (x >> low) & 3;
		w = nbits - 2;
		y = (x >> (low + 2)) << low | rest;
		y = mac_permute(an->key, y, w, 0xffffffu);
		x = (y >> low) << (low + 2) | flags << low |
		    (y & ((1ull << low) - 1));
	}
	if (pgs_buf_add(out, val, len, err))
		return -1;
	digs = upper ? hexup : hexdig;
	for (i = 0; i < len; i++)
		if (pgs_hexval(val[i]) >= 0)
			out->data[start + i] = digs[(x >> (4 * --nh)) & 15];
	return 0;
}

static const struct pgs_anon_def def_mac = {
	"mac", PGS_ANON_KEYED | PGS_ANON_INJECTIVE,
	PGS_TYPES_TEXT | PGS_TYPE_BIT(PGS_TYPE_MACADDR), "mac(keep_oui=true)",
	mac_compile, mac_fit, mac_apply, NULL,
	"a keyed permutation of the MAC address; keep_oui=true keeps the vendor",
	NULL
};

/* ---- registry ----------------------------------------------------------- */

const struct pgs_anon_def *const pgs_anon_defs_gen[] = {
	&def_hash, &def_email, &def_first_name, &def_last_name, &def_full_name,
	&def_digits, &def_scramble, &def_mask, &def_uuid, &def_ip,
	&def_card_number, &def_mac, NULL
};
