#!/usr/bin/env bash
# test_fk_rules.sh — rules that keep foreign keys joinable (issue 10).
#
# The two failures the issue reports, on fixtures/fk.sql (pg_dump 15):
#   - users.email = email with carts.user_email = hash passed check, the run
#     exited 0 and pg_restore --exit-on-error failed on the key: now both
#     check and the run refuse it, before any output exists;
#   - a referencing column with no rule of its own follows the rule of the
#     column it references: the scrubbed archive restores with
#     pg_restore --exit-on-error, every key is there and valid (the NOT
#     VALID one stays NOT VALID), the e-mail addresses are gone, and every
#     cart still joins its user — from a file, a pipe and with -j.
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients
D=$ARCHIVES/pg15-gzip-fk.dump
[ -s "$D" ] || fail "fixture archive $D is missing (run fixtures/make-fixtures.sh fk)"
pg_start

T=$(tmp)
export PGSCRUB_KEY=0123456789abcdef0123456789abcdef
"$PGSCRUB" init --no-sample "$D" >"$T/follow.ini" || fail "init failed"
check "init: carts.user_email follows users.email" \
	grep -qx '; user_email follows public.users.email (carts_user_email_fkey)' "$T/follow.ini"
check "init: users.email is scrubbed" grep -q '^email = email' "$T/follow.ini"

# 1. users.email = email, carts.user_email = hash: refused, no output.
sed 's/^; user_email follows .*/user_email = hash/' "$T/follow.ini" >"$T/hash.ini"
rc=0
"$PGSCRUB" check -r "$T/hash.ini" "$D" >"$T/check.out" 2>&1 || rc=$?
check_eq "hash: check fails" "1" "$rc"
check "hash: check names the key" grep -q "breaks foreign key carts_user_email_fkey" "$T/check.out"
scrub -r "$T/hash.ini" -i "$D" -o "$T/hash.dump"
check_eq "hash: the run refuses" "3" "$SCRUB_RC"
check "hash: one error line and a hint" scrub_error_ok
check "hash: the message names both columns and the key" grep -q \
	"public.carts.user_email = hash breaks foreign key carts_user_email_fkey: it references public.users.email, which is email" \
	"$SCRUB_ERR"
check "hash: no output" test ! -e "$T/hash.dump"

# 2. The follow: check passes, the run writes an archive that restores.
rc=0
"$PGSCRUB" check -r "$T/follow.ini" "$D" >"$T/check.out" 2>&1 || rc=$?
check_eq "follow: check passes" "0" "$rc"
scrub -r "$T/follow.ini" -i "$D" -o "$T/follow.dump"
check_eq "follow: the run succeeds" "0" "$SCRUB_RC"
scrub_pipe "$D" "$T/follow-pipe.dump" -r "$T/follow.ini"
check_eq "follow: the run through pipes succeeds" "0" "$SCRUB_RC"

fresh_db orig
restore_db 15 orig --exit-on-error "$D" || not_ok "restoring the input failed"
nkeys=$(psql_q orig "SELECT count(*) FROM pg_constraint WHERE contype = 'f'")
check "the input has its keys" test "$nkeys" -ge 12

# check --dbname reads the same keys from the database (pg_constraint) as
# check does from the archive: the same resolution and the same problems.
CONN="host=$PGHOST port=$PGPORT dbname=orig user=postgres"
for r in follow hash; do
	"$PGSCRUB" check --explain -r "$T/$r.ini" "$D" >"$T/$r.archive.txt" 2>&1
	"$PGSCRUB" check --explain -r "$T/$r.ini" --dbname "$CONN" >"$T/$r.db.txt" 2>&1
	check "check --dbname: $r: the same answer as from the archive" \
		cmp -s "$T/$r.archive.txt" "$T/$r.db.txt"
done
check "check --dbname: following columns" grep -q \
	'^public.carts.user_email = email  (follows public.users.email (carts_user_email_fkey))' "$T/follow.db.txt"
check "check --dbname: the broken key" grep -q \
	'public.carts.user_email = hash breaks foreign key carts_user_email_fkey' "$T/hash.db.txt"
"$PGSCRUB" init --dbname "$CONN" >"$T/init-db.ini" 2>&1
check "init --dbname writes what init writes from the archive" \
	cmp -s "$T/follow.ini" "$T/init-db.ini"

# restored_ok DB LABEL: every key of the input, valid except the NOT VALID
# one; no original address; every cart joins its user; every event too.
restored_ok() {
	local db=$1 what=$2
	check_eq "$what: every key restored" "$nkeys" \
		"$(psql_q "$db" "SELECT count(*) FROM pg_constraint WHERE contype = 'f'")"
	check_eq "$what: only the NOT VALID key is not validated" "audit_user_id_fkey" \
		"$(psql_q "$db" "SELECT string_agg(conname, ',') FROM pg_constraint WHERE contype = 'f' AND NOT convalidated")"
	check_eq "$what: no original address left" "0" \
		"$(psql_q "$db" "SELECT (SELECT count(*) FROM public.users WHERE email LIKE '%@shop.test') + (SELECT count(*) FROM public.carts WHERE user_email LIKE '%@shop.test')")"
	check_eq "$what: every cart with an address joins its user" \
		"$(psql_q orig "SELECT count(*) FROM public.carts c JOIN public.users u ON u.email = c.user_email")" \
		"$(psql_q "$db" "SELECT count(*) FROM public.carts c JOIN public.users u ON u.email = c.user_email")"
	check_eq "$what: carts keep their users" \
		"$(psql_q orig "SELECT string_agg(c.id || ':' || u.id, ',' ORDER BY c.id) FROM public.carts c JOIN public.users u ON u.email = c.user_email")" \
		"$(psql_q "$db" "SELECT string_agg(c.id || ':' || u.id, ',' ORDER BY c.id) FROM public.carts c JOIN public.users u ON u.email = c.user_email")"
	check_eq "$what: every event of a partition joins its user" \
		"$(psql_q orig "SELECT count(*) FROM public.events e JOIN public.users u ON u.id = e.user_id")" \
		"$(psql_q "$db" "SELECT count(*) FROM public.events e JOIN public.users u ON u.id = e.user_id")"
}
if [ -e "$T/follow.dump" ]; then
	fresh_db file
	if restore_db 15 file --exit-on-error "$T/follow.dump"; then
		restored_ok file "file"
	else
		not_ok "follow: pg_restore --exit-on-error of the output failed"
	fi
	fresh_db par
	if restore_db 15 par --exit-on-error -j 3 "$T/follow.dump"; then
		restored_ok par "-j 3"
	else
		not_ok "follow: pg_restore -j 3 of the output failed"
	fi
fi
if [ -s "$T/follow-pipe.dump" ]; then
	fresh_db piped
	if pg_restore_pipe=$(restore_tool 15) && "$pg_restore_pipe" -d piped --exit-on-error <"$T/follow-pipe.dump"; then
		restored_ok piped "pipe"
	else
		not_ok "follow: pg_restore --exit-on-error from a pipe failed"
	fi
fi
finish
