package io.heroproc.logs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The SQL of {@code log_chunks} for its one writer: inserts, sums, and cutting old lines off. */
final class ChunkStore {

    private static final String INSERT = "INSERT INTO log_chunks (job_id, seq0, first_seq, last_seq, first_ts, last_ts,"
            + " streams, raw_bytes, stored_bytes, codec, meta, bloom, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Lines and stored bytes of some chunks. */
    record Sums(long lines, long bytes) {
        static final Sums NONE = new Sums(0, 0);

        Sums plus(Sums other) {
            return new Sums(lines + other.lines, bytes + other.bytes);
        }
    }

    private ChunkStore() {
    }

    static void insert(Connection c, List<EncodedChunk> chunks) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (EncodedChunk e : chunks) {
                insert.setLong(1, e.jobId());
                insert.setLong(2, e.firstSeq());
                insert.setLong(3, e.firstSeq());
                insert.setLong(4, e.lastSeq());
                insert.setLong(5, e.firstTs());
                insert.setLong(6, e.lastTs());
                insert.setInt(7, e.streams());
                insert.setInt(8, e.rawBytes());
                insert.setLong(9, e.storedBytes());
                insert.setInt(10, e.codec());
                insert.setBytes(11, e.meta());
                insert.setBytes(12, e.bloom());
                insert.setBytes(13, e.data());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Lines and bytes of every chunk. */
    static Sums total(Connection c) throws SQLException {
        return sums(c, "SELECT count(*), sum(last_seq - first_seq + 1), sum(stored_bytes) FROM log_chunks");
    }

    /** Lines and bytes of a job's chunks, and its highest seq (0 when it has none). */
    static long[] job(Connection c, long jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(last_seq) - min(first_seq) + 1, 0),"
                + " coalesce(sum(stored_bytes), 0), coalesce(max(last_seq), 0) FROM log_chunks WHERE job_id = ?")) {
            ps.setLong(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        }
    }

    /** Deletes a job's chunks that end at or before {@code seq}; returns what they held. */
    static Sums deleteJobUpTo(Connection c, long jobId, long seq) throws SQLException {
        String where = " FROM log_chunks WHERE job_id = ? AND last_seq <= ?";
        Sums gone = sums(c, "SELECT count(*), sum(last_seq - first_seq + 1), sum(stored_bytes)" + where, jobId, seq);
        try (PreparedStatement ps = c.prepareStatement("DELETE" + where)) {
            ps.setLong(1, jobId);
            ps.setLong(2, seq);
            ps.executeUpdate();
        }
        return gone;
    }

    /** Deletes the chunks with ids up to {@code id}; returns what they held. */
    static Sums deleteUpTo(Connection c, long id) throws SQLException {
        Sums gone = sums(c, "SELECT count(*), sum(last_seq - first_seq + 1), sum(stored_bytes) FROM log_chunks"
                + " WHERE id <= ?", id);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM log_chunks WHERE id <= ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        return gone;
    }

    /**
     * Rewrites a chunk without its lines before {@code keepFrom} (the per-line cut of retention;
     * line ids stay, since they count from the chunk's {@code seq0}); returns what was removed.
     */
    static Sums trimFront(Connection c, long chunkId, long keepFrom, ChunkCodec codec) throws SQLException {
        ChunkLines lines;
        long storedBefore;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ChunkLines.COLUMNS
                + ", c.stored_bytes FROM log_chunks c WHERE c.id = ?")) {
            ps.setLong(1, chunkId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || keepFrom <= rs.getLong(4)) {
                    return Sums.NONE;
                }
                lines = LogQuery.decode(rs);
                storedBefore = rs.getLong(10);
            }
        }
        int from = (int) (keepFrom - lines.seq(0));
        Chunk rest = new Chunk(lines.jobId, null, 0, new ChunkBuffers());
        for (int i = from; i < lines.lines(); i++) {
            rest.append(lines.kind(i), lines.ts(i), lines.text, lines.start(i), lines.length(i), lines.partial(i));
        }
        EncodedChunk e = codec.encode(rest, keepFrom);
        try (PreparedStatement ps = c.prepareStatement("UPDATE log_chunks SET first_seq = ?, first_ts = ?, last_ts = ?,"
                + " streams = ?, raw_bytes = ?, stored_bytes = ?, codec = ?, meta = ?, bloom = ?, data = ? WHERE id = ?")) {
            ps.setLong(1, keepFrom);
            ps.setLong(2, e.firstTs());
            ps.setLong(3, e.lastTs());
            ps.setInt(4, e.streams());
            ps.setInt(5, e.rawBytes());
            ps.setLong(6, e.storedBytes());
            ps.setInt(7, e.codec());
            ps.setBytes(8, e.meta());
            ps.setBytes(9, e.bloom());
            ps.setBytes(10, e.data());
            ps.setLong(11, chunkId);
            ps.executeUpdate();
        }
        return new Sums(keepFrom - lines.seq(0), storedBefore - e.storedBytes());
    }

    private static Sums sums(Connection c, String sql, long... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setLong(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Sums(rs.getLong(2), rs.getLong(3));
            }
        }
    }
}
