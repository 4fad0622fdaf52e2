package pe2fsck.pass2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.cli.Main;
import pe2fsck.fs.TestImages;

/**
 * Directory faults pass 2 must find, each built with mke2fs, debugfs and e2fsck -D (mke2fs -d
 * builds no index), and each checked against e2fsck's own verdict on the same image; plus
 * healthy indexed directories that must draw no finding.
 */
class Pass2CasesTest {

    @TempDir
    Path tmp;

    private record Run(int status, String out) {
    }

    private static Run pe2fsck(Path img) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = Main.run(new String[] {"-fn", img.toString()}, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(rc, o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8));
    }

    private static int e2fsck(Path img) throws Exception {
        return TestImages.run(null, TestImages.tool("e2fsck"), "-fn", img.toString());
    }

    private static void tools() {
        assumeTrue(TestImages.tool("mke2fs") != null && TestImages.tool("debugfs") != null
                && TestImages.tool("e2fsck") != null, "e2fsprogs not installed");
    }

    /** A tree with one big directory ("big", {@code files} long names) and a small one ("small"). */
    private Path source(int files) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path big = Files.createDirectories(src.resolve("big"));
        for (int f = 0; f < files; f++) {
            Files.writeString(big.resolve(String.format("a-rather-long-file-name-for-the-index-%05d", f)), "x");
        }
        Path small = Files.createDirectories(src.resolve("small"));
        for (int f = 0; f < 5; f++) {
            Files.writeString(small.resolve("file" + f), "y");
        }
        return src;
    }

    private Path image(String name, int bs, String features, int files, String hashAlg, boolean index) throws Exception {
        Path src = Files.exists(tmp.resolve("src")) ? tmp.resolve("src") : source(files);
        Path img = TestImages.mkfs(tmp.resolve(name), "ext4", bs, features, src, 65536);
        if (hashAlg != null) {
            debugfs(img, "ssv def_hash_version " + hashAlg);
        }
        if (index) {
            TestImages.runChecked(new int[] {0, 1}, TestImages.tool("e2fsck"), "-fyD", img.toString());
        }
        return img;
    }

    private void debugfs(Path img, String... cmds) throws Exception {
        Path f = tmp.resolve("cmds");
        Files.writeString(f, String.join("\n", cmds) + "\n", StandardCharsets.ISO_8859_1);
        TestImages.runChecked(new int[] {0}, TestImages.tool("debugfs"), "-w", "-f", f.toString(), img.toString());
    }

    /** Physical block of logical block {@code logical} of {@code path}, via debugfs bmap. */
    private long bmap(Path img, String path, long logical) throws Exception {
        Path log = tmp.resolve("bmap.log");
        Files.deleteIfExists(log);
        TestImages.run(log, TestImages.tool("debugfs"), "-R", "bmap " + path + " " + logical, img.toString());
        String[] lines = Files.readString(log).trim().split("\n");
        return Long.parseLong(lines[lines.length - 1].trim());
    }

    private static ByteBuffer readBlock(Path img, int bs, long blk) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(bs).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            ch.read(b, blk * bs);
        }
        return b.flip();
    }

    private static void writeBlock(Path img, int bs, long blk, ByteBuffer b) throws Exception {
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
            ch.write(b.rewind(), blk * bs);
        }
    }

    /** First logical block of "big" (after the root) that is an interior index node, or -1. */
    private long interiorNode(Path img, int bs) throws Exception {
        for (long l = 1; l < 400; l++) {
            long p = bmap(img, "/big", l);
            if (p == 0) {
                return -1;
            }
            ByteBuffer b = readBlock(img, bs, p);
            if (b.getInt(0) == 0 && (b.getShort(4) & 0xFFFF) == bs) {
                return l;
            }
        }
        return -1;
    }

    private void assertBothFind(Path img, String phrase) throws Exception {
        Run r = pe2fsck(img);
        assertEquals(4, e2fsck(img), "e2fsck should find the fault");
        assertEquals(4, r.status(), r.out());
        assertTrue(r.out().contains(phrase), r.out());
    }

    @Test
    void healthyIndexedDirectoriesDrawNoFinding() throws Exception {
        tools();
        String[][] profiles = {{"1024", "", "half_md4"}, {"1024", "^metadata_csum", "tea"}, {"4096", "", "legacy"},
            {"4096", "^metadata_csum", "half_md4"}};
        for (String[] p : profiles) {
            Path img = image("ok" + p[0] + p[1] + p[2] + ".img", Integer.parseInt(p[0]), p[1], 4000, p[2], true);
            Run r = pe2fsck(img);
            assertEquals(0, e2fsck(img), String.join(" ", p));
            assertEquals(0, r.status(), String.join(" ", p) + "\n" + r.out());
        }
    }

    @Test
    void nameRepeatedInLinearDirectory() throws Exception {
        tools();
        Path img = image("dup.img", 1024, "", 200, null, false);
        debugfs(img, "ln /small/file1 /small");
        assertBothFind(img, "duplicate entry");
    }

    @Test
    void nameRepeatedInIndexedDirectory() throws Exception {
        tools();
        Path img = image("duph.img", 1024, "^metadata_csum", 2000, null, true);
        debugfs(img, "ln /big/a-rather-long-file-name-for-the-index-00007 /big");
        assertBothFind(img, "Duplicate entry");
    }

    @Test
    void interiorNodeOutOfOrder() throws Exception {
        tools();
        int bs = 1024;
        Path img = image("node.img", bs, "^metadata_csum", 4000, null, true);
        long node = interiorNode(img, bs);
        assumeTrue(node > 0, "no two-level index was built");
        long phys = bmap(img, "/big", node);
        ByteBuffer b = readBlock(img, bs, phys);
        // Entry 1's hash far above the rest: out of order, and its leaf gets the wrong range.
        b.putInt(8 + 8, 0xFFFFFFF0);
        writeBlock(img, bs, phys, b);
        assertBothFind(img, "hashes out of order");
    }

    @Test
    void leafReferencedTwice() throws Exception {
        tools();
        int bs = 4096;
        Path img = image("dupref.img", bs, "^metadata_csum", 2000, null, true);
        long phys = bmap(img, "/big", 0);
        ByteBuffer b = readBlock(img, bs, phys);
        // Root entry 2 points at entry 1's leaf.
        b.putInt(32 + 16 + 4, b.getInt(32 + 8 + 4));
        writeBlock(img, bs, phys, b);
        assertBothFind(img, "referenced twice");
    }

    @Test
    void indexChecksumMismatch() throws Exception {
        tools();
        int bs = 1024;
        Path img = image("csum.img", bs, "metadata_csum", 4000, null, true);
        long node = interiorNode(img, bs);
        long logical = Math.max(node, 0);
        long phys = bmap(img, "/big", logical);
        ByteBuffer b = readBlock(img, bs, phys);
        int countOff = logical == 0 ? 32 : 8;
        int limit = b.getShort(countOff) & 0xFFFF;
        int tail = countOff + limit * 8 + 4;
        b.putInt(tail, b.getInt(tail) ^ 0x5A5A5A5A);
        writeBlock(img, bs, phys, b);
        assertBothFind(img, "checksum does not match");
    }

    @Test
    void holeInDirectory() throws Exception {
        tools();
        Path img = image("hole.img", 1024, "^dir_index", 200, null, false);
        debugfs(img, "punch /big 1 1");
        assertBothFind(img, "has a hole at block 1");
    }

    @Test
    void invalidUtf8InCasefoldedDirectory() throws Exception {
        tools();
        Path img = image("cf.img", 1024, "casefold", 20, null, false);
        debugfs(img, "mkdir /ci", "sif /ci flags 0x40080000", "ln /small/file1 /ci/A\u00ff");
        assertBothFind(img, "illegal UTF-8");
    }

    /**
     * Without group checksums pass 1 reads every inode, yet e2fsck still takes a descriptor's
     * unused-inode count at its word in pass 2: an entry naming an inode in that area is an error.
     */
    @Test
    void entryInTheUnusedInodeAreaWithoutGroupChecksums() throws Exception {
        tools();
        Path src = source(3);
        Path img = TestImages.mkfs(tmp.resolve("e3.img"), "ext3", 4096, null, src, 16384);
        // 4096 inodes per group at this size: only inodes 1-11 stay outside the unused area.
        debugfs(img, "set_bg 0 itable_unused 4085");
        assertBothFind(img, "unused inode area");
    }
}
