#!/usr/bin/env bash
# make-backup-images.sh OUTDIR [NAME...]
# make-backup-images.sh --list
#
# Images whose primary superblock or group descriptors are damaged, or whose
# superblock breaks a rule checked before pass 1, for comparing pe2fsck with
# e2fsck on the backup fallback and those rules.  Unlike the damage suite,
# each image gets its own geometry: e2fsck looks for the backup superblock of
# a damaged primary only where a file system with the default group size
# keeps it (block 8193 with 1 KiB blocks, 16384 with 2 KiB, 32768 with 4 KiB),
# so these file systems have the default group size and at least two groups
# (sparse files: 40 MiB to 4.5 GiB, mostly holes; the 64 KiB-block ones hold
# under 1 MiB of data).
#
# --list prints one line per image: NAME, TAB, what the repair run leaves
# ("clean": after pe2fsck -fy, e2fsck -fn finds nothing; "-": not asked),
# TAB, a description.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

declare -a NAMES=()
declare -A AFTER=() DESC=()
img_add() {
	NAMES+=("$1")
	AFTER[$1]=$2
	DESC[$1]=$3
}

# Byte offsets in the superblock (which starts at byte 1024 of the device).
SB=1024
SB_INODES_COUNT=0x00
SB_MAGIC=0x38
SB_COMPAT=0x5C
SB_RESERVED_GDT=0xCE
SB_USR_QUOTA=0x240
SB_CHECKSUM=0x3FC

# mk IMG SIZE MKE2FS-ARGS...: a fresh file system.
mk() {
	local img=$1 size=$2
	shift 2
	rm -f "$img"
	mke2fs -F -q "$@" "$img" "$size" >/dev/null 2>&1 || die "mke2fs failed for $img"
}

# gd0 IMG: byte offset of group 0's descriptor in the primary table.
gd0() {
	local bs first
	bs=$(block_size "$1")
	first=$(sb_value "$1" "First block")
	echo $(((first + 1) * bs))
}

img_add ext3-4k-sb-magic clean "ext3, 4 KiB blocks: primary superblock magic zeroed (backup at 32768)"
make_ext3_4k_sb_magic() {
	mk "$1" 160M -t ext3 -b 4096
	put_le "$1" $((SB + SB_MAGIC)) 2 0
}
img_add ext2-1k-sb-magic clean "ext2, 1 KiB blocks: primary superblock magic zeroed (backup at 8193)"
make_ext2_1k_sb_magic() {
	mk "$1" 40M -t ext2 -b 1024
	put_le "$1" $((SB + SB_MAGIC)) 2 0
}
img_add ext3-2k-sb-inode-count clean "ext3, 2 KiB blocks: primary inode count impossible (backup at 16384)"
make_ext3_2k_sb_inode_count() {
	mk "$1" 80M -t ext3 -b 2048
	put_le "$1" $((SB + SB_INODES_COUNT)) 4 12345
}
img_add ext4-4k-sb-csum - "ext4, 4 KiB blocks: primary superblock checksum wrong (backup at 32768)"
make_ext4_4k_sb_csum() {
	mk "$1" 160M -t ext4 -b 4096
	flip_byte "$1" $((SB + SB_CHECKSUM))
}
img_add ext4-1k-sb-csum - "ext4, 1 KiB blocks: primary superblock checksum wrong (backup at 8193)"
make_ext4_1k_sb_csum() {
	mk "$1" 40M -t ext4 -b 1024
	flip_byte "$1" $((SB + SB_CHECKSUM))
}
img_add ext3-4k-gd-bb-range clean "ext3, 4 KiB blocks: group 0's block bitmap beyond the file system (backup descriptors)"
make_ext3_4k_gd_bb_range() {
	mk "$1" 160M -t ext3 -b 4096
	put_le "$1" "$(gd0 "$1")" 4 1048575
}
img_add ext2-1k-gd-overlap clean "ext2, 1 KiB blocks: group 1's inode bitmap on group 0's block bitmap (backup descriptors)"
make_ext2_1k_gd_overlap() {
	local off bb
	mk "$1" 40M -t ext2 -b 1024
	off=$(gd0 "$1")
	bb=$(read_u "$1" "$off" 4)
	put_le "$1" $((off + 32 + 4)) 4 "$bb"
}
img_add ext3-4k-reserved-gdt clean "ext3, 4 KiB blocks: s_reserved_gdt_blocks 1000, over the bitmaps (backup descriptors)"
make_ext3_4k_reserved_gdt() {
	mk "$1" 160M -t ext3 -b 4096
	put_le "$1" $((SB + SB_RESERVED_GDT)) 2 1000
}
img_add ext4-4k-gd-itable-range - "ext4, 4 KiB blocks: group 0's inode table beyond the file system (backup descriptors)"
make_ext4_4k_gd_itable_range() {
	mk "$1" 160M -t ext4 -b 4096
	put_le "$1" $(($(gd0 "$1") + 8)) 4 4000000
}
img_add ext4-64k-gd-bb-range - "ext4, 64 KiB blocks (65528 blocks per group): group 0's block bitmap out of range (backup descriptors)"
make_ext4_64k_gd_bb_range() {
	mk "$1" 4608M -t ext4 -b 65536 -O ^has_journal -N 2048
	put_le "$1" 65536 4 99999999
}
img_add ext4-64k-sb-magic - "ext4, 64 KiB blocks: primary magic zeroed; group 1 is not where e2fsck looks (8 * 65536), so both give up"
make_ext4_64k_sb_magic() {
	mk "$1" 4608M -t ext4 -b 65536 -O ^has_journal -N 2048
	put_le "$1" $((SB + SB_MAGIC)) 2 0
}
img_add ext4-sparse-super2-sb-magic - "ext4 with sparse_super2 (backups in groups 1 and the last): primary magic zeroed"
make_ext4_sparse_super2_sb_magic() {
	mk "$1" 160M -t ext4 -b 4096 -O sparse_super2
	put_le "$1" $((SB + SB_MAGIC)) 2 0
}
img_add ext4-sparse-super2-nobackup - "ext4 with sparse_super2 and no backups: primary magic zeroed, nothing to fall back on"
make_ext4_sparse_super2_nobackup() {
	mk "$1" 160M -t ext4 -b 4096 -O sparse_super2 -E num_backup_sb=0
	put_le "$1" $((SB + SB_MAGIC)) 2 0
}
img_add ext2-meta-bg-gd-bb-range clean "ext2 with meta_bg, 1 KiB blocks: group 0's block bitmap out of range (backup descriptors of group 1)"
make_ext2_meta_bg_gd_bb_range() {
	mk "$1" 40M -t ext2 -b 1024 -O meta_bg,^resize_inode
	put_le "$1" "$(gd0 "$1")" 4 99999999
}
img_add ext4-meta-bg-sb-magic - "ext4 with meta_bg, 1 KiB blocks: primary magic zeroed"
make_ext4_meta_bg_sb_magic() {
	mk "$1" 40M -t ext4 -b 1024 -O meta_bg,^resize_inode
	put_le "$1" $((SB + SB_MAGIC)) 2 0
}
img_add ext4-one-group-sb-magic - "ext4, a single group: primary magic zeroed and no backup at all"
make_ext4_one_group_sb_magic() {
	mk "$1" 8M -t ext4 -b 4096
	put_le "$1" $((SB + SB_MAGIC)) 2 0
}
img_add ext4-one-group-inode-count - "ext4, a single group: inode count wrong, no backup (e2fsck's second, lenient attempt)"
make_ext4_one_group_inode_count() {
	mk "$1" 8M -t ext4 -b 4096
	dbgw "$1" "ssv inodes_count 3000"
}
img_add ext3-1k-compat-unknown - "ext3: an unknown compatible feature bit (0x80)"
make_ext3_1k_compat_unknown() {
	local v
	mk "$1" 40M -t ext3 -b 1024
	v=$(read_u "$1" $((SB + SB_COMPAT)) 4)
	put_le "$1" $((SB + SB_COMPAT)) 4 $((v | 0x80))
}
img_add ext4-1k-quota-inode - "ext4 with quota: the user quota inode number beyond the inode count"
make_ext4_1k_quota_inode() {
	mk "$1" 40M -t ext4 -b 1024 -O quota
	dbgw "$1" "ssv usr_quota_inum 99999"
}
img_add ext4-1k-mmp-magic - "ext4 with mmp: the MMP block's magic overwritten"
make_ext4_1k_mmp_magic() {
	local mmp
	mk "$1" 40M -t ext4 -b 1024 -O mmp
	mmp=$(sb_value "$1" "MMP block number")
	put_le "$1" $((mmp * 1024)) 4 0x12345678
}
img_add ext3-1k-short-device - "ext3, 1 KiB blocks: the device 20 blocks shorter than the file system"
make_ext3_1k_short_device() {
	mk "$1" 40M -t ext3 -b 1024
	truncate -s $((40 * 1024 * 1024 - 20 * 1024)) "$1"
}
img_add ext3-1k-resize-ind-range - "ext3, 1 KiB blocks: a resize inode indirect block lists a block beyond the file system"
make_ext3_1k_resize_ind_range() {
	local first
	mk "$1" 40M -t ext3 -b 1024
	first=$(($(sb_value "$1" "First block") + 2))
	# The first reserved descriptor block: its third entry follows the two real backups.
	put_le "$1" $((first * 1024 + 8)) 4 99999999
}

if [[ ${1:-} == --list ]]; then
	for n in "${NAMES[@]}"; do
		printf '%s\t%s\t%s\n' "$n" "${AFTER[$n]}" "${DESC[$n]}"
	done
	exit 0
fi
out=${1:?usage: make-backup-images.sh OUTDIR [NAME...] | --list}
shift
mkdir -p "$out"
want=("$@")
[[ ${#want[@]} -gt 0 ]] || want=("${NAMES[@]}")
for n in "${want[@]}"; do
	[[ -n "${DESC[$n]:-}" ]] || die "unknown image '$n'"
	"make_${n//-/_}" "$out/$n.img"
	echo "$out/$n.img"
done
