#!/usr/bin/env bash
# test_ddl_forms.sh — the DDL forms of PostgreSQL's regression database (issue 9).
#
# fixtures/ddl-forms.sql (typed tables with column options, OF type partitions, exotic
# defaults, collations, storage options, compression, generated and identity columns,
# inheritance with NO INHERIT checks and several parents, UNLOGGED, no columns, quoted
# names, domains over domains, arrays of composites) dumped by pg_dump 15, 17 and 18, and
# pg_dump -t of an inheritance child without its parent (fixtures/make-fixtures.sh). For
# each archive:
#   - keep-only: the SQL script of the output (pg_restore -f -) equals the input's;
#   - pgscrub init writes rules that pgscrub check passes;
#   - a run with those rules restores into a fresh database with the pg_restore of the
#     dump's version (--exit-on-error for pg_dump 15; pg_restore 17/18 on this PostgreSQL
#     15 server always fail one SET per connection, which restore_db tolerates and
#     nothing else), and the rows are all there.
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients

ARCHS="pg15-gzip-ddl-forms pg17-lz4-ddl-forms pg18-zstd-ddl-forms pg18-gzip-ddl-child"
for n in $ARCHS; do
	[ -s "$ARCHIVES/$n.dump" ] || fail "fixture archive $n.dump is missing (run fixtures/make-fixtures.sh ddl-forms)"
done
pg_start

T=$(tmp)
keep_rules "$T/keep.ini"
export PGSCRUB_KEY=ddl-forms-e2e-key-0123456789abcdef

# ok_run NAME: the last scrub exited 0 (else counts a failure).
ok_run() {
	if scrub_crashed; then not_ok "$1: pgscrub $SCRUB_WHY: $(scrub_stderr)"; return 1; fi
	if [ "$SCRUB_RC" -ne 0 ]; then not_ok "$1: pgscrub exit $SCRUB_RC: $(scrub_stderr)"; return 1; fi
	ok "$1"
}

# rows DB: "table count" of every table of schema ddl, sorted.
rows() {
	psql_q "$1" "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'ddl' AND c.relkind = 'r' ORDER BY 1" |
	while read -r t; do
		printf '%s %s\n' "$t" "$(psql_q "$1" "SELECT count(*) FROM ONLY ddl.\"$t\"")"
	done
}

for n in $ARCHS; do
	in=$ARCHIVES/$n.dump
	v=$(archive_pg_version "$in")

	# keep-only round trip
	scrub -r "$T/keep.ini" -i "$in" -o "$T/$n.keep.dump"
	if ok_run "$n: keep-only run"; then
		script_of "$in" "$v" >"$T/$n.in.sql" || not_ok "$n: pg_restore -f - of the input"
		script_of "$T/$n.keep.dump" "$v" >"$T/$n.keep.sql" || not_ok "$n: pg_restore -f - of the output"
		check_same_file "$n: keep-only script equals the input's" "$T/$n.in.sql" "$T/$n.keep.sql"
	fi

	# init, then check on what it wrote
	rc=0
	timeout 60 "$PGSCRUB" init "$in" >"$T/$n.ini" 2>"$T/$n.init.err" || rc=$?
	check_eq "$n: init exits 0 ($(e2e_trim "$(cat "$T/$n.init.err")"))" 0 "$rc"
	rc=0
	timeout 60 "$PGSCRUB" check -r "$T/$n.ini" "$in" >"$T/$n.check.out" 2>&1 || rc=$?
	check_eq "$n: check passes on init's rules ($(e2e_trim "$(tail -n 5 "$T/$n.check.out")"))" 0 "$rc"

	# a run with init's rules restores
	scrub -r "$T/$n.ini" -i "$in" -o "$T/$n.out.dump"
	ok_run "$n: run with init's rules" || continue
	db=ddl_${v}_$$
	fresh_db "$db"
	case $n in
	*ddl-child)
		# pg_dump -t child: the parent and its schema are the database's
		psql_q "$db" "CREATE SCHEMA ddl; CREATE TABLE ddl.parent_a (a_id int NOT NULL,
			shared text, CONSTRAINT a_pos CHECK (a_id > 0) NO INHERIT)" >/dev/null ||
			not_ok "$n: cannot create the parent" ;;
	esac
	if [ "$v" = 15 ]; then
		check "$n: restores (pg_restore $v --exit-on-error)" \
			restore_db "$v" "$db" --exit-on-error "$T/$n.out.dump"
	else
		check "$n: restores (pg_restore $v)" restore_db "$v" "$db" "$T/$n.out.dump"
	fi
	# the rows are all there (compare with a keep-only restore)
	ref=ddlref_${v}_$$
	fresh_db "$ref"
	case $n in
	*ddl-child)
		psql_q "$ref" "CREATE SCHEMA ddl; CREATE TABLE ddl.parent_a (a_id int NOT NULL,
			shared text, CONSTRAINT a_pos CHECK (a_id > 0) NO INHERIT)" >/dev/null ;;
	esac
	restore_db "$v" "$ref" "$in" || not_ok "$n: the input does not restore"
	check_eq "$n: every row restored" "$(rows "$ref")" "$(rows "$db")"
	psql -X -q -d postgres -c "DROP DATABASE \"$db\"" -c "DROP DATABASE \"$ref\"" >/dev/null 2>&1
done

# pg_dump -t child: a section for the parent is a warning, not a stale section; a rule
# that needs an inherited column's type names the missing parent.
in=$ARCHIVES/pg18-gzip-ddl-child.dump
printf '[pgscrub]\nunlisted = error\nsecret_env = PGSCRUB_KEY\n[ddl.parent_a]\na_id = keep\n[ddl.child_only]\n* = keep\nemail = email\n' >"$T/child.ini"
rc=0
"$PGSCRUB" check -r "$T/child.ini" "$in" >"$T/child.out" 2>&1 || rc=$?
check_eq "child: check passes with a warning" 0 "$rc"
check "child: the warning names the missing parent" \
	grep -q 'warning: .*\[ddl.parent_a\] cannot apply to its child ddl.child_only: table ddl.parent_a is not in the archive' "$T/child.out"
printf '[pgscrub]\nunlisted = keep\nsecret_env = PGSCRUB_KEY\n[ddl.child_only]\nshared = null\n' >"$T/child2.ini"
scrub -r "$T/child2.ini" -i "$in" -o "$T/child2.dump"
check_eq "child: a rule needing an inherited column's type exits 3" 3 "$SCRUB_RC"
check "child: ... naming the parent" grep -q 'inherited from table ddl.parent_a, which is not in the archive' "$SCRUB_ERR"

finish
