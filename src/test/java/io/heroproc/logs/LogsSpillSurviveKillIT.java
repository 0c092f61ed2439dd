package io.heroproc.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.heroproc.process.ProcessBackend;
import io.heroproc.process.ProcessBackends;
import io.heroproc.process.RunningProcess;
import io.heroproc.process.Signals;
import io.heroproc.supervisor.Await;
import io.heroproc.support.PackagedHeroProc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged supervisor killed with SIGKILL while a job's output waits in a spill file (the
 * database refused every write meanwhile): the next start stores all of it, in order, and
 * deletes the file.
 */
class LogsSpillSurviveKillIT {

    private static final Duration BOOT = PackagedHeroProc.BOOT;
    private static final int LINES = 40_000;

    private static ProcessBackend backend;
    private PackagedHeroProc hp;

    @BeforeAll
    static void backend() {
        backend = ProcessBackends.create("ffm");
    }

    @AfterAll
    static void noBackendToClose() {
        backend = null;
    }

    @AfterEach
    void killWhatIsLeft() {
        if (hp != null) {
            hp.close();
        }
    }

    private void sql(String statement) throws Exception {
        String url = "jdbc:sqlite:" + hp.dataDir().resolve("hero-proc.db") + "?busy_timeout=10000";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private long spillFiles() throws Exception {
        Path dir = hp.dataDir().resolve("spill");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void outputWrittenAsideIsStoredAfterAKill() throws Exception {
        Assumptions.assumeTrue(System.getProperty("native.image.path") != null, "an integration test: run with verify");
        hp = new PackagedHeroProc(backend, "hp-it-spill");
        String flood = "itspill" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        RunningProcess first = hp.launch();
        // Every store fails from now on, as on a full disk: output waits in memory, then aside.
        sql("ALTER TABLE log_chunks RENAME TO log_chunks_away");
        // 40 MB in 1,000-byte lines: more than the job's and all jobs' share of memory.
        hp.post("/api/v1/quick-services", """
                {"name": "%s", "command": "yes | head -n %d | awk '{ printf \\"%%09d %s\\\\n\\", NR }'",
                 "interpreter": "sh", "kind": "oneshot"}""".formatted(flood, LINES, "y".repeat(990)), 201);
        Await.untilCall(BOOT, () -> "success".equals(hp.status(flood).path("state").asText()),
                flood + " ran to its end while nothing could be stored");
        long job = hp.get("/api/v1/jobs?service=" + flood).get(0).path("id").asLong();
        assertTrue(spillFiles() > 0, "its output waits in a spill file");

        backend.signal(first.id(), Signals.SIGKILL);
        first.exit().get(60, TimeUnit.SECONDS);
        sql("ALTER TABLE log_chunks_away RENAME TO log_chunks");

        hp.newPort();
        hp.launch();
        Await.untilCall(BOOT, () -> spillFiles() == 0, "the spill file stored and deleted\n" + hp.tail());
        List<JsonNode> lines = allLines(job);
        // What waited in memory died with the process (the first ~16 MiB); what was aside is all there.
        assertTrue(lines.size() > LINES / 2, lines.size() + " lines stored from the spill file");
        long first0 = Long.parseLong(lines.getFirst().path("line").asText().substring(0, 9));
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(String.format("%09d ", first0 + i), lines.get(i).path("line").asText().substring(0, 10),
                    "in order, none missing, none twice");
        }
        assertEquals(LINES, first0 + lines.size() - 1, "up to the job's last line");
    }

    private List<JsonNode> allLines(long job) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = hp.get("/api/v1/jobs/" + job + "/logs?limit=1000&stream=stdout&after=" + after);
            if (page.isEmpty()) {
                return out;
            }
            page.forEach(out::add);
            after = page.get(page.size() - 1).path("seq").asLong();
        }
    }
}
