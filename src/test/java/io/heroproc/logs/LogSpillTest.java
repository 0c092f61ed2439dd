package io.heroproc.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.heroproc.config.HeroProcConfig;
import io.heroproc.process.StdStream;
import io.heroproc.supervisor.Await;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A job writing faster than its lines are stored is not held back: past its share of memory its
 * output goes to a spill file, read back in order as the database catches up; what an earlier
 * life left there is stored at start, from the mark committed with the chunks.
 */
@QuarkusTest
class LogSpillTest extends LiveTestBase {

    @Inject
    LogWriter writer;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HeroProcConfig config;

    private Path spillDir() {
        return config.dataDir().resolve("spill");
    }

    private long spillFiles() throws Exception {
        if (!Files.isDirectory(spillDir())) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spillDir())) {
            return files.count();
        }
    }

    @Test
    void aJobFloodingWhileNothingCanBeStoredRunsToItsEndAndEveryLineIsStoredInOrder() throws Exception {
        String svc = name("spill");
        String act = svc + "_yes";
        // 40 MB: more than the job's share of memory (16 MiB) and than all jobs' (32 MiB), in 40,000
        // lines (within the 100,000 lines a job keeps).
        shOneshot(act, "yes | head -n 40000 | awk '{ printf \"%09d %s\\n\", NR, \"" + "y".repeat(990) + "\" }'");
        plainService(svc, act);
        long job;
        try (StoresRefused refused = StoresRefused.on(dataSource)) {
            long failed = writer.failedAttempts();
            start(svc);
            job = awaitJob(svc, act, 1);
            // Before, the job blocked on its pipe once its share was full, until the store came back.
            awaitPhase(job, "succeeded");
            assertTrue(writer.failedAttempts() > failed, "the store failed meanwhile");
            assertTrue(spillFiles() > 0, "its output waits in a spill file");
            assertFalse(writer.drained());
        }
        Await.until(Duration.ofSeconds(60), () -> !writer.outputOpen(job), "stored once the table is back");
        List<Map<String, Object>> lines = allLogs(job, 10_000);
        assertEquals(40_000, lines.size(), "every line");
        for (int i = 0; i < lines.size(); i += 97) {
            assertEquals(String.format("%09d ", i + 1), ((String) lines.get(i).get("line")).substring(0, 10),
                    "line " + (i + 1) + " in its place");
        }
        assertEquals(String.format("%09d ", 40_000), ((String) lines.getLast().get("line")).substring(0, 10));
        assertEquals(num(lines.getFirst(), "seq") + 39_999, num(lines.getLast(), "seq"), "numbered without gaps");
        Await.untilCall(Duration.ofSeconds(10), () -> spillFiles() == 0, "the spill file deleted once stored");
    }

    @Test
    void outputLeftAsideByAKilledRunIsStoredFromItsMarkAtStart() throws Exception {
        String svc = name("left");
        String act = svc + "_echo";
        shOneshot(act, "echo before");
        plainService(svc, act);
        start(svc);
        long job = awaitJob(svc, act, 1);
        awaitPhase(job, "succeeded");
        Await.until(Duration.ofSeconds(20), () -> !writer.outputOpen(job), "its own line stored");

        // As a run killed mid-flood leaves it: a file of two records, the first stored (its mark
        // committed with its chunk), the second not, and a record torn by the kill.
        long generation = 7;
        SpillFile file = SpillFile.create(spillDir(), job, generation);
        byte[] first = "stored-1\nstored-2".getBytes(StandardCharsets.UTF_8);
        byte[] second = "aside-1\naside-2\naside-3".getBytes(StandardCharsets.UTF_8);
        int stdout = ChunkFormat.kind(StdStream.STDOUT);
        file.append(stdout, false, System.currentTimeMillis(), first, 0, first.length);
        file.append(stdout, false, System.currentTimeMillis(), second, 0, second.length);
        Files.write(file.path, new byte[] { 1, 0, 0, 0, 0 }, StandardOpenOption.APPEND);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO log_spills (job_id, generation, stored_to) VALUES (?, ?, ?)")) {
            ps.setLong(1, job);
            ps.setLong(2, generation);
            ps.setLong(3, SpillFile.HEADER + first.length);
            ps.executeUpdate();
        }

        // A file of this run (a job that spilled before the start-up look): not an earlier run's, not touched.
        SpillFile own = SpillFile.create(spillDir(), job, Long.MAX_VALUE / 2);
        byte[] ownLine = "own-1".getBytes(StandardCharsets.UTF_8);
        own.append(stdout, false, System.currentTimeMillis(), ownLine, 0, ownLine.length);

        writer.recoverSpills();
        Await.until(Duration.ofSeconds(20), () -> writer.drained() && !writer.outputOpen(job), "the rest stored");
        List<String> lines = allLogs(job, 100).stream().filter(l -> "stdout".equals(l.get("stream")))
                .map(l -> (String) l.get("line")).toList();
        assertEquals(List.of("before", "aside-1", "aside-2", "aside-3"), lines);
        assertFalse(Files.exists(file.path), "the file is gone once stored");
        assertTrue(Files.exists(own.path), "this run's own file is left to its log");
        own.retire();
        own.stored(own.written());
        assertFalse(Files.exists(own.path));
    }
}
