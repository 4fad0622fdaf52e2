package pe2fsck.fs;

import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * Whether a group descriptor table can be trusted at all, by e2fsck's rule for deciding to try
 * the backup descriptors instead: every group's block bitmap, inode bitmap and inode table must
 * lie inside the file system (inside its own group without flex_bg) and must not overlap a
 * superblock copy, a descriptor block or another group's bitmaps and tables. Checksums do not
 * count here; pass 0 reports those.
 */
public final class DescriptorSanity {

    private DescriptorSanity() {
    }

    /** Why the descriptors of {@code fs} cannot be trusted, or null if they can. */
    public static String problem(FileSystem fs) {
        Superblock sb = fs.superblock();
        Geometry geo = fs.geometry();
        if (Integer.bitCount(geo.descSize()) != 1) {
            return "the descriptor size (" + geo.descSize() + ") is not a power of two";
        }
        Roaring64Bitmap used = new Roaring64Bitmap();
        SuperAndDescriptorBlocks.forEach(sb, geo, (start, count) -> used.addRange(start, start + count));
        GroupDescriptor gd = fs.descriptors();
        boolean flexBg = sb.has(Feature.FLEX_BG);
        long tableBlocks = geo.inodeTableBlocks();
        for (long g = 0; g < geo.groupCount(); g++) {
            gd.at((int) g);
            long first = flexBg ? geo.firstDataBlock() : geo.groupFirstBlock(g);
            long last = flexBg ? geo.blocksCount() - 1 : geo.groupLastBlock(g);
            String why = claim(used, gd.blockBitmap(), 1, first, last);
            if (why != null) {
                return "the block bitmap of group " + g + " " + why;
            }
            why = claim(used, gd.inodeBitmap(), 1, first, last);
            if (why != null) {
                return "the inode bitmap of group " + g + " " + why;
            }
            why = claim(used, gd.inodeTable(), tableBlocks, first, last);
            if (why != null) {
                return "the inode table of group " + g + " " + why;
            }
        }
        return null;
    }

    /** Marks [start, start + count) as used; says why it cannot be, or null. */
    private static String claim(Roaring64Bitmap used, long start, long count, long first, long last) {
        if (start < first || start > last || count - 1 > last - start) {
            return "(block " + Long.toUnsignedString(start) + ") lies outside blocks " + first + "-" + last;
        }
        for (long b = start; b < start + count; b++) {
            if (used.contains(b)) {
                return "(block " + start + ") overlaps other metadata at block " + b;
            }
        }
        used.addRange(start, start + count);
        return null;
    }
}
