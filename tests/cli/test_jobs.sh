#!/usr/bin/env bash
# tests/cli/test_jobs.sh — -j N compresses one table on N threads, and the
# output is the same bytes for any N (issue 13).
#
# The input is a fixture archive whose people table is made 300 times
# longer (bigtable.py: about 5 MB of COPY text, some twenty compression
# blocks of 256 KiB), rewritten with the example rules.ini and a test key.
# - custom: every codec and a few levels, -j 1, 2 and 8 and the default:
#   the archives are equal byte for byte, and pg_restore 17 reads from each
#   the same data as from the uncompressed one;
# - directory out (--format directory, one writer, N compression threads)
#   and directory in (tables at once): the data files equal for any -j,
#   gzip files valid for gzip -t;
# - rows longer than a compression block (hugerows.py): the same bytes,
#   and memory that does not grow with -j;
# - a failing compression worker (PGSCRUB_TEST_FAIL_BLOCK=M, read once by
#   main.c, makes the worker that takes a stream's M-th block fail) ends
#   the run with
#   exit 4 and its message, leaves no output file or directory and no
#   temporary one, and never hangs (timeout), for -j 1 (no thread), 2
#   and 4.
CLI_NAME=jobs CLI_PREFIX=jobs-
. "$(dirname "$0")/clilib.bash"

export PGSCRUB_KEY=jobs-test-key-0123456789abcdef0123456789
PG_RESTORE=${PG_RESTORE_17:-/opt/pg-versions/bin/pg_restore-17}
BIG=$TMP/big.dump
python3 "$SRC/tests/cli/bigtable.py" "$A/pg17-none-file.dump" "$BIG" people 300 ||
	{ echo "bigtable.py failed" >&2; exit 1; }

# restored FILE: the data pg_restore reads from an archive (people only).
restored() { "$PG_RESTORE" --restrict-key=pgscrubjobs -a -t people -f - "$1"; }

# ---- custom: the same bytes for any -j -------------------------------------
"$PGSCRUB" -j 1 -r "$SRC/rules.ini" --compress none -i "$BIG" -o "$TMP/plain.dump" 2>/dev/null
assert custom-none-exit test $? = 0
restored "$TMP/plain.dump" >"$TMP/plain.sql" 2>/dev/null
assert restore-plain test "$(grep -c . "$TMP/plain.sql")" -gt 5000
for c in gzip gzip:1 gzip:9 gzip:0 lz4 lz4:9 zstd zstd:19; do
	t=${c/:/-}
	for j in 1 2 8 default; do
		jopt=(-j "$j")
		[ "$j" = default ] && jopt=()
		timeout 300 "$PGSCRUB" -v "${jopt[@]}" -r "$SRC/rules.ini" --compress "$c" \
			-i "$BIG" -o "$TMP/$t-j$j.dump" 2>"$TMP/$t-j$j.err"
		assert "custom-$t-j$j-exit" test $? = 0
		[ "$j" = 1 ] || assert "custom-$t-j$j-same" cmp "$TMP/$t-j1.dump" "$TMP/$t-j$j.dump"
		# The counts (rows rewritten, added up from the threads) too.
		[ "$j" = 1 ] || assert "custom-$t-j$j-counts" cmp "$TMP/$t-j1.err" "$TMP/$t-j$j.err"
	done
	restored "$TMP/$t-j2.dump" >"$TMP/$t.sql" 2>"$TMP/$t.restore-err"
	assert "custom-$t-restores" cmp "$TMP/plain.sql" "$TMP/$t.sql"
	rm -f "$TMP/$t"-j*.dump
done
# Through pipes (no offsets written back): the same bytes for any -j.
for j in 1 2; do
	cat "$BIG" | "$PGSCRUB" -j $j -r "$SRC/rules.ini" --compress gzip 2>/dev/null |
		cat >"$TMP/pipe-j$j.dump"
done
assert custom-pipe-same cmp "$TMP/pipe-j1.dump" "$TMP/pipe-j2.dump"
restored "$TMP/pipe-j2.dump" >"$TMP/pipe.sql" 2>/dev/null
assert custom-pipe-restores cmp "$TMP/plain.sql" "$TMP/pipe.sql"

# The rows rewritten on the threads (gzip, lz4) give the counts the main
# thread gives (zstd, none: rewritten there): rows and values changed per
# column, from the report.
counts() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
for t in r.get("tables", []):
    print(t.get("table"), t.get("rows"), t.get("rows_written"),
          sorted((c.get("column"), c.get("changed")) for c in t.get("columns", [])))' "$1"; }
for c in gzip lz4 zstd; do
	"$PGSCRUB" -j 2 -r "$SRC/rules.ini" --compress "$c" --report "$TMP/report-$c.json" \
		-i "$BIG" -o "$TMP/report-$c.dump" 2>/dev/null
	counts "$TMP/report-$c.json" >"$TMP/counts-$c.txt"
done
assert report-counts-nonempty grep -q people "$TMP/counts-gzip.txt"
assert report-counts-lz4 cmp "$TMP/counts-zstd.txt" "$TMP/counts-lz4.txt"
assert report-counts-gzip cmp "$TMP/counts-zstd.txt" "$TMP/counts-gzip.txt"

# ---- rows longer than a unit -----------------------------------------------
# 24 rows of 8 MB (hugerows.py: the notes rewritten by regex_replace), each
# unit of the rows path one row: the same bytes and counts for any -j, and
# memory that does not grow with -j (units in flight are bounded in bytes,
# not only in number: 2N + 4 units of 8 MB each would be 160 MB at -j 8).
HUGE=$TMP/huge.dump
python3 "$SRC/tests/cli/hugerows.py" "$A/pg17-none-file.dump" "$HUGE" people 24 8000000 ||
	{ echo "hugerows.py failed" >&2; exit 1; }
# peak_kb CMD...: runs CMD, prints its peak RSS in KiB; its exit status.
peak_kb() { python3 -c 'import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:], stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$@"; }
for j in 1 8; do
	kb=$(peak_kb "$PGSCRUB" -j "$j" -r "$SRC/rules.ini" --compress gzip:1 \
		--report "$TMP/huge-j$j.json" -i "$HUGE" -o "$TMP/huge-j$j.dump")
	assert "huge-rows-j$j-exit" test $? = 0
	eval "huge_kb_$j=$kb"
	counts "$TMP/huge-j$j.json" >"$TMP/huge-counts-j$j.txt"
done
assert huge-rows-same cmp "$TMP/huge-j1.dump" "$TMP/huge-j8.dump"
assert huge-rows-counts cmp "$TMP/huge-counts-j1.txt" "$TMP/huge-counts-j8.txt"
assert huge-rows-counted grep -q "^people 24 " "$TMP/huge-counts-j1.txt"
# -j 1 holds 3 units; -j 8 a few more (16 MiB of input in flight beyond
# its slots), never 20, and its threads give a row's memory back (measured
# before the fix: 67 MB at -j 1, 296 MB at -j 8; after: 52 and 71 MB).
# ThreadSanitizer's shadow memory makes RSS meaningless: not measured there.
if [ "$SANITIZER" = ThreadSanitizer ]; then
	echo "note: peak RSS is measured in the normal build, not under $SANITIZER"
else
	assert huge-rows-memory test "$huge_kb_8" -lt $((huge_kb_1 + 64 * 1024))
fi
restored "$TMP/huge-j8.dump" >"$TMP/huge.sql" 2>/dev/null
assert huge-rows-restores test "$(grep -c 'lorem ipsum' "$TMP/huge.sql")" = 24
assert huge-rows-anonymised test "$(grep -c 'someone@example.org' "$TMP/huge.sql")" = 0
# The default -j is the cores pgscrub may run on (its CPU affinity, as
# nproc counts them), not every online core: under taskset -c 0, -j 1,
# and -j 1 keeps everything on one thread (no compression thread: gzip
# here).  Seen while the run waits on a pipe that is not read.
mkfifo "$TMP/fifo"
# nthreads PID: pgscrub's threads.  ThreadSanitizer starts a thread of its
# own with the first pthread_create (none with one thread): not pgscrub's.
nthreads() {
	local n
	n=$(awk '/^Threads:/ { print $2 }' "/proc/$1/status")
	if [ "$SANITIZER" = ThreadSanitizer ] && [ "${n:-0}" -gt 1 ]; then n=$((n - 1)); fi
	echo "$n"
}
# threads CMD...: the threads of pgscrub run by CMD on $HUGE (or
# $THREADS_IN), writing to the fifo, two seconds in.
threads() {
	"$@" -r "$SRC/rules.ini" -i "${THREADS_IN:-$HUGE}" >"$TMP/fifo" 2>/dev/null &
	local pid=$!
	exec 3<"$TMP/fifo"
	sleep 2
	nthreads "$pid"
	kill "$pid"
	wait "$pid" 2>/dev/null
	exec 3<&-
}
assert jobs-default-affinity test "$(threads taskset -c 0 "$PGSCRUB" --compress gzip:1)" = 1
assert jobs-1-lz4-one-thread test "$(threads "$PGSCRUB" -j 1 --compress lz4)" = 1
assert jobs-1-none-one-thread test "$(threads "$PGSCRUB" -j 1 --compress none)" = 1
# zstd's frames differ without a worker of its own: -j 1 asks for one
# (the library starts it when it needs it).
assert jobs-1-zstd-one-worker test "$(threads "$PGSCRUB" -j 1 --compress zstd)" -le 2
# From a file, -j 2 also does several tables at once, each worker with
# threads of its own (test_jobs_tables.sh); from a pipe it does one table
# at a time: the main thread and 2 compression threads.
mkfifo "$TMP/hugefifo"
cat "$HUGE" >"$TMP/hugefifo" 2>/dev/null &
feeder=$!
assert jobs-2-three-threads test "$(THREADS_IN=$TMP/hugefifo threads "$PGSCRUB" -j 2 --compress gzip:1)" = 3
wait "$feeder" 2>/dev/null
rm -f "$TMP"/huge*.dump
# Two bad rows in different units: the error names the first, for any -j,
# as the main thread's rewrite (zstd) does.
python3 "$SRC/tests/cli/hugerows.py" "$A/pg17-none-file.dump" "$HUGE" people 40 100000 13,31 ||
	{ echo "hugerows.py failed" >&2; exit 1; }
for v in gzip-1 gzip-8 lz4-8 zstd-8; do
	"$PGSCRUB" -j "${v#*-}" -r "$SRC/rules.ini" --compress "${v%-*}" \
		-i "$HUGE" -o "$TMP/huge-bad.dump" 2>"$TMP/huge-bad-$v.err"
	assert "huge-bad-$v-exit" test $? = 1
	[ "$v" = gzip-1 ] || assert "huge-bad-$v-same" cmp "$TMP/huge-bad-gzip-1.err" "$TMP/huge-bad-$v.err"
done
assert huge-bad-first grep -q "row 13: 8 fields" "$TMP/huge-bad-gzip-1.err"

# ---- directory: the same files for any -j ----------------------------------
# data_files DIR: the names and SHA-256 of its data files.
data_files() { (cd "$1" && sha256sum -- *.dat* | sort -k2); }
for c in gzip lz4 zstd; do
	for j in 1 2 8; do
		timeout 300 "$PGSCRUB" -j "$j" --format directory -r "$SRC/rules.ini" \
			--compress "$c" -i "$BIG" -o "$TMP/d-$c-j$j" 2>/dev/null
		assert "to-dir-$c-j$j-exit" test $? = 0
		data_files "$TMP/d-$c-j$j" >"$TMP/d-$c-j$j.sums"
		[ "$j" = 1 ] || assert "to-dir-$c-j$j-same" cmp "$TMP/d-$c-j1.sums" "$TMP/d-$c-j$j.sums"
	done
done
assert to-dir-gzip-valid gzip -t "$TMP"/d-gzip-j1/*.dat.gz
restored "$TMP/d-gzip-j2" >"$TMP/d-gzip.sql" 2>/dev/null
assert to-dir-gzip-restores cmp "$TMP/plain.sql" "$TMP/d-gzip.sql"
# A directory in: its tables at once, each file's stream on one thread.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n' >"$TMP/keep.ini"
"$PGSCRUB" --format directory --compress gzip -r "$TMP/keep.ini" -i "$BIG" -o "$TMP/src-dir" 2>/dev/null
for j in 1 2 8; do
	timeout 300 "$PGSCRUB" -j "$j" -r "$SRC/rules.ini" -i "$TMP/src-dir" -o "$TMP/dd-j$j" 2>/dev/null
	assert "dir-dir-j$j-exit" test $? = 0
	data_files "$TMP/dd-j$j" >"$TMP/dd-j$j.sums"
	[ "$j" = 1 ] || assert "dir-dir-j$j-same" cmp "$TMP/dd-j1.sums" "$TMP/dd-j$j.sums"
done
# A directory in, -j 2: each table worker's pool has 2 threads (16 / N, at
# most N), so more than the main thread and the second worker run (a
# worker's pool used to get 1, no thread: the table on one thread).  The
# most threads seen while it runs.
rm -rf "$TMP/dd-threads"
"$PGSCRUB" -j 2 -r "$SRC/rules.ini" -i "$TMP/src-dir" -o "$TMP/dd-threads" 2>/dev/null &
pid=$!
most=0
while kill -0 "$pid" 2>/dev/null; do
	nt=$(nthreads "$pid" 2>/dev/null)
	[ "${nt:-0}" -gt "$most" ] && most=$nt
done
wait "$pid"
assert dir-dir-j2-exit test $? = 0
assert dir-dir-j2-pool-threads test "$most" -ge 4

# The directory's files are written as a custom archive's blocks are: a gzip
# table's rows rewritten on the pool's threads in units of whole rows, so
# the people table's deflate data is the custom output's, byte for byte
# (deflate_body.py: "units N rows"; rows rewritten on the main thread and
# cut every 256 KiB would say "cut").
people=$("$PG_RESTORE" -l "$BIG" | awk '$4 == "TABLE" && $5 == "DATA" && $7 == "people" { sub(";", "", $1); print $1 }')
python3 "$SRC/tests/cli/deflate_body.py" custom "$TMP/report-gzip.dump" people >"$TMP/body-custom.txt"
assert body-custom-rows grep -q "^units [0-9]* rows$" "$TMP/body-custom.txt"
python3 "$SRC/tests/cli/deflate_body.py" gzip "$TMP/d-gzip-j1/$people.dat.gz" >"$TMP/body-to-dir.txt"
assert to-dir-rows-on-threads cmp "$TMP/body-custom.txt" "$TMP/body-to-dir.txt"
python3 "$SRC/tests/cli/deflate_body.py" gzip "$TMP/dd-j1/$people.dat.gz" >"$TMP/body-dir.txt"
assert dir-rows-on-threads cmp "$TMP/body-custom.txt" "$TMP/body-dir.txt"
# A directory to custom, and back (--format): the same.
"$PGSCRUB" -j 2 -r "$SRC/rules.ini" -i "$TMP/src-dir" --format custom -o "$TMP/dc.dump" 2>/dev/null
python3 "$SRC/tests/cli/deflate_body.py" custom "$TMP/dc.dump" people >"$TMP/body-dc.txt"
assert dir-to-custom-rows-on-threads cmp "$TMP/body-custom.txt" "$TMP/body-dc.txt"

# ---- plain scripts: the same bytes for any -j -------------------------------
# The script's one stream is compressed by the pool's -j threads.
"$PG_RESTORE" -f "$TMP/big.sql" "$BIG" 2>/dev/null
"$PGSCRUB" -j 1 -r "$SRC/rules.ini" -i "$TMP/big.sql" -o "$TMP/sql-none.sql" 2>/dev/null
assert plain-none-exit test $? = 0
for c in gzip lz4 zstd; do
	for j in 1 2 8; do
		timeout 300 "$PGSCRUB" -j "$j" -r "$SRC/rules.ini" --compress "$c" \
			-i "$TMP/big.sql" -o "$TMP/sql-$c-j$j.out" 2>/dev/null
		assert "plain-$c-j$j-exit" test $? = 0
		[ "$j" = 1 ] || assert "plain-$c-j$j-same" cmp "$TMP/sql-$c-j1.out" "$TMP/sql-$c-j$j.out"
	done
done
assert plain-gzip-valid gzip -t "$TMP/sql-gzip-j2.out"
assert plain-gzip-content cmp "$TMP/sql-none.sql" <(gzip -dc "$TMP/sql-gzip-j2.out")
assert plain-zstd-content cmp "$TMP/sql-none.sql" <(zstd -dcq "$TMP/sql-zstd-j2.out")
assert plain-lz4-content cmp "$TMP/sql-none.sql" <(lz4 -dcq "$TMP/sql-lz4-j2.out")
# Several blocks, so that the threads share them.
assert plain-several-blocks test "$(stat -c %s "$TMP/sql-none.sql")" -gt $((4 * 262144))

# Conversions (--format): -j threads rewrite and compress each table's
# data there too (README: "each file is rewritten and compressed by -j
# threads", "Converting to and from a tar"), counted while the run waits
# for the rest of its input on a pipe, in the middle of the people table.
"$PGSCRUB" --format tar -r "$TMP/keep.ini" -i "$BIG" -o "$TMP/big.tar" 2>/dev/null
mkfifo "$TMP/infifo"
# pipe_threads J FORMAT FILE: the threads of pgscrub -j J converting the
# first half of FILE to FORMAT, two seconds in.
pipe_threads() {
	"$PGSCRUB" -j "$1" --format "$2" --compress gzip:1 -r "$SRC/rules.ini" \
		-o "$TMP/conv-out" <"$TMP/infifo" 2>/dev/null &
	local pid=$!
	exec 4>"$TMP/infifo"
	head -c $(($(stat -c %s "$3") / 2)) "$3" >&4
	sleep 2
	nthreads "$pid"
	kill "$pid"
	wait "$pid" 2>/dev/null
	exec 4>&-
	rm -rf "$TMP/conv-out"
}
assert to-dir-j2-three-threads test "$(pipe_threads 2 directory "$BIG")" = 3
assert to-dir-j1-one-thread test "$(pipe_threads 1 directory "$BIG")" = 1
assert tar-to-custom-j2-three-threads test "$(pipe_threads 2 custom "$TMP/big.tar")" = 3
assert tar-to-dir-j2-three-threads test "$(pipe_threads 2 directory "$TMP/big.tar")" = 3
assert tar-to-dir-j1-one-thread test "$(pipe_threads 1 directory "$TMP/big.tar")" = 1
# And the same bytes for any -j.
for j in 1 2; do
	"$PGSCRUB" -j "$j" --format directory --compress gzip -r "$SRC/rules.ini" \
		-i "$TMP/big.tar" -o "$TMP/td-j$j" 2>/dev/null
	assert "tar-to-dir-j$j-exit" test $? = 0
	data_files "$TMP/td-j$j" >"$TMP/td-j$j.sums"
done
assert tar-to-dir-same cmp "$TMP/td-j1.sums" "$TMP/td-j2.sums"
python3 "$SRC/tests/cli/deflate_body.py" gzip "$TMP/td-j2/$people.dat.gz" >"$TMP/body-td.txt"
assert tar-to-dir-rows-on-threads cmp "$TMP/body-custom.txt" "$TMP/body-td.txt"

# ---- a failing worker ends the run cleanly ---------------------------------
# only DIR "NAMES ": DIR holds exactly these (none: "").
only() { [ "$(ls -A "$1" | sort | tr '\n' ' ')" = "$2" ]; }
mkdir "$TMP/f"
# A hang is a failure: the run is stopped after two minutes (exit 124).
TIMED=$TMP/timed-pgscrub
printf '#!/bin/sh\nexec timeout 120 "%s" "$@"\n' "$PGSCRUB" >"$TIMED"
chmod +x "$TIMED"
for j in 1 2 4; do
	PGSCRUB_TEST_FAIL_BLOCK=3 PGSCRUB=$TIMED case_ "fail-custom-j$j" - -j "$j" \
		-r "$SRC/rules.ini" --compress gzip -i "$BIG" -o "$TMP/f/out.dump"
	assert "fail-custom-j$j-no-output" only "$TMP/f" ""
	PGSCRUB_TEST_FAIL_BLOCK=3 PGSCRUB=$TIMED case_ "fail-lz4-j$j" - -j "$j" \
		-r "$SRC/rules.ini" --compress lz4 -i "$BIG" -o "$TMP/f/out.dump"
	assert "fail-lz4-j$j-no-output" only "$TMP/f" ""
	PGSCRUB_TEST_FAIL_BLOCK=3 PGSCRUB=$TIMED case_ "fail-to-dir-j$j" - -j "$j" --format directory \
		-r "$SRC/rules.ini" --compress gzip -i "$BIG" -o "$TMP/f/outdir"
	assert "fail-to-dir-j$j-no-output" only "$TMP/f" ""
	# A plain script's one stream.
	PGSCRUB_TEST_FAIL_BLOCK=3 PGSCRUB=$TIMED case_ "fail-plain-j$j" - -j "$j" \
		-r "$SRC/rules.ini" --compress gzip -i "$TMP/big.sql" -o "$TMP/f/out.sql.gz"
	assert "fail-plain-j$j-no-output" only "$TMP/f" ""
	# Directory in: the tables at once, each file's pool one worker.
	PGSCRUB_TEST_FAIL_BLOCK=3 PGSCRUB=$TIMED case_ "fail-dir-j$j" - -j "$j" \
		-r "$SRC/rules.ini" -i "$TMP/src-dir" -o "$TMP/f/outdir"
	assert "fail-dir-j$j-no-output" only "$TMP/f" ""
done
# To standard output: the run fails, the reader sees a cut archive.
PGSCRUB_TEST_FAIL_BLOCK=5 timeout 120 "$PGSCRUB" -j 2 -r "$SRC/rules.ini" \
	--compress gzip -i "$BIG" >"$TMP/f.stdout" 2>/dev/null
assert fail-stdout-exit test $? = 4
# The variable is checked.
PGSCRUB_TEST_FAIL_BLOCK=x PGSCRUB=$TIMED case_ fail-bad-env - -r "$SRC/rules.ini" -i "$BIG" -o "$TMP/f/out.dump"

cli_finish
