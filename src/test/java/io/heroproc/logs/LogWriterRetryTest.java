package io.heroproc.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.heroproc.supervisor.Await;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The database refuses writes for a while: output waits in memory, is retried, and all of it is stored. */
@QuarkusTest
class LogWriterRetryTest extends LiveTestBase {

    @Inject
    LogWriter writer;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void writesThatFailAreRetriedUntilStoredAndNothingIsLost() throws Exception {
        String svc = name("retry");
        String act = svc + "_seq";
        shOneshot(act, "seq -f 'kept-%g' 1 20000");
        plainService(svc, act);
        // Inserts fail while the table is away, as they would on a full disk.
        long job;
        try (StoresRefused refused = StoresRefused.on(dataSource)) {
            start(svc);
            job = awaitJob(svc, act, 1);
            awaitPhase(job, "succeeded");
            long seen = writer.written();
            long failed = writer.failedAttempts();
            // Several failed attempts: nothing is stored, nothing is dropped.
            Await.until(Duration.ofSeconds(20), () -> writer.failedAttempts() >= failed + 3, "three failed attempts");
            assertFalse(writer.drained(), "the lines wait in memory, not stored");
            assertTrue(writer.outputOpen(job), "the job's output is not complete in the database yet");
            assertEquals(seen, writer.written(), "no chunk counted as written");
        }
        Await.until(Duration.ofSeconds(20), () -> !writer.outputOpen(job), "stored once the table is back");
        List<Map<String, Object>> lines = allLogs(job, 10_000);
        assertEquals(20_000, lines.size(), "every line");
        assertEquals("kept-1", lines.getFirst().get("line"));
        assertEquals("kept-20000", lines.getLast().get("line"));
        assertEquals(20_000, num(lines.getLast(), "seq"));
    }

    /**
     * The writer takes a batch a fraction of a job's share: while it stores (here: retries) one
     * batch, the job's pipe is read on into the rest of its share. When the batch was the whole share,
     * the flooding child and the writer took turns, each idle half the time.
     */
    @Test
    void aFloodIsReadOnWhileTheWriterHoldsABatch() throws Exception {
        String svc = name("readon");
        String act = svc + "_yes";
        // 12 MB in 80,000 lines: within the 100,000 lines a job keeps (a retention pass, due after any
        // 8 MiB stored, trimmed a longer output before it was counted, depending on the tests run before).
        String line = "y".repeat(149);
        shOneshot(act, "yes " + line + " | head -n 80000");
        plainService(svc, act);
        long job;
        try (StoresRefused refused = StoresRefused.on(dataSource)) {
            long failed = writer.failedAttempts();
            start(svc);
            job = awaitJob(svc, act, 1);
            Await.until(Duration.ofSeconds(20), () -> writer.failedAttempts() > failed, "a failed attempt");
            // 12 MB of output: more than two batches are read while the first is retried.
            Await.until(Duration.ofSeconds(20), () -> writer.budget().total() >= 8L << 20,
                    "8 MiB read while the writer holds a batch");
        }
        Await.until(Duration.ofSeconds(30), () -> !writer.outputOpen(job), "stored once the table is back");
        List<Map<String, Object>> lines = allLogs(job, 10_000);
        assertEquals(80_000, lines.size(), "every line");
        assertEquals(line, lines.getLast().get("line"));
    }
}
