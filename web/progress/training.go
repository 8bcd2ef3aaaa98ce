package progress

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// trainingView is a training with its organiser's name.
type trainingView struct {
	shuangbai.Training
	RegionName string
}

// countedKinds are the kinds of training the progress table counts: only
// pre-service and professional trainings are 社工业务培训.
var countedKinds = []shuangbai.TrainingKind{shuangbai.TrainingPreService, shuangbai.TrainingProfessional}

// Counted reports whether the progress table counts the training.
func (v trainingView) Counted() bool { return slices.Contains(countedKinds, v.Kind) }

// HoursText formats the hours without trailing zeros.
func (v trainingView) HoursText() string { return strconv.FormatFloat(v.Hours, 'f', -1, 64) }

// trainingViews labels trainings with their organisers' names; a city
// organises as 本级.
func (h *Handlers) trainingViews(ctx context.Context, list []shuangbai.Training) ([]trainingView, error) {
	var codes []string
	for _, t := range list {
		codes = append(codes, t.Region)
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := make([]trainingView, len(list))
	for i, t := range list {
		out[i] = trainingView{Training: t, RegionName: organiserName(t.Region, names[t.Region])}
	}
	return out, nil
}

// organiserName names an organiser as the table's rows do: a city or
// province organises as its 本级.
func organiserName(code, name string) string {
	switch shuangbai.LevelOf(code) {
	case shuangbai.LevelCity:
		return name + "（市本级）"
	case shuangbai.LevelProvince:
		return name + "（省本级）"
	}
	return name
}

// trainingTable is what the table of trainings prints: the rows and, in
// the register, whether the progress table counts each.
type trainingTable struct {
	Rows    []trainingView
	Counted bool
}

// trainingKinds lists the kinds for a <select>.
var trainingKinds = []shuangbai.TrainingKind{shuangbai.TrainingPreService, shuangbai.TrainingProfessional, shuangbai.TrainingOther}

// trainingListPage is the data of training/list.html.
type trainingListPage struct {
	Trainings  []trainingView
	Region     string // the filters, as given
	Kind       string
	Organisers []ui.RegionOption
	Kinds      []shuangbai.TrainingKind
	CanAdmin   bool
}

// Table is the page's table of trainings, saying which the progress table
// counts: the register holds every kind.
func (p trainingListPage) Table() trainingTable {
	return trainingTable{Rows: p.Trainings, Counted: true}
}

// TrainingList lists the trainings organised inside the user's scope,
// newest first, filtered by organiser and kind.
func (h *Handlers) TrainingList(w http.ResponseWriter, r *http.Request) error {
	ctx, scope, q := r.Context(), ui.Scope(r), r.URL.Query()
	var f store.TrainingFilter
	if f.Region = strings.TrimSpace(q.Get("region")); f.Region != "" && !scope.Contains(f.Region) {
		return shuangbai.Errorf(shuangbai.ENOTFOUND, "区划 %s 不存在或不在您的管辖范围内", f.Region)
	}
	kind := shuangbai.TrainingKind(q.Get("kind"))
	if kind != "" {
		if kind.Label() == string(kind) {
			return ui.BadRequest("参数 kind 应为 pre_service、professional 或 other")
		}
		f.Kinds = []shuangbai.TrainingKind{kind}
	}
	list, err := h.db.Trainings(ctx, scope, f)
	if err != nil {
		return err
	}
	views, err := h.trainingViews(ctx, list)
	if err != nil {
		return err
	}
	orgs, err := h.organisers(ctx, scope)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "training/list.html", trainingListPage{
		Trainings: views, Region: f.Region, Kind: string(kind), Organisers: orgs, Kinds: trainingKinds, CanAdmin: ui.User(r).IsBureauAdmin(),
	})
}

// organisers lists the regions in scope that may organise a training: the
// province, cities and counties.
func (h *Handlers) organisers(ctx context.Context, scope shuangbai.Scope) ([]ui.RegionOption, error) {
	var out []ui.RegionOption
	for _, l := range []shuangbai.Level{shuangbai.LevelProvince, shuangbai.LevelCity, shuangbai.LevelCounty} {
		rs, err := h.db.RegionsAt(ctx, scope, l, shuangbai.Date{})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out = append(out, ui.RegionOption{Code: r.Code, Name: organiserName(r.Code, r.Name)})
		}
	}
	return out, nil
}

// trainingFormPage is the data of training/form.html.
type trainingFormPage struct {
	Form       ui.Form
	Organisers []ui.RegionOption
	Kinds      []shuangbai.TrainingKind
	Staff      []attendeeGroup
	Today      shuangbai.Date
}

// attendeeGroup is the staff of one county, as a group of checkboxes.
type attendeeGroup struct {
	Name    string
	People  []attendeeOption
	Checked int
	Open    bool // shown unfolded: some ticked, or the only group
}

// attendeeOption is one person to tick.
type attendeeOption struct {
	ID      string
	Name    string
	Detail  string // town and post
	Checked bool
}

// TrainingNew shows the form for a new training.
func (h *Handlers) TrainingNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireBureau(u); err != nil {
		return err
	}
	v := url.Values{"held_on": {h.ui.Today().String()}, "kind": {string(shuangbai.TrainingProfessional)}, "region": {u.Region}}
	return h.trainingForm(w, r, http.StatusOK, ui.NewForm(v, nil))
}

// TrainingCreate stores a training with its attendees and returns to the
// list.
func (h *Handlers) TrainingCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireBureau(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	t := shuangbai.Training{
		Region: strings.TrimSpace(v.Get("region")),
		HeldOn: ui.ParseDate(fe, "held_on", v.Get("held_on")),
		Kind:   shuangbai.TrainingKind(v.Get("kind")),
		Title:  strings.TrimSpace(v.Get("title")),
	}
	if n, ok := ui.ParseNumber(v.Get("hours")); ok {
		t.Hours = n
	} else {
		fe.Add("hours", "学时应为数字，例如 16 或 2.5")
	}
	if t.HeldOn.After(h.ui.Today()) {
		fe.Add("held_on", "培训日期不能晚于今天；尚未举办的培训请举办后再登记")
	}
	for _, a := range v["attendees"] {
		n, err := strconv.ParseInt(a, 10, 64)
		if err != nil || n <= 0 {
			fe.Add("attendees", "参训人员选择有误，请重新勾选")
			continue
		}
		t.Attendees = append(t.Attendees, n)
	}
	err = ui.Validated(fe, func() error { return t.Validate(h.ui.Today()) })
	if err == nil {
		err = h.db.CreateTraining(ctx, u, &t)
	}
	if ui.FieldErrors(err) != nil {
		return h.trainingForm(w, r, ui.Status(err), ui.NewForm(v, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已登记培训“"+t.Title+"”，参训 "+strconv.Itoa(len(t.Attendees))+" 人")
	http.Redirect(w, r, "/trainings", http.StatusSeeOther)
	return nil
}

// trainingForm renders the form with the staff of the user's scope to
// choose attendees from, grouped by county.
func (h *Handlers) trainingForm(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	ctx, scope := r.Context(), ui.Scope(r)
	orgs, err := h.organisers(ctx, scope)
	if err != nil {
		return err
	}
	staff, err := h.attendeeGroups(ctx, scope, f)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "training/form.html", trainingFormPage{Form: f, Organisers: orgs, Kinds: trainingKinds, Staff: staff, Today: h.ui.Today()})
}

// attendeeGroups reads the whole staff roster in scope, a page at a time,
// and groups it by county.
func (h *Handlers) attendeeGroups(ctx context.Context, scope shuangbai.Scope, f ui.Form) ([]attendeeGroup, error) {
	var people []shuangbai.Person
	for {
		page, total, err := h.db.People(ctx, scope, store.PersonFilter{Limit: 500, Offset: len(people)})
		if err != nil {
			return nil, err
		}
		people = append(people, page...)
		if len(page) == 0 || len(people) >= total {
			break
		}
	}
	var codes []string
	for _, p := range people {
		codes = append(codes, p.Region)
		codes = append(codes, ui.RegionAncestors(p.Region)...)
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	var out []attendeeGroup
	group := ""
	for _, p := range people {
		county := p.Region[:min(6, len(p.Region))]
		if len(out) == 0 || group != county {
			group = county
			out = append(out, attendeeGroup{Name: names[county]})
		}
		g := &out[len(out)-1]
		pid := strconv.FormatInt(p.ID, 10)
		o := attendeeOption{ID: pid, Name: p.Name, Detail: p.Role.Label(), Checked: f.Has("attendees", pid)}
		if len(p.Region) > 6 {
			o.Detail = names[p.Region[:9]] + " · " + o.Detail
		}
		if o.Checked {
			g.Checked++
		}
		g.People = append(g.People, o)
	}
	for i := range out {
		out[i].Open = out[i].Checked > 0 || len(out) == 1
	}
	return out, nil
}
