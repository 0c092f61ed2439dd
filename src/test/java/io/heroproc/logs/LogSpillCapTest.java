package io.heroproc.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.heroproc.supervisor.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spill files at their cap: the job's pipes pause (both of them), and both resume once the
 * database takes the output again; nothing is lost.
 */
@QuarkusTest
@TestProfile(LogSpillCapTest.SmallSpill.class)
class LogSpillCapTest extends LiveTestBase {

    public static class SmallSpill implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hero-proc.logs.spill-max", "4M");
        }
    }

    @Inject
    LogWriter writer;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void bothPipesPausedAtTheCapResumeWhenTheDatabaseIsBack() throws Exception {
        String svc = name("capped");
        String act = svc + "_both";
        String out = "o".repeat(989);
        String err = "e".repeat(989);
        // 20 MB on each stream at once: memory (16 MiB) and the spill cap (4 MiB) fill while nothing is stored.
        shOneshot(act, "(yes " + out + " | head -n 20000) & (yes " + err + " | head -n 20000 >&2); wait");
        plainService(svc, act);
        long job;
        try (StoresRefused refused = StoresRefused.on(dataSource)) {
            long failed = writer.failedAttempts();
            start(svc);
            job = awaitJob(svc, act, 1);
            Await.until(Duration.ofSeconds(20), () -> writer.failedAttempts() > failed + 2, "stores failing");
            assertEquals("running", job(job).get("phase"), "the job waits on its pipes once the cap is reached");
        }
        // Before, only the pipe that asked last was resumed: the other stayed out of the poll set for good.
        awaitPhase(job, "succeeded");
        Await.until(Duration.ofSeconds(60), () -> !writer.outputOpen(job), "all of it stored");
        List<Map<String, Object>> lines = allLogs(job, 10_000);
        assertEquals(20_000, lines.stream().filter(l -> "stdout".equals(l.get("stream"))).count(), "stdout whole");
        assertEquals(20_000, lines.stream().filter(l -> "stderr".equals(l.get("stream"))).count(), "stderr whole");
        assertTrue(lines.stream().allMatch(l -> "system".equals(l.get("stream")) || out.equals(l.get("line"))
                || err.equals(l.get("line"))), "no line cut or mixed");
    }
}
