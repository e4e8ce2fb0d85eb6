#!/usr/bin/env bash
# test_partition_key.sh — rewriting a partition key column.
#
# A normal dump restores each partition's rows straight into the partition,
# so a shifted partition key would break the partition constraint: pgscrub
# refuses the rule (exit 3, no output).  A dump made with
# --load-via-partition-root sends every row through the root, which routes
# it to its new partition: there the rule is accepted, and every row comes
# back, each in the partition its new key belongs to.
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients
need_fixtures
pg_start

T=$(tmp)
cat >"$T/rules.ini" <<'INI'
[pgscrub]
unlisted = keep
large_objects = keep
secret = random
[public.measurements]
logdate = date_shift(days=400)
INI

scrub -r "$T/rules.ini" -i "$ARCHIVES/pg18-gzip-file.dump" -o "$T/direct.dump"
check_eq "direct dump: rule refused" "3" "$SCRUB_RC"
check "direct dump: message names the key" grep -q "logdate is in the partition key" "$SCRUB_ERR"
check "direct dump: no output" test ! -e "$T/direct.dump"

scrub -r "$T/rules.ini" -i "$ARCHIVES/pg18-gzip-partition-root.dump" -o "$T/root.dump"
check_eq "via root: accepted" "0" "$SCRUB_RC"
fresh_db orig
restore_db 18 orig "$ARCHIVES/pg18-gzip-partition-root.dump" || not_ok "restoring the input failed"
fresh_db root
if restore_db 18 root "$T/root.dump"; then
	check_eq "via root: every row restored" \
		"$(psql_q orig "SELECT count(*) FROM public.measurements")" \
		"$(psql_q root "SELECT count(*) FROM public.measurements")"
	before=$(psql_q orig "SELECT string_agg(logdate::text, ',' ORDER BY logdate) FROM public.measurements")
	after=$(psql_q root "SELECT string_agg(logdate::text, ',' ORDER BY logdate) FROM public.measurements")
	check "via root: dates moved" test "$before" != "$after"
	check_eq "via root: every row in the partition of its key" "0" \
		"$(psql_q root "SELECT count(*) FROM public.measurements_2023 WHERE logdate NOT BETWEEN '2023-01-01' AND '2023-12-31'")"
else
	not_ok "via root: restore failed"
fi

finish
