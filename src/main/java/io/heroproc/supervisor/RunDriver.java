package io.heroproc.supervisor;

import io.heroproc.logs.JobLog;
import io.heroproc.logs.JobLogs;
import io.heroproc.model.Clock;
import io.heroproc.model.Dependency;
import io.heroproc.model.DependencyCondition;
import io.heroproc.model.RunStatus;
import io.heroproc.process.ExitStatus;
import io.heroproc.process.JobProcesses;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.Signals;
import io.heroproc.process.SpawnException;
import io.heroproc.registry.ActionDef;
import io.heroproc.registry.DurationText;
import io.heroproc.registry.ServiceDef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Plays one run: starts each job when its dependencies allow, ends jobs from their exits,
 * restarts failed ones by policy with backoff, and stops a run's jobs dependents-first. Every
 * move of a run or a job goes through its state table ({@link RunState}, {@link JobState}).
 * Every method runs on the supervisor loop.
 */
final class RunDriver {

    private static final Logger LOG = Logger.getLogger(RunDriver.class);

    private final RunStore store;
    private final JobLauncher launcher;
    private final JobProcesses processes;
    private final SupervisorLoop loop;
    private final RunEvents events;
    private final JobLogs logs;
    private final HealthProber health;
    private final RestartLimits limits;
    private final int attemptsKept;
    private final RandomGenerator random = RandomGenerator.getDefault();

    RunDriver(RunStore store, JobLauncher launcher, ProcessBackend backend, JobProcesses processes,
            SupervisorLoop loop, RunEvents events, JobLogs logs, io.heroproc.logs.LogQuery logQuery, RestartLimits limits,
            int attemptsKept) {
        this.store = store;
        this.launcher = launcher;
        this.processes = processes;
        this.loop = loop;
        this.events = events;
        this.logs = logs;
        this.health = new HealthProber(backend, logQuery);
        this.limits = limits;
        this.attemptsKept = attemptsKept;
    }

    /** Creates the run and one pending job per action; {@link #advance} then starts what can start. */
    LiveRun begin(ServiceDef service, Map<String, ActionDef> actions) {
        loop.assertOnLoop();
        List<ActionDef> order = StartOrder.of(service.actions(), actions);
        LiveRun run = new LiveRun(store.createRun(service.name(), null), service, order);
        for (ActionDef action : order) {
            int replicas = action.kind() == io.heroproc.model.ActionKind.PROCESS ? action.replicas() : 1;
            run.replicas.put(action.name(), replicas);
            for (int r = 0; r < replicas; r++) {
                addJob(run, action, r);
            }
        }
        return run;
    }

    private LiveJob addJob(LiveRun run, ActionDef action, int replica) {
        LiveJob job = new LiveJob(store.createJob(run.id, run.name(), action.name(), 1), action, 1, JobState.WAITING,
                replica);
        run.jobs.put(job.key(), job);
        run.attempts.computeIfAbsent(job.key(), a -> new ArrayDeque<>()).add(job.id);
        return job;
    }

    /**
     * Scales an action of a live run to {@code replicas}: new replicas start (when their
     * dependencies allow), the highest ones above the count stop; the others are left alone.
     */
    void scale(LiveRun run, String action, int replicas) {
        loop.assertOnLoop();
        if (run.halting() || run.state() == RunState.ENDED) {
            return;
        }
        ActionDef def = run.order.stream().filter(a -> a.name().equals(action)).findFirst().orElse(null);
        if (def == null) {
            return;
        }
        int before = run.replicasOf(action);
        run.replicas.put(action, replicas);
        for (int r = before; r < replicas; r++) {
            LiveJob old = run.jobs.get(LiveRun.key(action, r));
            if (old == null || old.state().ended()) {
                addJob(run, def, r);
            }
        }
        for (int r = before - 1; r >= replicas; r--) {
            LiveJob job = run.jobs.get(LiveRun.key(action, r));
            if (job == null) {
                continue;
            }
            if (job.state().pending()) {
                job.cancelTimer();
                end(job, JobState.Event.STOP, null, "scaled down to " + replicas);
                run.jobs.remove(job.key());
            } else if (job.state().running() && !job.state().stopping()) {
                job.on(JobState.Event.STOP);
                job.cancelHealth();
                job.cancelTimer();
                job.log.marker("--- hero-proc: scaled down to " + replicas + " replica" + (replicas == 1 ? "" : "s")
                        + " ---");
                if (def.stopCommand() == null || !stopCommand(job)) {
                    stopWithSignal(job, false);
                }
            }
        }
        advance(run);
    }

    /** A replica above its action's count once it has ended: it leaves the run. */
    private boolean scaledAway(LiveRun run, LiveJob job) {
        if (job.replica < run.replicasOf(job.action.name())) {
            return false;
        }
        run.jobs.remove(job.key());
        return true;
    }

    void advance(LiveRun run) {
        loop.assertOnLoop();
        if (run.state() == RunState.ENDED) {
            return;
        }
        if (run.halting()) {
            haltNext(run);
            return;
        }
        RunEvents.Requirement waiting = events.startRequiredServices(run);
        if (waiting != null) {
            if (waiting.fatal()) {
                halt(run, waiting.reason(), RunState.Event.GIVE_UP);
            } else {
                setReason(run, waiting.reason());
            }
            return;
        }
        for (ActionDef action : run.order) {
            for (LiveJob job : run.jobsOf(action.name())) {
                if (job.state() == JobState.WAITING) {
                    startIfDependenciesAllow(run, job);
                }
            }
        }
        settleStatus(run);
    }

    private void startIfDependenciesAllow(LiveRun run, LiveJob job) {
        // A dependency on a replicated action waits for every replica; one scaled to zero has none to wait for.
        for (Dependency d : job.action.dependsOn()) {
            for (LiveJob dep : run.jobsOf(d.action())) {
                if (d.condition() == DependencyCondition.AFTER) {
                    // "after" ignores the outcome of what ran, but a dependency that never ran cannot be after'd.
                    if (dep.state() == JobState.SKIPPED) {
                        skip(job, "after " + d.action() + ", which was skipped (" + dep.reason + ")");
                        return;
                    }
                    if (!dep.startedOrFinished()) {
                        return;
                    }
                } else if (!dep.ready()) {
                    if (dep.state().ended()) {
                        skip(job, "requires " + d.action() + ", which " + (dep.state() == JobState.SKIPPED
                                ? "was skipped (" + dep.reason + ")" : "failed"));
                    }
                    return;
                }
            }
        }
        launch(run, job);
    }

    private void launch(LiveRun run, LiveJob job) {
        if (run.nextRestartAt != null) {
            run.nextRestartAt = null;
            store.run(run);
        }
        JobLog log = logs.open(job.id);
        job.log = log;
        if (job.previousOutcome != null) {
            log.marker("--- hero-proc: restart " + (job.attempt - 1) + " of " + job.action.name() + " (previous attempt: "
                    + job.previousOutcome + ") ---");
        }
        RunningProcess process;
        try {
            process = launcher.launch(job.action, job.id, job.replica, log);
        } catch (SpawnException | IllegalArgumentException e) {
            log.marker("--- hero-proc: cannot start: " + e.getMessage() + " ---");
            log.abandon();
            end(job, JobState.Event.SPAWN_FAILED, null, "cannot start: " + e.getMessage());
            afterFailure(run, job, Instant.now(), "cannot start: " + e.getMessage(), true);
            return;
        }
        boolean checked = job.isProcess() && job.action.health() != null;
        // A process is ready once running, or once healthy if it has a check; a oneshot when it succeeds.
        job.on(job.isProcess() && !checked ? JobState.Event.SPAWNED_READY : JobState.Event.SPAWNED);
        job.process = process;
        job.startedAt = process.startedAt();
        store.jobStarted(job.id, process.id(), process.startedAt(), job.ready());
        long jobId = job.id;
        if (checked) {
            store.jobHealth(job.id, "starting");
            job.health = health.watch(job.action, job.id, job.startedAt,
                    (healthy, detail) -> loop.post(() -> healthChanged(run, jobId, healthy, detail)));
        }
        if (job.action.timeoutMs() != null) {
            Duration limit = Duration.ofMillis(job.action.timeoutMs());
            String why = job.isProcess() ? "not ready within " + DurationText.format(job.action.timeoutMs())
                    : "timed out after " + DurationText.format(job.action.timeoutMs());
            job.timer = loop.later(limit, () -> {
                if (job.state() == JobState.STARTING) {
                    fail(job, why);
                }
            });
        }
        process.exit().thenAccept(status -> loop.post(() -> exited(run, jobId, status)));
    }

    /**
     * The safety net of the periodic pass: a running job whose process is gone, though no exit was
     * ever reported for it, is ended as failed on the next pass (one pass of grace, for an exit
     * being delivered right now), and so restarted by policy like any crash.
     */
    void checkAlive(LiveRun run) {
        loop.assertOnLoop();
        for (LiveJob job : List.copyOf(run.jobs.values())) {
            if (!job.state().running() || job.process == null || job.process.exit().isDone()
                    || processes.alive(job.process)) {
                job.vanishing = false;
            } else if (!job.vanishing) {
                job.vanishing = true;
            } else {
                LOG.warnf("%s: job %d (pid %d) is gone but its exit was never seen; ending it", run.name(), job.id,
                        job.process.pid());
                if (!job.state().stopping()) {
                    job.failure = "process vanished without an exit status";
                    job.on(JobState.Event.JUDGED_FAILED);
                }
                exited(run, job.id, ExitStatus.exited(-1, Instant.now()));
            }
        }
    }

    private void healthChanged(LiveRun run, long jobId, boolean healthy, String detail) {
        LiveJob job = run.byId(jobId);
        if (job == null || (job.state() != JobState.STARTING && job.state() != JobState.READY)) {
            return;
        }
        store.jobHealth(job.id, healthy ? "healthy" : "unhealthy");
        if (!healthy) {
            fail(job, "unhealthy: " + detail);
            return;
        }
        if (job.state() == JobState.STARTING) {
            job.on(JobState.Event.HEALTHY);
            job.cancelTimer();
            store.jobReady(job.id, true);
            advance(run);
        }
    }

    /** Stops a running job that hero-proc judges failed; its exit then counts as a failure. */
    private void fail(LiveJob job, String why) {
        if (!job.on(JobState.Event.JUDGED_FAILED)) {
            return;
        }
        job.failure = why;
        processes.stop(job.process, job.id, Signals.number(job.action.stopSignal()),
                Duration.ofMillis(job.action.stopGraceMs()));
    }

    private void exited(LiveRun run, long jobId, ExitStatus status) {
        LiveJob job = run.byId(jobId);
        if (job == null || job.state().ended()) {
            return;
        }
        job.cancelTimer();
        job.cancelHealth();
        job.exit = status;
        boolean clean = job.action.succeeded(status.exitCode());
        switch (job.state()) {
            case STOPPING -> {
                if (job.action.stopCommand() != null) {
                    // No signal went to the job's other processes (the stop command may be one): they go now.
                    stopLeftovers(job);
                }
                // A process stopped on request did what it was asked; a oneshot's own exit code still counts.
                end(job, job.isProcess() || clean ? JobState.Event.EXITED_OK : JobState.Event.EXITED_BAD, status,
                        "stopped on request (" + status + ")");
                scaledAway(run, job);
                advance(run);
            }
            case FAILING -> {
                // Its stop (JobProcesses.stop) ends every process of the job, leftovers included.
                String reason = job.failure + ", " + status + " at " + Clock.hms(status.at());
                end(job, JobState.Event.EXITED_BAD, status, reason);
                afterFailure(run, job, status.at(), reason, true);
            }
            default -> {
                stopLeftovers(job);
                if (!job.isProcess() && clean) {
                    end(job, JobState.Event.EXITED_OK, status, "exit " + status.exitCode());
                    advance(run);
                    return;
                }
                String reason = status + " at " + Clock.hms(status.at());
                end(job, clean ? JobState.Event.EXITED_OK : JobState.Event.EXITED_BAD, status, reason);
                afterFailure(run, job, status.at(), reason, !clean);
            }
        }
    }

    /**
     * The leader exited by itself: what it left running (background children, a daemon that
     * double-forked away) is stopped like the job would be, unless the action keeps leftovers.
     */
    private void stopLeftovers(LiveJob job) {
        if (job.action.keepLeftovers()) {
            return;
        }
        JobLog log = job.log;
        long jobId = job.id;
        processes.stopLeftovers(jobId, Signals.number(job.action.stopSignal()), Duration.ofMillis(
                job.action.stopGraceMs())).whenComplete((left, error) -> {
                    if (error != null) {
                        LOG.warnf("job %d: cannot stop what its leader left running: %s", jobId, error.toString());
                    } else if (left > 0) {
                        log.marker("--- hero-proc: the main process exited; stopped " + left + " process"
                                + (left == 1 ? "" : "es") + " it left running ---");
                    }
                });
    }

    /**
     * Stops whatever processes of the service's jobs are still alive once it is stopped: those
     * an action chose to keep when their leader exited, from this run or an earlier one.
     */
    void stopLeftovers(String service, boolean kill) {
        stopLeftovers(store.jobsOf(service, processes.members().keySet()), kill);
    }

    Set<Long> jobsWithProcesses() {
        return processes.members().keySet();
    }

    /** Stops the processes of these jobs (id to action), each with its action's signal and grace. */
    void stopLeftovers(Map<Long, String> jobs, boolean kill) {
        Map<String, ActionDef> actions = store.actions(List.copyOf(jobs.values()));
        jobs.forEach((jobId, actionName) -> {
            ActionDef action = actions.get(actionName);
            int signal = kill || action == null ? Signals.SIGKILL : Signals.number(action.stopSignal());
            processes.stopLeftovers(jobId, signal, kill || action == null ? Duration.ZERO
                    : Duration.ofMillis(action.stopGraceMs()));
        });
    }

    /** Moves the job by {@code event} and records how it ended. */
    private void end(LiveJob job, JobState.Event event, ExitStatus status, String reason) {
        if (!job.on(event)) {
            return;
        }
        job.reason = reason;
        store.jobEnded(job.id, job.state().phase(), status, reason, job.ready());
    }

    /** A job ended on its own: restart it by policy, or give up, or let the run go on without it. */
    private void afterFailure(LiveRun run, LiveJob job, Instant at, String reason, boolean failed) {
        ServiceDef service = run.service;
        if (!run.halting() && scaledAway(run, job)) {
            advance(run);
            return;
        }
        if (run.halting() || !events.restartAllowed(run)
                || !Backoff.shouldRestart(service.restartPolicy(), job.action.kind(), failed)) {
            run.reason = reason;
            store.run(run);
            advance(run);
            return;
        }
        if (job.startedAt != null && Duration.between(job.startedAt, at).toMillis() >= service.resetAfterMs()) {
            run.consecutive = 0;
        }
        if (service.maxRestarts() != null && run.consecutive >= service.maxRestarts()) {
            String gaveUp = "gave up after " + run.consecutive + " restart" + (run.consecutive == 1 ? "" : "s") + ": "
                    + job.action.name() + " " + reason;
            store.gaveUp(run.id, run.name(), gaveUp);
            halt(run, gaveUp, RunState.Event.GIVE_UP);
            return;
        }
        Duration delay = Backoff.delay(service, run.consecutive, random);
        // Counted from the exit, not from when the loop got to it, so a busy loop does not stretch backoff.
        Instant wanted = at.plus(delay);
        Instant due = limits.due(wanted, job.startedAt, run.recentRestarts);
        run.recentRestarts.addLast(due);
        run.consecutive++;
        run.restarts++;
        LiveJob next = new LiveJob(store.createJob(run.id, run.name(), job.action.name(), job.attempt + 1), job.action,
                job.attempt + 1, JobState.DELAYED, job.replica);
        next.previousOutcome = reason;
        run.jobs.put(next.key(), next);
        keepLatestAttempts(run, next.key(), next.id);
        run.nextRestartAt = due;
        run.reason = job.action.name() + " " + reason + (limits.rateLimited(wanted, due, job.startedAt)
                ? "; restart rate limit reached (" + limits.perMinute() + " a minute)" : "");
        run.on(RunState.Event.NOT_READY);
        run.status = RunStatus.STARTING;
        next.timer = loop.later(Duration.between(Instant.now(), due), () -> {
            next.timer = null;
            if (next.state() == JobState.DELAYED && next.on(JobState.Event.DUE)) {
                advance(run);
            }
        });
        store.run(run);
        Duration in = Duration.between(Instant.now(), due);
        store.jobRestarting(run.id, run.name(), job.action.name(), next.id, next.attempt, in, reason);
        LOG.infof("%s: %s %s; restart %d in %d ms", run.name(), job.action.name(), reason, run.restarts, in.toMillis());
    }

    /** A crash loop keeps its latest attempts; older ones (row, output, usage) go, their number stays in the count. */
    private void keepLatestAttempts(LiveRun run, String action, long newJob) {
        Deque<Long> kept = run.attempts.computeIfAbsent(action, a -> new ArrayDeque<>());
        kept.addLast(newJob);
        while (kept.size() > attemptsKept) {
            store.deleteJob(kept.pollFirst());
        }
    }

    private void skip(LiveJob job, String reason) {
        job.cancelTimer();
        job.cancelHealth();
        end(job, JobState.Event.SKIP, null, reason);
    }

    /**
     * Stops the run's jobs, dependents first: {@code STOP} or {@code KILL} when asked for,
     * {@code GIVE_UP} when it failed for good. {@code reason} null keeps the one it has.
     */
    void halt(LiveRun run, String reason, RunState.Event why) {
        loop.assertOnLoop();
        if (!run.on(why)) {
            return;
        }
        if (reason != null) {
            run.reason = reason;
        }
        run.nextRestartAt = null;
        for (LiveJob job : run.jobs.values()) {
            if (job.state().pending()) {
                job.cancelTimer();
                end(job, JobState.Event.STOP, null, run.stoppedOnRequest() ? "run stopped before it started"
                        : "not started: " + run.reason);
            }
        }
        store.run(run);
        haltNext(run);
    }

    private void haltNext(LiveRun run) {
        if (events.stopDependentsFirst(run)) {
            return;
        }
        for (ActionDef action : run.order.reversed()) {
            List<LiveJob> running = run.jobsOf(action.name()).stream().filter(j -> j.state().running()).toList();
            for (LiveJob job : running) {
                if (!job.state().stopping() || run.killing()) {
                    job.on(JobState.Event.STOP);
                    job.cancelHealth();
                    job.cancelTimer();
                    if (run.killing() || action.stopCommand() == null || !stopCommand(job)) {
                        stopWithSignal(job, run.killing());
                    }
                }
            }
            if (!running.isEmpty()) {
                return;
            }
        }
        finish(run);
    }

    /** The stop signal, its grace, then SIGKILL (or SIGKILL at once). */
    private void stopWithSignal(LiveJob job, boolean kill) {
        int signal = kill ? Signals.SIGKILL : Signals.number(job.action.stopSignal());
        Duration grace = kill ? Duration.ZERO : Duration.ofMillis(job.action.stopGraceMs());
        job.log.marker("--- hero-proc: stopping with " + Signals.name(signal) + ", grace "
                + DurationText.format(grace.toMillis()) + " ---");
        processes.stop(job.process, job.id, signal, grace);
    }

    /**
     * Runs the action's stop command, and gives the job its grace to exit; past it, the stop
     * signal takes over. False when the command cannot even start (the caller signals at once).
     */
    private boolean stopCommand(LiveJob job) {
        ActionDef action = job.action;
        job.log.marker("--- hero-proc: stopping with its stop command, grace "
                + DurationText.format(action.stopGraceMs()) + " ---");
        try {
            launcher.launchStopCommand(action, job.id, job.replica, job.process.pid(), job.log);
        } catch (SpawnException | IllegalArgumentException e) {
            job.log.marker("--- hero-proc: cannot run the stop command: " + e.getMessage() + " ---");
            return false;
        }
        job.timer = loop.later(Duration.ofMillis(action.stopGraceMs()), () -> {
            job.timer = null;
            if (job.state() == JobState.STOPPING) {
                job.log.marker("--- hero-proc: still running " + DurationText.format(action.stopGraceMs())
                        + " after its stop command ---");
                stopWithSignal(job, false);
            }
        });
        return true;
    }

    private void settleStatus(LiveRun run) {
        if (run.allEnded()) {
            finish(run);
            return;
        }
        boolean settled = run.jobs.values().stream()
                .allMatch(j -> j.state().ended() || j.state() == JobState.READY);
        RunStatus status = settled ? RunStatus.RUNNING : RunStatus.STARTING;
        run.on(settled ? RunState.Event.ALL_READY : RunState.Event.NOT_READY);
        if (status != run.status) {
            run.status = status;
            if (status == RunStatus.RUNNING && run.nextRestartAt == null && !anyFailed(run)) {
                run.reason = null;
            }
            store.run(run);
            if (status == RunStatus.RUNNING) {
                events.runReady(run);
            }
        }
    }

    private void finish(LiveRun run) {
        boolean failed = anyFailed(run);
        boolean onRequest = run.stoppedOnRequest();
        boolean killed = run.killing();
        if (!run.on(RunState.Event.END)) {
            return;
        }
        if (onRequest) {
            run.status = RunStatus.OK;
            if (run.reason == null) {
                run.reason = (killed ? "killed" : "stopped") + " on request at " + Clock.hms(Instant.now());
            }
        } else {
            run.status = failed ? RunStatus.ERROR : RunStatus.OK;
            if (!failed) {
                run.reason = "completed at " + Clock.hms(Instant.now());
            }
        }
        store.runEnded(run);
        events.runEnded(run);
    }

    private static boolean anyFailed(LiveRun run) {
        return run.jobs.values().stream().anyMatch(j -> j.state() == JobState.FAILED
                || j.state() == JobState.SKIPPED);
    }

    private void setReason(LiveRun run, String reason) {
        if (!reason.equals(run.reason)) {
            run.reason = reason;
            store.run(run);
        }
    }
}
