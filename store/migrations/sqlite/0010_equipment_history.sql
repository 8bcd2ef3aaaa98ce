-- The equipment checklist of each station and point, dated, so that the
-- progress table for an earlier day grades the equipment as it was then.
-- Each version holds from since until the next one's since (until NULL:
-- still in force), so "as of a day" is a plain join, not a search.
CREATE TABLE equipment_history (
    id        INTEGER PRIMARY KEY,
    site_kind TEXT NOT NULL,           -- 'station' or 'point'
    site_id   INTEGER NOT NULL,
    since     TEXT NOT NULL,
    until     TEXT,
    equipment INTEGER NOT NULL
);
CREATE INDEX equipment_history_site ON equipment_history (site_kind, site_id, since, until, equipment);

-- What is known of existing sites: their present checklist, since built.
INSERT INTO equipment_history (site_kind, site_id, since, equipment)
    SELECT 'station', id, COALESCE(built_on, '1000-01-01'), equipment FROM stations;
INSERT INTO equipment_history (site_kind, site_id, since, equipment)
    SELECT 'point', id, COALESCE(built_on, '1000-01-01'), equipment FROM points;
