package shuangbai

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// withCheck completes 17 digits with their check character.
func withCheck(first17 string) string {
	return first17 + string(IDCheckDigit(first17))
}

func TestIDCheckDigit(t *testing.T) {
	tests := []struct {
		first17 string
		want    byte
	}{
		// The example number printed in GB 11643-1999.
		{"11010519491231002", 'X'},
		// Computed independently of this package.
		{"44530219900307123", '1'},
		{"44530220000229456", 'X'},
		{"44530219850615001", '7'},
		{"4453021990030712", 0},   // 16 digits
		{"445302199003071234", 0}, // 18 digits
		{"4453021990030712A", 0},  // not a digit
		{"", 0},
	}
	for _, tt := range tests {
		if got := IDCheckDigit(tt.first17); got != tt.want {
			t.Errorf("IDCheckDigit(%q) = %q, want %q", tt.first17, got, tt.want)
		}
	}
}

func TestParseIDNumber(t *testing.T) {
	today := NewDate(2026, time.March, 15)
	const (
		badLength = "身份证号应为18位"
		badBirth  = "身份证号中的出生日期无效"
		badCheck  = "身份证号校验位不正确"
	)
	tests := []struct {
		name    string
		in      string
		want    IDInfo // checked when wantErr is ""
		wantErr string // a prefix of the error message
	}{
		{name: "GB example, female", in: "11010519491231002X",
			want: IDInfo{"11010519491231002X", NewDate(1949, 12, 31), GenderFemale, "110105"}},
		{name: "male", in: "445302199003071231",
			want: IDInfo{"445302199003071231", NewDate(1990, 3, 7), GenderMale, "445302"}},
		{name: "lowercase x is normalised", in: "44530220000229456x",
			want: IDInfo{"44530220000229456X", NewDate(2000, 2, 29), GenderFemale, "445302"}},
		{name: "surrounding spaces", in: " 445302198506150017\t",
			want: IDInfo{"445302198506150017", NewDate(1985, 6, 15), GenderMale, "445302"}},
		{name: "born today", in: withCheck("44530220260315002"),
			want: IDInfo{withCheck("44530220260315002"), today, GenderFemale, "445302"}},
		{name: "born 1900-01-01", in: withCheck("44530219000101001"),
			want: IDInfo{withCheck("44530219000101001"), NewDate(1900, 1, 1), GenderMale, "445302"}},

		{name: "wrong check digit", in: "445302199003071232", wantErr: badCheck},
		{name: "X where a digit belongs", in: "44530219850615001X", wantErr: badCheck},
		{name: "Feb 30", in: withCheck("44530219900230123"), wantErr: badBirth},
		{name: "Feb 29 in a common year", in: withCheck("44530220010229123"), wantErr: badBirth},
		{name: "month 13", in: withCheck("44530219901301123"), wantErr: badBirth},
		{name: "born tomorrow", in: withCheck("44530220260316123"), wantErr: badBirth},
		{name: "before 1900", in: withCheck("44530218991231123"), wantErr: badBirth},
		{name: "empty", in: "", wantErr: badLength},
		{name: "17 characters", in: "44530219900307123", wantErr: badLength},
		{name: "19 characters", in: "4453021990030712310", wantErr: badLength},
		{name: "15-digit old number", in: "445302900307123", wantErr: badLength},
		{name: "letter inside", in: "4453021990O3071231", wantErr: badLength},
		{name: "X not last", in: "X45302199003071231", wantErr: badLength},
		{name: "full-width digits", in: "４４５３０２199003071231", wantErr: badLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseIDNumber(tt.in, today)
			if tt.wantErr != "" {
				var e *Error
				if !errors.As(err, &e) || e.Code != EINVALID {
					t.Fatalf("parseIDNumber(%q) error = %v, want *Error with code %s", tt.in, err, EINVALID)
				}
				if !strings.HasPrefix(e.Message, tt.wantErr) {
					t.Errorf("parseIDNumber(%q) message = %q, want prefix %q", tt.in, e.Message, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseIDNumber(%q) error = %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("parseIDNumber(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestValidIDNumber(t *testing.T) {
	nextYear := time.Now().Year() + 1
	future := withCheck("445302" + time.Date(nextYear, 1, 1, 0, 0, 0, 0, time.UTC).Format("20060102") + "123")
	tests := []struct {
		in   string
		want bool
	}{
		{"11010519491231002X", true},
		{"11010519491231002x", true},
		{"110105194912310021", false},
		{withCheck("44530219900230123"), false},
		{future, false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidIDNumber(tt.in); got != tt.want {
			t.Errorf("ValidIDNumber(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestMaskIDNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"445302199003071234", "尾号1234"},
		{"11010519491231002x", "尾号002X"},
		{" 445302199003071234 ", "尾号1234"},
		{"445302900307123", "尾号7123"}, // 15-digit old number
		{"12345", "尾号2345"},
		{"1234", "****"},
		{"", ""},
	}
	for _, tt := range tests {
		got := MaskIDNumber(tt.in)
		if got != tt.want {
			t.Errorf("MaskIDNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
		// Nothing of the region or the birth date survives the mask.
		if n := strings.TrimSpace(tt.in); len(n) == 18 && (strings.Contains(got, n[:6]) || strings.Contains(got, n[6:14])) {
			t.Errorf("MaskIDNumber(%q) = %q keeps the region or the birth date", tt.in, got)
		}
	}
}

func TestIDTailOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"445302********1234", "尾号1234"}, // the mask of earlier audit entries
		{"尾号1234", "尾号1234"},
		{"110105********002X", "尾号002X"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := IDTailOf(tt.in); got != tt.want {
			t.Errorf("IDTailOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13800138000", "138****8000"},
		{" 13800138000 ", "138****8000"},
		{"0766-8812345", "076*******45"},
		{"07668812345", "076******45"}, // 11 digits but not a mobile
		{"8812345", "881**45"},
		{"12345", "*****"},
		{"电话号码未知", "电话号*未知"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := MaskPhone(tt.in); got != tt.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
