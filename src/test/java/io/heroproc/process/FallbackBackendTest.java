package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class FallbackBackendTest {

    @Test
    void fallbackBackendWorksWithinItsDocumentedLimits() throws Exception {
        TestSupport.Capture output = new TestSupport.Capture();
        RunningProcess probe = ProcessBackends.create("ffm").spawn(new SpawnSpec(ChildJvm.command(FallbackProbe.class),
                TestSupport.env(), Path.of("/tmp"), null, output));
        ExitStatus status = probe.exit().get(60, TimeUnit.SECONDS);
        output.awaitEnd();
        assertEquals(0, status.exitCode(), "stdout " + output.out() + ", stderr " + output.err());
        assertEquals(List.of(
                "name=fallback",
                "exit3=exit 3",
                "selfTerm=exit 143",
                "out=/usr,bar,0,1,2",
                "err=e",
                "leadsGroup=true",
                "stop=signal 15 (SIGTERM)",
                "groupLeft=0",
                "stubborn=signal 9 (SIGKILL)",
                "missing=true"), output.out());
    }
}
