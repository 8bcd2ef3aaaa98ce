package network

import (
	"context"
	"net/http"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// points are the village points (社工点), each belonging to the station of
// its village's town, as their pages list, add and edit them.
type points struct{ h *Handlers }

func (points) names() siteNames {
	return siteNames{Path: "/points", Name: "社工点", Add: "新增", kind: "point"}
}

func (k points) find(ctx context.Context, scope shuangbai.Scope, f shuangbai.SiteFilter) ([]siteView, int, error) {
	return k.list(ctx, scope, store.PointFilter{SiteFilter: f})
}

// list is find with the point's own filter, by station.
func (k points) list(ctx context.Context, scope shuangbai.Scope, f store.PointFilter) ([]siteView, int, error) {
	list, total, err := k.h.db.Points(ctx, scope, f)
	views := make([]siteView, len(list))
	for i, p := range list {
		views[i] = pointView(p)
	}
	return views, total, err
}

func (k points) get(ctx context.Context, scope shuangbai.Scope, id int64) (siteView, error) {
	p, err := k.h.db.Point(ctx, scope, id)
	return pointView(p), err
}

// describe labels a point with its station's name too.
func (k points) describe(ctx context.Context, scope shuangbai.Scope, v *siteView) error {
	if err := k.h.labelSite(ctx, v); err != nil {
		return err
	}
	st, err := k.h.db.Station(ctx, scope, v.StationID)
	v.Station = st.Name
	return err
}

// save finds a new point's station when it names none: the form does not
// ask for it.
func (k points) save(r *http.Request, v *siteView, fe shuangbai.FieldErrors) error {
	ctx, u := r.Context(), ui.User(r)
	p := &shuangbai.Point{ID: v.ID, Region: v.Region, StationID: v.StationID, Site: v.Site}
	if v.ID == 0 {
		if err := k.h.findPointStation(ctx, ui.Scope(r), p, fe); err != nil {
			return err
		}
	}
	if err := ui.Validated(fe, func() error { return p.Validate(k.h.ui.Today()) }); err != nil {
		return err
	}
	var err error
	if v.ID != 0 {
		err = k.h.db.UpdatePoint(ctx, u, p)
	} else {
		err = k.h.db.CreatePoint(ctx, u, p)
	}
	if err != nil {
		return err
	}
	*v = pointView(*p)
	return nil
}

// places offers the villages in scope, grouped by town. ?station= offers
// only the villages of that station's town.
func (k points) places(r *http.Request) ([]ui.RegionGroup, error) {
	ctx, scope := r.Context(), ui.Scope(r)
	if id, err := strconv.ParseInt(r.URL.Query().Get("station"), 10, 64); err == nil {
		st, err := k.h.db.Station(ctx, scope, id)
		if err != nil {
			return nil, err
		}
		scope = shuangbai.Scope{Code: st.Region}
	}
	have, _, err := k.find(ctx, scope, shuangbai.SiteFilter{Limit: 500})
	if err != nil {
		return nil, err
	}
	return k.h.ui.RegionGroups(ctx, scope, shuangbai.LevelVillage, takenRegions(have), nil)
}

// findPointStation sets p.StationID to the station of the town above p's
// village when p names none, noting under "region" when the town has no
// station yet.
func (h *Handlers) findPointStation(ctx context.Context, scope shuangbai.Scope, p *shuangbai.Point, fe shuangbai.FieldErrors) error {
	if p.StationID != 0 || shuangbai.LevelOf(p.Region) != shuangbai.LevelVillage {
		return nil
	}
	st, err := h.db.StationByRegion(ctx, scope, shuangbai.ParentCode(p.Region))
	if shuangbai.ErrorCode(err) == shuangbai.ENOTFOUND {
		fe.Add("region", "该村（社区）所在的乡镇（街道）还没有社工站，请先新建社工站")
		return nil
	}
	if err != nil {
		return err
	}
	p.StationID = st.ID
	return nil
}

// PointList lists the points in scope.
func (h *Handlers) PointList(w http.ResponseWriter, r *http.Request) error {
	return h.siteList(w, r, points{h})
}

// PointNew shows an empty point form. ?station= offers only the villages
// of that station's town; ?region= preselects a village.
func (h *Handlers) PointNew(w http.ResponseWriter, r *http.Request) error {
	return h.siteNew(w, r, points{h})
}

// PointCreate stores a new point from the form. Its station is the station
// of the village's town.
func (h *Handlers) PointCreate(w http.ResponseWriter, r *http.Request) error {
	return h.siteCreate(w, r, points{h})
}

// PointEdit shows the form filled with a stored point.
func (h *Handlers) PointEdit(w http.ResponseWriter, r *http.Request) error {
	return h.siteEdit(w, r, points{h})
}

// PointUpdate saves an edited point; its village and station stay.
func (h *Handlers) PointUpdate(w http.ResponseWriter, r *http.Request) error {
	return h.siteUpdate(w, r, points{h})
}

// pointShowPage is the data of point/show.html.
type pointShowPage struct {
	Site    siteView
	Staff   []shuangbai.Person
	Today   shuangbai.Date
	CanEdit bool
}

// PointShow shows one point, its station and the staff assigned today.
func (h *Handlers) PointShow(w http.ResponseWriter, r *http.Request) error {
	v, err := h.described(r, points{h})
	if err != nil {
		return err
	}
	today := h.ui.Today()
	staff, err := h.db.Staffed(r.Context(), ui.Scope(r), 0, v.ID, today)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "point/show.html", pointShowPage{
		Site: v, Staff: staff, Today: today, CanEdit: ui.User(r).CanEditNetwork(),
	})
}
