package casework

import (
	"net/http"

	"shuangbai"
	"shuangbai/web/ui"
)

// outcomesOf counts the outcomes ?region=&from=&to= asks for, for the page
// and the API: the region defaults to the user's own, to to today, from to
// the beginning. A region outside scope is a 404. from is returned as
// asked, for the page's filter.
func (h *Handlers) outcomesOf(r *http.Request) (*shuangbai.Outcomes, shuangbai.Date, error) {
	q := r.URL.Query()
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return nil, shuangbai.Date{}, err
	}
	fe := shuangbai.FieldErrors{}
	from := ui.ParseDate(fe, "from", q.Get("from"))
	to := ui.ParseDate(fe, "to", q.Get("to"))
	if len(fe) > 0 {
		return nil, from, ui.BadRequest("日期格式应为 年-月-日，例如 2021-08-09")
	}
	if to.IsZero() {
		to = h.ui.Today()
	}
	o, err := h.db.Outcomes(r.Context(), ui.Scope(r), scope.Code, from, to)
	return o, from, err
}

// outcomesPage is the data of beneficiary/outcomes.html.
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

// OutcomesShow shows a region's results over a period, counted from the
// beneficiaries' files, and the paragraph for the briefing (工作简报) ready to
// copy.
func (h *Handlers) OutcomesShow(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	o, from, err := h.outcomesOf(r)
	if err != nil {
		return err
	}
	p := outcomesPage{O: o, Region: o.Region, From: from.String(), To: o.To.String()}
	for _, g := range shuangbai.Groups {
		p.Groups = append(p.Groups, outcomeRow{Name: g.Name, N: o.Identified[g.Group]})
	}
	for _, k := range shuangbai.AppKinds {
		p.Apps = append(p.Apps, outcomeRow{Name: k.Name, N: o.Applications[k.Kind], Approved: o.Approved[k.Kind], ShowsApproved: true})
	}
	if p.Regions, err = h.ui.RegionFilter(ctx, ui.Scope(r), "（全部）"); err != nil {
		return err
	}
	// The user's own region heads the choices when it is above a county.
	if shuangbai.LevelOf(u.Region) < shuangbai.LevelCounty {
		names, err := h.db.RegionNames(ctx, []string{u.Region})
		if err != nil {
			return err
		}
		p.Regions = append([]ui.RegionGroup{{Code: u.Region, Name: names[u.Region], Options: []ui.RegionOption{{Code: u.Region, Name: names[u.Region] + "（全部）"}}}}, p.Regions...)
	}
	return h.ui.Render(w, r, http.StatusOK, "beneficiary/outcomes.html", p)
}

// outcomesJSON is the body of GET /api/v1/reports/outcomes.
type outcomesJSON struct {
	Region              string         `json:"region"`
	RegionName          string         `json:"region_name"`
	From                *string        `json:"from"`
	To                  string         `json:"to"`
	Identified          map[string]int `json:"identified"`
	People              int            `json:"people"`
	Households          int            `json:"households"`
	Visits              int            `json:"visits"`
	HomeVisits          int            `json:"home_visits"`
	Applications        map[string]int `json:"applications"`
	Approved            map[string]int `json:"approved"`
	ReliefHouseholds    int            `json:"relief_households"`
	TemporaryHouseholds int            `json:"temporary_households"`
	VolunteerHouseholds int            `json:"volunteer_households"`
	Paragraph           string         `json:"paragraph"`
}

// APIOutcomesShow returns a region's outcomes: ?region=&from=&to=.
func (h *Handlers) APIOutcomesShow(w http.ResponseWriter, r *http.Request) error {
	o, _, err := h.outcomesOf(r)
	if err != nil {
		return err
	}
	out := outcomesJSON{Region: o.Region, RegionName: o.RegionName, From: ui.DateJSON(o.From), To: o.To.String(),
		Identified: map[string]int{}, People: o.People, Households: o.Households, Visits: o.Visits, HomeVisits: o.HomeVisits,
		Applications: map[string]int{}, Approved: map[string]int{}, ReliefHouseholds: o.ReliefHouseholds,
		TemporaryHouseholds: o.TemporaryHouseholds, VolunteerHouseholds: o.VolunteerHouseholds, Paragraph: o.Paragraph()}
	for g, n := range o.Identified {
		out.Identified[string(g)] = n
	}
	for k, n := range o.Applications {
		out.Applications[string(k)] = n
	}
	for k, n := range o.Approved {
		out.Approved[string(k)] = n
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
