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

// pointListPage is the data of point/list.html.
type pointListPage struct {
	Points  []siteView
	Pager   ui.Pager
	Region  string
	Status  string
	Q       string
	Regions []ui.RegionGroup
	CanEdit bool
}

// PointList lists the points in scope, filtered by region, status and name.
func (h *Handlers) PointList(w http.ResponseWriter, r *http.Request) error {
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
	list, total, err := h.db.Points(ctx, scope, store.PointFilter{SiteFilter: f})
	if err != nil {
		return err
	}
	views, err := h.pointViews(ctx, list)
	if err != nil {
		return err
	}
	filter, err := h.ui.RegionFilter(ctx, ui.Scope(r), "（全部）")
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "point/list.html", pointListPage{
		Points: views, Pager: ui.NewPager(r, pg, total), Region: q.Get("region"), Status: string(f.Status), Q: f.Query,
		Regions: filter, CanEdit: u.CanEditNetwork(),
	})
}

// pointViews labels points with the names of their village, town and county.
func (h *Handlers) pointViews(ctx context.Context, list []shuangbai.Point) ([]siteView, error) {
	var codes []string
	for _, p := range list {
		codes = append(codes, ui.RegionAncestors(p.Region)...)
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := make([]siteView, len(list))
	for i, p := range list {
		out[i] = siteView{ID: p.ID, Region: p.Region, RegionName: names[p.Region], TownName: names[p.Region[:9]],
			CountyName: names[p.Region[:6]], StationID: p.StationID, Site: p.Site}
	}
	return out, nil
}

// pointShowPage is the data of point/show.html.
type pointShowPage struct {
	Point   siteView
	Staff   []shuangbai.Person
	Today   shuangbai.Date
	CanEdit bool
}

// PointShow shows one point, its station and the staff assigned today.
func (h *Handlers) PointShow(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.db.Point(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	v, err := h.pointView(ctx, ui.Scope(r), p)
	if err != nil {
		return err
	}
	today := h.ui.Today()
	staff, err := h.db.Staffed(ctx, ui.Scope(r), 0, id, today)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "point/show.html", pointShowPage{Point: v, Staff: staff, Today: today, CanEdit: u.CanEditNetwork()})
}

// pointView labels one point, with its station's name.
func (h *Handlers) pointView(ctx context.Context, scope shuangbai.Scope, p shuangbai.Point) (siteView, error) {
	views, err := h.pointViews(ctx, []shuangbai.Point{p})
	if err != nil {
		return siteView{}, err
	}
	st, err := h.db.Station(ctx, scope, p.StationID)
	if err != nil {
		return siteView{}, err
	}
	views[0].Station = st.Name
	return views[0], nil
}

// pointFormPage is the data of point/form.html.
type pointFormPage struct {
	Form     ui.Form
	Point    *siteView        // nil for a new point
	Villages []ui.RegionGroup // a new point's choice of village, by town
}

// PointNew shows an empty point form. ?station= offers only the villages of
// that station's town; ?region= preselects a village.
func (h *Handlers) PointNew(w http.ResponseWriter, r *http.Request) error {
	if err := ui.RequireEdit(ui.User(r)); err != nil {
		return err
	}
	v := map[string][]string{"status": {string(shuangbai.SitePlanned)}, "region": {r.URL.Query().Get("region")}}
	return h.pointForm(w, r, http.StatusOK, nil, ui.NewForm(v, nil))
}

// PointCreate stores a new point. Its station is the station of the
// village's town, found here so the user need not choose it.
func (h *Handlers) PointCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单格式有误")
	}
	fe := shuangbai.FieldErrors{}
	p := &shuangbai.Point{Region: strings.TrimSpace(r.PostForm.Get("region")), Site: siteInFromForm(r.PostForm, fe).site(fe)}
	if err := h.findPointStation(ctx, ui.Scope(r), p, fe); err != nil {
		return err
	}
	err := ui.Validated(fe, p.Validate)
	if err == nil {
		err = h.db.CreatePoint(ctx, u, p)
	}
	if ui.FieldErrors(err) != nil {
		return h.pointForm(w, r, ui.Status(err), nil, ui.NewForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "社工点“"+p.Name+"”已新建")
	http.Redirect(w, r, "/points/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	return nil
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

// PointEdit shows the form filled with a stored point.
func (h *Handlers) PointEdit(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.db.Point(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	v, err := h.pointView(ctx, ui.Scope(r), p)
	if err != nil {
		return err
	}
	return h.pointForm(w, r, http.StatusOK, &v, ui.NewForm(siteValues(p.Site), nil))
}

// PointUpdate saves an edited point.
func (h *Handlers) PointUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	old, err := h.db.Point(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单格式有误")
	}
	fe := shuangbai.FieldErrors{}
	p := &shuangbai.Point{ID: id, Region: old.Region, StationID: old.StationID, Site: siteInFromForm(r.PostForm, fe).site(fe)}
	err = ui.Validated(fe, p.Validate)
	if err == nil {
		err = h.db.UpdatePoint(ctx, u, p)
	}
	if ui.FieldErrors(err) != nil {
		v, verr := h.pointView(ctx, ui.Scope(r), old)
		if verr != nil {
			return verr
		}
		return h.pointForm(w, r, ui.Status(err), &v, ui.NewForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "修改已保存")
	http.Redirect(w, r, "/points/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// pointForm renders the point form. A new point chooses a village in
// scope, grouped by town; villages that have a point cannot be chosen.
func (h *Handlers) pointForm(w http.ResponseWriter, r *http.Request, status int, pt *siteView, f ui.Form) error {
	p := pointFormPage{Form: f, Point: pt}
	if pt == nil {
		ctx, scope := r.Context(), ui.Scope(r)
		if id, err := strconv.ParseInt(r.URL.Query().Get("station"), 10, 64); err == nil {
			st, err := h.db.Station(ctx, scope, id)
			if err != nil {
				return err
			}
			scope = shuangbai.Scope{Code: st.Region}
		}
		have, _, err := h.db.Points(ctx, scope, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 500}})
		if err != nil {
			return err
		}
		taken := map[string]bool{}
		for _, x := range have {
			taken[x.Region] = true
		}
		if p.Villages, err = h.ui.RegionGroups(ctx, scope, shuangbai.LevelVillage, taken, nil); err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, status, "point/form.html", p)
}
