package store_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
)

// The recruitment scope tests give each county one of everything — an
// applicant to the city's campaign, a campaign of its own, a supervisor
// covering its station, a member of staff with a record — and check that
// each county's admin reads and writes its own and never the other's.

type recruitSide struct {
	admin      *shuangbai.User
	county     string
	post       shuangbai.Post
	station    *shuangbai.Station
	applicant  *shuangbai.Applicant
	own        *shuangbai.Campaign // organised by the county
	supervisor *shuangbai.Person
	coverage   *shuangbai.Coverage
	chief      *shuangbai.ChiefSupervisor
}

func recruitSides(t *testing.T) (*recruitWorld, [2]*recruitSide) {
	t.Helper()
	w := recruitFixture(t)
	ctx := t.Context()
	yc := &recruitSide{admin: w.yc, county: "445302", post: w.ycPost, station: w.ycStation}
	ld := &recruitSide{admin: w.ld, county: "445381", post: w.ldPost, station: w.ldStation}
	for i, s := range []*recruitSide{yc, ld} {
		s.applicant = w.apply(t, w.city, s.post, 100+i, 1)[0]
		s.own = &shuangbai.Campaign{Year: 2022, Region: s.county, Kind: shuangbai.CampaignSupervisor, Title: s.county + "督导招聘",
			MedicalRatio: 10, Posts: []shuangbai.Post{{Code: "D1", Region: s.county, Title: "督导", Places: 1}}}
		if err := w.db.CreateCampaign(ctx, s.admin, s.own); err != nil {
			t.Fatal(err)
		}
		s.supervisor = &shuangbai.Person{Region: s.county, Name: s.county + "督导", Gender: "女", Role: shuangbai.StaffSupervisor}
		if err := w.db.CreatePerson(ctx, s.admin, s.supervisor); err != nil {
			t.Fatal(err)
		}
		s.coverage = &shuangbai.Coverage{PersonID: s.supervisor.ID, StationID: s.station.ID, From: shuangbai.NewDate(2021, 1, 1)}
		if err := w.db.CoverStation(ctx, s.admin, s.coverage); err != nil {
			t.Fatal(err)
		}
		s.chief = &shuangbai.ChiefSupervisor{PersonID: s.supervisor.ID, Region: s.county, Title: "县总督导", From: shuangbai.NewDate(2021, 1, 1)}
		if err := w.db.AppointChief(ctx, s.admin, s.chief); err != nil {
			t.Fatal(err)
		}
	}
	return w, [2]*recruitSide{yc, ld}
}

func TestRecruitScopeReads(t *testing.T) {
	w, sides := recruitSides(t)
	ctx := t.Context()
	day := shuangbai.NewDate(2021, 8, 1)
	for i, me := range sides {
		other := sides[1-i]
		scope := me.admin.Scope()
		t.Run(me.county, func(t *testing.T) {
			cs, err := w.db.Campaigns(ctx, scope, store.CampaignFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, c := range cs {
				ids = append(ids, c.ID)
			}
			if !slices.Contains(ids, me.own.ID) || !slices.Contains(ids, w.c.ID) || slices.Contains(ids, other.own.ID) {
				t.Errorf("Campaigns = %v; own %d, city %d, other's %d", ids, me.own.ID, w.c.ID, other.own.ID)
			}
			if _, err := w.db.Campaign(ctx, scope, other.own.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
				t.Errorf("Campaign(other's) = %v", err)
			}
			as, total, err := w.db.Applicants(ctx, scope, w.c.ID, store.ApplicantFilter{})
			if err != nil || total != 1 || as[0].ID != me.applicant.ID {
				t.Errorf("Applicants = %d %v", total, err)
			}
			if _, err := w.db.Applicant(ctx, scope, w.c.ID, other.applicant.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
				t.Errorf("Applicant(other's) = %v", err)
			}
			r, err := w.db.Ranking(ctx, scope, w.c.ID, 0)
			if err != nil || r.Applicants[other.applicant.ID] != nil || r.Applicants[me.applicant.ID] == nil {
				t.Errorf("Ranking holds %v, %v", r.Applicants, err)
			}
			for _, p := range r.Posts {
				if !scope.Contains(p.Post.Region) {
					t.Errorf("Ranking ranks post %s outside", p.Post.Code)
				}
			}
			// The kept ranking the handlers read: the same ranking, its
			// posts scoped alike.
			kept, err := w.db.CampaignRanking(ctx, scope, w.c.ID, 0)
			if err != nil || !reflect.DeepEqual(kept.Posts, r.Posts) || !reflect.DeepEqual(kept.Applicants, r.Applicants) ||
				!reflect.DeepEqual(kept.Campaign.Posts, r.Campaign.Posts) {
				t.Errorf("CampaignRanking = %+v %v, want %+v", kept, err, r)
			}
			st, err := w.db.Stats(ctx, scope, w.c.ID)
			if err != nil || len(st.Counties) != 1 || st.Counties[0].Code != me.county {
				t.Errorf("Stats counties %+v %v", st, err)
			}
			sups, chiefs, err := w.db.Supervisors(ctx, scope, day)
			if err != nil || len(sups) != 1 || sups[0].Person.ID != me.supervisor.ID || len(sups[0].Stations) != 1 {
				t.Errorf("Supervisors = %+v %v", sups, err)
			}
			if len(chiefs) != 1 || chiefs[0].ID != me.chief.ID {
				t.Errorf("chiefs = %+v", chiefs)
			}
			if cv, err := w.db.Coverages(ctx, scope, other.supervisor.ID); err != nil || len(cv) != 0 {
				t.Errorf("Coverages(other's) = %v %v", cv, err)
			}
			if _, err := w.db.StaffRecord(ctx, scope, other.supervisor.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
				t.Errorf("StaffRecord(other's) = %v", err)
			}
			sum, n, err := w.db.StaffSummaries(ctx, scope, store.PersonFilter{}, day)
			if err != nil || n != 1 || sum[0].Person.ID != me.supervisor.ID {
				t.Errorf("StaffSummaries = %d %+v %v", n, sum, err)
			}
		})
	}
}

func TestRecruitScopeWrites(t *testing.T) {
	w, sides := recruitSides(t)
	ctx := t.Context()
	for i, me := range sides {
		other := sides[1-i]
		u := me.admin
		t.Run(me.county, func(t *testing.T) {
			notMine := func(name string, err error, codes ...string) {
				t.Helper()
				if !slices.Contains(codes, shuangbai.ErrorCode(err)) {
					t.Errorf("%s on the other county's: %v", name, err)
				}
			}
			c := *other.own
			c.Title = "改"
			notMine("UpdateCampaign", w.db.UpdateCampaign(ctx, u, &c), shuangbai.ENOTFOUND)
			notMine("SavePost", w.db.SavePost(ctx, u, &shuangbai.Post{CampaignID: other.own.ID, Code: "X", Region: other.county, Title: "x", Places: 1}), shuangbai.ENOTFOUND)
			notMine("SavePost in the city's, elsewhere", w.db.SavePost(ctx, u, &shuangbai.Post{CampaignID: w.c.ID, Code: "X", Region: other.county, Title: "x", Places: 1}), shuangbai.EFORBIDDEN)
			notMine("SaveTask", w.db.SaveTask(ctx, u, &shuangbai.ExamTask{CampaignID: other.own.ID, Title: "x"}), shuangbai.ENOTFOUND)
			a := newApplicant(other.post, 300)
			a.CampaignID = w.c.ID
			notMine("CreateApplicant", w.db.CreateApplicant(ctx, u, a), shuangbai.EINVALID)
			notMine("ReviewApplicant", w.db.ReviewApplicant(ctx, u, w.c.ID, other.applicant.ID, shuangbai.ReviewRejected, "x"), shuangbai.ENOTFOUND)
			notMine("SetScores", w.db.SetScores(ctx, u, w.c.ID, other.applicant.ID, score(60), shuangbai.Score{}), shuangbai.ENOTFOUND)
			_, err := w.db.ImportScores(ctx, u, w.c.ID, []store.ScoreRow{{Row: 2, Number: other.applicant.Number, Written: score(60), HasWritten: true}}, false)
			notMine("ImportScores", err, shuangbai.EINVALID)
			notMine("SetMedical", w.db.SetMedical(ctx, u, w.c.ID, other.applicant.ID, shuangbai.MedicalPass), shuangbai.ENOTFOUND)
			_, err = w.db.Sign(ctx, u, w.c.ID, []store.Signing{{ApplicantID: other.applicant.ID, From: shuangbai.NewDate(2021, 9, 15)}})
			notMine("Sign", err, shuangbai.EINVALID)
			notMine("CoverStation", w.db.CoverStation(ctx, u, &shuangbai.Coverage{PersonID: me.supervisor.ID, StationID: other.station.ID, From: shuangbai.NewDate(2021, 2, 1)}), shuangbai.ENOTFOUND)
			notMine("CoverStation, other's supervisor", w.db.CoverStation(ctx, u, &shuangbai.Coverage{PersonID: other.supervisor.ID, StationID: me.station.ID, From: shuangbai.NewDate(2021, 2, 1)}), shuangbai.ENOTFOUND)
			notMine("EndCoverage", w.db.EndCoverage(ctx, u, other.coverage.ID, shuangbai.NewDate(2021, 12, 31)), shuangbai.ENOTFOUND)
			notMine("AppointChief", w.db.AppointChief(ctx, u, &shuangbai.ChiefSupervisor{PersonID: other.supervisor.ID, Region: me.county, From: shuangbai.NewDate(2021, 2, 1)}), shuangbai.ENOTFOUND)
			notMine("AppointChief over the other", w.db.AppointChief(ctx, u, &shuangbai.ChiefSupervisor{PersonID: me.supervisor.ID, Region: other.county, From: shuangbai.NewDate(2021, 2, 1)}), shuangbai.ENOTFOUND)
			notMine("AddQualification", w.db.AddQualification(ctx, u, &shuangbai.QualificationRecord{PersonID: other.supervisor.ID, Level: shuangbai.QualWorker}), shuangbai.ENOTFOUND)
			notMine("EndContract", w.db.EndContract(ctx, u, other.supervisor.ID, 1, shuangbai.NewDate(2021, 12, 31), "辞职"), shuangbai.ENOTFOUND)
			// The same writes on one's own go through.
			if err := w.db.ReviewApplicant(ctx, u, w.c.ID, me.applicant.ID, shuangbai.ReviewEligible, ""); err != nil {
				t.Errorf("ReviewApplicant own: %v", err)
			}
			if err := w.db.AddQualification(ctx, u, &shuangbai.QualificationRecord{PersonID: me.supervisor.ID, Level: shuangbai.QualWorker}); err != nil {
				t.Errorf("AddQualification own: %v", err)
			}
			if err := w.db.EndCoverage(ctx, u, me.coverage.ID, shuangbai.NewDate(2021, 12, 31)); err != nil {
				t.Errorf("EndCoverage own: %v", err)
			}
		})
	}
}

// TestChiefAbove: the chief supervisor of the province is shown to a
// county below it, and one of another city is not.
func TestChiefAbove(t *testing.T) {
	w := recruitFixture(t)
	ctx := t.Context()
	sys := shuangbai.SystemUser
	for _, x := range []struct{ region, name string }{{"44", "张和清"}, {"4453", "市总督导"}} {
		p := &shuangbai.Person{Region: x.region, Name: x.name, Gender: "男", Role: shuangbai.StaffSupervisor}
		if err := w.db.CreatePerson(ctx, sys, p); err != nil {
			t.Fatal(err)
		}
		if err := w.db.AppointChief(ctx, sys, &shuangbai.ChiefSupervisor{PersonID: p.ID, Region: x.region, Title: "“双百工程”项目总督导", From: shuangbai.NewDate(2021, 1, 1)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		scope string
		want  []string
	}{{"445302", []string{"张和清", "市总督导"}}, {"44", []string{"张和清", "市总督导"}}, {"4452", []string{"张和清"}}} {
		_, chiefs, err := w.db.Supervisors(ctx, shuangbai.Scope{Code: tt.scope}, shuangbai.NewDate(2021, 8, 1))
		var names []string
		for _, c := range chiefs {
			names = append(names, c.Name)
		}
		if err != nil || !slices.Equal(names, tt.want) {
			t.Errorf("%s: chiefs %v %v, want %v", tt.scope, names, err, tt.want)
		}
	}
}

// TestApplicantAccessLog: a view of an application is logged with the
// application's id, shown with its name, and the chain still verifies.
func TestApplicantAccessLog(t *testing.T) {
	w := recruitFixture(t)
	ctx := t.Context()
	a := w.apply(t, w.city, w.ycPost, 1, 1)[0]
	if err := w.db.LogAccessMany(ctx, w.yc, store.AccessView, []store.AccessTarget{{ApplicantID: a.ID, Region: a.Region}}, "", "报名信息"); err != nil {
		t.Fatal(err)
	}
	log, err := w.db.AccessLogBy(ctx, shuangbai.Scope{Code: "445302"}, store.AccessFilter{ApplicantID: a.ID})
	if err != nil || len(log) != 1 || log[0].Name != a.Name || log[0].ApplicantID != a.ID || log[0].BeneficiaryID != 0 {
		t.Fatalf("access log %+v %v", log, err)
	}
	if other, _ := w.db.AccessLogBy(ctx, shuangbai.Scope{Code: "445381"}, store.AccessFilter{ApplicantID: a.ID}); len(other) != 0 {
		t.Errorf("another county sees the view: %+v", other)
	}
	rep, err := w.db.VerifyChains(ctx)
	if err != nil || len(rep.Breaks) != 0 {
		t.Fatalf("chains %+v %v", rep, err)
	}
	// Changing the logged application breaks the chain.
	if err := w.db.ExecForTest(ctx, "UPDATE access_log SET applicant_id = NULL"); err != nil {
		t.Fatal(err)
	}
	if rep, err := w.db.VerifyChains(ctx); err != nil || len(rep.Breaks) != 1 {
		t.Errorf("tampered access log verifies: %+v %v", rep, err)
	}
}

// TestStaffRecordGathers: a record sums the trainings attended by year and
// counts the visits made and the files carried.
func TestStaffRecordGathers(t *testing.T) {
	w := recruitFixture(t)
	ctx := t.Context()
	sys := shuangbai.SystemUser
	p := &shuangbai.Person{Region: "445302003", Name: "陈社工", Gender: "女", Role: shuangbai.StaffWorker}
	if err := w.db.CreatePerson(ctx, sys, p); err != nil {
		t.Fatal(err)
	}
	for _, tr := range []shuangbai.Training{
		{Region: "445302", HeldOn: shuangbai.NewDate(2020, 5, 1), Kind: shuangbai.TrainingPreService, Title: "岗前培训", Hours: 16},
		{Region: "4453", HeldOn: shuangbai.NewDate(2021, 3, 1), Kind: shuangbai.TrainingProfessional, Title: "专业培训", Hours: 6},
		{Region: "445302", HeldOn: shuangbai.NewDate(2021, 6, 1), Kind: shuangbai.TrainingProfessional, Title: "个案管理", Hours: 3.5},
	} {
		tr.Attendees = []int64{p.ID}
		if err := w.db.CreateTraining(ctx, sys, &tr); err != nil {
			t.Fatal(err)
		}
	}
	b := &shuangbai.Beneficiary{Region: "445302003208", Name: "黄阿婆", Gender: "女", Birth: shuangbai.NewDate(1936, 3, 1), Level: 2,
		FoundOn: shuangbai.NewDate(2021, 3, 1), WorkerID: p.ID}
	if err := w.db.CreateBeneficiary(ctx, sys, b); err != nil {
		t.Fatal(err)
	}
	for _, on := range []shuangbai.Date{shuangbai.NewDate(2021, 3, 2), shuangbai.NewDate(2021, 4, 2)} {
		v := &shuangbai.Visit{BeneficiaryID: b.ID, On: on, Kind: shuangbai.VisitHome, Workers: []int64{p.ID}, Findings: "情况稳定"}
		if err := w.db.RecordVisit(ctx, sys, v); err != nil {
			t.Fatal(err)
		}
	}
	rec, err := w.db.StaffRecord(ctx, shuangbai.Scope{Code: "445302"}, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []shuangbai.TrainingYear{{Year: 2021, Trainings: 2, Hours: 9.5}, {Year: 2020, Trainings: 1, Hours: 16}}
	if !slices.Equal(rec.Training, want) {
		t.Errorf("training %+v, want %+v", rec.Training, want)
	}
	if rec.CaseWork.Visits != 2 || rec.CaseWork.OpenCases != 1 || rec.CaseWork.VisitsByYear[0] != (shuangbai.YearCount{Year: 2021, Count: 2}) {
		t.Errorf("case work %+v", rec.CaseWork)
	}
	sum, _, err := w.db.StaffSummaries(ctx, shuangbai.Scope{Code: "445302003"}, store.PersonFilter{}, shuangbai.NewDate(2021, 8, 1))
	if err != nil || len(sum) != 1 || sum[0].TrainingHours != 9.5 {
		t.Errorf("summaries %+v %v", sum, err)
	}
}

// TestStationsOfTheirRegion: a supervisor covers, and a signed worker is
// placed at, only stations of their own region — even for a city admin
// whose scope holds both counties; a supervisor moved to another county
// shows there without the old county's stations.
func TestStationsOfTheirRegion(t *testing.T) {
	w, sides := recruitSides(t)
	ctx := t.Context()
	yc, ld := sides[0], sides[1]
	err := w.db.CoverStation(ctx, w.city, &shuangbai.Coverage{PersonID: yc.supervisor.ID, StationID: ld.station.ID, From: shuangbai.NewDate(2021, 3, 1)})
	if shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("a 云城区 supervisor covers a 罗定市 station: %v", err)
	}
	// The county post of 云城区 signs to a station of 云城区 only.
	a := w.apply(t, w.city, w.ycCounty, 500, 1)[0]
	if _, err := w.db.ImportScores(ctx, w.city, w.c.ID, []store.ScoreRow{{Row: 2, Number: a.Number, Written: score(80), Interview: score(80),
		HasWritten: true, HasInterview: true}}, false); err != nil {
		t.Fatal(err)
	}
	if err := w.db.SetMedical(ctx, w.city, w.c.ID, a.ID, shuangbai.MedicalPass); err != nil {
		t.Fatal(err)
	}
	w.db.Now = func() time.Time { return time.Date(2021, 9, 10, 10, 0, 0, 0, time.UTC) }
	_, err = w.db.Sign(ctx, w.city, w.c.ID, []store.Signing{{ApplicantID: a.ID, StationID: ld.station.ID, From: shuangbai.NewDate(2021, 9, 15)}})
	if !strings.Contains(shuangbai.ErrorMessage(err), "所选社工站不在岗位") {
		t.Errorf("signed to another county's station: %v", err)
	}
	// A transfer without ending the coverage: 罗定市 sees the person, not 云城区's station.
	moved := *yc.supervisor
	moved.Region = ld.county
	if err := w.db.UpdatePerson(ctx, shuangbai.SystemUser, &moved); err != nil {
		t.Fatal(err)
	}
	sups, _, err := w.db.Supervisors(ctx, ld.admin.Scope(), shuangbai.NewDate(2021, 8, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sups {
		for _, c := range s.Stations {
			if !ld.admin.Scope().Contains(c.Region) {
				t.Errorf("%s shows %s's station %s", ld.county, s.Person.Name, c.StationName)
			}
		}
	}
}
