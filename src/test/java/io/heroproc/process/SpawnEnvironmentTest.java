package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnEnvironmentTest {

    private final ProcessBackend backend = ProcessBackends.create("ffm");

    private TestSupport.Capture run(SpawnSpec spec) throws Exception {
        RunningProcess p = backend.spawn(spec);
        assertEquals(0, p.exit().get(20, TimeUnit.SECONDS).exitCode(), "exit of " + spec.argv());
        return ((TestSupport.Capture) spec.output()).awaitEnd();
    }

    private TestSupport.Capture sh(String script) throws Exception {
        return run(TestSupport.sh(script, new TestSupport.Capture()));
    }

    @Test
    void childSeesOnlyStandardDescriptors() throws Exception {
        assertEquals(List.of("0", "1", "2"), sh("ls /proc/$$/fd").out());
    }

    @Test
    void parentKeepsNoDescriptorOfFinishedJobs() throws Exception {
        sh("true"); // the first spawn opens the output poller's epoll and eventfd, which stay
        long before = openDescriptors();
        for (int i = 0; i < 20; i++) {
            sh("echo " + i + "; echo " + i + " >&2");
        }
        TestSupport.await("descriptors back to " + before, () -> openDescriptors() <= before);
    }

    private static long openDescriptors() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void stdinIsDevNull() throws Exception {
        assertEquals(List.of("/dev/null"), sh("readlink /proc/$$/fd/0").out());
    }

    @Test
    void childHasItsOwnSessionAndGroup() throws Exception {
        ProcStat stat = ProcStat.parse(sh("cat /proc/$$/stat").out().getFirst());
        assertEquals(stat.pid(), stat.session());
        assertEquals(stat.pid(), stat.pgrp());
    }

    @Test
    void signalMaskAndIgnoredSignalsAreReset() throws Exception {
        // Run directly, not under a shell: a shell blocks signals around its own waits.
        TestSupport.Capture out = run(new SpawnSpec(List.of("grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"),
                TestSupport.env(), Path.of("/"), null, new TestSupport.Capture()));
        assertEquals(List.of("SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"), out.out());
    }

    @Test
    void envIsExactlyTheGivenOne(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("PATH", TestSupport.env().get("PATH"), "GREETING", "hello world");
        TestSupport.Capture out = run(new SpawnSpec(List.of("env"), env, dir, null, new TestSupport.Capture()));
        assertEquals(List.of("GREETING=hello world", "PATH=" + env.get("PATH")), out.out().stream().sorted().toList());
    }

    @Test
    void cwdIsApplied(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\npwd\n");
        dir.resolve("script.sh").toFile().setExecutable(true);
        TestSupport.Capture out = run(new SpawnSpec(List.of("./script.sh"), TestSupport.env(), dir, null,
                new TestSupport.Capture()));
        assertEquals(List.of(dir.toRealPath().toString()), out.out());
    }

    @Test
    void nonexistentCommandIsAClearError() {
        SpawnException e = assertThrows(SpawnException.class, () -> backend.spawn(new SpawnSpec(
                List.of("no-such-command-xyz"), TestSupport.env(), Path.of("/tmp"), null, OutputListener.DISCARD)));
        assertTrue(e.getMessage().startsWith("command not found: no-such-command-xyz"), e.getMessage());
    }

    @Test
    void nonexistentCwdIsAClearError() {
        SpawnException e = assertThrows(SpawnException.class, () -> backend.spawn(new SpawnSpec(
                List.of("true"), TestSupport.env(), Path.of("/no/such/dir"), null, OutputListener.DISCARD)));
        assertTrue(e.getMessage().contains("/no/such/dir"), e.getMessage());
    }

    @Test
    void nonExecutableFileIsAClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("data"), "x");
        SpawnException e = assertThrows(SpawnException.class, () -> backend.spawn(new SpawnSpec(
                List.of("./data"), TestSupport.env(), dir, null, OutputListener.DISCARD)));
        assertTrue(e.getMessage().contains("not executable"), e.getMessage());
    }

    @Test
    void scriptWithoutInterpreterLineReportsErrno(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("bad"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 0, 0});
        dir.resolve("bad").toFile().setExecutable(true);
        SpawnException e = assertThrows(SpawnException.class, () -> backend.spawn(new SpawnSpec(
                List.of("./bad"), TestSupport.env(), dir, null, OutputListener.DISCARD)));
        assertTrue(e.getMessage().contains("errno 8"), e.getMessage());
    }

    @Test
    void runsAsAnotherUserWhenRoot() throws Exception {
        assumeTrue(ProcStat.effectiveUid() == 0, "needs root");
        TestSupport.Capture out = run(new SpawnSpec(List.of("sh", "-c", "id -u; id -g; ls /proc/$$/fd"),
                TestSupport.env(), Path.of("/"), "nobody", new TestSupport.Capture()));
        assertEquals(List.of("65534", "65534", "0", "1", "2"), out.out());
    }

    @Test
    void anotherUserNeedsRoot() {
        SpawnException e = assertThrows(SpawnException.class,
                () -> UserSwitch.wrap(List.of("true"), "nobody", 1000));
        assertTrue(e.getMessage().contains("not running as root"), e.getMessage());
        assertThrows(SpawnException.class, () -> UserSwitch.wrap(List.of("true"), "no-such-user-xyz", 0));
    }
}
