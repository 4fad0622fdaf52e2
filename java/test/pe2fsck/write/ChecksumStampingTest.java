package pe2fsck.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.fs.DirTail;
import pe2fsck.fs.DxEntries;
import pe2fsck.fs.DxTail;
import pe2fsck.fs.ExtentHeader;
import pe2fsck.fs.ExtentTail;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Geometry;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.Le;
import pe2fsck.fs.XattrBlock;
import pe2fsck.io.FileChannelDevice;

/**
 * Every kind of dirty block gets its checksum recomputed on the way out: a stored checksum is
 * zeroed in the cached block, the block marked dirty, the cache flushed, and e2fsck -fn finds
 * nothing. The same zeroing written straight to the image makes e2fsck complain, so each case
 * shows a checksum the write path restored.
 */
class ChecksumStampingTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        assumeTrue(Images.haveTools("mke2fs", "e2fsck", "debugfs"), "needs e2fsprogs");
    }

    /** One structure to damage: its block, kind, owner, and where its checksum is. */
    private record Target(String name, long block, BlockKind kind, long owner, int csumOffset, int csumBytes) {
    }

    private Path build() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path big = Files.createDirectories(src.resolve("big"));
        for (int i = 0; i < 300; i++) {
            Files.writeString(big.resolve("entry-with-a-longish-name-" + i), "x");
        }
        try (RandomAccessFile f = new RandomAccessFile(src.resolve("sparse").toFile(), "rw")) {
            for (int i = 0; i < 8; i++) {
                f.seek(i * 64L * 4096);
                f.write(new byte[4096 * 2]);
                f.seek(i * 64L * 4096);
                f.write(1);
            }
        }
        Files.writeString(src.resolve("f"), "with attributes");
        Path value = dir.resolve("value");
        Files.writeString(value, "v".repeat(600));
        Path img = Images.mkfs(dir.resolve("base.img"), 32 * 1024, "-t", "ext4", "-b", "4096", "-d", src.toString());
        assertEquals(0, Images.exec("debugfs", "-w", "-R", "ea_set -f " + value + " /f user.big", img.toString()).exit());
        Images.exec("e2fsck", "-fyD", img.toString());
        assertEquals(0, Images.e2fsckFn(img), "the base image is clean");
        return img;
    }

    private static long inodeOf(Path img, String path) throws Exception {
        Matcher m = Pattern.compile("Inode: (\\d+)").matcher(Images.exec("debugfs", "-R", "stat " + path, img.toString()).out());
        assertEquals(true, m.find(), path);
        return Long.parseLong(m.group(1));
    }

    private static long firstBlock(Path img, String path) throws Exception {
        String out = Images.exec("debugfs", "-R", "bmap " + path + " 0", img.toString()).out().trim();
        return Long.parseLong(out.substring(out.lastIndexOf('\n') + 1).trim());
    }

    private List<Target> targets(Path img) throws Exception {
        List<Target> t = new ArrayList<>();
        long bigIno = inodeOf(img, "/big");
        long sparseIno = inodeOf(img, "/sparse");
        long fIno = inodeOf(img, "/f");
        try (FileSystem fs = FileSystem.open(FileChannelDevice.open(img.toString(), false))) {
            Geometry geo = fs.geometry();
            int bs = geo.blockSize();
            long root = firstBlock(img, "<2>");
            t.add(new Target("directory leaf tail", root, BlockKind.DIR_LEAF, 2, DirTail.offset(0, bs) + 8, 4));
            long dx = firstBlock(img, "/big");
            ByteBuffer b = fs.readBlock(dx);
            int countOff = DxTail.countOffsetOf(b, 0, bs);
            DxEntries e = new DxEntries().at(b, countOff);
            t.add(new Target("htree root tail", dx, BlockKind.DIR_INDEX, bigIno, DxTail.offset(e) + 4, 4));
            // The sparse file's extents do not fit in the inode: its root points at a leaf block.
            ByteBuffer in = fs.readInode(sparseIno).buffer();
            long leaf = Le.u32(in, 0x28 + 12 + 4) | (long) Le.u16(in, 0x28 + 12 + 8) << 32;
            assertEquals(1, Le.u16(in, 0x28 + 6), "the sparse file has a tree of depth 1");
            ByteBuffer lb = fs.readBlock(leaf);
            int max = new ExtentHeader().at(lb, 0).max();
            t.add(new Target("extent block tail", leaf, BlockKind.EXTENT, sparseIno, ExtentTail.offset(0, max), 4));
            long acl = fs.readInode(fIno).fileAcl();
            t.add(new Target("xattr block", acl, BlockKind.XATTR, 0, XattrBlock.CHECKSUM_OFFSET, 4));
            GroupDescriptor gd = fs.descriptors().at(0);
            long ib = gd.inodeTable() + (fIno - 1) * geo.inodeSize() / bs;
            int inOff = (int) ((fIno - 1) * geo.inodeSize() % bs);
            t.add(new Target("inode", ib, BlockKind.INODE_TABLE, fIno, inOff + 0x7C, 2));
            t.add(new Target("block bitmap", gd.blockBitmap(), BlockKind.BLOCK_BITMAP, 0, -1, 0));
            t.add(new Target("inode bitmap", gd.inodeBitmap(), BlockKind.INODE_BITMAP, 0, -1, 0));
        }
        return t;
    }

    @Test
    void everyKindIsRestampedOnTheWayOut() throws Exception {
        Path base = build();
        List<String> wrong = new ArrayList<>();
        for (Target t : targets(base)) {
            Path raw = dir.resolve("raw.img");
            Path viaCache = dir.resolve("cache.img");
            Files.copy(base, raw, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(base, viaCache, StandardCopyOption.REPLACE_EXISTING);
            try (FileSystem fs = FileSystem.open(FileChannelDevice.open(raw.toString(), true))) {
                damage(fs, t, fs.readBlock(t.block()), true);
            }
            assertNotEquals(0, Images.e2fsckFn(raw), t.name() + ": the damage is one e2fsck sees");
            try (FileSystem fs = FileSystem.open(FileChannelDevice.open(viaCache.toString(), true))) {
                WriteCache cache = new WriteCache(fs, UndoLog.none(), 0);
                damage(fs, t, cache.block(t.block()), false);
                cache.markDirty(t.block(), t.kind(), t.owner());
                cache.flush(System.currentTimeMillis() / 1000);
            }
            Images.Run after = Images.exec("e2fsck", "-fn", viaCache.toString());
            if (after.exit() != 0) {
                wrong.add(t.name() + ":\n" + after.out());
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** Zeroes the target's checksum (bitmaps: the one in the descriptor), in {@code b} or on disk. */
    private static void damage(FileSystem fs, Target t, ByteBuffer b, boolean writeRaw) {
        if (t.csumOffset() < 0) {
            GroupDescriptor gd = fs.descriptors().at(0);
            if (t.kind() == BlockKind.BLOCK_BITMAP) {
                gd.setBlockBitmapChecksum(0);
            } else {
                gd.setInodeBitmapChecksum(0);
            }
            if (writeRaw) {
                // the descriptor with its bitmap checksum zeroed, its own checksum made right
                gd.setChecksum(fs.checksums().groupDescriptor(gd, 0, true));
                Geometry geo = fs.geometry();
                long blk = geo.descriptorBlock(FileSystem.primarySuperblockBlock(fs.superblock()), 0);
                ByteBuffer table = fs.descriptorTable().duplicate();
                table.clear().limit(geo.blockSize());
                fs.device().write(blk * geo.blockSize(), table);
            }
            return;
        }
        for (int i = 0; i < t.csumBytes(); i++) {
            b.put(t.csumOffset() + i, (byte) 0);
        }
        if (writeRaw) {
            ByteBuffer out = b.duplicate();
            out.clear();
            fs.device().write(t.block() * fs.blockSize(), out);
        }
    }
}
