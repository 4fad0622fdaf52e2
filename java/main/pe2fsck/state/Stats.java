package pe2fsck.state;

/** File counts for the -v summary and the final line; filled by pass 1's publisher, read at the end. */
public final class Stats {

    public long regular;
    public long directories;
    public long symlinks;
    public long fastSymlinks;
    public long charDevices;
    public long blockDevices;
    public long fifos;
    public long sockets;
    public long badBlocks;
    public long largeFiles;
    public long fragmented;
    public long inlineData;
    public long hardLinks;
    /** Files using extents, by tree depth 0..5. */
    public final long[] extentDepth = new long[6];
    /** Inodes in use, as counted by the check (not the superblock). */
    public long inodesUsed;
    /** Blocks in use, as counted by the check. */
    public long blocksUsed;
}
