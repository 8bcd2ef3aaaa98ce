package activity

import (
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// The form of an activity. The API reads the same fields: its JSON
// bodies become url.Values and go through parseActivity, so a page and the
// API accept and refuse the same things.

// parseActivity reads an activity's fields.
func parseActivity(v url.Values, today shuangbai.Date) (*shuangbai.Activity, error) {
	fe := shuangbai.FieldErrors{}
	a := &shuangbai.Activity{Region: ui.Trimmed(v, "region"), Title: ui.Trimmed(v, "title"), Place: ui.Trimmed(v, "place"),
		Targets: ui.Trimmed(v, "targets"), Materials: ui.Trimmed(v, "materials"), Partners: ui.Trimmed(v, "partners"), Summary: v.Get("summary")}
	if s := ui.Trimmed(v, "kind"); s != "" {
		k, ok := shuangbai.ParseActivityKind(s)
		if !ok {
			fe.Add("kind", "请选择活动类别")
		}
		a.Kind = k
	}
	if s := ui.Trimmed(v, "station_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("station_id", "请选择组织活动的社工站")
		}
		a.StationID = id
	}
	a.HeldOn = ui.ParseDate(fe, "held_on", v.Get("held_on"))
	a.Reached = count(fe, v, "reached", "参与人数")
	a.Volunteers = count(fe, v, "volunteers", "志愿者人数")
	a.HandedOut = count(fe, v, "handed_out", "发放数量")
	return a, validated(fe, func() error { return a.Validate(today) })
}

// validated returns every problem at once: those of parsing and those of
// the domain's rules.
func validated(fe shuangbai.FieldErrors, validate func() error) error {
	ui.Merge(fe, validate())
	return fe.Err()
}

// count reads a whole number of people or things; empty is 0.
func count(fe shuangbai.FieldErrors, v url.Values, field, label string) int {
	s := ui.Trimmed(v, field)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > shuangbai.MaxActivityPeople {
		fe.Add(field, label+"应为 0 到 1000000 的整数，例如 300")
		return 0
	}
	return n
}

// activityValues writes an activity into a form's values.
func activityValues(a *shuangbai.Activity) url.Values {
	return url.Values{"station_id": {strconv.FormatInt(a.StationID, 10)}, "region": {a.Region}, "held_on": {a.HeldOn.String()},
		"kind": {string(a.Kind)}, "title": {a.Title}, "place": {a.Place}, "targets": {a.Targets}, "reached": {strconv.Itoa(a.Reached)},
		"volunteers": {strconv.Itoa(a.Volunteers)}, "materials": {a.Materials}, "handed_out": {strconv.Itoa(a.HandedOut)},
		"partners": {a.Partners}, "summary": {a.Summary}}
}

// formPage is the data of activity/form.html.
type formPage struct {
	Form     ui.Form
	ID       int64 // 0 for a new activity
	Stations []stationOption
	Places   []ui.RegionGroup // the towns and villages in scope
	Kinds    []shuangbai.ActivityKind
	Today    string
}

func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, id int64, v url.Values, err error) error {
	ctx, scope := r.Context(), ui.Scope(r)
	stations, serr := h.stationOptions(ctx, scope)
	if serr != nil {
		return serr
	}
	places, perr := h.ui.RegionGroups(ctx, scope, shuangbai.LevelVillage, nil, nil)
	if perr != nil {
		return perr
	}
	// Each town heads its own villages: an activity held in the street
	// itself is at the town.
	towns, terr := h.db.RegionNames(ctx, groupCodes(places))
	if terr != nil {
		return terr
	}
	for i, g := range places {
		places[i].Options = append([]ui.RegionOption{{Code: g.Code, Name: towns[g.Code] + "（镇街）"}}, g.Options...)
	}
	return h.ui.Render(w, r, status, "activity/form.html", formPage{Form: ui.NewForm(v, err), ID: id, Stations: stations,
		Places: places, Kinds: shuangbai.ActivityKinds, Today: h.ui.Today().String()})
}

func groupCodes(gs []ui.RegionGroup) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.Code
	}
	return out
}

// New shows the form of a new activity: today, at the user's own station
// when there is one.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireEdit(u); err != nil {
		return err
	}
	v := url.Values{"held_on": {h.ui.Today().String()}, "kind": {string(shuangbai.ActivityAntiDrug)}}
	if ss, err := h.stationOptions(r.Context(), ui.Scope(r)); err != nil {
		return err
	} else if len(ss) == 1 {
		v.Set("station_id", strconv.FormatInt(ss[0].ID, 10))
		v.Set("region", ss[0].Region)
	}
	return h.renderForm(w, r, http.StatusOK, 0, v, nil)
}

// Create records a new activity.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireEdit(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	a, err := parseActivity(v, h.ui.Today())
	if err == nil {
		err = h.db.CreateActivity(r.Context(), u, a)
	}
	return ui.Saved(w, r, err, func(status int) error { return h.renderForm(w, r, status, 0, v, err) },
		func() (string, string) {
			return "已登记活动，可上传照片、登记参与人员", activityURL(a.ID)
		})
}

// Edit shows the form of an activity.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.editable(r)
	if err != nil {
		return err
	}
	return h.renderForm(w, r, http.StatusOK, a.ID, activityValues(a), nil)
}

// Update stores an activity's changes.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) error {
	old, u, err := h.editable(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	a, err := parseActivity(v, h.ui.Today())
	if err == nil {
		a.ID = old.ID
		err = h.db.UpdateActivity(r.Context(), u, a)
	}
	return ui.Saved(w, r, err, func(status int) error { return h.renderForm(w, r, status, old.ID, v, err) },
		func() (string, string) { return "已保存", activityURL(old.ID) })
}
