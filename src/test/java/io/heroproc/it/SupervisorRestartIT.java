package io.heroproc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged supervisor killed with SIGKILL and started again on the same data dir: what it left
 * running is stopped, not duplicated, its run is closed as interrupted and the history stays;
 * then SIGTERM shuts it down cleanly with its services. The supervisor is spawned with
 * hero-proc's own process backend, so this JVM is the subreaper that inherits its orphans.
 */
class SupervisorRestartIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ProcessBackend backend;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<RunningProcess> supervisors = new ArrayList<>();
    private final List<String> markers = new ArrayList<>();
    private Path dataDir;
    private Path logFile;
    private int port;
    private List<String> extraArgs = List.of();

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
            backend.signal(p.id(), Signals.SIGKILL);
        }
        markers.forEach(Procs::killAll);
    }

    @Test
    void sigkilledSupervisorRestartsWithoutDuplicatesAndSigtermStopsEverything() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "package the app first: " + JAR);
        dataDir = Files.createTempDirectory("hp-it-data");
        logFile = dataDir.resolve("supervisor.log");
        port = freePort();
        String name = "itsvc" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String marker = Procs.marker();
        markers.add(marker);

        RunningProcess first = launch();
        post("/api/v1/quick-services", """
                {"name": "%s", "command": "exec -a %s sleep 1000", "interpreter": "bash"}""".formatted(name, marker), 201);
        Await.untilCall(BOOT, () -> "running".equals(status(name).path("state").asText()), name + " running");
        long oldPid = status(name).path("pids").get(0).asLong();
        assertEquals(List.of(oldPid), Procs.withMarker(marker), "the job's process is the one marked process");
        long oldRun = status(name).path("run_id").asLong();

        backend.signal(first.id(), Signals.SIGKILL);
        ExitStatus killed = first.exit().get(20, TimeUnit.SECONDS);
        assertEquals(Signals.SIGKILL, killed.signal(), "the supervisor died of SIGKILL: " + killed);
        assertEquals(List.of(oldPid), Procs.withMarker(marker),
                "its job outlives it (own session), now an orphan of this subreaper");

        RunningProcess second = launch();
        Await.untilCall(BOOT, () -> {
            JsonNode s = status(name);
            return "running".equals(s.path("state").asText()) && s.path("pids").size() == 1
                    && s.path("pids").get(0).asLong() != oldPid;
        }, name + " running again with a new pid");
        long newPid = status(name).path("pids").get(0).asLong();
        assertNotEquals(oldPid, newPid);
        Await.until(() -> Procs.withMarker(marker).equals(List.of(newPid)),
                "exactly one live marked process, the new one (the old one was stopped)");

        JsonNode runs = get("/api/v1/runs?service=" + name);
        assertEquals(2, runs.size(), "both runs kept: " + runs);
        JsonNode old = find(runs, oldRun);
        assertNotNull(old.get("ended_at"), "the old run is closed: " + old);
        assertTrue(old.path("reason").asText().contains("interrupted"), "the old run says why: " + old);
        JsonNode oldJob = get("/api/v1/runs/" + oldRun).path("jobs").get(0);
        assertEquals(oldPid, oldJob.path("pid").asLong());
        assertNotNull(oldJob.get("ended_at"), "the old job is closed: " + oldJob);
        JsonNode current = find(runs, status(name).path("run_id").asLong());
        assertTrue(current.get("ended_at") == null || current.get("ended_at").isNull(), "the new run is open");

        backend.signal(second.id(), Signals.SIGTERM);
        ExitStatus stopped = second.exit().get(30, TimeUnit.SECONDS);
        assertNull(stopped.signal(), "SIGTERM is handled, not fatal: " + stopped + "\n" + tail());
        assertEquals(0, stopped.exitCode(), "clean shutdown exits 0: " + stopped + "\n" + tail());
        Await.until(() -> Procs.withMarker(marker).isEmpty(), "no marked process left after shutdown");
    }

    @Test
    void shutdownKillsWhatOutlastsTheShutdownTimeout() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "package the app first: " + JAR);
        dataDir = Files.createTempDirectory("hp-it-data");
        logFile = dataDir.resolve("supervisor.log");
        port = freePort();
        String marker = Procs.marker();
        markers.add(marker);
        extraArgs = List.of("-Dhero-proc.supervisor.shutdown-timeout=2s");

        RunningProcess supervisor = launch();
        // SIG_IGN survives exec: the marked sleep ignores SIGTERM, and its grace outlasts the timeout.
        put("/api/v1/actions/stubborn", """
                {"interpreter": "bash", "script": "trap '' TERM; exec -a %s sleep 1000",
                 "stop": {"signal": "SIGTERM", "grace": "10m"}}""".formatted(marker));
        put("/api/v1/services/stubborn", """
                {"actions": ["stubborn"], "wanted": "start"}""");
        Await.untilCall(BOOT, () -> "running".equals(status("stubborn").path("state").asText()), "stubborn running");
        assertEquals(1, Procs.withMarker(marker).size(), "the stubborn process runs");

        backend.signal(supervisor.id(), Signals.SIGTERM);
        ExitStatus stopped = supervisor.exit().get(30, TimeUnit.SECONDS);
        assertEquals(0, stopped.exitCode(), "shutdown still exits 0: " + stopped + "\n" + tail());
        Await.until(() -> Procs.withMarker(marker).isEmpty(), "the stubborn process was SIGKILLed at the timeout");
        assertTrue(tail().contains("sent SIGKILL to 1 process group"), "the log says so:\n" + tail());
    }

    private RunningProcess launch() throws Exception {
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
        List<String> argv = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dquarkus.http.port=" + port, "-Dhero-proc.data-dir=" + dataDir));
        argv.addAll(extraArgs);
        argv.addAll(List.of("-jar", JAR.toString()));
        RunningProcess p = backend.spawn(new SpawnSpec(argv, env, dataDir, null, log));
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

    private void put(String path, String body) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, path + ": " + r.statusCode() + " " + r.body());
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

    private static JsonNode find(JsonNode runs, long id) {
        for (JsonNode r : runs) {
            if (r.path("id").asLong() == id) {
                return r;
            }
        }
        throw new AssertionError("run " + id + " not listed: " + runs);
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
