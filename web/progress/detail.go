package progress

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// The lists behind the table's numbers. Each takes the region of the row
// (a county, or the table's own region for 合计), the as-of date and, for
// sites and staff, kind=station|point; each counts what the table counts,
// so that its length is the number that was clicked.

// drillParams are the query of a list behind the table.
type drillParams struct {
	Region string
	Date   shuangbai.Date
	Kind   string // station or point
}

// Points reports whether the list is of points.
func (p drillParams) Points() bool { return p.Kind == "point" }

// KindLabel names the kind of site in Chinese.
func (p drillParams) KindLabel() string {
	if p.Points() {
		return "社工点"
	}
	return "社工站"
}

// drillQuery reads region, kind and date. The region must be inside the
// user's scope — the store answers 404 otherwise — and defaults to the
// user's own.
func (h *Handlers) drillQuery(r *http.Request) (drillParams, error) {
	q := r.URL.Query()
	p := drillParams{Region: strings.TrimSpace(q.Get("region")), Kind: q.Get("kind")}
	if p.Region == "" {
		p.Region = ui.User(r).Region
	}
	if err := checkRegionCode(p.Region); err != nil {
		return p, err
	}
	if !ui.Scope(r).Contains(p.Region) {
		return p, shuangbai.Errorf(shuangbai.ENOTFOUND, "区划 %s 不存在或不在您的管辖范围内", p.Region)
	}
	switch p.Kind {
	case "":
		p.Kind = "station"
	case "station", "point":
	default:
		return p, ui.BadRequest("参数 kind 应为 station（社工站）或 point（社工点）")
	}
	var err error
	if p.Date, err = h.asOf(q); err != nil {
		return p, err
	}
	return p, shuangbai.CheckProgressDay(p.Date, h.ui.Today())
}

// link returns the address of the list at path for the same region and
// day, of kind (station or point), with the parameters of v besides.
func (p drillParams) link(path, kind string, v url.Values) string {
	if v == nil {
		v = url.Values{}
	}
	v.Set("kind", kind)
	return dayURL(path, p.Region, p.Date, v)
}

// backToTable returns the address of the table a list was opened from: the
// user's own table when it holds the region, else the region's county.
func backToTable(r *http.Request, code string, d shuangbai.Date) string {
	root := defaultProgressRegion(ui.User(r))
	if root == "" || !strings.HasPrefix(code, root) {
		root = ""
		if len(code) >= 6 && ui.Scope(r).Contains(code[:6]) {
			root = code[:6]
		}
	}
	return dayURL("/reports/progress", root, d, nil)
}

// places returns the names needed to label the regions of codes below
// root (every ancestor of each), and root's own label: its path from the
// county, as 云城区 / 河口街道, or its name.
func (h *Handlers) places(ctx context.Context, root string, codes []string) (map[string]string, string, error) {
	all := []string{root}
	for _, c := range codes {
		all = append(all, c)
		all = append(all, ui.RegionAncestors(c)...)
	}
	names, err := h.db.RegionNames(ctx, all)
	if err != nil {
		return nil, "", err
	}
	place := ui.RegionPath(names, root)
	if place == "" {
		place = names[root]
	}
	return names, place, nil
}

// placeBelow joins the names of the regions below root down to code:
// 河口街道 / 双上村民委员会 under 云城区.
func placeBelow(names map[string]string, root, code string) string {
	var parts []string
	for c := code; len(c) > len(root); c = shuangbai.ParentCode(c) {
		parts = append([]string{names[c]}, parts...)
	}
	return strings.Join(parts, " / ")
}

// sitesShows are the lists of sites, by the column they stand behind.
var sitesShows = []struct{ Key, Label string }{
	{"all", "全部登记"},
	{"required", "应建"},
	{"built", "已完成"},
	{"office", "落实办公场所"},
	{"equipment", "设备设施"},
}

// sitesPage is the data of progress/sites.html.
type sitesPage struct {
	Params  drillParams
	Place   string // the region's name, with its county for a town
	Show    string
	Label   string // the column, e.g. 已完成社工站数量
	Figure  string // the table's number for it
	Sites   []siteOnView
	Unbuilt []shuangbai.Region // required stations: towns with none registered
	Classes []progressLink     // show=equipment: how many sites of each grade
	Notes   []string
	Tabs    []progressLink
	Other   progressLink // the same list of the other kind of site
	Back    string
}

// siteOnView is a site as it stood on the day, with its place.
type siteOnView struct {
	store.SiteOn
	No    int // its number in the list, from 1
	Place string
}

// URL is the address of the site's own page.
func (v siteOnView) URL() string {
	if v.Point {
		return "/points/" + strconv.FormatInt(v.ID, 10)
	}
	return "/stations/" + strconv.FormatInt(v.ID, 10)
}

// Class is the equipment grade of a built site; an unbuilt one has none.
func (v siteOnView) Class() string {
	if !v.Built {
		return ""
	}
	return v.Equipment.Class().String()
}

// MissingItems lists the equipment the site lacks.
func (v siteOnView) MissingItems() []string { return v.Equipment.Missing() }

// DrillSites lists the stations or points behind one of the table's
// numbers (show=required|built|office|equipment), or all of them.
func (h *Handlers) DrillSites(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := h.drillQuery(r)
	if err != nil {
		return err
	}
	show := r.URL.Query().Get("show")
	if show == "" {
		show = "all"
	}
	page := sitesPage{Params: p, Show: show, Back: backToTable(r, p.Region, p.Date)}
	for _, t := range sitesShows {
		addr := p.link("/reports/progress/sites", p.Kind, url.Values{"show": {t.Key}})
		page.Tabs = append(page.Tabs, progressLink{Text: t.Label, URL: addr, Current: t.Key == show})
		if t.Key == show {
			page.Label = t.Label
		}
	}
	if page.Label == "" {
		return ui.BadRequest("参数 show 应为 required、built、office、equipment 或 all")
	}
	page.Tabs = append(page.Tabs, progressLink{Text: "在岗人员", URL: p.link("/reports/progress/staff", p.Kind, nil)})
	other := drillParams{Kind: "point"}
	if p.Points() {
		other.Kind = "station"
	}
	page.Other = progressLink{Text: "查看" + other.KindLabel(), URL: p.link("/reports/progress/sites", other.Kind, url.Values{"show": {show}})}
	all, err := h.db.SitesOn(ctx, ui.Scope(r), p.Region, p.Points(), p.Date)
	if err != nil {
		return err
	}
	var codes []string
	for _, st := range all {
		codes = append(codes, st.Region)
	}
	var names map[string]string
	if names, page.Place, err = h.places(ctx, p.Region, codes); err != nil {
		return err
	}
	keep := func(st store.SiteOn) bool { return true }
	switch show {
	case "built":
		keep = func(st store.SiteOn) bool { return st.Built }
	case "office":
		keep = func(st store.SiteOn) bool { return st.Built && st.Office }
	case "equipment":
		keep = func(st store.SiteOn) bool { return st.Built }
	}
	for _, st := range all {
		if keep(st) {
			page.Sites = append(page.Sites, siteOnView{SiteOn: st, Place: placeBelow(names, p.Region, st.Region)})
		}
	}
	page.Label += p.KindLabel() + "数量"

	page.Figure = strconv.Itoa(len(page.Sites))
	switch show {
	case "equipment":
		page.Label = p.KindLabel() + "设备设施情况"
		worst := shuangbai.EquipNone
		for _, st := range page.Sites {
			worst = max(worst, st.Equipment.Class())
		}
		page.Figure = worst.String()
		for c := shuangbai.EquipIncomplete; c >= shuangbai.EquipFull; c-- {
			n := 0
			for _, st := range page.Sites {
				if st.Equipment.Class() == c {
					n++
				}
			}
			page.Classes = append(page.Classes, progressLink{Text: c.String() + " " + strconv.Itoa(n) + " 个"})
		}
		sort.SliceStable(page.Sites, func(i, j int) bool {
			return page.Sites[i].Equipment.Class() > page.Sites[j].Equipment.Class()
		})
	case "required":
		if err := h.requiredSites(ctx, &page); err != nil {
			return err
		}
	case "all":
		page.Label, page.Figure = "系统登记的"+p.KindLabel(), strconv.Itoa(len(page.Sites))
	}
	if len(all) == 0 {
		page.Notes = append(page.Notes, "系统中尚未登记该地区的"+p.KindLabel()+"。如进度表中该地区的数字不为零，那是从县（市、区）填报的进度表导入的。")
	}
	for i := range page.Sites {
		page.Sites[i].No = i + 1
	}
	return h.ui.Render(w, r, http.StatusOK, "progress/sites.html", page)
}

// requiredSites completes the list behind 应建数量: one station for each
// town or street that needs one on the day (those with none registered are
// listed apart), one point for each point registered; a county whose plan
// sets another number counts that, as the table does.
func (h *Handlers) requiredSites(ctx context.Context, page *sitesPage) error {
	p := page.Params
	sub := shuangbai.Scope{Code: p.Region}
	need := map[string]int{} // per county
	if !p.Points() {
		towns, err := h.db.RegionsAt(ctx, sub, shuangbai.LevelTown, p.Date)
		if err != nil {
			return err
		}
		has := map[string]bool{}
		for _, st := range page.Sites {
			has[st.Region] = true
		}
		var kept []siteOnView
		needs := map[string]bool{}
		for _, t := range towns {
			if !t.NeedsStation() {
				continue
			}
			needs[t.Code] = true
			need[t.Code[:min(6, len(t.Code))]]++
			if !has[t.Code] {
				page.Unbuilt = append(page.Unbuilt, t)
			}
		}
		for _, st := range page.Sites {
			if needs[st.Region] {
				kept = append(kept, st)
			}
		}
		page.Sites = kept
	} else {
		for _, st := range page.Sites {
			need[st.Region[:6]]++
		}
	}
	reqs, err := h.db.Requirements(ctx, sub)
	if err != nil {
		return err
	}
	names, err := h.db.RegionNames(ctx, slices.Collect(maps.Keys(reqs)))
	if err != nil {
		return err
	}
	for code, rq := range reqs {
		n := rq.Stations
		if p.Points() {
			n = rq.Points
		}
		if n == nil {
			continue
		}
		need[code] = *n
		note := names[code] + "的实施方案规定应建" + p.KindLabel() + " " + strconv.Itoa(*n) + " 个，表中应建数量按方案计"
		if rq.Reason != "" {
			note += "（" + rq.Reason + "）"
		}
		page.Notes = append(page.Notes, note+"；下面列出系统登记的情况。")
	}
	total := 0
	for _, n := range need {
		total += n
	}
	page.Figure = strconv.Itoa(total)
	sort.Strings(page.Notes)
	return nil
}

// staffOnPage is the data of progress/staff.html.
type staffOnPage struct {
	Params   drillParams
	Place    string
	People   []staffOnView
	Distinct int // people, each counted once, as the table counts them
	Back     string
}

// staffOnView is an assignment on the day, with the person's place.
type staffOnView struct {
	store.StaffOn
	Place string
}

// DrillStaff lists the people assigned on the day to the stations or
// points of a region: the list behind 人员配备数量.
func (h *Handlers) DrillStaff(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := h.drillQuery(r)
	if err != nil {
		return err
	}
	list, err := h.db.StaffListOn(ctx, ui.Scope(r), p.Region, p.Points(), p.Date)
	if err != nil {
		return err
	}
	var codes []string
	for _, a := range list {
		codes = append(codes, a.Person.Region)
	}
	names, place, err := h.places(ctx, p.Region, codes)
	if err != nil {
		return err
	}
	page := staffOnPage{Params: p, Place: place, Back: backToTable(r, p.Region, p.Date)}
	seen := map[int64]bool{}
	for _, a := range list {
		if !seen[a.Person.ID] {
			seen[a.Person.ID] = true
			page.Distinct++
		}
		page.People = append(page.People, staffOnView{StaffOn: a, Place: placeBelow(names, p.Region, a.Person.Region)})
	}
	return h.ui.Render(w, r, http.StatusOK, "progress/staff.html", page)
}

// trainingsOnPage is the data of progress/trainings.html.
type trainingsOnPage struct {
	Region    string
	Place     string
	Date      shuangbai.Date
	Within    bool // every organiser inside the region (合计), not the region alone
	Trainings []trainingView
	Back      string
	CanAdmin  bool
}

// Table is the page's table of trainings: all of them counted.
func (p trainingsOnPage) Table() trainingTable { return trainingTable{Rows: p.Trainings} }

// DrillTrainings lists the trainings the table counts for a region: the
// pre-service and professional trainings held by the day, organised by the
// region itself, or with within=1 by anyone inside it (the 合计).
func (h *Handlers) DrillTrainings(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	p, err := h.drillQuery(r)
	if err != nil {
		return err
	}
	within := r.URL.Query().Get("within") == "1"
	f := store.TrainingFilter{Until: p.Date, Kinds: countedKinds}
	if !within {
		f.Region = p.Region
	}
	list, err := h.db.Trainings(ctx, shuangbai.Scope{Code: p.Region}, f)
	if err != nil {
		return err
	}
	views, err := h.trainingViews(ctx, list)
	if err != nil {
		return err
	}
	names, err := h.db.RegionNames(ctx, []string{p.Region})
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "progress/trainings.html", trainingsOnPage{
		Region: p.Region, Place: names[p.Region], Date: p.Date, Within: within, Trainings: views,
		Back: backToTable(r, p.Region, p.Date), CanAdmin: u.IsBureauAdmin(),
	})
}
