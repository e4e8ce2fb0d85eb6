# tests/e2e/lib.sh — shared harness of the end-to-end tests (bash, sourced).
#
#     . "$(dirname "$0")/lib.sh"
#     need_pgscrub                  # skip (77) when $PGSCRUB is not runnable
#     pg_start                      # throwaway PostgreSQL 15 as user postgres, unix socket only
#     check "what" cmd args...      # counts a pass or a failure
#     finish                        # last line "e2e-NAME: N passed, N failed", exit 0 or 1
#
# Environment read:
#   PGSCRUB             the pgscrub binary (default: $PGSCRUB_SOURCE_DIR/build/pgscrub)
#   PGSCRUB_SOURCE_DIR  the repository (default: two directories above this file)
#   PG_BINDIR           server binaries (default /usr/lib/postgresql/15/bin)
#   PG_VERSIONS_DIR     pg_dump/pg_restore/psql 17 and 18 (default /opt/pg-versions/bin,
#                       made by .ci/pg-versions.sh)
#   E2E_KEEP=1          keep the temporary directories (printed at exit) for debugging
# Environment set by pg_start: PGHOST (the socket directory), PGPORT, PGUSER=postgres.
#
# Exit status of a test: 0 all checks passed, 1 a check failed or fail() was called,
# 77 skip() (ctest shows it as skipped; CI treats a skip as a failure).
#
# Nothing here uses TCP: the server listens on a unix socket in its own temp directory.

set -uo pipefail

E2E_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${PGSCRUB_SOURCE_DIR:=$(cd "$E2E_LIB_DIR/../.." && pwd)}"
: "${PGSCRUB:=$PGSCRUB_SOURCE_DIR/build/pgscrub}"
: "${PG_BINDIR:=/usr/lib/postgresql/15/bin}"
: "${PG_VERSIONS_DIR:=/opt/pg-versions/bin}"
FIXTURES=$PGSCRUB_SOURCE_DIR/fixtures
ARCHIVES=$FIXTURES/archives
export PGSCRUB PGSCRUB_SOURCE_DIR

# Name used in the summary line: test_keep_identity.sh -> keep_identity.
E2E_NAME=$(basename "$0" .sh)
E2E_NAME=${E2E_NAME#test_}
E2E_PASSED=0
E2E_FAILED=0
E2E_PGDIR=          # set by pg_start
E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/pgscrub-e2e-$E2E_NAME.XXXXXX") || {
	echo "e2e-$E2E_NAME: cannot create a temporary directory" >&2; exit 1; }

# ---- reporting ----------------------------------------------------------------------

ok()     { E2E_PASSED=$((E2E_PASSED + 1)); [ -z "${E2E_VERBOSE:-}" ] || echo "ok: $*"; }
not_ok() { E2E_FAILED=$((E2E_FAILED + 1)); echo "FAIL: $*" >&2; }

# check DESCRIPTION CMD [ARGS...]: run CMD, pass when it exits 0.
check() {
	local what=$1; shift
	if "$@"; then ok "$what"; else not_ok "$what (exit $?: $*)"; fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" == "$3" ]; then ok "$1"
	else not_ok "$1: expected '$(e2e_trim "$2")', got '$(e2e_trim "$3")'"; fi
}

# check_same_file DESCRIPTION FILE_A FILE_B: byte-equal files; shows the first differences.
check_same_file() {
	if cmp -s "$2" "$3"; then ok "$1"; return 0; fi
	not_ok "$1: $2 and $3 differ"
	diff -a "$2" "$3" 2>&1 | head -n 20 | sed 's/^/    /' >&2
	return 1
}

e2e_trim() { local s=${1//$'\n'/\\n}; [ ${#s} -le 300 ] && printf '%s' "$s" || printf '%s...' "${s:0:300}"; }

e2e_summary() { echo "e2e-$E2E_NAME: $E2E_PASSED passed, $E2E_FAILED failed"; }

# finish: print the summary line and exit 0 (no failure) or 1.
finish() {
	e2e_summary
	[ "$E2E_FAILED" -eq 0 ] && exit 0
	exit 1
}

# fail MESSAGE: fatal failure — counts one, prints the summary, exits 1.
fail() {
	echo "e2e-$E2E_NAME: error: $*" >&2
	E2E_FAILED=$((E2E_FAILED + 1))
	e2e_summary
	exit 1
}

# skip MESSAGE: the test cannot run here; exit 77.
skip() {
	echo "e2e-$E2E_NAME: skipped: $*" >&2
	e2e_summary
	exit 77
}

# ---- cleanup --------------------------------------------------------------------

# At exit, also after fail/skip/INT/TERM: stop the server, remove the temporary directories.
# (SIGKILL, e.g. a ctest timeout, skips this: pg_start's watchdog covers that case.)
e2e_cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	pg_stop
	if [ -n "${E2E_KEEP:-}" ]; then
		echo "e2e-$E2E_NAME: kept $E2E_TMP ${E2E_PGDIR:-}" >&2
	else
		rm -rf "$E2E_TMP"
		[ -z "$E2E_PGDIR" ] || rm -rf "$E2E_PGDIR"
	fi
	exit "$rc"
}
trap e2e_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# tmp: the test's scratch directory (removed at exit).
tmp() { printf '%s\n' "$E2E_TMP"; }

# ---- PostgreSQL server ------------------------------------------------------------

# as_postgres CMD...: run CMD as the postgres OS user (directly when not root).
as_postgres() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
	else "$@"; fi
}

# pg_start: initdb + start a throwaway server; idempotent within one script.
pg_start() {
	local b=$PG_BINDIR data t i
	if [ -n "$E2E_PGDIR" ] && as_postgres "$b/pg_ctl" status -D "$E2E_PGDIR/data" >/dev/null 2>&1; then
		return 0
	fi
	for t in initdb pg_ctl postgres; do
		[ -x "$b/$t" ] || skip "PostgreSQL server binary $b/$t not found (apt-get install postgresql-15)"
	done
	command -v psql >/dev/null || skip "psql not found (apt-get install postgresql-client-15)"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || skip "running as root but there is no 'postgres' user"
		command -v runuser >/dev/null || skip "runuser not found"
	fi
	E2E_PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/pgscrub-e2e-pg.XXXXXX") || fail "mktemp failed"
	chmod 755 "$E2E_PGDIR"
	[ "$(id -u)" -ne 0 ] || chown postgres: "$E2E_PGDIR"
	data=$E2E_PGDIR/data
	if ! as_postgres "$b/initdb" -D "$data" -U postgres -E UTF8 --locale=C -A trust --no-sync \
			>"$E2E_PGDIR/initdb.log" 2>&1; then
		cat "$E2E_PGDIR/initdb.log" >&2
		fail "initdb failed"
	fi
	# Settings in the config file rather than on a command line: no shell quoting games.
	cat >>"$data/postgresql.conf" <<-EOF
		listen_addresses = ''
		unix_socket_directories = '$E2E_PGDIR'
		port = 5432
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		max_connections = 20
		shared_buffers = 32MB
		max_wal_size = 256MB
		autovacuum = off
		timezone = 'UTC'
		log_min_messages = warning
		log_min_error_statement = panic
		client_min_messages = warning
	EOF
	if ! as_postgres "$b/pg_ctl" -D "$data" -l "$E2E_PGDIR/server.log" -w -t 60 start \
			>"$E2E_PGDIR/pg_ctl.log" 2>&1; then
		cat "$E2E_PGDIR/pg_ctl.log" "$E2E_PGDIR/server.log" >&2 2>/dev/null
		fail "the PostgreSQL server did not start"
	fi
	# Watchdog: if this script dies without running its EXIT trap (SIGKILL), stop the server
	# and remove the temporary directories. Double fork + setsid: it outlives a killed process tree and
	# holds none of the script's output pipes open.
	( setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 2; done
		[ -d "$2/data" ] || exit 0
		if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$3/pg_ctl" -D "$2/data" -m immediate stop
		else "$3/pg_ctl" -D "$2/data" -m immediate stop; fi
		[ -n "$4" ] || rm -rf "$2" "$5"' _ $$ "$E2E_PGDIR" "$b" "${E2E_KEEP:-}" "$E2E_TMP" </dev/null >/dev/null 2>&1 & )
	export PGHOST=$E2E_PGDIR PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
	unset PGPASSWORD PGSERVICE PGHOSTADDR PGOPTIONS PGTZ PGCLIENTENCODING 2>/dev/null || true
	for i in $(seq 1 100); do
		psql -X -q -At -c 'select 1' >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	fail "the PostgreSQL server does not accept connections (log: $E2E_PGDIR/server.log)"
}

pg_stop() {
	[ -n "$E2E_PGDIR" ] && [ -d "$E2E_PGDIR/data" ] || return 0
	as_postgres "$PG_BINDIR/pg_ctl" -D "$E2E_PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
}

# psql_q DB SQL: run SQL, print unaligned tuples-only output; non-zero exit on any error.
psql_q() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# fresh_db NAME: drop (if present) and create an empty database.
fresh_db() {
	psql -X -q -v ON_ERROR_STOP=1 -d postgres \
		-c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\"" >/dev/null \
		|| fail "cannot create database $1"
}

# ---- client tools and archives ------------------------------------------------------

# restore_tool VERSION: path of pg_restore VERSION (15 = the system one).
restore_tool() { pg_tool pg_restore "$1"; }
dump_tool()    { pg_tool pg_dump "$1"; }

pg_tool() {
	local p
	case $2 in
	15) p=/usr/bin/$1; [ -x "$p" ] || p=$PG_BINDIR/$1 ;;
	17|18) p=$PG_VERSIONS_DIR/$1-$2 ;;
	*) echo "e2e-$E2E_NAME: no $1 for PostgreSQL version '$2'" >&2; return 1 ;;
	esac
	[ -x "$p" ] || { echo "e2e-$E2E_NAME: $1 $2 not found at $p" >&2; return 1; }
	printf '%s\n' "$p"
}

# need_clients: skip unless pg_dump/pg_restore/psql 15, 17 and 18 are all there.
need_clients() {
	local v t
	for v in 15 17 18; do
		for t in pg_dump pg_restore psql; do
			pg_tool "$t" "$v" >/dev/null 2>&1 ||
				skip "$t $v not found (.ci/pg-versions.sh installs 17 and 18)"
		done
	done
}

# archive_pg_version FILE: major version of the pg_dump that wrote FILE: from the
# fixture name (pgNN-...), else from the archive version in the header (1.14 -> 15, else 18).
archive_pg_version() {
	local b; b=$(basename "$1")
	case $b in
	pg[0-9][0-9]-*) printf '%s\n' "${b:2:2}"; return ;;
	esac
	case $(od -An -tu1 -j6 -N1 "$1" 2>/dev/null | tr -d ' ') in
	12|13|14) echo 15 ;;
	*) echo 18 ;;
	esac
}

# restore_tool_for FILE: the pg_restore that matches the archive.
restore_tool_for() { restore_tool "$(archive_pg_version "$1")"; }

# The archive matrix: every pg_dump version x compression x (file | pipe).
fixture_archives() {
	local v c m
	for v in 15 17 18; do
		if [ "$v" = 15 ]; then set -- none gzip; else set -- none gzip lz4 zstd; fi
		for c in "$@"; do
			for m in file pipe; do
				printf '%s\n' "$ARCHIVES/pg$v-$c-$m.dump"
			done
		done
	done
}

# Archives made with special pg_dump options (see fixtures/README.md).
fixture_special_archives() {
	local n
	for n in pg18-gzip-statistics pg18-gzip-statistics-no-data pg18-gzip-statistics-only \
		pg18-gzip-statistics-exclude-data pg17-gzip-inserts pg17-gzip-column-inserts \
		pg18-gzip-quote-all pg18-gzip-partition-root pg17-gzip-schema-only \
		pg18-none-sjis pg15-gzip-noblobs; do
		printf '%s\n' "$ARCHIVES/$n.dump"
	done
}

# need_fixtures: skip unless the generated archives are present.
need_fixtures() {
	local f
	while read -r f; do
		[ -s "$f" ] || fail "fixture archive $f is missing (run fixtures/make-fixtures.sh)"
	done < <(fixture_archives; fixture_special_archives)
}

# script_of FILE [VERSION]: print the SQL script pg_restore makes of FILE (stdout).
# A fixed \restrict key keeps the scripts of pg_restore 15.14+/17.6+ comparable.
script_of() {
	local v=${2:-$(archive_pg_version "$1")} tool
	tool=$(restore_tool "$v") || return 1
	"$tool" --restrict-key=pgscrube2e -f - "$1"
}

# restore_db VERSION DB [PG_RESTORE_ARGS...]: pg_restore -d DB with pg_restore VERSION; the
# archive is the last argument or stdin. Succeeds when pg_restore exits 0, or exits 1 and
# the only errors are the ones pg_restore 17+ always causes on this PostgreSQL 15 server:
# it sends "SET transaction_timeout = 0;" on every connection without looking at the
# server version (the parameter is unknown before 17), one error per connection, also
# with -j. Parallel workers write their messages in pieces that interleave on stderr, so
# the known pieces are removed from the whole text and nothing else may remain.
# Anything else is printed and fails.
restore_db() {
	local v=$1 db=$2 tool rc=0 err=$E2E_TMP/restore.err rest
	shift 2
	tool=$(restore_tool "$v") || return 1
	"$tool" -d "$db" "$@" 2>"$err" || rc=$?
	if [ "$rc" -eq 1 ] && [ "$v" -ge 17 ]; then
		rest=$(sed -e 's/could not execute query: ERROR:  unrecognized configuration parameter "transaction_timeout"//g' \
			-e 's/Command was: SET transaction_timeout = 0;//g' \
			-e 's/errors ignored on restore: [0-9]*//g' \
			-e 's/pg_restore: //g; s/pg_restore://g; s/error: //g; s/warning: //g' "$err" | tr -d ' \n')
		[ -n "$rest" ] || rc=0
	fi
	[ "$rc" -eq 0 ] && return 0
	sed 's/^/    /' "$err" | head -n 20 >&2
	return 1
}

# list_of FILE [VERSION]: pg_restore -l of FILE without the "Archive created at" line
# (the one header field pgscrub may change).
list_of() {
	local v=${2:-$(archive_pg_version "$1")} tool
	tool=$(restore_tool "$v") || return 1
	"$tool" -l "$1" | grep -v '^; Archive created at '
}

# ---- pgscrub ---------------------------------------------------------------------

need_pgscrub() {
	[ -x "$PGSCRUB" ] || skip "pgscrub binary not found: PGSCRUB=$PGSCRUB"
	# A binary that cannot even print its usage is not built yet.
	local rc=0
	timeout 10 "$PGSCRUB" --help >/dev/null 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || skip "pgscrub --help exits $rc: the binary does not work"
}

# scrub ARGS...: run pgscrub under a timeout (SCRUB_TIMEOUT, default 20 s), stdin from the
# caller. Sets SCRUB_RC; stderr goes to $SCRUB_ERR.
SCRUB_ERR=$E2E_TMP/scrub.err
: "${SCRUB_TIMEOUT:=20}"
scrub() {
	SCRUB_RC=0
	timeout -k 5 "$SCRUB_TIMEOUT" "$PGSCRUB" "$@" 2>"$SCRUB_ERR" || SCRUB_RC=$?
	return 0
}

# scrub_from_pipe IN ARGS...: like scrub, but IN is fed through a pipe (not seekable).
scrub_from_pipe() {
	local in=$1 st
	shift
	cat "$in" | timeout -k 5 "$SCRUB_TIMEOUT" "$PGSCRUB" "$@" 2>"$SCRUB_ERR"
	st=("${PIPESTATUS[@]}")
	SCRUB_RC=${st[1]}
}

# scrub_pipe IN OUT ARGS...: like scrub, but IN is fed through a pipe and stdout goes
# through a pipe into OUT, so neither end is seekable.
scrub_pipe() {
	local in=$1 out=$2 st
	shift 2
	cat "$in" | timeout -k 5 "$SCRUB_TIMEOUT" "$PGSCRUB" "$@" 2>"$SCRUB_ERR" | cat >"$out"
	st=("${PIPESTATUS[@]}")
	SCRUB_RC=${st[1]}
}

# After a run: SCRUB_RC holds its exit status and $SCRUB_ERR its stderr. The checks below
# run thousands of times in test_corrupt.sh, so they use no subshell or external command.

# scrub_collect: SCRUB_STDERR = the last run's stderr.
scrub_collect() {
	SCRUB_STDERR=""
	IFS= read -r -d '' SCRUB_STDERR <"$SCRUB_ERR" || true
}

# scrub_crashed: true (0) when the last run hung, died of a signal or a sanitizer reported
# something; SCRUB_WHY says which.
scrub_crashed() {
	scrub_collect
	SCRUB_WHY=""
	case $SCRUB_RC in
	124|137) SCRUB_WHY="timed out (exit $SCRUB_RC)" ;;
	86|87) SCRUB_WHY="sanitizer exit code $SCRUB_RC (tests/run.sh sets ASAN/UBSAN exitcode 86/87)" ;;
	*)
		if [ "$SCRUB_RC" -ge 128 ]; then
			SCRUB_WHY="killed by signal $((SCRUB_RC - 128))"
		else
			case $SCRUB_STDERR in
			*AddressSanitizer*|*LeakSanitizer*|*UndefinedBehaviorSanitizer*|*"runtime error:"*)
				SCRUB_WHY="sanitizer report" ;;
			esac
		fi ;;
	esac
	[ -n "$SCRUB_WHY" ]
}

# scrub_error_ok: stderr of the last (failed) run is exactly one "pgscrub: error: " line,
# optionally followed by one "pgscrub: hint: " line.
scrub_error_ok() {
	local e first rest
	scrub_collect
	e=${SCRUB_STDERR%$'\n'}
	first=${e%%$'\n'*}
	[[ $first == "pgscrub: error: "* ]] || return 1
	[ "$first" != "$e" ] || return 0
	rest=${e#*$'\n'}
	[[ $rest == "pgscrub: hint: "* && $rest != *$'\n'* ]]
}

# scrub_refused: the last run refused the input the documented way: exit 1 (input cannot be
# read or is unsupported) or 3 (the rules do not cover or fit it), with a clean message.
scrub_refused() {
	case $SCRUB_RC in 1|3) scrub_error_ok ;; *) return 1 ;; esac
}

# scrub_stderr: the last run's stderr, shortened, for messages.
scrub_stderr() { scrub_collect; e2e_trim "${SCRUB_STDERR:0:600}"; }

# keep_rules FILE: the keep-everything rules.
keep_rules() {
	printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n' >"$1"
}
