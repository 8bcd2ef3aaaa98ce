package store_test

import (
	"testing"

	"shuangbai"
	"shuangbai/store/storetest"
)

// TestCountyProgress checks that a county's own table is its row of the
// city's table, and that it keeps to the county's scope.
func TestCountyProgress(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := t.Context()
	storetest.Yunfu(t, db)
	day := shuangbai.NewDate(2021, 8, 1)
	yc := storetest.Station(t, db, "445302003", "河口街道社工站", day)
	storetest.Point(t, db, yc, "445302003208", "双上村社工点", day)
	storetest.Station(t, db, "445381004", "双东街道社工站", day)
	err := db.RecordFacts(ctx, shuangbai.SystemUser, &shuangbai.CountyFacts{Region: "445302", Effective: day, PlanIssued: true,
		PlanDate: day, FundingStatus: shuangbai.FundingSecured, FundingNote: "已落实。"})
	if err != nil {
		t.Fatal(err)
	}
	county := shuangbai.Scope{Code: "445302"}

	got, err := db.CountyProgress(ctx, county, "445302", day)
	if err != nil {
		t.Fatal(err)
	}
	city, err := db.Progress(ctx, shuangbai.Scope{Code: "4453"}, "4453", day)
	if err != nil {
		t.Fatal(err)
	}
	if got.RegionName != "云城区" || got.Unit != "云城区民政局" || len(got.Rows) != 1 || got.Rows[0] != city.Rows[0] || got.Total.Stations.Built != 1 || got.Total.Points.Required != 1 {
		t.Errorf("county table = %+v\ncity row = %+v", got, city.Rows[0])
	}
	if r := got.Rows[0]; r.Stations.Required != 2 || r.Stations.Built != 1 || r.Points.Built != 1 || !r.PlanIssued || r.Funding != "已落实。" {
		t.Errorf("row = %+v", r)
	}

	for _, tt := range []struct {
		name   string
		scope  shuangbai.Scope
		region string
		d      shuangbai.Date
		code   string
	}{
		{"another county", county, "445381", day, shuangbai.ENOTFOUND},
		{"the city", county, "4453", day, shuangbai.ENOTFOUND},
		{"a town", shuangbai.Scope{Code: "4453"}, "445302003", day, shuangbai.EINVALID},
		{"the future", county, "445302", shuangbai.NewDate(2999, 1, 1), shuangbai.EINVALID},
		{"before any site", county, "445302", day.AddDays(-1), shuangbai.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := db.CountyProgress(ctx, tt.scope, tt.region, tt.d); code(err) != tt.code {
				t.Errorf("err = %v, want code %s", err, tt.code)
			}
		})
	}
}
