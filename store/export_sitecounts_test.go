package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"shuangbai"
)

// SiteCountsOnForTest is siteCountsOn: per day of ds, per region cut to n
// digits, the stations' and the points' counts.
func (db *DB) SiteCountsOnForTest(ctx context.Context, scope shuangbai.Scope, n int, ds ...shuangbai.Date) ([]map[string][2]shuangbai.SiteCounts, error) {
	got, err := db.siteCountsOn(ctx, scope, n, ds...)
	if err != nil {
		return nil, err
	}
	out := make([]map[string][2]shuangbai.SiteCounts, len(got))
	for i, m := range got {
		out[i] = flatCounts(m)
	}
	return out, nil
}

// SiteCountsBeforeForTest is the same counts for one day d, as they were
// counted before.
func (db *DB) SiteCountsBeforeForTest(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date, n int) (map[string][2]shuangbai.SiteCounts, error) {
	m, err := db.siteCountsByBefore(ctx, scope, d, n)
	if err != nil {
		return nil, err
	}
	return flatCounts(m), nil
}

func flatCounts(m map[string]*countyCounts) map[string][2]shuangbai.SiteCounts {
	out := make(map[string][2]shuangbai.SiteCounts, len(m))
	for k, c := range m {
		out[k] = [2]shuangbai.SiteCounts{c.stations, c.points}
	}
	return out
}

// coverage sums the progress table's site counts inside scope on day d, by
// county, as the dashboard did before.
func (db *DB) coverage(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) (st, pt shuangbai.SiteCounts, err error) {
	counties, err := db.siteCountsByBefore(ctx, scope, d, countyLen)
	if err != nil {
		return st, pt, err
	}
	st, pt = sumCounts(counties)
	return st, pt, nil
}

// siteCountsByBefore is siteCountsBy as it was before the days of a
// dashboard were read in the queries of one (issue 14): one day, grouped by the first n digits of the region
// code: a dashboard's rows are towns or villages as well as counties. The
// required numbers a county sets replace the computed ones only when the
// groups are counties, where they are set.
func (db *DB) siteCountsByBefore(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date, n int) (map[string]*countyCounts, error) {
	out := map[string]*countyCounts{}
	get := func(code string) *countyCounts {
		c := out[code]
		if c == nil {
			c = &countyCounts{}
			out[code] = c
		}
		return c
	}
	prefix := "SUBSTR(%s, 1, " + strconv.Itoa(n) + ")"
	sc, sa := inScope("region", scope)

	// Built sites and offices, grouped by equipment so the class is computed
	// here by the rule of note 1 rather than in SQL.
	ssc, ssa := inScope("s.region", scope)
	for _, table := range []string{"stations", "points"} {
		kind := strings.TrimSuffix(table, "s")
		rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT `+fmt.Sprintf(prefix, "s.region")+`, `+siteEquipOn+`, COUNT(*),
			SUM(CASE WHEN `+siteOfficeOn+` THEN 1 ELSE 0 END)
			FROM `+table+` s`+equipmentJoin(kind)+` WHERE `+ssc+` AND `+siteBuiltOn+` GROUP BY 1, 2`),
			append(append([]any{d, d, d}, ssa...), d)...)
		if err != nil {
			return nil, fmt.Errorf("store: progress %s: %w", table, err)
		}
		for rows.Next() {
			var code string
			var eq uint8
			var n, office int
			if err := rows.Scan(&code, &eq, &n, &office); err != nil {
				rows.Close()
				return nil, err
			}
			c := &get(code).stations
			if table == "points" {
				c = &get(code).points
			}
			c.Built += n
			c.Office += office
			c.Equipment = max(c.Equipment, shuangbai.Equipment(eq).Class())
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}

	// Required: one station per town or street needing one on d; one point
	// per registered point; a county's override replaces either.
	towns, err := db.groupCount(ctx, `SELECT `+fmt.Sprintf(prefix, "code")+`, COUNT(*) FROM regions WHERE `+
		inScopeCond("code", scope)+` AND level = 4 AND kind IN ('street', 'town', 'township')
		AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) GROUP BY 1`, append(scopeArgs(scope), d, d)...)
	if err != nil {
		return nil, err
	}
	for code, n := range towns {
		get(code).stations.Required = n
	}
	pts, err := db.groupCount(ctx, `SELECT `+fmt.Sprintf(prefix, "region")+`, COUNT(*) FROM points WHERE `+sc+` GROUP BY 1`, sa...)
	if err != nil {
		return nil, err
	}
	for code, n := range pts {
		get(code).points.Required = n
	}
	reqs, err := db.Requirements(ctx, scope)
	if err != nil {
		return nil, err
	}
	if n != countyLen {
		reqs = nil
	}
	for code, r := range reqs {
		if r.Stations != nil {
			get(code).stations.Required = *r.Stations
		}
		if r.Points != nil {
			get(code).points.Required = *r.Points
		}
	}

	// Staff assigned on d, at stations and at points.
	// Both in one pass: COUNT(DISTINCT) leaves out the NULLs of the
	// other kind of site.
	ac, aa := inScope("region", scope)
	err = db.eachRow(ctx, db.reader(ctx), `SELECT `+fmt.Sprintf(prefix, "region")+`, COUNT(DISTINCT CASE WHEN station_id IS NOT NULL THEN person_id END),
		COUNT(DISTINCT CASE WHEN point_id IS NOT NULL THEN person_id END) FROM assignments WHERE `+ac+`
		AND (station_id IS NOT NULL OR point_id IS NOT NULL) AND date_from <= ? AND (date_to IS NULL OR date_to >= ?) GROUP BY 1`, append(aa, d, d),
		func(scan func(...any) error) error {
			var code string
			var st, pt int
			if err := scan(&code, &st, &pt); err != nil {
				return err
			}
			// A region appears as it did with a query a kind: where it
			// has staff of that kind.
			if st > 0 {
				get(code).stations.Staff = st
			}
			if pt > 0 {
				get(code).points.Staff = pt
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: progress staff: %w", err)
	}
	return out, nil
}
