package io.heroproc.supervisor;

import io.heroproc.model.JobPhase;
import java.util.EnumMap;
import java.util.Map;

/**
 * The life of one job, as the supervisor sees it, and every move it may make: one line of the
 * table below per state, in the spirit of s6-supervise's state × event table. A move that is not
 * in the table is refused (and logged by the caller), never improvised. The stored phase is
 * coarser ({@link #phase()}).
 *
 * <pre>
 *   state     | DUE     SPAWNED   SPAWNED_READY SPAWN_FAILED HEALTHY JUDGED_FAILED STOP     EXITED_OK EXITED_BAD SKIP
 *   WAITING   |         STARTING  READY         FAILED                             SKIPPED                     SKIPPED
 *   DELAYED   | WAITING                                                            SKIPPED                     SKIPPED
 *   STARTING  |                                              READY   FAILING       STOPPING SUCCEEDED FAILED
 *   READY     |                                              READY   FAILING       STOPPING SUCCEEDED FAILED
 *   STOPPING  |                                                                    STOPPING SUCCEEDED FAILED
 *   FAILING   |                                                                    FAILING  FAILED    FAILED
 *   SUCCEEDED, FAILED, SKIPPED: ended, nothing moves them
 * </pre>
 */
enum JobState {

    /** Pending: its dependencies do not allow it to start yet. */
    WAITING,
    /** Pending: a restart waiting out its backoff. */
    DELAYED,
    /** Spawned, not ready yet: a process with a health check to pass, or a oneshot running. */
    STARTING,
    /** A process that is up, and healthy if it has a check. */
    READY,
    /** Asked to stop; waiting for it to exit. */
    STOPPING,
    /** Being stopped because hero-proc judged it failed (timed out, unhealthy); its exit is a failure. */
    FAILING,
    SUCCEEDED,
    FAILED,
    SKIPPED;

    /** What happens to a job. */
    enum Event {
        DUE, SPAWNED, SPAWNED_READY, SPAWN_FAILED, HEALTHY, JUDGED_FAILED, STOP, EXITED_OK, EXITED_BAD, SKIP
    }

    private static final Map<JobState, Map<Event, JobState>> MOVES = new EnumMap<>(JobState.class);

    static {
        move(WAITING, Event.SPAWNED, STARTING);
        move(WAITING, Event.SPAWNED_READY, READY);
        move(WAITING, Event.SPAWN_FAILED, FAILED);
        move(WAITING, Event.STOP, SKIPPED);
        move(WAITING, Event.SKIP, SKIPPED);
        move(DELAYED, Event.DUE, WAITING);
        move(DELAYED, Event.STOP, SKIPPED);
        move(DELAYED, Event.SKIP, SKIPPED);
        for (JobState up : new JobState[] { STARTING, READY }) {
            move(up, Event.HEALTHY, READY);
            move(up, Event.JUDGED_FAILED, FAILING);
            move(up, Event.STOP, STOPPING);
            move(up, Event.EXITED_OK, SUCCEEDED);
            move(up, Event.EXITED_BAD, FAILED);
        }
        move(STOPPING, Event.STOP, STOPPING);
        move(STOPPING, Event.EXITED_OK, SUCCEEDED);
        move(STOPPING, Event.EXITED_BAD, FAILED);
        move(FAILING, Event.STOP, FAILING);
        move(FAILING, Event.EXITED_OK, FAILED);
        move(FAILING, Event.EXITED_BAD, FAILED);
    }

    private static void move(JobState from, Event event, JobState to) {
        MOVES.computeIfAbsent(from, s -> new EnumMap<>(Event.class)).put(event, to);
    }

    /** Where {@code event} takes a job in this state; null when the table has no such move. */
    JobState on(Event event) {
        return MOVES.getOrDefault(this, Map.of()).get(event);
    }

    boolean ended() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED;
    }

    boolean pending() {
        return this == WAITING || this == DELAYED;
    }

    /** Its process runs (it may be on its way out). */
    boolean running() {
        return this == STARTING || this == READY || this == STOPPING || this == FAILING;
    }

    /** Being stopped, on request or as failed. */
    boolean stopping() {
        return this == STOPPING || this == FAILING;
    }

    JobPhase phase() {
        return switch (this) {
            case WAITING, DELAYED -> JobPhase.PENDING;
            case STARTING, READY, STOPPING, FAILING -> JobPhase.RUNNING;
            case SUCCEEDED -> JobPhase.SUCCEEDED;
            case FAILED -> JobPhase.FAILED;
            case SKIPPED -> JobPhase.SKIPPED;
        };
    }
}
