package io.heroproc.supervisor;

import io.heroproc.logs.JobLog;
import io.heroproc.model.ActionKind;
import io.heroproc.process.ExitStatus;
import io.heroproc.process.RunningProcess;
import io.heroproc.registry.ActionDef;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.jboss.logging.Logger;

/**
 * The current job of one action in a live run; touched only on the supervisor loop. Its life is
 * the {@link JobState} table; the fields beside the state are what the job knows, not where it is.
 */
final class LiveJob {

    private static final Logger LOG = Logger.getLogger(LiveJob.class);

    final long id;
    final ActionDef action;
    final int attempt;
    /** Which of the action's replicas it is (0 to replicas - 1). */
    final int replica;
    private JobState state;
    /** A process up (and healthy if checked), or a oneshot that completed by itself: what {@code requires} waits for. */
    private boolean ready;
    RunningProcess process;
    /** Where its output and hero-proc's markers about it go, once launched. */
    JobLog log;
    Instant startedAt;
    /** A delayed launch (backoff) or a oneshot timeout. */
    ScheduledFuture<?> timer;
    /** Why it ended, once it has (dependents that are skipped quote it). */
    String reason;
    /** How its process ended, once it has. */
    ExitStatus exit;
    /** Why hero-proc judged it failed (timed out, unhealthy), when it did. */
    String failure;
    /** The running health check, if the action has one. */
    ScheduledFuture<?> health;
    /** The periodic pass found its process gone with no exit seen; the next pass ends the job. */
    boolean vanishing;
    /** For an attempt after a failure: what happened to the previous one (the restart marker says it). */
    String previousOutcome;

    /** A job pending its dependencies ({@code WAITING}) or its restart's backoff ({@code DELAYED}). */
    LiveJob(long id, ActionDef action, int attempt, JobState initial) {
        this(id, action, attempt, initial, 0);
    }

    LiveJob(long id, ActionDef action, int attempt, JobState initial, int replica) {
        if (!initial.pending()) {
            throw new IllegalArgumentException("a job starts pending, not " + initial);
        }
        this.id = id;
        this.action = action;
        this.attempt = attempt;
        this.replica = replica;
        this.state = initial;
    }

    JobState state() {
        return state;
    }

    boolean ready() {
        return ready;
    }

    /** Moves by the table; refuses (and logs) a move the table does not have. */
    boolean on(JobState.Event event) {
        JobState next = state.on(event);
        if (next == null) {
            LOG.warnf("job %d (%s, attempt %d): %s refused in state %s", id, action.name(), attempt, event, state);
            return false;
        }
        ready = next == JobState.READY || state == JobState.STARTING && event == JobState.Event.EXITED_OK
                && !isProcess();
        state = next;
        return true;
    }

    /** Its key in {@link LiveRun#jobs}: the action's name, with {@code #N} for replicas after the first. */
    String key() {
        return LiveRun.key(action.name(), replica);
    }

    boolean isProcess() {
        return action.kind() == ActionKind.PROCESS;
    }

    /** Started (process) or finished (oneshot): what an {@code after} dependency waits for. */
    boolean startedOrFinished() {
        return isProcess() ? !state.pending() : state.ended();
    }

    void cancelHealth() {
        if (health != null) {
            health.cancel(false);
            health = null;
        }
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
