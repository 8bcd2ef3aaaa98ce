package maps

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// The layers of a map answer, as ?layer= names them (comma-separated).
var allLayers = []string{"boundary", "station", "point", "count", "beneficiary", "label"}

// query is what a map request asks for.
type query struct {
	Region   shuangbai.Region
	Scope    shuangbai.Scope
	Filter   shuangbai.MapFilter
	Layers   map[string]bool
	explicit bool // ?layer= was given: asking for a layer one may not have is an error
}

// parseQuery reads ?region=CODE (default: the user's own; out of scope is
// 404), ?layer=, and the filters ?group=, ?level= (1–4) and ?overdue=1.
func (h *Handlers) parseQuery(ctx context.Context, u *shuangbai.User, q url.Values) (query, error) {
	var x query
	code := strings.TrimSpace(q.Get("region"))
	if code == "" {
		code = u.Region
	}
	scope, err := ui.RegionParam(url.Values{"region": {code}}, u.Scope())
	if err != nil {
		return x, err
	}
	if x.Region, err = h.db.Region(ctx, scope, code, shuangbai.Date{}); err != nil {
		return x, err
	}
	x.Scope = scope
	if g := shuangbai.Group(q.Get("group")); g != "" {
		if !g.Valid() {
			return x, ui.BadRequest("参数 group 不是已知的服务对象类别")
		}
		x.Filter.Group = g
	}
	if l := q.Get("level"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || !shuangbai.Level4(n).Valid() {
			return x, ui.BadRequest("参数 level 应为 1–4（跟进等级）")
		}
		x.Filter.Level = shuangbai.Level4(n)
	}
	switch q.Get("overdue") {
	case "", "0", "false":
	case "1", "true", "on":
		x.Filter.Overdue = true
	default:
		return x, ui.BadRequest("参数 overdue 应为 1 或 0")
	}
	x.Layers = map[string]bool{}
	if l := q.Get("layer"); l != "" {
		x.explicit = true
		for _, name := range strings.Split(l, ",") {
			name = strings.TrimSpace(name)
			known := false
			for _, k := range allLayers {
				known = known || k == name
			}
			if !known {
				return x, ui.BadRequest("参数 layer 应为 %s 中的一个或几个（逗号分隔）", strings.Join(allLayers, "、"))
			}
			x.Layers[name] = true
		}
	} else {
		for _, k := range allLayers {
			x.Layers[k] = true
		}
	}
	return x, nil
}

// Feature and FeatureCollection are GeoJSON as the map answers it.
type Feature struct {
	Type       string         `json:"type"`
	Geometry   any            `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type point struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

type multiPolygon struct {
	Type        string                 `json:"type"`
	Coordinates shuangbai.MultiPolygon `json:"coordinates"`
}

// FeatureCollection is the answer of GET /api/v1/map: GeoJSON, with what
// the map is of beside the features.
type FeatureCollection struct {
	Type          string        `json:"type"`
	Region        regionRef     `json:"region"`
	BoundaryLevel string        `json:"boundary_level"` // level of the regions coloured and counted
	Schematic     bool          `json:"schematic"`      // boundaries generated, not surveyed
	People        bool          `json:"people"`         // beneficiaries drawn one by one
	Features      []Feature     `json:"features"`
	Counted       []regionCount `json:"counted"` // every region counted, placed on the map or not
}

type regionRef struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

type regionCount struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Open    int    `json:"open"`
	Overdue int    `json:"overdue"`
	Placed  bool   `json:"placed"` // drawn on the map (a boundary or a site to stand at)
}

func pointFeature(lng, lat float64, props map[string]any) Feature {
	return Feature{Type: "Feature", Geometry: point{"Point", [2]float64{lng, lat}}, Properties: props}
}

// countLevel is the level a map of region colours and counts: the
// villages of a county when the bureau uploaded them (the per
// village choropleth), else the regions one level down; a village's map
// counts the village itself.
func (h *Handlers) countLevel(ctx context.Context, x query) (shuangbai.Level, []shuangbai.Boundary, error) {
	lv := shuangbai.LevelOf(x.Region.Code)
	child := min(lv+1, shuangbai.LevelVillage)
	if lv == shuangbai.LevelCounty {
		vs, err := h.db.Boundaries(ctx, x.Scope, shuangbai.LevelVillage)
		if err != nil || len(vs) > 0 {
			return shuangbai.LevelVillage, vs, err
		}
	}
	bs, err := h.db.Boundaries(ctx, x.Scope, child)
	return child, bs, err
}

// build makes the map of x for u: only what u may see.
func (h *Handlers) build(ctx context.Context, u *shuangbai.User, x query) (*FeatureCollection, error) {
	if x.explicit && x.Layers["beneficiary"] && !u.MapsPeople() {
		return nil, shuangbai.Errorf(shuangbai.EFORBIDDEN, "服务对象逐人标注只对本站社工和站长显示；%s看到的是按村统计的人数", u.Role.Label())
	}
	if x.explicit && x.Layers["count"] && !u.CanReadCases() {
		return nil, shuangbai.Errorf(shuangbai.EFORBIDDEN, "%s不查看服务对象信息（三员分立）", u.Role.Label())
	}
	level, bounds, err := h.countLevel(ctx, x)
	if err != nil {
		return nil, err
	}
	fc := &FeatureCollection{Type: "FeatureCollection", Region: regionRef{x.Region.Code, x.Region.Name, shuangbai.LevelOf(x.Region.Code).String()},
		BoundaryLevel: level.String(), Features: []Feature{}, Counted: []regionCount{}}

	// The regions counted: every region at level in the view.
	regions, err := h.db.RegionsAt(ctx, x.Scope, level, shuangbai.Date{})
	if err != nil {
		return nil, err
	}
	var counts map[string]store.MapCount
	if u.CanReadCases() && (x.Layers["count"] || x.Layers["boundary"]) {
		if counts, err = h.db.MapCounts(ctx, u, x.Scope, level, x.Filter); err != nil {
			return nil, err
		}
	}
	sites, err := h.db.MapSites(ctx, x.Scope)
	if err != nil {
		return nil, err
	}
	hasShape := map[string]bool{}
	if x.Layers["boundary"] {
		for _, b := range bounds {
			hasShape[b.Region] = true
			fc.Schematic = fc.Schematic || b.Schematic
			props := map[string]any{"layer": "boundary", "code": b.Region, "name": nameOf(regions, b.Region)}
			if counts != nil {
				props["open"], props["overdue"] = counts[b.Region].Open, counts[b.Region].Overdue
			}
			fc.Features = append(fc.Features, Feature{Type: "Feature", Geometry: multiPolygon{"MultiPolygon", b.Shape}, Properties: props})
		}
	}
	// Where a region without a boundary is drawn: at the middle of its
	// stations and points, which are public; never where its people are.
	at := siteCentres(sites, level)
	for _, r := range regions {
		c := counts[r.Code]
		_, placed := at[r.Code]
		placed = placed || hasShape[r.Code]
		fc.Counted = append(fc.Counted, regionCount{Code: r.Code, Name: r.Name, Open: c.Open, Overdue: c.Overdue, Placed: placed})
		p, ok := at[r.Code]
		if hasShape[r.Code] || !ok {
			continue
		}
		if counts != nil && x.Layers["count"] {
			fc.Features = append(fc.Features, pointFeature(p[0], p[1], map[string]any{"layer": "count", "code": r.Code, "name": r.Name, "open": c.Open, "overdue": c.Overdue}))
		} else if x.Layers["label"] {
			fc.Features = append(fc.Features, pointFeature(p[0], p[1], map[string]any{"layer": "label", "code": r.Code, "name": r.Name}))
		}
	}
	if counts == nil {
		for i := range fc.Counted {
			fc.Counted[i].Open, fc.Counted[i].Overdue = 0, 0
		}
	}
	for _, s := range sites {
		if !x.Layers[s.Kind] {
			continue
		}
		fc.Features = append(fc.Features, pointFeature(s.Lng, s.Lat, map[string]any{"layer": s.Kind, "id": s.ID, "code": s.Region, "name": s.Name,
			"status": s.Status, "status_label": s.Status.Label()}))
	}
	if u.MapsPeople() && x.Layers["beneficiary"] {
		people, err := h.db.MapPeople(ctx, u, x.Scope, x.Filter)
		if err != nil {
			return nil, err
		}
		fc.People = true
		for _, p := range people {
			fc.Features = append(fc.Features, pointFeature(p.Lng, p.Lat, map[string]any{"layer": "beneficiary", "id": p.ID, "code": p.Region,
				"name": p.Name, "level": int(p.Level), "level_label": p.Level.Label(), "overdue": p.Overdue, "next_due": ui.DateJSON(p.NextDue)}))
		}
	}
	return fc, nil
}

func nameOf(rs []shuangbai.Region, code string) string {
	for _, r := range rs {
		if r.Code == code {
			return r.Name
		}
	}
	return code
}

// siteCentres is the mean position of the stations and points in each
// region at level.
func siteCentres(sites []store.MapSite, level shuangbai.Level) map[string][2]float64 {
	n := level.CodeLen()
	sum := map[string][3]float64{}
	for _, s := range sites {
		if len(s.Region) < n {
			continue
		}
		c := sum[s.Region[:n]]
		sum[s.Region[:n]] = [3]float64{c[0] + s.Lng, c[1] + s.Lat, c[2] + 1}
	}
	out := make(map[string][2]float64, len(sum))
	for code, c := range sum {
		out[code] = [2]float64{shuangbai.Round6(c[0] / c[2]), shuangbai.Round6(c[1] / c[2])}
	}
	return out
}

// Data answers the map of a region as GeoJSON to the map page's script,
// with the session of the page.
func (h *Handlers) Data(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	x, err := h.parseQuery(r.Context(), u, r.URL.Query())
	if err != nil {
		return err
	}
	fc, err := h.build(r.Context(), u, x)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, fc)
	return nil
}

// APIMap is GET /api/v1/map?region=CODE&layer=…: the same GeoJSON for API
// clients, scoped the same way.
func (h *Handlers) APIMap(w http.ResponseWriter, r *http.Request) error { return h.Data(w, r) }
