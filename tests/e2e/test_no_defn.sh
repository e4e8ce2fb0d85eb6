#!/usr/bin/env bash
# test_no_defn.sh — data whose table definition is not in the archive (issue 9), end to
# end against a real PostgreSQL:
#   - data-only dumps (pg_dump 15 and 18 -a) of fixtures/fixture.sql, scrubbed with the
#     example rules.ini (unlisted = error, a test key) and their types from --schema (the
#     schema-only dump) or --dbname (a database restored from it): restored with
#     pg_restore, schema first, then the data; every column the rules rewrite that must
#     change has changed, and every column they keep is identical (as a multiset of
#     values) to a restore of the original data;
#   - without a schema, the same rules are refused before any output;
#   - PostGIS (fixtures/postgis.sql; pg_dump 15 and 18): spatial_ref_sys's user row is
#     data without a definition.  Keep-only: pg_restore -f - of input and output print
#     the same script (geometries intact); init's rules restore with --exit-on-error,
#     the row intact, the home points emptied (init's suggestion), the e-mail addresses (citext, and in hstore) rewritten where the
#     rules say; a type-dependent rule on spatial_ref_sys is refused without a schema
#     and judged by the column's real type with --dbname.
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients
need_fixtures
[ -f /usr/share/postgresql/15/extension/postgis.control ] ||
	skip "PostGIS is not installed (apt-get install postgresql-15-postgis-3)"
pg_start

T=$(tmp)
TOP=$PGSCRUB_SOURCE_DIR/rules.ini
export PGSCRUB_KEY=5f0c2d6e9a8b7c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d

scrub_ok() {
	local name=$1; shift
	scrub "$@"
	if scrub_crashed; then not_ok "$name: pgscrub $SCRUB_WHY: $(scrub_stderr)"; return 1; fi
	if [ "$SCRUB_RC" -ne 0 ]; then not_ok "$name: pgscrub exit $SCRUB_RC: $(scrub_stderr)"; return 1; fi
	ok "$name"
}

# restore_data VERSION DB SCHEMA_ARCHIVE DATA_ARCHIVE: the schema, then the data (its
# foreign keys are checked by then: triggers off while loading, as pg_dump -a advises).
restore_data() {
	restore_db "$1" "$2" "$3" && restore_db "$1" "$2" --disable-triggers "$4"
}

# The columns of the example rules: "SECTION<TAB>COLUMN<TAB>RULE" lines.
rules_columns() {
	python3 - "$1" <<'PY'
import re, sys
sec = None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if not line or line[0] in ";#":
        continue
    if line.startswith("["):
        sec = re.sub(r"\][ \t]*(;.*)?$", "", line[1:])
        continue
    if sec in (None, "pgscrub"):
        continue
    m = re.match(r'("(?:[^"]|"")*"|[^\s=]+)\s*=\s*(.*?)(\s+;.*)?$', line)
    if m:
        print(sec + "\t" + m.group(1) + "\t" + m.group(2))
PY
}

# col_digest DB TABLE COLUMN: the column's values as a multiset.
col_digest() {
	psql_q "$1" "SELECT count(*) || ':' || coalesce(md5(string_agg(coalesce($3::text, '<NULL>'), ',' ORDER BY coalesce($3::text, '<NULL>'))), '') FROM $2"
}

# compare_to_original WHAT DB ORIGINAL_DB: keep columns identical, rewritten ones changed.
compare_to_original() {
	local what=$1 db=$2 orig=$3 s c r a b nkeep=0 bad=0
	while IFS=$'\t' read -r s c r; do
		# A partitioned parent's section: its partitions hold the rows.
		a=$(col_digest "$orig" "$s" "$c") b=$(col_digest "$db" "$s" "$c")
		if [ "$r" = keep ]; then
			nkeep=$((nkeep + 1))
			[ "$a" = "$b" ] || { bad=$((bad + 1)); echo "    $s.$c (keep) differs" >&2; }
		fi
	done < <(rules_columns "$TOP")
	check_eq "$what: kept columns ($nkeep) identical to the original data" 0 "$bad"
	for sc in "public.people email" "public.people last_name" "public.orders ordered_at" \
		"public.all_types e" "public.people phone"; do
		set -- $sc
		a=$(col_digest "$orig" "$1" "$2") b=$(col_digest "$db" "$1" "$2")
		check "$what: $1.$2 rewritten" test "$a" != "$b"
	done
}

# ---- data-only with --schema and --dbname ---------------------------------------------

for v in 15 18; do
	DO=$ARCHIVES/pg$v-gzip-data-only.dump
	SO=$ARCHIVES/pg$v-gzip-schema-only.dump

	# Without a schema the example rules cannot be applied: refused, no output.
	scrub -r "$TOP" -i "$DO" -o "$T/none$v.dump"
	check "pg$v data-only without a schema: refused (exit 3)" test "$SCRUB_RC" = 3
	check "pg$v data-only without a schema: a message and a hint" scrub_error_ok
	check "pg$v data-only without a schema: no output" test ! -e "$T/none$v.dump"

	# The original data, for comparing.
	fresh_db "orig$v"
	check "pg$v: the original data restores" restore_data "$v" "orig$v" "$SO" "$DO"

	scrub_ok "pg$v data-only --schema" -r "$TOP" -i "$DO" --schema "$SO" -o "$T/s$v.dump" || continue
	fresh_db "s$v"
	check "pg$v data-only --schema: restores (schema, then data)" restore_data "$v" "s$v" "$SO" "$T/s$v.dump"
	compare_to_original "pg$v data-only --schema" "s$v" "orig$v"

	# --dbname: a database made from the schema dump gives the types.
	fresh_db "schema$v"
	check "pg$v: the schema dump restores" restore_db "$v" "schema$v" "$SO"
	scrub_ok "pg$v data-only --dbname" -r "$TOP" -i "$DO" --dbname "dbname=schema$v" -o "$T/d$v.dump" || continue
	check "pg$v: --dbname and --schema give the same archive" cmp -s "$T/s$v.dump" "$T/d$v.dump"
	fresh_db "d$v"
	check "pg$v data-only --dbname: restores" restore_data "$v" "d$v" "$SO" "$T/d$v.dump"
	compare_to_original "pg$v data-only --dbname" "d$v" "orig$v"
done

# ---- PostGIS: spatial_ref_sys -----------------------------------------------------------

keep_rules "$T/keep.ini"
for v in 15 18; do
	PG=$ARCHIVES/pg$v-gzip-postgis.dump
	scrub_ok "postgis pg$v keep-only" -r "$T/keep.ini" -i "$PG" -o "$T/pgk$v.dump" || continue
	script_of "$PG" >"$T/pg-in$v.sql" && script_of "$T/pgk$v.dump" >"$T/pg-out$v.sql"
	check_same_file "postgis pg$v keep-only: pg_restore -f - of input and output" \
		"$T/pg-in$v.sql" "$T/pg-out$v.sql"
done

# init's rules (places.email = email on citext; spatial_ref_sys kept), restored with
# --exit-on-error by the matching pg_restore 15 into a fresh database.
PG=$ARCHIVES/pg15-gzip-postgis.dump
"$PGSCRUB" init "$PG" >"$T/pg.ini" 2>"$T/init.err"
check "postgis: init" test -s "$T/pg.ini"
check "postgis: check passes on init's rules" "$PGSCRUB" check -r "$T/pg.ini" "$PG"
if scrub_ok "postgis: init's rules" -r "$T/pg.ini" -i "$PG" -o "$T/pgr.dump"; then
	fresh_db pgr
	check "postgis: restores with --exit-on-error" \
		"$(restore_tool 15)" --exit-on-error -d pgr "$T/pgr.dump"
	check_eq "postgis: spatial_ref_sys's user row restored" \
		"990001|pgscrub|990001" \
		"$(psql_q pgr "SELECT srid || '|' || auth_name || '|' || auth_srid FROM public.spatial_ref_sys WHERE srid = 990001")"
	# init suggests null for a home's point (no anonymiser moves a point):
	# every row arrives, the points are gone, the geometry column is valid.
	check_eq "postgis: every row, home points emptied" "21|0" \
		"$(psql_q pgr "SELECT count(*) || '|' || count(home) FROM public.places")"
	check_eq "postgis: the column is still a geometry" "geometry" \
		"$(psql_q pgr "SELECT udt_name FROM information_schema.columns WHERE table_name = 'places' AND column_name = 'home'")"
	check_eq "postgis: citext e-mail addresses rewritten" 0 \
		"$(psql_q pgr "SELECT count(*) FROM public.places WHERE email = ('user' || id || '@example.com') OR email = 'nobody@example.com'")"
fi

# A rule that needs the type, on spatial_ref_sys: refused without a schema ...
sed 's/^auth_srid = keep/auth_srid = email/' "$T/pg.ini" >"$T/pg-email.ini"
scrub -r "$T/pg-email.ini" -i "$PG" -o "$T/pge.dump"
check "postgis: auth_srid = email without a schema: refused (exit 3)" test "$SCRUB_RC" = 3
check "postgis: ... naming the column" grep -q 'spatial_ref_sys.auth_srid' "$SCRUB_ERR"
check "postgis: ... no output" test ! -e "$T/pge.dump"
check "postgis: check refuses it too" test "$("$PGSCRUB" check -r "$T/pg-email.ini" "$PG" >/dev/null 2>&1; echo $?)" = 1
# ... and judged by its real type (integer) with --dbname: email is still refused, a
# rule for integers passes and restores.
scrub -r "$T/pg-email.ini" -i "$PG" --dbname dbname=pgr -o "$T/pge.dump"
check "postgis --dbname: email on the integer auth_srid refused (exit 3)" test "$SCRUB_RC" = 3
check "postgis --dbname: ... as an integer" grep -q 'cannot produce integer values' "$SCRUB_ERR"
sed 's/^auth_srid = keep/auth_srid = int_range(1, 5)/' "$T/pg.ini" >"$T/pg-int.ini"
check "postgis: check --dbname sees spatial_ref_sys's types" \
	"$PGSCRUB" check -r "$T/pg-int.ini" --dbname dbname=pgr
if scrub_ok "postgis --dbname: int_range on auth_srid" -r "$T/pg-int.ini" -i "$PG" --dbname dbname=pgr -o "$T/pgi.dump"; then
	fresh_db pgi
	check "postgis --dbname: restores with --exit-on-error" \
		"$(restore_tool 15)" --exit-on-error -d pgi "$T/pgi.dump"
	check_eq "postgis --dbname: auth_srid rewritten into 1..5" 1 \
		"$(psql_q pgi "SELECT count(*) FROM public.spatial_ref_sys WHERE srid = 990001 AND auth_srid BETWEEN 1 AND 5")"
fi

finish
