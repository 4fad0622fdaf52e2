package pe2fsck.fs;

import java.util.ArrayList;
import java.util.List;

/**
 * Superblock feature flags. Each constant knows its word (compat, incompat, ro_compat), its bit
 * and whether pe2fsck understands it well enough to check a file system that has it. The
 * supported set is e2fsck 1.47's: it refuses lazy_bg, snapshot_bitmap, btree_dir, snapshot and
 * replica too, whatever their word.
 */
public enum Feature {
    DIR_PREALLOC(Kind.COMPAT, 0x1, "dir_prealloc", true),
    IMAGIC_INODES(Kind.COMPAT, 0x2, "imagic_inodes", true),
    HAS_JOURNAL(Kind.COMPAT, 0x4, "has_journal", true),
    EXT_ATTR(Kind.COMPAT, 0x8, "ext_attr", true),
    RESIZE_INODE(Kind.COMPAT, 0x10, "resize_inode", true),
    DIR_INDEX(Kind.COMPAT, 0x20, "dir_index", true),
    LAZY_BG(Kind.COMPAT, 0x40, "lazy_bg", false),
    EXCLUDE_BITMAP(Kind.COMPAT, 0x100, "snapshot_bitmap", false),
    SPARSE_SUPER2(Kind.COMPAT, 0x200, "sparse_super2", true),
    FAST_COMMIT(Kind.COMPAT, 0x400, "fast_commit", true),
    STABLE_INODES(Kind.COMPAT, 0x800, "stable_inodes", true),
    ORPHAN_FILE(Kind.COMPAT, 0x1000, "orphan_file", true),

    SPARSE_SUPER(Kind.RO_COMPAT, 0x1, "sparse_super", true),
    LARGE_FILE(Kind.RO_COMPAT, 0x2, "large_file", true),
    BTREE_DIR(Kind.RO_COMPAT, 0x4, "btree_dir", false),
    HUGE_FILE(Kind.RO_COMPAT, 0x8, "huge_file", true),
    GDT_CSUM(Kind.RO_COMPAT, 0x10, "uninit_bg", true),
    DIR_NLINK(Kind.RO_COMPAT, 0x20, "dir_nlink", true),
    EXTRA_ISIZE(Kind.RO_COMPAT, 0x40, "extra_isize", true),
    HAS_SNAPSHOT(Kind.RO_COMPAT, 0x80, "snapshot", false),
    QUOTA(Kind.RO_COMPAT, 0x100, "quota", true),
    BIGALLOC(Kind.RO_COMPAT, 0x200, "bigalloc", true),
    METADATA_CSUM(Kind.RO_COMPAT, 0x400, "metadata_csum", true),
    REPLICA(Kind.RO_COMPAT, 0x800, "replica", false),
    READONLY(Kind.RO_COMPAT, 0x1000, "read-only", true),
    PROJECT(Kind.RO_COMPAT, 0x2000, "project", true),
    SHARED_BLOCKS(Kind.RO_COMPAT, 0x4000, "shared_blocks", true),
    VERITY(Kind.RO_COMPAT, 0x8000, "verity", true),
    ORPHAN_PRESENT(Kind.RO_COMPAT, 0x10000, "orphan_present", true),

    COMPRESSION(Kind.INCOMPAT, 0x1, "compression", false),
    FILETYPE(Kind.INCOMPAT, 0x2, "filetype", true),
    RECOVER(Kind.INCOMPAT, 0x4, "needs_recovery", true),
    JOURNAL_DEV(Kind.INCOMPAT, 0x8, "journal_dev", true),
    META_BG(Kind.INCOMPAT, 0x10, "meta_bg", true),
    EXTENTS(Kind.INCOMPAT, 0x40, "extent", true),
    INCOMPAT_64BIT(Kind.INCOMPAT, 0x80, "64bit", true),
    MMP(Kind.INCOMPAT, 0x100, "mmp", true),
    FLEX_BG(Kind.INCOMPAT, 0x200, "flex_bg", true),
    EA_INODE(Kind.INCOMPAT, 0x400, "ea_inode", true),
    DIRDATA(Kind.INCOMPAT, 0x1000, "dirdata", false),
    CSUM_SEED(Kind.INCOMPAT, 0x2000, "metadata_csum_seed", true),
    LARGEDIR(Kind.INCOMPAT, 0x4000, "large_dir", true),
    INLINE_DATA(Kind.INCOMPAT, 0x8000, "inline_data", true),
    ENCRYPT(Kind.INCOMPAT, 0x10000, "encrypt", true),
    CASEFOLD(Kind.INCOMPAT, 0x20000, "casefold", true);

    /** Which superblock word holds the flag. */
    public enum Kind { COMPAT, INCOMPAT, RO_COMPAT }

    private final Kind kind;
    private final int mask;
    private final String label;
    private final boolean supported;

    Feature(Kind kind, int mask, String label, boolean supported) {
        this.kind = kind;
        this.mask = mask;
        this.label = label;
        this.supported = supported;
    }

    public Kind kind() { return kind; }
    public int mask() { return mask; }
    /** The name mke2fs and dumpe2fs use. */
    public String label() { return label; }
    public boolean supported() { return supported; }

    /** Bits of {@code word} (of the given kind) that pe2fsck does not know or cannot check. */
    public static int unsupportedBits(Kind kind, int word) {
        int known = 0;
        for (Feature f : values()) {
            if (f.kind == kind && f.supported) {
                known |= f.mask;
            }
        }
        return word & ~known;
    }

    /** Human-readable list of the flags set in three words, in dumpe2fs order. */
    public static List<String> labels(int compat, int incompat, int roCompat) {
        List<String> out = new ArrayList<>();
        for (Feature f : values()) {
            int word = switch (f.kind) {
                case COMPAT -> compat;
                case INCOMPAT -> incompat;
                case RO_COMPAT -> roCompat;
            };
            if ((word & f.mask) != 0) {
                out.add(f.label);
            }
        }
        return out;
    }
}
