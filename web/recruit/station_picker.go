package recruit

import (
	"context"
	"net/url"
	"strings"

	"shuangbai"
	"shuangbai/web/ui"
)

// Station pickers. A province has some 1,600 stations, more than one list
// should hold, but a county has a few dozen: the stations of a county or
// town are listed whole, and above a county the user first picks the
// county (?county=CODE) whose stations are then listed. Whatever is
// posted, the store checks the station lies in the user's scope and in
// the post's town or the supervisor's region.

// stationOption is a station offered for a post, a signing or a supervisor.
type stationOption struct {
	ID     int64
	Name   string
	Region string
}

// stationPicker is what a form offers to choose a station inside Region.
type stationPicker struct {
	Region   string
	County   string            // the county chosen, when Region lies above counties
	Counties []ui.RegionOption // the counties to choose from; nil when Region is a county or below
	Stations []stationOption   // Region's stations, or the chosen county's
	Action   string            // the page the county chooser reloads
	FieldID  string            // the chooser's element id
}

// Choose reports whether the user must pick a county before a station.
func (p stationPicker) Choose() bool { return p.Counties != nil }

// countyParam reads ?county=CODE: a county inside scope, or "".
func countyParam(q url.Values, scope shuangbai.Scope) (string, error) {
	code := strings.TrimSpace(q.Get("county"))
	if code == "" {
		return "", nil
	}
	if shuangbai.LevelOf(code) != shuangbai.LevelCounty {
		return "", ui.BadRequest("参数 county 应为 6 位县级区划代码")
	}
	if !scope.Contains(code) {
		return "", shuangbai.Errorf(shuangbai.ENOTFOUND, "区划 %s 不存在或不在您的管辖范围内", code)
	}
	return code, nil
}

// stationPicker offers the stations inside region and scope; county, if
// inside region, is the county chosen above it.
func (h *Handlers) stationPicker(ctx context.Context, scope shuangbai.Scope, region, county string) (stationPicker, error) {
	p := stationPicker{Region: region}
	within, ok := scope.Narrow(region)
	if !ok {
		if !(shuangbai.Scope{Code: region}).Contains(scope.Code) {
			return p, nil // nothing of region is the user's
		}
		within = scope // region lies above the user: their own part of it
	}
	if l := shuangbai.LevelOf(within.Code); within.All || l < shuangbai.LevelCounty {
		rs, err := h.db.RegionsAt(ctx, within, shuangbai.LevelCounty, shuangbai.Date{})
		if err != nil {
			return p, err
		}
		p.Counties = []ui.RegionOption{}
		for _, r := range rs {
			p.Counties = append(p.Counties, ui.RegionOption{Code: r.Code, Name: r.Name})
		}
		if county == "" || !within.Contains(county) {
			return p, nil
		}
		p.County, within = county, shuangbai.Scope{Code: county}
	}
	var err error
	p.Stations, err = h.stationsIn(ctx, within)
	return p, err
}

// stationsIn lists the built and planned stations of a county or below:
// a few dozen, so one page of the store's largest holds them.
func (h *Handlers) stationsIn(ctx context.Context, scope shuangbai.Scope) ([]stationOption, error) {
	ss, _, err := h.db.Stations(ctx, scope, shuangbai.SiteFilter{Limit: 500})
	if err != nil {
		return nil, err
	}
	out := make([]stationOption, len(ss))
	for i, s := range ss {
		out[i] = stationOption{ID: s.ID, Name: s.Name, Region: s.Region}
	}
	return out, nil
}

// stationsByRegion lists, once per region, the stations inside each of
// regions (posts' counties and towns) and scope.
func (h *Handlers) stationsByRegion(ctx context.Context, scope shuangbai.Scope, regions []string) (map[string][]stationOption, error) {
	out := map[string][]stationOption{}
	for _, r := range regions {
		if _, done := out[r]; done {
			continue
		}
		within, ok := scope.Narrow(r)
		if !ok || shuangbai.LevelOf(r) < shuangbai.LevelCounty {
			out[r] = nil
			continue
		}
		ss, err := h.stationsIn(ctx, within)
		if err != nil {
			return nil, err
		}
		out[r] = ss
	}
	return out, nil
}
