package pe2fsck.write;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Geometry;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.fs.Superblock;

/**
 * The write-back cache of a writing run: metadata blocks a pass changes, plus the superblock and
 * descriptor table that {@link FileSystem} holds. Passes change cached buffers and mark them
 * dirty with what they hold; {@link #flush} stamps every checksum and writes everything in the
 * crash-safe order described in the package comment. Thread-safe.
 */
public final class WriteCache {

    private static final int KBYTES_WRITTEN_OFFSET = 0x178;
    private static final int WRITE_TIME_OFFSET = 0x30;
    private static final int WRITE_TIME_HI_OFFSET = 0x274;
    private static final int BLOCK_GROUP_NR_OFFSET = 0x5A;

    /** One cached block and what it holds. */
    private static final class Entry {
        final ByteBuffer buf;
        BlockKind kind;
        long owner;
        /** Inodes changed in an inode-table block. */
        List<Long> inodes;
        boolean dirty;

        Entry(ByteBuffer buf) {
            this.buf = buf;
        }
    }

    private final FileSystem fs;
    private final OrderedWriter writer;
    private final UndoLog undo;
    private final Map<Long, Entry> blocks = new HashMap<>();
    private final byte[] sbOnDisk;
    private final byte[] gdtAsRead;
    private final BitSet dirtyGroups = new BitSet();
    private boolean sbDirty;
    private boolean fromBackup;
    /** KiB of this run already added to the in-memory superblock's lifetime counter. */
    private long kilobytesCounted;

    /**
     * @param fs          the open file system (its device writable)
     * @param undo        where old contents go first
     * @param delayMillis test hook: pause before every device write (0 in real runs)
     */
    public WriteCache(FileSystem fs, UndoLog undo, long delayMillis) {
        this.fs = fs;
        this.undo = undo;
        this.writer = new OrderedWriter(fs.device(), fs.blockSize(), undo, delayMillis);
        this.sbOnDisk = readPrimarySuperblock(fs);
        this.gdtAsRead = copy(fs.descriptorTable());
        this.fromBackup = fs.superblockBlock() != FileSystem.primarySuperblockBlock(fs.superblock());
    }

    /** The primary superblock as it is on the device now (for the undo log's first record). */
    public static ByteBuffer primarySuperblock(FileSystem fs) {
        return ByteBuffer.wrap(readPrimarySuperblock(fs)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] readPrimarySuperblock(FileSystem fs) {
        ByteBuffer b = ByteBuffer.allocate(Superblock.SIZE);
        fs.device().read(Superblock.PRIMARY_OFFSET, b);
        return b.array();
    }

    private static byte[] copy(ByteBuffer b) {
        byte[] a = new byte[b.capacity()];
        b.duplicate().clear().get(a);
        return a;
    }

    /** The cached copy of block {@code blk}, read from the device on first use. */
    public synchronized ByteBuffer block(long blk) {
        Entry e = blocks.get(blk);
        if (e == null) {
            if (blk < 0 || blk >= fs.geometry().blocksCount()) {
                throw new IllegalArgumentException("block " + blk + " is outside the file system");
            }
            e = new Entry(fs.readBlock(blk));
            blocks.put(blk, e);
        }
        return e.buf;
    }

    /**
     * Marks block {@code blk} (fetched with {@link #block}) as changed. {@code owner} is the group
     * for bitmaps and the inode for inode-table, directory and extent blocks.
     */
    public synchronized void markDirty(long blk, BlockKind kind, long owner) {
        Entry e = blocks.get(blk);
        if (e == null) {
            throw new IllegalStateException("block " + blk + " was marked dirty without being fetched");
        }
        e.dirty = true;
        e.kind = kind;
        e.owner = owner;
        if (kind == BlockKind.INODE_TABLE) {
            if (e.inodes == null) {
                e.inodes = new ArrayList<>();
            }
            if (!e.inodes.contains(owner)) {
                e.inodes.add(owner);
            }
        }
    }

    /** Says the in-memory superblock changed (a field, or only its checksum needs restoring). */
    public synchronized void superblockChanged() {
        sbDirty = true;
    }

    /** Says group {@code g}'s in-memory descriptor changed (or only its checksum is wrong). */
    public synchronized void descriptorChanged(long g) {
        dirtyGroups.set((int) g);
    }

    /**
     * True if anything would be written by {@link #flush}: a marked change, or a superblock or
     * descriptor whose bytes differ from what was read.
     */
    public synchronized boolean pending() {
        collectChangedBytes();
        return sbDirty || !dirtyGroups.isEmpty() || blocks.values().stream().anyMatch(e -> e.dirty);
    }

    /** Total bytes put on the device so far. */
    public synchronized long bytesWritten() {
        return writer.bytesWritten();
    }

    /** Device writes made so far (each a run of merged blocks or one superblock). */
    public synchronized int writes() {
        return writer.writes();
    }

    private void collectChangedBytes() {
        ByteBuffer sb = fs.superblockBuffer();
        for (int i = 0; i < Superblock.SIZE && !sbDirty; i++) {
            // The checksum is restamped on the way out; a change there alone is no change.
            if (i < Superblock.CHECKSUM_OFFSET && sb.get(i) != sbOnDisk[i]) {
                sbDirty = true;
            }
        }
        ByteBuffer gdt = fs.descriptorTable();
        int ds = fs.geometry().descSize();
        for (long g = 0; g < fs.groupCount(); g++) {
            int off = (int) (g * ds);
            for (int i = 0; i < ds; i++) {
                if (gdt.get(off + i) != gdtAsRead[off + i]) {
                    dirtyGroups.set((int) g);
                    break;
                }
            }
        }
        if (fromBackup) {
            // Checked from a backup: the primary copies are rewritten from it.
            sbDirty = true;
            dirtyGroups.set(0, (int) fs.groupCount());
        }
    }

    /**
     * Writes everything dirty. Order: if blocks other than the superblock go out, the superblock
     * is first written with its "valid" state cleared (so a run killed now is checked in full
     * next time); then all blocks and descriptor blocks, in block order; a flush; the final
     * superblock; a flush. Returns the bytes written by this call.
     *
     * @param nowSeconds the time stamped as the superblock's last write
     */
    public synchronized long flush(long nowSeconds) {
        long before = writer.bytesWritten();
        collectChangedBytes();
        ChecksumStamper stamper = new ChecksumStamper(fs, this::inode);
        TreeMap<Long, ByteBuffer> out = new TreeMap<>();
        for (Map.Entry<Long, Entry> me : blocks.entrySet()) {
            Entry e = me.getValue();
            if (!e.dirty || takeIntoSuperblockOrDescriptors(me.getKey(), e.buf)) {
                continue;
            }
            if (e.kind == BlockKind.INODE_TABLE) {
                for (long ino : e.inodes) {
                    stamper.block(e.kind, ino, me.getKey(), e.buf);
                }
            } else if (stamper.block(e.kind, e.owner, me.getKey(), e.buf)) {
                dirtyGroups.set((int) e.owner);
            }
            out.put(me.getKey(), e.buf);
        }
        Geometry geo = fs.geometry();
        int bs = geo.blockSize();
        long primary = FileSystem.primarySuperblockBlock(fs.superblock());
        ByteBuffer gdt = fs.descriptorTable();
        for (int g = dirtyGroups.nextSetBit(0); g >= 0; g = dirtyGroups.nextSetBit(g + 1)) {
            stamper.descriptor(g);
        }
        for (int g = dirtyGroups.nextSetBit(0); g >= 0; g = dirtyGroups.nextSetBit(g + 1)) {
            long i = g / geo.descPerBlock();
            long blk = geo.descriptorBlock(primary, i);
            ByteBuffer slice = gdt.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            slice.limit((int) ((i + 1) * bs)).position((int) (i * bs));
            out.put(blk, slice.slice().order(ByteOrder.LITTLE_ENDIAN));
        }
        if (out.isEmpty() && !sbDirty) {
            return 0;
        }
        if (!out.isEmpty()) {
            if ((Le.u16(ByteBuffer.wrap(sbOnDisk).order(ByteOrder.LITTLE_ENDIAN), 0x3A) & Superblock.STATE_VALID) != 0) {
                writeInterimSuperblock(stamper, nowSeconds);
            }
            writer.writeBlocks(out);
            writer.barrier();
        }
        ByteBuffer sb = fs.superblockBuffer();
        stampWriteTime(sb, nowSeconds);
        countKilobytes(sb, writer.bytesWritten() + fs.blockSize());
        Le.put16(sb, BLOCK_GROUP_NR_OFFSET, 0);
        stamper.superblock(sb);
        writer.writeSuperblock(sb);
        writer.barrier();
        sb.duplicate().clear().get(sbOnDisk, 0, Superblock.SIZE);
        for (Entry e : blocks.values()) {
            e.dirty = false;
            e.inodes = null;
        }
        gdt.duplicate().clear().get(gdtAsRead);
        dirtyGroups.clear();
        sbDirty = false;
        fromBackup = false;
        return writer.bytesWritten() - before;
    }

    /**
     * A dirty block that holds the primary superblock or a primary descriptor block (a journal
     * replay writes those) goes into the in-memory copies, which are written in their own order.
     * Returns true if {@code blk} was such a block.
     */
    private boolean takeIntoSuperblockOrDescriptors(long blk, ByteBuffer b) {
        Geometry geo = fs.geometry();
        int bs = geo.blockSize();
        boolean taken = false;
        if (blk == Superblock.PRIMARY_OFFSET / bs) {
            int at = Superblock.PRIMARY_OFFSET % bs;
            ByteBuffer src = b.duplicate();
            src.limit(at + Superblock.SIZE).position(at);
            fs.superblockBuffer().duplicate().clear().put(src);
            sbDirty = true;
            taken = true;
        }
        long primary = FileSystem.primarySuperblockBlock(fs.superblock());
        for (long i = 0; i < geo.descBlocks(); i++) {
            if (geo.descriptorBlock(primary, i) == blk) {
                ByteBuffer gdt = fs.descriptorTable().duplicate();
                int from = (int) (i * bs);
                int len = Math.min(bs, gdt.capacity() - from);
                gdt.clear().position(from);
                ByteBuffer src = b.duplicate();
                src.clear().limit(len);
                gdt.put(src);
                long first = i * geo.descPerBlock();
                dirtyGroups.set((int) first, (int) Math.min(first + geo.descPerBlock(), fs.groupCount()));
                return true;
            }
        }
        return taken;
    }

    /** The superblock as it is on disk, with its "valid" state cleared. */
    private void writeInterimSuperblock(ChecksumStamper stamper, long now) {
        ByteBuffer sb = ByteBuffer.wrap(sbOnDisk.clone()).order(ByteOrder.LITTLE_ENDIAN);
        Le.put16(sb, 0x3A, Le.u16(sb, 0x3A) & ~Superblock.STATE_VALID);
        Le.put16(sb, BLOCK_GROUP_NR_OFFSET, 0);
        stampWriteTime(sb, now);
        stamper.superblock(sb);
        writer.writeSuperblock(sb);
        writer.barrier();
        sb.clear().get(sbOnDisk);
    }

    /** Last write time, as every writer of a superblock keeps it. */
    private static void stampWriteTime(ByteBuffer sb, long now) {
        Le.put32(sb, WRITE_TIME_OFFSET, now & 0xFFFF_FFFFL);
        sb.put(WRITE_TIME_HI_OFFSET, (byte) (now >>> 32));
    }

    /** Adds this run's writes so far to the lifetime counter (KiB), when the file system keeps one. */
    private void countKilobytes(ByteBuffer sb, long bytesThisRun) {
        long kb = Le.u64(sb, KBYTES_WRITTEN_OFFSET);
        long total = bytesThisRun / 1024;
        if (kb != 0) {
            Le.put64(sb, KBYTES_WRITTEN_OFFSET, kb + total - kilobytesCounted);
        }
        kilobytesCounted = total;
    }

    /** Inode {@code ino}'s record: from a cached inode-table block if there is one. */
    private Inode inode(long ino) {
        Geometry geo = fs.geometry();
        long g = geo.groupOfInode(ino);
        long idx = geo.indexInGroup(ino);
        long blk = fs.descriptors().at((int) g).inodeTable() + idx * geo.inodeSize() / geo.blockSize();
        Entry e = blocks.get(blk);
        if (e != null) {
            return new Inode(geo.inodeSize()).at(e.buf, (int) (idx * geo.inodeSize() % geo.blockSize()));
        }
        return fs.readInode(ino);
    }

    /** Ends the undo log; the cache must not be flushed again. */
    public void close() {
        undo.close();
    }
}
