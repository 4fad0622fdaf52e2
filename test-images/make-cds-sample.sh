#!/usr/bin/env bash
# make-cds-sample.sh OUT.img
#
# A small, healthy ext4 image for `make cds`: the class-data archive holds the classes one
# check of this image loads, and a class left out of it is read from its jar and verified on
# every run. So the image has a little of each structure a real file system has and an empty
# one lacks: an indexed directory (several blocks, indexed by `e2fsck -D`), a file with an
# extent tree below its inode, an extended-attribute block, directories far apart, fast and
# slow symlinks, hard links and nested directories.
# Takes well under a second, and gives the same tree every time.
set -euo pipefail
out=${1:?usage: make-cds-sample.sh OUT.img}
export PATH=$PATH:/usr/sbin:/sbin
tree=$(mktemp -d "${TMPDIR:-/tmp}/pe2fsck-cds.XXXXXX")
trap 'rm -rf "$tree"' EXIT

mkdir -p "$tree/index" "$tree/a/b/c" "$tree/links"
for i in $(seq 1 400); do : > "$tree/index/entry-with-a-longer-name-$i"; done
echo leaf > "$tree/a/b/c/leaf"
echo one > "$tree/links/one"
ln "$tree/links/one" "$tree/links/two"
ln -s one "$tree/links/fast"
ln -s "$(printf 'x%.0s' $(seq 1 100))/target" "$tree/links/slow"
# Six runs of data with holes between: more extents than the inode holds. (Not zeros:
# mke2fs -d leaves all-zero blocks out, as holes.)
for run in 0 1 2 3 4 5; do
	printf '%8192s' "run $run" \
		| dd of="$tree/sparse.bin" bs=4096 count=2 seek=$((run * 64)) conv=notrunc status=none
done

# Directories far apart on the disk (each followed by 192 KiB of data), so that pass 2 reads
# them in more requests than it keeps in flight and its read-ahead hints run too.
for d in 1 2 3 4 5 6 7 8 9 10 11 12; do
	mkdir "$tree/spread$d"
	printf '%196608s' "data $d" > "$tree/spread$d/data"
done

mke2fs -F -q -t ext4 -N 1024 -d "$tree" "$out" 16M > /dev/null
# An extended attribute too big for the inode, so it gets a block of its own.
debugfs -w -R "ea_set /links/one user.big $(printf '%600s' big | tr ' ' v)" "$out" > /dev/null 2>&1
status=0
e2fsck -fyD "$out" > /dev/null 2>&1 || status=$?
# 0: nothing to do; 1: directories were indexed, which is the point
[ "$status" -le 1 ] || { echo "make-cds-sample: e2fsck -fyD exited $status" >&2; exit 1; }
e2fsck -fn "$out" > /dev/null 2>&1 || { echo "make-cds-sample: $out does not check clean" >&2; exit 1; }
