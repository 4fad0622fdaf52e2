package pe2fsck.pass2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;
import pe2fsck.check.CheckContext;
import pe2fsck.check.IoTuning;
import pe2fsck.io.ReadAhead;
import pe2fsck.check.DirBlockList;
import pe2fsck.check.Pass;
import pe2fsck.fs.DirBlockIterator;
import pe2fsck.fs.DirEntry;
import pe2fsck.fs.DirHash;
import pe2fsck.fs.DirTail;
import pe2fsck.fs.DxEntries;
import pe2fsck.fs.DxTail;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.InlineData;
import pe2fsck.fs.Inode;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * Pass 2: reads every directory block pass 1 listed, one directory at a time in logical order,
 * and every inline directory, and checks each entry: record lengths and name lengths, '.' and
 * '..', inode numbers in range and in use, names (plain, encrypted or casefolded rules), file
 * types against the inode, second links to a directory, leaf checksums, holes between mapped
 * blocks, and repeated names. Indexed directories get their whole index checked
 * ({@link HtreeCheck}). Reports inodes pass 1 marked bad when an entry leads to them.
 *
 * <p>Repeated names: like e2fsck, a name seen twice within one block marks the directory for
 * rebuilding; the rebuild (e2fsck's pass 3A) would then find every repeated name in the whole
 * directory, which pass 2 reports at the end of the directory.
 *
 * <p>Builds for later passes: a reference count per inode (every entry, '.' and '..' included),
 * each directory's '..' and the directory whose entry names it. Leaves connectivity to pass 3
 * and link counts to pass 4. Runs on one thread; report order follows (inode, logical block).
 */
public final class Pass2 implements Pass {

    static final long ROOT = 2;
    /** Directory blocks between two -C progress lines. */
    private static final int PROGRESS_STEP = 4096;
    /** Shortest name an encrypted directory may hold (one cipher block). */
    private static final int CRYPTO_BLOCK_SIZE = 16;
    /** Beyond this many blocks an index is not tracked block by block. */
    private static final long HTREE_MAX_BLOCKS = 1L << 24;
    /** Holes reported per directory at most; a wildly sparse directory says enough with these. */
    private static final int MAX_HOLES_REPORTED = 1000;

    private CheckContext ctx;
    private FileSystem fs;
    private int blockSize;
    private boolean filetype;
    private boolean metadataCsum;
    private boolean encryptFeature;
    private boolean casefoldFeature;
    private boolean largeDir;
    private long firstIno;
    private long inodesCount;
    private final RoaringBitmap badReported = new RoaringBitmap();
    /** Directories with a name repeated inside one block: e2fsck would rebuild them. */
    private final RoaringBitmap rehash = new RoaringBitmap();
    private DirEntry entry;
    private DirBlockIterator iter;
    private final BlockNames blockNames = new BlockNames();
    /** Directory blocks arriving in visiting order; set while {@link #run} walks the list. */
    private ReadAhead reads;
    private final DirHash hasher = new DirHash();
    private final InlineData inline = new InlineData();

    /** What pass 2 needs to know about the directory whose blocks it is reading. */
    private static final class Dir {
        final long ino;
        final int generation;
        final boolean encrypted;
        final boolean casefolded;
        HtreeCheck htree;

        Dir(long ino, int generation, int flags, boolean casefoldFeature) {
            this.ino = ino;
            this.generation = generation;
            this.encrypted = (flags & Inode.FL_ENCRYPT) != 0;
            this.casefolded = casefoldFeature && !encrypted && (flags & Inode.FL_CASEFOLD) != 0;
        }
    }

    @Override
    public String name() {
        return "Pass 2";
    }

    @Override
    public void run(CheckContext ctx) {
        this.ctx = ctx;
        this.fs = ctx.fs();
        this.blockSize = fs.blockSize();
        this.filetype = fs.has(Feature.FILETYPE);
        this.metadataCsum = fs.has(Feature.METADATA_CSUM);
        this.encryptFeature = fs.has(Feature.ENCRYPT);
        this.casefoldFeature = fs.has(Feature.CASEFOLD);
        this.largeDir = fs.has(Feature.LARGEDIR);
        this.firstIno = fs.superblock().firstIno();
        this.inodesCount = fs.geometry().inodesCount();
        this.entry = DirEntry.of(fs);
        this.iter = new DirBlockIterator(entry);
        if (ctx.dirInfo.contains(ROOT)) {
            ctx.dirInfo.setParent(ROOT, ROOT);
        }
        DirBlockList list = ctx.dirBlocks;
        list.sortByInode();
        RoaringBitmap withBlocks = new RoaringBitmap();
        int depth = IoTuning.depth(ctx);
        try (ReadAhead blocks = new ReadAhead(fs.device(), mappedBlocks(list), depth, 4 * depth, blockSize,
                IoTuning.readaheadBytes(ctx, IoTuning.DEFAULT_MERGE_BYTES), 0, ctx.threadFigures().readAhead())) {
            this.reads = blocks;
            int i = 0;
            while (i < list.size()) {
                long dir = list.ino(i);
                int j = i + 1;
                while (j < list.size() && list.ino(j) == dir) {
                    j++;
                }
                withBlocks.add((int) dir);
                checkDir(dir, list, i, j);
                if (j / PROGRESS_STEP != i / PROGRESS_STEP) {
                    ctx.progress().update(2, j, list.size());
                }
                i = j;
            }
        } finally {
            this.reads = null;
        }
        // Inline directories have no blocks; their entries live in the inode.
        if (fs.has(Feature.INLINE_DATA)) {
            for (int k = 0; k < ctx.dirInfo.size(); k++) {
                long dir = ctx.dirInfo.inoAt(k);
                if (!withBlocks.contains((int) dir)) {
                    checkInlineDir(dir);
                }
            }
        }
    }

    // ---- block directories ----

    /**
     * The directory blocks to read, in the order pass 2 visits them (directory, then logical
     * block), holes left out. The read-ahead engine keeps several in flight and merges blocks
     * that follow each other on disk: a directory's blocks, and the blocks of directories
     * created together, usually do (on the 1M-inode bench image, 51,906 blocks become about
     * 1,000 requests).
     */
    private ReadAhead.Ranges mappedBlocks(DirBlockList list) {
        int n = 0;
        for (int k = 0; k < list.size(); k++) {
            if (list.physical(k) != 0) {
                n++;
            }
        }
        long[] offsets = new long[n];
        n = 0;
        for (int k = 0; k < list.size(); k++) {
            if (list.physical(k) != 0) {
                offsets[n++] = list.physical(k) * blockSize;
            }
        }
        int bs = blockSize;
        return new ReadAhead.Ranges() {
            @Override public int count() { return offsets.length; }
            @Override public long offset(int i) { return offsets[i]; }
            @Override public int length(int i) { return bs; }
        };
    }

    /** Checks rows [from, to) of the list, all blocks of {@code dir} in logical order. */
    private void checkDir(long ino, DirBlockList list, int from, int to) {
        int flags = ctx.dirInfo.flags(ino);
        Dir dir = new Dir(ino, ctx.dirInfo.generation(ino), flags, casefoldFeature);
        long last = list.logical(to - 1);
        if ((flags & Inode.FL_INDEX) != 0 && last >= 0 && last < HTREE_MAX_BLOCKS) {
            dir.htree = new HtreeCheck(ctx, ino, (int) last + 1, metadataCsum, largeDir, !dir.casefolded, hasher);
        }
        long expect = 0;
        int holes = 0;
        for (int k = from; k < to; k++) {
            long logical = list.logical(k);
            long phys = list.physical(k);
            // Every mapped row was queued for reading: take it even when it is skipped below.
            ByteBuffer block = phys != 0 ? reads.take() : null;
            if (logical < expect) {
                continue; // listed twice
            }
            // Pass 1 lists mapped blocks only; the gaps between them are holes.
            for (long h = expect; h < logical && holes < MAX_HOLES_REPORTED; h++, holes++) {
                hole(ino, h);
            }
            expect = logical + 1;
            if (phys == 0) {
                if (holes++ < MAX_HOLES_REPORTED) {
                    hole(ino, logical);
                }
                continue;
            }
            checkBlock(dir, logical, block);
        }
        if (dir.htree != null) {
            dir.htree.finish();
        }
        if (rehash.contains((int) ino)) {
            repeatedNames(ino, list, from, to);
        }
    }

    private void hole(long dir, long logical) {
        if (!largeDir) {
            ctx.problems().ask(Finding.of(Problem.DIRECTORY_HOLE).dir(dir).num(logical).build());
        }
    }

    private void checkBlock(Dir dir, long logical, ByteBuffer b) {
        int kind = dir.htree != null ? dir.htree.begin(logical, b) : HtreeCheck.LEAF;
        boolean leaf = kind == HtreeCheck.LEAF || (dir.htree == null);
        boolean failedCsum = metadataCsum && !checksumOk(dir, b);
        int limit = blockSize;
        if (metadataCsum && leaf) {
            if (failedCsum && DirTail.find(b, 0, blockSize) == DirTail.NO_SPACE) {
                if (rehash.contains((int) dir.ino)) {
                    failedCsum = false; // a rebuild will write fresh tails
                } else {
                    ctx.problems().ask(Finding.of(Problem.LEAF_NODE_MISSING_CSUM).dir(dir.ino).num(logical).build());
                }
            } else {
                limit = DirTail.offset(0, blockSize);
            }
        }
        if (!walkEntries(dir, logical, b, 0, limit, logical == 0)) {
            return;
        }
        if (kind == HtreeCheck.ROOT || kind == HtreeCheck.NODE) {
            dir.htree.parseIndex(logical, b, failedCsum);
        }
        if (leaf && failedCsum) {
            ctx.problems().ask(Finding.of(Problem.LEAF_NODE_ONLY_CSUM_INVALID).dir(dir.ino).num(logical).build());
        }
    }

    /**
     * Verifies a directory block's checksum the way the block would be read: through its
     * entry tail if it has one, else as an index block through its dx tail; a block with
     * neither fails.
     */
    private boolean checksumOk(Dir dir, ByteBuffer b) {
        int seed = fs.checksums().inodeSeedValue(dir.ino, dir.generation);
        if (DirTail.find(b, 0, blockSize) == DirTail.FOUND) {
            return DirTail.stored(b, 0, blockSize) == DirTail.expected(fs.checksums(), seed, b, 0, blockSize);
        }
        int countOff = DxTail.countOffsetOf(b, 0, blockSize);
        if (countOff < 0) {
            return false;
        }
        DxEntries e = new DxEntries().at(b, countOff);
        int maxSane = (blockSize - countOff) / DxEntries.ENTRY_SIZE;
        if (e.limit() > maxSane || e.count() > maxSane || !DxTail.fits(e, 0, blockSize)) {
            return false;
        }
        return DxTail.stored(b, e) == DxTail.expected(fs.checksums(), seed, b, 0, e);
    }

    // ---- inline directories ----

    private void checkInlineDir(long ino) {
        Inode in = fs.readInode(ino);
        if ((in.flags() & Inode.FL_INLINE_DATA) == 0) {
            return;
        }
        Dir dir = new Dir(ino, in.generation(), in.flags(), casefoldFeature);
        long parent = InlineData.dirParent(in);
        ctx.refCount.increment(ino); // the implicit '.'
        ctx.dirInfo.setDotdot(ino, parent);
        if (parent >= 1 && parent <= inodesCount) {
            ctx.refCount.increment(parent);
        }
        // Two separate runs of entries: the rest of i_block, then the "system.data" value.
        ByteBuffer b = in.buffer();
        int first = in.blockAreaOffset() + InlineData.DIR_PARENT_SIZE;
        walkEntries(dir, 0, b, first, Inode.BLOCK_BYTES - InlineData.DIR_PARENT_SIZE, false);
        if (inline.locate(in) && inline.valueLength() > 0) {
            walkEntries(dir, 1, b, inline.valueOffset(), inline.valueLength(), false);
        }
    }

    // ---- entries ----

    /**
     * Checks the entries in [start, start + len) of {@code b}. {@code dots}: the first two
     * entries must be '.' and '..' (logical block 0 of a block directory). Returns false if a
     * corrupt entry stopped the walk.
     */
    private boolean walkEntries(Dir dir, long logical, ByteBuffer b, int start, int len, boolean dots) {
        BlockNames seen = rehash.contains((int) dir.ino) ? null : blockNames;
        if (seen != null) {
            seen.reset(b);
        }
        iter.reset(b, start, len);
        int index = 0;
        while (iter.next()) {
            DirEntry e = iter.entry();
            if (e.recLen() < 12) {
                corrupted(dir.ino, logical, e.offset() - start);
                return false;
            }
            long ino = e.inode();
            if (dots && index == 0) {
                checkDot(dir.ino, e);
            } else if (dots && index == 1) {
                checkDotDot(dir.ino, e);
            } else if (ino != 0) {
                checkEntry(dir, logical, e, seen);
            }
            index++;
        }
        if (iter.error() != null) {
            corrupted(dir.ino, logical, iter.errorOffset() - start);
            return false;
        }
        return true;
    }

    private void corrupted(long dir, long logical, int off) {
        ctx.problems().ask(Finding.of(Problem.DIR_CORRUPTED).dir(dir).num(logical).num2(off).build());
    }

    private static String text(DirEntry e) {
        return new String(e.name(), StandardCharsets.ISO_8859_1);
    }

    private void checkDot(long dir, DirEntry e) {
        if (!e.isDot()) {
            ctx.problems().ask(Finding.of(e.inode() == 0 ? Problem.MISSING_DOT : Problem.FIRST_NOT_DOT).dir(dir).text(text(e)).build());
            return;
        }
        if (e.inode() != dir) {
            ctx.problems().ask(Finding.of(Problem.BAD_INODE_DOT).dir(dir).ino(e.inode()).build());
            return;
        }
        ctx.refCount.increment(dir);
    }

    private void checkDotDot(long dir, DirEntry e) {
        long ino = e.inode();
        if (!e.isDotDot()) {
            ctx.problems().ask(Finding.of(ino == 0 ? Problem.MISSING_DOT_DOT : Problem.SECOND_NOT_DOT_DOT).dir(dir).text(text(e)).build());
            return;
        }
        ctx.dirInfo.setDotdot(dir, ino);
        if (ino >= 1 && ino <= inodesCount) {
            ctx.refCount.increment(ino);
        }
    }

    private void checkEntry(Dir dir, long logical, DirEntry e, BlockNames seen) {
        long ino = e.inode();
        int nameLen = e.nameLen();
        // The name is turned into text only for a message: most entries need none.
        if ((ino != ROOT && ino < firstIno) || ino > inodesCount) {
            ctx.problems().ask(Finding.of(Problem.BAD_INO).dir(dir.ino).ino(ino).text(text(e)).build());
            return;
        }
        // e2fsck goes on with an entry whose problem it was not allowed to fix: the index and
        // the repeated-name check still see it.
        if (dir.htree != null) {
            dir.htree.addName(logical, e.buffer(), e.nameOffset(), nameLen);
        }
        if (seen != null && !rehash.contains((int) dir.ino) && seen.addIsDuplicate(e.nameOffset(), nameLen)) {
            ctx.problems().ask(Finding.of(Problem.REPORT_DUP_DIRENT).dir(dir.ino).ino(ino).text(text(e)).build());
            rehash.add((int) dir.ino);
        }
        if (nameLen == 0) {
            ctx.problems().ask(Finding.of(Problem.NULL_NAME).dir(dir.ino).ino(ino).build());
            return;
        }
        if (e.isDot()) {
            ctx.problems().ask(Finding.of(Problem.DUP_DOT).dir(dir.ino).build());
            return;
        }
        if (e.isDotDot()) {
            ctx.problems().ask(Finding.of(Problem.DUP_DOT_DOT).dir(dir.ino).build());
            return;
        }
        if (!ctx.inodeUsed.contains((int) ino)) {
            ctx.problems().ask(Finding.of(unusedProblem(ino)).dir(dir.ino).ino(ino).text(text(e)).build());
            return;
        }
        if (ino == dir.ino) {
            ctx.problems().ask(Finding.of(Problem.LINK_DOT).dir(dir.ino).ino(ino).text(text(e)).build());
            return;
        }
        if (ino == ROOT) {
            ctx.problems().ask(Finding.of(Problem.LINK_ROOT).dir(dir.ino).ino(ino).text(text(e)).build());
            return;
        }
        checkName(dir, e, ino);
        if (ctx.inodeBad.contains((int) ino) && !badReported.contains((int) ino)) {
            badReported.add((int) ino);
            reportBadInode(dir.ino, ino, text(e));
        }
        int want = ctx.fileType[(int) ino];
        if (filetype) {
            int type = e.fileType();
            if (type != want && want != 0) {
                ctx.problems().ask(Finding.of(type == 0 ? Problem.SET_FILETYPE : Problem.BAD_FILETYPE)
                        .dir(dir.ino).ino(ino).text(text(e)).num(want).num2(type).build());
            }
        }
        if (ctx.inodeDir.contains((int) ino)) {
            if (ctx.dirInfo.parent(ino) != 0) {
                ctx.problems().ask(Finding.of(Problem.LINK_DIR).dir(dir.ino).ino(ino).text(text(e)).build());
                return;
            }
            ctx.dirInfo.setParent(ino, dir.ino);
        }
        ctx.refCount.increment(ino);
    }

    /** The name rules of the directory's kind: encrypted, casefolded, or plain. */
    private void checkName(Dir dir, DirEntry e, long ino) {
        if (dir.encrypted) {
            if (e.nameLen() < CRYPTO_BLOCK_SIZE) {
                ctx.problems().ask(Finding.of(Problem.BAD_ENCRYPTED_NAME).dir(dir.ino).ino(ino).text(text(e)).build());
            }
            int type = e.fileType();
            if ((type == DirEntry.FT_REG_FILE || type == DirEntry.FT_DIR || type == DirEntry.FT_SYMLINK)
                    && (fs.readInode(ino).flags() & Inode.FL_ENCRYPT) == 0) {
                ctx.problems().ask(Finding.of(Problem.UNENCRYPTED_FILE).dir(dir.ino).ino(ino).text(text(e)).build());
            }
            return;
        }
        if (dir.casefolded && !Utf8.valid(e.buffer(), e.nameOffset(), e.nameLen())) {
            ctx.problems().ask(Finding.of(Problem.BAD_ENCODED_NAME).dir(dir.ino).ino(ino).text(text(e)).build());
        }
        for (int i = 0; i < e.nameLen(); i++) {
            byte c = e.nameByte(i);
            if (c == '/' || c == 0) {
                ctx.problems().ask(Finding.of(Problem.BAD_NAME).dir(dir.ino).ino(ino).text(text(e)).build());
                return;
            }
        }
    }

    /**
     * The search a directory rebuild makes: every name that occurs more than once in the whole
     * directory. A second entry for the same inode is a plain duplicate; a second entry for a
     * different inode needs a new name.
     */
    private void repeatedNames(long dir, DirBlockList list, int from, int to) {
        Map<String, List<Long>> byName = new LinkedHashMap<>();
        ByteBuffer block = ByteBuffer.allocate(blockSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = from; k < to; k++) {
            if (list.physical(k) == 0) {
                continue;
            }
            block.clear();
            fs.readBlock(list.physical(k), block);
            iter.reset(block, 0, blockSize);
            while (iter.next()) {
                DirEntry e = iter.entry();
                if (e.inode() == 0 || e.isDot() || e.isDotDot() || e.isCsumTail()) {
                    continue;
                }
                byName.computeIfAbsent(text(e), x -> new ArrayList<>()).add(e.inode());
            }
        }
        for (Map.Entry<String, List<Long>> m : byName.entrySet()) {
            List<Long> inos = m.getValue();
            for (int i = 1; i < inos.size(); i++) {
                Problem p = inos.get(i).equals(inos.get(i - 1)) ? Problem.DUPLICATE_DIRENT : Problem.NON_UNIQUE_FILE;
                ctx.problems().ask(Finding.of(p).dir(dir).ino(inos.get(i)).text(m.getKey()).build());
            }
        }
    }

    /** An entry that names an inode pass 1 did not find in use: in an unused area, or just free. */
    private Problem unusedProblem(long ino) {
        if (fs.superblock().hasGroupDescChecksums()) {
            GroupDescriptor gd = fs.descriptors().at((int) fs.geometry().groupOfInode(ino));
            if (gd.has(GroupDescriptor.FLAG_INODE_UNINIT)) {
                return Problem.INOREF_BG_INO_UNINIT;
            }
            long ipg = fs.geometry().inodesPerGroup();
            if (fs.geometry().indexInGroup(ino) >= ipg - gd.itableUnused()) {
                return Problem.INOREF_IN_UNUSED;
            }
        }
        return Problem.UNUSED_INODE;
    }

    private void reportBadInode(long dir, long ino, String name) {
        Problem p = switch (ctx.fileType[(int) ino]) {
            case 3 -> Problem.BAD_CHAR_DEV;
            case 4 -> Problem.BAD_BLOCK_DEV;
            case 5 -> Problem.BAD_FIFO;
            case 6 -> Problem.BAD_SOCKET;
            case 7 -> Problem.INVALID_SYMLINK;
            default -> Problem.BAD_MODE;
        };
        Finding.Builder fb = Finding.of(p).dir(dir).ino(ino).text(name);
        if (p == Problem.BAD_MODE) {
            fb.num(fs.readInode(ino).mode()); // rare: only inodes pass 1 found bad
        }
        ctx.problems().ask(fb.build());
    }
}
