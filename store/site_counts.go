package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"shuangbai"
)

// siteCounts gathers, per county inside scope, the stations and points
// required, built by d, with an office by d, their worst equipment class, and
// the staff assigned to them on d. Each is one grouped query.
func (db *DB) siteCounts(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) (map[string]*countyCounts, error) {
	return db.siteCountsBy(ctx, scope, d, countyLen)
}

// siteCountsBy is siteCounts grouped by the first n digits of the region
// code: a dashboard's rows are towns or villages as well as counties. The
// required numbers a county sets replace the computed ones only when the
// groups are counties, where they are set.
func (db *DB) siteCountsBy(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date, n int) (map[string]*countyCounts, error) {
	out, err := db.siteCountsOn(ctx, scope, n, d)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// siteCountsOn is siteCountsBy on each of the days ds, in the queries of
// one: a dashboard compares its period's end with the same day a year
// before, and counted each apart, reading every site, town, point and
// assignment of the region twice, and the numbers no day changes (the
// points registered, the counties' own requirements) twice too.
func (db *DB) siteCountsOn(ctx context.Context, scope shuangbai.Scope, n int, ds ...shuangbai.Date) ([]map[string]*countyCounts, error) {
	out := make([]map[string]*countyCounts, len(ds))
	for i := range out {
		out[i] = map[string]*countyCounts{}
	}
	get := func(i int, code string) *countyCounts {
		c := out[i][code]
		if c == nil {
			c = &countyCounts{}
			out[i][code] = c
		}
		return c
	}
	prefix := "SUBSTR(%s, 1, " + strconv.Itoa(n) + ")"
	sc, sa := inScope("region", scope)

	// Built sites and offices, grouped by equipment on each day so the
	// class is computed here by the rule of note 1 rather than in SQL.
	// Each day has its own join to the equipment history (h0, h1, …).
	ssc, ssa := inScope("s.region", scope)
	for _, table := range []string{"stations", "points"} {
		kind := strings.TrimSuffix(table, "s")
		var cols, joins, built, groupBy []string
		var colArgs, joinArgs, builtArgs []any
		for i, d := range ds {
			h := "h" + strconv.Itoa(i)
			b, o := siteBuiltAs(h), siteOfficeAs(h)
			cols = append(cols, siteEquipAs(h), `SUM(CASE WHEN `+b+` THEN 1 ELSE 0 END)`, `SUM(CASE WHEN `+b+` AND `+o+` THEN 1 ELSE 0 END)`)
			colArgs = append(colArgs, d, d, d)
			joins = append(joins, equipmentJoinAs(kind, h))
			joinArgs = append(joinArgs, d, d)
			built = append(built, "("+b+")")
			builtArgs = append(builtArgs, d)
			groupBy = append(groupBy, strconv.Itoa(2+3*i))
		}
		query := `SELECT ` + fmt.Sprintf(prefix, "s.region") + `, ` + strings.Join(cols, ", ") + ` FROM ` + table + ` s` + strings.Join(joins, "") +
			` WHERE ` + ssc + ` AND (` + strings.Join(built, " OR ") + `) GROUP BY 1, ` + strings.Join(groupBy, ", ")
		args := append(append(append(colArgs, joinArgs...), ssa...), builtArgs...)
		vals := make([]any, 1+3*len(ds))
		var code string
		nums := make([]int, 3*len(ds))
		vals[0] = &code
		for i := range nums {
			vals[1+i] = &nums[i]
		}
		err := db.eachRow(ctx, db.reader(ctx), query, args, func(scan func(...any) error) error {
			if err := scan(vals...); err != nil {
				return err
			}
			for i := range ds {
				eq, built, office := nums[3*i], nums[3*i+1], nums[3*i+2]
				if built == 0 {
					continue
				}
				c := &get(i, code).stations
				if table == "points" {
					c = &get(i, code).points
				}
				c.Built += built
				c.Office += office
				c.Equipment = max(c.Equipment, shuangbai.Equipment(uint8(eq)).Class())
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("store: progress %s: %w", table, err)
		}
	}

	// Required: one station per town or street needing one on the day; one
	// point per registered point; a county's override replaces either.
	var valid, on []string
	var validArgs, onArgs []any
	for _, d := range ds {
		valid = append(valid, `SUM(CASE WHEN valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) THEN 1 ELSE 0 END)`)
		validArgs = append(validArgs, d, d)
		on = append(on, `(valid_from <= ? AND (valid_to IS NULL OR valid_to > ?))`)
		onArgs = append(onArgs, d, d)
	}
	towns := make([]int, len(ds))
	var code string
	vals := []any{&code}
	for i := range towns {
		vals = append(vals, &towns[i])
	}
	err := db.eachRow(ctx, db.reader(ctx), `SELECT `+fmt.Sprintf(prefix, "code")+`, `+strings.Join(valid, ", ")+` FROM regions WHERE `+
		inScopeCond("code", scope)+` AND level = 4 AND kind IN ('street', 'town', 'township') AND (`+strings.Join(on, " OR ")+`) GROUP BY 1`,
		append(append(validArgs, scopeArgs(scope)...), onArgs...), func(scan func(...any) error) error {
			if err := scan(vals...); err != nil {
				return err
			}
			for i, n := range towns {
				if n > 0 {
					get(i, code).stations.Required = n
				}
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: progress towns: %w", err)
	}
	pts, err := db.groupCount(ctx, `SELECT `+fmt.Sprintf(prefix, "region")+`, COUNT(*) FROM points WHERE `+sc+` GROUP BY 1`, sa...)
	if err != nil {
		return nil, err
	}
	reqs, err := db.Requirements(ctx, scope)
	if err != nil {
		return nil, err
	}
	if n != countyLen {
		reqs = nil
	}
	for i := range ds {
		for code, n := range pts {
			get(i, code).points.Required = n
		}
		for code, r := range reqs {
			if r.Stations != nil {
				get(i, code).stations.Required = *r.Stations
			}
			if r.Points != nil {
				get(i, code).points.Required = *r.Points
			}
		}
	}

	// Staff assigned on each day, at stations and at points, in one pass:
	// COUNT(DISTINCT) leaves out the NULLs of the other kind of site and
	// of the other days.
	var staff, active []string
	var staffArgs, activeArgs []any
	for _, d := range ds {
		a := `date_from <= ? AND (date_to IS NULL OR date_to >= ?)`
		staff = append(staff, `COUNT(DISTINCT CASE WHEN station_id IS NOT NULL AND `+a+` THEN person_id END)`,
			`COUNT(DISTINCT CASE WHEN point_id IS NOT NULL AND `+a+` THEN person_id END)`)
		staffArgs = append(staffArgs, d, d, d, d)
		active = append(active, "("+a+")")
		activeArgs = append(activeArgs, d, d)
	}
	ac, aa := inScope("region", scope)
	counts := make([]int, 2*len(ds))
	vals = []any{&code}
	for i := range counts {
		vals = append(vals, &counts[i])
	}
	err = db.eachRow(ctx, db.reader(ctx), `SELECT `+fmt.Sprintf(prefix, "region")+`, `+strings.Join(staff, ", ")+` FROM assignments WHERE `+ac+`
		AND (station_id IS NOT NULL OR point_id IS NOT NULL) AND (`+strings.Join(active, " OR ")+`) GROUP BY 1`, append(append(staffArgs, aa...), activeArgs...),
		func(scan func(...any) error) error {
			if err := scan(vals...); err != nil {
				return err
			}
			// A region appears as it did with a query a kind and day:
			// where it has staff of that kind on that day.
			for i := range ds {
				if st := counts[2*i]; st > 0 {
					get(i, code).stations.Staff = st
				}
				if pt := counts[2*i+1]; pt > 0 {
					get(i, code).points.Staff = pt
				}
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: progress staff: %w", err)
	}
	return out, nil
}
