package io.heroproc.model;

import java.time.Duration;

/**
 * A check of a process action; durations in milliseconds. Until the job first passes it, it is
 * readiness: failures only delay dependents, unless {@code startTimeoutMs} runs out. Once passed,
 * it is liveness: {@code retries} failures in a row make the job unhealthy. For {@link HealthType#LOG}
 * the target is the regex a line of output must match.
 */
public record HealthCheck(HealthType type, String target, long intervalMs, long timeoutMs, int retries,
        long startPeriodMs, long startTimeoutMs) {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(5);

    public HealthCheck {
        // Rows stored before start_timeout existed read 0.
        if (startTimeoutMs <= 0) {
            startTimeoutMs = DEFAULT_START_TIMEOUT.toMillis();
        }
    }
}
