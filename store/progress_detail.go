package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"shuangbai"
)

// SiteOn is a station or point as it stood on one day, for the drill-down
// behind the progress table's numbers.
type SiteOn struct {
	ID        int64
	Region    string
	Name      string
	Point     bool // a point; otherwise a station
	Built     bool // built on or before the day
	Office    bool // office secured on or before the day
	Equipment shuangbai.Equipment
	Staff     int // people assigned on the day
}

// SitesOn returns the stations (points false) or points (points true)
// inside region and scope, each as it stood on day d, in region order.
func (db *DB) SitesOn(ctx context.Context, scope shuangbai.Scope, region string, points bool, d shuangbai.Date) ([]SiteOn, error) {
	if !scope.Contains(region) {
		return nil, notFound("区划")
	}
	table, fk := "stations", "station_id"
	if points {
		table, fk = "points", "point_id"
	}
	var w where
	w.scope("s.region", shuangbai.Scope{Code: region})
	rows, err := db.reader(ctx).QueryContext(ctx, db.q(`SELECT s.id, s.region, s.name,
		CASE WHEN `+siteBuiltOn+` THEN 1 ELSE 0 END,
		CASE WHEN `+siteBuiltOn+` AND `+siteOfficeOn+` THEN 1 ELSE 0 END,
		`+siteEquipOn+`,
		(SELECT COUNT(DISTINCT a.person_id) FROM assignments a WHERE a.`+fk+` = s.id AND a.date_from <= ? AND (a.date_to IS NULL OR a.date_to >= ?))
		FROM `+table+` s`+equipmentJoin(strings.TrimSuffix(table, "s"))+` WHERE `+w.String()+` ORDER BY s.region`), append([]any{d, d, d, d, d, d, d}, w.args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: sites on: %w", err)
	}
	defer rows.Close()
	var out []SiteOn
	for rows.Next() {
		s := SiteOn{Point: points}
		var built, office int
		if err := rows.Scan(&s.ID, &s.Region, &s.Name, &built, &office, (*uint8)(&s.Equipment), &s.Staff); err != nil {
			return nil, err
		}
		s.Built, s.Office = built == 1, office == 1
		out = append(out, s)
	}
	return out, rows.Err()
}

// StaffOn is a person assigned on a day, with the site they were at.
type StaffOn struct {
	Person   shuangbai.Person
	SiteName string
	Point    bool
	From, To shuangbai.Date
}

// StaffListOn returns the people assigned on day d to the stations (points
// false) or points inside region and scope.
func (db *DB) StaffListOn(ctx context.Context, scope shuangbai.Scope, region string, points bool, d shuangbai.Date) ([]StaffOn, error) {
	if !scope.Contains(region) {
		return nil, notFound("区划")
	}
	join := "JOIN stations s ON s.id = a.station_id"
	if points {
		join = "JOIN points s ON s.id = a.point_id"
	}
	var w where
	w.scope("a.region", shuangbai.Scope{Code: region})
	w.add("a.date_from <= ? AND (a.date_to IS NULL OR a.date_to >= ?)", d, d)
	rows, err := db.reader(ctx).QueryContext(ctx, db.q("SELECT "+personColumns+", s.name, a.date_from, a.date_to FROM assignments a JOIN people p ON p.id = a.person_id "+
		join+" WHERE "+w.String()+" ORDER BY a.region, p.name"), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: staff on: %w", err)
	}
	defer rows.Close()
	var out []StaffOn
	for rows.Next() {
		s := StaffOn{Point: points}
		p, err := db.scanPerson(rows, &s.SiteName, &s.From, &s.To)
		if err != nil {
			return nil, err
		}
		s.Person = p
		out = append(out, s)
	}
	return out, rows.Err()
}

// MonthlyBuilt is how many stations and points one child region had built by
// the end of each month: the series of the progress chart.
type MonthlyBuilt struct {
	Code, Name string
	Months     []string // "2021-08", ascending, shared by every series
	Stations   []int    // cumulative, one per month
	Points     []int
}

// BuiltByMonth returns, for each child region of region (counties of a
// city), the cumulative number of stations and points built by the end of
// each month from the first site to the month of until.
func (db *DB) BuiltByMonth(ctx context.Context, scope shuangbai.Scope, region string, until shuangbai.Date) ([]MonthlyBuilt, error) {
	kids, err := db.Children(ctx, scope, region, shuangbai.Date{})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(kids, func(i, j int) bool { return countyRank(kids[i].Code) < countyRank(kids[j].Code) })
	if len(kids) == 0 {
		return nil, nil
	}
	n := len(kids[0].Code)
	type key struct {
		code, month string
		point       bool
	}
	counts := map[key]int{}
	first := ""
	for _, table := range []string{"stations", "points"} {
		var w where
		// The region asked for may be an ancestor of the user's (a county's
		// chart inside the city's): count only what the user may see, so the
		// months do not tell when another county built its first site.
		w.scope("region", scope)
		w.scope("region", shuangbai.Scope{Code: region})
		w.add("status = 'built' AND built_on <= ?", until)
		rows, err := db.reader(ctx).QueryContext(ctx, db.q("SELECT region, built_on FROM "+table+" WHERE "+w.String()), w.args...)
		if err != nil {
			return nil, fmt.Errorf("store: built by month: %w", err)
		}
		for rows.Next() {
			var code string
			var d shuangbai.Date
			if err := rows.Scan(&code, &d); err != nil {
				rows.Close()
				return nil, err
			}
			if len(code) < n {
				continue
			}
			m := d.String()[:7]
			counts[key{code[:n], m, table == "points"}]++
			if first == "" || m < first {
				first = m
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if first == "" {
		return nil, nil
	}
	var months []string
	for m := first; m <= until.String()[:7]; m = nextMonth(m) {
		months = append(months, m)
	}
	out := make([]MonthlyBuilt, 0, len(kids))
	for _, k := range kids {
		mb := MonthlyBuilt{Code: k.Code, Name: k.Name, Months: months}
		s, p := 0, 0
		for _, m := range months {
			s += counts[key{k.Code, m, false}]
			p += counts[key{k.Code, m, true}]
			mb.Stations = append(mb.Stations, s)
			mb.Points = append(mb.Points, p)
		}
		out = append(out, mb)
	}
	return out, nil
}

func nextMonth(m string) string {
	d, _ := shuangbai.ParseDate(m + "-01")
	t := d.Time().AddDate(0, 1, 0)
	return t.Format("2006-01")
}
