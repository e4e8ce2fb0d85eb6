#!/usr/bin/env bash
# test_compress.sh — --compress METHOD[:LEVEL] converts the data blocks, nothing else.
#
# 1.16 archives (pg_dump 17, 18), every input compression x none|gzip|lz4|zstd: the output's
# pg_restore -l header names the new method and its SQL script equals the input's.
# 1.14 archives (pg_dump 15) can only hold none or gzip: those convert, lz4 and zstd must be
# refused (exit non-zero, one-line error, no output file). Also: levels, a conversion
# chain, pipes, --compress together with rewriting rules, and an unknown method.
# No server needed.
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients
need_fixtures

T=$(tmp)
KEEP=$T/keep.ini
keep_rules "$KEEP"

# compression_of FILE: the "Compression:" value pg_restore -l prints for FILE.
compression_of() {
	list_of "$1" | sed -n 's/^;[[:space:]]*Compression: //p'
}

# expect_method NAME FILE METHOD VERSION: the header says METHOD (1.14: level 0 = none,
# anything else = gzip).
expect_method() {
	local got; got=$(compression_of "$2")
	if [ "$4" = 15 ]; then
		case $3:$got in
		none:0|gzip:-[1-9]|gzip:[1-9]) ok "$1: header compression $got" ;;
		*) not_ok "$1: header compression is '$got', want $3" ;;
		esac
	else
		check_eq "$1: header compression" "$3" "$got"
	fi
}

# convert NAME IN OUT ARGS...: run pgscrub -i IN -o OUT ARGS; 0 on success.
convert() {
	local name=$1 in=$2 out=$3
	shift 3
	rm -f "$out"
	scrub -i "$in" -o "$out" "$@"
	if scrub_crashed; then not_ok "$name: pgscrub $SCRUB_WHY: $(scrub_stderr)"; return 1; fi
	if [ "$SCRUB_RC" -ne 0 ]; then not_ok "$name: pgscrub exit $SCRUB_RC: $(scrub_stderr)"; return 1; fi
	return 0
}

# expect_refusal NAME OUT: the last run failed cleanly and left no OUT.
expect_refusal() {
	if scrub_crashed; then not_ok "$1: pgscrub $SCRUB_WHY"; return; fi
	if [ "$SCRUB_RC" -eq 0 ]; then not_ok "$1: accepted, should be refused"; return; fi
	ok "$1: refused (exit $SCRUB_RC)"
	check "$1: one-line error message ($(scrub_stderr))" scrub_error_ok
	check "$1: no output file left" test ! -e "$2"
}

for v in 17 18; do
	for c in none gzip lz4 zstd; do
		in=$ARCHIVES/pg$v-$c-file.dump
		script_of "$in" >"$T/in.sql" || { not_ok "pg_restore -f - of $in failed"; continue; }
		for m in none gzip lz4 zstd; do
			name="pg$v $c -> $m"
			out=$T/out.dump
			convert "$name" "$in" "$out" -r "$KEEP" --compress "$m" || continue
			expect_method "$name" "$out" "$m" "$v"
			script_of "$out" "$v" >"$T/out.sql" 2>"$T/out.err" \
				|| { not_ok "$name: pg_restore -f - failed: $(e2e_trim "$(head -c 300 "$T/out.err")")"; continue; }
			check_same_file "$name: script equals the input's" "$T/in.sql" "$T/out.sql"
		done
	done
done

for c in none gzip; do
	in=$ARCHIVES/pg15-$c-file.dump
	script_of "$in" >"$T/in.sql" || { not_ok "pg_restore -f - of $in failed"; continue; }
	for m in none gzip; do
		name="pg15 $c -> $m"
		convert "$name" "$in" "$T/out.dump" -r "$KEEP" --compress "$m" || continue
		expect_method "$name" "$T/out.dump" "$m" 15
		script_of "$T/out.dump" 15 >"$T/out.sql" || { not_ok "$name: pg_restore -f - failed"; continue; }
		check_same_file "$name: script equals the input's" "$T/in.sql" "$T/out.sql"
	done
	for m in lz4 zstd; do
		rm -f "$T/out.dump"
		scrub -r "$KEEP" -i "$in" -o "$T/out.dump" --compress "$m"
		expect_refusal "pg15 $c -> $m (archive 1.14 has no $m)" "$T/out.dump"
	done
done

# Levels.
in=$ARCHIVES/pg18-none-file.dump
script_of "$in" >"$T/in.sql"
for spec in gzip:1 gzip:9 lz4:1 zstd:1 zstd:19; do
	name="pg18 none -> $spec"
	convert "$name" "$in" "$T/out.dump" -r "$KEEP" --compress "$spec" || continue
	expect_method "$name" "$T/out.dump" "${spec%%:*}" 18
	script_of "$T/out.dump" >"$T/out.sql" && check_same_file "$name: script equals the input's" "$T/in.sql" "$T/out.sql"
done
in=$ARCHIVES/pg15-none-file.dump
script_of "$in" >"$T/in.sql"
if convert "pg15 none -> gzip:9" "$in" "$T/out.dump" -r "$KEEP" --compress gzip:9; then
	expect_method "pg15 none -> gzip:9" "$T/out.dump" gzip 15
	script_of "$T/out.dump" >"$T/out.sql" && check_same_file "pg15 none -> gzip:9: script equals the input's" "$T/in.sql" "$T/out.sql"
fi

# A chain none -> zstd -> lz4 -> gzip -> none, through pipes.
in=$ARCHIVES/pg17-none-pipe.dump
script_of "$in" >"$T/in.sql"
cp "$in" "$T/chain0.dump"
i=0
for m in zstd lz4 gzip none; do
	scrub_pipe "$T/chain$i.dump" "$T/chain$((i + 1)).dump" -r "$KEEP" --compress "$m"
	i=$((i + 1))
	if scrub_crashed || [ "$SCRUB_RC" -ne 0 ]; then
		not_ok "chain step $i (-> $m, pipes): pgscrub exit $SCRUB_RC $SCRUB_WHY: $(scrub_stderr)"; break
	fi
	expect_method "chain step $i" "$T/chain$i.dump" "$m" 17
done
if [ "$i" -eq 4 ]; then
	script_of "$T/chain4.dump" 17 >"$T/out.sql"
	check_same_file "chain none->zstd->lz4->gzip->none: script equals the input's" "$T/in.sql" "$T/out.sql"
	list_of "$in" >"$T/in.list"
	list_of "$T/chain4.dump" >"$T/out.list"
	check_same_file "chain: pg_restore -l equals the input's" "$T/in.list" "$T/out.list"
fi

# --compress with rewriting rules gives the same data as without.
cat >"$T/rewrite.ini" <<'EOF'
[pgscrub]
unlisted = keep
large_objects = keep

[public.people]
email = null
notes = const('x')
EOF
in=$ARCHIVES/pg18-gzip-file.dump
if convert "rewrite, gzip kept" "$in" "$T/rw.dump" -r "$T/rewrite.ini" &&
   convert "rewrite + --compress zstd" "$in" "$T/rwz.dump" -r "$T/rewrite.ini" --compress zstd; then
	expect_method "rewrite + --compress zstd" "$T/rwz.dump" zstd 18
	script_of "$T/rw.dump" >"$T/rw.sql"
	script_of "$T/rwz.dump" >"$T/rwz.sql"
	check_same_file "rewrite + --compress zstd: script equals the gzip rewrite's" "$T/rw.sql" "$T/rwz.sql"
	if grep -q 'user1\.[0-9a-f]*@example.com' "$T/rwz.sql"; then
		not_ok "rewrite + --compress zstd: an original e-mail address is still there"
	else
		ok "rewrite + --compress zstd: e-mail addresses gone"
	fi
fi

# Unknown method.
rm -f "$T/out.dump"
scrub -r "$KEEP" -i "$ARCHIVES/pg18-gzip-file.dump" -o "$T/out.dump" --compress brotli
if scrub_crashed; then not_ok "--compress brotli: pgscrub $SCRUB_WHY"
else
	check "--compress brotli: refused" test "$SCRUB_RC" -ne 0
	check "--compress brotli: no output file" test ! -e "$T/out.dump"
	check "--compress brotli: says so on stderr" grep -q '^pgscrub: ' "$SCRUB_ERR"
fi

finish
