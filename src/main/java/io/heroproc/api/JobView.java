package io.heroproc.api;

import io.heroproc.model.Job;
import io.heroproc.model.JobPhase;
import java.time.Instant;

/** A job: exactly one of {@code exit_code} and {@code signal} is set once it has ended. */
public record JobView(long id, long runId, String service, String action, int attempt, JobPhase phase,
        boolean ready, String health, Long pid, Integer exitCode, Integer signal, Instant startedAt, Instant endedAt,
        String reason, Double cpuPercent, Long rssBytes) {

    static JobView of(Job j) {
        return new JobView(j.id, j.runId, j.service, j.action, j.attempt, j.phase, j.ready, j.health, j.pid,
                j.exitCode, j.signal, j.startedAt, j.endedAt, j.reason, j.cpuPercent, j.rssBytes);
    }
}
