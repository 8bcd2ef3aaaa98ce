package shuangbai

import "fmt"

// A station's yearly plan (站点年度计划) is built the way the programme's
// chief supervisor teaches it: the community's problems set the goals, an
// inventory of the community's assets sets the strategies, and each goal
// has measurable targets with a timeline that the year's records are
// measured against ("目标—计划—过程"). A city can fix, with a template such
// as the programme's "53111", the target lines every station's plan must
// carry.

// Measure is what a target counts. Every measure but MeasureEntered is
// computed from the records of the plan's station and year; an entered one
// is typed in by the station, for work the system keeps no record of (a
// research report, a volunteer team founded).
type Measure string

// Measures.
const (
	MeasureCases      Measure = "cases"      // 个案: case files opened in the station's town
	MeasureVisits     Measure = "visits"     // 探访: visits made in the town
	MeasureGroups     Measure = "groups"     // 小组: group activities (小组活动) of the station
	MeasureActivities Measure = "activities" // 社区活动: all the station's community activities
	MeasureReached    Measure = "reached"    // 服务人次: people reached by its activities
	MeasureEntered    Measure = "entered"    // 自填: counted by the station
)

// Measures lists the measures in display order.
var Measures = []Measure{MeasureCases, MeasureVisits, MeasureGroups, MeasureActivities, MeasureReached, MeasureEntered}

// Label names the measure in Chinese, with its unit.
func (m Measure) Label() string {
	switch m {
	case MeasureCases:
		return "新建个案（个）"
	case MeasureVisits:
		return "入户探访（次）"
	case MeasureGroups:
		return "小组活动（个）"
	case MeasureActivities:
		return "社区活动（场）"
	case MeasureReached:
		return "活动服务人次"
	case MeasureEntered:
		return "站点自填"
	}
	return string(m)
}

// Computed reports whether the system counts the measure from records.
func (m Measure) Computed() bool { return m != MeasureEntered && m.Valid() }

// Valid reports whether m is a known measure.
func (m Measure) Valid() bool {
	for _, x := range Measures {
		if m == x {
			return true
		}
	}
	return false
}

// AssetKind is a kind of community asset (社区资产).
type AssetKind string

// Asset kinds, as the programme's asset inventory (资产盘点) lists them.
const (
	AssetPeople AssetKind = "people" // 人: 能人、志愿者、热心居民
	AssetGroups AssetKind = "groups" // 团体: 兴趣队、互助组
	AssetPlaces AssetKind = "places" // 场所: 祠堂、文化室、广场
	AssetOrgs   AssetKind = "orgs"   // 机构: 学校、卫生站、企业、社会组织
	AssetFunds  AssetKind = "funds"  // 资金: 慈善、乡贤、村集体
)

// AssetKinds lists the kinds in display order.
var AssetKinds = []AssetKind{AssetPeople, AssetGroups, AssetPlaces, AssetOrgs, AssetFunds}

// Label names the kind in Chinese.
func (k AssetKind) Label() string {
	switch k {
	case AssetPeople:
		return "人"
	case AssetGroups:
		return "团体"
	case AssetPlaces:
		return "场所"
	case AssetOrgs:
		return "机构"
	case AssetFunds:
		return "资金"
	}
	return string(k)
}

func (k AssetKind) valid() bool {
	for _, x := range AssetKinds {
		if k == x {
			return true
		}
	}
	return false
}

// PlanTemplate fixes the target lines every station's plan in Region must
// carry, each with its least target.
type PlanTemplate struct {
	ID     int64
	Region string // the city (or province) that set it
	Name   string // "53111"
	Note   string
	Lines  []TemplateLine
}

// TemplateLine is one fixed target line of a template.
type TemplateLine struct {
	ID      int64
	Measure Measure
	Label   string // "个案服务"; the plan's line carries it
	Least   int    // the least target a plan may set
}

// MaxPlanLines bounds the rows of each list in a plan or template: a
// station's plan holds a handful of each, and a bound keeps one form from
// storing thousands.
const MaxPlanLines = 50

// Validate checks a template before it is stored.
func (t *PlanTemplate) Validate() error {
	fe := FieldErrors{}
	if l := LevelOf(t.Region); l == LevelUnknown || l > LevelCity {
		fe.Add("region", "计划模板由市级（或省级）设定，请选择市")
	}
	fe.Text("name", "模板名称", &t.Name, TextName, 50)
	fe.Text("note", "说明", &t.Note, TextNote, 2000)
	if len(t.Lines) == 0 {
		fe.Add("lines", "模板至少要有一条指标")
	}
	if len(t.Lines) > MaxPlanLines {
		fe.Add("lines", fmt.Sprintf("模板最多 %d 条指标", MaxPlanLines))
	}
	seen := map[string]bool{}
	for i := range t.Lines {
		l := &t.Lines[i]
		f := fmt.Sprintf("line.%d.", i)
		if !l.Measure.Valid() {
			fe.Add(f+"measure", "请选择统计口径")
		}
		fe.Text(f+"label", "指标名称", &l.Label, TextName, 40)
		if seen[l.Label] && l.Label != "" {
			fe.Add(f+"label", "指标名称“"+l.Label+"”重复")
		}
		seen[l.Label] = true
		if l.Least < 0 || l.Least > 100000 {
			fe.Add(f+"least", "最低目标应为 0 到 100000 的整数")
		}
	}
	return fe.Err()
}

// Plan is a station's plan for a year.
type Plan struct {
	ID          int64
	StationID   int64
	StationName string
	Region      string // the station's town: where its cases and visits are counted
	Year        int
	TemplateID  int64 // 0: no template
	Template    string
	Summary     string // 社区概况: the community in a paragraph
	Goals       []PlanGoal
	Assets      []PlanAsset
	Targets     []PlanTarget
	UpdatedAt   string
}

// PlanGoal is one community problem and the goal and strategy set for it.
type PlanGoal struct {
	ID       int64
	Problem  string // 社区问题
	Goal     string // 介入目标
	Strategy string // 介入策略: how the assets are used
}

// PlanAsset is one entry of the community's asset inventory.
type PlanAsset struct {
	ID   int64
	Kind AssetKind
	Name string
	Note string
}

// PlanTarget is a measurable target of a plan: a count to reach by Due.
// Goal is the 1-based position of its goal in the plan's Goals, 0 if it
// serves the plan as a whole (a template's lines do).
type PlanTarget struct {
	ID       int64
	Goal     int
	Measure  Measure
	Label    string
	Target   int
	Due      Date // the timeline: the day the target should be reached
	Entered  int  // the station's own count, for MeasureEntered
	Fixed    bool // from the template: it may not be removed nor set below Least
	Least    int
	LineID   int64 // the template line it comes from
	Done     int   // filled in by progress: computed, or Entered
	Expected int   // filled in by progress: the share of Target due by the day progress was read
}

// Validate checks a plan before it is stored, against its template's
// lines: each must be present, with a target no lower than its least.
func (p *Plan) Validate(tpl *PlanTemplate) error {
	fe := FieldErrors{}
	if p.StationID <= 0 {
		fe.Add("station_id", "请选择社工站")
	}
	if p.Year < 2000 || p.Year > 2100 {
		fe.Add("year", "计划年度应为四位年份，例如 2021")
	}
	fe.Text("summary", "社区概况", &p.Summary, TextNote, 4000)
	for _, n := range []struct {
		field string
		count int
		label string
	}{{"goals", len(p.Goals), "问题与目标"}, {"assets", len(p.Assets), "社区资产"}, {"targets", len(p.Targets), "指标"}} {
		if n.count > MaxPlanLines {
			fe.Add(n.field, fmt.Sprintf("%s最多 %d 行", n.label, MaxPlanLines))
		}
	}
	if len(p.Goals) == 0 {
		fe.Add("goals", "请至少写一个社区问题及其介入目标")
	}
	for i := range p.Goals {
		g := &p.Goals[i]
		f := fmt.Sprintf("goal.%d.", i)
		fe.Text(f+"problem", "社区问题", &g.Problem, TextName, 500)
		fe.Text(f+"goal", "介入目标", &g.Goal, TextName, 500)
		fe.Text(f+"strategy", "介入策略", &g.Strategy, TextNote, 1000)
	}
	for i := range p.Assets {
		a := &p.Assets[i]
		f := fmt.Sprintf("asset.%d.", i)
		if !a.Kind.valid() {
			fe.Add(f+"kind", "请选择资产类别")
		}
		fe.Text(f+"name", "资产名称", &a.Name, TextName, 100)
		fe.Text(f+"note", "说明", &a.Note, TextLine, 200)
	}
	labels := map[string]bool{}
	for i := range p.Targets {
		t := &p.Targets[i]
		f := fmt.Sprintf("target.%d.", i)
		if !t.Measure.Valid() {
			fe.Add(f+"measure", "请选择统计口径")
		}
		fe.Text(f+"label", "指标名称", &t.Label, TextName, 40)
		if labels[t.Label] && t.Label != "" {
			fe.Add(f+"label", "指标名称“"+t.Label+"”重复")
		}
		labels[t.Label] = true
		if t.Target <= 0 || t.Target > 1000000 {
			fe.Add(f+"target", "目标值应为 1 到 1000000 的整数")
		}
		if t.Goal < 0 || t.Goal > len(p.Goals) {
			fe.Add(f+"goal", "请选择该指标对应的目标")
		}
		if !t.Due.IsZero() && t.Due.Time().Year() != p.Year {
			fe.Add(f+"due", fmt.Sprintf("完成时间应在计划年度 %d 年内", p.Year))
		}
		if t.Entered < 0 {
			fe.Add(f+"entered", "完成数不能为负数")
		}
		if t.Measure.Computed() {
			t.Entered = 0 // counted from the records; nothing typed is kept
		}
	}
	if tpl == nil {
		// Lines of a template the plan does not follow tie it to nothing.
		for i := range p.Targets {
			p.Targets[i].LineID, p.Targets[i].Fixed, p.Targets[i].Least = 0, false, 0
		}
	} else {
		for _, l := range tpl.Lines {
			i := p.targetFor(l)
			if i < 0 {
				fe.Add("targets", fmt.Sprintf("模板“%s”要求的指标“%s”不能删除", tpl.Name, l.Label))
				continue
			}
			t := &p.Targets[i]
			t.Fixed, t.Least, t.LineID, t.Measure, t.Label = true, l.Least, l.ID, l.Measure, l.Label
			if t.Target < l.Least {
				fe.Add(fmt.Sprintf("target.%d.target", i), fmt.Sprintf("模板“%s”要求“%s”不少于 %d", tpl.Name, l.Label, l.Least))
			}
		}
	}
	return fe.Err()
}

// targetFor finds the target that carries a template line: by the line's
// id once stored, by its label on a new plan.
func (p *Plan) targetFor(l TemplateLine) int {
	for i, t := range p.Targets {
		if (t.LineID != 0 && t.LineID == l.ID) || (t.LineID == 0 && t.Label == l.Label) {
			return i
		}
	}
	return -1
}

// FromTemplate starts a plan's targets with the template's lines, each at
// its least target, due at the end of the year.
func (p *Plan) FromTemplate(tpl *PlanTemplate) {
	p.TemplateID, p.Template = tpl.ID, tpl.Name
	for _, l := range tpl.Lines {
		if p.targetFor(l) >= 0 {
			continue
		}
		p.Targets = append(p.Targets, PlanTarget{Measure: l.Measure, Label: l.Label, Target: max(l.Least, 1),
			Due: NewDate(p.Year, 12, 31), Fixed: true, Least: l.Least, LineID: l.ID})
	}
}

// PlanCounts are a station's counts over a period, by measure.
type PlanCounts map[Measure]int

// Progress fills each target's Done from counts (Entered for an entered
// measure) and its Expected: the part of Target that a steady pace from
// the first of January would have reached by asOf, all of it once Due has
// passed.
func (p *Plan) Progress(counts PlanCounts, asOf Date) {
	start := NewDate(p.Year, 1, 1)
	for i := range p.Targets {
		t := &p.Targets[i]
		if t.Measure.Computed() {
			t.Done = counts[t.Measure]
		} else {
			t.Done = t.Entered
		}
		due := t.Due
		if due.IsZero() {
			due = NewDate(p.Year, 12, 31)
		}
		switch {
		case asOf.Before(start):
			t.Expected = 0
		case !due.After(asOf):
			t.Expected = t.Target
		default:
			span := days(start, due) + 1
			t.Expected = t.Target * (days(start, asOf) + 1) / span
		}
	}
}

// Percent is the share of the target done, 0–100 (more than done is 100).
func (t PlanTarget) Percent() int {
	if t.Target <= 0 {
		return 0
	}
	return min(100, t.Done*100/t.Target)
}

// Behind reports whether the target is behind its timeline.
func (t PlanTarget) Behind() bool { return t.Done < t.Expected }

// days counts the days from a to b.
func days(a, b Date) int { return int(b.Time().Sub(a.Time()).Hours()/24 + 0.5) }
