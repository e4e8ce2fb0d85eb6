#!/usr/bin/env bash
# tests/cli/test_plan.sh — pgscrub plan and the run's --dry-run: what a run
# will do, from the header and TOC alone.
#
# Pinned plans (tests/cli/expected/plan-NAME.txt: "exit N", stderr, then
# stdout) for rewrite, keep-only, truncate, a smaller copy with its
# foreign-key cascade, a pipe-written archive (no data offsets), pg_dump 18
# statistics (row estimates), --compress, and rules that do not cover the
# archive (exit 3, the plan still printed); the agreement of the plan's
# JSON with what the run's --report says it did, for many fixture and
# rules pairs (tests/cli/plan_agree.py); and an archive cut right after
# its TOC, which plans as the whole archive does while the run on it fails.
CLI_NAME=cli-plan CLI_PREFIX=plan-
. "$(dirname "$0")/clilib.bash"
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
export PGSCRUB_KEY=0123456789abcdef0123456789abcdef
R=$SRC/rules.ini

rules() {
	printf '[pgscrub]\nsecret_env = PGSCRUB_KEY\n%s\n' "$2" >"$TMP/$1.ini"
}

# exits CODE COMMAND... : COMMAND exits with CODE (output discarded).
exits() {
	local want=$1 rc; shift
	"$@" </dev/null >/dev/null 2>&1
	rc=$?
	[ "$rc" = "$want" ] || { echo "  exit $rc, expected $want: $*" >&2; return 1; }
}

# The JSON, pretty and without the version (it changes with every release).
json_case() {
	local name=$1; shift
	"$PGSCRUB" "$@" </dev/null >"$TMP/j.out" 2>"$TMP/j.err"
	local rc=$?
	{
		echo "exit $rc"
		cat "$TMP/j.err"
		echo "--- stdout"
		python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); d["pgscrub"] = "VERSION"
print(json.dumps(d, indent=1, ensure_ascii=False))' "$TMP/j.out"
	} | sed -e "s|$TMP|\$TMP|g" -e "s|$SRC|\$SRC|g" >"$TMP/$name.actual"
	compare "$name" "$TMP/$name.actual"
}

# ---- usage ---------------------------------------------------------------------
case_ help - plan --help
case_ no-rules - plan "$A/pg18-gzip-file.dump"
case_ unknown-option - plan -r "$R" --frobnicate "$A/pg18-gzip-file.dump"
case_ extra-argument - plan -r "$R" "$A/pg18-gzip-file.dump" extra.dump
case_ bad-format - plan -r "$R" --format yaml "$A/pg18-gzip-file.dump"
case_ schema-and-dbname - plan -r "$R" --schema x.dump --dbname x "$A/pg18-gzip-file.dump"
case_ bad-compress - plan -r "$R" --compress brotli "$A/pg18-gzip-file.dump"
case_ dry-run-report - -r "$R" -i "$A/pg18-gzip-file.dump" --dry-run --report "$TMP/r.json"
assert main-usage-names-plan bash -c "'$PGSCRUB' --help | grep -q 'pgscrub plan -r RULES'"
assert main-usage-names-dry-run bash -c "'$PGSCRUB' --help | grep -q -- '--dry-run'"

# ---- unreadable input (1), invalid rules and options (2) -----------------------
case_ archive-missing - plan -r "$R" "$TMP/none.dump"
case_ rules-missing - plan -r "$TMP/none.ini" "$A/pg18-gzip-file.dump"
rules unknown-anon '[public.people]
email = emial
* = keep'
case_ rules-invalid - plan -r "$TMP/unknown-anon.ini" "$A/pg18-gzip-file.dump"
env -u PGSCRUB_KEY "$PGSCRUB" plan -r "$R" "$A/pg18-gzip-file.dump" >"$TMP/nokey.out" 2>"$TMP/nokey.err"
assert no-key-exit-2 [ $? -eq 2 ]
env -u PGSCRUB_KEY "$PGSCRUB" -r "$R" -i "$A/pg18-gzip-file.dump" -o "$TMP/nokey.dump" 2>"$TMP/nokey-run.err"
assert no-key-run-exit-2 [ $? -eq 2 ]
assert no-key-same-words cmp -s "$TMP/nokey.err" "$TMP/nokey-run.err"
case_ compress-too-old - plan -r "$R" --compress zstd "$A/pg15-gzip-file.dump"

# ---- plans ---------------------------------------------------------------------
# Rewrite: the example rules on pg_dump 18's archive, text and JSON.
case_ rewrite - plan -r "$R" "$A/pg18-gzip-file.dump"
json_case rewrite-json plan -r "$R" --format json "$A/pg18-gzip-file.dump"
# Keep-only: every block copied byte for byte, nothing to decompress.
rules keep 'unlisted = keep
large_objects = keep'
case_ keep-only - plan -r "$TMP/keep.ini" "$A/pg17-gzip-file.dump"
# Truncate: a table, and a partitioned table (its partitions with it).
rules truncate 'unlisted = keep
large_objects = drop
truncate = public.people, public.measurements'
case_ truncate - plan -r "$TMP/truncate.ini" "$A/pg18-gzip-file.dump"
# A smaller copy: wheres, a truncate, and what they cascade to.
rules subset 'unlisted = keep
truncate = public.orders
[public.users]
where = id > 3 or sample(50)
[public.employees]
where = manager_id is null or id <= 20'
case_ subset - plan -r "$TMP/subset.ini" "$A/pg18-gzip-fk.dump"
json_case subset-json plan -r "$TMP/subset.ini" --format json "$A/pg15-gzip-fk.dump"
# Written through a pipe: no data offsets, so no block sizes.
case_ pipe "$A/pg17-zstd-pipe.dump" plan -r "$R"
# pg_dump 18 --statistics: row estimates from reltuples, value lists counted.
case_ statistics - plan -r "$R" "$A/pg18-gzip-statistics.dump"
case_ statistics-only - plan -r "$R" "$A/pg18-gzip-statistics-only.dump"
# Statistics of a truncated table and of one that loses rows are dropped.
rules stats-dropped 'unlisted = keep
truncate = public.people
[public.orders]
where = qty > 2'
case_ statistics-dropped - plan -r "$TMP/stats-dropped.ini" "$A/pg18-gzip-statistics.dump"
# --compress: every block not rewritten is recompressed.
case_ compress - plan -r "$R" --compress zstd:5 "$A/pg17-lz4-file.dump"
# Rules that do not cover the archive: the plan, then the run's error (3).
grep -v '^email = email' "$R" >"$TMP/uncovered.ini"
case_ uncovered - plan -r "$TMP/uncovered.ini" "$A/pg18-gzip-file.dump"
json_case uncovered-json plan -r "$TMP/uncovered.ini" --format json "$A/pg18-gzip-file.dump"
printf 'no_such_column = keep\n' >>"$TMP/uncovered.ini"
rules stale '[public.people]
no_such_column = keep
* = keep'
case_ stale - plan -r "$TMP/stale.ini" "$A/pg18-gzip-file.dump"

# ---- --dry-run: the same text, nothing written ---------------------------------
"$PGSCRUB" plan -r "$R" --compress gzip:9 "$A/pg18-gzip-file.dump" >"$TMP/plan.txt" 2>&1
"$PGSCRUB" -r "$R" --compress gzip:9 -i "$A/pg18-gzip-file.dump" --dry-run >"$TMP/dry.txt" 2>&1
assert dry-run-is-plan cmp -s "$TMP/plan.txt" "$TMP/dry.txt"
"$PGSCRUB" -r "$R" -i "$A/pg18-gzip-file.dump" -o "$TMP/dry-out.dump" --dry-run >"$TMP/dry-o.txt" 2>&1
assert dry-run-exit-0 [ $? -eq 0 ]
assert dry-run-writes-nothing bash -c "[ -z \"\$(ls -A '$TMP' | grep dry-out)\" ]"
assert dry-run-names-output grep -q "^output: $TMP/dry-out.dump, gzip" "$TMP/dry-o.txt"
"$PGSCRUB" -r "$R" --dry-run <"$A/pg17-zstd-pipe.dump" >"$TMP/dry-pipe.txt" 2>&1
"$PGSCRUB" plan -r "$R" <"$A/pg17-zstd-pipe.dump" >"$TMP/plan-pipe.txt" 2>&1
assert dry-run-stdin-is-plan cmp -s "$TMP/plan-pipe.txt" "$TMP/dry-pipe.txt"
"$PGSCRUB" -r "$TMP/uncovered.ini" -i "$A/pg18-gzip-file.dump" -o "$TMP/dry-out.dump" --dry-run >/dev/null 2>&1
assert dry-run-uncovered-exit-3 [ $? -eq 3 ]
assert dry-run-uncovered-writes-nothing test ! -e "$TMP/dry-out.dump"

export SRC
# ---- header and TOC only: an archive cut right after its TOC --------------------
for f in pg18-gzip-file pg15-gzip-fk; do
	python3 - "$A/$f.dump" "$TMP/$f-cut.dump" <<'PY'
import os, sys
sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "cli"))
from pgarchive import Reader
data = open(sys.argv[1], "rb").read()
r = Reader(data)
vmin, intsize, offsize = r.header()[:3]
for _ in range(r.int()):
    r.entry(vmin, offsize)
open(sys.argv[2], "wb").write(data[:r.pos])
PY
done
rules_for() { [ "$1" = pg15-gzip-fk ] && echo "$TMP/subset.ini" || echo "$R"; }
for f in pg18-gzip-file pg15-gzip-fk; do
	"$PGSCRUB" plan -r "$(rules_for $f)" --format json "$TMP/$f-cut.dump" >"$TMP/cut.json" 2>"$TMP/cut.err"
	assert "$f-cut-plans" [ $? -eq 0 ]
	"$PGSCRUB" plan -r "$(rules_for $f)" --format json "$A/$f.dump" >"$TMP/whole.json" 2>&1
	# The same decisions; only the last block's size needs the data.
	assert "$f-cut-same-actions" python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
strip = lambda d: [(t["schema"], t["name"], t["action"], t["columns"], t["cascade_from"]) for t in d["tables"]]
assert strip(a) == strip(b) and a["totals"]["copied"] == b["totals"]["copied"]
assert a["statistics"] == b["statistics"] and a["large_objects"] == b["large_objects"]
' "$TMP/cut.json" "$TMP/whole.json"
	"$PGSCRUB" -r "$(rules_for $f)" -i "$TMP/$f-cut.dump" -o "$TMP/cut-out.dump" 2>"$TMP/cut-run.err"
	assert "$f-cut-run-fails" [ $? -eq 1 ]
	assert "$f-cut-run-no-output" test ! -e "$TMP/cut-out.dump"
done

# ---- the plan agrees with what the run did -------------------------------------
# plan_agree.py NAME ARGS...: plan --format json ARGS and the run with ARGS,
# -o and --report; compared table by table.
agree() {
	local name=$1 archive=$2; shift 2
	"$PGSCRUB" plan --format json "$@" "$archive" >"$TMP/a.plan.json" 2>/dev/null
	local prc=$?
	"$PGSCRUB" "$@" -i "$archive" -o "$TMP/a.out.dump" --report "$TMP/a.report.json" 2>/dev/null
	local rrc=$?
	assert "agree-$name" python3 "$SRC/tests/cli/plan_agree.py" "$name" \
		"$TMP/a.plan.json" "$prc" "$TMP/a.report.json" "$rrc"
	rm -rf "$TMP/a.out.dump"
}
# The other formats read the same resolver: directory and tar archives and plain
# scripts (compressed too) agree with their runs as archives do.
for f in dir/pg15-gzip dir/pg17-lz4 dir/pg18-zstd pg15-plain.sql pg18-plain.sql.gz \
	 tar/pg15.tar tar/pg18-statistics.tar \
	 pg18-plain-statistics.sql; do
	agree "$f" "$A/$f" -r "$R"
	agree "$f-keep" "$A/$f" -r "$TMP/keep.ini"
	agree "$f-truncate" "$A/$f" -r "$TMP/truncate.ini"
	agree "$f-uncovered" "$A/$f" -r "$TMP/uncovered.ini"
done
for f in pg15-gzip-file pg15-none-pipe pg17-gzip-file pg17-lz4-pipe pg18-zstd-file \
	 pg18-gzip-statistics pg18-gzip-statistics-exclude-data pg18-gzip-partition-root; do
	agree "$f" "$A/$f.dump" -r "$R"
	agree "$f-keep" "$A/$f.dump" -r "$TMP/keep.ini"
	agree "$f-truncate" "$A/$f.dump" -r "$TMP/truncate.ini"
	agree "$f-uncovered" "$A/$f.dump" -r "$TMP/uncovered.ini"
done
agree pg17-gzip-file-compress "$A/pg17-gzip-file.dump" -r "$R" --compress zstd:3
agree pg18-lz4-file-compress-keep "$A/pg18-lz4-file.dump" -r "$TMP/keep.ini" --compress gzip
agree pg15-gzip-file-compress-none "$A/pg15-gzip-file.dump" -r "$R" --compress none
# --format (the run's --dry-run: plan's own --format is text or json): a
# gzip archive converted is recompressed block by block (a zlib stream in a
# custom archive, a gzip file in a directory one), and says so; lz4 is
# copied.  The run's report says the same, large objects included.
not_grep() { ! grep "$@"; }
conv() { # conv NAME INPUT FORMAT EXPECTED-ACTION(copied|recompressed)
	local name=$1 in=$2 fmt=$3 want=$4 out
	out=$TMP/conv-$name.out
	rm -rf "$out"
	"$PGSCRUB" --dry-run --format "$fmt" -r "$TMP/keep.ini" -i "$in" -o "$out" >"$TMP/conv.plan" 2>&1
	assert "conv-$name-plan-exit" test $? -eq 0
	"$PGSCRUB" --format "$fmt" -r "$TMP/keep.ini" -i "$in" -o "$out" --report "$TMP/conv.json" 2>/dev/null
	assert "conv-$name-run-exit" test $? -eq 0
	assert "conv-$name-report" python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); want = sys.argv[2]
acts = {t["action"] for t in r["tables"]}
lo = r["large_objects"]["action"]
sys.exit(0 if acts == {want} and lo in (want.replace("copied", "kept"), "none") else 1)' "$TMP/conv.json" "$want"
	if [ "$want" = recompressed ] && [ "$fmt" = tar ]; then
		assert "conv-$name-plan-says" grep -q '^output: .*(--format tar: tar members are never compressed, every block is decoded)$' "$TMP/conv.plan"
		assert "conv-$name-plan-no-copy" not_grep -q ': copy (byte for byte)' "$TMP/conv.plan"
	elif [ "$want" = recompressed ]; then
		assert "conv-$name-plan-says" grep -q '^output: .*(--format: gzip data is a zlib stream in a custom archive and a gzip file in a directory one, so every block is decoded and re-encoded)$' "$TMP/conv.plan"
		assert "conv-$name-plan-no-copy" not_grep -q ': copy (byte for byte)' "$TMP/conv.plan"
		assert "conv-$name-plan-lo" grep -qE '^large objects: (none|.*recompressed)$' "$TMP/conv.plan"
	else
		assert "conv-$name-plan-copy" grep -q ': copy (byte for byte)' "$TMP/conv.plan"
		assert "conv-$name-plan-no-recompress" not_grep -q ': recompress' "$TMP/conv.plan"
	fi
	if [ "$fmt" = directory ]; then
		assert "conv-$name-plan-dir" grep -q "^output: directory $out, " "$TMP/conv.plan"
	elif [ "$fmt" = tar ]; then
		assert "conv-$name-plan-tar" grep -q "^output: tar $out, none " "$TMP/conv.plan"
	else
		assert "conv-$name-plan-custom" grep -q "^output: $out, " "$TMP/conv.plan"
	fi
	rm -rf "$out"
}
conv pg17-gzip-to-dir "$A/pg17-gzip-file.dump" directory recompressed
conv pg15-gzip-to-dir "$A/pg15-gzip-file.dump" directory recompressed
conv pg17-lz4-to-dir "$A/pg17-lz4-file.dump" directory copied
conv dir-pg18-gzip-to-custom "$A/dir/pg18-gzip" custom recompressed
# tar archives: members are never compressed, so --format tar decodes every
# block, and a tar converted to custom or directory copies them
conv pg17-gzip-to-tar "$A/pg17-gzip-file.dump" tar recompressed
conv dir-pg18-lz4-to-tar "$A/dir/pg18-lz4" tar recompressed
conv tar-pg17-to-custom "$A/tar/pg17.tar" custom copied
conv tar-pg15-to-dir "$A/tar/pg15.tar" directory copied
conv dir-pg17-zstd-to-custom "$A/dir/pg17-zstd" custom copied
# A plain script has no other format to go to: --format is refused, by the
# plan as by the run, and nothing is written.
for fmt in custom directory tar; do
	"$PGSCRUB" --dry-run --format $fmt -r "$TMP/keep.ini" -i "$A/pg17-plain.sql" -o "$TMP/p.out" >/dev/null 2>"$TMP/p.err"
	assert "plain-format-$fmt-plan-exit" test $? -eq 2
	assert "plain-format-$fmt-plan-says" grep -q "^pgscrub: error: --format converts between custom, directory and tar archives, and the input is a plain SQL script (pg_dump -Fp)" "$TMP/p.err"
	"$PGSCRUB" --format $fmt -r "$TMP/keep.ini" -i "$A/pg17-plain.sql.gz" -o "$TMP/p.out" 2>"$TMP/p.err"
	assert "plain-format-$fmt-run-exit" test $? -eq 2
	assert "plain-format-$fmt-run-says" grep -q "^pgscrub: hint: leave out --format; for an archive, dump with pg_dump -Fc, -Fd or -Ft" "$TMP/p.err"
	assert "plain-format-$fmt-no-output" test ! -e "$TMP/p.out"
done
# only a key's referencing column rewritten (carts.user_email follows
# users.email): the table is rewritten, never copied
printf '[pgscrub]\nunlisted = keep\nsecret_env = PGSCRUB_KEY\n[public.users]\nemail = email\n' >"$TMP/follow-only.ini"
for v in 15 17 18; do
	agree "pg$v-fk-subset" "$A/pg$v-gzip-fk.dump" -r "$TMP/subset.ini"
	agree "pg$v-fk-keep" "$A/pg$v-gzip-fk.dump" -r "$TMP/keep.ini"
	agree "pg$v-fk-follow-only" "$A/pg$v-gzip-fk.dump" -r "$TMP/follow-only.ini"
done
agree pg18-statistics-dropped "$A/pg18-gzip-statistics.dump" -r "$TMP/stats-dropped.ini"
agree pg18-statistics-no-data-dropped "$A/pg18-gzip-statistics-no-data.dump" -r "$TMP/stats-dropped.ini"
agree pg18-data-only-schema "$A/pg18-gzip-data-only.dump" -r "$R" --schema "$A/pg18-gzip-schema-only.dump"
# init's rules and their variants (tests/cli/agree.py): full, all kept, a
# truncate, a rule missing, a stale rule, a broken foreign key.
for f in pg18-gzip-file pg17-gzip-fk pg18-gzip-ddl-child pg17-gzip-inserts; do
	mkdir -p "$TMP/$f"
	"$PGSCRUB" init "$A/$f.dump" >"$TMP/$f/init.ini" 2>/dev/null
	python3 "$SRC/tests/cli/agree.py" variants "$TMP/$f/init.ini" "$TMP/$f"
	for v in full keep truncate uncovered stale fkbreak; do
		agree "$f-init-$v" "$A/$f.dump" -r "$TMP/$f/$v.ini"
	done
done
# A long rules path (about 1.3 KB) is printed whole, not an internal error.
long=$(printf 'd%.0s' $(seq 1 250))
LD="$TMP/$long/$long/$long/$long/$long"
mkdir -p "$LD"
cp "$R" "$LD/r.ini"
"$PGSCRUB" plan -r "$LD/r.ini" "$A/pg18-gzip-file.dump" >"$TMP/long.out" 2>"$TMP/long.err"
assert long-path-exit test $? -eq 0
assert long-path-printed grep -qF "$LD/r.ini" "$TMP/long.out"

cli_finish
