#!/usr/bin/env bash
# test_plain.sh — plain SQL scripts (pg_dump -Fp, issue 12) scrubbed and run by psql.
#
# For the scripts of pg_dump 15, 17 and 18 (fixtures/archives/pgNN-plain.sql):
#   1. keep-only: the output is the input, byte for byte;
#   2. the original script restores into "orig_NN" with the psql of its version
#      (ON_ERROR_STOP=1), the rewritten one into "scr_NN": every column of every table
#      equals orig but the rewritten ones, which hold exactly the rule's value (NULL for
#      null, the constant for const and NULL where the original was NULL);
#   3. zcat SCRIPT.gz | pgscrub -r R | gzip restores (zcat | psql) to the same state;
# then: a smaller copy (where + cascade, fixtures/fk.sql) of the plain script restores to
# the same rows as the same rules on the custom-format archive of the same database; and no
# original e-mail address or phone number is anywhere in a rewritten script, the
# pg_dump 18 --statistics one included.
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

["CRM Data"."Weird Table"]
"Full Name" = const('Anonymous')
"select" = null
EOF
cat >"$T/keep.ini" <<'EOF'
[pgscrub]
unlisted = keep
large_objects = keep
EOF

# state DB: per table its row count and the md5 of its sorted rows without the rewritten
# columns; per rewritten column, its values in the order of the other columns, with
# EXPECTED given (orig: the rule applied to the original values).
state() {
	local db=$1 mode=$2
	psql_q "$db" "
	SELECT 'people: ' || count(*) || ' ' || md5(string_agg(ROW(id, last_name, birth_date, notes)::text, ',' ORDER BY id))
	FROM public.people
	UNION ALL SELECT 'people.first_name: ' || md5(string_agg(coalesce(
		$( [ "$mode" = expected ] && echo "CASE WHEN first_name IS NULL THEN NULL ELSE 'Jane' END" || echo first_name ),
		'<NULL>'), ',' ORDER BY id)) FROM public.people
	UNION ALL SELECT 'people.email: ' || count(*) FILTER (WHERE email IS NOT NULL AND '$mode' = 'got') FROM public.people
	UNION ALL SELECT 'people.phone: ' || md5(string_agg(coalesce(
		$( [ "$mode" = expected ] && echo "CASE WHEN phone IS NULL THEN NULL ELSE '+00 000-0000' END" || echo phone ),
		'<NULL>'), ',' ORDER BY id)) FROM public.people
	UNION ALL SELECT 'weird: ' || count(*) || ' ' || md5(string_agg(ROW(id, \"k=v:x\", \"Quote\"\"d\")::text, ',' ORDER BY id))
	FROM \"CRM Data\".\"Weird Table\"
	UNION ALL SELECT 'weird.full_name: ' || md5(string_agg(coalesce(
		$( [ "$mode" = expected ] && echo "CASE WHEN \"Full Name\" IS NULL THEN NULL ELSE 'Anonymous' END" || echo "\"Full Name\"" ),
		'<NULL>'), ',' ORDER BY id)) FROM \"CRM Data\".\"Weird Table\"
	UNION ALL SELECT 'weird.select: ' || count(*) FILTER (WHERE \"select\" IS NOT NULL AND '$mode' = 'got') FROM \"CRM Data\".\"Weird Table\"
	UNION ALL SELECT 'other: ' || md5(string_agg(x, ',' ORDER BY x)) FROM (
		SELECT ROW(t.*)::text AS x FROM public.all_types t UNION ALL
		SELECT ROW(t.*)::text FROM public.texts t UNION ALL
		SELECT ROW(t.*)::text FROM public.measurements t UNION ALL
		SELECT ROW(t.*)::text FROM public.orders t) s
	UNION ALL SELECT 'large objects: ' || coalesce(string_agg(oid || '=' || md5(lo_get(oid)), ',' ORDER BY oid), '-')
		FROM pg_largeobject_metadata
	ORDER BY 1"
}

# run_script VERSION DB FILE: psql of VERSION runs FILE into a fresh DB, stopping at the
# first error.  pg_dump 17+ writes "SET transaction_timeout = 0;", a parameter the
# PostgreSQL 15 server of the tests does not know (restore_db forgives the same error of
# pg_restore): that one line is left out, nothing else.
run_script() {
	local psql
	psql=$(pg_tool psql "$1") || return 1
	fresh_db "$2"
	sed '/^SET transaction_timeout = 0;$/d' "$3" >"$T/run.sql"
	"$psql" -X -q -v ON_ERROR_STOP=1 -d "$2" -f "$T/run.sql" >"$T/psql.out" 2>&1 ||
		{ sed 's/^/    /' "$T/psql.out" | head -n 5 >&2; return 1; }
}

leaks() {
	psql_q "$1" "SELECT email FROM public.people WHERE email IS NOT NULL
		UNION ALL SELECT phone FROM public.people WHERE phone IS NOT NULL
		UNION ALL SELECT \"Full Name\" FROM \"CRM Data\".\"Weird Table\"
			WHERE \"Full Name\" IS NOT NULL" >"$T/leak-patterns"
	[ -s "$T/leak-patterns" ] || return 1
	! grep -qF -f "$T/leak-patterns" "$2"
}

for v in 15 17 18; do
	in=$ARCHIVES/pg$v-plain.sql
	# 1. keep-only
	scrub -r "$T/keep.ini" -i "$in" -o "$T/keep.sql"
	check "pg$v: keep-only output is the input, byte for byte" cmp -s "$in" "$T/keep.sql"
	# 2. rewrite, restored by psql
	if ! run_script "$v" "orig_$v" "$in"; then
		not_ok "pg$v: the original script does not run"; continue
	fi
	state "orig_$v" expected >"$T/expected"
	scrub -r "$RULES" -i "$in" -o "$T/scr.sql"
	check "pg$v: pgscrub rewrites the script" test "$SCRUB_RC" = 0
	check "pg$v: psql $v runs the rewritten script" run_script "$v" "scr_$v" "$T/scr.sql"
	state "scr_$v" got >"$T/got"
	check "pg$v: exactly the rewritten columns changed" diff "$T/expected" "$T/got"
	check "pg$v: no original e-mail, phone or full name in the output" leaks "orig_$v" "$T/scr.sql"
	# 3. zcat | pgscrub | gzip
	zcat "$ARCHIVES/pg$v-plain.sql.gz" | "$PGSCRUB" -r "$RULES" 2>"$T/err" | gzip >"$T/scr.sql.gz"
	zcat "$T/scr.sql.gz" >"$T/scr-gz.sql"
	check "pg$v: zcat | pgscrub | gzip restores" run_script "$v" "gz_$v" "$T/scr-gz.sql"
	state "gz_$v" got >"$T/got-gz"
	check "pg$v: the same rows through gzip" diff "$T/expected" "$T/got-gz"
	# A gzip script in gives a gzip script out.
	scrub -r "$RULES" -i "$ARCHIVES/pg$v-plain.sql.gz" -o "$T/out.gz"
	check "pg$v: a gzip script in gives a gzip script out" cmp -s "$T/scr-gz.sql" <(zcat "$T/out.gz")
done

# Statistics (pg_dump 18 --statistics) hold column values: none of the rewritten ones stay.
scrub -r "$RULES" -i "$ARCHIVES/pg18-plain-statistics.sql" -o "$T/stats.sql"
check "statistics: pgscrub rewrites the script" test "$SCRUB_RC" = 0
# (Not run: pg_restore_relation_stats needs a PostgreSQL 18 server; the custom-format
# agreement of tests/cli/test_plain.sh covers the statements' text.)
check "statistics: no original e-mail, phone or full name in the output" leaks orig_18 "$T/stats.sql"
check "statistics: the input had them" sh -c "grep -qF -f '$T/leak-patterns' '$ARCHIVES/pg18-plain-statistics.sql'"

# A smaller copy: the plain script and the custom archive of the same database give the
# same rows.
export PGSCRUB_KEY=0123456789abcdef0123456789abcdef
cat >"$T/subset.ini" <<'EOF'
[pgscrub]
unlisted = keep
secret_env = PGSCRUB_KEY
truncate = public.orders
[public.users]
where = id > 3 or sample(50)
[public.employees]
where = manager_id is null or id <= 20
[public.carts]
where = user_email like '%@example.com'
EOF
scrub -r "$T/subset.ini" -i "$ARCHIVES/pg18-plain-fk.sql" -o "$T/sub.sql"
check "subset: pgscrub filters the script" test "$SCRUB_RC" = 0
scrub -r "$T/subset.ini" -i "$ARCHIVES/pg18-gzip-fk.dump" -o "$T/sub.dump"
check "subset: pgscrub filters the archive" test "$SCRUB_RC" = 0
check "subset: psql 18 runs the script" run_script 18 sub_plain "$T/sub.sql"
fresh_db sub_custom
check "subset: pg_restore 18 restores the archive" restore_db 18 sub_custom "$T/sub.dump"
all_rows() {
	psql_q "$1" "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 1" |
	while read -r t; do
		printf '%s ' "$t"
		psql_q "$1" "SELECT count(*) || ' ' || coalesce(md5(string_agg(x, ',' ORDER BY x)), '-')
			FROM (SELECT ROW(t.*)::text AS x FROM $t t) s"
	done
}
all_rows sub_plain >"$T/rows-plain"
all_rows sub_custom >"$T/rows-custom"
check "subset: the same rows as the custom format's" diff "$T/rows-custom" "$T/rows-plain"
check "subset: the whole script runs" run_script 18 fk_orig "$ARCHIVES/pg18-plain-fk.sql"
all_rows fk_orig >"$T/rows-orig"
check "subset: rows were removed" test -s "$T/rows-plain" -a -s "$T/rows-orig"
check "subset: ... so the copy differs from the whole" sh -c "! cmp -s '$T/rows-plain' '$T/rows-orig'"

finish
