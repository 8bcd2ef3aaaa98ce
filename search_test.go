package shuangbai

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGrams(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"低保", []string{"低", "低保", "保"}},
		{"老人，儿童", []string{"老", "老人", "人", "儿", "儿童", "童"}},
		{"2024年ABC", []string{"2024", "年", "abc"}},
		{"ｗｅｉ１２", []string{"wei", "12"}},
		{"  ，。", nil},
		{"低保低保", []string{"低", "低保", "保", "保低"}},
	}
	for _, tt := range tests {
		if got := Grams(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Grams(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestQueryGrams(t *testing.T) {
	tests := []struct {
		terms []string
		want  []string
	}{
		{[]string{"低保"}, []string{"低保"}},
		{[]string{"低保户"}, []string{"低保", "保户"}},
		{[]string{"低保", "2024"}, []string{"低保", "2024"}},
		{[]string{"社工站abc"}, []string{"社工", "工站", "abc"}},
		{[]string{"低,"}, []string{"低"}},
	}
	for _, tt := range tests {
		if got := QueryGrams(tt.terms); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("QueryGrams(%q) = %q, want %q", tt.terms, got, tt.want)
		}
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		q       string
		want    []string
		wantErr string
	}{
		{"低保", []string{"低保"}, ""},
		{"  老人  低保 老人", []string{"老人", "低保"}, ""},
		{"ＡＢ", []string{"ab"}, ""},
		{"低", nil, "太短"},
		{"   ", nil, "请输入"},
		{strings.Repeat("字", 101), nil, "太长"},
		{strings.Repeat("字", 100), []string{strings.Repeat("字", 100)}, ""},
	}
	for _, tt := range tests {
		got, err := ParseQuery(tt.q)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || ErrorCode(err) != EINVALID {
				t.Errorf("ParseQuery(%q) error %v, want EINVALID with %q", tt.q, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseQuery(%q) = %q, %v; want %q", tt.q, got, err, tt.want)
		}
	}
}

func TestHighlightAndSnippet(t *testing.T) {
	got := Highlight("为低保户和ＡＢ老人服务", []string{"低保", "ab"})
	want := []Fragment{{"为", false}, {"低保", true}, {"户和", false}, {"ＡＢ", true}, {"老人服务", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Highlight = %v, want %v", got, want)
	}
	text := strings.Repeat("前文", 30) + "留守老人" + strings.Repeat("后文", 30)
	s := Snippet(text, []string{"老人"}, 20)
	var b strings.Builder
	hits := 0
	for _, f := range s {
		b.WriteString(f.Text)
		if f.Hit {
			hits++
		}
	}
	if hits != 1 || !strings.HasPrefix(b.String(), "…") || !strings.HasSuffix(b.String(), "…") || utf8.RuneCountInString(b.String()) != 22 {
		t.Errorf("Snippet = %q with %d hits", b.String(), hits)
	}
}

// Every query's grams are among the grams of any text that contains the
// query: the index can never miss a match that confirming would accept.
func FuzzGrams(f *testing.F) {
	for _, s := range []string{"低保户", "留守老人2024年ABC", "ｗｅｉ１２，老人", "a", "社工站（点）"} {
		f.Add(s, 1, 3)
	}
	f.Fuzz(func(t *testing.T, text string, from, n int) {
		if !utf8.ValidString(text) {
			return
		}
		rs := []rune(text)
		if len(rs) == 0 || n <= 0 {
			return
		}
		from = (from%len(rs) + len(rs)) % len(rs)
		to := min(len(rs), from+n)
		terms, err := ParseQuery(string(rs[from:to]))
		if err != nil {
			return
		}
		if !Contains(text, terms) {
			return // trimming or folding made a term the text does not hold
		}
		grams := Grams(text)
		for _, g := range QueryGrams(terms) {
			if !slices.Contains(grams, g) {
				// A run cut mid-word ("abc" → "b") is not a whole word of the
				// text: confirming is by substring, grams by word, so only Han
				// grams must always be there.
				if r, _ := utf8.DecodeRuneInString(g); isHan(r) {
					t.Fatalf("text %q holds %q but lacks its gram %q", text, terms, g)
				}
			}
		}
		_ = Highlight(text, terms)
		for _, w := range []int{1, 40} {
			if got, want := Snippet(text, terms, w), snippetByRunes(text, terms, w); !reflect.DeepEqual(got, want) {
				t.Fatalf("Snippet(%q, %q, %d) = %v, want %v", text, terms, w, got, want)
			}
		}
	})
}

// Looking for terms of Han characters alone in the text as it is (exact)
// finds what looking in it normalised finds, at the same place, in any
// text, invalid UTF-8 and full-width letters before the hit included.
func FuzzExactTerms(f *testing.F) {
	for _, s := range [][2]string{{"为低保户和ＡＢ老人服务", "老人"}, {"\xe8老人\xff老人", "老人 低保"}, {"留守老人", "留守 ab"},
		{"ＡＢＣ老人", "人"}, {"老\u3000人", "老人"},
		{"老老老人人", "老老 老人"}, {"人老人老人", "老人 人老"}, {"", "老人"}, {"老人", "老人"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, text, q string) {
		terms, err := ParseQuery(q)
		if err != nil {
			return
		}
		if got, want := Contains(text, terms), containsNormalized(text, terms); got != want {
			t.Fatalf("Contains(%q, %q) = %t, normalised %t", text, terms, got, want)
		}
		if got, want := Highlight(text, terms), highlightRunes(text, terms); !reflect.DeepEqual(got, want) {
			t.Fatalf("Highlight(%q, %q) = %v, rune by rune %v", text, terms, got, want)
		}
		if !utf8.ValidString(text) {
			return // snippetByRunes cuts by rune, which a stray byte is not
		}
		for _, w := range []int{1, 40} {
			if got, want := Snippet(text, terms, w), snippetByRunes(text, terms, w); !reflect.DeepEqual(got, want) {
				t.Fatalf("Snippet(%q, %q, %d) = %v, want %v", text, terms, w, got, want)
			}
		}
	})
}

// containsNormalized is Contains as it first was, the text normalised
// whatever the terms.
func containsNormalized(text string, terms []string) bool {
	n := Normalize(text)
	for _, t := range terms {
		if !strings.Contains(n, t) {
			return false
		}
	}
	return true
}

// snippetByRunes is Snippet as it first was, the whole text cut into
// runes: what the window cut by byte offsets must equal.
func snippetByRunes(text string, terms []string, width int) []Fragment {
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

// The window is cut where the rune-by-rune cut was, with full-width
// letters (3 bytes, folded to 1) before the hit, the hit at either end,
// no hit (a title hit's text), and texts shorter than the window.
func TestSnippetWindow(t *testing.T) {
	texts := []string{
		"", "老人", "ＡＢＣ老人", strings.Repeat("ＡＢ", 40) + "老人" + strings.Repeat("ｃ", 40),
		"老人" + strings.Repeat("后", 100), strings.Repeat("前", 100) + "老人", strings.Repeat("无", 90),
		"ａｂ，ｃｄ老" + strings.Repeat("人", 30) + "ab老人",
	}
	for _, text := range texts {
		for _, terms := range [][]string{{"老人"}, {"ab"}, {"人", "ｃ"}, {"无"}} {
			for _, w := range []int{1, 5, 20, 80, 400} {
				if got, want := Snippet(text, terms, w), snippetByRunes(text, terms, w); !reflect.DeepEqual(got, want) {
					t.Errorf("Snippet(%q, %q, %d) = %v, want %v", text, terms, w, got, want)
				}
			}
		}
	}
}

// BenchmarkHighlightHits: the title and the snippet of twenty hits of 老人
// in generated items, as a search's page marks them.
func BenchmarkHighlightHits(b *testing.B) {
	var titles, bodies []string
	for _, it := range searchItemsForBench(20) {
		titles, bodies = append(titles, it[0]), append(bodies, it[1])
	}
	terms := []string{"老人"}
	for b.Loop() {
		for i := range titles {
			Highlight(titles[i], terms)
			Snippet(bodies[i], terms, 80)
		}
	}
}

// searchItemsForBench is n titles and texts like the generator's, each
// holding 老人 (the root package cannot import gen).
func searchItemsForBench(n int) [][2]string {
	var out [][2]string
	for i := range n {
		body := strings.Repeat("社工站本周开展入户探访，为辖区内的困难群众提供服务。", 3+i%4) + "重点关注独居老人和留守儿童。" +
			strings.Repeat("活动结束后社工整理了服务记录并跟进个案。", 2+i%3)
		out = append(out, [2]string{fmt.Sprintf("第%d期：关爱老人志愿服务活动", i+1), body})
	}
	return out
}
