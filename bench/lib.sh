# bench/lib.sh — shared by bench/run.sh and bench/subset.sh (sourced, not run): messages,
# cleanup, building pgscrub and zfloor, a throwaway PostgreSQL on a unix socket, timing
# with peak RSS, and bench/results.md's sections.
#
# The sourcing script sets, before it sources this file: BENCH_NAME (message prefix),
# SRC, CACHE, WORK, KEEP, REPEAT, PG_BINDIR, RESULTS; and PGDIR= (empty).

say()  { printf '%s: %s\n' "$BENCH_NAME" "$*" >&2; }
die()  { printf '%s: error: %s\n' "$BENCH_NAME" "$*" >&2; exit 1; }

cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	pg_stop
	if [ "$KEEP" = 1 ]; then
		say "kept $WORK${PGDIR:+ and $PGDIR}"
	else
		rm -rf "$WORK"
		[ -z "$PGDIR" ] || rm -rf "$PGDIR"
	fi
	exit "$rc"
}

# Installs cleanup on exit and the usual exit statuses for signals.
install_traps() {
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
}

# ---- build -------------------------------------------------------------------------

BUILD_NOTE="cmake Release (build-bench)"

build_pgscrub() {
	local log=$WORK/build.log attempt
	if [ -n "${PGSCRUB:-}" ]; then
		[ -x "$PGSCRUB" ] || die "PGSCRUB=$PGSCRUB is not executable"
		BUILD_NOTE="given binary $PGSCRUB"
		PGSCRUB_GIVEN=1
		return 0
	fi
	PGSCRUB=$SRC/build-bench/pgscrub
	# Exactly the documented Release build (COMPILE_WARNING_AS_ERROR included): a
	# warning is a build failure, and the benchmark measures nothing else.
	for attempt in 1 2 3 4 5; do
		say "building pgscrub (Release, build-bench), attempt $attempt"
		if (cd "$SRC" && cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release &&
		    cmake --build build-bench -j2 --target pgscrub) >"$log" 2>&1; then
			return 0
		fi
		if grep -qE ': (error|warning): ' "$log"; then
			grep -E ': (error|warning): ' "$log" | sort -u | head -n 20 | sed 's/^/    /' >&2
		else
			tail -n 15 "$log" | sed 's/^/    /' >&2
		fi
		[ "$attempt" -lt 5 ] || die "pgscrub does not build with the documented Release build (log: $log)"
		say "build failed (a file may be mid-edit); retrying in 60 s"
		sleep 60
	done
}

build_zfloor() {
	ZFLOOR=$CACHE/bin/zfloor
	say "building zfloor"
	(cd "$SRC" && gcc -O2 -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -Iinclude \
		-o "$ZFLOOR" bench/zfloor.c src/archive.c src/io.c src/buf.c src/error.c \
		src/compress.c -lz -llz4 -lzstd) || die "zfloor does not build"
}

# ---- throwaway PostgreSQL (unix socket only, never TCP) ---------------------------------

as_postgres() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
	local i
	for i in initdb pg_ctl postgres; do
		[ -x "$PG_BINDIR/$i" ] || die "$PG_BINDIR/$i not found"
	done
	PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/pgscrub-bench-pg.XXXXXX")
	chmod 755 "$PGDIR"
	[ "$(id -u)" -ne 0 ] || chown postgres: "$PGDIR"
	as_postgres "$PG_BINDIR/initdb" -D "$PGDIR/data" -U postgres -E UTF8 --locale=C \
		-A trust --no-sync >"$PGDIR/initdb.log" 2>&1 ||
		{ cat "$PGDIR/initdb.log" >&2; die "initdb failed"; }
	# wal_level = minimal: the big table is created and filled in one transaction,
	# so its rows are not WAL-logged.
	cat >>"$PGDIR/data/postgresql.conf" <<-EOF
		listen_addresses = ''
		unix_socket_directories = '$PGDIR'
		port = 5432
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		wal_level = minimal
		max_wal_senders = 0
		max_wal_size = 8GB
		checkpoint_timeout = 30min
		shared_buffers = 256MB
		maintenance_work_mem = 256MB
		work_mem = 64MB
		max_connections = 10
		autovacuum = off
		timezone = 'UTC'
		log_min_messages = warning
		client_min_messages = warning
	EOF
	as_postgres "$PG_BINDIR/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 120 start \
		>"$PGDIR/pg_ctl.log" 2>&1 ||
		{ cat "$PGDIR/pg_ctl.log" "$PGDIR/server.log" >&2 2>/dev/null; die "PostgreSQL did not start"; }
	export PGHOST=$PGDIR PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
	unset PGPASSWORD PGSERVICE PGHOSTADDR PGOPTIONS PGTZ PGCLIENTENCODING 2>/dev/null || true
	for i in $(seq 1 100); do
		psql -X -q -At -c 'select 1' >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	die "PostgreSQL does not accept connections (log: $PGDIR/server.log)"
}

pg_stop() {
	[ -n "$PGDIR" ] && [ -d "$PGDIR/data" ] || return 0
	as_postgres "$PG_BINDIR/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
}

psql_run() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

# pg_restore 17 sets transaction_timeout, which PostgreSQL 15 does not know: once per
# connection, an error that changes nothing.  Needs PG_RESTORE and WORK.
# restore_parallel DB ARCHIVE: pg_restore-17 -j 2 -d DB ARCHIVE; fails on any error but
# the transaction_timeout one.
restore_parallel() {
	local rc=0 rest
	"$PG_RESTORE" -j 2 -d "$1" "$2" 2>"$WORK/restore-$1.err" || rc=$?
	if [ "$rc" -eq 1 ]; then
		rest=$(sed -e 's/could not execute query: ERROR:  unrecognized configuration parameter "transaction_timeout"//g' \
			-e 's/Command was: SET transaction_timeout = 0;//g' \
			-e 's/errors ignored on restore: [0-9]*//g' \
			-e 's/pg_restore: //g; s/pg_restore://g; s/error: //g; s/warning: //g' \
			"$WORK/restore-$1.err" | tr -d ' \n')
		[ -n "$rest" ] || rc=0
	fi
	[ "$rc" -eq 0 ] || { head -n 20 "$WORK/restore-$1.err" >&2; return 1; }
}


zf() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

# ---- measuring --------------------------------------------------------------------------

# measure NAME CMD...: run CMD $REPEAT times (the output file, if any, removed before
# each run); M_S = best wall seconds, M_RSS = highest peak RSS (KiB). stderr of the
# last run in $WORK/NAME.err.
measure() {
	local name=$1 i t0 t1 s rss
	shift
	M_S=
	M_RSS=0
	for ((i = 1; i <= REPEAT; i++)); do
		rm -f "$WORK/$name.dump"
		t0=$(date +%s%N)
		/usr/bin/time -f %M -o "$WORK/$name.rss" "$@" 2>"$WORK/$name.err" ||
			{ cat "$WORK/$name.err" >&2; die "$name failed: $*"; }
		t1=$(date +%s%N)
		s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
		rss=$(tail -n 1 "$WORK/$name.rss")
		say "  $name run $i: $s s, peak RSS $rss KiB"
		if [ -z "$M_S" ] || awk -v a="$s" -v b="$M_S" 'BEGIN { exit !(a < b) }'; then M_S=$s; fi
		[ "$rss" -le "$M_RSS" ] || M_RSS=$rss
	done
}

calc() { awk "BEGIN { $1 }"; }

# other_start / other_line: how much CPU time the machine spent on work other than this
# script and its (waited-for) children while it measured: /proc/stat's busy time minus
# /proc/$$/stat's utime + stime + cutime + cstime.  The load average cannot tell: it
# counts the benchmark itself.  other_line says whether the figures are clean.
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat; }
self_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$$/stat"; }
other_start() { OTHER_B0=$(busy_ticks); OTHER_S0=$(self_ticks); OTHER_T0=$(date +%s%N); }
other_line() {
	local b1 s1 t1 hz
	b1=$(busy_ticks); s1=$(self_ticks); t1=$(date +%s%N); hz=$(getconf CLK_TCK)
	calc "o = (($b1 - $OTHER_B0) - ($s1 - $OTHER_S0)) / $hz; if (o < 0) o = 0;
	      w = ($t1 - $OTHER_T0) / 1e9;
	      if (o > 0.05 * w)
	        printf \"**Other work ran on the machine at the same time (%.1f CPU s in %.0f s): the figures are indicative.**\", o, w;
	      else
	        printf \"The machine was otherwise idle (other work: %.1f CPU s in %.0f s).\", o, w"
}

mib() { calc "printf \"%.1f\", $1 / 1024"; }
verdict() { if calc "exit !($1)"; then echo PASS; else echo MISS; fi; }

# src_rev: the tree the binary was built from, read right after the build (others may
# commit while the benchmark runs); not known for a binary given with PGSCRUB.
src_rev() {
	local rev
	if [ "${PGSCRUB_GIVEN:-0}" = 1 ]; then
		echo "not known: a given binary"
		return 0
	fi
	rev=$(git -C "$SRC" --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo unknown)
	if [ -n "$(git -C "$SRC" --no-optional-locks status --porcelain -- src include CMakeLists.txt 2>/dev/null)" ]; then
		rev="$rev + uncommitted changes in src/include"
	fi
	echo "$rev"
}

# machine_line: CPUs, RAM, OS and kernel, for the report.
machine_line() {
	local cpu mem
	cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	mem=$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
	echo "$(nproc) CPUs ($cpu), $mem GiB RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
}

# ---- results.md ---------------------------------------------------------------------------

# results_update KIND SIZE_MB REPORT: bench/results.md keeps one section per script (KIND:
# bench = run.sh, subset = subset.sh, plain = plain.sh, directory = directory.sh,
# seeds-people and seeds-subset = seeds.sh, parallel = parallel.sh, tables = tables.sh) and archive size, between markers
# "<!-- KIND size=Nmb begin/end -->"; this replaces the section of KIND and SIZE_MB with
# the file REPORT and keeps every other one (run.sh's sections first, then subset.sh's,
# smallest size first).
results_update() {
	local kind=$1 size=$2 report=$3 dir=$WORK/sections k f
	rm -rf "$dir"
	mkdir -p "$dir/bench" "$dir/subset" "$dir/plain" "$dir/directory" "$dir/seeds-people" "$dir/seeds-subset" "$dir/parallel" "$dir/tables"
	if [ -s "$RESULTS" ]; then
		awk -v dir="$dir" '
			/^<!-- (bench|subset|plain|directory|seeds-people|seeds-subset|parallel|tables) size=[0-9]+mb begin -->$/ {
				k = $2; s = $3; sub(/^size=/, "", s); sub(/mb$/, "", s); f = dir "/" k "/" s ".md"; next }
			/^<!-- (bench|subset|plain|directory|seeds-people|seeds-subset|parallel|tables) size=[0-9]+mb end -->$/ { close(f); f = ""; next }
			f != "" { print > f }' "$RESULTS"
	fi
	cp "$report" "$dir/$kind/$size.md"
	{
		printf '# pgscrub benchmark results\n\nWritten by `bench/run.sh` (throughput and memory), `bench/subset.sh` (smaller copies: a sample closed over foreign keys) and `bench/plain.sh` (plain SQL through gzip), `bench/directory.sh` (directory archives with -j), `bench/seeds.sh` (against restoring, updating and dumping again), `bench/parallel.sh` (-j: one table on several cores), `bench/tables.sh` (-j: several tables at once); see bench/README.md. One section per script and archive size, the latest run of each.\n'
		for k in bench subset plain directory seeds-people seeds-subset parallel tables; do
			for f in $(ls "$dir/$k" | sort -n); do
				printf '\n<!-- %s size=%smb begin -->\n' "$k" "${f%.md}"
				cat "$dir/$k/$f"
				printf '<!-- %s size=%smb end -->\n' "$k" "${f%.md}"
			done
		done
	} >"$WORK/results.new"
	mv "$WORK/results.new" "$RESULTS"
}
