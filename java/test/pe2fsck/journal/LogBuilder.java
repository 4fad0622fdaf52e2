package pe2fsck.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a jbd2 journal by hand in memory for the parser's tests: a superblock with chosen
 * features, then transactions of descriptor, data, revoke and commit blocks written from a given
 * start, wrapping at the end of the journal. Checksums are filled in for the journal's version.
 */
final class LogBuilder {

    static final int BS = 1024;
    final int blocks;
    final ByteBuffer[] journal;
    final ByteBuffer sb;
    final TagLayout layout;
    final JournalChecksums sums;
    private long pos;
    private long commitTime = 1000;

    LogBuilder(int blocks, int incompat, int compat, long start, long sequence) {
        this.blocks = blocks;
        journal = new ByteBuffer[blocks];
        for (int i = 0; i < blocks; i++) {
            journal[i] = ByteBuffer.allocate(BS).order(ByteOrder.BIG_ENDIAN);
        }
        sb = journal[0];
        sb.putInt(0, JournalSuperblock.MAGIC).putInt(4, JournalSuperblock.BLOCKTYPE_SUPERBLOCK_V2).putInt(0x0C, BS)
                .putInt(0x10, blocks).putInt(0x14, 1).putInt(0x18, (int) sequence).putInt(0x1C, (int) start)
                .putInt(0x24, compat).putInt(0x28, incompat | JournalSuperblock.INCOMPAT_REVOKE);
        for (int i = 0; i < 16; i++) {
            sb.put(0x30 + i, (byte) (i * 7 + 3));
        }
        JournalSuperblock jsb = superblock();
        layout = TagLayout.of(jsb);
        sums = layout.blockChecksums() ? new JournalChecksums(jsb.uuid()) : null;
        pos = start;
    }

    JournalSuperblock superblock() {
        return JournalSuperblock.wrap(sb, 0);
    }

    /** Block contents whose first word is {@code first} and the rest {@code fill}. */
    static ByteBuffer data(int first, int fill) {
        ByteBuffer b = ByteBuffer.allocate(BS).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < BS; i += 4) {
            b.putInt(i, fill);
        }
        return b.putInt(0, first);
    }

    private ByteBuffer nextBlock() {
        ByteBuffer b = journal[(int) pos];
        b.clear();
        for (int i = 0; i < BS; i++) {
            b.put(i, (byte) 0);
        }
        pos++;
        if (pos >= blocks) {
            pos = 1;
        }
        return b;
    }

    long position() {
        return pos;
    }

    /** A revoke block of transaction {@code seq}. */
    LogBuilder revoke(long seq, long... fsBlocks) {
        ByteBuffer b = nextBlock();
        b.putInt(0, JournalSuperblock.MAGIC).putInt(4, LogBlock.REVOKE).putInt(8, (int) seq);
        int off = LogBlock.REVOKE_HEADER_BYTES;
        for (long f : fsBlocks) {
            if (layout.is64()) {
                b.putLong(off, f);
                off += 8;
            } else {
                b.putInt(off, (int) f);
                off += 4;
            }
        }
        b.putInt(12, off);
        if (sums != null) {
            sums.sealTail(b, BS);
        }
        return this;
    }

    /** A descriptor block of transaction {@code seq} and its data blocks (escaped as jbd2 does). */
    LogBuilder descriptor(long seq, long[] fsBlocks, ByteBuffer[] contents) {
        ByteBuffer d = nextBlock();
        d.putInt(0, JournalSuperblock.MAGIC).putInt(4, LogBlock.DESCRIPTOR).putInt(8, (int) seq);
        int t = LogBlock.HEADER_BYTES;
        List<ByteBuffer> logged = new ArrayList<>();
        for (int i = 0; i < fsBlocks.length; i++) {
            ByteBuffer c = ByteBuffer.allocate(BS).order(ByteOrder.BIG_ENDIAN);
            c.put(0, contents[i], 0, BS);
            int flags = i == 0 ? 0 : LogBlock.FLAG_SAME_UUID;
            if (c.getInt(0) == JournalSuperblock.MAGIC) {
                c.putInt(0, 0);
                flags |= LogBlock.FLAG_ESCAPE;
            }
            if (i == fsBlocks.length - 1) {
                flags |= LogBlock.FLAG_LAST_TAG;
            }
            d.putInt(t, (int) fsBlocks[i]);
            if (layout.is64() || layout.csumV3()) {
                d.putInt(t + 8, (int) (fsBlocks[i] >>> 32));
            }
            if (layout.csumV3()) {
                d.putInt(t + 4, flags);
                d.putInt(t + 12, sums.dataBlock(c, BS, seq));
            } else {
                d.putShort(t + 6, (short) flags);
                if (layout.csumV2()) {
                    d.putShort(t + 4, (short) sums.dataBlock(c, BS, seq));
                }
            }
            t += layout.tagBytes() + ((flags & LogBlock.FLAG_SAME_UUID) != 0 ? 0 : 16);
            logged.add(c);
        }
        if (sums != null) {
            sums.sealTail(d, BS);
        }
        runningV1 = Crc32Be.update(runningV1, d, 0, BS);
        for (ByteBuffer c : logged) {
            nextBlock().put(0, c, 0, BS);
            runningV1 = Crc32Be.update(runningV1, c, 0, BS);
        }
        return this;
    }

    private int runningV1 = 0xFFFFFFFF;

    /** The commit block of transaction {@code seq}. */
    LogBuilder commit(long seq) {
        ByteBuffer b = nextBlock();
        b.putInt(0, JournalSuperblock.MAGIC).putInt(4, LogBlock.COMMIT).putInt(8, (int) seq);
        b.putLong(LogBlock.COMMIT_SEC, commitTime++);
        if (layout.v1Checksum()) {
            b.put(LogBlock.COMMIT_CSUM_TYPE, (byte) LogBlock.CRC32_TYPE).put(LogBlock.COMMIT_CSUM_SIZE, (byte) 4);
            b.putInt(LogBlock.COMMIT_CSUM, runningV1);
        }
        runningV1 = 0xFFFFFFFF;
        if (sums != null) {
            sums.sealCommit(b, BS);
        }
        return this;
    }

    /** The journal as a stream from the superblock's start, wrapping, each block once. */
    LogStream stream() {
        JournalSuperblock jsb = superblock();
        return new LogStream() {
            long at = jsb.start();
            int left = blocks - 1;

            @Override
            public ByteBuffer next() {
                if (left-- <= 0) {
                    return null;
                }
                ByteBuffer b = journal[(int) at].duplicate().order(ByteOrder.BIG_ENDIAN);
                at++;
                if (at >= blocks) {
                    at = 1;
                }
                return b.clear();
            }
        };
    }

    RecoveryPlan scan(long fsBlocks) {
        JournalSuperblock jsb = superblock();
        return new LogScan(jsb, blocks, fsBlocks).scan(stream(), jsb.start(), jsb.sequence());
    }
}
