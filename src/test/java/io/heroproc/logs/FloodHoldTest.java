package io.heroproc.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.process.StdStream;
import io.heroproc.supervisor.Await;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * While a job floods faster than its lines are stored, the writer leaves its young chunks in
 * memory (the rest goes aside) instead of encoding and storing them: that work took the CPU the
 * flooding program wanted. Once the flood pauses, every line is stored, in order.
 */
@QuarkusTest
class FloodHoldTest {

    private static final int LINE = 1000;
    private static final long FLOOD = 160L << 20;

    @Inject
    LogWriter writer;

    @Inject
    LogQuery query;

    private static final LogQuery.Filter STDOUT = new LogQuery.Filter("stdout", null, null);

    /** One block the poller might read: 128 numbered lines of 1,000 bytes, the '\n' of the last one left out. */
    private static byte[] block(long firstLine) {
        byte[] bytes = new byte[128 * LINE - 1];
        java.util.Arrays.fill(bytes, (byte) 'f');
        for (int i = 0; i < 128; i++) {
            long n = firstLine + i;
            for (int d = 8; d >= 0; d--, n /= 10) {
                bytes[i * LINE + d] = (byte) ('0' + n % 10);
            }
            bytes[i * LINE + 9] = ' ';
            if (i < 127) {
                bytes[i * LINE + LINE - 1] = '\n';
            }
        }
        return bytes;
    }

    @Test
    void aFloodIsStoredOnceItPausesNotWhileItRuns() throws Exception {
        // As fast as it goes, then slowly while the test looks: the flood has not paused.
        floodAndCheck(FLOOD, 0, 5);
    }

    /**
     * A job writing about 40 MB/s, a pace a warm writer keeps up with, is a flood from its first
     * megabytes on: the writer used to store along until it fell a quarter of the job's share
     * behind, and took most of a core from the flooding program meanwhile.
     */
    @Test
    void aSteadyFastJobIsHeldFromItsFirstMegabytes() throws Exception {
        floodAndCheck(12L << 20, 3, 3);
    }

    /**
     * Feeds {@code bytes} of lines in blocks, {@code pauseMillis} after each, then goes on every
     * {@code thenMillis} while it looks at what the writer stored meanwhile: no more than what came
     * before the burst was seen, the batch the writer may have taken by then, and what a pause or
     * the lag allows. Then ends the log and checks that every line is stored, in order.
     */
    private void floodAndCheck(long bytes, long pauseMillis, long thenMillis) throws Exception {
        long job = 4_000_000_000L + ThreadLocalRandom.current().nextInt(1_000_000);
        JobLog log = new JobLog(job, writer);
        AtomicLong lines = new AtomicLong();
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicReference<Throwable> feederFailed = new AtomicReference<>();
        // When each block went in and how many lines were in by then: lines older than the lag may
        // be stored, and so may everything before a pause of the flood (a slow machine may make one).
        List<long[]> fed = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread feeder = Thread.ofPlatform().name("flood-hold-feeder").start(() -> {
            try {
                while (flooding.get()) {
                    if (!log.accepting(() -> { })) {
                        throw new AssertionError("a flood within the spill cap is never paused");
                    }
                    byte[] block = block(lines.get());
                    log.onLines(StdStream.STDOUT, block, 0, block.length, false);
                    fed.add(new long[] {System.currentTimeMillis(), lines.addAndGet(128)});
                    long pause = lines.get() * LINE >= bytes ? thenMillis : pauseMillis;
                    if (pause > 0) {
                        // The pace of the program, not a wait for anything.
                        Thread.sleep(pause);
                    }
                }
            } catch (Throwable e) {
                feederFailed.set(e);
            }
        });
        try {
            Await.until(Duration.ofSeconds(60), () -> lines.get() * LINE >= bytes || feederFailed.get() != null,
                    "the flood written");
            long stored = query.lastSeq(job);
            long lookedAt = System.currentTimeMillis();
            long mayBeStored = 0;
            synchronized (fed) {
                long previous = Long.MAX_VALUE;
                long linesBefore = 0;
                for (long[] f : fed) {
                    // A pause the writer may have seen (times are taken after each block, hence the margin).
                    if (f[0] + JobLog.SPILL_LAG_MILLIS < lookedAt || f[0] - previous >= JobLog.SPILL_QUIET_MILLIS * 4 / 5) {
                        mayBeStored = linesBefore;
                    }
                    previous = f[0];
                    linesBefore = f[1];
                }
            }
            flooding.set(false);
            feeder.join();
            if (feederFailed.get() != null) {
                throw new AssertionError("the feeder failed", feederFailed.get());
            }
            // Before the burst was seen the writer stored as usual; then at most the batch it had
            // taken, plus what it may store anyway.
            long allowed = (JobLog.BURST_BYTES + (2L << 20) + ChunkBuffers.LARGE) / LINE + mayBeStored;
            assertTrue(stored <= allowed, "stored " + stored + " of " + lines.get()
                    + " lines while the flood ran (at most " + allowed + ")");
        } finally {
            flooding.set(false);
            feeder.join();
            log.onEnd(StdStream.STDOUT);
            log.onEnd(StdStream.STDERR);
        }
        Await.until(Duration.ofSeconds(120), () -> !writer.outputOpen(job), "the flood stored once it ended");
        assertEquals(lines.get(), query.lastSeq(job), "every line numbered");
        // In order: the lines a job keeps (retention cuts the oldest) carry consecutive numbers, to the last.
        long expected = -1;
        long after = 0;
        List<LogEntry> page;
        while (!(page = query.job(job, after, 10_000, STDOUT)).isEmpty()) {
            for (LogEntry e : page) {
                long number = Long.parseLong(e.line().substring(0, 9));
                if (expected >= 0) {
                    assertEquals(expected, number, "line after seq " + after);
                }
                expected = number + 1;
                after = e.seq();
            }
        }
        assertEquals(lines.get(), expected, "up to the last line");
    }
}
