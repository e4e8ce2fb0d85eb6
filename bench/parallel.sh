#!/usr/bin/env bash
# bench/parallel.sh — -j: one table compressed on several cores (issue 13), against the
# single-thread zlib floor measured in the same run, and the per-stage figures of the
# scaling model in bench/README.md.
#
#   bench/parallel.sh [--size-mb N] [--keep]
#
# Needs the archive bench/run.sh generated and cached for the same size (run that
# first); builds pgscrub and zfloor as run.sh does.  Measures, on public.people:
#   - the zlib floor (zfloor: inflate + deflate of the same COPY text, one thread);
#   - the keyed rewrite (run.sh's (e)) with -j 1 and -j 2: wall time, CPU time
#     (user + sys), peak RSS; the two outputs must be the same bytes;
#   - the same rewrite with --compress none (-j 1): inflate + parse + anonymise and
#     the writing, without deflate (zstd and none are rewritten on the main thread);
#   - keep-only with -j 1 and -j 2 (the copy path: unchanged by -j);
#   - two zlib floors at once: what the machine's two cores give;
#   - ISA-L's igzip against zlib (bench/igzip.c), when libisal-dev is installed.
# From these, per core: inflate (zfloor), parse+anonymise (the none run's CPU minus
# inflate), deflate of the rewritten rows (zfloor on the -j 1 output),
# and the predicted throughput at 4, 8, 16 and 32 cores with the stage that limits it.
#
# Environment: PGSCRUB, BENCH_REPEAT (default 1), BENCH_CACHE, as run.sh.
# Prints a markdown report and writes it to bench/results.md (section "parallel").
set -euo pipefail

SIZE_MB=100
KEEP=0
while [ $# -gt 0 ]; do
	case $1 in
	--size-mb) [ $# -ge 2 ] || { echo "parallel.sh: --size-mb needs a number" >&2; exit 2; }
		SIZE_MB=$2; shift 2 ;;
	--size-mb=*) SIZE_MB=${1#*=}; shift ;;
	--keep) KEEP=1; shift ;;
	-h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "parallel.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
done
case $SIZE_MB in
''|*[!0-9]*|0) echo "parallel.sh: --size-mb takes a positive whole number of MB" >&2; exit 2 ;;
esac

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$BENCH_DIR/.." && pwd)
CACHE=${BENCH_CACHE:-$BENCH_DIR/.cache}
PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
REPEAT=${BENCH_REPEAT:-1}
RESULTS=$BENCH_DIR/results.md
mkdir -p "$CACHE/bin"
WORK=$(mktemp -d "$CACHE/parallel-${SIZE_MB}mb.XXXXXX")
PGDIR=

BENCH_NAME=parallel
. "$BENCH_DIR/lib.sh"
install_traps
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) not found"

ARCHIVE=$(ls "$CACHE"/people-"${SIZE_MB}"mb-*.dump 2>/dev/null | head -n 1 || true)
[ -n "$ARCHIVE" ] && [ -s "$ARCHIVE" ] ||
	die "no cached ${SIZE_MB} MB archive in $CACHE: run bench/run.sh --size-mb $SIZE_MB first"

build_pgscrub
SRC_REV=$(src_rev)
build_zfloor

export PGSCRUB_BENCH_KEY=5f1c0a7e93b24d68a1e07c3b9d52f48e6a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d
cat >"$WORK/keyed.ini" <<'INI'
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
INI
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n' >"$WORK/keep.ini"

# run NAME CMD...: $REPEAT runs; best wall time in W_<NAME>, its CPU (user + sys) in
# C_<NAME>, highest peak RSS (KiB) in R_<NAME>.
run() {
	local name=$1 i w c rss bw= bc= br=0
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
say "zfloor, public.people"
"$ZFLOOR" --repeat "$REPEAT" --table public.people "$ARCHIVE" >"$WORK/floor.txt" || die "zfloor failed"
FP_INF=$(zf inflate_s "$WORK/floor.txt"); FP_DEF=$(zf deflate_s "$WORK/floor.txt")
FP_S=$(zf floor_s "$WORK/floor.txt"); FP_MBPS=$(zf floor_mbps "$WORK/floor.txt")
FP_COMP=$(zf bytes_compressed "$WORK/floor.txt"); FP_RAW=$(zf bytes_raw "$WORK/floor.txt")
FP_RECOMP=$(zf bytes_recompressed "$WORK/floor.txt")
ARCHIVE_BYTES=$(stat -c %s "$ARCHIVE")
cat "$ARCHIVE" >/dev/null
# What two cores give here: two zfloors at once, each its own single-thread work.
# capacity = 2 x (one alone) / (two at once): 2.0 on two free, independent cores.
say "zfloor twice at once (what the machine's two cores give)"
"$ZFLOOR" --table public.people "$ARCHIVE" >"$WORK/twin1.txt" &
twin=$!
"$ZFLOOR" --table public.people "$ARCHIVE" >"$WORK/twin2.txt"
wait "$twin" || die "zfloor failed"
"$ZFLOOR" --table public.people "$ARCHIVE" >"$WORK/alone.txt"
ALONE=$(zf floor_s "$WORK/alone.txt")
TWIN=$(calc "a = $(zf floor_s "$WORK/twin1.txt"); b = $(zf floor_s "$WORK/twin2.txt");
	printf \"%.4f\", (a > b ? a : b)")
CAPACITY=$(calc "printf \"%.2f\", 2 * $ALONE / $TWIN")

say "keyed rewrite, -j 1 and -j 2"
run keyed1 "$PGSCRUB" -j 1 -r "$WORK/keyed.ini" -i "$ARCHIVE" -o "$WORK/keyed1.dump"
run keyed2 "$PGSCRUB" -j 2 -r "$WORK/keyed.ini" -i "$ARCHIVE" -o "$WORK/keyed2.dump"
cmp -s "$WORK/keyed1.dump" "$WORK/keyed2.dump" || die "-j 1 and -j 2 wrote different archives"
# The rewritten rows' own floor (one thread, no other thread beside it): their deflate.
"$ZFLOOR" --repeat "$REPEAT" --table public.people "$WORK/keyed1.dump" >"$WORK/floor-keyed.txt" ||
	die "zfloor on the keyed output failed"
FK_DEF=$(zf deflate_s "$WORK/floor-keyed.txt")
say "keyed rewrite without deflate (--compress none, -j 1)"
run keyednone "$PGSCRUB" -j 1 --compress none -r "$WORK/keyed.ini" -i "$ARCHIVE" -o "$WORK/keyednone.dump"
say "keep-only, -j 1 and -j 2"
run keep1 "$PGSCRUB" -j 1 -r "$WORK/keep.ini" -i "$ARCHIVE" -o "$WORK/keep1.dump"
run keep2 "$PGSCRUB" -j 2 -r "$WORK/keep.ini" -i "$ARCHIVE" -o "$WORK/keep2.dump"
# ISA-L's igzip against zlib on 100 MiB of people's COPY text (one thread), when
# libisal-dev is installed (Debian 12: apt-get install libisal-dev).
IGZIP_TABLE="not measured: libisal-dev (isa-l/igzip_lib.h) or pg_restore-17 not installed"
PG_RESTORE=${PG_VERSIONS_DIR:-/opt/pg-versions/bin}/pg_restore-17
if [ -f /usr/include/isa-l/igzip_lib.h ] && [ -x "$PG_RESTORE" ] &&
   gcc -O2 -o "$CACHE/bin/igzip" "$BENCH_DIR/igzip.c" -lisal -lz 2>"$WORK/igzip.build"; then
	say "igzip against zlib (100 MiB of people's COPY text)"
	"$PG_RESTORE" -a -t people -f - "$ARCHIVE" | head -c 104857600 >"$WORK/people.txt" || true
	"$CACHE/bin/igzip" "$WORK/people.txt" 100 >"$WORK/igzip.txt" || die "igzip failed"
	rm -f "$WORK/people.txt"
	IGZIP_TABLE=$(printf '| library | level | CPU s | MB/s | size / input |\n|---|---:|---:|---:|---:|\n'
		awk '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$WORK/igzip.txt")
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
OTHER_LINE=$(other_line)
OTHERS=$(ps -eo pid=,ni=,pcpu=,comm= --sort=-pcpu | awk -v me=$$ '$3 > 5 && $1 != me { printf "%s%s (%s%%, nice %s)", sep, $4, $3, $2; sep = ", " }' | head -c 400)

# The whole archive's rewrite is timed, but only people's block is worth anything: the
# other tables are copied (keep-only takes well under a second).  MB = people's
# compressed MB, as zfloor's.
MB=$(calc "printf \"%.4f\", $FP_COMP / 1e6")
f2() { calc "printf \"%.2f\", $1"; }
K1_MBPS=$(f2 "$MB / $W_keyed1"); K2_MBPS=$(f2 "$MB / $W_keyed2")
K1_RATIO=$(f2 "$K1_MBPS / $FP_MBPS"); K2_RATIO=$(f2 "$K2_MBPS / $FP_MBPS")
CPM1=$(calc "printf \"%.4f\", $C_keyed1 / $MB"); CPM2=$(calc "printf \"%.4f\", $C_keyed2 / $MB")
# Per-stage CPU seconds per MB (one core).
A=$(calc "printf \"%.5f\", $FP_INF / $MB")
P=$(calc "printf \"%.5f\", ($C_keyednone - $FP_INF) / $MB")
D=$(calc "printf \"%.5f\", $FK_DEF / $MB")
D1=$(calc "printf \"%.5f\", ($C_keyed1 - $C_keyednone) / $MB")
DZ=$(calc "printf \"%.5f\", $FP_DEF / $MB")
rate() { calc "printf \"%.1f\", 1 / $1"; }
# The floor's CPU per MB and what -j 2 needs for 1.8x it on 2 cores.
FLOOR_CPM=$(calc "printf \"%.5f\", $A + $DZ")
NEED=$(calc "printf \"%.2f\", ($A + $P + $D) / $FLOOR_CPM")
model() { # model N SERIAL: min(1/SERIAL, N/(A+P+D)) and the limit
	calc "s = $2; t = $A + $P + $D; x = 1 / s; y = $1 / t;
	      if (x < y) printf \"%.0f MB/s (the main thread: %s)\", x, \"$3\";
	      else printf \"%.0f MB/s (CPU: all cores busy)\", y"
}
ROWS=""
for n in 2 4 8 16 32; do
	ROWS+="| $n | $(model "$n" "$A + $P" "inflate + parse + anonymise") | $(model "$n" "$A" "inflate + cutting rows") |"$'\n'
done

report() {
	cat <<EOR
## -j: one table on several cores, ${SIZE_MB} MB archive — $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(machine_line). Tree $SRC_REV; $BUILD_NOTE; $("$PGSCRUB" --version | sed -n 2p).
Archive \`$(basename "$ARCHIVE")\` ($ARCHIVE_BYTES bytes); public.people: $FP_COMP compressed bytes, $FP_RAW bytes of COPY text.
Runs per measurement: $REPEAT (best wall time). MB = people's compressed MB (10^6 bytes).
Load average before: $LOAD_BEFORE; after: $LOAD_AFTER. Busy processes at the end: ${OTHERS:-none}.
$OTHER_LINE

| Measurement | Wall (s) | CPU (s) | MB/s | x floor | CPU s/MB | Peak RSS (MiB) |
|---|---:|---:|---:|---:|---:|---:|
| zlib floor, people: inflate $FP_INF s + deflate $FP_DEF s (one thread) | $FP_S | $FP_S | $FP_MBPS | 1.00 | $FLOOR_CPM | |
| keyed rewrite, -j 1 | $W_keyed1 | $C_keyed1 | $K1_MBPS | $K1_RATIO | $CPM1 | $(mib "$R_keyed1") |
| keyed rewrite, -j 2 (target >= 1.8x the floor, CPU/MB no worse than -j 1) | $W_keyed2 | $C_keyed2 | $K2_MBPS | $K2_RATIO | $CPM2 | $(mib "$R_keyed2") |
| keyed rewrite, --compress none, -j 1 | $W_keyednone | $C_keyednone | | | | $(mib "$R_keyednone") |
| keep-only, -j 1 | $W_keep1 | $C_keep1 | | | | $(mib "$R_keep1") |
| keep-only, -j 2 | $W_keep2 | $C_keep2 | | | | $(mib "$R_keep2") |

-j 1 and -j 2 wrote the same bytes ($(stat -c %s "$WORK/keyed1.dump") bytes; one deflate stream of
people's original rows: $FP_RECOMP bytes, from zfloor).

Per stage, one core (CPU seconds per MB, and MB/s):

| stage | s/MB | MB/s per core |
|---|---:|---:|
| inflate (zfloor) | $A | $(rate "$A") |
| parse + anonymise + write (keyed, none run minus inflate) | $P | $(rate "$P") |
| deflate of the rewritten rows, level 6 (zfloor on the -j 1 output: one thread alone) | $D | $(rate "$D") |
| the same, as the -j 1 run's CPU minus the none run's (two threads: inflated when they share a core) | $D1 | $(rate "$D1") |
| deflate of the original rows, one stream (zfloor) | $DZ | $(rate "$DZ") |

Keyed rewrite CPU / floor CPU: **${NEED}x**.  On 2 cores, 1.8x the floor needs the whole
rewrite to cost at most 2 / 1.8 = 1.11x the floor's CPU, *and* two cores that do twice the
work of one.  Here two zfloors at once took $TWIN s against $ALONE s alone: the two cores give
**${CAPACITY}x** one core's deflate throughput, so the best -j 2 can reach on this machine is
about ${CAPACITY} / ${NEED} = **$(f2 "$CAPACITY / $NEED")x** the floor.

ISA-L (igzip) against zlib, one thread, one zlib stream of 100 MiB of people's COPY text
(levels 1-3 are all igzip has; pg_dump's default is zlib's 6, where zlib stays):

$IGZIP_TABLE

Model: throughput(N cores) = min(1 / serial stage, N / (inflate + parse + deflate)).

| cores | rows rewritten on the main thread (filtered tables, case rules, zstd) | rows rewritten on the threads (the keyed rewrite here) |
|---:|---|---|
$ROWS
EOR
}
report >"$WORK/report.md"
echo
cat "$WORK/report.md"
results_update parallel "$SIZE_MB" "$WORK/report.md"
say "summary written to $RESULTS"
