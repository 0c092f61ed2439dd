package io.heroproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CompilerPriorityTest {

    @Test
    void theJitCompilerThreadsAndOnlyThemGiveWayToThePrograms() throws IOException {
        Path self = Path.of("/proc/thread-self");
        int niceBefore = nice(self);

        int lowered = CompilerPriority.lower();

        List<Path> compilers = tasks().filter(CompilerPriority::isCompiler).toList();
        assertTrue(!compilers.isEmpty(), "a JVM with a JIT has compiler threads");
        assertEquals(compilers.size(), lowered, "every compiler thread lowered");
        for (Path compiler : compilers) {
            assertEquals(CompilerPriority.NICE, nice(compiler), "nice of " + compiler);
        }
        // Not the process: this thread (and the spawning ones, whose children inherit it) keeps its own.
        assertEquals(niceBefore, nice(self));
        assertTrue(tasks().filter(t -> !CompilerPriority.isCompiler(t)).anyMatch(t -> nice(t) == niceBefore),
                "the other threads keep theirs");
    }

    private static Stream<Path> tasks() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.toList().stream();
        }
    }

    /** Field 19 of /proc/.../stat, counted after the command name in parentheses. */
    private static int nice(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
