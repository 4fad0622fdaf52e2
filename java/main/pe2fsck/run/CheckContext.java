package pe2fsck.run;

import pe2fsck.state.BlockSet;
import pe2fsck.state.CheckOptions;
import pe2fsck.state.DirBlockList;
import pe2fsck.state.DirInfo;
import pe2fsck.state.InodeCounts;
import pe2fsck.state.InodeSet;
import pe2fsck.state.Progress;
import pe2fsck.state.QuotaUsage;
import pe2fsck.state.Stats;
import pe2fsck.state.ThreadFigures;

import java.util.HashMap;
import java.util.Map;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Geometry;
import pe2fsck.problem.Problems;
import pe2fsck.write.WriteCache;

/**
 * What the passes share for one run: the file system, the options, where problems go, and the
 * maps pass 1 builds for later passes. Passes run one after another; inside a pass only the
 * pass's single merging thread writes these maps (pass 1's publisher, for example), so none of
 * them is synchronised.
 */
public final class CheckContext {

    private final FileSystem fs;
    private final CheckOptions options;
    private final Problems problems;
    private final Geometry geo;
    private final ThreadFigures threadFigures;

    /** Inodes in use (pass 1). */
    public final InodeSet inodeUsed = new InodeSet();
    /** Directories (pass 1). */
    public final InodeSet inodeDir = new InodeSet();
    /** Regular files (pass 1). */
    public final InodeSet inodeReg = new InodeSet();
    /** In-use inodes pass 1 found bad enough that pass 2 should look at them again. */
    public final InodeSet inodeBad = new InodeSet();
    /**
     * In-use inodes with fields that should be zero or cannot be (i_faddr, the high halves a
     * feature is missing for, a directory's i_size_high without large_dir): pass 2 names each
     * through the first entry that leads to it, as e2fsck does.
     */
    public final InodeSet inodeOddFields = new InodeSet();
    /** Inodes whose blocks pass 1 found claimed twice. */
    public final InodeSet inodeDup = new InodeSet();
    /** Blocks in use (block numbers, also under bigalloc), including metadata (pass 1). */
    public final BlockSet blockUsed;
    /** Blocks claimed more than once (pass 1). */
    public final BlockSet blockDup;
    /** Metadata blocks: superblocks, descriptors, bitmaps, inode tables (before pass 1). */
    public final BlockSet blockMeta;
    /** i_links_count as found on disk (pass 1). */
    public final InodeCounts linkCount;
    /** References found in directory entries (pass 2). */
    public final InodeCounts refCount;
    /** Directory blocks (pass 1), read by pass 2. */
    public final DirBlockList dirBlocks = new DirBlockList();
    /** Per-directory parent facts (pass 1 adds, pass 2 fills, pass 3 uses). */
    public final DirInfo dirInfo = new DirInfo();
    /** Extended attribute blocks: block number to the references pass 1 counted. */
    public final Map<Long, Integer> eaBlockRefs = new HashMap<>();
    /** Extended attribute blocks: block number to the first inode (in inode order) that uses it. */
    public final Map<Long, Long> eaBlockOwner = new HashMap<>();
    /** Inode number to the file type pass 2 expects in directory entries (EXT2_FT_*), for in-use inodes. */
    public final byte[] fileType;
    public final Stats stats = new Stats();
    /** Usage per user, group and project (pass 1), compared with the quota files after pass 5. */
    public final QuotaUsage quota = new QuotaUsage();
    private Progress progress = Progress.NONE;
    private WriteCache writes;
    private long now = System.currentTimeMillis() / 1000;
    private long lostAndFound;
    /** Inodes a repair released (cleared) before pass 5; pass 5 takes them as free on disk too. */
    public final InodeSet inodesReleased = new InodeSet();

    public CheckContext(FileSystem fs, CheckOptions options, Problems problems) {
        this.fs = fs;
        this.options = options;
        this.problems = problems;
        this.geo = fs.geometry();
        this.threadFigures = new ThreadFigures(options.timing() >= 2);
        long blocks = geo.blocksCount();
        this.blockUsed = new BlockSet(blocks);
        this.blockDup = new BlockSet(blocks);
        this.blockMeta = new BlockSet(blocks);
        long inodes = tableInodes(geo);
        this.linkCount = new InodeCounts(inodes);
        this.refCount = new InodeCounts(inodes);
        this.fileType = new byte[(int) inodes + 1];
    }

    /**
     * Inodes the per-inode tables are sized for: the superblock's count, unless that is too big
     * to hold and more than the groups describe. Pass 0 then finds the count wrong and stops (or
     * corrects it to the groups' figure) before any pass reads the tables.
     */
    static long tableInodes(Geometry geo) {
        long count = geo.inodesCount();
        long described = geo.inodesPerGroup() * geo.groupCount();
        return count > MAX_TABLE_INODES ? Math.min(count, Math.min(described, MAX_TABLE_INODES)) : count;
    }

    /** The most inodes an in-memory per-inode table can index. */
    static final long MAX_TABLE_INODES = Integer.MAX_VALUE - 8;

    public FileSystem fs() { return fs; }
    public Geometry geometry() { return geo; }
    public CheckOptions options() { return options; }
    public Problems problems() { return problems; }
    public Progress progress() { return progress; }
    /** Where the threads of a pass report what they did (collecting only under -tt). */
    public ThreadFigures threadFigures() { return threadFigures; }
    public void progressTo(Progress p) { this.progress = p; }
    /**
     * The run's write-back cache, through which every repair reaches the disk; null in a
     * read-only run (see the package comment of {@code pe2fsck.write}).
     */
    public WriteCache writes() { return writes; }
    public void writesTo(WriteCache cache) { this.writes = cache; }
    /** The /lost+found directory pass 3 found (writing runs only), or 0. */
    public long lostAndFound() { return lostAndFound; }
    public void lostAndFoundTo(long ino) { this.lostAndFound = ino; }
    /** The run's clock (seconds since the epoch): what repairs stamp as a deletion time. */
    public long now() { return now; }
    public void nowTo(long epochSeconds) { this.now = epochSeconds; }
}
