package webtest

import (
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
)

// CaseNow: the case tests run on the seed's day, 2021-08-09, at 10:00 in China.
var CaseNow = time.Date(2021, 8, 9, 10, 0, 0, 0, shuangbai.China)

// Case-work test accounts, by username.
const (
	YcWorker = "yc.sw"   // 社工, 河口街道, linked to the roster as 陈云城
	YcLead   = "yc.lead" // 站长, 河口街道
)

// Case is the web fixture with case files: in 河口街道 (云城区) 陈志明
// (level 1, overdue), 黄阿婆 (85, due today, no 高龄津贴), 张小红 (due in
// three days) and 林伯 (due next month, no worker); in 双东街道 (罗定市)
// 李阿婆 with a household, an application and a pending level change.
type Case struct {
	*Fixture
	Chen, Huang, Zhang, Lin, Li *shuangbai.Beneficiary
	LdHousehold                 *shuangbai.Household
	LdApp                       *shuangbai.Application
	LdChange                    *shuangbai.LevelChange
}

// IDNum completes the first 17 digits of an ID number with its check digit.
func IDNum(first17 string) string { return first17 + string(shuangbai.IDCheckDigit(first17)) }

// NewCase returns the fixture of New with the case files of Case, on
// CaseNow.
func NewCase(t testing.TB) *Case {
	t.Helper()
	f := &Case{Fixture: New(t)}
	f.DB.Now = func() time.Time { return CaseNow }
	ctx, sys := t.Context(), shuangbai.SystemUser
	for _, u := range []*shuangbai.User{
		{Username: YcWorker, Name: "陈云城", Role: shuangbai.RoleWorker, Region: "445302003", PersonID: f.YcPerson.ID},
		{Username: YcLead, Name: "河口站长", Role: shuangbai.RoleStationLead, Region: "445302003"},
	} {
		if err := f.DB.CreateUser(ctx, sys, u, Hash()); err != nil {
			t.Fatal(err)
		}
	}
	file := func(b *shuangbai.Beneficiary, hh *shuangbai.Household) *shuangbai.Beneficiary {
		t.Helper()
		if err := f.DB.FileBeneficiary(ctx, sys, b, hh); err != nil {
			t.Fatal(err)
		}
		return b
	}
	village := "445302003208"
	f.Chen = file(&shuangbai.Beneficiary{Region: village, Name: "陈志明", IDNumber: IDNum("44530219960512101"), Phone: "13800138001",
		Relation: "户主", Address: "=HYPERLINK(\"http://x\")", Groups: []shuangbai.Group{shuangbai.GroupDisabled, shuangbai.GroupCivilAffairs},
		Disability: "肢体二级", FoundBy: shuangbai.FoundVisiting, FoundOn: shuangbai.NewDate(2021, 3, 1), WorkerID: f.YcPerson.ID, Level: 1},
		&shuangbai.Household{HeadName: "陈志明"})
	f.Huang = file(&shuangbai.Beneficiary{Region: village, Name: "黄阿婆", IDNumber: IDNum("44530219360301102"), Relation: "母亲",
		HouseholdID: f.Chen.HouseholdID, Groups: []shuangbai.Group{shuangbai.GroupElderly}, FoundOn: shuangbai.NewDate(2021, 3, 1),
		WorkerID: f.YcPerson.ID, Level: 2}, nil)
	f.Zhang = file(&shuangbai.Beneficiary{Region: village, Name: "张小红", Gender: "女", Birth: shuangbai.NewDate(2012, 9, 1),
		Groups: []shuangbai.Group{shuangbai.GroupLeftBehind}, FoundOn: shuangbai.NewDate(2021, 4, 1), WorkerID: f.YcPerson.ID, Level: 2}, nil)
	f.Lin = file(&shuangbai.Beneficiary{Region: village, Name: "林伯", Gender: "男", Birth: shuangbai.NewDate(1950, 1, 1),
		Groups: []shuangbai.Group{shuangbai.GroupDibao}, FoundOn: shuangbai.NewDate(2021, 4, 1), Level: 4}, nil)
	f.LdHousehold = &shuangbai.Household{HeadName: "李阿婆"}
	f.Li = file(&shuangbai.Beneficiary{Region: "445381004001", Name: "李阿婆", IDNumber: IDNum("44538119400301002"), Phone: "13900139001",
		Groups: []shuangbai.Group{shuangbai.GroupElderlyAlone}, FoundOn: shuangbai.NewDate(2021, 3, 1), WorkerID: f.LdPerson.ID, Level: 2}, f.LdHousehold)

	for _, v := range []struct {
		b        *shuangbai.Beneficiary
		on, next shuangbai.Date
	}{
		{f.Chen, shuangbai.NewDate(2021, 8, 2), shuangbai.NewDate(2021, 8, 5)},
		{f.Huang, shuangbai.NewDate(2021, 8, 2), shuangbai.NewDate(2021, 8, 9)},
		{f.Zhang, shuangbai.NewDate(2021, 8, 5), shuangbai.NewDate(2021, 8, 12)},
		{f.Lin, shuangbai.NewDate(2021, 8, 8), shuangbai.NewDate(2021, 9, 7)},
		{f.Li, shuangbai.NewDate(2021, 8, 1), shuangbai.NewDate(2021, 8, 3)},
	} {
		visit := &shuangbai.Visit{BeneficiaryID: v.b.ID, On: v.on, NextDue: v.next, Kind: shuangbai.VisitHome, Findings: v.b.Name + "情况稳定"}
		if err := f.DB.RecordVisit(ctx, sys, visit); err != nil {
			t.Fatal(err)
		}
	}
	f.LdApp = &shuangbai.Application{BeneficiaryID: f.Li.ID, Kind: shuangbai.AppMedical, Status: shuangbai.AppPreparing, PreparedOn: shuangbai.NewDate(2021, 8, 1)}
	if err := f.DB.SaveApplication(ctx, sys, f.LdApp); err != nil {
		t.Fatal(err)
	}
	var err error
	if f.LdChange, err = f.DB.ChangeLevel(ctx, sys, f.Li.ID, 4, "情况好转"); err != nil || !f.LdChange.Pending {
		t.Fatalf("ld change: %+v %v", f.LdChange, err)
	}
	if err := f.DB.LogAccess(ctx, sys, store.AccessView, f.Li.ID, f.Li.Region, "", "档案"); err != nil {
		t.Fatal(err)
	}
	return f
}
