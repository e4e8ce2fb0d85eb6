/*
 * check.c — pgscrub check (every problem of a rules file against a schema)
 * and pgscrub init (a rules file to start from), on a struct pgs_schema
 * read from an archive's TOC or from a live database (check.h).
 *
 * Rules resolve in plan.c, the resolver the scrub run reads too (plan.h
 * says how: the nearest section's rule, else the nearest "*", else
 * [schema.*], else [*], else `unlisted`; a table `truncate` names, or
 * whose ancestor it names, needs no column rules); check --explain copies
 * its answer per column.  Where the scrub stops at the first problem, check
 * collects all of them from the plan, and also reports what a scrub lets through:
 * sections and truncate entries for tables the schema does not have (the
 * scrub ignores them so that one file serves dumps of a subset; against a
 * whole schema they are a rename nobody followed), and anonymisers that can
 * map two values of a UNIQUE column onto one (the restore would fail).
 *
 * Which tables hold data: those with a TABLE DATA entry.  An archive made
 * with pg_dump -s has none at all; there every ordinary table (relkind 'r')
 * counts, because that is what a full dump of the same schema would carry.
 *
 * init only writes what check accepts: every suggestion is compiled with a
 * throwaway key and fitted to its column (and to every partition a parent
 * section covers) before it is written.
 *
 * NEEDSWORK: check sees tables, not TABLE DATA entries, so data without a
 * TABLE entry (an extension's configuration tables, pg_dump --data-only)
 * and INSERT-style data (--inserts) are not looked at; the scrub still
 * stops on them.  And null on a UNIQUE column is taken as safe, which it
 * is not under NULLS NOT DISTINCT: the schema does not record that.
 */
#include "pgscrub/check.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgscrub/anon.h"
#include "pgscrub/condition.h"
#include "pgscrub/ident.h"
#include "pgscrub/json.h"
#include "pgscrub/keyed.h"
#include "pgscrub/plan.h"
#include "pgscrub/sample.h"
#include "pgscrub/subset.h"

/* Reports and rules files are text for people: a GiB is not one. */
#define OUT_MAX ((size_t)1 << 30)
#define SCRATCH_MAX ((size_t)1 << 20)
/* More than the distinct candidate rules below. */
#define CACHE_MAX 32

/* The pattern of an e-mail address inside free text, for regex_replace:
 * it stops at punctuation, so that "mail ann@example.com, or
 * (ann@example.com)." keeps its comma and brackets and each address gets
 * the fake the e-mail column gives it. */
#define FREETEXT_RULE "regex_replace('[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+" \
		      "(?:\\.[A-Za-z0-9-]+)+', email)"
/* JSON of an audit or history table: whole rows, the personal keys
 * rewritten. */
#define AUDIT_JSON_RULE "json(email=email, phone=digits, name=full_name, " \
			"first_name=first_name, last_name=last_name, " \
			"password=null, password_hash=null, token=null)"
#define CARD_RULE "card_number(keep_last=4)"
#define HSTORE_RULE "hstore(email=email, phone=digits)"

struct ctx {
	const struct pgs_schema *s;
	const struct pgs_rules *r;      /* NULL for init */
	const struct pgs_sample *sample;/* init: the rows looked at, or NULL */
	unsigned char key[PGS_MASTER_KEY_BYTES];
	struct pgs_anon_env env;
	struct pgs_plan plan;           /* the resolver's answer (plan.h) */
	int keyed_used;                 /* a keyed suggestion was made */
	int note_key;                   /* say that a keyed suggestion needs
					   a key the rules do not have */
	int whole;                      /* check --whole (check.h) */
	/* Suggestions compiled once each (a regex is compiled to machine
	 * code): there are a dozen candidates and maybe thousands of
	 * columns. */
	struct cached {
		const char *rule;       /* the candidate's text (static) */
		struct pgs_anon *an;    /* NULL: it does not compile here */
		int keyed;
	} cache[CACHE_MAX];
	size_t ncache;
};

struct plist {
	struct pgs_problem *v;
	size_t n, cap;
};

/* ---- small helpers ------------------------------------------------------ */

static int nomem(struct pgs_error *err)
{
	return pgs_error_set(err, PGS_ENOMEM, "out of memory");
}

static char *dup_str(const char *s)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static char *vfmt(const char *fmt, va_list ap) PGS_PRINTF(1, 0);

static char *vfmt(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *s;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static char *fmt(const char *f, ...) PGS_PRINTF(1, 2);

static char *fmt(const char *f, ...)
{
	va_list ap;
	char *s;

	va_start(ap, f);
	s = vfmt(f, ap);
	va_end(ap);
	return s;
}

static char ascii_lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* schema.table[.column] as PostgreSQL quotes them, appended to b. */
static int put_qualified(struct pgs_buf *b, const char *schema,
			 const char *table, const char *column,
			 struct pgs_error *err)
{
	if (pgs_ident_quote(b, schema, err) || pgs_buf_addc(b, '.', err) ||
	    pgs_ident_quote(b, table, err))
		return -1;
	if (column && (pgs_buf_addc(b, '.', err) ||
		       pgs_ident_quote(b, column, err)))
		return -1;
	return 0;
}

/* The same as a fresh string (NULL when out of memory). */
static char *qualified(const char *schema, const char *table,
		       const char *column)
{
	struct pgs_buf b;
	struct pgs_error e;
	char *s = NULL;

	pgs_buf_init(&b, SCRATCH_MAX);
	if (put_qualified(&b, schema, table, column, &e) == 0)
		s = dup_str(b.data);
	pgs_buf_release(&b);
	return s;
}

/* A rules section's name without brackets: schema.table, schema.* or *
 * (NULL when out of memory). */
static char *section_label(const struct pgs_table_rules *tr)
{
	char buf[300];

	if (tr->kind == PGS_SECTION_TABLE)
		return qualified(tr->schema, tr->table, NULL);
	pgs_rules_section_name(tr, buf, sizeof(buf));
	return dup_str(buf);
}

/* "[schema.table]" (NULL when out of memory). */
static char *section_name(const char *schema, const char *table)
{
	char *q = qualified(schema, table, NULL);
	char *s = q ? fmt("[%s]", q) : NULL;

	free(q);
	return s;
}

static char *quoted_ident(const char *name)
{
	struct pgs_buf b;
	struct pgs_error e;
	char *s = NULL;

	pgs_buf_init(&b, SCRATCH_MAX);
	if (pgs_ident_quote(&b, name, &e) == 0)
		s = dup_str(b.data);
	pgs_buf_release(&b);
	return s;
}

/* ---- the problem list --------------------------------------------------- */

static void problem_release(struct pgs_problem *p)
{
	free(p->schema);
	free(p->table);
	free(p->column);
	free(p->message);
	free(p->fix);
	free(p->fix_section);
	free(p->lines);
	memset(p, 0, sizeof(*p));
}

static void plist_release(struct plist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		problem_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/*
 * Append a problem.  message is taken over (freed on failure too); the
 * other strings are copied.
 */
static int plist_add(struct plist *l, enum pgs_problem_kind kind,
		     const char *schema, const char *table, const char *column,
		     int line, char *message, const char *fix,
		     const char *section, int warning, struct pgs_error *err)
{
	struct pgs_problem *p;

	if (!message)
		return nomem(err);
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct pgs_problem *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			free(message);
			return nomem(err);
		}
		l->v = v;
		l->cap = cap;
	}
	p = &l->v[l->n];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->line = line;
	p->warning = warning;
	p->message = message;
	p->schema = dup_str(schema);
	p->table = dup_str(table);
	p->column = dup_str(column);
	p->fix = dup_str(fix);
	p->fix_section = dup_str(section);
	if ((schema && !p->schema) || (table && !p->table) ||
	    (column && !p->column) || (fix && !p->fix) ||
	    (section && !p->fix_section)) {
		problem_release(p);
		return nomem(err);
	}
	l->n++;
	return 0;
}

/* Move every problem of src to the end of dst. */
static int plist_move(struct plist *dst, struct plist *src,
		      struct pgs_error *err)
{
	size_t need = dst->n + src->n;

	if (need > dst->cap) {
		struct pgs_problem *v = realloc(dst->v, (need ? need : 1) * sizeof(*v));

		if (!v)
			return nomem(err);
		dst->v = v;
		dst->cap = need;
	}
	if (src->n)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n = need;
	free(src->v);
	memset(src, 0, sizeof(*src));
	return 0;
}

/* Rules-file problems in file order (stable: insertion sort, n is small). */
static void plist_sort_by_line(struct plist *l)
{
	size_t i, j;

	for (i = 1; i < l->n; i++) {
		struct pgs_problem p = l->v[i];

		for (j = i; j > 0 && l->v[j - 1].line > p.line; j--)
			l->v[j] = l->v[j - 1];
		l->v[j] = p;
	}
}

/* ---- schema facts ------------------------------------------------------- */

static void ctx_release(struct ctx *c)
{
	size_t i;

	pgs_plan_release(&c->plan);
	for (i = 0; i < c->ncache; i++)
		pgs_anon_free(c->cache[i].an);
	/* A throwaway key, but a key: do not leave it lying around. */
	memset(c->key, 0, sizeof(c->key));
	memset(c, 0, sizeof(*c));
}

static int ctx_init(struct ctx *c, const struct pgs_schema *s,
		    const struct pgs_rules *r, struct pgs_error *err)
{
	struct pgs_plan_options po;

	memset(c, 0, sizeof(*c));
	pgs_plan_init(&c->plan);
	c->s = s;
	c->r = r;
	/* Keyed anonymisers are compiled and fitted with a key nobody keeps:
	 * whether they fit does not depend on the key. */
	if (pgs_keyed_init(err))
		return -1;
	pgs_keyed_master_random(c->key);
	c->env.master_key = c->key;
	c->env.encoding = s->encoding[0] ? s->encoding : "UTF8";
	memset(&po, 0, sizeof(po));
	po.kind = PGS_PLAN_CHECK;
	po.env = c->env;
	if (pgs_plan_build(&c->plan, s, r, &po, err)) {
		ctx_release(c);
		return -1;
	}
	return 0;
}

static const struct pgs_plan_table *plan_of(const struct ctx *c,
					    const struct pgs_table *t)
{
	return pgs_plan_table_of(&c->plan, t);
}

/* Data, or values in the statistics: its columns need rules (plan.h). */
static int has_data(const struct ctx *c, const struct pgs_table *t)
{
	return pgs_plan_covers(plan_of(c, t));
}

static size_t data_columns(const struct pgs_table *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->ncols; i++)
		n += !t->cols[i].generated;
	return n;
}

static int rules_have_secret(const struct pgs_rules *r)
{
	return r->secret_env || r->secret_file || r->secret_random;
}

static const struct pgs_table *part_root(const struct ctx *c,
					 const struct pgs_table *t)
{
	return pgs_plan_partition_root(c->s, t);
}

/*
 * Where a rule for column col of t belongs: the nearest section that
 * applies to t and is for a table that has the column (a parent's section
 * covers every partition and child); else t's own section, or, when no
 * section applies at all, the section of t's partition root.
 */
static const struct pgs_table *fix_target(const struct ctx *c,
					  const struct pgs_table *t,
					  const struct pgs_plan_section *chain,
					  size_t n, const char *col)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pgs_table_column(chain[i].table, col))
			return chain[i].table;
	return n ? t : part_root(c, t);
}

/* ---- suggestions -------------------------------------------------------- */

#define KIND(k) (1ull << (k))
#define KINDS_TEXT (KIND(PGS_TYPE_TEXT) | KIND(PGS_TYPE_VARCHAR) | \
		    KIND(PGS_TYPE_CHAR) | KIND(PGS_TYPE_NAME))
#define KINDS_NUMBER (KIND(PGS_TYPE_INT2) | KIND(PGS_TYPE_INT4) | \
		      KIND(PGS_TYPE_INT8) | KIND(PGS_TYPE_NUMERIC))
#define KINDS_DATE (KIND(PGS_TYPE_DATE) | KIND(PGS_TYPE_TIMESTAMP) | \
		    KIND(PGS_TYPE_TIMESTAMPTZ))

/* A rule to try, and the comment it gets (NULL: the category's). */
struct cand {
	const char *rule;
	const char *why;
	int unbounded;      /* only where values may grow (no varchar(n)) */
};

struct category {
	const char *const *words;   /* any word of the name (split at '_') */
	const char *const *names;   /* the whole name */
	unsigned long long kinds;   /* column types it applies to */
	unsigned long long review;  /* types where no rule fits but the name
				       still says personal data: REVIEW */
	const char *why;
	struct cand cands[5];       /* in order of preference */
};

static const char *const w_ip[] = { "ip", "ipaddr", "ipaddress", NULL };
static const char *const n_ip[] = { "remote_addr", "ip_address", NULL };
static const char *const w_mac[] = { "mac", "macaddr", "macaddress", NULL };
static const char *const n_mac[] = { "mac_address", "hw_address", "hwaddr",
				     NULL };
static const char *const w_email[] = { "email", "emails", "mail", NULL };
static const char *const n_email[] = { "e_mail", "emailaddress", NULL };
static const char *const n_card[] = { "card_number", "card_no", "card_num",
				      "card_nr", "credit_card", "creditcard",
				      "credit_card_number", "credit_card_no",
				      "creditcard_number", "cc_number",
				      "cc_num", "ccn", "pan", "card_pan",
				      "primary_account_number", NULL };
static const char *const w_phone[] = { "phone", "phones", "mobile", "tel",
				       "fax", "telephone", "cellphone",
				       "phonenumber", "msisdn", NULL };
static const char *const n_phone[] = { "cell", "contact", "contact_number",
				       "contact_no", "contact_phone",
				       "mobile_number", "cell_number", NULL };
static const char *const n_first[] = { "first_name", "firstname",
				       "given_name", "givenname", "forename",
				       "fname", NULL };
static const char *const n_last[] = { "last_name", "lastname", "surname",
				      "family_name", "familyname", "lname",
				      NULL };
static const char *const n_full[] = { "name", "full_name", "fullname",
				      "contact_name", "display_name",
				      "real_name", "realname", "person_name",
				      "customer_name", "card_holder",
				      "cardholder", "card_holder_name",
				      "cardholder_name", "holder_name",
				      "account_holder", "account_holder_name",
				      NULL };
static const char *const n_user[] = { "username", "user_name", "login",
				      "nickname", "screen_name", NULL };
static const char *const n_actor[] = { "changed_by", "created_by",
				       "modified_by", "updated_by",
				       "deleted_by", "performed_by", "actor",
				       NULL };
static const char *const w_birth[] = { "birth", "dob", "birthday",
				       "birthdate", "dateofbirth", NULL };
static const char *const w_post[] = { "zip", "zipcode", "postcode", NULL };
static const char *const n_post[] = { "postal_code", "postalcode",
				      "post_code", "zip_code", NULL };
static const char *const w_natid[] = { "ssn", "iban", NULL };
static const char *const n_natid[] = { "national_id", "nationalid", "tax_id",
				       "taxid", "tax_number", "nin", "bsn",
				       "social_security_number",
				       "national_insurance_number",
				       "personal_id", "id_number", "vat",
				       "vat_number", "vat_no", "vat_id",
				       "vatin", "vat_reg_number", NULL };
static const char *const w_doc[] = { "passport", NULL };
static const char *const n_doc[] = { "driver_license", "drivers_license",
				     "driving_licence", "licence_number",
				     "license_number", "id_card", NULL };
static const char *const w_addr[] = { "address", "address1", "address2",
				      "addressline", "street", "city", "town",
				      "addr", NULL };
static const char *const w_geo[] = { "location", "position", "coords",
				     "coordinates", "coord", "geom", "geo",
				     "geog", "geometry", "geography", "home",
				     "lat", "lon", "lng", "latitude",
				     "longitude", "latlng", "latlon",
				     "point", "gps", "loc", "place", NULL };
static const char *const w_secret[] = { "password", "passwd", "pwd", "hash",
					"token", "secret", "apikey", "salt",
					"otp", NULL };
static const char *const n_secret[] = { "api_key", "access_key",
					"private_key", "secret_key", NULL };
static const char *const n_text[] = { "notes", "note", "comment", "comments",
				      "description", "bio", "biography",
				      "text", "remarks", "remark", "message",
				      "body", "about", "memo", NULL };
static const char *const n_audit_json[] = { "old_data", "new_data",
					    "row_data", "payload", "changes",
					    "old_values", "new_values",
					    "old_row", "new_row", "before",
					    "after", "diff", "record", "data",
					    "snapshot", "object", NULL };
static const char *const n_json[] = { "profile", "data", "metadata", "meta",
				      "payload", "attributes", "details",
				      "info", "properties", "settings",
				      "preferences", "extra", "contact",
				      "user_data", "profile_data", NULL };

/* Categories that suggest() treats specially, by position below. */
enum {
	CAT_IP, CAT_MAC, CAT_EMAIL, CAT_SECRET, CAT_CARD, CAT_PHONE,
	CAT_FIRST, CAT_LAST, CAT_FULL, CAT_USER, CAT_ACTOR, CAT_BIRTH,
	CAT_POST, CAT_NATID, CAT_DOC, CAT_ADDR, CAT_GEO, CAT_TEXT,
	CAT_AUDIT_JSON, CAT_JSON, CAT_HSTORE, CAT_COUNT
};

/* In the order they are tried: ip_address is an IP, email_address an
 * e-mail, both before "address". */
static const struct category categories[] = {
	[CAT_IP] = { w_ip, n_ip, KIND(PGS_TYPE_INET) | KIND(PGS_TYPE_CIDR) |
		     KINDS_TEXT, 0, "looks like an IP address",
	  { { "ip", NULL, 0 }, { "digits", NULL, 0 }, { NULL, NULL, 0 } } },
	[CAT_MAC] = { w_mac, n_mac, KIND(PGS_TYPE_MACADDR) | KINDS_TEXT,
		      KIND(PGS_TYPE_MACADDR), "looks like a MAC address",
	  { { "mac", NULL, 0 }, { "mask", NULL, 0 }, { NULL, NULL, 0 } } },
	[CAT_EMAIL] = { w_email, n_email, KINDS_TEXT, 0,
			"looks like an e-mail address",
	  { { "email", NULL, 0 }, { "scramble", NULL, 0 }, { "mask", NULL, 0 },
	    { NULL, NULL, 0 } } },
	[CAT_SECRET] = { w_secret, n_secret, KINDS_TEXT | KIND(PGS_TYPE_BYTEA),
			 0, "looks like a password, token or secret",
	  { { "hash", NULL, 0 }, { "null", NULL, 0 }, { "scramble", NULL, 0 },
	    { "mask", NULL, 0 }, { NULL, NULL, 0 } } },
	[CAT_CARD] = { NULL, n_card, KINDS_TEXT | KINDS_NUMBER, 0,
		       "looks like a payment card number: the last four digits "
		       "kept, still Luhn-valid",
	  { { CARD_RULE, NULL, 0 }, { "digits", "looks like a payment card "
	      "number", 0 }, { "mask", "looks like a payment card number",
	      0 }, { NULL, NULL, 0 } } },
	[CAT_PHONE] = { w_phone, n_phone, KINDS_TEXT, KINDS_NUMBER,
			"looks like a phone number",
	  { { "digits", NULL, 0 }, { "mask", NULL, 0 }, { NULL, NULL, 0 } } },
	[CAT_FIRST] = { NULL, n_first, KINDS_TEXT, 0, "looks like a first name",
	  { { "first_name", NULL, 0 }, { "scramble", NULL, 0 },
	    { "mask", NULL, 0 }, { NULL, NULL, 0 } } },
	[CAT_LAST] = { NULL, n_last, KINDS_TEXT, 0, "looks like a last name",
	  { { "last_name", NULL, 0 }, { "scramble", NULL, 0 },
	    { "mask", NULL, 0 }, { NULL, NULL, 0 } } },
	[CAT_FULL] = { NULL, n_full, KINDS_TEXT, 0, "looks like a person's name",
	  { { "full_name", NULL, 0 }, { "scramble", NULL, 0 },
	    { "mask", NULL, 0 }, { NULL, NULL, 0 } } },
	[CAT_USER] = { NULL, n_user, KINDS_TEXT, 0, "looks like a user name",
	  { { "scramble", NULL, 0 }, { "mask", NULL, 0 }, { NULL, NULL, 0 } } },
	[CAT_ACTOR] = { NULL, n_actor, KINDS_TEXT, 0,
			"REVIEW: who made the change (a user name, or an "
			"e-mail address: then use email)",
	  { { "scramble", NULL, 0 }, { "mask", NULL, 0 }, { NULL, NULL, 0 } } },
	[CAT_BIRTH] = { w_birth, NULL, KINDS_DATE | KINDS_TEXT, KINDS_NUMBER,
	  "looks like a birth date",
	  { { "date_shift(days=30)", NULL, 0 }, { "digits", NULL, 0 },
	    { NULL, NULL, 0 } } },
	[CAT_POST] = { w_post, n_post, KINDS_TEXT, KINDS_NUMBER,
		       "looks like a postcode",
	  { { "digits", NULL, 0 }, { "mask", NULL, 0 }, { NULL, NULL, 0 } } },
	[CAT_NATID] = { w_natid, n_natid, KINDS_TEXT, KINDS_NUMBER,
	  "looks like a national identification or account number",
	  { { "digits", NULL, 0 }, { "scramble", NULL, 0 }, { "mask", NULL, 0 },
	    { NULL, NULL, 0 } } },
	[CAT_DOC] = { w_doc, n_doc, KINDS_TEXT, 0,
		      "looks like an identity document number",
	  { { "scramble", NULL, 0 }, { "mask", NULL, 0 }, { NULL, NULL, 0 } } },
	[CAT_ADDR] = { w_addr, NULL, KINDS_TEXT, KIND(PGS_TYPE_COMPOSITE),
		       "looks like part of a postal address",
	  { { "scramble", NULL, 0 }, { "mask", NULL, 0 }, { NULL, NULL, 0 } } },
	/* Only for geometry and geography columns (suggest()): a home's
	 * point is an address.  No anonymiser moves a point. */
	[CAT_GEO] = { w_geo, NULL, 0, 0, "looks like a geographic position "
		      "(a home address's point?), and no anonymiser moves a point (a "
		      "keyed jitter is not available)",
	  { { NULL, NULL, 0 } } },
	[CAT_TEXT] = { NULL, n_text, KINDS_TEXT, 0, NULL,
	  { { FREETEXT_RULE, "free text: e-mail addresses in it are replaced; "
	      "review it for other personal data", 1 },
	    { "mask", "free text, masked whole", 0 },
	    { "scramble", "free text, scrambled", 0 }, { NULL, NULL, 0 } } },
	/* Only in audit and history tables (suggest()). */
	[CAT_AUDIT_JSON] = { NULL, n_audit_json,
			     KIND(PGS_TYPE_JSON) | KIND(PGS_TYPE_JSONB), 0,
	  "REVIEW: JSON of an audit or history table, likely whole rows: the "
	  "keys email, phone, name, first_name, last_name, password, "
	  "password_hash and token are replaced; check the rows' other keys",
	  { { AUDIT_JSON_RULE, NULL, 0 }, { NULL, NULL, 0 } } },
	[CAT_JSON] = { NULL, n_json, KIND(PGS_TYPE_JSON) | KIND(PGS_TYPE_JSONB),
		       0, "JSON that may hold personal data: the keys email, "
		       "phone and name are replaced; review the others",
	  { { "json(email=email, phone=digits, name=full_name)", NULL, 0 },
	    { NULL, NULL, 0 } } },
	/* Only for hstore columns, whatever their name (suggest()). */
	[CAT_HSTORE] = { NULL, NULL, 0, 0,
	  "REVIEW: an hstore may hold personal data: the keys email and "
	  "phone are replaced; review the others",
	  { { HSTORE_RULE, NULL, 0 }, { NULL, NULL, 0 } } },
};

/*
 * The name folded to lower case, blanks and '-' as '_' ("Full Name"), and
 * split into words at case changes and before digits too: "CustomerEmail"
 * is customer_email, "IPAddress" ip_address, "email2" email_2.
 */
static void normalise(char *dst, size_t size, const char *name)
{
	size_t i, o = 0;

	assert(size > 0);
	for (i = 0; name[i] && o + 2 < size; i++) {
		char ch = name[i], prev = i ? name[i - 1] : '\0';
		char next = name[i + 1];
		int up = ch >= 'A' && ch <= 'Z';
		int prev_up = prev >= 'A' && prev <= 'Z';
		int prev_low = prev >= 'a' && prev <= 'z';
		int prev_digit = prev >= '0' && prev <= '9';
		int next_low = next >= 'a' && next <= 'z';

		if (o && dst[o - 1] != '_' &&
		    ((up && (prev_low || prev_digit)) ||
		     (up && prev_up && next_low) ||
		     (ch >= '0' && ch <= '9' && (prev_low || prev_up))))
			dst[o++] = '_';
		dst[o++] = ch == ' ' || ch == '-' ? '_' : ascii_lower(ch);
	}
	dst[o] = '\0';
}

static int in_list(const char *w, size_t len, const char *const *list)
{
	size_t i;

	for (i = 0; list && list[i]; i++)
		if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
			return 1;
	return 0;
}

static int name_matches(const char *n, const struct category *cat)
{
	const char *p = n;

	if (in_list(n, strlen(n), cat->names))
		return 1;
	while (cat->words && *p) {
		size_t len = strcspn(p, "_");

		if (len && in_list(p, len, cat->words))
			return 1;
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

/* ---- what a table holds, from its name ----------------------------------- */

/* The last word of a table's name says what its rows are: "app_users"
 * holds people, "product_categories" categories. */
static const char *const t_person[] = {
	"user", "users", "people", "person", "persons", "customer",
	"customers", "contact", "contacts", "employee", "employees", "member",
	"members", "patient", "patients", "student", "students", "account",
	"accounts", "author", "authors", "client", "clients", "staff",
	"guest", "guests", "subscriber", "subscribers", "applicant",
	"applicants", "candidate", "candidates", "passenger", "passengers",
	"teacher", "teachers", "volunteer", "volunteers", "profile",
	"profiles", "owner", "owners", "buyer", "buyers", "seller",
	"sellers", "tenant", "tenants", "driver", "drivers", "doctor",
	"doctors", "player", "players", "recipient", "recipients", NULL
};
static const char *const t_thing[] = {
	"category", "categories", "product", "products", "city", "cities",
	"country", "countries", "tag", "tags", "role", "roles", "region",
	"regions", "state", "states", "street", "streets", "road", "roads",
	"hobby", "hobbies", "department", "departments", "company",
	"companies", "organisation", "organisations", "organization",
	"organizations", "team", "teams", "group", "groups", "project",
	"projects", "item", "items", "brand", "brands", "store", "stores",
	"shop", "shops", "warehouse", "warehouses", "language", "languages",
	"currency", "currencies", "permission", "permissions", "type", "types",
	"kind", "kinds", "status", "statuses", "feature", "features", "plan",
	"plans", "course", "courses", "subject", "subjects", "venue", "venues",
	"location", "locations", "place", "places", "skill", "skills",
	"topic", "topics", "genre", "genres", "color", "colors", "colour",
	"colours", "unit", "units", "service", "services", "event_type",
	"channel", "channels", "template", "templates", "setting", "settings",
	"file", "files", "module", "modules", "table", "tables", "job", "jobs",
	NULL
};
static const char *const t_audit[] = {
	"audit", "audits", "auditlog", "history", "histories", "log", "logs",
	"event", "events", "version", "versions", "journal", "changelog",
	"changes", "revisions", "revision", "trail", NULL
};

enum table_holds { HOLDS_UNKNOWN, HOLDS_PEOPLE, HOLDS_THINGS };

static enum table_holds table_holds(const char *table)
{
	char n[4 * PGS_IDENT_MAX + 1];
	const char *last;

	normalise(n, sizeof(n), table);
	last = strrchr(n, '_');
	last = last ? last + 1 : n;
	if (in_list(last, strlen(last), t_person))
		return HOLDS_PEOPLE;
	if (in_list(last, strlen(last), t_thing))
		return HOLDS_THINGS;
	return HOLDS_UNKNOWN;
}

static int table_is_audit(const char *table)
{
	char n[4 * PGS_IDENT_MAX + 1];
	const char *p = n;

	normalise(n, sizeof(n), table);
	while (*p) {
		size_t len = strcspn(p, "_");

		if (len && in_list(p, len, t_audit))
			return 1;
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

/* The type's own name, lower case, without schema, modifiers or "[]":
 * "public.geometry(Point,4326)" is "geometry". */
static void type_base(char *dst, size_t size, const struct pgs_type *t)
{
	const char *src = t->domain ? t->domain : t->text ? t->text : "";
	const char *dot = strrchr(src, '.');
	size_t i;

	assert(size > 0);
	if (dot && (!strchr(src, '(') || dot < strchr(src, '(')))
		src = dot + 1;
	for (i = 0; src[i] && src[i] != '(' && src[i] != '[' && i + 1 < size;
	     i++)
		dst[i] = ascii_lower(src[i]);
	dst[i] = '\0';
}

/*
 * The candidate rule compiled (*an, NULL when it does not compile in this
 * schema's encoding), from the cache.  The rule goes through the rules
 * parser, so that what init writes is known to parse.  -1: out of memory.
 */
static int cached_rule(struct ctx *c, const char *rule, struct pgs_anon **an,
		       int *keyed, struct pgs_error *err)
{
	struct pgs_rules tmp;
	struct pgs_error e;
	struct cached *ce;
	char *text;
	size_t i;

	for (i = 0; i < c->ncache; i++)
		if (strcmp(c->cache[i].rule, rule) == 0) {
			*an = c->cache[i].an;
			*keyed = c->cache[i].keyed;
			return 0;
		}
	/* The candidates are a fixed set, fewer than CACHE_MAX. */
	if (c->ncache == CACHE_MAX)
		return pgs_error_set(err, PGS_ENOMEM, "too many suggestions");
	text = fmt("[a.b]\nc = %s\n", rule);
	if (!text)
		return nomem(err);
	pgs_error_init(&e);
	*an = NULL;
	*keyed = 0;
	if (pgs_rules_parse(&tmp, "suggestion", text, strlen(text), &e)) {
		free(text);
		/* Our own candidates always parse: only memory can fail. */
		return e.code == PGS_ENOMEM ? nomem(err) : 0;
	}
	free(text);
	ce = &c->cache[c->ncache];
	ce->rule = rule;
	ce->an = NULL;
	ce->keyed = pgs_anon_rules_need_key(&tmp);
	if (pgs_anon_compile(&ce->an, &tmp.tables[0].cols[0].expr, &c->env,
			     &e) && e.code == PGS_ENOMEM) {
		pgs_rules_release(&tmp);
		return nomem(err);
	}
	pgs_rules_release(&tmp);
	c->ncache++;
	*an = ce->an;
	*keyed = ce->keyed;
	return 0;
}

/*
 * Whether rule compiles and fits every one of cols (keeping UNIQUE ones
 * unique): 1 yes, 0 no, -1 out of memory.
 */
static int try_rule(struct ctx *c, const char *rule,
		    const struct pgs_column *const *cols, size_t ncols,
		    int *keyed, struct pgs_error *err)
{
	struct pgs_anon *an = NULL;
	struct pgs_error e;
	size_t i;

	if (cached_rule(c, rule, &an, keyed, err))
		return -1;
	if (!an)
		return 0;
	for (i = 0; i < ncols; i++) {
		if (pgs_plan_fit(an, NULL, cols[i], &e))
			return e.code == PGS_ENOMEM ? nomem(err) : 0;
		if (cols[i]->unique && !pgs_anon_is_keep(an) &&
		    !pgs_anon_is_injective(an))
			return 0;
	}
	return 1;
}

/* "REVIEW: " unless the category's comment starts with it. */
static int add_review(struct pgs_buf *why, const char *text,
		      struct pgs_error *err)
{
	if (strncmp(text, "REVIEW:", 7) != 0 &&
	    pgs_buf_adds(why, "REVIEW: ", err))
		return -1;
	return pgs_buf_adds(why, text, err);
}

static int is_text_kind(enum pgs_type_kind kind)
{
	return (KINDS_TEXT & KIND(kind)) != 0;
}

/* The category of what the sampled values look like. */
static int looks_category(enum pgs_sample_looks l, const char **why)
{
	switch (l) {
	case PGS_LOOKS_EMAIL:
		*why = "the sampled values look like e-mail addresses";
		return CAT_EMAIL;
	case PGS_LOOKS_PHONE:
		*why = "the sampled values look like phone numbers";
		return CAT_PHONE;
	case PGS_LOOKS_CARD:
		*why = "the sampled values look like payment card numbers "
		       "(Luhn-valid)";
		return CAT_CARD;
	case PGS_LOOKS_IP:
		*why = "the sampled values look like IP addresses";
		return CAT_IP;
	default:
		return -1;
	}
}

/* Whether col is of a table made from data with no definition. */
static int no_defn_column(const struct ctx *c, const struct pgs_column *col)
{
	size_t i;

	for (i = 0; i < c->s->ntables; i++) {
		const struct pgs_table *t = &c->s->tables[i];

		if (t->ncols && col >= t->cols && col < t->cols + t->ncols)
			return t->no_defn;
	}
	return 0;
}

/*
 * The category a column's name, type, table and sampled values put it in
 * (-1: none), with a comment replacing the category's (*why, NULL: the
 * category's own).  A bare "name" is a person's only in a table of people;
 * in a table of things it is kept; elsewhere the sample decides, and
 * without a sample it is scrubbed and marked REVIEW.
 */
static int categorise(const struct ctx *c, const struct pgs_table *t,
		      const struct pgs_column *col, const char **why)
{
	enum pgs_type_kind kind = col->type.kind;
	const struct pgs_sample_column *smp = NULL;
	char n[4 * PGS_IDENT_MAX + 1], tb[4 * PGS_IDENT_MAX + 1];
	int cat = -1, k;

	*why = NULL;
	normalise(n, sizeof(n), col->name);
	type_base(tb, sizeof(tb), &col->type);
	if (c->sample && t)
		smp = pgs_sample_column(c->sample, t->schema, t->name,
					col->name);
	if (kind == PGS_TYPE_INET || kind == PGS_TYPE_CIDR)
		return CAT_IP;      /* an address whatever its name */
	if (kind == PGS_TYPE_MACADDR)
		return CAT_MAC;
	if (kind == PGS_TYPE_OTHER && strcmp(tb, "hstore") == 0)
		return CAT_HSTORE;
	if (kind == PGS_TYPE_OTHER &&
	    (strcmp(tb, "geometry") == 0 || strcmp(tb, "geography") == 0))
		return name_matches(n, &categories[CAT_GEO]) ? CAT_GEO : -1;
	if (kind == PGS_TYPE_COMPOSITE && !col->type.is_array &&
	    (name_matches(n, &categories[CAT_ADDR]) || strstr(tb, "addr")))
		return CAT_ADDR;
	if ((kind == PGS_TYPE_JSON || kind == PGS_TYPE_JSONB) && t &&
	    table_is_audit(t->name) &&
	    name_matches(n, &categories[CAT_AUDIT_JSON]))
		return CAT_AUDIT_JSON;
	for (k = 0; k < CAT_COUNT; k++) {
		const struct category *ct = &categories[k];

		if (k == CAT_GEO || k == CAT_AUDIT_JSON || k == CAT_HSTORE)
			continue;
		if (!name_matches(n, ct))
			continue;
		if (ct->kinds & KIND(kind) || ct->review & KIND(kind)) {
			cat = k;
			break;
		}
	}
	if (smp && is_text_kind(kind) && !col->type.is_array &&
	    cat != CAT_SECRET) {
		int sc = looks_category(pgs_sample_verdict(smp), why);

		/* The name said so already: its comment is the better one. */
		if (sc >= 0 && sc == cat)
			*why = NULL;
		if (sc >= 0)
			return sc;
		*why = NULL;
	}
	if (cat == CAT_FULL && strcmp(n, "name") == 0 && t) {
		switch (table_holds(t->name)) {
		case HOLDS_PEOPLE:
			break;
		case HOLDS_THINGS:
			return -1;
		default:
			if (!smp || !smp->values) {
				*why = "REVIEW: a name in a table not known to "
				       "hold people: scrubbed to be safe (keep "
				       "it if it names things)";
			} else if (smp->person * 2 >= smp->values) {
				*why = "REVIEW: a name in a table not known to "
				       "hold people, and the sampled values "
				       "look like people's names";
			} else {
				*why = "REVIEW: a name in a table not known to "
				       "hold people; the sampled values do not "
				       "look like people's names: kept";
				return -2;
			}
		}
	}
	if (cat < 0 && smp && smp->has_email && is_text_kind(kind) &&
	    !col->type.is_array) {
		*why = "the sampled values hold e-mail addresses: they are "
		       "replaced; review it for other personal data";
		return CAT_TEXT;
	}
	return cat;
}

/*
 * The rule init writes for a column (cols[0] of table t, plus the
 * partitions or children its section covers), into rule, and the comment
 * saying why into why ("" for none).
 */
static int suggest(struct ctx *c, const struct pgs_table *t,
		   const struct pgs_column *const *cols,
		   size_t ncols, struct pgs_buf *rule, struct pgs_buf *why,
		   int *is_keyed, struct pgs_error *err)
{
	const struct pgs_column *col = cols[0];
	enum pgs_type_kind kind = col->type.kind;
	const struct category *cat = NULL;
	const char *why_cat = NULL;
	size_t i;
	int keyed, nullable = 1, unique = 0, rc, k;

	pgs_buf_reset(rule);
	pgs_buf_reset(why);
	*is_keyed = 0;
	for (i = 0; i < ncols; i++) {
		nullable &= !cols[i]->not_null;
		unique |= cols[i]->unique;
	}
	if (col->unknown) {
		/* Known by name only (pgs_column.unknown: its table's definition
		 * was not understood): only keep fits. */
		char n[4 * PGS_IDENT_MAX + 1];

		normalise(n, sizeof(n), col->name);
		for (k = 0; k < CAT_COUNT; k++)
			if (name_matches(n, &categories[k]))
				return add_review(why, categories[k].why ?
						  categories[k].why :
						  "personal data", err) ||
				       pgs_buf_adds(why, ", but its type is "
						    "unknown (see 'pgscrub "
						    "check'): kept as it is",
						    err) ||
				       pgs_buf_adds(rule, "keep", err) ? -1 : 0;
		return pgs_buf_adds(rule, "keep", err);
	}
	if (col->type.unparsed_name) {
		/* Of a domain or type whose definition is not understood:
		 * only keep and null fit (pgs_plan_fit). */
		char n[4 * PGS_IDENT_MAX + 1];
		const struct pgs_sample_column *smp = c->sample && t ?
			pgs_sample_column(c->sample, t->schema, t->name,
					  col->name) : NULL;
		const char *swhy = NULL;
		int sc = smp ? looks_category(pgs_sample_verdict(smp), &swhy) : -1;

		normalise(n, sizeof(n), col->name);
		for (k = 0; k < CAT_COUNT; k++) {
			if (sc >= 0 ? k != sc : !name_matches(n, &categories[k]))
				continue;
			if (k == CAT_FULL && strcmp(n, "name") == 0 && t &&
			    table_holds(t->name) == HOLDS_THINGS)
				break;
			/* null fits any nullable column, a UNIQUE one too. */
			rc = nullable;
			if (!swhy)
				swhy = categories[k].why ? categories[k].why
							 : "personal data";
			return add_review(why, swhy, err) ||
			       pgs_buf_adds(why, ", but pgscrub does not "
					    "understand ", err) ||
			       pgs_buf_adds(why, col->type.unparsed_kind, err) ||
			       pgs_buf_adds(why, " ", err) ||
			       pgs_buf_adds(why, col->type.unparsed_name, err) ||
			       pgs_buf_adds(why, rc ? " (see 'pgscrub check'): "
					    "emptied" : " (see 'pgscrub check'): "
					    "kept as it is", err) ||
			       pgs_buf_adds(rule, rc ? "null" : "keep", err)
			       ? -1 : 0;
		}
		return pgs_buf_adds(rule, "keep", err);
	}
	if (kind == PGS_TYPE_OTHER && !col->type.text) {
		char n[4 * PGS_IDENT_MAX + 1];

		/* No type at all (a --statistics-only dump): the name decides,
		 * and null removes the column's values from the statistics. */
		normalise(n, sizeof(n), col->name);
		for (k = 0; k < CAT_COUNT; k++) {
			if (k == CAT_GEO || k == CAT_AUDIT_JSON ||
			    k == CAT_HSTORE || !name_matches(n, &categories[k]))
				continue;
			if (k == CAT_FULL && strcmp(n, "name") == 0 && t &&
			    table_holds(t->name) == HOLDS_THINGS)
				break;
			return add_review(why, categories[k].why ?
					  categories[k].why : "personal data",
					  err) ||
			       pgs_buf_adds(why, no_defn_column(c, col) ?
					    "; the type is unknown (no "
					    "definition in the archive): "
					    "emptied; give --schema or "
					    "--dbname to anonymise it" :
					    "; the type is unknown "
					    "(statistics only): its "
					    "statistics values are "
					    "removed", err) ||
			       pgs_buf_adds(rule, "null", err) ? -1 : 0;
		}
		return pgs_buf_adds(rule, "keep", err);
	}
	k = categorise(c, t, col, &why_cat);
	if (k == -2)
		return pgs_buf_adds(why, why_cat, err) ||
		       pgs_buf_adds(rule, "keep", err) ? -1 : 0;
	if (k < 0)
		return pgs_buf_adds(rule, "keep", err);
	cat = &categories[k];
	if (!why_cat)
		why_cat = cat->why ? cat->why : NULL;
	for (i = 0; i < ncols; i++)
		if (cols[i]->partition_key)
			/* Rewritten, it would move rows out of their partition. */
			return add_review(why, why_cat ? why_cat : "personal data", err) ||
			       pgs_buf_adds(why, ", but it is in the partition key: "
					    "kept as it is", err) ||
			       pgs_buf_adds(rule, "keep", err) ? -1 : 0;
	if (cat->kinds & KIND(kind) || k == CAT_HSTORE) {
		for (i = 0; cat->cands[i].rule; i++) {
			const struct cand *cd = &cat->cands[i];

			if (cd->unbounded && col->type.max_chars >= 0)
				continue;
			rc = try_rule(c, cd->rule, cols, ncols, &keyed, err);
			if (rc < 0)
				return -1;
			if (!rc)
				continue;
			c->keyed_used |= keyed;
			*is_keyed = keyed;
			if (pgs_buf_adds(rule, cd->rule, err) ||
			    pgs_buf_adds(why, why_cat && (!cd->why || why_cat != cat->why) ?
					 why_cat : cd->why, err))
				return -1;
			return 0;
		}
	}
	/* Nothing fits: empty it if the column allows, else keep it and say
	 * that somebody has to decide. */
	if (add_review(why, why_cat ? why_cat : "free text", err))
		return -1;
	if (cat->cands[0].rule &&
	    (pgs_buf_adds(why, ", and no anonymiser for it fits ", err) ||
	     pgs_buf_adds(why, pgs_type_name(&col->type), err)))
		return -1;
	if (nullable && !unique) {
		rc = try_rule(c, "null", cols, ncols, &keyed, err);
		if (rc < 0)
			return -1;
		if (rc)
			return pgs_buf_adds(why, ": emptied", err) ||
			       pgs_buf_adds(rule, "null", err) ? -1 : 0;
	}
	return pgs_buf_adds(why, ": kept as it is", err) ||
	       pgs_buf_adds(rule, "keep", err) ? -1 : 0;
}

/*
 * One rules line, "col = rule  ; [mark: ]why", for column col of target's
 * section (fitting every table below target too), appended to out without
 * its line end.
 */
static int section_wanted(const struct ctx *c, const struct pgs_table *t);

/* init: the first understood foreign key declared on t with column col,
 * whose referenced table gets a section of init's; *rt, *rc the
 * referenced table (its partition root) and column. */
static const struct pgs_fkey *init_key(const struct ctx *c,
				       const struct pgs_table *t,
				       const char *col,
				       const struct pgs_table **rt,
				       const struct pgs_column **rc)
{
	const struct pgs_schema *s = c->s;
	size_t f, k;

	for (f = 0; f < s->nfkeys; f++) {
		const struct pgs_fkey *x = &s->fkeys[f];
		const struct pgs_table *to;

		if (x->parse_error || x->from < 0 || x->to < 0 || !x->ncols ||
		    &s->tables[x->from] != t)
			continue;
		for (k = 0; k < x->ncols; k++)
			if (strcmp(t->cols[x->from_cols[k]].name, col) == 0)
				break;
		if (k == x->ncols)
			continue;
		to = &s->tables[x->to];
		if (to->cols[x->to_cols[k]].generated ||
		    !section_wanted(c, part_root(c, to)))
			continue;
		*rt = to;
		*rc = &to->cols[x->to_cols[k]];
		return x;
	}
	return NULL;
}

/*
 * init: whether column col of t (a table init writes a section for) will
 * follow a foreign key (plan.h, "Foreign keys") once init's rules are
 * read, so that init writes no rule for it: the chain of keys from it ends
 * at a column with a rule of its own.  A chain that comes back on itself
 * (a cycle) follows nothing: each of its columns gets a rule.
 */
static const struct pgs_fkey *init_follows(const struct ctx *c,
					   const struct pgs_table *t,
					   const char *col,
					   const struct pgs_table **rt,
					   const struct pgs_column **rc)
{
	const struct pgs_fkey *fk = init_key(c, t, col, rt, rc);
	const struct pgs_table *cur, *nt;
	const struct pgs_column *cc, *nc;
	unsigned depth;

	if (!fk)
		return NULL;
	cur = part_root(c, *rt);
	cc = *rc;
	for (depth = 0; depth < 64; depth++) {
		if (cur == t && strcmp(cc->name, col) == 0)
			return NULL;   /* a cycle */
		if (!init_key(c, cur, cc->name, &nt, &nc))
			return fk;     /* the chain ends at a rule */
		cur = part_root(c, nt);
		cc = nc;
	}
	return NULL;
}

static int rule_line(struct ctx *c, struct pgs_buf *out,
		     const struct pgs_table *target, const char *col,
		     const char *mark, struct pgs_error *err)
{
	const struct pgs_column **cols = NULL;
	struct pgs_buf rule, why;
	size_t n;
	int rc = -1, keyed = 0;
	const struct pgs_fkey *fk;
	const struct pgs_table *rt;
	const struct pgs_column *rcol;

	/* init: a referencing column follows the rule of the column it
	 * references (the same values, so joins survive): no guess. */
	if (!c->r && (fk = init_follows(c, target, col, &rt, &rcol)) != NULL)
		return pgs_buf_adds(out, "; ", err) ||
		       pgs_ident_quote(out, col, err) ||
		       pgs_buf_adds(out, " follows ", err) ||
		       put_qualified(out, rt->schema, rt->name, rcol->name, err) ||
		       pgs_buf_adds(out, " (", err) ||
		       pgs_buf_adds(out, fk->name, err) ||
		       pgs_buf_adds(out, ")", err) ? -1 : 0;

	pgs_buf_init(&rule, SCRATCH_MAX);
	pgs_buf_init(&why, SCRATCH_MAX);
	if (pgs_plan_section_columns(&c->plan, target, col, &cols, &n, err))
		goto done;
	if (n == 0) {
		/* Not a column of target: only a programming error gets here. */
		if (pgs_buf_adds(&rule, "keep", err))
			goto done;
	} else if (suggest(c, target, cols, n, &rule, &why, &keyed, err)) {
		goto done;
	}
	if (keyed && c->note_key &&
	    pgs_buf_adds(&why, " (keyed: needs secret_env = PGSCRUB_KEY in "
			 "[pgscrub])", err))
		goto done;
	if (pgs_ident_quote(out, col, err) || pgs_buf_adds(out, " = ", err) ||
	    pgs_buf_add(out, rule.data, rule.len, err))
		goto done;
	if (why.len || mark) {
		if (pgs_buf_adds(out, "  ; ", err) ||
		    (mark && pgs_buf_adds(out, mark, err)) ||
		    (mark && why.len && pgs_buf_adds(out, ": ", err)) ||
		    pgs_buf_add(out, why.data, why.len, err))
			goto done;
	}
	rc = 0;
done:
	free(cols);
	pgs_buf_release(&rule);
	pgs_buf_release(&why);
	return rc;
}

/* Every data column of t as rules lines, each ended by eol. */
static int section_body(struct ctx *c, struct pgs_buf *out,
			const struct pgs_table *t, const char *eol,
			int with_comments, const struct pgs_plan_table *covered,
			struct pgs_error *err)
{
	size_t i, k;

	for (i = 0; i < t->ncols; i++) {
		const struct pgs_column *col = &t->cols[i];
		int skip = 0;

		/* init --update: a column a pattern section already covers
		 * ([*] or [schema.*], by name or type) needs no line. */
		for (k = 0; covered && k < covered->ncols; k++)
			if (covered->cols[k].col == col)
				skip = covered->cols[k].source != PGS_PLAN_UNCOVERED;
		if (skip)
			continue;

		if (col->generated) {
			if (with_comments &&
			    (pgs_buf_adds(out, "; ", err) ||
			     pgs_ident_quote(out, col->name, err) ||
			     pgs_buf_adds(out, " is a generated column: pg_restore "
					  "computes it, so it needs no rule", err) ||
			     pgs_buf_adds(out, eol, err)))
				return -1;
			continue;
		}
		if (rule_line(c, out, t, col->name, NULL, err) ||
		    pgs_buf_adds(out, eol, err))
			return -1;
	}
	return 0;
}

/* ---- check -------------------------------------------------------------- */

void pgs_check_report_init(struct pgs_check_report *rep)
{
	memset(rep, 0, sizeof(*rep));
}

void pgs_check_report_release(struct pgs_check_report *rep)
{
	size_t i;

	for (i = 0; i < rep->nproblems; i++)
		problem_release(&rep->problems[i]);
	free(rep->problems);
	for (i = 0; i < rep->nresolved; i++) {
		struct pgs_resolution *x = &rep->resolved[i];

		free(x->schema);
		free(x->table);
		free(x->column);
		free(x->rule);
		free(x->where);
		free(x->section);
	}
	free(rep->resolved);
	for (i = 0; i < rep->nfilters; i++) {
		struct pgs_check_filter *f = &rep->filters[i];
		size_t k;

		for (k = 0; k < f->nsteps; k++) {
			free(f->steps[k].table);
			free(f->steps[k].via);
			free(f->steps[k].from);
		}
		free(f->steps);
		free(f->table);
	}
	free(rep->filters);
	pgs_check_report_init(rep);
}

/* One more resolution entry, zeroed; NULL when out of memory. */
static struct pgs_resolution *resolution_add(struct pgs_check_report *rep,
					     size_t *cap)
{
	struct pgs_resolution *x;

	if (rep->nresolved == *cap) {
		size_t n = *cap ? *cap * 2 : 64;

		x = realloc(rep->resolved, n * sizeof(*x));
		if (!x)
			return NULL;
		rep->resolved = x;
		*cap = n;
	}
	x = &rep->resolved[rep->nresolved++];
	memset(x, 0, sizeof(*x));
	return x;
}

/* What the plan decided for every column of every table with data, for
 * check --explain (the plan is the one resolver: this only copies it). */
static int collect_resolution(struct ctx *c, struct pgs_check_report *rep,
			      struct pgs_error *err)
{
	size_t i, j, cap = 0;

	for (i = 0; i < c->s->ntables; i++) {
		const struct pgs_table *t = &c->s->tables[i];
		const struct pgs_plan_table *pt = plan_of(c, t);

		if (!pgs_plan_covers(pt))
			continue;
		if (pt->truncated) {
			struct pgs_resolution *x = resolution_add(rep, &cap);
			char *q;

			if (!x)
				return nomem(err);
			q = qualified(pt->truncate_entry->schema,
				      pt->truncate_entry->table, NULL);
			x->schema = dup_str(t->schema);
			x->table = dup_str(t->name);
			x->rule = dup_str("truncate");
			x->origin = "truncate";
			x->line = c->r->truncate_line;
			x->where = q ? fmt("truncate = %s, %s:%d", q,
					   c->r->path ? c->r->path : "rules",
					   x->line) : NULL;
			free(q);
			if (!x->schema || !x->table || !x->rule || !x->where)
				return nomem(err);
			continue;
		}
		for (j = 0; j < pt->ncols; j++) {
			const struct pgs_plan_column *pc = &pt->cols[j];
			struct pgs_resolution *x = resolution_add(rep, &cap);
			char where[512];

			if (!x)
				return nomem(err);
			pgs_plan_origin(&c->plan, pt, pc, where, sizeof(where));
			x->schema = dup_str(t->schema);
			x->table = dup_str(t->name);
			x->column = dup_str(pc->name);
			x->origin = pgs_plan_origin_kind(&c->plan, pt, pc);
			x->where = dup_str(where);
			if (!x->schema || !x->table || !x->column || !x->where)
				return nomem(err);
			if (pc->rule_text && !(x->rule = dup_str(pc->rule_text)))
				return nomem(err);
			if (pc->from) {
				x->section = section_label(pc->from);
				if (!x->section)
					return nomem(err);
				x->line = pc->rule->line;
			}
		}
	}
	return 0;
}

/* A pattern section's rule for a column name that no table in its scope
 * has: not stale (a default), but worth a note. */
static int check_unused_defaults(struct ctx *c, struct plist *l,
				 struct pgs_error *err)
{
	const struct pgs_rules *r = c->r;
	size_t i, j, k;

	for (i = 0; i < r->ntables; i++) {
		const struct pgs_table_rules *tr = &r->tables[i];

		if (tr->kind == PGS_SECTION_TABLE)
			continue;
		for (j = 0; j < tr->ncols; j++) {
			const struct pgs_column_rule *cr = &tr->cols[j];
			char *sec, *qc;
			int used = 0, rc;

			for (k = 0; k < c->s->ntables && !used; k++) {
				const struct pgs_table *t = &c->s->tables[k];
				size_t m;

				if (tr->kind == PGS_SECTION_SCHEMA &&
				    strcmp(t->schema, tr->schema) != 0)
					continue;
				if (!cr->is_type) {
					used = pgs_table_column(t, cr->column) != NULL;
					continue;
				}
				for (m = 0; m < t->ncols && !used; m++)
					used = pgs_plan_type_matches(c->s, cr->column,
								     &t->cols[m]);
			}
			if (used)
				continue;
			sec = section_label(tr);
			if (cr->is_type) {
				rc = sec ?
				     plist_add(l, PGS_PROBLEM_UNUSED_DEFAULT,
					       tr->kind == PGS_SECTION_SCHEMA ?
					       tr->schema : NULL, NULL, NULL,
					       cr->line,
					       fmt("[%s] has a rule for type %s, "
						   "which no column %shas: a default "
						   "that does nothing here", sec,
						   cr->column,
						   tr->kind == PGS_SECTION_SCHEMA ?
						   "of the schema " : ""),
					       NULL, NULL, 1, err) : nomem(err);
				free(sec);
				if (rc)
					return -1;
				continue;
			}
			qc = quoted_ident(cr->column);
			rc = sec && qc ?
			     plist_add(l, PGS_PROBLEM_UNUSED_DEFAULT,
				       tr->kind == PGS_SECTION_SCHEMA ?
				       tr->schema : NULL, NULL, cr->column,
				       cr->line,
				       fmt("[%s] has a rule for column %s, which "
					   "no table %shas: a default that does "
					   "nothing here", sec, qc,
					   tr->kind == PGS_SECTION_SCHEMA ?
					   "of the schema " : ""),
				       NULL, NULL, 1, err) : nomem(err);
			free(sec);
			free(qc);
			if (rc)
				return -1;
		}
	}
	return 0;
}

/* The error's message and hint as one line. */
static char *error_text(const struct pgs_error *e)
{
	if (e->hint[0])
		return fmt("%s (%s)", e->msg, e->hint);
	return dup_str(e->msg);
}

/* Lines shown in the encoding problem's message; the JSON lists all. */
#define ENCODING_LINES_SHOWN 10

/*
 * The archive's encoding can hide ASCII bytes, and the rules at lines[]
 * need to read values: one problem for all of them, naming the encoding,
 * the first lines and the fix.  Takes lines.
 */
static int encoding_problem(struct ctx *c, struct plist *l, int *lines,
			    size_t n, struct pgs_error *err)
{
	struct pgs_buf b;
	size_t i;
	int rc;

	pgs_buf_init(&b, (size_t)1 << 20);
	for (i = 0; i < n && i <= ENCODING_LINES_SHOWN; i++) {
		char one[64];

		if (i == ENCODING_LINES_SHOWN)
			snprintf(one, sizeof(one), " and %zu more",
				 n - ENCODING_LINES_SHOWN);
		else
			snprintf(one, sizeof(one), "%s%d", i == 0 ? "" :
				 i + 1 == n ? " and " : ", ", lines[i]);
		if (pgs_buf_adds(&b, one, err)) {
			pgs_buf_release(&b);
			free(lines);
			return -1;
		}
	}
	rc = plist_add(l, PGS_PROBLEM_ENCODING, NULL, NULL, NULL, 0,
		       fmt("the archive's encoding %s can hide ASCII bytes "
			   "(backslash included) inside characters, and %zu "
			   "%s to read values (%s line%s %s): dump with pg_dump "
			   "-E UTF8 (keep, null and const work in any encoding)",
			   c->env.encoding, n, n == 1 ? "rule needs" :
			   "rules need", c->r->path ? c->r->path : "rules",
			   n == 1 ? "" : "s", b.data ? b.data : ""),
		       NULL, NULL, 0, err);
	pgs_buf_release(&b);
	if (rc) {
		free(lines);
		return -1;
	}
	l->v[l->n - 1].lines = lines;
	l->v[l->n - 1].nlines = n;
	return 0;
}

/*
 * Whether rule cr failed only because the archive's encoding hides ASCII
 * bytes; when it also fails for another reason, that error goes to *other
 * (what a UTF-8 archive would give).
 */
static int encoding_refused(const struct ctx *c, const struct pgs_expr *e,
			    struct pgs_error *other)
{
	struct pgs_anon_env utf8 = c->env;
	struct pgs_anon *an = NULL;

	if (!pgs_anon_encoding_hides_ascii(c->env.encoding) ||
	    !pgs_anon_name_reads_values(e->name))
		return 0;
	utf8.encoding = "UTF8";
	pgs_error_init(other);
	if (pgs_anon_compile(&an, e, &utf8, other) == 0)
		pgs_anon_free(an);
	return 1;
}

/* "rule for COLUMN in [SECTION]" and, for a case rule's THEN part
 * (branch > 0), ", THEN part of WHEN N": e as a rules-file problem. */
static int rule_problem(struct plist *l, const struct pgs_table_rules *tr,
			const struct pgs_column_rule *cr, size_t branch,
			const struct pgs_error *e, struct pgs_error *err)
{
	char *sec = section_label(tr);
	char *col = cr->is_star ? dup_str("*") :
		    cr->is_type ? fmt("type %s", cr->column) :
		    quoted_ident(cr->column);
	char *msg = error_text(e), *then = NULL;
	int rc = -1;

	if (branch)
		then = fmt(", THEN part of WHEN %zu", branch);
	if (sec && col && msg && (!branch || then))
		rc = plist_add(l, PGS_PROBLEM_RULE, tr->schema, tr->table,
			       cr->column, cr->line,
			       fmt("rule for %s in [%s]%s: %s", col, sec,
				   then ? then : "", msg),
			       NULL, NULL, 0, err);
	else
		nomem(err);
	free(sec);
	free(col);
	free(msg);
	free(then);
	return rc;
}

/* lines[*n] = line, growing *lines; -1 (no memory) frees it. */
static int add_line(int **lines, size_t *n, int line, struct pgs_error *err)
{
	int *v = realloc(*lines, (*n + 1) * sizeof(*v));

	if (!v) {
		free(*lines);
		*lines = NULL;
		return nomem(err);
	}
	v[(*n)++] = line;
	*lines = v;
	return 0;
}

/* Whether rule cr covers a column of a table in the schema (a pattern that
 * matches nothing, or a section for an absent table, covers none). */
static int rule_used(const struct ctx *c, const struct pgs_column_rule *cr)
{
	size_t t, j;

	for (t = 0; t < c->plan.ntables; t++)
		for (j = 0; j < c->plan.tables[t].ncols; j++)
			if (c->plan.tables[t].cols[j].rule == cr)
				return 1;
	return 0;
}

/*
 * Rule cr's anonymisers that do not compile: its ELSE (or only) part, as
 * the plan compiled it, and each THEN part of a case rule (the run refuses
 * those too).  What the encoding alone refuses adds cr's line to lines,
 * once.
 */
static int compile_rule(struct ctx *c, struct plist *l,
			const struct pgs_table_rules *tr,
			const struct pgs_column_rule *cr, int **lines,
			size_t *nlines, struct pgs_error *err)
{
	const struct pgs_error *e = pgs_plan_rule_error(&c->plan, cr);
	struct pgs_error other, be;
	int listed = 0;
	size_t k;

	for (k = 0; k <= cr->nbranches; k++) {
		const struct pgs_expr *x = k ? &cr->branches[k - 1].expr : &cr->expr;
		struct pgs_anon *an = NULL;

		if (k) {
			/* The plan compiles only the ELSE part for check. */
			pgs_error_init(&be);
			if (pgs_anon_compile(&an, x, &c->env, &be) == 0) {
				pgs_anon_free(an);
				continue;
			}
			if (be.code == PGS_ENOMEM)
				return nomem(err);
			e = &be;
		} else if (!e) {
			continue;
		}
		if (encoding_refused(c, x, &other)) {
			/* Only rules that will read a column's values count. */
			if (!listed && rule_used(c, cr) &&
			    add_line(lines, nlines, cr->line, err))
				return -1;
			listed = 1;
			if (other.code == PGS_OK)
				continue;
			if (other.code == PGS_ENOMEM)
				return nomem(err);
			e = &other;
		}
		if (rule_problem(l, tr, cr, k, e, err))
			return -1;
	}
	return 0;
}

/* What does not compile (the plan compiled every rule once) is a
 * rules-file problem; what an encoding that hides ASCII bytes refuses is
 * one problem for all the rules it concerns. */
static int compile_rules(struct ctx *c, struct plist *l, struct plist *whole,
			 struct pgs_error *err)
{
	const struct pgs_rules *r = c->r;
	int *lines = NULL;
	size_t i, j, nlines = 0;

	for (i = 0; i < r->ntables; i++)
		for (j = 0; j < r->tables[i].ncols; j++)
			if (compile_rule(c, l, &r->tables[i], &r->tables[i].cols[j],
					 &lines, &nlines, err)) {
				free(lines);
				return -1;
			}
	if (nlines)
		return encoding_problem(c, whole, lines, nlines, err);
	return 0;
}

/* The first rule that needs a key, for the line of the problem. */
static const struct pgs_column_rule *first_keyed(const struct pgs_rules *r)
{
	struct pgs_table_rules one_table;
	struct pgs_rules one;
	size_t i, j;

	/* pgs_anon_rules_need_key() also looks into nested rules (json,
	 * regex_replace): ask it about one rule at a time. */
	memset(&one, 0, sizeof(one));
	one.tables = &one_table;
	one.ntables = 1;
	for (i = 0; i < r->ntables; i++)
		for (j = 0; j < r->tables[i].ncols; j++) {
			one_table = r->tables[i];
			one_table.cols = &r->tables[i].cols[j];
			one_table.ncols = 1;
			if (pgs_anon_rules_need_key(&one))
				return &r->tables[i].cols[j];
		}
	return NULL;
}

/*
 * Classify a fit failure by taking column facts away one after the other:
 * if the rule fits without NOT NULL, NOT NULL was the problem; if it fits
 * without the length limit too, the length; else the type itself.
 * (pgs_anon_fit's messages are for people, not for parsing.)
 */
static enum pgs_problem_kind classify(struct pgs_anon *an,
				      const struct pgs_column *col)
{
	struct pgs_column probe = *col;
	struct pgs_error e;

	if (col->not_null) {
		probe.not_null = 0;
		if (pgs_anon_fit(an, &probe, &e) == 0)
			return PGS_PROBLEM_NOT_NULL;
	}
	if (col->type.max_chars >= 0) {
		probe.type.max_chars = -1;
		if (pgs_anon_fit(an, &probe, &e) == 0)
			return PGS_PROBLEM_TOO_SHORT;
	}
	return PGS_PROBLEM_TYPE;
}

/* "rule for public.people.email" plus, when the rule is not the column's
 * own line in the table's own section, where it comes from (a parent's
 * section, a "*", [schema.*] or [*]). */
static char *rule_origin(const struct pgs_table *t, const char *col,
			 const struct pgs_plan_table *pt,
			 const struct pgs_plan_column *pc)
{
	const struct pgs_column_rule *cr = pc->rule;
	char *qc = qualified(t->schema, t->name, col), *s = NULL;

	if (!qc)
		return NULL;
	if (pc->source == PGS_PLAN_FROM_FOLLOW) {
		char *ref = qualified(pc->follows_table->schema,
				      pc->follows_table->name,
				      pc->follows_col->name);

		s = ref ? fmt("rule for %s (follows %s: %s)", qc, ref,
			      cr->text ? cr->text : "?") : NULL;
		free(ref);
	} else if (pc->source == PGS_PLAN_FROM_SECTION &&
	    pt->chain[pc->section].table == t) {
		s = fmt("rule for %s", qc);
	} else {
		char *sec = section_label(pc->from);

		char key[300];

		pgs_rules_key(cr, key, sizeof(key));
		if (sec)
			s = fmt("rule for %s (%s = %s in [%s])", qc,
				cr->is_star ? "*" : cr->is_type ? key : col,
				cr->text ? cr->text : "?", sec);
		free(sec);
	}
	free(qc);
	return s;
}

/* A fix: one rules line for col under target's section. */
static int fix_for(struct ctx *c, const struct pgs_table *target,
		   const char *col, char **fix, char **section,
		   struct pgs_error *err)
{
	struct pgs_buf b;

	*fix = *section = NULL;
	pgs_buf_init(&b, SCRATCH_MAX);
	if (rule_line(c, &b, target, col, NULL, err)) {
		pgs_buf_release(&b);
		return -1;
	}
	*fix = dup_str(b.data);
	*section = section_name(target->schema, target->name);
	pgs_buf_release(&b);
	if (!*fix || !*section) {
		free(*fix);
		free(*section);
		*fix = *section = NULL;
		return nomem(err);
	}
	return 0;
}

/* A column of a table with data: covered, and by a rule that fits. */
static int check_column(struct ctx *c, struct plist *l,
			const struct pgs_plan_table *pt,
			const struct pgs_plan_column *pc, struct pgs_error *err)
{
	const struct pgs_table *t = pt->table;
	const struct pgs_column *col = pc->col;
	const struct pgs_plan_section *chain = pt->chain;
	size_t nchain = pt->nchain;
	const struct pgs_column_rule *cr;
	const struct pgs_table *target;
	enum pgs_problem_kind kind;
	struct pgs_anon *an;
	struct pgs_error e;
	char *fix = NULL, *section = NULL, *what = NULL, *origin, *qc;
	size_t at = 0;
	int rc = -1, line = 0, pattern;

	cr = pc->rule;
	at = pc->section;
	if (!cr) {
		const struct pgs_table_rules *tr;

		if (pc->source != PGS_PLAN_UNCOVERED)
			return 0;   /* unlisted = keep */
		target = fix_target(c, t, chain, nchain, col->name);
		tr = pgs_rules_find_table(c->r, target->schema, target->name);
		line = tr ? tr->line : 0;
		qc = qualified(t->schema, t->name, col->name);
		if (!qc || fix_for(c, target, col->name, &fix, &section, err)) {
			free(qc);
			return qc ? -1 : nomem(err);
		}
		/* Keep last: a guess of keep says what to look for. */
		if (strlen(fix) > 7 && strcmp(fix + strlen(fix) - 7, " = keep") == 0) {
			char *f = fmt("%s  ; REVIEW: nothing in its name or type "
				      "looks personal; an anonymiser if its values "
				      "are", fix);

			free(fix);
			fix = f;
		}
		rc = !fix ? nomem(err) :
		     plist_add(l, PGS_PROBLEM_UNCOVERED_COLUMN, t->schema,
			       t->name, col->name, line,
			       fmt("no rule covers column %s", qc), fix,
			       section, 0, err);
		free(qc);
		free(fix);
		free(section);
		return rc;
	}
	/* A rule from a pattern section: the fix is a line of the table's
	 * own (or its nearest section's), which wins over the pattern. */
	pattern = pgs_plan_source_is_pattern(pc->source) ||
		  pc->source == PGS_PLAN_FROM_FOLLOW;
	an = pc->anon;
	if (!an || t->stats_only)
		return 0;   /* does not compile: reported with the rules file;
			       or no type to fit (a --statistics-only dump) */
	pgs_error_init(&e);
	/* A rule that fits neither the column nor the one it follows is
	 * reported once, on the column whose rule it is. */
	if (pc->source == PGS_PLAN_FROM_FOLLOW &&
	    pgs_plan_fit(an, pc->follows_table, pc->follows_col, &e) != 0) {
		if (e.code == PGS_ENOMEM)
			return nomem(err);
		return 0;
	}
	if (pgs_plan_fit(an, t, col, &e) == 0) {
		if (col->partition_key && !pgs_anon_is_keep(an)) {
			/* A warning: a dump made with --load-via-partition-root
			 * takes it, and only the dump can tell. */
			origin = rule_origin(t, col->name, pt, pc);
			rc = origin ? plist_add(l, PGS_PROBLEM_PARTITION_KEY,
				t->schema, t->name, col->name, cr->line,
				fmt("%s: %s is in the partition key; pgscrub refuses "
				    "to rewrite it unless the dump is made with "
				    "pg_dump --load-via-partition-root", origin,
				    col->name), NULL, NULL, 1, err) : nomem(err);
			free(origin);
			return rc;
		}
		if (!col->unique || pgs_anon_is_injective(an) ||
		    /* the column it follows says so (a key is unique) */
		    pc->source == PGS_PLAN_FROM_FOLLOW ||
		    /* Any number of NULLs fits a UNIQUE column.  NEEDSWORK:
		     * not one with NULLS NOT DISTINCT, which the schema does
		     * not record. */
		    strcmp(pgs_anon_name(an), "null") == 0)
			return 0;
		kind = PGS_PROBLEM_NOT_INJECTIVE;
		what = fmt("%s can turn different values into the same one, and "
			   "the column is %s: the restore would fail on the "
			   "duplicates", pgs_anon_name(an),
			   col->primary_key ? "the PRIMARY KEY" : "UNIQUE");
	} else {
		if (e.code == PGS_ENOMEM)
			return nomem(err);
		kind = classify(an, col);
		what = error_text(&e);
	}
	origin = rule_origin(t, col->name, pt, pc);
	/* The fix replaces the rule where it is, for every table it covers
	 * (a parent's "*" gets a line for the column, which wins over it);
	 * a child's own column has no line in a parent's section. */
	if (pattern)
		target = fix_target(c, t, chain, nchain, col->name);
	else
		target = pgs_table_column(chain[at].table, col->name) ?
			 chain[at].table : t;
	if (!what || !origin)
		nomem(err);
	else if (fix_for(c, target, col->name, &fix, &section, err) == 0)
		rc = plist_add(l, kind, t->schema, t->name, col->name, cr->line,
			       fmt("%s: %s", origin, what), fix, section, 0, err);
	free(origin);
	free(what);
	free(fix);
	free(section);
	return rc;
}

/*
 * The THEN parts of pc's case rule fit the column as its ELSE part must
 * (the run fits every branch).  Those that do not compile are reported
 * with the rules file (compile_rule).
 */
static int check_branches(struct ctx *c, struct plist *l,
			  const struct pgs_plan_table *pt,
			  const struct pgs_plan_column *pc, struct pgs_error *err)
{
	const struct pgs_table *t = pt->table;
	const struct pgs_column_rule *cr = pc->rule;
	size_t k;

	if (!cr || !cr->nbranches || !t || !pc->col || t->stats_only)
		return 0;
	for (k = 0; k < cr->nbranches; k++) {
		struct pgs_anon *an = NULL;
		struct pgs_error e;
		char *origin, *what;
		int rc;

		pgs_error_init(&e);
		if (pgs_anon_compile(&an, &cr->branches[k].expr, &c->env, &e)) {
			if (e.code == PGS_ENOMEM)
				return nomem(err);
			continue;
		}
		if (pgs_plan_fit(an, t, pc->col, &e) == 0) {
			pgs_anon_free(an);
			continue;
		}
		if (e.code == PGS_ENOMEM) {
			pgs_anon_free(an);
			return nomem(err);
		}
		origin = rule_origin(t, pc->col->name, pt, pc);
		what = error_text(&e);
		rc = origin && what ?
		     plist_add(l, classify(an, pc->col), t->schema, t->name,
			       pc->col->name, cr->line,
			       fmt("%s, THEN part of WHEN %zu: %s", origin, k + 1,
				   what), NULL, NULL, 0, err) : nomem(err);
		pgs_anon_free(an);
		free(origin);
		free(what);
		if (rc)
			return -1;
	}
	return 0;
}

/* Rules in t's own section for columns t does not have, or holds no data
 * for (generated: pg_restore recomputes them, the rule does nothing). */
static int check_stale_columns(struct ctx *c, struct plist *l,
			       const struct pgs_table *t,
			       struct pgs_error *err)
{
	const struct pgs_table_rules *tr = pgs_rules_find_table(c->r, t->schema,
								t->name);
	const char **names;
	char *sec, *bsec;
	size_t i, j;
	int rc = 0;

	/* A table known from its statistics alone: the entry names only the
	 * columns it has values for. */
	if (!tr || t->stats_only || t->cols_incomplete)
		return 0;
	names = calloc(t->ncols + 1, sizeof(*names));
	sec = qualified(t->schema, t->name, NULL);
	bsec = sec ? fmt("[%s]", sec) : NULL;
	if (!names || !bsec) {
		free(names);
		free(sec);
		free(bsec);
		return nomem(err);
	}
	for (i = 0; i < t->ncols; i++)
		names[i] = t->cols[i].name;
	for (j = 0; rc == 0 && j < tr->ncols; j++) {
		const struct pgs_column_rule *cr = &tr->cols[j];
		const struct pgs_column *col;
		char *qc;

		if (cr->is_star)
			continue;
		col = pgs_table_column(t, cr->column);
		if (col && !col->generated)
			continue;
		qc = quoted_ident(cr->column);
		if (!qc) {
			rc = nomem(err);
			break;
		}
		if (col) {
			rc = plist_add(l, PGS_PROBLEM_STALE_COLUMN, t->schema,
				       t->name, cr->column, cr->line,
				       fmt("[%s] has a rule for %s, a generated "
					   "column: pg_restore computes it from "
					   "the other columns, so the rule does "
					   "nothing", sec, qc),
				       NULL, NULL, 1, err);
		} else {
			const char *s = pgs_suggest(cr->column, names);
			char *fix = NULL, *qs = NULL;
			size_t k;

			/* A rename that would give the column a second rule is
			 * no fix (a duplicate rule is a syntax error). */
			for (k = 0; s && k < tr->ncols; k++)
				if (!tr->cols[k].is_star &&
				    strcmp(tr->cols[k].column, s) == 0)
					s = NULL;

			if (s && (!(qs = quoted_ident(s)) ||
				  !(fix = fmt("%s = %s", qs, cr->text ? cr->text
							      : "keep")))) {
				free(qs);
				free(qc);
				rc = nomem(err);
				break;
			}
			rc = plist_add(l, PGS_PROBLEM_STALE_COLUMN, t->schema,
				       t->name, cr->column, cr->line,
				       s ? fmt("[%s] has a rule for column %s, but "
					       "the table has no such column "
					       "(did you mean %s?)", sec, qc, qs)
					 : fmt("[%s] has a rule for column %s, but "
					       "the table has no such column; "
					       "remove the rule or fix its name",
					       sec, qc),
				       fix, s ? bsec : NULL, 0, err);
			free(fix);
			free(qs);
		}
		free(qc);
	}
	free(names);
	free(sec);
	free(bsec);
	return rc;
}

/* The foreign keys the rules break (the plan found them), on the
 * referencing table: both columns, the constraint, and the fix. */
static int check_keys(struct ctx *c, struct plist *l,
		      const struct pgs_plan_table *pt, struct pgs_error *err)
{
	size_t i;

	for (i = 0; i < c->plan.nfk_problems; i++) {
		const struct pgs_plan_fk_problem *pr = &c->plan.fk_problems[i];
		char *msg;

		if (pr->table != pt)
			continue;
		msg = pr->error.hint[0] ? fmt("%s (%s)", pr->error.msg, pr->error.hint)
					: dup_str(pr->error.msg);
		if (!msg)
			return nomem(err);
		if (plist_add(l, PGS_PROBLEM_FOREIGN_KEY, pt->schema, pt->name,
			      pr->column, pr->line, msg,
			      pr->fix[0] ? pr->fix : NULL,
			      pr->fix[0] ? pr->fix_section : NULL, 0, err))
			return -1;
	}
	return 0;
}

/* ---- smaller copies ------------------------------------------------------- */

/* A condition compiled against pt's data columns, as the run will compile
 * it against the COPY columns (the same names and types). */
static int compile_condition(struct ctx *c, const struct pgs_plan_table *pt,
			     const char *text, size_t len, struct pgs_error *e)
{
	struct pgs_cond_env env;
	struct pgs_cond *cond = NULL;
	int rc;

	if (pgs_plan_cond_env(&env, pt, c->key, c->env.encoding, e))
		return -1;
	rc = pgs_cond_compile(&cond, text, len, &env, e);
	pgs_cond_free(cond);
	pgs_plan_cond_env_release(&env);
	return rc;
}

/* A condition that does not compile for pt: a problem at its line. */
static int condition_problem(struct ctx *c, struct plist *l,
			     const struct pgs_plan_table *pt, const char *column,
			     int line, const char *what, const char *text,
			     size_t len, struct pgs_error *err)
{
	struct pgs_error e;
	char *qt, *msg;

	pgs_error_init(&e);
	if (compile_condition(c, pt, text, len, &e) == 0)
		return 0;
	if (e.code == PGS_ENOMEM)
		return nomem(err);
	qt = qualified(pt->schema, pt->name, NULL);
	msg = qt ? (e.hint[0] ? fmt("%s on %s: %s (%s)", what, qt, e.msg, e.hint)
			      : fmt("%s on %s: %s", what, qt, e.msg)) : NULL;
	free(qt);
	if (!msg)
		return nomem(err);
	return plist_add(l, PGS_PROBLEM_CONDITION, pt->schema, pt->name, column,
			 line, msg, NULL, NULL, 0, err);
}

/* Whether a case rule's branches and ELSE can give different rows the same
 * value: they are not all the one rule. */
static int case_may_collide(const struct pgs_column_rule *cr)
{
	size_t k;

	for (k = 0; k < cr->nbranches; k++)
		if (!cr->branches[k].text || !cr->text ||
		    strcmp(cr->branches[k].expr.name, cr->expr.name) != 0)
			return 1;
	return 0;
}

/* Every where of pt's chain and every case rule of its columns must
 * compile against its columns; a case rule on a unique column whose
 * branches differ is a warning. */
static int check_conditions(struct ctx *c, struct plist *l,
			    const struct pgs_plan_table *pt,
			    struct pgs_error *err)
{
	size_t i, k;

	if (!pgs_plan_covers(pt) || pt->truncated)
		return 0;
	for (k = 0; k < pt->nchain; k++) {
		const struct pgs_table_rules *tr = pt->chain[k].rules;

		if (tr && tr->where &&
		    condition_problem(c, l, pt, NULL, tr->where_line, "where",
				      tr->where, tr->where_len, err))
			return -1;
	}
	for (i = 0; i < pt->ncols; i++) {
		const struct pgs_plan_column *pc = &pt->cols[i];
		const struct pgs_column_rule *cr = pc->rule;

		if (!cr || !cr->nbranches)
			continue;
		for (k = 0; k < cr->nbranches; k++)
			if (condition_problem(c, l, pt, pc->name, cr->line,
					      "case rule's WHEN",
					      cr->branches[k].cond,
					      cr->branches[k].cond_len, err))
				return -1;
		if (pc->col && pc->col->unique && case_may_collide(cr)) {
			char *q = qualified(pt->schema, pt->name, pc->name);
			char *msg = q ? fmt("%s is unique, and the branches of its "
					    "case rule rewrite differently: a "
					    "value one branch writes may equal "
					    "one another writes (or keeps)", q)
				      : NULL;

			free(q);
			if (!msg || plist_add(l, PGS_PROBLEM_NOT_INJECTIVE,
					      pt->schema, pt->name, pc->name,
					      cr->line, msg, NULL, NULL, 1, err))
				return msg ? -1 : nomem(err);
		}
	}
	return 0;
}

/* A filter and what it cascades to, for the report. */
static int add_filter(struct ctx *c, struct pgs_check_report *rep,
		      size_t *cap, const struct pgs_table *t, const char *by,
		      int line, int only_if_cascades, struct pgs_error *err)
{
	struct pgs_subset_step *steps = NULL;
	struct pgs_check_filter *f;
	size_t n = 0, k;

	if (rep->nfilters == *cap) {
		size_t nc = *cap ? 2 * *cap : 8;
		void *v = realloc(rep->filters, nc * sizeof(*rep->filters));

		if (!v)
			return nomem(err);
		rep->filters = v;
		*cap = nc;
	}
	if (pgs_subset_cascade(c->s, t, &steps, &n, err))
		return -1;
	if (n == 0 && only_if_cascades) {
		free(steps);
		return 0;
	}
	f = &rep->filters[rep->nfilters++];
	memset(f, 0, sizeof(*f));
	f->by = by;
	f->line = line;
	f->table = qualified(t->schema, t->name, NULL);
	f->steps = calloc(n + 1, sizeof(*f->steps));
	if (!f->table || !f->steps) {
		free(steps);
		return nomem(err);
	}
	for (k = 0; k < n; k++) {
		struct pgs_check_step *st = &f->steps[f->nsteps++];

		st->table = qualified(steps[k].table->schema,
				      steps[k].table->name, NULL);
		st->from = qualified(steps[k].from->schema,
				     steps[k].from->name, NULL);
		st->via = dup_str(steps[k].via->name);
		st->set_null = steps[k].set_null;
		st->depth = steps[k].depth;
		if (!st->table || !st->from || !st->via) {
			free(steps);
			return nomem(err);
		}
	}
	free(steps);
	return 0;
}

/* Each where section and truncate entry of the rules that names a table
 * of the schema, in file order. */
static int collect_filters(struct ctx *c, struct pgs_check_report *rep,
			   struct pgs_error *err)
{
	const struct pgs_rules *r = c->r;
	size_t i, cap = 0;

	for (i = 0; i < r->ntables; i++) {
		const struct pgs_table_rules *tr = &r->tables[i];
		const struct pgs_table *t;

		if (tr->kind != PGS_SECTION_TABLE || !tr->where)
			continue;
		t = pgs_schema_find(c->s, tr->schema, tr->table);
		if (t && add_filter(c, rep, &cap, t, "where", tr->where_line, 0,
				    err))
			return -1;
	}
	for (i = 0; i < r->ntruncate; i++) {
		const struct pgs_table *t = pgs_schema_find(c->s,
			r->truncate[i].schema, r->truncate[i].table);

		/* A truncate that takes nothing with it is what it was
		 * before foreign keys were followed: not worth a line. */
		if (t && add_filter(c, rep, &cap, t, "truncate",
				    r->truncate_line, 1, err))
			return -1;
	}
	return 0;
}

static int check_table(struct ctx *c, struct plist *l, struct pgs_check_report *rep,
		       const struct pgs_table *t, struct pgs_error *err)
{
	const struct pgs_plan_table *pt = plan_of(c, t);
	size_t i, ndata = data_columns(t);

	if (pt->has_data) {
		rep->ntables++;
		rep->ncolumns += ndata;
	}
	if (pgs_plan_covers(pt) && !pt->truncated) {
		/* No section, and no pattern section's rule either. */
		if (pt->nchain == 0 && ndata > 0 && pt->nuncovered == pt->ncols &&
		    c->r->unlisted == PGS_UNLISTED_ERROR) {
			const struct pgs_table *root = part_root(c, t);
			struct pgs_buf body;
			char *qt = qualified(t->schema, t->name, NULL);
			char *sec = section_name(root->schema, root->name);
			int rc = -1;

			pgs_buf_init(&body, OUT_MAX);
			if (qt && sec &&
			    section_body(c, &body, root, "\n", 0, NULL, err) == 0) {
				if (body.len)
					body.data[--body.len] = '\0';
				rc = plist_add(l, PGS_PROBLEM_UNCOVERED_TABLE,
					       t->schema, t->name, NULL, 0,
					       root == t ?
					       fmt("no rule covers table %s (%zu "
						   "column%s)", qt, ndata,
						   ndata == 1 ? "" : "s") :
					       fmt("no rule covers table %s (%zu "
						   "column%s), a partition of %s",
						   qt, ndata, ndata == 1 ? "" : "s",
						   sec),
					       body.data ? body.data : "", sec,
					       0, err);
			} else if (!qt || !sec) {
				nomem(err);
			}
			pgs_buf_release(&body);
			free(qt);
			free(sec);
			if (rc)
				return -1;
		} else {
			for (i = 0; i < pt->ncols; i++)
				if (check_column(c, l, pt, &pt->cols[i], err) ||
				    check_branches(c, l, pt, &pt->cols[i], err))
					return -1;
		}
	}
	if (check_keys(c, l, pt, err) || check_conditions(c, l, pt, err))
		return -1;
	return check_stale_columns(c, l, t, err);
}

/*
 * Whether the archive is clearly a partial dump (pg_dump -t): a foreign key
 * references a table it does not hold, or a table's parent is not in it.
 * Returns why, as a clause, or NULL.  A section or truncate entry for a
 * table that is not there is a note (one rules file serves dumps of a
 * subset of tables), and the note says why when this can tell; with
 * check --whole it is a problem.
 */
static char *partial_dump(const struct pgs_schema *s)
{
	size_t i;

	for (i = 0; i < s->nfkeys; i++) {
		const struct pgs_fkey *fk = &s->fkeys[i];

		if (fk->to < 0 && !fk->parse_error && fk->from >= 0 &&
		    fk->to_ref.name) {
			char *from = qualified(s->tables[fk->from].schema,
					       s->tables[fk->from].name, NULL);
			char *to = qualified(fk->to_ref.schema ? fk->to_ref.schema
							       : "",
					     fk->to_ref.name, NULL);
			char *why = from && to ?
				    fmt("%s of %s references %s, which it does "
					"not hold", fk->name ? fk->name : "a key",
					from, to) : NULL;

			free(from);
			free(to);
			return why;
		}
	}
	for (i = 0; i < s->ntables; i++)
		if (s->tables[i].nmissing_parents) {
			char *t = qualified(s->tables[i].schema,
					    s->tables[i].name, NULL);
			char *why = t ? fmt("the parent of %s is not in it", t)
				      : NULL;

			free(t);
			return why;
		}
	return NULL;
}

/* Sections and truncate entries for tables the schema does not have. */
static int check_stale_tables(struct ctx *c, struct plist *l,
			      struct pgs_error *err)
{
	const struct pgs_rules *r = c->r;
	const char **names;
	char **owned;
	char *partial = partial_dump(c->s);   /* (NULL when out of memory:
						 problems stay problems) */
	size_t i;
	int rc = 0;

	names = calloc(c->s->ntables + 1, sizeof(*names));
	owned = calloc(c->s->ntables + 1, sizeof(*owned));
	if (!names || !owned) {
		free(names);
		free(owned);
		free(partial);
		return nomem(err);
	}
	for (i = 0; i < c->s->ntables; i++) {
		owned[i] = fmt("%s.%s", c->s->tables[i].schema,
			       c->s->tables[i].name);
		if (!owned[i]) {
			rc = nomem(err);
			goto done;
		}
		names[i] = owned[i];
	}
	for (i = 0; rc == 0 && i < r->ntables; i++) {
		const struct pgs_table_rules *tr = &r->tables[i];
		const struct pgs_table *child;
		char *word, *sec, *msg = NULL;
		const char *s;

		if (tr->kind != PGS_SECTION_TABLE ||
		    pgs_schema_find(c->s, tr->schema, tr->table))
			continue;
		if ((child = pgs_plan_orphan_child(c->s, tr->schema, tr->table))) {
			/* pg_dump -t child: the parent is not stale, only absent */
			char *qc = qualified(child->schema, child->name, NULL);

			sec = qualified(tr->schema, tr->table, NULL);
			rc = qc && sec ? plist_add(l, PGS_PROBLEM_STALE_TABLE,
				tr->schema, tr->table, NULL, tr->line,
				fmt("[%s] cannot apply to its child %s: table %s "
				    "is not in the archive", sec, qc, sec),
				NULL, NULL, 1, err) : nomem(err);
			free(qc);
			free(sec);
			continue;
		}
		word = fmt("%s.%s", tr->schema, tr->table);
		sec = qualified(tr->schema, tr->table, NULL);
		if (!word || !sec) {
			free(word);
			free(sec);
			rc = nomem(err);
			break;
		}
		s = pgs_suggest(word, names);
		if (s) {
			const struct pgs_table *t = NULL;
			char *qs = NULL;
			size_t k;

			for (k = 0; k < c->s->ntables && !t; k++)
				if (names[k] == s)
					t = &c->s->tables[k];
			if (t)
				qs = qualified(t->schema, t->name, NULL);
			msg = qs ? fmt("[%s] is for a table that is not in the "
				       "schema (did you mean [%s]?)", sec, qs)
				 : NULL;
			free(qs);
		} else {
			msg = fmt("[%s] is for a table that is not in the "
				  "schema; remove the section if the table is "
				  "gone, or fix its name", sec);
		}
		if (msg && !c->whole) {
			char *m = partial ?
				fmt("%s; a note: the archive is a partial dump "
				    "(pg_dump -t: %s)", msg, partial) :
				fmt("%s; a note, as for a dump of some tables "
				    "(pg_dump -t) (check --whole makes it a "
				    "problem)", msg);

			free(msg);
			msg = m;
		}
		rc = plist_add(l, PGS_PROBLEM_STALE_TABLE, tr->schema, tr->table,
			       NULL, tr->line, msg, NULL, NULL, !c->whole,
			       err);
		free(word);
		free(sec);
	}
	for (i = 0; rc == 0 && i < r->ntruncate; i++) {
		const struct pgs_qualname *q = &r->truncate[i];
		char *qt;

		if (pgs_schema_find(c->s, q->schema, q->table) ||
		    pgs_plan_orphan_child(c->s, q->schema, q->table))
			continue;   /* (a parent not in the archive: it applies) */
		qt = qualified(q->schema, q->table, NULL);
		if (!qt) {
			rc = nomem(err);
			break;
		}
		rc = plist_add(l, PGS_PROBLEM_STALE_TRUNCATE, q->schema, q->table,
			       NULL, r->truncate_line, c->whole ?
			       fmt("truncate names %s, which is not in the "
				   "schema; remove it if the table is gone, or "
				   "fix its name", qt) : partial ?
			       fmt("truncate names %s, which is not in the "
				   "archive; a note: the archive is a partial "
				   "dump (pg_dump -t: %s)", qt, partial) :
			       fmt("truncate names %s, which is not in the "
				   "archive; a note, as for a dump of some "
				   "tables (pg_dump -t); remove it if the table "
				   "is gone, or fix its name (check --whole "
				   "makes it a problem)", qt),
			       NULL, NULL, !c->whole, err);
		free(qt);
	}
done:
	for (i = 0; i < c->s->ntables; i++)
		free(owned[i]);
	free(owned);
	free(names);
	free(partial);
	return rc;
}

static int check_whole(struct ctx *c, struct plist *l, struct pgs_error *err)
{
	const struct pgs_rules *r = c->r;

	if (c->s->has_large_objects && r->large_objects == PGS_LO_UNSET &&
	    r->unlisted == PGS_UNLISTED_ERROR &&
	    plist_add(l, PGS_PROBLEM_LARGE_OBJECTS, NULL, NULL, NULL, 0,
		      dup_str("the schema has large objects, and the rules do "
			      "not say what to do with them"),
		      "large_objects = drop", "[pgscrub]", 0, err))
		return -1;
	if (c->s->has_statistics &&
	    plist_add(l, PGS_PROBLEM_STATISTICS, NULL, NULL, NULL, 0,
		      dup_str("the archive carries statistics (pg_dump "
			      "--statistics), which hold column values: "
			      "pgscrub removes them for every column whose rule "
			      "is not keep; run ANALYZE after restoring"),
		      NULL, NULL, 1, err))
		return -1;
	return 0;
}

int pgs_check_run(struct pgs_check_report *rep, const struct pgs_schema *s,
		  const struct pgs_rules *r, struct pgs_error *err)
{
	struct plist tables = { NULL, 0, 0 }, file = { NULL, 0, 0 },
		     whole = { NULL, 0, 0 };
	struct ctx c;
	size_t i;
	int rc = -1, whole_db = rep->whole;

	pgs_check_report_release(rep);
	rep->whole = whole_db;
	if (ctx_init(&c, s, r, err))
		return -1;
	c.whole = whole_db;
	/* The best fix may be keyed; where the rules have no key, its
	 * comment says that it needs one. */
	c.note_key = !rules_have_secret(r);
	if (compile_rules(&c, &file, &whole, err))
		goto done;
	if (!rules_have_secret(r)) {
		const struct pgs_column_rule *cr = first_keyed(r);

		if (cr && plist_add(&file, PGS_PROBLEM_RULE, NULL, NULL, NULL,
				    cr->line,
				    fmt("rules use keyed anonymisers (%s here), "
					"and [pgscrub] does not say where the key "
					"comes from; make one with: openssl rand "
					"-hex 32", cr->text ? cr->text : "?"),
				    "secret_env = PGSCRUB_KEY", "[pgscrub]", 0,
				    err))
			goto done;
	}
	for (i = 0; i < s->ntables; i++)
		if (check_table(&c, &tables, rep, &s->tables[i], err))
			goto done;
	if (check_stale_tables(&c, &file, err) ||
	    check_unused_defaults(&c, &file, err) ||
	    check_whole(&c, &whole, err) || collect_resolution(&c, rep, err) ||
	    collect_filters(&c, rep, err))
		goto done;
	plist_sort_by_line(&file);
	{
		struct plist all = { NULL, 0, 0 };

		if (plist_move(&all, &tables, err) || plist_move(&all, &file, err) ||
		    plist_move(&all, &whole, err)) {
			plist_release(&all);
			goto done;
		}
		rep->problems = all.v;
		rep->nproblems = all.n;
	}
	for (i = 0; i < rep->nproblems; i++) {
		const struct pgs_problem *p = &rep->problems[i];

		rep->nerrors += !p->warning;
		rep->ninvalid += !p->warning && (p->kind == PGS_PROBLEM_RULE ||
						 p->kind == PGS_PROBLEM_CONDITION);
	}
	rc = 0;
done:
	plist_release(&tables);
	plist_release(&file);
	plist_release(&whole);
	ctx_release(&c);
	if (rc)
		pgs_check_report_release(rep);
	return rc;
}

/* ---- formatting ----------------------------------------------------------- */

static const char *const kind_names[] = {
	"rule", "uncovered_table", "uncovered_column", "stale_table",
	"stale_column", "stale_truncate", "type", "not_null", "too_short",
	"not_injective", "large_objects", "statistics", "partition_key",
	"unused_default", "condition", "foreign_key", "no_key", "encoding"
};

enum group { GROUP_TABLE, GROUP_FILE, GROUP_WHOLE };

static enum group group_of(const struct pgs_problem *p)
{
	switch (p->kind) {
	case PGS_PROBLEM_RULE:
	case PGS_PROBLEM_STALE_TABLE:
	case PGS_PROBLEM_STALE_TRUNCATE:
	case PGS_PROBLEM_UNUSED_DEFAULT:
	case PGS_PROBLEM_NO_KEY:
		return GROUP_FILE;
	case PGS_PROBLEM_LARGE_OBJECTS:
	case PGS_PROBLEM_STATISTICS:
	case PGS_PROBLEM_ENCODING:
		return GROUP_WHOLE;
	default:
		return GROUP_TABLE;
	}
}

int pgs_check_note_key_unset(struct pgs_check_report *rep,
			     const struct pgs_rules *r, struct pgs_error *err)
{
	const struct pgs_column_rule *cr = r->secret_env ? first_keyed(r) : NULL;
	struct plist one = { NULL, 0, 0 };
	struct pgs_problem *v;
	size_t i;

	if (!cr)
		return 0;
	/* The variable's name only: check never reads a key's value. */
	if (plist_add(&one, PGS_PROBLEM_NO_KEY, NULL, NULL, NULL, r->secret_line,
		      fmt("rules use keyed anonymisers (%s at line %d), and "
			  "secret_env = %s names a variable that is not set (or "
			  "empty) here: a run in this environment would stop "
			  "for want of the key (set it for the run; make a key "
			  "with: openssl rand -hex 32)", cr->text ? cr->text : "?",
			  cr->line, r->secret_env),
		      NULL, NULL, 1, err))
		return -1;
	v = realloc(rep->problems, (rep->nproblems + 1) * sizeof(*v));
	if (!v) {
		plist_release(&one);
		return nomem(err);
	}
	rep->problems = v;
	/* Among the rules file's problems, by line: after the tables',
	 * before the archive's. */
	for (i = 0; i < rep->nproblems; i++) {
		enum group g = group_of(&v[i]);

		if (g == GROUP_WHOLE ||
		    (g == GROUP_FILE && v[i].line > r->secret_line))
			break;
	}
	memmove(&v[i + 1], &v[i], (rep->nproblems - i) * sizeof(*v));
	v[i] = one.v[0];
	rep->nproblems++;
	free(one.v);
	return 0;
}

static int same_table(const struct pgs_problem *a, const struct pgs_problem *b)
{
	return a->schema && b->schema && a->table && b->table &&
	       strcmp(a->schema, b->schema) == 0 &&
	       strcmp(a->table, b->table) == 0;
}

/* Text lines, each indented by prefix. */
static int add_indented(struct pgs_buf *out, const char *prefix,
			const char *text, struct pgs_error *err)
{
	while (*text) {
		size_t n = strcspn(text, "\n");

		if (pgs_buf_adds(out, prefix, err) ||
		    pgs_buf_add(out, text, n, err) || pgs_buf_addc(out, '\n', err))
			return -1;
		text += n;
		if (*text)
			text++;
	}
	return 0;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "  rules.ini:12: where on public.customers removes rows of
 * public.orders via orders_customer_id_fkey, then of public.order_items
 * via ...; sets references in public.referrals to NULL via ..." */
static int format_filter(struct pgs_buf *out, const struct pgs_check_filter *f,
			 const char *path, struct pgs_error *err)
{
	size_t k, removed = 0, depth = 0, nulled = 0;

	if (pgs_buf_addf(out, err, "  %s:%d: %s %s %s", path, f->line, f->by,
		 strcmp(f->by, "truncate") == 0 ? "of" : "on", f->table))
		return -1;
	for (k = 0; k < f->nsteps; k++) {
		const struct pgs_check_step *st = &f->steps[k];

		if (st->set_null)
			continue;
		if (pgs_buf_addf(out, err, "%s%s via %s",
			 removed == 0 ? " removes rows of " :
			 st->depth > depth ? ", then of " : ", ",
			 st->table, st->via))
			return -1;
		depth = st->depth;
		removed++;
	}
	for (k = 0; k < f->nsteps; k++) {
		const struct pgs_check_step *st = &f->steps[k];

		if (!st->set_null)
			continue;
		if (pgs_buf_addf(out, err, "%s%s via %s",
			 nulled == 0 ? (removed ? "; sets references to NULL "
					"in " : " sets references to NULL in ")
				     : ", ", st->table, st->via))
			return -1;
		nulled++;
	}
	if (!removed && !nulled &&
	    pgs_buf_adds(out, " filters its own rows; no foreign key "
			 "references them", err))
		return -1;
	return pgs_buf_addc(out, '\n', err);
}

int pgs_check_format_text(struct pgs_buf *out,
			  const struct pgs_check_report *rep,
			  const char *rules_path_, struct pgs_error *err)
{
	const char *path = rules_path_ ? rules_path_ : "rules";
	size_t i, nwarn = 0, ntab_err = 0, ntables = 0;
	const struct pgs_problem *prev = NULL;

	for (i = 0; rep->explain && i < rep->nresolved; i++) {
		const struct pgs_resolution *x = &rep->resolved[i];
		char *q = qualified(x->schema, x->table, x->column);

		if (!q)
			return nomem(err);
		if (x->rule ? pgs_buf_addf(out, err, "%s%s%s  (%s)\n", q,
				   x->column ? " = " : ": ", x->rule, x->where)
			    : pgs_buf_addf(out, err, "%s: %s\n", q, x->where)) {
			free(q);
			return -1;
		}
		free(q);
	}
	if (rep->explain && rep->nresolved && pgs_buf_addc(out, '\n', err))
		return -1;
	for (i = 0; i < rep->nproblems; i++) {
		const struct pgs_problem *p = &rep->problems[i];
		enum group g = group_of(p);
		int new_group = !prev || group_of(prev) != g ||
				(g == GROUP_TABLE && !same_table(prev, p));

		if (new_group) {
			if (prev && pgs_buf_addc(out, '\n', err))
				return -1;
			if (g == GROUP_TABLE) {
				char *qt = qualified(p->schema ? p->schema : "",
						     p->table ? p->table : "", NULL);

				if (!qt)
					return nomem(err);
				if (pgs_buf_addf(out, err, "%s\n", qt)) {
					free(qt);
					return -1;
				}
				free(qt);
			} else if (pgs_buf_addf(out, err, "%s\n", g == GROUP_FILE ? path :
					"the schema as a whole")) {
				return -1;
			}
		}
		if (pgs_buf_addf(out, err, "  %s", p->warning ? "warning: " : "") ||
		    (p->line > 0 && pgs_buf_addf(out, err, "%s:%d: ", path, p->line)) ||
		    pgs_buf_addf(out, err, "%s\n", p->message))
			return -1;
		if (p->fix) {
			if (pgs_buf_addf(out, err, "    fix%s%s:\n",
				 p->fix_section ? " under " : "",
				 p->fix_section ? p->fix_section : "") ||
			    add_indented(out, "      ", p->fix, err))
				return -1;
		}
		prev = p;
	}
	if (rep->nfilters && ((rep->nproblems && pgs_buf_addc(out, '\n', err)) ||
			      pgs_buf_adds(out, "smaller copy\n", err)))
		return -1;
	for (i = 0; i < rep->nfilters; i++)
		if (format_filter(out, &rep->filters[i], path, err))
			return -1;
	/* Missing rules: init --update writes them all, an anonymiser where a
	 * column looks personal, first (fail closed). */
	for (i = 0; i < rep->nproblems; i++)
		if (!rep->problems[i].warning &&
		    (rep->problems[i].kind == PGS_PROBLEM_UNCOVERED_COLUMN ||
		     rep->problems[i].kind == PGS_PROBLEM_UNCOVERED_TABLE))
			break;
	if (i < rep->nproblems &&
	    (pgs_buf_adds(out, "\nto add every missing rule, with an anonymiser "
			  "where a column looks personal (review the lines "
			  "marked '; new'):\n  pgscrub init --update ", err) ||
	     pgs_buf_add_shell_word(out, path, err) ||
	     pgs_buf_addf(out, err, " %s -o ", rep->source ? rep->source : "ARCHIVE") ||
	     pgs_buf_add_shell_word(out, path, err) ||
	     pgs_buf_addc(out, '\n', err)))
		return -1;
	/* The summary: tables with errors, and errors elsewhere. */
	prev = NULL;
	for (i = 0; i < rep->nproblems; i++) {
		const struct pgs_problem *p = &rep->problems[i];

		if (p->warning) {
			nwarn++;
			continue;
		}
		if (group_of(p) != GROUP_TABLE)
			continue;
		ntab_err++;
		if (!prev || !same_table(prev, p))
			ntables++;
		prev = p;
	}
	if ((rep->nproblems || rep->nfilters) && pgs_buf_addc(out, '\n', err))
		return -1;
	if (pgs_buf_addf(out, err, "%s: ", path))
		return -1;
	if (rep->nerrors == 0) {
		if (pgs_buf_addf(out, err, "rules cover %s%zu %s and %zu %s",
			 rep->ntables == 1 ? "" : "all ", rep->ntables,
			 plural(rep->ntables, "table", "tables"), rep->ncolumns,
			 plural(rep->ncolumns, "column", "columns")))
			return -1;
	} else if (ntab_err == rep->nerrors) {
		if (pgs_buf_addf(out, err, "%zu %s in %zu %s", rep->nerrors,
			 plural(rep->nerrors, "problem", "problems"), ntables,
			 plural(ntables, "table", "tables")))
			return -1;
	} else if (ntab_err == 0) {
		if (pgs_buf_addf(out, err, "%zu %s", rep->nerrors,
			 plural(rep->nerrors, "problem", "problems")))
			return -1;
	} else if (pgs_buf_addf(out, err, "%zu problems, %zu of them in %zu %s",
			rep->nerrors, ntab_err, ntables,
			plural(ntables, "table", "tables"))) {
		return -1;
	}
	if (nwarn && pgs_buf_addf(out, err, ", %zu %s", nwarn,
			  plural(nwarn, "warning", "warnings")))
		return -1;
	/* Why the exit status is 2, not 1 (cli.c). */
	if (rep->ninvalid == 1 && rep->nerrors == 1 ?
	    pgs_buf_addf(out, err, "; it makes the rules file invalid (a rule or "
		 "condition that does not compile)") :
	    rep->ninvalid && pgs_buf_addf(out, err, "; %zu of them %s the rules file "
				  "invalid (a rule or condition that does not "
				  "compile)", rep->ninvalid,
				  rep->ninvalid == 1 ? "makes" : "make"))
		return -1;
	return pgs_buf_addc(out, '\n', err);
}

int pgs_check_format_json(struct pgs_buf *out,
			  const struct pgs_check_report *rep,
			  const char *rules_path_, struct pgs_error *err)
{
	size_t i;

	if (pgs_buf_adds(out, "{\n  \"rules\": ", err) ||
	    pgs_json_string(out, rules_path_, err) ||
	    pgs_buf_addf(out, err, ",\n  \"ok\": %s,\n  \"tables\": %zu,\n  \"columns\": "
		 "%zu,\n  \"problems\": [", rep->nerrors ? "false" : "true",
		 rep->ntables, rep->ncolumns))
		return -1;
	for (i = 0; i < rep->nproblems; i++) {
		const struct pgs_problem *p = &rep->problems[i];

		if (pgs_buf_addf(out, err, "%s\n    {\"kind\": \"%s\", \"schema\": ",
			 i ? "," : "", kind_names[p->kind]) ||
		    pgs_json_string(out, p->schema, err) ||
		    pgs_buf_adds(out, ", \"table\": ", err) ||
		    pgs_json_string(out, p->table, err) ||
		    pgs_buf_adds(out, ", \"column\": ", err) ||
		    pgs_json_string(out, p->column, err) ||
		    pgs_buf_addf(out, err, ", \"line\": %d, \"message\": ", p->line) ||
		    pgs_json_string(out, p->message, err) ||
		    pgs_buf_adds(out, ", \"fix\": ", err) ||
		    pgs_json_string(out, p->fix, err) ||
		    pgs_buf_adds(out, ", \"section\": ", err) ||
		    pgs_json_string(out, p->fix_section, err) ||
		    pgs_buf_addf(out, err, ", \"warning\": %s",
			 p->warning ? "true" : "false"))
			return -1;
		if (p->kind == PGS_PROBLEM_ENCODING) {
			size_t k;

			if (pgs_buf_adds(out, ", \"lines\": [", err))
				return -1;
			for (k = 0; k < p->nlines; k++)
				if (pgs_buf_addf(out, err, "%s%d", k ? ", " : "",
					 p->lines[k]))
					return -1;
			if (pgs_buf_addc(out, ']', err))
				return -1;
		}
		if (pgs_buf_addc(out, '}', err))
			return -1;
	}
	if (pgs_buf_adds(out, rep->nproblems ? "\n  ]" : "]", err))
		return -1;
	if (rep->nfilters && pgs_buf_adds(out, ",\n  \"filters\": [", err))
		return -1;
	for (i = 0; i < rep->nfilters; i++) {
		const struct pgs_check_filter *f = &rep->filters[i];
		size_t k;

		if (pgs_buf_addf(out, err, "%s\n    {\"table\": ", i ? "," : "") ||
		    pgs_json_string(out, f->table, err) ||
		    pgs_buf_addf(out, err, ", \"by\": \"%s\", \"line\": %d, "
			 "\"cascade\": [", f->by, f->line))
			return -1;
		for (k = 0; k < f->nsteps; k++) {
			const struct pgs_check_step *st = &f->steps[k];

			if (pgs_buf_addf(out, err, "%s{\"table\": ", k ? ", " : "") ||
			    pgs_json_string(out, st->table, err) ||
			    pgs_buf_adds(out, ", \"via\": ", err) ||
			    pgs_json_string(out, st->via, err) ||
			    pgs_buf_adds(out, ", \"from\": ", err) ||
			    pgs_json_string(out, st->from, err) ||
			    pgs_buf_addf(out, err, ", \"action\": \"%s\", \"depth\": %zu}",
				 st->set_null ? "set_null" : "remove",
				 st->depth))
				return -1;
		}
		if (pgs_buf_adds(out, "]}", err))
			return -1;
	}
	if (rep->nfilters && pgs_buf_adds(out, "\n  ]", err))
		return -1;
	if (rep->explain) {
		if (pgs_buf_adds(out, ",\n  \"resolution\": [", err))
			return -1;
		for (i = 0; i < rep->nresolved; i++) {
			const struct pgs_resolution *x = &rep->resolved[i];

			if (pgs_buf_addf(out, err, "%s\n    {\"schema\": ", i ? "," : "") ||
			    pgs_json_string(out, x->schema, err) ||
			    pgs_buf_adds(out, ", \"table\": ", err) ||
			    pgs_json_string(out, x->table, err) ||
			    pgs_buf_adds(out, ", \"column\": ", err) ||
			    pgs_json_string(out, x->column, err) ||
			    pgs_buf_adds(out, ", \"rule\": ", err) ||
			    pgs_json_string(out, x->rule, err) ||
			    pgs_buf_adds(out, ", \"origin\": ", err) ||
			    pgs_json_string(out, x->origin, err) ||
			    pgs_buf_adds(out, ", \"section\": ", err) ||
			    pgs_json_string(out, x->section, err) ||
			    pgs_buf_addf(out, err, ", \"line\": %d}", x->line))
				return -1;
		}
		if (pgs_buf_adds(out, rep->nresolved ? "\n  ]" : "]", err))
			return -1;
	}
	return pgs_buf_adds(out, "\n}\n", err);
}

/* ---- init ------------------------------------------------------------------ */

/* Whether init writes a section for t: tables with data, except partitions,
 * which their partitioned root's section covers. */
static int section_wanted(const struct ctx *c, const struct pgs_table *t)
{
	size_t i;

	if (part_root(c, t) != t)
		return 0;
	if (has_data(c, t))
		return 1;
	if (t->relkind != 'p')
		return 0;
	for (i = 0; i < c->s->ntables; i++) {
		const struct pgs_table *x = &c->s->tables[i];

		if (x != t && has_data(c, x) && part_root(c, x) == t)
			return 1;
	}
	return 0;
}

static int section_header(struct pgs_buf *out, const struct pgs_table *t,
			  const char *comment, const char *eol,
			  struct pgs_error *err)
{
	if (pgs_buf_addc(out, '[', err) ||
	    put_qualified(out, t->schema, t->name, NULL, err) ||
	    pgs_buf_addc(out, ']', err) ||
	    (comment && (pgs_buf_adds(out, "  ; ", err) ||
			 pgs_buf_adds(out, comment, err))) ||
	    pgs_buf_adds(out, eol, err))
		return -1;
	if (t->relkind == 'p')
		return pgs_buf_adds(out, "; covers every partition of the table, "
				    "also those made later", err) ||
		       pgs_buf_adds(out, eol, err) ? -1 : 0;
	return 0;
}

static const char init_head[] =
"; pgscrub rules, written by pgscrub init.\n"
";\n"
"; Every table with data is listed with every column its data holds: keep,\n"
"; or an anonymiser where the column's name or type suggests personal data\n"
"; (the comment says why).  Lines marked REVIEW need a decision.  Review\n"
"; every line, then test the rules with: pgscrub check -r RULES ARCHIVE\n";

static const char init_options[] =
"\n"
"[pgscrub]\n"
"; a column that no rule covers stops the run\n"
"unlisted = error\n";

static const char init_key_comment[] =
"; the keyed anonymisers (email, digits, ...) take their key from this\n"
"; environment variable: make one with `openssl rand -hex 32` and keep it\n"
"; secret; the same key gives the same fake values in every run\n";

/* Where init looked at rows, the header says so (sample.h). */
static int sample_note(struct pgs_buf *out, const struct pgs_sample *sample,
		       struct pgs_error *err)
{
	char line[300];

	if (sample && sample->ninserts) {
		snprintf(line, sizeof(line), "; the data of %zu table%s is INSERT "
			 "statements (pg_dump --inserts), which\n; init does not "
			 "sample: only their column names and types were looked "
			 "at\n", sample->ninserts, sample->ninserts == 1 ? "" : "s");
		if (pgs_buf_adds(out, line, err))
			return -1;
	}
	if (!sample || !sample->ntables)
		return 0;
	snprintf(line, sizeof(line), "; sampled the first %u rows of each "
		 "table: columns whose values look\n; like e-mail addresses, "
		 "phone, card or IP numbers are flagged whatever\n; their name "
		 "(no value is printed)\n", (unsigned)sample->max_rows);
	return pgs_buf_adds(out, line, err);
}

/* ---- init --compact -------------------------------------------------------- */

/* One line init writes for a data column of a table section. */
struct cline {
	size_t table;              /* schema table index */
	const char *col;           /* borrowed from the schema */
	char *text;                /* "col = rule  ; why", no line end */
	int eligible;              /* may move to a pattern section */
	int hoisted;               /* moved: written once in a pattern */
	size_t group;              /* SIZE_MAX, or the index of the line
				      written in the pattern (the first) */
};

struct compact {
	struct cline *v;
	size_t n;
	struct cline **order;        /* sorted by (col, text, position) */
};

static int cline_cmp(const void *a, const void *b)
{
	const struct cline *x = *(const struct cline *const *)a;
	const struct cline *y = *(const struct cline *const *)b;
	int r = strcmp(x->col, y->col);

	if (!r)
		r = strcmp(x->text, y->text);
	return r ? r : (x < y ? -1 : x > y);
}

/*
 * Whether a section of one of t's ancestors (partition or inheritance
 * parents) is written: then t's own lines stay where they are, since a
 * line kept in that section would win over a pattern.
 */
static int has_written_ancestor(const struct ctx *c, const struct pgs_table *t)
{
	size_t i;

	for (i = 0; i < c->s->ntables; i++) {
		const struct pgs_table *x = &c->s->tables[i];

		if (x != t && section_wanted(c, x) &&
		    pgs_plan_descends_from(c->s, t, x))
			return 1;
	}
	return 0;
}

/* The schemas a pattern for the lines of run [b, e) must cover: theirs and
 * their partitions' (a partition takes [schema.*] of its own schema).
 * Returns the one schema, or NULL when there are several. */
static const char *group_schema(const struct ctx *c, const struct cline *const *b,
				const struct cline *const *e)
{
	const char *one = NULL;
	const struct cline *const *q;
	size_t k;

	for (q = b; q < e; q++) {
		const struct pgs_table *t = &c->s->tables[(*q)->table];

		if (!(*q)->eligible)
			continue;
		for (k = 0; k < c->s->ntables; k++) {
			const struct pgs_table *x = &c->s->tables[k];

			if (x != t && !(has_data(c, x) && part_root(c, x) == t))
				continue;
			if (!one)
				one = x->schema;
			else if (strcmp(one, x->schema) != 0)
				return NULL;
		}
	}
	return one;
}

static void compact_release(struct compact *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->v[i].text);
	free(k->v);
	free(k->order);
	memset(k, 0, sizeof(*k));
}

/* Every line of every written section, then which move to a pattern. */
static int compact_plan(struct ctx *c, struct compact *k, struct pgs_error *err)
{
	const struct pgs_schema *s = c->s;
	size_t i, j, cap = 0, b, e;

	for (i = 0; i < s->ntables; i++) {
		const struct pgs_table *t = &s->tables[i];
		int eligible;

		if (!section_wanted(c, t))
			continue;
		eligible = !has_written_ancestor(c, t);
		for (j = 0; j < t->ncols; j++) {
			struct pgs_buf line;
			struct cline *cl;

			if (t->cols[j].generated)
				continue;
			if (k->n == cap) {
				size_t n = cap ? cap * 2 : 64;
				struct cline *v = realloc(k->v, n * sizeof(*v));

				if (!v)
					return nomem(err);
				k->v = v;
				cap = n;
			}
			cl = &k->v[k->n];
			memset(cl, 0, sizeof(*cl));
			pgs_buf_init(&line, SCRATCH_MAX);
			if (rule_line(c, &line, t, t->cols[j].name, NULL, err)) {
				pgs_buf_release(&line);
				return -1;
			}
			cl->text = dup_str(line.data ? line.data : "");
			pgs_buf_release(&line);
			if (!cl->text)
				return nomem(err);
			cl->table = i;
			cl->col = t->cols[j].name;
			cl->eligible = eligible;
			cl->group = SIZE_MAX;
			k->n++;
		}
	}
	k->order = malloc((k->n + 1) * sizeof(*k->order));
	if (!k->order)
		return nomem(err);
	for (i = 0; i < k->n; i++)
		k->order[i] = &k->v[i];
	qsort(k->order, k->n, sizeof(*k->order), cline_cmp);
	/* Per column name, the line written alike in the most tables (the
	 * first of equals): if in PGS_INIT_COMPACT_MIN or more, it moves. */
	for (b = 0; b < k->n; b = e) {
		size_t best_b = 0, best_e = 0, best_n = 0, rb, re, n;

		for (e = b; e < k->n && strcmp(k->order[e]->col, k->order[b]->col) == 0; e++)
			;
		for (rb = b; rb < e; rb = re) {
			for (re = rb, n = 0; re < e &&
			     strcmp(k->order[re]->text, k->order[rb]->text) == 0; re++)
				n += (size_t)k->order[re]->eligible;
			if (n > best_n || (n == best_n && n &&
					   k->order[rb] < k->order[best_b])) {
				best_b = rb;
				best_e = re;
				best_n = n;
			}
		}
		if (best_n < PGS_INIT_COMPACT_MIN)
			continue;
		for (rb = best_b, re = SIZE_MAX; rb < best_e; rb++) {
			struct cline *cl = k->order[rb];

			if (!cl->eligible)
				continue;
			if (re == SIZE_MAX)
				re = (size_t)(cl - k->v);
			cl->hoisted = 1;
			cl->group = re;
		}
	}
	return 0;
}

/* The run of k->order holding line cl and its equals: [*b, *e). */
static void group_run(const struct compact *k, const struct cline *cl,
		      const struct cline *const **b, const struct cline *const **e)
{
	const struct cline *const *o = (const struct cline *const *)k->order;
	const struct cline *const *p = o, *const *q;

	while (*p != cl)
		p++;
	for (q = p; q < o + k->n && strcmp((*q)->col, cl->col) == 0 &&
	     strcmp((*q)->text, cl->text) == 0; q++)
		;
	while (p > o && strcmp(p[-1]->col, cl->col) == 0 &&
	       strcmp(p[-1]->text, cl->text) == 0)
		p--;
	*b = p;
	*e = q;
}

/* The pattern sections: [*] first, then [schema.*] in order of first use;
 * lines in order of first use. */
static int compact_patterns(struct ctx *c, struct compact *k,
			    struct pgs_buf *out, struct pgs_error *err)
{
	/* Per group (at its first line): its schema, or "" for [*]. */
	const char **scope = calloc(k->n + 1, sizeof(*scope));
	size_t i, j, si;
	int rc = -1;

	if (!scope)
		return nomem(err);
	for (i = 0; i < k->n; i++) {
		const struct cline *const *b, *const *e;
		const char *sc;

		if (!k->v[i].hoisted || k->v[i].group != i)
			continue;
		group_run(k, &k->v[i], &b, &e);
		sc = group_schema(c, b, e);
		scope[i] = sc ? sc : "";
	}
	for (si = 0;; si++) {
		const char *want = NULL;
		size_t seen = 0;

		if (si == 0)
			want = "";
		/* The si-th distinct schema, in order of first use. */
		for (i = 0; i < k->n && !want; i++) {
			int earlier = 0;

			if (!scope[i] || !*scope[i])
				continue;
			for (j = 0; j < i && !earlier; j++)
				earlier = scope[j] && strcmp(scope[j], scope[i]) == 0;
			if (!earlier && ++seen == si)
				want = scope[i];
		}
		if (!want)
			break;
		for (i = 0, j = 0; i < k->n; i++) {
			if (!scope[i] || strcmp(scope[i], want) != 0)
				continue;
			if (j++ == 0 &&
			    (pgs_buf_adds(out, "\n[", err) ||
			     (*want && (pgs_ident_quote(out, want, err) ||
					pgs_buf_addc(out, '.', err))) ||
			     pgs_buf_adds(out, *want ?
					  "*]  ; every table of the schema" :
					  "*]  ; every table", err) ||
			     pgs_buf_adds(out, " with such a column; a table's "
					  "own line wins\n", err)))
				goto done;
			if (pgs_buf_adds(out, k->v[i].text, err) ||
			    pgs_buf_addc(out, '\n', err))
				goto done;
		}
	}
	rc = 0;
done:
	free(scope);
	return rc;
}

static int init_generate(struct pgs_buf *out, const struct pgs_schema *s,
			 const struct pgs_sample *sample, int compact,
			 struct pgs_error *err)
{
	struct pgs_buf body;
	struct compact k;
	struct ctx c;
	size_t i, j, at = 0;
	int rc = -1;

	if (ctx_init(&c, s, NULL, err))
		return -1;
	c.sample = sample;
	memset(&k, 0, sizeof(k));
	pgs_buf_init(&body, OUT_MAX);
	if (compact && (compact_plan(&c, &k, err) ||
			compact_patterns(&c, &k, &body, err)))
		goto done;
	for (i = 0; i < s->ntables; i++) {
		const struct pgs_table *t = &s->tables[i];
		size_t left = 0;

		if (!section_wanted(&c, t))
			continue;
		if (pgs_buf_addc(&body, '\n', err) ||
		    section_header(&body, t, NULL, "\n", err))
			goto done;
		if (!compact) {
			if (section_body(&c, &body, t, "\n", 1, NULL, err))
				goto done;
		} else {
			for (j = 0; j < t->ncols; j++) {
				const struct pgs_column *col = &t->cols[j];

				if (col->generated) {
					if (pgs_buf_adds(&body, "; ", err) ||
					    pgs_ident_quote(&body, col->name, err) ||
					    pgs_buf_adds(&body, " is a generated column: "
							 "pg_restore computes it, so it "
							 "needs no rule\n", err))
						goto done;
					continue;
				}
				assert(at < k.n && k.v[at].table == i);
				if (!k.v[at].hoisted &&
				    (pgs_buf_adds(&body, k.v[at].text, err) ||
				     pgs_buf_addc(&body, '\n', err)))
					goto done;
				left += !k.v[at].hoisted;
				at++;
			}
			if (data_columns(t) > 0 && left == 0 &&
			    pgs_buf_adds(&body, "; every column is covered by the "
					 "pattern sections above\n", err))
				goto done;
		}
		if (data_columns(t) == 0 &&
		    pgs_buf_adds(&body, "; no columns: nothing to scrub\n", err))
			goto done;
	}
	if (pgs_buf_adds(out, init_head, err) ||
	    sample_note(out, sample, err) ||
	    pgs_buf_adds(out, init_options, err))
		goto done;
	if (c.keyed_used) {
		if (pgs_buf_adds(out, init_key_comment, err) ||
		    pgs_buf_adds(out, "secret_env = PGSCRUB_KEY\n", err))
			goto done;
	} else if (pgs_buf_adds(out, "; a key for keyed anonymisers (email, "
				"digits, ...): make one with `openssl rand -hex "
				"32`\n; secret_env = PGSCRUB_KEY\n", err)) {
		goto done;
	}
	if (s->has_large_objects &&
	    pgs_buf_adds(out, "; large objects are restored empty; keep copies "
			 "them as they are\nlarge_objects = drop\n", err))
		goto done;
	if (pgs_buf_add(out, body.data, body.len, err))
		goto done;
	rc = 0;
done:
	compact_release(&k);
	pgs_buf_release(&body);
	ctx_release(&c);
	return rc;
}

int pgs_init_generate(struct pgs_buf *out, const struct pgs_schema *s,
		      const struct pgs_sample *sample, struct pgs_error *err)
{
	return init_generate(out, s, sample, 0, err);
}

int pgs_init_generate_compact(struct pgs_buf *out, const struct pgs_schema *s,
			      const struct pgs_sample *sample,
			      struct pgs_error *err)
{
	return init_generate(out, s, sample, 1, err);
}

/* ---- init --update --------------------------------------------------------- */

struct line {
	size_t start, end;   /* the line, its end of line included */
	int header;          /* a [section] line */
	int content;         /* neither blank nor a comment */
};

struct addition {
	const struct pgs_table_rules *tr;  /* an existing section, or NULL */
	const struct pgs_table *t;         /* a new section's table */
	int options;                       /* lines for [pgscrub] */
	struct pgs_buf text;
	size_t after;                      /* existing: insert after this line */
};

struct update {
	struct ctx c;
	const char *text;
	size_t len;
	const char *eol;
	struct line *lines;
	size_t nlines;
	struct addition *adds;
	size_t nadds;
	char **done;         /* "section\ncolumn" keys already added */
	size_t ndone;
};

static int split_lines(struct update *u, struct pgs_error *err)
{
	size_t pos = 0, cap = 0;

	/* A BOM is not part of the first line's text. */
	if (u->len >= 3 && memcmp(u->text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < u->len) {
		const char *s = u->text + pos, *nl = memchr(s, '\n', u->len - pos);
		size_t end = nl ? (size_t)(nl - u->text) + 1 : u->len, i;
		struct line *ln;

		if (u->nlines == cap) {
			struct line *v;

			cap = cap ? 2 * cap : 64;
			v = realloc(u->lines, cap * sizeof(*v));
			if (!v)
				return nomem(err);
			u->lines = v;
		}
		ln = &u->lines[u->nlines++];
		ln->start = pos;
		ln->end = end;
		for (i = pos; i < end && (u->text[i] == ' ' || u->text[i] == '\t' ||
					  u->text[i] == '\r' || u->text[i] == '\n' ||
					  u->text[i] == '\f' || u->text[i] == '\v');
		     i++)
			;
		ln->header = i < end && u->text[i] == '[';
		ln->content = i < end && u->text[i] != ';' && u->text[i] != '#';
		pos = end;
	}
	return 0;
}

/* The last line of the section whose header is at line index h: its last
 * key line (comments after it belong to what follows), else the header. */
static size_t section_end(const struct update *u, size_t h)
{
	size_t i, last = h;

	for (i = h + 1; i < u->nlines && !u->lines[i].header; i++)
		if (u->lines[i].content)
			last = i;
	return last;
}

static struct addition *addition_for(struct update *u,
				     const struct pgs_table_rules *tr,
				     const struct pgs_table *t, int options,
				     struct pgs_error *err)
{
	struct addition *a;
	size_t i;

	for (i = 0; i < u->nadds; i++) {
		a = &u->adds[i];
		if ((tr && a->tr == tr) || (!tr && t && a->t == t) ||
		    (options && a->options))
			return a;
	}
	a = realloc(u->adds, (u->nadds + 1) * sizeof(*a));
	if (!a) {
		nomem(err);
		return NULL;
	}
	u->adds = a;
	a = &u->adds[u->nadds++];
	memset(a, 0, sizeof(*a));
	a->tr = tr;
	a->t = tr ? NULL : t;
	a->options = options;
	pgs_buf_init(&a->text, OUT_MAX);
	if (tr) {
		/* tr->line is 1-based; a BOM-only first line still counts. */
		for (i = 0; i < u->nlines; i++)
			if ((int)i + 1 == tr->line)
				a->after = section_end(u, i);
	}
	return a;
}

/* Whether column col has been added to target's section (and note it). */
static int already_added(struct update *u, const struct pgs_table *target,
			 const char *col, int *seen, struct pgs_error *err)
{
	char *key = fmt("%s\n%s\n%s", target->schema, target->name, col);
	char **v;
	size_t i;

	*seen = 0;
	if (!key)
		return nomem(err);
	for (i = 0; i < u->ndone; i++)
		if (strcmp(u->done[i], key) == 0) {
			free(key);
			*seen = 1;
			return 0;
		}
	v = realloc(u->done, (u->ndone + 1) * sizeof(*v));
	if (!v) {
		free(key);
		return nomem(err);
	}
	u->done = v;
	u->done[u->ndone++] = key;
	return 0;
}

static int update_table(struct update *u, const struct pgs_table *t,
			struct pgs_error *err)
{
	struct ctx *c = &u->c;
	const struct pgs_plan_table *pt = plan_of(c, t);
	const struct pgs_plan_section *chain = pt->chain;
	size_t nchain = pt->nchain, i;

	if (!pgs_plan_covers(pt) || pt->truncated ||
	    c->r->unlisted == PGS_UNLISTED_KEEP)
		return 0;
	for (i = 0; i < pt->ncols; i++) {
		const struct pgs_column *col = pt->cols[i].col;
		const struct pgs_table *target;
		const struct pgs_table_rules *tr;
		struct addition *a;
		int seen;

		if (pt->cols[i].source != PGS_PLAN_UNCOVERED)
			continue;
		target = fix_target(c, t, chain, nchain, col->name);
		tr = pgs_rules_find_table(c->r, target->schema, target->name);
		if (!tr && nchain == 0) {
			/* No section applies at all: a whole new one. */
			a = addition_for(u, NULL, target, 0, err);
			if (!a)
				return -1;
			if (a->text.len == 0 &&
			    (section_header(&a->text, target, "new", u->eol, err) ||
			     section_body(c, &a->text, target, u->eol, 1,
					  target == t ? pt : plan_of(c, target),
					  err)))
				return -1;
			continue;
		}
		if (already_added(u, target, col->name, &seen, err))
			return -1;
		if (seen)
			continue;
		a = addition_for(u, tr, target, 0, err);
		if (!a)
			return -1;
		if (!tr && a->text.len == 0 &&
		    section_header(&a->text, target, "new", u->eol, err))
			return -1;
		if (rule_line(c, &a->text, target, col->name, tr ? "new" : NULL,
			      err) ||
		    pgs_buf_adds(&a->text, u->eol, err))
			return -1;
	}
	return 0;
}

static void update_release(struct update *u)
{
	size_t i;

	for (i = 0; i < u->nadds; i++)
		pgs_buf_release(&u->adds[i].text);
	free(u->adds);
	for (i = 0; i < u->ndone; i++)
		free(u->done[i]);
	free(u->done);
	free(u->lines);
	ctx_release(&u->c);
}

/* The line index of the [pgscrub] header: a header no table section has. */
static long options_header(const struct update *u)
{
	size_t i, k;

	for (i = 0; i < u->nlines; i++) {
		int is_table = 0;

		if (!u->lines[i].header)
			continue;
		for (k = 0; k < u->c.r->ntables; k++)
			if (u->c.r->tables[k].line == (int)i + 1)
				is_table = 1;
		if (!is_table)
			return (long)i;
	}
	return -1;
}

static int line_is_blank(const struct update *u, size_t i)
{
	size_t k;

	for (k = u->lines[i].start; k < u->lines[i].end; k++)
		if (!strchr(" \t\r\n\f\v", u->text[k]))
			return 0;
	return 1;
}

static int has_bom(const char *text, size_t len)
{
	return len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0;
}

int pgs_init_update(struct pgs_buf *out, const struct pgs_schema *s,
		    const struct pgs_rules *r, const char *text, size_t len,
		    const struct pgs_sample *sample, struct pgs_error *err)
{
	struct update u;
	struct addition *opts = NULL;
	size_t i, k;
	long oh = -1;
	int rc = -1, need_nl = 0, blank, need_key, need_lo;

	memset(&u, 0, sizeof(u));
	if (ctx_init(&u.c, s, r, err))
		return -1;
	u.c.sample = sample;
	u.text = text ? text : "";
	u.len = text ? len : 0;
	/* Added lines end as the file's lines do. */
	u.eol = memmem(u.text, u.len, "\r\n", 2) ? "\r\n" : "\n";
	if (split_lines(&u, err))
		goto done;
	for (i = 0; i < s->ntables; i++)
		if (update_table(&u, &s->tables[i], err))
			goto done;

	/* What the new lines need in [pgscrub]: a key for keyed suggestions,
	 * and the large objects policy check asks for. */
	need_key = u.c.keyed_used && !rules_have_secret(r);
	need_lo = s->has_large_objects && r->large_objects == PGS_LO_UNSET &&
		  r->unlisted == PGS_UNLISTED_ERROR;
	if (need_key || need_lo) {
		opts = addition_for(&u, NULL, NULL, 1, err);
		if (!opts)
			goto done;
		oh = options_header(&u);
		if (oh >= 0)
			opts->after = section_end(&u, (size_t)oh);
		else if (pgs_buf_adds(&opts->text, "[pgscrub]  ; new", err) ||
			 pgs_buf_adds(&opts->text, u.eol, err))
			goto done;
		if (need_key &&
		    (pgs_buf_adds(&opts->text, "secret_env = PGSCRUB_KEY  ; new: "
				  "the key of the keyed anonymisers (make one "
				  "with: openssl rand -hex 32)", err) ||
		     pgs_buf_adds(&opts->text, u.eol, err)))
			goto done;
		if (need_lo &&
		    (pgs_buf_adds(&opts->text, "large_objects = drop  ; new: "
				  "large objects are restored empty (keep copies "
				  "them)", err) ||
		     pgs_buf_adds(&opts->text, u.eol, err)))
			goto done;
	}

	if (has_bom(u.text, u.len) && pgs_buf_add(out, u.text, 3, err))
		goto done;
	/* No [pgscrub] yet: a new one goes first, before any section. */
	if (opts && oh < 0 &&
	    (pgs_buf_add(out, opts->text.data, opts->text.len, err) ||
	     pgs_buf_adds(out, u.eol, err)))
		goto done;
	/* The file as it was, with additions after their section's last
	 * key line. */
	for (i = 0; i < u.nlines; i++) {
		const struct line *ln = &u.lines[i];

		if (pgs_buf_add(out, u.text + ln->start, ln->end - ln->start, err))
			goto done;
		need_nl = u.text[ln->end - 1] != '\n';
		for (k = 0; k < u.nadds; k++) {
			const struct addition *a = &u.adds[k];

			if (!(a->tr || (a->options && oh >= 0)) || a->after != i)
				continue;
			if ((need_nl && pgs_buf_adds(out, u.eol, err)) ||
			    pgs_buf_add(out, a->text.data, a->text.len, err))
				goto done;
			need_nl = 0;
		}
	}
	/* New sections at the end, a blank line before each (the file's own
	 * last blank line serves for the first). */
	blank = u.nlines > 0 && !need_nl && line_is_blank(&u, u.nlines - 1);
	for (k = 0; k < u.nadds; k++) {
		const struct addition *a = &u.adds[k];

		if (a->tr || a->options)
			continue;
		if ((need_nl && pgs_buf_adds(out, u.eol, err)) ||
		    (out->len && !blank && pgs_buf_adds(out, u.eol, err)) ||
		    pgs_buf_add(out, a->text.data, a->text.len, err))
			goto done;
		need_nl = blank = 0;
	}
	rc = 0;
done:
	update_release(&u);
	return rc;
}

int pgs_init_preferred(struct pgs_buf *out, const struct pgs_table *t,
		       const struct pgs_column *col,
		       const struct pgs_sample *sample, struct pgs_error *err)
{
	struct ctx c;
	const char *why;
	int k;

	memset(&c, 0, sizeof(c));
	c.sample = sample;
	pgs_buf_reset(out);
	k = categorise(&c, t, col, &why);
	if (k < 0 || !categories[k].cands[0].rule)
		return pgs_buf_adds(out, k >= 0 ? "null" : "keep", err);
	return pgs_buf_adds(out, categories[k].cands[0].rule, err);
}
