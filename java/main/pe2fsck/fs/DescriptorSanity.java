package pe2fsck.fs;

import java.util.Map;
import java.util.TreeMap;

/**
 * Whether a group descriptor table can be trusted at all, by e2fsck's rule for deciding to try
 * the backup descriptors instead: every group's block bitmap, inode bitmap and inode table must
 * lie inside the file system (inside its own group without flex_bg) and must not overlap a
 * superblock copy, a descriptor block or another group's bitmaps and tables. Checksums do not
 * count here; pass 0 reports those.
 *
 * <p>The blocks claimed so far are kept as disjoint ranges (start to end, exclusive) in a sorted
 * map, so each claim costs a logarithmic look-up, whatever the number of groups.
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
        TreeMap<Long, Long> used = new TreeMap<>();
        SuperAndDescriptorBlocks.forEach(sb, geo, (start, count) -> add(used, start, start + count));
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
    private static String claim(TreeMap<Long, Long> used, long start, long count, long first, long last) {
        if (start < first || start > last || count - 1 > last - start) {
            return "(block " + Long.toUnsignedString(start) + ") lies outside blocks " + first + "-" + last;
        }
        long end = start + count;
        Map.Entry<Long, Long> below = used.floorEntry(start);
        if (below != null && below.getValue() > start) {
            return "(block " + start + ") overlaps other metadata at block " + start;
        }
        Map.Entry<Long, Long> above = used.ceilingEntry(start);
        if (above != null && above.getKey() < end) {
            return "(block " + start + ") overlaps other metadata at block " + above.getKey();
        }
        add(used, start, end);
        return null;
    }

    /** Adds [start, end) to the disjoint ranges of {@code used}, joining the ranges it touches. */
    private static void add(TreeMap<Long, Long> used, long start, long end) {
        Map.Entry<Long, Long> below = used.floorEntry(start);
        if (below != null && below.getValue() >= start) {
            start = below.getKey();
            end = Math.max(end, below.getValue());
            used.remove(below.getKey());
        }
        for (Map.Entry<Long, Long> next = used.ceilingEntry(start); next != null && next.getKey() <= end;
                next = used.ceilingEntry(start)) {
            end = Math.max(end, next.getValue());
            used.remove(next.getKey());
        }
        used.put(start, end);
    }
}
