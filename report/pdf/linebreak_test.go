package pdf

import (
	"reflect"
	"testing"
)

// one measures every rune as one unit: widths count characters.
func one(rune) float64 { return 1 }

func TestBreakKeepsPunctuationOffLineStarts(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		first, rest float64
		want        []string
	}{
		{"fits", "一二三", 5, 5, []string{"一二三"}},
		{"plain break", "一二三四五六七", 5, 5, []string{"一二三四五", "六七"}},
		{"comma would start a line: the last character moves down", "一二三四五，六七", 5, 5, []string{"一二三四", "五，六七"}},
		{"full stop and closing quote together", "一二三四五。”六", 5, 5, []string{"一二三四", "五。”六"}},
		{"opening bracket never ends a line", "一二三四（五）六", 5, 5, []string{"一二三四", "（五）六"}},
		{"opening quote before the break moves down with its word", "一二三“四五”", 4, 4, []string{"一二三", "“四五”"}},
		{"indented first line", "一二三四五六", 4, 6, []string{"一二三四", "五六"}},
		{"a number stays whole", "共计12345人", 5, 5, []string{"共计", "12345", "人"}},
		{"a word wider than a line is split", "abcdefgh", 3, 3, []string{"abc", "def", "gh"}},
		{"newline breaks", "一二\n三", 5, 5, []string{"一二", "三"}},
		{"a mark that cannot move hangs", "一，", 1, 1, []string{"一，"}},
		{"spaces do not start or end a line", "ab cd ef", 5, 5, []string{"ab cd", "ef"}},
		{"percent stays with its number", "增长12.5%。", 6, 6, []string{"增长", "12.5%。"}},
		{"empty paragraph keeps a line", "", 5, 5, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, l := range Break(tt.text, tt.first, tt.rest, one) {
				got = append(got, l.Text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Break(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestBreakMarksParagraphEnds(t *testing.T) {
	ls := Break("一二三四五六\n七", 5, 5, one)
	var ends []bool
	for _, l := range ls {
		ends = append(ends, l.End)
	}
	if want := []bool{false, true, true}; !reflect.DeepEqual(ends, want) {
		t.Errorf("ends = %v, want %v", ends, want)
	}
	if ls[0].Width != 5 {
		t.Errorf("width = %v, want 5", ls[0].Width)
	}
}

// No line of a long text starts with closing punctuation or ends with an
// opening one, whatever the width.
func TestBreakNeverStartsWithClosingPunctuation(t *testing.T) {
	text := "社会工作站（点）是“双百工程”的基础，服务对象包括：低保、特困、留守老人……以及儿童。"
	for w := 2.0; w <= 12; w++ {
		for _, l := range Break(text, w, w, one) {
			if l.Text == "" {
				continue
			}
			if forbiddenStart(token{s: l.Text}) || forbiddenEnd(token{s: l.Text}) && len([]rune(l.Text)) > 1 {
				t.Errorf("width %v: line %q breaks 避头尾", w, l.Text)
			}
		}
	}
}
