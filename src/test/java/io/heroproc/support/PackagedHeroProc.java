package io.heroproc.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.process.OutputListener;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.Signals;
import io.heroproc.process.SpawnSpec;
import io.heroproc.supervisor.Await;
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
import java.util.Optional;

/**
 * The packaged jar (or the native binary under test, {@link #BINARY}) run by an integration test on
 * a data dir of its own, spawned with hero-proc's own process backend (so the test JVM is the
 * subreaper that inherits its orphans), and plain HTTP calls to it. Every launch appends the
 * supervisor's output to a {@code supervisor.log} of its own; {@link #tail()} shows its end in
 * failure messages.
 */
public final class PackagedHeroProc implements AutoCloseable {

    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    /**
     * The native binary to test instead of the jar, from {@code -Dhero-proc.binary=PATH}
     * (scripts/native-smoke, {@code ./mvnw verify -Dnative}); unset, the tests run the jar.
     */
    public static final Optional<Path> BINARY = Optional.ofNullable(System.getProperty("hero-proc.binary"))
            .filter(p -> !p.isBlank()).map(p -> Path.of(p).toAbsolutePath());
    public static final Duration BOOT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessBackend backend;
    private final List<String> properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<RunningProcess> launched = new ArrayList<>();
    private final Path dataDir;
    private final Path logFile;
    private final Map<String, String> extraEnv = new HashMap<>();
    private String token;
    private int port;

    /** {@code properties}: {@code -Dname=value} settings (e.g. {@code -Dhero-proc.supervisor.shutdown-timeout=2s}). */
    public PackagedHeroProc(ProcessBackend backend, String dataDirPrefix, String... properties) throws IOException {
        this(backend, Files.createTempDirectory(dataDirPrefix), properties);
    }

    /** On a data dir of the test's choosing (a small tmpfs, say); its own output goes elsewhere. */
    public PackagedHeroProc(ProcessBackend backend, Path dataDir, String... properties) throws IOException {
        assertTrue(Files.isRegularFile(artifact()), "package the app first: " + artifact());
        this.backend = backend;
        this.properties = List.of(properties);
        this.dataDir = dataDir;
        this.logFile = Files.createTempDirectory("hp-output").resolve("supervisor.log");
        this.port = freePort();
    }

    /**
     * Sets a variable in the environment of the next launches; {@code HERO_PROC_TOKEN} is also
     * sent as the bearer token of every call.
     */
    public PackagedHeroProc env(String name, String value) {
        extraEnv.put(name, value);
        if (name.equals("HERO_PROC_TOKEN")) {
            token = value;
        }
        return this;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** What the tests run: the native binary under test, else the packaged jar. */
    public static Path artifact() {
        return BINARY.orElse(JAR);
    }

    /**
     * The command line that starts hero-proc with {@code properties} ({@code -Dname=value}, which a
     * native binary takes too): the native binary under test, else the jar on this test's JDK.
     */
    public static List<String> command(List<String> properties) {
        List<String> argv = new ArrayList<>();
        if (BINARY.isPresent()) {
            argv.add(BINARY.get().toString());
            argv.addAll(properties);
            return argv;
        }
        // No perf-data file: a JVM that is PID 1 of its namespace would claim /tmp/hsperfdata_root/1,
        // which another namespace's PID 1 may hold, and warn about it on its output.
        argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "--enable-native-access=ALL-UNNAMED"));
        argv.addAll(properties);
        argv.addAll(List.of("-jar", JAR.toString()));
        return argv;
    }

    /** Starts the supervisor and waits until its API answers. */
    public RunningProcess launch() throws Exception {
        RunningProcess p = start();
        Await.untilCall(BOOT, () -> {
            if (p.exit().isDone()) {
                throw new AssertionError("the supervisor exited: " + p.exit().getNow(null) + "\n" + tail());
            }
            return send(HttpRequest.newBuilder(uri("/api/v1/services")).GET()).statusCode() == 200;
        }, "the supervisor answers on port " + port);
        return p;
    }

    /** Starts the supervisor, without waiting for anything. */
    public RunningProcess start() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("HERO_PROC_PORT");
        env.remove("HERO_PROC_DATA_DIR");
        env.putAll(extraEnv);
        OutputListener log = (stream, line, partial) -> {
            try {
                Files.write(logFile, (new String(line, StandardCharsets.UTF_8) + (partial ? "" : "\n"))
                        .getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        List<String> settings = new ArrayList<>(List.of("-Dquarkus.http.port=" + port,
                "-Dhero-proc.data-dir=" + dataDir));
        settings.addAll(properties);
        RunningProcess p = backend.spawn(new SpawnSpec(command(settings), env, dataDir, null, log));
        launched.add(p);
        return p;
    }

    /** The next launch listens on another free port. */
    public void newPort() throws IOException {
        port = freePort();
    }

    public JsonNode status(String service) throws Exception {
        return get("/api/v1/services/" + service + "/status");
    }

    public JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    public void post(String path, String body, int expected) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(expected, r.statusCode(), path + ": " + r.body());
    }

    /** A PUT answered 200 (replaced) or 201 (created). */
    public void put(String path, String body) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, path + ": " + r.statusCode() + " " + r.body());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpClient http() {
        return http;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Everything the supervisor printed so far. */
    public String output() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The last 40 lines the supervisor printed. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGKILLs every launch still running (a failed test must not leave a supervisor behind). */
    @Override
    public void close() {
        for (RunningProcess p : launched) {
            if (!p.exit().isDone()) {
                backend.signal(p.id(), Signals.SIGKILL);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
