package shuangbai

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		kind TextKind
		max  int
		want string // the text returned when accepted
		msg  string // part of the message; "" when accepted
	}{
		{"a name", "陈小明", TextName, 50, "陈小明", ""},
		{"trimmed", "  陈小明\u3000", TextName, 50, "陈小明", ""},
		{"with a middle dot", "阿卜杜·热合曼", TextName, 50, "阿卜杜·热合曼", ""},
		{"latin", "Li Na", TextName, 50, "Li Na", ""},
		{"a digit is a word", "3号点", TextName, 50, "3号点", ""},
		{"empty name", "   ", TextName, 50, "", "请填写姓名"},
		{"empty line is fine", " ", TextLine, 50, "", ""},
		{"punctuation only", "。。。", TextName, 50, "", "应包含文字或数字"},
		{"a dot", ".", TextName, 50, "", "应包含文字或数字"},
		{"a dot as a line", ".", TextLine, 50, ".", ""},
		{"NUL", "陈\x00小明", TextName, 50, "", "控制字符"},
		{"DEL", "陈\x7f", TextName, 50, "", "控制字符"},
		{"C1", "陈\u0085明", TextName, 50, "", "控制字符"},
		{"tab in a name", "陈\t明", TextName, 50, "", "控制字符"},
		{"BOM", "\ufeff陈小明", TextName, 50, "", "字节顺序标记"},
		{"zero-width space", "陈\u200b小明", TextName, 50, "", "零宽字符"},
		{"zero-width only", "\u200b\u200c\u200d\u2060", TextName, 50, "", "零宽字符"},
		{"zero-width in a note", "情况稳定\u200d", TextNote, 50, "", "零宽字符"},
		{"soft hyphen", "陈\u00ad明", TextLine, 50, "", "看不见"},
		{"Hangul filler", "\u3164", TextName, 50, "", "看不见"},
		{"RTL override", "\u202e陈小明", TextName, 50, "", "文字方向"},
		{"RTL isolate", "陈\u2067小明\u2069", TextName, 50, "", "文字方向"},
		{"RLM", "陈\u200f", TextLine, 50, "", "文字方向"},
		{"bad UTF-8", "陈\xff", TextName, 50, "", "编码有误"},
		{"replacement character", "陈\ufffd", TextName, 50, "", "乱码"},
		{"newline in a line", "河口街道\n1号", TextLine, 50, "", "一行"},
		{"line separator", "河口\u2028街道", TextNote, 50, "", "一行"},
		{"newline in a note", "血压偏高。\r\n\t已转介卫生院。", TextNote, 50, "血压偏高。\r\n\t已转介卫生院。", ""},
		{"at the limit", strings.Repeat("字", 50), TextName, 50, strings.Repeat("字", 50), ""},
		{"over the limit", strings.Repeat("字", 51), TextName, 50, "", "不超过 50 字"},
		{"no limit", strings.Repeat("字", 5000), TextNote, 0, strings.Repeat("字", 5000), ""},
		{"variation selector kept", "葛\U000E0100", TextName, 50, "葛\U000E0100", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CleanText("name", "姓名", tt.in, tt.kind, tt.max)
			if tt.msg == "" {
				if err != nil || got != tt.want {
					t.Fatalf("CleanText(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Code != EINVALID || !strings.Contains(e.Fields["name"], tt.msg) {
				t.Fatalf("CleanText(%q) = %q, %v; want a field error with %q", tt.in, got, err, tt.msg)
			}
			fe := FieldErrors{}
			s := tt.in
			fe.Text("name", "姓名", &s, tt.kind, tt.max)
			if fe["name"] != e.Fields["name"] {
				t.Errorf("FieldErrors.Text = %q, CleanText = %q", fe["name"], e.Fields["name"])
			}
		})
	}
}

func TestCheckReason(t *testing.T) {
	for _, tt := range []struct {
		in, msg string
	}{
		{"核对补贴申请材料", ""},
		{"  年度核查  ", ""},
		{"check ID", ""},
		{"", "请填写理由"},
		{".", "至少 4 个字"},
		{"。。。。。", "至少 4 个字"},
		{"核对", "至少 4 个字"},
		{"1234567", "至少 4 个字"},
		{"核对\u200b材料", "零宽字符"},
		{"核对材料\x00", "控制字符"},
		{strings.Repeat("核", 201), "不超过 200 字"},
	} {
		got, err := CheckReason(tt.in)
		if tt.msg == "" {
			if err != nil || got != strings.TrimSpace(tt.in) {
				t.Errorf("CheckReason(%q) = %q, %v", tt.in, got, err)
			}
			continue
		}
		if e, ok := err.(*Error); !ok || !strings.Contains(e.Fields["reason"], tt.msg) {
			t.Errorf("CheckReason(%q) = %v; want a reason error with %q", tt.in, err, tt.msg)
		}
	}
}

// refused reports whether r is one of the runes the text rule must never
// let through, written out independently of textRune.
func refused(r rune, note bool) bool {
	switch {
	case r == 0, r == '\ufeff', r >= '\u200b' && r <= '\u200d', r == '\u2060',
		r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == utf8.RuneError:
		return true
	case r == '\n' || r == '\r' || r == '\t':
		return !note
	}
	return unicode.IsControl(r)
}

// FuzzCleanText checks, for any input, that CleanText never panics, that
// what it accepts holds none of the refused runes, is valid UTF-8, trimmed
// and within the limit, and that cleaning it again changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"陈小明", "  陈小明 ", "\ufeff陈", "\u200b", "陈\x00", "\u202e名", "a\nb", "\xff", "。", "", "葛\U000E0100", "\u3164"} {
		for k := TextName; k <= TextNote; k++ {
			f.Add(s, int(k))
		}
	}
	f.Fuzz(func(t *testing.T, s string, k int) {
		kind := TextKind(uint(k) % 3)
		out, err := CleanText("f", "内容", s, kind, 20)
		if err != nil {
			if ErrorCode(err) != EINVALID || err.(*Error).Fields["f"] == "" {
				t.Fatalf("CleanText(%q) error %v is not a field error", s, err)
			}
			return
		}
		if !utf8.ValidString(out) || out != strings.TrimSpace(out) || utf8.RuneCountInString(out) > 20 {
			t.Fatalf("CleanText(%q) = %q: not valid, trimmed and short", s, out)
		}
		if kind == TextName && out == "" {
			t.Fatalf("CleanText(%q) accepted an empty name", s)
		}
		for _, r := range out {
			if refused(r, kind == TextNote) {
				t.Fatalf("CleanText(%q) = %q keeps %U", s, out, r)
			}
		}
		again, err := CleanText("f", "内容", out, kind, 20)
		if err != nil || again != out {
			t.Fatalf("CleanText is not idempotent on %q: %q, %v", out, again, err)
		}
	})
}

// FuzzCheckReason checks that an accepted reason is always clean text with
// enough letters.
func FuzzCheckReason(f *testing.F) {
	for _, s := range []string{"核对补贴申请材料", ".", "核对", "\u200b核对材料", "abcd", "1234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := CheckReason(s)
		if err != nil {
			return
		}
		if _, err := CleanText("reason", "理由", out, TextLine, 200); err != nil {
			t.Fatalf("CheckReason(%q) accepted %q that CleanText refuses: %v", s, out, err)
		}
		n := 0
		for _, r := range out {
			if unicode.IsLetter(r) {
				n++
			}
		}
		if n < MinReasonLetters {
			t.Fatalf("CheckReason(%q) accepted %q with %d letters", s, out, n)
		}
	})
}
