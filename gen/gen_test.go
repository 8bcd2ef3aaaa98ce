package gen_test

import (
	"testing"

	"shuangbai"
	"shuangbai/gen"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

func TestLoadCity(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	if _, err := gen.Load(ctx, db, gen.City); err != nil {
		t.Fatal(err)
	}
	all := shuangbai.Scope{Code: gen.ProvinceCode}
	if _, n, _ := db.Stations(ctx, all, shuangbai.SiteFilter{}); n != gen.City.Stations {
		t.Errorf("%d stations, want %d", n, gen.City.Stations)
	}
	if _, n, _ := db.Points(ctx, all, store.PointFilter{}); n != gen.City.Points {
		t.Errorf("%d points, want %d", n, gen.City.Points)
	}
	if _, n, _ := db.People(ctx, all, store.PersonFilter{}); n != gen.City.Staff {
		t.Errorf("%d staff, want %d", n, gen.City.Staff)
	}
	tab, err := db.Progress(ctx, all, gen.ProvinceCode, gen.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Total.Stations.Required != gen.City.Stations || tab.Total.Points.Required != gen.City.Points {
		t.Errorf("table requires %d stations, %d points", tab.Total.Stations.Required, tab.Total.Points.Required)
	}
	if b := tab.Total.Stations.Built; b == 0 || b > gen.City.Stations {
		t.Errorf("built stations = %d", b)
	}
}

func TestLoadCases(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	net, err := gen.Load(ctx, db, gen.City)
	if err != nil {
		t.Fatal(err)
	}
	if err := gen.LoadCases(ctx, db, net, gen.Sample, nil); err != nil {
		t.Fatal(err)
	}
	all := shuangbai.Scope{Code: gen.ProvinceCode}
	o, err := db.Outcomes(ctx, all, gen.ProvinceCode, shuangbai.Date{}, gen.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	if o.People != gen.Sample.Beneficiaries || o.Visits != gen.Sample.Beneficiaries*gen.Sample.VisitsEach {
		t.Errorf("generated %d people and %d visits", o.People, o.Visits)
	}
	due, err := db.Worklist(ctx, all, 0, gen.AsOf, 1000)
	if err != nil || len(due) == 0 {
		t.Fatalf("worklist: %d, %v", len(due), err)
	}
	// The bulk loader keeps the dashboard's summaries as it goes.
	if drift, err := db.TallyDrift(ctx); err != nil || len(drift) > 0 {
		t.Fatalf("summaries after generating: %d differ (%.3v), %v", len(drift), drift, err)
	}
}
