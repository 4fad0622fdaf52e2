package pe2fsck.pass5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.TestImages;
import pe2fsck.io.Devices;

/**
 * A 64-bit descriptor whose bitmap block has its top bit set (a negative long): the group's
 * bitmap is left all zeros like any bitmap outside the file system, not read at a negative
 * offset (found by the fuzzer: "internal error: negative offset" in pass 5).
 */
class BitmapLocationTest {

    @TempDir
    Path tmp;

    @Test
    void bitmapsWithTheHighBitSetAreOutsideNotNegativeOffsets() throws Exception {
        Images.requireTools();
        Path img = TestImages.mkfs(tmp.resolve("t.img"), "ext4", 1024, "64bit", null, 40000);
        int gd1 = 2048 + 64; // group 1's descriptor: 1 KiB blocks, descriptors in block 2, 64 bytes each
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(gd1 + 0x20); // block bitmap, high half
            f.write(new byte[] {0, 0, 0, (byte) 0x80});
            f.seek(gd1 + 0x24); // inode bitmap, high half
            f.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            f.seek(gd1 + 0x12); // flags: neither bitmap uninitialised, so both would be read
            f.write(new byte[] {0, 0});
        }
        try (FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false))) {
            Bitmaps m = Bitmaps.read(fs, 4);
            byte[] zeros = new byte[fs.blockSize()];
            assertArrayEquals(zeros, m.block[1]);
            assertArrayEquals(zeros, m.inode[1]);
            assertFalse(java.util.Arrays.equals(zeros, m.block[0]), "group 0's block bitmap is read");
        }
    }
}
