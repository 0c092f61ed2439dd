package io.heroproc.supervisor;

import io.agroal.api.AgroalDataSource;
import io.heroproc.events.Event;
import io.heroproc.events.EventSignal;
import io.heroproc.events.EventStore;
import io.heroproc.model.JobPhase;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Brings the runs and jobs tables to what the supervisor knows, on a thread of its own. The
 * supervisor's memory is the truth; the database follows it. A change marks its row dirty and
 * returns at once; the writer writes the latest state of every dirty row in one transaction, so
 * changes coalesce, and a crash-to-restart never waits for the disk. A write that fails (a full
 * disk, a locked file) is kept and retried, with backoff, until it succeeds: never dropped.
 * Meanwhile {@link #health()} says so (readiness goes down). Rows of ended runs and jobs are
 * forgotten once written.
 */
@ApplicationScoped
public class StoreWriter {

    private static final Logger LOG = Logger.getLogger(StoreWriter.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);
    private static final String UPSERT_RUN = """
            INSERT INTO runs (id, service, status, reason, stop_requested, restarts, next_restart_at, started_at, ended_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
                stop_requested = excluded.stop_requested, restarts = excluded.restarts,
                next_restart_at = excluded.next_restart_at, ended_at = excluded.ended_at""";
    private static final String UPSERT_JOB = """
            INSERT INTO jobs (id, run_id, service, action, attempt, phase, ready, health, pid, pgid, start_ticks,
                              exit_code, signal, reason, created_at, started_at, ended_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET phase = excluded.phase, ready = excluded.ready, health = excluded.health,
                pid = excluded.pid, pgid = excluded.pgid, start_ticks = excluded.start_ticks,
                exit_code = excluded.exit_code, signal = excluded.signal, reason = excluded.reason,
                started_at = excluded.started_at, ended_at = excluded.ended_at""";

    /** Whether every accepted change is in the database, and if not since when and why. */
    public record Health(boolean writing, Instant failingSince, String lastError, int pending) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EventStore eventStore;

    @Inject
    EventSignal eventSignal;

    private final Map<Long, StoredRun> runs = new ConcurrentHashMap<>();
    private final Map<Long, StoredJob> jobs = new ConcurrentHashMap<>();
    private final Set<Long> dirtyRuns = ConcurrentHashMap.newKeySet();
    private final Set<Long> dirtyJobs = ConcurrentHashMap.newKeySet();
    private final Set<Long> deletedJobs = ConcurrentHashMap.newKeySet();
    /** Events, in the order they happened, written with the rows changed before them. */
    private final java.util.concurrent.ConcurrentLinkedDeque<Event> events = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final AtomicLong changes = new AtomicLong();
    private final ConcurrentSkipListMap<Long, List<CompletableFuture<Void>>> barriers = new ConcurrentSkipListMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private volatile Health health = new Health(true, null, null, 0);
    private volatile long written;
    private volatile boolean stopping;
    private Thread thread;
    private List<String> jobTables;

    /** Starts the writing thread (once). */
    synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().name("hero-proc-store").daemon().start(this::run);
        }
    }

    StoredRun run(long id) {
        return runs.get(id);
    }

    StoredJob job(long id) {
        return jobs.get(id);
    }

    /** How many jobs of the run have a process up (what the status query counts as running). */
    int runningJobs(long runId) {
        return (int) jobs.values().stream().filter(j -> j.runId() == runId && j.phase() == JobPhase.RUNNING).count();
    }

    void put(StoredRun run) {
        runs.put(run.id(), run);
        dirtyRuns.add(run.id());
        changed();
    }

    void put(StoredJob job) {
        jobs.put(job.id(), job);
        dirtyJobs.add(job.id());
        changed();
    }

    /** Records an event, in the same transaction as the changes made before it. */
    void event(Event event) {
        events.addLast(event);
        changed();
    }

    /** Deletes a job's row and everything stored about it (its output, its usage). */
    void delete(long jobId) {
        jobs.remove(jobId);
        dirtyJobs.remove(jobId);
        deletedJobs.add(jobId);
        changed();
    }

    /** Completes once every change made before this call is in the database. */
    CompletableFuture<Void> written() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long target = changes.get();
        if (written >= target) {
            done.complete(null);
            return done;
        }
        barriers.computeIfAbsent(target, t -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(done);
        if (written >= target) {
            completeUpTo(written);
        }
        return done;
    }

    public Health health() {
        return health;
    }

    /** The next free ids for runs and jobs: one past the highest any table holds, so no id is ever reused. */
    long[] nextIds() {
        try (Connection c = dataSource.getConnection()) {
            long run = max(c, "SELECT max(id) FROM runs") + 1;
            run = Math.max(run, max(c, "SELECT max(run_id) FROM jobs") + 1);
            long job = 0;
            for (String table : jobTables(c)) {
                job = Math.max(job, max(c, "SELECT max(job_id) FROM " + table));
            }
            job = Math.max(job, max(c, "SELECT max(id) FROM jobs")) + 1;
            return new long[] { run, job };
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the highest run and job ids: " + e.getMessage(), e);
        }
    }

    private void changed() {
        changes.incrementAndGet();
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        while (!stopping || pending() > 0) {
            try {
                if (!awaitWork()) {
                    continue;
                }
                long upTo = changes.get();
                flush();
                written = upTo;
                completeUpTo(upTo);
                if (!health.writing()) {
                    LOG.infof("database writes work again (failing since %s)", health.failingSince());
                }
                health = new Health(true, null, null, 0);
                retry = FIRST_RETRY;
            } catch (SQLException | RuntimeException e) {
                Instant since = health.writing() ? Instant.now() : health.failingSince();
                if (health.writing()) {
                    LOG.errorf("cannot write the supervisor's state to the database (%s); retrying until it works",
                            e.toString());
                }
                health = new Health(false, since, e.getMessage(), pending());
                if (stopping) {
                    LOG.errorf("hero-proc stops with %d run/job change(s) not written: %s", pending(), e.getMessage());
                    return;
                }
                sleep(retry);
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    private int pending() {
        return dirtyRuns.size() + dirtyJobs.size() + deletedJobs.size() + events.size();
    }

    private boolean awaitWork() {
        lock.lock();
        try {
            if (pending() == 0 && !stopping) {
                work.await(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
        return pending() > 0;
    }

    /** Writes the latest state of every dirty row, and the deletions, in one transaction. */
    private void flush() throws SQLException {
        List<Long> runIds = take(dirtyRuns);
        List<Long> jobIds = take(dirtyJobs);
        List<Long> deleted = take(deletedJobs);
        List<Event> happened = new ArrayList<>();
        for (Event e = events.pollFirst(); e != null; e = events.pollFirst()) {
            happened.add(e);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<StoredRun> runRows = upsertRuns(c, runIds);
                List<StoredJob> jobRows = upsertJobs(c, jobIds);
                delete(c, deleted);
                eventStore.insert(c, happened);
                c.commit();
                if (!happened.isEmpty()) {
                    eventSignal.written();
                }
                // Ended rows are not needed any more once written, unless changed meanwhile.
                runRows.stream().filter(StoredRun::ended).forEach(r -> runs.remove(r.id(), r));
                jobRows.stream().filter(StoredJob::ended).forEach(j -> jobs.remove(j.id(), j));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            dirtyRuns.addAll(runIds);
            dirtyJobs.addAll(jobIds.stream().filter(jobs::containsKey).toList());
            deletedJobs.addAll(deleted);
            for (int i = happened.size() - 1; i >= 0; i--) {
                events.addFirst(happened.get(i));
            }
            throw e;
        }
    }

    private static List<Long> take(Set<Long> dirty) {
        List<Long> ids = new ArrayList<>(new LinkedHashSet<>(dirty));
        ids.forEach(dirty::remove);
        ids.sort(null);
        return ids;
    }

    private List<StoredRun> upsertRuns(Connection c, List<Long> ids) throws SQLException {
        List<StoredRun> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(UPSERT_RUN)) {
            for (long id : ids) {
                StoredRun r = runs.get(id);
                if (r == null) {
                    continue;
                }
                rows.add(r);
                ps.setLong(1, r.id());
                ps.setString(2, r.service());
                ps.setString(3, r.status().wire());
                ps.setString(4, r.reason());
                ps.setInt(5, r.stopRequested() ? 1 : 0);
                ps.setInt(6, r.restarts());
                millis(ps, 7, r.nextRestartAt());
                millis(ps, 8, r.startedAt());
                millis(ps, 9, r.endedAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return rows;
    }

    private List<StoredJob> upsertJobs(Connection c, List<Long> ids) throws SQLException {
        List<StoredJob> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(UPSERT_JOB)) {
            for (long id : ids) {
                StoredJob j = jobs.get(id);
                if (j == null) {
                    continue;
                }
                rows.add(j);
                ps.setLong(1, j.id());
                ps.setLong(2, j.runId());
                ps.setString(3, j.service());
                ps.setString(4, j.action());
                ps.setInt(5, j.attempt());
                ps.setString(6, j.phase().wire());
                ps.setInt(7, j.ready() ? 1 : 0);
                ps.setString(8, j.health());
                number(ps, 9, j.pid());
                number(ps, 10, j.pgid());
                number(ps, 11, j.startTicks());
                number(ps, 12, j.exitCode() == null ? null : (long) j.exitCode());
                number(ps, 13, j.signal() == null ? null : (long) j.signal());
                ps.setString(14, j.reason());
                millis(ps, 15, j.createdAt());
                millis(ps, 16, j.startedAt());
                millis(ps, 17, j.endedAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return rows;
    }

    private void delete(Connection c, List<Long> jobIds) throws SQLException {
        if (jobIds.isEmpty()) {
            return;
        }
        List<String> tables = new ArrayList<>(jobTables(c));
        for (String table : tables) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE job_id = ?")) {
                for (long id : jobIds) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
            for (long id : jobIds) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Every table that keeps something per job (output, usage…), whatever the schema grows to. */
    private List<String> jobTables(Connection c) throws SQLException {
        if (jobTables == null) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT m.name FROM sqlite_master m, "
                    + "pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'job_id'");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            jobTables = List.copyOf(tables);
        }
        return jobTables;
    }

    private void completeUpTo(long upTo) {
        var done = barriers.headMap(upTo, true);
        done.values().forEach(list -> list.forEach(f -> f.complete(null)));
        done.clear();
    }

    private static long max(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void millis(PreparedStatement ps, int i, Instant at) throws SQLException {
        number(ps, i, at == null ? null : at.toEpochMilli());
    }

    private static void number(PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, value);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** At shutdown, after the supervisor stopped (a higher priority runs later): what is still dirty gets one last write. */
    void stop(@Observes @Priority(1000) ShutdownEvent event) {
        stopping = true;
        changed();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
