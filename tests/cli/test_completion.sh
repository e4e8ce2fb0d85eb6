#!/usr/bin/env bash
# tests/cli/test_completion.sh — the bash completion src/pgscrub.bash-completion:
# its option lists equal the options of each command's --help (plan's the
# interface in helpopts.bash until it is merged), every option that takes a
# value is completed as one, and COMPREPLY is right for a few command lines,
# given as bash splits them (COMP_WORDBREAKS makes ':' and '=' words of
# their own).  Needs bash only, not the bash-completion package.
CLI_NAME=completion
. "$(dirname "$0")/clilib.bash"
. "$(dirname "$0")/helpopts.bash"
. "$SRC/src/pgscrub.bash-completion"
COMP_WORDBREAKS=${COMP_WORDBREAKS:-$' \t\n"\'><=;|&(:'}

# Compare two lists, each sorted here.
same() {
	local name=$1 a b
	a=$(printf '%s\n' $2 | sort -u) b=$(printf '%s\n' $3 | sort -u)
	if [ "$a" = "$b" ] && [ -n "$a" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $name" >&2
		diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | sed -n 's/^</  only in the completion:/p; s/^>/  expected:/p' >&2
	fi
}

# ---- the lists are the program's -------------------------------------------------
same "subcommands" "$_pgscrub_subcommands" "$(all_subcommands)"
same "run options" "$_pgscrub_opts_run" "$(run_options)"
same "check options" "$_pgscrub_opts_check" "$(help_options check)"
same "init options" "$_pgscrub_opts_init" "$(help_options init)"
same "anonymisers options" "$_pgscrub_opts_anonymisers" "$(help_options anonymisers)"
same "plan options, from its --help" "$_pgscrub_opts_plan" "$(plan_options)"
# Every option that takes a value gets one completed (and no other).
valued() { local o; for o in $1; do [ "$(_pgscrub_value_kind "$o")" = none ] || echo "$o"; done; }
same "run options with a value" "$(valued "$_pgscrub_opts_run")" "$(help_value_options)"
same "check options with a value" "$(valued "$_pgscrub_opts_check")" "$(help_value_options check)"
same "init options with a value" "$(valued "$_pgscrub_opts_init")" "$(help_value_options init)"
same "plan options with a value, from its --help" "$(valued "$_pgscrub_opts_plan")" "$(plan_value_options)"
[ -z "$(help_value_options anonymisers)" ] && [ -z "$(valued "$_pgscrub_opts_anonymisers")" ]
assert "anonymisers options take no value" test $? = 0

# ---- COMPREPLY ------------------------------------------------------------------------
# comp NAME 'EXPECTED REPLIES' WORD... : complete the last WORD (the cursor
# at its end) and compare the replies, in any order.
comp() {
	local name=$1 want=$2; shift 2
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*" COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_pgscrub pgscrub "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	if [ -z "$want" ]; then
		assert "complete: $name: nothing" test ${#COMPREPLY[@]} = 0
	else
		same "complete: $name" "${COMPREPLY[*]}" "$want"
	fi
}
comp "subcommands" "check init plan anonymisers" pgscrub ''
comp "a subcommand's prefix" "check" pgscrub ch
comp "run options by prefix" "--no-progress" pgscrub --no
comp "run options after -r" "--rules --report" pgscrub -r x.ini --r
comp "check options" "--schema" pgscrub check --sc
comp "check --format" "text json" pgscrub check -r x.ini --format ''
comp "run --format" "custom directory tar" pgscrub -r x.ini --format ''
comp "run --format t" "tar" pgscrub -r x.ini --format t
comp "plan --format" "json" pgscrub plan --format j
comp "--format=VALUE" "json" pgscrub check --format = j
comp "--compress methods" "none gzip lz4 zstd" pgscrub --compress ''
comp "--compress z" "zstd" pgscrub --compress z
comp "--compress gzip: levels" "0 1 2 3 4 5 6 7 8 9" pgscrub --compress gzip :
comp "--compress zstd:2 levels" "2 20 21 22" pgscrub --compress zstd : 2
comp "--compress lz4:1 levels" "1 10 11 12" pgscrub -i a.dump --compress lz4 : 1
comp "--compress=zstd:1" "1 10 11 12 13 14 15 16 17 18 19" pgscrub --compress = zstd : 1
comp "plan --compress" "gzip" pgscrub plan --compress g
comp "init options" "--update" pgscrub init --up
comp "anonymisers options" "--names" pgscrub anonymisers --n
comp "anonymiser names" "date_shift digits" "$PGSCRUB" anonymisers d
comp "all anonymiser names" "$("$PGSCRUB" anonymisers --names)" "$PGSCRUB" anonymisers ''
comp "--dbname: no files" "" pgscrub check --dbname ''

# Files for -r, -i, -o, --schema, --report, init's --update and ARCHIVE.
mkdir "$TMP/d" && touch "$TMP/d/rules.ini" "$TMP/d/prod.dump" "$TMP/d/schema.dump"
cd "$TMP/d" || exit 1
comp "-r FILE" "rules.ini" pgscrub -r ru
comp "--rules FILE" "rules.ini" pgscrub --rules r
comp "-i FILE" "prod.dump" pgscrub -r rules.ini -i p
comp "-o FILE" "prod.dump" pgscrub -r rules.ini -o pr
comp "--report FILE" "schema.dump" pgscrub -r rules.ini --report s
comp "--schema FILE" "schema.dump" pgscrub -r rules.ini --schema sc
comp "init --update FILE" "rules.ini" pgscrub init --update r
comp "check ARCHIVE" "prod.dump" pgscrub check -r rules.ini pro
comp "plan ARCHIVE" "schema.dump" pgscrub plan -r rules.ini sch
comp "the run takes no ARCHIVE" "" pgscrub -r rules.ini p
cd / || exit 1
cli_finish
