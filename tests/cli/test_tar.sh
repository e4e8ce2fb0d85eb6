#!/usr/bin/env bash
# tests/cli/test_tar.sh — tar archives (pg_dump -Ft, issue 12): keep-only
# output byte for byte the input for every fixture (pg_dump 15, 17, 18, 18
# --statistics), from a file and through a pipe; a rewrite gives the same
# rows as the custom-format run of the same database, a row-filtered one
# too (from a file and a pipe); large objects kept, dropped (members
# emptied, index kept); restore.sql copied unless statistics were scrubbed;
# the errors, pinned (truncated in a header, in data, before the end
# blocks, a bad checksum, an unknown member, a member out of order, a
# directory member, not a tar, --compress, --format); check, init and plan
# on a tar.
#
# Pinned outputs are tests/cli/expected/tar-NAME.txt (see clilib.bash).
CLI_NAME=cli-tar CLI_PREFIX=tar-
. "$(dirname "$0")/clilib.bash"

T=$A/tar
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n' >"$TMP/keep.ini"
printf '[pgscrub]\nunlisted = keep\nlarge_objects = drop\n' >"$TMP/drop.ini"
export PGSCRUB_KEY=0000000000000000000000000000000000000000000000000000000000000007
RULES=$SRC/rules.ini

# members TAR: "name size" per member, in order.
members() {
	python3 -c '
import sys, tarfile
for m in tarfile.open(sys.argv[1]).getmembers():
    print(m.name, m.size)' "$1"
}
# member TAR NAME: the member's bytes on stdout.
member() { tar -xOf "$1" "$2"; }

# ---- keep-only: the same bytes, from a file and through a pipe ----------------
for f in pg15 pg17 pg18 pg18-statistics; do
	"$PGSCRUB" -r "$TMP/keep.ini" -i "$T/$f.tar" -o "$TMP/keep-$f.tar"
	assert "keep-file-$f" cmp -s "$T/$f.tar" "$TMP/keep-$f.tar"
	"$PGSCRUB" -r "$TMP/keep.ini" <"$T/$f.tar" | cat >"$TMP/keep-pipe-$f.tar"
	assert "keep-pipe-$f" cmp -s "$T/$f.tar" "$TMP/keep-pipe-$f.tar"
done

# ---- rewrite: the rows of the custom-format run --------------------------------
# Both archives were dumped from the same database; pg_restore -a prints the
# rows (the \restrict key is random per run).
rows() { "$1" -a -f - "$2" | grep -v '^\\\(un\)\?restrict '; }
R18=/opt/pg-versions/bin/pg_restore-18
if [ -x "$R18" ]; then
	"$PGSCRUB" -r "$RULES" -i "$T/pg18.tar" -o "$TMP/rw.tar"
	assert rewrite-exit test $? = 0
	"$PGSCRUB" -r "$RULES" -i "$A/pg18-gzip-file.dump" -o "$TMP/rw.dump"
	rows "$R18" "$TMP/rw.dump" >"$TMP/rw-custom.sql"
	rows "$R18" "$TMP/rw.tar" | grep -v '^SELECT pg_catalog.lo_\(open\|close\)' \
		| cat -s >"$TMP/rw-tar.sql"
	cat -s "$TMP/rw-custom.sql" >"$TMP/rw-custom-s.sql"
	assert rewrite-same-rows cmp -s "$TMP/rw-custom-s.sql" "$TMP/rw-tar.sql"
	# the statistics one: values scrubbed as in the custom run
	"$PGSCRUB" -r "$RULES" -i "$T/pg18-statistics.tar" -o "$TMP/rws.tar"
	"$PGSCRUB" -r "$RULES" -i "$A/pg18-gzip-statistics.dump" -o "$TMP/rws.dump"
	"$R18" -f - "$TMP/rws.dump" | grep -v 'restrict ' >"$TMP/rws-custom.sql"
	"$R18" -f - "$TMP/rws.tar" | grep -v 'restrict ' \
		| grep -v '^SELECT pg_catalog.lo_\(open\|close\)' | cat -s >"$TMP/rws-tar.sql"
	cat -s "$TMP/rws-custom.sql" >"$TMP/rws-custom-s.sql"
	assert rewrite-statistics-same cmp -s "$TMP/rws-custom-s.sql" "$TMP/rws-tar.sql"
	# row filters: the same rows as the custom run, from a file and a pipe
	printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\ntruncate = public.texts\n[public.people]\nwhere = id > 150 or id < 20\n' >"$TMP/subset.ini"
	"$PGSCRUB" -r "$TMP/subset.ini" -i "$T/pg18.tar" -o "$TMP/sub.tar"
	assert subset-exit test $? = 0
	"$PGSCRUB" -r "$TMP/subset.ini" <"$T/pg18.tar" >"$TMP/sub-pipe.tar"
	assert subset-pipe-same cmp -s "$TMP/sub.tar" "$TMP/sub-pipe.tar"
	"$PGSCRUB" -r "$TMP/subset.ini" -i "$A/pg18-gzip-file.dump" -o "$TMP/sub.dump"
	assert subset-same-rows cmp -s <(rows "$R18" "$TMP/sub.dump") <(rows "$R18" "$TMP/sub.tar")
	assert subset-truncated test "$(member "$TMP/sub.tar" 3433.dat | od -c | head -1)" \
		= "$(printf '\\.\n\n\n' | od -c | head -1)"
else
	echo "test_tar: pg_restore 18 not found, rewrite comparisons skipped" >&2
	failed=$((failed + 1))
fi
# a rewritten member has the input's header fields but its own size
assert rewrite-header-fields bash -c "tar -tvf '$TMP/rw.tar' | awk '{print \$1, \$2, \$4, \$5, \$6}' \
	| sed -n 2p | grep -q '^-rw------- postgres/postgres '"
assert rewrite-no-email bash -c "! grep -q 'user1\.6ec435c2@example\.com' '$TMP/rw.tar'"
assert rewrite-email-in-input grep -q 'user1\.6ec435c2@example\.com' "$T/pg18.tar"
# restore.sql: copied when the TOC is unchanged, replaced when statistics
# were scrubbed (it held their values)
assert restore-sql-copied cmp -s <(member "$T/pg18.tar" restore.sql) <(member "$TMP/rw.tar" restore.sql)
member "$TMP/rws.tar" restore.sql >"$TMP/restore.sql"
compare restore-sql-replaced "$TMP/restore.sql"
assert statistics-in-input grep -q 'pg_restore_attribute_stats' <(member "$T/pg18-statistics.tar" restore.sql)

# ---- large objects -----------------------------------------------------------
"$PGSCRUB" -r "$TMP/drop.ini" -i "$T/pg18.tar" -o "$TMP/drop.tar"
members "$TMP/drop.tar" >"$TMP/drop-members.txt"
compare lo-drop-members "$TMP/drop-members.txt"
"$PGSCRUB" -r "$TMP/drop.ini" -i "$T/pg15.tar" -o "$TMP/drop15.tar"
assert lo-drop-15-index-kept cmp -s <(member "$T/pg15.tar" blobs.toc) <(member "$TMP/drop15.tar" blobs.toc)
assert lo-drop-15-empty test "$(member "$TMP/drop15.tar" blob_424242.dat | wc -c)" = 0
assert lo-drop-in-input test "$(member "$T/pg15.tar" blob_424242.dat | wc -c)" -gt 0

# ---- a rewritten member larger than the memory spool (4 MiB): spilled to $TMPDIR
python3 - "$T/pg18.tar" "$TMP/big.tar" <<'PY'
import io, sys, tarfile
src = tarfile.open(sys.argv[1])
with tarfile.open(sys.argv[2], "w", format=tarfile.USTAR_FORMAT) as out:
    for m in src.getmembers():
        data = src.extractfile(m).read()
        if m.name == "3432.dat":          # public.people: its rows 300 times over
            rows = data[:data.index(b"\\.\n")]
            data = rows * 300 + b"\\.\n\n\n"
            m.size = len(data)
        out.addfile(m, io.BytesIO(data))
PY
mkdir -p "$TMP/spool"
TMPDIR=$TMP/spool "$PGSCRUB" -v -r "$RULES" -i "$TMP/big.tar" -o "$TMP/big-out.tar" 2>"$TMP/big.err"
assert big-member-exit test $? = 0
assert big-member-rows grep -q 'rewritten (6[0-9][0-9][0-9][0-9] rows)' "$TMP/big.err"
assert big-member-size test "$(member "$TMP/big-out.tar" 3432.dat | wc -l)" -gt 60000
assert big-member-no-email bash -c "! grep -q 'user1\.6ec435c2@example\.com' '$TMP/big-out.tar'"
assert big-member-spool-gone test -z "$(ls -A "$TMP/spool")"
# the spool's directory cannot be written: the error names it
TMPDIR=$TMP/no-such-dir "$PGSCRUB" -r "$RULES" -i "$TMP/big.tar" -o "$TMP/big-out2.tar" 2>"$TMP/big2.err"
assert big-member-no-tmpdir-exit test $? = 1
assert big-member-no-tmpdir-says grep -q "^pgscrub: error: .*cannot make a temporary file in $TMP/no-such-dir: No such file or directory" "$TMP/big2.err"
assert big-member-no-tmpdir-no-output test ! -e "$TMP/big-out2.tar"

# ---- SIGTERM while a member is being rewritten: no output file is left ----------
mkdir -p "$TMP/sig"
mkfifo "$TMP/sig/in"
"$PGSCRUB" -r "$RULES" -i "$TMP/sig/in" -o "$TMP/sig/out.tar" 2>/dev/null &
sig_pid=$!
exec 7>"$TMP/sig/in"
head -c 3000000 "$TMP/big.tar" >&7
for _ in $(seq 50); do
	ls -A "$TMP/sig" | grep -q '^\.out\.tar\.pgscrub-' && break
	sleep 0.1
done
assert sigterm-temp-exists bash -c "ls -A '$TMP/sig' | grep -q '^\.out\.tar\.pgscrub-'"
kill -TERM "$sig_pid"
wait "$sig_pid"
assert sigterm-exit test $? -ne 0
exec 7>&-
assert sigterm-nothing-left test "$(ls -A "$TMP/sig")" = in

# ---- -v and the report -----------------------------------------------------------
case_ verbose - -v -r "$TMP/keep.ini" -i "$T/pg17.tar" -o "$TMP/v.tar"

# ---- damaged archives: exit 1, no output, never a wait -----------------------------
# cut ARCHIVE N: the first N bytes.
cut_() { head -c "$2" "$1" >"$TMP/cut.tar"; }
run_cut() { timeout 20 "$PGSCRUB" -r "$RULES" -i "$TMP/cut.tar" -o "$TMP/cut-out.tar"; }
cut_ "$T/pg18.tar" 300
case_ truncated-in-header - -r "$RULES" -i "$TMP/cut.tar" -o "$TMP/cut-out.tar"
cut_ "$T/pg18.tar" 20000
case_ truncated-in-data - -r "$RULES" -i "$TMP/cut.tar" -o "$TMP/cut-out.tar"
size=$(stat -c %s "$T/pg18.tar")
cut_ "$T/pg18.tar" $((size - 1024))
case_ missing-end-blocks - -r "$RULES" -i "$TMP/cut.tar" -o "$TMP/cut-out.tar"
cut_ "$T/pg18.tar" $((size - 512))
case_ one-end-block - -r "$RULES" -i "$TMP/cut.tar" -o "$TMP/cut-out.tar"
assert cut-no-output test ! -e "$TMP/cut-out.tar"
# every cut, through a pipe too: exit 1 within the timeout
ok=1
for n in 0 1 511 512 513 4000 18000 18432 18433 40000 60000 80000 89000 89600 89601; do
	cut_ "$T/pg18.tar" "$n"
	timeout 20 "$PGSCRUB" -r "$RULES" <"$TMP/cut.tar" >/dev/null 2>&1
	[ $? = 1 ] || { ok=0; echo "cut at $n: exit not 1" >&2; }
	run_cut 2>/dev/null
	[ $? = 1 ] && [ ! -e "$TMP/cut-out.tar" ] || { ok=0; echo "cut at $n (file)" >&2; }
done
assert cuts-all-fail test "$ok" = 1
# a bad checksum
cp "$T/pg18.tar" "$TMP/flip.tar"
printf 'X' | dd of="$TMP/flip.tar" bs=1 seek=$((512 * 36 + 1)) conv=notrunc 2>/dev/null
case_ bad-checksum - -r "$TMP/keep.ini" -i "$TMP/flip.tar" -o "$TMP/flip-out.tar"
# the toc.dat header damaged
cp "$T/pg18.tar" "$TMP/flip0.tar"
printf 'X' | dd of="$TMP/flip0.tar" bs=1 seek=3 conv=notrunc 2>/dev/null
case_ bad-checksum-toc - -r "$TMP/keep.ini" -i "$TMP/flip0.tar" -o "$TMP/flip-out.tar"
# an extra member: after restore.sql, and in the middle
python3 - "$T/pg18.tar" "$TMP" <<'PY'
import io, sys, tarfile
src, tmp = sys.argv[1], sys.argv[2]
ms = tarfile.open(src)
members = [(m, ms.extractfile(m).read()) for m in ms.getmembers()]
def write(path, items, fmt=tarfile.USTAR_FORMAT):
    with tarfile.open(path, "w", format=fmt) as t:
        for m, data in items:
            t.addfile(m, io.BytesIO(data) if data is not None else None)
def extra(name):
    i = tarfile.TarInfo(name); i.size = 4; i.mode = 0o600
    return (i, b"junk")
write(tmp + "/extra-end.tar", members + [extra("junk.dat")])
write(tmp + "/extra-mid.tar", members[:3] + [extra("9999.dat")] + members[3:])
write(tmp + "/swapped.tar", members[:1] + [members[2], members[1]] + members[3:])
d = tarfile.TarInfo("sub"); d.type = tarfile.DIRTYPE; d.mode = 0o700
write(tmp + "/dir-member.tar", members[:2] + [(d, None)] + members[2:])
write(tmp + "/gnu.tar", members, tarfile.GNU_FORMAT)
PY
case_ extra-member-end - -r "$TMP/keep.ini" -i "$TMP/extra-end.tar" -o "$TMP/x.tar"
case_ extra-member-mid - -r "$TMP/keep.ini" -i "$TMP/extra-mid.tar" -o "$TMP/x.tar"
case_ out-of-order - -r "$TMP/keep.ini" -i "$TMP/swapped.tar" -o "$TMP/x.tar"
case_ directory-member - -r "$TMP/keep.ini" -i "$TMP/dir-member.tar" -o "$TMP/x.tar"
assert no-output-after-errors test ! -e "$TMP/x.tar"
# Python's tar, padded to 10240 bytes (zeros after the end blocks): read,
# and the members come out as they went in
"$PGSCRUB" -r "$TMP/keep.ini" -i "$TMP/gnu.tar" -o "$TMP/gnu-out.tar"
assert gnu-tar-read test $? = 0
assert gnu-tar-members cmp -s <(members "$T/pg18.tar") <(members "$TMP/gnu-out.tar")
# endless zero bytes after the end blocks (cat x.tar /dev/zero): exit 1, not
# a run that never ends; no output
{ cat "$T/pg18.tar"; cat /dev/zero; } | timeout 30 "$PGSCRUB" -r "$TMP/keep.ini" -o "$TMP/zeros.tar" 2>"$TMP/zeros.err"
assert endless-zeros-exit test $? = 1
assert endless-zeros-message grep -q 'zero bytes after its end blocks' "$TMP/zeros.err"
assert endless-zeros-no-output test ! -e "$TMP/zeros.tar"
# A large-object index that does not list the blob members before it (one
# line names a file outside the archive): pg_restore reads a tar's members,
# not its index, but a directory archive's pg_restore reads the index, and
# would open that file.  Refused for a tar, a directory and a custom output.
python3 - "$T/pg18.tar" "$TMP/badindex.tar" <<'PY'
import io, sys, tarfile
src = tarfile.open(sys.argv[1])
with tarfile.open(sys.argv[2], "w", format=tarfile.USTAR_FORMAT) as out:
    for m in src.getmembers():
        data = src.extractfile(m).read()
        if m.name == "blobs_3448.toc":
            data = data.replace(b"424242 blob_424242.dat", b"424242 ../prod.dir/3432.dat")
            m.size = len(data)
        out.addfile(m, io.BytesIO(data))
PY
case_ lo-index-mismatch - -r "$TMP/keep.ini" -i "$TMP/badindex.tar" -o "$TMP/x.tar"
"$PGSCRUB" -r "$TMP/keep.ini" --format directory -i "$TMP/badindex.tar" -o "$TMP/badindex.dir" 2>/dev/null
assert lo-index-mismatch-dir test $? = 1 -a ! -e "$TMP/badindex.dir"
"$PGSCRUB" -r "$TMP/keep.ini" --format custom -i "$TMP/badindex.tar" -o "$TMP/badindex.dump" 2>/dev/null
assert lo-index-mismatch-custom test $? = 1 -a ! -e "$TMP/badindex.dump"
# a tar that is not pg_dump's: its first member is not toc.dat
tar -cf "$TMP/other.tar" -C "$SRC/fixtures" README.md
case_ not-pg-dump-tar - -r "$TMP/keep.ini" -i "$TMP/other.tar" -o "$TMP/x.tar"
# not a tar at all: a text file
case_ not-tar - -r "$TMP/keep.ini" -i "$SRC/fixtures/README.md" -o "$TMP/x.tar"
# a compressed tar (pg_dump -Ft | gzip): named as one, not "not a plain script"
gzip -c "$T/pg18.tar" >"$TMP/gz.tar.gz"
case_ gzip-of-tar - -r "$TMP/keep.ini" -i "$TMP/gz.tar.gz" -o "$TMP/x.tar"
assert gzip-of-tar-no-output test ! -e "$TMP/x.tar"
# ... with --format too (it was refused as "a plain SQL script"), and by plan
case_ gzip-of-tar-format - -r "$TMP/keep.ini" --format custom -i "$TMP/gz.tar.gz" -o "$TMP/x.dump"
case_ gzip-of-tar-plan - --dry-run -r "$TMP/keep.ini" --format directory -i "$TMP/gz.tar.gz" -o "$TMP/x.dir"
assert gzip-of-tar-format-no-output test ! -e "$TMP/x.dump" -a ! -e "$TMP/x.dir"
# ---- options that do not apply --------------------------------------------------
case_ compress-refused - --compress gzip -r "$TMP/keep.ini" -i "$T/pg18.tar" -o "$TMP/x.tar"

# ---- --format directory and custom from a tar ------------------------------------
# keep-only: the members become the files pg_dump -Fd wrote (toc.dat apart: its
# time and the BLOBS entry's name), or a custom archive listing the same
"$PGSCRUB" -r "$TMP/keep.ini" --format directory -i "$T/pg18.tar" -o "$TMP/conv.dir"
assert to-dir-exit test $? = 0
ok=1
for f in "$A/dir/pg18-none"/*; do
	b=$(basename "$f")
	[ "$b" = toc.dat ] || cmp -s "$f" "$TMP/conv.dir/$b" || ok=0
done
assert to-dir-same-files test "$ok" = 1 -a "$(ls "$TMP/conv.dir" | wc -l)" = "$(ls "$A/dir/pg18-none" | wc -l)"
# A TOC whose data names are not "<dumpId>.dat" (two swapped, members renamed
# to match: pg_restore reads entry 3435's data from member 3436.dat): each
# file is named as the output's toc.dat names it, so entry 3435's data is
# in 3435.dat, not in the file toc.dat gives entry 3436.
python3 - "$T/pg18.tar" "$TMP/swapnames.tar" <<'PY'
import io, sys, tarfile
src = tarfile.open(sys.argv[1])
swap = {"3435.dat": "3436.dat", "3436.dat": "3435.dat"}
with tarfile.open(sys.argv[2], "w", format=tarfile.USTAR_FORMAT) as out:
    for m in src.getmembers():
        data = src.extractfile(m).read()
        if m.name == "toc.dat":
            data = data.replace(b"3435.dat", b"@@@@@@@@").replace(b"3436.dat", b"3435.dat").replace(b"@@@@@@@@", b"3436.dat")
        m.name = swap.get(m.name, m.name)
        out.addfile(m, io.BytesIO(data))
PY
"$PGSCRUB" -r "$TMP/keep.ini" --format directory -i "$TMP/swapnames.tar" -o "$TMP/swapnames.dir"
assert to-dir-swapped-names-exit test $? = 0
assert to-dir-swapped-names cmp -s "$TMP/swapnames.dir/3435.dat" "$A/dir/pg18-none/3435.dat"
if [ -x "$R18" ]; then
	assert to-dir-same-list cmp -s <("$R18" -l "$TMP/conv.dir" | grep -v '^;') \
		<("$R18" -l "$A/dir/pg18-none" | grep -v '^;')
	# rewritten, through a pipe, gzip files: the custom run's script
	"$PGSCRUB" -r "$RULES" --format directory --compress gzip -o "$TMP/conv-rw.dir" <"$T/pg18.tar"
	assert to-dir-rewrite-exit test $? = 0
	assert to-dir-gzip test -f "$TMP/conv-rw.dir/3432.dat.gz"
	assert to-dir-rewrite-same cmp -s <("$R18" -f - "$TMP/rw.dump" | grep -v 'restrict ') \
		<("$R18" -f - "$TMP/conv-rw.dir" | grep -v 'restrict ')
	"$PGSCRUB" -r "$RULES" --format custom -i "$T/pg18.tar" -o "$TMP/conv-rw.dump"
	assert to-custom-exit test $? = 0
	assert to-custom-rewrite-same cmp -s <("$R18" -f - "$TMP/rw.dump" | grep -v 'restrict ') \
		<("$R18" -f - "$TMP/conv-rw.dump" | grep -v 'restrict ')
	"$PGSCRUB" -r "$TMP/subset.ini" --format custom <"$T/pg18.tar" >"$TMP/conv-sub.dump"
	assert to-custom-subset-same cmp -s <(rows "$R18" "$TMP/sub.dump") <(rows "$R18" "$TMP/conv-sub.dump")
fi
"$PGSCRUB" -r "$TMP/keep.ini" --format custom -i "$T/pg15.tar" -o "$TMP/conv15.dump"
assert to-custom-15 test $? = 0
assert to-custom-15-list cmp -s <(pg_restore -l "$TMP/conv15.dump" | grep -v '^;') \
	<(pg_restore -l "$T/pg15.tar" | grep -v '^;')
# ---- --format tar from a custom or directory archive ---------------------------
# keep-only: every member but toc.dat (its creation time) and restore.sql
# (pgscrub's own) holds the bytes pg_dump -Ft wrote, headers as pg_dump builds
# them; a pipe and a file give the same bytes; the custom run's script
"$PGSCRUB" -r "$TMP/keep.ini" --format tar -i "$A/dir/pg18-gzip" -o "$TMP/from-dir.tar"
assert to-tar-dir-exit test $? = 0
"$PGSCRUB" -r "$TMP/keep.ini" --format tar <"$A/pg18-gzip-pipe.dump" >"$TMP/from-custom.tar"
assert to-tar-custom-exit test $? = 0
ok=1
for f in $(members "$T/pg18.tar" | cut -d' ' -f1); do
	case $f in toc.dat|restore.sql) continue ;; esac
	cmp -s <(member "$T/pg18.tar" "$f") <(member "$TMP/from-dir.tar" "$f") || ok=0
	cmp -s <(member "$T/pg18.tar" "$f") <(member "$TMP/from-custom.tar" "$f") || ok=0
done
assert to-tar-same-members test "$ok" = 1
assert to-tar-same-names cmp -s <(members "$T/pg18.tar" | cut -d' ' -f1) \
	<(members "$TMP/from-dir.tar" | cut -d' ' -f1)
assert to-tar-toc-only-time test "$(cmp -l <(member "$T/pg18.tar" toc.dat) \
	<(member "$TMP/from-dir.tar" toc.dat) | wc -l)" -le 6
assert to-tar-header-fields bash -c "tar -tvf '$TMP/from-custom.tar' | grep -vc '^-rw------- postgres/postgres ' | grep -qx 0"
member "$TMP/from-dir.tar" restore.sql >"$TMP/restore-converted.sql"
compare to-tar-restore-sql "$TMP/restore-converted.sql"
"$PGSCRUB" -r "$TMP/keep.ini" --format tar -i "$A/pg18-gzip-pipe.dump" -o "$TMP/from-custom2.tar"
assert to-tar-file-pipe-same cmp -s "$TMP/from-custom.tar" "$TMP/from-custom2.tar"
"$PGSCRUB" -r "$TMP/keep.ini" -i "$TMP/from-custom.tar" -o "$TMP/again.tar"
assert to-tar-keep-again cmp -s "$TMP/from-custom.tar" "$TMP/again.tar"
if [ -x "$R18" ]; then
	"$PGSCRUB" -r "$RULES" --format tar -i "$A/pg18-gzip-file.dump" -o "$TMP/rw-conv.tar"
	assert to-tar-rewrite-same cmp -s <("$R18" -f - "$TMP/rw.dump" | grep -v 'restrict ' | cat -s) \
		<("$R18" -f - "$TMP/rw-conv.tar" | grep -v 'restrict ' | grep -v '^SELECT pg_catalog.lo_\(open\|close\)' | cat -s)
	"$PGSCRUB" -r "$TMP/subset.ini" --format tar -i "$A/dir/pg18-zstd" -o "$TMP/sub-conv.tar"
	assert to-tar-subset-same cmp -s <(rows "$R18" "$TMP/sub.dump") <(rows "$R18" "$TMP/sub-conv.tar")
fi
case_ to-tar-compress - --format tar --compress lz4 -r "$TMP/keep.ini" -i "$A/pg18-gzip-file.dump" -o "$TMP/x.tar"
case_ to-tar-plain - --format tar -r "$TMP/keep.ini" -i "$A/pg18-plain.sql" -o "$TMP/x.tar"
# -j sets the compression threads (issue 13): a tar's members are not
# compressed, and the output is the same for any -j.
rm -f "$TMP/j1.tar" "$TMP/j2.tar"
"$PGSCRUB" --format tar -j 1 -r "$TMP/keep.ini" -i "$A/dir/pg18-gzip" -o "$TMP/j1.tar" 2>/dev/null
assert to-tar-jobs-1 test $? = 0
"$PGSCRUB" --format tar -j 2 -r "$TMP/keep.ini" -i "$A/dir/pg18-gzip" -o "$TMP/j2.tar" 2>/dev/null
assert to-tar-jobs-2 test $? = 0
assert to-tar-jobs-same cmp -s "$TMP/j1.tar" "$TMP/j2.tar"
cut_ "$T/pg18.tar" 30000
case_ to-dir-truncated - -r "$TMP/keep.ini" --format directory -i "$TMP/cut.tar" -o "$TMP/cut.dir"
assert to-dir-truncated-no-output test ! -e "$TMP/cut.dir"
"$PGSCRUB" --compress none -r "$TMP/keep.ini" -i "$T/pg18.tar" -o "$TMP/none.tar"
assert compress-none-same cmp -s "$T/pg18.tar" "$TMP/none.tar"

# ---- check, init and plan ----------------------------------------------------
case_ check - check -r "$RULES" "$T/pg18.tar"
printf '[pgscrub]\nlarge_objects = keep\n[public.people]\nemail = email\n' >"$TMP/partial.ini"
case_ check-uncovered - check -r "$TMP/partial.ini" "$T/pg15.tar"
case_ run-uncovered - -r "$TMP/partial.ini" -i "$T/pg15.tar" -o "$TMP/x.tar"
"$PGSCRUB" init "$T/pg17.tar" >"$TMP/init-tar.ini"
"$PGSCRUB" init "$A/dir/pg17-none" >"$TMP/init-dir.ini"
assert init-same-as-directory cmp -s "$TMP/init-tar.ini" "$TMP/init-dir.ini"
"$PGSCRUB" init <"$T/pg17.tar" >"$TMP/init-pipe.ini"
assert init-pipe cmp -s "$TMP/init-tar.ini" "$TMP/init-pipe.ini"
case_ plan - plan -r "$RULES" "$T/pg18-statistics.tar"
case_ plan-pipe "$T/pg15.tar" plan -r "$TMP/drop.ini"

cli_finish
