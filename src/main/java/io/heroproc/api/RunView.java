package io.heroproc.api;

import io.heroproc.model.Job;
import io.heroproc.model.Run;
import io.heroproc.model.RunStatus;
import java.time.Instant;
import java.util.List;

/** A run; {@code jobs} is filled when one run is asked for. */
public record RunView(long id, String service, RunStatus status, String reason, boolean stopRequested, int restarts,
        Instant nextRestartAt, Instant startedAt, Instant endedAt, List<JobView> jobs) {

    static RunView of(Run r, List<Job> jobs) {
        return new RunView(r.id, r.service, r.status, r.reason, r.stopRequested, r.restarts, r.nextRestartAt,
                r.startedAt, r.endedAt, jobs == null ? null : jobs.stream().map(JobView::of).toList());
    }
}
