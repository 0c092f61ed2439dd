package io.heroproc.supervisor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.oneOf;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/**
 * Shared set-up of the engine tests: unique names, REST calls for actions, services, status, runs
 * and jobs, and clean-up. Every service a test declares is stopped after the test (dependents
 * first, since they were declared last), and every marker it used is checked for leftovers.
 */
abstract class EngineTestBase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    static final Set<String> ENDED = Set.of("exited", "failed", "success", "inactive");

    private final List<String> services = new ArrayList<>();
    private final List<String> markers = new ArrayList<>();

    /** A unique valid name: {@code prefix_RUN_N} (prefix: lower case letters, digits, '_'). */
    static String name(String prefix) {
        return prefix + "_" + RUN + "_" + COUNTER.incrementAndGet();
    }

    /** A unique marker to put in a command line; checked for leftovers after the test. */
    String marker() {
        String m = Procs.marker();
        markers.add(m);
        return m;
    }

    /**
     * A process action running {@code sleep 1000} as {@code argv[0] = marker} (bash's
     * {@code exec -a}): exactly one process carries the marker at any time, with the job's pid
     * (a shell running {@code sleep} as a child would briefly show its marker twice while forking).
     * {@code requires}: actions of the same service it depends on with condition {@code requires}.
     */
    static void sleeper(String name, String marker, String... requires) {
        String deps = String.join(", ", java.util.Arrays.stream(requires)
                .map(r -> "{\"action\": \"" + r + "\", \"condition\": \"requires\"}").toList());
        action(name, """
                {"interpreter": "bash", "script": "exec -a %s sleep 1000", "kind": "process", "depends_on": [%s]}"""
                .formatted(marker, deps));
    }

    static void action(String name, String json) {
        given().contentType(ContentType.JSON).body(json).when().put("/api/v1/actions/{name}", name).then()
                .statusCode(oneOf(200, 201));
    }

    /** A process action running {@code script} under sh. */
    static void shProcess(String name, String script) {
        action(name, """
                {"interpreter": "sh", "script": %s, "kind": "process"}""".formatted(json(script)));
    }

    /** A oneshot action running {@code script} under sh. */
    static void shOneshot(String name, String script) {
        action(name, """
                {"interpreter": "sh", "script": %s, "kind": "oneshot"}""".formatted(json(script)));
    }

    /** PUTs a service and remembers it for clean-up. */
    void service(String name, String json) {
        services.add(name);
        given().contentType(ContentType.JSON).body(json).when().put("/api/v1/services/{name}", name).then()
                .statusCode(oneOf(200, 201));
    }

    static ValidatableResponse command(String service, String verb) {
        return given().contentType(ContentType.JSON).when().post("/api/v1/services/{name}/" + verb, service).then();
    }

    static ValidatableResponse start(String service) {
        return command(service, "start").statusCode(200);
    }

    static ValidatableResponse stop(String service) {
        return command(service, "stop").statusCode(200);
    }

    static void wanted(String service, String wanted) {
        given().contentType(ContentType.JSON).body("{\"wanted\": \"" + wanted + "\"}").when()
                .put("/api/v1/services/{name}/wanted", service).then().statusCode(200);
    }

    static Map<String, Object> status(String service) {
        return given().when().get("/api/v1/services/{name}/status", service).then().statusCode(200).extract()
                .jsonPath().getMap("");
    }

    static String state(String service) {
        return (String) status(service).get("state");
    }

    static String reason(String service) {
        return String.valueOf(status(service).get("reason"));
    }

    @SuppressWarnings("unchecked")
    static List<Long> pids(String service) {
        return ((List<Number>) status(service).get("pids")).stream().map(Number::longValue).toList();
    }

    static int restarts(String service) {
        return ((Number) status(service).get("restarts")).intValue();
    }

    /** The jobs of a service, oldest first. */
    static List<Map<String, Object>> jobs(String service) {
        List<Map<String, Object>> jobs = new ArrayList<>(given().queryParam("service", service).when()
                .get("/api/v1/jobs").then().statusCode(200).extract().jsonPath().getList(""));
        jobs.sort(Comparator.comparingLong(j -> num(j, "id")));
        return jobs;
    }

    /** The jobs of one action of a service, oldest (attempt 1) first. */
    static List<Map<String, Object>> jobs(String service, String action) {
        return jobs(service).stream().filter(j -> action.equals(j.get("action"))).toList();
    }

    /** The runs of a service, oldest first. */
    static List<Map<String, Object>> runs(String service) {
        List<Map<String, Object>> runs = new ArrayList<>(given().queryParam("service", service).when()
                .get("/api/v1/runs").then().statusCode(200).extract().jsonPath().getList(""));
        runs.sort(Comparator.comparingLong(r -> num(r, "id")));
        return runs;
    }

    /** One run with its jobs. */
    static Map<String, Object> run(long id) {
        return given().when().get("/api/v1/runs/{id}", id).then().statusCode(200).extract().jsonPath().getMap("");
    }

    static long openRuns(String service) {
        return runs(service).stream().filter(r -> r.get("ended_at") == null).count();
    }

    static long num(Map<String, Object> o, String field) {
        return ((Number) o.get(field)).longValue();
    }

    static Instant time(Map<String, Object> o, String field) {
        Object v = o.get(field);
        if (v == null) {
            throw new AssertionError(field + " is not set in " + o);
        }
        return Instant.parse((String) v);
    }

    static long millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    static void awaitState(String service, String state) {
        Await.until(() -> state.equals(state(service)), service + " is " + state);
    }

    /** Waits until the service is running with exactly {@code processes} pids, all of them live. */
    static void awaitRunning(String service, int processes) {
        Await.until(() -> "running".equals(state(service)) && pids(service).size() == processes,
                service + " running with " + processes + " pid(s)");
    }

    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @AfterEach
    void stopServicesAndCheckForLeftovers() {
        AssertionError failure = null;
        for (String service : services.reversed()) {
            try {
                stop(service);
            } catch (RuntimeException | AssertionError e) {
                failure = failure == null ? new AssertionError("clean-up failed") : failure;
                failure.addSuppressed(e);
            }
        }
        for (String service : services.reversed()) {
            try {
                Await.until(() -> ENDED.contains(state(service)), service + " ended after the test stopped it");
            } catch (AssertionError e) {
                failure = failure == null ? new AssertionError("clean-up failed") : failure;
                failure.addSuppressed(e);
            }
        }
        for (String marker : markers) {
            try {
                Await.until(() -> Procs.withMarker(marker).isEmpty(), "no process left with marker " + marker);
            } catch (AssertionError e) {
                Procs.killAll(marker);
                failure = failure == null ? new AssertionError("clean-up failed") : failure;
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
