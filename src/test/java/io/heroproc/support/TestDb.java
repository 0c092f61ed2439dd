package io.heroproc.support;

import io.agroal.api.AgroalDataSource;
import io.heroproc.config.HeroProcConfig;
import io.heroproc.model.Action;
import io.heroproc.model.ActionKind;
import io.heroproc.model.JobPhase;
import io.heroproc.model.Run;
import io.heroproc.model.RunStatus;
import io.heroproc.model.Service;
import io.heroproc.model.RestartPolicy;
import io.heroproc.model.Wanted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Direct database access for tests: inserting runs and jobs (there is no engine yet to make
 * them), raw SQL such as triggers, and snapshots to prove a refused request changed nothing.
 */
@ApplicationScoped
public class TestDb {

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HeroProcConfig config;

    /** A connection of the test's own to the SQLite file, outside the application's pool. */
    public Connection ownConnection() throws SQLException {
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + config.dataDir().toAbsolutePath().resolve("hero-proc.db"),
                new java.util.Properties());
    }

    /**
     * Ids of the rows tests insert themselves: far above what the supervisor hands out (it keeps
     * its own count, from the highest id at boot), so the two never meet.
     */
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong(
            1_000_000_000L + System.nanoTime() % 1_000_000L * 1_000L);

    /** Inserts a run; {@code endedAt} null means it is still going. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long run(String service, RunStatus status, boolean stopRequested, Instant startedAt, Instant endedAt) {
        long id = IDS.incrementAndGet();
        em.createNativeQuery("INSERT INTO runs (id, service, status, stop_requested, restarts, started_at, ended_at) "
                + "VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)").setParameter(1, id).setParameter(2, service)
                .setParameter(3, status.wire()).setParameter(4, stopRequested ? 1 : 0)
                .setParameter(5, startedAt.toEpochMilli()).setParameter(6, endedAt == null ? null : endedAt.toEpochMilli())
                .executeUpdate();
        return id;
    }

    /** Sets the human reason of a run. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void reason(long runId, String reason) {
        Run run = Run.findById(runId);
        run.reason = reason;
    }

    /** Puts a live run into a restart backoff: {@code restarts} done, the next one due at {@code at}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void backoff(long runId, int restarts, Instant at, String reason) {
        Run run = Run.findById(runId);
        run.restarts = restarts;
        run.nextRestartAt = at.truncatedTo(ChronoUnit.MILLIS);
        run.reason = reason;
    }

    /** Inserts a job of {@code runId}; {@code pid} is set for running (and ended) jobs. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long job(long runId, String service, String action, JobPhase phase, Long pid, Integer exitCode) {
        long id = IDS.incrementAndGet();
        long now = Instant.now().toEpochMilli();
        boolean started = phase != JobPhase.PENDING && phase != JobPhase.SKIPPED;
        boolean ended = phase == JobPhase.SUCCEEDED || phase == JobPhase.FAILED;
        em.createNativeQuery("INSERT INTO jobs (id, run_id, service, action, attempt, phase, ready, pid, exit_code, "
                + "created_at, started_at, ended_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
                .setParameter(1, id).setParameter(2, runId).setParameter(3, service).setParameter(4, action)
                .setParameter(5, phase.wire())
                .setParameter(6, phase == JobPhase.RUNNING || phase == JobPhase.SUCCEEDED ? 1 : 0)
                .setParameter(7, pid).setParameter(8, exitCode).setParameter(9, now)
                .setParameter(10, started ? now : null).setParameter(11, ended ? now : null).executeUpdate();
        return id;
    }

    /**
     * Stores one oneshot action and {@code names.size()} services running it, in one transaction:
     * a fast way to a large catalog. Services are {@code spec}: stored only, never started.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void manyServices(String actionName, List<String> names) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Action action = new Action();
        action.name = actionName;
        action.interpreter = "exec";
        action.script = "true";
        action.kind = ActionKind.ONESHOT;
        action.env = Map.of();
        action.dependsOn = List.of();
        action.stopSignal = "TERM";
        action.stopGraceMs = 10_000;
        action.createdAt = now;
        action.updatedAt = now;
        action.persist();
        for (String name : names) {
            Service s = new Service();
            s.name = name;
            s.actions = List.of(actionName);
            s.requires = List.of();
            s.wanted = Wanted.SPEC;
            s.restartPolicy = RestartPolicy.NEVER;
            s.backoffInitialMs = 1000;
            s.backoffFactor = 2;
            s.backoffMaxMs = 60_000;
            s.backoffJitter = 0.1;
            s.resetAfterMs = 60_000;
            s.createdAt = now;
            s.updatedAt = now;
            s.persist();
        }
    }

    /** Runs one SQL statement on its own connection (auto-commit), outside any transaction. */
    public void execute(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot execute " + sql, e);
        }
    }

    /**
     * What the stored model looks like: every action and service with its update time, row counts
     * and largest ids, and the runs and jobs of the services whose names start with
     * {@code servicePrefix}. Two equal snapshots mean no write happened in between.
     *
     * <p>Runs and jobs are scoped because the supervisor may be running services other tests
     * wanted started, in the background, at any time.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Map<String, Object> snapshot(String servicePrefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String table : List.of("actions", "services")) {
            Object[] row = (Object[]) em.createNativeQuery("SELECT count(*), coalesce(max(id), 0) FROM " + table)
                    .getSingleResult();
            out.put(table + ".count", ((Number) row[0]).longValue());
            out.put(table + ".max_id", ((Number) row[1]).longValue());
            List<String> rows = new ArrayList<>();
            for (Object r : em.createNativeQuery("SELECT name || '@' || updated_at FROM " + table + " ORDER BY name")
                    .getResultList()) {
                rows.add((String) r);
            }
            out.put(table + ".rows", rows);
        }
        for (String table : List.of("runs", "jobs")) {
            Object[] row = (Object[]) em.createNativeQuery("SELECT count(*), coalesce(max(id), 0) FROM " + table
                    + " WHERE substr(service, 1, length(?1)) = ?1").setParameter(1, servicePrefix).getSingleResult();
            out.put(table + ".count", ((Number) row[0]).longValue());
            out.put(table + ".max_id", ((Number) row[1]).longValue());
        }
        return out;
    }

    /** Counts rows of a table matching a native SQL condition with one string parameter. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long count(String table, String where, String param) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM " + table + " WHERE " + where)
                .setParameter(1, param).getSingleResult()).longValue();
    }
}
