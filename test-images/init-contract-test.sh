#!/usr/bin/env bash
# The init-system contract, tried as fsck(8) and boot scripts use pe2fsck (run by `make test`
# after the build):
#   - the launcher through a symlink named fsck.ext4 (absolute and relative links, a chain);
#   - util-linux fsck -t ext4 and fsck -A with FSTAB_FILE finding that fsck.ext4 on PATH, with
#     the exit status passed through;
#   - `make install DESTDIR=...` then the installed sbin/pe2fsck with no Java on PATH, its man
#     page, and `make uninstall` (the jlink runtime is made once in build/runtime and reused);
#   - signals on a long run: SIGUSR1 draws the bar, SIGUSR2 stops it, SIGINT and SIGTERM cancel
#     with the cancelled line and exit 32 (36 when a problem was already left alone), also when
#     SIGINT was inherited as ignored; no hs_err file, no core;
#   - the bar of -C 0 on a pseudo-terminal (no 0x01/0x02 there) and wrapped off one.
# Parts that need root (loop devices) or tools that are missing say so and are skipped.
# BOOT_TEST_SKIP_INSTALL=1 leaves out the install part.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export PATH=$PATH:/usr/sbin:/sbin
work=$(mktemp -d "${TMPDIR:-/tmp}/pe2fsck-boot.XXXXXX")
loop=
cleanup() {
	[ -n "$loop" ] && losetup -d "$loop" 2> /dev/null
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "init-contract-test: $*" >&2; exit 1; }
note() { echo "init-contract-test: $*"; }

# ---- images: a small clean one, a damaged copy, and a long-running one for the signals ----
src=$work/src
for d in $(seq 1 20); do mkdir -p "$src/d$d"; for f in $(seq 1 10); do echo "$d $f" > "$src/d$d/f$f"; done; done
mke2fs -F -q -t ext4 -d "$src" "$work/clean.img" 16M > /dev/null
cp "$work/clean.img" "$work/damaged.img"
debugfs -w -R "clri /d3/f4" "$work/damaged.img" > /dev/null 2>&1
e2fsck -fn "$work/damaged.img" > /dev/null 2>&1 && fail "the damaged image is clean to e2fsck"

# ---- the launcher through links named fsck.ext4 ----
mkdir -p "$work/sbin" "$work/other"
ln -s "$root/bin/pe2fsck" "$work/sbin/fsck.ext4"
ln -s ../sbin/fsck.ext4 "$work/other/fsck.ext4"   # a relative link to a link
for link in "$work/sbin/fsck.ext4" "$work/other/fsck.ext4"; do
	out=$(cd / && "$link" -n "$work/clean.img") || fail "$link -n: exit $?"
	[[ $out == *": clean, "* ]] || fail "$link -n printed '$out'"
done

# ---- util-linux fsck finding it on PATH ----
if command -v fsck > /dev/null; then
	set +e
	PATH=$work/sbin:$PATH fsck -t ext4 "$work/clean.img" -- -fn > "$work/fsck-t.out" 2>&1; rc=$?
	PATH=$work/sbin:$PATH fsck -t ext4 "$work/damaged.img" -- -fn > "$work/fsck-t2.out" 2>&1; rc2=$?
	set -e
	[ $rc = 0 ] || fail "fsck -t ext4 on a clean image: exit $rc: $(cat "$work/fsck-t.out")"
	[ $rc2 = 4 ] || fail "fsck -t ext4 on a damaged image: exit $rc2, not 4"
	grep -q 'checking inodes, blocks and sizes' "$work/fsck-t.out" || fail "fsck -t ext4 did not run pe2fsck"
	dev=$work/clean.img
	if [ "$(id -u)" = 0 ] && loop=$(losetup -f --show "$work/clean.img" 2> /dev/null); then
		dev=$loop
	fi
	printf '%s /mnt/pe2fsck-test ext4 defaults 0 2\n' "$dev" > "$work/fstab"
	set +e
	FSTAB_FILE=$work/fstab PATH=$work/sbin:$PATH fsck -A -- -n > "$work/fsck-A.out" 2>&1; rc=$?
	set -e
	[ $rc = 0 ] || fail "fsck -A: exit $rc: $(cat "$work/fsck-A.out")"
	grep -q "^$dev: clean, " "$work/fsck-A.out" || fail "fsck -A did not run pe2fsck on $dev: $(cat "$work/fsck-A.out")"
	if [ -n "$loop" ]; then losetup -d "$loop"; loop=; fi
else
	note "fsck (util-linux) not installed; fsck -t and fsck -A skipped"
fi

# ---- the installed tree ----
if [ "${BOOT_TEST_SKIP_INSTALL:-}" != 1 ]; then
	dest=$work/dest
	make -s -C "$root" install DESTDIR="$dest" PREFIX=/usr > "$work/install.log" 2>&1 \
		|| fail "make install failed: $(tail -5 "$work/install.log")"
	[ -f "$dest/usr/share/man/man8/pe2fsck.8" ] || fail "no man page installed"
	[ -s "$dest/usr/lib/pe2fsck/pe2fsck.jsa" ] || fail "no class-data archive installed"
	mkdir -p "$work/nojava"
	for tool in sh od readlink; do ln -s "$(command -v "$tool")" "$work/nojava/$tool"; done
	set +e
	out=$(env -i PATH="$work/nojava" "$work/nojava/sh" -c "command -v java; $dest/usr/sbin/pe2fsck -fn $work/clean.img"); rc=$?
	set -e
	[ $rc = 0 ] || fail "installed pe2fsck -fn without Java on PATH: exit $rc: $out"
	[[ $out == *"Pass 5"* && $out != /* ]] || fail "installed pe2fsck without Java on PATH printed: $out"
	PE2FSCK_JAVA_OPTS=-Xshare:on "$dest/usr/sbin/pe2fsck" -n "$work/clean.img" > /dev/null \
		|| fail "the installed class-data archive does not fit the installed runtime"
	ln -s "$dest/usr/sbin/pe2fsck" "$work/other/fsck.ext3"
	"$work/other/fsck.ext3" -n "$work/clean.img" > /dev/null || fail "installed pe2fsck through a link"
	make -s -C "$root" uninstall DESTDIR="$dest" PREFIX=/usr > /dev/null
	[ ! -e "$dest/usr/sbin/pe2fsck" ] && [ ! -e "$dest/usr/lib/pe2fsck" ] || fail "make uninstall left files behind"
fi

# ---- signals on a long run ----
# Many inode tables to read (no uninit_bg): pass 1 takes a couple of seconds.
mke2fs -F -q -t ext4 -O ^metadata_csum,^uninit_bg -E lazy_itable_init=0 -N 3000000 -d "$src" "$work/long.img" 16G > /dev/null
cd "$work"
# run_signal NAME SIGNALS...: starts pe2fsck -fn on the long image, waits until pass 1 has
# started (its header is on stdout; or WAIT_FOR is), sends the signals 0.3 s apart, and leaves the exit status
# in $rc and the output in $work/NAME.out. With IGNORE_INT=1 SIGINT starts out ignored.
run_signal() {
	local name=$1 img=${IMG:-$work/long.img}
	shift
	if [ "${IGNORE_INT:-}" = 1 ]; then
		(trap '' INT; exec "$root/bin/pe2fsck" -fn "$img") > "$name.out" 2> "$name.err" &
	else
		env --default-signal=INT "$root/bin/pe2fsck" -fn "$img" > "$name.out" 2> "$name.err" &
	fi
	local pid=$! i
	for i in $(seq 1 200); do
		grep -q "${WAIT_FOR:-^Pass 1}" "$name.out" 2> /dev/null && break
		sleep 0.05
	done
	for s in "$@"; do
		kill -"$s" "$pid" 2> /dev/null || fail "$name: pe2fsck ended before SIG$s"
		sleep 0.3
	done
	set +e
	wait "$pid"; rc=$?
	set -e
}
run_signal usr1 USR1
[ $rc = 0 ] || fail "SIGUSR1: exit $rc, not 0: $(cat usr1.err)"
grep -aq $'\001long.img: |' usr1.out || grep -aq $'\001'"$work/long.img: |" usr1.out || fail "SIGUSR1 drew no bar"
run_signal usr2 USR1 USR2
[ $rc = 0 ] || fail "SIGUSR2: exit $rc, not 0: $(cat usr2.err)"
grep -q 'files (' usr2.out || fail "SIGUSR2: no summary"
run_signal int INT
[ $rc = 32 ] || fail "SIGINT: exit $rc, not 32"
grep -q ': check cancelled' int.out || fail "SIGINT: no cancelled line"
run_signal term TERM
[ $rc = 32 ] || fail "SIGTERM: exit $rc, not 32"
grep -q ': check cancelled' term.out || fail "SIGTERM: no cancelled line"
IGNORE_INT=1 run_signal ignored INT
[ $rc = 32 ] || fail "SIGINT inherited as ignored: exit $rc, not 32"
# a problem left alone before the cancel still counts, as with e2fsck: 32 + 4
cp --sparse=always "$work/long.img" "$work/long-damaged.img"
debugfs -w -R "sif /d1/f1 blocks 99" "$work/long-damaged.img" > /dev/null 2>&1
IMG=$work/long-damaged.img WAIT_FOR='Fix? no' run_signal damaged-int INT
[ $rc = 36 ] || fail "SIGINT after a problem was left alone: exit $rc, not 36"
grep -q 'STILL HAS ERRORS' damaged-int.out || fail "SIGINT after a problem: no errors-remain line"
# progress signals that come while the JVM is still starting are ignored, not fatal
"$root/bin/pe2fsck" -fn "$work/clean.img" > early.out 2>&1 &
pid=$!
sleep 0.05; kill -USR1 "$pid" 2> /dev/null || true
sleep 0.05; kill -USR2 "$pid" 2> /dev/null || true
set +e; wait "$pid"; rc=$?; set -e
[ $rc = 0 ] || fail "SIGUSR1/SIGUSR2 during start-up: exit $rc, not 0"
for f in "$work"/hs_err* "$work"/core*; do
	[ -e "$f" ] && fail "a JVM crash file was written: $f"
done

# ---- the bar of -C 0 ----
if command -v script > /dev/null; then
	script -qec "$root/bin/pe2fsck -fn -C 0 $work/clean.img" /dev/null > bar-tty.out < /dev/null || true
	grep -aq '| 100.0%' bar-tty.out || fail "-C 0 on a terminal drew no bar: $(head -c 300 bar-tty.out)"
	grep -aq $'\001' bar-tty.out && fail "-C 0 on a terminal wrapped its bar in 0x01/0x02"
fi
"$root/bin/pe2fsck" -fn -C 0 "$work/clean.img" > bar-pipe.out
grep -aq $'\001'"$work/clean.img: |" bar-pipe.out || fail "-C 0 off a terminal: no wrapped bar"
grep -aq $'100.0%   \r\002' bar-pipe.out || fail "-C 0 off a terminal: the bar did not reach 100%"
echo "init-contract-test: ok"
