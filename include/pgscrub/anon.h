/*
 * anon.h — anonymisers: what a rule does to one COPY field.
 *
 * A rule expression from the rules file (rules.h) is compiled once into a
 * struct pgs_anon, then applied to every field of its column.  Fields are
 * handled in their raw COPY form (still escaped); an anonymiser that needs
 * the value decodes it with copy.h and encodes its output the same way.
 *
 * The engine's rules: keep, null, const('text').  NULL stays NULL for every
 * anonymiser except null itself.
 */
#ifndef PGSCRUB_ANON_H
#define PGSCRUB_ANON_H

#include <stddef.h>
#include "pgscrub/buf.h"
#include "pgscrub/error.h"
#include "pgscrub/rules.h"

enum pgs_anon_kind {
	PGS_ANON_KEEP = 0,
	PGS_ANON_NULL,
	PGS_ANON_CONST
};

struct pgs_anon {
	enum pgs_anon_kind kind;
	struct pgs_buf value;     /* const: the value, COPY-escaped */
	int non_ascii;            /* const: the value has bytes >= 0x80 */
};

/*
 * Compile e into an.  PGS_ERULES for an unknown name (hint: the closest
 * known name) or arguments that do not fit, e.g. "const takes one string
 * argument, as in const('n/a')".  The message does not say where; the caller
 * prefixes file, line and column.
 */
int pgs_anon_compile(struct pgs_anon *an, const struct pgs_expr *e,
		     struct pgs_error *err);

void pgs_anon_release(struct pgs_anon *an);

/* True when the anonymiser leaves every value as it is. */
static inline int pgs_anon_is_keep(const struct pgs_anon *an)
{
	return an->kind == PGS_ANON_KEEP;
}

/*
 * Append the rewritten form of one raw field (escaped COPY bytes, or "\N")
 * to out.  A value that does not change is appended with its original
 * bytes.
 */
int pgs_anon_apply(const struct pgs_anon *an, struct pgs_buf *out,
		   const char *raw, size_t len, struct pgs_error *err);

/* The names of every anonymiser, NULL-terminated (for hints and --help). */
extern const char *const pgs_anon_names[];

#endif
