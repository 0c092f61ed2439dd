-- hero-proc's stored model. Times are epoch milliseconds (UTC); durations are milliseconds.
-- Structured settings (env, depends_on, health, lists of names) are JSON text.

CREATE TABLE actions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT    NOT NULL UNIQUE,
    interpreter    TEXT    NOT NULL,
    script         TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    timeout_ms     INTEGER,
    env            TEXT    NOT NULL DEFAULT '{}',
    cwd            TEXT,
    run_as         TEXT,
    depends_on     TEXT    NOT NULL DEFAULT '[]',
    health         TEXT,
    stop_signal    TEXT    NOT NULL DEFAULT 'TERM',
    stop_grace_ms  INTEGER NOT NULL DEFAULT 10000,
    generated_by   TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

CREATE TABLE services (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    name               TEXT    NOT NULL UNIQUE,
    actions            TEXT    NOT NULL,
    requires           TEXT    NOT NULL DEFAULT '[]',
    wanted             TEXT    NOT NULL,
    restart_policy     TEXT    NOT NULL,
    backoff_initial_ms INTEGER NOT NULL,
    backoff_factor     REAL    NOT NULL,
    backoff_max_ms     INTEGER NOT NULL,
    backoff_jitter     REAL    NOT NULL,
    reset_after_ms     INTEGER NOT NULL,
    max_restarts       INTEGER,
    essential          INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);

CREATE TABLE runs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    service         TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    reason          TEXT,
    stop_requested  INTEGER NOT NULL DEFAULT 0,
    restarts        INTEGER NOT NULL DEFAULT 0,
    next_restart_at INTEGER,
    started_at      INTEGER NOT NULL,
    ended_at        INTEGER
);
CREATE INDEX runs_by_service ON runs (service, id);

CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    service     TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    attempt     INTEGER NOT NULL DEFAULT 1,
    phase       TEXT    NOT NULL,
    ready       INTEGER NOT NULL DEFAULT 0,
    health      TEXT,
    pid         INTEGER,
    pgid        INTEGER,
    start_ticks INTEGER,
    exit_code   INTEGER,
    signal      INTEGER,
    reason      TEXT,
    cpu_percent REAL,
    rss_bytes   INTEGER,
    created_at  INTEGER NOT NULL,
    started_at  INTEGER,
    ended_at    INTEGER
);
CREATE INDEX jobs_by_run ON jobs (run_id, id);
CREATE INDEX jobs_by_service ON jobs (service, id);
CREATE INDEX jobs_live ON jobs (phase) WHERE phase IN ('pending', 'running');
