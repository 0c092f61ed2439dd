package io.heroproc.supervisor;

import io.heroproc.events.Event;
import io.heroproc.events.EventType;
import io.heroproc.events.Origins;
import io.heroproc.model.Action;
import io.heroproc.model.Job;
import io.heroproc.model.JobPhase;
import io.heroproc.model.Run;
import io.heroproc.model.RunStatus;
import io.heroproc.model.Service;
import io.heroproc.process.ExitStatus;
import io.heroproc.process.ProcessId;
import io.heroproc.process.Signals;
import io.heroproc.registry.ActionDef;
import io.heroproc.registry.ServiceDef;
import io.heroproc.status.ServiceState;
import java.time.Duration;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Every supervision transition, recorded as it happens. Ids are handed out here, in memory, and
 * each change goes to the {@link StoreWriter}, which writes it behind the supervisor's back: the
 * loop never waits for the disk, and a write that fails is retried, never lost. Reads of the
 * catalog (services, actions) go to the database.
 */
@ApplicationScoped
public class RunStore {

    private static final Logger LOG = Logger.getLogger(RunStore.class);

    @Inject
    StoreWriter writer;

    @Inject
    Origins origins;

    @Inject
    SupervisorMetrics metrics;

    /** The actual state each service was last reported in: a change is an event. */
    private final Map<String, String> states = new java.util.concurrent.ConcurrentHashMap<>();

    private AtomicLong nextRun;
    private AtomicLong nextJob;

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Reads the highest ids and starts writing; called once, at boot, before anything is recorded. */
    void open() {
        long[] next = writer.nextIds();
        nextRun = new AtomicLong(next[0]);
        nextJob = new AtomicLong(next[1]);
        writer.start();
    }

    /** Completes once every change recorded so far is in the database. */
    CompletableFuture<Void> written() {
        return writer.written();
    }

    // Reads run outside transactions: a transaction here is BEGIN IMMEDIATE (SQLite's write lock),
    // while a plain read sees a WAL snapshot and waits for no writer.
    @ActivateRequestContext
    Optional<ServiceDef> service(String name) {
        return Service.byName(name).map(ServiceDef::of);
    }

    @ActivateRequestContext
    List<ServiceDef> services() {
        return Service.allByName().stream().map(ServiceDef::of).toList();
    }

    @ActivateRequestContext
    Map<String, ActionDef> actions(List<String> names) {
        // One name at a time: a query with a list parameter is translated anew for each call.
        return names.stream().distinct().map(Action::byName).flatMap(Optional::stream)
                .map(ActionDef::of).collect(Collectors.toMap(ActionDef::name, Function.identity()));
    }

    /** Every action, by name: one query for a batch of starts instead of one per service. */
    @ActivateRequestContext
    Map<String, ActionDef> allActions() {
        return Action.allByName().stream().map(ActionDef::of)
                .collect(Collectors.toMap(ActionDef::name, Function.identity()));
    }

    long createRun(String service, String reason) {
        long id = nextRun.getAndIncrement();
        StoredRun run = new StoredRun(id, service, RunStatus.STARTING, reason, false, 0, null, now(), null);
        writer.put(run);
        event(EventType.RUN_STARTED, service, null, id, null, "run " + id + " started", Map.of());
        stateMayHaveChanged(run);
        return id;
    }

    long createJob(long runId, String service, String action, int attempt) {
        long id = nextJob.getAndIncrement();
        writer.put(new StoredJob(id, runId, service, action, attempt, JobPhase.PENDING, false, null, null, null, null,
                null, null, null, now(), null, null));
        return id;
    }

    void jobStarted(long jobId, ProcessId pid, Instant at, boolean ready) {
        StoredJob j = job(jobId, s -> s.started(pid.pid(), pid.pgid(), pid.startTimeTicks(),
                at.truncatedTo(ChronoUnit.MILLIS), ready));
        if (j != null) {
            event(EventType.JOB_STARTED, j.service(), j.action(), j.runId(), jobId, j.action() + " started (attempt "
                    + j.attempt() + ", pid " + pid.pid() + ")", Map.of("pid", pid.pid(), "attempt", j.attempt()));
            stateMayHaveChanged(writer.run(j.runId()));
        }
    }

    void jobHealth(long jobId, String health) {
        StoredJob before = writer.job(jobId);
        StoredJob j = job(jobId, s -> s.withHealth(health));
        if (j != null && before != null && !health.equals(before.health())) {
            event(EventType.JOB_HEALTH, j.service(), j.action(), j.runId(), jobId, j.action() + " is " + health,
                    Map.of("health", health));
        }
    }

    void jobReady(long jobId, boolean ready) {
        job(jobId, j -> j.withReady(ready));
    }

    void jobEnded(long jobId, JobPhase phase, ExitStatus status, String reason, boolean ready) {
        StoredJob j = job(jobId, s -> {
            Instant ended = status == null ? now() : status.at().truncatedTo(ChronoUnit.MILLIS);
            // The reaper may stamp an instant exit before the spawner stamped the start.
            Instant at = s.startedAt() != null && ended.isBefore(s.startedAt()) ? s.startedAt() : ended;
            return s.ended(phase, status == null ? null : status.exitCode(), status == null ? null : status.signal(),
                    reason, ready, at);
        });
        if (j != null) {
            Map<String, Object> data = new java.util.HashMap<>(Map.of("phase", phase.wire(), "attempt", j.attempt()));
            if (status != null) {
                data.put(status.exitCode() != null ? "exit_code" : "signal", status.exitCode() != null
                        ? status.exitCode() : status.signal());
            }
            event(EventType.JOB_EXITED, j.service(), j.action(), j.runId(), jobId, j.action() + " " + phase.wire()
                    + ": " + reason, data);
            metrics.jobEnded(j.service(), phase, reason.startsWith("stopped on request"),
                    j.startedAt() == null ? null : Duration.between(j.startedAt(), j.endedAt()));
            stateMayHaveChanged(writer.run(j.runId()));
        }
    }

    /** A failed job is to be started again: attempt {@code attempt} in {@code delay}. */
    void jobRestarting(long runId, String service, String action, long nextJob, int attempt, Duration delay,
            String reason) {
        metrics.restarted(service);
        event(EventType.JOB_RESTARTING, service, action, runId, nextJob, action + " restarts (attempt " + attempt
                + ") in " + delay.toMillis() + " ms: " + reason, Map.of("attempt", attempt, "in_ms", delay.toMillis()));
    }

    /** The service stopped restarting its failed jobs: its run ends in error. */
    void gaveUp(long runId, String service, String reason) {
        event(EventType.SERVICE_GAVE_UP, service, null, runId, null, reason, Map.of());
    }

    /** A schedule fired: what it did ({@code outcome}: started, catch-up, skipped, queued, coalesced, replaced). */
    void scheduleFired(String service, Long runId, String outcome, String message) {
        event(EventType.SCHEDULE_FIRED, service, null, runId, null, message, Map.of("outcome", outcome));
    }

    /** A signal was sent on request to the processes of these jobs of the service's run. */
    void signalled(long runId, String service, List<Long> jobs, int signal) {
        String name = Signals.name(signal);
        event(EventType.SERVICE_SIGNALLED, service, null, runId, null, name + " sent to the processes of "
                + jobs.size() + " running job(s) of " + service, Map.of("signal", name, "number", signal, "jobs", jobs));
    }

    /** hero-proc itself started or is stopping. */
    void lifecycle(EventType type, String message) {
        event(type, null, null, null, null, message, Map.of());
    }

    /** Forgets an old attempt: its row, its output and its usage (a crash loop keeps only its latest attempts). */
    void deleteJob(long jobId) {
        writer.delete(jobId);
    }

    void run(LiveRun live) {
        StoredRun r = copy(live, null);
        stateMayHaveChanged(r);
    }

    void runEnded(LiveRun live) {
        StoredRun r = copy(live, now());
        if (r != null) {
            event(EventType.RUN_ENDED, r.service(), null, r.id(), null, "run " + r.id() + " ended " + r.status().wire()
                    + (r.reason() == null ? "" : ": " + r.reason()), Map.of("status", r.status().wire()));
            stateMayHaveChanged(r);
        }
    }

    private StoredRun copy(LiveRun live, Instant endedAt) {
        StoredRun r = writer.run(live.id);
        if (r == null) {
            LOG.warnf("run %d is not known to the store; its change is not recorded", live.id);
            return null;
        }
        StoredRun changed = r.with(live.status, live.reason, live.stoppedOnRequest(), live.restarts,
                endedAt == null ? live.nextRestartAt : null, endedAt);
        writer.put(changed);
        return changed;
    }

    private StoredJob job(long jobId, UnaryOperator<StoredJob> change) {
        StoredJob j = writer.job(jobId);
        if (j == null) {
            LOG.warnf("job %d is not known to the store; its change is not recorded", jobId);
            return null;
        }
        StoredJob changed = change.apply(j);
        writer.put(changed);
        return changed;
    }

    /** The service's actual state, as the status query derives it, reported when it changes. */
    private void stateMayHaveChanged(StoredRun run) {
        if (run == null) {
            return;
        }
        int running = writer.runningJobs(run.id());
        String state = ServiceState.of(run.status().wire(), run.ended(), run.stopRequested(), running,
                run.nextRestartAt() != null).wire();
        if (!state.equals(states.put(run.service(), state))) {
            event(EventType.SERVICE_STATE, run.service(), null, run.id(), null, run.service() + " is " + state
                    + (run.reason() == null ? "" : ": " + run.reason()), Map.of("state", state));
        }
    }

    private void event(EventType type, String service, String action, Long run, Long job, String message,
            Map<String, Object> data) {
        writer.event(Event.of(type, service, action, run, job, origins.current(), message, data));
    }

    /** Runs left open by a previous hero-proc (it was killed, or the machine went down). */
    @ActivateRequestContext
    List<Run> openRuns() {
        return Run.<Run>list("endedAt is null order by id");
    }

    /** Closes a run found open at boot, after its processes were stopped (boot, before anything runs). */
    void closeInterrupted(long runId, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant at = now();
            for (Job j : Job.<Job>list("runId = ?1 and phase in ?2", runId, List.of(JobPhase.PENDING, JobPhase.RUNNING))) {
                j.phase = j.phase == JobPhase.PENDING ? JobPhase.SKIPPED : JobPhase.FAILED;
                j.reason = reason;
                j.endedAt = at;
            }
            Run run = Run.findById(runId);
            run.status = RunStatus.ERROR;
            run.reason = reason;
            run.stopRequested = true;
            run.nextRestartAt = null;
            run.endedAt = at;
        });
    }

    /** Which of {@code jobIds} are jobs of {@code service} (of any service if null), with the action each ran. */
    @ActivateRequestContext
    Map<Long, String> jobsOf(String service, java.util.Collection<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> known = new java.util.HashMap<>();
        for (long id : jobIds) {
            StoredJob live = writer.job(id);
            if (live != null && (service == null || live.service().equals(service))) {
                known.put(id, live.action());
            }
        }
        List<Job> stored = service == null ? Job.list("id in ?1", List.copyOf(jobIds))
                : Job.list("service = ?1 and id in ?2", service, List.copyOf(jobIds));
        stored.forEach(j -> known.putIfAbsent(j.id, j.action));
        return known;
    }
}
