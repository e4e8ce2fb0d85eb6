#!/usr/bin/env bash
# tests/cli/test_bounds.sh — inputs that once made pgscrub hang or balloon
# (issue 8): each ends quickly, in bounded memory, with a pinned message.
#
# Archives are written by tests/cli/hostile.py; peak memory (maxrss of the
# pgscrub process) and CPU time are taken with python3's resource module.
# The expected files are tests/cli/expected/bounds-NAME.txt.
CLI_NAME=bounds CLI_PREFIX='bounds-'
. "$(dirname "$0")/clilib.bash"
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
H=$SRC/tests/cli/hostile.py

# run_measured OUT ARGS...: run pgscrub; OUT gets "exit N", "rss_kb N",
# "cpu_s N" lines; stderr goes to OUT.err.
run_measured() {
	local out=$1; shift
	python3 - "$out" "$PGSCRUB" "$@" <<'PY'
import resource, subprocess, sys
out = sys.argv[1]
with open(out + ".err", "wb") as err:
    rc = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL, stderr=err).returncode
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as f:
    f.write("exit %d\nrss_kb %d\ncpu_s %.3f\n"
            % (rc, ru.ru_maxrss, ru.ru_utime + ru.ru_stime))
PY
}
# field FILE NAME: the value of a "NAME value" line
field() { sed -n "s/^$2 //p" "$1"; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }
# Memory bounds mean nothing under AddressSanitizer (redzones, quarantine).
# (Captured, not piped into grep -q: under pipefail a grep that stops early
# makes the pipeline fail when ldd gets SIGPIPE, and the check would run.)
libs=$(ldd "$PGSCRUB" 2>/dev/null; nm -D "$PGSCRUB" 2>/dev/null)
if [[ $libs == *libasan* || $libs == *__asan_init* ]]; then
	below_mem() { :; }
else
	below_mem() { below "$@"; }
fi

cat >"$TMP/keep.ini" <<'INI'
[pgscrub]
unlisted = keep
large_objects = keep
INI
cat >"$TMP/null.ini" <<'INI'
[pgscrub]
unlisted = keep
large_objects = keep
[public.t]
a = null
INI

# ---- empty lines after \. are counted, never buffered; too many are refused --
python3 "$H" "$TMP/trailer.dump" trailer 100000000
case_ trailer - -r "$TMP/null.ini" -i "$TMP/trailer.dump" -o "$TMP/out.dump"
run_measured "$TMP/trailer.m" -r "$TMP/null.ini" -i "$TMP/trailer.dump" -o "$TMP/out.dump"
assert trailer-memory below_mem "$(field "$TMP/trailer.m" rss_kb)" 60000
assert trailer-no-output test ! -e "$TMP/out.dump"

# ---- at most 1,600 columns (PostgreSQL's limit), found without pairwise scans --
python3 "$H" "$TMP/wide1600.dump" wide 1600
python3 "$H" "$TMP/wide1601.dump" wide 1601
python3 "$H" "$TMP/wide100k.dump" wide 100000
run_measured "$TMP/w1600.m" -r "$TMP/keep.ini" -i "$TMP/wide1600.dump" -o "$TMP/out.dump"
assert wide-1600-ok test "$(field "$TMP/w1600.m" exit)" = 0
rm -f "$TMP/out.dump"
case_ wide-1601 - -r "$TMP/keep.ini" -i "$TMP/wide1601.dump" -o "$TMP/out.dump"
run_measured "$TMP/w100k.m" -r "$TMP/keep.ini" -i "$TMP/wide100k.dump" -o "$TMP/out.dump"
assert wide-100k-refused test "$(field "$TMP/w100k.m" exit)" = 1
assert wide-100k-fast below "$(field "$TMP/w100k.m" cpu_s)" 1

# ---- regex_replace: a budget per value, an error naming the pattern -----------
python3 "$H" "$TMP/values.dump" values 200 200
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[public.t]\na = regex_replace(%s, mask)\n' \
	"'[a-z](?=.*.*.*\\d)?'" >"$TMP/regex.ini"
# The archives hold data only: the column's type (text) comes from --schema.
python3 "$H" "$TMP/schema-a.dump" schema a
python3 "$H" "$TMP/schema-id-v.dump" schema id v
case_ regex-budget - -r "$TMP/regex.ini" -i "$TMP/values.dump" -o "$TMP/out.dump" --schema "$TMP/schema-a.dump"
run_measured "$TMP/regex.m" -r "$TMP/regex.ini" -i "$TMP/values.dump" -o "$TMP/out.dump" --schema "$TMP/schema-a.dump"
assert regex-budget-fast below "$(field "$TMP/regex.m" cpu_s)" 1
assert regex-budget-no-output test ! -e "$TMP/out.dump"

# ---- control bytes of the archive never reach the terminal -------------------
python3 "$H" "$TMP/tag.dump" tag
python3 "$H" "$TMP/enc.dump" encoding
case_ tag-control-bytes - -r "$TMP/null.ini" -i "$TMP/tag.dump" -o "$TMP/out.dump"
case_ encoding-control-bytes - -r "$TMP/null.ini" -i "$TMP/enc.dump" -o "$TMP/out.dump"
for f in tag-control-bytes encoding-control-bytes; do
	assert "$f-escaped" python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
sys.exit(any(c < 0x20 and c not in (0x0a,) for c in b))' "$TMP/$f.actual"
done

# ---- memory: the TOC and a long row ------------------------------------------
# 100,000 TOC entries (24 MB of TOC): the archive's share is its size plus
# about 280 bytes an entry; the pipeline's plans add ~650 bytes an entry.
python3 "$H" "$TMP/toc.dump" toc 100000
run_measured "$TMP/toc.m" -r "$TMP/keep.ini" -i "$TMP/toc.dump" -o "$TMP/out.dump"
assert toc-ok test "$(field "$TMP/toc.m" exit)" = 0
assert toc-memory below_mem "$(field "$TMP/toc.m" rss_kb)" 200000
rm -f "$TMP/out.dump"
# One 64 MB value, kept, and looked at by a rule that leaves it unchanged.
python3 "$H" "$TMP/big.dump" bigrow 64
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[public.t]\nid = null\nv = keep\n' >"$TMP/bigkeep.ini"
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[public.t]\nid = null\nv = regex_replace(%s, mask)\n' "'q'" >"$TMP/bigre.ini"
run_measured "$TMP/bigkeep.m" -r "$TMP/bigkeep.ini" -i "$TMP/big.dump" -o "$TMP/out.dump"
assert bigrow-keep-ok test "$(field "$TMP/bigkeep.m" exit)" = 0
assert bigrow-keep-memory below_mem "$(field "$TMP/bigkeep.m" rss_kb)" $((64 * 1024 * 13 / 10 + 20000))
rm -f "$TMP/out.dump"
run_measured "$TMP/bigre.m" -r "$TMP/bigre.ini" -i "$TMP/big.dump" -o "$TMP/out.dump" --schema "$TMP/schema-id-v.dump"
assert bigrow-rule-ok test "$(field "$TMP/bigre.m" exit)" = 0
assert bigrow-rule-memory below_mem "$(field "$TMP/bigre.m" rss_kb)" $((64 * 1024 * 23 / 10 + 20000))

# Whatever a message quotes (a path, an option, archive text) reaches the
# terminal with its control bytes escaped: the printer escapes them.
esc=$(printf 'x\033[31m\007')
"$PGSCRUB" -r "$TMP/$esc.ini" -i "$TMP/tag.dump" -o "$TMP/out.dump" 2>"$TMP/esc1.err"
"$PGSCRUB" "--bogus$esc" 2>"$TMP/esc2.err"
"$PGSCRUB" check -r "$TMP/$esc.ini" "$TMP/tag.dump" >"$TMP/esc3.err" 2>&1
for n in 1 2 3; do
	assert "message-control-bytes-escaped-$n" python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
sys.exit(not b or any(c in (0x1b, 0x07) for c in b) or b"\\x1b[31m\\x07" not in b)' "$TMP/esc$n.err"
done
cli_finish
