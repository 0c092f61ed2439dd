package io.heroproc.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.support.Names;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** With a token: the API wants it as a bearer token, the dashboard a session of its own from the login. */
@QuarkusTest
@TestProfile(TokenProfile.class)
class TokenTest {

    /** Signs in through the login form; returns the session cookie's value. */
    static String signIn() {
        Response page = given().when().get("/ui/login");
        Response signedIn = given().redirects().follow(false).cookie("hero_proc_csrf", page.getCookie("hero_proc_csrf"))
                .formParam("_csrf", CsrfTest.formToken(page)).formParam("token", TokenProfile.TOKEN).when()
                .post("/ui/login");
        assertEquals(303, signedIn.statusCode(), signedIn.asString());
        String session = signedIn.getCookie("hero_proc_session");
        assertNotNull(session, "a session cookie is set");
        return session;
    }

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
    void healthStaysOpenForProbesButTheApiDocumentsDoNot() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(org.hamcrest.Matchers.oneOf(200, 503));
        given().when().get("/q/openapi").then().statusCode(401).contentType("application/problem+json");
        given().when().get("/q/swagger-ui/").then().statusCode(401);
        given().header("Authorization", "Bearer " + TokenProfile.TOKEN).when().get("/q/openapi").then()
                .statusCode(200);
    }

    @Test
    void dashboardSignsInWithAnHttpOnlyCookie() {
        given().redirects().follow(false).when().get("/ui/services").then().statusCode(303)
                .header("Location", containsString("/ui/login"));

        Response login = given().when().get("/ui/login");
        String csrf = login.getCookie("hero_proc_csrf");
        assertNotNull(csrf, "the login page hands out a CSRF cookie");
        given().redirects().follow(false).cookie("hero_proc_csrf", csrf).formParam("_csrf", CsrfTest.formToken(login))
                .formParam("token", "wrong").when().post("/ui/login").then().statusCode(401);

        Response signedIn = given().redirects().follow(false).cookie("hero_proc_csrf", csrf)
                .formParam("_csrf", CsrfTest.formToken(login)).formParam("token", TokenProfile.TOKEN).when()
                .post("/ui/login");
        assertEquals(303, signedIn.statusCode());
        var session = signedIn.getDetailedCookie("hero_proc_session");
        assertNotNull(session, "a session cookie is set");
        assertTrue(session.isHttpOnly(), "the session cookie is HttpOnly");
        assertTrue(session.getSameSite().equalsIgnoreCase("Strict"), "SameSite=Strict");
        assertTrue(session.getMaxAge() > 0, "the session expires");
        assertTrue(!session.getValue().contains(TokenProfile.TOKEN), "the cookie is not the token itself");

        given().cookie("hero_proc_session", session.getValue()).when().get("/ui/services").then().statusCode(200)
                .body(containsString("Services")).body(containsString("Sign out"));
    }

    @Test
    void everySignInGetsItsOwnSessionAndSigningOutEndsItOnTheServer() {
        String first = signIn();
        String second = signIn();
        assertNotEquals(first, second, "a session is random per login, not derived from the token");

        Response page = given().cookie("hero_proc_session", first).when().get("/ui/services");
        assertEquals(200, page.statusCode());
        given().redirects().follow(false).cookie("hero_proc_session", first).formParam("_csrf", CsrfTest.formToken(page))
                .when().post("/ui/logout").then().statusCode(303).header("Location", containsString("/ui/login"));

        // The old cookie, replayed, no longer opens anything; the other browser stays signed in.
        given().redirects().follow(false).cookie("hero_proc_session", first).when().get("/ui/services").then()
                .statusCode(303);
        given().cookie("hero_proc_session", first).when().get("/api/v1/services").then().statusCode(401);
        given().cookie("hero_proc_session", second).when().get("/ui/services").then().statusCode(200);
    }

    @Test
    void aSessionCookieAloneCannotChangeStateThroughTheApi() {
        String session = signIn();
        String name = Names.unique("cookie");
        String body = "{\"name\": \"" + name + "\", \"command\": \"sleep 100\", \"start\": false}";
        given().cookie("hero_proc_session", session).contentType(ContentType.JSON).body(body).when()
                .post("/api/v1/quick-services").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString(CsrfToken.HEADER));
        given().header("Authorization", "Bearer " + TokenProfile.TOKEN).when().get("/api/v1/services/{n}", name).then()
                .statusCode(404);

        String token = CsrfTest.formToken(given().cookie("hero_proc_session", session).when().get("/ui/services"));
        given().cookie("hero_proc_session", session).header(CsrfToken.HEADER, token).contentType(ContentType.JSON)
                .body(body).when().post("/api/v1/quick-services").then().statusCode(201);
        // Reads need no CSRF token: a page elsewhere cannot read the answers.
        given().cookie("hero_proc_session", session).when().get("/api/v1/services/{n}", name).then().statusCode(200)
                .body("name", equalTo(name));
    }

    @Test
    void weakOrBlankTokensAreRefusedAtStart() {
        for (String bad : new String[] { "", " ", "   \t ", " s3cret-token-for-tests", "s3cret token for tests",
                "short" }) {
            assertTrue(LoopbackGuard.tokenProblem(java.util.Optional.of(bad)).isPresent(), "refused: '" + bad + "'");
        }
        assertTrue(LoopbackGuard.tokenProblem(java.util.Optional.of(TokenProfile.TOKEN)).isEmpty());
        assertTrue(LoopbackGuard.tokenProblem(java.util.Optional.empty()).isEmpty(), "no token is allowed on loopback");
    }
}
