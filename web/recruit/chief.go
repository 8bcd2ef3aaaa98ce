package recruit

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// Chief supervisors (总督导): the supervisors page shows who leads the
// programme over the user's region and the terms before, and lets the
// admin of a region appoint its chief. Appointing a successor closes the
// predecessor's term on the eve (store.AppointChief), so the page and the
// API only ever add terms or end them: the history stays.

// chiefParts is the chief supervisors' part of the supervisors page.
type chiefParts struct {
	Terms     []chiefTerm        // every term over the region shown, newest first
	People    []shuangbai.Person // the supervisors who may be appointed
	Regions   []ui.RegionOption  // the regions the user may appoint a chief over
	ChiefForm ui.Form            // the appointment form's values and messages
	EndForm   ui.Form            // an ending's values and messages
	EndOf     int64              // the term whose ending EndForm holds
}

// EndUnshown is the message of a refused ending whose term has no form on
// the page (ended already, or not the user's to end), so that it is said
// above the terms instead of nowhere; "" otherwise.
func (p chiefParts) EndUnshown() string {
	msg := p.EndForm.Err("to")
	if p.EndOf == 0 || msg == "" {
		return ""
	}
	for _, t := range p.Terms {
		if t.ID == p.EndOf && t.Endable {
			return ""
		}
	}
	return msg
}

// chiefTerm is a term with its region's name and whether the user may end it.
type chiefTerm struct {
	shuangbai.ChiefSupervisor
	RegionName string
	Current    bool // in office on the page's day
	Endable    bool // inside the user's own scope and not yet ended before the page's day
}

// fillChiefs adds the terms and, for an admin, the appointment form's
// choices to p.
func (h *Handlers) fillChiefs(ctx context.Context, r *http.Request, p *supervisorPage, sups []shuangbai.Supervisor) error {
	scope, err := ui.RegionParam(r.URL.Query(), ui.Scope(r))
	if err != nil {
		return err
	}
	terms, err := h.db.ChiefTerms(ctx, scope)
	if err != nil {
		return err
	}
	var codes []string
	for _, c := range terms {
		codes = append(codes, c.Region)
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return err
	}
	own := ui.Scope(r)
	for _, c := range terms {
		current := !p.Day.Before(c.From) && (c.To.IsZero() || !p.Day.After(c.To))
		p.Terms = append(p.Terms, chiefTerm{ChiefSupervisor: c, RegionName: names[c.Region], Current: current,
			Endable: p.CanRun && own.Contains(c.Region) && (c.To.IsZero() || !c.To.Before(p.Day))})
	}
	if !p.CanRun {
		return nil
	}
	for _, s := range sups {
		p.People = append(p.People, s.Person)
	}
	if p.Regions, err = h.organiserOptions(ctx, own); err != nil {
		return err
	}
	if p.ChiefForm.Values == nil {
		v := url.Values{"from": {p.Day.String()}}
		if len(p.Regions) > 0 {
			v.Set("region", p.Regions[0].Code)
		}
		p.ChiefForm = ui.NewForm(v, nil)
	}
	if p.EndForm.Values == nil {
		p.EndForm = ui.NewForm(nil, nil)
	}
	return nil
}

// parseChief reads an appointment: person_id, region, title, from.
func parseChief(v url.Values) (*shuangbai.ChiefSupervisor, error) {
	fe := shuangbai.FieldErrors{}
	c := &shuangbai.ChiefSupervisor{Region: ui.Trimmed(v, "region"), Title: ui.Trimmed(v, "title")}
	if s := ui.Trimmed(v, "person_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("person_id", "请选择督导")
		}
		c.PersonID = id
	} else {
		fe.Add("person_id", "请选择督导")
	}
	c.From = ui.ParseDate(fe, "from", v.Get("from"))
	c.To = ui.ParseDate(fe, "to", v.Get("to"))
	return c, ui.Validated(fe, c.Validate)
}

// ChiefAppoint appoints a chief supervisor from the page's form.
func (h *Handlers) ChiefAppoint(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRun(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	c, err := parseChief(v)
	if err == nil {
		err = h.db.AppointChief(r.Context(), u, c)
	}
	return ui.Saved(w, r, err, func(status int) error {
		return h.renderSupervisors(w, r, status, supervisorPage{Form: ui.NewForm(nil, nil), chiefParts: chiefParts{ChiefForm: ui.NewForm(v, err)}})
	}, func() (string, string) { return "已任命" + c.Name + "为总督导", "/supervisors#chiefs" })
}

// ChiefEnd records the last day of the term {id}.
func (h *Handlers) ChiefEnd(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRun(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	last := ui.ParseDate(fe, "to", v.Get("to"))
	var c shuangbai.ChiefSupervisor
	if err = fe.Err(); err == nil {
		c, err = h.db.EndChief(r.Context(), u, id, last)
	}
	if shuangbai.ErrorCode(err) == shuangbai.ECONFLICT {
		err = &shuangbai.Error{Code: shuangbai.ECONFLICT, Message: shuangbai.ErrorMessage(err), Fields: map[string]string{"to": shuangbai.ErrorMessage(err)}}
	}
	return ui.Saved(w, r, err, func(status int) error {
		return h.renderSupervisors(w, r, status, supervisorPage{Form: ui.NewForm(nil, nil), chiefParts: chiefParts{EndForm: ui.NewForm(v, err), EndOf: id}})
	}, func() (string, string) {
		return c.Name + "的总督导任期至 " + c.To.String(), "/supervisors#chiefs"
	})
}

// chiefJSON is a chief supervisor's term.
type chiefJSON struct {
	ID       int64   `json:"id"`
	PersonID int64   `json:"person_id"`
	Name     string  `json:"name"`
	Region   string  `json:"region"`
	Title    string  `json:"title"`
	From     *string `json:"from"`
	To       *string `json:"to"`
}

func chiefOut(c shuangbai.ChiefSupervisor) chiefJSON {
	return chiefJSON{c.ID, c.PersonID, c.Name, c.Region, c.Title, ui.DateJSON(c.From), ui.DateJSON(c.To)}
}

// APIChiefAppoint appoints a chief supervisor: {"person_id", "region",
// "title", "from", "to"}. The predecessor's term ends on the eve of from.
func (h *Handlers) APIChiefAppoint(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRun(u); err != nil {
		return err
	}
	v, _, err := ui.ReadFields(r, []string{"person_id", "region", "title", "from", "to"})
	if err != nil {
		return err
	}
	c, err := parseChief(v)
	if err != nil {
		return err
	}
	if err := h.db.AppointChief(r.Context(), u, c); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/supervisors?region="+c.Region)
	h.ui.WriteJSON(w, r, http.StatusCreated, chiefOut(*c))
	return nil
}

// APIChiefUpdate ends the term {id}: {"to": DATE}, its last day.
func (h *Handlers) APIChiefUpdate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRun(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	v, _, err := ui.ReadFields(r, []string{"to"})
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	last := ui.ParseDate(fe, "to", v.Get("to"))
	if last.IsZero() && v.Get("to") == "" {
		fe.Add("to", "请填写离任日期")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	c, err := h.db.EndChief(r.Context(), u, id, last)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, chiefOut(c))
	return nil
}
