-- Does partitioning visits by year help the yearly outcomes read on
-- PostgreSQL? The measurement behind the decision in issue 14 (no):
--
--   createdb -h 127.0.0.1 -U postgres replica_city
--   SHUANGBAI_KEY=… shuangbai gen --preset city --db postgres://postgres@127.0.0.1:5432/replica_city?sslmode=disable
--   psql -h 127.0.0.1 -U postgres -d replica_city -f scripts/replica-test/partition_visits.sql
--
-- It copies the city's year of visits (500 000) into five years, once as
-- one table and once partitioned by year, with the index visits has
-- (region, visited_on), and runs the outcomes page's visit count for one
-- year of the city and of a county on each. Then drop the two tables.
\timing on
DROP TABLE IF EXISTS exp_flat, exp_part;
CREATE TABLE exp_flat AS SELECT v.id + k * 10000000 AS id, v.region, (v.visited_on - make_interval(years => k))::date AS visited_on, v.kind, v.findings
  FROM visits v, generate_series(0, 4) k;
CREATE INDEX exp_flat_region ON exp_flat (region, visited_on);
CREATE TABLE exp_part (LIKE exp_flat) PARTITION BY RANGE (visited_on);
DO $$ BEGIN FOR y IN 2019..2026 LOOP
  EXECUTE format('CREATE TABLE exp_part_%s PARTITION OF exp_part FOR VALUES FROM (%L) TO (%L)', y, make_date(y,1,1), make_date(y+1,1,1));
END LOOP; END $$;
INSERT INTO exp_part SELECT * FROM exp_flat;
CREATE INDEX exp_part_region ON exp_part (region, visited_on);
VACUUM ANALYZE exp_flat;
VACUUM ANALYZE exp_part;
-- The outcomes visit count (store/outcomes.go), a city's year and a county's.
EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*), SUM(CASE WHEN v.kind = 'home' THEN 1 ELSE 0 END) FROM exp_flat v
  WHERE v.region >= '4401' AND v.region < '4402' AND v.visited_on >= '2025-01-01' AND v.visited_on <= '2025-12-31';
EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*), SUM(CASE WHEN v.kind = 'home' THEN 1 ELSE 0 END) FROM exp_part v
  WHERE v.region >= '4401' AND v.region < '4402' AND v.visited_on >= '2025-01-01' AND v.visited_on <= '2025-12-31';
EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*), SUM(CASE WHEN v.kind = 'home' THEN 1 ELSE 0 END) FROM exp_flat v
  WHERE v.region >= '440101' AND v.region < '440102' AND v.visited_on >= '2025-01-01' AND v.visited_on <= '2025-12-31';
EXPLAIN (ANALYZE, BUFFERS) SELECT COUNT(*), SUM(CASE WHEN v.kind = 'home' THEN 1 ELSE 0 END) FROM exp_part v
  WHERE v.region >= '440101' AND v.region < '440102' AND v.visited_on >= '2025-01-01' AND v.visited_on <= '2025-12-31';
-- The same count from the dashboard's summary table (visits per county and day).
EXPLAIN (ANALYZE, BUFFERS) SELECT SUM(n) FROM tally_visits
  WHERE grain = 6 AND region >= '4401' AND region < '4402' AND day >= '2025-01-01' AND day <= '2025-12-31';
