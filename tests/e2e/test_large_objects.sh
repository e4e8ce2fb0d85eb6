#!/usr/bin/env bash
# test_large_objects.sh — the large_objects setting.
#
#   large_objects = keep   every large object restores with its content (md5 equal to a
#                          restore of the input);
#   large_objects = drop   the large objects still exist (the BLOB / BLOB METADATA entries
#                          create them) but have no content; the output holds the payload
#                          neither in its bytes nor in its script, and the script differs
#                          from the input's only in the statements writing large object
#                          data; the large object's COMMENT stays;
#   unlisted = error without a large_objects setting: refused when the archive has large
#   objects (one-line error, no output file), accepted when it has none (pg_dump -B) or
#   when the same rules say large_objects = keep.
# Archives: 1.14 (BLOB entries + one BLOBS block) and 1.16 (BLOB METADATA, one BLOBS per
# group), compressed and not, from files and pipes; restores from a file and from a pipe.
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients
need_fixtures
pg_start

T=$(tmp)
KEEP=$T/keep.ini
keep_rules "$KEEP"
DROP=$T/drop.ini
printf '[pgscrub]\nunlisted = keep\nlarge_objects = drop\n' >"$DROP"
# The demo rules list every table and column; without their large_objects line.
grep -v '^large_objects' "$FIXTURES/demo-rules.ini" >"$T/nolo.ini"
sed 's/^unlisted = error$/unlisted = error\nlarge_objects = keep/' "$T/nolo.ini" >"$T/nolo-keep.ini"

PAYLOAD='secret large object payload'
PAYLOAD_HEX=$(printf '%s' "$PAYLOAD" | od -An -tx1 | tr -d ' \n')

LO_QUERY="SELECT coalesce(string_agg(oid || '=' || length(lo_get(oid)) || ':' || md5(lo_get(oid)), ',' ORDER BY oid), '-')
	FROM pg_largeobject_metadata"

# lo_filter SCRIPT: SCRIPT without the statements that write large object data, and
# without empty lines.
lo_filter() {
	grep -v -E '^SELECT pg_catalog\.(lo_open|lowrite|lo_close)\(|^$' "$1"
}

# run_ok NAME ARGS...: pgscrub ARGS must succeed.
run_ok() {
	local name=$1
	shift
	scrub "$@"
	if scrub_crashed; then not_ok "$name: pgscrub $SCRUB_WHY: $(scrub_stderr)"; return 1; fi
	[ "$SCRUB_RC" -eq 0 ] && return 0
	not_ok "$name: pgscrub exit $SCRUB_RC: $(scrub_stderr)"
	return 1
}

for a in pg15-none-file pg15-gzip-pipe pg17-lz4-file pg18-zstd-pipe pg18-none-pipe; do
	in=$ARCHIVES/$a.dump
	v=$(archive_pg_version "$in")
	fresh_db orig
	restore_db "$v" orig "$in" || { not_ok "$a: restoring the input failed"; continue; }
	want=$(psql_q orig "$LO_QUERY")
	case $want in
	424242=27:*,424243=*,424244=0:*) ;;
	*) not_ok "$a: unexpected large objects in the input: $want"; continue ;;
	esac
	script_of "$in" >"$T/in.sql"
	check "$a: the input's script holds the payload (sanity)" grep -q "$PAYLOAD_HEX" "$T/in.sql"

	# keep
	if run_ok "$a keep" -r "$KEEP" -i "$in" -o "$T/keep.dump"; then
		fresh_db kept
		if restore_db "$v" kept "$T/keep.dump"; then
			check_eq "$a keep: large objects restored with their content" "$want" "$(psql_q kept "$LO_QUERY")"
		else
			not_ok "$a keep: restore failed"
		fi
	fi

	# drop, output to a file, restored from the file
	if run_ok "$a drop" -r "$DROP" -i "$in" -o "$T/drop.dump"; then
		fresh_db dropped
		if restore_db "$v" dropped "$T/drop.dump"; then
			check_eq "$a drop: large objects exist and are empty" "424242=0,424243=0,424244=0" \
				"$(psql_q dropped "SELECT string_agg(oid || '=' || length(lo_get(oid)), ',' ORDER BY oid) FROM pg_largeobject_metadata")"
			check_eq "$a drop: the large object's comment stays" "a large object" \
				"$(psql_q dropped "SELECT obj_description(424242, 'pg_largeobject')")"
			check_eq "$a drop: table data untouched" "200" "$(psql_q dropped "SELECT count(*) FROM public.people")"
		else
			not_ok "$a drop: restore failed"
		fi
		check "$a drop: payload not in the output's bytes" bash -c '! LC_ALL=C grep -qaF "$1" "$2"' _ "$PAYLOAD" "$T/drop.dump"
		script_of "$T/drop.dump" "$v" >"$T/drop.sql"
		check "$a drop: payload not in the output's script" bash -c '! grep -q "$1" "$2"' _ "$PAYLOAD_HEX" "$T/drop.sql"
		# Writing each large object empty (lo_open + lo_close) or leaving the BLOBS block
		# empty (no statements: BLOB / BLOB METADATA already create the objects) both do.
		lo_filter "$T/in.sql" >"$T/in.nolo.sql"
		lo_filter "$T/drop.sql" >"$T/drop.nolo.sql"
		check_same_file "$a drop: script equals the input's but for large object data" \
			"$T/in.nolo.sql" "$T/drop.nolo.sql"
	fi

	# drop through a pipe into pg_restore -d
	fresh_db piped
	timeout -k 5 "$SCRUB_TIMEOUT" "$PGSCRUB" -r "$DROP" <"$in" 2>"$SCRUB_ERR" | restore_db "$v" piped
	st=("${PIPESTATUS[@]}")
	SCRUB_RC=${st[0]}
	if scrub_crashed || [ "$SCRUB_RC" -ne 0 ]; then
		not_ok "$a drop (pipe): pgscrub exit $SCRUB_RC $SCRUB_WHY: $(scrub_stderr)"
	elif [ "${st[1]}" -ne 0 ]; then
		not_ok "$a drop (pipe): pg_restore -d failed"
	else
		check_eq "$a drop (pipe): large objects exist and are empty" "424242=0,424243=0,424244=0" \
			"$(psql_q piped "SELECT string_agg(oid || '=' || length(lo_get(oid)), ',' ORDER BY oid) FROM pg_largeobject_metadata")"
	fi
done

# unlisted = error and no large_objects setting.
for a in pg15-gzip-file pg18-lz4-pipe; do
	in=$ARCHIVES/$a.dump
	rm -f "$T/out.dump"
	scrub -r "$T/nolo.ini" -i "$in" -o "$T/out.dump"
	if scrub_crashed; then
		not_ok "$a, unlisted = error, no large_objects: pgscrub $SCRUB_WHY"
	else
		check "$a, unlisted = error, no large_objects: refused" test "$SCRUB_RC" -ne 0
		check "$a, unlisted = error, no large_objects: one-line error ($(scrub_stderr))" scrub_error_ok
		check "$a, unlisted = error, no large_objects: no output file" test ! -e "$T/out.dump"
	fi
	run_ok "$a, unlisted = error, large_objects = keep: accepted" -r "$T/nolo-keep.ini" -i "$in" -o "$T/out.dump" \
		&& ok "$a, unlisted = error, large_objects = keep: accepted"
done
run_ok "pg15-gzip-noblobs, unlisted = error, no large_objects: accepted (no large objects)" \
	-r "$T/nolo.ini" -i "$ARCHIVES/pg15-gzip-noblobs.dump" -o "$T/out.dump" \
	&& ok "pg15-gzip-noblobs, unlisted = error, no large_objects: accepted"

finish
