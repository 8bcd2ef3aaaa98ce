package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	"shuangbai"
	"shuangbai/store"
)

// Station work over the generated network: for each station a supervisor
// of its county covering it, about four visits a year with one to three
// action items (most done, some late); for each city an indicator set and
// one evaluation round a year over all its stations, scored, with a
// rectification item for one station in five.

// SupervisionPreset sizes the station work generated.
type SupervisionPreset struct {
	Years          int
	VisitsPerYear  int
	EvalEveryYears int
}

// StationWork is the preset of the issue: 5 years of visits and rounds.
var StationWork = SupervisionPreset{Years: 5, VisitsPerYear: 4, EvalEveryYears: 1}

// LoadSupervision generates supervisors, visits, indicator sets and rounds
// on a network Load made.
func LoadSupervision(ctx context.Context, db *store.DB, p SupervisionPreset) error {
	rnd := rand.New(rand.NewPCG(46, uint64(p.Years)))
	stations, err := db.StationRefs(ctx, shuangbai.Scope{Code: ProvinceCode})
	if err != nil {
		return err
	}
	start := AsOf.AddDays(-365 * p.Years)
	forms := []string{"field,meeting", "field", "case", "group", "online", "meeting,case"}
	err = db.BulkLoad(ctx, func(b *store.Bulk) error {
		now := AsOf.Time()
		// One supervisor per county, covering its stations.
		sup := map[string]int64{}
		var cover [][]any
		for _, s := range stations {
			county := s.Region[:6]
			id, ok := sup[county]
			if !ok {
				p := &shuangbai.Person{Region: county, Name: county + "督导", Gender: "女", Role: shuangbai.StaffSupervisor}
				if err := b.Person(ctx, p); err != nil {
					return err
				}
				id, sup[county] = p.ID, p.ID
			}
			cover = append(cover, []any{id, s.ID, s.Region, start, nil})
		}
		if err := b.Insert(ctx, "supervisor_stations", []string{"person_id", "station_id", "region", "date_from", "date_to"}, cover); err != nil {
			return err
		}
		var items [][]any
		itemCols := []string{"kind", "visit_id", "round_id", "station_id", "region", "title", "owner", "due", "from_on", "done_on", "done_note", "created_at"}
		item := func(kind string, visit, round any, s store.StationRef, from shuangbai.Date) {
			due := from.AddDays(30 + rnd.IntN(60))
			var done any
			note := ""
			if due.Before(AsOf) && rnd.IntN(10) > 0 {
				done, note = from.AddDays(10+rnd.IntN(50)), "已完成"
			}
			items = append(items, []any{kind, visit, round, s.ID, s.Region, "整改或待办事项", "站长", due, from, done, note, now})
		}
		for _, s := range stations {
			for k := 0; k < p.Years*p.VisitsPerYear; k++ {
				on := start.AddDays(k*365/p.VisitsPerYear + rnd.IntN(60))
				if on.After(AsOf) {
					on = AsOf
				}
				id, err := b.ID(ctx, `INSERT INTO supervision_visits (station_id, region, supervisor_id, visited_on, forms, topics, advice, recorded_by, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, s.ID, s.Region, sup[s.Region[:6]], on, forms[rnd.IntN(len(forms))],
					"了解站点工作开展情况", "夯实专业能力，定期访问个案", "gen", now, now)
				if err != nil {
					return err
				}
				for range 1 + rnd.IntN(3) {
					item("supervision", id, nil, s, on)
				}
			}
		}
		// Rounds: per city, one a year, on its own set.
		byCity := map[string][]store.StationRef{}
		for _, s := range stations {
			byCity[s.Region[:4]] = append(byCity[s.Region[:4]], s)
		}
		for ci := 0; ; ci++ {
			city := CityCode(ci)
			ss, ok := byCity[city]
			if !ok {
				break
			}
			set, err := b.ID(ctx, "INSERT INTO indicator_sets (region, name, created_at) VALUES (?, ?, ?) RETURNING id", city, city+"监测评估指标", now)
			if err != nil {
				return err
			}
			var inds []int64
			for i, x := range []struct {
				name     string
				weight   int
				computed string
			}{{"服务成效", 30, ""}, {"激活社群", 20, ""}, {"需求评估", 15, "assessed"}, {"按期探访", 15, "visited"}, {"工作汇报", 20, ""}} {
				id, err := b.ID(ctx, "INSERT INTO indicators (set_id, seq, name, category, weight, max_score, computed) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
					set, i+1, x.name, x.name, x.weight, x.weight*100, x.computed)
				if err != nil {
					return err
				}
				inds = append(inds, id)
			}
			for y := 0; y < p.Years; y += max(1, p.EvalEveryYears) {
				held := start.AddDays(y*365 + 180)
				round, err := b.ID(ctx, `INSERT INTO evaluation_rounds (region, set_id, title, evaluators, held_on, methods, findings, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, city, set, fmt.Sprintf("%d年监测评估", held.Time().Year()), "省民政厅评估组", held,
					"实地走访、查阅文书档案", "总体良好", now, now)
				if err != nil {
					return err
				}
				var rs, scores [][]any
				for _, s := range ss {
					rs = append(rs, []any{round, s.ID, s.Region, "服务规范"})
					for i, ind := range inds {
						w := []int{30, 20, 15, 15, 20}[i]
						scores = append(scores, []any{round, s.ID, ind, w*100 - rnd.IntN(w*40), "查阅台账"})
					}
					if rnd.IntN(5) == 0 {
						item("rectification", nil, round, s, held)
					}
				}
				if err := b.Insert(ctx, "evaluation_stations", []string{"round_id", "station_id", "region", "findings"}, rs); err != nil {
					return err
				}
				if err := b.Insert(ctx, "evaluation_scores", []string{"round_id", "station_id", "indicator_id", "score", "evidence"}, scores); err != nil {
					return err
				}
			}
		}
		return b.Insert(ctx, "action_items", itemCols, items)
	})
	if err != nil {
		return err
	}
	return db.Analyze(ctx)
}
