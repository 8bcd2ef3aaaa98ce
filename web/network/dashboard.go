package network

import (
	"net/http"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// dashboardPage is the data of dashboard.html.
type dashboardPage struct {
	Region   shuangbai.Region
	RowLevel shuangbai.Level // the level of the rows: counties for a city user
	Rows     []dashboardRow
	Total    dashboardRow
	Staff    int
	Unbuilt  []ui.RegionOption // towns needing a station that have none yet
	Today    shuangbai.Date
	Alerts   int // unread security alerts, for the bureau admins who read them
	// Requirements: the required numbers are set per county, so their page
	// is offered to users at a county or above (below, it would list none).
	Requirements bool
	DemoDay      shuangbai.Date // the demo's story day, when this is the demo
}

// Villages reports whether the rows are villages, which need no station:
// their rows count points only, and the town's one station is in the
// cards above, so no row says 应建 0 beside a total of 1.
func (p dashboardPage) Villages() bool { return p.RowLevel == shuangbai.LevelVillage }

// dashboardRow counts the stations and points of one region.
type dashboardRow struct {
	Code, Name string
	Required   int // 应建社工站: the towns needing one, or the county's override
	store.SiteTally
}

// Dashboard is the home page: how far the network in the user's scope is
// built, region by region one level below the user's own. Those whose day
// is visits are sent to their worklist instead (one page, not two).
func (h *Handlers) Dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if u.HomeIsWorklist() {
		http.Redirect(w, r, "/worklist", http.StatusSeeOther)
		return nil
	}
	scope := ui.Scope(r)
	reg, err := h.db.Region(ctx, scope, u.Region, shuangbai.Date{})
	if err != nil {
		return err
	}
	p := dashboardPage{Region: reg, RowLevel: reg.Level() + 1, Today: h.ui.Today(),
		Requirements: reg.Level() <= shuangbai.LevelCounty}
	if p.DemoDay, err = h.db.DemoDay(ctx); err != nil {
		return err
	}
	children, err := h.db.Children(ctx, scope, u.Region, shuangbai.Date{})
	if err != nil {
		return err
	}
	tallies, err := h.db.SiteTallies(ctx, scope, min(p.RowLevel, shuangbai.LevelVillage))
	if err != nil {
		return err
	}
	towns, err := h.db.RegionsAt(ctx, scope, shuangbai.LevelTown, shuangbai.Date{})
	if err != nil {
		return err
	}
	overrides, err := h.db.Requirements(ctx, scope)
	if err != nil {
		return err
	}
	have, _, err := stations{h}.find(ctx, scope, shuangbai.SiteFilter{Limit: 500})
	if err != nil {
		return err
	}
	hasStation := takenRegions(have)
	for _, c := range children {
		row := dashboardRow{Code: c.Code, Name: c.Name, SiteTally: tallies[c.Code]}
		row.Required = requiredStations(c.Code, towns, overrides)
		p.Rows = append(p.Rows, row)
	}
	// The total counts every site in scope, including a town user's own
	// station, which sits above the village rows.
	p.Total.SiteTally = sumTallies(tallies)
	p.Total.Required = requiredStations(u.Region, towns, overrides)
	for _, t := range towns {
		if t.NeedsStation() && !hasStation[t.Code] {
			p.Unbuilt = append(p.Unbuilt, ui.RegionOption{Code: t.Code, Name: t.Name})
		}
	}
	_, p.Staff, err = h.db.People(ctx, scope, store.PersonFilter{Limit: 1})
	if err != nil {
		return err
	}
	if p.Alerts, err = h.db.UnreadAlerts(ctx, u); err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "dashboard.html", p)
}

// requiredStations is the number of stations the region with code must
// build: a county's override when it has one, else one per town or street
// in it that needs one (special zones such as farms need none).
func requiredStations(code string, towns []shuangbai.Region, overrides map[string]shuangbai.Requirement) int {
	if o, ok := overrides[code]; ok && o.Stations != nil {
		return *o.Stations
	}
	n := 0
	for _, t := range towns {
		if t.NeedsStation() && len(t.Code) >= len(code) && t.Code[:len(code)] == code {
			n++
		}
	}
	// A city's rows are counties, each of which may have an override.
	for county, o := range overrides {
		if o.Stations != nil && len(code) < len(county) && county[:len(code)] == code {
			n += *o.Stations - requiredStations(county, towns, nil)
		}
	}
	return n
}
