package io.heroproc.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import io.heroproc.process.RunningProcess;
import io.heroproc.supervisor.Await;
import io.heroproc.support.PackagedHeroProc;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many clients reading a large log at once, with hero-proc on a small heap: every read answers
 * (pages end at a byte budget, and the client goes on from its cursor), nothing runs out of
 * memory, and paging through gets every line exactly once.
 */
class LargeLogReadsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LINES = 10_000;
    private static final int WIDTH = 5_200; // 10,000 lines of 5.2 KB: a 52 MB log
    private PackagedHeroProc hp;

    @AfterEach
    void stop() {
        if (hp != null) {
            hp.close();
        }
    }

    @Test
    void tenParallelReadsOfA52MegabyteLogFitIn128Megabytes() throws Exception {
        ProcessBackend backend = ProcessBackends.create("ffm");
        hp = new PackagedHeroProc(backend, "hp-biglog", "-Xmx128m");
        RunningProcess server = hp.launch();
        hp.post("/api/v1/quick-services", """
                {"name": "big", "kind": "oneshot", "interpreter": "python3",
                 "command": "import sys\\nfor i in range(%d): sys.stdout.write(str(i).rjust(8) + 'x' * %d + '\\\\n')"}"""
                .formatted(LINES, WIDTH - 8), 201);
        Await.untilCall(Duration.ofSeconds(120), () -> "success".equals(hp.status("big").path("state").asText()),
                "the 52 MB writer finished");
        long job = hp.get("/api/v1/jobs?service=big").get(0).path("id").asLong();

        List<Future<HttpResponse<String>>> reads = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                reads.add(pool.submit(() -> hp.send(HttpRequest.newBuilder(
                        hp.uri("/api/v1/jobs/" + job + "/logs?limit=10000")).GET())));
            }
            for (Future<HttpResponse<String>> read : reads) {
                HttpResponse<String> r = read.get();
                assertEquals(200, r.statusCode(), r.body().length() > 300 ? r.body().substring(0, 300) : r.body());
                JsonNode page = JSON.readTree(r.body());
                assertTrue(page.size() > 0 && page.size() < LINES, "a page ends at its byte budget: " + page.size());
            }
        }
        assertFalse(server.exit().isDone(), "hero-proc is still up");
        assertFalse(hp.tail().contains("OutOfMemoryError"), hp.tail());

        long after = 0;
        int seen = 0;
        while (true) {
            JsonNode page = hp.get("/api/v1/jobs/" + job + "/logs?limit=10000&after=" + after);
            if (page.isEmpty()) {
                break;
            }
            for (JsonNode line : page) {
                assertEquals(seen + 1, line.path("seq").asLong(), "every line once, in order");
                assertEquals(String.valueOf(seen), line.path("line").asText().substring(0, 8).trim());
                seen++;
                after = line.path("seq").asLong();
            }
        }
        assertEquals(LINES, seen, "paging from the cursor gets the whole log");
    }
}
