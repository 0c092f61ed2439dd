package io.heroproc.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Guessing the token is throttled per client: through the login form and through bearer tokens.
 * Its own application (profile), since the test leaves this client blocked.
 */
@QuarkusTest
@TestProfile(LoginThrottleTest.Profile.class)
class LoginThrottleTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hero-proc.token", TokenProfile.TOKEN + "-throttled");
        }
    }

    private static final String TOKEN = TokenProfile.TOKEN + "-throttled";

    private static int tryLogin(String token) {
        Response page = given().when().get("/ui/login");
        return given().redirects().follow(false).cookie("hero_proc_csrf", page.getCookie("hero_proc_csrf"))
                .formParam("_csrf", CsrfTest.formToken(page)).formParam("token", token).when().post("/ui/login")
                .statusCode();
    }

    @Test
    void wrongTokensAreThrottledThenEvenTheRightOneWaits() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertEquals(401, tryLogin("wrong-guess-number-" + i), "free try " + (i + 1));
        }
        // Within the first wait (LoginThrottle.FIRST_WAIT) after the last free try:
        Response page = given().when().get("/ui/login");
        given().redirects().follow(false).cookie("hero_proc_csrf", page.getCookie("hero_proc_csrf"))
                .formParam("_csrf", CsrfTest.formToken(page)).formParam("token", TOKEN).when().post("/ui/login").then()
                .statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body(containsString("try again"));
        // The bearer token is the same secret: guessing it there is throttled by the same count.
        given().header("Authorization", "Bearer " + TOKEN).when().get("/api/v1/services").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.notNullValue());

        // A guesser going on gets almost nothing looked at: each try it is let through doubles the wait.
        int looked = 0;
        for (int i = 0; i < 100; i++) {
            looked += tryLogin("wrong-guess-number-" + i) == 401 ? 1 : 0;
        }
        assertTrue(looked <= 3, looked + " of 100 further guesses were checked");
    }

    @Test
    void theWaitDoublesIsCappedAndIsPerClient() {
        AtomicLong now = new AtomicLong();
        LoginThrottle t = new LoginThrottle(now::get);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            t.failed("a");
            assertEquals(Duration.ZERO, t.wait("a"), "free try " + (i + 1));
        }
        t.failed("a");
        assertEquals(LoginThrottle.FIRST_WAIT, t.wait("a"));
        assertEquals(Duration.ZERO, t.wait("b"), "another client is not held up");
        now.addAndGet(LoginThrottle.FIRST_WAIT.toNanos());
        assertEquals(Duration.ZERO, t.wait("a"), "the wait is over");
        t.failed("a");
        assertEquals(LoginThrottle.FIRST_WAIT.multipliedBy(2), t.wait("a"), "and the next one is twice as long");
        for (int i = 0; i < 40; i++) {
            t.failed("a");
        }
        assertEquals(LoginThrottle.MAX_WAIT, t.wait("a"), "capped");
        t.succeeded("a");
        assertEquals(Duration.ZERO, t.wait("a"), "a right token clears the count");
        t.failed("a");
        assertTrue(t.wait("a").isZero(), "and the free tries are back");
    }
}
