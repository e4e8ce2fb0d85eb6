#!/usr/bin/env bash
# tests/cli/test_no_defn.sh — tables whose data is in the archive but whose
# definition is not (issue 9): data-only dumps (pg_dump -a) and an
# extension's configuration table (PostGIS's spatial_ref_sys).
#
# Without a schema their columns come from the COPY statement, types
# unknown: init writes keep or null, check and the run accept keep, null and
# truncate and refuse anything else with a message naming the column and
# saying how to give the schema.  With --schema (a schema-only dump of the
# same database) they take its types, tables, parents and keys, and rules
# made from the full dump pass.
CLI_NAME=cli-no-defn CLI_PREFIX=nodefn-
. "$(dirname "$0")/clilib.bash"
export PGSCRUB_KEY=0123456789abcdef0123456789abcdef

DO=$A/pg18-gzip-data-only.dump
SO=$A/pg18-gzip-schema-only.dump
PG=$A/pg18-gzip-postgis.dump

# Rules made from the full dump (types known).
"$PGSCRUB" init "$A/pg18-gzip-file.dump" >"$TMP/full.ini"

# ---- data-only, no schema --------------------------------------------------
case_ init-data-only - init "$DO"
case_ check-data-only-full-rules - check -r "$TMP/full.ini" "$DO"
case_ run-data-only-full-rules - -r "$TMP/full.ini" -i "$DO" -o "$TMP/out.dump"
assert run-data-only-no-output test ! -e "$TMP/out.dump"
# An integer column of unknown type: email on it is refused, not guessed text.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\nsecret_env = PGSCRUB_KEY\n[public.orders]\nid = email\n' >"$TMP/id-email.ini"
case_ check-data-only-id-email - check -r "$TMP/id-email.ini" "$DO"
case_ run-data-only-id-email - -r "$TMP/id-email.ini" -i "$DO" -o "$TMP/out.dump"
# const is refused too: no value fits a column of every type.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[public.people]\nbirth_date = const(%s)\n' "'x'" >"$TMP/const.ini"
case_ run-data-only-const - -r "$TMP/const.ini" -i "$DO" -o "$TMP/out.dump"
# keep, null and truncate need no type.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\ntruncate = public.orders\n[public.people]\nemail = null\nnotes = null\n' >"$TMP/safe.ini"
case_ check-data-only-safe - check -r "$TMP/safe.ini" "$DO"
case_ run-data-only-safe - -r "$TMP/safe.ini" -i "$DO" -o "$TMP/out.dump"
rm -f "$TMP/out.dump"
# A stale column is stale against the data's columns.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[public.people]\nemial = null\n' >"$TMP/stale.ini"
case_ check-data-only-stale - check -r "$TMP/stale.ini" "$DO"
case_ run-data-only-stale - -r "$TMP/stale.ini" -i "$DO" -o "$TMP/out.dump"

# ---- data-only with --schema ----------------------------------------------
"$PGSCRUB" init "$DO" --schema "$SO" >"$TMP/schema.ini"
assert init-schema-sections-as-full cmp -s <(grep -v '^;' "$TMP/full.ini" | grep '^\[' | sort) \
	<(grep -v '^;' "$TMP/schema.ini" | grep '^\[' | sort)
case_ check-data-only-schema - check -r "$TMP/full.ini" "$DO" --schema "$SO"
"$PGSCRUB" -r "$TMP/full.ini" -i "$DO" --schema "$SO" -o "$TMP/out.dump" 2>"$TMP/err"
assert run-data-only-schema test $? = 0 -a -s "$TMP/out.dump"
rm -f "$TMP/out.dump"
# date_shift on a date passes, email on an integer is refused as an integer.
case_ run-data-only-schema-id-email - -r "$TMP/id-email.ini" -i "$DO" --schema "$SO" -o "$TMP/out.dump"
# pg_dump -s has no extension tables: spatial_ref_sys stays of unknown
# types while public.places takes its types (email is citext).
printf '[pgscrub]\nunlisted = keep\nsecret_env = PGSCRUB_KEY\n[public.places]\nemail = email\n[public.spatial_ref_sys]\nauth_srid = email\n' >"$TMP/pg-do.ini"
case_ check-postgis-data-only-schema - check -r "$TMP/pg-do.ini" "$A/pg18-gzip-postgis-data-only.dump" --schema "$A/pg18-gzip-postgis-schema-only.dump"
case_ run-postgis-data-only-schema - -r "$TMP/pg-do.ini" -i "$A/pg18-gzip-postgis-data-only.dump" --schema "$A/pg18-gzip-postgis-schema-only.dump" -o "$TMP/out.dump"
case_ check-schema-missing - check -r "$TMP/safe.ini" "$DO" --schema "$TMP/nonexistent.dump"
case_ run-schema-and-dbname - -r "$TMP/safe.ini" -i "$DO" --schema "$SO" --dbname x -o "$TMP/out.dump"
case_ check-schema-and-dbname - check -r "$TMP/safe.ini" --schema "$SO" --dbname x
case_ run-schema-stdin - -r "$TMP/safe.ini" -i "$DO" --schema - -o "$TMP/out.dump"
case_ init-schema-stdin "$SO" init --schema -

# ---- an extension's configuration table (PostGIS) -------------------------
case_ init-postgis - init "$PG"
"$PGSCRUB" init "$PG" >"$TMP/pg.ini"
sed 's/^auth_srid = keep/auth_srid = email/' "$TMP/pg.ini" >"$TMP/pg-email.ini"
case_ check-postgis-auth-srid-email - check -r "$TMP/pg-email.ini" "$PG"
case_ run-postgis-auth-srid-email - -r "$TMP/pg-email.ini" -i "$PG" -o "$TMP/out.dump"
# No rule for it: check and the run both say so.
awk '/^\[public.spatial_ref_sys\]/{skip=1; next} /^\[/{skip=0} !skip' "$TMP/pg.ini" >"$TMP/pg-nosrs.ini"
case_ check-postgis-uncovered - check -r "$TMP/pg-nosrs.ini" "$PG"
case_ run-postgis-uncovered - -r "$TMP/pg-nosrs.ini" -i "$PG" -o "$TMP/out.dump"
# Its section is not stale; null and truncate pass.
sed 's/^srtext = keep/srtext = null/' "$TMP/pg.ini" >"$TMP/pg-null.ini"
case_ check-postgis-null - check -r "$TMP/pg-null.ini" "$PG"
{ sed 's/^\[pgscrub\]/[pgscrub]\ntruncate = public.spatial_ref_sys/' "$TMP/pg-nosrs.ini"; } >"$TMP/pg-trunc.ini"
case_ check-postgis-truncate - check -r "$TMP/pg-trunc.ini" "$PG"
"$PGSCRUB" -r "$TMP/pg-trunc.ini" -i "$PG" -o "$TMP/out.dump" 2>"$TMP/err"
assert run-postgis-truncate test $? = 0
rm -f "$TMP/out.dump"

cli_finish
