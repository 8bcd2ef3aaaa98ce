package demo

import (
	"context"
	"fmt"

	"shuangbai"
	"shuangbai/store"
)

// The city's "53111" template and the 都城镇 station's plan for 2021. The
// seed has the chief supervisor ask the station, on 1 August 2021, to make
// its "53111" plan: goals from the community's problems, strategies from
// its assets, measured as "目标—计划—过程", and to write up station cases
// from their study of 《双百概论》. The programme's 53111 is read here as a
// station's yearly floor of 5 cases, 3 groups, 1 community activity, 1
// community study and 1 volunteer team; a city sets its own in 计划模板.

// Template53111 is the demo city's template.
var Template53111 = shuangbai.PlanTemplate{Region: "4453", Name: "53111",
	Note: "每个社工站每年至少：5 个个案、3 个小组、1 场社区活动、1 份社区调研报告、1 支志愿者队伍（或社区社会组织）。",
	Lines: []shuangbai.TemplateLine{
		{Measure: shuangbai.MeasureCases, Label: "个案", Least: 5},
		{Measure: shuangbai.MeasureGroups, Label: "小组", Least: 3},
		{Measure: shuangbai.MeasureActivities, Label: "社区活动", Least: 1},
		{Measure: shuangbai.MeasureEntered, Label: "社区调研报告", Least: 1},
		{Measure: shuangbai.MeasureEntered, Label: "志愿者队伍", Least: 1},
	}}

// DouchengTown is the town of the station whose plan the demo holds.
const DouchengTown = "445322100"

func loadPlans(ctx context.Context, db *store.DB) error {
	sys := shuangbai.SystemUser
	tpl := Template53111
	tpl.Lines = append([]shuangbai.TemplateLine(nil), Template53111.Lines...)
	if err := db.SavePlanTemplate(ctx, sys, &tpl); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	ss, _, err := db.Stations(ctx, shuangbai.Scope{Code: DouchengTown}, shuangbai.SiteFilter{Limit: 1})
	if err != nil || len(ss) == 0 {
		return fmt.Errorf("no station at 都城镇: %v", err)
	}
	p := &shuangbai.Plan{StationID: ss[0].ID, Year: 2021,
		Summary: "都城镇是郁南县城所在地，辖 20 多个村（社区），外出务工人员多，留守老人、独居老人和留守儿童较多；夏袭服务点所在的夏袭村位于镇郊，村民居住分散。",
		Goals: []shuangbai.PlanGoal{
			{Problem: "留守、独居老人多，日常照料和精神慰藉不足，有困难不知道找谁",
				Goal:     "以村为单位建立邻里互助网络，困难老人每月至少有人上门一次",
				Strategy: "发动退休教师、妇女骨干结对探访；借用村文化室开展长者小组；链接镇慈善会解决急难"},
			{Problem: "站点社工对《双百概论》实务内容掌握不一，个案记录不够规范",
				Goal:     "站内共学《双百概论》，书写出站点案例，带动全市社工站共学",
				Strategy: "每月一次共学会，请总督导指导；个案记录每月互查；核心示范站先行"},
		},
		Assets: []shuangbai.PlanAsset{
			{Kind: shuangbai.AssetPeople, Name: "夏袭村退休教师 6 人", Note: "愿意结对探访独居老人"},
			{Kind: shuangbai.AssetGroups, Name: "夏袭村妇女舞蹈队", Note: "可协助组织长者活动"},
			{Kind: shuangbai.AssetPlaces, Name: "夏袭村文化室", Note: "小组活动场地"},
			{Kind: shuangbai.AssetOrgs, Name: "都城镇卫生院", Note: "义诊、健康讲座"},
			{Kind: shuangbai.AssetFunds, Name: "都城镇慈善会", Note: "困难老人应急救助"},
		},
	}
	p.FromTemplate(&tpl)
	targets := map[string]int{"个案": 20, "小组": 6, "社区活动": 4, "社区调研报告": 1, "志愿者队伍": 1}
	for i := range p.Targets {
		t := &p.Targets[i]
		t.Target = targets[t.Label]
		switch t.Label {
		case "个案", "小组":
			t.Goal = 1
		case "社区调研报告":
			t.Entered = 1 // written in the first half of the year
			t.Due = shuangbai.NewDate(2021, 6, 30)
		}
	}
	p.Targets = append(p.Targets,
		shuangbai.PlanTarget{Goal: 1, Measure: shuangbai.MeasureVisits, Label: "入户探访", Target: 300, Due: shuangbai.NewDate(2021, 12, 31)},
		shuangbai.PlanTarget{Goal: 2, Measure: shuangbai.MeasureEntered, Label: "站点案例", Target: 2, Due: shuangbai.NewDate(2021, 12, 31)},
		shuangbai.PlanTarget{Goal: 2, Measure: shuangbai.MeasureEntered, Label: "共学会", Target: 12, Entered: 7, Due: shuangbai.NewDate(2021, 12, 31)})
	if err := db.SavePlan(ctx, sys, p); err != nil {
		return fmt.Errorf("都城镇 plan: %w", err)
	}
	return nil
}
