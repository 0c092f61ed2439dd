package io.heroproc.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Short REST calls for test set-up, each checking that the set-up itself worked. */
public final class Api {

    public static final String PROBLEM = "application/problem+json";

    private Api() {
    }

    /** PUT an action from a JSON body; expects 200 or 201. */
    public static ValidatableResponse putAction(String name, String json) {
        return given().contentType(ContentType.JSON).body(json).when().put("/api/v1/actions/{name}", name).then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** A oneshot action running {@code true}. */
    public static ValidatableResponse oneshot(String name) {
        return putAction(name, """
                {"script": "true", "kind": "oneshot"}""");
    }

    /** A oneshot action depending on {@code dependency}. */
    public static ValidatableResponse oneshotAfter(String name, String dependency) {
        return putAction(name, """
                {"script": "true", "kind": "oneshot", "depends_on": [{"action": "%s"}]}""".formatted(dependency));
    }

    /** PUT a service from a JSON body; expects 200 or 201. */
    public static ValidatableResponse putService(String name, String json) {
        return given().contentType(ContentType.JSON).body(json).when().put("/api/v1/services/{name}", name).then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** A stored-only ({@code wanted: spec}) service of the given actions. */
    public static ValidatableResponse specService(String name, String... actions) {
        return putService(name, """
                {"actions": [%s], "wanted": "spec"}""".formatted(quoted(actions)));
    }

    /** A stored-only service of one action that requires the given services. */
    public static ValidatableResponse specServiceRequiring(String name, String action, String... requires) {
        return putService(name, """
                {"actions": ["%s"], "requires": [%s], "wanted": "spec"}""".formatted(action, quoted(requires)));
    }

    /** Checks the common problem+json shape of an error answer with the given status. */
    public static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.statusCode(status).contentType(startsWith(PROBLEM)).body("type", not(emptyOrNullString()))
                .body("title", not(emptyOrNullString())).body("status", equalTo(status))
                .body("detail", not(emptyOrNullString()));
    }

    private static String quoted(String... names) {
        return String.join(", ", java.util.Arrays.stream(names).map(n -> "\"" + n + "\"").toList());
    }
}
