#!/usr/bin/env bash
# run.sh DB: times the reads and the write that touch visits on the plain
# and the partitioned copy that setup.sql made in DB, with pgbench, one
# client, each for $SECS seconds (default 15), the two tables in turn.
#
#   psql -d gh_province -f scripts/partition-check/setup.sql   # ~10 minutes
#   scripts/partition-check/run.sh 'postgres://postgres@127.0.0.1:5432/gh_province'
#   psql -d gh_province -c 'DROP SCHEMA partition_check CASCADE'  # 4 GB
set -euo pipefail
db=${1:?usage: run.sh DATABASE-URL}
secs=${SECS:-15}
PGBENCH=${PGBENCH:-$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench | tail -1)}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

psql "$db" -q -v ON_ERROR_STOP=1 <<'SQL'
DROP TABLE IF EXISTS partition_check.towns;
CREATE TABLE partition_check.towns AS
  SELECT ROW_NUMBER() OVER (ORDER BY code) AS n, code FROM public.regions WHERE level = 4;
SQL
towns=$(psql "$db" -Atc "SELECT COUNT(*) FROM partition_check.towns")
files=$(psql "$db" -Atc "SELECT MAX(beneficiary_id) FROM partition_check.flat")

for t in flat part; do
  # A file's visits, newest first (store/visit.go).
  cat >"$dir/history-$t.sql" <<SQL
\set b random(1, $files)
SELECT id, visited_on, kind, next_due FROM partition_check.$t WHERE beneficiary_id = :b ORDER BY visited_on DESC, id DESC LIMIT 50;
SQL
  # A town's visits in one year (store/plan_write.go).
  cat >"$dir/town-year-$t.sql" <<SQL
\set k random(1, $towns)
SELECT COUNT(*) FROM partition_check.$t v, (SELECT code FROM partition_check.towns WHERE n = :k) w
 WHERE v.region >= w.code AND v.region < w.code || '~' AND v.visited_on >= '2023-01-01' AND v.visited_on <= '2023-12-31';
SQL
  # A city's visits and home visits over a year counted from the visits,
  # as outcomes did before the summaries (migration 0030).
  cat >"$dir/city-year-$t.sql" <<SQL
SELECT COUNT(*), SUM(CASE WHEN kind = 'home' THEN 1 ELSE 0 END) FROM partition_check.$t
 WHERE region >= '4401' AND region < '4401~' AND visited_on >= '2023-01-01' AND visited_on <= '2023-12-31';
SQL
  # Recording a visit (rolled back, so that the tables stay as made).
  cat >"$dir/insert-$t.sql" <<SQL
\set b random(1, $files)
BEGIN;
INSERT INTO partition_check.$t (id, beneficiary_id, region, visited_on, kind, findings, services, recorded_by, created_at)
  VALUES (900000000 + :b, :b, '440101001001', '2025-06-01', 'home', '', '', 'bench', now());
ROLLBACK;
SQL
done

printf '| read or write | plain table ms | partitioned by year ms | ratio |\n|---|---:|---:|---:|\n'
for q in history town-year city-year insert; do
  declare -A ms=()
  for t in flat part; do
    out=$("$PGBENCH" "$db" -n -c 1 -T "$secs" -f "$dir/$q-$t.sql" 2>&1)
    ms[$t]=$(awk -F' = ' '/latency average/ {print $2+0}' <<<"$out")
  done
  awk -v q="$q" -v a="${ms[flat]}" -v b="${ms[part]}" 'BEGIN { printf "| %s | %.3f | %.3f | %.2f |\n", q, a, b, b / a }'
done
