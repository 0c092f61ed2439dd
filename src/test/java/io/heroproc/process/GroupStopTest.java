package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class GroupStopTest {

    private final ProcessBackend backend = ProcessBackends.create("ffm");

    @Test
    void manyStopsAtOnceEachEndWithTheirSignal() throws Exception {
        // All stops share one /proc scan per tick (GroupWatch); each must still see its own group leave.
        java.util.List<RunningProcess> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            jobs.add(backend.spawn(TestSupport.sh("sleep 1000 & sleep 1000", new TestSupport.Capture())));
        }
        for (RunningProcess p : jobs) {
            TestSupport.await("pid " + p.pid() + " and its child", () -> TestSupport.inGroup(p.id().pgid()).size() >= 2);
        }
        java.util.List<java.util.concurrent.CompletableFuture<ExitStatus>> stops = jobs.stream()
                .map(p -> backend.stop(p, Signals.SIGTERM, Duration.ofSeconds(30))).toList();
        for (int i = 0; i < jobs.size(); i++) {
            assertEquals(15, stops.get(i).get(20, TimeUnit.SECONDS).signal(), "stopped by SIGTERM, not SIGKILL");
            assertTrue(TestSupport.inGroup(jobs.get(i).id().pgid()).isEmpty(), "group of job " + i + " empty");
        }
    }

    @Test
    void stopTakesDownChildAndGrandchildren() throws Exception {
        TestSupport.Capture output = new TestSupport.Capture();
        RunningProcess p = backend.spawn(TestSupport.sh(
                "sleep 1000 & ( sleep 1000; echo never ) & echo ready; sleep 1000", output));
        long pgid = p.id().pgid();
        assertEquals(p.pid(), pgid);
        TestSupport.await("ready", () -> output.out().contains("ready"));
        TestSupport.await("grandchildren running", () -> TestSupport.inGroup(pgid).size() >= 4);

        ExitStatus status = backend.stop(p, Signals.SIGTERM, Duration.ofSeconds(5)).get(20, TimeUnit.SECONDS);

        assertEquals(15, status.signal());
        TestSupport.await("group " + pgid + " empty", () -> TestSupport.inGroup(pgid).isEmpty());
    }

    @Test
    void membersThatOutliveTheLeaderAreKilled() throws Exception {
        TestSupport.Capture output = new TestSupport.Capture();
        RunningProcess p = backend.spawn(TestSupport.sh(
                "( trap '' TERM; sleep 1000 ) & echo ready; sleep 1000", output));
        long pgid = p.id().pgid();
        TestSupport.await("ready", () -> output.out().contains("ready"));
        TestSupport.await("members running", () -> TestSupport.inGroup(pgid).size() >= 3);

        ExitStatus status = backend.stop(p, Signals.SIGTERM, Duration.ofMillis(500)).get(20, TimeUnit.SECONDS);

        assertEquals(15, status.signal(), "the leader itself died of SIGTERM");
        TestSupport.await("group " + pgid + " empty", () -> TestSupport.inGroup(pgid).isEmpty());
    }

    @Test
    void childIgnoringTermIsKilledAfterGrace() throws Exception {
        TestSupport.Capture output = new TestSupport.Capture();
        RunningProcess p = backend.spawn(TestSupport.sh(
                "trap '' TERM; echo ready; while :; do sleep 0.1; done", output));
        TestSupport.await("ready", () -> output.out().contains("ready"));

        ExitStatus status = backend.stop(p, Signals.SIGTERM, Duration.ofMillis(500)).get(20, TimeUnit.SECONDS);

        assertEquals(9, status.signal());
        TestSupport.await("group empty", () -> TestSupport.inGroup(p.id().pgid()).isEmpty());
    }

    @Test
    void stoppingAnExitedProcessReturnsItsStatus() throws Exception {
        RunningProcess p = backend.spawn(TestSupport.sh("exit 4", OutputListener.DISCARD));
        p.exit().get(20, TimeUnit.SECONDS);
        assertEquals(4, backend.stop(p, Signals.SIGTERM, Duration.ofSeconds(1)).get(20, TimeUnit.SECONDS).exitCode());
    }

    @Test
    void recycledPidIsNeitherAliveNorSignalled() throws Exception {
        RunningProcess p = backend.spawn(TestSupport.sh("sleep 1000", OutputListener.DISCARD));
        TestSupport.await("alive", () -> backend.isAlive(p.id()));
        ProcessId impostor = new ProcessId(p.pid(), p.id().pgid(), p.id().startTimeTicks() + 1);

        assertFalse(backend.isAlive(impostor));
        backend.signal(impostor, Signals.SIGKILL);

        assertTrue(backend.isAlive(p.id()), "a stale start time must not reach the process");
        backend.signal(p.id(), Signals.SIGKILL);
        assertEquals(9, p.exit().get(20, TimeUnit.SECONDS).signal());
        assertFalse(backend.isAlive(p.id()));
    }
}
