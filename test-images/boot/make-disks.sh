#!/bin/bash
# usage: test-images/boot/make-disks.sh WORKDIR
# Makes the disks of the boot test in WORKDIR, on the host:
#   plain.img   ext4 on a plain disk, mounted more often than its maximum, so a preen run checks
#               it in full;
#   crash.img   ext4 whose journal needs recovery: loop-mounted, files written and deleted, and
#               the image copied while still mounted (a crash as the disk saw it);
#   raid1.fs, raid5.fs   ext4 images the guest writes onto its RAID1 and RAID5 arrays;
#   r1-N.img, r5-N.img   the arrays' empty member disks (the guest makes the md superblocks).
# and what the test checks them against:
#   expect.tsv  name, e2fsck -p's exit status on a copy of the disk (the oracle), kind;
#   NAME.list   the files each disk must hold when mounted (path and size, sorted);
#   NAME.e2fsck e2fsck -p's output on that copy.
# Sizes are tens of MiB so a boot takes seconds. Needs root (loop mount); exits 77 when the
# loop mount cannot be made.
set -euo pipefail
[ $# -eq 1 ] || { sed -n 2p "$0" >&2; exit 2; }
work=$1
export PATH="$PATH:/usr/sbin:/sbin" E2FSCK_CONFIG=/dev/null
mkdir -p "$work"
tree=$work/tree
mnt=$work/host-mnt

# A small tree: nested directories, small and empty files, a 1 MiB file, links.
make_tree() {
	local d=$1 i
	rm -rf "$d"
	mkdir -p "$d/etc" "$d/data/a/b/c" "$d/logs"
	echo "pe2fsck boot test" > "$d/hello.txt"
	for i in $(seq 1 60); do echo "file $i of the boot test" > "$d/data/f$i.txt"; done
	for i in $(seq 1 20); do printf 'entry %d\n' "$i" > "$d/data/a/b/c/deep$i"; done
	head -c 1048576 < <(yes "a line of a log that fills a megabyte") > "$d/logs/big.log"
	: > "$d/etc/empty"
	ln -s ../hello.txt "$d/data/link"
	ln "$d/hello.txt" "$d/etc/hardlink"
}

# listing DIR: the regular files and symlinks under DIR with their sizes, lost+found left out.
listing() {
	(cd "$1" && find . -path ./lost+found -prune -o \( -type f -o -type l \) -printf '%p %s\n' | sort)
}

# mkfs NAME SIZE LABEL: ext4 image NAME.img of SIZE holding the tree.
mkfs() {
	rm -f "$work/$1"
	truncate -s "$2" "$work/$1"
	mke2fs -F -q -t ext4 -L "$3" -d "$tree" "$work/$1"
}

make_tree "$tree"
mkfs plain.img 32M plain
tune2fs -c 20 -C 25 "$work/plain.img" > /dev/null
mkfs raid1.fs 24M raid1
mkfs raid5.fs 48M raid5
for n in plain raid1 raid5; do listing "$tree" > "$work/$n.list"; done

# The crash: commit=1 so the kernel commits each change to the journal within a second; the
# copy is taken after the commits and before anything is unmounted, so the journal holds
# transactions that are not yet checkpointed and the superblock still says needs_recovery.
# (Data not yet written back would be lost in such a crash, as files of length 0: the fsyncs
# below keep the expected listing to what a crash preserves.)
mkfs crash.img 32M crashed
mv "$work/crash.img" "$work/crash-base.img"
mkdir -p "$mnt"
if ! mount -o loop,commit=1 "$work/crash-base.img" "$mnt" 2> "$work/mount.err"; then
	echo "make-disks: cannot loop-mount an ext4 image here: $(head -n 1 "$work/mount.err")" >&2
	exit 77
fi
(
	set -e
	mkdir "$mnt/new"
	for i in $(seq 1 120); do echo "written before the crash $i" > "$mnt/new/n$i"; done
	head -c 2097152 /dev/urandom > "$mnt/new/blob"
	sync
	for i in $(seq 1 40); do rm "$mnt/data/f$i.txt"; done
	rm "$mnt/logs/big.log"
	mkdir "$mnt/late"
	for i in $(seq 1 30); do echo "late $i" > "$mnt/late/l$i"; done
	mv "$mnt/new/n1" "$mnt/late/renamed"
	# fsync the new files and the directories: their data reaches the disk and their metadata
	# the journal (not its home), so the state after a replay is the state listed here
	sync "$mnt"/late/* "$mnt/late" "$mnt/new" "$mnt/data" "$mnt/logs" "$mnt"
	sleep 2
	listing "$mnt" > "$work/crash.list"
	cp --sparse=always "$work/crash-base.img" "$work/crash.img"
) || { umount "$mnt"; exit 1; }
umount "$mnt"
rm -f "$work/crash-base.img"
rmdir "$mnt"
rm -f "$work/mount.err"
if ! dumpe2fs -h "$work/crash.img" 2> /dev/null | grep -q '^Filesystem features:.*needs_recovery'; then
	echo "make-disks: the copy of the mounted image does not need recovery" >&2
	exit 1
fi
if ! debugfs -R logdump "$work/crash.img" 2> /dev/null | grep -q 'commit block'; then
	echo "make-disks: the journal of the crashed image holds no transaction" >&2
	exit 1
fi

# The oracle: what e2fsck -p (what fsck -a runs) answers on a copy of each disk.
printf 'name\te2fsck_p\tkind\n' > "$work/expect.tsv"
for n in plain crash raid1 raid5; do
	case $n in plain|crash) f=$n.img ;; *) f=$n.fs ;; esac
	cp --sparse=always "$work/$f" "$work/oracle.img"
	rc=0
	e2fsck -p "$work/oracle.img" > "$work/$n.e2fsck" 2>&1 || rc=$?
	kind=fs
	[ "$n" = crash ] && kind=journal
	printf '%s\t%s\t%s\n' "$n" "$rc" "$kind" >> "$work/expect.tsv"
done
rm -f "$work/oracle.img"
rm -rf "$tree"

# Empty members for the arrays: RAID1 of 2 and RAID5 of 3, 32 MiB each.
for m in r1-0 r1-1 r5-0 r5-1 r5-2; do
	rm -f "$work/$m.img"
	truncate -s 32M "$work/$m.img"
done
