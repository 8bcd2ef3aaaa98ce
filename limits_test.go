package shuangbai

import (
	"math"
	"strings"
	"testing"
)

func TestCheckDay(t *testing.T) {
	today := NewDate(2021, 8, 9)
	for _, tt := range []struct {
		name    string
		d       Date
		planned bool
		msg     string
	}{
		{"unset", Date{}, false, ""},
		{"today", today, false, ""},
		{"long ago", NewDate(1900, 1, 1), false, ""},
		{"before 1900", NewDate(1899, 12, 31), false, "不能早于 1900 年"},
		{"tomorrow, happened", today.AddDays(1), false, "到岗日期不能晚于今天"},
		{"tomorrow, planned", today.AddDays(1), true, ""},
		{"a year ahead", NewDate(2022, 8, 9), true, ""},
		{"a year and a day", NewDate(2022, 8, 10), true, "不能晚于2022年8月9日"},
		{"9999-12-31", NewDate(9999, 12, 31), true, "最多提前一年"},
		{"year 2", NewDate(2, 1, 1), true, "不能早于 1900 年"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckDay("from", "到岗日期", tt.d, today, tt.planned)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("CheckDay(%s) = %v", tt.d, err)
				}
				return
			}
			if e, ok := err.(*Error); !ok || !strings.Contains(e.Fields["from"], tt.msg) {
				t.Fatalf("CheckDay(%s) = %v; want %q under from", tt.d, err, tt.msg)
			}
		})
	}
}

func TestNumberLimits(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tt := range []struct {
		name  string
		check func(FieldErrors)
		field string // "" when accepted
	}{
		{"coords unknown", func(fe FieldErrors) { fe.Coords(0, 0) }, ""},
		{"coords in 云浮", func(fe FieldErrors) { fe.Coords(22.9152, 112.0444) }, ""},
		{"lat NaN", func(fe FieldErrors) { fe.Coords(nan, 112) }, "lat"},
		{"lng NaN", func(fe FieldErrors) { fe.Coords(22.9, nan) }, "lng"},
		{"lat Inf", func(fe FieldErrors) { fe.Coords(inf, 112) }, "lat"},
		{"swapped", func(fe FieldErrors) { fe.Coords(112.0444, 22.9152) }, "lat"},
		{"lat 91", func(fe FieldErrors) { fe.Coords(91, 112) }, "lat"},
		{"hours unset", func(fe FieldErrors) { fe.Hours("hours", 0) }, ""},
		{"hours 2.5", func(fe FieldErrors) { fe.Hours("hours", 2.5) }, ""},
		{"hours 1000", func(fe FieldErrors) { fe.Hours("hours", 1000) }, ""},
		{"hours NaN", func(fe FieldErrors) { fe.Hours("hours", nan) }, "hours"},
		{"hours -Inf", func(fe FieldErrors) { fe.Hours("hours", math.Inf(-1)) }, "hours"},
		{"hours negative", func(fe FieldErrors) { fe.Hours("hours", -1) }, "hours"},
		{"hours 1001", func(fe FieldErrors) { fe.Hours("hours", 1001) }, "hours"},
		{"yuan 0", func(fe FieldErrors) { fe.Yuan("amount", 0) }, ""},
		{"yuan max", func(fe FieldErrors) { fe.Yuan("amount", MaxYuan) }, ""},
		{"yuan over", func(fe FieldErrors) { fe.Yuan("amount", MaxYuan+1) }, "amount"},
		{"yuan int64 max", func(fe FieldErrors) { fe.Yuan("amount", math.MaxInt64) }, "amount"},
		{"yuan negative", func(fe FieldErrors) { fe.Yuan("amount", -1) }, "amount"},
	} {
		fe := FieldErrors{}
		tt.check(fe)
		switch {
		case tt.field == "" && len(fe) > 0:
			t.Errorf("%s: refused: %v", tt.name, fe)
		case tt.field != "" && fe[tt.field] == "":
			t.Errorf("%s: %v; want a message under %s", tt.name, fe, tt.field)
		}
	}
}

// TestValidateRefusesBadInput runs each record's Validate on the inputs the
// security review found getting through: every one is a field error.
func TestValidateRefusesBadInput(t *testing.T) {
	today := NewDate(2021, 8, 9)
	site := func(edit func(*Site)) Site {
		s := Site{Name: "河口街道社工站", Status: SiteBuilt, BuiltOn: NewDate(2021, 5, 1)}
		edit(&s)
		return s
	}
	ben := func(edit func(*Beneficiary)) *Beneficiary {
		b := &Beneficiary{Region: "445302003208", Name: "陈小明", Gender: "男", Birth: NewDate(1950, 1, 1), Level: 2}
		edit(b)
		return b
	}
	app := func(edit func(*Application)) *Application {
		a := &Application{Kind: AppMedical, Status: AppPreparing, PreparedOn: today}
		edit(a)
		return a
	}
	for _, tt := range []struct {
		name     string
		validate func() error
		field    string // "" when accepted
	}{
		{"station ok", func() error { s := Station{Region: "445302003", Site: site(func(*Site) {})}; return s.Validate(today) }, ""},
		{"station lat NaN", func() error {
			s := Station{Region: "445302003", Site: site(func(s *Site) { s.Lat, s.Lng = math.NaN(), 112 })}
			return s.Validate(today)
		}, "lat"},
		{"station name zero-width only", func() error {
			s := Station{Region: "445302003", Site: site(func(s *Site) { s.Name = "\u200b\u200b" })}
			return s.Validate(today)
		}, "name"},
		{"station built tomorrow", func() error {
			s := Station{Region: "445302003", Site: site(func(s *Site) { s.BuiltOn = today.AddDays(1) })}
			return s.Validate(today)
		}, "built_on"},
		{"point name RTL", func() error {
			p := Point{Region: "445302003208", StationID: 1, Site: site(func(s *Site) { s.Name = "\u202e点" })}
			return p.Validate(today)
		}, "name"},
		{"person BOM", func() error {
			p := Person{Region: "445302", Name: "\ufeff张三", Gender: "女", Role: StaffWorker}
			return p.Validate()
		}, "name"},
		{"person NUL", func() error {
			p := Person{Region: "445302", Name: "张\x00三", Gender: "女", Role: StaffWorker}
			return p.Validate()
		}, "name"},
		{"assignment 9999-12-31", func() error {
			a := Assignment{StationID: 1, From: NewDate(9999, 12, 31)}
			return a.Validate(today)
		}, "from"},
		{"assignment next month", func() error { a := Assignment{StationID: 1, From: NewDate(2021, 9, 1)}; return a.Validate(today) }, ""},
		{"training hours NaN", func() error {
			tr := Training{Region: "445302", HeldOn: today, Kind: TrainingOther, Title: "培训", Hours: math.NaN()}
			return tr.Validate(today)
		}, "hours"},
		{"training title punctuation", func() error {
			tr := Training{Region: "445302", HeldOn: today, Kind: TrainingOther, Title: "……"}
			return tr.Validate(today)
		}, "title"},
		{"training held in 1800", func() error {
			tr := Training{Region: "445302", HeldOn: NewDate(1800, 1, 1), Kind: TrainingOther, Title: "培训"}
			return tr.Validate(today)
		}, "held_on"},
		{"facts int64 max", func() error {
			f := CountyFacts{Region: "445302", Effective: today, FundingRequested: math.MaxInt64}
			return f.Validate(today)
		}, "funding_requested"},
		{"facts effective tomorrow", func() error {
			f := CountyFacts{Region: "445302", Effective: today.AddDays(1)}
			return f.Validate(today)
		}, "effective"},
		{"beneficiary ok", func() error { return ben(func(*Beneficiary) {}).Validate(today) }, ""},
		{"beneficiary zero-width name", func() error { return ben(func(b *Beneficiary) { b.Name = "\u200c" }).Validate(today) }, "name"},
		{"beneficiary born 1800", func() error { return ben(func(b *Beneficiary) { b.Birth = NewDate(1800, 1, 1) }).Validate(today) }, "birth"},
		{"beneficiary lat Inf", func() error { return ben(func(b *Beneficiary) { b.Lat, b.Lng = math.Inf(1), 112 }).Validate(today) }, "lat"},
		{"household head BOM", func() error { h := Household{HeadName: "\ufeff陈大明"}; return h.Validate() }, "head_name"},
		{"household head dots", func() error { h := Household{HeadName: "..."}; return h.Validate() }, "head_name"},
		{"application int64 max", func() error { return app(func(a *Application) { a.Amount = math.MaxInt64 }).Validate(today) }, "amount"},
		{"application note NUL", func() error { return app(func(a *Application) { a.Note = "已递交\x00" }).Validate(today) }, "note"},
		{"application prepared 1899", func() error { return app(func(a *Application) { a.PreparedOn = NewDate(1899, 1, 1) }).Validate(today) }, "prepared_on"},
		{"user name RTL", func() error {
			u := User{Username: "zhang", Name: "\u202e张三", Role: RoleCountyAdmin, Region: "445302"}
			return u.Validate()
		}, "name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if e, ok := err.(*Error); !ok || e.Fields[tt.field] == "" {
				t.Fatalf("err = %v; want a message under %s", err, tt.field)
			}
		})
	}
}

// TestValidateTrims checks that Validate stores the trimmed text, so the
// store keeps what the rule checked.
func TestValidateTrims(t *testing.T) {
	p := Person{Region: "445302", Name: "  张三\u3000", Gender: "女", Role: StaffWorker}
	if err := p.Validate(); err != nil || p.Name != "张三" {
		t.Fatalf("Validate = %v, name %q", err, p.Name)
	}
}

// TestParseDateYearOne: 0001-01-01 is the zero Date; typed, it is refused
// rather than read as "not set".
func TestParseDateYearOne(t *testing.T) {
	if d, err := ParseDate("0001-01-01"); err == nil {
		t.Fatalf("ParseDate(0001-01-01) = %v, nil", d)
	}
}
