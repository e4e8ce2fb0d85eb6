#!/usr/bin/env bash
# tests/cli/test_report.sh — what a run says about itself: the --report
# JSON (times, exit status, per-table bytes and time, the key's
# fingerprint; --report -), the --progress line and -v's one line.
CLI_NAME=report CLI_PREFIX=report-
. "$(dirname "$0")/clilib.bash"
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }

IN=$A/pg18-gzip-file.dump
DEMO=$SRC/fixtures/demo-rules.ini
KEYED=$SRC/rules.ini
export PGSCRUB_KEY=report-test-key-0123456789abcdef
OTHER_KEY=report-test-key-fedcba9876543210

# ---- --report: the fields ------------------------------------------------------
"$PGSCRUB" -r "$KEYED" -i "$IN" -o "$TMP/k1.dump" --report "$TMP/k1.json" 2>/dev/null
rc=$?
assert "keyed run exits 0" test $rc = 0
assert "fields present and plausible" python3 - "$TMP/k1.json" "$rc" "$IN" "$TMP/k1.dump" <<'PY'
import json, os, re, sys, datetime
r = json.load(open(sys.argv[1]))
rc, inp, out = int(sys.argv[2]), sys.argv[3], sys.argv[4]
assert r["ok"] is True and r["exit_status"] == rc == 0, r
t = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
assert t.match(r["started_at"]) and t.match(r["ended_at"]), r
p = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")
now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
start, end = p(r["started_at"]), p(r["ended_at"])
assert start <= end <= now and (now - start).total_seconds() < 600, r
assert (end - start).total_seconds() <= r["seconds"] + 1, r
assert re.match(r"^[0-9a-f]{16}$", r["key_fingerprint"]), r
assert r["bytes_in"] == os.path.getsize(inp), r
assert r["bytes_out"] == os.path.getsize(out), r
tables = r["tables"]
assert len(tables) == 12, len(tables)
for tb in tables:
    for k in ("seconds", "bytes_in", "bytes_out"):
        assert isinstance(tb[k], (int, float)) and tb[k] >= 0, tb
    assert tb["seconds"] <= r["seconds"], tb
    # a data block has a head and at least an end of its stream
    assert tb["bytes_in"] > 0 and tb["bytes_out"] > 0, tb
    if tb["action"] == "copied":
        assert tb["bytes_in"] == tb["bytes_out"], tb
assert sum(tb["bytes_in"] for tb in tables) < r["bytes_in"]
assert sum(tb["bytes_out"] for tb in tables) < r["bytes_out"]
PY

# ---- the key's fingerprint -----------------------------------------------------
"$PGSCRUB" -r "$KEYED" -i "$IN" -o "$TMP/k2.dump" --report "$TMP/k2.json" 2>/dev/null
PGSCRUB_KEY=$OTHER_KEY "$PGSCRUB" -r "$KEYED" -i "$IN" -o "$TMP/k3.dump" \
	--report "$TMP/k3.json" 2>/dev/null
assert "fingerprint: same key, same fingerprint; other key, other" \
	python3 - "$TMP/k1.json" "$TMP/k2.json" "$TMP/k3.json" <<'PY'
import json, sys
a, b, c = (json.load(open(f))["key_fingerprint"] for f in sys.argv[1:])
assert a == b and a != c and c, (a, b, c)
PY
# keyed.h: master = BLAKE2b-256(secret); the fingerprint is keyed
# BLAKE2b-128(master, "pgscrub key fingerprint v1"), its first 8 bytes.
assert "fingerprint: as keyed.h says; the key appears in no form" \
	python3 - "$TMP/k1.json" "$PGSCRUB_KEY" <<'PY'
import base64, hashlib, json, sys
text = open(sys.argv[1]).read()
secret = sys.argv[2].encode()
master = hashlib.blake2b(secret, digest_size=32).digest()
fp = hashlib.blake2b(b"pgscrub key fingerprint v1", key=master,
                     digest_size=16).hexdigest()[:16]
assert json.loads(text)["key_fingerprint"] == fp, fp
for key in (secret, master):
    for form in (key.hex(), key.hex().upper(), base64.b64encode(key).decode(),
                 base64.b64encode(key).decode().rstrip("=")):
        assert form not in text, form
    assert key.decode("latin-1") not in text
    # no 8 consecutive bytes of the key, in hex
    for i in range(len(key) - 7):
        assert key[i:i + 8].hex() not in text
PY
printf '[pgscrub]\nsecret = random\n[public.people]\nfirst_name = first_name\n' \
	>"$TMP/random.ini"
printf 'unlisted = keep\nlarge_objects = keep\n' >"$TMP/opts"
sed -i "2r $TMP/opts" "$TMP/random.ini"
"$PGSCRUB" -r "$TMP/random.ini" -i "$IN" -o "$TMP/r1.dump" --report "$TMP/r1.json" 2>/dev/null
assert "secret = random: run exits 0" test $? = 0
"$PGSCRUB" -r "$TMP/random.ini" -i "$IN" -o "$TMP/r2.dump" --report "$TMP/r2.json" 2>/dev/null
assert "secret = random: a fingerprint, another each run (outputs not linkable)" \
	python3 - "$TMP/r1.json" "$TMP/r2.json" <<'PY'
import json, sys
a, b = (json.load(open(f))["key_fingerprint"] for f in sys.argv[1:])
assert a and b and len(a) == 16 and a != b, (a, b)
PY
"$PGSCRUB" -r "$DEMO" -i "$IN" -o "$TMP/d.dump" --report "$TMP/d.json" 2>/dev/null
assert "no key: the fingerprint is null" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert "key_fingerprint" in r and r["key_fingerprint"] is None, r
' "$TMP/d.json"

# ---- exit_status is what the process returns -----------------------------------
exit_status_is() {
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["exit_status"] == int(sys.argv[2]), (r["exit_status"], sys.argv[2])
assert r["ok"] is (sys.argv[2] == "0")
assert r["started_at"] <= r["ended_at"]
' "$1" "$2"
}
assert "exit_status: success, 0" exit_status_is "$TMP/d.json" 0
grep -v '^phone = null$' "$DEMO" >"$TMP/no-phone.ini"
"$PGSCRUB" -r "$TMP/no-phone.ini" -i "$IN" -o "$TMP/c.dump" --report "$TMP/c.json" 2>/dev/null
rc=$?
assert "exit_status: coverage failure exits 3" test $rc = 3
assert "exit_status: coverage failure, 3 = \$?" exit_status_is "$TMP/c.json" $rc
head -c 20000 "$IN" >"$TMP/cut.dump"
"$PGSCRUB" -r "$DEMO" -i "$TMP/cut.dump" -o "$TMP/b.dump" --report "$TMP/b.json" 2>/dev/null
rc=$?
assert "exit_status: bad input exits 1" test $rc = 1
assert "exit_status: bad input, 1 = \$?" exit_status_is "$TMP/b.json" $rc
printf '[pgscrub]\nunlisted = maybe\n' >"$TMP/bad.ini"
"$PGSCRUB" -r "$TMP/bad.ini" -i "$IN" -o "$TMP/b.dump" --report "$TMP/u.json" 2>/dev/null
rc=$?
assert "exit_status: invalid rules exits 2" test $rc = 2
assert "exit_status: invalid rules, 2 = \$?" exit_status_is "$TMP/u.json" $rc

# ---- --report -: the report on standard output ---------------------------------
"$PGSCRUB" -r "$DEMO" -i "$IN" -o "$TMP/s.dump" --report - >"$TMP/s.json" 2>"$TMP/s.err"
assert "--report -: exit 0" test $? = 0
assert "--report -: stdout is the report, one JSON line" python3 -c '
import json, sys
text = open(sys.argv[1]).read()
assert text.count("\n") == 1 and text.endswith("\n"), repr(text[-20:])
r = json.loads(text)
assert r["ok"] is True and r["output"] == sys.argv[2], r
' "$TMP/s.json" "$TMP/s.dump"
assert "--report -: the archive is written to -o" cmp -s "$TMP/s.dump" "$TMP/d.dump"
assert "--report -: nothing on stderr" test ! -s "$TMP/s.err"
"$PGSCRUB" -r "$TMP/no-phone.ini" -i "$IN" -o "$TMP/s2.dump" --report - \
	>"$TMP/s2.json" 2>/dev/null
rc=$?
assert "--report -: a failure is reported on stdout too" exit_status_is "$TMP/s2.json" $rc
assert "--report -: ... and leaves no archive" test ! -e "$TMP/s2.dump"
"$PGSCRUB" -r "$DEMO" -i "$IN" --report - >"$TMP/s3.out" 2>/dev/null
assert "--report - with the archive on stdout: refused (exit 2)" test $? = 2
assert "--report - with the archive on stdout: nothing written" test ! -s "$TMP/s3.out"

# ---- --progress ----------------------------------------------------------------
# progress_lines FILE: the states drawn, one a line (\r starts a redraw).
progress_lines() { tr '\r' '\n' <"$1" | sed -e '/^$/d' -e 's/ *$//'; }
"$PGSCRUB" -r "$DEMO" -i "$A/pg18-gzip-statistics.dump" -o "$TMP/p.dump" \
	--progress 2>"$TMP/p.err"
assert "progress: exit 0" test $? = 0
assert "progress: the final state: 100%, the last table, done" \
	grep -Eq '^pgscrub: 100% of 0\.[0-9] MB, public\.texts \(12/12 tables\), [0-9]+\.[0-9] MB/s, done in 0:00:0[0-9]$' \
	<(progress_lines "$TMP/p.err" | tail -1)
assert "progress: the line is ended once, at the end" \
	test "$(tr -cd '\n' <"$TMP/p.err" | wc -c)" = 1 -a "$(tail -c 1 "$TMP/p.err" | od -An -c | tr -d ' ')" = '\n'
assert "progress: --no-progress draws nothing" \
	test -z "$("$PGSCRUB" -r "$DEMO" -i "$IN" -o "$TMP/p.dump" --no-progress 2>&1)"
cat "$IN" | "$PGSCRUB" -r "$DEMO" --progress 2>"$TMP/pp.err" >"$TMP/pp.dump"
assert "progress: from a pipe, bytes read and no ETA" \
	grep -Eq '^pgscrub: 0\.0 MB read, public\.texts \(12/12 tables\), [0-9.]+ MB/s, done in [0-9:]+$' \
	<(progress_lines "$TMP/pp.err" | tail -1)

# Many small tables, the blocks trickling in over about two seconds: the
# line is redrawn at most 5 times a second; names from the archive are
# made safe for the terminal and kept on the line (the last table's has a
# newline and an ESC).
python3 - "$SRC/tests/cli" "$TMP/many.dump" 3000 <<'PY'
import sys, zlib
sys.path.insert(0, sys.argv[1])
from hostile import header, entry, Writer
n = int(sys.argv[3])
tags = [b"t%d" % i for i in range(n - 1)] + [b"t\n\x1b[31m"]
w = Writer(4)
header(w)
w.int(2 + n)
entry(w, 1, b"ENCODING", b"ENCODING", 2, b"SET client_encoding = 'UTF8';\n")
entry(w, 2, b"STDSTRINGS", b"STDSTRINGS", 2,
      b"SET standard_conforming_strings = 'on';\n")
for i, tag in enumerate(tags):
    entry(w, 10 + i, tag, b"TABLE DATA", 3, b"",
          b'COPY public."' + tag + b'" (a) FROM stdin;\n', ns=b"public", flag=1)
toc = len(w.out)
for i, tag in enumerate(tags):
    w.out += bytes([1])
    w.int(10 + i)
    z = zlib.compress(b"x%d\n\\.\n\n\n" % i)
    w.int(len(z))
    w.out += z
    w.int(0)
open(sys.argv[2], "wb").write(w.out)
open(sys.argv[2] + ".toc", "w").write(str(toc))
PY
printf '[pgscrub]\nunlisted = keep\n' >"$TMP/keep.ini"
# trickle FILE FROM TO PIECES SECONDS [CUT]: FILE's bytes up to FROM at
# once, then up to TO in PIECES pieces over SECONDS; the end when CUT is
# not given.
trickle() {
	python3 -c '
import sys, time
d = open(sys.argv[1], "rb").read()
a, b, n, t = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
o = sys.stdout.buffer
o.write(d[:a]); o.flush()
step = max(1, (b - a) // n)
for i in range(a, b, step):
    o.write(d[i:min(i + step, b)]); o.flush(); time.sleep(t / n)
if len(sys.argv) < 7:
    o.write(d[b:])
' "$@"
}
toc=$(cat "$TMP/many.dump.toc")
size=$(stat -c %s "$TMP/many.dump")
t0=$(date +%s%N)
trickle "$TMP/many.dump" "$toc" "$size" 40 2 | "$PGSCRUB" -r "$TMP/keep.ini" \
	--progress 2>"$TMP/m.err" >"$TMP/m.dump"
rc=$?
t1=$(date +%s%N)
assert "progress: many tables, exit 0" test $rc = 0
draws=$(tr -cd '\r' <"$TMP/m.err" | wc -c)
assert "progress: at most 5 redraws a second ($draws in $(( (t1 - t0) / 1000000 )) ms)" \
	test "$draws" -ge 3 -a "$draws" -le $(( (t1 - t0) / 200000000 + 2 ))
assert "progress: a name's LF and ESC are shown as \\x0a\\x1b, never sent" \
	grep -Fq 'public.t\x0a\x1b[31m (3000/3000 tables)' <(progress_lines "$TMP/m.err" | tail -1)
assert "progress: no raw control byte but CR and LF" \
	test -z "$(tr -d '\r\n' <"$TMP/m.err" | tr -d '[:print:]')"
assert "progress: tables counted as they come" \
	grep -Eq '^pgscrub: 0\.[0-9] MB read, public\.t[0-9]+ \(([1-9][0-9]*)/3000 tables\)' \
	<(progress_lines "$TMP/m.err" | head -n -1)

# An error after the line was drawn: the line is ended, the error starts
# its own.
trickle "$TMP/many.dump" "$toc" $((size - 2000)) 10 1 cut | "$PGSCRUB" \
	-r "$TMP/keep.ini" --progress 2>"$TMP/e.err" >"$TMP/e.dump"
assert "progress: a cut archive exits 1" test $? = 1
assert "progress: the error on a line of its own, after the last state" \
	python3 -c '
import sys
t = open(sys.argv[1], "rb").read().decode()
head, sep, tail = t.partition("\npgscrub: error: ")
assert sep and head.startswith("\rpgscrub: ") and "tables)" in head, repr(t[:200])
assert "\r" not in tail and tail.count("\n") == 2, repr(tail)
' "$TMP/e.err"

# From a file that takes a while: the percentage and an ETA.
python3 - "$SRC/tests/cli" "$TMP/big.dump" 3000 <<'PY'
import os, sys
sys.path.insert(0, sys.argv[1])
from hostile import archive
def pieces():
    for i in range(int(sys.argv[3])):
        yield os.urandom(4096).hex().encode().replace(b"0", b"\n")[:-1] + b"\n"
    yield b"\\.\n\n\n"
with open(sys.argv[2], "wb") as out:
    archive(out, [b"a"], pieces())
PY
python3 "$SRC/tests/cli/hostile.py" "$TMP/big-schema.dump" schema a
printf '[pgscrub]\nunlisted = keep\n[public.t]\na = mask\n' >"$TMP/mask.ini"
# The output is read slowly (16 KiB every 20 ms, about 2 s for its 1.8 MB),
# so that the run lasts long enough for redraws with an ETA on any machine.
"$PGSCRUB" -r "$TMP/mask.ini" --schema "$TMP/big-schema.dump" -i "$TMP/big.dump" \
	--progress 2>"$TMP/b.err" | python3 -c '
import sys, time
while sys.stdin.buffer.read(16384):
    time.sleep(0.02)'
assert "progress: big file, exit 0" test "${PIPESTATUS[0]}" = 0
progress_lines "$TMP/b.err" >"$TMP/b.lines"
assert "progress: a file: percentages that grow, the table, MB/s" python3 -c '
import re, sys
lines = open(sys.argv[1]).read().splitlines()
pat = re.compile(r"^pgscrub: (\d+)% of (\d+\.\d) MB, public\.t \(1/1 tables\), "
                 r"\d+\.\d MB/s, (ETA|done in) (\d+:\d\d:\d\d|-:--:--)$")
ms = [pat.match(l) for l in lines]
assert all(ms), lines
pct = [int(m.group(1)) for m in ms]
assert pct == sorted(pct) and pct[-1] == 100, pct
assert ms[-1].group(3) == "done in" and all(m.group(3) == "ETA" for m in ms[:-1])
' "$TMP/b.lines"
# Redraws are 0.2 s apart at least, the first 0.2 s after the start: the
# third is past the half second after which the ETA is known.
assert "progress: at least 3 redraws before the end" \
	test "$(grep -c ', ETA ' "$TMP/b.lines")" -ge 3
assert "progress: an ETA while the file is read" \
	grep -Eq ', ETA [0-9]+:[0-9][0-9]:[0-9][0-9]$' <(grep ', ETA ' "$TMP/b.lines" | sed -n '3,$p')

# ---- -v: one line, whatever the run did ------------------------------------------
# verbose NAME ARGS...: pgscrub -v ARGS must exit 0 and print exactly one
# line on stderr, pinned in expected/report-verbose-NAME.txt with the bytes
# out written as N (compressed sizes depend on the libraries' versions)
# and checked against the output's size instead.
verbose() {
	local name=$1 out size; shift
	"$PGSCRUB" -v "$@" 2>"$TMP/v.err" >"$TMP/v.out" </dev/null
	assert "-v $name: exit 0" test $? = 0
	assert "-v $name: one line" test "$(wc -l <"$TMP/v.err")" = 1 -a \
		"$(tail -c 1 "$TMP/v.err" | od -An -c | tr -d ' ')" = '\n'
	out=$(sed -n 's/.* \([0-9]*\) bytes out;.*/\1/p' "$TMP/v.err")
	if [ -s "$TMP/v.out" ]; then size=$(stat -c %s "$TMP/v.out")
	else size=$(stat -c %s "$TMP/v.dump"); fi
	assert "-v $name: bytes out is the output's size ($out)" test "$out" = "$size"
	sed -i 's/ [0-9]* bytes out;/ N bytes out;/' "$TMP/v.err"
	compare "verbose-$name" "$TMP/v.err"
	rm -f "$TMP/v.dump"
}
verbose rewrite -r "$DEMO" -i "$IN" -o "$TMP/v.dump"
verbose copy-only -r "$TMP/keep.ini" -i "$A/pg18-none-file.dump" -o "$TMP/v.dump"
verbose recompress -r "$TMP/keep.ini" --compress zstd -i "$IN" -o "$TMP/v.dump"
verbose rewrite-recompress -r "$KEYED" --compress lz4 -i "$A/pg17-gzip-file.dump"
verbose statistics -r "$DEMO" -i "$A/pg18-gzip-statistics.dump" -o "$TMP/v.dump"
printf '[pgscrub]\nunlisted = keep\nsecret_env = PGSCRUB_KEY\ntruncate = public.orders\n[public.users]\nwhere = id > 3 or sample(50)\n[public.employees]\nwhere = manager_id is null or id <= 20\n' >"$TMP/subset.ini"
verbose subset-cascades -r "$TMP/subset.ini" -i "$A/pg15-gzip-fk.dump" -o "$TMP/v.dump"
# Into a pipe: no data offsets, said on the same line.
"$PGSCRUB" -v -r "$DEMO" <"$IN" 2>"$TMP/vs.err" | cat >/dev/null
assert "-v into a pipe: one line" test "$(wc -l <"$TMP/vs.err")" = 1
sed -i 's/ [0-9]* bytes out;/ N bytes out;/' "$TMP/vs.err"
compare verbose-pipe "$TMP/vs.err"
# With --progress the line drawn is ended first: still one summary line.
"$PGSCRUB" -v --progress -r "$DEMO" -i "$IN" -o "$TMP/v.dump" 2>"$TMP/vp.err"
assert "-v --progress: the progress line, then the summary" \
	test "$(wc -l <"$TMP/vp.err")" = 2 -a \
	"$(tail -n 1 "$TMP/vp.err" | sed 's/ [0-9]* bytes out;/ N bytes out;/')" = \
	"$(cat "$EXP/report-verbose-rewrite.txt")"

cli_finish
