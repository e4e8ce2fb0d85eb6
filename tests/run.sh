#!/usr/bin/env bash
# tests/run.sh — the README's test command: every unit, fuzz-replay, CLI and
# end-to-end test, first in a normal build, then again in an ASan+UBSan
# build.  A skipped test is a failure: an end-to-end test that could not run
# proved nothing.
#
# Usage: tests/run.sh [--no-asan] [ctest args...]
# Installs what is missing first (.ci/install-deps: Debian packages, and
# pg_dump/pg_restore/psql 17 and 18 in /opt/pg-versions/bin via .ci/pg-versions.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
asan=1
if [ "${1:-}" = "--no-asan" ]; then asan=0; shift; fi
jobs=$(nproc 2>/dev/null || echo 2)

# Install whatever is missing (a no-op when everything is there).
bash .ci/install-deps

# Sanitizer reports get exit codes of their own, so that no test can take
# one for pgscrub's ordinary exit status 1.
export ASAN_OPTIONS="exitcode=86:detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="halt_on_error=1:exitcode=87:print_stacktrace=1"

run_suite() {
  local dir=$1; shift
  local log="$dir/ctest.log"
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" >/dev/null
  local rc=0
  (cd "$dir" && ctest --output-on-failure -j "$jobs" ${CTEST_ARGS:-}) 2>&1 | tee "$log" || rc=$?
  if grep -q "tests did not run" "$log" || grep -Eq '\*\*\*Skipped|Not Run' "$log"; then
    echo "tests/run.sh: a test was skipped in $dir: that is a failure" >&2
    rc=1
  fi
  return $rc
}

status=0
# The README's install command builds Release (-O3): it must stay free of
# warnings too, which -O3 finds more of.
echo "== Release build (build-release/)"
if ! { cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null &&
       cmake --build build-release -j "$jobs" --target pgscrub >/dev/null; }; then
  echo "tests/run.sh: the Release build failed" >&2
  status=1
fi
echo "== normal build (build/)"
run_suite build || status=1
if [ $asan = 1 ]; then
  echo "== ASan + UBSan build (build-asan/)"
  run_suite build-asan -DPGSCRUB_SANITIZE=ON || status=1
fi
if [ $status = 0 ]; then echo "tests/run.sh: all suites passed"; else echo "tests/run.sh: FAILED" >&2; fi
exit $status
