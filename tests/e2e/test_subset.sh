#!/usr/bin/env bash
# test_subset.sh — smaller copies: where, truncate and sample(), closed over foreign keys,
# compared row for row with the same subset made by the database itself.
#
# The database's way: a copy of the source database whose foreign keys all say ON DELETE
# CASCADE (those saying SET NULL keep it), then DELETE of every row a filter drops. The
# README promises exactly that result. For each case pgscrub's output is restored with
# pg_restore --exit-on-error (all constraints created, so all valid), from a file, from a
# pipe and with -j 2, and every table is compared with the database's subset: the same
# rows, not just the same counts. The input is read from a file and from a pipe (spooled).
. "$(dirname "$0")/lib.sh"

need_pgscrub
pg_start
T=$(tmp)
SCRUB_TIMEOUT=120

fresh_db src
psql -X -q -v ON_ERROR_STOP=1 -d src -f "$E2E_LIB_DIR/subset.sql" >/dev/null || fail "cannot load subset.sql"
pg_dump -Fc -d src -f "$T/src.dump" || fail "pg_dump failed"

TABLES=(public.customers public.products public.orders public.order_items public.shipments
	public.referrals public.employees public.categories public.a_nodes public.b_nodes
	public.events_2023 public.events_2024 billing.invoices 'public."Weird Table"' public.settings
	'ONLY public.vehicles' public.cars)

# Every foreign key ON DELETE CASCADE, except SET NULL ones: the closure's meaning.
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

# want NAME SQL: database "want_NAME" = src with cascading keys, after SQL (the deletes).
want() {
	psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS want_$1 WITH (FORCE)" \
		-c "CREATE DATABASE want_$1 TEMPLATE src" >/dev/null || fail "cannot copy src"
	psql -X -q -v ON_ERROR_STOP=1 -d "want_$1" -c "$CASCADE_SQL" -c "$2" >/dev/null \
		|| fail "$1: the database's subset failed"
}

# rows DB TABLE: the table's rows, sorted, one per line.
rows() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "SELECT t::text FROM $2 t ORDER BY 1"
}

# same_rows NAME DB1 DB2: every table holds the same rows in both.
same_rows() {
	local t a b
	for t in "${TABLES[@]}"; do
		a=$(rows "$2" "$t" | md5sum) b=$(rows "$3" "$t" | md5sum)
		if [ "$a" = "$b" ]; then ok "$1: $t"; else
			not_ok "$1: $t differs ($(rows "$2" "$t" | wc -l) rows in $2, $(rows "$3" "$t" | wc -l) in $3)"
		fi
	done
}

# restored NAME ARCHIVE HOW: restore into got_NAME with --exit-on-error, HOW = file|pipe|j2.
restored() {
	local db="got_$1_$3"
	fresh_db "$db"
	case $3 in
	file) restore_db 15 "$db" --exit-on-error "$2" ;;
	pipe) cat "$2" | restore_db 15 "$db" --exit-on-error ;;
	j2) restore_db 15 "$db" --exit-on-error -j 2 "$2" ;;
	esac || { not_ok "$1: pg_restore --exit-on-error ($3) failed"; return 1; }
	# Every foreign key made it, valid.
	check_eq "$1 ($3): all foreign keys restored and valid" \
		"$(psql_q src "SELECT count(*) FROM pg_constraint WHERE contype = 'f'")" \
		"$(psql_q "$db" "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated")"
}

# case NAME RULES_BODY SQL: run, restore three ways, compare with the database's subset.
subset_case() {
	local name=$1 rules=$T/$1.ini how
	printf '[pgscrub]\nunlisted = keep\nsecret_env = SUBSET_KEY\n%s\n' "$2" >"$rules"
	SUBSET_KEY=0123456789abcdef0123456789abcdef scrub -r "$rules" -i "$T/src.dump" -o "$T/$name.dump" --report "$T/$name.json"
	if [ "$SCRUB_RC" -ne 0 ]; then not_ok "$name: pgscrub exit $SCRUB_RC: $(scrub_stderr)"; return; fi
	# From a pipe: spooled, same bytes out.
	cat "$T/src.dump" | SUBSET_KEY=0123456789abcdef0123456789abcdef timeout 120 "$PGSCRUB" -r "$rules" >"$T/$name.pipe.dump" 2>"$T/$name.pipe.err" \
		|| not_ok "$name: from a pipe: $(head -c 300 "$T/$name.pipe.err")"
	check "$name: from a pipe, the same data" cmp -s <(script_of "$T/$name.dump" 15) <(script_of "$T/$name.pipe.dump" 15)
	want "$name" "$3"
	for how in file pipe j2; do
		restored "$name" "$T/$name.dump" "$how" && same_rows "$name ($how)" "want_$name" "got_${name}_$how"
	done
}

subset_case where_customers \
	"[public.customers]
where = created_at >= '2024-01-01' or is_staff" \
	"DELETE FROM customers WHERE (created_at >= '2024-01-01' OR is_staff) IS NOT TRUE"

subset_case truncate_cascade \
	"truncate = public.customers" \
	"DELETE FROM customers"

subset_case self_reference \
	"[public.categories]
where = name not in ('c3', 'c10')
[public.employees]
where = id > 40 or manager_id is null" \
	"DELETE FROM categories WHERE (name NOT IN ('c3', 'c10')) IS NOT TRUE;
	 DELETE FROM employees WHERE (id > 40 OR manager_id IS NULL) IS NOT TRUE"

subset_case cycle \
	"[public.a_nodes]
where = id between 20 and 180
[public.b_nodes]
where = a_id is null or a_id <> 77" \
	"DELETE FROM a_nodes WHERE (id BETWEEN 20 AND 180) IS NOT TRUE;
	 DELETE FROM b_nodes WHERE (a_id IS NULL OR a_id <> 77) IS NOT TRUE"

subset_case partitions_and_composite \
	"[public.events]
where = at < '2024-06-01'
[public.order_items]
where = qty <> 2
[public.products]
where = sku like 'SKU-1%'" \
	"DELETE FROM events WHERE (at < '2024-06-01') IS NOT TRUE;
	 DELETE FROM order_items WHERE (qty <> 2) IS NOT TRUE;
	 DELETE FROM products WHERE (sku LIKE 'SKU-1%') IS NOT TRUE"

subset_case inheritance \
	"[public.vehicles]
where = kind <> 'bike'
[public.customers]
where = id > 500" \
	"DELETE FROM vehicles WHERE (kind <> 'bike') IS NOT TRUE;
	 DELETE FROM customers WHERE (id > 500) IS NOT TRUE"

# sample(): keyed, so the database cannot draw the same sample; it can close over the
# customers pgscrub kept, and the rest of the copy must be what that closure gives.
subset_case_sample() {
	local kept
	subset_case_run sample "[public.customers]
where = sample(10) or is_staff
[public.orders]
where = sample(50, customer_id)" || return
}
subset_case_run() {
	local name=$1 rules=$T/$1.ini how kept
	printf '[pgscrub]\nunlisted = keep\nsecret_env = SUBSET_KEY\n%s\n' "$2" >"$rules"
	SUBSET_KEY=0123456789abcdef0123456789abcdef scrub -r "$rules" -i "$T/src.dump" -o "$T/$name.dump"
	if [ "$SCRUB_RC" -ne 0 ]; then not_ok "$name: pgscrub exit $SCRUB_RC: $(scrub_stderr)"; return 1; fi
	restored "$name" "$T/$name.dump" file || return 1
	kept=$(psql_q "got_${name}_file" "SELECT coalesce(string_agg(id::text, ','), '0') FROM customers")
	n=$(psql_q "got_${name}_file" "SELECT count(*) FROM customers WHERE NOT is_staff")
	check "$name: about 10 % of the customers ($n of 1960)" test "$n" -ge 140 -a "$n" -le 260
	kept_orders=$(psql_q "got_${name}_file" "SELECT coalesce(string_agg(id::text, ','), '0') FROM orders")
	want "$name" "DELETE FROM customers WHERE id NOT IN ($kept); DELETE FROM orders WHERE id NOT IN ($kept_orders)"
	same_rows "$name" "want_$name" "got_${name}_file"
	# sample(50, customer_id) keeps whole customers' histories: for each customer either
	# every order or none.
	check_eq "$name: orders sampled by customer, whole histories" "0" \
		"$(psql_q src "SELECT count(*) FROM (SELECT customer_id FROM orders WHERE customer_id IN ($kept)
			GROUP BY customer_id HAVING count(*) FILTER (WHERE id IN ($kept_orders)) NOT IN (0, count(*))) x")"
	# Same key, same bytes; another key, another sample.
	SUBSET_KEY=0123456789abcdef0123456789abcdef scrub -r "$rules" -i "$T/src.dump" -o "$T/$name.again.dump"
	check "$name: same key, same bytes" cmp -s "$T/$name.dump" "$T/$name.again.dump"
	SUBSET_KEY=fedcba9876543210fedcba9876543210 scrub -r "$rules" -i "$T/src.dump" -o "$T/$name.other.dump"
	check "$name: another key, another sample" test "$(script_of "$T/$name.dump" 15 | md5sum)" != "$(script_of "$T/$name.other.dump" 15 | md5sum)"
}
subset_case_sample

# A case rule: staff keep their names, everyone else gets a fake one; with a filter.
case_rule() {
	local rules=$T/case.ini db=got_case
	printf '[pgscrub]\nunlisted = keep\nsecret_env = SUBSET_KEY\n[public.customers]\nwhere = created_at >= %s or is_staff\nname = case when is_staff then keep when id < 100 then null else full_name end\n' \
		"'2024-06-01'" >"$rules"
	SUBSET_KEY=0123456789abcdef0123456789abcdef scrub -r "$rules" -i "$T/src.dump" -o "$T/case.dump"
	if [ "$SCRUB_RC" -ne 0 ]; then not_ok "case rule: pgscrub exit $SCRUB_RC: $(scrub_stderr)"; return; fi
	fresh_db "$db"
	restore_db 15 "$db" --exit-on-error "$T/case.dump" || { not_ok "case rule: restore failed"; return; }
	check_eq "case rule: every staff member kept, with the original name" "$(psql_q src "SELECT count(*) FROM customers WHERE is_staff")" \
		"$(psql_q "$db" "SELECT count(*) FROM customers WHERE is_staff AND name ~ '^Name [0-9]+$'")"
	check_eq "case rule: staff names unchanged" "$(psql_q src "SELECT string_agg(name, ',' ORDER BY id) FROM customers WHERE is_staff")" \
		"$(psql_q "$db" "SELECT string_agg(name, ',' ORDER BY id) FROM customers WHERE is_staff")"
	check_eq "case rule: the second branch nulls" "0" \
		"$(psql_q "$db" "SELECT count(*) FROM customers WHERE NOT is_staff AND id < 100 AND name IS NOT NULL")"
	check_eq "case rule: no other original name left" "0" \
		"$(psql_q "$db" "SELECT count(*) FROM customers WHERE NOT is_staff AND name ~ '^Name [0-9]+$'")"
	check "case rule: the others have names" test "$(psql_q "$db" "SELECT count(*) FROM customers WHERE NOT is_staff AND id >= 100 AND name IS NOT NULL")" -gt 0
}
case_rule

# The report says what went where.
if [ -s "$T/truncate_cascade.json" ]; then
	check "report: orders removed by the cascade via orders_customer_id_fkey" \
		grep -q '"orders_customer_id_fkey","removed":6000' "$T/truncate_cascade.json"
	check "report: employees' managers nulled via employees_manager_id_fkey" \
		grep -q '"employees_manager_id_fkey","removed":0,"nulled":[1-9]' "$T/truncate_cascade.json"
else
	not_ok "truncate_cascade: no report"
fi

# Statistics are not in a pg_dump 15 archive; a filter on a table nobody references leaves
# everything else byte for byte (settings is copied).
finish
