#!/usr/bin/env bash
# tests/cli/test_layout.sh — the README's Development section stays true:
# every module in src/ (and include/pgscrub/) is in its table and every module
# the table names exists; only main.c and cli.c print, read the environment or
# exit; every module opens with a comment saying what it does.
CLI_NAME=layout
. "$(dirname "$0")/clilib.bash"

table=$(sed -n '/^## Development/,/^## License/p' "$SRC/README.md" | grep '^| `')
named=$(printf '%s\n' "$table" | cut -d'|' -f2 | grep -o '`[a-z_0-9]*`' | tr -d '`' | sort -u)

for f in "$SRC"/src/*.c; do
	m=$(basename "$f" .c)
	assert "README names module $m" grep -qx "$m" <<<"$named"
	assert "$m.c opens with a comment" sh -c "head -n 2 '$f' | grep -q '^ \\* $m\\.c'"
done
for h in "$SRC"/include/pgscrub/*.h; do
	m=$(basename "$h" .h)
	case $m in anon_impl) continue ;; esac   # the anonymisers' private contract
	assert "README names header $m" grep -qx "$m" <<<"$named"
done
for m in $named; do
	assert "module $m named in the README exists" \
		sh -c "[ -f '$SRC/src/$m.c' ] || [ -f '$SRC/include/pgscrub/$m.h' ]"
done
for f in "$SRC"/src/*.c; do
	case $(basename "$f") in main.c|cli.c) continue ;; esac
	# stdout/stderr, printf-family printing, getenv, exit: the CLI's alone.
	assert "$(basename "$f") does not print, read the environment or exit" \
		sh -c "! grep -nP '\\b(printf|fputs|puts|perror|getenv|exit|abort)\\b *\\(|(?<!/dev/)\\bstd(err|out)\\b' '$f' | grep -vE '^[0-9]+: *(/?\\*|//)|snprintf|vsnprintf|_exit'"
done
cli_finish
