-- Output written aside while the log writer was behind: up to where each job's spill file
-- (spill/<job_id>.<generation> under the data dir) is stored in log_chunks. Updated in the
-- transaction that stores those chunks, so a restart replays exactly what is not stored.
CREATE TABLE log_spills (
    job_id     INTEGER PRIMARY KEY,
    generation INTEGER NOT NULL,
    stored_to  INTEGER NOT NULL
);
