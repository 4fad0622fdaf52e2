package pe2fsck.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pe2fsck.differential.Harness.Run;

/**
 * Journal recovery against e2fsck on images the kernel left needing recovery
 * (test-images/make-crash-images.sh: copied while still mounted). On each: {@code pe2fsck -p}
 * exits as {@code e2fsck -p} does on a fresh copy and leaves a file system {@code e2fsck -fn}
 * finds clean; after {@code -E journal_only} the image equals e2fsck's block for block, except
 * the superblock's write time (s_wtime and its high byte), stamped with the clock, and the
 * superblock checksum that covers it. Skipped when not root or the loop mount fails.
 *
 * <p>The orphan image: e2fsck also empties the orphan list (even with journal_only), which
 * pe2fsck does not do yet; there the replay is compared with the blocks orphan processing does not
 * touch (everything but the superblock, the bitmaps, the descriptors and the orphans' inode table
 * block), and only what the replay itself promises is asserted of the superblock.
 *
 * <p>The fast-commit image (ext4-fc) is not among these: its fast commits cannot be replayed
 * yet, so a writing run must refuse it (exit 8) without writing a byte.
 */
class CrashImagesTest {

    static final List<String> IMAGES = List.of("ext3", "ext4", "ext4-nocsum", "ext4-64", "ext4-async",
            "ext4-wrapped", "ext4-orphan", "ext4-1k");
    static final String ORPHAN = "ext4-orphan";

    /** Superblock bytes stamped with the time: s_wtime (0x30, 4 bytes) and s_wtime_hi (0x274). */
    static final int[][] TIME_FIELDS = {{0x30, 4}, {0x274, 1}};
    static final int SB_CHECKSUM = 0x3FC;

    @TempDir
    static Path work;
    private static Path images;
    private static String skip;

    static Stream<String> images() {
        return IMAGES.stream();
    }

    @BeforeAll
    static void build() throws Exception {
        if (!Harness.toolsPresent()) {
            skip = "e2fsck or the image scripts are not available";
            return;
        }
        images = Files.createDirectories(work.resolve("crash"));
        Run r = Harness.exec(Map.of(), Harness.BUILD_TIMEOUT_MINUTES * 60, "bash",
                Harness.scripts().resolve("make-crash-images.sh").toString(), images.toString());
        if (r.exit() == 77) {
            skip = "make-crash-images.sh skipped (exit 77): " + r.err().strip();
        } else if (r.exit() != 0) {
            throw new AssertionError("make-crash-images.sh failed (" + r.exit() + "):\n" + Harness.trim(r.out() + r.err()));
        }
    }

    private static Path copy(String name, String as) throws IOException {
        Path to = work.resolve(as + "-" + name + ".img");
        Files.copy(images.resolve(name + ".img"), to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void preenExitsAsE2fsckAndLeavesItClean(String name) throws Exception {
        assumeTrue(skip == null, skip);
        Path mine = copy(name, "p");
        Path theirs = copy(name, "e");
        Run e = Harness.e2fsck(theirs, "-p");
        Run p = Harness.pe2fsck(mine, "-p");
        assertFalse(Harness.hasStackTrace(p.out() + p.err()), p.err());
        assertEquals(e.exit(), p.exit(), Harness.sideBySide("e2fsck -p", e, "pe2fsck -p", p));
        assertTrue(p.out().contains("recovering the journal"), p.out());
        assertFalse(needsRecovery(mine), "needs_recovery still set after pe2fsck -p");
        Run after = Harness.e2fsck(mine, "-fn");
        if (name.equals(ORPHAN)) {
            // Orphans are left for the kernel's next mount: what e2fsck -fn says is about them only.
            assertTrue(after.out().contains("orphan") || after.exit() == 0, after.out());
        } else {
            assertEquals(0, after.exit(), "e2fsck -fn after pe2fsck -p:\n" + Harness.trim(after.out()));
        }
        Run again = Harness.pe2fsck(mine, "-p");
        assertFalse(again.out().contains("recovering the journal"), "a second run replays again:\n" + again.out());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void journalOnlyMatchesE2fsckBlockForBlock(String name) throws Exception {
        assumeTrue(skip == null, skip);
        Path mine = copy(name, "pj");
        Path theirs = copy(name, "ej");
        Run e = Harness.e2fsck(theirs, "-p", "-E", "journal_only");
        Run p = Harness.pe2fsck(mine, "-p", "-E", "journal_only");
        assertEquals(e.exit(), p.exit(), Harness.sideBySide("e2fsck", e, "pe2fsck", p));
        int bs = blockSize(mine);
        List<Long> differing = differingBlocks(mine, theirs, bs);
        if (name.equals(ORPHAN)) {
            assertFalse(needsRecovery(mine));
            Run fn = Harness.e2fsck(mine, "-fn");
            assertFalse(fn.out().contains("journal"), "e2fsck -fn sees journal trouble:\n" + fn.out());
            // Orphan processing writes the superblock, the group's bitmaps and descriptors and
            // the orphans' inode table block: a handful of blocks, none of the journal's.
            assertTrue(differing.size() <= 8, "blocks differing from e2fsck's: " + differing);
            return;
        }
        for (long b : differing) {
            assertEquals(1024 / bs, b, "block " + b + " differs from e2fsck's after -E journal_only");
        }
        ByteBuffer a = superblock(mine);
        ByteBuffer t = superblock(theirs);
        for (int[] f : TIME_FIELDS) {
            for (int i = 0; i < f[1]; i++) {
                a.put(f[0] + i, (byte) 0);
                t.put(f[0] + i, (byte) 0);
            }
        }
        a.putInt(SB_CHECKSUM, 0);
        t.putInt(SB_CHECKSUM, 0);
        assertEquals(t, a, "superblocks differ beyond the write time");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void readOnlyRunsLeaveTheJournalAndClaimNoErrors(String name) throws Exception {
        assumeTrue(skip == null, skip);
        Path mine = copy(name, "n");
        String before = Harness.sha256(mine);
        Run e = Harness.e2fsck(copy(name, "en"), "-n");
        Run p = Harness.pe2fsck(mine, "-n");
        assertEquals(e.exit(), p.exit(), Harness.sideBySide("e2fsck -n", e, "pe2fsck -n", p));
        assertFalse(p.out().contains("with errors"), "a journal to replay is not an error:\n" + p.out());
        assertTrue(p.out().contains(": clean,"), "e2fsck -n calls it clean:\n" + p.out());
        assertEquals(before, Harness.sha256(mine), "-n wrote to the image");
    }

    @org.junit.jupiter.api.Test
    void anExternalJournalIsRefusedWithoutWriting() throws Exception {
        assumeTrue(skip == null, skip);
        Path img = copy("ext3", "ext");
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0, 0).putInt(4, 0x0701); // s_journal_inum 0, s_journal_dev 7:1
            ch.write(b, 1024 + 0xE0);
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}), 1024 + 0xD0);
        }
        String before = Harness.sha256(img);
        for (String mode : new String[] {"-p", "-y"}) {
            Run p = Harness.pe2fsck(img, mode);
            assertEquals(8, p.exit(), p.out() + p.err());
            assertTrue(p.err().contains("another device"), p.err());
            assertEquals(before, Harness.sha256(img), mode + " wrote to the image");
        }
        Run j = Harness.pe2fsck(img, "-p", "-j", "/dev/null");
        assertEquals(8, j.exit(), j.out() + j.err());
        assertEquals(before, Harness.sha256(img));
    }

    @org.junit.jupiter.api.Test
    void fastCommitsToReplayAreRefusedWithoutWriting() throws Exception {
        assumeTrue(skip == null, skip);
        Path img = copy("ext4-fc", "fc");
        String before = Harness.sha256(img);
        Run p = Harness.pe2fsck(img, "-p");
        assertEquals(8, p.exit(), p.out() + p.err());
        assertTrue(p.err().contains("fast-commit"), p.err());
        assertEquals(before, Harness.sha256(img), "-p wrote to the image");
        Run n = Harness.pe2fsck(img, "-n");
        assertEquals(Harness.e2fsck(copy("ext4-fc", "efc"), "-n").exit(), n.exit(), n.out() + n.err());
    }

    /**
     * A commit block in the middle of the log with a bad checksum: like e2fsck, the replay stops
     * at the last good transaction, says which transaction failed, marks the file system as
     * having errors, and the image equals e2fsck's.
     */
    @org.junit.jupiter.api.Test
    void aCorruptCommitStopsTheReplayAtTheLastGoodTransaction() throws Exception {
        assumeTrue(skip == null, skip);
        Path mine = copy("ext4-wrapped", "cc");
        Run dump = Harness.exec(Map.of(), Harness.CHECK_TIMEOUT_SECONDS, "debugfs", "-R", "logdump", mine.toString());
        List<String> commits = dump.out().lines().filter(l -> l.contains("(commit block) at block")).toList();
        assertTrue(commits.size() >= 3, dump.out());
        String second = commits.get(1);
        long journalBlock = Long.parseLong(second.substring(second.lastIndexOf(' ') + 1).trim());
        long sequence = Long.parseLong(second.replaceAll(".*sequence (\\d+),.*", "$1"));
        Run bmap = Harness.exec(Map.of(), Harness.CHECK_TIMEOUT_SECONDS, "debugfs", "-R", "bmap <8> " + journalBlock,
                mine.toString());
        long physical = Long.parseLong(bmap.out().strip());
        int bs = blockSize(mine);
        try (FileChannel ch = FileChannel.open(mine, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x77}), physical * bs + 300);
        }
        Path theirs = work.resolve("ecc.img");
        Files.copy(mine, theirs, StandardCopyOption.REPLACE_EXISTING);
        Run e = Harness.e2fsck(theirs, "-p", "-E", "journal_only");
        Run p = Harness.pe2fsck(mine, "-p", "-E", "journal_only");
        assertEquals(e.exit(), p.exit(), Harness.sideBySide("e2fsck", e, "pe2fsck", p));
        assertTrue(p.out().contains("transaction " + sequence), p.out());
        assertTrue((superblock(mine).getShort(0x3A) & 0x2) != 0, "the error state is set");
        for (long b : differingBlocks(mine, theirs, bs)) {
            assertEquals(1024 / bs, b, "block " + b + " differs from e2fsck's");
        }
    }

    static boolean needsRecovery(Path img) throws IOException {
        return (superblock(img).getInt(0x60) & 0x4) != 0;
    }

    static int blockSize(Path img) throws IOException {
        return 1024 << superblock(img).getInt(0x18);
    }

    static ByteBuffer superblock(Path img) throws IOException {
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, 1024);
            return b.clear();
        }
    }

    static List<Long> differingBlocks(Path x, Path y, int bs) throws IOException {
        List<Long> out = new ArrayList<>();
        try (FileChannel a = FileChannel.open(x, StandardOpenOption.READ);
                FileChannel b = FileChannel.open(y, StandardOpenOption.READ)) {
            assertEquals(b.size(), a.size(), "image sizes");
            ByteBuffer ba = ByteBuffer.allocate(bs);
            ByteBuffer bb = ByteBuffer.allocate(bs);
            for (long blk = 0; blk * bs < a.size(); blk++) {
                ba.clear();
                bb.clear();
                a.read(ba, blk * bs);
                b.read(bb, blk * bs);
                if (!ba.flip().equals(bb.flip())) {
                    out.add(blk);
                }
            }
        }
        return out;
    }
}
