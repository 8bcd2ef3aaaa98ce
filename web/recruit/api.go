package recruit

import (
	"encoding/json"
	"net/http"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// The JSON API of campaigns and applications. Bodies are read into the
// pages' form values, so both accept and refuse the same input.

type postJSON struct {
	ID         int64          `json:"id"`
	Code       string         `json:"code"`
	Region     string         `json:"region"`
	StationID  int64          `json:"station_id,omitempty"`
	Title      string         `json:"title"`
	Places     int            `json:"places"`
	Applicants int            `json:"applicants"`
	Stages     map[string]int `json:"stages,omitempty"`
}

type stageJSON struct {
	Stage   string  `json:"stage"`
	Label   string  `json:"label"`
	Count   int     `json:"count"`
	Percent float64 `json:"percent"`
}

type taskJSON struct {
	ID     int64   `json:"id"`
	Title  string  `json:"title"`
	Owner  string  `json:"owner"`
	Due    *string `json:"due"`
	Done   bool    `json:"done"`
	DoneOn *string `json:"done_on"`
}

type campaignJSON struct {
	ID              int64              `json:"id"`
	Year            int                `json:"year"`
	Region          string             `json:"region"`
	RegionName      string             `json:"region_name"`
	Kind            string             `json:"kind"`
	Title           string             `json:"title"`
	WrittenWeight   int                `json:"written_weight"`
	InterviewWeight int                `json:"interview_weight"`
	InterviewRatio  float64            `json:"interview_ratio"`
	MedicalRatio    float64            `json:"medical_ratio"`
	Timeline        map[string]*string `json:"timeline"`
	Places          int                `json:"places"`
	Applicants      int                `json:"applicants"`
	PerPlace        float64            `json:"applicants_per_place"`
	Stages          []stageJSON        `json:"stages"`
	Posts           []postJSON         `json:"posts"`
	Tasks           []taskJSON         `json:"tasks,omitempty"`
}

func campaignOut(row campaignRow, tasks bool) campaignJSON {
	c := row.Campaign
	out := campaignJSON{ID: c.ID, Year: c.Year, Region: c.Region, RegionName: row.RegionName, Kind: string(c.Kind), Title: c.Title,
		WrittenWeight: c.WrittenWeight, InterviewWeight: c.InterviewWeight(), InterviewRatio: float64(c.InterviewRatio) / 10,
		MedicalRatio: float64(c.MedicalRatio) / 10, Timeline: map[string]*string{}, Places: row.Stats.Total.Places,
		Applicants: row.Stats.Total.Stages[shuangbai.StageApplied], PerPlace: row.Stats.Total.PerPlace(), Posts: []postJSON{}}
	for _, m := range c.Milestones() {
		out.Timeline[m.Field] = ui.DateJSON(m.On)
	}
	for _, r := range row.Stats.Total.Stages.Rates(c) {
		out.Stages = append(out.Stages, stageJSON{shuangbai.StageKeys[r.Stage], r.Label, r.Count, r.Percent})
	}
	byCode := map[string]shuangbai.StageRow{}
	for _, p := range row.Stats.Posts {
		byCode[p.Code] = p
	}
	for _, p := range c.Posts {
		st := byCode[p.Code]
		pj := postJSON{ID: p.ID, Code: p.Code, Region: p.Region, StationID: p.StationID, Title: p.Title, Places: p.Places,
			Applicants: st.Stages[shuangbai.StageApplied], Stages: map[string]int{}}
		for s, n := range st.Stages {
			pj.Stages[shuangbai.StageKeys[s]] = n
		}
		out.Posts = append(out.Posts, pj)
	}
	if tasks {
		for _, t := range c.Tasks {
			out.Tasks = append(out.Tasks, taskJSON{t.ID, t.Title, t.Owner, ui.DateJSON(t.Due), t.Done, ui.DateJSON(t.DoneOn)})
		}
	}
	return out
}

// APICampaignList returns the campaigns in scope (?region=CODE), each with
// its posts, applicant count and stage statistics.
func (h *Handlers) APICampaignList(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	scope, err := ui.RegionParam(r.URL.Query(), ui.Scope(r))
	if err != nil {
		return err
	}
	f := store.CampaignFilter{}
	if y := r.URL.Query().Get("year"); y != "" {
		if f.Year, err = strconv.Atoi(y); err != nil {
			return ui.BadRequest("参数 year 应为年份，例如 2021")
		}
	}
	cs, err := h.db.Campaigns(r.Context(), scope, f)
	if err != nil {
		return err
	}
	rows, err := h.campaignRows(r.Context(), scope, cs)
	if err != nil {
		return err
	}
	out := ui.List[campaignJSON]{Items: []campaignJSON{}, Total: len(rows)}
	for _, row := range rows {
		out.Items = append(out.Items, campaignOut(row, false))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APICampaignShow returns one campaign with its checklist.
func (h *Handlers) APICampaignShow(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	return h.writeCampaign(w, r, http.StatusOK, c)
}

func (h *Handlers) writeCampaign(w http.ResponseWriter, r *http.Request, status int, c *shuangbai.Campaign) error {
	rows, err := h.campaignRows(r.Context(), ui.Scope(r), []*shuangbai.Campaign{c})
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, status, campaignOut(rows[0], true))
	return nil
}

var campaignFields = []string{"year", "region", "kind", "title", "written_weight", "interview_ratio", "medical_ratio",
	"apply_from", "apply_to", "prep_on", "exam_on", "interview_on", "medical_on", "notice_from", "notice_to"}

// APICampaignCreate stores a new campaign from the fields of the form, and
// its "posts" (each with code, region, station_id, title, places).
func (h *Handlers) APICampaignCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRun(u); err != nil {
		return err
	}
	v, raw, err := ui.ReadFields(r, campaignFields, "posts")
	if err != nil {
		return err
	}
	c, err := parseCampaign(v)
	if err != nil {
		return err
	}
	if m, ok := raw["posts"]; ok {
		var posts []json.RawMessage
		if err := json.Unmarshal(m, &posts); err != nil {
			return ui.BadRequest("posts 应为岗位的数组")
		}
		for i, pb := range posts {
			pv, praw, err := ui.JSONValues(pb)
			if err == nil {
				err = ui.KnownFields(praw, "code", "region", "station_id", "title", "places")
			}
			var p *shuangbai.Post
			if err == nil {
				p, err = parsePost(pv, c)
			}
			if err != nil {
				return postIndexError(i+1, err)
			}
			c.Posts = append(c.Posts, *p)
		}
	}
	if err := h.db.CreateCampaign(r.Context(), u, c); err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("campaigns", c.ID))
	stored, err := h.db.Campaign(r.Context(), ui.Scope(r), c.ID)
	if err != nil {
		return err
	}
	return h.writeCampaign(w, r, http.StatusCreated, stored)
}

// postIndexError names the post of a request's list whose fields failed.
func postIndexError(n int, err error) error {
	e, ok := err.(*shuangbai.Error)
	if !ok {
		return err
	}
	out := &shuangbai.Error{Code: e.Code, Message: "第" + strconv.Itoa(n) + "个岗位：" + e.Message, Fields: map[string]string{}}
	for k, msg := range e.Fields {
		out.Fields["posts."+strconv.Itoa(n)+"."+k] = msg
	}
	return out
}

// APICampaignUpdate changes the fields the body names and keeps the
// others; the organiser and the kind stay.
func (h *Handlers) APICampaignUpdate(w http.ResponseWriter, r *http.Request) error {
	c, u, err := h.runnable(r)
	if err != nil {
		return err
	}
	patch, raw, err := ui.ReadFields(r, campaignFields)
	if err != nil {
		return err
	}
	v := campaignValues(c)
	for k := range raw {
		v.Set(k, patch.Get(k)) // null clears a date
	}
	v.Set("region", c.Region)
	v.Set("kind", string(c.Kind))
	next, err := parseCampaign(v)
	if err != nil {
		return err
	}
	next.ID = c.ID
	if err := h.db.UpdateCampaign(r.Context(), u, next); err != nil {
		return err
	}
	stored, err := h.db.Campaign(r.Context(), ui.Scope(r), c.ID)
	if err != nil {
		return err
	}
	return h.writeCampaign(w, r, http.StatusOK, stored)
}

// APIPostCreate adds a post to a campaign.
func (h *Handlers) APIPostCreate(w http.ResponseWriter, r *http.Request) error {
	c, u, err := h.runnable(r)
	if err != nil {
		return err
	}
	v, _, err := ui.ReadFields(r, []string{"code", "region", "station_id", "title", "places"})
	if err != nil {
		return err
	}
	p, err := parsePost(v, c)
	if err != nil {
		return err
	}
	if err := h.db.SavePost(r.Context(), u, p); err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusCreated, postJSON{ID: p.ID, Code: p.Code, Region: p.Region, StationID: p.StationID, Title: p.Title, Places: p.Places})
	return nil
}

// APIStats returns a campaign's statistics: in all, by county and by post.
func (h *Handlers) APIStats(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	st, err := h.db.Stats(r.Context(), ui.Scope(r), c.ID)
	if err != nil {
		return err
	}
	type line struct {
		Code     string      `json:"code"`
		Name     string      `json:"name"`
		Posts    int         `json:"posts"`
		Places   int         `json:"places"`
		PerPlace float64     `json:"applicants_per_place"`
		Stages   []stageJSON `json:"stages"`
	}
	lineOf := func(row shuangbai.StageRow) line {
		l := line{Code: row.Code, Name: row.Name, Posts: row.Posts, Places: row.Places, PerPlace: row.PerPlace()}
		for _, r := range row.Stages.Rates(c) {
			l.Stages = append(l.Stages, stageJSON{shuangbai.StageKeys[r.Stage], r.Label, r.Count, r.Percent})
		}
		return l
	}
	out := struct {
		Total    line   `json:"total"`
		Counties []line `json:"counties"`
		Posts    []line `json:"posts"`
	}{Total: lineOf(st.Total), Counties: []line{}, Posts: []line{}}
	for _, row := range st.Counties {
		out.Counties = append(out.Counties, lineOf(row))
	}
	for _, row := range st.Posts {
		out.Posts = append(out.Posts, lineOf(row))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
