#!/bin/bash
# usage: test-images/boot/boot-test.sh          (what `make boot-test` runs)
# Proves pe2fsck works as the ext4 checker an init system runs: boots User-Mode Linux guests
# (the host's root as theirs, through hostfs) with four disks (a plain disk, a disk whose journal
# needs recovery after a crash, a RAID1 of two disks and a RAID5 of three) listed in an fstab,
# and lets util-linux fsck -A -a -C 0 check them with pe2fsck installed as fsck.ext4 in a
# directory at the head of PATH. Three boots: setup (makes the arrays), check1 (fsck -A, then
# every file system mounted read-write and unmounted), check2 (fsck -A must be clean;
# systemd-fsck on one disk; full checks by pe2fsck -fn and e2fsck -fn). The system's e2fsck is
# the oracle: what e2fsck -p answers on a copy of each disk is what fsck.ext4 must answer.
# report.sh prints the summary; the exit status is 0 only when everything expected passed.
# Skips (a "skipped" line, exit 0) where it cannot run: not root, no linux.uml or mdadm, no
# loop mount on the host, or a guest that cannot start.
# Env: BOOT_WORK (work directory, default build/boot-test); BOOT_PE2FSCK_ROOT (an install tree:
# its sbin/fsck.ext4, else sbin/pe2fsck, is the checker; default: the checkout's bin/pe2fsck
# through a wrapper); BOOT_INSTALL=1 (make install DESTDIR=WORKDIR/install PREFIX=/usr/local
# first, and use that tree as BOOT_PE2FSCK_ROOT); BOOT_PENDING (work not landed yet, whose
# absence is not a failure: see report.sh; "" makes everything count); UML_KERNEL, UML_MEM,
# UML_TIMEOUT (per boot, default 900 s).
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
root=$(CDPATH= cd -- "$here/../.." && pwd)
work=${BOOT_WORK:-$root/build/boot-test}
export PATH="$PATH:/usr/sbin:/sbin" E2FSCK_CONFIG=/dev/null UML_TIMEOUT=${UML_TIMEOUT:-900}
# shellcheck source=../../bench/uml-lib.sh
. "$root/bench/uml-lib.sh"
t_start=$(date +%s)

skip() {
	echo "boot-test: skipped: $*"
	exit 0
}
[ "$(id -u)" = 0 ] || skip "needs root (loop mount of the crash image)"
command -v "${UML_KERNEL:-linux.uml}" > /dev/null || skip "User-Mode Linux is not installed (${UML_KERNEL:-linux.uml}; apt-get install user-mode-linux)"
command -v mdadm > /dev/null || skip "mdadm is not installed"
for t in fsck mke2fs e2fsck dumpe2fs debugfs tune2fs losetup; do
	command -v "$t" > /dev/null || skip "$t is not installed"
done

rm -rf "$work"
mkdir -p "$work/sbin" "$work/mnt"

# Can this host run a guest at all? A guest whose init only leaves a mark and halts.
printf '#!/bin/sh\necho up > "%s/probe.ok"\npoweroff -f\n' "$work" > "$work/probe.sh"
chmod +x "$work/probe.sh"
UML_TIMEOUT=120 UML_MEM=128M uml_boot "$work/probe.log" "$work/probe.sh" || true
if [ ! -f "$work/probe.ok" ]; then
	if uml_cannot_run "$work/probe.log"; then
		skip "this UML kernel cannot run user processes on this host's CPU (ptrace could not set the FP/extended register state)"
	fi
	skip "the UML guest did not start (see $work/probe.log)"
fi

if [ "${BOOT_INSTALL:-0}" = 1 ]; then
	# the checkout's own `make install`, into the work directory
	if ! make -C "$root" install DESTDIR="$work/install" PREFIX=/usr/local > "$work/install.log" 2>&1; then
		echo "boot-test: make install DESTDIR=$work/install failed (see $work/install.log)" >&2
		exit 1
	fi
	BOOT_PE2FSCK_ROOT=$work/install/usr/local
fi
if [ -n "${BOOT_PE2FSCK_ROOT:-}" ]; then
	checker=$BOOT_PE2FSCK_ROOT/sbin/pe2fsck
	[ -e "$BOOT_PE2FSCK_ROOT/sbin/fsck.ext4" ] && as_fsck=$BOOT_PE2FSCK_ROOT/sbin/fsck.ext4 || as_fsck=$checker
	[ -x "$checker" ] || { echo "boot-test: $checker is not an executable pe2fsck" >&2; exit 2; }
else
	checker=$root/bin/pe2fsck
	as_fsck=
	[ -d "$root/build/lib" ] || { echo "boot-test: build first (make all)" >&2; exit 2; }
fi

echo "boot-test: making the disks" >&2
rc=0
"$here/make-disks.sh" "$work" || rc=$?
[ "$rc" = 77 ] && skip "no ext4 loop mount on this host, so no crash image"
[ "$rc" = 0 ] || { echo "boot-test: making the disks failed" >&2; exit 1; }

# The checker as fsck(8) will find it: fsck.ext4 (and pe2fsck, for the full checks) in the work
# directory's sbin, which the guest puts at the head of PATH. Without an install tree, a wrapper
# runs the checkout's launcher (a symlink would not do: the checkout's launcher finds its home
# from the path it was started by); with one, symlinks to it, which its launcher follows.
for n in fsck.ext4 pe2fsck; do
	if [ -n "${BOOT_PE2FSCK_ROOT:-}" ]; then
		if [ "$n" = fsck.ext4 ]; then ln -s "$as_fsck" "$work/sbin/$n"; else ln -s "$checker" "$work/sbin/$n"; fi
	else
		printf '#!/bin/sh\n# %s for the boot test: the checkout'\''s pe2fsck\nexec "%s" "$@"\n' "$n" "$checker" > "$work/sbin/$n"
		chmod +x "$work/sbin/$n"
	fi
done
# Put over the system's e2fsck in the guest while fsck -A runs (see guest-init.sh).
# shellcheck disable=SC2016 # $0 and $* are the decoy's own
printf '#!/bin/sh\necho "$0 $*" >> "%s/decoy.log"\nexit 8\n' "$work" > "$work/decoy.sh"
chmod +x "$work/decoy.sh"

uuid() { dumpe2fs -h "$1" 2> /dev/null | awk '/^Filesystem UUID:/ {print $3}'; }
# Passno 1 for the RAID1 (as a root file system would be), 2 for the rest; sources by device
# path, UUID and label, as fstabs name them.
cat > "$work/fstab" <<EOF
# boot test: the guest's disks (never the host's)
/dev/md0                      $work/mnt/raid1  ext4 defaults 0 1
UUID=$(uuid "$work/raid5.fs")  $work/mnt/raid5  ext4 defaults 0 2
UUID=$(uuid "$work/plain.img")  $work/mnt/plain  ext4 defaults 0 2
LABEL=crashed                 $work/mnt/crash  ext4 defaults 0 2
EOF

disks=(ubda="$work/plain.img" ubdb="$work/crash.img" ubdc="$work/r1-0.img" ubdd="$work/r1-1.img"
	ubde="$work/r5-0.img" ubdf="$work/r5-1.img" ubdg="$work/r5-2.img")
boot() {
	local phase=$1 t0
	cat > "$work/$phase.params" <<EOF
root='$root'
work='$work'
phase='$phase'
disks='plain:/dev/ubda crash:/dev/ubdb raid1:/dev/md0 raid5:/dev/md1'
EOF
	echo "boot-test: booting ($phase)" >&2
	t0=$(date +%s)
	uml_boot "$work/$phase.boot.log" "$here/guest-init.sh" "${disks[@]}" BOOT_PARAMS="$work/$phase.params" || true
	echo "$phase	$(( $(date +%s) - t0 ))" >> "$work/boots.tsv"
	if [ ! -f "$work/$phase.done" ]; then
		echo "boot-test: the $phase boot did not finish; the end of its logs:" >&2
		tail -n 20 "$work/$phase.boot.log" "$work/$phase.log" >&2 2> /dev/null || true
	fi
}
# Host-side facts about a disk after a boot: its journal state and mount count.
host_facts() {
	local phase=$1 n
	for n in plain crash; do
		if dumpe2fs -h "$work/$n.img" 2> /dev/null | grep -q '^Filesystem features:.*needs_recovery'; then
			printf '%s\t%s\t%s\n' "$n" needs_recovery yes
		else
			printf '%s\t%s\t%s\n' "$n" needs_recovery no
		fi
		printf '%s\t%s\t%s\n' "$n" mount_count "$(dumpe2fs -h "$work/$n.img" 2> /dev/null | awk -F': *' '/^Mount count:/ {print $2}')"
	done > "$work/$phase.host.tsv"
}

: > "$work/boots.tsv"
boot setup
if [ -f "$work/setup.done" ]; then
	boot check1
	host_facts check1
	[ -f "$work/check1.done" ] && boot check2
fi
rm -f "$work"/r1-*.img "$work"/r5-*.img "$work/raid1.fs" "$work/raid5.fs"
echo "total	$(( $(date +%s) - t_start ))" >> "$work/boots.tsv"
for phase in check1 check2; do
	[ -f "$work/$phase.fsck" ] || continue
	echo "boot-test: what fsck -A -a -C 0 printed in boot ${phase#check}:"
	sed 's/^/    /' "$work/$phase.fsck"
done
"$here/report.sh" "$work"
