package io.heroproc.supervisor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.cli.HeroProcMain;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code replicas: N} starts N jobs of an action, each told its number; scaling is live and spares the rest. */
@QuarkusTest
class ReplicasTest extends EngineTestBase {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TestHTTPResource("/")
    URL url;

    /** Each replica writes its number into its own file in {@code dir}, then sleeps, marked. */
    private static String replica(Path dir, String mark) {
        return "echo $$ > %s/replica-$HERO_PROC_REPLICA; exec -a %s sleep 1000".formatted(dir, mark);
    }

    private static Set<String> replicaFiles(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return new HashSet<>(files.map(p -> p.getFileName().toString()).toList());
        }
    }

    private int cli(ByteArrayOutputStream err, String... args) {
        return HeroProcMain.runClient(args, Map.of("HERO_PROC_URL", "http://127.0.0.1:" + url.getPort()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void replicasStartNumberedAndScaleLiveWithoutRestartingTheOthers() throws Exception {
        Path dir = Files.createTempDirectory("hp-replicas");
        String svc = name("replicas");
        String mark = marker();
        action(svc + "_w", """
                {"interpreter": "bash", "kind": "process", "replicas": 3, "script": %s}"""
                .formatted(json(replica(dir, mark))));
        service(svc, """
                {"actions": ["%s_w"], "wanted": "stop"}""".formatted(svc));
        start(svc);
        awaitRunning(svc, 3);
        Await.until(WAIT, () -> Procs.withMarker(mark).size() == 3, "three marked processes");
        Await.untilCall(WAIT, () -> replicaFiles(dir).equals(Set.of("replica-0", "replica-1", "replica-2")),
                "each replica told its number");
        List<Long> before = pids(svc);

        given().contentType(ContentType.JSON).body("""
                {"action": "%s_w", "replicas": 5}""".formatted(svc))
                .when().put("/api/v1/services/{n}/scale", svc).then().statusCode(200);
        awaitRunning(svc, 5);
        assertTrue(pids(svc).containsAll(before), "the first three were not restarted: " + before + " " + pids(svc));
        Await.untilCall(WAIT, () -> replicaFiles(dir).containsAll(Set.of("replica-3", "replica-4")), "replicas 3 and 4");
        given().when().get("/api/v1/actions/{n}", svc + "_w").then().body("replicas", equalTo(5));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, cli(err, "service", "scale", svc, svc + "_w", "2"), err::toString);
        awaitRunning(svc, 2);
        Await.until(WAIT, () -> Procs.withMarker(mark).size() == 2, "the three highest replicas stopped");
        assertTrue(before.containsAll(pids(svc)), "the two kept are two of the first: " + pids(svc));
        assertEquals("running", state(svc));
        assertEquals(1, runs(svc).size(), "scaling does not start a new run");
        assertEquals(0, restarts(svc));

        assertEquals(0, cli(err, "service", "scale", svc, svc + "_w", "0"), err::toString);
        Await.until(WAIT, () -> Procs.withMarker(mark).isEmpty(), "scaled to zero");
        assertEquals(1, openRuns(svc), "a run scaled to zero stays open, with nothing to run");
        given().when().get("/api/v1/actions/{n}", svc + "_w").then().body("replicas", equalTo(0));
        assertEquals(0, cli(err, "service", "scale", svc, svc + "_w", "1"), err::toString);
        awaitRunning(svc, 1);
    }

    @Test
    void badScalesAreRefusedAndChangeNothing() {
        String svc = name("badscale");
        String mark = marker();
        sleeper(svc + "_a", mark);
        shOneshot(svc + "_o", "true");
        service(svc, """
                {"actions": ["%1$s_o", "%1$s_a"], "wanted": "stop"}""".formatted(svc));
        for (String body : List.of("""
                {"action": "%s_a", "replicas": 1001}""", """
                {"action": "%s_a", "replicas": -1}""", """
                {"action": "%s_a"}""")) {
            given().contentType(ContentType.JSON).body(body.formatted(svc))
                    .when().put("/api/v1/services/{n}/scale", svc).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("replicas"));
        }
        given().contentType(ContentType.JSON).body("""
                {"action": "nope", "replicas": 2}""").when().put("/api/v1/services/{n}/scale", svc).then()
                .statusCode(400).body("errors[0].field", equalTo("action"));
        given().contentType(ContentType.JSON).body("""
                {"action": "%s_o", "replicas": 2}""".formatted(svc)).when().put("/api/v1/services/{n}/scale", svc)
                .then().statusCode(400).body("errors[0].field", equalTo("replicas"));
        given().contentType(ContentType.JSON).body("""
                {"script": "sleep 1", "replicas": 1001}""").when().put("/api/v1/actions/{n}", name("toomany"))
                .then().statusCode(400).body("errors[0].field", equalTo("replicas"));
        given().when().get("/api/v1/actions/{n}", svc + "_a").then().body("replicas", equalTo(1));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, cli(err, "service", "scale", svc, svc + "_a", "many"));
    }
}
