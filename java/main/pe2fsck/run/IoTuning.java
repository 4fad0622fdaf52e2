package pe2fsck.run;

import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Superblock;
import pe2fsck.state.CheckOptions;
import pe2fsck.io.DeviceGeometry;

/**
 * How many reads the passes keep in flight. {@code -E io_depth=N} decides when given;
 * otherwise the device's geometry does: four reads per member of an md array, twice the stripe
 * width over the chunk (from the kernel's optimal and minimum I/O sizes, or the superblock's
 * RAID stride and stripe width), and never fewer than 4 — a single disk gains little beyond
 * that, while an array needs a read per member in flight to keep every member busy.
 */
public final class IoTuning {

    static final int MIN_DEPTH = 4;
    /**
     * Reads in flight per md member. Metadata read in order comes in runs that fall on one
     * member's chunk, so a few reads per member are needed before every member has one: with
     * two per member, a 4-disk RAID0 in the benchmark kept only about two members busy.
     */
    static final int PER_MEMBER = 4;
    /** Largest request neighbouring metadata reads are merged into, unless -E readahead_kb says. */
    public static final int DEFAULT_MERGE_BYTES = 256 * 1024;
    /**
     * Largest gap read through to merge two metadata reads by default. A request costs a seek
     * on a disk, a round trip on an array member or a network volume: 128 KiB more in one read
     * costs less than any of those (about 1 ms at 150 MB/s). On this project's benchmark arrays
     * (20 ms per request, one at a time per member) it halves pass 2's requests.
     */
    public static final int MERGE_GAP_BYTES = 128 * 1024;
    /**
     * Requests announced to the kernel ahead of the reads, per read in flight (see
     * {@link pe2fsck.io.ReadAhead#hintAhead}).
     */
    static final int HINTS_PER_READ = 32;
    /** Most requests announced ahead (with merged requests of 256 KiB, 32 MiB of page cache). */
    static final int MAX_HINTS = 128;
    static final int MAX_DEPTH = 64;
    /** Reads in flight beyond which read-ahead keeps two requests ahead per read, not four. */
    static final int DEEP_QUEUE = 16;

    /** Reads in flight per pass-1 consumer beyond one per processor (see {@link #consumers}). */
    static final int READS_PER_CONSUMER = 4;

    private IoTuning() {
    }

    public static int depth(CheckContext ctx) {
        return depth(ctx.options(), ctx.fs());
    }

    /** Reads in flight for a step that runs before there is a check context (a journal replay). */
    public static int depth(CheckOptions options, FileSystem fs) {
        String s = options.extended().get("io_depth");
        if (s != null && !s.isEmpty()) {
            return (int) Math.max(1, Math.min(256, Long.parseLong(s)));
        }
        return depthFor(fs.device().geometry(), fs.superblock());
    }

    /**
     * Pass-1 consumers: {@code -m} when given, else one per processor, and more on a device
     * that serves many reads at once: one per {@link #READS_PER_CONSUMER} reads in flight. A
     * consumer waits on the blocks an inode points to beyond its table (extent index blocks,
     * indirect blocks, extended attribute blocks), so on a device with latency a few waiting
     * consumers keep the checking going; the read-ahead threads fetch most of those blocks
     * first, so few are needed. One per read in flight was too many: on the bench's RAID0 of 8
     * members in the one-CPU guest (32 in flight), 32 consumers took pass 1 7.7 and 9.8 s and
     * 8 consumers 6.6 and 7.1 s; on the host, a cold 1M-inode check on a loop device ran no
     * slower with 2 consumers than with 4.
     */
    public static int consumers(CheckContext ctx) {
        int m = ctx.options().threads();
        return m > 0 ? m : consumersFor(Runtime.getRuntime().availableProcessors(), depth(ctx));
    }

    static int consumersFor(int processors, int depth) {
        return Math.max(Math.max(1, processors), (depth + READS_PER_CONSUMER - 1) / READS_PER_CONSUMER);
    }

    /**
     * Requests a read-ahead over a list of metadata blocks (pass 2's directory blocks, the
     * extended attribute blocks) reads ahead of its consumer, each in a buffer of up to one
     * merged request (256 KiB): four per read in flight, so that a slow read does not stop the
     * others, and on deeper queues two per read (at least 64). The lookahead is most of what a
     * pass's memory grows with the reads in flight: at 32 in flight, four per read held
     * 32 MiB of buffers; two per read still keeps every read busy.
     */
    public static int lookahead(int depth) {
        return depth <= DEEP_QUEUE ? 4 * depth : Math.max(4 * DEEP_QUEUE, 2 * depth);
    }

    /**
     * Largest gap read through to merge two metadata reads: {@code -E merge_gap_kb=N}, else
     * {@link #MERGE_GAP_BYTES} on every device. What a gap costs is bytes; what it saves is a
     * request, and where requests are slow that is what counts: on the bench's single
     * delayed disk in UML (20 ms a request, one at a time, a device the kernel calls
     * solid-state) pass 2 took 131 s without gaps against 56 s with them (the 2026-11-25 run),
     * and on its RAID0 of 8 members 26 s against 10 s. Where requests are cheap the gaps cost
     * little: a cold pass 2 of the 100k-inode image on the bench host's virtio disk took 0.22 s
     * with them and 0.11 s without (medians of 6, hints on, 2026-11-25), and on a later host's
     * loop device 0.48-0.65 s with them and 0.49-0.57 s without (3 runs each, 2026-12-02).
     * The kernel's rotational flag cannot tell these apart (it calls virtio disks rotational
     * and the delayed disk not), so it is not used.
     */
    public static int mergeGapBytes(CheckContext ctx) {
        long kb = option(ctx, "merge_gap_kb");
        if (kb >= 0) {
            return (int) Math.min(64L * 1024, kb) * 1024;
        }
        return MERGE_GAP_BYTES;
    }

    /**
     * How many requests ahead of its reads a read-ahead stream with {@code readsInFlight} reads
     * announces to the kernel: {@link #HINTS_PER_READ} per read, at most {@link #MAX_HINTS}. On
     * a buffered device the kernel starts those reads at once, a deep queue without threads:
     * cold, on this host's virtio disk, the 100k-inode bench image's directory blocks took pass 2
     * 0.28 s without hints and 0.22 s with them (0.21 s and 0.11 s without gaps; e2fsck: 0.11 s,
     * medians of 6); with a warm cache the hints cost nothing measurable.
     */
    public static int hintRequests(int readsInFlight) {
        return Math.min(MAX_HINTS, HINTS_PER_READ * Math.max(1, readsInFlight));
    }

    /** {@link #hintRequests(int)} unless {@code -E hint_ahead=N} says (0: no hints). */
    public static int hintRequests(CheckContext ctx, int readsInFlight) {
        long v = option(ctx, "hint_ahead");
        return v >= 0 ? (int) Math.min(1 << 20, v) : hintRequests(readsInFlight);
    }

    /** Bytes one metadata read covers: {@code -E readahead_kb=N}, else {@code dflt}. */
    public static int readaheadBytes(CheckContext ctx, int dflt) {
        long kb = option(ctx, "readahead_kb");
        return kb < 0 ? dflt : (int) Math.max(1, Math.min(64L * 1024, kb)) * 1024;
    }

    /**
     * Most bytes of directory blocks pass 1 reads ahead for pass 2: {@code -E prefetch_dirs_mb=N},
     * off (0) unless given. Off by default because on the benchmark host it did not pay where
     * the device was busy: the prefetch takes bandwidth from pass 1's inode-table reads (cold
     * 1M and 3M inodes: 0.81 and 0.89 of e2fsck's time without it, 0.97 and 0.91 with it, on a
     * loop device), and with a warm cache it copies blocks pass 2 would find cached anyway. It
     * helped only where pass 2 was waiting on latency (cold 100k inodes: 1.58 to 1.46).
     */
    public static long directoryPrefetchBytes(CheckContext ctx) {
        long mb = option(ctx, "prefetch_dirs_mb");
        return mb <= 0 ? 0 : Math.min(mb, 1L << 40) << 20;
    }

    /** What the reads were tuned to and from what, for -v. */
    public static String describe(CheckContext ctx) {
        DeviceGeometry g = ctx.fs().device().geometry();
        StringBuilder b = new StringBuilder();
        b.append(depth(ctx)).append(" in flight, gaps up to ").append(mergeGapBytes(ctx) / 1024).append(" KiB read through (");
        if (g.mdMembers() > 0) {
            b.append("md ").append(g.mdLevel()).append(" of ").append(g.mdMembers()).append(" members, ");
        }
        if (g.equals(DeviceGeometry.NONE)) {
            b.append("no device geometry known");
        } else {
            b.append(g.rotational() ? "rotational" : "not rotational");
        }
        b.append(')');
        return b.toString();
    }

    /** A numeric -E option, or -1 when not given (the command line has checked the number). */
    private static long option(CheckContext ctx, String key) {
        String v = ctx.options().extended().get(key);
        return v == null || v.isEmpty() ? -1 : Long.parseLong(v);
    }

    static int depthFor(DeviceGeometry g, Superblock sb) {
        long depth = MIN_DEPTH;
        if (g.mdMembers() > 0) {
            depth = Math.max(depth, PER_MEMBER * g.mdMembers());
        }
        if (g.optimalIoBytes() > 0 && g.minimumIoBytes() > 0 && g.optimalIoBytes() > g.minimumIoBytes()) {
            depth = Math.max(depth, 2 * (g.optimalIoBytes() / g.minimumIoBytes()));
        }
        if (sb.raidStride() > 0 && sb.raidStripeWidth() > sb.raidStride()) {
            depth = Math.max(depth, 2 * (sb.raidStripeWidth() / sb.raidStride()));
        }
        return (int) Math.min(depth, MAX_DEPTH);
    }
}
