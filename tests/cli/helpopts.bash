# tests/cli/helpopts.bash — sourced by test_manpage.sh and test_completion.sh:
# what pgscrub's --help texts say (options, subcommands, exit statuses), so
# that the man page and the bash completion are compared with the program
# itself, never with a list of their own.

# The options an option line of `pgscrub ARGS... --help` names, one a line,
# sorted.  An option line starts with a few blanks and a dash ("  -r, --rules
# FILE   the rules file"); its tag ends at the first run of two blanks, so
# options the description mentions do not count.
help_options() {
	"$PGSCRUB" "$@" --help | grep -E '^ {1,8}-' | sed -E 's/^ +//; s/  .*//' |
		grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z-]*' | sed -E 's/^[ ,]//' | sort -u
}

# Those of them that take a value (the tag shows one: "--rules FILE",
# "--compress M[:L]").
help_value_options() {
	"$PGSCRUB" "$@" --help | grep -E '^ {1,8}-' | sed -E 's/^ +//; s/  .*//' |
		grep -E -- '--?[A-Za-z-]+ [A-Z]' |
		grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z-]*' | sed -E 's/^[ ,]//' | sort -u
}

# The subcommands the usage lines of `pgscrub --help` show, sorted.
help_subcommands() {
	"$PGSCRUB" --help | sed -n '1,/^$/p' | grep -oE '^(usage: | +)pgscrub [a-z]+' |
		awk '{ print $NF }' | sort -u
}

# The exit statuses the "Exit status:" paragraph of `pgscrub ARGS... --help`
# lists ("0 done; 1 ...; 2 ..."), one a line.
help_exit_codes() {
	"$PGSCRUB" "$@" --help | sed -n '/^Exit status:/,/^$/p' | tr '\n' ' ' |
		sed 's/^Exit status: */; /' | grep -oE '; [0-9] ' | tr -dc '0-9\n' |
		grep -oE '[0-9]' | sort -u
}

# pgscrub plan and the run's --dry-run are being written in another branch,
# to this interface:
#     pgscrub plan -r RULES [ARCHIVE [--schema ARCHIVE] | --dbname CONNINFO]
#                  [--compress M[:L]] [--format text|json]
#     pgscrub -r RULES [-i IN] ... --dry-run
# exit 0 a run would go ahead, 1 unreadable input, 2 usage or invalid rules,
# 3 the rules do not cover (4 internal, as everywhere).  Until that branch
# is merged the man page and the completion are checked against these
# lists; the lead switches them to help_options plan, help_exit_codes plan
# and the run's help_options when merging.
plan_options() { printf '%s\n' -r --rules -d --dbname --schema --compress --format -h --help | sort -u; }
plan_value_options() { printf '%s\n' -r --rules -d --dbname --schema --compress --format | sort -u; }
plan_exit_codes() { printf '%s\n' 0 1 2 3 4; }
run_plan_options() { printf '%s\n' --dry-run; }

# The run's options: its --help's and plan's addition.
run_options() { { help_options; run_plan_options; } | sort -u; }
# Every subcommand: --help's and plan.
all_subcommands() { { help_subcommands; echo plan; } | sort -u; }
