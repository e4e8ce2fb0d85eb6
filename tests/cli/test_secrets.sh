#!/usr/bin/env bash
# tests/cli/test_secrets.sh — the key stays secret: a key written where the
# variable's name or the key file's path belongs never reaches stderr or the
# --report JSON; a key file group or others can access is refused (unless
# secret_file_permissions = any), by its target's mode through a symlink;
# the process can leave no core dump.
#
# Pinned outputs are tests/cli/expected/secrets-NAME.txt (see clilib.bash).
CLI_NAME=cli-secrets CLI_PREFIX=secrets-
. "$(dirname "$0")/clilib.bash"

KEY=af86d081884c7d659a2feaa0c55ad015
IN=$A/pg17-none-file.dump
OPTS=$'[pgscrub]\nunlisted = keep\nlarge_objects = keep\n'
KEYED=$'[public.people]\nemail = email\n* = keep\n'

# no_key NAME FILE...: no part of the key in any FILE.
no_key() {
	local name=$1 f; shift
	for f in "$@"; do
		if grep -q -e "$KEY" -e "${KEY:0:8}" -e "${KEY:12:8}" -e "${KEY: -8}" "$f"; then
			echo "FAIL: $name: the key is in $f:" >&2
			cat "$f" >&2
			failed=$((failed + 1))
			return
		fi
	done
	passed=$((passed + 1))
}

# leak NAME RULES_TEXT: run with a report; pin stderr; no key anywhere.
leak() {
	local name=$1
	printf '%s' "$2" >"$TMP/$name.ini"
	rm -f "$TMP/$name.json"
	case_ "$name" - -r "$TMP/$name.ini" -i "$IN" -o "$TMP/out.dump" \
		--report "$TMP/$name.json"
	assert "$name-report-written" test -s "$TMP/$name.json"
	no_key "$name" "$TMP/stderr" "$TMP/$name.json"
}

# ---- a key where a variable name or a path belongs ----------------------------
unset "$KEY" 2>/dev/null
leak env-is-key "${OPTS}secret_env = $KEY"$'\n'"$KEYED"
leak file-is-key "${OPTS}secret_file = $KEY"$'\n'"$KEYED"
leak abs-file-is-key "${OPTS}secret_file = /$KEY"$'\n'"$KEYED"
leak env-quoted-key "${OPTS}secret_env = '$KEY'"$'\n'"$KEYED"
leak secret-is-key "${OPTS}secret = $KEY"$'\n'"$KEYED"
leak env-colon-key "${OPTS}secret_env: $KEY"$'\n'"$KEYED"
leak permissions-is-key "${OPTS}secret_file_permissions = $KEY"$'\n'"$KEYED"
leak env-twice "${OPTS}secret_env = PGSCRUB_KEY"$'\n'"secret_env = $KEY"$'\n'"$KEYED"
leak env-in-table "${OPTS}${KEYED}secret_env = $KEY"$'\n'
# The variable exists but holds too short a key: still not named.
env "$KEY=short" "$PGSCRUB" -r "$TMP/env-is-key.ini" -i "$IN" -o "$TMP/out.dump" \
	--report "$TMP/short.json" 2>"$TMP/short.err"
assert env-short-exit test $? = 2
assert env-short-message grep -q 'secret_env: the key in the environment variable named there is shorter than 16 bytes' "$TMP/short.err"
no_key env-short "$TMP/short.err" "$TMP/short.json"

# ---- key file modes ------------------------------------------------------------
openssl_key() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; echo; }
openssl_key >"$TMP/k.key"
printf '%s' "${OPTS}secret_file = k.key"$'\n'"$KEYED" >"$TMP/mode.ini"
printf '%s' "${OPTS}secret_file = k.key"$'\n'"secret_file_permissions = any"$'\n'"$KEYED" >"$TMP/any.ini"
printf '%s' "${OPTS}secret_file = k.key"$'\n'"secret_file_permissions = private"$'\n'"$KEYED" >"$TMP/private.ini"
run() { "$PGSCRUB" -r "$TMP/$1" -i "$IN" -o "$TMP/out.dump" 2>"$TMP/run.err"; }
chmod 600 "$TMP/k.key"
assert mode-0600 run mode.ini
assert mode-0600-private run private.ini
chmod 400 "$TMP/k.key"
assert mode-0400 run mode.ini
chmod 640 "$TMP/k.key"
case_ mode-0640 - -r "$TMP/mode.ini" -i "$IN" -o "$TMP/out.dump"
assert mode-0640-any run any.ini
chmod 604 "$TMP/k.key"
case_ mode-0604 - -r "$TMP/private.ini" -i "$IN" -o "$TMP/out.dump"
assert mode-0604-any run any.ini
# Through a symlink (mode 0777 itself): the target's mode counts.
ln -s k.key "$TMP/link.key"
printf '%s' "${OPTS}secret_file = link.key"$'\n'"$KEYED" >"$TMP/link.ini"
chmod 644 "$TMP/k.key"
case_ symlink-to-0644 - -r "$TMP/link.ini" -i "$IN" -o "$TMP/out.dump"
chmod 600 "$TMP/k.key"
assert symlink-to-0600 run link.ini
# A refused run leaves no output.
rm -f "$TMP/out.dump"
chmod 640 "$TMP/k.key"
run mode.ini
assert mode-refused-no-output test ! -e "$TMP/out.dump"

# ---- no core dump: the running binary's own limits ------------------------------
# pgscrub blocks opening its input, a FIFO nobody writes (the core limit is
# lowered first thing in main); /proc shows its limits meanwhile.  It starts with the core
# limit raised as far as this shell may, so the zero is its own doing.
if [ -r /proc/self/limits ]; then
	mkfifo "$TMP/fifo"
	chmod 600 "$TMP/k.key"
	( ulimit -c unlimited 2>/dev/null || ulimit -c "$(ulimit -H -c)" 2>/dev/null
	  exec "$PGSCRUB" -r "$TMP/mode.ini" -i "$TMP/fifo" -o "$TMP/fifo-out.dump" ) 2>/dev/null &
	pid=$!
	limits= owner=
	for _ in $(seq 200); do
		if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = pgscrub ]; then
			# comm changes at exec, a moment before main() lowers
			# the limit: wait for it (or fail after 10 s).
			limits=$(cat "/proc/$pid/limits" 2>/dev/null)
			owner=$(stat -c %u "/proc/$pid/status" 2>/dev/null)
			grep -Eq '^Max core file size +0 +0 +bytes' <<<"$limits" && break
		fi
		sleep 0.05
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	printf '%s\n' "$limits" >"$TMP/limits"
	assert core-limit-zero grep -Eq '^Max core file size +0 +0 +bytes' "$TMP/limits"
	# Not dumpable: its /proc files stop being its user's (as root there
	# is nothing to tell apart).
	if [ "$(id -u)" != 0 ]; then
		assert not-dumpable test -n "$owner" -a "$owner" != "$(id -u)"
	fi
	assert fifo-killed-no-output test ! -e "$TMP/fifo-out.dump"
else
	echo "cli-secrets: no /proc/self/limits: core limit not checked" >&2
fi

cli_finish
