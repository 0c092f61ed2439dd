package io.heroproc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.heroproc.process.ExitStatus;
import io.heroproc.process.OutputListener;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.Signals;
import io.heroproc.process.SpawnSpec;
import io.heroproc.process.StdStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, launched for real (through hero-proc's own process layer: ProcessBuilder
 * would race its reaper). A client command must answer without booting the server; no command
 * must still start it, and the packaged client must then talk to it.
 */
class PackagedCliIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static ProcessBackend backend;

    /**
     * Failsafe runs this after {@code package}. A surefire run that happens to match it (such as
     * {@code -Dtest='io.heroproc.cli.**'}) skips it when there is no jar, or one older than the
     * compiled classes: testing a stale jar would prove nothing.
     */
    @BeforeAll
    static void backend() throws Exception {
        Path main = Path.of("target", "classes", "io", "heroproc", "cli", "HeroProcMain.class");
        assumeTrue(Files.isRegularFile(JAR), "not packaged: " + JAR);
        assumeTrue(!Files.exists(main) || !Files.getLastModifiedTime(JAR).toInstant().isBefore(
                Files.getLastModifiedTime(main).toInstant()), "the packaged jar is older than the classes");
        backend = ProcessBackends.create("ffm");
    }

    @AfterAll
    static void noBackendLeftBehind() {
        backend = null;
    }

    /** Output lines per stream, and when both streams have ended. */
    private static final class Lines implements OutputListener {
        final List<String> out = Collections.synchronizedList(new ArrayList<>());
        final List<String> err = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch ended = new CountDownLatch(2);

        @Override
        public void onLine(StdStream stream, byte[] line, boolean partial) {
            (stream == StdStream.STDOUT ? out : err).add(new String(line, StandardCharsets.UTF_8));
        }

        @Override
        public void onEnd(StdStream stream) {
            ended.countDown();
        }
    }

    private record Ran(ExitStatus status, List<String> out, List<String> err, Duration took) {
    }

    private static RunningProcess start(Path cwd, Map<String, String> extraEnv, Lines lines, String... args)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        argv.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return backend.spawn(new SpawnSpec(argv, env, cwd, null, lines));
    }

    private static Ran run(Path cwd, Map<String, String> env, String... args) throws Exception {
        Lines lines = new Lines();
        long t0 = System.nanoTime();
        RunningProcess p = start(cwd, env, lines, args);
        ExitStatus status = p.exit().get(60, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(lines.ended.await(10, TimeUnit.SECONDS));
        return new Ran(status, List.copyOf(lines.out), List.copyOf(lines.err), took);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aClientCommandAnswersWithoutBootingTheServer() throws Exception {
        Path cwd = Files.createTempDirectory("hp-cli-it");
        String url = "http://127.0.0.1:" + freePort();
        Ran r = run(cwd, Map.of("HERO_PROC_URL", url), "service", "list");

        assertEquals(ExitStatus.exited(3, r.status().at()), r.status(), () -> "stderr: " + r.err());
        assertEquals(List.of("hero-proc: cannot reach hero-proc at " + url + " (connection refused)"), r.err());
        assertEquals(List.of(), r.out());
        // A booted server would have created its SQLite data dir here and logged its banner.
        assertFalse(Files.exists(cwd.resolve("data")), "the server stack was started");
        // Generous: a plain JVM start on a loaded build machine, not a Quarkus boot plus a database.
        assertTrue(r.took().toMillis() < 15_000, "took " + r.took());
    }

    @Test
    void unknownCommandsAndHelp() throws Exception {
        Path cwd = Files.createTempDirectory("hp-cli-it");
        Ran unknown = run(cwd, Map.of(), "frobnicate");
        assertEquals(2, unknown.status().exitCode());
        assertEquals(List.of("hero-proc: unknown command 'frobnicate' (see: hero-proc help)"), unknown.err());

        Ran help = run(cwd, Map.of(), "help");
        assertEquals(0, help.status().exitCode());
        assertTrue(help.out().getFirst().startsWith("Usage: hero-proc"), help.out().toString());
        assertFalse(Files.exists(cwd.resolve("data")));
    }

    @Test
    void noCommandStartsTheServerAndThePackagedClientTalksToIt() throws Exception {
        Path cwd = Files.createTempDirectory("hp-cli-it");
        int port = freePort();
        Map<String, String> serverEnv = Map.of("HERO_PROC_PORT", Integer.toString(port), "HERO_PROC_DATA_DIR",
                cwd.resolve("data").toString());
        Lines serverLines = new Lines();
        RunningProcess server = start(cwd, serverEnv, serverLines);
        try {
            Map<String, String> clientEnv = Map.of("HERO_PROC_URL", "http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            Ran list;
            do {
                assertFalse(server.exit().isDone(), () -> "the server ended: " + serverLines.out + serverLines.err);
                list = run(cwd, clientEnv, "service", "list");
            } while (list.status().exitCode() != null && list.status().exitCode() == 3
                    && System.nanoTime() < deadline);
            Ran answered = list;
            assertEquals(0, answered.status().exitCode(), () -> "stderr: " + answered.err());
            assertTrue(answered.out().getFirst().startsWith("NAME"), answered.out().toString());
            assertTrue(Files.isDirectory(cwd.resolve("data")), "the server keeps its database in its data dir");
        } finally {
            backend.stop(server, Signals.SIGTERM, Duration.ofSeconds(20)).get(40, TimeUnit.SECONDS);
        }
    }

    @Test
    void listeningOffLoopbackWithoutATokenIsRefusedAtStart() throws Exception {
        Path cwd = Files.createTempDirectory("hp-cli-it");
        Ran r = run(cwd, Map.of("HERO_PROC_HOST", "0.0.0.0", "HERO_PROC_PORT", Integer.toString(freePort()),
                "HERO_PROC_DATA_DIR", cwd.resolve("data").toString()));
        assertTrue(r.status().exitCode() != null && r.status().exitCode() != 0, "exit: " + r.status());
        String output = String.join("\n", r.out()) + String.join("\n", r.err());
        assertTrue(output.contains("refuses to listen on 0.0.0.0 without a token"), output);
        assertTrue(output.contains("HERO_PROC_TOKEN"), output);
    }
}
