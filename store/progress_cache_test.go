package store_test

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store/storetest"
)

// TestProgressCacheFollowsWrites: after every write to what the progress
// table counts — sites built, moved, re-equipped, staff assigned, facts,
// trainings, regions, and a statement no store method makes — the table
// served equals one computed afresh, and a read with no write between is
// served again unchanged.
func TestProgressCacheFollowsWrites(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx, sys := t.Context(), shuangbai.SystemUser
	day := shuangbai.NewDate(2021, 8, 5) // the table's day; the clock says 2021-08-09
	db.Now = func() time.Time { return time.Date(2021, 8, 9, 10, 0, 0, 0, time.UTC) }
	city := shuangbai.Scope{Code: "4453"}
	built := shuangbai.NewDate(2021, 1, 4)
	st := storetest.Station(t, db, "445302003", "河口街道社工站", built)
	rnd := rand.New(rand.NewPCG(1, 2))
	var point *shuangbai.Point
	towns := []string{"445302102", "445381004"}
	writes := []struct {
		name string
		do   func() error
	}{
		{"station", func() error {
			// One station a town: build in a free town, else move a
			// station's building day either side of the table's day.
			if len(towns) > 0 {
				s := &shuangbai.Station{Region: towns[0], Site: shuangbai.Site{Name: towns[0] + "社工站",
					Status: shuangbai.SiteBuilt, BuiltOn: built, Office: rnd.IntN(2) == 0, OfficeAddress: "办公室", Equipment: shuangbai.EquipAll}}
				towns = towns[1:]
				return db.CreateStation(ctx, sys, s)
			}
			s, err := db.Station(ctx, city, st.ID)
			if err != nil {
				return err
			}
			if s.BuiltOn == built {
				s.BuiltOn = day.AddDays(2) // after the table's day, before the clock's
			} else {
				s.BuiltOn = built
			}
			return db.UpdateStation(ctx, sys, &s)
		}},
		{"station unequipped", func() error {
			s, err := db.Station(ctx, city, st.ID)
			if err != nil {
				return err
			}
			s.Equipment ^= shuangbai.EquipPrinter
			return db.UpdateStation(ctx, sys, &s)
		}},
		{"point", func() error {
			if point == nil {
				point = &shuangbai.Point{Region: "445302003208", StationID: st.ID, Site: shuangbai.Site{Name: "双上村社工点",
					Status: shuangbai.SiteBuilt, BuiltOn: built, Office: true, OfficeAddress: "村委", Equipment: shuangbai.EquipAll}}
				return db.CreatePoint(ctx, sys, point)
			}
			point.Equipment ^= shuangbai.EquipAirCon
			return db.UpdatePoint(ctx, sys, point)
		}},
		{"person", func() error {
			p := &shuangbai.Person{Region: "445302003", Name: "社工" + time.Now().Format("05.000000"), Gender: "女", Phone: "13800138000",
				Role: shuangbai.StaffWorker}
			if err := db.CreatePerson(ctx, sys, p); err != nil {
				return err
			}
			return db.Assign(ctx, sys, &shuangbai.Assignment{PersonID: p.ID, StationID: st.ID, From: built})
		}},
		{"training", func() error {
			return db.CreateTraining(ctx, sys, &shuangbai.Training{Region: "445302", HeldOn: built, Kind: shuangbai.TrainingPreService, Title: "岗前培训", Hours: 8})
		}},
		{"facts", func() error {
			approved := int64(50 + rnd.IntN(50))
			return db.RecordFacts(ctx, sys, &shuangbai.CountyFacts{Region: "445381", Effective: built, PlanIssued: true, PlanDate: built,
				FundingStatus: shuangbai.FundingApproved, FundingRequested: 100, FundingApproved: approved})
		}},
		{"a statement no method makes", func() error {
			return db.ExecForTest(ctx, "UPDATE stations SET office = NOT office")
		}},
	}
	check := func(after string) {
		t.Helper()
		got, err := db.Progress(ctx, city, "4453", day)
		if err != nil {
			t.Fatalf("after %s: %v", after, err)
		}
		want, err := db.ComputeProgressForTest(ctx, city, "4453", day)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("after %s the served table differs from a fresh one:\n got %+v\nwant %+v", after, got.Total, want.Total)
		}
		again, _ := db.Progress(ctx, city, "4453", day)
		if !reflect.DeepEqual(again, got) {
			t.Fatalf("after %s a second read differs", after)
		}
	}
	check("the first station")
	before, _ := db.Progress(ctx, city, "4453", day)
	before.Rows[0].Stations.Built = 999 // a caller's change stays the caller's
	check("changing a served copy")
	for i := range 40 {
		w := writes[rnd.IntN(len(writes))]
		if err := w.do(); err != nil {
			t.Fatalf("write %d (%s): %v", i, w.name, err)
		}
		check(w.name)
	}
}
