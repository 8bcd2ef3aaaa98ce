-- Security alerts (安全提醒) for the bureau admins of a region: someone typed
-- or imported ID numbers filed there. Written with the access-log lines of
-- the attempt; read_at and read_by say which admin dealt with it.
CREATE TABLE alerts (
    id         INTEGER PRIMARY KEY,
    region     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    message    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP,
    read_by    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alerts_region ON alerts (region, id);

-- Each user's roster uploads and dry runs in the last hour (unix seconds,
-- space-separated), kept in the database so that a restart does not reset
-- the hourly limit. One row per user, which an upsert locks.
CREATE TABLE import_quota (
    user_id    BIGINT PRIMARY KEY,
    runs       TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL
);
