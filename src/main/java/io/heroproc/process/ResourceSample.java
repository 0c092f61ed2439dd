package io.heroproc.process;

import java.time.Instant;

/**
 * Resources of a process group at one instant: CPU time (user + system, including children the
 * members already waited for) and resident memory, summed over {@code processCount} live members.
 */
public record ResourceSample(long cpuNanos, long rssBytes, int processCount, Instant at) {
}
