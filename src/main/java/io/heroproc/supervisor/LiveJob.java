package io.heroproc.supervisor;

import io.heroproc.model.ActionKind;
import io.heroproc.model.JobPhase;
import io.heroproc.process.RunningProcess;
import io.heroproc.registry.ActionDef;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/** The current job of one action in a live run; touched only on the supervisor loop. */
final class LiveJob {

    final long id;
    final ActionDef action;
    final int attempt;
    JobPhase phase = JobPhase.PENDING;
    boolean ready;
    RunningProcess process;
    /** Where its output and hero-proc's markers about it go, once launched. */
    io.heroproc.logs.JobLog log;
    Instant startedAt;
    /** A delayed launch (backoff) or a oneshot timeout. */
    ScheduledFuture<?> timer;
    boolean stopping;
    /** Why it ended, once it has (dependents that are skipped quote it). */
    String reason;
    /** How its process ended, once it has. */
    io.heroproc.process.ExitStatus exit;
    /** Why hero-proc is stopping this job as failed (timed out, unhealthy); null otherwise. */
    String failure;
    /** The running health check, if the action has one. */
    ScheduledFuture<?> health;
    /** The periodic pass found its process gone with no exit seen; the next pass ends the job. */
    boolean vanishing;
    /** For an attempt after a failure: what happened to the previous one (the restart marker says it). */
    String previousOutcome;

    LiveJob(long id, ActionDef action, int attempt) {
        this.id = id;
        this.action = action;
        this.attempt = attempt;
    }

    boolean terminal() {
        return phase == JobPhase.SUCCEEDED || phase == JobPhase.FAILED || phase == JobPhase.SKIPPED;
    }

    boolean isProcess() {
        return action.kind() == ActionKind.PROCESS;
    }

    /** Started (process) or finished (oneshot): what an {@code after} dependency waits for. */
    boolean startedOrFinished() {
        return isProcess() ? phase != JobPhase.PENDING : terminal();
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
