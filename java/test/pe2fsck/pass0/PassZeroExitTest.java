package pe2fsck.pass0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.cli.Main;
import pe2fsck.fs.TestImages;
import pe2fsck.io.Devices;
import pe2fsck.fs.FileSystem;

/** Exit statuses of -fn runs whose outcome is decided before pass 1, checked against e2fsck's. */
class PassZeroExitTest {

    @TempDir
    Path tmp;

    private record Run(int status, String out) { }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private static void poke32(Path img, long offset, int value) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(offset);
            f.writeInt(value);
        }
    }

    @Test
    void badMmpChecksumStopsTheCheckWithErrors() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path p = TestImages.mkfs(tmp.resolve("mmp.img"), "ext4", 1024, "mmp", null, 4096);
        long mmp;
        int bs;
        try (FileSystem fs = FileSystem.open(Devices.open(p.toString(), false, false))) {
            mmp = fs.superblock().mmpBlock();
            bs = fs.blockSize();
        }
        poke32(p, mmp * bs + 0x3FC, 0x12345678);
        Run r = run("-fn", p.toString());
        assertEquals(12, r.status(), r.out());
        assertTrue(r.out().contains("multiple-mount protection block"), r.out());
    }

    @Test
    void badGroupChecksumAloneIsNotAnError() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null && TestImages.tool("debugfs") != null, "e2fsprogs not installed");
        Path p = TestImages.mkfs(tmp.resolve("gd0.img"), "ext4", 1024, "^resize_inode", null, 2048);
        assertEquals(0, TestImages.run(null, TestImages.tool("debugfs"), "-w", "-R", "set_bg 0 checksum 0x1234", p.toString()));
        Run r = run("-fn", p.toString());
        assertTrue(r.out().contains("Checksum of group descriptor 0 is 0x1234"), r.out());
        assertEquals(0, r.status(), r.out());
    }

    @Test
    void damagedPrimarySuperblockFallsBackToTheBackup() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path p = TestImages.mkfs(tmp.resolve("bk.img"), "ext4", 1024, null, null, 16384);
        // s_inode_size (offset 0x58 of the superblock at byte 1024) becomes 0.
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(1024 + 0x58);
            f.write(new byte[2]);
        }
        Run r = run("-fn", p.toString());
        // As e2fsck 1.47 does: it checks from group 1's copies, which treat every group as
        // initialised, so pass 5 finds group 1's never-written inode bitmap (exit 4).
        assertTrue(r.out().contains("Checking from the backup superblock at block 8193 (block size 1024)"), r.out());
        assertTrue(r.out().contains("Padding at the end of the inode bitmap is not set."), r.out());
        assertEquals(4, r.status(), r.out());
    }
}
