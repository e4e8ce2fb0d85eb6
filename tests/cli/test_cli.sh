#!/usr/bin/env bash
# tests/cli/test_cli.sh — pgscrub's messages and exit codes are a contract.
#
# Each case runs pgscrub and compares "exit N" plus its stderr (and, where
# noted, stdout) with tests/cli/expected/NAME.txt.  Paths of the source tree
# and of the temporary directory are written as $SRC and $TMP.
# CLI_UPDATE=1 rewrites the expected files (review the diff before
# committing).
CLI_NAME=cli CLI_PREFIX=''
. "$(dirname "$0")/clilib.bash"

cat >"$TMP/keep.ini" <<'INI'
[pgscrub]
unlisted = keep
large_objects = keep
INI
cp "$SRC/fixtures/demo-rules.ini" "$TMP/demo.ini"

# ---- usage -------------------------------------------------------------------
"$PGSCRUB" --help >"$TMP/help.out" 2>&1; echo "exit $?" >>"$TMP/help.out"
compare help "$TMP/help.out"
"$PGSCRUB" --version >"$TMP/version" 2>&1
assert version-first-line grep -Eq '^pgscrub [0-9]+\.[0-9]+\.[0-9]+$' <(head -1 "$TMP/version")
assert version-libraries grep -Eq '^zlib [0-9.]+, lz4 [0-9.]+, zstd [0-9.]+, libpq [0-9]+\.[0-9]+, inih r[0-9]+$' <(sed -n 2p "$TMP/version")
case_ anonymisers - anonymisers
case_ anonymisers-names - anonymisers --names
case_ anonymisers-help - anonymisers --help
case_ anonymisers-named - anonymisers email mask
case_ anonymisers-typo - anonymisers emial
case_ anonymisers-unknown - anonymisers frobnicate
case_ anonymisers-unknown-option - anonymisers --keyed
case_ no-rules - -i "$A/pg15-gzip-file.dump"
case_ unknown-option - --frobnicate
case_ missing-argument - -r
case_ extra-argument - -r "$TMP/keep.ini" extra.dump
case_ same-file - -r "$TMP/keep.ini" -i "$TMP/x.dump" -o "$TMP/x.dump"
case_ bad-compress - -r "$TMP/keep.ini" --compress lz5
case_ bad-level - -r "$TMP/keep.ini" --compress zstd:99
case_ input-missing - -r "$TMP/keep.ini" -i "$TMP/none.dump" -o "$TMP/out.dump"
case_ input-directory - -r "$TMP/keep.ini" -i "$TMP" -o "$TMP/out.dump"
# A directory archive's toc.dat alone, as a file or on standard input: said what it is.
case_ input-toc-dat - -r "$TMP/keep.ini" -i "$A/dir/pg18-gzip/toc.dat" -o "$TMP/out.dump"
case_ input-toc-dat-stdin "$A/dir/pg15-gzip/toc.dat" -r "$TMP/keep.ini"
case_ output-dir-missing - -r "$TMP/keep.ini" -i "$A/pg15-gzip-file.dump" -o "$TMP/no/such/dir/out.dump"

# ---- rules files ---------------------------------------------------------------
case_ rules-missing - -r "$TMP/nope.ini" -i "$A/pg15-gzip-file.dump" -o "$TMP/out.dump"
printf '[pgscrub]\nunlisted = maybe\n' >"$TMP/bad-option.ini"
case_ rules-bad-value - -r "$TMP/bad-option.ini" -i "$A/pg15-gzip-file.dump" -o "$TMP/out.dump"
printf '[pgscrub]\nunlistd = keep\n' >"$TMP/typo.ini"
case_ rules-unknown-option - -r "$TMP/typo.ini" -i "$A/pg15-gzip-file.dump" -o "$TMP/out.dump"
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[public.people]\nemail = emial\n' >"$TMP/anon-typo.ini"
case_ rules-unknown-anonymiser - -r "$TMP/anon-typo.ini" -i "$A/pg15-gzip-file.dump" -o "$TMP/out.dump"
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[public.people]\nemail = const(42)\n' >"$TMP/const-num.ini"
case_ rules-const-number - -r "$TMP/const-num.ini" -i "$A/pg15-gzip-file.dump" -o "$TMP/out.dump"
printf '[people]\nemail = null\n' >"$TMP/no-schema.ini"
case_ rules-no-schema - -r "$TMP/no-schema.ini" -i "$A/pg15-gzip-file.dump" -o "$TMP/out.dump"
printf '[public.people]\nemail null\n' >"$TMP/syntax.ini"
case_ rules-syntax - -r "$TMP/syntax.ini" -i "$A/pg15-gzip-file.dump" -o "$TMP/out.dump"

# ---- coverage: fail closed -----------------------------------------------------
printf '[pgscrub]\nlarge_objects = keep\n[public.people]\nid = keep\n' >"$TMP/partial.ini"
case_ unlisted-column - -r "$TMP/partial.ini" -i "$A/pg15-gzip-file.dump" -o "$TMP/out.dump"
assert unlisted-no-output test ! -e "$TMP/out.dump"
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[public.people]\nemial = null\n* = keep\n' >"$TMP/stale.ini"
case_ stale-column - -r "$TMP/stale.ini" -i "$A/pg15-gzip-file.dump" -o "$TMP/out.dump"
grep -v '^large_objects' "$TMP/demo.ini" >"$TMP/no-lo.ini"
case_ large-objects-unset - -r "$TMP/no-lo.ini" -i "$A/pg15-gzip-file.dump" -o "$TMP/out.dump"
case_ inserts - -r "$TMP/demo.ini" -i "$A/pg17-gzip-inserts.dump" -o "$TMP/out.dump"
case_ lz4-in-1.14 - -r "$TMP/keep.ini" --compress lz4 -i "$A/pg15-gzip-file.dump" -o "$TMP/out.dump"

# ---- bad archives --------------------------------------------------------------
case_ empty-input - -r "$TMP/keep.ini" -o "$TMP/out.dump"
printf -- '--\n-- PostgreSQL database cluster dump\n--\n' >"$TMP/plain.sql"
case_ plain-sql "$TMP/plain.sql" -r "$TMP/keep.ini" -o "$TMP/out.dump"
head -c 3000 "$A/pg18-zstd-pipe.dump" >"$TMP/cut.dump"
case_ truncated-toc - -r "$TMP/keep.ini" -i "$TMP/cut.dump" -o "$TMP/out.dump"
assert truncated-no-output test ! -e "$TMP/out.dump"
size=$(stat -c %s "$A/pg18-zstd-pipe.dump")
head -c $((size - 40)) "$A/pg18-zstd-pipe.dump" >"$TMP/cut-data.dump"
case_ truncated-data - -r "$TMP/demo.ini" -i "$TMP/cut-data.dump" -o "$TMP/out.dump"
assert truncated-data-no-output test ! -e "$TMP/out.dump"
assert no-temp-files-left test -z "$(ls -A "$TMP" | grep pgscrub- || true)"
{ cat "$A/pg18-zstd-pipe.dump"; printf 'junk'; } >"$TMP/trailing.dump"
case_ trailing-bytes - -r "$TMP/keep.ini" -i "$TMP/trailing.dump" -o "$TMP/out.dump"
cp "$A/pg18-zstd-pipe.dump" "$TMP/v117.dump"; printf '\021' | dd of="$TMP/v117.dump" bs=1 seek=6 conv=notrunc 2>/dev/null
case_ version-1.17 - -r "$TMP/keep.ini" -i "$TMP/v117.dump" -o "$TMP/out.dump"

# ---- pipes -----------------------------------------------------------------------
python3 "$SRC/tests/cli/reorder.py" "$A/pg17-gzip-pipe.dump" "$TMP/reordered.dump"
cat "$TMP/reordered.dump" | "$PGSCRUB" -r "$TMP/keep.ini" 2>"$TMP/stderr" >/dev/null
{ echo "exit $?"; cat "$TMP/stderr"; } >"$TMP/ooo.out"
compare out-of-order-pipe "$TMP/ooo.out"
assert out-of-order-file "$PGSCRUB" -r "$TMP/keep.ini" -i "$TMP/reordered.dump" -o "$TMP/reordered-out.dump"
assert out-of-order-file-same cmp -s "$TMP/reordered-out.dump" "$A/pg17-gzip-file.dump"
# A reader that goes away ends the run quietly and non-zero: the pipe's read
# end is closed before pgscrub starts, so its first write fails with EPIPE.
python3 - "$PGSCRUB" "$TMP/demo.ini" "$A/pg18-none-pipe.dump" >"$TMP/epipe.out" <<'PY'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run([sys.argv[1], "-r", sys.argv[2], "-i", sys.argv[3]],
                   stdout=w, stderr=subprocess.PIPE)
print("exit", p.returncode)
sys.stdout.write(p.stderr.decode())
PY
compare epipe "$TMP/epipe.out"

# ---- killed mid-run (a cron timeout): no temporary file stays behind ---------------
# The input stalls after the TOC, so pgscrub has made its temporary file and
# waits for data when it is killed.
mkdir -p "$TMP/killed"
mkfifo "$TMP/feed"
{ head -c 20000 "$A/pg18-none-pipe.dump"; sleep 30; } >"$TMP/feed" &
feeder=$!
"$PGSCRUB" -r "$TMP/keep.ini" -i "$TMP/feed" -o "$TMP/killed/out.dump" 2>/dev/null &
kpid=$!
for _ in $(seq 50); do
	ls -A "$TMP/killed" | grep -q pgscrub- && break
	sleep 0.1
done
assert killed-temp-file-was-there test -n "$(ls -A "$TMP/killed")"
kill -TERM "$kpid"
wait "$kpid"
assert killed-dies-of-the-signal test $? = 143
assert killed-leaves-nothing test -z "$(ls -A "$TMP/killed")"
pkill -P "$feeder" 2>/dev/null
kill "$feeder" 2>/dev/null
wait "$feeder" 2>/dev/null

# ---- every archive version: 1.12, 1.13 and 1.15 made from real archives ----------
# pg_dump 16 (1.15) and 9.x-11 (1.12/1.13) are not on this machine; reversion.py
# re-encodes real archives with exactly those versions' fields.
R17=/opt/pg-versions/bin/pg_restore-17
for spec in "pg17-gzip-pipe 15 $R17" "pg17-zstd-pipe 15 $R17" "pg17-lz4-pipe 15 $R17" \
	    "pg15-gzip-pipe 13 pg_restore" "pg15-none-pipe 12 pg_restore"; do
	set -- $spec
	v=$TMP/v$2-$1.dump
	python3 "$SRC/tests/cli/reversion.py" "$A/$1.dump" "$v" "$2"
	cat "$v" | "$PGSCRUB" -r "$TMP/keep.ini" 2>/dev/null | cat >"$TMP/vk.dump"
	assert "1.$2 ($1): keep-only output byte-identical" cmp -s "$v" "$TMP/vk.dump"
	"$PGSCRUB" -r "$TMP/demo.ini" -i "$v" -o "$TMP/vr.dump" 2>"$TMP/vr.err"
	assert "1.$2 ($1): rewrite succeeds" test $? = 0
	assert "1.$2 ($1): output keeps the version" \
		test "$(od -An -tu1 -j5 -N2 "$TMP/vr.dump" | tr -s ' ')" = " 1 $2"
	assert "1.$2 ($1): pg_restore reads the rewritten rows" \
		grep -q $'^1\tJane\tDoe\t' <("$3" -f - "$TMP/vr.dump" 2>/dev/null)
done
"$PGSCRUB" -r "$TMP/keep.ini" --compress lz4 -i "$TMP/v15-pg17-gzip-pipe.dump" -o "$TMP/vc.dump" 2>/dev/null
assert "1.15: --compress lz4 allowed" test $? = 0
"$PGSCRUB" -r "$TMP/keep.ini" --compress zstd -i "$TMP/v13-pg15-gzip-pipe.dump" -o "$TMP/vc.dump" 2>/dev/null
assert "1.13: --compress zstd refused" test $? = 2

# ---- report and progress -----------------------------------------------------------
"$PGSCRUB" -r "$TMP/demo.ini" -i "$A/pg18-gzip-statistics.dump" -o "$TMP/r.dump" \
	--report "$TMP/report.json" --progress 2>"$TMP/progress.err"
assert report-run test $? = 0
assert report-json python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] is True and r["data_offsets"] is True, r
assert len(r["rules"]["sha256"]) == 64
people = [t for t in r["tables"] if t["table"] == "people"][0]
assert people["action"] == "rewritten" and people["rows"] == 200, people
email = [c for c in people["columns"] if c["column"] == "email"][0]
assert email["rule"] == "null" and email["changed"] > 0, email
copied = [t for t in r["tables"] if t["action"] == "copied"]
assert copied and all(t["rows"] is None for t in copied)
assert r["statistics"]["value_lists_removed"] > 0
assert r["large_objects"] == {"blocks": 1, "action": "dropped"}, r["large_objects"]
' "$TMP/report.json"
assert progress-shown grep -Eq 'pgscrub: 100% of [0-9.]+ MB, public\.texts \(12/12 tables\), [0-9.]+ MB/s, done in ' "$TMP/progress.err"
"$PGSCRUB" -r "$TMP/no-lo.ini" -i "$A/pg15-gzip-file.dump" -o "$TMP/out.dump" \
	--report "$TMP/fail.json" 2>/dev/null
assert report-on-failure python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] is False and "large objects" in r["error"], r
' "$TMP/fail.json"

cli_finish
