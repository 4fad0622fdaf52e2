package pe2fsck.fs;

/**
 * Symlink targets. A fast symlink keeps its target in i_block (no data blocks, size under 60
 * bytes, not inline data); any other symlink is read like a file: through its extents or block
 * map, or from inline data.
 */
public final class Symlinks {

    private Symlinks() {
    }

    /**
     * True if {@code inode} is a fast symlink: a symlink without inline data, shorter than i_block,
     * and owning no blocks other than (possibly) its xattr block.
     */
    public static boolean isFast(Inode inode, FileSystem fs) {
        if (!inode.isSymlink() || inode.hasFlag(Inode.FL_INLINE_DATA)) {
            return false;
        }
        long size = inode.size();
        if (size <= 0 || size >= Inode.BLOCK_BYTES) {
            return false;
        }
        return dataSectors(inode, fs) == 0;
    }

    /** i_blocks in 512-byte units, less the share of the xattr block. */
    static long dataSectors(Inode inode, FileSystem fs) {
        long sectors = inode.blocksRaw();
        if (fs.has(Feature.HUGE_FILE) && inode.hasFlag(Inode.FL_HUGE_FILE)) {
            sectors *= fs.blockSize() / 512;
        }
        if (inode.fileAcl() != 0) {
            sectors -= fs.superblock().clusterSize() / 512;
        }
        return sectors;
    }

    /** The target bytes of symlink {@code ino}. */
    public static byte[] target(FileReader reader, long ino, Inode inode) {
        if (isFast(inode, reader.fileSystem())) {
            byte[] t = new byte[(int) inode.size()];
            inode.buffer().get(inode.blockAreaOffset(), t);
            return t;
        }
        if (inode.size() > reader.fileSystem().blockSize()) {
            throw new FormatException("symlink inode " + ino + " has size " + inode.size() + ", longer than a block");
        }
        return reader.readAll(ino, inode);
    }
}
