package network

import (
	"net/http"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// requirementRow is one county on requirement/list.html: the rule's counts,
// the override if any, and the form to change it.
type requirementRow struct {
	store.RequiredDefault
	Override *shuangbai.Requirement
	Form     ui.Form
}

type requirementPage struct {
	Rows    []requirementRow
	CanEdit bool
}

// RequirementList shows, per county in scope, how many stations and points
// it must build: one station per town or street needing one and one point
// per registered point, unless the county's plan says otherwise.
func (h *Handlers) RequirementList(w http.ResponseWriter, r *http.Request) error {
	return h.renderRequirements(w, r, http.StatusOK, "", nil)
}

func (h *Handlers) renderRequirements(w http.ResponseWriter, r *http.Request, status int, failed string, failedForm *ui.Form) error {
	ctx, u := r.Context(), ui.User(r)
	defs, err := h.db.RequiredDefaults(ctx, ui.Scope(r))
	if err != nil {
		return err
	}
	reqs, err := h.db.Requirements(ctx, ui.Scope(r))
	if err != nil {
		return err
	}
	page := requirementPage{CanEdit: u.IsBureauAdmin()}
	for _, d := range defs {
		row := requirementRow{RequiredDefault: d, Form: ui.NewForm(nil, nil)}
		if o, ok := reqs[d.County.Code]; ok {
			row.Override = &o
			if o.Stations != nil {
				row.Form.Values.Set("stations", strconv.Itoa(*o.Stations))
			}
			if o.Points != nil {
				row.Form.Values.Set("points", strconv.Itoa(*o.Points))
			}
			row.Form.Values.Set("reason", o.Reason)
		}
		if d.County.Code == failed && failedForm != nil {
			row.Form = *failedForm
		}
		page.Rows = append(page.Rows, row)
	}
	return h.ui.Render(w, r, status, "requirement/list.html", page)
}

// RequirementUpdate overrides (or, with both counts empty, restores) a
// county's required counts; a reason is required.
func (h *Handlers) RequirementUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return ui.BadRequest("表单无法解析")
	}
	county := r.PathValue("county")
	if !ui.Scope(r).Contains(county) || shuangbai.LevelOf(county) != shuangbai.LevelCounty {
		return shuangbai.Errorf(shuangbai.ENOTFOUND, "该县（市、区）不存在或不在您的管辖范围内")
	}
	req := shuangbai.Requirement{County: county, Reason: strings.TrimSpace(r.PostForm.Get("reason"))}
	fe := shuangbai.FieldErrors{}
	for _, f := range []struct {
		name string
		dst  **int
	}{{"stations", &req.Stations}, {"points", &req.Points}} {
		v := strings.TrimSpace(r.PostForm.Get(f.name))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			fe.Add(f.name, "请填写不小于 0 的整数")
			continue
		}
		*f.dst = &n
	}
	err := fe.Err()
	if err == nil {
		err = h.db.SetRequirement(r.Context(), ui.User(r), req)
	}
	if shuangbai.ErrorCode(err) == shuangbai.EINVALID {
		f := ui.NewForm(r.PostForm, err)
		return h.renderRequirements(w, r, http.StatusUnprocessableEntity, county, &f)
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已保存应建数量")
	http.Redirect(w, r, "/requirements#c"+county, http.StatusSeeOther)
	return nil
}
