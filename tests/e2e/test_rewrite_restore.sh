#!/usr/bin/env bash
# test_rewrite_restore.sh — rewritten archives restore, with exactly the rewritten values.
#
# Rules: null/const on some columns (quoted identifiers, partitions, a column full of tabs,
# newlines and backslashes, a const that is the text "\N", bytea and jsonb consts) and keep
# elsewhere. For every archive of the matrix, and the --quote-all-identifiers,
# --load-via-partition-root, -B, -E SJIS and --statistics archives:
#   1. restore the input untouched into database "orig" (the reference);
#   2. pgscrub -i IN -o OUT, then pg_restore -j 2 -d from OUT (a named file);
#   3. pgscrub < IN | pg_restore -d (a pipe: pg_restore must find the blocks in order);
# and in both restored databases check with SQL that
#   - every rewritten column holds exactly the rule's value (NULL for null; the constant for
#     const, and NULL where the original was NULL),
#   - every other column of every table equals orig (md5 over the sorted row texts),
#   - large objects, sequences, views and the materialized view are intact;
# and that the script of OUT does not contain any original e-mail address or phone number
# (that also covers pg_dump 18 --statistics, whose TOC holds column values).
# The --inserts and --column-inserts archives must be refused (exit 3: INSERT-style data
# cannot be rewritten) without leaving an output file. Finally the demo
# (fixtures/demo-rules.ini on fixtures/demo.dump) must run and restore.
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients
need_fixtures
pg_start

T=$(tmp)
RULES=$T/rewrite.ini
cat >"$RULES" <<'EOF'
[pgscrub]
unlisted = keep
large_objects = keep

[public.people]
first_name = const('Jane')
email = null
phone = const('+00 000-0000')
notes = const('it''s a \ test, ünï ✓')
* = keep

[public.texts]
body = const('\N')

["CRM Data"."Weird Table"]
"Full Name" = const('Anonymous')
"select" = null
"k=v:x" = const('a=b:c')
"Quote""d" = const('"')

[public.measurements_2023]
note = const('n/a')

[public.measurements_2024]
peaktemp = null

[public.measurements_other]
note = null

[public.all_types]
b = const('\xdeadbeef')
jb = const('{"redacted": true}')

[public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt]
column_with_a_deliberately_long_name_of_exactly_sixty_three_byt = null

[public.jp_texts]
body = null
kana = const('kana')
EOF

# What the rules above must produce: table (as format('%I.%I') prints it) | column (raw
# name) | null or const | the constant as an SQL literal (its text form after restore).
REWRITES=(
	"public.people|first_name|const|'Jane'"
	"public.people|email|null|"
	"public.people|phone|const|'+00 000-0000'"
	"public.people|notes|const|'it''s a \\ test, ünï ✓'"
	"public.texts|body|const|'\\N'"
	'"CRM Data"."Weird Table"|Full Name|const|'"'Anonymous'"
	'"CRM Data"."Weird Table"|select|null|'
	'"CRM Data"."Weird Table"|k=v:x|const|'"'a=b:c'"
	'"CRM Data"."Weird Table"|Quote"d|const|'"'\"'"
	"public.measurements_2023|note|const|'n/a'"
	"public.measurements_2024|peaktemp|null|"
	"public.measurements_other|note|null|"
	"public.all_types|b|const|'\\xdeadbeef'"
	"public.all_types|jb|const|'{\"redacted\": true}'"
	"public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt|column_with_a_deliberately_long_name_of_exactly_sixty_three_byt|null|"
	"public.jp_texts|body|null|"
	"public.jp_texts|kana|const|'kana'"
)

sql_lit() { local s=${1//\'/\'\'}; printf "'%s'" "$s"; }
sql_ident() { local s=${1//\"/\"\"}; printf '"%s"' "$s"; }

# excluded_keys TABLE: SQL text[] of the rewritten columns of TABLE.
excluded_keys() {
	local spec t c list=""
	for spec in "${REWRITES[@]}"; do
		IFS='|' read -r t c _ <<<"$spec"
		[ "$t" = "$1" ] || continue
		list+="${list:+, }$(sql_lit "$c")"
	done
	printf 'ARRAY[%s]::text[]' "$list"
}

# ROW_EXPR[table] = "ROW(t.a, t.b, ...)::text" over the table's columns minus the rewritten
# ones (row text, not jsonb: json values may hold \u0000, which jsonb rejects). Filled by
# prepare_row_exprs (not in a subshell, so that the cache survives) from database orig.
declare -A ROW_EXPR=()
prepare_row_exprs() {
	local t
	while read -r t; do
		[ -z "${ROW_EXPR[$t]+set}" ] || continue
		ROW_EXPR[$t]="ROW($(psql_q orig "SELECT string_agg(format('t.%I', attname), ', ' ORDER BY attnum)
			FROM pg_attribute WHERE attrelid = $(sql_lit "$t")::regclass AND attnum > 0
			AND NOT attisdropped AND attname <> ALL ($(excluded_keys "$t"))"))::text"
	done <"$1"
}
row_expr() { printf '%s' "${ROW_EXPR[$2]}"; }

# tables DB: the ordinary tables and partitions of DB, one per line as format('%I.%I').
tables() {
	psql_q "$1" "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
		ORDER BY 1"
}

# state_query TABLES_FILE MODE: one SQL query printing, per table, row count and md5 of the
# sorted rows without the rewritten columns (column lists from database orig); per
# rewritten column, md5 of its values in row order: MODE "got" reads them, MODE "expected"
# computes them from the original values with the rule applied; plus large objects,
# sequences and views.
state_query() {
	local t spec c kind lit col value sep="" q=""
	while read -r t; do
		q+="$sep SELECT 'table $t: ' || count(*) || ' ' || coalesce(md5(string_agg(x, E'\\n' ORDER BY x)), '-')
			FROM (SELECT $(row_expr orig "$t") AS x FROM $t t) s"
		sep=" UNION ALL"
	done <"$1"
	for spec in "${REWRITES[@]}"; do
		IFS='|' read -r t c kind lit <<<"$spec"
		grep -qxF "$t" "$1" || continue
		col="t.$(sql_ident "$c")"
		if [ "$2" = got ]; then value="$col::text"
		elif [ "$kind" = null ]; then value="'<NULL>'"
		else value="($lit)::text"; fi
		q+="$sep SELECT 'column $t.$c: ' || coalesce(md5(string_agg(
				CASE WHEN $col IS NULL THEN '<NULL>' ELSE $value END,
				',' ORDER BY $(row_expr orig "$t"))), '-')
			FROM $t t"
	done
	q+="$sep SELECT 'large objects: ' || coalesce(string_agg(oid || '=' || md5(lo_get(oid)), ',' ORDER BY oid), '-')
		FROM pg_largeobject_metadata"
	if grep -qxF public.people "$1"; then
		q+=" UNION ALL SELECT 'sequences: ' || (SELECT last_value FROM public.ticket_seq) || ','
				|| (SELECT last_value FROM \"CRM Data\".\"Weird Table_id_seq\") || ','
				|| (SELECT last_value FROM public.orders_id_seq)
			UNION ALL SELECT 'view: ' || count(*) FROM public.people_public
			UNION ALL SELECT 'matview: ' || count(*) || ' ' || sum(total) FROM public.order_totals"
	fi
	printf '%s ORDER BY 1' "$q"
}

# leak_patterns DB FILE: original e-mail addresses and phone numbers of people, one a line.
leak_patterns() {
	psql_q "$1" "SELECT email FROM public.people WHERE email IS NOT NULL
		UNION ALL SELECT phone FROM public.people WHERE phone IS NOT NULL" >"$2"
}

# succeeded NAME: 0 when the last scrub run succeeded, else counts a failure.
succeeded() {
	if scrub_crashed; then not_ok "$1: pgscrub $SCRUB_WHY: $(scrub_stderr)"; return 1; fi
	[ "$SCRUB_RC" -ne 0 ] || return 0
	not_ok "$1: pgscrub exit $SCRUB_RC: $(scrub_stderr)"
	return 1
}

# compare_db NAME DB: DB's state equals the expected state.
compare_db() {
	local got
	if ! got=$(psql_q "$2" "$(state_query "$T/tables" got)" 2>&1); then
		not_ok "$1: query failed: $(e2e_trim "$got")"; return
	fi
	printf '%s\n' "$got" >"$T/got"
	if diff "$T/expected" "$T/got" >"$T/diff"; then
		ok "$1: data as expected"
	else
		not_ok "$1: data differs from the expected (< expected, > restored):"
		sed 's/^/    /' "$T/diff" | head -n 20 >&2
	fi
}

# rewrite_case IN [PG_RESTORE_ARGS...]
rewrite_case() {
	local in=$1 name v out st
	shift
	name=$(basename "$in" .dump)
	v=$(archive_pg_version "$in")
	fresh_db orig
	restore_db "$v" orig "$@" "$in" || { not_ok "$name: restoring the input failed"; return; }
	tables orig >"$T/tables"
	prepare_row_exprs "$T/tables"
	psql_q orig "$(state_query "$T/tables" expected)" >"$T/expected" || { not_ok "$name: reference query failed"; return; }
	if grep -qxF public.people "$T/tables"; then leak_patterns orig "$T/leaks"; else : >"$T/leaks"; fi

	# -i/-o, then a parallel restore from the named file.
	out=$T/$name.out.dump
	rm -f "$out"
	scrub -r "$RULES" -i "$in" -o "$out"
	if succeeded "$name"; then
		fresh_db jobs
		if restore_db "$v" jobs -j 2 "$@" "$out"; then
			compare_db "$name (pg_restore -j 2 -d, file)" jobs
		else
			not_ok "$name: pg_restore -j 2 -d of the output failed"
		fi
		if [ -s "$T/leaks" ]; then
			if script_of "$out" "$v" | grep -F -f "$T/leaks" >"$T/leaked"; then
				not_ok "$name: the output still contains original values: $(head -c 200 "$T/leaked")"
			else
				ok "$name: no original e-mail or phone left in the output's script"
			fi
		fi
	fi

	# A pipe all the way: pgscrub < IN | pg_restore -d.
	fresh_db piped
	timeout -k 5 "$SCRUB_TIMEOUT" "$PGSCRUB" -r "$RULES" <"$in" 2>"$SCRUB_ERR" \
		| restore_db "$v" piped "$@"
	st=("${PIPESTATUS[@]}")
	SCRUB_RC=${st[0]}
	succeeded "$name (pipe)" || return
	if [ "${st[1]}" -eq 0 ]; then
		compare_db "$name (pgscrub | pg_restore -d)" piped
	else
		not_ok "$name: pg_restore -d from the pipe failed"
	fi
	rm -f "$out"
}

while read -r f; do
	rewrite_case "$f"
done < <(fixture_archives)

rewrite_case "$ARCHIVES/pg18-gzip-quote-all.dump"
rewrite_case "$ARCHIVES/pg18-gzip-partition-root.dump"
rewrite_case "$ARCHIVES/pg15-gzip-noblobs.dump"
# SJIS: the rules for jp_texts are ASCII; sections of tables not in the archive are ignored.
rewrite_case "$ARCHIVES/pg18-none-sjis.dump"
# Statistics: pgscrub removes those of rewritten tables (the leak check proves it);
# pg_restore 18 cannot restore statistics into PostgreSQL 15 anyway.
rewrite_case "$ARCHIVES/pg18-gzip-statistics.dump" --no-statistics

# INSERT-style data cannot be rewritten: exit 3 (the rules do not fit), no output file.
for n in pg17-gzip-inserts pg17-gzip-column-inserts; do
	rm -f "$T/out.dump"
	scrub -r "$RULES" -i "$ARCHIVES/$n.dump" -o "$T/out.dump"
	if scrub_crashed; then
		not_ok "$n: pgscrub $SCRUB_WHY: $(scrub_stderr)"
	else
		check_eq "$n: refused with exit 3" 3 "$SCRUB_RC"
		check "$n: one-line error ($(scrub_stderr))" scrub_error_ok
		check "$n: no output file" test ! -e "$T/out.dump"
	fi
done

# The demo: every column listed, unlisted = error, large objects dropped.
scrub -r "$FIXTURES/demo-rules.ini" -i "$FIXTURES/demo.dump" -o "$T/demo.out.dump"
if succeeded "demo"; then
	fresh_db demo
	if restore_db 17 demo "$T/demo.out.dump"; then
		check_eq "demo: personal columns scrubbed" "0" "$(psql_q demo "SELECT count(*) FROM public.people
			WHERE first_name <> 'Jane' OR last_name IS DISTINCT FROM 'Doe' AND last_name IS NOT NULL
			OR email IS NOT NULL OR phone IS NOT NULL OR birth_date IS NOT NULL
			OR notes <> 'redacted'")"
		check_eq "demo: rows kept" "200 26 40" "$(psql_q demo "SELECT (SELECT count(*) FROM public.people)
			|| ' ' || (SELECT count(*) FROM public.texts) || ' ' || (SELECT count(*) FROM public.all_types)")"
		check_eq "demo: large objects dropped" "0" \
			"$(psql_q demo "SELECT coalesce(sum(length(lo_get(oid))), 0) FROM pg_largeobject_metadata")"
	else
		not_ok "demo: restoring the output failed"
	fi
fi

finish
