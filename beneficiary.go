package shuangbai

import (
	"strings"
	"time"
)

// Group is a group of service recipients (服务对象类别); a person may be in
// several at once.
type Group string

// The groups, in the order forms list them.
const (
	GroupElderly         Group = "elderly"        // 老年人
	GroupElderlyAlone    Group = "elderly_alone"  // 高龄独居老人
	GroupWomen           Group = "women"          // 妇女
	GroupChildren        Group = "children"       // 儿童
	GroupLeftBehind      Group = "left_behind"    // 留守儿童
	GroupChildInDistress Group = "child_distress" // 困境儿童
	GroupDisabled        Group = "disabled"       // 残疾人
	GroupDibao           Group = "dibao"          // 低保
	GroupTekun           Group = "tekun"          // 特困供养
	GroupCivilAffairs    Group = "civil_affairs"  // 民政对象
	GroupMarginal        Group = "marginal"       // 困难边缘人员
	GroupOtherSpecial    Group = "other_special"  // 其他特殊群体
)

// Groups lists every group with its Chinese name.
var Groups = []struct {
	Group Group
	Name  string
}{
	{GroupElderly, "老年人"}, {GroupElderlyAlone, "高龄独居老人"}, {GroupWomen, "妇女"},
	{GroupChildren, "儿童"}, {GroupLeftBehind, "留守儿童"}, {GroupChildInDistress, "困境儿童"},
	{GroupDisabled, "残疾人"}, {GroupDibao, "低保"}, {GroupTekun, "特困供养"},
	{GroupCivilAffairs, "民政对象"}, {GroupMarginal, "困难边缘人员"}, {GroupOtherSpecial, "其他特殊群体"},
}

// Label names the group in Chinese.
func (g Group) Label() string {
	for _, x := range Groups {
		if x.Group == g {
			return x.Name
		}
	}
	return string(g)
}

// Valid reports whether g is a known group.
func (g Group) Valid() bool { return g.Label() != string(g) }

// FoundBy is how a recipient was identified (识别方式).
type FoundBy string

// Ways of identification.
const (
	FoundVisiting FoundBy = "visiting" // 入户走访
	FoundActivity FoundBy = "activity" // 社区活动
	FoundVillage  FoundBy = "village"  // 村委推荐
	FoundReferral FoundBy = "referral" // 转介
	FoundSelf     FoundBy = "self"     // 本人求助
)

// FoundByLabels names the ways in Chinese, in form order.
var FoundByLabels = []struct {
	FoundBy FoundBy
	Name    string
}{
	{FoundVisiting, "入户走访"}, {FoundActivity, "社区活动"}, {FoundVillage, "村委推荐"}, {FoundReferral, "转介"}, {FoundSelf, "本人求助"},
}

// Label names the way in Chinese.
func (f FoundBy) Label() string {
	for _, x := range FoundByLabels {
		if x.FoundBy == f {
			return x.Name
		}
	}
	return string(f)
}

// Beneficiary is a person a station serves (服务对象), filed (建档立卡) with
// their household, groups and follow-up level. IDNumber and Phone are held in
// clear only in memory: the store encrypts them at rest, and screens show
// them masked.
type Beneficiary struct {
	ID          int64
	Region      string // the village or community (12 digits)
	HouseholdID int64
	Relation    string // relation to the head of household: 户主, 配偶, 子女 …
	Name        string
	Gender      string // 男 / 女
	Birth       Date
	IDNumber    string
	Phone       string
	Address     string
	Lat, Lng    float64
	Groups      []Group
	Disability  string // type and grade, e.g. 肢体二级
	FoundBy     FoundBy
	FoundOn     Date
	WorkerID    int64 // 责任社工 (a person on the staff roster); 0 when none yet
	Level       Level4
	Open        bool
	ClosedOn    Date
	ClosedWhy   string
	LastVisit   Date
	NextDue     Date
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Age returns the person's age in whole years on day d.
func (b *Beneficiary) Age(d Date) int {
	if b.Birth.IsZero() {
		return 0
	}
	by, bm, bd := b.Birth.Time().Date()
	y, m, dd := d.Time().Date()
	age := y - by
	if m < bm || m == bm && dd < bd {
		age--
	}
	return age
}

// In reports whether the beneficiary belongs to group g.
func (b *Beneficiary) In(g Group) bool {
	for _, x := range b.Groups {
		if x == g {
			return true
		}
	}
	return false
}

// Validate checks a beneficiary against its ID number: the number's check
// digit, and that the birth date and gender typed agree with it. Empty
// birth and gender are filled in from the number. A file filed by hand
// must be complete: it may have none of the Gaps.
func (b *Beneficiary) Validate(today Date) error { return b.validate(today, false) }

// ValidateImport is Validate for a row of an imported register, which may
// leave the Gaps for later: the person is filed and the file marked 待补充
// (to complete) with what it lacks. A village's register often has a
// person's group but not yet their disability's type and grade, and
// refusing the row would leave the person unfiled, which is worse than a
// file the worker completes on the next visit.
func (b *Beneficiary) ValidateImport(today Date) error { return b.validate(today, true) }

// Gap is an item a file lacks that filing by hand requires (待补充).
type Gap string

// The gaps an import may leave.
const GapDisability Gap = "disability" // 残疾类别和等级, of a person in 残疾人

// Label names the missing item in Chinese.
func (g Gap) Label() string {
	if g == GapDisability {
		return "残疾类别和等级"
	}
	return string(g)
}

// Gaps returns what b lacks that Validate requires and ValidateImport
// lets through.
func (b *Beneficiary) Gaps() []Gap {
	var out []Gap
	if b.In(GroupDisabled) && strings.TrimSpace(b.Disability) == "" {
		out = append(out, GapDisability)
	}
	return out
}

func (b *Beneficiary) validate(today Date, gapsAllowed bool) error {
	fe := FieldErrors{}
	fe.Text("name", "姓名", &b.Name, TextName, 50)
	if LevelOf(b.Region) != LevelVillage {
		fe.Add("region", "请选择所在村（社区）")
	}
	if b.IDNumber != "" {
		info, err := ParseIDNumber(b.IDNumber)
		if err != nil {
			fe.Add("id_number", ErrorMessage(err))
		} else {
			b.IDNumber = info.Number
			if b.Birth.IsZero() {
				b.Birth = info.Birth
			} else if b.Birth != info.Birth {
				fe.Add("birth", "出生日期与身份证号不符（身份证号为 "+info.Birth.String()+"）")
			}
			if b.Gender == "" {
				b.Gender = info.Gender
			} else if b.Gender != info.Gender {
				fe.Add("gender", "性别与身份证号不符（身份证号为"+info.Gender+"性）")
			}
		}
	}
	if b.Gender != "男" && b.Gender != "女" {
		fe.Add("gender", "请选择性别")
	}
	if b.Birth.IsZero() {
		fe.Add("birth", "请填写出生日期或身份证号")
	} else {
		fe.Day("birth", "出生日期", b.Birth, today, false)
	}
	if b.Phone != "" && !validPhone(b.Phone) {
		fe.Add("phone", "电话号码格式不正确")
	}
	for _, g := range b.Groups {
		if !g.Valid() {
			fe.Add("groups", "未知的服务对象类别："+string(g))
		}
	}
	fe.Text("relation", "与户主关系", &b.Relation, TextLine, 20)
	fe.Text("disability", "残疾类别和等级", &b.Disability, TextLine, 50)
	if b.In(GroupDisabled) && b.Disability == "" && !gapsAllowed {
		fe.Add("disability", "残疾人请填写残疾类别和等级，例如 肢体二级")
	}
	if b.FoundBy != "" && b.FoundBy.Label() == string(b.FoundBy) {
		fe.Add("found_by", "请选择识别方式")
	}
	fe.Day("found_on", "识别日期", b.FoundOn, today, false)
	if !b.FoundOn.IsZero() && !b.Birth.IsZero() && b.FoundOn.Before(b.Birth) {
		fe.Add("found_on", "识别日期不能早于出生日期")
	}
	fe.Text("address", "住址", &b.Address, TextLine, 200)
	fe.Coords(b.Lat, b.Lng)
	if !b.Level.Valid() {
		fe.Add("level", "请选择跟进级别（一级至四级）")
	}
	return fe.Err()
}

// BeneficiaryFilter selects beneficiaries. Zero fields do not filter.
type BeneficiaryFilter struct {
	Region   string
	Group    Group
	WorkerID int64
	Level    Level4 // 0: any follow-up level
	Open     *bool
	Name     string // a prefix of the name; results then come in name order
	IDNumber string // a whole ID number, matched through its keyed hash
	After    int64  // keyset paging in (region, id) order: rows after this file (not with Name)
	Limit    int
}

// Household is a household filed with its members (户); its head is named
// for the list, the members are beneficiaries with a Relation to the head.
type Household struct {
	ID        int64
	Region    string
	HeadName  string
	Address   string
	CreatedAt time.Time
}

// Validate checks the texts of a household before it is filed, trimming
// them; where it is filed is the store's check.
func (h *Household) Validate() error {
	fe := FieldErrors{}
	fe.Text("head_name", "户主姓名", &h.HeadName, TextName, 50)
	fe.Text("address", "住址", &h.Address, TextLine, 200)
	return fe.Err()
}
