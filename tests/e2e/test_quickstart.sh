#!/usr/bin/env bash
# test_quickstart.sh — the README's Quick start works as written.
#
# The commands are not copied here: they are read from README.md, every line
# of the ```sh blocks between the markers "<!-- quickstart:begin" and
# "<!-- quickstart:end -->", so that the README and this test cannot drift.
# They run in that order as one POSIX sh script (sh -e: the first failing
# command fails the test), in an empty directory, with pgscrub on PATH as
# `pgscrub`, against a throwaway PostgreSQL 15 holding fixtures/pii-schema.sql
# (personal columns of many kinds, CamelCase names, hstore) as database
# "mydb". Then: the key file is private, check passes, and "dev" holds every
# table with every row, ids kept and personal values replaced. The commands
# the steps name in their text run too (init --update after a migration,
# the run with files and pg_restore -j), and a large object stops the run as
# step 3 says.
. "$(dirname "$0")/lib.sh"

need_pgscrub
pg_start

T=$(tmp)
README=$PGSCRUB_SOURCE_DIR/README.md

# The commands, as the README has them.
sed -n '/^<!-- quickstart:begin/,/^<!-- quickstart:end -->/p' "$README" |
	awk '/^ *```sh *$/ { inside = 1; next } /^ *```/ { inside = 0; next }
		inside { sub(/^ +/, ""); print }' >"$T/quickstart.sh"
n=$(grep -c . "$T/quickstart.sh")
[ "$n" -ge 6 ] || fail "found $n command lines between the quickstart markers in README.md (expected the five steps)"
for want in 'pg_dump -Fc -s -f schema.dump mydb' 'pgscrub init schema.dump -o rules.ini' \
		'openssl rand -hex 32' 'pgscrub check -r rules.ini schema.dump' \
		'pg_dump -Fc mydb | pgscrub -r rules.ini | pg_restore -d dev'; do
	check "the quick start has: $want" grep -qF -- "$want" "$T/quickstart.sh"
done
command -v openssl >/dev/null || skip "openssl not found (apt-get install openssl): the quick start makes its key with it"

fresh_db mydb
psql -X -q -v ON_ERROR_STOP=1 -d mydb -f "$FIXTURES/pii-schema.sql" >"$T/load.log" 2>&1 ||
	fail "loading pii-schema.sql failed: $(e2e_trim "$(cat "$T/load.log")")"
psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS dev' >/dev/null 2>&1

# pgscrub as the README calls it: by name, from PATH.
mkdir -p "$T/bin" "$T/work"
ln -s "$PGSCRUB" "$T/bin/pgscrub"
(cd "$T/work" && PATH=$T/bin:$PATH timeout 300 sh -e "$T/quickstart.sh") >"$T/run.out" 2>&1
rc=$?
check_eq "the quick start's commands run to the end (output: $(e2e_trim "$(tail -n 5 "$T/run.out")"))" 0 "$rc"
[ "$rc" -eq 0 ] || finish

W=$T/work
check "rules.ini was written" test -s "$W/rules.ini"
check_eq "the key file is private" 600 "$(stat -c %a "$W/pgscrub.key")"
check "the key is 32 bytes in hex" grep -qxE '[0-9a-f]{64}' "$W/pgscrub.key"
check "the rules take the key from PGSCRUB_KEY, not from the file itself" \
	sh -c "grep -q '^secret_env = PGSCRUB_KEY' '$W/rules.ini' && ! grep -qF \"\$(cat '$W/pgscrub.key')\" '$W/rules.ini'"
check "the check passed with the key set" grep -q 'rules cover all' "$T/run.out"

# dev holds every table of mydb with every row.
tables=$(psql_q mydb "SELECT string_agg(format('%I.%I', schemaname, relname), ' ' ORDER BY 1)
	FROM pg_stat_user_tables")
for t in $tables; do
	check_eq "rows of $t in dev" "$(psql_q mydb "SELECT count(*) FROM $t")" "$(psql_q dev "SELECT count(*) FROM $t")"
done

# Keys kept, personal values replaced (no e-mail address of mydb left in dev).
ids() { psql_q "$1" "SELECT string_agg(\"Id\"::text, ',' ORDER BY \"Id\") FROM \"Customers\""; }
check_eq 'ids of "Customers" kept' "$(ids mydb)" "$(ids dev)"
orig=$(psql_q mydb "SELECT \"CustomerEmail\" FROM \"Customers\" WHERE \"CustomerEmail\" IS NOT NULL ORDER BY \"Id\"")
new=$(psql_q dev "SELECT \"CustomerEmail\" FROM \"Customers\" WHERE \"CustomerEmail\" IS NOT NULL ORDER BY \"Id\"")
check "mydb has e-mail addresses to replace" test -n "$orig"
for a in $orig; do
	check "the address of mydb ($a) is not in dev" sh -c "! printf '%s\n' \"\$1\" | grep -qxF \"\$2\"" _ "$new" "$a"
done
check "dev's addresses are fakes" sh -c "printf '%s\n' \"\$1\" | grep -qE '@example\\.(com|net|org)\$'" _ "$new"

# The commands the steps name in their text, each found in the quick start
# as written (lines joined) and run the same way: init --update after a
# migration, and the run with files.
prose=$(sed -n '/^<!-- quickstart:begin/,/^<!-- quickstart:end -->/p' "$README" | tr '\n' ' ' | tr -s ' ')
# prose_run EXPECTED_EXIT COMMAND: COMMAND is in the quick start's text; run it in the
# quick start's directory, with its PATH and key; its output is in $T/prose.out.
prose_run() {
	local want=$1 cmd=$2 rc=0
	check "the quick start names: $cmd" grep -qF -- "$cmd" <<<"$prose"
	(cd "$W" && PATH=$T/bin:$PATH PGSCRUB_KEY=$(cat pgscrub.key) timeout 300 sh -c "$cmd") >"$T/prose.out" 2>&1 || rc=$?
	check_eq "$cmd exits $want (output: $(e2e_trim "$(tail -n 3 "$T/prose.out")"))" "$want" "$rc"
}
cp "$W/rules.ini" "$T/rules.before"
prose_run 0 'pgscrub init --update rules.ini schema.dump -o rules.ini'
check_same_file "init --update with nothing new leaves rules.ini as it was" "$T/rules.before" "$W/rules.ini"
psql_q mydb 'ALTER TABLE public.users ADD COLUMN phone text' >/dev/null || fail "the migration failed"
(cd "$W" && pg_dump -Fc -s -f schema.dump mydb) || fail "pg_dump -s after the migration failed"
prose_run 1 'pgscrub check -r rules.ini schema.dump'
check "after a migration check names the new column" grep -q 'phone' "$T/prose.out"
prose_run 0 'pgscrub init --update rules.ini schema.dump -o rules.ini'
check "init --update marks the new column's rule ; new" grep -q '^phone = .*; new' "$W/rules.ini"
prose_run 0 'pgscrub check -r rules.ini schema.dump'
prose_run 0 'dropdb dev'
prose_run 0 'createdb dev'
prose_run 0 'pg_dump -Fc -f mydb.dump mydb'
prose_run 0 'pgscrub -r rules.ini -i mydb.dump -o scrubbed.dump'
prose_run 0 'pg_restore -j 4 -d dev scrubbed.dump'
for t in $tables; do
	check_eq "rows of $t in dev, restored from scrubbed.dump" \
		"$(psql_q mydb "SELECT count(*) FROM $t")" "$(psql_q dev "SELECT count(*) FROM $t")"
done
check_eq "public.users.phone restored from scrubbed.dump" 1 \
	"$(psql_q dev "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'phone'")"

# Step 3: a schema-only dump shows no large objects; a database with one makes
# the run stop and ask for large_objects = drop (or keep), as the step says.
check "the quick start warns about large objects" grep -qF 'add `large_objects = drop` (or `keep`)' <<<"$prose"
psql_q mydb "SELECT lo_from_bytea(0, 'a large object')" >/dev/null || fail "lo_from_bytea failed"
prose_run 0 'pg_dump -Fc -f mydb.dump mydb'
prose_run 3 'pgscrub -r rules.ini -i mydb.dump -o scrubbed.dump'
check "the run asks for large_objects = drop" grep -q 'large_objects = drop' "$T/prose.out"

finish
