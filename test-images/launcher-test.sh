#!/usr/bin/env bash
# Checks the launcher (bin/pe2fsck) on its own: that it finds the build from any working
# directory and by any path, and that its superblock peek picks the JIT as documented (quick
# tier only up to JIT_FULL_INODES inodes in use, both tiers above, quick tier when there is no
# readable superblock). The peek is given crafted superblocks: 2 KiB files holding only the
# two counters it reads. Run by `make test` after the build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/pe2fsck-launcher.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "launcher-test: $*" >&2; exit 1; }
# shellcheck source=test-images/lib.sh
. "$here/lib.sh"

want_version="pe2fsck "
for how in "$root/bin/pe2fsck" "../bin/pe2fsck" "./pe2fsck"; do
	case $how in
		../*) dir=$root/test-images ;;
		./*) dir=$root/bin ;;
		*) dir=$work ;;
	esac
	out=$(cd "$dir" && "$how" -V) || fail "'$how -V' from $dir failed"
	[[ $out == "$want_version"* ]] || fail "'$how -V' from $dir printed '$out'"
done

# superblock IN-USE FILE: s_inodes_count at byte 1024, s_free_inodes_count at byte 1040.
superblock() {
	head -c 2048 /dev/zero > "$2"
	put_le "$2" 1024 4 $(($1 + 1000))
	put_le "$2" 1040 4 1000
}

# tier FILE: the highest JIT tier the launcher gives the JVM for a run on FILE.
tier() {
	PE2FSCK_JAVA_OPTS="-XX:+PrintFlagsFinal" "$root/bin/pe2fsck" -V "$1" \
		| awk '$2 == "TieredStopAtLevel" { print $4 }'
}

limit=$(sed -n 's/^JIT_FULL_INODES=\([0-9]*\)$/\1/p' "$root/bin/pe2fsck")
[ -n "$limit" ] || fail "JIT_FULL_INODES not found in bin/pe2fsck"
superblock 100000 "$work/small.img"
superblock "$limit" "$work/at-limit.img"
superblock $((limit + 1)) "$work/big.img"
: > "$work/empty.img"
[ "$(tier "$work/small.img")" = 1 ] || fail "100000 inodes in use: expected the quick tier only"
[ "$(tier "$work/at-limit.img")" = 1 ] || fail "$limit inodes in use: expected the quick tier only"
[ "$(tier "$work/big.img")" = 4 ] || fail "$((limit + 1)) inodes in use: expected both tiers"
[ "$(tier "$work/empty.img")" = 1 ] || fail "no superblock: expected the quick tier only"
[ "$(tier "$work/missing.img")" = 1 ] || fail "a missing device: expected the quick tier only"
echo "launcher-test: ok"
