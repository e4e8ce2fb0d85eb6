#!/usr/bin/env bash
# tests/cli/test_jobs_tables.sh — -j N does several tables of a custom
# archive at once from a seekable input, and the output is the same bytes
# as -j 1's (issue 13, "across tables").
#
# The input is a fixture archive with four of its tables made longer
# (bigtable.py: people, texts, orders, all_types; about 9 MB, offsets "not
# set"), and copies of it that pgscrub wrote with gzip, lz4, zstd and none
# and real offsets; rewritten with the example rules.ini and a test key.
# - every input (offsets set or not) and output codec: -j 1, 2 and 4 give
#   the same archive, counts and per-table report (rows, bytes in and
#   out); the offsets are real and point at the blocks (offsets.py);
#   pg_restore 17 lists it and reads the same data as from -j 1's;
# - blocks out of TOC order, and offsets that lead to the wrong blocks:
#   found by walking the block heads, the same bytes; an offset that leads
#   to a head of its own dumpId inside another table's block (overlap.py):
#   -j 1 never reads it, tables at once fail rather than copy that table's
#   rows, and leave no output;
# - standard input redirected from the file does tables at once too,
#   a pipe (read in order, one table at a time) gives the same bytes, and
#   a pipe output keeps "offset not set";
# - smaller copies (test_subset.sh's rules): the filtered tables all on one
#   worker, the same bytes, counts and report for any -j, also from a pipe
#   (spooled to $TMPDIR for the first reading, then tables at once);
# - a table whose output is more than the 4 MiB a spool holds in memory
#   goes through $TMPDIR; an unwritable $TMPDIR is an I/O error with a
#   hint, and no output;
# - two tables with bad rows: the error names the first in TOC order, as
#   -j 1's does, for any -j, also with a damaged block after them (met
#   while the blocks are found, before any table is done);
# - a failing worker (PGSCRUB_TEST_FAIL_TABLE=K: the worker that does the
#   K-th of the tables done at once fails once it has written it; read once
#   by main.c), a failing compression thread inside a worker
#   (PGSCRUB_TEST_FAIL_BLOCK) and a reader that goes away end the run with
#   its message, no output file, no temporary file, and no hang (timeout),
#   for -j 2 and -j 4; PGSCRUB_TEST_FAIL_TABLE under -j 1 or from a pipe
#   changes nothing (no tables are done at once there);
# - memory: -j 4 holds at most 8 spools of 4 MiB beyond -j 1's buffers.
CLI_NAME=jobs_tables CLI_PREFIX=jobs-tables-
. "$(dirname "$0")/clilib.bash"

export PGSCRUB_KEY=jobs-test-key-0123456789abcdef0123456789
PG_RESTORE=${PG_RESTORE_17:-/opt/pg-versions/bin/pg_restore-17}
M=$TMP/multi.dump
python3 "$SRC/tests/cli/bigtable.py" "$A/pg17-none-file.dump" "$TMP/m1.dump" people 100 &&
	python3 "$SRC/tests/cli/bigtable.py" "$TMP/m1.dump" "$TMP/m2.dump" texts 1000 &&
	python3 "$SRC/tests/cli/bigtable.py" "$TMP/m2.dump" "$TMP/m3.dump" orders 1000 &&
	python3 "$SRC/tests/cli/bigtable.py" "$TMP/m3.dump" "$M" all_types 500 ||
	{ echo "bigtable.py failed" >&2; exit 1; }
rm -f "$TMP"/m[123].dump
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n' >"$TMP/keep.ini"
for c in gzip lz4 zstd none; do
	"$PGSCRUB" -j 1 -r "$TMP/keep.ini" --compress "$c" -i "$M" -o "$TMP/in-$c.dump" 2>/dev/null ||
		{ echo "making in-$c.dump failed" >&2; exit 1; }
done
assert input-offsets-not-set test "$(python3 "$SRC/tests/cli/offsets.py" "$M")" = "not-set 13"
assert input-offsets-set test "$(python3 "$SRC/tests/cli/offsets.py" "$TMP/in-zstd.dump")" = "set 13"

# restored FILE: the data pg_restore reads from an archive.
restored() { "$PG_RESTORE" --restrict-key=pgscrubjobs -a -f - "$1"; }
# report FILE: the per-table results of a --report, without the times.
report() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
for t in r.get("tables", []):
    print(t.get("table"), t.get("action"), t.get("rows"), t.get("bytes_in"), t.get("bytes_out"),
          sorted((c.get("column"), c.get("changed")) for c in t.get("columns", [])))' "$1"; }

# ---- the same bytes for any -j ----------------------------------------------
# Under ThreadSanitizer (tests/run.sh's third pass: 5-15 times slower) two of
# the five inputs, with every output codec: the other inputs differ in their
# decoder, not in what the threads share.
inputs="multi gzip lz4 zstd none"
[ "$SANITIZER" = ThreadSanitizer ] && inputs="multi gzip"
for in in $inputs; do
	f=$TMP/in-$in.dump
	[ "$in" = multi ] && f=$M
	for c in keep zstd none gzip lz4; do
		copt=(--compress "$c")
		[ "$c" = keep ] && copt=()
		t=$in-$c
		for j in 1 2 4; do
			timeout 300 "$PGSCRUB" -v -j "$j" -r "$SRC/rules.ini" "${copt[@]}" \
				--report "$TMP/$t-j$j.json" -i "$f" -o "$TMP/$t-j$j.dump" 2>"$TMP/$t-j$j.err"
			assert "$t-j$j-exit" test $? = 0
			report "$TMP/$t-j$j.json" >"$TMP/$t-j$j.report"
			[ "$j" = 1 ] && continue
			assert "$t-j$j-same" cmp "$TMP/$t-j1.dump" "$TMP/$t-j$j.dump"
			assert "$t-j$j-counts" cmp "$TMP/$t-j1.err" "$TMP/$t-j$j.err"
			assert "$t-j$j-report" cmp "$TMP/$t-j1.report" "$TMP/$t-j$j.report"
		done
		assert "$t-offsets" test "$(python3 "$SRC/tests/cli/offsets.py" "$TMP/$t-j4.dump")" = "set 13"
		[ "$c" = keep ] || [ "$in" != multi ] || {
			restored "$TMP/$t-j4.dump" >"$TMP/$t.sql" 2>/dev/null
			assert "$t-restores" test "$(grep -c . "$TMP/$t.sql")" -gt 20000
			[ "$c" = zstd ] || assert "$t-restores-same" cmp "$TMP/multi-zstd.sql" "$TMP/$t.sql"
		}
		[ "$t" = gzip-keep ] || rm -f "$TMP/$t"-j[24].dump
	done
done
assert report-rows grep -q "^people rewritten 20000 " "$TMP/multi-zstd-j1.report"
assert pg-restore-list "$PG_RESTORE" -l "$TMP/gzip-keep-j4.dump" -f "$TMP/list.txt"
assert pg-restore-list-data test "$(grep -c 'TABLE DATA' "$TMP/list.txt")" = 12
# pg_dump's own offsets (a fixture written to a file), a pipe's "not set".
for f in pg17-gzip-file pg17-gzip-pipe pg18-gzip-file; do
	for j in 1 4; do
		"$PGSCRUB" -j "$j" -r "$SRC/rules.ini" --compress zstd -i "$A/$f.dump" \
			-o "$TMP/$f-j$j.dump" 2>/dev/null
		assert "$f-j$j-exit" test $? = 0
	done
	assert "$f-same" cmp "$TMP/$f-j1.dump" "$TMP/$f-j4.dump"
done

# Blocks out of TOC order (reorder.py: the first two swapped, offsets "not
# set"), and offsets that lead to the wrong blocks (the first two data
# entries' swapped; the second's the first's; the first past the end):
# found by walking the heads, the same bytes.
python3 "$SRC/tests/cli/reorder.py" "$M" "$TMP/reordered.dump" ||
	{ echo "reorder.py failed" >&2; exit 1; }
python3 -c 'import sys
sys.path.insert(0, sys.argv[1])
from pgarchive import Reader
data = bytearray(open(sys.argv[2], "rb").read())
r = Reader(bytes(data))
vmin, intsize, offsize = r.header()[:3]
at = []
for _ in range(r.int()):
    e = r.entry(vmin, offsize)
    if e["flag"] == 2:
        at.append(r.pos - offsize)
a, b = at[0], at[1]
swapped, same, past = bytearray(data), bytearray(data), bytearray(data)
swapped[a:a + offsize], swapped[b:b + offsize] = data[b:b + offsize], data[a:a + offsize]
same[b:b + offsize] = data[a:a + offsize]
past[a:a + offsize] = (len(data) + 100).to_bytes(offsize, "little")
for name, d in (("wrong-offsets", swapped), ("same-offsets", same), ("offset-past-end", past)):
    open(sys.argv[3] + "/" + name + ".dump", "wb").write(d)' "$SRC/tests/cli" "$TMP/in-gzip.dump" "$TMP" ||
	{ echo "changing offsets failed" >&2; exit 1; }
for f in reordered wrong-offsets same-offsets offset-past-end; do
	for j in 1 4; do
		"$PGSCRUB" -j "$j" -r "$SRC/rules.ini" --compress zstd -i "$TMP/$f.dump" \
			-o "$TMP/$f-j$j.dump" 2>/dev/null
		assert "$f-j$j-exit" test $? = 0
	done
	assert "$f-same" cmp "$TMP/$f-j1.dump" "$TMP/$f-j4.dump"
done

# ---- standard input, pipes ------------------------------------------------------
"$PGSCRUB" -j 4 -r "$SRC/rules.ini" --compress zstd <"$M" >"$TMP/stdin.dump" 2>/dev/null
assert stdin-file-same cmp "$TMP/multi-zstd-j1.dump" "$TMP/stdin.dump"
# Tables at once from standard input too: the fault shows it.
PGSCRUB_TEST_FAIL_TABLE=2 timeout 120 "$PGSCRUB" -j 2 -r "$SRC/rules.ini" --compress zstd \
	<"$M" >"$TMP/stdin-fail.dump" 2>/dev/null
assert stdin-file-at-once test $? = 4
cat "$M" | PGSCRUB_TEST_FAIL_TABLE=2 "$PGSCRUB" -j 4 -r "$SRC/rules.ini" --compress zstd \
	2>/dev/null | cat >"$TMP/pipe.dump"
assert pipe-in-one-at-a-time test "${PIPESTATUS[1]}" = 0
assert pipe-offsets-not-set test "$(python3 "$SRC/tests/cli/offsets.py" "$TMP/pipe.dump")" = "not-set 13"
"$PGSCRUB" -j 4 -r "$SRC/rules.ini" --compress zstd -i "$M" 2>/dev/null | cat >"$TMP/pipe-out.dump"
assert pipe-out-same cmp "$TMP/pipe.dump" "$TMP/pipe-out.dump"
restored "$TMP/pipe-out.dump" >"$TMP/pipe.sql" 2>/dev/null
assert pipe-out-restores cmp "$TMP/multi-zstd.sql" "$TMP/pipe.sql"
# The default -j (the cores) gives the same bytes.
"$PGSCRUB" -r "$SRC/rules.ini" --compress zstd -i "$M" -o "$TMP/default.dump" 2>/dev/null
assert default-j-same cmp "$TMP/multi-zstd-j1.dump" "$TMP/default.dump"
# Under -j 1 nothing is done at once: the fault is never reached.
PGSCRUB_TEST_FAIL_TABLE=1 "$PGSCRUB" -j 1 -r "$SRC/rules.ini" --compress zstd -i "$M" \
	-o "$TMP/j1-fault.dump" 2>/dev/null
assert j1-no-workers cmp "$TMP/multi-zstd-j1.dump" "$TMP/j1-fault.dump"

# ---- smaller copies: filtered tables, all on one worker ------------------------
# test_subset.sh's rules on the foreign-key fixture: a pipe is spooled to
# $TMPDIR for the first reading, and its tables are then done at once too.
printf '[pgscrub]\nunlisted = keep\nsecret_env = PGSCRUB_KEY\ntruncate = public.orders\n[public.users]\nwhere = id > 3 or sample(50)\n[public.employees]\nwhere = manager_id is null or id <= 20\n[public.carts]\nwhere = user_email like %s\n' \
	"'%@example.com'" >"$TMP/subset.ini"
FK=$A/pg17-gzip-fk.dump
for c in none gzip; do
	for j in 1 2 4; do
		"$PGSCRUB" -v -j "$j" -r "$TMP/subset.ini" --compress "$c" --report "$TMP/fk-$c-j$j.json" \
			-i "$FK" -o "$TMP/fk-$c-j$j.dump" 2>"$TMP/fk-$c-j$j.err"
		assert "subset-$c-j$j-exit" test $? = 0
		report "$TMP/fk-$c-j$j.json" >"$TMP/fk-$c-j$j.report"
		[ "$j" = 1 ] && continue
		assert "subset-$c-j$j-same" cmp "$TMP/fk-$c-j1.dump" "$TMP/fk-$c-j$j.dump"
		assert "subset-$c-j$j-counts" cmp "$TMP/fk-$c-j1.err" "$TMP/fk-$c-j$j.err"
		assert "subset-$c-j$j-report" cmp "$TMP/fk-$c-j1.report" "$TMP/fk-$c-j$j.report"
	done
	cat "$FK" | "$PGSCRUB" -j 4 -r "$TMP/subset.ini" --compress "$c" 2>/dev/null | cat >"$TMP/fk-pipe.dump"
	"$PGSCRUB" -j 1 -r "$TMP/subset.ini" --compress "$c" -i "$FK" 2>/dev/null | cat >"$TMP/fk-pipe1.dump"
	assert "subset-$c-pipe-same" cmp "$TMP/fk-pipe1.dump" "$TMP/fk-pipe.dump"
done
assert subset-filtered grep -q "filters and foreign keys removed [1-9]" "$TMP/fk-none-j1.err"
cat "$FK" | PGSCRUB_TEST_FAIL_TABLE=1 timeout 120 "$PGSCRUB" -j 4 -r "$TMP/subset.ini" \
	--compress none >/dev/null 2>&1
assert subset-pipe-spooled-at-once test "${PIPESTATUS[1]}" = 4

# ---- spools in $TMPDIR ------------------------------------------------------------
# all_types is about 5 MB uncompressed: more than a spool holds in memory.
mkdir "$TMP/spool"
TMPDIR=$TMP/spool "$PGSCRUB" -j 4 -r "$SRC/rules.ini" --compress none -i "$M" \
	-o "$TMP/spooled.dump" 2>/dev/null
assert spool-file-same cmp "$TMP/multi-none-j1.dump" "$TMP/spooled.dump"
assert spool-file-gone test -z "$(ls -A "$TMP/spool")"
mkdir "$TMP/o"
TMPDIR=$TMP/no-such-dir PGSCRUB=$(command -v timeout) case_ spool-no-tmpdir - 120 "$PGSCRUB" \
	-j 2 -r "$SRC/rules.ini" --compress none -i "$M" -o "$TMP/o/out.dump"
assert spool-no-tmpdir-no-output test -z "$(ls -A "$TMP/o")"

# ---- offsets that lead into another block ---------------------------------------
# overlap.py X Y: Y's offset leads into X's block, where a head of Y's dumpId
# starts a stream of X's rows (X, orders, is truncated: nothing parses them).
# -j 1 reads block after block and never sees it; tables at once must never
# copy orders' rows out as Y's data, to a file or to standard output.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\ntruncate = public.orders, public.texts\n' \
	>"$TMP/overlap.ini"
# (a) people, the table after orders in TOC order: the offsets still rise,
# so they are taken; each block must begin where the one before it ended,
# checked before any byte of it is written: the run fails at people.
# (b) jp_texts, before orders in TOC order: offsets that do not rise are
# not taken, the heads are walked as -j 1 reads them: -j 1's bytes.
# With "drop", Y's own block is left out: -j 1 fails too.
python3 "$SRC/tests/cli/overlap.py" "$A/pg17-none-file.dump" "$TMP/overlap.dump" orders people \
	PGSCRUB-OVERLAP-MARKER &&
	python3 "$SRC/tests/cli/overlap.py" "$A/pg17-none-file.dump" "$TMP/overlap-drop.dump" orders \
		people PGSCRUB-OVERLAP-MARKER drop &&
	python3 "$SRC/tests/cli/overlap.py" "$A/pg17-none-file.dump" "$TMP/overlap-back.dump" orders \
		jp_texts PGSCRUB-OVERLAP-MARKER &&
	python3 "$SRC/tests/cli/overlap.py" "$M" "$TMP/overlap-big.dump" orders people \
		PGSCRUB-OVERLAP-MARKER || { echo "overlap.py failed" >&2; exit 1; }
for f in overlap overlap-back; do
	"$PGSCRUB" -j 1 -r "$TMP/overlap.ini" -i "$TMP/$f.dump" -o "$TMP/$f-j1.dump" 2>/dev/null
	assert "$f-j1-exit" test $? = 0
	assert "$f-j1-no-rows" test "$(grep -c PGSCRUB-OVERLAP-MARKER "$TMP/$f-j1.dump")" = 0
done
for j in 2 4; do
	for f in overlap overlap-drop; do
		PGSCRUB="$(command -v timeout)" case_ "$f-j$j" - 120 "$PGSCRUB" -j "$j" \
			-r "$TMP/overlap.ini" -i "$TMP/$f.dump" -o "$TMP/o/out.dump"
		assert "$f-j$j-no-output" test -z "$(ls -A "$TMP/o")"
	done
	# To standard output nothing can be taken back: not a byte of orders'
	# rows may have gone out as people's before the run fails (the big
	# tables: more than the output's buffer is written before people).
	timeout 120 "$PGSCRUB" -j "$j" -r "$TMP/overlap.ini" -i "$TMP/overlap-big.dump" \
		>"$TMP/overlap-stdout.dump" 2>/dev/null
	assert "overlap-stdout-j$j-fails" test $? = 1
	assert "overlap-stdout-j$j-written" test "$(stat -c %s "$TMP/overlap-stdout.dump")" -gt 1000000
	assert "overlap-stdout-j$j-no-rows" test "$(grep -c PGSCRUB-OVERLAP-MARKER "$TMP/overlap-stdout.dump")" = 0
	timeout 120 "$PGSCRUB" -j "$j" -r "$TMP/overlap.ini" -i "$TMP/overlap-back.dump" \
		-o "$TMP/overlap-back-j$j.dump" 2>/dev/null
	assert "overlap-back-j$j-exit" test $? = 0
	assert "overlap-back-j$j-same" cmp "$TMP/overlap-back-j1.dump" "$TMP/overlap-back-j$j.dump"
done
"$PGSCRUB" -j 1 -r "$TMP/overlap.ini" -i "$TMP/overlap-drop.dump" -o "$TMP/o/out.dump" 2>/dev/null
assert overlap-drop-j1-fails test $? = 1
assert overlap-drop-j1-no-output test -z "$(ls -A "$TMP/o")"

# ---- the first error in TOC order ---------------------------------------------
# people (TOC entry 3432) and texts (3433) with bad rows: people's is named.
python3 "$SRC/tests/cli/hugerows.py" "$M" "$TMP/bad1.dump" texts 40 1000 7 &&
	python3 "$SRC/tests/cli/hugerows.py" "$TMP/bad1.dump" "$TMP/bad.dump" people 40 1000 13 ||
	{ echo "hugerows.py failed" >&2; exit 1; }
for j in 1 2 4; do
	PGSCRUB="$(command -v timeout)" case_ "bad-rows-j$j" - 120 "$PGSCRUB" -j "$j" \
		-r "$SRC/rules.ini" --compress zstd -i "$TMP/bad.dump" -o "$TMP/o/out.dump"
	assert "bad-rows-j$j-no-output" test -z "$(ls -A "$TMP/o")"
done
# And a damaged block after them (the large objects' first chunk length
# made negative): the tables' blocks are found before any is done at
# once, but the error is still people's, as -j 1's.
python3 -c 'import sys
sys.path.insert(0, sys.argv[1])
from pgarchive import Reader, blocks
data = bytearray(open(sys.argv[2], "rb").read())
r = Reader(bytes(data))
vmin, intsize, offsize = r.header()[:3]
for _ in range(r.int()):
    r.entry(vmin, offsize)
at = r.pos
for btype, blk in blocks(r):
    if btype == 3:
        data[at + 1 + 2 * (1 + intsize)] = 1
    at += len(blk)
open(sys.argv[3], "wb").write(data)' "$SRC/tests/cli" "$TMP/bad.dump" "$TMP/bad-tail.dump" ||
	{ echo "damaging the large objects failed" >&2; exit 1; }
for j in 1 2 4; do
	timeout 120 "$PGSCRUB" -j "$j" -r "$SRC/rules.ini" --compress zstd -i "$TMP/bad-tail.dump" \
		-o "$TMP/o/out.dump" 2>"$TMP/bad-tail-j$j.err"
	echo "exit $?" >>"$TMP/bad-tail-j$j.err"
	[ "$j" = 1 ] || assert "bad-tail-j$j-same-error" cmp "$TMP/bad-tail-j1.err" "$TMP/bad-tail-j$j.err"
	assert "bad-tail-j$j-no-output" test -z "$(ls -A "$TMP/o")"
done
assert bad-tail-people grep -q "3432.*people" "$TMP/bad-tail-j1.err"

# ---- a failing worker ends the run cleanly ----------------------------------------
TIMED=$TMP/timed-pgscrub
printf '#!/bin/sh\nexec timeout 120 "%s" "$@"\n' "$PGSCRUB" >"$TIMED"
chmod +x "$TIMED"
for j in 2 4; do
	for k in 1 3 10; do
		TMPDIR=$TMP/spool PGSCRUB_TEST_FAIL_TABLE=$k PGSCRUB=$TIMED case_ "fail-table-$k-j$j" - \
			-j "$j" -r "$SRC/rules.ini" --compress none -i "$M" -o "$TMP/o/out.dump"
		assert "fail-table-$k-j$j-no-output" test -z "$(ls -A "$TMP/o")"
		assert "fail-table-$k-j$j-no-spool" test -z "$(ls -A "$TMP/spool")"
	done
	PGSCRUB_TEST_FAIL_BLOCK=3 PGSCRUB=$TIMED case_ "fail-block-j$j" - -j "$j" \
		-r "$SRC/rules.ini" --compress gzip -i "$M" -o "$TMP/o/out.dump"
	assert "fail-block-j$j-no-output" test -z "$(ls -A "$TMP/o")"
	# The reader goes away: the run ends (no hang), not with success.
	timeout 120 "$PGSCRUB" -j "$j" -r "$SRC/rules.ini" --compress none -i "$M" \
		2>/dev/null | head -c 100000 >/dev/null
	rc=${PIPESTATUS[0]}
	assert "reader-gone-j$j" test "$rc" != 0 -a "$rc" != 124
done
# The variable is checked.
PGSCRUB_TEST_FAIL_TABLE=0 PGSCRUB=$TIMED case_ fail-table-bad-env - -r "$SRC/rules.ini" -i "$M" -o "$TMP/o/out.dump"

# ---- memory ------------------------------------------------------------------------
# peak_kb CMD...: runs CMD, prints its peak RSS in KiB; its exit status.
peak_kb() { python3 -c 'import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:], stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$@"; }
for j in 1 4; do
	kb=$(peak_kb "$PGSCRUB" -j "$j" -r "$SRC/rules.ini" --compress none -i "$M" -o "$TMP/mem.dump")
	assert "memory-j$j-exit" test $? = 0
	eval "kb_$j=$kb"
done
# 8 spools of 4 MiB, 4 inputs of 1 MiB, the workers' pools and rewriters.
# A sanitizer's shadow memory makes RSS meaningless: measured in the normal
# build only.
if [ -n "$SANITIZER" ]; then
	echo "note: peak RSS is measured in the normal build, not under $SANITIZER"
else
	assert memory-bounded test "$kb_4" -lt $((kb_1 + 64 * 1024))
fi

cli_finish
