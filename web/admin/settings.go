package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// followupTiers are the tiers a late visit escalates to, in the order of
// the form's columns (the worker is told the day the visit falls due).
var followupTiers = []struct {
	Tier shuangbai.Tier
	Name string // the form field's suffix: grace<level>_<name>
}{{shuangbai.TierLead, "lead"}, {shuangbai.TierSupervisor, "supervisor"}, {shuangbai.TierCounty, "county"}}

// followupRow is one level on settings/followup.html: the stored rule,
// which readers see as text, and the names of its fields in the form.
type followupRow struct {
	Level    shuangbai.Level4
	Interval shuangbai.Interval
	Grace    shuangbai.Grace
	Graces   []followupGrace
}

// followupGrace is one tier's grace of one level.
type followupGrace struct {
	Tier  shuangbai.Tier
	Field string
	Days  int
}

// followupPage is the data of settings/followup.html: each of the four
// levels' interval (探访频次) and the grace after which a late visit is
// raised to the station lead, the supervisor and the county (逾期上报).
type followupPage struct {
	Rows    []followupRow
	Tiers   []shuangbai.Tier
	Form    ui.Form
	CanEdit bool
}

// canEditFollowup: the rhythm of visits is the city's to set.
func canEditFollowup(u *shuangbai.User) bool { return u.Role == shuangbai.RoleCityAdmin }

// FollowupSettings shows how often each follow-up level visits and when a
// late visit is raised (四级跟进). Everyone sees the rule; only a city admin
// may change it.
func (h *Handlers) FollowupSettings(w http.ResponseWriter, r *http.Request) error {
	iv, gs, err := h.followupRules(r)
	if err != nil {
		return err
	}
	v := url.Values{}
	for l := shuangbai.Level4(1); l <= 4; l++ {
		v.Set(fmt.Sprintf("times%d", l), strconv.Itoa(iv[l].Times))
		v.Set(fmt.Sprintf("days%d", l), strconv.Itoa(iv[l].PeriodDays))
		for _, t := range followupTiers {
			v.Set(graceField(l, t.Name), strconv.Itoa(gs.For(l).Days(t.Tier)))
		}
	}
	return h.renderFollowup(w, r, http.StatusOK, iv, gs, ui.NewForm(v, nil))
}

func (h *Handlers) followupRules(r *http.Request) (shuangbai.Intervals, shuangbai.Graces, error) {
	iv, err := h.db.Intervals(r.Context())
	if err != nil {
		return nil, nil, err
	}
	gs, err := h.db.Graces(r.Context())
	return iv.WithDefaults(), gs, err
}

func graceField(l shuangbai.Level4, tier string) string { return fmt.Sprintf("grace%d_%s", l, tier) }

func (h *Handlers) renderFollowup(w http.ResponseWriter, r *http.Request, status int, iv shuangbai.Intervals, gs shuangbai.Graces, f ui.Form) error {
	p := followupPage{Form: f, CanEdit: canEditFollowup(ui.User(r))}
	for _, t := range followupTiers {
		p.Tiers = append(p.Tiers, t.Tier)
	}
	for l := shuangbai.Level4(1); l <= 4; l++ {
		row := followupRow{Level: l, Interval: iv[l], Grace: gs.For(l)}
		for _, t := range followupTiers {
			row.Graces = append(row.Graces, followupGrace{Tier: t.Tier, Field: graceField(l, t.Name), Days: row.Grace.Days(t.Tier)})
		}
		p.Rows = append(p.Rows, row)
	}
	return h.ui.Render(w, r, status, "settings/followup.html", p)
}

// FollowupUpdate changes the intervals and the grace periods together:
// both are checked before either is saved, so one answer lists every
// problem and a refused form changes nothing. A rule left as it was is
// not saved again (the audit log records changes, not visits to a page).
func (h *Handlers) FollowupUpdate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if !canEditFollowup(u) {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "四级跟进的探访频次和逾期上报天数由市级管理员设定")
	}
	form, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	oldIv, oldGs, err := h.followupRules(r)
	if err != nil {
		return err
	}
	iv := shuangbai.Intervals{}
	gs := shuangbai.Graces{}
	fe := shuangbai.FieldErrors{}
	for l := shuangbai.Level4(1); l <= 4; l++ {
		times, ok1 := formInt(form, fmt.Sprintf("times%d", l))
		days, ok2 := formInt(form, fmt.Sprintf("days%d", l))
		if !ok1 || !ok2 || times < 1 || days < 1 || days > 366 {
			fe.Add(fmt.Sprintf("level%d", l), "次数和天数都应为正整数，天数不超过 366")
		}
		iv[l] = shuangbai.Interval{Times: times, PeriodDays: days}
		var g shuangbai.Grace
		for _, t := range followupTiers {
			n, ok := formInt(form, graceField(l, t.Name))
			if !ok {
				fe.Add(graceField(l, t.Name), "请填写整数天数")
			}
			switch t.Tier {
			case shuangbai.TierLead:
				g.Lead = n
			case shuangbai.TierSupervisor:
				g.Supervisor = n
			case shuangbai.TierCounty:
				g.County = n
			}
		}
		gs[l] = g
	}
	if len(fe) == 0 {
		ui.Merge(fe, iv.Validate())
	}
	ui.Merge(fe, gs.Validate())
	err = fe.Err()
	if err == nil && !sameIntervals(iv, oldIv) {
		err = h.db.SetIntervals(r.Context(), u, iv)
	}
	if err == nil && !sameGraces(gs, oldGs) {
		err = h.db.SetGraces(r.Context(), u, gs)
	}
	if shuangbai.ErrorCode(err) == shuangbai.EINVALID {
		return h.renderFollowup(w, r, http.StatusUnprocessableEntity, oldIv, oldGs, ui.NewForm(form, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已保存四级跟进设置；新的探访按新频次推算下次探访日期，逾期上报按新的天数计算")
	http.Redirect(w, r, "/settings/followup", http.StatusSeeOther)
	return nil
}

// formInt reads a whole number typed into field; "" and text are not ok.
func formInt(form url.Values, field string) (int, bool) {
	n, err := strconv.Atoi(ui.Trimmed(form, field))
	return n, err == nil
}

func sameIntervals(a, b shuangbai.Intervals) bool {
	for l := shuangbai.Level4(1); l <= 4; l++ {
		if a[l] != b[l] {
			return false
		}
	}
	return true
}

func sameGraces(a, b shuangbai.Graces) bool {
	for l := shuangbai.Level4(1); l <= 4; l++ {
		if a.For(l) != b.For(l) {
			return false
		}
	}
	return true
}
