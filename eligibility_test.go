package shuangbai

import (
	"strings"
	"testing"
)

func TestShippedRules(t *testing.T) {
	on := NewDate(2021, 8, 9)
	rule := func(k AppKind) *EligibilityRule {
		for i := range ShippedRules {
			if ShippedRules[i].Benefit == k {
				r := ShippedRules[i]
				r.ValidFrom = ShippedFrom
				return &r
			}
		}
		t.Fatalf("no shipped rule for %s", k)
		return nil
	}
	for _, r := range ShippedRules {
		r.ValidFrom = ShippedFrom
		if err := r.Validate(); err != nil {
			t.Errorf("shipped rule %s: %v", r.Name, err)
		}
	}
	huang := &Beneficiary{Birth: NewDate(1936, 3, 1), Groups: []Group{GroupElderly}}
	young := &Beneficiary{Birth: NewDate(1960, 3, 1), Groups: []Group{GroupElderly}}
	chen := &Beneficiary{Birth: NewDate(1996, 5, 12), Groups: []Group{GroupDisabled, GroupDibao}, Disability: "肢体二级"}
	light := &Beneficiary{Birth: NewDate(1990, 5, 12), Groups: []Group{GroupDisabled}, Disability: "听力四级"}
	for _, tt := range []struct {
		name string
		k    AppKind
		b    *Beneficiary
		want bool
		why  string
	}{
		{"85 gets 高龄津贴", AppOldAge, huang, true, "年满80周岁（现85岁）"},
		{"61 does not", AppOldAge, young, false, ""},
		{"disabled on 低保: living subsidy", AppDisabilityLiving, chen, true, "残疾人，低保"},
		{"disabled not on 低保: none", AppDisabilityLiving, light, false, ""},
		{"grade 2: care subsidy", AppDisabilityCare, chen, true, "残疾二级"},
		{"grade 4: no care subsidy", AppDisabilityCare, light, false, ""},
		{"no birth date: no age rule", AppOldAge, &Beneficiary{Groups: []Group{GroupElderly}}, false, ""},
	} {
		ok, why := rule(tt.k).Match(tt.b, on)
		if ok != tt.want || !strings.Contains(why, tt.why) {
			t.Errorf("%s: Match = %v %q, want %v %q", tt.name, ok, why, tt.want, tt.why)
		}
	}
}

func TestEligibilityRuleValidate(t *testing.T) {
	base := EligibilityRule{Benefit: AppOldAge, Name: "高龄津贴", Source: "某市民政局文件", Condition: Condition{MinAge: 70}, ValidFrom: NewDate(2022, 1, 1)}
	if err := base.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		edit  func(*EligibilityRule)
		field string
	}{
		{func(r *EligibilityRule) { r.MinAge = 151 }, "min_age"},
		{func(r *EligibilityRule) { r.Benefit = "pension" }, "benefit"},
		{func(r *EligibilityRule) { r.MaxAge = 60 }, "max_age"},
		{func(r *EligibilityRule) { r.AnyGroups = []Group{"kings"} }, "groups"},
		{func(r *EligibilityRule) { r.DisabilityGrades = []int{5} }, "disability_grades"},
		{func(r *EligibilityRule) { r.Condition = Condition{} }, "min_age"},
		{func(r *EligibilityRule) { r.Source = "" }, "source"},
		{func(r *EligibilityRule) { r.ValidFrom = Date{} }, "valid_from"},
	} {
		r := base
		tt.edit(&r)
		if _, ok := fieldsOf(r.Validate())[tt.field]; !ok {
			t.Errorf("%+v: want an error on %s", r, tt.field)
		}
	}
}
