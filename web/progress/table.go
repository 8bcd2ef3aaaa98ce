package progress

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"shuangbai"
	"shuangbai/report"
	"shuangbai/web/ui"
)

// The progress table is read at three levels. A city or province user sees
// the bureau's table of their region (one row per county or city, the 本级
// row and 合计). A county user may not read the city's table — the store
// answers 404, as for anything outside a scope — so their default is the
// county's own row as a table of its own (store.CountyProgress), the row the
// county reports to the city, with every number still drilling down. Users
// below the county (station leads, social workers) get no table, only the
// lists of their own stations and points.

// progressParams are the region and as-of date of a request for the table.
type progressParams struct {
	Region string         // "" for a user below county level who named none
	Date   shuangbai.Date // the as-of date
}

// defaultProgressRegion is the table a user sees first: their own region at
// county level and above, none below.
func defaultProgressRegion(u *shuangbai.User) string {
	switch shuangbai.LevelOf(u.Region) {
	case shuangbai.LevelProvince, shuangbai.LevelCity, shuangbai.LevelCounty:
		return u.Region
	}
	return ""
}

// progressQuery reads region and date. A malformed region is a bad request;
// a malformed date is EINVALID, which the table page shows next to its form.
func (h *Handlers) progressQuery(r *http.Request) (progressParams, error) {
	q := r.URL.Query()
	d, derr := h.asOf(q)
	p := progressParams{Region: strings.TrimSpace(q.Get("region")), Date: d}
	if p.Region == "" {
		p.Region = defaultProgressRegion(ui.User(r))
	} else if err := checkRegionCode(p.Region); err != nil {
		return p, err
	}
	return p, derr
}

// checkRegionCode refuses a region parameter that is no region code.
func checkRegionCode(code string) error {
	if shuangbai.LevelOf(code) == shuangbai.LevelUnknown {
		return ui.BadRequest("参数 region 应为 2、4、6、9 或 12 位区划代码")
	}
	return nil
}

// asOf reads the as-of date of the table or a list behind it: today when
// none is given. A malformed date is EINVALID, with today to show in the
// form meanwhile.
func (h *Handlers) asOf(q url.Values) (shuangbai.Date, error) {
	ds := strings.TrimSpace(q.Get("date"))
	if ds == "" {
		return h.ui.Today(), nil
	}
	d, err := shuangbai.ParseDate(ds)
	if err != nil {
		return h.ui.Today(), err
	}
	return d, nil
}

// dayURL returns the address path?region=…&date=… with the parameters of
// v besides: every link between the table and the lists behind it carries
// the region (when there is one) and the as-of day.
func dayURL(path, region string, d shuangbai.Date, v url.Values) string {
	if v == nil {
		v = url.Values{}
	}
	if region != "" {
		v.Set("region", region)
	}
	v.Set("date", d.String())
	return path + "?" + v.Encode()
}

// progressTable computes the table of region on day d as scope may see it:
// the bureau's table for a city or province, the one-row table for a county.
func (h *Handlers) progressTable(ctx context.Context, scope shuangbai.Scope, region string, d shuangbai.Date) (*shuangbai.ProgressTable, error) {
	if !scope.Contains(region) {
		return nil, shuangbai.Errorf(shuangbai.ENOTFOUND, "区划 %s 不存在或不在您的管辖范围内", region)
	}
	switch shuangbai.LevelOf(region) {
	case shuangbai.LevelCity, shuangbai.LevelProvince:
		return h.db.Progress(ctx, scope, region, d)
	case shuangbai.LevelCounty:
		return h.db.CountyProgress(ctx, scope, region, d)
	}
	return nil, shuangbai.Errorf(shuangbai.EINVALID, "建设进度表按县（市、区）、市或省统计；乡镇（街道）的情况请查看站点明细")
}

// progressPage is the data of progress/table.html.
type progressPage struct {
	Params    progressParams
	Today     shuangbai.Date
	Choices   []ui.RegionOption // the tables the user may pick; empty when only one
	Table     *shuangbai.ProgressTable
	Head      []progressHeadCell // the first header row
	SubHead   []string           // the second header row
	Rows      []progressRowView
	Total     *progressRowView // nil for a county's one-row table
	Notes     []string
	Chart     *progressChart
	Problem   string         // why there is no table, e.g. a future date
	Below     []progressLink // for a user below county level: their own lists
	Home      string         // that user's region
	CanAdmin  bool           // may record facts and trainings
	CanImport bool           // may import a filled-in sheet: an administrator of a city or province
}

// Download returns the address of the table as a file: ext is xlsx or csv.
func (p progressPage) Download(ext string) string {
	return dayURL("/reports/progress."+ext, p.Params.Region, p.Params.Date, nil)
}

// progressLink is a link with its text.
type progressLink struct {
	Text, URL string
	Current   bool // the page shown
}

// TableShow renders the table page: the bureau's form as printed, every
// number a link to the list behind it, and the chart of sites built by
// month. A date the table cannot be computed for is explained on the page,
// with the form to pick another, and answered 422.
func (h *Handlers) TableShow(w http.ResponseWriter, r *http.Request) error {
	ctx, u, scope := r.Context(), ui.User(r), ui.Scope(r)
	p, err := h.progressQuery(r)
	if err != nil && shuangbai.ErrorCode(err) != shuangbai.EINVALID {
		return err
	}
	page := progressPage{Params: p, Today: h.ui.Today(), Notes: shuangbai.ProgressNotes, CanAdmin: u.IsBureauAdmin()}
	page.CanImport = requireImporter(u) == nil
	var cerr error
	if page.Choices, cerr = h.progressChoices(ctx, scope); cerr != nil {
		return cerr
	}
	if err == nil && p.Region == "" {
		page.Below = progressBelow(u.Region, p.Date)
		names, err := h.db.RegionNames(ctx, []string{u.Region})
		if err != nil {
			return err
		}
		page.Home = names[u.Region]
		return h.ui.Render(w, r, http.StatusOK, "progress/table.html", page)
	}
	if err == nil {
		page.Table, err = h.progressTable(ctx, scope, p.Region, p.Date)
	}
	if shuangbai.ErrorCode(err) == shuangbai.EINVALID {
		page.Problem = shuangbai.ErrorMessage(err)
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "progress/table.html", page)
	}
	if err != nil {
		return err
	}
	page.Head, page.SubHead = progressHead()
	page.Rows, page.Total = progressRowViews(page.Table)
	if page.Chart, err = h.chartFor(ctx, scope, page.Table); err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "progress/table.html", page)
}

// progressChoices lists the tables a city or province user may switch
// between: their own region's and each county's (or city's) one below it.
func (h *Handlers) progressChoices(ctx context.Context, scope shuangbai.Scope) ([]ui.RegionOption, error) {
	l := shuangbai.LevelOf(scope.Code)
	if l != shuangbai.LevelCity && l != shuangbai.LevelProvince {
		return nil, nil
	}
	self, err := h.db.Region(ctx, scope, scope.Code, shuangbai.Date{})
	if err != nil {
		return nil, err
	}
	out := []ui.RegionOption{{Code: self.Code, Name: self.Name + "（汇总表）"}}
	kids, err := h.db.Children(ctx, scope, scope.Code, shuangbai.Date{})
	if err != nil {
		return nil, err
	}
	for _, k := range kids {
		out = append(out, ui.RegionOption{Code: k.Code, Name: k.Name})
	}
	return out, nil
}

// progressBelow links a user below county level to the lists of their own
// stations, points and staff.
func progressBelow(region string, d shuangbai.Date) []progressLink {
	list := func(path, kind string) string {
		return dayURL(path, region, d, url.Values{"kind": {kind}})
	}
	return []progressLink{
		{Text: "本辖区社工站", URL: list("/reports/progress/sites", "station")},
		{Text: "本辖区社工点", URL: list("/reports/progress/sites", "point")},
		{Text: "社工站在岗人员", URL: list("/reports/progress/staff", "station")},
		{Text: "社工点在岗人员", URL: list("/reports/progress/staff", "point")},
	}
}

// TableXLSX answers the table as the bureau's Excel form: the same file
// for the page's download link and for GET /api/v1/reports/progress.xlsx.
func (h *Handlers) TableXLSX(w http.ResponseWriter, r *http.Request) error {
	return h.progressDownload(w, r, ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.ProgressXLSX)
}

// TableCSV answers the table as CSV with a byte-order mark for Excel.
func (h *Handlers) TableCSV(w http.ResponseWriter, r *http.Request) error {
	return h.progressDownload(w, r, ".csv", "text/csv; charset=utf-8", report.ProgressCSV)
}

func (h *Handlers) progressDownload(w http.ResponseWriter, r *http.Request, ext, ctype string, write func(io.Writer, *shuangbai.ProgressTable) error) error {
	t, err := h.requestedTable(r)
	if err != nil {
		return err
	}
	// Written to a buffer first, so that a failure is an error page rather
	// than half a file.
	var buf bytes.Buffer
	if err := write(&buf, t); err != nil {
		return err
	}
	name := t.Title() + "-" + t.Date.String() + ext
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="progress-%s-%s%s"; filename*=UTF-8''%s`,
		t.RegionCode, t.Date, ext, attrEscape(name)))
	_, err = buf.WriteTo(w)
	return err
}

// requestedTable computes the table a download or the API asks for: it
// must name its region when the user is below county level.
func (h *Handlers) requestedTable(r *http.Request) (*shuangbai.ProgressTable, error) {
	p, err := h.progressQuery(r)
	if err != nil {
		return nil, err
	}
	if p.Region == "" {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "建设进度表按县（市、区）、市或省统计，请用参数 region 指定")
	}
	return h.progressTable(r.Context(), ui.Scope(r), p.Region, p.Date)
}

// attrEscape percent-encodes s as an RFC 8187 ext-value, so that a Chinese
// file name survives the Content-Disposition header.
func attrEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("!#$&+-.^_`|~", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
