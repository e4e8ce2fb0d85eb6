/*
 * rules.c — the rules file: INI structure through inih, identifiers and
 * rule expressions parsed here (see rules.h for the format).
 *
 * Debian 12's inih (release 55) reads lines into a 200-byte stack buffer and
 * section names into 50 bytes and cuts both silently; it also splits a line
 * at the first '=' or ':', ends values at " ;" and joins indented lines to
 * the previous value.  None of that fits PostgreSQL names (63 bytes, quoted
 * names may hold '=', ':', ';' or ']') or long rule values.  So inih never
 * sees the user's text: rules_reader() cuts the buffer into physical lines
 * of any length, tokenises each one itself (quotes, inline comments) and
 * hands inih a short stand-in in which every section name, key and value is
 * a placeholder, the byte 0x01 (PH below) and a decimal index:
 *
 *   [crm."Weird ; Table"]      ->  [PH0]      (index into the sections)
 *   "a=b" = const('x ; y')     ->  PH0=PH1    (this line's key and value)
 *   ; comment, # comment       ->  ;
 *   anything else              ->  PH?        (inih flags the line too)
 *
 * inih still decides the structure — which section each key belongs to, and
 * the first failing line number — and calls rules_handler() synchronously
 * for the line the reader has just delivered, so the reader's line number is
 * the handler's.  Sections are recorded by the reader because inih r55 calls
 * the handler only for key = value lines, and an empty [schema.table] is
 * still a table entry.
 */
#include "pgscrub/rules.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>
#include <sodium.h>

#include "pgscrub/buf.h"
#include "pgscrub/condition.h"
#include "pgscrub/ident.h"
#include "pgscrub/sql_lex.h"

/* A rules file is a few hundred lines; anything near this is a wrong path. */
#define PGS_RULES_FILE_MAX ((size_t)16 << 20)

/* Deeper nesting is never meaningful and would only exhaust the stack. */
#define PGS_RULES_DEPTH_MAX 32

/* How much of the user's text an error message quotes. */
#define PGS_RULES_QUOTE_MAX 40
/* Buffers for pgs_excerpt() of up to PGS_RULES_QUOTE_MAX (or twice that)
 * bytes of the rules file. */
#define QUOTE_SIZE PGS_EXCERPT_SIZE(PGS_RULES_QUOTE_MAX)
#define QUOTE2_SIZE PGS_EXCERPT_SIZE(PGS_RULES_QUOTE_MAX * 2)

/* Starts every placeholder; never whitespace, '=', ':', ';', '#' or '['. */
#define PGS_RULES_PH '\x01'

/* A section that is [pgscrub] rather than a table. */
#define PGS_RULES_OPTIONS SIZE_MAX

struct rules_slice {
	const char *p;
	size_t len;
};

struct rules_section {
	struct rules_slice text;  /* between the brackets, trimmed */
	size_t table;             /* index into r->tables or PGS_RULES_OPTIONS */
};

/* Open addressing over tables and columns, for duplicate detection. */
struct rules_slot {
	size_t t;                 /* table index + 1; 0 = empty slot */
	size_t col;               /* column index, or SIZE_MAX for the table */
};

struct rules_ctx;

struct rules_option {
	const char *name;
	int (*set)(struct rules_ctx *c, const struct rules_option *o,
		   struct rules_slice v);
};

struct rules_ctx {
	struct pgs_rules *r;
	struct pgs_error *err;
	const char *name;             /* for messages */
	const char *pos, *end;        /* the reader's position in the text */
	const char *line_start;       /* of the line last delivered */
	int line;                     /* its number, 1-based */
	int failed;

	struct rules_slice tok[2];    /* key and value of the current line */
	size_t ntok;

	struct rules_section *sections;
	size_t nsections;
	int options_line;             /* of [pgscrub], 0 if none yet */
	int *option_lines;            /* per rules_options[] entry, 0 = unset */

	struct rules_slot *slots;
	size_t nslots, nused;         /* nslots is 0 or a power of two */

	struct pgs_buf ident;         /* scratch for identifier parsing */
};

/* ---- small helpers ------------------------------------------------------ */

static int rules_is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' ||
	       ch == '\v';
}

static int rules_is_name_start(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       ch == '_';
}

static int rules_is_name_char(char ch)
{
	return rules_is_name_start(ch) || (ch >= '0' && ch <= '9');
}

static int rules_is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static char rules_lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/*
 * [p, p + len) is a name starting with "secret", in any case: the value of
 * such an option may be a key written where a variable name or a path
 * belongs, so no message quotes it (rules.h).
 */
static int rules_is_secret_name(const char *p, size_t len)
{
	static const char prefix[] = "secret";
	size_t i;

	if (len < sizeof(prefix) - 1)
		return 0;
	for (i = 0; i < sizeof(prefix) - 1; i++)
		if (rules_lower(p[i]) != prefix[i])
			return 0;
	return 1;
}

static const char *rules_skip_space(const char *p, const char *end)
{
	while (p < end && rules_is_space(*p))
		p++;
	return p;
}

static struct rules_slice rules_trim(const char *p, const char *end)
{
	struct rules_slice s;

	p = rules_skip_space(p, end);
	while (end > p && rules_is_space(end[-1]))
		end--;
	s.p = p;
	s.len = (size_t)(end - p);
	return s;
}

static char *rules_strndup(const char *p, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		if (n)
			memcpy(d, p, n);
		d[n] = '\0';
	}
	return d;
}

/*
 * Make room for one more element in an array of n elements whose capacity is
 * implied by n (4, then powers of two), so the structs in rules.h need no
 * capacity fields.
 */
static int rules_grow(void *arrp, size_t n, size_t size)
{
	void **arr = arrp;
	size_t want;
	void *p;

	if (n != 0 && (n < 4 || (n & (n - 1)) != 0))
		return 0;
	want = n ? n * 2 : 4;
	if (want > SIZE_MAX / size)
		return -1;
	p = realloc(*arr, want * size);
	if (!p)
		return -1;
	*arr = p;
	return 0;
}

/* Fail with code and "NAME:LINE: what"; only the first failure is kept. */
static int rules_fail_code(struct rules_ctx *c, enum pgs_errcode code,
			   int line, const char *fmt, va_list ap)
	PGS_PRINTF(4, 0);

static int rules_fail_code(struct rules_ctx *c, enum pgs_errcode code,
			   int line, const char *fmt, va_list ap)
{
	char what[PGS_ERROR_MSG_MAX];

	if (c->failed)
		return -1;
	c->failed = 1;
	vsnprintf(what, sizeof(what), fmt, ap);
	return pgs_error_set(c->err, code, "%s:%d: %s", c->name, line, what);
}

/* The rules file's fault. */
static int rules_fail_at(struct rules_ctx *c, int line, const char *fmt, ...)
	PGS_PRINTF(3, 4);

static int rules_fail_at(struct rules_ctx *c, int line, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = rules_fail_code(c, PGS_ERULES, line, fmt, ap);
	va_end(ap);
	return rc;
}

/* PGS_EINTERNAL: a state inih should never give us, which is our bug and
 * never the rules file's fault. */
static int rules_internal(struct rules_ctx *c, int line, const char *fmt, ...)
	PGS_PRINTF(3, 4);

static int rules_internal(struct rules_ctx *c, int line, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = rules_fail_code(c, PGS_EINTERNAL, line, fmt, ap);
	va_end(ap);
	return rc;
}

/* Add a hint to the failure just recorded. */
static int rules_hint(struct rules_ctx *c, const char *fmt, ...)
	PGS_PRINTF(2, 3);

static int rules_hint(struct rules_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->err) {
		va_start(ap, fmt);
		vsnprintf(c->err->hint, sizeof(c->err->hint), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int rules_nomem(struct rules_ctx *c)
{
	if (c->failed)
		return -1;
	c->failed = 1;
	return pgs_error_set(c->err, PGS_ENOMEM,
			     "%s:%d: out of memory reading the rules", c->name,
			     c->line);
}

/* 1-based byte column of p in the line last delivered, for messages. */
static size_t rules_column(const struct rules_ctx *c, const char *p)
{
	return (size_t)(p - c->line_start) + 1;
}

/*
 * Identifiers as PostgreSQL reads them (ident.h): a name in a rules file is
 * written exactly as in SQL, crm."Weird Table".
 */
static int rules_ident(struct rules_ctx *c, const char **p, const char *end,
		       struct pgs_error *ierr)
{
	return pgs_ident_parse(&c->ident, p, end, ierr);
}

/* ---- [pgscrub] options ---------------------------------------------------- */

/*
 * Match a value against the words an option accepts: the index of the word,
 * or -1 after failing with "NAME must be 'a' or 'b', not 'x'".
 */
static int rules_choice(struct rules_ctx *c, const char *name,
			struct rules_slice v, const char *const *words)
{
	char list[256], shown[QUOTE_SIZE], word[64];
	const char *guess;
	size_t i, n, o = 0;

	for (n = 0; words[n]; n++)
		if (strlen(words[n]) == v.len &&
		    memcmp(words[n], v.p, v.len) == 0)
			return (int)n;
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s'%s'",
				      i == 0 ? "" : i + 1 == n ? " or " : ", ",
				      words[i]);
	if (rules_is_secret_name(name, strlen(name))) {
		rules_fail_at(c, c->line, "%s must be %s", name, list);
	} else {
		pgs_excerpt(shown, v.p, v.len, PGS_RULES_QUOTE_MAX);
		rules_fail_at(c, c->line, "%s must be %s, not '%s'", name,
			      list, shown);
	}
	if (v.len < sizeof(word)) {
		memcpy(word, v.p, v.len);
		word[v.len] = '\0';
		guess = pgs_suggest(word, words);
		if (guess)
			rules_hint(c, "did you mean '%s'?", guess);
	}
	return -1;
}

static int rules_set_unlisted(struct rules_ctx *c,
			      const struct rules_option *o,
			      struct rules_slice v)
{
	static const char *const words[] = { "error", "keep", NULL };
	int i = rules_choice(c, o->name, v, words);

	if (i < 0)
		return -1;
	c->r->unlisted = i == 0 ? PGS_UNLISTED_ERROR : PGS_UNLISTED_KEEP;
	return 0;
}

static int rules_set_large_objects(struct rules_ctx *c,
				   const struct rules_option *o,
				   struct rules_slice v)
{
	static const char *const words[] = { "keep", "drop", NULL };
	int i = rules_choice(c, o->name, v, words);

	if (i < 0)
		return -1;
	c->r->large_objects = i == 0 ? PGS_LO_KEEP : PGS_LO_DROP;
	return 0;
}

/* Only one of secret_env, secret_file and secret may say where the key is. */
static int rules_secret_once(struct rules_ctx *c, const char *name)
{
	if (c->r->secret_line) {
		rules_fail_at(c, c->line, "%s: the key is already set at line %d",
			      name, c->r->secret_line);
		return rules_hint(c, "use one of secret_env, secret_file and secret");
	}
	c->r->secret_line = c->line;
	return 0;
}

static int rules_set_secret_env(struct rules_ctx *c,
				const struct rules_option *o,
				struct rules_slice v)
{
	size_t i;

	for (i = 0; i < v.len; i++)
		if (!rules_is_name_char(v.p[i]))
			break;
	if (v.len == 0 || i < v.len || rules_is_digit(v.p[0])) {
		rules_fail_at(c, c->line, "%s must name an environment variable", o->name);
		return rules_hint(c, "write it as secret_env = PGSCRUB_KEY and put "
				  "the key in that variable");
	}
	if (rules_secret_once(c, o->name))
		return -1;
	c->r->secret_env = rules_strndup(v.p, v.len);
	if (!c->r->secret_env)
		return rules_fail_at(c, c->line, "out of memory reading the rules");
	return 0;
}

static int rules_set_secret_file(struct rules_ctx *c,
				 const struct rules_option *o,
				 struct rules_slice v)
{
	const char *slash;
	size_t dir = 0;

	if (v.len == 0)
		return rules_fail_at(c, c->line, "%s must name a file", o->name);
	if (rules_secret_once(c, o->name))
		return -1;
	/* A relative path is taken from the rules file's directory, so the
	 * same rules work from cron, whose working directory is /. */
	slash = v.p[0] == '/' ? NULL : strrchr(c->name, '/');
	if (slash)
		dir = (size_t)(slash - c->name) + 1;
	c->r->secret_file = malloc(dir + v.len + 1);
	if (!c->r->secret_file)
		return rules_fail_at(c, c->line, "out of memory reading the rules");
	memcpy(c->r->secret_file, c->name, dir);
	memcpy(c->r->secret_file + dir, v.p, v.len);
	c->r->secret_file[dir + v.len] = '\0';
	return 0;
}

static int rules_set_secret(struct rules_ctx *c, const struct rules_option *o,
			    struct rules_slice v)
{
	if (v.len != 6 || memcmp(v.p, "random", 6) != 0) {
		rules_fail_at(c, c->line, "secret can only be 'random'");
		return rules_hint(c, "a key does not belong in a rules file: use "
				  "secret_env = VARIABLE or secret_file = PATH");
	}
	if (rules_secret_once(c, o->name))
		return -1;
	c->r->secret_random = 1;
	return 0;
}

static int rules_set_secret_file_permissions(struct rules_ctx *c,
					     const struct rules_option *o,
					     struct rules_slice v)
{
	static const char *const words[] = { "private", "any", NULL };
	int i = rules_choice(c, o->name, v, words);

	if (i < 0) {
		if (c->err && !c->err->hint[0])
			rules_hint(c, "private (the default) refuses a key "
				   "file that group or others can access; "
				   "any accepts it");
		return -1;
	}
	c->r->secret_file_permissions = i == 0 ? PGS_KEY_FILE_PRIVATE
					       : PGS_KEY_FILE_ANY;
	return 0;
}

static int rules_set_truncate(struct rules_ctx *c,
			      const struct rules_option *o,
			      struct rules_slice v)
{
	const char *p = v.p, *end = v.p + v.len;
	struct pgs_error ierr;

	c->r->truncate_line = c->line;
	for (;;) {
		struct pgs_qualname q = { NULL, NULL }, *nt;

		while (p < end && rules_is_space(*p))
			p++;
		pgs_error_init(&ierr);
		if (rules_ident(c, &p, end, &ierr))
			return rules_fail_at(c, c->line, "%s: %s", o->name, ierr.msg);
		q.schema = rules_strndup(c->ident.data, c->ident.len);
		if (p >= end || *p != '.') {
			free(q.schema);
			rules_fail_at(c, c->line, "%s: each table must be written "
				      "schema.table", o->name);
			return rules_hint(c, "as in truncate = public.audit_log, "
					  "public.sessions");
		}
		p++;
		pgs_error_init(&ierr);
		if (rules_ident(c, &p, end, &ierr)) {
			free(q.schema);
			return rules_fail_at(c, c->line, "%s: %s", o->name, ierr.msg);
		}
		q.table = rules_strndup(c->ident.data, c->ident.len);
		nt = realloc(c->r->truncate, (c->r->ntruncate + 1) * sizeof(*nt));
		if (!q.schema || !q.table || !nt) {
			free(q.schema);
			free(q.table);
			if (nt)
				c->r->truncate = nt;
			return rules_fail_at(c, c->line, "out of memory reading the rules");
		}
		c->r->truncate = nt;
		c->r->truncate[c->r->ntruncate++] = q;
		while (p < end && rules_is_space(*p))
			p++;
		if (p >= end)
			return 0;
		if (*p != ',')
			return rules_fail_at(c, c->line, "%s: expected ',' between "
					     "tables, found '%c'", o->name, *p);
		p++;
	}
}

/* Every [pgscrub] option; a new option is one entry and its setter. */
static const struct rules_option rules_options[] = {
	{ "unlisted", rules_set_unlisted },
	{ "large_objects", rules_set_large_objects },
	{ "secret_env", rules_set_secret_env },
	{ "secret_file", rules_set_secret_file },
	{ "secret", rules_set_secret },
	{ "secret_file_permissions", rules_set_secret_file_permissions },
	{ "truncate", rules_set_truncate },
};

#define PGS_RULES_NOPTIONS (sizeof(rules_options) / sizeof(rules_options[0]))

static int rules_option(struct rules_ctx *c, struct rules_slice key,
			struct rules_slice value)
{
	const char *names[PGS_RULES_NOPTIONS + 1];
	char shown[QUOTE_SIZE], hint[256];
	const char *p = key.p, *guess = NULL;
	struct pgs_error ierr;
	size_t i, o = 0;

	pgs_error_init(&ierr);
	if (rules_ident(c, &p, key.p + key.len, &ierr) == 0 &&
	    p == key.p + key.len) {
		for (i = 0; i < PGS_RULES_NOPTIONS; i++) {
			if (strcmp(c->ident.data, rules_options[i].name) != 0)
				continue;
			if (c->option_lines[i])
				return rules_fail_at(c, c->line,
					"option '%s' is set twice in [pgscrub] (first at line %d)",
					rules_options[i].name,
					c->option_lines[i]);
			c->option_lines[i] = c->line;
			return rules_options[i].set(c, &rules_options[i],
						    value);
		}
		for (i = 0; i < PGS_RULES_NOPTIONS; i++)
			names[i] = rules_options[i].name;
		names[i] = NULL;
		guess = pgs_suggest(c->ident.data, names);
	}
	for (i = 0; i < key.len && rules_is_name_char(key.p[i]); i++)
		;
	if (rules_is_secret_name(key.p, i) && i < key.len) {
		/* "secret_file: KEY=...": the rest may be a key. */
		pgs_excerpt(shown, key.p, i, PGS_RULES_QUOTE_MAX);
		rules_fail_at(c, c->line, "unknown option '%s' followed by "
			      "text that is not shown, in [pgscrub]", shown);
	} else {
		pgs_excerpt(shown, key.p, key.len, PGS_RULES_QUOTE_MAX);
		rules_fail_at(c, c->line, "unknown option '%s' in [pgscrub]",
			      shown);
	}
	if (guess)
		return rules_hint(c, "did you mean '%s'?", guess);
	for (i = 0; i < PGS_RULES_NOPTIONS; i++)
		o += (size_t)snprintf(hint + o, sizeof(hint) - o, "%s%s",
				      i ? ", " : "", rules_options[i].name);
	return rules_hint(c, "the options are: %s", hint);
}

/* ---- duplicate detection ---------------------------------------------------- */

static size_t rules_hash(size_t h, const char *s)
{
	/* FNV-1a: the names come from the user's own rules file, so there is
	   no one to defend against with a keyed hash. */
	while (*s) {
		h ^= (unsigned char)*s++;
		h *= (size_t)1099511628211u;
	}
	return h * (size_t)1099511628211u;
}

static size_t rules_slot_hash(const struct pgs_rules *r, size_t t, size_t col)
{
	size_t h = (size_t)14695981039346656037u;

	if (col == SIZE_MAX)
		return rules_hash(rules_hash(h, r->tables[t].schema),
				  r->tables[t].table);
	return rules_hash(h ^ (t + 1) * (size_t)0x9e3779b97f4a7c15u,
			  r->tables[t].cols[col].column);
}

static int rules_slot_equal(const struct pgs_rules *r,
			    const struct rules_slot *s, size_t t, size_t col)
{
	const struct pgs_table_rules *a = &r->tables[s->t - 1];
	const struct pgs_table_rules *b = &r->tables[t];

	if ((s->col == SIZE_MAX) != (col == SIZE_MAX))
		return 0;
	if (col == SIZE_MAX)
		return a->kind == b->kind &&
		       strcmp(a->schema, b->schema) == 0 &&
		       strcmp(a->table, b->table) == 0;
	/* A column called "*" (quoted) is not the "*" default. */
	return s->t - 1 == t &&
	       a->cols[s->col].is_star == b->cols[col].is_star &&
	       a->cols[s->col].is_type == b->cols[col].is_type &&
	       strcmp(a->cols[s->col].column, b->cols[col].column) == 0;
}

/*
 * Enter the table (col SIZE_MAX) or column that was just appended to the
 * rules.  Returns 1 and sets *first to the earlier entry's line when it is a
 * duplicate, 0 when entered, -1 when out of memory.
 */
static int rules_index_add(struct rules_ctx *c, size_t t, size_t col,
			   int *first)
{
	const struct pgs_rules *r = c->r;
	size_t i, mask;

	if ((c->nused + 1) * 2 > c->nslots) {
		size_t n = c->nslots ? c->nslots * 2 : 64;
		struct rules_slot *s = calloc(n, sizeof(*s));

		if (!s)
			return -1;
		for (i = 0; i < c->nslots; i++) {
			size_t j;

			if (!c->slots[i].t)
				continue;
			j = rules_slot_hash(r, c->slots[i].t - 1,
					    c->slots[i].col) & (n - 1);
			while (s[j].t)
				j = (j + 1) & (n - 1);
			s[j] = c->slots[i];
		}
		free(c->slots);
		c->slots = s;
		c->nslots = n;
	}
	mask = c->nslots - 1;
	for (i = rules_slot_hash(r, t, col) & mask; c->slots[i].t;
	     i = (i + 1) & mask) {
		if (!rules_slot_equal(r, &c->slots[i], t, col))
			continue;
		if (col == SIZE_MAX)
			*first = r->tables[c->slots[i].t - 1].line;
		else
			*first = r->tables[t].cols[c->slots[i].col].line;
		return 1;
	}
	c->slots[i].t = t + 1;
	c->slots[i].col = col;
	c->nused++;
	return 0;
}

/* ---- rule expressions ---------------------------------------------------- */

static void rules_expr_release(struct pgs_expr *e)
{
	size_t i;

	for (i = 0; i < e->nargs; i++) {
		struct pgs_arg *a = &e->args[i];

		free(a->key);
		free(a->str);
		if (a->expr) {
			rules_expr_release(a->expr);
			free(a->expr);
		}
	}
	free(e->args);
	free(e->name);
	memset(e, 0, sizeof(*e));
}

struct rules_parser {
	struct rules_ctx *c;
	const char *p, *end;
	char who[QUOTE2_SIZE + 16];   /* "rule for email" */
};

/* The token at p for "found ..." in messages. */
static void rules_token_at(const struct rules_parser *ps, const char *p,
			   char *dst, size_t dstsize)
{
	const char *q = p;
	char shown[PGS_EXCERPT_SIZE(20)];

	if (p >= ps->end) {
		snprintf(dst, dstsize, "the end of the rule");
		return;
	}
	if (rules_is_name_char(*q) || *q == '-' || *q == '+' || *q == '.') {
		while (q < ps->end &&
		       (rules_is_name_char(*q) || *q == '-' || *q == '+' ||
			*q == '.'))
			q++;
	} else if (*q == '\'') {
		for (q++; q < ps->end && *q != '\''; q++)
			;
		if (q < ps->end)
			q++;
	} else {
		/* One character, all of it when it is UTF-8. */
		q++;
		if ((unsigned char)*p >= 0xc0)
			while (q < ps->end && ((unsigned char)*q & 0xc0) == 0x80)
				q++;
	}
	pgs_excerpt(shown, p, (size_t)(q - p), 20);
	snprintf(dst, dstsize, *p == '\'' ? "the string %s" : "'%s'", shown);
}

static int rules_perr(struct rules_parser *ps, const char *fmt, ...)
	PGS_PRINTF(2, 3);

static int rules_perr(struct rules_parser *ps, const char *fmt, ...)
{
	char what[PGS_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return rules_fail_at(ps->c, ps->c->line, "%s: %s", ps->who, what);
}

/* [A-Za-z_][A-Za-z0-9_]* at ps->p, folded to lower case when fold. */
static char *rules_word(struct rules_parser *ps, int fold)
{
	const char *s = ps->p;
	char *w;
	size_t i;

	while (ps->p < ps->end && rules_is_name_char(*ps->p))
		ps->p++;
	w = rules_strndup(s, (size_t)(ps->p - s));
	if (w && fold)
		for (i = 0; w[i]; i++)
			w[i] = rules_lower(w[i]);
	return w;
}

static int rules_expr(struct rules_parser *ps, struct pgs_expr *e, int depth);

/* 'text' with '' for a quote; ps->p is at the opening quote. */
static int rules_string(struct rules_parser *ps, struct pgs_arg *a)
{
	const char *open = ps->p, *p = ps->p + 1;
	size_t n = 0;
	char *s;

	/* Measure first: the string needs one allocation of the right size. */
	for (;;) {
		const char *q = memchr(p, '\'', (size_t)(ps->end - p));

		if (!q)
			return rules_perr(ps,
					  "unterminated string starting at column %zu",
					  rules_column(ps->c, open));
		n += (size_t)(q - p);
		if (q + 1 < ps->end && q[1] == '\'') {
			n++;
			p = q + 2;
			continue;
		}
		p = q + 1;
		break;
	}
	s = malloc(n + 1);
	if (!s)
		return rules_nomem(ps->c);
	n = 0;
	for (p = open + 1;;) {
		const char *q = memchr(p, '\'', (size_t)(ps->end - p));

		memcpy(s + n, p, (size_t)(q - p));
		n += (size_t)(q - p);
		if (q + 1 < ps->end && q[1] == '\'') {
			s[n++] = '\'';
			p = q + 2;
			continue;
		}
		p = q + 1;
		break;
	}
	s[n] = '\0';
	a->type = PGS_ARG_STRING;
	a->str = s;
	a->len = n;
	ps->p = p;
	return 0;
}

/* One argument's value (not its KEY=); ps->p is at its first byte. */
static int rules_value(struct rules_parser *ps, struct pgs_arg *a,
		       const char *fname, int depth)
{
	const char *s = ps->p;
	char found[PGS_RULES_QUOTE_MAX * 4 + 32];

	if (s < ps->end && *s == '\'')
		return rules_string(ps, a);
	if (s < ps->end && (rules_is_digit(*s) || *s == '-' || *s == '+')) {
		const char *p = s;

		if (*p == '-' || *p == '+')
			p++;
		if (p == ps->end || !rules_is_digit(*p))
			return rules_perr(ps,
					  "expected digits after '%c' at column %zu",
					  *s, rules_column(ps->c, s));
		while (p < ps->end && rules_is_digit(*p))
			p++;
		if (p + 1 < ps->end && *p == '.' && rules_is_digit(p[1]))
			for (p++; p < ps->end && rules_is_digit(*p); p++)
				;
		a->type = PGS_ARG_NUMBER;
		a->str = rules_strndup(s, (size_t)(p - s));
		if (!a->str)
			return rules_nomem(ps->c);
		a->len = (size_t)(p - s);
		ps->p = p;
		return 0;
	}
	if (s < ps->end && rules_is_name_start(*s)) {
		const char *after;

		while (ps->p < ps->end && rules_is_name_char(*ps->p))
			ps->p++;
		after = rules_skip_space(ps->p, ps->end);
		if (after < ps->end && *after == '(') {
			a->type = PGS_ARG_EXPR;
			a->expr = calloc(1, sizeof(*a->expr));
			if (!a->expr)
				return rules_nomem(ps->c);
			ps->p = s;
			return rules_expr(ps, a->expr, depth + 1);
		}
		/* Kept as written: the anonymiser decides what a word means. */
		a->type = PGS_ARG_WORD;
		a->str = rules_strndup(s, (size_t)(ps->p - s));
		if (!a->str)
			return rules_nomem(ps->c);
		a->len = (size_t)(ps->p - s);
		return 0;
	}
	rules_token_at(ps, s, found, sizeof(found));
	return rules_perr(ps, "expected an argument in %s(...) at column %zu, found %s",
			  fname, rules_column(ps->c, s), found);
}

/*
 * A quoted KEY ('firstName' or "e-mail") before '=': the unquoted text, or
 * NULL when the quote at ps->p does not start a KEY=.  *after is set to the
 * byte after the '='.
 */
static char *rules_quoted_key(struct rules_parser *ps, const char **after,
			      int *nomem)
{
	const char *q = ps->p, *start;
	char quote = *q;
	size_t n = 0;
	char *key, *o;

	*nomem = 0;
	for (start = ++q; q < ps->end; q++) {
		if (*q == quote) {
			if (q + 1 < ps->end && q[1] == quote) {
				q++;
				n++;
				continue;
			}
			break;
		}
		n++;
	}
	if (q >= ps->end)
		return NULL;
	*after = rules_skip_space(q + 1, ps->end);
	if (*after >= ps->end || **after != '=')
		return NULL;
	key = o = malloc(n + 1);
	if (!key) {
		*nomem = 1;
		return NULL;
	}
	for (q = start; n; q++, n--) {
		*o++ = *q;
		if (*q == quote)
			q++;   /* a doubled quote stands for one */
	}
	*o = '\0';
	(*after)++;
	return key;
}

/* One argument, KEY=VALUE or VALUE.  KEY keeps its case: json(firstName=...)
 * must match the JSON key firstName, and JSON keys are case-sensitive. */
static int rules_arg(struct rules_parser *ps, struct pgs_arg *a,
		     const char *fname, int depth)
{
	const char *q = ps->p;
	char found[PGS_RULES_QUOTE_MAX * 4 + 32];

	if (q < ps->end && (*q == '\'' || *q == '"')) {
		const char *after;
		int nomem;

		a->key = rules_quoted_key(ps, &after, &nomem);
		if (nomem)
			return rules_nomem(ps->c);
		if (a->key) {
			ps->p = rules_skip_space(after, ps->end);
			if (ps->p == ps->end || *ps->p == ',' || *ps->p == ')') {
				rules_token_at(ps, ps->p, found, sizeof(found));
				return rules_perr(ps,
						  "expected a value after '%s=' in %s(...) at column %zu, found %s",
						  a->key, fname,
						  rules_column(ps->c, ps->p), found);
			}
			return rules_value(ps, a, fname, depth);
		}
	}
	if (q < ps->end && rules_is_name_start(*q)) {
		while (q < ps->end && rules_is_name_char(*q))
			q++;
		q = rules_skip_space(q, ps->end);
		if (q < ps->end && *q == '=') {
			a->key = rules_word(ps, 0);
			if (!a->key)
				return rules_nomem(ps->c);
			ps->p = rules_skip_space(q + 1, ps->end);
			if (ps->p == ps->end || *ps->p == ',' ||
			    *ps->p == ')') {
				rules_token_at(ps, ps->p, found, sizeof(found));
				return rules_perr(ps,
						  "expected a value after '%s=' in %s(...) at column %zu, found %s",
						  a->key, fname,
						  rules_column(ps->c, ps->p),
						  found);
			}
		}
	}
	return rules_value(ps, a, fname, depth);
}

/* NAME or NAME(ARG, ...); ps->p is at the first byte of NAME. */
static int rules_expr(struct rules_parser *ps, struct pgs_expr *e, int depth)
{
	char found[PGS_RULES_QUOTE_MAX * 4 + 32];
	size_t argno;

	if (depth >= PGS_RULES_DEPTH_MAX)
		return rules_perr(ps, "rule is nested more than %d levels deep",
				  PGS_RULES_DEPTH_MAX);
	if (ps->p == ps->end || !rules_is_name_start(*ps->p)) {
		rules_token_at(ps, ps->p, found, sizeof(found));
		return rules_perr(ps,
				  "expected an anonymiser name at column %zu, found %s",
				  rules_column(ps->c, ps->p), found);
	}
	e->name = rules_word(ps, 1);
	if (!e->name)
		return rules_nomem(ps->c);
	ps->p = rules_skip_space(ps->p, ps->end);
	if (ps->p == ps->end || *ps->p != '(')
		return 0;
	e->has_parens = 1;
	ps->p = rules_skip_space(ps->p + 1, ps->end);
	if (ps->p < ps->end && *ps->p == ')') {
		ps->p++;
		return 0;
	}
	for (argno = 1;; argno++) {
		struct pgs_arg *a;

		if (ps->p == ps->end)
			return rules_perr(ps,
					  "expected ')' after the arguments of %s(...)",
					  e->name);
		if (rules_grow(&e->args, e->nargs, sizeof(*e->args)))
			return rules_nomem(ps->c);
		a = &e->args[e->nargs++];
		memset(a, 0, sizeof(*a));
		if (rules_arg(ps, a, e->name, depth))
			return -1;
		ps->p = rules_skip_space(ps->p, ps->end);
		if (ps->p == ps->end)
			return rules_perr(ps,
					  "expected ')' after the arguments of %s(...)",
					  e->name);
		if (*ps->p == ')') {
			ps->p++;
			return 0;
		}
		if (*ps->p != ',') {
			rules_token_at(ps, ps->p, found, sizeof(found));
			return rules_perr(ps,
					  "expected ',' or ')' after argument %zu of %s(...) at column %zu, found %s",
					  argno, e->name,
					  rules_column(ps->c, ps->p), found);
		}
		ps->p = rules_skip_space(ps->p + 1, ps->end);
		if (ps->p == ps->end || *ps->p == ')' || *ps->p == ',') {
			rules_token_at(ps, ps->p, found, sizeof(found));
			return rules_perr(ps,
					  "expected an argument in %s(...) at column %zu, found %s",
					  e->name, rules_column(ps->c, ps->p),
					  found);
		}
	}
}

/* ---- sections and column rules ------------------------------------------ */

/* Record the "[...]" the reader found on this line. */
static int rules_section(struct rules_ctx *c, struct rules_slice name,
			 size_t *index)
{
	char shown[QUOTE2_SIZE], rest[QUOTE_SIZE];
	const char *p = name.p, *end = name.p + name.len;
	char *parts[2] = { NULL, NULL };
	struct pgs_table_rules *t;
	struct rules_section *s;
	struct pgs_error ierr;
	size_t nparts = 0;
	int first, star = 0, all = 0;

	pgs_excerpt(shown, name.p, name.len, PGS_RULES_QUOTE_MAX * 2);
	if (name.len == 0)
		return rules_fail_at(c, c->line, "empty section name []");
	pgs_error_init(&ierr);
	for (;;) {
		if (p < end && *p == '*') {
			/* [*] or [schema.*]: a pattern section. */
			p = rules_skip_space(p + 1, end);
			if (nparts == 2) {
				rules_fail_at(c, c->line,
					      "section [%s] has more than two parts; it must name schema.table",
					      shown);
				goto fail;
			}
			if (p == end) {
				star = 1;
				break;
			}
			pgs_excerpt(rest, p, (size_t)(end - p),
				    PGS_RULES_QUOTE_MAX);
			if (nparts == 0 && *p == '.')
				rules_fail_at(c, c->line,
					      "section [%s]: the schema cannot be '*'",
					      shown);
			else
				rules_fail_at(c, c->line,
					      "section [%s]: unexpected '%s' after '*'",
					      shown, rest);
			rules_hint(c, "write [*] for every table, or [schema.*] for every table of one schema");
			goto fail;
		}
		if (p == end) {
			rules_fail_at(c, c->line,
				      "section [%s]: expected a name after '.'",
				      shown);
			goto fail;
		}
		if (*p != '"' && !((unsigned char)*p >= 0x80 ||
				   rules_is_name_start(*p))) {
			pgs_excerpt(rest, p, (size_t)(end - p),
				    PGS_RULES_QUOTE_MAX);
			rules_fail_at(c, c->line,
				      "section [%s]: expected a name, found '%s'",
				      shown, rest);
			goto fail;
		}
		if (rules_ident(c, &p, end, &ierr)) {
			if (ierr.code == PGS_ENOMEM)
				rules_nomem(c);
			else
				rules_fail_at(c, c->line, "section [%s]: %s",
					      shown, ierr.msg);
			goto fail;
		}
		if (nparts == 2) {
			rules_fail_at(c, c->line,
				      "section [%s] has more than two parts; it must name schema.table",
				      shown);
			goto fail;
		}
		parts[nparts] = rules_strndup(c->ident.data, c->ident.len);
		if (!parts[nparts]) {
			rules_nomem(c);
			goto fail;
		}
		nparts++;
		p = rules_skip_space(p, end);
		if (p == end)
			break;
		if (*p == '*') {
			rules_fail_at(c, c->line,
				      "section [%s]: '*' stands for a whole name, not part of one",
				      shown);
			rules_hint(c, "write [*] for every table, or [schema.*] for every table of one schema");
			goto fail;
		}
		if (*p != '.') {
			pgs_excerpt(rest, p, (size_t)(end - p),
				    PGS_RULES_QUOTE_MAX);
			rules_fail_at(c, c->line,
				      "section [%s]: unexpected '%s' after a name",
				      shown, rest);
			rules_hint(c, "put a name with spaces or other special characters in double quotes: [crm.\"Weird Table\"]");
			goto fail;
		}
		p = rules_skip_space(p + 1, end);
	}

	if (rules_grow(&c->sections, c->nsections, sizeof(*c->sections))) {
		rules_nomem(c);
		goto fail;
	}
	s = &c->sections[c->nsections];
	s->text = name;

	if (star) {
		all = nparts == 0;
		if (all)
			parts[0] = rules_strndup("*", 1);
		parts[1] = rules_strndup("*", 1);
		if (!parts[0] || !parts[1]) {
			rules_nomem(c);
			goto fail;
		}
		nparts = 2;
	} else if (nparts == 1) {
		if (strcmp(parts[0], "pgscrub") == 0) {
			free(parts[0]);
			if (c->options_line)
				return rules_fail_at(c, c->line,
						     "duplicate section [%s] (first at line %d)",
						     shown, c->options_line);
			c->options_line = c->line;
			s->table = PGS_RULES_OPTIONS;
			*index = c->nsections++;
			return 0;
		} else {
			static const char *const special[] = { "pgscrub", NULL };
			const char *guess = pgs_suggest(parts[0], special);

			free(parts[0]);
			rules_fail_at(c, c->line,
				      "section [%s] must name schema.table (e.g. [public.%s])",
				      shown, shown);
			if (guess)
				rules_hint(c, "did you mean [%s]?", guess);
			return -1;
		}
	}

	if (rules_grow(&c->r->tables, c->r->ntables, sizeof(*c->r->tables))) {
		rules_nomem(c);
		goto fail;
	}
	t = &c->r->tables[c->r->ntables];
	memset(t, 0, sizeof(*t));
	t->kind = !star ? PGS_SECTION_TABLE :
		  all ? PGS_SECTION_ALL : PGS_SECTION_SCHEMA;
	t->schema = parts[0];
	t->table = parts[1];
	t->line = c->line;
	switch (rules_index_add(c, c->r->ntables, SIZE_MAX, &first)) {
	case 0:
		break;
	case 1:
		free(parts[0]);
		free(parts[1]);
		return rules_fail_at(c, c->line,
				     "duplicate section [%s] (first at line %d)",
				     shown, first);
	default:
		free(parts[0]);
		free(parts[1]);
		return rules_nomem(c);
	}
	s->table = c->r->ntables++;
	*index = c->nsections++;
	return 0;

fail:
	free(parts[0]);
	free(parts[1]);
	return -1;
}

/* name (folded) is a [pgscrub] option that names where the key is. */
static int rules_misplaced_secret(const char *name)
{
	return strcmp(name, "secret_env") == 0 ||
	       strcmp(name, "secret_file") == 0 ||
	       strcmp(name, "secret_file_permissions") == 0;
}

/* ---- where and case ----------------------------------------------------- */

/* The bare word w (lower case) at p, in any case, as a whole word. */
static int rules_word_at(const char *p, const char *end, const char *w)
{
	size_t i, n = strlen(w);

	if ((size_t)(end - p) < n)
		return 0;
	for (i = 0; i < n; i++)
		if (rules_lower(p[i]) != w[i])
			return 0;
	return p + n == end || !(rules_is_name_char(p[n]) || p[n] == '$' ||
				 (unsigned char)p[n] >= 0x80);
}

/*
 * What can be checked of a condition without the table's columns (which
 * condition.h compiles against later): quotes closed, parentheses
 * balanced.  who names it in messages ("where in [public.t]").
 */
static int rules_cond_syntax(struct rules_ctx *c, const char *who,
			     struct rules_slice v)
{
	const char *p, *q, *end = v.p + v.len, *open = NULL;
	size_t depth = 0;

	for (p = v.p; p < end; p++) {
		if (*p == '\'' || *p == '"') {
			/* To the closing quote; a doubled one is inside. */
			for (q = p + 1; q < end; q++)
				if (*q == *p) {
					if (q + 1 < end && q[1] == *p)
						q++;
					else
						break;
				}
			if (q >= end) {
				rules_fail_at(c, c->line, "%s: unterminated %s "
					      "starting at column %zu", who,
					      *p == '"' ? "quoted name" : "string",
					      rules_column(c, p));
				return rules_hint(c, "write '' for a quote "
						  "inside a string and \"\" inside "
						  "a quoted name");
			}
			p = q;
		} else if (*p == '(') {
			if (!depth)
				open = p;
			depth++;
		} else if (*p == ')') {
			if (!depth)
				return rules_fail_at(c, c->line, "%s: unbalanced "
						     "')' at column %zu", who,
						     rules_column(c, p));
			depth--;
		}
	}
	if (depth)
		return rules_fail_at(c, c->line, "%s: the '(' at column %zu is "
				     "never closed", who, rules_column(c, open));
	return 0;
}

/* where = CONDITION in the section t. */
static int rules_where(struct rules_ctx *c, struct pgs_table_rules *t,
		       const char *stext, struct rules_slice value)
{
	char who[QUOTE2_SIZE + 16];

	snprintf(who, sizeof(who), "where in [%s]", stext);
	if (t->kind != PGS_SECTION_TABLE) {
		rules_fail_at(c, c->line, "where cannot be used in [%s]: a row "
			      "filter belongs to one table", stext);
		return rules_hint(c, "put it in the table's own [schema.table] "
				  "section; for a column named where, quote "
				  "it: \"where\" = keep");
	}
	if (t->where) {
		rules_fail_at(c, c->line, "where is set twice in [%s] (first at "
			      "line %d)", stext, t->where_line);
		return rules_hint(c, "join the conditions with AND or OR in one "
				  "where");
	}
	if (value.len == 0) {
		rules_fail_at(c, c->line, "%s is empty", who);
		return rules_hint(c, "write the condition rows must meet to be "
				  "kept, as in where = created_at >= "
				  "'2024-01-01'");
	}
	if (rules_cond_syntax(c, who, value))
		return -1;
	t->where = rules_strndup(value.p, value.len);
	if (!t->where)
		return rules_nomem(c);
	t->where_len = value.len;
	t->where_line = c->line;
	return 0;
}

/* One anonymiser (a THEN or ELSE part) in v, parsed whole into e. */
static int rules_case_part(struct rules_ctx *c, const char *who,
			   const char *what, struct rules_slice v,
			   const char *after, struct pgs_expr *e)
{
	struct rules_parser ps;

	if (v.len == 0) {
		rules_fail_at(c, c->line, "%s: expected an anonymiser after "
			      "%s at column %zu", who, what,
			      rules_column(c, after));
		return rules_hint(c, "as in case when is_staff then keep else "
				  "email end");
	}
	if (rules_word_at(v.p, v.p + v.len, "case"))
		return rules_fail_at(c, c->line, "%s: a case rule cannot be "
				     "nested (column %zu)", who,
				     rules_column(c, v.p));
	ps.c = c;
	ps.p = v.p;
	ps.end = v.p + v.len;
	snprintf(ps.who, sizeof(ps.who), "%s", who);
	if (rules_expr(&ps, e, 0))
		return -1;
	ps.p = rules_skip_space(ps.p, ps.end);
	if (ps.p != ps.end) {
		char rest[QUOTE_SIZE];

		pgs_excerpt(rest, ps.p, (size_t)(ps.end - ps.p),
			    PGS_RULES_QUOTE_MAX);
		return rules_perr(&ps, "unexpected text after the anonymiser "
				  "of %s: '%s'", what, rest);
	}
	return 0;
}

/*
 * case when C1 then A1 [when C2 then A2 ...] else A end, the value of the
 * rule cr (value starts with the word case).  The conditions are split off
 * with pgs_cond_span and kept as written; the anonymisers are parsed.
 */
static int rules_case(struct rules_ctx *c, struct pgs_column_rule *cr,
		      const char *shown, struct rules_slice value)
{
	static const char *const w_then[] = { "then" };
	static const char *const w_next[] = { "when", "else" };
	static const char *const w_end[] = { "end" };
	static const char *const w_case[] = { "case" };
	const char *p, *end = value.p + value.len;
	char who[QUOTE2_SIZE + 16];
	size_t n;

	snprintf(who, sizeof(who), "rule for %s", shown);
	if (cr->is_star) {
		rules_fail_at(c, c->line, "a case rule cannot be the section's "
			      "default ('* = case ...')");
		return rules_hint(c, "write it for the column it is about, as in "
				  "email = case when is_staff then keep else "
				  "email end");
	}
	p = rules_skip_space(value.p + 4, end);
	if (!rules_word_at(p, end, "when")) {
		rules_fail_at(c, c->line, "%s: expected WHEN after CASE at "
			      "column %zu", who, rules_column(c, p));
		return rules_hint(c, "write it as case when CONDITION then "
				  "ANONYMISER [when ... then ...] else "
				  "ANONYMISER end");
	}
	for (;;) {
		struct pgs_case_branch *b;
		struct rules_slice cond, part;
		const char *at;

		/* p is at WHEN. */
		at = p + 4;
		n = pgs_cond_span(at, (size_t)(end - at), w_then, 1);
		cond = rules_trim(at, at + n);
		if (at + n == end) {
			rules_fail_at(c, c->line, "%s: expected THEN after the "
				      "condition at column %zu", who,
				      rules_column(c, at));
			return rules_hint(c, "write it as case when CONDITION "
					  "then ANONYMISER ... else ANONYMISER "
					  "end");
		}
		if (cond.len == 0)
			return rules_fail_at(c, c->line, "%s: expected a "
					     "condition after WHEN at column %zu",
					     who, rules_column(c, at));
		if (pgs_cond_span(cond.p, cond.len, w_case, 1) < cond.len)
			return rules_fail_at(c, c->line, "%s: a case rule "
					     "cannot be nested (column %zu)", who,
					     rules_column(c, cond.p +
							  pgs_cond_span(cond.p, cond.len,
									w_case, 1)));
		if (rules_cond_syntax(c, who, cond))
			return -1;
		if (rules_grow(&cr->branches, cr->nbranches,
			       sizeof(*cr->branches)))
			return rules_nomem(c);
		b = &cr->branches[cr->nbranches];
		memset(b, 0, sizeof(*b));
		b->cond = rules_strndup(cond.p, cond.len);
		b->cond_len = cond.len;
		if (!b->cond)
			return rules_nomem(c);
		/* Counted now so that release frees it whatever happens. */
		cr->nbranches++;
		at += n + 4;
		n = pgs_cond_span(at, (size_t)(end - at), w_next, 2);
		part = rules_trim(at, at + n);
		b->text = rules_strndup(part.p, part.len);
		if (!b->text)
			return rules_nomem(c);
		if (rules_case_part(c, who, "THEN", part, at, &b->expr))
			return -1;
		p = at + n;
		if (p == end) {
			rules_fail_at(c, c->line, "%s: the case rule has no ELSE",
				      who);
			return rules_hint(c, "add `else <anonymiser> end`: rows "
					  "that no WHEN matches need a rule "
					  "too");
		}
		if (rules_word_at(p, end, "when"))
			continue;
		/* ELSE */
		at = p + 4;
		n = pgs_cond_span(at, (size_t)(end - at), w_end, 1);
		part = rules_trim(at, at + n);
		if (at + n == end) {
			rules_fail_at(c, c->line, "%s: expected END after the "
				      "ELSE part", who);
			return rules_hint(c, "end the rule with `else "
					  "<anonymiser> end`");
		}
		if (rules_case_part(c, who, "ELSE", part, at, &cr->expr))
			return -1;
		p = rules_skip_space(at + n + 3, end);
		if (p != end) {
			char rest[QUOTE_SIZE];

			pgs_excerpt(rest, p, (size_t)(end - p),
				    PGS_RULES_QUOTE_MAX);
			return rules_fail_at(c, c->line, "%s: unexpected text "
					     "after END: '%s'", who, rest);
		}
		return 0;
	}
}

/*
 * "type T" keys (rules by column type, pattern sections only): whether key
 * is one (the word type, any case, then blanks and more), and T checked
 * to be a type name as format_type writes it: names, dots, a typmod in
 * parentheses, array brackets.  T's blanks are collapsed into c->ident.
 */
static int rules_type_key(struct rules_slice key)
{
	return key.len > 5 && (key.p[0] | 0x20) == 't' &&
	       (key.p[1] | 0x20) == 'y' && (key.p[2] | 0x20) == 'p' &&
	       (key.p[3] | 0x20) == 'e' && (key.p[4] == ' ' || key.p[4] == '\t');
}

static int rules_type_name(struct rules_ctx *c, struct rules_slice key)
{
	struct pgs_sql_tokens tv = PGS_SQL_TOKENS_INIT;
	struct pgs_sql_lexer lx;
	struct pgs_error e;
	char shown[QUOTE2_SIZE];
	const char *p = key.p + 5, *end = key.p + key.len;
	size_t i, depth = 0;
	int ok = 1, quoted = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	pgs_excerpt(shown, p, (size_t)(end - p), PGS_RULES_QUOTE_MAX * 2);
	pgs_sql_lexer_init(&lx, p, (size_t)(end - p), 1);
	if (pgs_sql_lex_all(&tv, &lx, &e)) {
		pgs_sql_tokens_release(&tv);
		if (!lx.why)
			return rules_nomem(c);
		ok = 0;
	}
	for (i = 0; ok && i + 1 < tv.n; i++) {
		switch (tv.v[i].kind) {
		case PGS_SQL_WORD:
		case PGS_SQL_QIDENT:
			ok = depth == 0;
			break;
		case PGS_SQL_DOT:
			ok = depth == 0 && i > 0;
			break;
		case PGS_SQL_NUMBER:
		case PGS_SQL_COMMA:
			ok = depth > 0 || tv.v[i].kind == PGS_SQL_NUMBER;
			break;
		case PGS_SQL_LPAREN:
			ok = depth++ == 0 && i > 0;
			break;
		case PGS_SQL_RPAREN:
			ok = depth-- == 1;
			break;
		case PGS_SQL_LBRACK:
			/* [] or [n], only at the end */
			ok = depth == 0 && i > 0;
			if (ok && tv.v[i + 1].kind == PGS_SQL_NUMBER)
				i++;
			ok = ok && tv.v[i + 1].kind == PGS_SQL_RBRACK &&
			     (tv.v[i + 2].kind == PGS_SQL_LBRACK ||
			      tv.v[i + 2].kind == PGS_SQL_END);
			i++;
			break;
		default:
			ok = 0;
		}
	}
	ok = ok && depth == 0 && tv.n > 1 &&
	     (tv.v[0].kind == PGS_SQL_WORD || tv.v[0].kind == PGS_SQL_QIDENT);
	pgs_sql_tokens_release(&tv);
	if (!ok) {
		rules_fail_at(c, c->line, "invalid type name '%s' after 'type'",
			      shown);
		return rules_hint(c, "write the type as format_type() does, "
				  "e.g. type timestamp with time zone = keep, "
				  "type character varying(32) = keep, type "
				  "public.email_addr = email, type text[] = keep");
	}
	/* Blanks collapsed and bare words folded, as PostgreSQL reads them:
	 * "TIMESTAMP  with time zone" is one type, public."Odd" another. */
	pgs_buf_reset(&c->ident);
	for (; p < end; p++) {
		int blank = !quoted && (*p == ' ' || *p == '\t');
		char ch = *p;

		if (ch == '"')
			quoted = !quoted;
		if (blank && (c->ident.len == 0 ||
			      c->ident.data[c->ident.len - 1] == ' '))
			continue;
		if (!quoted && ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (pgs_buf_addc(&c->ident, blank ? ' ' : ch, &e))
			return rules_nomem(c);
	}
	while (c->ident.len && c->ident.data[c->ident.len - 1] == ' ')
		c->ident.data[--c->ident.len] = '\0';
	return 0;
}

/* A column rule in the table section sec. */
static int rules_column_rule(struct rules_ctx *c,
			     const struct rules_section *sec,
			     struct rules_slice key, struct rules_slice value)
{
	char shown[QUOTE2_SIZE], stext[QUOTE2_SIZE];
	struct pgs_table_rules *t = &c->r->tables[sec->table];
	const char *p = key.p, *end = key.p + key.len;
	struct pgs_column_rule *cr;
	struct rules_parser ps;
	struct pgs_error ierr;
	int star = 0, type = 0, first;

	pgs_excerpt(shown, key.p, key.len, PGS_RULES_QUOTE_MAX * 2);
	pgs_excerpt(stext, sec->text.p, sec->text.len,
		    PGS_RULES_QUOTE_MAX * 2);
	pgs_error_init(&ierr);
	if (key.len == 5 && rules_word_at(key.p, end, "where"))
		return rules_where(c, t, stext, value);
	if (key.len == 1 && *key.p == '*') {
		star = 1;
	} else if (rules_type_key(key)) {
		if (t->kind == PGS_SECTION_TABLE) {
			rules_fail_at(c, c->line, "a rule by column type ('%s') "
				      "belongs in [*] or [schema.*], not in "
				      "[%s]", shown, stext);
			return rules_hint(c, "name the column in [%s]; for a "
					  "column named like this, quote it: "
					  "\"%s\" = ...", stext, shown);
		}
		if (rules_type_name(c, key))
			return -1;
		type = 1;
	} else if (key.len == 0) {
		return rules_fail_at(c, c->line, "missing column name before '='");
	} else if (*p != '"' && !((unsigned char)*p >= 0x80 ||
				  rules_is_name_start(*p))) {
		rules_fail_at(c, c->line, "invalid column name '%s'", shown);
		return rules_hint(c, "put a name with spaces or other special characters in double quotes: \"Full Name\" = keep");
	} else if (rules_ident(c, &p, end, &ierr)) {
		if (ierr.code == PGS_ENOMEM)
			return rules_nomem(c);
		return rules_fail_at(c, c->line, "invalid column name: %s",
				     ierr.msg);
	} else if (p != end) {
		rules_fail_at(c, c->line, "invalid column name '%s'", shown);
		return rules_hint(c, "put a name with spaces or other special characters in double quotes: \"Full Name\" = keep");
	} else if (*key.p != '"' && rules_misplaced_secret(c->ident.data)) {
		/* Its value may be a key: never parsed as a rule, whose
		 * errors quote it. */
		rules_fail_at(c, c->line, "%s is an option of [pgscrub], not a "
			      "column rule in [%s]", c->ident.data, stext);
		return rules_hint(c, "move it under [pgscrub]; for a column of "
				  "that name, quote it: \"%s\" = keep",
				  c->ident.data);
	}

	if (star && t->kind == PGS_SECTION_ALL) {
		rules_fail_at(c, c->line, "'* = ...' cannot be used in [*]: it "
			      "would cover every column that no rule names");
		return rules_hint(c, "name the columns in [*]; to keep every "
				  "column no rule names, say so with "
				  "`unlisted = keep` in [pgscrub]");
	}
	if (star && t->kind == PGS_SECTION_SCHEMA) {
		rules_fail_at(c, c->line, "'* = ...' cannot be used in [%s]: "
			      "it would cover every column of every table of "
			      "the schema that no rule names", stext);
		return rules_hint(c, "name the columns in [%s], or put `* = "
				  "keep` in a table's own section", stext);
	}
	if (rules_grow(&t->cols, t->ncols, sizeof(*t->cols)))
		return rules_nomem(c);
	cr = &t->cols[t->ncols];
	memset(cr, 0, sizeof(*cr));
	cr->is_star = star;
	cr->is_type = type;
	cr->line = c->line;
	cr->column = star ? rules_strndup("*", 1)
			  : rules_strndup(c->ident.data, c->ident.len);
	cr->text = rules_strndup(value.p, value.len);
	if (!cr->column || !cr->text) {
		free(cr->column);
		free(cr->text);
		return rules_nomem(c);
	}
	/* Counted now so that release frees it whatever happens next. */
	t->ncols++;
	switch (rules_index_add(c, sec->table, t->ncols - 1, &first)) {
	case 0:
		break;
	case 1:
		return rules_fail_at(c, c->line,
				     "duplicate rule for %s in [%s] (first at line %d)",
				     shown, stext, first);
	default:
		return rules_nomem(c);
	}

	if (value.len == 0) {
		rules_fail_at(c, c->line, "rule for %s is empty", shown);
		return rules_hint(c, "write an anonymiser after '=', e.g. %s = keep",
				  shown);
	}
	if (rules_word_at(value.p, value.p + value.len, "case"))
		return rules_case(c, cr, shown, value);
	ps.c = c;
	ps.p = value.p;
	ps.end = value.p + value.len;
	snprintf(ps.who, sizeof(ps.who), "rule for %s", shown);
	if (rules_expr(&ps, &cr->expr, 0))
		return -1;
	ps.p = rules_skip_space(ps.p, ps.end);
	if (ps.p != ps.end) {
		char rest[QUOTE_SIZE];

		pgs_excerpt(rest, ps.p, (size_t)(ps.end - ps.p),
			    PGS_RULES_QUOTE_MAX);
		return rules_perr(&ps, "unexpected text after the rule: '%s'",
				  rest);
	}
	return 0;
}

/* ---- the inih side ------------------------------------------------------- */

/* Decode a placeholder "\x01N" with N < n. */
static int rules_placeholder(const char *s, size_t n, size_t *index)
{
	size_t v = 0;

	if (*s++ != PGS_RULES_PH || !rules_is_digit(*s))
		return -1;
	for (; rules_is_digit(*s); s++) {
		if (v > (SIZE_MAX - 9) / 10)
			return -1;
		v = v * 10 + (size_t)(*s - '0');
	}
	if (*s || v >= n)
		return -1;
	*index = v;
	return 0;
}

static int rules_handler(void *user, const char *section, const char *name,
			 const char *value)
{
	struct rules_ctx *c = user;
	size_t si, ki, vi;

	if (c->failed)
		return 0;
	if (rules_placeholder(name, c->ntok, &ki) ||
	    rules_placeholder(value, c->ntok, &vi) || ki != 0 || vi != 1) {
		rules_internal(c, c->line,
			       "inih returned a key or value the reader did not give it");
		return 0;
	}
	if (*section == '\0') {
		char shown[QUOTE2_SIZE];

		pgs_excerpt(shown, c->tok[0].p, c->tok[0].len,
			    PGS_RULES_QUOTE_MAX * 2);
		rules_fail_at(c, c->line,
			      "rule for %s comes before the first section",
			      shown);
		rules_hint(c, "put column rules under a [schema.table] section and options under [pgscrub]");
		return 0;
	}
	if (rules_placeholder(section, c->nsections, &si)) {
		rules_internal(c, c->line,
			       "inih returned a section the reader did not give it");
		return 0;
	}
	if (c->sections[si].table == PGS_RULES_OPTIONS)
		return rules_option(c, c->tok[0], c->tok[1]) == 0;
	return rules_column_rule(c, &c->sections[si], c->tok[0], c->tok[1]) == 0;
}

/* After a '"' at p: the byte after the closing quote, or NULL. */
static const char *rules_skip_dquoted(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p != '"')
			continue;
		if (p + 1 < end && p[1] == '"') {
			p++;
			continue;
		}
		return p + 1;
	}
	return NULL;
}

/* After a '\'' at p: the byte after the closing quote, or end. */
static const char *rules_skip_squoted(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p != '\'')
			continue;
		if (p + 1 < end && p[1] == '\'') {
			p++;
			continue;
		}
		return p + 1;
	}
	return end;
}

/* ';' or '#' after whitespace starts a comment, as in inih. */
static int rules_is_comment(const char *p, const char *start)
{
	return (*p == ';' || *p == '#') && p > start && rules_is_space(p[-1]);
}

/*
 * Classify the line [s, e) and write inih's stand-in for it to ph.  On an
 * error, record it and write a line inih rejects too, so that inih's line
 * number and ours agree.
 */
static void rules_scan_line(struct rules_ctx *c, const char *s, const char *e,
			    char *ph, size_t phsize)
{
	char shown[QUOTE_SIZE];
	const char *p, *q, *nul;
	size_t index;

	snprintf(ph, phsize, "%c?", PGS_RULES_PH);
	c->ntok = 0;
	nul = e > s ? memchr(s, '\0', (size_t)(e - s)) : NULL;
	if (nul) {
		rules_fail_at(c, c->line, "NUL byte at column %zu",
			      rules_column(c, nul));
		rules_hint(c, "a rules file is text; is this the right file?");
		return;
	}
	p = rules_skip_space(s, e);
	if (p == e) {
		ph[0] = '\0';
		return;
	}
	if (*p == ';' || *p == '#') {
		snprintf(ph, phsize, ";");
		return;
	}

	if (*p == '[') {
		const char *close = NULL;

		for (q = p + 1; q < e; q++) {
			if (*q == '"') {
				const char *after = rules_skip_dquoted(q, e);

				if (!after) {
					rules_fail_at(c, c->line,
						      "unterminated quoted name in section header at column %zu",
						      rules_column(c, q));
					return;
				}
				q = after - 1;
			} else if (*q == ']') {
				close = q;
				break;
			}
		}
		if (!close) {
			rules_fail_at(c, c->line,
				      "section header has no closing ']'");
			return;
		}
		q = rules_skip_space(close + 1, e);
		if (q < e && *q != ';' && *q != '#') {
			pgs_excerpt(shown, q, (size_t)(e - q),
				    PGS_RULES_QUOTE_MAX);
			rules_fail_at(c, c->line,
				      "unexpected text after the section header: '%s'",
				      shown);
			return;
		}
		if (rules_section(c, rules_trim(p + 1, close), &index))
			return;
		snprintf(ph, phsize, "[%c%zu]", PGS_RULES_PH, index);
		return;
	}

	/* KEY = VALUE: the key may be "quoted", the value may hold 'strings'. */
	for (q = p; q < e; q++) {
		if (*q == '"') {
			const char *after = rules_skip_dquoted(q, e);

			if (!after) {
				rules_fail_at(c, c->line,
					      "unterminated quoted name at column %zu",
					      rules_column(c, q));
				return;
			}
			q = after - 1;
		} else if (*q == '=' || rules_is_comment(q, p)) {
			break;
		}
	}
	if (q == e || *q != '=') {
		struct rules_slice line = rules_trim(p, q);
		size_t w = 0;

		while (w < line.len && rules_is_name_char(line.p[w]))
			w++;
		if (rules_is_secret_name(line.p, w) && w < line.len) {
			/* "secret_env: KEY", "secret_file KEY": the rest may
			 * be the key. */
			pgs_excerpt(shown, line.p, w, PGS_RULES_QUOTE_MAX);
			rules_fail_at(c, c->line,
				      "expected 'name = rule', a [schema.table] section or a comment, found '%s' followed by text that is not shown",
				      shown);
			rules_hint(c, "write options as %s = VALUE", shown);
			return;
		}
		pgs_excerpt(shown, line.p, line.len,
			    PGS_RULES_QUOTE_MAX);
		rules_fail_at(c, c->line,
			      "expected 'name = rule', a [schema.table] section or a comment, found '%s'",
			      shown);
		return;
	}
	c->tok[0] = rules_trim(p, q);
	s = q + 1;
	for (q = s; q < e; q++) {
		if (*q == '\'') {
			q = rules_skip_squoted(q, e) - 1;
		} else if (*q == '"') {
			/* A quoted name in a condition ("a ;b" = 'x'); an
			 * unclosed quote is left for the value's parser. */
			const char *after = rules_skip_dquoted(q, e);

			if (after)
				q = after - 1;
		} else if (rules_is_comment(q, s)) {
			break;
		}
	}
	c->tok[1] = rules_trim(s, q);
	c->ntok = 2;
	snprintf(ph, phsize, "%c0=%c1", PGS_RULES_PH, PGS_RULES_PH);
}

/* inih's fgets: one whole physical line per call, as a short stand-in. */
static char *rules_reader(char *str, int num, void *stream)
{
	struct rules_ctx *c = stream;
	const char *s, *e, *nl;
	char ph[64];
	size_t n;

	if (c->failed || c->pos >= c->end)
		return NULL;
	s = c->pos;
	nl = memchr(s, '\n', (size_t)(c->end - s));
	e = nl ? nl : c->end;
	c->pos = nl ? nl + 1 : c->end;
	if (e > s && e[-1] == '\r')
		e--;
	if (c->line == INT_MAX) {
		/* inih counts lines in an int too. */
		rules_fail_at(c, c->line, "too many lines");
		return NULL;
	}
	c->line++;
	c->line_start = s;
	rules_scan_line(c, s, e, ph, sizeof(ph));
	n = strlen(ph);
	if (num < 0 || n + 1 > (size_t)num) {
		/* Never cut a stand-in: that is the truncation we avoid. */
		rules_internal(c, c->line,
			       "inih's line buffer holds only %d bytes", num);
		return NULL;
	}
	memcpy(str, ph, n + 1);
	return str;
}

/* ---- the API --------------------------------------------------------------- */

void pgs_rules_init(struct pgs_rules *r)
{
	memset(r, 0, sizeof(*r));
	r->path = NULL;
	r->unlisted = PGS_UNLISTED_ERROR;
	r->large_objects = PGS_LO_UNSET;
	r->tables = NULL;
	r->ntables = 0;
}

void pgs_rules_release(struct pgs_rules *r)
{
	size_t i, j;

	for (i = 0; i < r->ntables; i++) {
		struct pgs_table_rules *t = &r->tables[i];

		for (j = 0; j < t->ncols; j++) {
			struct pgs_column_rule *cr = &t->cols[j];
			size_t k;

			free(cr->column);
			free(cr->text);
			rules_expr_release(&cr->expr);
			for (k = 0; k < cr->nbranches; k++) {
				free(cr->branches[k].cond);
				free(cr->branches[k].text);
				rules_expr_release(&cr->branches[k].expr);
			}
			free(cr->branches);
		}
		free(t->cols);
		free(t->where);
		free(t->schema);
		free(t->table);
	}
	free(r->tables);
	free(r->path);
	free(r->secret_env);
	free(r->secret_file);
	for (i = 0; i < r->ntruncate; i++) {
		free(r->truncate[i].schema);
		free(r->truncate[i].table);
	}
	free(r->truncate);
	pgs_rules_init(r);
}

/* r->sha256 from the bytes about to be parsed (libsodium's SHA-256). */
static int rules_digest(struct pgs_rules *r, const char *text, size_t len,
			struct pgs_error *err)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	/* Idempotent, as in pgs_keyed_init(). */
	if (sodium_init() < 0)
		return pgs_error_set(err, PGS_ENOMEM,
				     "cannot initialise libsodium");
	crypto_hash_sha256(h, (const unsigned char *)text,
			   (unsigned long long)len);
	sodium_bin2hex(r->sha256, sizeof(r->sha256), h, sizeof(h));
	return 0;
}

int pgs_rules_parse(struct pgs_rules *r, const char *name, const char *text,
		    size_t len, struct pgs_error *err)
{
	int option_lines[PGS_RULES_NOPTIONS] = { 0 };
	struct rules_ctx c;
	int ret;

	pgs_rules_init(r);
	if (!text)
		text = "";   /* (NULL, 0): NULL + 0 is undefined behaviour */
	if (rules_digest(r, text, len, err))
		return -1;
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.err = err;
	c.name = name;
	c.pos = text;
	c.end = text + len;
	c.option_lines = option_lines;
	/* No name in the file can be longer than the file. */
	pgs_buf_init(&c.ident, len + 1);

	r->path = rules_strndup(name, strlen(name));
	if (!r->path)
		return pgs_error_set(err, PGS_ENOMEM,
				     "out of memory reading the rules");
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		c.pos += 3;

	ret = ini_parse_stream(rules_reader, &c, rules_handler, &c);
	if (!c.failed && ret == -2)
		rules_nomem(&c);
	else if (!c.failed && ret != 0)
		/* Cannot happen: every line inih rejects was rejected here. */
		rules_internal(&c, ret, "inih found a syntax error the reader "
			       "let through");

	free(c.sections);
	free(c.slots);
	pgs_buf_release(&c.ident);
	if (c.failed) {
		char sha256[sizeof(r->sha256)];

		memcpy(sha256, r->sha256, sizeof(sha256));
		pgs_rules_release(r);
		memcpy(r->sha256, sha256, sizeof(sha256));
		return -1;
	}
	return 0;
}

int pgs_rules_load(struct pgs_rules *r, const char *path,
		   struct pgs_error *err)
{
	struct pgs_buf b;
	int fd, ret, saved;

	pgs_rules_init(r);
	if (strcmp(path, "-") == 0)
		return pgs_error_set(err, PGS_ERULES,
				     "the rules file cannot be standard input ('-'): standard input carries the archive");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pgs_error_set(err, PGS_ERULES,
				     "cannot read rules file '%s': %s", path,
				     strerror(errno));
	pgs_buf_init(&b, PGS_RULES_FILE_MAX);
	for (;;) {
		size_t room;
		ssize_t n;

		if (b.len == PGS_RULES_FILE_MAX) {
			char one;

			do
				n = read(fd, &one, 1);
			while (n < 0 && errno == EINTR);
			if (n > 0) {
				close(fd);
				pgs_buf_release(&b);
				return pgs_error_set(err, PGS_ERULES,
						     "rules file '%s' is larger than %zu MiB",
						     path, PGS_RULES_FILE_MAX >> 20);
			}
		} else {
			room = PGS_RULES_FILE_MAX - b.len;
			if (room > 65536)
				room = 65536;
			if (pgs_buf_grow(&b, room, err)) {
				close(fd);
				pgs_buf_release(&b);
				return -1;
			}
			do
				n = read(fd, b.data + b.len, room);
			while (n < 0 && errno == EINTR);
		}
		if (n < 0) {
			saved = errno;
			close(fd);
			pgs_buf_release(&b);
			return pgs_error_set(err, PGS_ERULES,
					     "cannot read rules file '%s': %s",
					     path, strerror(saved));
		}
		if (n == 0)
			break;
		if (b.len < PGS_RULES_FILE_MAX)
			b.len += (size_t)n;
	}
	close(fd);
	ret = pgs_rules_parse(r, path, b.data ? b.data : "", b.len, err);
	pgs_buf_release(&b);
	return ret;
}

const struct pgs_table_rules *pgs_rules_find_table(const struct pgs_rules *r,
						   const char *schema,
						   const char *table)
{
	size_t i;

	for (i = 0; i < r->ntables; i++)
		if (r->tables[i].kind == PGS_SECTION_TABLE &&
		    strcmp(r->tables[i].schema, schema) == 0 &&
		    strcmp(r->tables[i].table, table) == 0)
			return &r->tables[i];
	return NULL;
}

const struct pgs_table_rules *pgs_rules_find_pattern(const struct pgs_rules *r,
						     const char *schema)
{
	size_t i;

	for (i = 0; r && i < r->ntables; i++)
		if (schema ? r->tables[i].kind == PGS_SECTION_SCHEMA &&
			     strcmp(r->tables[i].schema, schema) == 0
			   : r->tables[i].kind == PGS_SECTION_ALL)
			return &r->tables[i];
	return NULL;
}

void pgs_rules_section_name(const struct pgs_table_rules *t, char *buf,
			    size_t size)
{
	struct pgs_buf b;
	struct pgs_error e;

	assert(size > 0);
	if (t->kind == PGS_SECTION_ALL) {
		snprintf(buf, size, "*");
		return;
	}
	pgs_buf_init(&b, 1024);
	if (pgs_ident_quote(&b, t->schema, &e) || pgs_buf_addc(&b, '.', &e) ||
	    (t->kind == PGS_SECTION_SCHEMA ? pgs_buf_addc(&b, '*', &e)
					   : pgs_ident_quote(&b, t->table, &e)))
		snprintf(buf, size, "%s.%s", t->schema, t->table);
	else
		snprintf(buf, size, "%s", b.data);
	pgs_buf_release(&b);
}

const struct pgs_column_rule *pgs_rules_find_column(
	const struct pgs_table_rules *t, const char *column)
{
	const struct pgs_column_rule *star = NULL;
	size_t i;

	if (!t)
		return NULL;
	for (i = 0; i < t->ncols; i++) {
		if (t->cols[i].is_star)
			star = &t->cols[i];
		else if (!t->cols[i].is_type &&
			 strcmp(t->cols[i].column, column) == 0)
			return &t->cols[i];
	}
	return star;
}

void pgs_rules_key(const struct pgs_column_rule *cr, char *buf, size_t size)
{
	struct pgs_buf b;
	struct pgs_error e;

	assert(size > 0);
	if (cr->is_star) {
		snprintf(buf, size, "*");
		return;
	}
	if (cr->is_type) {
		snprintf(buf, size, "type %s", cr->column);
		return;
	}
	pgs_buf_init(&b, 1024);
	if (pgs_ident_quote(&b, cr->column, &e))
		snprintf(buf, size, "%s", cr->column);
	else
		snprintf(buf, size, "%s", b.data);
	pgs_buf_release(&b);
}
