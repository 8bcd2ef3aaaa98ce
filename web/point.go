package web

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

// pointList lists the points in scope, filtered by region, status and name.
func (s *Server) pointList(w http.ResponseWriter, r *http.Request) error {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	scope, f, err := ui.SiteQuery(q, u.Scope())
	if err != nil {
		return err
	}
	pg, err := ui.PageParam(q)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = ui.PageSize, (pg-1)*ui.PageSize
	list, total, err := s.db.Points(ctx, scope, store.PointFilter{SiteFilter: f})
	if err != nil {
		return err
	}
	views, err := s.pointViews(ctx, list)
	if err != nil {
		return err
	}
	filter, err := s.ui.RegionFilter(ctx, u.Scope(), "（全部）")
	if err != nil {
		return err
	}
	return s.ui.Render(w, r, http.StatusOK, "point/list.html", pointListPage{
		Points: views, Pager: ui.NewPager(r, pg, total), Region: q.Get("region"), Status: string(f.Status), Q: f.Query,
		Regions: filter, CanEdit: u.CanEditNetwork(),
	})
}

// pointViews labels points with the names of their village, town and county.
func (s *Server) pointViews(ctx context.Context, list []shuangbai.Point) ([]siteView, error) {
	var codes []string
	for _, p := range list {
		codes = append(codes, ui.RegionAncestors(p.Region)...)
	}
	names, err := s.db.RegionNames(ctx, codes)
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

// pointShow shows one point, its station and the staff assigned today.
func (s *Server) pointShow(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.db.Point(ctx, u.Scope(), id)
	if err != nil {
		return err
	}
	v, err := s.pointView(ctx, u.Scope(), p)
	if err != nil {
		return err
	}
	today := s.ui.Today()
	staff, err := s.db.Staffed(ctx, u.Scope(), 0, id, today)
	if err != nil {
		return err
	}
	return s.ui.Render(w, r, http.StatusOK, "point/show.html", pointShowPage{Point: v, Staff: staff, Today: today, CanEdit: u.CanEditNetwork()})
}

// pointView labels one point, with its station's name.
func (s *Server) pointView(ctx context.Context, scope shuangbai.Scope, p shuangbai.Point) (siteView, error) {
	views, err := s.pointViews(ctx, []shuangbai.Point{p})
	if err != nil {
		return siteView{}, err
	}
	st, err := s.db.Station(ctx, scope, p.StationID)
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

// pointNew shows an empty point form. ?station= offers only the villages of
// that station's town; ?region= preselects a village.
func (s *Server) pointNew(w http.ResponseWriter, r *http.Request) error {
	if err := ui.RequireEdit(ui.User(r)); err != nil {
		return err
	}
	v := map[string][]string{"status": {string(shuangbai.SitePlanned)}, "region": {r.URL.Query().Get("region")}}
	return s.pointForm(w, r, http.StatusOK, nil, ui.NewForm(v, nil))
}

// pointCreate stores a new point. Its station is the station of the
// village's town, found here so the user need not choose it.
func (s *Server) pointCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单格式有误")
	}
	fe := shuangbai.FieldErrors{}
	p := &shuangbai.Point{Region: strings.TrimSpace(r.PostForm.Get("region")), Site: siteInFromForm(r.PostForm, fe).site(fe)}
	if err := s.findPointStation(ctx, u.Scope(), p, fe); err != nil {
		return err
	}
	err := ui.Validated(fe, p.Validate)
	if err == nil {
		err = s.db.CreatePoint(ctx, u, p)
	}
	if ui.FieldErrors(err) != nil {
		return s.pointForm(w, r, ui.Status(err), nil, ui.NewForm(r.PostForm, err))
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
func (s *Server) findPointStation(ctx context.Context, scope shuangbai.Scope, p *shuangbai.Point, fe shuangbai.FieldErrors) error {
	if p.StationID != 0 || shuangbai.LevelOf(p.Region) != shuangbai.LevelVillage {
		return nil
	}
	st, err := s.db.StationByRegion(ctx, scope, shuangbai.ParentCode(p.Region))
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

// pointEdit shows the form filled with a stored point.
func (s *Server) pointEdit(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.db.Point(ctx, u.Scope(), id)
	if err != nil {
		return err
	}
	v, err := s.pointView(ctx, u.Scope(), p)
	if err != nil {
		return err
	}
	return s.pointForm(w, r, http.StatusOK, &v, ui.NewForm(siteValues(p.Site), nil))
}

// pointUpdate saves an edited point.
func (s *Server) pointUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	old, err := s.db.Point(ctx, u.Scope(), id)
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
		err = s.db.UpdatePoint(ctx, u, p)
	}
	if ui.FieldErrors(err) != nil {
		v, verr := s.pointView(ctx, u.Scope(), old)
		if verr != nil {
			return verr
		}
		return s.pointForm(w, r, ui.Status(err), &v, ui.NewForm(r.PostForm, err))
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
func (s *Server) pointForm(w http.ResponseWriter, r *http.Request, status int, pt *siteView, f ui.Form) error {
	p := pointFormPage{Form: f, Point: pt}
	if pt == nil {
		ctx, scope := r.Context(), ui.User(r).Scope()
		if id, err := strconv.ParseInt(r.URL.Query().Get("station"), 10, 64); err == nil {
			st, err := s.db.Station(ctx, scope, id)
			if err != nil {
				return err
			}
			scope = shuangbai.Scope{Code: st.Region}
		}
		have, _, err := s.db.Points(ctx, scope, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 500}})
		if err != nil {
			return err
		}
		taken := map[string]bool{}
		for _, x := range have {
			taken[x.Region] = true
		}
		if p.Villages, err = s.ui.RegionGroups(ctx, scope, shuangbai.LevelVillage, taken, nil); err != nil {
			return err
		}
	}
	return s.ui.Render(w, r, status, "point/form.html", p)
}
