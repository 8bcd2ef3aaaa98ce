-- Roster imports remember the column mapping a user chose for a register of
-- a given shape (its header's signature), so the next file of that shape
-- comes pre-mapped. The mapping is a JSON array of field names by column.

CREATE TABLE roster_mappings (
    signature  TEXT PRIMARY KEY,
    mapping    TEXT NOT NULL,
    updated_by BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

