package io.heroproc.supervisor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Success exit codes, stop commands, env files and secret env values, with real processes. */
@QuarkusTest
class ActionOptionsTest extends EngineTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    static List<String> serviceLines(String svc) {
        return given().when().get("/api/v1/services/{n}/logs", svc).jsonPath().getList("line");
    }

    private static void awaitLine(String svc, String line) {
        Await.until(WAIT, () -> serviceLines(svc).contains(line), svc + " printed '" + line + "'");
    }

    @Test
    void successExitCodesDecideSuccessAndOnFailureRestarts() {
        String once = name("codes_once");
        action(once + "_a", """
                {"interpreter": "sh", "script": "exit 2", "kind": "oneshot", "success_exit_codes": [0, 2]}""");
        service(once, """
                {"actions": ["%s_a"], "wanted": "stop"}""".formatted(once));
        start(once);
        awaitState(once, "success");
        assertEquals(2, num(jobs(once).getFirst(), "exit_code"));

        String proc = name("codes_proc");
        String mark = marker();
        action(proc + "_a", """
                {"interpreter": "bash", "script": "sleep 0.3; exit 3 # %s", "kind": "process",
                 "success_exit_codes": [3]}""".formatted(mark));
        service(proc, """
                {"actions": ["%s_a"], "wanted": "stop",
                 "restart": {"policy": "on-failure", "backoff": {"initial": "100ms", "factor": 1, "jitter": 0}}}"""
                .formatted(proc));
        start(proc);
        awaitState(proc, "success");
        assertEquals(1, jobs(proc).size(), "exit 3 is a success: on-failure does not restart it");
        assertEquals(0, restarts(proc));

        given().contentType(ContentType.JSON).body("""
                {"script": "exit 1", "kind": "oneshot", "success_exit_codes": [0, 256]}""")
                .when().put("/api/v1/actions/{n}", name("badcodes")).then().statusCode(400)
                .body("errors[0].field", equalTo("success_exit_codes[1]"));
        given().contentType(ContentType.JSON).body("""
                {"script": "exit 1", "kind": "oneshot", "success_exit_codes": []}""")
                .when().put("/api/v1/actions/{n}", name("nocodes")).then().statusCode(400)
                .body("errors[0].field", equalTo("success_exit_codes"));
    }

    @Test
    void aStopCommandStopsTheJobBeforeAnySignal() {
        String svc = name("stopcmd");
        String mark = marker();
        // USR1 is what the stop command sends; a SIGTERM would end it with "exit 143" instead.
        action(svc + "_a", """
                {"interpreter": "bash", "kind": "process",
                 "script": "trap 'echo got-usr1; exit 0' USR1; echo ready; while :; do sleep 0.05; done # %s",
                 "stop": {"command": "echo asking $HERO_PROC_MAIN_PID r$HERO_PROC_REPLICA; kill -USR1 $HERO_PROC_MAIN_PID", "grace": "10s"}}"""
                .formatted(mark));
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop"}""".formatted(svc));
        start(svc);
        awaitLine(svc, "ready");
        long pid = pids(svc).getFirst();
        stop(svc);
        awaitState(svc, "exited");
        List<String> lines = serviceLines(svc);
        assertTrue(lines.contains("got-usr1"), "the stop command's signal reached the job: " + lines);
        assertTrue(lines.contains("stop command: asking " + pid + " r0"), "its output is in the job's log: " + lines);
        assertEquals(0, num(jobs(svc).getFirst(), "exit_code"), "it exited by itself: " + jobs(svc).getFirst());
        assertNull(jobs(svc).getFirst().get("signal"));
    }

    @Test
    void aStopCommandThatDoesNotStopItFallsBackToTheSignal() {
        String svc = name("stopcmd_noop");
        String mark = marker();
        sleeperWithStop(svc + "_a", mark, """
                {"command": "true", "grace": "300ms", "signal": "TERM"}""");
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop"}""".formatted(svc));
        start(svc);
        Procs.awaitOne(mark, svc);
        stop(svc);
        awaitState(svc, "exited");
        Await.until(() -> Procs.withMarker(mark).isEmpty(), "no process left of " + svc);
        List<String> lines = serviceLines(svc);
        assertTrue(lines.stream().anyMatch(l -> l.contains("still running 300ms after its stop command")), "" + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("stopping with SIGTERM")), "" + lines);
        assertEquals(15, num(jobs(svc).getFirst(), "signal"));

        given().contentType(ContentType.JSON).body("""
                {"script": "sleep 1", "stop": {"command": "  "}}""")
                .when().put("/api/v1/actions/{n}", name("badstop")).then().statusCode(400)
                .body("errors[0].field", equalTo("stop.command"));
    }

    private static void sleeperWithStop(String name, String marker, String stop) {
        action(name, """
                {"interpreter": "bash", "script": "exec -a %s sleep 1000", "kind": "process", "stop": %s}"""
                .formatted(marker, stop));
    }

    @Test
    void envFilesAreReadAtEachStartUnderTheActionsOwnEnv() throws Exception {
        Path dir = Files.createTempDirectory("hp-envfile");
        Path file = dir.resolve("app.env");
        Files.writeString(file, """
                # settings
                export GREETING=hello
                NAME="two words"   # a comment
                LITERAL='not $expanded'
                OVERRIDDEN=from-file
                """);
        String svc = name("envfile");
        action(svc + "_a", """
                {"interpreter": "bash", "kind": "oneshot", "env_file": "%s", "env": {"OVERRIDDEN": "from-action"},
                 "script": "echo \\"$GREETING|$NAME|$LITERAL|$OVERRIDDEN\\""}""".formatted(file));
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop", "restart": {"policy": "never"}}""".formatted(svc));
        given().when().get("/api/v1/actions/{n}", svc + "_a").then().statusCode(200)
                .body("env_file", equalTo(List.of(file.toString())));
        start(svc);
        awaitState(svc, "success");
        awaitLine(svc, "hello|two words|not $expanded|from-action");

        Files.writeString(file, "GREETING=changed\n");
        start(svc);
        awaitLine(svc, "changed|||from-action");

        // Broken after it was accepted: the start fails, naming the file and the line.
        Files.writeString(file, "GREETING=ok\nthis is not an assignment\n");
        start(svc);
        awaitState(svc, "failed");
        assertTrue(reason(svc).contains(file + " line 2"), reason(svc));
    }

    @Test
    void anEnvFileThatCannotBeUsedIsRefusedWithFileAndLine() throws Exception {
        Path dir = Files.createTempDirectory("hp-envfile-bad");
        Path bad = dir.resolve("bad.env");
        Files.writeString(bad, "A=1\nB=\"unclosed\n");
        String name = name("envbad");
        given().contentType(ContentType.JSON).body("""
                {"script": "true", "kind": "oneshot", "env_file": ["%s"]}""".formatted(bad))
                .when().put("/api/v1/actions/{n}", name).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("env_file"))
                .body("errors[0].message", containsString(bad + " line 2: the double quote is not closed"));
        given().contentType(ContentType.JSON).body("""
                {"script": "true", "kind": "oneshot", "env_file": ["%s", "%s"]}""".formatted(bad, dir.resolve("none")))
                .when().put("/api/v1/actions/{n}", name).then().statusCode(400)
                .body("errors.field", equalTo(List.of("env_file[0]", "env_file[1]")))
                .body("errors[1].message", containsString("does not exist"));
        given().contentType(ContentType.JSON).body("""
                {"script": "true", "kind": "oneshot", "env_file": "relative.env"}""")
                .when().put("/api/v1/actions/{n}", name).then().statusCode(400)
                .body("errors[0].message", containsString("must be an absolute path"));
        given().when().get("/api/v1/actions/{n}", name).then().statusCode(404);
    }

    @Test
    void aSecretIsUsedButNeverShown() {
        String svc = name("secret");
        String act = svc + "_a";
        action(act, """
                {"interpreter": "bash", "kind": "oneshot", "script": "echo \\"key=$API_KEY plain=$PLAIN\\"",
                 "env": {"API_KEY": {"value": "s3cr3t-value", "secret": true}, "PLAIN": "visible"}}""");
        service(svc, """
                {"actions": ["%s"], "wanted": "stop"}""".formatted(act));
        String shown = given().when().get("/api/v1/actions/{n}", act).then().statusCode(200)
                .body("env.API_KEY.value", equalTo("***"))
                .body("env.API_KEY.secret", equalTo(true))
                .body("env.PLAIN", equalTo("visible"))
                .extract().asString();
        assertFalse(shown.contains("s3cr3t-value"), shown);
        assertFalse(given().when().get("/api/v1/actions").asString().contains("s3cr3t-value"));
        start(svc);
        awaitState(svc, "success");
        awaitLine(svc, "key=s3cr3t-value plain=visible");

        // What the API showed, written back with a change elsewhere, keeps the stored secret.
        action(act, """
                {"interpreter": "bash", "kind": "oneshot", "script": "echo \\"again=$API_KEY\\"",
                 "env": {"API_KEY": {"value": "***", "secret": true}, "PLAIN": "visible"}}""");
        start(svc);
        awaitLine(svc, "again=s3cr3t-value");
        String events = given().queryParam("service", svc).when().get("/api/v1/events").asString()
                + given().queryParam("type", "action.changed,action.created").when().get("/api/v1/events").asString();
        assertFalse(events.contains("s3cr3t-value"), "events never carry a secret");

        given().contentType(ContentType.JSON).body("""
                {"script": "true", "env": {"TOKEN": {"value": "***", "secret": true}}}""")
                .when().put("/api/v1/actions/{n}", name("nosecret")).then().statusCode(400)
                .body("errors[0].field", equalTo("env.TOKEN"))
                .body("errors[0].message", containsString("no secret TOKEN is stored"));
        given().contentType(ContentType.JSON).body("""
                {"script": "true", "env": {"TOKEN": {"secret": true}}}""")
                .when().put("/api/v1/actions/{n}", name("novalue")).then().statusCode(400)
                .body("errors[0].field", equalTo("env.TOKEN"));
        given().contentType(ContentType.JSON).body("""
                {"script": "true", "env": {"TOKEN": {"value": "x", "secret": true, "extra": 1}}}""")
                .when().put("/api/v1/actions/{n}", name("extra")).then().statusCode(400);
        Map<String, Object> plain = given().when().get("/api/v1/actions/{n}", act).jsonPath().getMap("env");
        assertEquals("visible", plain.get("PLAIN"));
    }
}
