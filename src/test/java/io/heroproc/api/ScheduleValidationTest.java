package io.heroproc.api;

import static io.heroproc.support.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.heroproc.support.Api;
import io.heroproc.support.Names;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A service's {@code schedule} refused field by field: a 400 problem naming the field and why,
 * and nothing stored (a new service does not appear; an existing one keeps its schedule).
 */
@QuarkusTest
class ScheduleValidationTest {

    private static void refused(String schedule, String field, String why) {
        String name = Names.unique("badsched");
        String action = name + "_a";
        Api.oneshot(action);
        problem(given().contentType(ContentType.JSON).body("""
                {"actions": ["%s"], "wanted": "spec", "schedule": %s}""".formatted(action, schedule)).when()
                .put("/api/v1/services/{name}", name).then(), 400)
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(why));
        problem(given().get("/api/v1/services/{name}", name).then(), 404);
    }

    @Test
    void aBadCronExpressionIsRefusedNamingScheduleCron() {
        refused("{\"cron\": \"every monday\"}", "schedule.cron", "not a five-field cron expression");
        refused("{\"cron\": \"61 * * * *\"}", "schedule.cron", "not a five-field cron expression");
    }

    @Test
    void aSixFieldQuartzExpressionIsRefused() {
        refused("{\"cron\": \"0 */5 * * * ?\"}", "schedule.cron", "five-field");
    }

    @Test
    void everyBelowOneSecondOrNotWholeSecondsIsRefused() {
        refused("{\"every\": \"500ms\"}", "schedule.every", "must be between 1s and");
        refused("{\"every\": \"1500ms\"}", "schedule.every", "whole seconds");
        refused("{\"every\": \"soon\"}", "schedule.every", "not a duration");
    }

    @Test
    void bothCronAndEveryOrNeitherIsRefusedNamingSchedule() {
        refused("{\"cron\": \"*/5 * * * *\", \"every\": \"30s\"}", "schedule", "both cron and every");
        refused("{\"overlap\": \"skip\"}", "schedule", "needs cron");
    }

    @Test
    void anUnknownOverlapIsRefused() {
        refused("{\"every\": \"30s\", \"overlap\": \"parallel\"}", "schedule.overlap", "skip, queue, replace");
    }

    @Test
    void anUnknownScheduleFieldIsRefused() {
        String name = Names.unique("badsched");
        Api.oneshot(name + "_a");
        problem(given().contentType(ContentType.JSON).body("""
                {"actions": ["%s_a"], "schedule": {"every": "30s", "at": "noon"}}""".formatted(name)).when()
                .put("/api/v1/services/{name}", name).then(), 400)
                .body("errors.field", hasItem("schedule.at"));
        problem(given().get("/api/v1/services/{name}", name).then(), 404);
    }

    @Test
    void anEssentialServiceCannotBeScheduled() {
        String name = Names.unique("badsched");
        Api.oneshot(name + "_a");
        problem(given().contentType(ContentType.JSON).body("""
                {"actions": ["%s_a"], "essential": true, "schedule": {"every": "30s"}}""".formatted(name)).when()
                .put("/api/v1/services/{name}", name).then(), 400)
                .body("errors.field", hasItem("essential"));
        problem(given().get("/api/v1/services/{name}", name).then(), 404);
    }

    @Test
    void aRefusedChangeLeavesTheStoredScheduleAlone() {
        String name = Names.unique("keepsched");
        Api.oneshot(name + "_a");
        Api.putService(name, """
                {"actions": ["%s_a"], "wanted": "spec", "schedule": {"cron": "0 3 * * *", "overlap": "queue"}}"""
                .formatted(name));
        problem(given().contentType(ContentType.JSON).body("""
                {"actions": ["%s_a"], "wanted": "spec", "schedule": {"cron": "0 3 * * * *"}}""".formatted(name)).when()
                .put("/api/v1/services/{name}", name).then(), 400)
                .body("errors.field", hasItem("schedule.cron"));
        given().get("/api/v1/services/{name}", name).then().statusCode(200)
                .body("schedule.cron", equalTo("0 3 * * *"))
                .body("schedule.every", nullValue())
                .body("schedule.overlap", equalTo("queue"));
    }

    @Test
    void aManifestWithABadCronIsRefusedWhole() {
        String name = Names.unique("mansched");
        String manifest = """
                actions:
                  %1$s_a: {script: "true", kind: oneshot}
                services:
                  %1$s: {actions: [%1$s_a], wanted: spec, schedule: {cron: "*/5 * * *"}}
                """.formatted(name);
        problem(given().contentType("application/yaml").body(manifest.getBytes(StandardCharsets.UTF_8)).when()
                .post("/api/v1/manifests").then(), 400)
                .body("errors.field", hasItem("services." + name + ".schedule.cron"));
        problem(given().get("/api/v1/services/{name}", name).then(), 404);
        problem(given().get("/api/v1/actions/{name}", name + "_a").then(), 404);
    }
}
