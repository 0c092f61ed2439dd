package io.heroproc.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Following logs as Server-Sent Events: live lines, resuming without gaps or duplicates, the end event. */
@QuarkusTest
class LogFollowTest extends LiveTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + path);
    }

    private static JsonNode data(SseReader.Event e) {
        try {
            return JSON.readTree(e.data());
        } catch (Exception ex) {
            throw new AssertionError("event data is not JSON: " + e, ex);
        }
    }

    /** Counts the data events (log lines) among {@code events}. */
    private static long lines(List<SseReader.Event> events) {
        return events.stream().filter(e -> e.name() == null).count();
    }

    /** A process printing {@code tick-N} every 100 ms. */
    private String ticker(String act) {
        String script = "i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.1; done # " + marker();
        action(act, """
                {"interpreter": "bash", "script": %s, "kind": "process"}""".formatted(json(script)));
        return act;
    }

    /** Checks that every event is a line whose id is its seq and whose text is tick-seq; returns the seqs. */
    private static List<Long> tickSeqs(List<SseReader.Event> events, long jobId) {
        List<Long> seqs = new ArrayList<>();
        for (SseReader.Event e : events) {
            assertNull(e.name(), "only line events while the job runs: " + e);
            JsonNode line = data(e);
            long seq = line.path("seq").asLong();
            assertEquals(Long.toString(seq), e.id(), "event id is the seq: " + e);
            assertEquals("tick-" + seq, line.path("line").asText(), "event " + e);
            assertEquals(jobId, line.path("job_id").asLong());
            assertEquals("stdout", line.path("stream").asText());
            seqs.add(seq);
        }
        return seqs;
    }

    @Test
    void followDeliversNewLinesAndResumesWithLastEventIdWithoutGapsOrDuplicates() {
        String svc = name("follow");
        String act = ticker(svc + "_tick");
        plainService(svc, act);
        start(svc);
        long job = awaitJob(svc, act, 1);
        String path = "/api/v1/jobs/" + job + "/logs";

        SseReader.Result first = SseReader.read(uri(path), Map.of(), ev -> lines(ev) >= 10, TIMEOUT);
        List<Long> seqs = new ArrayList<>(tickSeqs(first.events(), job));
        assertEquals(10, seqs.size());
        long lastSeen = seqs.getLast();

        // Reconnect as an EventSource would: Last-Event-ID carries the last id received.
        SseReader.Result second = SseReader.read(uri(path), Map.of("Last-Event-ID", Long.toString(lastSeen)),
                ev -> lines(ev) >= 10, TIMEOUT);
        seqs.addAll(tickSeqs(second.events(), job));

        // And once more with the after= query parameter.
        long lastSeen2 = seqs.getLast();
        SseReader.Result third = SseReader.read(uri(path + "?after=" + lastSeen2), Map.of(), ev -> lines(ev) >= 5,
                TIMEOUT);
        seqs.addAll(tickSeqs(third.events(), job));

        assertEquals(LongStream.rangeClosed(1, 25).boxed().toList(), seqs,
                "seqs over three connections are exactly 1..25, contiguous, no duplicates");
        // The follower delivered lines as they were printed: the ticker needs ≥ 2.4 s for 25 lines.
        assertEquals("running", job(job).get("phase"));
    }

    @Test
    void followOfAFinishedJobSendsItsLinesThenEnds() {
        String svc = name("followend");
        String act = svc + "_five";
        shOneshot(act, "for i in 1 2 3 4 5; do echo end-$i; done");
        plainService(svc, act);
        start(svc);
        long job = awaitJob(svc, act, 1);
        awaitPhase(job, "succeeded");

        SseReader.Result r = SseReader.read(uri("/api/v1/jobs/" + job + "/logs"), Map.of(), ev -> false, TIMEOUT);
        assertTrue(r.closedByServer(), "the server ends the stream of a finished job");
        List<SseReader.Event> events = r.events();
        assertEquals(6, events.size(), "5 lines and the end event: " + events);
        for (int i = 0; i < 5; i++) {
            assertEquals("end-" + (i + 1), data(events.get(i)).path("line").asText());
            assertEquals(Integer.toString(i + 1), events.get(i).id());
        }
        assertEquals("end", events.getLast().name(), "last event: " + events.getLast());

        // Resuming after the last line of a finished job yields only the end event.
        SseReader.Result resumed = SseReader.read(uri("/api/v1/jobs/" + job + "/logs"), Map.of("Last-Event-ID", "5"),
                ev -> false, TIMEOUT);
        assertEquals(1, resumed.events().size(), "only the end: " + resumed.events());
        assertEquals("end", resumed.events().getFirst().name());
    }

    @Test
    void followOfALiveJobEndsOnceItStopsAndEveryLineIsOut() {
        String svc = name("followstop");
        String act = ticker(svc + "_tick");
        plainService(svc, act);
        start(svc);
        long job = awaitJob(svc, act, 1);
        awaitLines(job, 3);

        Thread stopper = Thread.ofVirtual().start(() -> {
            awaitLines(job, 8);
            stop(svc);
        });
        SseReader.Result r = SseReader.read(uri("/api/v1/jobs/" + job + "/logs"), Map.of(), ev -> false, TIMEOUT);
        try {
            stopper.join(TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertTrue(r.closedByServer(), "the stream ends after the stop");
        List<SseReader.Event> events = r.events();
        assertEquals("end", events.getLast().name(), "ends with the end event: " + events.getLast());
        List<Long> seqs = events.subList(0, events.size() - 1).stream().map(e -> Long.parseLong(e.id())).toList();
        assertEquals(LongStream.rangeClosed(1, seqs.size()).boxed().toList(), seqs, "every line once, in order");
        assertEquals(allLogs(job, 10_000).size(), seqs.size(), "the stream delivered every stored line");
    }

    @Test
    void followDeliversOutputWrittenAfterTheMainProcessExitedBeforeEnding() {
        // The job's process exits at once, but a child it left in the background (kept: the
        // action says so) still holds the stdout pipe and prints a line a second later: the job's
        // output is over only at EOF.
        String svc = name("followtail");
        String act = svc + "_tail";
        action(act, """
                {"interpreter": "sh", "kind": "oneshot", "script": %s, "stop": {"leftovers": "keep"}}"""
                .formatted(json("echo early; (sleep 1; echo late) & # " + marker())));
        plainService(svc, act);
        start(svc);
        long job = awaitJob(svc, act, 1);

        SseReader.Result r = SseReader.read(uri("/api/v1/jobs/" + job + "/logs"), Map.of(), ev -> false, TIMEOUT);
        List<String> texts = r.events().stream().filter(e -> e.name() == null).map(e -> data(e).path("line").asText())
                .toList();
        assertEquals("end", r.events().getLast().name());
        List<Map<String, Object>> stored = awaitLines(job, 2);
        assertEquals(List.of("early", "late"), stored.stream().map(l -> l.get("line")).toList(), "stored: " + stored);
        assertEquals(List.of("early", "late"), texts, "the follower sent every line of the job before its end event");
    }

    @Test
    void serviceFollowUsesRowIdsAndEndsWithTheRun() {
        String svc = name("followsvc");
        String a = svc + "_a";
        String b = svc + "_b";
        shOneshot(a, "echo a-1; echo a-2");
        action(b, """
                {"interpreter": "sh", "script": "echo b-1; echo b-2", "kind": "oneshot",
                 "depends_on": [{"action": "%s", "condition": "requires"}]}""".formatted(a));
        plainService(svc, a, b);
        start(svc);
        awaitState(svc, "success");

        SseReader.Result r = SseReader.read(uri("/api/v1/services/" + svc + "/logs"), Map.of(), ev -> false, TIMEOUT);
        List<SseReader.Event> events = r.events();
        assertEquals(5, events.size(), "4 lines and the end: " + events);
        assertEquals("end", events.getLast().name());
        List<String> texts = new ArrayList<>();
        long previous = 0;
        for (SseReader.Event e : events.subList(0, 4)) {
            JsonNode line = data(e);
            assertEquals(Long.toString(line.path("id").asLong()), e.id(), "event id is the row id: " + e);
            assertTrue(line.path("id").asLong() > previous, "ascending ids");
            previous = line.path("id").asLong();
            texts.add(line.path("line").asText());
        }
        assertEquals(List.of("a-1", "a-2", "b-1", "b-2"), texts);

        String resumeAt = events.get(1).id();
        SseReader.Result resumed = SseReader.read(uri("/api/v1/services/" + svc + "/logs"),
                Map.of("Last-Event-ID", resumeAt), ev -> false, TIMEOUT);
        assertEquals(List.of("b-1", "b-2"), resumed.events().stream().filter(e -> e.name() == null)
                .map(e -> data(e).path("line").asText()).toList(), "resumed after a-2");
    }

    /**
     * Many followers, each gone after a line or two of a live job, or after the first line of a
     * finished one: each gets its lines, and the server logs no error. The first event used to be
     * sent from the follower's thread while RESTEasy was still writing the response head, and a
     * few in a thousand such streams logged "Response head already sent" (or broke, over HTTP/2).
     */
    @Test
    void manyShortFollowsEachGetTheirLinesAndLeaveNoError() throws Exception {
        String done = name("followmany");
        shOneshot(done + "_five", "for i in 1 2 3 4 5; do echo many-$i; done");
        plainService(done, done + "_five");
        start(done);
        long finished = awaitJob(done, done + "_five", 1);
        awaitPhase(finished, "succeeded");
        String live = name("followlive");
        plainService(live, ticker(live + "_tick"));
        start(live);
        long running = awaitJob(live, live + "_tick", 1);
        awaitLines(running, 2);

        List<java.util.concurrent.Future<SseReader.Result>> follows = new ArrayList<>();
        try (var errors = io.heroproc.support.ErrorLog.open();
                var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 1000; i++) {
                String path = switch (i % 4) {
                    case 0 -> "/api/v1/jobs/" + finished + "/logs";
                    case 1 -> "/api/v1/services/" + done + "/logs";
                    case 2 -> "/api/v1/jobs/" + running + "/logs";
                    default -> "/api/v1/services/" + live + "/logs";
                };
                int want = 1 + i % 2;
                follows.add(pool.submit(() -> SseReader.read(uri(path), Map.of(), ev -> lines(ev) >= want, TIMEOUT)));
            }
            for (var follow : follows) {
                List<SseReader.Event> events = follow.get().events();
                assertTrue(!events.isEmpty() && events.getFirst().name() == null, "a line first: " + events);
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(List.of(), errors.records(), "the server logged no error");
        }
        stop(live);
    }
}
