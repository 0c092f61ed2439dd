package io.heroproc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.Signals;
import io.heroproc.supervisor.Await;
import io.heroproc.support.PackagedHeroProc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schedules live in the database: the packaged hero-proc, stopped and started again on its data
 * dir, arms them again, and applies the missed-fire rule: one catch-up run for a schedule that
 * should have fired while it was down (however many fires were missed), none for one that
 * should not have. The time spent down is made long by moving the services' change time back
 * two years in the SQLite file while hero-proc is stopped.
 */
class ScheduleRestartIT {

    private static ProcessBackend backend;
    private PackagedHeroProc hp;

    @BeforeAll
    static void backend() {
        backend = ProcessBackends.create("ffm");
    }

    @AfterEach
    void stop() {
        if (hp != null) {
            hp.close();
        }
    }

    @Test
    void schedulesSurviveARestartAndMissedFiresGetOneCatchUpRun() throws Exception {
        hp = new PackagedHeroProc(backend, "hp-it-data");
        RunningProcess first = hp.launch();
        hp.put("/api/v1/actions/tick", """
                {"interpreter": "sh", "kind": "oneshot", "script": "echo tick"}""");
        hp.put("/api/v1/services/hourly", """
                {"actions": ["tick"], "schedule": {"every": "1h"}}""");
        hp.put("/api/v1/services/yearly", """
                {"actions": ["tick"], "schedule": {"cron": "0 0 1 1 *"}}""");
        hp.put("/api/v1/services/on-time", """
                {"actions": ["tick"], "schedule": {"every": "1h", "overlap": "queue"}}""");
        for (String s : new String[] {"hourly", "yearly", "on-time"}) {
            assertTrue(hp.status(s).hasNonNull("next_run_at"), s + " is armed: " + hp.status(s));
            assertEquals(0, hp.get("/api/v1/runs?service=" + s).size(), s + " does not start before its fire");
        }

        backend.signal(first.id(), Signals.SIGTERM);
        assertEquals(0, first.exit().get(30, TimeUnit.SECONDS).exitCode(), hp.tail());
        // Down "for two years": both schedules fired many times meanwhile; on-time was changed just now.
        long twoYearsAgo = Instant.now().minus(730, ChronoUnit.DAYS).toEpochMilli();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + hp.dataDir().resolve("hero-proc.db"));
                PreparedStatement s = c.prepareStatement(
                        "UPDATE services SET updated_at = ? WHERE name IN ('hourly', 'yearly')")) {
            s.setLong(1, twoYearsAgo);
            assertEquals(2, s.executeUpdate());
        }

        hp.launch();
        for (String s : new String[] {"hourly", "yearly"}) {
            Await.untilCall(PackagedHeroProc.BOOT, () -> "success".equals(hp.status(s).path("state").asText()),
                    s + ": its catch-up run completed");
            JsonNode fires = hp.get("/api/v1/events?type=schedule.fired&service=" + s);
            assertEquals(1, fires.size(), "one catch-up, however many fires were missed: " + fires);
            assertEquals("catch-up", fires.get(0).path("data").path("outcome").asText());
            assertEquals("schedule", fires.get(0).path("source").asText());
            assertEquals(1, hp.get("/api/v1/runs?service=" + s).size(), s + ": exactly one run");
            JsonNode started = hp.get("/api/v1/events?type=run.started&service=" + s);
            assertEquals("schedule", started.get(0).path("source").asText(), "started by its schedule: " + started);
        }
        // Decided in the same boot pass as the catch-ups, before the API answered.
        assertEquals(0, hp.get("/api/v1/runs?service=on-time").size(), "nothing was missed: no catch-up");
        assertEquals(0, hp.get("/api/v1/events?type=schedule.fired&service=on-time").size());

        Instant now = Instant.now();
        for (String s : new String[] {"hourly", "on-time"}) {
            Instant next = Instant.parse(hp.status(s).path("next_run_at").asText());
            assertTrue(Duration.between(now, next).toMinutes() >= 58, s + " re-armed, an hour from boot: " + next);
        }
        Instant nextYear = Instant.parse(hp.status("yearly").path("next_run_at").asText());
        assertTrue(nextYear.isAfter(now), "yearly re-armed: " + nextYear);
        assertEquals("queue", hp.get("/api/v1/services/on-time").path("schedule").path("overlap").asText());
    }
}
