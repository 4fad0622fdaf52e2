package pe2fsck.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.io.Devices;

/** How opening chooses between the primary copies and the backups, and what it refuses. */
class FileSystemOpenerTest {

    @TempDir
    Path tmp;

    private Path ext4(String name, String features, long kb) throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        return TestImages.mkfs(tmp.resolve(name), "ext4", 1024, features, null, kb);
    }

    private static void poke(Path img, long offset, byte... bytes) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
    }

    private static FileSystem open(Path img, boolean mayUseBackup) {
        return FileSystemOpener.open(Devices.open(img.toString(), false, false), -1, 0, mayUseBackup);
    }

    @Test
    void healthyImageOpensFromThePrimary() throws Exception {
        Path img = ext4("ok.img", null, 40960);
        try (FileSystem fs = open(img, true)) {
            assertNull(fs.backupUse());
            assertFalse(fs.fromBackup());
            assertEquals(1, fs.superblockBlock());
            assertNull(DescriptorSanity.problem(fs));
        }
    }

    @Test
    void badMagicFallsBackToGroupOnesCopyUnlessPreening() throws Exception {
        Path img = ext4("magic.img", null, 40960);
        poke(img, 1024 + 0x38, (byte) 0, (byte) 0);
        try (FileSystem fs = open(img, true)) {
            BackupUse use = fs.backupUse();
            assertNotNull(use);
            assertEquals(BackupUse.Kind.SUPERBLOCK, use.kind());
            assertTrue(use.inUse());
            assertEquals(8193, use.block());
            assertEquals(8193, fs.superblockBlock());
            // Treated as initialised, with checksums to match, as e2fsck does with a backup.
            GroupDescriptor gd = fs.descriptors();
            Checksums sums = fs.checksums();
            for (int g = 0; g < fs.groupCount(); g++) {
                gd.at(g);
                assertEquals(0, gd.flags() & (GroupDescriptor.FLAG_BLOCK_UNINIT | GroupDescriptor.FLAG_INODE_UNINIT));
                assertEquals(0, gd.itableUnused());
                assertEquals(sums.groupDescriptor(gd, g, true), gd.checksum());
            }
        }
        FormatException e = assertThrows(FormatException.class, () -> open(img, false));
        assertTrue(e.getMessage().contains("bad magic number"), e.getMessage());
    }

    @Test
    void badChecksumFallsBackToo() throws Exception {
        Path img = ext4("csum.img", null, 40960);
        poke(img, 1024 + 0x3FC, (byte) 0x55);
        try (FileSystem fs = open(img, true)) {
            assertEquals(BackupUse.Kind.SUPERBLOCK, fs.backupUse().kind());
            assertTrue(fs.backupUse().reason().contains("checksum"), fs.backupUse().reason());
        }
    }

    @Test
    void untrustworthyDescriptorsAreReplacedByGroupOnes() throws Exception {
        Path img = ext4("gd.img", null, 40960);
        // Group 0's block bitmap (first word of its descriptor at block 2) beyond the file system.
        poke(img, 2048, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x0F);
        try (FileSystem fs = open(img, true)) {
            BackupUse use = fs.backupUse();
            assertEquals(BackupUse.Kind.DESCRIPTORS, use.kind());
            assertTrue(use.reason().contains("block bitmap of group 0"), use.reason());
            assertEquals(8193, fs.superblockBlock());
            assertNull(DescriptorSanity.problem(fs));
        }
        try (FileSystem fs = open(img, false)) {
            assertNull(fs.backupUse(), "preen keeps the primary copies");
            assertNotNull(DescriptorSanity.problem(fs));
        }
    }

    @Test
    void metaBgBackupDescriptorsComeFromTheSecondGroupOfTheMetaGroup() throws Exception {
        Path img = ext4("metabg.img", "meta_bg,^resize_inode", 40960);
        try (FileSystem fs = open(img, true)) {
            Geometry geo = fs.geometry();
            assertEquals(2, geo.descriptorBlock(geo.primarySuperblockBlock(), 0));
            // Group 1 starts at 8193 with a superblock copy: its descriptor copy follows it.
            assertEquals(8194, geo.descriptorBlock(8193, 0));
        }
    }

    @Test
    void inodeTableFarBeyondTheDeviceIsAFormatErrorNotAnOverflow() throws Exception {
        Path img = ext4("itable.img", null, 8192);
        try (FileSystem fs = open(img, true)) {
            GroupDescriptor gd = fs.descriptors().at(0);
            // bg_inode_table_lo and _hi: a block number whose byte offset overflows a long.
            Le.put32(gd.buffer(), gd.offset() + 0x08, 0xFFFFFFF0L);
            Le.put32(gd.buffer(), gd.offset() + 0x28, 0x7FFFFFFFL);
            FormatException e = assertThrows(FormatException.class, () -> fs.readInode(2));
            assertTrue(e.getMessage().contains("inode table of group 0"), e.getMessage());
        }
    }
}
