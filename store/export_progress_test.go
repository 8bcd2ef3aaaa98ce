package store

import (
	"context"

	"shuangbai"
)

// The progress table's figures are gathered per county for the region of
// the table (progressFigures), and each row then sums only the counties and
// trainings under its own code; so neither Progress nor CountyProgress shows
// whether siteCounts, trainingCounts and reportsOn keep to their scope. The
// scope tests read them directly, as they read registeredCounties.

// SiteCountsForTest exposes siteCounts: per county inside scope, its
// stations' and points' counts on d.
func (db *DB) SiteCountsForTest(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) (map[string][2]shuangbai.SiteCounts, error) {
	m, err := db.siteCounts(ctx, scope, d)
	if err != nil {
		return nil, err
	}
	out := map[string][2]shuangbai.SiteCounts{}
	for code, c := range m {
		out[code] = [2]shuangbai.SiteCounts{c.stations, c.points}
	}
	return out, nil
}

// TrainingCountsForTest exposes trainingCounts: per organising region
// inside scope, the trainings held by d.
func (db *DB) TrainingCountsForTest(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) (map[string]int, error) {
	return db.trainingCounts(ctx, scope, d)
}

// ReportsOnForTest exposes reportsOn: per county inside scope, the
// stations it last reported built on or before d.
func (db *DB) ReportsOnForTest(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) (map[string]int, error) {
	m, err := db.reportsOn(ctx, scope, d)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for code, r := range m {
		out[code] = r.stations.Built
	}
	return out, nil
}
