package io.heroproc.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ObjIntConsumer;

/**
 * Containment without cgroups: a process belongs to a job when its environment carries the job's
 * marks ({@link JobMarks}), when it descends from a member (by parent), or when it is in a
 * member's session. The marks survive {@code setsid}, double forks and re-parenting to hero-proc;
 * what empties its environment and also leaves the job's ancestry and session escapes, and only
 * a cgroup stops that. An environment never changes after exec, so it is read once per process.
 */
final class TrackedContainment implements Containment {

    /** Attribution by marks, per (pid, start time): the job id, or -1 for "not a job of ours". */
    private final Map<String, Long> marks = new ConcurrentHashMap<>();
    private final String instance;
    private final ObjIntConsumer<ProcessId> signaller;
    private final Units units;

    TrackedContainment(String instance, ObjIntConsumer<ProcessId> signaller, Units units) {
        this.instance = instance;
        this.signaller = signaller;
        this.units = units;
    }

    @Override
    public String kind() {
        return "tracking";
    }

    @Override
    public SpawnSpec enter(long jobId, SpawnSpec spec) {
        return spec.withEnv(JobMarks.marked(spec.env(), instance, jobId));
    }

    @Override
    public Map<Long, JobMembers> jobs() {
        return units.grouped(attribute(ProcStat.all()));
    }

    @Override
    public void signal(long jobId, int signal) {
        List<ProcStat> members = attribute(ProcStat.all()).get(jobId);
        if (members != null) {
            members.forEach(p -> signaller.accept(new ProcessId(p.pid(), -1, p.startTime()), signal));
        }
    }

    @Override
    public void release(long jobId) {
        // Nothing is kept per job: marks die with their processes.
    }

    /** The live processes of each job of this instance, from one scan. */
    private Map<Long, List<ProcStat>> attribute(List<ProcStat> all) {
        Map<Long, ProcStat> byPid = new HashMap<>();
        List<ProcStat> live = new ArrayList<>();
        for (ProcStat p : all) {
            if (!p.zombie()) {
                byPid.put(p.pid(), p);
                live.add(p);
            }
        }
        marks.keySet().removeIf(key -> !byPid.containsKey(Long.parseLong(key.substring(0, key.indexOf(':')))));
        Map<Long, Long> jobOf = new HashMap<>();
        Map<Long, Long> sessionJob = new HashMap<>();
        for (ProcStat p : live) {
            long job = marks.computeIfAbsent(p.pid() + ":" + p.startTime(), k -> {
                OptionalLong marked = JobMarks.jobOf(p.pid(), instance);
                return marked.isPresent() ? marked.getAsLong() : -1L;
            });
            if (job >= 0) {
                jobOf.put(p.pid(), job);
                sessionJob.putIfAbsent(p.session(), job);
            }
        }
        for (ProcStat p : live) {
            if (!jobOf.containsKey(p.pid())) {
                Long job = sessionJob.get(p.session());
                if (job == null) {
                    job = ancestorJob(p, byPid, jobOf);
                }
                if (job != null) {
                    jobOf.put(p.pid(), job);
                }
            }
        }
        Map<Long, List<ProcStat>> jobs = new HashMap<>();
        for (ProcStat p : live) {
            Long job = jobOf.get(p.pid());
            if (job != null) {
                jobs.computeIfAbsent(job, j -> new ArrayList<>()).add(p);
            }
        }
        return jobs;
    }

    private static Long ancestorJob(ProcStat p, Map<Long, ProcStat> byPid, Map<Long, Long> jobOf) {
        ProcStat at = p;
        for (int depth = 0; depth < 64 && at != null && at.ppid() > 1; depth++) {
            Long job = jobOf.get(at.ppid());
            if (job != null) {
                return job;
            }
            at = byPid.get(at.ppid());
        }
        return null;
    }
}
