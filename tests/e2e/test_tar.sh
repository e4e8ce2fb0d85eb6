#!/usr/bin/env bash
# test_tar.sh — tar archives (pg_dump -Ft, issue 12) through pgscrub and back.
#
# For every tar fixture (pg_dump 15, 17, 18; 18 --statistics):
#   1. keep-only: the output is the input, byte for byte;
#   2. the rules of test_rewrite_restore.sh: restore the input into "orig" (the reference),
#      pgscrub -i X.tar -o OUT.tar, restore OUT with the matching pg_restore from the file
#      and from a pipe (cat OUT.tar | pg_restore -d: pg_restore reads a tar from stdin),
#      and check with SQL that exactly the rewritten columns changed; the same run through
#      a pipe in and out gives the same bytes;
#   3. the leak scan: no original e-mail address or phone number anywhere in OUT's bytes
#      (toc.dat with its statistics, every member, restore.sql) nor in its script.
# Then --format directory and custom from a tar, restored with pg_restore -j 2;
# --format tar from custom and directory archives, restored from a pipe; a row
# filter: the tar run and the custom-format run restore the same rows; and the
# damaged inputs: cut at many offsets and with flipped header bytes, from a file and a
# pipe: exit 1 with one error line, no output file, never a hang (20 s each).
# (The rules, REWRITES and the state query are copied from test_directory.sh.)
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients
need_fixtures
pg_start

TARS=$ARCHIVES/tar
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



tar_case() {
	local name=$1 in=$TARS/$1.tar v out restore_args=()
	v=${name:2:2}
	# pg_dump 18 --statistics: the server here is 15, which has no
	# pg_restore_*_stats(); the statistics are checked by the leak scan.
	case $name in *statistics*) restore_args=(--no-statistics) ;; esac

	out=$T/$name.keep.tar
	scrub -r "$T/keep.ini" -i "$in" -o "$out"
	if succeeded "$name (keep)"; then
		check "$name: keep-only output equals the input, byte for byte" cmp -s "$in" "$out"
	fi
	rm -f "$out"

	fresh_db orig
	restore_db "$v" orig "${restore_args[@]}" "$in" || { not_ok "$name: restoring the input failed"; return; }
	tables orig >"$T/tables"
	prepare_row_exprs "$T/tables"
	psql_q orig "$(state_query "$T/tables" expected)" >"$T/expected" ||
		{ not_ok "$name: reference query failed"; return; }
	leak_patterns orig "$T/leaks"

	out=$T/$name.out.tar
	scrub -r "$RULES" -i "$in" -o "$out"
	succeeded "$name" || return
	fresh_db from_file
	if restore_db "$v" from_file "${restore_args[@]}" "$out"; then
		compare_db "$name (pg_restore -d FILE)" from_file
	else
		not_ok "$name: pg_restore -d of the output failed"
	fi
	fresh_db from_pipe
	if restore_db "$v" from_pipe "${restore_args[@]}" <"$out"; then
		compare_db "$name (cat OUT | pg_restore -d)" from_pipe
	else
		not_ok "$name: pg_restore -d from a pipe failed"
	fi
	scrub_pipe "$in" "$T/$name.pipe.tar" -r "$RULES"
	if succeeded "$name (pipe)"; then
		check "$name: a pipe in and out gives the same bytes" cmp -s "$out" "$T/$name.pipe.tar"
	fi
	if grep -a -F -f "$T/leaks" "$out" >"$T/leaked"; then
		not_ok "$name: the output's bytes still contain original values: $(head -c 200 "$T/leaked")"
	else
		ok "$name: no original e-mail or phone anywhere in the output's bytes"
	fi
	if script_of "$out" "$v" | grep -F -f "$T/leaks" >"$T/leaked"; then
		not_ok "$name: the output's script still contains original values: $(head -c 200 "$T/leaked")"
	else
		ok "$name: no original e-mail or phone in the output's script"
	fi
	rm -f "$out" "$T/$name.pipe.tar"
}

keep_rules "$T/keep.ini"
for f in pg15 pg17 pg18 pg18-statistics; do
	tar_case "$f"
done
# the leak scan has something to find: the inputs hold the values
leak_patterns orig "$T/leaks"
check "the statistics fixture holds original e-mail addresses (toc.dat and restore.sql)" \
	grep -a -q -F -f "$T/leaks" "$TARS/pg18-statistics.tar"

# --format directory and custom from a tar (a pipe and a file), restored with
# pg_restore -j 2, which a tar itself does not allow.
convert_case() {
	local name=$1 fmt=$2 in=$TARS/$1.tar v out
	v=${name:2:2}
	fresh_db orig
	restore_db "$v" orig "$in" || { not_ok "$name: restoring the input failed"; return; }
	tables orig >"$T/tables"
	prepare_row_exprs "$T/tables"
	psql_q orig "$(state_query "$T/tables" expected)" >"$T/expected" ||
		{ not_ok "$name: reference query failed"; return; }
	if [ "$fmt" = directory ]; then
		out=$T/$name.conv.dir
		scrub --format directory --compress gzip -r "$RULES" -o "$out" <"$in"
	else
		out=$T/$name.conv.dump
		scrub --format custom -r "$RULES" -i "$in" -o "$out"
	fi
	succeeded "$name (--format $fmt)" || return
	fresh_db jobs
	if restore_db "$v" jobs -j 2 "$out"; then
		compare_db "$name --format $fmt (pg_restore -j 2 -d)" jobs
	else
		not_ok "$name: pg_restore -j 2 -d of the converted output failed"
	fi
	rm -rf "$out"
}
convert_case pg15 directory
convert_case pg18 directory
convert_case pg17 custom
convert_case pg15 custom

# --format tar from a custom archive (through a pipe) and a directory archive, restored
# with the matching pg_restore from a pipe.
to_tar_case() {
	local name=$1 in=$2 v out
	v=${name:2:2}
	fresh_db orig
	restore_db "$v" orig "$in" || { not_ok "$name: restoring the input failed"; return; }
	tables orig >"$T/tables"
	prepare_row_exprs "$T/tables"
	psql_q orig "$(state_query "$T/tables" expected)" >"$T/expected" ||
		{ not_ok "$name: reference query failed"; return; }
	leak_patterns orig "$T/leaks"
	out=$T/$name.to.tar
	if [ -d "$in" ]; then
		scrub --format tar -r "$RULES" -i "$in" -o "$out"
	else
		scrub_pipe "$in" "$out" --format tar -r "$RULES"
	fi
	succeeded "$name (--format tar)" || return
	fresh_db to_tar
	if restore_db "$v" to_tar <"$out"; then
		compare_db "$name --format tar (cat OUT | pg_restore -d)" to_tar
	else
		not_ok "$name: pg_restore -d of the tar failed"
	fi
	if grep -a -F -f "$T/leaks" "$out" >"$T/leaked"; then
		not_ok "$name --format tar: original values in the output: $(head -c 200 "$T/leaked")"
	else
		ok "$name --format tar: no original e-mail or phone in the output's bytes"
	fi
	rm -f "$out"
}
to_tar_case pg15-gzip-pipe "$ARCHIVES/pg15-gzip-pipe.dump"
to_tar_case pg18-zstd-file "$ARCHIVES/pg18-zstd-file.dump"
to_tar_case pg17-dir-lz4 "$ARCHIVES/dir/pg17-lz4"

# Row filters: the same rows from the tar run and the custom-format run.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n\n[public.people]\nwhere = id > 150 or id < 20\n' \
	>"$T/subset.ini"
scrub_pipe "$TARS/pg17.tar" "$T/subset.tar" -r "$T/subset.ini"
if succeeded "subset (tar, through a pipe)"; then
	scrub -r "$T/subset.ini" -i "$ARCHIVES/pg17-zstd-file.dump" -o "$T/subset.dump"
	if succeeded "subset (custom)"; then
		fresh_db sub_tar
		fresh_db sub_custom
		if restore_db 17 sub_tar "$T/subset.tar" && restore_db 17 sub_custom "$T/subset.dump"; then
			tables sub_custom >"$T/sub-tables"
			q=""
			while read -r t; do
				q+="${q:+ UNION ALL }SELECT '$t ' || count(*) || ' ' || coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '-') FROM $t x"
			done <"$T/sub-tables"
			check_eq "subset: the tar run restores the custom run's rows" \
				"$(psql_q sub_custom "$q ORDER BY 1")" "$(psql_q sub_tar "$q ORDER BY 1")"
			check_eq "subset: people filtered" "69" \
				"$(psql_q sub_tar "SELECT count(*) FROM public.people")"
		else
			not_ok "subset: restoring the outputs failed"
		fi
	fi
fi

# Damaged inputs: cut at many offsets (every header, inside each member, the end blocks)
# and header bytes flipped; exit 1, one error line, no output, no hang.
# damaged NAME FILE: run from the file and through a pipe.
damaged() {
	rm -f "$T/bad-out.tar"
	scrub -r "$RULES" -i "$2" -o "$T/bad-out.tar"
	if scrub_crashed || [ "$SCRUB_RC" != 1 ] || ! scrub_error_ok || [ -e "$T/bad-out.tar" ]; then
		not_ok "$1 (file): exit $SCRUB_RC ${SCRUB_WHY:-}: $(scrub_stderr)"
		return
	fi
	scrub_pipe "$2" "$T/bad-pipe.tar" -r "$RULES"
	if scrub_crashed || [ "$SCRUB_RC" != 1 ] || ! scrub_error_ok; then
		not_ok "$1 (pipe): exit $SCRUB_RC ${SCRUB_WHY:-}: $(scrub_stderr)"
		return
	fi
	ok "$1"
}
IN=$TARS/pg18.tar
size=$(stat -c %s "$IN")
offsets=$(python3 - "$IN" <<'PY'
import sys, tarfile
offs = set()
for m in tarfile.open(sys.argv[1]).getmembers():
    h, d = m.offset, m.offset_data
    offs.update({h, h + 1, h + 100, h + 511, d, d + 1, d + m.size // 2, d + m.size - 1, d + m.size})
print(" ".join(str(o) for o in sorted(offs)))
PY
)
n=0
for o in $offsets $((size - 1024)) $((size - 513)) $((size - 512)) $((size - 1)); do
	[ "$o" -lt "$size" ] || continue
	head -c "$o" "$IN" >"$T/cut.tar"
	damaged "cut at byte $o of $size" "$T/cut.tar"
	n=$((n + 1))
done
check "the cut loop ran over many offsets" test "$n" -gt 60
hdrs=$(python3 - "$IN" <<'PY'
import sys, tarfile
print(" ".join(str(m.offset) for m in tarfile.open(sys.argv[1]).getmembers()))
PY
)
for h in $hdrs; do
	for f in 0 100 124 130 148 156 257; do
		cp "$IN" "$T/flip.tar"
		printf '\377' | dd of="$T/flip.tar" bs=1 seek=$((h + f)) conv=notrunc 2>/dev/null
		damaged "byte $f of the header at $h flipped" "$T/flip.tar"
	done
done

finish
