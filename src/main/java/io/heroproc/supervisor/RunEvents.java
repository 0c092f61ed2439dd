package io.heroproc.supervisor;

/** What a run needs from the services around it; implemented by the {@link Reconciler}. */
interface RunEvents {

    /** Null when every required service is ready; else why the run waits or cannot go on. */
    Requirement requirement(LiveRun run);

    /** Whether the service may still restart failed jobs (it is not stopped, ignored or deleted). */
    boolean restartAllowed(LiveRun run);

    /** Whether this run has services depending on it that are still live (they stop first). */
    boolean hasLiveDependents(LiveRun run);

    void runReady(LiveRun run);

    void runEnded(LiveRun run);

    /** Why a run cannot start its jobs yet ({@code fatal}: and never will). */
    record Requirement(String reason, boolean fatal) {
    }
}
