package web

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

// personView is a member of staff with the names of their region.
type personView struct {
	shuangbai.Person
	RegionPath string // 云城区 / 河口街道
}

// personViews labels people with their region's path.
func (s *Server) personViews(ctx context.Context, list []shuangbai.Person) ([]personView, error) {
	var codes []string
	for _, p := range list {
		codes = append(codes, p.Region)
		codes = append(codes, ui.RegionAncestors(p.Region)...)
	}
	names, err := s.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := make([]personView, len(list))
	for i, p := range list {
		out[i] = personView{Person: p, RegionPath: ui.RegionPath(names, p.Region)}
	}
	return out, nil
}

// staffListPage is the data of staff/list.html.
type staffListPage struct {
	People  []personView
	Pager   ui.Pager
	Region  string
	Role    string
	Q       string
	Regions []ui.RegionGroup
	CanEdit bool
}

// staffList lists the staff in scope, filtered by region, post and name.
func (s *Server) staffList(w http.ResponseWriter, r *http.Request) error {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	f, scope, err := personQuery(q, u.Scope())
	if err != nil {
		return err
	}
	pg, err := ui.PageParam(q)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = ui.PageSize, (pg-1)*ui.PageSize
	list, total, err := s.db.People(ctx, scope, f)
	if err != nil {
		return err
	}
	views, err := s.personViews(ctx, list)
	if err != nil {
		return err
	}
	filter, err := s.ui.RegionFilter(ctx, u.Scope(), "（全部）")
	if err != nil {
		return err
	}
	return s.ui.Render(w, r, http.StatusOK, "staff/list.html", staffListPage{
		People: views, Pager: ui.NewPager(r, pg, total), Region: q.Get("region"), Role: string(f.Role), Q: f.Query,
		Regions: filter, CanEdit: u.CanEditNetwork(),
	})
}

// personQuery reads the filters of a staff list: region, role and q.
func personQuery(q url.Values, scope shuangbai.Scope) (store.PersonFilter, shuangbai.Scope, error) {
	var f store.PersonFilter
	scope, err := ui.RegionParam(q, scope)
	if err != nil {
		return f, scope, err
	}
	if role := shuangbai.StaffRole(q.Get("role")); role != "" {
		if role.Label() == string(role) {
			return f, scope, ui.BadRequest("参数 role 应为 worker、lead、deputy 或 supervisor")
		}
		f.Role = role
	}
	f.Query, err = ui.TextParam(q, "q")
	return f, scope, err
}

// staffFormPage is the data of staff/form.html.
type staffFormPage struct {
	ID      int64 // 0 for a new member of staff
	Form    ui.Form
	Regions []ui.RegionGroup
}

// staffNew shows an empty form for a new member of staff.
func (s *Server) staffNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	v := url.Values{"role": {string(shuangbai.StaffWorker)}, "region": {u.Region}}
	return s.staffForm(w, r, http.StatusOK, 0, ui.NewForm(v, nil))
}

// staffEdit shows the form to change a member of staff.
func (s *Server) staffEdit(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.db.Person(ctx, u.Scope(), id)
	if err != nil {
		return err
	}
	v := url.Values{"region": {p.Region}, "name": {p.Name}, "gender": {p.Gender}, "phone": {p.Phone}, "role": {string(p.Role)}}
	return s.staffForm(w, r, http.StatusOK, id, ui.NewForm(v, nil))
}

// staffUpdate stores changes to a member of staff.
func (s *Server) staffUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单格式有误")
	}
	p := personFromValues(r.PostForm)
	p.ID = id
	err = s.db.UpdatePerson(ctx, u, &p)
	if ui.FieldErrors(err) != nil {
		return s.staffForm(w, r, ui.Status(err), id, ui.NewForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已保存")
	http.Redirect(w, r, "/staff/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// staffEnd records the last day of one of a person's assignments (离岗).
func (s *Server) staffEnd(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := ui.PathID(r, "aid")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单格式有误")
	}
	fe := shuangbai.FieldErrors{}
	field := "end:" + strconv.FormatInt(aid, 10)
	last := ui.ParseDate(fe, field, r.PostForm.Get("to"))
	err = fe.Err()
	if err == nil {
		err = s.db.EndAssignment(ctx, u, id, aid, last)
	}
	if ui.FieldErrors(err) != nil {
		return s.staffPage(w, r, ui.Status(err), ui.NewForm(url.Values{"from": {s.ui.Today().String()}}, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已登记离岗")
	http.Redirect(w, r, "/staff/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// staffCreate stores a new member of staff and opens their page, where
// they can be assigned to a station or point.
func (s *Server) staffCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单格式有误")
	}
	p := personFromValues(r.PostForm)
	err := s.db.CreatePerson(ctx, u, &p)
	if ui.FieldErrors(err) != nil {
		return s.staffForm(w, r, ui.Status(err), 0, ui.NewForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, p.Name+" 已登记。可在下方把其分配到社工站或社工点。")
	http.Redirect(w, r, "/staff/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	return nil
}

func personFromValues(v url.Values) shuangbai.Person {
	return shuangbai.Person{
		Region: strings.TrimSpace(v.Get("region")), Name: strings.TrimSpace(v.Get("name")),
		Gender: v.Get("gender"), Phone: strings.TrimSpace(v.Get("phone")), Role: shuangbai.StaffRole(v.Get("role")),
	}
}

func (s *Server) staffForm(w http.ResponseWriter, r *http.Request, status int, id int64, f ui.Form) error {
	regions, err := s.ui.RegionFilter(r.Context(), ui.User(r).Scope(), "（县级）")
	if err != nil {
		return err
	}
	return s.ui.Render(w, r, status, "staff/form.html", staffFormPage{ID: id, Form: f, Regions: regions})
}

// staffShowPage is the data of staff/show.html.
type staffShowPage struct {
	Person      personView
	Assignments []assignmentView
	Sites       []ui.RegionGroup // where the person can be assigned
	Form        ui.Form          // the assignment form
	Today       shuangbai.Date
	CanEdit     bool
}

// assignmentView is an assignment with the name of its site.
type assignmentView struct {
	shuangbai.Assignment
	SiteName string
	SiteURL  string
	Active   bool
}

// staffShow shows a member of staff, where they have worked, and a form to
// assign them.
func (s *Server) staffShow(w http.ResponseWriter, r *http.Request) error {
	v := url.Values{"from": {s.ui.Today().String()}}
	return s.staffPage(w, r, http.StatusOK, ui.NewForm(v, nil))
}

// staffAssign places a member of staff at a station or point.
func (s *Server) staffAssign(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单格式有误")
	}
	fe := shuangbai.FieldErrors{}
	a := shuangbai.Assignment{PersonID: id, From: ui.ParseDate(fe, "from", r.PostForm.Get("from")), To: ui.ParseDate(fe, "to", r.PostForm.Get("to"))}
	kind, sid, _ := strings.Cut(r.PostForm.Get("site"), ":")
	n, _ := strconv.ParseInt(sid, 10, 64)
	switch kind {
	case "station":
		a.StationID = n
	case "point":
		a.PointID = n
	}
	err = ui.Validated(fe, a.Validate)
	if err == nil {
		err = s.db.Assign(ctx, u, &a)
	}
	if ui.FieldErrors(err) != nil {
		return s.staffPage(w, r, ui.Status(err), ui.NewForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已分配")
	http.Redirect(w, r, "/staff/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// staffPage renders staff/show.html with the given assignment form.
func (s *Server) staffPage(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	ctx, u := r.Context(), ui.User(r)
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.db.Person(ctx, u.Scope(), id)
	if err != nil {
		return err
	}
	views, err := s.personViews(ctx, []shuangbai.Person{p})
	if err != nil {
		return err
	}
	list, err := s.db.Assignments(ctx, u.Scope(), id)
	if err != nil {
		return err
	}
	// A person is assigned within their own region.
	home := shuangbai.Scope{Code: p.Region}
	stations, _, err := s.db.Stations(ctx, home, shuangbai.SiteFilter{Limit: 500})
	if err != nil {
		return err
	}
	points, _, err := s.db.Points(ctx, home, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 500}})
	if err != nil {
		return err
	}
	today := s.ui.Today()
	page := staffShowPage{Person: views[0], Form: f, Today: today, CanEdit: u.CanEditNetwork()}
	siteName := map[string]string{}
	stationGroup := ui.RegionGroup{Name: "社工站"}
	for _, st := range stations {
		key := "station:" + strconv.FormatInt(st.ID, 10)
		siteName[key] = st.Name
		stationGroup.Options = append(stationGroup.Options, ui.RegionOption{Code: key, Name: st.Name})
	}
	pointGroup := ui.RegionGroup{Name: "社工点"}
	for _, pt := range points {
		key := "point:" + strconv.FormatInt(pt.ID, 10)
		siteName[key] = pt.Name
		pointGroup.Options = append(pointGroup.Options, ui.RegionOption{Code: key, Name: pt.Name})
	}
	page.Sites = []ui.RegionGroup{stationGroup, pointGroup}
	for _, a := range list {
		v := assignmentView{Assignment: a, Active: a.ActiveOn(today)}
		if a.StationID != 0 {
			v.SiteURL = "/stations/" + strconv.FormatInt(a.StationID, 10)
			v.SiteName = siteName["station:"+strconv.FormatInt(a.StationID, 10)]
		} else {
			v.SiteURL = "/points/" + strconv.FormatInt(a.PointID, 10)
			v.SiteName = siteName["point:"+strconv.FormatInt(a.PointID, 10)]
		}
		if v.SiteName == "" {
			v.SiteName = "（查看）"
		}
		page.Assignments = append(page.Assignments, v)
	}
	return s.ui.Render(w, r, status, "staff/show.html", page)
}
