package dashboard

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"shuangbai"
	"shuangbai/report"
	"shuangbai/web/ui"
)

// dashboard reads the query and computes the figures, for the API and the
// download (the page handles a bad period itself, beside its form).
func (h *Handlers) dashboard(r *http.Request) (*shuangbai.Dashboard, error) {
	u := ui.User(r)
	q, err := readQuery(r.URL.Query(), u, h.ui.Today())
	if err != nil {
		return nil, err
	}
	return h.db.Dashboard(r.Context(), ui.Scope(r), q.Region, q.Period, u.CanReadCases())
}

// XLSX sends the data of every chart (or of ?chart=ID alone) as a
// workbook, the headline figures first.
func (h *Handlers) XLSX(w http.ResponseWriter, r *http.Request) error {
	d, err := h.dashboard(r)
	if err != nil {
		return err
	}
	only := r.URL.Query().Get("chart")
	period := fmt.Sprintf("（%s 至 %s）", d.Period.From, d.Period.To)
	var sheets []report.DataSheet
	if only == "" {
		fs := report.DataSheet{Name: "主要指标", Title: d.Region.Name + " · 主要指标" + period, Header: []string{"指标", "数值", "比较"}}
		for _, f := range figures(d) {
			fs.Rows = append(fs.Rows, []any{f.Label, f.Value, f.Last})
		}
		sheets = append(sheets, fs)
	}
	for _, c := range charts(d) {
		if only != "" && c.ID != only {
			continue
		}
		s := report.DataSheet{Name: c.Title, Title: d.Region.Name + " · " + c.Title + period + "，单位：" + c.Unit, Header: []string{c.Head}}
		for _, x := range c.Series {
			s.Header = append(s.Header, x.Name)
		}
		for i, cat := range c.Categories {
			row := []any{cat}
			for _, x := range c.Series {
				row = append(row, x.Values[i])
			}
			s.Rows = append(s.Rows, row)
		}
		sheets = append(sheets, s)
	}
	if len(sheets) == 0 {
		return ui.BadRequest("参数 chart 不是本看板的图表")
	}
	var buf bytes.Buffer
	if err := report.DashboardXLSX(&buf, sheets); err != nil {
		return err
	}
	name := fmt.Sprintf("%s数据看板_%s_%s.xlsx", d.Region.Name, d.Period.From, d.Period.To)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	_, err = buf.WriteTo(w)
	return err
}

// apiDashboard is the JSON of GET /api/v1/dashboard.
type apiDashboard struct {
	Region  string         `json:"region"`
	Name    string         `json:"name"`
	From    shuangbai.Date `json:"from"`
	To      shuangbai.Date `json:"to"`
	AsOf    shuangbai.Date `json:"as_of"`
	Figures []apiFigure    `json:"figures"`
	Charts  []chart        `json:"charts"`
	Rows    []apiRow       `json:"rows"`
	Cases   *apiCases      `json:"cases,omitempty"`
}

type apiFigure struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Last  string `json:"last,omitempty"`
	Link  string `json:"link"`
}

type apiCounts struct {
	Required  int    `json:"required"`
	Built     int    `json:"built"`
	Office    int    `json:"office"`
	Equipment string `json:"equipment"`
	Staff     int    `json:"staff"`
}

type apiRow struct {
	Code     string    `json:"code"`
	Name     string    `json:"name"`
	Stations apiCounts `json:"stations"`
	Points   apiCounts `json:"points"`
	Open     *int      `json:"open,omitempty"`
	Overdue  *int      `json:"overdue,omitempty"`
}

type apiCases struct {
	Open        int     `json:"open"`
	Overdue     int     `json:"overdue"`
	OverdueRate float64 `json:"overdue_rate"` // percent
	Visits      int     `json:"visits"`
	VisitsLast  int     `json:"visits_last_year"`
}

func counts(c shuangbai.SiteCounts) apiCounts {
	return apiCounts{c.Required, c.Built, c.Office, c.Equipment.String(), c.Staff}
}

// APIShow answers GET /api/v1/dashboard?region=&from=&to=: the figures and
// charts of the page, inside the token's scope.
func (h *Handlers) APIShow(w http.ResponseWriter, r *http.Request) error {
	d, err := h.dashboard(r)
	if err != nil {
		return err
	}
	out := apiDashboard{Region: d.Region.Code, Name: d.Region.Name, From: d.Period.From, To: d.Period.To, AsOf: d.AsOf, Charts: charts(d)}
	for _, f := range figures(d) {
		out.Figures = append(out.Figures, apiFigure(f))
	}
	for _, row := range d.Rows {
		ar := apiRow{Code: row.Code, Name: row.Name, Stations: counts(row.Stations), Points: counts(row.Points)}
		if d.Cases != nil {
			open, late := row.Open, row.Overdue
			ar.Open, ar.Overdue = &open, &late
		}
		out.Rows = append(out.Rows, ar)
	}
	if c := d.Cases; c != nil {
		out.Cases = &apiCases{c.Open, c.Overdue, c.OverdueRate(), c.Visits, c.VisitsLast}
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
