package io.heroproc.api;

import static io.heroproc.support.Api.oneshot;
import static io.heroproc.support.Api.problem;
import static io.heroproc.support.Api.specService;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.heroproc.model.JobPhase;
import io.heroproc.model.RunStatus;
import io.heroproc.support.Names;
import io.heroproc.support.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StatusResourceTest {

    private static final Set<String> WANTED = Set.of("start", "stop", "ignore", "spec");

    @Inject
    TestDb db;

    /** {@code start} is left out: the supervisor would start such a service at once. */
    @Test
    void aServiceThatNeverRanIsInactiveWhateverIsWanted() {
        String action = Names.unique("act");
        oneshot(action);
        for (String wanted : List.of("stop", "ignore", "spec")) {
            String service = Names.unique("svc");
            io.heroproc.support.Api.putService(service,
                    "{\"actions\": [\"" + action + "\"], \"wanted\": \"" + wanted + "\"}");

            given().when().get("/api/v1/services/{name}/status", service)
                    .then().statusCode(200).contentType(ContentType.JSON)
                    .body("name", equalTo(service))
                    .body("state", equalTo("inactive"))
                    .body("wanted", equalTo(wanted))
                    .body("reason", equalTo("never started"))
                    .body("since", nullValue())
                    .body("pids", equalTo(List.of()))
                    .body("restarts", equalTo(0))
                    .body("health", nullValue())
                    .body("next_restart_at", nullValue())
                    .body("run_id", nullValue());
        }
    }

    @Test
    void statusOfUnknownServiceIs404() {
        problem(given().when().get("/api/v1/services/{name}/status", Names.unique("nope")).then(), 404);
    }

    @Test
    void bulkStatusAnswersEveryServiceAndNeverShowsTheWishAsTheState() {
        String action = Names.unique("act");
        String stopped = Names.unique("svc");
        String started = Names.unique("svc");
        oneshot(action);
        io.heroproc.support.Api.putService(stopped, "{\"actions\": [\"" + action + "\"], \"wanted\": \"stop\"}");
        io.heroproc.support.Api.putService(started, "{\"actions\": [\"" + action + "\"], \"wanted\": \"ignore\"}");

        List<Map<String, Object>> all = given().when().get("/api/v1/services/status")
                .then().statusCode(200).contentType(ContentType.JSON).extract().path("$");
        List<String> services = given().get("/api/v1/services").then().extract().path("name");
        assertEquals(services, all.stream().map(s -> (String) s.get("name")).toList(),
                "one status per service, in name order");
        for (Map<String, Object> s : all) {
            assertFalse(WANTED.contains((String) s.get("state")), "state shows the wish: " + s);
            assertNotNull(s.get("wanted"), "wanted is missing: " + s);
        }
        Map<String, Map<String, Object>> byName = all.stream()
                .collect(Collectors.toMap(s -> (String) s.get("name"), Function.identity()));
        assertEquals("inactive", byName.get(stopped).get("state"));
        assertEquals("stop", byName.get(stopped).get("wanted"));
        assertEquals("inactive", byName.get(started).get("state"));
        assertEquals("ignore", byName.get(started).get("wanted"));
    }

    @Test
    void stateIsDerivedFromTheLatestRunAndItsJobs() {
        String action = Names.unique("act");
        oneshot(action);
        String running = Names.unique("svc");
        String failed = Names.unique("svc");
        String exited = Names.unique("svc");
        String success = Names.unique("svc");
        String starting = Names.unique("svc");
        String stopping = Names.unique("svc");
        for (String s : List.of(running, failed, exited, success, starting, stopping)) {
            specService(s, action);
        }
        Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS);
        Instant t1 = t0.plus(10, ChronoUnit.MINUTES);

        // running: an older ended run must not matter, nor the pid of an ended job
        long oldRun = db.run(running, RunStatus.ERROR, false, t0, t1);
        db.job(oldRun, running, action, JobPhase.FAILED, 111L, 1);
        long runningRun = db.run(running, RunStatus.RUNNING, false, t1, null);
        db.job(runningRun, running, action, JobPhase.RUNNING, 4242L, null);
        db.job(runningRun, running, action, JobPhase.RUNNING, 4243L, null);
        db.job(runningRun, running, action, JobPhase.SUCCEEDED, 999L, 0);
        // failed: an ended run with status error
        long failedRun = db.run(failed, RunStatus.ERROR, false, t0, t1);
        db.job(failedRun, failed, action, JobPhase.FAILED, 222L, 2);
        // exited: ended after a stop request
        long exitedRun = db.run(exited, RunStatus.OK, true, t0, t1);
        db.job(exitedRun, exited, action, JobPhase.FAILED, 333L, null);
        // success: an earlier failure, then a run that ended ok
        db.run(success, RunStatus.ERROR, false, t0, t0.plusSeconds(1));
        long successRun = db.run(success, RunStatus.OK, false, t0.plusSeconds(2), t1);
        db.job(successRun, success, action, JobPhase.SUCCEEDED, 444L, 0);
        // starting: jobs still pending
        long startingRun = db.run(starting, RunStatus.STARTING, false, t1, null);
        db.job(startingRun, starting, action, JobPhase.PENDING, null, null);
        // stopping: asked to stop, not ended yet
        long stoppingRun = db.run(stopping, RunStatus.RUNNING, true, t1, null);
        db.job(stoppingRun, stopping, action, JobPhase.RUNNING, 555L, null);

        given().get("/api/v1/services/{name}/status", running).then().statusCode(200)
                .body("state", equalTo("running"))
                .body("wanted", equalTo("spec"))
                .body("pids", equalTo(List.of(4242, 4243)))
                .body("run_id", equalTo((int) runningRun))
                .body("since", notNullValue())
                .body("reason", containsString("up since"));
        given().get("/api/v1/services/{name}/status", failed).then()
                .body("state", equalTo("failed")).body("pids", equalTo(List.of()))
                .body("run_id", equalTo((int) failedRun))
                .body("since", equalTo(t1.truncatedTo(ChronoUnit.MILLIS).toString()));
        given().get("/api/v1/services/{name}/status", exited).then()
                .body("state", equalTo("exited")).body("pids", equalTo(List.of()));
        given().get("/api/v1/services/{name}/status", success).then()
                .body("state", equalTo("success")).body("run_id", equalTo((int) successRun));
        given().get("/api/v1/services/{name}/status", starting).then().body("state", equalTo("starting"));
        given().get("/api/v1/services/{name}/status", stopping).then().body("state", equalTo("stopping"));

        // The bulk answer agrees with the single ones.
        List<Map<String, Object>> all = given().get("/api/v1/services/status").then().statusCode(200)
                .extract().path("$");
        Map<String, Object> states = all.stream()
                .collect(Collectors.toMap(s -> (String) s.get("name"), s -> s.get("state")));
        assertEquals("running", states.get(running));
        assertEquals("failed", states.get(failed));
        assertEquals("exited", states.get(exited));
        assertEquals("success", states.get(success));
        assertEquals("starting", states.get(starting));
        assertEquals("stopping", states.get(stopping));
        Map<String, Object> runningStatus = all.stream().filter(s -> running.equals(s.get("name"))).findFirst()
                .orElseThrow();
        assertEquals(List.of(4242, 4243), runningStatus.get("pids"));
    }

    /** A crash loop between two attempts: its own state, with when the next attempt is due. */
    @Test
    void aRunWaitingOutItsBackoffIsRestartingNotStarting() {
        String action = Names.unique("act");
        String service = Names.unique("svc");
        oneshot(action);
        specService(service, action);
        Instant started = Instant.now().minusSeconds(30);
        long run = db.run(service, RunStatus.STARTING, false, started, null);
        db.job(run, service, action, JobPhase.FAILED, 777L, 1);
        db.job(run, service, action, JobPhase.PENDING, null, null);
        Instant due = Instant.now().plusSeconds(20);
        db.backoff(run, 3, due, action + " exit 1 at 12:01:03");

        given().get("/api/v1/services/{name}/status", service).then().statusCode(200)
                .body("state", equalTo("restarting"))
                .body("restarts", equalTo(3))
                .body("next_restart_at", equalTo(due.truncatedTo(ChronoUnit.MILLIS).toString()))
                .body("pids", equalTo(List.of()))
                .body("reason", containsString("backoff: restart 3 in"))
                .body("reason", containsString("exit 1 at 12:01:03"));
        List<Map<String, Object>> all = given().get("/api/v1/services/status").then().extract().path("$");
        assertEquals("restarting", all.stream().filter(s -> service.equals(s.get("name"))).findFirst().orElseThrow()
                .get("state"), "the bulk answer agrees");
    }

    @Test
    void aRunReasonIsShownAsTheReason() {
        String action = Names.unique("act");
        String service = Names.unique("svc");
        oneshot(action);
        specService(service, action);
        long run = db.run(service, RunStatus.ERROR, false, Instant.now().minusSeconds(5), Instant.now());
        db.reason(run, "exit 2 at 12:01:03");
        given().get("/api/v1/services/{name}/status", service).then()
                .body("state", equalTo("failed")).body("reason", equalTo("exit 2 at 12:01:03"));
    }
}
