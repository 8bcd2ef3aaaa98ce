package recruit

import (
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// requireRecord returns EFORBIDDEN unless u may read the record of the
// member of staff personID: recruitment's readers, and the person themself.
func requireRecord(u *shuangbai.User, personID int64) error {
	if personID != 0 && u.PersonID == personID && !u.Disabled {
		return nil
	}
	return requireRead(u)
}

// recordListPage is the data of record/list.html.
type recordListPage struct {
	Rows  []store.StaffSummary
	Paths map[string]string
	Pager ui.Pager
	Query string
	Role  string
	Roles []shuangbai.StaffRole
	Day   shuangbai.Date
}

// staffQuery reads a staff list's filters: region, role, q.
func staffQuery(q url.Values, scope shuangbai.Scope) (shuangbai.Scope, store.PersonFilter, error) {
	var f store.PersonFilter
	scope, err := ui.RegionParam(q, scope)
	if err != nil {
		return scope, f, err
	}
	if role := shuangbai.StaffRole(q.Get("role")); role != "" {
		if role.Label() == string(role) {
			return scope, f, ui.BadRequest("参数 role 应为 worker、lead、deputy 或 supervisor")
		}
		f.Role = role
	}
	f.Query, err = ui.TextParam(q, "q")
	return scope, f, err
}

// RecordList lists the staff in scope with their records' headlines:
// qualification, the contract and site of today, this year's training hours.
func (h *Handlers) RecordList(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	q := r.URL.Query()
	scope, f, err := staffQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	pg, err := ui.PageParam(q)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = ui.PageSize, (pg-1)*ui.PageSize
	day := h.ui.Today()
	rows, total, err := h.db.StaffSummaries(r.Context(), scope, f, day)
	if err != nil {
		return err
	}
	var codes []string
	for _, s := range rows {
		codes = append(codes, s.Person.Region)
	}
	paths, err := h.ui.RegionPaths(r.Context(), codes)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "record/list.html", recordListPage{Rows: rows, Paths: paths, Pager: ui.NewPager(r, pg, total),
		Query: f.Query, Role: string(f.Role), Roles: shuangbai.StaffRoles, Day: day})
}

// recordPage is the data of record/show.html.
type recordPage struct {
	R          *shuangbai.StaffRecord
	RegionPath string
	Day        shuangbai.Date
	Current    *shuangbai.Contract
	CanRun     bool
	QualForm   ui.Form
	EndForm    ui.Form
	EndOf      int64  // the contract the end form's messages are for
	EndAlert   string // their message, when that contract shows no form (it has ended)
	Levels     []shuangbai.Qualification
	Coverages  []shuangbai.Coverage
}

// RecordShow shows a member of staff's record (人员档案).
func (h *Handlers) RecordShow(w http.ResponseWriter, r *http.Request) error {
	return h.renderRecord(w, r, http.StatusOK, ui.NewForm(nil, nil), ui.NewForm(nil, nil), 0)
}

func (h *Handlers) renderRecord(w http.ResponseWriter, r *http.Request, status int, qual, end ui.Form, endOf int64) error {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	u := ui.User(r)
	if err := requireRecord(u, id); err != nil {
		return err
	}
	ctx := r.Context()
	rec, err := h.db.StaffRecord(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	paths, err := h.ui.RegionPaths(ctx, []string{rec.Person.Region})
	if err != nil {
		return err
	}
	day := h.ui.Today()
	p := recordPage{R: rec, RegionPath: paths[rec.Person.Region], Day: day, Current: rec.CurrentContract(day), CanRun: u.CanRunRecruitment(),
		QualForm: qual, EndForm: end, EndOf: endOf, Levels: shuangbai.Qualifications[1:]}
	for _, c := range rec.Contracts {
		if c.ID == endOf && !c.EndedOn.IsZero() {
			for _, msg := range end.Errors {
				p.EndAlert = msg
			}
		}
	}
	if rec.Person.Role == shuangbai.StaffSupervisor {
		if p.Coverages, err = h.db.Coverages(ctx, ui.Scope(r), id); err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, status, "record/show.html", p)
}

// RecordQualification adds a qualification to a record.
func (h *Handlers) RecordQualification(w http.ResponseWriter, r *http.Request) error {
	return h.recordChange(w, r, func(u *shuangbai.User, id int64, v url.Values) (bool, error) {
		fe := shuangbai.FieldErrors{}
		q := &shuangbai.QualificationRecord{PersonID: id, Level: shuangbai.Qualification(v.Get("level")),
			ObtainedOn: ui.ParseDate(fe, "obtained_on", v.Get("obtained_on")), Certificate: ui.Trimmed(v, "certificate")}
		if err := ui.Validated(fe, q.Validate); err != nil {
			return true, err
		}
		return true, h.db.AddQualification(r.Context(), u, q)
	})
}

// RecordContractEnd ends a contract early (离职), on a day and for a
// reason; the person's assignments end with it.
func (h *Handlers) RecordContractEnd(w http.ResponseWriter, r *http.Request) error {
	return h.recordChange(w, r, func(u *shuangbai.User, id int64, v url.Values) (bool, error) {
		cid, err := ui.PathID(r, "cid")
		if err != nil {
			return false, err
		}
		fe := shuangbai.FieldErrors{}
		last := ui.ParseDate(fe, "ended_on", v.Get("ended_on"))
		if err := fe.Err(); err != nil {
			return false, err
		}
		return false, h.db.EndContract(r.Context(), u, id, cid, last, v.Get("end_reason"))
	})
}

// recordChange runs a change of a record's page; change tells which form
// a refusal belongs to (true: the qualification's).
func (h *Handlers) recordChange(w http.ResponseWriter, r *http.Request, change func(*shuangbai.User, int64, url.Values) (bool, error)) error {
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
	qual, err := change(u, id, v)
	if err == nil {
		ui.SetFlash(w, "已保存")
		http.Redirect(w, r, "/records/"+itoa(id), http.StatusSeeOther)
		return nil
	}
	if ui.FieldErrors(err) == nil {
		return err
	}
	if qual {
		return h.renderRecord(w, r, ui.Status(err), ui.NewForm(v, err), ui.NewForm(nil, nil), 0)
	}
	cid, _ := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	return h.renderRecord(w, r, ui.Status(err), ui.NewForm(nil, nil), ui.NewForm(v, err), cid)
}

// staffJSON is a member of staff with their record's headlines.
type staffJSON struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	Gender        string        `json:"gender"`
	Role          string        `json:"role"`
	Region        string        `json:"region"`
	Phone         string        `json:"phone"`
	Qualification string        `json:"qualification"`
	Contract      *contractJSON `json:"contract"`
	Site          string        `json:"site"`
	TrainingHours float64       `json:"training_hours"` // this year
}

type contractJSON struct {
	ID         int64   `json:"id"`
	CampaignID int64   `json:"campaign_id,omitempty"`
	PostTitle  string  `json:"post_title"`
	SignedOn   *string `json:"signed_on"`
	From       *string `json:"from"`
	To         *string `json:"to"`
	EndedOn    *string `json:"ended_on"`
	EndReason  string  `json:"end_reason,omitempty"`
}

func contractOut(c *shuangbai.Contract) *contractJSON {
	if c == nil {
		return nil
	}
	return &contractJSON{c.ID, c.CampaignID, c.PostTitle, ui.DateJSON(c.SignedOn), ui.DateJSON(c.From), ui.DateJSON(c.To), ui.DateJSON(c.EndedOn), c.EndReason}
}

// APIStaffList returns one page of the staff in scope with their
// records' headlines: ?region=CODE&role=&q=&limit=&offset=.
func (h *Handlers) APIStaffList(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	q := r.URL.Query()
	scope, f, err := staffQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	if f.Limit, f.Offset, err = ui.PageQuery(q); err != nil {
		return err
	}
	rows, total, err := h.db.StaffSummaries(r.Context(), scope, f, h.ui.Today())
	if err != nil {
		return err
	}
	out := ui.List[staffJSON]{Items: []staffJSON{}, Total: total}
	for _, s := range rows {
		p := s.Person
		out.Items = append(out.Items, staffJSON{ID: p.ID, Name: p.Name, Gender: p.Gender, Role: string(p.Role), Region: p.Region,
			Phone: shuangbai.MaskPhone(p.Phone), Qualification: string(s.Qualification), Contract: contractOut(s.Contract), Site: s.Site,
			TrainingHours: s.TrainingHours})
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APIStaffShow returns a member of staff's whole record.
func (h *Handlers) APIStaffShow(w http.ResponseWriter, r *http.Request) error {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := requireRecord(ui.User(r), id); err != nil {
		return err
	}
	rec, err := h.db.StaffRecord(r.Context(), ui.Scope(r), id)
	if err != nil {
		return err
	}
	type qualJSON struct {
		Level       string  `json:"level"`
		ObtainedOn  *string `json:"obtained_on"`
		Certificate string  `json:"certificate,omitempty"`
		Note        string  `json:"note,omitempty"`
	}
	type assignJSON struct {
		StationID int64   `json:"station_id,omitempty"`
		PointID   int64   `json:"point_id,omitempty"`
		Site      string  `json:"site"`
		From      *string `json:"from"`
		To        *string `json:"to"`
	}
	p := rec.Person
	out := struct {
		staffJSON
		Qualifications []qualJSON               `json:"qualifications"`
		Contracts      []*contractJSON          `json:"contracts"`
		Assignments    []assignJSON             `json:"assignments"`
		Training       []shuangbai.TrainingYear `json:"training_by_year"`
		Visits         int                      `json:"visits"`
		VisitsByYear   []shuangbai.YearCount    `json:"visits_by_year"`
		OpenCases      int                      `json:"open_cases"`
		ClosedCases    int                      `json:"closed_cases"`
	}{staffJSON: staffJSON{ID: p.ID, Name: p.Name, Gender: p.Gender, Role: string(p.Role), Region: p.Region, Phone: shuangbai.MaskPhone(p.Phone),
		Qualification: string(rec.Qualification()), Contract: contractOut(rec.CurrentContract(h.ui.Today()))},
		Qualifications: []qualJSON{}, Contracts: []*contractJSON{}, Assignments: []assignJSON{}, Training: rec.Training,
		Visits: rec.CaseWork.Visits, VisitsByYear: rec.CaseWork.VisitsByYear, OpenCases: rec.CaseWork.OpenCases, ClosedCases: rec.CaseWork.ClosedCases}
	for _, q := range rec.Qualifications {
		out.Qualifications = append(out.Qualifications, qualJSON{string(q.Level), ui.DateJSON(q.ObtainedOn), q.Certificate, q.Note})
	}
	for i := range rec.Contracts {
		out.Contracts = append(out.Contracts, contractOut(&rec.Contracts[i]))
	}
	for _, a := range rec.Assignments {
		out.Assignments = append(out.Assignments, assignJSON{a.StationID, a.PointID, a.SiteName, ui.DateJSON(a.From), ui.DateJSON(a.To)})
	}
	for _, t := range rec.Training {
		if t.Year == h.ui.Today().Time().Year() {
			out.staffJSON.TrainingHours = t.Hours
		}
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
