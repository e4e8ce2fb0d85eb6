/*
 * anon_impl.h — for writing anonymisers, not for using them (see anon.h).
 *
 * Each anonymiser is a struct pgs_anon_def: a name, flags, the column types
 * it can produce, and compile / fit / apply / release functions.  anon.c
 * lists them all in one registry table.  An anonymiser's apply works on
 * decoded values (no COPY escapes: the dispatcher undoes and redoes them),
 * one value (or array element) at a time, never NULL (the dispatcher keeps
 * NULL as NULL), and appends its output to out.
 *
 * Text is UTF-8 in practice; "characters" means UTF-8 characters when the
 * archive's encoding is UTF8 and bytes for single-byte encodings
 * (pgs_anon_charlen).  Keyed anonymisers take their subkey from an->key
 * (set by the dispatcher before compile: derived from the master key with
 * the anonymiser's name as purpose) and must give the same output for the
 * same input, key and parameters, whatever the table or run.
 */
#ifndef PGSCRUB_ANON_IMPL_H
#define PGSCRUB_ANON_IMPL_H

#include <stdint.h>
#include "pgscrub/anon.h"

/* def->flags */
#define PGS_ANON_KEYED      (1u << 0)  /* needs the key */
#define PGS_ANON_INJECTIVE  (1u << 1)  /* distinct inputs -> distinct outputs */
#define PGS_ANON_RAW        (1u << 2)  /* works on raw COPY fields (keep,
					  null, const): no decoding, no array
					  handling, sees NULL itself */
#define PGS_ANON_WHOLE      (1u << 3)  /* applies to an array column's whole
					  value, not element by element */
#define PGS_ANON_SUB_RAW    (1u << 4)  /* accepts keep, null and const as
					  nested anonymisers (json: null
					  becomes JSON null); it must then
					  handle them itself, as they are not
					  applied through pgs_anon_apply_value */

/* Bit for a type kind in def->types. */
#define PGS_TYPE_BIT(k) (1ull << (k))
/* The text-like kinds, which every string generator can produce. */
#define PGS_TYPES_TEXT (PGS_TYPE_BIT(PGS_TYPE_TEXT) | PGS_TYPE_BIT(PGS_TYPE_VARCHAR) | \
			PGS_TYPE_BIT(PGS_TYPE_CHAR) | PGS_TYPE_BIT(PGS_TYPE_NAME))
#define PGS_TYPES_INT (PGS_TYPE_BIT(PGS_TYPE_INT2) | PGS_TYPE_BIT(PGS_TYPE_INT4) | \
		       PGS_TYPE_BIT(PGS_TYPE_INT8))
#define PGS_TYPES_NUMBER (PGS_TYPES_INT | PGS_TYPE_BIT(PGS_TYPE_NUMERIC) | \
			  PGS_TYPE_BIT(PGS_TYPE_FLOAT4) | PGS_TYPE_BIT(PGS_TYPE_FLOAT8))
#define PGS_TYPES_ALL (~0ull)

struct pgs_anon_def {
	const char *name;
	unsigned flags;
	unsigned long long types;   /* PGS_TYPE_BIT()s it can produce */
	const char *usage;          /* "mask(keep_first=N, keep_last=M, char='*')" */
	/* Parse e's arguments into an (an->def, an->key, an->env already set). */
	int (*compile)(struct pgs_anon *an, const struct pgs_expr *e,
		       struct pgs_error *err);
	/* Optional: type-specific checks and limits; an->type, an->max_chars,
	 * an->as_array are already set.  PGS_ECOVERAGE when it cannot fit. */
	int (*fit)(struct pgs_anon *an, struct pgs_error *err);
	/* Append the anonymised form of the decoded value val to out. */
	int (*apply)(struct pgs_anon *an, struct pgs_buf *out, const char *val,
		     size_t len, struct pgs_error *err);
	/* Optional: free what compile allocated in an->priv / an->sub. */
	void (*release)(struct pgs_anon *an);
	/* One line for `pgscrub anonymisers`: what it writes, lowercase, no
	 * full stop ("a version-4 UUID from the keyed hash"). */
	const char *summary;
	/* When types has PGS_TYPE_BIT(PGS_TYPE_OTHER) but is not
	 * PGS_TYPES_ALL: the name of the types fit accepts among those
	 * pgscrub does not model ("hstore"); else NULL. */
	const char *other_types;
};

struct pgs_anon {
	const struct pgs_anon_def *def;
	struct pgs_anon_env env;
	int utf8;                       /* env.encoding is UTF8 */
	unsigned char key[PGS_SUBKEY_BYTES];
	int has_key;

	/* Set by pgs_anon_fit. */
	const struct pgs_column *col;   /* NULL: unknown, taken as text */
	enum pgs_type_kind kind;        /* of the value (element for arrays) */
	int max_chars;                  /* -1: no limit */
	int as_array;                   /* apply to each element */
	int injective;                  /* from PGS_ANON_INJECTIVE; a fit that
					   cannot keep distinct values distinct
					   (a short fake e-mail) clears it */

	/* Parameters; which ones an anonymiser uses is its own business. */
	long long n1, n2;
	double x1;
	struct pgs_buf str;             /* e.g. const's value, mask's char */
	void *priv;                     /* compiled regex, key tables, ... */
	struct pgs_anon **sub;          /* nested anonymisers (json, regex_replace) */
	char **sub_names;               /* json: the key each sub applies to */
	size_t nsub;

	/* Scratch for the anonymiser, reused from value to value. */
	struct pgs_buf tmp1, tmp2, tmp3;
	/* The dispatcher's own: decoded input, decoded output, array output. */
	struct pgs_buf dec, res, arr;
};

/* Compile a nested expression (an argument such as regex_replace's
 * anonymiser) with the same environment as parent. */
int pgs_anon_compile_sub(struct pgs_anon **out, const struct pgs_expr *e,
			 const struct pgs_anon *parent, struct pgs_error *err);

/* Apply a nested anonymiser to a decoded value (no NULL, no arrays). */
int pgs_anon_apply_value(struct pgs_anon *an, struct pgs_buf *out,
			 const char *val, size_t len, struct pgs_error *err);

/* Length of the character starting at p (1 for single-byte encodings and
 * for invalid UTF-8 bytes), and the number of characters in p[0..len). */
size_t pgs_anon_charlen(const struct pgs_anon *an, const char *p, size_t len);
size_t pgs_anon_nchars(const struct pgs_anon *an, const char *p, size_t len);

/* Argument helpers: the argument named key (or positional index pos when
 * no argument has that key; pos < 0: by key only), or NULL. */
const struct pgs_arg *pgs_anon_arg(const struct pgs_expr *e, const char *key,
				   int pos);
/* Fail with "NAME: unexpected argument ..." and the usage as hint if e has
 * an argument whose key is not in the NULL-terminated list, or more than
 * npos positional arguments. */
int pgs_anon_check_args(const struct pgs_anon *an, const struct pgs_expr *e,
			const char *const *keys, size_t npos,
			struct pgs_error *err);
/* An integer argument (PGS_ARG_NUMBER without fraction) in [lo, hi]. */
int pgs_anon_int_arg(long long *v, const struct pgs_anon *an,
		     const struct pgs_arg *a, long long lo, long long hi,
		     struct pgs_error *err);

/* The built-in name lists (names.c), ASCII, sorted by length. */
extern const char *const pgs_names_first[];
extern const size_t pgs_names_first_count;
extern const char *const pgs_names_last[];
extern const size_t pgs_names_last_count;

/* The registries of the anonymiser files, each NULL-terminated. */
extern const struct pgs_anon_def *const pgs_anon_defs_basic[];   /* anon.c */
extern const struct pgs_anon_def *const pgs_anon_defs_gen[];     /* anon_gen.c */
extern const struct pgs_anon_def *const pgs_anon_defs_struct[];  /* anon_struct.c */

#endif
