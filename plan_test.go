package shuangbai

import (
	"errors"
	"strings"
	"testing"
)

var tpl53111 = &PlanTemplate{ID: 7, Region: "4453", Name: "53111", Lines: []TemplateLine{
	{ID: 1, Measure: MeasureCases, Label: "个案", Least: 5},
	{ID: 2, Measure: MeasureGroups, Label: "小组", Least: 3},
	{ID: 3, Measure: MeasureEntered, Label: "调研报告", Least: 1},
}}

func goodPlan() *Plan {
	p := &Plan{StationID: 1, Region: "445302003", Year: 2021,
		Goals:  []PlanGoal{{Problem: "独居老人缺少照顾", Goal: "建立邻里互助网络"}},
		Assets: []PlanAsset{{Kind: AssetPeople, Name: "退休教师"}}}
	p.FromTemplate(tpl53111)
	return p
}

func TestPlanValidate(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(p *Plan)
		field string // "" when the plan is valid
	}{
		{"from the template", func(p *Plan) {}, ""},
		{"no goal", func(p *Plan) { p.Goals = nil }, "goals"},
		{"goal without problem", func(p *Plan) { p.Goals[0].Problem = " " }, "goal.0.problem"},
		{"template line removed", func(p *Plan) { p.Targets = p.Targets[1:] }, "targets"},
		{"below the least", func(p *Plan) { p.Targets[0].Target = 4 }, "target.0.target"},
		{"zero target", func(p *Plan) {
			p.Targets = append(p.Targets, PlanTarget{Measure: MeasureVisits, Label: "探访", Target: 0})
		}, "target.3.target"},
		{"goal out of range", func(p *Plan) { p.Targets[0].Goal = 2 }, "target.0.goal"},
		{"due outside the year", func(p *Plan) { p.Targets[0].Due = NewDate(2022, 1, 1) }, "target.0.due"},
		{"duplicate label", func(p *Plan) {
			p.Targets = append(p.Targets, PlanTarget{Measure: MeasureVisits, Label: "个案", Target: 3})
		}, "target.3.label"},
		{"unknown measure", func(p *Plan) {
			p.Targets = append(p.Targets, PlanTarget{Measure: "x", Label: "其他", Target: 3})
		}, "target.3.measure"},
		{"bad asset kind", func(p *Plan) { p.Assets[0].Kind = "x" }, "asset.0.kind"},
		{"bad year", func(p *Plan) { p.Year = 21 }, "year"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := goodPlan()
			c.edit(p)
			err := p.Validate(tpl53111)
			if c.field == "" {
				if err != nil {
					t.Fatalf("valid plan refused: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Fields[c.field] == "" {
				t.Fatalf("want an error on %s, got %v", c.field, err)
			}
		})
	}
}

func TestPlanValidateKeepsTemplateLines(t *testing.T) {
	p := goodPlan()
	// A user who renames or re-measures a fixed line gets it back as the
	// template sets it.
	p.Targets[0].Label, p.Targets[0].Measure = "个案", MeasureVisits
	if err := p.Validate(tpl53111); err != nil {
		t.Fatal(err)
	}
	if p.Targets[0].Measure != MeasureCases || !p.Targets[0].Fixed || p.Targets[0].Least != 5 {
		t.Errorf("fixed line = %+v, want the template's", p.Targets[0])
	}
}

func TestPlanProgress(t *testing.T) {
	p := goodPlan()
	p.Targets[0].Target = 10                // cases, due 12-31
	p.Targets[1].Due = NewDate(2021, 6, 30) // groups, target 3
	p.Targets[2].Entered = 1                // report: entered
	p.Targets = append(p.Targets, PlanTarget{Measure: MeasureEntered, Label: "x", Target: 2, Entered: 9})
	if err := p.Validate(tpl53111); err != nil {
		t.Fatal(err)
	}
	p.Progress(PlanCounts{MeasureCases: 4, MeasureGroups: 1, MeasureEntered: 99}, NewDate(2021, 7, 2))
	want := []struct{ done, expected, percent int }{
		{4, 10 * 183 / 365, 40}, // 183 days of 365 gone
		{1, 3, 33},              // due has passed: all of it expected
		{1, 0, 100},             // entered, not counted; 1 × 183/365 rounds down
		{9, 1, 100},             // more than the target is 100%
	}
	for i, w := range want {
		got := p.Targets[i]
		if got.Done != w.done || got.Expected != w.expected || got.Percent() != w.percent {
			t.Errorf("target %d (%s): done %d expected %d percent %d, want %d %d %d", i, got.Label,
				got.Done, got.Expected, got.Percent(), w.done, w.expected, w.percent)
		}
	}
	if !p.Targets[0].Behind() || !p.Targets[1].Behind() || p.Targets[3].Behind() {
		t.Errorf("behind = %v %v %v, want true true false", p.Targets[0].Behind(), p.Targets[1].Behind(), p.Targets[3].Behind())
	}
	p.Progress(nil, NewDate(2020, 12, 31))
	if p.Targets[0].Expected != 0 {
		t.Errorf("before the year, expected %d, want 0", p.Targets[0].Expected)
	}
}

func TestPlanTemplateValidate(t *testing.T) {
	ok := *tpl53111
	ok.Lines = append([]TemplateLine(nil), tpl53111.Lines...)
	if err := ok.Validate(); err != nil {
		t.Fatalf("53111 refused: %v", err)
	}
	county := ok
	county.Region = "445302"
	var e *Error
	if err := county.Validate(); !errors.As(err, &e) || !strings.Contains(e.Fields["region"], "市") {
		t.Errorf("a county's template: %v, want refused", err)
	}
	dup := ok
	dup.Lines = append(append([]TemplateLine(nil), ok.Lines...), TemplateLine{Measure: MeasureVisits, Label: "个案", Least: 1})
	if err := dup.Validate(); err == nil {
		t.Error("a duplicate line label was accepted")
	}
	empty := ok
	empty.Lines = nil
	if err := empty.Validate(); err == nil {
		t.Error("a template with no lines was accepted")
	}
}
