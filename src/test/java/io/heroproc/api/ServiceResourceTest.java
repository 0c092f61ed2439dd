package io.heroproc.api;

import static io.heroproc.support.Api.oneshot;
import static io.heroproc.support.Api.problem;
import static io.heroproc.support.Api.specService;
import static io.heroproc.support.Api.specServiceRequiring;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.support.Names;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ServiceResourceTest {

    @Test
    void putCreatesWith201AndFillsDefaults() {
        String action = Names.unique("act");
        String service = Names.unique("svc");
        oneshot(action);

        given().contentType(ContentType.JSON).body("{\"actions\": [\"" + action + "\"]}")
                .when().put("/api/v1/services/{name}", service)
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("name", equalTo(service))
                .body("actions", equalTo(List.of(action)))
                .body("requires", equalTo(List.of()))
                .body("wanted", equalTo("start"))
                .body("restart.policy", equalTo("always"))
                .body("restart.backoff.initial", equalTo("1s"))
                .body("restart.backoff.factor", equalTo(2.0f))
                .body("restart.backoff.max", equalTo("1m"))
                .body("restart.backoff.jitter", equalTo(0.1f))
                .body("restart.reset_after", equalTo("1m"))
                .body("restart.max_restarts", nullValue())
                .body("essential", equalTo(false))
                .body("created_at", notNullValue())
                .body("updated_at", notNullValue());
    }

    @Test
    void putKeepsEveryField() {
        String a = Names.unique("act");
        String b = Names.unique("act");
        String base = Names.unique("svc");
        String service = Names.unique("svc");
        oneshot(a);
        oneshot(b);
        specService(base, a);

        given().contentType(ContentType.JSON).body("""
                {"actions": ["%s", "%s"], "requires": ["%s"], "wanted": "ignore", "essential": true,
                 "restart": {"policy": "on-failure", "backoff": {"initial": "500ms", "factor": 1.5, "max": "PT2M",
                             "jitter": 0}, "reset_after": "10m", "max_restarts": 7}}""".formatted(b, a, base))
                .when().put("/api/v1/services/{name}", service)
                .then().statusCode(201)
                .body("actions", equalTo(List.of(b, a)))
                .body("requires", equalTo(List.of(base)))
                .body("wanted", equalTo("ignore"))
                .body("essential", equalTo(true))
                .body("restart.policy", equalTo("on-failure"))
                .body("restart.backoff.initial", equalTo("500ms"))
                .body("restart.backoff.factor", equalTo(1.5f))
                .body("restart.backoff.max", equalTo("2m"))
                .body("restart.backoff.jitter", equalTo(0.0f))
                .body("restart.reset_after", equalTo("10m"))
                .body("restart.max_restarts", equalTo(7));
        given().get("/api/v1/services/{name}", service).then().statusCode(200).body("requires", equalTo(List.of(base)));
    }

    @Test
    void samePutTwiceIsIdempotentAndKeepsUpdatedAt() {
        String action = Names.unique("act");
        String service = Names.unique("svc");
        oneshot(action);
        String body = "{\"actions\": [\"" + action + "\"], \"wanted\": \"spec\", \"restart\": {\"policy\": \"never\"}}";
        String first = given().contentType(ContentType.JSON).body(body).put("/api/v1/services/{name}", service)
                .then().statusCode(201).extract().path("updated_at");

        given().contentType(ContentType.JSON).body(body)
                .when().put("/api/v1/services/{name}", service)
                .then().statusCode(200).body("updated_at", equalTo(first)).body("created_at", equalTo(first));
    }

    @Test
    void putWithAChangeReplacesWith200() {
        String action = Names.unique("act");
        String service = Names.unique("svc");
        oneshot(action);
        String created = specService(service, action).statusCode(201).extract().path("created_at");

        given().contentType(ContentType.JSON).body("{\"actions\": [\"" + action + "\"], \"wanted\": \"stop\"}")
                .when().put("/api/v1/services/{name}", service)
                .then().statusCode(200).body("wanted", equalTo("stop")).body("created_at", equalTo(created));
    }

    @Test
    void listIsSortedAndGetFetchesOne() {
        String action = Names.unique("act");
        String s1 = Names.unique("svc");
        String s2 = Names.unique("svc");
        oneshot(action);
        specService(s2, action);
        specService(s1, action);

        List<String> names = given().when().get("/api/v1/services").then().statusCode(200).extract().path("name");
        assertTrue(names.contains(s1) && names.contains(s2));
        assertEquals(names.stream().sorted().toList(), names);
        given().when().get("/api/v1/services/{name}", s1).then().statusCode(200).body("name", equalTo(s1))
                .body("wanted", equalTo("spec"));
    }

    @Test
    void getUnknownIs404() {
        problem(given().when().get("/api/v1/services/{name}", Names.unique("nope")).then(), 404)
                .body("detail", containsString("no service named"));
    }

    @Test
    void deleteRemovesTheServiceButKeepsItsOrdinaryActions() {
        String action = Names.unique("act");
        String service = Names.unique("svc");
        oneshot(action);
        specService(service, action);

        given().when().delete("/api/v1/services/{name}", service).then().statusCode(204);
        problem(given().get("/api/v1/services/{name}", service).then(), 404);
        given().get("/api/v1/actions/{name}", action).then().statusCode(200);
    }

    @Test
    void deleteUnknownIs404() {
        problem(given().when().delete("/api/v1/services/{name}", Names.unique("nope")).then(), 404);
    }

    @Test
    void deleteWhileRequiredByAnotherServiceIs409() {
        String action = Names.unique("act");
        String base = Names.unique("svc");
        String top = Names.unique("svc");
        oneshot(action);
        specService(base, action);
        specServiceRequiring(top, action, base);

        problem(given().when().delete("/api/v1/services/{name}", base).then(), 409)
                .body("detail", containsString(top))
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", containsString(top));
        given().get("/api/v1/services/{name}", base).then().statusCode(200);

        given().delete("/api/v1/services/{name}", top).then().statusCode(204);
        given().delete("/api/v1/services/{name}", base).then().statusCode(204);
    }

    @Test
    void deletingAQuickServiceDeletesItsGeneratedAction() {
        String name = Names.unique("quick");
        given().contentType(ContentType.JSON).body("{\"name\": \"" + name + "\", \"command\": \"true\", \"start\": false}")
                .post("/api/v1/quick-services").then().statusCode(201);
        given().get("/api/v1/actions/{name}", name + "_action").then().statusCode(200);

        given().when().delete("/api/v1/services/{name}", name).then().statusCode(204);
        problem(given().get("/api/v1/actions/{name}", name + "_action").then(), 404);
    }

    @Test
    void aGeneratedActionStillUsedElsewhereSurvivesItsQuickService() {
        String name = Names.unique("quick");
        String other = Names.unique("svc");
        given().contentType(ContentType.JSON).body("{\"name\": \"" + name + "\", \"command\": \"true\", \"start\": false}")
                .post("/api/v1/quick-services").then().statusCode(201);
        specService(other, name + "_action");

        given().when().delete("/api/v1/services/{name}", name).then().statusCode(204);
        given().get("/api/v1/actions/{name}", name + "_action").then().statusCode(200)
                .body("generated_by", equalTo(name));
    }

    @Test
    void aGeneratedActionAnotherActionDependsOnSurvivesItsQuickService() {
        String name = Names.unique("quick");
        String dependent = Names.unique("act");
        given().contentType(ContentType.JSON).body("{\"name\": \"" + name + "\", \"command\": \"true\", \"start\": false}")
                .post("/api/v1/quick-services").then().statusCode(201);
        io.heroproc.support.Api.oneshotAfter(dependent, name + "_action");

        given().when().delete("/api/v1/services/{name}", name).then().statusCode(204);
        given().get("/api/v1/actions/{name}", name + "_action").then().statusCode(200);
        given().get("/api/v1/actions/{name}", dependent).then().statusCode(200)
                .body("depends_on[0].action", equalTo(name + "_action"));
    }

    @Test
    void putWantedChangesOnlyTheWish() {
        String action = Names.unique("act");
        String service = Names.unique("svc");
        oneshot(action);
        specService(service, action);

        for (String wanted : List.of("stop", "ignore", "spec", "start")) {
            given().contentType(ContentType.JSON).body("{\"wanted\": \"" + wanted + "\"}")
                    .when().put("/api/v1/services/{name}/wanted", service)
                    .then().statusCode(200).body("name", equalTo(service)).body("wanted", equalTo(wanted))
                    .body("actions", equalTo(List.of(action)));
            given().get("/api/v1/services/{name}", service).then().body("wanted", equalTo(wanted));
            given().get("/api/v1/services/{name}/status", service).then().body("wanted", equalTo(wanted));
            if (!wanted.equals("start")) { // once wanted, the supervisor may start it at any moment
                given().get("/api/v1/services/{name}/status", service).then().body("state", equalTo("inactive"));
            }
        }
    }

    @Test
    void putWantedToTheSameValueKeepsUpdatedAt() {
        String action = Names.unique("act");
        String service = Names.unique("svc");
        oneshot(action);
        String updated = specService(service, action).extract().path("updated_at");
        given().contentType(ContentType.JSON).body("{\"wanted\": \"spec\"}")
                .put("/api/v1/services/{name}/wanted", service)
                .then().statusCode(200).body("updated_at", equalTo(updated));
    }

    @Test
    void putWantedOnUnknownServiceIs404() {
        problem(given().contentType(ContentType.JSON).body("{\"wanted\": \"stop\"}")
                .when().put("/api/v1/services/{name}/wanted", Names.unique("nope")).then(), 404);
    }

    @Test
    void servicesMayRequireAChainOfServices() {
        String action = Names.unique("act");
        String a = Names.unique("svc");
        String b = Names.unique("svc");
        String c = Names.unique("svc");
        oneshot(action);
        specService(a, action);
        specServiceRequiring(b, action, a);
        specServiceRequiring(c, action, a, b);
        List<String> requires = given().get("/api/v1/services/{name}", c).then().extract().path("requires");
        assertEquals(List.of(a, b), requires);
        assertFalse(requires.contains(c));
    }
}
