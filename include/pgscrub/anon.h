/*
 * anon.h — anonymisers: what a rule does to the fields of one column.
 *
 * A rule expression from the rules file (rules.h) is compiled once per
 * column into a struct pgs_anon, checked against the column's type
 * (pgs_anon_fit), then applied to every field of the column in its raw COPY
 * form.  The dispatcher here takes care of what every anonymiser shares:
 * NULL stays NULL (except for `null`), COPY escapes are undone before and
 * redone after, an array column has the anonymiser applied to each element,
 * a value the anonymiser leaves unchanged is written back with its original
 * bytes, and no output may exceed the column's length limit.
 */
#ifndef PGSCRUB_ANON_H
#define PGSCRUB_ANON_H

#include <stddef.h>
#include "pgscrub/buf.h"
#include "pgscrub/error.h"
#include "pgscrub/keyed.h"
#include "pgscrub/rules.h"
#include "pgscrub/schema.h"

struct pgs_anon;

/*
 * The limits every PCRE2 match in pgscrub runs under (regex_replace here,
 * ~ and ~* in conditions, condition.h), per pcre2_match call: deterministic,
 * also under JIT, which honours the match limit and runs on the bounded JIT
 * stack.  At most PGS_REGEX_MATCH_LIMIT backtracking steps (PCRE2's default
 * is 10,000,000, seconds of work), PGS_REGEX_DEPTH_LIMIT nested
 * backtracking points and PGS_REGEX_HEAP_LIMIT_KIB of heap for them
 * (interpreter).  JIT code runs on its own stack of at most
 * PGS_REGEX_JIT_STACK_MAX bytes: PCRE2's 32 KiB default fails some patterns
 * that the interpreter would match.
 */
#define PGS_REGEX_MATCH_LIMIT 100000u
#define PGS_REGEX_DEPTH_LIMIT 100000u
#define PGS_REGEX_HEAP_LIMIT_KIB 16384u
#define PGS_REGEX_JIT_STACK_MAX (1024 * 1024)

/* What compiling needs beyond the expression. */
struct pgs_anon_env {
	/* The run's master key, or NULL when the rules set no secret: a keyed
	 * anonymiser then fails to compile ("... needs a key"). */
	const unsigned char *master_key;
	/* The archive's client encoding ("UTF8", "LATIN1", ...). */
	const char *encoding;
};

/*
 * Compile e into *out.  PGS_ERULES for an unknown name (with a hint naming
 * the closest known one), arguments that do not fit ("mask takes keep_first,
 * keep_last and char, as in mask(keep_first=2)"), a keyed anonymiser with
 * no key.  Messages do not say where; the caller prefixes file and line.
 */
int pgs_anon_compile(struct pgs_anon **out, const struct pgs_expr *e,
		     const struct pgs_anon_env *env, struct pgs_error *err);

/*
 * Check that an can produce values for col and adapt to it (length limits
 * of varchar(n)/char(n), array columns, the exact type).  PGS_ECOVERAGE,
 * e.g. "email cannot produce integer values", "null on a NOT NULL column",
 * "const value 'abc' is not a valid integer", "hash needs at least 20
 * characters, and the column is character varying(12)".  col may be NULL
 * when the column's type is unknown (the column is then taken as text with
 * no length limit).
 */
int pgs_anon_fit(struct pgs_anon *an, const struct pgs_column *col,
		 struct pgs_error *err);

/*
 * Append the rewritten form of one raw field (escaped COPY bytes, or \N) to
 * out.  Not reentrant: an anonymiser keeps scratch buffers.
 */
int pgs_anon_apply(struct pgs_anon *an, struct pgs_buf *out,
		   const char *raw, size_t len, struct pgs_error *err);

void pgs_anon_free(struct pgs_anon *an);

/* keep: values pass untouched (the block can be copied whole). */
int pgs_anon_is_keep(const struct pgs_anon *an);

/* Distinct inputs give distinct outputs (safe on UNIQUE columns). */
int pgs_anon_is_injective(const struct pgs_anon *an);

/* The anonymiser's name, as in the rules file. */
const char *pgs_anon_name(const struct pgs_anon *an);

/* Whether the named anonymiser needs a key (unknown names: 0). */
int pgs_anon_name_is_keyed(const char *name);

/*
 * Compile every rule of r once, taking the archive to be UTF8, and free the
 * result: unknown anonymisers, bad arguments and keyed anonymisers without
 * a key are reported as "PATH:LINE: rule for COL: ..." before any input is
 * read.  A case rule's THEN parts ("rule for COL, THEN part of WHEN 2")
 * and its ELSE ("rule for COL, ELSE part") are compiled too; conditions
 * are not (they need the archive's columns: condition.h).
 */
int pgs_anon_check_rules(const struct pgs_rules *r,
			 const unsigned char *master_key,
			 struct pgs_error *err);

/*
 * Whether any rule of r uses a keyed anonymiser, at any depth (case rules'
 * THEN and ELSE parts included), or any condition (a where, a WHEN) calls
 * sample(), which is keyed by the master key too: read from the
 * condition's text, the word sample followed by '(' outside quotes.
 */
int pgs_anon_rules_need_key(const struct pgs_rules *r);

/*
 * The name of the i-th anonymiser of the registry (i from 0), or NULL past
 * the last one: the list for hints, --help and init, never written by hand.
 */
const char *pgs_anon_name_at(size_t i);

/* What `pgscrub anonymisers` lists about one anonymiser. */
struct pgs_anon_info {
	const char *name;       /* as in the rules file: "mask" */
	const char *usage;      /* with its arguments: "mask(keep_first=N, ...)" */
	const char *summary;    /* one line, lowercase, no full stop */
	int keyed;              /* needs the key */
	int injective;          /* distinct inputs give distinct outputs */
	char types[160];        /* the column types it can produce, from the
				   registry's type set: "any", "text",
				   "text, uuid", "text, numbers", ... */
};

/*
 * Fill *out for the i-th anonymiser of the registry (the order of
 * pgs_anon_name_at); -1 past the last one.  The strings are static.
 */
int pgs_anon_info_at(struct pgs_anon_info *out, size_t i);

/* "libsodium V, PCRE2 V, libunistring V" (the run-time libraries), for
 * --version. */
const char *pgs_anon_versions(void);

#endif
