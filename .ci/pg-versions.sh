#!/usr/bin/env bash
# .ci/pg-versions.sh [DEST] — pg_dump, pg_restore and psql 17 and 18 on Debian 12.
#
# Debian 12 packages PostgreSQL 15 only (archive format 1.14). The tests also read and
# restore archives of format 1.16 (pg_dump 17 and 18: lz4/zstd data, STATISTICS DATA),
# which need the newer clients. This script builds a minimal Debian root under DEST/root
# with debootstrap (trixie for postgresql-client-17, sid for postgresql-client-18), from
# the same Debian mirror as this machine's apt, and writes wrappers in DEST/bin that run
# each client with that root's loader and libraries:
#
#     DEST/bin/{pg_dump,pg_restore,psql}-{17,18}
#
# Only Debian packages are used. DEST defaults to /opt/pg-versions; needs root; takes a
# few minutes the first time and returns at once when DEST is complete.
set -euo pipefail
DEST=${1:-/opt/pg-versions}
ROOT=$DEST/root
ready() {
	local v t
	for v in 17 18; do
		for t in pg_dump pg_restore psql; do
			[ -x "$DEST/bin/$t-$v" ] || return 1
		done
	done
	"$DEST/bin/pg_restore-18" --version >/dev/null 2>&1 &&
		"$DEST/bin/pg_restore-17" --version >/dev/null 2>&1
}
ready && exit 0
[ "$(id -u)" = 0 ] || { echo "pg-versions: run as root (debootstrap, chroot)" >&2; exit 1; }

# The mirror this machine's apt uses (deb822 sources first, then the one-line format).
mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || { echo "pg-versions: no Debian mirror found in /etc/apt" >&2; exit 1; }
if ! command -v debootstrap >/dev/null; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi
mkdir -p "$DEST/bin"
if [ ! -x "$ROOT/usr/lib/postgresql/17/bin/pg_dump" ]; then
	rm -rf "$ROOT"
	echo "pg-versions: debootstrap trixie with postgresql-client-17 into $ROOT"
	debootstrap --variant=minbase --include=postgresql-client-17 trixie "$ROOT" "$mirror" \
		>"$DEST/debootstrap.log" 2>&1 ||
		{ echo "pg-versions: debootstrap failed; see $DEST/debootstrap.log" >&2; exit 1; }
fi
if [ ! -x "$ROOT/usr/lib/postgresql/18/bin/pg_dump" ]; then
	echo "pg-versions: postgresql-client-18 from sid into $ROOT"
	echo "deb $mirror sid main" >"$ROOT/etc/apt/sources.list.d/sid.list"
	# Only what is asked for comes from sid; everything else stays trixie.
	printf 'Package: *\nPin: release n=sid\nPin-Priority: 100\n' >"$ROOT/etc/apt/preferences.d/sid"
	chroot "$ROOT" sh -c 'apt-get -o Acquire::Check-Valid-Until=false update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false \
			install -y -qq -t sid postgresql-client-18' >"$DEST/sid.log" 2>&1 ||
		{ echo "pg-versions: installing postgresql-client-18 failed; see $DEST/sid.log" >&2; exit 1; }
fi
lib=$ROOT/usr/lib/x86_64-linux-gnu
for v in 17 18; do
	for t in pg_dump pg_restore psql; do
		printf '#!/bin/sh\nexec "%s" --library-path "%s" "%s" "$@"\n' \
			"$lib/ld-linux-x86-64.so.2" "$lib" "$ROOT/usr/lib/postgresql/$v/bin/$t" \
			>"$DEST/bin/$t-$v"
		chmod 755 "$DEST/bin/$t-$v"
	done
done
ready || { echo "pg-versions: the clients in $DEST/bin do not run" >&2; exit 1; }
echo "pg-versions: pg_dump, pg_restore and psql 17 and 18 are in $DEST/bin"
