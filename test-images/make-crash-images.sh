#!/usr/bin/env bash
# make-crash-images.sh OUTDIR [NAME...]
#
# Makes images whose journal needs recovery, the state a power cut leaves: each
# image is loop-mounted, files are written, renamed and deleted, part of it is
# synced (so whole transactions sit in the journal, not yet checkpointed), more
# is written without a sync, and the image file is copied while the file system
# is still mounted.  The copy is OUTDIR/NAME.img; then the original is unmounted
# and thrown away.
#
# Each copy must have needs_recovery set and a journal with a log in it
# (dumpe2fs -h), and `e2fsck -p` on a scratch copy of it must leave a file
# system that `e2fsck -fn` finds clean (not asked of ext4-fc: see valid_copy); a copy that is not (a copy made while the
# kernel was in the middle of a checkpoint) is made again, up to three times.
#
# Names (default: all):
#   ext3            ext3, 4 KiB blocks: jbd2 without checksums, 32-bit tags
#   ext4            ext4 defaults: metadata_csum (journal csum v3), 64-bit tags
#   ext4-nocsum     ext4 without metadata_csum and without 64bit: plain 32-bit tags
#   ext4-64         ext4 without metadata_csum, 64bit: 64-bit tags, no checksums
#   ext4-async      ext4 mounted journal_async_commit,data=writeback (csum v3, async commit)
#   ext4-wrapped    ext4 with the smallest journal (1024 blocks) and many transactions,
#                   so the log has wrapped round the end of the journal
#   ext4-orphan     ext4 with files deleted (and one truncated) while a process keeps
#                   them open: the orphan list is not empty
#   ext4-1k         ext4 with 1 KiB blocks
#   ext4-fc         ext4 with fast_commit: files created and fsynced one by one after the last
#                   full commit, so the fast-commit area holds changes to replay
#
# Env: CRASH_BIG=1 adds "ext4-big": 1 GiB, a 128 MiB journal mounted data=journal and
# filled with many transactions (the journal replay benchmark's image).
# Exits 77 (skip) when not root or the loop mount fails.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out=${1:?usage: make-crash-images.sh OUTDIR [NAME...]}
shift
if [[ $(id -u) != 0 ]]; then
	note "skipped: needs root for a loop mount"
	exit 77
fi
names=("$@")
if ((${#names[@]} == 0)); then
	names=(ext3 ext4 ext4-nocsum ext4-64 ext4-async ext4-wrapped ext4-orphan ext4-1k ext4-fc)
	if [[ ${CRASH_BIG:-0} == 1 ]]; then
		names+=(ext4-big)
	fi
fi
mkdir -p "$out"

mnt=$(mktemp -d)
mounted=no
holder=
cleanup() {
	if [[ -n $holder ]]; then
		kill "$holder" 2>/dev/null || true
		wait "$holder" 2>/dev/null || true
		holder=
	fi
	if [[ $mounted == yes ]]; then
		umount "$mnt" || true
		mounted=no
	fi
}
trap 'cleanup; rmdir "$mnt" 2>/dev/null || true' EXIT
trap 'note "failed at line $LINENO: $BASH_COMMAND"' ERR

# mkfs and mount options of each image: "MKE2FS-ARGS|SIZE|MOUNT-OPTIONS".
spec_of() {
	case "$1" in
	ext3) echo "-t ext3 -b 4096|64M|" ;;
	ext4) echo "-t ext4 -b 4096|64M|" ;;
	ext4-nocsum) echo "-t ext4 -b 4096 -O ^metadata_csum,^64bit|64M|" ;;
	ext4-64) echo "-t ext4 -b 4096 -O ^metadata_csum,64bit|64M|" ;;
	ext4-async) echo "-t ext4 -b 4096|64M|journal_async_commit,data=writeback" ;;
	ext4-wrapped) echo "-t ext4 -b 4096 -J size=4|64M|" ;;
	ext4-orphan) echo "-t ext4 -b 4096|64M|" ;;
	ext4-1k) echo "-t ext4 -b 1024|64M|" ;;
	ext4-fc) echo "-t ext4 -b 4096 -O fast_commit|64M|" ;;
	ext4-big) echo "-t ext4 -b 4096 -J size=128|1G|data=journal" ;;
	*) die "unknown image name '$1'" ;;
	esac
}

# Files written, renamed and deleted: one round of metadata-heavy work in $mnt/$1.
churn() {
	local d=$mnt/$1 n=${2:-200} i
	mkdir -p "$d/keep" "$d/gone"
	for ((i = 0; i < n; i++)); do
		printf 'file %s %d\n' "$1" "$i" >"$d/keep/f$i"
		printf 'x' >"$d/gone/g$i"
	done
	{ yes "$1 data" || true; } | head -c 300000 >"$d/keep/big"
	for ((i = 0; i < n; i += 2)); do
		mv "$d/keep/f$i" "$d/keep/renamed$i"
	done
	rm -r "$d/gone"
	mkdir -p "$d/sub/deeper"
	ln -s ../keep/big "$d/sub/link"
	ln "$d/keep/big" "$d/sub/deeper/hard"
}

workload() {
	local name=$1 i
	case "$name" in
	ext4-wrapped)
		# A 4 MiB journal and commits until the live log runs over the journal's end and on
		# from its start (the log's last block lies before its first).
		for ((i = 0; i < 400; i++)); do
			churn "w$i" 30
			sync
			if ((i >= 10)) && log_wrapped "$orig"; then
				break
			fi
		done
		;;
	ext4-fc)
		churn first 100
		sync
		# Each fsync of a new small file is a fast commit, not a full one.
		mkdir "$mnt/fc"
		sync "$mnt/fc"
		for ((i = 0; i < 20; i++)); do
			printf 'fast %d\n' "$i" >"$mnt/fc/f$i"
			sync "$mnt/fc/f$i"
		done
		;;
	ext4-big)
		# data=journal: file data goes through the journal too. Rounds of about 10 MiB, each
		# committed by an fsync (sync FILE), which in this mode commits the journal without
		# writing the blocks back in place, so no transaction is checkpointed and the live log
		# grows to most of the 128 MiB journal.
		for ((i = 0; i < 9; i++)); do
			churn "b$i" 300
			{ yes "round $i" || true; } | head -c 10000000 >"$mnt/b$i/keep/payload"
			sync "$mnt/b$i/keep/payload"
		done
		;;
	*)
		churn first 300
		sync
		churn second 150
		rm -r "$mnt/first/sub"
		sync
		;;
	esac
	if [[ $name == ext4-orphan ]]; then
		# Deleted while open: the inodes stay on the orphan list until the last close.
		{ yes "held open" || true; } | head -c 200000 >"$mnt/held"
		{ yes "held two" || true; } | head -c 50000 >"$mnt/held2"
		# shellcheck disable=SC2016
		sleep 600 <"$mnt/held" 3<"$mnt/held2" &
		holder=$!
		sleep 0.2
		rm "$mnt/held" "$mnt/held2"
		sync
	fi
	# Written but not synced: lost or half-committed at the "power cut".
	churn third 40
}

# True if the journal's live log (from s_start to the last block logdump finds) wraps.
log_wrapped() {
	local start last
	start=$(dumpe2fs -h "$1" 2>/dev/null | sed -n 's/^Journal start:[[:space:]]*//p')
	last=$(debugfs -R logdump "$1" 2>/dev/null | sed -n 's/^Found expected sequence .* at block \([0-9]*\)$/\1/p' | tail -1)
	[[ -n $start && -n $last ]] && ((start > 0 && last < start))
}

feature_set() {
	dumpe2fs -h "$1" 2>/dev/null | sed -n 's/^Filesystem features:[[:space:]]*//p' | tr ' ' '\n' | grep -qx "$2"
}

# Checks a copy the way the tests will use it: e2fsck -p on a scratch copy, then -fn clean.
valid_copy() {
	local img=$1 scratch rc=0
	feature_set "$img" needs_recovery || return 1
	if [[ $img == */ext4-fc.img ]]; then
		# e2fsck 1.47.0 replays the fast commits but its own -fn then finds the result
		# inconsistent: this image only serves refusal tests.
		return 0
	fi
	scratch=$img.scratch
	cp --sparse=always "$img" "$scratch"
	E2FSCK_CONFIG=/dev/null e2fsck -p "$scratch" >/dev/null 2>&1 || rc=$?
	if ((rc > 1)); then
		rm -f "$scratch"
		return 1
	fi
	rc=0
	E2FSCK_CONFIG=/dev/null e2fsck -fn "$scratch" >/dev/null 2>&1 || rc=$?
	rm -f "$scratch"
	((rc == 0))
}

make_one() {
	local name=$1 spec mkfs size opts img orig attempt
	spec=$(spec_of "$name")
	IFS='|' read -r mkfs size opts <<<"$spec"
	img=$out/$name.img
	orig=$out/.$name.mounted
	for attempt in 1 2 3; do
		rm -f "$img" "$orig"
		# shellcheck disable=SC2086
		mke2fs -F -q $mkfs -L crash "$orig" "$size" >/dev/null
		if ! mount -o "loop${opts:+,$opts}" "$orig" "$mnt" 2>/dev/null; then
			rm -f "$orig"
			note "skipped: loop mount of $name failed"
			exit 77
		fi
		mounted=yes
		workload "$name"
		# The "power cut": the image as it is on the disk now, the file system still mounted.
		cp --sparse=always "$orig" "$img"
		cleanup
		rm -f "$orig"
		if valid_copy "$img"; then
			echo "$img"
			return 0
		fi
		note "$name: copy $attempt was not usable, making it again"
	done
	die "$name: no usable copy in three attempts"
}

for name in "${names[@]}"; do
	make_one "$name"
done
