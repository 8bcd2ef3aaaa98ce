package shuangbai

import (
	"fmt"
	"strings"
)

// Outcomes are a station's (or any region's) results over a period, counted
// from the case files: the figures of the seed's 河口街道 paragraph.
type Outcomes struct {
	Region     string
	RegionName string
	From, To   Date

	Identified map[Group]int // people newly identified, per group
	People     int           // people newly filed
	Households int           // households newly filed
	Visits     int           // visits made
	HomeVisits int
	// Applications per kind: all made, and approved.
	Applications map[AppKind]int
	Approved     map[AppKind]int
	// Households linked to relief money or goods, and given temporary assistance.
	ReliefHouseholds    int
	TemporaryHouseholds int
	VolunteerHouseholds int
}

// Paragraph writes the outcomes as a paragraph in the style of the seed's
// briefing, ready to paste: 截至目前，社工们……累计精准识别出困难边缘人员12人……
func (o *Outcomes) Paragraph() string {
	var b strings.Builder
	period := "截至" + o.To.Chinese()
	if !o.From.IsZero() {
		period = o.From.Chinese() + "至" + o.To.Chinese()
	}
	fmt.Fprintf(&b, "%s，%s社工站累计为%d户%d名服务对象建档立卡，开展探访%d次（其中入户探访%d次）", period, o.RegionName, o.Households, o.People, o.Visits, o.HomeVisits)
	var found []string
	for _, g := range []Group{GroupMarginal, GroupElderlyAlone, GroupLeftBehind, GroupChildInDistress, GroupDisabled, GroupCivilAffairs} {
		if n := o.Identified[g]; n > 0 {
			unit := "人"
			if g == GroupElderlyAlone || g == GroupLeftBehind || g == GroupChildInDistress {
				unit = "名"
			}
			found = append(found, fmt.Sprintf("%s%d%s", g.Label(), n, unit))
		}
	}
	if len(found) > 0 {
		b.WriteString("；累计精准识别出" + strings.Join(found, "、"))
	}
	var apps []string
	for _, k := range []struct {
		kind AppKind
		text string
	}{
		{AppDisabilityLiving, "协助%d名符合条件的人员申请残疾人生活补贴"},
		{AppDisabilityCare, "协助%d名重度残疾人申请护理补贴"},
		{AppOldAge, "为%d名80岁以上老年人申请高龄津贴"},
		{AppMedical, "为%d名村民申请医疗救助"},
		{AppDibao, "协助%d人申请低保"},
		{AppTekun, "协助%d人申请特困供养"},
	} {
		if n := o.Applications[k.kind]; n > 0 {
			apps = append(apps, fmt.Sprintf(k.text, n))
		}
	}
	if o.ReliefHouseholds > 0 {
		apps = append(apps, fmt.Sprintf("为%d户家庭链接了救助金和生活物资", o.ReliefHouseholds))
	}
	if o.TemporaryHouseholds > 0 {
		apps = append(apps, fmt.Sprintf("为%d户提供临时救助", o.TemporaryHouseholds))
	}
	if o.VolunteerHouseholds > 0 {
		apps = append(apps, fmt.Sprintf("为%d户困难群众链接了志愿服务", o.VolunteerHouseholds))
	}
	if len(apps) > 0 {
		b.WriteString("；累计" + strings.Join(apps, "，"))
	}
	b.WriteString("。")
	return b.String()
}
