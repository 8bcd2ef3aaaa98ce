package web

import (
	"net/http"
	"net/url"
	"shuangbai/web/ui"

	"shuangbai"
)

// outcomesQuery reads ?region=&from=&to= of the outcomes report: the region
// defaults to the user's own, to to today, from to the beginning. A region
// outside scope is a 404.
func (s *Server) outcomesQuery(q url.Values, u *shuangbai.User) (region string, from, to shuangbai.Date, err error) {
	scope, err := ui.RegionParam(q, u.Scope())
	if err != nil {
		return "", from, to, err
	}
	region = scope.Code
	fe := shuangbai.FieldErrors{}
	from = ui.ParseDate(fe, "from", q.Get("from"))
	to = ui.ParseDate(fe, "to", q.Get("to"))
	if len(fe) > 0 {
		return "", from, to, ui.BadRequest("日期格式应为 年-月-日，例如 2021-08-09")
	}
	if to.IsZero() {
		to = s.ui.Today()
	}
	return region, from, to, nil
}

// outcomesPage is the data of case/outcomes.html.
type outcomesPage struct {
	O        *shuangbai.Outcomes
	Region   string
	From, To string
	Regions  []ui.RegionGroup
	Groups   []outcomeRow
	Apps     []outcomeRow
}

// outcomeRow is one row of an outcomes table.
type outcomeRow struct {
	Name          string
	N, Approved   int
	ShowsApproved bool
}

// outcomesReport shows a region's results over a period, counted from the
// case files, and the paragraph for the briefing (工作简报) ready to copy.
func (s *Server) outcomesReport(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	region, from, to, err := s.outcomesQuery(r.URL.Query(), u)
	if err != nil {
		return err
	}
	o, err := s.db.Outcomes(ctx, u.Scope(), region, from, to)
	if err != nil {
		return err
	}
	p := outcomesPage{O: o, Region: region, From: from.String(), To: to.String()}
	for _, g := range shuangbai.Groups {
		p.Groups = append(p.Groups, outcomeRow{Name: g.Name, N: o.Identified[g.Group]})
	}
	for _, k := range shuangbai.AppKinds {
		p.Apps = append(p.Apps, outcomeRow{Name: k.Name, N: o.Applications[k.Kind], Approved: o.Approved[k.Kind], ShowsApproved: true})
	}
	if p.Regions, err = s.ui.RegionFilter(ctx, u.Scope(), "（全部）"); err != nil {
		return err
	}
	// The user's own region heads the choices when it is above a county.
	if shuangbai.LevelOf(u.Region) < shuangbai.LevelCounty {
		names, err := s.db.RegionNames(ctx, []string{u.Region})
		if err != nil {
			return err
		}
		p.Regions = append([]ui.RegionGroup{{Code: u.Region, Name: names[u.Region], Options: []ui.RegionOption{{Code: u.Region, Name: names[u.Region] + "（全部）"}}}}, p.Regions...)
	}
	return s.ui.Render(w, r, http.StatusOK, "case/outcomes.html", p)
}
