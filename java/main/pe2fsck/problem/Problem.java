package pe2fsck.problem;

import static pe2fsck.problem.Flag.FATAL;
import static pe2fsck.problem.Flag.NO_OK_IS_ERROR;
import static pe2fsck.problem.Flag.NO_PROMPT;
import static pe2fsck.problem.Flag.PREEN_NOMSG;
import static pe2fsck.problem.Flag.PREEN_OK;

import java.util.EnumSet;
import java.util.Set;

/**
 * The catalogue of everything pe2fsck can find wrong. Each problem has a stable code (e2fsck's
 * where the problem is the same one: 0xPPNNNN, PP = pass), a message template, the question it
 * asks, and its policy flags. The table is immutable: counts and latches live in the
 * {@link FixDecider} of one run.
 *
 * <p>Message placeholders: {@code {ino} {blk} {num} {num2} {group} {dir} {text}}, filled from a
 * {@link Finding}. Keep each pass's problems in its own section, ordered by code.
 */
public enum Problem {

    // ---- before pass 1: superblock, descriptors, journal (0x00NNNN) ----
    BB_NOT_GROUP(0x000001, "Block bitmap of group {group} is not inside the group (block {blk}).", Prompt.RELOCATE, NO_OK_IS_ERROR),
    IB_NOT_GROUP(0x000002, "Inode bitmap of group {group} is not inside the group (block {blk}).", Prompt.RELOCATE, NO_OK_IS_ERROR),
    ITABLE_NOT_GROUP(0x000003, "Inode table of group {group} is not inside the group (block {blk}).", Prompt.RELOCATE, NO_OK_IS_ERROR),
    SB_CORRUPT(0x000004, "The superblock is corrupt: {text}", Prompt.NONE, FATAL),
    FS_SIZE_WRONG(0x000005, "The superblock says {num} blocks but the device holds only {num2}.", Prompt.ABORT, NO_OK_IS_ERROR),
    INODE_COUNT_WRONG(0x00000D, "Inode count in the superblock is {num2}, should be {num}.", Prompt.FIX, NO_OK_IS_ERROR),
    JOURNAL_BAD_INODE(0x00000F, "Journal inode {ino} is invalid.", Prompt.CLEAR, NO_OK_IS_ERROR),
    JOURNAL_UNSUPP_SUPER(0x000014, "The journal superblock has an unknown type ({num}).", Prompt.ABORT, NO_OK_IS_ERROR),
    JOURNAL_BAD_SUPER(0x000015, "The journal superblock is corrupt.", Prompt.FIX, NO_OK_IS_ERROR),
    JOURNAL_HAS_JOURNAL(0x000016, "The has_journal flag is clear, but a journal is present.", Prompt.CLEAR, NO_OK_IS_ERROR),
    JOURNAL_RECOVER_SET(0x000017, "The superblock asks for journal recovery, but there is no journal.", Prompt.CLEAR, NO_OK_IS_ERROR),
    JOURNAL_RECOVERY_CLEAR(0x000018, "The journal holds data, but the recovery flag is clear.", Prompt.CLEAR, NO_OK_IS_ERROR),
    JOURNAL_RESET_JOURNAL(0x000019, "The journal needs to be reset.", Prompt.CLEAR, NO_OK_IS_ERROR),
    FS_REV_LEVEL(0x00001A, "Revision 0 file system has feature flags set.", Prompt.FIX, NO_OK_IS_ERROR),
    ORPHAN_ILLEGAL_HEAD_INODE(0x000023, "Orphan list head {ino} in the superblock is not a valid inode.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    ORPHAN_ILLEGAL_INODE(0x000024, "Inode {ino} in the orphan list is not a valid inode.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    GDT_CSUM(0x000035, "Checksum of group descriptor {group} is 0x{num2:x}, should be 0x{num:x}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    GDT_UNINIT_FLAGS(0x000036, "Group descriptor {group} marks uninitialised data but the file system has no group checksums.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    BB_UNINIT_LAST(0x000037, "The last group ({group}) is marked BLOCK_UNINIT.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    GDT_ITABLE_UNUSED(0x000038, "Group {group}'s unused inode count ({num2}) is larger than the group holds.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    SB_CSUM_INVALID(0x000063, "The superblock checksum does not match.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    NEEDS_RECOVERY(0x00FF01, "The journal needs recovery; it is not replayed in read-only mode.", Prompt.NONE, NO_PROMPT),

    // ---- pass 1: inodes, blocks and sizes (0x01NNNN) ----
    ROOT_NO_DIR(0x010001, "Root inode is not a directory.", Prompt.CLEAR, NO_OK_IS_ERROR),
    ROOT_DTIME(0x010002, "Root inode has its deletion time set (probably from an old mke2fs).", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    RESERVED_BAD_MODE(0x010003, "Reserved inode {ino} has an invalid mode.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    ZERO_DTIME(0x010004, "Deleted inode {ino} has a zero deletion time.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    SET_DTIME(0x010005, "Inode {ino} is in use but has its deletion time set.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    ZERO_LENGTH_DIR(0x010006, "Inode {ino} is a directory of length zero.", Prompt.CLEAR, NO_OK_IS_ERROR),
    BAD_I_SIZE(0x01000C, "Inode {ino}: size is {num2}, should be {num}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    BAD_I_BLOCKS(0x01000D, "Inode {ino}: i_blocks is {num2}, should be {num}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    ILLEGAL_BLOCK_NUM(0x01000E, "Inode {ino} refers to illegal block {blk} ({text}).", Prompt.CLEAR, NO_OK_IS_ERROR),
    BLOCK_OVERLAPS_METADATA(0x01000F, "Inode {ino}'s block {blk} overlaps file system metadata ({text}).", Prompt.CLEAR, NO_OK_IS_ERROR),
    TOO_MANY_BAD_BLOCKS(0x010011, "Inode {ino} has too many illegal blocks.", Prompt.CLEAR_INODE, NO_OK_IS_ERROR),
    DUP_BLOCKS_PREENSTOP(0x010014, "Blocks claimed more than once, or bad blocks in use.", Prompt.NONE, NO_PROMPT),
    SET_IMAGIC(0x01002F, "Inode {ino} has the imagic flag, which this file system does not support.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    SET_IMMUTABLE(0x010030, "Special inode {ino} (device, fifo or socket) has the immutable or append-only flag.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    COMPR_SET(0x010031, "Inode {ino} has the compression flag set.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    SET_NONZSIZE(0x010032, "Special inode {ino} (device, fifo or socket) has a non-zero size.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    JOURNAL_INODE_NOT_CLEAR(0x010034, "The journal inode is not in use but holds data.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    JOURNAL_BAD_MODE(0x010035, "The journal inode does not have the mode of a regular file.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    LOW_DTIME(0x010036, "Inode {ino} was part of the orphan list.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    BAD_EA_BLOCK(0x01003A, "Inode {ino} has a bad extended attribute block {blk}.", Prompt.CLEAR, NO_OK_IS_ERROR),
    EXTATTR_REFCOUNT(0x01003C, "Extended attribute block {blk} has reference count {num2}, should be {num}.", Prompt.FIX, NO_OK_IS_ERROR),
    EA_BAD_NAME(0x010041, "Extended attribute in inode {ino} has an invalid name.", Prompt.CLEAR, NO_OK_IS_ERROR),
    EA_BAD_VALUE(0x010042, "Extended attribute in inode {ino} has an invalid value.", Prompt.CLEAR, NO_OK_IS_ERROR),
    TOOBIG_DIR(0x010044, "Directory inode {ino} block {blk} is beyond the largest allowed directory.", Prompt.CLEAR, NO_OK_IS_ERROR),
    TOOBIG_REG(0x010045, "Regular file inode {ino} block {blk} is beyond the largest allowed file.", Prompt.CLEAR, NO_OK_IS_ERROR),
    TOOBIG_SYMLINK(0x010046, "Symlink inode {ino} block {blk} is beyond what a symlink may hold.", Prompt.CLEAR, NO_OK_IS_ERROR),
    HTREE_SET(0x010047, "Inode {ino} has the htree index flag but the file system has no dir_index.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_NODIR(0x010048, "Inode {ino} has the htree index flag but is not a directory.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_BADROOT(0x010049, "Htree directory inode {ino} has an invalid root node.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_HASHV(0x01004A, "Htree directory inode {ino} uses an unsupported hash version ({num}).", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_INCOMPAT(0x01004B, "Htree directory inode {ino} uses an incompatible root node flag.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_DEPTH(0x01004C, "Htree directory inode {ino} has a tree depth of {num}, which is too deep.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    EXTENTS_SET(0x01005A, "Inode {ino} uses extents but the file system lacks the extent feature.", Prompt.CLEAR, NO_OK_IS_ERROR),
    EXTENT_BAD_START_BLK(0x010058, "Inode {ino} has an extent starting at illegal block {blk} (logical {num}, length {num2}).", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    EXTENT_ENDS_BEYOND(0x010059, "Inode {ino} has an extent ending beyond the file system (block {blk}, length {num2}).", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    EXTENT_HEADER_INVALID(0x01005F, "Inode {ino} has an invalid extent node header ({text}).", Prompt.CLEAR_INODE, NO_OK_IS_ERROR),
    EXTRA_ISIZE(0x01004F, "Inode {ino} has an invalid extra size ({num2}).", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    FAST_SYMLINK_EXTENT_FL(0x01005D, "Fast symlink {ino} has the extents flag set.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    INVALID_BAD_INODE(0x010065, "The bad blocks inode looks invalid.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    EXTENT_LENGTH_ZERO(0x010066, "Inode {ino} has a zero-length extent (logical {num}, block {blk}).", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    EA_BLOCK_ONLY_CSUM_INVALID(0x01006C, "Inode {ino}'s extended attribute block {blk} looks valid but its checksum does not match.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    EXTENT_INDEX_START_INVALID(0x01006D, "Inode {ino}: an extent index node starts at logical {num2}, but its first entry starts at {num}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    EXTENT_END_OUT_OF_BOUNDS(0x01006E, "Inode {ino}: an extent (logical {num}, block {blk}) ends beyond what its parent node covers.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    INLINE_DATA_SET(0x010070, "Inode {ino} has the inline data flag but the file system lacks inline_data.", Prompt.CLEAR, NO_OK_IS_ERROR),
    SPECIAL_EXTENTS_IDATA(0x010076, "Special (device, socket or fifo) file {ino} has the extents or inline data flag set.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    MISSING_EXTENT_HEADER(0x010081, "Inode {ino} is missing its extent header.", Prompt.CLEAR_INODE, NO_OK_IS_ERROR),
    OUT_OF_ORDER_EXTENTS(0x01005E, "Inode {ino} has extents out of order (logical {num} after {num2}).", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    INODE_ONLY_CSUM_INVALID(0x010068, "Inode {ino} looks valid but its checksum does not match.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    EXTENT_ONLY_CSUM_INVALID(0x01006A, "Inode {ino}'s extent block {blk} looks valid but its checksum does not match.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),

    // ---- pass 1B-1D: blocks claimed more than once (0x011NNN-0x013NNN) ----
    DUP_BLOCK(0x011002, "Inode {ino} shares {num} block(s) with other files: {text}", Prompt.NONE, NO_PROMPT),
    DUP_FILE(0x013001, "File {text} (inode {ino}) has {num} block(s) claimed by other files.", Prompt.CLONE, NO_OK_IS_ERROR),

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
    BAD_MODE(0x020012, "Inode {ino} (referenced from directory {dir}) has an invalid mode (0{num:o}).", Prompt.CLEAR, NO_OK_IS_ERROR),
    DIR_CORRUPTED(0x020013, "Directory inode {dir}, block {num}, offset {num2}: directory is corrupted.", Prompt.SALVAGE, NO_OK_IS_ERROR),
    FILENAME_LONG(0x020014, "Directory inode {dir}, block {num}: a name is too long.", Prompt.TRUNCATE, NO_OK_IS_ERROR),
    DIRECTORY_HOLE(0x020015, "Directory inode {dir} has a hole at block {num}.", Prompt.ALLOCATE, NO_OK_IS_ERROR),
    BAD_CHAR_DEV(0x020018, "Inode {ino} ({text}) is an illegal character device.", Prompt.CLEAR, NO_OK_IS_ERROR),
    BAD_BLOCK_DEV(0x020019, "Inode {ino} ({text}) is an illegal block device.", Prompt.CLEAR, NO_OK_IS_ERROR),
    DUP_DOT(0x02001A, "Directory inode {dir} has a second '.' entry.", Prompt.CLEAR, NO_OK_IS_ERROR),
    DUP_DOT_DOT(0x02001B, "Directory inode {dir} has a second '..' entry.", Prompt.CLEAR, NO_OK_IS_ERROR),
    FINAL_RECLEN(0x02001D, "Entry '{text}' in directory {dir} has rec_len {num2}, should be {num}.", Prompt.FIX, NO_OK_IS_ERROR),
    BAD_FIFO(0x020025, "Inode {ino} ({text}) is an illegal FIFO.", Prompt.CLEAR, NO_OK_IS_ERROR),
    BAD_SOCKET(0x020026, "Inode {ino} ({text}) is an illegal socket.", Prompt.CLEAR, NO_OK_IS_ERROR),
    SET_FILETYPE(0x020027, "Entry '{text}' in directory {dir} has no file type; should be {num}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    BAD_FILETYPE(0x020028, "Entry '{text}' in directory {dir} has file type {num2}, should be {num}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    CLEAR_FILETYPE(0x020029, "Entry '{text}' in directory {dir} has a file type set but the file system has no filetype feature.", Prompt.CLEAR, PREEN_OK, NO_OK_IS_ERROR),
    NULL_NAME(0x020030, "Directory inode {dir} has an entry with a zero-length name.", Prompt.CLEAR, NO_OK_IS_ERROR),
    INVALID_SYMLINK(0x020031, "Symlink {text} (inode {ino}) is invalid.", Prompt.CLEAR, NO_OK_IS_ERROR),
    FILE_ACL_BAD(0x020032, "Inode {ino} ({text}) has a bad extended attribute block {blk}.", Prompt.CLEAR, NO_OK_IS_ERROR),
    HTREE_NOTREF(0x020034, "Htree directory inode {dir}: block {num} is not referenced.", Prompt.NONE, NO_PROMPT, NO_OK_IS_ERROR),
    HTREE_DUPREF(0x020035, "Htree directory inode {dir}: block {num} is referenced twice.", Prompt.NONE, NO_PROMPT, NO_OK_IS_ERROR),
    HTREE_MIN_HASH(0x020036, "Htree directory inode {dir}: block {num} has a bad minimum hash.", Prompt.NONE, NO_PROMPT, NO_OK_IS_ERROR),
    HTREE_MAX_HASH(0x020037, "Htree directory inode {dir}: block {num} has a bad maximum hash.", Prompt.NONE, NO_PROMPT, NO_OK_IS_ERROR),
    HTREE_CLEAR(0x020038, "Htree directory inode {dir} has an invalid index.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_BAD_ROOT(0x02003C, "Htree directory inode {dir} has an invalid root node.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_BAD_LIMIT(0x02003D, "Htree directory inode {dir}: block {num} has an invalid limit ({num2}).", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_BAD_COUNT(0x02003E, "Htree directory inode {dir}: block {num} has an invalid count ({num2}).", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_HASH_ORDER(0x02003F, "Htree directory inode {dir}: block {num} has hashes out of order.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_BAD_DEPTH(0x020040, "Htree directory inode {dir}: block {num} is at the wrong depth.", Prompt.NONE, NO_PROMPT, NO_OK_IS_ERROR),
    DUPLICATE_DIRENT(0x020041, "Directory inode {dir} has a duplicate entry '{text}'.", Prompt.CLEAR, NO_OK_IS_ERROR),

    INOREF_BG_INO_UNINIT(0x020046, "Entry '{text}' in directory {dir} names inode {ino}, in a group whose inodes are marked unused.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    INOREF_IN_UNUSED(0x020047, "Entry '{text}' in directory {dir} names inode {ino}, in its group's unused inode area.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_ROOT_CSUM_INVALID(0x020049, "Htree directory inode {dir}: the root node's checksum does not match.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    HTREE_NODE_CSUM_INVALID(0x02004A, "Htree directory inode {dir}: index block {num}'s checksum does not match.", Prompt.CLEAR_HTREE, PREEN_OK, NO_OK_IS_ERROR),
    LEAF_NODE_MISSING_CSUM(0x02004C, "Directory inode {dir}, block {num}: no room for the checksum tail.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    LEAF_NODE_ONLY_CSUM_INVALID(0x02004D, "Directory inode {dir}, block {num} looks valid but its checksum does not match.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    // ---- pass 3: directory connectivity (0x03NNNN) ----
    NO_ROOT_INODE(0x030001, "The root inode is not allocated.", Prompt.ALLOCATE, NO_OK_IS_ERROR),
    UNCONNECTED_DIR(0x030003, "Directory inode {ino} is not connected (its '..' says {dir}).", Prompt.CONNECT, NO_OK_IS_ERROR),
    NO_LF_DIR(0x030004, "/lost+found does not exist.", Prompt.CREATE, PREEN_OK),
    BAD_DOT_DOT(0x030005, "'..' in {text} (inode {ino}) is {num2}, should be {num}.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
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
    BLOCK_BITMAP_DIFFERENCES(0x050003, "Block bitmap differences: {text}", Prompt.FIX, PREEN_OK, PREEN_NOMSG, NO_OK_IS_ERROR),
    INODE_BITMAP_DIFFERENCES(0x050007, "Inode bitmap differences: {text}", Prompt.FIX, PREEN_OK, PREEN_NOMSG, NO_OK_IS_ERROR),
    FREE_INODE_COUNT_GROUP(0x05000B, "Free inodes count wrong for group {group} ({num2}, counted={num}).", Prompt.FIX, PREEN_OK, PREEN_NOMSG, NO_OK_IS_ERROR),
    FREE_DIR_COUNT_GROUP(0x05000C, "Directories count wrong for group {group} ({num2}, counted={num}).", Prompt.FIX, PREEN_OK, PREEN_NOMSG, NO_OK_IS_ERROR),
    FREE_INODE_COUNT(0x05000D, "Free inodes count wrong ({num2}, counted={num}).", Prompt.FIX, PREEN_OK, PREEN_NOMSG),
    FREE_BLOCK_COUNT_GROUP(0x05000E, "Free blocks count wrong for group {group} ({num2}, counted={num}).", Prompt.FIX, PREEN_OK, PREEN_NOMSG, NO_OK_IS_ERROR),
    FREE_BLOCK_COUNT(0x05000F, "Free blocks count wrong ({num2}, counted={num}).", Prompt.FIX, PREEN_OK, PREEN_NOMSG),
    BLOCK_UNINIT(0x050018, "Group {group} is marked BLOCK_UNINIT but block {blk} in it is in use.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    INODE_UNINIT(0x050019, "Group {group} is marked INODE_UNINIT but inode {ino} in it is in use.", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    INODE_BITMAP_CSUM_INVALID(0x05001A, "The inode bitmap of group {group} does not match its checksum (0x{num2:x}, computed 0x{num:x}).", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR),
    BLOCK_BITMAP_CSUM_INVALID(0x05001B, "The block bitmap of group {group} does not match its checksum (0x{num2:x}, computed 0x{num:x}).", Prompt.FIX, PREEN_OK, NO_OK_IS_ERROR);

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
    public boolean has(Flag f) { return flags.contains(f); }
}
