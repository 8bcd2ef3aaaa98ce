package store

import (
	"context"

	"shuangbai"
)

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
	sub := shuangbai.Scope{Code: county}
	counties, err := db.siteCounts(ctx, sub, d)
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
	facts, err := db.FactsOn(ctx, sub, d)
	if err != nil {
		return nil, err
	}
	row := shuangbai.ProgressRow{Code: county, Name: self.Name}
	for _, c := range counties {
		row.Stations = addCounts(row.Stations, c.stations)
		row.Points = addCounts(row.Points, c.points)
	}
	for _, n := range trainings {
		row.Trainings += n
	}
	applyFacts(&row, facts[county])
	t := &shuangbai.ProgressTable{Unit: self.Name + "民政局", RegionCode: county, RegionName: self.Name, Date: d, Rows: []shuangbai.ProgressRow{row}}
	t.Sum()
	return t, nil
}
