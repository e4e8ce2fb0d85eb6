/*
 * archive_plain.c — a plain SQL script (pg_dump -Fp) cut into units and
 * entries, and the TOC those entries make (archive_plain.h).
 *
 * What is scanned is what psql would run: the statement boundaries follow
 * psql's psqlscan.l (a ';' outside quotes, dollar quotes, comments and
 * parentheses ends a statement, except inside the BEGIN ... END of a
 * CREATE FUNCTION/PROCEDURE), a line starting with a backslash outside a
 * statement is a meta-command, and after COPY ... FROM stdin; everything up
 * to a line that is exactly "\." is rows.  pg_dump writes its entries with
 * _printTocEntry (pg_backup_archiver.c): the comment header, the defn, the
 * ALTER ... OWNER TO statement; data entries with their dumper's output
 * (dumpTableData_copy, dumpTableData_insert, dumpLOs).  The session
 * statements before an entry (SET default_tablespace, SET SESSION
 * AUTHORIZATION ...) belong to no defn.
 */
#include "pgscrub/archive_plain.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pgscrub/copy.h"
#include "pgscrub/sql_lex.h"

/* Scanner states. */
enum {
	S_BOL = 0,      /* at the start of a line, outside statements */
	S_DASH,         /* one '-' at the start of a line */
	S_LINE,         /* a comment line, to its LF */
	S_META,         /* a meta-command line, to its LF */
	S_STMT,         /* in a statement */
	S_SEMI,         /* a statement just ended: its LF may follow */
	S_BODY          /* COPY rows */
};

/* Lexical states inside a statement. */
enum {
	L_NORMAL = 0,
	L_SQUOTE,       /* '...' */
	L_ESQUOTE,      /* E'...' (or any '...' with standard_conforming_strings off) */
	L_ESQUOTE_BS,   /* after a backslash in E'...' */
	L_DQUOTE,       /* "..." */
	L_DOLLAR_TAG,   /* $tag... not yet closed by its '$' */
	L_DOLLAR,       /* $tag$ ... */
	L_LINE_COMMENT, /* -- ... LF */
	L_BLOCK_COMMENT /* slash-star ... star-slash, nesting */
};

/* Header kinds of the comment that starts an entry. */
static const char *const header_prefixes[] = {
	"-- Name: ", "-- Data for Name: ", "-- Statistics for Name: "
};

/* Entry types pg_dump puts after the data (pg_dump's post-data section). */
static const char *const post_data_descs[] = {
	"INDEX", "INDEX ATTACH", "CONSTRAINT", "CHECK CONSTRAINT",
	"FK CONSTRAINT", "TRIGGER", "RULE", "EVENT TRIGGER", "POLICY",
	"ROW SECURITY", "PUBLICATION", "PUBLICATION TABLE",
	"PUBLICATION TABLES IN SCHEMA", "SUBSCRIPTION", "SUBSCRIPTION TABLE",
	"STATISTICS", "MATERIALIZED VIEW DATA", "DEFAULT ACL", NULL
};

#define SECTION_PRE_DATA 2
#define SECTION_DATA 3
#define SECTION_POST_DATA 4

void pgs_plain_scanner_init(struct pgs_plain_scanner *sc,
			    struct pgs_archive *a, int build,
			    pgs_plain_unit_fn unit, void *ctx)
{
	memset(sc, 0, sizeof(*sc));
	sc->a = a;
	sc->build = build;
	sc->unit = unit;
	sc->ctx = ctx;
	pgs_buf_init(&sc->cur, PGS_PLAIN_MAX_UNIT);
	pgs_buf_init(&sc->defn, PGS_MAX_TOC_STRING);
	sc->prev = -1;
	sc->line = 1;
	sc->entry = SIZE_MAX;
	sc->body_bol = 1;
	sc->std_strings = 1;
}

void pgs_plain_scanner_start_rows(struct pgs_plain_scanner *sc, size_t idx,
				  uint64_t offset)
{
	sc->saw_magic = 1;
	sc->state = S_BODY;
	sc->body_bol = 1;
	sc->hold_len = 0;
	sc->entry = idx;
	sc->replayed = idx + 1;
	sc->offset = offset;
}

void pgs_plain_scanner_release(struct pgs_plain_scanner *sc)
{
	pgs_buf_release(&sc->cur);
	pgs_buf_release(&sc->defn);
}

static int at_line(struct pgs_plain_scanner *sc, struct pgs_error *err)
{
	return pgs_error_where(err, "line %" PRIu64 " of the script", sc->line);
}

static int nomem(struct pgs_error *err)
{
	return pgs_error_set(err, PGS_ENOMEM, "out of memory");
}

static int is_ident_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	       c >= 0x80;
}

static int is_ident_char(int c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static int str_is(const struct pgs_str *s, const char *lit)
{
	return s->p && strcmp(s->p, lit) == 0;
}

static struct pgs_toc_entry *cur_entry(struct pgs_plain_scanner *sc)
{
	return sc->entry == SIZE_MAX ? NULL : &sc->a->toc[sc->entry];
}

/* ---- units -------------------------------------------------------------- */

static int hand_out(struct pgs_plain_scanner *sc, enum pgs_plain_kind kind,
		    enum pgs_plain_role role, const char *p, size_t n,
		    uint64_t offset, struct pgs_error *err)
{
	struct pgs_plain_unit u;

	if (!sc->unit)
		return 0;
	u.kind = kind;
	u.role = role;
	u.p = p;
	u.n = n;
	u.entry = sc->entry;
	u.offset = offset;
	return sc->unit(sc->ctx, &u, err);
}

/* ---- entries ------------------------------------------------------------ */

/*
 * The hint of a header line: "Name: T; Type: D; Schema: S; Owner: O", each
 * part found from the right, so that only a schema or owner name with
 * "; Type: " or "; Schema: " in it can mislead (and the statements correct
 * the names that matter).
 */
struct hint {
	const char *tag, *desc, *ns, *owner;
	size_t tag_len, desc_len, ns_len, owner_len;
};

static const char *rfind(const char *s, size_t len, const char *pat)
{
	size_t m = strlen(pat), i;

	if (len < m)
		return NULL;
	for (i = len - m + 1; i-- > 0;)
		if (memcmp(s + i, pat, m) == 0)
			return s + i;
	return NULL;
}

static int parse_hint(struct hint *h, const char *s, size_t len)
{
	const char *o, *sch, *ty;

	while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	if (!(o = rfind(s, len, "; Owner:")) ||
	    !(sch = rfind(s, (size_t)(o - s), "; Schema: ")) ||
	    !(ty = rfind(s, (size_t)(sch - s), "; Type: ")))
		return -1;
	h->tag = s;
	h->tag_len = (size_t)(ty - s);
	h->desc = ty + 8;
	h->desc_len = (size_t)(sch - h->desc);
	h->ns = sch + 10;
	h->ns_len = (size_t)(o - h->ns);
	h->owner = o + 8;
	if (*h->owner == ' ')
		h->owner++;
	h->owner_len = (size_t)(s + len - h->owner);
	return 0;
}

static int set_str(struct pgs_plain_scanner *sc, struct pgs_str *s,
		   const char *p, size_t len, struct pgs_error *err)
{
	return pgs_archive_set_str(sc->a, s, p, len, err);
}

static int is_post_data(const struct pgs_str *desc)
{
	size_t i;

	for (i = 0; post_data_descs[i]; i++)
		if (str_is(desc, post_data_descs[i]))
			return 1;
	return 0;
}

static int flush_defn(struct pgs_plain_scanner *sc, struct pgs_error *err);

/* A new entry: added (build) or the next one of the TOC (replay). */
static int new_entry(struct pgs_plain_scanner *sc, const struct hint *h,
		     const char *desc, struct pgs_error *err)
{
	struct pgs_archive *a = sc->a;
	struct pgs_toc_entry *te;
	int data;

	if (flush_defn(sc, err))
		return -1;
	sc->entry_has_copy = 0;
	sc->entry_named = 0;
	if (!sc->build) {
		if (sc->replayed >= a->ntoc)
			return pgs_error_set(err, PGS_EINTERNAL,
					     "the script changed between readings");
		sc->entry = sc->replayed++;
		return 0;
	}
	if (a->ntoc == sc->cap) {
		size_t ncap = sc->cap ? sc->cap * 2 : 256;
		struct pgs_toc_entry *nt;

		if (ncap > PGS_MAX_TOC_ENTRIES)
			return pgs_error_set(err, PGS_EINPUT,
					     "the script has too many entries");
		nt = realloc(a->toc, ncap * sizeof(*nt));
		if (!nt)
			return nomem(err);
		a->toc = nt;
		sc->cap = ncap;
	}
	te = &a->toc[a->ntoc];
	memset(te, 0, sizeof(*te));
	sc->entry = a->ntoc++;
	te->dump_id = (int)a->ntoc;
	te->had_dumper = 0;
	te->toc_pos = sc->unit_at;
	if (h) {
		if (set_str(sc, &te->tag, h->tag, h->tag_len, err) ||
		    set_str(sc, &te->desc, h->desc, h->desc_len, err) ||
		    (!(h->ns_len == 1 && h->ns[0] == '-') &&
		     set_str(sc, &te->namespace_, h->ns, h->ns_len, err)) ||
		    set_str(sc, &te->owner, h->owner, h->owner_len, err))
			return -1;
	} else if (set_str(sc, &te->desc, desc, strlen(desc), err)) {
		return -1;
	}
	data = str_is(&te->desc, "TABLE DATA") || str_is(&te->desc, "BLOBS");
	if (!data && is_post_data(&te->desc))
		sc->saw_post_data = 1;
	te->section = data ? SECTION_DATA :
		      str_is(&te->desc, "STATISTICS DATA") && !sc->saw_post_data ?
		      SECTION_DATA : sc->saw_post_data ? SECTION_POST_DATA :
		      SECTION_PRE_DATA;
	te->had_dumper = data;
	te->offset_flag = data ? K_OFFSET_POS_NOT_SET : K_OFFSET_NO_DATA;
	te->out_offset_flag = te->offset_flag;
	return 0;
}

/* A header comment line: "-- Name: ...", "-- Data for Name: ...". */
static int header_line(struct pgs_plain_scanner *sc, const char *p, size_t n,
		       struct pgs_error *err)
{
	size_t i, k;
	struct hint h;

	for (i = 0; i < 3; i++) {
		k = strlen(header_prefixes[i]);
		if (n >= k && memcmp(p, header_prefixes[i], k) == 0)
			break;
	}
	if (i == 3 || parse_hint(&h, p + k, n - k))
		return 0;       /* another comment */
	sc->entry_header = 1;
	return new_entry(sc, &h, NULL, err);
}

/* Append text to the entry's defn (build only): collected in sc->defn and
 * put into the arena once, when the entry ends (flush_defn). */
static int add_defn(struct pgs_plain_scanner *sc, const char *p, size_t n,
		    struct pgs_error *err)
{
	if (!sc->build)
		return 0;
	return pgs_buf_add(&sc->defn, p, n, err);
}

static int flush_defn(struct pgs_plain_scanner *sc, struct pgs_error *err)
{
	struct pgs_toc_entry *te = cur_entry(sc);
	int rc = 0;

	if (sc->build && te && sc->defn.len)
		rc = set_str(sc, &te->defn, sc->defn.data, sc->defn.len, err);
	pgs_buf_reset(&sc->defn);
	return rc;
}

/* ---- statements --------------------------------------------------------- */

/* The name qualified by tokens t[0], (t[1] '.', t[2]): *ns "" when bare. */
static int qualified_name(struct pgs_buf *ns, struct pgs_buf *name,
			  const struct pgs_sql_token *t, size_t nt,
			  size_t *used, struct pgs_error *err)
{
	if (nt >= 3 && t[1].kind == PGS_SQL_DOT) {
		if (pgs_sql_ident_value(ns, &t[0], err) ||
		    pgs_sql_ident_value(name, &t[2], err))
			return -1;
		*used = 3;
		return 0;
	}
	pgs_buf_reset(ns);
	if (nt < 1 || pgs_sql_ident_value(name, &t[0], err))
		return -1;
	*used = 1;
	return 0;
}

/* The value of a 'name', 'value' argument pair of a statistics call. */
static int stats_arg(struct pgs_buf *out, const char *text, size_t len,
		     const struct pgs_sql_tokens *tv, const char *name,
		     int std_strings, struct pgs_error *err)
{
	size_t i;
	struct pgs_buf b;
	int found = 0;

	pgs_buf_init(&b, PGS_PLAIN_MAX_UNIT);
	for (i = 0; i + 2 < tv->n && !found; i++) {
		if (tv->v[i].kind != PGS_SQL_STRING ||
		    tv->v[i + 1].kind != PGS_SQL_COMMA ||
		    tv->v[i + 2].kind != PGS_SQL_STRING)
			continue;
		if (pgs_sql_string_value(&b, text, len, &tv->v[i], std_strings,
					 err)) {
			pgs_buf_release(&b);
			return -1;
		}
		if (strcmp(b.data ? b.data : "", name) != 0)
			continue;
		if (pgs_sql_string_value(out, text, len, &tv->v[i + 2],
					 std_strings, err)) {
			pgs_buf_release(&b);
			return -1;
		}
		found = 1;
	}
	pgs_buf_release(&b);
	return found;
}

/* Set the entry's namespace and tag from a statement (build only). */
static int name_entry(struct pgs_plain_scanner *sc, struct pgs_toc_entry *te,
		      const char *ns, const char *tag, struct pgs_error *err)
{
	if (!sc->build)
		return 0;
	if (set_str(sc, &te->tag, tag, strlen(tag), err))
		return -1;
	if (!ns[0]) {
		te->namespace_.p = NULL;
		te->namespace_.len = 0;
		return 0;
	}
	return set_str(sc, &te->namespace_, ns, strlen(ns), err);
}

static int kw(const struct pgs_sql_tokens *tv, size_t i, const char *w)
{
	return i < tv->n && pgs_sql_is_kw(&tv->v[i], w);
}

/* SET client_encoding / standard_conforming_strings. */
static int session_setting(struct pgs_plain_scanner *sc,
			   const struct pgs_sql_tokens *tv, const char *text,
			   size_t len, struct pgs_error *err)
{
	struct pgs_buf v;
	const struct pgs_sql_token *val;
	size_t i;
	int rc = 0, plain_form;

	/* The two settings that change how the script is read are followed
	 * only in pg_dump's own form, SET name = value; any other (SET
	 * SESSION/LOCAL, RESET, set_config(), a DEFAULT) is refused rather
	 * than read differently from psql. */
	plain_form = kw(tv, 0, "set") && tv->n == 6 &&
		     (tv->v[2].kind == PGS_SQL_OP || kw(tv, 2, "to")) &&
		     (kw(tv, 1, "client_encoding") ||
		      kw(tv, 1, "standard_conforming_strings")) &&
		     (tv->v[3].kind == PGS_SQL_STRING ||
		      (tv->v[3].kind == PGS_SQL_WORD && !kw(tv, 3, "default"))) &&
		     tv->v[4].kind == PGS_SQL_SEMI && tv->v[5].kind == PGS_SQL_END;
	for (i = 0; !plain_form && i < tv->n; i++) {
		const struct pgs_sql_token *t = &tv->v[i];
		int named = pgs_sql_is_kw(t, "client_encoding") ||
			    pgs_sql_is_kw(t, "standard_conforming_strings") ||
			    (t->kind == PGS_SQL_STRING &&
			     ((t->len == 17 && strncasecmp(t->p, "'client_encoding'", 17) == 0) ||
			      (t->len == 29 && strncasecmp(t->p, "'standard_conforming_strings'", 29) == 0)));

		if (named) {
			pgs_error_set(err, PGS_EINPUT, "the script sets "
				      "client_encoding or "
				      "standard_conforming_strings in a form "
				      "pg_dump does not write (only SET name = "
				      "value; is followed)");
			return pgs_error_hint(err, "give pgscrub the script as "
					      "pg_dump wrote it, or write the "
					      "setting as SET name = value;");
		}
	}
	if (!plain_form)
		return 0;
	val = &tv->v[3];
	pgs_buf_init(&v, 256);
	if (val->kind == PGS_SQL_STRING)
		rc = pgs_sql_string_value(&v, text, len, val, sc->std_strings, err);
	else if (val->kind == PGS_SQL_WORD)
		rc = pgs_buf_add(&v, val->p, val->len, err);
	if (rc == 0 && v.data && kw(tv, 1, "client_encoding") && sc->build) {
		if (v.len >= sizeof(sc->a->encoding)) {
			rc = pgs_error_set(err, PGS_EINPUT,
					   "SET client_encoding names no encoding");
		} else {
			memcpy(sc->a->encoding, v.data, v.len + 1);
		}
	} else if (rc == 0 && v.data &&
		   kw(tv, 1, "standard_conforming_strings")) {
		if (strcasecmp(v.data, "on") != 0 &&
		    strcasecmp(v.data, "off") != 0) {
			pgs_error_set(err, PGS_EINPUT, "SET "
				      "standard_conforming_strings to a value "
				      "other than on or off");
			rc = pgs_error_hint(err, "pg_dump writes on; write "
					    "the setting as on or off");
		}
		sc->std_strings = strcasecmp(v.data, "off") != 0;
		if (sc->build)
			sc->a->std_strings = sc->std_strings;
	}
	pgs_buf_release(&v);
	return rc;
}

/* Whether a statement is ALTER ... OWNER TO name; */
static int is_owner_stmt(const struct pgs_sql_tokens *tv)
{
	size_t n = tv->n;

	return kw(tv, 0, "alter") && n >= 5 &&
	       tv->v[n - 2].kind == PGS_SQL_SEMI && kw(tv, n - 5, "owner") &&
	       kw(tv, n - 4, "to");
}

/* The table a CREATE INDEX is on: after ON [ONLY]. */
static int index_table(struct pgs_buf *ns, struct pgs_buf *name,
		       const struct pgs_sql_tokens *tv, struct pgs_error *err)
{
	size_t i, used;

	for (i = 0; i < tv->n; i++)
		if (kw(tv, i, "on"))
			break;
	if (i >= tv->n)
		return 0;
	i++;
	if (kw(tv, i, "only"))
		i++;
	return qualified_name(ns, name, tv->v + i, tv->n - i, &used, err) ? -1 : 1;
}

/* A CREATE statement's object: CREATE [UNLOGGED|FOREIGN|...] TABLE name,
 * CREATE TYPE name, CREATE DOMAIN name, CREATE [UNIQUE] INDEX name. */
static int created_name(struct pgs_buf *ns, struct pgs_buf *name,
			const struct pgs_sql_tokens *tv, const char *what,
			struct pgs_error *err)
{
	size_t i, used;

	if (!kw(tv, 0, "create"))
		return 0;
	for (i = 1; i < tv->n && i < 5; i++)
		if (kw(tv, i, what))
			break;
	if (i >= tv->n || i >= 5)
		return 0;
	i++;
	if (strcmp(what, "index") == 0 && kw(tv, i, "concurrently"))
		i++;
	return qualified_name(ns, name, tv->v + i, tv->n - i, &used, err) ? -1 : 1;
}

/* The role of a complete statement, and what it tells about its entry. */
static int classify(struct pgs_plain_scanner *sc, const char *text, size_t len,
		    enum pgs_plain_role *role, struct pgs_error *err)
{
	struct pgs_sql_lexer lx;
	struct pgs_sql_tokens tv = PGS_SQL_TOKENS_INIT;
	struct pgs_buf ns, name;
	struct pgs_toc_entry *te;
	int rc = -1, r;
	size_t used;

	pgs_buf_init(&ns, 4096);
	pgs_buf_init(&name, 4096);
	pgs_sql_lexer_init(&lx, text, len, sc->std_strings);
	if (pgs_sql_lex_all(&tv, &lx, err))
		goto out;
	*role = PGS_PLAIN_ROLE_DEFN;
	if (kw(&tv, 0, "set") || kw(&tv, 0, "reset") ||
	    (kw(&tv, 0, "select") && tv.n > 4 && kw(&tv, 1, "pg_catalog") &&
	     kw(&tv, 3, "set_config"))) {
		*role = PGS_PLAIN_ROLE_SESSION;
		rc = session_setting(sc, &tv, text, len, err);
		goto out;
	}
	if (kw(&tv, 0, "copy")) {
		struct pgs_copy_stmt st;
		char *stmt = malloc(len + 1);

		if (!stmt) {
			nomem(err);
			goto out;
		}
		memcpy(stmt, text, len);
		stmt[len] = '\0';
		memset(&st, 0, sizeof(st));
		r = pgs_copy_stmt_parse(&st, stmt, err);
		if (r == 0) {
			te = cur_entry(sc);
			/* COPY rows are table data whatever the comment said:
			 * a second COPY, or one in another kind of entry,
			 * gets an entry of its own. */
			if (!te || !str_is(&te->desc, "TABLE DATA") ||
			    sc->entry_has_copy || sc->entry_named) {
				sc->entry_header = 0;
				r = new_entry(sc, NULL, "TABLE DATA", err);
				te = cur_entry(sc);
			}
			/* Under its own header the entry keeps the header's
			 * names until link_entries() has checked them against
			 * the COPY statement (--load-via-partition-root: a
			 * partition's rows COPY to the root). */
			if (r == 0 && !sc->entry_header)
				r = name_entry(sc, te, st.schema, st.table, err);
			if (r == 0 && sc->build)
				r = set_str(sc, &te->copy_stmt, text, len, err);
			/* Read again: the rows must be those of the COPY the
			 * plan was made for, statement for statement. */
			if (r == 0 && !sc->build &&
			    (!te || !te->copy_stmt.p || te->copy_stmt.len != len ||
			     memcmp(te->copy_stmt.p, text, len) != 0))
				r = pgs_error_set(err, PGS_EINPUT, "the script "
						  "changed between readings: "
						  "another COPY statement where "
						  "the first reading found one");
			sc->entry_has_copy = 1;
		}
		pgs_copy_stmt_release(&st);
		free(stmt);
		if (r)
			goto out;
		*role = PGS_PLAIN_ROLE_COPY;
		rc = 0;
		goto out;
	}
	te = cur_entry(sc);
	if (kw(&tv, 0, "insert") && kw(&tv, 1, "into")) {
		if (!te || !str_is(&te->desc, "TABLE DATA") || sc->entry_has_copy) {
			pgs_error_set(err, PGS_EINPUT,
				      "an INSERT statement outside a table's data");
			pgs_error_hint(err, "pgscrub reads scripts as pg_dump "
				       "writes them; this one was edited or is "
				       "not from pg_dump");
			goto out;
		}
		if (qualified_name(&ns, &name, tv.v + 2, tv.n - 2, &used, err))
			goto out;
		/* The first INSERT names the table. */
		if (!sc->entry_named && name_entry(sc, te, ns.data ? ns.data : "",
						   name.data, err))
			goto out;
		sc->entry_named = 1;
		if (strcmp(te->tag.p ? te->tag.p : "", name.data) != 0 ||
		    strcmp(te->namespace_.p ? te->namespace_.p : "",
			   ns.data ? ns.data : "") != 0) {
			pgs_error_set(err, PGS_EINPUT,
				      "an INSERT into another table than the "
				      "data of table %s.%s it is part of",
				      te->namespace_.p ? te->namespace_.p : "",
				      te->tag.p ? te->tag.p : "");
			goto out;
		}
		*role = PGS_PLAIN_ROLE_INSERT;
		rc = 0;
		goto out;
	}
	if (te && str_is(&te->desc, "BLOBS")) {
		*role = kw(&tv, 0, "select") && kw(&tv, 3, "lowrite") ?
			PGS_PLAIN_ROLE_LO_WRITE : PGS_PLAIN_ROLE_LO_DATA;
		rc = 0;
		goto out;
	}
	if (kw(&tv, 0, "select") && tv.n > 4 && kw(&tv, 3, "lowrite")) {
		pgs_error_set(err, PGS_EINPUT,
			      "large-object data (lowrite) outside a BLOBS entry");
		goto out;
	}
	if (is_owner_stmt(&tv)) {
		*role = PGS_PLAIN_ROLE_OWNER;
		if (te && sc->build && !te->owner.len) {
			struct pgs_buf o;

			pgs_buf_init(&o, 4096);
			r = pgs_sql_ident_value(&o, &tv.v[tv.n - 3], err) ||
			    set_str(sc, &te->owner, o.data, o.len, err);
			pgs_buf_release(&o);
			if (r)
				goto out;
		}
		rc = 0;
		goto out;
	}
	if (!te) {
		/* DDL before any header: an entry of its own. */
		if (new_entry(sc, NULL, "UNKNOWN", err))
			goto out;
		te = cur_entry(sc);
	}
	if (sc->build && (str_is(&te->desc, "TABLE") ||
			  str_is(&te->desc, "FOREIGN TABLE") ||
			  str_is(&te->desc, "TYPE") || str_is(&te->desc, "DOMAIN") ||
			  str_is(&te->desc, "INDEX") ||
			  str_is(&te->desc, "MATERIALIZED VIEW")) && !sc->defn.len) {
		const char *what = str_is(&te->desc, "TYPE") ? "type" :
				   str_is(&te->desc, "DOMAIN") ? "domain" :
				   str_is(&te->desc, "INDEX") ? "index" :
				   str_is(&te->desc, "MATERIALIZED VIEW") ? "view" :
				   "table";

		r = created_name(&ns, &name, &tv, what, err);
		if (r < 0)
			goto out;
		if (r > 0 && strcmp(what, "index") == 0) {
			/* The index's name; its schema is its table's. */
			struct pgs_buf tns, tname;

			pgs_buf_init(&tns, 4096);
			pgs_buf_init(&tname, 4096);
			r = index_table(&tns, &tname, &tv, err);
			if (r > 0)
				r = name_entry(sc, te, tns.data ? tns.data : "",
					       name.data, err);
			pgs_buf_release(&tns);
			pgs_buf_release(&tname);
			if (r < 0)
				goto out;
		} else if (r > 0 && name_entry(sc, te, ns.data ? ns.data : "",
					       name.data, err)) {
			goto out;
		}
	}
	if (sc->build && str_is(&te->desc, "STATISTICS DATA") && !sc->defn.len) {
		r = stats_arg(&ns, text, len, &tv, "schemaname", sc->std_strings, err);
		if (r > 0)
			r = stats_arg(&name, text, len, &tv, "relname",
				      sc->std_strings, err);
		if (r < 0)
			goto out;
		if (r > 0 && name_entry(sc, te, ns.data ? ns.data : "",
					name.data ? name.data : "", err))
			goto out;
	}
	if (add_defn(sc, text, len, err))
		goto out;
	rc = 0;
out:
	pgs_sql_tokens_release(&tv);
	pgs_buf_release(&ns);
	pgs_buf_release(&name);
	return rc;
}

/* A statement is complete in cur. */
static int end_statement(struct pgs_plain_scanner *sc, struct pgs_error *err)
{
	enum pgs_plain_role role = PGS_PLAIN_ROLE_NONE;
	const char *text = sc->cur.data;
	size_t len = sc->cur.len;

	if (classify(sc, text, len, &role, err))
		return at_line(sc, err);
	if (hand_out(sc, PGS_PLAIN_STMT, role, text, len, sc->unit_at, err))
		return -1;
	pgs_buf_reset(&sc->cur);
	sc->state = role == PGS_PLAIN_ROLE_COPY ? S_BODY : S_BOL;
	sc->body_bol = 1;
	sc->hold_len = 0;
	return 0;
}

/* Whether cur holds only white space. */
static int cur_blank(const struct pgs_plain_scanner *sc)
{
	size_t i;

	for (i = 0; i < sc->cur.len; i++)
		if (sc->cur.data[i] != ' ' && sc->cur.data[i] != '\t' &&
		    sc->cur.data[i] != '\r' && sc->cur.data[i] != '\n')
			return 0;
	return 1;
}

/* psqlscan.l's heuristic for BEGIN ... END in a CREATE FUNCTION. */
static void end_word(struct pgs_plain_scanner *sc)
{
	const char *w = sc->cur.data + sc->word_at;
	size_t n = sc->cur.len - sc->word_at;
	int func;

#define WORD_IS(s) (n == strlen(s) && strncasecmp(w, s, n) == 0)
	sc->in_word = 0;
	if (sc->nwords < sizeof(sc->words) &&
	    (WORD_IS("create") || WORD_IS("function") || WORD_IS("procedure") ||
	     WORD_IS("or") || WORD_IS("replace")))
		sc->words[sc->nwords] = (char)(w[0] | 0x20);
	sc->nwords++;
	func = sc->words[0] == 'c' &&
	       (sc->words[1] == 'f' || sc->words[1] == 'p' ||
		(sc->words[1] == 'o' && sc->words[2] == 'r' &&
		 (sc->words[3] == 'f' || sc->words[3] == 'p')));
	if (!func || sc->paren)
		return;
	if (WORD_IS("begin"))
		sc->begin_depth++;
	else if (WORD_IS("case") && sc->begin_depth >= 1)
		sc->begin_depth++;
	else if (WORD_IS("end") && sc->begin_depth > 0)
		sc->begin_depth--;
#undef WORD_IS
}

static void start_statement(struct pgs_plain_scanner *sc)
{
	sc->state = S_STMT;
	sc->lx = L_NORMAL;
	sc->prev = -1;
	sc->e_close = 0;
	sc->depth_comment = sc->paren = sc->begin_depth = 0;
	sc->in_word = 0;
	sc->nwords = 0;
	memset(sc->words, 0, sizeof(sc->words));
}

/*
 * One byte of a statement, already appended to cur.  Returns 1 when the
 * statement ended with it, 0 to go on, -1 on error.
 */
static int stmt_byte(struct pgs_plain_scanner *sc, int c, struct pgs_error *err)
{
	int prev = sc->prev;

	switch (sc->lx) {
	case L_NORMAL:
		if (sc->in_word && !is_ident_char(c)) {
			/* end_word reads cur up to this byte */
			sc->cur.len--;
			end_word(sc);
			sc->cur.len++;
		}
		if (c == '\'') {
			int e = sc->cur.len >= 2 &&
				(sc->cur.data[sc->cur.len - 2] | 0x20) == 'e' &&
				(sc->cur.len < 3 ||
				 !is_ident_char((unsigned char)sc->cur.data[sc->cur.len - 3]));

			/* '' inside a string: the same string goes on. */
			if (prev == '\'' && sc->e_close)
				e = 1;
			sc->lx = e || !sc->std_strings ? L_ESQUOTE : L_SQUOTE;
		} else if (c == '"') {
			sc->lx = L_DQUOTE;
		} else if (c == '$' && !is_ident_char(prev)) {
			sc->lx = L_DOLLAR_TAG;
			sc->tag_at = sc->cur.len - 1;
		} else if (c == '-' && prev == '-') {
			sc->lx = L_LINE_COMMENT;
		} else if (c == '*' && prev == '/') {
			sc->lx = L_BLOCK_COMMENT;
			sc->depth_comment = 1;
			c = -1;
		} else if (c == '(') {
			sc->paren++;
		} else if (c == ')') {
			if (sc->paren)
				sc->paren--;
		} else if (c == '\\') {
			pgs_error_set(err, PGS_EINPUT,
				      "a psql backslash command inside a statement");
			pgs_error_hint(err, "pgscrub reads scripts as pg_dump "
				       "writes them; this one was edited or is "
				       "not from pg_dump");
			return -1;
		} else if (c == ';' && !sc->paren && !sc->begin_depth) {
			sc->prev = -1;
			return 1;
		} else if (!sc->in_word && is_ident_start(c) &&
			   !is_ident_char(prev)) {
			sc->in_word = 1;
			sc->word_at = sc->cur.len - 1;
		}
		sc->e_close = 0;
		break;
	case L_SQUOTE:
		if (c == '\'') {
			sc->lx = L_NORMAL;
			sc->e_close = 0;
		}
		break;
	case L_ESQUOTE:
		if (c == '\\') {
			sc->lx = L_ESQUOTE_BS;
		} else if (c == '\'') {
			sc->lx = L_NORMAL;
			sc->e_close = 1;
		}
		break;
	case L_ESQUOTE_BS:
		sc->lx = L_ESQUOTE;
		c = -1;
		break;
	case L_DQUOTE:
		if (c == '"')
			sc->lx = L_NORMAL;
		break;
	case L_DOLLAR_TAG:
		if (c == '$') {
			sc->tag_len = sc->cur.len - sc->tag_at;
			sc->lx = L_DOLLAR;
		} else if (!(is_ident_start(c) ||
			     (c >= '0' && c <= '9' && sc->cur.len - 1 > sc->tag_at + 1))) {
			/* $1, or a lone '$': not a dollar quote. */
			sc->lx = L_NORMAL;
			sc->prev = '$';
			return stmt_byte(sc, c, err);
		}
		break;
	case L_DOLLAR:
		if (c == '$' && sc->cur.len >= sc->tag_at + 2 * sc->tag_len &&
		    memcmp(sc->cur.data + sc->cur.len - sc->tag_len,
			   sc->cur.data + sc->tag_at, sc->tag_len) == 0) {
			sc->lx = L_NORMAL;
			c = -1;
		}
		break;
	case L_LINE_COMMENT:
		if (c == '\n') {
			sc->lx = L_NORMAL;
			c = -1;
		}
		break;
	case L_BLOCK_COMMENT:
		if (c == '*' && prev == '/') {
			sc->depth_comment++;
			c = -1;
		} else if (c == '/' && prev == '*') {
			if (--sc->depth_comment == 0)
				sc->lx = L_NORMAL;
			c = -1;
		}
		break;
	}
	sc->prev = c;
	return 0;
}

/* ---- COPY rows ---------------------------------------------------------- */

static const char end_line[] = "\\.\n";

/*
 * COPY rows from p: handed out in pieces; the "\.\n" line ends them.
 * Returns the bytes used (the rest is for the other states).
 */
static int body_bytes(struct pgs_plain_scanner *sc, const char *p, size_t n,
		      size_t *used, struct pgs_error *err)
{
	size_t pos = 0, start = 0;

	if (sc->hold_len) {
		/* A line start that may be "\." continues here. */
		size_t k = 0;

		while (sc->hold_len < 3 && k < n &&
		       (unsigned char)p[k] == (unsigned char)end_line[sc->hold_len])
			sc->hold[sc->hold_len++] = (unsigned char)p[k++];
		if (sc->hold_len == 3) {
			sc->hold_len = 0;
			sc->offset += k;
			*used = k;
			if (hand_out(sc, PGS_PLAIN_COPY_END, PGS_PLAIN_ROLE_NONE,
				     end_line, 3, sc->offset - 3, err))
				return -1;
			sc->line++;
			sc->state = S_BOL;
			return 0;
		}
		if (k == n) {
			sc->offset += k;
			*used = k;
			return 0;
		}
		/* Not the end line: what was held is row data. */
		if (hand_out(sc, PGS_PLAIN_COPY_DATA, PGS_PLAIN_ROLE_NONE,
			     (const char *)sc->hold, sc->hold_len,
			     sc->offset - sc->hold_len, err))
			return -1;
		sc->hold_len = 0;
		sc->body_bol = 0;
		pos = start = k;
	}
	while (pos < n) {
		const char *nl;

		if (sc->body_bol && p[pos] == '\\') {
			size_t avail = n - pos, m = avail < 3 ? avail : 3;

			if (memcmp(p + pos, end_line, m) == 0) {
				if (pos > start &&
				    hand_out(sc, PGS_PLAIN_COPY_DATA,
					     PGS_PLAIN_ROLE_NONE, p + start,
					     pos - start, sc->offset + start, err))
					return -1;
				if (m < 3) {
					memcpy(sc->hold, p + pos, m);
					sc->hold_len = m;
					sc->offset += n;
					*used = n;
					return 0;
				}
				if (hand_out(sc, PGS_PLAIN_COPY_END,
					     PGS_PLAIN_ROLE_NONE, end_line, 3,
					     sc->offset + pos, err))
					return -1;
				sc->line++;
				sc->offset += pos + 3;
				*used = pos + 3;
				sc->state = S_BOL;
				return 0;
			}
		}
		nl = memchr(p + pos, '\n', n - pos);
		if (!nl) {
			pos = n;
			sc->body_bol = 0;
			break;
		}
		pos = (size_t)(nl - p) + 1;
		sc->line++;
		sc->body_bol = 1;
	}
	if (pos > start &&
	    hand_out(sc, PGS_PLAIN_COPY_DATA, PGS_PLAIN_ROLE_NONE, p + start,
		     pos - start, sc->offset + start, err))
		return -1;
	sc->offset += n;
	*used = n;
	return 0;
}

/* ---- the scanner -------------------------------------------------------- */

/* "-- Dumped from database version X" / "-- Dumped by pg_dump version X":
 * what an archive's header says. */
static int version_line(struct pgs_plain_scanner *sc, struct pgs_error *err)
{
	static const char from[] = "-- Dumped from database version ";
	static const char by[] = "-- Dumped by pg_dump version ";
	const char *p = sc->cur.data;
	size_t n = sc->cur.len;

	while (n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	if (n > sizeof(from) - 1 && memcmp(p, from, sizeof(from) - 1) == 0)
		return set_str(sc, &sc->a->hdr.server_version, p + sizeof(from) - 1,
			       n - (sizeof(from) - 1), err);
	if (n > sizeof(by) - 1 && memcmp(p, by, sizeof(by) - 1) == 0)
		return set_str(sc, &sc->a->hdr.pgdump_version, p + sizeof(by) - 1,
			       n - (sizeof(by) - 1), err);
	return 0;
}

static int line_done(struct pgs_plain_scanner *sc, enum pgs_plain_kind kind,
		     struct pgs_error *err)
{
	if (kind == PGS_PLAIN_META) {
		const char *m = sc->cur.data + 1;
		size_t n = sc->cur.len - 1;

		/* pg_dump 17.6+/15.14+: \restrict KEY ... \unrestrict KEY;
		 * -C: \connect. */
		if (!((n >= 9 && memcmp(m, "restrict ", 9) == 0) ||
		      (n >= 11 && memcmp(m, "unrestrict ", 11) == 0) ||
		      (n >= 8 && memcmp(m, "connect ", 8) == 0))) {
			char ex[PGS_EXCERPT_SIZE(40)];

			pgs_error_set(err, PGS_EINPUT,
				      "unsupported psql meta-command '%s'",
				      pgs_excerpt(ex, sc->cur.data,
						  sc->cur.len ? sc->cur.len - 1 : 0, 40));
			pgs_error_hint(err, "pg_dump writes only \\restrict, "
				       "\\unrestrict and \\connect; pgscrub "
				       "does not pass other commands on");
			return at_line(sc, err);
		}
	} else if (sc->cur.len > 3 && sc->cur.data[0] == '-' &&
		   header_line(sc, sc->cur.data, sc->cur.len, err)) {
		return at_line(sc, err);
	} else if (sc->build && sc->entry == SIZE_MAX &&
		   version_line(sc, err)) {
		return at_line(sc, err);
	}
	if (hand_out(sc, kind, PGS_PLAIN_ROLE_NONE, sc->cur.data, sc->cur.len,
		     sc->unit_at, err))
		return -1;
	pgs_buf_reset(&sc->cur);
	sc->state = S_BOL;
	return 0;
}

static int not_a_script(struct pgs_error *err)
{
	pgs_error_set(err, PGS_EINPUT, "the input is not a pg_dump plain SQL "
		      "script (it does not begin with '-- PostgreSQL database "
		      "dump')");
	return pgs_error_hint(err, "pgscrub reads pg_dump's custom format "
			      "(pg_dump -Fc) and its plain scripts (pg_dump "
			      "-Fp, also compressed)");
}

int pgs_plain_head_check(const void *data, size_t n, struct pgs_error *err)
{
	static const char magic[] = PGS_PLAIN_MAGIC;
	const char *p = data;
	size_t k = n < sizeof(magic) - 1 ? n : sizeof(magic) - 1;

	if (memcmp(p, magic, k) == 0)
		return 0;
	if (n >= 5 && memcmp(p, "PGDMP", 5) == 0) {
		pgs_error_set(err, PGS_EINPUT, "the input is a compressed "
			      "custom-format archive");
		return pgs_error_hint(err, "decompress it first (pg_dump -Fc "
				      "compresses inside the archive)");
	}
	/* pg_dump -Ft | gzip: its first member's name */
	if (n >= 8 && memcmp(p, "toc.dat\0", 8) == 0) {
		pgs_error_set(err, PGS_EINPUT, "the input is a compressed tar "
			      "archive (pg_dump -Ft)");
		return pgs_error_hint(err, "decompress it first (gunzip, lz4 -d "
				      "or zstd -d): pg_dump -Ft never "
				      "compresses, and pg_restore reads tar "
				      "archives only uncompressed");
	}
	return not_a_script(err);
}

int pgs_plain_scanner_feed(void *ctx, const void *data, size_t n,
			   struct pgs_error *err)
{
	static const char magic[] = PGS_PLAIN_MAGIC;
	struct pgs_plain_scanner *sc = ctx;
	const char *p = data;

	while (n > 0 && !sc->stop) {
		if (!sc->saw_magic) {
			/* The first line, held until it can be checked. */
			size_t need = sizeof(PGS_PLAIN_MAGIC) - 1 - sc->cur.len;
			size_t k = n < need ? n : need;

			if (memcmp(p, magic + sc->cur.len, k) != 0)
				return sc->cur.len == 0 ?
				       pgs_plain_head_check(p, n, err) :
				       not_a_script(err);
			sc->saw_magic = sc->cur.len + k == sizeof(PGS_PLAIN_MAGIC) - 1;
			if (pgs_buf_add(&sc->cur, p, k, err))
				return -1;
			p += k;
			n -= k;
			sc->offset += k;
			if (sc->saw_magic) {
				sc->line += 2;
				if (hand_out(sc, PGS_PLAIN_LINE, PGS_PLAIN_ROLE_NONE,
					     sc->cur.data, sc->cur.len, 0, err))
					return -1;
				pgs_buf_reset(&sc->cur);
				sc->state = S_BOL;
			}
			continue;
		}
		switch (sc->state) {
		case S_BODY: {
			size_t used;

			if (body_bytes(sc, p, n, &used, err))
				return -1;
			p += used;
			n -= used;
			continue;
		}
		case S_LINE:
		case S_META: {
			const char *nl = memchr(p, '\n', n);
			size_t k = nl ? (size_t)(nl - p) + 1 : n;

			if (pgs_buf_add(&sc->cur, p, k, err))
				return at_line(sc, err);
			p += k;
			n -= k;
			sc->offset += k;
			if (nl) {
				sc->line++;
				if (line_done(sc, sc->state == S_META ?
					      PGS_PLAIN_META : PGS_PLAIN_LINE, err))
					return -1;
			}
			continue;
		}
		case S_SEMI: {
			int nl = *p == '\n';

			if (nl) {
				if (pgs_buf_addc(&sc->cur, '\n', err))
					return -1;
				p++;
				n--;
				sc->offset++;
				sc->line++;
			}
			if (end_statement(sc, err))
				return -1;
			if (!nl && sc->state == S_BOL) {
				/* More on the same line: another statement. */
				sc->unit_at = sc->offset;
				start_statement(sc);
			}
			continue;
		}
		case S_BOL:
			sc->unit_at = sc->offset;
			if (*p == '\n') {
				p++;
				n--;
				sc->offset++;
				sc->line++;
				if (hand_out(sc, PGS_PLAIN_LINE, PGS_PLAIN_ROLE_NONE,
					     "\n", 1, sc->offset - 1, err))
					return -1;
				continue;
			}
			if (*p == '-') {
				sc->state = S_DASH;
			} else if (*p == '\\') {
				sc->state = S_META;
				continue;
			} else {
				start_statement(sc);
				continue;
			}
			if (pgs_buf_addc(&sc->cur, *p, err))
				return -1;
			p++;
			n--;
			sc->offset++;
			continue;
		case S_DASH:
			if (*p == '-') {
				sc->state = S_LINE;
				continue;
			}
			/* A statement that starts with '-'. */
			start_statement(sc);
			sc->prev = '-';
			continue;
		case S_STMT:
		default:
			break;
		}
		/* S_STMT: byte by byte. */
		while (n > 0) {
			int c = (unsigned char)*p, r;

			if (pgs_buf_addc(&sc->cur, (char)c, err))
				return at_line(sc, err);
			p++;
			n--;
			sc->offset++;
			if (c == '\n') {
				sc->line++;
				if (sc->lx == L_NORMAL && cur_blank(sc)) {
					/* White space only: an empty line. */
					if (hand_out(sc, PGS_PLAIN_LINE,
						     PGS_PLAIN_ROLE_NONE,
						     sc->cur.data, sc->cur.len,
						     sc->unit_at, err))
						return -1;
					pgs_buf_reset(&sc->cur);
					sc->state = S_BOL;
					break;
				}
			}
			r = stmt_byte(sc, c, err);
			if (r < 0)
				return at_line(sc, err);
			if (r > 0) {
				sc->state = S_SEMI;
				break;
			}
		}
	}
	return 0;
}

/* ---- finishing the TOC -------------------------------------------------- */

/* The entry of this type, schema and name, or -1. */
static long find_entry(const struct pgs_archive *a, const char *const *descs,
		       const struct pgs_str *ns, const struct pgs_str *tag)
{
	size_t i, k;

	if (!tag->p)
		return -1;
	for (i = 0; i < a->ntoc; i++) {
		const struct pgs_toc_entry *te = &a->toc[i];

		for (k = 0; descs[k]; k++)
			if (str_is(&te->desc, descs[k]))
				break;
		if (!descs[k] || !te->tag.p || strcmp(te->tag.p, tag->p) != 0 ||
		    strcmp(te->namespace_.p ? te->namespace_.p : "",
			   ns->p ? ns->p : "") != 0)
			continue;
		return (long)i;
	}
	return -1;
}

static int set_dep(struct pgs_archive *a, struct pgs_toc_entry *te, long d,
		   struct pgs_error *err)
{
	char id[16];

	if (d < 0)
		return 0;
	te->deps = pgs_archive_alloc(a, sizeof(*te->deps), err);
	if (!te->deps)
		return -1;
	snprintf(id, sizeof(id), "%d", a->toc[d].dump_id);
	te->ndeps = 1;
	return pgs_archive_set_str(a, &te->deps[0], id, strlen(id), err);
}

/* Whether the table (ns, tag) is a partition, at any depth, of (rns, rtag):
 * by the ATTACH PARTITION statements of the TABLE ATTACH entries. */
static int partition_of(struct pgs_plain_scanner *sc, const char *ns,
			const char *tag, const char *rns, const char *rtag,
			unsigned depth, struct pgs_error *err)
{
	const struct pgs_archive *a = sc->a;
	size_t i, k, used;
	int found = 0;

	if (depth > 64)
		return 0;
	for (i = 0; i < a->ntoc && !found; i++) {
		const struct pgs_toc_entry *te = &a->toc[i];
		struct pgs_sql_lexer lx;
		struct pgs_sql_tokens tv = PGS_SQL_TOKENS_INIT;
		struct pgs_buf pns, pname, cns, cname;

		if (!str_is(&te->desc, "TABLE ATTACH") || !te->defn.p ||
		    !te->tag.p || strcmp(te->tag.p, tag) != 0)
			continue;
		pgs_buf_init(&pns, 4096);
		pgs_buf_init(&pname, 4096);
		pgs_buf_init(&cns, 4096);
		pgs_buf_init(&cname, 4096);
		pgs_sql_lexer_init(&lx, te->defn.p, te->defn.len, sc->std_strings);
		/* ALTER TABLE [ONLY] parent ATTACH PARTITION child ... */
		if (pgs_sql_lex_all(&tv, &lx, err) == 0 && kw(&tv, 0, "alter") &&
		    kw(&tv, 1, "table")) {
			k = kw(&tv, 2, "only") ? 3 : 2;
			if (qualified_name(&pns, &pname, tv.v + k, tv.n - k, &used,
					   err) == 0 &&
			    kw(&tv, k + used, "attach") &&
			    kw(&tv, k + used + 1, "partition") &&
			    qualified_name(&cns, &cname, tv.v + k + used + 2,
					   tv.n - k - used - 2, &used, err) == 0 &&
			    strcmp(cns.data ? cns.data : "", ns) == 0 &&
			    strcmp(cname.data, tag) == 0) {
				const char *p1 = pns.data ? pns.data : "";

				found = (strcmp(p1, rns) == 0 &&
					 strcmp(pname.data, rtag) == 0) ||
					partition_of(sc, p1, pname.data, rns, rtag,
						     depth + 1, err) > 0;
			}
		}
		pgs_sql_tokens_release(&tv);
		pgs_buf_release(&pns);
		pgs_buf_release(&pname);
		pgs_buf_release(&cns);
		pgs_buf_release(&cname);
	}
	return found;
}

/*
 * A TABLE DATA entry under its own header keeps the header's names only
 * when they are those of the COPY statement, or of a partition of the
 * table it names (--load-via-partition-root), as the TOC entry of an
 * archive would; otherwise the statement's names are the truth.
 */
static int name_data(struct pgs_plain_scanner *sc, struct pgs_toc_entry *te,
		     struct pgs_error *err)
{
	struct pgs_copy_stmt st;
	const char *ns = te->namespace_.p ? te->namespace_.p : "";
	const char *tag = te->tag.p ? te->tag.p : "";
	int rc;

	memset(&st, 0, sizeof(st));
	if (pgs_copy_stmt_parse(&st, te->copy_stmt.p, err))
		return -1;
	rc = 0;
	if (!(strcmp(ns, st.schema) == 0 && strcmp(tag, st.table) == 0) &&
	    partition_of(sc, ns, tag, st.schema, st.table, 0, err) <= 0) {
		rc = name_entry(sc, te, st.schema, st.table, err);
	}
	pgs_copy_stmt_release(&st);
	return rc;
}

/*
 * The dependencies schema.c and plan.c follow: data and statistics on their
 * relation, an index on its table (named in its CREATE INDEX).
 */
static int link_entries(struct pgs_plain_scanner *sc, struct pgs_error *err)
{
	static const char *const rels[] = {
		"TABLE", "FOREIGN TABLE", "MATERIALIZED VIEW", NULL
	};
	static const char *const stats_of[] = {
		"TABLE", "FOREIGN TABLE", "MATERIALIZED VIEW", "INDEX", NULL
	};
	struct pgs_archive *a = sc->a;
	size_t i;

	for (i = 0; i < a->ntoc; i++) {
		struct pgs_toc_entry *te = &a->toc[i];

		if (str_is(&te->desc, "TABLE DATA")) {
			if (te->copy_stmt.p && name_data(sc, te, err))
				return -1;
			if (set_dep(a, te, find_entry(a, rels, &te->namespace_,
						      &te->tag), err))
				return -1;
		} else if (str_is(&te->desc, "STATISTICS DATA")) {
			if (set_dep(a, te, find_entry(a, stats_of, &te->namespace_,
						      &te->tag), err))
				return -1;
		} else if (str_is(&te->desc, "INDEX") && te->defn.p) {
			struct pgs_sql_lexer lx;
			struct pgs_sql_tokens tv = PGS_SQL_TOKENS_INIT;
			struct pgs_buf ns, name;
			struct pgs_str sns, sname;
			int r;

			pgs_buf_init(&ns, 4096);
			pgs_buf_init(&name, 4096);
			pgs_sql_lexer_init(&lx, te->defn.p, te->defn.len,
					   sc->std_strings);
			r = pgs_sql_lex_all(&tv, &lx, err);
			if (r == 0 && index_table(&ns, &name, &tv, err) > 0) {
				sns.p = ns.data ? ns.data : (char *)"";
				sns.len = ns.len;
				sname.p = name.data;
				sname.len = name.len;
				r = set_dep(a, te, find_entry(a, rels, &sns, &sname),
					    err);
			}
			pgs_sql_tokens_release(&tv);
			pgs_buf_release(&ns);
			pgs_buf_release(&name);
			if (r)
				return -1;
		}
	}
	return 0;
}

int pgs_plain_scanner_finish(struct pgs_plain_scanner *sc,
			     struct pgs_error *err)
{
	if (!sc->saw_magic) {
		if (sc->offset == 0) {
			pgs_error_set(err, PGS_EINPUT, "the input is empty");
			return pgs_error_hint(err, "expected a pg_dump archive "
					      "or plain SQL script");
		}
		return not_a_script(err);
	}
	switch (sc->state) {
	case S_BODY:
		pgs_error_set(err, PGS_EINPUT, "the script ends inside a COPY "
			      "block (no \\. line after its rows)");
		pgs_error_hint(err, "the script was cut short; check that "
			       "pg_dump finished");
		return at_line(sc, err);
	case S_SEMI:
		if (end_statement(sc, err))
			return -1;
		break;
	case S_STMT:
		if (cur_blank(sc) && sc->lx == L_NORMAL) {
			if (sc->cur.len && hand_out(sc, PGS_PLAIN_LINE,
						    PGS_PLAIN_ROLE_NONE,
						    sc->cur.data, sc->cur.len,
						    sc->unit_at, err))
				return -1;
			break;
		}
		/* fall through */
	case S_LINE:
	case S_META:
	case S_DASH:
		if (sc->state != S_STMT && sc->cur.len == 0)
			break;
		pgs_error_set(err, PGS_EINPUT, "the script ends inside a "
			      "statement or line (truncated script)");
		pgs_error_hint(err, "the script was cut short; check that "
			       "pg_dump finished");
		return at_line(sc, err);
	default:
		break;
	}
	pgs_buf_reset(&sc->cur);
	if (!sc->build)
		return 0;
	if (flush_defn(sc, err))
		return -1;
	if (sc->a->ntoc < sc->cap && sc->a->ntoc) {
		struct pgs_toc_entry *nt = realloc(sc->a->toc,
						   sc->a->ntoc * sizeof(*nt));

		if (nt)
			sc->a->toc = nt;
	}
	return link_entries(sc, err);
}

/* ---- reading ------------------------------------------------------------ */

int pgs_plain_detect(enum pgs_plain_detect *kind, enum pgs_compression *alg,
		     struct pgs_input *in, struct pgs_error *err)
{
	const unsigned char *p;
	size_t avail;

	*kind = PGS_DETECT_OTHER;
	*alg = PGS_COMPRESS_NONE;
	if (pgs_input_peek(in, &p, &avail, err))
		return -1;
	if (avail >= 2 && p[0] == '-' && p[1] == '-')
		*kind = PGS_DETECT_PLAIN;
	else if (avail >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 0x08)
		*alg = PGS_COMPRESS_GZIP;
	else if (avail >= 4 && p[0] == 0x04 && p[1] == 0x22 && p[2] == 0x4d &&
		 p[3] == 0x18)
		*alg = PGS_COMPRESS_LZ4;
	else if (avail >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f &&
		 p[3] == 0xfd)
		*alg = PGS_COMPRESS_ZSTD;
	if (*alg != PGS_COMPRESS_NONE)
		*kind = PGS_DETECT_COMPRESSED;
	return 0;
}

int pgs_plain_scan(struct pgs_plain_scanner *sc, struct pgs_input *in,
		   enum pgs_compression alg, struct pgs_decoder *dec,
		   struct pgs_error *err)
{
	struct pgs_decoder *own = NULL;
	const unsigned char *p;
	size_t avail;
	int rc = -1;

	if (alg != PGS_COMPRESS_NONE) {
		if (!dec) {
			if (pgs_decoder_new_in(&own, alg, PGS_CONTAINER_FILE, err))
				return -1;
			dec = own;
		} else if (pgs_decoder_reset(dec, err)) {
			return -1;
		}
	}
	for (;;) {
		if (pgs_input_peek(in, &p, &avail, err))
			goto out;
		if (avail == 0)
			break;
		if (alg == PGS_COMPRESS_NONE ?
		    pgs_plain_scanner_feed(sc, p, avail, err) :
		    pgs_decoder_feed(dec, p, avail, pgs_plain_scanner_feed, sc,
				     err))
			goto out;
		pgs_input_skip(in, avail);
		if (sc->stop) {
			/* The caller has what it wanted. */
			rc = 0;
			goto out;
		}
	}
	if (alg != PGS_COMPRESS_NONE && pgs_decoder_finish(dec, err)) {
		pgs_error_hint(err, "the %s file was cut short",
			       pgs_compression_name(alg));
		goto out;
	}
	rc = pgs_plain_scanner_finish(sc, err);
out:
	pgs_decoder_free(own);
	return rc;
}

int pgs_plain_read_toc(struct pgs_archive *a, enum pgs_compression *alg,
		       struct pgs_input *in, pgs_plain_unit_fn unit,
		       void *ctx, struct pgs_error *err)
{
	struct pgs_plain_scanner sc;
	enum pgs_plain_detect kind;
	int rc;

	if (pgs_plain_detect(&kind, alg, in, err))
		return -1;
	pgs_plain_scanner_init(&sc, a, 1, unit, ctx);
	rc = pgs_plain_scan(&sc, in, *alg, NULL, err);
	pgs_plain_scanner_release(&sc);
	if (rc)
		return -1;
	/* What the header of an archive would say. */
	a->hdr.version = K_VERS_1_16;
	a->hdr.vmaj = 1;
	a->hdr.vmin = 16;
	a->hdr.intsize = 4;
	a->hdr.offsize = 8;
	a->hdr.format = 0;
	a->hdr.compression = *alg;
	a->hdr.level = PGS_COMPRESS_DEFAULT_LEVEL;
	return 0;
}
