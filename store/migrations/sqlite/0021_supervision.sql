-- Station work (issue 11, items 3 and 4): supervision visits (督导) with
-- their forms, topics and advice; monitoring and evaluation (监测评估):
-- indicator sets with weights and maximum scores, rounds over stations,
-- scores in hundredths of a point with evidence notes; and the action
-- items both leave behind — a visit's to-dos and an evaluation's
-- rectification items (整改) — in one table, so overdue ones list
-- together. Every row carries the region it is scoped by.

CREATE TABLE supervision_visits (
    id            INTEGER PRIMARY KEY,
    station_id    INTEGER NOT NULL REFERENCES stations (id),
    point_id      INTEGER REFERENCES points (id),
    region        TEXT NOT NULL,
    supervisor_id INTEGER NOT NULL REFERENCES people (id),
    visited_on    TEXT NOT NULL,
    forms         TEXT NOT NULL,
    topics        TEXT NOT NULL DEFAULT '',
    advice        TEXT NOT NULL DEFAULT '',
    recorded_by   TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX supervision_visits_region ON supervision_visits (region, visited_on);
CREATE INDEX supervision_visits_supervisor ON supervision_visits (supervisor_id, visited_on);
CREATE INDEX supervision_visits_station ON supervision_visits (station_id, visited_on);

CREATE TABLE indicator_sets (
    id         INTEGER PRIMARY KEY,
    region     TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX indicator_sets_region ON indicator_sets (region);

CREATE TABLE indicators (
    id        INTEGER PRIMARY KEY,
    set_id    INTEGER NOT NULL REFERENCES indicator_sets (id),
    seq       INTEGER NOT NULL,
    name      TEXT NOT NULL,
    category  TEXT NOT NULL DEFAULT '',
    weight    INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    max_score INTEGER NOT NULL CHECK (max_score BETWEEN 1 AND 10000),
    computed  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX indicators_set ON indicators (set_id, seq);

CREATE TABLE evaluation_rounds (
    id         INTEGER PRIMARY KEY,
    region     TEXT NOT NULL,
    set_id     INTEGER NOT NULL REFERENCES indicator_sets (id),
    title      TEXT NOT NULL,
    evaluators TEXT NOT NULL,
    held_on    TEXT NOT NULL,
    methods    TEXT NOT NULL DEFAULT '',
    findings   TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX evaluation_rounds_region ON evaluation_rounds (region, held_on);

CREATE TABLE evaluation_stations (
    round_id   INTEGER NOT NULL REFERENCES evaluation_rounds (id),
    station_id INTEGER NOT NULL REFERENCES stations (id),
    region     TEXT NOT NULL,
    findings   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (round_id, station_id)
);
CREATE INDEX evaluation_stations_region ON evaluation_stations (region, round_id);

CREATE TABLE evaluation_scores (
    round_id     INTEGER NOT NULL REFERENCES evaluation_rounds (id),
    station_id   INTEGER NOT NULL REFERENCES stations (id),
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    score        INTEGER CHECK (score BETWEEN 0 AND 10000),
    evidence     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (round_id, station_id, indicator_id)
);

CREATE TABLE action_items (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    visit_id        INTEGER REFERENCES supervision_visits (id),
    round_id        INTEGER REFERENCES evaluation_rounds (id),
    station_id      INTEGER NOT NULL REFERENCES stations (id),
    region          TEXT NOT NULL,
    title           TEXT NOT NULL,
    owner           TEXT NOT NULL,
    owner_person_id INTEGER REFERENCES people (id),
    due             TEXT NOT NULL,
    from_on         TEXT NOT NULL,
    done_on         TEXT,
    done_note       TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    CHECK ((visit_id IS NULL) <> (round_id IS NULL))
);
CREATE INDEX action_items_visit ON action_items (visit_id, id);
CREATE INDEX action_items_round ON action_items (round_id, station_id, id);
CREATE INDEX action_items_region ON action_items (region, due);
CREATE INDEX action_items_open ON action_items (done_on, due, region);
