package pe2fsck.pass1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import pe2fsck.problem.Finding;

/**
 * What a pass-1 consumer learned from one batch of inodes, held in the batch's ring slot until
 * the publisher merges it. Preallocated and reused: {@link #reset(int)} clears it for the next
 * batch without freeing its arrays. Owned by the consumer while it fills it, then by the
 * publisher; the ring's sequencing hands it over.
 */
public final class BatchResult {

    public static final byte USED = 1;
    public static final byte DIR = 2;
    public static final byte REG = 4;
    public static final byte BAD = 8;
    /** Fields pass 2 must offer to clear (see CheckContext.inodeOddFields). */
    public static final byte ODD_FIELDS = 16;

    /** Per inode of the batch: USED/DIR/REG/BAD/ODD_FIELDS bits. */
    byte[] flags = new byte[0];
    /** Per inode: i_links_count. */
    char[] links = new char[0];
    /** Per inode: directory-entry file type code expected for it. */
    byte[] fileType = new byte[0];
    /** Per inode: i_generation and i_flags (kept for directories, which pass 2 reads). */
    int[] generation = new int[0];
    int[] iflags = new int[0];
    /** Per inode, kept only when the file system has quotas: owner ids and blocks charged. */
    int[] uid = new int[0];
    int[] gid = new int[0];
    int[] projid = new int[0];
    long[] chargedBlocks = new long[0];
    /** Per inode, with quotas: EA inodes whose values it holds (each charged to it as an inode). */
    int[] eaInodes = new int[0];
    int inodeCount;

    /** Block claims: [start, start + len) claimed by inode index owner. */
    int claims;
    long[] claimStart = new long[256];
    int[] claimLen = new int[256];
    int[] claimOwner = new int[256];

    /** Directory blocks: (inode index, logical, physical; physical 0 for a hole). */
    int dirBlocks;
    int[] dirOwner = new int[256];
    long[] dirLogical = new long[256];
    long[] dirPhysical = new long[256];

    /** Extended attribute block references: (block, inode index). */
    int eaRefs;
    long[] eaBlock = new long[16];
    int[] eaOwner = new int[16];

    /** Problems found, in inode order. Allocated lazily: healthy batches allocate nothing. */
    List<Finding> findings;
    /** The change each finding proposes, or null where it has none (same index as findings). */
    List<InodeFix> fixes;

    /** Counters for -v and the summary. */
    long regular, directories, symlinks, fastSymlinks, charDevices, blockDevices, fifos, sockets;
    long fragmented, inlineData, largeFiles;
    final long[] extentDepth = new long[6];

    /** Set when the batch's read failed; the publisher reports it. */
    String readError;

    void reset(int inodes) {
        if (flags.length < inodes) {
            flags = new byte[inodes];
            links = new char[inodes];
            fileType = new byte[inodes];
            generation = new int[inodes];
            iflags = new int[inodes];
            uid = new int[inodes];
            gid = new int[inodes];
            projid = new int[inodes];
            chargedBlocks = new long[inodes];
            eaInodes = new int[inodes];
        } else {
            Arrays.fill(flags, 0, inodes, (byte) 0);
            Arrays.fill(links, 0, inodes, (char) 0);
            Arrays.fill(fileType, 0, inodes, (byte) 0);
            Arrays.fill(chargedBlocks, 0, inodes, 0);
            Arrays.fill(eaInodes, 0, inodes, 0);
        }
        inodeCount = inodes;
        claims = 0;
        dirBlocks = 0;
        eaRefs = 0;
        findings = null;
        fixes = null;
        regular = directories = symlinks = fastSymlinks = charDevices = blockDevices = fifos = sockets = 0;
        fragmented = inlineData = largeFiles = 0;
        Arrays.fill(extentDepth, 0);
        readError = null;
    }

    void claim(int owner, long start, long len) {
        // Extend the previous claim when contiguous and by the same owner: most files are runs.
        if (claims > 0 && claimOwner[claims - 1] == owner
                && claimStart[claims - 1] + claimLen[claims - 1] == start
                && (long) claimLen[claims - 1] + len <= Integer.MAX_VALUE) {
            claimLen[claims - 1] += (int) len;
            return;
        }
        while (len > 0) {
            int piece = (int) Math.min(len, Integer.MAX_VALUE);
            if (claims == claimStart.length) {
                int n = claims * 2;
                claimStart = Arrays.copyOf(claimStart, n);
                claimLen = Arrays.copyOf(claimLen, n);
                claimOwner = Arrays.copyOf(claimOwner, n);
            }
            claimStart[claims] = start;
            claimLen[claims] = piece;
            claimOwner[claims] = owner;
            claims++;
            start += piece;
            len -= piece;
        }
    }

    void dirBlock(int owner, long logical, long physical) {
        if (dirBlocks == dirOwner.length) {
            int n = dirBlocks * 2;
            dirOwner = Arrays.copyOf(dirOwner, n);
            dirLogical = Arrays.copyOf(dirLogical, n);
            dirPhysical = Arrays.copyOf(dirPhysical, n);
        }
        dirOwner[dirBlocks] = owner;
        dirLogical[dirBlocks] = logical;
        dirPhysical[dirBlocks] = physical;
        dirBlocks++;
    }

    void eaRef(int owner, long block) {
        if (eaRefs == eaBlock.length) {
            eaBlock = Arrays.copyOf(eaBlock, eaRefs * 2);
            eaOwner = Arrays.copyOf(eaOwner, eaRefs * 2);
        }
        eaBlock[eaRefs] = block;
        eaOwner[eaRefs] = owner;
        eaRefs++;
    }

    void report(Finding f) {
        report(f, null);
    }

    /** Records {@code f} and the change that repairs it if its question is answered "yes". */
    void report(Finding f, InodeFix fix) {
        if (findings == null) {
            findings = new ArrayList<>();
            fixes = new ArrayList<>();
        }
        findings.add(f);
        fixes.add(fix);
    }
}
