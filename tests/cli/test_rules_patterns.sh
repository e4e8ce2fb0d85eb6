#!/usr/bin/env bash
# tests/cli/test_rules_patterns.sh — rules by column name ([*], [schema.*]).
#
# For every fixture archive: `pgscrub init` and `pgscrub init --compact`
# must mean the same thing — check says the same about both (and every
# column resolves to the same rule), and runs with the two rules files
# (keyed rules, one key) write byte-identical archives.  Then pinned
# outputs: check --explain (text and JSON) over a hand-written file with
# pattern sections, init --compact, and the errors of pattern sections.
CLI_NAME=cli-rules-patterns CLI_PREFIX=patterns-
. "$(dirname "$0")/clilib.bash"
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
export PGSCRUB_KEY=0123456789abcdef0123456789abcdef

# The resolved rule of every column, one "schema.table.column rule" line
# each, from check --format json --explain.
resolved() {
	python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["resolution"]:
    print(r["schema"], r["table"], r["column"], r["rule"])' "$1"
}

for dump in "$A"/*.dump; do
	f=$(basename "$dump" .dump)
	d=$TMP/$f
	mkdir -p "$d"
	if ! "$PGSCRUB" init "$dump" >"$d/full.ini" 2>"$d/init.err" ||
	   ! "$PGSCRUB" init --compact "$dump" >"$d/compact.ini" 2>>"$d/init.err"; then
		failed=$((failed + 1)); echo "FAIL: $f: init" >&2; cat "$d/init.err" >&2
		continue
	fi
	for v in full compact; do
		"$PGSCRUB" check -r "$d/$v.ini" "$dump" 2>&1 |
			sed "s|$d/$v.ini|RULES|g" >"$d/$v.check"
		echo "exit ${PIPESTATUS[0]}" >>"$d/$v.check"
		"$PGSCRUB" check -r "$d/$v.ini" --format json --explain "$dump" \
			>"$d/$v.json" 2>/dev/null
		resolved "$d/$v.json" >"$d/$v.resolved" 2>/dev/null
		"$PGSCRUB" -r "$d/$v.ini" -i "$dump" -o "$d/$v.out.dump" \
			2>&1 | sed "s|$d/$v.ini|RULES|g" >"$d/$v.run"
		echo "exit ${PIPESTATUS[0]}" >>"$d/$v.run"
	done
	assert "$f-check" cmp "$d/full.check" "$d/compact.check"
	assert "$f-resolved" cmp "$d/full.resolved" "$d/compact.resolved"
	assert "$f-run" cmp "$d/full.run" "$d/compact.run"
	if [ -f "$d/full.out.dump" ] || [ -f "$d/compact.out.dump" ]; then
		assert "$f-archive" cmp "$d/full.out.dump" "$d/compact.out.dump"
	fi
	rm -f "$d"/*.out.dump
done

D=$A/pg17-gzip-file.dump
case_ init-compact - init --compact "$D"

# Pattern sections, the order they apply in, and where each rule comes from.
cat >"$TMP/patterns.ini" <<'INI'
[pgscrub]
secret_env = PGSCRUB_KEY
large_objects = drop
truncate = public.texts

[*]                      ; every table
id = keep
label = null
note = keep

[public.*]               ; every table of schema public (nearer than [*])
label = keep
body = null
INI
"$PGSCRUB" init "$D" | python3 -c '
import sys
# The init file minus its [pgscrub] section and the id/label lines: the
# patterns must cover those.
out, skip = [], False
for line in sys.stdin:
    if line.startswith("["):
        skip = line.startswith("[pgscrub]") or line.startswith("[public.texts]")
    if skip or line.split(" ")[0] in ("id", "label", "body"):
        continue
    out.append(line)
sys.stdout.write("".join(out))' >>"$TMP/patterns.ini"
case_ check-explain - check --explain -r "$TMP/patterns.ini" "$D"
case_ check-explain-json - check --explain --format json -r "$TMP/patterns.ini" "$D"

# A pattern rule that cannot fit a column it covers: check and the run name
# the table, the column and the pattern section's line.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = drop\nsecret_env = PGSCRUB_KEY\n[*]\nid = email\n' >"$TMP/nofit.ini"
case_ check-nofit - check -r "$TMP/nofit.ini" "$D"
case_ run-nofit "$D" -r "$TMP/nofit.ini" -o "$TMP/nofit.dump"

# A default no table has is a note, not an error.
printf '[pgscrub]\nunlisted = keep\nlarge_objects = drop\n[*]\nno_such_column = null\n[public.*]\nnor_this = keep\n' >"$TMP/unused.ini"
case_ check-unused - check -r "$TMP/unused.ini" "$D"

# Refused forms.
printf '[*]\n* = keep\n' >"$TMP/star.ini"
case_ check-star-in-all - check -r "$TMP/star.ini" "$D"
printf '[public.*]\n* = null\n' >"$TMP/star2.ini"
case_ check-star-in-schema - check -r "$TMP/star2.ini" "$D"
printf '[*.users]\nid = keep\n' >"$TMP/bad.ini"
case_ check-star-schema - check -r "$TMP/bad.ini" "$D"
printf '[public.user*]\nid = keep\n' >"$TMP/bad2.ini"
case_ check-partial-star - check -r "$TMP/bad2.ini" "$D"
case_ init-compact-update - init --compact --update "$TMP/bad2.ini" "$D"

# Rules by type.  The order, nearest first: the table's section (named
# column, then *), [schema.*] by name, [schema.*] by type, [*] by name, [*]
# by type, unlisted.  Aliases (timestamptz, int, varchar) mean the types
# format_type names; a domain is matched by its name only; arrays by T[].
cat >"$TMP/types.ini" <<'INI'
[pgscrub]
unlisted = keep
large_objects = drop
secret_env = PGSCRUB_KEY

[*]
type timestamptz = keep                ; orders.ordered_at
type int = keep                        ; "CRM Data" only: covered nearer
type public.email_addr = email         ; all_types.e (a domain, not varchar)
type character varying = scramble      ; people.phone; not email (a domain)
type text[] = keep                     ; texts.tags
type money = keep                      ; no such column: a note
person_id = keep                       ; [public.*] by type is nearer

[public.*]
type INTEGER = keep                    ; beats [*] by name and by type
qty = const('1')                       ; by name beats [public.*] by type

[public.orders]
id = keep                              ; the table's section first
INI
case_ check-types-explain - check --explain -r "$TMP/types.ini" "$D"
case_ check-types-explain-json - check --explain --format json -r "$TMP/types.ini" "$D"
"$PGSCRUB" -r "$TMP/types.ini" -i "$D" -o "$TMP/types.dump" --report "$TMP/types.json" 2>"$TMP/err"
assert types-run test $? = 0 -a -s "$TMP/types.dump"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for t in r["tables"]:
    for c in t.get("columns", []):
        if "type " in c.get("origin", ""):
            print(t["schema"], t["table"], c["column"], c["origin"])' "$TMP/types.json" |
	sed "s|$TMP/||" >"$TMP/types-report"
compare types-report "$TMP/types-report"
# A rule by type that cannot fit a column it covers names the pattern.
printf '[pgscrub]
unlisted = keep
large_objects = drop
secret_env = PGSCRUB_KEY
[*]
type integer = email
' >"$TMP/tnofit.ini"
case_ check-types-nofit - check -r "$TMP/tnofit.ini" "$D"
case_ run-types-nofit "$D" -r "$TMP/tnofit.ini" -o "$TMP/tnofit.dump"
# Refused forms: in a table section, and what is no type name.
printf '[public.people]
type text = keep
' >"$TMP/ttable.ini"
case_ check-types-in-table - check -r "$TMP/ttable.ini" "$D"
printf '[*]
type text; drop = keep
' >"$TMP/tbad.ini"
case_ check-types-bad-name - check -r "$TMP/tbad.ini" "$D"
printf '[*]
type text = keep
type  TEXT = null
' >"$TMP/tdup.ini"
case_ check-types-duplicate - check -r "$TMP/tdup.ini" "$D"

# init --update counts what the pattern sections cover (by name and by
# type) as covered: no line for it, in a new section or an old one.
printf '[pgscrub]\nunlisted = error\nlarge_objects = drop\nsecret_env = PGSCRUB_KEY\n\n[*]\nid = keep\ntype timestamp with time zone = keep\n\n[public.*]\ntype public.email_addr = email\n\n[public.orders]\nqty = keep\n' >"$TMP/upd.ini"
case_ init-update-patterns - init --update "$TMP/upd.ini" "$D"
"$PGSCRUB" init --update "$TMP/upd.ini" "$D" >"$TMP/upd2.ini"
assert init-update-patterns-no-covered-lines \
	sh -c "[ \$(grep -cE '^(id|ordered_at|email|e) = ' '$TMP/upd2.ini') = 1 ]"
case_ init-update-patterns-check - check -r "$TMP/upd2.ini" "$D"

# INSERT data lists no columns: a pattern that is not keep refuses it
# (fail closed) unless the table's own section says `* = keep`.
I=$A/pg17-gzip-inserts.dump
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\nsecret_env = PGSCRUB_KEY\n[*]\nemail = email\n' >"$TMP/ins.ini"
case_ run-inserts "$I" -r "$TMP/ins.ini" -o "$TMP/ins.dump"
printf '[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[*]\nid = keep\n' >"$TMP/ins2.ini"
case_ run-inserts-keep "$I" -r "$TMP/ins2.ini" -o "$TMP/ins2.dump"

cli_finish
