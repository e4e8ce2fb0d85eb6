#!/usr/bin/env bash
# tests/cli/test_cron.sh — the README's "Nightly on a backup server" recipe
# works as written, under cron's environment.
#
# The one-time setup (the sh block between "<!-- cron-setup:begin" and
# "<!-- cron-setup:end -->") and the crontab entry (the line of the cron
# block between "<!-- cron-line:begin" and "<!-- cron-line:end -->", without
# its five schedule fields) are read from README.md. pgscrub is installed
# with `cmake --install --prefix` from the build directory of $PGSCRUB. Then
# exactly these strings are replaced, by one sed, and nothing else:
#     /usr/local        -> $R/usr-local   (the install prefix)
#     /etc/pgscrub      -> $R/etc-pgscrub
#     /backup           -> $R/backup
#     /var/log/pgscrub  -> $R/var-log-pgscrub
# and both run as cron runs them: `env -i PATH=/usr/bin:/bin sh -c` (dash on
# Debian: a bashism fails). A good archive must give a scrubbed archive (the
# same bytes as a direct run with the key) and a report; a damaged archive
# and a missing key file must each leave no archive, a report naming the
# error, and run the `|| logger ...` branch (the line then exits with
# logger's status, 0: logger is in bsdutils, which every Debian system has).
CLI_NAME=cron
. "$(dirname "$0")/clilib.bash"

BUILD=$(dirname "$PGSCRUB")
if [ ! -f "$BUILD/cmake_install.cmake" ]; then
	echo "cron: skipped: $BUILD (the directory of PGSCRUB) is not a CMake build directory to install from" >&2
	exit 77
fi
for t in openssl logger install; do
	if [ ! -x "/usr/bin/$t" ] && [ ! -x "/bin/$t" ]; then
		echo "cron: FAIL: $t is not in /usr/bin or /bin, where the recipe running under cron's PATH needs it" >&2
		exit 1
	fi
done

# The recipe, as the README has it.
setup=$(sed -n '/^<!-- cron-setup:begin/,/^<!-- cron-setup:end -->/p' "$SRC/README.md" |
	awk '/^```sh *$/ { inside = 1; next } /^```/ { inside = 0; next } inside')
entry=$(sed -n '/^<!-- cron-line:begin/,/^<!-- cron-line:end -->/p' "$SRC/README.md" |
	awk '/^```cron *$/ { inside = 1; next } /^```/ { inside = 0; next } inside && !/^#/')
line=$(printf '%s\n' "$entry" | sed -E 's/^[[:space:]]*([^[:space:]]+[[:space:]]+){5}//')

assert "the README has the setup block" test -n "$setup"
assert "the README has exactly one crontab line" test "$(printf '%s\n' "$entry" | grep -c .)" = 1
assert "the crontab line has a schedule and a command" test -n "$line" -a "$line" != "$entry"
assert "the setup creates /var/log/pgscrub" grep -q '^install -d -m 0750 /var/log/pgscrub$' <<<"$setup"
assert "the crontab line calls /usr/local/bin/pgscrub by its full path" grep -q ' /usr/local/bin/pgscrub ' <<<" $line"
assert "the crontab line has no % (cron would turn it into a newline)" sh -c "! printf '%s' \"\$1\" | grep -q %" _ "$line"
assert "the crontab line reports to /var/log/pgscrub" grep -q -- '--report /var/log/pgscrub/' <<<"$line"

R=$TMP/root
subst() {
	sed -e "s#/usr/local#$R/usr-local#g" -e "s#/etc/pgscrub#$R/etc-pgscrub#g" \
		-e "s#/backup#$R/backup#g" -e "s#/var/log/pgscrub#$R/var-log-pgscrub#g"
}
setup_t=$(printf '%s\n' "$setup" | subst)
line_t=$(printf '%s\n' "$line" | subst)
# Undoing the substitution gives the README's text back: nothing else was touched.
undo() {
	sed -e "s#$R/usr-local#/usr/local#g" -e "s#$R/etc-pgscrub#/etc/pgscrub#g" \
		-e "s#$R/backup#/backup#g" -e "s#$R/var-log-pgscrub#/var/log/pgscrub#g"
}
assert "only the four paths were replaced" test "$(printf '%s\n' "$line_t" | undo)" = "$line"
assert "every path of the line was replaced" sh -c "! printf '%s' \"\$1\" | grep -qE '(^| |\")/(usr/local|etc|backup|var)/'" _ "$line_t"

mkdir -p "$R/backup" "$R/cwd"
if ! cmake --install "$BUILD" --prefix "$R/usr-local" >"$TMP/install.log" 2>&1; then
	echo "cron: FAIL: cmake --install $BUILD --prefix $R/usr-local:" >&2
	cat "$TMP/install.log" >&2
	exit 1
fi
assert "cmake --install put pgscrub in PREFIX/bin" test -x "$R/usr-local/bin/pgscrub"
cp "$A/../demo.dump" "$R/backup/prod.dump"
cp "$SRC/rules.ini" "$R/cwd/rules.ini"   # the setup installs ./rules.ini

# cron ARGS: run a command line as cron does, from $R/cwd; exit status in $rc.
cron() {
	rc=0
	(cd "$R/cwd" && timeout 120 env -i PATH=/usr/bin:/bin sh -c "$1") >"$TMP/cron.out" 2>&1 || rc=$?
}

cron "set -e
$setup_t"
assert "the setup ran under sh with cron's PATH (exit $rc: $(head -c 300 "$TMP/cron.out"))" test "$rc" = 0
assert "the key directory is root's only" test "$(stat -c %a "$R/etc-pgscrub")" = 700
assert "the key file is private" test "$(stat -c %a "$R/etc-pgscrub/key")" = 600
assert "the key is 32 random bytes in hex" grep -qxE '[0-9a-f]{64}' "$R/etc-pgscrub/key"
assert "the rules were installed" cmp -s "$SRC/rules.ini" "$R/etc-pgscrub/rules.ini"
assert "the report directory exists, 0750" test "$(stat -c %a "$R/var-log-pgscrub")" = 750

out=$R/backup/prod-scrubbed.dump
report=$R/var-log-pgscrub/last.json

# 1. A good archive: the scrubbed archive and a report.
cron "$line_t"
assert "a good run exits 0 (exit $rc: $(head -c 300 "$TMP/cron.out"))" test "$rc" = 0
assert "a good run writes the scrubbed archive" test -s "$out"
assert "a good run writes a report that says ok" grep -q '"ok":true' "$report"
PGSCRUB_KEY=$(cat "$R/etc-pgscrub/key") "$PGSCRUB" -r "$SRC/rules.ini" -i "$R/backup/prod.dump" \
	-o "$TMP/direct.dump" 2>"$TMP/direct.err"
assert "the archive is what a run with the key from the file writes" cmp -s "$out" "$TMP/direct.dump"
assert "the key is not in the report" sh -c "! grep -qF \"\$(cat '$R/etc-pgscrub/key')\" '$report'"
assert "no temporary file is left" test -z "$(find "$R/backup" "$R/var-log-pgscrub" -name '.*.pgscrub-*')"

# 2. A damaged archive: no archive, the error in the report, the logger branch.
rm -f "$out"
head -c 20000 "$A/../demo.dump" >"$R/backup/prod.dump"
cron "$line_t"
assert "a failed run leaves no archive" test ! -e "$out"
assert "a failed run leaves no temporary file" test -z "$(find "$R/backup" "$R/var-log-pgscrub" -name '.*.pgscrub-*')"
assert "a failed run's report says it failed" grep -q '"ok":false' "$report"
assert "a failed run's report has the error" grep -q '"error"' "$report"
assert "a failed run goes on to logger, which exits 0 (exit $rc: $(head -c 300 "$TMP/cron.out"))" test "$rc" = 0
assert "pgscrub's error line goes to cron's mail (stderr)" grep -q '^pgscrub: error: ' "$TMP/cron.out"

# 3. The key file gone: the run stops for want of the key, the report says so.
cp "$A/../demo.dump" "$R/backup/prod.dump"
rm "$R/etc-pgscrub/key"
cron "$line_t"
assert "without the key no archive is written" test ! -e "$out"
assert "without the key the report names secret_env" grep -q 'secret_env' "$report"
assert "without the key the report says it failed" grep -q '"ok":false' "$report"
assert "without the key the run goes on to logger (exit $rc)" test "$rc" = 0

cli_finish
