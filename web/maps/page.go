package maps

import (
	"encoding/json"
	"net/http"

	"shuangbai"
	"shuangbai/web/ui"
)

// crumb is one step of the way from the user's own region down to the map's.
type crumb struct {
	Code, Name string
}

// showPage is the data of map/show.html.
type showPage struct {
	Region    shuangbai.Region
	Level     string
	Crumbs    []crumb
	Map       *FeatureCollection
	JSON      string
	Filter    shuangbai.MapFilter
	Groups    []shuangbai.Group
	Levels4   []shuangbai.Level4
	Counts    bool // the user reads case counts (not one of the three administrators)
	Placed    int  // regions drawn on the map
	Shapes    bool // boundaries drawn
	CanUpload bool
	Date      string
	Drill     bool // the counted regions have maps of their own
}

// Show is the service map of ?region=CODE (the user's own by default) with
// the filters of parseQuery, and a table of the regions counted, which
// prints with it.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	x, err := h.parseQuery(r.Context(), u, r.URL.Query())
	if err != nil {
		return err
	}
	x.explicit = false // the page asks for everything the user may have
	fc, err := h.build(r.Context(), u, x)
	if err != nil {
		return err
	}
	b, err := json.Marshal(fc)
	if err != nil {
		return err
	}
	p := showPage{Region: x.Region, Level: shuangbai.LevelOf(x.Region.Code).String(), Map: fc, JSON: string(b), Filter: x.Filter,
		Counts: u.CanReadCases(), CanUpload: u.IsBureauAdmin(), Date: h.ui.Today().Chinese(),
		Drill: shuangbai.LevelOf(x.Region.Code) < shuangbai.LevelVillage, Levels4: []shuangbai.Level4{1, 2, 3, 4}}
	for _, g := range shuangbai.Groups {
		p.Groups = append(p.Groups, g.Group)
	}
	for _, c := range fc.Counted {
		if c.Placed {
			p.Placed++
		}
	}
	for _, f := range fc.Features {
		p.Shapes = p.Shapes || f.Properties["layer"] == "boundary"
	}
	// The way down from the user's region: each step is in scope.
	var codes []string
	for c := x.Region.Code; len(c) >= len(u.Region) && c != ""; c = shuangbai.ParentCode(c) {
		codes = append([]string{c}, codes...)
	}
	names, err := h.db.RegionNames(r.Context(), codes)
	if err != nil {
		return err
	}
	for _, c := range codes {
		p.Crumbs = append(p.Crumbs, crumb{c, names[c]})
	}
	return h.ui.Render(w, r, http.StatusOK, "map/show.html", p)
}
