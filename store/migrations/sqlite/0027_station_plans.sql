-- Station plans (站点年度计划): a city's templates with the target lines
-- every plan must carry, and each station's plan for a year — problems with
-- their goals and strategies, the community's asset inventory, and the
-- targets measured against the year's records. A plan's lists are stored
-- whole on each save, so a plan is never half-saved.

CREATE TABLE plan_templates (
    id         INTEGER PRIMARY KEY,
    region     TEXT NOT NULL,
    name       TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX plan_templates_name ON plan_templates (region, name);

CREATE TABLE plan_template_lines (
    id          INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES plan_templates (id),
    seq    INTEGER NOT NULL,
    measure     TEXT NOT NULL,
    label       TEXT NOT NULL,
    least       INTEGER NOT NULL
);
CREATE INDEX plan_template_lines_template ON plan_template_lines (template_id, seq);

CREATE TABLE station_plans (
    id          INTEGER PRIMARY KEY,
    station_id  INTEGER NOT NULL REFERENCES stations (id),
    region      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    template_id INTEGER REFERENCES plan_templates (id),
    summary     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX station_plans_station ON station_plans (station_id, year);
CREATE INDEX station_plans_region ON station_plans (region, year);

CREATE TABLE plan_goals (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES station_plans (id),
    seq INTEGER NOT NULL,
    problem  TEXT NOT NULL,
    goal     TEXT NOT NULL,
    strategy TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_goals_plan ON plan_goals (plan_id, seq);

CREATE TABLE plan_assets (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES station_plans (id),
    seq INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    name     TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_assets_plan ON plan_assets (plan_id, seq);

CREATE TABLE plan_targets (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES station_plans (id),
    seq INTEGER NOT NULL,
    goal     INTEGER NOT NULL DEFAULT 0,
    measure  TEXT NOT NULL,
    label    TEXT NOT NULL,
    target   INTEGER NOT NULL,
    due_on   TEXT,
    entered  INTEGER NOT NULL DEFAULT 0,
    line_id  INTEGER REFERENCES plan_template_lines (id)
);
CREATE INDEX plan_targets_plan ON plan_targets (plan_id, seq);
