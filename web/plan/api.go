package plan

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// The JSON API of plans and templates. A body becomes the form's values
// and goes through the form's parser, so both accept and refuse the same
// input; a plan is sent and stored whole (PUT), as the form saves it.

type goalJSON struct {
	Problem  string `json:"problem"`
	Goal     string `json:"goal"`
	Strategy string `json:"strategy"`
}

type assetJSON struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
	Note string `json:"note"`
}

type targetJSON struct {
	Goal     int     `json:"goal"`
	Measure  string  `json:"measure"`
	Label    string  `json:"label"`
	Target   int     `json:"target"`
	Due      *string `json:"due"`
	Entered  int     `json:"entered"`
	LineID   int64   `json:"template_line_id,omitempty"`
	Fixed    bool    `json:"fixed"`
	Least    int     `json:"least,omitempty"`
	Expected int     `json:"expected"`
	Done     int     `json:"done"`
	Percent  int     `json:"percent"`
	Behind   bool    `json:"behind"`
}

type planIn struct {
	StationID  int64        `json:"station_id"`
	Year       int          `json:"year"`
	TemplateID int64        `json:"template_id"`
	Summary    string       `json:"summary"`
	Goals      []goalJSON   `json:"goals"`
	Assets     []assetJSON  `json:"assets"`
	Targets    []targetJSON `json:"targets"`
}

type planJSON struct {
	ID          int64  `json:"id"`
	StationName string `json:"station_name"`
	Region      string `json:"region"`
	Template    string `json:"template,omitempty"`
	UpdatedAt   string `json:"updated_at"`
	AsOf        string `json:"as_of,omitempty"`
	planIn
}

func (in *planIn) values() url.Values {
	v := url.Values{"station_id": {strconv.FormatInt(in.StationID, 10)}, "year": {strconv.Itoa(in.Year)},
		"template_id": {strconv.FormatInt(in.TemplateID, 10)}, "summary": {in.Summary}}
	for i, g := range in.Goals {
		pre := fmt.Sprintf("goal.%d.", i)
		v.Set(pre+"problem", g.Problem)
		v.Set(pre+"goal", g.Goal)
		v.Set(pre+"strategy", g.Strategy)
	}
	for i, a := range in.Assets {
		pre := fmt.Sprintf("asset.%d.", i)
		v.Set(pre+"kind", a.Kind)
		v.Set(pre+"name", a.Name)
		v.Set(pre+"note", a.Note)
	}
	for i, t := range in.Targets {
		pre := fmt.Sprintf("target.%d.", i)
		v.Set(pre+"goal", strconv.Itoa(t.Goal))
		v.Set(pre+"measure", t.Measure)
		v.Set(pre+"label", t.Label)
		v.Set(pre+"target", strconv.Itoa(t.Target))
		v.Set(pre+"entered", strconv.Itoa(t.Entered))
		if t.Due != nil {
			v.Set(pre+"due", *t.Due)
		}
		if t.LineID != 0 {
			v.Set(pre+"line_id", strconv.FormatInt(t.LineID, 10))
		}
	}
	return v
}

func toJSON(p *shuangbai.Plan, asOf shuangbai.Date) planJSON {
	out := planJSON{ID: p.ID, StationName: p.StationName, Region: p.Region, Template: p.Template, UpdatedAt: p.UpdatedAt,
		planIn: planIn{StationID: p.StationID, Year: p.Year, TemplateID: p.TemplateID, Summary: p.Summary,
			Goals: []goalJSON{}, Assets: []assetJSON{}, Targets: []targetJSON{}}}
	if !asOf.IsZero() {
		out.AsOf = asOf.String()
	}
	for _, g := range p.Goals {
		out.Goals = append(out.Goals, goalJSON{Problem: g.Problem, Goal: g.Goal, Strategy: g.Strategy})
	}
	for _, a := range p.Assets {
		out.Assets = append(out.Assets, assetJSON{Kind: string(a.Kind), Name: a.Name, Note: a.Note})
	}
	for _, t := range p.Targets {
		out.Targets = append(out.Targets, targetJSON{Goal: t.Goal, Measure: string(t.Measure), Label: t.Label, Target: t.Target,
			Due: ui.DateJSON(t.Due), Entered: t.Entered, LineID: t.LineID, Fixed: t.Fixed, Least: t.Least,
			Expected: t.Expected, Done: t.Done, Percent: t.Percent(), Behind: t.Behind()})
	}
	return out
}

// APIPlanList lists plans: ?region=CODE, ?year= (every year when
// absent), limit, offset.
func (h *Handlers) APIPlanList(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
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
	limit, offset, err := ui.PageQuery(q)
	if err != nil {
		return err
	}
	plans, total, err := h.db.Plans(r.Context(), scope, store.PlanFilter{Year: year, Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	out := ui.List[planJSON]{Items: []planJSON{}, Total: total}
	for i := range plans {
		out.Items = append(out.Items, toJSON(&plans[i], shuangbai.Date{}))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APIPlanShow answers a plan with each target's progress as of ?date=.
func (h *Handlers) APIPlanShow(w http.ResponseWriter, r *http.Request) error {
	p, asOf, err := h.planOf(r)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, toJSON(p, asOf))
	return nil
}

// APIPlanCreate stores a new plan.
func (h *Handlers) APIPlanCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireWrite(u); err != nil {
		return err
	}
	var in planIn
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	p, err := parsePlan(in.values())
	if err == nil {
		err = h.db.SavePlan(r.Context(), u, p)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("plans", p.ID))
	return h.answer(w, r, http.StatusCreated, p.ID)
}

// APIPlanReplace stores a plan whole; its station, year and template stay.
func (h *Handlers) APIPlanReplace(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireWrite(u); err != nil {
		return err
	}
	old, _, err := h.planOf(r)
	if err != nil {
		return err
	}
	var in planIn
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	p, err := parsePlan(in.values())
	if err == nil {
		p.ID = old.ID
		err = h.db.SavePlan(r.Context(), u, p)
	}
	if err != nil {
		return err
	}
	return h.answer(w, r, http.StatusOK, old.ID)
}

func (h *Handlers) answer(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	asOf := h.ui.Today()
	p, err := h.db.PlanProgress(r.Context(), ui.Scope(r), id, asOf)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, status, toJSON(p, asOf))
	return nil
}

type lineJSON struct {
	ID      int64  `json:"id,omitempty"`
	Measure string `json:"measure"`
	Label   string `json:"label"`
	Least   int    `json:"least"`
}

type templateJSON struct {
	ID     int64      `json:"id,omitempty"`
	Region string     `json:"region"`
	Name   string     `json:"name"`
	Note   string     `json:"note"`
	Lines  []lineJSON `json:"lines"`
}

func templateToJSON(t *shuangbai.PlanTemplate) templateJSON {
	out := templateJSON{ID: t.ID, Region: t.Region, Name: t.Name, Note: t.Note, Lines: []lineJSON{}}
	for _, l := range t.Lines {
		out.Lines = append(out.Lines, lineJSON{ID: l.ID, Measure: string(l.Measure), Label: l.Label, Least: l.Least})
	}
	return out
}

// APITemplateList lists the templates that apply inside the scope.
func (h *Handlers) APITemplateList(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	tpls, err := h.db.PlanTemplates(r.Context(), ui.Scope(r))
	if err != nil {
		return err
	}
	out := ui.List[templateJSON]{Items: []templateJSON{}, Total: len(tpls)}
	for i := range tpls {
		out.Items = append(out.Items, templateToJSON(&tpls[i]))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APITemplateCreate stores a new template.
func (h *Handlers) APITemplateCreate(w http.ResponseWriter, r *http.Request) error {
	return h.apiSaveTemplate(w, r, 0)
}

// APITemplateReplace stores a template whole.
func (h *Handlers) APITemplateReplace(w http.ResponseWriter, r *http.Request) error {
	t, err := h.templateOf(r)
	if err != nil {
		return err
	}
	return h.apiSaveTemplate(w, r, t.ID)
}

func (h *Handlers) apiSaveTemplate(w http.ResponseWriter, r *http.Request, id int64) error {
	u := ui.User(r)
	if err := requireTemplates(u); err != nil {
		return err
	}
	var in templateJSON
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	v := url.Values{"region": {in.Region}, "name": {in.Name}, "note": {in.Note}}
	for i, l := range in.Lines {
		pre := fmt.Sprintf("line.%d.", i)
		v.Set(pre+"measure", l.Measure)
		v.Set(pre+"label", l.Label)
		v.Set(pre+"least", strconv.Itoa(l.Least))
	}
	t, err := parseTemplate(v)
	if err == nil {
		t.ID = id
		err = h.db.SavePlanTemplate(r.Context(), u, t)
	}
	if err != nil {
		return err
	}
	status := http.StatusOK
	if id == 0 {
		status = http.StatusCreated
		w.Header().Set("Location", ui.Location("plan-templates", t.ID))
	}
	h.ui.WriteJSON(w, r, status, templateToJSON(t))
	return nil
}
