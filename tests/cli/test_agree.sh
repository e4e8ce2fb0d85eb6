#!/usr/bin/env bash
# tests/cli/test_agree.sh — check and the run agree, table by table.
#
# For every fixture archive, rules files made from `pgscrub init` (full
# coverage; everything kept; a truncate of a partitioned table instead of
# its section; a rule missing; a rule for a column nobody has; a rule of
# their own, keep, for the columns that follow a foreign key) are given to
# `pgscrub check --format json` and to a run with --report, and the two
# answers are compared (tests/cli/agree.py says how).  Both read one
# resolver (plan.c), so a difference is a bug in one of them.
CLI_NAME=cli-agree CLI_PREFIX=agree-
. "$(dirname "$0")/clilib.bash"
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
export PGSCRUB_KEY=0123456789abcdef0123456789abcdef

for dump in "$A"/*.dump; do
	f=$(basename "$dump" .dump)
	mkdir -p "$TMP/$f"
	"$PGSCRUB" init "$dump" >"$TMP/$f/init.ini" 2>"$TMP/$f/init.err" || {
		failed=$((failed + 1)); echo "FAIL: $f: init" >&2; cat "$TMP/$f/init.err" >&2
		continue
	}
	python3 "$SRC/tests/cli/agree.py" variants "$TMP/$f/init.ini" "$TMP/$f"
	for v in full keep truncate uncovered stale fkbreak; do
		"$PGSCRUB" check -r "$TMP/$f/$v.ini" --format json "$dump" \
			>"$TMP/$f/$v.check.json" 2>"$TMP/$f/$v.check.err"
		crc=$?
		"$PGSCRUB" -r "$TMP/$f/$v.ini" -i "$dump" -o "$TMP/$f/$v.out.dump" \
			--report "$TMP/$f/$v.report.json" 2>"$TMP/$f/$v.run.err"
		rrc=$?
		assert "$f-$v" python3 "$SRC/tests/cli/agree.py" compare "$f/$v" \
			"$TMP/$f/$v.check.json" "$crc" "$TMP/$f/$v.report.json" "$rrc"
		rm -f "$TMP/$f/$v.out.dump"
	done
done

# Data-only dumps with their types from a schema-only dump (--schema): init,
# check and the run read the same adopted schema.
for v in 15 18; do
	f=pg$v-gzip-data-only-schema
	dump=$A/pg$v-gzip-data-only.dump sch=$A/pg$v-gzip-schema-only.dump
	mkdir -p "$TMP/$f"
	"$PGSCRUB" init "$dump" --schema "$sch" >"$TMP/$f/init.ini" 2>"$TMP/$f/init.err" || {
		failed=$((failed + 1)); echo "FAIL: $f: init" >&2; cat "$TMP/$f/init.err" >&2
		continue
	}
	python3 "$SRC/tests/cli/agree.py" variants "$TMP/$f/init.ini" "$TMP/$f"
	for v2 in full keep truncate uncovered stale fkbreak; do
		"$PGSCRUB" check -r "$TMP/$f/$v2.ini" --format json "$dump" --schema "$sch" \
			>"$TMP/$f/$v2.check.json" 2>"$TMP/$f/$v2.check.err"
		crc=$?
		"$PGSCRUB" -r "$TMP/$f/$v2.ini" -i "$dump" --schema "$sch" -o "$TMP/$f/$v2.out.dump" \
			--report "$TMP/$f/$v2.report.json" 2>"$TMP/$f/$v2.run.err"
		rrc=$?
		assert "$f-$v2" python3 "$SRC/tests/cli/agree.py" compare "$f/$v2" \
			"$TMP/$f/$v2.check.json" "$crc" "$TMP/$f/$v2.report.json" "$rrc"
		rm -f "$TMP/$f/$v2.out.dump"
	done
done
cli_finish
