package pe2fsck.pass1;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import pe2fsck.fs.Checksums;
import pe2fsck.fs.ExtentEntry;
import pe2fsck.fs.ExtentHeader;
import pe2fsck.fs.InlineData;
import pe2fsck.fs.InodeTimes;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.fs.Superblock;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * Checks one inode record on its own: mode and flags, dtime, the block map or extent tree,
 * i_size and i_blocks, fast symlinks and special files, extra_isize and the inode checksum.
 * Everything that needs more than one inode (duplicate blocks, directory contents, link counts)
 * is left to the publisher and later passes. One instance per consumer thread.
 */
final class InodeChecker {

    static final int BAD_INO = 1;
    static final int ROOT_INO = 2;
    static final int RESIZE_INO = 7;
    static final int JOURNAL_INO = 8;

    // The flag repairs pass 1 proposes (shared, immutable: no allocation per inode).
    private static final InodeFix CLEAR_CASEFOLD = InodeFix.clearFlags(Inode.FL_CASEFOLD);
    private static final InodeFix CLEAR_INDEX = InodeFix.clearFlags(Inode.FL_INDEX);
    private static final InodeFix CLEAR_IMAGIC = InodeFix.clearFlags(Inode.FL_IMAGIC);
    private static final InodeFix CLEAR_IMMUTABLE = InodeFix.clearFlags(Inode.FL_IMMUTABLE | Inode.FL_APPEND);
    private static final InodeFix ZERO_SIZE = InodeFix.size(0);

    private final FileSystem fs;
    private final Superblock sb;
    private final Checksums checksums;
    private final BlockChecker blocks;
    private final long firstIno;
    private final long inodesCount;
    private final int blockSize;
    private final int inodeSize;
    private final boolean metadataCsum;
    private final boolean hugeFile;
    private final boolean extentsFeature;
    private final boolean inlineFeature;
    private final boolean dirIndexFeature;
    private final boolean bigalloc;
    private final long journalInum;
    private final ByteBuffer symlinkBlock;
    private final InodeXattrCheck xattrs;
    /** Where the resize inode's walk puts the claims pass 1 must not make (its blocks are metadata). */
    private final BatchResult resizeScratch = new BatchResult();
    private final boolean extAttrFeature;
    private final boolean quotas;
    private final long blocksPerGroup;
    private final boolean casefoldFeature;
    private final boolean eaInodeFeature;
    private final boolean largeDir;
    private final long firstDataBlock;
    private final long blocksCount;
    /** Largest i_size a block-mapped file can reach with this block size. */
    private final long maxMappedSize;
    /** Largest i_size an extent-mapped file can reach (32-bit logical block numbers). */
    private final long maxExtentSize;
    private final InlineData inlineData = new InlineData();
    private final ExtentHeader rootHeader = new ExtentHeader();
    private final ExtentEntry rootEntry = new ExtentEntry();

    InodeChecker(FileSystem fs) {
        this.fs = fs;
        this.sb = fs.superblock();
        this.checksums = fs.checksums();
        this.blocks = new BlockChecker(fs);
        this.firstIno = sb.firstIno();
        this.inodesCount = sb.inodesCount();
        this.blockSize = fs.blockSize();
        this.inodeSize = sb.inodeSize();
        this.metadataCsum = sb.has(Feature.METADATA_CSUM);
        this.hugeFile = sb.has(Feature.HUGE_FILE);
        this.extentsFeature = sb.has(Feature.EXTENTS);
        this.inlineFeature = sb.has(Feature.INLINE_DATA);
        this.dirIndexFeature = sb.has(Feature.DIR_INDEX);
        this.bigalloc = sb.has(Feature.BIGALLOC);
        this.journalInum = sb.journalInum();
        this.xattrs = new InodeXattrCheck(sb.clusterSize(), blockSize);
        this.symlinkBlock = ByteBuffer.allocate(blockSize).order(ByteOrder.LITTLE_ENDIAN);
        this.extAttrFeature = sb.has(Feature.EXT_ATTR);
        this.quotas = sb.has(Feature.QUOTA);
        this.blocksPerGroup = sb.blocksPerGroup();
        this.casefoldFeature = sb.has(Feature.CASEFOLD);
        this.eaInodeFeature = sb.has(Feature.EA_INODE);
        this.largeDir = sb.has(Feature.LARGEDIR);
        this.firstDataBlock = sb.firstDataBlock();
        this.blocksCount = fs.geometry().blocksCount();
        long perBlock = blockSize / 4;
        this.maxMappedSize = (12 + perBlock + perBlock * perBlock + perBlock * perBlock * perBlock) * blockSize;
        this.maxExtentSize = (1L << (32 + Integer.numberOfTrailingZeros(blockSize))) - 1;
    }

    /** Checks inode {@code ino}, which is inode {@code idx} of the batch whose results are {@code r}. */
    void check(Inode inode, long ino, BatchResult r, int idx) {
        int findingsBefore = r.findings == null ? 0 : r.findings.size();
        int mode = inode.mode();
        int links = inode.linksCount();
        boolean reserved = ino < firstIno && ino != ROOT_INO;

        if (reserved) {
            checkReserved(inode, ino, r, idx);
            // e2fsck verifies every reserved inode's checksum, in use or not; one whose first
            // 128 bytes are zero passes, as an all-zero inode does.
            if (!inode.isBaseZero()) {
                checkChecksum(inode, ino, r, findingsBefore);
            }
            return;
        }
        if (links == 0) {
            // Not in use. A deleted inode should carry a deletion time.
            boolean zero = inode.isAllZero();
            if (mode != 0 && inode.dtime() == 0 && ino != ROOT_INO && !zero) {
                r.report(Finding.of(Problem.ZERO_DTIME).ino(ino).build());
            }
            if (!zero) {
                // A deleted inode keeps a valid checksum; only a never-used, all-zero one has none.
                checkChecksum(inode, ino, r, findingsBefore);
            }
            return;
        }
        r.flags[idx] |= BatchResult.USED;
        r.links[idx] = (char) links;
        r.iflags[idx] = inode.flags();
        if (quotas) {
            r.uid[idx] = inode.uid();
            r.gid[idx] = inode.gid();
            r.projid[idx] = (int) inode.projid();
        }
        blocks.numBlocks = 0; // what this inode is charged for quotas, counted by the walks below

        if (inode.dtime() != 0) {
            if (ino == ROOT_INO) {
                r.report(Finding.of(Problem.ROOT_DTIME).ino(ino).build(), InodeFix.CLEAR_DTIME);
            } else if (inode.dtime() < inodesCount) {
                r.report(Finding.of(Problem.LOW_DTIME).ino(ino).build(), InodeFix.CLEAR_DTIME);
            } else {
                r.report(Finding.of(Problem.SET_DTIME).ino(ino).build(), InodeFix.CLEAR_DTIME);
            }
        }
        xattrs.usesEaInode = false;
        xattrs.eaInodeBlocks = 0;
        xattrs.eaInodes = 0;
        int flags = inode.flags();
        if ((flags & Inode.FL_INLINE_DATA) != 0 && (flags & Inode.FL_EXTENTS) != 0) {
            checkInlineAndExtents(inode, ino, r);
        }
        if (inodeSize > Inode.GOOD_OLD_SIZE) {
            int extra = inode.extraIsize();
            int room = inodeSize - Inode.GOOD_OLD_SIZE;
            if (extra != 0 && ((extra & 3) != 0 || extra < 4 || extra > room)) {
                r.report(Finding.of(Problem.EXTRA_ISIZE).ino(ino).num2(extra).build());
            } else if (extra < room - 4) {
                xattrs.check(inode, ino, r);
                if (InodeTimes.pre1970Encoded(inode)) {
                    r.report(Finding.of(Problem.EA_TIME_OUT_OF_RANGE).ino(ino).build());
                }
            }
        }
        if ((flags & Inode.FL_CASEFOLD) != 0) {
            if (!inode.isDir()) {
                r.report(Finding.of(Problem.CASEFOLD_NONDIR).ino(ino).build(), CLEAR_CASEFOLD);
            }
            if (!casefoldFeature) {
                r.report(Finding.of(Problem.CASEFOLD_FEATURE).ino(ino).build(), CLEAR_CASEFOLD);
            }
        }
        if (inode.faddr() != 0 || (inode.isDir() && inode.sizeHigh() != 0 && !largeDir)
                || (!hugeFile && inode.blocksHigh() != 0)) {
            r.flags[idx] |= BatchResult.ODD_FIELDS; // pass 2 offers to clear them
        }
        if ((flags & Inode.FL_EXTENTS) != 0 && !extentsFeature) {
            r.report(Finding.of(Problem.EXTENTS_SET).ino(ino).build());
        }
        if ((flags & Inode.FL_INLINE_DATA) != 0 && !inlineFeature) {
            r.report(Finding.of(Problem.INLINE_DATA_SET).ino(ino).build());
        }
        if ((flags & Inode.FL_INDEX) != 0) {
            if (!inode.isDir()) {
                r.report(Finding.of(Problem.HTREE_NODIR).ino(ino).build(), CLEAR_INDEX);
            } else if (!dirIndexFeature) {
                r.report(Finding.of(Problem.HTREE_SET).ino(ino).build(), CLEAR_INDEX);
            }
        }
        if ((flags & Inode.FL_IMAGIC) != 0 && !sb.has(Feature.IMAGIC_INODES)) {
            r.report(Finding.of(Problem.SET_IMAGIC).ino(ino).build(), CLEAR_IMAGIC);
        }
        if ((flags & Inode.FL_COMPR) != 0) {
            r.report(Finding.of(Problem.COMPR_SET).ino(ino).build());
        }

        switch (inode.type()) {
            case Inode.S_IFDIR -> {
                r.flags[idx] |= BatchResult.DIR;
                r.generation[idx] = inode.generation();
                r.iflags[idx] = flags;
                r.fileType[idx] = 2;
                r.directories++;
                checkBlocks(inode, ino, r, idx, true);
            }
            case Inode.S_IFREG -> {
                r.flags[idx] |= BatchResult.REG;
                r.fileType[idx] = 1;
                r.regular++;
                checkBlocks(inode, ino, r, idx, false);
            }
            case Inode.S_IFLNK -> {
                r.fileType[idx] = 7;
                r.symlinks++;
                checkSymlink(inode, ino, r, idx);
            }
            case Inode.S_IFCHR, Inode.S_IFBLK, Inode.S_IFIFO, Inode.S_IFSOCK -> {
                int t = inode.type();
                r.fileType[idx] = (byte) (t == Inode.S_IFCHR ? 3 : t == Inode.S_IFBLK ? 4 : t == Inode.S_IFIFO ? 5 : 6);
                if (t == Inode.S_IFCHR) {
                    r.charDevices++;
                } else if (t == Inode.S_IFBLK) {
                    r.blockDevices++;
                } else if (t == Inode.S_IFIFO) {
                    r.fifos++;
                } else {
                    r.sockets++;
                }
                checkSpecial(inode, ino, r, idx);
            }
            default -> {
                // An unknown type: pass 2 reports it when a directory entry leads here.
                r.flags[idx] |= BatchResult.BAD;
                checkBlocks(inode, ino, r, idx, false);
            }
        }
        if (ino == ROOT_INO && !inode.isDir() && mode != 0) {
            r.report(Finding.of(Problem.ROOT_NO_DIR).ino(ino).build());
        }
        if (quotas) {
            r.chargedBlocks[idx] = blocks.numBlocks + xattrs.eaInodeBlocks;
            r.eaInodes[idx] = xattrs.eaInodes;
        }
        checkChecksum(inode, ino, r, findingsBefore);
    }

    /**
     * Both the inline-data and the extents flag (fix_inlinedata_extents_file): e2fsck offers, in
     * turn, to keep the extents if i_block holds a sound extent header, to keep the inline data
     * if the size fits inline, to treat i_block as a block map if every word could be a block,
     * and last to clear the inode. Each declined offer leads to the next; devices, fifos and
     * sockets are left to their own rule (SPECIAL_EXTENTS_IDATA).
     */
    private void checkInlineAndExtents(Inode inode, long ino, BatchResult r) {
        if (!extentsFeature && !inlineFeature) {
            return;
        }
        int t = inode.type();
        if (t == Inode.S_IFCHR || t == Inode.S_IFBLK || t == Inode.S_IFIFO || t == Inode.S_IFSOCK) {
            return;
        }
        ExtentHeader h = rootHeader.at(inode.buffer(), inode.blockAreaOffset());
        int cap = ExtentHeader.capacity(Inode.BLOCK_BYTES);
        if (h.hasMagic() && h.max() <= cap && cap - h.max() <= 2 && h.entries() <= h.max()
                && h.depth() <= ExtentHeader.MAX_DEPTH) {
            r.report(Finding.of(Problem.CLEAR_INLINE_DATA_FOR_EXTENT).ino(ino).build());
        }
        long maxInlineEa = inodeSize > Inode.GOOD_OLD_SIZE ? inodeSize - (Inode.GOOD_OLD_SIZE + inode.extraIsize()) : 0;
        if (Long.compareUnsigned(inode.size(), Inode.BLOCK_BYTES + maxInlineEa) < 0) {
            r.report(Finding.of(Problem.CLEAR_EXTENT_FOR_INLINE_DATA).ino(ino).build());
        }
        boolean blockMap = true;
        for (int i = 0; i < 15 && blockMap; i++) {
            long b = inode.block(i);
            blockMap = b == 0 || (b >= firstDataBlock && b < blocksCount);
        }
        if (blockMap) {
            r.report(Finding.of(Problem.CLEAR_EXTENT_INLINE_DATA_FLAGS).ino(ino).build());
        }
        r.report(Finding.of(Problem.CLEAR_EXTENT_INLINE_DATA_INODE).ino(ino).build());
    }

    /**
     * The bad-blocks inode holds only a list of blocks: a mode, owner, links, inline data, an
     * attribute block or a failed checksum make it invalid (e2fsck offers to clear it).
     */
    private boolean badBlocksInodeInvalid(Inode inode, long ino) {
        if (inode.mode() != 0 || (inode.uid() & 0xFFFF) != 0 || (inode.gid() & 0xFFFF) != 0
                || inode.linksCount() != 0 || (inode.flags() & Inode.FL_INLINE_DATA) != 0
                || (inode.fileAcl() & 0xFFFF_FFFFL) != 0) {
            // e2fsck's rule reads the low 32 bits of the attribute block and of the ids only
            return true;
        }
        if (!metadataCsum) {
            return false;
        }
        int want = checksums.inode(inode, ino);
        if (!inode.hasChecksumHi()) {
            want &= 0xFFFF;
        }
        return want != inode.storedChecksum();
    }

    private void checkChecksum(Inode inode, long ino, BatchResult r, int findingsBefore) {
        if (!metadataCsum) {
            return;
        }
        int want = checksums.inode(inode, ino);
        int have = inode.storedChecksum();
        if (!inode.hasChecksumHi()) {
            want &= 0xFFFF;
        }
        int after = r.findings == null ? 0 : r.findings.size();
        if (want != have && after == findingsBefore) {
            r.report(Finding.of(Problem.INODE_ONLY_CSUM_INVALID).ino(ino).num(want & 0xFFFFFFFFL).num2(have & 0xFFFFFFFFL).build(),
                    InodeFix.RESTAMP);
        }
    }

    private void checkReserved(Inode inode, long ino, BatchResult r, int idx) {
        r.flags[idx] |= BatchResult.USED;
        r.links[idx] = (char) inode.linksCount();
        if (ino == BAD_INO) {
            if (inode.isAllZero()) {
                return;
            }
            if (badBlocksInodeInvalid(inode, ino)) {
                r.report(Finding.of(Problem.INVALID_BAD_INODE).ino(ino).build());
            }
            blocks.start(ino, idx, false, inode, r);
            if ((inode.flags() & Inode.FL_EXTENTS) == 0) {
                blocks.walkBlockMap(inode);
            }
            return;
        }
        if (ino == RESIZE_INO) {
            // The reserved descriptor blocks it maps are already metadata: it claims only its
            // double-indirect block, but i_blocks counts every block it maps (pass 0 vetted the map).
            long dind = inode.block(13);
            resizeScratch.reset(1);
            blocks.start(ino, 0, false, inode, resizeScratch);
            if (dind != 0 && blocks.legal(dind)) {
                blocks.walkBlockMap(inode);
                r.claim(idx, dind, 1);
            }
            // Its claims stay in the scratch result, but what the walk found wrong (entries
            // outside the file system) is reported as for any inode.
            if (resizeScratch.findings != null) {
                resizeScratch.findings.forEach(r::report);
            }
            checkIBlocks(inode, ino, r);
            return;
        }
        // As e2fsck does, the superblock's journal inode number decides, not the has_journal flag
        // (whose absence pass 0 has already reported).
        if (ino == JOURNAL_INO && journalInum == JOURNAL_INO) {
            if (!inode.isRegular()) {
                r.report(Finding.of(Problem.JOURNAL_BAD_MODE).ino(ino).build());
            }
            checkBlocks(inode, ino, r, idx, false);
            return;
        }
        if (ino == JOURNAL_INO && (inode.linksCount() != 0 || inode.blocksLo() != 0 || inode.block(0) != 0)) {
            r.report(Finding.of(Problem.JOURNAL_INODE_NOT_CLEAR).ino(ino).build());
            return;
        }
        if (inode.mode() != 0 && !inode.isRegular()) {
            r.report(Finding.of(Problem.RESERVED_BAD_MODE).ino(ino).build(), InodeFix.CLEAR_MODE);
            return;
        }
        if (inode.mode() != 0) {
            checkBlocks(inode, ino, r, idx, false);
        }
    }

    private void checkSpecial(Inode inode, long ino, BatchResult r, int idx) {
        int flags = inode.flags();
        if ((flags & (Inode.FL_EXTENTS | Inode.FL_INLINE_DATA)) != 0) {
            r.report(Finding.of(Problem.SPECIAL_EXTENTS_IDATA).ino(ino).build());
            r.flags[idx] |= BatchResult.BAD;
        } else if (!deviceBlocksValid(inode)) {
            r.flags[idx] |= BatchResult.BAD;
        }
        if ((flags & (Inode.FL_IMMUTABLE | Inode.FL_APPEND)) != 0) {
            r.report(Finding.of(Problem.SET_IMMUTABLE).ino(ino).build(), CLEAR_IMMUTABLE);
        }
        if (inode.size() != 0) {
            r.report(Finding.of(Problem.SET_NONZSIZE).ino(ino).num(0).num2(inode.size()).build(), ZERO_SIZE);
        }
        checkBlocks(inode, ino, r, idx, false);
    }

    /**
     * Device numbers live in i_block[0..3]. Like e2fsck, the rest of i_block is held against a
     * device only when it is immutable or append-only: the kernel does not always clear those
     * words, but it never sets those flags on a device.
     */
    private static boolean deviceBlocksValid(Inode inode) {
        if ((inode.flags() & (Inode.FL_IMMUTABLE | Inode.FL_APPEND)) == 0) {
            return true;
        }
        for (int i = 4; i < 15; i++) {
            if (inode.block(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A symlink as e2fsck sees it: valid (e2fsck_pass1_check_symlink's rules, below) or marked
     * bad for pass 2; its blocks are walked only when i_block holds block references, which,
     * with an attribute block, is decided from the size and i_block[1], not from i_blocks (a
     * bigalloc attribute block counts a whole cluster there).
     */
    private void checkSymlink(Inode inode, long ino, BatchResult r, int idx) {
        int flags = inode.flags();
        if (symlinkValid(inode)) {
            if ((flags & (Inode.FL_IMMUTABLE | Inode.FL_APPEND)) != 0) {
                r.report(Finding.of(Problem.SET_IMMUTABLE).ino(ino).build(), CLEAR_IMMUTABLE);
            }
            if ((flags & Inode.FL_INLINE_DATA) == 0 && isFastSymlink(inode)) {
                r.fastSymlinks++;
            }
        } else {
            r.flags[idx] |= BatchResult.BAD;
        }
        if ((flags & Inode.FL_EXTENTS) != 0 && extentsFeature && !symlinkHasBlocks(inode)) {
            r.report(Finding.of(Problem.FAST_SYMLINK_EXTENT_FL).ino(ino).build());
        }
        checkBlocks(inode, ino, r, idx, false);
    }

    /** e2fsck_pass1_check_symlink: the target's length, where it lives, equals i_size. */
    private boolean symlinkValid(Inode inode) {
        int flags = inode.flags();
        long size = inode.size();
        if (inode.sizeHigh() != 0 || size == 0 || (flags & Inode.FL_INDEX) != 0) {
            return false;
        }
        if ((flags & Inode.FL_INLINE_DATA) != 0) {
            return (flags & Inode.FL_EXTENTS) == 0 && size == inlineData.capacity(inode);
        }
        ByteBuffer buf;
        int off;
        int len;
        if (isFastSymlink(inode)) {
            if ((flags & Inode.FL_EXTENTS) != 0) {
                return false;
            }
            buf = inode.buffer();
            off = inode.blockAreaOffset();
            len = Inode.BLOCK_BYTES;
        } else {
            long blk = slowSymlinkBlock(inode);
            if (blk < firstDataBlock || blk >= blocksCount) {
                return false;
            }
            symlinkBlock.clear();
            fs.readBlock(blk, symlinkBlock);
            buf = symlinkBlock;
            off = 0;
            len = blockSize;
        }
        int target = (flags & Inode.FL_ENCRYPT) != 0 ? Le.u16(buf, off) + 2 : strnlen(buf, off, len);
        return target < len && target == size;
    }

    /** The one block a slow symlink's target may live in, or -1 if it is mapped otherwise. */
    private long slowSymlinkBlock(Inode inode) {
        if ((inode.flags() & Inode.FL_EXTENTS) != 0) {
            ExtentHeader h = rootHeader.at(inode.buffer(), inode.blockAreaOffset());
            if (!h.hasMagic() || h.entries() != 1 || h.depth() != 0 || h.max() > 4) {
                return -1;
            }
            ExtentEntry x = rootEntry.at(inode.buffer(), h.entryOffset(0));
            return x.logicalBlock() == 0 && x.length() == 1 ? x.physicalStart() : -1;
        }
        for (int i = 1; i < 15; i++) {
            if (inode.block(i) != 0) {
                return -1;
            }
        }
        return inode.block(0);
    }

    private static int strnlen(ByteBuffer b, int off, int max) {
        int n = 0;
        while (n < max && b.get(off + n) != 0) {
            n++;
        }
        return n;
    }

    private void checkEaBlock(long acl, long ino, BatchResult r) {
        if (!extAttrFeature) {
            r.report(Finding.of(Problem.FILE_ACL_ZERO).ino(ino).blk(acl).build());
            return;
        }
        if (!blocks.legal(acl)) {
            r.report(Finding.of(Problem.BAD_EA_BLOCK).ino(ino).blk(acl).build());
            return;
        }
        blocks.claimEaBlock(acl);
    }

    private void checkBlocks(Inode inode, long ino, BatchResult r, int idx, boolean dir) {
        blocks.start(ino, idx, dir, inode, r);
        int flags = inode.flags();
        long acl = inode.fileAcl();
        if (acl != 0) {
            checkEaBlock(acl, ino, r);
        }
        boolean inline = (flags & Inode.FL_INLINE_DATA) != 0 && inlineFeature;
        if (inline) {
            r.inlineData++;
        } else if (!hasBlockMap(inode) || (inode.isSymlink() && !symlinkHasBlocks(inode))) {
            // Devices, fifos, sockets, unknown types and fast symlinks keep no blocks in i_block.
        } else if ((flags & Inode.FL_EXTENTS) != 0 && extentsFeature) {
            blocks.walkExtents(inode);
            if (!blocks.damaged) {
                r.extentDepth[Math.min(blocks.extentDepth, 5)]++;
            }
        } else {
            blocks.walkBlockMap(inode);
        }
        // Like e2fsck, count only user-visible files, and not those too big for one group.
        if (blocks.fragmented && (ino >= firstIno || ino == ROOT_INO) && blocks.numBlocks < blocksPerGroup) {
            r.fragmented++;
        }
        if (blocks.damaged) {
            return;
        }
        if (dir && inline) {
            // An inline directory is exactly as long as i_block plus its system.data value.
            int capacity = inlineData.capacity(inode);
            if (inode.size() != capacity) {
                r.report(Finding.of(Problem.BAD_I_SIZE).ino(ino).num(capacity).num2(inode.size()).build(),
                        InodeFix.size(capacity));
            }
            return;
        }
        if (dir && blocks.numBlocks == (acl != 0 ? 1 : 0)) {
            r.report(Finding.of(Problem.ZERO_LENGTH_DIR).ino(ino).build());
            return;
        }
        if (dir && (flags & Inode.FL_INDEX) != 0 && dirIndexFeature) {
            checkHtreeRoot(ino, r);
        }
        if (hasBlockMap(inode)) {
            checkSize(inode, ino, r, dir, inline);
        }
        checkIBlocks(inode, ino, r);
    }

    /** Directories, regular files and symlinks keep block references in i_block. */
    private static boolean hasBlockMap(Inode inode) {
        return inode.isDir() || inode.isRegular() || inode.isSymlink();
    }

    /** A fast symlink by e2fsck's rule: its target (size under 60 bytes) lives in i_block. */
    static boolean isFastSymlink(Inode inode) {
        long size = inode.size();
        return inode.isSymlink() && size != 0 && size < Inode.BLOCK_BYTES;
    }

    /**
     * True if a symlink's i_block holds block references (ext2fs_inode_has_valid_blocks2):
     * without an attribute block, when i_blocks is not zero; with one, when the size is too
     * long for i_block or, past four bytes, i_block[1] is zero (no text there).
     */
    static boolean symlinkHasBlocks(Inode inode) {
        if ((inode.flags() & Inode.FL_INLINE_DATA) != 0) {
            return false;
        }
        if (inode.fileAcl() == 0) {
            return inode.blocksLo() != 0;
        }
        long size = inode.sizeLo();
        return size >= Inode.BLOCK_BYTES || (size > 4 && inode.block(1) == 0);
    }

    /**
     * True if pass 1 walks the inode's i_block as a block map or extent tree: the rule pass 1B
     * must follow too when it looks for the owners of shared blocks.
     */
    static boolean walksBlocks(long ino, Inode inode, boolean inlineFeature, int blockSize) {
        if (ino == BAD_INO) {
            return !inode.isAllZero() && (inode.flags() & Inode.FL_EXTENTS) == 0; // its list of bad blocks
        }
        if (ino == RESIZE_INO) {
            return false; // its blocks are metadata, claimed as such
        }
        boolean inline = (inode.flags() & Inode.FL_INLINE_DATA) != 0 && inlineFeature;
        return hasBlockMap(inode) && !inline && (!inode.isSymlink() || symlinkHasBlocks(inode));
    }

    /**
     * The parts of an htree root pass 1 vets before pass 2 trusts the index: the root block
     * exists, its info header is sane, the hash is one the kernel knows, the depth is possible.
     */
    private void checkHtreeRoot(long ino, BatchResult r) {
        long blk = blocks.firstBlock;
        if (blk == 0 || !blocks.legal(blk)) {
            r.report(Finding.of(Problem.HTREE_BADROOT).ino(ino).build());
            return;
        }
        symlinkBlock.clear();
        fs.readBlock(blk, symlinkBlock);
        ByteBuffer b = symlinkBlock;
        long reservedZero = Le.u32(b, 0x18);
        int hashVersion = Le.u8(b, 0x1C);
        int infoLength = Le.u8(b, 0x1D);
        int levels = Le.u8(b, 0x1E);
        int unusedFlags = Le.u8(b, 0x1F);
        if (reservedZero != 0 || infoLength < 8) {
            r.report(Finding.of(Problem.HTREE_BADROOT).ino(ino).build());
        } else if (hashVersion != 0 && hashVersion != 1 && hashVersion != 2 && hashVersion != 6) {
            r.report(Finding.of(Problem.HTREE_HASHV).ino(ino).num(hashVersion).build());
        } else if ((unusedFlags & 1) != 0) {
            r.report(Finding.of(Problem.HTREE_INCOMPAT).ino(ino).build());
        } else if (levels >= (sb.has(Feature.LARGEDIR) ? 3 : 2)) {
            r.report(Finding.of(Problem.HTREE_DEPTH).ino(ino).num(levels).build());
        }
    }

    private void checkSize(Inode inode, long ino, BatchResult r, boolean dir, boolean inline) {
        if (inline) {
            return;
        }
        long size = inode.size(); // i_size_high counts for directories too, large_dir or not
        long last = blocks.lastBlock;
        boolean bad;
        if (dir) {
            long nblock = size / blockSize;
            bad = (size & (blockSize - 1)) != 0 || nblock > last + 1
                    || (nblock < last + 1 && (last + 1 - nblock) > sb.preallocDirBlocks());
        } else {
            long lastInit = blocks.lastInitBlock;
            boolean extentMapped = extentsFeature && (inode.flags() & Inode.FL_EXTENTS) != 0;
            // Written blocks past i_size, or a size the file's mapping cannot reach (an unsigned
            // 64-bit size beyond the largest signed one is past both).
            bad = (lastInit >= 0 && Long.compareUnsigned(size, lastInit * blockSize) < 0
                            && (inode.flags() & Inode.FL_VERITY) == 0)
                    || Long.compareUnsigned(size, extentMapped ? maxExtentSize : maxMappedSize) > 0;
        }
        if (bad) {
            r.report(Finding.of(Problem.BAD_I_SIZE).ino(ino).num((last + 1) * blockSize).num2(size).build(),
                    InodeFix.size((last + 1) * blockSize));
        }
    }

    private void checkIBlocks(Inode inode, long ino, BatchResult r) {
        if (bigalloc || (eaInodeFeature && inode.fileAcl() != 0)) {
            // Under bigalloc i_blocks counts clusters; values an attribute block keeps in EA
            // inodes are charged to every inode using the block. Neither is accounted for yet.
            return;
        }
        long expect = blocks.numBlocks + xattrs.eaInodeBlocks;
        boolean hugeUnits = hugeFile && (inode.flags() & Inode.FL_HUGE_FILE) != 0;
        if (!hugeUnits) {
            expect *= blockSize / 512;
        }
        long have = hugeFile ? inode.blocksRaw() : inode.blocksLo();
        if (expect != have) {
            r.report(Finding.of(Problem.BAD_I_BLOCKS).ino(ino).num(expect).num2(have).build(), InodeFix.blocks(expect));
        }
    }
}
