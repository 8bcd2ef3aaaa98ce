package shuangbai

import (
	"slices"
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
func Normalize(s string) string { return strings.Map(normRune, s) }

func normRune(r rune) rune {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF:
		return r // the common Han characters, most of a text, have no case
	case r == 0x3000:
		return ' '
	case r >= 0xFF01 && r <= 0xFF5E && !isFullPunct(r):
		r -= 0xFEE0
	}
	return unicode.ToLower(r)
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

// ExactTerms reports whether every term is of the common Han characters alone
// (U+4E00–U+9FFF), which normalising leaves as they are and into which it
// folds nothing else: such terms are found in a text where they are found
// in it normalised, and at the same rune (normalising maps rune to rune),
// so the text need not be normalised to look for them. Most searches are
// such words (老人, 低保户), and normalising each candidate's whole text
// was a tenth of a search's time.
func ExactTerms(terms []string) bool {
	for _, t := range terms {
		if t == "" {
			return false
		}
		for _, r := range t {
			if r < 0x4E00 || r > 0x9FFF {
				return false
			}
		}
	}
	return true
}

// normalizedFor is text as terms are looked for in it: normalised, unless
// the terms are exact.
func normalizedFor(text string, terms []string) string {
	if ExactTerms(terms) {
		return text
	}
	return Normalize(text)
}

// Contains reports whether the text (normalised) contains every term.
func Contains(text string, terms []string) bool {
	n := normalizedFor(text, terms)
	for _, t := range terms {
		if !strings.Contains(n, t) {
			return false
		}
	}
	return true
}

// Highlight splits text into fragments, the terms' occurrences marked.
// Normalising maps rune to rune but not byte to byte (a full-width letter
// is 3 bytes, its ASCII 1), so the marks are found by rune and each
// fragment is cut from text at its runes' byte offsets; terms of Han
// characters alone, which normalising leaves as they are, are marked
// where their bytes are (highlightExact).
func Highlight(text string, terms []string) []Fragment {
	if ExactTerms(terms) {
		return highlightExact(text, terms)
	}
	return highlightRunes(text, terms)
}

// highlightExact is Highlight for exact terms: every occurrence, those
// that overlap too, found in text's bytes, and the marks that touch or
// overlap made one. A Han character's bytes cannot begin inside another
// character, nor inside a stray byte, so the bytes match where the runes
// do. Twenty hits' titles and snippets cut rune by rune were half a
// search's time in the store.
func highlightExact(text string, terms []string) []Fragment {
	var sbuf [16][2]int
	spans := sbuf[:0]
	for _, t := range terms {
		_, step := utf8.DecodeRuneInString(t)
		for i := 0; ; {
			j := strings.Index(text[i:], t)
			if j < 0 {
				break
			}
			spans = append(spans, [2]int{i + j, i + j + len(t)})
			i += j + step
		}
	}
	if len(spans) == 0 {
		if text == "" {
			return nil
		}
		return []Fragment{{Text: text}}
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var out []Fragment
	at := 0 // text before at is in out
	for k := 0; k < len(spans); {
		from, to := spans[k][0], spans[k][1]
		for k++; k < len(spans) && spans[k][0] <= to; k++ {
			to = max(to, spans[k][1])
		}
		if from > at {
			out = append(out, Fragment{Text: text[at:from]})
		}
		out = append(out, Fragment{Text: text[from:to], Hit: true})
		at = to
	}
	if at < len(text) {
		out = append(out, Fragment{Text: text[at:]})
	}
	return out
}

// highlightRunes is Highlight for any terms, rune by rune.
func highlightRunes(text string, terms []string) []Fragment {
	var nbuf [128]rune
	var obuf [129]int
	nrs, offs := nbuf[:0], obuf[:0]
	for i, r := range text {
		nrs = append(nrs, normRune(r))
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	var hbuf [128]bool
	hit := hbuf[:0]
	hit = append(hit, make([]bool, len(nrs))...)
	var tbuf [32]rune
	for _, t := range terms {
		tr := append(tbuf[:0], []rune(t)...)
		if len(tr) == 0 {
			continue
		}
		for i := 0; i+len(tr) <= len(nrs); i++ {
			if nrs[i] == tr[0] && slices.Equal(nrs[i:i+len(tr)], tr) {
				for k := i; k < i+len(tr); k++ {
					hit[k] = true
				}
			}
		}
	}
	var out []Fragment
	for i := 0; i < len(nrs); {
		j := i
		for j < len(nrs) && hit[j] == hit[i] {
			j++
		}
		out = append(out, Fragment{Text: text[offs[i]:offs[j]], Hit: hit[i]})
		i = j
	}
	return out
}

// Snippet is the part of text around its first hit, about width
// characters, highlighted; "…" marks what is cut. Only the window is cut
// into runes: a long text costs its normalising and one search.
func Snippet(text string, terms []string, width int) []Fragment {
	nt := normalizedFor(text, terms)
	first := -1
	for _, t := range terms {
		if i := strings.Index(nt, t); i >= 0 {
			if ri := utf8.RuneCountInString(nt[:i]); first < 0 || ri < first {
				first = ri
			}
		}
	}
	from := max(0, first-width/4)
	// The byte offsets of the window's first rune and of the rune after it.
	start, end, n := len(text), len(text), 0
	for bi := range text {
		if n == from {
			start = bi
		}
		if n == from+width {
			end = bi
			break
		}
		n++
	}
	s := text[start:end]
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return Highlight(s, terms)
}
