package shuangbai

import (
	"fmt"
	"strings"
	"time"
)

// FundingStatus is where a county's request for funds stands (落实经费情况).
type FundingStatus string

// Funding statuses, in the order a request moves through them.
const (
	FundingNone       FundingStatus = "未申请"
	FundingEstimating FundingStatus = "测算中"
	FundingSubmitted  FundingStatus = "已报批"
	FundingApproved   FundingStatus = "已批复"
	FundingSecured    FundingStatus = "已落实"
)

// FundingStatuses lists the statuses in order.
var FundingStatuses = []FundingStatus{FundingNone, FundingEstimating, FundingSubmitted, FundingApproved, FundingSecured}

// CountyFacts are what a county (or the city, for 市本级) reports of its
// arrangements, as of the day Effective: the implementation plan, the two
// mechanisms and the funding. Facts are kept as history; the table for a day
// uses the latest facts effective on or before it.
type CountyFacts struct {
	ID        int64
	Region    string // a county, or a city for 市本级
	Effective Date

	PlanIssued bool // 实施方案已出台
	PlanDate   Date
	PlanDoc    string // 文号

	Coordination     bool // 工作协调机制
	CoordinationDate Date
	Management       bool // 站点管理机制
	ManagementDate   Date

	FundingStatus    FundingStatus
	FundingRequested int64 // 元
	FundingApproved  int64 // 元
	FundingNote      string

	RecordedAt time.Time
	RecordedBy string
}

// Validate checks facts before they are stored. Facts report what is in
// place, so no date is after today.
func (f *CountyFacts) Validate(today Date) error {
	fe := FieldErrors{}
	if l := LevelOf(f.Region); l != LevelCounty && l != LevelCity && l != LevelProvince {
		fe.Add("region", "请选择县（市、区）或市")
	}
	if f.Effective.IsZero() {
		fe.Add("effective", "请填写生效日期")
	}
	fe.Day("effective", "生效日期", f.Effective, today, false)
	if f.PlanIssued && f.PlanDate.IsZero() {
		fe.Add("plan_date", "请填写方案出台日期")
	}
	ok := f.FundingStatus == "" // 未填报: nothing reported yet
	for _, s := range FundingStatuses {
		ok = ok || f.FundingStatus == s
	}
	if !ok {
		fe.Add("funding_status", "请选择经费状态")
	}
	fe.Yuan("funding_requested", f.FundingRequested)
	fe.Yuan("funding_approved", f.FundingApproved)
	fe.Text("plan_doc", "文号", &f.PlanDoc, TextLine, 100)
	fe.Text("funding_note", "说明", &f.FundingNote, TextNote, 500)
	for _, d := range []struct {
		field string
		d     Date
	}{{"plan_date", f.PlanDate}, {"coordination_date", f.CoordinationDate}, {"management_date", f.ManagementDate}} {
		if !d.d.IsZero() && (d.d.After(f.Effective) || d.d.Before(NewDate(2000, 1, 1))) {
			fe.Add(d.field, "日期应在 2000 年之后，且不晚于生效日期")
		}
	}
	return fe.Err()
}

// FundingText is the table's 落实经费情况 cell: the note when one was
// written (the bureau's own words), else the status and amounts.
func (f *CountyFacts) FundingText() string {
	if strings.TrimSpace(f.FundingNote) != "" {
		return f.FundingNote
	}
	if f.FundingStatus == "" {
		return ""
	}
	s := string(f.FundingStatus)
	if f.FundingApproved > 0 {
		s += "，批复 " + Yuan(f.FundingApproved)
	} else if f.FundingRequested > 0 {
		s += "，申请 " + Yuan(f.FundingRequested)
	}
	return s
}

// Yuan formats an amount of yuan as the bureau writes it: 165.7万元 from ten
// thousand up, else 8500元.
func Yuan(n int64) string {
	if n >= 10000 {
		s := fmt.Sprintf("%.2f", float64(n)/10000)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		return s + "万元"
	}
	return fmt.Sprintf("%d元", n)
}
