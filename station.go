package shuangbai

import (
	"strings"
	"time"
)

// Equipment is the set of the eight items every office should have (备注1 of
// the progress table), one bit each.
type Equipment uint8

// The eight items, in the order the table's note lists them.
const (
	EquipDesk        Equipment = 1 << iota // 办公桌椅
	EquipAirCon                            // 空调
	EquipComputer                          // 电脑
	EquipPrinter                           // 打印机
	EquipPhone                             // 电话
	EquipFileCabinet                       // 档案柜
	EquipStationery                        // 办公文具
	EquipFireSafety                        // 消防设施
	EquipAll         Equipment = 1<<8 - 1
)

// EquipmentItem names one item of the checklist.
type EquipmentItem struct {
	Bit  Equipment
	Key  string // form field and API name
	Name string
}

// EquipmentItems lists the checklist in the order of the table's note.
var EquipmentItems = []EquipmentItem{
	{EquipDesk, "desk", "办公桌椅"},
	{EquipAirCon, "aircon", "空调"},
	{EquipComputer, "computer", "电脑"},
	{EquipPrinter, "printer", "打印机"},
	{EquipPhone, "phone", "电话"},
	{EquipFileCabinet, "file_cabinet", "档案柜"},
	{EquipStationery, "stationery", "办公文具"},
	{EquipFireSafety, "fire_safety", "消防设施"},
}

// Has reports whether e includes every item in x.
func (e Equipment) Has(x Equipment) bool { return e&x == x }

// Missing returns the names of the items e lacks, in checklist order.
func (e Equipment) Missing() []string {
	var m []string
	for _, it := range EquipmentItems {
		if !e.Has(it.Bit) {
			m = append(m, it.Name)
		}
	}
	return m
}

// Class applies note 1 of the progress table.
func (e Equipment) Class() EquipmentClass {
	switch n := len(e.Missing()); {
	case n == 0:
		return EquipFull
	case n <= 2:
		return EquipBasic
	default:
		return EquipIncomplete
	}
}

// EquipmentClass is the grade printed in the table's 设备设施情况 column.
// Classes are ordered: a lower value is better equipped.
type EquipmentClass int

// The classes of note 1. EquipNone marks "no built site to grade".
const (
	EquipNone       EquipmentClass = iota
	EquipFull                      // 全部配备: all eight items
	EquipBasic                     // 基本配备: one or two missing
	EquipIncomplete                // 未配备齐全: three or more missing
)

// String returns the class as printed in the table.
func (c EquipmentClass) String() string {
	switch c {
	case EquipFull:
		return "全部配备"
	case EquipBasic:
		return "基本配备"
	case EquipIncomplete:
		return "未配备齐全"
	}
	return ""
}

// ParseEquipmentClass reads a class as printed; "" gives EquipNone.
func ParseEquipmentClass(s string) (EquipmentClass, bool) {
	for c := EquipNone; c <= EquipIncomplete; c++ {
		if c.String() == strings.TrimSpace(s) {
			return c, true
		}
	}
	return EquipNone, false
}

// SiteStatus is whether a station or point has been built.
type SiteStatus string

// Site statuses.
const (
	SitePlanned SiteStatus = "planned" // 筹建中
	SiteBuilt   SiteStatus = "built"   // 已建成
)

// Label names the status in Chinese.
func (s SiteStatus) Label() string {
	switch s {
	case SitePlanned:
		return "筹建中"
	case SiteBuilt:
		return "已建成"
	}
	return string(s)
}

// Site holds what stations and points share: their state of construction,
// office and equipment.
type Site struct {
	Name          string
	Status        SiteStatus
	BuiltOn       Date // required when Status is SiteBuilt
	Office        bool // 落实办公场所
	OfficeAddress string
	OfficeSince   Date
	Equipment     Equipment
	Lat, Lng      float64 // WGS-84; both zero when unknown
	Phone         string
}

// BuiltBy reports whether the site was built on or before day d.
func (s Site) BuiltBy(d Date) bool {
	return s.Status == SiteBuilt && !s.BuiltOn.IsZero() && !d.Before(s.BuiltOn)
}

// OfficeBy reports whether the site had its office secured on or before day d.
// An office with no date counts from the day the site was built.
func (s Site) OfficeBy(d Date) bool {
	if !s.Office {
		return false
	}
	since := s.OfficeSince
	if since.IsZero() {
		since = s.BuiltOn
	}
	return !since.IsZero() && !d.Before(since)
}

// validate checks the shared fields, trimming the texts. The days of
// construction and of the office are of what has happened.
func (s *Site) validate(fe FieldErrors, today Date) {
	fe.Text("name", "名称", &s.Name, TextName, 100)
	fe.Text("office_address", "地址", &s.OfficeAddress, TextLine, 200)
	// A plan for the future is a site 筹建中, not one built.
	if s.BuiltOn.After(today) {
		fe.Add("built_on", "建成日期不能晚于今天；尚未建成的请选“筹建中”")
	}
	fe.Day("built_on", "建成日期", s.BuiltOn, today, false)
	fe.Day("office_since", "落实日期", s.OfficeSince, today, false)
	switch s.Status {
	case SitePlanned, SiteBuilt:
	default:
		fe.Add("status", "请选择建设状态")
	}
	if s.Status == SiteBuilt && s.BuiltOn.IsZero() {
		fe.Add("built_on", "已建成的站点请填写建成日期")
	}
	if s.Office && s.OfficeAddress == "" {
		fe.Add("office_address", "请填写办公场所地址")
	}
	fe.Coords(s.Lat, s.Lng)
	if s.Phone != "" && !validPhone(s.Phone) {
		fe.Add("phone", "电话号码格式不正确")
	}
}

// validPhone accepts mobile numbers and landlines with an area code, with or
// without a hyphen: 13800138000, 0766-8812345.
func validPhone(p string) bool {
	digits := 0
	for i, c := range p {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '-' && i > 0:
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 12
}

// Station is a social-work station (社工站), one per town or street.
type Station struct {
	ID     int64
	Region string // code of the town or street
	Site
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks a station before it is stored.
func (s *Station) Validate(today Date) error {
	fe := FieldErrors{}
	if LevelOf(s.Region) != LevelTown {
		fe.Add("region", "社工站应设在乡镇（街道），请选择 9 位代码的乡镇或街道")
	}
	s.Site.validate(fe, today)
	return fe.Err()
}

// Point is a social-work point or service point (社工点 / 服务点) in a village
// or community, under its town's station.
type Point struct {
	ID        int64
	Region    string // code of the village or community
	StationID int64
	Site
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks a point before it is stored. That the station is the one of
// the point's town is checked by the store, which knows the station.
func (p *Point) Validate(today Date) error {
	fe := FieldErrors{}
	if LevelOf(p.Region) != LevelVillage {
		fe.Add("region", "社工点应设在村（社区），请选择 12 位代码的村或社区")
	}
	if p.StationID == 0 {
		fe.Add("station_id", "请选择所属社工站")
	}
	p.Site.validate(fe, today)
	return fe.Err()
}

// SiteFilter selects stations or points. Zero fields do not filter.
type SiteFilter struct {
	Region string     // a region code inside the caller's scope
	Status SiteStatus // planned or built
	Query  string     // part of the name
	Offset int
	Limit  int
}

// Requirement overrides how many stations or points a county must build
// (应建数量), when its plan differs from the default of one station per town
// or street needing one and one point per registered point.
type Requirement struct {
	County    string
	Stations  *int // nil: the default
	Points    *int
	Reason    string
	UpdatedAt time.Time
}
