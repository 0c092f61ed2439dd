package io.heroproc.supervisor;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Crashed process jobs are restarted in the same run with exponential backoff, up to max_restarts. */
@QuarkusTest
class RestartBackoffTest extends EngineTestBase {

    /** Tolerance of a measured restart delay: the timer never fires early, but may fire late. */
    private static final long EARLY_MS = 20;
    private static final long LATE_MS = 250;

    private void crashService(String svc, String action, String restart) {
        service(svc, """
                {"actions": ["%s"], "wanted": "stop", "restart": %s}""".formatted(action, restart));
    }

    /** delay_i = started_at(attempt i+1) − ended_at(attempt i), for the jobs of one action. */
    private static List<Long> delays(List<Map<String, Object>> jobs) {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i + 1 < jobs.size(); i++) {
            assertEquals(i + 1, num(jobs.get(i), "attempt"), "attempts count up: " + jobs);
            if (jobs.get(i + 1).get("started_at") != null) {
                delays.add(millisBetween(time(jobs.get(i), "ended_at"), time(jobs.get(i + 1), "started_at")));
            }
        }
        return delays;
    }

    private static void assertDelay(long expected, long actual, String what) {
        assertTrue(actual >= expected - EARLY_MS && actual <= expected + LATE_MS,
                what + ": expected ≈" + expected + " ms (−" + EARLY_MS + "/+" + LATE_MS + "), was " + actual + " ms");
    }

    @Test
    void crashLoopBacksOffExponentiallyThenGivesUpAtMaxRestarts() {
        String svc = name("crashloop");
        String act = svc + "_crash";
        shProcess(act, "exit 2");
        crashService(svc, act, """
                {"policy": "always", "backoff": {"initial": "200ms", "factor": 2, "max": "10s", "jitter": 0},
                 "reset_after": "10s", "max_restarts": 3}""");

        start(svc);
        awaitState(svc, "failed");

        List<Map<String, Object>> jobs = jobs(svc, act);
        assertEquals(4, jobs.size(), "the first attempt and 3 restarts: " + jobs);
        for (Map<String, Object> job : jobs) {
            assertEquals("failed", job.get("phase"));
            assertEquals(2, num(job, "exit_code"));
            assertEquals(num(jobs.getFirst(), "run_id"), num(job, "run_id"), "restarts stay in the same run");
        }
        List<Long> delays = delays(jobs);
        assertEquals(3, delays.size(), "delays " + delays);
        assertDelay(200, delays.get(0), "delay before restart 1");
        assertDelay(400, delays.get(1), "delay before restart 2");
        assertDelay(800, delays.get(2), "delay before restart 3");

        Map<String, Object> status = status(svc);
        assertEquals("failed", status.get("state"));
        assertEquals(3, ((Number) status.get("restarts")).intValue());
        assertThat((String) status.get("reason"), containsString("gave up after 3 restarts"));
        assertThat((String) status.get("reason"), containsString("exit 2"));
        assertNull(status.get("next_restart_at"), "no restart planned after giving up");
        assertEquals(1, runs(svc).size(), "one run for all attempts");
        assertEquals("error", runs(svc).getFirst().get("status"));
    }

    @Test
    void upForResetAfterResetsTheBackoff() throws IOException {
        Path dir = Files.createTempDirectory("hp-reset");
        Path counter = dir.resolve("count");
        String mark = marker();
        String svc = name("resetafter");
        String act = svc + "_flaky";
        // attempts 1-2 crash at once, 3 stays up 1 s then crashes, 4 crashes at once, 5+ stay up
        shProcess(act, """
                n=$(cat %1$s 2>/dev/null || echo 0); n=$((n+1)); echo $n > %1$s
                if [ $n -ge 5 ]; then sleep 1000; fi
                if [ $n -eq 3 ]; then sleep 1; fi
                exit 2 # %2$s""".formatted(counter, mark));
        crashService(svc, act, """
                {"policy": "always", "backoff": {"initial": "200ms", "factor": 2, "max": "10s", "jitter": 0},
                 "reset_after": "500ms"}""");

        start(svc);
        Await.until(() -> jobs(svc, act).size() >= 5 && "running".equals(jobs(svc, act).get(4).get("phase")),
                "attempt 5 running");

        List<Map<String, Object>> jobs = jobs(svc, act);
        assertTrue(millisBetween(time(jobs.get(2), "started_at"), time(jobs.get(2), "ended_at")) >= 900,
                "attempt 3 stayed up about 1 s: " + jobs.get(2));
        List<Long> delays = delays(jobs);
        assertDelay(200, delays.get(0), "delay after attempt 1");
        assertDelay(400, delays.get(1), "delay after attempt 2 (growing)");
        assertDelay(200, delays.get(2), "delay after attempt 3, which was up past reset_after (reset, not 800)");
        assertDelay(400, delays.get(3), "delay after attempt 4 (growing again from the reset)");
        assertEquals(4, restarts(svc));
        // Attempt 5 is its shell and the shell's sleep: status lists every live process of the job.
        awaitRunning(svc, 2);
        Await.until(() -> Procs.withMarker(mark).size() == 1 && pids(svc).containsAll(Procs.withMarker(mark)),
                "the live shell of attempt 5 is the job's");
    }

    @Test
    void statusExplainsABackoffInProgress() {
        String svc = name("inbackoff");
        String act = svc + "_crash";
        shProcess(act, "exit 2");
        crashService(svc, act, """
                {"policy": "on-failure", "backoff": {"initial": "30s", "factor": 2, "max": "60s", "jitter": 0},
                 "reset_after": "10s"}""");

        start(svc);
        Await.until(() -> status(svc).get("next_restart_at") != null, svc + " waiting for its first restart");

        Map<String, Object> status = status(svc);
        assertThat((String) status.get("reason"), matchesPattern("backoff: restart 1 in (2\\d|30)\\.\\d s.*"));
        assertThat((String) status.get("reason"), containsString("exit 2"));
        assertEquals(1, ((Number) status.get("restarts")).intValue());
        assertNotNull(status.get("next_restart_at"));
        List<Map<String, Object>> jobs = jobs(svc, act);
        assertEquals(2, jobs.size(), "the failed attempt and the pending restart: " + jobs);
        assertEquals("pending", jobs.get(1).get("phase"));

        // a stop during backoff cancels the pending restart at once
        stop(svc);
        awaitState(svc, "exited");
        assertEquals("skipped", jobs(svc, act).get(1).get("phase"));
        assertNull(status(svc).get("next_restart_at"));
        assertEquals(2, jobs(svc, act).size(), "no restart after the stop");
    }

    /**
     * A backoff of 1 ms once gave 385 restarts a second, a job row each. The floor holds a job to
     * one start per 100 ms, and a run keeps only its latest 20 attempts of an action: older ones
     * are deleted, and their number stays in the attempt count.
     */
    @Test
    void aOneMillisecondBackoffIsHeldToTheFloorAndOldAttemptsAreFolded() {
        String svc = name("storm");
        String act = svc + "_crash";
        shProcess(act, "exit 1");
        crashService(svc, act, """
                {"policy": "always", "backoff": {"initial": "1ms", "factor": 1, "max": "1ms", "jitter": 0}}""");
        Instant started = Instant.now();
        start(svc);
        Await.until(Duration.ofSeconds(30), () -> restarts(svc) >= 25, "25 restarts");
        stop(svc);
        awaitState(svc, "exited");
        long elapsed = millisBetween(started, Instant.now());
        int restarts = restarts(svc);
        assertTrue(restarts <= elapsed / 100 + 2, restarts + " restarts in " + elapsed + " ms: at most one per 100 ms");

        List<Map<String, Object>> jobs = jobs(svc, act);
        assertTrue(jobs.size() <= 20, "only the latest 20 attempts are kept: " + jobs.size());
        assertTrue(num(jobs.getLast(), "attempt") > 20, "the attempt count goes on: " + jobs.getLast());
        for (int i = 0; i + 1 < jobs.size(); i++) {
            if (jobs.get(i).get("started_at") != null && jobs.get(i + 1).get("started_at") != null) {
                long gap = millisBetween(time(jobs.get(i), "started_at"), time(jobs.get(i + 1), "started_at"));
                assertTrue(gap >= 95, "attempts start at least 100 ms apart, got " + gap + " ms");
            }
        }
    }
}
