#!/usr/bin/env bash
# bench/plain.sh — pgscrub on a gzip-compressed plain SQL script (pg_dump -Fp | gzip)
# against `zcat | gzip` of the same script, on one core (see bench/README.md).
#
#   bench/plain.sh [--size-mb N] [--keep]
#
#   --size-mb N   the data set of bench/run.sh --size-mb N (default 100), whose cached
#                 pg_dump 17 -Fc archive (bench/.cache/people-Nmb-*.dump) is turned into a
#                 plain script with pg_restore -f (the same script pg_dump -Fp writes) and
#                 gzip; run bench/run.sh --size-mb N first to make it.
#   --keep        keep the scratch directory (outputs, logs).
#
# Environment: PGSCRUB (a binary instead of building build-bench/pgscrub), BENCH_REPEAT
# (rounds: each run once per round, in turn; best kept; default 3), BENCH_CACHE (default bench/.cache),
# PG_VERSIONS_DIR (pg_restore-17; default /opt/pg-versions/bin).
#
# Every command runs under taskset -c 0 (one core, as the target says):
#   floor     zcat script.sql.gz | gzip          the same bytes decompressed and recompressed
#   keep      pgscrub -r keep.ini -i script.sql.gz -o out.sql.gz   (unlisted = keep: the
#             output is the input file, copied once the script has been read)
#   recompress  the same with --compress gzip:6: every byte decoded and re-encoded
#   rewrite   pgscrub -r rewrite.ini -i ...       five columns of people masked or nulled
#   pipe      zcat script.sql.gz | pgscrub -r rewrite.ini | gzip   (the README's recipe:
#             the script read from a pipe is spooled to $TMPDIR first)
# Target: recompress and rewrite within 10% of the floor's time.  Verified: keep's output
# is the input file, recompress's decompresses to the script; no e-mail address of people is left in rewrite's or pipe's.
# Writes its section of bench/results.md. Exit status: 0 ran and verified (targets met or
# not), 1 a failure.

set -euo pipefail

SIZE_MB=100
KEEP=0
while [ $# -gt 0 ]; do
	case $1 in
	--size-mb) [ $# -ge 2 ] || { echo "plain.sh: --size-mb needs a number" >&2; exit 2; }
		SIZE_MB=$2; shift 2 ;;
	--size-mb=*) SIZE_MB=${1#*=}; shift ;;
	--keep) KEEP=1; shift ;;
	-h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "plain.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
done
case $SIZE_MB in
''|*[!0-9]*|0) echo "plain.sh: --size-mb takes a positive whole number of MB" >&2; exit 2 ;;
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
''|*[!0-9]*|0) echo "plain.sh: BENCH_REPEAT takes a positive whole number" >&2; exit 2 ;;
esac

mkdir -p "$CACHE/bin"
WORK=$(mktemp -d "$CACHE/plain-${SIZE_MB}mb.XXXXXX")
PGDIR=

BENCH_NAME=plain
. "$BENCH_DIR/lib.sh"
install_traps

for t in "$PG_RESTORE" /usr/bin/time; do
	[ -x "$t" ] || die "$t not found"
done
for t in taskset gzip zcat; do
	command -v "$t" >/dev/null || die "$t not found"
done

ARCHIVE=$(ls "$CACHE"/people-"${SIZE_MB}"mb-*.dump 2>/dev/null | head -n 1 || true)
[ -n "$ARCHIVE" ] || die "no cached ${SIZE_MB} MB data set in $CACHE: run bench/run.sh --size-mb $SIZE_MB first (it makes it)"
SCRIPT=${ARCHIVE%.dump}.sql.gz
if [ ! -s "$SCRIPT" ]; then
	say "making the plain script $SCRIPT (pg_restore -f | gzip)"
	"$PG_RESTORE" -f - "$ARCHIVE" | gzip >"$SCRIPT.tmp" || die "pg_restore -f of $ARCHIVE failed"
	mv "$SCRIPT.tmp" "$SCRIPT"
fi
build_pgscrub
REV=$(src_rev)
SCRIPT_BYTES=$(zcat "$SCRIPT" | wc -c)
GZ_BYTES=$(stat -c %s "$SCRIPT")
say "script: $GZ_BYTES bytes gzip, $SCRIPT_BYTES bytes of SQL"

printf '[pgscrub]\nunlisted = keep\n' >"$WORK/keep.ini"
cat >"$WORK/rewrite.ini" <<'EOF'
[pgscrub]
unlisted = keep

[public.people]
first_name = mask(keep_first=1)
last_name = mask(keep_first=1)
email = null
phone = mask(keep_last=2)
notes = null
EOF


# The runs take turns (floor, keep, recompress, rewrite, pipe; again), so that whatever
# else the machine does weighs on all of them alike; best time and highest RSS kept.
best() {
	local s=${1}_S r=${1}_RSS
	if [ -z "${!s}" ] || calc "exit !($M_S < ${!s})"; then printf -v "$s" '%s' "$M_S"; fi
	if [ "${!r}" -lt "$M_RSS" ]; then printf -v "$r" '%s' "$M_RSS"; fi
}
F_S= K_S= C_S= R_S= P_S= J_S=
F_RSS=0 K_RSS=0 C_RSS=0 R_RSS=0 P_RSS=0 J_RSS=0
ROUNDS=$REPEAT
REPEAT=1
for ((round = 1; round <= ROUNDS; round++)); do
	say "round $round of $ROUNDS"
	measure floor taskset -c 0 bash -c "zcat '$SCRIPT' | gzip >'$WORK/floor.dump'"
	best F
	measure keep taskset -c 0 "$PGSCRUB" -r "$WORK/keep.ini" -i "$SCRIPT" -o "$WORK/keep.dump"
	best K
	measure recompress taskset -c 0 "$PGSCRUB" -r "$WORK/keep.ini" -i "$SCRIPT" --compress gzip:6 -o "$WORK/recompress.dump"
	best C
	measure rewrite taskset -c 0 "$PGSCRUB" -r "$WORK/rewrite.ini" -i "$SCRIPT" -o "$WORK/rewrite.dump"
	best R
	measure pipe taskset -c 0 bash -c "zcat '$SCRIPT' | TMPDIR='$WORK' '$PGSCRUB' -r '$WORK/rewrite.ini' | gzip >'$WORK/pipe.dump'"
	best P
	# Every core: the script's stream compressed by -j 2 threads.
	measure rewrite-j2 "$PGSCRUB" -j 2 -r "$WORK/rewrite.ini" -i "$SCRIPT" -o "$WORK/rewrite-j2.dump"
	best J
done
REPEAT=$ROUNDS

say "verifying"
cmp -s "$SCRIPT" "$WORK/keep.dump" || die "keep: the output is not the input file"
cmp -s <(zcat "$SCRIPT") <(zcat "$WORK/recompress.dump") || die "recompress: the output is not the script"
cmp -s "$WORK/rewrite.dump" "$WORK/rewrite-j2.dump" || die "rewrite: -j 2 wrote other bytes than -j 1"
for o in rewrite pipe; do
	zcat "$WORK/$o.dump" >"$WORK/$o.sql" || die "$o: the output does not decompress"
	! grep -qE '@example\.(com|org|net)' "$WORK/$o.sql" || die "$o: an e-mail address is left"
	grep -q '^COPY public.people ' "$WORK/$o.sql" || die "$o: no people data"
	rm -f "$WORK/$o.sql"
done

mbs() { calc "printf \"%.1f\", $SCRIPT_BYTES / 1e6 / $1"; }
ratio() { calc "printf \"%.2f\", $1 / $F_S"; }
REPORT=$WORK/report.md
{
	printf '## Plain SQL through gzip, %s MB data set (bench/plain.sh)\n\n' "$SIZE_MB"
	printf 'Script: %s bytes of SQL, %s bytes gzip (pg_restore -f of the run.sh archive). %s; %s; source %s; best of %s runs, each on one core (taskset -c 0).\n\n' \
		"$SCRIPT_BYTES" "$GZ_BYTES" "$(machine_line)" "$BUILD_NOTE" "$REV" "$REPEAT"
	printf '| run | seconds | MB/s of SQL | time / floor | peak RSS (MiB) | target (within 10%% of the floor) |\n'
	printf '| --- | ---: | ---: | ---: | ---: | --- |\n'
	printf '| floor: zcat \\| gzip | %s | %s | 1.00 | %s | |\n' "$F_S" "$(mbs "$F_S")" "$(mib "$F_RSS")"
	printf '| keep (unlisted = keep) | %s | %s | %s | %s | %s |\n' "$K_S" "$(mbs "$K_S")" \
		"$(ratio "$K_S")" "$(mib "$K_RSS")" ""
	printf '| recompress (keep, --compress gzip:6: decoded and re-encoded) | %s | %s | %s | %s | %s |\n' "$C_S" "$(mbs "$C_S")" \
		"$(ratio "$C_S")" "$(mib "$C_RSS")" "$(verdict "$C_S <= 1.10 * $F_S")"
	printf '| rewrite (5 columns of people) | %s | %s | %s | %s | %s |\n' "$R_S" "$(mbs "$R_S")" \
		"$(ratio "$R_S")" "$(mib "$R_RSS")" "$(verdict "$R_S <= 1.10 * $F_S")"
	printf '| pipe: zcat \\| pgscrub \\| gzip (rewrite, spooled) | %s | %s | %s | %s | |\n' "$P_S" \
		"$(mbs "$P_S")" "$(ratio "$P_S")" "$(mib "$P_RSS")"
	printf '| rewrite, `-j 2` on both cores (not taskset; the same bytes as `-j 1`) | %s | %s | %s | %s | |\n' "$J_S" \
		"$(mbs "$J_S")" "$(ratio "$J_S")" "$(mib "$J_RSS")"
	printf '\npgscrub reads the script twice (its DDL first: pg_dump writes foreign keys and statistics after the data), so it inflates twice and deflates once; deflate is most of the cost.\n'
} >"$REPORT"
cat "$REPORT"
results_update plain "$SIZE_MB" "$REPORT"
