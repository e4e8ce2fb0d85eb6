#!/usr/bin/env bash
# tests/cli/test_outputs.sh — what -o, --report and init -o write to, and
# what a failed or killed run leaves behind.
#   - a FIFO read by another process and a character device are written
#     directly (never replaced by a regular file); a symbolic link is
#     followed and the file it names replaced, the link kept; /dev/stdout is
#     standard output; a directory, a block device and a socket are refused;
#   - the output is never the input, by any name (same path, ./path, a
#     symbolic link, a hard link);
#   - a replaced file keeps its mode and group;
#   - a report path that cannot be written fails before any data is read and
#     leaves no archive;
#   - every signal whose default action ends the process removes the
#     temporary files and the run dies of it.
# Needs root (mknod, chgrp).
CLI_NAME=outputs
CLI_PREFIX=outputs-
. "$(dirname "$0")/clilib.bash"

IN=$A/pg17-gzip-file.dump
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n' >"$TMP/keep.ini"
K=$TMP/keep.ini
# The reference bytes: a file input written to a pipe (no data offsets).
"$PGSCRUB" -r "$K" -i "$IN" 2>/dev/null | cat >"$TMP/stream.dump"
"$PGSCRUB" -r "$K" -i "$IN" -o "$TMP/file.dump" 2>/dev/null
only() { [ "$(ls -A "$1")" = "$2" ]; }   # the directory holds exactly $2

# ---- a FIFO read by another process --------------------------------------------
mkdir "$TMP/f" && mkfifo "$TMP/f/fifo"
cat "$TMP/f/fifo" >"$TMP/from-fifo.dump" &
reader=$!
"$PGSCRUB" -r "$K" -i "$IN" -o "$TMP/f/fifo" 2>"$TMP/err"
assert "fifo: exit 0" test $? = 0
wait "$reader"
assert "fifo: the reader gets the whole archive" cmp -s "$TMP/from-fifo.dump" "$TMP/stream.dump"
assert "fifo: still a FIFO, nothing beside it" sh -c "[ -p '$TMP/f/fifo' ] && [ \"\$(ls -A '$TMP/f')\" = fifo ]"
# the report into a FIFO too
cat "$TMP/f/fifo" >"$TMP/report-from-fifo.json" &
reader=$!
"$PGSCRUB" -r "$K" -i "$IN" -o "$TMP/r1.dump" --report "$TMP/f/fifo" 2>/dev/null
assert "fifo: --report into a FIFO, exit 0" test $? = 0
wait "$reader"
assert "fifo: the report's reader gets valid JSON" \
	python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$TMP/report-from-fifo.json"

# ---- a character device (a scratch /dev/null) ------------------------------------
mkdir "$TMP/d" && mknod "$TMP/d/null" c 1 3
"$PGSCRUB" -r "$K" -i "$IN" -o "$TMP/d/null" 2>/dev/null
assert "chardev: exit 0" test $? = 0
assert "chardev: still a character device, nothing beside it" \
	sh -c "[ -c '$TMP/d/null' ] && [ \"\$(ls -A '$TMP/d')\" = null ]"
"$PGSCRUB" -r "$K" -i "$IN" -o /dev/null 2>/dev/null
assert "chardev: /dev/null stays a character device" test -c /dev/null

# ---- /dev/stdout is standard output ---------------------------------------------
"$PGSCRUB" -r "$K" -i "$IN" -o /dev/stdout 2>/dev/null | cat >"$TMP/devstdout.dump"
assert "/dev/stdout into a pipe: the streamed bytes" cmp -s "$TMP/devstdout.dump" "$TMP/stream.dump"
"$PGSCRUB" -r "$K" -i "$IN" -o /dev/stdout >"$TMP/devstdout-file.dump" 2>/dev/null
assert "/dev/stdout into a file: what -o FILE writes" cmp -s "$TMP/devstdout-file.dump" "$TMP/file.dump"

# A terminal named as the output is refused like standard output on one
# (script(1) gives pgscrub a pseudo-terminal).
if command -v script >/dev/null; then
	script -qec "'$PGSCRUB' -r '$K' -i '$IN' -o /dev/tty; echo rc=\$?" /dev/null \
		</dev/null >"$TMP/tty.out" 2>&1
	assert "terminal: -o /dev/tty is refused" grep -q 'refusing to write an archive to a terminal' "$TMP/tty.out"
	assert "terminal: exit 2" grep -q 'rc=2' "$TMP/tty.out"
else
	assert "terminal: script(1) is installed (bsdutils)" false
fi

# ---- a symbolic link: the file it names is replaced, the link stays --------------
mkdir "$TMP/l" && echo old >"$TMP/l/real.dump" && chmod 600 "$TMP/l/real.dump"
chgrp daemon "$TMP/l/real.dump"
ln -s real.dump "$TMP/l/link.dump"
"$PGSCRUB" -r "$K" -i "$IN" -o "$TMP/l/link.dump" 2>/dev/null
assert "symlink: exit 0" test $? = 0
assert "symlink: the link is still a link" test -L "$TMP/l/link.dump"
assert "symlink: the file it names holds the archive" cmp -s "$TMP/l/real.dump" "$TMP/file.dump"
assert "symlink: the replaced file keeps mode 0600" test "$(stat -c %a "$TMP/l/real.dump")" = 600
assert "symlink: the replaced file keeps its group" test "$(stat -c %G "$TMP/l/real.dump")" = daemon
assert "symlink: nothing else in the directory" only "$TMP/l" "$(printf 'link.dump\nreal.dump')"
ln -s gone.dump "$TMP/l/dangling.dump"
"$PGSCRUB" -r "$K" -i "$IN" -o "$TMP/l/dangling.dump" 2>/dev/null
assert "symlink: a dangling link makes the file it names" \
	sh -c "[ -L '$TMP/l/dangling.dump' ] && cmp -s '$TMP/l/gone.dump' '$TMP/file.dump'"
echo '[public.x]' >"$TMP/l/rules-real.ini"
ln -s rules-real.ini "$TMP/l/rules-link.ini"
"$PGSCRUB" init -o "$TMP/l/rules-link.ini" "$IN" 2>/dev/null
assert "symlink: init -o writes through the link" \
	sh -c "[ -L '$TMP/l/rules-link.ini' ] && grep -q '^\[public\.' '$TMP/l/rules-real.ini'"
touch "$TMP/l/new.dump" && chmod 640 "$TMP/l/new.dump"
"$PGSCRUB" -r "$K" -i "$IN" -o "$TMP/l/new.dump" 2>/dev/null
assert "mode: a replaced 0640 file stays 0640" test "$(stat -c %a "$TMP/l/new.dump")" = 640

# ---- refused: a directory, a block device, a socket --------------------------------
mkdir "$TMP/x" && mknod "$TMP/x/blk" b 7 250
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$TMP/x/sock"
case_ out-directory - -r "$K" -i "$IN" -o "$TMP/x"
case_ out-block-device - -r "$K" -i "$IN" -o "$TMP/x/blk"
case_ out-socket - -r "$K" -i "$IN" -o "$TMP/x/sock"
case_ report-block-device - -r "$K" -i "$IN" -o "$TMP/x/a.dump" --report "$TMP/x/blk"
assert "refused: nothing new beside them" only "$TMP/x" "$(printf 'blk\nsock')"

# ---- never the input, by any name ---------------------------------------------------
mkdir "$TMP/i" && cp "$IN" "$TMP/i/in.dump"
ln -s in.dump "$TMP/i/alias.dump" && ln "$TMP/i/in.dump" "$TMP/i/hard.dump"
before=$(md5sum <"$TMP/i/in.dump")
(cd "$TMP/i" && case_ input-dot-slash - -r "$K" -i in.dump -o ./in.dump)
case_ input-symlink - -r "$K" -i "$TMP/i/in.dump" -o "$TMP/i/alias.dump"
case_ input-hard-link - -r "$K" -i "$TMP/i/in.dump" -o "$TMP/i/hard.dump"
case_ report-is-input - -r "$K" -i "$TMP/i/in.dump" -o "$TMP/i/out.dump" --report "$TMP/i/alias.dump"
case_ report-is-output - -r "$K" -i "$TMP/i/in.dump" -o "$TMP/i/out.dump" --report "$TMP/i/out.dump"
case_ report-and-archive-on-stdout - -r "$K" -i "$TMP/i/in.dump" --report -
assert "input: untouched" test "$(md5sum <"$TMP/i/in.dump")" = "$before"
assert "input: nothing new beside it" only "$TMP/i" "$(printf 'alias.dump\nhard.dump\nin.dump')"

# ---- a report path that cannot be written: fails first, leaves no archive ----------
mkdir "$TMP/r"
case_ report-missing-directory - -r "$K" -i "$IN" -o "$TMP/r/out.dump" --report "$TMP/r/no/such/r.json"
assert "report: no archive left" only "$TMP/r" ""
# A rules error is reported into the report, and leaves no archive either.
printf '[pgscrub]\nunlisted = nonsense\n' >"$TMP/bad.ini"
"$PGSCRUB" -r "$TMP/bad.ini" -i "$IN" -o "$TMP/r/out.dump" --report "$TMP/r/r.json" 2>/dev/null
assert "report: a rules error exits 2" test $? = 2
assert "report: ... and leaves the report, not the archive" only "$TMP/r" r.json
assert "report: which names the error" grep -q '"error"' "$TMP/r/r.json"
# An input that cannot be opened is reported too, replacing the last report
# (a cron job reads it), and no archive appears.
echo '{"yesterday": true}' >"$TMP/r/last.json"
"$PGSCRUB" -r "$K" -i "$TMP/r/none.dump" -o "$TMP/r/o2.dump" --report "$TMP/r/last.json" 2>/dev/null
assert "report: a missing input exits 1" test $? = 1
assert "report: ... and is in the report" grep -q '"error":"cannot open' "$TMP/r/last.json"
assert "report: ... with no archive" test ! -e "$TMP/r/o2.dump"
# --report - : the report on standard output when the archive goes to a file
"$PGSCRUB" -r "$K" -i "$IN" -o "$TMP/r/o.dump" --report - 2>/dev/null >"$TMP/r-stdout.json"
assert "report: --report - writes JSON to standard output" \
	python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$TMP/r-stdout.json"

# ---- killed by any terminating signal: nothing stays behind -------------------------
# The input stalls after the TOC, so the temporary files exist when the
# signal comes.
for sig in QUIT USR1 USR2 ALRM XFSZ XCPU VTALRM PROF TERM HUP INT; do
	d=$TMP/k-$sig
	mkdir "$d"
	mkfifo "$d/feed"
	{ head -c 20000 "$A/pg18-none-pipe.dump"; sleep 30; } >"$d/feed" &
	feeder=$!
	( exec "$PGSCRUB" -r "$K" -i "$d/feed" -o "$d/out.dump" --report "$d/r.json" 2>/dev/null ) &
	kpid=$!
	for _ in $(seq 100); do
		[ "$(ls -A "$d" | grep -c pgscrub-)" = 2 ] && break
		sleep 0.05
	done
	assert "SIG$sig: both temporary files were there" test "$(ls -A "$d" | grep -c pgscrub-)" = 2
	kill -s "$sig" "$kpid"
	wait "$kpid"
	st=$?
	assert "SIG$sig: dies of the signal" test "$st" = $((128 + $(kill -l "$sig")))
	assert "SIG$sig: leaves nothing" only "$d" feed
	pkill -P "$feeder" 2>/dev/null
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
done
cli_finish
