package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// The scope tests (TestScope…) give every read and write that takes a
// scope one record inside it and one outside: 云城区 (445302) and 罗定市
// (445381) hold the same things, each built the same way, and each side's
// scope must see its own and never the other's. scripts/mutate-scope shows
// that taking any scope condition away makes one of them fail.

// scopeSide is what one county holds in the scope fixture.
type scopeSide struct {
	name          string
	county        string
	scope         shuangbai.Scope // the county's
	town, village string
	built         shuangbai.Date // its station and point
	// Regions with nothing in them, for writes: a town with no station, a
	// village of town with no point.
	freeTown, freeVillage string

	admin, lead, worker *shuangbai.User
	sysadmin            *shuangbai.User // manages the county's accounts

	station  *shuangbai.Station
	point    *shuangbai.Point
	person   *shuangbai.Person
	villager *shuangbai.Person // staff of the village, not assigned: may work at its point only
	assign   *shuangbai.Assignment
	hh       *shuangbai.Household
	ben      *shuangbai.Beneficiary
	mover    *shuangbai.Beneficiary // filed in the other county's household, then moved here
	app      *shuangbai.Application
	visit    *shuangbai.Visit
	lowering *shuangbai.LevelChange // pending, requested by worker
	training *shuangbai.Training
}

type scopeWorld struct {
	db     *store.DB
	yc, ld *scopeSide
}

// sides returns each side with the other: every check runs both ways.
func (w *scopeWorld) sides() [][2]*scopeSide { return [][2]*scopeSide{{w.yc, w.ld}, {w.ld, w.yc}} }

var (
	scopeDay    = shuangbai.NewDate(2021, 8, 9) // the fixture's today
	scopeFiled  = shuangbai.NewDate(2021, 3, 1)
	scopeVisit  = shuangbai.NewDate(2021, 8, 2)
	scopeBefore = shuangbai.NewDate(2021, 2, 1) // after 罗定's first site, before 云城's
)

// scopeFixture builds the two counties. 罗定市's sites are older, so that a
// date or series that leaks across counties shows. Free regions for the
// write tests: a town and a village per county with nothing in them.
func scopeFixture(t *testing.T) *scopeWorld {
	t.Helper()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	storetest.Regions(t, db,
		"445302003209", "东升村民委员会",
		"445381004002", "双东村民委员会",
		"445381005", "附城街道", "445381005201", "附城村民委员会",
	)
	db.Now = func() time.Time { return time.Date(2021, 8, 9, 10, 0, 0, 0, time.UTC) }
	w := &scopeWorld{db: db,
		yc: &scopeSide{name: "云城区", county: "445302", town: "445302003", village: "445302003208", built: scopeFiled,
			freeTown: "445302102", freeVillage: "445302003209"},
		ld: &scopeSide{name: "罗定市", county: "445381", town: "445381004", village: "445381004001", built: shuangbai.NewDate(2021, 1, 4),
			freeTown: "445381005", freeVillage: "445381004002"},
	}
	ctx := t.Context()
	sys := shuangbai.SystemUser
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("scope fixture: %s: %v", what, err)
		}
	}
	for i, s := range []*scopeSide{w.yc, w.ld} {
		tag := []string{"yc", "ld"}[i]
		s.scope = shuangbai.Scope{Code: s.county}
		s.admin = storetest.User(t, db, tag+"-admin", shuangbai.RoleCountyAdmin, s.county, "x")
		s.sysadmin = storetest.User(t, db, tag+"-sys", shuangbai.RoleSysAdmin, s.county, "x")
		s.lead = storetest.User(t, db, tag+"-lead", shuangbai.RoleStationLead, s.town, "x")
		s.worker = storetest.User(t, db, tag+"-worker", shuangbai.RoleWorker, s.town, "x")
		s.station = storetest.Station(t, db, s.town, s.name+"社工站", s.built)
		s.point = storetest.Point(t, db, s.station, s.village, s.name+"社工点", s.built)
		s.person = &shuangbai.Person{Region: s.town, Name: s.name + "社工", Gender: "女", Role: shuangbai.StaffWorker}
		must("person", db.CreatePerson(ctx, sys, s.person))
		s.villager = &shuangbai.Person{Region: s.village, Name: s.name + "村社工", Gender: "男", Role: shuangbai.StaffWorker}
		must("villager", db.CreatePerson(ctx, sys, s.villager))
		s.assign = &shuangbai.Assignment{PersonID: s.person.ID, StationID: s.station.ID, From: s.built}
		must("assign", db.Assign(ctx, sys, s.assign))
		s.hh = &shuangbai.Household{Region: s.village, HeadName: s.name + "户主"}
		must("household", db.CreateHousehold(ctx, sys, s.hh))
		first17 := s.county + "19500101" + fmt.Sprint(101+i)
		s.ben = &shuangbai.Beneficiary{Region: s.village, Name: s.name + "对象", IDNumber: idNumber(first17), Level: 1,
			FoundOn: scopeFiled, HouseholdID: s.hh.ID, WorkerID: s.person.ID, Groups: []shuangbai.Group{shuangbai.GroupMarginal}}
		must("beneficiary", db.CreateBeneficiary(ctx, sys, s.ben))
		s.app = &shuangbai.Application{BeneficiaryID: s.ben.ID, Kind: shuangbai.AppMedical, Status: shuangbai.AppPreparing, PreparedOn: scopeVisit}
		must("application", db.SaveApplication(ctx, sys, s.app))
		must("assessment", db.SaveAssessment(ctx, sys, fullAssessment(s.ben.ID, scopeVisit, 3)))
		s.visit = &shuangbai.Visit{BeneficiaryID: s.ben.ID, On: scopeVisit, Kind: shuangbai.VisitHome, Workers: []int64{s.person.ID}}
		must("visit", db.RecordVisit(ctx, sys, s.visit))
		var err error
		s.lowering, err = db.ChangeLevel(ctx, s.worker, s.ben.ID, 3, "情况好转")
		must("lowering", err)
		must("facts", db.RecordFacts(ctx, sys, &shuangbai.CountyFacts{Region: s.county, Effective: scopeFiled, PlanIssued: true,
			PlanDate: scopeFiled, FundingStatus: shuangbai.FundingSecured, FundingNote: s.name + "经费已落实。"}))
		s.training = &shuangbai.Training{Region: s.county, HeldOn: scopeFiled, Kind: shuangbai.TrainingPreService,
			Title: s.name + "岗前培训", Hours: 8, Attendees: []int64{s.person.ID}}
		must("training", db.CreateTraining(ctx, sys, s.training))
		n := 5 + i
		must("requirement", db.SetRequirement(ctx, sys, shuangbai.Requirement{County: s.county, Stations: &n, Reason: s.name + "方案"}))
		must("access", db.LogAccess(ctx, sys, store.AccessView, s.ben.ID, s.ben.Region, "", ""))
	}
	// A member of each household moves to the other county, keeping the
	// household: the household's county must not see where they went.
	for _, p := range w.sides() {
		s, o := p[0], p[1]
		o.mover = &shuangbai.Beneficiary{Region: s.village, Name: s.name + "迁出者", Gender: "男", Birth: shuangbai.NewDate(1960, 1, 1),
			Level: 3, FoundOn: scopeFiled, HouseholdID: s.hh.ID}
		must("mover", db.CreateBeneficiary(ctx, sys, o.mover))
		o.mover.Region = o.village
		must("move", db.UpdateBeneficiary(ctx, sys, o.mover, nil))
	}
	return w
}

// id turns an id into a key of the lists the tests compare.
func id(n int64) string { return fmt.Sprint(n) }

// snapshot sums up the rows the scope writes could touch; every write is
// audited in its own transaction, so an unchanged snapshot means nothing
// was written.
func snapshot(t *testing.T, db *store.DB) string {
	t.Helper()
	var parts []string
	for _, table := range []string{"audit_log", "regions", "stations", "points", "people", "assignments", "users", "sessions",
		"county_facts", "trainings", "training_attendees", "requirements", "households", "beneficiaries", "beneficiary_groups",
		"assessments", "level_changes", "visits", "visit_workers", "applications"} {
		parts = append(parts, "(SELECT COUNT(*) FROM "+table+")")
	}
	parts = append(parts, "(SELECT COUNT(*) FROM level_changes WHERE pending)", "(SELECT COUNT(*) FROM beneficiaries WHERE open)")
	s, err := db.RawForTest(t.Context(), "SELECT "+strings.Join(parts, " || ',' || "))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// wantErr checks an error's code and, when field is set, that the error
// names that field: a refusal for the right reason, not any refusal.
func wantErr(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	if got := shuangbai.ErrorCode(err); err == nil || got != code {
		t.Errorf("%s: err = %v, want %s", what, err, code)
		return
	}
	if field != "" {
		if e, ok := err.(*shuangbai.Error); !ok || e.Fields[field] == "" {
			t.Errorf("%s: err = %v, want a message on field %q", what, err, field)
		}
	}
}

// seesOwn checks that a list holds its own county's key and not the other
// county's; an empty key is not checked.
func seesOwn(t *testing.T, what string, list []string, ownKey, otherKey string) {
	t.Helper()
	if ownKey != "" && !slices.Contains(list, ownKey) {
		t.Errorf("%s: %v lacks its own %s", what, list, ownKey)
	}
	if otherKey != "" && slices.Contains(list, otherKey) {
		t.Errorf("%s: %v holds the other county's %s", what, list, otherKey)
	}
}
