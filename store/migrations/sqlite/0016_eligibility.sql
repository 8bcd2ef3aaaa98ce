-- 政策找人: the eligibility rules a city (or county) set for its people,
-- each a dated version; the shipped rules live in the code and hold where
-- no version here does.
CREATE TABLE eligibility_rules (
    id          INTEGER PRIMARY KEY,
    region      TEXT NOT NULL,
    benefit     TEXT NOT NULL,
    name        TEXT NOT NULL,
    source      TEXT NOT NULL,
    conditions  TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX eligibility_rules_region ON eligibility_rules (region, benefit, valid_from);
