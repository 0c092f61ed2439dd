package io.heroproc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.heroproc.process.ExitStatus;
import io.heroproc.process.OutputListener;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.SpawnSpec;
import io.heroproc.process.StdStream;
import io.heroproc.supervisor.Await;
import io.heroproc.support.PackagedHeroProc;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hero-proc as PID 1 of a new PID namespace ({@code unshare --pid --fork --mount-proc}), started
 * from a manifest, the way a container runs it: it reaps orphans, stops in reverse dependency
 * order on SIGTERM and exits 0, and exits with an essential service's status when that ends.
 * The packaged jar, or the native binary under test (scripts/native-smoke).
 */
class ContainerModeIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static ProcessBackend backend;

    @BeforeAll
    static void requirements() {
        assumeTrue(Files.isRegularFile(PackagedHeroProc.artifact()), "not packaged: " + PackagedHeroProc.artifact());
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "unshare is missing");
        assumeTrue("root".equals(System.getProperty("user.name")), "a new PID namespace needs root");
        backend = ProcessBackends.create("ffm");
    }

    private record Pid1(RunningProcess unshare, List<String> output, Path data) {
    }

    private static Pid1 boot(String manifest) throws Exception {
        Path dir = Files.createTempDirectory("hp-pid1");
        Path file = dir.resolve("manifest.yaml");
        Files.writeString(file, manifest);
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HERO_PROC_MANIFEST", file.toString());
        env.put("HERO_PROC_DATA_DIR", dir.resolve("data").toString());
        env.put("HERO_PROC_PORT", Integer.toString(freePort()));
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        OutputListener lines = (StdStream stream, byte[] line, boolean partial) -> output.add(
                new String(line, StandardCharsets.UTF_8));
        List<String> argv = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc"));
        argv.addAll(PackagedHeroProc.command(List.of()));
        RunningProcess unshare = backend.spawn(new SpawnSpec(argv, env, dir, null, lines));
        return new Pid1(unshare, output, dir.resolve("data"));
    }

    /** The host pid of the namespace's PID 1: the child of unshare. */
    private static long pid1(RunningProcess unshare) throws Exception {
        Await.until(WAIT, () -> childOf(unshare.pid()).isPresent(), "unshare's child");
        return childOf(unshare.pid()).orElseThrow();
    }

    private static Optional<Long> childOf(long parent) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> stat(p).map(f -> f[3].equals(Long.toString(parent))).orElse(false))
                    .map(p -> Long.valueOf(p.getFileName().toString())).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Zombie children of {@code parent}: what a PID 1 that does not reap leaves behind. */
    private static long zombiesOf(long parent) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(ContainerModeIT::stat).flatMap(Optional::stream)
                    .filter(f -> f[3].equals(Long.toString(parent)) && f[2].equals("Z")).count();
        }
    }

    /** Fields of /proc/PID/stat after the command name: [pid, comm, state, ppid, ...]. */
    private static Optional<String[]> stat(Path proc) {
        try {
            String s = Files.readString(proc.resolve("stat"));
            int close = s.lastIndexOf(')');
            String[] rest = s.substring(close + 2).split(" ");
            return Optional.of(new String[] {s.substring(0, s.indexOf(' ')), "", rest[0], rest[1]});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean logged(Pid1 p, String text) {
        synchronized (p.output()) {
            return p.output().stream().anyMatch(l -> l.contains(text));
        }
    }

    @Test
    void reapsOrphansAndStopsInReverseOrderOnSigterm() throws Exception {
        Pid1 p = boot("""
                actions:
                  db: {interpreter: sh, script: "(sleep 0.3 &); (sleep 0.6 &); exec sleep 1000"}
                  app: {interpreter: sh, script: "exec sleep 1000"}
                services:
                  db: {actions: [db]}
                  app: {actions: [app], requires: [db]}
                """);
        long pid1 = pid1(p.unshare());
        Await.until(WAIT, () -> logged(p, "app: run"), "both services started");
        Await.until(WAIT, () -> logged(p, "reaped orphan"), "orphans reaped by PID 1");
        Await.untilCall(WAIT, () -> zombiesOf(pid1) == 0, "no zombie left under PID 1");

        // PID 1 does not lead a process group of its own here, so no group signal: kill(1) its pid.
        backend.spawn(new SpawnSpec(List.of("kill", "-TERM", Long.toString(pid1)),
                Map.of("PATH", "/usr/bin:/bin"), Path.of("/"), null, OutputListener.DISCARD)).exit()
                .get(10, TimeUnit.SECONDS);
        ExitStatus status = p.unshare().exit().get(90, TimeUnit.SECONDS);

        assertEquals(ExitStatus.exited(0, status.at()), status, () -> "output: " + p.output());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + p.data().resolve("hero-proc.db"));
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT service, ended_at, signal FROM jobs WHERE service IN ('db', 'app') ORDER BY id")) {
            Map<String, Long> ended = new HashMap<>();
            while (rs.next()) {
                ended.put(rs.getString(1), rs.getLong(2));
                assertEquals(15, rs.getInt(3), rs.getString(1) + " was stopped with SIGTERM");
            }
            assertTrue(ended.get("app") <= ended.get("db"), "app (which requires db) stops first: " + ended);
        }
    }

    @Test
    void exitsWithTheStatusOfAnEssentialServiceThatEnded() throws Exception {
        Pid1 p = boot("""
                actions:
                  steady: {script: "sleep 1000"}
                  job: {interpreter: sh, kind: oneshot, script: "echo job-out; echo job-err >&2; sleep 0.5; exit 3"}
                services:
                  steady: {actions: [steady]}
                  job: {actions: [job], essential: true, restart: {policy: never}}
                """);
        ExitStatus status = p.unshare().exit().get(90, TimeUnit.SECONDS);
        assertEquals(ExitStatus.exited(3, status.at()), status, () -> "output: " + p.output());
        assertTrue(logged(p, "essential service job ended for good"), () -> "output: " + p.output());
        // As PID 1, hero-proc copies its jobs' output to its own (what docker logs shows), even
        // when the job's end is also hero-proc's.
        synchronized (p.output()) {
            assertTrue(p.output().contains("job/job | job-out"), () -> "stdout copied: " + p.output());
            assertTrue(p.output().contains("job/job ! job-err"), () -> "stderr copied, marked: " + p.output());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
