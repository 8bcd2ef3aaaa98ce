package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestPolicyCheck(t *testing.T) {
	p := DefaultPolicy
	for _, tt := range []struct {
		user, pw string
		want     string // "" = accepted; else part of the message
	}{
		{"zhang", "Yunfu#2021x", ""},
		{"zhang", "短1a", "至少 8 个字符"},
		{"zhang", "abcdefgh", "至少 3 种（现在 1 种）"},
		{"zhang", "abcdefg1", "至少 3 种（现在 2 种）"},
		{"zhang", "Zhang.2021x", "不能包含用户名"},
		{"zhang", "Password1", "常见密码"},   // "password1" is on the list, in any case
		{"zhang", "Qwerty2024!", "常见密码"}, // a common word with a year and a sign
		{"zhang", "Iloveyou!!", "常见密码"},  // likewise
		{"zhang", "社工站密码Ab1", ""},        // Chinese characters count as "others"
		{"zhang", "Tab\tbed1x", "控制字符"},  // a tab pasted in
		{"zhang", "aaaaaaaa", "至少 3 种"},  // several problems, one message
		{"", "Yunfu#2021x", ""},
	} {
		err := p.Check(tt.user, tt.pw)
		if tt.want == "" {
			if err != nil {
				t.Errorf("Check(%q, %q) = %v, want nil", tt.user, tt.pw, err)
			}
			continue
		}
		var pe *PolicyError
		if !errors.As(err, &pe) || pe.Field != "password" || !strings.Contains(pe.Message, tt.want) {
			t.Errorf("Check(%q, %q) = %v, want a password error with %q", tt.user, tt.pw, err, tt.want)
		}
	}
}

func TestPolicyHistory(t *testing.T) {
	p := Policy{History: 2}
	var hashes []string
	for _, pw := range []string{"Newest#2021", "Older#2021", "Oldest#2021"} {
		h, err := HashPassword(pw)
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, h)
	}
	if err := p.CheckHistory("Newest#2021", hashes); err == nil {
		t.Error("the newest password was accepted again")
	}
	if err := p.CheckHistory("Older#2021", hashes); err == nil {
		t.Error("the second newest password was accepted again")
	}
	if err := p.CheckHistory("Oldest#2021", hashes); err != nil {
		t.Errorf("a password older than the history was refused: %v", err)
	}
}

func TestPolicyValidate(t *testing.T) {
	if err := DefaultPolicy.Validate(); err != nil {
		t.Fatalf("default policy: %v", err)
	}
	for _, tt := range []struct {
		p     Policy
		field string
	}{
		{Policy{MinLength: 6, MinClasses: 3, MaxAgeDays: 90, WarnDays: 7, History: 5}, "min_length"},
		{Policy{MinLength: 8, MinClasses: 2, MaxAgeDays: 90, WarnDays: 7, History: 5}, "min_classes"},
		{Policy{MinLength: 8, MinClasses: 3, MaxAgeDays: 365, WarnDays: 7, History: 5}, "max_age_days"},
		{Policy{MinLength: 8, MinClasses: 3, MaxAgeDays: 30, WarnDays: 30, History: 5}, "warn_days"},
		{Policy{MinLength: 8, MinClasses: 3, MaxAgeDays: 90, WarnDays: 7, History: 0}, "history"},
	} {
		var pe *PolicyError
		if err := tt.p.Validate(); !errors.As(err, &pe) || pe.Field != tt.field {
			t.Errorf("Validate(%+v) = %v, want a %s error", tt.p, err, tt.field)
		}
	}
}

func TestCommonList(t *testing.T) {
	if n := len(commonPasswords()); n < 9900 {
		t.Fatalf("common passwords: %d, want about 10,000", n)
	}
	for _, pw := range []string{"123456", "5201314", "1qaz2wsx", "PASSWORD"} {
		if !IsCommon(pw) {
			t.Errorf("IsCommon(%q) = false", pw)
		}
	}
	if IsCommon("Hekou-Shuangshang-7") {
		t.Error("an uncommon password was called common")
	}
}
