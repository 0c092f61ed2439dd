package io.heroproc.status;

import io.heroproc.model.Clock;
import io.heroproc.model.Wanted;
import io.heroproc.model.WireEnum;
import io.heroproc.process.JobMembers;
import io.heroproc.process.JobProcesses;
import io.heroproc.schedule.ServiceSchedules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.EntityManager;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers the status of every service, or of one, with a single SQL statement: the latest run of
 * each service joined with the aggregate of its jobs. The dashboard and the bulk API call rely on
 * this being one query however many services exist.
 */
@ApplicationScoped
public class ServiceStatusQuery {

    private static final String SQL = """
            SELECT s.name AS name, s.wanted AS wanted, r.id AS run_id, r.status AS run_status,
                   r.reason AS run_reason, r.stop_requested AS stop_requested, r.restarts AS restarts,
                   r.next_restart_at AS next_restart_at, r.started_at AS run_started, r.ended_at AS run_ended,
                   j.running AS running, j.pids AS pids, j.cpu AS cpu, j.rss AS rss, j.health_rank AS health_rank,
                   j.last_started AS last_started, j.last_ended AS last_ended
            FROM services s
            LEFT JOIN runs r ON r.id = (SELECT max(id) FROM runs WHERE service = s.name)
            LEFT JOIN (
                SELECT run_id,
                       sum(phase = 'running') AS running,
                       group_concat(CASE WHEN phase = 'running' THEN id || ':' || coalesce(pid, 0) END) AS pids,
                       sum(CASE WHEN phase = 'running' THEN cpu_percent END) AS cpu,
                       sum(CASE WHEN phase = 'running' THEN rss_bytes END) AS rss,
                       max(CASE WHEN phase = 'running' THEN
                           CASE health WHEN 'unhealthy' THEN 3 WHEN 'starting' THEN 2 WHEN 'healthy' THEN 1 END
                       END) AS health_rank,
                       max(started_at) AS last_started, max(ended_at) AS last_ended
                FROM jobs
                WHERE run_id IN (SELECT max(id) FROM runs GROUP BY service)
                GROUP BY run_id
            ) j ON j.run_id = r.id
            %s
            ORDER BY s.name
            """;
    private static final String[] HEALTH = {null, "healthy", "starting", "unhealthy"};

    @Inject
    EntityManager em;

    @Inject
    JobProcesses processes;

    @Inject
    ServiceSchedules schedules;

    // Not @Transactional: every transaction here is BEGIN IMMEDIATE, which takes SQLite's write
    // lock; a plain read runs on a WAL snapshot beside the writers.
    @ActivateRequestContext
    public List<ServiceStatus> all() {
        Map<Long, JobMembers> members = processes.recentMembers();
        return typed(em.createNativeQuery(SQL.formatted(""))).getResultList().stream()
                .map(r -> toStatus(r, members, schedules)).toList();
    }

    @ActivateRequestContext
    public Optional<ServiceStatus> of(String service) {
        Map<Long, JobMembers> members = processes.recentMembers();
        return typed(em.createNativeQuery(SQL.formatted("WHERE s.name = ?1"))).setParameter(1, service)
                .getResultList().stream().map(r -> toStatus(r, members, schedules)).findFirst();
    }

    /**
     * Declares the type of every column. Left to itself, Hibernate guesses a column's type from
     * what SQLite reports for an expression (e.g. numeric for {@code pids} when one pid runs),
     * and then fails on the next row ("4242,4243").
     */
    @SuppressWarnings("unchecked")
    private static NativeQuery<Object[]> typed(jakarta.persistence.Query query) {
        NativeQuery<Object[]> q = query.unwrap(NativeQuery.class);
        return q.addScalar("name", StandardBasicTypes.STRING).addScalar("wanted", StandardBasicTypes.STRING)
                .addScalar("run_id", StandardBasicTypes.LONG).addScalar("run_status", StandardBasicTypes.STRING)
                .addScalar("run_reason", StandardBasicTypes.STRING)
                .addScalar("stop_requested", StandardBasicTypes.LONG).addScalar("restarts", StandardBasicTypes.LONG)
                .addScalar("next_restart_at", StandardBasicTypes.LONG)
                .addScalar("run_started", StandardBasicTypes.LONG).addScalar("run_ended", StandardBasicTypes.LONG)
                .addScalar("running", StandardBasicTypes.LONG).addScalar("pids", StandardBasicTypes.STRING)
                .addScalar("cpu", StandardBasicTypes.DOUBLE).addScalar("rss", StandardBasicTypes.LONG)
                .addScalar("health_rank", StandardBasicTypes.LONG)
                .addScalar("last_started", StandardBasicTypes.LONG)
                .addScalar("last_ended", StandardBasicTypes.LONG);
    }

    /**
     * Every live process of the running jobs, whatever group or session it moved to; a job just
     * started, not yet in the latest look at the system, shows its leader.
     */
    private static List<Long> pids(String jobPids, Map<Long, JobMembers> members) {
        if (jobPids == null) {
            return List.of();
        }
        return Arrays.stream(jobPids.split(",")).flatMap(pair -> {
            String[] idAndPid = pair.split(":");
            JobMembers live = members.get(Long.valueOf(idAndPid[0]));
            long leader = Long.parseLong(idAndPid[1]);
            return live != null ? live.pids().stream() : leader > 0 ? java.util.stream.Stream.of(leader)
                    : java.util.stream.Stream.empty();
        }).distinct().sorted().toList();
    }

    private static ServiceStatus toStatus(Object[] row, Map<Long, JobMembers> members, ServiceSchedules schedules) {
        String name = (String) row[0];
        Wanted wanted = WireEnum.parse(Wanted.class, (String) row[1]).orElseThrow();
        Long runId = asLong(row[2]);
        String runStatus = (String) row[3];
        String runReason = (String) row[4];
        boolean stopRequested = asLong(row[5]) != null && asLong(row[5]) != 0;
        int restarts = runId == null ? 0 : asLong(row[6]).intValue();
        Instant nextRestart = instant(row[7]);
        Instant runStarted = instant(row[8]);
        Instant runEnded = instant(row[9]);
        int running = row[10] == null ? 0 : asLong(row[10]).intValue();
        List<Long> pids = pids((String) row[11], members);
        Double cpu = row[12] == null ? null : ((Number) row[12]).doubleValue();
        Long rss = asLong(row[13]);
        String health = row[14] == null ? null : HEALTH[asLong(row[14]).intValue()];
        Instant lastStarted = instant(row[15]);
        Instant lastEnded = instant(row[16]);

        ServiceState state = ServiceState.of(runStatus, runEnded != null, stopRequested, running, nextRestart != null);
        Instant since = switch (state) {
            case INACTIVE -> null;
            case SUCCESS, FAILED, EXITED -> runEnded;
            case RUNNING -> lastStarted != null ? lastStarted : runStarted;
            // Down since the exit that is being restarted.
            case RESTARTING -> lastEnded != null ? lastEnded : runStarted;
            default -> runStarted;
        };
        String reason = state == ServiceState.RESTARTING ? backoff(restarts, nextRestart, runReason)
                : reason(state, runReason, since);
        return new ServiceStatus(name, state.wire(), wanted, reason, since, pids, restarts, health, nextRestart, cpu,
                rss, runId, schedules.nextRunAt(name).orElse(null));
    }

    /** "backoff: restart 3 in 4.0 s (server exit 2 at 12:01:03)". */
    private static String backoff(int restarts, Instant at, String lastFailure) {
        double seconds = Math.max(0, at.toEpochMilli() - System.currentTimeMillis()) / 1000.0;
        return String.format(java.util.Locale.ROOT, "backoff: restart %d in %.1f s", restarts, seconds)
                + (lastFailure == null ? "" : " (" + lastFailure + ")");
    }

    private static String reason(ServiceState state, String runReason, Instant since) {
        if (runReason != null && !runReason.isBlank()) {
            return runReason;
        }
        String clock = since == null ? "" : Clock.hms(since);
        String at = since == null ? "" : " at " + clock;
        return switch (state) {
            case INACTIVE -> "never started";
            case STARTING -> "starting";
            case RESTARTING -> "restarting";
            case RUNNING -> "up since " + clock;
            case STOPPING -> "stopping";
            case SUCCESS -> "completed" + at;
            case FAILED -> "failed" + at;
            case EXITED -> "stopped" + at;
        };
    }

    private static Long asLong(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    private static Instant instant(Object o) {
        return o == null ? null : Instant.ofEpochMilli(((Number) o).longValue());
    }
}
