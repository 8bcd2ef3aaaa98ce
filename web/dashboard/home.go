package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// page is the data of dashboard.html.
type page struct {
	Query    query
	Presets  []preset
	Error    string            // a period or region that cannot be drawn
	Fields   map[string]string // field errors of the period form
	D        *shuangbai.Dashboard
	Title    string // the region's name, or its station's for a town
	Crumbs   []ui.RegionOption
	Children []ui.RegionOption
	Figures  []figure
	Charts   []chart
	JSON     template.JS // the charts for dashboard.js

	// What the construction page showed and the dashboard keeps.
	Tally        store.SiteTally // built and planned now, for the cards
	Staff        int             // people on the roster
	Unbuilt      []ui.RegionOption
	Alerts       int
	DemoDay      shuangbai.Date
	Requirements bool // the required numbers' page is a county's or above
}

// Villages reports whether the rows are villages, which need no station.
func (p page) Villages() bool {
	return p.D != nil && shuangbai.LevelOf(p.D.Region.Code) == shuangbai.LevelTown
}

// RowLevel names the level of the rows.
func (p page) RowLevel() string { return childLabel(p.Query.Region) }

// countsView is one cell group of the construction table: a region's
// counts of one kind of site, linked to their lists when code is set.
type countsView struct {
	Code, Kind string
	shuangbai.SiteCounts
}

// Counts makes a countsView for the template.
func (p page) Counts(code, kind string, c shuangbai.SiteCounts) countsView {
	return countsView{code, kind, c}
}

// Switch returns the dashboard's address for another region, same period.
func (p page) Switch(code string) string {
	v := p.Query.Values()
	v.Set("region", code)
	return "/?" + v.Encode()
}

// XLSX returns the Excel download's address, for one chart or ("") all.
func (p page) XLSX(chartID string) string {
	v := p.Query.Values()
	if chartID != "" {
		v.Set("chart", chartID)
	}
	return "/dashboard.xlsx?" + v.Encode()
}

// Home is the home page: the worklist for those whose day is visits, the
// dashboard of the region asked for (the user's own by default) for the
// others.
func (h *Handlers) Home(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if u.HomeIsWorklist() {
		http.Redirect(w, r, "/worklist", http.StatusSeeOther)
		return nil
	}
	today := h.ui.Today()
	p := page{Presets: presets(today)}
	q, err := readQuery(r.URL.Query(), u, today)
	p.Query = q
	if err == nil {
		p.D, err = h.db.Dashboard(r.Context(), ui.Scope(r), q.Region, q.Period, u.CanReadCases())
	}
	if err != nil {
		// A period that cannot be drawn is said beside the form; a region
		// outside the scope is a 404 like any other.
		if shuangbai.ErrorCode(err) != shuangbai.EINVALID {
			return err
		}
		p.Error, p.Fields = shuangbai.ErrorMessage(err), ui.FieldErrors(err)
		if len(p.Fields) > 0 {
			p.Error = "日期格式应为 年-月-日，例如 2021-08-09"
		}
		return h.ui.Render(w, r, ui.Status(err), "dashboard.html", p)
	}
	if err := h.fill(r.Context(), r, &p); err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "dashboard.html", p)
}

// fill adds to p what the page shows beside the figures.
func (h *Handlers) fill(ctx context.Context, r *http.Request, p *page) error {
	u, d := ui.User(r), p.D
	sub := shuangbai.Scope{Code: d.Region.Code}
	p.Title = d.Region.Name
	if d.Region.Level() == shuangbai.LevelTown {
		if st, err := h.db.StationByRegion(ctx, sub, d.Region.Code); err == nil {
			p.Title = st.Name
		} else if shuangbai.ErrorCode(err) != shuangbai.ENOTFOUND {
			return err
		}
	}
	p.Requirements = d.Region.Level() <= shuangbai.LevelCounty
	p.Charts = charts(d)
	p.Figures = figures(d)
	b, err := json.Marshal(p.Charts)
	if err != nil {
		return err
	}
	p.JSON = template.JS(b)

	// The way back up to the user's home, and the way down.
	var codes []string
	for l := shuangbai.LevelOf(u.Region); l <= d.Region.Level(); l++ {
		codes = append(codes, codeAt(d.Region.Code, l))
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return err
	}
	for _, c := range codes {
		p.Crumbs = append(p.Crumbs, ui.RegionOption{Code: c, Name: names[c]})
	}
	if d.Region.Level() < shuangbai.LevelTown {
		for _, row := range d.Rows {
			p.Children = append(p.Children, ui.RegionOption{Code: row.Code, Name: row.Name})
		}
	}

	tallies, err := h.db.SiteTallies(ctx, sub, d.Region.Level())
	if err != nil {
		return err
	}
	p.Tally = tallies[d.Region.Code]
	if _, p.Staff, err = h.db.People(ctx, sub, store.PersonFilter{Limit: 1}); err != nil {
		return err
	}
	towns, err := h.db.RegionsAt(ctx, sub, shuangbai.LevelTown, shuangbai.Date{})
	if err != nil {
		return err
	}
	// Every station, a page at a time: the store caps a page at 500 and a
	// province has more.
	built := map[string]bool{}
	for off := 0; ; off += 500 {
		have, _, err := h.db.Stations(ctx, sub, shuangbai.SiteFilter{Limit: 500, Offset: off})
		if err != nil {
			return err
		}
		for _, s := range have {
			built[s.Region] = true
		}
		if len(have) < 500 {
			break
		}
	}
	for _, t := range towns {
		if t.NeedsStation() && !built[t.Code] {
			p.Unbuilt = append(p.Unbuilt, ui.RegionOption{Code: t.Code, Name: t.Name})
		}
	}
	if p.Alerts, err = h.db.UnreadAlerts(ctx, u); err != nil {
		return err
	}
	p.DemoDay, err = h.db.DemoDay(ctx)
	return err
}

// codeAt returns the code of code's ancestor at level l.
func codeAt(code string, l shuangbai.Level) string {
	n := map[shuangbai.Level]int{shuangbai.LevelProvince: 2, shuangbai.LevelCity: 4, shuangbai.LevelCounty: 6, shuangbai.LevelTown: 9, shuangbai.LevelVillage: 12}[l]
	if n == 0 || n > len(code) {
		return code
	}
	return code[:n]
}

// figure is one headline number of the dashboard, with last year's beside
// it where the period has one.
type figure struct {
	Label string
	Value string
	Last  string // 上年同期 …, or ""
	Link  string
}

// compare writes last year's figure and the change.
func compare(now, last int) string {
	if last == 0 {
		return fmt.Sprintf("上年同期 %d", last)
	}
	return fmt.Sprintf("上年同期 %d（%+.0f%%）", last, float64(now-last)*100/float64(last))
}

// figures are the headline numbers of d. The sites built are in the
// construction section below, with last year's row.
func figures(d *shuangbai.Dashboard) []figure {
	r, p := d.Region.Code, d.Period
	out := []figure{
		{"站点在岗人员", fmt.Sprint(d.Stations.Staff + d.Points.Staff), compare(d.Stations.Staff+d.Points.Staff, d.StationsLast.Staff+d.PointsLast.Staff), link("/staff", "region", r)},
		{"空岗站点（已建成、无人在岗）", fmt.Sprintf("站 %d · 点 %d", d.EmptyStations, d.EmptyPoints), "", link("/stations", "region", r, "status", "built")},
	}
	if c := d.Cases; c != nil {
		apps, appsLast := 0, 0
		for _, a := range c.Apps {
			apps += a.N
		}
		for _, a := range c.AppsLast {
			appsLast += a.N
		}
		out = append(out,
			figure{"在案服务对象", fmt.Sprint(c.Open), "", link("/beneficiaries", "region", r)},
			figure{"本期新建档", fmt.Sprint(c.NewFiles), compare(c.NewFiles, c.NewFilesLast), link("/beneficiaries", "region", r)},
			figure{"本期探访", fmt.Sprint(c.Visits), compare(c.Visits, c.VisitsLast), link("/reports/outcomes", "region", r, "from", p.From.String(), "to", p.To.String())},
			figure{"逾期未探访率（今天）", fmt.Sprintf("%.1f%%", c.OverdueRate()), fmt.Sprintf("%d / %d 人", c.Overdue, c.Open), link("/worklist", "region", r)},
			figure{"代办申请", fmt.Sprint(apps), compare(apps, appsLast), link("/reports/outcomes", "region", r, "from", p.From.String(), "to", p.To.String())},
		)
	}
	tr, trLast := 0, 0
	for _, n := range d.Trainings {
		tr += n
	}
	for _, n := range d.TrainingsLast {
		trLast += n
	}
	out = append(out, figure{"业务培训", fmt.Sprintf("%d 次", tr), compare(tr, trLast) + fmt.Sprintf(" · 参训 %d 人次", d.TrainingPeople), link("/trainings", "region", r)})
	if a := d.Activities; a != nil {
		out = append(out, figure{"社区活动", fmt.Sprintf("%d 场", a.Held),
			compare(a.Held, a.HeldLast) + fmt.Sprintf(" · 覆盖 %d 人，", a.Reached) + compare(a.Reached, a.ReachedLast), link("/activities", "region", r, "from", p.From.String(), "to", p.To.String())})
	}
	if x := d.Recruitment; x != nil {
		out = append(out, figure{"招聘（本期年度）", fmt.Sprintf("岗位 %d · 报名 %d · 签约 %d", x.Places, x.Applicants, x.Signed), fmt.Sprintf("%d 次招聘", x.Campaigns), "/campaigns"})
	}
	return out
}
