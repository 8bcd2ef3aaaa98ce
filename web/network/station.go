package network

import (
	"context"
	"net/http"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// stations are the township stations (社工站), one per town or street that
// needs one, as their pages list, add and edit them.
type stations struct{ h *Handlers }

func (stations) names() siteNames {
	return siteNames{Path: "/stations", Name: "社工站", Add: "新建", kind: "station"}
}

func (k stations) find(ctx context.Context, scope shuangbai.Scope, f shuangbai.SiteFilter) ([]siteView, int, error) {
	list, total, err := k.h.db.Stations(ctx, scope, f)
	views := make([]siteView, len(list))
	for i, st := range list {
		views[i] = stationView(st)
	}
	return views, total, err
}

func (k stations) get(ctx context.Context, scope shuangbai.Scope, id int64) (siteView, error) {
	st, err := k.h.db.Station(ctx, scope, id)
	return stationView(st), err
}

func (k stations) describe(ctx context.Context, _ shuangbai.Scope, v *siteView) error {
	return k.h.labelSite(ctx, v)
}

func (k stations) save(r *http.Request, v *siteView, fe shuangbai.FieldErrors) error {
	ctx, u := r.Context(), ui.User(r)
	st := &shuangbai.Station{ID: v.ID, Region: v.Region, Site: v.Site}
	if err := ui.Validated(fe, func() error { return st.Validate(k.h.ui.Today()) }); err != nil {
		return err
	}
	var err error
	if v.ID != 0 {
		err = k.h.db.UpdateStation(ctx, u, st)
	} else {
		err = k.h.db.CreateStation(ctx, u, st)
	}
	if err != nil {
		return err
	}
	*v = stationView(*st)
	return nil
}

// places offers the towns of the scope that need a station.
func (k stations) places(r *http.Request) ([]ui.RegionGroup, error) {
	ctx, scope := r.Context(), ui.Scope(r)
	have, _, err := k.find(ctx, scope, shuangbai.SiteFilter{Limit: 500})
	if err != nil {
		return nil, err
	}
	return k.h.ui.RegionGroups(ctx, scope, shuangbai.LevelTown, takenRegions(have), shuangbai.Region.NeedsStation)
}

// StationList lists the stations in scope.
func (h *Handlers) StationList(w http.ResponseWriter, r *http.Request) error {
	return h.siteList(w, r, stations{h})
}

// StationNew shows an empty station form; ?region= preselects a town.
func (h *Handlers) StationNew(w http.ResponseWriter, r *http.Request) error {
	return h.siteNew(w, r, stations{h})
}

// StationCreate stores a new station from the form.
func (h *Handlers) StationCreate(w http.ResponseWriter, r *http.Request) error {
	return h.siteCreate(w, r, stations{h})
}

// StationEdit shows the form filled with a stored station.
func (h *Handlers) StationEdit(w http.ResponseWriter, r *http.Request) error {
	return h.siteEdit(w, r, stations{h})
}

// StationUpdate saves an edited station; its town stays.
func (h *Handlers) StationUpdate(w http.ResponseWriter, r *http.Request) error {
	return h.siteUpdate(w, r, stations{h})
}

// stationShowPage is the data of station/show.html.
type stationShowPage struct {
	Site    siteView
	Points  []siteView
	Staff   []shuangbai.Person
	Today   shuangbai.Date
	CanEdit bool
}

// StationShow shows one station: its site, equipment checklist, points and
// the staff assigned to it today.
func (h *Handlers) StationShow(w http.ResponseWriter, r *http.Request) error {
	ctx, scope := r.Context(), ui.Scope(r)
	v, err := h.described(r, stations{h})
	if err != nil {
		return err
	}
	points, _, err := points{h}.list(ctx, scope, store.PointFilter{StationID: v.ID, SiteFilter: shuangbai.SiteFilter{Limit: 500}})
	if err != nil {
		return err
	}
	if err := h.labelSites(ctx, points); err != nil {
		return err
	}
	today := h.ui.Today()
	staff, err := h.db.Staffed(ctx, scope, v.ID, 0, today)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "station/show.html", stationShowPage{
		Site: v, Points: points, Staff: staff, Today: today, CanEdit: ui.User(r).CanEditNetwork(),
	})
}
