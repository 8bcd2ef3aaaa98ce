package store_test

import (
	"testing"

	"shuangbai"
	"shuangbai/store"
)

// keysOf lists a key of each element, for seesOwn.
func keysOf[T any](list []T, key func(T) string) []string {
	var out []string
	for _, x := range list {
		out = append(out, key(x))
	}
	return out
}

func mapKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// errOf drops the value of a read, for the single reads that must answer
// ENOTFOUND outside scope.
func errOf[T any](_ T, err error) error { return err }

// noErr fails the test on a read that should have worked.
func noErr[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

// TestScopeReads: each read that takes a scope, from each county's scope,
// returns that county's record and never the other county's; a single read
// of the other's answers ENOTFOUND.
func TestScopeReads(t *testing.T) {
	w := scopeFixture(t)
	db := w.db
	ctx := t.Context()
	city := shuangbai.Scope{Code: "4453"}
	benIDs := func(l []*shuangbai.Beneficiary) []string {
		return keysOf(l, func(b *shuangbai.Beneficiary) string { return id(b.ID) })
	}
	notFound := func(t *testing.T, what string, err error) { t.Helper(); wantErr(t, what, err, shuangbai.ENOTFOUND, "") }
	found := func(t *testing.T, what string, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s of its own: %v", what, err)
		}
	}

	reads := []struct {
		name  string
		check func(t *testing.T, s, o *scopeSide)
	}{
		{"Beneficiary", func(t *testing.T, s, o *scopeSide) {
			found(t, "Beneficiary", errOf(db.Beneficiary(ctx, s.scope, s.ben.ID)))
			notFound(t, "Beneficiary", errOf(db.Beneficiary(ctx, s.scope, o.ben.ID)))
		}},
		{"Beneficiaries", func(t *testing.T, s, o *scopeSide) {
			list := func(sc shuangbai.Scope, f shuangbai.BeneficiaryFilter) []string {
				return benIDs(noErr[[]*shuangbai.Beneficiary](t, "Beneficiaries")(db.Beneficiaries(ctx, sc, f)))
			}
			seesOwn(t, "all", list(s.scope, shuangbai.BeneficiaryFilter{}), id(s.ben.ID), id(o.ben.ID))
			seesOwn(t, "by ID number", list(s.scope, shuangbai.BeneficiaryFilter{IDNumber: s.ben.IDNumber}), id(s.ben.ID), "")
			seesOwn(t, "by the other's ID number", list(s.scope, shuangbai.BeneficiaryFilter{IDNumber: o.ben.IDNumber}), "", id(o.ben.ID))
			seesOwn(t, "by the other's name", list(s.scope, shuangbai.BeneficiaryFilter{Name: o.ben.Name}), "", id(o.ben.ID))
			seesOwn(t, "by the other's worker", list(s.scope, shuangbai.BeneficiaryFilter{WorkerID: o.person.ID}), "", id(o.ben.ID))
			// The region filter narrows the city's scope to one county.
			seesOwn(t, "city, filtered to the county", list(city, shuangbai.BeneficiaryFilter{Region: s.county}), id(s.ben.ID), id(o.ben.ID))
			seesOwn(t, "filtered to the other county", list(s.scope, shuangbai.BeneficiaryFilter{Region: o.county}), "", id(o.ben.ID))
		}},
		{"PossibleDuplicates", func(t *testing.T, s, o *scopeSide) {
			twin := func(b *shuangbai.Beneficiary) *shuangbai.Beneficiary {
				return &shuangbai.Beneficiary{Region: b.Region, Name: b.Name, Birth: b.Birth}
			}
			dups := func(b *shuangbai.Beneficiary) []string {
				return benIDs(noErr[[]*shuangbai.Beneficiary](t, "PossibleDuplicates")(db.PossibleDuplicates(ctx, s.scope, twin(b))))
			}
			seesOwn(t, "PossibleDuplicates", dups(s.ben), id(s.ben.ID), "")
			seesOwn(t, "PossibleDuplicates", dups(o.ben), "", id(o.ben.ID))
		}},
		{"Household", func(t *testing.T, s, o *scopeSide) {
			h, members, err := db.Household(ctx, s.scope, s.hh.ID)
			if err != nil || h.ID != s.hh.ID {
				t.Fatalf("Household of its own: %+v, %v", h, err)
			}
			// The member who moved to the other county is not shown.
			seesOwn(t, "members", benIDs(members), id(s.ben.ID), id(o.mover.ID))
			_, _, err = db.Household(ctx, s.scope, o.hh.ID)
			notFound(t, "Household", err)
		}},
		{"Households", func(t *testing.T, s, o *scopeSide) {
			l := noErr[[]shuangbai.Household](t, "Households")(db.Households(ctx, s.scope, 0))
			seesOwn(t, "Households", keysOf(l, func(h shuangbai.Household) string { return id(h.ID) }), id(s.hh.ID), id(o.hh.ID))
		}},
		{"CheckHousehold", func(t *testing.T, s, o *scopeSide) {
			found(t, "CheckHousehold", db.CheckHousehold(ctx, s.scope, s.hh.ID, s.village))
			wantErr(t, "CheckHousehold", db.CheckHousehold(ctx, s.scope, o.hh.ID, o.village), shuangbai.EINVALID, "household")
		}},
		{"Application", func(t *testing.T, s, o *scopeSide) {
			found(t, "Application", errOf(db.Application(ctx, s.scope, s.app.ID)))
			notFound(t, "Application", errOf(db.Application(ctx, s.scope, o.app.ID)))
		}},
		{"Applications", func(t *testing.T, s, o *scopeSide) {
			key := func(a shuangbai.Application) string { return id(a.ID) }
			own := noErr[[]shuangbai.Application](t, "Applications")(db.Applications(ctx, s.scope, s.ben.ID))
			other := noErr[[]shuangbai.Application](t, "Applications")(db.Applications(ctx, s.scope, o.ben.ID))
			seesOwn(t, "Applications", keysOf(own, key), id(s.app.ID), "")
			seesOwn(t, "Applications", keysOf(other, key), "", id(o.app.ID))
		}},
		{"Assessments", func(t *testing.T, s, o *scopeSide) {
			if l, err := db.Assessments(ctx, s.scope, s.ben.ID, 0); err != nil || len(l) != 1 {
				t.Errorf("Assessments of its own: %d, %v", len(l), err)
			}
			if l, err := db.Assessments(ctx, s.scope, o.ben.ID, 0); err != nil || len(l) != 0 {
				t.Errorf("Assessments of the other county's: %d, %v", len(l), err)
			}
		}},
		{"Visits", func(t *testing.T, s, o *scopeSide) {
			key := func(v shuangbai.Visit) string { return id(v.ID) }
			seesOwn(t, "Visits", keysOf(noErr[[]shuangbai.Visit](t, "Visits")(db.Visits(ctx, s.scope, s.ben.ID, 0)), key), id(s.visit.ID), "")
			seesOwn(t, "Visits", keysOf(noErr[[]shuangbai.Visit](t, "Visits")(db.Visits(ctx, s.scope, o.ben.ID, 0)), key), "", id(o.visit.ID))
		}},
		{"LevelChanges", func(t *testing.T, s, o *scopeSide) {
			key := func(c shuangbai.LevelChange) string { return id(c.ID) }
			list := func(bid int64, pending bool) []string {
				return keysOf(noErr[[]shuangbai.LevelChange](t, "LevelChanges")(db.LevelChanges(ctx, s.scope, bid, pending)), key)
			}
			seesOwn(t, "LevelChanges", list(s.ben.ID, false), id(s.lowering.ID), "")
			seesOwn(t, "LevelChanges", list(o.ben.ID, false), "", id(o.lowering.ID))
			seesOwn(t, "pending LevelChanges", list(0, true), id(s.lowering.ID), id(o.lowering.ID))
		}},
		{"PendingLowerings", func(t *testing.T, s, o *scopeSide) {
			l := noErr[[]store.PendingLowering](t, "PendingLowerings")(db.PendingLowerings(ctx, s.scope))
			seesOwn(t, "PendingLowerings", keysOf(l, func(p store.PendingLowering) string { return id(p.ID) }), id(s.lowering.ID), id(o.lowering.ID))
		}},
		{"Worklist", func(t *testing.T, s, o *scopeSide) {
			key := func(d store.Due) string { return id(d.BeneficiaryID) }
			l := noErr[[]store.Due](t, "Worklist")(db.Worklist(ctx, s.scope, 0, scopeDay, 0))
			seesOwn(t, "Worklist", keysOf(l, key), id(s.ben.ID), id(o.ben.ID))
			l = noErr[[]store.Due](t, "Worklist")(db.Worklist(ctx, s.scope, o.person.ID, scopeDay, 0))
			seesOwn(t, "Worklist of the other's worker", keysOf(l, key), "", id(o.ben.ID))
		}},
		{"Overdue", func(t *testing.T, s, o *scopeSide) {
			key := func(c store.OverdueCount) string { return c.Key }
			l := noErr[[]store.OverdueCount](t, "OverdueByStation")(db.OverdueByStation(ctx, s.scope, scopeDay))
			seesOwn(t, "OverdueByStation", keysOf(l, key), s.town, o.town)
			l = noErr[[]store.OverdueCount](t, "OverdueByWorker")(db.OverdueByWorker(ctx, s.scope, scopeDay))
			seesOwn(t, "OverdueByWorker", keysOf(l, key), id(s.person.ID), id(o.person.ID))
		}},
		{"AccessLog", func(t *testing.T, s, o *scopeSide) {
			key := func(e store.AccessEntry) string { return id(e.BeneficiaryID) }
			seesOwn(t, "AccessLog", keysOf(noErr[[]store.AccessEntry](t, "AccessLog")(db.AccessLog(ctx, s.scope, 0, 0, 0)), key), id(s.ben.ID), id(o.ben.ID))
			seesOwn(t, "AccessLog of one", keysOf(noErr[[]store.AccessEntry](t, "AccessLog")(db.AccessLog(ctx, s.scope, o.ben.ID, 0, 0)), key), "", id(o.ben.ID))
			by := noErr[[]store.AccessEntry](t, "AccessLogBy")(db.AccessLogBy(ctx, s.scope, store.AccessFilter{Username: "system"}))
			seesOwn(t, "AccessLogBy", keysOf(by, key), id(s.ben.ID), id(o.ben.ID))
		}},
		{"AuditLog", func(t *testing.T, s, o *scopeSide) {
			l := noErr[[]shuangbai.AuditEntry](t, "AuditLog")(db.AuditLog(ctx, s.scope, store.AuditFilter{Entity: "beneficiary", Limit: 500}))
			seesOwn(t, "AuditLog", keysOf(l, func(e shuangbai.AuditEntry) string { return e.EntityID }), id(s.ben.ID), id(o.ben.ID))
		}},
		{"StaffNames", func(t *testing.T, s, o *scopeSide) {
			m, err := db.StaffNames(ctx, s.scope, []int64{s.person.ID, o.person.ID})
			if err != nil || len(m) != 1 || m[s.person.ID] != s.person.Name {
				t.Errorf("StaffNames = %v, %v; want only %s", m, err, s.person.Name)
			}
		}},
		{"People", func(t *testing.T, s, o *scopeSide) {
			key := func(p shuangbai.Person) string { return id(p.ID) }
			people := func(sc shuangbai.Scope, f store.PersonFilter) []string {
				l, _, err := db.People(ctx, sc, f)
				if err != nil {
					t.Fatal(err)
				}
				return keysOf(l, key)
			}
			seesOwn(t, "People", people(s.scope, store.PersonFilter{}), id(s.person.ID), id(o.person.ID))
			seesOwn(t, "People of the city, filtered", people(city, store.PersonFilter{Region: s.county}), id(s.person.ID), id(o.person.ID))
			found(t, "Person", errOf(db.Person(ctx, s.scope, s.person.ID)))
			notFound(t, "Person", errOf(db.Person(ctx, s.scope, o.person.ID)))
		}},
		{"Assignments", func(t *testing.T, s, o *scopeSide) {
			key := func(a shuangbai.Assignment) string { return id(a.ID) }
			seesOwn(t, "Assignments", keysOf(noErr[[]shuangbai.Assignment](t, "Assignments")(db.Assignments(ctx, s.scope, s.person.ID)), key), id(s.assign.ID), "")
			seesOwn(t, "Assignments", keysOf(noErr[[]shuangbai.Assignment](t, "Assignments")(db.Assignments(ctx, s.scope, o.person.ID)), key), "", id(o.assign.ID))
		}},
		{"Staffed", func(t *testing.T, s, o *scopeSide) {
			key := func(p shuangbai.Person) string { return id(p.ID) }
			own := noErr[[]shuangbai.Person](t, "Staffed")(db.Staffed(ctx, s.scope, s.station.ID, 0, scopeDay))
			other := noErr[[]shuangbai.Person](t, "Staffed")(db.Staffed(ctx, s.scope, o.station.ID, 0, scopeDay))
			seesOwn(t, "Staffed", keysOf(own, key), id(s.person.ID), "")
			seesOwn(t, "Staffed", keysOf(other, key), "", id(o.person.ID))
		}},
		{"Users", func(t *testing.T, s, o *scopeSide) {
			l := noErr[[]*shuangbai.User](t, "Users")(db.Users(ctx, s.scope))
			seesOwn(t, "Users", keysOf(l, func(u *shuangbai.User) string { return u.Username }), s.admin.Username, o.admin.Username)
		}},
		{"Stations", func(t *testing.T, s, o *scopeSide) {
			stations := func(sc shuangbai.Scope, f shuangbai.SiteFilter) []string {
				l, _, err := db.Stations(ctx, sc, f)
				if err != nil {
					t.Fatal(err)
				}
				return keysOf(l, func(x shuangbai.Station) string { return id(x.ID) })
			}
			seesOwn(t, "Stations", stations(s.scope, shuangbai.SiteFilter{}), id(s.station.ID), id(o.station.ID))
			seesOwn(t, "Stations of the city, filtered", stations(city, shuangbai.SiteFilter{Region: s.county}), id(s.station.ID), id(o.station.ID))
			found(t, "Station", errOf(db.Station(ctx, s.scope, s.station.ID)))
			notFound(t, "Station", errOf(db.Station(ctx, s.scope, o.station.ID)))
			found(t, "StationByRegion", errOf(db.StationByRegion(ctx, s.scope, s.town)))
			notFound(t, "StationByRegion", errOf(db.StationByRegion(ctx, s.scope, o.town)))
		}},
		{"Points", func(t *testing.T, s, o *scopeSide) {
			points := func(sc shuangbai.Scope, f store.PointFilter) []string {
				l, _, err := db.Points(ctx, sc, f)
				if err != nil {
					t.Fatal(err)
				}
				return keysOf(l, func(x shuangbai.Point) string { return id(x.ID) })
			}
			seesOwn(t, "Points", points(s.scope, store.PointFilter{}), id(s.point.ID), id(o.point.ID))
			seesOwn(t, "Points of the other's station", points(s.scope, store.PointFilter{StationID: o.station.ID}), "", id(o.point.ID))
			found(t, "Point", errOf(db.Point(ctx, s.scope, s.point.ID)))
			notFound(t, "Point", errOf(db.Point(ctx, s.scope, o.point.ID)))
		}},
		{"SiteTallies", func(t *testing.T, s, o *scopeSide) {
			m := noErr[map[string]store.SiteTally](t, "SiteTallies")(db.SiteTallies(ctx, s.scope, shuangbai.LevelCounty))
			seesOwn(t, "SiteTallies", mapKeys(m), s.county, o.county)
		}},
		{"Regions", func(t *testing.T, s, o *scopeSide) {
			codes := func(l []shuangbai.Region, err error) []string {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
				return keysOf(l, func(r shuangbai.Region) string { return r.Code })
			}
			found(t, "Region", errOf(db.Region(ctx, s.scope, s.village, shuangbai.Date{})))
			notFound(t, "Region", errOf(db.Region(ctx, s.scope, o.county, shuangbai.Date{})))
			// The city is an ancestor: readable, but its children only in scope.
			seesOwn(t, "Children of the city", codes(db.Children(ctx, s.scope, "4453", shuangbai.Date{})), s.county, o.county)
			notFound(t, "Children", errOf(db.Children(ctx, s.scope, o.county, shuangbai.Date{})))
			seesOwn(t, "RegionsAt", codes(db.RegionsAt(ctx, s.scope, shuangbai.LevelCounty, shuangbai.Date{})), s.county, o.county)
			seesOwn(t, "RosterVillages", mapKeys(noErr[map[string]string](t, "RosterVillages")(db.RosterVillages(ctx, s.scope))), s.village, o.village)
		}},
		{"Requirements", func(t *testing.T, s, o *scopeSide) {
			m := noErr[map[string]shuangbai.Requirement](t, "Requirements")(db.Requirements(ctx, s.scope))
			seesOwn(t, "Requirements", mapKeys(m), s.county, o.county)
			l := noErr[[]store.RequiredDefault](t, "RequiredDefaults")(db.RequiredDefaults(ctx, s.scope))
			seesOwn(t, "RequiredDefaults", keysOf(l, func(d store.RequiredDefault) string { return d.County.Code }), s.county, o.county)
		}},
		{"Facts", func(t *testing.T, s, o *scopeSide) {
			m := noErr[map[string]shuangbai.CountyFacts](t, "FactsOn")(db.FactsOn(ctx, s.scope, scopeDay))
			seesOwn(t, "FactsOn", mapKeys(m), s.county, o.county)
			found(t, "FactsHistory", errOf(db.FactsHistory(ctx, s.scope, s.county)))
			notFound(t, "FactsHistory", errOf(db.FactsHistory(ctx, s.scope, o.county)))
		}},
		{"Trainings", func(t *testing.T, s, o *scopeSide) {
			l := noErr[[]shuangbai.Training](t, "Trainings")(db.Trainings(ctx, s.scope, store.TrainingFilter{}))
			seesOwn(t, "Trainings", keysOf(l, func(x shuangbai.Training) string { return id(x.ID) }), id(s.training.ID), id(o.training.ID))
		}},
	}
	for _, r := range reads {
		for _, p := range w.sides() {
			t.Run(r.name+"/"+p[0].name, func(t *testing.T) { r.check(t, p[0], p[1]) })
		}
	}
}
