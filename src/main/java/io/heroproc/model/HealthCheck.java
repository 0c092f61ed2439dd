package io.heroproc.model;

/** A readiness and liveness probe of a process action; durations in milliseconds. */
public record HealthCheck(HealthType type, String target, long intervalMs, long timeoutMs, int retries,
        long startPeriodMs) {
}
