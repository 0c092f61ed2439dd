package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The poller lets a flooding pipe fill between its turns instead of being woken by every write of
 * the flooding program (which put it on the program's CPU and preempted the program about 2,000
 * times in a 200 MB flood), and reads a quiet job's lines at once.
 */
class OutputCoalescingTest {

    private final FfmProcessBackend backend = (FfmProcessBackend) ProcessBackends.create("ffm");

    /** Counts the bytes and lines handed over, as the log of a job takes them: in blocks. */
    private static final class Counter implements BlockOutputListener {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong lines = new AtomicLong();
        final CountDownLatch ended = new CountDownLatch(2);

        @Override
        public void onLines(StdStream stream, byte[] block, int offset, int length, boolean continues) {
            bytes.addAndGet(length + (continues ? 0 : 1));
            lines.incrementAndGet();
            for (int i = offset; i < offset + length; i++) {
                if (block[i] == '\n') {
                    lines.incrementAndGet();
                }
            }
        }

        @Override
        public boolean accepting(Runnable resume) {
            return true;
        }

        @Override
        public void onLine(StdStream stream, byte[] line, boolean partial) {
            onLines(stream, line, 0, line.length, partial);
        }

        @Override
        public void onEnd(StdStream stream) {
            ended.countDown();
        }
    }

    @Test
    void aQuietJobIsReadAtOnceAndAFloodBetweenTurns() throws Exception {
        Counter quiet = new Counter();
        RunningProcess trickle = backend.spawn(TestSupport.sh(
                "for i in 1 2 3 4 5 6 7 8 9 10; do echo line $i; sleep 0.02; done", quiet));
        assertEquals(0, trickle.exit().get(20, TimeUnit.SECONDS).exitCode());
        assertTrue(quiet.ended.await(20, TimeUnit.SECONDS), "the quiet job's output ended");
        assertEquals(10, quiet.lines.get(), "lines of the quiet job");
        assertEquals(0, backend.coalescedTurns(), "a line now and then is read as it comes");

        // 64 MB of 100-byte lines in 64 KB writes, as fast as dd can.
        Counter flood = new Counter();
        RunningProcess flooding = backend.spawn(TestSupport.sh("yes " + "x".repeat(99)
                + " | dd bs=64000 count=1000 iflag=fullblock status=none", flood));
        assertEquals(0, flooding.exit().get(60, TimeUnit.SECONDS).exitCode());
        assertTrue(flood.ended.await(20, TimeUnit.SECONDS), "the flood's output ended");
        assertEquals(64_000_000, flood.bytes.get(), "every byte of the flood");
        assertEquals(640_000, flood.lines.get(), "every line of the flood");
        assertTrue(backend.coalescedTurns() > 0, "the flooding pipe was left to fill between turns");
    }
}
