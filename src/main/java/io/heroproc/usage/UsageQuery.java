package io.heroproc.usage;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A job's usage history, downsampled by averaging into equal time buckets. */
@ApplicationScoped
public class UsageQuery {

    @Inject
    AgroalDataSource dataSource;

    /** One point of the history: the average over its bucket (the peak RSS, which matters more). */
    public record Point(Instant ts, double cpuPercent, long rssBytes) {
    }

    public List<Point> history(long jobId, int points) {
        return query("""
                WITH s AS (SELECT ts, cpu_percent, rss_bytes FROM job_usage WHERE job_id = ?),
                     b AS (SELECT min(ts) AS lo, max(ts) - min(ts) + 1 AS span FROM s)
                SELECT max(s.ts), avg(s.cpu_percent), max(s.rss_bytes)
                FROM s, b
                GROUP BY ((s.ts - b.lo) * ?) / b.span
                ORDER BY 1
                """, jobId, points);
    }

    /**
     * A run's usage: its actions added up. Attempts of one action follow each other, so within a
     * bucket they are averaged (CPU) or their peak taken (RSS), like one job's samples; the
     * actions, which run side by side, are then summed.
     */
    public List<Point> runHistory(long runId, int points) {
        return query("""
                WITH s AS (SELECT j.action, u.ts, u.cpu_percent, u.rss_bytes FROM jobs j
                           JOIN job_usage u ON u.job_id = j.id WHERE j.run_id = ?),
                     b AS (SELECT min(ts) AS lo, max(ts) - min(ts) + 1 AS span FROM s),
                     per AS (SELECT ((s.ts - b.lo) * ?) / b.span AS bucket, max(s.ts) AS ts,
                                    avg(s.cpu_percent) AS cpu, max(s.rss_bytes) AS rss
                             FROM s, b GROUP BY bucket, s.action)
                SELECT max(ts), sum(cpu), sum(rss) FROM per GROUP BY bucket ORDER BY 1
                """, runId, points);
    }

    private List<Point> query(String sql, long id, int points) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setInt(2, points);
            List<Point> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Point(Instant.ofEpochMilli(rs.getLong(1)), Math.round(rs.getDouble(2) * 10) / 10.0,
                            rs.getLong(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read usage: " + e.getMessage(), e);
        }
    }
}
