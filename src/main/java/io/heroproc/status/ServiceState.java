package io.heroproc.status;

/** The actual states a service can be in (DESIGN.md, "Service status"). */
public enum ServiceState {
    INACTIVE, STARTING, RUNNING, RESTARTING, STOPPING, SUCCESS, FAILED, EXITED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Derives the state from the latest run. {@code runStatus} is null when the service never ran.
     * An ended run is success (completed on its own), exited (stopped on request) or failed. A run
     * waiting out a restart backoff ({@code next_restart_at} set) is restarting, never starting:
     * otherwise a crash loop reads "starting" for good and the crash shows only in the reason.
     */
    public static ServiceState of(String runStatus, boolean ended, boolean stopRequested, int runningJobs,
            boolean restartPending) {
        if (runStatus == null) {
            return INACTIVE;
        }
        if (ended) {
            if (stopRequested) {
                return EXITED;
            }
            return "error".equals(runStatus) ? FAILED : SUCCESS;
        }
        if (stopRequested) {
            return STOPPING;
        }
        if (restartPending) {
            return RESTARTING;
        }
        if ("running".equals(runStatus) && runningJobs > 0) {
            return RUNNING;
        }
        return STARTING;
    }
}
