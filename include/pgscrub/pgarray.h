/*
 * pgarray.h — PostgreSQL array literals as array_out writes them
 * ({a,"b c",NULL,{1,2}}, optionally preceded by bounds: [0:1]={x,y}), so that
 * an anonymiser can be applied to each element of an array column.
 *
 * Works on the decoded (COPY-unescaped) text of the field.
 */
#ifndef PGSCRUB_PGARRAY_H
#define PGSCRUB_PGARRAY_H

#include <stddef.h>
#include "pgscrub/buf.h"
#include "pgscrub/error.h"

/*
 * Called for each non-NULL element with its value (quotes and backslash
 * escapes of the literal undone); appends the new element value to out.
 */
typedef int (*pgs_elem_fn)(void *ctx, struct pgs_buf *out, const char *elem,
			   size_t len, struct pgs_error *err);

/*
 * Append to out the literal lit with every non-NULL element replaced by
 * fn's output, quoted exactly as array_out would quote it: in double quotes
 * when it is empty, is NULL in any letter case, or contains the delimiter,
 * '{', '}', '"', '\\' or white space; inside quotes '"' and '\\' get a
 * backslash.  NULL elements, nesting, dimensions and bounds are kept.
 * delim is ',' for every type but box (';').  PGS_EINPUT for a malformed
 * literal (unbalanced braces, unterminated quotes, junk after the end).
 */
int pgs_array_map(struct pgs_buf *out, const char *lit, size_t len,
		  char delim, pgs_elem_fn fn, void *ctx, struct pgs_error *err);

#endif
