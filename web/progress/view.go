package progress

import (
	"net/url"
	"strconv"

	"shuangbai"
)

// progressHeadCell is a cell of the table's first header row.
type progressHeadCell struct {
	Text             string
	Rowspan, Colspan int
}

// Scope is the cell's scope attribute: a group heads its columns.
func (c progressHeadCell) Scope() string {
	if c.Colspan > 1 {
		return "colgroup"
	}
	return "col"
}

// progressHead returns the two header rows of the bureau's form from
// shuangbai.ProgressColumns: the ungrouped columns span both rows, the
// groups (社工站, 社工点) span their five columns, whose names make the
// second row.
func progressHead() (top []progressHeadCell, sub []string) {
	cols := shuangbai.ProgressColumns
	for i, c := range cols {
		switch {
		case c.Group == "":
			top = append(top, progressHeadCell{Text: c.Name, Rowspan: 2, Colspan: 1})
			continue
		case i == 0 || cols[i-1].Group != c.Group:
			n := 0
			for _, d := range cols[i:] {
				if d.Group != c.Group {
					break
				}
				n++
			}
			top = append(top, progressHeadCell{Text: c.Group, Rowspan: 1, Colspan: n})
		}
		sub = append(sub, c.Name)
	}
	return top, sub
}

// progressCell is one printed cell of the table, with the address of the
// list behind it when there is one.
type progressCell struct {
	Text  string
	URL   string
	Class string // "num", "text" or "funding", for alignment and widths
}

// progressRowView is one row of the table as the page prints it: the
// region's name, then the fifteen other columns in the form's order.
type progressRowView struct {
	Kind  string // county, self (市本级) or total (合计)
	Name  progressCell
	Cells []progressCell
}

// progressRowViews returns the rows of t and its 合计 row, or no 合计 for a
// county's one-row table, where it would repeat the row.
func progressRowViews(t *shuangbai.ProgressTable) ([]progressRowView, *progressRowView) {
	var rows []progressRowView
	for _, r := range t.Rows {
		kind := "county"
		if r.CityLevel {
			kind = "self"
		}
		rows = append(rows, progressRow(t, r, kind))
	}
	if shuangbai.LevelOf(t.RegionCode) == shuangbai.LevelCounty {
		return rows, nil
	}
	total := progressRow(t, t.Total, "total")
	return rows, &total
}

// progressRow lays out one row. Its numbers link to the lists behind them:
// a county's row to the county's sites and staff, the 合计 row to the whole
// region's; the plan and mechanism cells link to the facts they come from.
// The 本级 row leaves the site columns blank and the 合计 row the columns
// that do not add up, as the printed form does.
func progressRow(t *shuangbai.ProgressTable, r shuangbai.ProgressRow, kind string) progressRowView {
	code := r.Code
	if kind == "total" {
		code = t.RegionCode
	}
	link := func(path string, v url.Values) string { return dayURL(path, code, t.Date, v) }
	v := progressRowView{Kind: kind, Name: progressCell{Text: r.Name, Class: "text"}}
	if kind == "county" && r.Code != t.RegionCode {
		v.Name.URL = dayURL("/reports/progress", r.Code, t.Date, nil)
	}
	add := func(text, url, class string) {
		v.Cells = append(v.Cells, progressCell{Text: text, URL: url, Class: class})
	}
	num := func(n int, url string) { add(strconv.Itoa(n), url, "num") }
	facts := "/reports/progress/facts/" + r.Code

	if kind == "total" {
		add("", "", "text")
	} else {
		add(progressPlanLabel(r.PlanIssued), facts, "text")
	}
	for _, g := range []struct {
		kind string
		c    shuangbai.SiteCounts
	}{{"station", r.Stations}, {"point", r.Points}} {
		if kind == "self" {
			for range 5 {
				add("", "", "num")
			}
			continue
		}
		sites := func(show string) string {
			return link("/reports/progress/sites", url.Values{"kind": {g.kind}, "show": {show}})
		}
		num(g.c.Required, sites("required"))
		num(g.c.Built, sites("built"))
		num(g.c.Office, sites("office"))
		if kind == "total" || g.c.Equipment == shuangbai.EquipNone {
			add("", "", "text")
		} else {
			add(g.c.Equipment.String(), sites("equipment"), "text")
		}
		num(g.c.Staff, link("/reports/progress/staff", url.Values{"kind": {g.kind}}))
	}
	if kind == "total" {
		add("", "", "text")
		add("", "", "text")
		add("", "", "funding")
	} else {
		add(progressYesNo(r.Coordination), facts, "text")
		add(progressYesNo(r.Management), facts, "text")
		add(r.Funding, "", "funding")
	}
	tv := url.Values{}
	if kind == "total" {
		tv.Set("within", "1")
	}
	add(strconv.Itoa(r.Trainings)+"次", link("/reports/progress/trainings", tv), "num")
	return v
}

func progressPlanLabel(issued bool) string {
	if issued {
		return "已出台"
	}
	return "未出台"
}

func progressYesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}
