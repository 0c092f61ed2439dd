package io.heroproc.api;

import static io.heroproc.support.Api.oneshot;
import static io.heroproc.support.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heroproc.support.Names;
import io.heroproc.support.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class QuickServiceResourceTest {

    @Inject
    TestDb db;

    private static io.restassured.response.ValidatableResponse post(String json) {
        return given().contentType(ContentType.JSON).body(json).when().post("/api/v1/quick-services").then();
    }

    @Test
    void createsTheGeneratedActionAndTheService() {
        String name = Names.unique("quick");
        post("""
                {"name": "%s", "command": "sleep 3600", "env": {"MODE": "test"}, "start": false}""".formatted(name))
                .statusCode(201).contentType(ContentType.JSON)
                .body("name", equalTo(name))
                .body("actions", equalTo(List.of(name + "_action")))
                .body("requires", equalTo(List.of()))
                .body("wanted", equalTo("stop"));

        given().get("/api/v1/actions/{name}", name + "_action").then().statusCode(200)
                .body("generated_by", equalTo(name))
                .body("script", equalTo("sleep 3600"))
                .body("interpreter", equalTo("exec"))
                .body("kind", equalTo("process"))
                .body("env.MODE", equalTo("test"));
        given().get("/api/v1/services/{name}", name).then().statusCode(200).body("wanted", equalTo("stop"));
    }

    @Test
    void startDefaultsToWantedStart() {
        String name = Names.unique("quick");
        post("""
                {"name": "%s", "command": "true", "kind": "oneshot", "interpreter": "sh"}""".formatted(name))
                .statusCode(201).body("wanted", equalTo("start"));
        given().get("/api/v1/actions/{name}", name + "_action").then()
                .body("interpreter", equalTo("sh")).body("kind", equalTo("oneshot"));
    }

    @Test
    void startTrueGivesWantedStart() {
        String name = Names.unique("quick");
        post("{\"name\": \"" + name + "\", \"command\": \"true\", \"kind\": \"oneshot\", \"start\": true}")
                .statusCode(201).body("wanted", equalTo("start"));
    }

    @Test
    void editingTheGeneratedActionKeepsItsOwner() {
        String name = Names.unique("quick");
        post("{\"name\": \"" + name + "\", \"command\": \"true\", \"start\": false}").statusCode(201);
        given().contentType(ContentType.JSON).body("{\"script\": \"sleep 1\"}")
                .put("/api/v1/actions/{name}", name + "_action")
                .then().statusCode(200).body("generated_by", equalTo(name)).body("script", equalTo("sleep 1"));
    }

    @Test
    void clashWithAnExistingActionIs409AndCreatesNoService() {
        String name = Names.unique("quick");
        oneshot(name + "_action");

        problem(post("{\"name\": \"" + name + "\", \"command\": \"true\", \"start\": false}"), 409)
                .body("detail", containsString(name + "_action"));
        problem(given().get("/api/v1/services/{name}", name).then(), 404);
        given().get("/api/v1/actions/{name}", name + "_action").then().statusCode(200)
                .body("script", equalTo("true"))
                .body("generated_by", equalTo(null));
    }

    @Test
    void clashWithAnExistingServiceIs409AndCreatesNoAction() {
        String name = Names.unique("quick");
        String action = Names.unique("act");
        oneshot(action);
        io.heroproc.support.Api.specService(name, action);

        problem(post("{\"name\": \"" + name + "\", \"command\": \"true\", \"start\": false}"), 409)
                .body("detail", containsString(name));
        problem(given().get("/api/v1/actions/{name}", name + "_action").then(), 404);
        given().get("/api/v1/services/{name}", name).then().body("actions", equalTo(List.of(action)));
    }

    @Test
    void aFailingServiceWriteLeavesNoActionBehind() {
        assertEquals(0, db.count("services", "name = ?1", "boom"), "no service 'boom' may exist before the test");
        db.execute("""
                CREATE TRIGGER refuse_boom BEFORE INSERT ON services WHEN NEW.name = 'boom'
                BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END""");
        try {
            var before = db.snapshot("boom");
            post("{\"name\": \"boom\", \"command\": \"sleep 3600\", \"start\": false}")
                    .statusCode(greaterThanOrEqualTo(500)).statusCode(lessThan(600))
                    .contentType(containsString(io.heroproc.support.Api.PROBLEM))
                    .body("status", greaterThanOrEqualTo(500))
                    .body("title", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));

            problem(given().get("/api/v1/actions/{name}", "boom_action").then(), 404);
            problem(given().get("/api/v1/services/{name}", "boom").then(), 404);
            assertEquals(0, db.count("actions", "name = ?1", "boom_action"));
            assertEquals(before, db.snapshot("boom"), "the refused quick service changed the database");
        } finally {
            db.execute("DROP TRIGGER IF EXISTS refuse_boom");
        }
    }
}
