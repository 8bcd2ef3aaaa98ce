package store_test

import (
	"testing"

	"shuangbai"
	"shuangbai/store/storetest"
)

// TestScopeProgressFigures: the figures a progress table is made of keep to
// the scope they are gathered for. Since Progress and CountyProgress share
// one computation whose rows each sum only the counties under their own
// code, a figure gathered from outside the table's region never reaches a
// row; so these checks read the figures themselves (siteCounts,
// trainingCounts, reportsOn) and ask BuiltByMonth, whose months are shared
// by every series, for a county inside a wider scope.
func TestScopeProgressFigures(t *testing.T) {
	w := scopeFixture(t)
	db := w.db
	ctx := t.Context()
	city := shuangbai.Scope{Code: "4453"}
	// Each county reported figures on the bureau's sheet, a different number
	// built in each.
	if err := db.ExecForTest(ctx, `INSERT INTO county_reports (region, as_of, stations_required, stations_built, stations_office,
		stations_equipment, stations_staff, points_required, points_built, points_office, points_equipment, points_staff, trainings, recorded_at, recorded_by)
		VALUES ('445302', '2021-01-04', 2, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2, '2021-01-04 00:00:00+00', 'test'),
		('445381', '2021-01-04', 3, 3, 3, 1, 3, 3, 3, 3, 1, 3, 3, '2021-01-04 00:00:00+00', 'test')`); err != nil {
		t.Fatal(err)
	}
	reported := map[string]int{w.yc.county: 2, w.ld.county: 3}

	checks := []struct {
		name  string
		check func(t *testing.T, s, o *scopeSide)
	}{
		// Each of its queries (built sites, towns needing a station,
		// registered points, staff on duty) alone would bring the other
		// county into the map.
		{"siteCounts", func(t *testing.T, s, o *scopeSide) {
			m, err := db.SiteCountsForTest(ctx, s.scope, scopeDay)
			if err != nil {
				t.Fatal(err)
			}
			seesOwn(t, "siteCounts", mapKeys(m), s.county, o.county)
			req, err := db.Requirements(ctx, s.scope)
			if err != nil {
				t.Fatal(err)
			}
			st, pt := m[s.county][0], m[s.county][1]
			if st.Required != *req[s.county].Stations || st.Built != 1 || st.Office != 1 || st.Staff != 1 {
				t.Errorf("stations = %+v; want %d required, 1 built, with an office, staffed by 1", st, *req[s.county].Stations)
			}
			if pt.Required != 1 || pt.Built != 1 || pt.Office != 1 || pt.Staff != 0 {
				t.Errorf("points = %+v; want 1 required, 1 built, with an office, no staff", pt)
			}
		}},
		{"trainingCounts", func(t *testing.T, s, o *scopeSide) {
			m, err := db.TrainingCountsForTest(ctx, s.scope, scopeDay)
			if err != nil {
				t.Fatal(err)
			}
			seesOwn(t, "trainingCounts", mapKeys(m), s.county, o.county)
			if m[s.county] != 1 {
				t.Errorf("trainings = %v; want 1 of its own", m)
			}
		}},
		{"reportsOn", func(t *testing.T, s, o *scopeSide) {
			m, err := db.ReportsOnForTest(ctx, s.scope, scopeDay)
			if err != nil {
				t.Fatal(err)
			}
			seesOwn(t, "reportsOn", mapKeys(m), s.county, o.county)
			if m[s.county] != reported[s.county] {
				t.Errorf("reports = %v; want %d built in its own", m, reported[s.county])
			}
		}},
		// Asked by the city for one county, the chart's months begin at that
		// county's first site, not at the first anywhere in the city.
		{"BuiltByMonth of a county in the city's scope", func(t *testing.T, s, o *scopeSide) {
			series, err := db.BuiltByMonth(ctx, city, s.county, scopeDay)
			if err != nil || len(series) == 0 {
				t.Fatalf("BuiltByMonth = %v, %v", series, err)
			}
			if got, want := series[0].Months[0], s.built.String()[:7]; got != want {
				t.Errorf("first month %s, want %s, the county's own", got, want)
			}
			for _, m := range series {
				if m.Code == s.town && m.Stations[len(m.Stations)-1] != 1 {
					t.Errorf("%s: %v stations", m.Code, m.Stations)
				}
			}
		}},
	}
	for _, c := range checks {
		for _, p := range w.sides() {
			t.Run(c.name+"/"+p[0].name, func(t *testing.T) { c.check(t, p[0], p[1]) })
		}
	}
}

// TestScopeApplyOthersReport: a plan's reports, like its facts, are checked
// against the scope of the user who applies it. The plan is made by the
// operator for the city and changes only the counts of 云安区, which has no
// site registered (so the change becomes a report, and no facts change;
// the city's and 云安区's facts are on record):
// the admins of 云城区 and 罗定市 may not apply it, 云安区's may.
func TestScopeApplyOthersReport(t *testing.T) {
	w := scopeFixture(t)
	db := w.db
	ctx := t.Context()
	const yunan = "445303"
	storetest.Regions(t, db, yunan, "云安区")
	yunanAdmin := storetest.User(t, db, "ya-admin", shuangbai.RoleCountyAdmin, yunan, "x")
	// Facts on record for the city and 云安区, so that the plan holds no
	// facts for them (a row with none on record gets an empty version):
	// its reports alone must be checked.
	for _, code := range []string{"4453", yunan} {
		if err := db.RecordFacts(ctx, shuangbai.SystemUser, &shuangbai.CountyFacts{Region: code, Effective: scopeFiled, PlanIssued: true,
			PlanDate: scopeFiled, FundingStatus: shuangbai.FundingSecured, FundingNote: "经费已落实。"}); err != nil {
			t.Fatal(err)
		}
	}
	cur, err := db.Progress(ctx, shuangbai.Scope{Code: "4453"}, "4453", scopeDay)
	if err != nil {
		t.Fatal(err)
	}
	var rows []shuangbai.ProgressRow
	for _, r := range cur.Rows {
		if r.Code == yunan {
			r.Stations.Built = 2
		}
		rows = append(rows, r)
	}
	plan, err := db.PlanProgressImport(ctx, shuangbai.SystemUser, "4453", scopeDay, rows)
	if err != nil || len(plan.Changes) != 1 || plan.Changes[0].Region != yunan || len(plan.Refused) != 0 {
		t.Fatalf("plan = %+v, %v; want one change, to 云安区's count", plan, err)
	}

	cases := []struct {
		name    string
		applier *shuangbai.User
		applied bool
	}{
		{"by 云城区's admin", w.yc.admin, false},
		{"by 罗定市's admin", w.ld.admin, false},
		{"by 云安区's admin", yunanAdmin, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := snapshot(t, db)
			err := db.ApplyProgressImport(ctx, c.applier, plan)
			if !c.applied {
				wantErr(t, "applying 云安区's report", err, shuangbai.ENOTFOUND, "")
				if after := snapshot(t, db); after != before {
					t.Errorf("a refused plan changed the database:\n%s\n%s", before, after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tab, err := db.Progress(ctx, shuangbai.Scope{Code: "4453"}, "4453", scopeDay)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range tab.Rows {
				if r.Code == yunan && r.Stations.Built != 2 {
					t.Errorf("云安区's row after the import: %+v; want its report of 2 built", r)
				}
			}
		})
	}
}
