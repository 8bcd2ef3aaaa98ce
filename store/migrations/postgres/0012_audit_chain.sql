-- A tamper-evident audit (等保 2.0 level 3): every audit and access entry
-- carries the hash of the entry before it and its own, so an edit, a
-- deletion or an insertion by hand breaks the chain. audit_chain holds each
-- log's head and length, so even the newest entries cannot be removed
-- unnoticed; sealed is 0 until the entries written before this version
-- have been hashed (once, by the binary at start-up).
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
ALTER TABLE access_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE access_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE TABLE audit_chain (
    name    TEXT PRIMARY KEY,
    head    TEXT NOT NULL DEFAULT '',
    entries BIGINT NOT NULL DEFAULT 0,
    sealed  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO audit_chain (name) VALUES ('audit_log');
INSERT INTO audit_chain (name) VALUES ('access_log');
