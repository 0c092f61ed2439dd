package io.heroproc.logs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heroproc.config.HeroProcConfig;
import io.heroproc.supervisor.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Capture of job output: complete and ordered under a flood, persisted in the database file,
 * restart markers, the service-wide view, and hostile output stored and served intact.
 */
@QuarkusTest
class JobLogCaptureTest extends LiveTestBase {

    private static final int PIECE = 64 * 1024;

    @Inject
    HeroProcConfig config;

    @Test
    void hundredThousandLinesAreCapturedCompleteAndInOrder() throws Exception {
        String svc = name("chatty");
        String act = svc + "_seq";
        action(act, """
                {"interpreter": "exec", "script": "seq 1 100000", "kind": "oneshot"}""");
        plainService(svc, act);

        start(svc);
        long job = awaitJob(svc, act, 1);
        Await.until(java.time.Duration.ofSeconds(30), () -> "succeeded".equals(job(job).get("phase")),
                "seq 1 100000 succeeded");

        // Page through with the largest page the API allows; the writer may still be draining.
        List<Map<String, Object>> lines = awaitLines(job, 100_000);
        assertEquals(100_000, lines.size(), "exactly the lines seq printed");
        long previousSeq = 0;
        for (int i = 0; i < lines.size(); i++) {
            Map<String, Object> l = lines.get(i);
            long seq = num(l, "seq");
            assertEquals(previousSeq + 1, seq, "seq strictly increasing without gaps at line " + (i + 1) + ": " + l);
            previousSeq = seq;
            assertEquals(Integer.toString(i + 1), l.get("line"), "line " + (i + 1) + " in order: " + l);
            assertEquals("stdout", l.get("stream"));
            assertEquals(job, num(l, "job_id"));
            assertEquals(act, l.get("action"));
        }
        assertTrue(logs(job, 100_000, 10).isEmpty(), "nothing after the last line");

        // Persistence: the chunks are committed to the SQLite file, read with a connection of our own.
        Path db = config.dataDir().toAbsolutePath().resolve("hero-proc.db");
        assertTrue(Files.isRegularFile(db), "database file " + db);
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + db, new Properties());
                PreparedStatement ps = c.prepareStatement("SELECT " + ChunkLines.COLUMNS
                        + " FROM log_chunks c WHERE c.job_id = ? ORDER BY c.first_seq")) {
            ps.setLong(1, job);
            long next = 1;
            int chunks = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ChunkLines stored = LogQuery.decode(rs);
                    chunks++;
                    for (int i = 0; i < stored.lines(); i++) {
                        assertEquals(next, stored.seq(i), "contiguous seqs in the file");
                        assertEquals(Long.toString(next), new String(stored.text, stored.start(i), stored.length(i),
                                java.nio.charset.StandardCharsets.US_ASCII), "line " + next + " in the file");
                        next++;
                    }
                }
            }
            assertEquals(100_001, next, "every line in the file");
            assertTrue(chunks < 100, "stored in chunks of many lines, not a row per line: " + chunks + " chunks");
        }
    }

    @Test
    void aRestartedAttemptStartsWithASystemRestartMarker() {
        String svc = name("crashmark");
        String act = svc + "_crash";
        shProcess(act, "echo attempt-output; exit 3");
        service(svc, """
                {"actions": ["%s"], "wanted": "stop",
                 "restart": {"policy": "on-failure", "backoff": {"initial": "100ms", "factor": 1, "max": "1s", "jitter": 0},
                             "max_restarts": 1}}""".formatted(act));

        start(svc);
        long first = awaitJob(svc, act, 1);
        long second = awaitJob(svc, act, 2);
        awaitPhase(second, "failed");

        List<Map<String, Object>> log1 = awaitLines(first, 1);
        assertEquals(1, log1.size(), "attempt 1 has only its own output: " + log1);
        assertEquals("attempt-output", log1.getFirst().get("line"));

        List<Map<String, Object>> log2 = awaitLines(second, 2);
        assertEquals(2, log2.size(), "attempt 2: the marker, then its output: " + log2);
        Map<String, Object> marker = log2.getFirst();
        assertEquals("system", marker.get("stream"), "marker: " + marker);
        assertEquals(1, num(marker, "seq"));
        assertThat((String) marker.get("line"), containsString("restart"));
        assertThat((String) marker.get("line"), containsString("exit 3"));
        assertEquals("stdout", log2.get(1).get("stream"));
        assertEquals("attempt-output", log2.get(1).get("line"));
        assertEquals(2, num(log2.get(1), "seq"));

        // The stream filter sees only the marker.
        List<Map<String, Object>> system = given().queryParam("stream", "system").when()
                .get("/api/v1/jobs/{id}/logs", second).then().statusCode(200).extract().jsonPath().getList("");
        assertEquals(1, system.size(), "system lines of attempt 2: " + system);
    }

    @Test
    void serviceLogsInterleaveTheJobsOfTheLatestRunInWriteOrder() {
        String svc = name("svclogs");
        String a = svc + "_a";
        String b = svc + "_b";
        shOneshot(a, "echo a-1; echo a-2; echo a-3");
        action(b, """
                {"interpreter": "sh", "script": "echo b-1; echo b-2; echo b-3 >&2", "kind": "oneshot",
                 "depends_on": [{"action": "%s", "condition": "requires"}]}""".formatted(a));
        plainService(svc, a, b);

        start(svc);
        awaitState(svc, "success");
        long runId = num(status(svc), "run_id");
        long bJob = awaitJob(svc, b, 1);
        awaitLines(bJob, 3);

        List<Map<String, Object>> all = given().when().get("/api/v1/services/{name}/logs", svc).then().statusCode(200)
                .extract().jsonPath().getList("");
        List<Object> texts = all.stream().map(l -> l.get("line")).toList();
        assertEquals(6, all.size(), "both jobs' lines: " + all);
        for (int i = 1; i < all.size(); i++) {
            assertTrue(num(all.get(i), "id") > num(all.get(i - 1), "id"), "ordered by id: " + all);
        }
        // Within a job and stream the order is the printing order; stdout and stderr are separate
        // pipes, and a job's tail may still drain while the next job starts, so no more is defined.
        assertEquals(List.of("a-1", "a-2", "a-3"), all.stream().filter(l -> a.equals(l.get("action")))
                .map(l -> l.get("line")).toList(), "a's lines: " + all);
        assertEquals(java.util.Set.of("b-1", "b-2", "b-3"), all.stream().filter(l -> b.equals(l.get("action")))
                .map(l -> l.get("line")).collect(java.util.stream.Collectors.toSet()), "b's lines: " + all);
        assertTrue(texts.indexOf("b-1") < texts.indexOf("b-2"), "stdout in order: " + all);
        assertEquals("stderr", all.get(texts.indexOf("b-3")).get("stream"));
        assertEquals(runId, num(status(svc), "run_id"));

        long cursor = num(all.get(2), "id");
        List<Map<String, Object>> rest = given().queryParam("after", cursor).queryParam("run", runId).when()
                .get("/api/v1/services/{name}/logs", svc).then().statusCode(200).extract().jsonPath().getList("");
        assertEquals(all.subList(3, 6).stream().map(l -> l.get("line")).toList(),
                rest.stream().map(l -> l.get("line")).toList(), "the lines after the cursor");
        List<Map<String, Object>> errors = given().queryParam("stream", "stderr").when()
                .get("/api/v1/services/{name}/logs", svc).then().statusCode(200).extract().jsonPath().getList("");
        assertEquals(List.of("b-3"), errors.stream().map(l -> l.get("line")).toList());
    }

    /** Prints HTML, ANSI colours, invalid UTF-8, then a 1 MB line of 'a' ({@code end}: what ends it). */
    private static String hostile(String end) {
        return "printf '<script>alert(1)</script>\\n'; printf '\\033[31mred\\033[0m\\n'; printf '\\377\\376 ok\\n'; "
                + "head -c 1000000 /dev/zero | tr '\\0' a" + end;
    }

    /** Checks the first lines of a hostile job's log and returns the 1 MB line glued back from its pieces. */
    private static String checkHostile(long job, int expectedLines) {
        Response r = given().accept(ContentType.JSON).queryParam("limit", 1000).when()
                .get("/api/v1/jobs/{id}/logs", job);
        assertEquals(200, r.statusCode(), "served");
        assertThat(r.contentType(), containsString("application/json"));
        List<Map<String, Object>> lines = r.jsonPath().getList(""); // valid JSON, or this throws
        assertEquals(expectedLines, lines.size(), "3 short lines and the big line's pieces: " + lines.size());
        assertEquals("<script>alert(1)</script>", lines.get(0).get("line"), "HTML verbatim, as text");
        assertEquals("\u001b[31mred\u001b[0m", lines.get(1).get("line"), "ANSI escapes kept");
        assertEquals("\uFFFD\uFFFD ok", lines.get(2).get("line"), "invalid bytes become U+FFFD");
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe, ' ', 'o', 'k'},
                Base64.getDecoder().decode((String) lines.get(2).get("line_base64")), "and their exact bytes are there too");
        assertFalse(lines.get(1).containsKey("line_base64"), "valid UTF-8 needs no copy: " + lines.get(1));
        StringBuilder big = new StringBuilder();
        for (Map<String, Object> l : lines.subList(3, 3 + 16)) {
            assertEquals("stdout", l.get("stream"));
            String piece = (String) l.get("line");
            assertTrue(piece.length() <= PIECE, "pieces are at most 64 KiB: " + piece.length());
            big.append(piece);
            assertEquals(big.length() < 1_000_000 ? Boolean.TRUE : null, l.get("partial"),
                    "every piece but the last is marked as continued");
        }
        for (int i = 1; i < lines.size(); i++) {
            assertEquals(num(lines.get(i - 1), "seq") + 1, num(lines.get(i), "seq"), "no gap at " + i);
        }
        return big.toString();
    }

    @Test
    void hostileOutputIsStoredAndServedIntactByAOneshotThatExitsNormally() {
        String svc = name("hostile");
        String act = svc + "_out";
        shOneshot(act, hostile(""));
        plainService(svc, act);

        start(svc);
        long job = awaitJob(svc, act, 1);
        Map<String, Object> done = awaitPhase(job, "succeeded");
        assertEquals(0, num(done, "exit_code"), "exits normally: " + done);
        // 1 000 000 = 15 × 65 536 + 16 960: 16 pieces, the last one delivered at end of stream.
        awaitLines(job, 3 + 16);
        String big = checkHostile(job, 3 + 16);
        assertEquals(1_000_000, big.length(), "the 1 MB line comes back complete");
        assertTrue(big.chars().allMatch(c -> c == 'a'), "and unaltered");
    }

    @Test
    void hostileOutputDoesNotDisturbARunningProcess() {
        String svc = name("hostilep");
        String act = svc + "_out";
        action(act, """
                {"interpreter": "bash", "script": %s, "kind": "process"}"""
                .formatted(json(hostile("; echo; echo still-alive; exec -a " + marker() + " sleep 1000"))));
        plainService(svc, act);

        start(svc);
        long job = awaitJob(svc, act, 1);
        List<Map<String, Object>> lines = awaitLines(job, 3 + 16 + 1);
        assertEquals("still-alive", lines.getLast().get("line"), "a line after the big one: " + lines.getLast());
        String big = checkHostile(job, 3 + 16 + 1);
        assertEquals(1_000_000, big.length(), "the 1 MB line comes back complete");
        assertTrue(big.chars().allMatch(c -> c == 'a'), "and unaltered");
        Map<String, Object> j = job(job);
        assertEquals("running", j.get("phase"), "the job keeps running: " + j);
        assertEquals("running", state(svc));
        // Search copes with the hostile lines too and returns them as text.
        List<Map<String, Object>> found = given().queryParam("q", "<script>alert(1)").queryParam("service", svc)
                .when().get("/api/v1/logs/search").then().statusCode(200).extract().jsonPath().getList("");
        assertEquals(1, found.size(), "found: " + found);
        assertEquals("<script>alert(1)</script>", found.getFirst().get("line"));
        assertFalse(logs(job, 0, 5).isEmpty());
    }

    @Test
    void nulBytesAndControlCharactersSurviveJsonAndTheFollow() {
        String svc = name("nul");
        String act = svc + "_out";
        shOneshot(act, "printf 'a\\000b\\001\\033[0m\\n'");
        plainService(svc, act);
        start(svc);
        long job = awaitJob(svc, act, 1);
        awaitPhase(job, "succeeded");
        List<Map<String, Object>> lines = awaitLines(job, 1);
        assertEquals("a\u0000b\u0001\u001b[0m", lines.getFirst().get("line"), "as JSON: " + lines);
        assertFalse(lines.getFirst().containsKey("line_base64"), "it is valid UTF-8");
        SseReader.Result followed = SseReader.read(java.net.URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port
                + "/api/v1/jobs/" + job + "/logs"), Map.of(), ev -> false, java.time.Duration.ofSeconds(30));
        assertThat(followed.events().getFirst().data(), containsString("\"a\\u0000b\\u0001\\u001B[0m\""));
    }

    @Test
    void sinceAndUntilFilterByTimestamp() {
        String svc = name("since");
        String act = svc + "_out";
        shOneshot(act, "echo first; sleep 0.3; echo second; sleep 0.3; echo third");
        plainService(svc, act);
        start(svc);
        long job = awaitJob(svc, act, 1);
        awaitPhase(job, "succeeded");
        List<Map<String, Object>> all = awaitLines(job, 3);
        java.time.Instant second = time(all.get(1), "ts");

        List<Map<String, Object>> fromSecond = given().queryParam("since", second.toString()).when()
                .get("/api/v1/jobs/{id}/logs", job).then().statusCode(200).extract().jsonPath().getList("");
        assertEquals(List.of("second", "third"), fromSecond.stream().map(l -> l.get("line")).toList(),
                "since (ISO-8601) is inclusive: " + all);
        List<Map<String, Object>> untilSecond = given().queryParam("until", second.toEpochMilli()).when()
                .get("/api/v1/jobs/{id}/logs", job).then().statusCode(200).extract().jsonPath().getList("");
        assertEquals(List.of("first", "second"), untilSecond.stream().map(l -> l.get("line")).toList(),
                "until (epoch ms) is inclusive: " + all);
        List<Map<String, Object>> onlySecond = given().queryParam("since", second.toEpochMilli())
                .queryParam("until", second.toString()).when().get("/api/v1/jobs/{id}/logs", job).then()
                .statusCode(200).extract().jsonPath().getList("");
        assertEquals(List.of("second"), onlySecond.stream().map(l -> l.get("line")).toList());
        given().queryParam("since", "yesterday").when().get("/api/v1/jobs/{id}/logs", job).then().statusCode(400);
        given().queryParam("stream", "stdin").when().get("/api/v1/jobs/{id}/logs", job).then().statusCode(400);
        given().queryParam("after", -1).when().get("/api/v1/jobs/{id}/logs", job).then().statusCode(400);
        given().queryParam("limit", 10_001).when().get("/api/v1/jobs/{id}/logs", job).then().statusCode(400);
        given().when().get("/api/v1/jobs/{id}/logs", Long.MAX_VALUE - 3).then().statusCode(404);
    }
}
