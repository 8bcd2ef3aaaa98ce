package network

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

// staffListPage is the data of staff/list.html.
type staffListPage struct {
	listHead
	People []ui.PersonView
	Role   string // the filters besides the region, as given
	Q      string
}

// StaffList lists the staff in scope, filtered by region, post and name.
func (h *Handlers) StaffList(w http.ResponseWriter, r *http.Request) error {
	ctx, q := r.Context(), r.URL.Query()
	f, scope, err := personQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	pg, err := ui.PageParam(q)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = ui.PageSize, (pg-1)*ui.PageSize
	views, total, err := h.people(ctx, scope, f)
	if err != nil {
		return err
	}
	head, err := h.listHead(r, pg, total)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "staff/list.html", staffListPage{listHead: head, People: views, Role: string(f.Role), Q: f.Query})
}

// people returns one page of the staff in scope that f matches, labelled,
// and how many match in all.
func (h *Handlers) people(ctx context.Context, scope shuangbai.Scope, f store.PersonFilter) ([]ui.PersonView, int, error) {
	list, total, err := h.db.People(ctx, scope, f)
	if err != nil {
		return nil, 0, err
	}
	views, err := h.ui.PersonViews(ctx, list)
	return views, total, err
}

// person returns the member of staff the URL names, labelled, and where
// they have been assigned.
func (h *Handlers) person(r *http.Request) (ui.PersonView, []shuangbai.Assignment, error) {
	ctx, scope := r.Context(), ui.Scope(r)
	id, err := ui.PathID(r, "id")
	if err != nil {
		return ui.PersonView{}, nil, err
	}
	p, err := h.db.Person(ctx, scope, id)
	if err != nil {
		return ui.PersonView{}, nil, err
	}
	views, err := h.ui.PersonViews(ctx, []shuangbai.Person{p})
	if err != nil {
		return ui.PersonView{}, nil, err
	}
	list, err := h.db.Assignments(ctx, scope, id)
	return views[0], list, err
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
	id, err := editedID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.db.Person(r.Context(), ui.Scope(r), id)
	if err != nil {
		return err
	}
	v := url.Values{"region": {p.Region}, "name": {p.Name}, "gender": {p.Gender}, "phone": {p.Phone}, "role": {string(p.Role)}}
	return h.staffForm(w, r, http.StatusOK, id, ui.NewForm(v, nil))
}

// StaffCreate stores a new member of staff and opens their page, where
// they can be assigned to a station or point.
func (h *Handlers) StaffCreate(w http.ResponseWriter, r *http.Request) error {
	return h.staffSave(w, r)
}

// StaffUpdate stores changes to a member of staff.
func (h *Handlers) StaffUpdate(w http.ResponseWriter, r *http.Request) error {
	return h.staffSave(w, r)
}

// staffSave stores the posted form of the member of staff the URL names,
// or of a new one when it names none.
func (h *Handlers) staffSave(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = ui.PathID(r, "id"); err != nil {
			return err
		}
	}
	form, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	p := personFromValues(form)
	p.ID = id
	msg := "已保存"
	if id != 0 {
		err = h.db.UpdatePerson(ctx, u, &p)
	} else {
		err = h.db.CreatePerson(ctx, u, &p)
		msg = p.Name + " 已登记。可在下方把其分配到社工站或社工点。"
	}
	again := func(status int, f ui.Form) error { return h.staffForm(w, r, status, id, f) }
	return answer(w, r, err, again, msg, "/staff/"+strconv.FormatInt(p.ID, 10))
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
