package io.heroproc.logs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A log line as the API serves it. {@code id} orders lines across the jobs of a run (the cursor
 * of service logs); {@code seq} orders them within their job (the cursor of job logs).
 * {@code partial} is true on a piece of a line longer than 64 KiB that the next entry continues.
 * {@code line} is the text as UTF-8, invalid bytes shown as U+FFFD; when there were any,
 * {@code line_base64} carries the exact bytes.
 */
public record LogEntry(long id, long jobId, String action, long seq, Instant ts, String stream, String line,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partial,
        @JsonInclude(JsonInclude.Include.NON_NULL) String lineBase64) {

    /** A line hero-proc adds to a page (the gap left by retention). */
    static LogEntry system(long id, long jobId, String action, long seq, Instant ts, String text) {
        return new LogEntry(id, jobId, action, seq, ts, "system", text, null, null);
    }
}
