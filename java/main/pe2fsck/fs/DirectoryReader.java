package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Lists the entries of a directory through the model: linear blocks, htree directories (index
 * blocks are skipped; the root's '.' and '..' are reported) and inline directories (whose '.'
 * and '..' are implicit and reported as synthetic entries). With verification on and
 * metadata_csum, leaf tails and dx tails are checked and a mismatch throws
 * {@link FormatException}, as do malformed blocks. Off the hot path; one instance per thread.
 */
public final class DirectoryReader {

    /** Receives each live or deleted entry (inode 0 entries are skipped). */
    public interface Visitor {
        /**
         * One entry; {@code logicalBlock} is -1 for inline directories. For an inline
         * directory's implicit '.' and '..', {@code e} is null and the name and inode are given.
         */
        void entry(DirEntry e, long logicalBlock, String syntheticName, long syntheticInode);
    }

    private final FileSystem fs;
    private final FileReader reader;
    private final Checksums ck;
    private final DirEntry entry;
    private final DirBlockIterator it;
    private final InlineData inline = new InlineData();
    private final boolean csum;
    private boolean verify;
    private HtreeIndex lastIndex;

    public DirectoryReader(FileSystem fs, FileReader reader) {
        this.fs = fs;
        this.reader = reader;
        this.ck = fs.checksums();
        this.entry = DirEntry.of(fs);
        this.it = new DirBlockIterator(entry);
        this.csum = fs.has(Feature.METADATA_CSUM);
    }

    public DirectoryReader verifyChecksums(boolean on) {
        this.verify = on;
        return this;
    }

    /** The index parsed by the last {@link #read} of an htree directory, else null. */
    public HtreeIndex lastIndex() { return lastIndex; }

    /** Visits every entry of directory {@code ino} in logical block order. */
    public void read(long ino, Inode inode, Visitor v) {
        lastIndex = null;
        if (reader.isInline(inode)) {
            readInline(ino, inode, v);
            return;
        }
        int bs = fs.blockSize();
        byte[] raw = reader.readAll(ino, inode);
        if (raw.length % bs != 0) {
            throw new FormatException("directory inode " + ino + " has size " + raw.length + ", not a multiple of the block size");
        }
        ByteBuffer dir = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int seed = csum ? ck.inodeSeedValue(ino, inode.generation()) : 0;
        boolean indexed = fs.has(Feature.DIR_INDEX) && inode.hasFlag(Inode.FL_INDEX);
        if (indexed) {
            lastIndex = HtreeIndex.parse(dir, bs, fs.has(Feature.LARGEDIR), csum ? ck : null, seed);
            if (verify && !lastIndex.badChecksums().isEmpty()) {
                HtreeIndex.BadChecksum bad = lastIndex.badChecksums().get(0);
                throw new FormatException(String.format("directory inode %d: htree block %d has checksum 0x%08x, expected 0x%08x",
                        ino, bad.block(), bad.stored(), bad.expected()));
            }
        }
        long nBlocks = raw.length / bs;
        for (long lb = 0; lb < nBlocks; lb++) {
            int off = (int) (lb * bs);
            if (indexed && lb == 0) {
                // The root: only '.' and '..' are entries; the index hides inside '..'.
                for (int at : new int[] {0, 12}) {
                    entry.at(dir, at);
                    if (entry.inode() != 0) {
                        v.entry(entry, lb, null, 0);
                    }
                }
                continue;
            }
            if (indexed && lastIndex.isIndexBlock(lb)) {
                continue;
            }
            int len = bs;
            if (csum && DirTail.present(dir, off, bs)) {
                len = bs - DirTail.SIZE;
                if (verify) {
                    int stored = DirTail.stored(dir, off, bs);
                    int expected = DirTail.expected(ck, seed, dir, off, bs);
                    if (stored != expected) {
                        throw new FormatException(String.format(
                                "directory inode %d block %d has checksum 0x%08x, expected 0x%08x", ino, lb, stored, expected));
                    }
                }
            } else if (csum && verify) {
                throw new FormatException("directory inode " + ino + " block " + lb + " has no checksum tail");
            }
            it.reset(dir, off, len);
            emitAll(ino, lb, v);
        }
    }

    private void emitAll(long ino, long lb, Visitor v) {
        while (it.next()) {
            if (entry.inode() != 0) {
                v.entry(entry, lb, null, 0);
            }
        }
        if (it.error() != null) {
            throw new FormatException("directory inode " + ino + " block " + lb + ": " + it.error());
        }
    }

    private void readInline(long ino, Inode inode, Visitor v) {
        v.entry(null, -1, ".", ino);
        v.entry(null, -1, "..", InlineData.dirParent(inode));
        ByteBuffer b = inode.buffer();
        it.reset(b, inode.blockAreaOffset() + InlineData.DIR_PARENT_SIZE, Inode.BLOCK_BYTES - InlineData.DIR_PARENT_SIZE);
        emitAll(ino, -1, v);
        if (inline.locate(inode) && inline.valueLength() > 0) {
            it.reset(b, inline.valueOffset(), inline.valueLength());
            emitAll(ino, -1, v);
        }
    }
}
