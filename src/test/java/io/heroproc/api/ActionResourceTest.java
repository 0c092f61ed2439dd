package io.heroproc.api;

import static io.heroproc.support.Api.oneshot;
import static io.heroproc.support.Api.oneshotAfter;
import static io.heroproc.support.Api.problem;
import static io.heroproc.support.Api.specService;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.heroproc.support.Names;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ActionResourceTest {

    private static final String FULL = """
            {
              "interpreter": "bash",
              "script": "echo hi; sleep 1000",
              "kind": "process",
              "timeout": "PT90S",
              "env": {"B_VAR": "2", "A_VAR": "1"},
              "cwd": "/tmp",
              "stop": {"signal": "SIGINT", "grace": "1m30s"},
              "health": {"type": "tcp", "target": "127.0.0.1:8080", "interval": "2s", "retries": 5}
            }""";

    @Test
    void putCreatesWith201AndNormalisesTheSpec() {
        String name = Names.unique("act");
        var created = given().contentType(ContentType.JSON).body(FULL)
                .when().put("/api/v1/actions/{name}", name)
                .then().statusCode(201).contentType(ContentType.JSON)
                .body("name", equalTo(name))
                .body("interpreter", equalTo("bash"))
                .body("script", equalTo("echo hi; sleep 1000"))
                .body("kind", equalTo("process"))
                .body("timeout", equalTo("90s"))
                .body("env.A_VAR", equalTo("1"))
                .body("env.B_VAR", equalTo("2"))
                .body("cwd", equalTo("/tmp"))
                .body("stop.signal", equalTo("INT"))
                .body("stop.grace", equalTo("90s"))
                .body("health.type", equalTo("tcp"))
                .body("health.target", equalTo("127.0.0.1:8080"))
                .body("health.interval", equalTo("2s"))
                .body("health.timeout", equalTo("5s"))
                .body("health.retries", equalTo(5))
                .body("health.start_period", equalTo("0s"))
                .body("depends_on", equalTo(List.of()))
                .body("generated_by", nullValue())
                .body("created_at", notNullValue())
                .extract();
        assertEquals((String) created.path("created_at"), created.path("updated_at"));
        Instant.parse(created.path("created_at")); // ISO-8601, not epoch numbers
    }

    @Test
    void defaultsAreFilledIn() {
        String name = Names.unique("act");
        given().contentType(ContentType.JSON).body("{\"script\": \"sleep 5\"}")
                .when().put("/api/v1/actions/{name}", name)
                .then().statusCode(201)
                .body("interpreter", equalTo("exec"))
                .body("kind", equalTo("process"))
                .body("timeout", nullValue())
                .body("env", equalTo(java.util.Map.of()))
                .body("stop.signal", equalTo("TERM"))
                .body("stop.grace", equalTo("10s"))
                .body("health", nullValue());
    }

    @Test
    void samePutTwiceIsIdempotentAndKeepsUpdatedAt() {
        String name = Names.unique("act");
        String created = given().contentType(ContentType.JSON).body(FULL).put("/api/v1/actions/{name}", name)
                .then().statusCode(201).extract().path("updated_at");

        given().contentType(ContentType.JSON).body(FULL)
                .when().put("/api/v1/actions/{name}", name)
                .then().statusCode(200)
                .body("updated_at", equalTo(created))
                .body("created_at", equalTo(created));
        given().get("/api/v1/actions/{name}", name).then().statusCode(200).body("updated_at", equalTo(created));
    }

    @Test
    void putWithAChangeReplacesWith200() {
        String name = Names.unique("act");
        String created = given().contentType(ContentType.JSON).body("{\"script\": \"sleep 5\"}")
                .put("/api/v1/actions/{name}", name).then().statusCode(201).extract().path("created_at");

        String updated = given().contentType(ContentType.JSON).body("{\"script\": \"sleep 6\", \"kind\": \"oneshot\"}")
                .when().put("/api/v1/actions/{name}", name)
                .then().statusCode(200)
                .body("script", equalTo("sleep 6"))
                .body("kind", equalTo("oneshot"))
                .body("created_at", equalTo(created))
                .extract().path("updated_at");
        // Same millisecond is possible on a fast machine; the stored time never goes backwards.
        assertEquals(false, Instant.parse(updated).isBefore(Instant.parse(created)));
        given().get("/api/v1/actions/{name}", name).then().body("script", equalTo("sleep 6"));
    }

    @Test
    void nameInTheBodyMayRepeatThePathName() {
        String name = Names.unique("act");
        given().contentType(ContentType.JSON).body("{\"name\": \"" + name + "\", \"script\": \"true\"}")
                .when().put("/api/v1/actions/{name}", name)
                .then().statusCode(201).body("name", equalTo(name));
    }

    @Test
    void getListsAndFetchesOne() {
        String a = Names.unique("act");
        String b = Names.unique("act");
        oneshot(a);
        oneshotAfter(b, a);

        given().when().get("/api/v1/actions/{name}", b)
                .then().statusCode(200)
                .body("name", equalTo(b))
                .body("depends_on[0].action", equalTo(a))
                .body("depends_on[0].condition", equalTo("requires"));

        List<String> names = given().when().get("/api/v1/actions").then().statusCode(200).extract().path("name");
        assertEquals(true, names.contains(a) && names.contains(b));
        assertEquals(names.stream().sorted().toList(), names, "actions are listed by name");
    }

    @Test
    void getUnknownIs404Problem() {
        problem(given().when().get("/api/v1/actions/{name}", Names.unique("nope")).then(), 404)
                .body("detail", containsString("no action named"));
    }

    @Test
    void deleteRemovesWith204() {
        String name = Names.unique("act");
        oneshot(name);

        given().when().delete("/api/v1/actions/{name}", name).then().statusCode(204);
        problem(given().when().get("/api/v1/actions/{name}", name).then(), 404);
        List<String> names = given().get("/api/v1/actions").then().extract().path("name");
        assertEquals(false, names.contains(name));
    }

    @Test
    void deleteUnknownIs404() {
        problem(given().when().delete("/api/v1/actions/{name}", Names.unique("nope")).then(), 404);
    }

    @Test
    void deleteWhileAServiceUsesItIs409AndKeepsIt() {
        String action = Names.unique("act");
        String service = Names.unique("svc");
        oneshot(action);
        specService(service, action);

        problem(given().when().delete("/api/v1/actions/{name}", action).then(), 409)
                .body("detail", containsString(service))
                .body("errors[0].field", equalTo("name"));
        given().get("/api/v1/actions/{name}", action).then().statusCode(200);

        // Once no service uses it, it can go.
        given().delete("/api/v1/services/{name}", service).then().statusCode(204);
        given().when().delete("/api/v1/actions/{name}", action).then().statusCode(204);
    }

    @Test
    void deleteWhileAnotherActionDependsOnItIs409() {
        String base = Names.unique("act");
        String dependent = Names.unique("act");
        oneshot(base);
        oneshotAfter(dependent, base);

        problem(given().when().delete("/api/v1/actions/{name}", base).then(), 409)
                .body("detail", containsString(dependent));
        given().get("/api/v1/actions/{name}", base).then().statusCode(200);
        given().get("/api/v1/actions/{name}", dependent).then().statusCode(200)
                .body("depends_on[0].action", equalTo(base));
    }

    @Test
    void dependencyConditionAfterIsKept() {
        String a = Names.unique("act");
        String b = Names.unique("act");
        oneshot(a);
        given().contentType(ContentType.JSON)
                .body("{\"script\": \"true\", \"depends_on\": [{\"action\": \"" + a + "\", \"condition\": \"after\"}]}")
                .when().put("/api/v1/actions/{name}", b)
                .then().statusCode(201).body("depends_on[0].condition", equalTo("after"));
    }

    @Test
    void changingAnActionUsedByAServiceKeepsItsCreationTime() {
        String action = Names.unique("act");
        String service = Names.unique("svc");
        String created = oneshot(action).extract().path("created_at");
        specService(service, action);
        given().contentType(ContentType.JSON).body("{\"script\": \"false\", \"kind\": \"oneshot\"}")
                .put("/api/v1/actions/{name}", action).then().statusCode(200).body("created_at", equalTo(created))
                .body("script", not(equalTo("true")));
        List<String> names = given().get("/api/v1/services/{name}", service).then().extract().path("actions");
        assertEquals(List.of(action), names);
        assertNotEquals(null, created);
        given().get("/api/v1/actions").then().body("name", hasItem(action));
    }
}
