package shuangbai

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextKind names the rule a text typed by a person follows. Every name,
// title, address, reason and note the system keeps passes CleanText, so
// that no stored text hides characters a reader cannot see: a NUL that cuts
// a line short in another program, a byte-order mark or zero-width space
// that makes two equal-looking names differ, or a bidi override that shows
// "abc" for "cba" in an audit log.
type TextKind int

// The kinds of text.
const (
	// TextName is a name or a title: one line, required, with at least one
	// letter or digit (a name of only punctuation names no one).
	TextName TextKind = iota
	// TextLine is a short text on one line, optional: an address, a 文号,
	// a reason.
	TextLine
	// TextNote is free text that may run over several lines, optional:
	// notes, findings, plans. Line breaks and tabs are kept.
	TextNote
)

// CleanText trims the spaces around s and checks it by the rule of kind:
// no control characters (NUL and the rest; a note keeps line breaks and
// tabs), no byte-order mark, zero-width or other invisible formatting
// characters, no bidi overrides or isolates, valid UTF-8, and at most max
// characters (0: no limit). A TextName must not be empty and must hold a
// letter or a digit. It returns the trimmed text, and an EINVALID *Error
// whose message, in Chinese and naming label, is filed under field.
//
// Invisible characters are refused rather than silently removed: the user
// sees what was wrong (usually text pasted from a web page or a
// spreadsheet) and the stored text is exactly what was shown to them.
func CleanText(field, label, s string, kind TextKind, max int) (string, error) {
	out, msg := cleanText(label, s, kind, max)
	if msg != "" {
		return out, &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
	}
	return out, nil
}

// Text cleans *s by CleanText, storing the trimmed text back, and records
// a problem under field.
func (f FieldErrors) Text(field, label string, s *string, kind TextKind, max int) {
	out, msg := cleanText(label, *s, kind, max)
	*s = out
	if msg != "" {
		f.Add(field, msg)
	}
}

func cleanText(label, s string, kind TextKind, max int) (string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		if kind == TextName {
			return s, "请填写" + label
		}
		return s, ""
	}
	if !utf8.ValidString(s) {
		return s, label + "含有无法识别的字符（编码有误），请重新输入"
	}
	word := false
	for _, r := range s {
		switch textRune(r, kind) {
		case runeControl:
			return s, label + "含有控制字符（如 NUL），请删除后重新输入"
		case runeNewline:
			return s, label + "应写在一行内，不能换行"
		case runeInvisible:
			return s, label + "含有零宽字符、字节顺序标记（BOM）等看不见的字符，请删除后重新输入（常由复制粘贴带入）"
		case runeBidi:
			return s, label + "含有改变文字方向的控制符，请删除后重新输入（常由复制粘贴带入）"
		case runeBroken:
			return s, label + "含有无法识别的字符（乱码），请重新输入"
		}
		word = word || unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	if kind == TextName && !word {
		return s, label + "应包含文字或数字，不能只有标点符号"
	}
	if max > 0 && utf8.RuneCountInString(s) > max {
		return s, fmt.Sprintf("%s不超过 %d 字", label, max)
	}
	return s, ""
}

// What a rune is to the text rule.
const (
	runeOK        = iota
	runeControl   // C0, DEL, C1
	runeNewline   // a line or paragraph break where one line is wanted
	runeInvisible // BOM, zero-width and other invisible formatting characters
	runeBidi      // bidi embeddings, overrides, isolates and marks
	runeBroken    // the replacement character left by a failed decoding
)

func textRune(r rune, kind TextKind) int {
	switch {
	case r == '\n' || r == '\r' || r == '\t':
		if kind == TextNote {
			return runeOK
		}
		if r == '\t' {
			return runeControl
		}
		return runeNewline
	case r == '\u2028' || r == '\u2029': // line and paragraph separators: breaks no form shows as such
		return runeNewline
	case unicode.IsControl(r):
		return runeControl
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069', r == '\u200E', r == '\u200F', r == '\u061C':
		return runeBidi
	case r == utf8.RuneError, r == '\uFFFE', r == '\uFFFF':
		return runeBroken
	case unicode.Is(unicode.Cf, r): // U+200B–U+200D, U+2060, U+FEFF, soft hyphen, tags …
		return runeInvisible
	case r == '\u115F', r == '\u1160', r == '\u3164', r == '\uFFA0': // Hangul fillers: blank "letters" that make a name look empty
		return runeInvisible
	}
	return runeOK
}

// MinReasonLetters is how many letters (汉字 count one each) a reason for
// revealing or exporting personal data must hold at least: "." or "核对"
// says nothing an auditor can check.
const MinReasonLetters = 4

// maxReason caps a reason, as the access log shows it in one line.
const maxReason = 200

// CheckReason checks the reason typed for revealing a full number or
// exporting personal data, which the access log keeps: a line of real
// text, at least MinReasonLetters letters, at most 200 characters. It
// returns the reason trimmed, and an EINVALID *Error under "reason". The
// screens and the store use this one rule, so neither can be bypassed.
func CheckReason(reason string) (string, error) {
	const field = "reason"
	out, msg := cleanText("理由", reason, TextLine, maxReason)
	if msg == "" {
		letters := 0
		for _, r := range out {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		switch {
		case out == "":
			msg = "请填写理由，例如：核对补贴申请材料"
		case letters < MinReasonLetters:
			msg = fmt.Sprintf("请写明理由（至少 %d 个字，不能只有符号或数字），例如：核对补贴申请材料", MinReasonLetters)
		}
	}
	if msg != "" {
		return out, &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
	}
	return out, nil
}
