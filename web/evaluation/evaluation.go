// Package evaluation serves monitoring and evaluation (监测评估): indicator
// sets, rounds over stations, each station's scores with the evidence and
// the completeness figures computed from its records beside them, its
// findings and rectification items (整改), the round's Word report and
// Excel score sheet, in pages and the API. A city admin defines sets; the
// bureau that keeps a round scores it; everyone reading case work reads
// the rounds of their stations.
package evaluation

import (
	"bytes"
	"embed"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/report"
	"shuangbai/store"
	"shuangbai/web/ui"
)

//go:embed templates
var embedded embed.FS

// Pages are the page templates of evaluation.
var Pages = ui.Pages{Dir: "web/evaluation", FS: embedded}

// Handlers serve evaluation. Create them with New.
type Handlers struct {
	db *store.DB
	ui *ui.UI
}

// New returns the handlers of evaluation.
func New(db *store.DB, u *ui.UI) *Handlers { return &Handlers{db: db, ui: u} }

func requireRead(u *shuangbai.User) error {
	if !u.CanReadStationWork() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "%s不查看社工站的督导与评估记录（三员分立）", u.Role.Label())
	}
	return nil
}

func roundURL(id int64, sub ...string) string {
	u := "/evaluations/" + strconv.FormatInt(id, 10)
	for _, s := range sub {
		u += "/" + s
	}
	return u
}

// listPage is the data of evaluation/list.html.
type listPage struct {
	Rows   []*shuangbai.EvaluationRound
	Pager  ui.Pager
	CanRun bool
}

// RoundList lists the rounds visible in scope (?region=CODE).
func (h *Handlers) RoundList(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return err
	}
	q := r.URL.Query()
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return err
	}
	pg, err := ui.PageParam(q)
	if err != nil {
		return err
	}
	rows, total, err := h.db.EvaluationRounds(r.Context(), scope, store.RoundFilter{Limit: ui.PageSize, Offset: (pg - 1) * ui.PageSize})
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "evaluation/list.html", listPage{Rows: rows, Pager: ui.NewPager(r, pg, total), CanRun: u.CanRunEvaluations()})
}

// roundForm is the data of evaluation/new.html.
type roundForm struct {
	Form     ui.Form
	Sets     []shuangbai.IndicatorSet
	Regions  []ui.RegionOption
	Stations []store.StationRef
}

func (h *Handlers) renderNew(w http.ResponseWriter, r *http.Request, status int, f ui.Form) error {
	u := ui.User(r)
	if !u.CanRunEvaluations() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "评估由市、县民政局管理员记录；您的账号为%s", u.Role.Label())
	}
	ctx := r.Context()
	sets, err := h.db.IndicatorSets(ctx, u.Scope())
	if err != nil {
		return err
	}
	stations, err := h.db.StationRefs(ctx, u.Scope())
	if err != nil {
		return err
	}
	var regions []ui.RegionOption
	for _, l := range []shuangbai.Level{shuangbai.LevelProvince, shuangbai.LevelCity, shuangbai.LevelCounty} {
		rs, err := h.db.RegionsAt(ctx, u.Scope(), l, shuangbai.Date{})
		if err != nil {
			return err
		}
		for _, x := range rs {
			regions = append(regions, ui.RegionOption{Code: x.Code, Name: x.Name})
		}
	}
	return h.ui.Render(w, r, status, "evaluation/new.html", roundForm{Form: f, Sets: sets, Regions: regions, Stations: stations})
}

// RoundNew shows the form of a new round.
func (h *Handlers) RoundNew(w http.ResponseWriter, r *http.Request) error {
	return h.renderNew(w, r, http.StatusOK, ui.NewForm(url.Values{"held_on": {h.ui.Today().String()}, "region": {ui.User(r).Region}}, nil))
}

// parseRound reads a round's fields and its stations (station_id, many).
func parseRound(v url.Values) (*shuangbai.EvaluationRound, error) {
	fe := shuangbai.FieldErrors{}
	x := &shuangbai.EvaluationRound{Region: ui.Trimmed(v, "region"), Title: v.Get("title"), Evaluators: v.Get("evaluators"),
		Methods: v.Get("methods"), Findings: v.Get("findings")}
	x.SetID, _ = strconv.ParseInt(ui.Trimmed(v, "set_id"), 10, 64)
	x.HeldOn = ui.ParseDate(fe, "held_on", v.Get("held_on"))
	for _, s := range v["station_id"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("stations", "请重新选择社工站")
			continue
		}
		x.Stations = append(x.Stations, shuangbai.RoundStation{StationID: id})
	}
	return x, ui.Validated(fe, x.Validate)
}

// RoundCreate records a round.
func (h *Handlers) RoundCreate(w http.ResponseWriter, r *http.Request) error {
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	x, err := parseRound(v)
	if err == nil {
		err = h.db.CreateEvaluationRound(r.Context(), ui.User(r), x)
	}
	if ui.FieldErrors(err) != nil {
		return h.renderNew(w, r, ui.Status(err), ui.NewForm(v, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已记录评估")
	http.Redirect(w, r, roundURL(x.ID), http.StatusSeeOther)
	return nil
}

// stationRow is a station of a round with its total.
type stationRow struct {
	shuangbai.RoundStation
	Total    shuangbai.Score
	Complete bool
	Open     int // rectification items not done
}

// showPage is the data of evaluation/show.html.
type showPage struct {
	R    *shuangbai.EvaluationRound
	Set  *shuangbai.IndicatorSet
	Rows []stationRow
	Kept bool
}

func (h *Handlers) roundOf(r *http.Request) (*shuangbai.EvaluationRound, *shuangbai.IndicatorSet, error) {
	if err := requireRead(ui.User(r)); err != nil {
		return nil, nil, err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	return h.db.EvaluationRound(r.Context(), ui.Scope(r), id)
}

func rows(x *shuangbai.EvaluationRound, set *shuangbai.IndicatorSet) []stationRow {
	out := make([]stationRow, len(x.Stations))
	for i, st := range x.Stations {
		out[i].RoundStation = st
		out[i].Total, out[i].Complete = set.Total(st.Scores)
		for _, a := range st.Items {
			if !a.Done() {
				out[i].Open++
			}
		}
	}
	return out
}

// RoundShow shows a round: its stations with their weighted totals.
func (h *Handlers) RoundShow(w http.ResponseWriter, r *http.Request) error {
	x, set, err := h.roundOf(r)
	if err != nil {
		return err
	}
	u := ui.User(r)
	return h.ui.Render(w, r, http.StatusOK, "evaluation/show.html", showPage{R: x, Set: set, Rows: rows(x, set),
		Kept: u.CanRunEvaluations() && u.Scope().Contains(x.Region)})
}

// RoundDOCX writes the round's report as a Word document.
func (h *Handlers) RoundDOCX(w http.ResponseWriter, r *http.Request) error {
	x, set, err := h.roundOf(r)
	if err != nil {
		return err
	}
	u := ui.User(r)
	names, err := h.db.RegionNames(r.Context(), []string{u.Region})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.EvaluationDOCX(&buf, &report.EvaluationReport{Round: x, Set: set, Unit: names[u.Region] + "民政局", PrintedOn: h.ui.Today()}); err != nil {
		return err
	}
	send(w, x.Title+".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buf.Bytes())
	return nil
}

// RoundXLSX writes the round's scores as a workbook: a row per station.
func (h *Handlers) RoundXLSX(w http.ResponseWriter, r *http.Request) error {
	x, set, err := h.roundOf(r)
	if err != nil {
		return err
	}
	l := &report.ListSheet{Sheet: "评分", Title: x.Title + "（" + x.HeldOn.Chinese() + "）", Header: []string{"社工站"}, Widths: []float64{20}}
	for _, ind := range set.Indicators {
		l.Header = append(l.Header, ind.Name+"（"+ind.Max.String()+"分）")
		l.Widths = append(l.Widths, 14)
	}
	l.Header = append(l.Header, "加权得分", "未完成整改")
	l.Widths = append(l.Widths, 10, 10)
	for _, st := range rows(x, set) {
		row := []any{st.StationName}
		for _, ind := range set.Indicators {
			if s := st.Scores[ind.ID].Score; s.Valid() {
				row = append(row, s.Float())
			} else {
				row = append(row, nil)
			}
		}
		l.Rows = append(l.Rows, append(row, st.Total.Float(), st.Open))
	}
	var buf bytes.Buffer
	if err := report.ListXLSX(&buf, l); err != nil {
		return err
	}
	send(w, x.Title+"评分.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
	return nil
}

func send(w http.ResponseWriter, name, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}
