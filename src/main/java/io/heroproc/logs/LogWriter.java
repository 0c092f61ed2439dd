package io.heroproc.logs;

import io.agroal.api.AgroalDataSource;
import io.heroproc.config.HeroProcConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes captured lines to SQLite in batches from one thread. The queue is bounded: when the
 * disk cannot keep up, the pipe readers wait (and so, eventually, the chatty child) instead of
 * lines being dropped. Retention runs here too, so it never races the inserts.
 */
@ApplicationScoped
public class LogWriter {

    private static final Logger LOG = Logger.getLogger(LogWriter.class);
    private static final int BATCH = 5000;
    private static final int RETENTION_EVERY = 20_000;
    /** 5 parameters a row: 100 rows stay well under SQLite's limit of 32,766 parameters. */
    private static final int ROWS_PER_INSERT = 100;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HeroProcConfig config;

    private final BlockingQueue<LogLine> queue = new ArrayBlockingQueue<>(100_000);
    private final Object progress = new Object();
    private final Map<Long, Long> highestSeq = new HashMap<>();
    private long written;
    private long sinceRetention;
    private volatile boolean running = true;
    private volatile boolean busy;
    private Thread thread;

    void onStart(@Observes @Priority(50) StartupEvent event) {
        thread = Thread.ofPlatform().name("hero-proc-log-writer").daemon().start(this::run);
    }

    private final java.util.Set<Long> openOutputs = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void outputOpened(long jobId) {
        openOutputs.add(jobId);
    }

    void outputClosed(long jobId) {
        // Queued behind the job's last lines, so "closed" is only seen once they are stored.
        append(new LogLine(jobId, -1, 0, CLOSED, ""));
    }

    /** Whether the job may still write lines (its pipes are open, or its last lines are not stored yet). */
    public boolean outputOpen(long jobId) {
        return openOutputs.contains(jobId);
    }

    private static final String CLOSED = "\0closed";

    /** Queues a line; blocks while the queue is full (back-pressure, never loss). */
    public void append(LogLine line) {
        try {
            queue.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warnf("interrupted while queueing a line of job %d", line.jobId());
        }
    }

    /** Total lines written so far; waits up to {@code millis} for it to exceed {@code seen}. */
    public long awaitWritten(long seen, long millis) {
        synchronized (progress) {
            long deadline = System.currentTimeMillis() + millis;
            while (written <= seen && System.currentTimeMillis() < deadline) {
                try {
                    progress.wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return written;
        }
    }

    public long written() {
        synchronized (progress) {
            return written;
        }
    }

    /** Whether every line queued before this call is in the database. */
    public boolean drained() {
        return queue.isEmpty() && !busy;
    }

    private void run() {
        List<LogLine> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                LogLine first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                busy = true;
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                insert(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.error("could not store " + batch.size() + " log lines; retrying", e);
                continue;
            } finally {
                busy = false;
            }
        }
    }

    private synchronized void insert(List<LogLine> batch) throws SQLException {
        List<LogLine> lines = batch.stream().filter(l -> l.stream() != CLOSED).toList();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // Many rows per statement: one SQLite step per ROWS_PER_INSERT lines instead of per line.
            int whole = lines.size() - lines.size() % ROWS_PER_INSERT;
            if (whole > 0) {
                try (PreparedStatement insert = c.prepareStatement(insertSql(ROWS_PER_INSERT))) {
                    for (int from = 0; from < whole; from += ROWS_PER_INSERT) {
                        bind(insert, lines.subList(from, from + ROWS_PER_INSERT));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            if (whole < lines.size()) {
                try (PreparedStatement insert = c.prepareStatement(insertSql(lines.size() - whole))) {
                    bind(insert, lines.subList(whole, lines.size()));
                    insert.executeUpdate();
                }
            }
            for (LogLine l : lines) {
                highestSeq.merge(l.jobId(), l.seq(), Math::max);
            }
            sinceRetention += batch.size();
            if (sinceRetention >= RETENTION_EVERY) {
                retain(c);
                sinceRetention = 0;
            }
            c.commit();
        }
        for (LogLine l : batch) {
            if (l.stream() == CLOSED) {
                openOutputs.remove(l.jobId());
            }
        }
        synchronized (progress) {
            written += batch.size();
            progress.notifyAll();
        }
    }

    private static String insertSql(int rows) {
        return "INSERT OR IGNORE INTO log_lines (job_id, seq, ts, stream, line) VALUES "
                + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?)"));
    }

    private static void bind(PreparedStatement insert, List<LogLine> rows) throws SQLException {
        int p = 1;
        for (LogLine l : rows) {
            insert.setLong(p++, l.jobId());
            insert.setLong(p++, l.seq());
            insert.setLong(p++, l.ts());
            insert.setString(p++, l.stream());
            insert.setString(p++, l.line());
        }
    }

    /** Drops the oldest lines beyond the per-job and global caps; readers see the gap as a marker. */
    private void retain(Connection c) throws SQLException {
        long perJob = config.logs().maxLinesPerJob();
        try (PreparedStatement trim = c.prepareStatement("DELETE FROM log_lines WHERE job_id = ? AND seq <= ?")) {
            for (Map.Entry<Long, Long> e : highestSeq.entrySet()) {
                if (e.getValue() > perJob) {
                    trim.setLong(1, e.getKey());
                    trim.setLong(2, e.getValue() - perJob);
                    trim.addBatch();
                }
            }
            trim.executeBatch();
        }
        highestSeq.clear();
        try (PreparedStatement global = c.prepareStatement(
                "DELETE FROM log_lines WHERE id <= (SELECT id FROM log_lines ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
            global.setLong(1, config.logs().maxLinesTotal());
            global.executeUpdate();
        }
    }

    /** Runs retention now (tests and the benchmark use it to check the caps). */
    public void retainNow() throws SQLException {
        synchronized (this) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement all = c.prepareStatement(
                        "SELECT job_id, max(seq) FROM log_lines GROUP BY job_id")) {
                    var rs = all.executeQuery();
                    while (rs.next()) {
                        highestSeq.merge(rs.getLong(1), rs.getLong(2), Math::max);
                    }
                }
                retain(c);
                c.commit();
            }
        }
    }

    // After the supervisor (priority 100) has stopped every job, so their last lines are kept.
    void onStop(@Observes @Priority(1000) ShutdownEvent event) {
        running = false;
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
