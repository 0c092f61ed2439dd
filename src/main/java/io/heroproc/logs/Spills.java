package io.heroproc.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The spill files of all jobs ({@link SpillFile}): where they go, how much they may hold, the
 * marks of what is stored ({@code log_spills}, written with the chunks), and what a restart finds.
 */
final class Spills {

    private static final Logger LOG = Logger.getLogger(Spills.class);

    private final Path dir;
    private final long max;
    /** Generations only grow, across restarts too: a new file never takes an old file's name and mark. */
    private final AtomicLong generations = new AtomicLong(System.currentTimeMillis() * 1000);
    /** Generations above this are this run's own files (a job may spill before the leftovers are looked at). */
    private final long firstOwn = generations.get();
    private final AtomicLong pending = new AtomicLong();

    Spills(Path dir, long max) {
        this.dir = dir;
        this.max = max;
    }

    /** A new spill file for the job, or null if spilling is off or the file cannot be made. */
    SpillFile create(long jobId) {
        if (max <= 0 || pending.get() >= max) {
            return null;
        }
        try {
            return SpillFile.create(dir, jobId, generations.incrementAndGet());
        } catch (IOException e) {
            LOG.warnf("cannot write output aside in %s (%s); jobs wait for the database instead", dir, e);
            return null;
        }
    }

    /** Whether a job's spill may grow (all spills together stay within the configured maximum). */
    boolean room() {
        return pending.get() < max;
    }

    void grew(long bytes) {
        pending.addAndGet(bytes);
    }

    void shrank(long bytes) {
        pending.addAndGet(-bytes);
    }

    /** Bytes in spill files not read back yet. */
    long pending() {
        return pending.get();
    }

    long max() {
        return max;
    }

    /** In the batch's transaction: up to where each spill file is now stored. */
    static void mark(Connection c, List<Chunk> batch) throws SQLException {
        Map<Long, Chunk> last = new LinkedHashMap<>();
        for (Chunk chunk : batch) {
            if (chunk.spill != null) {
                last.put(chunk.jobId, chunk);
            }
        }
        if (last.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO log_spills (job_id, generation, stored_to)"
                + " VALUES (?, ?, ?) ON CONFLICT (job_id) DO UPDATE SET generation = excluded.generation,"
                + " stored_to = excluded.stored_to")) {
            for (Chunk chunk : last.values()) {
                ps.setLong(1, chunk.jobId);
                ps.setLong(2, chunk.spill.generation);
                ps.setLong(3, chunk.spillEnd);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** After the batch is committed: the spill files it stored to their end and no longer written go. */
    static void stored(List<Chunk> batch) {
        for (Chunk chunk : batch) {
            if (chunk.spill != null) {
                chunk.spill.stored(chunk.spillEnd);
            }
            if (chunk.spillsEnded != null) {
                chunk.spillsEnded.forEach(file -> file.stored(file.written()));
            }
        }
    }

    /**
     * The files an earlier life left, each reopened from its stored mark (files stored to their
     * end are deleted); marks without a file are dropped.
     */
    List<SpillFile> leftOver(Connection c) throws SQLException, IOException {
        Map<Long, long[]> marks = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT job_id, generation, stored_to FROM log_spills")) {
            while (rs.next()) {
                marks.put(rs.getLong(1), new long[] { rs.getLong(2), rs.getLong(3) });
            }
        }
        List<SpillFile> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            List<Path> paths;
            try (Stream<Path> list = Files.list(dir)) {
                // By job, then generation as a number: a job's files are read back oldest first.
                paths = list.sorted(java.util.Comparator.comparing((Path p) -> number(p, 0))
                        .thenComparing(p -> number(p, 1))).toList();
            }
            for (Path path : paths) {
                long job = number(path, 0);
                long generation = number(path, 1);
                if (job < 0 || generation < 0 || generation > firstOwn) {
                    continue;
                }
                long[] mark = marks.get(job);
                long from = mark != null && mark[0] == generation ? mark[1] : 0;
                SpillFile file = mark != null && mark[0] > generation ? null
                        : SpillFile.reopen(path, job, generation, from);
                if (file == null || file.pending() == 0) {
                    if (file != null) {
                        file.close();
                    }
                    Files.deleteIfExists(path);
                    continue;
                }
                pending.addAndGet(file.pending());
                files.add(file);
            }
        }
        // The marks of earlier runs' files still to read are kept, the others dropped (this run's own
        // are left alone), in one transaction: a crash between the two must not lose a mark (its file
        // would be stored again from its start).
        c.setAutoCommit(false);
        try {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM log_spills WHERE generation <= ?")) {
                s.setLong(1, firstOwn);
                s.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO log_spills (job_id, generation, stored_to) VALUES (?, ?, ?)")) {
                for (SpillFile file : files) {
                    if (file.written() != file.pending()) {
                        ps.setLong(1, file.jobId);
                        ps.setLong(2, file.generation);
                        ps.setLong(3, file.written() - file.pending());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        return files;
    }

    /** The job id (part 0) or generation (part 1) a spill file's name holds; -1 for another file. */
    private static long number(Path path, int part) {
        String[] name = path.getFileName().toString().split("\\.");
        return name.length == 2 && name[part].matches("\\d{1,18}") ? Long.parseLong(name[part]) : -1;
    }
}
