package shuangbai

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzIDNumber: whatever is typed or imported as an ID number, parsing
// never panics and accepts only 18 ASCII characters with a real birth date
// and a right check character; the masks are valid UTF-8 and keep at most
// the last four characters of what was given (full-width digits once made
// a byte-wise cut split a character and return invalid UTF-8).
func FuzzIDNumber(f *testing.F) {
	for _, s := range []string{"445302199001011235", "44530219900101123x", " 445302199001011235 ", "",
		"４４５３０２１９９００１０１１２３５", "44530219900230123X", "尾号1234", "\xff\xfe123456789012345678", "1234",
		"445302\u200b199001011235", "13800138000", "0766-8888888", "１３８００１３８０００"} {
		f.Add(s)
	}
	today := NewDate(2024, 6, 1)
	f.Fuzz(func(t *testing.T, s string) {
		info, err := parseIDNumber(s, today)
		if err == nil {
			n := info.Number
			if len(n) != 18 || !idDigits(n[:17]) || IDCheckDigit(n[:17]) != n[17] || info.Birth.After(today) || info.Region != n[:6] {
				t.Fatalf("accepted %q as %+v", s, info)
			}
		} else if ErrorCode(err) != EINVALID {
			t.Fatalf("%q: an error that is not the user's: %v", s, err)
		}
		for name, m := range map[string]string{"MaskIDNumber": MaskIDNumber(s), "IDTailOf": IDTailOf(s), "MaskPhone": MaskPhone(s)} {
			if !utf8.ValidString(m) {
				t.Fatalf("%s(%q) = %q: not UTF-8", name, s, m)
			}
		}
		m := MaskIDNumber(s)
		tail := strings.TrimPrefix(m, idTailPrefix)
		if utf8.RuneCountInString(tail) > idTail {
			t.Fatalf("MaskIDNumber(%q) = %q keeps more than %d characters", s, m, idTail)
		}
		if !utf8.ValidString(s) {
			return
		}
		if strings.HasPrefix(m, idTailPrefix) && !strings.HasSuffix(strings.ToUpper(strings.TrimSpace(s)), tail) {
			t.Fatalf("MaskIDNumber(%q) = %q is not the number's tail", s, m)
		}
		if IDTailOf(m) != m {
			t.Fatalf("IDTailOf(%q) = %q, want the mask unchanged", m, IDTailOf(m))
		}
	})
}
