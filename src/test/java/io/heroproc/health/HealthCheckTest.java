package io.heroproc.health;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.logs.LiveTestBase;
import io.heroproc.supervisor.Await;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Health checks gate readiness: a process job with a check is ready only once healthy, its
 * {@code requires} dependents wait for that, and {@code retries} failures in a row make it
 * unhealthy, which stops it and lets the restart policy start a new attempt.
 */
@QuarkusTest
class HealthCheckTest extends LiveTestBase {

    /** Python listening on {@code port} after sleeping {@code delay} seconds; prints "listening" once it does. */
    private static String lateServer(int port, int delay, String marker) {
        return """
                import time, socket, sys
                time.sleep(%d)
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('127.0.0.1', %d))
                s.listen()
                print('listening', flush=True)
                time.sleep(1000)
                # %s
                """.formatted(delay, port, marker);
    }

    /** Python's static file server on {@code port}, serving /tmp. */
    private static String httpServer(int port, String marker) {
        return """
                import functools, http.server
                handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory='/tmp')
                http.server.ThreadingHTTPServer(('127.0.0.1', %d), handler).serve_forever()
                # %s
                """.formatted(port, marker);
    }

    @Test
    void tcpCheckGatesARequiresDependentUntilThePortOpens() {
        int port = freePort();
        String svc = name("htcp");
        String server = svc + "_server";
        String client = svc + "_client";
        action(server, """
                {"interpreter": "python3", "script": %s, "kind": "process",
                 "health": {"type": "tcp", "target": "127.0.0.1:%d", "interval": "200ms", "timeout": "1s",
                            "retries": 100, "start_period": "5s"}}""".formatted(json(lateServer(port, 2, marker())), port));
        action(client, """
                {"interpreter": "bash", "script": "exec -a %s sleep 1000", "kind": "process",
                 "depends_on": [{"action": "%s", "condition": "requires"}]}""".formatted(marker(), server));
        plainService(svc, server, client);

        start(svc);
        long serverJob = awaitJob(svc, server, 1);
        long clientJob = awaitJob(svc, client, 1);
        awaitPhase(serverJob, "running");
        Map<String, Object> early = job(serverJob);
        Map<String, Object> earlyClient = job(clientJob);
        Map<String, Object> earlyStatus = status(svc);
        // Until the port is open (≥ 2 s after the start), the server is not ready and the client waits.
        if (Duration.between(time(early, "started_at"), Instant.now()).toMillis() < 1500) {
            assertEquals(false, early.get("ready"), "not ready before healthy: " + early);
            assertEquals("starting", early.get("health"), "health while the check has not passed: " + early);
            assertEquals("pending", earlyClient.get("phase"), "the dependent waits for readiness: " + earlyClient);
            assertEquals("starting", earlyStatus.get("health"), "service health while starting: " + earlyStatus);
        }

        Await.until(() -> "running".equals(job(clientJob).get("phase")), "the dependent starts once the server is healthy");
        Map<String, Object> srv = job(serverJob);
        Map<String, Object> cli = job(clientJob);
        assertEquals("healthy", srv.get("health"), "server health: " + srv);
        assertEquals(true, srv.get("ready"), "server ready: " + srv);

        List<Map<String, Object>> lines = awaitLines(serverJob, 1);
        Map<String, Object> listening = lines.stream().filter(l -> "listening".equals(l.get("line"))).findFirst()
                .orElseThrow(() -> new AssertionError("the server said it listens: " + lines));
        Instant portOpen = time(listening, "ts");
        Instant serverStarted = time(srv, "started_at");
        Instant clientStarted = time(cli, "started_at");
        assertTrue(!clientStarted.isBefore(portOpen.minusMillis(50)),
                "the dependent started (" + clientStarted + ") only after the port opened (" + portOpen + ")");
        assertTrue(Duration.between(serverStarted, clientStarted).toMillis() >= 1900,
                "the dependent started ≥ 2 s after the server: server " + serverStarted + ", client " + clientStarted);

        Await.until(() -> "running".equals(state(svc)) && "healthy".equals(status(svc).get("health")),
                svc + " running and healthy");
    }

    @Test
    void httpCheckAgainstALocalServerBecomesHealthy() {
        int port = freePort();
        String svc = name("hhttp");
        String web = svc + "_web";
        action(web, """
                {"interpreter": "python3", "script": %s, "kind": "process",
                 "health": {"type": "http", "target": "http://127.0.0.1:%d/", "interval": "200ms", "timeout": "2s",
                            "retries": 50, "start_period": "10s"}}""".formatted(json(httpServer(port, marker())), port));
        plainService(svc, web);

        start(svc);
        long job = awaitJob(svc, web, 1);
        Await.until(() -> "healthy".equals(job(job).get("health")), "the http check passes");
        Map<String, Object> j = job(job);
        assertEquals(true, j.get("ready"), "healthy means ready: " + j);
        assertEquals("running", j.get("phase"));
        Await.until(() -> "healthy".equals(status(svc).get("health")) && "running".equals(state(svc)),
                svc + " running and healthy");
    }

    @Test
    void httpCheckOfAnErrorStatusNeverBecomesHealthy() {
        int port = freePort();
        String svc = name("hhttp404");
        String web = svc + "_web";
        action(web, """
                {"interpreter": "python3", "script": %s, "kind": "process",
                 "health": {"type": "http", "target": "http://127.0.0.1:%d/no-such-file-%s", "interval": "200ms",
                            "timeout": "2s", "retries": 2, "start_period": "3s", "start_timeout": "1s"}}"""
                .formatted(json(httpServer(port, marker())), port, name("x")));
        service(svc, """
                {"actions": ["%s"], "wanted": "stop", "restart": {"policy": "never"}}""".formatted(web));

        start(svc);
        long job = awaitJob(svc, web, 1);
        // Connection refusals while python starts fall in the start period; then 404s count.
        Await.until(() -> "failed".equals(job(job).get("phase")), "a 404 makes the job unhealthy and failed");
        Map<String, Object> j = job(job);
        assertEquals("unhealthy", j.get("health"), "health column: " + j);
        assertThat((String) j.get("reason"), containsString("unhealthy"));
        assertThat((String) j.get("reason"), containsString("404"));
    }

    @Test
    void failingExecCheckMarksTheJobUnhealthyAndRestartsIt() {
        String svc = name("hexec");
        String act = svc + "_sleeper";
        action(act, """
                {"interpreter": "bash", "script": "exec -a %s sleep 1000", "kind": "process",
                 "stop": {"signal": "TERM", "grace": "2s"},
                 "health": {"type": "exec", "target": "false", "interval": "200ms", "timeout": "2s", "retries": 3,
                            "start_timeout": "1s"}}"""
                .formatted(marker()));
        service(svc, """
                {"actions": ["%s"], "wanted": "stop",
                 "restart": {"policy": "always", "backoff": {"initial": "200ms", "factor": 2, "max": "5s", "jitter": 0},
                             "reset_after": "1m"}}""".formatted(act));

        start(svc);
        long first = awaitJob(svc, act, 1);
        long second = awaitJob(svc, act, 2);
        Map<String, Object> failed = awaitPhase(first, "failed");
        assertThat("reason of the unhealthy attempt: " + failed, (String) failed.get("reason"),
                containsString("unhealthy"));
        // It never passed: it is not ready, not failed, until its start timeout says it never will be.
        assertThat((String) failed.get("reason"), containsString("not ready within its start_timeout of 1s (last exec check"));
        assertEquals("unhealthy", failed.get("health"), "the ended attempt keeps its health: " + failed);
        assertEquals(false, failed.get("ready"));
        assertEquals(15, num(failed, "signal"), "stopped with its stop signal (TERM): " + failed);
        assertNull(failed.get("exit_code"));
        assertEquals(num(failed, "run_id"), num(job(second), "run_id"), "the restart is in the same run");
        Await.until(() -> ((Number) status(svc).get("restarts")).intValue() >= 1, "the status counts the restart");
        assertTrue(time(failed, "ended_at").isAfter(time(failed, "started_at").plusMillis(3 * 200 - 50)),
                "three failed probes 200 ms apart take at least ~600 ms: " + failed);
    }

    @Test
    void anUnhealthyJobShowsInTheServiceStatusUntilItIsGone() {
        // The process ignores SIGTERM, so after the check fails it stays up (unhealthy) for the
        // grace period before SIGKILL: long enough to see the aggregate health.
        String svc = name("hunhealthy");
        String act = svc + "_stubborn";
        action(act, """
                {"interpreter": "bash", "script": "trap '' TERM; exec -a %s sleep 1000", "kind": "process",
                 "stop": {"signal": "TERM", "grace": "6s"},
                 "health": {"type": "exec", "target": "sh -c 'exit 7'", "interval": "200ms", "timeout": "2s",
                            "retries": 2, "start_timeout": "1s"}}""".formatted(marker()));
        service(svc, """
                {"actions": ["%s"], "wanted": "stop", "restart": {"policy": "never"}}""".formatted(act));

        start(svc);
        long job = awaitJob(svc, act, 1);
        Await.until(() -> "unhealthy".equals(status(svc).get("health")), "service health unhealthy");
        Map<String, Object> j = job(job);
        assertEquals("running", j.get("phase"), "still running during the grace: " + j);
        assertEquals("unhealthy", j.get("health"));
        Map<String, Object> ended = awaitPhase(job, "failed");
        assertEquals(9, num(ended, "signal"), "killed after the grace: " + ended);
        assertThat((String) ended.get("reason"), containsString("unhealthy: not ready within its start_timeout of 1s"));
        awaitState(svc, "failed");
    }
}
