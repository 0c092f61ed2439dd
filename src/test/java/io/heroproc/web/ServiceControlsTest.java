package io.heroproc.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.heroproc.support.Api;
import io.heroproc.support.Names;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's service buttons as plain form posts, as a browser without script sends them. */
@QuarkusTest
class ServiceControlsTest {

    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** A form post carrying this browser's CSRF cookie and token, as the dashboard's forms do. */
    private static RequestSpecification form() {
        Response page = given().get("/ui/services");
        Matcher m = TOKEN.matcher(page.asString());
        if (!m.find()) {
            throw new AssertionError("no CSRF field on the Services tab");
        }
        return given().redirects().follow(false).cookie("hero_proc_csrf", page.getCookie("hero_proc_csrf"))
                .formParam("_csrf", m.group(1));
    }

    private static String stoppedService() {
        String name = Names.unique("ctl");
        Api.oneshot(name + "-a");
        Api.putService(name, "{\"actions\": [\"" + name + "-a\"], \"wanted\": \"stop\"}");
        return name;
    }

    @Test
    void killWithoutConfirmationAsksAndDoesNothing() {
        String name = stoppedService();
        form().formParam("back", "service").post("/ui/services/{n}/kill", name).then().statusCode(200)
                .body(containsString("Kill " + name + "?"))
                .body(containsString("name=\"confirmed\" value=\"yes\""))
                .body(containsString("name=\"back\" value=\"service\""))
                .body(containsString("href=\"/ui/services/" + name + "\" class=\"button\">Cancel"));
        given().get("/api/v1/services/{n}", name).then().body("wanted", equalTo("stop"));
    }

    @Test
    void aButtonOnTheServicePageLeadsBackToIt() {
        String name = stoppedService();
        form().formParam("wanted", "spec").formParam("back", "service").post("/ui/services/{n}/wanted", name).then()
                .statusCode(303).header("Location", endsWith("/ui/services/" + name));
        form().formParam("wanted", "stop").post("/ui/services/{n}/wanted", name).then().statusCode(303)
                .header("Location", endsWith("/ui/services"));
        given().get("/api/v1/services/{n}", name).then().body("wanted", equalTo("stop"));
    }

    @Test
    void aRefusedCommandIsShownOnTheServicesTab() {
        String name = Names.unique("nosuch");
        form().formParam("confirmed", "yes").post("/ui/services/{n}/kill", name).then().statusCode(409)
                .body(containsString("id=\"page-error\""))
                .body(containsString(name));
    }
}
