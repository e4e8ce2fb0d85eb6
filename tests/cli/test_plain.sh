#!/usr/bin/env bash
# tests/cli/test_plain.sh — plain SQL scripts (pg_dump -Fp, issue 12): keep-only output
# byte-identical to the input, compressed scripts in and out, the same rows, statistics and
# subsets as the custom format (the scrubbed archive printed by pg_restore -f is the
# scrubbed script, \restrict lines apart), check/init/plan on a script, and the pinned
# messages of scripts pgscrub refuses.
CLI_NAME=cli-plain CLI_PREFIX=plain-
. "$(dirname "$0")/clilib.bash"
: "${PG_VERSIONS_DIR:=/opt/pg-versions/bin}"
export PGSCRUB_KEY=0123456789abcdef0123456789abcdef

cat >"$TMP/keep.ini" <<'INI'
[pgscrub]
unlisted = keep
large_objects = keep
INI
R=$SRC/fixtures/golden-rewrite.ini
T=$SRC/fixtures/plain/tricky.sql

# ---- keep-only: the same bytes --------------------------------------------------------
for f in pg15-plain.sql pg17-plain.sql pg18-plain.sql pg18-plain-statistics.sql \
	pg17-plain-inserts.sql pg18-plain-fk.sql pg15-plain-fk.sql pg18-plain-data-only.sql \
	pg18-plain-partition-root.sql pg18-plain-create-clean.sql; do
	assert "keep-identical-$f" cmp -s "$A/$f" <("$PGSCRUB" -r "$TMP/keep.ini" -i "$A/$f")
done
assert keep-identical-tricky cmp -s "$T" <("$PGSCRUB" -r "$TMP/keep.ini" -i "$T")
assert keep-identical-pipe cmp -s "$A/pg18-plain.sql" \
	<(cat "$A/pg18-plain.sql" | "$PGSCRUB" -r "$TMP/keep.ini")
# Compressed scripts: read as they are; written in the same compression.  When nothing
# changes the file is copied as it is.
for f in pg15-plain.sql.gz pg18-plain.sql.lz4 pg18-plain.sql.zst; do
	assert "keep-identical-$f" cmp -s "$A/$f" <("$PGSCRUB" -r "$TMP/keep.ini" -i "$A/$f")
done
assert gzip-in-gzip-out-15 cmp -s <(gzip -dc "$A/pg15-plain.sql.gz") \
	<("$PGSCRUB" -r "$TMP/keep.ini" -i "$A/pg15-plain.sql.gz" | gzip -dc)
for f in pg17-plain.sql.gz pg18-plain.sql.gz; do
	"$PGSCRUB" -r "$TMP/keep.ini" -i "$A/$f" -o "$TMP/out.gz"
	assert "gzip-out-magic-$f" test "$(head -c 3 "$TMP/out.gz" | od -An -tx1 | tr -d ' ')" = 1f8b08
	assert "gzip-out-same-text-$f" cmp -s <(gzip -dc "$A/$f") <(gzip -dc "$TMP/out.gz")
done
assert lz4-in-lz4-out cmp -s <(lz4 -dc "$A/pg18-plain.sql.lz4") \
	<("$PGSCRUB" -r "$TMP/keep.ini" -i "$A/pg18-plain.sql.lz4" | lz4 -dc)
assert zstd-in-zstd-out cmp -s <(zstd -dc "$A/pg18-plain.sql.zst") \
	<("$PGSCRUB" -r "$TMP/keep.ini" -i "$A/pg18-plain.sql.zst" | zstd -dc)
assert zcat-pipe-compress-none cmp -s <(gzip -dc "$A/pg18-plain.sql.gz") \
	<(cat "$A/pg18-plain.sql.gz" | "$PGSCRUB" -r "$TMP/keep.ini" --compress none)
assert compress-gzip-out cmp -s "$A/pg18-plain.sql" \
	<("$PGSCRUB" -r "$TMP/keep.ini" -i "$A/pg18-plain.sql" --compress gzip | gzip -dc)
# Two gzip members (cat a.gz b.gz) are one file, as for gzip -d.
{ head -c 20000 "$A/pg18-plain.sql" | gzip -c; tail -c +20001 "$A/pg18-plain.sql" | gzip -c; } >"$TMP/two.gz"
assert gzip-two-members cmp -s "$A/pg18-plain.sql" \
	<("$PGSCRUB" -r "$TMP/keep.ini" -i "$TMP/two.gz" --compress none)

# ---- the same as the custom format -----------------------------------------------------
# Rows rewritten, a table truncated, statistics scrubbed and dropped, large objects
# dropped: what pg_restore -f prints of the scrubbed archive is the scrubbed script.
same_as_custom() {
	local name=$1 rules=$2 dump=$3 script=$4 v=$5
	"$PGSCRUB" -r "$rules" -i "$A/$dump" -o "$TMP/c.dump" &&
		"$PG_VERSIONS_DIR/pg_restore-$v" -f "$TMP/c.sql" "$TMP/c.dump" &&
		"$PGSCRUB" -r "$rules" -i "$A/$script" -o "$TMP/p.sql" || return 1
	cmp -s <(grep -v '^\\\(un\)\?restrict\|^-- Dumped by' "$TMP/c.sql") \
		<(grep -v '^\\\(un\)\?restrict\|^-- Dumped by' "$TMP/p.sql")
}
if [ -x "$PG_VERSIONS_DIR/pg_restore-18" ] && [ -x "$PG_VERSIONS_DIR/pg_restore-17" ]; then
	assert same-as-custom-17 same_as_custom r17 "$R" pg17-gzip-file.dump pg17-plain.sql 17
	assert same-as-custom-18-statistics same_as_custom r18 "$R" pg18-gzip-statistics.dump \
		pg18-plain-statistics.sql 18
	# --load-via-partition-root: the partitions' rows keep their partitions' rules.
	assert same-as-custom-partition-root same_as_custom root "$R" pg18-gzip-partition-root.dump \
		pg18-plain-partition-root.sql 18
	printf '[pgscrub]\nunlisted = keep\nsecret_env = PGSCRUB_KEY\ntruncate = public.orders\n[public.users]\nwhere = id > 3 or sample(50)\n[public.employees]\nwhere = manager_id is null or id <= 20\n[public.carts]\nwhere = user_email like '"'"'%%@example.com'"'"'\n' >"$TMP/subset.ini"
	assert same-as-custom-subset same_as_custom sub "$TMP/subset.ini" pg18-gzip-fk.dump \
		pg18-plain-fk.sql 18
	assert subset-pipe cmp -s "$TMP/p.sql" \
		<(cat "$A/pg18-plain-fk.sql" | "$PGSCRUB" -r "$TMP/subset.ini")
	# Tables read ahead for the keys: by seeking in a script, by decoding a gzip one.
	gzip -c "$A/pg18-plain-fk.sql" >"$TMP/fk.sql.gz"
	assert subset-gzip cmp -s "$TMP/p.sql" \
		<("$PGSCRUB" -r "$TMP/subset.ini" -i "$TMP/fk.sql.gz" --compress none)
else
	echo "cli-plain: pg_restore 17/18 not in $PG_VERSIONS_DIR: custom-format agreement not checked" >&2
	failed=$((failed + 1))
fi

# A data-only script takes its types from --schema, as a data-only archive does.
if [ -x "$PG_VERSIONS_DIR/pg_restore-18" ]; then
	"$PGSCRUB" -r "$R" -i "$A/pg18-gzip-data-only.dump" --schema "$A/pg18-gzip-schema-only.dump" \
		-o "$TMP/c.dump" && "$PG_VERSIONS_DIR/pg_restore-18" -f "$TMP/c.sql" "$TMP/c.dump"
	"$PGSCRUB" -r "$R" -i "$A/pg18-plain-data-only.sql" --schema "$A/pg18-gzip-schema-only.dump" \
		-o "$TMP/p.sql"
	assert data-only-schema-same-as-custom cmp -s \
		<(grep -v '^\\\(un\)\?restrict\|^-- Dumped by' "$TMP/c.sql") \
		<(grep -v '^\\\(un\)\?restrict\|^-- Dumped by' "$TMP/p.sql")
	rm -f "$TMP/p.sql"
fi
case_ data-only-no-schema - -r "$R" -i "$A/pg18-plain-data-only.sql" -o "$TMP/out.sql"

# The header comment is a hint: the statements name the tables; COPY text inside a
# function body is not data.  Only the two tables' rewritten values change.
cat >"$TMP/tricky.ini" <<'INI'
[pgscrub]
unlisted = keep

[public."a; Type: TABLE; Schema: x"]
email = const('x@example.org')

[public.t]
a = const('z')
INI
"$PGSCRUB" -r "$TMP/tricky.ini" -i "$T" -v >"$TMP/tricky.out" 2>"$TMP/tricky.err"
{ echo "exit $?"; cat "$TMP/tricky.err"; diff "$T" "$TMP/tricky.out"; } >"$TMP/tricky.txt"
compare tricky-rewrite "$TMP/tricky.txt"

# check, init and plan read a script as the archive of the same dump.
assert check-same-as-custom cmp -s <("$PGSCRUB" check -r "$R" "$A/pg18-gzip-statistics.dump") \
	<("$PGSCRUB" check -r "$R" "$A/pg18-plain-statistics.sql")
assert init-same-as-custom cmp -s <("$PGSCRUB" init "$A/pg18-gzip-file.dump") \
	<("$PGSCRUB" init "$A/pg18-plain.sql.gz")
"$PGSCRUB" plan -r "$R" "$A/pg18-plain.sql.gz" >"$TMP/plan.out" 2>&1
head -3 "$TMP/plan.out" | sed "s|$SRC|\$SRC|g" >"$TMP/plan.txt"
compare plan-head "$TMP/plan.txt"
case_ run-verbose - -r "$R" -i "$A/pg18-plain-statistics.sql" -o "$TMP/out.sql" -v
rm -f "$TMP/out.sql"

# ---- refused, before any output --------------------------------------------------------
printf -- '--\n-- PostgreSQL database cluster dump\n--\n' | gzip -c >"$TMP/notscript.gz"
case_ not-a-script-gzip - -r "$TMP/keep.ini" -i "$TMP/notscript.gz" -o "$TMP/out.sql"
gzip -c "$A/pg18-none-file.dump" >"$TMP/custom.gz"
case_ gzip-of-custom - -r "$TMP/keep.ini" -i "$TMP/custom.gz" -o "$TMP/out.sql"
# Cut inside a statement (the CREATE TABLE of "Weird Table").
head -n 64 "$A/pg18-plain.sql" >"$TMP/cut-stmt.sql"
case_ truncated-script - -r "$TMP/keep.ini" -i "$TMP/cut-stmt.sql" -o "$TMP/out.sql"
# standard_conforming_strings (and client_encoding) change how psql reads
# the rest: followed only as pg_dump writes them, SET name = on|off;
sed 's/^SET standard_conforming_strings = on;$/SET standard_conforming_strings = false;/' \
	"$A/pg18-plain.sql" >"$TMP/scs-false.sql"
case_ scs-false - -r "$TMP/keep.ini" -i "$TMP/scs-false.sql" -o "$TMP/out.sql"
sed "s/^SET standard_conforming_strings = on;\$/SELECT pg_catalog.set_config('standard_conforming_strings', 'off', false);/" \
	"$A/pg18-plain.sql" >"$TMP/scs-config.sql"
case_ scs-set-config - -r "$TMP/keep.ini" -i "$TMP/scs-config.sql" -o "$TMP/out.sql"
assert scs-no-output test ! -e "$TMP/out.sql"
# Cut inside a COPY block: its rows never reach "\.".
n=$(grep -n '^COPY public.people ' "$A/pg18-plain.sql" | cut -d: -f1)
head -n $((n + 5)) "$A/pg18-plain.sql" >"$TMP/cut-copy.sql"
case_ copy-without-end - -r "$TMP/keep.ini" -i "$TMP/cut-copy.sql" -o "$TMP/out.sql"
head -c 9000 "$A/pg18-plain.sql.gz" >"$TMP/cut.gz"
case_ truncated-gzip - -r "$TMP/keep.ini" -i "$TMP/cut.gz" -o "$TMP/out.sql"
assert no-output-after-refusals test ! -e "$TMP/out.sql"
# A column no rule covers (no unlisted = keep).
printf '[pgscrub]\nlarge_objects = keep\n[public.people]\nfirst_name = keep\n' >"$TMP/partial.ini"
case_ uncovered-column - -r "$TMP/partial.ini" -i "$A/pg18-plain.sql" -o "$TMP/out.sql"
# --inserts: kept whole, or refused when a rule would change the table.
case_ inserts-rewrite - -r "$R" -i "$A/pg17-plain-inserts.sql" -o "$TMP/out.sql"
assert no-output-uncovered test ! -e "$TMP/out.sql"
# psql commands pg_dump never writes are not passed on.
sed 's/^\\restrict .*/\\! touch \/tmp\/x/' "$A/pg18-plain.sql" >"$TMP/meta.sql"
case_ unknown-meta-command - -r "$TMP/keep.ini" -i "$TMP/meta.sql" -o "$TMP/out.sql"
sed 's/^SET row_security = off;/SET row_security = \\gexec off;/' "$A/pg18-plain.sql" >"$TMP/bs.sql"
case_ backslash-in-statement - -r "$TMP/keep.ini" -i "$TMP/bs.sql" -o "$TMP/out.sql"
# An INSERT where no table's data is.
sed 's/^SET row_security = off;/INSERT INTO public.people VALUES (1);/' "$A/pg18-plain.sql" >"$TMP/ins.sql"
case_ insert-outside-data - -r "$TMP/keep.ini" -i "$TMP/ins.sql" -o "$TMP/out.sql"
assert no-output-at-all test ! -e "$TMP/out.sql"
assert no-temp-files-left test -z "$(ls -A "$TMP" | grep pgscrub- || true)"

cli_finish
