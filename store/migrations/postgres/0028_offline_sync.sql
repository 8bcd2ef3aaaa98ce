-- Offline capture (离线登记): a phone sends each visit it queued with a
-- client-made id (a UUID) and may send it again when it never saw the
-- answer. The key remembers who sent it, a digest of what was sent and
-- the visit it made, so a replay gets the first answer and no second
-- visit, and a key reused by another account or with other content is
-- refused.

CREATE TABLE idempotency_keys (
    idem_key    TEXT COLLATE "C" PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    digest      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    record_id   BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
