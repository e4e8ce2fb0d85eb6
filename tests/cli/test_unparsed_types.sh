#!/usr/bin/env bash
# tests/cli/test_unparsed_types.sh — a DOMAIN or TYPE whose definition
# pgscrub cannot parse (issue 9) stops no run that does not need it.
#
# pg_dump writes nothing pgscrub cannot read here, so the archives are the
# pg18 fixture with one definition made odd by tests/cli/redefn.py: the
# domain public.email_addr with an unbalanced CHECK, the enum public.mood
# with a bare word for a label.  keep, null and truncate need no type: the
# keep-only run, init, and check of init's output pass, and init's output
# scrubs the archive.  A rule that needs the type (email on a column of the
# domain, const on one of the enum) is refused by check and the run with a
# message naming the domain or type and what is not understood.
CLI_NAME=cli-unparsed-types CLI_PREFIX=unparsed-
. "$(dirname "$0")/clilib.bash"
export PGSCRUB_KEY=0123456789abcdef0123456789abcdef

IN=$A/pg18-gzip-file.dump
RD=$SRC/tests/cli/redefn.py
python3 "$RD" "$IN" "$TMP/domain.dump" DOMAIN email_addr "CHECK (" "CHECK (("
python3 "$RD" "$IN" "$TMP/type.dump" TYPE mood "ENUM (" "ENUM (sad, "
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n' >"$TMP/keep.ini"

for k in domain type; do
	# keep-only
	"$PGSCRUB" -r "$TMP/keep.ini" -i "$TMP/$k.dump" -o "$TMP/$k.keep.dump" 2>"$TMP/err"
	assert "$k: keep-only run succeeds" test $? = 0 -a -s "$TMP/$k.keep.dump"
	"$PGSCRUB" init "$TMP/$k.dump" >"$TMP/$k.ini" 2>"$TMP/err"
	assert "$k: init succeeds" test $? = 0 -a -s "$TMP/$k.ini"
	case_ "check-init-$k" - check -r "$TMP/$k.ini" "$TMP/$k.dump"
	"$PGSCRUB" -r "$TMP/$k.ini" -i "$TMP/$k.dump" -o "$TMP/$k.out.dump" 2>"$TMP/err"
	assert "$k: a run with init's rules succeeds" test $? = 0 -a -s "$TMP/$k.out.dump"
done
# What init writes for the columns of the domain and the type.
grep -E '^(email|e|m|status) =' "$TMP/domain.ini" "$TMP/type.ini" |
	sed "s|$TMP/||" >"$TMP/init-lines"
compare init-lines "$TMP/init-lines"

# Rules made from the intact archive use email on the domain's columns.
"$PGSCRUB" init "$IN" >"$TMP/full.ini"
case_ check-domain-email - check -r "$TMP/full.ini" "$TMP/domain.dump"
case_ run-domain-email - -r "$TMP/full.ini" -i "$TMP/domain.dump" -o "$TMP/o.dump"
assert "run-domain-email leaves no output" test ! -e "$TMP/o.dump"
# null and truncate need no type.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\ntruncate = public.all_types\n[public.people]\nemail = null\n' >"$TMP/null.ini"
case_ run-domain-null - -r "$TMP/null.ini" -i "$TMP/domain.dump" -o "$TMP/o.dump"
rm -f "$TMP/o.dump"
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[public.all_types]\nm = const(%s)\n' "'ok'" >"$TMP/const.ini"
case_ check-type-const - check -r "$TMP/const.ini" "$TMP/type.dump"
case_ run-type-const - -r "$TMP/const.ini" -i "$TMP/type.dump" -o "$TMP/o.dump"
# The intact archive takes the same rule.
"$PGSCRUB" -r "$TMP/const.ini" -i "$IN" -o "$TMP/o.dump" 2>"$TMP/err"
assert "const on the enum fits when the type is understood" test $? = 0
cli_finish
