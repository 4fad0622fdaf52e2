package pe2fsck.pass1;

import java.nio.ByteBuffer;
import pe2fsck.fs.Inode;
import pe2fsck.fs.InodeXattrs;
import pe2fsck.fs.Le;
import pe2fsck.fs.XattrEntry;
import pe2fsck.fs.XattrHash;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * Checks the extended attributes stored in an inode's body, after i_extra_isize, by e2fsck's
 * rules: the space left after each entry header must hold its name (an empty name is legal:
 * the POSIX ACLs are stored as a bare name index) and its value; entries, values and the
 * terminating word must lie inside the area without overlapping; a non-zero stored hash must
 * match the name and value. The first problem ends the check of the area. Notes whether any
 * value lives in an EA inode, whose blocks the kernel charges to this inode's i_blocks. One
 * instance per consumer; allocates nothing on a healthy inode.
 */
final class InodeXattrCheck {

    private final XattrEntry entry = new XattrEntry();
    private final XattrRegions regions = new XattrRegions();
    /** Set by {@link #check} when an entry keeps its value in an EA inode. */
    boolean usesEaInode;
    /**
     * What the values kept in EA inodes cost this inode, as the kernel charges them to it: file
     * system blocks (each value rounded up to whole clusters) and one inode per value.
     */
    long eaInodeBlocks;
    int eaInodes;
    private final int clusterSize;
    private final int clusterRatio;

    InodeXattrCheck(int clusterSize, int blockSize) {
        this.clusterSize = clusterSize;
        this.clusterRatio = clusterSize / blockSize;
    }

    /** Checks the in-inode area; returns false if it found a problem (already reported). */
    boolean check(Inode inode, long ino, BatchResult r) {
        usesEaInode = false;
        eaInodeBlocks = 0;
        eaInodes = 0;
        if (!InodeXattrs.present(inode)) {
            return true;
        }
        ByteBuffer b = inode.buffer();
        int header = InodeXattrs.magicOffset(inode);
        int storage = inode.offset() + inode.recordSize() - header; // the magic word included
        int first = header + 4; // value offsets count from here
        regions.clear();
        regions.take(0, 4);
        long remain = storage - 4;
        int at = first;
        while (remain >= XattrEntry.HEADER && Le.s32(b, at) != 0) {
            XattrEntry e = entry.at(b, at);
            int nameLen = e.nameLen();
            if (!take(at - header, XattrEntry.entrySize(nameLen), storage)) {
                return report(r, Finding.of(Problem.INODE_EA_ALLOC_COLLISION).ino(ino));
            }
            remain -= XattrEntry.HEADER;
            int nameSpace = (nameLen + 3) & ~3;
            if (nameSpace > remain) {
                return report(r, Finding.of(Problem.ATTR_NAME_LEN).ino(ino).num2(nameLen));
            }
            remain -= nameSpace;
            if (e.valueInum() == 0) {
                long size = e.valueSize();
                if (size > remain) {
                    return report(r, Finding.of(Problem.ATTR_VALUE_SIZE).ino(ino).num2(size));
                }
                if (size != 0 && !take(4L + e.valueOffs(), (size + 3) & ~3L, storage)) {
                    return report(r, Finding.of(Problem.INODE_EA_ALLOC_COLLISION).ino(ino));
                }
                // Old kernels left the hash of in-inode entries at zero.
                if (e.hash() != 0 && !XattrHash.matches(e, first + e.valueOffs())) {
                    return report(r, Finding.of(Problem.ATTR_HASH).ino(ino).num(e.hash() & 0xFFFFFFFFL));
                }
                remain -= size;
            } else {
                usesEaInode = true;
                eaInodeBlocks += (e.valueSize() + clusterSize - 1) / clusterSize * clusterRatio;
                eaInodes++;
            }
            at += XattrEntry.entrySize(nameLen);
        }
        if (!take(at - header, 4, storage)) {
            return report(r, Finding.of(Problem.INODE_EA_ALLOC_COLLISION).ino(ino));
        }
        return true;
    }

    /** Takes [from, from + len) of an area {@code size} bytes long; false if outside or taken. */
    private boolean take(long from, long len, long size) {
        return from >= 0 && from + len <= size && regions.take(from, len);
    }

    private static boolean report(BatchResult r, Finding.Builder f) {
        r.report(f.build());
        return false;
    }
}
