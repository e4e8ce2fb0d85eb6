# tests/cli/clilib.bash — sourced by the CLI tests (tests/cli/test_*.sh).
#
# Before sourcing, set CLI_NAME (the summary line's name) and CLI_PREFIX (of
# the expected files: tests/cli/expected/PREFIXNAME.txt).
#
#   case_ NAME STDIN ARGS...   run pgscrub ARGS (STDIN a file, or - for
#                              /dev/null) and compare "exit N", its stderr and,
#                              after a "--- stdout" line, any stdout with the
#                              expected file
#   compare NAME FILE          compare FILE with the expected file
#   assert NAME COMMAND...     a plain check with no pinned output
#   cli_finish                 "NAME: N passed, N failed"; exit 0 or 1
#
# Paths of the source tree and of the temporary directory are written as
# $SRC and $TMP.  CLI_UPDATE=1 rewrites the expected files (review the diff
# before committing).
set -uo pipefail
: "${PGSCRUB:?PGSCRUB must name the pgscrub binary}"
SRC=${PGSCRUB_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# SANITIZER: the sanitizer $PGSCRUB was built with, or empty.  Under one,
# peak RSS means nothing (shadow memory) and ThreadSanitizer has a thread of
# its own.
case $(ldd "$PGSCRUB" 2>/dev/null) in
*libtsan*) SANITIZER=ThreadSanitizer ;;
*libasan*) SANITIZER=AddressSanitizer ;;
*) SANITIZER= ;;
esac
EXP=$SRC/tests/cli/expected
A=$SRC/fixtures/archives
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pgscrub-$CLI_NAME.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0

case_() {
	local name=$1 input=$2; shift 2
	local out=$TMP/$name.actual rc
	[ "$input" = - ] && input=/dev/null
	"$PGSCRUB" "$@" <"$input" >"$TMP/stdout" 2>"$TMP/stderr"
	rc=$?
	{
		echo "exit $rc"
		cat "$TMP/stderr"
		if [ -s "$TMP/stdout" ]; then echo "--- stdout"; cat "$TMP/stdout"; fi
	} | sed -e "s|$TMP|\$TMP|g" -e "s|$SRC|\$SRC|g" >"$out"
	compare "$name" "$out"
}

compare() {
	local name=$CLI_PREFIX$1 out=$2
	if [ "${CLI_UPDATE:-}" = 1 ]; then cp "$out" "$EXP/$name.txt"; fi
	if [ -f "$EXP/$name.txt" ] && cmp -s "$EXP/$name.txt" "$out"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $name" >&2
		diff -u "$EXP/$name.txt" "$out" >&2 || true
	fi
}

assert() {
	local name=$1; shift
	if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name" >&2; fi
}

cli_finish() {
	echo "$CLI_NAME: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}
