package io.heroproc.logs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code ?tail=N}: the last lines of a job or a service's run, and follows that start there. */
@QuarkusTest
class LogTailTest extends LiveTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Map<String, Object>> get(String path, Object... params) {
        var request = given();
        for (int i = 0; i < params.length; i += 2) {
            request.queryParam((String) params[i], params[i + 1]);
        }
        return request.when().get(path).then().statusCode(200).extract().jsonPath().getList("");
    }

    private static List<Object> texts(List<Map<String, Object>> lines) {
        return lines.stream().map(l -> l.get("line")).toList();
    }

    @Test
    void tailReturnsTheLastLinesOfAJobInOrder() {
        String svc = name("tail");
        String act = svc + "_out";
        // 20,000 lines on stdout, one on stderr in the middle: several chunks.
        shOneshot(act, "seq 1 10000; echo middle >&2; sleep 0.2; seq 10001 20000");
        plainService(svc, act);
        start(svc);
        long job = awaitJob(svc, act, 1);
        awaitPhase(job, "succeeded");
        awaitLines(job, 20_001);
        String path = "/api/v1/jobs/" + job + "/logs";

        List<Map<String, Object>> last = get(path, "tail", 100);
        assertEquals(IntStream.rangeClosed(19_901, 20_000).mapToObj(Integer::toString).toList(), texts(last));
        assertEquals(20_001, num(last.getLast(), "seq"));
        assertEquals(19_902, num(last.getFirst(), "seq"), "seqs end at the last line");
        assertEquals(List.of("middle"), texts(get(path, "tail", 5, "stream", "stderr")), "the filter applies first");
        assertEquals(20_001, get(path, "tail", 10_000).size() + 10_001, "tail is capped at 10,000 like a page");
        assertTrue(get(path, "tail", 0).isEmpty());
        given().queryParam("tail", 5).queryParam("after", 3).when().get(path).then().statusCode(400);
        given().queryParam("tail", 10_001).when().get(path).then().statusCode(400);
        given().queryParam("tail", "x").when().get(path).then().statusCode(400);
    }

    @Test
    void tailOfAServiceSpansTheJobsOfItsRun() {
        String svc = name("tailsvc");
        String a = svc + "_a";
        String b = svc + "_b";
        shOneshot(a, "seq -f 'a-%g' 1 50");
        action(b, """
                {"interpreter": "sh", "script": "seq -f 'b-%%g' 1 3", "kind": "oneshot",
                 "depends_on": [{"action": "%s", "condition": "requires"}]}""".formatted(a));
        plainService(svc, a, b);
        start(svc);
        awaitState(svc, "success");
        awaitLines(awaitJob(svc, b, 1), 3);

        List<Map<String, Object>> last = get("/api/v1/services/" + svc + "/logs", "tail", 5);
        assertEquals(List.of("a-49", "a-50", "b-1", "b-2", "b-3"), texts(last));
        for (int i = 1; i < last.size(); i++) {
            assertTrue(num(last.get(i), "id") > num(last.get(i - 1), "id"), "ascending ids: " + last);
        }
    }

    @Test
    void followWithTailStartsAtTheLastLinesThenGoesOn() {
        String svc = name("tailf");
        String act = svc + "_tick";
        String script = "seq -f 'old-%g' 1 500; i=0; while true; do i=$((i+1)); echo new-$i; sleep 0.1; done # "
                + marker();
        action(act, """
                {"interpreter": "bash", "script": %s, "kind": "process"}""".formatted(json(script)));
        plainService(svc, act);
        start(svc);
        long job = awaitJob(svc, act, 1);
        awaitLines(job, 503);

        SseReader.Result r = SseReader.read(URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v1/jobs/" + job
                + "/logs?tail=3"), Map.of(), ev -> ev.size() >= 8, Duration.ofSeconds(30));
        List<String> lines = r.events().stream().map(e -> data(e).path("line").asText()).toList();
        // The last 3 stored lines when the follow began, then every line after them.
        long firstSeq = Long.parseLong(r.events().getFirst().id());
        assertTrue(firstSeq >= 501, "starts at the tail, not at line 1: " + lines);
        for (int i = 1; i < r.events().size(); i++) {
            assertEquals(firstSeq + i, Long.parseLong(r.events().get(i).id()), "contiguous: " + lines);
        }
        assertTrue(lines.getLast().startsWith("new-"), lines.toString());

        // Last-Event-ID wins over tail: a reconnecting follower resumes where it was.
        SseReader.Result resumed = SseReader.read(URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v1/jobs/"
                + job + "/logs?tail=3"), Map.of("Last-Event-ID", "10"), ev -> ev.size() >= 2, Duration.ofSeconds(30));
        assertEquals("11", resumed.events().getFirst().id());
        assertEquals("old-11", data(resumed.events().getFirst()).path("line").asText());
        stop(svc);
    }

    private static JsonNode data(SseReader.Event e) {
        try {
            return JSON.readTree(e.data());
        } catch (Exception ex) {
            throw new AssertionError("event data is not JSON: " + e, ex);
        }
    }
}
