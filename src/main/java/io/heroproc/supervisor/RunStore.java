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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every supervision transition, written as it happens: each call is its own short transaction,
 * so what the API and the dashboard read is what the supervisor knows.
 */
@ApplicationScoped
public class RunStore {

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
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
        return QuarkusTransaction.requiringNew().call(() -> {
            Run run = new Run();
            run.service = service;
            run.status = RunStatus.STARTING;
            run.reason = reason;
            run.startedAt = now();
            run.persist();
            return run.id;
        });
    }

    long createJob(long runId, String service, String action, int attempt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = new Job();
            job.runId = runId;
            job.service = service;
            job.action = action;
            job.attempt = attempt;
            job.phase = JobPhase.PENDING;
            job.createdAt = now();
            job.persist();
            return job.id;
        });
    }

    void jobStarted(long jobId, ProcessId pid, Instant at, boolean ready) {
        job(jobId, j -> {
            j.phase = JobPhase.RUNNING;
            j.pid = pid.pid();
            j.pgid = pid.pgid();
            j.startTicks = pid.startTimeTicks();
            j.startedAt = at.truncatedTo(ChronoUnit.MILLIS);
            j.ready = ready;
        });
    }

    void jobHealth(long jobId, String health) {
        job(jobId, j -> j.health = health);
    }

    void jobReady(long jobId, boolean ready) {
        job(jobId, j -> j.ready = ready);
    }

    void jobEnded(long jobId, JobPhase phase, ExitStatus status, String reason, boolean ready) {
        job(jobId, j -> {
            j.phase = phase;
            j.ready = ready;
            j.exitCode = status == null ? null : status.exitCode();
            j.signal = status == null ? null : status.signal();
            j.reason = reason;
            Instant ended = status == null ? now() : status.at().truncatedTo(ChronoUnit.MILLIS);
            // The reaper may stamp an instant exit before the spawner stamped the start.
            j.endedAt = j.startedAt != null && ended.isBefore(j.startedAt) ? j.startedAt : ended;
        });
    }

    void run(LiveRun live) {
        QuarkusTransaction.requiringNew().run(() -> copy(live, Run.findById(live.id)));
    }

    void runEnded(LiveRun live) {
        QuarkusTransaction.requiringNew().run(() -> {
            Run run = copy(live, Run.findById(live.id));
            run.nextRestartAt = null;
            run.endedAt = now();
        });
    }

    private static Run copy(LiveRun live, Run run) {
        run.status = live.status;
        run.reason = live.reason;
        run.stopRequested = live.stopping;
        run.restarts = live.restarts;
        run.nextRestartAt = live.nextRestartAt;
        return run;
    }

    /** Runs left open by a previous hero-proc (it was killed, or the machine went down). */
    @ActivateRequestContext
    List<Run> openRuns() {
        return Run.<Run>list("endedAt is null order by id");
    }

    @ActivateRequestContext
    List<Job> openJobs(long runId) {
        return Job.<Job>list("runId = ?1 and phase in ?2 order by id", runId,
                List.of(JobPhase.PENDING, JobPhase.RUNNING));
    }

    /** Closes a run found open at boot, after its processes were stopped. */
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
        List<Job> jobs = service == null ? Job.list("id in ?1", List.copyOf(jobIds))
                : Job.list("service = ?1 and id in ?2", service, List.copyOf(jobIds));
        return jobs.stream().collect(Collectors.toMap(j -> j.id, j -> j.action));
    }

    /** Whether the latest run of {@code service} ended by itself (completed, or gave up). */
    @ActivateRequestContext
    boolean settled(String service) {
        return Run.<Run>find("service = ?1 order by id desc", service)
                .firstResultOptional().map(r -> r.endedAt != null && !r.stopRequested).orElse(false);
    }

    private static void job(long jobId, java.util.function.Consumer<Job> change) {
        QuarkusTransaction.requiringNew().run(() -> change.accept(Job.findById(jobId)));
    }
}
