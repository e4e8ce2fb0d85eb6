#!/usr/bin/env bash
# tests/cli/test_init_golden.sh — pgscrub init's suggestions on a schema with
# every miss and false positive of issue 9 (fixtures/pii-schema.sql, dumped
# by pg_dump 15 with its rows to fixtures/pii.dump), pinned in
# tests/cli/expected/init-*.txt: sampled, unsampled, and from a pipe.
#
# Where init prefers an anonymiser that this build lacks (card_number, mac,
# hstore(...)), it writes the next candidate that fits, or a REVIEW line;
# once they are in, `CLI_UPDATE=1 ctest -R cli.test_init_golden` rewrites
# the expected files: review that only those lines changed.
CLI_NAME=cli-init-golden CLI_PREFIX=init-
. "$(dirname "$0")/clilib.bash"

PII=$SRC/fixtures/pii.dump

case_ pii - init "$PII"
case_ pii-no-sample - init --no-sample "$PII"
# INSERT data (pg_dump --inserts) is not sampled, and init says so.
"$PGSCRUB" init "$A/pg17-gzip-inserts.dump" 2>&1 | sed -n "1,/^\[pgscrub\]/p" >"$TMP/inserts-header"
compare inserts-header "$TMP/inserts-header"

# From a pipe: the same rules as from the file.
"$PGSCRUB" init "$PII" >"$TMP/file.ini" 2>&1
cat "$PII" | "$PGSCRUB" init - >"$TMP/pipe.ini" 2>&1
assert pipe-same cmp -s "$TMP/file.ini" "$TMP/pipe.ini"

# The header says that rows were read; --no-sample reads none.
assert says-sampled grep -q '^; sampled the first 1000 rows of each table' "$TMP/file.ini"
"$PGSCRUB" init --no-sample "$PII" >"$TMP/nosample.ini" 2>&1
assert no-sample-silent bash -c "! grep -q '^; sampled' '$TMP/nosample.ini'"

# No sampled value is ever printed: only verdicts.
leaks=0
for v in 'ann@example.com' 'bob@example.com' '4111' '4012888888881881' \
	 '378282246310005' '7946' '192.0.2.1' '2001:db8' 'Ann Smith' \
	 'Bob Jones' 'Category ' 'London' 'chess' '08:00:2b' 'High St'; do
	if grep -qF -- "$v" "$TMP/file.ini"; then
		echo "  init printed a sampled value: $v" >&2
		leaks=1
	fi
done
assert no-values-printed test "$leaks" = 0

# pgscrub check passes on what init wrote.
assert check-passes "$PGSCRUB" check -r "$TMP/file.ini" "$PII"
assert check-passes-no-sample "$PGSCRUB" check -r "$TMP/nosample.ini" "$PII"

# A schema-only archive has no rows: no sample line, output as before.
"$PGSCRUB" init "$A/pg17-gzip-schema-only.dump" >"$TMP/s.ini" 2>&1
"$PGSCRUB" init --no-sample "$A/pg17-gzip-schema-only.dump" >"$TMP/s2.ini" 2>&1
assert schema-only-unsampled cmp -s "$TMP/s.ini" "$TMP/s2.ini"

cli_finish
