package demo

import (
	"context"
	"fmt"

	"shuangbai"
	"shuangbai/store"
)

// Station work from the seed briefing: the province's monitoring and
// evaluation visits to the 富林镇 (云安区) and 车岗镇 (新兴县) stations on
// 2021-07-07, scored on the city's indicator set, with a rectification
// item each; and the chief supervisor 张和清's visit to the 都城镇 station
// and its 夏袭 point on 2021-08-01 (a field visit and a meeting), with the
// advice the briefing reports and its action items, then the 平台镇
// station the same day.

// EvaluationDay and ChiefVisitDay are the seed's days.
var (
	EvaluationDay = shuangbai.NewDate(2021, 7, 7)
	ChiefVisitDay = shuangbai.NewDate(2021, 8, 1)
)

func loadStationWork(ctx context.Context, db *store.DB) error {
	sys := shuangbai.SystemUser
	all := shuangbai.Scope{All: true}
	set := &shuangbai.IndicatorSet{Region: "4453", Name: "云浮市“双百”社工站监测评估指标（2021）", Indicators: []shuangbai.Indicator{
		{Name: "服务成效", Category: "服务成效", Weight: 30, Max: shuangbai.ScoreOf(3000)},
		{Name: "激活社群", Category: "激活社群", Weight: 20, Max: shuangbai.ScoreOf(2000)},
		{Name: "个案档案需求评估", Category: "文书档案", Weight: 15, Max: shuangbai.ScoreOf(1500), Computed: shuangbai.CompleteAssessed},
		{Name: "个案按期探访", Category: "文书档案", Weight: 15, Max: shuangbai.ScoreOf(1500), Computed: shuangbai.CompleteVisited},
		{Name: "工作汇报", Category: "汇报", Weight: 20, Max: shuangbai.ScoreOf(2000)},
	}}
	if err := db.CreateIndicatorSet(ctx, sys, set); err != nil {
		return fmt.Errorf("indicator set: %w", err)
	}
	fulin, err := db.StationByRegion(ctx, all, "445303104")
	if err != nil {
		return err
	}
	chegang, err := db.StationByRegion(ctx, all, "445321101")
	if err != nil {
		return err
	}
	r := &shuangbai.EvaluationRound{Region: "4453", SetID: set.ID, Title: "广东社工“双百计划”项目监测评估（云安区、新兴县）",
		Evaluators: "省民政厅慈善事业促进和社会工作处二级调研员谢军、监测评估专家游华元", HeldOn: EvaluationDay,
		Methods: "实地走访、查阅服务资料及文书档案、听取汇报、座谈",
		Findings: "充分肯定我市社工站及县、镇近年来开展“双百计划”的工作成效。今年起“双百计划”升级为“双百工程”，市、县、镇各部门要做好沟通协调，切实保障社工的福利待遇。\n" +
			"要积极总结四年来云浮“双百计划”的好经验、好做法：坚持政治站位，坚定初心使命，坚守岗位职责，坚决提升能力。",
		Stations: []shuangbai.RoundStation{{StationID: fulin.ID}, {StationID: chegang.ID}}}
	if err := db.CreateEvaluationRound(ctx, sys, r); err != nil {
		return fmt.Errorf("evaluation round: %w", err)
	}
	ind := set.Indicators
	for _, x := range []struct {
		station  int64
		findings string
		scores   [5]int
		evidence string
		item     string
		done     string
	}{
		{fulin.ID, "服务成效明显，驻村服务扎实；社群活动多由社工组织，居民骨干参与不足。", [5]int{2600, 1500, 1300, 1200, 1800},
			"查阅服务台账、个案档案 12 份", "培育村（居）民骨干，推动社区互助小组自主开展活动", "已培育骨干 6 人，成立长者互助小组 1 个"},
		{chegang.ID, "个案救助及时，档案记录较规范；社区资产盘点尚未形成文字。", [5]int{2500, 1300, 1200, 1100, 1700},
			"查阅个案档案 10 份，听取站长汇报", "完成社区资产盘点，形成服务对象分布图", ""},
	} {
		scores := make([]shuangbai.StationScore, len(ind))
		for i := range ind {
			scores[i] = shuangbai.StationScore{IndicatorID: ind[i].ID, Score: shuangbai.ScoreOf(x.scores[i])}
		}
		scores[0].Evidence = x.evidence
		if err := db.SaveStationEvaluation(ctx, sys, r.ID, x.station, x.findings, scores); err != nil {
			return fmt.Errorf("scores: %w", err)
		}
		a := &shuangbai.ActionItem{Title: x.item, Owner: "站长", Due: shuangbai.NewDate(2021, 9, 30)}
		if err := db.AddRectification(ctx, sys, r.ID, x.station, a); err != nil {
			return fmt.Errorf("rectification: %w", err)
		}
		if x.done != "" {
			if _, err := db.CloseActionItem(ctx, sys, a.ID, shuangbai.NewDate(2021, 9, 20), x.done); err != nil {
				return err
			}
		}
	}
	return loadChiefVisit(ctx, db)
}

// loadChiefVisit records 张和清's visits of 2021-08-01.
func loadChiefVisit(ctx context.Context, db *store.DB) error {
	sys := shuangbai.SystemUser
	all := shuangbai.Scope{All: true}
	_, chiefs, err := db.Supervisors(ctx, shuangbai.Scope{Code: "445322100"}, ChiefVisitDay)
	if err != nil {
		return err
	}
	var chief int64
	for _, c := range chiefs {
		if c.Name == "张和清" {
			chief = c.PersonID
		}
	}
	if chief == 0 {
		return fmt.Errorf("chief supervisor not found")
	}
	ducheng, err := db.StationByRegion(ctx, all, "445322100")
	if err != nil {
		return err
	}
	pingtai, err := db.StationByRegion(ctx, all, "445322101")
	if err != nil {
		return err
	}
	points, _, err := db.Points(ctx, shuangbai.Scope{Code: "445322100209"}, store.PointFilter{})
	if err != nil || len(points) != 1 {
		return fmt.Errorf("夏袭服务点: %v", err)
	}
	v := &shuangbai.SupervisionVisit{StationID: ducheng.ID, PointID: points[0].ID, SupervisorID: chief, VisitedOn: ChiefVisitDay,
		Forms: []shuangbai.SupervisionForm{shuangbai.FormField, shuangbai.FormMeeting},
		Topics: "了解站点从“双百计划”到“双百工程”中的困难与工作计划；副站长叶绮鸿汇报站点工作开展情况、站点和服务点的建设情况。\n" +
			"交流从“计划”到“工程”中社工的感受与想法，解答社工的疑问。",
		Advice: "一是夯实专业能力，保持专业优势：继续驻扎村居，精准识别，精细服务，对个案救助对象定期访问、动态更新个案记录。\n" +
			"二是发挥模范带头作用，团结一切可团结的力量。\n" +
			"三是制定站点“53111”计划：从社区问题定目标，盘点社区资产作策略，在“目标-计划-过程”中监测落实服务。\n" +
			"建议共学《双百概论》实务内容，制定专门的学习计划，书写站点案例，发挥核心示范站点的示范和先行作用。",
		Items: []shuangbai.ActionItem{
			{Title: "共学《双百概论》实务内容，制定专门的学习计划", Owner: "叶绮鸿", Due: shuangbai.NewDate(2021, 8, 31)},
			{Title: "制定站点“53111”计划", Owner: "都城镇社工站", Due: shuangbai.NewDate(2021, 9, 30)},
			{Title: "对个案救助对象定期访问、动态更新个案记录", Owner: "都城镇社工站", Due: shuangbai.NewDate(2021, 8, 15)},
		}}
	if err := db.CreateSupervisionVisit(ctx, sys, v); err != nil {
		return fmt.Errorf("chief's visit: %w", err)
	}
	if _, err := db.CloseActionItem(ctx, sys, v.Items[0].ID, shuangbai.NewDate(2021, 8, 20), "已制定每周三下午共学计划，首批书写站点案例 2 篇"); err != nil {
		return err
	}
	p := &shuangbai.SupervisionVisit{StationID: pingtai.ID, SupervisorID: chief, VisitedOn: ChiefVisitDay,
		Forms:  []shuangbai.SupervisionForm{shuangbai.FormField},
		Topics: "随同双百社工实地走访平台镇社工站，交流从“计划”到“工程”中社工的感受与想法。",
		Advice: "扎根社区，做好个案救助与社区共治，提升专业性与主体性。"}
	if err := db.CreateSupervisionVisit(ctx, sys, p); err != nil {
		return fmt.Errorf("chief's visit to 平台镇: %w", err)
	}
	return nil
}
