package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"shuangbai"
)

// countyLen is the length of a county code: figures are gathered per county,
// where requirement overrides apply, then rolled up to the table's rows.
const countyLen = 6

// Progress computes the construction progress table (社工站（点）建设进度情况
// 一览表) of region as it stood on day d: one row per child region (the
// counties of a city, the cities of a province), the row of the region
// itself (市本级), and the computed 合计. Every figure is derived from the
// registry and the dated facts: a station built after d does not count, nor
// an assignment that ended before it.
func (db *DB) Progress(ctx context.Context, scope shuangbai.Scope, region string, d shuangbai.Date) (*shuangbai.ProgressTable, error) {
	if !scope.Contains(region) {
		return nil, notFound("区划")
	}
	if l := shuangbai.LevelOf(region); l != shuangbai.LevelCity && l != shuangbai.LevelProvince {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "进度表按市或省汇总，请选择市或省")
	}
	// Inside the scope, the table depends on the region and the day alone.
	return db.cachedProgress(ctx, "city|"+region+"|"+d.String(), func() (*shuangbai.ProgressTable, error) {
		return db.computeProgress(ctx, scope, region, d)
	})
}

// computeProgress computes the table of Progress, uncached.
func (db *DB) computeProgress(ctx context.Context, scope shuangbai.Scope, region string, d shuangbai.Date) (*shuangbai.ProgressTable, error) {
	if err := db.checkProgressDate(ctx, region, d); err != nil {
		return nil, err
	}
	self, err := db.Region(ctx, scope, region, d)
	if err != nil {
		return nil, err
	}
	kids, err := db.Children(ctx, scope, region, d)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(kids, func(i, j int) bool { return countyRank(kids[i].Code) < countyRank(kids[j].Code) })
	f, err := db.progressFigures(ctx, region, d)
	if err != nil {
		return nil, err
	}
	// A province's civil-affairs authority is a 厅, a city's a 局.
	unit := self.Name + "民政局"
	if self.Level() == shuangbai.LevelProvince {
		unit = self.Name + "民政厅"
	}
	t := &shuangbai.ProgressTable{Unit: unit, RegionCode: region, RegionName: self.Name, Date: d}
	for _, k := range kids {
		t.Rows = append(t.Rows, f.row(k.Code, k.Name))
	}
	own := shuangbai.ProgressRow{Code: region, Name: levelSelfName(region), CityLevel: true, Trainings: f.trainings[region]}
	applyFacts(&own, f.facts[region])
	t.Rows = append(t.Rows, own)
	t.Sum()
	return t, nil
}

// CountyProgress computes one county's row of the progress table as it
// stood on day d, as a table of its own: the view of a county officer, who
// may not read the city's table but must check the row the county reports
// to it. The row is the one Progress computes for the county in the city's
// table, with the same figures, facts and trainings; the table has no 市本级
// row, and its 合计 equals the row. The same dates are refused as by
// Progress: a future day, or a day before the county's first site.
func (db *DB) CountyProgress(ctx context.Context, scope shuangbai.Scope, county string, d shuangbai.Date) (*shuangbai.ProgressTable, error) {
	if !scope.Contains(county) {
		return nil, notFound("区划")
	}
	if shuangbai.LevelOf(county) != shuangbai.LevelCounty {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "请选择县（市、区）")
	}
	if err := db.checkProgressDate(ctx, county, d); err != nil {
		return nil, err
	}
	self, err := db.Region(ctx, scope, county, d)
	if err != nil {
		return nil, err
	}
	f, err := db.progressFigures(ctx, county, d)
	if err != nil {
		return nil, err
	}
	t := &shuangbai.ProgressTable{Unit: self.Name + "民政局", RegionCode: county, RegionName: self.Name, Date: d,
		Rows: []shuangbai.ProgressRow{f.row(county, self.Name)}}
	t.Sum()
	return t, nil
}

// progressFigures are what the rows of a progress table are made of,
// gathered once for the region of the table: per county, the sites (the
// bureau's sheet in place of the registry where a county has no site
// registered); per organising region, the trainings; per region, the facts
// in force.
type progressFigures struct {
	counties  map[string]*countyCounts
	trainings map[string]int
	facts     map[string]shuangbai.CountyFacts
}

// progressFigures gathers the figures of region's table on day d.
func (db *DB) progressFigures(ctx context.Context, region string, d shuangbai.Date) (*progressFigures, error) {
	sub := shuangbai.Scope{Code: region}
	counties, err := db.siteCounts(ctx, sub, d)
	if err != nil {
		return nil, err
	}
	facts, err := db.FactsOn(ctx, sub, d)
	if err != nil {
		return nil, err
	}
	trainings, err := db.trainingCounts(ctx, sub, d)
	if err != nil {
		return nil, err
	}
	if err := db.useReports(ctx, sub, d, counties, trainings); err != nil {
		return nil, err
	}
	return &progressFigures{counties: counties, trainings: trainings, facts: facts}, nil
}

// row returns the row of the region code: the sites of the counties and the
// trainings of the regions inside it, and its own facts.
func (f *progressFigures) row(code, name string) shuangbai.ProgressRow {
	row := shuangbai.ProgressRow{Code: code, Name: name}
	for c, n := range f.counties {
		if strings.HasPrefix(c, code) {
			row.Stations = addCounts(row.Stations, n.stations)
			row.Points = addCounts(row.Points, n.points)
		}
	}
	for c, n := range f.trainings {
		if strings.HasPrefix(c, code) {
			row.Trainings += n
		}
	}
	applyFacts(&row, f.facts[code])
	return row
}

// checkProgressDate refuses, with a message a user can act on, a day the
// table of region cannot be made for: a future day, or a day before its
// first site was built (an empty table would look like a real answer).
func (db *DB) checkProgressDate(ctx context.Context, region string, d shuangbai.Date) error {
	if err := shuangbai.CheckProgressDay(d, db.today()); err != nil {
		return err
	}
	first, err := db.firstBuilt(ctx, region)
	if err != nil {
		return err
	}
	if first.IsZero() || d.Before(first) {
		msg := "该地区还没有任何已建成的社工站（点）"
		if !first.IsZero() {
			msg = fmt.Sprintf("%s之前该地区还没有建成社工站（点），最早的建成于%s", d.Chinese(), first.Chinese())
		}
		return shuangbai.Errorf(shuangbai.EINVALID, "%s", msg)
	}
	return nil
}

// countyRank orders a city's counties as the bureaus list them: districts
// (区, 01–20) first, then county-level cities (市, 81–99), then counties (县,
// 21–80) — the order of the seed's table. Other levels keep code order.
func countyRank(code string) string {
	if shuangbai.LevelOf(code) != shuangbai.LevelCounty {
		return code
	}
	n, _ := strconv.Atoi(code[4:])
	switch {
	case n <= 20:
		return "0" + code
	case n >= 81:
		return "1" + code
	}
	return "2" + code
}

// useReports puts the figures a county reported on the bureau's sheet in
// place of the registry's, for each county that has no site registered.
func (db *DB) useReports(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date, counties map[string]*countyCounts, trainings map[string]int) error {
	reports, err := db.reportsOn(ctx, scope, d)
	if err != nil || len(reports) == 0 {
		return err
	}
	registered, err := db.registeredCounties(ctx, scope)
	if err != nil {
		return err
	}
	for code, r := range reports {
		if registered[code] {
			continue
		}
		counties[code] = &countyCounts{stations: r.stations, points: r.points}
		trainings[code] = r.trainings
	}
	return nil
}

func levelSelfName(region string) string {
	if shuangbai.LevelOf(region) == shuangbai.LevelProvince {
		return "省本级"
	}
	return "市本级"
}

func applyFacts(row *shuangbai.ProgressRow, f shuangbai.CountyFacts) {
	if f.ID == 0 {
		return
	}
	row.PlanIssued = f.PlanIssued
	row.Coordination = f.Coordination
	row.Management = f.Management
	row.Funding = f.FundingText()
}

// addCounts adds b to a; the equipment class of the sum is the worse one.
func addCounts(a, b shuangbai.SiteCounts) shuangbai.SiteCounts {
	return shuangbai.SiteCounts{
		Required:  a.Required + b.Required,
		Built:     a.Built + b.Built,
		Office:    a.Office + b.Office,
		Equipment: max(a.Equipment, b.Equipment),
		Staff:     a.Staff + b.Staff,
	}
}

type countyCounts struct{ stations, points shuangbai.SiteCounts }

// trainingCounts counts the pre-service and professional trainings held by d,
// per organising region.
func (db *DB) trainingCounts(ctx context.Context, scope shuangbai.Scope, d shuangbai.Date) (map[string]int, error) {
	c, a := inScope("region", scope)
	return db.groupCount(ctx, `SELECT region, COUNT(*) FROM trainings WHERE `+c+` AND held_on <= ? AND kind IN ('pre_service', 'professional') GROUP BY region`, append(a, d)...)
}

func (db *DB) groupCount(ctx context.Context, query string, args ...any) (map[string]int, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("store: progress: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

func inScopeCond(col string, s shuangbai.Scope) string { c, _ := inScope(col, s); return c }
func scopeArgs(s shuangbai.Scope) []any                { _, a := inScope("", s); return a }

// firstBuilt returns the day the first station or point inside region was
// built, or the zero Date when none has been.
func (db *DB) firstBuilt(ctx context.Context, region string) (shuangbai.Date, error) {
	c, a := inScope("region", shuangbai.Scope{Code: region})
	var s, p shuangbai.Date
	if err := db.reader(ctx).QueryRowContext(ctx, db.q("SELECT MIN(built_on) FROM stations WHERE status = 'built' AND "+c), a...).Scan(&s); err != nil {
		return s, fmt.Errorf("store: first built: %w", err)
	}
	if err := db.reader(ctx).QueryRowContext(ctx, db.q("SELECT MIN(built_on) FROM points WHERE status = 'built' AND "+c), a...).Scan(&p); err != nil {
		return p, fmt.Errorf("store: first built: %w", err)
	}
	switch {
	case s.IsZero():
		return p, nil
	case p.IsZero() || s.Before(p):
		return s, nil
	}
	return p, nil
}
