#!/usr/bin/env bash
# bench/directory.sh — pgscrub on a directory archive (pg_dump -Fd) with -j 1 and -j 2,
# against the single-thread zlib floor of the same data (see bench/README.md).
#
#   bench/directory.sh [--size-mb N] [--keep]
#
#   --size-mb N   the data set of bench/run.sh --size-mb N (default 100), whose cached
#                 pg_dump 17 -Fc archive (bench/.cache/people-Nmb-*.dump) is turned once into
#                 a directory archive (cached beside it as people-Nmb-*.dir) by
#                 `pgscrub --format directory` with every table kept: one NNNN.dat.gz per
#                 table, gzip at the archive's level, as pg_dump -Fd writes them.  Run
#                 bench/run.sh --size-mb N first to make the archive.
#   --keep        keep the scratch directory (outputs, logs).
#
# Environment: PGSCRUB (a binary instead of building build-bench/pgscrub), BENCH_REPEAT
# (rounds: each run once per round, in turn; best kept; default 3), BENCH_CACHE (default
# bench/.cache), PG_VERSIONS_DIR (pg_restore-17; default /opt/pg-versions/bin).
#
# Runs, each with -j 1 and with -j 2:
#   keep      pgscrub -r keep.ini -i in.dir -o out.dir  (every file hard-linked)
#   rewrite   email, phone = null; first_name, notes = const (bench/run.sh's (c))
#   keyed     the keyed generators and json() of bench/run.sh's (e)
# against the zlib floor of public.people (bench/zfloor: inflate + deflate of the same
# COPY bytes at the same level, one thread), measured in the same run.
# Target (issue 12): rewrite with -j 2 at least 1.8x the floor.  The ratios are
# floor seconds / run seconds, both over the same people data.
# Verified: pg_restore-17 -l reads every output; the -j 1 and -j 2 outputs are the same
# files byte for byte; no e-mail address of people is left in the rewritten outputs.
# Writes its section of bench/results.md. Exit status: 0 ran and verified (targets met
# or not), 1 a failure.

set -euo pipefail

SIZE_MB=100
KEEP=0
while [ $# -gt 0 ]; do
	case $1 in
	--size-mb) [ $# -ge 2 ] || { echo "directory.sh: --size-mb needs a number" >&2; exit 2; }
		SIZE_MB=$2; shift 2 ;;
	--size-mb=*) SIZE_MB=${1#*=}; shift ;;
	--keep) KEEP=1; shift ;;
	-h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "directory.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
done
case $SIZE_MB in
''|*[!0-9]*|0) echo "directory.sh: --size-mb takes a positive whole number of MB" >&2; exit 2 ;;
esac

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$BENCH_DIR/.." && pwd)
CACHE=${BENCH_CACHE:-$BENCH_DIR/.cache}
PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
PGV=${PG_VERSIONS_DIR:-/opt/pg-versions/bin}
PG_RESTORE=$PGV/pg_restore-17
REPEAT=${BENCH_REPEAT:-3}
RESULTS=$BENCH_DIR/results.md
case $REPEAT in
''|*[!0-9]*|0) echo "directory.sh: BENCH_REPEAT takes a positive whole number" >&2; exit 2 ;;
esac

mkdir -p "$CACHE/bin"
WORK=$(mktemp -d "$CACHE/directory-${SIZE_MB}mb.XXXXXX")
PGDIR=

BENCH_NAME=directory
. "$BENCH_DIR/lib.sh"
install_traps

for t in "$PG_RESTORE" /usr/bin/time; do
	[ -x "$t" ] || die "$t not found"
done
command -v gcc >/dev/null || die "gcc not found"

ARCHIVE=$(ls "$CACHE"/people-"${SIZE_MB}"mb-*.dump 2>/dev/null | head -n 1 || true)
[ -n "$ARCHIVE" ] || die "no cached ${SIZE_MB} MB data set in $CACHE: run bench/run.sh --size-mb $SIZE_MB first (it makes it)"
build_pgscrub
REV=$(src_rev)
build_zfloor

printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n' >"$WORK/keep.ini"
cat >"$WORK/rewrite.ini" <<'EOF'
[pgscrub]
unlisted = keep
large_objects = keep

[public.people]
email = null
phone = null
first_name = const('Jane')
notes = const('redacted')
* = keep
EOF
export PGSCRUB_BENCH_KEY=5f1c0a7e93b24d68a1e07c3b9d52f48e6a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d
cat >"$WORK/keyed.ini" <<'EOF'
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

# The directory archive, made once: the custom archive's tables as gzip files.
DIR=${ARCHIVE%.dump}.dir
if [ ! -s "$DIR/toc.dat" ]; then
	say "making the directory archive $DIR (pgscrub --format directory, every table kept)"
	rm -rf "$DIR"
	"$PGSCRUB" -r "$WORK/keep.ini" --format directory -i "$ARCHIVE" -o "$DIR" ||
		die "converting $ARCHIVE to a directory archive failed"
fi
"$PG_RESTORE" -l "$DIR" >/dev/null || die "pg_restore-17 -l does not read $DIR"
DIR_BYTES=$(du -sb --apparent-size "$DIR" | cut -f1)
PEOPLE_FILE=$(ls -S "$DIR"/*.dat.gz | head -n 1)
PEOPLE_BYTES=$(stat -c %s "$PEOPLE_FILE")
say "directory archive: $DIR_BYTES bytes; largest file $(basename "$PEOPLE_FILE"), $PEOPLE_BYTES bytes"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "zfloor, public.people (best of $REPEAT)"
"$ZFLOOR" --repeat "$REPEAT" --table public.people "$ARCHIVE" >"$WORK/floor-people.txt" ||
	die "zfloor --table public.people failed"
FP_S=$(zf floor_s "$WORK/floor-people.txt")
FP_INF=$(zf inflate_s "$WORK/floor-people.txt"); FP_DEF=$(zf deflate_s "$WORK/floor-people.txt")
FP_COMP=$(zf bytes_compressed "$WORK/floor-people.txt")
cat "$PEOPLE_FILE" >/dev/null

# measure deletes $WORK/NAME.dump before each run: the outputs are directories here.
run_dir() { # run_dir NAME -jN RULES
	local name=$1 j=$2 rules=$3
	rm -rf "$WORK/$name.dir"
	measure "$name" "$PGSCRUB" "$j" -v -r "$rules" -i "$DIR" -o "$WORK/$name.dir"
}
best() {
	local s=${1}_S r=${1}_RSS
	if [ -z "${!s}" ] || calc "exit !($M_S < ${!s})"; then printf -v "$s" '%s' "$M_S"; fi
	if [ "${!r}" -lt "$M_RSS" ]; then printf -v "$r" '%s' "$M_RSS"; fi
}
K1_S= K2_S= R1_S= R2_S= E1_S= E2_S=
K1_RSS=0 K2_RSS=0 R1_RSS=0 R2_RSS=0 E1_RSS=0 E2_RSS=0
ROUNDS=$REPEAT
REPEAT=1
for ((round = 1; round <= ROUNDS; round++)); do
	say "round $round of $ROUNDS"
	run_dir keep1 -j1 "$WORK/keep.ini"; best K1
	run_dir keep2 -j2 "$WORK/keep.ini"; best K2
	run_dir rewrite1 -j1 "$WORK/rewrite.ini"; best R1
	run_dir rewrite2 -j2 "$WORK/rewrite.ini"; best R2
	run_dir keyed1 -j1 "$WORK/keyed.ini"; best E1
	run_dir keyed2 -j2 "$WORK/keyed.ini"; best E2
done
REPEAT=$ROUNDS
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

say "verifying"
for o in keep rewrite keyed; do
	for j in 1 2; do
		"$PG_RESTORE" -l "$WORK/$o$j.dir" >/dev/null || die "pg_restore-17 -l does not read the $o -j $j output"
	done
	diff -r "$WORK/${o}1.dir" "$WORK/${o}2.dir" >/dev/null ||
		die "$o: the -j 1 and -j 2 outputs differ"
done
diff -r "$DIR" "$WORK/keep1.dir" >/dev/null || die "keep: the output is not the input"
for o in rewrite1 keyed1; do
	if "$PG_RESTORE" -a -t people -f - "$WORK/$o.dir" | grep -qE '@example\.(com|org|net)'; then
		die "$o: an e-mail address of people is left"
	fi
done

ratio() { calc "printf \"%.2f\", $FP_S / $1"; }
mbs() { calc "printf \"%.1f\", $FP_COMP / 1e6 / $1"; }
f3() { calc "printf \"%.3f\", $1"; }
REPORT=$WORK/report.md
{
	printf '## Directory archive with -j, %s MB data set (bench/directory.sh)\n\n' "$SIZE_MB"
	printf 'Directory archive: %s bytes in %s files (bench/run.sh'"'"'s archive through `pgscrub --format directory`, every table kept); public.people: %s bytes in the custom archive. %s; %s; source %s; best of %s rounds; load average before %s, after %s.\n\n' \
		"$DIR_BYTES" "$(ls "$DIR" | wc -l)" "$FP_COMP" "$(machine_line)" "$BUILD_NOTE" "$REV" "$REPEAT" "$LOAD_BEFORE" "$LOAD_AFTER"
	printf 'MB/s are compressed MB of public.people per second. Ratio = floor seconds / run seconds.\n\n'
	printf '| run | seconds | MB/s | ratio to the floor | peak RSS (MiB) | target |\n'
	printf '| --- | ---: | ---: | ---: | ---: | --- |\n'
	printf '| zlib floor, public.people: inflate %s s + deflate %s s, one thread | %s | %s | 1.00 | | |\n' \
		"$(f3 "$FP_INF")" "$(f3 "$FP_DEF")" "$(f3 "$FP_S")" "$(mbs "$FP_S")"
	printf '| keep, -j 1 (files hard-linked) | %s | %s | %s | %s | |\n' "$K1_S" "$(mbs "$K1_S")" "$(ratio "$K1_S")" "$(mib "$K1_RSS")"
	printf '| keep, -j 2 | %s | %s | %s | %s | |\n' "$K2_S" "$(mbs "$K2_S")" "$(ratio "$K2_S")" "$(mib "$K2_RSS")"
	printf '| rewrite, -j 1 (email, phone null; 2 columns const) | %s | %s | %s | %s | |\n' "$R1_S" "$(mbs "$R1_S")" "$(ratio "$R1_S")" "$(mib "$R1_RSS")"
	printf '| rewrite, -j 2 | %s | %s | %s | %s | >= 1.8x: %s |\n' "$R2_S" "$(mbs "$R2_S")" "$(ratio "$R2_S")" "$(mib "$R2_RSS")" "$(verdict "$FP_S / $R2_S >= 1.8")"
	printf '| keyed, -j 1 (generators, digits, json) | %s | %s | %s | %s | |\n' "$E1_S" "$(mbs "$E1_S")" "$(ratio "$E1_S")" "$(mib "$E1_RSS")"
	printf '| keyed, -j 2 | %s | %s | %s | %s | >= 1.8x: %s |\n' "$E2_S" "$(mbs "$E2_S")" "$(ratio "$E2_S")" "$(mib "$E2_RSS")" "$(verdict "$FP_S / $E2_S >= 1.8")"
	printf '\nChecks: pg_restore-17 -l reads every output; -j 1 and -j 2 outputs identical file for file; keep output identical to the input; no e-mail address of people left after rewrite and keyed.\n'
} >"$REPORT"
cat "$REPORT"
results_update directory "$SIZE_MB" "$REPORT"
