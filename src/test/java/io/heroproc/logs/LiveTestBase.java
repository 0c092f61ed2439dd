package io.heroproc.logs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.oneOf;

import io.heroproc.supervisor.Await;
import io.heroproc.supervisor.Procs;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/**
 * Shared set-up of the tests that run real child processes through the supervisor (logs, health,
 * usage): unique names, REST calls for actions, services, status, jobs and logs, and clean-up.
 * Every service a test declares is stopped after it (dependents first: they were declared last),
 * and every marker it put into a command line is checked for leftover processes.
 */
public abstract class LiveTestBase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    protected static final Set<String> ENDED = Set.of("exited", "failed", "success", "inactive");

    private final List<String> services = new ArrayList<>();
    private final List<String> markers = new ArrayList<>();

    /** A unique valid name: {@code prefix_RUN_N} (prefix: lower case letters, digits, '_'). */
    protected static String name(String prefix) {
        return prefix + "_" + RUN + "_" + COUNTER.incrementAndGet();
    }

    /** A unique marker to put in a command line; checked for leftovers after the test. */
    protected String marker() {
        String m = Procs.marker();
        markers.add(m);
        return m;
    }

    protected static void action(String name, String json) {
        given().contentType(ContentType.JSON).body(json).when().put("/api/v1/actions/{name}", name).then()
                .statusCode(oneOf(200, 201));
    }

    /** A process action running {@code script} under sh. */
    protected static void shProcess(String name, String script) {
        action(name, """
                {"interpreter": "sh", "script": %s, "kind": "process"}""".formatted(json(script)));
    }

    /** A oneshot action running {@code script} under sh. */
    protected static void shOneshot(String name, String script) {
        action(name, """
                {"interpreter": "sh", "script": %s, "kind": "oneshot"}""".formatted(json(script)));
    }

    /** PUTs a service and remembers it for clean-up. */
    protected void service(String name, String json) {
        services.add(name);
        given().contentType(ContentType.JSON).body(json).when().put("/api/v1/services/{name}", name).then()
                .statusCode(oneOf(200, 201));
    }

    /** A service of the given actions that nothing restarts ({@code wanted: stop}, policy never). */
    protected void plainService(String name, String... actions) {
        service(name, """
                {"actions": [%s], "wanted": "stop", "restart": {"policy": "never"}}""".formatted(quoted(actions)));
    }

    protected static ValidatableResponse command(String service, String verb) {
        return given().contentType(ContentType.JSON).when().post("/api/v1/services/{name}/" + verb, service).then();
    }

    protected static ValidatableResponse start(String service) {
        return command(service, "start").statusCode(200);
    }

    protected static ValidatableResponse stop(String service) {
        return command(service, "stop").statusCode(200);
    }

    protected static Map<String, Object> status(String service) {
        return given().when().get("/api/v1/services/{name}/status", service).then().statusCode(200).extract()
                .jsonPath().getMap("");
    }

    protected static String state(String service) {
        return (String) status(service).get("state");
    }

    protected static void awaitState(String service, String state) {
        Await.until(() -> state.equals(state(service)), service + " is " + state);
    }

    /** The jobs of a service, oldest first. */
    protected static List<Map<String, Object>> jobs(String service) {
        List<Map<String, Object>> jobs = new ArrayList<>(given().queryParam("service", service).when()
                .get("/api/v1/jobs").then().statusCode(200).extract().jsonPath().getList(""));
        jobs.sort(Comparator.comparingLong(j -> num(j, "id")));
        return jobs;
    }

    /** The jobs of one action of a service, oldest (attempt 1) first. */
    protected static List<Map<String, Object>> jobs(String service, String action) {
        return jobs(service).stream().filter(j -> action.equals(j.get("action"))).toList();
    }

    protected static Map<String, Object> job(long id) {
        return given().when().get("/api/v1/jobs/{id}", id).then().statusCode(200).extract().jsonPath().getMap("");
    }

    /** Waits until the service has a job of {@code action} with the given attempt, and returns its id. */
    protected static long awaitJob(String service, String action, int attempt) {
        long[] id = new long[1];
        Await.until(() -> {
            for (Map<String, Object> j : jobs(service, action)) {
                if (num(j, "attempt") == attempt) {
                    id[0] = num(j, "id");
                    return true;
                }
            }
            return false;
        }, service + ": job of " + action + " attempt " + attempt);
        return id[0];
    }

    /** Waits until the job is in {@code phase}. */
    protected static Map<String, Object> awaitPhase(long jobId, String phase) {
        Await.until(() -> phase.equals(job(jobId).get("phase")), "job " + jobId + " is " + phase);
        return job(jobId);
    }

    /** One page of a job's log (JSON). */
    protected static List<Map<String, Object>> logs(long jobId, long after, int limit) {
        return given().accept(ContentType.JSON).queryParam("after", after).queryParam("limit", limit).when()
                .get("/api/v1/jobs/{id}/logs", jobId).then().statusCode(200).contentType(ContentType.JSON).extract()
                .jsonPath().getList("");
    }

    /** Every stored line of a job, paging by seq with pages of {@code pageSize}. */
    protected static List<Map<String, Object>> allLogs(long jobId, int pageSize) {
        List<Map<String, Object>> out = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Map<String, Object>> page = logs(jobId, after, pageSize);
            if (page.isEmpty()) {
                return out;
            }
            out.addAll(page);
            after = num(page.getLast(), "seq");
        }
    }

    /** Waits until the job's log holds at least {@code lines} lines and returns them all. */
    protected static List<Map<String, Object>> awaitLines(long jobId, int lines) {
        List<List<Map<String, Object>>> got = new ArrayList<>(List.of(List.of()));
        Await.until(() -> {
            got.set(0, allLogs(jobId, 10_000));
            return got.get(0).size() >= lines;
        }, "job " + jobId + " has " + lines + " log lines");
        return got.get(0);
    }

    protected static long num(Map<String, Object> o, String field) {
        Object v = o.get(field);
        if (v == null) {
            throw new AssertionError(field + " is not set in " + o);
        }
        return ((Number) v).longValue();
    }

    protected static double dbl(Map<String, Object> o, String field) {
        Object v = o.get(field);
        if (v == null) {
            throw new AssertionError(field + " is not set in " + o);
        }
        return ((Number) v).doubleValue();
    }

    protected static Instant time(Map<String, Object> o, String field) {
        Object v = o.get(field);
        if (v == null) {
            throw new AssertionError(field + " is not set in " + o);
        }
        return Instant.parse((String) v);
    }

    protected static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** {@code s} as a JSON string literal. */
    protected static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    protected static String quoted(String... names) {
        return String.join(", ", java.util.Arrays.stream(names).map(n -> "\"" + n + "\"").toList());
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
        services.clear();
        markers.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
