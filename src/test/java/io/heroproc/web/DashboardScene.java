package io.heroproc.web;

import static io.restassured.RestAssured.given;

import io.heroproc.support.Names;
import io.heroproc.supervisor.Await;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a dashboard shows on a working day, made through the API: a service of three actions
 * (a oneshot, a server that requires it, a worker that requires the server and comes after the
 * oneshot), a service in a crash loop, and a service stopped on request after it ran a while.
 * {@link #close()} stops and deletes it all, so no other test sees a crash loop.
 */
final class DashboardScene implements AutoCloseable {

    final String shop = Names.unique("shop");
    final String flaky = Names.unique("flaky");
    final String stopped = Names.unique("stopped");
    private final List<String> services = new java.util.ArrayList<>(List.of(shop, flaky, stopped));

    /** RestAssured's port is the application's only while a test runs; {@link #close()} runs after. */
    private final String base;

    DashboardScene(String base) {
        this.base = base;
        put("actions", shop + "-init", Map.of("interpreter", "bash", "kind", "oneshot",
                "script", lines("echo creating schema", "sleep 0.2", "echo schema ready")));
        put("actions", shop + "-server", Map.of("interpreter", "bash",
                "script", lines("echo serving", "while :; do sleep 1; done"),
                "depends_on", List.of(Map.of("action", shop + "-init", "condition", "requires"))));
        put("actions", shop + "-worker", Map.of("interpreter", "bash",
                "script", lines("n=0", "while :; do", "  n=$((n+1))", "  echo \"tick $n\"",
                        "  head -c 200000 /dev/urandom | sha256sum >/dev/null", "  sleep 0.5", "done"),
                "depends_on", List.of(Map.of("action", shop + "-server", "condition", "requires"),
                        Map.of("action", shop + "-init", "condition", "after"))));
        put("services", shop, Map.of("actions", List.of(shop + "-init", shop + "-server", shop + "-worker")));
        put("actions", flaky + "-try", Map.of("interpreter", "sh",
                "script", lines("echo trying", "sleep 0.3", "echo refused >&2", "exit 3")));
        put("services", flaky, Map.of("actions", List.of(flaky + "-try"), "restart", Map.of("policy", "always",
                "backoff", Map.of("initial", "300ms", "factor", 2, "max", "3s", "jitter", 0))));
        quick(stopped);

        awaitState(shop, "running");
        // Two usage samples of the stopped service's job, so its page has a history to draw.
        long stoppedJob = job(stopped, stopped + "_action");
        Await.until(Duration.ofSeconds(30), () -> api().get("/api/v1/jobs/{id}/usage", stoppedJob).then().extract()
                .jsonPath().getList("$").size() >= 2, stopped + " sampled twice");
        api().contentType(ContentType.JSON).post("/api/v1/services/{n}/stop", stopped).then().statusCode(200);
        awaitState(stopped, "exited");
        Await.until(Duration.ofSeconds(30), () -> api().get("/api/v1/services/{n}/status", flaky).then().extract()
                .<Integer>path("restarts") >= 3, flaky + " restarted 3 times");
    }

    private io.restassured.specification.RequestSpecification api() {
        return given().baseUri(base).port(java.net.URI.create(base).getPort());
    }

    private void put(String kind, String name, Map<String, Object> body) {
        api().contentType(ContentType.JSON).body(body).put("/api/v1/" + kind + "/{n}", name).then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    private static String lines(String... lines) {
        return String.join("\n", lines);
    }

    /** A quick service echoing "up" and then idling, started; removed with the scene. */
    private void quick(String name) {
        api().contentType(ContentType.JSON).body(Map.of("name", name, "interpreter", "bash", "command",
                "echo up; while :; do sleep 1; done")).post("/api/v1/quick-services").then().statusCode(201);
    }

    /** Another such service for one test, already running. */
    synchronized String running(String prefix) {
        String name = Names.unique(prefix);
        services.add(name);
        quick(name);
        awaitState(name, "running");
        return name;
    }

    String state(String service) {
        return api().get("/api/v1/services/{n}/status", service).then().extract().path("state");
    }

    void awaitState(String service, String state) {
        Await.until(Duration.ofSeconds(30), () -> state.equals(api().get("/api/v1/services/{n}/status", service)
                .then().extract().path("state")), service + " " + state);
    }

    /** The id of the latest job of {@code action} in the service's latest run. */
    long job(String service, String action) {
        List<Map<String, Object>> jobs = api().queryParam("service", service).get("/api/v1/jobs").then()
                .statusCode(200).extract().path("$");
        return jobs.stream().filter(j -> action.equals(j.get("action"))).mapToLong(j -> ((Number) j.get("id"))
                .longValue()).max().orElseThrow(() -> new AssertionError("no job of " + action + ": " + jobs));
    }

    /** The latest run of the service. */
    long run(String service) {
        return ((Number) api().get("/api/v1/services/{n}/status", service).then().extract().path("run_id"))
                .longValue();
    }

    @Override
    public void close() {
        for (String s : List.copyOf(services)) {
            api().contentType(ContentType.JSON).body(Map.of("wanted", "stop")).put("/api/v1/services/{n}/wanted", s);
            api().contentType(ContentType.JSON).post("/api/v1/services/{n}/kill", s);
        }
        for (String s : services) {
            Await.until(Duration.ofSeconds(30), () -> api().contentType(ContentType.JSON)
                    .delete("/api/v1/services/{n}", s).statusCode() / 100 == 2, "delete " + s);
        }
        // Dependents first: an action others depend on cannot be deleted.
        for (String a : List.of(shop + "-worker", shop + "-server", shop + "-init", flaky + "-try")) {
            api().delete("/api/v1/actions/{n}", a).then().statusCode(204);
        }
    }
}
