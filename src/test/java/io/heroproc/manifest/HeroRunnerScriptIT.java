package io.heroproc.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.process.ExitStatus;
import io.heroproc.process.OutputListener;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.Signals;
import io.heroproc.process.SpawnSpec;
import io.heroproc.process.StdStream;
import io.heroproc.supervisor.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/hero_runner.sh} end to end: the packaged supervisor is started on a free port
 * with its own data dir, the script drives the packaged CLI against it, and the service must then
 * run as 1 run with 2 jobs, the UI after the server. Everything is spawned with hero-proc's own
 * process backend (ProcessBuilder would race its reaper).
 */
class HeroRunnerScriptIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ProcessBackend backend;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> serverOutput = Collections.synchronizedList(new ArrayList<>());
    private RunningProcess server;
    private int port;

    @BeforeAll
    static void backend() throws IOException {
        Path main = Path.of("target", "classes", "io", "heroproc", "cli", "HeroProcMain.class");
        assumeTrue(Files.isRegularFile(JAR), "not packaged: " + JAR);
        assumeTrue(!Files.exists(main) || !Files.getLastModifiedTime(JAR).toInstant().isBefore(
                Files.getLastModifiedTime(main).toInstant()), "the packaged jar is older than the classes");
        backend = ProcessBackends.create("ffm");
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null && !server.exit().isDone()) {
            try {
                send("POST", "/api/v1/services/hero_runner/stop");
            } catch (IOException | RuntimeException e) {
                // the server is going away regardless
            }
            backend.signal(server.id(), Signals.SIGTERM);
            try {
                server.exit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                backend.signal(server.id(), Signals.SIGKILL);
            }
        }
    }

    /** Collects lines (both streams) into {@code sink}. */
    private record Collect(List<String> sink) implements OutputListener {
        @Override
        public void onLine(StdStream stream, byte[] line, boolean partial) {
            sink.add(stream + ": " + new String(line, StandardCharsets.UTF_8));
        }

        @Override
        public void onEnd(StdStream stream) {
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Map<String, String> baseEnv() {
        return Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "HOME",
                System.getProperty("java.io.tmpdir"));
    }

    @Test
    void theScriptDefinesRegistersAndStartsHeroRunner() throws Exception {
        Path dir = Files.createTempDirectory("hp-hero-runner-it");
        port = freePort();
        int appPort = freePort();
        Map<String, String> env = new java.util.HashMap<>(baseEnv());
        env.put("HERO_PROC_PORT", Integer.toString(port));
        env.put("HERO_PROC_DATA_DIR", dir.resolve("data").toString());
        server = backend.spawn(new SpawnSpec(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-jar",
                JAR.toString()), env, dir, null, new Collect(serverOutput)));
        Await.untilCall(BOOT, () -> {
            assertFalse(server.exit().isDone(), () -> "the server ended: " + tail());
            return send("GET", "/api/v1/services").statusCode() == 200;
        }, "the packaged server answers");

        Map<String, String> scriptEnv = new java.util.HashMap<>(baseEnv());
        scriptEnv.put("HERO_PROC_URL", "http://127.0.0.1:" + port);
        scriptEnv.put("HERO_RUNNER_PORT", Integer.toString(appPort));
        scriptEnv.put("HERO_PROC", java() + " --enable-native-access=ALL-UNNAMED -jar " + JAR);
        List<String> scriptOutput = Collections.synchronizedList(new ArrayList<>());
        RunningProcess script = backend.spawn(new SpawnSpec(List.of("bash", Path.of("examples", "hero_runner.sh")
                .toAbsolutePath().toString()), scriptEnv, dir, null, new Collect(scriptOutput)));
        ExitStatus done = script.exit().get(180, TimeUnit.SECONDS);
        assertEquals(0, done.exitCode(), () -> "the script failed: " + done + "\n" + String.join("\n", scriptOutput));

        Await.untilCall(BOOT, () -> {
            JsonNode s = get("/api/v1/services/hero_runner/status");
            return "running".equals(s.path("state").asText()) && s.path("pids").size() == 2;
        }, "hero_runner running with 2 jobs");
        JsonNode runs = get("/api/v1/runs?service=hero_runner");
        assertEquals(1, runs.size(), runs::toString);
        JsonNode jobs = get("/api/v1/jobs?service=hero_runner");
        assertEquals(2, jobs.size(), jobs::toString);
        JsonNode serverJob = byAction(jobs, "hero_runner_server");
        JsonNode uiJob = byAction(jobs, "hero_runner_ui");
        assertFalse(Instant.parse(uiJob.path("started_at").asText()).isBefore(
                Instant.parse(serverJob.path("started_at").asText())), jobs::toString);
        assertTrue(uiJob.path("id").asLong() > serverJob.path("id").asLong(), jobs::toString);
        JsonNode ui = get("/api/v1/actions/hero_runner_ui");
        assertEquals("hero_runner_server", ui.path("depends_on").get(0).path("action").asText());
        assertEquals("requires", ui.path("depends_on").get(0).path("condition").asText());
        Await.untilCall(BOOT, () -> get("/api/v1/services/hero_runner/logs").toString().contains(
                "ui: server answered 200"), "the UI reached the server");
    }

    private static JsonNode byAction(JsonNode jobs, String action) {
        for (JsonNode j : jobs) {
            if (action.equals(j.path("action").asText())) {
                return j;
            }
        }
        throw new AssertionError("no job of " + action + " in " + jobs);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path);
        assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String tail() {
        List<String> lines = List.copyOf(serverOutput);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
