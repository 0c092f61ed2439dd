package io.heroproc.manifest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.supervisor.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code examples/}, applied through the API and run for real. Their fixed ports
 * are swapped for free ones, so that a second build on the same machine cannot collide.
 */
@QuarkusTest
class ExamplesTest {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Set<String> ENDED = Set.of("exited", "failed", "success", "inactive");
    private final List<String> started = new ArrayList<>();

    @AfterEach
    void stopWhatWasStarted() {
        for (String service : started.reversed()) {
            given().contentType(ContentType.JSON).post("/api/v1/services/{name}/stop", service).then().statusCode(200);
            Await.until(START, () -> ENDED.contains(state(service)), service + " stopped");
        }
    }

    static String example(String file) throws IOException {
        return Files.readString(Path.of("examples", file));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static io.restassured.response.ValidatableResponse apply(String yaml) {
        return given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).when().post("/api/v1/manifests").then()
                .statusCode(200).contentType(ContentType.JSON);
    }

    static Map<String, Object> status(String service) {
        return given().get("/api/v1/services/{name}/status", service).then().statusCode(200).extract().jsonPath()
                .getMap("");
    }

    static String state(String service) {
        return String.valueOf(status(service).get("state"));
    }

    static List<?> pids(String service) {
        return (List<?>) status(service).get("pids");
    }

    static List<Map<String, Object>> runs(String service) {
        return given().queryParam("service", service).get("/api/v1/runs").then().statusCode(200).extract()
                .jsonPath().getList("");
    }

    static List<Map<String, Object>> jobs(String service) {
        List<Map<String, Object>> jobs = new ArrayList<>(given().queryParam("service", service).get("/api/v1/jobs")
                .then().statusCode(200).extract().jsonPath().getList(""));
        jobs.sort(Comparator.comparingLong(j -> ((Number) j.get("id")).longValue()));
        return jobs;
    }

    static Map<String, Object> job(List<Map<String, Object>> jobs, String action) {
        return jobs.stream().filter(j -> action.equals(j.get("action"))).findFirst()
                .orElseThrow(() -> new AssertionError("no job of " + action + " in " + jobs));
    }

    static String get(int port) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    static String logs(String service) {
        return given().get("/api/v1/services/{name}/logs", service).then().statusCode(200).extract().asString();
    }

    @Test
    void heroRunnerRunsAsOneServiceOneRunTwoJobs() throws Exception {
        int port = freePort();
        String yaml = example("hero_runner.yaml").replace("18631", Integer.toString(port));
        apply(yaml).body("created.services", equalTo(List.of("hero_runner")))
                .body("created.actions", equalTo(List.of("hero_runner_server", "hero_runner_ui")));
        started.add("hero_runner");

        Await.until(START, () -> "running".equals(state("hero_runner")) && pids("hero_runner").size() == 2,
                "hero_runner running with its 2 jobs");
        List<Map<String, Object>> runs = runs("hero_runner");
        assertEquals(1, runs.size(), () -> "one run: " + runs);
        List<Map<String, Object>> jobs = jobs("hero_runner");
        assertEquals(2, jobs.size(), () -> "two jobs: " + jobs);
        Map<String, Object> server = job(jobs, "hero_runner_server");
        Map<String, Object> ui = job(jobs, "hero_runner_ui");
        assertEquals(runs.getFirst().get("id"), server.get("run_id"));
        assertEquals(runs.getFirst().get("id"), ui.get("run_id"));
        assertEquals("running", server.get("phase"));
        assertEquals("running", ui.get("phase"));
        Instant serverStart = Instant.parse((String) server.get("started_at"));
        Instant uiStart = Instant.parse((String) ui.get("started_at"));
        assertFalse(uiStart.isBefore(serverStart), "the UI started after the server: " + jobs);
        assertTrue(((Number) ui.get("id")).longValue() > ((Number) server.get("id")).longValue(), jobs::toString);
        assertTrue(get(port).contains("hero_runner is up"));
        Await.until(START, () -> logs("hero_runner").contains("ui: server answered 200"), "the UI reached the server");

        // Applying it again changes nothing and starts nothing new.
        apply(yaml).body("unchanged.services", equalTo(List.of("hero_runner")))
                .body("unchanged.actions", equalTo(List.of("hero_runner_server", "hero_runner_ui")));
        assertEquals(1, runs("hero_runner").size());
        assertEquals(2, jobs("hero_runner").size());
    }

    @Test
    void buildThenRunBuildsFirstThenServes() throws Exception {
        int port = freePort();
        String yaml = example("build_then_run.yaml").replace("18632", Integer.toString(port));
        apply(yaml).body("created.services", equalTo(List.of("site")));
        started.add("site");

        Await.until(START, () -> "running".equals(state("site")) && pids("site").size() == 1, "site serving");
        List<Map<String, Object>> jobs = jobs("site");
        assertEquals(2, jobs.size(), jobs::toString);
        Map<String, Object> build = job(jobs, "site_build");
        assertEquals("succeeded", build.get("phase"), jobs::toString);
        assertEquals(0, ((Number) build.get("exit_code")).intValue());
        Instant built = Instant.parse((String) build.get("ended_at"));
        Instant served = Instant.parse((String) job(jobs, "site_serve").get("started_at"));
        assertFalse(served.isBefore(built), "the server started after the build ended: " + jobs);
        Await.untilCall(START, () -> get(port).contains("built at"), "the built page is served");
    }

    @Test
    void theDefaultDemoRuns() throws Exception {
        apply(example("default.yaml")).body("created.services", equalTo(List.of("heartbeat", "hello")));
        started.add("heartbeat");
        Await.until(START, () -> "success".equals(state("hello")), "hello ran once and succeeded");
        assertTrue(logs("hello").contains("hello from hero-proc"), logs("hello"));
        Await.until(START, () -> logs("heartbeat").contains("heartbeat 1 at"), "a heartbeat line");
        assertEquals("running", state("heartbeat"));
    }

    @Test
    void everyExampleManifestIsValid() throws IOException {
        try (var files = Files.list(Path.of("examples"))) {
            List<Path> manifests = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(manifests.size() >= 3, manifests::toString);
            for (Path f : manifests) {
                given().contentType("application/yaml").body(Files.readAllBytes(f)).queryParam("dry_run", true)
                        .when().post("/api/v1/manifests").then().statusCode(200);
            }
        }
    }
}
