/*
 * fuzz_schema.c — libFuzzer target for the schema/DDL parser (schema.h)
 * and, through it, the SQL lexer (sql_lex.h).
 *
 * The input is what `pg_restore -f -` prints, so that real dumps seed the
 * corpus: each "-- Name: TAG; Type: DESC; Schema: NS; ..." comment line
 * (or "-- Data for Name: ...", "-- Statistics for Name: ...") starts a TOC
 * entry whose defn is the text up
 * to the next such line; a TABLE DATA entry takes its first "COPY " line as
 * its COPY statement.  "SET standard_conforming_strings = off" anywhere
 * before the first entry turns the archive's STDSTRINGS off.
 *
 * What pgs_schema_from_archive accepts must be consistent: every table
 * found by its name, every column by its name and once only, indexes in
 * range (parents, primary keys, foreign keys: as many columns on both
 * sides, SET NULL columns within the key), and every column's type text
 * parsing again to the same type.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/archive.h"
#include "pgscrub/schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Enough entries for any seed; more only slow the fuzzer down. */
#define MAX_ENTRIES 4096

#define REQUIRE(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* The first n bytes of s at p, or NULL; s is not NUL-terminated. */
static const char *find(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	for (; (size_t)(end - p) >= n; p++)
		if (memcmp(p, s, n) == 0)
			return p;
	return NULL;
}

/* The archive being made: its strings live in its arena, as read ones do
 * (pgs_archive_release() frees the arena, not single strings). */
static struct pgs_archive *cur_archive;

static void str_set(struct pgs_str *s, const char *p, size_t len)
{
	char *c = malloc(len + 1);

	REQUIRE(c);
	memcpy(c, p, len);
	c[len] = '\0';
	REQUIRE(pgs_archive_adopt_str(cur_archive, s, c, len, NULL) == 0);
}

/* The value after key in the header line [p, eol), up to "; " or eol. */
static int field(struct pgs_str *out, const char *p, const char *eol,
		 const char *key)
{
	const char *v = find(p, eol, key), *e;

	if (!v)
		return 0;
	v += strlen(key);
	e = find(v, eol, "; ");
	if (!e)
		e = eol;
	str_set(out, v, (size_t)(e - v));
	return 1;
}

/* Line starts of entry headers. */
static int is_header(const char *p, const char *end)
{
	static const char *const heads[] = {
		"-- Name: ", "-- Data for Name: ", "-- Statistics for Name: "
	};
	size_t i;

	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		size_t n = strlen(heads[i]);

		if ((size_t)(end - p) >= n && memcmp(p, heads[i], n) == 0)
			return 1;
	}
	return 0;
}

static void add_entry(struct pgs_archive *a, const char *h, const char *body,
		      const char *next)
{
	const char *eol = memchr(h, '\n', (size_t)(next - h));
	struct pgs_toc_entry *te;
	const char *copy;

	if (!eol)
		eol = next;
	a->toc = realloc(a->toc, (a->ntoc + 1) * sizeof(*a->toc));
	REQUIRE(a->toc);
	te = &a->toc[a->ntoc];
	memset(te, 0, sizeof(*te));
	te->dump_id = (int)a->ntoc + 1;
	a->ntoc++;
	field(&te->tag, h, eol, "Name: ");
	field(&te->desc, h, eol, "Type: ");
	if (field(&te->namespace_, h, eol, "Schema: ") &&
	    strcmp(te->namespace_.p, "-") == 0)
		te->namespace_.p[0] = '\0', te->namespace_.len = 0;
	/* pg_restore prints "--\n\n" after the header line. */
	if (body < next && *body == '\n')
		body++;
	if ((size_t)(next - body) >= 3 && memcmp(body, "--\n", 3) == 0)
		body += 3;
	if (te->desc.p && strcmp(te->desc.p, "TABLE DATA") == 0) {
		copy = find(body, next, "COPY ");
		if (copy) {
			const char *nl = memchr(copy, '\n', (size_t)(next - copy));

			str_set(&te->copy_stmt, copy,
				(size_t)((nl ? nl + 1 : next) - copy));
		}
	} else {
		str_set(&te->defn, body, (size_t)(next - body));
	}
}

static void check_type(const struct pgs_type *t, const struct pgs_schema *s)
{
	struct pgs_type again;
	struct pgs_error err;

	REQUIRE(t->kind >= PGS_TYPE_OTHER && t->kind < PGS_TYPE_KIND_COUNT);
	REQUIRE(t->max_chars >= -1);
	/* No text only for a type nobody told us: a column known from its
	 * statistics or its COPY statement alone (schema.h). */
	REQUIRE(t->text != NULL || t->kind == PGS_TYPE_OTHER);
	REQUIRE(t->kind == PGS_TYPE_ENUM || (t->labels == NULL &&
					      t->nlabels == 0));
	if (!t->text)
		return;
	memset(&again, 0, sizeof(again));
	if (pgs_type_parse(&again, t->text, s, &err) == 0) {
		REQUIRE(again.kind == t->kind);
		REQUIRE(again.is_array == t->is_array);
		REQUIRE(again.max_chars == t->max_chars);
		REQUIRE(strcmp(again.text, t->text) == 0);
	}
	pgs_type_release(&again);
}

static void check_schema(const struct pgs_schema *s,
			 const struct pgs_archive *a)
{
	size_t i, j, k;

	for (i = 0; i < s->ntables; i++) {
		const struct pgs_table *t = &s->tables[i];

		REQUIRE(t->schema && t->name);
		REQUIRE(pgs_schema_find(s, t->schema, t->name) == t);
		/* -1 only for a table known from its statistics alone or
		 * from its data alone */
		REQUIRE(t->toc_index >= -1 && t->toc_index < (long)a->ntoc);
		REQUIRE(t->toc_index >= 0 || t->stats_only || t->no_defn);
		REQUIRE(!t->no_defn || (t->has_data && t->data_index >= 0));
		REQUIRE(t->data_index >= -1 && t->data_index < (long)a->ntoc);
		for (j = 0; j < t->nparents; j++)
			REQUIRE(t->parents[j] >= 0 &&
				(size_t)t->parents[j] < s->ntables &&
				(size_t)t->parents[j] != i);
		for (j = 0; j < t->ncols; j++) {
			const struct pgs_column *c = &t->cols[j];

			REQUIRE(c->name && c->name[0]);
			REQUIRE(pgs_table_column(t, c->name) == c);
			for (k = 0; k < j; k++)
				REQUIRE(strcmp(t->cols[k].name, c->name) != 0);
			REQUIRE(!c->primary_key || c->unique);
			if (t->no_defn)   /* no type: from the COPY statement */
				REQUIRE(c->type.kind == PGS_TYPE_OTHER &&
					!c->type.text && !c->type.labels);
			else
				check_type(&c->type, s);
		}
	}
	for (i = 0; i < s->ntables; i++) {
		const struct pgs_table *t = &s->tables[i];

		REQUIRE((t->npkey == 0) == (t->pkey == NULL));
		for (j = 0; j < t->npkey; j++) {
			REQUIRE(t->pkey[j] < t->ncols);
			for (k = 0; k < j; k++)
				REQUIRE(t->pkey[k] != t->pkey[j]);
		}
	}
	/* Foreign keys: indexes in range, as many columns on both sides, SET
	 * NULL (cols) within the key; one not understood keeps no columns. */
	for (i = 0; i < s->nfkeys; i++) {
		const struct pgs_fkey *fk = &s->fkeys[i];

		REQUIRE(fk->name != NULL);
		REQUIRE(fk->toc_index >= 0 && (size_t)fk->toc_index < a->ntoc);
		REQUIRE(fk->from >= -1 && fk->from < (long)s->ntables);
		REQUIRE(fk->to >= -1 && fk->to < (long)s->ntables);
		REQUIRE(fk->from >= 0 || fk->parse_error);
		if (fk->parse_error) {
			REQUIRE(fk->ncols == 0 && !fk->from_cols && !fk->to_cols &&
				!fk->to_names && fk->nset_cols == 0);
			continue;
		}
		REQUIRE(fk->ncols > 0 && fk->from_cols && fk->to_names);
		REQUIRE(fk->to_ref.schema && fk->to_ref.name);
		REQUIRE((fk->to >= 0) == (fk->to_cols != NULL));
		if (fk->to >= 0)
			REQUIRE(strcmp(s->tables[fk->to].schema, fk->to_ref.schema) == 0 &&
				strcmp(s->tables[fk->to].name, fk->to_ref.name) == 0);
		for (j = 0; j < fk->ncols; j++) {
			REQUIRE(fk->from_cols[j] < s->tables[fk->from].ncols);
			REQUIRE(fk->to_names[j] != NULL);
			if (fk->to >= 0) {
				REQUIRE(fk->to_cols[j] < s->tables[fk->to].ncols);
				REQUIRE(strcmp(s->tables[fk->to].cols[fk->to_cols[j]].name,
					       fk->to_names[j]) == 0);
			}
		}
		REQUIRE((fk->nset_cols == 0) == (fk->set_cols == NULL));
		for (j = 0; j < fk->nset_cols; j++)
			REQUIRE(fk->set_cols[j] < fk->ncols);
	}
	for (i = 0; i < s->ndomains; i++)
		REQUIRE(s->domains[i].name != NULL);
	for (i = 0; i < s->ntypes; i++) {
		REQUIRE(s->types[i].name != NULL);
		for (j = 0; j < s->types[i].nlabels; j++)
			REQUIRE(s->types[i].labels[j] != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *h = NULL;
	const char *first;
	struct pgs_archive a;
	struct pgs_schema s;
	struct pgs_error err;
	int rc;

	pgs_archive_init(&a);
	cur_archive = &a;
	strcpy(a.encoding, "UTF8");
	a.std_strings = 1;

	/* Entry headers start lines. */
	for (first = p; first < end; ) {
		const char *nl;

		if (is_header(first, end))
			break;
		nl = memchr(first, '\n', (size_t)(end - first));
		first = nl ? nl + 1 : end;
	}
	if (find(p, first, "SET standard_conforming_strings = off"))
		a.std_strings = 0;
	for (h = first; h < end && a.ntoc < MAX_ENTRIES; ) {
		const char *eol = memchr(h, '\n', (size_t)(end - h));
		const char *body = eol ? eol + 1 : end, *next = body;

		while (next < end && !is_header(next, end)) {
			const char *nl = memchr(next, '\n', (size_t)(end - next));

			next = nl ? nl + 1 : end;
		}
		add_entry(&a, h, body, next);
		h = next;
	}

	pgs_schema_init(&s);
	pgs_error_init(&err);
	rc = pgs_schema_from_archive(&s, &a, &err);
	if (rc) {
		REQUIRE(rc == -1);
		REQUIRE(err.code == PGS_EINPUT || err.code == PGS_ENOMEM);
		REQUIRE(err.msg[0] != '\0');
	} else {
		check_schema(&s, &a);
	}
	pgs_schema_release(&s);
	pgs_archive_release(&a);
	return 0;
}
