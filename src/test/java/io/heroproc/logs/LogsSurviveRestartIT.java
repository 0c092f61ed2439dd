package io.heroproc.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.process.ExitStatus;
import io.heroproc.process.OutputListener;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.Signals;
import io.heroproc.process.SpawnSpec;
import io.heroproc.supervisor.Await;
import io.heroproc.supervisor.Procs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LINES = 3000;

    private static ProcessBackend backend;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<RunningProcess> supervisors = new ArrayList<>();
    private final List<String> markers = new ArrayList<>();
    private Path dataDir;
    private Path logFile;
    private int port;

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
        for (RunningProcess p : supervisors) {
            if (!p.exit().isDone()) {
                backend.signal(p.id(), Signals.SIGKILL);
            }
        }
        markers.forEach(Procs::killAll);
    }

    @Test
    void logsOfTheFirstLifeAreServedAfterARestart() throws Exception {
        // Only failsafe (mvn verify, after package) sets native.image.path; a surefire run matching
        // this package by pattern must not launch a stale or missing jar.
        Assumptions.assumeTrue(System.getProperty("native.image.path") != null, "an integration test: run with verify");
        assertTrue(Files.isRegularFile(JAR), "package the app first: " + JAR);
        dataDir = Files.createTempDirectory("hp-it-logs");
        logFile = dataDir.resolve("supervisor.log");
        String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String batch = "itlogs" + tag;
        String daemon = "itlogd" + tag;
        String marker = Procs.marker();
        markers.add(marker);

        RunningProcess first = launch();
        post("/api/v1/quick-services", """
                {"name": "%s", "command": "seq -f 'persist-%%g' 1 %d", "interpreter": "sh", "kind": "oneshot"}"""
                .formatted(batch, LINES), 201);
        post("/api/v1/quick-services", """
                {"name": "%s", "command": "echo daemon-says-hello; exec -a %s sleep 1000", "interpreter": "bash"}"""
                .formatted(daemon, marker), 201);
        Await.untilCall(BOOT, () -> "success".equals(status(batch).path("state").asText()), batch + " succeeded");
        long batchJob = onlyJob(batch);
        Await.untilCall(BOOT, () -> allLines(batchJob).size() == LINES, "all lines stored before the restart");
        Await.untilCall(BOOT, () -> "running".equals(status(daemon).path("state").asText()), daemon + " running");
        long daemonJob = onlyJob(daemon);
        Await.untilCall(BOOT, () -> allLines(daemonJob).size() >= 1, "the daemon's line stored");

        backend.signal(first.id(), Signals.SIGTERM);
        ExitStatus stopped = first.exit().get(60, TimeUnit.SECONDS);
        assertNull(stopped.signal(), "clean shutdown: " + stopped + "\n" + tail());
        Await.until(() -> Procs.withMarker(marker).isEmpty(), "the daemon stopped with the supervisor");

        port = freePort();
        launch();
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
        HttpResponse<String> sse = http.send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + batchJob + "/logs?after="
                + (LINES - 3))).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, sse.statusCode());
        List<String> ids = sse.body().lines().filter(s -> s.startsWith("id:")).map(s -> s.substring(3).trim()).toList();
        assertEquals(List.of(Integer.toString(LINES - 2), Integer.toString(LINES - 1), Integer.toString(LINES)), ids,
                "SSE resumes after the cursor: " + sse.body());
        assertTrue(sse.body().lines().anyMatch(s -> s.replace(" ", "").equals("event:end")), "ends: " + sse.body());
    }

    private long onlyJob(String service) throws Exception {
        JsonNode jobs = get("/api/v1/jobs?service=" + service);
        assertEquals(1, jobs.size(), "one job: " + jobs);
        return jobs.get(0).path("id").asLong();
    }

    private List<JsonNode> allLines(long job) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = get("/api/v1/jobs/" + job + "/logs?limit=1000&after=" + after);
            if (page.isEmpty()) {
                return out;
            }
            page.forEach(out::add);
            after = page.get(page.size() - 1).path("seq").asLong();
        }
    }

    private RunningProcess launch() throws Exception {
        if (port == 0) {
            port = freePort();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("HERO_PROC_PORT");
        env.remove("HERO_PROC_DATA_DIR");
        OutputListener log = (stream, line, partial) -> {
            try {
                Files.write(logFile, (new String(line, StandardCharsets.UTF_8) + (partial ? "" : "\n"))
                        .getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        RunningProcess p = backend.spawn(new SpawnSpec(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dquarkus.http.port=" + port, "-Dhero-proc.data-dir=" + dataDir, "-jar", JAR.toString()), env,
                dataDir, null, log));
        supervisors.add(p);
        Await.untilCall(BOOT, () -> {
            if (p.exit().isDone()) {
                throw new AssertionError("the supervisor exited: " + p.exit().getNow(null) + "\n" + tail());
            }
            return send(HttpRequest.newBuilder(uri("/api/v1/services")).GET()).statusCode() == 200;
        }, "the supervisor answers on port " + port);
        return p;
    }

    private JsonNode status(String name) throws Exception {
        return get("/api/v1/services/" + name + "/status");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private void post(String path, String body, int expected) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(expected, r.statusCode(), path + ": " + r.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
