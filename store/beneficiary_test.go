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

// TestUpdateBeneficiaryWithHousehold checks that an edit filing a new
// household is one transaction: a refused edit leaves no household and no
// audit entry behind, a good one makes the person its only member.
func TestUpdateBeneficiaryWithHousehold(t *testing.T) {
	db, a, _ := caseFixture(t)
	ctx := t.Context()
	sw := storetest.User(t, db, "hekou-sw", shuangbai.RoleWorker, "445302003", "x")
	ld := &shuangbai.Person{Region: "445381004", Name: "罗定社工", Gender: "女", Role: shuangbai.StaffWorker}
	if err := db.CreatePerson(ctx, shuangbai.SystemUser, ld); err != nil {
		t.Fatal(err)
	}
	c := &shuangbai.Beneficiary{Region: "445302003208", Name: "陈伯", Gender: "男", Birth: shuangbai.NewDate(1950, 1, 1), Level: 3}
	if err := db.FileBeneficiary(ctx, sw, c, nil); err != nil {
		t.Fatal(err)
	}
	rows := func() (households, audit string) {
		t.Helper()
		var err error
		if households, err = db.RawForTest(ctx, "SELECT CAST(COUNT(*) AS TEXT) FROM households"); err != nil {
			t.Fatal(err)
		}
		if audit, err = db.RawForTest(ctx, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log"); err != nil {
			t.Fatal(err)
		}
		return households, audit
	}
	hh0, audit0 := rows()

	for _, tt := range []struct {
		name  string
		edit  func(*shuangbai.Beneficiary)
		field string
	}{
		// The ID number is refused by the unique index, after the household
		// is filed: the transaction must take it back. The others are
		// refused before; a caller filing the household first left it too.
		{"another file's ID number", func(x *shuangbai.Beneficiary) { x.IDNumber, x.Birth, x.Gender = a.IDNumber, shuangbai.Date{}, "" }, "id_number"},
		{"another county's worker", func(x *shuangbai.Beneficiary) { x.WorkerID = ld.ID }, "worker_id"},
		{"no name", func(x *shuangbai.Beneficiary) { x.Name = "" }, "name"},
	} {
		x, err := db.Beneficiary(ctx, sw.Scope(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		tt.edit(x)
		hh := &shuangbai.Household{HeadName: "陈伯"}
		err = db.UpdateBeneficiary(ctx, sw, x, hh)
		if e, ok := err.(*shuangbai.Error); !ok || e.Fields[tt.field] == "" {
			t.Errorf("%s: %v, want a message on %s", tt.name, err, tt.field)
		}
		if hh1, audit1 := rows(); hh1 != hh0 || audit1 != audit0 {
			t.Errorf("%s: households %s → %s, audit entries %s → %s: the refused edit left them behind", tt.name, hh0, hh1, audit0, audit1)
		}
	}
	if err := db.UpdateBeneficiary(ctx, sw, &shuangbai.Beneficiary{ID: c.ID, Region: c.Region, Name: "陈伯", Gender: "男", Birth: c.Birth},
		&shuangbai.Household{HeadName: " "}); code(err) != shuangbai.EINVALID {
		t.Errorf("a new household without a head: %v", err)
	}

	// The good edit: a new household in the person's village, audited with it.
	x, _ := db.Beneficiary(ctx, sw.Scope(), c.ID)
	x.Address = "双上村 8 号"
	hh := &shuangbai.Household{HeadName: "陈伯"}
	if err := db.UpdateBeneficiary(ctx, sw, x, hh); err != nil {
		t.Fatal(err)
	}
	if hh.ID == 0 || x.HouseholdID != hh.ID || hh.Region != c.Region || hh.Address != "双上村 8 号" {
		t.Fatalf("household %+v, file %+v", hh, x)
	}
	_, members, err := db.Household(ctx, sw.Scope(), hh.ID)
	if err != nil || len(members) != 1 || members[0].ID != c.ID {
		t.Errorf("members = %v, %v", members, err)
	}
	log, _ := db.AuditLog(ctx, sw.Scope(), store.AuditFilter{Limit: 2})
	if len(log) != 2 || log[0].Entity != "beneficiary" || log[0].Action != "update" || log[1].Entity != "household" || log[1].Action != "create" {
		t.Errorf("audit = %+v, want the household's creation then the edit", log)
	}
}
