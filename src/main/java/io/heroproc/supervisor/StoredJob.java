package io.heroproc.supervisor;

import io.heroproc.model.JobPhase;
import java.time.Instant;

/** A job's row as the supervisor knows it: what the database is brought to, whenever it can be written. */
record StoredJob(long id, long runId, String service, String action, int attempt, JobPhase phase, boolean ready,
        String health, Long pid, Long pgid, Long startTicks, Integer exitCode, Integer signal, String reason,
        Instant createdAt, Instant startedAt, Instant endedAt) {

    boolean ended() {
        return endedAt != null;
    }

    StoredJob started(long newPid, long newPgid, long newStartTicks, Instant at, boolean newReady) {
        return new StoredJob(id, runId, service, action, attempt, JobPhase.RUNNING, newReady, health, newPid, newPgid,
                newStartTicks, exitCode, signal, reason, createdAt, at, endedAt);
    }

    StoredJob withHealth(String newHealth) {
        return new StoredJob(id, runId, service, action, attempt, phase, ready, newHealth, pid, pgid, startTicks,
                exitCode, signal, reason, createdAt, startedAt, endedAt);
    }

    StoredJob withReady(boolean newReady) {
        return new StoredJob(id, runId, service, action, attempt, phase, newReady, health, pid, pgid, startTicks,
                exitCode, signal, reason, createdAt, startedAt, endedAt);
    }

    StoredJob ended(JobPhase newPhase, Integer newExitCode, Integer newSignal, String newReason, boolean newReady,
            Instant at) {
        return new StoredJob(id, runId, service, action, attempt, newPhase, newReady, health, pid, pgid, startTicks,
                newExitCode, newSignal, newReason, createdAt, startedAt, at);
    }
}
