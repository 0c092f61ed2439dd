package io.heroproc.api;

import static io.heroproc.support.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.model.JobPhase;
import io.heroproc.model.RunStatus;
import io.heroproc.support.Names;
import io.heroproc.support.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs and jobs are written by the engine; here they are inserted directly. The services they
 * name need not exist: runs outlive deleted services.
 */
@QuarkusTest
class RunJobResourceTest {

    @Inject
    TestDb db;

    String service;
    String other;
    long run1;
    long run2;
    long run3;
    long otherRun;
    long job1;
    long job2;
    long job3;

    @BeforeEach
    void insertHistory() {
        service = Names.unique("hist");
        other = Names.unique("hist");
        Instant t = Instant.parse("2025-01-01T10:00:00Z");
        run1 = db.run(service, RunStatus.ERROR, false, t, t.plusSeconds(5));
        job1 = db.job(run1, service, "web", JobPhase.FAILED, 100L, 3);
        run2 = db.run(service, RunStatus.OK, true, t.plusSeconds(10), t.plusSeconds(20));
        job2 = db.job(run2, service, "web", JobPhase.SUCCEEDED, 101L, 0);
        run3 = db.run(service, RunStatus.RUNNING, false, t.plusSeconds(30), null);
        db.job(run3, service, "migrate", JobPhase.SUCCEEDED, 102L, 0);
        job3 = db.job(run3, service, "web", JobPhase.RUNNING, 103L, null);
        otherRun = db.run(other, RunStatus.OK, false, t, t.plusSeconds(1));
        db.job(otherRun, other, "web", JobPhase.SUCCEEDED, 200L, 0);
    }

    @Test
    void runsOfAServiceNewestFirst() {
        List<Integer> ids = given().queryParam("service", service)
                .when().get("/api/v1/runs")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("service", equalTo(List.of(service, service, service)))
                .extract().path("id");
        assertEquals(List.of((int) run3, (int) run2, (int) run1), ids);
    }

    @Test
    void runsListedWithoutFilterAreNewestFirstAndCarryNoJobs() {
        List<Integer> ids = given().queryParam("limit", 1000).when().get("/api/v1/runs").then().statusCode(200)
                .body("jobs", org.hamcrest.Matchers.everyItem(nullValue()))
                .extract().path("id");
        assertTrue(ids.containsAll(List.of((int) run1, (int) run2, (int) run3, (int) otherRun)));
        assertEquals(ids.stream().sorted(Comparator.reverseOrder()).toList(), ids);
    }

    @Test
    void runsFilteredByStatus() {
        given().queryParam("service", service).queryParam("status", "ok")
                .when().get("/api/v1/runs")
                .then().statusCode(200)
                .body("id", equalTo(List.of((int) run2)))
                .body("status", equalTo(List.of("ok")))
                .body("stop_requested", equalTo(List.of(true)));
        given().queryParam("service", service).queryParam("status", "starting")
                .when().get("/api/v1/runs").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void runsPagedWithLimitAndOffset() {
        given().queryParam("service", service).queryParam("limit", 2)
                .when().get("/api/v1/runs").then().statusCode(200)
                .body("id", equalTo(List.of((int) run3, (int) run2)));
        given().queryParam("service", service).queryParam("limit", 2).queryParam("offset", 2)
                .when().get("/api/v1/runs").then().statusCode(200)
                .body("id", equalTo(List.of((int) run1)));
        given().queryParam("service", service).queryParam("offset", 3)
                .when().get("/api/v1/runs").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void oneRunIncludesItsJobs() {
        given().when().get("/api/v1/runs/{id}", run3)
                .then().statusCode(200)
                .body("id", equalTo((int) run3))
                .body("service", equalTo(service))
                .body("status", equalTo("running"))
                .body("ended_at", nullValue())
                .body("started_at", equalTo("2025-01-01T10:00:30Z"))
                .body("jobs", hasSize(2))
                .body("jobs.action", equalTo(List.of("migrate", "web")))
                .body("jobs.run_id", equalTo(List.of((int) run3, (int) run3)))
                .body("jobs[1].id", equalTo((int) job3))
                .body("jobs[1].phase", equalTo("running"))
                .body("jobs[1].pid", equalTo(103));
        given().get("/api/v1/runs/{id}", run1).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("ended_at", equalTo("2025-01-01T10:00:05Z"))
                .body("jobs.id", equalTo(List.of((int) job1)));
    }

    @Test
    void unknownRunIs404() {
        problem(given().when().get("/api/v1/runs/{id}", Long.MAX_VALUE).then(), 404);
    }

    @Test
    void jobsOfAServiceNewestFirst() {
        List<Integer> ids = given().queryParam("service", service)
                .when().get("/api/v1/jobs").then().statusCode(200).contentType(ContentType.JSON)
                .extract().path("id");
        assertEquals(4, ids.size());
        assertEquals(ids.stream().sorted(Comparator.reverseOrder()).toList(), ids);
        assertEquals((int) job3, ids.getFirst());
        assertEquals((int) job1, ids.getLast());
    }

    @Test
    void jobsFilteredByPhaseAndPaged() {
        given().queryParam("service", service).queryParam("phase", "succeeded")
                .when().get("/api/v1/jobs").then().statusCode(200)
                .body("phase", equalTo(List.of("succeeded", "succeeded")))
                .body("action", equalTo(List.of("migrate", "web")));
        given().queryParam("service", service).queryParam("phase", "failed")
                .when().get("/api/v1/jobs").then().statusCode(200)
                .body("id", equalTo(List.of((int) job1)))
                .body("exit_code", equalTo(List.of(3)));
        given().queryParam("service", service).queryParam("limit", 1).queryParam("offset", 1)
                .when().get("/api/v1/jobs").then().statusCode(200).body("$", hasSize(1))
                .body("action", equalTo(List.of("migrate")));
    }

    @Test
    void oneJob() {
        given().when().get("/api/v1/jobs/{id}", job2)
                .then().statusCode(200)
                .body("id", equalTo((int) job2))
                .body("run_id", equalTo((int) run2))
                .body("service", equalTo(service))
                .body("action", equalTo("web"))
                .body("attempt", equalTo(1))
                .body("phase", equalTo("succeeded"))
                .body("pid", equalTo(101))
                .body("exit_code", equalTo(0))
                .body("signal", nullValue())
                .body("started_at", notNullValue())
                .body("ended_at", notNullValue());
    }

    @Test
    void unknownJobIs404() {
        problem(given().when().get("/api/v1/jobs/{id}", Long.MAX_VALUE).then(), 404);
    }
}
