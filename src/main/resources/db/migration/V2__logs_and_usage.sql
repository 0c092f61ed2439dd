-- Captured output of every job: one row a line, numbered per job from 1 (seq), so a reader can
-- page and resume by seq, and a gap in seq is lines dropped by retention.
CREATE TABLE log_lines (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id INTEGER NOT NULL,
    seq    INTEGER NOT NULL,
    ts     INTEGER NOT NULL,
    stream TEXT    NOT NULL,
    line   TEXT    NOT NULL
);
CREATE UNIQUE INDEX log_lines_by_job ON log_lines (job_id, seq);

-- Resource usage samples of each job (the latest also sits on the job row).
CREATE TABLE job_usage (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id      INTEGER NOT NULL,
    ts          INTEGER NOT NULL,
    cpu_percent REAL    NOT NULL,
    rss_bytes   INTEGER NOT NULL
);
CREATE INDEX job_usage_by_job ON job_usage (job_id, ts);
