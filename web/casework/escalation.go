package casework

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Escalation (四级跟进上报): a visit late by more than its level's grace
// appears on the station lead's list, later on the supervisor's, then the
// county's, each row saying who was told when. Nothing is stored or sent
// by a nightly job: the days follow from each case's due day, so the lists
// are right on any "today".

// tierOf returns the tier whose list u sees on the worklist: a station
// lead the lead's, a supervisor the supervisor's, a county or city admin
// the county's; a worker or a viewer none.
func tierOf(u *shuangbai.User) (shuangbai.Tier, bool) {
	switch u.Role {
	case shuangbai.RoleStationLead:
		return shuangbai.TierLead, true
	case shuangbai.RoleSupervisor:
		return shuangbai.TierSupervisor, true
	case shuangbai.RoleCountyAdmin, shuangbai.RoleCityAdmin:
		return shuangbai.TierCounty, true
	}
	return 0, false
}

// tierNames are the tiers as the API names them.
var tierNames = map[shuangbai.Tier]string{shuangbai.TierWorker: "worker", shuangbai.TierLead: "lead",
	shuangbai.TierSupervisor: "supervisor", shuangbai.TierCounty: "county"}

// tierParam reads ?tier=lead|supervisor|county, defaulting to u's own.
func tierParam(u *shuangbai.User, s string) (shuangbai.Tier, error) {
	if s == "" {
		if t, ok := tierOf(u); ok {
			return t, nil
		}
		return 0, ui.BadRequest("请用参数 tier 指定 lead（站长）、supervisor（督导）或 county（县级）")
	}
	for t, name := range tierNames {
		if name == s && t != shuangbai.TierWorker {
			return t, nil
		}
	}
	return 0, ui.BadRequest("参数 tier 应为 lead（站长）、supervisor（督导）或 county（县级）")
}

// toldText says who was told of a late visit when: 社工 8月6日 · 站长 8月7日.
// The year is written only when it is not today's.
func toldText(told []shuangbai.Told, today shuangbai.Date) string {
	parts := make([]string, len(told))
	for i, t := range told {
		who := t.Tier.Label()
		if t.Tier == shuangbai.TierWorker {
			who = "社工"
		}
		day := t.On.Chinese()
		if t.On.Time().Year() == today.Time().Year() {
			day = strings.TrimPrefix(day, strconv.Itoa(today.Time().Year())+"年")
		}
		parts[i] = who + " " + day
	}
	return strings.Join(parts, " · ")
}

// escalationView is a late visit as a tier's list shows it: a worklist
// row with who was told when.
type escalationView struct {
	dueView
	Told  []shuangbai.Told
	today shuangbai.Date
}

// Late is how many days past due the visit is.
func (e escalationView) Late() int { return -e.Info.Days }

// ToldText says who was told when, in words.
func (e escalationView) ToldText() string { return toldText(e.Told, e.today) }

// escalationList is one tier's list of late visits.
type escalationList struct {
	Tier  shuangbai.Tier
	Items []escalationView
	More  bool // the list was cut at its limit
}

// shownEscalations is how many late visits a worklist lists.
const shownEscalations = 100

// escalationsOf returns tier's list inside scope on day today, the longest
// late first, at most limit.
func (h *Handlers) escalationsOf(ctx context.Context, scope shuangbai.Scope, tier shuangbai.Tier, today shuangbai.Date, limit int) (escalationList, error) {
	out := escalationList{Tier: tier}
	list, err := h.db.Escalations(ctx, scope, tier, today, limit+1)
	if err != nil {
		return out, err
	}
	if len(list) > limit {
		list, out.More = list[:limit], true
	}
	due := make([]store.Due, len(list))
	for i, e := range list {
		due[i] = e.Due
	}
	views, err := h.dueViews(ctx, scope, due, today, "")
	if err != nil {
		return out, err
	}
	for i, v := range views {
		out.Items = append(out.Items, escalationView{dueView: v, Told: list[i].Told, today: today})
	}
	return out, nil
}

// toldJSON is one tier told of a late visit.
type toldJSON struct {
	Tier  string `json:"tier"`
	Label string `json:"label"`
	On    string `json:"on"`
}

// escalationJSON is a late visit: a worklist row with the days it is late
// and every tier told so far.
type escalationJSON struct {
	dueJSON
	DaysLate int        `json:"days_late"`
	Told     []toldJSON `json:"told"`
}

// escalationsJSON is the body of GET /api/v1/escalations.
type escalationsJSON struct {
	Tier      string           `json:"tier"`
	TierLabel string           `json:"tier_label"`
	Region    string           `json:"region"`
	Today     string           `json:"today"`
	Items     []escalationJSON `json:"items"`
	More      bool             `json:"more"`
}

// APIEscalationList returns the late visits a tier has been told of, the
// longest late first: ?tier=lead|supervisor|county (default: the user's
// own), ?region= narrows, ?limit= (at most 500).
func (h *Handlers) APIEscalationList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	tier, err := tierParam(ui.User(r), q.Get("tier"))
	if err != nil {
		return err
	}
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return err
	}
	limit, _, err := ui.PageQuery(q)
	if err != nil {
		return err
	}
	if q.Get("limit") == "" {
		limit = 200
	}
	today := h.ui.Today()
	list, err := h.escalationsOf(r.Context(), scope, tier, today, limit)
	if err != nil {
		return err
	}
	out := escalationsJSON{Tier: tierNames[tier], TierLabel: tier.Label(), Region: scope.Code, Today: today.String(), Items: []escalationJSON{}, More: list.More}
	for _, e := range list.Items {
		j := escalationJSON{dueJSON: e.json(today), DaysLate: e.Late()}
		for _, t := range e.Told {
			j.Told = append(j.Told, toldJSON{Tier: tierNames[t.Tier], Label: t.Tier.Label(), On: t.On.String()})
		}
		out.Items = append(out.Items, j)
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// historyMonths is how many month ends the overdue history shows.
const historyMonths = 6

// monthEnds returns the last n month ends before today, oldest first.
func monthEnds(today shuangbai.Date, n int) []shuangbai.Date {
	t := today.Time()
	out := make([]shuangbai.Date, n)
	for i := range n {
		first := shuangbai.NewDate(t.Year(), t.Month()-time.Month(n-1-i), 1)
		out[i] = first.AddDays(-1)
	}
	return out
}

// historyRow is a station's or a worker's overdue counts at each month end.
type historyRow struct {
	Name, Sub string // 河口街道 · 云城区; 陈云城 · 河口街道
	Cells     []store.OverdueCount
}

// Percent is the overdue share of cell i, in whole percent.
func (r historyRow) Percent(i int) int { return percentOf(r.Cells[i]) }

// historyPage is the data of beneficiary/worklist_history.html: the
// overdue rate per station and per worker at the last month ends.
type historyPage struct {
	Region, RegionName string
	Days               []shuangbai.Date
	Total              historyRow
	Stations, Workers  []historyRow
}

// historyTable is one table of the page: the stations', or the workers'.
type historyTable struct {
	Title, Note, Head string
	Rows              []historyRow
	Total             *historyRow
}

// Tables are the page's two tables.
func (p historyPage) Tables() []historyTable {
	return []historyTable{
		{Title: "各社工站（乡镇、街道）", Head: "社工站", Rows: p.Stations, Total: &p.Total},
		{Title: "各责任社工", Note: "按最近一个月末的逾期率从高到低", Head: "责任社工", Rows: p.Workers},
	}
}

// WorklistHistory shows a county's (or city's) overdue rate per station and
// per worker at each of the last six month ends, as the visits were on
// those days: a table to print for a meeting. It is the bureau admins'.
func (h *Handlers) WorklistHistory(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if !u.IsBureauAdmin() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "逾期率变化供县级、市级管理员查看")
	}
	scope, err := ui.RegionParam(r.URL.Query(), ui.Scope(r))
	if err != nil {
		return err
	}
	p := historyPage{Region: scope.Code, Days: monthEnds(h.ui.Today(), historyMonths)}
	p.Total = historyRow{Name: "合计", Cells: make([]store.OverdueCount, len(p.Days))}
	stations, err := h.db.OverdueHistory(ctx, scope, false, p.Days)
	if err != nil {
		return err
	}
	workers, err := h.db.OverdueHistory(ctx, scope, true, p.Days)
	if err != nil {
		return err
	}
	codes := []string{scope.Code}
	var ids []int64
	for _, s := range stations {
		codes = append(codes, s.Key, s.Key[:min(6, len(s.Key))])
	}
	for _, wk := range workers {
		id, _ := strconv.ParseInt(wk.Key, 10, 64)
		ids = append(ids, id)
	}
	regions, staff, err := h.names(ctx, scope, codes, ids)
	if err != nil {
		return err
	}
	p.RegionName = regions[scope.Code]
	index := map[shuangbai.Date]int{}
	for i, d := range p.Days {
		index[d] = i
	}
	// rows gathers the points into one row per key, in the order first seen.
	rows := func(points []store.OverduePoint, label func(key string) (string, string)) []historyRow {
		byKey := map[string]*historyRow{}
		var keys []string
		for _, pt := range points {
			row, ok := byKey[pt.Key]
			if !ok {
				name, sub := label(pt.Key)
				row = &historyRow{Name: name, Sub: sub, Cells: make([]store.OverdueCount, len(p.Days))}
				byKey[pt.Key], keys = row, append(keys, pt.Key)
			}
			row.Cells[index[pt.On]] = pt.OverdueCount
		}
		out := make([]historyRow, len(keys))
		for i, k := range keys {
			out[i] = *byKey[k]
		}
		return out
	}
	p.Stations = rows(stations, func(code string) (string, string) { return regions[code], regions[code[:min(6, len(code))]] })
	for _, s := range stations {
		c := &p.Total.Cells[index[s.On]]
		c.Open, c.Overdue = c.Open+s.Open, c.Overdue+s.Overdue
	}
	p.Workers = rows(workers, func(key string) (string, string) {
		id, _ := strconv.ParseInt(key, 10, 64)
		switch {
		case id == 0:
			return "未指定责任社工", ""
		case staff[id] == "":
			return "（其他区划的人员）", ""
		}
		return staff[id], ""
	})
	// The highest rate at the latest month end first: who needs help now.
	last := len(p.Days) - 1
	sort.SliceStable(p.Workers, func(i, j int) bool { return p.Workers[i].Percent(last) > p.Workers[j].Percent(last) })
	return h.ui.Render(w, r, http.StatusOK, "beneficiary/worklist_history.html", p)
}
