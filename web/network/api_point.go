package network

import (
	"context"
	"net/http"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// pointIn is the body of POST and PATCH /api/v1/points. station_id may be
// left out: it is then the station of the village's town.
type pointIn struct {
	Region    string `json:"region"`
	StationID int64  `json:"station_id"`
	siteIn
}

// APIPointList returns one page of the points in scope:
// ?region=CODE&status=planned|built&q=NAME&station_id=&limit=&offset=.
func (h *Handlers) APIPointList(w http.ResponseWriter, r *http.Request) error {
	return h.apiSiteList(w, r, func(ctx context.Context, scope shuangbai.Scope, sf shuangbai.SiteFilter) ([]siteView, int, error) {
		f := store.PointFilter{SiteFilter: sf}
		if v := r.URL.Query().Get("station_id"); v != "" {
			var err error
			if f.StationID, err = ui.ParseID(v); err != nil {
				return nil, 0, ui.BadRequest("参数 station_id 应为正整数")
			}
		}
		return points{h}.list(ctx, scope, f)
	})
}

// APIPointShow returns one point.
func (h *Handlers) APIPointShow(w http.ResponseWriter, r *http.Request) error {
	return h.apiSiteShow(w, r, points{h})
}

// APIPointCreate stores a new point from a JSON body.
func (h *Handlers) APIPointCreate(w http.ResponseWriter, r *http.Request) error {
	return h.apiSiteCreate(w, r, points{h}, func(b []byte, fe shuangbai.FieldErrors) (siteView, error) {
		var in pointIn
		if err := ui.DecodeJSON(b, &in); err != nil {
			return siteView{}, err
		}
		return siteView{Region: strings.TrimSpace(in.Region), StationID: in.StationID, Site: in.site(fe)}, nil
	})
}

// APIPointUpdate changes the fields the JSON body names and keeps the
// others. A point's village and station do not change.
func (h *Handlers) APIPointUpdate(w http.ResponseWriter, r *http.Request) error {
	return h.apiSiteUpdate(w, r, points{h}, func(b []byte, cur siteView, fe shuangbai.FieldErrors) (siteView, error) {
		var in pointIn
		base := pointIn{Region: cur.Region, StationID: cur.StationID, siteIn: siteInOf(cur.Site)}
		if err := ui.DecodePatch(b, base, &in); err != nil {
			return cur, err
		}
		if in.Region != cur.Region {
			fe.Add("region", "社工点所在的村（社区）不能修改")
		}
		if in.StationID != cur.StationID {
			fe.Add("station_id", "社工点所属的社工站不能修改")
		}
		cur.Site = in.site(fe)
		return cur, nil
	})
}
