package auth

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"
)

func TestTOTP(t *testing.T) {
	k, err := NewTOTP("双百社工站", "hekou-sw")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(k.URL, "otpauth://totp/") || !strings.Contains(k.URL, "secret="+k.Secret) {
		t.Errorf("URL = %s", k.URL)
	}
	if _, err := png.Decode(bytes.NewReader(k.QR)); err != nil {
		t.Errorf("QR is not a PNG: %v", err)
	}
	at := time.Date(2021, 8, 9, 10, 0, 15, 0, time.UTC)
	code, err := TOTPCode(k.Secret, at)
	if err != nil {
		t.Fatal(err)
	}
	step, ok := CheckTOTP(k.Secret, code, at, 0)
	if !ok || step != at.Unix()/30 {
		t.Fatalf("CheckTOTP(now) = %d, %v", step, ok)
	}
	for _, tt := range []struct {
		name string
		code string
		at   time.Time
		last int64
		want bool
	}{
		{"30 s later: the phone's clock is behind", code, at.Add(30 * time.Second), 0, true},
		{"90 s later: too old", code, at.Add(90 * time.Second), 0, false},
		{"the same code again", code, at, step, false},
		{"a wrong code", "000000", at, 0, code == "000000"},
		{"not six digits", "12345", at, 0, false},
		{"with spaces around", " " + code + " ", at, 0, true},
	} {
		if _, ok := CheckTOTP(k.Secret, tt.code, tt.at, tt.last); ok != tt.want {
			t.Errorf("%s: ok = %v, want %v", tt.name, ok, tt.want)
		}
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes, hashes := NewRecoveryCodes(10)
	if len(codes) != 10 || len(hashes) != 10 {
		t.Fatalf("%d codes, %d hashes", len(codes), len(hashes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(c) != 14 || strings.ContainsAny(c, "01OIL") || seen[c] {
			t.Errorf("code %q", c)
		}
		seen[c] = true
		typed := strings.ToLower(strings.ReplaceAll(c, "-", " "))
		if RecoveryHash(typed) != hashes[i] {
			t.Errorf("code %q typed as %q does not match its hash", c, typed)
		}
	}
}
