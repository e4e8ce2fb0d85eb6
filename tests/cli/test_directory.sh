#!/usr/bin/env bash
# tests/cli/test_directory.sh — directory archives (pg_dump -Fd, issue 12):
# keep-only output equal to the input file for file and hard-linked; a rewrite
# gives the same rows as the custom-format run of the same database; large
# objects kept, dropped; every compression of pg_dump 15, 17 and 18; the output
# directory appears only when the run succeeded; the errors, pinned (missing
# data file, truncated .gz, bad toc.dat, non-empty OUTDIR, standard output,
# symbolic link); extra files ignored; check, init and plan on a directory.
#
# Pinned outputs are tests/cli/expected/dir-NAME.txt (see clilib.bash).
CLI_NAME=cli-directory CLI_PREFIX=dir-
. "$(dirname "$0")/clilib.bash"

D=$A/dir
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n' >"$TMP/keep.ini"
printf '[pgscrub]\nunlisted = keep\nlarge_objects = drop\n' >"$TMP/drop.ini"
export PGSCRUB_KEY=0000000000000000000000000000000000000000000000000000000000000007
RULES=$SRC/rules.ini

# same_files A B: the same file names, each file the same bytes.
same_files() {
	[ "$(cd "$1" && ls)" = "$(cd "$2" && ls)" ] || return 1
	local f
	for f in "$1"/*; do cmp -s "$f" "$2/$(basename "$f")" || return 1; done
}
# not_any_blob DIR: no large-object file in DIR.
not_any_blob() { ! ls "$1" | grep -q '^blob_'; }
# no_leftovers DIR: no temporary sibling left in DIR.
no_leftovers() { ! ls -a "$1" | grep -q '\.pgscrub-'; }
# split_blocks ARCHIVE DIR: each data block of an uncompressed custom archive,
# its stream's bytes, as DIR/<dumpId>.
split_blocks() {
	python3 - "$1" "$2" <<'PY'
import os, sys
sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "cli"))
import pgarchive
r = pgarchive.Reader(open(sys.argv[1], "rb").read())
vmin, intsize, offsize, fmt, level, alg, tm, strs = r.header()
for _ in range(r.int()):
    r.entry(vmin, offsize)
os.makedirs(sys.argv[2])
while r.pos < len(r.data):
    btype = r.take(1)[0]
    dump_id = r.int()
    if btype != 1:
        break
    data = bytearray()
    while True:
        n = r.int()
        if n == 0:
            break
        data += r.take(n)
    open(os.path.join(sys.argv[2], str(dump_id)), "wb").write(data)
PY
}
# decoded FILE: a data file's bytes, decompressed by its suffix.
decoded() {
	case $1 in
	*.gz) gzip -dc "$1" ;;
	*.lz4) lz4 -qdc "$1" ;;
	*.zst) zstd -qdc "$1" ;;
	*) cat "$1" ;;
	esac
}

# ---- keep-only: the output is the input, file for file, linked -------------
for v in pg15-none pg15-gzip pg17-none pg17-gzip pg17-lz4 pg17-zstd \
	 pg18-none pg18-gzip pg18-lz4 pg18-zstd; do
	"$PGSCRUB" -r "$TMP/keep.ini" -i "$D/$v" -o "$TMP/keep-$v" 2>"$TMP/err"
	assert "keep-$v-exit" test $? = 0
	assert "keep-$v-same" same_files "$D/$v" "$TMP/keep-$v"
done
assert keep-linked test "$(stat -c %i "$D/pg18-gzip/3432.dat.gz")" = \
	"$(stat -c %i "$TMP/keep-pg18-gzip/3432.dat.gz")"
assert keep-mode test "$(stat -c %a "$TMP/keep-pg18-gzip")" = 700
assert keep-no-leftovers no_leftovers "$TMP"
# The input named through a symbolic link is read (data files linked are not: see
# discover); the output never is (outdir-symlink below).
ln -s "$D/pg18-lz4" "$TMP/in-link"
"$PGSCRUB" -r "$TMP/keep.ini" -i "$TMP/in-link" -o "$TMP/keep-link" 2>/dev/null
assert keep-input-symlink same_files "$D/pg18-lz4" "$TMP/keep-link"
cp -r "$D/pg18-gzip" "$TMP/linked-file" && rm "$TMP/linked-file/3433.dat.gz" &&
	ln -s "$D/pg18-gzip/3433.dat.gz" "$TMP/linked-file/3433.dat.gz"
case_ data-file-symlink - -r "$TMP/keep.ini" -i "$TMP/linked-file" -o "$TMP/out-linked"

# ---- rewrite: the rows of the custom-format run of the same dump ------------
# pg_dump -Fc and -Fd of the same database have the same dumpIds, COPY
# statements and rows, so each rewritten data file decodes to the custom
# run's data block (that run uncompressed, split by pgarchive.py's reader).
for v in pg15-gzip pg17-lz4 pg18-zstd pg18-none; do
	c=${v%%-*}-${v#*-}-file.dump
	"$PGSCRUB" -r "$RULES" -i "$D/$v" -o "$TMP/rw-$v" 2>"$TMP/err"
	assert "rewrite-$v-exit" test $? = 0
	"$PGSCRUB" -r "$RULES" -i "$A/$c" -o "$TMP/rw-$v.dump" --compress none 2>/dev/null
	SRC=$SRC split_blocks "$TMP/rw-$v.dump" "$TMP/blocks-$v"
	ok=1 n=0
	for f in "$TMP/rw-$v"/[0-9]*.dat*; do
		id=$(basename "$f"); id=${id%%.*}
		if [ -f "$TMP/blocks-$v/$id" ]; then
			decoded "$f" | cmp -s - "$TMP/blocks-$v/$id" || ok=0
			n=$((n + 1))
		fi
	done
	assert "rewrite-$v-rows" test "$ok" = 1 -a "$n" -ge 10
	# the same suffix (codec) for every data file as the input's
	assert "rewrite-$v-names" test "$(cd "$D/$v" && ls | grep -v '^blob_')" = \
		"$(cd "$TMP/rw-$v" && ls)"
	# large objects dropped: an empty index, no blob files
	assert "rewrite-$v-lo-dropped" test ! -s "$(ls -d "$TMP/rw-$v"/blobs*.toc)"
done
# people's e-mail addresses are gone from every file
assert rewrite-email-in-input grep -q 'user1\.6ec435c2@example\.com' "$D/pg18-none/3432.dat"
assert rewrite-no-email bash -c "! cat '$TMP/rw-pg18-none'/* | grep -q 'user1\.6ec435c2@example\.com'"

# ---- row filters (the subset's first reading from the data files) ----------
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[public.people]\nwhere = id > 150 or id < 20\n' >"$TMP/subset.ini"
"$PGSCRUB" -v -r "$TMP/subset.ini" -i "$D/pg17-gzip" -o "$TMP/sub-dir" 2>"$TMP/sub-dir.err"
assert subset-exit test $? = 0
"$PGSCRUB" -v -r "$TMP/subset.ini" -i "$A/pg17-gzip-file.dump" -o "$TMP/sub.dump" --compress none 2>"$TMP/sub-custom.err"
SRC=$SRC split_blocks "$TMP/sub.dump" "$TMP/sub-blocks"
ok=1 n=0
for f in "$TMP/sub-dir"/[0-9]*.dat.gz; do
	id=$(basename "$f"); id=${id%%.*}
	gzip -dc "$f" | cmp -s - "$TMP/sub-blocks/$id" || ok=0
	n=$((n + 1))
done
assert subset-same-rows test "$ok" = 1 -a "$n" -ge 10
assert subset-same-summary test "$(grep -o 'filters.*tables\?' "$TMP/sub-dir.err")" = \
	"$(grep -o 'filters.*tables\?' "$TMP/sub-custom.err")"
assert subset-filtered grep -q 'filters and foreign keys removed [1-9]' "$TMP/sub-dir.err"

# ---- large objects kept (blobs.toc 1.14, blobs_<id>.toc 1.16) ---------------
# pg_dump 18 writes the empty object 424244 as an empty .lz4 file (no frame).
for v in pg15-gzip pg18-lz4 pg17-zstd; do
	"$PGSCRUB" -r "$TMP/keep.ini" -i "$D/$v" -o "$TMP/lo-$v" --compress none 2>/dev/null
	assert "lo-$v-exit" test $? = 0
	assert "lo-$v-blobs" test -s "$TMP/lo-$v/blob_424242.dat"
	assert "lo-$v-empty" test -f "$TMP/lo-$v/blob_424244.dat" -a ! -s "$TMP/lo-$v/blob_424244.dat"
	assert "lo-$v-content" bash -c "decoded() { $(declare -f decoded | tail -n +2); }; decoded '$(ls "$D/$v"/blob_424242.dat*)' | cmp -s - '$TMP/lo-$v/blob_424242.dat'"
done

# ---- errors ------------------------------------------------------------------
# A missing data file.
cp -r "$D/pg18-gzip" "$TMP/missing" && rm "$TMP/missing/3434.dat.gz"
case_ missing-data-file - -r "$TMP/keep.ini" -i "$TMP/missing" -o "$TMP/out-missing"
assert missing-no-output test ! -e "$TMP/out-missing"
# A .gz cut short, in a table that is rewritten.
cp -r "$D/pg18-gzip" "$TMP/cut" && head -c 100 "$D/pg18-gzip/3432.dat.gz" >"$TMP/cut/3432.dat.gz"
case_ truncated-gz - -r "$RULES" -i "$TMP/cut" -o "$TMP/out-cut"
assert truncated-no-output test ! -e "$TMP/out-cut"
assert truncated-no-leftovers no_leftovers "$TMP"
# A toc.dat cut short, and one with bytes after its TOC.
cp -r "$D/pg18-gzip" "$TMP/badtoc" && head -c 3000 "$D/pg18-gzip/toc.dat" >"$TMP/badtoc/toc.dat"
case_ toc-cut - -r "$TMP/keep.ini" -i "$TMP/badtoc" -o "$TMP/out-badtoc"
cp "$D/pg18-gzip/toc.dat" "$TMP/badtoc/toc.dat" && printf 'x' >>"$TMP/badtoc/toc.dat"
case_ toc-trailing - -r "$TMP/keep.ini" -i "$TMP/badtoc" -o "$TMP/out-badtoc"
assert badtoc-no-output test ! -e "$TMP/out-badtoc"
# A data file name that is a path.
cp -r "$D/pg18-none" "$TMP/path" && python3 - "$TMP/path/toc.dat" <<'PY'
import sys
p = sys.argv[1]
b = open(p, "rb").read()
b = b.replace(b"\x00\x08\x00\x00\x003432.dat", b"\x00\x08\x00\x00\x00../x.dat", 1)
open(p, "wb").write(b)
PY
case_ name-is-path - -r "$TMP/keep.ini" -i "$TMP/path" -o "$TMP/out-path"
# Extra files are ignored (as pg_restore does) and not copied.
cp -r "$D/pg18-gzip" "$TMP/extra" && echo junk >"$TMP/extra/junk" &&
	cp "$D/pg18-gzip/3432.dat.gz" "$TMP/extra/9999.dat.gz"
"$PGSCRUB" -r "$TMP/keep.ini" -i "$TMP/extra" -o "$TMP/out-extra" 2>/dev/null
assert extra-exit test $? = 0
assert extra-same same_files "$D/pg18-gzip" "$TMP/out-extra"
# The output directory: not empty, --force, empty, a symbolic link, a file.
mkdir "$TMP/full" && echo old >"$TMP/full/old"
case_ outdir-not-empty - -r "$TMP/keep.ini" -i "$D/pg18-gzip" -o "$TMP/full"
assert outdir-untouched test -f "$TMP/full/old"
"$PGSCRUB" -r "$TMP/keep.ini" -i "$D/pg18-gzip" -o "$TMP/full" --force 2>/dev/null
assert force-exit test $? = 0
assert force-replaced same_files "$D/pg18-gzip" "$TMP/full"
mkdir "$TMP/empty"
"$PGSCRUB" -r "$TMP/keep.ini" -i "$D/pg18-gzip" -o "$TMP/empty" 2>/dev/null
assert empty-replaced same_files "$D/pg18-gzip" "$TMP/empty"
mkdir "$TMP/sub" && mkdir "$TMP/full2" && mkdir "$TMP/full2/sub"
case_ force-not-files - -r "$TMP/keep.ini" -i "$D/pg18-gzip" -o "$TMP/full2" --force
ln -s "$TMP/sub" "$TMP/link"
case_ outdir-symlink - -r "$TMP/keep.ini" -i "$D/pg18-gzip" -o "$TMP/link"
echo x >"$TMP/afile"
case_ outdir-file - -r "$TMP/keep.ini" -i "$D/pg18-gzip" -o "$TMP/afile"
case_ stdout-refused - -r "$TMP/keep.ini" -i "$D/pg18-gzip"
case_ same-dir - -r "$TMP/keep.ini" -i "$D/pg18-gzip" -o "$D/pg18-gzip"
# The input named another way (./x, absolute, through a link) or a directory
# inside it: refused, --force or not, and the input's files stay as they were.
cp -r "$D/pg18-gzip" "$TMP/inp"
(cd "$TMP/inp" && md5sum *) >"$TMP/inp.md5"
ln -s inp "$TMP/inp-link"
for o in "$TMP/./inp" "$TMP/inp-link" "$TMP/inp/sub"; do
	(cd "$TMP" && "$PGSCRUB" -r "$TMP/keep.ini" -i inp -o "$o" --force) 2>/dev/null
	assert "same-dir-other-name-refused ($o)" test $? = 2
done
(cd "$TMP" && "$PGSCRUB" -r "$TMP/keep.ini" -i inp-link -o inp --force) 2>/dev/null
assert same-dir-through-link-refused test $? = 2
assert same-dir-input-intact sh -c "cd '$TMP/inp' && md5sum -c --quiet '$TMP/inp.md5' && [ ! -e sub ]"
# A large-object index may name only blob_<oid>.dat files: one naming a
# table's data file would link its original rows into the output.
cp -r "$D/pg18-gzip" "$TMP/badidx"
sed -i 's/^424243 blob_424243.dat$/424243 3432.dat/' "$TMP/badidx/blobs_3448.toc"
case_ blob-index-names-data-file - -r "$TMP/keep.ini" -i "$TMP/badidx" -o "$TMP/out-badidx"
assert blob-index-no-output test ! -e "$TMP/out-badidx"
# A bad row, and data with no end line: the error names the data file, whichever thread
# rewrote the rows (gzip and lz4: the pool's threads, the error seen at the end of a small
# table; zstd: the worker's own thread) and for any -j, directory or custom out.
cp -r "$D/pg18-gzip" "$TMP/badrow" &&
	gzip -dc "$D/pg18-gzip/3432.dat.gz" | sed '5s/\t/ /' | gzip >"$TMP/badrow/3432.dat.gz"
cp -r "$D/pg18-zstd" "$TMP/noend" &&
	zstd -dqc "$D/pg18-zstd/3432.dat.zst" | head -n -3 | zstd -q >"$TMP/noend/3432.dat.zst"
for j in 1 2; do
	case_ "bad-row-j$j" - -j "$j" -r "$RULES" -i "$TMP/badrow" -o "$TMP/out-badrow"
	case_ "bad-row-to-custom-j$j" - -j "$j" -r "$RULES" -i "$TMP/badrow" --format custom \
		-o "$TMP/out-badrow.dump"
	case_ "no-end-line-j$j" - -j "$j" -r "$RULES" -i "$TMP/noend" -o "$TMP/out-noend"
	case_ "no-end-line-gzip-j$j" - -j "$j" -r "$RULES" -i "$TMP/noend" --compress gzip \
		-o "$TMP/out-noend"
done
assert bad-row-no-output test ! -e "$TMP/out-badrow" -a ! -e "$TMP/out-badrow.dump" \
	-a ! -e "$TMP/out-noend"
case_ same-dir-dot - -r "$TMP/keep.ini" -i "$TMP/inp" -o "$TMP/./inp" --force
case_ force-needs-dir - -r "$TMP/keep.ini" -i "$A/pg18-gzip-file.dump" -o "$TMP/x.dump" --force
assert errors-no-leftovers no_leftovers "$TMP"

# ---- -j: worker threads ----------------------------------------------------------
# The same bytes whatever the number of workers (one table per worker at a time; filtered
# tables all on worker 0), rewrite and subset alike.
for j in 1 2 5; do
	"$PGSCRUB" -j "$j" -r "$RULES" -i "$D/pg17-zstd" -o "$TMP/j$j" 2>/dev/null
	assert "jobs-$j-exit" test $? = 0
	"$PGSCRUB" -j "$j" -r "$TMP/subset.ini" -i "$D/pg18-lz4" -o "$TMP/js$j" 2>/dev/null
	assert "jobs-$j-subset-exit" test $? = 0
done
assert jobs-same-2 same_files "$TMP/j1" "$TMP/j2"
assert jobs-same-5 same_files "$TMP/j1" "$TMP/j5"
assert jobs-subset-same-2 same_files "$TMP/js1" "$TMP/js2"
assert jobs-subset-same-5 same_files "$TMP/js1" "$TMP/js5"
# A worker's failure ends the run: the error, no output, nothing left behind.
case_ jobs-worker-fails - -j 3 -r "$RULES" -i "$TMP/cut" -o "$TMP/out-jobs"
assert jobs-fail-no-output test ! -e "$TMP/out-jobs"
assert jobs-fail-no-leftovers no_leftovers "$TMP"
# SIGTERM while the output is being built: the temporary directory goes, the process
# dies of the signal.  (A 54 MB table, the fixture's rows 3000 times, keeps the run
# busy for a moment.)
cp -r "$D/pg18-none" "$TMP/big" && python3 - "$TMP/big/3432.dat" <<'PY'
import sys
p = sys.argv[1]
src = open(p, "rb").read()
body = src[:src.index(b"\\.\n")]
with open(p, "wb") as f:
    for _ in range(3000):
        f.write(body)
    f.write(b"\\.\n\n\n")
PY
mkdir "$TMP/sig"
"$PGSCRUB" -j 1 -r "$RULES" -i "$TMP/big" -o "$TMP/sig/out" 2>/dev/null &
pid=$!
for _ in $(seq 500); do
	ls -a "$TMP/sig" | grep -q '\.pgscrub-' && break
	sleep 0.01
done
kill -TERM "$pid" 2>/dev/null
wait "$pid"
sig_rc=$?
assert signal-died test "$sig_rc" = 143
assert signal-no-output test ! -e "$TMP/sig/out"
assert signal-no-leftovers no_leftovers "$TMP/sig"
rm -rf "$TMP/big"
case_ jobs-bad - -j 0 -r "$TMP/keep.ini" -i "$D/pg18-gzip" -o "$TMP/out-j0"
# -j on a custom archive: the threads that compress a table; the same bytes.
"$PGSCRUB" -j 1 -r "$RULES" -i "$A/pg18-gzip-file.dump" -o "$TMP/j1.dump" 2>/dev/null
"$PGSCRUB" -j 2 -r "$RULES" -i "$A/pg18-gzip-file.dump" -o "$TMP/j2.dump" 2>/dev/null
assert jobs-custom-same cmp "$TMP/j1.dump" "$TMP/j2.dump"

# ---- --format directory: a custom archive in, a directory archive out ------------
# Keep-only: the data files pg_dump -Fd wrote for the same database, byte for byte
# (lz4, zstd and none copied, gzip decoded and deflated again), but the empty large
# object, which pg_dump 17+ writes as an empty file; toc.dat differs only in its header
# (the creation time; pg15-gzip: the level, -Z6 for the fixture).
# data_same CONVERTED FIXTURE: the NNNN.dat* files equal.
data_same() {
	local f n=0
	for f in "$2"/[0-9]*.dat*; do cmp -s "$f" "$1/$(basename "$f")" || return 1; n=$((n + 1)); done
	[ "$n" -ge 10 ]
}
# toc_same_after_header A B: the files differ in the first 60 bytes at most.
toc_same_after_header() {
	[ "$(stat -c %s "$1")" = "$(stat -c %s "$2")" ] &&
		! cmp -l "$1" "$2" | awk '$1 > 60 { bad = 1 } END { exit !bad }'
}
for v in pg15-gzip pg17-lz4 pg18-zstd pg18-none; do
	"$PGSCRUB" --format directory -r "$TMP/keep.ini" -i "$A/$v-file.dump" -o "$TMP/cv-$v" 2>/dev/null
	assert "convert-$v-exit" test $? = 0
	assert "convert-$v-data" data_same "$TMP/cv-$v" "$D/$v"
	assert "convert-$v-toc" toc_same_after_header "$TMP/cv-$v/toc.dat" "$D/$v/toc.dat"
	assert "convert-$v-blobs" cmp -s "$(ls "$TMP/cv-$v"/blobs*.toc)" "$(ls "$D/$v"/blobs*.toc)"
done
# From a pipe, rewritten: the same files as the directory run of the same database.
"$PGSCRUB" --format directory -r "$RULES" -o "$TMP/cv-rw" <"$A/pg17-gzip-pipe.dump" 2>/dev/null
assert convert-rewrite-exit test $? = 0
"$PGSCRUB" -r "$RULES" -i "$D/pg17-gzip" -o "$TMP/dir-rw" 2>/dev/null
assert convert-rewrite-same data_same "$TMP/cv-rw" "$TMP/dir-rw"
# With a row filter (the subset reads the custom archive first).
"$PGSCRUB" --format directory -r "$TMP/subset.ini" -i "$A/pg17-gzip-file.dump" -o "$TMP/cv-sub" 2>/dev/null
assert convert-subset-exit test $? = 0
assert convert-subset-same data_same "$TMP/cv-sub" "$TMP/sub-dir"
case_ format-bad - --format zip -r "$TMP/keep.ini" -i "$A/pg18-gzip-file.dump" -o "$TMP/x"
case_ format-stdout - --format directory -r "$TMP/keep.ini" -i "$A/pg18-gzip-file.dump"
# --format custom: a directory archive in, a custom archive out.  Keep-only and back to a
# directory: the same data files and index (the way there and back copies lz4, zstd and
# none, and gzip comes back as pg_dump's own bytes); zstd even gives pg_dump -Fc's archive
# but for the creation time.
for v in pg15-gzip pg17-lz4 pg18-zstd pg18-none; do
	"$PGSCRUB" --format custom -r "$TMP/keep.ini" -i "$D/$v" -o "$TMP/tc-$v.dump" 2>/dev/null
	assert "to-custom-$v-exit" test $? = 0
	"$PGSCRUB" --format directory -r "$TMP/keep.ini" -i "$TMP/tc-$v.dump" -o "$TMP/tc-$v" 2>/dev/null
	assert "to-custom-$v-back" data_same "$TMP/tc-$v" "$D/$v"
	assert "to-custom-$v-back-blobs" cmp -s "$(ls "$TMP/tc-$v"/blobs*.toc)" "$(ls "$D/$v"/blobs*.toc)"
done
assert to-custom-zstd-as-pg_dump toc_same_after_header "$TMP/tc-pg18-zstd.dump" "$A/pg18-zstd-file.dump"
# Rewritten, to standard output (no offsets): the custom run's blocks.
"$PGSCRUB" --format custom -r "$RULES" -i "$D/pg17-lz4" --compress none >"$TMP/tc-rw.dump" 2>/dev/null
assert to-custom-rewrite-exit test $? = 0
"$PGSCRUB" -r "$RULES" -i "$A/pg17-lz4-file.dump" --compress none >"$TMP/c-rw.dump" 2>/dev/null
SRC=$SRC split_blocks "$TMP/tc-rw.dump" "$TMP/tc-rw-blocks"
SRC=$SRC split_blocks "$TMP/c-rw.dump" "$TMP/c-rw-blocks"
assert to-custom-rewrite-same same_files "$TMP/c-rw-blocks" "$TMP/tc-rw-blocks"
"$PGSCRUB" --format custom -j 1 -r "$RULES" -i "$D/pg18-gzip" -o "$TMP/tcj1.dump" 2>/dev/null
"$PGSCRUB" --format custom -j 2 -r "$RULES" -i "$D/pg18-gzip" -o "$TMP/tcj2.dump" 2>/dev/null
assert to-custom-jobs-same cmp "$TMP/tcj1.dump" "$TMP/tcj2.dump"
"$PGSCRUB" --format directory -r "$TMP/keep.ini" -i "$D/pg18-gzip" -o "$TMP/fd-same" 2>/dev/null
assert format-directory-from-dir same_files "$D/pg18-gzip" "$TMP/fd-same"

# ---- many files: the commit syncs the file system once -------------------------
# Above 1000 files the output is made durable with one syncfs() instead of
# an fsync() per file (a hard-linked file's inode is dirty: one journal
# commit each).  1500 more large objects: every file arrives, byte for byte.
rm -rf "$TMP/many" "$TMP/many-out" "$TMP/many-drop"
cp -r "$D/pg17-none" "$TMP/many"
idx=$(ls "$TMP/many"/blobs_*.toc)
for i in $(seq 500000 501499); do
	echo "$i blob_$i.dat" >>"$idx"
	echo "large object $i" >"$TMP/many/blob_$i.dat"
done
"$PGSCRUB" -r "$TMP/keep.ini" -i "$TMP/many" -o "$TMP/many-out" 2>"$TMP/many.err"
assert many-files-exit test $? = 0
assert many-files-same same_files "$TMP/many" "$TMP/many-out"
"$PGSCRUB" -r "$TMP/drop.ini" -i "$TMP/many" -o "$TMP/many-drop" 2>/dev/null
assert many-files-drop-exit test $? = 0
assert many-files-drop-none not_any_blob "$TMP/many-drop"
# SIGTERM while two workers link those files: the main thread's handler
# removes the temporary directory while the workers may still be creating
# files in it; it is removed all the same (five runs, killed at once).
mkdir -p "$TMP/sigj"
for k in 1 2 3 4 5; do
	"$PGSCRUB" -j 2 -r "$TMP/keep.ini" -i "$TMP/many" -o "$TMP/sigj/out" 2>/dev/null &
	pid=$!
	for _ in $(seq 500); do
		ls -a "$TMP/sigj" | grep -q '\.pgscrub-' && break
		sleep 0.002
	done
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	# 143: killed mid-run; 0: it finished first (then the output is whole).
	assert "signal-jobs-$k-status" test "$rc" = 143 -o "$rc" = 0
	assert "signal-jobs-$k-no-leftovers" no_leftovers "$TMP/sigj"
	if [ "$rc" = 0 ]; then
		assert "signal-jobs-$k-whole" same_files "$TMP/many" "$TMP/sigj/out"
	else
		assert "signal-jobs-$k-no-output" test ! -e "$TMP/sigj/out"
	fi
	rm -rf "$TMP/sigj/out"
done

# ---- check, init and plan read a directory archive ----------------------------
case_ check - check -r "$RULES" "$D/pg18-gzip"
"$PGSCRUB" init "$D/pg17-lz4" >"$TMP/init-dir.ini" 2>/dev/null
assert init-exit test $? = 0
"$PGSCRUB" init "$A/pg17-lz4-file.dump" >"$TMP/init-custom.ini" 2>/dev/null
assert init-same-as-custom cmp -s "$TMP/init-dir.ini" "$TMP/init-custom.ini"
"$PGSCRUB" plan -r "$RULES" "$D/pg18-gzip" >"$TMP/plan.txt" 2>&1
assert plan-exit test $? = 0
assert plan-says-directory grep -q 'a directory archive (pg_dump -Fd)' "$TMP/plan.txt"

cli_finish
