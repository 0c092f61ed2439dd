package io.heroproc.usage;

import io.agroal.api.AgroalDataSource;
import io.heroproc.config.HeroProcConfig;
import io.heroproc.process.JobMembers;
import io.heroproc.process.JobProcesses;
import io.heroproc.process.ResourceSample;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Samples CPU and memory of every job (summed over all its live processes) at a fixed
 * interval (an idle one less often, see {@link #SLOWEST}): the latest values go on the job row
 * (status shows them), each sample into the job's history. CPU % is CPU time used since the
 * previous sample over wall time (100 = one core).
 */
@ApplicationScoped
public class UsageSampler {

    private static final Logger LOG = Logger.getLogger(UsageSampler.class);

    @Inject
    JobProcesses processes;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HeroProcConfig config;

    /**
     * A job whose figures do not move (an idle server) is looked at less and less often: every
     * interval at first, then every 2, 4, up to {@link #SLOWEST} intervals while nothing changes;
     * any change brings it back to every interval. With 500 idle services, reading every one of
     * them each interval was most of the supervisor's idle CPU.
     */
    static final int SLOWEST = 6;

    private final Map<Long, ResourceSample> previous = new HashMap<>();
    /** What each job row holds now: an unchanged value (an idle job) is not written again. */
    private final Map<Long, Latest> onRow = new HashMap<>();
    private final Map<Long, Pace> paces = new HashMap<>();
    private long tick;

    private record Latest(double cpu, long rss) {
    }

    /** Every how many intervals a job is read, and the tick it is read next. */
    private record Pace(int every, long due) {
        static final Pace NEW = new Pace(1, 0);

        Pace next(boolean changed, long tick) {
            int e = changed ? 1 : Math.min(SLOWEST, every * 2);
            return new Pace(e, tick + e);
        }
    }

    @Scheduled(every = "${hero-proc.usage.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void sample() {
        tick++;
        try (Connection c = dataSource.getConnection()) {
            Set<Long> jobs = processes.jobIds();
            previous.keySet().retainAll(jobs);
            onRow.keySet().retainAll(jobs);
            paces.keySet().retainAll(jobs);
            Set<Long> due = new HashSet<>();
            for (long job : jobs) {
                if (paces.getOrDefault(job, Pace.NEW).due() <= tick) {
                    due.add(job);
                }
            }
            if (due.isEmpty()) {
                return;
            }
            Map<Long, JobMembers> running = processes.membersOf(due);
            c.setAutoCommit(false);
            try (PreparedStatement latest = c.prepareStatement(
                    "UPDATE jobs SET cpu_percent = ?, rss_bytes = ? WHERE id = ?");
                    PreparedStatement history = c.prepareStatement(
                            "INSERT INTO job_usage (job_id, ts, cpu_percent, rss_bytes) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<Long, JobMembers> job : running.entrySet()) {
                    ResourceSample now = job.getValue().usage();
                    ResourceSample before = previous.put(job.getKey(), now);
                    if (before == null) {
                        paces.put(job.getKey(), Pace.NEW.next(true, tick));
                        continue;
                    }
                    double cpu = cpuPercent(before, now);
                    Latest value = new Latest(cpu, now.rssBytes());
                    boolean changed = !value.equals(onRow.put(job.getKey(), value));
                    paces.put(job.getKey(), paces.getOrDefault(job.getKey(), Pace.NEW).next(changed, tick));
                    if (changed) {
                        latest.setDouble(1, cpu);
                        latest.setLong(2, now.rssBytes());
                        latest.setLong(3, job.getKey());
                        latest.addBatch();
                    }
                    history.setLong(1, job.getKey());
                    history.setLong(2, now.at().toEpochMilli());
                    history.setDouble(3, cpu);
                    history.setLong(4, now.rssBytes());
                    history.addBatch();
                }
                latest.executeBatch();
                history.executeBatch();
                trim(c, running.keySet());
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            onRow.clear(); // the rows may not hold what was remembered: write them all next time
            paces.clear();
            LOG.warnf("usage sampling failed: %s", e.toString());
        }
    }

    static double cpuPercent(ResourceSample before, ResourceSample now) {
        long wallNanos = java.time.Duration.between(before.at(), now.at()).toNanos();
        if (wallNanos <= 0) {
            return 0;
        }
        double percent = 100.0 * Math.max(0, now.cpuNanos() - before.cpuNanos()) / wallNanos;
        return Math.round(percent * 10) / 10.0;
    }

    /**
     * Keeps about max-samples-per-job samples of each running job: those younger than that many
     * intervals. One indexed range delete per job; a "keep the newest N" subquery per row was the
     * supervisor's main idle cost at hundreds of jobs.
     */
    private void trim(Connection c, java.util.Set<Long> jobs) throws SQLException {
        long horizon = System.currentTimeMillis()
                - config.usage().interval().toMillis() * config.usage().maxSamplesPerJob();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM job_usage WHERE job_id = ? AND ts < ?")) {
            for (long job : jobs) {
                ps.setLong(1, job);
                ps.setLong(2, horizon);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
