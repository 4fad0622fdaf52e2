package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file's contents by logical block, whatever its mapping: extent tree, classic block
 * map, or inline data. Holes and uninitialized extents read as zeros; the length comes from
 * i_size. Meant for directories, symlinks, small system files and tests, not for bulk data. One
 * reader per thread.
 */
public final class FileReader {

    /** Largest file {@link #readAll} will return. */
    public static final long MAX_READ_ALL = Integer.MAX_VALUE - 64;

    /** One mapped run of blocks. */
    public record Extent(long logical, long physical, int length, boolean uninit) {
    }

    private final FileSystem fs;
    private final ExtentWalker extents;
    private final BlockMapWalker blockMap;
    private final InlineData inline = new InlineData();
    private final ByteBuffer block;
    private boolean verify;

    public FileReader(FileSystem fs) {
        this.fs = fs;
        this.extents = new ExtentWalker(fs);
        this.blockMap = new BlockMapWalker(fs);
        this.block = ByteBuffer.allocate(fs.blockSize()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** When on (and metadata_csum is set), extent tree blocks are checksum-verified as they are read. */
    public FileReader verifyChecksums(boolean on) {
        this.verify = on;
        return this;
    }

    public FileSystem fileSystem() { return fs; }

    /** True if the inode keeps its data inline in the inode. */
    public boolean isInline(Inode inode) {
        return fs.has(Feature.INLINE_DATA) && inode.hasFlag(Inode.FL_INLINE_DATA);
    }

    /**
     * The inode's block mapping in logical order, adjacent block-map blocks merged into runs. Empty
     * for inline inodes.
     */
    public List<Extent> map(long ino, Inode inode) {
        List<Extent> out = new ArrayList<>();
        if (isInline(inode)) {
            return out;
        }
        if (inode.hasFlag(Inode.FL_EXTENTS)) {
            extents.walk(ino, inode, verify, (logical, physical, length, uninit) -> {
                if (length > 0) {
                    out.add(new Extent(logical, physical, length, uninit));
                }
            });
            out.sort((a, b) -> Long.compare(a.logical(), b.logical()));
        } else {
            long[] run = {-1, -1, 0};
            blockMap.walk(inode, (logical, physical) -> {
                if (run[2] > 0 && logical == run[0] + run[2] && physical == run[1] + run[2] && run[2] < Integer.MAX_VALUE) {
                    run[2]++;
                    return;
                }
                if (run[2] > 0) {
                    out.add(new Extent(run[0], run[1], (int) run[2], false));
                }
                run[0] = logical;
                run[1] = physical;
                run[2] = 1;
            });
            if (run[2] > 0) {
                out.add(new Extent(run[0], run[1], (int) run[2], false));
            }
        }
        return out;
    }

    /** Physical block holding logical block {@code logical}, or -1 for a hole (or inline data). */
    public long physicalBlock(long ino, Inode inode, long logical) {
        for (Extent e : map(ino, inode)) {
            if (logical >= e.logical() && logical < e.logical() + e.length()) {
                return e.physical() + (logical - e.logical());
            }
        }
        return -1;
    }

    /** Reads inode {@code ino} and returns its whole contents. */
    public byte[] readAll(long ino) {
        return readAll(ino, fs.readInode(ino));
    }

    /** The whole contents of the file viewed by {@code inode} (i_size bytes). */
    public byte[] readAll(long ino, Inode inode) {
        long size = inode.size();
        if (size < 0 || size > MAX_READ_ALL) {
            throw new FormatException("inode " + ino + " is too large to read whole (" + size + " bytes)");
        }
        byte[] out = new byte[(int) size];
        if (isInline(inode)) {
            inline.copy(inode, out, out.length);
            return out;
        }
        int bs = fs.blockSize();
        long blocks = (size + bs - 1) / bs;
        for (Extent e : map(ino, inode)) {
            if (e.uninit()) {
                continue;
            }
            long startL = Math.max(0, e.logical());
            long endL = Math.min(blocks, e.logical() + e.length());
            for (long l = startL; l < endL; ) {
                long phys = e.physical() + (l - e.logical());
                long pos = l * bs;
                long whole = Math.min(endL - l, (size - pos) / bs);
                if (whole > 0) {
                    int n = (int) Math.min(whole, 256);
                    ByteBuffer dst = ByteBuffer.wrap(out, (int) pos, n * bs);
                    fs.readBlocks(phys, n, dst);
                    l += n;
                } else {
                    block.clear();
                    fs.readBlock(phys, block);
                    block.get(0, out, (int) pos, (int) (size - pos));
                    l++;
                }
            }
        }
        return out;
    }
}
