/*
 * report.c — the JSON report of a run (report.h).
 */
#include "pgscrub/report.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pgscrub/json.h"

static int key(struct pgs_buf *out, const char *k, struct pgs_error *err)
{
	return pgs_json_string(out, k, err) || pgs_buf_addc(out, ':', err) ? -1 : 0;
}

static int kv_str(struct pgs_buf *out, const char *k, const char *v,
		  struct pgs_error *err)
{
	return key(out, k, err) || pgs_json_string(out, v ? v : "", err) ? -1 : 0;
}

int pgs_report_json(struct pgs_buf *out, const struct pgs_tally *st,
		    const struct pgs_report_info *info, struct pgs_error *err)
{
	size_t i, j;
	int first;

	if (pgs_buf_addc(out, '{', err) ||
	    kv_str(out, "pgscrub", info->version, err) ||
	    pgs_buf_addf(out, err, ",\"ok\":%s,\"exit_status\":%d,",
		 info->error ? "false" : "true", info->exit_status) ||
	    (info->error && (kv_str(out, "error", info->error, err) ||
			     pgs_buf_addc(out, ',', err))) ||
	    (info->error && info->hint && (kv_str(out, "hint", info->hint, err) ||
					   pgs_buf_addc(out, ',', err))) ||
	    kv_str(out, "started_at", info->started_at, err) ||
	    pgs_buf_addc(out, ',', err) ||
	    kv_str(out, "ended_at", info->ended_at, err) ||
	    pgs_buf_addc(out, ',', err) ||
	    kv_str(out, "input", info->input, err) || pgs_buf_addc(out, ',', err) ||
	    kv_str(out, "output", info->output, err) || pgs_buf_addc(out, ',', err) ||
	    key(out, "rules", err) || pgs_buf_addc(out, '{', err) ||
	    kv_str(out, "path", info->rules_path, err) || pgs_buf_addc(out, ',', err) ||
	    kv_str(out, "sha256", info->rules_sha256, err) ||
	    pgs_buf_adds(out, "},", err) ||
	    (info->key_fingerprint ?
	     kv_str(out, "key_fingerprint", info->key_fingerprint, err) :
	     pgs_buf_adds(out, "\"key_fingerprint\":null", err)) ||
	    pgs_buf_addf(out, err, ",\"seconds\":%.3f,\"bytes_in\":%" PRIu64
		 ",\"bytes_out\":%" PRIu64 ",\"tables\":[",
		 info->seconds, st->bytes_in, st->bytes_out))
		return -1;
	for (i = 0; i < st->ntables; i++) {
		const struct pgs_table_tally *t = &st->tables[i];

		if ((i && pgs_buf_addc(out, ',', err)) || pgs_buf_addc(out, '{', err) ||
		    kv_str(out, "schema", t->schema, err) || pgs_buf_addc(out, ',', err) ||
		    kv_str(out, "table", t->table, err) || pgs_buf_addc(out, ',', err) ||
		    kv_str(out, "action", t->action, err))
			return -1;
		if (t->rows < 0 ? pgs_buf_addf(out, err, ",\"rows\":null") :
		    pgs_buf_addf(out, err, ",\"rows\":%" PRId64, t->rows))
			return -1;
		if (pgs_buf_addf(out, err, ",\"seconds\":%.3f,\"bytes_in\":%" PRIu64
			 ",\"bytes_out\":%" PRIu64, t->seconds, t->bytes_in,
			 t->bytes_out))
			return -1;
		if (t->filtered) {
			if (pgs_buf_addf(out, err, ",\"rows_kept\":%" PRIu64
				 ",\"removed_by_filter\":%" PRIu64
				 ",\"removed_by_cascade\":%" PRIu64
				 ",\"nulled\":%" PRIu64 ",\"cascade\":[",
				 t->kept, t->removed_by_filter,
				 t->removed_by_cascade, t->nulled))
				return -1;
			for (j = 0; j < t->ncauses; j++)
				if ((j && pgs_buf_addc(out, ',', err)) ||
				    pgs_buf_addc(out, '{', err) ||
				    kv_str(out, "constraint",
					   t->causes[j].constraint, err) ||
				    pgs_buf_addf(out, err, ",\"removed\":%" PRIu64
					 ",\"nulled\":%" PRIu64 "}",
					 t->causes[j].removed,
					 t->causes[j].nulled))
					return -1;
			if (pgs_buf_addc(out, ']', err))
				return -1;
		}
		if (t->ncols) {
			if (pgs_buf_adds(out, ",\"columns\":[", err))
				return -1;
			for (j = 0; j < t->ncols; j++)
				if ((j && pgs_buf_addc(out, ',', err)) ||
				    pgs_buf_addc(out, '{', err) ||
				    kv_str(out, "column", t->cols[j].column, err) ||
				    pgs_buf_addc(out, ',', err) ||
				    kv_str(out, "rule", t->cols[j].rule, err) ||
				    (t->cols[j].origin &&
				     (pgs_buf_addc(out, ',', err) ||
				      kv_str(out, "origin", t->cols[j].origin, err))) ||
				    pgs_buf_addf(out, err, ",\"changed\":%" PRIu64 "}",
					 t->cols[j].changed))
					return -1;
			if (pgs_buf_addc(out, ']', err))
				return -1;
		}
		if (pgs_buf_addc(out, '}', err))
			return -1;
	}
	if (pgs_buf_adds(out, "],\"truncated\":[", err))
		return -1;
	first = 1;
	for (i = 0; i < st->ntables; i++) {
		char q[300];

		if (strcmp(st->tables[i].action, "truncated") != 0)
			continue;
		snprintf(q, sizeof(q), "%s.%s", st->tables[i].schema,
			 st->tables[i].table);
		if ((!first && pgs_buf_addc(out, ',', err)) ||
		    pgs_json_string(out, q, err))
			return -1;
		first = 0;
	}
	if (pgs_buf_addf(out, err, "],\"statistics\":{\"value_lists_removed\":%u,"
		 "\"entries_removed\":%u},\"large_objects\":{\"blocks\":%u,",
		 st->statistics_values_removed, st->statistics_entries_removed,
		 st->large_object_blocks) ||
	    kv_str(out, "action", st->large_objects ? st->large_objects : "none", err) ||
	    pgs_buf_addf(out, err, "},\"data_offsets\":%s}\n",
		 st->offsets_written ? "true" : "false"))
		return -1;
	return 0;
}
