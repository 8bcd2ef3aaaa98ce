package store_test

import (
	"strings"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

// The case tests run on the seed's day.
var seedDay = time.Date(2021, 8, 9, 10, 0, 0, 0, time.UTC)

func idNumber(first17 string) string { return first17 + string(shuangbai.IDCheckDigit(first17)) }

// caseFixture files one beneficiary in 河口街道 and one in 罗定市双东街道.
func caseFixture(t *testing.T) (*store.DB, *shuangbai.Beneficiary, *shuangbai.Beneficiary) {
	t.Helper()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	db.Now = func() time.Time { return seedDay }
	ctx := t.Context()
	a := &shuangbai.Beneficiary{Region: "445302003208", Name: "陈小明", IDNumber: idNumber("44530219900101123"), Phone: "13800138000",
		Level: 1, Groups: []shuangbai.Group{shuangbai.GroupDisabled, shuangbai.GroupMarginal}, Disability: "肢体二级", FoundOn: shuangbai.NewDate(2021, 3, 1)}
	b := &shuangbai.Beneficiary{Region: "445381004001", Name: "李阿婆", IDNumber: idNumber("44538119400301002"), Level: 2, FoundOn: shuangbai.NewDate(2021, 3, 1)}
	for _, x := range []*shuangbai.Beneficiary{a, b} {
		if err := db.CreateBeneficiary(ctx, shuangbai.SystemUser, x); err != nil {
			t.Fatal(err)
		}
	}
	return db, a, b
}

func TestBeneficiaryEncryptedAndUnique(t *testing.T) {
	db, a, _ := caseFixture(t)
	ctx := t.Context()
	raw, err := db.RawForTest(ctx, "SELECT id_number_enc || '|' || phone_enc FROM beneficiaries WHERE id = ?", a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw, a.IDNumber) || strings.Contains(raw, "13800138000") || !strings.HasPrefix(raw, "v1a:") {
		t.Fatalf("stored in clear: %q", raw)
	}
	got, err := db.Beneficiary(ctx, shuangbai.Scope{Code: "445302"}, a.ID)
	if err != nil || got.IDNumber != a.IDNumber || got.Phone != "13800138000" || len(got.Groups) != 2 {
		t.Fatalf("Beneficiary = %+v, %v", got, err)
	}
	// The same ID number is one person.
	dup := &shuangbai.Beneficiary{Region: "445302003208", Name: "陈明", IDNumber: a.IDNumber, Level: 3}
	if err := db.CreateBeneficiary(ctx, shuangbai.SystemUser, dup); shuangbai.ErrorCode(err) != shuangbai.ECONFLICT {
		t.Fatalf("second filing of one ID: %v", err)
	}
	// Found by ID number through the keyed hash, lower-case x and spaces tolerated.
	found, err := db.Beneficiaries(ctx, shuangbai.Scope{Code: "4453"}, shuangbai.BeneficiaryFilter{IDNumber: " " + strings.ToLower(a.IDNumber)})
	if err != nil || len(found) != 1 || found[0].ID != a.ID {
		t.Fatalf("search by ID: %v %v", found, err)
	}
	// Same name and birth in one village, no ID: flagged.
	twin := &shuangbai.Beneficiary{Region: "445302003208", Name: "陈小明", Gender: "男", Birth: a.Birth, Level: 3}
	if err := db.CreateBeneficiary(ctx, shuangbai.SystemUser, twin); err != nil {
		t.Fatal(err)
	}
	if d, err := db.PossibleDuplicates(ctx, shuangbai.Scope{Code: "4453"}, twin); err != nil || len(d) != 1 || d[0].ID != a.ID {
		t.Errorf("PossibleDuplicates = %v, %v", d, err)
	}
}

func TestCaseScope(t *testing.T) {
	db, a, b := caseFixture(t)
	ctx := t.Context()
	yc := storetest.User(t, db, "ycadmin", shuangbai.RoleCountyAdmin, "445302", "x")
	ycScope := yc.Scope()
	if _, err := db.Beneficiary(ctx, ycScope, b.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county's beneficiary: %v", err)
	}
	list, err := db.Beneficiaries(ctx, ycScope, shuangbai.BeneficiaryFilter{})
	if err != nil || len(list) != 1 || list[0].ID != a.ID {
		t.Errorf("Beneficiaries = %v, %v", list, err)
	}
	if l, err := db.Beneficiaries(ctx, ycScope, shuangbai.BeneficiaryFilter{IDNumber: b.IDNumber}); err != nil || len(l) != 0 {
		t.Errorf("search by another county's ID number: %v, %v", l, err)
	}
	if l, err := db.Beneficiaries(ctx, ycScope, shuangbai.BeneficiaryFilter{Name: "李"}); err != nil || len(l) != 0 {
		t.Errorf("search by another county's name: %v, %v", l, err)
	}
	// Writes about another county's beneficiary are refused as not found.
	v := &shuangbai.Visit{BeneficiaryID: b.ID, On: shuangbai.NewDate(2021, 8, 1), Kind: shuangbai.VisitHome}
	if err := db.RecordVisit(ctx, yc, v); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("visit to another county's beneficiary: %v", err)
	}
	app := &shuangbai.Application{BeneficiaryID: b.ID, Kind: shuangbai.AppMedical, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 8, 1)}
	if err := db.SaveApplication(ctx, yc, app); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("application for another county's beneficiary: %v", err)
	}
	if _, err := db.ChangeLevel(ctx, yc, b.ID, 1, "x"); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("level of another county's beneficiary: %v", err)
	}
	if w, err := db.Worklist(ctx, ycScope, 0, shuangbai.NewDate(2021, 12, 31), 0); err != nil || len(w) != 1 || w[0].BeneficiaryID != a.ID {
		t.Errorf("worklist = %+v, %v", w, err)
	}
	if _, err := db.Outcomes(ctx, ycScope, "445381", shuangbai.Date{}, shuangbai.NewDate(2021, 8, 9)); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("outcomes of another county: %v", err)
	}
	if err := db.LogAccess(ctx, shuangbai.SystemUser, store.AccessView, b.ID, b.Region, "", ""); err != nil {
		t.Fatal(err)
	}
	if l, err := db.AccessLog(ctx, ycScope, 0, 0, 0); err != nil || len(l) != 0 {
		t.Errorf("another county's access log: %v, %v", l, err)
	}
	viewer := storetest.User(t, db, "viewer", shuangbai.RoleViewer, "445302", "x")
	if err := db.RecordVisit(ctx, viewer, &shuangbai.Visit{BeneficiaryID: a.ID, On: shuangbai.NewDate(2021, 8, 1), Kind: shuangbai.VisitHome}); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("viewer records a visit: %v", err)
	}
}

func TestVisitsAndLevels(t *testing.T) {
	db, a, _ := caseFixture(t)
	ctx := t.Context()
	sw := storetest.User(t, db, "hekou-sw", shuangbai.RoleWorker, "445302003", "x")
	lead := storetest.User(t, db, "hekou-lead", shuangbai.RoleStationLead, "445302003", "x")

	bad := []struct {
		name  string
		v     shuangbai.Visit
		field string
	}{
		{"future", shuangbai.Visit{On: shuangbai.NewDate(2021, 8, 10), Kind: shuangbai.VisitHome}, "on"},
		{"before the case", shuangbai.Visit{On: shuangbai.NewDate(2021, 2, 1), Kind: shuangbai.VisitHome}, "on"},
	}
	for _, tt := range bad {
		v := tt.v
		v.BeneficiaryID = a.ID
		if err := db.RecordVisit(ctx, sw, &v); err == nil || err.(*shuangbai.Error).Fields[tt.field] == "" {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	if vs, _ := db.Visits(ctx, sw.Scope(), a.ID, 0); len(vs) != 0 {
		t.Fatalf("a refused visit was saved: %v", vs)
	}
	v := &shuangbai.Visit{BeneficiaryID: a.ID, On: shuangbai.NewDate(2021, 8, 2), Kind: shuangbai.VisitHome, Services: []string{"精神慰藉", "政策咨询"}}
	if err := db.RecordVisit(ctx, sw, v); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Beneficiary(ctx, sw.Scope(), a.ID)
	if got.LastVisit != v.On || got.NextDue != shuangbai.NewDate(2021, 8, 5) {
		t.Errorf("after visit: last %v next %v; want 2021-08-02, 2021-08-05 (一级: every 3 days)", got.LastVisit, got.NextDue)
	}
	// Lowering waits for the lead; raising is immediate.
	c, err := db.ChangeLevel(ctx, sw, a.ID, 3, "情绪稳定")
	if err != nil || !c.Pending {
		t.Fatalf("lower: %+v %v", c, err)
	}
	if got, _ := db.Beneficiary(ctx, sw.Scope(), a.ID); got.Level != 1 {
		t.Errorf("level lowered before confirmation: %v", got.Level)
	}
	if err := db.ConfirmLevel(ctx, sw, c.ID); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("worker confirms own lowering: %v", err)
	}
	if err := db.ConfirmLevel(ctx, lead, c.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Beneficiary(ctx, sw.Scope(), a.ID)
	if got.Level != 3 || got.NextDue != shuangbai.NewDate(2021, 8, 16) {
		t.Errorf("after confirmation: level %v next %v", got.Level, got.NextDue)
	}
	// A later change supersedes a lowering still pending.
	stale, err := db.ChangeLevel(ctx, sw, a.ID, 4, "外出务工")
	if err != nil || !stale.Pending {
		t.Fatalf("lower again: %+v %v", stale, err)
	}
	if _, err := db.ChangeLevel(ctx, sw, a.ID, 2, "病情反复"); err != nil {
		t.Fatal(err)
	}
	if err := db.ConfirmLevel(ctx, lead, stale.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("confirming a superseded lowering: %v", err)
	}
	if got, _ := db.Beneficiary(ctx, sw.Scope(), a.ID); got.Level != 2 {
		t.Errorf("level after a superseded lowering = %v, want 2", got.Level)
	}
	// Closed cases take no visits.
	if err := db.CloseCase(ctx, sw, a.ID, "迁出本地"); err != nil {
		t.Fatal(err)
	}
	late := &shuangbai.Visit{BeneficiaryID: a.ID, On: shuangbai.NewDate(2021, 8, 9), Kind: shuangbai.VisitPhone}
	if err := db.RecordVisit(ctx, sw, late); err == nil || err.(*shuangbai.Error).Fields["beneficiary"] == "" {
		t.Errorf("visit to a closed case: %v", err)
	}
}

func TestOutcomes(t *testing.T) {
	db, a, _ := caseFixture(t)
	ctx := t.Context()
	for i, k := range []shuangbai.AppKind{shuangbai.AppDisabilityLiving, shuangbai.AppMedical, shuangbai.AppRelief} {
		app := &shuangbai.Application{BeneficiaryID: a.ID, Kind: k, Status: shuangbai.AppApproved, PreparedOn: shuangbai.NewDate(2021, 4, 1+i),
			SubmittedOn: shuangbai.NewDate(2021, 4, 5), DecidedOn: shuangbai.NewDate(2021, 5, 1), Amount: 500}
		if err := db.SaveApplication(ctx, shuangbai.SystemUser, app); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RecordVisit(ctx, shuangbai.SystemUser, &shuangbai.Visit{BeneficiaryID: a.ID, On: shuangbai.NewDate(2021, 8, 2), Kind: shuangbai.VisitHome}); err != nil {
		t.Fatal(err)
	}
	o, err := db.Outcomes(ctx, shuangbai.Scope{Code: "4453"}, "445302003", shuangbai.Date{}, shuangbai.NewDate(2021, 8, 9))
	if err != nil {
		t.Fatal(err)
	}
	if o.People != 1 || o.Identified[shuangbai.GroupMarginal] != 1 || o.Visits != 1 || o.HomeVisits != 1 ||
		o.Applications[shuangbai.AppMedical] != 1 || o.Approved[shuangbai.AppDisabilityLiving] != 1 || o.ReliefHouseholds != 1 {
		t.Errorf("Outcomes = %+v", o)
	}
	p := o.Paragraph()
	for _, want := range []string{"困难边缘人员1人", "为1名村民申请医疗救助", "为1户家庭链接了救助金和生活物资", "河口街道"} {
		if !strings.Contains(p, want) {
			t.Errorf("paragraph lacks %q: %s", want, p)
		}
	}
	if o2, _ := db.Outcomes(ctx, shuangbai.Scope{Code: "4453"}, "445302003", shuangbai.NewDate(2021, 8, 3), shuangbai.NewDate(2021, 8, 9)); o2.Visits != 0 || o2.People != 0 {
		t.Errorf("a later period counts earlier work: %+v", o2)
	}
}

// TestIDFiledElsewhere: typing an ID number filed in another county is
// refused with words that name no place, and logged on that file.
func TestIDFiledElsewhere(t *testing.T) {
	db, a, _ := caseFixture(t)
	ctx := t.Context()
	ld := storetest.User(t, db, "ldadmin", shuangbai.RoleCountyAdmin, "445381", "x")
	probe := &shuangbai.Beneficiary{Region: "445381004001", Name: "试探", IDNumber: a.IDNumber, Level: 3}
	err := db.CreateBeneficiary(ctx, ld, probe)
	e, ok := err.(*shuangbai.Error)
	if !ok || e.Code != shuangbai.EINVALID || e.Fields["id_number"] == "" || strings.Contains(e.Error(), "云城") || strings.Contains(e.Error(), "已建档") {
		t.Fatalf("CreateBeneficiary with another county's ID: %v", err)
	}
	log, _ := db.AccessLog(ctx, shuangbai.Scope{Code: "445302"}, a.ID, 0, 0)
	if len(log) == 0 || log[0].Action != store.AccessIDMatch || log[0].Username != "ldadmin" {
		t.Fatalf("probe not logged on the file: %+v", log)
	}
	if l, _ := db.AccessLog(ctx, ld.Scope(), 0, 0, 0); len(l) != 0 {
		t.Errorf("the prober reads the log of the file's county: %+v", l)
	}
}

// TestMoveCarriesHistory: a person who moves villages takes their visits,
// applications and level changes along, into the new county's scope.
func TestMoveCarriesHistory(t *testing.T) {
	db, a, _ := caseFixture(t)
	ctx := t.Context()
	if err := db.RecordVisit(ctx, shuangbai.SystemUser, &shuangbai.Visit{BeneficiaryID: a.ID, On: shuangbai.NewDate(2021, 8, 2), Kind: shuangbai.VisitHome}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ChangeLevel(ctx, shuangbai.SystemUser, a.ID, 3, "好转"); err != nil {
		t.Fatal(err)
	}
	moved, _ := db.Beneficiary(ctx, shuangbai.Scope{Code: "4453"}, a.ID)
	moved.Region = "445381004001"
	if err := db.UpdateBeneficiary(ctx, shuangbai.SystemUser, moved, nil); err != nil {
		t.Fatal(err)
	}
	ld := shuangbai.Scope{Code: "445381"}
	if vs, _ := db.Visits(ctx, ld, a.ID, 0); len(vs) != 1 {
		t.Errorf("new county sees %d visits, want 1", len(vs))
	}
	if cs, _ := db.LevelChanges(ctx, ld, a.ID, true); len(cs) != 1 {
		t.Errorf("new county sees %d pending level changes, want 1", len(cs))
	}
	if vs, _ := db.Visits(ctx, shuangbai.Scope{Code: "445302"}, a.ID, 0); len(vs) != 0 {
		t.Errorf("old county still sees %d visits", len(vs))
	}
}

// TestReviewRules: rules added after a usability review, each one a way a
// wrong figure or an impossible record got in.
func TestReviewRules(t *testing.T) {
	db, a, _ := caseFixture(t)
	ctx := t.Context()
	sys := shuangbai.SystemUser
	lead := storetest.User(t, db, "hk-lead", shuangbai.RoleStationLead, "445302003", "x")
	young := &shuangbai.Beneficiary{Region: "445302003208", Name: "小童", Gender: "女", Birth: shuangbai.NewDate(2010, 5, 1), Level: 2}
	if err := db.CreateBeneficiary(ctx, sys, young); err != nil {
		t.Fatal(err)
	}
	field := func(err error) string {
		if e, ok := err.(*shuangbai.Error); ok {
			for k := range e.Fields {
				return k
			}
		}
		return ""
	}
	tests := []struct {
		name  string
		err   func() error
		field string
	}{
		{"old-age allowance at 11", func() error {
			return db.SaveApplication(ctx, sys, &shuangbai.Application{BeneficiaryID: young.ID, Kind: shuangbai.AppOldAge, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 8, 1)})
		}, "kind"},
		{"disability subsidy, not disabled", func() error {
			return db.SaveApplication(ctx, sys, &shuangbai.Application{BeneficiaryID: young.ID, Kind: shuangbai.AppDisabilityLiving, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 8, 1)})
		}, "kind"},
		{"found before born", func() error {
			b := &shuangbai.Beneficiary{Region: "445302003208", Name: "甲", Gender: "男", Birth: shuangbai.NewDate(2020, 1, 1), FoundOn: shuangbai.NewDate(2010, 1, 1), Level: 3}
			return db.CreateBeneficiary(ctx, sys, b)
		}, "found_on"},
		{"name of 60 characters", func() error {
			b := &shuangbai.Beneficiary{Region: "445302003208", Name: strings.Repeat("名", 60), Gender: "男", Birth: shuangbai.NewDate(1980, 1, 1), Level: 3}
			return db.CreateBeneficiary(ctx, sys, b)
		}, "name"},
		{"station built next year", func() error {
			s := &shuangbai.Station{Region: "445302102", Site: shuangbai.Site{Name: "腰古镇社工站", Status: shuangbai.SiteBuilt, BuiltOn: shuangbai.NewDate(2022, 1, 1)}}
			return db.CreateStation(ctx, sys, s)
		}, "built_on"},
		{"next visit in 2099", func() error {
			return db.RecordVisit(ctx, sys, &shuangbai.Visit{BeneficiaryID: a.ID, On: shuangbai.NewDate(2021, 8, 2), Kind: shuangbai.VisitHome, NextDue: shuangbai.NewDate(2099, 1, 1)})
		}, "next_due"},
		{"level 2 more often than level 1", func() error {
			iv := shuangbai.Intervals{1: {Times: 1, PeriodDays: 30}, 2: {Times: 1, PeriodDays: 7}, 3: {Times: 1, PeriodDays: 14}, 4: {Times: 1, PeriodDays: 30}}
			return db.SetIntervals(ctx, sys, iv)
		}, "level2"},
		{"station lead of a county", func() error {
			return db.CreateUser(ctx, sys, &shuangbai.User{Username: "lead2", Name: "x", Role: shuangbai.RoleStationLead, Region: "445302"}, "x")
		}, "region"},
	}
	for _, tt := range tests {
		if got := field(tt.err()); got != tt.field {
			t.Errorf("%s: field %q, want %q", tt.name, got, tt.field)
		}
	}
	if _, err := db.Outcomes(ctx, sys.Scope(), "445302003", shuangbai.Date{}, shuangbai.NewDate(2030, 1, 1)); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("outcomes up to 2030: %v", err)
	}
	// A lead cannot confirm her own lowering.
	c, err := db.ChangeLevel(ctx, lead, a.ID, 3, "好转")
	if err != nil || !c.Pending {
		t.Fatalf("lower: %+v %v", c, err)
	}
	if err := db.ConfirmLevel(ctx, lead, c.ID); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("lead confirms her own lowering: %v", err)
	}
}
