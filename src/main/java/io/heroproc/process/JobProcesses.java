package io.heroproc.process;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * A job's processes as one thing: started contained ({@link Containment}), stopped all together
 * (the stop signal to every one of them, the grace period for all to leave, then SIGKILL to what
 * remains), measured together. The leader's exit is the job's exit status; the job is over only
 * when its last process is gone.
 */
public final class JobProcesses {

    private static final Logger LOG = Logger.getLogger(JobProcesses.class);
    /** How long processes get to vanish after SIGKILL (it cannot be ignored, but a process in D state waits). */
    static final Duration AFTER_KILL = Duration.ofSeconds(5);
    private static final long SNAPSHOT_MILLIS = 250;

    private final ProcessBackend backend;
    private final Containment containment;
    private final GoneWatch<Set<Long>, Long> watch;
    private volatile Snapshot latest = new Snapshot(Map.of(), 0);

    private record Snapshot(Map<Long, JobMembers> jobs, long takenNanos) {
    }

    public JobProcesses(ProcessBackend backend, Containment containment) {
        this.backend = backend;
        this.containment = containment;
        this.watch = new GoneWatch<Set<Long>, Long>("job-watch", jobs -> containment.jobs(jobs).keySet(),
                (live, job) -> !live.contains(job));
    }

    public String containment() {
        return containment.kind();
    }

    /** Starts job {@code jobId}: inside its containment, with its marks in its environment. */
    public RunningProcess spawn(long jobId, SpawnSpec spec) throws SpawnException {
        return backend.spawn(containment.enter(jobId, spec));
    }

    /** The live processes of every job that has some, now: what decisions are made on. */
    public Map<Long, JobMembers> members() {
        Snapshot s = new Snapshot(containment.jobs(), System.nanoTime());
        latest = s;
        return s.jobs;
    }

    /**
     * The live processes of every job, from a look at the system at most a quarter of a second
     * old: for what is only shown (status, usage), which is asked often, for many jobs at once.
     */
    public Map<Long, JobMembers> recentMembers() {
        Snapshot s = latest;
        if (System.nanoTime() - s.takenNanos > TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_MILLIS)) {
            s = new Snapshot(containment.jobs(), System.nanoTime());
            latest = s;
        }
        return s.jobs;
    }

    /** The jobs that may have live processes, as cheaply as the containment can tell. */
    public Set<Long> jobIds() {
        // Tracking finds jobs by a scan of /proc: one recent scan answers both this and membersOf.
        return containment.readsJobsApart() ? containment.jobIds() : recentMembers().keySet();
    }

    /** The live processes of these jobs, now (only of these, where the containment can look at one job alone). */
    public Map<Long, JobMembers> membersOf(Set<Long> jobs) {
        if (containment.readsJobsApart()) {
            return containment.jobs(jobs);
        }
        Map<Long, JobMembers> some = new java.util.HashMap<>(recentMembers());
        some.keySet().retainAll(jobs);
        return some;
    }

    /** Sends {@code signal} to every process of the job, its leader included. */
    public void signal(RunningProcess leader, long jobId, int signal) {
        JobMembers members = members(jobId);
        containment.signal(jobId, signal);
        // A leader that failed to enter its cgroup is still the job's: signalled through its group.
        if (leader != null && (members == null || !members.pids().contains(leader.pid()))) {
            backend.signal(leader.id(), signal);
        }
    }

    /**
     * Stops the job: {@code signal} to all its processes, at most {@code grace} for all of them to
     * leave, then SIGKILL to what remains. Completes with the leader's exit status once every
     * process is gone (or, for one that survives SIGKILL, after {@link #AFTER_KILL}).
     */
    public CompletableFuture<ExitStatus> stop(RunningProcess leader, long jobId, int signal, Duration grace) {
        CompletableFuture<ExitStatus> result = new CompletableFuture<>();
        Thread.ofVirtual().name("stop-job-" + jobId).start(() -> {
            try {
                result.complete(runStop(leader, jobId, signal, grace));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /**
     * Stops what is left of a job whose leader has exited: the same sequence without a leader.
     * Completes with how many processes were left (0: nothing to do).
     */
    public CompletableFuture<Integer> stopLeftovers(long jobId, int signal, Duration grace) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread.ofVirtual().name("leftovers-" + jobId).start(() -> {
            try {
                JobMembers left = members(jobId);
                if (left != null) {
                    runStop(null, jobId, signal, grace);
                } else {
                    containment.release(jobId);
                }
                result.complete(left == null ? 0 : left.pids().size());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** SIGKILL to every process of every job: shutdown's last resort. Returns how many jobs had some. */
    public int killAll() {
        Map<Long, JobMembers> jobs = containment.jobs();
        jobs.keySet().forEach(job -> containment.signal(job, Signals.SIGKILL));
        return jobs.size();
    }

    /** Whether the job's leader is still the live process that was started. */
    public boolean alive(RunningProcess leader) {
        // The periodic pass asks this of every running job: for our own unreaped children, no /proc read.
        return backend.awaitsExit(leader) || backend.isAlive(leader.id());
    }

    /** One job's live processes (null: none): its cgroup alone is read, not every job's. */
    private JobMembers members(long jobId) {
        return containment.jobs(Set.of(jobId)).get(jobId);
    }

    /** Drops what was kept for a job once its processes are gone. */
    public void release(long jobId) {
        containment.release(jobId);
    }

    private ExitStatus runStop(RunningProcess leader, long jobId, int signal, Duration grace)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + grace.toNanos();
        signal(leader, jobId, signal);
        if (leader != null) {
            try {
                leader.exit().get(grace.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // the check below SIGKILLs it
            }
        }
        if (!awaitGone(jobId, deadline) || leader != null && !leader.exit().isDone()) {
            LOG.infof("job %d: processes still running %s after %s; sending SIGKILL", jobId, Signals.name(signal),
                    grace);
            signal(leader, jobId, Signals.SIGKILL);
        }
        ExitStatus status = null;
        if (leader != null) {
            try {
                status = leader.exit().get(AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("job " + jobId + ": pid " + leader.pid() + " did not exit "
                        + AFTER_KILL.toSeconds() + " s after SIGKILL (uninterruptible sleep?)");
            }
        }
        if (awaitGone(jobId, System.nanoTime() + AFTER_KILL.toNanos())) {
            containment.release(jobId);
        } else {
            LOG.warnf("job %d: processes survive SIGKILL (uninterruptible sleep?): %s", jobId,
                    members(jobId));
        }
        return status;
    }

    private boolean awaitGone(long jobId, long deadline) throws InterruptedException, ExecutionException {
        CompletableFuture<Void> gone = watch.gone(jobId);
        long wait = Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(3 * GoneWatch.TICK_MILLIS));
        try {
            gone.get(wait, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } finally {
            gone.cancel(false);
        }
    }
}
