package store_test

import (
	"testing"

	"shuangbai/store/storetest"
)

// TestAnalyze: after Analyze the planner has statistics of a table just
// filled, and on PostgreSQL the table was vacuumed too (its visibility map
// set, so that an index-only scan need not read it).
func TestAnalyze(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	storetest.Yunfu(t, db)
	if err := db.Analyze(ctx); err != nil {
		t.Fatal(err)
	}
	query := `SELECT CAST(COUNT(*) AS TEXT) FROM sqlite_stat1 WHERE tbl = 'regions'`
	if db.Engine() == "postgres" {
		query = `SELECT CAST(COUNT(*) AS TEXT) FROM pg_stat_user_tables
			WHERE schemaname = current_schema() AND relname = 'regions' AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL`
	}
	got, err := db.RawForTest(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	if got == "0" {
		t.Errorf("no statistics (or, on PostgreSQL, no vacuum) of regions after Analyze")
	}
}
