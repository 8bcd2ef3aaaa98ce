package store_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"shuangbai"
)

// TestOutcomesAsBefore: Outcomes counts the applications and the
// households they link in two queries where it took one a kind (issue 14);
// on files in and out of households, every kind and result, applications
// and visits in and out of the period, its answer is the old one's for a
// city, a county, a town and a village, over all time and over periods
// that cut the records.
func TestOutcomesAsBefore(t *testing.T) {
	db, a, b := caseFixture(t)
	ctx := t.Context()
	u := shuangbai.SystemUser
	village := "445302003208"
	var hhs []*shuangbai.Household
	for i := range 2 {
		hh := &shuangbai.Household{Region: village, HeadName: fmt.Sprintf("户主%d", i)}
		if err := db.CreateHousehold(ctx, u, hh); err != nil {
			t.Fatal(err)
		}
		hhs = append(hhs, hh)
	}
	// Three members of the first household, two of the second, two alone.
	people := []*shuangbai.Beneficiary{a, b}
	for i, hh := range []*shuangbai.Household{hhs[0], hhs[0], hhs[0], hhs[1], hhs[1], nil, nil} {
		x := &shuangbai.Beneficiary{Region: village, Name: fmt.Sprintf("成员%d", i), IDNumber: idNumber(fmt.Sprintf("44530219600101%03d", 300+i)),
			Level: shuangbai.Level4(1 + i%4), Groups: []shuangbai.Group{shuangbai.GroupMarginal}, FoundOn: shuangbai.NewDate(2021, time.Month(2+i%5), 1+i)}
		if hh != nil {
			x.HouseholdID, x.Relation = hh.ID, "子女"
		}
		if err := db.CreateBeneficiary(ctx, u, x); err != nil {
			t.Fatal(err)
		}
		people = append(people, x)
	}
	kinds := []shuangbai.AppKind{shuangbai.AppRelief, shuangbai.AppTemporary, shuangbai.AppVolunteer, shuangbai.AppMedical, shuangbai.AppDibao}
	statuses := []shuangbai.AppStatus{shuangbai.AppPreparing, shuangbai.AppSubmitted, shuangbai.AppApproved, shuangbai.AppRejected}
	visits := []shuangbai.VisitKind{shuangbai.VisitHome, shuangbai.VisitPhone, shuangbai.VisitStation}
	for i, p := range people {
		for j := range 3 {
			n := i*3 + j
			if n%7 == 6 {
				continue // not every kind for every file
			}
			app := &shuangbai.Application{BeneficiaryID: p.ID, Kind: kinds[n%len(kinds)], Status: statuses[n%len(statuses)], PreparedOn: shuangbai.NewDate(2021, time.Month(3+n%5), 1+n%20)}
			if app.Status != shuangbai.AppPreparing {
				app.SubmittedOn = app.PreparedOn.AddDays(3)
			}
			if app.Status == shuangbai.AppApproved || app.Status == shuangbai.AppRejected {
				app.DecidedOn = app.PreparedOn.AddDays(10)
			}
			if err := db.SaveApplication(ctx, u, app); err != nil {
				t.Fatal(err)
			}
			v := &shuangbai.Visit{BeneficiaryID: p.ID, On: shuangbai.NewDate(2021, time.Month(6+n%2), 10+n%15), Kind: visits[n%len(visits)]}
			if err := db.RecordVisit(ctx, u, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	city := shuangbai.Scope{Code: "4453"}
	end := shuangbai.NewDate(2021, 8, 9)
	for _, region := range []string{"4453", "445302", "445381", "445302003", village} {
		for _, p := range []shuangbai.Period{{To: end}, {From: shuangbai.NewDate(2021, 4, 1), To: shuangbai.NewDate(2021, 5, 31)},
			{From: shuangbai.NewDate(2021, 6, 1), To: shuangbai.NewDate(2021, 6, 30)}, {From: shuangbai.NewDate(2021, 8, 1), To: end}} {
			got, err := db.Outcomes(ctx, city, region, p.From, p.To)
			if err != nil {
				t.Fatal(err)
			}
			want, err := db.OutcomesBeforeForTest(ctx, city, region, p.From, p.To)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s–%s:\n got %+v\nwant %+v", region, p.From, p.To, got, want)
			}
		}
	}
	// The fixture reaches what the two ways could disagree on.
	all, _ := db.Outcomes(ctx, city, "445302", shuangbai.Date{}, end)
	shared := all.ReliefHouseholds < all.Applications[shuangbai.AppRelief] || all.TemporaryHouseholds < all.Applications[shuangbai.AppTemporary] ||
		all.VolunteerHouseholds < all.Applications[shuangbai.AppVolunteer] // a household counted once for two applications
	if !shared || all.ReliefHouseholds == 0 || all.TemporaryHouseholds == 0 || all.VolunteerHouseholds == 0 || all.HomeVisits == 0 || all.HomeVisits == all.Visits || all.Approved[shuangbai.AppRelief] == 0 {
		t.Errorf("the fixture is too plain: %+v", all)
	}
}

// TestOutcomesCacheFollowsWrites: the counts of files and applications an
// outcomes report keeps under the files version are served again only
// while nothing they count has changed: after a file is filed, moved to
// another village or household, dated otherwise, after an application is
// made or decided, and after a statement no store method makes, the report
// equals one counted afresh; a visit, which changes none of them, leaves
// the version as it was, and the report still equals a fresh one (its
// visits are read from the kept counts each time).
func TestOutcomesCacheFollowsWrites(t *testing.T) {
	db, a, _ := caseFixture(t)
	ctx := t.Context()
	u := shuangbai.SystemUser
	city := shuangbai.Scope{Code: "4453"}
	end := shuangbai.NewDate(2021, 8, 9)
	hh := &shuangbai.Household{Region: "445302003208", HeadName: "户主"}
	if err := db.CreateHousehold(ctx, u, hh); err != nil {
		t.Fatal(err)
	}
	version := func() string {
		v, err := db.RawForTest(ctx, "SELECT CAST(version AS TEXT) FROM data_versions WHERE name = 'files'")
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	check := func(after string) {
		t.Helper()
		for _, region := range []string{"4453", "445302", "445302003"} {
			for _, p := range []shuangbai.Period{{To: end}, {From: shuangbai.NewDate(2021, 3, 1), To: shuangbai.NewDate(2021, 6, 30)}} {
				got, err := db.Outcomes(ctx, city, region, p.From, p.To)
				if err != nil {
					t.Fatal(err)
				}
				want, err := db.OutcomesBeforeForTest(ctx, city, region, p.From, p.To)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("after %s, %s %s–%s served:\n got %+v\nwant %+v", after, region, p.From, p.To, got, want)
				}
			}
		}
	}
	check("the fixture")
	x := &shuangbai.Beneficiary{Region: "445302003208", Name: "王五", IDNumber: idNumber("44530219500101555"), Level: 2,
		Groups: []shuangbai.Group{shuangbai.GroupElderly}, FoundOn: shuangbai.NewDate(2021, 4, 2), HouseholdID: hh.ID, Relation: "户主"}
	app := &shuangbai.Application{BeneficiaryID: a.ID, Kind: shuangbai.AppRelief, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 5, 3)}
	for _, w := range []struct {
		name string
		do   func() error
	}{
		{"a file filed into a household", func() error { return db.CreateBeneficiary(ctx, u, x) }},
		{"a file joining the household", func() error {
			b, err := db.Beneficiary(ctx, city, a.ID)
			if err != nil {
				return err
			}
			b.HouseholdID, b.Relation = hh.ID, "配偶"
			return db.UpdateBeneficiary(ctx, u, b, nil)
		}},
		{"a file found on another day", func() error {
			b, err := db.Beneficiary(ctx, city, x.ID)
			if err != nil {
				return err
			}
			b.FoundOn = shuangbai.NewDate(2021, 7, 20)
			return db.UpdateBeneficiary(ctx, u, b, nil)
		}},
		{"a file moved to another county", func() error {
			b, err := db.Beneficiary(ctx, city, x.ID)
			if err != nil {
				return err
			}
			b.Region, b.HouseholdID, b.Relation = "445381004001", 0, ""
			return db.UpdateBeneficiary(ctx, u, b, nil)
		}},
		{"an application", func() error { return db.SaveApplication(ctx, u, app) }},
		{"an application approved", func() error {
			app.Status, app.SubmittedOn, app.DecidedOn = shuangbai.AppApproved, shuangbai.NewDate(2021, 5, 5), shuangbai.NewDate(2021, 5, 9)
			return db.SaveApplication(ctx, u, app)
		}},
		{"a statement no method makes", func() error {
			return db.ExecForTest(ctx, "UPDATE beneficiaries SET found_on = '2021-05-05' WHERE found_on = '2021-03-01'")
		}},
	} {
		before := version()
		if err := w.do(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		if version() == before {
			t.Errorf("%s did not move the files version on", w.name)
		}
		check(w.name)
	}
	before := version()
	if err := db.RecordVisit(ctx, u, &shuangbai.Visit{BeneficiaryID: a.ID, On: shuangbai.NewDate(2021, 8, 2), Kind: shuangbai.VisitHome}); err != nil {
		t.Fatal(err)
	}
	if version() != before {
		t.Errorf("a visit moved the files version on: the reports' counts of files would be counted again at every visit")
	}
	check("a visit")
}
