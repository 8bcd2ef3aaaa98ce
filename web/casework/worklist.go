package casework

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// worklistDays is how far ahead a worklist looks: today and the six days
// after, "this week" for someone planning their visits.
const worklistDays = 6

// dueView is a beneficiary due a visit, as a worklist row shows them.
type dueView struct {
	store.Due
	Village string
	Worker  string
	Info    dueInfo
	Mine    bool   // on the worker's own list, where visiting is the main action
	back    string // the worklist's own address, for returning after a visit
}

// BeneficiaryURL is the address of the beneficiary's page.
func (d dueView) BeneficiaryURL() string { return beneficiaryURL(d.BeneficiaryID) }

// VisitURL is the address of the quick visit form, returning here after.
func (d dueView) VisitURL() string {
	return beneficiaryURL(d.BeneficiaryID) + "/visits/new?next=" + url.QueryEscape(d.back)
}

// workerDue is one worker's part of a station's worklist.
type workerDue struct {
	ID    int64
	Name  string
	Count store.OverdueCount
	Items []dueView
}

// Percent is the share of the worker's open files that are overdue.
func (w workerDue) Percent() int { return percentOf(w.Count) }

// stationDue is one station's row in a county's overview.
type stationDue struct {
	Code, Name, County string
	Count              store.OverdueCount
}

// Percent is the share of the station's open files that are overdue.
func (s stationDue) Percent() int { return percentOf(s.Count) }

// URL is the station's own worklist.
func (s stationDue) URL() string { return "/worklist?region=" + s.Code }

func percentOf(c store.OverdueCount) int { return int(math.Round(c.Rate() * 100)) }

// worklistPage is the data of beneficiary/worklist.html in one of three
// views: "mine" (a social worker's own beneficiaries), "station" (a
// station's by worker) and "county" (overdue rates per station).
type worklistPage struct {
	View       string
	Region     string
	RegionName string
	Today      shuangbai.Date
	Until      shuangbai.Date

	Overdue, DueToday, Week []dueView // mine
	Workers                 []workerDue
	Stations                []stationDue
	Total                   store.OverdueCount

	MineURL, StationURL string // switches between a worker's two views

	Pending   []store.PendingLowering // lowerings a lead or supervisor may confirm
	Names     accountNames            // who asked for them
	Escalated *escalationList         // late visits the viewer's tier has been told of (四级跟进)
	ExportURL string                  // the export's reason form, for those who may export
	History   string                  // the overdue rates over time, for a bureau admin

	Incomplete int // files an import left to complete (待补充), the worker's own on her list
}

// TotalPercent is the overdue share of the whole page.
func (p worklistPage) TotalPercent() int { return percentOf(p.Total) }

// Count is the number of beneficiaries on a worker's own list.
func (p worklistPage) Count() int { return len(p.Overdue) + len(p.DueToday) + len(p.Week) }

// WorklistShow shows who is due a visit. A social worker linked to the
// staff roster sees their own beneficiaries (overdue, due today, due this
// week, nearest first); a station lead, or anyone whose scope is a town,
// sees the station's by worker; county and city users see the overdue rate
// of each station, linking to its list. ?region= narrows, ?view= switches.
func (h *Handlers) WorklistShow(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	p, scope, err := h.worklistOf(r, r.URL.RequestURI())
	if err != nil {
		return err
	}
	names, err := h.db.RegionNames(ctx, []string{scope.Code})
	if err != nil {
		return err
	}
	p.RegionName = names[scope.Code]
	if u.PersonID != 0 {
		p.MineURL = "/worklist?view=mine"
		p.StationURL = "/worklist?view=station"
	}
	if u.CanConfirmLowering() {
		if p.Pending, err = h.db.PendingLowerings(ctx, scope); err != nil {
			return err
		}
		var who []string
		for _, c := range p.Pending {
			who = append(who, c.RequestedBy)
		}
		if p.Names, err = h.userNames(ctx, who); err != nil {
			return err
		}
	}
	if tier, ok := tierOf(u); ok {
		list, err := h.escalationsOf(ctx, scope, tier, p.Today, shownEscalations)
		if err != nil {
			return err
		}
		p.Escalated = &list
	}
	if u.CanSeeFullID() {
		p.ExportURL = "/worklist.xlsx"
		if v := worklistExportValues(r.URL.Query()); len(v) > 0 {
			p.ExportURL += "?" + v.Encode()
		}
	}
	if u.IsBureauAdmin() && p.View == "county" {
		p.History = "/worklist/history?region=" + scope.Code
	}
	var mine int64
	if p.View == "mine" {
		mine = u.PersonID
	}
	if p.Incomplete, err = h.db.CountIncomplete(ctx, scope, mine); err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "beneficiary/worklist.html", p)
}

// worklistOf fills the worklist ?region= and ?view= ask for, for the page
// and the API, and returns the scope it covers. back is the page's own
// address, for returning to it after a visit ("" for the API).
func (h *Handlers) worklistOf(r *http.Request, back string) (worklistPage, shuangbai.Scope, error) {
	ctx, u, q := r.Context(), ui.User(r), r.URL.Query()
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return worklistPage{}, scope, err
	}
	today := h.ui.Today()
	p := worklistPage{Region: scope.Code, Today: today, Until: today.AddDays(worklistDays)}
	if p.View, err = worklistView(u, q, scope); err != nil {
		return p, scope, err
	}
	switch p.View {
	case "mine":
		err = h.worklistMine(ctx, &p, scope, u.PersonID, back)
	case "station":
		err = h.worklistStation(ctx, &p, scope, back)
	default:
		err = h.worklistCounty(ctx, &p, scope)
	}
	return p, scope, err
}

// worklistView returns the view ?view= asks for, or the one that suits the
// user: their own list for a worker on the roster, a station's for a town,
// the stations' rates above.
func worklistView(u *shuangbai.User, q url.Values, scope shuangbai.Scope) (string, error) {
	switch v := q.Get("view"); v {
	case "":
		switch {
		case u.PersonID != 0 && q.Get("region") == "":
			return "mine", nil
		case shuangbai.LevelOf(scope.Code) >= shuangbai.LevelTown:
			return "station", nil
		}
		return "county", nil
	case "mine":
		if u.PersonID == 0 {
			return "", ui.BadRequest("您的账号未关联人员名册，没有个人探访清单，请联系管理员关联")
		}
		return v, nil
	case "station", "county":
		return v, nil
	}
	return "", ui.BadRequest("参数 view 应为 mine、station 或 county")
}

// dueViews labels worklist rows with village and worker names.
func (h *Handlers) dueViews(ctx context.Context, scope shuangbai.Scope, list []store.Due, today shuangbai.Date, back string) ([]dueView, error) {
	var codes []string
	var workers []int64
	for _, d := range list {
		codes = append(codes, d.Region)
		workers = append(workers, d.WorkerID)
	}
	names, staff, err := h.names(ctx, scope, codes, workers)
	if err != nil {
		return nil, err
	}
	out := make([]dueView, len(list))
	for i, d := range list {
		out[i] = dueView{Due: d, Village: names[d.Region], Worker: staff[d.WorkerID], Info: dueOf(d.NextDue, today, true), back: back}
	}
	return out, nil
}

func (h *Handlers) worklistMine(ctx context.Context, p *worklistPage, scope shuangbai.Scope, worker int64, back string) error {
	list, err := h.db.Worklist(ctx, scope, worker, p.Until, 500)
	if err != nil {
		return err
	}
	views, err := h.dueViews(ctx, scope, list, p.Today, back)
	if err != nil {
		return err
	}
	for _, v := range views {
		v.Mine = true
		switch {
		case v.NextDue.Before(p.Today):
			p.Overdue = append(p.Overdue, v)
		case v.NextDue == p.Today:
			p.DueToday = append(p.DueToday, v)
		default:
			p.Week = append(p.Week, v)
		}
	}
	return nil
}

func (h *Handlers) worklistStation(ctx context.Context, p *worklistPage, scope shuangbai.Scope, back string) error {
	counts, err := h.db.OverdueByWorker(ctx, scope, p.Today)
	if err != nil {
		return err
	}
	list, err := h.db.Worklist(ctx, scope, 0, p.Until, 1000)
	if err != nil {
		return err
	}
	views, err := h.dueViews(ctx, scope, list, p.Today, back)
	if err != nil {
		return err
	}
	byID := map[int64]*workerDue{}
	var ids []int64
	get := func(id int64) *workerDue {
		if wd, ok := byID[id]; ok {
			return wd
		}
		wd := &workerDue{ID: id}
		byID[id] = wd
		ids = append(ids, id)
		return wd
	}
	for _, c := range counts {
		id, _ := strconv.ParseInt(c.Key, 10, 64)
		get(id).Count = c
		p.Total.Open += c.Open
		p.Total.Overdue += c.Overdue
	}
	for _, v := range views {
		wd := get(v.WorkerID)
		wd.Items = append(wd.Items, v)
	}
	staff, err := h.db.StaffNames(ctx, scope, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		wd := byID[id]
		wd.Name = staff[id]
		if id == 0 {
			wd.Name = "未指定责任社工"
		} else if wd.Name == "" {
			wd.Name = "（其他区划的人员）"
		}
		p.Workers = append(p.Workers, *wd)
	}
	// Most overdue first: that is where a lead looks.
	sort.SliceStable(p.Workers, func(i, j int) bool {
		a, b := p.Workers[i].Count, p.Workers[j].Count
		if a.Overdue != b.Overdue {
			return a.Overdue > b.Overdue
		}
		return p.Workers[i].Name < p.Workers[j].Name
	})
	return nil
}

func (h *Handlers) worklistCounty(ctx context.Context, p *worklistPage, scope shuangbai.Scope) error {
	counts, err := h.db.OverdueByStation(ctx, scope, p.Today)
	if err != nil {
		return err
	}
	var codes []string
	for _, c := range counts {
		codes = append(codes, c.Key, c.Key[:min(6, len(c.Key))])
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return err
	}
	for _, c := range counts {
		p.Stations = append(p.Stations, stationDue{Code: c.Key, Name: names[c.Key], County: names[c.Key[:min(6, len(c.Key))]], Count: c})
		p.Total.Open += c.Open
		p.Total.Overdue += c.Overdue
	}
	return nil
}

// dueJSON is a beneficiary due a visit.
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

// json is the row for the API, in its bucket as of today.
func (d dueView) json(today shuangbai.Date) dueJSON {
	bucket := "week"
	switch {
	case d.NextDue.Before(today):
		bucket = "overdue"
	case d.NextDue == today:
		bucket = "today"
	}
	return dueJSON{BeneficiaryID: d.BeneficiaryID, Name: d.Name, Region: d.Region, Village: d.Village, Level: int(d.Level),
		LastVisit: ui.DateJSON(d.LastVisit), NextDue: d.NextDue.String(), Bucket: bucket, WorkerID: idJSON(d.WorkerID), WorkerName: d.Worker}
}

// overdueJSON counts a worker's or a station's open and overdue beneficiaries.
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

// APIWorklistShow returns the beneficiaries due a visit within the week,
// nearest first, as GET /worklist chooses them:
// ?region=&view=mine|station|county. The county view has counts only.
func (h *Handlers) APIWorklistShow(w http.ResponseWriter, r *http.Request) error {
	p, _, err := h.worklistOf(r, "")
	if err != nil {
		return err
	}
	today := p.Today
	out := worklistJSON{View: p.View, Region: p.Region, Today: today.String(), Until: p.Until.String(), Items: []dueJSON{}}
	add := func(list []dueView) {
		for _, d := range list {
			out.Items = append(out.Items, d.json(today))
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
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
