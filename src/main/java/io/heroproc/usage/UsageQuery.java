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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                WITH s AS (SELECT ts, cpu_percent, rss_bytes FROM job_usage WHERE job_id = ?),
                     b AS (SELECT min(ts) AS lo, max(ts) - min(ts) + 1 AS span FROM s)
                SELECT max(s.ts), avg(s.cpu_percent), max(s.rss_bytes)
                FROM s, b
                GROUP BY ((s.ts - b.lo) * ?) / b.span
                ORDER BY 1
                """)) {
            ps.setLong(1, jobId);
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
