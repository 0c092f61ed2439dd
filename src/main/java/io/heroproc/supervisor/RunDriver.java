package io.heroproc.supervisor;

import io.heroproc.model.Clock;
import io.heroproc.model.Dependency;
import io.heroproc.model.DependencyCondition;
import io.heroproc.model.JobPhase;
import io.heroproc.model.RunStatus;
import io.heroproc.process.ExitStatus;
import io.heroproc.logs.JobLog;
import io.heroproc.logs.JobLogs;
import io.heroproc.process.JobProcesses;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.SpawnException;
import io.heroproc.process.Signals;
import io.heroproc.registry.ActionDef;
import io.heroproc.registry.DurationText;
import io.heroproc.registry.ServiceDef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Plays one run: starts each job when its dependencies allow, ends jobs from their exits,
 * restarts failed ones by policy with backoff, and stops a run's jobs dependents-first.
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
    private final RandomGenerator random = RandomGenerator.getDefault();

    RunDriver(RunStore store, JobLauncher launcher, ProcessBackend backend, JobProcesses processes,
            SupervisorLoop loop, RunEvents events, JobLogs logs) {
        this.store = store;
        this.launcher = launcher;
        this.processes = processes;
        this.loop = loop;
        this.events = events;
        this.logs = logs;
        this.health = new HealthProber(backend);
    }

    /** Creates the run and one pending job per action, then starts what can start. */
    LiveRun begin(ServiceDef service, Map<String, ActionDef> actions) {
        List<ActionDef> order = StartOrder.of(service.actions(), actions);
        LiveRun run = new LiveRun(store.createRun(service.name(), null), service, order);
        for (ActionDef action : order) {
            run.jobs.put(action.name(), new LiveJob(store.createJob(run.id, service.name(), action.name(), 1), action, 1));
        }
        return run;
    }

    void advance(LiveRun run) {
        if (run.halting) {
            haltNext(run);
            return;
        }
        RunEvents.Requirement waiting = events.requirement(run);
        if (waiting != null) {
            if (waiting.fatal()) {
                halt(run, waiting.reason(), false);
            } else {
                setReason(run, waiting.reason());
            }
            return;
        }
        for (ActionDef action : run.order) {
            LiveJob job = run.jobOf(action.name());
            if (job.phase == JobPhase.PENDING && job.timer == null) {
                startIfDependenciesAllow(run, job);
            }
        }
        settleStatus(run);
    }

    private void startIfDependenciesAllow(LiveRun run, LiveJob job) {
        for (Dependency d : job.action.dependsOn()) {
            LiveJob dep = run.jobOf(d.action());
            if (d.condition() == DependencyCondition.AFTER) {
                // "after" ignores the outcome of what ran, but a dependency that never ran cannot be after'd.
                if (dep.phase == JobPhase.SKIPPED) {
                    skip(job, "after " + d.action() + ", which was skipped (" + dep.reason + ")");
                    return;
                }
                if (!dep.startedOrFinished()) {
                    return;
                }
            } else if (!dep.ready) {
                if (dep.terminal()) {
                    skip(job, "requires " + d.action() + ", which " + (dep.phase == JobPhase.SKIPPED
                            ? "was skipped (" + dep.reason + ")" : "failed"));
                }
                return;
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
            process = launcher.launch(job.action, job.id, log);
        } catch (SpawnException | IllegalArgumentException e) {
            log.marker("--- hero-proc: cannot start: " + e.getMessage() + " ---");
            log.abandon();
            end(job, JobPhase.FAILED, null, "cannot start: " + e.getMessage(), false);
            afterFailure(run, job, Instant.now(), "cannot start: " + e.getMessage());
            return;
        }
        job.process = process;
        job.phase = JobPhase.RUNNING;
        job.startedAt = process.startedAt();
        boolean checked = job.isProcess() && job.action.health() != null;
        // A process is ready once running, or once healthy if it has a check; a oneshot when it succeeds.
        job.ready = job.isProcess() && !checked;
        store.jobStarted(job.id, process.id(), process.startedAt(), job.ready);
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
                if (!job.ready || !job.isProcess()) {
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
        for (LiveJob job : List.copyOf(run.jobs.values())) {
            if (job.phase != JobPhase.RUNNING || job.process == null || job.process.exit().isDone()
                    || processes.alive(job.process)) {
                job.vanishing = false;
            } else if (!job.vanishing) {
                job.vanishing = true;
            } else {
                LOG.warnf("%s: job %d (pid %d) is gone but its exit was never seen; ending it", run.name(), job.id,
                        job.process.pid());
                job.failure = "process vanished without an exit status";
                exited(run, job.id, ExitStatus.exited(-1, Instant.now()));
            }
        }
    }

    private void healthChanged(LiveRun run, long jobId, boolean healthy, String detail) {
        LiveJob job = run.byId(jobId);
        if (job == null || job.phase != JobPhase.RUNNING || job.stopping) {
            return;
        }
        store.jobHealth(job.id, healthy ? "healthy" : "unhealthy");
        if (!healthy) {
            fail(job, "unhealthy: " + detail);
            return;
        }
        if (!job.ready) {
            job.ready = true;
            job.cancelTimer();
            store.jobReady(job.id, true);
            advance(run);
        }
    }

    /** Stops a running job that hero-proc judges failed; its exit then counts as a failure. */
    private void fail(LiveJob job, String why) {
        if (job.phase != JobPhase.RUNNING || job.stopping) {
            return;
        }
        job.failure = why;
        job.stopping = true;
        processes.stop(job.process, job.id, Signals.number(job.action.stopSignal()),
                Duration.ofMillis(job.action.stopGraceMs()));
    }

    private void exited(LiveRun run, long jobId, ExitStatus status) {
        LiveJob job = run.byId(jobId);
        if (job == null || job.terminal()) {
            return;
        }
        job.cancelTimer();
        job.cancelHealth();
        job.exit = status;
        if (!job.stopping) {
            stopLeftovers(job);
        }
        boolean clean = status.exitCode() != null && status.exitCode() == 0;
        if (job.stopping && job.failure == null) {
            JobPhase phase = job.isProcess() || clean ? JobPhase.SUCCEEDED : JobPhase.FAILED;
            end(job, phase, status, "stopped on request (" + status + ")", false);
        } else if (!job.isProcess() && clean && job.failure == null) {
            end(job, JobPhase.SUCCEEDED, status, "exit 0", true);
        } else {
            String reason = (job.failure != null ? job.failure + ", " : "") + status + " at " + Clock.hms(status.at());
            boolean failed = job.failure != null || !clean;
            end(job, failed ? JobPhase.FAILED : JobPhase.SUCCEEDED, status, reason, false);
            afterFailure(run, job, status.at(), reason, failed);
            return;
        }
        advance(run);
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

    java.util.Set<Long> jobsWithProcesses() {
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

    private void end(LiveJob job, JobPhase phase, ExitStatus status, String reason, boolean ready) {
        job.phase = phase;
        job.reason = reason;
        job.ready = ready;
        store.jobEnded(job.id, phase, status, reason, ready);
    }

    /** A job ended on its own: restart it by policy, or give up, or let the run go on without it. */
    private void afterFailure(LiveRun run, LiveJob job, Instant at, String reason) {
        afterFailure(run, job, at, reason, true);
    }

    private void afterFailure(LiveRun run, LiveJob job, Instant at, String reason, boolean failed) {
        ServiceDef service = run.service;
        if (run.halting || !events.restartAllowed(run)
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
            halt(run, "gave up after " + run.consecutive + " restart" + (run.consecutive == 1 ? "" : "s") + ": "
                    + job.action.name() + " " + reason, false);
            return;
        }
        Duration delay = Backoff.delay(service, run.consecutive, random);
        // Counted from the exit, not from when the loop got to it, so a busy loop does not stretch backoff.
        Instant due = at.plus(delay);
        run.consecutive++;
        run.restarts++;
        LiveJob next = new LiveJob(store.createJob(run.id, run.name(), job.action.name(), job.attempt + 1), job.action,
                job.attempt + 1);
        next.previousOutcome = reason;
        run.jobs.put(job.action.name(), next);
        run.nextRestartAt = due;
        run.reason = job.action.name() + " " + reason;
        run.status = RunStatus.STARTING;
        next.timer = loop.later(Duration.between(Instant.now(), due), () -> {
            next.timer = null;
            if (!run.halting && next.phase == JobPhase.PENDING) {
                advance(run);
            }
        });
        store.run(run);
        LOG.infof("%s: %s %s; restart %d in %d ms", run.name(), job.action.name(), reason, run.restarts,
                delay.toMillis());
    }

    private void skip(LiveJob job, String reason) {
        job.cancelTimer();
        job.cancelHealth();
        end(job, JobPhase.SKIPPED, null, reason, false);
    }

    /** Stops the run's jobs, dependents first; {@code onRequest}: a stop asked for, not a give-up. */
    void halt(LiveRun run, String reason, boolean onRequest) {
        run.halting = true;
        run.stopping |= onRequest;
        run.reason = reason;
        run.nextRestartAt = null;
        for (LiveJob job : run.jobs.values()) {
            if (job.phase == JobPhase.PENDING) {
                skip(job, onRequest ? "run stopped before it started" : "not started: " + reason);
            }
        }
        store.run(run);
        haltNext(run);
    }

    private void haltNext(LiveRun run) {
        if (events.hasLiveDependents(run)) {
            return;
        }
        List<ActionDef> reversed = run.order.reversed();
        for (ActionDef action : reversed) {
            LiveJob job = run.jobOf(action.name());
            if (job.phase == JobPhase.RUNNING) {
                if (!job.stopping || run.killing) {
                    job.stopping = true;
                    job.cancelHealth();
                    int signal = run.killing ? Signals.SIGKILL : Signals.number(action.stopSignal());
                    Duration grace = run.killing ? Duration.ZERO : Duration.ofMillis(action.stopGraceMs());
                    job.log.marker("--- hero-proc: stopping with " + Signals.name(signal) + ", grace "
                            + DurationText.format(grace.toMillis()) + " ---");
                    processes.stop(job.process, job.id, signal, grace);
                }
                return;
            }
        }
        finish(run);
    }

    private void settleStatus(LiveRun run) {
        if (run.allTerminal()) {
            finish(run);
            return;
        }
        boolean settled = run.jobs.values().stream()
                .allMatch(j -> j.terminal() || (j.phase == JobPhase.RUNNING && j.ready && j.isProcess()));
        RunStatus status = settled ? RunStatus.RUNNING : RunStatus.STARTING;
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
        if (run.stopping) {
            run.status = RunStatus.OK;
            if (run.reason == null) {
                run.reason = (run.killing ? "killed" : "stopped") + " on request at " + Clock.hms(Instant.now());
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
        return run.jobs.values().stream().anyMatch(j -> j.phase == JobPhase.FAILED || j.phase == JobPhase.SKIPPED);
    }

    private void setReason(LiveRun run, String reason) {
        if (!reason.equals(run.reason)) {
            run.reason = reason;
            store.run(run);
        }
    }
}
