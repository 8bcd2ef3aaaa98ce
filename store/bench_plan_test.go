package store_test

import (
	"strconv"
	"testing"

	"shuangbai"
	"shuangbai/gen"
	"shuangbai/store"
)

// BenchmarkPlanProgress: a station plan's progress against its targets on
// the generated province with cases (1,000,000 files, 10,000,000 visits)
// and gen.ActivitiesPerStationYear activities per station and year: the
// town's files and visits of the year and the station's activities,
// counted from the records on every read.
func BenchmarkPlanProgress(b *testing.B) {
	db := caseDB(b)
	ctx := b.Context()
	n, err := db.RawForTest(ctx, "SELECT COUNT(*) FROM activities")
	if err != nil {
		b.Fatal(err)
	}
	if n == "0" {
		villages, err := db.RegionsAt(ctx, shuangbai.Scope{All: true}, shuangbai.LevelVillage, shuangbai.Date{})
		if err != nil {
			b.Fatal(err)
		}
		net := &gen.Network{}
		for _, v := range villages {
			net.Villages = append(net.Villages, v.Code)
		}
		if _, err := gen.LoadActivities(ctx, db, net, gen.ActivitiesPerStationYear, gen.Province.Years); err != nil {
			b.Fatal(err)
		}
	}
	ss, _, err := db.Stations(ctx, shuangbai.Scope{Code: "440101"}, shuangbai.SiteFilter{Limit: 1})
	if err != nil || len(ss) == 0 {
		b.Fatalf("no station in 440101: %v", err)
	}
	year := gen.AsOf.Time().Year()
	plans, _, err := db.Plans(ctx, shuangbai.Scope{Code: ss[0].Region}, store.PlanFilter{Year: year})
	if err != nil {
		b.Fatal(err)
	}
	var id int64
	if len(plans) > 0 {
		id = plans[0].ID
	} else {
		p := &shuangbai.Plan{StationID: ss[0].ID, Year: year, Goals: []shuangbai.PlanGoal{{Problem: "独居老人多", Goal: "每月探访"}}}
		for i, m := range []shuangbai.Measure{shuangbai.MeasureCases, shuangbai.MeasureVisits, shuangbai.MeasureGroups,
			shuangbai.MeasureActivities, shuangbai.MeasureReached, shuangbai.MeasureEntered} {
			p.Targets = append(p.Targets, shuangbai.PlanTarget{Goal: 1, Measure: m, Label: "指标" + strconv.Itoa(i+1), Target: 10 * (i + 1)})
		}
		if err := db.SavePlan(ctx, shuangbai.SystemUser, p); err != nil {
			b.Fatal(err)
		}
		id = p.ID
	}
	for b.Loop() {
		p, err := db.PlanProgress(ctx, shuangbai.Scope{Code: ss[0].Region[:6]}, id, gen.AsOf)
		if err != nil || p.Targets[1].Done == 0 {
			b.Fatalf("%+v, %v", p, err)
		}
	}
}
