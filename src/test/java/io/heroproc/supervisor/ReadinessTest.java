package io.heroproc.supervisor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A health check is readiness until it first passes (failures only delay, until start_timeout),
 * liveness after (retries failures in a row restart the job); a log check passes on a line.
 */
@QuarkusTest
class ReadinessTest extends EngineTestBase {

    private static final Duration WAIT = Duration.ofSeconds(40);

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A python TCP server on {@code port} once {@code open} exists, closing its socket once {@code close} exists. */
    private static String server(int port, Path open, Path close, String mark) {
        return """
                import os, socket, time
                while not os.path.exists('%s'): time.sleep(0.05)
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('127.0.0.1', %d)); s.listen(16); print('listening', flush=True)
                while not os.path.exists('%s'): time.sleep(0.05)
                s.close(); print('closed', flush=True)
                while True: time.sleep(1)  # %s
                """.formatted(open, port, close, mark);
    }

    private static Map<String, Object> job(String svc, String action) {
        return jobs(svc, action).getFirst();
    }

    @Test
    void aServerThatListensLateIsWaitedForNotKilledThenRestartedWhenItStopsAnswering() throws Exception {
        int port = freePort();
        Path dir = Files.createTempDirectory("hp-ready");
        Path open = dir.resolve("open");
        Path close = dir.resolve("close");
        String svc = name("late");
        String mark = marker();
        action(svc + "_srv", """
                {"interpreter": "python3", "kind": "process", "script": %s,
                 "health": {"type": "tcp", "target": "127.0.0.1:%d", "interval": "100ms", "retries": 3}}"""
                .formatted(json(server(port, open, close, mark)), port));
        sleeper(svc + "_client", marker(), svc + "_srv");
        service(svc, """
                {"actions": ["%1$s_srv", "%1$s_client"], "wanted": "stop",
                 "restart": {"policy": "always", "backoff": {"initial": "100ms", "factor": 1, "jitter": 0}}}"""
                .formatted(svc));
        start(svc);
        // Many failed probes (far more than retries) while it does not listen yet: not ready, not failed.
        Await.until(WAIT, () -> jobs(svc, svc + "_srv").size() == 1 && "starting".equals(job(svc, svc + "_srv")
                .get("health")), "a not-ready server is waited for");
        long started = time(job(svc, svc + "_srv"), "started_at").toEpochMilli();
        Await.until(WAIT, () -> System.currentTimeMillis() - started > 1500, "well past 3 probes of 100 ms");
        assertEquals(1, jobs(svc, svc + "_srv").size(), "not restarted before it was ever ready");
        assertEquals("starting", job(svc, svc + "_srv").get("health"));
        assertEquals("pending", job(svc, svc + "_client").get("phase"), "its dependent waits for it");

        Files.createFile(open);
        awaitState(svc, "running");
        assertEquals("healthy", job(svc, svc + "_srv").get("health"));
        assertEquals(1, jobs(svc, svc + "_srv").size());

        // Ready once: now failures count, and three in a row restart it.
        Files.createFile(close);
        Await.until(WAIT, () -> jobs(svc, svc + "_srv").size() >= 2, "an unresponsive server is restarted");
        Map<String, Object> first = jobs(svc, svc + "_srv").stream().min((a, b) -> Long.compare(num(a, "id"),
                num(b, "id"))).orElseThrow();
        assertTrue(String.valueOf(first.get("reason")).contains("tcp check failed 3 times"), first.toString());
    }

    @Test
    void startTimeoutEndsTheWait() throws Exception {
        int port = freePort();
        String svc = name("never");
        String mark = marker();
        action(svc + "_a", """
                {"interpreter": "bash", "kind": "process", "script": "exec -a %s sleep 1000",
                 "health": {"type": "tcp", "target": "127.0.0.1:%d", "interval": "100ms", "retries": 1,
                            "start_timeout": "1s"}}""".formatted(mark, port));
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop", "restart": {"policy": "never"}}""".formatted(svc));
        start(svc);
        awaitState(svc, "failed");
        String reason = String.valueOf(jobs(svc).getFirst().get("reason"));
        assertTrue(reason.contains("not ready within its start_timeout of 1s"), reason);
        long ran = time(jobs(svc).getFirst(), "ended_at").toEpochMilli()
                - time(jobs(svc).getFirst(), "started_at").toEpochMilli();
        assertTrue(ran >= 1000, "not before the start timeout: " + ran + " ms");
    }

    @Test
    void aLogCheckMakesAJobReadyOnAMatchingLine() throws Exception {
        Path go = Files.createTempDirectory("hp-logcheck").resolve("go");
        String svc = name("logready");
        String mark = marker();
        action(svc + "_srv", """
                {"interpreter": "bash", "kind": "process",
                 "script": "echo booting; while [ ! -e %s ]; do sleep 0.05; done; echo 'listening on 8080'; exec -a %s sleep 1000",
                 "health": {"type": "log", "pattern": "listening on \\\\d+"}}""".formatted(go, mark));
        sleeper(svc + "_client", marker(), svc + "_srv");
        service(svc, """
                {"actions": ["%1$s_srv", "%1$s_client"], "wanted": "stop"}""".formatted(svc));
        start(svc);
        Await.until(WAIT, () -> ActionOptionsTest.serviceLines(svc).contains("booting"), "the server started");
        assertEquals("starting", job(svc, svc + "_srv").get("health"));
        assertEquals("pending", job(svc, svc + "_client").get("phase"), "not ready before the line");

        Files.createFile(go);
        awaitState(svc, "running");
        assertEquals("healthy", job(svc, svc + "_srv").get("health"));
        given().when().get("/api/v1/actions/{n}", svc + "_srv").then()
                .body("health.type", equalTo("log")).body("health.pattern", equalTo("listening on \\d+"));
    }

    @Test
    void badChecksAreRefused() {
        String name = name("badcheck");
        given().contentType(ContentType.JSON).body("""
                {"script": "sleep 1", "health": {"type": "log"}}""")
                .when().put("/api/v1/actions/{n}", name).then().statusCode(400)
                .body("errors[0].field", equalTo("health.pattern"));
        given().contentType(ContentType.JSON).body("""
                {"script": "sleep 1", "health": {"type": "log", "pattern": "(unclosed"}}""")
                .when().put("/api/v1/actions/{n}", name).then().statusCode(400)
                .body("errors[0].field", equalTo("health.pattern"))
                .body("errors[0].message", containsString("not a valid regex"));
        given().contentType(ContentType.JSON).body("""
                {"script": "sleep 1", "health": {"type": "tcp", "target": "127.0.0.1:80", "pattern": "x"}}""")
                .when().put("/api/v1/actions/{n}", name).then().statusCode(400)
                .body("errors[0].field", equalTo("health.pattern"));
        given().contentType(ContentType.JSON).body("""
                {"script": "sleep 1", "health": {"type": "tcp", "target": "127.0.0.1:80", "start_timeout": "5ms"}}""")
                .when().put("/api/v1/actions/{n}", name).then().statusCode(400)
                .body("errors[0].field", equalTo("health.start_timeout"));
        given().when().get("/api/v1/actions/{n}", name).then().statusCode(404);
    }
}
