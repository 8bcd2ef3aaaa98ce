package shuangbai

import (
	"bytes"
	"strings"
	"testing"
)

func TestSniffAttachment(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		want string // "" = refused
	}{
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, "image/jpeg"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "image/png"},
		{"pdf", []byte("%PDF-1.7\n"), "application/pdf"},
		{"html named .jpg", []byte("<html><script>alert(1)</script>"), ""},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), ""},
		{"exe", []byte("MZ\x90\x00"), ""},
		{"empty", nil, ""},
		{"too big", append([]byte("%PDF-"), bytes.Repeat([]byte{0}, MaxAttachment)...), ""},
	} {
		got, err := SniffAttachment(tt.data)
		if got != tt.want || (tt.want == "") != (err != nil) {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
		if err != nil {
			if _, ok := fieldsOf(err)["file"]; !ok {
				t.Errorf("%s: no field error on file: %v", tt.name, err)
			}
		}
	}
}

func TestAttachmentName(t *testing.T) {
	for in, want := range map[string]string{
		"身份证.jpg":                         "身份证.jpg",
		`C:\Users\x\残疾证.png`:              "残疾证.png",
		"../../etc/passwd":                "passwd",
		"a\u202Egpj.exe":                  "agpj.exe",
		"\x00\x01":                        "附件",
		"  ":                              "附件",
		"..":                              "附件",
		strings.Repeat("长", 150) + ".pdf": strings.Repeat("长", 100),
	} {
		if got := AttachmentName(in); got != want {
			t.Errorf("AttachmentName(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzAttachmentName(f *testing.F) {
	for _, s := range []string{"身份证.jpg", `a\b/c`, "\u202E", "..", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := AttachmentName(s)
		if got == "" || strings.ContainsAny(got, "/\\\x00\u202E\uFEFF") || !utf8Valid(got) || len([]rune(got)) > 100 {
			t.Fatalf("AttachmentName(%q) = %q", s, got)
		}
		if AttachmentName(got) != got {
			t.Fatalf("not idempotent: %q → %q → %q", s, got, AttachmentName(got))
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }
