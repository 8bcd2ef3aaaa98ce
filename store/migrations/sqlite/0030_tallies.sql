-- Summary tables for the dashboard (issue 13): counts kept by every write
-- that changes what they count, in the same transaction (store/tally.go),
-- so a city's two years of visits read a few thousand rows instead of half
-- a million. Each count is kept at two grains, the county (grain 6: the
-- first six digits of the code) and the town (grain 9): a province's or
-- city's dashboard reads its counties' rows, a county's or town's its own
-- or its towns'. Rows whose count falls to zero are deleted.

-- Visits per region and day (visits.region, visited_on).
CREATE TABLE tally_visits (
    grain  INTEGER NOT NULL,
    region TEXT NOT NULL,
    day    TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (grain, region, day)
);

-- Open files per region, level and next due day; an open file without a
-- due day counts as due on 9999-12-31, never late.
CREATE TABLE tally_open (
    grain  INTEGER NOT NULL,
    region TEXT NOT NULL,
    level  INTEGER NOT NULL,
    due    TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (grain, region, level, due)
);

-- Open files per region and group (a file in two groups counts in both).
CREATE TABLE tally_groups (
    grain  INTEGER NOT NULL,
    region TEXT NOT NULL,
    grp    TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (grain, region, grp)
);

-- Files, open or closed, per region and the day they were found (found_on);
-- files without that day are not counted.
CREATE TABLE tally_found (
    grain  INTEGER NOT NULL,
    region TEXT NOT NULL,
    day    TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (grain, region, day)
);

-- The existing records, counted once.
INSERT INTO tally_visits (grain, region, day, n)
    SELECT 6, SUBSTR(region, 1, 6), visited_on, COUNT(*) FROM visits GROUP BY SUBSTR(region, 1, 6), visited_on;
INSERT INTO tally_visits (grain, region, day, n)
    SELECT 9, SUBSTR(region, 1, 9), visited_on, COUNT(*) FROM visits GROUP BY SUBSTR(region, 1, 9), visited_on;
INSERT INTO tally_open (grain, region, level, due, n)
    SELECT 6, SUBSTR(region, 1, 6), level, COALESCE(next_due, '9999-12-31'), COUNT(*) FROM beneficiaries WHERE open
    GROUP BY SUBSTR(region, 1, 6), level, COALESCE(next_due, '9999-12-31');
INSERT INTO tally_open (grain, region, level, due, n)
    SELECT 9, SUBSTR(region, 1, 9), level, COALESCE(next_due, '9999-12-31'), COUNT(*) FROM beneficiaries WHERE open
    GROUP BY SUBSTR(region, 1, 9), level, COALESCE(next_due, '9999-12-31');
INSERT INTO tally_groups (grain, region, grp, n)
    SELECT 6, SUBSTR(b.region, 1, 6), g.grp, COUNT(*) FROM beneficiaries b JOIN beneficiary_groups g ON g.beneficiary_id = b.id WHERE b.open
    GROUP BY SUBSTR(b.region, 1, 6), g.grp;
INSERT INTO tally_groups (grain, region, grp, n)
    SELECT 9, SUBSTR(b.region, 1, 9), g.grp, COUNT(*) FROM beneficiaries b JOIN beneficiary_groups g ON g.beneficiary_id = b.id WHERE b.open
    GROUP BY SUBSTR(b.region, 1, 9), g.grp;
INSERT INTO tally_found (grain, region, day, n)
    SELECT 6, SUBSTR(region, 1, 6), found_on, COUNT(*) FROM beneficiaries WHERE found_on IS NOT NULL GROUP BY SUBSTR(region, 1, 6), found_on;
INSERT INTO tally_found (grain, region, day, n)
    SELECT 9, SUBSTR(region, 1, 9), found_on, COUNT(*) FROM beneficiaries WHERE found_on IS NOT NULL GROUP BY SUBSTR(region, 1, 9), found_on;

-- The dashboard's empty sites (空岗) ask, per built site, whether anybody
-- is assigned there on a day: without these, each asking scanned every
-- assignment (a city of the generated province: 1.3 s on SQLite).
CREATE INDEX assignments_station ON assignments (station_id, date_from);
CREATE INDEX assignments_point ON assignments (point_id, date_from);
