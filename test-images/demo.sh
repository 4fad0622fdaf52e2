#!/usr/bin/env bash
# Makes a small sample ext4 image from a generated tree and checks it with pe2fsck, then
# damages a copy and checks that too. Run through `make demo`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export PATH=$PATH:/usr/sbin:/sbin
work=$(mktemp -d "${TMPDIR:-/tmp}/pe2fsck-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT

src=$work/src
mkdir -p "$src/docs" "$src/deep"
for i in $(seq 1 200); do printf 'file %d\n' "$i" > "$src/docs/note-$i.txt"; done
d=$src/deep; for i in $(seq 1 8); do d=$d/level$i; mkdir -p "$d"; echo "$i" > "$d/here"; done
head -c 3000000 /dev/zero > "$src/big.bin"
ln -s docs/note-1.txt "$src/link"
ln "$src/docs/note-2.txt" "$src/hardlink"

img=$work/sample.img
mke2fs -F -q -t ext4 -d "$src" "$img" 32M
echo "== pe2fsck -fn -v on a healthy sample image"
"$root/bin/pe2fsck" -fnv "$img"; echo "exit status $?"

echo
echo "== the same image after damage (a file's size cut to 1 byte, a directory entry to a freed inode)"
debugfs -w -R "sif /big.bin size 1" "$img" >/dev/null 2>&1
debugfs -w -R "clri /docs/note-3.txt" "$img" >/dev/null 2>&1
set +e
"$root/bin/pe2fsck" -fn "$img"; rc=$?
echo "exit status $rc (4: errors left uncorrected, as with -n)"
e2fsck -fn "$img" >/dev/null 2>&1; echo "e2fsck -fn exit status $?"
[ "$rc" -eq 4 ]
