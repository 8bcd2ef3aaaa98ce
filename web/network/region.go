package network

import (
	"context"
	"net/http"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// RegionHome opens the tree at the user's own region.
func (h *Handlers) RegionHome(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/regions/"+ui.User(r).Region, http.StatusSeeOther)
	return nil
}

// regionPage is the data of region.html.
type regionPage struct {
	Region shuangbai.Region
	Crumbs []regionCrumb // from the top down to the region's parent
	// Home is the user's own region when Region is above it (a breadcrumb
	// names it): the page then says whose figures it cannot show and
	// links down, rather than listing the one child in scope as if it were
	// all of them.
	Home       *shuangbai.Region
	Children   []regionChild
	ChildLevel shuangbai.Level
	Total      store.SiteTally
	Station    *shuangbai.Station // a town's station
	Point      *shuangbai.Point   // a village's point
	CanEdit    bool
}

// regionCrumb is one step of the breadcrumb: a link only inside the
// user's scope, where the page has something to show.
type regionCrumb struct {
	shuangbai.Region
	Link bool
}

// regionChild is one row of the children table.
type regionChild struct {
	shuangbai.Region
	Tally   store.SiteTally
	Station *shuangbai.Station // for a town
	Point   *shuangbai.Point   // for a village
}

// RegionShow shows a region: where it sits (breadcrumb), its station or
// point, and its children with their counts of stations and points.
func (h *Handlers) RegionShow(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	code := r.PathValue("code")
	reg, err := h.db.Region(ctx, ui.Scope(r), code, shuangbai.Date{})
	if err != nil {
		return err
	}
	p := regionPage{Region: reg, ChildLevel: reg.Level() + 1, CanEdit: u.CanEditNetwork()}
	var up []string
	for c := reg.Parent; c != ""; c = shuangbai.ParentCode(c) {
		up = append([]string{c}, up...)
	}
	names, err := h.db.RegionNames(ctx, append(up, u.Region))
	if err != nil {
		return err
	}
	for _, c := range up {
		p.Crumbs = append(p.Crumbs, regionCrumb{Region: shuangbai.Region{Code: c, Name: names[c]}, Link: ui.Scope(r).Contains(c)})
	}
	// The store lets a user name the ancestors of their region, but their
	// figures are only their own part of it: say so instead.
	scope, ok := ui.Scope(r).Narrow(code)
	if !ok {
		p.Home = &shuangbai.Region{Code: u.Region, Name: names[u.Region]}
		return h.ui.Render(w, r, http.StatusOK, "region.html", p)
	}
	children, err := h.db.Children(ctx, ui.Scope(r), code, shuangbai.Date{})
	if err != nil {
		return err
	}
	tallies, err := h.db.SiteTallies(ctx, scope, min(p.ChildLevel, shuangbai.LevelVillage))
	if err != nil {
		return err
	}
	p.Total = sumTallies(tallies)
	stations, points, err := h.sitesByRegion(ctx, scope, reg.Level())
	if err != nil {
		return err
	}
	for _, c := range children {
		p.Children = append(p.Children, regionChild{Region: c, Tally: tallies[c.Code], Station: stations[c.Code], Point: points[c.Code]})
	}
	p.Station, p.Point = stations[code], points[code]
	return h.ui.Render(w, r, http.StatusOK, "region.html", p)
}

// sitesByRegion returns the stations and points a region page links to: a
// county's or town's stations, a town's or village's points. Larger
// regions show counts only.
func (h *Handlers) sitesByRegion(ctx context.Context, scope shuangbai.Scope, level shuangbai.Level) (map[string]*shuangbai.Station, map[string]*shuangbai.Point, error) {
	stations := map[string]*shuangbai.Station{}
	points := map[string]*shuangbai.Point{}
	if level == shuangbai.LevelCounty || level == shuangbai.LevelTown {
		list, _, err := h.db.Stations(ctx, scope, shuangbai.SiteFilter{Limit: 500})
		if err != nil {
			return nil, nil, err
		}
		for i := range list {
			stations[list[i].Region] = &list[i]
		}
	}
	if level == shuangbai.LevelTown || level == shuangbai.LevelVillage {
		list, _, err := h.db.Points(ctx, scope, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 500}})
		if err != nil {
			return nil, nil, err
		}
		for i := range list {
			points[list[i].Region] = &list[i]
		}
	}
	return stations, points, nil
}

// sumTallies adds up the counts of the regions in tallies.
func sumTallies(tallies map[string]store.SiteTally) store.SiteTally {
	var sum store.SiteTally
	for _, t := range tallies {
		sum.StationsBuilt += t.StationsBuilt
		sum.StationsPlanned += t.StationsPlanned
		sum.PointsBuilt += t.PointsBuilt
		sum.PointsPlanned += t.PointsPlanned
	}
	return sum
}
