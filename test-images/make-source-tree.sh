#!/usr/bin/env bash
# make-source-tree.sh DIR [SEED]
#
# Writes a deterministic directory tree into DIR (which must not exist or be
# empty) for use with `mke2fs -d`.  The same SEED always gives the same tree.
# Layout (all paths relative to DIR):
#
#   README.txt                 short text file
#   small/f000 .. f063         64 small files, 0..~3 KiB, seeded content
#   bounds/s1023 .. s4097      files of 1023,1024,1025,2047,2048,2049,4095,
#                              4096,4097 bytes (block-size edges)
#   empty/e0 e1 e2             empty files;  empty/dir/  an empty directory
#   big.bin                    2 MiB file of seeded text
#   sparse.bin                 8 MiB apparent size, six 8 KiB data runs with
#                              holes between (gives ext4 more than four
#                              extents, i.e. an extent tree of depth 1)
#   frag.bin                   48 KiB file
#   deep/d01/d02/.../d12/leaf  directory chain 12 levels deep, a file at the end
#   bigdir/0 .. bigdir/19999   20,000 empty files with short names (large
#                              directory; indexed after `e2fsck -D`)
#   links/orig + hard1 hard2   three names for one inode; small/hl-orig a
#                              fourth, in another directory
#   sym/fast                   fast symlink (target shorter than 60 bytes)
#   sym/slow                   slow symlink (200-byte target)
#   sym/dangling, sym/todir    dangling link; link to a directory
#   xattr/x1, xattr/x2         files with user.* extended attributes (only
#                              when setfattr or python3 can set them; the
#                              script says so when it has to skip them)
#   xattr/ea-block             plain file; make-healthy.sh gives it a large
#                              attribute that needs its own block
#   special/fifo               named pipe
#   names/with space.txt       a name with spaces
#   names/ünïcødé-名前.txt      a UTF-8 name
#
# Device nodes are not made here (that needs root); make-healthy.sh adds them
# to the images with debugfs.
set -euo pipefail

dir=${1:?usage: make-source-tree.sh DIR [SEED]}
seed=${2:-1}
[[ "$seed" =~ ^[0-9]+$ ]] || { echo "SEED must be a number" >&2; exit 2; }

if [[ -e "$dir" ]] && [[ -n "$(ls -A "$dir")" ]]; then
	echo "make-source-tree.sh: $dir exists and is not empty" >&2
	exit 2
fi
mkdir -p "$dir"
cd "$dir"

# A small linear congruential generator: deterministic, pure bash.
rng=$seed
next_rand() {
	rng=$(((rng * 1103515245 + 12345) % 2147483648))
}

# text SIZE TAG: print SIZE bytes of seeded text.
text() {
	next_rand
	# yes dies of SIGPIPE once head has enough; that is expected.
	{ yes "pe2fsck seed=$seed $2 r=$rng abcdefghijklmnopqrstuvwxyz" || true; } |
		head -c "$1"
}

# fill FILE SIZE TAG: write SIZE bytes of seeded text to FILE.
fill() {
	if (($2 == 0)); then
		: >"$1"
	else
		text "$2" "$3" >"$1"
	fi
}

printf 'pe2fsck test tree, seed %s\n' "$seed" >README.txt

mkdir small bounds empty empty/dir deep links sym xattr special names bigdir

for ((i = 0; i < 64; i++)); do
	next_rand
	fill "$(printf 'small/f%03d' "$i")" $((rng % 3000)) "small$i"
done

for s in 1023 1024 1025 2047 2048 2049 4095 4096 4097; do
	fill "bounds/s$s" "$s" "bound$s"
done

: >empty/e0
: >empty/e1
: >empty/e2

# big.bin: 32 chunks of 64 KiB with different text.
for ((c = 0; c < 32; c++)); do
	text 65536 "big-chunk$c"
done >big.bin

# sparse.bin: holes between data runs.
truncate -s 8M sparse.bin
for ((c = 0; c < 6; c++)); do
	text 8192 "sparse$c" |
		dd of=sparse.bin bs=4096 seek=$((c * 320 + 7)) conv=notrunc status=none
done

fill frag.bin 49152 frag

p=deep
for ((d = 1; d <= 12; d++)); do
	p=$(printf '%s/d%02d' "$p" "$d")
done
mkdir -p "$p"
fill "$p/leaf" 100 leaf

# 20,000 short names; the files are empty, so they cost inodes only.
(
	cd bigdir
	seq 0 19999 | xargs touch
)

fill links/orig 5000 orig
ln links/orig links/hard1
ln links/orig links/hard2
ln links/orig small/hl-orig

ln -s ../small/f001 sym/fast
slow=$(printf 'x%.0s' {1..40})
slow="../$slow/$slow/$slow/$slow/$slow/target"
ln -s "${slow:0:200}" sym/slow
ln -s does/not/exist sym/dangling
ln -s ../deep sym/todir

fill xattr/x1 300 x1
fill xattr/x2 300 x2
fill xattr/ea-block 300 eablock
if command -v setfattr >/dev/null 2>&1; then
	if ! {
		setfattr -n user.comment -v "seed $seed" xattr/x1 &&
			setfattr -n user.a -v alpha xattr/x2 &&
			setfattr -n user.b -v beta xattr/x2
	}; then
		echo "make-source-tree.sh: note: this file system refused user" \
			"xattrs; xattr/x1 and xattr/x2 have none" >&2
	fi
elif command -v python3 >/dev/null 2>&1; then
	python3 - "$seed" <<'EOF' ||
import os, sys
seed = sys.argv[1]
os.setxattr("xattr/x1", "user.comment", ("seed " + seed).encode())
os.setxattr("xattr/x2", "user.a", b"alpha")
os.setxattr("xattr/x2", "user.b", b"beta")
EOF
		echo "make-source-tree.sh: note: could not set user xattrs" >&2
else
	echo "make-source-tree.sh: note: neither setfattr nor python3 found;" \
		"xattr/x1 and xattr/x2 have no extended attributes" >&2
fi

mkfifo special/fifo
fill "names/with space.txt" 77 space
fill "names/ünïcødé-名前.txt" 88 utf8

# Fixed time stamps so that mke2fs copies the same times every run.
find . -exec touch -h -d @1700000000 {} +
