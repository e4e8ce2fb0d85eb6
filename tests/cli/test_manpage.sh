#!/usr/bin/env bash
# tests/cli/test_manpage.sh — the man page src/pgscrub.1 says what the
# program does: every option of every command's --help is in the page's
# section for that command and every option the page documents is in a
# --help (plan's from the interface in helpopts.bash until it is merged);
# the subcommands and exit statuses agree; groff (and mandoc, man -l, where
# installed) render it without a warning.
CLI_NAME=manpage
. "$(dirname "$0")/clilib.bash"
. "$(dirname "$0")/helpopts.bash"
PAGE=$SRC/src/pgscrub.1

# The lines of section .SH TITLE (quoted or not), up to the next .SH.
man_section() {
	awk -v t="$1" '
		/^\.SH / { s = substr($0, 5); gsub(/"/, "", s); on = (s == t); next }
		on' "$PAGE"
}

# The options in the tags of a section's .TP items ("\-r, \-\-rules FILE"),
# one a line, sorted; tags that do not start with a dash are not options.
man_options() {
	man_section "$1" | awk 'tag { print; tag = 0 } /^\.TP/ { tag = 1 }' |
		grep -E '^\.(B|BR|BI) \\-' | sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/"/ /g' |
		cut -d' ' -f2- | grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z-]*' | sed -E 's/^[ ,]//' |
		sort -u
}

# The exit statuses under .SS TITLE of EXIT STATUS, one a line.
man_exit_codes() {
	man_section "EXIT STATUS" | awk -v t="$1" '
		/^\.SS / { s = substr($0, 5); gsub(/"/, "", s); gsub(/\\-/, "-", s); on = (s == t); next }
		on && tag { print $2 } { tag = /^\.TP/ }' | sort -u
}

# Compare two sorted lists; on a difference say what is only on which side.
same() {
	local name=$1 a=$2 b=$3
	if [ "$a" = "$b" ] && [ -n "$a" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $name" >&2
		diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | sed -n 's/^</  only in the man page:/p; s/^>/  only in --help:/p' >&2
		[ -n "$a" ] || echo "  the man page lists none" >&2
	fi
}

# ---- options, section by section ---------------------------------------------
same "run options (OPTIONS)" "$(man_options OPTIONS)" "$(run_options)"
same "check options (PGSCRUB CHECK)" "$(man_options 'PGSCRUB CHECK')" "$(help_options check)"
same "init options (PGSCRUB INIT)" "$(man_options 'PGSCRUB INIT')" "$(help_options init)"
same "anonymisers options (PGSCRUB ANONYMISERS)" "$(man_options 'PGSCRUB ANONYMISERS')" "$(help_options anonymisers)"
same "plan options (PGSCRUB PLAN), from its --help" "$(man_options 'PGSCRUB PLAN')" "$(plan_options)"

# ---- subcommands: a section each and a synopsis each ---------------------------
sections=$(grep -E '^\.SH "PGSCRUB [A-Z]+"$' "$PAGE" | grep -oE '[A-Z]+"$' | tr -d '"' | tr 'A-Z' 'a-z' | sort -u)
same "a section per subcommand" "$sections" "$(all_subcommands)"
synopsis=$(grep -oE '^\.SY "pgscrub [a-z]+"$' "$PAGE" | grep -oE '[a-z]+"$' | tr -d '"' | sort -u)
same "a synopsis per subcommand" "$synopsis" "$(all_subcommands)"

# ---- exit statuses ---------------------------------------------------------------
same "run exit statuses" "$(man_exit_codes 'pgscrub -r RULES')" "$(help_exit_codes)"
same "check exit statuses" "$(man_exit_codes 'pgscrub check')" "$(help_exit_codes check)"
same "init exit statuses" "$(man_exit_codes 'pgscrub init')" "$(help_exit_codes init)"
same "anonymisers exit statuses" "$(man_exit_codes 'pgscrub anonymisers')" "$(help_exit_codes anonymisers)"
same "plan exit statuses, from its --help" "$(man_exit_codes 'pgscrub plan')" "$(plan_exit_codes)"

# ---- required sections -------------------------------------------------------------
for s in NAME SYNOPSIS DESCRIPTION OPTIONS "RULES FILE" ENVIRONMENT FILES \
	 "EXIT STATUS" EXAMPLES "SEE ALSO"; do
	assert "section $s" test -n "$(man_section "$s")"
done
assert "SEE ALSO names pg_dump(1) and pg_restore(1)" \
	sh -c "grep -q '^\.BR pg_dump (1)' '$PAGE' && grep -q '^\.BR pg_restore (1)' '$PAGE'"

# ---- renders without a warning ---------------------------------------------------------
# groff is a test dependency (.ci/install-deps installs groff-base): without
# it the lint fails rather than pass unlinted.
assert "groff is installed (groff-base)" command -v groff
groff -man -ww -z "$PAGE" >"$TMP/groff" 2>&1
assert "groff -man -ww renders it without a warning" test "$?" = 0 -a ! -s "$TMP/groff"
cat "$TMP/groff" >&2
if command -v mandoc >/dev/null; then
	mandoc -T lint -W warning "$PAGE" >"$TMP/mandoc" 2>&1
	assert "mandoc -T lint finds nothing" test ! -s "$TMP/mandoc"
	cat "$TMP/mandoc" >&2
fi
if command -v man >/dev/null && command -v groff >/dev/null; then
	MANWIDTH=80 man -l "$PAGE" >"$TMP/page" 2>"$TMP/man.err"
	assert "man -l renders it" sh -c "[ ! -s '$TMP/man.err' ] && grep -q 'pgscrub check' '$TMP/page'"
	cat "$TMP/man.err" >&2
fi
cli_finish
