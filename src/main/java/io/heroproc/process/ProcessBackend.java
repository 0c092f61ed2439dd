package io.heroproc.process;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Spawns, signals, stops and measures jobs. Every job runs in its own session and process group,
 * so signals and samples apply to the whole group (the job and everything it started that stayed
 * in its group). Methods taking a {@link ProcessId} also work for processes this instance did not
 * spawn (re-adopted after a supervisor restart); they all check the recorded start time first,
 * so a recycled pid is never signalled.
 */
public interface ProcessBackend {

    /** {@code "ffm"} or {@code "fallback"}. */
    String name();

    /** Starts a job; its output is delivered to {@code spec.output()} until both pipes reach EOF. */
    RunningProcess spawn(SpawnSpec spec) throws SpawnException;

    /**
     * Sends {@code signal} to the group; waits for the leader to exit and for the rest of the
     * group to leave, at most {@code grace} in all; then SIGKILLs whatever remains of the group.
     * Completes with the leader's exit status once the leader has exited and the group is empty.
     */
    CompletableFuture<ExitStatus> stop(RunningProcess process, int signal, Duration grace);

    /** Signals the whole group; a no-op if it is gone or the pid now belongs to another process. */
    void signal(ProcessId id, int signal);

    /** Whether the process is alive and still the one that was started (same start time). */
    boolean isAlive(ProcessId id);

    /**
     * Whether {@code process} is a child of ours whose exit the backend still waits for: then the
     * kernel keeps its pid for it and it is alive (or a zombie about to be reaped), known without
     * a look at {@code /proc}. False when the backend cannot tell.
     */
    default boolean awaitsExit(RunningProcess process) {
        return false;
    }

    /** Called for each reaped process that was not spawned here (an orphan handed to us). */
    void onOrphanReaped(Consumer<ReapedOrphan> listener);

    /**
     * Stops reaping once the jobs are gone, when the application that owns this backend shuts
     * down. It matters where one JVM hosts applications one after another (Quarkus tests): two
     * live {@code waitpid(-1)} loops would take each other's children.
     */
    default void close() {
    }
}
