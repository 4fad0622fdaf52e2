package pe2fsck.problem;

import static pe2fsck.problem.Flag.FATAL;
import static pe2fsck.problem.Flag.NO_NOMSG;
import static pe2fsck.problem.Flag.NO_OK_IS_ERROR;
import static pe2fsck.problem.Flag.NO_PROMPT;
import static pe2fsck.problem.Flag.NOT_A_FIX;
import static pe2fsck.problem.Flag.PREEN_NO;
import static pe2fsck.problem.Flag.PREEN_NOMSG;
import static pe2fsck.problem.Flag.PREEN_OK;
import static pe2fsck.problem.Flag.VERBOSE_ONLY;

import java.util.EnumSet;
import java.util.Set;

/**
 * The catalogue of everything pe2fsck can find wrong. Each problem has a stable code (e2fsck's
 * where the problem is the same one: 0xPPNNNN, PP = pass), a message template, the question it
 * asks, and its policy flags. The table is immutable: counts and latches live in the
 * {@link FixDecider} of one run.
 *
 * <p>Flags follow e2fsck's table: a problem whose "no" e2fsck accepts has no
 * {@link Flag#NO_OK_IS_ERROR}; problems without a question use {@link Prompt#NONE} and never count
 * as errors. Codes in the 0x00FFNN range are pe2fsck's own (no e2fsck counterpart).
 *
 * <p>Message placeholders: {@code {ino} {blk} {num} {num2} {group} {dir} {text}}, filled from a
 * {@link Finding}. Keep each pass's problems in its own section, ordered by code.
 */
public enum Problem {
    // ---- before pass 1: superblock, descriptors, journal (0x00NNNN) ----
    BB_NOT_GROUP(0x000001, "Block bitmap of group {group} lies outside the range it may occupy (block {blk}).", Prompt.RELOCATE, NO_OK_IS_ERROR),
    IB_NOT_GROUP(0x000002, "Inode bitmap of group {group} lies outside the range it may occupy (block {blk}).", Prompt.RELOCATE, NO_OK_IS_ERROR),
    ITABLE_NOT_GROUP(0x000003, "Inode table of group {group} lies outside the range it may occupy (block {blk}); data loss is likely.", Prompt.RELOCATE, NO_OK_IS_ERROR),
    SB_CORRUPT(0x000004, "The superblock is unusable: {text}. If this really is an ext2/3/4 file system, try a backup superblock with -b (8193 on 1k-block file systems, 32768 on 4k).", Prompt.NONE, FATAL),
    FS_SIZE_WRONG(0x000005, "The superblock says the file system has {num} blocks, but the device holds only {num2}: the superblock or the partition table is probably damaged.", Prompt.ABORT),
    BLOCKS_PER_GROUP(0x000007, "Superblock blocks per group is {num2}, expected {num}.", Prompt.NONE, FATAL),
    FIRST_DATA_BLOCK(0x000008, "Superblock first data block is {num2}, expected {num}.", Prompt.NONE, FATAL),
    MISC_CORRUPT_SUPER(0x00000B, "Superblock field {text} has an impossible value ({num:u}).", Prompt.NONE, FATAL),
    INODE_COUNT_WRONG(0x00000D, "Inode count in the superblock is {num2}, should be {num}.", Prompt.FIX),
    JOURNAL_BAD_INODE(0x00000F, "The superblock names an invalid journal inode ({ino}).", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    JOURNAL_UNSUPP_MULTIFS(0x000010, "The journal superblock says the journal is shared by {num} file systems, which is not supported.", Prompt.NONE, FATAL),
    CANT_FIND_JOURNAL(0x000011, "The external journal (UUID {text}) cannot be found.", Prompt.NONE, FATAL),
    JOURNAL_UNSUPP_SUPER(0x000014, "The journal superblock has a type this checker does not know ({num}); the journal may be corrupt.", Prompt.ABORT),
    JOURNAL_BAD_SUPER(0x000015, "The journal superblock is corrupt{text}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    JOURNAL_HAS_JOURNAL(0x000016, "The has_journal feature is off, but the superblock still describes a journal.", Prompt.CLEAR, PREEN_OK),
    JOURNAL_RECOVER_SET(0x000017, "The superblock asks for journal recovery, but the file system has no journal.", Prompt.CLEAR, PREEN_OK),
    JOURNAL_RECOVERY_CLEAR(0x000018, "The journal holds transactions, but the superblock does not ask for recovery.", Prompt.NONE, NO_PROMPT),
    JOURNAL_RESET_JOURNAL(0x000019, "The journal should be emptied.", Prompt.CLEAR, PREEN_NOMSG, NO_OK_IS_ERROR),
    FS_REV_LEVEL(0x00001A, "Feature flags are set on a revision 0 file system.", Prompt.FIX, PREEN_OK),
    ORPHAN_CLEAR_INODE(0x000020, "{text} orphaned inode {ino} (uid {num}, gid {num2}, mode 0{blk:o}, size {dir}).", Prompt.NONE, NO_PROMPT),
    ORPHAN_ILLEGAL_HEAD_INODE(0x000023, "The superblock's orphan list starts at inode {ino}, which is not a valid inode.", Prompt.NONE, NO_PROMPT),
    ORPHAN_ILLEGAL_INODE(0x000024, "The orphan list holds inode {ino}, which is not a valid inode.", Prompt.NONE, NO_PROMPT),
    JOURNAL_UNSUPP_VERSION(0x000027, "The journal superblock has a version this checker does not support ({num}).", Prompt.ABORT, NO_OK_IS_ERROR),
    CLEAR_V2_JOURNAL(0x00002A, "The journal superblock has fields set that this journal cannot use; they should be zero.", Prompt.NONE, NO_PROMPT),
    NONZERO_RESERVED_GDT_BLOCKS(0x00002E, "Reserved descriptor blocks is {num2} without the resize_inode feature; it should be zero.", Prompt.FIX),
    CLEAR_RESIZE_INODE(0x00002F, "The resize_inode feature is off, but the resize inode is not empty.", Prompt.CLEAR),
    RESIZE_INODE_INVALID(0x000030, "The resize inode is not valid ({text}).", Prompt.RECREATE),
    FUTURE_SB_LAST_MOUNT(0x000031, "The superblock's last mount time ({num2}) is later than now ({num}).", Prompt.FIX, PREEN_OK, NOT_A_FIX),
    FUTURE_SB_LAST_WRITE(0x000032, "The superblock's last write time ({num2}) is later than now ({num}).", Prompt.FIX, PREEN_OK, NOT_A_FIX),
    GDT_CSUM(0x000035, "Checksum of group descriptor {group} is 0x{num2:x}, should be 0x{num:x}.", Prompt.FIX, PREEN_OK),
    GDT_UNINIT_FLAGS(0x000036, "Group descriptor {group} marks parts as uninitialised, but the file system has no group checksums.", Prompt.FIX, PREEN_OK),
    GDT_ITABLE_UNUSED(0x000038, "Group descriptor {group} has an impossible unused inode count ({num2}).", Prompt.FIX, PREEN_OK),
    BB_UNINIT_LAST(0x000039, "The last group ({group}) has its block bitmap marked uninitialised.", Prompt.FIX, PREEN_OK),
    JOURNAL_TXN_CORRUPT(0x00003A, "Journal transaction {num} failed its checksum; the replay stopped before it.", Prompt.NONE, NO_PROMPT),
    SB_FREE_INODE_COUNT(0x00003F, "Free inode count in the superblock set to {num} (it was {num2}).", Prompt.NONE, PREEN_NOMSG, NO_PROMPT, VERBOSE_ONLY),
    SB_FREE_BLOCK_COUNT(0x000040, "Free block count in the superblock set to {num} (it was {num2}).", Prompt.NONE, PREEN_NOMSG, NO_PROMPT, VERBOSE_ONLY),
    MMP_INVALID_BLK(0x000042, "The superblock's multiple-mount protection block ({blk}) is invalid.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    MMP_INVALID_MAGIC(0x000043, "The multiple-mount protection block ({blk}) does not start with its magic number.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    OPEN_FAILED(0x000044, "The primary superblock cannot be used: {text}.", Prompt.NONE, NO_PROMPT),
    CHECK_DESC_FAILED(0x000045, "The primary group descriptors cannot be trusted: {text}.", Prompt.NONE, NO_PROMPT),
    META_AND_GDT_CSUM_SET(0x000046, "Both metadata_csum and uninit_bg are set; metadata_csum replaces uninit_bg.", Prompt.FIX, PREEN_OK),
    MMP_CSUM_INVALID(0x000047, "The multiple-mount protection block ({blk}) has a bad checksum (0x{num2:x}, should be 0x{num:x}).", Prompt.FIX, NO_OK_IS_ERROR),
    SIXTY_FOUR_BIT_WITHOUT_EXTENTS(0x000048, "The 64bit feature is set without the extent feature, so the whole disk cannot be addressed.", Prompt.FIX, PREEN_OK),
    FIRST_META_BG_TOO_BIG(0x000049, "First meta_bg ({num2}) is beyond the last descriptor block ({num}).", Prompt.CLEAR),
    CSUM_SEED_WITHOUT_META_CSUM(0x00004B, "The metadata_csum_seed feature is set without metadata_csum.", Prompt.FIX, PREEN_OK),
    BAD_MIN_EXTRA_ISIZE(0x00004D, "The superblock's minimum extra inode size ({num2}) is invalid.", Prompt.FIX),
    BAD_WANT_EXTRA_ISIZE(0x00004E, "The superblock's desired extra inode size ({num2}) is invalid.", Prompt.FIX),
    INVALID_QUOTA_INO(0x00004F, "The superblock names inode {ino} as its {text} quota inode, which no quota inode can be.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    INODE_COUNT_BIG(0x000050, "The superblock describes more inodes than a file system may have ({num}).", Prompt.NONE, FATAL),
    DISABLE_RESIZE_INODE(0x000051, "The resize_inode and meta_bg features cannot be used together; resize_inode should be turned off.", Prompt.FIX),
    // pe2fsck's own pre-pass-1 findings (no e2fsck counterpart): 0x00FFNN
    NEEDS_RECOVERY(0x00FF01, "Warning: the journal needs recovery; replay is skipped in a read-only check, so the results may show stale inconsistencies.", Prompt.NONE, NO_PROMPT),
    SB_CSUM_INVALID(0x00FF02, "The superblock checksum is 0x{num2:x}, should be 0x{num:x}.", Prompt.FIX, NO_OK_IS_ERROR),
    CANNOT_PROCEED(0x00FF03, "The check cannot go on: {text}.", Prompt.NONE, FATAL),
    BACKUP_IN_USE(0x00FF04, "Checking from the backup superblock at block {blk} (block size {num}) and the group descriptors that go with it.", Prompt.NONE, NO_PROMPT),
    BACKUP_UNUSABLE(0x00FF05, "The backup superblock at block {blk} cannot be used either ({text}); checking from the primary copies.", Prompt.NONE, NO_PROMPT),
    UNSUPPORTED_FEATURES(0x00FF06, "The file system has features this checker does not know ({text}); a newer checker is needed.", Prompt.NONE, FATAL),
    SB_LOADED_DESPITE_ERRORS(0x00FF07, "No backup superblock could be used either: checking from the primary, whose damaged fields follow.", Prompt.NONE, NO_PROMPT),

    // ---- pass 1: inodes, blocks and sizes (0x01NNNN) ----
    ROOT_NO_DIR(0x010001, "Root inode is not a directory.", Prompt.CLEAR, NO_OK_IS_ERROR),
    ROOT_DTIME(0x010002, "Root inode has its deletion time set (probably from an old mke2fs).", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    RESERVED_BAD_MODE(0x010003, "Reserved inode {ino} has an invalid mode.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    ZERO_DTIME(0x010004, "Deleted inode {ino} has a zero deletion time.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    SET_DTIME(0x010005, "Inode {ino} is in use but has its deletion time set.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    ZERO_LENGTH_DIR(0x010006, "Inode {ino} is a directory of length zero.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    BB_CONFLICT(0x010007, "Block bitmap of group {group} at block {blk} collides with other file system metadata.", Prompt.RELOCATE, NO_OK_IS_ERROR),
    IB_CONFLICT(0x010008, "Inode bitmap of group {group} at block {blk} collides with other file system metadata.", Prompt.RELOCATE, NO_OK_IS_ERROR),
    ITABLE_CONFLICT(0x010009, "Inode table of group {group} at block {blk} collides with other file system metadata.", Prompt.RELOCATE, NO_OK_IS_ERROR),
    BAD_I_SIZE(0x01000C, "Inode {ino}: size is {num2}, should be {num}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    BAD_I_BLOCKS(0x01000D, "Inode {ino}: i_blocks is {num2}, should be {num}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    ILLEGAL_BLOCK_NUM(0x01000E, "Inode {ino} refers to illegal block {blk} ({text}).", Prompt.CLEAR, NO_OK_IS_ERROR),
    BLOCK_OVERLAPS_METADATA(0x01000F, "Inode {ino}'s block {blk} overlaps file system metadata ({text}).", Prompt.CLEAR, NO_OK_IS_ERROR),
    TOO_MANY_BAD_BLOCKS(0x010011, "Inode {ino} has too many illegal blocks.", Prompt.CLEAR_INODE),
    DUP_BLOCKS_PREENSTOP(0x010014, "Blocks claimed more than once, or bad blocks in use.", Prompt.NONE, NO_PROMPT),
    SET_IMAGIC(0x01002F, "Inode {ino} has the imagic flag, which this file system does not support.", Prompt.CLEAR, NO_OK_IS_ERROR),
    SET_IMMUTABLE(0x010030, "Special inode {ino} (device, fifo, socket or symlink) has the immutable or append-only flag.", Prompt.CLEAR, PREEN_OK, PREEN_NO),
    /** No longer reported by e2fsck (its code is retired there); kept for compatibility. */
    COMPR_SET(0x010031, "Inode {ino} has the compression flag set.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    SET_NONZSIZE(0x010032, "Special inode {ino} (device, fifo or socket) has a non-zero size.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    JOURNAL_INODE_NOT_CLEAR(0x010034, "The journal inode is not in use but holds data.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    JOURNAL_BAD_MODE(0x010035, "The journal inode does not have the mode of a regular file.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    LOW_DTIME(0x010036, "Inode {ino} was part of the orphan list.", Prompt.FIX, NO_OK_IS_ERROR),
    BAD_EA_BLOCK(0x01003A, "Inode {ino} has a bad extended attribute block {blk}.", Prompt.CLEAR, NO_OK_IS_ERROR),
    EXTATTR_REFCOUNT(0x01003C, "Extended attribute block {blk} has reference count {num2}, should be {num}.", Prompt.FIX, NO_OK_IS_ERROR),
    EA_ALLOC_COLLISION(0x010040, "Extended attribute block {blk} (used by inode {ino}) has overlapping entries or values.", Prompt.CLEAR, NO_OK_IS_ERROR),
    EA_BAD_NAME(0x010041, "Extended attribute block {blk} (used by inode {ino}) has an entry with an invalid name.", Prompt.CLEAR, NO_OK_IS_ERROR),
    EA_BAD_VALUE(0x010042, "Extended attribute block {blk} (used by inode {ino}) has a value outside the block.", Prompt.CLEAR, NO_OK_IS_ERROR),
    TOOBIG_DIR(0x010044, "Directory inode {ino} block {blk} is beyond the largest allowed directory.", Prompt.CLEAR, NO_OK_IS_ERROR),
    TOOBIG_REG(0x010045, "Regular file inode {ino} block {blk} is beyond the largest allowed file.", Prompt.CLEAR, NO_OK_IS_ERROR),
    TOOBIG_SYMLINK(0x010046, "Symlink inode {ino} block {blk} is beyond what a symlink may hold.", Prompt.CLEAR, NO_OK_IS_ERROR),
    HTREE_SET(0x010047, "Inode {ino} has the htree index flag but the file system has no dir_index.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_NODIR(0x010048, "Inode {ino} has the htree index flag but is not a directory.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_BADROOT(0x010049, "Htree directory inode {ino} has an invalid root node.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_HASHV(0x01004A, "Htree directory inode {ino} uses an unsupported hash version ({num}).", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_INCOMPAT(0x01004B, "Htree directory inode {ino} uses an incompatible root node flag.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_DEPTH(0x01004C, "Htree directory inode {ino} has a tree depth of {num}, which is too deep.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    EXTRA_ISIZE(0x01004F, "Inode {ino} has an invalid extra size ({num2}).", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    ATTR_NAME_LEN(0x010050, "Inode {ino}: an extended attribute in the inode has a name length ({num2}) that does not fit.", Prompt.CLEAR, NO_OK_IS_ERROR),
    ATTR_VALUE_OFFSET(0x010051, "Inode {ino}: an extended attribute in the inode has an invalid value offset ({text}).", Prompt.CLEAR, NO_OK_IS_ERROR),
    ATTR_VALUE_SIZE(0x010053, "Inode {ino}: an extended attribute in the inode has an invalid value size ({num2}).", Prompt.CLEAR, NO_OK_IS_ERROR),
    /** In the inode body or in an attribute block ({blk} set). */
    ATTR_HASH(0x010054, "Inode {ino}: an extended attribute's stored hash ({num}) does not match its name and value.", Prompt.CLEAR, NO_OK_IS_ERROR),
    EXTENT_BAD_START_BLK(0x010058, "Inode {ino} has an extent starting at illegal block {blk} (logical {num}, length {num2}).", Prompt.CLEAR, NO_OK_IS_ERROR),
    EXTENT_ENDS_BEYOND(0x010059, "Inode {ino} has an extent ending beyond the file system (block {blk}, length {num2}).", Prompt.CLEAR, NO_OK_IS_ERROR),
    EXTENTS_SET(0x01005A, "Inode {ino} uses extents but the file system lacks the extent feature.", Prompt.CLEAR, NO_OK_IS_ERROR),
    FAST_SYMLINK_EXTENT_FL(0x01005D, "Fast symlink {ino} has the extents flag set.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    OUT_OF_ORDER_EXTENTS(0x01005E, "Inode {ino} has extents out of order (logical {num} after {num2}).", Prompt.CLEAR, NO_OK_IS_ERROR),
    EXTENT_HEADER_INVALID(0x01005F, "Inode {ino} has an invalid extent node header ({text}).", Prompt.CLEAR, NO_OK_IS_ERROR),
    INVALID_BAD_INODE(0x010065, "The bad blocks inode looks invalid.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    EXTENT_LENGTH_ZERO(0x010066, "Inode {ino} has a zero-length extent (logical {num}, block {blk}).", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    INODE_ONLY_CSUM_INVALID(0x010068, "Inode {ino} looks valid but its checksum does not match.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    INODE_EA_ALLOC_COLLISION(0x010069, "Inode {ino}: extended attributes in the inode overlap each other.", Prompt.CLEAR, NO_OK_IS_ERROR),
    EXTENT_ONLY_CSUM_INVALID(0x01006A, "Inode {ino}'s extent block {blk} looks valid but its checksum does not match.", Prompt.FIX, NO_OK_IS_ERROR),
    EA_BLOCK_ONLY_CSUM_INVALID(0x01006C, "Inode {ino}'s extended attribute block {blk} looks valid but its checksum does not match.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    EXTENT_INDEX_START_INVALID(0x01006D, "Inode {ino}: an extent index node starts at logical {num2}, but its first entry starts at {num}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    EXTENT_END_OUT_OF_BOUNDS(0x01006E, "Inode {ino}: an extent (logical {num}, block {blk}) ends beyond what its parent node covers.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    INLINE_DATA_SET(0x010070, "Inode {ino} has the inline data flag but the file system lacks inline_data.", Prompt.CLEAR, NO_OK_IS_ERROR),
    /** Its blocks pass 1 cannot read while the flag stands; they are checked as if initialised. */
    UNINIT_DBLOCK(0x010073, "Directory inode {ino} has an extent marked uninitialised at logical block {num}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    SPECIAL_EXTENTS_IDATA(0x010076, "Special (device, socket or fifo) file {ino} has the extents or inline data flag set.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    CLEAR_INLINE_DATA_FOR_EXTENT(0x010077, "Inode {ino} has both the inline data and the extents flag, and i_block holds an extent tree; the inline data flag should go.", Prompt.FIX, NO_OK_IS_ERROR),
    CLEAR_EXTENT_FOR_INLINE_DATA(0x010078, "Inode {ino} has both the inline data and the extents flag, and is small enough to be inline; the extents flag should go.", Prompt.FIX, NO_OK_IS_ERROR),
    CLEAR_EXTENT_INLINE_DATA_FLAGS(0x010079, "Inode {ino} has both the inline data and the extents flag, but i_block looks like a block map; both flags should go.", Prompt.FIX, NO_OK_IS_ERROR),
    CLEAR_EXTENT_INLINE_DATA_INODE(0x01007A, "Inode {ino} has both the inline data and the extents flag, and i_block makes sense as neither.", Prompt.CLEAR_INODE, NO_OK_IS_ERROR),
    /** Not an error: e2fsck only offers to rebuild the tree; under -p it stays silent and declines. */
    EXTENT_BAD_MAX_DEPTH(0x01007F, "Inode {ino}'s extent tree is {num} levels deep; {num2} would be enough, so it could be rebuilt shallower.", Prompt.FIX, PREEN_OK, PREEN_NO, PREEN_NOMSG),
    MISSING_EXTENT_HEADER(0x010081, "Inode {ino} is missing its extent header.", Prompt.CLEAR_INODE, NO_OK_IS_ERROR),
    EA_TIME_OUT_OF_RANGE(0x010082, "Inode {ino} has timestamps encoded past the year 2310; they were most likely written as times before 1970.", Prompt.FIX, PREEN_OK),
    CASEFOLD_NONDIR(0x010088, "Inode {ino} has the casefold flag but is not a directory.", Prompt.CLEAR_FLAG, NO_OK_IS_ERROR),
    CASEFOLD_FEATURE(0x010089, "Directory inode {ino} has the casefold flag, but the file system lacks the casefold feature.", Prompt.CLEAR_FLAG, NO_OK_IS_ERROR),

    // ---- pass 1B-1D: blocks claimed more than once (0x011NNN-0x013NNN) ----
    DUP_BLOCK(0x011002, "Inode {ino} shares {num} block(s) with other files: {text}", Prompt.NONE, NO_PROMPT),
    DUP_FILE(0x013001, "Inode {ino} has {num} block(s) shared with {text}.", Prompt.NONE, NO_PROMPT),
    CLONE_QUESTION(0x013006, "Give inode {ino} its own copies of the shared blocks?", Prompt.CLONE),
    DELETE_QUESTION(0x013007, "Delete inode {ino} instead?", Prompt.DELETE, NO_OK_IS_ERROR),

    // ---- pass 2: directory structure (0x02NNNN) ----
    BAD_INODE_DOT(0x020001, "'.' in directory inode {dir} points to inode {ino} instead of itself.", Prompt.FIX, NO_OK_IS_ERROR),
    BAD_INO(0x020002, "Entry '{text}' in directory {dir} has invalid inode number {ino}.", Prompt.CLEAR, NO_OK_IS_ERROR),
    UNUSED_INODE(0x020003, "Entry '{text}' in directory {dir} points to deleted or unused inode {ino}.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    LINK_DOT(0x020004, "Entry '{text}' in directory {dir} is a link to '.'.", Prompt.CLEAR, NO_OK_IS_ERROR),
    LINK_DIR(0x020006, "Entry '{text}' in directory {dir} is a second link to directory inode {ino}.", Prompt.CLEAR, NO_OK_IS_ERROR),
    LINK_ROOT(0x020007, "Entry '{text}' in directory {dir} is a link to the root directory.", Prompt.CLEAR, NO_OK_IS_ERROR),
    BAD_NAME(0x020008, "Entry '{text}' in directory {dir} has illegal characters in its name.", Prompt.FIX, NO_OK_IS_ERROR),
    MISSING_DOT(0x020009, "Directory inode {dir} has no '.' entry.", Prompt.FIX, NO_OK_IS_ERROR),
    MISSING_DOT_DOT(0x02000A, "Directory inode {dir} has no '..' entry.", Prompt.FIX, NO_OK_IS_ERROR),
    FIRST_NOT_DOT(0x02000B, "The first entry '{text}' in directory inode {dir} should be '.'.", Prompt.FIX, NO_OK_IS_ERROR),
    SECOND_NOT_DOT_DOT(0x02000C, "The second entry '{text}' in directory inode {dir} should be '..'.", Prompt.FIX, NO_OK_IS_ERROR),
    /** Found in pass 1 (the inode is at hand there); e2fsck reports it from pass 2. */
    FADDR_ZERO(0x02000D, "Inode {ino} ({text}) has i_faddr {num}, which should be zero.", Prompt.CLEAR, NO_OK_IS_ERROR),
    FILE_ACL_ZERO(0x02000E, "Inode {ino} has an extended attribute block ({blk}) but the file system has no ext_attr feature.", Prompt.CLEAR, NO_OK_IS_ERROR),
    DIR_SIZE_HIGH_ZERO(0x02000F, "Directory inode {ino} ({text}) has i_size_high {num}, which should be zero without large_dir.", Prompt.CLEAR, NO_OK_IS_ERROR),
    BAD_MODE(0x020012, "Inode {ino} (referenced from directory {dir}) has an invalid mode (0{num:o}).", Prompt.CLEAR, NO_OK_IS_ERROR),
    DIR_CORRUPTED(0x020013, "Directory inode {dir}, block {num}, offset {num2}: directory is corrupted.", Prompt.SALVAGE, NO_OK_IS_ERROR),
    FILENAME_LONG(0x020014, "Directory inode {dir}, block {num}: a name is too long.", Prompt.TRUNCATE, NO_OK_IS_ERROR),
    DIRECTORY_HOLE(0x020015, "Directory inode {dir} has a hole at block {num}.", Prompt.ALLOCATE, NO_OK_IS_ERROR),
    BAD_CHAR_DEV(0x020018, "Inode {ino} ({text}) is an illegal character device.", Prompt.CLEAR, NO_OK_IS_ERROR),
    BAD_BLOCK_DEV(0x020019, "Inode {ino} ({text}) is an illegal block device.", Prompt.CLEAR, NO_OK_IS_ERROR),
    DUP_DOT(0x02001A, "Directory inode {dir} has a second '.' entry.", Prompt.FIX, NO_OK_IS_ERROR),
    DUP_DOT_DOT(0x02001B, "Directory inode {dir} has a second '..' entry.", Prompt.FIX, NO_OK_IS_ERROR),
    FINAL_RECLEN(0x02001D, "Entry '{text}' in directory {dir} has rec_len {num2}, should be {num}.", Prompt.FIX, NO_OK_IS_ERROR),
    BAD_FIFO(0x020025, "Inode {ino} ({text}) is an illegal FIFO.", Prompt.CLEAR, NO_OK_IS_ERROR),
    BAD_SOCKET(0x020026, "Inode {ino} ({text}) is an illegal socket.", Prompt.CLEAR, NO_OK_IS_ERROR),
    SET_FILETYPE(0x020027, "Entry '{text}' in directory {dir} has no file type; setting it to {num}.", Prompt.NONE, PREEN_OK, NO_NOMSG, NO_PROMPT),
    BAD_FILETYPE(0x020028, "Entry '{text}' in directory {dir} has file type {num2}, should be {num}.", Prompt.FIX, NO_OK_IS_ERROR),
    CLEAR_FILETYPE(0x020029, "Entry '{text}' in directory {dir} has a file type set but the file system has no filetype feature.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    NULL_NAME(0x020030, "Directory inode {dir} has an entry with a zero-length name.", Prompt.CLEAR, NO_OK_IS_ERROR),
    INVALID_SYMLINK(0x020031, "Symlink {text} (inode {ino}) is invalid.", Prompt.CLEAR, NO_OK_IS_ERROR),
    FILE_ACL_BAD(0x020032, "Inode {ino} ({text}) has a bad extended attribute block {blk}.", Prompt.CLEAR, NO_OK_IS_ERROR),
    HTREE_NOTREF(0x020034, "Htree directory inode {dir}: block {num} is not referenced.", Prompt.NONE, NO_PROMPT),
    HTREE_DUPREF(0x020035, "Htree directory inode {dir}: block {num} is referenced twice.", Prompt.NONE, NO_PROMPT),
    HTREE_MIN_HASH(0x020036, "Htree directory inode {dir}: block {num} has a bad minimum hash.", Prompt.NONE, NO_PROMPT),
    HTREE_MAX_HASH(0x020037, "Htree directory inode {dir}: block {num} has a bad maximum hash.", Prompt.NONE, NO_PROMPT),
    HTREE_CLEAR(0x020038, "Htree directory inode {dir} has an invalid index.", Prompt.CLEAR_HTREE, NO_OK_IS_ERROR),
    HTREE_BADBLK(0x02003A, "Htree directory inode {dir}: index block {num} points to block {blk}, past the end of the directory.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_BAD_ROOT(0x02003C, "Htree directory inode {dir} has an invalid root node.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_BAD_LIMIT(0x02003D, "Htree directory inode {dir}: block {num} has an invalid limit ({num2}).", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_BAD_COUNT(0x02003E, "Htree directory inode {dir}: block {num} has an invalid count ({num2}).", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_HASH_ORDER(0x02003F, "Htree directory inode {dir}: block {num} has hashes out of order.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_BAD_DEPTH(0x020040, "Htree directory inode {dir}: block {num} is at the wrong depth.", Prompt.NONE, NO_PROMPT),
    DUPLICATE_DIRENT(0x020041, "Directory inode {dir} has a duplicate entry '{text}'.", Prompt.CLEAR, NO_OK_IS_ERROR),
    NON_UNIQUE_FILE(0x020042, "Entry '{text}' in directory {dir} has a non-unique filename.", Prompt.FIX, NO_OK_IS_ERROR),
    REPORT_DUP_DIRENT(0x020043, "Duplicate entry '{text}' found in directory {dir}; the directory needs rebuilding.", Prompt.NONE, NO_PROMPT),
    BLOCKS_HI_ZERO(0x020044, "Inode {ino} ({text}) has i_blocks_hi {num}, which should be zero without huge_file.", Prompt.CLEAR, NO_OK_IS_ERROR),
    INOREF_BG_INO_UNINIT(0x020046, "Entry '{text}' in directory {dir} names inode {ino}, in a group whose inodes are marked unused.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    INOREF_IN_UNUSED(0x020047, "Entry '{text}' in directory {dir} names inode {ino}, in its group's unused inode area.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_ROOT_CSUM_INVALID(0x020049, "Htree directory inode {dir}: the root node's checksum does not match.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_NODE_CSUM_INVALID(0x02004A, "Htree directory inode {dir}: index block {num}'s checksum does not match.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    LEAF_NODE_MISSING_CSUM(0x02004C, "Directory inode {dir}, block {num}: no room for the checksum tail.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    LEAF_NODE_ONLY_CSUM_INVALID(0x02004D, "Directory inode {dir}, block {num} looks valid but its checksum does not match.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    BAD_ENCRYPTED_NAME(0x020050, "Encrypted entry '{text}' in directory {dir} is too short.", Prompt.CLEAR, NO_OK_IS_ERROR),
    UNENCRYPTED_FILE(0x020051, "Encrypted entry '{text}' in directory {dir} references unencrypted inode {ino}.", Prompt.CLEAR, NO_OK_IS_ERROR),
    BAD_ENCODED_NAME(0x020053, "Entry '{text}' in directory {dir} has illegal UTF-8 characters in its name.", Prompt.FIX, NO_OK_IS_ERROR),

    // ---- pass 3: directory connectivity (0x03NNNN) ----
    NO_ROOT_INODE(0x030001, "The root inode is not allocated.", Prompt.ALLOCATE, NO_OK_IS_ERROR),
    EXPAND_LF_DIR(0x030002, "There is no room in /lost+found for inode {ino}.", Prompt.EXPAND, NO_OK_IS_ERROR),
    UNCONNECTED_DIR(0x030003, "Directory inode {ino} is not connected (its '..' says {dir}).", Prompt.CONNECT, NO_OK_IS_ERROR),
    NO_LF_DIR(0x030004, "/lost+found does not exist.", Prompt.CREATE, PREEN_OK, NO_OK_IS_ERROR),
    BAD_DOT_DOT(0x030005, "'..' in {text} (inode {ino}) is {num2}, should be {num}.", Prompt.FIX, NO_OK_IS_ERROR),
    NO_LPF(0x030006, "Inode {ino} cannot be reconnected: /lost+found is missing or unusable.", Prompt.NONE, NO_PROMPT),
    ROOT_NOT_DIR_ABORT(0x030014, "The root inode is not a directory; cannot continue.", Prompt.NONE, FATAL),
    NO_ROOT_INODE_ABORT(0x030015, "There is no root directory; cannot continue without one.", Prompt.NONE, FATAL),
    LPF_NOTDIR(0x030017, "/lost+found is not a directory (inode {ino}).", Prompt.UNLINK, NO_OK_IS_ERROR),

    // ---- pass 4: reference counts (0x04NNNN) ----
    ZERO_LEN_INODE(0x040001, "Unattached inode {ino} has zero length.", Prompt.CLEAR, PREEN_OK),
    UNATTACHED_INODE(0x040002, "Inode {ino} is not attached to any directory.", Prompt.CONNECT, NO_OK_IS_ERROR),
    BAD_REF_COUNT(0x040003, "Inode {ino} has link count {num2}, should be {num}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    DIR_NLINK_FEATURE(0x040006, "Directory inode {ino} has more links than allowed, but the dir_nlink feature is not set.", Prompt.FIX, NO_OK_IS_ERROR),
    DIR_OVERFLOW_REF_COUNT(0x040007, "Directory inode {ino} has the overflow link count 1, but the exact count {num} fits.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),

    // ---- pass 5: group summaries (0x05NNNN) ----
    INODE_BMAP_PADDING(0x050001, "Padding at the end of the inode bitmap is not set.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    BLOCK_BMAP_PADDING(0x050002, "Padding at the end of the block bitmap is not set.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    BLOCK_BITMAP_DIFFERENCES(0x050003, "Block bitmap disagrees with the blocks in use: {text}", Prompt.FIX, PREEN_OK, PREEN_NOMSG, NO_OK_IS_ERROR),
    INODE_BITMAP_DIFFERENCES(0x050007, "Inode bitmap disagrees with the inodes in use: {text}", Prompt.FIX, PREEN_OK, PREEN_NOMSG, NO_OK_IS_ERROR),
    FREE_INODE_COUNT_GROUP(0x05000B, "Group {group}: free inode count is {num2}, counted {num}.", Prompt.FIX, PREEN_OK, PREEN_NOMSG, NO_OK_IS_ERROR),
    FREE_DIR_COUNT_GROUP(0x05000C, "Group {group}: directory count is {num2}, counted {num}.", Prompt.FIX, PREEN_OK, PREEN_NOMSG, NO_OK_IS_ERROR),
    FREE_INODE_COUNT(0x05000D, "Superblock free inode count is {num2}, counted {num}.", Prompt.FIX, PREEN_OK, PREEN_NOMSG),
    FREE_BLOCK_COUNT_GROUP(0x05000E, "Group {group}: free block count is {num2}, counted {num}.", Prompt.FIX, PREEN_OK, PREEN_NOMSG, NO_OK_IS_ERROR),
    FREE_BLOCK_COUNT(0x05000F, "Superblock free block count is {num2}, counted {num}.", Prompt.FIX, PREEN_OK, PREEN_NOMSG),
    BLOCK_UNINIT(0x050018, "Group {group} is marked BLOCK_UNINIT but block {blk} in it is in use.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    INODE_UNINIT(0x050019, "Group {group} is marked INODE_UNINIT but inode {ino} in it is in use.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    INODE_BITMAP_CSUM_INVALID(0x05001A, "The inode bitmap of group {group} does not match its checksum (0x{num2:x}, computed 0x{num:x}).", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    BLOCK_BITMAP_CSUM_INVALID(0x05001B, "The block bitmap of group {group} does not match its checksum (0x{num2:x}, computed 0x{num:x}).", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),

    // ---- after pass 5: quotas and the orphan file (0x06NNNN) ----
    UPDATE_QUOTAS(0x060002, "Quota usage of type {num} ({text}) does not match what the file system holds.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    ORPHAN_FILE_WITHOUT_JOURNAL(0x060007, "The file system has an orphan file but no journal.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    ORPHAN_FILE_CORRUPTED(0x060009, "The orphan file (inode {ino}) cannot be used as it is.", Prompt.RECREATE, PREEN_OK, NO_OK_IS_ERROR),
    ORPHAN_BLOCK_DIRTY(0x06000C, "Block {num} of the orphan file (inode {ino}) still holds entries or a bad tail.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    ORPHAN_PRESENT_CLEAN_FILE(0x06000D, "The orphan_present flag is set, but the orphan file holds no orphans.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    ORPHAN_PRESENT_NO_FILE(0x06000E, "The orphan_present flag is set, but the orphan_file feature is not.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    ORPHAN_FILE_WRONG_SIZE(0x06000F, "The orphan file (inode {ino}) is not a whole number of blocks long.", Prompt.NONE, NO_PROMPT),
    ORPHAN_FILE_HOLE(0x060010, "The orphan file (inode {ino}) has a hole at block {num}.", Prompt.NONE, NO_PROMPT),
    /** pe2fsck's own: one line per inconsistent id, before the question above. */
    QUOTA_USAGE(0x06FF01, "Quota {text} id {ino}: the check counts {num} bytes in {num2} inodes, the quota file says {blk} bytes in {dir} inodes.", Prompt.NONE, NO_PROMPT);

    private final int code;
    private final String message;
    private final Prompt prompt;
    private final Set<Flag> flags;

    Problem(int code, String message, Prompt prompt, Flag... flags) {
        this.code = code;
        this.message = message;
        this.prompt = prompt;
        this.flags = flags.length == 0 ? EnumSet.noneOf(Flag.class) : EnumSet.of(flags[0], flags);
    }

    /** Stable numeric code, 0xPPNNNN. */
    public int code() { return code; }

    /** The pass that reports it: 0 before pass 1, then 1..5 (1B-1D count as 1). */
    public int pass() { return code >>> 16; }

    public String message() { return message; }
    public Prompt prompt() { return prompt; }
    public Set<Flag> flags() { return flags; }

    /** True if the problem asks a question (its prompt is not {@link Prompt#NONE}). */
    public boolean asks() { return prompt != Prompt.NONE; }

    /** The code as printed: six hex digits, 0x-prefixed. */
    public String hexCode() { return String.format(java.util.Locale.ROOT, "0x%06x", code); }

    /**
     * Fills this problem's message from {@code f}. Placeholders are {@code {name}} or
     * {@code {name:x}} (hex) / {@code {name:o}} (octal) / {@code {name:u}} (unsigned 64-bit); unset numbers (-1) print as "?" and unset
     * text as an empty string.
     */
    public String format(Finding f) {
        StringBuilder out = new StringBuilder(message.length() + 32);
        int i = 0;
        while (i < message.length()) {
            char c = message.charAt(i);
            int close = c == '{' ? message.indexOf('}', i) : -1;
            if (close < 0) {
                out.append(c);
                i++;
                continue;
            }
            String spec = message.substring(i + 1, close);
            String name = spec;
            char radix = 'd';
            int colon = spec.indexOf(':');
            if (colon >= 0) {
                name = spec.substring(0, colon);
                radix = colon + 1 < spec.length() ? spec.charAt(colon + 1) : 'd';
            }
            if (name.equals("text")) {
                out.append(f.text() == null ? "" : f.text());
            } else {
                long v = switch (name) {
                    case "ino" -> f.ino();
                    case "blk" -> f.blk();
                    case "num" -> f.num();
                    case "num2" -> f.num2();
                    case "group" -> f.group();
                    case "dir" -> f.dir();
                    default -> Long.MIN_VALUE;
                };
                if (v == Long.MIN_VALUE) {
                    out.append('{').append(spec).append('}');
                } else if (v == -1) {
                    out.append('?');
                } else {
                    out.append(switch (radix) {
                        case 'x' -> Long.toHexString(v);
                        case 'o' -> Long.toOctalString(v);
                        case 'u' -> Long.toUnsignedString(v);
                        default -> Long.toString(v);
                    });
                }
            }
            i = close + 1;
        }
        return out.toString();
    }
    public boolean has(Flag f) { return flags.contains(f); }
}
