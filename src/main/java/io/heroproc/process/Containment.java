package io.heroproc.process;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps track of every process a job starts, and every descendant, until each is gone: the job's
 * leader, what it forks, what moves to a session or group of its own, what double-forks away and
 * is handed to hero-proc as an orphan. Two ways: a cgroup v2 per job where hero-proc can make
 * one ({@link CgroupContainment}, which nothing escapes without privileges), otherwise tracking by
 * the marker every job carries in its environment from birth, by ancestry and by session
 * ({@link TrackedContainment}).
 *
 * <p>Jobs are known by id within one hero-proc instance (one data directory): a process of
 * another instance is never counted, signalled or stopped.
 */
public interface Containment {

    /** {@code cgroup} or {@code tracking}. */
    String kind();

    /**
     * The spec to spawn for job {@code jobId}: its environment names the instance and the job,
     * and where a cgroup is used the job enters it before its program runs.
     */
    SpawnSpec enter(long jobId, SpawnSpec spec) throws SpawnException;

    /** Every job of this instance that has live processes, from one look at the system. */
    Map<Long, JobMembers> jobs();

    /**
     * The live processes of these jobs only (those that have some). A containment that can look
     * at one job without looking at all (a cgroup each) reads only those.
     */
    default Map<Long, JobMembers> jobs(Set<Long> wanted) {
        Map<Long, JobMembers> all = new HashMap<>(jobs());
        all.keySet().retainAll(wanted);
        return all;
    }

    /** The jobs that may have live processes, as cheaply as the containment can tell (a superset of {@link #jobs()}'s keys). */
    default Set<Long> jobIds() {
        return jobs().keySet();
    }

    /** Whether {@link #jobs(Set)} looks at those jobs alone; if not, it costs a look at all of them. */
    default boolean readsJobsApart() {
        return false;
    }

    /** Sends {@code signal} to every live process of the job (SIGKILL all at once where the kernel can). */
    void signal(long jobId, int signal);

    /** The job has no process left and none will be started in it: drop what was kept for it. */
    void release(long jobId);
}
