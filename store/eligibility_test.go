package store_test

import (
	"fmt"
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store/storetest"
)

// TestEligible: the shipped rules find who appears to qualify and has not
// applied; an application of the kind removes them; a city's own version
// replaces a shipped rule from its day on, and a list for an earlier day
// keeps the rule of that day; scope holds.
func TestEligible(t *testing.T) {
	db, chen, li := caseFixture(t) // 陈小明: 残疾人, 困难边缘, 肢体二级; 李阿婆 (罗定), born 1940
	ctx := t.Context()
	huang := &shuangbai.Beneficiary{Region: "445302003208", Name: "黄阿婆", IDNumber: idNumber("44530219360301102"), Level: 2,
		Groups: []shuangbai.Group{shuangbai.GroupElderly}, FoundOn: shuangbai.NewDate(2021, 3, 1)}
	young := &shuangbai.Beneficiary{Region: "445302003208", Name: "林伯", Gender: "男", Birth: shuangbai.NewDate(1950, 1, 1), Level: 4,
		Groups: []shuangbai.Group{shuangbai.GroupElderly}, FoundOn: shuangbai.NewDate(2021, 3, 1)}
	for _, b := range []*shuangbai.Beneficiary{huang, young} {
		if err := db.CreateBeneficiary(ctx, shuangbai.SystemUser, b); err != nil {
			t.Fatal(err)
		}
	}
	on := shuangbai.NewDate(2021, 8, 9)
	yc := shuangbai.Scope{Code: "445302"}
	names := func(cs []struct{ k, name string }) map[string]bool {
		m := map[string]bool{}
		for _, c := range cs {
			m[c.k+":"+c.name] = true
		}
		return m
	}
	list := func(scope shuangbai.Scope, region string, day shuangbai.Date) map[string]bool {
		t.Helper()
		got, counts, err := db.Eligible(ctx, scope, region, day, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		var cs []struct{ k, name string }
		for _, c := range got {
			cs = append(cs, struct{ k, name string }{string(c.Benefit), c.Name})
			if c.Reason == "" || c.Source == "" {
				t.Errorf("%s %s: no reason or source", c.Benefit, c.Name)
			}
		}
		total := 0
		for _, n := range counts {
			total += n
		}
		if total != len(got) {
			t.Errorf("counts %v, listed %d", counts, len(got))
		}
		return names(cs)
	}
	got := list(yc, "", on)
	for _, want := range []string{"old_age:黄阿婆", "disability_living:陈小明", "disability_care:陈小明", "temporary:陈小明"} {
		if !got[want] {
			t.Errorf("missing %s in %v", want, got)
		}
	}
	for _, bad := range []string{"old_age:林伯", "old_age:李阿婆"} {
		if got[bad] {
			t.Errorf("%s listed: %v", bad, got)
		}
	}
	if cases, _ := db.EligibleFile(ctx, yc, huang, on); len(cases) != 1 || cases[0].Benefit != shuangbai.AppOldAge {
		t.Errorf("hint on 黄阿婆's file = %+v", cases)
	}

	// An application of the kind, whatever its status, takes the person off.
	if err := db.SaveApplication(ctx, shuangbai.SystemUser, &shuangbai.Application{BeneficiaryID: huang.ID, Kind: shuangbai.AppOldAge,
		Status: shuangbai.AppPreparing, PreparedOn: on}); err != nil {
		t.Fatal(err)
	}
	if got := list(yc, "", on); got["old_age:黄阿婆"] {
		t.Error("黄阿婆 still listed after her application")
	}

	// The city lowers 高龄津贴 to 70 from 2021-09-01: 林伯 (71) appears from
	// then, not on 2021-08-09; 罗定's 李阿婆 (81) appears in 罗定's list.
	city := storetest.User(t, db, "cityadm", shuangbai.RoleCityAdmin, "4453", "x")
	rule := &shuangbai.EligibilityRule{Benefit: shuangbai.AppOldAge, Name: "高龄津贴（云浮）", Source: "云浮市民政局关于调整高龄津贴的通知",
		Condition: shuangbai.Condition{MinAge: 70}, ValidFrom: shuangbai.NewDate(2021, 9, 1)}
	if err := db.SaveEligibilityRule(ctx, city, rule); err != nil {
		t.Fatal(err)
	}
	if got := list(yc, "", on); got["old_age:林伯"] {
		t.Error("the city's rule applied before its day")
	}
	if got := list(yc, "", shuangbai.NewDate(2021, 9, 2)); !got["old_age:林伯"] {
		t.Error("the city's rule does not apply from its day")
	}
	if got := list(shuangbai.Scope{Code: "445381"}, "", shuangbai.NewDate(2021, 9, 2)); !got["old_age:李阿婆"] || got["old_age:林伯"] {
		t.Errorf("罗定市's list = %v", got)
	}
	_ = li
	_ = chen

	// Refused: a version before the one in force; a county admin's rule
	// applies to the county only; an impossible rule.
	early := *rule
	early.ValidFrom = shuangbai.NewDate(2021, 8, 1)
	if err := db.SaveEligibilityRule(ctx, city, &early); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("a version before the current one: %v", err)
	}
	bad := *rule
	bad.ValidFrom, bad.MinAge = shuangbai.NewDate(2022, 1, 1), 151
	if err := db.SaveEligibilityRule(ctx, city, &bad); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("age 151: %v", err)
	}
	worker := storetest.User(t, db, "sw.hekou", shuangbai.RoleWorker, "445302003", "x")
	if err := db.SaveEligibilityRule(ctx, worker, rule); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("a worker set a rule: %v", err)
	}
	if h, err := db.EligibilityHistory(ctx, shuangbai.Scope{Code: "445302"}); err != nil || len(h) != 0 {
		t.Errorf("a county sees the city's versions as its own: %v %v", h, err)
	}
	if h, _ := db.EligibilityHistory(ctx, shuangbai.Scope{Code: "4453"}); len(h) != 1 {
		t.Errorf("city history = %v", h)
	}
	if _, _, err := db.Eligible(ctx, yc, "445381", on, "", 10); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("another county's list: %v", err)
	}
}

// TestEscalations moves "today" past each grace period of a level-3 case
// due on 2021-08-01 (grace 3 / 7 / 14 days) and checks who is told.
func TestEscalations(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	db.Now = func() time.Time { return time.Date(2021, 7, 18, 10, 0, 0, 0, time.UTC) }
	ctx := t.Context()
	chen := &shuangbai.Beneficiary{Region: "445302003208", Name: "陈小明", IDNumber: idNumber("44530219900101123"), Level: 3,
		FoundOn: shuangbai.NewDate(2021, 3, 1)}
	if err := db.CreateBeneficiary(ctx, shuangbai.SystemUser, chen); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordVisit(ctx, shuangbai.SystemUser, &shuangbai.Visit{BeneficiaryID: chen.ID, On: shuangbai.NewDate(2021, 7, 18),
		NextDue: shuangbai.NewDate(2021, 8, 1), Kind: shuangbai.VisitHome, Findings: "情况稳定"}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Beneficiary(ctx, shuangbai.Scope{All: true}, chen.ID)
	if got.Level != 3 || got.NextDue != shuangbai.NewDate(2021, 8, 1) {
		t.Fatalf("fixture: level %d due %s", got.Level, got.NextDue)
	}
	yc := shuangbai.Scope{Code: "445302"}
	for _, tt := range []struct {
		today shuangbai.Date
		tier  shuangbai.Tier
		want  bool
	}{
		{shuangbai.NewDate(2021, 8, 1), shuangbai.TierWorker, false},
		{shuangbai.NewDate(2021, 8, 2), shuangbai.TierWorker, true},
		{shuangbai.NewDate(2021, 8, 4), shuangbai.TierLead, false},
		{shuangbai.NewDate(2021, 8, 5), shuangbai.TierLead, true},
		{shuangbai.NewDate(2021, 8, 8), shuangbai.TierSupervisor, false},
		{shuangbai.NewDate(2021, 8, 9), shuangbai.TierSupervisor, true},
		{shuangbai.NewDate(2021, 8, 15), shuangbai.TierCounty, false},
		{shuangbai.NewDate(2021, 8, 16), shuangbai.TierCounty, true},
	} {
		es, err := db.Escalations(ctx, yc, tt.tier, tt.today, 50)
		if err != nil {
			t.Fatal(err)
		}
		listed := len(es) == 1 && es[0].BeneficiaryID == chen.ID
		if listed != tt.want {
			t.Errorf("%s on %s: listed %v, want %v (%+v)", tt.tier.Label(), tt.today, listed, tt.want, es)
		}
		if listed && es[0].Told[tt.tier].On.After(tt.today) {
			t.Errorf("told after today: %+v", es[0].Told)
		}
	}
	if es, _ := db.Escalations(ctx, shuangbai.Scope{Code: "445381"}, shuangbai.TierCounty, shuangbai.NewDate(2021, 9, 1), 50); len(es) != 0 {
		t.Errorf("another county sees %+v", es)
	}

	// A visit on 2021-08-20 ends it; the history still shows August's late
	// visit on 2021-08-10.
	db.Now = func() time.Time { return time.Date(2021, 8, 20, 10, 0, 0, 0, time.UTC) }
	if err := db.RecordVisit(ctx, shuangbai.SystemUser, &shuangbai.Visit{BeneficiaryID: chen.ID, On: shuangbai.NewDate(2021, 8, 20),
		NextDue: shuangbai.NewDate(2021, 9, 3), Kind: shuangbai.VisitHome, Findings: "已走访"}); err != nil {
		t.Fatal(err)
	}
	if es, _ := db.Escalations(ctx, yc, shuangbai.TierWorker, shuangbai.NewDate(2021, 8, 21), 50); len(es) != 0 {
		t.Errorf("visited, still listed: %+v", es)
	}
	hist, err := db.OverdueHistory(ctx, yc, false, []shuangbai.Date{shuangbai.NewDate(2021, 7, 31), shuangbai.NewDate(2021, 8, 10), shuangbai.NewDate(2021, 8, 31)})
	if err != nil {
		t.Fatal(err)
	}
	want := []int{0, 1, 0}
	if len(hist) != 3 {
		t.Fatalf("history = %+v", hist)
	}
	for i, p := range hist {
		if p.Key != "445302003" || p.Open != 1 || p.Overdue != want[i] {
			t.Errorf("history[%d] = %+v, want 1 open, %d late at 445302003", i, p, want[i])
		}
	}
}

func TestGracesSetting(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	ctx := t.Context()
	city := storetest.User(t, db, "cityadm", shuangbai.RoleCityAdmin, "4453", "x")
	county := storetest.User(t, db, "ycadm", shuangbai.RoleCountyAdmin, "445302", "x")
	gs := shuangbai.Graces{1: {Lead: 2, Supervisor: 4, County: 8}}
	if err := db.SetGraces(ctx, county, gs); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("county set graces: %v", err)
	}
	if err := db.SetGraces(ctx, city, shuangbai.Graces{1: {Lead: 5, Supervisor: 4, County: 8}}); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("out of order: %v", err)
	}
	if err := db.SetGraces(ctx, city, gs); err != nil {
		t.Fatal(err)
	}
	got, err := db.Graces(ctx)
	if err != nil || got.For(1).Lead != 2 || got.For(3) != shuangbai.DefaultGraces[3] {
		t.Errorf("graces = %v, %v", got, err)
	}
}

// TestEscalationsLimit: the limit counts escalated files only. Files late
// but within their level's grace, and due earlier, come first by due day;
// reading a few times the limit of them and judging them afterwards listed
// none of the files that were escalated.
func TestEscalationsLimit(t *testing.T) {
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	db.Now = func() time.Time { return time.Date(2021, 7, 1, 10, 0, 0, 0, time.UTC) }
	ctx := t.Context()
	file := func(i, level int, due shuangbai.Date) int64 {
		b := &shuangbai.Beneficiary{Region: "445302003208", Name: fmt.Sprintf("对象%02d", i), IDNumber: idNumber(fmt.Sprintf("445302195001%02d%03d", i+1, 100+i)),
			Level: shuangbai.Level4(level), FoundOn: shuangbai.NewDate(2021, 3, 1)}
		if err := db.CreateBeneficiary(ctx, shuangbai.SystemUser, b); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordVisit(ctx, shuangbai.SystemUser, &shuangbai.Visit{BeneficiaryID: b.ID, On: shuangbai.NewDate(2021, 7, 1),
			NextDue: due, Kind: shuangbai.VisitHome, Findings: "情况稳定"}); err != nil {
			t.Fatal(err)
		}
		return b.ID
	}
	today := shuangbai.NewDate(2021, 8, 20)
	// Level 4: the county hears after 20 days; these are 15 days late.
	for i := range 12 {
		file(i, 4, today.AddDays(-15))
	}
	// Level 1: after 7 days; these are 10 days late.
	want := []int64{file(20, 1, today.AddDays(-10)), file(21, 1, today.AddDays(-10)), file(22, 1, today.AddDays(-10))}
	es, err := db.Escalations(ctx, shuangbai.Scope{Code: "445302"}, shuangbai.TierCounty, today, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].BeneficiaryID != want[0] || es[1].BeneficiaryID != want[1] {
		t.Errorf("escalated to the county, at most 2: %+v, want %v", es, want[:2])
	}
}
