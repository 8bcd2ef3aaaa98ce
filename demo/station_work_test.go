package demo_test

import (
	"testing"

	"shuangbai"
	"shuangbai/demo"
	"shuangbai/store"
)

// TestStationWorkSeed: the chief supervisor's visit of 2021-08-01 and the
// province's evaluation of 2021-07-07 as the seed tells them.
func TestStationWorkSeed(t *testing.T) {
	db := loaded(t)
	ctx := t.Context()
	visits, n, err := db.SupervisionVisits(ctx, shuangbai.Scope{Code: "445322"}, store.VisitFilter{})
	if err != nil || n != 2 {
		t.Fatalf("郁南县's visits = %d %v", n, err)
	}
	got := map[string]shuangbai.SupervisionVisit{}
	for _, v := range visits {
		got[v.StationName] = v
	}
	d := got["都城镇社工站"]
	if d.SupervisorName != "张和清" || d.PointName == "" || d.FormText() != "实地走访、座谈" || d.VisitedOn != demo.ChiefVisitDay || d.OpenItems != 2 {
		t.Errorf("都城镇 visit = %+v", d)
	}
	if _, n, _ := db.SupervisionVisits(ctx, shuangbai.Scope{Code: "445322100209"}, store.VisitFilter{}); n != 1 {
		t.Errorf("visits at 夏袭 = %d, want 1", n)
	}
	rounds, n, err := db.EvaluationRounds(ctx, shuangbai.Scope{Code: "4453"}, store.RoundFilter{Year: 2021})
	if err != nil || n != 1 || len(rounds[0].Stations) != 2 || rounds[0].HeldOn != demo.EvaluationDay {
		t.Fatalf("rounds = %+v %d %v", rounds, n, err)
	}
	r, set, err := db.EvaluationRound(ctx, shuangbai.Scope{Code: "445303"}, rounds[0].ID)
	if err != nil || len(r.Stations) != 1 || r.Stations[0].StationName != "富林镇社工站" {
		t.Fatalf("云安区's view = %+v %v", r, err)
	}
	if total, complete := set.Total(r.Stations[0].Scores); !complete || total.String() != "84" || len(r.Stations[0].Items) != 1 || !r.Stations[0].Items[0].Done() {
		t.Errorf("富林镇 = %v %v %+v", total, complete, r.Stations[0].Items)
	}
	over, n, _ := db.ActionItems(ctx, shuangbai.Scope{Code: "4453"}, store.ItemFilter{OverdueOn: shuangbai.NewDate(2021, 10, 1)})
	if n != 3 {
		t.Errorf("overdue on 2021-10-01 = %d %+v, want 3 (车岗镇's 整改, two of 都城镇's items)", n, over)
	}
}
