package progress

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"shuangbai"
	"shuangbai/web/ui"
)

// A county's facts (方案、机制、经费) are kept as dated versions: the table
// for a day uses the latest version effective on or before it. The page
// shows every version, newest first, and records a new one; nothing is
// edited in place, so the table for an earlier day never changes.

// factsView is one version of a region's facts, with the cells the table
// prints from it.
type factsView struct{ shuangbai.CountyFacts }

// Funding is the table's 落实经费情况 cell for this version.
func (v factsView) Funding() string { return v.FundingText() }

// Requested formats the amount requested, or "—".
func (v factsView) Requested() string { return yuanOrDash(v.FundingRequested) }

// Approved formats the amount approved, or "—".
func (v factsView) Approved() string { return yuanOrDash(v.FundingApproved) }

func yuanOrDash(n int64) string {
	if n == 0 {
		return "—"
	}
	return shuangbai.Yuan(n)
}

// factsPage is the data of progress/facts.html.
type factsPage struct {
	Region   shuangbai.Region
	RowName  string // the row the facts fill: the county, or 市本级
	History  []factsView
	Current  *factsView // the version in force today
	Form     ui.Form
	CanEdit  bool
	Statuses []shuangbai.FundingStatus
	Today    shuangbai.Date
	Back     string
}

// mechanism is one of the two mechanisms the form records, each with the
// day it was set up.
type mechanism struct {
	Field, Label string
}

// DateField is the name of the mechanism's date field.
func (m mechanism) DateField() string { return m.Field + "_date" }

// Mechanisms are the form's two mechanisms, side by side.
func (factsPage) Mechanisms() []mechanism {
	return []mechanism{{"coordination", "工作协调机制"}, {"management", "站点管理机制"}}
}

// FactsShow shows the history of a county's (or the city's) facts and, for
// an administrator, the form to record a new version.
func (h *Handlers) FactsShow(w http.ResponseWriter, r *http.Request) error {
	return h.factsPageFor(w, r, http.StatusOK, nil)
}

// FactsCreate records a new dated version of a region's facts.
func (h *Handlers) FactsCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireBureau(u); err != nil {
		return err
	}
	region, err := factsRegion(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	f, fe := factsFromForm(region, v)
	if f.Effective.After(h.ui.Today()) {
		fe.Add("effective", "生效日期不能晚于今天")
	}
	err = ui.Validated(fe, func() error { return f.Validate(h.ui.Today()) })
	if err == nil {
		err = h.db.RecordFacts(ctx, u, &f)
	}
	if ui.FieldErrors(err) != nil {
		form := ui.NewForm(v, err)
		return h.factsPageFor(w, r, ui.Status(err), &form)
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已记录自"+f.Effective.Chinese()+"起的方案、机制和经费情况")
	http.Redirect(w, r, "/reports/progress/facts/"+region, http.StatusSeeOther)
	return nil
}

// factsRegion reads the region from the path: a county, city or province,
// the levels that have a row of their own in a table.
func factsRegion(r *http.Request) (string, error) {
	region := r.PathValue("region")
	switch shuangbai.LevelOf(region) {
	case shuangbai.LevelCounty, shuangbai.LevelCity, shuangbai.LevelProvince:
		return region, nil
	}
	return "", shuangbai.Errorf(shuangbai.ENOTFOUND, "只有县（市、区）、市和省登记方案、机制和经费情况")
}

// factsPageFor renders the page; f is the form as posted, or nil to fill it
// from the latest version.
func (h *Handlers) factsPageFor(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) error {
	ctx, u, scope := r.Context(), ui.User(r), ui.Scope(r)
	code, err := factsRegion(r)
	if err != nil {
		return err
	}
	history, err := h.db.FactsHistory(ctx, scope, code)
	if err != nil {
		return err
	}
	region, err := h.db.Region(ctx, scope, code, shuangbai.Date{})
	if err != nil {
		return err
	}
	today := h.ui.Today()
	page := factsPage{Region: region, RowName: region.Name, CanEdit: u.IsBureauAdmin(), Statuses: shuangbai.FundingStatuses,
		Today: today, Back: backToTable(r, code, today)}
	if shuangbai.LevelOf(code) != shuangbai.LevelCounty {
		page.RowName = organiserName(code, region.Name)
	}
	for _, h := range history {
		page.History = append(page.History, factsView{h})
	}
	for i := range page.History {
		if !page.History[i].Effective.After(today) {
			page.Current = &page.History[i]
			break
		}
	}
	if f == nil {
		v := url.Values{"funding_status": {string(shuangbai.FundingNone)}}
		if page.Current != nil {
			v = factsValues(page.Current.CountyFacts)
		}
		v.Set("effective", today.String())
		f = &ui.Form{Values: v}
	}
	page.Form = *f
	return h.ui.Render(w, r, status, "progress/facts.html", page)
}

// factsFromForm reads a posted form; what cannot be parsed is noted in fe.
// The dates and number of a plan or mechanism not in place are dropped, so a
// version never says "未出台" with a 文号.
func factsFromForm(region string, v url.Values) (shuangbai.CountyFacts, shuangbai.FieldErrors) {
	fe := shuangbai.FieldErrors{}
	f := shuangbai.CountyFacts{
		Region:           region,
		Effective:        ui.ParseDate(fe, "effective", v.Get("effective")),
		PlanIssued:       v.Get("plan_issued") != "",
		Coordination:     v.Get("coordination") != "",
		Management:       v.Get("management") != "",
		FundingStatus:    shuangbai.FundingStatus(v.Get("funding_status")),
		FundingRequested: parseYuan(fe, "funding_requested", v.Get("funding_requested")),
		FundingApproved:  parseYuan(fe, "funding_approved", v.Get("funding_approved")),
		FundingNote:      strings.TrimSpace(v.Get("funding_note")),
	}
	if f.PlanIssued {
		f.PlanDate = ui.ParseDate(fe, "plan_date", v.Get("plan_date"))
		f.PlanDoc = strings.TrimSpace(v.Get("plan_doc"))
	}
	if f.Coordination {
		f.CoordinationDate = ui.ParseDate(fe, "coordination_date", v.Get("coordination_date"))
	}
	if f.Management {
		f.ManagementDate = ui.ParseDate(fe, "management_date", v.Get("management_date"))
	}
	if utf8.RuneCountInString(f.FundingNote) > 500 {
		fe.Add("funding_note", "说明最多 500 字")
	}
	if utf8.RuneCountInString(f.PlanDoc) > 100 {
		fe.Add("plan_doc", "文号最多 100 字")
	}
	return f, fe
}

// parseYuan reads an amount in yuan: digits, with thousands separators or a
// trailing 元 tolerated; "" is zero.
func parseYuan(fe shuangbai.FieldErrors, field, s string) int64 {
	s = strings.NewReplacer(",", "", "，", "", " ", "", "元", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > shuangbai.MaxYuan {
		fe.Add(field, "金额应为整数（单位：元），例如 1657000")
		return 0
	}
	return n
}

// factsValues fills the form from a stored version.
func factsValues(f shuangbai.CountyFacts) url.Values {
	v := url.Values{}
	check := func(name string, b bool) {
		if b {
			v.Set(name, "1")
		}
	}
	amount := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	check("plan_issued", f.PlanIssued)
	v.Set("plan_date", f.PlanDate.String())
	v.Set("plan_doc", f.PlanDoc)
	check("coordination", f.Coordination)
	v.Set("coordination_date", f.CoordinationDate.String())
	check("management", f.Management)
	v.Set("management_date", f.ManagementDate.String())
	v.Set("funding_status", string(f.FundingStatus))
	v.Set("funding_requested", amount(f.FundingRequested))
	v.Set("funding_approved", amount(f.FundingApproved))
	v.Set("funding_note", f.FundingNote)
	return v
}
