package io.heroproc.manifest;

import static io.heroproc.support.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.support.Names;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/manifests}: whole manifests applied atomically and idempotently, with an
 * optional prune. The services here are {@code wanted: spec}: stored, never started.
 */
@QuarkusTest
class ManifestApiTest {

    static final String YAML = "application/yaml";

    static ValidatableResponse post(String body, String contentType, boolean prune) {
        return given().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8)).queryParam("prune", prune).when()
                .post("/api/v1/manifests").then();
    }

    static ValidatableResponse applyYaml(String yaml) {
        return post(yaml, YAML, false).statusCode(200).contentType(ContentType.JSON);
    }

    /** A YAML manifest: one oneshot action per name, and a spec service {@code svc} running it. */
    static String yamlOf(String... pairs) {
        StringBuilder actions = new StringBuilder("actions:\n");
        StringBuilder services = new StringBuilder("services:\n");
        for (int i = 0; i < pairs.length; i += 2) {
            actions.append("  ").append(pairs[i + 1]).append(": {script: \"true\", kind: oneshot}\n");
            services.append("  ").append(pairs[i]).append(": {actions: [").append(pairs[i + 1])
                    .append("], wanted: spec}\n");
        }
        return actions + services.toString();
    }

    static String actionsJson() {
        return given().get("/api/v1/actions").then().statusCode(200).extract().asString();
    }

    static String servicesJson() {
        return given().get("/api/v1/services").then().statusCode(200).extract().asString();
    }

    static Map<String, Object> service(String name) {
        return given().get("/api/v1/services/{name}", name).then().statusCode(200).extract().jsonPath().getMap("");
    }

    static Map<String, Object> action(String name) {
        return given().get("/api/v1/actions/{name}", name).then().statusCode(200).extract().jsonPath().getMap("");
    }

    @Test
    void createsEverythingAndReportsIt() {
        String s1 = Names.unique("ms");
        String a1 = Names.unique("ma");
        String s2 = Names.unique("ms");
        String a2 = Names.unique("ma");
        applyYaml(yamlOf(s1, a1, s2, a2))
                .body("created.actions", equalTo(List.of(a1, a2).stream().sorted().toList()))
                .body("created.services", equalTo(List.of(s1, s2).stream().sorted().toList()))
                .body("updated.actions", equalTo(List.of())).body("updated.services", equalTo(List.of()))
                .body("unchanged.actions", equalTo(List.of())).body("unchanged.services", equalTo(List.of()))
                .body("deleted.actions", equalTo(List.of())).body("deleted.services", equalTo(List.of()));
        assertEquals("spec", service(s1).get("wanted"));
        assertEquals(List.of(a2), service(s2).get("actions"));
        assertEquals("oneshot", action(a1).get("kind"));
    }

    @Test
    void oneBadServiceWritesNothingAndIsNamed() {
        String good1 = Names.unique("ms");
        String good2 = Names.unique("ms");
        String bad = Names.unique("ms");
        String a = Names.unique("ma");
        String missing = Names.unique("nosuch");
        String before = actionsJson() + servicesJson();
        String yaml = """
                actions:
                  %1$s: {script: "true", kind: oneshot}
                services:
                  %2$s: {actions: [%1$s], wanted: spec}
                  %3$s: {actions: [%1$s], wanted: spec}
                  %4$s: {actions: [%1$s], requires: [%5$s], wanted: spec}
                """.formatted(a, good1, good2, bad, missing);

        problem(post(yaml, YAML, false), 400)
                .body("errors.field", equalTo(List.of("services." + bad + ".requires[0]")))
                .body("errors[0].message", containsString(missing))
                .body("detail", containsString("services." + bad + ".requires[0]"));
        assertEquals(before, actionsJson() + servicesJson(), "nothing of the manifest was written");
        given().get("/api/v1/services/{name}", good1).then().statusCode(404);
        given().get("/api/v1/actions/{name}", a).then().statusCode(404);
    }

    @Test
    void everyBrokenFieldIsNamedWithItsPath() {
        String a = Names.unique("ma");
        String s = Names.unique("ms");
        String yaml = """
                actions:
                  %1$s: {script: "true", kind: sometimes, timeout: soon, depends_on: [{action: %1$s}]}
                services:
                  %2$s: {actions: [], wanted: maybe, restart: {policy: often}}
                """.formatted(a, s);
        problem(post(yaml, YAML, false), 400)
                .body("errors.field", hasItem("actions." + a + ".kind"))
                .body("errors.field", hasItem("actions." + a + ".timeout"))
                .body("errors.field", hasItem("actions." + a + ".depends_on[0].action"))
                .body("errors.field", hasItem("services." + s + ".actions"))
                .body("errors.field", hasItem("services." + s + ".wanted"))
                .body("errors.field", hasItem("services." + s + ".restart.policy"));
    }

    @Test
    void applyingTheSameManifestTwiceChangesNothing() {
        String s = Names.unique("ms");
        String a = Names.unique("ma");
        String yaml = """
                actions:
                  %2$s:
                    interpreter: sh
                    script: echo hi
                    kind: oneshot
                    timeout: 30s
                    env: {GREETING: hello}
                    stop: {signal: INT, grace: 2s}
                services:
                  %1$s:
                    actions: [%2$s]
                    wanted: spec
                    restart: {policy: on-failure, backoff: {initial: 500ms, factor: 1.5, max: 2m}}
                """.formatted(s, a);
        applyYaml(yaml).body("created.services", equalTo(List.of(s)));
        Object serviceUpdated = service(s).get("updated_at");
        Object actionUpdated = action(a).get("updated_at");

        applyYaml(yaml)
                .body("unchanged.actions", equalTo(List.of(a))).body("unchanged.services", equalTo(List.of(s)))
                .body("created.actions", equalTo(List.of())).body("created.services", equalTo(List.of()))
                .body("updated.actions", equalTo(List.of())).body("updated.services", equalTo(List.of()))
                .body("deleted.actions", equalTo(List.of())).body("deleted.services", equalTo(List.of()));
        assertEquals(serviceUpdated, service(s).get("updated_at"));
        assertEquals(actionUpdated, action(a).get("updated_at"));

        // The same content in JSON, spelled differently (PT30S, SIGINT), is still the same definition.
        String json = """
                {"actions": {"%2$s": {"interpreter": "sh", "script": "echo hi", "kind": "oneshot",
                  "timeout": "PT30S", "env": {"GREETING": "hello"}, "stop": {"signal": "SIGINT", "grace": "2000ms"}}},
                 "services": {"%1$s": {"actions": ["%2$s"], "wanted": "spec",
                  "restart": {"policy": "on-failure", "backoff": {"initial": "0.5s", "factor": 1.5, "max": "120s"}}}}}
                """.formatted(s, a);
        post(json, "application/json", false).statusCode(200)
                .body("unchanged.actions", equalTo(List.of(a))).body("unchanged.services", equalTo(List.of(s)));
        assertEquals(serviceUpdated, service(s).get("updated_at"));

        // A real change updates just that object.
        applyYaml(yaml.replace("echo hi", "echo bye")).body("updated.actions", equalTo(List.of(a)))
                .body("unchanged.services", equalTo(List.of(s)));
        assertEquals("echo bye", action(a).get("script"));
        assertEquals(serviceUpdated, service(s).get("updated_at"));
    }

    @Test
    void pruneDeletesWhatTheManifestNoLongerDeclares() {
        String sa = Names.unique("ms");
        String aa = Names.unique("ma");
        String sb = Names.unique("ms");
        String ab = Names.unique("ma");
        applyYaml(yamlOf(sa, aa, sb, ab));

        // Without prune, B stays.
        applyYaml(yamlOf(sa, aa)).body("deleted.services", equalTo(List.of()))
                .body("unchanged.services", equalTo(List.of(sa)));
        service(sb);

        post(yamlOf(sa, aa), YAML, true).statusCode(200)
                .body("deleted.services", hasItem(sb)).body("deleted.actions", hasItem(ab))
                .body("deleted.services", not(hasItem(sa))).body("unchanged.services", equalTo(List.of(sa)));
        given().get("/api/v1/services/{name}", sb).then().statusCode(404);
        given().get("/api/v1/actions/{name}", ab).then().statusCode(404);
        service(sa);
    }

    @Test
    void pruneRefusesToBreakADependencyAndChangesNothing() {
        String base = Names.unique("ms");
        String baseAction = Names.unique("ma");
        String app = Names.unique("ms");
        String appAction = Names.unique("ma");
        applyYaml("""
                actions:
                  %2$s: {script: "true", kind: oneshot}
                  %4$s: {script: "true", kind: oneshot}
                services:
                  %1$s: {actions: [%2$s], wanted: spec}
                  %3$s: {actions: [%4$s], requires: [%1$s], wanted: spec}
                """.formatted(base, baseAction, app, appAction));
        String before = actionsJson() + servicesJson();

        // The new manifest keeps the dependent but no longer declares what it requires.
        String onlyApp = """
                actions:
                  %2$s: {script: "true", kind: oneshot}
                services:
                  %1$s: {actions: [%2$s], requires: [%3$s], wanted: spec}
                """.formatted(app, appAction, base);
        problem(post(onlyApp, YAML, true), 400)
                .body("errors.field", hasItem("services." + app + ".requires[0]"))
                .body("detail", containsString("prune would delete it"));
        assertEquals(before, actionsJson() + servicesJson(), "nothing was deleted or changed");
    }

    @Test
    void quickServiceActionsArePrunedWithTheirService() {
        String kept = Names.unique("ms");
        String keptAction = Names.unique("ma");
        String quick = Names.unique("mq");
        applyYaml(yamlOf(kept, keptAction));
        given().contentType(ContentType.JSON).body("""
                {"name": "%s", "command": "true", "kind": "oneshot", "start": false}""".formatted(quick))
                .post("/api/v1/quick-services").then().statusCode(201);

        // A manifest may declare a quick service and leave its generated action out: it stays.
        String withQuick = yamlOf(kept, keptAction) + "  %s: {actions: [%s_action], wanted: stop}\n"
                .formatted(quick, quick);
        ValidatableResponse kept1 = post(withQuick, YAML, true).statusCode(200);
        kept1.body("deleted.actions", not(hasItem(quick + "_action")));
        assertEquals(quick, action(quick + "_action").get("generated_by"));

        post(yamlOf(kept, keptAction), YAML, true).statusCode(200)
                .body("deleted.services", hasItem(quick)).body("deleted.actions", hasItem(quick + "_action"));
        given().get("/api/v1/actions/{name}", quick + "_action").then().statusCode(404);
    }

    @Test
    void yamlAndJsonAreBothAccepted() {
        String s = Names.unique("ms");
        String a = Names.unique("ma");
        for (String type : List.of("application/x-yaml", "text/yaml")) {
            post(yamlOf(s, a), type, false).statusCode(200);
        }
        String s2 = Names.unique("ms");
        String a2 = Names.unique("ma");
        post("""
                {"actions": {"%2$s": {"script": "true", "kind": "oneshot"}},
                 "services": {"%1$s": {"actions": ["%2$s"], "wanted": "spec"}}}""".formatted(s2, a2),
                "application/json; charset=utf-8", false).statusCode(200)
                .body("created.services", equalTo(List.of(s2)));
        assertEquals(List.of(a2), service(s2).get("actions"));
    }

    @Test
    void unknownKeysAreRefusedWithTheirPath() {
        String s = Names.unique("ms");
        String a = Names.unique("ma");
        problem(post("""
                actions:
                  %2$s: {script: "true", kind: oneshot}
                services:
                  %1$s:
                    actions: [%2$s]
                    restart: {policy: always, retries: 3}
                """.formatted(s, a), YAML, false), 400)
                .body("errors[0].field", equalTo("services." + s + ".restart.retries"))
                .body("errors[0].message", containsString("unknown field"))
                .body("errors[0].message", containsString("line 6"));
        problem(post("{\"actionz\": {}}", "application/json", false), 400)
                .body("errors[0].field", equalTo("actionz"));
        problem(post("actions:\n  %s:\n    script: x\n    depends_on: [{action: y, when: now}]\n".formatted(a), YAML,
                false), 400)
                .body("errors[0].field", equalTo("actions." + a + ".depends_on[0].when"));
        given().get("/api/v1/services/{name}", s).then().statusCode(404);
    }

    @Test
    void unreadableManifestsAreExplained() {
        problem(post("services: {a: {actions: [x]}}\nactions: [1, 2", YAML, false), 400)
                .body("errors[0].message", containsString("line 2"));
        problem(post("{\"actions\": ", "application/json", false), 400).body("errors[0].field", equalTo("body"));
        problem(post("", YAML, false), 400).body("errors[0].field", equalTo("body"));
        problem(post("actions:\n  x: {script: a}\nactions: {}\n", YAML, false), 400)
                .body("errors[0].field", equalTo("actions")).body("errors[0].message", containsString("twice"));
        problem(post("actions:\n  x: {script: a, env: {PORT: 8080}}\n", YAML, false), 400)
                .body("errors[0].field", equalTo("actions.x.env.PORT"))
                .body("errors[0].message", containsString("quote it"));
        problem(post("actions:\n  x:\n", YAML, false), 400).body("errors[0].field", equalTo("actions.x"));
    }

    @Test
    void wrongContentTypeIs415() {
        problem(given().contentType("text/plain").body("actions: {}".getBytes(StandardCharsets.UTF_8)).when().post("/api/v1/manifests").then(), 415);
        problem(given().contentType("application/xml").body("<a/>".getBytes(StandardCharsets.UTF_8)).when().post("/api/v1/manifests").then(), 415);
    }

    @Test
    void badPruneFlagIs400() {
        problem(given().contentType(YAML).body("{}".getBytes(StandardCharsets.UTF_8)).queryParam("prune", "yes").when().post("/api/v1/manifests")
                .then(), 400).body("errors[0].field", equalTo("prune"));
    }

    @Test
    void dryRunReportsWithoutWriting() {
        String s = Names.unique("ms");
        String a = Names.unique("ma");
        given().contentType(YAML).body(yamlOf(s, a).getBytes(StandardCharsets.UTF_8)).queryParam("dry_run", true).when().post("/api/v1/manifests")
                .then().statusCode(200).body("created.services", equalTo(List.of(s)));
        given().get("/api/v1/services/{name}", s).then().statusCode(404);
    }

    @Test
    void theSchemaIsPublished() {
        String schema = given().get("/schema/manifest.schema.json").then().statusCode(200)
                .contentType(containsString("json")).extract().asString();
        assertTrue(schema.contains("\"on-failure\"") && schema.contains("\"oneshot\""), schema);
    }
}
