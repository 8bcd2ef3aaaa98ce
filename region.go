package shuangbai

// Level is a region's place in the administrative hierarchy, read from the
// length of its official code (GB/T 2260 and the statistics bureau's 统计用区划代码).
type Level int

// The levels, top down.
const (
	LevelUnknown  Level = iota
	LevelProvince       // 省, 2 digits: 44
	LevelCity           // 市, 4 digits: 4453
	LevelCounty         // 县（市、区）, 6 digits: 445302
	LevelTown           // 乡镇（街道）, 9 digits: 445302003
	LevelVillage        // 村（居）委会, 12 digits: 445302003208
)

var levelLen = [...]int{LevelProvince: 2, LevelCity: 4, LevelCounty: 6, LevelTown: 9, LevelVillage: 12}

// LevelOf returns the level of a region code, or LevelUnknown if the code is
// not 2, 4, 6, 9 or 12 ASCII digits.
func LevelOf(code string) Level {
	for _, c := range code {
		if c < '0' || c > '9' {
			return LevelUnknown
		}
	}
	for l := LevelProvince; l <= LevelVillage; l++ {
		if len(code) == levelLen[l] {
			return l
		}
	}
	return LevelUnknown
}

// String names the level in Chinese.
func (l Level) String() string {
	switch l {
	case LevelProvince:
		return "省"
	case LevelCity:
		return "市"
	case LevelCounty:
		return "县（市、区）"
	case LevelTown:
		return "乡镇（街道）"
	case LevelVillage:
		return "村（社区）"
	}
	return "未知"
}

// ParentCode returns the code of the region directly above code, or "" for a
// province or an invalid code.
func ParentCode(code string) string {
	l := LevelOf(code)
	if l <= LevelProvince {
		return ""
	}
	return code[:levelLen[l-1]]
}

// Kind is what a region is, finer than its level for towns: the town-level
// part of the code (digits 7–9) tells a street from a town, a township or a
// special zone.
type Kind string

// Region kinds.
const (
	KindProvince Kind = "province"
	KindCity     Kind = "city"
	KindCounty   Kind = "county"
	KindStreet   Kind = "street"   // 街道, 001–099
	KindTown     Kind = "town"     // 镇, 100–199
	KindTownship Kind = "township" // 乡, 200–399
	KindSpecial  Kind = "special"  // 农场、林场等, 400–599: needs no station
	KindVillage  Kind = "village"
)

// KindOf returns the kind of the region with the given code.
func KindOf(code string) Kind {
	switch LevelOf(code) {
	case LevelProvince:
		return KindProvince
	case LevelCity:
		return KindCity
	case LevelCounty:
		return KindCounty
	case LevelVillage:
		return KindVillage
	case LevelTown:
		n := int(code[6]-'0')*100 + int(code[7]-'0')*10 + int(code[8]-'0')
		switch {
		case n < 100:
			return KindStreet
		case n < 200:
			return KindTown
		case n < 400:
			return KindTownship
		default:
			return KindSpecial
		}
	}
	return ""
}

// Label names the kind in Chinese.
func (k Kind) Label() string {
	return map[Kind]string{
		KindProvince: "省", KindCity: "市", KindCounty: "县（市、区）",
		KindStreet: "街道", KindTown: "镇", KindTownship: "乡",
		KindSpecial: "特殊区域（农场、林场等）", KindVillage: "村（社区）",
	}[k]
}

// Region is an administrative division (行政区划) with its official code.
// Regions are dated: when towns merge, split or are renamed, the old region
// gets a ValidTo and the new one a ValidFrom, so that a report for an earlier
// date shows the regions of that date.
type Region struct {
	Code      string
	Name      string
	Parent    string // code of the region above; "" for a province
	ValidFrom Date   // zero: since before records began
	ValidTo   Date   // zero: still valid; otherwise the first day it no longer is
}

// Level returns the region's level, read from its code.
func (r Region) Level() Level { return LevelOf(r.Code) }

// Kind returns the region's kind, read from its code.
func (r Region) Kind() Kind { return KindOf(r.Code) }

// NeedsStation reports whether the region is a town or street that must have
// a social-work station: every town-level region except special zones.
func (r Region) NeedsStation() bool {
	k := r.Kind()
	return k == KindStreet || k == KindTown || k == KindTownship
}

// ValidOn reports whether the region existed on day d.
func (r Region) ValidOn(d Date) bool {
	return !d.Before(r.ValidFrom) && (r.ValidTo.IsZero() || d.Before(r.ValidTo))
}

// Validate checks a region before it is stored.
func (r Region) Validate() error {
	fe := FieldErrors{}
	if LevelOf(r.Code) == LevelUnknown {
		fe.Add("code", "区划代码应为 2、4、6、9 或 12 位数字")
	}
	fe.Text("name", "名称", &r.Name, TextName, 100)
	if want := ParentCode(r.Code); r.Parent != want && LevelOf(r.Code) != LevelUnknown {
		fe.Add("parent", "上级区划应为 "+want)
	}
	if !r.ValidTo.IsZero() && !r.ValidFrom.Before(r.ValidTo) {
		fe.Add("valid_to", "停用日期应晚于启用日期")
	}
	return fe.Err()
}
