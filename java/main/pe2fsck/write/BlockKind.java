package pe2fsck.write;

/**
 * What a dirty block holds, which decides the checksum recomputed before it is written. The
 * owner passed with it is a group number for bitmaps and an inode number for blocks that belong
 * to an inode (an inode-table block names the inode that changed in it).
 */
public enum BlockKind {
    /** A block bitmap; owner = group. Its checksum lives in the group's descriptor. */
    BLOCK_BITMAP,
    /** An inode bitmap; owner = group. Its checksum lives in the group's descriptor. */
    INODE_BITMAP,
    /** A block of an inode table; owner = the inode whose record changed (mark once per inode). */
    INODE_TABLE,
    /** A directory leaf block; owner = directory inode. The tail, if present, is recomputed. */
    DIR_LEAF,
    /** An htree root or interior node; owner = directory inode. The dx tail is recomputed. */
    DIR_INDEX,
    /** An extent tree node block; owner = inode. The extent tail is recomputed. */
    EXTENT,
    /** An extended-attribute block; owner unused (the checksum covers the block number). */
    XATTR,
    /** A block whose contents carry no checksum of ours (journal blocks, data, indirect maps). */
    RAW
}
