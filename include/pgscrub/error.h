/*
 * error.h — the error record every module fills and main.c prints.
 *
 * Functions return 0 on success and -1 on failure.  The first place that sees
 * a failure fills the error with pgs_error_set(); callers on the way up add
 * where it happened with pgs_error_where() (outermost context first in the
 * final message), never overwrite it.  Only main.c prints it.
 */
#ifndef PGSCRUB_ERROR_H
#define PGSCRUB_ERROR_H

#include <stddef.h>

/* Error classes; main.c maps them to exit codes (README "Exit codes"). */
enum pgs_errcode {
	PGS_OK = 0,
	PGS_EINPUT,       /* the input archive is damaged, truncated or unsupported */
	PGS_EIO,          /* reading or writing a file failed (errno in message) */
	PGS_ENOMEM,       /* allocation failed or a length is over its cap */
	PGS_EPIPE,        /* the reader of our output went away: end quietly */
	PGS_EUSAGE,       /* bad command line */
	PGS_ERULES,       /* the rules file is unreadable or invalid */
	PGS_ECOVERAGE,    /* the rules do not cover (or cannot fit) the data */
	PGS_EINTERNAL     /* a bug in pgscrub, never the input's fault: a state
			   * that should not happen but that an assert()
			   * should not end the run over (main.c asks for a
			   * bug report) */
};

#define PGS_ERROR_MSG_MAX 1024
#define PGS_ERROR_HINT_MAX 512

struct pgs_error {
	enum pgs_errcode code;
	char msg[PGS_ERROR_MSG_MAX];   /* "where: where: what", NUL-terminated */
	char hint[PGS_ERROR_HINT_MAX]; /* "" when there is no hint */
};

#if defined(__GNUC__)
#define PGS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PGS_PRINTF(f, a)
#endif

/* Empty the record (code PGS_OK, no message, no hint). */
void pgs_error_init(struct pgs_error *err);

/*
 * Fill the record with a fresh failure and return -1, so that callers can
 * write `return pgs_error_set(err, PGS_EINPUT, "...")`.  Clears any hint.
 * err may be NULL (the failure is then only signalled by the return value).
 */
int pgs_error_set(struct pgs_error *err, enum pgs_errcode code,
		  const char *fmt, ...) PGS_PRINTF(3, 4);

/* Attach a hint ("what to do") to an already-set error; returns -1. */
int pgs_error_hint(struct pgs_error *err, const char *fmt, ...)
	PGS_PRINTF(2, 3);

/*
 * Prefix the message with a location ("TOC entry 3120 (TABLE DATA
 * public.users)") followed by ": "; returns -1.  Long messages are cut at
 * PGS_ERROR_MSG_MAX, keeping the start.
 */
int pgs_error_where(struct pgs_error *err, const char *fmt, ...)
	PGS_PRINTF(2, 3);

/*
 * A printable copy of the start of untrusted text s[0..len) for a message,
 * into dst (at least PGS_EXCERPT_SIZE(max) bytes): LF and TAB as \n and \t,
 * other control bytes as \xHH (the text may come from a damaged archive
 * and ends up on a terminal), cut at max bytes, never inside a UTF-8
 * sequence, with "..." when cut.  Returns dst.
 */
#define PGS_EXCERPT_SIZE(max) ((max) * 4 + 4)
const char *pgs_excerpt(char *dst, const char *s, size_t len, size_t max);

/*
 * For a "did you mean" hint: the closest of the NULL-terminated candidates
 * to word (Damerau–Levenshtein distance at most 2, or a case-insensitive
 * match; the first of equally close ones), or NULL.  Returns one of the
 * candidates, not a copy.
 */
const char *pgs_suggest(const char *word, const char *const *candidates);

#endif
