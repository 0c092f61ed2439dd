package io.heroproc.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines that run a probe main of this package in a fresh JVM (through the backend). */
final class ChildJvm {

    private ChildJvm() {
    }

    static List<String> command(Class<?> main, String... prefix) {
        List<String> argv = new ArrayList<>(List.of(prefix));
        // No perf-data file: a JVM that is PID 1 of its namespace would claim /tmp/hsperfdata_root/1,
        // which another namespace's PID 1 may hold, and warn about it on its output.
        argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), main.getName()));
        return argv;
    }

    /** Prints and flushes at once: the parent test reads these lines while the probe runs. */
    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
