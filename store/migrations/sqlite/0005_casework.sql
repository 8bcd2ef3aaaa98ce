-- Case work: households, beneficiaries (ID and phone encrypted, with a keyed
-- hash of the ID for lookups), their groups, assessments, follow-up levels,
-- visits, applications, the access log and settings.

CREATE TABLE households (
    id         INTEGER PRIMARY KEY,
    region     TEXT NOT NULL,
    head_name  TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX households_region ON households (region, id);

CREATE TABLE beneficiaries (
    id             INTEGER PRIMARY KEY,
    region         TEXT NOT NULL,
    household_id   INTEGER REFERENCES households (id),
    relation       TEXT NOT NULL DEFAULT '',
    name           TEXT NOT NULL,
    gender         TEXT NOT NULL,
    birth          TEXT NOT NULL,
    id_number_enc  TEXT NOT NULL DEFAULT '',
    id_number_hash TEXT,
    phone_enc      TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    lat            REAL NOT NULL DEFAULT 0,
    lng            REAL NOT NULL DEFAULT 0,
    disability     TEXT NOT NULL DEFAULT '',
    found_by       TEXT NOT NULL DEFAULT '',
    found_on       TEXT,
    worker_id      INTEGER REFERENCES people (id),
    level          INTEGER NOT NULL,
    open           BOOLEAN NOT NULL,
    closed_on      TEXT,
    closed_why     TEXT NOT NULL DEFAULT '',
    last_visit     TEXT,
    next_due       TEXT,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX beneficiaries_id_number ON beneficiaries (id_number_hash);
CREATE INDEX beneficiaries_region ON beneficiaries (region, id);
CREATE INDEX beneficiaries_name ON beneficiaries (name, region);
CREATE INDEX beneficiaries_worker_due ON beneficiaries (worker_id, open, next_due);
CREATE INDEX beneficiaries_region_due ON beneficiaries (region, open, next_due);
CREATE INDEX beneficiaries_found ON beneficiaries (region, found_on);

CREATE TABLE beneficiary_groups (
    beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries (id),
    grp            TEXT NOT NULL,
    PRIMARY KEY (beneficiary_id, grp)
);

CREATE TABLE assessments (
    id             INTEGER PRIMARY KEY,
    beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries (id),
    assessed_on    TEXT NOT NULL,
    areas          TEXT NOT NULL,
    goals          TEXT NOT NULL DEFAULT '',
    recorded_by    TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX assessments_beneficiary ON assessments (beneficiary_id, id);

CREATE TABLE level_changes (
    id             INTEGER PRIMARY KEY,
    beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries (id),
    region         TEXT NOT NULL,
    from_level     INTEGER NOT NULL,
    to_level       INTEGER NOT NULL,
    reason         TEXT NOT NULL,
    changed_on     TEXT NOT NULL,
    requested_by   TEXT NOT NULL,
    confirmed_by   TEXT NOT NULL DEFAULT '',
    pending        BOOLEAN NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX level_changes_beneficiary ON level_changes (beneficiary_id, id);
CREATE INDEX level_changes_pending ON level_changes (region, pending);

CREATE TABLE visits (
    id             INTEGER PRIMARY KEY,
    beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries (id),
    region         TEXT NOT NULL,
    visited_on     TEXT NOT NULL,
    kind           TEXT NOT NULL,
    findings       TEXT NOT NULL DEFAULT '',
    services       TEXT NOT NULL DEFAULT '',
    next_due       TEXT,
    recorded_by    TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX visits_beneficiary ON visits (beneficiary_id, visited_on);
CREATE INDEX visits_region ON visits (region, visited_on);

CREATE TABLE visit_workers (
    visit_id  INTEGER NOT NULL REFERENCES visits (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (visit_id, person_id)
);

CREATE TABLE applications (
    id             INTEGER PRIMARY KEY,
    beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries (id),
    region         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    prepared_on    TEXT NOT NULL,
    submitted_on   TEXT,
    decided_on     TEXT,
    amount         INTEGER NOT NULL DEFAULT 0,
    documents      TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX applications_beneficiary ON applications (beneficiary_id);
CREATE INDEX applications_region ON applications (region, prepared_on, kind, status);

CREATE TABLE access_log (
    id             INTEGER PRIMARY KEY,
    at             TIMESTAMP NOT NULL,
    user_id        INTEGER NOT NULL,
    username       TEXT NOT NULL,
    action         TEXT NOT NULL,
    beneficiary_id INTEGER,
    region         TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    detail         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_log_region ON access_log (region, id);
CREATE INDEX access_log_beneficiary ON access_log (beneficiary_id, id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
