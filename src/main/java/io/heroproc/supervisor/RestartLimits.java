package io.heroproc.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.Deque;

/**
 * What protects the host from a restart storm, whatever a service's backoff says (a backoff of
 * 1 ms once gave 385 restarts a second): a job is not started again sooner than {@code floor}
 * after its previous start, and a service restarts at most {@code perMinute} times in any minute.
 * A job that ran longer than the floor restarts at once, if its backoff says so.
 */
record RestartLimits(Duration floor, int perMinute) {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** When a restart wanted at {@code wanted} may happen. */
    Instant due(Instant wanted, Instant lastStart, Deque<Instant> recent) {
        Instant due = wanted;
        if (lastStart != null && due.isBefore(lastStart.plus(floor))) {
            due = lastStart.plus(floor);
        }
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(due.minus(MINUTE))) {
            recent.pollFirst();
        }
        if (recent.size() >= perMinute) {
            Instant allowed = recent.peekFirst().plus(MINUTE);
            if (allowed.isAfter(due)) {
                due = allowed;
            }
        }
        return due;
    }

    /** Whether the minute's budget is what holds a restart back at {@code due}. */
    boolean rateLimited(Instant wanted, Instant due, Instant lastStart) {
        Instant floored = lastStart == null || !wanted.isBefore(lastStart.plus(floor)) ? wanted : lastStart.plus(floor);
        return due.isAfter(floored);
    }
}
