package pe2fsck.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.differential.Harness.Case;
import pe2fsck.differential.Harness.Run;

/**
 * What the damage table cannot say, compared with the real e2fsck -fn on the same image: the
 * text of a damaged name (printed escaped, never as raw control bytes), and a problem e2fsck
 * reports without counting it as an error (pre-1970 times written the old way: a message
 * under pass 1, exit 0).
 */
class InodeRulesTest {

    @TempDir
    Path work;

    @Test
    void damagedNamesArePrintedEscapedAsE2fsckDoes() throws Exception {
        assumeTrue(Harness.toolsPresent(), "e2fsck or the image scripts are not available");
        Case c = Harness.cases().stream().filter(x -> x.name().equals("ext2-4k-name-escaped")).findFirst().orElseThrow();
        Map<String, String> failed = Harness.buildCases(List.of(c), work);
        assertEquals(Map.of(), failed);
        Path img = Harness.image(work, c.name());
        Run e2 = Harness.e2fsck(img, "-fn");
        Run pe = Harness.pe2fsck(img, "-fn");
        Matcher m = Pattern.compile("Entry '([^']*)' in ").matcher(e2.out());
        assertTrue(m.find(), "e2fsck names no entry:\n" + e2.out());
        String escaped = m.group(1);
        assertTrue(escaped.contains("^A") && escaped.contains("M-") && escaped.contains("^?"),
                "the case should give a name with control, high and DEL bytes: " + escaped);
        assertTrue(pe.out().contains("'" + escaped + "'"),
                "pe2fsck should print the name as e2fsck does ('" + escaped + "'):\n" + pe.out());
        assertFalse(pe.out().chars().anyMatch(ch -> ch < 32 && ch != '\n' || ch == 127),
                "pe2fsck printed a raw control byte:\n" + pe.out());
    }

    @Test
    void pre1970TimesGetTheHintButNoErrorLikeE2fsck() throws Exception {
        assumeTrue(Harness.toolsPresent(), "e2fsck or the image scripts are not available");
        Path img = Harness.copyBase("ext4-4k", Files.createDirectories(work.resolve("t")));
        for (String req : List.of("sif small/f008 atime_lo 0x80000000", "sif small/f008 atime_extra 3")) {
            Run dbg = Harness.exec(Map.of(), 60, Path.of(Harness.e2fsck()).resolveSibling("debugfs").toString(), "-w", "-R", req,
                    img.toString());
            assertEquals(0, dbg.exit(), "debugfs " + req + ": " + dbg.err());
        }
        Run e2 = Harness.e2fsck(img, "-fn");
        assertEquals(0, e2.exit(), "e2fsck -fn should accept the times (it only hints):\n" + e2.out());
        assertEquals("1", e2.firstPass(), "e2fsck should hint under pass 1:\n" + e2.out());
        Run pe = Harness.pe2fsck(img, "-fn");
        assertEquals(0, pe.exit(), Harness.sideBySide("e2fsck -fn", e2, "pe2fsck -fn", pe));
        assertEquals("1", pe.firstPass(), Harness.sideBySide("e2fsck -fn", e2, "pe2fsck -fn", pe));
    }

    /** A reserved inode not in use still has its checksum verified, as e2fsck verifies it. */
    @Test
    void reservedInodeChecksumIsVerified() throws Exception {
        assumeTrue(Harness.toolsPresent(), "e2fsck or the image scripts are not available");
        Path img = Harness.copyBase("ext4-4k", Files.createDirectories(work.resolve("r")));
        String debugfs = Path.of(Harness.e2fsck()).resolveSibling("debugfs").toString();
        Run imap = Harness.exec(Map.of(), 60, debugfs, "-R", "imap <6>", img.toString());
        Matcher m = Pattern.compile("located at block (\\d+), offset (0x[0-9a-f]+)").matcher(imap.out() + imap.err());
        assertTrue(m.find(), imap.out() + imap.err());
        long at = Long.parseLong(m.group(1)) * 4096 + Long.decode(m.group(2));
        // One byte of i_atime, written raw: the stored checksum no longer matches.
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(img,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x5a}), at + 8);
        }
        Run e2 = Harness.e2fsck(img, "-fn");
        assertEquals(4, e2.exit(), "e2fsck should report inode 6's checksum:\n" + e2.out());
        Run pe = Harness.pe2fsck(img, "-fn");
        assertEquals(4, pe.exit(), Harness.sideBySide("e2fsck -fn", e2, "pe2fsck -fn", pe));
        assertTrue(pe.out().contains("Inode 6 looks valid but its checksum does not match"), pe.out());
    }
}
