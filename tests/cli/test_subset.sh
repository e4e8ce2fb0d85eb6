#!/usr/bin/env bash
# tests/cli/test_subset.sh — smaller copies from the command line: what check
# says a filter cascades to (text and JSON), every error of a bad condition
# (check reports it at its line; the run refuses it before any output), and
# what the run's summary and --report say (fixtures/fk.sql, pg_dump 15).
# The rows themselves are compared with the database's own subset in
# tests/e2e/test_subset.sh.
CLI_NAME=cli-subset CLI_PREFIX=subset-
. "$(dirname "$0")/clilib.bash"
export PGSCRUB_KEY=0123456789abcdef0123456789abcdef
D=$A/pg15-gzip-fk.dump

rules() {
	printf '[pgscrub]\nunlisted = keep\nsecret_env = PGSCRUB_KEY\n%s\n' "$2" >"$TMP/$1.ini"
}

# What each filter takes with it.
rules good 'truncate = public.orders
[public.users]
where = id > 3 or sample(50)
[public.employees]
where = manager_id is null or id <= 20
[public.carts]
where = user_email like '"'"'%@example.com'"'"''
case_ check-cascade - check -r "$TMP/good.ini" "$D"
case_ check-cascade-json - check --format json -r "$TMP/good.ini" "$D"
case_ run-summary - -r "$TMP/good.ini" -i "$D" -o "$TMP/out.dump" --report "$TMP/report.json"
assert run-report-filtered python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
t = {x["table"]: x for x in r["tables"]}
o = t["orders"]
assert o["action"] == "truncated", o
u = t["users"]
assert u["rows"] == u["rows_kept"] + u["removed_by_filter"] + u["removed_by_cascade"], u
i = t["order_items"]
assert i["removed_by_cascade"] == i["rows"] and i["cascade"][0]["constraint"] == "order_items_order_id_fkey", i
' "$TMP/report.json"
rm -f "$TMP/out.dump"

# From a pipe the archive is spooled to $TMPDIR, and nothing is left there;
# the output is the one a file gives.
mkdir -p "$TMP/spool"
"$PGSCRUB" -r "$TMP/good.ini" -i "$D" -o "$TMP/file.dump" 2>/dev/null
cat "$D" | TMPDIR=$TMP/spool "$PGSCRUB" -r "$TMP/good.ini" >"$TMP/pipe.dump" 2>/dev/null
assert spool-run [ $? -eq 0 ]
assert spool-empty-after bash -c "[ -z \"\$(ls -A '$TMP/spool')\" ]"
assert spool-same-script cmp -s <(pg_restore --restrict-key=k -f - "$TMP/file.dump") \
	<(pg_restore --restrict-key=k -f - "$TMP/pipe.dump")
# A spool that cannot be made fails the run, before any output byte.
cat "$D" | TMPDIR=$TMP/no/such/dir "$PGSCRUB" -r "$TMP/good.ini" >"$TMP/nospool.dump" 2>"$TMP/nospool.err"
assert nospool-exit-1 [ $? -eq 1 ]
assert nospool-no-output test ! -s "$TMP/nospool.dump"
assert nospool-says-why grep -q "cannot spool standard input to a temporary file in $TMP/no/such/dir" "$TMP/nospool.err"
rm -f "$TMP"/*.dump

# Every kind of bad condition: check names the line, the run refuses it
# with the same words and writes nothing.
bad() {
	local name=$1 where=$2 section=${3:-public.users}
	rules "$name" "[$section]
where = $where"
	case_ "check-$name" - check -r "$TMP/$name.ini" "$D"
	case_ "run-$name" - -r "$TMP/$name.ini" -i "$D" -o "$TMP/out.dump"
	assert "run-$name-no-output" test ! -e "$TMP/out.dump"
}
bad unknown-column "emial = 'x'"
bad bad-literal "id > 'seven'"
bad bad-date "placed >= '2024-13-01'" public.orders
bad function "lower(email) = 'x'"
bad subquery "id in (select 1)"
bad arithmetic "id + 1 > 3"
bad null-compare "email = null"
bad sample-range "sample(150)"
bad unbalanced "(id > 3"
# Not a table's section: a where in a pattern section is refused on load.
rules pattern '[*]
where = id > 1'
case_ run-pattern-where - -r "$TMP/pattern.ini" -i "$D" -o "$TMP/out.dump"
# A case rule's WHEN is checked like a where.
rules case-bad '[public.users]
email = case when nosuch then keep else email end'
case_ check-case-bad - check -r "$TMP/case-bad.ini" "$D"
case_ run-case-bad - -r "$TMP/case-bad.ini" -i "$D" -o "$TMP/out.dump"
# pg_dump 18 --statistics: the statistics of a table that loses rows (and of
# a table the cascade reaches) describe rows that are gone: removed; the
# others stay.
S=$A/pg18-gzip-statistics.dump
rules stats '[public.people]
where = id < 10'
"$PGSCRUB" -r "$TMP/stats.ini" -i "$S" -o "$TMP/stats.dump" 2>/dev/null
assert stats-run [ $? -eq 0 ]
/opt/pg-versions/bin/pg_restore-18 -l "$S" >"$TMP/stats-in.list"
/opt/pg-versions/bin/pg_restore-18 -l "$TMP/stats.dump" >"$TMP/stats-out.list"
for t in people orders measurements all_types; do
	assert "stats-input-has-$t" grep -q "STATISTICS DATA public $t \$" "$TMP/stats-in.list"
done
for t in people orders; do
	assert "stats-$t-removed" bash -c "! grep -q 'STATISTICS DATA public $t \$' '$TMP/stats-out.list'"
done
for t in measurements all_types; do
	assert "stats-$t-kept" grep -q "STATISTICS DATA public $t \$" "$TMP/stats-out.list"
done
cli_finish
