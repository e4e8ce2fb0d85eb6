#!/usr/bin/env bash
# bench/seeds.sh — pgscrub against the seeds' way (restore into a scratch database, UPDATE
# the personal columns, pg_dump again) on the same archive, measured in the same run; see
# bench/README.md.
#
#   bench/seeds.sh [--data people|subset] [--size-mb N] [--keep]
#
#   --data people  bench/run.sh's data set (default; --size-mb default 100): the dominant
#                  people table, rewritten with run.sh's keyed rules (e): email, first_name,
#                  last_name from the generators, phone = digits, profile = json(city=scramble,
#                  tags=mask(keep_first=1)).
#   --data subset  bench/subset.sh's data set (--size-mb default 1000): customers (email =
#                  email, name = full_name) beside orders and order_items, which are kept.
#   --keep         keep the scratch directory and the PostgreSQL data directory.
#
# The archive must be cached already (bench/run.sh or bench/subset.sh --generate-only
# makes it).  Environment: PGSCRUB (a binary instead of building build-bench/pgscrub),
# BENCH_REPEAT (runs of each way, best kept; default 1: the seeds' way of 1 GB takes a
# quarter of an hour), BENCH_JOBS (pgscrub's -j; default: the online cores), BENCH_CACHE,
# PG_BINDIR, PG_VERSIONS_DIR.
#
# The seeds' way: createdb; pg_restore-17 -j 2 -d; one UPDATE of the same columns with SQL
# (md5-based values: cheaper than pgscrub's keyed generators, which favours the seeds' way);
# pg_dump-17 -Fc with its default compression.  pgscrub: pgscrub -j N -r RULES -i ARCHIVE -o
# OUT.  Target (issue 13): pgscrub at least 10x faster.  Verified: pg_restore-17 -l reads
# both outputs; neither holds an e-mail address of the input.
# Writes its section of bench/results.md. Exit status: 0 ran and verified (target met or
# not), 1 a failure.

set -euo pipefail

DATA=people
SIZE_MB=
KEEP=0
while [ $# -gt 0 ]; do
	case $1 in
	--data) [ $# -ge 2 ] || { echo "seeds.sh: --data needs people or subset" >&2; exit 2; }
		DATA=$2; shift 2 ;;
	--data=*) DATA=${1#*=}; shift ;;
	--size-mb) [ $# -ge 2 ] || { echo "seeds.sh: --size-mb needs a number" >&2; exit 2; }
		SIZE_MB=$2; shift 2 ;;
	--size-mb=*) SIZE_MB=${1#*=}; shift ;;
	--keep) KEEP=1; shift ;;
	-h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "seeds.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
done
case $DATA in
people) SIZE_MB=${SIZE_MB:-100} ;;
subset) SIZE_MB=${SIZE_MB:-1000} ;;
*) echo "seeds.sh: --data is people or subset, not '$DATA'" >&2; exit 2 ;;
esac
case $SIZE_MB in
''|*[!0-9]*|0) echo "seeds.sh: --size-mb takes a positive whole number of MB" >&2; exit 2 ;;
esac

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$BENCH_DIR/.." && pwd)
CACHE=${BENCH_CACHE:-$BENCH_DIR/.cache}
PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
PGV=${PG_VERSIONS_DIR:-/opt/pg-versions/bin}
PG_DUMP=$PGV/pg_dump-17
PG_RESTORE=$PGV/pg_restore-17
REPEAT=${BENCH_REPEAT:-1}
JOBS=${BENCH_JOBS:-$(nproc)}
RESULTS=$BENCH_DIR/results.md
case $REPEAT in
''|*[!0-9]*|0) echo "seeds.sh: BENCH_REPEAT takes a positive whole number" >&2; exit 2 ;;
esac

mkdir -p "$CACHE/bin"
WORK=$(mktemp -d "$CACHE/seeds-$DATA-${SIZE_MB}mb.XXXXXX")
PGDIR=

BENCH_NAME=seeds
. "$BENCH_DIR/lib.sh"
install_traps

for t in "$PG_DUMP" "$PG_RESTORE" /usr/bin/time; do
	[ -x "$t" ] || die "$t not found"
done

ARCHIVE=$(ls "$CACHE/$DATA-${SIZE_MB}mb-"*.dump 2>/dev/null | head -n 1 || true)
[ -n "$ARCHIVE" ] || die "no cached $DATA data set of $SIZE_MB MB in $CACHE: run bench/$([ "$DATA" = people ] && echo run.sh || echo 'subset.sh --generate-only') --size-mb $SIZE_MB first"
ARCHIVE_BYTES=$(stat -c %s "$ARCHIVE")
build_pgscrub
REV=$(src_rev)

export PGSCRUB_BENCH_KEY=5f1c0a7e93b24d68a1e07c3b9d52f48e6a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d
if [ "$DATA" = people ]; then
	cat >"$WORK/rules.ini" <<'EOF'
[pgscrub]
unlisted = keep
large_objects = keep
secret_env = PGSCRUB_BENCH_KEY

[public.people]
email = email
first_name = first_name
last_name = last_name
phone = digits
profile = json(city=scramble, tags=mask(keep_first=1))
notes = keep
* = keep
EOF
	UPDATE_SQL="UPDATE people SET
  email = 'u' || substr(md5(email), 1, 12) || '@example.com',
  first_name = initcap(substr(md5(first_name), 1, 6)),
  last_name = initcap(substr(md5(last_name), 1, 8)),
  phone = translate(phone, '0123456789', '3870215946'),
  profile = jsonb_set(jsonb_set(profile, '{city}', to_jsonb(substr(md5(profile->>'city'), 1, 8))),
                      '{tags}', (SELECT coalesce(jsonb_agg(left(t, 1) || repeat('*', length(t) - 1)), '[]')
                                 FROM jsonb_array_elements_text(profile->'tags') AS t))"
	WHAT="public.people: email, first_name, last_name, phone, profile"
else
	cat >"$WORK/rules.ini" <<'EOF'
[pgscrub]
unlisted = keep
large_objects = keep
secret_env = PGSCRUB_BENCH_KEY

[public.customers]
email = email
name = full_name
* = keep
EOF
	# email is UNIQUE: the seeds' way keeps it so with the id.
	UPDATE_SQL="UPDATE customers SET
  email = 'c' || id || '@example.com',
  name = initcap(substr(md5(name), 1, 6)) || ' ' || initcap(substr(md5(name || 'x'), 1, 8))"
	WHAT="public.customers: email, name (orders and order_items kept)"
fi

now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
cat "$ARCHIVE" >/dev/null
say "pgscrub -j $JOBS (best of $REPEAT)"
measure pgscrub "$PGSCRUB" -j "$JOBS" -v -r "$WORK/rules.ini" -i "$ARCHIVE" -o "$WORK/pgscrub.dump"
P_S=$M_S P_RSS=$M_RSS

pg_start
S_S= S_RESTORE= S_UPDATE= S_DUMP=
for ((i = 1; i <= REPEAT; i++)); do
	psql_run postgres "DROP DATABASE IF EXISTS seeds" >/dev/null
	rm -f "$WORK/seeds.dump"
	t0=$(now_ns)
	psql_run postgres "CREATE DATABASE seeds" >/dev/null
	restore_parallel seeds "$ARCHIVE" || die "pg_restore-17 -j 2 -d seeds failed"
	t1=$(now_ns)
	psql -X -q -v ON_ERROR_STOP=1 -d seeds -c "$UPDATE_SQL" >/dev/null || die "the UPDATE failed"
	t2=$(now_ns)
	"$PG_DUMP" -Fc -f "$WORK/seeds.dump" -d seeds || die "pg_dump-17 failed"
	t3=$(now_ns)
	s=$(secs "$t0" "$t3")
	say "  seeds run $i: $s s (restore $(secs "$t0" "$t1"), update $(secs "$t1" "$t2"), dump $(secs "$t2" "$t3"))"
	if [ -z "$S_S" ] || calc "exit !($s < $S_S)"; then
		S_S=$s S_RESTORE=$(secs "$t0" "$t1") S_UPDATE=$(secs "$t1" "$t2") S_DUMP=$(secs "$t2" "$t3")
	fi
done
psql_run postgres "DROP DATABASE seeds" >/dev/null
pg_stop
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

say "verifying"
email_re='@example\.(com|org|net)'
for o in pgscrub seeds; do
	"$PG_RESTORE" -l "$WORK/$o.dump" >/dev/null || die "pg_restore-17 -l does not read the $o output"
done
# The input's addresses (a sample of them) are in neither output.
TABLE=${WHAT%%:*}; TABLE=${TABLE#public.}
# (head ends the pipe early: its SIGPIPE is expected.)
{ "$PG_RESTORE" -a -t "$TABLE" -f - "$ARCHIVE" | grep -oE "[a-z.0-9]+$email_re" |
	head -n 2000 | sort -u >"$WORK/in-emails"; } || true
[ -s "$WORK/in-emails" ] || die "no e-mail address found in the input's $TABLE"
for o in pgscrub seeds; do
	if "$PG_RESTORE" -a -t "$TABLE" -f - "$WORK/$o.dump" | grep -qFf "$WORK/in-emails"; then
		die "$o: an input e-mail address is left in $TABLE"
	fi
done

RATIO=$(calc "printf \"%.1f\", $S_S / $P_S")
REPORT=$WORK/report.md
{
	printf '## pgscrub against the seeds'"'"' way, %s data set of %s MB (bench/seeds.sh)\n\n' "$DATA" "$SIZE_MB"
	printf 'Archive `%s`, %s bytes (pg_dump 17 -Fc, gzip); rewritten: %s. %s; %s; source %s; best of %s; load average before %s, after %s.\n\n' \
		"$(basename "$ARCHIVE")" "$ARCHIVE_BYTES" "$WHAT" "$(machine_line)" "$BUILD_NOTE" "$REV" "$REPEAT" "$LOAD_BEFORE" "$LOAD_AFTER"
	printf '| way | seconds | of which | peak RSS (MiB) |\n| --- | ---: | --- | ---: |\n'
	printf '| pgscrub -j %s -r rules.ini -i ARCHIVE -o OUT (keyed anonymisers) | %s | one pass | %s |\n' "$JOBS" "$P_S" "$(mib "$P_RSS")"
	printf '| seeds'"'"' way: restore (pg_restore -j 2), UPDATE, pg_dump -Fc | %s | restore %s s, UPDATE %s s, dump %s s | (server) |\n' \
		"$S_S" "$S_RESTORE" "$S_UPDATE" "$S_DUMP"
	printf '\npgscrub is **%sx** faster (target: at least 10x): %s.\n' "$RATIO" "$(verdict "$S_S >= 10 * $P_S")"
	printf '\nChecks: pg_restore-17 -l reads both outputs; none of 2000 input e-mail addresses of %s is in either.\n' "$TABLE"
} >"$REPORT"
cat "$REPORT"
results_update "seeds-$DATA" "$SIZE_MB" "$REPORT"
