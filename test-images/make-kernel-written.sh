#!/usr/bin/env bash
# make-kernel-written.sh OUTDIR
#
# Makes OUTDIR/ext4-kernel.img: an ext4 image whose contents were written by
# the running kernel rather than by mke2fs -d or debugfs.  The image is
# mounted through a loop device; files are written, renamed and deleted; then
# it is unmounted and must pass `e2fsck -fn`.
# Exits 77 (skip) when not root or when the loop mount is not possible.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out=${1:?usage: make-kernel-written.sh OUTDIR}
if [[ $(id -u) != 0 ]]; then
	note "skipped: needs root for a loop mount"
	exit 77
fi
mkdir -p "$out"
img="$out/ext4-kernel.img"
mnt=$(mktemp -d)
mounted=no
cleanup() {
	if [[ $mounted == yes ]]; then
		umount "$mnt" || true
	fi
	rmdir "$mnt" 2>/dev/null || true
}
trap cleanup EXIT

rm -f "$img"
mke2fs -F -q -t ext4 -b 4096 -L pe2-kernel "$img" 16M
if ! mount -o loop "$img" "$mnt" 2>/dev/null; then
	note "skipped: loop mount of an ext4 image failed"
	exit 77
fi
mounted=yes

# A big file, written in pieces and then extended.
mkdir "$mnt/data"
for ((i = 0; i < 24; i++)); do
	{ yes "kernel chunk $i" || true; } | head -c 131072
done >"$mnt/data/big.bin"
{ yes tail || true; } | head -c 70000 >>"$mnt/data/big.bin"

# Many small files in a few directories, some removed and renamed after.
for d in a b c; do
	mkdir -p "$mnt/many/$d"
	for ((i = 0; i < 400; i++)); do
		printf '%s %d\n' "$d" "$i" >"$mnt/many/$d/n$i"
	done
done
for ((i = 0; i < 400; i += 3)); do
	rm "$mnt/many/b/n$i"
done
for ((i = 1; i < 400; i += 5)); do
	mv "$mnt/many/a/n$i" "$mnt/many/c/moved$i"
done
mv "$mnt/many/b" "$mnt/renamed-b"
rm -r "$mnt/many/c"

# Holes, links and a directory that is filled and emptied.
truncate -s 4M "$mnt/data/sparse.bin"
printf 'middle' | dd of="$mnt/data/sparse.bin" bs=1 seek=2000000 conv=notrunc status=none
ln "$mnt/data/big.bin" "$mnt/data/big.link"
ln -s data/big.bin "$mnt/sym"
mkdir "$mnt/scratch"
for ((i = 0; i < 200; i++)); do
	: >"$mnt/scratch/t$i"
done
rm -f "$mnt/scratch"/t*
sync

umount "$mnt"
mounted=no

rc=0
E2FSCK_CONFIG=/dev/null e2fsck -fn "$img" >"$img.log" 2>&1 || rc=$?
if ((rc != 0)); then
	cat "$img.log" >&2
	die "kernel-written image $img is not clean: e2fsck -fn exit $rc"
fi
rm -f "$img.log"
echo "$img"
