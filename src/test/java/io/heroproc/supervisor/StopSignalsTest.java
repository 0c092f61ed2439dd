package io.heroproc.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stopping: SIGTERM then SIGKILL after the grace; kill: SIGKILL at once. */
@QuarkusTest
class StopSignalsTest extends EngineTestBase {

    /**
     * A bash job that ignores SIGTERM (its sleep child inherits the ignored disposition). It says
     * so once the trap is set, and a test waits for that line: a SIGTERM before it would kill bash.
     */
    private void stubborn(String action, String mark, String grace) {
        action(action, """
                {"interpreter": "bash", "script": %s, "kind": "process", "stop": {"signal": "TERM", "grace": "%s"}}"""
                .formatted(json("trap \"\" TERM; sleep 1000 & echo trapped; wait; : " + mark), grace));
    }

    private static void awaitTrapped(String svc) {
        Await.until(java.time.Duration.ofSeconds(30), () -> given().when().get("/api/v1/services/{n}/logs", svc)
                .jsonPath().getList("line").contains("trapped"), svc + " has set its trap");
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterTheGrace() {
        String svc = name("stubborn");
        String mark = marker();
        stubborn(svc + "_a", mark, "500ms");
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop"}""".formatted(svc));
        start(svc);
        awaitRunning(svc, 1);
        awaitTrapped(svc);

        Instant asked = Instant.now();
        stop(svc);
        awaitState(svc, "exited");

        Map<String, Object> job = jobs(svc).getFirst();
        assertEquals(9, num(job, "signal"), "ended by SIGKILL: " + job);
        assertNull(job.get("exit_code"));
        long took = millisBetween(asked, time(job, "ended_at"));
        assertTrue(took >= 450 && took <= 2000, "killed after about the 500 ms grace, took " + took + " ms");
        assertTrue(Procs.withMarker(mark).isEmpty(), "no process left");
        assertEquals("ok", runs(svc).getFirst().get("status"));
    }

    @Test
    void killSendsSigkillAtOnceWithoutWaitingForTheGrace() {
        String svc = name("killme");
        String mark = marker();
        stubborn(svc + "_a", mark, "30s");
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop"}""".formatted(svc));
        start(svc);
        awaitRunning(svc, 1);
        awaitTrapped(svc);

        Instant asked = Instant.now();
        command(svc, "kill").statusCode(200);
        awaitState(svc, "exited");

        Map<String, Object> job = jobs(svc).getFirst();
        assertEquals(9, num(job, "signal"), "ended by SIGKILL: " + job);
        long took = millisBetween(asked, time(job, "ended_at"));
        assertTrue(took < 1000, "killed at once, took " + took + " ms");
        assertTrue(Procs.withMarker(mark).isEmpty(), "no process left");
        assertEquals("stop", status(svc).get("wanted"), "a killed service stays stopped");
        assertEquals(0, openRuns(svc));
    }
}
