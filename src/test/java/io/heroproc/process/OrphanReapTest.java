package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class OrphanReapTest {

    private final ProcessBackend backend = ProcessBackends.create("ffm");

    @Test
    void doubleForkedOrphansAreReaped() throws Exception {
        Map<Long, ExitStatus> orphans = new ConcurrentHashMap<>();
        backend.onOrphanReaped(o -> orphans.put(o.pid(), o.status()));
        TestSupport.Capture output = new TestSupport.Capture();
        // The subshell starts a grandchild and exits at once: the grandchild is orphaned.
        RunningProcess p = backend.spawn(TestSupport.sh(
                "( sh -c 'sleep 0.3; exit 3' & echo $! ); ( sleep 0.2 & echo $! ); exit 0", output));
        assertEquals(0, p.exit().get(20, TimeUnit.SECONDS).exitCode());
        output.awaitEnd();
        long first = Long.parseLong(output.out().get(0));
        long second = Long.parseLong(output.out().get(1));
        TestSupport.await("both orphans reaped", () -> orphans.containsKey(first) && orphans.containsKey(second));
        assertEquals(3, orphans.get(first).exitCode());
        assertEquals(0, orphans.get(second).exitCode());
        TestSupport.await("no zombie children", () -> TestSupport.ourZombies().isEmpty());
    }
}
