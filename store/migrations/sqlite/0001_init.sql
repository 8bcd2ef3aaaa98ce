-- Regions, the station network, staff, users, sessions and the audit log.
-- Dates are TEXT 'YYYY-MM-DD' (PostgreSQL: DATE); timestamps TIMESTAMP.

CREATE TABLE regions (
    code       TEXT NOT NULL,
    valid_from TEXT NOT NULL,          -- '1000-01-01' when known since ever
    valid_to   TEXT,                   -- NULL while still valid
    name       TEXT NOT NULL,
    parent     TEXT NOT NULL,
    level      INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    PRIMARY KEY (code, valid_from)
);
CREATE INDEX regions_parent ON regions (parent, code);

CREATE TABLE stations (
    id             INTEGER PRIMARY KEY,
    region         TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    status         TEXT NOT NULL,
    built_on       TEXT,
    office         BOOLEAN NOT NULL DEFAULT FALSE,
    office_address TEXT NOT NULL DEFAULT '',
    office_since   TEXT,
    equipment      INTEGER NOT NULL DEFAULT 0,
    lat            REAL NOT NULL DEFAULT 0,
    lng            REAL NOT NULL DEFAULT 0,
    phone          TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE points (
    id             INTEGER PRIMARY KEY,
    region         TEXT NOT NULL UNIQUE,
    station_id     INTEGER NOT NULL REFERENCES stations (id),
    name           TEXT NOT NULL,
    status         TEXT NOT NULL,
    built_on       TEXT,
    office         BOOLEAN NOT NULL DEFAULT FALSE,
    office_address TEXT NOT NULL DEFAULT '',
    office_since   TEXT,
    equipment      INTEGER NOT NULL DEFAULT 0,
    lat            REAL NOT NULL DEFAULT 0,
    lng            REAL NOT NULL DEFAULT 0,
    phone          TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX points_station ON points (station_id);

CREATE TABLE requirements (
    county     TEXT PRIMARY KEY,
    stations   INTEGER,
    points     INTEGER,
    reason     TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    region     TEXT NOT NULL,
    name       TEXT NOT NULL,
    gender     TEXT NOT NULL,
    phone      TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX people_region ON people (region, name);

CREATE TABLE assignments (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id),
    station_id INTEGER REFERENCES stations (id),
    point_id   INTEGER REFERENCES points (id),
    region     TEXT NOT NULL,          -- the site's region, for scoping and counting
    date_from  TEXT NOT NULL,
    date_to    TEXT,
    CHECK ((station_id IS NULL) <> (point_id IS NULL))
);
CREATE INDEX assignments_region ON assignments (region, date_from);
CREATE INDEX assignments_person ON assignments (person_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    region        TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,          -- 'session' (cookie) or 'api' (bearer token)
    name       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TIMESTAMP NOT NULL,
    user_id   INTEGER NOT NULL,
    username  TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    region    TEXT NOT NULL,
    before    TEXT NOT NULL DEFAULT '',
    after     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_region ON audit_log (region, id);
