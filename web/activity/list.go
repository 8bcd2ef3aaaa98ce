package activity

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/report"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// listQuery is a list's filters as the address gives them: ?region=CODE
// (a station's town or village, or any region above), kind, from, to, and
// before — the key of the last row of the previous page, "2021-07-29.123".
type listQuery struct {
	Region, Kind, From, To, Before string
	Filter                         store.ActivityFilter
}

// Filtered reports whether any filter is set, for the 清除条件 link.
func (q listQuery) Filtered() bool {
	return q.Region != "" || q.Kind != "" || q.From != "" || q.To != ""
}

// parseListQuery reads a list's filters; a malformed one is a 400 naming
// it. The region is not checked against the scope here: see ui.RegionParam.
func parseListQuery(v url.Values) (listQuery, error) {
	q := listQuery{Region: strings.TrimSpace(v.Get("region")), Kind: strings.TrimSpace(v.Get("kind")),
		From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to")), Before: strings.TrimSpace(v.Get("before"))}
	if q.Kind != "" {
		k, ok := shuangbai.ParseActivityKind(q.Kind)
		if !ok {
			return q, ui.BadRequest("参数 kind 应为活动类别，例如 anti_drug（禁毒宣传）")
		}
		q.Kind, q.Filter.Kind = string(k), k
	}
	var err error
	if q.Filter.From, err = shuangbai.ParseDate(q.From); err != nil {
		return q, ui.BadRequest("参数 from 应为日期，例如 2021-01-01")
	}
	if q.Filter.To, err = shuangbai.ParseDate(q.To); err != nil {
		return q, ui.BadRequest("参数 to 应为日期，例如 2021-12-31")
	}
	if q.Before != "" {
		day, id, ok := strings.Cut(q.Before, ".")
		n, nerr := strconv.ParseInt(id, 10, 64)
		d, derr := shuangbai.ParseDate(day)
		if !ok || nerr != nil || n <= 0 || derr != nil || d.IsZero() {
			return q, ui.BadRequest("参数 before 应为上一页最后一项的日期和编号，例如 2021-07-29.123")
		}
		q.Filter.BeforeOn, q.Filter.BeforeID = d, n
	}
	return q, nil
}

// query reads a request's filters and its scope, narrowed to the region.
func query(r *http.Request) (listQuery, shuangbai.Scope, error) {
	q, err := parseListQuery(r.URL.Query())
	if err != nil {
		return q, shuangbai.Scope{}, err
	}
	scope, err := ui.RegionParam(r.URL.Query(), ui.Scope(r))
	return q, scope, err
}

// nextKey is the before= of the page after page.
func nextKey(page []*shuangbai.Activity) string {
	last := page[len(page)-1]
	return last.HeldOn.String() + "." + strconv.FormatInt(last.ID, 10)
}

// pageSize is a list page's length.
const pageSize = 50

// listRow is an activity as the list shows it.
type listRow struct {
	*shuangbai.Activity
	Station string
	Place   string
}

// URL is the activity's page.
func (r listRow) URL() string { return activityURL(r.ID) }

// listPage is the data of activity/list.html.
type listPage struct {
	Query     listQuery
	Rows      []listRow
	Regions   []ui.RegionGroup
	Kinds     []shuangbai.ActivityKind
	Counts    []store.ActivityCount
	Total     store.ActivityCount
	Next      string // the next page's address, "" on the last
	CanEdit   bool
	ExportURL string
}

// List shows the activities in scope, newest first, a page at a time, with
// the counts by kind of everything the filters select.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return err
	}
	q, scope, err := query(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	f := q.Filter
	f.Limit = pageSize + 1 // one more tells whether a next page exists
	as, err := h.db.Activities(ctx, scope, f)
	if err != nil {
		return err
	}
	p := listPage{Query: q, Kinds: shuangbai.ActivityKinds, CanEdit: u.CanEditCases()}
	if len(as) > pageSize {
		as = as[:pageSize]
		next := r.URL.Query()
		next.Set("before", nextKey(as))
		p.Next = "/activities?" + next.Encode()
	}
	if p.Counts, err = h.db.ActivityCounts(ctx, scope, 0, f.From, f.To); err != nil {
		return err
	}
	for _, c := range p.Counts {
		if q.Kind == "" || c.Kind == f.Kind {
			p.Total.Activities, p.Total.Reached, p.Total.Volunteers = p.Total.Activities+c.Activities, p.Total.Reached+c.Reached, p.Total.Volunteers+c.Volunteers
		}
	}
	if p.Rows, err = h.rows(r, as); err != nil {
		return err
	}
	if p.Regions, err = h.ui.RegionFilter(ctx, ui.Scope(r), "（全县）"); err != nil {
		return err
	}
	export := r.URL.Query()
	export.Del("before")
	p.ExportURL = "/activities.xlsx?" + export.Encode()
	return h.ui.Render(w, r, http.StatusOK, "activity/list.html", p)
}

func (h *Handlers) rows(r *http.Request, as []*shuangbai.Activity) ([]listRow, error) {
	stations, paths, err := h.names(r.Context(), as)
	if err != nil {
		return nil, err
	}
	out := make([]listRow, len(as))
	for i, a := range as {
		out[i] = listRow{Activity: a, Station: stations[a.StationID], Place: paths[a.Region]}
	}
	return out, nil
}

// maxExport is the most activities one Excel list holds: a county's five
// years is about 3,000.
const maxExport = 10_000

// XLSX sends the activities the filters select as an Excel list, oldest
// first as a register reads, with a 合计 row.
func (h *Handlers) XLSX(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return err
	}
	q, scope, err := query(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	var all []*shuangbai.Activity
	f := q.Filter
	f.BeforeOn, f.BeforeID, f.Limit = shuangbai.Date{}, 0, 500
	for len(all) <= maxExport {
		page, err := h.db.Activities(ctx, scope, f)
		if err != nil {
			return err
		}
		all = append(all, page...)
		if len(page) < f.Limit {
			break
		}
		f.BeforeOn, f.BeforeID = page[len(page)-1].HeldOn, page[len(page)-1].ID
	}
	if len(all) > maxExport {
		return shuangbai.Errorf(shuangbai.EINVALID, "所选范围内的活动超过 %d 项，请按地区、类别或期间缩小范围后再导出", maxExport)
	}
	rows, err := h.rows(r, all)
	if err != nil {
		return err
	}
	l := &report.ActivityList{From: f.From, To: f.To}
	for i := len(rows) - 1; i >= 0; i-- {
		l.Rows = append(l.Rows, report.ActivityRow{Activity: rows[i].Activity, Station: rows[i].Station, Place: rows[i].Place})
	}
	area := scope.Code
	if area == "" {
		area = u.Region
	}
	names, err := h.db.RegionNames(ctx, []string{area, u.Region})
	if err != nil {
		return err
	}
	l.Area, l.Unit = names[area], names[u.Region]+"社工站"
	if shuangbai.LevelOf(u.Region) <= shuangbai.LevelCounty {
		l.Unit = names[u.Region] + "民政局"
	}
	var buf bytes.Buffer
	if err := report.ActivitiesXLSX(&buf, l); err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	hd.Set("Content-Disposition", `attachment; filename="activities.xlsx"; filename*=UTF-8''`+url.PathEscape(l.Area+"社区活动.xlsx"))
	hd.Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}
