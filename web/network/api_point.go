package network

import (
	"net/http"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// pointJSON is a point as the API shows it.
type pointJSON struct {
	ID         int64  `json:"id"`
	Region     string `json:"region"`
	RegionName string `json:"region_name"`
	StationID  int64  `json:"station_id"`
	siteJSON
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// pointIn is the body of POST and PATCH /api/v1/points. station_id may be
// left out: it is then the station of the village's town.
type pointIn struct {
	Region    string `json:"region"`
	StationID int64  `json:"station_id"`
	siteIn
}

func toPointJSON(p shuangbai.Point, regionName string) pointJSON {
	return pointJSON{ID: p.ID, Region: p.Region, RegionName: regionName, StationID: p.StationID,
		siteJSON: toSiteJSON(p.Site), CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

// APIPointList returns one page of the points in scope:
// ?region=CODE&status=planned|built&q=NAME&station_id=&limit=&offset=.
func (h *Handlers) APIPointList(w http.ResponseWriter, r *http.Request) error {
	ctx, q := r.Context(), r.URL.Query()
	scope, sf, err := ui.SiteQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	f := store.PointFilter{SiteFilter: sf}
	if f.Limit, f.Offset, err = ui.PageQuery(q); err != nil {
		return err
	}
	if v := q.Get("station_id"); v != "" {
		if f.StationID, err = ui.ParseID(v); err != nil {
			return ui.BadRequest("参数 station_id 应为正整数")
		}
	}
	list, total, err := h.db.Points(ctx, scope, f)
	if err != nil {
		return err
	}
	views, err := h.pointViews(ctx, list)
	if err != nil {
		return err
	}
	out := ui.List[pointJSON]{Items: []pointJSON{}, Total: total}
	for i, p := range list {
		out.Items = append(out.Items, toPointJSON(p, views[i].RegionName))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APIPointShow returns one point.
func (h *Handlers) APIPointShow(w http.ResponseWriter, r *http.Request) error {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.db.Point(r.Context(), ui.Scope(r), id)
	if err != nil {
		return err
	}
	return h.writePoint(w, r, http.StatusOK, p)
}

func (h *Handlers) writePoint(w http.ResponseWriter, r *http.Request, status int, p shuangbai.Point) error {
	views, err := h.pointViews(r.Context(), []shuangbai.Point{p})
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, status, toPointJSON(p, views[0].RegionName))
	return nil
}

// APIPointCreate stores a new point from a JSON body.
func (h *Handlers) APIPointCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	b, err := ui.ReadBody(r)
	if err != nil {
		return err
	}
	var in pointIn
	if err := ui.DecodeJSON(b, &in); err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	p := shuangbai.Point{Region: strings.TrimSpace(in.Region), StationID: in.StationID, Site: in.site(fe)}
	if err := h.findPointStation(ctx, ui.Scope(r), &p, fe); err != nil {
		return err
	}
	if err := ui.Validated(fe, p.Validate); err != nil {
		return err
	}
	if err := h.db.CreatePoint(ctx, u, &p); err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("points", p.ID))
	return h.writePoint(w, r, http.StatusCreated, p)
}

// APIPointUpdate changes the fields the JSON body names and keeps the
// others. A point's village and station do not change.
func (h *Handlers) APIPointUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	cur, err := h.db.Point(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	b, err := ui.ReadBody(r)
	if err != nil {
		return err
	}
	var in pointIn
	if err := ui.DecodePatch(b, pointIn{Region: cur.Region, StationID: cur.StationID, siteIn: siteInOf(cur.Site)}, &in); err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	if in.Region != cur.Region {
		fe.Add("region", "社工点所在的村（社区）不能修改")
	}
	if in.StationID != cur.StationID {
		fe.Add("station_id", "社工点所属的社工站不能修改")
	}
	p := shuangbai.Point{ID: id, Region: cur.Region, StationID: cur.StationID, Site: in.site(fe)}
	if err := ui.Validated(fe, p.Validate); err != nil {
		return err
	}
	if err := h.db.UpdatePoint(ctx, u, &p); err != nil {
		return err
	}
	return h.writePoint(w, r, http.StatusOK, p)
}
