package plan

import (
	"net/http"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Handlers serve station plans. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the handlers of station plans.
func New(db *store.DB, u *ui.UI) *Handlers { return &Handlers{db: db, ui: u} }

// requireRead refuses the three administrators: a plan's progress counts
// the station's case files.
func requireRead(u *shuangbai.User) error {
	if u.CanReadCases() {
		return nil
	}
	return shuangbai.Errorf(shuangbai.EFORBIDDEN, "%s不查看站点服务计划（三员分立）", u.Role.Label())
}

// requireWrite refuses those who may read plans but not write them.
func requireWrite(u *shuangbai.User) error {
	if err := requireRead(u); err != nil {
		return err
	}
	if !store.CanWritePlans(u) {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "站点计划由站长或县、市管理员填写，%s账号只能查看", u.Role.Label())
	}
	return nil
}

// requireTemplates refuses all but a city's (or the province's) admins.
func requireTemplates(u *shuangbai.User) error {
	if err := requireRead(u); err != nil {
		return err
	}
	if !canSetTemplates(u) {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "计划模板由市级管理员设定")
	}
	return nil
}

func canSetTemplates(u *shuangbai.User) bool {
	return u.IsBureauAdmin() && (u.Role == shuangbai.RoleSystem || shuangbai.LevelOf(u.Region) <= shuangbai.LevelCity)
}

// planOf reads the plan named by the path's {id} inside the request's
// scope, with its progress as of ?date= (today when absent).
func (h *Handlers) planOf(r *http.Request) (*shuangbai.Plan, shuangbai.Date, error) {
	if err := requireRead(ui.User(r)); err != nil {
		return nil, shuangbai.Date{}, err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return nil, shuangbai.Date{}, err
	}
	asOf := h.ui.Today()
	if s := r.URL.Query().Get("date"); s != "" {
		if asOf, err = shuangbai.ParseDate(s); err != nil {
			return nil, asOf, ui.BadRequest("参数 date 应为日期，例如 2021-08-09")
		}
	}
	p, err := h.db.PlanProgress(r.Context(), ui.Scope(r), id, asOf)
	if err == nil {
		// A past year's plan is read as it ended: nothing after its last
		// day counts, and the page says so.
		if end := shuangbai.NewDate(p.Year, 12, 31); asOf.After(end) {
			asOf = end
		}
	}
	return p, asOf, err
}
