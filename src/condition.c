/*
 * condition.c — row conditions (condition.h): the `where = ...` filters and
 * the WHEN parts of `case` rules, compiled once against a table's columns
 * and evaluated on raw COPY fields.
 *
 * Text -> sql_lex tokens -> a recursive-descent parser following
 * PostgreSQL's precedence (gram.y: OR < AND < NOT < IS < comparison <
 * BETWEEN/IN/LIKE/ILIKE < other operators such as ~) -> a small tree whose
 * leaves are already bound to a column and hold their literals in the
 * column's comparison form.  Operators are merged from operator characters
 * as scan.l does (a run of them, less trailing + and - when it holds none of
 * ~!@#^&|`?%), so `a<-5` is a < -5 as in PostgreSQL.
 *
 * Comparison forms, each mirroring the server's input and output functions
 * for what pg_dump writes (DateStyle ISO, extra_float_digits 3):
 *   integers, numeric  exact decimals (numeric_cmp: NaN above everything,
 *                      Infinity above every finite value)
 *   float4, float8     doubles (float8_cmp_internal: NaN equals NaN and is
 *                      above everything; -0 = 0)
 *   date               days since 2000-01-01 (date_in/date_out)
 *   timestamp[tz]      microseconds since 2000-01-01 (UTC for tz), as
 *                      PostgreSQL's own int64 representation, whose range
 *                      (to 294276 AD) would not fit one counted from 1970
 *   boolean, enum      false < true; an enum by its labels' order
 *   character(n)       bytes, trailing spaces ignored (bpcharcmp)
 *   everything else    bytes of the decoded text (C collation)
 * Evaluation is SQL's three-valued logic, with AND and OR short-circuiting
 * (the answer is the same; a value that would not parse in a part that is
 * not needed is then not read).
 */
#include "pgscrub/condition.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <sodium.h>
#include <unicase.h>

#include "pgscrub/anon.h"
#include "pgscrub/bytes.h"
#include "pgscrub/ident.h"
#include "pgscrub/sql_lex.h"

/* Nesting of parentheses and NOTs; deeper is never meant and would only
 * use up the stack. */
#define COND_DEPTH_MAX 64
/* How much of the condition a message quotes. */
#define COND_SHOW 40
/* A field decodes to at most 1 GB (PostgreSQL's limit for a value). */
#define COND_FIELD_MAX ((size_t)1 << 30)
/* Exponents beyond this are no number anyone compares with. */
#define COND_EXP_MAX 1000000LL

/* sample(): the hash's first 64 bits modulo this, against PERCENT * 10^4. */
#define COND_SAMPLE_SCALE 1000000u

/* ---- the tree --------------------------------------------------------- */

/* How a column's values compare. */
enum cls {
	CLS_TEXT = 1,   /* text, varchar, name, and unknown types */
	CLS_BPCHAR,     /* character(n) */
	CLS_DEC,        /* int2/4/8, numeric */
	CLS_FLOAT4,
	CLS_FLOAT8,
	CLS_BOOL,
	CLS_DATE,
	CLS_TS,
	CLS_TSTZ,
	CLS_UUID,
	CLS_ENUM
};

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

/* Three-valued results; -1 is an error. */
enum { TV_FALSE = 0, TV_TRUE = 1, TV_UNKNOWN = 2 };

/* An exact decimal: 0.D1D2... x 10^exp, D1 != 0; no digits for zero. */
struct dec {
	int special;        /* 0 finite, 1 Infinity, -1 -Infinity, 2 NaN */
	int sign;           /* -1, 0, 1 (finite only) */
	long long exp;
	const char *digits; /* significant digits, no trailing zeros */
	size_t ndigits;
};

/* A literal in its column's comparison form. */
struct lit {
	struct dec d;       /* CLS_DEC (digits owned through s) */
	double f;           /* CLS_FLOAT* */
	long long i;        /* CLS_DATE/TS/TSTZ, CLS_ENUM's label index */
	int b;              /* CLS_BOOL */
	char *s;            /* CLS_TEXT/BPCHAR/UUID bytes; CLS_DEC digits */
	size_t slen;
};

enum ntype {
	N_CONST,            /* b: TV_TRUE or TV_FALSE */
	N_AND, N_OR, N_NOT,
	N_IS,               /* a IS [NOT] TRUE/FALSE/UNKNOWN */
	N_BOOLCOL,          /* a boolean column on its own */
	N_ISNULL,           /* col IS [NOT] NULL */
	N_CMP,              /* col op lits[0] */
	N_IN,               /* col [NOT] IN (lits) */
	N_BETWEEN,          /* col [NOT] BETWEEN lits[0] AND lits[1] */
	N_LIKE,             /* col [NOT] [I]LIKE pattern (lits[0].s) */
	N_REGEX,            /* col ~ / ~* pattern */
	N_SAMPLE            /* sample(PERCENT, cols) */
};

struct node {
	enum ntype type;
	struct node *a, *b;
	int neg;            /* NOT IN, NOT BETWEEN, NOT LIKE, IS NOT ... */
	int test;           /* N_IS: TV_TRUE, TV_FALSE or TV_UNKNOWN */
	size_t col;
	enum op op;
	struct lit *lits;
	size_t nlits;
	int ilike;
	pcre2_code *re;
	pcre2_match_data *md;
	size_t *scols;      /* N_SAMPLE */
	size_t nscols;
	uint64_t threshold;
};

/* What evaluation needs to know of a column the condition reads. */
struct cinfo {
	int used;
	enum cls cls;
	char *name;
	char **labels;      /* CLS_ENUM: copied, so the schema may go first */
	size_t nlabels;
	int type_is_float4;
};

struct pgs_cond {
	struct node *root;
	struct cinfo *cols;
	size_t ncols;
	size_t *used;
	size_t nused;
	int uses_sample;
	int utf8;
	unsigned char subkey[PGS_SUBKEY_BYTES];
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;
	struct pgs_buf dec;     /* a decoded field */
	struct pgs_buf low;     /* a lower-cased value (ILIKE) */
	struct pgs_buf hash;    /* sample()'s input */
	struct pgs_buf digits;  /* a value's decimal digits */
};

static void lit_release(struct lit *l)
{
	free(l->s);
}

static void node_free(struct node *n)
{
	size_t i;

	if (!n)
		return;
	node_free(n->a);
	node_free(n->b);
	for (i = 0; i < n->nlits; i++)
		lit_release(&n->lits[i]);
	free(n->lits);
	if (n->md)
		pcre2_match_data_free(n->md);
	if (n->re)
		pcre2_code_free(n->re);
	free(n->scols);
	free(n);
}

void pgs_cond_free(struct pgs_cond *c)
{
	size_t i, j;

	if (!c)
		return;
	node_free(c->root);
	for (i = 0; i < c->ncols; i++) {
		free(c->cols[i].name);
		for (j = 0; j < c->cols[i].nlabels; j++)
			free(c->cols[i].labels[j]);
		free(c->cols[i].labels);
	}
	free(c->cols);
	free(c->used);
	if (c->mctx)
		pcre2_match_context_free(c->mctx);
	if (c->jit_stack)
		pcre2_jit_stack_free(c->jit_stack);
	pgs_buf_release(&c->dec);
	pgs_buf_release(&c->low);
	pgs_buf_release(&c->hash);
	pgs_buf_release(&c->digits);
	sodium_memzero(c->subkey, sizeof(c->subkey));
	free(c);
}

/* ---- small helpers ------------------------------------------------------ */

static int is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	       ch == '\f' || ch == '\v';
}

static char lower_ascii(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

static int eq_nocase(const char *p, size_t n, const char *word)
{
	size_t i;

	if (strlen(word) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower_ascii(p[i]) != word[i])
			return 0;
	return 1;
}

static void trim(const char **p, size_t *n)
{
	while (*n && is_space(**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n && is_space((*p)[*n - 1]))
		(*n)--;
}

/* Whether the encoding has characters of more than one byte. */
static int enc_multibyte(const char *enc)
{
	static const char *const mb[] = {
		"UTF8", "EUC_CN", "EUC_JP", "EUC_JIS_2004", "EUC_KR",
		"EUC_TW", "MULE_INTERNAL", "SJIS", "SHIFT_JIS_2004", "BIG5",
		"GBK", "UHC", "GB18030", "JOHAB", NULL
	};
	size_t i;

	for (i = 0; mb[i]; i++)
		if (strcmp(enc, mb[i]) == 0)
			return 1;
	return 0;
}

/* ---- numbers --------------------------------------------------------------- */

/*
 * Parse [sign] digits [. digits] [e [sign] digits] (or .digits) in
 * s[0..n) into d, its significant digits appended to digits (d->digits is
 * set by the caller once the buffer stops moving: offset in d->ndigits'
 * companion).  Specials (NaN, Infinity, inf) when specials.  frac and exp
 * allow a fraction and an exponent.  -1 when it is not such a number.
 */
static int dec_parse(struct dec *d, struct pgs_buf *digits, const char *s,
		     size_t n, int specials, int frac, int exp)
{
	size_t i = 0, start;
	int neg = 0, seen = 0, point = 0;
	long long e = 0, intdigits = 0, lead = 0;
	struct pgs_error err;

	memset(d, 0, sizeof(*d));
	pgs_buf_reset(digits);
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (specials) {
		const char *r = s + i;
		size_t rn = n - i;

		if (i == 0 && eq_nocase(r, rn, "nan")) {
			d->special = 2;
			return 0;
		}
		if (eq_nocase(r, rn, "infinity") || eq_nocase(r, rn, "inf")) {
			d->special = neg ? -1 : 1;
			return 0;
		}
	}
	start = i;
	for (; i < n; i++) {
		if (is_digit(s[i])) {
			seen = 1;
			if (s[i] == '0' && digits->len == 0) {
				/* A leading zero: only moves the point. */
				if (point)
					lead++;
				continue;
			}
			if (pgs_buf_addc(digits, s[i], &err))
				return -1;
			if (!point)
				intdigits++;
		} else if (s[i] == '.' && frac && !point) {
			point = 1;
		} else {
			break;
		}
	}
	if (!seen || (i == start + 1 && point && !seen))
		return -1;
	if (i < n && (s[i] == 'e' || s[i] == 'E') && exp) {
		int eneg = 0;
		size_t es;

		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			eneg = s[i++] == '-';
		es = i;
		for (; i < n && is_digit(s[i]); i++) {
			if (e > COND_EXP_MAX)
				return -1;
			e = e * 10 + (s[i] - '0');
		}
		if (i == es || e > COND_EXP_MAX)
			return -1;
		if (eneg)
			e = -e;
	}
	if (i != n)
		return -1;
	while (digits->len && digits->data[digits->len - 1] == '0')
		digits->len--;
	if (digits->len == 0) {
		d->sign = 0;
		return 0;
	}
	d->sign = neg ? -1 : 1;
	/* 0.D x 10^exp: intdigits digits before the point; after leading
	 * zeros of a fraction, the point is lead places further left. */
	d->exp = (intdigits ? intdigits : -lead) + e;
	d->ndigits = digits->len;
	return 0;
}

static int dec_cmp(const struct dec *a, const struct dec *b)
{
	int r;
	size_t i, n;

	if (a->special == 2 || b->special == 2)
		return (a->special == 2) - (b->special == 2);
	if (a->special || b->special) {
		int x = a->special ? a->special * 2 : a->sign;
		int y = b->special ? b->special * 2 : b->sign;

		return (x > y) - (x < y);
	}
	if (a->sign != b->sign)
		return (a->sign > b->sign) - (a->sign < b->sign);
	if (a->sign == 0)
		return 0;
	if (a->exp != b->exp)
		r = a->exp > b->exp ? 1 : -1;
	else {
		n = a->ndigits < b->ndigits ? a->ndigits : b->ndigits;
		r = 0;
		for (i = 0; i < n && !r; i++)
			r = (a->digits[i] > b->digits[i]) -
			    (a->digits[i] < b->digits[i]);
		if (!r)
			r = (a->ndigits > b->ndigits) - (a->ndigits < b->ndigits);
	}
	return a->sign < 0 ? -r : r;
}

/* Parse a decimal whose digits stay valid: they are copied into *owned. */
static int dec_parse_owned(struct dec *d, char **owned, const char *s,
			   size_t n, int specials, int frac, int exp)
{
	struct pgs_buf b;

	pgs_buf_init(&b, n + 1);
	*owned = NULL;
	if (dec_parse(d, &b, s, n, specials, frac, exp)) {
		pgs_buf_release(&b);
		return -1;
	}
	*owned = b.data;   /* may be NULL for zero and specials */
	d->digits = b.data;
	return 0;
}

/* An integer column's bounds. */
static int int_in_range(const struct dec *d, enum pgs_type_kind k)
{
	static const char *const lo[] = { "32768", "2147483648",
					  "9223372036854775808" };
	static const char *const hi[] = { "32767", "2147483647",
					  "9223372036854775807" };
	size_t w = k == PGS_TYPE_INT2 ? 0 : k == PGS_TYPE_INT4 ? 1 : 2;
	const char *bound = d->sign < 0 ? lo[w] : hi[w];
	struct dec b;

	struct dec m = *d;

	if (d->sign == 0)
		return 1;
	memset(&b, 0, sizeof(b));
	b.sign = 1;
	b.exp = (long long)strlen(bound);
	b.digits = bound;
	b.ndigits = strlen(bound);
	while (b.ndigits && bound[b.ndigits - 1] == '0')
		b.ndigits--;
	/* Magnitudes: -32768 is an int2, 32768 is not. */
	m.sign = 1;
	return dec_cmp(&m, &b) <= 0;
}

/* float8in/float4in: a double from s[0..n) (already trimmed for literals). */
static int float_parse(double *out, const char *s, size_t n, int single)
{
	char buf[128], *end;
	size_t i;

	if (eq_nocase(s, n, "nan") || eq_nocase(s, n, "+nan") ||
	    eq_nocase(s, n, "-nan")) {
		*out = NAN;
		return 0;
	}
	if (eq_nocase(s, n, "infinity") || eq_nocase(s, n, "+infinity") ||
	    eq_nocase(s, n, "inf") || eq_nocase(s, n, "+inf")) {
		*out = INFINITY;
		return 0;
	}
	if (eq_nocase(s, n, "-infinity") || eq_nocase(s, n, "-inf")) {
		*out = -INFINITY;
		return 0;
	}
	if (n == 0 || n >= sizeof(buf))
		return -1;
	/* strtod also reads hex floats and "nan(...)": not what the
	 * server's output or a plain literal holds. */
	for (i = 0; i < n; i++)
		if (!is_digit(s[i]) && s[i] != '.' && s[i] != 'e' &&
		    s[i] != 'E' && s[i] != '+' && s[i] != '-')
			return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	if (single) {
		float f = strtof(buf, &end);

		*out = (double)f;
	} else {
		*out = strtod(buf, &end);
	}
	if (end != buf + n || isnan(*out))
		return -1;
	/* float8in: an overflow, or an underflow to zero, is out of range;
	 * a subnormal result is a value (float4out writes 1e-45). */
	if (errno == ERANGE && (*out == 0.0 || isinf(*out)))
		return -1;
	return 0;
}

static int float_cmp(double a, double b)
{
	if (isnan(a) || isnan(b))
		return (isnan(a) != 0) - (isnan(b) != 0);
	return (a > b) - (a < b);
}

/* ---- dates and times ----------------------------------------------------- */

/* PostgreSQL's ranges (datatype/timestamp.h), in days from 2000-01-01:
 * Julian day 0 (4714-11-24 BC) to before 5874898-01-01 (dates) and
 * before 294277-01-01 (timestamps). */
#define COND_DAYS_MIN (-2451545LL)
#define COND_DATE_DAYS_END (2147483494LL - 2451545LL)
#define COND_TS_DAYS_END (109203528LL - 2451545LL)
#define COND_USEC_PER_DAY 86400000000LL

/* Days from 2000-01-01 of y-m-d in the proleptic Gregorian calendar (y
 * astronomical: 1 BC is 0). */
static long long days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468 - 10957;
}

static int days_in_month(long long y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dm[m - 1];
}

static int two(const char *s, size_t n, size_t i, int *out)
{
	if (i + 2 > n || !is_digit(s[i]) || !is_digit(s[i + 1]))
		return -1;
	*out = (s[i] - '0') * 10 + (s[i + 1] - '0');
	return 0;
}

/*
 * A date, timestamp or timestamptz as the server prints it with DateStyle
 * ISO ("2024-01-31", "2024-01-31 12:34:56.5", "...+05:30", "... BC",
 * "infinity"); a literal (lit) may also use 'T' before the time, omit the
 * seconds, and, for timestamptz, give its offset as Z (none: UTC).
 * *out is days (cls CLS_DATE) or microseconds (CLS_TS, CLS_TSTZ) from
 * 2000-01-01, infinities as LLONG_MIN/LLONG_MAX.  -1 when invalid or out of
 * range.
 */
static int time_parse(long long *out, const char *s, size_t n, enum cls cls,
		      int lit)
{
	size_t i = 0, digits;
	long long y = 0, days, us = 0;
	int m, d, bc = 0, h = 0, mi = 0, sec = 0;

	if (eq_nocase(s, n, "infinity") || (lit && eq_nocase(s, n, "+infinity"))) {
		*out = LLONG_MAX;
		return 0;
	}
	if (eq_nocase(s, n, "-infinity")) {
		*out = LLONG_MIN;
		return 0;
	}
	if (n >= 3 && memcmp(s + n - 3, " BC", 3) == 0) {
		bc = 1;
		n -= 3;
	}
	while (i < n && is_digit(s[i]) && i < 8)
		y = y * 10 + (s[i++] - '0');
	digits = i;
	if (digits < 4 || i >= n || s[i] != '-' || two(s, n, i + 1, &m) ||
	    i + 3 >= n || s[i + 3] != '-' || two(s, n, i + 4, &d))
		return -1;
	i += 6;
	if (y < 1 || m < 1 || m > 12)
		return -1;
	if (bc)
		y = 1 - y;
	if (d < 1 || d > days_in_month(y, m))
		return -1;
	days = days_from_civil(y, m, d);
	if (cls == CLS_DATE) {
		if (i != n || days < COND_DAYS_MIN || days >= COND_DATE_DAYS_END)
			return -1;
		*out = days;
		return 0;
	}
	if (days < COND_DAYS_MIN || days >= COND_TS_DAYS_END)
		return -1;
	if (i < n) {
		if (!(s[i] == ' ' || (lit && s[i] == 'T')))
			return -1;
		i++;
		if (two(s, n, i, &h) || i + 2 >= n || s[i + 2] != ':' ||
		    two(s, n, i + 3, &mi))
			return -1;
		i += 5;
		if (i < n && s[i] == ':') {
			if (two(s, n, i + 1, &sec))
				return -1;
			i += 3;
			if (i < n && s[i] == '.') {
				long long f = 0;
				size_t fs = ++i, k;

				while (i < n && is_digit(s[i]) && i - fs < 6)
					f = f * 10 + (s[i++] - '0');
				if (i == fs || (i < n && is_digit(s[i])))
					return -1;
				for (k = i - fs; k < 6; k++)
					f *= 10;
				us = f;
			}
		} else if (!lit) {
			return -1;
		}
		if (mi > 59 || sec > 60 || h > 24 ||
		    (h == 24 && (mi || sec || us)))
			return -1;
		us += ((long long)h * 3600 + mi * 60 + sec) * 1000000LL;
	}
	if (cls == CLS_TSTZ) {
		long long off = 0;

		if (i < n && (s[i] == '+' || s[i] == '-')) {
			int neg = s[i] == '-', part, x;

			i++;
			for (part = 0; part < 3; part++) {
				if (part && (i >= n || s[i] != ':'))
					break;
				if (part)
					i++;
				if (two(s, n, i, &x) || (part && x > 59))
					return -1;
				off = off * 60 + x;
				i += 2;
			}
			for (; part < 3; part++)
				off *= 60;
			if (off > 16 * 3600)
				return -1;
			if (neg)
				off = -off;
		} else if (lit && i < n && s[i] == 'Z') {
			i++;
		} else if (!lit) {
			return -1;
		}
		us -= off * 1000000LL;
	}
	if (i != n)
		return -1;
	*out = days * COND_USEC_PER_DAY + us;
	if (*out < COND_DAYS_MIN * COND_USEC_PER_DAY ||
	    *out >= COND_TS_DAYS_END * COND_USEC_PER_DAY)
		return -1;
	return 0;
}

/* ---- text -------------------------------------------------------------------- */

static int bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int r = memcmp(a, b, an < bn ? an : bn);

	if (r)
		return r < 0 ? -1 : 1;
	return (an > bn) - (an < bn);
}

static size_t rtrim_len(const char *s, size_t n)
{
	while (n && s[n - 1] == ' ')
		n--;
	return n;
}

static size_t char_len(const char *s, size_t n, int utf8)
{
	size_t l;

	if (!utf8)
		return 1;
	l = pgs_utf8_len((const unsigned char *)s, n);
	return l ? l : 1;
}

/*
 * LIKE (like_match.c's MatchText): % any run of characters, _ one
 * character, backslash the next character itself; the whole value must
 * match.  Greedy with a return to the last %, which is exact for these
 * patterns.
 */
static int like_match(const char *s, size_t sn, const char *p, size_t pn,
		      int utf8)
{
	size_t si = 0, pi = 0, star_p = SIZE_MAX, star_s = 0;

	while (si < sn) {
		if (pi < pn && p[pi] == '%') {
			while (pi < pn && p[pi] == '%')
				pi++;
			if (pi == pn)
				return 1;
			star_p = pi;
			star_s = si;
			continue;
		}
		if (pi < pn && p[pi] == '_') {
			si += char_len(s + si, sn - si, utf8);
			pi++;
			continue;
		}
		if (pi < pn) {
			size_t q = pi + (p[pi] == '\\'), l;

			assert(q < pn);   /* checked at compile time */
			l = char_len(p + q, pn - q, utf8);
			if (si + l <= sn && memcmp(s + si, p + q, l) == 0) {
				si += l;
				pi = q + l;
				continue;
			}
		}
		if (star_p == SIZE_MAX)
			return 0;
		star_s += char_len(s + star_s, sn - star_s, utf8);
		if (p[star_p] != '_') {
			/* The % must end where the next literal's first byte
			 * is: an ASCII byte or a UTF-8 lead byte, never inside
			 * a character, so the position is a character's. */
			char want = p[star_p + (p[star_p] == '\\')];
			const char *hit = star_s < sn
					  ? memchr(s + star_s, want, sn - star_s)
					  : NULL;

			if (!hit)
				return 0;
			star_s = (size_t)(hit - s);
		}
		si = star_s;
		pi = star_p;
	}
	while (pi < pn && p[pi] == '%')
		pi++;
	return pi == pn;
}

/* Lower-case s into out: u8_tolower in UTF8, ASCII otherwise (and for
 * bytes that are not UTF-8). */
static int lower_into(struct pgs_buf *out, const char *s, size_t n, int utf8,
		      struct pgs_error *err)
{
	size_t i;

	pgs_buf_reset(out);
	for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
		;
	/* ASCII lower-cases the same in Unicode; u8_tolower is slow. */
	if (utf8 && i < n) {
		size_t len = out->cap ? out->cap - 1 : 0;
		uint8_t *r = u8_tolower((const uint8_t *)s, n, NULL, NULL,
					(uint8_t *)out->data, &len);

		if (r) {
			if (r != (uint8_t *)out->data) {
				int rc = pgs_buf_add(out, r, len, err);

				free(r);
				return rc;
			}
			out->len = len;
			out->data[len] = '\0';
			return 0;
		}
		if (errno == ENOMEM)
			return pgs_error_set(err, PGS_ENOMEM,
					     "out of memory lower-casing a value");
	}
	if (pgs_buf_grow(out, n, err))
		return -1;
	for (i = 0; i < n; i++)
		out->data[i] = lower_ascii(s[i]);
	out->len = n;
	out->data[n] = '\0';
	return 0;
}

/* uuid_in's forms (hyphens after any group of four digits, optional
 * braces, any case) to uuid_out's, into out[36]. */
static int uuid_norm(char out[36], const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, k = 0, o = 0;
	int braces = 0;

	if (n && s[0] == '{') {
		braces = 1;
		i = 1;
	}
	for (; i < n && k < 32; i++) {
		int v = pgs_hexval(s[i]);

		if (v < 0)
			return -1;
		if (o == 8 || o == 13 || o == 18 || o == 23)
			out[o++] = '-';
		out[o++] = hex[v];
		k++;
		if (k % 4 == 0 && k < 32 && i + 1 < n && s[i + 1] == '-')
			i++;
	}
	if (k != 32)
		return -1;
	if (braces) {
		if (i >= n || s[i] != '}')
			return -1;
		i++;
	}
	return i == n ? 0 : -1;
}

/* ---- compiling ------------------------------------------------------------ */

enum tkind { T_END, T_WORD, T_QIDENT, T_STRING, T_NUMBER, T_OP, T_LPAREN,
	     T_RPAREN, T_COMMA, T_OTHER };

struct tok {
	enum tkind kind;
	const char *p;
	size_t len;
};

/* An operand: a column or a literal, before it is typed. */
enum otype { O_COL, O_STRING, O_NUMBER, O_TRUE, O_FALSE, O_NULL };

struct operand {
	enum otype type;
	size_t col;
	char *s;            /* O_STRING: the value; O_NUMBER: the text,
			       sign included */
	size_t len;
	const struct tok *at;
};

/* What a parsing level returns: a condition, or an operand that an
 * operator above may still use. */
struct term {
	struct node *n;     /* NULL: an operand */
	struct operand o;
};

struct cc {
	const struct pgs_cond_env *env;
	struct pgs_cond *c;
	struct pgs_error *err;
	struct tok *t;
	size_t nt, i;
	int depth;
	int utf8, multibyte;
	struct pgs_buf str;
};

static void term_release(struct term *t)
{
	node_free(t->n);
	t->n = NULL;
	free(t->o.s);
	t->o.s = NULL;
}

static const struct tok *peek(const struct cc *cc)
{
	return &cc->t[cc->i];
}

static int is_kw(const struct tok *t, const char *kw)
{
	return t->kind == T_WORD && eq_nocase(t->p, t->len, kw);
}

static int is_op(const struct tok *t, const char *op)
{
	return t->kind == T_OP && t->len == strlen(op) &&
	       memcmp(t->p, op, t->len) == 0;
}

/* A literal as written, in quotes: '5', 'true', 'it''s'. */
static const char *lit_shown(char *buf, size_t size, const struct tok *t)
{
	char ex[PGS_EXCERPT_SIZE(COND_SHOW)];

	pgs_excerpt(ex, t->p, t->len, COND_SHOW);
	snprintf(buf, size, t->p[0] == '\'' ? "%s" : "'%s'", ex);
	return buf;
}

/* "'foo'", "the end of the condition". */
static const char *shown(char *buf, size_t size, const struct tok *t)
{
	char ex[PGS_EXCERPT_SIZE(COND_SHOW)];

	if (t->kind == T_END)
		snprintf(buf, size, "the end of the condition");
	else
		snprintf(buf, size, "'%s'",
			 pgs_excerpt(ex, t->p, t->len, COND_SHOW));
	return buf;
}

static int fail(struct cc *cc, const char *fmt, ...) PGS_PRINTF(2, 3);

static int fail(struct cc *cc, const char *fmt, ...)
{
	char msg[PGS_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return pgs_error_set(cc->err, PGS_ERULES, "%s", msg);
}

static int nomem(struct cc *cc)
{
	return pgs_error_set(cc->err, PGS_ENOMEM,
			     "out of memory compiling a condition");
}

static int expected(struct cc *cc, const char *what)
{
	char b[PGS_EXCERPT_SIZE(COND_SHOW) + 32];

	return fail(cc, "expected %s, found %s", what, shown(b, sizeof(b), peek(cc)));
}

static struct node *new_node(struct cc *cc, enum ntype type)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n)
		nomem(cc);
	else
		n->type = type;
	return n;
}

/* The column's name in messages: "email", "Full Name". */
static const char *colname(const struct cc *cc, size_t col)
{
	return cc->env->cols[col].name;
}

static const char *typename_of(const struct cc *cc, size_t col)
{
	const struct pgs_column *pc = cc->env->cols[col].col;

	return pc && !pc->unknown ? pgs_type_name(&pc->type) : "unknown";
}

static int type_unknown(const struct pgs_column *pc)
{
	return !pc || pc->unknown ||
	       (pc->type.kind == PGS_TYPE_OTHER && !pc->type.text);
}

/* The column is read: note it, and what evaluation needs of it. */
static int use_col(struct cc *cc, size_t col, enum cls cls)
{
	struct cinfo *ci = &cc->c->cols[col];
	const struct pgs_column *pc = cc->env->cols[col].col;
	size_t j;

	if (!ci->name) {
		ci->name = strdup(cc->env->cols[col].name);
		if (!ci->name)
			return nomem(cc);
	}
	ci->used = 1;
	if (cls && !ci->cls) {
		ci->cls = cls;
		if (cls == CLS_ENUM && pc->type.nlabels) {
			ci->labels = calloc(pc->type.nlabels, sizeof(char *));
			if (!ci->labels)
				return nomem(cc);
			ci->nlabels = pc->type.nlabels;
			for (j = 0; j < ci->nlabels; j++)
				if (!(ci->labels[j] = strdup(pc->type.labels[j])))
					return nomem(cc);
		}
	}
	return 0;
}

/*
 * How column col compares (op: the operator for messages; ordering: an
 * ordering operator, or LIKE for like).  Fails for types whose text
 * PostgreSQL compares otherwise than this module can.
 */
static int col_cls(struct cc *cc, size_t col, const char *op, int ordering,
		   int like, enum cls *out)
{
	const struct pgs_column *pc = cc->env->cols[col].col;
	const char *tn = typename_of(cc, col);

	if (type_unknown(pc)) {
		*out = CLS_TEXT;
		return 0;
	}
	if (pc->type.is_array) {
		fail(cc, "%s on column \"%s\" of type %s is not supported",
		     op, colname(cc, col), tn);
		return pgs_error_hint(cc->err, "conditions compare single values; "
				      "only IS NULL and sample() read array columns");
	}
	switch (pc->type.kind) {
	case PGS_TYPE_TEXT:
		if (pc->type.text && (strcmp(pc->type.text, "citext") == 0 ||
				      (strlen(pc->type.text) > 7 &&
				       strcmp(pc->type.text + strlen(pc->type.text) - 7,
					      ".citext") == 0))) {
			fail(cc, "%s on column \"%s\" of type citext is not "
			     "supported: PostgreSQL compares citext ignoring "
			     "case", op, colname(cc, col));
			return pgs_error_hint(cc->err, "use ~* for a "
					      "case-insensitive match, as in "
					      "%s ~* '^name@example\\.com$'",
					      colname(cc, col));
		}
		*out = CLS_TEXT;
		return 0;
	case PGS_TYPE_VARCHAR:
	case PGS_TYPE_NAME:
		*out = CLS_TEXT;
		return 0;
	case PGS_TYPE_CHAR:
		*out = CLS_BPCHAR;
		return 0;
	default:
		break;
	}
	if (like) {
		fail(cc, "%s needs a text column; \"%s\" is %s", op,
		     colname(cc, col), tn);
		return pgs_error_hint(cc->err, "compare it with = < > instead");
	}
	switch (pc->type.kind) {
	case PGS_TYPE_INT2: case PGS_TYPE_INT4: case PGS_TYPE_INT8:
	case PGS_TYPE_NUMERIC:
		*out = CLS_DEC;
		return 0;
	case PGS_TYPE_FLOAT4:
		*out = CLS_FLOAT4;
		return 0;
	case PGS_TYPE_FLOAT8:
		*out = CLS_FLOAT8;
		return 0;
	case PGS_TYPE_BOOL:
		*out = CLS_BOOL;
		return 0;
	case PGS_TYPE_DATE:
		*out = CLS_DATE;
		return 0;
	case PGS_TYPE_TIMESTAMP:
		*out = CLS_TS;
		return 0;
	case PGS_TYPE_TIMESTAMPTZ:
		*out = CLS_TSTZ;
		return 0;
	case PGS_TYPE_UUID:
		*out = CLS_UUID;
		return 0;
	case PGS_TYPE_ENUM:
		if (ordering && pc->type.nlabels == 0) {
			fail(cc, "%s on column \"%s\": the labels of enum %s are "
			     "not known, so their order is not", op,
			     colname(cc, col), tn);
			return pgs_error_hint(cc->err, "compare it with = or <> "
					      "or IN (...)");
		}
		*out = CLS_ENUM;
		return 0;
	default:
		fail(cc, "%s on column \"%s\" of type %s is not supported", op,
		     colname(cc, col), tn);
		return pgs_error_hint(cc->err, "conditions compare numbers, "
				      "dates, times, booleans, enums, uuids and "
				      "text; only IS NULL and sample() read "
				      "other columns");
	}
}

/* The literal o as a value of column col (cls), into l. */
static int make_lit(struct cc *cc, size_t col, enum cls cls,
		    const struct operand *o, struct lit *l)
{
	const struct pgs_column *pc = cc->env->cols[col].col;
	char ex[PGS_EXCERPT_SIZE(COND_SHOW) + 4];
	const char *s = o->s;
	size_t n = o->len, i;
	const char *tn = typename_of(cc, col);

	memset(l, 0, sizeof(*l));
	lit_shown(ex, sizeof(ex), o->at);
	if (o->type == O_NULL) {
		fail(cc, "comparing \"%s\" with NULL is never true",
		     colname(cc, col));
		return pgs_error_hint(cc->err, "write %s IS NULL (or IS NOT NULL)",
				      colname(cc, col));
	}
	if (o->type == O_TRUE || o->type == O_FALSE) {
		if (cls != CLS_BOOL)
			return fail(cc, "%s is not a valid %s (column \"%s\")",
				    ex, tn, colname(cc, col));
		l->b = o->type == O_TRUE;
		return 0;
	}
	if (o->type == O_NUMBER) {
		switch (cls) {
		case CLS_DEC:
			if (dec_parse_owned(&l->d, &l->s, s, n, 0, 1, 1))
				return fail(cc, "%s is not a valid number", ex);
			return 0;
		case CLS_FLOAT4:
		case CLS_FLOAT8:
			/* An unquoted number is numeric, compared as
			 * float8 (PostgreSQL casts numeric to float8). */
			if (float_parse(&l->f, s, n, 0))
				return fail(cc, "%s is not a valid number", ex);
			return 0;
		default:
			fail(cc, "%s is a number and column \"%s\" is %s", ex,
			     colname(cc, col), tn);
			return pgs_error_hint(cc->err, "quote the value: %s",
					      ex);
		}
	}
	assert(o->type == O_STRING);
	if (cc->utf8) {
		for (i = 0; i < n;) {
			size_t k = pgs_utf8_len((const unsigned char *)s + i,
						n - i);

			if (!k)
				return fail(cc, "a string compared with \"%s\" "
					    "is not valid UTF-8",
					    colname(cc, col));
			i += k;
		}
	} else {
		for (i = 0; i < n; i++)
			if ((unsigned char)s[i] >= 0x80) {
				fail(cc, "%s: text beyond ASCII cannot be "
				     "compared in a %s archive", ex,
				     cc->env->encoding);
				return pgs_error_hint(cc->err, "the rules file is "
						      "UTF-8 and the data is "
						      "not; use LIKE with _ "
						      "for such characters");
			}
	}
	switch (cls) {
	case CLS_TEXT:
	case CLS_BPCHAR:
		if (pc && !type_unknown(pc) && pc->type.kind == PGS_TYPE_NAME &&
		    n > PGS_IDENT_MAX)
			return fail(cc, "%s is longer than a name's 63 bytes", ex);
		if (memchr(s, '\0', n))
			return fail(cc, "%s holds a NUL byte", ex);
		l->s = malloc(n + 1);
		if (!l->s)
			return nomem(cc);
		memcpy(l->s, s, n);
		l->s[n] = '\0';
		l->slen = cls == CLS_BPCHAR ? rtrim_len(s, n) : n;
		return 0;
	case CLS_UUID:
		l->s = malloc(37);
		if (!l->s)
			return nomem(cc);
		trim(&s, &n);
		if (uuid_norm(l->s, s, n))
			return fail(cc, "%s is not a valid uuid", ex);
		l->s[36] = '\0';
		l->slen = 36;
		return 0;
	case CLS_BOOL:
		trim(&s, &n);
		if (eq_nocase(s, n, "t") || eq_nocase(s, n, "true") ||
		    eq_nocase(s, n, "y") || eq_nocase(s, n, "yes") ||
		    eq_nocase(s, n, "on") || (n == 1 && s[0] == '1'))
			l->b = 1;
		else if (eq_nocase(s, n, "f") || eq_nocase(s, n, "false") ||
			 eq_nocase(s, n, "n") || eq_nocase(s, n, "no") ||
			 eq_nocase(s, n, "off") || (n == 1 && s[0] == '0'))
			l->b = 0;
		else
			return fail(cc, "%s is not a valid boolean", ex);
		return 0;
	case CLS_DEC:
		trim(&s, &n);
		if (pc->type.kind == PGS_TYPE_NUMERIC) {
			if (dec_parse_owned(&l->d, &l->s, s, n, 1, 1, 1))
				return fail(cc, "%s is not a valid numeric", ex);
			return 0;
		}
		if (dec_parse_owned(&l->d, &l->s, s, n, 0, 0, 0))
			return fail(cc, "%s is not a valid %s", ex, tn);
		if (!int_in_range(&l->d, pc->type.kind))
			return fail(cc, "%s is out of range for type %s", ex, tn);
		return 0;
	case CLS_FLOAT4:
	case CLS_FLOAT8:
		trim(&s, &n);
		if (float_parse(&l->f, s, n, cls == CLS_FLOAT4))
			return fail(cc, "%s is not a valid %s", ex, tn);
		return 0;
	case CLS_DATE:
	case CLS_TS:
	case CLS_TSTZ:
		trim(&s, &n);
		if (time_parse(&l->i, s, n, cls, 1)) {
			fail(cc, "%s is not a valid %s", ex, tn);
			return pgs_error_hint(cc->err, "%s",
				cls == CLS_DATE ? "write dates as 'YYYY-MM-DD' "
						  "(' BC' after), 'infinity' or "
						  "'-infinity'" :
				cls == CLS_TS ? "write it as 'YYYY-MM-DD "
						"HH:MM[:SS[.ffffff]]', without "
						"a UTC offset" :
				"write it as 'YYYY-MM-DD HH:MM[:SS[.ffffff]]"
				"[+HH[:MM]]' (no offset: UTC)");
		}
		return 0;
	case CLS_ENUM:
		for (i = 0; i < pc->type.nlabels; i++)
			if (strlen(pc->type.labels[i]) == n &&
			    memcmp(pc->type.labels[i], s, n) == 0)
				break;
		if (pc->type.nlabels && i == pc->type.nlabels)
			return fail(cc, "%s is not a valid %s (not one of its "
				    "labels)", ex, tn);
		l->i = (long long)i;
		l->s = malloc(n + 1);
		if (!l->s)
			return nomem(cc);
		memcpy(l->s, s, n);
		l->s[n] = '\0';
		l->slen = n;
		return 0;
	}
	return fail(cc, "internal: no comparison for %s", tn);
}

static struct node *cond_node(struct cc *cc, struct term *t);

/* A term as a condition: a boolean column or true/false on its own. */
static int need_bool(struct cc *cc, struct term *t)
{
	struct node *n;
	char ex[PGS_EXCERPT_SIZE(COND_SHOW) + 4];

	if (t->n)
		return 0;
	if (t->o.type == O_COL)
		pgs_excerpt(ex, t->o.at->p, t->o.at->len, COND_SHOW);
	else
		lit_shown(ex, sizeof(ex), t->o.at);
	switch (t->o.type) {
	case O_TRUE:
	case O_FALSE:
		n = new_node(cc, N_CONST);
		if (!n)
			return -1;
		n->test = t->o.type == O_TRUE ? TV_TRUE : TV_FALSE;
		t->n = n;
		return 0;
	case O_COL: {
		const struct pgs_column *pc = cc->env->cols[t->o.col].col;

		if (type_unknown(pc) || pc->type.kind != PGS_TYPE_BOOL ||
		    pc->type.is_array) {
			fail(cc, "column \"%s\" (%s) is not a condition on its "
			     "own", colname(cc, t->o.col),
			     typename_of(cc, t->o.col));
			return pgs_error_hint(cc->err, "compare it, as in %s = "
					      "'...', or test it with IS NULL",
					      ex);
		}
		if (use_col(cc, t->o.col, CLS_BOOL))
			return -1;
		n = new_node(cc, N_BOOLCOL);
		if (!n)
			return -1;
		n->col = t->o.col;
		t->n = n;
		return 0;
	}
	case O_NULL:
		fail(cc, "NULL is never true");
		return pgs_error_hint(cc->err, "test a column with IS NULL");
	default:
		return fail(cc, "%s is a value, not a condition", ex);
	}
}

static struct node *cond_node(struct cc *cc, struct term *t)
{
	struct node *n;

	if (need_bool(cc, t))
		return NULL;
	n = t->n;
	t->n = NULL;
	return n;
}

static int parse_or(struct cc *cc, struct term *out);

/* A column name (a word, folded, or a quoted name) at tok. */
static int lookup_col(struct cc *cc, const struct tok *t, size_t *col)
{
	struct pgs_sql_token st;
	const char **names;
	const char *guess;
	size_t i;

	memset(&st, 0, sizeof(st));
	st.kind = t->kind == T_WORD ? PGS_SQL_WORD : PGS_SQL_QIDENT;
	st.p = t->p;
	st.len = t->len;
	if (pgs_sql_ident_value(&cc->str, &st, cc->err)) {
		char b[PGS_EXCERPT_SIZE(COND_SHOW) + 32];

		if (cc->err->code == PGS_ENOMEM)
			return -1;
		return fail(cc, "%s is not a valid column name",
			    shown(b, sizeof(b), t));
	}
	for (i = 0; i < cc->env->ncols; i++)
		if (strcmp(cc->env->cols[i].name, cc->str.data) == 0) {
			*col = i;
			return 0;
		}
	fail(cc, "unknown column \"%s\"", cc->str.data);
	names = calloc(cc->env->ncols + 1, sizeof(*names));
	if (!names)
		return -1;
	for (i = 0; i < cc->env->ncols; i++)
		names[i] = cc->env->cols[i].name;
	guess = pgs_suggest(cc->str.data, names);
	if (guess)
		pgs_error_hint(cc->err, "did you mean \"%s\"?", guess);
	else if (t->kind == T_WORD)
		pgs_error_hint(cc->err, "bare names are folded to lower case; "
			       "quote a name that has capitals: \"Name\"");
	free(names);
	return -1;
}

/* sample(PERCENT[, col, ...]); the word sample is at cc->i. */
static int parse_sample(struct cc *cc, struct term *out)
{
	const struct tok *t;
	struct node *n;
	char buf[64];
	double pct;
	size_t i;

	cc->i += 2;   /* sample ( */
	t = peek(cc);
	if (t->kind != T_NUMBER || t->len >= sizeof(buf))
		return expected(cc, "a percentage (0 to 100) in sample(...)");
	memcpy(buf, t->p, t->len);
	buf[t->len] = '\0';
	if (float_parse(&pct, buf, t->len, 0) || isnan(pct) || pct < 0 ||
	    pct > 100) {
		fail(cc, "sample(%s): the percentage must be a number from 0 "
		     "to 100", buf);
		return pgs_error_hint(cc->err, "as in sample(10) for about "
				      "10%% of the rows");
	}
	cc->i++;
	n = new_node(cc, N_SAMPLE);
	if (!n)
		return -1;
	out->n = n;
	n->threshold = (uint64_t)llround(pct * 10000.0);
	while (peek(cc)->kind == T_COMMA) {
		size_t col, *nc;

		cc->i++;
		t = peek(cc);
		if (t->kind != T_WORD && t->kind != T_QIDENT)
			return expected(cc, "a column name in sample(...)");
		if (lookup_col(cc, t, &col))
			return -1;
		cc->i++;
		nc = realloc(n->scols, (n->nscols + 1) * sizeof(*nc));
		if (!nc)
			return nomem(cc);
		n->scols = nc;
		n->scols[n->nscols++] = col;
	}
	if (peek(cc)->kind != T_RPAREN)
		return expected(cc, "',' or ')' in sample(...)");
	cc->i++;
	if (n->nscols == 0) {
		if (cc->env->npkey == 0) {
			fail(cc, "sample(%s) needs columns: the table has no "
			     "primary key", buf);
			return pgs_error_hint(cc->err, "name the columns whose "
					      "values are sampled, as in "
					      "sample(%s, id)", buf);
		}
		n->scols = malloc(cc->env->npkey * sizeof(*n->scols));
		if (!n->scols)
			return nomem(cc);
		for (i = 0; i < cc->env->npkey; i++) {
			if (cc->env->pkey[i] >= cc->env->ncols)
				return fail(cc, "internal: primary key column "
					    "%zu out of range", cc->env->pkey[i]);
			n->scols[i] = cc->env->pkey[i];
		}
		n->nscols = cc->env->npkey;
	}
	for (i = 0; i < n->nscols; i++)
		if (use_col(cc, n->scols[i], 0))
			return -1;
	if (!cc->env->master_key) {
		fail(cc, "sample() needs a key");
		return pgs_error_hint(cc->err, "set secret_env, secret_file, "
				      "or secret = random for a fresh sample "
				      "each run, in [pgscrub]");
	}
	if (!cc->c->uses_sample)
		pgs_keyed_subkey(cc->c->subkey, cc->env->master_key, "sample");
	cc->c->uses_sample = 1;
	return 0;
}

/* A column, a literal, sample(...) or a parenthesised condition. */
static int parse_primary(struct cc *cc, struct term *out)
{
	const struct tok *t = peek(cc), *nx;
	char b[PGS_EXCERPT_SIZE(COND_SHOW) + 32];
	struct pgs_sql_token st;

	memset(out, 0, sizeof(*out));
	out->o.at = t;
	nx = t->kind == T_END ? t : &cc->t[cc->i + 1];
	switch (t->kind) {
	case T_LPAREN:
		if (++cc->depth > COND_DEPTH_MAX)
			return fail(cc, "the condition is nested more than %d "
				    "levels deep", COND_DEPTH_MAX);
		if (is_kw(nx, "select") || is_kw(nx, "with") ||
		    is_kw(nx, "values"))
			return fail(cc, "subqueries are not supported");
		cc->i++;
		if (parse_or(cc, out))
			return -1;
		if (peek(cc)->kind != T_RPAREN)
			return expected(cc, "')'");
		cc->i++;
		cc->depth--;
		return 0;
	case T_QIDENT:
		cc->i++;
		out->o.type = O_COL;
		return lookup_col(cc, t, &out->o.col);
	case T_WORD:
		if (nx->kind == T_LPAREN) {
			if (eq_nocase(t->p, t->len, "sample"))
				return parse_sample(cc, out);
			fail(cc, "functions other than sample() are not "
			     "supported: %s(...)", shown(b, sizeof(b), t));
			return pgs_error_hint(cc->err, "a condition compares "
					      "columns with literals: LIKE, "
					      "ILIKE and ~ cover most uses of "
					      "functions");
		}
		if (nx->kind == T_STRING)
			return fail(cc, "typed literals such as %s '...' are "
				    "not supported: write the literal alone, "
				    "the column's type applies",
				    shown(b, sizeof(b), t));
		if (nx->kind == T_OTHER && nx->len == 1 && nx->p[0] == '.')
			return fail(cc, "qualified names (%s followed by '.') "
				    "are not supported: a condition reads its "
				    "own table's columns",
				    shown(b, sizeof(b), t));
		cc->i++;
		if (eq_nocase(t->p, t->len, "true")) {
			out->o.type = O_TRUE;
			return 0;
		}
		if (eq_nocase(t->p, t->len, "false")) {
			out->o.type = O_FALSE;
			return 0;
		}
		if (eq_nocase(t->p, t->len, "null")) {
			out->o.type = O_NULL;
			return 0;
		}
		{
			static const char *const reserved[] = {
				"and", "or", "not", "is", "in", "like",
				"ilike", "between", "case", "when", "then",
				"else", "end", "select", "exists", "any",
				"all", "some", "similar", "escape", NULL };
			size_t k;

			for (k = 0; reserved[k]; k++)
				if (eq_nocase(t->p, t->len, reserved[k])) {
					cc->i--;
					if (strcmp(reserved[k], "case") == 0 ||
					    strcmp(reserved[k], "select") == 0 ||
					    strcmp(reserved[k], "exists") == 0)
						return fail(cc, "%s is not "
							    "supported in a "
							    "condition",
							    shown(b, sizeof(b), t));
					return expected(cc, "a column or a value");
				}
		}
		out->o.type = O_COL;
		return lookup_col(cc, t, &out->o.col);
	case T_STRING:
		if (t->p[0] != '\'') {
			fail(cc, "only plain '...' strings are supported, not "
			     "%s", shown(b, sizeof(b), t));
			return pgs_error_hint(cc->err, "write '' for a quote; a "
					      "backslash is an ordinary "
					      "character in '...'");
		}
		memset(&st, 0, sizeof(st));
		st.kind = PGS_SQL_STRING;
		st.p = t->p;
		st.off = 0;
		st.len = t->len;
		if (pgs_sql_string_value(&cc->str, t->p, t->len, &st, 1,
					 cc->err))
			return -1;
		out->o.type = O_STRING;
		out->o.len = cc->str.len;
		out->o.s = malloc(cc->str.len + 1);
		if (!out->o.s)
			return nomem(cc);
		memcpy(out->o.s, cc->str.data ? cc->str.data : "", cc->str.len);
		out->o.s[cc->str.len] = '\0';
		cc->i++;
		return 0;
	case T_OP:
		if ((is_op(t, "-") || is_op(t, "+")) && nx->kind == T_NUMBER) {
			cc->i++;
			t = nx;
		} else {
			return expected(cc, "a column or a value");
		}
		/* fall through */
	case T_NUMBER: {
		const struct tok *sign = t == nx ? &cc->t[cc->i - 1] : NULL;
		size_t k;

		for (k = 0; k < t->len; k++)
			if (!is_digit(t->p[k]) && t->p[k] != '.' &&
			    t->p[k] != 'e' && t->p[k] != 'E' &&
			    !((t->p[k] == '+' || t->p[k] == '-') && k &&
			      (t->p[k - 1] == 'e' || t->p[k - 1] == 'E')))
				return fail(cc, "%s is not a number this "
					    "condition language reads (write "
					    "digits, a point and e)",
					    shown(b, sizeof(b), t));
		out->o.type = O_NUMBER;
		out->o.s = malloc(t->len + 2);
		if (!out->o.s)
			return nomem(cc);
		k = 0;
		if (sign)
			out->o.s[k++] = sign->p[0];
		memcpy(out->o.s + k, t->p, t->len);
		out->o.len = k + t->len;
		out->o.s[out->o.len] = '\0';
		{
			struct dec d;
			char *own;

			if (dec_parse_owned(&d, &own, out->o.s, out->o.len, 0, 1, 1)) {
				free(own);
				return fail(cc, "%s is not a valid number",
					    shown(b, sizeof(b), t));
			}
			free(own);
		}
		cc->i++;
		return 0;
	}
	default:
		return expected(cc, "a column or a value");
	}
}

/* The column operand of an operator, or an error naming the operator. */
static int need_col(struct cc *cc, const struct term *t, const char *op)
{
	if (!t->n && t->o.type == O_COL)
		return 0;
	fail(cc, "%s needs a column on its left", op);
	return pgs_error_hint(cc->err, "conditions compare a column with "
			      "literals, as in email LIKE '%%@example.com'");
}

/* A literal operand (for IN, BETWEEN, a comparison's other side). */
static int need_lit(struct cc *cc, const struct term *t, const char *op)
{
	if (!t->n && t->o.type != O_COL)
		return 0;
	if (t->n)
		return fail(cc, "%s: expected a value, found a condition", op);
	fail(cc, "%s between two columns is not supported", op);
	return pgs_error_hint(cc->err, "compare a column with a literal");
}

static int add_lit(struct cc *cc, struct node *n, size_t col, enum cls cls,
		   const struct term *t)
{
	struct lit *nl = realloc(n->lits, (n->nlits + 1) * sizeof(*nl));

	if (!nl)
		return nomem(cc);
	n->lits = nl;
	memset(&n->lits[n->nlits], 0, sizeof(*nl));
	n->nlits++;
	return make_lit(cc, col, cls, &t->o, &n->lits[n->nlits - 1]);
}

/* Compile a PCRE2 pattern for ~ / ~*, with the anonymisers' limits. */
static int compile_regex(struct cc *cc, struct node *n, const char *pat,
			 size_t len, int caseless)
{
	uint32_t opts = caseless ? PCRE2_CASELESS : 0;
	PCRE2_SIZE off;
	int code;

	if (cc->utf8) {
		opts |= PCRE2_UTF;
#ifdef PCRE2_MATCH_INVALID_UTF
		opts |= PCRE2_MATCH_INVALID_UTF;
#endif
	}
	n->re = pcre2_compile((PCRE2_SPTR)pat, len, opts, &code, &off, NULL);
	if (!n->re) {
		PCRE2_UCHAR msg[256];

		if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", code);
		return fail(cc, "bad regular expression at offset %zu: %s",
			    (size_t)off, (const char *)msg);
	}
	n->md = pcre2_match_data_create_from_pattern(n->re, NULL);
	if (!n->md)
		return nomem(cc);
	if (!cc->c->mctx) {
		cc->c->mctx = pcre2_match_context_create(NULL);
		if (!cc->c->mctx)
			return nomem(cc);
		if (pcre2_set_match_limit(cc->c->mctx, PGS_REGEX_MATCH_LIMIT) ||
		    pcre2_set_depth_limit(cc->c->mctx, PGS_REGEX_DEPTH_LIMIT) ||
		    pcre2_set_heap_limit(cc->c->mctx, PGS_REGEX_HEAP_LIMIT_KIB))
			return fail(cc, "cannot set the matching limits");
	}
	if (pcre2_jit_compile(n->re, PCRE2_JIT_COMPLETE) == 0 &&
	    !cc->c->jit_stack) {
		cc->c->jit_stack = pcre2_jit_stack_create(32 * 1024,
							  PGS_REGEX_JIT_STACK_MAX,
							  NULL);
		if (cc->c->jit_stack)
			pcre2_jit_stack_assign(cc->c->mctx, NULL,
					       cc->c->jit_stack);
	}
	return 0;
}

/* LIKE, ILIKE, ~, ~* with the column in l, the pattern next. */
static int parse_match(struct cc *cc, struct term *l, int neg, int kind)
{
	static const char *const names[] = { "LIKE", "ILIKE", "~", "~*" };
	const char *op = names[kind];
	const struct tok *t;
	struct term r;
	struct node *n;
	enum cls cls;
	size_t i;

	if (need_col(cc, l, op) ||
	    col_cls(cc, l->o.col, op, 0, 1, &cls))
		return -1;
	if (enc_multibyte(cc->env->encoding ? cc->env->encoding : "UTF8") &&
	    !cc->utf8)
		return fail(cc, "%s is supported in UTF8 and single-byte "
			    "archives, not in %s ones", op, cc->env->encoding);
	t = peek(cc);
	if (t->kind != T_STRING)
		return expected(cc, kind < 2 ? "a '...' pattern after LIKE"
					     : "a '...' regular expression");
	if (parse_primary(cc, &r)) {
		term_release(&r);
		return -1;
	}
	if (r.o.type != O_STRING) {
		term_release(&r);
		return expected(cc, "a '...' pattern");
	}
	if (cc->utf8) {
		for (i = 0; i < r.o.len;) {
			size_t k = pgs_utf8_len((const unsigned char *)r.o.s + i,
						r.o.len - i);

			if (!k) {
				term_release(&r);
				return fail(cc, "the %s pattern is not valid "
					    "UTF-8", op);
			}
			i += k;
		}
	} else {
		for (i = 0; i < r.o.len; i++)
			if ((unsigned char)r.o.s[i] >= 0x80) {
				term_release(&r);
				return fail(cc, "the %s pattern has text "
					    "beyond ASCII, which cannot be "
					    "matched in a %s archive", op,
					    cc->env->encoding);
			}
	}
	n = new_node(cc, kind < 2 ? N_LIKE : N_REGEX);
	if (!n) {
		term_release(&r);
		return -1;
	}
	n->col = l->o.col;
	n->neg = neg;
	l->n = n;
	if (use_col(cc, n->col, cls)) {
		term_release(&r);
		return -1;
	}
	if (kind >= 2) {
		int rc = compile_regex(cc, n, r.o.s, r.o.len, kind == 3);

		term_release(&r);
		return rc;
	}
	/* like.c: "LIKE pattern must not end with escape character". */
	for (i = 0; i < r.o.len; i++)
		if (r.o.s[i] == '\\' && ++i == r.o.len) {
			term_release(&r);
			fail(cc, "the %s pattern ends with a backslash", op);
			return pgs_error_hint(cc->err, "a backslash makes the "
					      "next character literal: write "
					      "\\\\ for a backslash");
		}
	if (is_kw(peek(cc), "escape")) {
		term_release(&r);
		return fail(cc, "ESCAPE is not supported: the backslash is "
			    "the escape character");
	}
	n->lits = calloc(1, sizeof(*n->lits));
	if (!n->lits) {
		term_release(&r);
		return nomem(cc);
	}
	n->nlits = 1;
	n->ilike = kind == 1;
	if (n->ilike) {
		if (lower_into(&cc->str, r.o.s, r.o.len, cc->utf8, cc->err)) {
			term_release(&r);
			return -1;
		}
		n->lits[0].s = malloc(cc->str.len + 1);
		if (!n->lits[0].s) {
			term_release(&r);
			return nomem(cc);
		}
		memcpy(n->lits[0].s, cc->str.data ? cc->str.data : "",
		       cc->str.len);
		n->lits[0].slen = cc->str.len;
		n->lits[0].s[cc->str.len] = '\0';
		term_release(&r);
	} else {
		n->lits[0].s = r.o.s;
		n->lits[0].slen = r.o.len;
		r.o.s = NULL;
	}
	return 0;
}

/* An operand and what BETWEEN, IN, LIKE, ILIKE, ~ or ~* make of it. */
static int parse_pred(struct cc *cc, struct term *out)
{
	const struct tok *t;
	int neg = 0;
	char b[PGS_EXCERPT_SIZE(COND_SHOW) + 32];

	if (parse_primary(cc, out))
		return -1;
	t = peek(cc);
	if (is_kw(t, "not") && (is_kw(&cc->t[cc->i + 1], "between") ||
				is_kw(&cc->t[cc->i + 1], "in") ||
				is_kw(&cc->t[cc->i + 1], "like") ||
				is_kw(&cc->t[cc->i + 1], "ilike") ||
				is_kw(&cc->t[cc->i + 1], "similar"))) {
		neg = 1;
		cc->i++;
		t = peek(cc);
	}
	if (is_kw(t, "like") || is_kw(t, "ilike")) {
		cc->i++;
		return parse_match(cc, out, neg, is_kw(t, "ilike"));
	}
	if (is_op(t, "~") || is_op(t, "~*")) {
		cc->i++;
		return parse_match(cc, out, 0, is_op(t, "~") ? 2 : 3);
	}
	if (is_kw(t, "similar"))
		return fail(cc, "SIMILAR TO is not supported");
	if (is_kw(t, "between")) {
		struct term lo, hi;
		struct node *n;
		enum cls cls;
		int rc;

		cc->i++;
		if (need_col(cc, out, "BETWEEN") ||
		    col_cls(cc, out->o.col, "BETWEEN", 1, 0, &cls))
			return -1;
		if (is_kw(peek(cc), "symmetric") || is_kw(peek(cc), "asymmetric"))
			return fail(cc, "BETWEEN %s is not supported",
				    shown(b, sizeof(b), peek(cc)));
		if (parse_primary(cc, &lo)) {
			term_release(&lo);
			return -1;
		}
		if (!is_kw(peek(cc), "and")) {
			term_release(&lo);
			return expected(cc, "AND in BETWEEN ... AND ...");
		}
		cc->i++;
		if (parse_primary(cc, &hi)) {
			term_release(&lo);
			term_release(&hi);
			return -1;
		}
		n = new_node(cc, N_BETWEEN);
		rc = !n || need_lit(cc, &lo, "BETWEEN") ||
		     need_lit(cc, &hi, "BETWEEN") ? -1 : 0;
		if (n) {
			n->col = out->o.col;
			n->neg = neg;
			out->n = n;
		}
		if (!rc)
			rc = add_lit(cc, n, n->col, cls, &lo) ||
			     add_lit(cc, n, n->col, cls, &hi) ||
			     use_col(cc, n->col, cls) ? -1 : 0;
		term_release(&lo);
		term_release(&hi);
		return rc;
	}
	if (is_kw(t, "in")) {
		struct node *n;
		enum cls cls;

		cc->i++;
		if (need_col(cc, out, "IN") ||
		    col_cls(cc, out->o.col, "IN", 0, 0, &cls))
			return -1;
		if (peek(cc)->kind != T_LPAREN)
			return expected(cc, "'(' after IN");
		cc->i++;
		n = new_node(cc, N_IN);
		if (!n)
			return -1;
		n->col = out->o.col;
		n->neg = neg;
		out->n = n;
		if (use_col(cc, n->col, cls))
			return -1;
		for (;;) {
			struct term v;
			int rc;

			if (parse_primary(cc, &v)) {
				term_release(&v);
				return -1;
			}
			rc = need_lit(cc, &v, "IN") ||
			     add_lit(cc, n, n->col, cls, &v) ? -1 : 0;
			term_release(&v);
			if (rc)
				return -1;
			if (peek(cc)->kind == T_COMMA) {
				cc->i++;
				continue;
			}
			if (peek(cc)->kind != T_RPAREN)
				return expected(cc, "',' or ')' in IN (...)");
			cc->i++;
			return 0;
		}
	}
	if (neg)
		return expected(cc, "BETWEEN, IN, LIKE or ILIKE after NOT");
	if (t->kind == T_OTHER && t->len == 1 && t->p[0] == ':')
		return fail(cc, "casts (::) are not supported: the column's "
			    "type applies to the literal");
	if (t->kind == T_OTHER && t->len == 1 && t->p[0] == '[')
		return fail(cc, "array subscripts are not supported");
	return 0;
}

static int cmp_op(const struct tok *t, enum op *op)
{
	static const struct { const char *s; enum op op; } ops[] = {
		{ "=", OP_EQ }, { "<>", OP_NE }, { "!=", OP_NE },
		{ "<", OP_LT }, { "<=", OP_LE }, { ">", OP_GT },
		{ ">=", OP_GE } };
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (is_op(t, ops[i].s)) {
			*op = ops[i].op;
			return 1;
		}
	return 0;
}

/* pred [op pred]: one comparison (they do not chain, as in SQL). */
static int parse_cmp(struct cc *cc, struct term *out)
{
	static const enum op flip[] = { OP_EQ, OP_NE, OP_GT, OP_GE, OP_LT,
					OP_LE };
	const struct tok *t;
	struct term r;
	struct node *n;
	struct term *colt, *litt;
	enum cls cls;
	enum op op;
	char b[PGS_EXCERPT_SIZE(COND_SHOW) + 32], ops[8];
	int rc;

	if (parse_pred(cc, out))
		return -1;
	t = peek(cc);
	if (!cmp_op(t, &op)) {
		if (t->kind == T_OP) {
			fail(cc, "operator %s is not supported",
			     shown(b, sizeof(b), t));
			return pgs_error_hint(cc->err, "conditions use = <> != "
					      "< <= > >=, LIKE, ILIKE, ~ and "
					      "~*; no arithmetic");
		}
		return 0;
	}
	snprintf(ops, sizeof(ops), "%.*s", (int)t->len, t->p);
	cc->i++;
	if (parse_pred(cc, &r)) {
		term_release(&r);
		return -1;
	}
	if (out->n || r.n) {
		term_release(&r);
		fail(cc, "%s between conditions is not supported", ops);
		return pgs_error_hint(cc->err, "use IS TRUE / IS FALSE, or "
				      "AND, OR and NOT");
	}
	if (out->o.type == O_COL && r.o.type == O_COL) {
		term_release(&r);
		fail(cc, "comparing two columns (\"%s\" %s \"%s\") is not "
		     "supported", colname(cc, out->o.col), ops,
		     colname(cc, r.o.col));
		return pgs_error_hint(cc->err, "compare a column with a literal");
	}
	if (out->o.type != O_COL && r.o.type != O_COL) {
		term_release(&r);
		return fail(cc, "the comparison %s names no column", ops);
	}
	colt = out->o.type == O_COL ? out : &r;
	litt = colt == out ? &r : out;
	if (colt != out)
		op = flip[op];
	rc = col_cls(cc, colt->o.col, ops, op != OP_EQ && op != OP_NE, 0, &cls);
	if (!rc) {
		n = new_node(cc, N_CMP);
		if (!n) {
			rc = -1;
		} else {
			n->col = colt->o.col;
			n->op = op;
			rc = add_lit(cc, n, n->col, cls, litt) ||
			     use_col(cc, n->col, cls) ? -1 : 0;
		}
	} else {
		n = NULL;
	}
	term_release(&r);
	free(out->o.s);
	memset(out, 0, sizeof(*out));
	out->o.at = t;
	out->n = n;
	return rc;
}

/* cmp [IS [NOT] NULL/TRUE/FALSE/UNKNOWN]... */
static int parse_is(struct cc *cc, struct term *out)
{
	if (parse_cmp(cc, out))
		return -1;
	while (is_kw(peek(cc), "is")) {
		struct node *n;
		int neg = 0;

		cc->i++;
		if (is_kw(peek(cc), "not")) {
			neg = 1;
			cc->i++;
		}
		if (is_kw(peek(cc), "null") && !out->n &&
		    out->o.type == O_COL) {
			cc->i++;
			n = new_node(cc, N_ISNULL);
			if (!n)
				return -1;
			n->col = out->o.col;
			n->neg = neg;
			out->n = n;
			if (use_col(cc, n->col, 0))
				return -1;
			continue;
		}
		if (is_kw(peek(cc), "null") || is_kw(peek(cc), "true") ||
		    is_kw(peek(cc), "false") || is_kw(peek(cc), "unknown")) {
			const struct tok *t = peek(cc);
			struct node *a;

			if (!out->n && out->o.type != O_COL &&
			    is_kw(t, "null"))
				return fail(cc, "IS NULL needs a column or a "
					    "condition on its left");
			a = cond_node(cc, out);
			if (!a)
				return -1;
			cc->i++;
			n = new_node(cc, N_IS);
			if (!n) {
				node_free(a);
				return -1;
			}
			n->a = a;
			n->neg = neg;
			n->test = is_kw(t, "true") ? TV_TRUE :
				  is_kw(t, "false") ? TV_FALSE : TV_UNKNOWN;
			out->n = n;
			continue;
		}
		if (is_kw(peek(cc), "distinct"))
			return fail(cc, "IS DISTINCT FROM is not supported");
		return expected(cc, "NULL, TRUE, FALSE or UNKNOWN after IS");
	}
	return 0;
}

static int parse_not(struct cc *cc, struct term *out)
{
	if (is_kw(peek(cc), "not")) {
		struct term inner;
		struct node *n;

		/* out is released by the caller on failure too */
		memset(out, 0, sizeof(*out));
		memset(&inner, 0, sizeof(inner));
		if (++cc->depth > COND_DEPTH_MAX)
			return fail(cc, "the condition is nested more than %d "
				    "levels deep", COND_DEPTH_MAX);
		cc->i++;
		if (parse_not(cc, &inner)) {
			term_release(&inner);
			return -1;
		}
		cc->depth--;
		n = new_node(cc, N_NOT);
		if (!n || !(n->a = cond_node(cc, &inner))) {
			node_free(n);
			term_release(&inner);
			return -1;
		}
		term_release(&inner);
		out->n = n;
		return 0;
	}
	return parse_is(cc, out);
}

static int parse_bin(struct cc *cc, struct term *out, int or)
{
	const char *kw = or ? "or" : "and";

	if (or ? parse_bin(cc, out, 0) : parse_not(cc, out))
		return -1;
	while (is_kw(peek(cc), kw)) {
		struct term r;
		struct node *n, *a;
		int rc;

		a = cond_node(cc, out);
		if (!a)
			return -1;
		out->n = a;
		cc->i++;
		memset(&r, 0, sizeof(r));
		rc = or ? parse_bin(cc, &r, 0) : parse_not(cc, &r);
		n = rc ? NULL : new_node(cc, or ? N_OR : N_AND);
		if (!n || !(n->b = cond_node(cc, &r))) {
			node_free(n);
			term_release(&r);
			return -1;
		}
		term_release(&r);
		n->a = out->n;
		out->n = n;
	}
	return 0;
}

static int parse_or(struct cc *cc, struct term *out)
{
	return parse_bin(cc, out, 1);
}

/* sql_lex tokens to ours: operator characters merged as scan.l does. */
static int tokenize(struct cc *cc, const char *text, size_t len)
{
	struct pgs_sql_tokens tv = PGS_SQL_TOKENS_INIT;
	struct pgs_sql_lexer lx;
	struct pgs_error lerr;
	size_t i, cap;

	pgs_sql_lexer_init(&lx, text, len, 1);
	pgs_error_init(&lerr);
	if (pgs_sql_lex_all(&tv, &lx, &lerr)) {
		pgs_sql_tokens_release(&tv);
		if (!lx.why)
			return nomem(cc);
		return fail(cc, "%s at byte %zu of the condition", lx.why,
			    lx.why_off + 1);
	}
	cap = tv.n + 1;
	cc->t = calloc(cap, sizeof(*cc->t));
	if (!cc->t) {
		pgs_sql_tokens_release(&tv);
		return nomem(cc);
	}
	for (i = 0; i < tv.n; i++) {
		const struct pgs_sql_token *s = &tv.v[i];
		struct tok *t = &cc->t[cc->nt];

		t->p = s->p;
		t->len = s->len;
		switch (s->kind) {
		case PGS_SQL_END: t->kind = T_END; break;
		case PGS_SQL_WORD: t->kind = T_WORD; break;
		case PGS_SQL_QIDENT: t->kind = T_QIDENT; break;
		case PGS_SQL_STRING: t->kind = T_STRING; break;
		case PGS_SQL_NUMBER: t->kind = T_NUMBER; break;
		case PGS_SQL_LPAREN: t->kind = T_LPAREN; break;
		case PGS_SQL_RPAREN: t->kind = T_RPAREN; break;
		case PGS_SQL_COMMA: t->kind = T_COMMA; break;
		case PGS_SQL_OP: {
			size_t j = i, n, k;
			int special = 0;

			/* The run of operator characters with nothing
			 * between them. */
			while (j + 1 < tv.n && tv.v[j + 1].kind == PGS_SQL_OP &&
			       !tv.v[j + 1].gap &&
			       tv.v[j + 1].p == tv.v[j].p + tv.v[j].len)
				j++;
			n = (size_t)(tv.v[j].p + tv.v[j].len - s->p);
			for (k = 0; k < n; k++)
				if (strchr("~!@#^&|`?%", s->p[k]))
					special = 1;
			/* scan.l: a multi-character operator cannot end in
			 * + or - unless it holds one of those. */
			if (!special)
				while (n > 1 && (s->p[n - 1] == '+' ||
						 s->p[n - 1] == '-'))
					n--;
			t->kind = T_OP;
			t->len = n;
			/* Each lexer token is one character: skip those
			 * taken. */
			i += n - 1;
			break;
		}
		default:
			t->kind = T_OTHER;
			break;
		}
		cc->nt++;
		if (s->kind == PGS_SQL_END)
			break;
	}
	pgs_sql_tokens_release(&tv);
	return 0;
}

int pgs_cond_compile(struct pgs_cond **out, const char *text, size_t len,
		     const struct pgs_cond_env *env, struct pgs_error *err)
{
	struct cc cc;
	struct term t;
	struct pgs_cond *c;
	size_t i, k;
	int rc = -1;

	*out = NULL;
	memset(&cc, 0, sizeof(cc));
	cc.env = env;
	cc.err = err;
	cc.utf8 = !env->encoding || !env->encoding[0] ||
		  strcmp(env->encoding, "UTF8") == 0;
	/* Room for a string of the text lower-cased (ILIKE), which can be
	 * longer than the text: U+0130 (2 bytes) lower-cases to 3. */
	pgs_buf_init(&cc.str, len * 2 + 16);
	c = calloc(1, sizeof(*c));
	if (!c || (env->ncols && !(c->cols = calloc(env->ncols, sizeof(*c->cols))))) {
		free(c);
		pgs_buf_release(&cc.str);
		return nomem(&cc);
	}
	c->ncols = env->ncols;
	c->utf8 = cc.utf8;
	pgs_buf_init(&c->dec, COND_FIELD_MAX);
	pgs_buf_init(&c->low, COND_FIELD_MAX * 2);
	pgs_buf_init(&c->hash, (size_t)PGS_MAX_COPY_COLUMNS * 8 + COND_FIELD_MAX);
	pgs_buf_init(&c->digits, COND_FIELD_MAX);
	cc.c = c;
	memset(&t, 0, sizeof(t));
	if (tokenize(&cc, text ? text : "", text ? len : 0))
		goto out;
	if (cc.t[0].kind == T_END) {
		fail(&cc, "the condition is empty");
		goto out;
	}
	if (parse_or(&cc, &t))
		goto out;
	if (peek(&cc)->kind != T_END) {
		char b[PGS_EXCERPT_SIZE(COND_SHOW) + 32];
		const struct tok *x = peek(&cc);

		if (x->kind == T_RPAREN)
			fail(&cc, "unbalanced ')'");
		else if (x->kind == T_OP)
			fail(&cc, "operator %s is not supported here",
			     shown(b, sizeof(b), x));
		else
			fail(&cc, "unexpected %s after the condition",
			     shown(b, sizeof(b), x));
		goto out;
	}
	c->root = cond_node(&cc, &t);
	if (!c->root)
		goto out;
	for (i = 0; i < c->ncols; i++)
		c->nused += c->cols[i].used != 0;
	c->used = malloc((c->nused ? c->nused : 1) * sizeof(*c->used));
	if (!c->used) {
		nomem(&cc);
		goto out;
	}
	for (i = k = 0; i < c->ncols; i++)
		if (c->cols[i].used)
			c->used[k++] = i;
	rc = 0;
out:
	term_release(&t);
	free(cc.t);
	pgs_buf_release(&cc.str);
	if (rc) {
		pgs_cond_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

/* ---- evaluating -------------------------------------------------------------- */

static const char *cls_name(enum cls cls)
{
	switch (cls) {
	case CLS_DEC: return "number";
	case CLS_FLOAT4: case CLS_FLOAT8: return "floating-point number";
	case CLS_BOOL: return "boolean";
	case CLS_DATE: return "date";
	case CLS_TS: return "timestamp";
	case CLS_TSTZ: return "timestamp with time zone";
	case CLS_ENUM: return "label of its enum";
	default: return "value";
	}
}

static int bad_value(struct pgs_cond *c, size_t col, struct pgs_error *err)
{
	/* The value stays out of the message: messages end up in logs. */
	pgs_error_set(err, PGS_EINPUT, "column \"%s\": a value is not a valid "
		      "%s", c->cols[col].name, cls_name(c->cols[col].cls));
	return -1;
}

/* The decoded value of field col: 1 when NULL. */
static int field(struct pgs_cond *c, const struct pgs_slice *f, size_t col,
		 const char **p, size_t *n, struct pgs_error *err)
{
	const struct pgs_slice *s = &f[col];

	if (pgs_copy_is_null(s->p, s->len))
		return 1;
	if (!memchr(s->p, '\\', s->len)) {
		*p = s->p;
		*n = s->len;
		return 0;
	}
	pgs_buf_reset(&c->dec);
	if (pgs_copy_decode(&c->dec, s->p, s->len, err)) {
		if (err)
			pgs_error_where(err, "column \"%s\"", c->cols[col].name);
		return -1;
	}
	*p = c->dec.data;
	*n = c->dec.len;
	return 0;
}

/* The value of col compared with l: <0, 0, >0. */
static int value_cmp(struct pgs_cond *c, size_t col, const char *p, size_t n,
		     const struct lit *l, int *r, struct pgs_error *err)
{
	const struct cinfo *ci = &c->cols[col];

	switch (ci->cls) {
	case CLS_TEXT:
		*r = bytes_cmp(p, n, l->s, l->slen);
		return 0;
	case CLS_BPCHAR:
		*r = bytes_cmp(p, rtrim_len(p, n), l->s, l->slen);
		return 0;
	case CLS_UUID:
		*r = bytes_cmp(p, n, l->s, l->slen);
		return 0;
	case CLS_DEC: {
		struct dec d;

		if (dec_parse(&d, &c->digits, p, n, 1, 1, 0))
			return bad_value(c, col, err);
		d.digits = c->digits.data;
		*r = dec_cmp(&d, &l->d);
		return 0;
	}
	case CLS_FLOAT4:
	case CLS_FLOAT8: {
		double v;

		if (float_parse(&v, p, n, ci->cls == CLS_FLOAT4))
			return bad_value(c, col, err);
		*r = float_cmp(v, l->f);
		return 0;
	}
	case CLS_BOOL:
		if (n != 1 || (p[0] != 't' && p[0] != 'f'))
			return bad_value(c, col, err);
		*r = (p[0] == 't') - l->b;
		return 0;
	case CLS_DATE:
	case CLS_TS:
	case CLS_TSTZ: {
		long long v;

		if (time_parse(&v, p, n, ci->cls, 0))
			return bad_value(c, col, err);
		*r = (v > l->i) - (v < l->i);
		return 0;
	}
	case CLS_ENUM: {
		size_t i;

		if (!ci->nlabels) {
			*r = bytes_cmp(p, n, l->s, l->slen);
			return 0;
		}
		for (i = 0; i < ci->nlabels; i++)
			if (strlen(ci->labels[i]) == n &&
			    memcmp(ci->labels[i], p, n) == 0)
				break;
		if (i == ci->nlabels)
			return bad_value(c, col, err);
		*r = ((long long)i > l->i) - ((long long)i < l->i);
		return 0;
	}
	}
	return pgs_error_set(err, PGS_EINTERNAL, "condition: column \"%s\" "
			     "has no comparison", ci->name);
}

static int op_holds(enum op op, int r)
{
	switch (op) {
	case OP_EQ: return r == 0;
	case OP_NE: return r != 0;
	case OP_LT: return r < 0;
	case OP_LE: return r <= 0;
	case OP_GT: return r > 0;
	case OP_GE: return r >= 0;
	}
	return 0;
}

static int tv_not(int v)
{
	return v == TV_UNKNOWN ? v : !v;
}

static int eval_regex(struct pgs_cond *c, const struct node *nd,
		      const char *p, size_t n, struct pgs_error *err)
{
	int rc = pcre2_match(nd->re, (PCRE2_SPTR)p, n, 0, 0, nd->md, c->mctx);

	if (rc >= 0)
		return TV_TRUE;
	if (rc == PCRE2_ERROR_NOMATCH)
		return TV_FALSE;
	{
		PCRE2_UCHAR msg[256];

		if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", rc);
		pgs_error_set(err, rc == PCRE2_ERROR_MATCHLIMIT ||
				   rc == PCRE2_ERROR_DEPTHLIMIT ||
				   rc == PCRE2_ERROR_HEAPLIMIT ||
				   rc == PCRE2_ERROR_JIT_STACKLIMIT
				   ? PGS_ERULES : PGS_EINPUT,
			      "column \"%s\": matching the regular expression "
			      "failed: %s", c->cols[nd->col].name,
			      (const char *)msg);
		return pgs_error_hint(err, "the pattern backtracks too much on "
				      "this value: make it more specific "
				      "(anchors, possessive quantifiers such "
				      "as [0-9]++)");
	}
}

static int eval_sample(struct pgs_cond *c, const struct node *nd,
		       const struct pgs_slice *f, struct pgs_error *err)
{
	unsigned char h[16];
	uint64_t v;
	size_t i;

	pgs_buf_reset(&c->hash);
	for (i = 0; i < nd->nscols; i++) {
		unsigned char lenb[8];
		const char *p;
		size_t n;
		int rc = field(c, f, nd->scols[i], &p, &n, err);

		if (rc < 0)
			return -1;
		/* Each value after its length, NULL as a length no value
		 * has: no two lists of values hash the same input. */
		pgs_put64le(lenb, rc == 1 ? UINT64_MAX : (uint64_t)n);
		if (pgs_buf_add(&c->hash, lenb, 8, err) ||
		    (rc == 0 && pgs_buf_add(&c->hash, p, n, err)))
			return -1;
	}
	pgs_keyed_hash128(h, c->subkey, c->hash.data ? c->hash.data : "",
			  c->hash.len, 0);
	v = pgs_get64le(h);
	return v % COND_SAMPLE_SCALE < nd->threshold ? TV_TRUE : TV_FALSE;
}

static int eval(struct pgs_cond *c, const struct node *nd,
		const struct pgs_slice *f, struct pgs_error *err)
{
	const char *p = NULL;
	size_t n = 0, i;
	int a, b, rc, r;

	switch (nd->type) {
	case N_CONST:
		return nd->test;
	case N_AND:
		a = eval(c, nd->a, f, err);
		if (a < 0 || a == TV_FALSE)
			return a;
		b = eval(c, nd->b, f, err);
		if (b < 0 || b == TV_FALSE)
			return b;
		return a == TV_TRUE && b == TV_TRUE ? TV_TRUE : TV_UNKNOWN;
	case N_OR:
		a = eval(c, nd->a, f, err);
		if (a < 0 || a == TV_TRUE)
			return a;
		b = eval(c, nd->b, f, err);
		if (b < 0 || b == TV_TRUE)
			return b;
		return a == TV_FALSE && b == TV_FALSE ? TV_FALSE : TV_UNKNOWN;
	case N_NOT:
		a = eval(c, nd->a, f, err);
		return a < 0 ? a : tv_not(a);
	case N_IS:
		a = eval(c, nd->a, f, err);
		if (a < 0)
			return a;
		return (a == nd->test) != nd->neg ? TV_TRUE : TV_FALSE;
	case N_SAMPLE:
		return eval_sample(c, nd, f, err);
	case N_ISNULL:
		return pgs_copy_is_null(f[nd->col].p, f[nd->col].len) != nd->neg
		       ? TV_TRUE : TV_FALSE;
	default:
		break;
	}
	rc = field(c, f, nd->col, &p, &n, err);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return TV_UNKNOWN;
	switch (nd->type) {
	case N_BOOLCOL:
		if (n != 1 || (p[0] != 't' && p[0] != 'f'))
			return bad_value(c, nd->col, err);
		return p[0] == 't' ? TV_TRUE : TV_FALSE;
	case N_CMP:
		if (value_cmp(c, nd->col, p, n, &nd->lits[0], &r, err))
			return -1;
		return op_holds(nd->op, r) ? TV_TRUE : TV_FALSE;
	case N_BETWEEN:
		if (value_cmp(c, nd->col, p, n, &nd->lits[0], &r, err))
			return -1;
		a = r >= 0;
		if (a) {
			if (value_cmp(c, nd->col, p, n, &nd->lits[1], &r, err))
				return -1;
			a = r <= 0;
		}
		return a != nd->neg ? TV_TRUE : TV_FALSE;
	case N_IN:
		for (i = 0; i < nd->nlits; i++) {
			if (value_cmp(c, nd->col, p, n, &nd->lits[i], &r, err))
				return -1;
			if (r == 0)
				return nd->neg ? TV_FALSE : TV_TRUE;
		}
		return nd->neg ? TV_TRUE : TV_FALSE;
	case N_LIKE:
		if (nd->ilike) {
			if (lower_into(&c->low, p, n, c->utf8, err))
				return -1;
			p = c->low.data ? c->low.data : "";
			n = c->low.len;
		}
		a = like_match(p, n, nd->lits[0].s, nd->lits[0].slen, c->utf8);
		return a != nd->neg ? TV_TRUE : TV_FALSE;
	case N_REGEX:
		return eval_regex(c, nd, p, n, err);
	default:
		return pgs_error_set(err, PGS_EINTERNAL, "condition: unknown "
				     "node %d", (int)nd->type);
	}
}

int pgs_cond_eval(struct pgs_cond *c, const struct pgs_slice *fields,
		  struct pgs_error *err)
{
	int v = eval(c, c->root, fields, err);

	return v < 0 ? -1 : v == TV_TRUE;
}

size_t pgs_cond_ncolumns(const struct pgs_cond *c)
{
	return c->nused;
}

size_t pgs_cond_column(const struct pgs_cond *c, size_t i)
{
	assert(i < c->nused);
	return c->used[i];
}

int pgs_cond_uses_sample(const struct pgs_cond *c)
{
	return c->uses_sample;
}

/* ---- splitting case rules ---------------------------------------------------- */

static int word_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '$' ||
	       (unsigned char)ch >= 0x80;
}

size_t pgs_cond_span(const char *text, size_t len, const char *const *words,
		     size_t nwords)
{
	size_t i = 0, w, depth = 0;

	while (i < len) {
		char ch = text[i];

		if (ch == '\'' || ch == '"') {
			/* To the closing quote; a doubled one stays inside. */
			for (i++; i < len; i++)
				if (text[i] == ch) {
					if (i + 1 < len && text[i + 1] == ch)
						i++;
					else
						break;
				}
			i++;
			continue;
		}
		if (ch == '(') {
			depth++;
			i++;
			continue;
		}
		if (ch == ')') {
			if (depth)
				depth--;
			i++;
			continue;
		}
		if (!word_char(ch)) {
			i++;
			continue;
		}
		/* A word starts here: test it, then skip it whole. */
		if (depth == 0)
			for (w = 0; w < nwords; w++) {
				size_t wl = strlen(words[w]);

				if (wl <= len - i &&
				    eq_nocase(text + i, wl, words[w]) &&
				    (i + wl == len || !word_char(text[i + wl])))
					return i;
			}
		while (i < len && word_char(text[i]))
			i++;
	}
	return len;
}
