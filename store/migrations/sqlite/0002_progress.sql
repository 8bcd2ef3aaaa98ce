-- Dated county facts and the trainings register, for the progress table.

CREATE TABLE county_facts (
    id                INTEGER PRIMARY KEY,
    region            TEXT NOT NULL,
    effective         TEXT NOT NULL,
    plan_issued       BOOLEAN NOT NULL,
    plan_date         TEXT,
    plan_doc          TEXT NOT NULL DEFAULT '',
    coordination      BOOLEAN NOT NULL,
    coordination_date TEXT,
    management        BOOLEAN NOT NULL,
    management_date   TEXT,
    funding_status    TEXT NOT NULL,
    funding_requested BIGINT NOT NULL DEFAULT 0,
    funding_approved  BIGINT NOT NULL DEFAULT 0,
    funding_note      TEXT NOT NULL DEFAULT '',
    recorded_at       TIMESTAMP NOT NULL,
    recorded_by       TEXT NOT NULL
);
CREATE INDEX county_facts_region ON county_facts (region, effective);

CREATE TABLE trainings (
    id      INTEGER PRIMARY KEY,
    region  TEXT NOT NULL,
    held_on TEXT NOT NULL,
    kind    TEXT NOT NULL,
    title   TEXT NOT NULL,
    hours   REAL NOT NULL DEFAULT 0
);
CREATE INDEX trainings_region ON trainings (region, held_on);

CREATE TABLE training_attendees (
    training_id INTEGER NOT NULL REFERENCES trainings (id),
    person_id   INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (training_id, person_id)
);
