#!/usr/bin/env bash
# bench/tables.sh — -j across tables (issue 13): a custom archive whose rows are in
# several tables, rewritten with -j 1 and -j 2, where doing whole tables at once is what
# uses the second core: zstd and uncompressed output (a table's rows are rewritten on
# one thread there) and gzip output (rows on the pool's threads already).
#
#   bench/tables.sh [--size-mb N] [--tables N] [--keep]
#
# Needs the archive bench/run.sh generated and cached for the same size (run that
# first).  bench/tables.py splits its public.people rows into N tables (default 4:
# people, people_2, ...; the same rows and bytes, each table deflated again at level 6,
# offsets "not set"), cached beside it.  Each run is timed (wall, CPU = user + sys, peak
# RSS); every -j 2 output must be -j 1's bytes.  "-j 2, pipe" reads the archive from a
# pipe: one table at a time, as before this change (the in-table threads only).
#
# Environment: PGSCRUB, BENCH_REPEAT (default 1), BENCH_CACHE, as run.sh.
# Prints a markdown report and writes it to bench/results.md (section "tables").
set -euo pipefail

SIZE_MB=100
NTABLES=4
KEEP=0
while [ $# -gt 0 ]; do
	case $1 in
	--size-mb) [ $# -ge 2 ] || { echo "tables.sh: --size-mb needs a number" >&2; exit 2; }
		SIZE_MB=$2; shift 2 ;;
	--size-mb=*) SIZE_MB=${1#*=}; shift ;;
	--tables) [ $# -ge 2 ] || { echo "tables.sh: --tables needs a number" >&2; exit 2; }
		NTABLES=$2; shift 2 ;;
	--tables=*) NTABLES=${1#*=}; shift ;;
	--keep) KEEP=1; shift ;;
	-h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "tables.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
done
case $SIZE_MB in
''|*[!0-9]*|0) echo "tables.sh: --size-mb takes a positive whole number of MB" >&2; exit 2 ;;
esac
case $NTABLES in
''|*[!0-9]*|0|1) echo "tables.sh: --tables takes a whole number from 2" >&2; exit 2 ;;
esac

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$BENCH_DIR/.." && pwd)
CACHE=${BENCH_CACHE:-$BENCH_DIR/.cache}
PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
REPEAT=${BENCH_REPEAT:-1}
RESULTS=$BENCH_DIR/results.md
mkdir -p "$CACHE/bin"
WORK=$(mktemp -d "$CACHE/tables-${SIZE_MB}mb.XXXXXX")
PGDIR=

BENCH_NAME=tables
. "$BENCH_DIR/lib.sh"
install_traps
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) not found"

ARCHIVE=$(ls "$CACHE"/people-"${SIZE_MB}"mb-*.dump 2>/dev/null | grep -v '\.tables' | head -n 1 || true)
[ -n "$ARCHIVE" ] && [ -s "$ARCHIVE" ] ||
	die "no cached ${SIZE_MB} MB archive in $CACHE: run bench/run.sh --size-mb $SIZE_MB first"
MULTI=${ARCHIVE%.dump}.tables$NTABLES.dump
if [ ! -s "$MULTI" ] || [ "$MULTI" -ot "$ARCHIVE" ] || [ "$MULTI" -ot "$BENCH_DIR/tables.py" ]; then
	say "splitting people into $NTABLES tables (bench/tables.py, cached)"
	python3 "$BENCH_DIR/tables.py" "$ARCHIVE" "$MULTI.tmp" "$NTABLES" || die "tables.py failed"
	mv "$MULTI.tmp" "$MULTI"
fi

build_pgscrub
SRC_REV=$(src_rev)

export PGSCRUB_BENCH_KEY=5f1c0a7e93b24d68a1e07c3b9d52f48e6a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d
{
	printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\nsecret_env = PGSCRUB_BENCH_KEY\n'
	for ((k = 1; k <= NTABLES; k++)); do
		t=people
		[ "$k" = 1 ] || t=people_$k
		printf '\n[public.%s]\nemail = email\nfirst_name = first_name\nlast_name = last_name\n' "$t"
		printf 'phone = digits\nprofile = json(city=scramble, tags=mask(keep_first=1))\nnotes = keep\n* = keep\n'
	done
} >"$WORK/keyed.ini"

# run NAME CMD...: as parallel.sh's: best wall in W_<NAME>, its CPU in C_<NAME>, peak
# RSS (KiB) in R_<NAME>.
run() {
	local name=$1 i w u s c rss bw= bc= br=0
	shift
	for ((i = 1; i <= REPEAT; i++)); do
		rm -f "$WORK/$name.dump"
		/usr/bin/time -f '%e %U %S %M' -o "$WORK/$name.time" "$@" 2>"$WORK/$name.err" ||
			{ cat "$WORK/$name.err" >&2; die "$name failed: $*"; }
		read -r w u s rss <<<"$(tail -n 1 "$WORK/$name.time")"
		c=$(calc "printf \"%.2f\", $u + $s")
		say "  $name run $i: $w s wall, $c s CPU, peak RSS $rss KiB"
		if [ -z "$bw" ] || calc "exit !($w < $bw)"; then bw=$w; bc=$c; fi
		[ "$rss" -le "$br" ] || br=$rss
	done
	printf -v "W_$name" '%s' "$bw"
	printf -v "C_$name" '%s' "$bc"
	printf -v "R_$name" '%s' "$br"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
other_start
cat "$MULTI" >/dev/null
ROWS=""
for c in zstd none gzip; do
	say "keyed rewrite, --compress $c: -j 1, -j 2, -j 2 from a pipe"
	run "${c}1" "$PGSCRUB" -j 1 --compress "$c" -r "$WORK/keyed.ini" -i "$MULTI" -o "$WORK/${c}1.dump"
	run "${c}2" "$PGSCRUB" -j 2 --compress "$c" -r "$WORK/keyed.ini" -i "$MULTI" -o "$WORK/${c}2.dump"
	run "${c}p" sh -c "cat \"\$1\" | \"\$2\" -j 2 --compress $c -r \"\$3\" >\"\$4\"" sh \
		"$MULTI" "$PGSCRUB" "$WORK/keyed.ini" "$WORK/${c}p.dump"
	cmp -s "$WORK/${c}1.dump" "$WORK/${c}2.dump" || die "-j 1 and -j 2 wrote different archives ($c)"
	w1=W_${c}1 w2=W_${c}2 wp=W_${c}p c1=C_${c}1 c2=C_${c}2 cp=C_${c}p r1=R_${c}1 r2=R_${c}2 rp=R_${c}p
	ROWS+="| $c | ${!w1} s / ${!c1} s / $(mib "${!r1}") MiB | ${!wp} s / ${!cp} s / $(mib "${!rp}") MiB"
	ROWS+=" | ${!w2} s / ${!c2} s / $(mib "${!r2}") MiB | **$(calc "printf \"%.2f\", ${!w1} / ${!w2}")x**"
	ROWS+=" | $(calc "printf \"%.2f\", ${!wp} / ${!w2}")x |"$'\n'
	rm -f "$WORK/${c}"[12p].dump
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
OTHER_LINE=$(other_line)
OTHERS=$(ps -eo pid=,ni=,pcpu=,comm= --sort=-pcpu | awk -v me=$$ '$3 > 5 && $1 != me { printf "%s%s (%s%%, nice %s)", sep, $4, $3, $2; sep = ", " }' | head -c 400)

report() {
	cat <<EOR
## -j across tables, ${SIZE_MB} MB archive in $NTABLES tables — $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(machine_line). Tree $SRC_REV; $BUILD_NOTE; $("$PGSCRUB" --version | sed -n 2p).
Archive \`$(basename "$MULTI")\` ($(stat -c %s "$MULTI") bytes): run.sh's people rows in $NTABLES tables
(bench/tables.py), every row through the keyed anonymisers. Runs per measurement: $REPEAT (best wall time).
Load average before: $LOAD_BEFORE; after: $LOAD_AFTER. Busy processes at the end: ${OTHERS:-none}.
$OTHER_LINE

Each cell: wall / CPU (user + sys) / peak RSS. "-j 2, pipe": the archive read from a pipe,
so one table at a time (the threads inside a table only, as before across tables).

| output | -j 1 | -j 2, pipe | -j 2, file (tables at once) | -j 2 / -j 1 | -j 2 file / pipe |
|---|---|---|---|---:|---:|
$ROWS
Every -j 2 output was -j 1's bytes.
EOR
}
report >"$WORK/report.md"
echo
cat "$WORK/report.md"
results_update tables "$SIZE_MB" "$WORK/report.md"
say "summary written to $RESULTS"
