package pe2fsck.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.io.Devices;

/** The walkers and iterators must stop cleanly, with a one-line reason, on corrupt input. */
class CorruptStructuresTest {

    @TempDir
    Path tmp;

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** An inode record whose i_block holds an extent root of the given depth and entries. */
    private static Inode extentInode(int depth, long... children) {
        ByteBuffer b = le(256);
        Inode in = new Inode(256).at(b, 0);
        in.setMode(Inode.S_IFREG | 0644);
        in.setFlags(Inode.FL_EXTENTS);
        int r = in.blockAreaOffset();
        Le.put16(b, r, ExtentHeader.MAGIC);
        Le.put16(b, r + 2, children.length);
        Le.put16(b, r + 4, 4);
        Le.put16(b, r + 6, depth);
        for (int i = 0; i < children.length; i++) {
            int e = r + 12 + 12 * i;
            Le.put32(b, e, i * 100L);
            Le.put32(b, e + 4, children[i]);
        }
        return in;
    }

    private static void writeExtentNode(Path img, int bs, long block, int depth, long child) throws Exception {
        ByteBuffer b = le(bs);
        Le.put16(b, 0, ExtentHeader.MAGIC);
        Le.put16(b, 2, 1);
        Le.put16(b, 4, ExtentHeader.capacity(bs));
        Le.put16(b, 6, depth);
        Le.put32(b, 12, 0);
        Le.put32(b, 16, child);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(block * bs);
            f.write(b.array());
        }
    }

    @Test
    void extentWalkerRejectsBadTrees() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path img = TestImages.mkfs(tmp.resolve("x.img"), "ext4", 1024, "^metadata_csum", null, 4096);
        long loopBlock = 4000;
        // A depth-2 root whose child (depth 1) points back to itself.
        writeExtentNode(img, 1024, loopBlock, 1, loopBlock);
        try (FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false))) {
            ExtentWalker w = new ExtentWalker(fs);
            List<Long> seen = new ArrayList<>();
            ExtentWalker.Visitor v = (l, p, n, u) -> seen.add(p);

            FormatException outside = assertThrows(FormatException.class, () -> w.walk(20, extentInode(1, 1L << 40), false, v));
            assertTrue(outside.getMessage().contains("outside the file system"), outside.getMessage());

            FormatException deep = assertThrows(FormatException.class, () -> w.walk(20, extentInode(6, 5), false, v));
            assertTrue(deep.getMessage().contains("depth"), deep.getMessage());

            // The child points back to itself. Levels come from the root's depth, as e2fsck takes
            // them (a tree block's own depth field is not read), so the walk ends after two
            // levels: it may report the block as a bad leaf or read it as one, but never loops.
            List<Long> looped = new ArrayList<>();
            try {
                w.walk(20, extentInode(2, loopBlock), false, (l, p, n, u) -> looped.add(p));
            } catch (FormatException expected) {
                // a bad leaf: as good an outcome as reading it
            }
            assertTrue(looped.size() <= 4, "a two-level walk reads at most one leaf's extents: " + looped);

            Inode badMagic = extentInode(0);
            Le.put16(badMagic.buffer(), badMagic.blockAreaOffset(), 0x1234);
            assertThrows(FormatException.class, () -> w.walk(20, badMagic, false, v));

            // A visitor may skip bad subtrees instead of failing.
            List<String> skipped = new ArrayList<>();
            w.walk(20, extentInode(1, 1L << 40, 2L << 40), false, new ExtentWalker.Visitor() {
                @Override
                public void extent(long logical, long physical, int length, boolean uninit) {
                }

                @Override
                public void badNode(long block, int depth, String why) {
                    skipped.add(why);
                }
            });
            assertEquals(2, skipped.size());
            assertTrue(seen.isEmpty());
        }
    }

    @Test
    void blockMapWalkerRejectsOutOfRangePointers() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path img = TestImages.mkfs(tmp.resolve("b.img"), "ext2", 1024, null, null, 4096);
        try (FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false))) {
            Inode in = new Inode(256).at(le(256), 0);
            in.setBlock(0, 500);
            in.setBlock(3, 99_999_999);
            BlockMapWalker w = new BlockMapWalker(fs);
            List<long[]> got = new ArrayList<>();
            assertThrows(FormatException.class, () -> w.walk(in, (l, p) -> got.add(new long[] {l, p})));
            got.clear();
            List<Long> bad = new ArrayList<>();
            w.walk(in, new BlockMapWalker.Visitor() {
                @Override
                public void block(long logical, long physical) {
                    got.add(new long[] {logical, physical});
                }

                @Override
                public void badPointer(long logical, long pointer, int level) {
                    bad.add(logical);
                }
            });
            assertEquals(1, got.size());
            assertEquals(List.of(3L), bad);
        }
    }

    @Test
    void dirBlockIteratorStopsOnBadRecLen() {
        ByteBuffer b = le(1024);
        DirEntry e = new DirEntry(true, 1024);
        DirBlockIterator it = new DirBlockIterator(e);
        // entry 1: fine; entry 2: rec_len 0
        Le.put32(b, 0, 11);
        Le.put16(b, 4, 12);
        b.put(6, (byte) 1).put(7, (byte) 1).put(8, (byte) 'a');
        Le.put32(b, 12, 12);
        Le.put16(b, 16, 0);
        it.reset(b, 0, 1024);
        assertTrue(it.next());
        assertFalse(it.next());
        assertNotNull(it.error());
        assertEquals(12, it.errorOffset());
        // rec_len past the end
        Le.put16(b, 16, 2000);
        it.reset(b, 0, 1024);
        assertTrue(it.next());
        assertFalse(it.next());
        assertTrue(it.error().contains("past the end"), it.error());
        // name longer than the record
        Le.put16(b, 16, 12);
        b.put(18, (byte) 9);
        it.reset(b, 0, 24);
        assertTrue(it.next());
        assertFalse(it.next());
        assertTrue(it.error().contains("name_len"), it.error());
    }

    @Test
    void largeBlockRecLenRule() {
        assertEquals(65536, DirEntry.decodeRecLen(65535, 65536));
        assertEquals(65536, DirEntry.decodeRecLen(0, 65536));
        assertEquals(12, DirEntry.decodeRecLen(12, 65536));
        assertEquals(0, DirEntry.decodeRecLen(0, 4096));
        for (int len : new int[] {12, 4096, 65532, 65536}) {
            assertEquals(len, DirEntry.decodeRecLen(DirEntry.encodeRecLen(len, 65536), 65536));
        }
    }

    @Test
    void xattrIteratorChecksBounds() {
        ByteBuffer b = le(64);
        // one entry whose value lies beyond the region
        b.put(0, (byte) 3).put(1, (byte) XattrEntry.INDEX_USER);
        Le.put16(b, 2, 60);
        Le.put32(b, 8, 20);
        b.put(16, (byte) 'a').put(17, (byte) 'b').put(18, (byte) 'c');
        XattrIterator it = new XattrIterator().reset(b, 0, 64, 0);
        assertFalse(it.next());
        assertTrue(it.error().contains("outside"), it.error());
        // value fits: the entry is returned, then the zero word ends the list
        Le.put16(b, 2, 40);
        it.reset(b, 0, 64, 0);
        assertTrue(it.next());
        assertEquals("user.abc", it.entry().fullName());
        assertFalse(it.next());
        assertEquals(null, it.error());
        // an entry cut off by the region end
        it.reset(b, 0, 18, 0);
        assertFalse(it.next());
        assertNotNull(it.error());
    }
}
