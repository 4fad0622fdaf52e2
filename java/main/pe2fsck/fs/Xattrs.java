package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every extended attribute of an inode (in-inode area, then the xattr block), with
 * values read from wherever they live, including EA inodes. Off the hot path: it allocates
 * freely. One instance per thread.
 */
public final class Xattrs {

    /** One attribute: full name (prefix included), value, and whether it came from the block. */
    public record Xattr(String name, byte[] value, boolean inBlock) {
    }

    private final FileSystem fs;
    private final FileReader reader;
    private final Checksums ck;
    private final XattrIterator it = new XattrIterator();
    private final XattrBlock header = new XattrBlock();
    private final ByteBuffer block;

    public Xattrs(FileSystem fs, FileReader reader) {
        this.fs = fs;
        this.reader = reader;
        this.ck = fs.checksums();
        this.block = ByteBuffer.allocate(fs.blockSize()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * All attributes of {@code inode}. Bad entries throw {@link FormatException}; with
     * {@code verify} and metadata_csum, so does a wrong xattr block checksum.
     */
    public List<Xattr> list(long ino, Inode inode, boolean verify) {
        List<Xattr> out = new ArrayList<>();
        if (InodeXattrs.entries(inode, it)) {
            collect(out, inode.buffer(), false, ino);
        }
        long blk = inode.fileAcl();
        if (blk != 0) {
            block.clear();
            fs.readBlock(blk, block);
            header.at(block, 0);
            if (!header.hasMagic()) {
                throw new FormatException(String.format("inode %d: xattr block %d has bad magic 0x%08x", ino, blk, header.magic()));
            }
            if (verify && fs.has(Feature.METADATA_CSUM) && !header.checksumMatches(ck, blk, fs.blockSize())) {
                throw new FormatException("inode " + ino + ": xattr block " + blk + " has a bad checksum");
            }
            header.entries(it, fs.blockSize());
            collect(out, block, true, ino);
        }
        return out;
    }

    private void collect(List<Xattr> out, ByteBuffer b, boolean inBlock, long ino) {
        while (it.next()) {
            XattrEntry e = it.entry();
            byte[] value;
            if (e.valueInum() != 0) {
                value = reader.readAll(e.valueInum());
                if (value.length != e.valueSize()) {
                    throw new FormatException("inode " + ino + ": EA inode " + e.valueInum() + " size differs from the entry");
                }
            } else {
                value = new byte[(int) e.valueSize()];
                b.get(it.valueOffset(), value);
            }
            out.add(new Xattr(e.fullName(), value, inBlock));
        }
        if (it.error() != null) {
            throw new FormatException("inode " + ino + ": " + it.error());
        }
    }
}
