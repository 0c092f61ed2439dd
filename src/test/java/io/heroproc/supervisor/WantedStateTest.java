package io.heroproc.supervisor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code wanted} drives the reconciler: start, stop, ignore (hands off) and spec (refused). */
@QuarkusTest
class WantedStateTest extends EngineTestBase {

    @Inject
    AgroalDataSource dataSource;

    /**
     * Waits until the reconciler has made one full pass after this call: a probe service is
     * switched to {@code wanted: start} behind the API's back (plain SQL, so no catalog event
     * wakes the loop), which only the periodic reconcile of every service can notice.
     */
    private void awaitReconcilerTick() {
        String probe = name("tickprobe");
        String mark = marker();
        sleeper(probe + "_a", mark);
        service(probe, """
                {"actions": ["%s_a"], "wanted": "stop"}""".formatted(probe));
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE services SET wanted = 'start' WHERE name = ?")) {
            s.setString(1, probe);
            assertEquals(1, s.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        awaitState(probe, "running");
        stop(probe);
    }

    @Test
    void wantedStopStopsARunningService() {
        String svc = name("wantstop");
        String mark = marker();
        sleeper(svc + "_a", mark);
        service(svc, """
                {"actions": ["%s_a"], "wanted": "start"}""".formatted(svc));
        awaitRunning(svc, 1);
        Procs.awaitOne(mark, svc);

        wanted(svc, "stop");
        awaitState(svc, "exited");
        Await.until(() -> Procs.withMarker(mark).isEmpty(), "no process left of " + svc);
        assertEquals("stop", status(svc).get("wanted"));
        assertEquals(List.of(), pids(svc));
        assertEquals(0, openRuns(svc));
        assertEquals("ok", runs(svc).getFirst().get("status"), "a stop on request ends the run ok");
    }

    @Test
    void wantedIgnoreIsNeverStartedByTheReconciler() {
        String svc = name("ignored");
        String mark = marker();
        sleeper(svc + "_a", mark);
        service(svc, """
                {"actions": ["%s_a"], "wanted": "ignore"}""".formatted(svc));

        awaitReconcilerTick();
        awaitReconcilerTick();

        assertEquals("inactive", state(svc));
        assertEquals("ignore", status(svc).get("wanted"));
        assertEquals(0, runs(svc).size());
        assertTrue(Procs.withMarker(mark).isEmpty());
    }

    @Test
    void wantedIgnoreStartsOnRequestButACrashIsNotRestarted() throws Exception {
        Path dir = Files.createTempDirectory("hp-ignore");
        Path go = dir.resolve("crash-now");
        String svc = name("ignorecrash");
        String mark = marker();
        shProcess(svc + "_a", "while [ ! -e %s ]; do sleep 0.05; done; exit 2 # %s".formatted(go, mark));
        service(svc, """
                {"actions": ["%s_a"], "wanted": "ignore",
                 "restart": {"policy": "always", "backoff": {"initial": "100ms", "factor": 1, "jitter": 0}}}"""
                .formatted(svc));

        start(svc);
        awaitRunning(svc, 1);
        assertEquals("ignore", status(svc).get("wanted"), "a manual start does not change wanted: ignore");

        Files.createFile(go);
        awaitState(svc, "failed");
        awaitReconcilerTick();

        assertEquals("failed", state(svc));
        assertEquals(1, jobs(svc).size(), "no restart of an ignored service: " + jobs(svc));
        assertEquals(0, restarts(svc));
        assertEquals(1, runs(svc).size());
        assertEquals(2, num(jobs(svc).getFirst(), "exit_code"));
        assertTrue(Procs.withMarker(mark).isEmpty());
    }

    @Test
    void wantedSpecRefusesAStartWithAProblem() {
        String svc = name("speconly");
        String mark = marker();
        sleeper(svc + "_a", mark);
        service(svc, """
                {"actions": ["%s_a"], "wanted": "spec"}""".formatted(svc));

        command(svc, "start").statusCode(409).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(409)).body("detail", containsString("wanted: spec"))
                .body("detail", containsString(svc));
        command(svc, "restart").statusCode(409).contentType(startsWith("application/problem+json"));

        assertEquals("inactive", state(svc));
        assertEquals("spec", status(svc).get("wanted"), "a refused start changes nothing");
        assertEquals(0, runs(svc).size());
        assertTrue(Procs.withMarker(mark).isEmpty());
        assertNotEquals("start", given().get("/api/v1/services/{n}", svc).then().extract().path("wanted"));
    }
}
