-- Every change and every exit, with its cause and who asked: the audit trail and the live stream
-- are this one table. Ids only grow (AUTOINCREMENT, and SQLite has one writer at a time), so a
-- reader that resumes after an id never skips nor repeats one. `run` and `job` are named so, not
-- run_id/job_id: an event outlives the rows it speaks of.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    ts         INTEGER NOT NULL,
    type       TEXT    NOT NULL,
    service    TEXT,
    action     TEXT,
    run        INTEGER,
    job        INTEGER,
    source     TEXT    NOT NULL,
    caller     TEXT,
    user_agent TEXT,
    message    TEXT    NOT NULL,
    data       TEXT
);
CREATE INDEX events_by_service ON events (service, id);
CREATE INDEX events_by_type ON events (type, id);
CREATE INDEX events_by_ts ON events (ts);

-- Where events are sent (declared in manifests), and how far each has got.
CREATE TABLE webhooks (
    name       TEXT    PRIMARY KEY,
    url        TEXT    NOT NULL,
    types      TEXT    NOT NULL,
    delivered  INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
