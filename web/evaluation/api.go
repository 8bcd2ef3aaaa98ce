package evaluation

import (
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

type indicatorJSON struct {
	ID       int64           `json:"id"`
	Name     string          `json:"name"`
	Category string          `json:"category"`
	Weight   int             `json:"weight"`
	Max      shuangbai.Score `json:"max"`
	Computed string          `json:"computed,omitempty"`
}

type setJSON struct {
	ID         int64           `json:"id"`
	Region     string          `json:"region"`
	Name       string          `json:"name"`
	Indicators []indicatorJSON `json:"indicators"`
}

func setOut(s *shuangbai.IndicatorSet) setJSON {
	out := setJSON{ID: s.ID, Region: s.Region, Name: s.Name, Indicators: []indicatorJSON{}}
	for _, x := range s.Indicators {
		out.Indicators = append(out.Indicators, indicatorJSON{x.ID, x.Name, x.Category, x.Weight, x.Max, string(x.Computed)})
	}
	return out
}

type scoreJSON struct {
	IndicatorID int64           `json:"indicator_id"`
	Score       shuangbai.Score `json:"score"`
	Evidence    string          `json:"evidence"`
	Computed    string          `json:"computed,omitempty"` // the figure from the records, as evidence
}

type stationJSON struct {
	StationID int64           `json:"station_id"`
	Station   string          `json:"station"`
	Region    string          `json:"region"`
	Findings  string          `json:"findings"`
	Total     shuangbai.Score `json:"total"`
	Complete  bool            `json:"complete"`
	Scores    []scoreJSON     `json:"scores,omitempty"`
	OpenItems int             `json:"open_items"`
	Open      int             `json:"open_files"` // completeness: open case files on the round's day
	Assessed  int             `json:"assessed_files"`
	Visited   int             `json:"visited_in_time"`
}

type roundJSON struct {
	ID         int64         `json:"id"`
	Region     string        `json:"region"`
	SetID      int64         `json:"set_id"`
	Set        string        `json:"set"`
	Title      string        `json:"title"`
	Evaluators string        `json:"evaluators"`
	HeldOn     *string       `json:"held_on"`
	Methods    string        `json:"methods"`
	Findings   string        `json:"findings"`
	Stations   []stationJSON `json:"stations"`
}

func roundOut(x *shuangbai.EvaluationRound, set *shuangbai.IndicatorSet) roundJSON {
	out := roundJSON{ID: x.ID, Region: x.Region, SetID: x.SetID, Set: x.SetName, Title: x.Title, Evaluators: x.Evaluators,
		HeldOn: ui.DateJSON(x.HeldOn), Methods: x.Methods, Findings: x.Findings, Stations: []stationJSON{}}
	for _, st := range x.Stations {
		sj := stationJSON{StationID: st.StationID, Station: st.StationName, Region: st.Region, Findings: st.Findings}
		if set != nil {
			for _, r := range rows(&shuangbai.EvaluationRound{Stations: []shuangbai.RoundStation{st}}, set) {
				sj.Total, sj.Complete, sj.OpenItems = r.Total, r.Complete, r.Open
			}
			for _, ind := range set.Indicators {
				s := st.Scores[ind.ID]
				sj.Scores = append(sj.Scores, scoreJSON{ind.ID, s.Score, s.Evidence, st.Figures.Evidence(ind.Computed)})
			}
			sj.Open, sj.Assessed, sj.Visited = st.Figures.Open, st.Figures.Assessed, st.Figures.Visited
		}
		out.Stations = append(out.Stations, sj)
	}
	return out
}

// APIRoundList returns a page of the rounds visible in scope (?region=CODE).
func (h *Handlers) APIRoundList(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	q := r.URL.Query()
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return err
	}
	limit, offset, err := ui.PageQuery(q)
	if err != nil {
		return err
	}
	list, total, err := h.db.EvaluationRounds(r.Context(), scope, store.RoundFilter{Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	out := struct {
		Items []roundJSON `json:"items"`
		Total int         `json:"total"`
	}{Items: []roundJSON{}, Total: total}
	for _, x := range list {
		out.Items = append(out.Items, roundOut(x, nil))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APIRoundShow returns a round with its set, scores, totals and figures.
func (h *Handlers) APIRoundShow(w http.ResponseWriter, r *http.Request) error {
	x, set, err := h.roundOf(r)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, struct {
		roundJSON
		Indicators setJSON `json:"indicator_set"`
	}{roundOut(x, set), setOut(set)})
	return nil
}

// APIRoundCreate records a round: the form's fields, stations as a list
// of station ids.
func (h *Handlers) APIRoundCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Region     string  `json:"region"`
		SetID      int64   `json:"set_id"`
		Title      string  `json:"title"`
		Evaluators string  `json:"evaluators"`
		HeldOn     string  `json:"held_on"`
		Methods    string  `json:"methods"`
		Findings   string  `json:"findings"`
		Stations   []int64 `json:"stations"`
	}
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	v := url.Values{"region": {in.Region}, "set_id": {strconv.FormatInt(in.SetID, 10)}, "title": {in.Title}, "evaluators": {in.Evaluators},
		"held_on": {in.HeldOn}, "methods": {in.Methods}, "findings": {in.Findings}}
	for _, id := range in.Stations {
		v.Add("station_id", strconv.FormatInt(id, 10))
	}
	x, err := parseRound(v)
	if err == nil {
		err = h.db.CreateEvaluationRound(r.Context(), ui.User(r), x)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("evaluations", x.ID))
	h.ui.WriteJSON(w, r, http.StatusCreated, roundOut(x, nil))
	return nil
}

// APIStationScores replaces a station's scores and findings:
// {"findings", "scores": [{"indicator_id", "score", "evidence"}]}. A score
// over its indicator's maximum refuses all, naming score_ID.
func (h *Handlers) APIStationScores(w http.ResponseWriter, r *http.Request) error {
	x, _, err := h.roundOf(r)
	if err != nil {
		return err
	}
	sid, err := ui.PathID(r, "sid")
	if err != nil {
		return err
	}
	var in struct {
		Findings string `json:"findings"`
		Scores   []struct {
			IndicatorID int64           `json:"indicator_id"`
			Score       shuangbai.Score `json:"score"`
			Evidence    string          `json:"evidence"`
		} `json:"scores"`
	}
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	scores := make([]shuangbai.StationScore, len(in.Scores))
	for i, s := range in.Scores {
		scores[i] = shuangbai.StationScore{IndicatorID: s.IndicatorID, Score: s.Score, Evidence: s.Evidence}
	}
	if err := h.db.SaveStationEvaluation(r.Context(), ui.User(r), x.ID, sid, in.Findings, scores); err != nil {
		return err
	}
	got, set, err := h.db.EvaluationRound(r.Context(), ui.Scope(r), x.ID)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, roundOut(got, set))
	return nil
}

// APISetList returns the indicator sets visible to the user.
func (h *Handlers) APISetList(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return err
	}
	sets, err := h.db.IndicatorSets(r.Context(), u.Scope())
	if err != nil {
		return err
	}
	out := struct {
		Items []setJSON `json:"items"`
	}{Items: []setJSON{}}
	for i := range sets {
		out.Items = append(out.Items, setOut(&sets[i]))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
