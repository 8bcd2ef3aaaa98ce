package store_test

import (
	"testing"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/store/storetest"
)

type planWorld struct {
	db                *store.DB
	city, yc, ld      *shuangbai.User
	lead, view        *shuangbai.User
	hekou, shuangdong *shuangbai.Station
	tpl               *shuangbai.PlanTemplate
}

func planFixture(t *testing.T) *planWorld {
	t.Helper()
	db := storetest.Open(t)
	storetest.Yunfu(t, db)
	db.Now = func() time.Time { return seedDay }
	w := &planWorld{db: db,
		city: storetest.User(t, db, "city", shuangbai.RoleCityAdmin, "4453", "x"),
		yc:   storetest.User(t, db, "yc.admin", shuangbai.RoleCountyAdmin, "445302", "x"),
		ld:   storetest.User(t, db, "ld.admin", shuangbai.RoleCountyAdmin, "445381", "x"),
		lead: storetest.User(t, db, "hk.lead", shuangbai.RoleStationLead, "445302003", "x"),
		view: storetest.User(t, db, "view", shuangbai.RoleViewer, "4453", "x"),
	}
	built := shuangbai.NewDate(2020, 1, 1)
	w.hekou = storetest.Station(t, db, "445302003", "河口街道社工站", built)
	w.shuangdong = storetest.Station(t, db, "445381004", "双东街道社工站", built)
	w.tpl = &shuangbai.PlanTemplate{Region: "4453", Name: "53111", Lines: []shuangbai.TemplateLine{
		{Measure: shuangbai.MeasureCases, Label: "个案", Least: 2},
		{Measure: shuangbai.MeasureVisits, Label: "探访", Least: 3},
		{Measure: shuangbai.MeasureEntered, Label: "调研报告", Least: 1},
	}}
	if err := db.SavePlanTemplate(t.Context(), w.city, w.tpl); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *planWorld) newPlan(station *shuangbai.Station) *shuangbai.Plan {
	p := &shuangbai.Plan{StationID: station.ID, Year: 2021, Summary: "山区街道，留守老人多",
		Goals:  []shuangbai.PlanGoal{{Problem: "独居老人缺少照顾", Goal: "建立邻里互助网络", Strategy: "发动退休教师结对"}},
		Assets: []shuangbai.PlanAsset{{Kind: shuangbai.AssetPeople, Name: "退休教师 6 人"}, {Kind: shuangbai.AssetPlaces, Name: "村文化室"}}}
	p.FromTemplate(w.tpl)
	return p
}

func TestPlanTemplateOnlyByCity(t *testing.T) {
	w := planFixture(t)
	ctx := t.Context()
	for _, u := range []*shuangbai.User{w.yc, w.lead, w.view} {
		x := &shuangbai.PlanTemplate{Region: "4453", Name: "其他", Lines: w.tpl.Lines[:1]}
		if err := w.db.SavePlanTemplate(ctx, u, x); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
			t.Errorf("%s set a template: %v", u.Username, err)
		}
	}
	// A county sees its city's template; it applies to its stations.
	got, err := w.db.PlanTemplates(ctx, w.yc.Scope())
	if err != nil || len(got) != 1 || got[0].Name != "53111" || len(got[0].Lines) != 3 {
		t.Fatalf("county's templates = %+v, %v", got, err)
	}
}

func TestSavePlanScopedAndWhole(t *testing.T) {
	w := planFixture(t)
	ctx := t.Context()
	p := w.newPlan(w.hekou)
	if err := w.db.SavePlan(ctx, w.lead, p); err != nil {
		t.Fatal(err)
	}
	if p.Region != "445302003" || p.TemplateID != w.tpl.ID {
		t.Fatalf("saved plan = %+v", p)
	}
	// Another county's admin cannot read it or make one for its station.
	if _, err := w.db.Plan(ctx, w.ld.Scope(), p.ID); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("other county read the plan: %v", err)
	}
	other := w.newPlan(w.shuangdong)
	if err := w.db.SavePlan(ctx, w.yc, other); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Errorf("云城区 planned 双东街道: %v", err)
	}
	if err := w.db.SavePlan(ctx, w.view, w.newPlan(w.hekou)); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("viewer saved a plan: %v", err)
	}
	// Editing from another county is not found.
	edit := *p
	edit.Summary = "改"
	if err := w.db.SavePlan(ctx, w.ld, &edit); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("other county edited: %v", err)
	}
	// A second plan for the same station and year is refused.
	if err := w.db.SavePlan(ctx, w.yc, w.newPlan(w.hekou)); shuangbai.ErrorCode(err) != shuangbai.ECONFLICT {
		t.Errorf("second plan for 2021: %v", err)
	}
	// A bad edit (a fixed line removed) changes nothing.
	bad, err := w.db.Plan(ctx, w.yc.Scope(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	bad.Summary, bad.Targets = "不应保存", bad.Targets[1:]
	if err := w.db.SavePlan(ctx, w.yc, bad); shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		t.Fatalf("removing a template line: %v", err)
	}
	got, err := w.db.Plan(ctx, w.yc.Scope(), p.ID)
	if err != nil || got.Summary != p.Summary || len(got.Targets) != 3 || len(got.Assets) != 2 || len(got.Goals) != 1 {
		t.Fatalf("after a refused edit: %+v, %v", got, err)
	}
	// A good edit replaces the lists.
	got.Assets = got.Assets[:1]
	got.Targets = append(got.Targets, shuangbai.PlanTarget{Goal: 1, Measure: shuangbai.MeasureVisits, Label: "结对探访", Target: 12, Due: shuangbai.NewDate(2021, 6, 30)})
	if err := w.db.SavePlan(ctx, w.yc, got); err != nil {
		t.Fatal(err)
	}
	again, err := w.db.Plan(ctx, w.city.Scope(), p.ID)
	if err != nil || len(again.Assets) != 1 || len(again.Targets) != 4 || again.Targets[3].Goal != 1 || !again.Targets[0].Fixed || again.Targets[0].Least != 2 {
		t.Fatalf("after the edit: %+v, %v", again, err)
	}
	list, total, err := w.db.Plans(ctx, w.yc.Scope(), store.PlanFilter{Year: 2021})
	if err != nil || total != 1 || len(list) != 1 || list[0].StationName != "河口街道社工站" {
		t.Fatalf("plans = %+v, %d, %v", list, total, err)
	}
	if list, _, _ := w.db.Plans(ctx, w.ld.Scope(), store.PlanFilter{}); len(list) != 0 {
		t.Errorf("罗定 lists 云城's plans: %+v", list)
	}
}

func TestPlanProgressCountsTheTown(t *testing.T) {
	w := planFixture(t)
	ctx := t.Context()
	p := w.newPlan(w.hekou)
	p.Targets = append(p.Targets,
		shuangbai.PlanTarget{Measure: shuangbai.MeasureGroups, Label: "长者小组", Target: 3},
		shuangbai.PlanTarget{Measure: shuangbai.MeasureActivities, Label: "社区活动", Target: 4},
		shuangbai.PlanTarget{Measure: shuangbai.MeasureReached, Label: "服务人次", Target: 200})
	if err := w.db.SavePlan(ctx, w.lead, p); err != nil {
		t.Fatal(err)
	}
	storetest.Regions(t, w.db, "445302003209", "河口社区居委会")
	// The station's activities: a group and a campaign in 2021, one of 2020,
	// and one of another station — only the first two count.
	for _, a := range []shuangbai.Activity{
		{StationID: w.hekou.ID, Region: "445302003208", HeldOn: shuangbai.NewDate(2021, 5, 1), Kind: shuangbai.ActivityGroup, Title: "长者小组", Reached: 12},
		{StationID: w.hekou.ID, Region: "445302003", HeldOn: shuangbai.NewDate(2021, 6, 26), Kind: shuangbai.ActivityAntiDrug, Title: "禁毒宣传", Reached: 300},
		{StationID: w.hekou.ID, Region: "445302003", HeldOn: shuangbai.NewDate(2020, 6, 26), Kind: shuangbai.ActivityGroup, Title: "去年的小组", Reached: 9},
		{StationID: w.shuangdong.ID, Region: "445381004", HeldOn: shuangbai.NewDate(2021, 6, 26), Kind: shuangbai.ActivityGroup, Title: "双东小组", Reached: 20},
	} {
		if err := w.db.CreateActivity(ctx, shuangbai.SystemUser, &a); err != nil {
			t.Fatalf("%s: %v", a.Title, err)
		}
	}
	// Two files opened in 河口 in 2021, one in 2020, one in 罗定; visits to
	// the 2021 ones: three in the year, one after the day read.
	files := []*shuangbai.Beneficiary{
		{Region: "445302003208", Name: "陈一", IDNumber: idNumber("44530219400101001"), Level: 1, FoundOn: shuangbai.NewDate(2021, 3, 1)},
		{Region: "445302003209", Name: "陈二", IDNumber: idNumber("44530219400101002"), Level: 2, FoundOn: shuangbai.NewDate(2021, 5, 1)},
		{Region: "445302003208", Name: "陈三", IDNumber: idNumber("44530219400101003"), Level: 2, FoundOn: shuangbai.NewDate(2020, 5, 1)},
		{Region: "445381004001", Name: "李四", IDNumber: idNumber("44538119400101004"), Level: 2, FoundOn: shuangbai.NewDate(2021, 5, 1)},
	}
	for _, x := range files {
		if err := w.db.CreateBeneficiary(ctx, shuangbai.SystemUser, x); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []struct {
		who *shuangbai.Beneficiary
		on  shuangbai.Date
	}{{files[0], shuangbai.NewDate(2021, 3, 2)}, {files[0], shuangbai.NewDate(2021, 4, 2)}, {files[1], shuangbai.NewDate(2021, 6, 1)},
		{files[3], shuangbai.NewDate(2021, 6, 1)}} {
		if err := w.db.RecordVisit(ctx, shuangbai.SystemUser, &shuangbai.Visit{BeneficiaryID: v.who.ID, On: v.on, Kind: shuangbai.VisitHome, Services: []string{"精神慰藉"}}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := w.db.PlanProgress(ctx, w.yc.Scope(), p.ID, shuangbai.NewDate(2021, 8, 9))
	if err != nil {
		t.Fatal(err)
	}
	done := map[string]int{}
	for _, x := range got.Targets {
		done[x.Label] = x.Done
	}
	if done["个案"] != 2 || done["探访"] != 3 || done["调研报告"] != 0 || done["长者小组"] != 1 || done["社区活动"] != 2 || done["服务人次"] != 312 {
		t.Errorf("progress = %v, want 个案 2, 探访 3, 调研报告 0, 长者小组 1, 社区活动 2, 服务人次 312", done)
	}
	// Read as of 2021-04-01: one file, one visit.
	got, err = w.db.PlanProgress(ctx, w.yc.Scope(), p.ID, shuangbai.NewDate(2021, 4, 1))
	if err != nil || got.Targets[0].Done != 1 || got.Targets[1].Done != 1 {
		t.Errorf("as of 04-01: %+v, %v", got.Targets, err)
	}
}

func TestPlanTemplateLineInUse(t *testing.T) {
	w := planFixture(t)
	ctx := t.Context()
	if err := w.db.SavePlan(ctx, w.lead, w.newPlan(w.hekou)); err != nil {
		t.Fatal(err)
	}
	tpl, err := w.db.PlanTemplate(ctx, w.city.Scope(), w.tpl.ID)
	if err != nil {
		t.Fatal(err)
	}
	tpl.Lines = tpl.Lines[:2]
	if err := w.db.SavePlanTemplate(ctx, w.city, tpl); shuangbai.ErrorCode(err) != shuangbai.ECONFLICT {
		t.Fatalf("dropping a line in use: %v", err)
	}
	tpl, _ = w.db.PlanTemplate(ctx, w.city.Scope(), w.tpl.ID)
	tpl.Lines[0].Least = 5
	tpl.Lines = append(tpl.Lines, shuangbai.TemplateLine{Measure: shuangbai.MeasureGroups, Label: "小组", Least: 3})
	if err := w.db.SavePlanTemplate(ctx, w.city, tpl); err != nil {
		t.Fatal(err)
	}
	again, _ := w.db.PlanTemplate(ctx, w.city.Scope(), w.tpl.ID)
	if len(again.Lines) != 4 || again.Lines[0].Least != 5 || again.Lines[0].ID != w.tpl.Lines[0].ID {
		t.Errorf("template after edit: %+v", again.Lines)
	}
}
