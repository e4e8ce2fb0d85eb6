#!/usr/bin/env bash
# bench/subset.sh — a smaller copy made by pgscrub against the same copy made the seeds'
# way (restore, DELETE with cascading foreign keys, dump); see bench/README.md.
#
#   bench/subset.sh [--size-mb N] [--keep]
#
#   --size-mb N   size of the generated pg_dump 17 -Fc (gzip) archive, in MB (10^6
#                 bytes; default 1000). customers -> orders -> order_items, plus
#                 customers.referred_by -> customers (ON DELETE SET NULL). The archive
#                 is cached in bench/.cache/ and reused by later runs of the same size.
#   --generate-only  make (or find) the cached archive and stop: the measurements want a
#                 quiet machine, the generation does not.
#   --keep        keep the scratch directory (outputs, logs, report) and the PostgreSQL
#                 data directory.
#
# Environment:
#   PGSCRUB        use this pgscrub binary instead of building build-bench/pgscrub
#   BENCH_REPEAT   runs per measurement, best time kept (default 3; 1 is fine for 1 GB)
#   BENCH_CACHE    cache directory (default bench/.cache)
#   PG_BINDIR      PostgreSQL server binaries (default /usr/lib/postgresql/15/bin)
#   PG_VERSIONS_DIR  pg_dump-17 / pg_restore-17 (default /opt/pg-versions/bin)
#
# The rules keep a keyed sample(10) of the customers; the key is PGSCRUB_BENCH_KEY, which
# this script sets to a fixed value (the same customers on every run).
#
# Prints the summary as a markdown table and writes it to bench/results.md (section
# "subset size=Nmb"; a rerun replaces its own size's section, run.sh's stay).
# Exit status: 0 when everything ran and verified (targets missed or not), 1 on a
# failure to build, generate, run or verify.

set -euo pipefail

SIZE_MB=1000
KEEP=0
GENERATE_ONLY=0
while [ $# -gt 0 ]; do
	case $1 in
	--size-mb) [ $# -ge 2 ] || { echo "subset.sh: --size-mb needs a number" >&2; exit 2; }
		SIZE_MB=$2; shift 2 ;;
	--size-mb=*) SIZE_MB=${1#*=}; shift ;;
	--keep) KEEP=1; shift ;;
	--generate-only) GENERATE_ONLY=1; shift ;;
	-h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "subset.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
done
case $SIZE_MB in
''|*[!0-9]*|0) echo "subset.sh: --size-mb takes a positive whole number of MB" >&2; exit 2 ;;
esac

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$BENCH_DIR/.." && pwd)
CACHE=${BENCH_CACHE:-$BENCH_DIR/.cache}
PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
PGV=${PG_VERSIONS_DIR:-/opt/pg-versions/bin}
PG_DUMP=$PGV/pg_dump-17
PG_RESTORE=$PGV/pg_restore-17
REPEAT=${BENCH_REPEAT:-3}
RESULTS=$BENCH_DIR/results.md
TARGET_BYTES=$((SIZE_MB * 1000000))
case $REPEAT in
''|*[!0-9]*|0) echo "subset.sh: BENCH_REPEAT takes a positive whole number" >&2; exit 2 ;;
esac

mkdir -p "$CACHE/bin"
WORK=$(mktemp -d "$CACHE/subset-${SIZE_MB}mb.XXXXXX")
PGDIR=

BENCH_NAME=subset
. "$BENCH_DIR/lib.sh"
install_traps

for t in "$PG_DUMP" "$PG_RESTORE" /usr/bin/time; do
	[ -x "$t" ] || die "$t not found"
done
command -v gcc >/dev/null || die "gcc not found"
command -v python3 >/dev/null || die "python3 not found (reading pgscrub's --report needs it)"

# ---- the data set --------------------------------------------------------------------
#
# customers (id, email UNIQUE, name, created_at, is_staff, referred_by -> customers ON
# DELETE SET NULL) -> orders (1-15 per customer, 8 on average; customer_id indexed) ->
# order_items (1-7 per order, 4 on average; PK (order_id, line)). Every value is a
# function of the row's ids through hashint8() (PostgreSQL's stable integer hash), so the
# data set is the same on every run; only the customer count depends on --size-mb.
# order_items is most of the archive's bytes. The foreign keys are indexed on both
# sides, as a database that deletes through them would be.

# h(X): a non-negative 31-bit hash of the bigint X.
schema_sql() {
	cat <<'EOF'
CREATE TABLE customers (id bigint NOT NULL, email text NOT NULL, name text NOT NULL,
                        created_at timestamptz NOT NULL, is_staff boolean NOT NULL,
                        referred_by bigint);
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint NOT NULL, ordered_at timestamptz NOT NULL,
                     status text NOT NULL);
CREATE TABLE order_items (order_id bigint NOT NULL, line integer NOT NULL, sku text NOT NULL,
                          qty integer NOT NULL);
EOF
}

# data_sql N: customers 1..N with their orders and order items; then keys and indexes.
# Order ids are customer * 16 + k (k = 1..15): unique without a sequence.
data_sql() {
	cat <<EOF
INSERT INTO customers (id, email, name, created_at, is_staff, referred_by)
SELECT c, lower(fn) || '.' || lower(ln) || '.' || c || '@example.'
            || (ARRAY['com','org','net'])[1 + (h >> 4) % 3],
       fn || ' ' || ln,
       timestamptz '2018-01-01 00:00:00+00' + c * interval '41 seconds' + (h % 1000) * interval '1 ms',
       h % 500 = 0,
       CASE WHEN c > 1 AND (h >> 8) % 10 < 3 THEN 1 + (h >> 12) % (c - 1) END
FROM generate_series(1::bigint, $1) AS c,
LATERAL (SELECT hashint8(c)::bigint & 2147483647 AS h) AS x,
LATERAL (SELECT (ARRAY['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda',
                       'David','Elizabeth','William','Barbara','Richard','Susan','Joseph','Jessica',
                       'Ana','Luis','Sofia','Mateo','Emma','Noah','Olivia','Liam','Mia','Lucas',
                       'Chloe','Hugo','Lea','Jan','Eva','Piotr'])[1 + h % 32] AS fn,
                (ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis',
                       'Rodriguez','Martinez','Lopez','Gonzalez','Wilson','Anderson','Taylor',
                       'Moore','Martin','Lee','Perez','White','Harris','Clark','Lewis','Walker',
                       'Young','Allen','King','Wright','Scott','Torres','Nguyen','Hill','Schmidt',
                       'Muller','Novak','Kowalski','Silva','Santos','Rossi','Dubois'])[1 + (h >> 5) % 40] AS ln) AS y;

INSERT INTO orders (id, customer_id, ordered_at, status)
SELECT c * 16 + k, c,
       timestamptz '2018-01-01 00:00:00+00' + c * interval '41 seconds' + k * interval '9 days'
         + (ho % 86400) * interval '1 second',
       (ARRAY['new','paid','shipped','delivered','delivered','delivered','cancelled','refunded'])[1 + (ho >> 17) % 8]
FROM generate_series(1::bigint, $1) AS c,
LATERAL generate_series(1::bigint, 1 + ((hashint8(c)::bigint & 2147483647) >> 16) % 15) AS k,
LATERAL (SELECT hashint8(c * 16 + k)::bigint & 2147483647 AS ho) AS x;

INSERT INTO order_items (order_id, line, sku, qty)
SELECT c * 16 + k, l,
       'SKU-' || lpad(((hi >> 3) % 20000)::text, 5, '0'),
       CASE WHEN hi % 8 < 5 THEN 1 ELSE 1 + hi % 8 - 4 END
FROM generate_series(1::bigint, $1) AS c,
LATERAL generate_series(1::bigint, 1 + ((hashint8(c)::bigint & 2147483647) >> 16) % 15) AS k,
LATERAL generate_series(1, 1 + ((hashint8(c * 16 + k)::bigint & 2147483647) >> 20) % 7) AS l,
LATERAL (SELECT hashint8((c * 16 + k) * 8 + l)::bigint & 2147483647 AS hi) AS x;

ALTER TABLE customers ADD PRIMARY KEY (id);
ALTER TABLE customers ADD UNIQUE (email);
ALTER TABLE orders ADD PRIMARY KEY (id);
ALTER TABLE order_items ADD PRIMARY KEY (order_id, line);
CREATE INDEX ON customers (referred_by);
CREATE INDEX ON orders (customer_id);
ALTER TABLE customers ADD FOREIGN KEY (referred_by) REFERENCES customers (id) ON DELETE SET NULL;
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE order_items ADD FOREIGN KEY (order_id) REFERENCES orders (id);
EOF
}

# The cache key covers the generator: change the SQL and the archive is made again.
GEN_HASH=$( { schema_sql; data_sql N; echo "pg_dump-17 -Fc default"; } | sha1sum | cut -c1-10)
ARCHIVE=$CACHE/subset-${SIZE_MB}mb-$GEN_HASH.dump
ARCHIVE_INFO=$ARCHIVE.info

# make_db DB CUSTOMERS: the schema and CUSTOMERS customers with their orders and items.
make_db() {
	local db=$1 n=$2
	psql_run postgres "DROP DATABASE IF EXISTS $db" >/dev/null
	psql_run postgres "CREATE DATABASE $db" >/dev/null
	# One transaction: with wal_level = minimal the new tables' data skips the WAL.
	{ echo 'BEGIN;'; schema_sql; data_sql "$n"; echo 'COMMIT;'; } |
		psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null ||
		die "generating $db failed"
}

TABLES="customers orders order_items"

generate_archive() {
	local cal=20000 t0 t1 d0 d1 bpc fixed n tmp t
	say "no cached archive for ${SIZE_MB} MB: generating (PostgreSQL 15, pg_dump 17 -Fc gzip)"
	t0=$(date +%s)
	# Calibrate: compressed bytes per customer (with its orders and items), and the
	# fixed part (header, TOC).
	say "calibrating with $cal customers"
	make_db bench_cal "$cal"
	"$PG_DUMP" -Fc -f "$WORK/cal.dump" -d bench_cal || die "pg_dump of the calibration database failed"
	"$ZFLOOR" "$WORK/cal.dump" >"$WORK/cal.zf" || die "zfloor on the calibration dump failed"
	bpc=$(awk -v b="$(zf bytes_compressed "$WORK/cal.zf")" -v n="$cal" 'BEGIN { printf "%.4f", b / n }')
	fixed=$(( $(stat -c %s "$WORK/cal.dump") - $(zf bytes_compressed "$WORK/cal.zf") ))
	n=$(awk -v t="$TARGET_BYTES" -v f="$fixed" -v b="$bpc" \
		'BEGIN { r = int((t - f) / b); if (r < 1000) r = 1000; print r }')
	psql_run postgres "DROP DATABASE bench_cal" >/dev/null
	say "$bpc compressed bytes per customer, $fixed fixed bytes: generating $n customers"
	make_db bench_subset "$n"
	t1=$(date +%s)
	say "database ready in $((t1 - t0)) s; dumping with pg_dump 17 -Fc (gzip, default level)"
	tmp=$ARCHIVE.tmp
	d0=$(date +%s)
	"$PG_DUMP" -Fc -f "$tmp" -d bench_subset || die "pg_dump failed"
	d1=$(date +%s)
	{
		echo "customers_in_db $n"
		for t in $TABLES; do
			echo "rows_$t $(psql_run bench_subset "SELECT count(*) FROM $t")"
			"$ZFLOOR" --table "public.$t" "$tmp" >"$WORK/gen-$t.zf" || die "zfloor --table public.$t failed"
			echo "bytes_$t $(zf bytes_compressed "$WORK/gen-$t.zf")"
			echo "raw_$t $(zf bytes_raw "$WORK/gen-$t.zf")"
		done
		echo "generate_s $((t1 - t0))"
		echo "dump_s $((d1 - d0))"
		echo "server $(psql_run postgres 'show server_version')"
	} >"$tmp.info"
	# The source database is not needed again (the seeds' way restores the archive):
	# its disk goes back now.
	psql_run postgres "DROP DATABASE bench_subset" >/dev/null
	mv "$tmp.info" "$ARCHIVE_INFO"
	mv "$tmp" "$ARCHIVE"
	say "archive $(stat -c %s "$ARCHIVE") bytes; pg_dump took $((d1 - d0)) s"
}

# ---- restoring into PostgreSQL 15 ------------------------------------------------------
#
# pg_restore 17 sets transaction_timeout, which PostgreSQL 15 does not know: once per
# connection, an error that changes nothing. So --exit-on-error cannot be used as such.

# restore_strict DB ARCHIVE: what pg_restore --exit-on-error checks — every statement
# succeeds — with that one SET left out: pg_restore-17's script, without the line
# "SET transaction_timeout = 0;", into psql with ON_ERROR_STOP, in one transaction.
restore_strict() {
	"$PG_RESTORE" -f - "$2" | { grep -v -x 'SET transaction_timeout = 0;' || true; } |
		psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d "$1" >/dev/null 2>"$WORK/restore-$1.err"
}


# Every foreign key ON DELETE CASCADE, except SET NULL ones (tests/e2e/test_subset.sh):
# then deleting the customers that are not kept removes what pgscrub's closure removes.
CASCADE_SQL=$(cat <<'EOF'
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT conrelid::regclass AS tbl, conname, pg_get_constraintdef(oid) AS def
           FROM pg_constraint WHERE contype = 'f' AND confdeltype <> 'n' AND conparentid = 0
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname,
      regexp_replace(regexp_replace(r.def, ' ON DELETE (CASCADE|RESTRICT|SET DEFAULT|NO ACTION)', ''),
                     '(REFERENCES [^)]*\))( MATCH FULL)?', '\1\2 ON DELETE CASCADE'));
  END LOOP;
END $$;
EOF
)

# table_sums DB: per table "name count hashsum", an order-independent digest of the rows.
table_sums() {
	local t
	for t in $TABLES; do
		printf '%s %s\n' "$t" "$(psql_run "$1" "SELECT count(*) || ' ' || coalesce(sum(hashtext(x::text)::bigint), 0) FROM $t x")"
	done
}

now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

# ---- main -------------------------------------------------------------------------------

build_pgscrub
SRC_REV=$(src_rev)
build_zfloor
pg_start
if [ -s "$ARCHIVE" ] && [ -s "$ARCHIVE_INFO" ]; then
	say "using cached archive $ARCHIVE"
else
	generate_archive
fi
if [ "${GENERATE_ONLY:-0}" = 1 ]; then say "archive ready: $ARCHIVE"; exit 0; fi
ARCHIVE_BYTES=$(stat -c %s "$ARCHIVE")
ARCHIVE_MB=$(calc "printf \"%.2f\", $ARCHIVE_BYTES / 1e6")
info() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$ARCHIVE_INFO"; }
N_CUST=$(info rows_customers); N_ORD=$(info rows_orders); N_ITEMS=$(info rows_order_items)

# The rules: a keyed 10 % sample of the customers; everything else follows from the
# foreign keys. A fixed key, so every run keeps the same customers; not a secret.
export PGSCRUB_BENCH_KEY=5f1c0a7e93b24d68a1e07c3b9d52f48e6a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d
cat >"$WORK/subset.ini" <<'EOF'
[pgscrub]
unlisted = keep
secret_env = PGSCRUB_BENCH_KEY

[public.customers]
where = sample(10)
EOF

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "(a) zfloor, all table data (best of $REPEAT)"
"$ZFLOOR" --repeat "$REPEAT" "$ARCHIVE" >"$WORK/floor.txt" || die "zfloor failed"
F_S=$(zf floor_s "$WORK/floor.txt"); F_MBPS=$(zf floor_mbps "$WORK/floor.txt")
F_INF=$(zf inflate_s "$WORK/floor.txt"); F_DEF=$(zf deflate_s "$WORK/floor.txt")
F_RAW=$(zf bytes_raw "$WORK/floor.txt")

# Warm the page cache so the first measured run is not a cold read.
cat "$ARCHIVE" >/dev/null

say "(b) pgscrub -r subset.ini -i ARCHIVE -o OUT"
measure subset "$PGSCRUB" -v -r "$WORK/subset.ini" -i "$ARCHIVE" -o "$WORK/subset.dump" \
	--report "$WORK/subset.json"
B_S=$M_S B_RSS=$M_RSS
# From a pipe pgscrub spools the archive to $TMPDIR: here the scratch directory, on the
# same disk as the archive.
say "(c) cat ARCHIVE | pgscrub -r subset.ini > OUT (spooled to \$TMPDIR = $WORK)"
measure subsetpipe env TMPDIR="$WORK" sh -c 'cat "$3" | "$1" -r "$2" >"$4"' sh \
	"$PGSCRUB" "$WORK/subset.ini" "$ARCHIVE" "$WORK/subsetpipe.dump"
C_S=$M_S C_RSS=$M_RSS
[ -z "$(find "$WORK" -maxdepth 1 -name '*pgscrub*' -print -quit)" ] ||
	die "pgscrub left a temporary file in $WORK"

# ---- verification of (b) ---------------------------------------------------------------

VERIFY=()
vfail=0
verify() { # verify DESCRIPTION RESULT(ok|FAILED) [DETAIL]
	VERIFY+=("| $1 | $2 | ${3:-} |")
	[ "$2" = ok ] || vfail=1
}
say "verifying (b): restoring it into a scratch database"
psql_run postgres "DROP DATABASE IF EXISTS got" >/dev/null
psql_run postgres "CREATE DATABASE got" >/dev/null
if restore_strict got "$WORK/subset.dump"; then
	verify "(b) restores with every statement succeeding (pg_restore-17 -f - into psql, ON_ERROR_STOP, one transaction)" ok
else
	verify "(b) restores with every statement succeeding (pg_restore-17 -f - into psql, ON_ERROR_STOP, one transaction)" FAILED \
		"$(head -c 300 "$WORK/restore-got.err" | tr '\n|' ' /')"
	cat "$WORK/restore-got.err" >&2
	die "the subset does not restore; nothing else can be checked"
fi
FK_IN=$("$PG_RESTORE" -l "$ARCHIVE" | grep -c ' FK CONSTRAINT ' || true)
FK_GOT=$(psql_run got "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated")
ORPHANS=$(psql_run got "SELECT (SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id))
	+ (SELECT count(*) FROM order_items i WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = i.order_id))
	+ (SELECT count(*) FROM customers r WHERE r.referred_by IS NOT NULL
	     AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = r.referred_by))")
if [ "$FK_IN" = 3 ] && [ "$FK_GOT" = "$FK_IN" ] && [ "$ORPHANS" = 0 ]; then
	verify "(b) every foreign key restored and valid, no row without its referenced row" ok "$FK_GOT of $FK_IN keys, 0 orphans"
else
	verify "(b) every foreign key restored and valid, no row without its referenced row" FAILED \
		"$FK_GOT valid keys of $FK_IN (want 3), $ORPHANS orphans"
fi
K_CUST=$(psql_run got "SELECT count(*) FROM customers")
K_ORD=$(psql_run got "SELECT count(*) FROM orders")
K_ITEMS=$(psql_run got "SELECT count(*) FROM order_items")
SHARE=$(calc "printf \"%.2f\", 100 * $K_CUST / $N_CUST")
if calc "exit !($SHARE >= 8 && $SHARE <= 12)"; then
	verify "(b) customers kept: 8-12 % of the input's" ok "$K_CUST of $N_CUST ($SHARE %)"
else
	verify "(b) customers kept: 8-12 % of the input's" FAILED "$K_CUST of $N_CUST ($SHARE %)"
fi
# pgscrub's report against the restored rows.
REPORT_ROWS=$(python3 - "$WORK/subset.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = {x["table"]: x for x in r["tables"] if x["schema"] == "public"}
for name in ("customers", "orders", "order_items"):
    x = t[name]
    print(name, x.get("rows"), x.get("rows_kept"), x.get("removed_by_filter"),
          x.get("removed_by_cascade"), x.get("nulled"))
PY
) || die "cannot read pgscrub's report $WORK/subset.json"
rep() { awk -v t="$1" -v f="$2" '$1 == t { print $f }' <<<"$REPORT_ROWS"; }
if [ "$(rep customers 3)" = "$K_CUST" ] && [ "$(rep orders 3)" = "$K_ORD" ] &&
   [ "$(rep order_items 3)" = "$K_ITEMS" ] && [ "$(rep customers 2)" = "$N_CUST" ] &&
   [ "$(rep orders 2)" = "$N_ORD" ] && [ "$(rep order_items 2)" = "$N_ITEMS" ]; then
	verify "(b) --report: rows in = the input's, rows kept = the restored" ok \
		"customers $K_CUST, orders $K_ORD, order_items $K_ITEMS"
else
	verify "(b) --report: rows in = the input's, rows kept = the restored" FAILED \
		"report: $(tr '\n' ';' <<<"$REPORT_ROWS"); restored $K_CUST/$K_ORD/$K_ITEMS; input $N_CUST/$N_ORD/$N_ITEMS"
fi
script_sum() { "$PG_RESTORE" --restrict-key=pgscrubbench -f - "$1" | sha256sum | cut -c1-16; }
b_sum=$(script_sum "$WORK/subset.dump"); c_sum=$(script_sum "$WORK/subsetpipe.dump")
if [ "$b_sum" = "$c_sum" ]; then
	verify "(c) from a pipe: pg_restore-17 -f - script identical to (b)'s" ok "sha256 $b_sum"
else
	verify "(c) from a pipe: pg_restore-17 -f - script identical to (b)'s" FAILED "$b_sum vs $c_sum"
fi
table_sums got >"$WORK/got.sums"

# ---- (d) the seeds' way -------------------------------------------------------------------
#
# Restore the whole archive, turn the foreign keys into ON DELETE CASCADE, delete the
# customers pgscrub did not keep (their ids, read from (b)'s restored output), dump.
psql_run got "SELECT 'DELETE FROM customers WHERE id NOT IN (' || string_agg(id::text, ',' ORDER BY id) || ');' FROM customers" \
	>"$WORK/seeds-delete.sql"
psql_run postgres "DROP DATABASE got" >/dev/null
D_S= D_RESTORE= D_ALTER= D_DELETE= D_DUMP=
for ((i = 1; i <= REPEAT; i++)); do
	psql_run postgres "DROP DATABASE IF EXISTS seeds" >/dev/null
	rm -f "$WORK/seeds.dump"
	t0=$(now_ns)
	psql_run postgres "CREATE DATABASE seeds" >/dev/null
	restore_parallel seeds "$ARCHIVE" || die "(d) pg_restore-17 -j 2 -d seeds failed"
	t1=$(now_ns)
	psql -X -q -v ON_ERROR_STOP=1 -d seeds -c "$CASCADE_SQL" >/dev/null || die "(d) making the keys cascade failed"
	t2=$(now_ns)
	psql -X -q -v ON_ERROR_STOP=1 -d seeds -f "$WORK/seeds-delete.sql" >/dev/null || die "(d) DELETE failed"
	t3=$(now_ns)
	"$PG_DUMP" -Fc -f "$WORK/seeds.dump" -d seeds || die "(d) pg_dump-17 failed"
	t4=$(now_ns)
	s=$(secs "$t0" "$t4")
	say "  seeds run $i: $s s (restore $(secs "$t0" "$t1"), cascade $(secs "$t1" "$t2"), delete $(secs "$t2" "$t3"), dump $(secs "$t3" "$t4"))"
	if [ -z "$D_S" ] || calc "exit !($s < $D_S)"; then
		D_S=$s D_RESTORE=$(secs "$t0" "$t1") D_ALTER=$(secs "$t1" "$t2")
		D_DELETE=$(secs "$t2" "$t3") D_DUMP=$(secs "$t3" "$t4")
	fi
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
table_sums seeds >"$WORK/seeds.sums"
if cmp -s "$WORK/got.sums" "$WORK/seeds.sums"; then
	verify "(d) the seeds' way holds the same rows as (b) (per table: count, sum of hashtext(row))" ok \
		"$(tr '\n' ';' <"$WORK/got.sums" | sed 's/;$//; s/;/; /g')"
else
	verify "(d) the seeds' way holds the same rows as (b) (per table: count, sum of hashtext(row))" FAILED \
		"(b) $(tr '\n' ';' <"$WORK/got.sums"); (d) $(tr '\n' ';' <"$WORK/seeds.sums")"
fi
psql_run postgres "DROP DATABASE seeds" >/dev/null

# ---- report ------------------------------------------------------------------------------

mbps() { calc "printf \"%.1f\", $ARCHIVE_BYTES / 1e6 / $1"; }
B_MBPS=$(mbps "$B_S"); C_MBPS=$(mbps "$C_S"); D_MBPS=$(mbps "$D_S")
B_FLOOR=$(calc "printf \"%.2f\", $B_MBPS / $F_MBPS")
C_FLOOR=$(calc "printf \"%.2f\", $C_MBPS / $F_MBPS")
DB_RATIO=$(calc "printf \"%.1f\", $D_S / $B_S")
DC_RATIO=$(calc "printf \"%.1f\", $D_S / $C_S")
DB_OK=$(verdict "$DB_RATIO >= 5")
# Memory budget: 64 MiB plus 16 bytes per surviving referenced key. The referenced keys
# are customers.id (by orders and by customers.referred_by: one key) and orders.id (by
# order_items); order_items is referenced by nothing.
KEYS=$((K_CUST + K_ORD))
BUDGET_KIB=$(calc "printf \"%d\", 65536 + 16 * $KEYS / 1024")
B_RSS_OK=$(verdict "$B_RSS < $BUDGET_KIB"); C_RSS_OK=$(verdict "$C_RSS < $BUDGET_KIB")
PGSCRUB_V=$("$PGSCRUB" --version | paste -sd ';' | sed 's/;/; /')
DUMP_V=$("$PG_DUMP" --version)
SERVER_V=$(info server)
NOW=$(date -u '+%Y-%m-%d %H:%M UTC')
f3() { calc "printf \"%.3f\", $1"; }
pct() { calc "printf \"%.1f\", 100 * $1 / $2"; }
OUT_B=$(stat -c %s "$WORK/subset.dump"); OUT_D=$(stat -c %s "$WORK/seeds.dump")

report() {
	local t
	cat <<EOF
## Subset of a ${SIZE_MB} MB archive — $NOW

Machine: $(machine_line).
Versions: $PGSCRUB_V (tree at $SRC_REV); $(gcc --version | head -n 1); $DUMP_V; server $SERVER_V.
pgscrub build: $BUILD_NOTE.

Archive: \`$(basename "$ARCHIVE")\`, $ARCHIVE_BYTES bytes ($ARCHIVE_MB MB), pg_dump 17 \`-Fc\` with its
default compression (gzip, default level); $F_RAW bytes of COPY text. customers $N_CUST rows
($(pct "$(info bytes_customers)" "$ARCHIVE_BYTES") % of the archive), orders $N_ORD ($(pct "$(info bytes_orders)" "$ARCHIVE_BYTES") %),
order_items $N_ITEMS ($(pct "$(info bytes_order_items)" "$ARCHIVE_BYTES") %); foreign keys orders → customers, order_items → orders,
customers.referred_by → customers ON DELETE SET NULL.
Rules: \`[public.customers] where = sample(10)\`, \`unlisted = keep\`, a fixed key.
MB = 10^6 bytes; every MB/s is **input archive** MB per second of wall time; times are the
best of $REPEAT runs with a warm page cache; peak RSS is the highest of the runs (GNU time %M).
Load average (1/5/15 min) before measuring: $LOAD_BEFORE; after: $LOAD_AFTER.

| Measurement | Time (s) | MB/s | Ratio | Target | Peak RSS (MiB) | Result |
|---|---:|---:|---:|---|---:|---|
| (a) zlib floor, all table data: inflate $(f3 "$F_INF") s + deflate $(f3 "$F_DEF") s | $(f3 "$F_S") | $F_MBPS | | | | |
| (b) pgscrub \`-r subset.ini -i FILE -o FILE\` | $(f3 "$B_S") | $B_MBPS | ${B_FLOOR}x floor | | $(mib "$B_RSS") | |
| (c) \`cat FILE \| pgscrub -r subset.ini > FILE\` (spooled) | $(f3 "$C_S") | $C_MBPS | ${C_FLOOR}x floor | | $(mib "$C_RSS") | |
| (d) the seeds' way: restore -j 2 $D_RESTORE s, keys to CASCADE $D_ALTER s, DELETE $D_DELETE s, pg_dump $D_DUMP s | $(f3 "$D_S") | $D_MBPS | | | | |
| (d) / (b) | | | ${DB_RATIO}x | >= 5x | | $DB_OK |
| (d) / (c), for reference | | | ${DC_RATIO}x | | | |
| peak RSS of (b) against the budget | | | | < $(mib "$BUDGET_KIB") MiB | $(mib "$B_RSS") | $B_RSS_OK |
| peak RSS of (c) against the budget | | | | < $(mib "$BUDGET_KIB") MiB | $(mib "$C_RSS") | $C_RSS_OK |

Memory budget: 64 MiB + 16 bytes × $KEYS surviving referenced keys ($K_CUST customers.id, referenced by
orders and by customers.referred_by, + $K_ORD orders.id, referenced by order_items) = $(mib "$BUDGET_KIB") MiB.
Output: (b) $OUT_B bytes, (d) $OUT_D bytes.

| Table | Rows in | Kept | Removed by the filter | Removed by the cascade | Nulled |
|---|---:|---:|---:|---:|---:|
EOF
	for t in $TABLES; do
		printf '| %s | %s | %s | %s | %s | %s |\n' "$t" "$(rep "$t" 2)" "$(rep "$t" 3)" "$(rep "$t" 4)" "$(rep "$t" 5)" "$(rep "$t" 6)"
	done
	cat <<EOF

(from pgscrub's \`--report\`.)

Checks:

| Check | Result | Detail |
|---|---|---|
$(printf '%s\n' "${VERIFY[@]}")
EOF
	if [ -n "$(info generate_s)" ]; then
		printf '\nGeneration (cached, done once per size): %s customers; database in %s s; pg_dump 17 -Fc in %s s.\n' \
			"$N_CUST" "$(info generate_s)" "$(info dump_s)"
	fi
}

report >"$WORK/report.md"
echo
cat "$WORK/report.md"
results_update subset "$SIZE_MB" "$WORK/report.md"
say "summary written to $RESULTS"

[ "$vfail" = 0 ] || die "verification failed (see the Checks table)"
