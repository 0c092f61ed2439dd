-- Captured output in chunks of whole lines (see io.heroproc.logs.ChunkFormat), one row per chunk
-- instead of one per line: a row per line capped capture near 16 MB/s.
--   seq0       seq of the chunk's first line as written; line ids count from it (id << 20 | index),
--              so they stay when retention cuts the chunk's oldest lines (first_seq moves up)
--   streams    bits of the streams present: 1 stdout, 2 stderr, 4 system
--   raw_bytes  size of the lines uncompressed; stored_bytes: of the three blobs (byte caps count it)
--   codec      0: data holds the lines as they are; 1: raw deflate
--   meta       the lines' streams, times and continuation marks; bloom: trigram filter (search)
-- The blobs come last: reading the small columns of a row does not walk its overflow pages.
CREATE TABLE log_chunks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id       INTEGER NOT NULL,
    seq0         INTEGER NOT NULL,
    first_seq    INTEGER NOT NULL,
    last_seq     INTEGER NOT NULL,
    first_ts     INTEGER NOT NULL,
    last_ts      INTEGER NOT NULL,
    streams      INTEGER NOT NULL,
    raw_bytes    INTEGER NOT NULL,
    stored_bytes INTEGER NOT NULL,
    codec        INTEGER NOT NULL,
    meta         BLOB    NOT NULL,
    bloom        BLOB,
    data         BLOB    NOT NULL
);
CREATE UNIQUE INDEX log_chunks_by_job ON log_chunks (job_id, last_seq);

-- Lines stored before: one chunk each (a '\n' inside a marker line becomes a space).
INSERT INTO log_chunks (job_id, seq0, first_seq, last_seq, first_ts, last_ts, streams, raw_bytes, stored_bytes,
                        codec, meta, bloom, data)
SELECT job_id, seq, seq, seq, ts, ts,
       CASE stream WHEN 'stdout' THEN 1 WHEN 'stderr' THEN 2 ELSE 4 END,
       length(CAST(replace(line, char(10), ' ') AS BLOB)) + 1,
       length(CAST(replace(line, char(10), ' ') AS BLOB)) + 4,
       0,
       CASE stream WHEN 'stdout' THEN x'000100' WHEN 'stderr' THEN x'010100' ELSE x'020100' END,
       NULL,
       CAST(replace(line, char(10), ' ') || char(10) AS BLOB)
FROM log_lines ORDER BY id;

DROP TABLE log_lines;
