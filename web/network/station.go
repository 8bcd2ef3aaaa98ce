package network

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// stationListPage is the data of station/list.html.
type stationListPage struct {
	Stations []siteView
	Pager    ui.Pager
	Region   string // the filters, as given
	Status   string
	Q        string
	Regions  []ui.RegionGroup // choices for the region filter
	CanEdit  bool
}

// StationList lists the stations in scope, filtered by region, status and
// name, one page at a time.
func (h *Handlers) StationList(w http.ResponseWriter, r *http.Request) error {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	scope, f, err := ui.SiteQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	pg, err := ui.PageParam(q)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = ui.PageSize, (pg-1)*ui.PageSize
	list, total, err := h.db.Stations(ctx, scope, f)
	if err != nil {
		return err
	}
	views, err := h.stationViews(ctx, list)
	if err != nil {
		return err
	}
	filter, err := h.ui.RegionFilter(ctx, ui.Scope(r), "（全部）")
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "station/list.html", stationListPage{
		Stations: views, Pager: ui.NewPager(r, pg, total), Region: q.Get("region"), Status: string(f.Status), Q: f.Query,
		Regions: filter, CanEdit: u.CanEditNetwork(),
	})
}

// stationViews labels stations with the names of their town and county.
func (h *Handlers) stationViews(ctx context.Context, list []shuangbai.Station) ([]siteView, error) {
	var codes []string
	for _, st := range list {
		codes = append(codes, ui.RegionAncestors(st.Region)...)
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := make([]siteView, len(list))
	for i, st := range list {
		out[i] = siteView{ID: st.ID, Region: st.Region, RegionName: names[st.Region],
			CountyName: names[st.Region[:6]], StationID: st.ID, Site: st.Site}
	}
	return out, nil
}

// stationShowPage is the data of station/show.html.
type stationShowPage struct {
	Station siteView
	Points  []siteView
	Staff   []shuangbai.Person
	Today   shuangbai.Date
	CanEdit bool
}

// StationShow shows one station: its site, equipment checklist, points and
// the staff assigned to it today.
func (h *Handlers) StationShow(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	st, err := h.db.Station(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	views, err := h.stationViews(ctx, []shuangbai.Station{st})
	if err != nil {
		return err
	}
	points, _, err := h.db.Points(ctx, ui.Scope(r), store.PointFilter{StationID: id, SiteFilter: shuangbai.SiteFilter{Limit: 500}})
	if err != nil {
		return err
	}
	pviews, err := h.pointViews(ctx, points)
	if err != nil {
		return err
	}
	today := h.ui.Today()
	staff, err := h.db.Staffed(ctx, ui.Scope(r), id, 0, today)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "station/show.html", stationShowPage{
		Station: views[0], Points: pviews, Staff: staff, Today: today, CanEdit: u.CanEditNetwork(),
	})
}

// stationFormPage is the data of station/form.html, for both a new station
// and an edit.
type stationFormPage struct {
	Form    ui.Form
	Station *siteView        // nil for a new station
	Towns   []ui.RegionGroup // a new station's choice of town
}

// StationNew shows an empty station form; ?region= preselects a town.
func (h *Handlers) StationNew(w http.ResponseWriter, r *http.Request) error {
	if err := ui.RequireEdit(ui.User(r)); err != nil {
		return err
	}
	v := map[string][]string{"status": {string(shuangbai.SitePlanned)}, "region": {r.URL.Query().Get("region")}}
	return h.stationForm(w, r, http.StatusOK, nil, ui.NewForm(v, nil))
}

// StationCreate stores a new station from the form, or shows the form
// again with a message next to each wrong field.
func (h *Handlers) StationCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单格式有误")
	}
	fe := shuangbai.FieldErrors{}
	st := &shuangbai.Station{Region: strings.TrimSpace(r.PostForm.Get("region")), Site: siteInFromForm(r.PostForm, fe).site(fe)}
	err := ui.Validated(fe, st.Validate)
	if err == nil {
		err = h.db.CreateStation(ctx, u, st)
	}
	if ui.FieldErrors(err) != nil {
		return h.stationForm(w, r, ui.Status(err), nil, ui.NewForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "社工站“"+st.Name+"”已新建")
	http.Redirect(w, r, "/stations/"+strconv.FormatInt(st.ID, 10), http.StatusSeeOther)
	return nil
}

// StationEdit shows the form filled with a stored station.
func (h *Handlers) StationEdit(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	st, err := h.db.Station(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	views, err := h.stationViews(ctx, []shuangbai.Station{st})
	if err != nil {
		return err
	}
	return h.stationForm(w, r, http.StatusOK, &views[0], ui.NewForm(siteValues(st.Site), nil))
}

// StationUpdate saves an edited station.
func (h *Handlers) StationUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	old, err := h.db.Station(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单格式有误")
	}
	fe := shuangbai.FieldErrors{}
	st := &shuangbai.Station{ID: id, Region: old.Region, Site: siteInFromForm(r.PostForm, fe).site(fe)}
	err = ui.Validated(fe, st.Validate)
	if err == nil {
		err = h.db.UpdateStation(ctx, u, st)
	}
	if ui.FieldErrors(err) != nil {
		views, verr := h.stationViews(ctx, []shuangbai.Station{old})
		if verr != nil {
			return verr
		}
		return h.stationForm(w, r, ui.Status(err), &views[0], ui.NewForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "修改已保存")
	http.Redirect(w, r, "/stations/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// stationForm renders the station form. A new station chooses among the
// towns of the scope that need a station; those that have one are shown
// but cannot be chosen.
func (h *Handlers) stationForm(w http.ResponseWriter, r *http.Request, status int, st *siteView, f ui.Form) error {
	p := stationFormPage{Form: f, Station: st}
	if st == nil {
		ctx, scope := r.Context(), ui.Scope(r)
		have, _, err := h.db.Stations(ctx, scope, shuangbai.SiteFilter{Limit: 500})
		if err != nil {
			return err
		}
		taken := map[string]bool{}
		for _, x := range have {
			taken[x.Region] = true
		}
		p.Towns, err = h.ui.RegionGroups(ctx, scope, shuangbai.LevelTown, taken, shuangbai.Region.NeedsStation)
		if err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, status, "station/form.html", p)
}
