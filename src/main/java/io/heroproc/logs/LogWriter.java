package io.heroproc.logs;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.heroproc.config.HeroProcConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Stores captured output, chunk by chunk, from one thread: seals the chunks that waited
 * {@link #FLUSH_MILLIS}, numbers their lines, encodes them ({@link ChunkCodec}) and inserts a batch
 * per transaction; retention runs here too, so it never races the inserts. A failed write is
 * retried with backoff, never dropped: while the disk refuses, output waits in memory up to the
 * {@link LogBudget}, then the pipes of the jobs it belongs to pause (back-pressure, as when a
 * program writes to a slow disk). At shutdown it stores what it holds, retrying for up to
 * {@link #STOP_GRACE_MILLIS}, and says how many lines it could not store.
 */
@ApplicationScoped
public class LogWriter {

    private static final Logger LOG = Logger.getLogger(LogWriter.class);
    /** A line waits at most this long in memory before it is on its way to the database. */
    static final long FLUSH_MILLIS = 100;
    /**
     * Well under a job's {@link LogBudget#JOB_MAX}: the batch's memory is freed only once it is
     * stored, and the job's pipe must be read on meanwhile (a batch as large as the share made the
     * flooding program and this thread take turns, each idle half the time).
     */
    private static final long BATCH_BYTES = 2L << 20;
    private static final long STOP_GRACE_MILLIS = 10_000;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HeroProcConfig config;

    @Inject
    StdoutForwarder forwarder;

    @Inject
    MeterRegistry meters;

    private Counter storedLines;
    private Counter storedBytes;
    private Counter lostBytes;

    private final ChunkBuffers buffers = new ChunkBuffers();
    private Spills spills;
    /** Logs with output aside (in spill files), read back by this thread as memory frees up. */
    private final Set<JobLog> spilled = ConcurrentHashMap.newKeySet();
    private final LogBudget budget = new LogBudget();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ArrayDeque<Chunk> opened = new ArrayDeque<>();
    private final ArrayDeque<Chunk> sealed = new ArrayDeque<>();
    /** Jobs whose output may still come or is not stored yet, with how many logs hold them open. */
    private final Map<Long, Integer> openOutputs = new ConcurrentHashMap<>();
    private final AtomicLong unstored = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    /** The store: taken by the writer thread for each batch, and by {@link #retainNow}. */
    private final ReentrantLock storeLock = new ReentrantLock();
    private final Object progress = new Object();
    private long written;
    private LogRetention retention;
    private volatile boolean stopping;
    private volatile long stopDeadline;
    private Thread thread;

    void onStart(@Observes @Priority(50) StartupEvent event) {
        storedLines = Counter.builder("heroproc.log.lines").description("Lines of job output stored")
                .register(meters);
        storedBytes = Counter.builder("heroproc.log.bytes").description("Bytes of job output stored (before compression)")
                .baseUnit("bytes").register(meters);
        lostBytes = Counter.builder("heroproc.log.lost").description("Bytes of job output that could not be stored")
                .baseUnit("bytes").register(meters);
        Gauge.builder("heroproc.log.unstored", unstored, AtomicLong::get)
                .description("Bytes of job output in memory, not stored yet").baseUnit("bytes").register(meters);
        retention = new LogRetention(config.logs());
        spills = new Spills(config.dataDir().resolve("spill"), config.logs().spillMax().asLongValue());
        thread = Thread.ofPlatform().name("hero-proc-log-writer").daemon().start(this::run);
    }

    LogBudget budget() {
        return budget;
    }

    Spills spills() {
        return spills;
    }

    /** {@code log} has output aside: read back on this thread as memory allows. */
    void spilled(JobLog log) {
        spilled.add(log);
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Nothing of {@code log} is aside any more (called under the log's lock, as {@link #spilled} is). */
    void unspilled(JobLog log) {
        spilled.remove(log);
    }

    void lost(long bytes) {
        lostBytes.increment(bytes);
    }

    /** A chunk for {@code log}, on the flush timer from now on. */
    Chunk newChunk(JobLog log, long now) {
        Chunk chunk = new Chunk(log.jobId(), log, now, buffers);
        lock.lock();
        try {
            opened.add(chunk);
            if (opened.size() == 1) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
        return chunk;
    }

    void accepted(long bytes) {
        unstored.addAndGet(bytes);
    }

    void submit(Chunk chunk) {
        forwarder.forward(chunk);
        lock.lock();
        try {
            sealed.add(chunk);
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    void outputOpened(long jobId) {
        openOutputs.merge(jobId, 1, Integer::sum);
    }

    /** Whether the job may still write lines (its pipes are open, or its last lines are not stored yet). */
    public boolean outputOpen(long jobId) {
        return openOutputs.containsKey(jobId);
    }

    /** Total chunks stored so far; waits up to {@code millis} for it to exceed {@code seen}. */
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

    /** How many attempts to store a batch have failed so far (each is retried, with backoff). */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Whether every line accepted before this call is in the database. */
    public boolean drained() {
        // Spilled first: output read back from a spill is counted as unstored before the log leaves the set.
        return spilled.isEmpty() && unstored.get() <= 0;
    }

    private void run() {
        ChunkCodec codec = new ChunkCodec();
        storeLock.lock();
        try (Connection c = dataSource.getConnection()) {
            retention.reload(c);
            c.setAutoCommit(false);
            retention.passAll(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot apply log retention at start; it runs again as output comes", e);
        } finally {
            storeLock.unlock();
        }
        recoverSpills();
        List<Chunk> batch;
        while ((batch = nextBatch()) != null) {
            if (batch.isEmpty()) {
                // What was due to be sealed belongs to a flood: held (see holding()).
                continue;
            }
            try {
                store(batch, codec);
            } catch (RuntimeException | Error e) {
                // A bug, or memory ran out: the writer must go on, or every job would block on its pipes.
                LOG.errorf(e, "log writer failed on a batch of %d chunks; their lines are lost", batch.size());
                done(batch);
            }
        }
    }

    /**
     * Output an earlier life had aside and did not store (it was killed): stored now, ahead of the
     * new output of this life's jobs, from where the {@code log_spills} marks say it was stored to.
     */
    void recoverSpills() {
        List<SpillFile> files;
        storeLock.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            files = spills.leftOver(c);
        } catch (SQLException | java.io.IOException | RuntimeException e) {
            LOG.error("cannot read the output an earlier run left aside; it stays in its files for the next start", e);
            return;
        } finally {
            storeLock.unlock();
        }
        Map<Long, List<SpillFile>> byJob = new java.util.LinkedHashMap<>();
        files.forEach(file -> byJob.computeIfAbsent(file.jobId, job -> new ArrayList<>()).add(file));
        byJob.forEach((job, ofJob) -> {
            LOG.infof("storing %d bytes of output of job %d left aside by the last run", ofJob.stream()
                    .mapToLong(SpillFile::pending).sum(), job);
            new JobLog(job, this).recover(ofJob);
        });
    }

    /** Reads output that is aside back into memory, as far as each log's share allows. */
    private void replaySpills() {
        spilled.forEach(JobLog::replay);
    }

    /** Waits for sealed chunks, sealing those that waited long enough; null once stopped and empty. */
    private List<Chunk> nextBatch() {
        List<Chunk> due = new ArrayList<>();
        while (true) {
            // Outside the lock: a log's lock comes before this writer's (a log opens chunks under its own).
            long replayAt = spilled.isEmpty() ? Long.MAX_VALUE : replayDueAt();
            if (replayAt <= System.currentTimeMillis()) {
                replaySpills();
            }
            lock.lock();
            try {
                long now = System.currentTimeMillis();
                while (!opened.isEmpty() && (stopping || opened.peek().openedAt + FLUSH_MILLIS <= now)) {
                    due.add(opened.poll());
                }
                if (stopping && now > stopDeadline) {
                    return null;
                }
                if (!due.isEmpty() || !storable(now, 1, false).isEmpty()) {
                    break;
                }
                if (replayAt <= now) {
                    continue;
                }
                if (stopping && spilled.isEmpty()) {
                    return null;
                }
                // Idle (nothing open): sleep until a chunk opens, however long that takes.
                long wait = opened.isEmpty() ? TimeUnit.HOURS.toMillis(1) : opened.peek().openedAt + FLUSH_MILLIS - now;
                if (!spilled.isEmpty()) {
                    // Memory a spilled log waits for may come back from the stdout forwarder, which does not signal.
                    wait = Math.max(1, Math.min(wait, Math.min(replayAt - now, FLUSH_MILLIS)));
                }
                if (!sealed.isEmpty()) {
                    // Held for a flood: looked at again when it may have paused.
                    wait = Math.max(1, Math.min(wait, JobLog.SPILL_QUIET_MILLIS / 2));
                }
                work.await(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } finally {
                lock.unlock();
            }
        }
        for (Chunk chunk : due) {
            chunk.log.flush(chunk);
        }
        lock.lock();
        try {
            return storable(System.currentTimeMillis(), BATCH_BYTES, true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The sealed chunks that may be stored now, oldest first, up to about {@code maxBytes}; with
     * {@code take}, out of the queue (called under {@link #lock}). A held chunk holds the later ones
     * of its job: each job's chunks are stored in order.
     */
    private List<Chunk> storable(long now, long maxBytes, boolean take) {
        List<Chunk> batch = new ArrayList<>();
        Set<JobLog> held = new java.util.HashSet<>();
        long bytes = 0;
        var chunks = sealed.iterator();
        while (chunks.hasNext() && bytes < maxBytes) {
            Chunk chunk = chunks.next();
            if (held.contains(chunk.log) || holding(chunk, now)) {
                held.add(chunk.log);
                continue;
            }
            if (take) {
                chunks.remove();
            }
            bytes += chunk.length;
            batch.add(chunk);
        }
        return batch;
    }

    /** A chunk left in memory for now: its job floods and its lines are young ({@link JobLog#flooding}). */
    private boolean holding(Chunk chunk, long now) {
        // A clock stepped back (ts after now) does not hold a chunk for the length of the step.
        return !stopping && chunk.log != null && chunk.segments > 0 && chunk.segmentTs[0] <= now
                && chunk.segmentTs[0] + JobLog.SPILL_LAG_MILLIS > now && chunk.log.flooding(now);
    }

    /** When some spilled log has output to move back into memory ({@link JobLog#replayDueAt}). */
    private long replayDueAt() {
        long due = Long.MAX_VALUE;
        for (JobLog log : spilled) {
            due = Math.min(due, log.replayDueAt());
        }
        return due;
    }

    /** Numbers, encodes and inserts a batch in one transaction, retrying until it is stored. */
    private void store(List<Chunk> batch, ChunkCodec codec) {
        List<EncodedChunk> encoded = null;
        long bytes = batch.stream().mapToLong(chunk -> chunk.length).sum();
        for (int attempt = 1; ; attempt++) {
            storeLock.lock();
            try (Connection c = dataSource.getConnection()) {
                if (encoded == null) {
                    encoded = encode(c, batch, codec);
                }
                insert(c, encoded, batch);
                Spills.stored(batch);
                encoded.forEach(retention::stored);
                encoded.forEach(e -> {
                    storedLines.increment(e.lines());
                    storedBytes.increment(e.rawBytes());
                });
                if (retention.due()) {
                    retain(c);
                }
                break;
            } catch (SQLException | RuntimeException e) {
                failedAttempts.incrementAndGet();
                if (stopping && System.currentTimeMillis() > stopDeadline) {
                    LOG.errorf("could not store %d bytes of log output before shutdown (%s); they are lost", bytes, e);
                    lostBytes.increment(bytes);
                    break;
                }
                if (attempt == 1 || attempt % 20 == 0) {
                    LOG.errorf(e, "could not store %d bytes of log output (attempt %d); retrying", bytes, attempt);
                }
            } finally {
                storeLock.unlock();
            }
            pause(Math.min(MAX_BACKOFF_MILLIS, 50L << Math.min(attempt, 7)));
        }
        done(batch);
    }

    /** The batch is stored (or given up): its memory is free, its jobs' ends are known, followers wake. */
    private void done(List<Chunk> batch) {
        for (Chunk chunk : batch) {
            unstored.addAndGet(-chunk.length);
            if (chunk.last) {
                retention.closed(chunk.jobId);
                openOutputs.computeIfPresent(chunk.jobId, (job, n) -> n == 1 ? null : n - 1);
            }
            release(chunk);
        }
        synchronized (progress) {
            written += batch.size();
            progress.notifyAll();
        }
    }

    private static void insert(Connection c, List<EncodedChunk> encoded, List<Chunk> batch) throws SQLException {
        c.setAutoCommit(false);
        try {
            ChunkStore.insert(c, encoded);
            Spills.mark(c, batch);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** A retention pass in its own transaction: when it fails, the stored lines stay stored. */
    private void retain(Connection c) {
        try {
            c.setAutoCommit(false);
            retention.pass(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(e, "log retention failed; it runs again later");
            try {
                c.rollback();
                retention.reload(c);
            } catch (SQLException again) {
                LOG.debugf("rollback after a failed retention: %s", again);
            }
        }
    }

    private List<EncodedChunk> encode(Connection c, List<Chunk> batch, ChunkCodec codec) throws SQLException {
        List<EncodedChunk> encoded = new ArrayList<>(batch.size());
        for (Chunk chunk : batch) {
            if (!chunk.isEmpty()) {
                long firstSeq = retention.nextSeq(c, chunk.jobId);
                EncodedChunk e;
                try {
                    e = codec.encode(chunk, firstSeq);
                } catch (RuntimeException bug) {
                    // Not a write failure: retrying would fail the same way and hold up every job.
                    LOG.errorf(bug, "cannot encode %d bytes of output of job %d; they are lost", chunk.length,
                            chunk.jobId);
                    continue;
                }
                retention.numbered(chunk.jobId, e.lastSeq());
                encoded.add(e);
            }
        }
        return encoded;
    }

    /** The writer is done with {@code chunk}; its memory is free once the forwarder is too. */
    void release(Chunk chunk) {
        int bytes = chunk.length;
        if (chunk.release()) {
            budget.give(chunk.log, bytes);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs retention over every job now (tests and the benchmark use it to check the caps). */
    public void retainNow() throws SQLException {
        storeLock.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            retention.passAll(c);
            c.commit();
        } finally {
            storeLock.unlock();
        }
    }

    // After the supervisor (priority 100) has stopped every job, so their last lines are kept.
    void onStop(@Observes @Priority(1000) ShutdownEvent event) {
        stopDeadline = System.currentTimeMillis() + STOP_GRACE_MILLIS;
        stopping = true;
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            try {
                thread.join(STOP_GRACE_MILLIS + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (unstored.get() > 0) {
            LOG.warnf("%d bytes of log output were not stored before shutdown", unstored.get());
        }
        if (spills != null && spills.pending() > 0) {
            LOG.infof("%d bytes of log output are still in spill files; they are stored at the next start",
                    spills.pending());
        }
    }
}
