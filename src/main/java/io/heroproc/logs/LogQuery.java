package io.heroproc.logs;

import io.agroal.api.AgroalDataSource;
import io.heroproc.config.HeroProcConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads stored output: a job's lines by seq, a run's by line id, the last lines of either, and
 * substring search across jobs. Chunks are found by their index and columns (job, seq range,
 * times, streams) and decoded whole; lines are picked from them. Pages end at a byte budget.
 */
@ApplicationScoped
public class LogQuery {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HeroProcConfig config;

    /** Filters of a job log read; null fields do not filter. */
    public record Filter(String stream, Long since, Long until) {
        public static final Filter NONE = new Filter(null, null, null);

        boolean none() {
            return stream == null && since == null && until == null;
        }

        boolean matches(ChunkLines lines, int line) {
            return (stream == null || stream.equals(ChunkFormat.streamName(lines.kind(line))))
                    && (since == null || lines.ts(line) >= since) && (until == null || lines.ts(line) <= until);
        }

        /** The same test on whole chunks, in SQL, so that chunks without a match are not read. */
        String sql(List<Object> args) {
            StringBuilder sql = new StringBuilder();
            if (stream != null) {
                sql.append(" AND (c.streams & ?) != 0");
                args.add(ChunkFormat.streamBit(stream));
            }
            if (since != null) {
                sql.append(" AND c.last_ts >= ?");
                args.add(since);
            }
            if (until != null) {
                sql.append(" AND c.first_ts <= ?");
                args.add(until);
            }
            return sql.toString();
        }
    }

    /**
     * Lines of a job after {@code afterSeq}, in order. When lines right after the cursor were
     * dropped by retention, a {@code system} marker line says how many stand in the gap.
     */
    public List<LogEntry> job(long jobId, long afterSeq, int limit, Filter filter) {
        List<Object> args = new ArrayList<>(List.of(jobId, afterSeq));
        String sql = "SELECT " + ChunkLines.COLUMNS + " FROM log_chunks c WHERE c.job_id = ? AND c.last_seq > ?"
                + filter.sql(args) + " ORDER BY c.last_seq";
        String action = actionOf(jobId);
        Page page = new Page(limit);
        chunks(sql, args, lines -> {
            for (int i = 0; i < lines.lines(); i++) {
                if (lines.seq(i) > afterSeq && filter.matches(lines, i) && !page.add(lines.entry(i, action))) {
                    return false;
                }
            }
            return true;
        });
        List<LogEntry> out = page.lines;
        if (!out.isEmpty() && filter.none() && out.getFirst().seq() > afterSeq + 1) {
            LogEntry first = out.getFirst();
            long dropped = first.seq() - afterSeq - 1;
            out.addFirst(LogEntry.system(first.id(), jobId, action, first.seq() - 1, first.ts(),
                    "[" + dropped + " earlier line" + (dropped == 1 ? "" : "s") + " dropped by log retention]"));
            if (out.size() > limit) {
                out.removeLast();
            }
        }
        return out;
    }

    /** The last {@code count} lines of a job (of those the filter lets through), in order. */
    public List<LogEntry> jobTail(long jobId, int count, Filter filter) {
        List<Object> args = new ArrayList<>(List.of(jobId));
        String sql = "SELECT " + ChunkLines.COLUMNS + " FROM log_chunks c WHERE c.job_id = ?" + filter.sql(args)
                + " ORDER BY c.last_seq DESC";
        String action = actionOf(jobId);
        Page page = new Page(count);
        chunks(sql, args, lines -> {
            for (int i = lines.lines() - 1; i >= 0; i--) {
                if (filter.matches(lines, i) && !page.add(lines.entry(i, action))) {
                    return false;
                }
            }
            return true;
        });
        return page.reversed();
    }

    /** Lines of every job of a run after the line id {@code afterId}, in the order they were written. */
    public List<LogEntry> run(long runId, long afterId, int limit, String stream) {
        Filter filter = new Filter(stream, null, null);
        List<Object> args = new ArrayList<>(List.of(ChunkFormat.chunkOf(afterId), runId));
        // "+c.job_id": walk the chunks in id order, not by job (which would sort every chunk of the run).
        String sql = "SELECT " + ChunkLines.COLUMNS + " FROM log_chunks c WHERE c.id >= ?"
                + " AND +c.job_id IN (SELECT id FROM jobs WHERE run_id = ?)" + filter.sql(args) + " ORDER BY c.id";
        Map<Long, String> actions = actionsOf(runId);
        Page page = new Page(limit);
        chunks(sql, args, lines -> {
            for (int i = 0; i < lines.lines(); i++) {
                if (lines.id(i) > afterId && filter.matches(lines, i)
                        && !page.add(lines.entry(i, actions.get(lines.jobId)))) {
                    return false;
                }
            }
            return true;
        });
        return page.lines;
    }

    /** The last {@code count} lines of a run, in the order they were written. */
    public List<LogEntry> runTail(long runId, int count, String stream) {
        Filter filter = new Filter(stream, null, null);
        List<Object> args = new ArrayList<>(List.of(runId));
        String sql = "SELECT " + ChunkLines.COLUMNS + " FROM log_chunks c WHERE +c.job_id IN (SELECT id FROM jobs"
                + " WHERE run_id = ?)" + filter.sql(args) + " ORDER BY c.id DESC";
        Map<Long, String> actions = actionsOf(runId);
        Page page = new Page(count);
        chunks(sql, args, lines -> {
            for (int i = lines.lines() - 1; i >= 0; i--) {
                if (filter.matches(lines, i) && !page.add(lines.entry(i, actions.get(lines.jobId)))) {
                    return false;
                }
            }
            return true;
        });
        return page.reversed();
    }

    /**
     * Lines containing {@code text} (bytes of its UTF-8, case-sensitive), newest first, optionally
     * of one service. A chunk whose trigram filter rules the text out is not even read.
     */
    public List<LogEntry> search(String text, String service, int limit) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        if (text.indexOf('\n') >= 0) {
            return List.of();
        }
        // ISO-8859-1 maps bytes to chars one to one: String.indexOf, vectorized, searches the bytes.
        String latin = new String(needle, StandardCharsets.ISO_8859_1);
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT c.id, c.bloom FROM log_chunks c");
        if (service != null) {
            sql.append(" WHERE +c.job_id IN (SELECT id FROM jobs WHERE service = ?)");
            args.add(service);
        }
        sql.append(" ORDER BY c.id DESC");
        Map<Long, String> actions = new HashMap<>();
        Page page = new Page(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = statement(c, sql.toString(), args);
                PreparedStatement one = c.prepareStatement("SELECT " + ChunkLines.COLUMNS
                        + " FROM log_chunks c WHERE c.id = ?");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byte[] bloom = rs.getBytes(2);
                if (bloom != null && needle.length >= 3 && !TrigramBloom.mayContain(bloom, needle)) {
                    continue;
                }
                one.setLong(1, rs.getLong(1));
                ChunkLines lines;
                try (ResultSet chunk = one.executeQuery()) {
                    if (!chunk.next()) {
                        continue;
                    }
                    lines = decode(chunk);
                }
                String hay = new String(lines.text, StandardCharsets.ISO_8859_1);
                for (int at = hay.lastIndexOf(latin); at >= 0; ) {
                    int line = lines.lineAt(at);
                    String action = actions.computeIfAbsent(lines.jobId, this::actionOf);
                    if (!page.add(lines.entry(line, action))) {
                        return page.lines;
                    }
                    at = lines.start(line) == 0 ? -1 : hay.lastIndexOf(latin, lines.start(line) - 1);
                }
            }
            return page.lines;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot search logs: " + e.getMessage(), e);
        }
    }

    /** The seq of the job's last stored line; 0 when it has none. */
    public long lastSeq(long jobId) {
        return single("SELECT coalesce(max(last_seq), 0) FROM log_chunks WHERE job_id = ?", jobId);
    }

    /** The line id of a run's last stored line; 0 when it has none. */
    public long lastId(long runId) {
        return single("SELECT coalesce(max((c.id << " + ChunkFormat.ID_SHIFT + ") + c.last_seq - c.seq0), 0)"
                + " FROM log_chunks c WHERE +c.job_id IN (SELECT id FROM jobs WHERE run_id = ?)", runId);
    }

    private long single(String sql, long arg) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read logs: " + e.getMessage(), e);
        }
    }

    /** Whether the job has ended (its output may still be draining: see {@link LogWriter#outputOpen}). */
    public boolean jobEnded(long jobId) {
        return exists("SELECT 1 FROM jobs WHERE id = ? AND ended_at IS NOT NULL", jobId);
    }

    public boolean runEnded(long runId) {
        return exists("SELECT 1 FROM runs WHERE id = ? AND ended_at IS NOT NULL", runId);
    }

    public List<Long> jobsOf(long runId) {
        return new ArrayList<>(actionsOf(runId).keySet());
    }

    /** The latest run of a service, if it ever ran. */
    public OptionalLong latestRun(String service) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT max(id) FROM runs WHERE service = ?")) {
            ps.setString(1, service);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read runs: " + e.getMessage(), e);
        }
    }

    /** Decodes the chunk of the current row, whose first columns are {@link ChunkLines#COLUMNS}. */
    static ChunkLines decode(ResultSet rs) throws SQLException {
        return ChunkLines.decode(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                rs.getInt(6), rs.getInt(7), rs.getBytes(8), rs.getBytes(9));
    }

    private interface ChunkVisitor {
        /** False: stop reading chunks. */
        boolean visit(ChunkLines lines);
    }

    private void chunks(String sql, List<Object> args, ChunkVisitor visitor) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = statement(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next() && visitor.visit(decode(rs))) {
                // the visitor took the chunk's lines
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read logs: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement statement(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
        return ps;
    }

    /**
     * Lines of a page, up to a count and a byte budget (at least one line): many parallel reads of
     * long lines must fit in the heap. The caller goes on from the last cursor it got.
     */
    private final class Page {
        final List<LogEntry> lines = new ArrayList<>();
        private final int limit;
        private long budget = config.api().maxLogPageBytes();

        Page(int limit) {
            this.limit = limit;
        }

        /** Adds a line; false when the page is full (with or without it). */
        boolean add(LogEntry line) {
            if (lines.size() >= limit || budget <= 0) {
                return false;
            }
            lines.add(line);
            budget -= line.line().length() + 64L;
            return lines.size() < limit && budget > 0;
        }

        List<LogEntry> reversed() {
            Collections.reverse(lines);
            return lines;
        }
    }

    private String actionOf(long jobId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT action FROM jobs WHERE id = ?")) {
            ps.setLong(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read jobs: " + e.getMessage(), e);
        }
    }

    private Map<Long, String> actionsOf(long runId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, action FROM jobs WHERE run_id = ? ORDER BY id")) {
            ps.setLong(1, runId);
            Map<Long, String> actions = new java.util.LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    actions.put(rs.getLong(1), rs.getString(2));
                }
            }
            return actions;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read jobs: " + e.getMessage(), e);
        }
    }

    private boolean exists(String sql, long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read: " + e.getMessage(), e);
        }
    }
}
