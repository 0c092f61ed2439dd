package io.heroproc.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** With a token: the API wants it as a bearer token, the dashboard through its login cookie. */
@QuarkusTest
@TestProfile(TokenProfile.class)
class TokenTest {

    @Test
    void apiRefusesRequestsWithoutTheToken() {
        given().when().get("/api/v1/services").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401)).body("detail", containsString("HERO_PROC_TOKEN"));
        given().header("Authorization", "Bearer wrong").when().get("/api/v1/services").then().statusCode(401);
    }

    @Test
    void apiAcceptsTheBearerToken() {
        given().header("Authorization", "Bearer " + TokenProfile.TOKEN).when().get("/api/v1/services").then()
                .statusCode(200);
    }

    @Test
    void healthStaysOpenForProbes() {
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void dashboardSignsInWithAnHttpOnlyCookie() {
        given().redirects().follow(false).when().get("/ui/services").then().statusCode(303)
                .header("Location", containsString("/ui/login"));

        Response login = given().when().get("/ui/login");
        String csrf = login.getCookie("hero_proc_csrf");
        assertNotNull(csrf, "the login page hands out a CSRF cookie");

        given().redirects().follow(false).cookie("hero_proc_csrf", csrf).formParam("_csrf", csrf)
                .formParam("token", "wrong").when().post("/ui/login").then().statusCode(401);

        Response signedIn = given().redirects().follow(false).cookie("hero_proc_csrf", csrf).formParam("_csrf", csrf)
                .formParam("token", TokenProfile.TOKEN).when().post("/ui/login");
        assertEquals(303, signedIn.statusCode());
        var session = signedIn.getDetailedCookie("hero_proc_session");
        assertNotNull(session, "a session cookie is set");
        assertTrue(session.isHttpOnly(), "the session cookie is HttpOnly");
        assertTrue(!session.getValue().contains(TokenProfile.TOKEN), "the cookie is not the token itself");

        given().cookie("hero_proc_session", session.getValue()).when().get("/ui/services").then().statusCode(200)
                .body(containsString("Services"));
    }
}
