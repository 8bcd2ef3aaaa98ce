package network

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// staffListPage is the data of staff/list.html.
type staffListPage struct {
	People  []ui.PersonView
	Pager   ui.Pager
	Region  string
	Role    string
	Q       string
	Regions []ui.RegionGroup
	CanEdit bool
}

// StaffList lists the staff in scope, filtered by region, post and name.
func (h *Handlers) StaffList(w http.ResponseWriter, r *http.Request) error {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	f, scope, err := personQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	pg, err := ui.PageParam(q)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = ui.PageSize, (pg-1)*ui.PageSize
	list, total, err := h.db.People(ctx, scope, f)
	if err != nil {
		return err
	}
	views, err := h.ui.PersonViews(ctx, list)
	if err != nil {
		return err
	}
	filter, err := h.ui.RegionFilter(ctx, ui.Scope(r), "（全部）")
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "staff/list.html", staffListPage{
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

// StaffNew shows an empty form for a new member of staff.
func (h *Handlers) StaffNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	v := url.Values{"role": {string(shuangbai.StaffWorker)}, "region": {u.Region}}
	return h.staffForm(w, r, http.StatusOK, 0, ui.NewForm(v, nil))
}

// StaffEdit shows the form to change a member of staff.
func (h *Handlers) StaffEdit(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.db.Person(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	v := url.Values{"region": {p.Region}, "name": {p.Name}, "gender": {p.Gender}, "phone": {p.Phone}, "role": {string(p.Role)}}
	return h.staffForm(w, r, http.StatusOK, id, ui.NewForm(v, nil))
}

// StaffUpdate stores changes to a member of staff.
func (h *Handlers) StaffUpdate(w http.ResponseWriter, r *http.Request) error {
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
	err = h.db.UpdatePerson(ctx, u, &p)
	if ui.FieldErrors(err) != nil {
		return h.staffForm(w, r, ui.Status(err), id, ui.NewForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已保存")
	http.Redirect(w, r, "/staff/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// StaffEnd records the last day of one of a person's assignments (离岗).
func (h *Handlers) StaffEnd(w http.ResponseWriter, r *http.Request) error {
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
		err = h.db.EndAssignment(ctx, u, id, aid, last)
	}
	if ui.FieldErrors(err) != nil {
		return h.staffPage(w, r, ui.Status(err), ui.NewForm(url.Values{"from": {h.ui.Today().String()}}, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已登记离岗")
	http.Redirect(w, r, "/staff/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// StaffCreate stores a new member of staff and opens their page, where
// they can be assigned to a station or point.
func (h *Handlers) StaffCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单格式有误")
	}
	p := personFromValues(r.PostForm)
	err := h.db.CreatePerson(ctx, u, &p)
	if ui.FieldErrors(err) != nil {
		return h.staffForm(w, r, ui.Status(err), 0, ui.NewForm(r.PostForm, err))
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

func (h *Handlers) staffForm(w http.ResponseWriter, r *http.Request, status int, id int64, f ui.Form) error {
	regions, err := h.ui.RegionFilter(r.Context(), ui.Scope(r), "（县级）")
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "staff/form.html", staffFormPage{ID: id, Form: f, Regions: regions})
}

// staffShowPage is the data of staff/show.html.
type staffShowPage struct {
	Person      ui.PersonView
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

// StaffShow shows a member of staff, where they have worked, and a form to
// assign them.
func (h *Handlers) StaffShow(w http.ResponseWriter, r *http.Request) error {
	v := url.Values{"from": {h.ui.Today().String()}}
	return h.staffPage(w, r, http.StatusOK, ui.NewForm(v, nil))
}

// StaffAssign places a member of staff at a station or point.
func (h *Handlers) StaffAssign(w http.ResponseWriter, r *http.Request) error {
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
		err = h.db.Assign(ctx, u, &a)
	}
	if ui.FieldErrors(err) != nil {
		return h.staffPage(w, r, ui.Status(err), ui.NewForm(r.PostForm, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已分配")
	http.Redirect(w, r, "/staff/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// staffPage renders staff/show.html with the given assignment form.
func (h *Handlers) staffPage(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	ctx, u := r.Context(), ui.User(r)
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.db.Person(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	views, err := h.ui.PersonViews(ctx, []shuangbai.Person{p})
	if err != nil {
		return err
	}
	list, err := h.db.Assignments(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	// A person is assigned within their own region.
	home := shuangbai.Scope{Code: p.Region}
	stations, _, err := h.db.Stations(ctx, home, shuangbai.SiteFilter{Limit: 500})
	if err != nil {
		return err
	}
	points, _, err := h.db.Points(ctx, home, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 500}})
	if err != nil {
		return err
	}
	today := h.ui.Today()
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
	return h.ui.Render(w, r, status, "staff/show.html", page)
}
