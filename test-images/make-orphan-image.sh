#!/usr/bin/env bash
# make-orphan-image.sh OUT.img [TYPE]
#
# Makes OUT.img: a file system (TYPE ext4 by default, or ext3 for block maps and indirect
# blocks) whose superblock holds an orphan list written by the kernel. Files are written
# through a loop mount, held open by a background process and unlinked; the file system is
# then frozen (the kernel checkpoints its journal and writes the orphan list in place) and
# copied while still mounted, as a crash would leave it. The copy must be one that
# `e2fsck -fn` calls clean apart from the orphans (exit 4, pass 1 to 5 messages) and that
# `e2fsck -p` repairs silently apart from its "Clearing orphaned inode" lines.
# Exits 77 (skip) when not root or when the loop mount or freeze is not possible.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out=${1:?usage: make-orphan-image.sh OUT.img [ext4|ext3]}
type=${2:-ext4}
if [[ $(id -u) != 0 ]]; then
	note "skipped: needs root for a loop mount"
	exit 77
fi
work=$(mktemp -d)
mnt="$work/mnt"
img="$work/live.img"
mkdir "$mnt"
mounted=no
holder=
cleanup() {
	if [[ -n $holder ]]; then
		kill "$holder" 2>/dev/null || true
		wait "$holder" 2>/dev/null || true
	fi
	if [[ $mounted == yes ]]; then
		fsfreeze -u "$mnt" 2>/dev/null || true
		umount "$mnt" || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

mke2fs -F -q -t "$type" -b 1024 -L pe2-orphan "$img" 32M
if ! mount -o loop "$img" "$mnt" 2>/dev/null; then
	note "skipped: loop mount of an $type image failed"
	exit 77
fi
mounted=yes

# A big file (indirect blocks on ext3, an extent tree on ext4 once fragmented), a small one in
# a directory, and one with an attribute block; all unlinked while held open.
mkdir "$mnt/d"
for ((i = 0; i < 40; i++)); do
	head -c 20480 /dev/zero | tr '\0' "$(printf '\\%03o' $((65 + i % 26)))" >> "$mnt/big"
	head -c 1024 /dev/zero > "$mnt/d/gap$i"
done
head -c 51200 /dev/zero | tr '\0' 'x' > "$mnt/d/small"
head -c 3000 /dev/zero | tr '\0' 'y' > "$mnt/attr"
if command -v setfattr > /dev/null; then
	setfattr -n user.note -v "$(head -c 900 /dev/zero | tr '\0' 'v')" "$mnt/attr" || true
fi
for ((i = 0; i < 40; i += 2)); do
	rm "$mnt/d/gap$i"
done
sync
exec 3< "$mnt/big" 4< "$mnt/d/small" 5< "$mnt/attr"
sleep 600 <&- &
holder=$!
rm "$mnt/big" "$mnt/d/small" "$mnt/attr"
sync
if ! fsfreeze -f "$mnt"; then
	note "skipped: fsfreeze failed"
	exit 77
fi
cp --sparse=always "$img" "$out"
fsfreeze -u "$mnt"
exec 3<&- 4<&- 5<&-
if [[ $(dumpe2fs -h "$out" 2>/dev/null | sed -n 's/^First orphan inode: *//p') == "" ]]; then
	echo "make-orphan-image.sh: the copy has no orphan list" >&2
	exit 1
fi
