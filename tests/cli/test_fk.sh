#!/usr/bin/env bash
# tests/cli/test_fk.sh — foreign keys: columns that follow the column they
# reference, and rules that would break a key, refused by the run and
# reported by check with the same words (fixtures/fk.sql, pg_dump 15).
CLI_NAME=cli-fk CLI_PREFIX=fk-
. "$(dirname "$0")/clilib.bash"
export PGSCRUB_KEY=0123456789abcdef0123456789abcdef
D=$A/pg15-gzip-fk.dump

# init writes "; col follows ..." where a rule would be; check accepts it
# and --explain says what each column follows.
case_ init - init --no-sample "$D"
"$PGSCRUB" init --no-sample "$D" >"$TMP/init.ini"
case_ check-explain - check --explain -r "$TMP/init.ini" "$D"
case_ check-explain-json - check --explain --format json -r "$TMP/init.ini" "$D"
# pg_dump 17 and 18 write the same keys: the same rules, the same answer.
for v in 17 18; do
	"$PGSCRUB" init --no-sample "$A/pg$v-gzip-fk.dump" >"$TMP/init$v.ini"
	assert "init-pg$v-same" cmp -s "$TMP/init.ini" "$TMP/init$v.ini"
done

# rules.ini with one line changed: sed EXPR into NAME.ini
variant() {
	sed -e "$2" "$TMP/init.ini" >"$TMP/$1.ini"
}
# The issue's case: users.email = email, carts.user_email = hash.
variant hash 's/^; user_email follows .*/user_email = hash/'
case_ run-different - -r "$TMP/hash.ini" -i "$D" -o "$TMP/out.dump"
assert run-different-no-output test ! -e "$TMP/out.dump"
case_ check-different - check -r "$TMP/hash.ini" "$D"
# kept where the referenced column is rewritten (a "*" too)
variant kept 's/^; user_email follows .*/user_email = keep/'
case_ run-kept - -r "$TMP/kept.ini" -i "$D" -o "$TMP/out.dump"
variant star '/^\[public.carts\]/a * = keep
/^; user_email follows /d'
case_ check-star - check -r "$TMP/star.ini" "$D"
# rewritten where the referenced column is kept
variant rewritten 's/^; user_id follows public.users.id (orders_user_id_fkey)/user_id = int_range(1, 12)/'
case_ run-rewritten - -r "$TMP/rewritten.ini" -i "$D" -o "$TMP/out.dump"
# the same rule written out is fine, and so is null (NULL never breaks a key)
variant same 's/^; user_email follows .*/user_email = email()/'
case_ run-same - -r "$TMP/same.ini" -i "$D" -o "$TMP/out.dump"
rm -f "$TMP/out.dump"
variant null 's/^; user_email follows .*/user_email = null/'
case_ check-null - check -r "$TMP/null.ini" "$D"
# but not on one column of a MATCH FULL composite key
variant matchfull 's/^; line follows public.order_items.line (shipments_order_id_line_fkey)/line = null/'
case_ check-match-full - check -r "$TMP/matchfull.ini" "$D"
# a non-injective rule on a referenced column
variant names 's/^email = email  ; looks like an e-mail address$/email = full_name/'
case_ check-not-injective - check -r "$TMP/names.ini" "$D"
case_ run-not-injective - -r "$TMP/names.ini" -i "$D" -o "$TMP/out.dump"
# a partitioned referencing table: every partition is checked, and a
# partition's own section counts
variant partition 's/^; user_id follows public.users.id (events_user_id_fkey)/user_id = int_range(1, 12)/'
case_ check-partition - check -r "$TMP/partition.ini" "$D"
# a chain: reviews.order_id follows order_items.order_id, which follows
# orders.id; rewriting orders.id rewrites all three alike
variant chain 's/^id = keep$/id = keep/;/^\[public.orders\]/,/^placed/s/^id = keep$/id = noise(percent=10)/'
case_ check-chain-explain - check --explain -r "$TMP/chain.ini" "$D"
# A key pgscrub cannot read (its text damaged in place, same length): a
# run that keeps both tables passes; one that rewrites either is refused,
# naming the constraint.
python3 - "$D" "$TMP/odd.dump" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
old = b'REFERENCES public.users(email)'
assert b.count(old) == 1
open(sys.argv[2], 'wb').write(b.replace(old, b'REFERENCES public.users(emai!)'))
PY
printf '[pgscrub]\nunlisted = keep\n' >"$TMP/keepall.ini"
case_ run-unreadable-kept - -r "$TMP/keepall.ini" -i "$TMP/odd.dump" -o "$TMP/out.dump"
rm -f "$TMP/out.dump"
case_ run-unreadable - -r "$TMP/init.ini" -i "$TMP/odd.dump" -o "$TMP/out.dump"
case_ check-unreadable - check -r "$TMP/init.ini" "$TMP/odd.dump"
# A table whose only rewritten column follows a key is rewritten, not
# copied byte for byte (it once was: carts kept the real addresses while
# users.email was faked), and plan says so.
printf '[pgscrub]\nunlisted = keep\nsecret_env = PGSCRUB_KEY\n[public.users]\nemail = email\n' >"$TMP/follow-only.ini"
"$PGSCRUB" -r "$TMP/follow-only.ini" -i "$D" -o "$TMP/fo.dump" --report "$TMP/fo.json"
assert follow-only-run test -s "$TMP/fo.dump"
assert follow-only-report python3 -c '
import json, sys
t = {x["table"]: x for x in json.load(open(sys.argv[1]))["tables"]}
c = {x["column"]: x for x in t["carts"]["columns"]}
sys.exit(not (t["carts"]["action"] == "rewritten" and c["user_email"]["changed"] > 0))' "$TMP/fo.json"
pg_restore -a -t carts -f "$TMP/carts-in.sql" "$D"
pg_restore -a -t carts -f "$TMP/carts-out.sql" "$TMP/fo.dump"
grep -o '[a-z0-9.]*@shop\.test' "$TMP/carts-in.sql" | sort -u >"$TMP/carts-emails"
assert follow-only-had-emails test -s "$TMP/carts-emails"
assert follow-only-no-leak sh -c "! grep -F -f '$TMP/carts-emails' '$TMP/carts-out.sql'"
"$PGSCRUB" plan -r "$TMP/follow-only.ini" "$D" >"$TMP/fo-plan.txt"
assert follow-only-plan grep -q '^  public.carts: rewrite' "$TMP/fo-plan.txt"

cli_finish
