package pe2fsck.pass1;

import pe2fsck.fs.Inode;
import pe2fsck.fs.InodeXattrs;
import pe2fsck.fs.XattrEntry;
import pe2fsck.fs.XattrIterator;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * Checks the extended attributes stored in an inode's body, after i_extra_isize: every entry
 * and value lies inside the area and no two overlap. Notes whether any value lives in an EA
 * inode, whose blocks the kernel charges to this inode's i_blocks. One instance per consumer.
 */
final class InodeXattrCheck {

    private final XattrIterator it = new XattrIterator();
    private final XattrRegions regions = new XattrRegions();
    /** Set by {@link #check} when an entry keeps its value in an EA inode. */
    boolean usesEaInode;

    /** Checks the in-inode area; returns false if it found a problem (already reported). */
    boolean check(Inode inode, long ino, BatchResult r) {
        usesEaInode = false;
        if (!InodeXattrs.entries(inode, it)) {
            return true;
        }
        int first = InodeXattrs.magicOffset(inode) + 4;
        int areaEnd = inode.offset() + inode.recordSize();
        regions.clear();
        while (it.next()) {
            XattrEntry e = it.entry();
            if (e.nameLen() == 0) {
                r.report(Finding.of(Problem.ATTR_NAME_LEN).ino(ino).num2(0).build());
                return false;
            }
            if (!regions.take(e.offset() - first, e.size())) {
                r.report(Finding.of(Problem.INODE_EA_ALLOC_COLLISION).ino(ino).build());
                return false;
            }
            if (e.valueInum() != 0) {
                usesEaInode = true;
                continue;
            }
            long size = e.valueSize();
            if (size > areaEnd - first) {
                r.report(Finding.of(Problem.ATTR_VALUE_SIZE).ino(ino).num2(size).build());
                return false;
            }
            if (size != 0 && !regions.take(e.valueOffs(), (size + 3) & ~3L)) {
                r.report(Finding.of(Problem.INODE_EA_ALLOC_COLLISION).ino(ino).build());
                return false;
            }
        }
        if (it.error() != null) {
            r.report(Finding.of(Problem.ATTR_VALUE_OFFSET).ino(ino).text(it.error()).build());
            return false;
        }
        return true;
    }
}
