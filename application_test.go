package shuangbai

import "testing"

func TestApplicationAndHint(t *testing.T) {
	today := NewDate(2021, 8, 9)
	a := Application{Kind: AppOldAge, Status: AppApproved, PreparedOn: NewDate(2021, 5, 1), SubmittedOn: NewDate(2021, 5, 3)}
	if e, ok := a.Validate(today).(*Error); !ok || e.Fields["decided_on"] == "" {
		t.Errorf("approved without a decision date: %v", a.Validate(today))
	}
	a.DecidedOn = NewDate(2021, 5, 2)
	if e, ok := a.Validate(today).(*Error); !ok || e.Fields["decided_on"] == "" {
		t.Errorf("decided before submitted: %v", a.Validate(today))
	}
	a.DecidedOn = NewDate(2021, 6, 1)
	if err := a.Validate(today); err != nil {
		t.Fatal(err)
	}
	old := &Beneficiary{Birth: NewDate(1941, 8, 9)}
	young := &Beneficiary{Birth: NewDate(1941, 8, 10)}
	if !OldAgeHint(old, nil, today) || OldAgeHint(young, nil, today) || OldAgeHint(old, []Application{a}, today) {
		t.Error("OldAgeHint: 80 today with none, 79 today, 80 with one")
	}
}
