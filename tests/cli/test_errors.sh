#!/usr/bin/env bash
# tests/cli/test_errors.sh — output that must stay well-formed whatever the
# archive holds, and errors that must be told apart: JSON from an archive
# whose names are not UTF-8, a reader that goes away from check and init,
# unreadable key files.
#
# Pinned outputs are tests/cli/expected/errors-NAME.txt (see clilib.bash).
CLI_NAME=cli-errors CLI_PREFIX=errors-
. "$(dirname "$0")/clilib.bash"

# valid_json FILE: FILE is one JSON document, read as strict UTF-8 (json.load
# on a text stream would decode with the locale's error handler instead).
valid_json() {
	python3 -c 'import json, sys; json.loads(open(sys.argv[1], "rb").read())' "$1"
}

printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n' >"$TMP/keep.ini"
printf '[pgscrub]\nunlisted = error\nlarge_objects = keep\n' >"$TMP/strict.ini"

# ---- JSON: a table named in Latin-1 (bytes that are not UTF-8) ----------------
# latin1.py renames public.texts to public.t\xe9xts in a LATIN1 archive.
python3 "$SRC/tests/cli/latin1.py" "$A/pg17-none-file.dump" "$TMP/latin1.dump"
"$PGSCRUB" check -r "$TMP/strict.ini" --format json "$TMP/latin1.dump" \
	>"$TMP/check.json" 2>/dev/null
assert latin1-check-exit test $? = 1
assert latin1-check-json valid_json "$TMP/check.json"
assert latin1-check-name grep -q '"table": "t\\ufffdxts"' "$TMP/check.json"
"$PGSCRUB" -r "$TMP/keep.ini" -i "$TMP/latin1.dump" -o "$TMP/out.dump" \
	--report "$TMP/report.json" 2>/dev/null
assert latin1-run-exit test $? = 0
assert latin1-report-json valid_json "$TMP/report.json"
assert latin1-report-name grep -q '"table":"t\\ufffdxts"' "$TMP/report.json"
# A failed run's report carries the error, which names the table.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[public.t\351xts]\nnope = null\n' >"$TMP/stale.ini"
"$PGSCRUB" -r "$TMP/stale.ini" -i "$TMP/latin1.dump" -o "$TMP/out.dump" \
	--report "$TMP/fail.json" 2>/dev/null
assert latin1-failed-run-exit test $? = 3
assert latin1-failed-report-json valid_json "$TMP/fail.json"
assert latin1-failed-report-name grep -q '"error":".*t\\ufffdxts' "$TMP/fail.json"

# ---- messages quote the rules file with pgs_excerpt ----------------------------
# TAB as \t (not \x09); a long quote is cut between UTF-8 characters.
printf '[pgscrub]\nunlisted = ke\tep\n' >"$TMP/tab.ini"
case_ rules-tab - -r "$TMP/tab.ini" -i "$A/pg17-none-file.dump" -o "$TMP/out.dump"
{ printf '[pgscrub]\na'; for _ in $(seq 25); do printf '\303\251'; done; printf ' = keep\n'; } >"$TMP/utf8.ini"
case_ rules-utf8-cut - -r "$TMP/utf8.ini" -i "$A/pg17-none-file.dump" -o "$TMP/out.dump"

# ---- a reader that goes away: check and init end quietly, exit 1 ---------------
# As for the run (test_cli.sh "epipe"): the pipe's read end is closed before
# pgscrub starts, so its first write fails with EPIPE.
python3 - "$PGSCRUB" "$TMP/strict.ini" "$A/pg17-gzip-file.dump" >"$TMP/epipe.out" <<'PY'
import os, subprocess, sys
pgscrub, rules, archive = sys.argv[1:]
for cmd in (["check", "-r", rules, archive],
            ["check", "-r", rules, "--format", "json", archive],
            ["init", archive],
            ["init", "-o", "-", archive],
            ["-r", rules.replace("strict", "keep"), "-i", archive]):
    r, w = os.pipe()
    os.close(r)
    p = subprocess.run([pgscrub] + cmd, stdout=w, stderr=subprocess.PIPE)
    os.close(w)
    print(cmd[0], "exit", p.returncode)
    sys.stdout.write(p.stderr.decode())
PY
compare epipe "$TMP/epipe.out"
# Any other write error is still an error (exit 2, as for unreadable input).
"$PGSCRUB" check -r "$TMP/strict.ini" "$A/pg17-gzip-file.dump" >/dev/full 2>"$TMP/full.err"
{ echo "exit $?"; cat "$TMP/full.err"; } >"$TMP/full.out"
compare check-stdout-full "$TMP/full.out"

# ---- key files: errors are errors, never a short or cut key ---------------------
KEYED=$'[public.people]\nemail = email\n* = keep\n'
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\nsecret_file = %s\n%s' "$TMP" "$KEYED" >"$TMP/key-dir.ini"
case_ secret-file-directory - -r "$TMP/key-dir.ini" -i "$A/pg17-none-file.dump" -o "$TMP/out.dump"
head -c 5000 /dev/zero | tr '\0' k >"$TMP/big.key"
chmod 600 "$TMP/big.key"   # a key file group or others can read is refused
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\nsecret_file = big.key\n%s' "$KEYED" >"$TMP/key-big.ini"
case_ secret-file-too-big - -r "$TMP/key-big.ini" -i "$A/pg17-none-file.dump" -o "$TMP/out.dump"
head -c 4096 "$TMP/big.key" >"$TMP/cap.key"
chmod 600 "$TMP/cap.key"
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\nsecret_file = cap.key\n%s' "$KEYED" >"$TMP/key-cap.ini"
assert secret-file-at-cap "$PGSCRUB" -r "$TMP/key-cap.ini" -i "$A/pg17-none-file.dump" -o "$TMP/out.dump"

# ---- the report's rules digest is that of the bytes the run parsed --------------
sha() { sha256sum "$1" | cut -d' ' -f1; }
digest() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["rules"]["sha256"])' "$1"; }
"$PGSCRUB" -r "$TMP/keep.ini" -i "$A/pg17-none-file.dump" -o "$TMP/out.dump" --report "$TMP/r.json" 2>/dev/null
assert report-digest test "$(digest "$TMP/r.json")" = "$(sha "$TMP/keep.ini")"
# Also when the rules are invalid: they were read, then refused.
printf '[pgscrub]\nunlisted = maybe\n' >"$TMP/bad.ini"
"$PGSCRUB" -r "$TMP/bad.ini" -i "$A/pg17-none-file.dump" -o "$TMP/out.dump" --report "$TMP/r.json" 2>/dev/null
assert report-digest-invalid-rules test "$(digest "$TMP/r.json")" = "$(sha "$TMP/bad.ini")"
# A rules file that cannot be read has no digest.
"$PGSCRUB" -r "$TMP/none.ini" -i "$A/pg17-none-file.dump" -o "$TMP/out.dump" --report "$TMP/r.json" 2>/dev/null
assert report-digest-unreadable-rules test -z "$(digest "$TMP/r.json")"

cli_finish
