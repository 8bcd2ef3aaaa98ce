package recruit

import (
	"context"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// The forms of a campaign, its posts and its checklist. The API reads the
// same fields: its JSON bodies become url.Values and go through the same
// parsers, so a page and the API accept and refuse the same things.

// parseCampaign reads a campaign's own fields.
func parseCampaign(v url.Values) (*shuangbai.Campaign, error) {
	fe := shuangbai.FieldErrors{}
	c := &shuangbai.Campaign{
		Region: ui.Trimmed(v, "region"),
		Kind:   shuangbai.CampaignKind(ui.Trimmed(v, "kind")),
		Title:  ui.Trimmed(v, "title"),
	}
	c.Year = intField(fe, v, "year", 0, "招聘年度应为整数，例如 2021")
	c.WrittenWeight = intField(fe, v, "written_weight", shuangbai.DefaultWrittenWeight, "笔试成绩占比应为 0 到 100 的整数")
	c.InterviewRatio = ratioField(fe, v, "interview_ratio", shuangbai.DefaultInterviewRatio)
	c.MedicalRatio = ratioField(fe, v, "medical_ratio", shuangbai.DefaultMedicalRatio)
	for i, d := range c.Dates() {
		m := c.Milestones()[i]
		*d = ui.ParseDate(fe, m.Field, v.Get(m.Field))
	}
	return c, ui.Validated(fe, c.Validate)
}

// campaignValues writes a campaign into a form's values.
func campaignValues(c *shuangbai.Campaign) url.Values {
	v := url.Values{"year": {strconv.Itoa(c.Year)}, "region": {c.Region}, "kind": {string(c.Kind)}, "title": {c.Title},
		"written_weight": {strconv.Itoa(c.WrittenWeight)}, "interview_ratio": {shuangbai.RatioString(c.InterviewRatio)},
		"medical_ratio": {shuangbai.RatioString(c.MedicalRatio)}}
	for _, m := range c.Milestones() {
		v.Set(m.Field, m.On.String())
	}
	return v
}

func intField(fe shuangbai.FieldErrors, v url.Values, field string, def int, msg string) int {
	s := ui.Trimmed(v, field)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		fe.Add(field, msg)
	}
	return n
}

func ratioField(fe shuangbai.FieldErrors, v url.Values, field string, def int) int {
	s := ui.Trimmed(v, field)
	if s == "" {
		return def
	}
	n, ok := shuangbai.ParseRatio(s)
	if !ok {
		fe.Add(field, "比例应写成每个名额对应的人数，例如 3 或 1.5（即 1:3、1:1.5）")
	}
	return n
}

// parsePost reads a post of campaign c.
func parsePost(v url.Values, c *shuangbai.Campaign) (*shuangbai.Post, error) {
	fe := shuangbai.FieldErrors{}
	p := &shuangbai.Post{CampaignID: c.ID, Code: ui.Trimmed(v, "code"), Region: ui.Trimmed(v, "region"), Title: ui.Trimmed(v, "title")}
	if s := ui.Trimmed(v, "post_id"); s != "" {
		p.ID, _ = strconv.ParseInt(s, 10, 64)
	}
	if s := ui.Trimmed(v, "station_id"); s != "" && s != "0" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 0 {
			fe.Add("station_id", "请选择社工站")
		}
		p.StationID = id
	}
	p.Places = intField(fe, v, "places", 1, "招聘人数应为整数")
	return p, ui.Validated(fe, func() error { return p.Validate(c) })
}

// parseTask reads an item of the checklist.
func parseTask(v url.Values, campaignID int64) (*shuangbai.ExamTask, error) {
	fe := shuangbai.FieldErrors{}
	t := &shuangbai.ExamTask{CampaignID: campaignID, Title: ui.Trimmed(v, "title"), Owner: ui.Trimmed(v, "owner"),
		Done: v.Get("done") != "" && v.Get("done") != "false"}
	if s := ui.Trimmed(v, "task_id"); s != "" {
		t.ID, _ = strconv.ParseInt(s, 10, 64)
	}
	t.Due = ui.ParseDate(fe, "due", v.Get("due"))
	t.DoneOn = ui.ParseDate(fe, "done_on", v.Get("done_on"))
	return t, ui.Validated(fe, t.Validate)
}

// organiserOptions are the regions in scope that may run a campaign: the
// province, cities and counties.
func (h *Handlers) organiserOptions(ctx context.Context, scope shuangbai.Scope) ([]ui.RegionOption, error) {
	var out []ui.RegionOption
	for _, l := range []shuangbai.Level{shuangbai.LevelProvince, shuangbai.LevelCity, shuangbai.LevelCounty} {
		rs, err := h.db.RegionsAt(ctx, scope, l, shuangbai.Date{})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out = append(out, ui.RegionOption{Code: r.Code, Name: r.Name})
		}
	}
	return out, nil
}
