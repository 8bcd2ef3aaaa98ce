package store_test

import (
	"testing"

	"shuangbai"
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
