package shuangbai

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Full-text search of published items (briefings, news). No engine's own
// index finds two-character Chinese words (低保, 老人) — SQLite's FTS5
// trigram and PostgreSQL's pg_trgm need three — so the project keeps an
// index of its own in an ordinary table: the grams of each item's text,
// (gram, item) as the key. A query's grams are intersected there and every
// candidate confirmed against the text, the same on both engines.

// SearchItem is what is indexed: an item of some kind (a published
// briefing, a news item) in a region, with its title and text.
type SearchItem struct {
	Kind      string // "briefing", "news"
	ID        int64
	Region    string // where it was published; everyone in the region and its subtree sees it
	Title     string
	Body      string
	Published time.Time
}

// SearchHit is one result: the item and where its text matched.
type SearchHit struct {
	Kind      string
	ID        int64
	Region    string
	Published time.Time
	Title     []Fragment // the title, hits marked
	Snippet   []Fragment // the part of the text around the first hit, hits marked
}

// Fragment is a piece of highlighted text.
type Fragment struct {
	Text string
	Hit  bool
}

// The length a query may have, in characters.
const (
	SearchMin = 2
	SearchMax = 100
)

// ParseQuery checks a search string and returns its terms, normalised:
// words separated by spaces, each of which a result must contain.
func ParseQuery(q string) ([]string, error) {
	q = strings.TrimSpace(q)
	n := utf8.RuneCountInString(q)
	switch {
	case n == 0:
		return nil, Errorf(EINVALID, "请输入要搜索的词")
	case n < SearchMin:
		return nil, Errorf(EINVALID, "搜索词太短：请至少输入两个字")
	case n > SearchMax:
		return nil, Errorf(EINVALID, "搜索词太长：最多 %d 个字", SearchMax)
	}
	var terms []string
	seen := map[string]bool{}
	for _, t := range strings.Fields(Normalize(q)) {
		if !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	return terms, nil
}

// Normalize folds what a searcher should not have to match exactly:
// full-width letters, digits and spaces to ASCII, Latin letters to lower case.
func Normalize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == 0x3000:
			return ' '
		case r >= 0xFF01 && r <= 0xFF5E && !isFullPunct(r):
			r -= 0xFEE0
		}
		return unicode.ToLower(r)
	}, s)
}

// isFullPunct keeps Chinese punctuation (，（）：) as it is typed: only
// full-width letters and digits fold.
func isFullPunct(r rune) bool {
	a := r - 0xFEE0
	return !(a >= '0' && a <= '9' || a >= 'A' && a <= 'Z' || a >= 'a' && a <= 'z')
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// Grams returns the index grams of text, each once: every Han character
// and every pair of adjacent ones (so that a one-character query and a
// two-character word both find it), and the words of letters and the runs
// of digits of the rest, lower case.
func Grams(text string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(g string) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	eachRun(Normalize(text), func(run string, han bool) {
		if !han {
			add(run)
			return
		}
		rs := []rune(run)
		for i := range rs {
			add(string(rs[i]))
			if i+1 < len(rs) {
				add(string(rs[i : i+2]))
			}
		}
	})
	return out
}

// QueryGrams returns the grams an item must have to contain all terms:
// the pairs of each Han run (its character when it has only one), and its
// words and digit runs. Every gram of the text's matches is in Grams.
func QueryGrams(terms []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(g string) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	for _, t := range terms {
		eachRun(t, func(run string, han bool) {
			rs := []rune(run)
			if !han || len(rs) == 1 {
				add(run)
				return
			}
			for i := 0; i+1 < len(rs); i++ {
				add(string(rs[i : i+2]))
			}
		})
	}
	return out
}

// eachRun calls fn with the runs of text that grams are made of: Han runs,
// runs of digits, runs of other letters; punctuation and spaces separate them.
func eachRun(text string, fn func(run string, han bool)) {
	kind := func(r rune) int {
		switch {
		case isHan(r):
			return 1
		case unicode.IsDigit(r):
			return 2
		case unicode.IsLetter(r):
			return 3
		}
		return 0
	}
	start, k := -1, 0
	for i, r := range text {
		rk := kind(r)
		if start >= 0 && rk != k {
			fn(text[start:i], k == 1)
			start = -1
		}
		if start < 0 && rk != 0 {
			start, k = i, rk
		}
	}
	if start >= 0 {
		fn(text[start:], k == 1)
	}
}

// Contains reports whether the text (normalised) contains every term.
func Contains(text string, terms []string) bool {
	n := Normalize(text)
	for _, t := range terms {
		if !strings.Contains(n, t) {
			return false
		}
	}
	return true
}

// Highlight splits text into fragments, the terms' occurrences marked.
// Normalising keeps a string's length in bytes for every rune it folds
// (full-width forms are 3 bytes, ASCII 1: the offsets are mapped by rune).
func Highlight(text string, terms []string) []Fragment {
	rs := []rune(text)
	nrs := []rune(Normalize(text))
	hit := make([]bool, len(rs))
	for _, t := range terms {
		tr := []rune(t)
		for i := 0; i+len(tr) <= len(nrs); i++ {
			if string(nrs[i:i+len(tr)]) == t {
				for k := i; k < i+len(tr); k++ {
					hit[k] = true
				}
			}
		}
	}
	var out []Fragment
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && hit[j] == hit[i] {
			j++
		}
		out = append(out, Fragment{Text: string(rs[i:j]), Hit: hit[i]})
		i = j
	}
	return out
}

// Snippet is the part of text around its first hit, about width
// characters, highlighted; "…" marks what is cut.
func Snippet(text string, terms []string, width int) []Fragment {
	rs := []rune(text)
	nt := Normalize(text)
	first := -1
	for _, t := range terms {
		if i := strings.Index(nt, t); i >= 0 {
			if ri := utf8.RuneCountInString(nt[:i]); first < 0 || ri < first {
				first = ri
			}
		}
	}
	from := max(0, first-width/4)
	to := min(len(rs), from+width)
	s := string(rs[from:to])
	if from > 0 {
		s = "…" + s
	}
	if to < len(rs) {
		s += "…"
	}
	return Highlight(s, terms)
}
