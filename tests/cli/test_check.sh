#!/usr/bin/env bash
# tests/cli/test_check.sh — pgscrub check and pgscrub init: their reports,
# rules files, messages and exit codes are a contract.
#
# Each case runs pgscrub and compares "exit N", its stderr and, after a
# "--- stdout" line, its stdout with tests/cli/expected/check-NAME.txt.
# Paths of the source tree and of the temporary directory are written as
# $SRC and $TMP.  CLI_UPDATE=1 rewrites the expected files (review the diff
# before committing).
CLI_NAME=cli-check CLI_PREFIX=check-
. "$(dirname "$0")/clilib.bash"

# exits CODE COMMAND... : COMMAND exits with CODE (output discarded).
exits() {
	local want=$1 rc; shift
	"$@" </dev/null >/dev/null 2>&1
	rc=$?
	[ "$rc" = "$want" ] || { echo "  exit $rc, expected $want: $*" >&2; return 1; }
}

DEMO=$SRC/fixtures/demo-rules.ini
cp "$DEMO" "$TMP/demo.ini"

# ---- usage -------------------------------------------------------------------
case_ help - check --help
case_ init-help - init --help
case_ no-rules - check "$A/pg17-gzip-schema-only.dump"
case_ unknown-option - check -r "$TMP/demo.ini" --frobnicate
case_ missing-argument - check -r
case_ extra-argument - check -r "$TMP/demo.ini" "$A/pg17-gzip-file.dump" extra.dump
case_ archive-and-dbname - check -r "$TMP/demo.ini" --dbname "dbname=x" "$A/pg17-gzip-file.dump"
case_ bad-format - check -r "$TMP/demo.ini" --format yaml "$A/pg17-gzip-file.dump"
case_ init-unknown-option - init --frobnicate
case_ init-extra-argument - init "$A/pg17-gzip-file.dump" extra.dump
# Standard input a terminal: refused rather than waiting.
python3 - "$PGSCRUB" >"$TMP/tty.out" <<'PY'
import os, pty, subprocess, sys
for cmd in (["check", "-r", "/nonexistent.ini"], ["init"]):
    master, slave = pty.openpty()
    p = subprocess.run([sys.argv[1]] + cmd, stdin=slave, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    os.close(master); os.close(slave)
    print("exit", p.returncode)
    sys.stdout.write(p.stderr.decode())
PY
compare stdin-terminal "$TMP/tty.out"

# ---- unreadable input and invalid rules: exit 2 ----------------------------------
case_ rules-missing - check -r "$TMP/nope.ini" "$A/pg17-gzip-file.dump"
printf '[public.people]\nemail null\n' >"$TMP/syntax.ini"
case_ rules-syntax - check -r "$TMP/syntax.ini" "$A/pg17-gzip-file.dump"
case_ archive-missing - check -r "$TMP/demo.ini" "$TMP/none.dump"
printf -- '--\n-- PostgreSQL database cluster dump\n--\n' >"$TMP/plain.sql"
case_ plain-sql "$TMP/plain.sql" check -r "$TMP/demo.ini"
# A plain script (pg_dump -Fp, here gzip-compressed) is checked as its archive is.
case_ plain-script - check -r "$TMP/demo.ini" "$A/pg18-plain.sql.gz"
case_ empty-input - check -r "$TMP/demo.ini"
head -c 3000 "$A/pg18-zstd-pipe.dump" >"$TMP/cut.dump"
case_ truncated-toc - check -r "$TMP/demo.ini" "$TMP/cut.dump"
# libpq's own words vary between its versions: only the start is pinned.
"$PGSCRUB" check -r "$TMP/demo.ini" --dbname "host=$TMP port=1 dbname=none connect_timeout=2" \
	</dev/null >"$TMP/stdout" 2>"$TMP/unreachable.err"
assert dbname-unreachable-exit test $? = 2
assert dbname-unreachable-message grep -q "^pgscrub: error: cannot connect to the database: connection to server .* failed: " "$TMP/unreachable.err"
assert dbname-unreachable-one-line test "$(wc -l <"$TMP/unreachable.err")" = 1
# A rule that does not compile makes the rules file invalid: exit 2 as for the
# run, with every problem still listed (here an uncovered column too).
sed -e 's/^email = null$/email = emial/' -e '/^phone = null$/d' "$DEMO" >"$TMP/unknown-anon.ini"
case_ unknown-anonymiser - check -r "$TMP/unknown-anon.ini" "$A/pg17-gzip-file.dump"
assert unknown-anonymiser-run-exits-2 exits 2 "$PGSCRUB" -r "$TMP/unknown-anon.ini" \
	-i "$A/pg17-gzip-file.dump" -o "$TMP/unknown-anon.dump"
awk '{ print } /^\[public.people\]$/ { print "where = nosuchcol = 1" }' "$DEMO" >"$TMP/bad-where.ini"
case_ bad-condition - check -r "$TMP/bad-where.ini" "$A/pg17-gzip-file.dump"
assert bad-condition-run-exits-2 exits 2 "$PGSCRUB" -r "$TMP/bad-where.ini" \
	-i "$A/pg17-gzip-file.dump" -o "$TMP/bad-where.dump"
case_ init-archive-missing - init "$TMP/none.dump"
case_ init-update-missing - init --update "$TMP/nope.ini" "$A/pg17-gzip-file.dump"
case_ init-update-invalid - init --update "$TMP/syntax.ini" "$A/pg17-gzip-file.dump"

# ---- clean: exit 0 ---------------------------------------------------------------
case_ clean - check -r "$TMP/demo.ini" "$A/pg17-gzip-file.dump"
case_ clean-json - check -r "$TMP/demo.ini" --format json "$A/pg17-gzip-file.dump"
# From standard input, '-' or nothing; a schema-only dump counts every table.
case_ clean-stdin "$A/pg17-gzip-schema-only.dump" check -r "$TMP/demo.ini"
case_ clean-dash "$A/pg15-gzip-file.dump" check -r "$TMP/demo.ini" -
# Statistics are a warning: the check passes.
case_ statistics-warning - check -r "$TMP/demo.ini" "$A/pg18-gzip-statistics.dump"
# Only the header and the TOC are read: a file cut short in its data blocks
# checks as well as the whole one.
size=$(stat -c %s "$A/pg17-gzip-file.dump")
head -c $((size - 5000)) "$A/pg17-gzip-file.dump" >"$TMP/cut-data.dump"
assert toc-only exits 0 "$PGSCRUB" check -r "$TMP/demo.ini" "$TMP/cut-data.dump"

# ---- the CI case: a migration added a column ------------------------------------
grep -v '^phone = null$' "$DEMO" >"$TMP/no-phone.ini"
case_ new-column - check -r "$TMP/no-phone.ini" "$A/pg17-gzip-schema-only.dump"
case_ new-column-json - check -r "$TMP/no-phone.ini" --format=json "$A/pg17-gzip-schema-only.dump"
# The hints for missing rules: init --update first, and the command given
# works as printed (here with a rules file whose name needs quoting), fixing
# what check found; keep comes last and says why.
grep -v '^phone = null$\|^label = keep$' "$DEMO" >"$TMP/it's missing.ini"
"$PGSCRUB" check -r "$TMP/it's missing.ini" "$A/pg17-gzip-file.dump" >"$TMP/missing.out" 2>&1
assert missing-hint-exit test $? = 1
sed -n 's/^  \(pgscrub init --update .*\)$/\1/p' "$TMP/missing.out" >"$TMP/missing.cmd"
assert missing-hint-one-command test "$(wc -l <"$TMP/missing.cmd")" = 1
assert missing-hint-runs env PGSCRUB_DIR="$(dirname "$PGSCRUB")" \
	sh -c 'PATH=$PGSCRUB_DIR:$PATH; . "$1"' sh "$TMP/missing.cmd"
assert missing-hint-fixes exits 0 "$PGSCRUB" check -r "$TMP/it's missing.ini" "$A/pg17-gzip-file.dump"
assert missing-hint-marks-new grep -q "^phone = digits  ; new: " "$TMP/it's missing.ini"
assert missing-keep-last grep -q '^      label = keep  ; REVIEW: nothing in its name or type looks personal' "$TMP/missing.out"
# The run stops at the first: it counts the rest and points to check.
grep -v '^phone = null$\|^label = keep$' "$DEMO" >"$TMP/run-missing.ini"
case_ run-missing - -r "$TMP/run-missing.ini" -i "$A/pg17-gzip-file.dump" -o "$TMP/run-missing.dump"

# ---- every kind of problem, all reported ----------------------------------------
cat >"$TMP/bad.ini" <<'INI'
[pgscrub]
truncate = public.old_audit, public.empty_table

[public.people]
id = keep
; not_null
first_name = null
; rule: does not compile
last_name = first_nam
; not_injective (email is UNIQUE)
email = mask
phone = hash
; type
birth_date = email
; stale_column
emial = null
; rule: a bad pattern
notes = regex_replace('[', mask)

; stale_table
[public.peple]
id = keep

[public.orders]
id = keep
; stale_column, a warning: a generated column
total = null
* = keep

[public.measurements]
; not_null, in every partition
city_id = null
* = keep

[public.all_types]
; too_short
c = hash
* = keep

["CRM Data"."Weird Table"]
"Full Name" = null
* = keep

; uncovered_column: body and tags
[public.texts]
id = keep
label = keep
INI
case_ all-kinds - check -r "$TMP/bad.ini" "$A/pg18-gzip-statistics.dump"
case_ all-kinds-json - check -r "$TMP/bad.ini" --format json "$A/pg18-gzip-statistics.dump"
assert all-kinds-json-parses python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] is False' <(
	"$PGSCRUB" check -r "$TMP/bad.ini" --format json "$A/pg18-gzip-statistics.dump" 2>/dev/null)
# Each kind at least once.
"$PGSCRUB" check -r "$TMP/bad.ini" --format json "$A/pg18-gzip-statistics.dump" >"$TMP/kinds.json" 2>/dev/null
for kind in rule uncovered_table uncovered_column stale_table stale_column stale_truncate \
	    type not_null too_short not_injective large_objects statistics; do
	assert "kind-$kind" grep -q "\"kind\": \"$kind\"" "$TMP/kinds.json"
done
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[public.people]\nphone = digits\n' >"$TMP/nokey.ini"
case_ keyed-without-key - check -r "$TMP/nokey.ini" "$A/pg17-gzip-file.dump"
# secret_env naming a variable that is unset where check runs: a warning
# naming the option and its line (CI need not hold the key); set, nothing.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\nsecret_env = PGSCRUB_TEST_KEY\n[public.people]\nphone = digits\n' >"$TMP/envkey.ini"
unset PGSCRUB_TEST_KEY
case_ keyed-env-unset - check -r "$TMP/envkey.ini" "$A/pg18-gzip-statistics.dump"
case_ keyed-env-unset-json - check --format json -r "$TMP/envkey.ini" "$A/pg17-gzip-file.dump"
assert keyed-env-empty-warns env PGSCRUB_TEST_KEY= sh -c '"$1" check -r "$2" "$3" | grep -q "warning: .*secret_env = PGSCRUB_TEST_KEY names a variable that is not set"' \
	sh "$PGSCRUB" "$TMP/envkey.ini" "$A/pg17-gzip-file.dump"
PGSCRUB_TEST_KEY=0123456789abcdef0123456789abcdef "$PGSCRUB" check -r "$TMP/envkey.ini" "$A/pg17-gzip-file.dump" >"$TMP/envkey-set.out" 2>&1
assert keyed-env-set-exit test $? = 0
assert keyed-env-set-no-warning grep -qx "$TMP/envkey.ini: rules cover all 12 tables and 62 columns" "$TMP/envkey-set.out"
assert keyed-env-set-no-value sh -c '! grep -q 0123456789abcdef "$1"' sh "$TMP/envkey-set.out"
# No keyed rule: no key needed, no warning.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\nsecret_env = PGSCRUB_TEST_KEY\n[public.people]\nphone = null\n' >"$TMP/envkey-unkeyed.ini"
"$PGSCRUB" check -r "$TMP/envkey-unkeyed.ini" "$A/pg17-gzip-file.dump" >"$TMP/envkey-unkeyed.out" 2>&1
assert keyed-env-unkeyed-quiet grep -qx "$TMP/envkey-unkeyed.ini: rules cover all 12 tables and 62 columns" "$TMP/envkey-unkeyed.out"

# ---- a partial dump (pg_dump -t) -------------------------------------------------
# Sections and truncate entries for tables the archive lacks are notes
# (warnings): one rules file serves dumps of some tables.  A table whose
# parent is missing is clearly a partial dump, and the note says why; a
# pg_dump -t of one table with no parent or foreign key (pg18-none-sjis)
# gets the general note.  check --whole makes them problems.
printf '[pgscrub]\nunlisted = keep\ntruncate = ddl.gone_too\n[ddl.gone]\nid = keep\n' >"$TMP/partial-t.ini"
case_ partial-dump-notes - check -r "$TMP/partial-t.ini" "$A/pg18-gzip-ddl-child.dump"
case_ partial-dump-unknown - check -r "$TMP/partial-t.ini" "$A/pg18-none-sjis.dump"
case_ partial-dump-whole - check --whole -r "$TMP/partial-t.ini" "$A/pg18-none-sjis.dump"
case_ partial-dump-whole-json - check --whole --format json -r "$TMP/partial-t.ini" "$A/pg18-gzip-ddl-child.dump"

# ---- an encoding that hides ASCII bytes (SJIS) ---------------------------------------
# One problem naming the encoding, the rules that read values (the first 10
# lines, then how many more) and the fix, not one per rule; the JSON lists
# every line.  The run stops before writing.
SJIS=$A/pg18-none-sjis.dump
# rules.ini's own fixture, its ENCODING entry made SJIS: 27 of its rules
# read values.
python3 - "$SRC/tests/cli" "$A/pg18-gzip-file.dump" "$TMP/file-sjis.dump" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from pgarchive import Reader, Writer
r = Reader(open(sys.argv[2], "rb").read())
vmin, intsize, offsize = r.header()[:3]
head = r.data[:r.pos]
n = r.int()
entries = [r.entry(vmin, offsize) for _ in range(n)]
for e in entries:
    if e["strs1"][3] == b"ENCODING":
        e["strs2"][0] = b"SET client_encoding = 'SJIS';\n"
w = Writer(intsize)
w.int(n)
for e in entries:
    w.entry(e, vmin, offsize)
open(sys.argv[3], "wb").write(head + bytes(w.out) + r.data[r.pos:])
PY
case_ sjis-one-problem - check -r "$SRC/rules.ini" "$TMP/file-sjis.dump"
"$PGSCRUB" check -r "$SRC/rules.ini" "$TMP/file-sjis.dump" >"$TMP/sjis.out" 2>&1
assert sjis-one-line test "$(grep -c 'SJIS' "$TMP/sjis.out")" = 1
case_ sjis-one-problem-json - check --format json -r "$SRC/rules.ini" "$TMP/file-sjis.dump"
"$PGSCRUB" check --format json -r "$SRC/rules.ini" "$TMP/file-sjis.dump" >"$TMP/sjis.json" 2>/dev/null
# rules.ini on the SJIS fixture: none of its rules covers a column there,
# so no rule reads a value and the encoding is no problem (only the stale
# sections are).
"$PGSCRUB" check -r "$SRC/rules.ini" "$SJIS" >"$TMP/sjis-unused.out" 2>&1
assert sjis-unused-rules-not-counted sh -c "! grep -q SJIS '$TMP/sjis-unused.out'"
assert sjis-json-lines python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
enc = [p for p in r["problems"] if p["kind"] == "encoding"]
assert len(enc) == 1 and not any("SJIS" in p["message"] for p in r["problems"] if p["kind"] != "encoding"), r
lines = enc[0]["lines"]
assert len(lines) == 27 and lines == sorted(lines) and lines[:3] == [57, 58, 62], lines
assert "pg_dump -E UTF8" in enc[0]["message"] and "and 17 more" in enc[0]["message"]
' "$TMP/sjis.json"
printf '[pgscrub]\nunlisted = keep\n[public.jp_texts]\nbody = mask\nkana = mask(keep_first=1)\n' >"$TMP/sjis2.ini"
case_ sjis-two-rules - check -r "$TMP/sjis2.ini" "$SJIS"
"$PGSCRUB" -r "$TMP/sjis2.ini" -i "$SJIS" -o "$TMP/sjis.dump" 2>/dev/null
assert sjis-run-refused test $? = 3
assert sjis-run-writes-nothing test ! -e "$TMP/sjis.dump"
# Rules that work on the raw field (keep, null, const) are fine.
printf '[pgscrub]\nunlisted = keep\n[public.jp_texts]\nbody = null\nkana = const('"'"'x'"'"')\n' >"$TMP/sjis-raw.ini"
assert sjis-raw-rules-pass exits 0 "$PGSCRUB" check -r "$TMP/sjis-raw.ini" "$SJIS"

# A case rule's THEN parts: compiled and fitted as the run does, and listed
# with the encoding problem when they read values.
printf '[pgscrub]\nunlisted = keep\n[public.jp_texts]\nkana = case when id > 1 then mask else keep end\n' >"$TMP/sjis-case.ini"
case_ sjis-case-branch - check -r "$TMP/sjis-case.ini" "$SJIS"
"$PGSCRUB" -r "$TMP/sjis-case.ini" -i "$SJIS" -o "$TMP/sjis.dump" 2>/dev/null
assert sjis-case-branch-run-refused test $? = 3
printf '[pgscrub]\nunlisted = keep\n[public.people]\nemail = case when id > 1 then maskk else keep end\n' >"$TMP/case-unknown.ini"
case_ case-branch-unknown - check -r "$TMP/case-unknown.ini" "$A/pg18-gzip-file.dump"
"$PGSCRUB" -r "$TMP/case-unknown.ini" -i "$A/pg18-gzip-file.dump" -o "$TMP/case.dump" 2>/dev/null
assert case-branch-unknown-run-agrees test $? = 2
printf '[pgscrub]\nunlisted = keep\n[public.people]\nid = case when id > 1 then mask else keep end\n' >"$TMP/case-type.ini"
case_ case-branch-type - check -r "$TMP/case-type.ini" "$A/pg18-gzip-file.dump"
"$PGSCRUB" -r "$TMP/case-type.ini" -i "$A/pg18-gzip-file.dump" -o "$TMP/case.dump" 2>/dev/null
assert case-branch-type-run-agrees test $? = 3

# ---- init ------------------------------------------------------------------------
case_ init - init "$A/pg17-gzip-file.dump"
case_ init-schema-only "$A/pg17-gzip-schema-only.dump" init
case_ init-sjis - init "$A/pg18-none-sjis.dump"
"$PGSCRUB" init "$A/pg17-gzip-file.dump" >"$TMP/init.ini" 2>/dev/null
assert init-checks-clean exits 0 "$PGSCRUB" check -r "$TMP/init.ini" "$A/pg17-gzip-file.dump"
for f in pg15-gzip-file pg18-gzip-statistics pg18-gzip-quote-all pg18-gzip-partition-root \
	 pg17-gzip-inserts pg18-none-sjis pg15-gzip-noblobs; do
	"$PGSCRUB" init "$A/$f.dump" >"$TMP/init-$f.ini" 2>/dev/null
	assert "init-checks-clean-$f" exits 0 "$PGSCRUB" check -r "$TMP/init-$f.ini" "$A/$f.dump"
done
# The same database dumped by pg_dump 15, 17 and 18: the same rules.
assert init-same-15-17 cmp -s "$TMP/init-pg15-gzip-file.ini" "$TMP/init.ini"
assert init-same-17-18 cmp -s "$TMP/init-pg18-gzip-statistics.ini" "$TMP/init.ini"
# The scrub itself accepts what init wrote.
assert init-scrubs env PGSCRUB_KEY=0123456789abcdef0123456789abcdef \
	"$PGSCRUB" -r "$TMP/init.ini" -i "$A/pg17-gzip-file.dump" -o "$TMP/scrubbed.dump"
# -o FILE: the same text, through a temporary file that is renamed.
case_ init-output - init "$A/pg17-gzip-file.dump" -o "$TMP/out.ini"
assert init-output-same cmp -s "$TMP/out.ini" "$TMP/init.ini"
assert init-output-no-temp test -z "$(ls -A "$TMP" | grep pgscrub- || true)"
case_ init-output-dir-missing - init "$A/pg17-gzip-file.dump" -o "$TMP/no/such/dir/rules.ini"

# ---- init --update ---------------------------------------------------------------
# The new column and a new table are added, marked "; new"; every other byte
# stays; the result checks clean.
grep -v '^phone = null$' "$DEMO" | sed '/^\[public.jp_texts\]$/,$d' >"$TMP/old.ini"
case_ update - init --update "$TMP/old.ini" "$A/pg17-gzip-file.dump"
"$PGSCRUB" init --update "$TMP/old.ini" "$A/pg17-gzip-file.dump" >"$TMP/updated.ini" 2>/dev/null
assert update-checks-clean exits 0 "$PGSCRUB" check -r "$TMP/updated.ini" "$A/pg17-gzip-file.dump"
assert update-keeps-bytes cmp -s "$TMP/old.ini" <(sed '/^\[.*\]  ; new$/,$d' "$TMP/updated.ini" |
	grep -v '; new')
# Nothing missing: byte for byte the same file.
"$PGSCRUB" init --update "$DEMO" "$A/pg17-gzip-file.dump" >"$TMP/same.ini" 2>/dev/null
assert update-nothing-new cmp -s "$DEMO" "$TMP/same.ini"
# In place with -o: the rules file itself.
cp "$TMP/old.ini" "$TMP/inplace.ini"
assert update-in-place exits 0 "$PGSCRUB" init --update "$TMP/inplace.ini" -o "$TMP/inplace.ini" "$A/pg17-gzip-file.dump"
assert update-in-place-same cmp -s "$TMP/inplace.ini" "$TMP/updated.ini"

cli_finish
