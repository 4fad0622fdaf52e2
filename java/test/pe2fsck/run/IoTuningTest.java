package pe2fsck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import pe2fsck.fs.Superblock;
import pe2fsck.io.DeviceGeometry;

class IoTuningTest {

    private static Superblock superblock(int stride, int stripeWidth) {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0x164, (short) stride);
        b.putInt(0x170, stripeWidth);
        return Superblock.wrap(b);
    }

    private static DeviceGeometry md(int members) {
        return new DeviceGeometry(524288, members * 524288L, 524288, members, "raid0", false);
    }

    @Test
    void aPlainDeviceGetsTheMinimum() {
        assertEquals(IoTuning.MIN_DEPTH, IoTuning.depthFor(DeviceGeometry.NONE, superblock(0, 0)));
    }

    @Test
    void anArrayGetsSeveralReadsPerMember() {
        assertEquals(4 * IoTuning.PER_MEMBER, IoTuning.depthFor(md(4), superblock(0, 0)));
        assertEquals(8 * IoTuning.PER_MEMBER, IoTuning.depthFor(md(8), superblock(0, 0)));
        assertEquals(IoTuning.MAX_DEPTH, IoTuning.depthFor(md(64), superblock(0, 0)));
    }

    @Test
    void theSuperblocksStripeWidthCountsWhenTheKernelSaysNothing() {
        // stride 128 blocks, stripe width 768: six data disks
        assertEquals(12, IoTuning.depthFor(DeviceGeometry.NONE, superblock(128, 768)));
    }

    @Test
    void hintsGrowWithReadsInFlightUpToACap() {
        assertEquals(IoTuning.HINTS_PER_READ, IoTuning.hintRequests(0));
        assertEquals(2 * IoTuning.HINTS_PER_READ, IoTuning.hintRequests(2));
        assertEquals(IoTuning.MAX_HINTS, IoTuning.hintRequests(1000));
    }

    @Test
    void consumersFollowProcessorsAndOneInFourReadsInFlight() {
        assertEquals(2, IoTuning.consumersFor(2, IoTuning.MIN_DEPTH));
        assertEquals(1, IoTuning.consumersFor(1, IoTuning.MIN_DEPTH));
        // RAID0 of 8 members in a one-CPU guest: 32 reads in flight, 8 consumers
        assertEquals(8, IoTuning.consumersFor(1, IoTuning.depthFor(md(8), superblock(0, 0))));
        assertEquals(16, IoTuning.consumersFor(16, 32));
        assertEquals(3, IoTuning.consumersFor(1, 9));
    }

    @Test
    void lookaheadIsFourPerReadOnShallowQueuesAndTwoOnDeepOnes() {
        assertEquals(16, IoTuning.lookahead(IoTuning.MIN_DEPTH));
        assertEquals(64, IoTuning.lookahead(16));
        assertEquals(64, IoTuning.lookahead(17));
        assertEquals(64, IoTuning.lookahead(32));
        assertEquals(128, IoTuning.lookahead(IoTuning.MAX_DEPTH));
        for (int d = 1; d <= 256; d++) {
            assertTrue(IoTuning.lookahead(d) >= 2 * d, "depth " + d);
        }
    }
}
