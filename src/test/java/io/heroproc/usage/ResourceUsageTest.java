package io.heroproc.usage;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.logs.LiveTestBase;
import io.heroproc.supervisor.Await;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CPU and memory of running jobs, sampled every second in the test profile: the latest values
 * on the job and in the service status, the history downsampled by {@code /jobs/{id}/usage}.
 */
@QuarkusTest
class ResourceUsageTest extends LiveTestBase {

    private static final long MB = 1024 * 1024;
    private static final long RSS_MIN = 90 * MB;
    private static final long RSS_MAX = 400 * MB;
    private static final double CPU_MIN = 50;
    /** Two cores, plus rounding: a single busy thread can never be above ~100, a process group never above 200. */
    private static final double CPU_MAX = 210;

    /** Python touching every page of 100 MB, printing "allocated", then spinning one core forever. */
    private static String burner(String marker) {
        return """
                b = bytearray(100 * 1024 * 1024)
                for i in range(0, len(b), 4096):
                    b[i] = 1
                print('allocated', flush=True)
                while True:
                    pass
                # %s
                """.formatted(marker);
    }

    /** Time the process has spent on a CPU, from the scheduler's own accounting (nanoseconds). */
    private static long onCpuNanos(long pid) {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc", Long.toString(pid), "schedstat")).trim().split("\\s+")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> usage(long job, int points) {
        return given().queryParam("points", points).when().get("/api/v1/jobs/{id}/usage", job).then().statusCode(200)
                .extract().jsonPath().getList("");
    }

    @Test
    void aHundredMegabyteCpuBurnerIsReportedWithinSensibleBounds() {
        String svc = name("burner");
        String act = svc + "_py";
        action(act, """
                {"interpreter": "python3", "script": %s, "kind": "process"}""".formatted(json(burner(marker()))));
        plainService(svc, act);

        start(svc);
        long job = awaitJob(svc, act, 1);
        awaitLines(job, 1);

        // Memory: every observation plausible, and the touched 100 MB show up on the job and the service.
        List<String> seen = new ArrayList<>();
        Await.until(Duration.ofSeconds(30), () -> {
            Map<String, Object> j = job(job);
            Map<String, Object> s = status(svc);
            if (j.get("rss_bytes") == null || j.get("cpu_percent") == null || s.get("rss_bytes") == null
                    || s.get("cpu_percent") == null) {
                return false;
            }
            long rss = num(j, "rss_bytes");
            double cpu = dbl(j, "cpu_percent");
            seen.add(cpu + "%/" + rss / MB + "MB");
            assertTrue(rss <= RSS_MAX, "job rss " + rss + " ≤ 400 MB; seen " + seen);
            assertTrue(cpu >= 0 && cpu <= CPU_MAX, "job cpu " + cpu + " within 0..210; seen " + seen);
            assertTrue(num(s, "rss_bytes") <= RSS_MAX, "service rss ≤ 400 MB: " + s);
            assertTrue(dbl(s, "cpu_percent") >= 0 && dbl(s, "cpu_percent") <= CPU_MAX, "service cpu ≤ 210: " + s);
            return rss >= RSS_MIN && num(s, "rss_bytes") >= RSS_MIN;
        }, "the burner's 100 MB reported on the job and the service");

        // CPU: compared with what the kernel says the process used over (about) the same seconds.
        // The spinning loop wants a whole core; on an idle machine it gets ≥ 50 %, but these
        // machines run other suites at once, so the bound is the truth measured from
        // /proc/<pid>/schedstat, and ≥ 50 % is required whenever the kernel gave it ≥ 70 %.
        long pid = num(job(job), "pid");
        long cpu0 = onCpuNanos(pid);
        Instant t0 = Instant.now();
        Await.until(Duration.ofSeconds(30), () -> usage(job, 1000).stream().filter(p -> time(p, "ts").isAfter(t0))
                .count() >= 4, "4 usage samples after the reference point");
        long cpu1 = onCpuNanos(pid);
        Instant t1 = Instant.now();
        double truth = 100.0 * (cpu1 - cpu0) / Duration.between(t0, t1).toNanos();
        List<Double> reported = usage(job, 1000).stream().filter(p -> time(p, "ts").isAfter(t0.plusMillis(900))
                && !time(p, "ts").isAfter(t1)).map(p -> dbl(p, "cpu_percent")).toList();
        assertFalse(reported.isEmpty(), "samples inside the window");
        double average = reported.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        String what = "reported cpu " + reported + " (avg " + average + ") vs measured " + truth + " % over "
                + Duration.between(t0, t1).toMillis() + " ms";
        assertTrue(Math.abs(average - truth) <= Math.max(15, truth * 0.35), "cpu agrees with the kernel: " + what);
        if (truth >= 70) {
            assertTrue(average >= CPU_MIN && average <= CPU_MAX, "a busy loop with a core to itself: " + what);
        }
        double latest = dbl(job(job), "cpu_percent");
        assertTrue(latest > 0 && latest <= CPU_MAX, "the job's latest cpu: " + latest);
        double service = dbl(status(svc), "cpu_percent");
        assertTrue(service > 0 && service <= CPU_MAX, "the service's latest cpu: " + service);

        // The history: wait for at least 6 samples, then ask for 5 points.
        Await.until(Duration.ofSeconds(30), () -> usage(job, 100).size() >= 6, "6 usage samples");
        List<Map<String, Object>> full = usage(job, 100);
        List<Map<String, Object>> points = usage(job, 5);
        assertFalse(points.isEmpty());
        assertTrue(points.size() <= 5, "at most 5 points: " + points);
        Instant previous = Instant.EPOCH;
        for (Map<String, Object> p : points) {
            Instant ts = time(p, "ts");
            assertTrue(ts.isAfter(previous), "points in time order: " + points);
            previous = ts;
            double cpu = dbl(p, "cpu_percent");
            long rss = num(p, "rss_bytes");
            assertTrue(cpu >= 0 && cpu <= CPU_MAX, "point cpu " + cpu + ": " + points);
            assertTrue(rss > 0 && rss <= RSS_MAX, "point rss " + rss + ": " + points);
        }
        assertTrue(num(points.getLast(), "rss_bytes") >= RSS_MIN, "the latest point has the 100 MB: " + points);
        assertTrue(points.stream().mapToDouble(p -> dbl(p, "cpu_percent")).max().orElse(0) >= Math.min(truth / 2, 25),
                "the burner shows up as busy in the history: " + points + ", measured " + truth + " %");
        Instant first = time(full.getFirst(), "ts");
        Instant last = time(full.getLast(), "ts");
        assertTrue(!time(points.getLast(), "ts").isAfter(last)
                && !time(points.getFirst(), "ts").isBefore(first), "points lie within the samples' span");
        Instant started = time(job(job), "started_at");
        assertTrue(!first.isBefore(started), "samples are taken after the job started");
    }

    @Test
    void anIdleSleeperUsesLittleCpuAndMemory() {
        String svc = name("idle");
        String act = svc + "_sleep";
        action(act, """
                {"interpreter": "bash", "script": "exec -a %s sleep 1000", "kind": "process"}""".formatted(marker()));
        plainService(svc, act);

        start(svc);
        long job = awaitJob(svc, act, 1);
        Await.until(Duration.ofSeconds(30), () -> usage(job, 100).size() >= 2, "2 usage samples");
        Map<String, Object> j = job(job);
        assertTrue(dbl(j, "cpu_percent") < 10, "sleep is idle: " + j);
        assertTrue(num(j, "rss_bytes") > 0 && num(j, "rss_bytes") < 50 * MB, "sleep is small: " + j);
    }

    @Test
    void anIdleJobIsLookedAtLessAndLessOften() {
        String svc = name("idlepace");
        String act = svc + "_sleep";
        action(act, """
                {"interpreter": "bash", "script": "exec -a %s sleep 1000", "kind": "process"}""".formatted(marker()));
        plainService(svc, act);

        start(svc);
        long job = awaitJob(svc, act, 1);
        // Samples (1 s interval in tests) come 1, 2, then 4 intervals apart while nothing changes
        // (the first ones may still see the start-up's CPU: a change, which starts the pace again).
        Await.until(Duration.ofSeconds(40), () -> usage(job, 100).size() >= 5, "5 usage samples");
        List<Instant> ts = usage(job, 100).stream().map(p -> time(p, "ts")).toList();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < ts.size(); i++) {
            gaps.add(Duration.between(ts.get(i - 1), ts.get(i)).toMillis());
        }
        assertTrue(gaps.getLast() >= 2_500, "an unchanged job is read less often: gaps " + gaps + " ms");
        // At most SLOWEST intervals apart; the scheduler may stretch a tick on a busy machine.
        assertTrue(gaps.getLast() <= UsageSampler.SLOWEST * 2_000, "but still read: gaps " + gaps + " ms");
    }

    @Test
    void usageOfAnUnknownJobIs404AndBadPointsAre400() {
        given().when().get("/api/v1/jobs/{id}/usage", Long.MAX_VALUE - 7).then().statusCode(404);
        String svc = name("usagebad");
        String act = svc + "_t";
        shOneshot(act, "true");
        plainService(svc, act);
        start(svc);
        long job = awaitJob(svc, act, 1);
        given().queryParam("points", 0).when().get("/api/v1/jobs/{id}/usage", job).then().statusCode(400);
        given().queryParam("points", "x").when().get("/api/v1/jobs/{id}/usage", job).then().statusCode(400);
        assertEquals(200, given().when().get("/api/v1/jobs/{id}/usage", job).then().extract().statusCode());
    }
}
