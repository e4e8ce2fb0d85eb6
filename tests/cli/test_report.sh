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

cli_finish
