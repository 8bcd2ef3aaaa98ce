package shuangbai

import (
	"strings"
	"time"
)

// IDInfo is what an 18-digit resident ID number (居民身份证号码, GB 11643-1999)
// tells about its holder.
type IDInfo struct {
	Number string // normalised: 18 characters, check character X in upper case
	Birth  Date   // 出生日期, digits 7–14
	Gender string // 性别: "男" when the 17th digit is odd, "女" when even
	Region string // 户籍地行政区划代码 at issue time, the first 6 digits
}

// Genders as derived from the 17th digit of an ID number.
const (
	GenderMale   = "男"
	GenderFemale = "女"
)

// idWeights are the ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 for the first
// 17 digits; idCheckChars maps the weighted sum mod 11 to the check character.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// idMinBirth is the earliest birth date accepted: older numbers are almost
// certainly typing errors in a register of living people.
var idMinBirth = NewDate(1900, time.January, 1)

// IDCheckDigit returns the check character ('0'–'9' or 'X') for the first 17
// digits of an ID number, or 0 when first17 is not exactly 17 ASCII digits.
// Test-data generators use it to make numbers that pass ValidIDNumber.
func IDCheckDigit(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := range 17 {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// ValidIDNumber reports whether s is a valid 18-character resident ID number:
// 17 digits and a check character (a lower-case x is accepted), a correct
// MOD 11-2 check character, and a real birth date between 1900-01-01 and
// today.
func ValidIDNumber(s string) bool {
	_, err := ParseIDNumber(s)
	return err == nil
}

// ParseIDNumber checks s like ValidIDNumber and returns what it encodes.
// Surrounding spaces are ignored, since numbers are often pasted from
// spreadsheets. "Today" for the birth-date check is China's date, not the
// server's zone. Errors are *Error with code EINVALID whose message tells the
// user which part is wrong: the length or characters, the birth date, or the
// check character.
func ParseIDNumber(s string) (IDInfo, error) {
	return parseIDNumber(s, Today(time.Now()))
}

// parseIDNumber is ParseIDNumber with "today" passed in, so tests do not
// depend on the clock.
func parseIDNumber(s string, today Date) (IDInfo, error) {
	n := strings.ToUpper(strings.TrimSpace(s))
	if len(n) != 18 || !idDigits(n[:17]) || !(idDigit(n[17]) || n[17] == 'X') {
		return IDInfo{}, Errorf(EINVALID, "身份证号应为18位：前17位是数字，最后一位是数字或X")
	}
	// The birth date is checked before the check character: a wrong date is
	// the more specific message, and a typo there usually breaks both.
	birth, ok := idBirth(n[6:14])
	if !ok || birth.Before(idMinBirth) || birth.After(today) {
		return IDInfo{}, Errorf(EINVALID, "身份证号中的出生日期无效")
	}
	if IDCheckDigit(n[:17]) != n[17] {
		return IDInfo{}, Errorf(EINVALID, "身份证号校验位不正确，请核对是否输错")
	}
	gender := GenderFemale
	if (n[16]-'0')%2 == 1 {
		gender = GenderMale
	}
	return IDInfo{Number: n, Birth: birth, Gender: gender, Region: n[:6]}, nil
}

// idBirth parses YYYYMMDD, rejecting dates such as 0230 that time.Date would
// silently roll over into the next month.
func idBirth(s string) (Date, bool) {
	t, err := time.Parse("20060102", s)
	if err != nil {
		return Date{}, false
	}
	return DateOf(t), true
}

// MaskIDNumber is an ID number as every screen, API answer and audit entry
// shows it: its last four characters only, 尾号1234. The first fourteen are
// the household-registration region and the birth date, both shown or
// guessable beside the number (the village, the age), so any mask that
// keeps more of them lets a reader rebuild the whole number; the last four
// are what people use to tell two files apart. The full number is seen only
// through a reveal or an export, both logged with a reason. Values of four
// characters or fewer are masked completely. Empty stays empty.
func MaskIDNumber(s string) string {
	r := []rune(strings.ToUpper(strings.TrimSpace(s)))
	if len(r) <= idTail {
		return strings.Repeat("*", len(r))
	}
	return idTailPrefix + string(r[len(r)-idTail:])
}

// idTail is how many characters of an ID number a mask keeps, after
// idTailPrefix.
const (
	idTail       = 4
	idTailPrefix = "尾号"
)

// IDTailOf returns the last characters a masked ID number (MaskIDNumber's
// form, or the older 445302********1234 form of earlier audit entries)
// keeps, as MaskIDNumber shows them, so stored masks can be cut down to
// the current rule when read.
func IDTailOf(masked string) string {
	rest, tailed := strings.CutPrefix(strings.ToUpper(strings.TrimSpace(masked)), idTailPrefix)
	r := []rune(rest)
	// Without 尾号, four characters are MaskIDNumber's "****" of a short
	// value (or such a value itself): masked whole, as MaskIDNumber does.
	if len(r) < idTail || !tailed && len(r) == idTail {
		return strings.Repeat("*", len(r))
	}
	return idTailPrefix + string(r[len(r)-idTail:])
}

// MaskPhone hides the middle of a phone number: 138****8000 for an 11-digit
// mobile number; otherwise the first 3 and last 2 characters are kept with
// asterisks between (0766****34). Empty stays empty.
func MaskPhone(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 11 && s[0] == '1' && idDigits(s) {
		return s[:3] + "****" + s[7:]
	}
	return maskMiddle(s, 3, 2)
}

// maskMiddle keeps head and tail runes of s and replaces the rest with
// asterisks. Values too short to hide anything are masked completely, since
// showing them whole would defeat the mask.
func maskMiddle(s string, head, tail int) string {
	r := []rune(s)
	if len(r) <= head+tail {
		return strings.Repeat("*", len(r))
	}
	return string(r[:head]) + strings.Repeat("*", len(r)-head-tail) + string(r[len(r)-tail:])
}

// idDigit and idDigits test for ASCII digits only: full-width ０–９ are not
// valid in an ID number and must not pass through unicode.IsDigit.
func idDigit(c byte) bool { return c >= '0' && c <= '9' }

func idDigits(s string) bool {
	for i := range len(s) {
		if !idDigit(s[i]) {
			return false
		}
	}
	return true
}
