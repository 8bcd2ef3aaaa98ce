package casework

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/report"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// maxExport caps the people of one export: a county's register fits, and
// a bigger one should be narrowed to what the reason needs.
const maxExport = 5000

// maxExportRows caps the rows of one export of visits: far below a
// worksheet's million, a file one office PC opens.
const maxExportRows = 100_000

// exportPage is the data of beneficiary/export.html: the reason form shown
// before personal data leaves the system, for the register and for a
// worklist.
type exportPage struct {
	Title    string     // 导出服务对象名册
	Back     string     // the list exported, for the crumbs and 取消
	BackName string     // its name: 服务对象
	Action   string     // where the form posts, without .xlsx or .csv
	Hidden   url.Values // the list's filters, carried through the form
	Facts    []fact     // what is exported, in words
	Kinds    bool       // offer the register, its visits or its applications
	Form     ui.Form
}

// fact is one line of what an export holds: 区划 云城区.
type fact struct{ Name, Value string }

// requireExport returns EFORBIDDEN unless u may export personal data.
func requireExport(u *shuangbai.User) error {
	if !u.CanSeeFullID() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有站长和县级、市级管理员可以导出服务对象名册")
	}
	return nil
}

// exportPosted returns the posted form of an export, once the user is
// known to be allowed one.
func exportPosted(r *http.Request) (url.Values, error) {
	if err := requireExport(ui.User(r)); err != nil {
		return nil, err
	}
	return ui.ParseForm(r)
}

// Describe says in words which files the query selects, for the export
// form.
func (in beneficiaryQueryIn) Describe() string {
	var b strings.Builder
	if in.Q != "" {
		b.WriteString("姓名或身份证号“" + in.Q + "”；")
	}
	if in.Group != "" {
		b.WriteString("类别 " + in.GroupLabel() + "；")
	}
	switch in.Status {
	case "all":
		b.WriteString("全部（含已结案）")
	case "closed":
		b.WriteString("已结案")
	default:
		b.WriteString("在案")
	}
	return b.String()
}

// BeneficiaryExportForm asks for the reason of an export of the list with
// the query's filters, and what to export of it: the register, the visits
// or the applications.
func (h *Handlers) BeneficiaryExportForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireExport(ui.User(r)); err != nil {
		return err
	}
	_, _, in, _, err := beneficiaryQuery(r.URL.Query(), ui.Scope(r))
	if err != nil {
		return err
	}
	return h.renderBeneficiaryExport(w, r, http.StatusOK, in, ui.NewForm(url.Values{"what": {"people"}}, nil))
}

// renderBeneficiaryExport renders the export form for the list the query
// in names.
func (h *Handlers) renderBeneficiaryExport(w http.ResponseWriter, r *http.Request, status int, in beneficiaryQueryIn, f ui.Form) error {
	name, err := h.regionName(r, in.Region)
	if err != nil {
		return err
	}
	back := "/beneficiaries?" + in.Values().Encode()
	return h.ui.Render(w, r, status, "beneficiary/export.html", exportPage{Title: "导出服务对象名册", Back: back, BackName: "服务对象",
		Action: "/beneficiaries", Hidden: in.Values(), Kinds: true, Form: f,
		Facts: []fact{{"区划", name}, {"条件", in.Describe()}}})
}

// regionName names the region code, or the user's own when code is "".
func (h *Handlers) regionName(r *http.Request, code string) (string, error) {
	if code == "" {
		code = ui.User(r).Region
	}
	names, err := h.db.RegionNames(r.Context(), []string{code})
	return names[code], err
}

// exportFormat is the format an export's address ends with: xlsx or csv.
func exportFormat(r *http.Request) string { return strings.TrimPrefix(path.Ext(r.URL.Path), ".") }

// BeneficiaryExport writes the people the posted filters select — their
// register with full ID and phone numbers and birth dates, their visits
// (what=visits, optionally from and to) or their applications — as the
// address's format (.xlsx or .csv). Those numbers appear in full nowhere else but a logged reveal:
// an export needs the reveal right (requireExport) and a reason, so it is
// a reveal of many files at once. Each person in the file gets a line in
// the access log with the reason, written before any data is sent.
func (h *Handlers) BeneficiaryExport(w http.ResponseWriter, r *http.Request) error {
	ctx, u, format := r.Context(), ui.User(r), exportFormat(r)
	v, err := exportPosted(r)
	if err != nil {
		return err
	}
	scope, f, in, _, err := beneficiaryQuery(v, ui.Scope(r))
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	reason := ui.Trimmed(v, "reason")
	if msg := reasonProblem(reason); msg != "" {
		fe.Add("reason", msg)
	}
	var from, to shuangbai.Date
	switch v.Get("what") {
	case "", "people", "applications":
	case "visits":
		from, to = ui.ParseDate(fe, "from", v.Get("from")), ui.ParseDate(fe, "to", v.Get("to"))
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			fe.Add("to", "截止日期不能早于开始日期")
		}
	default:
		fe.Add("what", "请选择导出名册、探访记录或协助申请")
	}
	if len(fe) > 0 {
		return h.renderBeneficiaryExport(w, r, http.StatusUnprocessableEntity, in, ui.NewForm(v, fe.Err()))
	}
	list, most, err := h.exportPeople(ctx, scope, f)
	if err != nil {
		return err
	}
	if most > 0 {
		msg := fmt.Sprintf("符合条件的人太多（一次最多导出 %d 人），请按区划、类别或更完整的姓名缩小导出范围", most)
		return h.renderBeneficiaryExport(w, r, http.StatusUnprocessableEntity, in, ui.NewForm(v, invalid("reason", msg)))
	}
	views, err := h.beneficiaryViews(ctx, ui.Scope(r), list)
	if err != nil {
		return err
	}
	var t *report.Table
	shown := views
	switch v.Get("what") {
	case "visits":
		t, shown, err = h.visitTable(ctx, scope, views, from, to)
	case "applications":
		t, shown, err = h.applicationTable(ctx, scope, views)
	default:
		t = rosterTable(views)
	}
	if err != nil {
		return err
	}
	if len(t.Rows) > maxExportRows {
		msg := fmt.Sprintf("记录超过 %d 条，请缩小区划或探访日期范围后分几次导出", maxExportRows)
		return h.renderBeneficiaryExport(w, r, http.StatusUnprocessableEntity, in, ui.NewForm(v, invalid("reason", msg)))
	}
	logged := in
	if looksLikeIDNumber(logged.Q) {
		// The log is read by more people than may see the number typed.
		logged.Q = shuangbai.MaskIDNumber(logged.Q)
	}
	cond := logged.Values()
	if !from.IsZero() || !to.IsZero() {
		cond.Set("from", from.String())
		cond.Set("to", to.String())
	}
	if err := h.logExport(ctx, u, shown, reason, exportDetail(format, t, len(shown), cond)); err != nil {
		return err
	}
	return ui.SendTable(w, t, format, h.ui.Today())
}

// exportPeople reads the files f selects, up to maxExport. When there are
// more it returns, instead, the most one export takes for such a query.
func (h *Handlers) exportPeople(ctx context.Context, scope shuangbai.Scope, f shuangbai.BeneficiaryFilter) ([]*shuangbai.Beneficiary, int, error) {
	var list []*shuangbai.Beneficiary
	for {
		f.Limit = 500
		page, err := h.db.Beneficiaries(ctx, scope, f)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, page...)
		if len(page) < f.Limit {
			return list, 0, nil
		}
		// A name search comes in name order, which id paging cannot continue.
		if f.Name != "" {
			return nil, f.Limit - 1, nil
		}
		if len(list) > maxExport {
			return nil, maxExport, nil
		}
		f.After = page[len(page)-1].ID
	}
}

// exportDetail is the access log's note of an export: its format, what it
// holds and the conditions it was made with.
func exportDetail(format string, t *report.Table, people int, cond url.Values) string {
	detail := map[string]string{"xlsx": "Excel", "csv": "CSV"}[format] + " " + t.Sheet + " " + strconv.Itoa(people) + " 人"
	if len(t.Rows) != people {
		detail += "（" + strconv.Itoa(len(t.Rows)) + " 条）"
	}
	if q := cond.Encode(); q != "" {
		detail += "；条件 " + q
	}
	return detail
}

// logExport writes a line to the access log for each person in an export.
func (h *Handlers) logExport(ctx context.Context, u *shuangbai.User, people []beneficiaryView, reason, detail string) error {
	targets := make([]store.AccessTarget, len(people))
	for i, b := range people {
		targets[i] = store.AccessTarget{BeneficiaryID: b.ID, Region: b.Region}
	}
	return h.db.LogAccessMany(ctx, u, store.AccessExport, targets, reason, detail)
}

// rosterTable is the register of people.
func rosterTable(people []beneficiaryView) *report.Table {
	t := &report.Table{Sheet: "服务对象名册", File: "beneficiaries", Freeze: 2, Cols: rosterColumns}
	for _, c := range people {
		var groups []string
		for _, g := range c.Groups {
			groups = append(groups, g.Label())
		}
		status := "在案"
		if !c.Open {
			status = "已结案"
		}
		found := ""
		if c.FoundBy != "" {
			found = c.FoundBy.Label()
		}
		t.Rows = append(t.Rows, []any{c.ID, c.Name, c.Gender, c.Birth, c.IDNumber, c.Phone, c.Region, c.Path, c.Address, c.Relation,
			strings.Join(groups, "、"), c.Disability, found, c.FoundOn, c.Worker, c.Level.Label(), status, c.ClosedOn, c.LastVisit, c.NextDue})
	}
	return t
}

// visitTable is the visits of people made from day from to day to (either
// may be open), and the people who had any.
func (h *Handlers) visitTable(ctx context.Context, scope shuangbai.Scope, people []beneficiaryView, from, to shuangbai.Date) (*report.Table, []beneficiaryView, error) {
	t := &report.Table{Sheet: "探访记录", File: "visits", Freeze: 2, Cols: visitColumns}
	var shown []beneficiaryView
	var recorders []string
	type visitRow struct {
		b beneficiaryView
		v shuangbai.Visit
	}
	var rows []visitRow
	for _, b := range people {
		visits, err := h.db.Visits(ctx, scope, b.ID, 500)
		if err != nil {
			return nil, nil, err
		}
		n := 0
		for _, v := range visits {
			if !from.IsZero() && v.On.Before(from) || !to.IsZero() && v.On.After(to) {
				continue
			}
			rows = append(rows, visitRow{b, v})
			recorders = append(recorders, v.By)
			n++
		}
		if n > 0 {
			shown = append(shown, b)
		}
		if len(rows) > maxExportRows {
			break
		}
	}
	names, err := h.userNames(ctx, recorders)
	if err != nil {
		return nil, nil, err
	}
	for _, x := range rows {
		v := x.v
		t.Rows = append(t.Rows, append(personCells(x.b), v.On, v.Kind.Label(), strings.Join(v.Services, "、"), v.Findings, v.NextDue, names[v.By]))
	}
	return t, shown, nil
}

// applicationTable is the applications made for people, and the people
// who had any.
func (h *Handlers) applicationTable(ctx context.Context, scope shuangbai.Scope, people []beneficiaryView) (*report.Table, []beneficiaryView, error) {
	t := &report.Table{Sheet: "协助申请", File: "applications", Freeze: 2, Cols: applicationColumns}
	var shown []beneficiaryView
	for _, b := range people {
		apps, err := h.db.Applications(ctx, scope, b.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, a := range apps {
			var amount any // empty rather than 0 when none was granted
			if a.Amount != 0 {
				amount = a.Amount
			}
			t.Rows = append(t.Rows, append(personCells(b), a.Kind.Label(), a.Status.Label(), a.PreparedOn, a.SubmittedOn, a.DecidedOn,
				amount, a.Documents, a.Note))
		}
		if len(apps) > 0 {
			shown = append(shown, b)
		}
	}
	return t, shown, nil
}

// worklistExportValues are the worklist's parameters an export carries.
func worklistExportValues(q url.Values) url.Values {
	v := url.Values{}
	for _, k := range []string{"region", "view"} {
		if s := strings.TrimSpace(q.Get(k)); s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// WorklistExportForm asks for the reason of an export of the worklist
// ?region= and ?view= name: the people due a visit this week or overdue,
// with their numbers and addresses, for planning visits.
func (h *Handlers) WorklistExportForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireExport(ui.User(r)); err != nil {
		return err
	}
	return h.renderWorklistExport(w, r, http.StatusOK, worklistExportValues(r.URL.Query()), ui.NewForm(nil, nil))
}

// renderWorklistExport renders the export form of the worklist q names.
func (h *Handlers) renderWorklistExport(w http.ResponseWriter, r *http.Request, status int, q url.Values, f ui.Form) error {
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return err
	}
	view, err := worklistView(ui.User(r), q, scope)
	if err != nil {
		return err
	}
	name, err := h.regionName(r, scope.Code)
	if err != nil {
		return err
	}
	what := "逾期及 " + h.ui.Today().AddDays(worklistDays).Chinese() + " 前到期的个案（最多 1000 人）"
	if view == "mine" {
		what = "我负责的" + what
	}
	return h.ui.Render(w, r, status, "beneficiary/export.html", exportPage{Title: "导出探访清单", Back: "/worklist?" + q.Encode(), BackName: "探访清单",
		Action: "/worklist", Hidden: q, Form: f, Facts: []fact{{"区划", name}, {"内容", what}}})
}

// WorklistExport writes the worklist the posted region and view name, as
// the address's format (.xlsx or .csv), with
// each person's numbers, address and who has been told of a late visit;
// like every export of people it needs the reveal right and a reason, and
// logs each person first.
func (h *Handlers) WorklistExport(w http.ResponseWriter, r *http.Request) error {
	ctx, u, format := r.Context(), ui.User(r), exportFormat(r)
	v, err := exportPosted(r)
	if err != nil {
		return err
	}
	q := worklistExportValues(v)
	reason := ui.Trimmed(v, "reason")
	if msg := reasonProblem(reason); msg != "" {
		return h.renderWorklistExport(w, r, http.StatusUnprocessableEntity, q, ui.NewForm(v, invalid("reason", msg)))
	}
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return err
	}
	view, err := worklistView(u, q, scope)
	if err != nil {
		return err
	}
	var worker int64
	if view == "mine" {
		worker = u.PersonID
	}
	today := h.ui.Today()
	due, err := h.db.Worklist(ctx, scope, worker, today.AddDays(worklistDays), 1000)
	if err != nil {
		return err
	}
	gs, err := h.db.Graces(ctx)
	if err != nil {
		return err
	}
	list := make([]*shuangbai.Beneficiary, 0, len(due))
	for _, d := range due {
		b, err := h.db.Beneficiary(ctx, scope, d.BeneficiaryID)
		if err != nil {
			return err
		}
		list = append(list, b)
	}
	people, err := h.beneficiaryViews(ctx, ui.Scope(r), list)
	if err != nil {
		return err
	}
	t := &report.Table{Sheet: "探访清单", File: "worklist", Freeze: 2, Cols: worklistColumns}
	for _, b := range people {
		told := gs.For(b.Level).Escalate(b.NextDue, today)
		t.Rows = append(t.Rows, []any{b.ID, b.Name, b.IDNumber, b.Phone, b.Region, b.Path, b.Address, b.Level.Label(), b.LastVisit, b.NextDue,
			b.Due().Text, b.Worker, toldText(told, today)})
	}
	if err := h.logExport(ctx, u, people, reason, exportDetail(format, t, len(people), q)); err != nil {
		return err
	}
	return ui.SendTable(w, t, format, today)
}
