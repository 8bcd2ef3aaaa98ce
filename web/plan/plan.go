package plan

import (
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// listPage is the data of plan/list.html.
type listPage struct {
	Plans    []shuangbai.Plan
	Paths    map[string]string
	Year     int
	Years    []int
	Region   string
	Regions  ui.Choice
	Pager    ui.Pager
	CanWrite bool
	CanTpl   bool
}

// PlanList lists the plans in scope, newest year first: ?region=CODE
// narrows them, ?year= picks a year (every year by default, or "all").
func (h *Handlers) PlanList(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return err
	}
	q := r.URL.Query()
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return err
	}
	year, err := yearParam(q, 0)
	if err != nil {
		return err
	}
	pg, err := ui.PageParam(q)
	if err != nil {
		return err
	}
	plans, total, err := h.db.Plans(r.Context(), scope, store.PlanFilter{Year: year, Limit: ui.PageSize, Offset: (pg - 1) * ui.PageSize})
	if err != nil {
		return err
	}
	codes := make([]string, len(plans))
	for i, p := range plans {
		codes[i] = p.Region
	}
	paths, err := h.ui.RegionPaths(r.Context(), codes)
	if err != nil {
		return err
	}
	groups, err := h.ui.RegionFilter(r.Context(), ui.Scope(r), "")
	if err != nil {
		return err
	}
	this := h.ui.Today().Time().Year()
	return h.ui.Render(w, r, http.StatusOK, "plan/list.html", listPage{Plans: plans, Paths: paths, Year: year,
		Years: []int{this + 1, this, this - 1, this - 2, this - 3}, Region: q.Get("region"),
		Regions: ui.Choice{Groups: groups, Selected: q.Get("region")}, Pager: ui.NewPager(r, pg, total),
		CanWrite: store.CanWritePlans(u), CanTpl: canSetTemplates(u)})
}

// yearParam reads ?year=: a year, "all" (0) or absent (def).
func yearParam(q url.Values, def int) (int, error) {
	switch s := q.Get("year"); s {
	case "":
		return def, nil
	case "all":
		return 0, nil
	default:
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			return 0, ui.BadRequest("参数 year 应为四位年份或 all")
		}
		return y, nil
	}
}

// showPage is the data of plan/show.html.
type showPage struct {
	Plan     *shuangbai.Plan
	Path     string
	AsOf     shuangbai.Date
	CanWrite bool
}

// PlanShow shows a plan with its progress as of ?date= (today).
func (h *Handlers) PlanShow(w http.ResponseWriter, r *http.Request) error {
	p, asOf, err := h.planOf(r)
	if err != nil {
		return err
	}
	paths, err := h.ui.RegionPaths(r.Context(), []string{p.Region})
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "plan/show.html", showPage{Plan: p, Path: paths[p.Region], AsOf: asOf,
		CanWrite: store.CanWritePlans(ui.User(r))})
}

// formPage is the data of plan/form.html.
type formPage struct {
	Form      ui.Form
	ID        int64 // 0 for a new plan
	Station   string
	Stations  []shuangbai.Station
	Templates []shuangbai.PlanTemplate
	Goals     []row
	Assets    []row
	Targets   []row
	GoalCount int
	Measures  []shuangbai.Measure
	Kinds     []shuangbai.AssetKind
	Fixed     map[int]bool // target rows that carry a template's line
}

func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, id int64, v url.Values, err error) error {
	page := formPage{Form: ui.NewForm(v, err), ID: id, Measures: shuangbai.Measures, Kinds: shuangbai.AssetKinds, Fixed: map[int]bool{}}
	goals, assets, targets := count(v, "goal", "problem"), count(v, "asset", "name"), count(v, "target", "label")
	page.Goals, page.Assets, page.Targets = rows("goal", goals, max(1, 3-goals)), rows("asset", assets, 3), rows("target", targets, 3)
	page.GoalCount = goals
	for i := range targets {
		page.Fixed[i] = v.Get("target."+strconv.Itoa(i)+".line_id") != ""
	}
	if id == 0 {
		scope := ui.Scope(r)
		if s := v.Get("region"); s != "" {
			if narrowed, ok := scope.Narrow(s); ok {
				scope = narrowed
			}
		}
		var serr error
		if page.Stations, _, serr = h.db.Stations(r.Context(), scope, shuangbai.SiteFilter{Limit: 500}); serr != nil {
			return serr
		}
		if page.Templates, serr = h.db.PlanTemplates(r.Context(), ui.Scope(r)); serr != nil {
			return serr
		}
	} else {
		page.Station = v.Get("station_name")
	}
	return h.ui.Render(w, r, status, "plan/form.html", page)
}

// PlanNew shows the form of a new plan: ?station=ID&year=Y&template=ID
// start it for that station, with the template's lines.
func (h *Handlers) PlanNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireWrite(u); err != nil {
		return err
	}
	q := r.URL.Query()
	p := &shuangbai.Plan{Year: h.ui.Today().Time().Year()}
	if y, err := strconv.Atoi(q.Get("year")); err == nil {
		p.Year = y
	}
	p.StationID, _ = strconv.ParseInt(q.Get("station"), 10, 64)
	tpls, err := h.db.PlanTemplates(r.Context(), ui.Scope(r))
	if err != nil {
		return err
	}
	// The template asked for, or the one template that applies.
	want, _ := strconv.ParseInt(q.Get("template"), 10, 64)
	for i := range tpls {
		if tpls[i].ID == want || want == 0 && len(tpls) == 1 {
			p.FromTemplate(&tpls[i])
		}
	}
	v := planValues(p)
	v.Set("region", q.Get("region"))
	return h.renderForm(w, r, http.StatusOK, 0, v, nil)
}

// PlanCreate stores a new plan.
func (h *Handlers) PlanCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireWrite(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	p, err := parsePlan(v)
	if err == nil {
		err = h.db.SavePlan(r.Context(), u, p)
	}
	if ui.FieldErrors(err) != nil {
		v = planValues(p)
	}
	return ui.Saved(w, r, err, func(status int) error { return h.renderForm(w, r, status, 0, v, err) }, ui.Done("已建立站点计划", "/plans/"+strconv.FormatInt(p.ID, 10)))
}

// PlanEdit shows the form of a stored plan.
func (h *Handlers) PlanEdit(w http.ResponseWriter, r *http.Request) error {
	if err := requireWrite(ui.User(r)); err != nil {
		return err
	}
	p, _, err := h.planOf(r)
	if err != nil {
		return err
	}
	v := planValues(p)
	v.Set("station_name", p.StationName+" "+strconv.Itoa(p.Year)+" 年")
	return h.renderForm(w, r, http.StatusOK, p.ID, v, nil)
}

// PlanUpdate stores a plan's changes: the whole plan, as the form holds it.
func (h *Handlers) PlanUpdate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireWrite(u); err != nil {
		return err
	}
	old, _, err := h.planOf(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	p, err := parsePlan(v)
	p.ID, p.StationID, p.Year, p.TemplateID = old.ID, old.StationID, old.Year, old.TemplateID
	if err == nil {
		err = h.db.SavePlan(r.Context(), u, p)
	}
	if ui.FieldErrors(err) != nil {
		v = planValues(p)
		v.Set("station_name", old.StationName+" "+strconv.Itoa(old.Year)+" 年")
	}
	return ui.Saved(w, r, err, func(status int) error { return h.renderForm(w, r, status, old.ID, v, err) }, ui.Done("已保存站点计划", "/plans/"+strconv.FormatInt(old.ID, 10)))
}
