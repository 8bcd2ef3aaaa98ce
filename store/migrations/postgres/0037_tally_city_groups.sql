-- Kept counts for the reports of a province and its cities (store/tally.go).
-- (Counts of community activities per day and kind were tried here too and
-- dropped before release: at a province's density of 400,000 activities
-- over three years, a city's day held about one activity of a kind, so the
-- kept rows were as many as the activities; the dashboard keeps its
-- activity figures under a data version instead, migration 0038.)
--
-- A city grain (4): a province's dashboard and outcomes summed its 122
-- counties' rows day by day, some 90,000 rows a year of each summary read
-- at every request; at the city grain it is 21 a day.
INSERT INTO tally_visits (grain, region, day, n) SELECT 4, SUBSTR(region, 1, 4), day, SUM(n) FROM tally_visits WHERE grain = 6 GROUP BY SUBSTR(region, 1, 4), day;
INSERT INTO tally_open (grain, region, level, due, n) SELECT 4, SUBSTR(region, 1, 4), level, due, SUM(n) FROM tally_open WHERE grain = 6 GROUP BY SUBSTR(region, 1, 4), level, due;
INSERT INTO tally_groups (grain, region, grp, n) SELECT 4, SUBSTR(region, 1, 4), grp, SUM(n) FROM tally_groups WHERE grain = 6 GROUP BY SUBSTR(region, 1, 4), grp;
INSERT INTO tally_found (grain, region, day, n) SELECT 4, SUBSTR(region, 1, 4), day, SUM(n) FROM tally_found WHERE grain = 6 GROUP BY SUBSTR(region, 1, 4), day;
INSERT INTO tally_home (grain, region, day, n) SELECT 4, SUBSTR(region, 1, 4), day, SUM(n) FROM tally_home WHERE grain = 6 GROUP BY SUBSTR(region, 1, 4), day;

-- Files per day found and group, open or closed: the people a period's
-- outcomes identified per group. Counted from the files, a province's year
-- joined 300,000 files to their groups at every request.
CREATE TABLE tally_found_groups (
    grain  INTEGER NOT NULL,
    region TEXT NOT NULL,
    day    DATE NOT NULL,
    grp    TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (grain, region, day, grp)
);

INSERT INTO tally_found_groups (grain, region, day, grp, n)
    SELECT 4, SUBSTR(b.region, 1, 4), b.found_on, g.grp, COUNT(*) FROM beneficiaries b JOIN beneficiary_groups g ON g.beneficiary_id = b.id
    WHERE b.found_on IS NOT NULL GROUP BY SUBSTR(b.region, 1, 4), b.found_on, g.grp;
INSERT INTO tally_found_groups (grain, region, day, grp, n)
    SELECT 6, SUBSTR(b.region, 1, 6), b.found_on, g.grp, COUNT(*) FROM beneficiaries b JOIN beneficiary_groups g ON g.beneficiary_id = b.id
    WHERE b.found_on IS NOT NULL GROUP BY SUBSTR(b.region, 1, 6), b.found_on, g.grp;
INSERT INTO tally_found_groups (grain, region, day, grp, n)
    SELECT 9, SUBSTR(b.region, 1, 9), b.found_on, g.grp, COUNT(*) FROM beneficiaries b JOIN beneficiary_groups g ON g.beneficiary_id = b.id
    WHERE b.found_on IS NOT NULL GROUP BY SUBSTR(b.region, 1, 9), b.found_on, g.grp;
