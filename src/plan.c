/*
 * plan.c — the resolver (plan.h): which rule applies to every column of
 * every table, whether a table is copied, rewritten or truncated, and what
 * becomes of its statistics.  pgscrub check, init and the run all read the
 * plan built here, so a rules file means one thing.
 *
 * The run's plan follows the archive's TOC, in order, as pg_restore does:
 * each TABLE DATA entry is matched to its TABLE (schema.c) through
 * data_index, its COPY statement gives the columns the rows hold, and each
 * rule is compiled for its column.  check's plan follows the schema alone,
 * which may come from a live database (catalog.c).
 */
#include "pgscrub/plan.h"
#include "pgscrub/condition.h"

#include <assert.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/buf.h"
#include "pgscrub/sql_lex.h"

/* Longer parent chains are not something people build. */
#define MAX_CHAIN 64
/* Partition trees and inheritance deeper than this are refused by schema.c
 * long before; the bound only keeps loops finite. */
#define MAX_DEPTH 64

static const struct pgs_expr keep_expr = { (char *)"keep", NULL, 0, 0 };

static int nomem(struct pgs_error *err)
{
	return pgs_error_set(err, PGS_ENOMEM, "out of memory");
}

static int str_eq(const struct pgs_str *s, const char *lit)
{
	return s->p && strcmp(s->p, lit) == 0;
}

/* schema.table[.column] as PostgreSQL quotes them, into buf. */
static const char *qualified(char *buf, size_t size, const char *schema,
			     const char *table, const char *column)
{
	struct pgs_buf b;
	struct pgs_error e;
	char ex[PGS_EXCERPT_SIZE(256)];   /* names may hold ESC, BEL, ... */

	pgs_buf_init(&b, 1024);
	if (pgs_ident_quote(&b, schema, &e) || pgs_buf_addc(&b, '.', &e) ||
	    pgs_ident_quote(&b, table, &e) ||
	    (column && (pgs_buf_addc(&b, '.', &e) ||
			pgs_ident_quote(&b, column, &e))))
		snprintf(buf, size, "%s.%s%s%s", schema, table,
			 column ? "." : "", column ? column : "");
	else
		snprintf(buf, size, "%s", b.data);
	pgs_buf_release(&b);
	snprintf(buf, size, "%s", pgs_excerpt(ex, buf, strlen(buf), 256));
	return buf;
}

static const char *rules_name(const struct pgs_plan *p)
{
	return p->rules && p->rules->path ? p->rules->path : "rules";
}

/* ---- the schema's shape ------------------------------------------------- */

const struct pgs_table *pgs_plan_parent(const struct pgs_schema *s,
					const struct pgs_table *t, size_t k)
{
	long i;

	if (k >= t->nparents)
		return NULL;
	i = t->parents[k];
	if (i < 0 || (size_t)i >= s->ntables)
		return NULL;
	return &s->tables[i];
}

const struct pgs_table *pgs_plan_partition_root(const struct pgs_schema *s,
						const struct pgs_table *t)
{
	int depth;

	for (depth = 0; depth < MAX_DEPTH && t->nparents == 1; depth++) {
		const struct pgs_table *par = pgs_plan_parent(s, t, 0);

		if (!par || par->relkind != 'p')
			break;
		t = par;
	}
	return t;
}

/*
 * Whether b is a or one of a's ancestors.  memo (one byte per schema table,
 * zeroed, reusable for the same b) remembers each table's answer, so every
 * table is walked once however many paths lead to it: a lattice of tables
 * each inheriting from the two above would otherwise take 2^depth steps.
 * The recursion is as deep as the longest chain of parents (schema.c bounds
 * it); a cycle, which schema.c refuses, would read as "no".
 */
enum { WALK_UNKNOWN = 0, WALK_YES, WALK_NO, WALK_BUSY };

static int descends(const struct pgs_schema *s, const struct pgs_table *a,
		    const struct pgs_table *b, unsigned char *memo)
{
	size_t i = (size_t)(a - s->tables), k;
	int r = 0;

	if (a == b)
		return 1;
	if (memo[i] != WALK_UNKNOWN)
		return memo[i] == WALK_YES;
	memo[i] = WALK_BUSY;
	for (k = 0; k < a->nparents && !r; k++) {
		const struct pgs_table *par = pgs_plan_parent(s, a, k);

		r = par && descends(s, par, b, memo);
	}
	memo[i] = r ? WALK_YES : WALK_NO;
	return r;
}

int pgs_plan_descends_from(const struct pgs_schema *s,
			   const struct pgs_table *a, const struct pgs_table *b)
{
	unsigned char *memo = calloc(s->ntables + 1, 1);
	int r;

	if (!memo)
		return 1;   /* fail closed: fit the rule to more columns */
	r = descends(s, a, b, memo);
	free(memo);
	return r;
}

static size_t table_no(const struct pgs_plan *p, const struct pgs_table *t)
{
	assert(t >= p->schema->tables && t < p->schema->tables + p->schema->ntables);
	return (size_t)(t - p->schema->tables);
}

const struct pgs_plan_table *pgs_plan_table_of(const struct pgs_plan *p,
					       const struct pgs_table *t)
{
	return &p->tables[table_no(p, t)];
}

struct pgs_plan_table *pgs_plan_entry_table(const struct pgs_plan *p,
					    size_t idx)
{
	if (!p->entry_table || p->entry_table[idx] < 0)
		return NULL;
	return &p->tables[p->entry_table[idx]];
}

int pgs_plan_section_columns(const struct pgs_plan *p,
			     const struct pgs_table *target, const char *col,
			     const struct pgs_column ***out, size_t *n,
			     struct pgs_error *err)
{
	const struct pgs_schema *s = p->schema;
	const struct pgs_column **v;
	const struct pgs_column *pc;
	unsigned char *memo;
	size_t i;

	*n = 0;
	v = malloc((s->ntables + 1) * sizeof(*v));
	memo = calloc(s->ntables + 1, 1);
	if (!v || !memo) {
		free(v);
		free(memo);
		return nomem(err);
	}
	if ((pc = pgs_table_column(target, col)))
		v[(*n)++] = pc;
	for (i = 0; i < s->ntables; i++) {
		const struct pgs_table *t = &s->tables[i];

		if (t == target || !p->tables[i].has_data ||
		    !descends(s, t, target, memo))
			continue;
		if ((pc = pgs_table_column(t, col)))
			v[(*n)++] = pc;
	}
	free(memo);
	*out = v;
	return 0;
}

int pgs_plan_fit(struct pgs_anon *an, const struct pgs_table *t,
		 const struct pgs_column *col, struct pgs_error *err)
{
	char q[300];
	const struct pgs_table_ref *mp;

	if (col && col->type.unparsed_name && !pgs_anon_is_keep(an) &&
	    strcmp(pgs_anon_name(an), "null") != 0) {
		/* A domain or type whose definition is not understood: keep
		 * and null need nothing of it, everything else its type. */
		pgs_error_set(err, PGS_ECOVERAGE,
			      "%s needs the type of column %s, but pgscrub does "
			      "not understand the definition of %s %s (%s)",
			      pgs_anon_name(an), col->name, col->type.unparsed_kind,
			      col->type.unparsed_name, col->type.unparsed_error);
		return pgs_error_hint(err, "use null on the column (or truncate "
				      "its table; keep if it holds nothing "
				      "personal) until this is fixed; "
				      "'pg_restore -s -f - ARCHIVE' shows the "
				      "definition: please report it");
	}
	if (!col || !col->unknown || pgs_anon_is_keep(an))
		return pgs_anon_fit(an, col, err);
	if (!t) {
		pgs_error_set(err, PGS_ECOVERAGE, "%s needs the column's type, "
			      "which is unknown", pgs_anon_name(an));
		return -1;
	}
	qualified(q, sizeof(q), t->schema, t->name, NULL);
	if (t->parse_error) {
		pgs_error_set(err, PGS_ECOVERAGE,
			      "%s needs the column's type, but pgscrub does not "
			      "understand the definition of table %s (%s)",
			      pgs_anon_name(an), q, t->parse_error);
		return pgs_error_hint(err, "keep the table's columns (or "
				      "truncate it) until this is fixed; "
				      "'pg_restore -s -t %s -f - ARCHIVE' shows "
				      "the definition: please report it", t->name);
	}
	if (t->nmissing_parents) {
		char pq[300];

		mp = &t->missing_parents[0];
		qualified(pq, sizeof(pq), mp->schema, mp->name, NULL);
		pgs_error_set(err, PGS_ECOVERAGE,
			      "%s needs the column's type, but the column is "
			      "inherited from table %s, which is not in the "
			      "archive, so its type is unknown", pgs_anon_name(an), pq);
		return pgs_error_hint(err, "dump the parent too (pg_dump -t %s "
				      "-t %s), or keep the column", pq, q);
	}
	pgs_error_set(err, PGS_ECOVERAGE,
		      "%s needs the column's type, but the column is inherited "
		      "from a parent of %s whose definition pgscrub does not "
		      "understand", pgs_anon_name(an), q);
	return pgs_error_hint(err, "keep the column; 'pg_restore -s -f - "
			      "ARCHIVE' shows the definitions: please report it");
}

const struct pgs_table *pgs_plan_orphan_child(const struct pgs_schema *s,
					      const char *schema,
					      const char *name)
{
	size_t i, k;

	for (i = 0; i < s->ntables; i++)
		for (k = 0; k < s->tables[i].nmissing_parents; k++)
			if (strcmp(s->tables[i].missing_parents[k].schema, schema) == 0 &&
			    strcmp(s->tables[i].missing_parents[k].name, name) == 0)
				return &s->tables[i];
	return NULL;
}

/* ---- resolution ----------------------------------------------------------- */

static const struct pgs_qualname *truncate_entry(const struct pgs_rules *r,
						 const char *schema,
						 const char *table)
{
	size_t i;

	for (i = 0; r && i < r->ntruncate; i++)
		if (strcmp(r->truncate[i].schema, schema) == 0 &&
		    strcmp(r->truncate[i].table, table) == 0)
			return &r->truncate[i];
	return NULL;
}

/*
 * truncate = ... names the table or one of its ancestors: like TRUNCATE in
 * PostgreSQL, truncating a partitioned table or an inheritance parent
 * empties its partitions and children.
 */
/* Each table's answer is kept (p->trunc_memo): every table is walked
 * once, as in descends(). */
static const struct pgs_qualname *truncated_by(const struct pgs_plan *p,
					       const struct pgs_table *t,
					       const char *schema,
					       const char *table)
{
	const struct pgs_qualname *q = truncate_entry(p->rules, schema, table);
	size_t i, ti;

	if (q || !t)
		return q;
	ti = (size_t)(t - p->schema->tables);
	if (p->trunc_state[ti] != WALK_UNKNOWN)
		return p->trunc_memo[ti];   /* NULL while BUSY: a cycle */
	p->trunc_state[ti] = WALK_BUSY;
	for (i = 0; i < t->nparents && !q; i++) {
		const struct pgs_table *par = pgs_plan_parent(p->schema, t, i);

		if (par)
			q = truncated_by(p, par, par->schema, par->name);
	}
	/* A parent that is not in the archive (pg_dump -t child) is no part
	 * of the chain, but truncating it still empties its children. */
	for (i = 0; i < t->nmissing_parents && !q; i++)
		q = truncate_entry(p->rules, t->missing_parents[i].schema,
				   t->missing_parents[i].name);
	p->trunc_state[ti] = WALK_YES;
	p->trunc_memo[ti] = q;
	return q;
}

static void resolve_truncate(const struct pgs_plan *p,
			     struct pgs_plan_table *pt)
{
	const struct pgs_qualname *q = truncated_by(p, pt->table, pt->schema,
						    pt->name);

	pt->truncate_entry = q;
	if (!q)
		pt->truncated = PGS_PLAN_NOT_TRUNCATED;
	else if (strcmp(q->schema, pt->schema) == 0 &&
		 strcmp(q->table, pt->name) == 0)
		pt->truncated = PGS_PLAN_TRUNCATE_NAMED;
	else
		pt->truncated = PGS_PLAN_TRUNCATE_PARENT;
}

static const struct pgs_table_rules *find_section(const struct pgs_plan *p,
						  const char *schema,
						  const char *table)
{
	return p->rules ? pgs_rules_find_table(p->rules, schema, table) : NULL;
}

/*
 * The rules sections that apply to a table: its own, then those of its
 * partition parents and inheritance parents, nearest first, so that a
 * section for a parent covers its partitions and children.
 */
static int resolve_chain(const struct pgs_plan *p, struct pgs_plan_table *pt,
			 struct pgs_error *err)
{
	const struct pgs_table *queue[MAX_CHAIN];
	size_t nq = 0, qi = 0, i;
	const struct pgs_table_rules *tr;

	pt->chain = calloc(MAX_CHAIN, sizeof(*pt->chain));
	if (!pt->chain)
		return nomem(err);
	pt->nchain = 0;
	tr = find_section(p, pt->schema, pt->name);
	if (tr) {
		pt->chain[pt->nchain].rules = tr;
		pt->chain[pt->nchain++].table = pt->table;
	}
	if (pt->table)
		queue[nq++] = pt->table;
	while (qi < nq && pt->nchain < MAX_CHAIN) {
		const struct pgs_table *cur = queue[qi++];

		for (i = 0; i < cur->nparents && nq < MAX_CHAIN; i++) {
			const struct pgs_table *par = pgs_plan_parent(p->schema, cur, i);

			size_t q;

			/* Once each: in a lattice (tables inheriting from two
			 * tables with a common parent) paths meet. */
			for (q = 0; par && q < nq; q++)
				if (queue[q] == par)
					par = NULL;
			if (!par)
				continue;
			queue[nq++] = par;
			tr = find_section(p, par->schema, par->name);
			if (tr && pt->nchain < MAX_CHAIN) {
				pt->chain[pt->nchain].rules = tr;
				pt->chain[pt->nchain++].table = par;
			}
		}
	}
	return 0;
}

/* The rule naming column in pattern section tr (never "*": the parser
 * refuses it there), or NULL. */
static const struct pgs_column_rule *pattern_rule(const struct pgs_table_rules *tr,
						  const char *column)
{
	size_t j;

	for (j = 0; tr && j < tr->ncols; j++)
		if (!tr->cols[j].is_star && !tr->cols[j].is_type &&
		    strcmp(tr->cols[j].column, column) == 0)
			return &tr->cols[j];
	return NULL;
}

/* ---- rules by type ---------------------------------------------------------- */

/* A type's name as written, for comparing two spellings of one name. */
struct type_key {
	char name[4 * PGS_IDENT_MAX + 16]; /* words folded and joined by ' ',
					      parts by '.'; pg_catalog. off */
	char typmod[64];                   /* inside the parentheses, no blanks */
	int qualified;                     /* schema.name outside pg_catalog */
	int array;
	int ok;                            /* it fitted */
};

static void key_add(char *dst, size_t size, const char *p, size_t n, int fold)
{
	size_t len = strlen(dst), i;

	for (i = 0; i < n && len + 1 < size; i++) {
		char ch = p[i];

		if (fold && ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		dst[len++] = ch;
	}
	dst[len] = '\0';
}

static void type_key(struct type_key *k, const char *text)
{
	struct pgs_sql_tokens tv = PGS_SQL_TOKENS_INIT;
	struct pgs_sql_lexer lx;
	struct pgs_error e;
	size_t i, n;
	int depth = 0;

	memset(k, 0, sizeof(*k));
	pgs_sql_lexer_init(&lx, text, strlen(text), 1);
	if (pgs_sql_lex_all(&tv, &lx, &e))
		goto done;
	n = tv.n - 1;
	while (n >= 2 && tv.v[n - 1].kind == PGS_SQL_RBRACK) {
		n -= tv.v[n - 2].kind == PGS_SQL_LBRACK ? 2 : 3;
		k->array = 1;
	}
	for (i = 0; i < n && i < tv.n; i++) {
		const struct pgs_sql_token *t = &tv.v[i];

		if (t->kind == PGS_SQL_LPAREN) {
			depth++;
		} else if (t->kind == PGS_SQL_RPAREN) {
			depth--;
		} else if (depth > 0) {
			key_add(k->typmod, sizeof(k->typmod), t->p, t->len, 1);
		} else if (t->kind == PGS_SQL_DOT) {
			if (strcmp(k->name, "pg_catalog") == 0)
				k->name[0] = '\0';
			else
				k->qualified = 1, key_add(k->name, sizeof(k->name), ".", 1, 0);
		} else if (t->kind == PGS_SQL_WORD) {
			if (k->name[0] && k->name[strlen(k->name) - 1] != '.')
				key_add(k->name, sizeof(k->name), " ", 1, 0);
			key_add(k->name, sizeof(k->name), t->p, t->len, 1);
		} else if (t->kind == PGS_SQL_QIDENT && t->len >= 2) {
			/* "" inside stays doubled: both sides are written so. */
			key_add(k->name, sizeof(k->name), t->p + 1, t->len - 2, 0);
		}
	}
	k->ok = k->name[0] != '\0';
done:
	pgs_sql_tokens_release(&tv);
}

static int builtin_kind(enum pgs_type_kind kind)
{
	return kind != PGS_TYPE_OTHER && kind != PGS_TYPE_ENUM &&
	       kind != PGS_TYPE_COMPOSITE;
}

int pgs_plan_type_matches(const struct pgs_schema *s, const char *type_text,
			  const struct pgs_column *col)
{
	struct pgs_type rt;
	struct pgs_error e;
	struct type_key rk, ck;
	int m = 0;

	if (!col || col->unknown || !col->type.text)
		return 0;
	if (pgs_type_parse(&rt, type_text, s, &e))
		return 0;
	type_key(&rk, type_text);
	type_key(&ck, col->type.text);
	if (!rk.ok || !ck.ok || rk.array != ck.array)
		goto done;
	if (rt.domain || col->type.domain) {
		/* A domain is its own type: only its name covers it. */
		m = rt.domain && col->type.domain &&
		    strcmp(rt.domain, col->type.domain) == 0;
		goto done;
	}
	if (builtin_kind(rt.kind) && !rk.qualified) {
		m = !ck.qualified && col->type.kind == rt.kind &&
		    (!rk.typmod[0] || strcmp(rk.typmod, ck.typmod) == 0) &&
		    /* macaddr and macaddr8 share a kind */
		    (rt.kind != PGS_TYPE_MACADDR || strcmp(rk.name, ck.name) == 0);
		goto done;
	}
	m = rk.qualified == ck.qualified && strcmp(rk.name, ck.name) == 0 &&
	    (!rk.typmod[0] || strcmp(rk.typmod, ck.typmod) == 0);
done:
	pgs_type_release(&rt);
	return m;
}

/* The first rule by type in pattern section tr that covers col, or NULL. */
static const struct pgs_column_rule *pattern_type_rule(
	const struct pgs_schema *s, const struct pgs_table_rules *tr,
	const struct pgs_column *col)
{
	size_t j;

	for (j = 0; col && tr && j < tr->ncols; j++)
		if (tr->cols[j].is_type &&
		    pgs_plan_type_matches(s, tr->cols[j].column, col))
			return &tr->cols[j];
	return NULL;
}

/* A rule naming the column in the nearest section, else the nearest "*";
 * else the rule naming it in [schema.*], else in [*]; else unlisted =
 * keep, else uncovered (plan.h). */
static void resolve_column(const struct pgs_plan *p,
			   const struct pgs_plan_table *pt,
			   struct pgs_plan_column *pc)
{
	size_t i, j;

	for (i = 0; i < pt->nchain; i++)
		for (j = 0; j < pt->chain[i].rules->ncols; j++) {
			const struct pgs_column_rule *cr = &pt->chain[i].rules->cols[j];

			if (!cr->is_star && strcmp(cr->column, pc->name) == 0) {
				pc->source = PGS_PLAN_FROM_SECTION;
				pc->rule = cr;
				pc->from = pt->chain[i].rules;
				pc->section = i;
				pc->rule_text = cr->text;
				return;
			}
		}
	for (i = 0; i < pt->nchain; i++)
		for (j = 0; j < pt->chain[i].rules->ncols; j++) {
			const struct pgs_column_rule *cr = &pt->chain[i].rules->cols[j];

			if (cr->is_star) {
				pc->source = PGS_PLAN_FROM_STAR;
				pc->rule = cr;
				pc->from = pt->chain[i].rules;
				pc->section = i;
				pc->rule_text = cr->text;
				return;
			}
		}
	/* The pattern sections, nearest first: [schema.*] by name, then by
	 * type, then [*] by name, then by type. */
	for (i = 0; i < 4; i++) {
		const struct pgs_table_rules *tr =
			pgs_rules_find_pattern(p->rules, i < 2 ? pt->schema : NULL);
		const struct pgs_column_rule *cr = i % 2 == 0 ?
			pattern_rule(tr, pc->name) :
			pattern_type_rule(p->schema, tr, pc->col);
		static const enum pgs_plan_source src[4] = {
			PGS_PLAN_FROM_SCHEMA, PGS_PLAN_FROM_SCHEMA_TYPE,
			PGS_PLAN_FROM_ALL, PGS_PLAN_FROM_ALL_TYPE
		};

		if (cr) {
			pc->source = src[i];
			pc->rule = cr;
			pc->from = tr;
			pc->section = 0;
			pc->rule_text = cr->text;
			return;
		}
	}
	if (p->rules && p->rules->unlisted == PGS_UNLISTED_KEEP) {
		pc->source = PGS_PLAN_FROM_UNLISTED;
		pc->rule_text = "keep";
	} else {
		pc->source = PGS_PLAN_UNCOVERED;
	}
}

/* ---- where a rule comes from ------------------------------------------------ */

const char *pgs_plan_origin_kind(const struct pgs_plan *p,
				 const struct pgs_plan_table *pt,
				 const struct pgs_plan_column *pc)
{
	switch (pc->source) {
	case PGS_PLAN_UNCOVERED:
		return "uncovered";
	case PGS_PLAN_FROM_UNLISTED:
		return "unlisted";
	case PGS_PLAN_FROM_STAR:
		return "star";
	case PGS_PLAN_FROM_SCHEMA:
		return "schema";
	case PGS_PLAN_FROM_ALL:
		return "all";
	case PGS_PLAN_FROM_SCHEMA_TYPE:
		return "schema-type";
	case PGS_PLAN_FROM_ALL_TYPE:
		return "all-type";
	case PGS_PLAN_FROM_FOLLOW:
		return "follows";
	case PGS_PLAN_FROM_SECTION:
		break;
	}
	return pc->from == find_section(p, pt->schema, pt->name) ? "table"
								 : "parent";
}

void pgs_plan_origin(const struct pgs_plan *p, const struct pgs_plan_table *pt,
		     const struct pgs_plan_column *pc, char *buf, size_t size)
{
	char sec[300];
	const char *kind = pgs_plan_origin_kind(p, pt, pc);

	if (pc->source == PGS_PLAN_FROM_FOLLOW) {
		char ref[400];

		snprintf(buf, size, "follows %s (%s)",
			 qualified(ref, sizeof(ref), pc->follows_table->schema,
				   pc->follows_table->name, pc->follows_col->name),
			 pc->follows->name);
		return;
	}
	if (!pc->rule || !pc->from) {
		snprintf(buf, size, "%s", pc->source == PGS_PLAN_FROM_UNLISTED ?
			 "unlisted = keep" : "no rule");
		return;
	}
	pgs_rules_section_name(pc->from, sec, sizeof(sec));
	if (pc->rule->is_type)
		snprintf(buf, size, "type %s in [%s], %s:%d", pc->rule->column,
			 sec, rules_name(p), pc->rule->line);
	else if (pc->source == PGS_PLAN_FROM_STAR)
		snprintf(buf, size, "* in %s[%s], %s:%d",
			 pc->from == find_section(p, pt->schema, pt->name) ?
			 "" : "parent ", sec, rules_name(p), pc->rule->line);
	else
		snprintf(buf, size, "%s[%s], %s:%d",
			 strcmp(kind, "parent") == 0 ? "parent " : "", sec,
			 rules_name(p), pc->rule->line);
}

/* "RULES:LINE: rule for TABLE.COL" on a rule that does not compile or
 * fit; a pattern section's rule also says which section it is in. */
static int rule_where(const struct pgs_plan *p, const struct pgs_plan_column *pc,
		      const char *table, struct pgs_error *err)
{
	char sec[300], key[300];

	if (!pgs_plan_source_is_pattern(pc->source))
		return pgs_error_where(err, "%s:%d: rule for %s.%s",
				       rules_name(p), pc->rule->line, table,
				       pc->name);
	pgs_rules_section_name(pc->from, sec, sizeof(sec));
	pgs_rules_key(pc->rule, key, sizeof(key));
	return pgs_error_where(err, "%s:%d: rule for %s.%s (%s = %s in [%s])",
			       rules_name(p), pc->rule->line, table, pc->name,
			       key, pc->rule->text, sec);
}

/* Whether a case rule's WHEN branches rewrite (any THEN is not keep):
 * the column is then rewritten whatever its ELSE says. */
static int case_rewrites(const struct pgs_column_rule *cr)
{
	size_t k;

	for (k = 0; cr && k < cr->nbranches; k++)
		if (!cr->branches[k].expr.name ||
		    strcmp(cr->branches[k].expr.name, "keep") != 0)
			return 1;
	return 0;
}

/* ---- the run's plan ------------------------------------------------------- */

int pgs_plan_cond_env(struct pgs_cond_env *env, const struct pgs_plan_table *pt,
		      const unsigned char *master_key, const char *encoding,
		      struct pgs_error *err)
{
	const struct pgs_table *t = pt->table;
	struct pgs_cond_column *cols;
	size_t *pkey, npkey = 0, i, k;

	memset(env, 0, sizeof(*env));
	cols = calloc(pt->ncols + 1, sizeof(*cols));
	pkey = calloc((t ? t->npkey : 0) + 1, sizeof(*pkey));
	if (!cols || !pkey) {
		free(cols);
		free(pkey);
		return nomem(err);
	}
	for (i = 0; i < pt->ncols; i++) {
		cols[i].name = pt->cols[i].name;
		cols[i].col = pt->cols[i].col;
	}
	for (k = 0; t && k < t->npkey; k++) {
		size_t c = t->pkey[k];

		for (i = 0; c < t->ncols && i < pt->ncols; i++)
			if (strcmp(pt->cols[i].name, t->cols[c].name) == 0)
				break;
		if (c >= t->ncols || i == pt->ncols)
			break;
		pkey[npkey++] = i;
	}
	env->cols = cols;
	env->ncols = pt->ncols;
	env->pkey = pkey;
	env->npkey = t && npkey == t->npkey ? npkey : 0;
	env->master_key = master_key;
	env->encoding = encoding && *encoding ? encoding : "UTF8";
	return 0;
}

void pgs_plan_cond_env_release(struct pgs_cond_env *env)
{
	free((void *)(uintptr_t)env->cols);   /* ours: see pgs_plan_cond_env */
	free((void *)(uintptr_t)env->pkey);
	memset(env, 0, sizeof(*env));
}

/*
 * The WHEN branches of a case rule on column pc of pt, compiled once every
 * column of pt is known (a condition may read any of them): each THEN
 * anonymiser fitted to the column like any rule, each condition compiled
 * against the COPY columns.  A rule with no branch is left alone.
 */
static int plan_case(struct pgs_plan *p, struct pgs_plan_table *pt,
		     struct pgs_plan_column *pc, const struct pgs_plan_options *opt,
		     const char *table, struct pgs_error *err)
{
	const struct pgs_column_rule *cr = pc->rule;
	struct pgs_cond_env env;
	size_t k;
	int rc = 0;

	if (!cr || cr->nbranches == 0)
		return 0;
	pc->branches = calloc(cr->nbranches + 1, sizeof(*pc->branches));
	if (!pc->branches)
		return nomem(err);
	if (pgs_plan_cond_env(&env, pt, opt->env.master_key, opt->env.encoding,
			      err))
		return -1;
	for (k = 0; k < cr->nbranches && rc == 0; k++) {
		const struct pgs_case_branch *b = &cr->branches[k];
		struct pgs_plan_branch *pb = &pc->branches[k];

		if (pgs_cond_compile(&pb->cond, b->cond, b->cond_len, &env, err) ||
		    pgs_anon_compile(&pb->anon, &b->expr, &opt->env, err) ||
		    pgs_plan_fit(pb->anon, pt->table, pc->col, err)) {
			pc->nbranches = k + 1;
			rc = rule_where(p, pc, table, err);
			break;
		}
		pc->nbranches = k + 1;
		pc->rewrite |= !pgs_anon_is_keep(pb->anon);
	}
	pgs_plan_cond_env_release(&env);
	return rc;
}

/* The first column no rule covers, and how many. */
struct coverage {
	unsigned missing;           /* columns with no rule */
	unsigned missing_tables;
	char first[400];            /* the first one, schema.table.column */
	char first_section[300];
	char first_column[160];
};

static void note_missing(struct coverage *cov, const char *schema,
			 const char *table, const char *col,
			 const char *section)
{
	if (cov->missing++ == 0) {
		struct pgs_buf b;
		struct pgs_error e;

		qualified(cov->first, sizeof(cov->first), schema, table, col);
		snprintf(cov->first_section, sizeof(cov->first_section), "%s",
			 section);
		pgs_buf_init(&b, 256);
		if (pgs_ident_quote(&b, col, &e) == 0)
			snprintf(cov->first_column, sizeof(cov->first_column),
				 "%s", b.data);
		pgs_buf_release(&b);
	}
}

static int stale_rule(const struct pgs_plan *p, const struct pgs_column_rule *cr,
		      const char *section, struct pgs_error *err)
{
	pgs_error_set(err, PGS_ECOVERAGE,
		      "%s:%d: [%s] has a rule for column \"%s\", but the table "
		      "has no such column", rules_name(p), cr->line, section,
		      cr->column);
	return pgs_error_hint(err, "fix the name or remove the rule");
}

/*
 * Every section naming a table the archive defines must name only columns
 * it has: with `* = keep`, a misspelt column would let the real one through.
 * Sections for tables not in the archive are fine (a dump of a subset).
 */
static int check_sections(const struct pgs_plan *p, struct pgs_error *err)
{
	const struct pgs_rules *rules = p->rules;
	size_t i, j;

	for (i = 0; i < rules->ntables; i++) {
		const struct pgs_table_rules *tr = &rules->tables[i];
		const struct pgs_table *t = tr->kind != PGS_SECTION_TABLE ? NULL :
			pgs_schema_find(p->schema, tr->schema, tr->table);
		char section[300];

		/* A table known from its statistics alone: the entry names
		 * only the columns it has values for.  A pattern section's
		 * columns are defaults, for whichever tables have them.  Or a
		 * table whose column list may lack some (cols_incomplete). */
		if (tr->kind != PGS_SECTION_TABLE || !t || t->stats_only ||
		    t->cols_incomplete)
			continue;
		qualified(section, sizeof(section), tr->schema, tr->table, NULL);
		for (j = 0; j < tr->ncols; j++)
			if (!tr->cols[j].is_star &&
			    !pgs_table_column(t, tr->cols[j].column))
				return stale_rule(p, &tr->cols[j], section, err);
	}
	return 0;
}

static const struct pgs_table *table_of_data(const struct pgs_schema *s,
					     size_t idx)
{
	size_t i;

	for (i = 0; i < s->ntables; i++)
		if (s->tables[i].data_index == (long)idx)
			return &s->tables[i];
	return NULL;
}

void pgs_plan_entry_label(const struct pgs_toc_entry *te, char *buf,
			  size_t size)
{
	if (te->namespace_.p && te->tag.p) {
		char q[300];

		snprintf(buf, size, "TOC entry %d (%s %s)", te->dump_id,
			 te->desc.p ? te->desc.p : "?",
			 qualified(q, sizeof(q), te->namespace_.p, te->tag.p, NULL));
	} else {
		pgs_archive_entry_label(te, buf, size);
	}
}

/* Whether a section of pt's chain has a "*". */
static int star_of_table(const struct pgs_plan_table *pt)
{
	size_t c, j;

	for (c = 0; c < pt->nchain; c++)
		for (j = 0; j < pt->chain[c].rules->ncols; j++)
			if (pt->chain[c].rules->cols[j].is_star)
				return 1;
	return 0;
}

/* --inserts / --column-inserts: SQL text, not COPY rows; only a table kept
 * whole can pass. */
static int plan_inserts(const struct pgs_plan *p, struct pgs_plan_table *pt,
			const char *label, const char *table,
			struct pgs_error *err)
{
	int all_keep = 1, star = p->rules->unlisted == PGS_UNLISTED_KEEP;
	size_t c, j;

	pt->inserts = 1;
	for (c = 0; c < pt->nchain; c++)
		for (j = 0; j < pt->chain[c].rules->ncols; j++) {
			if (strcmp(pt->chain[c].rules->cols[j].expr.name, "keep") != 0 ||
			    case_rewrites(&pt->chain[c].rules->cols[j]))
				all_keep = 0;
			if (pt->chain[c].rules->cols[j].is_star)
				star = 1;
		}
	/* Without a "*" of its own, the pattern sections may name its
	 * columns (which INSERT data does not list): fail closed unless
	 * every rule they hold is keep. */
	for (c = 0; !star_of_table(pt) && c < 2; c++) {
		const struct pgs_table_rules *tr =
			pgs_rules_find_pattern(p->rules, c == 0 ? pt->schema : NULL);

		for (j = 0; tr && j < tr->ncols; j++)
			if (strcmp(tr->cols[j].expr.name, "keep") != 0 ||
			    case_rewrites(&tr->cols[j]))
				all_keep = 0;
	}
	if (all_keep && star) {
		pt->action = PGS_PLAN_COPY;
		return 0;
	}
	pgs_error_set(err, PGS_ECOVERAGE,
		      "%s holds INSERT statements (pg_dump --inserts or "
		      "--column-inserts); pgscrub rewrites COPY data only", label);
	return pgs_error_hint(err, "make the dump without --inserts and "
			      "--column-inserts, or keep the whole table "
			      "with `* = keep` under [%s]", table);
}

static int plan_data(struct pgs_plan *p, size_t idx, struct pgs_plan_table *pt,
		     const struct pgs_plan_options *opt, struct coverage *cov,
		     struct pgs_error *err)
{
	const struct pgs_toc_entry *te = &p->archive->toc[idx];
	char label[256], table[300];
	size_t i;
	int rewrite = 0;
	/* pg_dump --load-via-partition-root: rows go in through the root and
	 * are routed again, so a rewritten partition key is fine. */
	int via_root = te->defn.p &&
		       strncmp(te->defn.p, "-- load via partition root ", 27) == 0;
	unsigned missing_here = 0;

	pgs_plan_entry_label(te, label, sizeof(label));
	qualified(table, sizeof(table), pt->schema, pt->name, NULL);
	pt->has_data = 1;
	pt->data_index = (long)idx;
	resolve_truncate(p, pt);
	if (pt->truncated) {
		/* No row survives, so no column needs a rule. */
		pt->action = PGS_PLAN_TRUNCATE;
		return 0;
	}
	if (resolve_chain(p, pt, err))
		return -1;
	if (!te->copy_stmt.p)
		return plan_inserts(p, pt, label, table, err);
	if (pgs_copy_stmt_parse(&pt->stmt, te->copy_stmt.p, err))
		return pgs_error_where(err, "%s", label);

	pt->cols = calloc(pt->stmt.ncols + 1, sizeof(*pt->cols));
	if (!pt->cols)
		return nomem(err);
	pt->ncols = pt->stmt.ncols;
	for (i = 0; i < pt->ncols; i++) {
		struct pgs_plan_column *pc = &pt->cols[i];
		const char *col = pt->stmt.cols[i];

		pc->name = col;
		pc->col = pt->table ? pgs_table_column(pt->table, col) : NULL;
		resolve_column(p, pt, pc);
		if (pc->source == PGS_PLAN_UNCOVERED) {
			note_missing(cov, pt->schema, pt->name, col, table);
			missing_here++;
			pt->nuncovered++;
			continue;
		}
		if (!pc->rule) {
			if (pgs_anon_compile(&pc->anon, &keep_expr, &opt->env, err))
				return -1;
			pc->stats_keep = 1;
			continue;
		}
		if (pgs_anon_compile(&pc->anon, &pc->rule->expr, &opt->env, err) ||
		    pgs_plan_fit(pc->anon, pt->table, pc->col, err))
			return rule_where(p, pc, table, err);
		pc->rewrite = !pgs_anon_is_keep(pc->anon);
		pc->stats_keep = !pc->rewrite;
		rewrite |= pc->rewrite;
		if (pc->col && pc->col->partition_key && pc->rewrite && !via_root) {
			pgs_error_set(err, PGS_ECOVERAGE,
				      "%s:%d: the rule for %s.%s would move rows out "
				      "of their partition: %s is in the partition key",
				      rules_name(p), pc->rule->line, table, col, col);
			return pgs_error_hint(err, "keep partition key columns, or "
					      "dump with pg_dump --load-via-partition-root "
					      "so that every row is routed to its new "
					      "partition on restore");
		}
	}
	for (i = 0; i < pt->ncols; i++) {
		struct pgs_plan_column *pc = &pt->cols[i];

		if (!pc->rule || pc->rule->nbranches == 0)
			continue;
		if (plan_case(p, pt, pc, opt, table, err))
			return -1;
		pc->stats_keep = !pc->rewrite;
		rewrite |= pc->rewrite;
	}
	if (missing_here)
		cov->missing_tables++;
	/* Without a schema (a data-only dump) check the own section against
	 * the data's columns instead. */
	if (!pt->table && pt->nchain &&
	    pt->chain[0].rules == find_section(p, pt->schema, pt->name)) {
		const struct pgs_table_rules *tr = pt->chain[0].rules;
		size_t j;

		for (j = 0; j < tr->ncols; j++) {
			int found = tr->cols[j].is_star;

			for (i = 0; !found && i < pt->ncols; i++)
				found = strcmp(pt->stmt.cols[i], tr->cols[j].column) == 0;
			if (!found)
				return stale_rule(p, &tr->cols[j], table, err);
		}
	}
	pt->action = rewrite ? PGS_PLAN_REWRITE : PGS_PLAN_COPY;
	return 0;
}

/*
 * Every uncovered column, counted in one message: the run checks coverage
 * last, so these are all the problems left.  The hint points first to init
 * --update (a rule for each, an anonymiser where the column looks personal)
 * and an anonymiser, keep last: fail closed.
 */
static int coverage_error(const struct pgs_plan *p, const struct coverage *cov,
			  struct pgs_error *err)
{
	const char *rules;
	struct pgs_buf b;

	pgs_buf_init(&b, 4096);
	if (pgs_buf_add_shell_word(&b, p->rules->path ? p->rules->path : "RULES",
				   err)) {
		pgs_buf_release(&b);
		return -1;
	}
	rules = b.data;
	if (cov->missing > 1)
		pgs_error_set(err, PGS_ECOVERAGE,
			      "column %s has no rule (and %u more column%s, "
			      "in %u table%s in all: `pgscrub check -r %s "
			      "ARCHIVE` lists them)",
			      cov->first, cov->missing - 1,
			      cov->missing > 2 ? "s" : "", cov->missing_tables,
			      cov->missing_tables > 1 ? "s" : "", rules);
	else
		pgs_error_set(err, PGS_ECOVERAGE, "column %s has no rule",
			      cov->first);
	pgs_error_hint(err, "`pgscrub init --update %s ARCHIVE -o %s` adds a "
		       "rule for every column without one, with an anonymiser "
		       "where it looks personal (review the lines marked "
		       "'; new'); or add `%s = ANONYMISER` under [%s] (see "
		       "Anonymisers in the README), or `%s = keep` if it holds "
		       "nothing personal", rules, rules, cov->first_column,
		       cov->first_section, cov->first_column);
	pgs_buf_release(&b);
	return -1;
}

/* ---- foreign keys ------------------------------------------------------------ */

enum { FK_NEW = 0, FK_BUSY, FK_DONE };

/* Deeper chains of keys than this are not followed (a cycle is caught by
 * FK_BUSY first; this only bounds the recursion). */
#define MAX_FOLLOW 256

/* A plan table whose columns have rules of their own to compare: planned
 * for its data or statistics, not truncated, not a partitioned table
 * (whose rows are its partitions'). */
static int fk_usable(const struct pgs_plan_table *pt)
{
	return pgs_plan_covers(pt) && !pt->truncated && pt->table &&
	       pt->table->relkind != 'p' && pt->cols && !pt->inserts;
}

static struct pgs_plan_column *plan_column(const struct pgs_plan_table *pt,
					   const char *name)
{
	size_t j;

	for (j = 0; j < pt->ncols; j++)
		if (strcmp(pt->cols[j].name, name) == 0)
			return &pt->cols[j];
	return NULL;
}

/* The referencing tables' plans of fk: its table's, or, for a key on a
 * partitioned table or parent, every usable descendant's.  *out holds
 * schema table indexes (malloc'd). */
static int fk_tables(const struct pgs_plan *p, const struct pgs_table *t,
		     size_t **out, size_t *n, struct pgs_error *err)
{
	const struct pgs_schema *s = p->schema;
	unsigned char *memo;
	size_t i;

	*n = 0;
	*out = malloc((s->ntables + 1) * sizeof(**out));
	memo = calloc(s->ntables + 1, 1);
	if (!*out || !memo) {
		free(*out);
		free(memo);
		*out = NULL;
		return nomem(err);
	}
	for (i = 0; i < s->ntables; i++)
		if (fk_usable(&p->tables[i]) &&
		    (&s->tables[i] == t || descends(s, &s->tables[i], t, memo)))
			(*out)[(*n)++] = i;
	free(memo);
	return 0;
}

/* Two rule expressions are the same rule: name and arguments, compared as
 * parsed (so `hash` and `hash()`, or spacing and quoting, do not count). */
static int expr_equal(const struct pgs_expr *a, const struct pgs_expr *b)
{
	size_t i;

	if (strcmp(a->name, b->name) != 0 || a->nargs != b->nargs)
		return 0;
	for (i = 0; i < a->nargs; i++) {
		const struct pgs_arg *x = &a->args[i], *y = &b->args[i];

		if (x->type != y->type || !x->key != !y->key ||
		    (x->key && strcmp(x->key, y->key) != 0))
			return 0;
		if (x->type == PGS_ARG_EXPR) {
			if (!x->expr || !y->expr || !expr_equal(x->expr, y->expr))
				return 0;
		} else if (x->len != y->len ||
			   (x->len && memcmp(x->str, y->str, x->len) != 0)) {
			return 0;
		}
	}
	return 1;
}

/* Whether the column has a rule that decides its values (its own, or one
 * it follows); unlisted = keep and uncovered do not. */
static int has_rule(const struct pgs_plan_column *pc)
{
	return pc->rule != NULL && pc->source != PGS_PLAN_UNCOVERED &&
	       pc->source != PGS_PLAN_FROM_UNLISTED;
}

/* RUN: the followed rule compiled and fitted for pc (plan_data's part for
 * a rule), and the table's action brought up to date. */
static int follow_compile(struct pgs_plan *p, struct pgs_plan_table *pt,
			  struct pgs_plan_column *pc,
			  const struct pgs_plan_options *opt,
			  struct pgs_error *err)
{
	char table[300], ref[400];
	int via_root = 0;

	qualified(table, sizeof(table), pt->schema, pt->name, NULL);
	pgs_anon_free(pc->anon);
	pc->anon = NULL;
	if (pgs_anon_compile(&pc->anon, &pc->rule->expr, &opt->env, err) ||
	    pgs_plan_fit(pc->anon, pt->table, pc->col, err))
		return pgs_error_where(err, "%s:%d: rule for %s.%s (follows %s)",
				       rules_name(p), pc->rule->line, table,
				       pc->name,
				       qualified(ref, sizeof(ref),
						 pc->follows_table->schema,
						 pc->follows_table->name,
						 pc->follows_col->name));
	pc->rewrite = !pgs_anon_is_keep(pc->anon);
	pc->stats_keep = !pc->rewrite;
	if (pt->data_index >= 0) {
		const struct pgs_toc_entry *te = &p->archive->toc[pt->data_index];

		via_root = te->defn.p &&
			   strncmp(te->defn.p, "-- load via partition root ", 27) == 0;
	}
	if (pc->col && pc->col->partition_key && pc->rewrite && !via_root) {
		pgs_error_set(err, PGS_ECOVERAGE,
			      "%s:%d: the rule %s.%s follows (%s) would move rows "
			      "out of their partition: %s is in the partition key",
			      rules_name(p), pc->rule->line, table, pc->name,
			      qualified(ref, sizeof(ref), pc->follows_table->schema,
					pc->follows_table->name,
					pc->follows_col->name), pc->name);
		return pgs_error_hint(err, "keep partition key columns, or "
				      "dump with pg_dump --load-via-partition-root "
				      "so that every row is routed to its new "
				      "partition on restore");
	}
	if (pc->rewrite && pt->action == PGS_PLAN_COPY)
		pt->action = PGS_PLAN_REWRITE;
	return 0;
}

static int follow_column(struct pgs_plan *p, struct pgs_plan_table *pt,
			 struct pgs_plan_column *pc,
			 const struct pgs_plan_options *opt, unsigned depth,
			 struct pgs_error *err);

/*
 * The referenced column of key fk's column k: its table's plan column, or
 * for a partitioned table the first of its partitions' that has a rule
 * (the refusal pass compares every partition).  Each is followed first.
 */
static int fk_referenced(struct pgs_plan *p, const struct pgs_fkey *fk,
			 size_t k, const struct pgs_plan_options *opt,
			 unsigned depth, struct pgs_plan_column **out,
			 struct pgs_error *err)
{
	const struct pgs_table *to = &p->schema->tables[fk->to];
	const char *name = to->cols[fk->to_cols[k]].name;
	size_t *v, n, i;

	*out = NULL;
	if (fk_tables(p, to, &v, &n, err))
		return -1;
	for (i = 0; i < n && !*out; i++) {
		struct pgs_plan_table *rpt = &p->tables[v[i]];
		struct pgs_plan_column *rpc = plan_column(rpt, name);

		if (!rpc)
			continue;
		if (follow_column(p, rpt, rpc, opt, depth + 1, err)) {
			free(v);
			return -1;
		}
		if (has_rule(rpc) && rpc->rule->nbranches == 0)
			*out = rpc;
	}
	free(v);
	return 0;
}

/* Whether pt's table is fk's referencing table or below it. */
static int fk_covers(const struct pgs_plan *p, const struct pgs_fkey *fk,
		     const struct pgs_plan_table *pt)
{
	const struct pgs_table *from = &p->schema->tables[fk->from];

	return pt->table == from ||
	       (pt->table && pgs_plan_descends_from(p->schema, pt->table, from));
}

/* Whether fk can be used: understood, both tables in the schema. */
static int fk_known(const struct pgs_fkey *fk)
{
	return !fk->parse_error && fk->from >= 0 && fk->to >= 0 &&
	       fk->ncols > 0 && fk->from_cols && fk->to_cols;
}

static int follow_column(struct pgs_plan *p, struct pgs_plan_table *pt,
			 struct pgs_plan_column *pc,
			 const struct pgs_plan_options *opt, unsigned depth,
			 struct pgs_error *err)
{
	const struct pgs_schema *s = p->schema;
	size_t f, k;

	if (pc->fk_state != FK_NEW || depth > MAX_FOLLOW)
		return 0;   /* done, or a cycle: nothing more to follow */
	if (pc->source != PGS_PLAN_UNCOVERED &&
	    pc->source != PGS_PLAN_FROM_UNLISTED) {
		pc->fk_state = FK_DONE;
		return 0;
	}
	pc->fk_state = FK_BUSY;
	for (f = 0; f < s->nfkeys; f++) {
		const struct pgs_fkey *fk = &s->fkeys[f];
		const struct pgs_table *from;
		struct pgs_plan_column *rpc;

		if (!fk_known(fk))
			continue;
		from = &s->tables[fk->from];
		for (k = 0; k < fk->ncols; k++)
			if (strcmp(from->cols[fk->from_cols[k]].name, pc->name) == 0)
				break;
		if (k == fk->ncols || !fk_covers(p, fk, pt))
			continue;
		if (fk_referenced(p, fk, k, opt, depth, &rpc, err))
			return -1;
		if (!rpc)
			continue;
		if (pc->source == PGS_PLAN_UNCOVERED && pt->nuncovered)
			pt->nuncovered--;
		pc->source = PGS_PLAN_FROM_FOLLOW;
		pc->rule = rpc->rule;
		pc->from = rpc->from;
		pc->section = 0;
		pc->rule_text = rpc->rule_text;
		pc->follows = fk;
		pc->follows_table = &s->tables[fk->to];
		pc->follows_col = &s->tables[fk->to].cols[fk->to_cols[k]];
		if (p->kind == PGS_PLAN_RUN) {
			if (follow_compile(p, pt, pc, opt, err))
				return -1;
		} else {
			pc->anon = pgs_plan_rule_anon(p, pc->rule);
			pc->rewrite = pc->anon && !pgs_anon_is_keep(pc->anon);
			pc->stats_keep = !pc->rewrite;
			if (pc->rewrite && pt->action == PGS_PLAN_COPY)
				pt->action = PGS_PLAN_REWRITE;
		}
		break;
	}
	pc->fk_state = FK_DONE;
	return 0;
}

/* Every referencing column with no rule of its own follows its key. */
static int follow_keys(struct pgs_plan *p, const struct pgs_plan_options *opt,
		       struct pgs_error *err)
{
	size_t i, j;

	if (!p->schema->nfkeys)
		return 0;
	for (i = 0; i < p->ntables; i++) {
		struct pgs_plan_table *pt = &p->tables[i];

		if (!fk_usable(pt))
			continue;
		for (j = 0; j < pt->ncols; j++)
			if (follow_column(p, pt, &pt->cols[j], opt, 0, err))
				return -1;
	}
	return 0;
}

/* ---- keys the rules break ---- */

/* "public.carts.user_email = hash" and where the rule is when it is not
 * the column's own line: "(* in [public.carts])", "(user_email = hash in
 * [*])", "(follows public.users.email)". */
static void describe(const struct pgs_plan *p, const struct pgs_plan_table *pt,
		     const struct pgs_plan_column *pc, char *buf, size_t size)
{
	char q[400], sec[300], ref[400];

	qualified(q, sizeof(q), pt->schema, pt->name, pc->name);
	if (pc->source == PGS_PLAN_FROM_FOLLOW) {
		snprintf(buf, size, "%s (which follows %s)", q,
			 qualified(ref, sizeof(ref), pc->follows_table->schema,
				   pc->follows_table->name, pc->follows_col->name));
		return;
	}
	if (!pc->rule || !pc->from) {
		snprintf(buf, size, "%s (unlisted = keep)", q);
		return;
	}
	pgs_rules_section_name(pc->from, sec, sizeof(sec));
	if (pc->source == PGS_PLAN_FROM_SECTION &&
	    pc->from == find_section(p, pt->schema, pt->name))
		snprintf(buf, size, "%s = %s", q, pc->rule->text);
	else if (pc->source == PGS_PLAN_FROM_STAR)
		snprintf(buf, size, "%s = %s (* in [%s])", q, pc->rule->text, sec);
	else
		snprintf(buf, size, "%s = %s (%s = %s in [%s])", q, pc->rule->text,
			 pc->rule->column, pc->rule->text, sec);
}

/* The column's values are rewritten / its rule is known to us. */
static int col_rewritten(const struct pgs_plan_column *pc)
{
	return pc->rewrite;
}

static int col_known(const struct pgs_plan_column *pc)
{
	return pc->source == PGS_PLAN_FROM_UNLISTED || pc->anon != NULL;
}

/* The line of the rule deciding pc, or 0. */
static int rule_line_of(const struct pgs_plan_column *pc)
{
	return pc->rule && pc->source != PGS_PLAN_FROM_UNLISTED ? pc->rule->line : 0;
}

static struct pgs_plan_fk_problem *fk_problem(struct pgs_plan *p,
					      const struct pgs_fkey *fk,
					      const struct pgs_plan_table *pt,
					      const char *column, int line,
					      struct pgs_error *err)
{
	struct pgs_plan_fk_problem *v = realloc(p->fk_problems,
						(p->nfk_problems + 1) * sizeof(*v));

	if (!v) {
		nomem(err);
		return NULL;
	}
	p->fk_problems = v;
	v = &v[p->nfk_problems++];
	memset(v, 0, sizeof(*v));
	v->fkey = fk;
	v->table = pt;
	v->column = column;
	v->line = line;
	pgs_error_init(&v->error);
	return v;
}

/* The generators that fit their output to the column's length. */
static int fits_length(const struct pgs_expr *e)
{
	static const char *const names[] = {
		"email", "hash", "first_name", "last_name", "full_name", NULL
	};
	size_t i;

	for (i = 0; names[i]; i++)
		if (strcmp(e->name, names[i]) == 0)
			return 1;
	return 0;
}

/* Whether pc's rule fits its column.  The run fitted every rule already;
 * check's are shared by the columns they cover, so fitting here also sets
 * what the anonymiser is for this column (its injectivity, for one). */
static int fits(const struct pgs_plan *p, const struct pgs_plan_table *pt,
		const struct pgs_plan_column *pc)
{
	struct pgs_error e;

	if (p->kind == PGS_PLAN_RUN || !pc->anon || pt->table->stats_only)
		return 1;
	pgs_error_init(&e);
	return pgs_plan_fit(pc->anon, pt->table, pc->col, &e) == 0;
}

/* Referencing column pc (of pt) against referenced column rpc (of rpt),
 * pair k of fk: record what breaks the key. */
static int fk_pair(struct pgs_plan *p, const struct pgs_fkey *fk,
		   const struct pgs_plan_table *pt, const struct pgs_plan_column *pc,
		   const struct pgs_plan_table *rpt,
		   const struct pgs_plan_column *rpc, struct pgs_error *err)
{
	const struct pgs_schema *s = p->schema;
	const struct pgs_table *from = &s->tables[fk->from];
	const struct pgs_table *to = &s->tables[fk->to];
	struct pgs_plan_fk_problem *pr;
	char me[900], ref[400], sec[300], qcol[200];
	struct pgs_buf b;
	struct pgs_error e;
	int line;

	if (pc->source == PGS_PLAN_UNCOVERED || rpc->source == PGS_PLAN_UNCOVERED ||
	    !col_known(pc) || !col_known(rpc))
		return 0;   /* reported as uncovered, or as a rule that does
			       not compile */
	qualified(ref, sizeof(ref), to->schema, to->name, rpc->name);
	qualified(sec, sizeof(sec), from->schema, from->name, NULL);
	describe(p, pt, pc, me, sizeof(me));
	pgs_buf_init(&b, 256);
	snprintf(qcol, sizeof(qcol), "%s", pc->name);
	if (pgs_ident_quote(&b, pc->name, &e) == 0)
		snprintf(qcol, sizeof(qcol), "%s", b.data);
	pgs_buf_release(&b);

	if (rpc->rule && rpc->rule->nbranches) {
		char rdesc[900];

		describe(p, rpt, rpc, rdesc, sizeof(rdesc));
		if (!(pr = fk_problem(p, fk, pt, pc->name, rpc->rule->line, err)))
			return -1;
		pgs_error_set(&pr->error, PGS_ECOVERAGE,
			      "%s has a case rule, so %s cannot keep foreign key "
			      "%s: which branch a key took depends on the rest of "
			      "the referenced row", rdesc, me, fk->name);
		pgs_error_hint(&pr->error, "give %s one anonymiser for every row "
			       "(no case)", ref);
		return 0;
	}
	if (pc->rule && pc->source != PGS_PLAN_FROM_UNLISTED &&
	    pc->rule->nbranches) {
		if (!(pr = fk_problem(p, fk, pt, pc->name, pc->rule->line, err)))
			return -1;
		pgs_error_set(&pr->error, PGS_ECOVERAGE,
			      "%s breaks foreign key %s: a case rule rewrites some "
			      "keys and not others, and it references %s",
			      me, fk->name, ref);
		pgs_error_hint(&pr->error, "remove its rule to follow %s", ref);
		return 0;
	}
	if (!col_rewritten(pc) && !col_rewritten(rpc))
		return 0;
	/* A rule that does not fit its column is reported as such. */
	if (!fits(p, pt, pc) || !fits(p, rpt, rpc))
		return 0;
	/* NULL never breaks a key (MATCH SIMPLE; MATCH FULL wants all or
	 * none of a composite key's columns NULL). */
	if (col_rewritten(pc) && strcmp(pgs_anon_name(pc->anon), "null") == 0 &&
	    (fk->ncols == 1 || !fk->match_full))
		return 0;
	line = rule_line_of(pc) ? rule_line_of(pc) : rule_line_of(rpc);
	if (col_rewritten(pc) != col_rewritten(rpc) ||
	    (pc->source != PGS_PLAN_FROM_FOLLOW &&
	     !expr_equal(&pc->rule->expr, &rpc->rule->expr))) {
		if (!(pr = fk_problem(p, fk, pt, pc->name, line, err)))
			return -1;
		pgs_error_set(&pr->error, PGS_ECOVERAGE,
			      "%s breaks foreign key %s: it references %s, which "
			      "is %s%s", me, fk->name, ref,
			      col_rewritten(rpc) ? "" : "kept",
			      col_rewritten(rpc) ? rpc->rule->text : "");
		if (col_rewritten(rpc)) {
			pgs_error_hint(&pr->error, "write %s = %s in [%s], or "
				       "remove its rule to follow %s", qcol,
				       rpc->rule->text, sec, ref);
			snprintf(pr->fix, sizeof(pr->fix), "%s = %s", qcol,
				 rpc->rule->text);
			snprintf(pr->fix_section, sizeof(pr->fix_section), "[%s]",
				 sec);
		} else {
			pgs_error_hint(&pr->error, "remove its rule to follow %s, "
				       "or give %s the same rule", ref, ref);
		}
		return 0;
	}
	if (pc->col && rpc->col && fits_length(&rpc->rule->expr) &&
	    pc->col->type.max_chars != rpc->col->type.max_chars) {
		if (!(pr = fk_problem(p, fk, pt, pc->name, line, err)))
			return -1;
		pgs_error_set(&pr->error, PGS_ECOVERAGE,
			      "%s breaks foreign key %s: it references %s, and "
			      "%s fits its output to each column's length (%s "
			      "and %s), so the keys would no longer match", me,
			      fk->name, ref, rpc->rule->expr.name,
			      pgs_type_name(&pc->col->type),
			      pgs_type_name(&rpc->col->type));
		pgs_error_hint(&pr->error, "give both columns the same type, or "
			       "use an anonymiser that keeps the length (digits, "
			       "scramble)");
		return 0;
	}
	if (!pgs_anon_is_injective(rpc->anon)) {
		char rdesc[900];

		describe(p, rpt, rpc, rdesc, sizeof(rdesc));
		if (!(pr = fk_problem(p, fk, pt, pc->name, rule_line_of(rpc), err)))
			return -1;
		pgs_error_set(&pr->error, PGS_ECOVERAGE,
			      "%s breaks foreign key %s: %s can turn different "
			      "keys into one, and %s references the column",
			      rdesc, fk->name, pgs_anon_name(rpc->anon), me);
		pgs_error_hint(&pr->error, "use an anonymiser that keeps "
			       "different values apart (hash, email, scramble, "
			       "digits, uuid) for %s", ref);
	}
	return 0;
}

/* Whether any usable plan table at or below t rewrites a column. */
static int rewrites_below(const struct pgs_plan *p, const struct pgs_table *t,
			  const struct pgs_plan_table **which)
{
	size_t i, j;

	for (i = 0; i < p->schema->ntables; i++) {
		const struct pgs_plan_table *pt = &p->tables[i];

		if (!fk_usable(pt) || (pt->table != t &&
				       !pgs_plan_descends_from(p->schema, pt->table, t)))
			continue;
		for (j = 0; j < pt->ncols; j++)
			if (pt->cols[j].rewrite) {
				*which = pt;
				return (int)j + 1;
			}
	}
	return 0;
}

/* A key that is not understood: refused when either table is rewritten. */
static int fk_unknown(struct pgs_plan *p, const struct pgs_fkey *fk,
		      struct pgs_error *err)
{
	const struct pgs_schema *s = p->schema;
	const struct pgs_plan_table *pt = NULL;
	struct pgs_plan_fk_problem *pr;
	char q[400], t[300];
	int j = 0;

	if (fk->from < 0)
		return 0;   /* its table is not in the archive: no rows */
	j = rewrites_below(p, &s->tables[fk->from], &pt);
	if (!j && fk->to >= 0)
		j = rewrites_below(p, &s->tables[fk->to], &pt);
	if (!j)
		return 0;
	if (!(pr = fk_problem(p, fk, pt, NULL, 0, err)))
		return -1;
	qualified(t, sizeof(t), s->tables[fk->from].schema,
		  s->tables[fk->from].name, NULL);
	qualified(q, sizeof(q), pt->schema, pt->name, pt->cols[j - 1].name);
	pgs_error_set(&pr->error, PGS_ECOVERAGE,
		      "foreign key %s of %s is not understood, and %s is "
		      "rewritten: pgscrub cannot tell whether the key still "
		      "holds (%s)", fk->name, t, q, fk->parse_error);
	pgs_error_hint(&pr->error, "please report it ('pg_restore -s -f - "
		       "ARCHIVE' shows the constraint); until then truncate the "
		       "key's tables, or leave their columns as they are");
	return 0;
}

/* Every key the rules break, into p->fk_problems. */
static int check_keys(struct pgs_plan *p, struct pgs_error *err)
{
	const struct pgs_schema *s = p->schema;
	size_t f, i, k, n, m, r;
	size_t *v = NULL, *w = NULL;

	for (f = 0; f < s->nfkeys; f++) {
		const struct pgs_fkey *fk = &s->fkeys[f];
		const struct pgs_table *from, *to;

		if (fk->parse_error) {
			if (fk_unknown(p, fk, err))
				return -1;
			continue;
		}
		if (!fk_known(fk))
			continue;
		from = &s->tables[fk->from];
		to = &s->tables[fk->to];
		if (fk_tables(p, from, &v, &n, err))
			return -1;
		if (fk_tables(p, to, &w, &m, err)) {
			free(v);
			return -1;
		}
		for (i = 0; i < n; i++) {
			const struct pgs_plan_table *pt = &p->tables[v[i]];

			for (k = 0; k < fk->ncols; k++) {
				const struct pgs_plan_column *pc =
					plan_column(pt, from->cols[fk->from_cols[k]].name);

				for (r = 0; pc && r < m; r++) {
					const struct pgs_plan_table *rpt = &p->tables[w[r]];
					const struct pgs_plan_column *rpc =
						plan_column(rpt, to->cols[fk->to_cols[k]].name);

					size_t before = p->nfk_problems;

					if (rpc && fk_pair(p, fk, pt, pc, rpt, rpc, err)) {
						free(v);
						free(w);
						return -1;
					}
					if (p->nfk_problems > before)
						break;   /* once per column */
				}
			}
		}
		free(v);
		free(w);
		v = w = NULL;
	}
	return 0;
}

/* The run's coverage counted again once columns follow their keys, in the
 * order the run plans tables: data entries in TOC order, then tables known
 * from their statistics. */
static void recount(const struct pgs_plan *p, struct coverage *cov)
{
	const struct pgs_archive *a = p->archive;
	size_t i, j, pass;

	memset(cov, 0, sizeof(*cov));
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < (pass == 0 ? a->ntoc : p->schema->ntables); i++) {
			const struct pgs_plan_table *pt;
			char table[300];
			unsigned here = 0;

			if (pass == 0) {
				if (p->entry_table[i] < 0)
					continue;
				pt = &p->tables[p->entry_table[i]];
			} else {
				pt = &p->tables[i];
				/* (a partitioned table's statistics plan needs
				 * no rules of its own) */
				if (!p->schema->tables[i].has_statistics ||
				    pt->has_data || p->schema->tables[i].relkind == 'p')
					continue;
			}
			qualified(table, sizeof(table), pt->schema, pt->name, NULL);
			for (j = 0; j < pt->ncols; j++)
				if (pt->cols[j].source == PGS_PLAN_UNCOVERED) {
					note_missing(cov, pt->schema, pt->name,
						     pt->cols[j].name, table);
					here++;
				}
			cov->missing_tables += here > 0;
		}
}

/* RUN: the first key the rules break, as the run's error. */
static int fk_error(const struct pgs_plan *p, struct pgs_error *err)
{
	const struct pgs_plan_fk_problem *pr = &p->fk_problems[0];

	*err = pr->error;
	if (pr->line > 0)
		pgs_error_where(err, "%s:%d", rules_name(p), pr->line);
	return -1;
}

/* ---- statistics ----------------------------------------------------------- */

/* The schema table an entry with this dumpId defines, or NULL. */
static const struct pgs_table *table_by_dump_id(const struct pgs_plan *p,
						 int id)
{
	size_t i;

	for (i = 0; i < p->schema->ntables; i++) {
		long ti = p->schema->tables[i].toc_index;

		if (ti >= 0 && p->archive->toc[ti].dump_id == id)
			return &p->schema->tables[i];
	}
	return NULL;
}

/* The table a stats_only table or a data-only dump's data is, by name:
 * the relation a STATISTICS DATA entry with no definition in the archive
 * (--statistics-only, --data-only --statistics) is about. */
static long plan_table_named(const struct pgs_plan *p,
			     const struct pgs_toc_entry *te)
{
	size_t i;

	if (!te->namespace_.p || !te->tag.p)
		return -1;
	for (i = 0; i < p->ntables; i++) {
		const struct pgs_plan_table *pt = &p->tables[i];

		/* (No TABLE entry: made from the data or the statistics
		 * entry, or adopted from --schema/--dbname.) */
		if ((pt->table ? pt->table->toc_index >= 0 : !pt->has_data) ||
		    strcmp(pt->schema, te->namespace_.p) != 0 ||
		    strcmp(pt->name, te->tag.p) != 0)
			continue;
		return (long)i;
	}
	return -1;
}

/* The plan table a STATISTICS DATA entry describes, directly or through
 * the index it is about (*via_index set), or -1. */
static long stats_table(const struct pgs_plan *p,
			const struct pgs_toc_entry *te, int *via_index)
{
	const struct pgs_archive *a = p->archive;
	const struct pgs_table *t;
	size_t i, j;
	int known = 0;

	*via_index = 0;
	for (i = 0; i < te->ndeps; i++) {
		long d = pgs_archive_find(a, atoi(te->deps[i].p));
		const struct pgs_toc_entry *de;

		if (d < 0)
			continue;
		known = 1;
		de = &a->toc[d];
		if (str_eq(&de->desc, "TABLE") || str_eq(&de->desc, "FOREIGN TABLE") ||
		    str_eq(&de->desc, "MATERIALIZED VIEW")) {
			t = table_by_dump_id(p, de->dump_id);
			return t ? (long)table_no(p, t) : -1;
		}
		if (str_eq(&de->desc, "INDEX") || str_eq(&de->desc, "INDEX ATTACH")) {
			*via_index = 1;
			for (j = 0; j < de->ndeps; j++) {
				t = table_by_dump_id(p, atoi(de->deps[j].p));
				if (t)
					return (long)table_no(p, t);
			}
		}
	}
	return known ? -1 : plan_table_named(p, te);
}

/* Whether a plan table's rows or values are rewritten or go. */
static int scrubbed(const struct pgs_plan_table *pt)
{
	return pt->action == PGS_PLAN_REWRITE || pt->action == PGS_PLAN_TRUNCATE;
}

void pgs_plan_mark_ancestors(const struct pgs_schema *s,
			     const struct pgs_table *t, unsigned char *below)
{
	size_t k;

	for (k = 0; k < t->nparents; k++) {
		const struct pgs_table *par = pgs_plan_parent(s, t, k);
		size_t pi;

		if (!par)
			continue;
		pi = (size_t)(par - s->tables);
		if (below[pi])
			continue;
		below[pi] = 1;
		pgs_plan_mark_ancestors(s, par, below);
	}
}

/*
 * pg_dump 18 --statistics puts real column values (most common values,
 * histogram bounds) in STATISTICS DATA entries, whether or not the rows
 * are in the archive.  For every column whose rule is not keep, and for
 * every column of a table whose partitions or children are rewritten
 * (their values are in its inherited statistics), those arguments go; a
 * truncated table loses the entry.  An entry for anything else (a
 * materialized view, whose statistics were computed from the original
 * rows; an index of a --statistics-only dump, which names no table) is
 * scrubbed whole as soon as any table is rewritten: fail closed.
 */
/* Whether a rule of pt's own chain (not unlisted = keep, not uncovered)
 * scrubs one of its columns' statistics. */
static int own_rule_scrubs(const struct pgs_plan_table *pt)
{
	size_t j;

	for (j = 0; j < pt->ncols; j++)
		if (pt->cols[j].rule && !pt->cols[j].stats_keep)
			return 1;
	return 0;
}

static int plan_statistics(struct pgs_plan *p, struct pgs_error *err)
{
	const struct pgs_archive *a = p->archive;
	const struct pgs_schema *s = p->schema;
	unsigned char *below;
	size_t i;
	int any = 0, via_index;

	/* Which table each entry is about, whatever is decided below (the
	 * smaller copies drop those of tables that lose rows: subset.h). */
	for (i = 0; i < a->ntoc; i++)
		if (str_eq(&a->toc[i].desc, "STATISTICS DATA") && a->toc[i].defn.p)
			p->entry_stats_table[i] = stats_table(p, &a->toc[i],
							      &via_index);
	/* Nothing rewritten: every statistic describes data that is kept.
	 * A partitioned table's own plan is only for its statistics: it counts
	 * when its own rules scrub a column (its values must go even when the
	 * archive has no partition, as with pg_dump -t parent --statistics),
	 * not for columns it merely leaves to its partitions' rules. */
	for (i = 0; i < p->ntables; i++)
		any |= scrubbed(&p->tables[i]) &&
		       (!p->tables[i].table || p->tables[i].table->relkind != 'p' ||
			own_rule_scrubs(&p->tables[i]));
	if (!any)
		return 0;
	below = calloc(s->ntables + 1, 1);
	if (!below)
		return nomem(err);
	for (i = 0; i < s->ntables; i++)
		if (scrubbed(&p->tables[i]))
			pgs_plan_mark_ancestors(s, &s->tables[i], below);
	for (i = 0; i < a->ntoc; i++) {
		const struct pgs_toc_entry *te = &a->toc[i];
		long ti;
		enum pgs_plan_action act;

		if (!str_eq(&te->desc, "STATISTICS DATA") || !te->defn.p)
			continue;
		ti = stats_table(p, te, &via_index);
		act = ti >= 0 ? p->tables[ti].action : PGS_PLAN_NONE;
		p->entry_stats_table[i] = ti;
		if (ti >= 0 && act == PGS_PLAN_TRUNCATE) {
			p->entry_stats[i] = PGS_PLAN_STATS_DROP;
			continue;
		}
		if (ti < 0 || ((size_t)ti < s->ntables && below[ti]))
			p->entry_stats_all[i] = 1;
		else if (act == PGS_PLAN_REWRITE)
			p->entry_stats_all[i] = (unsigned char)via_index;
		else
			continue;   /* nothing of this table is rewritten */
		p->entry_stats[i] = PGS_PLAN_STATS_SCRUB;
	}
	free(below);
	return 0;
}

/*
 * The start both statistics plans share: truncated (1: planned, nothing
 * more to do), or the chain resolved and room made for the columns (0).
 */
static int statistics_begin(struct pgs_plan *p, struct pgs_plan_table *pt,
			    struct pgs_error *err)
{
	resolve_truncate(p, pt);
	if (pt->truncated) {
		pt->action = PGS_PLAN_TRUNCATE;
		return 1;
	}
	if (resolve_chain(p, pt, err))
		return -1;
	pt->cols = calloc(pt->table->ncols + 1, sizeof(*pt->cols));
	return pt->cols ? 0 : nomem(err);
}

/* Column j of pt's table resolved into the next plan column, or NULL for a
 * generated column (its values are computed, not dumped). */
static struct pgs_plan_column *statistics_column(struct pgs_plan *p,
						 struct pgs_plan_table *pt,
						 size_t j)
{
	const struct pgs_table *t = pt->table;
	struct pgs_plan_column *pc;

	if (t->cols[j].generated)
		return NULL;
	pc = &pt->cols[pt->ncols++];
	pc->name = t->cols[j].name;
	pc->col = &t->cols[j];
	resolve_column(p, pt, pc);
	return pc;
}

/*
 * A table whose statistics are in the archive but whose rows are not: the
 * plan its data would get, columns from the schema (see plan.h,
 * "Statistics").  Rules are compiled and fitted as for data (fitted only
 * where the type is known), since check judges them the same way.
 */
static int plan_statistics_only(struct pgs_plan *p, struct pgs_plan_table *pt,
				const struct pgs_plan_options *opt,
				struct coverage *cov, struct pgs_error *err)
{
	const struct pgs_table *t = pt->table;
	char table[300];
	size_t j;
	int rewrite = 0, rc;
	unsigned missing_here = 0;

	qualified(table, sizeof(table), pt->schema, pt->name, NULL);
	pt->has_statistics = 1;
	if ((rc = statistics_begin(p, pt, err)) != 0)
		return rc < 0 ? -1 : 0;
	for (j = 0; j < t->ncols; j++) {
		struct pgs_plan_column *pc = statistics_column(p, pt, j);

		if (!pc)
			continue;
		if (pc->source == PGS_PLAN_UNCOVERED) {
			note_missing(cov, pt->schema, pt->name, pc->name, table);
			missing_here++;
			pt->nuncovered++;
			continue;
		}
		if (!pc->rule) {
			if (pgs_anon_compile(&pc->anon, &keep_expr, &opt->env, err))
				return -1;
			pc->stats_keep = 1;
			continue;
		}
		if (pgs_anon_compile(&pc->anon, &pc->rule->expr, &opt->env, err) ||
		    (!t->stats_only && pgs_plan_fit(pc->anon, t, pc->col, err)))
			return rule_where(p, pc, table, err);
		pc->rewrite = !pgs_anon_is_keep(pc->anon) ||
			      case_rewrites(pc->rule);
		pc->stats_keep = !pc->rewrite;
		rewrite |= pc->rewrite;
	}
	if (missing_here)
		cov->missing_tables++;
	pt->action = rewrite ? PGS_PLAN_REWRITE : PGS_PLAN_COPY;
	return 0;
}

/*
 * A partitioned table's statistics are its partitions' values: no rule
 * is required of its own, but a column's values stay only where its own
 * chain keeps the column (and, in plan_statistics, no partition is
 * rewritten).  So a dump of the parent's statistics alone cannot keep
 * what its section scrubs.
 */
static int plan_partitioned_statistics(struct pgs_plan *p,
				       struct pgs_plan_table *pt,
				       struct pgs_error *err)
{
	const struct pgs_table *t = pt->table;
	size_t j;
	int rewrite = 0, rc;

	if ((rc = statistics_begin(p, pt, err)) != 0)
		return rc < 0 ? -1 : 0;
	for (j = 0; j < t->ncols; j++) {
		struct pgs_plan_column *pc = statistics_column(p, pt, j);

		if (!pc)
			continue;
		pc->stats_keep = pc->source == PGS_PLAN_FROM_UNLISTED ||
				 (pc->rule && strcmp(pc->rule->expr.name, "keep") == 0 &&
				  !case_rewrites(pc->rule));
		rewrite |= !pc->stats_keep;
	}
	pt->action = rewrite ? PGS_PLAN_REWRITE : PGS_PLAN_COPY;
	return 0;
}

int pgs_plan_covers(const struct pgs_plan_table *pt)
{
	return pt->has_data || pt->has_statistics;
}

int pgs_plan_stats_scrub_column(const struct pgs_plan *p, size_t idx,
				const char *attname)
{
	const struct pgs_plan_table *pt;
	size_t i;

	assert(p->entry_stats[idx] == PGS_PLAN_STATS_SCRUB);
	if (p->entry_stats_all[idx] || !attname || p->entry_stats_table[idx] < 0)
		return 1;
	pt = &p->tables[p->entry_stats_table[idx]];
	for (i = 0; i < pt->ncols; i++)
		if (strcmp(pt->cols[i].name, attname) == 0)
			return !pt->cols[i].stats_keep;
	/* Not in the data: a generated column, computed from the others. */
	return 1;
}

static int build_run(struct pgs_plan *p, const struct pgs_plan_options *opt,
		     struct pgs_error *err)
{
	const struct pgs_archive *a = opt->archive;
	const struct pgs_rules *rules = p->rules;
	const struct pgs_schema *s = p->schema;
	struct coverage cov;
	size_t i, extra = 0, next;

	assert(a && rules);
	if (check_sections(p, err))
		return -1;
	for (i = 0; i < a->ntoc; i++)
		extra += a->toc[i].offset_flag != K_OFFSET_NO_DATA &&
			 str_eq(&a->toc[i].desc, "TABLE DATA") &&
			 !table_of_data(s, i);
	p->tables = calloc(s->ntables + extra + 1, sizeof(*p->tables));
	p->entry_table = calloc(a->ntoc + 1, sizeof(*p->entry_table));
	p->entry_action = calloc(a->ntoc + 1, sizeof(*p->entry_action));
	p->entry_stats = calloc(a->ntoc + 1, sizeof(*p->entry_stats));
	p->entry_stats_table = calloc(a->ntoc + 1, sizeof(*p->entry_stats_table));
	p->entry_stats_all = calloc(a->ntoc + 1, 1);
	if (!p->tables || !p->entry_table || !p->entry_action ||
	    !p->entry_stats || !p->entry_stats_table || !p->entry_stats_all)
		return nomem(err);
	for (i = 0; i < s->ntables; i++) {
		p->tables[i].schema = s->tables[i].schema;
		p->tables[i].name = s->tables[i].name;
		p->tables[i].table = &s->tables[i];
		p->tables[i].data_index = -1;
	}
	p->ntables = s->ntables;
	for (i = 0; i < a->ntoc; i++)
		p->entry_table[i] = p->entry_stats_table[i] = -1;

	memset(&cov, 0, sizeof(cov));
	next = s->ntables;
	for (i = 0; i < a->ntoc; i++) {
		const struct pgs_toc_entry *te = &a->toc[i];
		char label[256];

		if (te->offset_flag == K_OFFSET_NO_DATA)
			continue;
		if (str_eq(&te->desc, "TABLE DATA")) {
			const struct pgs_table *st = table_of_data(s, i);
			size_t k = st ? table_no(p, st) : next++;
			struct pgs_plan_table *pt = &p->tables[k];

			if (!st) {
				pt->schema = te->namespace_.p ? te->namespace_.p : "";
				pt->name = te->tag.p ? te->tag.p : "";
				p->ntables = next;
			}
			p->entry_table[i] = (long)k;
			if (plan_data(p, i, pt, opt, &cov, err))
				return -1;
			p->entry_action[i] = pt->action;
		} else if (str_eq(&te->desc, "BLOBS")) {
			if (rules->large_objects == PGS_LO_DROP) {
				p->entry_action[i] = PGS_PLAN_DROP;
			} else if (rules->large_objects == PGS_LO_UNSET &&
				   rules->unlisted == PGS_UNLISTED_ERROR) {
				pgs_error_set(err, PGS_ECOVERAGE,
					      "the archive has large objects, but the "
					      "rules do not say what to do with them");
				return pgs_error_hint(err, "set `large_objects = keep` or "
						      "`large_objects = drop` in the "
						      "[pgscrub] section of %s",
						      rules->path ? rules->path : "the rules file");
			} else {
				p->entry_action[i] = PGS_PLAN_COPY;
			}
		} else {
			pgs_plan_entry_label(te, label, sizeof(label));
			pgs_error_set(err, PGS_EINPUT,
				      "%s has a data block, and pgscrub does not know "
				      "what such data holds", label);
			return pgs_error_hint(err, "this entry type is new to pgscrub; "
					      "please report it with the output of "
					      "pg_restore -l");
		}
	}
	/* Tables whose values are in the statistics but not in the data. */
	for (i = 0; i < s->ntables; i++) {
		struct pgs_plan_table *pt = &p->tables[i];

		if (!s->tables[i].has_statistics || pt->has_data)
			continue;
		if (s->tables[i].relkind == 'p' ?
		    plan_partitioned_statistics(p, pt, err) :
		    plan_statistics_only(p, pt, opt, &cov, err))
			return -1;
	}
	if (follow_keys(p, opt, err))
		return -1;
	/* A column that follows a key can turn a copied table into a
	 * rewritten one: the entries take their tables' final action. */
	for (i = 0; i < a->ntoc; i++)
		if (p->entry_table[i] >= 0 &&
		    str_eq(&a->toc[i].desc, "TABLE DATA"))
			p->entry_action[i] = p->tables[p->entry_table[i]].action;
	if (check_keys(p, err))
		return -1;
	if (p->nfk_problems)
		return fk_error(p, err);
	recount(p, &cov);
	if (cov.missing)
		return coverage_error(p, &cov, err);
	return plan_statistics(p, err);
}

/* ---- check's plan ------------------------------------------------------- */

/* Every rule compiled once; what does not compile is kept with its error. */
static int compile_rules(struct pgs_plan *p, const struct pgs_plan_options *opt,
			 struct pgs_error *err)
{
	const struct pgs_rules *r = p->rules;
	size_t i, j;

	p->rule_anons = calloc(r->ntables + 1, sizeof(*p->rule_anons));
	p->rule_errors = calloc(r->ntables + 1, sizeof(*p->rule_errors));
	if (!p->rule_anons || !p->rule_errors)
		return nomem(err);
	for (i = 0; i < r->ntables; i++) {
		const struct pgs_table_rules *tr = &r->tables[i];

		p->rule_anons[i] = calloc(tr->ncols + 1, sizeof(**p->rule_anons));
		p->rule_errors[i] = calloc(tr->ncols + 1, sizeof(**p->rule_errors));
		if (!p->rule_anons[i] || !p->rule_errors[i])
			return nomem(err);
		for (j = 0; j < tr->ncols; j++) {
			struct pgs_error *e = &p->rule_errors[i][j];

			pgs_error_init(e);
			if (pgs_anon_compile(&p->rule_anons[i][j], &tr->cols[j].expr,
					     &opt->env, e) == 0)
				continue;
			p->rule_anons[i][j] = NULL;
			if (e->code == PGS_ENOMEM)
				return nomem(err);
		}
	}
	return 0;
}

/* Where rule cr is in the rules: *ti, *ri. */
static int rule_at(const struct pgs_plan *p, const struct pgs_column_rule *cr,
		   size_t *ti, size_t *ri)
{
	size_t i;

	for (i = 0; p->rules && i < p->rules->ntables; i++) {
		const struct pgs_table_rules *tr = &p->rules->tables[i];

		if (cr >= tr->cols && cr < tr->cols + tr->ncols) {
			*ti = i;
			*ri = (size_t)(cr - tr->cols);
			return 1;
		}
	}
	return 0;
}

struct pgs_anon *pgs_plan_rule_anon(const struct pgs_plan *p,
				    const struct pgs_column_rule *cr)
{
	size_t ti, ri;

	if (!p->rule_anons || !rule_at(p, cr, &ti, &ri))
		return NULL;
	return p->rule_anons[ti][ri];
}

const struct pgs_error *pgs_plan_rule_error(const struct pgs_plan *p,
					    const struct pgs_column_rule *cr)
{
	size_t ti, ri;

	if (!p->rule_errors || !rule_at(p, cr, &ti, &ri) || p->rule_anons[ti][ri])
		return NULL;
	return &p->rule_errors[ti][ri];
}

static int build_check(struct pgs_plan *p, const struct pgs_plan_options *opt,
		       struct pgs_error *err)
{
	const struct pgs_schema *s = p->schema;
	size_t i, j;

	if (p->rules && compile_rules(p, opt, err))
		return -1;
	p->tables = calloc(s->ntables + 1, sizeof(*p->tables));
	if (!p->tables)
		return nomem(err);
	p->ntables = s->ntables;
	p->schema_only = 1;
	for (i = 0; i < s->ntables; i++)
		if (s->tables[i].has_data)
			p->schema_only = 0;
	for (i = 0; i < s->ntables; i++) {
		const struct pgs_table *t = &s->tables[i];
		struct pgs_plan_table *pt = &p->tables[i];
		int rewrite = 0;

		pt->schema = t->schema;
		pt->name = t->name;
		pt->table = t;
		pt->data_index = t->data_index;
		/* pg_dump -s: what a full dump of the schema would carry. */
		pt->has_data = t->has_data || (p->schema_only && t->relkind == 'r');
		/* Values in the statistics need rules as data does (plan.h). */
		pt->has_statistics = t->has_statistics && t->relkind != 'p';
		if (!pgs_plan_covers(pt))
			continue;
		resolve_truncate(p, pt);
		if (pt->truncated) {
			pt->action = PGS_PLAN_TRUNCATE;
			continue;
		}
		if (resolve_chain(p, pt, err))
			return -1;
		pt->cols = calloc(t->ncols + 1, sizeof(*pt->cols));
		if (!pt->cols)
			return nomem(err);
		for (j = 0; j < t->ncols; j++) {
			struct pgs_plan_column *pc;

			if (t->cols[j].generated)
				continue;
			pc = &pt->cols[pt->ncols++];
			pc->name = t->cols[j].name;
			pc->col = &t->cols[j];
			resolve_column(p, pt, pc);
			pt->nuncovered += pc->source == PGS_PLAN_UNCOVERED;
			pc->anon = pc->rule ? pgs_plan_rule_anon(p, pc->rule) : NULL;
			pc->rewrite = (pc->anon && !pgs_anon_is_keep(pc->anon)) ||
				      case_rewrites(pc->rule);
			pc->stats_keep = !pc->rewrite;
			rewrite |= pc->rewrite;
		}
		pt->action = rewrite ? PGS_PLAN_REWRITE : PGS_PLAN_COPY;
	}
	if (follow_keys(p, opt, err) || check_keys(p, err))
		return -1;
	return 0;
}

/* ---- building and freeing -------------------------------------------------- */

int pgs_plan_table_anons(struct pgs_anon **out,
			 const struct pgs_plan_table *pt,
			 const struct pgs_anon_env *env, struct pgs_error *err)
{
	size_t j;

	memset(out, 0, pt->ncols * sizeof(*out));
	for (j = 0; j < pt->ncols; j++) {
		const struct pgs_plan_column *pc = &pt->cols[j];

		assert(pc->nbranches == 0);
		if (!pc->rule) {
			if (pgs_anon_compile(&out[j], &keep_expr, env, err))
				goto fail;
			continue;
		}
		if (pgs_anon_compile(&out[j], &pc->rule->expr, env, err) ||
		    pgs_plan_fit(out[j], pt->table, pc->col, err))
			goto fail;
	}
	return 0;
fail:
	pgs_plan_table_anons_free(out, pt->ncols);
	return -1;
}

void pgs_plan_table_anons_free(struct pgs_anon **anons, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++) {
		pgs_anon_free(anons[j]);
		anons[j] = NULL;
	}
}

void pgs_plan_init(struct pgs_plan *p)
{
	memset(p, 0, sizeof(*p));
}

void pgs_plan_run_options(struct pgs_plan_options *po,
			  const struct pgs_archive *a,
			  const unsigned char *master_key)
{
	memset(po, 0, sizeof(*po));
	po->kind = PGS_PLAN_RUN;
	po->archive = a;
	po->env.master_key = master_key;
	po->env.encoding = a->encoding[0] ? a->encoding : "UTF8";
}

int pgs_plan_build(struct pgs_plan *p, const struct pgs_schema *s,
		   const struct pgs_rules *r, const struct pgs_plan_options *opt,
		   struct pgs_error *err)
{
	pgs_plan_release(p);
	p->kind = opt->kind;
	p->schema = s;
	p->rules = r;
	p->archive = opt->archive;
	p->trunc_memo = calloc(s->ntables + 1, sizeof(*p->trunc_memo));
	p->trunc_state = calloc(s->ntables + 1, 1);
	if (!p->trunc_memo || !p->trunc_state)
		return nomem(err);
	return opt->kind == PGS_PLAN_RUN ? build_run(p, opt, err)
					 : build_check(p, opt, err);
}

void pgs_plan_release(struct pgs_plan *p)
{
	size_t i, j;

	for (i = 0; p->tables && i < p->ntables; i++) {
		struct pgs_plan_table *pt = &p->tables[i];

		/* CHECK's anonymisers are the rules', freed below. */
		for (j = 0; p->kind == PGS_PLAN_RUN && j < pt->ncols; j++) {
			struct pgs_plan_column *pc = &pt->cols[j];
			size_t k;

			pgs_anon_free(pc->anon);
			for (k = 0; k < pc->nbranches; k++) {
				pgs_cond_free(pc->branches[k].cond);
				pgs_anon_free(pc->branches[k].anon);
			}
			free(pc->branches);
		}
		free(pt->cols);
		free(pt->chain);
		pgs_copy_stmt_release(&pt->stmt);
	}
	free(p->tables);
	if (p->rule_anons && p->rules) {
		for (i = 0; i < p->rules->ntables; i++) {
			for (j = 0; p->rule_anons[i] && j < p->rules->tables[i].ncols; j++)
				pgs_anon_free(p->rule_anons[i][j]);
			free(p->rule_anons[i]);
		}
	}
	if (p->rule_errors && p->rules)
		for (i = 0; i < p->rules->ntables; i++)
			free(p->rule_errors[i]);
	free(p->rule_anons);
	free(p->rule_errors);
	free(p->entry_table);
	free(p->entry_action);
	free(p->entry_stats);
	free(p->entry_stats_table);
	free(p->entry_stats_all);
	free(p->trunc_memo);
	free(p->trunc_state);
	free(p->fk_problems);
	pgs_plan_init(p);
}

/* ---- the run's data paths ------------------------------------------------ */

int pgs_plan_codec(struct pgs_plan_codec *out, const struct pgs_archive_header *h,
		   int given, enum pgs_compression alg, int level,
		   int container_changes, struct pgs_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!given) {
		out->alg = h->compression;
		/* Before 1.15 the header keeps pg_dump's zlib level: reuse it. */
		out->level = h->version < K_VERS_1_15 && h->level > 0 ?
			     h->level : PGS_COMPRESS_DEFAULT_LEVEL;
		out->recompress_all = container_changes &&
				      out->alg == PGS_COMPRESS_GZIP;
		return 0;
	}
	if (h->version < K_VERS_1_15 && alg != PGS_COMPRESS_NONE &&
	    alg != PGS_COMPRESS_GZIP) {
		pgs_error_set(err, PGS_EUSAGE,
			      "--compress %s needs archive version 1.15 or "
			      "later, and this archive is %u.%u, from pg_dump %s",
			      pgs_compression_name(alg), h->vmaj, h->vmin,
			      h->pgdump_version.p ? h->pgdump_version.p : "?");
		return pgs_error_hint(err, "pg_restore older than 16 cannot "
				      "read %s data; use --compress gzip or none",
				      pgs_compression_name(alg));
	}
	out->alg = alg;
	out->level = level;
	out->recompress_all = alg != h->compression ||
			      level != PGS_COMPRESS_DEFAULT_LEVEL ||
			      (container_changes && alg == PGS_COMPRESS_GZIP);
	return 0;
}

enum pgs_plan_path pgs_plan_entry_path(const struct pgs_plan *p, size_t idx,
				       int recompress_all, int filtered)
{
	const struct pgs_archive *a = p->archive;

	if (!a || idx >= a->ntoc || a->toc[idx].offset_flag == K_OFFSET_NO_DATA)
		return PGS_PATH_NONE;
	switch (p->entry_action[idx]) {
	case PGS_PLAN_TRUNCATE:
		return PGS_PATH_TRUNCATE;
	case PGS_PLAN_DROP:
		return PGS_PATH_DROP;
	case PGS_PLAN_REWRITE:
		/* Rows to decide one by one: decoded even when every column
		 * is kept. */
		return filtered ? PGS_PATH_FILTER : PGS_PATH_REWRITE;
	default:
		if (filtered)
			return PGS_PATH_FILTER;
		return recompress_all ? PGS_PATH_RECOMPRESS : PGS_PATH_COPY;
	}
}
