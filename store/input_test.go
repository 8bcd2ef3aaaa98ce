package store_test

import (
	"math"
	"strconv"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestStoreRefusesBadInput calls the store directly, as any caller other
// than the web pages would, with the inputs the security review found:
// each is an EINVALID error under its field, and the audit and access logs
// (which every write adds to in its transaction) do not grow.
func TestStoreRefusesBadInput(t *testing.T) {
	db, a, _ := caseFixture(t)
	ctx, sys := t.Context(), shuangbai.SystemUser
	st := storetest.Station(t, db, "445302003", "河口街道社工站", shuangbai.NewDate(2021, 5, 1))
	p := &shuangbai.Person{Region: "445302003", Name: "陈云城", Gender: "女", Role: shuangbai.StaffWorker}
	if err := db.CreatePerson(ctx, sys, p); err != nil {
		t.Fatal(err)
	}
	if err := db.Assign(ctx, sys, &shuangbai.Assignment{PersonID: p.ID, StationID: st.ID, From: shuangbai.NewDate(2021, 5, 1)}); err != nil {
		t.Fatal(err)
	}
	asg, err := db.Assignments(ctx, sys.Scope(), p.ID)
	if err != nil || len(asg) != 1 {
		t.Fatal(asg, err)
	}
	site := shuangbai.Site{Name: "腰古镇社工站", Status: shuangbai.SitePlanned}
	training := func(edit func(*shuangbai.Training)) *shuangbai.Training {
		tr := &shuangbai.Training{Region: "445302", HeldOn: shuangbai.NewDate(2021, 8, 1), Kind: shuangbai.TrainingOther, Title: "培训", Hours: 8}
		edit(tr)
		return tr
	}
	app := func(edit func(*shuangbai.Application)) *shuangbai.Application {
		x := &shuangbai.Application{BeneficiaryID: a.ID, Kind: shuangbai.AppMedical, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 8, 1)}
		edit(x)
		return x
	}
	eight := 8
	target := []store.AccessTarget{{BeneficiaryID: a.ID, Region: a.Region}}

	for _, tt := range []struct {
		name  string
		write func() error
		field string
	}{
		{"station lat NaN", func() error {
			s := site
			s.Lat, s.Lng = math.NaN(), 112
			return db.CreateStation(ctx, sys, &shuangbai.Station{Region: "445302102", Site: s})
		}, "lat"},
		{"station name BOM", func() error {
			s := site
			s.Name = "\ufeff腰古镇社工站"
			return db.CreateStation(ctx, sys, &shuangbai.Station{Region: "445302102", Site: s})
		}, "name"},
		{"person name zero-width only", func() error {
			return db.CreatePerson(ctx, sys, &shuangbai.Person{Region: "445302003", Name: "\u200b\u200c", Gender: "女", Role: shuangbai.StaffWorker})
		}, "name"},
		{"person name RTL", func() error {
			q := *p
			q.Name = "\u202e城云陈"
			return db.UpdatePerson(ctx, sys, &q)
		}, "name"},
		{"assignment from 9999-12-31", func() error {
			return db.Assign(ctx, sys, &shuangbai.Assignment{PersonID: p.ID, StationID: st.ID, From: shuangbai.NewDate(9999, 12, 31)})
		}, "from"},
		{"assignment end 9999-12-31", func() error {
			return db.EndAssignment(ctx, sys, p.ID, asg[0].ID, shuangbai.NewDate(9999, 12, 31))
		}, "end:" + strconv.FormatInt(asg[0].ID, 10)},
		{"training hours NaN", func() error {
			return db.CreateTraining(ctx, sys, training(func(tr *shuangbai.Training) { tr.Hours = math.NaN() }))
		}, "hours"},
		{"training title NUL", func() error {
			return db.CreateTraining(ctx, sys, training(func(tr *shuangbai.Training) { tr.Title = "培\x00训" }))
		}, "title"},
		{"training in the future", func() error {
			return db.CreateTraining(ctx, sys, training(func(tr *shuangbai.Training) { tr.HeldOn = shuangbai.NewDate(2021, 8, 10) }))
		}, "held_on"},
		{"facts int64 max", func() error {
			return db.RecordFacts(ctx, sys, &shuangbai.CountyFacts{Region: "445302", Effective: shuangbai.NewDate(2021, 8, 1), FundingApproved: math.MaxInt64})
		}, "funding_approved"},
		{"requirement reason BOM", func() error {
			return db.SetRequirement(ctx, sys, shuangbai.Requirement{County: "445302", Stations: &eight, Reason: "\ufeff方案调整"})
		}, "reason"},
		{"household head dots", func() error {
			return db.CreateHousehold(ctx, sys, &shuangbai.Household{Region: "445302003208", HeadName: "..."})
		}, "head_name"},
		{"filing with a BOM head", func() error {
			b := &shuangbai.Beneficiary{Region: "445302003208", Name: "新人", Gender: "男", Birth: shuangbai.NewDate(1960, 1, 1), Level: 2}
			return db.FileBeneficiary(ctx, sys, b, &shuangbai.Household{HeadName: "\ufeff新人"})
		}, "head_name"},
		{"beneficiary name NUL", func() error {
			b := *a
			b.Name = "陈\x00小明"
			return db.UpdateBeneficiary(ctx, sys, &b, nil)
		}, "name"},
		{"application amount int64 max", func() error {
			return db.SaveApplication(ctx, sys, app(func(x *shuangbai.Application) { x.Amount = math.MaxInt64 }))
		}, "amount"},
		{"visit findings zero-width", func() error {
			return db.RecordVisit(ctx, sys, &shuangbai.Visit{BeneficiaryID: a.ID, On: shuangbai.NewDate(2021, 8, 9), Kind: shuangbai.VisitHome, Findings: "\u200d"})
		}, "findings"},
		{"level reason isolate", func() error {
			_, err := db.ChangeLevel(ctx, sys, a.ID, 2, "\u2066稳定\u2069")
			return err
		}, "reason"},
		{"close reason NUL", func() error { return db.CloseCase(ctx, sys, a.ID, "迁出\x00") }, "closed_why"},
		{"reveal reason dot", func() error { return db.LogAccess(ctx, sys, store.AccessReveal, a.ID, a.Region, ".", "电话") }, "reason"},
		{"reveal reason short", func() error { return db.LogAccess(ctx, sys, store.AccessReveal, a.ID, a.Region, "核对", "电话") }, "reason"},
		{"export reason punctuation", func() error {
			return db.LogAccessMany(ctx, sys, store.AccessExport, target, "。。。。。", "CSV")
		}, "reason"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before, err := db.VerifyChains(ctx)
			if err != nil {
				t.Fatal(err)
			}
			err = tt.write()
			e, ok := err.(*shuangbai.Error)
			if !ok || e.Code != shuangbai.EINVALID || e.Fields[tt.field] == "" {
				t.Fatalf("err = %v; want EINVALID under %s", err, tt.field)
			}
			after, err := db.VerifyChains(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, log := range []string{"audit_log", "access_log"} {
				if after.Entries[log] != before.Entries[log] {
					t.Errorf("%s grew from %d to %d: something was written", log, before.Entries[log], after.Entries[log])
				}
			}
		})
	}

	// A reason of real words is logged, trimmed.
	if err := db.LogAccess(ctx, sys, store.AccessReveal, a.ID, a.Region, "  核对补贴申请材料 ", "电话"); err != nil {
		t.Fatal(err)
	}
	log, err := db.AccessLog(ctx, sys.Scope(), a.ID, 0, 1)
	if err != nil || len(log) != 1 || log[0].Reason != "核对补贴申请材料" {
		t.Errorf("access log = %+v, %v", log, err)
	}
	// The texts stored are the trimmed ones Validate checked.
	q := *p
	q.Name = "  陈云城\u3000"
	if err := db.UpdatePerson(ctx, sys, &q); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Person(ctx, sys.Scope(), p.ID); got.Name != "陈云城" {
		t.Errorf("stored name %q", got.Name)
	}
}
