package store_test

import (
	"fmt"
	"reflect"
	"testing"

	"shuangbai"
	"shuangbai/store/storetest"
)

// TestDashboard: the figures of a city's, a county's and a town's dashboard
// agree with the records behind them, stay inside the scope, and refuse a
// region outside it and a period that cannot be drawn.
func TestDashboard(t *testing.T) {
	db, a, b := caseFixture(t)
	ctx := t.Context()
	st := storetest.Station(t, db, "445302003", "河口街道社工站", shuangbai.NewDate(2021, 1, 4))
	storetest.Point(t, db, st, "445302003208", "双上社工点", shuangbai.NewDate(2021, 2, 1))
	if err := db.RecordVisit(ctx, shuangbai.SystemUser, &shuangbai.Visit{BeneficiaryID: a.ID, On: shuangbai.NewDate(2021, 8, 2), Kind: shuangbai.VisitHome}); err != nil {
		t.Fatal(err)
	}
	app := &shuangbai.Application{BeneficiaryID: a.ID, Kind: shuangbai.AppMedical, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 8, 1)}
	if err := db.SaveApplication(ctx, shuangbai.SystemUser, app); err != nil {
		t.Fatal(err)
	}
	year := shuangbai.Period{From: shuangbai.NewDate(2021, 1, 1), To: shuangbai.NewDate(2021, 8, 9)}
	city := shuangbai.Scope{Code: "4453"}

	d, err := db.Dashboard(ctx, city, "4453", year, true)
	if err != nil {
		t.Fatal(err)
	}
	c := d.Cases
	if c.Open != 2 || c.ByLevel[1] != 1 || c.ByLevel[2] != 1 || c.ByGroup[shuangbai.GroupDisabled] != 1 || c.ByGroup[shuangbai.GroupMarginal] != 1 {
		t.Errorf("case figures = %+v", c)
	}
	if c.Visits != 1 || c.NewFiles != 2 || c.NewFilesLast != 0 || len(c.Apps) != 1 || c.Apps[0].N != 1 || c.Apps[0].Kind != shuangbai.AppMedical {
		t.Errorf("flows = visits %d, new %d/%d, apps %+v", c.Visits, c.NewFiles, c.NewFilesLast, c.Apps)
	}
	week := 0
	for _, w := range c.Weeks {
		week += w.N
		if w.Week.Time().Weekday() != 1 {
			t.Errorf("week starting %s", w.Week)
		}
	}
	if week != c.Visits || c.Weeks[0].Week != shuangbai.NewDate(2020, 12, 28) || c.Weeks[len(c.Weeks)-1].Week != shuangbai.NewDate(2021, 8, 9) {
		t.Errorf("weeks sum to %d of %d, from %s to %s", week, c.Visits, c.Weeks[0].Week, c.Weeks[len(c.Weeks)-1].Week)
	}
	// Overdue is what the worklist says is late today.
	late := 0
	for _, x := range []*shuangbai.Beneficiary{a, b} {
		got, err := db.Beneficiary(ctx, city, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.NextDue.IsZero() && got.NextDue.Before(d.AsOf) {
			late++
		}
	}
	if c.Overdue != late || c.Escalated[shuangbai.TierWorker] != late {
		t.Errorf("overdue %d, escalated %v, want %d late", c.Overdue, c.Escalated, late)
	}
	if d.Stations.Built != 1 || d.Stations.Required != 3 || d.Points.Built != 1 || d.StationsLast.Built != 0 || d.EmptyStations != 1 || d.EmptyPoints != 1 {
		t.Errorf("coverage = %+v / %+v, last year %+v, empty %d %d", d.Stations, d.Points, d.StationsLast, d.EmptyStations, d.EmptyPoints)
	}
	if len(d.Rows) != 2 || d.Rows[0].Code != "445302" || d.Rows[0].Open != 1 || d.Rows[0].Stations.Built != 1 || d.Rows[0].Stations.Required != 2 || d.Rows[1].Open != 1 {
		t.Errorf("rows = %+v", d.Rows)
	}
	if rowsLate := d.Rows[0].Overdue + d.Rows[1].Overdue; rowsLate != late {
		t.Errorf("rows' overdue files %d, want %d", rowsLate, late)
	}
	// The rows kept with the network gain no files: a second dashboard
	// counts them once again, not twice.
	if again, err := db.Dashboard(ctx, city, "4453", year, true); err != nil || again.Rows[0].Open != 1 || again.Rows[1].Open != 1 ||
		again.Rows[0].Overdue+again.Rows[1].Overdue != late {
		t.Errorf("the second dashboard's rows %+v (%v), want 1 open file each and %d late", again.Rows, err, late)
	}
	if d.Activities == nil || d.Activities.Held != 0 || d.Activities.HeldLast != 0 || d.Recruitment != nil {
		t.Errorf("activities %+v, recruitment %+v in a database with none", d.Activities, d.Recruitment)
	}

	// The network's figures are kept under the progress version: a new
	// station and a training count at the next read.
	storetest.Station(t, db, "445302102", "腰古镇社工站", shuangbai.NewDate(2021, 3, 1))
	tr := &shuangbai.Training{Region: "445302", HeldOn: shuangbai.NewDate(2021, 8, 1), Kind: shuangbai.TrainingOther, Title: "培训", Hours: 8}
	if err := db.CreateTraining(ctx, shuangbai.SystemUser, tr); err != nil {
		t.Fatal(err)
	}
	d, err = db.Dashboard(ctx, city, "4453", year, true)
	if err != nil || d.Stations.Built != 2 || d.EmptyStations != 2 || d.Rows[0].Stations.Built != 2 || d.Trainings[shuangbai.TrainingOther] != 1 {
		t.Errorf("after a new station and training: coverage %+v, empty %d, rows %+v, trainings %v, %v", d.Stations, d.EmptyStations, d.Rows, d.Trainings, err)
	}
	if d.Rows[0].Open != 1 {
		t.Errorf("case counts added twice to the kept rows: %+v", d.Rows[0])
	}

	// A county's rows are its towns; a town's are its villages, with points only.
	yc := shuangbai.Scope{Code: "445302"}
	d, err = db.Dashboard(ctx, yc, "445302", year, true)
	if err != nil || d.Cases.Open != 1 || len(d.Rows) != 2 || d.Rows[0].Code != "445302003" || d.Rows[0].Stations.Required != 1 || d.Rows[0].Open != 1 {
		t.Errorf("county dashboard = %+v, %v", d, err)
	}
	d, err = db.Dashboard(ctx, yc, "445302003", year, false)
	if err != nil || d.Cases != nil || d.Stations.Built != 1 || len(d.Rows) != 1 || d.Rows[0].Points.Built != 1 || d.Rows[0].Stations.Required != 0 {
		t.Errorf("town dashboard = %+v, %v", d, err)
	}

	for _, x := range []struct {
		name   string
		scope  shuangbai.Scope
		region string
		p      shuangbai.Period
		code   string
	}{
		{"another county", yc, "445381", year, shuangbai.ENOTFOUND},
		{"above the scope", yc, "4453", year, shuangbai.ENOTFOUND},
		{"a village", yc, "445302003208", year, shuangbai.EINVALID},
		{"end before start", city, "4453", shuangbai.Period{From: year.To, To: year.From}, shuangbai.EINVALID},
		{"after today", city, "4453", shuangbai.Period{From: year.From, To: shuangbai.NewDate(2021, 8, 10)}, shuangbai.EINVALID},
		{"over five years", city, "4453", shuangbai.Period{From: shuangbai.NewDate(2016, 8, 9), To: year.To}, shuangbai.EINVALID},
		{"five years", city, "4453", shuangbai.Period{From: shuangbai.NewDate(2016, 8, 10), To: year.To}, ""},
	} {
		_, err := db.Dashboard(ctx, x.scope, x.region, x.p, true)
		if (x.code == "") != (err == nil) || err != nil && shuangbai.ErrorCode(err) != x.code {
			t.Errorf("%s: %v, want %q", x.name, err, x.code)
		}
	}
}

// TestDashboardCoverageAsBefore: a city's coverage and rows come from one
// reading of its counties' counts (issue 14); for a province, a city, a
// county and a town, on the day and a year before, with a county's own
// required number set, they are what the two readings gave.
func TestDashboardCoverageAsBefore(t *testing.T) {
	db, _, _ := caseFixture(t)
	ctx := t.Context()
	st := storetest.Station(t, db, "445302003", "河口街道社工站", shuangbai.NewDate(2021, 1, 4))
	storetest.Point(t, db, st, "445302003208", "双上社工点", shuangbai.NewDate(2021, 2, 1))
	storetest.Point(t, db, storetest.Station(t, db, "445302102", "腰古镇社工站", shuangbai.NewDate(2020, 6, 1)), "445302102201", "腰古社工点", shuangbai.NewDate(2021, 7, 1))
	storetest.Station(t, db, "445381004", "双东街道社工站", shuangbai.NewDate(2019, 3, 1))
	two := 2
	if err := db.SetRequirement(ctx, shuangbai.SystemUser, shuangbai.Requirement{County: "445381", Stations: &two, Reason: "农场不设站"}); err != nil {
		t.Fatal(err)
	}
	all := shuangbai.Scope{Code: "44"}
	for _, region := range []string{"44", "4453", "445302", "445381", "445302003"} {
		for _, p := range []shuangbai.Period{{From: shuangbai.NewDate(2021, 1, 1), To: shuangbai.NewDate(2021, 8, 9)}, {From: shuangbai.NewDate(2020, 1, 1), To: shuangbai.NewDate(2020, 12, 31)}} {
			d, err := db.Dashboard(ctx, all, region, p, false)
			if err != nil {
				t.Fatal(err)
			}
			s, pt, rows, err := db.DashboardCoverageBeforeForTest(ctx, all, region, p)
			if err != nil {
				t.Fatal(err)
			}
			if d.Stations != s || d.Points != pt || !reflect.DeepEqual(d.Rows, rows) {
				t.Errorf("%s to %s: stations %+v points %+v rows %+v\nbefore: %+v %+v %+v", region, p.To, d.Stations, d.Points, d.Rows, s, pt, rows)
			}
		}
	}
	if d, _ := db.Dashboard(ctx, all, "4453", shuangbai.Period{From: shuangbai.NewDate(2021, 1, 1), To: shuangbai.NewDate(2021, 8, 9)}, false); d.Stations.Built != 3 || d.Points.Built != 2 || len(d.Rows) != 2 {
		t.Errorf("the fixture is not counted: %+v %+v %+v", d.Stations, d.Points, d.Rows)
	}
}

// TestDashboardActivitiesAsBefore: the activities of a period and of the
// year before are counted in one pass (issue 14); for periods of a month,
// a year and three years (which overlap the year before), in a city, a
// county and a town, with kinds held in one period only, the figures are
// those of a count a period.
func TestDashboardActivitiesAsBefore(t *testing.T) {
	db, _, _ := caseFixture(t)
	ctx := t.Context()
	hk := storetest.Station(t, db, "445302003", "河口街道社工站", shuangbai.NewDate(2018, 1, 4))
	sd := storetest.Station(t, db, "445381004", "双东街道社工站", shuangbai.NewDate(2018, 3, 1))
	kinds := []shuangbai.ActivityKind{shuangbai.ActivityPolicy, shuangbai.ActivityFestival, shuangbai.ActivityGroup, shuangbai.ActivityVolunteer}
	for i := range 40 {
		st, region := hk, "445302003208"
		if i%3 == 0 {
			st, region = sd, "445381004001"
		}
		on := shuangbai.NewDate(2018, 6, 1).AddDays(i * 29)
		kind := kinds[i%len(kinds)]
		if on.Time().Year() == 2020 && kind == shuangbai.ActivityGroup {
			kind = shuangbai.ActivityCouncil // held in one year only
		}
		a := &shuangbai.Activity{StationID: st.ID, Region: region, HeldOn: on, Kind: kind, Title: fmt.Sprintf("活动%d", i), Reached: 10 + i, Volunteers: i % 5}
		if err := db.CreateActivity(ctx, shuangbai.SystemUser, a); err != nil {
			t.Fatal(err)
		}
	}
	all := shuangbai.Scope{Code: "44"}
	end := shuangbai.NewDate(2021, 8, 9)
	for _, region := range []string{"4453", "445302", "445302003", "445381"} {
		for _, p := range []shuangbai.Period{{From: shuangbai.NewDate(2021, 7, 10), To: end}, {From: shuangbai.NewDate(2020, 8, 10), To: end},
			{From: shuangbai.NewDate(2018, 8, 10), To: end}, {From: shuangbai.NewDate(2020, 1, 1), To: shuangbai.NewDate(2020, 12, 31)}} {
			d, err := db.Dashboard(ctx, all, region, p, false)
			if err != nil {
				t.Fatal(err)
			}
			want, err := db.ActivityFiguresBeforeForTest(ctx, shuangbai.Scope{Code: region}, p)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d.Activities, want) {
				t.Errorf("%s %s–%s:\n got %+v\nwant %+v", region, p.From, p.To, d.Activities, want)
			}
		}
	}
	d, _ := db.Dashboard(ctx, all, "4453", shuangbai.Period{From: shuangbai.NewDate(2020, 8, 10), To: end}, false)
	if a := d.Activities; a.Held == 0 || a.HeldLast == 0 || len(a.ByKind) == len(a.ByKindLast) && reflect.DeepEqual(a.ByKind, a.ByKindLast) {
		t.Errorf("the fixture is too plain: %+v", a)
	}
}

// TestDashboardFlowsAsBefore: the applications and the files found of a
// period and of the year before are counted in one pass each (issue 14);
// for periods of a month, a year and three years (which overlap the year
// before), in a city, a county and a town, with kinds made in one period
// only, they are those of a count a period.
func TestDashboardFlowsAsBefore(t *testing.T) {
	db, _, _ := caseFixture(t)
	ctx := t.Context()
	u := shuangbai.SystemUser
	kinds := []shuangbai.AppKind{shuangbai.AppRelief, shuangbai.AppMedical, shuangbai.AppDibao}
	statuses := []shuangbai.AppStatus{shuangbai.AppPreparing, shuangbai.AppSubmitted, shuangbai.AppApproved}
	for i := range 24 {
		region := []string{"445302003208", "445381004001"}[i%2]
		found := shuangbai.NewDate(2018, 5, 1).AddDays(i * 50)
		x := &shuangbai.Beneficiary{Region: region, Name: fmt.Sprintf("对象%d", i), IDNumber: idNumber(fmt.Sprintf("44530219500101%03d", 400+i)), Level: 2, FoundOn: found}
		if err := db.CreateBeneficiary(ctx, u, x); err != nil {
			t.Fatal(err)
		}
		kind := kinds[i%len(kinds)]
		if found.Time().Year() == 2020 && kind == shuangbai.AppDibao {
			kind = shuangbai.AppTekun // made in one year only
		}
		app := &shuangbai.Application{BeneficiaryID: x.ID, Kind: kind, Status: statuses[i%len(statuses)], PreparedOn: found.AddDays(3)}
		if app.Status != shuangbai.AppPreparing {
			app.SubmittedOn = app.PreparedOn.AddDays(2)
		}
		if app.Status == shuangbai.AppApproved {
			app.DecidedOn = app.SubmittedOn.AddDays(5)
		}
		if err := db.SaveApplication(ctx, u, app); err != nil {
			t.Fatal(err)
		}
	}
	all := shuangbai.Scope{Code: "44"}
	end := shuangbai.NewDate(2021, 8, 9)
	for _, region := range []string{"4453", "445302", "445302003", "445381"} {
		for _, p := range []shuangbai.Period{{From: shuangbai.NewDate(2021, 7, 10), To: end}, {From: shuangbai.NewDate(2020, 8, 10), To: end},
			{From: shuangbai.NewDate(2018, 8, 10), To: end}, {From: shuangbai.NewDate(2020, 1, 1), To: shuangbai.NewDate(2020, 12, 31)}} {
			d, err := db.Dashboard(ctx, all, region, p, true)
			if err != nil {
				t.Fatal(err)
			}
			apps, appsLast, found, foundLast, err := db.CaseFlowsBeforeForTest(ctx, shuangbai.Scope{Code: region}, p)
			if err != nil {
				t.Fatal(err)
			}
			c := d.Cases
			if !reflect.DeepEqual(c.Apps, apps) || !reflect.DeepEqual(c.AppsLast, appsLast) || c.NewFiles != found || c.NewFilesLast != foundLast {
				t.Errorf("%s %s–%s:\n got %+v %+v %d %d\nwant %+v %+v %d %d", region, p.From, p.To, c.Apps, c.AppsLast, c.NewFiles, c.NewFilesLast, apps, appsLast, found, foundLast)
			}
		}
	}
	d, _ := db.Dashboard(ctx, all, "4453", shuangbai.Period{From: shuangbai.NewDate(2020, 8, 10), To: end}, true)
	if c := d.Cases; len(c.Apps) == 0 || len(c.AppsLast) == 0 || c.NewFiles == 0 || c.NewFilesLast == 0 || reflect.DeepEqual(c.Apps, c.AppsLast) {
		t.Errorf("the fixture is too plain: %+v %+v %d %d", c.Apps, c.AppsLast, c.NewFiles, c.NewFilesLast)
	}
}

// TestDashboardTrainingsAsBefore: the trainings of a period and of the
// year before are counted in one pass (issue 14); for periods of a month,
// a year and three years, in the city and its counties, with a kind held
// in one year only, they and the period's attendances are those of a
// count a period.
func TestDashboardTrainingsAsBefore(t *testing.T) {
	db, _, _ := caseFixture(t)
	ctx := t.Context()
	admin := storetest.User(t, db, "cityadmin", shuangbai.RoleCityAdmin, "4453", "x")
	worker := &shuangbai.Person{Region: "445302003", Name: "社工甲", Gender: "女", Role: shuangbai.StaffWorker}
	if err := db.CreatePerson(ctx, shuangbai.SystemUser, worker); err != nil {
		t.Fatal(err)
	}
	kinds := []shuangbai.TrainingKind{shuangbai.TrainingPreService, shuangbai.TrainingProfessional}
	for i := range 20 {
		on := shuangbai.NewDate(2018, 7, 1).AddDays(i * 55)
		kind := kinds[i%2]
		if on.Time().Year() == 2020 && i%2 == 0 {
			kind = shuangbai.TrainingOther // held in one year only
		}
		tr := &shuangbai.Training{Region: []string{"4453", "445302", "445381"}[i%3], HeldOn: on, Kind: kind, Title: fmt.Sprintf("培训%d", i), Hours: 4}
		if i%2 == 1 {
			tr.Attendees = []int64{worker.ID}
		}
		if err := db.CreateTraining(ctx, admin, tr); err != nil {
			t.Fatal(err)
		}
	}
	all := shuangbai.Scope{Code: "44"}
	end := shuangbai.NewDate(2021, 8, 9)
	for _, region := range []string{"4453", "445302", "445381"} {
		for _, p := range []shuangbai.Period{{From: shuangbai.NewDate(2021, 7, 10), To: end}, {From: shuangbai.NewDate(2020, 8, 10), To: end},
			{From: shuangbai.NewDate(2018, 8, 10), To: end}, {From: shuangbai.NewDate(2020, 1, 1), To: shuangbai.NewDate(2020, 12, 31)}} {
			d, err := db.Dashboard(ctx, all, region, p, false)
			if err != nil {
				t.Fatal(err)
			}
			now, before, people, err := db.TrainingFiguresBeforeForTest(ctx, shuangbai.Scope{Code: region}, p)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d.Trainings, now) || !reflect.DeepEqual(d.TrainingsLast, before) || d.TrainingPeople != people {
				t.Errorf("%s %s–%s: got %v %v %d, want %v %v %d", region, p.From, p.To, d.Trainings, d.TrainingsLast, d.TrainingPeople, now, before, people)
			}
		}
	}
	d, _ := db.Dashboard(ctx, all, "4453", shuangbai.Period{From: shuangbai.NewDate(2020, 8, 10), To: end}, false)
	if len(d.Trainings) == 0 || len(d.TrainingsLast) == 0 || d.TrainingPeople == 0 || reflect.DeepEqual(d.Trainings, d.TrainingsLast) {
		t.Errorf("the fixture is too plain: %v %v %d", d.Trainings, d.TrainingsLast, d.TrainingPeople)
	}
}

// TestDashboardKeptFiguresFollowWrites: a dashboard's activity figures
// (kept under the activities version) and its applications (under the
// files version) are served again only while nothing they count has
// changed: after an activity is recorded, moved to another county, re-dated
// or its number reached changed, and after an application is made, decided
// or moved by a statement no store method makes, they equal a fresh count;
// a visit moves neither version on.
func TestDashboardKeptFiguresFollowWrites(t *testing.T) {
	db, a, _ := caseFixture(t)
	ctx := t.Context()
	u := shuangbai.SystemUser
	hk := storetest.Station(t, db, "445302003", "河口街道社工站", shuangbai.NewDate(2018, 1, 4))
	sd := storetest.Station(t, db, "445381004", "双东街道社工站", shuangbai.NewDate(2018, 3, 1))
	all := shuangbai.Scope{Code: "44"}
	p := shuangbai.Period{From: shuangbai.NewDate(2020, 8, 10), To: shuangbai.NewDate(2021, 8, 9)}
	versions := func() string {
		v, err := db.RawForTest(ctx, "SELECT CAST(SUM(version) AS TEXT) FROM data_versions WHERE name IN ('files', 'activities')")
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	check := func(after string) {
		t.Helper()
		for _, region := range []string{"4453", "445302", "445381"} {
			d, err := db.Dashboard(ctx, all, region, p, true)
			if err != nil {
				t.Fatal(err)
			}
			acts, err := db.ActivityFiguresBeforeForTest(ctx, shuangbai.Scope{Code: region}, p)
			if err != nil {
				t.Fatal(err)
			}
			apps, appsLast, _, _, err := db.CaseFlowsBeforeForTest(ctx, shuangbai.Scope{Code: region}, p)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d.Activities, acts) || !reflect.DeepEqual(d.Cases.Apps, apps) || !reflect.DeepEqual(d.Cases.AppsLast, appsLast) {
				t.Fatalf("after %s, %s served:\n activities %+v\n      want %+v\n apps %+v %+v\n want %+v %+v", after, region, d.Activities, acts, d.Cases.Apps, d.Cases.AppsLast, apps, appsLast)
			}
		}
	}
	check("nothing")
	act := &shuangbai.Activity{StationID: hk.ID, Region: "445302003208", HeldOn: shuangbai.NewDate(2021, 3, 5), Kind: shuangbai.ActivityPolicy, Title: "政策宣讲", Reached: 30}
	app := &shuangbai.Application{BeneficiaryID: a.ID, Kind: shuangbai.AppMedical, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 5, 3)}
	for _, w := range []struct {
		name string
		do   func() error
	}{
		{"an activity", func() error { return db.CreateActivity(ctx, u, act) }},
		{"the activity moved to 罗定市", func() error {
			act.StationID, act.Region = sd.ID, "445381004001"
			return db.UpdateActivity(ctx, u, act)
		}},
		{"the activity re-dated", func() error {
			act.HeldOn = shuangbai.NewDate(2020, 5, 1)
			return db.UpdateActivity(ctx, u, act)
		}},
		{"more people reached", func() error {
			act.HeldOn, act.Reached = shuangbai.NewDate(2021, 2, 1), 90
			return db.UpdateActivity(ctx, u, act)
		}},
		{"an application", func() error { return db.SaveApplication(ctx, u, app) }},
		{"the application approved", func() error {
			app.Status, app.SubmittedOn, app.DecidedOn = shuangbai.AppApproved, shuangbai.NewDate(2021, 5, 5), shuangbai.NewDate(2021, 5, 9)
			return db.SaveApplication(ctx, u, app)
		}},
		{"a statement no method makes", func() error {
			return db.ExecForTest(ctx, "UPDATE applications SET region = '445381004001'")
		}},
	} {
		before := versions()
		if err := w.do(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		if versions() == before {
			t.Errorf("%s moved no version on", w.name)
		}
		check(w.name)
	}
	before := versions()
	if err := db.RecordVisit(ctx, u, &shuangbai.Visit{BeneficiaryID: a.ID, On: shuangbai.NewDate(2021, 8, 2), Kind: shuangbai.VisitHome}); err != nil {
		t.Fatal(err)
	}
	if versions() != before {
		t.Errorf("a visit moved a version on")
	}
	check("a visit")
}
