package supervision

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// formItems is how many empty action items the visit form offers; the
// visit's page adds more.
const formItems = 3

// parseVisit reads a visit and its new action items from a form (or the
// API's fields). A row of an item left wholly empty is no item; a row
// partly filled is one, and is checked.
func parseVisit(v url.Values, today shuangbai.Date) (*shuangbai.SupervisionVisit, error) {
	fe := shuangbai.FieldErrors{}
	x := &shuangbai.SupervisionVisit{Topics: v.Get("topics"), Advice: v.Get("advice")}
	x.StationID = idField(fe, v, "station_id", "请选择社工站")
	x.PointID = idField(fe, v, "point_id", "")
	x.SupervisorID = idField(fe, v, "supervisor_id", "请选择督导")
	x.VisitedOn = ui.ParseDate(fe, "visited_on", v.Get("visited_on"))
	forms := v["forms"]
	if len(forms) > 0 {
		s := ""
		for _, f := range forms {
			s += f + ","
		}
		fs, err := shuangbai.ParseSupervisionForms(s)
		if err != nil {
			fe.Add("forms", shuangbai.ErrorMessage(err))
		}
		x.Forms = fs
	}
	// Rows left empty are dropped and the rows after them move up, in v
	// too, so that a message about the n-th item shows beside the n-th row
	// of the form shown again.
	n := 0
	for i := 0; i < 50; i++ {
		p := shuangbai.ItemPrefix(i)
		title, owner, due := ui.Trimmed(v, p+"title"), ui.Trimmed(v, p+"owner"), ui.Trimmed(v, p+"due")
		for _, f := range []string{"title", "owner", "due"} {
			v.Del(p + f)
		}
		if title == "" && owner == "" && due == "" {
			continue
		}
		q := shuangbai.ItemPrefix(n)
		n++
		v.Set(q+"title", title)
		v.Set(q+"owner", owner)
		v.Set(q+"due", due)
		a := shuangbai.ActionItem{Title: title, Owner: owner}
		if due != "" {
			a.Due = ui.ParseDate(fe, q+"due", due)
		}
		x.Items = append(x.Items, a)
	}
	return x, ui.Validated(fe, func() error { return x.Validate(today) })
}

// idField reads an optional id; msg, when set, is the message for a value
// that is not an id.
func idField(fe shuangbai.FieldErrors, v url.Values, field, msg string) int64 {
	s := ui.Trimmed(v, field)
	if s == "" || s == "0" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		if msg == "" {
			msg = "请重新选择"
		}
		fe.Add(field, msg)
		return 0
	}
	return id
}

// listPage is the data of supervision/list.html.
type listPage struct {
	Rows      []shuangbai.SupervisionVisit
	Paths     map[string]string
	Pager     ui.Pager
	Region    string
	CanRecord bool
	Query     string // the filters, for the export link
}

// VisitList lists the visits in scope (?region=CODE), newest first.
func (h *Handlers) VisitList(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return err
	}
	q := r.URL.Query()
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return err
	}
	pg, err := ui.PageParam(q)
	if err != nil {
		return err
	}
	f := store.VisitFilter{CoveredBy: coveredBy(u), Limit: ui.PageSize, Offset: (pg - 1) * ui.PageSize}
	rows, total, err := h.db.SupervisionVisits(r.Context(), scope, f)
	if err != nil {
		return err
	}
	codes := make([]string, len(rows))
	for i, v := range rows {
		codes[i] = v.Region
	}
	paths, err := h.ui.RegionPaths(r.Context(), codes)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "supervision/list.html", listPage{Rows: rows, Paths: paths, Pager: ui.NewPager(r, pg, total),
		Region: q.Get("region"), CanRecord: u.CanRecordSupervision(), Query: r.URL.RawQuery})
}

// formPage is the data of supervision/form.html.
type formPage struct {
	ID          int64
	Form        ui.Form
	Stations    []store.StationRef
	Points      []pointOption
	Supervisors []supervisorOption
	Forms       []shuangbai.SupervisionForm
	Items       []itemRow
}

// itemRow is a row of the form's action items.
type itemRow struct {
	N      int
	Prefix string
}

type pointOption struct {
	ID      int64
	Name    string
	Station int64
}

type supervisorOption struct {
	ID    int64
	Label string
}

// options fills the form's choices: the stations, points and supervisors
// the user may name. A supervisor names only themself, at the stations
// they cover.
func (h *Handlers) options(ctx context.Context, u *shuangbai.User, p *formPage) error {
	scope := u.Scope()
	stations, err := h.db.StationRefs(ctx, scope)
	if err != nil {
		return err
	}
	today := h.ui.Today()
	if pid := coveredBy(u); pid != 0 {
		cs, err := h.db.Coverages(ctx, scope, pid)
		if err != nil {
			return err
		}
		mine := map[int64]bool{}
		for _, c := range cs {
			mine[c.StationID] = true
		}
		var keep []store.StationRef
		for _, s := range stations {
			if mine[s.ID] {
				keep = append(keep, s)
			}
		}
		stations = keep
	}
	p.Stations = stations
	points, _, err := h.db.Points(ctx, scope, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 500}})
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, s := range stations {
		names[s.ID] = s.Name
	}
	for _, pt := range points {
		if n, ok := names[pt.StationID]; ok {
			p.Points = append(p.Points, pointOption{ID: pt.ID, Name: n + " · " + pt.Name, Station: pt.StationID})
		}
	}
	sups, chiefs, err := h.db.Supervisors(ctx, scope, today)
	if err != nil {
		return err
	}
	for _, c := range chiefs {
		if pid := coveredBy(u); pid == 0 || pid == c.PersonID {
			p.Supervisors = append(p.Supervisors, supervisorOption{ID: c.PersonID, Label: c.Name + "（" + c.Title + "）"})
		}
	}
	for _, s := range sups {
		if pid := coveredBy(u); pid == 0 || pid == s.Person.ID {
			p.Supervisors = append(p.Supervisors, supervisorOption{ID: s.Person.ID, Label: s.Person.Name})
		}
	}
	p.Forms = shuangbai.AllSupervisionForms
	for i := range formItems {
		p.Items = append(p.Items, itemRow{N: i + 1, Prefix: shuangbai.ItemPrefix(i)})
	}
	return nil
}

func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, id int64, f ui.Form) error {
	u := ui.User(r)
	p := formPage{ID: id, Form: f}
	if err := h.options(r.Context(), u, &p); err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "supervision/form.html", p)
}

// VisitNew shows the form of a new visit.
func (h *Handlers) VisitNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if !u.CanRecordSupervision() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "督导记录由督导本人或市、县民政局管理员填写；您的账号为%s", u.Role.Label())
	}
	v := url.Values{"visited_on": {h.ui.Today().String()}}
	if u.Role == shuangbai.RoleSupervisor {
		v.Set("supervisor_id", strconv.FormatInt(u.PersonID, 10))
	}
	return h.renderForm(w, r, http.StatusOK, 0, ui.NewForm(v, nil))
}

// VisitCreate records a visit with its action items.
func (h *Handlers) VisitCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	x, err := parseVisit(v, h.ui.Today())
	if err == nil {
		err = h.db.CreateSupervisionVisit(r.Context(), u, x)
	}
	if ui.FieldErrors(err) != nil {
		return h.renderForm(w, r, ui.Status(err), 0, ui.NewForm(v, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已记录督导")
	http.Redirect(w, r, visitURL(x.ID), http.StatusSeeOther)
	return nil
}

// showPage is the data of supervision/show.html.
type showPage struct {
	V        *shuangbai.SupervisionVisit
	Path     string
	Today    shuangbai.Date
	CanAdd   bool
	CanClose bool
	Form     ui.Form // the new item's
	Rows     ItemRows
}

// ItemRows is what the "item-rows" template shows: items with their state
// on Today, and whether the reader may close them.
type ItemRows struct {
	Items    []shuangbai.ActionItem
	Today    shuangbai.Date
	CanClose bool
}

// VisitShow shows a visit with its action items.
func (h *Handlers) VisitShow(w http.ResponseWriter, r *http.Request) error {
	return h.renderShow(w, r, http.StatusOK, ui.NewForm(nil, nil))
}

func (h *Handlers) renderShow(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	v, err := h.visitOf(r)
	if err != nil {
		return err
	}
	u := ui.User(r)
	paths, err := h.ui.RegionPaths(r.Context(), []string{v.Region})
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "supervision/show.html", showPage{V: v, Path: paths[v.Region], Today: h.ui.Today(),
		CanAdd:   u.CanRecordSupervision() && (u.Role != shuangbai.RoleSupervisor || u.PersonID == v.SupervisorID),
		CanClose: u.CanCloseItems(), Form: f, Rows: ItemRows{v.Items, h.ui.Today(), u.CanCloseItems()}})
}

// VisitItemAdd adds an action item to a visit.
func (h *Handlers) VisitItemAdd(w http.ResponseWriter, r *http.Request) error {
	x, err := h.visitOf(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	a := &shuangbai.ActionItem{Title: v.Get("title"), Owner: v.Get("owner")}
	if s := ui.Trimmed(v, "due"); s != "" {
		a.Due = ui.ParseDate(fe, "due", s)
	}
	err = fe.Err()
	if err == nil {
		err = h.db.AddVisitItem(r.Context(), ui.User(r), x.ID, a)
	}
	if ui.FieldErrors(err) != nil {
		return h.renderShow(w, r, ui.Status(err), ui.NewForm(v, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已增加待办事项")
	http.Redirect(w, r, visitURL(x.ID), http.StatusSeeOther)
	return nil
}
