package io.heroproc.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.heroproc.process.ExitStatus;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.Signals;
import io.heroproc.supervisor.Await;
import io.heroproc.supervisor.Procs;
import io.heroproc.support.PackagedHeroProc;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged supervisor stopped and started again on the same data dir: the logs of jobs of
 * the first life are still served, complete and in order, through the API (JSON and SSE).
 */
class LogsSurviveRestartIT {

    private static final Duration BOOT = PackagedHeroProc.BOOT;
    private static final int LINES = 3000;

    private static ProcessBackend backend;
    private final List<String> markers = new ArrayList<>();
    private PackagedHeroProc hp;

    @BeforeAll
    static void backend() {
        backend = ProcessBackends.create("ffm");
    }

    @AfterAll
    static void noBackendToClose() {
        backend = null;
    }

    @AfterEach
    void killWhatIsLeft() {
        if (hp != null) {
            hp.close();
        }
        markers.forEach(Procs::killAll);
    }

    @Test
    void logsOfTheFirstLifeAreServedAfterARestart() throws Exception {
        // Only failsafe (mvn verify, after package) sets native.image.path; a surefire run matching
        // this package by pattern must not launch a stale or missing jar.
        Assumptions.assumeTrue(System.getProperty("native.image.path") != null, "an integration test: run with verify");
        hp = new PackagedHeroProc(backend, "hp-it-logs");
        String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String batch = "itlogs" + tag;
        String daemon = "itlogd" + tag;
        String marker = Procs.marker();
        markers.add(marker);

        RunningProcess first = hp.launch();
        hp.post("/api/v1/quick-services", """
                {"name": "%s", "command": "seq -f 'persist-%%g' 1 %d", "interpreter": "sh", "kind": "oneshot"}"""
                .formatted(batch, LINES), 201);
        hp.post("/api/v1/quick-services", """
                {"name": "%s", "command": "echo daemon-says-hello; exec -a %s sleep 1000", "interpreter": "bash"}"""
                .formatted(daemon, marker), 201);
        Await.untilCall(BOOT, () -> "success".equals(hp.status(batch).path("state").asText()), batch + " succeeded");
        long batchJob = onlyJob(batch);
        Await.untilCall(BOOT, () -> allLines(batchJob).size() == LINES, "all lines stored before the restart");
        Await.untilCall(BOOT, () -> "running".equals(hp.status(daemon).path("state").asText()), daemon + " running");
        long daemonJob = onlyJob(daemon);
        Await.untilCall(BOOT, () -> allLines(daemonJob).size() >= 1, "the daemon's line stored");

        backend.signal(first.id(), Signals.SIGTERM);
        ExitStatus stopped = first.exit().get(60, TimeUnit.SECONDS);
        assertNull(stopped.signal(), "clean shutdown: " + stopped + "\n" + hp.tail());
        Await.until(() -> Procs.withMarker(marker).isEmpty(), "the daemon stopped with the supervisor");

        hp.newPort();
        hp.launch();
        List<JsonNode> lines = allLines(batchJob);
        assertEquals(LINES, lines.size(), "every line of the first life is still there");
        for (int i = 0; i < LINES; i++) {
            JsonNode l = lines.get(i);
            assertEquals(i + 1, l.path("seq").asLong(), "seq " + l);
            assertEquals("persist-" + (i + 1), l.path("line").asText(), "line " + l);
            assertEquals("stdout", l.path("stream").asText());
            assertEquals(batchJob, l.path("job_id").asLong());
        }
        List<JsonNode> daemonLines = allLines(daemonJob);
        assertEquals("daemon-says-hello", daemonLines.getFirst().path("line").asText(), "daemon log: " + daemonLines);

        // The finished job's log is followed to its end over SSE too.
        HttpResponse<String> sse = hp.http().send(HttpRequest.newBuilder(hp.uri("/api/v1/jobs/" + batchJob + "/logs?after="
                + (LINES - 3))).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, sse.statusCode());
        List<String> ids = sse.body().lines().filter(s -> s.startsWith("id:")).map(s -> s.substring(3).trim()).toList();
        assertEquals(List.of(Integer.toString(LINES - 2), Integer.toString(LINES - 1), Integer.toString(LINES)), ids,
                "SSE resumes after the cursor: " + sse.body());
        assertTrue(sse.body().lines().anyMatch(s -> s.replace(" ", "").equals("event:end")), "ends: " + sse.body());
    }

    private long onlyJob(String service) throws Exception {
        JsonNode jobs = hp.get("/api/v1/jobs?service=" + service);
        assertEquals(1, jobs.size(), "one job: " + jobs);
        return jobs.get(0).path("id").asLong();
    }

    private List<JsonNode> allLines(long job) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = hp.get("/api/v1/jobs/" + job + "/logs?limit=1000&after=" + after);
            if (page.isEmpty()) {
                return out;
            }
            page.forEach(out::add);
            after = page.get(page.size() - 1).path("seq").asLong();
        }
    }
}
