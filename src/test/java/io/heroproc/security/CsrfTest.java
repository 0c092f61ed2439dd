package io.heroproc.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.heroproc.support.Names;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** State-changing dashboard requests must repeat the browser's CSRF token, which only hero-proc can make. */
@QuarkusTest
class CsrfTest {

    private static final Pattern FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** The token a dashboard page embeds in its forms. */
    static String formToken(Response page) {
        Matcher m = FIELD.matcher(page.asString());
        if (!m.find()) {
            throw new AssertionError("no CSRF field in the page");
        }
        return m.group(1);
    }

    private static String quietService() {
        String name = Names.unique("csrf");
        given().contentType(ContentType.JSON).body(Map.of("name", name, "command", "sleep 100", "start", false)).when()
                .post("/api/v1/quick-services").then().statusCode(201);
        return name;
    }

    @Test
    void dashboardPostWithoutTheTokenIsRefusedAndChangesNothing() {
        String name = quietService();
        given().formParam("wanted", "spec").when().post("/ui/services/" + name + "/wanted").then().statusCode(403)
                .contentType("application/problem+json");
        given().cookie("hero_proc_csrf", "a-forged-cookie-value-1234567").formParam("_csrf", "another-value-000000000000")
                .when().post("/ui/services/" + name + "/start").then().statusCode(403);
        given().when().get("/api/v1/services/" + name).then().body("wanted", equalTo("stop"));
        given().when().get("/api/v1/services/" + name + "/status").then().body("state", equalTo("inactive"));

        Response page = given().when().get("/ui/services");
        String cookie = page.getCookie("hero_proc_csrf");
        String token = formToken(page);
        assertNotNull(cookie);
        given().redirects().follow(false).cookie("hero_proc_csrf", cookie).formParam("_csrf", token)
                .formParam("wanted", "spec").when().post("/ui/services/" + name + "/wanted").then().statusCode(303);
        given().when().get("/api/v1/services/" + name).then().body("wanted", equalTo("spec"));
    }

    /**
     * A page on another port of the same host can set cookies for hero-proc's host (cookies do
     * not isolate ports) and then repeat the value it planted. The token is a signature of the
     * cookie, not the cookie itself, so that does not pass.
     */
    @Test
    void aPlantedCookieRepeatedInTheFormIsRefused() {
        String name = quietService();
        String planted = "planted-by-another-port-0123456789";
        given().cookie("hero_proc_csrf", planted).formParam("_csrf", planted).when()
                .post("/ui/services/" + name + "/start").then().statusCode(403);

        Response page = given().when().get("/ui/services");
        String cookie = page.getCookie("hero_proc_csrf");
        assertNotEquals(cookie, formToken(page), "the form token is not the cookie value");
        given().when().get("/api/v1/services/" + name + "/status").then().body("state", equalTo("inactive"));
    }

    @Test
    void aTokenMadeForAnotherBrowserDoesNotPass() {
        String name = quietService();
        String theirs = formToken(given().when().get("/ui/services"));
        Response mine = given().when().get("/ui/services");
        given().cookie("hero_proc_csrf", mine.getCookie("hero_proc_csrf")).formParam("_csrf", theirs)
                .formParam("wanted", "spec").when().post("/ui/services/" + name + "/wanted").then().statusCode(403);
        given().when().get("/api/v1/services/" + name).then().body("wanted", equalTo("stop"));
    }
}
