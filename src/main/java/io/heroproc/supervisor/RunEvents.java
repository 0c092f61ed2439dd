package io.heroproc.supervisor;

/** What a run needs from the services around it; implemented by the {@link Reconciler}. */
interface RunEvents {

    /**
     * Starts the services the run requires that are not up yet; answers null when every one is
     * ready, else why the run waits (or, {@code fatal}, can never go on).
     */
    Requirement startRequiredServices(LiveRun run);

    /** Whether the service may still restart failed jobs (it is not stopped, ignored or deleted). */
    boolean restartAllowed(LiveRun run);

    /** Stops the live runs that require this one (they go first); answers whether any is still live. */
    boolean stopDependentsFirst(LiveRun run);

    void runReady(LiveRun run);

    void runEnded(LiveRun run);

    /** Why a run cannot start its jobs yet ({@code fatal}: and never will). */
    record Requirement(String reason, boolean fatal) {
    }
}
