package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job's processes as one thing, in both containments: every member is counted and measured
 * together (escapees included), a stop ends all of them, and what a leader leaves behind is
 * stopped on its own.
 */
class JobProcessesTest {

    private static final ProcessBackend BACKEND = ProcessBackends.create("ffm");
    private static final String ESCAPER = "setsid -f sleep 1000; (setsid sleep 1000 &); "
            + "( i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; echo busy-done; exec sleep 1000 ) & exec sleep 1000";

    private static JobProcesses processes(String containment) {
        return new JobProcesses(BACKEND, Containments.create(containment, "test" + Long.toHexString(System.nanoTime()),
                BACKEND));
    }

    @ParameterizedTest
    @ValueSource(strings = { "auto", "tracking" })
    void membersAndUsageCoverEscapeesAndAStopEndsThemAll(String containment) throws Exception {
        JobProcesses processes = processes(containment);
        TestSupport.Capture output = new TestSupport.Capture();
        RunningProcess leader = processes.spawn(7, TestSupport.sh(ESCAPER, output));
        TestSupport.await("four processes, two in sessions of their own", () -> processes.members().containsKey(7L)
                && processes.members().get(7L).pids().size() == 4);
        TestSupport.await("busy loop done", () -> output.out().contains("busy-done"));

        JobMembers members = processes.members().get(7L);
        assertTrue(members.pids().contains(leader.pid()));
        assertEquals(4, members.usage().processCount());
        assertTrue(members.usage().cpuNanos() >= 10_000_000, "the busy child's CPU counts: " + members.usage());
        assertTrue(members.usage().rssBytes() > 4 * 4096, "rss " + members.usage());

        ExitStatus status = processes.stop(leader, 7, Signals.SIGTERM, Duration.ofSeconds(5)).get(20,
                TimeUnit.SECONDS);
        assertEquals(Signals.SIGTERM, status.signal(), "the leader's own end: " + status);
        assertFalse(processes.members().containsKey(7L), "no process of the job is left");
    }

    @ParameterizedTest
    @ValueSource(strings = { "auto", "tracking" })
    void whatALeaderLeavesBehindIsStoppedOnItsOwn(String containment) throws Exception {
        JobProcesses processes = processes(containment);
        RunningProcess leader = processes.spawn(8, TestSupport.sh("sleep 1000 & sleep 1000 & exit 3",
                OutputListener.DISCARD));
        assertEquals(3, leader.exit().get(20, TimeUnit.SECONDS).exitCode());
        TestSupport.await("two left behind", () -> processes.members().getOrDefault(8L, new JobMembers(8, java.util.List.of(),
                null)).pids().size() == 2);
        assertEquals(2, processes.stopLeftovers(8, Signals.SIGTERM, Duration.ofSeconds(5)).get(20, TimeUnit.SECONDS));
        assertFalse(processes.members().containsKey(8L));
        Map<Long, JobMembers> none = processes.members();
        assertFalse(none.containsKey(8L));
    }
}
