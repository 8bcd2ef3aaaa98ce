package web

import (
	"net/http"
	"strconv"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// visitJSON is a visit as the API shows it.
type visitJSON struct {
	ID            int64     `json:"id"`
	BeneficiaryID int64     `json:"beneficiary_id"`
	On            string    `json:"on"`
	Kind          string    `json:"kind"`
	KindLabel     string    `json:"kind_label"`
	Services      []string  `json:"services"`
	Findings      string    `json:"findings"`
	NextDue       *string   `json:"next_due"`
	RecordedBy    string    `json:"recorded_by"`
	CreatedAt     time.Time `json:"created_at"`
}

func toVisitJSON(v shuangbai.Visit) visitJSON {
	out := visitJSON{ID: v.ID, BeneficiaryID: v.BeneficiaryID, On: v.On.String(), Kind: string(v.Kind), KindLabel: v.Kind.Label(),
		Services: v.Services, Findings: v.Findings, NextDue: ui.DateJSON(v.NextDue), RecordedBy: v.By, CreatedAt: v.CreatedAt}
	if out.Services == nil {
		out.Services = []string{}
	}
	return out
}

// itemsJSON is a list with no total: its newest items, up to ?limit=.
type itemsJSON[T any] struct {
	Items []T `json:"items"`
}

// apiVisitList returns a beneficiary's visits, newest first:
// ?beneficiary_id=ID&limit=.
func (s *Server) apiVisitList(w http.ResponseWriter, r *http.Request) error {
	ctx, q := r.Context(), r.URL.Query()
	b, err := s.beneficiaryParam(r, q)
	if err != nil {
		return err
	}
	limit, _, err := ui.PageQuery(q)
	if err != nil {
		return err
	}
	list, err := s.db.Visits(ctx, ui.User(r).Scope(), b.ID, limit)
	if err != nil {
		return err
	}
	// Visit findings are part of the person's file: reading them is a view.
	if err := s.db.LogAccess(ctx, ui.User(r), store.AccessView, b.ID, b.Region, "", "探访记录（API）"); err != nil {
		return err
	}
	out := itemsJSON[visitJSON]{Items: []visitJSON{}}
	for _, v := range list {
		out.Items = append(out.Items, toVisitJSON(v))
	}
	s.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// apiVisitCreate records a visit from a JSON body. "on" defaults to today
// and "next_due" to the day the case's level proposes; a beneficiary
// outside scope is a field error, as if it did not exist.
func (s *Server) apiVisitCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := requireCaseEdit(u); err != nil {
		return err
	}
	body, err := ui.ReadBody(r)
	if err != nil {
		return err
	}
	var in visitIn
	if err := ui.DecodeJSON(body, &in); err != nil {
		return err
	}
	if in.On == "" {
		in.On = s.ui.Today().String()
	}
	fe := shuangbai.FieldErrors{}
	v := in.visit(u, fe)
	if err := fe.Err(); err != nil {
		return err
	}
	if err := s.db.RecordVisit(ctx, u, v); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/visits?beneficiary_id="+strconv.FormatInt(v.BeneficiaryID, 10))
	s.ui.WriteJSON(w, r, http.StatusCreated, toVisitJSON(*v))
	return nil
}

// applicationJSON is an application as the API shows it.
type applicationJSON struct {
	ID            int64     `json:"id"`
	BeneficiaryID int64     `json:"beneficiary_id"`
	Kind          string    `json:"kind"`
	KindLabel     string    `json:"kind_label"`
	Status        string    `json:"status"`
	StatusLabel   string    `json:"status_label"`
	PreparedOn    *string   `json:"prepared_on"`
	SubmittedOn   *string   `json:"submitted_on"`
	DecidedOn     *string   `json:"decided_on"`
	Amount        int64     `json:"amount"`
	Documents     string    `json:"documents"`
	Note          string    `json:"note"`
	CreatedAt     time.Time `json:"created_at"`
}

func toApplicationJSON(a shuangbai.Application) applicationJSON {
	return applicationJSON{ID: a.ID, BeneficiaryID: a.BeneficiaryID, Kind: string(a.Kind), KindLabel: a.Kind.Label(), Status: string(a.Status),
		StatusLabel: a.Status.Label(), PreparedOn: ui.DateJSON(a.PreparedOn), SubmittedOn: ui.DateJSON(a.SubmittedOn), DecidedOn: ui.DateJSON(a.DecidedOn),
		Amount: a.Amount, Documents: a.Documents, Note: a.Note, CreatedAt: a.CreatedAt}
}

// apiApplicationList returns a beneficiary's applications:
// ?beneficiary_id=ID.
func (s *Server) apiApplicationList(w http.ResponseWriter, r *http.Request) error {
	b, err := s.beneficiaryParam(r, r.URL.Query())
	if err != nil {
		return err
	}
	list, err := s.db.Applications(r.Context(), ui.User(r).Scope(), b.ID)
	if err != nil {
		return err
	}
	if err := s.db.LogAccess(r.Context(), ui.User(r), store.AccessView, b.ID, b.Region, "", "协助申请（API）"); err != nil {
		return err
	}
	out := itemsJSON[applicationJSON]{Items: []applicationJSON{}}
	for _, a := range list {
		out.Items = append(out.Items, toApplicationJSON(a))
	}
	s.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// apiApplicationCreate records an application from a JSON body.
func (s *Server) apiApplicationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireCaseEdit(ui.User(r)); err != nil {
		return err
	}
	body, err := ui.ReadBody(r)
	if err != nil {
		return err
	}
	var in applicationIn
	if err := ui.DecodeJSON(body, &in); err != nil {
		return err
	}
	a, err := s.saveApplicationIn(r, in, 0)
	if err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("applications", a.ID))
	s.ui.WriteJSON(w, r, http.StatusCreated, toApplicationJSON(*a))
	return nil
}

// apiApplicationUpdate changes the fields the body names (a JSON merge
// patch), such as the status once the bureau decides.
func (s *Server) apiApplicationUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := requireCaseEdit(u); err != nil {
		return err
	}
	appID, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	cur, err := s.db.Application(ctx, u.Scope(), appID)
	if err != nil {
		return err
	}
	body, err := ui.ReadBody(r)
	if err != nil {
		return err
	}
	var in applicationIn
	if err := ui.DecodePatch(body, applicationInOf(cur), &in); err != nil {
		return err
	}
	if in.BeneficiaryID != cur.BeneficiaryID {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "申请所属的服务对象不能修改", Fields: map[string]string{"beneficiary_id": "不能修改"}}
	}
	a, err := s.saveApplicationIn(r, in, cur.ID)
	if err != nil {
		return err
	}
	s.ui.WriteJSON(w, r, http.StatusOK, toApplicationJSON(*a))
	return nil
}

func (s *Server) saveApplicationIn(r *http.Request, in applicationIn, id int64) (*shuangbai.Application, error) {
	fe := shuangbai.FieldErrors{}
	a := in.application(fe)
	a.ID = id
	if err := ui.Validated(fe, func() error { return a.Validate(s.ui.Today()) }); err != nil {
		return nil, err
	}
	if err := s.db.SaveApplication(r.Context(), ui.User(r), a); err != nil {
		return nil, err
	}
	return a, nil
}

// dueJSON is a case due a visit.
type dueJSON struct {
	BeneficiaryID int64   `json:"beneficiary_id"`
	Name          string  `json:"name"`
	Region        string  `json:"region"`
	Village       string  `json:"village"`
	Level         int     `json:"level"`
	LastVisit     *string `json:"last_visit"`
	NextDue       string  `json:"next_due"`
	Bucket        string  `json:"bucket"` // overdue, today, week
	WorkerID      *int64  `json:"worker_id"`
	WorkerName    string  `json:"worker_name"`
}

// overdueJSON counts a worker's or a station's open and overdue cases.
type overdueJSON struct {
	Key     string `json:"key"` // worker id or town code
	Name    string `json:"name"`
	Open    int    `json:"open"`
	Overdue int    `json:"overdue"`
}

// worklistJSON is the body of GET /api/v1/worklist.
type worklistJSON struct {
	View      string        `json:"view"`
	Region    string        `json:"region"`
	Today     string        `json:"today"`
	Until     string        `json:"until"`
	Items     []dueJSON     `json:"items"`
	ByWorker  []overdueJSON `json:"by_worker,omitempty"`
	ByStation []overdueJSON `json:"by_station,omitempty"`
}

// apiWorklist returns the cases due a visit within the week, nearest
// first, as GET /worklist chooses them: ?region=&view=mine|station|county.
// The county view has counts only.
func (s *Server) apiWorklist(w http.ResponseWriter, r *http.Request) error {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	scope, err := ui.RegionParam(q, u.Scope())
	if err != nil {
		return err
	}
	today := s.ui.Today()
	p := worklistPage{Region: scope.Code, Today: today, Until: today.AddDays(worklistDays)}
	if p.View, err = worklistView(u, q, scope); err != nil {
		return err
	}
	switch p.View {
	case "mine":
		err = s.worklistMine(ctx, &p, scope, u.PersonID, "")
	case "station":
		err = s.worklistStation(ctx, &p, scope, "")
	default:
		err = s.worklistCounty(ctx, &p, scope)
	}
	if err != nil {
		return err
	}
	out := worklistJSON{View: p.View, Region: p.Region, Today: today.String(), Until: p.Until.String(), Items: []dueJSON{}}
	add := func(list []dueView) {
		for _, d := range list {
			bucket := "week"
			switch {
			case d.NextDue.Before(today):
				bucket = "overdue"
			case d.NextDue == today:
				bucket = "today"
			}
			out.Items = append(out.Items, dueJSON{BeneficiaryID: d.BeneficiaryID, Name: d.Name, Region: d.Region, Village: d.Village,
				Level: int(d.Level), LastVisit: ui.DateJSON(d.LastVisit), NextDue: d.NextDue.String(), Bucket: bucket,
				WorkerID: idJSON(d.WorkerID), WorkerName: d.Worker})
		}
	}
	add(p.Overdue)
	add(p.DueToday)
	add(p.Week)
	for _, wd := range p.Workers {
		add(wd.Items)
		out.ByWorker = append(out.ByWorker, overdueJSON{Key: wd.Count.Key, Name: wd.Name, Open: wd.Count.Open, Overdue: wd.Count.Overdue})
	}
	for _, st := range p.Stations {
		out.ByStation = append(out.ByStation, overdueJSON{Key: st.Code, Name: st.Name, Open: st.Count.Open, Overdue: st.Count.Overdue})
	}
	s.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// outcomesJSON is the body of GET /api/v1/reports/outcomes.
type outcomesJSON struct {
	Region              string         `json:"region"`
	RegionName          string         `json:"region_name"`
	From                *string        `json:"from"`
	To                  string         `json:"to"`
	Identified          map[string]int `json:"identified"`
	People              int            `json:"people"`
	Households          int            `json:"households"`
	Visits              int            `json:"visits"`
	HomeVisits          int            `json:"home_visits"`
	Applications        map[string]int `json:"applications"`
	Approved            map[string]int `json:"approved"`
	ReliefHouseholds    int            `json:"relief_households"`
	TemporaryHouseholds int            `json:"temporary_households"`
	VolunteerHouseholds int            `json:"volunteer_households"`
	Paragraph           string         `json:"paragraph"`
}

// apiOutcomes returns a region's outcomes: ?region=&from=&to=.
func (s *Server) apiOutcomes(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	region, from, to, err := s.outcomesQuery(r.URL.Query(), u)
	if err != nil {
		return err
	}
	o, err := s.db.Outcomes(r.Context(), u.Scope(), region, from, to)
	if err != nil {
		return err
	}
	out := outcomesJSON{Region: o.Region, RegionName: o.RegionName, From: ui.DateJSON(o.From), To: o.To.String(),
		Identified: map[string]int{}, People: o.People, Households: o.Households, Visits: o.Visits, HomeVisits: o.HomeVisits,
		Applications: map[string]int{}, Approved: map[string]int{}, ReliefHouseholds: o.ReliefHouseholds,
		TemporaryHouseholds: o.TemporaryHouseholds, VolunteerHouseholds: o.VolunteerHouseholds, Paragraph: o.Paragraph()}
	for g, n := range o.Identified {
		out.Identified[string(g)] = n
	}
	for k, n := range o.Applications {
		out.Applications[string(k)] = n
	}
	for k, n := range o.Approved {
		out.Approved[string(k)] = n
	}
	s.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
