package io.heroproc.logs;

/** One captured line of a job, numbered per job from 1. {@code stream}: stdout, stderr or system (markers). */
public record LogLine(long jobId, long seq, long ts, String stream, String line) {
}
