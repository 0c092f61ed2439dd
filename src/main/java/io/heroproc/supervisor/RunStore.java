package io.heroproc.supervisor;

import io.heroproc.model.Action;
import io.heroproc.model.Job;
import io.heroproc.model.JobPhase;
import io.heroproc.model.Run;
import io.heroproc.model.RunStatus;
import io.heroproc.model.Service;
import io.heroproc.process.ExitStatus;
import io.heroproc.process.ProcessId;
import io.heroproc.registry.ActionDef;
import io.heroproc.registry.ServiceDef;
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
        return Action.<Action>list("name in ?1", names).stream()
                .map(ActionDef::of).collect(Collectors.toMap(ActionDef::name, Function.identity()));
    }

    long createRun(String service, String reason) {
        long id = nextRun.getAndIncrement();
        writer.put(new StoredRun(id, service, RunStatus.STARTING, reason, false, 0, null, now(), null));
        return id;
    }

    long createJob(long runId, String service, String action, int attempt) {
        long id = nextJob.getAndIncrement();
        writer.put(new StoredJob(id, runId, service, action, attempt, JobPhase.PENDING, false, null, null, null, null,
                null, null, null, now(), null, null));
        return id;
    }

    void jobStarted(long jobId, ProcessId pid, Instant at, boolean ready) {
        job(jobId, j -> j.started(pid.pid(), pid.pgid(), pid.startTimeTicks(), at.truncatedTo(ChronoUnit.MILLIS),
                ready));
    }

    void jobHealth(long jobId, String health) {
        job(jobId, j -> j.withHealth(health));
    }

    void jobReady(long jobId, boolean ready) {
        job(jobId, j -> j.withReady(ready));
    }

    void jobEnded(long jobId, JobPhase phase, ExitStatus status, String reason, boolean ready) {
        job(jobId, j -> {
            Instant ended = status == null ? now() : status.at().truncatedTo(ChronoUnit.MILLIS);
            // The reaper may stamp an instant exit before the spawner stamped the start.
            Instant at = j.startedAt() != null && ended.isBefore(j.startedAt()) ? j.startedAt() : ended;
            return j.ended(phase, status == null ? null : status.exitCode(), status == null ? null : status.signal(),
                    reason, ready, at);
        });
    }

    /** Forgets an old attempt: its row, its output and its usage (a crash loop keeps only its latest attempts). */
    void deleteJob(long jobId) {
        writer.delete(jobId);
    }

    void run(LiveRun live) {
        copy(live, null);
    }

    void runEnded(LiveRun live) {
        copy(live, now());
    }

    private void copy(LiveRun live, Instant endedAt) {
        StoredRun r = writer.run(live.id);
        if (r == null) {
            LOG.warnf("run %d is not known to the store; its change is not recorded", live.id);
            return;
        }
        writer.put(r.with(live.status, live.reason, live.stoppedOnRequest(), live.restarts,
                endedAt == null ? live.nextRestartAt : null, endedAt));
    }

    private void job(long jobId, UnaryOperator<StoredJob> change) {
        StoredJob j = writer.job(jobId);
        if (j == null) {
            LOG.warnf("job %d is not known to the store; its change is not recorded", jobId);
            return;
        }
        writer.put(change.apply(j));
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
