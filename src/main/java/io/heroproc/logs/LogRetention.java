package io.heroproc.logs;

import io.heroproc.config.HeroProcConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keeps stored output within its caps: lines and bytes per job and in all, the oldest going first.
 * Line caps are exact (the chunk at the boundary is rewritten without its oldest lines), byte caps
 * drop whole chunks. Readers see what went as a gap in seq, which a page shows as a marker.
 * Driven by the {@link LogWriter}'s thread only (and tests, under the writer's store lock): it
 * keeps the sums up to date itself rather than scanning the table on every pass.
 */
final class LogRetention {

    /**
     * A pass after this many new lines (or {@link #PASS_BYTES} stored bytes): the caps may be
     * overshot by that much for a moment; a pass per 20,000 lines cost a transaction per 2 MB of a flood.
     */
    private static final long PASS_LINES = 100_000;
    private static final long PASS_BYTES = 8L << 20;

    private final HeroProcConfig.Logs caps;
    private final ChunkCodec codec = new ChunkCodec();
    private ChunkStore.Sums total = ChunkStore.Sums.NONE;
    /** Jobs written since the last pass (or still open): their sums and highest seq. */
    private final Map<Long, long[]> jobs = new HashMap<>();
    private final Set<Long> closed = new HashSet<>();
    private long linesSincePass;
    private long bytesSincePass;

    LogRetention(HeroProcConfig.Logs caps) {
        this.caps = caps;
    }

    /** Reads the sums from the database again (at start, and after a failed pass left them wrong). */
    void reload(Connection c) throws SQLException {
        total = ChunkStore.total(c);
        for (var e : jobs.entrySet()) {
            long[] now = ChunkStore.job(c, e.getKey());
            e.getValue()[0] = now[0];
            e.getValue()[1] = now[1];
            e.getValue()[2] = Math.max(e.getValue()[2], now[2]);
        }
    }

    /** The seq the job's next line gets. */
    long nextSeq(Connection c, long jobId) throws SQLException {
        return job(c, jobId)[2] + 1;
    }

    /** Lines up to {@code lastSeq} of the job are numbered (stored, or about to be). */
    void numbered(long jobId, long lastSeq) {
        long[] sums = jobs.get(jobId);
        sums[2] = Math.max(sums[2], lastSeq);
    }

    void stored(EncodedChunk e) {
        long[] sums = jobs.get(e.jobId());
        sums[0] += e.lines();
        sums[1] += e.storedBytes();
        total = total.plus(new ChunkStore.Sums(e.lines(), e.storedBytes()));
        linesSincePass += e.lines();
        bytesSincePass += e.storedBytes();
    }

    /** The job's output is over: its sums are dropped after the next pass. */
    void closed(long jobId) {
        closed.add(jobId);
    }

    boolean due() {
        return linesSincePass >= PASS_LINES || bytesSincePass >= PASS_BYTES;
    }

    /** Enforces the caps on the jobs written lately and on the whole. */
    void pass(Connection c) throws SQLException {
        for (var e : jobs.entrySet()) {
            capJob(c, e.getKey(), e.getValue());
        }
        ChunkStore.Sums before = total;
        capLines(c);
        capBytes(c);
        if (!before.equals(total)) {
            // The oldest chunks went, whatever their job: the jobs' own sums are read again.
            reload(c);
        }
        closed.forEach(jobs::remove);
        closed.clear();
        linesSincePass = 0;
        bytesSincePass = 0;
    }

    /** A pass over every job in the database, not only the recent ones (tests, and after boot). */
    void passAll(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT job_id FROM log_chunks GROUP BY job_id"
                + " HAVING max(last_seq) - min(first_seq) + 1 > ? OR sum(stored_bytes) > ?")) {
            ps.setLong(1, caps.maxLinesPerJob());
            ps.setLong(2, caps.maxBytesPerJob().asLongValue());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!jobs.containsKey(rs.getLong(1))) {
                        job(c, rs.getLong(1));
                        closed.add(rs.getLong(1));
                    }
                }
            }
        }
        pass(c);
    }

    private long[] job(Connection c, long jobId) throws SQLException {
        long[] sums = jobs.get(jobId);
        if (sums == null) {
            sums = ChunkStore.job(c, jobId);
            jobs.put(jobId, sums);
        }
        return sums;
    }

    private void capJob(Connection c, long jobId, long[] sums) throws SQLException {
        if (sums[0] > caps.maxLinesPerJob()) {
            long cut = sums[2] - caps.maxLinesPerJob();
            ChunkStore.Sums gone = ChunkStore.deleteJobUpTo(c, jobId, cut);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM log_chunks WHERE job_id = ? AND last_seq > ? ORDER BY last_seq LIMIT 1")) {
                ps.setLong(1, jobId);
                ps.setLong(2, cut);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        gone = gone.plus(ChunkStore.trimFront(c, rs.getLong(1), cut + 1, codec));
                    }
                }
            }
            removed(sums, gone);
        }
        if (sums[1] > caps.maxBytesPerJob().asLongValue()) {
            long upTo = boundary(c, "SELECT last_seq, stored_bytes FROM log_chunks WHERE job_id = ? ORDER BY last_seq",
                    jobId, sums[1] - caps.maxBytesPerJob().asLongValue());
            removed(sums, ChunkStore.deleteJobUpTo(c, jobId, upTo));
        }
    }

    private void removed(long[] sums, ChunkStore.Sums gone) {
        sums[0] -= gone.lines();
        sums[1] -= gone.bytes();
        total = new ChunkStore.Sums(total.lines() - gone.lines(), total.bytes() - gone.bytes());
    }

    /** Drops the oldest lines beyond the total: whole chunks, then the first lines of the next one. */
    private void capLines(Connection c) throws SQLException {
        long excess = total.lines() - caps.maxLinesTotal();
        if (excess <= 0) {
            return;
        }
        long before = 0;
        long whole = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, first_seq, last_seq - first_seq + 1 FROM log_chunks ORDER BY id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && before < excess) {
                    long lines = rs.getLong(3);
                    if (before + lines <= excess) {
                        whole = rs.getLong(1);
                        before += lines;
                    } else {
                        long keepFrom = rs.getLong(2) + (excess - before);
                        ChunkStore.Sums gone = ChunkStore.trimFront(c, rs.getLong(1), keepFrom, codec);
                        total = new ChunkStore.Sums(total.lines() - gone.lines(), total.bytes() - gone.bytes());
                        break;
                    }
                }
            }
        }
        if (whole > 0) {
            ChunkStore.Sums gone = ChunkStore.deleteUpTo(c, whole);
            total = new ChunkStore.Sums(total.lines() - gone.lines(), total.bytes() - gone.bytes());
        }
    }

    /** Drops the oldest whole chunks until the stored bytes are within the total. */
    private void capBytes(Connection c) throws SQLException {
        long excess = total.bytes() - caps.maxBytesTotal().asLongValue();
        if (excess > 0) {
            long upTo = boundary(c, "SELECT id, stored_bytes FROM log_chunks ORDER BY id", -1, excess);
            ChunkStore.Sums gone = ChunkStore.deleteUpTo(c, upTo);
            total = new ChunkStore.Sums(total.lines() - gone.lines(), total.bytes() - gone.bytes());
        }
    }

    /** The key (column 1) of the row at which the running sum of column 2 reaches {@code excess}. */
    private static long boundary(Connection c, String sql, long jobId, long excess) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (jobId >= 0) {
                ps.setLong(1, jobId);
            }
            long sum = 0;
            long key = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (sum < excess && rs.next()) {
                    key = rs.getLong(1);
                    sum += rs.getLong(2);
                }
            }
            return key;
        }
    }
}
