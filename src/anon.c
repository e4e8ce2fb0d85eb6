/*
 * anon.c — compiling and applying anonymisers (see anon.h).
 */
#include "pgscrub/anon.h"

#include <string.h>

#include "pgscrub/copy.h"

const char *const pgs_anon_names[] = { "keep", "null", "const", NULL };

static int no_args(const struct pgs_expr *e, struct pgs_error *err)
{
	if (e->nargs)
		return pgs_error_set(err, PGS_ERULES, "%s takes no arguments",
				     e->name);
	return 0;
}

int pgs_anon_compile(struct pgs_anon *an, const struct pgs_expr *e,
		     struct pgs_error *err)
{
	size_t i;

	memset(an, 0, sizeof(*an));
	pgs_buf_init(&an->value, 1u << 20);
	if (strcmp(e->name, "keep") == 0) {
		an->kind = PGS_ANON_KEEP;
		return no_args(e, err);
	}
	if (strcmp(e->name, "null") == 0) {
		an->kind = PGS_ANON_NULL;
		return no_args(e, err);
	}
	if (strcmp(e->name, "const") == 0) {
		const struct pgs_arg *arg = e->nargs == 1 ? &e->args[0] : NULL;

		an->kind = PGS_ANON_CONST;
		if (!arg || arg->key || arg->type != PGS_ARG_STRING) {
			pgs_error_set(err, PGS_ERULES,
				      "const takes one string argument");
			return pgs_error_hint(err, "write it in single quotes, "
					      "as in const('n/a') ('' for a quote)");
		}
		for (i = 0; i < arg->len; i++) {
			if (arg->str[i] == '\0')
				return pgs_error_set(err, PGS_ERULES,
						     "const value contains a zero byte");
			if ((unsigned char)arg->str[i] >= 0x80)
				an->non_ascii = 1;
		}
		/* Escape once here, not once per row. */
		pgs_buf_reset(&an->value);
		if (pgs_copy_encode(&an->value, arg->str, arg->len, err))
			return -1;
		return 0;
	}
	pgs_error_set(err, PGS_ERULES, "unknown anonymiser '%s'", e->name);
	{
		const char *s = pgs_suggest(e->name, pgs_anon_names);

		if (s)
			return pgs_error_hint(err, "did you mean '%s'?", s);
	}
	return pgs_error_hint(err, "the anonymisers are keep, null and const('text')");
}

void pgs_anon_release(struct pgs_anon *an)
{
	pgs_buf_release(&an->value);
}

int pgs_anon_apply(const struct pgs_anon *an, struct pgs_buf *out,
		   const char *raw, size_t len, struct pgs_error *err)
{
	switch (an->kind) {
	case PGS_ANON_KEEP:
		return pgs_buf_add(out, raw, len, err);
	case PGS_ANON_NULL:
		return pgs_buf_add(out, "\\N", 2, err);
	case PGS_ANON_CONST:
		if (pgs_copy_is_null(raw, len))
			return pgs_buf_add(out, raw, len, err);
		return pgs_buf_add(out, an->value.data ? an->value.data : "",
				   an->value.len, err);
	}
	return pgs_error_set(err, PGS_ERULES, "unknown anonymiser kind");
}
