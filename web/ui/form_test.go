package ui

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"shuangbai"
)

func TestParseFloat(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want *float64
		bad  bool
	}{
		{"", nil, false},
		{" 22.9152 ", ptr(22.9152), false},
		{"-0.5", ptr(-0.5), false},
		{"NaN", nil, true},
		{"nan", nil, true},
		{"Inf", nil, true},
		{"-Infinity", nil, true},
		{"1e400", nil, true},
		{"北纬", nil, true},
	} {
		fe := shuangbai.FieldErrors{}
		got := ParseFloat(fe, "lat", "纬度", tt.in)
		switch {
		case tt.bad && fe["lat"] != "纬度应为数字，例如 22.9152":
			t.Errorf("ParseFloat(%q): no field error: %v", tt.in, fe)
		case !tt.bad && len(fe) > 0:
			t.Errorf("ParseFloat(%q): %v", tt.in, fe)
		case (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want:
			t.Errorf("ParseFloat(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func ptr(f float64) *float64 { return &f }

// FuzzParseNumber checks that whatever is typed into a number field, the
// parser never panics and never hands on NaN or an infinity, and that what
// it takes is what strconv reads.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"", "16", " 2.5 ", "NaN", "-Inf", "1e400", "0x1p-2", "1_000", "两天", "+0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := ParseNumber(s)
		if !ok {
			return
		}
		if math.IsNaN(n) || math.IsInf(n, 0) {
			t.Fatalf("ParseNumber(%q) = %v", s, n)
		}
		if strings.TrimSpace(s) == "" {
			if n != 0 {
				t.Fatalf("ParseNumber(%q) = %v, want 0", s, n)
			}
			return
		}
		if want, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil || want != n {
			t.Fatalf("ParseNumber(%q) = %v; strconv says %v, %v", s, n, want, err)
		}
	})
}
