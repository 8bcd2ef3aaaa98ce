-- Results of the server's scheduled backups (serve --backup-every), so the
-- system administrator sees when the last one ran and whether it worked.
-- error is empty for a backup that succeeded.

CREATE TABLE backup_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    file        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    error       TEXT NOT NULL DEFAULT ''
);
