/*
 * catalog.c — the facts of schema.h read from a live database through
 * libpq (catalog.h), so that pgscrub check --dbname says what pgscrub check
 * says about a pg_dump of the same database.
 *
 * What pg_dump would dump, from the system catalogs (pg_dump.c getTables,
 * getTableAttrs, getDomains, getTypes, getIndexes, getInherits):
 *   tables       pg_class relkind 'r' (with data), 'p' (partitioned: no
 *                data of its own) and 'f' (foreign: no data unless
 *                --include-foreign-data), outside pg_catalog,
 *                information_schema, pg_toast* and pg_temp*, and not
 *                members of an extension (pg_depend deptype 'e') unless
 *                they are its configuration tables (pg_extension
 *                extconfig), whose rows pg_dump dumps
 *   columns      pg_attribute, type text from format_type() under an
 *                empty search_path, so that user types are schema-qualified
 *                exactly as a dump writes them; attnotnull; attgenerated
 *   domains      pg_type typtype 'd': typbasetype/typtypmod, typnotnull
 *   enums        pg_type typtype 'e' with pg_enum labels in sort order
 *   composites   pg_type typtype 'c' of standalone types (relkind 'c'):
 *                a table's row type is not a TYPE entry in a dump
 *   parents      pg_inherits (partitions and INHERITS alike)
 *   keys         pg_index indisunique / indisprimary, key columns of indkey
 *                that are plain columns (0 is an expression); the primary
 *                key's in key order
 *   foreign keys pg_constraint contype 'f' of dumped tables (not the
 *                clones on partitions: conparentid), conkey/confkey pair
 *                by pair, confmatchtype, confdeltype, confupdtype,
 *                condeferrable, condeferred, convalidated, and
 *                confdelsetcols (PostgreSQL 15+)
 *   large objects  whether pg_largeobject_metadata has a row
 *   encoding     the server_encoding parameter
 *
 * Everything is read in one REPEATABLE READ, READ ONLY transaction, so the
 * queries see one snapshot, with parameterless queries only.  Differences
 * from an archive: toc_index is -1; data_index is set to the table's own
 * index in s->tables for tables with data (relkind 'r'), -1 otherwise — a
 * marker, not a TOC position: only has_data means anything there; and
 * has_statistics is 0 (statistics are an option of pg_dump 18, not of the
 * database).
 */
#include "pgscrub/catalog.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "pgscrub/buf.h"
#include "pgscrub/copy.h"

/* The tables pg_dump dumps (see the top of the file).  Every query below
 * restricts itself to them through this subquery. */
#define DUMPED_TABLES \
	"SELECT c.oid FROM pg_catalog.pg_class c " \
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " \
	"WHERE c.relkind IN ('r', 'p', 'f') " \
	"AND n.nspname NOT IN ('pg_catalog', 'information_schema') " \
	"AND n.nspname !~ '^pg_(toast|temp)' " \
	"AND (NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d " \
	"WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass " \
	"AND d.objid = c.oid AND d.deptype = 'e') OR " EXTENSION_CONFIG ")"

/* An extension's configuration table (pg_extension_config_dump): pg_dump
 * dumps its rows (those extcondition selects), not its definition. */
#define EXTENSION_CONFIG \
	"(c.relkind = 'r' AND EXISTS (SELECT 1 FROM pg_catalog.pg_extension x " \
	"WHERE c.oid = ANY (x.extconfig)))"

/* User types a dump has TYPE or DOMAIN entries for: not in a system
 * schema, not an extension's. */
#define USER_TYPE_FILTER \
	"n.nspname NOT IN ('pg_catalog', 'information_schema') " \
	"AND n.nspname !~ '^pg_(toast|temp)' " \
	"AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d " \
	"WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass " \
	"AND d.objid = t.oid AND d.deptype = 'e')"

/* Sorted as pg_dump sorts objects of one kind: by schema, then name, with
 * strcmp (the "C" collation). */
static const char q_tables[] =
	"SELECT c.oid, n.nspname, c.relname, c.relkind, " EXTENSION_CONFIG " "
	"FROM pg_catalog.pg_class c "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"WHERE c.oid IN (" DUMPED_TABLES ") "
	"ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\"";

static const char q_domains[] =
	"SELECT t.oid, n.nspname, t.typname, t.typbasetype, "
	"pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull "
	"FROM pg_catalog.pg_type t "
	"JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
	"WHERE t.typtype = 'd' AND " USER_TYPE_FILTER " "
	"ORDER BY n.nspname COLLATE \"C\", t.typname COLLATE \"C\"";

static const char q_types[] =
	"SELECT t.oid, n.nspname, t.typname, t.typtype "
	"FROM pg_catalog.pg_type t "
	"JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
	"LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid "
	"WHERE (t.typtype = 'e' OR (t.typtype = 'c' AND c.relkind = 'c')) "
	"AND " USER_TYPE_FILTER " "
	"ORDER BY n.nspname COLLATE \"C\", t.typname COLLATE \"C\"";

static const char q_labels[] =
	"SELECT e.enumtypid, e.enumlabel FROM pg_catalog.pg_enum e "
	"ORDER BY e.enumtypid, e.enumsortorder";

/* attgenerated is PostgreSQL 12+: GEN is the expression for it. */
#define Q_COLUMNS(GEN) \
	"SELECT a.attrelid, a.attname, " \
	"pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, " \
	GEN " " \
	"FROM pg_catalog.pg_attribute a " \
	"WHERE a.attnum > 0 AND NOT a.attisdropped " \
	"AND a.attrelid IN (" DUMPED_TABLES ") " \
	"ORDER BY a.attrelid, a.attnum"

static const char q_columns[] = Q_COLUMNS("a.attgenerated <> ''");
static const char q_columns_pre12[] = Q_COLUMNS("false");

static const char q_parents[] =
	"SELECT i.inhrelid, i.inhparent FROM pg_catalog.pg_inherits i "
	"WHERE i.inhrelid IN (" DUMPED_TABLES ") "
	"AND i.inhparent IN (" DUMPED_TABLES ") "
	"ORDER BY i.inhrelid, i.inhseqno";

/* Key columns only (NKEY: indnkeyatts, PostgreSQL 11+, leaves out INCLUDE
 * columns); invalid indexes are not dumped, except on partitioned tables,
 * where an index stays invalid until every partition has one. */
#define Q_KEYS(NKEY) \
	"SELECT x.indrelid, x.indisprimary, a.attname " \
	"FROM pg_catalog.pg_index x " \
	"JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid " \
	"CROSS JOIN LATERAL pg_catalog.generate_series(0, " NKEY " - 1) " \
	"AS k(i) " \
	"JOIN pg_catalog.pg_attribute a " \
	"ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k.i] " \
	"WHERE x.indisunique AND (x.indisvalid OR ic.relkind = 'I') " \
	"AND x.indrelid IN (" DUMPED_TABLES ") " \
	"ORDER BY x.indrelid, x.indexrelid, k.i"

static const char q_keys[] = Q_KEYS("x.indnkeyatts");
static const char q_keys_pre11[] = Q_KEYS("x.indnatts");

/* Foreign keys pg_dump dumps: those of dumped tables, not the clones a
 * key on a partitioned table makes on its partitions (conparentid,
 * PostgreSQL 11+; the partitions are covered by the parent's).  The
 * referenced table is named, whether dumped or not. */
#define Q_FKEYS(NOT_CLONE) \
	"SELECT c.oid, c.conrelid, c.confrelid, c.conname, rn.nspname, " \
	"r.relname, c.confmatchtype, c.confdeltype, c.confupdtype, " \
	"c.condeferrable, c.condeferred, c.convalidated " \
	"FROM pg_catalog.pg_constraint c " \
	"JOIN pg_catalog.pg_class r ON r.oid = c.confrelid " \
	"JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace " \
	"WHERE c.contype = 'f' AND " NOT_CLONE " " \
	"AND c.conrelid IN (" DUMPED_TABLES ") " \
	"ORDER BY c.conrelid, c.conname"

static const char q_fkeys[] = Q_FKEYS("c.conparentid = 0");
static const char q_fkeys_pre11[] = Q_FKEYS("true");

/* Their columns, pair by pair in key order (conkey[k] with confkey[k]). */
static const char q_fkey_cols[] =
	"SELECT c.oid, a.attname, fa.attname "
	"FROM pg_catalog.pg_constraint c "
	"CROSS JOIN LATERAL pg_catalog.generate_series(1, "
	"pg_catalog.array_length(c.conkey, 1)) AS k(i) "
	"JOIN pg_catalog.pg_attribute a "
	"ON a.attrelid = c.conrelid AND a.attnum = c.conkey[k.i] "
	"JOIN pg_catalog.pg_attribute fa "
	"ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[k.i] "
	"WHERE c.contype = 'f' AND c.conrelid IN (" DUMPED_TABLES ") "
	"ORDER BY c.oid, k.i";

/* ON DELETE SET NULL / SET DEFAULT (cols), PostgreSQL 15+. */
static const char q_fkey_setcols[] =
	"SELECT c.oid, a.attname "
	"FROM pg_catalog.pg_constraint c "
	"CROSS JOIN LATERAL pg_catalog.unnest(c.confdelsetcols) AS k(n) "
	"JOIN pg_catalog.pg_attribute a "
	"ON a.attrelid = c.conrelid AND a.attnum = k.n "
	"WHERE c.contype = 'f' AND c.conrelid IN (" DUMPED_TABLES ") "
	"ORDER BY c.oid";

/* The primary key's columns in key order. */
static const char q_pkeys[] =
	"SELECT x.indrelid, a.attname "
	"FROM pg_catalog.pg_index x "
	"CROSS JOIN LATERAL pg_catalog.generate_series(0, x.indnatts - 1) AS k(i) "
	"JOIN pg_catalog.pg_attribute a "
	"ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k.i] "
	"WHERE x.indisprimary AND x.indrelid IN (" DUMPED_TABLES ") "
	"ORDER BY x.indrelid, k.i";

static const char q_large_objects[] =
	"SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_largeobject_metadata)";

/* ---- helpers -------------------------------------------------------------- */

static int nomem(struct pgs_error *err)
{
	return pgs_error_set(err, PGS_ENOMEM, "out of memory");
}

/* libpq's messages run over several lines ("...failed: ...\n\tIs the
 * server running...?"); ours are one line. */
static int pq_error(struct pgs_error *err, const char *what, const char *msg)
{
	char line[PGS_ERROR_MSG_MAX];
	size_t i, o = 0;
	int space = 0;

	for (i = 0; msg && msg[i] && o + 1 < sizeof(line); i++) {
		char ch = msg[i];

		if (ch == '\n' || ch == '\t' || ch == '\r' || ch == ' ') {
			space = o > 0;
			continue;
		}
		if (space && o + 2 < sizeof(line))
			line[o++] = ' ';
		space = 0;
		line[o++] = ch;
	}
	line[o] = '\0';
	return pgs_error_set(err, PGS_EIO, "%s: %s", what,
			     o ? line : "unknown libpq error");
}

/* Run a query that returns rows; NULL with err set when it fails. */
static PGresult *query(PGconn *conn, const char *sql, struct pgs_error *err)
{
	PGresult *res = PQexec(conn, sql);

	if (!res) {
		pq_error(err, "query on the database failed",
			 PQerrorMessage(conn));
		return NULL;
	}
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pq_error(err, "query on the database failed",
			 PQresultErrorMessage(res));
		PQclear(res);
		return NULL;
	}
	return res;
}

/* Run a command that returns no rows. */
static int command(PGconn *conn, const char *sql, struct pgs_error *err)
{
	PGresult *res = PQexec(conn, sql);
	int ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;

	if (!ok)
		pq_error(err, "command on the database failed",
			 res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
	PQclear(res);
	return ok ? 0 : -1;
}

static unsigned long oid_of(const PGresult *res, int row, int col)
{
	return strtoul(PQgetvalue(res, row, col), NULL, 10);
}

static int is_true(const PGresult *res, int row, int col)
{
	return PQgetvalue(res, row, col)[0] == 't';
}

/* "schema.name", unquoted parts, as schema.c names domains and types. */
static char *join_name(const char *schema, const char *name)
{
	size_t a = strlen(schema), b = strlen(name);
	char *s = malloc(a + b + 2);

	if (!s)
		return NULL;
	memcpy(s, schema, a);
	s[a] = '.';
	memcpy(s + a + 1, name, b + 1);
	return s;
}

/* Oids sorted with their index, for lookups. */
struct oidix {
	unsigned long oid;
	long idx;
};

static int oidix_cmp(const void *pa, const void *pb)
{
	const struct oidix *a = pa, *b = pb;

	return (a->oid > b->oid) - (a->oid < b->oid);
}

static long oidix_find(const struct oidix *v, size_t n, unsigned long oid)
{
	struct oidix key = { oid, -1 }, *f;

	if (!n)
		return -1;
	f = bsearch(&key, v, n, sizeof(*v), oidix_cmp);
	return f ? f->idx : -1;
}

struct load {
	PGconn *conn;
	struct pgs_schema *s;
	struct oidix *tix;            /* tables by oid */
	struct oidix *dix;            /* domains by oid */
	unsigned long *dbase;         /* each domain's base type oid */
	char **dbase_text;            /* its format_type() text */
	unsigned char *dstate;        /* 0 new, 1 resolving, 2 done */
	struct oidix *uix;            /* enums and composites by oid */
};

static void load_release(struct load *l)
{
	size_t i;

	if (l->dbase_text)
		for (i = 0; i < l->s->ndomains; i++)
			free(l->dbase_text[i]);
	free(l->dbase_text);
	free(l->dbase);
	free(l->dstate);
	free(l->tix);
	free(l->dix);
	free(l->uix);
}

/* ---- the queries ---------------------------------------------------------- */

static int load_tables(struct load *l, struct pgs_error *err)
{
	struct pgs_schema *s = l->s;
	PGresult *res = query(l->conn, q_tables, err);
	int i, n;

	if (!res)
		return -1;
	n = PQntuples(res);
	s->tables = calloc((size_t)n + 1, sizeof(*s->tables));
	l->tix = calloc((size_t)n + 1, sizeof(*l->tix));
	if (!s->tables || !l->tix) {
		PQclear(res);
		return nomem(err);
	}
	for (i = 0; i < n; i++) {
		struct pgs_table *t = &s->tables[i];

		t->toc_index = -1;
		t->data_index = -1;
		t->relkind = PQgetvalue(res, i, 3)[0];
		s->ntables++;   /* counted before filling: release frees it */
		t->schema = strdup(PQgetvalue(res, i, 1));
		t->name = strdup(PQgetvalue(res, i, 2));
		if (!t->schema || !t->name) {
			PQclear(res);
			return nomem(err);
		}
		/* What pg_dump dumps with data: ordinary tables.  A marker
		 * stands in for the TABLE DATA entry (see the top). */
		if (t->relkind == 'r') {
			t->has_data = 1;
			t->data_index = i;
		}
		t->extension_member = PQgetvalue(res, i, 4)[0] == 't';
		l->tix[i].oid = oid_of(res, i, 0);
		l->tix[i].idx = i;
	}
	PQclear(res);
	qsort(l->tix, s->ntables, sizeof(*l->tix), oidix_cmp);
	return 0;
}

static int load_types(struct load *l, struct pgs_error *err)
{
	struct pgs_schema *s = l->s;
	PGresult *res = query(l->conn, q_types, err);
	int i, n;

	if (!res)
		return -1;
	n = PQntuples(res);
	s->types = calloc((size_t)n + 1, sizeof(*s->types));
	l->uix = calloc((size_t)n + 1, sizeof(*l->uix));
	if (!s->types || !l->uix) {
		PQclear(res);
		return nomem(err);
	}
	for (i = 0; i < n; i++) {
		struct pgs_usertype *u = &s->types[i];

		s->ntypes++;
		u->name = join_name(PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
		if (!u->name) {
			PQclear(res);
			return nomem(err);
		}
		u->kind = PQgetvalue(res, i, 3)[0] == 'e' ? PGS_TYPE_ENUM
							  : PGS_TYPE_COMPOSITE;
		l->uix[i].oid = oid_of(res, i, 0);
		l->uix[i].idx = i;
	}
	PQclear(res);
	qsort(l->uix, s->ntypes, sizeof(*l->uix), oidix_cmp);

	res = query(l->conn, q_labels, err);
	if (!res)
		return -1;
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		long ti = oidix_find(l->uix, s->ntypes, oid_of(res, i, 0));
		struct pgs_usertype *u;
		char **v;

		if (ti < 0)
			continue;   /* an enum of an extension or system schema */
		u = &s->types[ti];
		v = realloc(u->labels, (u->nlabels + 1) * sizeof(*v));
		if (!v) {
			PQclear(res);
			return nomem(err);
		}
		u->labels = v;
		if (!(v[u->nlabels] = strdup(PQgetvalue(res, i, 1)))) {
			PQclear(res);
			return nomem(err);
		}
		u->nlabels++;
	}
	PQclear(res);
	return 0;
}

static int resolve_domain(struct load *l, size_t d, unsigned depth,
			  struct pgs_error *err);

/* A domain's base type, its own base domain first (a domain over a domain
 * takes NOT NULL from both, as schema.c does). */
static int resolve_domain(struct load *l, size_t d, unsigned depth,
			  struct pgs_error *err)
{
	struct pgs_domain *dom = &l->s->domains[d];
	long base;

	if (l->dstate[d] == 2)
		return 0;
	if (l->dstate[d] == 1 || depth > 1000)
		return pgs_error_set(err, PGS_EINPUT,
				     "domain %s is defined in terms of itself",
				     dom->name);
	l->dstate[d] = 1;
	base = oidix_find(l->dix, l->s->ndomains, l->dbase[d]);
	if (base >= 0) {
		if (resolve_domain(l, (size_t)base, depth + 1, err))
			return -1;
		dom->not_null |= l->s->domains[base].not_null;
	}
	/* pgs_type_parse finds the base domain in s by name; its own
	 * entry has a NULL base text until now, which it never reads. */
	if (pgs_type_parse(&dom->base, l->dbase_text[d], l->s, err))
		return pgs_error_where(err, "domain %s", dom->name);
	l->dstate[d] = 2;
	return 0;
}

static int load_domains(struct load *l, struct pgs_error *err)
{
	struct pgs_schema *s = l->s;
	PGresult *res = query(l->conn, q_domains, err);
	size_t k;
	int i, n;

	if (!res)
		return -1;
	n = PQntuples(res);
	s->domains = calloc((size_t)n + 1, sizeof(*s->domains));
	l->dix = calloc((size_t)n + 1, sizeof(*l->dix));
	l->dbase = calloc((size_t)n + 1, sizeof(*l->dbase));
	l->dbase_text = calloc((size_t)n + 1, sizeof(*l->dbase_text));
	l->dstate = calloc((size_t)n + 1, 1);
	if (!s->domains || !l->dix || !l->dbase || !l->dbase_text ||
	    !l->dstate) {
		PQclear(res);
		return nomem(err);
	}
	for (i = 0; i < n; i++) {
		struct pgs_domain *d = &s->domains[i];

		d->base.kind = PGS_TYPE_OTHER;
		d->base.max_chars = -1;
		d->base.precision = d->base.scale = -1;
		s->ndomains++;
		d->name = join_name(PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
		l->dbase_text[i] = strdup(PQgetvalue(res, i, 4));
		if (!d->name || !l->dbase_text[i]) {
			PQclear(res);
			return nomem(err);
		}
		d->not_null = is_true(res, i, 5);
		l->dbase[i] = oid_of(res, i, 3);
		l->dix[i].oid = oid_of(res, i, 0);
		l->dix[i].idx = i;
	}
	PQclear(res);
	qsort(l->dix, s->ndomains, sizeof(*l->dix), oidix_cmp);
	for (k = 0; k < s->ndomains; k++)
		if (resolve_domain(l, k, 0, err))
			return -1;
	return 0;
}

static const struct pgs_domain *domain_named(const struct pgs_schema *s,
					     const char *name)
{
	size_t i;

	for (i = 0; i < s->ndomains; i++)
		if (strcmp(s->domains[i].name, name) == 0)
			return &s->domains[i];
	return NULL;
}

/* The enum labels of a column type, borrowed from s (type.labels). */
static void enum_labels(const struct pgs_schema *s, struct pgs_type *t)
{
	size_t i;

	if (t->kind != PGS_TYPE_ENUM || !t->text)
		return;
	for (i = 0; i < s->ntypes; i++) {
		size_t n = strlen(s->types[i].name);

		/* "public.mood" or "public.mood[]" */
		if (strncmp(t->text, s->types[i].name, n) == 0 &&
		    (t->text[n] == '\0' || t->text[n] == '[')) {
			t->labels = s->types[i].labels;
			t->nlabels = s->types[i].nlabels;
			return;
		}
	}
}

static int load_columns(struct load *l, struct pgs_error *err)
{
	struct pgs_schema *s = l->s;
	PGresult *res;
	int i, n;

	res = query(l->conn, PQserverVersion(l->conn) >= 120000 ? q_columns
						       : q_columns_pre12, err);
	if (!res)
		return -1;
	n = PQntuples(res);
	/* Rows come grouped by table: count first, then allocate once. */
	for (i = 0; i < n; i++) {
		long ti = oidix_find(l->tix, s->ntables, oid_of(res, i, 0));

		if (ti >= 0)
			s->tables[ti].ncols++;
	}
	for (i = 0; (size_t)i < s->ntables; i++) {
		struct pgs_table *t = &s->tables[i];
		size_t want = t->ncols;

		t->ncols = 0;
		if (want && !(t->cols = calloc(want, sizeof(*t->cols)))) {
			PQclear(res);
			return nomem(err);
		}
	}
	for (i = 0; i < n; i++) {
		long ti = oidix_find(l->tix, s->ntables, oid_of(res, i, 0));
		struct pgs_table *t;
		struct pgs_column *col;

		if (ti < 0)
			continue;
		t = &s->tables[ti];
		col = &t->cols[t->ncols];
		if (!(col->name = strdup(PQgetvalue(res, i, 1)))) {
			PQclear(res);
			return nomem(err);
		}
		t->ncols++;   /* counted once named: release frees it */
		if (pgs_type_parse(&col->type, PQgetvalue(res, i, 2), s, err)) {
			PQclear(res);
			return pgs_error_where(err, "column %s.%s.%s", t->schema,
					       t->name, col->name);
		}
		col->not_null = is_true(res, i, 3);
		/* A NOT NULL domain makes the column NOT NULL, as in schema.c. */
		if (col->type.domain) {
			const struct pgs_domain *d = domain_named(s, col->type.domain);

			if (d && d->not_null)
				col->not_null = 1;
		}
		col->generated = is_true(res, i, 4);
		enum_labels(s, &col->type);
	}
	PQclear(res);
	return 0;
}

static int load_parents(struct load *l, struct pgs_error *err)
{
	struct pgs_schema *s = l->s;
	PGresult *res = query(l->conn, q_parents, err);
	int i, n;

	if (!res)
		return -1;
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		long ci = oidix_find(l->tix, s->ntables, oid_of(res, i, 0));
		long pi = oidix_find(l->tix, s->ntables, oid_of(res, i, 1));
		struct pgs_table *t;
		long *v;

		if (ci < 0 || pi < 0)
			continue;
		t = &s->tables[ci];
		v = realloc(t->parents, (t->nparents + 1) * sizeof(*v));
		if (!v) {
			PQclear(res);
			return nomem(err);
		}
		t->parents = v;
		t->parents[t->nparents++] = pi;
	}
	PQclear(res);
	return 0;
}

static int load_keys(struct load *l, struct pgs_error *err)
{
	struct pgs_schema *s = l->s;
	PGresult *res;
	int i, n;

	res = query(l->conn, PQserverVersion(l->conn) >= 110000 ? q_keys
						       : q_keys_pre11, err);
	if (!res)
		return -1;
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		long ti = oidix_find(l->tix, s->ntables, oid_of(res, i, 0));
		struct pgs_column *col;
		size_t k;

		if (ti < 0)
			continue;
		for (k = 0; k < s->tables[ti].ncols; k++) {
			col = &s->tables[ti].cols[k];
			if (strcmp(col->name, PQgetvalue(res, i, 2)) != 0)
				continue;
			col->unique = 1;
			if (is_true(res, i, 1))
				col->primary_key = col->not_null = 1;
		}
	}
	PQclear(res);
	return 0;
}

static long column_index(const struct pgs_table *t, const char *name)
{
	size_t k;

	for (k = 0; k < t->ncols; k++)
		if (strcmp(t->cols[k].name, name) == 0)
			return (long)k;
	return -1;
}

static int load_pkeys(struct load *l, struct pgs_error *err)
{
	struct pgs_schema *s = l->s;
	PGresult *res = query(l->conn, q_pkeys, err);
	int i, n;

	if (!res)
		return -1;
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		long ti = oidix_find(l->tix, s->ntables, oid_of(res, i, 0));
		struct pgs_table *t;
		size_t *v;
		long at;

		if (ti < 0)
			continue;
		t = &s->tables[ti];
		at = column_index(t, PQgetvalue(res, i, 1));
		if (at < 0)
			continue;
		v = realloc(t->pkey, (t->npkey + 1) * sizeof(*v));
		if (!v) {
			PQclear(res);
			return nomem(err);
		}
		t->pkey = v;
		t->pkey[t->npkey++] = (size_t)at;
	}
	PQclear(res);
	return 0;
}

static enum pgs_fk_action fk_action(char c)
{
	switch (c) {
	case 'r': return PGS_FK_RESTRICT;
	case 'c': return PGS_FK_CASCADE;
	case 'n': return PGS_FK_SET_NULL;
	case 'd': return PGS_FK_SET_DEFAULT;
	default: return PGS_FK_NO_ACTION;     /* 'a' */
	}
}

/* The foreign keys of dumped tables, with their columns by index. */
static int load_fkeys(struct load *l, struct pgs_error *err)
{
	struct pgs_schema *s = l->s;
	struct oidix *kix = NULL;
	PGresult *res, *cols = NULL, *sets = NULL;
	int i, n, rc = -1;

	res = query(l->conn, PQserverVersion(l->conn) >= 110000 ? q_fkeys
						       : q_fkeys_pre11, err);
	if (!res)
		return -1;
	n = PQntuples(res);
	if (!(cols = query(l->conn, q_fkey_cols, err)))
		goto done;
	if (PQserverVersion(l->conn) >= 150000 &&
	    !(sets = query(l->conn, q_fkey_setcols, err)))
		goto done;
	if (!(s->fkeys = calloc((size_t)n + 1, sizeof(*s->fkeys))) ||
	    !(kix = calloc((size_t)n + 1, sizeof(*kix)))) {
		nomem(err);
		goto done;
	}
	for (i = 0; i < n; i++) {
		struct pgs_fkey *fk = &s->fkeys[s->nfkeys];
		long from = oidix_find(l->tix, s->ntables, oid_of(res, i, 1));

		if (from < 0)
			continue;
		s->nfkeys++;   /* counted before filling: release frees it */
		kix[s->nfkeys - 1].oid = oid_of(res, i, 0);
		kix[s->nfkeys - 1].idx = (long)s->nfkeys - 1;
		fk->toc_index = -1;
		fk->from = from;
		fk->to = oidix_find(l->tix, s->ntables, oid_of(res, i, 2));
		fk->name = strdup(PQgetvalue(res, i, 3));
		fk->to_ref.schema = strdup(PQgetvalue(res, i, 4));
		fk->to_ref.name = strdup(PQgetvalue(res, i, 5));
		if (!fk->name || !fk->to_ref.schema || !fk->to_ref.name) {
			nomem(err);
			goto done;
		}
		fk->match_full = PQgetvalue(res, i, 6)[0] == 'f';
		fk->on_delete = fk_action(PQgetvalue(res, i, 7)[0]);
		fk->on_update = fk_action(PQgetvalue(res, i, 8)[0]);
		fk->deferrable = is_true(res, i, 9);
		fk->initially_deferred = is_true(res, i, 10);
		fk->not_valid = !is_true(res, i, 11);
	}
	qsort(kix, s->nfkeys, sizeof(*kix), oidix_cmp);
	for (i = 0; i < PQntuples(cols); i++) {
		long ki = oidix_find(kix, s->nfkeys, oid_of(cols, i, 0));
		struct pgs_fkey *fk;
		long a, b = 0;

		if (ki < 0)
			continue;
		fk = &s->fkeys[ki];
		if (fk->parse_error)
			continue;
		a = column_index(&s->tables[fk->from], PQgetvalue(cols, i, 1));
		if (fk->to >= 0)
			b = column_index(&s->tables[fk->to], PQgetvalue(cols, i, 2));
		if (a < 0 || b < 0) {
			fk->parse_error = strdup("a column of the key is not in "
						 "its table");
			if (!fk->parse_error) {
				nomem(err);
				goto done;
			}
			continue;
		}
		{
			size_t m = fk->ncols + 1;
			size_t *fc = realloc(fk->from_cols, m * sizeof(*fc));
			char **tn;

			if (fc)
				fk->from_cols = fc;
			tn = fc ? realloc(fk->to_names, m * sizeof(*tn)) : NULL;
			if (tn)
				fk->to_names = tn;
			fc = tn && fk->to >= 0 ? realloc(fk->to_cols, m * sizeof(*fc))
					       : NULL;
			if (fc)
				fk->to_cols = fc;
			if (!tn || (fk->to >= 0 && !fc) ||
			    !(fk->to_names[fk->ncols] = strdup(PQgetvalue(cols, i, 2)))) {
				nomem(err);
				goto done;
			}
		}
		fk->from_cols[fk->ncols] = (size_t)a;
		if (fk->to_cols)
			fk->to_cols[fk->ncols] = (size_t)b;
		fk->ncols++;
	}
	for (i = 0; sets && i < PQntuples(sets); i++) {
		long ki = oidix_find(kix, s->nfkeys, oid_of(sets, i, 0));
		struct pgs_fkey *fk;
		size_t k, *v;

		if (ki < 0)
			continue;
		fk = &s->fkeys[ki];
		for (k = 0; k < fk->ncols; k++)
			if (strcmp(s->tables[fk->from].cols[fk->from_cols[k]].name,
				   PQgetvalue(sets, i, 1)) == 0)
				break;
		if (k == fk->ncols)
			continue;
		v = realloc(fk->set_cols, (fk->nset_cols + 1) * sizeof(*v));
		if (!v) {
			nomem(err);
			goto done;
		}
		fk->set_cols = v;
		fk->set_cols[fk->nset_cols++] = k;
	}
	/* A key not understood keeps no half-read columns (schema.h). */
	for (i = 0; (size_t)i < s->nfkeys; i++) {
		struct pgs_fkey *fk = &s->fkeys[i];

		if (!fk->parse_error)
			continue;
		while (fk->ncols > 0)
			free(fk->to_names[--fk->ncols]);
		free(fk->from_cols);
		free(fk->to_cols);
		free(fk->to_names);
		free(fk->set_cols);
		fk->from_cols = fk->to_cols = fk->set_cols = NULL;
		fk->to_names = NULL;
		fk->nset_cols = 0;
	}
	rc = 0;
done:
	free(kix);
	PQclear(res);
	PQclear(cols);
	PQclear(sets);
	return rc;
}

static int load_all(struct load *l, struct pgs_error *err)
{
	const char *enc;
	PGresult *res;

	/* Names of user types come out schema-qualified, as in a dump. */
	if (command(l->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
		    err) ||
	    command(l->conn, "SET LOCAL search_path = ''", err))
		return -1;
	/* Types and domains first: column types are resolved through them. */
	if (load_tables(l, err) || load_types(l, err) || load_domains(l, err) ||
	    load_columns(l, err) || load_parents(l, err) || load_keys(l, err) ||
	    load_pkeys(l, err) || load_fkeys(l, err))
		return -1;
	res = query(l->conn, q_large_objects, err);
	if (!res)
		return -1;
	l->s->has_large_objects = PQntuples(res) == 1 && is_true(res, 0, 0);
	PQclear(res);
	if (command(l->conn, "COMMIT", err))
		return -1;
	enc = PQparameterStatus(l->conn, "server_encoding");
	snprintf(l->s->encoding, sizeof(l->s->encoding), "%s",
		 enc ? enc : "UTF8");
	l->s->has_statistics = 0;
	return 0;
}

/*
 * Connect as psql and pg_dump do with -d VALUE: a value holding '=' or
 * starting with postgresql:// or postgres:// is a connection string or URI,
 * anything else a bare database name (dbname=VALUE) — libpq's expand_dbname
 * (PQconnectdbParams) draws exactly that line.  NULL only when out of
 * memory.
 */
static PGconn *connect_db(const char *conninfo)
{
	const char *const keys[] = { "dbname", "fallback_application_name", NULL };
	const char *const values[] = { conninfo ? conninfo : "", "pgscrub", NULL };

	return PQconnectdbParams(keys, values, 1);
}

int pgs_schema_from_db(struct pgs_schema *s, const char *conninfo,
		       struct pgs_error *err)
{
	struct pgs_schema res;
	struct load l;
	int rc;

	memset(&l, 0, sizeof(l));
	pgs_schema_init(&res);
	l.s = &res;
	l.conn = connect_db(conninfo);
	if (!l.conn)
		return nomem(err);
	if (PQstatus(l.conn) != CONNECTION_OK) {
		/* Never the conninfo itself: it may hold a password. */
		pq_error(err, "cannot connect to the database",
			 PQerrorMessage(l.conn));
		PQfinish(l.conn);
		return -1;
	}
	rc = load_all(&l, err);
	PQfinish(l.conn);
	load_release(&l);
	if (rc) {
		pgs_schema_release(&res);
		return -1;
	}
	pgs_schema_release(s);
	*s = res;
	return 0;
}

/* ---- a sample of the rows, for init --------------------------------------- */

/* "COPY (SELECT "a", "b" FROM ONLY "s"."t" LIMIT n) TO STDOUT" into b. */
static int sample_query(PGconn *conn, struct pgs_buf *b,
			const struct pgs_table *t, const struct pgs_copy_stmt *st,
			uint32_t limit, struct pgs_error *err)
{
	char *q;
	size_t i;

	pgs_buf_reset(b);
	if (pgs_buf_adds(b, "COPY (SELECT ", err))
		return -1;
	for (i = 0; i < st->ncols; i++) {
		q = PQescapeIdentifier(conn, st->cols[i], strlen(st->cols[i]));
		if (!q)
			return nomem(err);
		if ((i && pgs_buf_adds(b, ", ", err)) || pgs_buf_adds(b, q, err)) {
			PQfreemem(q);
			return -1;
		}
		PQfreemem(q);
	}
	if (pgs_buf_adds(b, " FROM ONLY ", err))
		return -1;
	q = PQescapeIdentifier(conn, t->schema, strlen(t->schema));
	if (!q)
		return nomem(err);
	if (pgs_buf_adds(b, q, err) || pgs_buf_addc(b, '.', err)) {
		PQfreemem(q);
		return -1;
	}
	PQfreemem(q);
	q = PQescapeIdentifier(conn, t->name, strlen(t->name));
	if (!q)
		return nomem(err);
	if (pgs_buf_adds(b, q, err)) {
		PQfreemem(q);
		return -1;
	}
	PQfreemem(q);
	{
		char tail[64];

		snprintf(tail, sizeof(tail), " LIMIT %u) TO STDOUT", limit);
		if (pgs_buf_adds(b, tail, err) || pgs_buf_addc(b, '\0', err))
			return -1;
	}
	return 0;
}

/* One table's rows into the feed. */
static int sample_table(PGconn *conn, struct pgs_sample_feed *f,
			struct pgs_buf *b, const struct pgs_table *t,
			uint32_t limit, struct pgs_error *err)
{
	struct pgs_copy_stmt st;
	PGresult *res;
	size_t j;
	int rc = -1;

	memset(&st, 0, sizeof(st));
	st.schema = t->schema;
	st.table = t->name;
	st.cols = calloc(t->ncols + 1, sizeof(*st.cols));
	if (!st.cols)
		return nomem(err);
	for (j = 0; j < t->ncols; j++)
		if (!t->cols[j].generated)
			st.cols[st.ncols++] = t->cols[j].name;
	if (sample_query(conn, b, t, &st, limit, err) ||
	    pgs_sample_feed_table(f, &st, err))
		goto out;
	res = PQexec(conn, b->data);
	if (!res || PQresultStatus(res) != PGRES_COPY_OUT) {
		pq_error(err, "cannot read a sample of the rows",
			 res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
		PQclear(res);
		pgs_error_where(err, "table %s.%s", t->schema, t->name);
		pgs_error_hint(err, "grant SELECT on it, or run init with "
			       "--no-sample");
		goto out;
	}
	PQclear(res);
	for (;;) {
		char *row = NULL;
		int n = PQgetCopyData(conn, &row, 0);

		if (n < 0) {
			PQfreemem(row);
			break;
		}
		rc = pgs_sample_feed_data(f, row, (size_t)n, err);
		PQfreemem(row);
		if (rc)
			goto drain;
	}
	rc = pgs_sample_feed_data(f, "\\.\n", 3, err);
drain:
	while ((res = PQgetResult(conn)) != NULL) {
		if (rc == 0 && PQresultStatus(res) != PGRES_COMMAND_OK) {
			pq_error(err, "cannot read a sample of the rows",
				 PQresultErrorMessage(res));
			pgs_error_where(err, "table %s.%s", t->schema, t->name);
			rc = -1;
		}
		PQclear(res);
	}
out:
	free(st.cols);
	return rc;
}

int pgs_sample_db(struct pgs_sample *sample, const struct pgs_schema *s,
		  const char *conninfo, struct pgs_error *err)
{
	struct pgs_sample_feed *f = NULL;
	struct pgs_buf b;
	PGconn *conn;
	size_t i;
	int rc = -1;

	conn = connect_db(conninfo);
	if (!conn)
		return nomem(err);
	if (PQstatus(conn) != CONNECTION_OK) {
		pq_error(err, "cannot connect to the database",
			 PQerrorMessage(conn));
		PQfinish(conn);
		return -1;
	}
	pgs_buf_init(&b, (size_t)1 << 20);
	if (command(conn, "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, "
		    "READ ONLY", err) ||
	    command(conn, "SET search_path = ''", err) ||
	    pgs_sample_feed_open(&f, sample, err))
		goto out;
	/* The rows pg_dump would dump: of ordinary tables (partitions too;
	 * a partitioned table has none of its own), none of foreign ones. */
	for (i = 0; i < s->ntables; i++) {
		const struct pgs_table *t = &s->tables[i];

		if (!t->has_data || t->relkind != 'r')
			continue;
		if (sample_table(conn, f, &b, t, sample->max_rows, err))
			goto out;
	}
	rc = 0;
out:
	pgs_sample_feed_close(f);
	pgs_buf_release(&b);
	PQfinish(conn);
	return rc;
}
