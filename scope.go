package shuangbai

import "strings"

// A Scope is the part of the region tree a user may see and change: the
// region with Code and everything below it. Codes nest by prefix, so the
// subtree is every code that starts with Code. The zero Scope allows nothing.
type Scope struct {
	Code string
	All  bool // the whole tree: only for the operator's command line (SystemUser)
}

// Contains reports whether the region with the given code lies inside s.
func (s Scope) Contains(code string) bool {
	return s.All || s.Code != "" && strings.HasPrefix(code, s.Code)
}

// Empty reports whether s allows nothing.
func (s Scope) Empty() bool { return !s.All && s.Code == "" }

// Within reports whether all of t lies inside s.
func (s Scope) Within(t Scope) bool { return t.All || !s.All && t.Contains(s.Code) }

// Range returns the half-open interval [lo, hi) of codes inside s, so that a
// store can answer "is this in scope?" with one indexed range condition. For
// a prefix of digits, hi is the prefix plus one at the same length
// ("4453" → "4454"); codes are digit strings, so this holds in any collation.
// A prefix of all nines has no upper bound: hi is "".
func (s Scope) Range() (lo, hi string) {
	b := []byte(s.Code)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return s.Code, string(b[:i+1])
		}
	}
	return s.Code, ""
}

// Narrow returns the scope of code if it lies inside s, so that a request for
// a region filters within the user's scope and never widens it; ok is false
// when code is outside s.
func (s Scope) Narrow(code string) (Scope, bool) {
	if code == "" {
		return s, !s.Empty()
	}
	if s.Contains(code) {
		return Scope{Code: code}, true
	}
	return Scope{}, false
}
