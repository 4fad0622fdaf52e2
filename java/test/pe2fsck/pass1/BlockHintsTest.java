package pe2fsck.pass1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.TestImages;
import pe2fsck.io.BlockDevice;
import pe2fsck.io.Devices;

class BlockHintsTest {

    @TempDir
    Path tmp;

    /**
     * The device, with every willNeed hint recorded: the first and last block of each hinted
     * range into {@code hinted}, and every block it covers into {@code covered}.
     */
    private static BlockDevice recording(BlockDevice real, int blockSize, Set<Long> hinted, Set<Long> covered) {
        return (BlockDevice) Proxy.newProxyInstance(BlockDevice.class.getClassLoader(), new Class<?>[] {BlockDevice.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("willNeed")) {
                        long first = (Long) args[0] / blockSize;
                        long n = (Long) args[1] / blockSize;
                        assertEquals(0, (Long) args[0] % blockSize);
                        assertEquals(0, (Long) args[1] % blockSize);
                        hinted.add(first);
                        hinted.add(first + n - 1);
                        for (long b = first; b < first + n; b++) {
                            covered.add(b);
                        }
                        return null;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Block numbers debugfs lists for a file (all of them, or those of one kind, e.g. "IND"). */
    private static Set<Long> debugfsBlocks(Path img, String file, String kind) throws Exception {
        Path out = tmp(img).resolve("debugfs.out");
        Files.deleteIfExists(out);
        TestImages.run(out, TestImages.tool("debugfs"), "-R", "stat " + file, img.toString());
        Set<Long> blocks = new TreeSet<>();
        Matcher m = Pattern.compile("\\(" + kind + "\\):(\\d+)").matcher(Files.readString(out));
        while (m.find()) {
            blocks.add(Long.parseLong(m.group(1)));
        }
        return blocks;
    }

    /** The physical blocks debugfs lists for a file's logical blocks below {@code logicalLimit}. */
    private static Set<Long> dataBlocks(Path img, String file, long logicalLimit) throws Exception {
        Path out = tmp(img).resolve("debugfs.out");
        Files.deleteIfExists(out);
        TestImages.run(out, TestImages.tool("debugfs"), "-R", "stat " + file, img.toString());
        Set<Long> blocks = new TreeSet<>();
        Matcher m = Pattern.compile("\\((\\d+)(?:-(\\d+))?\\):(\\d+)(?:-(\\d+))?").matcher(Files.readString(out));
        while (m.find()) {
            long logical = Long.parseLong(m.group(1));
            long first = Long.parseLong(m.group(3));
            long last = m.group(4) == null ? first : Long.parseLong(m.group(4));
            for (long b = first; b <= last && logical + (b - first) < logicalLimit; b++) {
                blocks.add(b);
            }
        }
        return blocks;
    }

    private static Path tmp(Path img) {
        return img.getParent();
    }

    /** The hinted ranges' first and last blocks; every covered block goes to {@code covered}. */
    private Set<Long> hintsFor(Path img, Set<Long> covered) {
        return hintsFor(img, covered, null);
    }

    /** As above, with directory ranges handed to {@code dirRanges}. */
    private Set<Long> hintsFor(Path img, Set<Long> covered, Consumer<long[]> dirRanges) {
        Set<Long> hinted = new TreeSet<>();
        BlockDevice real = Devices.open(img.toString(), false, false);
        try (FileSystem probe = FileSystem.open(Devices.open(img.toString(), false, false))) {
            int bs = probe.blockSize();
            try (FileSystem fs = FileSystem.open(recording(real, bs, hinted, covered))) {
                BlockHints hints = new BlockHints(fs, dirRanges);
                BatchPlan plan = BatchPlan.of(fs, Pass1.DEFAULT_BATCH_BYTES);
                ByteBuffer buf = ByteBuffer.allocateDirect(plan.maxBytes()).order(ByteOrder.LITTLE_ENDIAN);
                hinted.clear(); // opening the file system may have hinted on its own
                covered.clear();
                for (int i = 0; i < plan.size(); i++) {
                    buf.clear().limit(plan.blocks(i) * bs);
                    fs.readBlocks(plan.tableBlock(i), plan.blocks(i), buf);
                    hints.hint(buf, plan.inodes(i));
                }
            }
        }
        return hinted;
    }

    private Path source() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] data = new byte[3 << 20];
        new Random(1).nextBytes(data);
        Files.write(src.resolve("big"), data);
        Files.write(src.resolve("small"), new byte[] {1, 2, 3});
        Files.createSymbolicLink(src.resolve("short"), Path.of("small"));
        Files.createSymbolicLink(src.resolve("long"), Path.of("x".repeat(200)));
        return src;
    }

    @Test
    void blockMappedFilesHintTheirIndirectBlocksAndSlowSymlinksTheirTarget() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null && TestImages.tool("debugfs") != null);
        Path img = TestImages.mkfs(tmp.resolve("e3.img"), "ext3", 1024, null, source(), 8192);
        Set<Long> covered = new TreeSet<>();
        Set<Long> hinted = hintsFor(img, covered);
        Set<Long> bigInd = debugfsBlocks(img, "/big", "IND");
        Set<Long> bigDind = debugfsBlocks(img, "/big", "DIND");
        Set<Long> target = debugfsBlocks(img, "/long", "0");
        assertEquals(1, target.size(), "the slow symlink's one block");
        // The inode names its first indirect and its double-indirect block; the rest are found
        // through those and are the consumer's business.
        assertTrue(covered.contains(bigInd.iterator().next()), covered + " vs IND " + bigInd);
        assertTrue(covered.containsAll(bigDind), covered + " vs DIND " + bigDind);
        assertTrue(covered.containsAll(target), covered + " vs symlink " + target);
        // Nothing for the small file or the fast symlink: every range starts and ends at one of
        // the above, or the resize inode's double-indirect block,
        Set<Long> expected = new TreeSet<>(bigDind);
        expected.add(bigInd.iterator().next());
        expected.addAll(target);
        expected.addAll(debugfsBlocks(img, "<7>", "DIND"));
        // and the journal's (inode 8, block-mapped too in ext3)
        expected.add(debugfsBlocks(img, "<8>", "IND").iterator().next());
        expected.addAll(debugfsBlocks(img, "<8>", "DIND"));
        assertRangesCover(expected, hinted, covered);
    }

    @Test
    void extentFilesHintOnlyWhatLiesBelowTheInode() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null && TestImages.tool("debugfs") != null);
        Path img = TestImages.mkfs(tmp.resolve("e4.img"), "ext4", 4096, null, source(), 16384);
        Set<Long> covered = new TreeSet<>();
        Set<Long> hinted = hintsFor(img, covered);
        Set<Long> target = debugfsBlocks(img, "/long", "0");
        assertEquals(1, target.size());
        // /big fits in the inode's own extents: nothing to fetch for it.
        Set<Long> expected = new TreeSet<>(target);
        expected.addAll(debugfsBlocks(img, "<7>", "DIND"));
        assertRangesCover(expected, hinted, covered);
    }

    @Test
    void directoryBlocksGoToThePrefetcherAndNothingElseDoes() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null && TestImages.tool("debugfs") != null);
        Path src = source();
        Path dir = Files.createDirectories(src.resolve("dir"));
        for (int i = 0; i < 300; i++) {
            Files.write(dir.resolve("a-fairly-long-file-name-to-fill-blocks-" + i), new byte[0]);
        }
        for (String type : new String[] {"ext4", "ext3"}) {
            Path img = TestImages.mkfs(tmp.resolve(type + "-dirs.img"), type, 1024, null, src, 16384);
            List<long[]> batches = new ArrayList<>();
            hintsFor(img, new TreeSet<>(), batches::add);
            Set<Long> got = new TreeSet<>();
            for (long[] pairs : batches) {
                assertEquals(0, pairs.length % 2);
                for (int i = 0; i < pairs.length; i += 2) {
                    assertTrue(pairs[i + 1] > 0);
                    assertTrue(i == 0 || pairs[i] > pairs[i - 2] + pairs[i - 1], "ranges in disk order, apart");
                    for (long b = pairs[i]; b < pairs[i] + pairs[i + 1]; b++) {
                        got.add(b);
                    }
                }
            }
            // Block-mapped directories give their direct blocks (logical 0-11), extent-mapped
            // ones all their blocks when the extents are in the inode.
            long logicalLimit = type.equals("ext3") ? 12 : Long.MAX_VALUE;
            Set<Long> dirBlocks = new TreeSet<>();
            for (String d : new String[] {"/", "/dir", "/lost+found"}) {
                Set<Long> blocks = dataBlocks(img, d, logicalLimit);
                assertTrue(!blocks.isEmpty(), d);
                dirBlocks.addAll(blocks);
            }
            assertTrue(dirBlocks.size() > 16, "/dir spans many blocks: " + dirBlocks);
            assertTrue(got.containsAll(dirBlocks), type + ": " + dirBlocks + " not all in " + got);
            // Ranges are joined through small gaps, so a few other blocks may ride along, but
            // not the big file's data.
            Set<Long> big = dataBlocks(img, "/big", Long.MAX_VALUE);
            int bigBlocks = big.size();
            big.retainAll(got);
            assertTrue(4 * big.size() < bigBlocks, type + ": the big file's blocks were prefetched: " + big.size());
        }
    }

    /** Hinted ranges begin and end only at wanted blocks, and cover every one of them. */
    private static void assertRangesCover(Set<Long> wanted, Set<Long> ends, Set<Long> covered) {
        assertTrue(wanted.containsAll(ends), "a range ends at a block nobody needs: " + ends + " vs " + wanted);
        assertTrue(covered.containsAll(wanted), "not covered: " + wanted + " vs " + covered);
    }
}
