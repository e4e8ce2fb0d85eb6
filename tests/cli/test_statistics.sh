#!/usr/bin/env bash
# tests/cli/test_statistics.sh — statistics of tables whose rows are not in
# the archive (issue 8).
#
# pg_dump 18 writes STATISTICS DATA also with --no-data --statistics,
# --statistics-only and --exclude-table-data=T --statistics.  Their values
# are scrubbed by the column's rule whether or not the rows are there; a
# column with no rule is uncovered, for the run and for check alike.  And a
# multiple-inheritance lattice 32 tables deep (tests/cli/lattice.py) is
# planned in well under a second.  Expected files: statistics-NAME.txt.
CLI_NAME=statistics CLI_PREFIX='statistics-'
. "$(dirname "$0")/clilib.bash"
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
export PGSCRUB_KEY=0123456789abcdef0123456789abcdef

# A few of the original values (fixture.sql): e-mail addresses and dates of
# birth that are in every statistics archive's histograms.  STATISTICS DATA
# is TOC text, never compressed: a leak shows in the archive's bytes.
originals='user1\.6ec435c2@example\.com|user107\.eefa5147@example\.com|1950-06-15|2004-07-20'
sed 's/^unlisted = error$/unlisted = keep/' "$SRC/rules.ini" >"$TMP/keep-rest.ini"

for f in no-data only exclude-data; do
	in=$A/pg18-gzip-statistics-$f.dump
	assert "$f-originals-in-input" grep -Eaq "$originals" "$in"
	"$PGSCRUB" -r "$TMP/keep-rest.ini" -i "$in" -o "$TMP/$f.dump" 2>"$TMP/$f.err"
	assert "$f-run" [ $? -eq 0 ]
	assert "$f-no-originals" bash -c "! grep -Eaq '$originals' '$TMP/$f.dump'"
	"$PGSCRUB" check -r "$TMP/keep-rest.ini" "$in" >"$TMP/$f.check" 2>&1
	assert "$f-check-ok" [ $? -eq 0 ]
done

# Every rule of rules.ini is about a table with data; a --statistics-only
# dump has no definitions, so its partitions, its materialized view and the
# generated column orders.total are tables and columns of their own: the run
# stops on them (exit 3), and check names the same.
case_ only-uncovered-run - -r "$SRC/rules.ini" \
	-i "$A/pg18-gzip-statistics-only.dump" -o "$TMP/out.dump"
assert only-uncovered-no-output [ ! -e "$TMP/out.dump" ]
case_ only-uncovered-check - check -r "$SRC/rules.ini" \
	"$A/pg18-gzip-statistics-only.dump"
# --exclude-table-data=public.people with no rule for people.email: the
# rows are not there, the values in the statistics are.
grep -v '^email = email' "$SRC/rules.ini" >"$TMP/no-email.ini"
case_ exclude-data-uncovered-run - -r "$TMP/no-email.ini" \
	-i "$A/pg18-gzip-statistics-exclude-data.dump" -o "$TMP/out.dump"
case_ exclude-data-uncovered-check - check -r "$TMP/no-email.ini" \
	"$A/pg18-gzip-statistics-exclude-data.dump"

# The lattice: run and check each well under a second of CPU.
python3 "$SRC/tests/cli/lattice.py" "$TMP/lattice.dump" 32
printf '[pgscrub]\nunlisted = error\n[public.other]\nc = null\n[public.t0_0]\nc = null\n' \
	>"$TMP/lattice.ini"
printf '[pgscrub]\nunlisted = error\n[public.other]\nc = null\n' >"$TMP/lattice-uncovered.ini"
timed() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys
rc = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%d %.3f" % (rc, ru.ru_utime + ru.ru_stime))
PY
}
read -r rc cpu < <(timed "$PGSCRUB" -r "$TMP/lattice.ini" -i "$TMP/lattice.dump" \
	-o "$TMP/lattice.out.dump")
assert lattice-run [ "$rc" -eq 0 ]
assert "lattice-run-fast ($cpu s)" awk -v t="$cpu" 'BEGIN { exit !(t < 0.5) }'
assert lattice-scrubbed bash -c "! grep -aq secret '$TMP/lattice.out.dump'"
read -r rc cpu < <(timed "$PGSCRUB" check -r "$TMP/lattice.ini" "$TMP/lattice.dump")
assert lattice-check [ "$rc" -eq 0 ]
assert "lattice-check-fast ($cpu s)" awk -v t="$cpu" 'BEGIN { exit !(t < 0.5) }'
case_ lattice-uncovered-run - -r "$TMP/lattice-uncovered.ini" \
	-i "$TMP/lattice.dump" -o "$TMP/out.dump"
case_ lattice-uncovered-check - check -r "$TMP/lattice-uncovered.ini" \
	"$TMP/lattice.dump"

# A partitioned table's statistics alone (pg_dump -t measurements
# --statistics leaves its partitions' entries out): its own rule scrubs them.
python3 "$SRC/tests/cli/stats_subset.py" "$A/pg18-gzip-statistics-no-data.dump" \
	"$TMP/parent-stats.dump" measurements
printf '[pgscrub]\nunlisted = keep\n\n[public.measurements]\nnote = null\n' \
	>"$TMP/parent-note.ini"
assert parent-stats-fixture-has-the-values bash -c \
	"grep -aq 'station 0209d0' <(/opt/pg-versions/bin/pg_restore-18 -f - '$TMP/parent-stats.dump')"
"$PGSCRUB" -r "$TMP/parent-note.ini" -i "$TMP/parent-stats.dump" -o "$TMP/parent-out.dump" 2>/dev/null
assert parent-stats-run [ $? -eq 0 ]
assert parent-stats-note-scrubbed bash -c \
	"! grep -aq 'station 0209d0' <(/opt/pg-versions/bin/pg_restore-18 -f - '$TMP/parent-out.dump')"
cli_finish