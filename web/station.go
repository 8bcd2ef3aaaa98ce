package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
)

// stationListPage is the data of station/list.html.
type stationListPage struct {
	Stations []siteView
	Pager    pager
	Region   string // the filters, as given
	Status   string
	Q        string
	Regions  []regionGroup // choices for the region filter
	CanEdit  bool
}

// stationList lists the stations in scope, filtered by region, status and
// name, one page at a time.
func (s *Server) stationList(w http.ResponseWriter, r *http.Request) error {
	ctx, u, q := r.Context(), userOf(r), r.URL.Query()
	scope, f, err := siteQuery(q, u.Scope())
	if err != nil {
		return err
	}
	pg, err := pageParam(q)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = pageSize, (pg-1)*pageSize
	list, total, err := s.db.Stations(ctx, scope, f)
	if err != nil {
		return err
	}
	views, err := s.stationViews(ctx, list)
	if err != nil {
		return err
	}
	filter, err := s.regionFilter(ctx, u.Scope(), "（全部）")
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "station/list.html", stationListPage{
		Stations: views, Pager: newPager(r, pg, total), Region: q.Get("region"), Status: string(f.Status), Q: f.Query,
		Regions: filter, CanEdit: u.CanEditNetwork(),
	})
}

// stationViews labels stations with the names of their town and county.
func (s *Server) stationViews(ctx context.Context, list []shuangbai.Station) ([]siteView, error) {
	var codes []string
	for _, st := range list {
		codes = append(codes, regionAncestors(st.Region)...)
	}
	names, err := s.db.RegionNames(ctx, codes)
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

// stationShow shows one station: its site, equipment checklist, points and
// the staff assigned to it today.
func (s *Server) stationShow(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), userOf(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, err := s.db.Station(ctx, u.Scope(), id)
	if err != nil {
		return err
	}
	views, err := s.stationViews(ctx, []shuangbai.Station{st})
	if err != nil {
		return err
	}
	points, _, err := s.db.Points(ctx, u.Scope(), store.PointFilter{StationID: id, SiteFilter: shuangbai.SiteFilter{Limit: 500}})
	if err != nil {
		return err
	}
	pviews, err := s.pointViews(ctx, points)
	if err != nil {
		return err
	}
	today := s.today()
	staff, err := s.db.Staffed(ctx, u.Scope(), id, 0, today)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "station/show.html", stationShowPage{
		Station: views[0], Points: pviews, Staff: staff, Today: today, CanEdit: u.CanEditNetwork(),
	})
}

// stationFormPage is the data of station/form.html, for both a new station
// and an edit.
type stationFormPage struct {
	Form    form
	Station *siteView     // nil for a new station
	Towns   []regionGroup // a new station's choice of town
}

// stationNew shows an empty station form; ?region= preselects a town.
func (s *Server) stationNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireEdit(userOf(r)); err != nil {
		return err
	}
	v := map[string][]string{"status": {string(shuangbai.SitePlanned)}, "region": {r.URL.Query().Get("region")}}
	return s.stationForm(w, r, http.StatusOK, nil, newForm(v, nil))
}

// stationCreate stores a new station from the form, or shows the form
// again with a message next to each wrong field.
func (s *Server) stationCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), userOf(r)
	if err := requireEdit(u); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return badRequest("表单格式有误")
	}
	fe := shuangbai.FieldErrors{}
	st := &shuangbai.Station{Region: strings.TrimSpace(r.PostForm.Get("region")), Site: siteInFromForm(r.PostForm, fe).site(fe)}
	err := validated(fe, st.Validate)
	if err == nil {
		err = s.db.CreateStation(ctx, u, st)
	}
	if fieldErrors(err) != nil {
		return s.stationForm(w, r, errorStatus(err), nil, newForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	setFlash(w, "社工站“"+st.Name+"”已新建")
	http.Redirect(w, r, "/stations/"+strconv.FormatInt(st.ID, 10), http.StatusSeeOther)
	return nil
}

// stationEdit shows the form filled with a stored station.
func (s *Server) stationEdit(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), userOf(r)
	if err := requireEdit(u); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, err := s.db.Station(ctx, u.Scope(), id)
	if err != nil {
		return err
	}
	views, err := s.stationViews(ctx, []shuangbai.Station{st})
	if err != nil {
		return err
	}
	return s.stationForm(w, r, http.StatusOK, &views[0], newForm(siteValues(st.Site), nil))
}

// stationUpdate saves an edited station.
func (s *Server) stationUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), userOf(r)
	if err := requireEdit(u); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	old, err := s.db.Station(ctx, u.Scope(), id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return badRequest("表单格式有误")
	}
	fe := shuangbai.FieldErrors{}
	st := &shuangbai.Station{ID: id, Region: old.Region, Site: siteInFromForm(r.PostForm, fe).site(fe)}
	err = validated(fe, st.Validate)
	if err == nil {
		err = s.db.UpdateStation(ctx, u, st)
	}
	if fieldErrors(err) != nil {
		views, verr := s.stationViews(ctx, []shuangbai.Station{old})
		if verr != nil {
			return verr
		}
		return s.stationForm(w, r, errorStatus(err), &views[0], newForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	setFlash(w, "修改已保存")
	http.Redirect(w, r, "/stations/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// stationForm renders the station form. A new station chooses among the
// towns of the scope that need a station; those that have one are shown
// but cannot be chosen.
func (s *Server) stationForm(w http.ResponseWriter, r *http.Request, status int, st *siteView, f form) error {
	p := stationFormPage{Form: f, Station: st}
	if st == nil {
		ctx, scope := r.Context(), userOf(r).Scope()
		have, _, err := s.db.Stations(ctx, scope, shuangbai.SiteFilter{Limit: 500})
		if err != nil {
			return err
		}
		taken := map[string]bool{}
		for _, x := range have {
			taken[x.Region] = true
		}
		p.Towns, err = s.regionGroups(ctx, scope, shuangbai.LevelTown, taken, shuangbai.Region.NeedsStation)
		if err != nil {
			return err
		}
	}
	return s.render(w, r, status, "station/form.html", p)
}
