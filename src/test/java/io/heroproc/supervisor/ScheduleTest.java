package io.heroproc.supervisor;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.registry.UnixCron;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Services started by their schedule (Quarkus Scheduler jobs), end to end with real processes:
 * an interval and a five-field cron start runs through the supervisor (origin {@code schedule}),
 * the three overlaps, {@code next_run_at} in the status, and schedules that follow the catalog.
 */
@QuarkusTest
class ScheduleTest extends EngineTestBase {

    private static final Duration FIRES = Duration.ofSeconds(30);

    @Inject
    Scheduler scheduler;

    private final List<Path> gates = new ArrayList<>();

    /** A oneshot that runs until its gate file exists. */
    private Path gatedOneshot(String action) throws IOException {
        Path gate = Files.createTempDirectory("hp-gate").resolve("open");
        gates.add(gate);
        shOneshot(action, "while [ ! -e '" + gate + "' ]; do sleep 0.05; done");
        return gate;
    }

    @AfterEach
    void openGates() throws IOException {
        for (Path gate : gates) {
            if (!Files.exists(gate)) {
                Files.createFile(gate);
            }
        }
    }

    /** The service's events of the given types, oldest first. */
    static List<Map<String, Object>> events(String service, String types) {
        List<Map<String, Object>> events = new ArrayList<>(given().queryParam("service", service)
                .queryParam("type", types).queryParam("limit", 500).when().get("/api/v1/events").then()
                .statusCode(200).extract().jsonPath().getList(""));
        return events.reversed();
    }

    static List<String> fireOutcomes(String service) {
        return events(service, "schedule.fired").stream()
                .map(e -> String.valueOf(((Map<?, ?>) e.get("data")).get("outcome"))).toList();
    }

    static Instant nextRunAt(String service) {
        Object at = status(service).get("next_run_at");
        return at == null ? null : Instant.parse((String) at);
    }

    private boolean armed(String service) {
        return scheduler.getScheduledJob("hero-proc.schedule." + service) != null;
    }

    @Test
    void anIntervalStartsTheServiceThroughTheSupervisorAndItsRunsAreInTheHistory() {
        String svc = name("every");
        shOneshot(svc + "_a", "echo scheduled");
        service(svc, """
                {"actions": ["%s_a"], "schedule": {"every": "1s"}}""".formatted(svc));
        given().get("/api/v1/services/{name}", svc).then().statusCode(200)
                .body("schedule.every", org.hamcrest.Matchers.equalTo("1s"))
                .body("schedule.overlap", org.hamcrest.Matchers.equalTo("skip"));
        Instant next = nextRunAt(svc);
        assertNotNull(next, "a scheduled service wanted start has its next fire time");
        assertTrue(next.isBefore(Instant.now().plusSeconds(3)), "about a second away: " + next);

        Await.until(FIRES, () -> runs(svc).stream().filter(r -> "ok".equals(r.get("status"))).count() >= 2,
                "two scheduled runs completed");
        List<Map<String, Object>> started = events(svc, "run.started");
        assertTrue(started.size() >= 2, "runs in the history: " + started);
        // Every run was started by the schedule: neither the catalog change nor the reconciler's
        // ticks start a scheduled service, and a completed run is not restarted.
        started.forEach(e -> assertEquals("schedule", e.get("source"), "started by the schedule: " + e));
        assertTrue(fireOutcomes(svc).stream().filter("started"::equals).count() >= 2, fireOutcomes(svc).toString());
        Await.until(FIRES, () -> nextRunAt(svc).isAfter(next), "next_run_at moves on with the fires from " + next);
    }

    @Test
    void overlapSkipRecordsFiresWhileARunIsStillGoing() throws IOException {
        String svc = name("skip");
        Path gate = gatedOneshot(svc + "_a");
        service(svc, """
                {"actions": ["%s_a"], "schedule": {"every": "1s", "overlap": "skip"}}""".formatted(svc));
        Await.until(FIRES, () -> fireOutcomes(svc).stream().filter("skipped"::equals).count() >= 2,
                "two fires skipped while the first run goes on");
        List<Map<String, Object>> runs = runs(svc);
        assertEquals(1, runs.size(), "skipped fires start nothing: " + runs);
        long first = num(runs.getFirst(), "id");
        events(svc, "schedule.fired").stream().skip(1).forEach(e -> {
            assertEquals(first, ((Number) e.get("run_id")).longValue(), "names the run still going: " + e);
            assertTrue(String.valueOf(e.get("message")).contains("still going"), String.valueOf(e.get("message")));
        });

        Files.createFile(gate);
        Await.until(FIRES, () -> runs(svc).size() >= 2, "the next fire after the run ended starts a new run");
        assertEquals("ok", runs(svc).getFirst().get("status"));
    }

    @Test
    void overlapQueueStartsOneRunWhenTheCurrentEndsHoweverManyFiresCame() throws IOException {
        String svc = name("queue");
        Path gate = gatedOneshot(svc + "_a");
        service(svc, """
                {"actions": ["%s_a"], "schedule": {"every": "1s", "overlap": "queue"}}""".formatted(svc));
        Await.until(FIRES, () -> fireOutcomes(svc).stream().filter("coalesced"::equals).count() >= 2,
                "fires queued behind the first run");
        assertEquals(1, runs(svc).size(), "queued fires wait for the run: " + runs(svc));
        List<String> outcomes = fireOutcomes(svc);
        assertEquals(List.of("started", "queued", "coalesced", "coalesced"), outcomes.subList(0, 4), outcomes.toString());
        long first = num(runs(svc).getFirst(), "id");

        Files.createFile(gate);
        // The event log orders it: the first run ends, the one queued start follows at once, and
        // only then comes another fire.
        Await.until(FIRES, () -> {
            List<Map<String, Object>> log = events(svc, "run.started,run.ended,schedule.fired");
            int ended = indexOf(log, "run.ended", first);
            return ended >= 0 && log.subList(ended, log.size()).stream()
                    .anyMatch(e -> "schedule.fired".equals(e.get("type")));
        }, "a fire after the first run ended");
        List<Map<String, Object>> log = events(svc, "run.started,run.ended,schedule.fired");
        List<Map<String, Object>> after = log.subList(indexOf(log, "run.ended", first) + 1, log.size());
        assertEquals("run.started", after.getFirst().get("type"), "the queued start comes first: " + after);
        assertEquals("schedule", after.getFirst().get("source"));
        long startsBeforeNextFire = after.stream().takeWhile(e -> !"schedule.fired".equals(e.get("type")))
                .filter(e -> "run.started".equals(e.get("type"))).count();
        assertEquals(1, startsBeforeNextFire, "the queued fires coalesced into one run: " + after);
    }

    private static int indexOf(List<Map<String, Object>> log, String type, long run) {
        for (int i = 0; i < log.size(); i++) {
            Object id = log.get(i).get("run_id");
            if (type.equals(log.get(i).get("type")) && id != null && ((Number) id).longValue() == run) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void overlapReplaceStopsTheCurrentRunThenStartsANewOne() {
        String svc = name("replace");
        String mark = marker();
        sleeper(svc + "_a", mark);
        service(svc, """
                {"actions": ["%s_a"], "schedule": {"every": "1s", "overlap": "replace"}}""".formatted(svc));
        Await.until(FIRES, () -> runs(svc).size() >= 3, "three runs, each replacing the one before");
        List<Map<String, Object>> runs = runs(svc);
        for (Map<String, Object> replaced : runs.subList(0, 2)) {
            assertNotNull(replaced.get("ended_at"), "replaced runs ended: " + replaced);
            assertEquals("ok", replaced.get("status"), "stopped on request: " + replaced);
            assertEquals("replaced by a scheduled start", replaced.get("reason"));
        }
        assertTrue(openRuns(svc) <= 1, "never two runs at once: " + runs(svc));
        assertTrue(fireOutcomes(svc).contains("replaced"), fireOutcomes(svc).toString());
        Procs.awaitOne(mark, svc + ": only the current run's process is left");
    }

    @Test
    void aFiveFieldCronStartsTheServiceOnTheMinute() {
        String svc = name("cron");
        shOneshot(svc + "_a", "echo cron");
        service(svc, """
                {"actions": ["%s_a"], "schedule": {"cron": "* * * * *"}}""".formatted(svc));
        Instant next = nextRunAt(svc);
        assertNotNull(next);
        assertEquals(0, next.getEpochSecond() % 60, "on a minute: " + next);
        assertTrue(next.isAfter(Instant.now()) && next.isBefore(Instant.now().plusSeconds(61)), next.toString());

        Await.until(Duration.ofSeconds(80), () -> runs(svc).stream().anyMatch(r -> "ok".equals(r.get("status"))),
                "the run of the cron fire at " + next);
        Instant started = time(runs(svc).getFirst(), "started_at");
        assertTrue(!started.isBefore(next) && started.isBefore(next.plusSeconds(10)),
                "started at its fire time " + next + ": " + started);
        assertEquals("schedule", events(svc, "run.started").getFirst().get("source"));
        assertTrue(nextRunAt(svc).isAfter(next), "the next minute is next");
    }

    @Test
    void theScheduleFollowsWantedAndCatalogChanges() {
        String svc = name("follow");
        shOneshot(svc + "_a", "true");
        service(svc, """
                {"actions": ["%s_a"], "schedule": {"every": "1h"}}""".formatted(svc));
        Instant next = nextRunAt(svc);
        assertNotNull(next);
        assertTrue(Duration.between(Instant.now(), next).toMinutes() >= 58, "an hour away: " + next);
        assertTrue(armed(svc));

        wanted(svc, "stop");
        assertNull(nextRunAt(svc), "wanted stop: the schedule is disarmed");
        assertTrue(!armed(svc));
        wanted(svc, "start");
        assertNotNull(nextRunAt(svc), "wanted start again: armed again");

        service(svc, """
                {"actions": ["%s_a"], "schedule": {"cron": "0 3 * * *"}}""".formatted(svc));
        Instant before = Instant.now();
        Instant atThree = nextRunAt(svc);
        assertEquals(UnixCron.parse("0 3 * * *").next(before).orElseThrow(), atThree, "rescheduled to the cron");

        service(svc, """
                {"actions": ["%s_a"], "wanted": "ignore"}""".formatted(svc));
        assertNull(nextRunAt(svc), "schedule removed: disarmed");
        assertTrue(!armed(svc));

        given().contentType("application/yaml").body("""
                services:
                  %1$s: {actions: [%1$s_a], wanted: start, schedule: {every: 2h, overlap: replace}}
                """.formatted(svc).getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/v1/manifests").then().statusCode(200);
        assertTrue(armed(svc), "a manifest apply arms it");
        assertTrue(Duration.between(Instant.now(), nextRunAt(svc)).toMinutes() >= 118);

        given().contentType("application/json").when().delete("/api/v1/services/{name}", svc).then().statusCode(204);
        assertTrue(!armed(svc), "deleted: disarmed");
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop"}""".formatted(svc));
        assertEquals(List.of(), fireOutcomes(svc), "nothing ever fired");
        assertEquals(List.of(), runs(svc), "and nothing else started it: not the reconciler, not the changes");
    }
}
