package pe2fsck.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.io.Devices;

class ChecksumsTest {

    @TempDir
    Path tmp;

    @Test
    void seededCrcMatchesChaining() {
        byte[] data = "the quick brown fox jumps over the lazy dog".getBytes();
        ByteBuffer buf = ByteBuffer.wrap(data);
        int whole = new Crc32c().reset(0xFFFFFFFF).update(data, 0, data.length).value();
        int first = new Crc32c().reset(0xFFFFFFFF).update(data, 0, 10).value();
        int chained = new Crc32c().reset(first).update(data, 10, data.length - 10).value();
        assertEquals(whole, chained);
        assertEquals(whole, Crc32c.of(0xFFFFFFFF, buf, 0, data.length));
        // Known value: the standard CRC-32C of "123456789" is 0xE3069283; ext4's raw form is its complement.
        byte[] nine = "123456789".getBytes();
        assertEquals(~0xE3069283, new Crc32c().reset(0xFFFFFFFF).update(nine, 0, 9).value());
        assertNotEquals(whole, new Crc32c().reset(0).update(data, 0, data.length).value());
    }

    @Test
    void mke2fsChecksumsVerify() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        for (String features : new String[] {"metadata_csum,64bit", "metadata_csum,^64bit", "^metadata_csum,uninit_bg",
                "metadata_csum,metadata_csum_seed"}) {
            Path img = TestImages.mkfs(tmp.resolve("c.img"), "ext4", 1024, features, null, 16384);
            try (FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false))) {
                Superblock sb = fs.superblock();
                Checksums ck = fs.checksums();
                boolean csum = sb.has(Feature.METADATA_CSUM);
                if (csum) {
                    assertEquals(sb.checksum(), ck.superblock(fs.superblockBuffer()), features);
                }
                GroupDescriptor gd = fs.descriptors();
                for (int g = 0; g < fs.groupCount(); g++) {
                    gd.at(g);
                    assertEquals(gd.checksum(), ck.groupDescriptor(gd, g, csum), features + " group " + g);
                }
                if (csum) {
                    for (long ino : new long[] {2, 7, 8, 11}) {
                        Inode in = fs.readInode(ino);
                        if (in.mode() == 0 && in.isAllZero()) {
                            continue;
                        }
                        int expect = ck.inode(in, ino);
                        int stored = in.storedChecksum();
                        assertEquals(stored, in.hasChecksumHi() ? expect : expect & 0xFFFF, features + " inode " + ino);
                    }
                    ByteBuffer bm = ByteBuffer.allocate(fs.blockSize()).order(ByteOrder.LITTLE_ENDIAN);
                    gd.at(0);
                    fs.readBlock(gd.inodeBitmap(), bm);
                    int ib = ck.bitmap(bm, 0, (int) (sb.inodesPerGroup() / 8));
                    long storedIb = gd.inodeBitmapChecksum();
                    assertEquals(storedIb, gd.descSize() >= 64 ? ib & 0xFFFFFFFFL : ib & 0xFFFF, features + " inode bitmap");
                }
            }
        }
    }
}
