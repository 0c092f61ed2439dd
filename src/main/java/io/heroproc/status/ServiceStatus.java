package io.heroproc.status;

import io.heroproc.model.Wanted;
import java.time.Instant;
import java.util.List;

/**
 * The actual state of a service, derived from its latest run and its jobs, beside what is
 * wanted of it. {@code state} is never taken from {@code wanted}. {@code nextRunAt}: when its
 * schedule fires next (a scheduled service wanted {@code start}), else null.
 */
public record ServiceStatus(String name, String state, Wanted wanted, String reason, Instant since, List<Long> pids,
        int restarts, String health, Instant nextRestartAt, Double cpuPercent, Long rssBytes, Long runId,
        Instant nextRunAt) {
}
