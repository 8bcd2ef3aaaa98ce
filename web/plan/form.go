package plan

import (
	"fmt"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// A plan's form holds three lists of rows, named goal.N.field,
// asset.N.field and target.N.field, and a template's holds line.N.field —
// the names its errors carry, so each shows next to its field. Blank rows
// are dropped; the form shown again is rebuilt from what was read, so row
// numbers and their errors stay together. The API's JSON becomes the same
// values and goes through the same parser.

// row is one row of a list in a form: its number and its fields' prefix.
type row struct {
	N      int // 1-based, as the form shows it
	Prefix string
}

// rows returns n rows of a list with some blank ones to add to.
func rows(list string, n, blank int) []row {
	out := make([]row, n+blank)
	for i := range out {
		out[i] = row{N: i + 1, Prefix: fmt.Sprintf("%s.%d.", list, i)}
	}
	return out
}

// count is how many rows of list v holds, blank or not.
func count(v url.Values, list, field string) int {
	n := 0
	for n < shuangbai.MaxPlanLines+10 && v.Has(fmt.Sprintf("%s.%d.%s", list, n, field)) {
		n++
	}
	return n
}

func blank(v url.Values, prefix string, fields ...string) bool {
	for _, f := range fields {
		if ui.Trimmed(v, prefix+f) != "" {
			return false
		}
	}
	return true
}

func number(fe shuangbai.FieldErrors, v url.Values, field, msg string) int {
	s := ui.Trimmed(v, field)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		fe.Add(field, msg)
	}
	return n
}

// parsePlan reads a plan's fields. The station, year and template are read
// only for a new plan; a stored plan keeps its own.
func parsePlan(v url.Values) (*shuangbai.Plan, error) {
	fe := shuangbai.FieldErrors{}
	p := &shuangbai.Plan{Summary: v.Get("summary")}
	var err error
	if s := ui.Trimmed(v, "station_id"); s != "" {
		if p.StationID, err = ui.ParseID(s); err != nil {
			fe.Add("station_id", "请选择社工站")
		}
	}
	p.Year = number(fe, v, "year", "计划年度应为四位年份，例如 2021")
	if s := ui.Trimmed(v, "template_id"); s != "" && s != "0" {
		if p.TemplateID, err = ui.ParseID(s); err != nil {
			fe.Add("template_id", "请选择计划模板")
		}
	}
	for i, n := 0, count(v, "goal", "problem"); i < n; i++ {
		pre := fmt.Sprintf("goal.%d.", i)
		if blank(v, pre, "problem", "goal", "strategy") {
			continue
		}
		p.Goals = append(p.Goals, shuangbai.PlanGoal{Problem: v.Get(pre + "problem"), Goal: v.Get(pre + "goal"), Strategy: v.Get(pre + "strategy")})
	}
	for i, n := 0, count(v, "asset", "name"); i < n; i++ {
		pre := fmt.Sprintf("asset.%d.", i)
		if blank(v, pre, "name", "note") {
			continue
		}
		p.Assets = append(p.Assets, shuangbai.PlanAsset{Kind: shuangbai.AssetKind(ui.Trimmed(v, pre+"kind")), Name: v.Get(pre + "name"), Note: v.Get(pre + "note")})
	}
	for i, n := 0, count(v, "target", "label"); i < n; i++ {
		pre := fmt.Sprintf("target.%d.", i)
		if blank(v, pre, "label", "target", "line_id") {
			continue
		}
		// Errors of this row are filed under its place among the rows kept.
		at := fmt.Sprintf("target.%d.", len(p.Targets))
		t := shuangbai.PlanTarget{Measure: shuangbai.Measure(ui.Trimmed(v, pre+"measure")), Label: v.Get(pre + "label")}
		t.Goal = number(fe, v, pre+"goal", "请选择该指标对应的目标")
		t.Target = number(fe, v, pre+"target", "目标值应为整数")
		t.Entered = number(fe, v, pre+"entered", "完成数应为整数")
		t.Due = ui.ParseDate(fe, at+"due", v.Get(pre+"due"))
		if s := ui.Trimmed(v, pre+"line_id"); s != "" {
			t.LineID, _ = ui.ParseID(s)
		}
		for _, f := range []string{"goal", "target", "entered"} {
			if msg, ok := fe[pre+f]; ok && pre != at {
				delete(fe, pre+f)
				fe.Add(at+f, msg)
			}
		}
		p.Targets = append(p.Targets, t)
	}
	return p, ui.Validated(fe, func() error { return p.Validate(nil) })
}

// planValues writes a plan into a form's values.
func planValues(p *shuangbai.Plan) url.Values {
	v := url.Values{"station_id": {strconv.FormatInt(p.StationID, 10)}, "year": {strconv.Itoa(p.Year)},
		"template_id": {strconv.FormatInt(p.TemplateID, 10)}, "summary": {p.Summary}}
	for i, g := range p.Goals {
		pre := fmt.Sprintf("goal.%d.", i)
		v.Set(pre+"problem", g.Problem)
		v.Set(pre+"goal", g.Goal)
		v.Set(pre+"strategy", g.Strategy)
	}
	for i, a := range p.Assets {
		pre := fmt.Sprintf("asset.%d.", i)
		v.Set(pre+"kind", string(a.Kind))
		v.Set(pre+"name", a.Name)
		v.Set(pre+"note", a.Note)
	}
	for i, t := range p.Targets {
		pre := fmt.Sprintf("target.%d.", i)
		v.Set(pre+"goal", strconv.Itoa(t.Goal))
		v.Set(pre+"measure", string(t.Measure))
		v.Set(pre+"label", t.Label)
		v.Set(pre+"target", strconv.Itoa(t.Target))
		v.Set(pre+"due", t.Due.String())
		v.Set(pre+"entered", strconv.Itoa(t.Entered))
		if t.LineID != 0 {
			v.Set(pre+"line_id", strconv.FormatInt(t.LineID, 10))
		}
	}
	return v
}

// parseTemplate reads a template's fields.
func parseTemplate(v url.Values) (*shuangbai.PlanTemplate, error) {
	fe := shuangbai.FieldErrors{}
	t := &shuangbai.PlanTemplate{Region: ui.Trimmed(v, "region"), Name: v.Get("name"), Note: v.Get("note")}
	for i, n := 0, count(v, "line", "label"); i < n; i++ {
		pre := fmt.Sprintf("line.%d.", i)
		if blank(v, pre, "label", "least") {
			continue
		}
		at := fmt.Sprintf("line.%d.", len(t.Lines))
		l := shuangbai.TemplateLine{Measure: shuangbai.Measure(ui.Trimmed(v, pre+"measure")), Label: v.Get(pre + "label")}
		if l.Least = number(fe, v, pre+"least", "最低目标应为整数"); fe[pre+"least"] != "" && pre != at {
			fe.Add(at+"least", fe[pre+"least"])
			delete(fe, pre+"least")
		}
		t.Lines = append(t.Lines, l)
	}
	return t, ui.Validated(fe, t.Validate)
}

// templateValues writes a template into a form's values.
func templateValues(t *shuangbai.PlanTemplate) url.Values {
	v := url.Values{"region": {t.Region}, "name": {t.Name}, "note": {t.Note}}
	for i, l := range t.Lines {
		pre := fmt.Sprintf("line.%d.", i)
		v.Set(pre+"measure", string(l.Measure))
		v.Set(pre+"label", l.Label)
		v.Set(pre+"least", strconv.Itoa(l.Least))
	}
	return v
}
