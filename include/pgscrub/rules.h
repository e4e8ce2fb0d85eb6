/*
 * rules.h — the rules file: which anonymiser applies to which column.
 *
 *   [pgscrub]
 *   unlisted = error          ; or keep
 *   large_objects = drop      ; or keep
 *   secret_env = PGSCRUB_KEY  ; or secret_file = PATH, or secret = random
 *   secret_file_permissions = private  ; or any
 *   truncate = public.audit_log, public.sessions
 *
 *   [public.users]
 *   email = const('nobody@example.com')
 *   "Full Name" = null
 *   * = keep                  ; every column this section does not name
 *
 *   [crm."Weird Table"]
 *   id = keep
 *
 *   [*]                       ; every table: defaults by column name
 *   created_at = keep
 *   [public.*]                ; every table of schema public
 *   id = keep
 *   type timestamp with time zone = keep   ; every column of that type
 *
 * [*] and [schema.*] are pattern sections: their rules apply by column
 * name wherever nothing nearer names the column (plan.h says the order).
 * A pattern section cannot hold "* = ...": it would keep every column no
 * rule names, which is what `unlisted = keep` says openly.  Only the whole
 * table part may be '*': [*.t], [*.*], [public.t*] are refused.
 *
 * The INI structure (sections, comments, line numbers) is parsed by inih.
 * Debian 12's inih (r55) cuts lines at 199 bytes and section names at 49,
 * so lines are handed to it through a stream reader that swaps every
 * section name, key and value for a short placeholder; names of 63 bytes,
 * quoted identifiers containing '=', ':' or ';', and values of any length
 * therefore come through whole.  Nothing is ever truncated.
 *
 * A rule value is an expression: NAME or NAME(ARG, ...) where each ARG is
 * 'a string' ('' for a quote), a number, a bare word, a nested expression,
 * or KEY=ARG.  Which names exist and which arguments they take is the
 * anonymiser module's business; this module only parses.

 *
 * In a table section, `where = CONDITION` (the key unquoted, any case;
 * "where" = ... is a column) is the section's row filter, and a rule value
 * may be `case when C then A [when C then A]... else A end` (keywords in
 * any case).  Conditions are kept as written: they are compiled against the
 * archive's columns later (condition.h); here only what needs no columns
 * is checked (not empty, quotes closed, parentheses balanced).  The THEN
 * and ELSE parts are expressions as above, split off with pgs_cond_span.
 * In values, 'strings' and "quoted names" may hold ';' and '#'.
 */
#ifndef PGSCRUB_RULES_H
#define PGSCRUB_RULES_H

#include <stddef.h>
#include "pgscrub/error.h"

enum pgs_unlisted {
	PGS_UNLISTED_ERROR = 0,   /* default: a column with no rule stops the run */
	PGS_UNLISTED_KEEP
};

enum pgs_lo_policy {
	PGS_LO_UNSET = 0,         /* not said: an error when the archive has LOs
				     and unlisted = error */
	PGS_LO_KEEP,
	PGS_LO_DROP
};

/* Who may read the key file (secret_file_permissions). */
enum pgs_key_file_mode {
	PGS_KEY_FILE_PRIVATE = 0, /* default: a key file group or others can
				     read, write or run is refused (as ssh
				     refuses a private key) */
	PGS_KEY_FILE_ANY          /* any: its mode is not checked */
};

enum pgs_arg_type {
	PGS_ARG_STRING,           /* 'text': str/len hold the unquoted bytes */
	PGS_ARG_NUMBER,           /* -12, 3.5: str holds the text as written */
	PGS_ARG_WORD,             /* a bare word such as digits: str holds it */
	PGS_ARG_EXPR              /* NAME(...): expr */
};

struct pgs_expr;

struct pgs_arg {
	char *key;                /* KEY of KEY=ARG, NULL for positional */
	enum pgs_arg_type type;
	char *str;                /* NUL-terminated (may contain NUL for
				     STRING; len is authoritative) */
	size_t len;
	struct pgs_expr *expr;    /* PGS_ARG_EXPR only */
};

struct pgs_expr {
	char *name;               /* anonymiser name as written (lower case) */
	struct pgs_arg *args;
	size_t nargs;
	int has_parens;           /* "name()" vs "name" */
};

/* One WHEN ... THEN ... of a case rule. */
struct pgs_case_branch {
	char *cond;               /* the condition as written (condition.h
				     compiles it against the table's columns) */
	size_t cond_len;
	struct pgs_expr expr;     /* the anonymiser of the THEN part */
	char *text;               /* the THEN part as written */
};

struct pgs_column_rule {
	char *column;             /* unquoted column name, or "*" for the
				     section's default (is_star) */
	int is_star;
	int is_type;              /* "type T = ..." (pattern sections only): a
				     rule by column type; column holds T as
				     written, blanks collapsed ("timestamp
				     with time zone", "public.email_addr",
				     "text[]"); plan.h says what it matches */
	struct pgs_expr expr;     /* the rule; for a case rule, its ELSE */
	char *text;               /* the value as written, for messages */
	int line;
	/* case when C1 then A1 [when C2 then A2 ...] else A end: the WHEN
	 * branches in order (nbranches 0: not a case rule).  The first whose
	 * condition is true for the row applies, else expr. */
	struct pgs_case_branch *branches;
	size_t nbranches;
};

/* What a section of column rules is for. */
enum pgs_section_kind {
	PGS_SECTION_TABLE = 0,    /* [schema.table] */
	PGS_SECTION_SCHEMA,       /* [schema.*]: every table of the schema */
	PGS_SECTION_ALL           /* [*]: every table */
};

struct pgs_table_rules {
	enum pgs_section_kind kind;
	char *schema;             /* unquoted; "*" for [*] */
	char *table;              /* unquoted; "*" for [schema.*] and [*]
				     (a table named "*" is PGS_SECTION_TABLE:
				     always test kind, never the name) */
	int line;                 /* line of the [section] header */
	struct pgs_column_rule *cols;  /* in file order, star included */
	size_t ncols;
	/* where = CONDITION (table sections only; a column named where is
	 * written "where"): only rows for which it is true are kept.  NULL
	 * when the section has none. */
	char *where;
	size_t where_len;
	int where_line;
};

/* schema.table as written in an option (truncate = ...). */
struct pgs_qualname {
	char *schema;             /* unquoted */
	char *table;              /* unquoted */
};

struct pgs_rules {
	char *path;               /* as given, for messages */
	enum pgs_unlisted unlisted;
	enum pgs_lo_policy large_objects;
	/* Where the key comes from: at most one of the three is set. */
	char *secret_env;         /* secret_env = NAME: the variable's name */
	char *secret_file;        /* secret_file = PATH, relative paths taken
				     from the rules file's directory */
	int secret_random;        /* secret = random: a fresh key per run */
	int secret_line;          /* the line that set it, 0 if none */
	enum pgs_key_file_mode secret_file_permissions;
	/* truncate = schema.table, ...: tables that keep their definition
	 * and lose every row. */
	struct pgs_qualname *truncate;
	size_t ntruncate;
	int truncate_line;
	struct pgs_table_rules *tables; /* in file order, pattern sections
					   ([*], [schema.*]) included */
	size_t ntables;
	/* Hex SHA-256 of the very bytes parsed (a BOM included), for the
	 * report: which rules made this dump.  "" when no bytes were read;
	 * kept when parsing fails. */
	char sha256[2 * 32 + 1];
};

/* An empty rule set (unlisted = error, large_objects unset). */
void pgs_rules_init(struct pgs_rules *r);

/*
 * Read and parse the rules file at path ("-" is not accepted: standard input
 * carries the archive).  PGS_ERULES for a file that cannot be read (message
 * names the file and errno) and for every syntax or content error, as
 * "PATH:LINE: what" with a hint where one helps (an unknown option or
 * section in [pgscrub] suggests the closest name).  Errors: a line that is
 * neither a section, a comment nor KEY = VALUE; a section name that is not
 * schema.table, schema.* or * (both parts required); an identifier over 63
 * bytes; "* = ..." in a pattern section; "type T = ..." in a table section
 * or with a T that is no type name; a
 * duplicate section or duplicate column in a section; where in a pattern
 * section, twice in a section, empty, or with an unclosed quote or
 * unbalanced parentheses; a case rule without ELSE or END, nested, on "*",
 * or with an empty WHEN, THEN or ELSE part; an unknown [pgscrub]
 * option or value; a rule value that is not a well-formed expression; a
 * key before the first section; secret_env or secret_file written as a
 * column rule.
 *
 * No message or hint ever quotes the value of an option whose name starts
 * with "secret" (a key written by mistake where a variable name or a path
 * belongs): they name the option and the line instead.
 */
int pgs_rules_load(struct pgs_rules *r, const char *path,
		   struct pgs_error *err);

/* The same from memory; name is used in messages in place of the path.
 * r->sha256 is the digest of text[0..len). */
int pgs_rules_parse(struct pgs_rules *r, const char *name, const char *text,
		    size_t len, struct pgs_error *err);

/* The section for schema.table, or NULL (never a pattern section). */
const struct pgs_table_rules *pgs_rules_find_table(const struct pgs_rules *r,
						   const char *schema,
						   const char *table);

/*
 * The rule for column in t: the rule naming it, else the section's "*"
 * rule, else NULL.  Rules by type ("type T = ...") never name a column.
 */
const struct pgs_column_rule *pgs_rules_find_column(
	const struct pgs_table_rules *t, const char *column);

/* The [schema.*] section for schema, or the [*] section (schema NULL),
 * or NULL. */
const struct pgs_table_rules *pgs_rules_find_pattern(const struct pgs_rules *r,
						     const char *schema);

/*
 * The section's name as written in a rules file, without brackets:
 * public.users, crm."Weird Table", public.*, * (quoted as PostgreSQL
 * quotes identifiers), into buf; cut (never overflowing) when too long.
 */
void pgs_rules_section_name(const struct pgs_table_rules *t, char *buf,
			    size_t size);

/*
 * A rule's key as written in a rules file: "*", the column's name quoted as
 * PostgreSQL quotes it, or "type T"; into buf, cut when too long.
 */
void pgs_rules_key(const struct pgs_column_rule *cr, char *buf, size_t size);

/* Free everything; r is empty again. */
void pgs_rules_release(struct pgs_rules *r);

#endif
