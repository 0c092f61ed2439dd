package io.heroproc.logs;

import java.time.Instant;

/**
 * A log line as the API serves it. {@code id} orders lines across the jobs of a run (the cursor
 * of service logs); {@code seq} orders them within their job (the cursor of job logs).
 */
public record LogEntry(long id, long jobId, String action, long seq, Instant ts, String stream, String line) {
}
