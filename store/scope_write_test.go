package store_test

import (
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// TestScopeWrites: each write that takes a user, by one county's users, is
// refused for the other county's records and regions — with the error of
// the scope, not some other — and changes nothing; the same write on the
// county's own records then succeeds, so the refusal was the scope's.
//
// Among them the guard against making another county's worker responsible
// for a beneficiary or a visit (checkWorker).
func TestScopeWrites(t *testing.T) {
	w := scopeFixture(t)
	db := w.db
	ctx := t.Context()
	built := shuangbai.Site{Name: "新站点", Status: shuangbai.SiteBuilt, BuiltOn: scopeFiled}
	newPerson := func(region string) *shuangbai.Beneficiary {
		return &shuangbai.Beneficiary{Region: region, Name: "新对象", Gender: "女", Birth: shuangbai.NewDate(1970, 5, 5), Level: 3, FoundOn: scopeFiled}
	}
	// current reads a beneficiary as stored, to edit it whole.
	current := func(t *testing.T, b *shuangbai.Beneficiary) *shuangbai.Beneficiary {
		t.Helper()
		got, err := db.Beneficiary(ctx, shuangbai.Scope{All: true}, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	for _, s := range []*scopeSide{w.yc, w.ld} {
		if _, err := db.CreateSession(ctx, s.worker.ID, "token-"+s.county, store.SessionCookie, "", time.Hour); err != nil {
			t.Fatal(err)
		}
	}

	type refusal struct {
		what        string
		write       func(t *testing.T, s, o *scopeSide) error
		code, field string
		message     string // a part of the error's message, when the code alone does not tell
	}
	cases := []struct {
		name    string
		refused []refusal
		own     func(t *testing.T, s, o *scopeSide) error // the same write inside scope; nil if there is none
	}{
		{"CreateStation", []refusal{
			{"in the other county", func(t *testing.T, s, o *scopeSide) error {
				return db.CreateStation(ctx, s.admin, &shuangbai.Station{Region: o.freeTown, Site: built})
			}, shuangbai.EINVALID, "region", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.CreateStation(ctx, s.admin, &shuangbai.Station{Region: s.freeTown, Site: built})
		}},
		{"UpdateStation", []refusal{
			{"the other county's", func(t *testing.T, s, o *scopeSide) error {
				st := *o.station
				st.Equipment = 0
				return db.UpdateStation(ctx, s.admin, &st)
			}, shuangbai.ENOTFOUND, "", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			st := *s.station
			st.Equipment = shuangbai.EquipAll &^ shuangbai.EquipPrinter
			return db.UpdateStation(ctx, s.admin, &st)
		}},
		{"CreatePoint", []refusal{
			{"in the other county", func(t *testing.T, s, o *scopeSide) error {
				return db.CreatePoint(ctx, s.admin, &shuangbai.Point{Region: o.freeVillage, StationID: o.station.ID, Site: built})
			}, shuangbai.EINVALID, "region", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.CreatePoint(ctx, s.admin, &shuangbai.Point{Region: s.freeVillage, StationID: s.station.ID, Site: built})
		}},
		{"UpdatePoint", []refusal{
			{"the other county's", func(t *testing.T, s, o *scopeSide) error {
				p := *o.point
				p.Equipment = 0
				return db.UpdatePoint(ctx, s.admin, &p)
			}, shuangbai.ENOTFOUND, "", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			p := *s.point
			p.Equipment = shuangbai.EquipAll &^ shuangbai.EquipPrinter
			return db.UpdatePoint(ctx, s.admin, &p)
		}},
		{"CreatePerson", []refusal{
			{"in the other county", func(t *testing.T, s, o *scopeSide) error {
				return db.CreatePerson(ctx, s.admin, &shuangbai.Person{Region: o.town, Name: "新社工", Gender: "男", Role: shuangbai.StaffWorker})
			}, shuangbai.EINVALID, "region", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.CreatePerson(ctx, s.admin, &shuangbai.Person{Region: s.town, Name: "新社工", Gender: "男", Role: shuangbai.StaffWorker})
		}},
		{"UpdatePerson", []refusal{
			{"the other county's", func(t *testing.T, s, o *scopeSide) error {
				p := *o.person
				p.Phone = "13900139000"
				return db.UpdatePerson(ctx, s.admin, &p)
			}, shuangbai.ENOTFOUND, "", ""},
			{"moved to the other county", func(t *testing.T, s, o *scopeSide) error {
				p := *s.person
				p.Region = o.town
				return db.UpdatePerson(ctx, s.admin, &p)
			}, shuangbai.EINVALID, "region", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			p := *s.person
			p.Phone = "13900139000"
			return db.UpdatePerson(ctx, s.admin, &p)
		}},
		{"Assign", []refusal{
			{"to the other county's station", func(t *testing.T, s, o *scopeSide) error {
				return db.Assign(ctx, s.admin, &shuangbai.Assignment{PersonID: s.person.ID, StationID: o.station.ID, From: scopeDay})
			}, shuangbai.ENOTFOUND, "", ""},
			{"to the other county's point", func(t *testing.T, s, o *scopeSide) error {
				return db.Assign(ctx, s.admin, &shuangbai.Assignment{PersonID: s.person.ID, PointID: o.point.ID, From: scopeDay})
			}, shuangbai.ENOTFOUND, "", ""},
			{"the other county's person", func(t *testing.T, s, o *scopeSide) error {
				return db.Assign(ctx, s.admin, &shuangbai.Assignment{PersonID: o.person.ID, StationID: s.station.ID, From: scopeDay})
			}, shuangbai.ENOTFOUND, "", ""},
			// Inside the user's scope, but outside the person's own region.
			{"a village's staff to the town's station", func(t *testing.T, s, o *scopeSide) error {
				return db.Assign(ctx, s.admin, &shuangbai.Assignment{PersonID: s.villager.ID, StationID: s.station.ID, From: scopeDay})
			}, shuangbai.EINVALID, "site", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			if err := db.Assign(ctx, s.admin, &shuangbai.Assignment{PersonID: s.villager.ID, PointID: s.point.ID, From: scopeDay}); err != nil {
				return err
			}
			return db.Assign(ctx, s.admin, &shuangbai.Assignment{PersonID: s.person.ID, PointID: s.point.ID, From: scopeDay})
		}},
		{"EndAssignment", []refusal{
			{"the other county's", func(t *testing.T, s, o *scopeSide) error {
				return db.EndAssignment(ctx, s.admin, o.person.ID, o.assign.ID, scopeDay)
			}, shuangbai.ENOTFOUND, "", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.EndAssignment(ctx, s.admin, s.person.ID, s.assign.ID, scopeDay)
		}},
		{"CreateUser", []refusal{
			{"in the other county", func(t *testing.T, s, o *scopeSide) error {
				return db.CreateUser(ctx, s.sysadmin, &shuangbai.User{Username: "viewer-" + o.county, Name: "查阅", Role: shuangbai.RoleViewer, Region: o.county}, "x")
			}, shuangbai.EINVALID, "region", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.CreateUser(ctx, s.sysadmin, &shuangbai.User{Username: "viewer-" + s.county, Name: "查阅", Role: shuangbai.RoleViewer, Region: s.county}, "x")
		}},
		{"SetPassword", []refusal{
			{"the other county's user", func(t *testing.T, s, o *scopeSide) error {
				return db.SetPassword(ctx, s.sysadmin, o.worker.Username, "new-hash")
			}, shuangbai.ENOTFOUND, "", ""},
			{"disable the other county's user", func(t *testing.T, s, o *scopeSide) error {
				return db.SetDisabled(ctx, s.sysadmin, o.worker.Username, true)
			}, shuangbai.ENOTFOUND, "", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.SetPassword(ctx, s.sysadmin, s.worker.Username, "new-hash")
		}},
		{"RecordFacts", []refusal{
			{"of the other county", func(t *testing.T, s, o *scopeSide) error {
				return db.RecordFacts(ctx, s.admin, &shuangbai.CountyFacts{Region: o.county, Effective: scopeDay})
			}, shuangbai.ENOTFOUND, "", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.RecordFacts(ctx, s.admin, &shuangbai.CountyFacts{Region: s.county, Effective: scopeDay})
		}},
		{"CreateTraining", []refusal{
			{"held by the other county", func(t *testing.T, s, o *scopeSide) error {
				return db.CreateTraining(ctx, s.admin, &shuangbai.Training{Region: o.county, HeldOn: scopeDay, Kind: shuangbai.TrainingOther, Title: "培训"})
			}, shuangbai.EINVALID, "region", ""},
			{"attended by the other county's staff", func(t *testing.T, s, o *scopeSide) error {
				return db.CreateTraining(ctx, s.admin, &shuangbai.Training{Region: s.county, HeldOn: scopeDay, Kind: shuangbai.TrainingOther, Title: "培训",
					Attendees: []int64{s.person.ID, o.person.ID}})
			}, shuangbai.EINVALID, "attendees", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.CreateTraining(ctx, s.admin, &shuangbai.Training{Region: s.county, HeldOn: scopeDay, Kind: shuangbai.TrainingOther, Title: "培训",
				Attendees: []int64{s.person.ID}})
		}},
		{"SetRequirement", []refusal{
			{"of the other county", func(t *testing.T, s, o *scopeSide) error {
				n := 1
				return db.SetRequirement(ctx, s.admin, shuangbai.Requirement{County: o.county, Stations: &n, Reason: "方案"})
			}, shuangbai.EINVALID, "county", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			n := 1
			return db.SetRequirement(ctx, s.admin, shuangbai.Requirement{County: s.county, Stations: &n, Reason: "方案"})
		}},
		{"CreateBeneficiary", []refusal{
			{"in the other county", func(t *testing.T, s, o *scopeSide) error {
				return db.CreateBeneficiary(ctx, s.admin, newPerson(o.village))
			}, shuangbai.EINVALID, "region", ""},
			{"with the other county's worker", func(t *testing.T, s, o *scopeSide) error {
				b := newPerson(s.village)
				b.WorkerID = o.person.ID
				return db.CreateBeneficiary(ctx, s.admin, b)
			}, shuangbai.EINVALID, "worker_id", ""},
			// Refused as a number that cannot be taken, not as a conflict
			// that would tell the other county has filed the person.
			{"with the other county's ID number", func(t *testing.T, s, o *scopeSide) error {
				b := newPerson(s.village)
				b.IDNumber, b.Gender, b.Birth = o.ben.IDNumber, "", shuangbai.Date{}
				return db.CreateBeneficiary(ctx, s.admin, b)
			}, shuangbai.EINVALID, "id_number", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			b := newPerson(s.village)
			b.WorkerID = s.person.ID
			return db.CreateBeneficiary(ctx, s.admin, b)
		}},
		{"UpdateBeneficiary", []refusal{
			{"the other county's", func(t *testing.T, s, o *scopeSide) error {
				b := current(t, o.ben)
				b.Address = "改"
				return db.UpdateBeneficiary(ctx, s.admin, b, nil)
			}, shuangbai.ENOTFOUND, "", ""},
			{"moved to the other county", func(t *testing.T, s, o *scopeSide) error {
				b := current(t, s.ben)
				b.Region = o.village
				return db.UpdateBeneficiary(ctx, s.admin, b, nil)
			}, shuangbai.EINVALID, "region", ""},
			{"given the other county's worker", func(t *testing.T, s, o *scopeSide) error {
				b := current(t, s.ben)
				b.WorkerID = o.person.ID
				return db.UpdateBeneficiary(ctx, s.admin, b, nil)
			}, shuangbai.EINVALID, "worker_id", ""},
			{"given the other county's ID number", func(t *testing.T, s, o *scopeSide) error {
				b := current(t, s.ben)
				b.IDNumber, b.Gender, b.Birth = o.ben.IDNumber, "", shuangbai.Date{}
				return db.UpdateBeneficiary(ctx, s.admin, b, nil)
			}, shuangbai.EINVALID, "id_number", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			b := current(t, s.ben)
			b.Address = "改"
			return db.UpdateBeneficiary(ctx, s.admin, b, nil)
		}},
		{"FileBeneficiary", []refusal{
			{"in the other county, with a new household", func(t *testing.T, s, o *scopeSide) error {
				return db.FileBeneficiary(ctx, s.admin, newPerson(o.village), &shuangbai.Household{HeadName: "新户主"})
			}, shuangbai.EINVALID, "region", ""},
			{"into the other county's household", func(t *testing.T, s, o *scopeSide) error {
				b := newPerson(s.village)
				b.HouseholdID = o.hh.ID
				return db.FileBeneficiary(ctx, s.admin, b, nil)
			}, shuangbai.EINVALID, "household", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			b := newPerson(s.village)
			b.Name, b.HouseholdID = "新成员", s.hh.ID
			return db.FileBeneficiary(ctx, s.admin, b, nil)
		}},
		{"CreateHousehold", []refusal{
			{"in the other county", func(t *testing.T, s, o *scopeSide) error {
				return db.CreateHousehold(ctx, s.admin, &shuangbai.Household{Region: o.village, HeadName: "新户主"})
			}, shuangbai.EINVALID, "region", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.CreateHousehold(ctx, s.admin, &shuangbai.Household{Region: s.village, HeadName: "新户主"})
		}},
		{"SaveApplication", []refusal{
			{"for the other county's beneficiary", func(t *testing.T, s, o *scopeSide) error {
				return db.SaveApplication(ctx, s.admin, &shuangbai.Application{BeneficiaryID: o.ben.ID, Kind: shuangbai.AppRelief, Status: shuangbai.AppPreparing, PreparedOn: scopeDay})
			}, shuangbai.EINVALID, "beneficiary", ""},
			{"the other county's application, under one's own beneficiary", func(t *testing.T, s, o *scopeSide) error {
				a := *o.app
				a.BeneficiaryID, a.Note = s.ben.ID, "改"
				return db.SaveApplication(ctx, s.admin, &a)
			}, shuangbai.ENOTFOUND, "", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			a := *s.app
			a.Note = "改"
			return db.SaveApplication(ctx, s.admin, &a)
		}},
		{"SaveAssessment", []refusal{
			{"of the other county's beneficiary", func(t *testing.T, s, o *scopeSide) error {
				return db.SaveAssessment(ctx, s.admin, fullAssessment(o.ben.ID, scopeDay, 2))
			}, shuangbai.ENOTFOUND, "", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.SaveAssessment(ctx, s.admin, fullAssessment(s.ben.ID, scopeDay, 2))
		}},
		{"RecordVisit", []refusal{
			{"to the other county's beneficiary", func(t *testing.T, s, o *scopeSide) error {
				return db.RecordVisit(ctx, s.admin, &shuangbai.Visit{BeneficiaryID: o.ben.ID, On: scopeDay, Kind: shuangbai.VisitPhone})
			}, shuangbai.EINVALID, "beneficiary", ""},
			{"by the other county's worker", func(t *testing.T, s, o *scopeSide) error {
				return db.RecordVisit(ctx, s.admin, &shuangbai.Visit{BeneficiaryID: s.ben.ID, On: scopeDay, Kind: shuangbai.VisitPhone, Workers: []int64{o.person.ID}})
			}, shuangbai.EINVALID, "workers", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.RecordVisit(ctx, s.admin, &shuangbai.Visit{BeneficiaryID: s.ben.ID, On: scopeDay, Kind: shuangbai.VisitPhone, Workers: []int64{s.person.ID}})
		}},
		{"ConfirmLevel", []refusal{
			// The lowering itself is not found, before its beneficiary is.
			{"the other county's lowering", func(t *testing.T, s, o *scopeSide) error {
				return db.ConfirmLevel(ctx, s.lead, o.lowering.ID)
			}, shuangbai.ENOTFOUND, "", "级别调整"},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.ConfirmLevel(ctx, s.lead, s.lowering.ID)
		}},
		{"ChangeLevel", []refusal{
			{"of the other county's beneficiary", func(t *testing.T, s, o *scopeSide) error {
				return errOf(db.ChangeLevel(ctx, s.admin, o.ben.ID, 2, "病情反复"))
			}, shuangbai.ENOTFOUND, "", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return errOf(db.ChangeLevel(ctx, s.admin, s.ben.ID, 2, "病情反复"))
		}},
		{"ImportRoster", []refusal{
			{"into the other county's village", func(t *testing.T, s, o *scopeSide) error {
				rows := []store.RosterRow{{Line: 2, Person: *newPerson(o.village)}}
				return errOf(db.ImportRoster(ctx, s.admin, rows, store.RosterImport{Mode: store.ImportAll}))
			}, shuangbai.EINVALID, "", ""},
			{"the other county's ID number", func(t *testing.T, s, o *scopeSide) error {
				rows := []store.RosterRow{{Line: 2, Person: shuangbai.Beneficiary{Region: s.village, Name: "冒名", IDNumber: o.ben.IDNumber, Level: 3}}}
				return errOf(db.ImportRoster(ctx, s.admin, rows, store.RosterImport{Mode: store.ImportAll}))
			}, shuangbai.EINVALID, "", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			rows := []store.RosterRow{{Line: 2, Person: *newPerson(s.village)}}
			return errOf(db.ImportRoster(ctx, s.admin, rows, store.RosterImport{Mode: store.ImportAll}))
		}},
		{"PlanProgressImport", []refusal{
			{"of the city", func(t *testing.T, s, o *scopeSide) error {
				return errOf(db.PlanProgressImport(ctx, s.admin, "4453", scopeDay, nil))
			}, shuangbai.ENOTFOUND, "", ""},
		}, nil},
		{"CloseCase", []refusal{
			{"the other county's", func(t *testing.T, s, o *scopeSide) error {
				return db.CloseCase(ctx, s.admin, o.ben.ID, "迁出")
			}, shuangbai.ENOTFOUND, "", ""},
		}, func(t *testing.T, s, o *scopeSide) error {
			return db.CloseCase(ctx, s.admin, s.ben.ID, "迁出")
		}},
	}

	// Every refusal first, on the fixture as built; then the writes inside
	// scope, in order.
	for _, c := range cases {
		for _, r := range c.refused {
			for _, p := range w.sides() {
				t.Run(c.name+"/"+r.what+"/"+p[0].name, func(t *testing.T) {
					before := snapshot(t, db)
					err := r.write(t, p[0], p[1])
					wantErr(t, "refused", err, r.code, r.field)
					if r.message != "" && !strings.Contains(shuangbai.ErrorMessage(err), r.message) {
						t.Errorf("err = %v, want one about %s", err, r.message)
					}
					if after := snapshot(t, db); after != before {
						t.Errorf("a refused write changed the database:\n%s\n%s", before, after)
					}
				})
			}
		}
	}
	for _, c := range cases {
		if c.own == nil {
			continue
		}
		for _, p := range w.sides() {
			t.Run(c.name+"/own/"+p[0].name, func(t *testing.T) {
				if err := c.own(t, p[0], p[1]); err != nil {
					t.Errorf("inside scope: %v", err)
				}
			})
		}
	}
}

// TestScopeImportRegions: a city's admin imports regions of the city only.
func TestScopeImportRegions(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx := t.Context()
	admin := storetest.User(t, db, "yf-admin", shuangbai.RoleCityAdmin, "4453", "x")
	before := snapshot(t, db)
	_, err := db.ImportRegions(ctx, admin, []shuangbai.Region{{Code: "4452", Name: "揭阳市", Parent: "44"}}, shuangbai.Date{})
	wantErr(t, "another city", err, shuangbai.EFORBIDDEN, "")
	if after := snapshot(t, db); after != before {
		t.Errorf("a refused import changed the database:\n%s\n%s", before, after)
	}
	if _, err := db.ImportRegions(ctx, admin, []shuangbai.Region{{Code: "445303", Name: "云安区", Parent: "4453"}}, shuangbai.Date{}); err != nil {
		t.Errorf("its own city: %v", err)
	}
}
