package supervision

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/report"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// itemQuery reads the filters of the list of items: region, status
// (overdue, the default; open; all) and kind (supervision or
// rectification).
func (h *Handlers) itemQuery(r *http.Request) (shuangbai.Scope, store.ItemFilter, string, error) {
	q := r.URL.Query()
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return scope, store.ItemFilter{}, "", err
	}
	f := store.ItemFilter{CoveredBy: coveredBy(ui.User(r))}
	status := q.Get("status")
	switch status {
	case "", "overdue":
		status, f.OverdueOn = "overdue", h.ui.Today()
	case "open":
		f.Open = true
	case "all":
	default:
		return scope, f, "", ui.BadRequest("参数 status 应为 overdue（逾期）、open（未完成）或 all（全部）")
	}
	switch k := shuangbai.ItemKind(q.Get("kind")); k {
	case "", shuangbai.ItemSupervision, shuangbai.ItemRectification:
		f.Kind = k
	default:
		return scope, f, "", ui.BadRequest("参数 kind 应为 supervision（督导待办）或 rectification（整改事项）")
	}
	return scope, f, status, nil
}

// itemsPage is the data of supervision/items.html.
type itemsPage struct {
	Rows   []shuangbai.ActionItem
	Pager  ui.Pager
	Status string
	Kind   string
	Region string
	Today  shuangbai.Date
	Query  string
}

// ItemList lists the action items and rectification items in scope:
// overdue ones by default, the nearest due first.
func (h *Handlers) ItemList(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	scope, f, status, err := h.itemQuery(r)
	if err != nil {
		return err
	}
	pg, err := ui.PageParam(r.URL.Query())
	if err != nil {
		return err
	}
	f.Limit, f.Offset = ui.PageSize, (pg-1)*ui.PageSize
	rows, total, err := h.db.ActionItems(r.Context(), scope, f)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "supervision/items.html", itemsPage{Rows: rows, Pager: ui.NewPager(r, pg, total), Status: status,
		Kind: string(f.Kind), Region: r.URL.Query().Get("region"), Today: h.ui.Today(), Query: r.URL.RawQuery})
}

// itemPage is the data of supervision/item.html.
type itemPage struct {
	A        *shuangbai.ActionItem
	Today    shuangbai.Date
	CanClose bool
	Form     ui.Form
	Back     string
}

func (h *Handlers) itemOf(r *http.Request) (*shuangbai.ActionItem, error) {
	if err := requireRead(ui.User(r)); err != nil {
		return nil, err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.db.ActionItem(r.Context(), ui.Scope(r), id)
}

// back is the page an item came from.
func back(a *shuangbai.ActionItem) string {
	if a.VisitID != 0 {
		return visitURL(a.VisitID)
	}
	return "/evaluations/" + strconv.FormatInt(a.RoundID, 10) + "/stations/" + strconv.FormatInt(a.StationID, 10)
}

// ItemShow shows an item with the form that closes it.
func (h *Handlers) ItemShow(w http.ResponseWriter, r *http.Request) error {
	return h.renderItem(w, r, http.StatusOK, ui.NewForm(url.Values{"done_on": {h.ui.Today().String()}}, nil))
}

func (h *Handlers) renderItem(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	a, err := h.itemOf(r)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "supervision/item.html", itemPage{A: a, Today: h.ui.Today(), CanClose: ui.User(r).CanCloseItems(), Form: f, Back: back(a)})
}

// ItemClose records that an item was done, with the day and a note.
func (h *Handlers) ItemClose(w http.ResponseWriter, r *http.Request) error {
	a, err := h.itemOf(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	on := ui.ParseDate(fe, "done_on", v.Get("done_on"))
	err = fe.Err()
	if err == nil {
		_, err = h.db.CloseActionItem(r.Context(), ui.User(r), a.ID, on, v.Get("done_note"))
	}
	if ui.FieldErrors(err) != nil {
		return h.renderItem(w, r, ui.Status(err), ui.NewForm(v, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已标记完成")
	http.Redirect(w, r, localNext(v, back(a)), http.StatusSeeOther)
	return nil
}

// ItemsXLSX exports the list of items as the page filters it, up to 5,000.
func (h *Handlers) ItemsXLSX(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	scope, f, status, err := h.itemQuery(r)
	if err != nil {
		return err
	}
	l := &report.ListSheet{Sheet: "待办与整改", Title: map[string]string{"overdue": "逾期未完成的督导待办与整改事项", "open": "未完成的督导待办与整改事项",
		"all": "督导待办与整改事项"}[status] + "（" + h.ui.Today().Chinese() + "）",
		Header: []string{"类别", "社工站", "事项", "责任人", "提出日期", "完成期限", "完成日期", "完成情况"},
		Widths: []float64{12, 20, 40, 14, 14, 14, 14, 40}}
	for off := 0; off < 5000; off += 500 {
		f.Limit, f.Offset = 500, off
		rows, _, err := h.db.ActionItems(r.Context(), scope, f)
		if err != nil {
			return err
		}
		for _, a := range rows {
			l.Rows = append(l.Rows, []any{a.Kind.Label(), a.StationName, a.Title, a.Owner, a.From.String(), a.Due.String(), optDate(a.DoneOn), a.DoneNote})
		}
		if len(rows) < 500 {
			break
		}
	}
	var buf bytes.Buffer
	if err := report.ListXLSX(&buf, l); err != nil {
		return err
	}
	send(w, "待办与整改事项.xlsx", xlsxType, buf.Bytes())
	return nil
}

func optDate(d shuangbai.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// VisitsXLSX exports the list of visits as the page filters it, up to 5,000.
func (h *Handlers) VisitsXLSX(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return err
	}
	scope, err := ui.RegionParam(r.URL.Query(), ui.Scope(r))
	if err != nil {
		return err
	}
	l := &report.ListSheet{Sheet: "督导记录", Title: "督导记录（" + h.ui.Today().Chinese() + "）",
		Header: []string{"日期", "社工站", "社工点", "督导", "形式", "了解的情况与议题", "指导意见", "未完成待办"},
		Widths: []float64{12, 18, 18, 10, 16, 40, 40, 10}}
	for off := 0; off < 5000; off += 500 {
		rows, _, err := h.db.SupervisionVisits(r.Context(), scope, store.VisitFilter{CoveredBy: coveredBy(u), Limit: 500, Offset: off})
		if err != nil {
			return err
		}
		for _, v := range rows {
			l.Rows = append(l.Rows, []any{v.VisitedOn.String(), v.StationName, v.PointName, v.SupervisorName, shuangbai.FormLabels(v.Forms), v.Topics, v.Advice, v.OpenItems})
		}
		if len(rows) < 500 {
			break
		}
	}
	var buf bytes.Buffer
	if err := report.ListXLSX(&buf, l); err != nil {
		return err
	}
	send(w, "督导记录.xlsx", xlsxType, buf.Bytes())
	return nil
}

// VisitDOCX writes a visit's record as a Word document.
func (h *Handlers) VisitDOCX(w http.ResponseWriter, r *http.Request) error {
	v, err := h.visitOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	paths, err := h.ui.RegionPaths(ctx, []string{v.Region})
	if err != nil {
		return err
	}
	county := v.Region[:6]
	names, err := h.db.RegionNames(ctx, []string{county})
	if err != nil {
		return err
	}
	sup := v.SupervisorName
	_, chiefs, err := h.db.Supervisors(ctx, shuangbai.Scope{Code: v.Region}, v.VisitedOn)
	if err != nil {
		return err
	}
	for _, c := range chiefs {
		if c.PersonID == v.SupervisorID {
			sup += "（" + c.Title + "）"
			break
		}
	}
	var buf bytes.Buffer
	if err := report.VisitDOCX(&buf, &report.VisitReport{Visit: v, Place: paths[v.Region], Unit: names[county] + "民政局",
		PrintedOn: h.ui.Today(), Supervisor: sup}); err != nil {
		return err
	}
	send(w, "督导记录-"+v.StationName+"-"+v.VisitedOn.String()+".docx", docxType, buf.Bytes())
	return nil
}
