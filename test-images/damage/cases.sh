# shellcheck shell=bash
# The damage case table.  Sourced by run-case.sh, list.sh and verify.sh.
# The cases work on the image named by the global "img" (set by run-case.sh).
# shellcheck disable=SC2154
#
# Each case is one `case_add` line plus one function:
#
#   case_add NAME BASE PASS FY_PASSES "DESCRIPTION"
#   dmg_NAME() { ...damage the image "$1" in place... }
#
# NAME       stable case name (the function name is NAME with '-' -> '_')
# BASE       healthy profile the damage starts from (see ../lib.sh)
# PASS       where `e2fsck -fn` first reports the problem: 1-5 for its
#            passes, 0 for superblock/journal checks before pass 1, and
#            "-" for the healthy controls (verify.sh checks this column)
# FY_PASSES  how many `e2fsck -fy` runs it takes until `e2fsck -fn` is
#            clean: 0 for controls, usually 1 (verify.sh checks this too)
#
# Offsets used below (all little-endian unless noted):
#   inode: mode 0, size 4, links_count 26, blocks 28, flags 32, i_block 40,
#          file_acl 104, checksum_lo 124, extra_isize 128
#   extent header (start of i_block or of a tree block): magic 0, entries 2,
#          max 4, depth 6; first entry at 12: logical 0, len 4, start_hi 6,
#          start_lo 8
#   dir entry: inode 0, rec_len 4, name_len 6, file_type 7, name 8
#   hash-tree root block: '.' at 0, '..' at 12, hash_version 28,
#          indirect_levels 30, limit 32, count 34, entries from 40
#   group descriptor: free_blocks 12, free_inodes 14, used_dirs 16,
#          flags 18, block_bitmap_csum 24, inode_bitmap_csum 26,
#          itable_unused 28, checksum 30
#   journal superblock (big-endian): magic 0, blocktype 4, blocksize 12

# shellcheck disable=SC2034  # read by run-case.sh, list.sh and verify.sh
CASE_NAMES=()
# shellcheck disable=SC2034
declare -A CASE_BASE=() CASE_PASS=() CASE_FY=() CASE_DESC=()

case_add() {
	CASE_NAMES+=("$1")
	CASE_BASE[$1]=$2
	CASE_PASS[$1]=$3
	CASE_FY[$1]=$4
	CASE_DESC[$1]=$5
}

# Helpers used by the cases --------------------------------------------------

# ioff PATH: byte offset of the inode of PATH in "$img".
ioff() {
	inode_offset "$img" "$(ino_of "$img" "$1")"
}

# bpos PATH LBLK: byte offset of a file's logical block.
bpos() {
	local bs
	bs=$(block_size "$img")
	echo $(($(file_block "$img" "$1" "$2") * bs))
}

# Controls -------------------------------------------------------------------

case_add control-ext2-1k ext2-1k - 0 "healthy ext2, 1 KiB blocks (control)"
dmg_control_ext2_1k() { :; }
case_add control-ext3-4k ext3-4k - 0 "healthy ext3, 4 KiB blocks (control)"
dmg_control_ext3_4k() { :; }
case_add control-ext4-4k ext4-4k - 0 "healthy ext4 with the 20,000-entry directory (control)"
dmg_control_ext4_4k() { :; }
case_add control-ext4-inline ext4-inline - 0 "healthy ext4 with inline_data (control)"
dmg_control_ext4_inline() { :; }
case_add control-ext4-uninit ext4-uninit - 0 "healthy ext4 with uninit_bg, no metadata_csum (control)"
dmg_control_ext4_uninit() { :; }
case_add control-ext4-bigalloc ext4-bigalloc - 0 "healthy ext4 with bigalloc (control)"
dmg_control_ext4_bigalloc() { :; }

# Superblock and journal (pass 0) ---------------------------------------------

case_add ext3-4k-journal-sb-magic ext3-4k 0 1 "journal superblock magic overwritten"
dmg_ext3_4k_journal_sb_magic() {
	put_be "$img" "$(bpos '<8>' 0)" 4 0x12345678
}
case_add ext4-1k-journal-sb-blocksize ext4-1k 0 1 "journal superblock block size set to 8192"
dmg_ext4_1k_journal_sb_blocksize() {
	put_be "$img" $(($(bpos '<8>' 0) + 12)) 4 8192
}
case_add ext3-1k-journal-sb-blocktype ext3-1k 0 1 "journal superblock block type set to a descriptor block"
dmg_ext3_1k_journal_sb_blocktype() {
	put_be "$img" $(($(bpos '<8>' 0) + 4)) 4 1
}
case_add ext3-1k-journal-inode-clri ext3-1k 1 1 "journal inode 8 zeroed with clri"
dmg_ext3_1k_journal_inode_clri() {
	dbgw "$img" "clri <8>"
}
case_add ext4-4k-journal-inode-mode ext4-4k 0 1 "journal inode 8 made a directory"
dmg_ext4_4k_journal_inode_mode() {
	dbgw "$img" "sif <8> mode 040700"
}
case_add ext2-4k-needs-recovery-nojournal ext2-4k 0 1 "needs_recovery set on a file system without a journal"
dmg_ext2_4k_needs_recovery_nojournal() {
	dbgw "$img" "feature needs_recovery"
}
case_add ext4-1k-orphan-chain-live ext4-1k 1 1 "orphan list head is a live file whose dtime links on to another live file"
dmg_ext4_1k_orphan_chain_live() {
	local a b
	a=$(ino_of "$img" /small/f010)
	b=$(ino_of "$img" /small/f011)
	dbgw "$img" "ssv last_orphan $a" "sif <$a> dtime $b"
}
case_add ext4-4k-resize-inode-dind ext4-4k 0 1 "resize inode lost its double indirect block"
dmg_ext4_4k_resize_inode_dind() {
	dbgw "$img" "sif <7> block[DIND] 0"
}
case_add ext4-uninit-gd-checksum ext4-uninit 0 1 "group descriptor 2 crc16 checksum wrong (uninit_bg)"
dmg_ext4_uninit_gd_checksum() {
	flip_byte "$img" $(($(gd_offset "$img" 2) + 30))
}

# Damaged primary superblock or descriptors: e2fsck checks from the backups.
# A damaged primary superblock is looked for at the start of group 1 of a
# file system with the default group size (block 8193 with 1 KiB blocks); a
# descriptor table that cannot be trusted is replaced by the one after the
# superblock at the start of group 1.  A check from the backups treats every
# group as initialised, so pass 5 then finds the never-written bitmaps of
# groups the backup called uninitialised (the errors these cases leave).

case_add ext4-1k-sb-magic ext4-1k 0 1 "primary superblock magic zeroed (checked from the backup at 8193)"
dmg_ext4_1k_sb_magic() {
	put_le "$img" $((1024 + 0x38)) 2 0
}
case_add ext4-1k-sb-csum ext4-1k 0 1 "primary superblock checksum wrong (checked from the backup at 8193)"
dmg_ext4_1k_sb_csum() {
	flip_byte "$img" $((1024 + 0x3FC))
}
case_add ext4-noflex-gd-bb-range ext4-noflex 0 1 "group 0's block bitmap beyond the file system (checked from group 1's descriptors)"
dmg_ext4_noflex_gd_bb_range() {
	put_le "$img" "$(gd_offset "$img" 0)" 4 99999999
}
case_add ext4-noflex-gd-itable-overlap ext4-noflex 0 1 "group 2's inode table moved onto group 1's (checked from group 1's descriptors)"
dmg_ext4_noflex_gd_itable_overlap() {
	local it
	it=$(read_u "$img" $(($(gd_offset "$img" 1) + 8)) 4)
	put_le "$img" $(($(gd_offset "$img" 2) + 8)) 4 "$it"
}
case_add ext4-no64-sb-inode-count ext4-no64 0 1 "inode count wrong and no backup where e2fsck looks (opened despite it, then fatal)"
dmg_ext4_no64_sb_inode_count() {
	dbgw "$img" "ssv inodes_count 12345"
}

# Pass 1 ---------------------------------------------------------------------

case_add ext4-4k-bad-mode ext4-4k 1 1 "regular file given an undefined file type in i_mode"
dmg_ext4_4k_bad_mode() {
	dbgw "$img" "sif small/f001 mode 0170644"
}
case_add ext2-1k-size-small ext2-1k 1 1 "i_size much smaller than the blocks the file owns"
dmg_ext2_1k_size_small() {
	dbgw "$img" "sif big.bin size 1000"
}
case_add ext4-4k-size-small ext4-4k 1 1 "extent file with i_size smaller than its last extent"
dmg_ext4_4k_size_small() {
	dbgw "$img" "sif frag.bin size 100"
}
case_add ext4-4k-iblocks-wrong ext4-4k 1 1 "i_blocks does not match the blocks the file owns"
dmg_ext4_4k_iblocks_wrong() {
	dbgw "$img" "sif small/f005 blocks 9999"
}
case_add ext3-4k-dtime-live ext3-4k 1 1 "live inode with dtime set"
dmg_ext3_4k_dtime_live() {
	dbgw "$img" "sif small/f006 dtime 1700000000"
}
case_add ext4-4k-extent-magic ext4-4k 1 1 "extent header magic in the inode overwritten"
dmg_ext4_4k_extent_magic() {
	put_le "$img" $(($(ioff big.bin) + 40)) 2 0x1234
}
case_add ext4-1k-extent-depth ext4-1k 1 1 "extent tree depth in the inode set to 7"
dmg_ext4_1k_extent_depth() {
	put_le "$img" $(($(ioff frag.bin) + 46)) 2 7
}
case_add ext4-4k-extent-entries ext4-4k 1 1 "extent header entries larger than max"
dmg_ext4_4k_extent_entries() {
	put_le "$img" $(($(ioff frag.bin) + 42)) 2 9
}
case_add ext4-4k-extent-start-outside ext4-4k 1 1 "extent points beyond the end of the file system"
dmg_ext4_4k_extent_start_outside() {
	put_le "$img" $(($(ioff frag.bin) + 52 + 8)) 4 900000
}
case_add ext4-2k-extent-len-zero ext4-2k 1 1 "extent with length zero"
dmg_ext4_2k_extent_len_zero() {
	put_le "$img" $(($(ioff frag.bin) + 52 + 4)) 2 0
}
case_add ext4-4k-extent-leaf-magic ext4-4k 1 1 "extent leaf block of a depth-1 tree has a bad magic"
dmg_ext4_4k_extent_leaf_magic() {
	local bs leaf
	bs=$(block_size "$img")
	leaf=$(read_u "$img" $(($(ioff sparse.bin) + 52 + 4)) 4)
	put_le "$img" $((leaf * bs)) 2 0
}
case_add ext4-1k-extent-order ext4-1k 1 1 "extents in a leaf out of logical order"
dmg_ext4_1k_extent_order() {
	local bs leaf
	bs=$(block_size "$img")
	leaf=$(read_u "$img" $(($(ioff sparse.bin) + 52 + 4)) 4)
	# logical start of the third entry moved before the second
	put_le "$img" $((leaf * bs + 12 + 2 * 12)) 4 1
}
case_add ext4-4k-extent-dup ext4-4k 1 1 "two extent files share blocks (extent start rewritten)"
dmg_ext4_4k_extent_dup() {
	local start
	start=$(read_u "$img" $(($(ioff big.bin) + 52 + 8)) 4)
	put_le "$img" $(($(ioff frag.bin) + 52 + 8)) 4 "$start"
}
case_add ext2-1k-ind-outside ext2-1k 1 1 "indirect block pointer beyond the file system"
dmg_ext2_1k_ind_outside() {
	dbgw "$img" "sif big.bin block[IND] 99999999"
}
case_add ext3-4k-direct-outside ext3-4k 1 1 "direct block pointer beyond the file system"
dmg_ext3_4k_direct_outside() {
	dbgw "$img" "sif frag.bin block[2] 7777777"
}
case_add ext2-4k-dup-blocks ext2-4k 1 1 "two files claim the same data block"
dmg_ext2_4k_dup_blocks() {
	local b
	b=$(file_block "$img" big.bin 3)
	dbgw "$img" "sif frag.bin block[1] $b"
}
case_add ext4-4k-fast-symlink-size ext4-4k 2 1 "fast symlink with i_size larger than its inline target"
dmg_ext4_4k_fast_symlink_size() {
	dbgw "$img" "sif sym/fast size 50"
}
# e2fsck 1.47 does not mind stray words in a device's i_block by
# themselves; the i_blocks count that claims a block gives it away.
case_add ext2-4k-chardev-blocks ext2-4k 1 1 "character device inode with a block pointer and i_blocks claiming it"
dmg_ext2_4k_chardev_blocks() {
	dbgw "$img" "sif special/chr block[6] 1234" "sif special/chr blocks 8"
}
case_add ext4-4k-blockdev-index-flag ext4-4k 1 1 "block device inode with the hash-tree INDEX_FL flag"
dmg_ext4_4k_blockdev_index_flag() {
	dbgw "$img" "sif special/blk flags 0x1000"
}
case_add ext4-4k-fifo-append-size ext4-4k 1 1 "fifo with the append-only flag and a non-zero size"
dmg_ext4_4k_fifo_append_size() {
	dbgw "$img" "sif special/fifo flags 0x20" "sif special/fifo size 512"
}
case_add ext4-4k-inode-checksum ext4-4k 1 1 "inode checksum wrong"
dmg_ext4_4k_inode_checksum() {
	flip_byte "$img" $(($(ioff small/f002) + 124))
}
case_add ext4-2k-extra-isize ext4-2k 1 1 "i_extra_isize odd and too large"
dmg_ext4_2k_extra_isize() {
	dbgw "$img" "sif small/f003 extra_isize 201"
}
case_add ext4-4k-xattr-block-magic ext4-4k 1 1 "external xattr block magic overwritten"
dmg_ext4_4k_xattr_block_magic() {
	local bs acl
	bs=$(block_size "$img")
	acl=$(read_u "$img" $(($(ioff xattr/ea-block) + 104)) 4)
	put_le "$img" $((acl * bs)) 4 0x11111111
}
case_add ext4-1k-xattr-block-outside ext4-1k 1 1 "file_acl points beyond the file system"
dmg_ext4_1k_xattr_block_outside() {
	dbgw "$img" "sif xattr/ea-block file_acl 99999999"
}
case_add ext2-1k-xattr-refcount ext2-1k 1 1 "xattr block reference count 5 with one user"
dmg_ext2_1k_xattr_refcount() {
	local bs acl
	bs=$(block_size "$img")
	acl=$(read_u "$img" $(($(ioff xattr/ea-block) + 104)) 4)
	put_le "$img" $((acl * bs + 4)) 4 5
}
case_add ext4-inline-flag-cleared ext4-inline 1 1 "inline-data file lost INLINE_DATA_FL, extent flag set instead"
dmg_ext4_inline_flag_cleared() {
	dbgw "$img" "sif README.txt flags 0x80000"
}
case_add ext4-inline-flag-bogus ext4-inline 1 1 "extent file flagged INLINE_DATA_FL without inline data"
dmg_ext4_inline_flag_bogus() {
	dbgw "$img" "sif small/f003 flags 0x10000000"
}
case_add ext4-4k-reserved-inode-mode ext4-4k 1 1 "reserved inode 9 given a bad mode"
dmg_ext4_4k_reserved_inode_mode() {
	dbgw "$img" "sif <9> mode 0170000"
}
case_add ext4-4k-htree-hash-version ext4-4k 1 1 "hash-tree root with an unknown hash version"
dmg_ext4_4k_htree_hash_version() {
	put_bytes "$img" $(($(bpos bigdir 0) + 28)) 9
}
case_add ext2-1k-htree-depth ext2-1k 1 1 "hash-tree root claims 7 index levels"
dmg_ext2_1k_htree_depth() {
	put_bytes "$img" $(($(bpos bigdir 0) + 30)) 7
}

# Pass 2 ---------------------------------------------------------------------

case_add ext2-1k-dir-reclen ext2-1k 2 1 "directory entry rec_len not a multiple of 4"
dmg_ext2_1k_dir_reclen() {
	put_le "$img" $(($(dirent_offset "$img" bounds s1024) + 4)) 2 13
}
case_add ext4-4k-dir-namelen ext4-4k 2 1 "directory entry name_len larger than rec_len allows"
dmg_ext4_4k_dir_namelen() {
	put_bytes "$img" $(($(dirent_offset "$img" bounds s2048) + 6)) 250
}
case_add ext3-1k-dot-missing ext3-1k 2 1 "'.' entry of a directory renamed"
dmg_ext3_1k_dot_missing() {
	put_bytes "$img" $(($(bpos links 0) + 8)) 120
}
case_add ext4-4k-dotdot-missing ext4-4k 2 1 "'..' entry of a directory has inode 0"
dmg_ext4_4k_dotdot_missing() {
	put_le "$img" $(($(bpos links 0) + 12)) 4 0
}
case_add ext4-4k-clri-file ext4-4k 2 1 "file inode zeroed with clri, entry left behind"
dmg_ext4_4k_clri_file() {
	dbgw "$img" "clri small/f007"
}
case_add ext4-4k-clri-dir ext4-4k 2 1 "directory inode zeroed with clri, children lose their parent"
dmg_ext4_4k_clri_dir() {
	dbgw "$img" "clri deep/d01/d02"
}
case_add ext2-4k-kill-file ext2-4k 1 1 "kill_file frees inode and blocks, entry left behind"
dmg_ext2_4k_kill_file() {
	dbgw "$img" "kill_file small/f008"
}
case_add ext4-1k-entry-bad-inode ext4-1k 2 1 "directory entry points at inode number beyond the table"
dmg_ext4_1k_entry_bad_inode() {
	put_le "$img" "$(dirent_offset "$img" bounds s4095)" 4 9000000
}
case_add ext4-4k-filetype-wrong ext4-4k 2 1 "directory entry file type says directory for a regular file"
dmg_ext4_4k_filetype_wrong() {
	put_bytes "$img" $(($(dirent_offset "$img" bounds s4096) + 7)) 2
}
case_add ext4-4k-dir-hardlink ext4-4k 2 1 "second name for a directory (directory hard link)"
dmg_ext4_4k_dir_hardlink() {
	dbgw "$img" "ln deep/d01 empty/dirlink"
}
case_add ext4-4k-dirblock-checksum ext4-4k 2 1 "directory block checksum tail wrong"
dmg_ext4_4k_dirblock_checksum() {
	local bs
	bs=$(block_size "$img")
	flip_byte "$img" $(($(bpos small 0) + bs - 4))
}
case_add ext4-1k-htree-limit ext4-1k 2 1 "hash-tree root count/limit overwritten"
dmg_ext4_1k_htree_limit() {
	put_le "$img" $(($(bpos bigdir 0) + 32)) 2 3
}
case_add ext3-4k-htree-bad-hash ext3-4k 2 1 "hash-tree index entry hash out of order"
dmg_ext3_4k_htree_bad_hash() {
	put_le "$img" $(($(bpos bigdir 0) + 40 + 8)) 4 0xfffffff0
}
case_add ext4-4k-htree-node-checksum ext4-4k 2 1 "hash-tree root block checksum wrong"
dmg_ext4_4k_htree_node_checksum() {
	local base limit
	base=$(bpos bigdir 0)
	limit=$(read_u "$img" $((base + 32)) 2)
	# the dx tail (4 reserved bytes, 4 checksum bytes) follows limit entries
	flip_byte "$img" $((base + 32 + limit * 8 + 4))
}
case_add ext2-4k-dir-size-zero ext2-4k 1 1 "directory with i_size 0"
dmg_ext2_4k_dir_size_zero() {
	dbgw "$img" "sif deep/d01/d02/d03 size 0"
}

# Pass 3 ---------------------------------------------------------------------

case_add ext4-4k-unconnected-dir ext4-4k 3 1 "directory entry of a subdirectory removed (unlink)"
dmg_ext4_4k_unconnected_dir() {
	dbgw "$img" "unlink deep/d01/d02/d03/d04"
}
# e2fsck -n stays silent about a missing lost+found until it needs one, so
# these two also cut a directory loose.
case_add ext4-1k-lost-found-missing ext4-1k 3 1 "lost+found removed while a directory is unconnected"
dmg_ext4_1k_lost_found_missing() {
	dbgw "$img" "rmdir lost+found" "unlink deep/d01/d02/d03"
}
case_add ext2-4k-lost-found-file ext2-4k 3 1 "lost+found is a regular file while a directory is unconnected"
dmg_ext2_4k_lost_found_file() {
	dbgw "$img" "rmdir lost+found" "ln README.txt lost+found" \
		"sif README.txt links_count 2" "unlink deep/d01/d02/d03"
}
case_add ext3-1k-seti-unused ext3-1k 5 1 "unused inode in the last group marked used"
dmg_ext3_1k_seti_unused() {
	dbgw "$img" "seti <20400>"
}
case_add ext3-1k-dotdot-wrong ext3-1k 3 1 "'..' of a nested directory points at the root"
dmg_ext3_1k_dotdot_wrong() {
	put_le "$img" $(($(bpos deep/d01/d02 0) + 12)) 4 2
}

# Pass 4 ---------------------------------------------------------------------

case_add ext4-4k-links-high ext4-4k 4 1 "file link count too high"
dmg_ext4_4k_links_high() {
	dbgw "$img" "sif small/f009 links_count 5"
}
case_add ext2-1k-links-low ext2-1k 4 1 "hard-linked file with link count 1 for 4 names"
dmg_ext2_1k_links_low() {
	dbgw "$img" "sif links/orig links_count 1"
}
case_add ext4-2k-unattached-inode ext4-2k 4 1 "file's only name removed (unlink), inode still in use"
dmg_ext4_2k_unattached_inode() {
	dbgw "$img" "unlink small/f012"
}
case_add ext3-4k-unattached-empty ext3-4k 4 1 "empty file's only name removed"
dmg_ext3_4k_unattached_empty() {
	dbgw "$img" "unlink empty/e1"
}
case_add ext4-4k-links-zero ext4-4k 1 1 "used, named inode with link count 0"
dmg_ext4_4k_links_zero() {
	dbgw "$img" "sif small/f013 links_count 0"
}
case_add ext4-noflex-dir-links ext4-noflex 4 1 "directory link count wrong"
dmg_ext4_noflex_dir_links() {
	dbgw "$img" "sif deep links_count 9"
}

# Pass 5 ---------------------------------------------------------------------

case_add ext2-1k-freeb-used ext2-1k 5 1 "used data block marked free in the block bitmap"
dmg_ext2_1k_freeb_used() {
	dbgw "$img" "freeb $(file_block "$img" big.bin 10)"
}
case_add ext4-4k-setb-free ext4-4k 5 1 "free block marked used in the block bitmap"
dmg_ext4_4k_setb_free() {
	dbgw "$img" "setb 4000"
}
case_add ext3-4k-freei-used ext3-4k 5 1 "used inode marked free in the inode bitmap"
dmg_ext3_4k_freei_used() {
	dbgw "$img" "freei small/f014"
}
case_add ext4-1k-seti-unused ext4-1k 5 1 "unused inode marked used in the inode bitmap"
dmg_ext4_1k_seti_unused() {
	dbgw "$img" "seti <3000>"
}
case_add ext4-4k-gd-free-blocks ext4-4k 5 1 "group 0 free blocks count wrong"
dmg_ext4_4k_gd_free_blocks() {
	dbgw "$img" "set_bg 0 free_blocks_count 7" "set_bg 0 checksum calc"
}
case_add ext4-no64-gd-free-inodes ext4-no64 0 1 "group 1 free inodes count below its unused-inode count"
dmg_ext4_no64_gd_free_inodes() {
	dbgw "$img" "set_bg 1 free_inodes_count 3" "set_bg 1 checksum calc"
}
case_add ext2-1k-gd-free-inodes ext2-1k 5 1 "group 1 free inodes count wrong"
dmg_ext2_1k_gd_free_inodes() {
	dbgw "$img" "set_bg 1 free_inodes_count 3"
}
case_add ext4-noflex-gd-used-dirs ext4-noflex 5 1 "group 0 used directories count wrong"
dmg_ext4_noflex_gd_used_dirs() {
	dbgw "$img" "set_bg 0 used_dirs_count 1" "set_bg 0 checksum calc"
}
case_add ext4-4k-block-bitmap-checksum ext4-4k 5 1 "block bitmap checksum in group descriptor wrong"
dmg_ext4_4k_block_bitmap_checksum() {
	dbgw "$img" "set_bg 0 block_bitmap_csum 0x1234" "set_bg 0 checksum calc"
}
case_add ext4-4k-inode-bitmap-checksum ext4-4k 5 1 "inode bitmap checksum in group descriptor wrong"
dmg_ext4_4k_inode_bitmap_checksum() {
	dbgw "$img" "set_bg 0 inode_bitmap_csum 0x1234" "set_bg 0 checksum calc"
}
case_add ext4-uninit-block-uninit-used ext4-uninit 5 1 "BLOCK_UNINIT set on a group that has used blocks"
dmg_ext4_uninit_block_uninit_used() {
	dbgw "$img" "set_bg 1 flags 2" "set_bg 1 checksum calc"
}
case_add ext4-uninit-inode-uninit-used ext4-uninit 3 2 "INODE_UNINIT set on group 0, so the root inode reads as unused"
dmg_ext4_uninit_inode_uninit_used() {
	dbgw "$img" "set_bg 0 flags 1" "set_bg 0 checksum calc"
}
case_add ext4-uninit-itable-unused ext4-uninit 0 1 "itable_unused claims all of group 0's inodes are unused"
dmg_ext4_uninit_itable_unused() {
	dbgw "$img" "set_bg 0 itable_unused 5120" "set_bg 0 checksum calc"
}
case_add ext4-bigalloc-freeb-used ext4-bigalloc 5 1 "used cluster marked free (bigalloc)"
dmg_ext4_bigalloc_freeb_used() {
	dbgw "$img" "freeb $(file_block "$img" big.bin 40)"
}

# Inode rules e2fsck applies that a healthy image never trips ----------------
# Offsets beyond the list at the top: i_faddr 112, i_blocks_hi 116,
# i_size_high 108, in-inode xattr area at 128 + extra_isize (magic, then
# entries: e_hash at 12), xattr block entries from byte 32 (e_hash at 12),
# atime 8, atime_extra 140.

case_add ext4-uninit-xattr-inode-hash ext4-uninit 1 1 "hash of an extended attribute in the inode body wrong (no metadata_csum)"
dmg_ext4_uninit_xattr_inode_hash() {
	local off extra
	off=$(ioff xattr/x1)
	extra=$(read_u "$img" $((off + 128)) 2)
	flip_byte "$img" $((off + 128 + extra + 4 + 12))
}
case_add ext4-uninit-xattr-block-hash ext4-uninit 1 1 "hash of an entry in an extended attribute block wrong (no metadata_csum)"
dmg_ext4_uninit_xattr_block_hash() {
	local bs acl
	bs=$(block_size "$img")
	acl=$(read_u "$img" $(($(ioff xattr/ea-block) + 104)) 4)
	flip_byte "$img" $((acl * bs + 32 + 12))
}
case_add ext4-4k-faddr ext4-4k 2 1 "regular file with a non-zero i_faddr"
dmg_ext4_4k_faddr() {
	dbgw "$img" "sif small/f005 faddr 77"
}
case_add ext4-4k-dir-size-high ext4-4k 1 1 "directory with i_size_high set, without large_dir"
dmg_ext4_4k_dir_size_high() {
	dbgw "$img" "sif deep/d01/d02 size_hi 1"
}
case_add ext4-4k-file-size-huge ext4-4k 1 1 "extent file whose i_size_high puts it past 2^44 bytes"
dmg_ext4_4k_file_size_huge() {
	dbgw "$img" "sif frag.bin size_hi 0x10000"
}
case_add ext2-1k-file-size-huge ext2-1k 1 1 "block-mapped file whose i_size_high puts it past the largest mapped size"
dmg_ext2_1k_file_size_huge() {
	dbgw "$img" "sif frag.bin size_hi 8"
}
case_add ext2-4k-blocks-hi ext2-4k 2 1 "i_blocks_hi set without huge_file"
dmg_ext2_4k_blocks_hi() {
	dbgw "$img" "sif small/f006 blocks_hi 1"
}
case_add ext4-4k-bad-blocks-inode-mode ext4-4k 1 1 "bad-blocks inode given a regular file's mode"
dmg_ext4_4k_bad_blocks_inode_mode() {
	dbgw "$img" "sif <1> mode 0100644"
}
case_add ext4-4k-casefold-file ext4-4k 1 1 "regular file with the casefold flag, file system without casefold"
dmg_ext4_4k_casefold_file() {
	dbgw "$img" "sif small/f007 flags 0x40080000"
}
case_add ext4-4k-casefold-dir ext4-4k 1 1 "directory with the casefold flag, file system without casefold"
dmg_ext4_4k_casefold_dir() {
	dbgw "$img" "sif deep/d01/d02/d03 flags 0x40080000"
}
case_add ext4-inline-both-flags-inline ext4-inline 1 1 "inline-data file given the extents flag as well"
dmg_ext4_inline_both_flags_inline() {
	dbgw "$img" "sif README.txt flags 0x10080000"
}
case_add ext4-inline-both-flags-extent ext4-inline 1 1 "extent file given the inline-data flag as well"
dmg_ext4_inline_both_flags_extent() {
	dbgw "$img" "sif big.bin flags 0x10080000"
}
case_add ext4-inline-dir-size ext4-inline 1 1 "inline directory whose i_size is not its inline capacity"
dmg_ext4_inline_dir_size() {
	dbgw "$img" "sif empty/dir size 64"
}
case_add ext4-4k-dir-uninit-extent ext4-4k 1 1 "directory extent marked uninitialised"
dmg_ext4_4k_dir_uninit_extent() {
	local v
	v=$(read_u "$img" $(($(ioff deep/d01/d02/d03/d04) + 40 + 16)) 4)
	dbgw "$img" "sif deep/d01/d02/d03/d04 block[4] $((v | 0x8000))"
}
case_add ext2-4k-name-escaped ext2-4k 2 1 "entry with control and high bytes in its name and a wrong file type (names are printed escaped)"
dmg_ext2_4k_name_escaped() {
	local off
	off=$(dirent_offset "$img" bounds s1024)
	put_bytes "$img" $((off + 8)) 115 1 195 188 127
	put_bytes "$img" $((off + 7)) 2
}

# The orphan file (mke2fs 1.47.1+ defaults) -----------------------------------
case_add ext4-new-orphan-block-dirty ext4-new 5 1 "orphan file block 0 holds an inode number after the check"
dmg_ext4_new_orphan_block_dirty() {
	put_le "$img" $(($(bpos '<12>' 0))) 4 20
}
case_add ext4-new-orphan-present-stale ext4-new 5 1 "orphan_present set while the orphan file is clean"
dmg_ext4_new_orphan_present_stale() {
	dbgw "$img" "feature orphan_present"
}
