package sheet

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"shuangbai"
)

// fold turns full-width ASCII (typed with a Chinese input method on) into
// ASCII and the ideographic space into a space.
func fold(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// squeeze removes all white space.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// cleanName removes the spaces forms put inside two-character Chinese names
// to line them up with three-character ones ("陈  明").
func cleanName(s string) string {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return squeeze(s)
		}
	}
	return strings.Join(strings.Fields(s), " ")
}

// scientific reports whether s is a number Excel wrote in scientific
// notation, as it does for a long number typed into a General cell.
func scientific(s string) bool {
	return strings.ContainsAny(s, "Ee") && strings.ContainsAny(s, "+.") && strings.TrimLeft(s, "0123456789.Ee+-") == ""
}

// idCell normalises an ID number cell, or returns why it cannot be one.
func idCell(s string) (string, string) {
	s = strings.ToUpper(squeeze(fold(s)))
	switch {
	case scientific(s):
		return "", "身份证号被 Excel 存成了数字（显示为 " + s + "），最后几位已丢失：请把该列设为“文本”格式，重新填写后再上传"
	case len(s) == 15 && strings.Trim(s, "0123456789") == "":
		return "", "这是15位的旧身份证号，请填写18位身份证号"
	case len(s) == 20 && strings.HasSuffix(s, ".0"):
		return "", "身份证号被 Excel 存成了数字，最后几位可能已丢失：请把该列设为“文本”格式，重新填写后再上传"
	}
	return s, ""
}

// codeCell normalises a region code cell; Excel may hold a 12-digit code as
// a number, which it keeps exactly.
func codeCell(s string) string {
	s = squeeze(fold(s))
	if scientific(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f < 1e15 && f == math.Trunc(f) {
			return strconv.FormatFloat(f, 'f', 0, 64)
		}
	}
	return strings.TrimSuffix(s, ".0")
}

// phoneCell normalises a phone number: full-width digits, spaces, a
// country code, brackets around an area code. A cell with several numbers
// keeps the first, and more is true.
func phoneCell(s string) (phone string, more bool) {
	s = squeeze(fold(s))
	if i := strings.IndexAny(s, "/,;、，；|"); i >= 0 {
		s, more = s[:i], true
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "+86"), "86-")
	if strings.HasPrefix(s, "(") {
		if i := strings.Index(s, ")"); i > 0 {
			s = s[1:i] + "-" + s[i+1:]
		}
	}
	if scientific(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f < 1e15 && f == math.Trunc(f) {
			s = strconv.FormatFloat(f, 'f', 0, 64)
		}
	}
	return s, more
}

// dateCell reads a date as registers write it: 1950-03-01, 1950/3/1,
// 1950.3.1, 1950年3月1日, 19500301, or an Excel serial number. A year and
// month without a day (出生年月: 1950.03, 1950年3月) gives the first of the
// month with monthOnly true. msg explains a cell that is not a date.
func dateCell(s string) (d shuangbai.Date, monthOnly bool, msg string) {
	s = strings.TrimSpace(fold(s))
	if i := strings.IndexAny(s, " T"); i >= 8 && strings.Contains(s[i:], ":") {
		s = s[:i] // a date and time typed as text: the time is not wanted
	}
	s = squeeze(s)
	bad := "日期格式不对（填写的是“" + s + "”），应为 年-月-日，例如 1950-03-01"
	if s == "" {
		return d, false, ""
	}
	switch {
	case num(s) && len(s) == 8:
		t, err := time.Parse("20060102", s)
		if err != nil {
			return d, false, bad
		}
		return shuangbai.DateOf(t), false, ""
	case num(s) && len(s) == 6 && (s[0] == '1' || s[0] == '2') && s[4] <= '1':
		t, err := time.Parse("200601", s)
		if err == nil {
			return shuangbai.DateOf(t), true, ""
		}
	}
	intPart, frac, dotted := strings.Cut(s, ".")
	if num(intPart) && (!dotted || num(frac)) && len(intPart) <= 5 {
		n, _ := strconv.Atoi(intPart)
		switch {
		case len(intPart) == 4 && dotted && len(frac) <= 2:
			// 1950.03: a year and month, read below.
		case len(intPart) == 4 && !dotted && n >= 1900 && n <= 2100:
			return d, false, "只填了年份（" + s + "），请填写完整的日期，例如 " + s + "-03-01"
		default:
			// An Excel serial: days since 1899-12-30, with the time of day
			// as a fraction.
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || f < 1 {
				return d, false, bad
			}
			t, err := excelize.ExcelDateToTime(f, false)
			if err != nil {
				return d, false, bad
			}
			return shuangbai.DateOf(t), false, ""
		}
	}
	s = strings.NewReplacer("年", "-", "月", "-", "日", "", "号", "", "/", "-", ".", "-").Replace(s)
	s = strings.TrimSuffix(s, "-")
	parts := strings.Split(s, "-")
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || p == "" {
			return d, false, bad
		}
		nums[i] = n
	}
	switch {
	case len(nums) == 3 && nums[0] >= 1000:
		t := time.Date(nums[0], time.Month(nums[1]), nums[2], 0, 0, 0, 0, time.UTC)
		if t.Month() != time.Month(nums[1]) || nums[1] < 1 || nums[2] < 1 {
			return d, false, "日期不存在（" + s + "），请核对"
		}
		return shuangbai.DateOf(t), false, ""
	case len(nums) == 2 && nums[0] >= 1000 && nums[1] >= 1 && nums[1] <= 12:
		return shuangbai.NewDate(nums[0], time.Month(nums[1]), 1), true, ""
	}
	return d, false, bad
}

// num reports whether s is a non-empty string of ASCII digits.
func num(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// genderCell reads 男 or 女.
func genderCell(s string) (string, bool) {
	switch squeeze(s) {
	case "男", "男性":
		return shuangbai.GenderMale, true
	case "女", "女性":
		return shuangbai.GenderFemale, true
	}
	return "", false
}

// groupAliases are names registers use for the groups besides the ones in
// shuangbai.Groups.
var groupAliases = map[string]shuangbai.Group{
	"老人": shuangbai.GroupElderly, "老年": shuangbai.GroupElderly,
	"独居老人": shuangbai.GroupElderlyAlone, "高龄老人": shuangbai.GroupElderlyAlone, "高龄独居": shuangbai.GroupElderlyAlone,
	"留守": shuangbai.GroupLeftBehind, "困境": shuangbai.GroupChildInDistress,
	"残疾": shuangbai.GroupDisabled, "残疾人员": shuangbai.GroupDisabled,
	"低保户": shuangbai.GroupDibao, "低保对象": shuangbai.GroupDibao, "低保人员": shuangbai.GroupDibao,
	"特困": shuangbai.GroupTekun, "特困人员": shuangbai.GroupTekun, "特困供养人员": shuangbai.GroupTekun, "五保": shuangbai.GroupTekun, "五保户": shuangbai.GroupTekun,
	"民政": shuangbai.GroupCivilAffairs, "困难边缘": shuangbai.GroupMarginal, "边缘户": shuangbai.GroupMarginal,
	"其他": shuangbai.GroupOtherSpecial, "特殊群体": shuangbai.GroupOtherSpecial,
}

// groupsCell splits a cell listing groups (残疾人、低保 / 残疾人,低保) and
// returns the groups and the names it did not know.
func groupsCell(s string) (gs []shuangbai.Group, unknown []string) {
	parts := strings.FieldsFunc(fold(s), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("、,，/;；|", r)
	})
	seen := map[shuangbai.Group]bool{}
	for _, p := range parts {
		g, ok := groupOf(p)
		if !ok {
			unknown = append(unknown, p)
			continue
		}
		if !seen[g] {
			seen[g] = true
			gs = append(gs, g)
		}
	}
	return gs, unknown
}

func groupOf(name string) (shuangbai.Group, bool) {
	for _, x := range shuangbai.Groups {
		if x.Name == name || string(x.Group) == name {
			return x.Group, true
		}
	}
	g, ok := groupAliases[name]
	return g, ok
}

// groupNames lists the groups' Chinese names for a message.
func groupNames() string {
	var names []string
	for _, x := range shuangbai.Groups {
		names = append(names, x.Name)
	}
	return strings.Join(names, "、")
}

// levelCell reads a follow-up level: 一级, 1, 1级, 一级跟进.
func levelCell(s string) (shuangbai.Level4, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(squeeze(fold(s)), "跟进"), "级")
	switch s {
	case "1", "一":
		return 1, true
	case "2", "二":
		return 2, true
	case "3", "三":
		return 3, true
	case "4", "四":
		return 4, true
	}
	return 0, false
}

// foundByCell reads the way a person was identified.
func foundByCell(s string) (shuangbai.FoundBy, bool) {
	s = squeeze(s)
	for _, x := range shuangbai.FoundByLabels {
		if x.Name == s || string(x.FoundBy) == s {
			return x.FoundBy, true
		}
	}
	switch s {
	case "走访", "入户", "上门走访", "排查", "入户排查":
		return shuangbai.FoundVisiting, true
	case "活动":
		return shuangbai.FoundActivity, true
	case "村委", "村居推荐", "村（居）委推荐", "社区推荐", "居委推荐", "推荐":
		return shuangbai.FoundVillage, true
	case "转介绍", "部门转介":
		return shuangbai.FoundReferral, true
	case "求助", "主动求助", "自主求助", "来访":
		return shuangbai.FoundSelf, true
	}
	return "", false
}

func foundByNames() string {
	var names []string
	for _, x := range shuangbai.FoundByLabels {
		names = append(names, x.Name)
	}
	return strings.Join(names, "、")
}

// villageKeys returns the ways people write a village committee's name,
// most exact first: 双上村民委员会 is written 双上村民委员会, 双上村 or 双上;
// 双东社区居民委员会 is written 双东社区.
func villageKeys(name string) []string {
	s := squeeze(fold(name))
	keys := []string{s}
	for _, suf := range []struct{ from, to string }{
		{"村民委员会", "村"}, {"村民委员会", ""}, {"村委会", "村"}, {"村委会", ""},
		{"居民委员会", ""}, {"居委会", ""}, {"委员会", ""},
	} {
		if k, ok := strings.CutSuffix(s, suf.from); ok && k+suf.to != "" && !slices.Contains(keys, k+suf.to) {
			keys = append(keys, k+suf.to)
		}
	}
	return keys
}
