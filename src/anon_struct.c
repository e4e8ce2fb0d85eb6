/*
 * anon_struct.c — anonymisers that understand the structure of a value:
 * date_shift, int_range, noise, json, hstore and regex_replace
 * (anon_impl.h).
 *
 * Values arrive as the server's output functions print them with pg_dump's
 * settings (DateStyle ISO, extra_float_digits 3 or the shortest exact
 * float form): date_out/timestamp_out/timestamptz_out, int2/4/8out,
 * numeric_out, float4/8out, json_out/jsonb_out, hstore_out.  Each apply
 * parses that text, changes the part it owns and writes the rest back as it
 * was, so the server reads the result with the same input function.
 *
 * Nothing here allocates per value: parsing works on the value in place and
 * the anonymisers' scratch buffers (tmp1..tmp3) are reset, not freed.
 */
#include "pgscrub/anon_impl.h"
#include "pgscrub/bytes.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "pgscrub/keyed.h"

/* ---- shared helpers ----------------------------------------------------- */

/* Decimal digits of v into dst (at least 21 bytes); returns the length. */
static size_t fmt_ll(char *dst, long long v)
{
	char tmp[24];
	size_t n = 0, k = 0;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v
				     : (unsigned long long)v;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		dst[k++] = '-';
	while (n)
		dst[k++] = tmp[--n];
	dst[k] = '\0';
	return k;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* An expression for a sub-anonymiser written as a bare word ("digits") or
 * as NAME(...). */
static int sub_compile(struct pgs_anon **out, const struct pgs_arg *a,
		       const struct pgs_anon *parent, struct pgs_error *err)
{
	struct pgs_expr word;

	if (a->type == PGS_ARG_EXPR)
		return pgs_anon_compile_sub(out, a->expr, parent, err);
	memset(&word, 0, sizeof(word));
	word.name = a->str;
	return pgs_anon_compile_sub(out, &word, parent, err);
}

/* ---- date_shift --------------------------------------------------------- */

/*
 * Days since 1970-01-01 of a proleptic Gregorian date with an astronomical
 * year (1 BC is year 0, 2 BC is -1), as PostgreSQL's date2j counts them
 * (Howard Hinnant's days_from_civil, valid for any int64 year range we use).
 */
static long long days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, long long *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(long long y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dm[m - 1];
}

/*
 * The server's ranges (datatype/timestamp.h): dates from 4714-11-24 BC (Julian
 * day 0) to 5874897-12-31, timestamps to 294276-12-31.  A shift that would
 * leave them goes the other way, so the server can always read the result.
 */
#define PGS_DATE_MIN_DAYS (-2440588LL)     /* 4714-11-24 BC */
#define PGS_DATE_MAX_DAYS 2145042905LL     /* 5874897-12-31 */
#define PGS_TS_MAX_DAYS 106762939LL        /* 294276-12-31 */

static int two_digits(const char *v, size_t n, size_t i, int *out)
{
	if (i + 2 > n || !is_digit(v[i]) || !is_digit(v[i + 1]))
		return -1;
	*out = (v[i] - '0') * 10 + (v[i + 1] - '0');
	return 0;
}

/*
 * Time of day and zone as timestamp_out/timestamptz_out write them with
 * DateStyle ISO: " HH:MM:SS[.ffffff][+HH[:MM[:SS]]]" (the zone's minutes
 * and seconds only when not zero: +05:30, -03:30:45, LMT offsets).
 */
static int time_valid(const char *v, size_t i, size_t end)
{
	int h, mi, s;

	if (i >= end || v[i] != ' ')
		return 0;
	i++;
	if (two_digits(v, end, i, &h) || i + 2 >= end || v[i + 2] != ':' ||
	    two_digits(v, end, i + 3, &mi) || i + 5 >= end || v[i + 5] != ':' ||
	    two_digits(v, end, i + 6, &s) || h > 24 || mi > 59 || s > 60)
		return 0;
	i += 8;
	if (i < end && v[i] == '.') {
		size_t start = ++i;

		while (i < end && is_digit(v[i]))
			i++;
		if (i == start)
			return 0;
	}
	if (i < end && (v[i] == '+' || v[i] == '-')) {
		int part, x;

		i++;
		for (part = 0; part < 3; part++) {
			if (part && (i >= end || v[i] != ':'))
				break;
			if (part)
				i++;
			if (two_digits(v, end, i, &x) || x > 59)
				return 0;
			i += 2;
		}
	}
	return i == end;
}

struct pgs_date_text {
	long long y;        /* astronomical */
	int m, d;
	size_t date_end;    /* after DD */
	size_t rest_end;    /* before " BC", or the end */
};

static int date_parse(struct pgs_date_text *t, const char *v, size_t n)
{
	size_t i = 0;
	long long year = 0;
	int bc = 0;

	while (i < n && is_digit(v[i]) && i < 9)
		year = year * 10 + (v[i++] - '0');
	if (i == 0 || i >= n || v[i] != '-' || two_digits(v, n, i + 1, &t->m) ||
	    i + 3 >= n || v[i + 3] != '-' || two_digits(v, n, i + 4, &t->d))
		return -1;
	t->date_end = i + 6;
	t->rest_end = n;
	if (n - t->date_end >= 3 && memcmp(v + n - 3, " BC", 3) == 0) {
		bc = 1;
		t->rest_end = n - 3;
	}
	if (t->rest_end != t->date_end &&
	    !time_valid(v, t->date_end, t->rest_end))
		return -1;
	if (year < 1 || t->m < 1 || t->m > 12)
		return -1;
	t->y = bc ? 1 - year : year;
	if (t->d < 1 || t->d > days_in_month(t->y, t->m))
		return -1;
	return 0;
}

static int date_shift_compile(struct pgs_anon *an, const struct pgs_expr *e,
			      struct pgs_error *err)
{
	static const char *const keys[] = { "days", NULL };
	const struct pgs_arg *a;

	if (pgs_anon_check_args(an, e, keys, 1, err))
		return -1;
	a = pgs_anon_arg(e, "days", 0);
	if (!a) {
		pgs_error_set(err, PGS_ERULES,
			      "date_shift needs days=N, the most days a date may move");
		return pgs_error_hint(err, "write it as date_shift(days=N) with N "
				      "from 1 to 36500, as in date_shift(days=30)");
	}
	return pgs_anon_int_arg(&an->n1, an, a, 1, 36500, err);
}

static int date_shift_apply(struct pgs_anon *an, struct pgs_buf *out,
			    const char *val, size_t len, struct pgs_error *err)
{
	struct pgs_date_text t;
	long long n = an->n1, off, days, max, y, year;
	uint64_t pick;
	char buf[40], yd[24];
	size_t k, yl;
	int m, d;

	if ((len == 8 && memcmp(val, "infinity", 8) == 0) ||
	    (len == 9 && memcmp(val, "-infinity", 9) == 0))
		return pgs_buf_add(out, val, len, err);
	/* The value stays out of the message: messages end up in logs, and
	 * the caller names the row and column. */
	if (date_parse(&t, val, len))
		return pgs_error_set(err, PGS_EINPUT,
				     "date_shift: cannot read the value (%zu bytes) "
				     "as a date", len);
	pick = pgs_keyed_pick(pgs_keyed_hash64(an->key, val, len, 0),
			      (uint64_t)(2 * n));
	/* [0, 2N) onto -N..-1, 1..N. */
	off = pick < (uint64_t)n ? (long long)pick - n : (long long)pick - n + 1;
	days = days_from_civil(t.y, t.m, t.d);
	/* A time of day makes it a timestamp, with the smaller range. */
	max = t.rest_end != t.date_end ? PGS_TS_MAX_DAYS : PGS_DATE_MAX_DAYS;
	if (days + off < PGS_DATE_MIN_DAYS || days + off > max)
		off = -off;
	civil_from_days(days + off, &y, &m, &d);
	/* date_out: the year zero-padded to four digits, BC years counted
	 * from 1 with a " BC" suffix.  Written by hand: snprintf took half
	 * the time of a value. */
	year = y > 0 ? y : 1 - y;
	yl = fmt_ll(yd, year);
	for (k = 0; k + yl < 4; k++)
		buf[k] = '0';
	memcpy(buf + k, yd, yl);
	k += yl;
	buf[k++] = '-';
	buf[k++] = (char)('0' + m / 10);
	buf[k++] = (char)('0' + m % 10);
	buf[k++] = '-';
	buf[k++] = (char)('0' + d / 10);
	buf[k++] = (char)('0' + d % 10);
	if (pgs_buf_add(out, buf, k, err) ||
	    pgs_buf_add(out, val + t.date_end, t.rest_end - t.date_end, err))
		return -1;
	if (y <= 0)
		return pgs_buf_add(out, " BC", 3, err);
	return 0;
}

/*
 * date_shift(days=N): date, timestamp and timestamptz values as DateStyle
 * ISO prints them ("2024-02-29", "0044-03-15 BC", "2024-02-29 13:45:00.5+05:30").
 * The date moves by a keyed offset in [-N, N] that is never 0, chosen from
 * the whole value text, so the same value moves the same way in every table
 * and run; time of day and zone are written back as they were.  Proleptic
 * Gregorian calendar across the BC boundary, as the server counts.
 * "infinity" and "-infinity" are kept.  Not injective.
 */
static const struct pgs_anon_def def_date_shift = {
	"date_shift", PGS_ANON_KEYED,
	PGS_TYPE_BIT(PGS_TYPE_DATE) | PGS_TYPE_BIT(PGS_TYPE_TIMESTAMP) |
		PGS_TYPE_BIT(PGS_TYPE_TIMESTAMPTZ),
	"date_shift(days=N)",
	date_shift_compile, NULL, date_shift_apply, NULL,
	"the date moved by a keyed 1 to N days either way; time kept",
	NULL
};

/* ---- int_range ---------------------------------------------------------- */

static int int_range_compile(struct pgs_anon *an, const struct pgs_expr *e,
			     struct pgs_error *err)
{
	static const char *const keys[] = { "min", "max", NULL };
	const struct pgs_arg *lo, *hi;

	if (pgs_anon_check_args(an, e, keys, 2, err))
		return -1;
	lo = pgs_anon_arg(e, "min", 0);
	hi = pgs_anon_arg(e, "max", 1);
	if (!lo || !hi) {
		pgs_error_set(err, PGS_ERULES, "int_range needs min and max");
		return pgs_error_hint(err, "write it as int_range(min, max), as in "
				      "int_range(18, 99)");
	}
	if (pgs_anon_int_arg(&an->n1, an, lo, LLONG_MIN, LLONG_MAX, err) ||
	    pgs_anon_int_arg(&an->n2, an, hi, LLONG_MIN, LLONG_MAX, err))
		return -1;
	if (an->n1 > an->n2)
		return pgs_error_set(err, PGS_ERULES,
				     "int_range: min %lld is greater than max %lld",
				     an->n1, an->n2);
	return 0;
}

/*
 * The range must be writable to the column: within smallint/integer, within
 * numeric(p,s)'s p-s integer digits, and short enough for varchar(n).
 */
static int int_range_fit(struct pgs_anon *an, struct pgs_error *err)
{
	const char *type = an->col ? pgs_type_name(&an->col->type) : "text";
	long long lo = LLONG_MIN, hi = LLONG_MAX;
	char a[24], b[24];
	size_t la, lb, need;

	switch (an->kind) {
	case PGS_TYPE_INT2:
		lo = -32768;
		hi = 32767;
		break;
	case PGS_TYPE_INT4:
		lo = INT32_MIN;
		hi = INT32_MAX;
		break;
	case PGS_TYPE_NUMERIC:
		if (an->col && an->col->type.precision >= 0) {
			/* numeric(p,s) holds |v| < 10^(p-s).  A scale of -1 is
			 * "not given" (0) in schema.h, even though PostgreSQL
			 * 15+ allows a real -1: taking it as 0 is the
			 * stricter reading. */
			int scale = an->col->type.scale == -1 ? 0 : an->col->type.scale;
			int digits = an->col->type.precision - scale;

			if (digits <= 0) {
				lo = hi = 0;
			} else if (digits < 19) {
				int i;

				hi = 1;
				for (i = 0; i < digits; i++)
					hi *= 10;
				hi -= 1;
				lo = -hi;
			}
			if (an->n1 < lo || an->n2 > hi)
				return pgs_error_set(err, PGS_ECOVERAGE,
						     "int_range(%lld, %lld) does not fit %s, "
						     "which holds at most %d digits before "
						     "the decimal point", an->n1, an->n2,
						     type, digits > 0 ? digits : 0);
		}
		return 0;
	default:
		break;
	}
	if (an->n1 < lo || an->n2 > hi) {
		pgs_error_set(err, PGS_ECOVERAGE,
			      "int_range(%lld, %lld) does not fit %s, which "
			      "holds %lld to %lld", an->n1, an->n2, type, lo, hi);
		return pgs_error_hint(err, "narrow the range");
	}
	if (an->max_chars < 0 || !(PGS_TYPES_TEXT & PGS_TYPE_BIT(an->kind)))
		return 0;
	/* The longest output is one of the ends: digits grow with |v|. */
	la = fmt_ll(a, an->n1);
	lb = fmt_ll(b, an->n2);
	need = la > lb ? la : lb;
	if (need > (size_t)an->max_chars)
		return pgs_error_set(err, PGS_ECOVERAGE,
				     "int_range(%lld, %lld) needs %zu characters, "
				     "and the column is %s", an->n1, an->n2,
				     need, type);
	return 0;
}

static int int_range_apply(struct pgs_anon *an, struct pgs_buf *out,
			   const char *val, size_t len, struct pgs_error *err)
{
	uint64_t h = pgs_keyed_hash64(an->key, val, len, 0);
	uint64_t span = (uint64_t)an->n2 - (uint64_t)an->n1 + 1;
	char buf[24];
	long long v;

	/* span 0: the whole int64 range, every hash value is a choice. */
	if (span)
		h = pgs_keyed_pick(h, span);
	v = (long long)((uint64_t)an->n1 + h);
	return pgs_buf_add(out, buf, fmt_ll(buf, v), err);
}

/*
 * int_range(min, max): an integer in [min, max], an unbiased keyed choice
 * from the value's text (the same value gives the same integer in every
 * table and run).  For integer, numeric, float and text columns.  Not
 * injective.
 */
static const struct pgs_anon_def def_int_range = {
	"int_range", PGS_ANON_KEYED, PGS_TYPES_NUMBER | PGS_TYPES_TEXT,
	"int_range(min, max)",
	int_range_compile, int_range_fit, int_range_apply, NULL,
	"a keyed integer in [min, max]",
	NULL
};

/* ---- noise -------------------------------------------------------------- */

static int noise_compile(struct pgs_anon *an, const struct pgs_expr *e,
			 struct pgs_error *err)
{
	static const char *const keys[] = { "percent", NULL };
	const struct pgs_arg *a;
	char *end;
	double p, t;
	long long digits = 0;

	if (pgs_anon_check_args(an, e, keys, 1, err))
		return -1;
	a = pgs_anon_arg(e, "percent", 0);
	if (!a) {
		pgs_error_set(err, PGS_ERULES, "noise needs percent=N");
		return pgs_error_hint(err, "write it as noise(percent=N) with N "
				      "above 0 and at most 100, as in "
				      "noise(percent=10)");
	}
	errno = 0;
	p = a->type == PGS_ARG_NUMBER ? strtod(a->str, &end) : 0;
	if (a->type != PGS_ARG_NUMBER || errno || *end != '\0' || !(p > 0) ||
	    p > 100) {
		pgs_error_set(err, PGS_ERULES,
			      "noise: percent must be above 0 and at most 100, not %s",
			      a->str ? a->str : "?");
		return pgs_error_hint(err, "write it as noise(percent=N), as in "
				      "noise(percent=10)");
	}
	an->x1 = p / 100;
	/* Floats: enough significant digits to show the noise (two more
	 * than its first digit), counted without libm. */
	for (t = an->x1; t < 1 && digits < 17; t *= 10)
		digits++;
	an->n1 = digits + 2;
	return 0;
}

/* The factor's r in [-percent, +percent] from the value's keyed hash. */
static long double noise_r(const struct pgs_anon *an, const char *val,
			   size_t len)
{
	uint64_t h = pgs_keyed_hash64(an->key, val, len, 0);
	long double u = (long double)(h >> 11) * 0x1p-53L;

	return (2 * u - 1) * (long double)an->x1;
}

static int noise_bad(const char *val, size_t len, struct pgs_error *err)
{
	(void)val;
	return pgs_error_set(err, PGS_EINPUT,
			     "noise: cannot read the value (%zu bytes) as a "
			     "number", len);
}

/* smallint, integer, bigint: rounded half away from zero, clamped. */
static int noise_int(struct pgs_anon *an, struct pgs_buf *out, const char *val,
		     size_t len, struct pgs_error *err)
{
	long long lo = LLONG_MIN, hi = LLONG_MAX, v = 0, res;
	long double f;
	size_t i = 0;
	int neg = 0;
	char buf[24];

	if (an->kind == PGS_TYPE_INT2) {
		lo = -32768;
		hi = 32767;
	} else if (an->kind == PGS_TYPE_INT4) {
		lo = INT32_MIN;
		hi = INT32_MAX;
	}
	if (i < len && (val[i] == '-' || val[i] == '+'))
		neg = val[i++] == '-';
	if (i == len)
		return noise_bad(val, len, err);
	for (; i < len; i++) {
		int dgt = val[i] - '0';

		if (!is_digit(val[i]))
			return noise_bad(val, len, err);
		/* Accumulate negatively: LLONG_MIN has no positive twin. */
		if (v < (LLONG_MIN + dgt) / 10)
			return noise_bad(val, len, err);
		v = v * 10 - dgt;
	}
	if (!neg) {
		if (v == LLONG_MIN)
			return noise_bad(val, len, err);
		v = -v;
	}
	/* long double holds every int64 exactly on x86-64 and aarch64. */
	f = (long double)v * (1 + noise_r(an, val, len));
	f += f >= 0 ? 0.5L : -0.5L;
	if (f >= (long double)hi)
		res = hi;
	else if (f <= (long double)lo)
		res = lo;
	else
		res = (long long)f;
	return pgs_buf_add(out, buf, fmt_ll(buf, res), err);
}

/* real and double precision, and numbers with an exponent in JSON. */
static int noise_float(struct pgs_anon *an, struct pgs_buf *out,
		       const char *val, size_t len, struct pgs_error *err)
{
	int is4 = an->kind == PGS_TYPE_FLOAT4;
	int maxp = is4 ? FLT_DECIMAL_DIG : DBL_DECIMAL_DIG;
	int sig = 0, p, seen_nonzero = 0, in_exp = 0, digits = 0;
	double d, res;
	char buf[64];
	char *end;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = val[i];

		if (is_digit(c)) {
			digits++;
			if (!in_exp && (c != '0' || seen_nonzero)) {
				seen_nonzero = 1;
				sig++;
			}
		} else if (c == 'e' || c == 'E') {
			in_exp = 1;
		} else if (c != '.' && c != '-' && c != '+') {
			return noise_bad(val, len, err);
		}
	}
	if (!digits)
		return noise_bad(val, len, err);
	pgs_buf_reset(&an->tmp1);
	if (pgs_buf_add(&an->tmp1, val, len, err))
		return -1;
	/* strtod reads '.' as the point: the library never sets a locale. */
	errno = 0;
	d = strtod(an->tmp1.data, &end);
	if (*end != '\0' || !isfinite(d))
		return noise_bad(val, len, err);
	res = (double)((long double)d * (1 + noise_r(an, val, len)));
	if (is4) {
		float f = (float)res;

		if (!isfinite(f))
			f = res > 0 ? FLT_MAX : -FLT_MAX;
		res = f;
	} else if (!isfinite(res)) {
		res = d > 0 ? DBL_MAX : -DBL_MAX;
	}
	/* As many significant digits as the input had (at least enough to
	 * show the noise), more only when fewer would not read back as a
	 * finite non-zero number of the type (float4in/float8in refuse
	 * overflow and underflow to zero). */
	p = sig > (int)an->n1 ? sig : (int)an->n1;
	if (p > maxp)
		p = maxp;
	for (;; p++) {
		double back;

		snprintf(buf, sizeof(buf), "%.*g", p, res);
		back = is4 ? (double)strtof(buf, NULL) : strtod(buf, NULL);
		if (p >= maxp || (isfinite(back) && (res == 0 || back != 0)))
			break;
	}
	return pgs_buf_adds(out, buf, err);
}

/*
 * numeric, and numbers in text: decimal arithmetic on the leading 18
 * significant digits, so any magnitude works and the result keeps the
 * input's number of decimal places.
 */
static int noise_decimal(struct pgs_anon *an, struct pgs_buf *out,
			 const char *val, size_t len, struct pgs_error *err)
{
	const char *ip, *fp = NULL;
	size_t i = 0, il, fl = 0, k, sig = 0, dropped = 0, L, D, mlen;
	unsigned long long mant = 0, res;
	long double f;
	char mbuf[24];
	int neg = 0, over = 0;

	if (i < len && (val[i] == '-' || val[i] == '+'))
		neg = val[i++] == '-';
	ip = val + i;
	while (i < len && is_digit(val[i]))
		i++;
	il = (size_t)(val + i - ip);
	if (i < len && val[i] == '.') {
		fp = val + ++i;
		while (i < len && is_digit(val[i]))
			i++;
		fl = (size_t)(val + i - fp);
	}
	if (i < len && (val[i] == 'e' || val[i] == 'E') && il + fl)
		return noise_float(an, out, val, len, err);
	if (i != len || il + fl == 0)
		return noise_bad(val, len, err);
	D = fl;
	for (k = 0; k < il + fl; k++) {
		char c = k < il ? ip[k] : fp[k - il];

		if (!sig && c == '0')
			continue;
		if (sig < 18) {
			mant = mant * 10 + (unsigned long long)(c - '0');
			sig++;
		} else {
			dropped++;
		}
	}
	if (mant == 0)   /* zero stays zero, written as it was */
		return pgs_buf_add(out, val, len, err);
	f = (long double)mant * (1 + noise_r(an, val, len)) + 0.5L;
	res = (unsigned long long)f;   /* < 2e18: mant < 1e18, factor <= 2 */
	if (res == 0) {
		/* Rounded to nothing: zero with the input's places, no sign. */
		if (pgs_buf_addc(out, '0', err) ||
		    (D && pgs_buf_addc(out, '.', err)))
			return -1;
		for (k = 0; k < D; k++)
			if (pgs_buf_addc(out, '0', err))
				return -1;
		return 0;
	}
	mlen = fmt_ll(mbuf, (long long)res);
	L = mlen + dropped;   /* digits of the result before the point shift */
	if (an->col && an->kind == PGS_TYPE_NUMERIC &&
	    an->col->type.precision >= 0) {
		/* numeric(p,s) holds |v| <= (10^p - 1) * 10^-s. */
		int prec = an->col->type.precision;
		int scale = an->col->type.scale == -1 ? 0 : an->col->type.scale;

		if ((long long)L - (long long)D > (long long)prec - scale) {
			/* p nines, then -s zeros or s places. */
			over = 1;
			mlen = (size_t)prec;
			dropped = scale < 0 ? (size_t)-scale : 0;
			D = scale > 0 ? (size_t)scale : 0;
			L = mlen + dropped;
		}
	}
	if (neg && pgs_buf_addc(out, '-', err))
		return -1;
	/* The digits are mbuf (or p nines) then `dropped` zeros; the point
	 * goes D digits from the right. */
	if (pgs_buf_grow(out, L + D + 2, err))
		return -1;
	{
		char *w = out->data + out->len;
		size_t pos;

		if (L <= D) {
			*w++ = '0';
			if (D) {
				*w++ = '.';
				for (pos = L; pos < D; pos++)
					*w++ = '0';
			}
		}
		for (pos = 0; pos < L; pos++) {
			if (L > D && pos == L - D)
				*w++ = '.';
			if (pos < mlen)
				*w++ = over ? '9' : mbuf[pos];
			else
				*w++ = '0';
		}
		out->len = (size_t)(w - out->data);
		out->data[out->len] = '\0';
	}
	return 0;
}

static int noise_apply(struct pgs_anon *an, struct pgs_buf *out,
		       const char *val, size_t len, struct pgs_error *err)
{
	if ((len == 3 && memcmp(val, "NaN", 3) == 0) ||
	    (len == 8 && memcmp(val, "Infinity", 8) == 0) ||
	    (len == 9 && memcmp(val, "-Infinity", 9) == 0))
		return pgs_buf_add(out, val, len, err);
	switch (an->kind) {
	case PGS_TYPE_INT2:
	case PGS_TYPE_INT4:
	case PGS_TYPE_INT8:
		return noise_int(an, out, val, len, err);
	case PGS_TYPE_FLOAT4:
	case PGS_TYPE_FLOAT8:
		return noise_float(an, out, val, len, err);
	default:
		return noise_decimal(an, out, val, len, err);
	}
}

/*
 * noise(percent=N): the number times (1 + r), r in [-N%, +N%] chosen by a
 * keyed hash of the value's text.  The number keeps its form: integers stay
 * integers (rounded half away from zero), numeric keeps its decimal places,
 * floats keep their significant digits (at least enough to show the noise);
 * results are clamped to the column's range (smallint/integer/bigint,
 * numeric(p,s), real/double).  NaN, Infinity and -Infinity are kept.  Not
 * injective.
 */
static const struct pgs_anon_def def_noise = {
	"noise", PGS_ANON_KEYED, PGS_TYPES_NUMBER, "noise(percent=N)",
	noise_compile, NULL, noise_apply, NULL,
	"the number moved by up to N% either way, decimal places kept",
	NULL
};

/* ---- json --------------------------------------------------------------- */

/* json(key=anonymiser, ...) and hstore(...): one nested anonymiser per key,
 * in an->sub, the keys in an->sub_names.  Messages name an->def. */
static int keyed_subs_compile(struct pgs_anon *an, const struct pgs_expr *e,
			      struct pgs_error *err)
{
	const char *nm = an->def->name;
	size_t i, j;

	if (e->nargs == 0) {
		pgs_error_set(err, PGS_ERULES,
			      "%s needs at least one KEY=anonymiser argument", nm);
		return pgs_error_hint(err, "write it as %s(key=anonymiser, ...), "
				      "as in %s(email=email, phone=digits)", nm, nm);
	}
	an->sub = calloc(e->nargs, sizeof(*an->sub));
	an->sub_names = calloc(e->nargs, sizeof(*an->sub_names));
	if (!an->sub || !an->sub_names)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	for (i = 0; i < e->nargs; i++) {
		const struct pgs_arg *a = &e->args[i];
		struct pgs_anon *sub;
		char *name;

		if (!a->key) {
			pgs_error_set(err, PGS_ERULES,
				      "%s takes only KEY=anonymiser arguments", nm);
			return pgs_error_hint(err, "write it as %s(key=anonymiser, "
					      "...), as in %s(email=email)", nm, nm);
		}
		if (a->type != PGS_ARG_WORD && a->type != PGS_ARG_EXPR) {
			pgs_error_set(err, PGS_ERULES,
				      "%s: %s= needs an anonymiser, not a %s",
				      nm, a->key, a->type == PGS_ARG_STRING ?
				      "string" : "number");
			return pgs_error_hint(err, "as in %s(%s=mask(keep_first=1))",
					      nm, a->key);
		}
		for (j = 0; j < i; j++)
			if (strcmp(e->args[j].key, a->key) == 0)
				return pgs_error_set(err, PGS_ERULES,
						     "%s: key '%s' is given twice",
						     nm, a->key);
		if (sub_compile(&sub, a, an, err))
			return pgs_error_where(err, "%s key '%s'", nm, a->key);
		name = strdup(a->key);
		if (!name) {
			pgs_anon_free(sub);
			return pgs_error_set(err, PGS_ENOMEM, "out of memory");
		}
		/* pgs_anon_free releases the first nsub of each. */
		an->sub[an->nsub] = sub;
		an->sub_names[an->nsub] = name;
		an->nsub++;
	}
	return 0;
}

static int json_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The 4 hex digits of a \u escape at s[i..i+4). */
static long hex4(const char *s, size_t n, size_t i)
{
	long v = 0;
	size_t k;

	if (i + 4 > n)
		return -1;
	for (k = 0; k < 4; k++) {
		int h = pgs_hexval(s[i + k]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * A JSON string at s[i] == '"': *end past its closing quote, *esc when it
 * has escapes.  RFC 8259 and PostgreSQL's json lexer: no raw control
 * characters, only the eight escapes and \uXXXX.  A lone surrogate such as
 * "\ud83d" is grammatical JSON and the json type stores it (only jsonb
 * refuses it), so it is accepted here too.  Returns 0, or -1 with *bad at
 * the offending byte.
 */
static int json_scan_string(const char *s, size_t n, size_t i, size_t *end,
			    int *esc, size_t *bad)
{
	*esc = 0;
	for (i++;;) {
		unsigned char c;

		if (i >= n) {
			*bad = i;
			return -1;
		}
		c = (unsigned char)s[i];
		if (c == '"') {
			*end = i + 1;
			return 0;
		}
		if (c < 0x20) {
			*bad = i;
			return -1;
		}
		if (c != '\\') {
			i++;
			continue;
		}
		*esc = 1;
		if (i + 1 >= n) {
			*bad = i + 1;
			return -1;
		}
		switch (s[i + 1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			i += 2;
			break;
		case 'u':
			if (hex4(s, n, i + 2) < 0) {
				*bad = i;
				return -1;
			}
			i += 6;
			break;
		default:
			*bad = i + 1;
			return -1;
		}
	}
}

/* Append the content of a scanned string s[i..end) (quotes included),
 * escapes undone, as UTF-8. */
static int json_unescape(struct pgs_buf *b, const char *s, size_t i,
			 size_t end, struct pgs_error *err)
{
	size_t run;

	end--;          /* the closing quote */
	for (i++; i < end;) {
		unsigned long u;
		char enc[4];
		size_t k;

		for (run = i; run < end && s[run] != '\\'; run++)
			;
		if (pgs_buf_add(b, s + i, run - i, err))
			return -1;
		if (run >= end)
			break;
		i = run;
		switch (s[i + 1]) {
		case 'b': enc[0] = '\b'; break;
		case 'f': enc[0] = '\f'; break;
		case 'n': enc[0] = '\n'; break;
		case 'r': enc[0] = '\r'; break;
		case 't': enc[0] = '\t'; break;
		case 'u': break;
		default: enc[0] = s[i + 1]; break;
		}
		if (s[i + 1] != 'u') {
			if (pgs_buf_addc(b, enc[0], err))
				return -1;
			i += 2;
			continue;
		}
		u = (unsigned long)hex4(s, end, i + 2);
		i += 6;
		if (u >= 0xd800 && u <= 0xdbff && i + 6 <= end && s[i] == '\\' &&
		    s[i + 1] == 'u' && hex4(s, end, i + 2) >= 0xdc00 &&
		    hex4(s, end, i + 2) <= 0xdfff) {
			u = 0x10000 + ((u - 0xd800) << 10) +
			    ((unsigned long)hex4(s, end, i + 2) - 0xdc00);
			i += 6;
		} else if (u >= 0xd800 && u <= 0xdfff) {
			/* A lone surrogate has no UTF-8 form: U+FFFD, as a
			 * decoder would show it.  An unchanged value keeps
			 * its original escape (json_replace). */
			u = 0xfffd;
		}
		if (u < 0x80) {
			enc[0] = (char)u;
			k = 1;
		} else if (u < 0x800) {
			enc[0] = (char)(0xc0 | (u >> 6));
			enc[1] = (char)(0x80 | (u & 0x3f));
			k = 2;
		} else if (u < 0x10000) {
			enc[0] = (char)(0xe0 | (u >> 12));
			enc[1] = (char)(0x80 | ((u >> 6) & 0x3f));
			enc[2] = (char)(0x80 | (u & 0x3f));
			k = 3;
		} else {
			enc[0] = (char)(0xf0 | (u >> 18));
			enc[1] = (char)(0x80 | ((u >> 12) & 0x3f));
			enc[2] = (char)(0x80 | ((u >> 6) & 0x3f));
			enc[3] = (char)(0x80 | (u & 0x3f));
			k = 4;
		}
		if (pgs_buf_add(b, enc, k, err))
			return -1;
	}
	return 0;
}

/* A JSON number at s[i]: the index past it, or i when there is none. */
static size_t json_scan_number(const char *s, size_t n, size_t i)
{
	size_t start = i, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && is_digit(s[i]))
			i++;
	else
		return start;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return start;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return start;
	}
	return i;
}

/* v as a JSON string: '"' and '\\' escaped, control characters as the
 * short escapes or \u00XX (what the server's escape_json writes). */
static int json_emit_string(struct pgs_buf *out, const char *v, size_t n,
			    struct pgs_error *err)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, run;

	if (pgs_buf_addc(out, '"', err))
		return -1;
	while (i < n) {
		unsigned char c;
		char e[6];
		size_t k = 2;

		for (run = i; run < n; run++) {
			c = (unsigned char)v[run];
			if (c < 0x20 || c == '"' || c == '\\')
				break;
		}
		if (pgs_buf_add(out, v + i, run - i, err))
			return -1;
		if (run >= n)
			break;
		c = (unsigned char)v[run];
		e[0] = '\\';
		switch (c) {
		case '"': e[1] = '"'; break;
		case '\\': e[1] = '\\'; break;
		case '\b': e[1] = 'b'; break;
		case '\f': e[1] = 'f'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\t': e[1] = 't'; break;
		default:
			e[1] = 'u';
			e[2] = '0';
			e[3] = '0';
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			k = 6;
		}
		if (pgs_buf_add(out, e, k, err))
			return -1;
		i = run + 1;
	}
	return pgs_buf_addc(out, '"', err);
}

/* The sub-anonymiser for a member key (raw bytes of the key string). */
static long json_match_key(struct pgs_anon *an, const char *s, size_t start,
			   size_t end, int esc, struct pgs_error *err)
{
	const char *k = s + start + 1;
	size_t kl = end - start - 2, i;

	if (esc) {
		pgs_buf_reset(&an->tmp1);
		if (json_unescape(&an->tmp1, s, start, end, err))
			return -2;
		k = an->tmp1.data ? an->tmp1.data : "";
		kl = an->tmp1.len;
	}
	for (i = 0; i < an->nsub; i++)
		if (strlen(an->sub_names[i]) == kl &&
		    memcmp(an->sub_names[i], k, kl) == 0)
			return (long)i;
	return -1;
}

/*
 * Replace the scalar s[start..end) (a string with its quotes, or a number)
 * by the sub-anonymiser's output, unless that output is the same value:
 * then the original bytes stay, escapes and all.
 */
static int json_replace(struct pgs_anon *an, struct pgs_buf *out,
			const char *s, size_t start, size_t end, int is_str,
			int esc, struct pgs_anon *sub, size_t *copied,
			struct pgs_error *err)
{
	const char *v = s + start;
	size_t vl = end - start;

	if (is_str) {
		v++;
		vl -= 2;
		if (esc) {
			pgs_buf_reset(&an->tmp1);
			if (json_unescape(&an->tmp1, s, start, end, err))
				return -1;
			v = an->tmp1.data ? an->tmp1.data : "";
			vl = an->tmp1.len;
		}
	}
	if (sub->def->flags & PGS_ANON_RAW) {
		/* keep, null and const work on JSON values, not on text. */
		const char *name = pgs_anon_name(sub);

		if (strcmp(name, "keep") == 0)
			return 0;
		if (pgs_buf_add(out, s + *copied, start - *copied, err))
			return -1;
		*copied = end;
		if (strcmp(name, "null") == 0)
			return pgs_buf_add(out, "null", 4, err);
		return json_emit_string(out, sub->str.data ? sub->str.data : "",
					sub->str.len, err);
	}
	pgs_buf_reset(&an->tmp2);
	if (pgs_anon_apply_value(sub, &an->tmp2, v, vl, err))
		return -1;
	if (an->tmp2.len == vl && (vl == 0 || memcmp(an->tmp2.data, v, vl) == 0))
		return 0;
	if (pgs_buf_add(out, s + *copied, start - *copied, err))
		return -1;
	*copied = end;
	v = an->tmp2.data ? an->tmp2.data : "";
	vl = an->tmp2.len;
	/* A number stays a number when the result still is one. */
	if (!is_str && vl && json_scan_number(v, vl, 0) == vl)
		return pgs_buf_add(out, v, vl, err);
	return json_emit_string(out, v, vl, err);
}

static int json_apply(struct pgs_anon *an, struct pgs_buf *out,
		      const char *s, size_t n, struct pgs_error *err)
{
	/* Open containers, as ints: (sub + 1) * 2 + is_object, sub the
	 * anonymiser in force inside (-1: none). */
	struct pgs_buf *stack = &an->tmp3;
	enum { J_VALUE, J_MEMBER, J_AFTER } state = J_VALUE;
	size_t i = 0, copied = 0, end, bad = 0, depth = 0;
	long active = -1;
	int esc, top = 0;

	pgs_buf_reset(stack);
	for (;;) {
		while (i < n && json_ws(s[i]))
			i++;
		if (state == J_AFTER) {
			if (depth == 0) {
				if (i != n)
					goto invalid;
				break;
			}
			memcpy(&top, stack->data + stack->len - sizeof(int),
			       sizeof(int));
			if (i < n && s[i] == ',') {
				i++;
				state = top & 1 ? J_MEMBER : J_VALUE;
				active = top / 2 - 1;
			} else if (i < n && s[i] == (top & 1 ? '}' : ']')) {
				i++;
				stack->len -= sizeof(int);
				depth--;
			} else {
				goto invalid;
			}
			continue;
		}
		if (i >= n)
			goto invalid;
		if (state == J_MEMBER) {
			long k;

			if (s[i] != '"')
				goto invalid;
			if (json_scan_string(s, n, i, &end, &esc, &bad))
				goto invalid_at;
			k = json_match_key(an, s, i, end, esc, err);
			if (k < -1)
				return -1;
			if (k >= 0)
				active = k;
			for (i = end; i < n && json_ws(s[i]); i++)
				;
			if (i >= n || s[i] != ':')
				goto invalid;
			i++;
			state = J_VALUE;
			continue;
		}
		/* A value. */
		state = J_AFTER;
		if (s[i] == '{' || s[i] == '[') {
			int is_obj = s[i] == '{', x = (int)(active + 1) * 2 + is_obj;

			if (pgs_buf_add(stack, &x, sizeof(x), err))
				return -1;
			depth++;
			for (i++; i < n && json_ws(s[i]); i++)
				;
			if (i < n && s[i] == (is_obj ? '}' : ']')) {
				i++;
				stack->len -= sizeof(int);
				depth--;
			} else {
				state = is_obj ? J_MEMBER : J_VALUE;
			}
			continue;
		}
		if (s[i] == '"') {
			if (json_scan_string(s, n, i, &end, &esc, &bad))
				goto invalid_at;
		} else if (s[i] == '-' || is_digit(s[i])) {
			end = json_scan_number(s, n, i);
			if (end == i)
				goto invalid;
			esc = 0;
		} else {
			static const char *const lit[] = { "true", "false", "null" };
			size_t l;

			for (l = 0; l < 3; l++)
				if (n - i >= strlen(lit[l]) &&
				    memcmp(s + i, lit[l], strlen(lit[l])) == 0)
					break;
			if (l == 3)
				goto invalid;
			end = i + strlen(lit[l]);
			/* null and const replace a boolean as they would any
			 * value; a text anonymiser has nothing to work on. */
			if (l < 2 && active >= 0 &&
			    (an->sub[active]->def->flags & PGS_ANON_RAW) &&
			    json_replace(an, out, s, i, end, 0, 0, an->sub[active],
					 &copied, err))
				return pgs_error_where(err, "json key '%s'",
						       an->sub_names[active]);
			i = end;
			continue;
		}
		if (active >= 0 &&
		    json_replace(an, out, s, i, end, s[i] == '"', esc,
				 an->sub[active], &copied, err))
			return pgs_error_where(err, "json key '%s'",
					       an->sub_names[active]);
		i = end;
	}
	return pgs_buf_add(out, s + copied, n - copied, err);
invalid:
	bad = i;
invalid_at:
	return pgs_error_set(err, PGS_EINPUT, "json: invalid JSON at byte %zu",
			     bad);
}

/*
 * json(key=anonymiser, ...): JSON text (json, jsonb, or text holding JSON).
 * The value of each object member whose key (unescaped) equals a
 * configured key is anonymised: a string's unescaped content, or a number's
 * text, goes through that key's anonymiser and comes back as a JSON string
 * (a number stays bare when the result is still a JSON number); inside an
 * array or object value every string and number is anonymised the same
 * way, at any depth, and a member deeper down whose key is configured uses
 * its own anonymiser.  true, false, null, keys and everything else are
 * kept byte for byte (whitespace and key order too).  RFC 8259 is checked
 * strictly: PGS_EINPUT "json: invalid JSON at byte N" (N counts from 0).
 * A lone surrogate escape, which the json type stores, is accepted and
 * reaches the anonymiser as U+FFFD.  Not injective.
 */
static const struct pgs_anon_def def_json = {
	"json", PGS_ANON_SUB_RAW,
	PGS_TYPE_BIT(PGS_TYPE_JSON) | PGS_TYPE_BIT(PGS_TYPE_JSONB) | PGS_TYPES_TEXT,
	"json(key=anonymiser, ...)",
	keyed_subs_compile, NULL, json_apply, NULL,
	"the anonymisers applied to the values of those keys, at any depth",
	NULL
};

/* ---- hstore ------------------------------------------------------------- */

/* Whether the type text names hstore in any schema ("public.hstore",
 * "hstore", "ext.\"hstore\"", with "[]" for an array column). */
static int is_hstore_type(const char *t)
{
	const char *dot, *p;
	size_t n;

	if (!t)
		return 0;
	n = strlen(t);
	if (n >= 2 && strcmp(t + n - 2, "[]") == 0)
		n -= 2;
	for (p = t, dot = NULL; p < t + n; p++)
		if (*p == '.')
			dot = p;
	p = dot ? dot + 1 : t;
	n -= (size_t)(p - t);
	if (n == 8 && p[0] == '"' && p[7] == '"') {
		p++;
		n -= 2;
	}
	return n == 6 && memcmp(p, "hstore", 6) == 0;
}

static int hstore_fit(struct pgs_anon *an, struct pgs_error *err)
{
	if (an->kind != PGS_TYPE_OTHER ||
	    (an->col && is_hstore_type(an->col->type.text)))
		return 0;
	pgs_error_set(err, PGS_ECOVERAGE, "hstore cannot produce %s values",
		      an->col ? pgs_type_name(&an->col->type) : "unknown");
	return pgs_error_hint(err, "hstore(key=anonymiser, ...) is for hstore "
			      "columns (and text holding hstore); use keep, null "
			      "or const('...') on this column");
}

static int hstore_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A quoted hstore string at s[i] == '"': *end past its closing quote, *esc
 * when it has a backslash.  -1 when it does not end. */
static int hstore_scan(const char *s, size_t n, size_t i, size_t *end,
		       int *esc)
{
	*esc = 0;
	for (i++; i < n; i++) {
		if (s[i] == '\\') {
			*esc = 1;
			if (++i >= n)
				return -1;
		} else if (s[i] == '"') {
			*end = i + 1;
			return 0;
		}
	}
	return -1;
}

/* The content of the quoted string s[i..end) into b, backslashes undone. */
static int hstore_unescape(struct pgs_buf *b, const char *s, size_t i,
			   size_t end, struct pgs_error *err)
{
	for (i++, end--; i < end; i++) {
		if (s[i] == '\\')
			i++;
		if (pgs_buf_addc(b, s[i], err))
			return -1;
	}
	return 0;
}

/* v as hstore_out writes a key or value: in double quotes, '"' and '\\'
 * after a backslash. */
static int hstore_emit(struct pgs_buf *out, const char *v, size_t n,
		       struct pgs_error *err)
{
	size_t i;

	if (pgs_buf_addc(out, '"', err))
		return -1;
	for (i = 0; i < n; i++)
		if (((v[i] == '"' || v[i] == '\\') && pgs_buf_addc(out, '\\', err)) ||
		    pgs_buf_addc(out, v[i], err))
			return -1;
	return pgs_buf_addc(out, '"', err);
}

/* The value s[start..end) (quoted) of a pair whose key has anonymiser sub:
 * its replacement goes to out after what is not yet copied. */
static int hstore_replace(struct pgs_anon *an, struct pgs_buf *out,
			  const char *s, size_t start, size_t end, int esc,
			  struct pgs_anon *sub, size_t *copied,
			  struct pgs_error *err)
{
	const char *v = s + start + 1;
	size_t vl = end - start - 2;

	if (sub->def->flags & PGS_ANON_RAW) {
		const char *name = pgs_anon_name(sub);

		if (strcmp(name, "keep") == 0)
			return 0;
		if (pgs_buf_add(out, s + *copied, start - *copied, err))
			return -1;
		*copied = end;
		if (strcmp(name, "null") == 0)
			return pgs_buf_add(out, "NULL", 4, err);
		return hstore_emit(out, sub->str.data ? sub->str.data : "",
				   sub->str.len, err);
	}
	if (esc) {
		pgs_buf_reset(&an->tmp1);
		if (hstore_unescape(&an->tmp1, s, start, end, err))
			return -1;
		v = an->tmp1.data ? an->tmp1.data : "";
		vl = an->tmp1.len;
	}
	pgs_buf_reset(&an->tmp2);
	if (pgs_anon_apply_value(sub, &an->tmp2, v, vl, err))
		return -1;
	if (an->tmp2.len == vl && (vl == 0 || memcmp(an->tmp2.data, v, vl) == 0))
		return 0;
	if (pgs_buf_add(out, s + *copied, start - *copied, err))
		return -1;
	*copied = end;
	return hstore_emit(out, an->tmp2.data ? an->tmp2.data : "", an->tmp2.len,
			   err);
}

static int hstore_apply(struct pgs_anon *an, struct pgs_buf *out,
			const char *s, size_t n, struct pgs_error *err)
{
	size_t i = 0, copied = 0, end, k;
	int esc;

	while (i < n && hstore_ws(s[i]))
		i++;
	if (i == n)     /* '' (or blanks): the empty hstore */
		return pgs_buf_add(out, s, n, err);
	for (;;) {
		long active = -1;

		while (i < n && hstore_ws(s[i]))
			i++;
		/* "key" */
		if (i >= n || s[i] != '"' || hstore_scan(s, n, i, &end, &esc))
			goto invalid;
		if (esc) {
			pgs_buf_reset(&an->tmp1);
			if (hstore_unescape(&an->tmp1, s, i, end, err))
				return -1;
		}
		for (k = 0; k < an->nsub; k++) {
			const char *key = esc ? (an->tmp1.data ? an->tmp1.data : "")
					      : s + i + 1;
			size_t kl = esc ? an->tmp1.len : end - i - 2;

			if (strlen(an->sub_names[k]) == kl &&
			    memcmp(an->sub_names[k], key, kl) == 0) {
				active = (long)k;
				break;
			}
		}
		for (i = end; i < n && hstore_ws(s[i]); i++)
			;
		/* => */
		if (n - i < 2 || s[i] != '=' || s[i + 1] != '>')
			goto invalid;
		for (i += 2; i < n && hstore_ws(s[i]); i++)
			;
		/* "value" or NULL (any case, as hstore_in reads it) */
		if (i < n && s[i] == '"') {
			if (hstore_scan(s, n, i, &end, &esc))
				goto invalid;
			if (active >= 0 &&
			    hstore_replace(an, out, s, i, end, esc, an->sub[active],
					   &copied, err))
				return pgs_error_where(err, "hstore key '%s'",
						       an->sub_names[active]);
			i = end;
		} else if (n - i >= 4 && (s[i] | 0x20) == 'n' &&
			   (s[i + 1] | 0x20) == 'u' && (s[i + 2] | 0x20) == 'l' &&
			   (s[i + 3] | 0x20) == 'l') {
			/* NULL stays NULL, whatever the key's rule. */
			i += 4;
		} else {
			goto invalid;
		}
		while (i < n && hstore_ws(s[i]))
			i++;
		if (i == n)
			break;
		if (s[i] != ',')
			goto invalid;
		i++;
	}
	return pgs_buf_add(out, s + copied, n - copied, err);
invalid:
	/* The value stays out of the message: the caller names the row
	 * and column. */
	return pgs_error_set(err, PGS_EINPUT, "hstore: invalid hstore at byte "
			     "%zu", i);
}

/*
 * hstore(key=anonymiser, ...): hstore values (an hstore column, in any
 * schema, or text holding hstore's output form).  The value of each pair
 * whose key (backslashes undone) equals a configured key goes through that
 * key's anonymiser and is written back as hstore_out writes it: in double
 * quotes, with '"' and '\\' escaped by a backslash.  keep leaves it, null
 * makes it NULL, const('x') writes "x".  A NULL value stays NULL whatever
 * the rule (as NULL columns do under const).  Every other byte — other
 * pairs, keys, ", " separators — is kept, so the pairs stay in the order
 * hstore sorts them in.  The format read is hstore_out's: "key"=>"value"
 * or "key"=>NULL pairs separated by commas, blanks allowed around every
 * token, '' the empty hstore; anything else (unquoted keys included) is
 * PGS_EINPUT "hstore: invalid hstore at byte N", never passed through.
 * Not injective.
 */
static const struct pgs_anon_def def_hstore = {
	"hstore", PGS_ANON_SUB_RAW,
	PGS_TYPE_BIT(PGS_TYPE_OTHER) | PGS_TYPES_TEXT,
	"hstore(key=anonymiser, ...)",
	keyed_subs_compile, hstore_fit, hstore_apply, NULL,
	"the anonymisers applied to the values of those keys",
	"hstore"
};

/* ---- regex_replace ------------------------------------------------------ */

#define PGS_REGEX_SHOW 60       /* bytes of the pattern quoted in messages */

struct pgs_regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;   /* NULL: the default 32 KiB */
	char shown[PGS_EXCERPT_SIZE(PGS_REGEX_SHOW)];   /* for messages */
};

/*
 * A time budget per value.  PCRE2's limits hold per pcre2_match call, and
 * one value takes a call per match (plus one per character after an empty
 * match), so both are needed:
 * - per call: the limits of anon.h (PGS_REGEX_MATCH_LIMIT and the others),
 *   which every PCRE2 match in pgscrub runs under;
 * - per value (CPU time, checked every PGS_REGEX_CLOCK_EVERY calls):
 *   PGS_REGEX_BUDGET_NS plus PGS_REGEX_BUDGET_NS_PER_BYTE for each byte of
 *   the value, so a
 *   pattern that is cheap per call but matches at every character of a
 *   long value still ends.  A value over either limit fails the run; it is
 *   never passed through unchanged.
 */
#define PGS_REGEX_BUDGET_NS 50000000ull
#define PGS_REGEX_CLOCK_EVERY 16u
#define PGS_REGEX_BUDGET_NS_PER_BYTE 50ull

/* CPU time, not wall time: a busy machine must not fail a run. */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int regex_too_costly(const struct pgs_regex *rx, const char *what,
			    struct pgs_error *err)
{
	pgs_error_set(err, PGS_EINPUT, "regex_replace: matching failed: %s",
		      what);
	return pgs_error_hint(err, "the pattern backtracks too much on this "
			      "value: make regex_replace('%s') more specific "
			      "(anchors, possessive quantifiers such as "
			      "[0-9]++, no nested .* in lookarounds)",
			      rx->shown);
}

static void regex_release(struct pgs_anon *an)
{
	struct pgs_regex *rx = an->priv;

	if (!rx)
		return;
	pcre2_match_data_free(rx->md);
	pcre2_match_context_free(rx->mctx);
	pcre2_jit_stack_free(rx->jit_stack);
	pcre2_code_free(rx->code);
	free(rx);
	an->priv = NULL;
}

static int regex_compile(struct pgs_anon *an, const struct pgs_expr *e,
			 struct pgs_error *err)
{
	const struct pgs_arg *pat, *with;
	struct pgs_regex *rx;
	struct pgs_anon *sub;
	uint32_t opts = 0;
	int code;
	PCRE2_SIZE off;

	if (pgs_anon_check_args(an, e, NULL, 2, err))
		return -1;
	pat = pgs_anon_arg(e, NULL, 0);
	with = pgs_anon_arg(e, NULL, 1);
	if (!pat || !with) {
		pgs_error_set(err, PGS_ERULES,
			      "regex_replace needs a pattern and an anonymiser");
		return pgs_error_hint(err, "write it as regex_replace('pattern', "
				      "anonymiser), as in "
				      "regex_replace('[0-9]{3}-[0-9]{4}', digits)");
	}
	if (pat->type != PGS_ARG_STRING) {
		pgs_error_set(err, PGS_ERULES,
			      "regex_replace: the pattern must be a quoted string");
		return pgs_error_hint(err, "as in regex_replace('[0-9]+', digits) "
				      "('' for a quote)");
	}
	if (with->type != PGS_ARG_WORD && with->type != PGS_ARG_EXPR) {
		pgs_error_set(err, PGS_ERULES,
			      "regex_replace: the second argument must be an anonymiser");
		return pgs_error_hint(err, "as in regex_replace('[0-9]+', digits) "
				      "or regex_replace('\\w+@\\w+', mask(keep_first=1))");
	}
	rx = calloc(1, sizeof(*rx));
	if (!rx)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	an->priv = rx;
	/* In UTF8 archives a character is a UTF-8 sequence; invalid bytes
	 * (the server allows none, but be safe) never match rather than
	 * failing the run.  Before PCRE2 10.34 they fail it. */
	if (strcmp(an->env.encoding, "UTF8") == 0) {
		opts |= PCRE2_UTF;
#ifdef PCRE2_MATCH_INVALID_UTF
		opts |= PCRE2_MATCH_INVALID_UTF;
#endif
	}
	rx->code = pcre2_compile((PCRE2_SPTR)pat->str, pat->len, opts, &code, &off,
				 NULL);
	if (!rx->code) {
		PCRE2_UCHAR msg[256];

		if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", code);
		return pgs_error_set(err, PGS_ERULES,
				     "regex_replace: bad pattern at offset %zu: %s",
				     (size_t)off, (const char *)msg);
	}
	/* JIT is much faster; without it (no JIT support on this platform,
	 * or no executable memory) pcre2_match interprets. */
	pgs_excerpt(rx->shown, pat->str, pat->len, PGS_REGEX_SHOW);
	rx->md = pcre2_match_data_create_from_pattern(rx->code, NULL);
	rx->mctx = pcre2_match_context_create(NULL);
	if (!rx->md || !rx->mctx)
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	if (pcre2_set_match_limit(rx->mctx, PGS_REGEX_MATCH_LIMIT) ||
	    pcre2_set_depth_limit(rx->mctx, PGS_REGEX_DEPTH_LIMIT) ||
	    pcre2_set_heap_limit(rx->mctx, PGS_REGEX_HEAP_LIMIT_KIB))
		return pgs_error_set(err, PGS_ERULES,
				     "regex_replace: cannot set the matching limits");
	if (pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE) == 0) {
		rx->jit_stack = pcre2_jit_stack_create(32 * 1024,
						       PGS_REGEX_JIT_STACK_MAX,
						       NULL);
		if (rx->jit_stack)
			pcre2_jit_stack_assign(rx->mctx, NULL, rx->jit_stack);
	}
	if (sub_compile(&sub, with, an, err))
		return pgs_error_where(err, "regex_replace");
	an->sub = calloc(1, sizeof(*an->sub));
	if (!an->sub) {
		pgs_anon_free(sub);
		return pgs_error_set(err, PGS_ENOMEM, "out of memory");
	}
	an->sub[0] = sub;
	an->nsub = 1;
	return 0;
}

static int regex_apply(struct pgs_anon *an, struct pgs_buf *out,
		       const char *val, size_t len, struct pgs_error *err)
{
	struct pgs_regex *rx = an->priv;
	PCRE2_SPTR subj = (PCRE2_SPTR)val;
	size_t start = 0, copied = 0;
	uint64_t t0 = 0;
	uint64_t budget = PGS_REGEX_BUDGET_NS +
			  (uint64_t)len * PGS_REGEX_BUDGET_NS_PER_BYTE;
	unsigned calls = 0;

	while (start <= len) {
		PCRE2_SIZE *ov;
		size_t ms, me;
		int rc;

		/* Most values take a few calls: read the clock only for
		 * those that take many. */
		if (++calls % PGS_REGEX_CLOCK_EVERY == 0) {
			if (t0 == 0)
				t0 = now_ns();
			else if (now_ns() - t0 > budget)
				return regex_too_costly(rx, "time budget per "
							"value exceeded", err);
		}
		rc = pcre2_match(rx->code, subj, len, start, 0, rx->md,
				 rx->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc == PCRE2_ERROR_MATCHLIMIT ||
		    rc == PCRE2_ERROR_DEPTHLIMIT ||
		    rc == PCRE2_ERROR_HEAPLIMIT ||
		    rc == PCRE2_ERROR_JIT_STACKLIMIT) {
			PCRE2_UCHAR msg[256];

			if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
				snprintf((char *)msg, sizeof(msg), "error %d", rc);
			return regex_too_costly(rx, (const char *)msg, err);
		}
		if (rc < 0) {
			PCRE2_UCHAR msg[256];

			if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
				snprintf((char *)msg, sizeof(msg), "error %d", rc);
			return pgs_error_set(err, PGS_EINPUT,
					     "regex_replace: matching failed: %s",
					     (const char *)msg);
		}
		ov = pcre2_get_ovector_pointer(rx->md);
		ms = ov[0];
		me = ov[1];
		/* \K inside a lookaround can put the start after the end or
		 * before the previous match: nothing sensible to replace. */
		if (me < ms || ms < copied)
			return pgs_error_set(err, PGS_EINPUT,
					     "regex_replace: a match at byte %zu "
					     "ends before it starts (\\K in a "
					     "lookaround)", ms);
		if (pgs_buf_add(out, val + copied, ms - copied, err) ||
		    pgs_anon_apply_value(an->sub[0], out, val + ms, me - ms, err))
			return -1;
		copied = me;
		if (me > ms) {
			start = me;
			continue;
		}
		if (me >= len)
			break;
		/* Empty match: keep one character and search after it. */
		start = me + pgs_anon_charlen(an, val + me, len - me);
		if (pgs_buf_add(out, val + me, start - me, err))
			return -1;
		copied = start;
	}
	return pgs_buf_add(out, val + copied, len - copied, err);
}

/*
 * regex_replace('pattern', anonymiser): every match of the PCRE2 pattern
 * (UTF mode in UTF8 archives) is replaced by the anonymiser's output for
 * the matched text; text between matches is kept.  An empty match inserts
 * the anonymiser's output for "" and moves on one character, as Perl's
 * s///g does.  The output may be longer than the input (the dispatcher
 * enforces varchar(n)).  Not injective.
 */
static const struct pgs_anon_def def_regex_replace = {
	"regex_replace", 0, PGS_TYPES_TEXT,
	"regex_replace('pattern', anonymiser)",
	regex_compile, NULL, regex_apply, regex_release,
	"each match of the PCRE2 pattern replaced by the anonymiser's output",
	NULL
};

/* ---- registry ----------------------------------------------------------- */

const struct pgs_anon_def *const pgs_anon_defs_struct[] = {
	&def_date_shift, &def_int_range, &def_noise, &def_json,
	&def_hstore, &def_regex_replace, NULL
};
