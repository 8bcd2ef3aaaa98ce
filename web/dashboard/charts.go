package dashboard

import (
	"fmt"
	"net/url"

	"shuangbai"
)

// chart is one figure of a dashboard: drawn by dashboard.js with ECharts,
// printed as the table beside it (for screen readers and for the page on
// paper), written as one sheet of the Excel download. Each value may link
// to the list behind it.
type chart struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Kind       string   `json:"kind"` // bar, hbar (horizontal), stack, line
	Head       string   `json:"head"` // the header of the category column
	Unit       string   `json:"unit"`
	Categories []string `json:"categories"`
	Series     []series `json:"series"`
}

type series struct {
	Name   string   `json:"name"`
	Values []int    `json:"values"`
	Links  []string `json:"links,omitempty"`
}

// Empty reports whether every value is zero: the page then says so
// instead of drawing empty axes.
func (c chart) Empty() bool {
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v != 0 {
				return false
			}
		}
	}
	return true
}

// Cell is the value of series s at category i, with its link, for the table.
func (c chart) Cell(s series, i int) cell {
	x := cell{N: s.Values[i]}
	if i < len(s.Links) {
		x.Link = s.Links[i]
	}
	return x
}

type cell struct {
	N    int
	Link string
}

// link builds a drill-down address.
func link(path string, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// childLabel names the level of a dashboard's rows.
func childLabel(region string) string {
	return (shuangbai.LevelOf(region) + 1).String()
}

// charts builds the figures of d in page order.
func charts(d *shuangbai.Dashboard) []chart {
	r, p := d.Region.Code, d.Period
	from, to := p.From.String(), p.To.String()
	villages := shuangbai.LevelOf(r) == shuangbai.LevelTown
	var out []chart

	cov := chart{ID: "coverage", Title: "社工站（点）建设", Kind: "bar", Head: childLabel(r), Unit: "个"}
	stReq := series{Name: "应建社工站"}
	stBuilt := series{Name: "已建社工站"}
	ptReq := series{Name: "应建社工点"}
	ptBuilt := series{Name: "已建社工点"}
	staff := chart{ID: "staff", Title: "人员配备", Kind: "stack", Head: childLabel(r), Unit: "人"}
	stStaff := series{Name: "社工站人员"}
	ptStaff := series{Name: "社工点人员"}
	for _, row := range d.Rows {
		cov.Categories = append(cov.Categories, row.Name)
		staff.Categories = append(staff.Categories, row.Name)
		stReq.Values = append(stReq.Values, row.Stations.Required)
		stReq.Links = append(stReq.Links, "/regions/"+row.Code)
		stBuilt.Values = append(stBuilt.Values, row.Stations.Built)
		stBuilt.Links = append(stBuilt.Links, link("/stations", "region", row.Code, "status", "built"))
		ptReq.Values = append(ptReq.Values, row.Points.Required)
		ptReq.Links = append(ptReq.Links, link("/points", "region", row.Code))
		ptBuilt.Values = append(ptBuilt.Values, row.Points.Built)
		ptBuilt.Links = append(ptBuilt.Links, link("/points", "region", row.Code, "status", "built"))
		stStaff.Values = append(stStaff.Values, row.Stations.Staff)
		stStaff.Links = append(stStaff.Links, link("/staff", "region", row.Code))
		ptStaff.Values = append(ptStaff.Values, row.Points.Staff)
		ptStaff.Links = append(ptStaff.Links, link("/staff", "region", row.Code))
	}
	// Villages need no station: their rows count points only.
	if villages {
		cov.Series = []series{ptReq, ptBuilt}
		staff.Series = []series{ptStaff}
	} else {
		cov.Series = []series{stReq, stBuilt, ptReq, ptBuilt}
		staff.Series = []series{stStaff, ptStaff}
	}
	out = append(out, cov, staff)

	if c := d.Cases; c != nil {
		g := chart{ID: "groups", Title: "在案服务对象类别", Kind: "hbar", Head: "类别", Unit: "人"}
		gs := series{Name: "在案人数"}
		for _, x := range shuangbai.Groups {
			if n := c.ByGroup[x.Group]; n > 0 {
				g.Categories = append(g.Categories, x.Name)
				gs.Values = append(gs.Values, n)
				gs.Links = append(gs.Links, link("/beneficiaries", "region", r, "group", string(x.Group)))
			}
		}
		g.Series = []series{gs}

		lv := chart{ID: "levels", Title: "在案个案跟进级别", Kind: "bar", Head: "跟进级别", Unit: "人"}
		ls := series{Name: "在案人数"}
		for l := shuangbai.Level4(1); l <= 4; l++ {
			lv.Categories = append(lv.Categories, l.Label())
			ls.Values = append(ls.Values, c.ByLevel[l])
			ls.Links = append(ls.Links, link("/beneficiaries", "region", r, "level", fmt.Sprint(int(l))))
		}
		lv.Series = []series{ls}

		wk := chart{ID: "visits", Title: "每周探访次数", Kind: "line", Head: "周（周一）", Unit: "次"}
		now, last := series{Name: "本期"}, series{Name: "上年同期"}
		for _, w := range c.Weeks {
			end := w.Week.AddDays(6)
			if end.After(p.To) {
				end = p.To
			}
			start := w.Week
			if start.Before(p.From) {
				start = p.From
			}
			wk.Categories = append(wk.Categories, w.Week.String())
			now.Values = append(now.Values, w.N)
			now.Links = append(now.Links, link("/reports/outcomes", "region", r, "from", start.String(), "to", end.String()))
			last.Values = append(last.Values, w.Last)
		}
		wk.Series = []series{now, last}

		es := chart{ID: "escalations", Title: "逾期未探访与逐级督办", Kind: "bar", Head: "已告知", Unit: "人"}
		ev := series{Name: "人数"}
		for t := shuangbai.TierWorker; t <= shuangbai.TierCounty; t++ {
			es.Categories = append(es.Categories, t.Label())
			ev.Values = append(ev.Values, c.Escalated[t])
			ev.Links = append(ev.Links, link("/worklist", "region", r))
		}
		es.Series = []series{ev}

		ap := chart{ID: "applications", Title: "代办申请（按事项和结果）", Kind: "stack", Head: "事项", Unit: "件"}
		statuses := []shuangbai.AppStatus{shuangbai.AppPreparing, shuangbai.AppSubmitted, shuangbai.AppApproved, shuangbai.AppRejected}
		byKind := map[shuangbai.AppKind]map[shuangbai.AppStatus]int{}
		lastKind := map[shuangbai.AppKind]int{}
		for _, a := range c.Apps {
			if byKind[a.Kind] == nil {
				byKind[a.Kind] = map[shuangbai.AppStatus]int{}
			}
			byKind[a.Kind][a.Status] += a.N
		}
		for _, a := range c.AppsLast {
			lastKind[a.Kind] += a.N
		}
		sts := make([]series, len(statuses))
		for i, s := range statuses {
			sts[i].Name = s.Label()
		}
		prev := series{Name: "上年同期合计"}
		for _, k := range shuangbai.AppKinds {
			if byKind[k.Kind] == nil && lastKind[k.Kind] == 0 {
				continue
			}
			ap.Categories = append(ap.Categories, k.Kind.Label())
			for i, s := range statuses {
				sts[i].Values = append(sts[i].Values, byKind[k.Kind][s])
				sts[i].Links = append(sts[i].Links, link("/reports/outcomes", "region", r, "from", from, "to", to))
			}
			prev.Values = append(prev.Values, lastKind[k.Kind])
		}
		ap.Series = append(sts, prev)
		out = append(out, g, lv, wk, es, ap)
	}

	tr := chart{ID: "trainings", Title: "社工业务培训", Kind: "bar", Head: "培训类别", Unit: "次"}
	tn, tl := series{Name: "本期"}, series{Name: "上年同期"}
	for _, k := range []shuangbai.TrainingKind{shuangbai.TrainingPreService, shuangbai.TrainingProfessional, shuangbai.TrainingOther} {
		tr.Categories = append(tr.Categories, k.Label())
		tn.Values = append(tn.Values, d.Trainings[k])
		tn.Links = append(tn.Links, link("/trainings", "region", r, "kind", string(k)))
		tl.Values = append(tl.Values, d.TrainingsLast[k])
	}
	tr.Series = []series{tn, tl}
	out = append(out, tr)

	if a := d.Activities; a != nil {
		ac := chart{ID: "activities", Title: "社区活动（按类别）", Kind: "bar", Head: "活动类别", Unit: "场"}
		an, al := series{Name: "本期"}, series{Name: "上年同期"}
		for _, k := range shuangbai.ActivityKinds {
			ac.Categories = append(ac.Categories, k.Label())
			an.Values = append(an.Values, a.ByKind[k])
			an.Links = append(an.Links, link("/activities", "region", r, "kind", string(k), "from", from, "to", to))
			al.Values = append(al.Values, a.ByKindLast[k])
		}
		ac.Series = []series{an, al}
		out = append(out, ac)
	}
	return out
}
