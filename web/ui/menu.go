package ui

import "shuangbai"

// MenuEntry is one page of the main menu.
type MenuEntry struct {
	Label, Href string
	Current     bool // the page shown is this entry's (aria-current)
}

// MenuGroup is an entry of the menu bar: one page, or a named group of
// pages that opens under its name. A county officer has some twenty
// pages; in one row they wrapped to two on a laptop and read as a wall of
// words, so the bar holds the few things of a day's work and groups the
// rest by what they are about.
type MenuGroup struct {
	Label   string
	Entries []MenuEntry
}

// Single reports whether the group is one page, shown as a plain link.
func (g MenuGroup) Single() bool { return len(g.Entries) == 1 && g.Label == "" }

// Current reports whether the page shown is in the group.
func (g MenuGroup) Current() bool {
	for _, e := range g.Entries {
		if e.Current {
			return true
		}
	}
	return false
}

// entry is a page of the menu: its label and address, the views (render's
// Nav) that count as it, and who sees it.
type entry struct {
	label, href string
	navs        []string
	shows       func(u *shuangbai.User) bool
}

func always(*shuangbai.User) bool { return true }

func cases(u *shuangbai.User) bool { return u.CanReadCases() }

// The entries, by group. A worker's day is visits: her worklist, the
// offline app and the files are the bar's first links, so the 个案服务
// group then holds only the rest.
var (
	worklist  = entry{"探访清单", "/worklist", []string{"worklist"}, cases}
	offline   = entry{"离线探访", "/offline/", []string{"offline"}, func(u *shuangbai.User) bool { return u.CanReadCases() && u.PersonID != 0 }}
	files     = entry{"服务对象", "/beneficiaries", []string{"beneficiary"}, cases}
	caseWork  = []entry{{"政策找人", "/eligible", []string{"eligibility"}, cases}, {"服务成效", "/reports/outcomes", []string{"outcomes"}, cases}, {"跟进设置", "/settings/followup", []string{"settings"}, cases}}
	stationWk = []entry{
		{"站点计划", "/plans", []string{"plan", "plantemplate"}, cases},
		{"社区活动", "/activities", []string{"activity"}, cases},
		{"督导评估", "/supervision", []string{"supervision", "evaluation"}, func(u *shuangbai.User) bool { return u.CanReadStationWork() }},
		{"培训登记", "/trainings", []string{"training"}, always},
	}
	network = []entry{
		{"区划浏览", "", []string{"region"}, always}, // href: the user's own region
		{"社工站", "/stations", []string{"station"}, always},
		{"社工点", "/points", []string{"point"}, always},
		{"人员", "/staff", []string{"staff"}, always},
		{"招聘", "/campaigns", []string{"campaign", "supervisor", "record"}, func(u *shuangbai.User) bool { return u.CanReadRecruitment() }},
	}
	reports = []entry{
		{"建设进度表", "/reports/progress", []string{"progress"}, always},
		{"服务地图", "/map", []string{"map"}, always},
		{"工作简报", "/briefings", []string{"briefing", "news"}, func(u *shuangbai.User) bool { return u.CanReadBriefing() }},
	}
	search = entry{"检索", "/search", []string{"search"}, func(u *shuangbai.User) bool { return !u.Role.IsAdministrator() }}
	system = []entry{
		{"账号管理", "/users", []string{"user"}, func(u *shuangbai.User) bool { return u.CanManageUsers() }},
		{"安全管理", "/security", []string{"security"}, func(u *shuangbai.User) bool { return u.CanManageSecurity() }},
		{"操作日志", "/audit", []string{"audit"}, func(u *shuangbai.User) bool { return u.CanReadAudit() }},
		{"查阅记录", "/access-log", []string{"access"}, func(u *shuangbai.User) bool { return u.CanReadAudit() }},
	}
)

// Menu is the main menu of the page: what the user may open, grouped,
// with the page shown marked. The three administrators see no case work
// (三员分立): their entries' rules say so, not the template.
func (v view) Menu() []MenuGroup {
	u := v.User
	if u == nil {
		return nil
	}
	var out []MenuGroup
	one := func(e entry) {
		if g := v.group("", []entry{e}); g != nil {
			out = append(out, *g)
		}
	}
	named := func(label string, es ...entry) {
		if g := v.group(label, es); g != nil {
			out = append(out, *g)
		}
	}
	if u.HomeIsWorklist() {
		one(worklist)
		one(offline)
		one(files)
		named("个案服务", caseWork...)
	} else {
		one(entry{"首页", "/", []string{"dashboard"}, always})
		named("个案服务", append([]entry{worklist, offline, files}, caseWork...)...)
	}
	named("站点工作", stationWk...)
	named("阵地与队伍", network...)
	named("统计与简报", reports...)
	one(search)
	named("系统管理", system...)
	return out
}

// group is the entries of es the user sees, or nil for none. A named
// group of one page is still a group: its name says where the page
// belongs, and the bar stays the same from page to page.
func (v view) group(label string, es []entry) *MenuGroup {
	g := MenuGroup{Label: label}
	for _, e := range es {
		if !e.shows(v.User) {
			continue
		}
		href := e.href
		if href == "" {
			href = "/regions/" + v.User.Region
		}
		cur := false
		for _, n := range e.navs {
			cur = cur || n == v.Nav
		}
		g.Entries = append(g.Entries, MenuEntry{Label: e.label, Href: href, Current: cur})
	}
	if len(g.Entries) == 0 {
		return nil
	}
	return &g
}
