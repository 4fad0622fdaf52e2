package pe2fsck.journal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import pe2fsck.io.ReadAhead;

/**
 * The replay's writes: of a block logged several times only its last copy (the final image is
 * the same, and a replay stopped half way is redone from the journal), in log order, with
 * neighbours joined into runs: blocks that follow each other in the journal's disk blocks and
 * in the file system's, read and written in one request each.
 */
final class ReplayRuns {

    private final long[] firstJournal;
    private final long[] firstFs;
    private final int[] length;
    /** Per block of every run, in order: whether it was escaped. */
    private final boolean[] escaped;
    private final int[] firstIndex;
    private final int count;
    private final int longest;

    private ReplayRuns(long[] firstJournal, long[] firstFs, int[] length, boolean[] escaped, int[] firstIndex,
            int count, int longest) {
        this.firstJournal = firstJournal;
        this.firstFs = firstFs;
        this.length = length;
        this.escaped = escaped;
        this.firstIndex = firstIndex;
        this.count = count;
        this.longest = longest;
    }

    static ReplayRuns of(List<ReplayBlock> blocks, JournalMap map, int maxRun) {
        Set<Long> seen = new HashSet<>();
        List<ReplayBlock> last = new ArrayList<>();
        for (int i = blocks.size() - 1; i >= 0; i--) {
            if (seen.add(blocks.get(i).fsBlock())) {
                last.add(blocks.get(i));
            }
        }
        java.util.Collections.reverse(last);
        int n = last.size();
        long[] fj = new long[n];
        long[] ff = new long[n];
        int[] len = new int[n];
        int[] first = new int[n + 1];
        boolean[] esc = new boolean[n];
        int runs = 0;
        int longest = 0;
        for (int i = 0; i < n; i++) {
            ReplayBlock b = last.get(i);
            esc[i] = b.escaped();
            if (runs > 0) {
                int r = runs - 1;
                long prevJournal = fj[r] + len[r] - 1;
                boolean joins = len[r] < maxRun && b.fsBlock() == ff[r] + len[r]
                        && b.journalBlock() == prevJournal + 1
                        && map.physical(b.journalBlock()) == map.physical(prevJournal) + 1;
                if (joins) {
                    len[r]++;
                    longest = Math.max(longest, len[r]);
                    continue;
                }
            }
            fj[runs] = b.journalBlock();
            ff[runs] = b.fsBlock();
            len[runs] = 1;
            first[runs] = i;
            longest = Math.max(longest, 1);
            runs++;
        }
        first[runs] = n;
        return new ReplayRuns(fj, ff, len, esc, first, runs, longest);
    }

    int count() { return count; }
    int longest() { return longest; }
    int length(int run) { return length[run]; }
    long fsBlock(int run) { return firstFs[run]; }
    boolean escaped(int run, int k) { return escaped[firstIndex[run] + k]; }

    /** Each run's bytes in the journal, in order. */
    ReadAhead.Ranges ranges(JournalMap map, int blockSize) {
        return new ReadAhead.Ranges() {
            @Override public int count() { return count; }
            @Override public long offset(int i) { return map.physical(firstJournal[i]) * blockSize; }
            @Override public int length(int i) { return length[i] * blockSize; }
        };
    }
}
