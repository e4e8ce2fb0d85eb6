#!/usr/bin/env bash
# tests/cli/test_install.sh — cmake --install puts the binary, the man pages
# and the bash completion where they belong: installed into a temporary
# prefix, exactly these files appear, the binary runs, `man pgscrub-check`
# finds the page through its .so link, and the completion is the source's.
CLI_NAME=install
. "$(dirname "$0")/clilib.bash"
BUILD=${PGSCRUB_BUILD_DIR:-$(dirname "$PGSCRUB")}
P=$TMP/prefix

cmake --install "$BUILD" --prefix "$P" >"$TMP/install.log" 2>&1
assert "cmake --install --prefix succeeds" test $? = 0 || cat "$TMP/install.log" >&2
(cd "$P" && find . -type f | sed 's|^\./||' | sort) >"$TMP/files"
echo "installed:" >&2; sed 's/^/  /' "$TMP/files" >&2

completion=$(grep -E '(^|/)bash-completion/completions/pgscrub$' "$TMP/files")
printf '%s\n' bin/pgscrub share/man/man1/pgscrub.1 share/man/man1/pgscrub-anonymisers.1 \
	share/man/man1/pgscrub-check.1 share/man/man1/pgscrub-init.1 \
	share/man/man1/pgscrub-plan.1 "${completion:-no bash completion}" | sort >"$TMP/want"
compare_lists() { cmp -s "$TMP/want" "$TMP/files" || { diff "$TMP/want" "$TMP/files" >&2; false; }; }
assert "exactly the binary, the man pages and the completion" compare_lists

assert "the installed binary runs" sh -c "'$P/bin/pgscrub' --version | grep -q '^pgscrub '"
assert "the man page is the source's" cmp -s "$SRC/src/pgscrub.1" "$P/share/man/man1/pgscrub.1"
assert "the completion is the source's" cmp -s "$SRC/src/pgscrub.bash-completion" "$P/${completion:-none}"
for sub in check init plan anonymisers; do
	assert "pgscrub-$sub.1 is a .so link to pgscrub.1" \
		test "$(cat "$P/share/man/man1/pgscrub-$sub.1")" = ".so man1/pgscrub.1"
done
# man and groff are test dependencies (.ci/install-deps: man-db, groff-base)
assert "man and groff are installed" sh -c 'command -v man && command -v groff' >/dev/null
MANPATH=$P/share/man MANWIDTH=80 man pgscrub-check >"$TMP/page" 2>"$TMP/man.err"
assert "man pgscrub-check shows pgscrub(1)" \
	sh -c "grep -q '^PGSCRUB CHECK' '$TMP/page' && [ ! -s '$TMP/man.err' ]"
cat "$TMP/man.err" >&2
cli_finish
