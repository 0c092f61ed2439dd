package io.heroproc.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.heroproc.support.Names;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** State-changing dashboard requests must repeat the browser's CSRF token. */
@QuarkusTest
class CsrfTest {

    @Test
    void dashboardPostWithoutTheTokenIsRefusedAndChangesNothing() {
        String name = Names.unique("csrf");
        given().contentType(ContentType.JSON).body(Map.of("name", name, "command", "sleep 100", "start", false)).when()
                .post("/api/v1/quick-services").then().statusCode(201);

        given().formParam("wanted", "spec").when().post("/ui/services/" + name + "/wanted").then().statusCode(403)
                .contentType("application/problem+json");
        given().cookie("hero_proc_csrf", "a-forged-cookie-value-1234567").formParam("_csrf", "another-value-000000000000")
                .when().post("/ui/services/" + name + "/start").then().statusCode(403);
        given().when().get("/api/v1/services/" + name).then().body("wanted", equalTo("stop"));
        given().when().get("/api/v1/services/" + name + "/status").then().body("state", equalTo("inactive"));

        String csrf = given().when().get("/ui/services").getCookie("hero_proc_csrf");
        given().redirects().follow(false).cookie("hero_proc_csrf", csrf).formParam("_csrf", csrf)
                .formParam("wanted", "spec").when().post("/ui/services/" + name + "/wanted").then().statusCode(303);
        given().when().get("/api/v1/services/" + name).then().body("wanted", equalTo("spec"));
    }
}
