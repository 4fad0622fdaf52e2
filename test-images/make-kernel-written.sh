#!/usr/bin/env bash
# make-kernel-written.sh OUTDIR
#
# Makes two ext4 images whose contents were written by the running kernel
# rather than by mke2fs -d or debugfs, each through a loop mount:
#   OUTDIR/ext4-kernel.img      mke2fs's defaults on this machine
#   OUTDIR/ext4-kernel-new.img  the defaults of mke2fs 1.47.1 and later
#                               (orphan_file, metadata_csum_seed), plus ea_inode
# The same workload runs on both: a big file written in pieces, many small
# files deleted and renamed, holes, hard and symbolic links, POSIX ACLs
# (access and default, when setfacl is there), extended attributes of every
# size (in the inode, in a block, and on ext4-kernel-new in their own inode),
# fallocate with punched holes and collapsed and inserted ranges, files made
# with O_TMPFILE and linked in (when python3 is there), and directories grown
# past one block and emptied again.  Each image must then pass `e2fsck -fn`.
# The kernel here has no quota and no unicode support, so neither feature is
# used.  Exits 77 (skip) when not root or when the loop mount is not possible.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out=${1:?usage: make-kernel-written.sh OUTDIR}
if [[ $(id -u) != 0 ]]; then
	note "skipped: needs root for a loop mount"
	exit 77
fi
mkdir -p "$out"
mnt=$(mktemp -d)
config=$(mktemp)
mounted=no
cleanup() {
	if [[ $mounted == yes ]]; then
		umount "$mnt" || true
	fi
	rmdir "$mnt" 2>/dev/null || true
	rm -f "$config"
}
trap cleanup EXIT
mke2fs_new_defaults >"$config"

# workload DIR: what the kernel writes on the mounted file system.
workload() {
	local m=$1 i d
	local -a del=()
	# A big file, written in pieces and then extended.
	mkdir "$m/data"
	for ((i = 0; i < 24; i++)); do
		{ yes "kernel chunk $i" || true; } | head -c 131072
	done >"$m/data/big.bin"
	{ yes tail || true; } | head -c 70000 >>"$m/data/big.bin"

	# Many small files in a few directories, some removed and renamed after.
	for d in a b c; do
		mkdir -p "$m/many/$d"
		for ((i = 0; i < 400; i++)); do
			printf '%s %d\n' "$d" "$i" >"$m/many/$d/n$i"
		done
	done
	for ((i = 0; i < 400; i += 3)); do
		del+=("$m/many/b/n$i")
	done
	rm "${del[@]}"
	del=()
	for ((i = 1; i < 400; i += 5)); do
		mv "$m/many/a/n$i" "$m/many/c/moved$i"
	done
	mv "$m/many/b" "$m/renamed-b"
	rm -r "$m/many/c"
	# Renames over existing names, and across directories.
	mv -f "$m/many/a/n2" "$m/many/a/n3"
	mv "$m/renamed-b/n4" "$m/data/from-b"

	# Holes, links and a directory that is filled and emptied.
	truncate -s 4M "$m/data/sparse.bin"
	printf 'middle' | dd of="$m/data/sparse.bin" bs=1 seek=2000000 conv=notrunc status=none
	ln "$m/data/big.bin" "$m/data/big.link"
	ln -s data/big.bin "$m/sym"
	ln -s "$(printf 'long/%.0s' {1..40})target" "$m/slow-sym"
	mkdir "$m/scratch"
	for ((i = 0; i < 200; i++)); do
		: >"$m/scratch/t$i"
	done
	rm -f "$m/scratch"/t*

	# A directory grown to many blocks (hash-tree indexed by the kernel), then
	# mostly emptied, and one emptied completely.
	mkdir "$m/huge" "$m/huge2"
	for ((i = 0; i < 3000; i++)); do
		: >"$m/huge/entry-with-a-longer-name-$i"
	done
	for ((i = 0; i < 1000; i++)); do
		: >"$m/huge2/e$i"
	done
	for ((i = 0; i < 3000; i++)); do
		((i % 50 == 0)) || del+=("$m/huge/entry-with-a-longer-name-$i")
	done
	rm "${del[@]}"
	del=()
	rm -f "$m/huge2"/e*

	# fallocate: preallocated (unwritten) space, punched holes, a collapsed
	# and an inserted range, a zeroed range.
	fallocate -l 1M "$m/data/prealloc.bin"
	{ yes falloc || true; } | head -c 262144 >"$m/data/punched.bin"
	fallocate -p -o 16384 -l 32768 "$m/data/punched.bin"
	{ yes collapse || true; } | head -c 262144 >"$m/data/collapsed.bin"
	fallocate -c -o 65536 -l 65536 "$m/data/collapsed.bin"
	fallocate -i -o 4096 -l 8192 "$m/data/collapsed.bin"
	fallocate -z -o 0 -l 8192 "$m/data/collapsed.bin"
	fallocate -n -o 2M -l 1M "$m/data/big.bin"

	# Extended attributes of every size: short ones in the inode, one that
	# needs a block, one shared block, and (ea_inode) one larger than a block.
	mkdir "$m/xattr"
	: >"$m/xattr/small" && : >"$m/xattr/block" && : >"$m/xattr/shared1" && : >"$m/xattr/shared2"
	if command -v setfattr >/dev/null 2>&1; then
		setfattr -n user.a -v 1 "$m/xattr/small"
		setfattr -n user.empty "$m/xattr/small"
		setfattr -n trusted.t -v "$(printf 't%.0s' {1..40})" "$m/xattr/small"
		setfattr -n security.s -v sec "$m/xattr/small"
		setfattr -n user.big -v "$(printf 'b%.0s' {1..1500})" "$m/xattr/block"
		setfattr -n user.same -v "$(printf 's%.0s' {1..800})" "$m/xattr/shared1"
		setfattr -n user.same -v "$(printf 's%.0s' {1..800})" "$m/xattr/shared2"
		setfattr -n user.on-dir -v d "$m/xattr"
		setfattr -h -n trusted.on-link -v "$(printf 'l%.0s' {1..700})" "$m/sym"
		if [[ ${EA_INODE:-no} == yes ]]; then
			head -c 20000 /dev/zero | tr '\0' 'h' >"$m/xattr/value"
			setfattr -n user.huge -v "$(cat "$m/xattr/value")" "$m/xattr/block"
			setfattr -n user.huge -v "$(cat "$m/xattr/value")" "$m/xattr/shared1"
			rm "$m/xattr/value"
		fi
	else
		note "setfattr not found: no extended attributes written"
	fi

	# POSIX ACLs: the kernel stores them as system.posix_acl_* with an empty
	# name after the index.
	mkdir "$m/acl"
	: >"$m/acl/file"
	if command -v setfacl >/dev/null 2>&1; then
		setfacl -m u:1000:rw,g:100:r "$m/acl/file"
		setfacl -m u:1001:rwx "$m/acl"
		setfacl -d -m u:1000:rx,g:100:rx "$m/acl"
		: >"$m/acl/inherits"
		mkdir "$m/acl/subdir"
	else
		note "setfacl not found: no POSIX ACLs written"
	fi

	# O_TMPFILE: one linked into the tree, one closed unlinked (freed through
	# the orphan list or orphan file).
	if command -v python3 >/dev/null 2>&1; then
		python3 - "$m/data" <<'PY'
import ctypes, os, sys
d = sys.argv[1]
libc = ctypes.CDLL(None, use_errno=True)
AT_FDCWD, AT_SYMLINK_FOLLOW = -100, 0x400
fd = os.open(d, os.O_TMPFILE | os.O_WRONLY, 0o644)
os.write(fd, b"tmpfile kept\n" * 1000)
src = ("/proc/self/fd/%d" % fd).encode()
dst = os.path.join(d, "was-tmpfile").encode()
if libc.linkat(AT_FDCWD, src, AT_FDCWD, dst, AT_SYMLINK_FOLLOW) != 0:
    sys.exit("linkat: " + os.strerror(ctypes.get_errno()))
os.close(fd)
fd = os.open(d, os.O_TMPFILE | os.O_WRONLY, 0o644)
os.write(fd, b"tmpfile dropped\n" * 1000)
os.close(fd)
PY
	else
		note "python3 not found: no O_TMPFILE files"
	fi
	sync
}

# make_image NAME [MKE2FS_CONFIG] [MKE2FS OPTIONS...]: one kernel-written image.
make_image() {
	local name=$1 conf=$2 img rc=0
	shift 2
	img="$out/$name.img"
	rm -f "$img"
	MKE2FS_CONFIG=${conf:-${MKE2FS_CONFIG:-/etc/mke2fs.conf}} \
		mke2fs -F -q -t ext4 -b 4096 -L pe2-kernel "$@" "$img" 32M
	if ! mount -o loop "$img" "$mnt" 2>/dev/null; then
		note "skipped: loop mount of an ext4 image failed"
		exit 77
	fi
	mounted=yes
	workload "$mnt"
	umount "$mnt"
	mounted=no
	E2FSCK_CONFIG=/dev/null e2fsck -fn "$img" >"$img.log" 2>&1 || rc=$?
	if ((rc != 0)); then
		cat "$img.log" >&2
		die "kernel-written image $img is not clean: e2fsck -fn exit $rc"
	fi
	rm -f "$img.log"
	echo "$img"
}

make_image ext4-kernel ""
EA_INODE=yes make_image ext4-kernel-new "$config" -O ea_inode
