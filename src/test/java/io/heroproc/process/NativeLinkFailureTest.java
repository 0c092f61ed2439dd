package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * In a native binary a downcall can still fail to link (a registration missing from
 * reachability-metadata.json, an image built without FFM): hero-proc must log it as an error and
 * run on the ProcessBuilder backend instead of dying, and must not have started the FFM reaper.
 */
class NativeLinkFailureTest {

    @Test
    void autoFallsBackLoudlyWhenTheFfmBackendCannotLinkOrCall() throws Exception {
        TestSupport.Capture output = new TestSupport.Capture();
        RunningProcess probe = ProcessBackends.create("ffm").spawn(new SpawnSpec(
                ChildJvm.command(NativeLinkFailureProbe.class), TestSupport.env(), Path.of("/tmp"), null, output));
        ExitStatus status = probe.exit().get(60, TimeUnit.SECONDS);
        output.awaitEnd();
        String diagnostics = "stdout " + output.out() + ", stderr " + String.join("\n", output.err());
        assertEquals(0, status.exitCode(), diagnostics);
        assertEquals(List.of(
                "ffm=MissingForeignRegistrationError",
                "unregistered=fallback",
                "noFfm=fallback",
                "firstCallFails=fallback",
                "reaperStarted=false",
                "fallbackSpawn=exit 3"), output.out(), diagnostics);

        List<String> errors = output.err().stream().filter(l -> l.startsWith("ERROR: FFM process backend unavailable"))
                .toList();
        assertEquals(3, errors.size(), diagnostics);
        assertTrue(errors.get(0).contains("org.graalvm.nativeimage.MissingForeignRegistrationError: Cannot perform "
                + "downcall"), diagnostics);
        assertTrue(errors.get(1).contains("UnsupportedFeatureError: Support for the Java Foreign Function"),
                diagnostics);
        assertTrue(errors.stream().allMatch(l -> l.contains("using the ProcessBuilder fallback")), diagnostics);
    }
}
