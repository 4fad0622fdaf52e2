package pe2fsck.problem;

import java.util.EnumSet;
import java.util.Set;

/**
 * The problems whose "yes" answer has an implementation today. The {@link FixDecider} consults
 * this before saying yes: any other problem is answered "no" in every mode, with a note, so a
 * run never claims a repair it did not make. Grows as repairs are written.
 */
public final class Repairs {

    private static final Set<Problem> IMPLEMENTED = EnumSet.of(
            // superblock and group descriptor fixes made by the pre-pass-1 check and written back
            Problem.FS_REV_LEVEL, Problem.INODE_COUNT_WRONG, Problem.META_AND_GDT_CSUM_SET,
            Problem.CSUM_SEED_WITHOUT_META_CSUM, Problem.SIXTY_FOUR_BIT_WITHOUT_EXTENTS,
            Problem.DISABLE_RESIZE_INODE, Problem.NONZERO_RESERVED_GDT_BLOCKS, Problem.FIRST_META_BG_TOO_BIG,
            Problem.BAD_MIN_EXTRA_ISIZE, Problem.BAD_WANT_EXTRA_ISIZE, Problem.FUTURE_SB_LAST_MOUNT,
            Problem.FUTURE_SB_LAST_WRITE, Problem.SB_CSUM_INVALID, Problem.GDT_CSUM, Problem.GDT_UNINIT_FLAGS,
            Problem.BB_UNINIT_LAST, Problem.GDT_ITABLE_UNUSED, Problem.SB_FREE_BLOCK_COUNT,
            Problem.SB_FREE_INODE_COUNT, Problem.JOURNAL_RECOVER_SET, Problem.JOURNAL_HAS_JOURNAL,
            // pass 5's superblock totals: a field of the superblock, written by the write path
            Problem.FREE_BLOCK_COUNT, Problem.FREE_INODE_COUNT,
            // pass 5: bitmaps rewritten from what passes 1-4 found, group counts and flags
            Problem.BLOCK_BITMAP_DIFFERENCES, Problem.INODE_BITMAP_DIFFERENCES,
            Problem.FREE_BLOCK_COUNT_GROUP, Problem.FREE_INODE_COUNT_GROUP, Problem.FREE_DIR_COUNT_GROUP,
            Problem.BLOCK_UNINIT, Problem.INODE_UNINIT, Problem.BLOCK_BMAP_PADDING, Problem.INODE_BMAP_PADDING,
            Problem.BLOCK_BITMAP_CSUM_INVALID, Problem.INODE_BITMAP_CSUM_INVALID,
            // pass 4: i_links_count rewritten to the references counted
            Problem.BAD_REF_COUNT, Problem.DIR_OVERFLOW_REF_COUNT,
            // pass 4: an unattached empty inode cleared and given back
            Problem.ZERO_LEN_INODE,
            // pass 4: an unattached inode linked into /lost+found (when there is room)
            Problem.UNATTACHED_INODE,
            // pass 3: reconnecting directories, '..' entries
            Problem.UNCONNECTED_DIR, Problem.BAD_DOT_DOT,
            // pass 2: entries naming unused inodes cleared, file types set (block directories)
            Problem.UNUSED_INODE, Problem.BAD_FILETYPE, Problem.SET_FILETYPE,
            // pass 2: a directory leaf block written again with a fresh checksum tail
            Problem.LEAF_NODE_ONLY_CSUM_INVALID,
            // pass 1: single inode fields (size, block count, deletion time)
            Problem.BAD_I_SIZE, Problem.BAD_I_BLOCKS, Problem.SET_DTIME, Problem.ROOT_DTIME, Problem.LOW_DTIME,
            Problem.ZERO_DTIME, Problem.SET_NONZSIZE,
            // pass 1: inode fields, changed by the publisher in inode order (pass1.InodeFix)
            Problem.ROOT_DTIME, Problem.LOW_DTIME, Problem.SET_DTIME, Problem.BAD_I_SIZE, Problem.BAD_I_BLOCKS,
            Problem.INODE_ONLY_CSUM_INVALID, Problem.CASEFOLD_NONDIR, Problem.CASEFOLD_FEATURE, Problem.HTREE_NODIR,
            Problem.HTREE_SET, Problem.SET_IMAGIC, Problem.RESERVED_BAD_MODE, Problem.SET_IMMUTABLE, Problem.SET_NONZSIZE,

            // pass 2: directory entries cleared or given their file type, block checksums
            // restamped, applied in directory order by the one applying thread (pass2.EntryFix)
            Problem.BAD_INO, Problem.UNUSED_INODE, Problem.LINK_DOT, Problem.LINK_ROOT, Problem.NULL_NAME,
            Problem.DUP_DOT, Problem.DUP_DOT_DOT, Problem.SET_FILETYPE, Problem.BAD_FILETYPE,
            Problem.LEAF_NODE_ONLY_CSUM_INVALID, Problem.FADDR_ZERO, Problem.BLOCKS_HI_ZERO, Problem.DIR_SIZE_HIGH_ZERO,
            Problem.MISSING_DOT, Problem.FIRST_NOT_DOT, Problem.BAD_INODE_DOT, Problem.MISSING_DOT_DOT,
            Problem.SECOND_NOT_DOT_DOT, Problem.LINK_DIR);

    private Repairs() {
    }

    public static boolean implemented(Problem p) {
        return IMPLEMENTED.contains(p);
    }
}
