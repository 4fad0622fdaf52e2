package pe2fsck.pass1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The depth past which e2fsck says an extent tree "could be more shallow", per block size. */
class ExtentDepthLimitTest {

    @Test
    void limitFollowsTheFanOutOfEachBlockSize() {
        // 4 entries in i_block; 84, 169, 340 and 5460 in 1, 2, 4 and 64 KiB blocks.
        assertEquals(5, BlockChecker.maxTreeDepth(1024));
        assertEquals(5, BlockChecker.maxTreeDepth(2048));
        assertEquals(4, BlockChecker.maxTreeDepth(4096));
        assertEquals(3, BlockChecker.maxTreeDepth(65536));
    }
}
