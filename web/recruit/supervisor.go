package recruit

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// Supervisors are part of the station network: everyone who reads the
// roster reads who supervises which station; bureau admins change it.

// supervisorRow is a supervisor with their region and stations.
type supervisorRow struct {
	shuangbai.Supervisor
	RegionPath string
	Picker     stationPicker // the stations they could cover: those of their region
}

// chiefRow is a chief supervisor with their region's name.
type chiefRow struct {
	shuangbai.ChiefSupervisor
	RegionName string
}

// supervisorPage is the data of supervisor/list.html.
type supervisorPage struct {
	Day    shuangbai.Date
	Rows   []supervisorRow
	Chiefs []chiefRow
	CanRun bool
	Form   ui.Form
	FormOf int64 // the supervisor whose form holds Form's messages
	// Unshown are Form's messages when that supervisor's row has no form
	// to show them in (no station to offer, or a county to choose first).
	Unshown []string
	County  string // ?county=: whose stations the supervisors above counties are offered
	chiefParts
}

// SupervisorList lists the supervisors in scope (?region=CODE) with the
// stations each covers on ?on=DATE (today), and the chief supervisors.
func (h *Handlers) SupervisorList(w http.ResponseWriter, r *http.Request) error {
	return h.renderSupervisors(w, r, http.StatusOK, supervisorPage{Form: ui.NewForm(nil, nil)})
}

// renderSupervisors fills p, which holds the forms' values and messages,
// and renders the page.
func (h *Handlers) renderSupervisors(w http.ResponseWriter, r *http.Request, status int, p supervisorPage) error {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return err
	}
	day := h.ui.Today()
	if s := q.Get("on"); s != "" {
		if day, err = shuangbai.ParseDate(s); err != nil {
			return ui.BadRequest("参数 on 应为日期，例如 2021-08-09")
		}
	}
	sups, chiefs, err := h.db.Supervisors(ctx, scope, day)
	if err != nil {
		return err
	}
	p.Day, p.CanRun = day, u.CanRunRecruitment()
	var codes []string
	for _, s := range sups {
		codes = append(codes, s.Person.Region)
	}
	for _, c := range chiefs {
		codes = append(codes, c.Region)
	}
	paths, err := h.ui.RegionPaths(ctx, codes)
	if err != nil {
		return err
	}
	county, err := countyParam(q, ui.Scope(r))
	if err != nil {
		return err
	}
	p.County = county
	pickers := map[string]stationPicker{} // by the supervisor's region
	for _, s := range sups {
		row := supervisorRow{Supervisor: s, RegionPath: paths[s.Person.Region]}
		if p.CanRun {
			pk, done := pickers[s.Person.Region]
			if !done {
				if pk, err = h.stationPicker(ctx, ui.Scope(r), s.Person.Region, county); err != nil {
					return err
				}
				pk.Action = "/supervisors"
				pickers[s.Person.Region] = pk
			}
			row.Picker = pk
			row.Picker.FieldID = "county-" + strconv.FormatInt(s.Person.ID, 10)
		}
		p.Rows = append(p.Rows, row)
	}
	if p.FormOf != 0 && len(p.Form.Errors) > 0 {
		i := slices.IndexFunc(p.Rows, func(row supervisorRow) bool { return row.Person.ID == p.FormOf })
		if i < 0 || !p.CanRun || len(p.Rows[i].Picker.Stations) == 0 {
			for _, k := range slices.Sorted(maps.Keys(p.Form.Errors)) {
				p.Unshown = append(p.Unshown, p.Form.Errors[k])
			}
		}
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return err
	}
	for _, c := range chiefs {
		p.Chiefs = append(p.Chiefs, chiefRow{ChiefSupervisor: c, RegionName: names[c.Region]})
	}
	if err := h.fillChiefs(ctx, r, &p, sups); err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "supervisor/list.html", p)
}

// SupervisorCover records that the supervisor {id} covers a station from
// a day.
func (h *Handlers) SupervisorCover(w http.ResponseWriter, r *http.Request) error {
	return h.supervisorChange(w, r, func(u *shuangbai.User, id int64, v url.Values, fe shuangbai.FieldErrors) error {
		station, _ := strconv.ParseInt(v.Get("station_id"), 10, 64)
		c := &shuangbai.Coverage{PersonID: id, StationID: station, From: ui.ParseDate(fe, "from", v.Get("from"))}
		if station == 0 {
			fe.Add("station_id", "请选择社工站")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		return h.db.CoverStation(r.Context(), u, c)
	})
}

// SupervisorEnd records the last day the supervisor covers a station
// (the form's coverage).
func (h *Handlers) SupervisorEnd(w http.ResponseWriter, r *http.Request) error {
	return h.supervisorChange(w, r, func(u *shuangbai.User, _ int64, v url.Values, fe shuangbai.FieldErrors) error {
		id, err := ui.PathID(r, "cid")
		if err != nil {
			return err
		}
		last := ui.ParseDate(fe, "to", v.Get("to"))
		if err := fe.Err(); err != nil {
			return err
		}
		return h.db.EndCoverage(r.Context(), u, id, last)
	})
}

func (h *Handlers) supervisorChange(w http.ResponseWriter, r *http.Request, change func(*shuangbai.User, int64, url.Values, shuangbai.FieldErrors) error) error {
	u := ui.User(r)
	if err := requireRun(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	// A supervisor outside the scope is not found, whatever the form
	// says: the page has no row of theirs to show its messages in.
	if _, err := h.db.Person(r.Context(), u.Scope(), id); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	err = change(u, id, v, shuangbai.FieldErrors{})
	switch code := shuangbai.ErrorCode(err); {
	case err == nil:
		ui.SetFlash(w, "已保存")
		http.Redirect(w, r, "/supervisors", http.StatusSeeOther)
		return nil
	case code == shuangbai.EINVALID || code == shuangbai.ECONFLICT:
		f := ui.NewForm(v, err)
		if f.Errors == nil {
			f.Errors = map[string]string{"station_id": shuangbai.ErrorMessage(err)}
		}
		return h.renderSupervisors(w, r, ui.Status(err), supervisorPage{Form: f, FormOf: id})
	}
	return err
}

// coverageJSON is a station a supervisor covers.
type coverageJSON struct {
	ID        int64   `json:"id"`
	StationID int64   `json:"station_id"`
	Station   string  `json:"station"`
	Region    string  `json:"region"`
	From      *string `json:"from"`
	To        *string `json:"to"`
}

// APISupervisorList returns the supervisors in scope (?region=CODE) with
// the stations each covers on ?on=DATE, the chief supervisors in office
// that day (chiefs) and every chief's term (chief_terms).
func (h *Handlers) APISupervisorList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return err
	}
	day := h.ui.Today()
	if s := q.Get("on"); s != "" {
		if day, err = shuangbai.ParseDate(s); err != nil {
			return ui.BadRequest("参数 on 应为日期，例如 2021-08-09")
		}
	}
	sups, chiefs, err := h.db.Supervisors(r.Context(), scope, day)
	if err != nil {
		return err
	}
	type supJSON struct {
		ID       int64          `json:"id"`
		Name     string         `json:"name"`
		Gender   string         `json:"gender"`
		Region   string         `json:"region"`
		Phone    string         `json:"phone"`
		Stations []coverageJSON `json:"stations"`
	}
	out := struct {
		Items  []supJSON   `json:"items"`
		Total  int         `json:"total"`
		Chiefs []chiefJSON `json:"chiefs"`      // in office on the day
		Terms  []chiefJSON `json:"chief_terms"` // every term, newest first by region
		On     string      `json:"on"`
	}{Items: []supJSON{}, Total: len(sups), Chiefs: []chiefJSON{}, Terms: []chiefJSON{}, On: day.String()}
	for _, s := range sups {
		sj := supJSON{ID: s.Person.ID, Name: s.Person.Name, Gender: s.Person.Gender, Region: s.Person.Region,
			Phone: shuangbai.MaskPhone(s.Person.Phone), Stations: []coverageJSON{}}
		for _, c := range s.Stations {
			sj.Stations = append(sj.Stations, coverageJSON{c.ID, c.StationID, c.StationName, c.Region, ui.DateJSON(c.From), ui.DateJSON(c.To)})
		}
		out.Items = append(out.Items, sj)
	}
	for _, c := range chiefs {
		out.Chiefs = append(out.Chiefs, chiefOut(c))
	}
	terms, err := h.db.ChiefTerms(r.Context(), scope)
	if err != nil {
		return err
	}
	for _, c := range terms {
		out.Terms = append(out.Terms, chiefOut(c))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
