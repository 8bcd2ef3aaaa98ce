package eligibility

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// pageLimit is how many people of each benefit a page lists; the counts
// above the list say how many there are in all, and a filter narrows.
const pageLimit = 200

// listQuery is what a list of 政策找人 is asked for: ?region=, ?benefit=
// and ?date= (the day whose rules apply; today when not given).
type listQuery struct {
	Region  string
	Benefit shuangbai.AppKind
	On      shuangbai.Date
	today   shuangbai.Date
	scope   shuangbai.Scope // the request's scope narrowed to Region
}

// readQuery reads the list's parameters. A region outside the user's
// scope is a 404, like any record outside it.
func readQuery(r *http.Request, today shuangbai.Date) (listQuery, error) {
	q := r.URL.Query()
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return listQuery{}, err
	}
	lq := listQuery{Region: strings.TrimSpace(q.Get("region")), Benefit: shuangbai.AppKind(strings.TrimSpace(q.Get("benefit"))),
		On: today, today: today, scope: scope}
	if lq.Benefit != "" && !knownBenefit(lq.Benefit) {
		return lq, ui.BadRequest("参数 benefit 应为一种补贴或救助，例如 old_age（高龄津贴）")
	}
	if d := strings.TrimSpace(q.Get("date")); d != "" {
		if lq.On, err = shuangbai.ParseDate(d); err != nil {
			return lq, ui.BadRequest("参数 date 的格式应为 年-月-日，例如 2021-08-09")
		}
	}
	return lq, nil
}

func knownBenefit(k shuangbai.AppKind) bool {
	for _, x := range shuangbai.AppKinds {
		if x.Kind == k {
			return true
		}
	}
	return false
}

// Values returns the query as URL parameters, leaving out what is the
// default, for links that keep it.
func (q listQuery) Values() url.Values {
	v := url.Values{}
	if q.Region != "" {
		v.Set("region", q.Region)
	}
	if q.Benefit != "" {
		v.Set("benefit", string(q.Benefit))
	}
	if q.On != q.today {
		v.Set("date", q.On.String())
	}
	return v
}

// Past reports whether the list is for a day other than today.
func (q listQuery) Past() bool { return q.On != q.today }

// with returns the address path with the list's parameters and one of
// them, key, changed (a value "" drops it; a key "" changes none).
func (q listQuery) with(path, key, value string) string {
	v := q.Values()
	switch {
	case key == "":
	case value == "":
		v.Del(key)
	default:
		v.Set(key, value)
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// found is a list as the store answers it, for a scope and a day.
type found struct {
	Cases    []store.EligibleCase      // at most the limit per benefit, in benefit order
	Counts   map[shuangbai.AppKind]int // how many in all, per benefit with a rule in force
	Benefits []shuangbai.AppKind       // the benefits with a rule in force, in form order
	shown    map[shuangbai.AppKind]int // how many of each are in Cases
}

// find asks the store for the list of scope on day on. The rules of a
// county may differ from its city's (a county admin may record its own
// version), and the store judges a list by the rules of the region asked
// for; so when a county inside scope has set a rule, each county is asked
// on its own and the answers are added up.
func (h *Handlers) find(ctx context.Context, scope shuangbai.Scope, on shuangbai.Date, limit int) (found, error) {
	f := found{Counts: map[shuangbai.AppKind]int{}, shown: map[shuangbai.AppKind]int{}}
	parts, err := h.parts(ctx, scope)
	if err != nil {
		return f, err
	}
	var all []store.EligibleCase
	for _, part := range parts {
		cases, counts, err := h.db.Eligible(ctx, part, "", on, "", limit)
		if err != nil {
			return f, err
		}
		all = append(all, cases...)
		for k, n := range counts {
			f.Counts[k] += n
		}
	}
	order := map[shuangbai.AppKind]int{}
	for i, k := range shuangbai.AppKinds {
		order[k.Kind] = i
		if _, ok := f.Counts[k.Kind]; ok {
			f.Benefits = append(f.Benefits, k.Kind)
		}
	}
	// Each county's answer comes in benefit order; across counties, put
	// each benefit's people together, county by county.
	sort.SliceStable(all, func(i, j int) bool { return order[all[i].Benefit] < order[all[j].Benefit] })
	for _, c := range all {
		if f.shown[c.Benefit] < limit {
			f.Cases = append(f.Cases, c)
			f.shown[c.Benefit]++
		}
	}
	return f, nil
}

// parts returns scope as one part, or as its counties when a county inside
// it has a rule of its own (see find).
func (h *Handlers) parts(ctx context.Context, scope shuangbai.Scope) ([]shuangbai.Scope, error) {
	if shuangbai.LevelOf(scope.Code) >= shuangbai.LevelCounty {
		return []shuangbai.Scope{scope}, nil
	}
	hist, err := h.db.EligibilityHistory(ctx, scope)
	if err != nil {
		return nil, err
	}
	below := false
	for _, r := range hist {
		below = below || len(r.Region) > len(scope.Code)
	}
	if !below {
		return []shuangbai.Scope{scope}, nil
	}
	counties, err := h.db.RegionsAt(ctx, scope, shuangbai.LevelCounty, shuangbai.Date{})
	if err != nil {
		return nil, err
	}
	out := make([]shuangbai.Scope, len(counties))
	for i, c := range counties {
		out[i] = shuangbai.Scope{Code: c.Code}
	}
	return out, nil
}

// list reads the request's query and answers it: what ListShow,
// APIListShow and ListXLSX show, at most limit people per benefit.
func (h *Handlers) list(r *http.Request, limit int) (listQuery, found, []row, error) {
	q, err := readQuery(r, h.ui.Today())
	if err != nil {
		return q, found{}, nil, err
	}
	f, err := h.find(r.Context(), q.scope, q.On, limit)
	if err != nil {
		return q, f, nil, err
	}
	rows, err := h.rows(r.Context(), ui.Scope(r), ui.User(r), f.Cases, q.Benefit)
	return q, f, rows, err
}

// row is one line of the list: a person, the benefit they appear to
// qualify for, and why.
type row struct {
	store.EligibleCase
	Label   string // the benefit's name
	Village string
	Town    string
	Worker  string
	Mine    bool // the reader is the responsible worker
}

// URL is the address of the person's file.
func (r row) URL() string { return "/beneficiaries/" + strconv.FormatInt(r.BeneficiaryID, 10) }

// ApplyURL opens the application form with the benefit chosen.
func (r row) ApplyURL() string {
	return r.URL() + "/applications/new?kind=" + url.QueryEscape(string(r.Benefit))
}

// rows labels the cases of benefit (or of all, for "") with the names of
// their village, town and worker. For a social worker on the staff roster
// her own people come first: she sees her station's list, since people
// with no worker yet are the station's to find, but works her own first.
func (h *Handlers) rows(ctx context.Context, scope shuangbai.Scope, u *shuangbai.User, cases []store.EligibleCase, benefit shuangbai.AppKind) ([]row, error) {
	var codes []string
	var workers []int64
	for _, c := range cases {
		codes = append(codes, c.Region)
		if len(c.Region) > 9 {
			codes = append(codes, c.Region[:9])
		}
		workers = append(workers, c.WorkerID)
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	staff, err := h.db.StaffNames(ctx, scope, workers)
	if err != nil {
		return nil, err
	}
	var out []row
	for _, c := range cases {
		if benefit != "" && c.Benefit != benefit {
			continue
		}
		rw := row{EligibleCase: c, Label: c.Benefit.Label(), Village: names[c.Region], Worker: staff[c.WorkerID],
			Mine: u.PersonID != 0 && c.WorkerID == u.PersonID}
		if len(c.Region) > 9 {
			rw.Town = names[c.Region[:9]]
		}
		out = append(out, rw)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Mine && !out[j].Mine })
	return out, nil
}

// benefitCount is one benefit's figure above the list, linking to it.
type benefitCount struct {
	Benefit   shuangbai.AppKind
	Label     string
	N, Shown  int
	URL       string
	Current   bool
	Truncated bool // more people than the list shows
}

// listPage is the data of eligibility/list.html.
type listPage struct {
	Query      listQuery
	RegionName string
	Regions    []ui.RegionGroup // the region filter; nil for a station's list
	Counts     []benefitCount
	Rows       []row
	Total      int // people × benefits in all (of the benefit chosen)
	Mine       int // of Rows, the reader's own
	CanApply   bool
	AllURL     string // the list of every benefit
	ExportURL  string // "" unless the reader may export
	Truncated  bool
}

// ListShow shows 政策找人: the people of the user's scope (or ?region=) who
// appear to qualify for a benefit on ?date= by that day's rules and have
// no application of its kind, with the rule, the reason and its source;
// counts per benefit on top; ?benefit= keeps one.
func (h *Handlers) ListShow(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	q, f, rows, err := h.list(r, pageLimit)
	if err != nil {
		return err
	}
	p := listPage{Query: q, Rows: rows, CanApply: u.CanEditCases(), AllURL: q.with("/eligible", "benefit", "")}
	for _, k := range f.Benefits {
		c := benefitCount{Benefit: k, Label: k.Label(), N: f.Counts[k], Shown: f.shown[k], URL: q.with("/eligible", "benefit", string(k)),
			Current: k == q.Benefit}
		c.Truncated = c.Shown < c.N
		if q.Benefit == "" || c.Current {
			p.Total += c.N
			p.Truncated = p.Truncated || c.Truncated
		}
		p.Counts = append(p.Counts, c)
	}
	for _, rw := range p.Rows {
		if rw.Mine {
			p.Mine++
		}
	}
	if canExport(u) {
		p.ExportURL = q.with("/eligible.xlsx", "", "")
	}
	names, err := h.db.RegionNames(ctx, []string{q.scope.Code})
	if err != nil {
		return err
	}
	p.RegionName = names[q.scope.Code]
	if shuangbai.LevelOf(ui.Scope(r).Code) < shuangbai.LevelTown {
		if p.Regions, err = h.ui.RegionFilter(ctx, ui.Scope(r), "（全部）"); err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, http.StatusOK, "eligibility/list.html", p)
}

// apiCase is one line of GET /api/v1/eligible.
type apiCase struct {
	BeneficiaryID int64             `json:"beneficiary_id"`
	Name          string            `json:"name"`
	Region        string            `json:"region"`
	Village       string            `json:"village"`
	WorkerID      int64             `json:"worker_id,omitempty"`
	Worker        string            `json:"worker,omitempty"`
	Benefit       shuangbai.AppKind `json:"benefit"`
	Rule          string            `json:"rule"`
	Reason        string            `json:"reason"`
	Source        string            `json:"source"`
}

// apiList is the answer of GET /api/v1/eligible: the day whose rules
// apply, the counts per benefit in force, and the people (at most limit
// per benefit; total counts them all).
type apiList struct {
	Date   shuangbai.Date            `json:"date"`
	Region string                    `json:"region"`
	Counts map[shuangbai.AppKind]int `json:"counts"`
	Items  []apiCase                 `json:"items"`
	Total  int                       `json:"total"`
}

// APIListShow answers the list of ListShow as JSON; ?limit= (1–1000, 200
// by default) caps the people of each benefit.
func (h *Handlers) APIListShow(w http.ResponseWriter, r *http.Request) error {
	limit := pageLimit
	if s := r.URL.Query().Get("limit"); s != "" {
		var err error
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > 1000 {
			return ui.BadRequest("参数 limit 应为 1 到 1000 的整数")
		}
	}
	q, f, rows, err := h.list(r, limit)
	if err != nil {
		return err
	}
	out := apiList{Date: q.On, Region: q.scope.Code, Counts: f.Counts, Items: []apiCase{}}
	for k, n := range f.Counts {
		if q.Benefit == "" || k == q.Benefit {
			out.Total += n
		}
	}
	for _, rw := range rows {
		out.Items = append(out.Items, apiCase{BeneficiaryID: rw.BeneficiaryID, Name: rw.Name, Region: rw.Region, Village: rw.Village,
			WorkerID: rw.WorkerID, Worker: rw.Worker, Benefit: rw.Benefit, Rule: rw.Rule, Reason: rw.Reason, Source: rw.Source})
	}
	h.ui.WriteJSONBytes(w, http.StatusOK, out.appendJSON(make([]byte, 0, 256+512*len(out.Items))))
	return nil
}
