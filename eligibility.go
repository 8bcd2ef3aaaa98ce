package shuangbai

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// EligibilityRule is one benefit's rule for 政策找人 (finding the people a
// policy covers): who appears to qualify, judged from what the file holds,
// and the document the rule comes from. Rules are data: a city admin
// changes them for the city, each change a new version from a day on, so
// the list for a past day uses the rules of that day.
type EligibilityRule struct {
	ID         int64
	Region     string // "" for the shipped rules; else the city (or county) that set it
	Benefit    AppKind
	Name       string // 高龄津贴
	Source     string // the policy document, named so a worker can check it
	Condition         // who qualifies
	ValidFrom  Date
	ValidTo    Date // exclusive; zero: still in force
	RecordedBy string
}

// Condition is what a file must show for a rule to match. Zero fields do
// not restrict.
type Condition struct {
	MinAge           int     `json:"min_age,omitempty"`
	MaxAge           int     `json:"max_age,omitempty"`
	AllGroups        []Group `json:"all_groups,omitempty"` // in every one
	AnyGroups        []Group `json:"any_groups,omitempty"` // in at least one
	DisabilityGrades []int   `json:"disability_grades,omitempty"`
}

// ShippedRules are Guangdong's common benefits as the system ships them,
// in force from 2016. They judge only from the file: each match is a hint
// to check, never a decision.
var ShippedRules = []EligibilityRule{
	{Benefit: AppOldAge, Name: "高龄津贴", Condition: Condition{MinAge: 80},
		Source: "广东省80周岁以上高龄老人津贴制度（发放标准以本市现行文件为准）"},
	{Benefit: AppDisabilityLiving, Name: "困难残疾人生活补贴",
		Condition: Condition{AllGroups: []Group{GroupDisabled}, AnyGroups: []Group{GroupDibao, GroupMarginal, GroupTekun}},
		Source:    "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）：低保家庭中的残疾人"},
	{Benefit: AppDisabilityCare, Name: "重度残疾人护理补贴",
		Condition: Condition{AllGroups: []Group{GroupDisabled}, DisabilityGrades: []int{1, 2}},
		Source:    "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）：残疾等级为一级、二级且需长期照护"},
	{Benefit: AppTekun, Name: "特困人员救助供养", Condition: Condition{MinAge: 60, AllGroups: []Group{GroupElderlyAlone}, AnyGroups: []Group{GroupDibao, GroupMarginal}},
		Source: "《国务院关于进一步健全特困人员救助供养制度的意见》（国发〔2016〕14号）：无劳动能力、无生活来源、无法定赡养抚养扶养义务人（需入户核实）"},
	{Benefit: AppTemporary, Name: "临时救助", Condition: Condition{AnyGroups: []Group{GroupMarginal, GroupChildInDistress}},
		Source: "《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）：因突发事件、意外伤害、重大疾病等导致基本生活暂时出现严重困难"},
}

// ShippedFrom is the day the shipped rules are in force from.
var ShippedFrom = NewDate(2016, 1, 1)

// Validate refuses a rule that cannot be right, naming the field.
func (r *EligibilityRule) Validate() error {
	fe := FieldErrors{}
	known := false
	for _, k := range AppKinds {
		known = known || k.Kind == r.Benefit
	}
	if !known {
		fe.Add("benefit", "请选择一项已知的补贴或救助")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(r.Name)); n == 0 || n > 50 {
		fe.Add("name", "请填写规则名称（不超过 50 个字）")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(r.Source)); n < 4 || n > 300 {
		fe.Add("source", "请写明政策依据的文件名称或文号（4–300 个字）")
	}
	if r.MinAge < 0 || r.MinAge > 150 {
		fe.Add("min_age", "最低年龄应为 0 到 150 岁")
	}
	if r.MaxAge < 0 || r.MaxAge > 150 {
		fe.Add("max_age", "最高年龄应为 0 到 150 岁")
	} else if r.MaxAge > 0 && r.MaxAge < r.MinAge {
		fe.Add("max_age", "最高年龄不能小于最低年龄")
	}
	for _, g := range append(append([]Group{}, r.AllGroups...), r.AnyGroups...) {
		if !g.Valid() {
			fe.Add("groups", "未知的人员类别："+string(g))
		}
	}
	for _, d := range r.DisabilityGrades {
		if d < 1 || d > 4 {
			fe.Add("disability_grades", "残疾等级应为一级到四级")
		}
	}
	if r.MinAge == 0 && r.MaxAge == 0 && len(r.AllGroups) == 0 && len(r.AnyGroups) == 0 && len(r.DisabilityGrades) == 0 {
		fe.Add("min_age", "规则至少要有一个条件，否则会列出所有人")
	}
	if r.ValidFrom.IsZero() {
		fe.Add("valid_from", "请填写生效日期")
	}
	return fe.Err()
}

// Match reports whether b appears to qualify on day on, and why, in words
// a worker can check against the file.
func (r *EligibilityRule) Match(b *Beneficiary, on Date) (bool, string) {
	var why []string
	if r.MinAge > 0 || r.MaxAge > 0 {
		if b.Birth.IsZero() {
			return false, ""
		}
		age := b.Age(on)
		if age < r.MinAge || r.MaxAge > 0 && age > r.MaxAge {
			return false, ""
		}
		if r.MinAge > 0 {
			why = append(why, fmt.Sprintf("年满%d周岁（现%d岁）", r.MinAge, age))
		}
	}
	for _, g := range r.AllGroups {
		if !b.In(g) {
			return false, ""
		}
		why = append(why, g.Label())
	}
	if len(r.AnyGroups) > 0 {
		var hit []string
		for _, g := range r.AnyGroups {
			if b.In(g) {
				hit = append(hit, g.Label())
			}
		}
		if len(hit) == 0 {
			return false, ""
		}
		why = append(why, strings.Join(hit, "、"))
	}
	if len(r.DisabilityGrades) > 0 {
		grade := DisabilityGrade(b.Disability)
		ok := false
		for _, d := range r.DisabilityGrades {
			ok = ok || d == grade
		}
		if !ok {
			return false, ""
		}
		why = append(why, "残疾"+gradeNames[grade])
	}
	return true, strings.Join(why, "，") + "，尚无“" + r.Benefit.Label() + "”申请"
}

var gradeNames = map[int]string{1: "一级", 2: "二级", 3: "三级", 4: "四级"}

// DisabilityGrade reads the grade (1–4) from a disability as filed, e.g.
// 肢体二级 → 2; 0 when none is named.
func DisabilityGrade(s string) int {
	for g, name := range gradeNames {
		if strings.Contains(s, name) {
			return g
		}
	}
	return 0
}
