package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One /proc scan samples many jobs, each summed over its own group, as single samples would. */
class BulkSampleTest {

    private final ProcessBackend backend = ProcessBackends.create("ffm");

    @Test
    void sampleAllMatchesSampleForEveryGroupAndLeavesOutTheGone() throws Exception {
        RunningProcess two = backend.spawn(TestSupport.sh("sleep 1000 & sleep 1000", OutputListener.DISCARD));
        RunningProcess three = backend.spawn(TestSupport.sh("sleep 1000 & sleep 1000 & sleep 1000",
                OutputListener.DISCARD));
        RunningProcess gone = backend.spawn(TestSupport.sh("exit 0", OutputListener.DISCARD));
        gone.exit().get(20, TimeUnit.SECONDS);
        // The shell may exec its last command: count the members rather than assume them.
        TestSupport.await("all members up", () -> TestSupport.inGroup(two.id().pgid()).size() >= 2
                && TestSupport.inGroup(three.id().pgid()).size() >= 3);

        Map<ProcessId, ResourceSample> samples = backend.sampleAll(List.of(two.id(), three.id(), gone.id()));

        assertEquals(TestSupport.inGroup(two.id().pgid()).size(), samples.get(two.id()).processCount());
        assertEquals(TestSupport.inGroup(three.id().pgid()).size(), samples.get(three.id()).processCount());
        assertEquals(backend.sample(two.id()).orElseThrow().rssBytes(), samples.get(two.id()).rssBytes(),
                Math.max(1, samples.get(two.id()).rssBytes() / 10.0));
        assertFalse(samples.containsKey(gone.id()), "a job that is gone has no sample");

        backend.stop(two, Signals.SIGKILL, Duration.ZERO).get(20, TimeUnit.SECONDS);
        backend.stop(three, Signals.SIGKILL, Duration.ZERO).get(20, TimeUnit.SECONDS);
    }
}
