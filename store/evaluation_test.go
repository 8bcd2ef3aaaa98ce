package store_test

import (
	"testing"

	"shuangbai"
	"shuangbai/store"
)

// evalSet is a city set of four indicators, two computed from the records.
func evalSet() *shuangbai.IndicatorSet {
	return &shuangbai.IndicatorSet{Region: "4453", Name: "社工站监测评估指标（2021）", Indicators: []shuangbai.Indicator{
		{Name: "服务成效", Category: "服务成效", Weight: 40, Max: shuangbai.ScoreOf(4000)},
		{Name: "激活社群", Category: "激活社群", Weight: 20, Max: shuangbai.ScoreOf(2000)},
		{Name: "档案评估完整", Category: "文书档案", Weight: 20, Max: shuangbai.ScoreOf(1000), Computed: shuangbai.CompleteAssessed},
		{Name: "按期探访", Category: "文书档案", Weight: 20, Max: shuangbai.ScoreOf(1000), Computed: shuangbai.CompleteVisited},
	}}
}

func TestEvaluationRound(t *testing.T) {
	w := stationWorkFixture(t)
	ctx := t.Context()
	set := evalSet()
	if err := w.db.CreateIndicatorSet(ctx, w.yc, set); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("county defines a set: %v", err)
	}
	if err := w.db.CreateIndicatorSet(ctx, w.city, set); err != nil {
		t.Fatal(err)
	}
	// Two files in 河口街道 open on the round's day: one assessed and visited
	// in time, one neither; a file closed before the day does not count.
	b1 := &shuangbai.Beneficiary{Region: "445302003208", Name: "陈小明", IDNumber: idNumber("44530219900101123"), Level: 2, FoundOn: shuangbai.NewDate(2021, 3, 1)}
	b2 := &shuangbai.Beneficiary{Region: "445302003208", Name: "李阿婆", IDNumber: idNumber("44530219400301002"), Level: 2, FoundOn: shuangbai.NewDate(2021, 3, 1)}
	for _, b := range []*shuangbai.Beneficiary{b1, b2} {
		if err := w.db.CreateBeneficiary(ctx, shuangbai.SystemUser, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.db.SaveAssessment(ctx, shuangbai.SystemUser, fullAssessment(b1.ID, shuangbai.NewDate(2021, 4, 1), 3)); err != nil {
		t.Fatal(err)
	}
	if err := w.db.RecordVisit(ctx, shuangbai.SystemUser, &shuangbai.Visit{BeneficiaryID: b1.ID, On: shuangbai.NewDate(2021, 7, 5), Kind: shuangbai.VisitHome}); err != nil {
		t.Fatal(err)
	}
	if err := w.db.RecordVisit(ctx, shuangbai.SystemUser, &shuangbai.Visit{BeneficiaryID: b2.ID, On: shuangbai.NewDate(2021, 6, 1), Kind: shuangbai.VisitHome}); err != nil {
		t.Fatal(err)
	}
	r := &shuangbai.EvaluationRound{Region: "4453", SetID: set.ID, Title: "2021年“双百计划”监测评估", Evaluators: "省民政厅 谢军、游华元",
		HeldOn: shuangbai.NewDate(2021, 7, 7), Methods: "实地走访、查阅文书档案、听取汇报",
		Stations: []shuangbai.RoundStation{{StationID: w.ycStation.ID}, {StationID: w.ldStation.ID}}}
	if err := w.db.CreateEvaluationRound(ctx, w.yc, r); ui(err)["region"] == "" {
		t.Errorf("county records a city round: %v", err)
	}
	if err := w.db.CreateEvaluationRound(ctx, w.city, r); err != nil {
		t.Fatal(err)
	}
	ind := set.Indicators
	scores := []shuangbai.StationScore{{IndicatorID: ind[0].ID, Score: shuangbai.ScoreOf(3600), Evidence: "服务台账齐全"},
		{IndicatorID: ind[1].ID, Score: shuangbai.ScoreOf(1500)}, {IndicatorID: ind[2].ID, Score: shuangbai.ScoreOf(500)},
		{IndicatorID: ind[3].ID, Score: shuangbai.ScoreOf(500)}}
	// A score beyond its maximum is refused, and nothing is stored.
	over := append([]shuangbai.StationScore{}, scores...)
	over[1].Score = shuangbai.ScoreOf(2050)
	if err := w.db.SaveStationEvaluation(ctx, w.city, r.ID, w.ycStation.ID, "档案规范", over); ui(err)[shuangbai.ScoreField(ind[1].ID)] == "" {
		t.Fatalf("over the maximum: %v", err)
	}
	if err := w.db.SaveStationEvaluation(ctx, w.yc, r.ID, w.ycStation.ID, "x", scores); shuangbai.ErrorCode(err) != shuangbai.EFORBIDDEN {
		t.Errorf("county scores the city's round: %v", err)
	}
	if err := w.db.SaveStationEvaluation(ctx, w.city, r.ID, w.ycStation.ID, "档案规范，社群活动较少", scores); err != nil {
		t.Fatal(err)
	}
	if err := w.db.AddRectification(ctx, w.city, r.ID, w.ycStation.ID, &shuangbai.ActionItem{Title: "补齐服务对象需求评估", Owner: "河口街道社工站"}); ui(err)["due"] == "" {
		t.Errorf("rectification without a due day: %v", err)
	}
	if err := w.db.AddRectification(ctx, w.city, r.ID, w.ycStation.ID, &shuangbai.ActionItem{Title: "补齐服务对象需求评估", Owner: "河口街道社工站", Due: shuangbai.NewDate(2021, 8, 31)}); err != nil {
		t.Fatal(err)
	}
	// The county sees its station only, with the figures of its records.
	got, gotSet, err := w.db.EvaluationRound(ctx, w.yc.Scope(), r.ID)
	if err != nil || len(got.Stations) != 1 || len(gotSet.Indicators) != 4 {
		t.Fatalf("county reads the round: %+v %v", got, err)
	}
	st := got.Stations[0]
	if st.Findings != "档案规范，社群活动较少" || len(st.Scores) != 4 || len(st.Items) != 1 {
		t.Errorf("station = %+v", st)
	}
	if st.Figures.Open != 2 || st.Figures.Assessed != 1 || st.Figures.Visited != 1 {
		t.Errorf("figures = %+v, want 2 open, 1 assessed, 1 visited in time", st.Figures)
	}
	if total, complete := gotSet.Total(st.Scores); !complete || total.String() != "71" {
		t.Errorf("total = %v %v, want 71 (36+15+10+10 weighted)", total, complete)
	}
	// On a day before any file, nothing to count.
	if f, err := w.db.Completeness(ctx, w.yc.Scope(), "445302003", shuangbai.NewDate(2021, 1, 1)); err != nil || f.Open != 0 {
		t.Errorf("completeness before the files: %+v %v", f, err)
	}
	if _, err := w.db.Completeness(ctx, w.yc.Scope(), "445381004", shuangbai.NewDate(2021, 7, 7)); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("completeness of another county: %v", err)
	}
	// Listed for both counties; a third county in the tree would not see it.
	for _, u := range []*shuangbai.User{w.yc, w.ld, w.city} {
		if l, n, err := w.db.EvaluationRounds(ctx, u.Scope(), store.RoundFilter{Year: 2021}); err != nil || n != 1 || len(l[0].Stations) == 0 {
			t.Errorf("%s: rounds = %+v %d %v", u.Username, l, n, err)
		}
	}
	if _, n, _ := w.db.EvaluationRounds(ctx, shuangbai.Scope{Code: "445302102"}, store.RoundFilter{}); n != 0 {
		t.Errorf("a town without an evaluated station sees the round")
	}
	// The 罗定 county closes nothing of 云城区's; 云城区 closes its 整改.
	items, _, _ := w.db.ActionItems(ctx, w.city.Scope(), store.ItemFilter{Kind: shuangbai.ItemRectification})
	if len(items) != 1 {
		t.Fatalf("rectifications = %+v", items)
	}
	if _, err := w.db.CloseActionItem(ctx, w.ld, items[0].ID, shuangbai.NewDate(2021, 8, 1), "x"); shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
		t.Errorf("other county closes: %v", err)
	}
	if _, err := w.db.CloseActionItem(ctx, w.yc, items[0].ID, shuangbai.NewDate(2021, 8, 1), "已补齐 60 份需求评估"); err != nil {
		t.Fatal(err)
	}
}

func TestIndicatorSetRefused(t *testing.T) {
	w := stationWorkFixture(t)
	for _, tt := range []struct {
		name  string
		edit  func(s *shuangbai.IndicatorSet)
		field string
	}{
		{"weights not 100", func(s *shuangbai.IndicatorSet) { s.Indicators[0].Weight = 30 }, "indicators"},
		{"no maximum", func(s *shuangbai.IndicatorSet) { s.Indicators[1].Max = shuangbai.Score{} }, "ind2_max"},
		{"a repeated name", func(s *shuangbai.IndicatorSet) { s.Indicators[1].Name = "服务成效" }, "ind2_name"},
		{"no indicators", func(s *shuangbai.IndicatorSet) { s.Indicators = nil }, "indicators"},
		{"a county's", func(s *shuangbai.IndicatorSet) { s.Region = "445302" }, "region"},
		{"bad computed", func(s *shuangbai.IndicatorSet) { s.Indicators[2].Computed = "x" }, "ind3_computed"},
	} {
		s := evalSet()
		tt.edit(s)
		if err := w.db.CreateIndicatorSet(t.Context(), w.city, s); ui(err)[tt.field] == "" {
			t.Errorf("%s: %v, want a message on %s", tt.name, err, tt.field)
		}
	}
	if l, err := w.db.IndicatorSets(t.Context(), w.yc.Scope()); err != nil || len(l) != 0 {
		t.Errorf("sets after refusals: %v %v", l, err)
	}
}
