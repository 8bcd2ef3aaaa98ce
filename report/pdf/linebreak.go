package pdf

import (
	"strings"
	"unicode"
)

// The rules of 避头尾 (GB/T 15834 and the usual typesetting practice):
// closing punctuation and the marks that follow a word never begin a line,
// opening brackets and quotes never end one.
const (
	noStart = "，。、；：？！）］｝〕〉》」』】〗’”…—·％‰℃,.;:?!)]}%"
	noEnd   = "（［｛〔〈《「『【〖‘“([{"
)

// Line is one line of a broken paragraph: its text, its natural width, and
// whether it ends the paragraph (or a hard line break), where justified
// text is not stretched.
type Line struct {
	Text  string
	Width float64
	End   bool
}

// token is what may not be split across lines: one Han character or mark,
// a run of Latin letters and digits (a word, a number like 12.5%), or a space.
type token struct {
	s     string
	w     float64
	space bool
}

// Break splits text into lines no wider than first (the first line, which
// an indent shortens) and rest (the others), measuring each rune with adv.
// A line that would begin with closing punctuation takes the last character
// of the line before with it (推出), and an opening bracket at a line's end
// moves down, so that neither stands where 避头尾 forbids. A newline breaks
// the line. A word wider than a line is split where it must be.
func Break(text string, first, rest float64, adv func(rune) float64) []Line {
	var out []Line
	for i, para := range strings.Split(text, "\n") {
		w := rest
		if i == 0 {
			w = first
		}
		lines := breakPara(tokens(para, adv), w, rest)
		if len(lines) == 0 {
			lines = []Line{{End: true}} // an empty line keeps its height
		}
		out = append(out, lines...)
	}
	return out
}

func tokens(s string, adv func(rune) float64) []token {
	var out []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		j := i + 1
		if isWord(r) {
			for j < len(rs) && (isWord(rs[j]) || (strings.ContainsRune(".,:%-/'", rs[j]) && j+1 < len(rs) && isWord(rs[j+1])) || rs[j] == '%') {
				j++
			}
		}
		t := token{s: string(rs[i:j]), space: unicode.IsSpace(r)}
		for _, c := range rs[i:j] {
			t.w += adv(c)
		}
		out = append(out, t)
		i = j
	}
	return out
}

// isWord is a letter or digit that is not Han: Latin words and numbers keep together.
func isWord(r rune) bool {
	return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func forbiddenStart(t token) bool { return !t.space && strings.Contains(noStart, firstRune(t.s)) }
func forbiddenEnd(t token) bool   { return !t.space && strings.Contains(noEnd, lastRune(t.s)) }

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}

func lastRune(s string) string {
	rs := []rune(s)
	if len(rs) == 0 {
		return ""
	}
	return string(rs[len(rs)-1])
}

func breakPara(ts []token, width, rest float64) []Line {
	var out []Line
	var cur []token
	curW := 0.0
	emit := func(end bool) {
		for len(cur) > 0 && cur[len(cur)-1].space {
			curW -= cur[len(cur)-1].w
			cur = cur[:len(cur)-1]
		}
		var b strings.Builder
		for _, t := range cur {
			b.WriteString(t.s)
		}
		out = append(out, Line{Text: b.String(), Width: curW, End: end})
		cur, curW, width = nil, 0, rest
	}
	for k := 0; k < len(ts); k++ {
		t := ts[k]
		if len(cur) == 0 && t.space {
			continue // no space at a line's start
		}
		if curW+t.w <= width+1e-9 || t.space {
			cur = append(cur, t)
			curW += t.w
			continue
		}
		if len(cur) == 0 {
			// A word wider than the line: split it by runes.
			head, tail := splitWord(t, width)
			cur = append(cur, head)
			curW = head.w
			emit(false)
			ts[k] = tail
			k--
			continue
		}
		// t does not fit: the line breaks before it, unless 避头尾 moves the break back.
		carry := 0
		for carry < len(cur)-1 {
			next := t
			if carry > 0 {
				next = cur[len(cur)-carry]
			}
			prev := cur[len(cur)-carry-1]
			if forbiddenStart(next) || forbiddenEnd(prev) {
				carry++
				continue
			}
			break
		}
		lead := t
		if carry > 0 {
			lead = cur[len(cur)-carry]
		}
		if forbiddenStart(lead) {
			// Nothing can move down without leading with punctuation
			// itself: the mark hangs past the margin instead.
			cur = append(cur, t)
			curW += t.w
			emit(false)
			continue
		}
		moved := append([]token(nil), cur[len(cur)-carry:]...)
		cur = cur[:len(cur)-carry]
		for _, m := range moved {
			curW -= m.w
		}
		emit(false)
		for _, m := range moved {
			cur = append(cur, m)
			curW += m.w
		}
		k-- // place t again on the new line
	}
	if len(cur) > 0 {
		emit(true)
	}
	return out
}

// splitWord cuts a token wider than width into what fits and the rest.
func splitWord(t token, width float64) (token, token) {
	rs := []rune(t.s)
	per := t.w / float64(len(rs))
	n := int(width / per)
	if n < 1 {
		n = 1
	}
	if n >= len(rs) {
		n = len(rs) - 1
	}
	return token{s: string(rs[:n]), w: per * float64(n)}, token{s: string(rs[n:]), w: per * float64(len(rs)-n)}
}
