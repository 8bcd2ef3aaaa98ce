package demo_test

import (
	"testing"

	"shuangbai"
	"shuangbai/demo"
	"shuangbai/store"
)

// TestDouchengPlan: the demo's 都城镇 plan follows the city's 53111, and
// its progress on the seed's day is read from the records.
func TestDouchengPlan(t *testing.T) {
	db := loaded(t)
	ctx := t.Context()
	county := shuangbai.Scope{Code: "445322"}
	plans, total, err := db.Plans(ctx, county, store.PlanFilter{Year: 2021})
	if err != nil || total != 1 || plans[0].Region != demo.DouchengTown || plans[0].Template != "53111" {
		t.Fatalf("郁南县 plans = %+v, %d, %v", plans, total, err)
	}
	p, err := db.PlanProgress(ctx, county, plans[0].ID, shuangbai.NewDate(2021, 8, 9))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Goals) != 2 || len(p.Assets) != 5 || len(p.Targets) != len(demo.Template53111.Lines)+3 {
		t.Fatalf("plan lists: %d goals, %d assets, %d targets", len(p.Goals), len(p.Assets), len(p.Targets))
	}
	fixed := 0
	for _, x := range p.Targets {
		if x.Fixed {
			fixed++
		}
		if x.Label == "社区调研报告" && (x.Done != 1 || x.Behind()) {
			t.Errorf("调研报告 = %+v, want done and on time", x)
		}
		if x.Label == "共学会" && (x.Done != 7 || x.Expected != 12*221/365) {
			t.Errorf("共学会 = done %d expected %d, want 7 and %d", x.Done, x.Expected, 12*221/365)
		}
	}
	if fixed != len(demo.Template53111.Lines) {
		t.Errorf("%d lines carry the template, want %d", fixed, len(demo.Template53111.Lines))
	}
}
