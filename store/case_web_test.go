package store_test

import (
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

func TestFileBeneficiaryWithHousehold(t *testing.T) {
	db, a, b := caseFixture(t)
	ctx := t.Context()
	sw := storetest.User(t, db, "hekou-sw", shuangbai.RoleWorker, "445302003", "x")
	storetest.Regions(t, db, "445302003001", "河口社区居委会")
	ldHH := &shuangbai.Household{Region: b.Region, HeadName: "李阿婆"}
	if err := db.CreateHousehold(ctx, shuangbai.SystemUser, ldHH); err != nil {
		t.Fatal(err)
	}

	// A new household and its first member in one step.
	head := &shuangbai.Beneficiary{Region: "445302003208", Name: "陈大伯", IDNumber: idNumber("44530219500101101"), Relation: "户主", Level: 2}
	hh := &shuangbai.Household{HeadName: "陈大伯"}
	if err := db.FileBeneficiary(ctx, sw, head, hh); err != nil {
		t.Fatal(err)
	}
	if hh.ID == 0 || head.HouseholdID != hh.ID || hh.Region != head.Region || head.Gender != "男" {
		t.Fatalf("household %+v, head %+v", hh, head)
	}
	// A second member joins it.
	wife := &shuangbai.Beneficiary{Region: "445302003208", Name: "黄阿姨", Gender: "女", Birth: shuangbai.NewDate(1952, 2, 2), Relation: "配偶", Level: 2, HouseholdID: hh.ID}
	if err := db.FileBeneficiary(ctx, sw, wife, nil); err != nil {
		t.Fatal(err)
	}
	_, members, err := db.Household(ctx, sw.Scope(), hh.ID)
	if err != nil || len(members) != 2 {
		t.Fatalf("members = %v, %v", members, err)
	}

	// Refusals: another county's household, another village's household, and
	// a bad filing that must not leave a household behind.
	before, _ := db.Households(ctx, shuangbai.Scope{All: true}, 0)
	for _, tt := range []struct {
		name string
		b    *shuangbai.Beneficiary
		hh   *shuangbai.Household
		want string
	}{
		{"other county's household", &shuangbai.Beneficiary{Region: "445302003208", Name: "甲", Gender: "男", Birth: shuangbai.NewDate(1960, 1, 1), Level: 3, HouseholdID: ldHH.ID}, nil, "household"},
		{"other village's household", &shuangbai.Beneficiary{Region: "445302003001", Name: "乙", Gender: "男", Birth: shuangbai.NewDate(1960, 1, 1), Level: 3, HouseholdID: hh.ID}, nil, "household"},
		{"duplicate ID with a new household", &shuangbai.Beneficiary{Region: "445302003208", Name: "丙", IDNumber: a.IDNumber, Level: 3}, &shuangbai.Household{HeadName: "丙"}, "id_number"},
		{"no head name", &shuangbai.Beneficiary{Region: "445302003208", Name: "丁", Gender: "男", Birth: shuangbai.NewDate(1960, 1, 1), Level: 3}, &shuangbai.Household{}, "head_name"},
	} {
		err := db.FileBeneficiary(ctx, sw, tt.b, tt.hh)
		if e, ok := err.(*shuangbai.Error); !ok || e.Fields[tt.want] == "" {
			t.Errorf("%s: %v, want a message on %s", tt.name, err, tt.want)
		}
	}
	after, _ := db.Households(ctx, shuangbai.Scope{All: true}, 0)
	if len(after) != len(before) {
		t.Errorf("households %d → %d: a refused filing left one behind", len(before), len(after))
	}
	if err := db.CheckHousehold(ctx, sw.Scope(), ldHH.ID, b.Region); err == nil {
		t.Error("CheckHousehold accepted another county's household")
	}
	if l, _ := db.Households(ctx, sw.Scope(), 0); len(l) != 1 || l[0].ID != hh.ID {
		t.Errorf("Households in scope = %+v", l)
	}
}

func TestCaseWebHelpers(t *testing.T) {
	db, a, b := caseFixture(t)
	ctx := t.Context()
	yc := shuangbai.Scope{Code: "445302"}
	p := &shuangbai.Person{Region: "445302003", Name: "陈云城", Gender: "女", Role: shuangbai.StaffWorker}
	q := &shuangbai.Person{Region: "445381004", Name: "罗定人", Gender: "女", Role: shuangbai.StaffWorker}
	for _, x := range []*shuangbai.Person{p, q} {
		if err := db.CreatePerson(ctx, shuangbai.SystemUser, x); err != nil {
			t.Fatal(err)
		}
	}
	names, err := db.StaffNames(ctx, yc, []int64{p.ID, q.ID, p.ID, 0})
	if err != nil || len(names) != 1 || names[p.ID] != "陈云城" {
		t.Errorf("StaffNames = %v, %v", names, err)
	}

	app := &shuangbai.Application{BeneficiaryID: b.ID, Kind: shuangbai.AppMedical, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 8, 1)}
	if err := db.SaveApplication(ctx, shuangbai.SystemUser, app); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Application(ctx, yc, app.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county's application: %v", err)
	}
	if got, err := db.Application(ctx, shuangbai.Scope{Code: "445381"}, app.ID); err != nil || got.Kind != shuangbai.AppMedical {
		t.Errorf("Application = %+v, %v", got, err)
	}

	u := storetest.User(t, db, "city", shuangbai.RoleCityAdmin, "4453", "x")
	targets := []store.AccessTarget{{a.ID, a.Region}, {b.ID, b.Region}}
	if err := db.LogAccessMany(ctx, u, store.AccessExport, targets, "", ""); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("export without a reason: %v", err)
	}
	many := make([]store.AccessTarget, 0, 250)
	for range 125 {
		many = append(many, targets...)
	}
	if err := db.LogAccessMany(ctx, u, store.AccessExport, many, "年度核查", "CSV"); err != nil {
		t.Fatal(err)
	}
	l, err := db.AccessLog(ctx, yc, a.ID, 0, 500)
	if err != nil || len(l) != 125 || l[0].Reason != "年度核查" || l[0].Action != store.AccessExport || l[0].Name != "陈小明" {
		t.Errorf("access log of a: %d entries, %+v", len(l), l[:min(1, len(l))])
	}
	if l, _ := db.AccessLog(ctx, yc, b.ID, 0, 0); len(l) != 0 {
		t.Errorf("another county's person in a 云城区 log: %d", len(l))
	}
}
