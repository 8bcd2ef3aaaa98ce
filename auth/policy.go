package auth

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Policy is the password rule the system administrator sets. The default
// meets GB/T 22239-2019 level 3 (§8.1.4.1: identification, complexity and
// periodic change): at least 8 characters from three of the four classes,
// not the username, not a common password, changed every 90 days, the last
// 5 not reused.
type Policy struct {
	MinLength  int `json:"min_length"`  // characters
	MinClasses int `json:"min_classes"` // of upper case, lower case, digits, others
	MaxAgeDays int `json:"max_age_days"`
	WarnDays   int `json:"warn_days"` // warn this many days before the age runs out
	History    int `json:"history"`   // earlier passwords that may not come back
}

// DefaultPolicy is the level 3 rule above.
var DefaultPolicy = Policy{MinLength: 8, MinClasses: 3, MaxAgeDays: 90, WarnDays: 7, History: 5}

// Bounds no administrator can set the policy beyond: below them the rule
// would no longer meet level 3.
const (
	minPolicyLength  = 8
	maxPasswordBytes = 256 // argon2 hashes anything; this only keeps forms sane
)

// Validate reports the first setting a policy may not take, as "field:
// message" in Chinese.
func (p Policy) Validate() error {
	switch {
	case p.MinLength < minPolicyLength || p.MinLength > 64:
		return policyFieldError("min_length", fmt.Sprintf("最短长度应为 %d 到 64 个字符（等保三级要求至少 8 位）", minPolicyLength))
	case p.MinClasses < 3 || p.MinClasses > 4:
		return policyFieldError("min_classes", "应包含的字符种类应为 3 或 4 种（等保三级要求至少 3 种）")
	case p.MaxAgeDays < 1 || p.MaxAgeDays > 90:
		return policyFieldError("max_age_days", "密码有效期应为 1 到 90 天（等保三级要求定期更换）")
	case p.WarnDays < 0 || p.WarnDays >= p.MaxAgeDays:
		return policyFieldError("warn_days", "提前提醒的天数应小于密码有效期")
	case p.History < 1 || p.History > 24:
		return policyFieldError("history", "不得重复使用的历史密码个数应为 1 到 24")
	}
	return nil
}

// PolicyError is a password or a policy setting the rule refuses. Field
// names the form field; Message says why in Chinese.
type PolicyError struct {
	Field   string
	Message string
}

func (e *PolicyError) Error() string { return e.Message }

func policyFieldError(field, msg string) error { return &PolicyError{Field: field, Message: msg} }

// Check refuses a new password the policy does not allow, with one message
// naming every problem, so the user fixes them at once.
func (p Policy) Check(username, password string) error {
	var problems []string
	n := utf8.RuneCountInString(password)
	if n < p.MinLength {
		problems = append(problems, fmt.Sprintf("至少 %d 个字符", p.MinLength))
	}
	if len(password) > maxPasswordBytes {
		problems = append(problems, "不超过 256 个字节")
	}
	if c := classes(password); c < p.MinClasses {
		problems = append(problems, fmt.Sprintf("包含大写字母、小写字母、数字、符号中的至少 %d 种（现在 %d 种）", p.MinClasses, c))
	}
	lower := strings.ToLower(password)
	if u := strings.ToLower(strings.TrimSpace(username)); u != "" && strings.Contains(lower, u) {
		problems = append(problems, "不能包含用户名")
	}
	if IsCommon(password) {
		problems = append(problems, "不能是常见密码（如 123456、password、qwerty 之类）")
	}
	if strings.ContainsFunc(password, unicode.IsControl) {
		problems = append(problems, "不能包含控制字符")
	}
	if len(problems) == 0 {
		return nil
	}
	return &PolicyError{Field: "password", Message: "密码应" + strings.Join(problems, "，") + "。"}
}

// CheckHistory refuses password if it matches one of the hashes of the
// user's recent passwords (newest first); only the policy's History count
// are compared.
func (p Policy) CheckHistory(password string, recent []string) error {
	for i, h := range recent {
		if i >= p.History {
			break
		}
		if ok, err := CheckPassword(h, password); err != nil {
			return err
		} else if ok {
			return &PolicyError{Field: "password", Message: fmt.Sprintf("不能使用最近 %d 次用过的密码，请换一个新密码。", p.History)}
		}
	}
	return nil
}

// classes counts the character classes in s: upper case, lower case,
// digits, and everything else.
func classes(s string) int {
	var up, low, dig, other bool
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			up = true
		case r >= 'a' && r <= 'z':
			low = true
		case r >= '0' && r <= '9':
			dig = true
		default:
			other = true
		}
	}
	n := 0
	for _, b := range []bool{up, low, dig, other} {
		if b {
			n++
		}
	}
	return n
}

//go:embed common_passwords.txt
var commonPasswordsText string

var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, 10000)
	for _, w := range strings.Split(commonPasswordsText, "\n") {
		if w != "" {
			m[strings.ToLower(w)] = true
		}
	}
	return m
})

// IsCommon reports whether password is among the 10,000 most common, in
// any letter case. A common word with a year or a "!" tacked on is caught
// by stripping trailing digits and symbols too (password2024!, qwerty123).
func IsCommon(password string) bool {
	m := commonPasswords()
	p := strings.ToLower(password)
	if m[p] {
		return true
	}
	stem := strings.TrimRightFunc(p, func(r rune) bool { return !unicode.IsLetter(r) })
	return len(stem) >= 4 && stem != p && m[stem]
}
