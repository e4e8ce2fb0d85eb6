#!/usr/bin/env bash
# tests/cli/test_golden_bytes.sh — pgscrub's output bytes are pinned.
#
# Every fixture archive (fixtures/archives/*.dump) goes through pgscrub -v
# with three rule sets:
#   keep     unlisted = keep, large_objects = keep (nothing to rewrite: blocks
#            are copied byte for byte)
#   rewrite  fixtures/golden-rewrite.ini (null, const, mask, json,
#            regex_replace, a truncated table, large objects dropped; no key)
#   keyed    the example rules.ini with a fixed test key (secret_env)
# and three ways of feeding it:
#   file     -i ARCHIVE -o OUT (seekable input, temporary file renamed)
#   pipe     cat ARCHIVE | pgscrub > OUT (unseekable input, seekable output)
#   stream   cat ARCHIVE | pgscrub | cat > OUT (no seeking at all)
# plus a few --compress runs.  For each case the exit status, the size and
# SHA-256 of the output ("none" when no output file was left) and the SHA-256
# of stderr (paths written as $SRC and $TMP) must match
# tests/cli/expected/golden-bytes.txt.  Refused runs (INSERT-style archives
# with rewriting rules, SJIS with mask, lz4 into a 1.14 archive) are pinned
# the same way: their exit status and message.
#
# The expected file was made by the code before the reshape of issue 7 (at
# cd7cd93); a reshape must not change a byte.  Issue 13 (-j, compression
# on every core) changed the lz4 outputs on purpose: one frame of
# independent blocks (its header says so) instead of linked ones; the gzip
# and zstd outputs of these small tables stayed the same (one block of
# 256 KiB is one deflate stream; zstd's workers take small input whole).  Recompressed data depends on
# the zlib, lz4 and zstd versions: the expected file names those it was made
# with, and the test says so when they differ.  CLI_UPDATE=1 rewrites it
# (only when output is meant to change; review the diff before committing).
CLI_NAME=golden-bytes CLI_PREFIX=golden-
. "$(dirname "$0")/clilib.bash"

GOLDEN=$EXP/golden-bytes.txt
# A test key only; real keys come from `openssl rand -hex 32`.
export PGSCRUB_KEY=golden-bytes-test-key-0123456789abcdef
started=$(date +%s%N)
libs=$("$PGSCRUB" --version | sed -n 2p)

printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n' >"$TMP/keep.ini"
declare -A RULES=(
	[keep]=$TMP/keep.ini
	[rewrite]=$SRC/fixtures/golden-rewrite.ini
	[keyed]=$SRC/rules.ini
)

mkdir "$TMP/out" "$TMP/err"
names=()
declare -A rcs

# run NAME MODE RULESET ARCHIVE [PGSCRUB-OPTIONS...]: the output goes to
# $TMP/out/NAME, stderr to $TMP/err/NAME, the exit status to rcs[NAME];
# everything is hashed at the end, in one go (a few processes per case keep
# the 286 cases at a few seconds).
run() {
	local name=$1 mode=$2 rules=${RULES[$3]} in=$4 out=$TMP/out/$1 rc
	shift 4
	case $mode in
	file)
		"$PGSCRUB" -v -r "$rules" "$@" -i "$in" -o "$out" </dev/null 2>"$TMP/err/$name"
		rc=$? ;;
	pipe)
		cat "$in" | "$PGSCRUB" -v -r "$rules" "$@" >"$out" 2>"$TMP/err/$name"
		rc=${PIPESTATUS[1]} ;;
	stream)
		cat "$in" | "$PGSCRUB" -v -r "$rules" "$@" 2>"$TMP/err/$name" | cat >"$out"
		rc=${PIPESTATUS[1]} ;;
	esac
	rcs[$name]=$rc
	names+=("$name")
}

for archive in "$A"/*.dump; do
	a=$(basename "$archive" .dump)
	for rules in keep rewrite keyed; do
		for mode in file pipe stream; do
			run "$a.$rules.$mode" "$mode" "$rules" "$archive"
		done
	done
done

# Recompression: every method and a few levels, keep-only and rewritten.
for a in pg18-gzip-file pg17-none-pipe; do
	for c in none gzip gzip:1 gzip:9 lz4 lz4:12 zstd zstd:1 zstd:19; do
		run "$a.keep.file.compress-$c" file keep "$A/$a.dump" --compress "$c"
	done
	for c in gzip lz4 zstd; do
		run "$a.rewrite.file.compress-$c" file rewrite "$A/$a.dump" --compress "$c"
		run "$a.keyed.stream.compress-$c" stream keyed "$A/$a.dump" --compress "$c"
	done
done
run pg15-gzip-file.keep.file.compress-none file keep "$A/pg15-gzip-file.dump" --compress none
run pg15-gzip-file.keep.file.compress-gzip:9 file keep "$A/pg15-gzip-file.dump" --compress gzip:9
run pg15-gzip-file.keep.file.compress-lz4 file keep "$A/pg15-gzip-file.dump" --compress lz4
run pg15-none-pipe.rewrite.stream.compress-gzip stream rewrite "$A/pg15-none-pipe.dump" --compress gzip
# Data-only dumps with their types from a schema-only dump (issue 9).
for v in 15 18; do
	for rules in rewrite keyed; do
		run "pg$v-gzip-data-only.$rules.file.schema" file "$rules" \
			"$A/pg$v-gzip-data-only.dump" --schema "$A/pg$v-gzip-schema-only.dump"
	done
done

# Hash every output and every stderr (paths written as $SRC and $TMP).
sed -i -e "s|$TMP|\$TMP|g" -e "s|$SRC|\$SRC|g" "$TMP"/err/*
declare -A out_sha err_sha out_size
while read -r h f; do out_sha[$f]=$h; done < <(cd "$TMP/out" && sha256sum -- *)
while read -r h f; do err_sha[$f]=$h; done < <(cd "$TMP/err" && sha256sum -- *)
while read -r sz f; do out_size[$f]=$sz; done < <(cd "$TMP/out" && stat -c '%s %n' -- *)
for name in "${names[@]}"; do
	echo "$name exit=${rcs[$name]} bytes=${out_size[$name]:-0}" \
	     "out=${out_sha[$name]:-none} err=${err_sha[$name]}"
done >"$TMP/actual"

if [ "${CLI_UPDATE:-}" = 1 ]; then
	{
		echo "# pgscrub output pinned by tests/cli/test_golden_bytes.sh (see there):"
		echo "# CASE exit=STATUS bytes=OUTPUT-SIZE out=SHA256-OF-OUTPUT|none err=SHA256-OF-STDERR"
		echo "# libraries: $libs"
		cat "$TMP/actual"
	} >"$GOLDEN"
fi

# Compressed bytes depend on the compression libraries' versions: say so
# when they are not the ones the expected file was made with.
made_with=$(sed -n 's/^# libraries: //p' "$GOLDEN")
if [ "$made_with" != "$libs" ]; then
	echo "NOTE: $GOLDEN was made with $made_with; this pgscrub has $libs:" \
	     "recompressed outputs may differ for that reason alone" >&2
fi

# Compare case by case, so that a failure names the case.
declare -A want
while read -r name rest; do
	case $name in '#'* | '') continue ;; esac
	want[$name]=$rest
done <"$GOLDEN"
declare -A seen
while read -r name rest; do
	seen[$name]=1
	if [ "${want[$name]:-}" = "$rest" ]; then
		passed=$((passed + 1))
		continue
	fi
	failed=$((failed + 1))
	echo "FAIL: $CLI_PREFIX$name" >&2
	echo "  expected: ${want[$name]:-(no such case in $GOLDEN)}" >&2
	echo "  actual:   $rest" >&2
	sed 's/^/  stderr: /' "$TMP/err/$name" >&2
done <"$TMP/actual"
for name in "${!want[@]}"; do
	if [ -z "${seen[$name]:-}" ]; then
		failed=$((failed + 1))
		echo "FAIL: $CLI_PREFIX$name: in $GOLDEN but not run" >&2
	fi
done

echo "$CLI_NAME: $(wc -l <"$TMP/actual") cases in $((($(date +%s%N) - started) / 1000000)) ms"
cli_finish
