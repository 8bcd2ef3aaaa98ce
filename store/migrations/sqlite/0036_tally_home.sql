-- Home visits (入户) per region and day, kept with tally_visits by the same
-- writes (store/tally.go), so that a region's outcomes count a year's
-- visits and home visits from a few thousand kept rows: read from the
-- visits, a city's year was 556,920 index entries (100 ms on SQLite with
-- a warm cache, seconds under load) and grew with every year kept.
CREATE TABLE tally_home (
    grain  INTEGER NOT NULL,
    region TEXT NOT NULL,
    day    TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (grain, region, day)
);

INSERT INTO tally_home (grain, region, day, n)
    SELECT 6, SUBSTR(region, 1, 6), visited_on, COUNT(*) FROM visits WHERE kind = 'home' GROUP BY SUBSTR(region, 1, 6), visited_on;
INSERT INTO tally_home (grain, region, day, n)
    SELECT 9, SUBSTR(region, 1, 9), visited_on, COUNT(*) FROM visits WHERE kind = 'home' GROUP BY SUBSTR(region, 1, 9), visited_on;
