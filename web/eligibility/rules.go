package eligibility

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/web/ui"
)

// ruleView is a rule as the settings page shows it.
type ruleView struct {
	shuangbai.EligibilityRule
	Label      string // the benefit's name
	Conditions string // who qualifies, in words
	SetBy      string // the region that set it, or 系统预置 for a shipped rule
	EditURL    string // the form, filled in from this rule ("" unless the reader may edit)
}

// Shipped reports whether the rule is the one the system ships.
func (v ruleView) Shipped() bool { return v.ID == 0 }

// grade is a disability grade offered on the form.
type grade struct {
	N    int
	Name string
}

var grades = []grade{{1, "一级"}, {2, "二级"}, {3, "三级"}, {4, "四级"}}

// settingsPage is the data of eligibility/settings.html: the rules in force
// for the reader's region on a day, the versions set in their scope, and,
// for a city or county admin, the form to record a new version.
type settingsPage struct {
	On, Today  shuangbai.Date
	RegionName string
	InForce    []ruleView
	History    []ruleView
	CanEdit    bool
	Form       ui.Form
	Kinds      []struct {
		Kind shuangbai.AppKind
		Name string
	}
	Groups []struct {
		Group shuangbai.Group
		Name  string
	}
	Grades []grade
}

// Past reports whether the page shows the rules of a day other than today.
func (p settingsPage) Past() bool { return p.On != p.Today }

// canEditRules reports whether u records versions of the rules: a city or
// county admin, for their own region.
func canEditRules(u *shuangbai.User) bool {
	return u.Role == shuangbai.RoleCityAdmin || u.Role == shuangbai.RoleCountyAdmin
}

// RuleList shows the rules of 政策找人 in force for the reader's region on
// ?date= (today by default), with their sources and conditions in words,
// and the history of versions set in the reader's scope. A city or county
// admin also gets the form; ?benefit= fills it in from that benefit's rule
// in force, to record its next version.
func (h *Handlers) RuleList(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	today := h.ui.Today()
	on := today
	if d := strings.TrimSpace(r.URL.Query().Get("date")); d != "" {
		var err error
		if on, err = shuangbai.ParseDate(d); err != nil {
			return ui.BadRequest("参数 date 的格式应为 年-月-日，例如 2021-08-09")
		}
	}
	v := url.Values{"valid_from": {today.String()}}
	if k := shuangbai.AppKind(r.URL.Query().Get("benefit")); k != "" && canEditRules(u) {
		if !knownBenefit(k) {
			return ui.BadRequest("参数 benefit 应为一种补贴或救助，例如 old_age（高龄津贴）")
		}
		rules, err := h.db.EligibilityRules(r.Context(), u.Region, today)
		if err != nil {
			return err
		}
		v.Set("benefit", string(k))
		for _, rule := range rules {
			if rule.Benefit == k {
				v = ruleValues(rule)
				v.Set("valid_from", today.String())
			}
		}
	}
	return h.renderRules(w, r, http.StatusOK, on, ui.NewForm(v, nil))
}

// renderRules renders the settings page for day on with form f.
func (h *Handlers) renderRules(w http.ResponseWriter, r *http.Request, status int, on shuangbai.Date, f ui.Form) error {
	ctx, u := r.Context(), ui.User(r)
	p := settingsPage{On: on, Today: h.ui.Today(), CanEdit: canEditRules(u), Form: f, Kinds: shuangbai.AppKinds,
		Groups: shuangbai.Groups, Grades: grades}
	inForce, err := h.db.EligibilityRules(ctx, u.Region, on)
	if err != nil {
		return err
	}
	history, err := h.db.EligibilityHistory(ctx, ui.Scope(r))
	if err != nil {
		return err
	}
	codes := []string{u.Region}
	for _, rule := range append(append([]shuangbai.EligibilityRule{}, inForce...), history...) {
		codes = append(codes, rule.Region)
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return err
	}
	p.RegionName = names[u.Region]
	recorders, err := h.recorders(ctx, history)
	if err != nil {
		return err
	}
	view := func(rule shuangbai.EligibilityRule) ruleView {
		v := ruleView{EligibilityRule: rule, Label: rule.Benefit.Label(), Conditions: conditionWords(rule.Condition), SetBy: names[rule.Region]}
		if rule.Region == "" {
			v.SetBy = "系统预置（广东省通行标准）"
		}
		if p.CanEdit {
			v.EditURL = "/settings/eligibility?benefit=" + url.QueryEscape(string(rule.Benefit)) + "#rule-form"
		}
		return v
	}
	for _, rule := range inForce {
		p.InForce = append(p.InForce, view(rule))
	}
	for _, rule := range history {
		v := view(rule)
		if name := recorders[rule.RecordedBy]; name != "" {
			v.RecordedBy = name
		}
		p.History = append(p.History, v)
	}
	return h.ui.Render(w, r, status, "eligibility/settings.html", p)
}

// recorders returns the names of the accounts that recorded versions, by
// username, so the history shows people's names. A version's region is
// its recorder's, so the accounts of those regions hold them all.
func (h *Handlers) recorders(ctx context.Context, history []shuangbai.EligibilityRule) (map[string]string, error) {
	out := map[string]string{}
	seen := map[string]bool{}
	for _, rule := range history {
		if seen[rule.Region] || rule.Region == "" {
			continue
		}
		seen[rule.Region] = true
		users, err := h.db.Users(ctx, shuangbai.Scope{Code: rule.Region})
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			out[u.Username] = u.Name
		}
	}
	return out, nil
}

// RuleCreate records a new version of one benefit's rule for the admin's
// region, in force from valid_from. An impossible rule (an age over 150,
// an unknown benefit, a maximum below the minimum, no condition at all) is
// answered with the form and a message at each field, and nothing saved.
func (h *Handlers) RuleCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if !canEditRules(u) {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有市级、县级管理员可以修改政策找人规则，您的账号为%s", u.Role.Label())
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	rule, fe := ruleFromForm(v)
	err = ui.Validated(fe, rule.Validate)
	if err == nil {
		err = h.db.SaveEligibilityRule(r.Context(), u, rule)
	}
	if shuangbai.ErrorCode(err) == shuangbai.EINVALID {
		return h.renderRules(w, r, http.StatusUnprocessableEntity, h.ui.Today(), ui.NewForm(v, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, fmt.Sprintf("已记录“%s”的新版本，自%s起施行；此前各日的名单仍按当时的规则", rule.Name, rule.ValidFrom.Chinese()))
	http.Redirect(w, r, "/settings/eligibility", http.StatusSeeOther)
	return nil
}

// ruleFromForm reads the posted rule, noting what does not parse; what
// parses but cannot be right is the rule's own Validate's to say.
func ruleFromForm(v url.Values) (*shuangbai.EligibilityRule, shuangbai.FieldErrors) {
	fe := shuangbai.FieldErrors{}
	rule := &shuangbai.EligibilityRule{Benefit: shuangbai.AppKind(ui.Trimmed(v, "benefit")), Name: ui.Trimmed(v, "name"),
		Source: ui.Trimmed(v, "source")}
	rule.MinAge = age(fe, "min_age", "最低年龄", v.Get("min_age"))
	rule.MaxAge = age(fe, "max_age", "最高年龄", v.Get("max_age"))
	for _, g := range v["all_groups"] {
		rule.AllGroups = append(rule.AllGroups, shuangbai.Group(g))
	}
	for _, g := range v["any_groups"] {
		rule.AnyGroups = append(rule.AnyGroups, shuangbai.Group(g))
	}
	for _, s := range v["disability_grades"] {
		n, err := strconv.Atoi(s)
		if err != nil {
			fe.Add("disability_grades", "残疾等级应为一级到四级")
			continue
		}
		rule.DisabilityGrades = append(rule.DisabilityGrades, n)
	}
	rule.ValidFrom = ui.ParseDate(fe, "valid_from", v.Get("valid_from"))
	return rule, fe
}

// age reads an optional age in whole years; blank is no limit (0).
func age(fe shuangbai.FieldErrors, field, label, s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		fe.Add(field, label+"应为整数（周岁），不限请留空")
	}
	return n
}

// ruleValues returns the form's values for rule, to record its next
// version from.
func ruleValues(rule shuangbai.EligibilityRule) url.Values {
	v := url.Values{"benefit": {string(rule.Benefit)}, "name": {rule.Name}, "source": {rule.Source}}
	if rule.MinAge > 0 {
		v.Set("min_age", strconv.Itoa(rule.MinAge))
	}
	if rule.MaxAge > 0 {
		v.Set("max_age", strconv.Itoa(rule.MaxAge))
	}
	for _, g := range rule.AllGroups {
		v.Add("all_groups", string(g))
	}
	for _, g := range rule.AnyGroups {
		v.Add("any_groups", string(g))
	}
	for _, d := range rule.DisabilityGrades {
		v.Add("disability_grades", strconv.Itoa(d))
	}
	return v
}

// conditionWords says who a condition covers, e.g. 年满80周岁；属于残疾人；
// 残疾等级为一级、二级.
func conditionWords(c shuangbai.Condition) string {
	var parts []string
	switch {
	case c.MinAge > 0 && c.MaxAge > 0:
		parts = append(parts, fmt.Sprintf("%d至%d周岁", c.MinAge, c.MaxAge))
	case c.MinAge > 0:
		parts = append(parts, fmt.Sprintf("年满%d周岁", c.MinAge))
	case c.MaxAge > 0:
		parts = append(parts, fmt.Sprintf("不超过%d周岁", c.MaxAge))
	}
	labels := func(gs []shuangbai.Group) string {
		var out []string
		for _, g := range gs {
			out = append(out, g.Label())
		}
		return strings.Join(out, "、")
	}
	switch len(c.AllGroups) {
	case 0:
	case 1:
		parts = append(parts, "属于"+labels(c.AllGroups))
	default:
		parts = append(parts, "同时属于"+labels(c.AllGroups))
	}
	switch len(c.AnyGroups) {
	case 0:
	case 1:
		parts = append(parts, "属于"+labels(c.AnyGroups))
	default:
		parts = append(parts, "属于"+labels(c.AnyGroups)+"之一")
	}
	if len(c.DisabilityGrades) > 0 {
		var names []string
		for _, d := range c.DisabilityGrades {
			if d >= 1 && d <= len(grades) {
				names = append(names, grades[d-1].Name)
			}
		}
		parts = append(parts, "残疾等级为"+strings.Join(names, "、"))
	}
	if len(parts) == 0 {
		return "（无条件）"
	}
	return strings.Join(parts, "；")
}
