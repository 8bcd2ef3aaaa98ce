package shuangbai

import "testing"

func TestEscalate(t *testing.T) {
	g := Grace{Lead: 3, Supervisor: 7, County: 14}
	due := NewDate(2021, 8, 1)
	for _, tt := range []struct {
		today Date
		want  []Tier
	}{
		{NewDate(2021, 7, 31), nil},
		{NewDate(2021, 8, 1), nil}, // due today: not late
		{NewDate(2021, 8, 2), []Tier{TierWorker}},
		{NewDate(2021, 8, 4), []Tier{TierWorker}},
		{NewDate(2021, 8, 5), []Tier{TierWorker, TierLead}},
		{NewDate(2021, 8, 9), []Tier{TierWorker, TierLead, TierSupervisor}},
		{NewDate(2021, 8, 16), []Tier{TierWorker, TierLead, TierSupervisor, TierCounty}},
	} {
		got := g.Escalate(due, tt.today)
		if len(got) != len(tt.want) {
			t.Errorf("on %s: told %v, want %v", tt.today, got, tt.want)
			continue
		}
		for i, told := range got {
			if told.Tier != tt.want[i] || told.On.After(tt.today) {
				t.Errorf("on %s: told %v, want %v", tt.today, got, tt.want)
			}
		}
	}
	if told := g.Escalate(due, NewDate(2021, 9, 1)); told[1].On != NewDate(2021, 8, 5) || told[3].On != NewDate(2021, 8, 16) {
		t.Errorf("told on = %v", told)
	}
}

func TestGracesValidate(t *testing.T) {
	if err := DefaultGraces.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		g     Grace
		field string
	}{
		{Grace{0, 3, 7}, "grace2_lead"},
		{Grace{3, 3, 7}, "grace2_supervisor"},
		{Grace{3, 7, 7}, "grace2_county"},
		{Grace{3, 7, 500}, "grace2_county"},
	} {
		err := Graces{2: tt.g}.Validate()
		if _, ok := fieldsOf(err)[tt.field]; !ok {
			t.Errorf("Validate(%+v) = %v, want an error on %s", tt.g, err, tt.field)
		}
	}
}

func fieldsOf(err error) map[string]string {
	if e, ok := err.(*Error); ok {
		return e.Fields
	}
	return nil
}
