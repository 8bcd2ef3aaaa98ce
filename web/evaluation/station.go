package evaluation

import (
	"net/http"
	"net/url"

	"shuangbai"
	"shuangbai/web/ui"
)

// scoreLine is an indicator on the station's form, with the figure the
// records give when it is a completeness indicator.
type scoreLine struct {
	shuangbai.Indicator
	Field, EvidenceField string
	Computed             string // 52/60（86%）, or ""
}

// itemRows is what the "item-rows" template shows.
type itemRows struct {
	Items    []shuangbai.ActionItem
	Today    shuangbai.Date
	CanClose bool
}

// stationPage is the data of evaluation/station.html.
type stationPage struct {
	R     *shuangbai.EvaluationRound
	S     stationRow
	Lines []scoreLine
	Kept  bool
	Form  ui.Form // the scores'
	Item  ui.Form // the new rectification item's
	Items itemRows
}

func (h *Handlers) renderStation(w http.ResponseWriter, r *http.Request, status int, scores, item *ui.Form) error {
	x, set, err := h.roundOf(r)
	if err != nil {
		return err
	}
	sid, err := ui.PathID(r, "sid")
	if err != nil {
		return err
	}
	var st *stationRow
	for _, row := range rows(x, set) {
		if row.StationID == sid {
			st = &row
		}
	}
	if st == nil {
		return shuangbai.Errorf(shuangbai.ENOTFOUND, "被评估的社工站不存在或不在您的管辖范围内")
	}
	u := ui.User(r)
	p := stationPage{R: x, S: *st, Kept: u.CanRunEvaluations() && u.Scope().Contains(x.Region),
		Items: itemRows{st.Items, h.ui.Today(), u.CanCloseItems()}}
	for _, ind := range set.Indicators {
		p.Lines = append(p.Lines, scoreLine{Indicator: ind, Field: shuangbai.ScoreField(ind.ID), EvidenceField: shuangbai.EvidenceField(ind.ID),
			Computed: st.Figures.Evidence(ind.Computed)})
	}
	if scores != nil {
		p.Form = *scores
	} else {
		v := url.Values{"findings": {st.Findings}}
		for id, s := range st.Scores {
			v.Set(shuangbai.ScoreField(id), s.Score.String())
			v.Set(shuangbai.EvidenceField(id), s.Evidence)
		}
		p.Form = ui.NewForm(v, nil)
	}
	if item != nil {
		p.Item = *item
	} else {
		p.Item = ui.NewForm(nil, nil)
	}
	return h.ui.Render(w, r, status, "evaluation/station.html", p)
}

// StationShow shows a station of a round: the score form with the
// computed figures beside it, findings and rectification items.
func (h *Handlers) StationShow(w http.ResponseWriter, r *http.Request) error {
	return h.renderStation(w, r, http.StatusOK, nil, nil)
}

// parseScores reads the scores and evidence of every indicator named in
// the form (score_ID, evidence_ID).
func parseScores(v url.Values, set *shuangbai.IndicatorSet) ([]shuangbai.StationScore, error) {
	fe := shuangbai.FieldErrors{}
	var out []shuangbai.StationScore
	for _, ind := range set.Indicators {
		f, e := shuangbai.ScoreField(ind.ID), shuangbai.EvidenceField(ind.ID)
		if _, ok := v[f]; !ok {
			if _, ok := v[e]; !ok {
				continue
			}
		}
		s, err := shuangbai.ParseScore(v.Get(f))
		if err != nil {
			fe.Add(f, "得分应为 0 到 "+ind.Max.String()+" 之间的数字，最多两位小数")
		}
		out = append(out, shuangbai.StationScore{IndicatorID: ind.ID, Score: s, Evidence: v.Get(e)})
	}
	return out, fe.Err()
}

// StationSave stores a station's scores and findings.
func (h *Handlers) StationSave(w http.ResponseWriter, r *http.Request) error {
	x, set, err := h.roundOf(r)
	if err != nil {
		return err
	}
	sid, err := ui.PathID(r, "sid")
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	scores, err := parseScores(v, set)
	if err == nil {
		err = h.db.SaveStationEvaluation(r.Context(), ui.User(r), x.ID, sid, v.Get("findings"), scores)
	}
	if ui.FieldErrors(err) != nil {
		f := ui.NewForm(v, err)
		return h.renderStation(w, r, ui.Status(err), &f, nil)
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已保存评分")
	http.Redirect(w, r, roundURL(x.ID, "stations", r.PathValue("sid")), http.StatusSeeOther)
	return nil
}

// StationItemAdd adds a rectification item for a station of the round.
func (h *Handlers) StationItemAdd(w http.ResponseWriter, r *http.Request) error {
	x, _, err := h.roundOf(r)
	if err != nil {
		return err
	}
	sid, err := ui.PathID(r, "sid")
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	a := &shuangbai.ActionItem{Title: v.Get("title"), Owner: v.Get("owner")}
	if s := ui.Trimmed(v, "due"); s != "" {
		a.Due = ui.ParseDate(fe, "due", s)
	}
	err = fe.Err()
	if err == nil {
		err = h.db.AddRectification(r.Context(), ui.User(r), x.ID, sid, a)
	}
	if ui.FieldErrors(err) != nil {
		f := ui.NewForm(v, err)
		return h.renderStation(w, r, ui.Status(err), nil, &f)
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已增加整改事项")
	http.Redirect(w, r, roundURL(x.ID, "stations", r.PathValue("sid")), http.StatusSeeOther)
	return nil
}
