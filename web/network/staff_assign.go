package network

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/web/ui"
)

// staffShowPage is the data of staff/show.html.
type staffShowPage struct {
	Person      ui.PersonView
	Assignments []assignmentView
	Sites       []ui.RegionGroup // where the person can be assigned
	Form        ui.Form          // the assignment form
	Today       shuangbai.Date
	CanEdit     bool

	// The accounts linked to the person, for those who run the network or
	// the accounts; the system administrator links one from here.
	ShowAccounts bool
	Accounts     []*shuangbai.User
	CanLink      bool              // the system administrator
	Linkable     []*shuangbai.User // accounts linked to no one, where the person works
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
	id, err := editedID(r, "id")
	if err != nil {
		return err
	}
	form, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	a := shuangbai.Assignment{PersonID: id, From: ui.ParseDate(fe, "from", form.Get("from")), To: ui.ParseDate(fe, "to", form.Get("to"))}
	kind, sid, _ := strings.Cut(form.Get("site"), ":")
	n, _ := strconv.ParseInt(sid, 10, 64)
	switch kind {
	case "station":
		a.StationID = n
	case "point":
		a.PointID = n
	}
	err = ui.Validated(fe, func() error { return a.Validate(h.ui.Today()) })
	if err == nil {
		err = h.db.Assign(r.Context(), ui.User(r), &a)
	}
	again := func(status int, f ui.Form) error { return h.staffPage(w, r, status, f) }
	return answer(w, r, err, again, "已分配", "/staff/"+strconv.FormatInt(id, 10))
}

// StaffEnd records the last day of one of a person's assignments (离岗).
func (h *Handlers) StaffEnd(w http.ResponseWriter, r *http.Request) error {
	id, err := editedID(r, "id")
	if err != nil {
		return err
	}
	aid, err := ui.PathID(r, "aid")
	if err != nil {
		return err
	}
	form, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	last := ui.ParseDate(fe, "end:"+strconv.FormatInt(aid, 10), form.Get("to"))
	err = fe.Err()
	if err == nil {
		err = h.db.EndAssignment(r.Context(), ui.User(r), id, aid, last)
	}
	again := func(status int, f ui.Form) error {
		// The message shows beside the assignment; the page's form to
		// assign starts afresh rather than with this form's date.
		f.Values = url.Values{"from": {h.ui.Today().String()}}
		return h.staffPage(w, r, status, f)
	}
	return answer(w, r, err, again, "已登记离岗", "/staff/"+strconv.FormatInt(id, 10))
}

// staffPage renders staff/show.html with the given assignment form.
func (h *Handlers) staffPage(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	p, list, err := h.person(r)
	if err != nil {
		return err
	}
	ctx, today := r.Context(), h.ui.Today()
	page := staffShowPage{Person: p, Form: f, Today: today, CanEdit: ui.User(r).CanEditNetwork()}
	// A person is assigned within their own region. A choice of site is
	// its kind and id, "station:7".
	home := shuangbai.Scope{Code: p.Region}
	siteName := map[string]string{}
	for _, k := range []siteKind{stations{h}, points{h}} {
		sites, _, err := k.find(ctx, home, shuangbai.SiteFilter{Limit: 500})
		if err != nil {
			return err
		}
		g := ui.RegionGroup{Name: k.names().Name}
		for _, s := range sites {
			key := k.names().kind + ":" + strconv.FormatInt(s.ID, 10)
			siteName[key] = s.Name
			g.Options = append(g.Options, ui.RegionOption{Code: key, Name: s.Name})
		}
		page.Sites = append(page.Sites, g)
	}
	for _, a := range list {
		var k siteKind = stations{h}
		sid := a.StationID
		if sid == 0 {
			k, sid = points{h}, a.PointID
		}
		v := assignmentView{Assignment: a, Active: a.ActiveOn(today), SiteURL: sitePath(k, sid),
			SiteName: siteName[k.names().kind+":"+strconv.FormatInt(sid, 10)]}
		if v.SiteName == "" {
			v.SiteName = "（查看）"
		}
		page.Assignments = append(page.Assignments, v)
	}
	if err := h.staffAccounts(r, &page); err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "staff/show.html", page)
}

// staffAccounts fills in the accounts linked to the page's person and, for
// the system administrator, the accounts that could be: a social
// worker's, a station lead's or a supervisor's, linked to no one, working
// where the person does (the same town, or above or below it).
func (h *Handlers) staffAccounts(r *http.Request, page *staffShowPage) error {
	ctx, u, scope := r.Context(), ui.User(r), ui.Scope(r)
	page.ShowAccounts = u.CanEditNetwork() || u.CanManageUsers()
	if !page.ShowAccounts {
		return nil
	}
	var err error
	if page.Accounts, err = h.db.PersonAccounts(ctx, scope, page.Person.ID); err != nil {
		return err
	}
	if page.CanLink = u.CanManageUsers(); !page.CanLink {
		return nil
	}
	all, err := h.db.Users(ctx, scope)
	if err != nil {
		return err
	}
	here := shuangbai.Scope{Code: page.Person.Region}
	for _, a := range all {
		staff := a.Role == shuangbai.RoleWorker || a.Role == shuangbai.RoleStationLead || a.Role == shuangbai.RoleSupervisor
		if staff && a.PersonID == 0 && !a.Disabled && (here.Contains(a.Region) || (shuangbai.Scope{Code: a.Region}).Contains(page.Person.Region)) {
			page.Linkable = append(page.Linkable, a)
		}
	}
	return nil
}
