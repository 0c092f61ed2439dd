package io.heroproc.supervisor;

import io.heroproc.model.RunStatus;
import java.time.Instant;

/** A run's row as the supervisor knows it: what the database is brought to, whenever it can be written. */
record StoredRun(long id, String service, RunStatus status, String reason, boolean stopRequested, int restarts,
        Instant nextRestartAt, Instant startedAt, Instant endedAt) {

    boolean ended() {
        return endedAt != null;
    }

    StoredRun with(RunStatus newStatus, String newReason, boolean newStopRequested, int newRestarts,
            Instant newNextRestartAt, Instant newEndedAt) {
        return new StoredRun(id, service, newStatus, newReason, newStopRequested, newRestarts, newNextRestartAt,
                startedAt, newEndedAt);
    }
}
