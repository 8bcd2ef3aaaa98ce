-- Community activities (社区活动): what a station held, where (its town or
-- one of its villages: region), when, of which kind, and how many it
-- reached. The county list and the counts by kind, station and period
-- read the (region, held_on, id) index as one range, newest first, paged
-- by key. Named participants, some linked to beneficiaries' files, and the
-- photos, kept in the database with their checksum and thumbnail like
-- attachments.
CREATE TABLE activities (
    id         INTEGER PRIMARY KEY,
    station_id INTEGER NOT NULL REFERENCES stations (id),
    region     TEXT NOT NULL,
    held_on    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    targets    TEXT NOT NULL DEFAULT '',
    reached    INTEGER NOT NULL DEFAULT 0,
    volunteers INTEGER NOT NULL DEFAULT 0,
    materials  TEXT NOT NULL DEFAULT '',
    handed_out INTEGER NOT NULL DEFAULT 0,
    partners   TEXT NOT NULL DEFAULT '',
    summary    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX activities_region ON activities (region, held_on, id);
CREATE INDEX activities_station ON activities (station_id, held_on);

CREATE TABLE activity_participants (
    id             INTEGER PRIMARY KEY,
    activity_id    INTEGER NOT NULL REFERENCES activities (id),
    region         TEXT NOT NULL,
    name           TEXT NOT NULL,
    beneficiary_id INTEGER REFERENCES beneficiaries (id),
    note           TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX activity_participants_activity ON activity_participants (activity_id, id);
CREATE INDEX activity_participants_beneficiary ON activity_participants (beneficiary_id);

CREATE TABLE activity_photos (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES activities (id),
    region       TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    thumb        BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE INDEX activity_photos_activity ON activity_photos (activity_id, id);
