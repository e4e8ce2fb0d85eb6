#!/usr/bin/env bash
# test_statistics_leak.sh — no original personal value survives in the
# statistics of a scrubbed archive, also where the rows are not in it.
#
# pg_dump 18 writes STATISTICS DATA (most common values, histogram bounds)
# with --statistics, and also with --no-data --statistics, --statistics-only
# and --exclude-table-data=public.people --statistics (the fixtures
# pg18-gzip-statistics*.dump).  Each goes through pgscrub with rules that
# scrub the personal columns of public.people (rules.ini, with unlisted =
# keep: a --statistics-only dump has no definitions, so its partitions and
# its materialized view have no section there); the script pg_restore 18
# makes of the output must hold none of the original e-mail addresses and
# phone numbers, taken from the database loaded from fixture.sql.  And with
# unlisted = error, a column with no rule stops the run (exit 3, naming it)
# where check reports it too.
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients
pg_start
fresh_db fixture
psql -X -q -v ON_ERROR_STOP=1 -d fixture -f "$FIXTURES/fixture.sql" >/dev/null \
	|| fail "loading fixture.sql failed"

T=$(tmp)
export PGSCRUB_KEY=e2e-statistics-leak-0123456789abcdef
psql_q fixture "SELECT email FROM public.people WHERE email IS NOT NULL
		UNION SELECT phone FROM public.people WHERE phone IS NOT NULL" \
	>"$T/originals" || fail "reading the original values failed"
check "the originals are many" test "$(wc -l <"$T/originals")" -gt 300
sed 's/^unlisted = error$/unlisted = keep/' "$PGSCRUB_SOURCE_DIR/rules.ini" >"$T/rules.ini"

# stats_of FILE: the pg_restore_attribute_stats calls of the script of FILE.
stats_of() {
	script_of "$1" 18 | awk '/pg_restore_attribute_stats\(/ { on = 1 } on { print } /^\);/ { on = 0 }'
}

for f in statistics statistics-no-data statistics-only statistics-exclude-data; do
	in=$ARCHIVES/pg18-gzip-$f.dump
	stats_of "$in" >"$T/$f.in.sql"
	check "$f: the input's statistics hold originals" grep -qFf "$T/originals" "$T/$f.in.sql"
	scrub -r "$T/rules.ini" -i "$in" -o "$T/$f.dump"
	check_eq "$f: run" 0 "$SCRUB_RC"
	[ "$SCRUB_RC" -eq 0 ] || { cat "$SCRUB_ERR" >&2; continue; }
	stats_of "$T/$f.dump" >"$T/$f.out.sql"
	check "$f: the output has statistics" grep -q "most_common_vals\|histogram_bounds" "$T/$f.out.sql"
	leaks=$(grep -oFf "$T/originals" "$T/$f.out.sql" | sort -u | head -n 5 | tr '\n' ' ')
	check_eq "$f: no original value in the statistics" "" "$leaks"
	"$PGSCRUB" check -r "$T/rules.ini" "$in" >"$T/$f.check" 2>&1
	check_eq "$f: check agrees" 0 "$?"
done

# unlisted = error: a stats-only archive and a column with no rule.
# (The relations a --statistics-only dump cannot tell from tables get
# sections of their own.)
{
	awk '!/^email = email/ { print } /^\[public.orders\]$/ { print "total = keep" }' \
		"$PGSCRUB_SOURCE_DIR/rules.ini"
	for t in measurements_2023 measurements_2024 measurements_other order_totals; do
		printf '[public.%s]\n* = keep\n' "$t"
	done
} >"$T/no-email2.ini"
scrub -r "$T/no-email2.ini" -i "$ARCHIVES/pg18-gzip-statistics-only.dump" -o "$T/x.dump"
check_eq "statistics-only, no rule for email: exit 3" 3 "$SCRUB_RC"
check "statistics-only, no rule for email: names it" \
	grep -q "^pgscrub: error: column public.people.email has no rule$" "$SCRUB_ERR"
check "statistics-only, no rule for email: no output" test ! -e "$T/x.dump"
"$PGSCRUB" check -r "$T/no-email2.ini" "$ARCHIVES/pg18-gzip-statistics-only.dump" >"$T/x.check" 2>&1
check_eq "statistics-only, no rule for email: check fails" 1 "$?"
check "statistics-only, no rule for email: check names it" \
	grep -q "no rule covers column public.people.email" "$T/x.check"
check "statistics-only, no rule for email: check names nothing else" \
	grep -q "1 problem in 1 table" "$T/x.check"
finish
