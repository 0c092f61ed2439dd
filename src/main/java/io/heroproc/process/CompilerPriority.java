package io.heroproc.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Lowers the CPU priority of the JVM's JIT compiler threads below that of the programs hero-proc
 * runs. Compiling is hero-proc's warm-up, not its job: on a two-core machine the C2 compiler,
 * busy for seconds after a start, took a quarter of a core from a program flooding its output
 * (measured here with {@code perf record}: 28% of the samples of hero-proc's threads during a
 * 200 MB flood, against 8% for the thread reading the flood). At nice {@value #NICE} a compiler
 * still gets about a tenth of a contended core, so hero-proc's own code is compiled on a busy
 * machine too. A native executable has no compiler threads: nothing to do.
 *
 * <p>Linux keeps a nice value per thread and lets any thread raise its own; the compiler threads
 * the JVM adds later are started by a compiler thread and inherit it.
 */
public final class CompilerPriority {

    private static final Logger LOG = Logger.getLogger(CompilerPriority.class);
    public static final int NICE = 10;
    private static final Path TASKS = Path.of("/proc/self/task");

    private CompilerPriority() {
    }

    /** The compiler threads found and lowered (0 without a JIT, or where FFM or /proc is not there). */
    public static int lower() {
        Libc libc;
        try {
            libc = Libc.get();
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf("compiler threads keep their priority: libc is not linked (%s)", e);
            return 0;
        }
        int lowered = 0;
        try (Arena arena = Arena.ofConfined();
                DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            MemorySegment callState = libc.newCallState(arena);
            for (Path task : tasks) {
                if (!isCompiler(task)) {
                    continue;
                }
                int tid = Integer.parseInt(task.getFileName().toString());
                if (libc.setpriority(callState, Libc.PRIO_PROCESS, tid, NICE) == 0) {
                    lowered++;
                } else {
                    LOG.debugf("cannot lower the priority of compiler thread %d: errno %d", tid, libc.errno(callState));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("compiler threads keep their priority: %s", e);
        }
        return lowered;
    }

    /** HotSpot names them "C1 CompilerThread0", "C2 CompilerThread0"...; the kernel keeps 15 characters. */
    static boolean isCompiler(Path task) {
        try {
            return Files.readString(task.resolve("comm")).contains("CompilerThre");
        } catch (IOException e) {
            // The thread ended meanwhile.
            return false;
        }
    }
}
