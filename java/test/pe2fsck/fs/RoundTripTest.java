package pe2fsck.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pe2fsck.io.Devices;
import pe2fsck.journal.JournalSuperblock;

/**
 * Builds a varied source tree, turns it into images with mke2fs -d (then e2fsck -D to index the
 * large directory), and reads every image back through the model only, comparing names, types,
 * modes, sizes, contents, symlink targets, hard links and xattrs with the source, and checking
 * every checksum met on the way.
 */
class RoundTripTest {

    private static final int BIG_DIR_ENTRIES = 1800;
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    static Path shared;

    static Path src;
    static boolean xattrsInSource;

    @TempDir
    Path tmp;

    /** What the walk met, for the summary line and coverage assertions. */
    static final class Tally {
        int dirs, files, symlinks, fastSymlinks, inodesCsum, dirBlocksCsum, htreeDirs, htreeLeaves, htreeNames;
        int extentBlocks, xattrs, xattrBlocks, inlineInodes, bitmapsCsum, groupsCsum, maxHtreeLevels, journalCsum;
        final Map<Long, Long> linkIdentity = new HashMap<>();
        final Map<Long, Long> reverseIdentity = new HashMap<>();

        @Override
        public String toString() {
            return "dirs=" + dirs + " files=" + files + " symlinks=" + symlinks + " (fast " + fastSymlinks + ")"
                    + " inodeCsums=" + inodesCsum + " dirBlockCsums=" + dirBlocksCsum + " htreeDirs=" + htreeDirs
                    + " htreeLeaves=" + htreeLeaves + " hashedNames=" + htreeNames + " htreeLevels=" + maxHtreeLevels
                    + " extentBlocks=" + extentBlocks + " xattrs=" + xattrs + " xattrBlocks=" + xattrBlocks
                    + " inline=" + inlineInodes + " bitmapCsums=" + bitmapsCsum + " groupCsums=" + groupsCsum
                    + " journalCsum=" + journalCsum;
        }
    }

    @BeforeAll
    static void buildSource() throws IOException {
        src = shared.resolve("src");
        Random rnd = new Random(42);
        Files.createDirectories(src.resolve("small"));
        for (int i = 0; i < 30; i++) {
            byte[] data = new byte[rnd.nextInt(9000)];
            if (i % 3 == 0) {
                rnd.nextBytes(data);
            } else {
                for (int j = 0; j < data.length; j++) {
                    data[j] = (byte) ("abcdefghij\n".charAt((j + i) % 11));
                }
            }
            Files.write(src.resolve("small").resolve(String.format("f%02d", i)), data);
        }
        Files.write(src.resolve("small").resolve("tiny"), "hi\n".getBytes(StandardCharsets.US_ASCII));
        Files.createDirectories(src.resolve("sizes"));
        for (int n : new int[] {0, 1, 59, 60, 61, 1023, 1024, 1025, 2047, 2048, 2049, 4095, 4096, 4097}) {
            byte[] data = new byte[n];
            rnd.nextBytes(data);
            Files.write(src.resolve("sizes").resolve("s" + n), data);
        }
        Files.write(src.resolve("empty"), new byte[0]);
        byte[] large = new byte[3 << 20];
        rnd.nextBytes(large);
        Files.write(src.resolve("large.bin"), large);
        try (RandomAccessFile f = new RandomAccessFile(src.resolve("sparse.bin").toFile(), "rw")) {
            f.write("head of a sparse file".getBytes(StandardCharsets.US_ASCII));
            f.seek((1 << 20) + 123);
            byte[] mid = new byte[5000];
            rnd.nextBytes(mid);
            f.write(mid);
            f.seek((5 << 19) + 7);
            f.write("tail".getBytes(StandardCharsets.US_ASCII));
        }
        try (RandomAccessFile f = new RandomAccessFile(src.resolve("sparse-tail.bin").toFile(), "rw")) {
            f.write("data, then a hole to the end".getBytes(StandardCharsets.US_ASCII));
            f.setLength(3 << 20);
        }
        // Many small data islands between holes: one extent each, too many for i_block, so the
        // extent tree needs leaf blocks (and the block map reaches the double-indirect range).
        try (RandomAccessFile f = new RandomAccessFile(src.resolve("islands.bin").toFile(), "rw")) {
            byte[] island = new byte[4096];
            for (int i = 0; i < 120; i++) {
                rnd.nextBytes(island);
                f.seek((long) i * 65536 + 8192);
                f.write(island);
            }
        }
        Path deep = src.resolve("deep");
        for (int i = 1; i <= 12; i++) {
            deep = deep.resolve(String.format("level%02d", i));
        }
        Files.createDirectories(deep);
        Files.write(deep.resolve("bottom.txt"), "at the bottom\n".getBytes(StandardCharsets.US_ASCII));
        Path big = Files.createDirectories(src.resolve("big"));
        String[] flavours = {"plain", "naïve-café", "日本語", "spaces in name", "ünïcödé-Ωmega"};
        for (int i = 0; i < BIG_DIR_ENTRIES; i++) {
            String name = String.format("%s-a-rather-long-name-to-fill-directory-blocks-%05d", flavours[i % flavours.length], i);
            Files.createFile(big.resolve(name));
        }
        Path links = Files.createDirectories(src.resolve("links"));
        Files.write(links.resolve("original"), "shared content\n".getBytes(StandardCharsets.US_ASCII));
        Files.createLink(links.resolve("second name"), links.resolve("original"));
        Files.createLink(src.resolve("third-name-elsewhere"), links.resolve("original"));
        Files.createLink(big.resolve("link-into-big"), src.resolve("small").resolve("f01"));
        Path sym = Files.createDirectories(src.resolve("sym"));
        Files.createSymbolicLink(sym.resolve("short"), Path.of("../small/f00"));
        Files.createSymbolicLink(sym.resolve("len59"), Path.of("x".repeat(59)));
        Files.createSymbolicLink(sym.resolve("len60"), Path.of("y".repeat(60)));
        Files.createSymbolicLink(sym.resolve("long"), Path.of("a/very/long/target/".repeat(12) + "end"));
        Files.createSymbolicLink(sym.resolve("dangling"), Path.of("does-not-exist"));
        Files.createSymbolicLink(sym.resolve("to-dir"), Path.of("../deep"));
        Files.write(src.resolve("names with spaces.txt"), "spaced\n".getBytes(StandardCharsets.UTF_8));
        Files.write(src.resolve("naïve café.txt"), "utf8\n".getBytes(StandardCharsets.UTF_8));
        Files.write(src.resolve("日本語のファイル"), "nihongo\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(src.resolve("empty dir"));
        xattrsInSource = setXattrs();
    }

    private static boolean setXattrs() {
        try {
            setXattr(src.resolve("small").resolve("f01"), "color", "blue".getBytes(StandardCharsets.US_ASCII));
            setXattr(src.resolve("small").resolve("f01"), "empty", new byte[0]);
            byte[] bigValue = new byte[700];
            new Random(7).nextBytes(bigValue);
            setXattr(src.resolve("small").resolve("f02"), "big.value", bigValue);
            setXattr(src.resolve("small").resolve("f02"), "second", "two".getBytes(StandardCharsets.US_ASCII));
            setXattr(src.resolve("deep"), "on.a.dir", "yes".getBytes(StandardCharsets.US_ASCII));
            setXattr(src.resolve("sizes").resolve("s0"), "ünï", "ü".getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void setXattr(Path p, String name, byte[] value) throws IOException {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        if (v == null) {
            throw new UnsupportedOperationException("no user xattrs");
        }
        v.write(name, ByteBuffer.wrap(value));
    }

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("ext2", 1024, null, "legacy", false),
                Arguments.of("ext2", 4096, null, "tea", false),
                Arguments.of("ext3", 1024, null, "half_md4", false),
                Arguments.of("ext3", 4096, null, "tea", true),
                Arguments.of("ext4", 1024, null, "half_md4", false),
                Arguments.of("ext4", 4096, null, "legacy", true),
                Arguments.of("ext4", 2048, null, "tea", false),
                Arguments.of("ext4", 4096, "inline_data", "half_md4", false),
                Arguments.of("ext4", 1024, "^metadata_csum,uninit_bg", "half_md4", false),
                Arguments.of("ext4", 4096, "^64bit", "half_md4", true));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} unsigned={4}")
    @MethodSource("configs")
    void roundTrip(String type, int bs, String features, String hashAlg, boolean unsignedHash) throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null && TestImages.tool("e2fsck") != null, "e2fsprogs not installed");
        Path img = TestImages.mkfs(tmp.resolve("rt.img"), type, bs, features, src, 32 * 1024);
        if (!"half_md4".equals(hashAlg)) {
            TestImages.runChecked(new int[] {0}, TestImages.tool("tune2fs"), "-E", "hash_alg=" + hashAlg, img.toString());
        }
        if (unsignedHash) {
            TestImages.runChecked(new int[] {0}, TestImages.tool("debugfs"), "-w", "-R", "ssv flags 2", img.toString());
        }
        // e2fsck -D indexes every directory that spans more than one block.
        TestImages.runChecked(new int[] {0, 1}, TestImages.tool("e2fsck"), "-fyD", img.toString());
        Tally t = new Tally();
        try (FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false))) {
            new Walk(fs, t).run();
        }
        System.out.println("round trip " + type + " " + bs + " " + features + " " + hashAlg + (unsignedHash ? " unsigned" : "")
                + ": " + t);
        assertTrue(t.htreeDirs >= 1, "the big directory should be indexed");
        assertTrue(t.htreeLeaves >= 3, "the big directory should span at least 3 leaves");
        if (bs == 1024) {
            assertTrue(t.maxHtreeLevels >= 1, "1 KiB blocks should need a two-level htree");
        }
        if ("ext4".equals(type)) {
            assertTrue(t.extentBlocks > 0, "islands.bin should need extent tree blocks");
        }
        if ("inline_data".equals(features)) {
            assertTrue(t.inlineInodes > 0, "inline_data image should hold inline inodes");
        }
        if (xattrsInSource && !"ext2".equals(type)) {
            assertTrue(t.xattrBlocks > 0, "the large xattr value should need an xattr block");
        }
    }

    /** One image's walk from the root, through the model only. */
    private static final class Walk {
        final FileSystem fs;
        final Tally t;
        final Superblock sb;
        final Checksums ck;
        final boolean csum;
        final FileReader reader;
        final DirectoryReader dirs;
        final Xattrs xattrs;
        final DirHash hash = new DirHash();

        Walk(FileSystem fs, Tally t) {
            this.fs = fs;
            this.t = t;
            this.sb = fs.superblock();
            this.ck = fs.checksums();
            this.csum = sb.has(Feature.METADATA_CSUM);
            this.reader = new FileReader(fs).verifyChecksums(true);
            this.dirs = new DirectoryReader(fs, reader).verifyChecksums(true);
            this.xattrs = new Xattrs(fs, reader);
        }

        void run() throws IOException {
            checkGroups();
            checkJournal();
            checkDir(src, 2, 2, true);
        }

        void checkGroups() {
            if (csum) {
                assertEquals(sb.checksum(), ck.superblock(fs.superblockBuffer()), "superblock checksum");
            }
            GroupDescriptor gd = fs.descriptors();
            Bitmaps bm = new Bitmaps(fs);
            ByteBuffer buf = ByteBuffer.allocate(fs.blockSize()).order(ByteOrder.LITTLE_ENDIAN);
            for (int g = 0; g < fs.groupCount(); g++) {
                gd.at(g);
                if (sb.hasGroupDescChecksums()) {
                    assertEquals(gd.checksum(), ck.groupDescriptor(gd, g, csum), "group descriptor " + g);
                    t.groupsCsum++;
                }
                if (csum) {
                    buf.clear();
                    bm.readBlockBitmap(g, buf);
                    assertTrue(bm.blockBitmapOk(g, buf, 0), "block bitmap checksum of group " + g);
                    buf.clear();
                    bm.readInodeBitmap(g, buf);
                    assertTrue(bm.inodeBitmapOk(g, buf, 0), "inode bitmap checksum of group " + g);
                    t.bitmapsCsum += 2;
                }
            }
        }

        void checkJournal() {
            if (!sb.has(Feature.HAS_JOURNAL)) {
                return;
            }
            Inode ji = inode(sb.journalInum());
            JournalSuperblock j = JournalSuperblock.read(fs, reader);
            assertNotNull(j);
            assertTrue(j.hasMagic(), "journal magic");
            assertTrue(j.isV2(), "journal superblock v2");
            assertEquals(fs.blockSize(), j.blockSize(), "journal block size");
            assertEquals(ji.size() / fs.blockSize(), j.maxLen(), "journal length");
            assertEquals(0, j.start(), "clean journal");
            if (j.hasChecksum()) {
                assertEquals(JournalSuperblock.CSUM_TYPE_CRC32C, j.checksumType());
                assertEquals(j.checksum(), j.expectedChecksum(), "journal superblock checksum");
                t.journalCsum++;
            }
        }

        Inode inode(long ino) {
            Inode in = fs.readInode(ino);
            if (csum) {
                assertTrue(ck.inodeMatches(in, ino), "inode " + ino + " checksum");
                t.inodesCsum++;
            }
            if (reader.isInline(in)) {
                t.inlineInodes++;
            }
            return in;
        }

        void checkDir(Path dir, long ino, long parent, boolean isRoot) throws IOException {
            t.dirs++;
            Inode in = inode(ino);
            assertTrue(in.isDir(), dir + " is a directory");
            Map<String, long[]> entries = new TreeMap<>();
            long[] dots = {-1, -1};
            dirs.read(ino, in, (e, lb, synthetic, synthIno) -> {
                String name = e == null ? synthetic : e.nameString();
                long child = e == null ? synthIno : e.inode();
                if (".".equals(name)) {
                    dots[0] = child;
                } else if ("..".equals(name)) {
                    dots[1] = child;
                } else if (entries.put(name, new long[] {child, e == null ? -1 : e.fileType()}) != null) {
                    fail("duplicate name " + name + " in " + dir);
                }
            });
            countDirChecksums(ino, in);
            assertEquals(ino, dots[0], "'.' of " + dir);
            assertEquals(parent, dots[1], "'..' of " + dir);
            if (isRoot) {
                entries.remove("lost+found");
            }
            List<String> expected = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(p -> expected.add(p.getFileName().toString()));
            }
            expected.sort(null);
            assertEquals(expected, new ArrayList<>(entries.keySet()), "names in " + dir);
            checkXattrs(dir, ino, in);
            for (Map.Entry<String, long[]> en : entries.entrySet()) {
                Path p = dir.resolve(en.getKey());
                long child = en.getValue()[0];
                checkIdentity(p, child);
                Inode ci = inode(child);
                int mode = (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
                assertEquals(mode, ci.mode(), "mode of " + p);
                if (fs.has(Feature.FILETYPE)) {
                    assertEquals(DirEntry.fileTypeOfMode(mode), (int) en.getValue()[1], "file type of " + p);
                }
                if (Files.isSymbolicLink(p)) {
                    checkSymlink(p, child, ci);
                } else if (Files.isDirectory(p, NOFOLLOW)) {
                    checkDir(p, child, ino, false);
                } else {
                    checkFile(p, child, ci);
                }
            }
        }

        void countDirChecksums(long ino, Inode in) {
            HtreeIndex idx = dirs.lastIndex();
            if (csum && !reader.isInline(in)) {
                t.dirBlocksCsum += (int) (in.size() / fs.blockSize());
            }
            if (idx == null) {
                return;
            }
            t.htreeDirs++;
            t.maxHtreeLevels = Math.max(t.maxHtreeLevels, idx.indirectLevels());
            int version = DirHash.effectiveVersion(idx.hashVersion(), sb);
            int[] seed = DirHash.seed(sb);
            ByteBuffer raw = ByteBuffer.wrap(reader.readAll(ino, in)).order(ByteOrder.LITTLE_ENDIAN);
            DirEntry e = DirEntry.of(fs);
            DirBlockIterator it = new DirBlockIterator(e);
            int bs = fs.blockSize();
            for (HtreeIndex.Leaf leaf : idx.leaves()) {
                t.htreeLeaves++;
                int off = (int) (leaf.block() * bs);
                it.reset(raw, off, csum ? bs - DirTail.SIZE : bs);
                while (it.next()) {
                    if (e.inode() == 0) {
                        continue;
                    }
                    int h = hash.hash(version, seed, raw, e.nameOffset(), e.nameLen());
                    assertTrue(leaf.contains(h), String.format("name %s hashes to 0x%08x, outside leaf %d [0x%x, 0x%x]",
                            e.nameString(), h, leaf.block(), leaf.low(), leaf.high()));
                    t.htreeNames++;
                }
                assertEquals(null, it.error());
            }
        }

        void checkIdentity(Path p, long ino) throws IOException {
            long srcIno = ((Number) Files.getAttribute(p, "unix:ino", NOFOLLOW)).longValue();
            Long prev = t.linkIdentity.putIfAbsent(srcIno, ino);
            assertEquals(prev == null ? ino : prev, ino, "hard link identity of " + p);
            Long back = t.reverseIdentity.putIfAbsent(ino, srcIno);
            assertEquals(back == null ? srcIno : back, srcIno, "image inode " + ino + " used for two source files");
        }

        void checkSymlink(Path p, long ino, Inode in) throws IOException {
            t.symlinks++;
            byte[] want = Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8);
            assertEquals(want.length, in.size(), "symlink size of " + p);
            if (Symlinks.isFast(in, fs)) {
                t.fastSymlinks++;
            }
            assertArrayEquals(want, Symlinks.target(reader, ino, in), "symlink target of " + p);
        }

        void checkFile(Path p, long ino, Inode in) throws IOException {
            t.files++;
            byte[] want = Files.readAllBytes(p);
            if (fs.has(Feature.INLINE_DATA) && p.getFileName().toString().equals("sparse-tail.bin")) {
                // mke2fs -d with inline_data (seen in 1.47.0) sets i_size to the end of the last
                // data block, dropping a trailing hole; compare what it did store.
                assertTrue(in.size() <= want.length, "size of " + p);
                want = java.util.Arrays.copyOf(want, (int) in.size());
            }
            assertEquals(want.length, in.size(), "size of " + p);
            if (in.hasFlag(Inode.FL_EXTENTS)) {
                new ExtentWalker(fs).walk(ino, in, true, new ExtentWalker.Visitor() {
                    @Override
                    public void extent(long logical, long physical, int length, boolean uninit) {
                    }

                    @Override
                    public void node(long block, int depth, int entries) {
                        t.extentBlocks++;
                    }
                });
            }
            assertArrayEquals(want, reader.readAll(ino, in), "contents of " + p);
            checkXattrs(p, ino, in);
        }

        void checkXattrs(Path p, long ino, Inode in) throws IOException {
            Map<String, byte[]> got = new TreeMap<>();
            for (Xattrs.Xattr x : xattrs.list(ino, in, true)) {
                if (x.name().equals("system.data")) {
                    continue;
                }
                got.put(x.name(), x.value());
                t.xattrs++;
                if (x.inBlock()) {
                    t.xattrBlocks++;
                }
            }
            Map<String, byte[]> want = new TreeMap<>();
            UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, NOFOLLOW);
            if (xattrsInSource && v != null) {
                for (String n : v.list()) {
                    ByteBuffer b = ByteBuffer.allocate(v.size(n));
                    v.read(n, b);
                    want.put("user." + n, b.array());
                }
            }
            assertEquals(want.keySet(), got.keySet(), "xattr names of " + p);
            for (String n : want.keySet()) {
                assertArrayEquals(want.get(n), got.get(n), "xattr " + n + " of " + p);
            }
        }
    }
}
