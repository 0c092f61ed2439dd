package io.heroproc.usage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.heroproc.logs.LiveTestBase;
import io.heroproc.supervisor.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A running job's usage history keeps only its last max-samples-per-job intervals: sampled every
 * second with a cap of 3, a job that has run for 8 s holds about 3 samples, not 8.
 */
@QuarkusTest
@TestProfile(UsageRetentionTest.ThreeSamples.class)
class UsageRetentionTest extends LiveTestBase {

    static final int KEPT = 3;

    public static class ThreeSamples implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hero-proc.usage.max-samples-per-job", Integer.toString(KEPT));
        }
    }

    @Inject
    AgroalDataSource dataSource;

    /** {count, oldest ts, newest ts} of the job's usage rows. */
    private long[] history(long job) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), coalesce(min(ts), 0), coalesce(max(ts), 0) FROM job_usage WHERE job_id = ?")) {
            ps.setLong(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        }
    }

    @Test
    void historyOfARunningJobStaysWithinTheCap() throws Exception {
        String svc = name("usagecap");
        shProcess(svc + "_a", "exec sleep 1000 # " + marker());
        plainService(svc, svc + "_a");
        start(svc);
        long job = awaitJob(svc, svc + "_a", 1);
        Await.untilCall(Duration.ofSeconds(20), () -> history(job)[0] > 0, "a first usage sample");
        long firstTs = history(job)[2];

        Await.untilCall(Duration.ofSeconds(30), () -> history(job)[2] >= firstTs + 8_000, "8 s of samples");

        long[] h = history(job);
        // Trimmed each tick to samples younger than KEPT intervals; one more may straddle the edge.
        assertTrue(h[0] <= KEPT + 1, "at most " + (KEPT + 1) + " samples kept after 8 s, got " + h[0]);
        assertTrue(h[2] - h[1] <= (KEPT + 1) * 1000L, "kept samples span at most the cap: " + (h[2] - h[1]) + " ms");
        stop(svc);
    }
}
