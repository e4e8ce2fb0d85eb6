#!/usr/bin/env bash
# test_keep_identity.sh — keep-only rules change nothing pg_restore can see.
#
# For every fixture archive (the matrix and the special ones: --statistics, --inserts,
# --column-inserts, --quote-all-identifiers, --load-via-partition-root, -s, -E SJIS, -B),
# pgscrub with "unlisted = keep, large_objects = keep" must write an archive whose SQL script
# (pg_restore -f -, with the pg_restore matching the archive) is byte-identical to the
# input's, and whose TOC listing (pg_restore -l) is identical except for the creation time.
# Run once with -i/-o (named files) and once with stdin and stdout both pipes.
#
# The README promises more: "a keep-only run reproduces a pg_dump archive byte for byte"
# (tables whose rules are all keep are copied, INSERT-style ones too; statistics are only
# removed for rewritten tables). pg_dump -f wrote data offsets, as pgscrub does on a
# seekable output; pg_dump | cat wrote none, as pgscrub does on a pipe. So a -f archive
# through -i/-o, and a piped archive through pipes, must come out identical.
# No server needed.
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients
need_fixtures

T=$(tmp)
RULES=$T/keep.ini
keep_rules "$RULES"

# compare_out NAME IN OUT: OUT's script and TOC listing equal IN's (made by identity).
compare_out() {
	local name=$1 in=$2 out=$3 v base
	v=$(archive_pg_version "$in")
	base=$T/$(basename "$in")
	if ! script_of "$out" "$v" >"$out.sql" 2>"$out.err"; then
		not_ok "$name: pg_restore -f - of the output failed: $(e2e_trim "$(head -c 400 "$out.err")")"
		return
	fi
	check_same_file "$name: script equals the input's" "$base.sql" "$out.sql"
	if list_of "$out" "$v" >"$out.list" 2>"$out.err"; then
		check_same_file "$name: TOC listing equals the input's" "$base.list" "$out.list"
	else
		not_ok "$name: pg_restore -l of the output failed: $(e2e_trim "$(head -c 400 "$out.err")")"
	fi
}

# succeeded NAME: the last run exited 0 (else counts a failure).
succeeded() {
	if scrub_crashed; then not_ok "$1: pgscrub $SCRUB_WHY: $(scrub_stderr)"; return 1; fi
	if [ "$SCRUB_RC" -ne 0 ]; then not_ok "$1: pgscrub exit $SCRUB_RC: $(scrub_stderr)"; return 1; fi
	[ -z "$SCRUB_STDERR" ] || echo "note: $1: pgscrub succeeded but wrote to stderr: $(scrub_stderr)" >&2
	return 0
}

# identity IN
identity() {
	local in=$1 name v out
	name=$(basename "$in" .dump)
	v=$(archive_pg_version "$in")
	script_of "$in" "$v" >"$T/$name.dump.sql" || { not_ok "$name: pg_restore $v -f - of the input failed"; return; }
	list_of "$in" "$v" >"$T/$name.dump.list" || { not_ok "$name: pg_restore -l of the input failed"; return; }

	out=$T/$name.files.dump
	scrub -r "$RULES" -i "$in" -o "$out"
	if succeeded "$name (-i/-o)"; then
		compare_out "$name (-i/-o)" "$in" "$out"
		case $name in *-pipe) ;; *) check_same_file "$name (-i/-o): byte-identical to the input" "$in" "$out" ;; esac
	fi

	out=$T/$name.pipes.dump
	scrub_pipe "$in" "$out" -r "$RULES"
	if succeeded "$name (pipes)"; then
		compare_out "$name (pipes)" "$in" "$out"
		case $name in *-pipe) check_same_file "$name (pipes): byte-identical to the input" "$in" "$out" ;; esac
	fi
	rm -f "$T/$name".*
}

while read -r f; do
	identity "$f"
done < <(fixture_archives)

while read -r f; do
	identity "$f"
done < <(fixture_special_archives)

# The explicit "-" spellings, stdin and stdout redirected from and to regular files: the
# output is seekable, so it gets data offsets like pg_dump -f.
in=$ARCHIVES/pg18-lz4-file.dump
scrub -r "$RULES" -i - -o - <"$in" >"$T/dash.dump"
if succeeded "-i - -o - (regular files)"; then
	script_of "$in" >"$T/pg18-lz4-file.dump.sql"
	list_of "$in" >"$T/pg18-lz4-file.dump.list"
	compare_out "-i - -o - (regular files)" "$in" "$T/dash.dump"
	check_same_file "-i - -o - (regular files): byte-identical to the input" "$in" "$T/dash.dump"
fi

finish
