package io.heroproc.events;

import static io.heroproc.support.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.logs.SseReader;
import io.heroproc.supervisor.Await;
import io.heroproc.supervisor.Procs;
import io.heroproc.support.Names;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every change and every exit is an event, with its cause and who did it; and it can be followed live. */
@QuarkusTest
class EventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static List<Map<String, Object>> events(String service) {
        return given().queryParam("service", service).queryParam("limit", 1000).when().get("/api/v1/events").then()
                .statusCode(200).extract().jsonPath().getList("");
    }

    private static List<String> types(String service) {
        return events(service).reversed().stream().map(e -> (String) e.get("type")).toList();
    }

    private static Map<String, Object> first(String service, String type) {
        return events(service).reversed().stream().filter(e -> type.equals(e.get("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " event for " + service + ": " + types(service)));
    }

    private static void awaitType(String service, String type) {
        Await.until(WAIT, () -> types(service).contains(type), type + " recorded for " + service);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + path);
    }

    @Test
    void eachChangeAndExitIsRecordedWithItsCauseAndWhoDidIt() {
        String svc = Names.unique("ev");
        String act = svc + "_a";
        String mark = Procs.marker();
        given().contentType(ContentType.JSON).header("User-Agent", "hero-proc-cli/test")
                .body("{\"interpreter\": \"bash\", \"script\": \"exec -a " + mark + " sleep 1000\", "
                        + "\"env\": {\"API_KEY\": \"first-secret-value\"}}").when().put("/api/v1/actions/{n}", act)
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"interpreter\": \"bash\", \"script\": \"exec -a " + mark
                + " sleep 2000\", \"env\": {\"API_KEY\": \"second-secret-value\"}}").when()
                .put("/api/v1/actions/{n}", act).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"actions\": [\"" + act + "\"], \"wanted\": \"stop\", "
                + "\"restart\": {\"policy\": \"always\", \"max_restarts\": 1, \"backoff\": {\"initial\": \"100ms\"}}}")
                .when().put("/api/v1/services/{n}", svc).then().statusCode(201);

        List<Map<String, Object>> catalog = given().queryParam("type", "action.created,action.changed").queryParam(
                "limit", 1000).when().get("/api/v1/events").then().statusCode(200).extract().jsonPath().getList("");
        Map<String, Object> created = catalog.stream().filter(e -> act.equals(e.get("action"))
                && "action.created".equals(e.get("type"))).findFirst().orElseThrow();
        assertEquals("cli", created.get("source"), "the CLI's User-Agent names the source: " + created);
        assertTrue(String.valueOf(created.get("caller")).startsWith("loopback"), created.toString());
        Map<String, Object> changed = catalog.stream().filter(e -> act.equals(e.get("action"))
                && "action.changed".equals(e.get("type"))).findFirst().orElseThrow();
        assertEquals("api", changed.get("source"));
        @SuppressWarnings("unchecked")
        Map<String, Object> diff = (Map<String, Object>) ((Map<String, Object>) changed.get("data")).get("diff");
        assertEquals(Map.of("from", "exec -a " + mark + " sleep 1000", "to", "exec -a " + mark + " sleep 2000"),
                diff.get("script"));
        assertEquals(Map.of("added", List.of(), "removed", List.of(), "changed", List.of("API_KEY")), diff.get("env"));
        assertFalse(changed.toString().contains("secret-value"), "environment values never reach events: " + changed);

        given().contentType(ContentType.JSON).when().post("/api/v1/services/{n}/start", svc).then().statusCode(200);
        awaitType(svc, "job.started");
        Map<String, Object> wanted = first(svc, "service.wanted");
        assertEquals(Map.of("from", "stop", "to", "start"), wanted.get("data"));
        assertEquals("run.started", first(svc, "run.started").get("type"));
        assertEquals("api", first(svc, "run.started").get("source"), "the run was started by the API call");
        Await.until(WAIT, () -> events(svc).stream().anyMatch(e -> "service.state".equals(e.get("type"))
                && "running".equals(((Map<?, ?>) e.get("data")).get("state"))), "state running recorded");

        for (int crash = 1; crash <= 2; crash++) {
            int n = crash;
            Await.until(WAIT, () -> Procs.withMarker(mark).size() == 1, "a process to kill");
            ProcessHandle.of(Procs.withMarker(mark).getFirst()).ifPresent(ProcessHandle::destroyForcibly);
            Await.until(WAIT, () -> events(svc).stream().filter(e -> "job.exited".equals(e.get("type"))).count() >= n,
                    "crash " + n + " recorded");
        }
        awaitType(svc, "run.ended");
        List<String> types = types(svc);
        for (String t : List.of("service.created", "service.wanted", "run.started", "job.started", "job.exited",
                "job.restarting", "service.gave-up", "run.ended", "service.state")) {
            assertTrue(types.contains(t), t + " in " + types);
        }
        Map<String, Object> exited = first(svc, "job.exited");
        assertEquals(9, ((Map<?, ?>) exited.get("data")).get("signal"), exited.toString());
        assertEquals("supervisor", first(svc, "job.restarting").get("source"), "a restart is the supervisor's doing");
        assertTrue(String.valueOf(first(svc, "service.gave-up").get("message")).contains("gave up"));

        given().when().delete("/api/v1/services/{n}", svc).then().statusCode(204);
        given().when().delete("/api/v1/actions/{n}", act).then().statusCode(204);
        awaitType(svc, "service.deleted");
        assertTrue(given().queryParam("type", "action.deleted").when().get("/api/v1/events").then().extract()
                .jsonPath().getList("action").contains(act));
    }

    @Test
    void healthChangesAndManifestsAreEventsToo() {
        String svc = Names.unique("evh");
        given().contentType("application/yaml").body(("""
                actions:
                  %1$s_a: {interpreter: exec, script: "sleep 1000", health: {type: exec, target: "true", interval: 200ms}}
                services:
                  %1$s: {actions: [%1$s_a], wanted: start}
                """.formatted(svc)).getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/v1/manifests")
                .then().statusCode(200);
        Await.until(WAIT, () -> events(svc).stream().anyMatch(e -> "job.health".equals(e.get("type"))
                && Map.of("health", "healthy").equals(e.get("data"))), "the check passing is recorded");
        assertEquals(Map.of("health", "starting"), first(svc, "job.health").get("data"), "from starting");
        List<Map<String, Object>> applied = given().queryParam("type", "manifest.applied").when().get("/api/v1/events")
                .then().extract().jsonPath().getList("");
        assertTrue(applied.stream().anyMatch(e -> e.toString().contains(svc)), "the manifest event lists " + svc);
        given().contentType(ContentType.JSON).when().post("/api/v1/services/{n}/stop", svc).then().statusCode(200);
        assertTrue(given().queryParam("type", "hero-proc.started").when().get("/api/v1/events").then().extract()
                .jsonPath().getList("").size() >= 1, "hero-proc's own start is an event");
    }

    @Test
    void badFiltersAreRefusedNamingTheField() {
        problem(given().queryParam("type", "job.exploded").when().get("/api/v1/events").then(), 400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("type"))
                .body("detail", containsString("job.exploded"));
        problem(given().queryParam("since", "yesterday").when().get("/api/v1/events").then(), 400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("since"));
        problem(given().queryParam("after", "-1").when().get("/api/v1/events").then(), 400);
        problem(given().queryParam("limit", "0").when().get("/api/v1/events").then(), 400);
    }

    /**
     * The live stream, cut in the middle and resumed with Last-Event-ID, delivers every event
     * exactly once and in order: what the two connections got is what the list call shows.
     */
    @Test
    void aResumedStreamNeitherSkipsNorRepeats() throws Exception {
        long start = given().queryParam("limit", 1).when().get("/api/v1/events").then().extract().jsonPath()
                .getLong("[0].id");
        String svc = Names.unique("evs");
        Thread writer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 30; i++) {
                given().contentType(ContentType.JSON).body("{\"name\": \"" + svc + i + "\", \"command\": \"true\", "
                        + "\"start\": false}").when().post("/api/v1/quick-services").then().statusCode(201);
            }
        });
        SseReader.Result first = SseReader.read(uri("/api/v1/events?after=" + start), Map.of(),
                ev -> ev.stream().filter(e -> e.name() == null).count() >= 25, WAIT);
        long lastSeen = Long.parseLong(first.events().getLast().id());
        writer.join(WAIT);
        long newest = given().queryParam("limit", 1).when().get("/api/v1/events").then().extract().jsonPath()
                .getLong("[0].id");
        SseReader.Result second = SseReader.read(uri("/api/v1/events"), Map.of("Last-Event-ID", Long.toString(
                lastSeen)), ev -> !ev.isEmpty() && Long.parseLong(ev.getLast().id()) >= newest, WAIT);

        List<Long> ids = new ArrayList<>();
        for (SseReader.Result r : List.of(first, second)) {
            for (SseReader.Event e : r.events()) {
                JsonNode data = JSON.readTree(e.data());
                assertEquals(e.id(), data.path("id").asText(), "the event id is the event's id");
                ids.add(Long.parseLong(e.id()));
            }
        }
        Set<Long> distinct = new TreeSet<>(ids);
        assertEquals(ids.size(), distinct.size(), "no event twice: " + ids);
        assertEquals(new ArrayList<>(distinct), ids, "in order");
        List<Long> listed = given().queryParam("after", start).queryParam("limit", 10_000).when()
                .get("/api/v1/events").then().extract().jsonPath().getList("id", Long.class).stream()
                .filter(id -> id <= newest).sorted().collect(Collectors.toList());
        assertEquals(listed, ids, "the two connections together got every event, none skipped");
        assertNotNull(writer);
    }
}
