-- The briefing (工作简报): news items written by counties and stations with
-- every saved version and their photos; series with their sections and
-- distribution list (发至, 抄送); issues, whose sections name news and live
-- blocks while a draft (layout, JSON) and which keep their whole printed
-- content (content, JSON) from the moment they are published, so a
-- published issue never changes when the data does.

CREATE TABLE news_items (
    id         INTEGER PRIMARY KEY,
    region     TEXT NOT NULL,
    title      TEXT NOT NULL,
    news_date  TEXT NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    tags       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    comment    TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL,
    published  BOOLEAN NOT NULL DEFAULT FALSE,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX news_items_region ON news_items (region, news_date);
CREATE INDEX news_items_status ON news_items (status, news_date);

CREATE TABLE news_versions (
    id         INTEGER PRIMARY KEY,
    news_id    INTEGER NOT NULL REFERENCES news_items (id),
    version    INTEGER NOT NULL,
    title      TEXT NOT NULL,
    news_date  TEXT NOT NULL,
    place      TEXT NOT NULL,
    body       TEXT NOT NULL,
    tags       TEXT NOT NULL,
    status     TEXT NOT NULL,
    note       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX news_versions_item ON news_versions (news_id, version);

CREATE TABLE news_photos (
    id           INTEGER PRIMARY KEY,
    news_id      INTEGER NOT NULL REFERENCES news_items (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    thumb        BLOB,
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX news_photos_item ON news_photos (news_id, id);

CREATE TABLE briefing_series (
    id         INTEGER PRIMARY KEY,
    region     TEXT NOT NULL,
    name       TEXT NOT NULL,
    masthead   TEXT NOT NULL,
    office     TEXT NOT NULL,
    sections   TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX briefing_series_region ON briefing_series (region);

CREATE TABLE briefing_recipients (
    id        INTEGER PRIMARY KEY,
    series_id INTEGER NOT NULL REFERENCES briefing_series (id),
    grp       TEXT NOT NULL,
    person    BOOLEAN NOT NULL,
    name      TEXT NOT NULL,
    seq       INTEGER NOT NULL
);
CREATE INDEX briefing_recipients_series ON briefing_recipients (series_id, grp, seq);

CREATE TABLE briefings (
    id           INTEGER PRIMARY KEY,
    series_id    INTEGER NOT NULL REFERENCES briefing_series (id),
    region       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    number       INTEGER,
    issue_date   TEXT NOT NULL,
    editor       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    corrects_id  INTEGER REFERENCES briefings (id),
    layout       TEXT NOT NULL,
    content      TEXT,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);
CREATE INDEX briefings_series ON briefings (series_id, issue_date);
-- Numbers are given when an issue is published, one sequence a series and
-- year; a draft's is NULL, which the unique index lets repeat.
CREATE UNIQUE INDEX briefings_number ON briefings (series_id, year, number);
