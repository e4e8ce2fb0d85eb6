/*
 * subset.c — row filters closed over foreign keys (subset.h).
 *
 * The pieces:
 *   dtable  a table with a TABLE DATA entry (a partition is its own): its
 *           where conditions, the foreign keys it references through
 *           ("edges"), the key sets it fills ("productions").
 *   spec    a referenced table and column list: the set of its surviving
 *           keys, filled by every dtable of the referenced table (the
 *           table itself, or its partitions when it is partitioned).
 *   keyset  a sorted array of 16-byte keyed hashes.
 * Which dtables can lose rows is a fixed point over the edges; the dtables
 * that fill a spec of a table that can lose rows are read in step 2 in an
 * order where every spec a dtable looks up is complete, strongly connected
 * components (Tarjan) read again until their surviving row count stops
 * falling (it can only fall: each pass looks keys up in the last pass's
 * sets, which only shrink, so equal counts mean equal sets).
 */
#include "pgscrub/subset.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "pgscrub/buf.h"
#include "pgscrub/condition.h"
#include "pgscrub/copy.h"
#include "pgscrub/ident.h"
#include "pgscrub/keyed.h"

#define KEY_BYTES 16

struct keyset {
	unsigned char (*v)[KEY_BYTES];
	size_t n, cap;
};

struct spec {
	long to;                    /* the referenced schema table */
	char **names;               /* its key columns (borrowed) */
	size_t ncols;
	const struct pgs_column **types;  /* of the referenced table's columns */
	int loses;                  /* some producer can lose rows */
	struct keyset cur;          /* being filled, then final */
	struct keyset base;         /* a cycle's: from producers read before */
	struct keyset prev;         /* a cycle's: the last pass's */
	int unconstrained;          /* a cycle's first pass: every key passes */
	int final;
	size_t pending;             /* producers not read yet */
};

struct edge {
	const struct pgs_fkey *fk;
	size_t spec;
	char **names;               /* its referencing columns (borrowed) */
	char **null_names;          /* SET NULL: those it sets (borrowed) */
	size_t *cols;               /* COPY positions in the referencing dtable */
	const struct pgs_column **types;
	size_t ncols;
	size_t *null_cols;          /* SET NULL: COPY positions it sets */
	size_t nnull;
	int set_null, match_full;
	int fired;                  /* this row: it set its columns NULL */
	size_t cause;               /* index into the dtable's causes */
};

struct production {
	size_t spec;
	size_t *cols;               /* COPY positions of the spec's columns */
	const struct pgs_column **types;
};

struct dtable {
	long pt;                    /* plan table */
	size_t toc;                 /* its TABLE DATA entry */
	const struct pgs_plan_table *plan;
	size_t ncols;
	struct pgs_cond **conds;
	size_t nconds;
	int truncated;
	int inserts;                /* INSERT statements: cannot be filtered */
	int loses, affected, collect;
	struct edge *edges;
	size_t nedges;
	struct production *prods;
	size_t nprods;
	struct pgs_slice *fields;
	unsigned char *nulled;
	struct pgs_subset_counts counts;
	struct pgs_subset_cause *causes;
	/* Tarjan */
	long index, low;
	int on_stack;
};

struct pgs_subset {
	const struct pgs_plan *plan;
	struct dtable *d;
	size_t nd;
	long *by_pt;                /* plan table -> dtable, -1 */
	long *by_toc;               /* TOC entry -> dtable, -1 */
	unsigned char *changed;     /* per plan table (changes_table) */
	size_t ntoc;
	struct spec *specs;
	size_t nspecs;
	unsigned char subkey[PGS_SUBKEY_BYTES];
	struct pgs_buf scratch, keybuf;
	int utf8;
	/* step 2 */
	struct pgs_copy_reader reader;
	struct dtable *cur;
	long *stack;
	size_t nstack;
	long next_index;
};

static int nomem(struct pgs_error *err)
{
	return pgs_error_set(err, PGS_ENOMEM, "out of memory");
}

/* ---- key sets ----------------------------------------------------------- */

static int keyset_add(struct keyset *k, const unsigned char *h,
		      struct pgs_error *err)
{
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap + k->cap / 2 : 1024;
		void *v = realloc(k->v, cap * KEY_BYTES);

		if (!v)
			return nomem(err);
		k->v = v;
		k->cap = cap;
	}
	memcpy(k->v[k->n++], h, KEY_BYTES);
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	return memcmp(a, b, KEY_BYTES);
}

/* Sort, drop duplicates, give back the slack. */
static void keyset_finish(struct keyset *k)
{
	size_t i, n = 0;

	if (k->n > 1)
		qsort(k->v, k->n, KEY_BYTES, key_cmp);
	for (i = 0; i < k->n; i++)
		if (n == 0 || memcmp(k->v[n - 1], k->v[i], KEY_BYTES) != 0)
			memmove(k->v[n++], k->v[i], KEY_BYTES);
	k->n = n;
	if (n && n < k->cap) {
		void *v = realloc(k->v, n * KEY_BYTES);

		if (v) {
			k->v = v;
			k->cap = n;
		}
	}
}

static int keyset_has(const struct keyset *k, const unsigned char *h)
{
	size_t lo = 0, hi = k->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(k->v[mid], h, KEY_BYTES);

		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static void keyset_free(struct keyset *k)
{
	free(k->v);
	memset(k, 0, sizeof(*k));
}

/* Merge b into a (both finished). */
static int keyset_merge(struct keyset *a, struct keyset *b,
			struct pgs_error *err)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (keyset_add(a, b->v[i], err))
			return -1;
	keyset_finish(a);
	keyset_free(b);
	return 0;
}

/* ---- key values --------------------------------------------------------- */

/*
 * The decoded value in s->scratch, made comparable across the two sides of
 * a key: values PostgreSQL calls equal whose text differs, under every
 * collation, get one text (numeric 1.50 and 1.5, char(n)'s padding, float
 * -0).  Other types print equal values alike.  A difference left here
 * (citext's case, whose folding depends on the collation; a key across
 * types, timestamp to timestamptz) can only remove a row that did not need
 * to go, never keep one that must: no two values are ever made one.
 */
static int normalise(struct pgs_subset *s, const struct pgs_column *c,
		     struct pgs_error *err)
{
	struct pgs_buf *b = &s->scratch;
	enum pgs_type_kind k = c ? c->type.kind : PGS_TYPE_OTHER;

	if (!c || c->type.is_array)
		return 0;
	if (k == PGS_TYPE_NUMERIC && memchr(b->data, '.', b->len) &&
	    !memchr(b->data, 'e', b->len) && !memchr(b->data, 'E', b->len)) {
		while (b->len && b->data[b->len - 1] == '0')
			b->len--;
		if (b->len && b->data[b->len - 1] == '.')
			b->len--;
	}
	if ((k == PGS_TYPE_NUMERIC || k == PGS_TYPE_FLOAT4 ||
	     k == PGS_TYPE_FLOAT8) && b->len == 2 && memcmp(b->data, "-0", 2) == 0)
		b->len = 1, b->data[0] = '0';
	if (k == PGS_TYPE_CHAR)
		while (b->len && b->data[b->len - 1] == ' ')
			b->len--;
	(void)s;
	(void)err;
	return 0;
}

/*
 * The keyed hash of the key columns cols (COPY positions) of a row; 1 when
 * it is not to be checked (NULLs as MATCH SIMPLE or FULL say), 0 with the
 * hash in out, -1 on error.  nulled: columns already set to NULL.
 */
static int key_hash(struct pgs_subset *s, const struct pgs_slice *f,
		    const size_t *cols, const struct pgs_column **types,
		    size_t n, int match_full, const unsigned char *nulled,
		    unsigned char out[KEY_BYTES], struct pgs_error *err)
{
	size_t i, nulls = 0;

	for (i = 0; i < n; i++)
		if ((nulled && nulled[cols[i]]) ||
		    pgs_copy_is_null(f[cols[i]].p, f[cols[i]].len))
			nulls++;
	/* MATCH SIMPLE: one NULL and the key is not checked; MATCH FULL: all
	 * NULL (the database allows no other mix). */
	if (nulls && (!match_full || nulls == n))
		return 1;
	pgs_buf_reset(&s->keybuf);
	for (i = 0; i < n; i++) {
		unsigned char len[4];

		pgs_buf_reset(&s->scratch);
		if (pgs_copy_decode(&s->scratch, f[cols[i]].p, f[cols[i]].len,
				    err) ||
		    normalise(s, types[i], err))
			return -1;
		len[0] = (unsigned char)(s->scratch.len >> 24);
		len[1] = (unsigned char)(s->scratch.len >> 16);
		len[2] = (unsigned char)(s->scratch.len >> 8);
		len[3] = (unsigned char)s->scratch.len;
		if (pgs_buf_add(&s->keybuf, (const char *)len, 4, err) ||
		    pgs_buf_add(&s->keybuf, s->scratch.data, s->scratch.len,
				err))
			return -1;
	}
	pgs_keyed_hash128(out, s->subkey, s->keybuf.data, s->keybuf.len, 0);
	return 0;
}

/* ---- the shape ---------------------------------------------------------- */

/* The partition parent of t (its parent that is partitioned), or NULL. */
static const struct pgs_table *partition_parent(const struct pgs_schema *sc,
						const struct pgs_table *t)
{
	size_t k;

	for (k = 0; k < t->nparents; k++) {
		const struct pgs_table *p = pgs_plan_parent(sc, t, k);

		if (p && p->relkind == 'p')
			return p;
	}
	return NULL;
}

/* Whether the rows of t are rows of u for a foreign key: t is u, or a
 * partition of u at any depth (an inheritance child is not: keys apply to
 * the table they are declared on alone). */
static int rows_of(const struct pgs_schema *sc, const struct pgs_table *t,
		   const struct pgs_table *u)
{
	size_t guard = 0;

	while (t && guard++ <= sc->ntables) {
		if (t == u)
			return 1;
		t = partition_parent(sc, t);
	}
	return 0;
}

/* The COPY position of column name in d, or -1. */
static long copy_pos(const struct dtable *d, const char *name)
{
	size_t j;

	for (j = 0; j < d->plan->ncols; j++)
		if (strcmp(d->plan->cols[j].name, name) == 0)
			return (long)j;
	return -1;
}

static void table_name(char *buf, size_t size, const char *schema,
		       const char *name)
{
	struct pgs_buf b;
	struct pgs_error e;

	pgs_buf_init(&b, 1024);
	if (pgs_ident_quote(&b, schema, &e) || pgs_buf_addc(&b, '.', &e) ||
	    pgs_ident_quote(&b, name, &e) || pgs_buf_addc(&b, '\0', &e))
		snprintf(buf, size, "%s.%s", schema, name);
	else
		snprintf(buf, size, "%s", b.data);
	pgs_buf_release(&b);
}

/* Column positions of names[] in d; PGS_EINPUT when one is missing. */
static int positions(const struct dtable *d, char *const *names, size_t n,
		     size_t **pos, const struct pgs_column ***types,
		     const char *what, struct pgs_error *err)
{
	size_t i;

	*pos = calloc(n + 1, sizeof(**pos));
	*types = calloc(n + 1, sizeof(**types));
	if (!*pos || !*types)
		return nomem(err);
	for (i = 0; i < n; i++) {
		long at = copy_pos(d, names[i]);
		char t[300];

		if (at < 0) {
			table_name(t, sizeof(t), d->plan->schema, d->plan->name);
			pgs_error_set(err, PGS_ECOVERAGE,
				      "foreign key %s: rows of %s can go or change "
				      "through it, and its column \"%s\" is not in "
				      "the table's data (a generated column)",
				      what, t, names[i]);
			return pgs_error_hint(err, "pgscrub follows keys through "
					      "the dumped values only; filter so "
					      "that no row this key joins is "
					      "removed");
		}
		(*pos)[i] = (size_t)at;
		(*types)[i] = d->plan->cols[at].col;
	}
	return 0;
}

static long find_spec(struct pgs_subset *s, long to, char **names, size_t n)
{
	size_t i, j;

	for (i = 0; i < s->nspecs; i++) {
		if (s->specs[i].to != to || s->specs[i].ncols != n)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(s->specs[i].names[j], names[j]) != 0)
				break;
		if (j == n)
			return (long)i;
	}
	return -1;
}

/* Whether a section of pt's chain has a where. */
static int has_where(const struct pgs_plan_table *pt)
{
	size_t k;

	for (k = 0; k < pt->nchain; k++)
		if (pt->chain[k].rules && pt->chain[k].rules->where)
			return 1;
	return 0;
}

/* The where conditions of d's chain, compiled against its COPY columns. */
static int compile_wheres(struct pgs_subset *s, struct dtable *d,
			  const unsigned char *master_key,
			  struct pgs_error *err)
{
	const struct pgs_plan_table *pt = d->plan;
	const struct pgs_rules *rules = s->plan->rules;
	struct pgs_cond_env env;
	size_t k;
	int rc = 0;

	if (!has_where(pt))
		return 0;
	d->conds = calloc(pt->nchain + 1, sizeof(*d->conds));
	if (!d->conds)
		return nomem(err);
	if (pgs_plan_cond_env(&env, pt, master_key, s->plan->archive->encoding,
			      err))
		return -1;
	for (k = 0; k < pt->nchain && rc == 0; k++) {
		const struct pgs_table_rules *tr = pt->chain[k].rules;
		char sec[300];

		if (!tr || !tr->where)
			continue;
		if (pgs_cond_compile(&d->conds[d->nconds], tr->where,
				     tr->where_len, &env, err)) {
			pgs_rules_section_name(tr, sec, sizeof(sec));
			rc = pgs_error_where(err, "%s:%d: where in [%s]",
					     rules && rules->path ? rules->path : "rules",
					     tr->where_line, sec);
			break;
		}
		d->nconds++;
	}
	pgs_plan_cond_env_release(&env);
	return rc;
}

/* The edges of d: every foreign key whose rows d's rows are. */
static int add_edges(struct pgs_subset *s, struct dtable *d,
		     struct pgs_error *err)
{
	const struct pgs_schema *sc = s->plan->schema;
	size_t f, i;

	d->edges = calloc(sc->nfkeys + 1, sizeof(*d->edges));
	d->causes = calloc(sc->nfkeys + 1, sizeof(*d->causes));
	if (!d->edges || !d->causes)
		return nomem(err);
	for (f = 0; f < sc->nfkeys; f++) {
		const struct pgs_fkey *fk = &sc->fkeys[f];
		const struct pgs_table *from, *to;
		struct edge *e;
		char **names;
		long sp;

		if (fk->parse_error || fk->from < 0 || fk->to < 0 ||
		    (size_t)fk->from >= sc->ntables ||
		    (size_t)fk->to >= sc->ntables || fk->ncols == 0)
			continue;
		from = &sc->tables[fk->from];
		to = &sc->tables[fk->to];
		if (!d->plan->table || !rows_of(sc, d->plan->table, from))
			continue;
		e = &d->edges[d->nedges];
		memset(e, 0, sizeof(*e));
		e->fk = fk;
		e->ncols = fk->ncols;
		e->match_full = fk->match_full;
		e->set_null = fk->on_delete == PGS_FK_SET_NULL;
		names = calloc(fk->ncols + 1, sizeof(*names));
		e->null_names = calloc(fk->ncols + 1, sizeof(*e->null_names));
		if (!names || !e->null_names) {
			free(names);
			free(e->null_names);
			return nomem(err);
		}
		e->names = names;
		d->nedges++;
		for (i = 0; i < fk->ncols; i++)
			names[i] = from->cols[fk->from_cols[i]].name;
		if (e->set_null) {
			size_t n = fk->nset_cols ? fk->nset_cols : fk->ncols;

			for (i = 0; i < n; i++) {
				size_t k = fk->nset_cols ? fk->set_cols[i] : i;

				if (k < fk->ncols)
					e->null_names[e->nnull++] = names[k];
			}
		}
		d->causes[d->nedges - 1].constraint = fk->name;
		e->cause = d->nedges - 1;
		/* The referenced side: one spec per table and column list. */
		sp = find_spec(s, fk->to, fk->to_names, fk->ncols);
		if (sp < 0) {
			struct spec *v = realloc(s->specs, (s->nspecs + 1) *
						 sizeof(*v));

			if (!v)
				return nomem(err);
			s->specs = v;
			sp = (long)s->nspecs++;
			memset(&v[sp], 0, sizeof(v[sp]));
			v[sp].to = fk->to;
			v[sp].names = fk->to_names;
			v[sp].ncols = fk->ncols;
			(void)to;
		}
		e->spec = (size_t)sp;
	}
	d->counts.causes = d->causes;
	d->counts.ncauses = d->nedges;
	return 0;
}

/* Every dtable whose rows are rows of a spec's table fills it. */
static int add_productions(struct pgs_subset *s, struct pgs_error *err)
{
	const struct pgs_schema *sc = s->plan->schema;
	size_t i, k;

	for (i = 0; i < s->nd; i++) {
		struct dtable *d = &s->d[i];

		d->prods = calloc(s->nspecs + 1, sizeof(*d->prods));
		if (!d->prods)
			return nomem(err);
		for (k = 0; k < s->nspecs; k++) {
			struct spec *sp = &s->specs[k];
			struct production *pr;

			if (!d->plan->table ||
			    !rows_of(sc, d->plan->table, &sc->tables[sp->to]))
				continue;
			pr = &d->prods[d->nprods];
			pr->spec = k;
			d->nprods++;
			sp->pending++;
		}
	}
	return 0;
}

/* Which dtables lose rows, which are affected, which are read first. */
static int name_in(char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

/* Whether edge e's SET NULL sets a column of the list names[n]. */
static int nulls_any(const struct edge *e, char *const *names, size_t n)
{
	size_t j;

	for (j = 0; j < e->nnull; j++)
		if (name_in(names, n, e->null_names[j]))
			return 1;
	return 0;
}

/* Whether a SET NULL of d that fires can cost it a row: it leaves a
 * MATCH FULL key partly NULL (decide() removes the row then). */
static int set_null_may_drop(const struct dtable *d, const struct edge *e)
{
	size_t k;

	for (k = 0; k < d->nedges; k++)
		if (d->edges[k].match_full && d->edges[k].ncols > 1 &&
		    nulls_any(e, d->edges[k].names, d->edges[k].ncols))
			return 1;
	return 0;
}

/*
 * Which dtables lose rows, which are affected, which are read first: a
 * fixed point.  A spec loses keys when a row of a table filling it goes,
 * and also when a SET NULL sets one of its key columns (the key value is
 * gone although the row stays).
 */
static void propagate(struct pgs_subset *s)
{
	size_t i, k, j;
	int changed = 1;

	for (i = 0; i < s->nd; i++)
		s->d[i].loses = s->d[i].truncated || s->d[i].nconds > 0;
	for (k = 0; k < s->nspecs; k++)
		s->specs[k].loses = 0;
	while (changed) {
		changed = 0;
		for (i = 0; i < s->nd; i++) {
			struct dtable *d = &s->d[i];

			for (k = 0; k < d->nprods; k++) {
				struct spec *sp = &s->specs[d->prods[k].spec];
				int lose = d->loses;

				for (j = 0; !lose && j < d->nedges; j++)
					lose = d->edges[j].set_null &&
					       s->specs[d->edges[j].spec].loses &&
					       nulls_any(&d->edges[j], sp->names,
							 sp->ncols);
				if (lose && !sp->loses) {
					sp->loses = 1;
					changed = 1;
				}
			}
		}
		for (i = 0; i < s->nd; i++) {
			struct dtable *d = &s->d[i];

			for (k = 0; !d->loses && k < d->nedges; k++) {
				const struct edge *e = &d->edges[k];

				if (s->specs[e->spec].loses &&
				    (!e->set_null || set_null_may_drop(d, e))) {
					d->loses = 1;
					changed = 1;
				}
			}
		}
	}
	for (i = 0; i < s->nd; i++) {
		struct dtable *d = &s->d[i];

		d->affected = d->loses;
		for (k = 0; k < d->nedges; k++)
			d->affected |= s->specs[d->edges[k].spec].loses;
		for (k = 0; k < d->nprods; k++)
			d->collect |= s->specs[d->prods[k].spec].loses;
	}
}

/*
 * The COPY positions of what the closure reads: the columns of every edge
 * into a spec that loses keys (and those its SET NULL sets), and of every
 * key a collected table fills.  Only those: a key over a generated column
 * (not in the data) stops the run only when the closure needs it.
 */
static int resolve_positions(struct pgs_subset *s, struct pgs_error *err)
{
	size_t i, k, j;

	for (i = 0; i < s->nd; i++) {
		struct dtable *d = &s->d[i];

		int fires = 0;

		for (k = 0; k < d->nedges; k++)
			fires |= d->edges[k].set_null &&
				 s->specs[d->edges[k].spec].loses;
		for (k = 0; k < d->nedges; k++) {
			struct edge *e = &d->edges[k];
			const struct pgs_column **unused = NULL;
			size_t *pos = NULL;

			/* a MATCH FULL key is looked at whenever a SET NULL
			 * of the table may fire (decide()) */
			if (!s->specs[e->spec].loses &&
			    !(fires && e->match_full))
				continue;
			if (positions(d, e->names, e->ncols, &e->cols, &e->types,
				      e->fk->name, err))
				return -1;
			if (!e->set_null)
				continue;
			if (positions(d, e->null_names, e->nnull, &pos, &unused,
				      e->fk->name, err)) {
				free(pos);
				free(unused);
				return -1;
			}
			free(unused);
			e->null_cols = pos;
		}
		for (k = 0; !d->truncated && k < d->nprods; k++) {
			struct production *pr = &d->prods[k];
			const struct spec *sp = &s->specs[pr->spec];
			char what[300];

			if (!sp->loses)
				continue;
			/* name the key by a foreign key that needs it */
			snprintf(what, sizeof(what), "onto %s", sp->names[0]);
			for (j = 0; j < s->nd; j++) {
				size_t m;

				for (m = 0; m < s->d[j].nedges; m++)
					if (s->d[j].edges[m].spec == pr->spec) {
						snprintf(what, sizeof(what), "%s",
							 s->d[j].edges[m].fk->name);
						break;
					}
			}
			if (positions(d, sp->names, sp->ncols, &pr->cols,
				      &pr->types, what, err))
				return -1;
		}
	}
	return 0;
}

/* ON DELETE SET NULL must be able to set its columns to NULL. */
static int check_set_null(struct pgs_subset *s, struct pgs_error *err)
{
	size_t i, k, j;

	for (i = 0; i < s->nd; i++) {
		struct dtable *d = &s->d[i];

		for (k = 0; k < d->nedges; k++) {
			struct edge *e = &d->edges[k];

			if (!e->set_null || !s->specs[e->spec].loses)
				continue;
			for (j = 0; j < e->nnull; j++) {
				const struct pgs_column *c =
					d->plan->cols[e->null_cols[j]].col;
				char t[300];

				if (!c || !c->not_null)
					continue;
				table_name(t, sizeof(t), d->plan->schema,
					   d->plan->name);
				pgs_error_set(err, PGS_ECOVERAGE,
					      "foreign key %s is ON DELETE SET NULL, "
					      "but %s.\"%s\" is NOT NULL: the database "
					      "itself could not delete the rows the "
					      "filters remove", e->fk->name, t,
					      c->name);
				return pgs_error_hint(err, "filter %s with a where "
						      "that keeps the rows it "
						      "references", t);
			}
		}
	}
	return 0;
}

static int mark_changed(struct pgs_subset *s, struct pgs_error *err);

/* Whether a foreign key pgscrub does not understand could take part in the
 * closure: its referenced table (or, not knowing its tables, any table)
 * may lose rows or key values. */
static int unreadable_key_matters(const struct pgs_subset *s,
				  const struct pgs_fkey *fk)
{
	const struct pgs_schema *sc = s->plan->schema;
	size_t i;

	if (fk->from < 0 || fk->to < 0 || (size_t)fk->to >= sc->ntables)
		return 1;
	for (i = 0; i < s->nd; i++)
		if (s->d[i].affected && s->d[i].plan->table &&
		    rows_of(sc, s->d[i].plan->table, &sc->tables[fk->to]))
			return 1;
	return 0;
}


/* Whether an INSERT-data dtable references a table that loses rows. */
static int inserts_lose(const struct pgs_subset *s, const struct dtable *d)
{
	const struct pgs_schema *sc = s->plan->schema;
	size_t f, i;

	for (f = 0; d->plan->table && f < sc->nfkeys; f++) {
		const struct pgs_fkey *fk = &sc->fkeys[f];

		if (fk->from < 0 || fk->to < 0 ||
		    (size_t)fk->from >= sc->ntables ||
		    (size_t)fk->to >= sc->ntables ||
		    !rows_of(sc, d->plan->table, &sc->tables[fk->from]))
			continue;
		for (i = 0; i < s->nd; i++)
			if (s->d[i].loses && s->d[i].plan->table &&
			    rows_of(sc, s->d[i].plan->table, &sc->tables[fk->to]))
				return 1;
	}
	return 0;
}

int pgs_subset_build(struct pgs_subset **out, const struct pgs_plan *p,
		     const unsigned char *master_key, struct pgs_error *err)
{
	const struct pgs_archive *a = p->archive;
	const struct pgs_plan_table *pt_inserts = NULL;
	struct pgs_subset *s;
	size_t i, n = 0, any = 0;

	*out = NULL;
	if (!a)
		return pgs_error_set(err, PGS_EINTERNAL, "subset: no archive");
	/* Anything to do at all? */
	for (i = 0; i < p->ntables; i++) {
		const struct pgs_plan_table *pt = &p->tables[i];
		size_t k;

		if (pt->data_index < 0)
			continue;
		n++;
		any |= pt->action == PGS_PLAN_TRUNCATE;
		for (k = 0; k < pt->nchain; k++)
			any |= pt->chain[k].rules && pt->chain[k].rules->where;
	}
	if (!any)
		return 0;
	s = calloc(1, sizeof(*s));
	if (!s)
		return nomem(err);
	s->plan = p;
	s->ntoc = a->ntoc;
	s->utf8 = !a->encoding[0] || strcmp(a->encoding, "UTF8") == 0;
	pgs_buf_init(&s->scratch, PGS_MAX_ROW);
	pgs_buf_init(&s->keybuf, PGS_MAX_ROW);
	pgs_copy_reader_init(&s->reader, PGS_MAX_ROW);
	s->d = calloc(n + 1, sizeof(*s->d));
	s->by_pt = malloc((p->ntables + 1) * sizeof(*s->by_pt));
	s->by_toc = malloc((a->ntoc + 1) * sizeof(*s->by_toc));
	if (!s->d || !s->by_pt || !s->by_toc)
		goto nomem;
	for (i = 0; i < p->ntables; i++)
		s->by_pt[i] = -1;
	for (i = 0; i < a->ntoc; i++)
		s->by_toc[i] = -1;
	if (master_key) {
		pgs_keyed_subkey(s->subkey, master_key, "subset-key");
	} else {
		/* The hashes live for this run only: any key will do. */
		unsigned char m[PGS_MASTER_KEY_BYTES];

		pgs_keyed_master_random(m);
		pgs_keyed_subkey(s->subkey, m, "subset-key");
		sodium_memzero(m, sizeof(m));
	}
	for (i = 0; i < p->ntables; i++) {
		const struct pgs_plan_table *pt = &p->tables[i];
		struct dtable *d;

		if (pt->data_index < 0)
			continue;
		d = &s->d[s->nd];
		d->pt = (long)i;
		d->toc = (size_t)pt->data_index;
		d->plan = pt;
		d->ncols = pt->ncols;
		d->truncated = pt->action == PGS_PLAN_TRUNCATE;
		d->index = -1;
		s->by_pt[i] = (long)s->nd;
		s->by_toc[d->toc] = (long)s->nd;
		s->nd++;
		d->fields = calloc(pt->ncols + 2, sizeof(*d->fields));
		d->nulled = calloc(pt->ncols + 1, 1);
		if (!d->fields || !d->nulled)
			goto nomem;
		if (pt->inserts) {
			d->inserts = 1;
			if (has_where(pt))
				goto inserts;
			continue;
		}
		if (!d->truncated &&
		    (compile_wheres(s, d, master_key, err) || add_edges(s, d, err)))
			goto fail;
	}
	if (add_productions(s, err))
		goto fail;
	propagate(s);
	if (resolve_positions(s, err))
		goto fail;
	for (i = 0; i < s->nd; i++)
		if (s->d[i].inserts && inserts_lose(s, &s->d[i])) {
			pt_inserts = s->d[i].plan;
			goto inserts;
		}
	/* Statistics of tables that change are the resolver's to drop; a key
	 * the closure needs must be understood. */
	for (i = 0; i < p->schema->nfkeys; i++) {
		const struct pgs_fkey *fk = &p->schema->fkeys[i];

		if (!fk->parse_error || !unreadable_key_matters(s, fk))
			continue;
		pgs_error_set(err, PGS_ECOVERAGE, "%s", fk->parse_error);
		pgs_error_hint(err, "rows are filtered (where, truncate), and "
			       "pgscrub cannot follow this foreign key to keep "
			       "the copy consistent");
		goto fail;
	}
	if (check_set_null(s, err) || mark_changed(s, err))
		goto fail;
	*out = s;
	return 0;
inserts:
	{
		char t[300];

		if (!pt_inserts)
			pt_inserts = &p->tables[i];
		table_name(t, sizeof(t), pt_inserts->schema, pt_inserts->name);
		pgs_error_set(err, PGS_EUSAGE, "the rows of %s would be filtered, "
			      "but it is dumped as INSERT statements (pg_dump "
			      "--inserts), which pgscrub cannot filter row by "
			      "row", t);
		pgs_error_hint(err, "dump without --inserts or --column-inserts");
		goto fail;
	}
nomem:
	nomem(err);
fail:
	pgs_subset_free(s);
	return -1;
}

int pgs_subset_affects(const struct pgs_subset *s, size_t idx)
{
	return s && idx < s->ntoc && s->by_toc[idx] >= 0 &&
	       s->d[s->by_toc[idx]].affected;
}

int pgs_subset_changes_table(const struct pgs_subset *s, long pt)
{
	return s && pt >= 0 && (size_t)pt < s->plan->ntables && s->changed &&
	       s->changed[pt];
}

int pgs_subset_needs_collect(const struct pgs_subset *s)
{
	size_t i;

	for (i = 0; s && i < s->nd; i++)
		if (s->d[i].collect && !s->d[i].truncated)
			return 1;
	return 0;
}

/* changed[] for every affected dtable's table and its ancestors. */
static int mark_changed(struct pgs_subset *s, struct pgs_error *err)
{
	const struct pgs_schema *sc = s->plan->schema;
	size_t i;

	s->changed = calloc(s->plan->ntables + 1, 1);
	if (!s->changed)
		return nomem(err);
	for (i = 0; i < s->nd; i++) {
		const struct pgs_table *t = s->d[i].plan->table;

		if (!s->d[i].affected)
			continue;
		s->changed[s->d[i].pt] = 1;
		if (t)
			pgs_plan_mark_ancestors(sc, t, s->changed);
	}
	return 0;
}

/* ---- deciding a row ----------------------------------------------------- */

enum verdict { KEEP = 0, DROP_FILTER, DROP_CASCADE };

/* Whether spec sp has hash h, as the pass at hand sees it. */
static int spec_has(const struct spec *sp, const unsigned char *h)
{
	if (sp->final)
		return keyset_has(&sp->cur, h);
	/* inside a cycle being read */
	if (keyset_has(&sp->base, h))
		return 1;
	return sp->unconstrained || keyset_has(&sp->prev, h);
}

/* Whether the row f references, through e, a key that is gone: 1, else 0
 * (present, or NULL as its MATCH says), -1 on error. */
static int gone(struct pgs_subset *s, const struct edge *e,
		const struct pgs_slice *f, struct pgs_error *err)
{
	const struct spec *sp = &s->specs[e->spec];
	unsigned char h[KEY_BYTES];
	int r;

	if (!sp->loses)
		return 0;
	r = key_hash(s, f, e->cols, e->types, e->ncols, e->match_full, NULL,
		     h, err);
	if (r < 0)
		return -1;
	return r == 0 && !spec_has(sp, h);
}

static int decide(struct pgs_subset *s, struct dtable *d,
		  const struct pgs_slice *f, enum verdict *v, size_t *cause,
		  int *any_nulled, struct pgs_error *err)
{
	size_t k;

	*v = KEEP;
	*any_nulled = 0;
	memset(d->nulled, 0, d->ncols);
	for (k = 0; k < d->nedges; k++)
		d->edges[k].fired = 0;
	if (d->truncated) {
		*v = DROP_FILTER;
		return 0;
	}
	for (k = 0; k < d->nconds; k++) {
		int r = pgs_cond_eval(d->conds[k], f, err);

		if (r < 0)
			return -1;
		if (r == 0) {
			*v = DROP_FILTER;
			return 0;
		}
	}
	/*
	 * Every key is looked up with the row's own values, so that the
	 * verdict only ever gets worse as the sets shrink (a cycle's passes
	 * rely on it): first the keys that remove the row, then those that
	 * set columns NULL, their columns nulled together.
	 */
	for (k = 0; k < d->nedges; k++) {
		struct edge *e = &d->edges[k];
		int r = e->set_null ? 0 : gone(s, e, f, err);

		if (r < 0)
			return -1;
		if (r) {
			*cause = e->cause;
			*v = DROP_CASCADE;
			return 0;
		}
	}
	for (k = 0; k < d->nedges; k++) {
		struct edge *e = &d->edges[k];
		size_t j;
		int r = e->set_null ? gone(s, e, f, err) : 0;

		if (r < 0)
			return -1;
		if (!r)
			continue;
		*cause = e->cause;
		for (j = 0; j < e->nnull; j++)
			d->nulled[e->null_cols[j]] = 1;
		*any_nulled = 1;
		e->fired = 1;
	}
	/* A MATCH FULL key left partly NULL by that would not hold: the
	 * database would have refused the delete; the row goes. */
	for (k = 0; *any_nulled && k < d->nedges; k++) {
		struct edge *e = &d->edges[k];
		size_t j, nulls = 0, nulled = 0;

		if (!e->match_full || !e->cols)
			continue;
		for (j = 0; j < e->ncols; j++) {
			int was = pgs_copy_is_null(f[e->cols[j]].p,
						   f[e->cols[j]].len);

			nulls += was || d->nulled[e->cols[j]];
			nulled += !was && d->nulled[e->cols[j]];
		}
		if (nulled && nulls < e->ncols) {
			*cause = e->cause;
			*v = DROP_CASCADE;
			return 0;
		}
	}
	return 0;
}

/* Split a row into d->fields; PGS_EINPUT when the count is wrong. */
static int split(struct dtable *d, const char *line, size_t len,
		 uint64_t rowno, struct pgs_error *err)
{
	size_t nf = pgs_copy_split(d->fields, d->ncols + 1, line, len);

	if (d->ncols == 0 ? len != 0 : nf != d->ncols)
		return pgs_error_set(err, PGS_EINPUT, "row %" PRIu64 ": %zu "
				     "fields, but the COPY statement lists %zu "
				     "columns", rowno, nf, d->ncols);
	return 0;
}

/* ---- step 2 ------------------------------------------------------------- */

static int collect_row(void *ctx, const char *line, size_t len,
		       uint64_t rowno, struct pgs_error *err)
{
	struct pgs_subset *s = ctx;
	struct dtable *d = s->cur;
	enum verdict v;
	size_t cause = 0, k;
	int nulled;

	if (split(d, line, len, rowno, err) ||
	    decide(s, d, d->fields, &v, &cause, &nulled, err))
		return -1;
	if (v != KEEP)
		return 0;
	for (k = 0; k < d->nprods; k++) {
		struct production *pr = &d->prods[k];
		struct spec *sp = &s->specs[pr->spec];
		unsigned char h[KEY_BYTES];
		int r;

		if (!sp->loses)
			continue;
		r = key_hash(s, d->fields, pr->cols, pr->types, sp->ncols, 0,
			     d->nulled, h, err);
		if (r < 0)
			return -1;
		if (r == 0 && keyset_add(&sp->cur, h, err))
			return -1;
	}
	return 0;
}

static int collect_sink(void *ctx, const void *p, size_t n,
			struct pgs_error *err)
{
	struct pgs_subset *s = ctx;

	return pgs_copy_reader_feed(&s->reader, p, n, collect_row, s, err);
}

/* One pass over d's rows (none for a truncated table). */
static int read_table(struct pgs_subset *s, struct dtable *d,
		      pgs_subset_read_fn read, void *ctx, struct pgs_error *err)
{
	if (d->truncated)
		return 0;
	s->cur = d;
	pgs_copy_reader_reset(&s->reader);
	if (read(ctx, d->toc, collect_sink, s, err) ||
	    pgs_copy_reader_finish(&s->reader, err))
		return -1;
	return 0;
}

static void producer_done(struct pgs_subset *s, struct dtable *d)
{
	size_t k;

	for (k = 0; k < d->nprods; k++) {
		struct spec *sp = &s->specs[d->prods[k].spec];

		if (sp->pending)
			sp->pending--;
		if (sp->pending == 0 && !sp->final) {
			keyset_finish(&sp->cur);
			sp->final = 1;
		}
	}
}

/* Whether d (collected) depends on e: d references a spec e fills. */
static int depends(const struct pgs_subset *s, const struct dtable *d,
		   const struct dtable *e)
{
	size_t i, k;

	for (i = 0; i < d->nedges; i++) {
		if (!s->specs[d->edges[i].spec].loses)
			continue;
		for (k = 0; k < e->nprods; k++)
			if (e->prods[k].spec == d->edges[i].spec)
				return 1;
	}
	return 0;
}

/* Whether spec k is filled by a member of comp. */
static int comp_fills(const struct pgs_subset *s, const long *comp, size_t n,
		      size_t k)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < s->d[comp[i]].nprods; j++)
			if (s->d[comp[i]].prods[j].spec == k)
				return 1;
	return 0;
}

/*
 * A strongly connected component, read until it stops losing rows.  Every
 * spec it looks up is filled by its members or complete already (a
 * dtable depends on every filler of what it looks up).  Inside a cycle a
 * lookup sees the last pass's set plus what fillers outside the cycle gave
 * (the base); the first pass lets every key through.
 */
static int read_component(struct pgs_subset *s, long *comp, size_t n,
			  pgs_subset_read_fn read, void *ctx,
			  struct pgs_error *err)
{
	size_t i, k;

	if (n == 1 && !depends(s, &s->d[comp[0]], &s->d[comp[0]])) {
		if (read_table(s, &s->d[comp[0]], read, ctx, err))
			return -1;
		producer_done(s, &s->d[comp[0]]);
		return 0;
	}
	for (k = 0; k < s->nspecs; k++) {
		struct spec *sp = &s->specs[k];

		if (sp->final || !sp->loses || !comp_fills(s, comp, n, k))
			continue;
		keyset_finish(&sp->cur);
		sp->base = sp->cur;
		memset(&sp->cur, 0, sizeof(sp->cur));
		sp->unconstrained = 1;
	}
	for (;;) {
		int changed = 0;

		for (i = 0; i < n; i++)
			if (read_table(s, &s->d[comp[i]], read, ctx, err))
				return -1;
		/* Settled when no set changed: a pass can keep as many rows
		 * and still lose keys (a key column set NULL). */
		for (k = 0; k < s->nspecs; k++) {
			struct spec *sp = &s->specs[k];

			if (sp->final || !sp->loses || !comp_fills(s, comp, n, k))
				continue;
			keyset_finish(&sp->cur);
			changed |= sp->unconstrained || sp->prev.n != sp->cur.n ||
				   (sp->cur.n && memcmp(sp->prev.v, sp->cur.v,
							sp->cur.n * KEY_BYTES) != 0);
			keyset_free(&sp->prev);
			sp->prev = sp->cur;
			memset(&sp->cur, 0, sizeof(sp->cur));
			sp->unconstrained = 0;
		}
		if (!changed)
			break;
	}
	/* prev is the fixed point; with the base, what the cycle gives. */
	for (k = 0; k < s->nspecs; k++) {
		struct spec *sp = &s->specs[k];

		if (sp->final || !sp->loses || !comp_fills(s, comp, n, k))
			continue;
		sp->cur = sp->prev;
		memset(&sp->prev, 0, sizeof(sp->prev));
		if (keyset_merge(&sp->cur, &sp->base, err))
			return -1;
	}
	for (i = 0; i < n; i++)
		producer_done(s, &s->d[comp[i]]);
	return 0;
}

struct tarjan {
	struct pgs_subset *s;
	pgs_subset_read_fn read;
	void *ctx;
	long *comp;
};

static int strongconnect(struct tarjan *t, long v, struct pgs_error *err)
{
	struct pgs_subset *s = t->s;
	struct dtable *d = &s->d[v];
	size_t w;

	d->index = d->low = s->next_index++;
	s->stack[s->nstack++] = v;
	d->on_stack = 1;
	for (w = 0; w < s->nd; w++) {
		struct dtable *e = &s->d[w];

		if (!e->collect || !depends(s, d, e))
			continue;
		if (e->index < 0) {
			if (strongconnect(t, (long)w, err))
				return -1;
			if (e->low < d->low)
				d->low = e->low;
		} else if (e->on_stack && e->index < d->low) {
			d->low = e->index;
		}
	}
	if (d->low == d->index) {
		size_t n = 0;
		long x;

		do {
			x = s->stack[--s->nstack];
			s->d[x].on_stack = 0;
			t->comp[n++] = x;
		} while (x != v);
		return read_component(s, t->comp, n, t->read, t->ctx, err);
	}
	return 0;
}

int pgs_subset_collect(struct pgs_subset *s, pgs_subset_read_fn read,
		       void *ctx, struct pgs_error *err)
{
	struct tarjan t;
	size_t i;
	int rc = 0;

	if (!s)
		return 0;
	s->stack = calloc(s->nd + 1, sizeof(*s->stack));
	t.comp = calloc(s->nd + 1, sizeof(*t.comp));
	if (!s->stack || !t.comp) {
		free(t.comp);
		return nomem(err);
	}
	t.s = s;
	t.read = read;
	t.ctx = ctx;
	for (i = 0; i < s->nd && rc == 0; i++)
		if (s->d[i].collect && s->d[i].index < 0)
			rc = strongconnect(&t, (long)i, err);
	/* A spec of a table nothing is read for (no data) is empty. */
	for (i = 0; i < s->nspecs && rc == 0; i++)
		if (!s->specs[i].final) {
			keyset_finish(&s->specs[i].cur);
			s->specs[i].final = 1;
		}
	free(t.comp);
	free(s->stack);
	s->stack = NULL;
	return rc;
}

/* ---- step 3 ------------------------------------------------------------- */

int pgs_subset_row(struct pgs_subset *s, size_t idx,
		   const struct pgs_slice *fields, size_t nfields,
		   const unsigned char **nulled, struct pgs_error *err)
{
	struct dtable *d;
	enum verdict v;
	size_t cause = 0;
	int any;

	*nulled = NULL;
	if (!pgs_subset_affects(s, idx))
		return 1;
	d = &s->d[s->by_toc[idx]];
	if (nfields != d->ncols)
		return pgs_error_set(err, PGS_EINTERNAL, "subset: %zu fields for "
				     "%zu columns", nfields, d->ncols);
	d->counts.rows_in++;
	if (decide(s, d, fields, &v, &cause, &any, err))
		return -1;
	switch (v) {
	case DROP_FILTER:
		d->counts.removed_by_filter++;
		return 0;
	case DROP_CASCADE:
		d->counts.removed_by_cascade++;
		d->causes[cause].removed++;
		return 0;
	default:
		break;
	}
	d->counts.kept++;
	if (any) {
		size_t k;

		d->counts.nulled++;
		for (k = 0; k < d->nedges; k++)
			if (d->edges[k].fired)
				d->causes[d->edges[k].cause].nulled++;
		*nulled = d->nulled;
	}
	return 1;
}

const struct pgs_subset_counts *pgs_subset_counts(const struct pgs_subset *s,
						  size_t idx)
{
	if (!pgs_subset_affects(s, idx))
		return NULL;
	return &s->d[s->by_toc[idx]].counts;
}

void pgs_subset_free(struct pgs_subset *s)
{
	size_t i, k;

	if (!s)
		return;
	for (i = 0; i < s->nd; i++) {
		struct dtable *d = &s->d[i];

		for (k = 0; k < d->nconds; k++)
			pgs_cond_free(d->conds[k]);
		free(d->conds);
		for (k = 0; k < d->nedges; k++) {
			free(d->edges[k].cols);
			free(d->edges[k].types);
			free(d->edges[k].null_cols);
			free(d->edges[k].names);
			free(d->edges[k].null_names);
		}
		free(d->edges);
		for (k = 0; k < d->nprods; k++) {
			free(d->prods[k].cols);
			free(d->prods[k].types);
		}
		free(d->prods);
		free(d->causes);
		free(d->fields);
		free(d->nulled);
	}
	for (i = 0; i < s->nspecs; i++) {
		keyset_free(&s->specs[i].cur);
		keyset_free(&s->specs[i].base);
		keyset_free(&s->specs[i].prev);
	}
	free(s->specs);
	free(s->d);
	free(s->by_pt);
	free(s->by_toc);
	free(s->changed);
	free(s->stack);
	pgs_buf_release(&s->scratch);
	pgs_buf_release(&s->keybuf);
	pgs_copy_reader_release(&s->reader);
	sodium_memzero(s->subkey, sizeof(s->subkey));
	free(s);
}

/* ---- for check ---------------------------------------------------------- */

/* Whether a column fk's SET NULL sets is referenced by a foreign key. */
static int nulls_referenced(const struct pgs_schema *s,
			    const struct pgs_fkey *fk)
{
	const struct pgs_table *from = &s->tables[fk->from];
	size_t n = fk->nset_cols ? fk->nset_cols : fk->ncols, i, g, j;

	for (i = 0; i < n; i++) {
		size_t k = fk->nset_cols ? fk->set_cols[i] : i;
		const char *name;

		if (k >= fk->ncols || fk->from_cols[k] >= from->ncols)
			continue;
		name = from->cols[fk->from_cols[k]].name;
		for (g = 0; g < s->nfkeys; g++) {
			const struct pgs_fkey *o = &s->fkeys[g];

			if (o->parse_error || o->to < 0 ||
			    (size_t)o->to >= s->ntables || !o->to_names ||
			    !rows_of(s, from, &s->tables[o->to]))
				continue;
			for (j = 0; j < o->ncols; j++)
				if (o->to_names[j] && strcmp(o->to_names[j], name) == 0)
					return 1;
		}
	}
	return 0;
}

int pgs_subset_cascade(const struct pgs_schema *s, const struct pgs_table *t,
		       struct pgs_subset_step **out, size_t *n,
		       struct pgs_error *err)
{
	struct pgs_subset_step *v;
	size_t *queue, *depth, head = 0, tail = 0, i, f, nv = 0, cap;
	unsigned char *seen;

	*out = NULL;
	*n = 0;
	cap = s->nfkeys + 1;
	v = calloc(cap, sizeof(*v));
	queue = calloc(s->ntables + 1, sizeof(*queue));
	depth = calloc(s->ntables + 1, sizeof(*depth));
	seen = calloc(s->ntables + 1, 1);
	if (!v || !queue || !depth || !seen) {
		free(v);
		free(queue);
		free(depth);
		free(seen);
		return nomem(err);
	}
	/* t and its partitions lose rows. */
	for (i = 0; i < s->ntables; i++)
		if (rows_of(s, &s->tables[i], t)) {
			seen[i] = 1;
			queue[tail++] = i;
		}
	while (head < tail) {
		size_t cur = queue[head++];

		for (f = 0; f < s->nfkeys && nv < cap; f++) {
			const struct pgs_fkey *fk = &s->fkeys[f];
			size_t j;

			if (fk->parse_error || fk->from < 0 || fk->to < 0 ||
			    (size_t)fk->from >= s->ntables ||
			    (size_t)fk->to >= s->ntables ||
			    !rows_of(s, &s->tables[cur], &s->tables[fk->to]))
				continue;
			for (j = 0; j < nv; j++)
				if (v[j].via == fk)
					break;
			if (j < nv)
				continue;
			v[nv].table = &s->tables[fk->from];
			v[nv].via = fk;
			v[nv].from = &s->tables[fk->to];
			v[nv].set_null = fk->on_delete == PGS_FK_SET_NULL;
			v[nv].depth = depth[cur] + 1;
			nv++;
			/* SET NULL takes the row's key values with it only
			 * where another key references a column it sets. */
			if (fk->on_delete == PGS_FK_SET_NULL &&
			    !nulls_referenced(s, fk))
				continue;
			/* The referencing table, and its partitions, lose rows. */
			for (j = 0; j < s->ntables; j++)
				if (!seen[j] &&
				    rows_of(s, &s->tables[j], &s->tables[fk->from])) {
					seen[j] = 1;
					depth[j] = depth[cur] + 1;
					queue[tail++] = j;
				}
		}
	}
	free(queue);
	free(depth);
	free(seen);
	*out = v;
	*n = nv;
	return 0;
}

/* ---- for the run's statistics, and pgscrub plan ---------------------------- */

enum pgs_plan_stats pgs_subset_entry_stats(const struct pgs_subset *s,
					   const struct pgs_plan *p, size_t idx)
{
	const struct pgs_archive *a = p->archive;
	int stats;

	if (!a || idx >= a->ntoc)
		return PGS_PLAN_STATS_KEEP;
	stats = a->toc[idx].desc.p &&
		strcmp(a->toc[idx].desc.p, "STATISTICS DATA") == 0;
	/* No decision (a plan that was not built) keeps no value. */
	if (!p->entry_stats)
		return stats ? PGS_PLAN_STATS_DROP : PGS_PLAN_STATS_KEEP;
	if (stats && pgs_subset_changes_table(s, p->entry_stats_table[idx]))
		return PGS_PLAN_STATS_DROP;
	return p->entry_stats[idx];
}

int pgs_subset_why(const struct pgs_subset *s, size_t idx, size_t k,
		   int *own, const struct pgs_fkey **via, long *to,
		   int *set_null)
{
	const struct dtable *d;
	size_t j, n = 0;

	*own = 0;
	if (!pgs_subset_affects(s, idx))
		return 0;
	d = &s->d[s->by_toc[idx]];
	*own = d->nconds > 0;
	for (j = 0; j < d->nedges; j++) {
		const struct edge *e = &d->edges[j];

		if (!s->specs[e->spec].loses)
			continue;
		if (n++ == k) {
			*via = e->fk;
			*to = s->specs[e->spec].to;
			*set_null = e->set_null;
			return 1;
		}
	}
	return 0;
}
