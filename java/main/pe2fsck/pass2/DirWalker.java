package pe2fsck.pass2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;
import pe2fsck.run.CheckContext;
import pe2fsck.state.DirBlockList;
import pe2fsck.fs.Checksums;
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
import pe2fsck.io.ReadAhead;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * One pass-2 worker's walk over directories: every entry of every block of the directories it
 * is given, checked as {@link Pass2} describes. It reads only what pass 1 left (which inodes are
 * in use, directories, bad, their types) and the directories' own blocks, and sends everything
 * it concludes to a {@link Pass2Sink}; the only run state it writes itself is each of its own
 * directories' '..' entry. One walker per thread.
 */
final class DirWalker {

    /** Shortest name an encrypted directory may hold (one cipher block). */
    private static final int CRYPTO_BLOCK_SIZE = 16;
    /** Beyond this many blocks an index is not tracked block by block. */
    private static final long HTREE_MAX_BLOCKS = 1L << 24;
    /** Holes reported per directory at most; a wildly sparse directory says enough with these. */
    private static final int MAX_HOLES_REPORTED = 1000;

    private final CheckContext ctx;
    private final FileSystem fs;
    private final Pass2Sink sink;
    private final int blockSize;
    private final boolean filetype;
    private final boolean metadataCsum;
    private final boolean casefoldFeature;
    private final boolean largeDir;
    private final long firstIno;
    private final long inodesCount;
    /** Directories with a name repeated inside one block: e2fsck would rebuild them. */
    private final RoaringBitmap rehash = new RoaringBitmap();
    private final DirEntry entry;
    private final DirBlockIterator iter;
    private final BlockNames blockNames = new BlockNames();
    /** The entry name being checked, copied out of the block (names are at most 255 bytes). */
    private final byte[] nameBytes = new byte[255];
    /**
     * The block being checked, copied out of the read-ahead's (direct) buffer into the heap,
     * where field reads are inlined even by the JIT's quick tier (see {@code Le}).
     */
    private ByteBuffer heapBlock = ByteBuffer.allocate(0);
    private final DirHash hasher = new DirHash();
    private final InlineData inline = new InlineData();
    private final Checksums checksums;
    /** The block whose entries are being checked: its number on disk, 0 inside an inode. */
    private long curBlock;
    /** True while that block is an htree root or interior node. */
    private boolean curIndex;
    /**
     * For an inline directory, where the inode's record starts in the buffer being walked; -1
     * while walking entries no fix is offered for (those in the "system.data" value).
     */
    private int curRecordBase = -1;
    /** Directory blocks arriving in visiting order; set while {@link #walk} runs. */
    private ReadAhead reads;

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

    DirWalker(CheckContext ctx, Pass2Sink sink) {
        this.ctx = ctx;
        this.fs = ctx.fs();
        this.sink = sink;
        this.blockSize = fs.blockSize();
        this.filetype = fs.has(Feature.FILETYPE);
        this.metadataCsum = fs.has(Feature.METADATA_CSUM);
        this.casefoldFeature = fs.has(Feature.CASEFOLD);
        this.largeDir = fs.has(Feature.LARGEDIR);
        this.firstIno = fs.superblock().firstIno();
        this.inodesCount = fs.geometry().inodesCount();
        this.entry = DirEntry.of(fs);
        this.iter = new DirBlockIterator(entry);
        this.checksums = fs.checksums();
    }

    /**
     * Walks rows [from, to) of the list (whole directories, sorted by directory and logical
     * block), taking each mapped row's block from {@code blocks}, which reads exactly those
     * rows' blocks in that order.
     */
    void walk(DirBlockList list, int from, int to, ReadAhead blocks) {
        this.reads = blocks;
        try {
            int i = from;
            while (i < to) {
                long dir = list.ino(i);
                int j = i + 1;
                while (j < to && list.ino(j) == dir) {
                    j++;
                }
                checkDir(dir, list, i, j);
                ctx.progress().update(2, list.walked(j - i), list.size());
                i = j;
            }
        } finally {
            this.reads = null;
        }
    }

    /** Checks rows [from, to) of the list, all blocks of {@code dir} in logical order. */
    private void checkDir(long ino, DirBlockList list, int from, int to) {
        int flags = ctx.dirInfo.flags(ino);
        Dir dir = new Dir(ino, ctx.dirInfo.generation(ino), flags, casefoldFeature);
        long last = list.logical(to - 1);
        if ((flags & Inode.FL_INDEX) != 0 && last >= 0 && last < HTREE_MAX_BLOCKS) {
            dir.htree = new HtreeCheck(fs, sink, ino, (int) last + 1, metadataCsum, largeDir, !dir.casefolded, hasher);
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
            curBlock = phys;
            checkBlock(dir, logical, onHeap(block));
        }
        if (dir.htree != null) {
            dir.htree.finish();
        }
        if (rehash.contains((int) ino)) {
            repeatedNames(ino, list, from, to);
        }
    }

    private ByteBuffer onHeap(ByteBuffer block) {
        int n = block.limit();
        if (heapBlock.capacity() < n) {
            heapBlock = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        }
        block.get(0, heapBlock.array(), heapBlock.arrayOffset(), n);
        return heapBlock.clear().limit(n);
    }

    private void hole(long dir, long logical) {
        if (!largeDir) {
            sink.ask(Finding.of(Problem.DIRECTORY_HOLE).dir(dir).num(logical).build());
        }
    }

    private void checkBlock(Dir dir, long logical, ByteBuffer b) {
        int kind = dir.htree != null ? dir.htree.begin(logical, b) : HtreeCheck.LEAF;
        boolean leaf = kind == HtreeCheck.LEAF || (dir.htree == null);
        curIndex = kind == HtreeCheck.ROOT || kind == HtreeCheck.NODE;
        boolean failedCsum = metadataCsum && !checksumOk(dir, b);
        int limit = blockSize;
        if (metadataCsum && leaf) {
            if (failedCsum && DirTail.find(b, 0, blockSize) == DirTail.NO_SPACE) {
                if (rehash.contains((int) dir.ino)) {
                    failedCsum = false; // a rebuild will write fresh tails
                } else {
                    sink.ask(Finding.of(Problem.LEAF_NODE_MISSING_CSUM).dir(dir.ino).num(logical).build());
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
            sink.ask(Finding.of(Problem.LEAF_NODE_ONLY_CSUM_INVALID).dir(dir.ino).num(logical).build(),
                    new EntryFix(dir.ino, curBlock, false, 0, EntryFix.Kind.RESTAMP, 0));
        }
    }

    /**
     * Verifies a directory block's checksum the way the block would be read: through its
     * entry tail if it has one, else as an index block through its dx tail; a block with
     * neither fails.
     */
    private boolean checksumOk(Dir dir, ByteBuffer b) {
        int seed = checksums.inodeSeedValue(dir.ino, dir.generation);
        if (DirTail.find(b, 0, blockSize) == DirTail.FOUND) {
            return DirTail.stored(b, 0, blockSize) == DirTail.expected(checksums, seed, b, 0, blockSize);
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
        return DxTail.stored(b, e) == DxTail.expected(checksums, seed, b, 0, e);
    }

    // ---- inline directories ----

    /** Checks an inline directory: its entries live in the inode. */
    void checkInlineDir(long ino) {
        Inode in = fs.readInode(ino);
        if ((in.flags() & Inode.FL_INLINE_DATA) == 0) {
            return;
        }
        Dir dir = new Dir(ino, in.generation(), in.flags(), casefoldFeature);
        long parent = InlineData.dirParent(in);
        sink.reference(ino); // the implicit '.'
        ctx.dirInfo.setDotdot(ino, parent);
        if (parent >= 1 && parent <= inodesCount) {
            sink.reference(parent);
        }
        // Two separate runs of entries: the rest of i_block, then the "system.data" value.
        ByteBuffer b = in.buffer();
        int first = in.blockAreaOffset() + InlineData.DIR_PARENT_SIZE;
        curBlock = 0;
        curIndex = false;
        curRecordBase = in.blockAreaOffset() - Inode.BLOCK_OFFSET;
        walkEntries(dir, 0, b, first, Inode.BLOCK_BYTES - InlineData.DIR_PARENT_SIZE, false);
        // Entries in the attribute value: changing them would also need the attribute's hash.
        curRecordBase = -1;
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
        sink.ask(Finding.of(Problem.DIR_CORRUPTED).dir(dir).num(logical).num2(off).build());
    }

    /** The entry's name for a message, escaped as e2fsck prints it. */
    private static String text(DirEntry e) {
        return PrintableName.of(e.name(), e.nameLen());
    }

    /** The entry's name bytes as a string, one char per byte: a key that keeps names apart. */
    private static String rawName(DirEntry e) {
        return new String(e.name(), StandardCharsets.ISO_8859_1);
    }

    private void checkDot(long dir, DirEntry e) {
        if (e.inode() == 0 || !e.isDot()) {
            // On a "yes" the entry becomes '.', and counts as the directory's reference to itself.
            sink.ask(Finding.of(e.inode() == 0 ? Problem.MISSING_DOT : Problem.FIRST_NOT_DOT).dir(dir).text(text(e)).build(),
                    fixAt(dir, e, EntryFix.Kind.DOT, filetype ? DirEntry.FT_DIR : DirEntry.FT_UNKNOWN));
            return;
        }
        if (e.inode() != dir) {
            sink.ask(Finding.of(Problem.BAD_INODE_DOT).dir(dir).ino(e.inode()).build(),
                    fixAt(dir, e, EntryFix.Kind.DOT_INODE, 0));
            return;
        }
        sink.reference(dir);
    }

    private void checkDotDot(long dir, DirEntry e) {
        long ino = e.inode();
        if (ino == 0 || !e.isDotDot()) {
            sink.ask(Finding.of(ino == 0 ? Problem.MISSING_DOT_DOT : Problem.SECOND_NOT_DOT_DOT).dir(dir).text(text(e)).build(),
                    fixAt(dir, e, EntryFix.Kind.DOTDOT, filetype ? DirEntry.FT_DIR : DirEntry.FT_UNKNOWN));
            return;
        }
        ctx.dirInfo.setDotdot(dir, ino);
        if (ino >= 1 && ino <= inodesCount) {
            sink.reference(ino);
        }
    }

    private void checkEntry(Dir dir, long logical, DirEntry e, BlockNames seen) {
        long ino = e.inode();
        int nameLen = e.nameLen();
        // The name is turned into text only for a message: most entries need none.
        if ((ino != Pass2.ROOT && ino < firstIno) || ino > inodesCount) {
            sink.ask(Finding.of(Problem.BAD_INO).dir(dir.ino).ino(ino).text(text(e)).build(), clear(dir, e));
            return;
        }
        // e2fsck goes on with an entry whose problem it was not allowed to fix: the index and
        // the repeated-name check still see it.
        if (dir.htree != null) {
            dir.htree.addName(logical, e.buffer(), e.nameOffset(), nameLen);
        }
        if (seen != null && !rehash.contains((int) dir.ino) && seen.addIsDuplicate(e.nameOffset(), nameLen)) {
            sink.ask(Finding.of(Problem.REPORT_DUP_DIRENT).dir(dir.ino).ino(ino).text(text(e)).build());
            rehash.add((int) dir.ino);
        }
        if (nameLen == 0) {
            sink.ask(Finding.of(Problem.NULL_NAME).dir(dir.ino).ino(ino).build(), clear(dir, e));
            return;
        }
        if (e.isDot()) {
            sink.ask(Finding.of(Problem.DUP_DOT).dir(dir.ino).build(), clear(dir, e));
            return;
        }
        if (e.isDotDot()) {
            sink.ask(Finding.of(Problem.DUP_DOT_DOT).dir(dir.ino).build(), clear(dir, e));
            return;
        }
        if (ctx.inodeUsed.contains(ino)) {
            // e2fsck judges the group's uninit flag and unused area for every entry, whether or
            // not the file system keeps group checksums (without them pass 1 reads the whole
            // table, so the inode can be in use there); it goes on with the entry after a "no".
            Problem area = unusedAreaProblem(ino);
            if (area != null) {
                sink.ask(Finding.of(area).dir(dir.ino).ino(ino).text(text(e)).build());
            }
        } else {
            Problem p = unusedProblem(ino);
            Finding f = Finding.of(p).dir(dir.ino).ino(ino).text(text(e)).build();
            if (p == Problem.UNUSED_INODE) {
                sink.ask(f, clear(dir, e));
            } else {
                sink.ask(f); // e2fsck's repair marks the group's inodes in use and starts over
            }
            return;
        }
        if (ino == dir.ino) {
            sink.ask(Finding.of(Problem.LINK_DOT).dir(dir.ino).ino(ino).text(text(e)).build(), clear(dir, e));
            return;
        }
        if (ino == Pass2.ROOT) {
            sink.ask(Finding.of(Problem.LINK_ROOT).dir(dir.ino).ino(ino).text(text(e)).build(), clear(dir, e));
            return;
        }
        checkName(dir, e, ino);
        boolean badType = ctx.inodeBad.contains(ino);
        if (badType || ctx.inodeOddFields.contains(ino)) {
            sink.badInode(dir.ino, ino, text(e), badType);
        }
        int want = ctx.fileType[(int) ino];
        if (filetype) {
            int type = e.fileType();
            if (type != want && want != 0) {
                sink.ask(Finding.of(type == 0 ? Problem.SET_FILETYPE : Problem.BAD_FILETYPE)
                        .dir(dir.ino).ino(ino).text(text(e)).num(want).num2(type).build(),
                        fixAt(dir, e, EntryFix.Kind.FILE_TYPE, want));
            }
        }
        if (ctx.inodeDir.contains(ino)) {
            // the parent is decided in directory order; a second name may be cleared then
            sink.subdirectory(dir.ino, ino, text(e), clear(dir, e));
            return;
        }
        sink.reference(ino);
    }

    /** The name rules of the directory's kind: encrypted, casefolded, or plain. */
    private void checkName(Dir dir, DirEntry e, long ino) {
        if (dir.encrypted) {
            if (e.nameLen() < CRYPTO_BLOCK_SIZE) {
                sink.ask(Finding.of(Problem.BAD_ENCRYPTED_NAME).dir(dir.ino).ino(ino).text(text(e)).build());
            }
            int type = e.fileType();
            if ((type == DirEntry.FT_REG_FILE || type == DirEntry.FT_DIR || type == DirEntry.FT_SYMLINK)
                    && (fs.readInode(ino).flags() & Inode.FL_ENCRYPT) == 0) {
                sink.ask(Finding.of(Problem.UNENCRYPTED_FILE).dir(dir.ino).ino(ino).text(text(e)).build());
            }
            return;
        }
        if (dir.casefolded && !Utf8.valid(e.buffer(), e.nameOffset(), e.nameLen())) {
            sink.ask(Finding.of(Problem.BAD_ENCODED_NAME).dir(dir.ino).ino(ino).text(text(e)).build());
        }
        int len = e.nameLen();
        e.buffer().get(e.nameOffset(), nameBytes, 0, len);
        for (int i = 0; i < len; i++) {
            byte c = nameBytes[i];
            if (c == '/' || c == 0) {
                sink.ask(Finding.of(Problem.BAD_NAME).dir(dir.ino).ino(ino).text(text(e)).build());
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
                byName.computeIfAbsent(rawName(e), x -> new ArrayList<>()).add(e.inode());
            }
        }
        for (Map.Entry<String, List<Long>> m : byName.entrySet()) {
            List<Long> inos = m.getValue();
            for (int i = 1; i < inos.size(); i++) {
                Problem p = inos.get(i).equals(inos.get(i - 1)) ? Problem.DUPLICATE_DIRENT : Problem.NON_UNIQUE_FILE;
                byte[] raw = m.getKey().getBytes(StandardCharsets.ISO_8859_1);
                sink.ask(Finding.of(p).dir(dir).ino(inos.get(i)).text(PrintableName.of(raw, raw.length)).build());
            }
        }
    }

    /** An entry that names an inode pass 1 did not find in use: in an unused area, or just free. */
    /** The fix that clears entry {@code e} (its inode set to 0), or null where none is offered. */
    private EntryFix clear(Dir dir, DirEntry e) {
        return fixAt(dir, e, EntryFix.Kind.CLEAR, 0);
    }

    /** A fix of entry {@code e} of the block being walked, or null where none is offered. */
    private EntryFix fixAt(Dir dir, DirEntry e, EntryFix.Kind kind, int value) {
        return fixAt(dir.ino, e, kind, value);
    }

    private EntryFix fixAt(long dir, DirEntry e, EntryFix.Kind kind, int value) {
        if (curBlock != 0) {
            return new EntryFix(dir, curBlock, curIndex, e.offset(), kind, value);
        }
        if (curRecordBase < 0) {
            return null;
        }
        return new EntryFix(dir, 0, false, e.offset() - curRecordBase, kind, value);
    }

    private Problem unusedProblem(long ino) {
        Problem area = fs.superblock().hasGroupDescChecksums() ? unusedAreaProblem(ino) : null;
        return area != null ? area : Problem.UNUSED_INODE;
    }

    /** The inode lies in a group marked as having no inodes in use, or in its unused area; else null. */
    private Problem unusedAreaProblem(long ino) {
        GroupDescriptor gd = fs.descriptors().at((int) fs.geometry().groupOfInode(ino));
        if (gd.has(GroupDescriptor.FLAG_INODE_UNINIT)) {
            return Problem.INOREF_BG_INO_UNINIT;
        }
        // The group's first unused inode, in e2fsck's 32-bit unsigned arithmetic: an unused count
        // larger than the group wraps round to a number no inode reaches, and nothing is flagged.
        long ipg = fs.geometry().inodesPerGroup();
        long g = fs.geometry().groupOfInode(ino);
        long firstUnused = (g * ipg + 1 + ipg - gd.itableUnused()) & 0xFFFF_FFFFL;
        if (ino >= firstUnused) {
            return Problem.INOREF_IN_UNUSED;
        }
        return null;
    }
}
