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

# pgscrub plan and the run's --dry-run: from their --help too.
plan_options() { help_options plan; }
plan_value_options() { help_value_options plan; }
plan_exit_codes() { help_exit_codes plan; }

# The run's options (--dry-run among them).
run_options() { help_options; }
# Every subcommand the usage lines show (plan among them).
all_subcommands() { help_subcommands; }
