package io.heroproc.status;

/** The actual states a service can be in (DESIGN.md, "Service status"). */
public enum ServiceState {
    INACTIVE, STARTING, RUNNING, STOPPING, SUCCESS, FAILED, EXITED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Derives the state from the latest run. {@code runStatus} is null when the service never ran.
     * An ended run is success (completed on its own), exited (stopped on request) or failed.
     */
    public static ServiceState of(String runStatus, boolean ended, boolean stopRequested, int runningJobs) {
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
        if ("running".equals(runStatus) && runningJobs > 0) {
            return RUNNING;
        }
        return STARTING;
    }
}
