/*
 * report.h — the JSON report of a run (--report FILE), for the logs of an
 * unattended nightly job.
 */
#ifndef PGSCRUB_REPORT_H
#define PGSCRUB_REPORT_H

#include "pgscrub/buf.h"
#include "pgscrub/error.h"
#include "pgscrub/pipeline.h"

struct pgs_report_info {
	const char *version;        /* pgscrub's */
	const char *input;          /* "standard input" or the path */
	const char *output;         /* "standard output" or the path */
	const char *rules_path;
	const char *rules_sha256;   /* hex SHA-256 of the rules file's bytes */
	double seconds;             /* wall-clock time of the run */
	const char *started_at;     /* RFC 3339 UTC, "2026-12-05T03:14:00Z" */
	const char *ended_at;       /* the same, when the report was made */
	int exit_status;            /* what the process returns */
	const char *key_fingerprint; /* pgs_keyed_fingerprint(), or NULL when
				       the rules use no key */
	const char *error;          /* NULL on success, else the message */
	const char *hint;           /* with error: the hint, or NULL */
};

/*
 * Append the report: {"pgscrub": VERSION, "ok": bool, "exit_status": N,
 * "error": MESSAGE and "hint": HINT (failures only), "started_at": TIME,
 * "ended_at": TIME, "input": ..., "output": ..., "rules": {"path": ...,
 * "sha256": ...}, "key_fingerprint": HEX or null, "seconds": S,
 * "bytes_in": N, "bytes_out": N, "tables": [{"schema", "table", "action",
 * "rows" (null when the data was copied undecoded), "seconds", "bytes_in",
 * "bytes_out" (its data block, pgs_table_tally), "columns": [{"column",
 * "rule", "origin" (where the rule comes from, pgs_plan_origin()),
 * "changed"}]}], "truncated": ["schema.table", ...], "statistics":
 * {"value_lists_removed": N, "entries_removed": N}, "large_objects":
 * {"blocks": N, "action": "none"|"kept"|"dropped"}, "data_offsets": bool}.
 * Never contains a value from the data or the key.
 */
int pgs_report_json(struct pgs_buf *out, const struct pgs_tally *st,
		    const struct pgs_report_info *info, struct pgs_error *err);

#endif
