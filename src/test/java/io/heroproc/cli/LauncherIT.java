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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/hero-proc} where the {@code java} on PATH is 17, as on the build machines (the
 * README's old {@code alias hero-proc='java ... -jar'} failed there with
 * UnsupportedClassVersionError): it must find JDK 25 itself, serve, and answer client commands
 * through its AOT-cached client path.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("scripts", "hero-proc").toAbsolutePath();
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin");
    private static ProcessBackend backend;

    @BeforeAll
    static void backend() {
        assumeTrue(Files.isRegularFile(JAR), "not packaged: " + JAR);
        assumeTrue(Files.isExecutable(JAVA_17.resolve("java")), "no JDK 17 to put first on PATH");
        backend = ProcessBackends.create("ffm");
    }

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

    private record Ran(ExitStatus status, List<String> out, List<String> err) {
    }

    /** The launcher with a PATH whose java is 17 and no JAVA_HOME. */
    private static RunningProcess start(Map<String, String> extraEnv, Lines lines, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString()));
        argv.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("PATH", JAVA_17 + ":/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", System.getProperty("java.io.tmpdir"));
        return backend.spawn(new SpawnSpec(argv, env, Path.of(".").toAbsolutePath(), null, lines));
    }

    private static Ran run(Map<String, String> env, String... args) throws Exception {
        Lines lines = new Lines();
        ExitStatus status = start(env, lines, args).exit().get(120, TimeUnit.SECONDS);
        assertTrue(lines.ended.await(10, TimeUnit.SECONDS));
        return new Ran(status, List.copyOf(lines.out), List.copyOf(lines.err));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void findsJdk25WhenPathJavaIs17AndAnswersFromItsCache() throws Exception {
        Path dir = Files.createTempDirectory("hp-launcher-it");
        Path cache = dir.resolve("cli.aot");
        Map<String, String> client = new HashMap<>(Map.of("HERO_PROC_CLI_CACHE", cache.toString()));

        Ran version = run(client, "--version");
        assertEquals(0, version.status().exitCode(), () -> "stderr: " + version.err());
        assertTrue(version.out().getFirst().startsWith("hero-proc "), version.out().toString());
        assertTrue(Files.size(cache) > 0, "the first call trains the client's AOT cache");
        assertFalse(Files.exists(dir.resolve("cli.aot.config")), "training leftovers are removed");

        int port = freePort();
        Lines serverLines = new Lines();
        RunningProcess server = start(Map.of("HERO_PROC_PORT", Integer.toString(port), "HERO_PROC_DATA_DIR",
                dir.resolve("data").toString(), "HERO_PROC_MANIFEST", ""), serverLines, "serve");
        try {
            client.put("HERO_PROC_URL", "http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            Ran list;
            do {
                assertFalse(server.exit().isDone(), () -> "the server ended: " + serverLines.out + serverLines.err);
                list = run(client, "service", "list");
            } while (list.status().exitCode() != null && list.status().exitCode() == 3
                    && System.nanoTime() < deadline);
            Ran empty = list;
            assertEquals(0, empty.status().exitCode(), () -> "stderr: " + empty.err());
            assertEquals(List.of("NAME  STATE  WANTED  PIDS  RESTARTS  REASON"), empty.out());
            // The cached client must not print the JVM's own AOT notes on either stream.
            assertEquals(List.of(), empty.err());

            Ran quick = run(client, "quick", "napper", "--no-start", "--", "sleep", "1000");
            assertEquals(0, quick.status().exitCode(), () -> "stderr: " + quick.err());
            Ran status = run(client, "--json", "service", "status", "napper");
            assertEquals(0, status.status().exitCode(), () -> "stderr: " + status.err());
            assertTrue(String.join("\n", status.out()).contains("\"name\" : \"napper\""), status.out().toString());
        } finally {
            backend.stop(server, Signals.SIGTERM, Duration.ofSeconds(20)).get(40, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientCallWithoutCacheStillWorks() throws Exception {
        Ran r = run(Map.of("HERO_PROC_CLI_CACHE", "off", "HERO_PROC_URL", "http://127.0.0.1:" + freePort()),
                "service", "list");
        assertEquals(3, r.status().exitCode(), () -> "stderr: " + r.err());
        assertTrue(r.err().getFirst().contains("connection refused"), r.err().toString());
    }
}
