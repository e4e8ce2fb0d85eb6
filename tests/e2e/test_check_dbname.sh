#!/usr/bin/env bash
# test_check_dbname.sh — pgscrub check/init --dbname say what they say about
# a pg_dump of the same database.
#
# fixtures/fixture.sql is loaded into a throwaway PostgreSQL 15; then, for
# several rules files (clean, one of every problem kind, one missing a
# column), `pgscrub check --format json --dbname` must list the same
# problems as `pgscrub check` on a full pg_dump -Fc of the database, and the
# same as on a pg_dump -Fc -s apart from large objects (a schema-only dump
# has none, the database has three).  A bare database name and a URI are
# taken as psql takes them; a pg_dump -t archive that is clearly partial
# makes sections for absent tables notes.  init --dbname must write what init
# writes from the dump, and pass check; and a column or table added by a
# migration must make check fail, naming it, until init --update adds it.
. "$(dirname "$0")/lib.sh"

need_pgscrub
command -v python3 >/dev/null || skip "python3 not found (apt-get install python3)"
pg_start

T=$(tmp)
fresh_db fixture
psql -X -q -v ON_ERROR_STOP=1 -d fixture -f "$FIXTURES/fixture.sql" >"$T/load.log" 2>&1 ||
	fail "loading fixture.sql failed: $(e2e_trim "$(cat "$T/load.log")")"
CONN="host=$PGHOST port=$PGPORT dbname=fixture user=postgres"
PG_DUMP=$(dump_tool 15) || fail "pg_dump 15 not found"

# dumps: a schema-only and a full archive of the database as it is now.
dumps() {
	"$PG_DUMP" -Fc -s -d fixture -f "$T/schema.dump" || fail "pg_dump -s failed"
	"$PG_DUMP" -Fc -d fixture -f "$T/full.dump" || fail "pg_dump failed"
}

# run_check NAME ARGS...: pgscrub check --format json; JSON in $T/NAME.json,
# exit status in $T/NAME.rc.
run_check() {
	local name=$1 rc=0; shift
	timeout 60 "$PGSCRUB" check --format json "$@" >"$T/$name.json" 2>"$T/$name.err" </dev/null || rc=$?
	echo "$rc" >"$T/$name.rc"
}

# report FILE [KIND_TO_DROP]: a JSON report as canonical text: ok, tables,
# columns and the problem list in order (without problems of one kind).
report() {
	python3 - "$1" "${2:-}" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["problems"] = [p for p in d["problems"] if p["kind"] != sys.argv[2]]
del d["rules"]
print(json.dumps(d, indent=1, sort_keys=True))
PY
}

# jsonq FILE EXPR: true when the Python expression EXPR holds for the report
# d and its problem list p.
jsonq() {
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["problems"]
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

# same_problems WHAT A B [KIND_TO_DROP]: two JSON reports list the same
# problems (and the same counts), and their checks exited alike.
same_problems() {
	local what=$1 a=$2 b=$3 drop=${4:-}
	local ja jb
	ja=$(report "$T/$a.json" "$drop" 2>&1)
	jb=$(report "$T/$b.json" "$drop" 2>&1)
	if [ "$ja" == "$jb" ] && [ -n "$ja" ] && [ "$(cat "$T/$a.rc")" = "$(cat "$T/$b.rc")" ]; then
		ok "$what"
	else
		not_ok "$what: $a (exit $(cat "$T/$a.rc")) and $b (exit $(cat "$T/$b.rc")) differ"
		diff <(echo "$ja") <(echo "$jb") | head -n 20 | sed 's/^/    /' >&2
		sed 's/^/    /' "$T/$a.err" "$T/$b.err" | head -n 5 >&2
	fi
}

# compare_all RULES NAME: check from the database, the full dump and the
# schema-only dump, and compare.
compare_all() {
	local rules=$1 name=$2
	run_check "$name-db" -r "$rules" --dbname "$CONN"
	run_check "$name-full" -r "$rules" "$T/full.dump"
	run_check "$name-schema" -r "$rules" "$T/schema.dump"
	same_problems "$name: --dbname = full dump" "$name-db" "$name-full"
	same_problems "$name: --dbname = schema-only dump (without large objects)" \
		"$name-db" "$name-schema" large_objects
}

dumps

# ---- the same problems --------------------------------------------------------------
cp "$FIXTURES/demo-rules.ini" "$T/demo.ini"
compare_all "$T/demo.ini" demo
check_eq "demo: clean from the database" 0 "$(cat "$T/demo-db.rc")"
check "demo: 12 tables, 62 columns" jsonq "$T/demo-db.json" 'd["tables"] == 12 and d["columns"] == 62 and d["ok"]'

cat >"$T/bad.ini" <<'INI'
[pgscrub]
truncate = public.old_audit, public.empty_table

[public.people]
id = keep
first_name = null
last_name = first_nam
email = mask
phone = hash
birth_date = email
emial = null
notes = regex_replace('[', mask)

[public.peple]
id = keep

[public.orders]
id = keep
total = null
* = keep

[public.measurements]
city_id = null
* = keep

[public.all_types]
c = hash
m = const('furious')
* = keep

["CRM Data"."Weird Table"]
"Full Name" = null
* = keep

[public.texts]
id = keep
label = keep
INI
compare_all "$T/bad.ini" bad
check_eq "bad: problems found, among them rules that do not compile: exit 2" 2 "$(cat "$T/bad-db.rc")"
for kind in rule uncovered_table uncovered_column stale_table stale_column stale_truncate \
	    type not_null too_short not_injective large_objects; do
	check "bad: --dbname finds $kind" jsonq "$T/bad-db.json" "any(x['kind'] == '$kind' for x in p)"
done
# Large objects exist in the database, not in a schema-only dump.
check "bad: the schema-only dump has no large objects" jsonq "$T/bad-schema.json" \
	"not any(x['kind'] == 'large_objects' for x in p)"

# ---- init --dbname ----------------------------------------------------------------
# init --dbname samples the database's rows as init samples the dump's: the first 1,000
# of each table (a freshly restored table gives them in the dump's order).
timeout 60 "$PGSCRUB" init --dbname "$CONN" >"$T/init-db.ini" 2>"$T/init.err" </dev/null ||
	not_ok "init --dbname failed: $(e2e_trim "$(cat "$T/init.err")")"
timeout 60 "$PGSCRUB" init "$T/full.dump" >"$T/init-full.ini" 2>>"$T/init.err" </dev/null ||
	not_ok "init on the full dump failed"
check_same_file "init --dbname writes what init writes from a full dump" "$T/init-full.ini" "$T/init-db.ini"
check "init --dbname says it sampled" grep -q '^; sampled the first 1000 rows' "$T/init-db.ini"
timeout 60 "$PGSCRUB" init --no-sample --dbname "$CONN" >"$T/init-db-ns.ini" 2>>"$T/init.err" </dev/null ||
	not_ok "init --no-sample --dbname failed"
timeout 60 "$PGSCRUB" init --no-sample "$T/full.dump" >"$T/init-full-ns.ini" 2>>"$T/init.err" </dev/null ||
	not_ok "init --no-sample on the full dump failed"
check_same_file "init --no-sample --dbname writes what it writes from a full dump" "$T/init-full-ns.ini" "$T/init-db-ns.ini"
run_check init-db -r "$T/init-db.ini" --dbname "$CONN"
check_eq "init --dbname output: check --dbname passes" 0 "$(cat "$T/init-db.rc")"
run_check init-full -r "$T/init-db.ini" "$T/full.dump"
check_eq "init --dbname output: check on the full dump passes" 0 "$(cat "$T/init-full.rc")"
run_check init-schema -r "$T/init-db.ini" "$T/schema.dump"
check_eq "init --dbname output: check on the schema-only dump passes" 0 "$(cat "$T/init-schema.rc")"
# The scrub accepts it too.
check "init --dbname output scrubs the full dump" env PGSCRUB_KEY=0123456789abcdef0123456789abcdef \
	timeout 60 "$PGSCRUB" -r "$T/init-db.ini" -i "$T/full.dump" -o "$T/scrubbed.dump"

# ---- --dbname as psql and pg_dump take it -------------------------------------------
# A value with no '=' that is not a postgresql:// or postgres:// URI is a bare
# database name (the server from PGHOST/PGPORT/PGUSER, set by pg_start).
run_check bare -r "$T/demo.ini" --dbname fixture
same_problems "--dbname NAME = --dbname CONNINFO" bare demo-db
run_check uri -r "$T/demo.ini" --dbname "postgresql:///fixture?host=$PGHOST&port=$PGPORT&user=postgres"
same_problems "--dbname postgresql://URI = --dbname CONNINFO" uri demo-db
run_check uri2 -r "$T/demo.ini" --dbname "postgres://postgres@:$PGPORT/fixture?host=$PGHOST"
same_problems "--dbname postgres://URI = --dbname CONNINFO" uri2 demo-db
run_check bare-bad -r "$T/bad.ini" --dbname fixture
same_problems "bad: --dbname NAME = --dbname CONNINFO" bare-bad bad-db
timeout 60 "$PGSCRUB" init --no-sample --dbname fixture >"$T/init-bare.ini" 2>"$T/init-bare.err" </dev/null ||
	not_ok "init --dbname NAME failed: $(e2e_trim "$(cat "$T/init-bare.err")")"
check_same_file "init --dbname NAME writes what init --dbname CONNINFO writes" "$T/init-db-ns.ini" "$T/init-bare.ini"
timeout 60 "$PGSCRUB" init --dbname "postgresql:///fixture?host=$PGHOST&port=$PGPORT" >"$T/init-uri.ini" \
	2>"$T/init-uri.err" </dev/null ||
	not_ok "init --dbname URI failed: $(e2e_trim "$(cat "$T/init-uri.err")")"
check_same_file "init --dbname URI writes what init --dbname CONNINFO writes" "$T/init-db.ini" "$T/init-uri.ini"
rc=0
timeout 60 "$PGSCRUB" check -r "$T/demo.ini" --dbname nosuchdb >/dev/null 2>"$T/nobare.err" </dev/null || rc=$?
check_eq "--dbname NAME of a database that does not exist: exit 2" 2 "$rc"
check "--dbname NAME of a database that does not exist: named" \
	grep -qx 'pgscrub: error: cannot connect to the database: .*database "nosuchdb" does not exist' "$T/nobare.err"

# ---- a dump of some tables (pg_dump -t) -------------------------------------------
# orders references people, which pg_dump -t public.orders leaves out: the
# archive is clearly partial, so sections for the tables it lacks are notes.
"$PG_DUMP" -Fc -t public.orders -d fixture -f "$T/orders.dump" || fail "pg_dump -t failed"
run_check orders -r "$T/demo.ini" "$T/orders.dump"
check_eq "pg_dump -t orders: check passes" 0 "$(cat "$T/orders.rc")"
check "pg_dump -t orders: absent tables are warnings naming the partial dump" jsonq "$T/orders.json" \
	"d['ok'] and len(p) >= 10 and all(x['warning'] and x['kind'] == 'stale_table' and 'partial dump (pg_dump -t: orders_person_id_fkey of public.orders references public.people' in x['message'] for x in p)"
printf '[pgscrub]\ntruncate = public.old_audit\n' | cat - "$T/demo.ini" | grep -v '^\[pgscrub\]$' |
	sed '1i [pgscrub]' >"$T/demo-trunc.ini"
run_check orders-trunc -r "$T/demo-trunc.ini" "$T/orders.dump"
check_eq "pg_dump -t orders: a truncate of an absent table passes too" 0 "$(cat "$T/orders-trunc.rc")"
check "pg_dump -t orders: ... as a warning" jsonq "$T/orders-trunc.json" \
	"any(x['kind'] == 'stale_truncate' and x['warning'] for x in p)"
# A table that references none (the issue's pg_dump -t customers): absent
# tables are notes too; check --whole makes them problems.
"$PG_DUMP" -Fc -t public.texts -d fixture -f "$T/texts.dump" || fail "pg_dump -t failed"
run_check texts -r "$T/demo.ini" "$T/texts.dump"
check_eq "pg_dump -t texts: absent tables pass as notes" 0 "$(cat "$T/texts.rc")"
check "pg_dump -t texts: ... as warnings" jsonq "$T/texts.json" \
	"any(x['kind'] == 'stale_table' for x in p) and all(x['warning'] for x in p if x['kind'] == 'stale_table')"
run_check texts-whole --whole -r "$T/demo.ini" "$T/texts.dump"
check_eq "pg_dump -t texts, check --whole: stale sections fail" 1 "$(cat "$T/texts-whole.rc")"
check "pg_dump -t texts, check --whole: as errors" jsonq "$T/texts-whole.json" \
	"any(x['kind'] == 'stale_table' and not x['warning'] for x in p)"

# ---- a migration adds a column and a table ---------------------------------------
psql_q fixture "ALTER TABLE public.people ADD COLUMN national_id text;
	CREATE TABLE public.invoices (id integer PRIMARY KEY, customer_email text NOT NULL)" >/dev/null ||
	fail "the migration failed"
dumps
compare_all "$T/demo.ini" migrated
check_eq "after the migration: check --dbname fails" 1 "$(cat "$T/migrated-db.rc")"
check "after the migration: the new column is named" jsonq "$T/migrated-db.json" \
	"[(x['kind'], x['schema'], x['table'], x['column']) for x in p].count(('uncovered_column', 'public', 'people', 'national_id')) == 1"
check "after the migration: the new table is named" jsonq "$T/migrated-db.json" \
	"[(x['kind'], x['table']) for x in p].count(('uncovered_table', 'invoices')) == 1"
check "after the migration: nothing else" jsonq "$T/migrated-db.json" "len(p) == 2"
timeout 60 "$PGSCRUB" check -r "$T/demo.ini" --dbname "$CONN" >"$T/migrated.txt" 2>&1 </dev/null
check "after the migration: the text report names the column" grep -q 'no rule covers column public.people.national_id' "$T/migrated.txt"
check "after the migration: the fix suggests an anonymiser" grep -q 'national_id = digits  ; looks like a national identification' "$T/migrated.txt"

# init --update adds exactly those, and check passes again.
timeout 60 "$PGSCRUB" init --dbname "$CONN" --update "$T/demo.ini" -o "$T/updated.ini" </dev/null 2>"$T/update.err" ||
	not_ok "init --update --dbname failed: $(e2e_trim "$(cat "$T/update.err")")"
check "init --update: the new column is added to its section" grep -q '^national_id = digits  ; new: ' "$T/updated.ini"
check "init --update: the new table is a new section" grep -q '^\[public.invoices\]  ; new$' "$T/updated.ini"
check_same_file "init --update: the old lines are kept" "$T/demo.ini" \
	<(sed '/^\[.*\]  ; new$/,$d' "$T/updated.ini" | grep -v '; new' | sed '$ d')
run_check updated-db -r "$T/updated.ini" --dbname "$CONN"
check_eq "init --update output: check --dbname passes" 0 "$(cat "$T/updated-db.rc")"
run_check updated-full -r "$T/updated.ini" "$T/full.dump"
check_eq "init --update output: check on the full dump passes" 0 "$(cat "$T/updated-full.rc")"

# ---- errors -----------------------------------------------------------------------
rc=0
timeout 60 "$PGSCRUB" check -r "$T/demo.ini" --dbname "host=$PGHOST port=$PGPORT dbname=nosuchdb user=postgres" \
	>/dev/null 2>"$T/nodb.err" </dev/null || rc=$?
check_eq "a database that does not exist: exit 2" 2 "$rc"
check "a database that does not exist: one error line" grep -qx 'pgscrub: error: cannot connect to the database: .*database "nosuchdb" does not exist' "$T/nodb.err"

finish
