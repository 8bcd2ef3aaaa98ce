package shuangbai

import (
	"testing"
	"time"
)

func validID(first17 string) string { return first17 + string(IDCheckDigit(first17)) }

func TestBeneficiaryValidate(t *testing.T) {
	today := NewDate(2021, 8, 9)
	id := validID("44530219900101123") // born 1990-01-01; 17th digit 3: male
	bad := id[:17] + map[bool]string{true: "0", false: "1"}[id[17] != '0']
	base := func() Beneficiary {
		return Beneficiary{Name: "小陈", Region: "445302003208", IDNumber: id, Level: 1, Open: true}
	}
	tests := []struct {
		name  string
		edit  func(*Beneficiary)
		field string
	}{
		{"ok, birth and gender from the ID", func(b *Beneficiary) {}, ""},
		{"wrong check digit", func(b *Beneficiary) { b.IDNumber = bad }, "id_number"},
		{"birth disagrees", func(b *Beneficiary) { b.Birth = NewDate(1990, 1, 2) }, "birth"},
		{"gender disagrees", func(b *Beneficiary) { b.Gender = "女" }, "gender"},
		{"no ID and no birth", func(b *Beneficiary) { b.IDNumber = ""; b.Gender = "男" }, "birth"},
		{"town not village", func(b *Beneficiary) { b.Region = "445302003" }, "region"},
		{"disabled without grade", func(b *Beneficiary) { b.Groups = []Group{GroupDisabled} }, "disability"},
		{"unknown group", func(b *Beneficiary) { b.Groups = []Group{"vip"} }, "groups"},
		{"level 5", func(b *Beneficiary) { b.Level = 5 }, "level"},
		{"bad phone", func(b *Beneficiary) { b.Phone = "12ab" }, "phone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := base()
			tt.edit(&b)
			err := b.Validate(today)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				if b.Birth != NewDate(1990, 1, 1) || b.Gender != "男" {
					t.Errorf("from the ID: birth %v gender %q", b.Birth, b.Gender)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Fields[tt.field] == "" {
				t.Fatalf("Validate = %v, want a message for %q", err, tt.field)
			}
		})
	}
}

func TestVisitValidate(t *testing.T) {
	today := NewDate(2021, 8, 9)
	open := &Beneficiary{Open: true, FoundOn: NewDate(2021, 3, 1)}
	closed := &Beneficiary{Open: false, FoundOn: NewDate(2021, 3, 1)}
	tests := []struct {
		name  string
		b     *Beneficiary
		v     Visit
		field string
	}{
		{"ok", open, Visit{On: today, Kind: VisitHome, Services: []string{"精神慰藉"}}, ""},
		{"future", open, Visit{On: today.AddDays(1), Kind: VisitHome}, "on"},
		{"before the case", open, Visit{On: NewDate(2021, 2, 1), Kind: VisitHome}, "on"},
		{"closed case", closed, Visit{On: today, Kind: VisitHome}, "beneficiary"},
		{"unknown service", open, Visit{On: today, Kind: VisitHome, Services: []string{"算命"}}, "services"},
		{"next due not after", open, Visit{On: today, Kind: VisitPhone, NextDue: today}, "next_due"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.v.Validate(tt.b, today)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if e, ok := err.(*Error); !ok || e.Fields[tt.field] == "" {
				t.Fatalf("Validate = %v, want a message for %q", err, tt.field)
			}
		})
	}
}

func TestToday(t *testing.T) {
	for _, tt := range []struct {
		at   time.Time
		want Date
	}{
		{time.Date(2021, 8, 8, 15, 59, 0, 0, time.UTC), NewDate(2021, 8, 8)},
		{time.Date(2021, 8, 8, 16, 0, 0, 0, time.UTC), NewDate(2021, 8, 9)}, // midnight in Beijing
		{time.Date(2021, 8, 9, 0, 30, 0, 0, time.FixedZone("X", -5*3600)), NewDate(2021, 8, 9)},
	} {
		if got := Today(tt.at); got != tt.want {
			t.Errorf("Today(%v) = %v, want %v", tt.at, got, tt.want)
		}
	}
}
