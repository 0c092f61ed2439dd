package io.heroproc.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ObjIntConsumer;
import org.jboss.logging.Logger;

/**
 * A cgroup v2 per job, under {@code hero-proc.INSTANCE/} in hero-proc's own cgroup: the kernel
 * keeps every descendant of the job in it, whatever session, group or parent it moves to, and
 * {@code cgroup.kill} ends them all at once, even one that forks while being killed. No
 * controller is enabled, so nothing about how the processes run changes.
 *
 * <p>posix_spawn cannot start a child in a cgroup, so a job starts as {@code /bin/sh}, which
 * writes its own pid into the job's {@code cgroup.procs} and then execs the job's command line:
 * the program's first instruction already runs inside. The job also carries its marks
 * ({@link JobMarks}), which tell hero-proc whose it is should the cgroup be unavailable.
 */
final class CgroupContainment implements Containment {

    private static final Logger LOG = Logger.getLogger(CgroupContainment.class);
    // $0 is the cgroup.procs file, "$@" the command line. A failure is said on the job's stderr.
    private static final String ENTER = "echo $$ > \"$0\" || echo \"hero-proc: cannot enter cgroup $0\" >&2; "
            + "exec \"$@\"";
    private static final String JOB_PREFIX = "job-";

    private final Path root;
    private final String shell;
    private final String instance;
    private final ObjIntConsumer<ProcessId> signaller;
    private final Units units;

    private CgroupContainment(Path root, String shell, String instance, ObjIntConsumer<ProcessId> signaller,
            Units units) {
        this.root = root;
        this.shell = shell;
        this.instance = instance;
        this.signaller = signaller;
        this.units = units;
    }

    /** A containment under {@code cgroupDir} (hero-proc's own cgroup), if a cgroup can be made there. */
    static Optional<CgroupContainment> under(Path cgroupDir, String instance, ObjIntConsumer<ProcessId> signaller,
            Units units) {
        Optional<Path> shell = Executables.find("sh", Executables.DEFAULT_PATH, Path.of("/"));
        if (shell.isEmpty()) {
            LOG.info("no /bin/sh to enter job cgroups with: tracking jobs by their marks instead");
            return Optional.empty();
        }
        Path root = cgroupDir.resolve("hero-proc." + instance);
        try {
            Files.createDirectories(root);
            if (!Files.isWritable(root.resolve("cgroup.procs"))) {
                return Optional.empty();
            }
        } catch (IOException | SecurityException e) {
            LOG.debugf("cannot make a cgroup under %s: %s", cgroupDir, e.toString());
            return Optional.empty();
        }
        return Optional.of(new CgroupContainment(root, shell.get().toString(), instance, signaller, units));
    }

    /** hero-proc's own cgroup v2 directory, from /proc/self/cgroup and /proc/self/mountinfo. */
    static Optional<Path> ownCgroup() {
        try {
            String own = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                if (line.startsWith("0::")) {
                    own = line.substring(3);
                }
            }
            if (own == null) {
                return Optional.empty();
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] halves = line.split(" - ", 2);
                String[] f = halves[0].split(" ");
                if (halves.length == 2 && halves[1].startsWith("cgroup2 ") && f.length > 4
                        && own.startsWith(f[3])) {
                    String relative = own.substring(f[3].length()).replaceFirst("^/", "");
                    return Optional.of(Path.of(f[4]).resolve(relative));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("cannot find hero-proc's cgroup: %s", e.toString());
        }
        return Optional.empty();
    }

    @Override
    public String kind() {
        return "cgroup";
    }

    @Override
    public SpawnSpec enter(long jobId, SpawnSpec spec) throws SpawnException {
        Path dir = root.resolve(JOB_PREFIX + jobId);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SpawnException("cannot make the job's cgroup " + dir + ": " + e.getMessage(), e);
        }
        return spec.withEnv(JobMarks.marked(spec.env(), instance, jobId))
                .withLauncher(List.of(shell, "-c", ENTER, dir.resolve("cgroup.procs").toString()));
    }

    @Override
    public Map<Long, JobMembers> jobs() {
        return jobs(jobIds());
    }

    @Override
    public Map<Long, JobMembers> jobs(Set<Long> wanted) {
        Map<Long, List<ProcStat>> jobs = new HashMap<>();
        for (long job : wanted) {
            List<ProcStat> members = new ArrayList<>();
            for (long pid : pids(root.resolve(JOB_PREFIX + job))) {
                ProcStat.read(pid).filter(p -> !p.zombie()).ifPresent(members::add);
            }
            if (!members.isEmpty()) {
                jobs.put(job, members);
            }
        }
        return units.grouped(jobs);
    }

    @Override
    public boolean readsJobsApart() {
        return true;
    }

    /** The jobs with a cgroup: one directory listing, no process looked at. */
    @Override
    public Set<Long> jobIds() {
        Set<Long> ids = new HashSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, JOB_PREFIX + "*")) {
            for (Path dir : dirs) {
                ids.add(Long.parseLong(dir.getFileName().toString().substring(JOB_PREFIX.length())));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot read job cgroups under %s: %s", root, e.toString());
        }
        return ids;
    }

    @Override
    public void signal(long jobId, int signal) {
        Path dir = root.resolve(JOB_PREFIX + jobId);
        if (signal == Signals.SIGKILL && Files.exists(dir.resolve("cgroup.kill"))) {
            try {
                Files.writeString(dir.resolve("cgroup.kill"), "1");
                return;
            } catch (IOException e) {
                LOG.debugf("cgroup.kill of %s failed (%s): killing one by one", dir, e.toString());
            }
        }
        for (long pid : pids(dir)) {
            ProcStat.read(pid).ifPresent(p -> signaller.accept(new ProcessId(pid, -1, p.startTime()), signal));
        }
    }

    @Override
    public void release(long jobId) {
        Path dir = root.resolve(JOB_PREFIX + jobId);
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.debugf("cannot remove cgroup %s yet: %s", dir, e.toString());
        }
    }

    private static List<Long> pids(Path dir) {
        try {
            return Files.readAllLines(dir.resolve("cgroup.procs"), StandardCharsets.US_ASCII).stream()
                    .filter(s -> !s.isBlank()).map(Long::parseLong).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
