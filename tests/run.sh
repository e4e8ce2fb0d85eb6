#!/usr/bin/env bash
# tests/run.sh — the README's test command: every unit, fuzz-replay, CLI and
# end-to-end test, first in a normal build, then again in an ASan+UBSan
# build, then the tests of the threaded paths (-j) under ThreadSanitizer.
# A skipped test is a failure: an end-to-end test that could not run
# proved nothing.
#
# Usage: tests/run.sh [--no-asan] [ctest args...]
#   --no-asan skips both sanitizer passes (ASan+UBSan and TSan).
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
# A TSan report ends the process with 88, and is also written to a log
# file of its own (a test that only checks "it failed" would miss the exit
# status): any such file fails the pass.
tsan_log_dir=$(pwd)/build-tsan/tsan-reports
export TSAN_OPTIONS="halt_on_error=1:exitcode=88:second_deadlock_stack=1:log_path=$tsan_log_dir/report"

run_suite() {
  local dir=$1; shift
  local log="$dir/ctest.log"
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" ${BUILD_TARGETS:+--target $BUILD_TARGETS} >/dev/null
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
  # The tests that run pgscrub's threads: the compression pool (-j inside a
  # table), input readers of their own (tables at once), and every -j
  # path of the CLI (custom, directory, tar, plain; failures injected).
  echo "== TSan build (build-tsan/): the tests of -j's threads"
  rm -rf "$tsan_log_dir"; mkdir -p "$tsan_log_dir"
  BUILD_TARGETS="pgscrub test_compress_pool test_io" \
  CTEST_ARGS="-R ^(unit\.test_compress_pool|unit\.test_io|cli\.test_jobs|cli\.test_jobs_tables|cli\.test_directory|cli\.test_tar)\$ ${CTEST_ARGS:-}" \
    run_suite build-tsan -DPGSCRUB_TSAN=ON || status=1
  if [ -n "$(ls -A "$tsan_log_dir")" ]; then
    echo "tests/run.sh: ThreadSanitizer reported (build-tsan/tsan-reports):" >&2
    cat "$tsan_log_dir"/* >&2
    status=1
  fi
fi
if [ $status = 0 ]; then echo "tests/run.sh: all suites passed"; else echo "tests/run.sh: FAILED" >&2; fi
exit $status
