package io.heroproc.logs;

import io.agroal.api.AgroalDataSource;
import io.heroproc.config.HeroProcConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads captured lines: a job's by seq, a run's by id, and substring search across jobs. */
@ApplicationScoped
public class LogQuery {

    private static final String COLUMNS = "l.id, l.job_id, j.action, l.seq, l.ts, l.stream, l.line";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HeroProcConfig config;

    /** Filters of a job log read; null fields do not filter. */
    public record Filter(String stream, Long since, Long until) {
        boolean none() {
            return stream == null && since == null && until == null;
        }
    }

    /**
     * Lines of a job after {@code afterSeq}, in order. When lines right after the cursor were
     * dropped by retention, a {@code system} marker line says how many stand in the gap.
     */
    public List<LogEntry> job(long jobId, long afterSeq, int limit, Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
                + " FROM log_lines l JOIN jobs j ON j.id = l.job_id WHERE l.job_id = ? AND l.seq > ?");
        List<Object> args = new ArrayList<>(List.of(jobId, afterSeq));
        where(sql, args, filter);
        sql.append(" ORDER BY l.seq LIMIT ?");
        args.add(limit);
        List<LogEntry> lines = select(sql.toString(), args);
        if (!lines.isEmpty() && filter.none() && lines.getFirst().seq() > afterSeq + 1) {
            LogEntry first = lines.getFirst();
            long dropped = first.seq() - afterSeq - 1;
            lines.addFirst(new LogEntry(first.id(), jobId, first.action(), first.seq() - 1, first.ts(), "system",
                    "[" + dropped + " earlier line" + (dropped == 1 ? "" : "s") + " dropped by log retention]"));
            if (lines.size() > limit) {
                lines.removeLast();
            }
        }
        return lines;
    }

    /** Lines of every job of a run after the row id {@code afterId}, in the order they were written. */
    public List<LogEntry> run(long runId, long afterId, int limit, String stream) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
                + " FROM log_lines l JOIN jobs j ON j.id = l.job_id WHERE j.run_id = ? AND l.id > ?");
        List<Object> args = new ArrayList<>(List.of(runId, afterId));
        where(sql, args, new Filter(stream, null, null));
        sql.append(" ORDER BY l.id LIMIT ?");
        args.add(limit);
        return select(sql.toString(), args);
    }

    /** Lines containing {@code text}, newest first, optionally of one service. */
    public List<LogEntry> search(String text, String service, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
                + " FROM log_lines l JOIN jobs j ON j.id = l.job_id WHERE instr(l.line, ?) > 0");
        List<Object> args = new ArrayList<>(List.of(text));
        if (service != null) {
            sql.append(" AND j.service = ?");
            args.add(service);
        }
        sql.append(" ORDER BY l.id DESC LIMIT ?");
        args.add(limit);
        return select(sql.toString(), args);
    }

    /** Whether the job has ended (its output may still be draining: see {@link LogWriter#drained}). */
    public boolean jobEnded(long jobId) {
        return exists("SELECT 1 FROM jobs WHERE id = ? AND ended_at IS NOT NULL", jobId);
    }

    public boolean runEnded(long runId) {
        return exists("SELECT 1 FROM runs WHERE id = ? AND ended_at IS NOT NULL", runId);
    }

    public List<Long> jobsOf(long runId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM jobs WHERE run_id = ?")) {
            ps.setLong(1, runId);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read jobs: " + e.getMessage(), e);
        }
    }

    /** The latest run of a service, if it ever ran. */
    public java.util.OptionalLong latestRun(String service) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT max(id) FROM runs WHERE service = ?")) {
            ps.setString(1, service);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read runs: " + e.getMessage(), e);
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

    private static void where(StringBuilder sql, List<Object> args, Filter filter) {
        if (filter.stream() != null) {
            sql.append(" AND l.stream = ?");
            args.add(filter.stream());
        }
        if (filter.since() != null) {
            sql.append(" AND l.ts >= ?");
            args.add(filter.since());
        }
        if (filter.until() != null) {
            sql.append(" AND l.ts <= ?");
            args.add(filter.until());
        }
    }

    private List<LogEntry> select(String sql, List<Object> args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<LogEntry> out = new ArrayList<>();
            long budget = config.api().maxLogPageBytes();
            try (ResultSet rs = ps.executeQuery()) {
                // A page stops at its byte budget (at least one line): many parallel reads of long
                // lines must fit in the heap. The caller goes on from the last cursor it got.
                while (budget > 0 && rs.next()) {
                    String line = rs.getString(7);
                    budget -= line.length() + 64L;
                    out.add(new LogEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), line));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read logs: " + e.getMessage(), e);
        }
    }
}
