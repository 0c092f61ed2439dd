package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class ProcessBackendsTest {

    @Test
    void autoPicksFfmWhenItLinks() {
        assertEquals("ffm", ProcessBackends.create("auto").name());
        assertEquals("fallback", ProcessBackends.create("fallback").name());
        assertThrows(IllegalArgumentException.class, () -> ProcessBackends.create("posix"));
    }

    @Test
    void signalNamesAndNumbers() {
        assertEquals(15, Signals.number("TERM"));
        assertEquals(9, Signals.number("SIGKILL"));
        assertEquals(1, Signals.number("1"));
        assertEquals("SIGHUP", Signals.name(1));
        assertThrows(IllegalArgumentException.class, () -> Signals.number("NOPE"));
    }

    /** The FFM reaper takes every child of the JVM: the JDK's own process API would see wrong exits. */
    @Test
    void noProcessBuilderOutsideTheFallbackBackend() throws IOException {
        Path fallback = Path.of("src/main/java/io/heroproc/process/FallbackProcessBackend.java");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<Path> offenders = files.filter(f -> f.toString().endsWith(".java") && !f.equals(fallback))
                    .filter(ProcessBackendsTest::startsProcesses).toList();
            assertTrue(offenders.isEmpty(), "ProcessBuilder / Runtime.exec used in " + offenders);
        }
    }

    private static boolean startsProcesses(Path file) {
        try {
            String code = Files.readString(file);
            return code.contains("new ProcessBuilder") || code.contains("Runtime.getRuntime().exec");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
