package io.heroproc.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Restarts racing each other, or a restart while the service waits for another, never duplicate a process. */
@QuarkusTest
class ConcurrentRestartTest extends EngineTestBase {

    @TestHTTPResource("/api/v1/services/")
    URL services;

    /** Fires {@code count} restart requests at once from as many threads; returns their HTTP statuses. */
    private List<Integer> restartConcurrently(String svc, int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = services.toURI().resolve(svc + "/restart");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            for (int i = 0; i < count; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(40))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> a : answers) {
                statuses.add(a.get());
            }
            return statuses;
        }
    }

    private static void assertSingleLiveProcess(String svc, String mark) {
        Await.until(() -> "running".equals(state(svc)) && pids(svc).size() == 1
                && Procs.withMarker(mark).equals(pids(svc)) && openRuns(svc) == 1,
                svc + " running with exactly one live process and one open run");
        List<Long> pids = pids(svc);
        assertEquals(pids, Procs.withMarker(mark), "the status pid is the one live process");
        assertEquals(1, openRuns(svc), "one run not ended: " + runs(svc));
        assertEquals(1, jobs(svc).stream().filter(j -> "running".equals(j.get("phase"))).count(),
                "one running job: " + jobs(svc));
    }

    @Test
    void fiftyConcurrentRestartsLeaveExactlyOneProcess() throws Exception {
        String svc = name("racer");
        String mark = marker();
        sleeper(svc + "_a", mark);
        service(svc, """
                {"actions": ["%s_a"], "wanted": "stop"}""".formatted(svc));
        start(svc);
        awaitRunning(svc, 1);
        long firstPid = pids(svc).getFirst();

        List<Integer> statuses = restartConcurrently(svc, 50);

        assertEquals(List.of(200), statuses.stream().distinct().toList(), "every restart answered 200: " + statuses);
        assertSingleLiveProcess(svc, mark);
        assertNotEquals(firstPid, pids(svc).getFirst(), "it was restarted");
        assertTrue(runs(svc).size() >= 2, "a restart is a new run");
        assertEquals("start", status(svc).get("wanted"));
    }

    @Test
    void restartsWhileWaitingForARequiredServiceDoNotWedgeOrDuplicate() throws Exception {
        String b = name("slowdep");
        String a = name("waiter");
        String bMark = marker();
        String aMark = marker();
        // B becomes ready only after its 3 s preparation
        shOneshot(b + "_prep", "sleep 3");
        sleeper(b + "_srv", bMark, b + "_prep");
        service(b, """
                {"actions": ["%1$s_prep", "%1$s_srv"], "wanted": "stop"}""".formatted(b));
        sleeper(a + "_a", aMark);
        service(a, """
                {"actions": ["%s_a"], "requires": ["%s"], "wanted": "stop"}""".formatted(a, b));

        start(a);
        Await.until(() -> reason(a).contains("waiting for service " + b), a + " waiting for " + b);

        List<Integer> statuses = restartConcurrently(a, 20);
        assertEquals(List.of(200), statuses.stream().distinct().toList(), "every restart answered 200: " + statuses);
        assertTrue(Procs.withMarker(aMark).isEmpty(), a + " must not start before " + b + " is ready");

        awaitState(b, "running");
        assertSingleLiveProcess(a, aMark);
        Procs.awaitOne(bMark, "one process of " + b);
        assertEquals(1, openRuns(b), "one open run of " + b + ": " + runs(b));
    }
}
