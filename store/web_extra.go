package store

import (
	"context"
	"fmt"
	"strconv"

	"shuangbai"
)

// SiteTally counts the stations and points under one region by status, for
// dashboards and the region tree.
type SiteTally struct {
	Code            string // the region the counts are for
	StationsBuilt   int
	StationsPlanned int
	PointsBuilt     int
	PointsPlanned   int
}

// Stations returns the number of stations, built or planned.
func (t SiteTally) Stations() int { return t.StationsBuilt + t.StationsPlanned }

// Points returns the number of points, built or planned.
func (t SiteTally) Points() int { return t.PointsBuilt + t.PointsPlanned }

// codeLen is the length of a region code at each level.
var codeLen = map[shuangbai.Level]int{
	shuangbai.LevelProvince: 2, shuangbai.LevelCity: 4, shuangbai.LevelCounty: 6,
	shuangbai.LevelTown: 9, shuangbai.LevelVillage: 12,
}

// SiteTallies counts the stations and points inside scope, grouped by the
// region at level by that contains each of them (LevelCounty: one tally per
// county). Regions with nothing to count are absent from the map. Counting
// happens in SQL so that a city's dashboard does not read every point.
func (db *DB) SiteTallies(ctx context.Context, scope shuangbai.Scope, by shuangbai.Level) (map[string]SiteTally, error) {
	n, ok := codeLen[by]
	if !ok {
		return nil, fmt.Errorf("store: site tallies: bad level %d", by)
	}
	out := map[string]SiteTally{}
	for _, table := range []string{"stations", "points"} {
		var w where
		w.scope("region", scope)
		prefix := "substr(region, 1, " + strconv.Itoa(n) + ")"
		rows, err := db.read.QueryContext(ctx, db.q("SELECT "+prefix+", status, COUNT(*) FROM "+table+" WHERE "+w.String()+
			" GROUP BY "+prefix+", status"), w.args...)
		if err != nil {
			return nil, fmt.Errorf("store: site tallies: %w", err)
		}
		for rows.Next() {
			var code, status string
			var count int
			if err := rows.Scan(&code, &status, &count); err != nil {
				rows.Close()
				return nil, err
			}
			t := out[code]
			t.Code = code
			built := shuangbai.SiteStatus(status) == shuangbai.SiteBuilt
			switch {
			case table == "stations" && built:
				t.StationsBuilt += count
			case table == "stations":
				t.StationsPlanned += count
			case built:
				t.PointsBuilt += count
			default:
				t.PointsPlanned += count
			}
			out[code] = t
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
