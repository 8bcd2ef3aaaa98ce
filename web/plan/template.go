package plan

import (
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// tplListPage is the data of plantemplate/list.html.
type tplListPage struct {
	Templates []shuangbai.PlanTemplate
	Names     map[string]string
	CanSet    bool
}

// TemplateList lists the templates that apply inside the user's scope.
func (h *Handlers) TemplateList(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return err
	}
	tpls, err := h.db.PlanTemplates(r.Context(), ui.Scope(r))
	if err != nil {
		return err
	}
	codes := make([]string, len(tpls))
	for i, t := range tpls {
		codes[i] = t.Region
	}
	names, err := h.db.RegionNames(r.Context(), codes)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "plantemplate/list.html", tplListPage{Templates: tpls, Names: names, CanSet: canSetTemplates(u)})
}

// tplFormPage is the data of plantemplate/form.html.
type tplFormPage struct {
	Form     ui.Form
	ID       int64
	Regions  []ui.RegionOption
	Lines    []row
	Measures []shuangbai.Measure
}

func (h *Handlers) renderTemplateForm(w http.ResponseWriter, r *http.Request, status int, id int64, v url.Values, err error) error {
	var regions []ui.RegionOption
	for _, l := range []shuangbai.Level{shuangbai.LevelProvince, shuangbai.LevelCity} {
		rs, rerr := h.db.RegionsAt(r.Context(), ui.Scope(r), l, shuangbai.Date{})
		if rerr != nil {
			return rerr
		}
		for _, x := range rs {
			regions = append(regions, ui.RegionOption{Code: x.Code, Name: x.Name})
		}
	}
	n := count(v, "line", "label")
	return h.ui.Render(w, r, status, "plantemplate/form.html", tplFormPage{Form: ui.NewForm(v, err), ID: id, Regions: regions,
		Lines: rows("line", n, 3), Measures: shuangbai.Measures})
}

// TemplateNew shows the form of a new template.
func (h *Handlers) TemplateNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireTemplates(u); err != nil {
		return err
	}
	return h.renderTemplateForm(w, r, http.StatusOK, 0, url.Values{"region": {u.Region}}, nil)
}

// TemplateCreate stores a new template.
func (h *Handlers) TemplateCreate(w http.ResponseWriter, r *http.Request) error {
	return h.saveTemplate(w, r, 0)
}

// TemplateEdit shows the form of a template.
func (h *Handlers) TemplateEdit(w http.ResponseWriter, r *http.Request) error {
	t, err := h.templateOf(r)
	if err != nil {
		return err
	}
	return h.renderTemplateForm(w, r, http.StatusOK, t.ID, templateValues(t), nil)
}

// TemplateUpdate stores a template's changes.
func (h *Handlers) TemplateUpdate(w http.ResponseWriter, r *http.Request) error {
	t, err := h.templateOf(r)
	if err != nil {
		return err
	}
	return h.saveTemplate(w, r, t.ID)
}

// templateOf reads the template named by {id} that the user may change.
func (h *Handlers) templateOf(r *http.Request) (*shuangbai.PlanTemplate, error) {
	u := ui.User(r)
	if err := requireTemplates(u); err != nil {
		return nil, err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	t, err := h.db.PlanTemplate(r.Context(), u.Scope(), id)
	if err != nil {
		return nil, err
	}
	if !u.Scope().Contains(t.Region) {
		// A county sees its city's template but may not change it.
		return nil, shuangbai.Errorf(shuangbai.EFORBIDDEN, "该模板由上级设定，不能修改")
	}
	return t, nil
}

func (h *Handlers) saveTemplate(w http.ResponseWriter, r *http.Request, id int64) error {
	u := ui.User(r)
	if err := requireTemplates(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	t, err := parseTemplate(v)
	t.ID = id
	if err == nil {
		err = h.db.SavePlanTemplate(r.Context(), u, t)
	}
	if ui.FieldErrors(err) != nil {
		v = templateValues(t)
	}
	return ui.Saved(w, r, err, func(status int) error { return h.renderTemplateForm(w, r, status, id, v, err) }, ui.Done("已保存计划模板", "/plan-templates#t"+strconv.FormatInt(t.ID, 10)))
}
