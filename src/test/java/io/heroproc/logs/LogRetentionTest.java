package io.heroproc.logs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Retention: the oldest lines beyond the per-job and global caps are dropped, and a reader is
 * told how many are missing by a {@code system} marker line. Small caps need their own profile
 * (so this class gets an application of its own).
 */
@QuarkusTest
@TestProfile(LogRetentionTest.SmallCaps.class)
class LogRetentionTest extends LiveTestBase {

    static final int PER_JOB = 1000;
    static final int TOTAL = 2500;
    /**
     * Above the largest chunk (448 KiB of lines, plus its index and filter): whole chunks go, so a
     * cap below one chunk could leave a job nothing, depending on where its chunks were sealed.
     */
    static final int BYTE_CAP = 600 * 1024;
    private static final Pattern DROPPED = Pattern.compile("\\[(\\d+) earlier lines? dropped by log retention]");

    public static class SmallCaps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hero-proc.logs.max-lines-per-job", Integer.toString(PER_JOB),
                    "hero-proc.logs.max-lines-total", Integer.toString(TOTAL),
                    "hero-proc.logs.max-bytes-per-job", BYTE_CAP / 1024 + "K", "hero-proc.logs.max-bytes-total",
                    BYTE_CAP / 1024 + "K");
        }
    }

    @Inject
    LogWriter writer;

    @Inject
    AgroalDataSource dataSource;

    /** Runs a oneshot printing {@code prefix1..prefixN}; returns its job once every line is stored. */
    private long printLines(String prefix, int n) {
        String svc = name("ret");
        String act = svc + "_seq";
        shOneshot(act, "seq -f '" + prefix + "%g' 1 " + n);
        plainService(svc, act);
        start(svc);
        long job = awaitJob(svc, act, 1);
        awaitPhase(job, "succeeded");
        awaitLines(job, n);
        return job;
    }

    private static long dropped(Map<String, Object> marker) {
        assertEquals("system", marker.get("stream"), "a marker line: " + marker);
        Matcher m = DROPPED.matcher((String) marker.get("line"));
        assertTrue(m.matches(), "marker text: " + marker);
        return Long.parseLong(m.group(1));
    }

    @Test
    void perJobCapKeepsTheNewestLinesAndSaysHowManyWereDropped() throws Exception {
        long job = printLines("", 5000);
        writer.retainNow();

        List<Map<String, Object>> page = logs(job, 0, 10_000);
        assertEquals(PER_JOB + 1, page.size(), "the marker and the newest " + PER_JOB + " lines");
        Map<String, Object> marker = page.getFirst();
        assertThat((String) marker.get("line"), matchesPattern(".*dropped by log retention.*"));
        assertEquals(4000, dropped(marker), "5000 − 1000 lines dropped: " + marker);
        for (int i = 1; i < page.size(); i++) {
            long expected = 4000 + i;
            assertEquals(expected, num(page.get(i), "seq"), "line " + i);
            assertEquals(Long.toString(expected), page.get(i).get("line"));
            assertEquals("stdout", page.get(i).get("stream"));
        }

        // A cursor inside the dropped range gets a marker for the rest of the gap only.
        List<Map<String, Object>> mid = logs(job, 100, 10);
        assertEquals(10, mid.size(), "the limit counts the marker");
        assertEquals(3900, dropped(mid.getFirst()));
        assertEquals(4001, num(mid.get(1), "seq"));
        // A cursor in the kept range gets no marker.
        List<Map<String, Object>> kept = logs(job, 4500, 10);
        assertEquals("4501", kept.getFirst().get("line"));
        assertEquals("stdout", kept.getFirst().get("stream"));
    }

    @Test
    void globalCapDropsTheOldestLinesAcrossJobs() throws Exception {
        List<Long> jobs = new ArrayList<>();
        for (String prefix : List.of("one-", "two-", "three-")) {
            jobs.add(printLines(prefix, 900));
        }
        writer.retainNow();

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sum(last_seq - first_seq + 1) FROM log_chunks")) {
            rs.next();
            assertTrue(rs.getLong(1) <= TOTAL, "at most " + TOTAL + " lines kept in all, got " + rs.getLong(1));
        }
        // 2700 lines of these three jobs (plus any older ones) > 2500: the oldest job lost ≥ 200.
        List<Map<String, Object>> oldest = allLogs(jobs.getFirst(), 10_000);
        long gone = dropped(oldest.getFirst());
        assertTrue(gone >= 200, "the oldest job lost at least 200 lines: " + gone);
        assertEquals(900 - gone, oldest.size() - 1, "the rest of it is there");
        assertEquals("one-" + (gone + 1), oldest.get(1).get("line"));
        assertEquals("one-900", oldest.getLast().get("line"));

        List<Map<String, Object>> newest = allLogs(jobs.getLast(), 10_000);
        assertEquals(900, newest.size(), "the newest job is complete");
        assertEquals("three-1", newest.getFirst().get("line"));
        assertEquals("stdout", newest.getFirst().get("stream"));
    }

    @Test
    void globalCapCountsLinesNotIds() throws Exception {
        // 500 lines, then 5000 of another job: the per-job cap cuts the second to its newest 1000,
        // leaving 1500 lines of these two jobs, well under the global cap of 2500. The gap the
        // per-job cut leaves in the ids must not count as lines: the first job keeps all 500.
        long small = printLines("small-", 500);
        long big = printLines("big-", 5000);
        writer.retainNow();

        List<Map<String, Object>> bigLog = allLogs(big, 10_000);
        assertEquals(4000, dropped(bigLog.getFirst()), "per-job cap on the big job");
        assertEquals(PER_JOB, bigLog.size() - 1);
        List<Map<String, Object>> smallLog = allLogs(small, 10_000);
        assertEquals(500, smallLog.size(), "the small job is within the newest 2500 lines, so it keeps all 500; kept "
                + smallLog.size() + (smallLog.isEmpty() ? "" : ", first: " + smallLog.getFirst()));
        assertEquals("small-1", smallLog.getFirst().get("line"),
                "nothing of it is dropped: " + smallLog.getFirst());
    }

    private long storedBytes(String where) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(sum(stored_bytes), 0) FROM log_chunks" + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A job printing 100 lines of 20,000 random base64 characters: about 2 MB that hardly compresses. */
    private long printNoise() {
        String svc = name("bytes");
        String act = svc + "_noise";
        shOneshot(act, "head -c 1500000 /dev/urandom | base64 -w 20000");
        plainService(svc, act);
        start(svc);
        long job = awaitJob(svc, act, 1);
        awaitPhase(job, "succeeded");
        awaitLines(job, 100);
        return job;
    }

    @Test
    void byteCapsDropTheOldestChunksOfAJobAndOfAll() throws Exception {
        long first = printNoise();
        long second = printNoise();
        writer.retainNow();

        assertTrue(storedBytes(" WHERE job_id = " + second) <= BYTE_CAP, "a job keeps at most its byte cap");
        assertTrue(storedBytes("") <= BYTE_CAP, "all jobs together at most theirs: " + storedBytes(""));
        List<Map<String, Object>> newest = allLogs(second, 10_000);
        long gone = dropped(newest.getFirst());
        assertTrue(gone > 0 && gone < 100, "the oldest lines went, whole chunks of them: " + gone);
        assertEquals(100 - gone, newest.size() - 1, "the rest is there");
        assertEquals(100, num(newest.getLast(), "seq"), "up to the last line");
        assertEquals(20_000, ((String) newest.getLast().get("line")).length(), "whole lines");
        // Which lines of each job survive depends on where its chunks were sealed (size or time), so
        // the claim is in bytes: the older job keeps at most what the newer one left of the total.
        assertTrue(storedBytes(" WHERE job_id = " + first) <= BYTE_CAP - storedBytes(" WHERE job_id = " + second),
                "the older job gave way to the newer one under the total cap");
        assertTrue(allLogs(first, 10_000).stream().filter(l -> !"system".equals(l.get("stream"))).count() < 100,
                "the older job lost lines to the total cap");
    }
}
