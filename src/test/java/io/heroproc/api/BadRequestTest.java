package io.heroproc.api;

import static io.heroproc.support.Api.oneshot;
import static io.heroproc.support.Api.oneshotAfter;
import static io.heroproc.support.Api.specService;
import static io.heroproc.support.Api.specServiceRequiring;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heroproc.support.Api;
import io.heroproc.support.TestDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request gets a 4xx problem document naming what is wrong, and changes
 * nothing. Each row is one request; the fixtures below are what the reference rules refer to.
 */
@QuarkusTest
class BadRequestTest {

    /** One bad request and what the answer must say. {@code field} null: no field is named. */
    record Case(String method, String path, String contentType, String body, boolean rawPath, int status,
            String field, String messagePart) {

        Case field(String f) {
            return new Case(method, path, contentType, body, rawPath, status, f, messagePart);
        }

        Case saying(String part) {
            return new Case(method, path, contentType, body, rawPath, status, field, part);
        }

        Case raw() {
            return new Case(method, path, contentType, body, true, status, field, messagePart);
        }

        Case withStatus(int s) {
            return new Case(method, path, contentType, body, rawPath, s, field, messagePart);
        }

        Case as(String type) {
            return new Case(method, path, type, body, rawPath, status, field, messagePart);
        }
    }

    private static final String JSON = "application/json";

    static Case put(String path, String body, int status) {
        return new Case("PUT", path, JSON, body, false, status, null, null);
    }

    static Case post(String path, String body, int status) {
        return new Case("POST", path, JSON, body, false, status, null, null);
    }

    static Case get(String path, int status) {
        return new Case("GET", path, null, null, false, status, null, null);
    }

    static Case action(String body) {
        return put("/api/v1/actions/bad-new", body, 400);
    }

    static Case service(String body) {
        return put("/api/v1/services/bad-new-svc", body, 400);
    }

    static Case quick(String body) {
        return post("/api/v1/quick-services", body, 400);
    }

    static Arguments row(String label, Case c) {
        return Arguments.of(Named.of(label, c));
    }

    static Stream<Arguments> badRequests() {
        List<Arguments> rows = new ArrayList<>();
        // ---- unreadable JSON
        rows.add(row("malformed JSON", action("{\"script\": \"true\"").field("body")));
        rows.add(row("trailing garbage after the JSON", action("{\"script\": \"true\"} xyz").field("body")));
        rows.add(row("a second JSON value after the first", action("{\"script\": \"true\"} {}").field("body")
                .saying("more content after")));
        rows.add(row("duplicate key", action("{\"script\": \"true\", \"script\": \"false\"}").field("script")
                .saying("twice")));
        rows.add(row("duplicate nested key", action(
                "{\"script\": \"true\", \"stop\": {\"signal\": \"TERM\", \"signal\": \"KILL\"}}").field("stop.signal")));
        rows.add(row("number too large for its field", service(
                "{\"actions\": [\"bad-base\"], \"restart\": {\"max_restarts\": 99999999999}}")
                .field("restart.max_restarts").saying("out of range")));
        rows.add(row("empty body", action("").field("body")));
        rows.add(row("JSON null body", action("null").field("body")));
        rows.add(row("array instead of an object", action("[1,2]").field("body")));
        rows.add(row("string instead of an object", put("/api/v1/services/bad-svc-1/wanted", "\"stop\"", 400)
                .field("body")));
        // ---- unknown fields
        rows.add(row("unknown top-level field", action("{\"script\": \"true\", \"colour\": \"red\"}").field("colour")
                .saying("unknown field")));
        rows.add(row("unknown nested field", action(
                "{\"script\": \"true\", \"stop\": {\"signal\": \"TERM\", \"linger\": \"1s\"}}").field("stop.linger")));
        rows.add(row("unknown field inside a list entry", action(
                "{\"script\": \"true\", \"depends_on\": [{\"action\": \"bad-base\", \"when\": \"x\"}]}")
                .field("depends_on[0].when")));
        rows.add(row("unknown service field", service("{\"actions\": [\"bad-base\"], \"replicas\": 3}")
                .field("replicas")));
        rows.add(row("unknown quick-service field", quick("{\"name\": \"bad-q\", \"command\": \"true\", \"cmd\": \"x\"}")
                .field("cmd")));
        // ---- wrong JSON types
        rows.add(row("number for a string", action("{\"script\": 5}").field("script")));
        rows.add(row("boolean for a string", action("{\"script\": \"true\", \"kind\": true}").field("kind")));
        rows.add(row("string for a map", action("{\"script\": \"true\", \"env\": \"A=1\"}").field("env")));
        rows.add(row("number as an env value", action("{\"script\": \"true\", \"env\": {\"A\": 1}}").field("env.A")));
        rows.add(row("object for a list", action("{\"script\": \"true\", \"depends_on\": {}}").field("depends_on")));
        rows.add(row("fraction for a whole number", action(
                "{\"script\": \"true\", \"health\": {\"type\": \"tcp\", \"target\": \"h:1\", \"retries\": 1.5}}")
                .field("health.retries")));
        rows.add(row("string for a number", service(
                "{\"actions\": [\"bad-base\"], \"restart\": {\"backoff\": {\"factor\": \"2\"}}}")
                .field("restart.backoff.factor")));
        rows.add(row("string for a boolean", service("{\"actions\": [\"bad-base\"], \"essential\": \"yes\"}")
                .field("essential")));
        rows.add(row("string for start", quick("{\"name\": \"bad-q\", \"command\": \"true\", \"start\": \"yes\"}")
                .field("start")));
        rows.add(row("number for a name list entry", service("{\"actions\": [7]}").field("actions[0]")));
        rows.add(row("null in the actions list", service("{\"actions\": [null]}").field("actions[0]")));
        rows.add(row("null in the requires list", service("{\"actions\": [\"bad-base\"], \"requires\": [null]}")
                .field("requires[0]")));
        rows.add(row("null in depends_on", action("{\"script\": \"true\", \"depends_on\": [null]}")
                .field("depends_on[0]")));
        rows.add(row("null env value", action("{\"script\": \"true\", \"env\": {\"A\": null}}").field("env.A")));
        // ---- names
        rows.add(row("upper-case name", put("/api/v1/actions/Web", "{\"script\": \"true\"}", 400).field("name")));
        rows.add(row("name too long", put("/api/v1/actions/" + "a".repeat(64), "{\"script\": \"true\"}", 400)
                .field("name")));
        rows.add(row("empty name", quick("{\"name\": \"\", \"command\": \"true\"}").field("name")));
        rows.add(row("name with a leading dot", put("/api/v1/actions/.hidden", "{\"script\": \"true\"}", 400)
                .field("name")));
        rows.add(row("path traversal in an action name",
                put("/api/v1/actions/..%2F..%2Fetc", "{\"script\": \"true\"}", 400).raw().field("name")));
        rows.add(row("encoded slash in a service name",
                put("/api/v1/services/a%2Fb", "{\"actions\": [\"bad-base\"]}", 400).raw().field("name")));
        rows.add(row("path traversal in a quick-service name",
                quick("{\"name\": \"../../etc\", \"command\": \"true\"}").field("name")));
        rows.add(row("body name differs from the path", action("{\"name\": \"other\", \"script\": \"true\"}")
                .field("name")));
        rows.add(row("quick-service name too long for its action",
                quick("{\"name\": \"" + "q".repeat(60) + "\", \"command\": \"true\"}").field("name")));
        rows.add(row("reserved service name", put("/api/v1/services/status", "{\"actions\": [\"bad-base\"]}", 400)
                .field("name")));
        rows.add(row("reserved quick-service name", quick("{\"name\": \"status\", \"command\": \"true\"}")
                .field("name")));
        // ---- action fields
        rows.add(row("missing script", action("{\"kind\": \"oneshot\"}").field("script")));
        rows.add(row("missing quick-service command", quick("{\"name\": \"bad-q\"}").field("command")));
        rows.add(row("unclosed quote in an exec command", quick("{\"name\": \"bad-q\", \"command\": \"echo 'hi\"}")
                .field("command").saying("unclosed single quote")));
        rows.add(row("NUL character in the script", action("{\"script\": \"a\\u0000b\"}").field("script")));
        rows.add(row("blank script", action("{\"script\": \"   \"}").field("script")));
        rows.add(row("unknown interpreter", action("{\"script\": \"true\", \"interpreter\": \"cobol\"}")
                .field("interpreter")));
        rows.add(row("relative interpreter path", action("{\"script\": \"true\", \"interpreter\": \"bin/bash\"}")
                .field("interpreter")));
        rows.add(row("interpreter path escaping upwards", action(
                "{\"script\": \"true\", \"interpreter\": \"/usr/../bin/sh\"}").field("interpreter")));
        rows.add(row("unknown kind", action("{\"script\": \"true\", \"kind\": \"daemon\"}").field("kind")));
        rows.add(row("unknown kind in a quick service", quick(
                "{\"name\": \"bad-q\", \"command\": \"true\", \"kind\": \"daemon\"}").field("kind")));
        rows.add(row("duration in parsecs", action("{\"script\": \"true\", \"timeout\": \"10 parsecs\"}")
                .field("timeout").saying("not a duration")));
        rows.add(row("negative duration", action("{\"script\": \"true\", \"timeout\": \"-5s\"}").field("timeout")));
        rows.add(row("negative ISO duration", action("{\"script\": \"true\", \"timeout\": \"PT-5S\"}")
                .field("timeout")));
        rows.add(row("zero timeout", action("{\"script\": \"true\", \"timeout\": \"0s\"}").field("timeout")));
        rows.add(row("absurd timeout", action("{\"script\": \"true\", \"timeout\": \"400d\"}").field("timeout")));
        rows.add(row("overflowing timeout", action("{\"script\": \"true\", \"timeout\": \"PT9999999999999H\"}")
                .field("timeout")));
        rows.add(row("overflowing stop grace", action(
                "{\"script\": \"true\", \"stop\": {\"grace\": \"P99999999999D\"}}").field("stop.grace")));
        rows.add(row("env key starting with a digit", action("{\"script\": \"true\", \"env\": {\"1ABC\": \"x\"}}")
                .field("env.1ABC")));
        rows.add(row("env key with a dash", action("{\"script\": \"true\", \"env\": {\"A-B\": \"x\"}}")
                .field("env.A-B")));
        rows.add(row("bad env key in a quick service", quick(
                "{\"name\": \"bad-q\", \"command\": \"true\", \"env\": {\"A=B\": \"x\"}}").field("env.A=B")));
        rows.add(row("relative cwd", action("{\"script\": \"true\", \"cwd\": \"tmp\"}").field("cwd")));
        rows.add(row("bad user name", action("{\"script\": \"true\", \"user\": \"Root;rm\"}").field("user")));
        rows.add(row("depends_on a nonexistent action", action(
                "{\"script\": \"true\", \"depends_on\": [{\"action\": \"bad-ghost\"}]}")
                .field("depends_on[0].action").saying("bad-ghost")));
        rows.add(row("depends_on itself", action("{\"script\": \"true\", \"depends_on\": [{\"action\": \"bad-new\"}]}")
                .field("depends_on[0].action")));
        rows.add(row("depends_on with a bad condition", action(
                "{\"script\": \"true\", \"depends_on\": [{\"action\": \"bad-base\", \"condition\": \"before\"}]}")
                .field("depends_on[0].condition")));
        rows.add(row("depends_on the same action twice", action(
                "{\"script\": \"true\", \"depends_on\": [{\"action\": \"bad-base\"}, {\"action\": \"bad-base\"}]}")
                .field("depends_on[1].action")));
        rows.add(row("depends_on an action outside the service using it", put("/api/v1/actions/bad-base",
                "{\"script\": \"true\", \"kind\": \"oneshot\", \"depends_on\": [{\"action\": \"bad-cyc-a\"}]}", 400)
                .field("depends_on[0].action").saying("bad-svc-1")));
        rows.add(row("action dependency cycle", put("/api/v1/actions/bad-cyc-a",
                "{\"script\": \"true\", \"kind\": \"oneshot\", \"depends_on\": [{\"action\": \"bad-cyc-b\"}]}", 400)
                .field("depends_on").saying("bad-cyc-a → bad-cyc-b → bad-cyc-a")));
        rows.add(row("health check on a oneshot", action(
                "{\"script\": \"true\", \"kind\": \"oneshot\", \"health\": {\"type\": \"tcp\", \"target\": \"h:80\"}}")
                .field("health")));
        rows.add(row("unknown health type", action(
                "{\"script\": \"true\", \"health\": {\"type\": \"ping\", \"target\": \"h:80\"}}").field("health.type")));
        rows.add(row("tcp target without a port", action(
                "{\"script\": \"true\", \"health\": {\"type\": \"tcp\", \"target\": \"localhost\"}}")
                .field("health.target")));
        rows.add(row("tcp port out of range", action(
                "{\"script\": \"true\", \"health\": {\"type\": \"tcp\", \"target\": \"localhost:70000\"}}")
                .field("health.target")));
        rows.add(row("http target not a URL", action(
                "{\"script\": \"true\", \"health\": {\"type\": \"http\", \"target\": \"not a url\"}}")
                .field("health.target")));
        rows.add(row("health retries zero", action(
                "{\"script\": \"true\", \"health\": {\"type\": \"tcp\", \"target\": \"h:1\", \"retries\": 0}}")
                .field("health.retries")));
        rows.add(row("bad stop signal", action("{\"script\": \"true\", \"stop\": {\"signal\": \"SIGFOO\"}}")
                .field("stop.signal")));
        // ---- service fields
        rows.add(row("service without actions", service("{\"actions\": []}").field("actions")));
        rows.add(row("service naming a nonexistent action", service("{\"actions\": [\"bad-ghost\"]}")
                .field("actions[0]").saying("bad-ghost")));
        rows.add(row("requires naming a nonexistent service", service(
                "{\"actions\": [\"bad-base\"], \"requires\": [\"bad-ghost-svc\"]}").field("requires[0]")));
        rows.add(row("service requiring itself", service(
                "{\"actions\": [\"bad-base\"], \"requires\": [\"bad-new-svc\"]}").field("requires[0]")));
        rows.add(row("service requires cycle", put("/api/v1/services/bad-svc-1",
                "{\"actions\": [\"bad-base\"], \"requires\": [\"bad-svc-2\"], \"wanted\": \"spec\"}", 400)
                .field("requires").saying("bad-svc-1 → bad-svc-2 → bad-svc-1")));
        rows.add(row("service action depending on an action outside the service",
                service("{\"actions\": [\"bad-dep\"]}").field("actions[0]").saying("bad-base")));
        rows.add(row("unknown restart policy", service(
                "{\"actions\": [\"bad-base\"], \"restart\": {\"policy\": \"sometimes\"}}").field("restart.policy")));
        rows.add(row("backoff factor 0", service(
                "{\"actions\": [\"bad-base\"], \"restart\": {\"backoff\": {\"factor\": 0}}}")
                .field("restart.backoff.factor")));
        rows.add(row("backoff jitter 2", service(
                "{\"actions\": [\"bad-base\"], \"restart\": {\"backoff\": {\"jitter\": 2}}}")
                .field("restart.backoff.jitter")));
        rows.add(row("backoff max shorter than initial", service(
                "{\"actions\": [\"bad-base\"], \"restart\": {\"backoff\": {\"initial\": \"10s\", \"max\": \"5s\"}}}")
                .field("restart.backoff.max")));
        rows.add(row("bad reset_after", service(
                "{\"actions\": [\"bad-base\"], \"restart\": {\"reset_after\": \"soon\"}}").field("restart.reset_after")));
        rows.add(row("negative max_restarts", service(
                "{\"actions\": [\"bad-base\"], \"restart\": {\"max_restarts\": -1}}").field("restart.max_restarts")));
        rows.add(row("wanted running in a service", service("{\"actions\": [\"bad-base\"], \"wanted\": \"running\"}")
                .field("wanted")));
        rows.add(row("wanted running", put("/api/v1/services/bad-svc-1/wanted", "{\"wanted\": \"running\"}", 400)
                .field("wanted")));
        rows.add(row("wanted missing", put("/api/v1/services/bad-svc-1/wanted", "{}", 400).field("wanted")));
        // ---- list parameters
        rows.add(row("runs limit=0", get("/api/v1/runs?limit=0", 400).field("limit")));
        rows.add(row("runs limit=abc", get("/api/v1/runs?limit=abc", 400).field("limit")));
        rows.add(row("runs limit too large", get("/api/v1/runs?limit=100000", 400).field("limit")));
        rows.add(row("runs offset=-1", get("/api/v1/runs?offset=-1", 400).field("offset")));
        rows.add(row("runs unknown status", get("/api/v1/runs?status=finished", 400).field("status")));
        rows.add(row("jobs unknown phase", get("/api/v1/jobs?phase=done", 400).field("phase")));
        rows.add(row("jobs offset=abc", get("/api/v1/jobs?offset=abc", 400).field("offset")));
        // ---- transport
        rows.add(row("oversized body", action("{\"script\": \"" + "x".repeat(1024 * 1024 + 10) + "\"}")
                .withStatus(413)));
        rows.add(row("wrong content type", action("{\"script\": \"true\"}").as("text/plain").withStatus(415)));
        rows.add(row("wrong content type on a quick service",
                quick("{\"name\": \"bad-q\", \"command\": \"true\"}").as("text/plain").withStatus(415)));
        return rows.stream();
    }

    @Inject
    TestDb db;

    /** The objects the rows refer to; PUTs are idempotent, so repeating them changes nothing. */
    @BeforeEach
    void fixtures() {
        oneshot("bad-base");
        oneshot("bad-cyc-a");
        oneshotAfter("bad-cyc-b", "bad-cyc-a");
        oneshotAfter("bad-dep", "bad-base");
        specService("bad-svc-1", "bad-base");
        specServiceRequiring("bad-svc-2", "bad-base", "bad-svc-1");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badRequests")
    void isRefusedWithAProblemAndChangesNothing(Case c) {
        Map<String, Object> before = db.snapshot("bad-");
        List<Object> actionsBefore = given().get("/api/v1/actions").then().extract().path("$");
        List<Object> servicesBefore = given().get("/api/v1/services").then().extract().path("$");

        RequestSpecification request = given().urlEncodingEnabled(!c.rawPath());
        if (c.contentType() != null) {
            request = request.contentType(c.contentType());
        }
        if (c.body() != null) {
            request = request.body(c.body());
        }
        ValidatableResponse r = request.when().request(c.method(), c.path()).then();

        r.statusCode(c.status())
                .contentType(startsWith(Api.PROBLEM))
                .body("type", not(emptyOrNullString()))
                .body("title", not(emptyOrNullString()))
                .body("status", equalTo(c.status()))
                .body("detail", not(emptyOrNullString()));
        if (c.field() != null) {
            r.body("errors.field", hasItem(c.field()))
                    .body("errors.find { it.field == '" + c.field().replace("'", "\\'") + "' }.message",
                            not(emptyOrNullString()));
        }
        if (c.messagePart() != null) {
            r.body("detail", containsString(c.messagePart()));
        }

        assertEquals(before, db.snapshot("bad-"), "the refused request changed the database");
        assertEquals(actionsBefore, given().get("/api/v1/actions").then().extract().path("$"));
        assertEquals(servicesBefore, given().get("/api/v1/services").then().extract().path("$"));
    }
}
