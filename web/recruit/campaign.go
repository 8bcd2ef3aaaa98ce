package recruit

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// campaignRow is a campaign with its headline figures, as lists show it.
type campaignRow struct {
	*shuangbai.Campaign
	RegionName string
	Stats      *store.CampaignStats
}

// campaignRows labels campaigns and computes their statistics in scope.
func (h *Handlers) campaignRows(ctx context.Context, scope shuangbai.Scope, cs []*shuangbai.Campaign) ([]campaignRow, error) {
	codes := make([]string, len(cs))
	for i, c := range cs {
		codes[i] = c.Region
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := make([]campaignRow, len(cs))
	for i, c := range cs {
		st, err := h.db.Stats(ctx, scope, c.ID)
		if err != nil {
			return nil, err
		}
		out[i] = campaignRow{Campaign: c, RegionName: names[c.Region], Stats: st}
	}
	return out, nil
}

// campaignListPage is the data of campaign/list.html.
type campaignListPage struct {
	Campaigns []campaignRow
	CanRun    bool
}

// CampaignList lists the campaigns in scope, newest first: ?region=CODE
// narrows them to those run in or with posts in a region.
func (h *Handlers) CampaignList(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return err
	}
	scope, err := ui.RegionParam(r.URL.Query(), ui.Scope(r))
	if err != nil {
		return err
	}
	cs, err := h.db.Campaigns(r.Context(), scope, store.CampaignFilter{})
	if err != nil {
		return err
	}
	rows, err := h.campaignRows(r.Context(), scope, cs)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "campaign/list.html", campaignListPage{Campaigns: rows, CanRun: u.CanRunRecruitment()})
}

// campaignFormPage is the data of campaign/form.html.
type campaignFormPage struct {
	Form       ui.Form
	ID         int64 // 0 for a new campaign
	Organisers []ui.RegionOption
	Kinds      []shuangbai.CampaignKind
	Milestones []shuangbai.Milestone
}

func (h *Handlers) renderCampaignForm(w http.ResponseWriter, r *http.Request, status int, id int64, v url.Values, err error) error {
	orgs, oerr := h.organiserOptions(r.Context(), ui.Scope(r))
	if oerr != nil {
		return oerr
	}
	var tl shuangbai.Timeline
	return h.ui.Render(w, r, status, "campaign/form.html", campaignFormPage{Form: ui.NewForm(v, err), ID: id, Organisers: orgs,
		Kinds: shuangbai.CampaignKinds, Milestones: tl.Milestones()})
}

// CampaignNew shows the form of a new campaign, with the defaults.
func (h *Handlers) CampaignNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRun(u); err != nil {
		return err
	}
	v := url.Values{"year": {strconv.Itoa(h.ui.Today().Time().Year())}, "region": {u.Region}, "kind": {string(shuangbai.CampaignWorker)},
		"written_weight": {"50"}, "interview_ratio": {"3"}, "medical_ratio": {"1"}}
	return h.renderCampaignForm(w, r, http.StatusOK, 0, v, nil)
}

// CampaignCreate stores a new campaign; its checklist starts with the six
// tasks of exam organisation.
func (h *Handlers) CampaignCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRun(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	c, err := parseCampaign(v)
	if err == nil {
		err = h.db.CreateCampaign(r.Context(), u, c)
	}
	return ui.Saved(w, r, err, func(status int) error {
		return h.renderCampaignForm(w, r, status, 0, v, err)
	}, func() (string, string) { return "已新建招聘，请添加岗位", campaignURL(c.ID) })
}

// CampaignEdit shows the form of a campaign.
func (h *Handlers) CampaignEdit(w http.ResponseWriter, r *http.Request) error {
	c, _, err := h.runnable(r)
	if err != nil {
		return err
	}
	return h.renderCampaignForm(w, r, http.StatusOK, c.ID, campaignValues(c), nil)
}

// CampaignUpdate stores a campaign's changes.
func (h *Handlers) CampaignUpdate(w http.ResponseWriter, r *http.Request) error {
	old, u, err := h.runnable(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	v.Set("region", old.Region)
	v.Set("kind", string(old.Kind))
	c, err := parseCampaign(v)
	if err == nil {
		c.ID = old.ID
		err = h.db.UpdateCampaign(r.Context(), u, c)
	}
	return ui.Saved(w, r, err, func(status int) error {
		return h.renderCampaignForm(w, r, status, old.ID, v, err)
	}, func() (string, string) { return "已保存", campaignURL(c.ID) })
}

// postRow is a post with its place and figures.
type postRow struct {
	shuangbai.Post
	RegionPath  string
	StationName string
	Stats       shuangbai.StageRow
}

// campaignShowPage is the data of campaign/show.html.
type campaignShowPage struct {
	C          *shuangbai.Campaign
	RegionName string
	Posts      []postRow
	Total      shuangbai.StageRow
	Rates      []shuangbai.StageRate
	Signable   bool
	Organiser  bool // the user's scope holds the organiser: they change the campaign itself
	CanRun     bool
	PostForm   ui.Form
	TaskForm   ui.Form
	Regions    []ui.RegionGroup // where a post may be
	Picker     stationPicker    // the stations a post may be at
}

// Ratios says how many go forward at each cut: 面试 1:3，体检 1:1.
func (p campaignShowPage) Ratios() string {
	iv := "参加笔试者全部入围面试"
	if p.C.InterviewRatio > 0 && p.C.HasWritten() {
		iv = "面试 1:" + shuangbai.RatioString(p.C.InterviewRatio)
	}
	return iv + "，体检 1:" + shuangbai.RatioString(p.C.MedicalRatio)
}

// CampaignShow shows a campaign: its timeline, checklist, posts and
// figures, with the forms that change them.
func (h *Handlers) CampaignShow(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	return h.renderCampaign(w, r, http.StatusOK, c, ui.NewForm(url.Values{"places": {"1"}}, nil), ui.NewForm(nil, nil))
}

func (h *Handlers) renderCampaign(w http.ResponseWriter, r *http.Request, status int, c *shuangbai.Campaign, postForm, taskForm ui.Form) error {
	ctx, u, scope := r.Context(), ui.User(r), ui.Scope(r)
	st, err := h.db.Stats(ctx, scope, c.ID)
	if err != nil {
		return err
	}
	_, paths, err := h.postLabels(ctx, c.Posts)
	if err != nil {
		return err
	}
	var ids []int64
	for _, post := range c.Posts {
		ids = append(ids, post.StationID)
	}
	stationName, err := h.db.StationNames(ctx, scope, ids)
	if err != nil {
		return err
	}
	names, err := h.db.RegionNames(ctx, []string{c.Region})
	if err != nil {
		return err
	}
	p := campaignShowPage{C: c, RegionName: names[c.Region], Total: st.Total, Rates: st.Total.Stages.Rates(c),
		Signable: c.SignableOn(h.ui.Today()), Organiser: scope.Contains(c.Region), CanRun: u.CanRunRecruitment(),
		PostForm: postForm, TaskForm: taskForm}
	byCode := map[string]shuangbai.StageRow{}
	for _, row := range st.Posts {
		byCode[row.Code] = row
	}
	for _, post := range c.Posts {
		p.Posts = append(p.Posts, postRow{Post: post, RegionPath: paths[post.Region], StationName: stationName[post.StationID], Stats: byCode[post.Code]})
	}
	if p.Organiser && p.CanRun {
		if err := h.postChoices(ctx, r, &p); err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, status, "campaign/show.html", p)
}

// postChoices fills the post form's places and stations: inside the
// organiser's region and the user's scope, and when that spans counties,
// those of the county chosen (?county=, or the county of the post the
// form holds) so that neither list outgrows a county.
func (h *Handlers) postChoices(ctx context.Context, r *http.Request, p *campaignShowPage) error {
	scope := ui.Scope(r)
	cs := shuangbai.Scope{Code: p.C.Region}
	if narrow, ok := scope.Narrow(p.C.Region); ok {
		cs = narrow
	}
	county, err := countyParam(r.URL.Query(), cs)
	if err != nil {
		return err
	}
	if posted := p.PostForm.Get("region"); county == "" && shuangbai.LevelOf(posted) >= shuangbai.LevelCounty && cs.Contains(posted) {
		county = posted[:6]
	}
	if p.Picker, err = h.stationPicker(ctx, scope, cs.Code, county); err != nil {
		return err
	}
	p.Picker.Action, p.Picker.FieldID = campaignURL(p.C.ID)+"#posts", "post-county"
	places := cs
	if p.Picker.County != "" {
		places = shuangbai.Scope{Code: p.Picker.County}
	}
	p.Regions, err = h.ui.RegionFilter(ctx, places, "（县级岗位）")
	return err
}

// PostSave adds a post to a campaign or changes one (the form's post_id).
func (h *Handlers) PostSave(w http.ResponseWriter, r *http.Request) error {
	c, u, err := h.runnable(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	p, err := parsePost(v, c)
	if err == nil {
		err = h.db.SavePost(r.Context(), u, p)
	}
	return ui.Saved(w, r, err, func(status int) error {
		return h.renderCampaign(w, r, status, c, ui.NewForm(v, err), ui.NewForm(nil, nil))
	}, func() (string, string) { return "已保存岗位 " + p.Code, campaignURL(c.ID) + "#posts" })
}

// TaskSave adds an item to the checklist or changes one, such as ticking
// it done.
func (h *Handlers) TaskSave(w http.ResponseWriter, r *http.Request) error {
	c, u, err := h.runnable(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	if v.Get("done") != "" && ui.Trimmed(v, "done_on") == "" {
		v.Set("done_on", h.ui.Today().String()) // ticked today, unless a day is given
	}
	t, err := parseTask(v, c.ID)
	if err == nil {
		err = h.db.SaveTask(r.Context(), u, t)
	}
	return ui.Saved(w, r, err, func(status int) error {
		return h.renderCampaign(w, r, status, c, ui.NewForm(url.Values{"places": {"1"}}, nil), ui.NewForm(v, err))
	}, func() (string, string) { return "已保存考务任务", campaignURL(c.ID) + "#tasks" })
}
