package io.heroproc.supervisor;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A service of several actions is one run of one job per action, started in dependency order. */
@QuarkusTest
class ActionGraphTest extends EngineTestBase {

    @Test
    void heroRunnerIsOneRunWithTwoJobsAndTheUiStartsAfterTheServer() {
        String svc = name("hero_runner");
        String server = svc + "_server";
        String ui = svc + "_ui";
        String serverMark = marker();
        String uiMark = marker();
        sleeper(server, serverMark);
        sleeper(ui, uiMark, server);
        service(svc, """
                {"actions": ["%s", "%s"], "wanted": "stop"}""".formatted(server, ui));

        start(svc);
        awaitRunning(svc, 2);

        List<Map<String, Object>> runs = runs(svc);
        assertEquals(1, runs.size(), "one start gives one run: " + runs);
        Map<String, Object> run = run(num(runs.get(0), "id"));
        assertEquals("running", run.get("status"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) run.get("jobs");
        assertEquals(2, jobs.size(), "one job per action: " + jobs);
        Map<String, Map<String, Object>> byAction = jobs.stream()
                .collect(Collectors.toMap(j -> (String) j.get("action"), Function.identity()));
        Map<String, Object> serverJob = byAction.get(server);
        Map<String, Object> uiJob = byAction.get(ui);
        assertEquals("running", serverJob.get("phase"));
        assertEquals("running", uiJob.get("phase"));
        assertThat("the ui starts only once the server runs", time(uiJob, "started_at"),
                greaterThanOrEqualTo(time(serverJob, "started_at")));

        assertEquals(List.of(num(serverJob, "pid")), Procs.withMarker(serverMark), "the server job's process lives");
        assertEquals(List.of(num(uiJob, "pid")), Procs.withMarker(uiMark), "the ui job's process lives");
        assertThat(pids(svc), containsInAnyOrder(num(serverJob, "pid"), num(uiJob, "pid")));
        assertEquals(List.of(), jobs(svc).stream().filter(j -> num(j, "attempt") != 1).toList(), "no restarts");
    }

    /** build → (after) migrate → (requires) server → (after) healthcheck. */
    private String chain(String svc, String migrateScript, String serverMark) {
        String build = svc + "_build";
        String migrate = svc + "_migrate";
        String server = svc + "_server";
        String health = svc + "_healthcheck";
        shOneshot(build, "sleep 0.2");
        action(migrate, """
                {"interpreter": "sh", "script": %s, "kind": "oneshot",
                 "depends_on": [{"action": "%s", "condition": "after"}]}""".formatted(json(migrateScript), build));
        sleeper(server, serverMark, migrate);
        action(health, """
                {"interpreter": "sh", "script": "true", "kind": "oneshot",
                 "depends_on": [{"action": "%s", "condition": "after"}]}""".formatted(server));
        // listed out of order on purpose: depends_on decides the order, not the list
        service(svc, """
                {"actions": ["%s", "%s", "%s", "%s"], "wanted": "stop", "restart": {"policy": "never"}}"""
                .formatted(health, server, migrate, build));
        return svc;
    }

    @Test
    void fourStepChainRunsInDependencyOrder() {
        String svc = name("chain");
        String serverMark = marker();
        chain(svc, "sleep 0.2", serverMark);

        start(svc);
        Await.until(() -> "running".equals(state(svc)) && jobs(svc, svc + "_healthcheck").stream()
                .anyMatch(j -> "succeeded".equals(j.get("phase"))), svc + " running with its health check done");

        Map<String, Object> build = jobs(svc, svc + "_build").getFirst();
        Map<String, Object> migrate = jobs(svc, svc + "_migrate").getFirst();
        Map<String, Object> server = jobs(svc, svc + "_server").getFirst();
        Map<String, Object> health = jobs(svc, svc + "_healthcheck").getFirst();
        assertEquals(4, jobs(svc).size(), "one job per action, no retries: " + jobs(svc));
        assertEquals("succeeded", build.get("phase"));
        assertEquals("succeeded", migrate.get("phase"));
        assertEquals("running", server.get("phase"));
        assertEquals("succeeded", health.get("phase"));
        assertThat("migrate starts after build ended", time(migrate, "started_at"),
                greaterThanOrEqualTo(time(build, "ended_at")));
        assertThat("server starts after migrate ended", time(server, "started_at"),
                greaterThanOrEqualTo(time(migrate, "ended_at")));
        assertThat("healthcheck starts after server started", time(health, "started_at"),
                greaterThanOrEqualTo(time(server, "started_at")));
        assertEquals(List.of(num(server, "pid")), Procs.withMarker(serverMark));
        assertEquals(List.of(num(server, "pid")), pids(svc));
        assertEquals(1, runs(svc).size());
        assertEquals("running", runs(svc).getFirst().get("status"));
    }

    @Test
    void failingMigrateSkipsServerAndHealthcheckAndTheRunEndsInError() {
        String svc = name("chainfail");
        String serverMark = marker();
        chain(svc, "exit 3", serverMark);
        String migrateName = svc + "_migrate";

        start(svc);
        awaitState(svc, "failed");

        Map<String, Object> migrate = jobs(svc, migrateName).getFirst();
        assertEquals("failed", migrate.get("phase"));
        assertEquals(3, num(migrate, "exit_code"));
        assertEquals(1, jobs(svc, migrateName).size(), "policy never: migrate is not retried");
        for (String skipped : List.of(svc + "_server", svc + "_healthcheck")) {
            Map<String, Object> job = jobs(svc, skipped).getFirst();
            assertEquals("skipped", job.get("phase"), skipped + " must be skipped: " + job);
            assertNull(job.get("pid"), skipped + " never started: " + job);
            assertThat(skipped + "'s reason names the failed migrate", String.valueOf(job.get("reason")),
                    containsString(migrateName));
        }
        Map<String, Object> run = runs(svc).getFirst();
        assertEquals("error", run.get("status"));
        assertFalse(run.get("ended_at") == null, "the run ended");
        assertTrue(Procs.withMarker(serverMark).isEmpty(), "the server never ran");
        assertEquals("failed", state(svc));
    }
}
