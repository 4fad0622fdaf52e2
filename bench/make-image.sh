#!/bin/bash
# usage: bench/make-image.sh SIZE OUT
#   SIZE: inodes in use, e.g. 100k, 1M, 3M (or a plain number)
#   OUT:  image file to write (sparse); kept if OUT.ok says it was built with the same recipe.
#
# Two stages, so the image has both a packed part and a part laid out by the kernel (past
# MKIMAGE_MKE2FS_MAX inodes, default 300000, stage 1 goes through the kernel too):
#   1. gen-tree.py writes ~80% of the inodes into a private tmpfs, and mke2fs -d copies it in
#      (libext2fs packs those inodes into the first groups);
#   2. the image is loop-mounted and the kernel adds the remaining ~20% under a TOPDIR-flagged
#      directory (Orlov spreads its subdirectories over the groups), plus fragmented large
#      files (round-robin appends with fsync between rounds, and files rewritten into the holes
#      left by deleting every other small file).
# Needs root (tmpfs and loop mounts). Build times go to OUT.log.
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
[ $# -eq 2 ] || { sed -n 2,4p "$0" >&2; exit 2; }
size=$1 out=$2
case $size in
	*k|*K) n=$(( ${size%[kK]} * 1000 )) ;;
	*m|*M) n=$(( ${size%[mM]} * 1000000 )) ;;
	*) n=$size ;;
esac
recipe="v1 n=$n max=${MKIMAGE_MKE2FS_MAX:-300000} $(sha1sum "$here/gen-tree.py" "$0" | awk '{print $1}' | tr '\n' ' ')"
if [ -f "$out" ] && [ -f "$out.ok" ] && [ "$(cat "$out.ok")" = "$recipe" ]; then
	echo "make-image: $out is up to date"
	exit 0
fi
rm -f "$out" "$out.ok"
mkdir -p "$(dirname "$out")"
log=$out.log
: > "$log"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pe2fsck-img.XXXXXX")
cleanup() {
	mountpoint -q "$tmp/mnt" 2>/dev/null && umount "$tmp/mnt"
	mountpoint -q "$tmp/src" 2>/dev/null && umount "$tmp/src"
	rm -rf "$tmp"
}
trap cleanup EXIT
mkdir "$tmp/src" "$tmp/mnt"

t0=$(date +%s)
stage1=$(( n * 8 / 10 ))
# 16 KiB of space per inode and twice the inodes needed: many groups, most of them partly empty
blocks=$(( n * 16 / 4 + 262144 ))
mkfs=(mke2fs -q -F -t ext4 -b 4096 -I 256 -N $(( n * 2 )) -L bench -E lazy_itable_init=0,root_owner=0:0)
# mke2fs -d gets much slower than linear with size (about 8 s for 100k inodes here, not done
# after 25 min for 1M), so past this many inodes stage 1 also goes through the kernel.
if [ "$n" -le "${MKIMAGE_MKE2FS_MAX:-300000}" ]; then
	# about 8 KiB of data per inode on average, plus slack; tmpfs only holds stage 1
	mount -t tmpfs -o size=$(( n / 1000 * 12 + 2048 ))m,nr_inodes=$(( n * 2 )) tmpfs "$tmp/src"
	python3 "$here/gen-tree.py" "$stage1" "$tmp/src/tree" 1 >> "$log"
	t1=$(date +%s)
	echo "generate $stage1 inodes in tmpfs: $(( t1 - t0 )) s" | tee -a "$log"
	"${mkfs[@]}" -d "$tmp/src/tree" "$out" "$blocks"
	umount "$tmp/src"
	t2=$(date +%s)
	echo "mke2fs -d: $(( t2 - t1 )) s" | tee -a "$log"
	mount -o loop "$out" "$tmp/mnt"
else
	"${mkfs[@]}" "$out" "$blocks"
	mount -o loop "$out" "$tmp/mnt"
	python3 "$here/gen-tree.py" "$stage1" "$tmp/mnt/tree" 1 >> "$log"
	t2=$(date +%s)
	echo "mke2fs + $stage1 inodes through the kernel: $(( t2 - t0 )) s" | tee -a "$log"
fi
mkdir "$tmp/mnt/spread"
chattr +T "$tmp/mnt/spread"
python3 "$here/gen-tree.py" $(( n - stage1 )) "$tmp/mnt/spread" 2 >> "$log"
python3 - "$tmp/mnt/frag" "$n" <<'EOF'
import os, random, sys
d, n = sys.argv[1], int(sys.argv[2])
os.mkdir(d)
rnd = random.Random(7)
chunk = bytes(rnd.getrandbits(8) for _ in range(65536))
# round-robin appends, fsync each round: the files' extents interleave
k = 16
fds = [os.open(os.path.join(d, "rr%02d" % i), os.O_WRONLY | os.O_CREAT, 0o644) for i in range(k)]
rounds = max(32, n // 2000)
for r in range(rounds):
    for fd in fds:
        os.write(fd, chunk[: rnd.choice((4096, 8192, 16384, 65536))])
    for fd in fds:
        os.fsync(fd)
for fd in fds:
    os.close(fd)
# many small files, every other one deleted, then large files written into the holes
holes = os.path.join(d, "holes")
os.mkdir(holes)
m = max(2000, n // 100)
for i in range(m):
    with open(os.path.join(holes, "s%06d" % i), "wb") as f:
        f.write(chunk[: 8192 * (1 + i % 4)])
os.sync()
for i in range(0, m, 2):
    os.unlink(os.path.join(holes, "s%06d" % i))
os.sync()
for i in range(max(2, n // 50000)):
    fd = os.open(os.path.join(d, "rewrite%02d" % i), os.O_WRONLY | os.O_CREAT, 0o644)
    for _ in range(256):
        os.write(fd, chunk[:16384])
        os.fsync(fd)
    os.close(fd)
EOF
umount "$tmp/mnt"
t3=$(date +%s)
echo "kernel stage ($(( n - stage1 )) inodes, fragmented files): $(( t3 - t2 )) s" | tee -a "$log"

E2FSCK_CONFIG=/dev/null e2fsck -fn "$out" >> "$log" 2>&1 || { echo "make-image: e2fsck -fn does not pass on $out; see $log" >&2; exit 1; }
t4=$(date +%s)
used=$(tail -n 3 "$log" | grep -o '[0-9]*/[0-9]* files' || true)
echo "total build: $(( t4 - t0 )) s; $used; $(du -h "$out" | cut -f1) allocated" | tee -a "$log"
echo "$recipe" > "$out.ok"
