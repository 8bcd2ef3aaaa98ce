package store_test

import (
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestScopeProgress: the progress table, its drill-downs and the outcomes
// of a county count that county's sites, staff, trainings, requirements,
// reports and case work, never the other county's; a county's scope cannot
// ask for the other county nor for the city above it.
func TestScopeProgress(t *testing.T) {
	w := scopeFixture(t)
	db := w.db
	ctx := t.Context()
	city := shuangbai.Scope{Code: "4453"}
	// A third county that reported figures on the bureau's sheet and has no
	// site registered: its report stands in for it, in its own row only.
	storetest.Regions(t, db, "445303", "云安区")
	if err := db.ExecForTest(ctx, `INSERT INTO county_reports (region, as_of, stations_required, stations_built, stations_office,
		stations_equipment, stations_staff, points_required, points_built, points_office, points_equipment, points_staff, trainings, recorded_at, recorded_by)
		VALUES ('445303', '2021-01-04', 7, 7, 7, 1, 7, 7, 7, 7, 1, 7, 7, '2021-01-04 00:00:00+00', 'test')`); err != nil {
		t.Fatal(err)
	}
	notFound := func(t *testing.T, what string, err error) { t.Helper(); wantErr(t, what, err, shuangbai.ENOTFOUND, "") }

	checks := []struct {
		name  string
		check func(t *testing.T, s, o *scopeSide)
	}{
		{"Progress", func(t *testing.T, s, o *scopeSide) {
			notFound(t, "Progress of the city", errOf(db.Progress(ctx, s.scope, "4453", scopeDay)))
		}},
		{"CountyProgress", func(t *testing.T, s, o *scopeSide) {
			notFound(t, "CountyProgress of the other", errOf(db.CountyProgress(ctx, s.scope, o.county, scopeDay)))
			notFound(t, "CountyProgress of the city", errOf(db.CountyProgress(ctx, s.scope, "4453", scopeDay)))
			tab, err := db.CountyProgress(ctx, s.scope, s.county, scopeDay)
			if err != nil {
				t.Fatal(err)
			}
			req, _ := db.Requirements(ctx, s.scope)
			r := tab.Rows[0]
			want := shuangbai.ProgressRow{Code: s.county, Name: s.name, PlanIssued: true, Funding: s.name + "经费已落实。", Trainings: 1,
				Stations: shuangbai.SiteCounts{Required: *req[s.county].Stations, Built: 1, Office: 1, Equipment: r.Stations.Equipment, Staff: 1},
				Points:   shuangbai.SiteCounts{Required: 1, Built: 1, Office: 1, Equipment: r.Points.Equipment}}
			if r != want {
				t.Errorf("row = %+v\nwant %+v", r, want)
			}
			// The day before the county's first site is refused, whenever
			// the other county built its first.
			_, err = db.CountyProgress(ctx, s.scope, s.county, scopeBefore)
			if s.built.After(scopeBefore) {
				wantErr(t, "CountyProgress before its first site", err, shuangbai.EINVALID, "")
			} else if err != nil {
				t.Errorf("CountyProgress after its first site: %v", err)
			}
		}},
		{"SitesOn", func(t *testing.T, s, o *scopeSide) {
			notFound(t, "SitesOn of the other", errOf(db.SitesOn(ctx, s.scope, o.county, false, scopeDay)))
			notFound(t, "SitesOn of the city", errOf(db.SitesOn(ctx, s.scope, "4453", false, scopeDay)))
			key := func(x store.SiteOn) string { return id(x.ID) }
			stations := noErr[[]store.SiteOn](t, "SitesOn")(db.SitesOn(ctx, city, s.county, false, scopeDay))
			seesOwn(t, "stations on", keysOf(stations, key), id(s.station.ID), id(o.station.ID))
			points := noErr[[]store.SiteOn](t, "SitesOn")(db.SitesOn(ctx, city, s.county, true, scopeDay))
			seesOwn(t, "points on", keysOf(points, key), id(s.point.ID), id(o.point.ID))
		}},
		{"StaffListOn", func(t *testing.T, s, o *scopeSide) {
			notFound(t, "StaffListOn of the other", errOf(db.StaffListOn(ctx, s.scope, o.county, false, scopeDay)))
			notFound(t, "StaffListOn of the city", errOf(db.StaffListOn(ctx, s.scope, "4453", false, scopeDay)))
			l := noErr[[]store.StaffOn](t, "StaffListOn")(db.StaffListOn(ctx, city, s.county, false, scopeDay))
			seesOwn(t, "StaffListOn", keysOf(l, func(x store.StaffOn) string { return id(x.Person.ID) }), id(s.person.ID), id(o.person.ID))
		}},
		{"BuiltByMonth", func(t *testing.T, s, o *scopeSide) {
			series, err := db.BuiltByMonth(ctx, s.scope, s.county, scopeDay)
			if err != nil || len(series) == 0 {
				t.Fatalf("BuiltByMonth = %v, %v", series, err)
			}
			// The series start at the county's own first site.
			if got, want := series[0].Months[0], s.built.String()[:7]; got != want {
				t.Errorf("first month %s, want %s", got, want)
			}
			for _, m := range series {
				if m.Code == s.town && m.Stations[len(m.Stations)-1] != 1 {
					t.Errorf("%s: %v stations", m.Code, m.Stations)
				}
			}
		}},
		{"registeredCounties", func(t *testing.T, s, o *scopeSide) {
			m, err := db.RegisteredCountiesForTest(ctx, s.scope)
			if err != nil {
				t.Fatal(err)
			}
			seesOwn(t, "registeredCounties", mapKeys(m), s.county, o.county)
		}},
		{"Outcomes", func(t *testing.T, s, o *scopeSide) {
			notFound(t, "Outcomes of the other", errOf(db.Outcomes(ctx, s.scope, o.county, shuangbai.Date{}, scopeDay)))
			notFound(t, "Outcomes of the city", errOf(db.Outcomes(ctx, s.scope, "4453", shuangbai.Date{}, scopeDay)))
			out, err := db.Outcomes(ctx, city, s.county, shuangbai.Date{}, scopeDay)
			if err != nil {
				t.Fatal(err)
			}
			// Its beneficiary and the member who moved in; one visit, one
			// application.
			if out.People != 2 || out.Identified[shuangbai.GroupMarginal] != 1 || out.Visits != 1 || out.Applications[shuangbai.AppMedical] != 1 {
				t.Errorf("Outcomes = %+v", out)
			}
		}},
	}
	for _, c := range checks {
		for _, p := range w.sides() {
			t.Run(c.name+"/"+p[0].name, func(t *testing.T) { c.check(t, p[0], p[1]) })
		}
	}

	// The city's table: each county's row holds its own figures; the third
	// county's report stands in its own row.
	tab, err := db.Progress(ctx, city, "4453", scopeDay)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tab.Rows {
		want := map[string]int{"445302": 1, "445381": 1, "445303": 7}[r.Code]
		if r.CityLevel {
			continue
		}
		if r.Stations.Built != want || r.Stations.Staff != want || r.Points.Required != want || r.Trainings != want {
			t.Errorf("city table, %s: %+v; want %d of each", r.Code, r, want)
		}
	}
}
