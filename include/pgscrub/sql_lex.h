/*
 * sql_lex.h — the one SQL lexer: tokens of the SQL text pg_dump writes into
 * TOC entries (CREATE TABLE / TYPE / DOMAIN, ALTER TABLE, CREATE INDEX,
 * STATISTICS DATA calls), following the server's scan.l rules for what a
 * token is, so that a comma, parenthesis or semicolon inside a string, a
 * quoted identifier or a comment never splits anything.
 *
 * What it does not do: it knows no keywords (a keyword is a PGS_SQL_WORD
 * like any bare identifier; compare with pgs_sql_is_kw) and no grammar.
 * Parsers (schema.c, statistics.c) build on the tokens.
 *
 * Tokens:
 *   PGS_SQL_WORD    bare identifier or keyword: [A-Za-z_\x80-\xff] followed
 *                   by those, digits and '$'.  Its name is folded to lower
 *                   case (ASCII only) by pgs_sql_ident_value.
 *   PGS_SQL_QIDENT  "quoted identifier" ("" for a quote inside); its name
 *                   is the text between the quotes, not folded.
 *   PGS_SQL_UIDENT  U&"..." — lexed as one token so that its contents
 *                   cannot be mistaken for SQL, but never decoded:
 *                   pg_dump does not write it, pgs_sql_ident_value refuses.
 *   PGS_SQL_STRING  '...' ('' for a quote), E'...' (backslash escapes),
 *                   N'...', B'...', X'...', U&'...' and $tag$...$tag$.  A
 *                   plain '...' has backslash escapes too when
 *                   standard_conforming_strings is off (std_strings == 0).
 *                   The token covers the prefix, quotes and contents.
 *   PGS_SQL_NUMBER  a digit (or '.' and a digit) and everything that
 *                   continues it: 12, 1.5, 1e-5, 0x1F, 1_000.
 *   PGS_SQL_PARAM   $1.
 *   PGS_SQL_OP      one operator character ('::' is two PGS_SQL_COLON,
 *                   '<>' two PGS_SQL_OP); a '$' that starts no dollar
 *                   quote is an operator character too.
 *   PGS_SQL_LPAREN ( RPAREN ) LBRACK [ RBRACK ] COMMA , SEMI ; DOT . COLON :
 *   PGS_SQL_END     the end of the input (length 0).
 * White space and comments are skipped: "--" to the end of the line, and
 * C-style block comments, which nest as in PostgreSQL (an inner opener
 * needs its own closer).  A token preceded by either has gap set.
 *
 * Lexical errors (an unterminated string, quoted identifier, dollar-quoted
 * string or comment) fail the whole text: a parser must never carry on
 * over a half-read statement.
 */
#ifndef PGSCRUB_SQL_LEX_H
#define PGSCRUB_SQL_LEX_H

#include <stddef.h>
#include "pgscrub/buf.h"
#include "pgscrub/error.h"

enum pgs_sql_kind {
	PGS_SQL_END = 0,
	PGS_SQL_WORD,
	PGS_SQL_QIDENT,
	PGS_SQL_UIDENT,
	PGS_SQL_STRING,
	PGS_SQL_NUMBER,
	PGS_SQL_PARAM,
	PGS_SQL_OP,
	PGS_SQL_LPAREN, PGS_SQL_RPAREN, PGS_SQL_LBRACK, PGS_SQL_RBRACK,
	PGS_SQL_COMMA, PGS_SQL_SEMI, PGS_SQL_DOT, PGS_SQL_COLON
};

/*
 * One token: text[off .. off + len) of the lexer's input.  p is the same
 * position as a pointer (text + off), for parsers that slice the text; it
 * is valid as long as the input is.
 */
struct pgs_sql_token {
	enum pgs_sql_kind kind;
	size_t off, len;
	const char *p;
	int gap;        /* white space or a comment right before it */
};

/*
 * A lexer over text[0..len), borrowed (not copied) for the lexer's life.
 * After a failed call, why is a static string saying what is wrong
 * ("unterminated string literal") and why_off the offset where the bad
 * token starts, so that callers can word the message for their context.
 */
struct pgs_sql_lexer {
	const char *text;
	size_t len;
	size_t pos;             /* where the next token is looked for */
	int std_strings;        /* standard_conforming_strings */
	const char *why;        /* NULL unless a lexical error was found */
	size_t why_off;
};

/* Tokens of a whole text, the last one PGS_SQL_END. */
struct pgs_sql_tokens {
	struct pgs_sql_token *v;        /* owned */
	size_t n, cap;
};

#define PGS_SQL_TOKENS_INIT { NULL, 0, 0 }

/* Start lexing text[0..len).  Allocates nothing. */
void pgs_sql_lexer_init(struct pgs_sql_lexer *lx, const char *text,
			size_t len, int std_strings);

/*
 * The next token into *t (PGS_SQL_END, again and again, at the end).
 * On a lexical error returns -1 with lx->why and lx->why_off set and err
 * PGS_EINPUT "<why> at byte <offset>".
 */
int pgs_sql_lex_next(struct pgs_sql_lexer *lx, struct pgs_sql_token *t,
		     struct pgs_error *err);

/*
 * Every remaining token of lx into tv (emptied first), ending with the
 * PGS_SQL_END token.  -1 on a lexical error (as pgs_sql_lex_next) or with
 * PGS_ENOMEM and lx->why NULL when the vector cannot grow.
 */
int pgs_sql_lex_all(struct pgs_sql_tokens *tv, struct pgs_sql_lexer *lx,
		    struct pgs_error *err);

/* Free the vector; it is empty and usable again. */
void pgs_sql_tokens_release(struct pgs_sql_tokens *tv);

/* Is t the bare word kw (kw in lower case; t in any case)? */
int pgs_sql_is_kw(const struct pgs_sql_token *t, const char *kw);

/*
 * The name a PGS_SQL_WORD (folded to lower case) or PGS_SQL_QIDENT
 * (unquoted) token denotes, replacing out's contents.  PGS_EINPUT for any
 * other token (U&"..." included: not supported), an empty quoted name,
 * one longer than PGS_IDENT_MAX bytes (ident.h) or one with a NUL byte.
 */
int pgs_sql_ident_value(struct pgs_buf *out, const struct pgs_sql_token *t,
			struct pgs_error *err);

/*
 * The value of a '...', E'...' or N'...' PGS_SQL_STRING token t of
 * text[0..len), replacing out's contents: '' becomes ', and with escapes
 * (E'', or any of them when std_strings is 0) \b \f \n \r \t, octal \ooo,
 * hex \xhh, \uXXXX and \UXXXXXXXX (as UTF-8) are decoded and any other
 * backslashed byte stands for itself.  PGS_EINPUT ("unsupported string
 * literal" for B'', X'', U&'' and dollar quotes; "bad escape in a string"
 * for a bad \u or \U) with an excerpt of the text from t on.
 */
int pgs_sql_string_value(struct pgs_buf *out, const char *text, size_t len,
			 const struct pgs_sql_token *t, int std_strings,
			 struct pgs_error *err);

#endif
