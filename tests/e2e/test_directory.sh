#!/usr/bin/env bash
# test_directory.sh — directory archives (pg_dump -Fd, issue 12) through pgscrub and back.
#
# For every directory fixture (pg_dump 15: none, gzip; 17 and 18: none, gzip, lz4, zstd):
#   1. keep-only: pgscrub -i DIR -o OUT writes the input again, file for file (cmp each);
#   2. the rules of test_rewrite_restore.sh: restore the input into "orig" (the reference),
#      pgscrub -i DIR -o OUT, restore OUT with the matching pg_restore, serially and with
#      -j 2, and check with SQL that exactly the rewritten columns changed (the rule's
#      value in each, every other column, large objects, sequences and views as orig);
#   3. the leak scan: OUT's script holds no original e-mail address or phone number.
# Then --format directory from custom archives (pg_dump 15 through a pipe, 18 lz4) and
# --format custom from directory archives (15 gzip, 17 zstd), restored with -j 2, the
# same checks; and a row filter (the subset's first reading from
# the data files): the directory run and the custom-format run restore the same rows.
# (The rules, REWRITES and the state query are copied from test_rewrite_restore.sh.)
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients
need_fixtures
pg_start

DIRS=$ARCHIVES/dir
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


# same_files A B: the same names, each file the same bytes.
same_files() {
	[ "$(cd "$1" && ls)" = "$(cd "$2" && ls)" ] || return 1
	local f
	for f in "$1"/*; do cmp -s "$f" "$2/$(basename "$f")" || return 1; done
}

dir_case() {
	local name=$1 in=$DIRS/$1 v out
	v=${name:2:2}

	# keep-only: the same files
	out=$T/$name.keep
	scrub -r "$T/keep.ini" -i "$in" -o "$out"
	if succeeded "$name (keep)"; then
		check "$name: keep-only output equals the input, file for file" same_files "$in" "$out"
	fi
	rm -rf "$out"

	fresh_db orig
	restore_db "$v" orig "$in" || { not_ok "$name: restoring the input failed"; return; }
	tables orig >"$T/tables"
	prepare_row_exprs "$T/tables"
	psql_q orig "$(state_query "$T/tables" expected)" >"$T/expected" ||
		{ not_ok "$name: reference query failed"; return; }
	leak_patterns orig "$T/leaks"

	out=$T/$name.out
	scrub -r "$RULES" -i "$in" -o "$out"
	succeeded "$name" || return
	fresh_db serial
	if restore_db "$v" serial "$out"; then
		compare_db "$name (pg_restore -d)" serial
	else
		not_ok "$name: pg_restore -d of the output failed"
	fi
	fresh_db jobs
	if restore_db "$v" jobs -j 2 "$out"; then
		compare_db "$name (pg_restore -j 2 -d)" jobs
	else
		not_ok "$name: pg_restore -j 2 -d of the output failed"
	fi
	if script_of "$out" "$v" | grep -F -f "$T/leaks" >"$T/leaked"; then
		not_ok "$name: the output still contains original values: $(head -c 200 "$T/leaked")"
	else
		ok "$name: no original e-mail or phone left in the output's script"
	fi
	rm -rf "$out"
}

keep_rules "$T/keep.ini"
for d in pg15-none pg15-gzip pg17-none pg17-gzip pg17-lz4 pg17-zstd \
	 pg18-none pg18-gzip pg18-lz4 pg18-zstd; do
	dir_case "$d"
done

# --format directory: a custom archive rewritten into a directory archive, restored with
# pg_restore -j 2 (the reference restored from the custom input).
convert_case() {
	local name=$1 in=$ARCHIVES/$1.dump v out
	v=${name:2:2}
	fresh_db orig
	restore_db "$v" orig "$in" || { not_ok "$name: restoring the input failed"; return; }
	tables orig >"$T/tables"
	prepare_row_exprs "$T/tables"
	psql_q orig "$(state_query "$T/tables" expected)" >"$T/expected" ||
		{ not_ok "$name: reference query failed"; return; }
	out=$T/$name.dir
	scrub --format directory -r "$RULES" -i "$in" -o "$out"
	succeeded "$name (--format directory)" || return
	fresh_db jobs
	if restore_db "$v" jobs -j 2 "$out"; then
		compare_db "$name --format directory (pg_restore -j 2 -d)" jobs
	else
		not_ok "$name: pg_restore -j 2 -d of the converted output failed"
	fi
	rm -rf "$out"
}
convert_case pg15-gzip-pipe
convert_case pg18-lz4-file

# --format custom: a directory archive rewritten into a custom archive (a file: data
# offsets), restored with pg_restore -j 2.
to_custom_case() {
	local name=$1 in=$DIRS/$1 v out
	v=${name:2:2}
	fresh_db orig
	restore_db "$v" orig "$in" || { not_ok "$name: restoring the input failed"; return; }
	tables orig >"$T/tables"
	prepare_row_exprs "$T/tables"
	psql_q orig "$(state_query "$T/tables" expected)" >"$T/expected" ||
		{ not_ok "$name: reference query failed"; return; }
	out=$T/$name.dump
	scrub --format custom -r "$RULES" -i "$in" -o "$out"
	succeeded "$name (--format custom)" || return
	fresh_db jobs
	if restore_db "$v" jobs -j 2 "$out"; then
		compare_db "$name --format custom (pg_restore -j 2 -d)" jobs
	else
		not_ok "$name: pg_restore -j 2 -d of the converted output failed"
	fi
	rm -f "$out"
}
to_custom_case pg15-gzip
to_custom_case pg17-zstd

# Row filters: the same rows from the directory run and the custom-format run.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n\n[public.people]\nwhere = id > 150 or id < 20\n' \
	>"$T/subset.ini"
scrub -r "$T/subset.ini" -i "$DIRS/pg17-zstd" -o "$T/subset.dir"
if succeeded "subset (directory)"; then
	scrub -r "$T/subset.ini" -i "$ARCHIVES/pg17-zstd-file.dump" -o "$T/subset.dump"
	if succeeded "subset (custom)"; then
		fresh_db sub_dir
		fresh_db sub_custom
		if restore_db 17 sub_dir "$T/subset.dir" && restore_db 17 sub_custom "$T/subset.dump"; then
			tables sub_custom >"$T/sub-tables"
			q=""
			while read -r t; do
				q+="${q:+ UNION ALL }SELECT '$t ' || count(*) || ' ' || coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '-') FROM $t x"
			done <"$T/sub-tables"
			check_eq "subset: the directory run restores the custom run's rows" \
				"$(psql_q sub_custom "$q ORDER BY 1")" "$(psql_q sub_dir "$q ORDER BY 1")"
			check_eq "subset: people filtered" "69" \
				"$(psql_q sub_dir "SELECT count(*) FROM public.people")"
		else
			not_ok "subset: restoring the outputs failed"
		fi
	fi
fi

finish
