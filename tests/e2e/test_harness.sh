#!/usr/bin/env bash
# test_harness.sh — the e2e harness and the fixtures themselves, without pgscrub.
#
#   - pg_start is idempotent, psql_q stops on errors, fresh_db recreates;
#   - fixture_archives lists the 20-archive matrix, all present; archive_pg_version reads
#     names and, failing that, the header;
#   - restore_db accepts pg_restore 17/18's "transaction_timeout" error on this
#     PostgreSQL 15 server but nothing else;
#   - script_of is deterministic (fixed \restrict key);
#   - every fixture archive (matrix and special ones) restores, with the matching
#     pg_restore, to exactly the data of fixtures/fixture.sql loaded directly (md5 of the
#     sorted rows of every table, large objects, sequences): the committed archives have not
#     drifted from fixture.sql. The -f archives also restore with -j 2.
. "$(dirname "$0")/lib.sh"

need_clients
need_fixtures
pg_start

T=$(tmp)
host=$PGHOST
pg_start
check_eq "pg_start is idempotent" "$host" "$PGHOST"
check_eq "psql_q" "3" "$(psql_q postgres 'SELECT 1 + 2')"
rc=0
psql_q postgres 'SELECT nope' 2>/dev/null || rc=$?
check "psql_q fails on an SQL error" test "$rc" -ne 0
fresh_db scratch
psql_q scratch 'CREATE TABLE t (a int)'
fresh_db scratch
check_eq "fresh_db recreates" "0" "$(psql_q scratch "SELECT count(*) FROM pg_class WHERE relname = 't'")"

check_eq "fixture_archives lists the matrix" 20 "$(fixture_archives | wc -l)"
check_eq "archive_pg_version from the name" "17" "$(archive_pg_version "$ARCHIVES/pg17-zstd-pipe.dump")"
cp "$ARCHIVES/pg15-gzip-file.dump" "$T/a.dump"
cp "$ARCHIVES/pg18-lz4-file.dump" "$T/b.dump"
check_eq "archive_pg_version from the header" "15 18" "$(archive_pg_version "$T/a.dump") $(archive_pg_version "$T/b.dump")"

script_of "$ARCHIVES/pg18-gzip-file.dump" >"$T/s1.sql"
script_of "$ARCHIVES/pg18-gzip-file.dump" >"$T/s2.sql"
check_same_file "script_of is deterministic" "$T/s1.sql" "$T/s2.sql"

fresh_db fixture
psql -X -q -v ON_ERROR_STOP=1 -d fixture -f "$FIXTURES/fixture.sql" >/dev/null || fail "loading fixture.sql failed"

# state DB: one line per table (count, md5 of the sorted row texts), large objects, sequences.
state() {
	local q t sep=""
	q=""
	while read -r t; do
		q+="$sep SELECT '$t: ' || count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') FROM $t t"
		sep=" UNION ALL"
	done < <(psql_q "$1" "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1")
	q+="$sep SELECT 'large objects: ' || coalesce(string_agg(oid || '=' || md5(lo_get(oid)), ',' ORDER BY oid), '-')
		FROM pg_largeobject_metadata"
	q+=" UNION ALL SELECT 'sequences: ' || coalesce(string_agg(schemaname || '.' || sequencename || '=' || last_value, ','
		ORDER BY schemaname, sequencename), '-') FROM pg_sequences"
	psql_q "$1" "$q ORDER BY 1"
}
state fixture >"$T/fixture.state"
check_eq "fixture.sql row counts" "200 26 40 120 60 30 5 0 3 6" "$(psql_q fixture "SELECT concat_ws(' ',
	(SELECT count(*) FROM public.people), (SELECT count(*) FROM public.texts),
	(SELECT count(*) FROM public.all_types), (SELECT count(*) FROM public.measurements),
	(SELECT count(*) FROM public.orders), (SELECT count(*) FROM \"CRM Data\".\"Weird Table\"),
	(SELECT count(*) FROM public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt),
	(SELECT count(*) FROM public.empty_table), (SELECT count(*) FROM public.no_columns),
	(SELECT count(*) FROM public.jp_texts))")"

# pg_dump --inserts writes float8 -0 unquoted, so it comes back as 0 (observed with
# pg_dump 17): the INSERT archives are compared with -0 made 0.
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'DROP DATABASE IF EXISTS fixture_nz' \
	-c 'CREATE DATABASE fixture_nz TEMPLATE fixture' >/dev/null || fail "cannot copy database fixture"
psql_q fixture_nz 'UPDATE public.all_types SET f = 0 WHERE f = 0'
state fixture_nz >"$T/fixture-nz.state"

# expected_state NAME: what restoring NAME must give.
expected_state() {
	case $1 in
	*-inserts)
		cat "$T/fixture-nz.state" ;;
	pg17-gzip-schema-only)      # no data: empty tables, no large objects, sequences not set
		sed -e 's/: [0-9]* [0-9a-f-]*$/: 0 -/' -e 's/^large objects: .*/large objects: -/' \
			-e '/^sequences: /d' "$T/fixture.state"
		echo "sequences: -" ;;
	pg15-gzip-noblobs)
		sed 's/^large objects: .*/large objects: -/' "$T/fixture.state" ;;
	pg18-none-sjis)             # pg_dump -t public.jp_texts
		grep '^public\.jp_texts: ' "$T/fixture.state"
		echo "large objects: -"
		echo "sequences: -" ;;
	*) cat "$T/fixture.state" ;;
	esac | LC_ALL=C sort
}

while read -r f; do
	name=$(basename "$f" .dump)
	# Archives without the rows (or the tables) of fixture.sql cannot
	# restore to its data; test_statistics_leak.sh restores them.
	case $name in *statistics-no-data|*statistics-only|*statistics-exclude-data) continue ;; esac
	v=$(archive_pg_version "$f")
	args=()
	case $name in *statistics) args=(--no-statistics) ;; esac
	fresh_db restored
	if ! restore_db "$v" restored "${args[@]+"${args[@]}"}" "$f"; then
		not_ok "$name: pg_restore $v -d failed"; continue
	fi
	got=$(state restored | LC_ALL=C sort)
	check_eq "$name: restores to fixture.sql's data" "$(expected_state "$name")" "$got"
	case $name in
	*-file)
		fresh_db restored
		if restore_db "$v" restored -j 2 "$f"; then
			check_eq "$name: pg_restore -j 2 too" "$(expected_state "$name")" "$(state restored | LC_ALL=C sort)"
		else
			not_ok "$name: pg_restore -j 2 -d failed"
		fi ;;
	esac
done < <(fixture_archives; fixture_special_archives)

# restore_db must not hide real errors: the tables exist already.
fresh_db restored
restore_db 18 restored "$ARCHIVES/pg18-gzip-file.dump"
rc=0
restore_db 18 restored "$ARCHIVES/pg18-gzip-file.dump" 2>/dev/null || rc=$?
check_eq "restore_db reports a real error (pg_restore 18)" 1 "$rc"
rc=0
restore_db 15 restored "$ARCHIVES/pg15-gzip-file.dump" 2>/dev/null || rc=$?
check_eq "restore_db reports it (pg_restore 15)" 1 "$rc"

finish
