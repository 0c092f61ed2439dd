package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class Pid1Test {

    private final ProcessBackend backend = ProcessBackends.create("ffm");

    @Test
    void asPid1OrphansAreReapedAndSigtermIsHandled() throws Exception {
        assumeTrue(Executables.find("unshare", Executables.DEFAULT_PATH, Path.of("/")).isPresent(), "no unshare");
        assumeTrue(ProcStat.effectiveUid() == 0, "unshare --pid needs root");
        TestSupport.Capture output = new TestSupport.Capture();
        RunningProcess unshare = backend.spawn(new SpawnSpec(
                ChildJvm.command(Pid1Probe.class, "unshare", "--pid", "--fork", "--mount-proc"),
                TestSupport.env(), Path.of("/tmp"), null, output));
        TestSupport.await("probe ready (stdout " + output.out() + ", stderr " + output.err() + ")",
                () -> output.out().contains("ready") || unshare.exit().isDone());

        // unshare blocks SIGTERM while it waits; the probe is its child in our PID namespace.
        ProcStat probe = ProcStat.all().stream().filter(s -> s.ppid() == unshare.pid()).findFirst().orElseThrow();
        backend.signal(new ProcessId(probe.pid(), probe.pgrp(), probe.startTime()), Signals.SIGTERM);

        ExitStatus status = unshare.exit().get(30, TimeUnit.SECONDS);
        output.awaitEnd();
        assertEquals(0, status.exitCode(), "stdout " + output.out() + ", stderr " + output.err());
        List<String> lines = List.copyOf(output.out());
        // Besides the two double-forked orphans, the stopped service's sleep may outlive its shell.
        assertTrue(lines.containsAll(List.of("orphan exit 0", "orphan exit 7")), "orphans reaped by PID 1: " + lines);
        assertEquals(List.of("pid 1", "forker exit 0", "orphans reaped true", "ready", "stopped signal 15 (SIGTERM)",
                "zombies 0"), lines.stream().filter(l -> !l.startsWith("orphan ")).toList());
    }
}
