#!/usr/bin/env bash
# test_corrupt.sh — truncated and corrupted archives fail cleanly: no crash, no hang,
# no output file left behind.
#
# For a few archives (1.14 none with offsets, 1.16 gzip, lz4 from a pipe, zstd) and two rule
# sets (keep-only; rewriting several tables and dropping large objects):
#   - truncate at every offset of the first 300 bytes (of two archives; every 5th for the
#     others; a quarter of those with the rewriting rules), at 20 offsets through the rest of the
#     TOC, around the end of the TOC and at 50 offsets through the data area (plus the last
#     few bytes): pgscrub must exit 1 (README: damaged or truncated input);
#   - flip one byte (xor 01, 80, ff or 10) at 100 offsets: pgscrub must exit 0, 1, or 3
#     (a flip in a table or column name can make the rules not fit: README exit 3);
# every run under "timeout 20"; a timeout, an exit status >= 128 (signal) or a sanitizer
# report is a failure; when it fails, the -o file must not exist and stderr must be one
# "pgscrub: error: " line, optionally followed by one "pgscrub: hint: " line.
# Half the runs read a named file (-i), half a pipe (stdin).
# The end of the TOC is found with pg_restore -l, which reads exactly header and TOC.
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients
need_fixtures

T=$(tmp)
KEEP=$T/keep.ini
keep_rules "$KEEP"
REWRITE=$T/rewrite.ini
cat >"$REWRITE" <<'EOF'
[pgscrub]
unlisted = keep
large_objects = drop

[public.people]
email = null
notes = const('x')

[public.texts]
body = const('y')

["CRM Data"."Weird Table"]
"Full Name" = const('z')

[public.measurements_2023]
note = null
EOF

ARCHS=(pg15-none-file pg18-gzip-file pg17-lz4-pipe pg18-zstd-file)
# Truncation step in the first 300 bytes (header + first TOC entries): every offset for one
# 1.14 and one 1.16 archive; the other 1.16 archives differ there only in a few bytes.
declare -A HEAD_STEP=([pg15-none-file]=1 [pg18-gzip-file]=1 [pg17-lz4-pipe]=5 [pg18-zstd-file]=5)
MAX_HANGS=5
HANGS=0
BAD=()       # descriptions of bad runs of the current group

# toc_end FILE: length of header + TOC = the shortest prefix pg_restore -l accepts.
toc_end() {
	local f=$1 tool lo=0 hi mid
	tool=$(restore_tool_for "$f") || return 1
	hi=$(stat -c %s "$f")
	"$tool" -l "$f" >/dev/null 2>&1 || return 1
	while [ $((hi - lo)) -gt 1 ]; do
		mid=$(((lo + hi) / 2))
		head -c "$mid" "$f" >"$T/prefix.dump"
		if "$tool" -l "$T/prefix.dump" >/dev/null 2>&1; then hi=$mid; else lo=$mid; fi
	done
	echo "$hi"
}

# one_run WHAT FILE RULES MUST_FAIL VIA: run pgscrub on FILE; record problems in BAD.
one_run() {
	local what=$1 f=$2 rules=$3 must_fail=$4 via=$5 out=$T/out.dump
	rm -f "$out"
	if [ "$via" = pipe ]; then
		scrub_from_pipe "$f" -r "$rules" -o "$out"
	else
		scrub -r "$rules" -i "$f" -o "$out"
	fi
	if scrub_crashed; then
		BAD+=("$what: $SCRUB_WHY: $(scrub_stderr)")
		case $SCRUB_RC in 124|137) HANGS=$((HANGS + 1)) ;; esac
		return
	fi
	case $must_fail:$SCRUB_RC in
	no:0) return ;;
	yes:0) BAD+=("$what: exit 0 on a broken input"); return ;;
	*:1|no:3) ;;
	yes:*) BAD+=("$what: exit $SCRUB_RC, want 1 (damaged input): $(scrub_stderr)"); return ;;
	*) BAD+=("$what: exit $SCRUB_RC, want 0, 1 or 3: $(scrub_stderr)"); return ;;
	esac
	[ ! -e "$out" ] || BAD+=("$what: failed but left the output file")
	scrub_error_ok || BAD+=("$what: stderr is not one 'pgscrub: error: ' line (+ hint): $(scrub_stderr)")
}

# report GROUP RUNS: one check per group of runs.
report() {
	if [ "${#BAD[@]}" -eq 0 ]; then
		ok "$1: $2 runs"
	else
		not_ok "$1: ${#BAD[@]} of $2 runs went wrong, e.g.:"
		printf '    %s\n' "${BAD[@]:0:8}" >&2
	fi
	BAD=()
	[ "$HANGS" -le "$MAX_HANGS" ] || fail "pgscrub hung $HANGS times, giving up"
}

# spread FROM TO N: N offsets spread evenly over [FROM, TO).
spread() {
	local from=$1 to=$2 n=$3 i
	[ "$to" -gt "$from" ] || return 0
	for ((i = 0; i < n; i++)); do echo $((from + (to - from) * i / n)); done
}

# flip FILE OFFSET BYTE OUT: OUT = FILE with BYTE (decimal) at OFFSET.
flip() {
	local oct
	cp "$1" "$4"
	printf -v oct '\\%03o' "$3"
	printf "$oct" | dd of="$4" bs=1 seek="$2" conv=notrunc status=none
}

for a in "${ARCHS[@]}"; do
	in=$ARCHIVES/$a.dump
	size=$(stat -c %s "$in")
	tocend=$(toc_end "$in") || { not_ok "$a: pg_restore -l fails on the intact archive"; continue; }

	{
		seq 0 299
		spread 300 "$tocend" 20
		echo $((tocend - 1)) "$tocend" $((tocend + 1)) | tr ' ' '\n'
		spread $((tocend + 2)) "$size" 50
		echo $((size - 6)) $((size - 5)) $((size - 4)) $((size - 1)) | tr ' ' '\n'
	} | awk -v s="$size" '$1 >= 0 && $1 < s' | sort -n -u >"$T/cuts"

	# Header and TOC cuts end in the same read errors whatever the rules, so the rewriting
	# rules get a quarter of the cuts in the first 300 bytes; beyond, both rule sets get all.
	for r in keep rewrite; do
		rules=$KEEP; step=${HEAD_STEP[$a]}
		[ "$r" = keep ] || { rules=$REWRITE; step=$((step * 4)); }
		n=0
		while read -r off; do
			[ "$off" -ge 300 ] || [ $((off % step)) -eq 0 ] || continue
			head -c "$off" "$in" >"$T/cut.dump"
			via=file; [ $((off % 2)) -eq 0 ] || via=pipe
			one_run "$a cut at $off ($via)" "$T/cut.dump" "$rules" yes "$via"
			n=$((n + 1))
		done <"$T/cuts"
		report "$a truncated, $r rules" "$n"
	done

	{ spread 0 300 20; spread 300 "$tocend" 20; spread "$tocend" "$size" 60; } | sort -n -u >"$T/flips"
	mapfile -t bytes < <(od -An -v -tu1 -w1 "$in")
	xors=(1 128 255 16)
	for r in keep rewrite; do
		rules=$KEEP; [ "$r" = keep ] || rules=$REWRITE
		n=0
		while read -r off; do
			x=${xors[$((n % 4))]}
			flip "$in" "$off" $((bytes[off] ^ x)) "$T/flip.dump"
			via=file; [ $((n % 2)) -eq 0 ] || via=pipe
			one_run "$a byte $off xor $x ($via)" "$T/flip.dump" "$rules" no "$via"
			n=$((n + 1))
		done <"$T/flips"
		report "$a flipped bytes, $r rules" "$n"
	done

	# Junk after the last block: exit 0 or 1, nothing worse.
	{ cat "$in"; printf 'junk after the end\n'; } >"$T/junk.dump"
	one_run "$a + trailing junk" "$T/junk.dump" "$KEEP" no file
	[ "$SCRUB_RC" -ne 0 ] || echo "note: $a: trailing junk accepted" >&2
	report "$a with trailing junk" 1
done

# Not archives at all.
: >"$T/empty"
printf 'PGDMP' >"$T/magic-only"
printf 'PGDMP\001\020\000\004\010\001' >"$T/header-start"
head -c 4096 /dev/zero >"$T/zeros"
for f in "$T/empty" "$T/magic-only" "$T/header-start" "$T/zeros" "$FIXTURES/fixture.sql" "$FIXTURES/demo-rules.ini"; do
	one_run "input $(basename "$f")" "$f" "$KEEP" yes file
	one_run "input $(basename "$f") (pipe)" "$f" "$KEEP" yes pipe
done
report "inputs that are not archives" 12

finish
