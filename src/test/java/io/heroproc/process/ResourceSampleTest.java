package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ResourceSampleTest {

    private final ProcessBackend backend = ProcessBackends.create("ffm");

    @Test
    void sampleSumsTheWholeGroup() throws Exception {
        TestSupport.Capture output = new TestSupport.Capture();
        // A busy loop in a background subshell: its CPU time only shows if members are summed.
        RunningProcess p = backend.spawn(TestSupport.sh(
                "( i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; echo done; exec sleep 1000 ) & sleep 1000", output));
        TestSupport.await("busy loop done", () -> output.out().contains("done"));
        TestSupport.await("three members", () -> backend.sample(p.id()).map(ResourceSample::processCount).orElse(0) == 3);

        ResourceSample sample = backend.sample(p.id()).orElseThrow();
        assertTrue(sample.cpuNanos() >= 10_000_000, "cpu " + sample.cpuNanos());
        assertTrue(sample.rssBytes() > 3 * 4096, "rss " + sample.rssBytes());

        backend.stop(p, Signals.SIGTERM, Duration.ofSeconds(5)).get(20, TimeUnit.SECONDS);
        assertEquals(java.util.Optional.empty(), backend.sample(p.id()));
    }
}
