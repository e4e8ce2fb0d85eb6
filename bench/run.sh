#!/usr/bin/env bash
# bench/run.sh — pgscrub throughput and peak-memory benchmark (see bench/README.md).
#
#   bench/run.sh [--size-mb N] [--keep]
#
#   --size-mb N   size of the generated pg_dump 17 -Fc (gzip) archive, in MB (10^6
#                 bytes; default 100). The archive is cached in bench/.cache/ and
#                 reused by later runs of the same size.
#   --keep        keep the scratch directory (scrubbed archives, logs) and, when the
#                 archive was generated, the PostgreSQL data directory.
#
# Environment:
#   PGSCRUB        use this pgscrub binary instead of building build-bench/pgscrub
#   BENCH_REPEAT   runs per measurement, best time kept (default 3)
#   BENCH_CACHE    cache directory (default bench/.cache)
#   PG_BINDIR      PostgreSQL server binaries (default /usr/lib/postgresql/15/bin)
#   PG_VERSIONS_DIR  pg_dump-17 / pg_restore-17 (default /opt/pg-versions/bin)
#
# The keyed rewrite (e) reads its key from PGSCRUB_BENCH_KEY, which this script sets to
# a fixed 64-hex-character value (the outputs are the same on every run).
#
# Prints the summary as a markdown table and writes it to bench/results.md (one
# section per archive size; a rerun replaces its own size's section).
# Exit status: 0 when everything ran and verified (targets missed or not), 1 on a
# failure to build, generate, run or verify.

set -euo pipefail

SIZE_MB=100
KEEP=0
while [ $# -gt 0 ]; do
	case $1 in
	--size-mb) [ $# -ge 2 ] || { echo "run.sh: --size-mb needs a number" >&2; exit 2; }
		SIZE_MB=$2; shift 2 ;;
	--size-mb=*) SIZE_MB=${1#*=}; shift ;;
	--keep) KEEP=1; shift ;;
	-h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
done
case $SIZE_MB in
''|*[!0-9]*|0) echo "run.sh: --size-mb takes a positive whole number of MB" >&2; exit 2 ;;
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

mkdir -p "$CACHE/bin"
WORK=$(mktemp -d "$CACHE/run-${SIZE_MB}mb.XXXXXX")
PGDIR=

BENCH_NAME=bench
. "$BENCH_DIR/lib.sh"
install_traps

for t in "$PG_DUMP" "$PG_RESTORE" /usr/bin/time; do
	[ -x "$t" ] || die "$t not found"
done
command -v gcc >/dev/null || die "gcc not found"
command -v python3 >/dev/null || die "python3 not found (the keyed rewrite's check needs it)"

# ---- the data set --------------------------------------------------------------------
#
# people (dominant): id bigint, first_name, last_name, email, phone, notes text, profile
# jsonb, created_at timestamptz. Every value is a function of id through md5(id), so
# the data set is the same on every run; only the row count depends on --size-mb.
# Small tables: countries (250 rows), orders (50 000 rows), app_settings (20 rows).

schema_sql() {
	cat <<'EOF'
CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL, population bigint);
INSERT INTO countries
SELECT chr(65 + i / 26) || chr(65 + i % 26), 'Country ' || initcap(substr(md5('c' || i), 1, 8)),
       (get_byte(decode(md5('p' || i), 'hex'), 0) + 1) * 123457
FROM generate_series(0, 249) AS i;

CREATE TABLE orders (id bigint PRIMARY KEY, person_id bigint NOT NULL, amount numeric(10,2) NOT NULL,
                     status text NOT NULL, ordered_at timestamptz NOT NULL);
INSERT INTO orders
SELECT i, 1 + (get_byte(h, 0) * 65536 + get_byte(h, 1) * 256 + get_byte(h, 2)) % 500000,
       round((get_byte(h, 3) * 256 + get_byte(h, 4)) / 100.0, 2),
       (ARRAY['new','paid','shipped','delivered','cancelled','refunded'])[1 + get_byte(h, 5) % 6],
       timestamptz '2021-01-01 00:00:00+00' + i * interval '7 minutes'
FROM generate_series(1, 50000) AS i, LATERAL (SELECT decode(md5('o' || i), 'hex') AS h) AS x;

CREATE TABLE app_settings (key text PRIMARY KEY, value text);
INSERT INTO app_settings
SELECT 'setting_' || i, CASE WHEN i % 4 = 0 THEN NULL ELSE md5('s' || i) END
FROM generate_series(1, 20) AS i;

CREATE TABLE people (id bigint NOT NULL, first_name text, last_name text, email text,
                     phone text, notes text, profile jsonb, created_at timestamptz);
EOF
}

# people_insert_sql FIRST LAST: the INSERT of rows FIRST..LAST, one statement.
people_insert_sql() {
	cat <<EOF
INSERT INTO people (id, first_name, last_name, email, phone, notes, profile, created_at)
SELECT i, fn, ln,
       lower(fn) || '.' || lower(ln) || '.' || substr(h, 9, 5) || '@'
         || (ARRAY['example.com','example.org','example.net'])[1 + get_byte(hb, 4) % 3],
       CASE WHEN get_byte(hb, 5) % 8 = 0 THEN NULL
            ELSE '+1-' || (200 + get_byte(hb, 11) % 800) || '-'
                 || substr(d, 1, 3) || '-' || substr(d, 4, 4) END,
       CASE WHEN get_byte(hb, 6) % 10 = 0 THEN NULL
            ELSE substr(h2 || ' ' || md5(h2) || ' ' || md5(h || h2) || ' ' || md5(h2 || h) || ' '
                        || md5(h2 || h2), 1, 8 + (get_byte(hb, 12) * 256 + get_byte(hb, 13)) % 150) END,
       jsonb_build_object(
         'age', 18 + get_byte(hb, 14) % 62,
         'city', (ARRAY['Lisbon','Porto','Lyon','Berlin','Hamburg','Milan','Turin','Madrid',
                        'Seville','Krakow','Prague','Vienna','Oslo','Dublin','Leeds','Ghent',
                        'Utrecht','Tallinn','Riga','Bergen'])[1 + get_byte(hb, 15) % 20],
         'newsletter', get_byte(hb, 3) % 2 = 0,
         'tags', to_jsonb(ARRAY[(ARRAY['vip','b2b','trial','churn-risk','beta','partner','staff',
                                       'reseller'])[1 + get_byte(hb, 7) % 8],
                                (ARRAY['web','mobile','store','phone'])[1 + get_byte(hb, 10) % 4]]),
         'score', round((get_byte(hb, 2) * 256 + get_byte(hb, 5)) / 655.35, 2)),
       timestamptz '2019-01-01 00:00:00+00' + i * interval '17 seconds'
         + get_byte(hb, 13) * interval '1 millisecond'
FROM generate_series($1, $2) AS i,
LATERAL (SELECT md5(i::text) AS h, md5(i::text || 'n') AS h2, decode(md5(i::text), 'hex') AS hb) AS x,
LATERAL (SELECT (ARRAY['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda',
                       'David','Elizabeth','William','Barbara','Richard','Susan','Joseph','Jessica',
                       'Thomas','Sarah','Charles','Karen','Ana','Luis','Sofia','Mateo','Emma','Noah',
                       'Olivia','Liam','Mia','Lucas','Chloe','Hugo','Lea','Jan','Eva','Piotr',
                       'Zofia','Lars','Ingrid','Aoife'])[1 + get_byte(hb, 0) % 40] AS fn,
                (ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis',
                       'Rodriguez','Martinez','Hernandez','Lopez','Gonzalez','Wilson','Anderson',
                       'Thomas','Taylor','Moore','Jackson','Martin','Lee','Perez','Thompson','White',
                       'Harris','Sanchez','Clark','Ramirez','Lewis','Robinson','Walker','Young',
                       'Allen','King','Wright','Scott','Torres','Nguyen','Hill','Flores','Green',
                       'Adams','Nelson','Baker','Hall','Rivera','Campbell','Mitchell','Carter',
                       'Roberts','Schmidt','Muller','Novak','Kowalski','Silva','Santos','Rossi',
                       'Dubois','Murphy','Jensen'])[1 + (get_byte(hb, 1) * 256 + get_byte(hb, 8)) % 60] AS ln,
                lpad(((get_byte(hb, 8) * 65536 + get_byte(hb, 9) * 256 + get_byte(hb, 10)) % 10000000)::text,
                     7, '0') AS d) AS y;
EOF
}

# The cache key covers the generator: change the SQL and the archive is made again.
GEN_HASH=$( { schema_sql; people_insert_sql A B; echo "pg_dump-17 -Fc default"; } |
	sha1sum | cut -c1-10)
ARCHIVE=$CACHE/people-${SIZE_MB}mb-$GEN_HASH.dump
ARCHIVE_INFO=$ARCHIVE.info

# make_db DB ROWS: the schema, the small tables and ROWS people rows.
make_db() {
	local db=$1 rows=$2
	psql_run postgres "DROP DATABASE IF EXISTS $db" >/dev/null
	psql_run postgres "CREATE DATABASE $db" >/dev/null
	# One transaction: with wal_level = minimal the new tables' data skips the WAL.
	{ echo 'BEGIN;'; schema_sql; people_insert_sql 1 "$rows"; echo 'COMMIT;'; } |
		psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null ||
		die "generating $db failed"
	psql_run "$db" "ALTER TABLE people ADD PRIMARY KEY (id)" >/dev/null ||
		die "indexing $db failed"
}

generate_archive() {
	local cal=100000 t0 t1 bpr fixed rows tmp
	say "no cached archive for ${SIZE_MB} MB: generating (PostgreSQL 15, pg_dump 17 -Fc gzip)"
	t0=$(date +%s)
	pg_start
	# Calibrate: bytes per compressed people row, and the fixed part (TOC, small tables).
	say "calibrating with $cal people rows"
	make_db bench_cal "$cal"
	"$PG_DUMP" -Fc -f "$WORK/cal.dump" -d bench_cal || die "pg_dump of the calibration database failed"
	"$ZFLOOR" --table public.people "$WORK/cal.dump" >"$WORK/cal.zf" || die "zfloor on the calibration dump failed"
	bpr=$(awk -v b="$(zf bytes_compressed "$WORK/cal.zf")" -v n="$cal" 'BEGIN { printf "%.4f", b / n }')
	fixed=$(( $(stat -c %s "$WORK/cal.dump") - $(zf bytes_compressed "$WORK/cal.zf") ))
	rows=$(awk -v t="$TARGET_BYTES" -v f="$fixed" -v b="$bpr" \
		'BEGIN { r = int((t - f) / b); if (r < 1000) r = 1000; print r }')
	psql_run postgres "DROP DATABASE bench_cal" >/dev/null
	say "$bpr compressed bytes per people row, $fixed fixed bytes: generating $rows rows"
	make_db bench "$rows"
	t1=$(date +%s)
	say "database ready in $((t1 - t0)) s; dumping with pg_dump 17 -Fc (gzip, default level)"
	tmp=$ARCHIVE.tmp
	local d0 d1
	d0=$(date +%s)
	"$PG_DUMP" -Fc -f "$tmp" -d bench || die "pg_dump failed"
	d1=$(date +%s)
	mv "$tmp" "$ARCHIVE"
	{
		echo "people_rows $rows"
		echo "generate_s $((t1 - t0))"
		echo "dump_s $((d1 - d0))"
		echo "server $(psql_run postgres 'show server_version')"
	} >"$ARCHIVE_INFO"
	pg_stop
	say "archive $(stat -c %s "$ARCHIVE") bytes; pg_dump took $((d1 - d0)) s"
}

# ---- main -------------------------------------------------------------------------------

build_pgscrub
SRC_REV=$(src_rev)
build_zfloor
if [ -s "$ARCHIVE" ] && [ -s "$ARCHIVE_INFO" ]; then
	say "using cached archive $ARCHIVE"
else
	generate_archive
fi
ARCHIVE_BYTES=$(stat -c %s "$ARCHIVE")
ARCHIVE_MB=$(calc "printf \"%.2f\", $ARCHIVE_BYTES / 1e6")
info() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$ARCHIVE_INFO"; }

# Rules.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n' >"$WORK/keep.ini"
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n\n[public.people]\nphone = null\n* = keep\n' \
	>"$WORK/rewrite1.ini"
cat >"$WORK/rewrite.ini" <<'EOF'
[pgscrub]
unlisted = keep
large_objects = keep

[public.people]
email = null
phone = null
first_name = const('Jane')
notes = const('redacted')
* = keep
EOF
# (e) the keyed, type-aware rewrite: every row's e-mail, names, phone and JSON profile
# (the profile's keys: age, city, newsletter, tags, score). A fixed key, so the
# outputs are the same on every run; a benchmark key, not a secret.
export PGSCRUB_BENCH_KEY=5f1c0a7e93b24d68a1e07c3b9d52f48e6a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d
cat >"$WORK/keyed.ini" <<'EOF'
[pgscrub]
unlisted = keep
large_objects = keep
secret_env = PGSCRUB_BENCH_KEY

[public.people]
email = email
first_name = first_name
last_name = last_name
phone = digits
profile = json(city=scramble, tags=mask(keep_first=1))
notes = keep
* = keep
EOF

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "zfloor, all tables (best of $REPEAT)"
"$ZFLOOR" --repeat "$REPEAT" "$ARCHIVE" >"$WORK/floor-all.txt" || die "zfloor failed"
say "zfloor, public.people (best of $REPEAT)"
"$ZFLOOR" --repeat "$REPEAT" --table public.people "$ARCHIVE" >"$WORK/floor-people.txt" ||
	die "zfloor --table public.people failed"
FA_S=$(zf floor_s "$WORK/floor-all.txt");     FA_MBPS=$(zf floor_mbps "$WORK/floor-all.txt")
FP_S=$(zf floor_s "$WORK/floor-people.txt");  FP_MBPS=$(zf floor_mbps "$WORK/floor-people.txt")
FA_COMP=$(zf bytes_compressed "$WORK/floor-all.txt"); FA_RAW=$(zf bytes_raw "$WORK/floor-all.txt")
FP_COMP=$(zf bytes_compressed "$WORK/floor-people.txt"); FP_RAW=$(zf bytes_raw "$WORK/floor-people.txt")
FP_ROWS=$(zf rows "$WORK/floor-people.txt")
FP_INF=$(zf inflate_s "$WORK/floor-people.txt"); FP_DEF=$(zf deflate_s "$WORK/floor-people.txt")
FA_INF=$(zf inflate_s "$WORK/floor-all.txt");   FA_DEF=$(zf deflate_s "$WORK/floor-all.txt")

# Warm the page cache so the first measured run is not a cold read.
cat "$ARCHIVE" >/dev/null

say "pgscrub keep-only (-i FILE -o FILE)"
measure keep "$PGSCRUB" -v -r "$WORK/keep.ini" -i "$ARCHIVE" -o "$WORK/keep.dump"
K_S=$M_S K_RSS=$M_RSS
say "pgscrub keep-only to a pipe (stdout | cat > /dev/null; no offsets, no fsync)"
measure keeppipe sh -c '"$1" -r "$2" -i "$3" | cat >/dev/null' sh "$PGSCRUB" "$WORK/keep.ini" "$ARCHIVE"
KP_S=$M_S KP_RSS=$M_RSS
say "pgscrub rewrite (public.people: email, phone = null; first_name, notes = const)"
measure rewrite "$PGSCRUB" -v -r "$WORK/rewrite.ini" -i "$ARCHIVE" -o "$WORK/rewrite.dump"
R_S=$M_S R_RSS=$M_RSS
R_ROWS=$(sed -n 's/.* table[s]* rewritten (\([0-9]*\) rows).*/\1/p' "$WORK/rewrite.err")
[ -n "$R_ROWS" ] || R_ROWS=0
say "pgscrub rewrite of one column (public.people: phone = null), for reference"
measure rewrite1 "$PGSCRUB" -v -r "$WORK/rewrite1.ini" -i "$ARCHIVE" -o "$WORK/rewrite1.dump"
R1_S=$M_S R1_RSS=$M_RSS
R1_ROWS=$(sed -n 's/.* table[s]* rewritten (\([0-9]*\) rows).*/\1/p' "$WORK/rewrite1.err")
[ -n "$R1_ROWS" ] || R1_ROWS=0
say "pgscrub keyed rewrite (public.people: email, first_name, last_name, digits, json(city, tags))"
measure keyed "$PGSCRUB" -v -r "$WORK/keyed.ini" -i "$ARCHIVE" -o "$WORK/keyed.dump"
E_S=$M_S E_RSS=$M_RSS
E_ROWS=$(sed -n 's/.* table[s]* rewritten (\([0-9]*\) rows).*/\1/p' "$WORK/keyed.err")
[ -n "$E_ROWS" ] || E_ROWS=0
# The last run of each measurement left its output in $WORK for the checks below.

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- verification -------------------------------------------------------------------

VERIFY=()
vfail=0
verify() { # verify DESCRIPTION RESULT(ok|FAILED) [DETAIL]
	VERIFY+=("| $1 | $2 | ${3:-} |")
	[ "$2" = ok ] || vfail=1
}
say "verifying the outputs with pg_restore 17"
for o in keep rewrite rewrite1 keyed; do
	if "$PG_RESTORE" -l "$WORK/$o.dump" >/dev/null 2>"$WORK/$o.list.err"; then
		verify "pg_restore-17 -l on the $o output" ok
	else
		verify "pg_restore-17 -l on the $o output" FAILED "$(head -c 200 "$WORK/$o.list.err")"
	fi
done
script_sum() { "$PG_RESTORE" --restrict-key=pgscrubbench -f - "$1" | sha256sum | cut -c1-16; }
in_sum=$(script_sum "$ARCHIVE"); keep_sum=$(script_sum "$WORK/keep.dump")
if [ "$in_sum" = "$keep_sum" ]; then
	verify "keep-only: pg_restore-17 -f - script identical to the input's" ok "sha256 $in_sum"
else
	verify "keep-only: pg_restore-17 -f - script identical to the input's" FAILED "$in_sum vs $keep_sum"
fi
email_re='@example\.(com|org|net)'
in_emails=$("$PG_RESTORE" -f - "$ARCHIVE" | grep -cE "$email_re" || true)
out_emails=$("$PG_RESTORE" -f - "$WORK/rewrite.dump" | grep -cE "$email_re" || true)
if [ "$out_emails" = 0 ] && [ "$in_emails" -gt 0 ]; then
	verify "rewrite: e-mail addresses in pg_restore-17 -f - (grep -cE)" ok "input $in_emails, output $out_emails"
else
	verify "rewrite: e-mail addresses in pg_restore-17 -f - (grep -cE)" FAILED "input $in_emails, output $out_emails"
fi
copy_rows() {
	"$PG_RESTORE" -a -t people -f - "$1" |
		awk '/^COPY public\.people / { on = 1; next } on && $0 == "\\." { on = 0 } on { n++ } END { print n + 0 }'
}
out_rows=$(copy_rows "$WORK/rewrite.dump")
jane=$("$PG_RESTORE" -a -t people -f - "$WORK/rewrite.dump" | grep -c $'^[0-9]*\tJane\t' || true)
if [ "$out_rows" = "$FP_ROWS" ] && [ "$R_ROWS" = "$FP_ROWS" ] && [ "$jane" = "$FP_ROWS" ]; then
	verify "rewrite: people rows in = rewritten = restored, all first_name 'Jane'" ok "$FP_ROWS rows"
else
	verify "rewrite: people rows in = rewritten = restored, all first_name 'Jane'" FAILED \
		"in $FP_ROWS, pgscrub $R_ROWS, restored $out_rows, Jane $jane"
fi

# (e) keyed rewrite. The generator's addresses are first.last.xxxxx@example.{com,org,net}
# (lower-case names, 5 hex digits); pgscrub's are 26 base32 characters at the same
# domains, which the generator's pattern cannot match (no dots in the local part).
orig_email_re='[a-z]+\.[a-z]+\.[0-9a-f]{5}@example\.(com|org|net)'
in_orig=$("$PG_RESTORE" -f - "$ARCHIVE" | grep -cE "$orig_email_re" || true)
out_orig=$("$PG_RESTORE" -f - "$WORK/keyed.dump" | grep -cE "$orig_email_re" || true)
if [ "$out_orig" = 0 ] && [ "$in_orig" = "$FP_ROWS" ]; then
	verify "keyed: the generator's e-mail addresses in pg_restore-17 -f - (grep -cE)" ok "input $in_orig, output $out_orig"
else
	verify "keyed: the generator's e-mail addresses in pg_restore-17 -f - (grep -cE)" FAILED "input $in_orig (want $FP_ROWS), output $out_orig"
fi
# Every restored row's email (the 4th COPY field) ends in @example.com/.net/.org.
read -r k_rows k_fake <<<"$("$PG_RESTORE" -a -t people -f - "$WORK/keyed.dump" |
	awk -F'\t' '/^COPY public\.people / { on = 1; next } on && $0 == "\\." { on = 0 }
		on { n++; if ($4 ~ /@example\.(com|net|org)$/) f++ } END { print n + 0, f + 0 }')"
if [ "$k_rows" = "$FP_ROWS" ] && [ "$k_fake" = "$FP_ROWS" ] && [ "$E_ROWS" = "$FP_ROWS" ]; then
	verify "keyed: people rows in = rewritten = restored, every e-mail ends in @example.com/.net/.org" ok "$FP_ROWS rows"
else
	verify "keyed: people rows in = rewritten = restored, every e-mail ends in @example.com/.net/.org" FAILED \
		"in $FP_ROWS, pgscrub $E_ROWS, restored $k_rows, matching $k_fake"
fi
# 1000 rows, evenly spaced, compared with the same rows of the input (pgscrub keeps
# the row order): the phone's shape (length, digit positions, punctuation) and the
# other rewritten columns.
if k_detail=$(python3 "$BENCH_DIR/check_keyed.py" --rows "$FP_ROWS" --sample 1000 \
	"$PG_RESTORE" "$ARCHIVE" "$WORK/keyed.dump" 2>&1); then
	verify "keyed: 1000 sampled rows vs the input's (check_keyed.py)" ok "$k_detail"
else
	verify "keyed: 1000 sampled rows vs the input's (check_keyed.py)" FAILED \
		"$(printf '%s' "$k_detail" | tr '\n|' ' /' | head -c 600)"
fi

# ---- report ------------------------------------------------------------------------------

mbps() { calc "printf \"%.1f\", $ARCHIVE_BYTES / 1e6 / $1"; }
K_MBPS=$(mbps "$K_S"); KP_MBPS=$(mbps "$KP_S"); R_MBPS=$(mbps "$R_S")
K_RATIO=$(calc "printf \"%.1f\", $K_MBPS / $FA_MBPS")
KP_RATIO=$(calc "printf \"%.1f\", $KP_MBPS / $FA_MBPS")
R_RATIO=$(calc "printf \"%.2f\", $R_MBPS / $FP_MBPS")
R_ROWSPS=$(calc "printf \"%.0f\", $R_ROWS / $R_S")
R1_MBPS=$(mbps "$R1_S")
R1_RATIO=$(calc "printf \"%.2f\", $R1_MBPS / $FP_MBPS")
R1_ROWSPS=$(calc "printf \"%.0f\", $R1_ROWS / $R1_S")
E_MBPS=$(mbps "$E_S")
E_RATIO=$(calc "printf \"%.2f\", $E_MBPS / $FP_MBPS")
E_ROWSPS=$(calc "printf \"%.0f\", $E_ROWS / $E_S")
K_OK=$(verdict "$K_RATIO >= 20"); R_OK=$(verdict "$R_RATIO >= 0.8"); E_OK=$(verdict "$E_RATIO >= 0.7")
KR_OK=$(verdict "$K_RSS < 65536"); RR_OK=$(verdict "$R_RSS < 65536"); ER_OK=$(verdict "$E_RSS < 65536")

PGSCRUB_V=$("$PGSCRUB" --version | paste -sd ';' | sed 's/;/; /')
DUMP_V=$("$PG_DUMP" --version)
SERVER_V=$(info server); [ -n "$SERVER_V" ] || SERVER_V=$("$PG_RESTORE" -l "$ARCHIVE" | sed -n 's/^;[[:space:]]*Dumped from database version: //p')
NOW=$(date -u '+%Y-%m-%d %H:%M UTC')
people_pct=$(calc "printf \"%.1f\", 100 * $FP_COMP / $ARCHIVE_BYTES")
f3() { calc "printf \"%.3f\", $1"; }

report() {
	cat <<EOF
## Archive of ${SIZE_MB} MB — $NOW

Machine: $(machine_line).
Versions: $PGSCRUB_V (tree at $SRC_REV); $(gcc --version | head -n 1); $DUMP_V; server $SERVER_V.
pgscrub build: $BUILD_NOTE.

Archive: \`$(basename "$ARCHIVE")\`, $ARCHIVE_BYTES bytes ($ARCHIVE_MB MB), pg_dump 17 \`-Fc\` with its
default compression (gzip, default level); $FA_RAW bytes of COPY text in 4 tables;
public.people: $FP_ROWS rows, $FP_COMP compressed bytes ($people_pct% of the archive), $FP_RAW raw bytes.
MB = 10^6 bytes; every MB/s is **archive** (compressed) MB per second of wall time; times are the
best of $REPEAT runs with a warm page cache; peak RSS is the highest of the runs (GNU time %M).
Load average (1/5/15 min) before measuring: $LOAD_BEFORE; after: $LOAD_AFTER.

| Measurement | Time (s) | MB/s | Ratio | Target | Peak RSS (MiB) | Result |
|---|---:|---:|---:|---|---:|---|
| zlib floor, all table data: inflate $(f3 "$FA_INF") s + deflate $(f3 "$FA_DEF") s | $(f3 "$FA_S") | $FA_MBPS | | | | |
| zlib floor, public.people: inflate $(f3 "$FP_INF") s + deflate $(f3 "$FP_DEF") s | $(f3 "$FP_S") | $FP_MBPS | | | | |
| (b) pgscrub keep-only, \`-i FILE -o FILE\` | $(f3 "$K_S") | $K_MBPS | ${K_RATIO}x all-tables floor | >= 20x | $(mib "$K_RSS") | $K_OK |
| (b') pgscrub keep-only, \`-i FILE\` to a pipe (no fsync, no offsets), for reference | $(f3 "$KP_S") | $KP_MBPS | ${KP_RATIO}x all-tables floor | | $(mib "$KP_RSS") | |
| (c) pgscrub rewrite, 4 of 8 people columns | $(f3 "$R_S") | $R_MBPS | ${R_RATIO}x people floor | >= 0.8x | $(mib "$R_RSS") | $R_OK |
| (c) rewrite rows/s | | | $R_ROWSPS rows/s ($R_ROWS rows) | | | |
| (c') pgscrub rewrite, 1 column (phone = null), for reference | $(f3 "$R1_S") | $R1_MBPS | ${R1_RATIO}x people floor; $R1_ROWSPS rows/s | | $(mib "$R1_RSS") | |
| (e) pgscrub keyed rewrite: email, first_name, last_name = generators, phone = digits, profile = json(city=scramble, tags=mask(keep_first=1)) | $(f3 "$E_S") | $E_MBPS | ${E_RATIO}x people floor | >= 0.7x | $(mib "$E_RSS") | $E_OK |
| (e) keyed rewrite rows/s | | | $E_ROWSPS rows/s ($E_ROWS rows) | | | |
| (d) peak RSS, keep-only | | | | < 64 MiB | $(mib "$K_RSS") | $KR_OK |
| (d) peak RSS, rewrite | | | | < 64 MiB | $(mib "$R_RSS") | $RR_OK |
| (d) peak RSS, keyed rewrite | | | | < 64 MiB | $(mib "$E_RSS") | $ER_OK |

Checks:

| Check | Result | Detail |
|---|---|---|
$(printf '%s\n' "${VERIFY[@]}")
EOF
	if [ -s "$ARCHIVE_INFO" ] && [ -n "$(info generate_s)" ]; then
		printf '\nGeneration (cached, done once per size): %s people rows; database in %s s; pg_dump 17 -Fc with its default gzip compression in %s s (fast enough, so no -Z none detour).\n' \
			"$(info people_rows)" "$(info generate_s)" "$(info dump_s)"
	fi
}

report >"$WORK/report.md"
echo
cat "$WORK/report.md"

# results.md: this size's section replaced, every other one kept (lib.sh).
results_update bench "$SIZE_MB" "$WORK/report.md"
say "summary written to $RESULTS"

[ "$vfail" = 0 ] || die "verification failed (see the Checks table)"
