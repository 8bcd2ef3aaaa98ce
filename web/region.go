package web

import (
	"context"
	"net/http"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// regionGroups returns the regions at level inside scope that keep accepts
// (nil: all), grouped under their parents, for a <select>.
func (s *Server) regionGroups(ctx context.Context, scope shuangbai.Scope, level shuangbai.Level, taken map[string]bool, keep func(shuangbai.Region) bool) ([]ui.RegionGroup, error) {
	regions, err := s.db.RegionsAt(ctx, scope, level, shuangbai.Date{})
	if err != nil {
		return nil, err
	}
	var parents []string
	for _, r := range regions {
		parents = append(parents, r.Parent)
	}
	names, err := s.db.RegionNames(ctx, parents)
	if err != nil {
		return nil, err
	}
	var out []ui.RegionGroup
	for _, r := range regions {
		if keep != nil && !keep(r) {
			continue
		}
		if len(out) == 0 || out[len(out)-1].Code != r.Parent {
			out = append(out, ui.RegionGroup{Code: r.Parent, Name: names[r.Parent]})
		}
		g := &out[len(out)-1]
		g.Options = append(g.Options, ui.RegionOption{Code: r.Code, Name: r.Name, Taken: taken[r.Code]})
	}
	return out, nil
}

// regionFilter returns the choices of a list's region filter: each county
// in scope, then its towns.
func (s *Server) regionFilter(ctx context.Context, scope shuangbai.Scope, countySuffix string) ([]ui.RegionGroup, error) {
	groups, err := s.ui.RegionGroups(ctx, scope, shuangbai.LevelTown, nil, nil)
	if err != nil {
		return nil, err
	}
	counties, err := s.db.RegionsAt(ctx, scope, shuangbai.LevelCounty, shuangbai.Date{})
	if err != nil {
		return nil, err
	}
	byCode := map[string]shuangbai.Region{}
	for _, c := range counties {
		byCode[c.Code] = c
	}
	for i, g := range groups {
		if c, ok := byCode[g.Code]; ok {
			groups[i].Options = append([]ui.RegionOption{{Code: c.Code, Name: c.Name + countySuffix}}, g.Options...)
		}
	}
	return groups, nil
}

// regionHome opens the tree at the user's own region.
func (s *Server) regionHome(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/regions/"+ui.User(r).Region, http.StatusSeeOther)
	return nil
}

// regionPage is the data of region.html.
type regionPage struct {
	Region     shuangbai.Region
	Crumbs     []shuangbai.Region // from the top down to the region's parent
	Children   []regionChild
	ChildLevel shuangbai.Level
	Total      store.SiteTally
	Station    *shuangbai.Station // a town's station
	Point      *shuangbai.Point   // a village's point
	CanEdit    bool
}

// regionChild is one row of the children table.
type regionChild struct {
	shuangbai.Region
	Tally   store.SiteTally
	Station *shuangbai.Station // for a town
	Point   *shuangbai.Point   // for a village
}

// regionShow shows a region: where it sits (breadcrumb), its station or
// point, and its children with their counts of stations and points.
func (s *Server) regionShow(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	code := r.PathValue("code")
	reg, err := s.db.Region(ctx, u.Scope(), code, shuangbai.Date{})
	if err != nil {
		return err
	}
	// The user may look at the ancestors of their region (the breadcrumb
	// links there) but sees only their own part of it.
	scope, ok := u.Scope().Narrow(code)
	if !ok {
		scope = u.Scope()
	}
	p := regionPage{Region: reg, ChildLevel: reg.Level() + 1, CanEdit: u.CanEditNetwork()}
	var up []string
	for c := reg.Parent; c != ""; c = shuangbai.ParentCode(c) {
		up = append([]string{c}, up...)
	}
	names, err := s.db.RegionNames(ctx, up)
	if err != nil {
		return err
	}
	for _, c := range up {
		p.Crumbs = append(p.Crumbs, shuangbai.Region{Code: c, Name: names[c]})
	}
	children, err := s.db.Children(ctx, u.Scope(), code, shuangbai.Date{})
	if err != nil {
		return err
	}
	tallies, err := s.db.SiteTallies(ctx, scope, min(p.ChildLevel, shuangbai.LevelVillage))
	if err != nil {
		return err
	}
	for _, t := range tallies {
		p.Total.StationsBuilt += t.StationsBuilt
		p.Total.StationsPlanned += t.StationsPlanned
		p.Total.PointsBuilt += t.PointsBuilt
		p.Total.PointsPlanned += t.PointsPlanned
	}
	stations, points, err := s.sitesByRegion(ctx, scope, reg.Level())
	if err != nil {
		return err
	}
	for _, c := range children {
		p.Children = append(p.Children, regionChild{Region: c, Tally: tallies[c.Code], Station: stations[c.Code], Point: points[c.Code]})
	}
	p.Station, p.Point = stations[code], points[code]
	return s.ui.Render(w, r, http.StatusOK, "region.html", p)
}

// sitesByRegion returns the stations and points a region page links to: a
// county's or town's stations, a town's or village's points. Larger
// regions show counts only.
func (s *Server) sitesByRegion(ctx context.Context, scope shuangbai.Scope, level shuangbai.Level) (map[string]*shuangbai.Station, map[string]*shuangbai.Point, error) {
	stations := map[string]*shuangbai.Station{}
	points := map[string]*shuangbai.Point{}
	if level == shuangbai.LevelCounty || level == shuangbai.LevelTown {
		list, _, err := s.db.Stations(ctx, scope, shuangbai.SiteFilter{Limit: 500})
		if err != nil {
			return nil, nil, err
		}
		for i := range list {
			stations[list[i].Region] = &list[i]
		}
	}
	if level == shuangbai.LevelTown || level == shuangbai.LevelVillage {
		list, _, err := s.db.Points(ctx, scope, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 500}})
		if err != nil {
			return nil, nil, err
		}
		for i := range list {
			points[list[i].Region] = &list[i]
		}
	}
	return stations, points, nil
}
