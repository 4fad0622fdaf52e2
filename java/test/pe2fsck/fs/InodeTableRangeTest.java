package pe2fsck.fs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.io.Devices;

/**
 * A descriptor whose inode table lies beyond the file system: reading an inode of that group is a
 * one-line format error, even where the block number times the block size is past any offset
 * (found by the fuzzer: the journal inode read in pass 0 ended in "negative offset").
 */
class InodeTableRangeTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(longs = {0x7fffffff00000000L, 0xffffffffL, -1L})
    void inodeOfAGroupWhoseTableIsOutsideIsAFormatError(long table) throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path img = TestImages.mkfs(tmp.resolve("t.img"), "ext4", 4096, "64bit", null, 8192);
        int gd = 4096; // the one descriptor, in the block after the superblock's
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            byte[] lo = le32(table), hi = le32(table >>> 32);
            f.seek(gd + 0x08);
            f.write(lo);
            f.seek(gd + 0x28);
            f.write(hi);
        }
        try (FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false))) {
            FormatException e = assertThrows(FormatException.class, () -> fs.readInode(8));
            assertTrue(e.getMessage().contains("outside the file system"), e.getMessage());
            assertTrue(e.getMessage().contains(Long.toUnsignedString(table)), e.getMessage());
        }
    }

    private static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
