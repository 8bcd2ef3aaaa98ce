package shuangbai

import (
	"fmt"
	"time"
)

// AppKind is a kind of application made on someone's behalf (协助申请).
type AppKind string

// Application kinds.
const (
	AppDisabilityLiving AppKind = "disability_living" // 困难残疾人生活补贴
	AppDisabilityCare   AppKind = "disability_care"   // 重度残疾人护理补贴
	AppOldAge           AppKind = "old_age"           // 高龄津贴
	AppMedical          AppKind = "medical"           // 医疗救助
	AppTemporary        AppKind = "temporary"         // 临时救助
	AppDibao            AppKind = "dibao"             // 低保
	AppTekun            AppKind = "tekun"             // 特困供养
	AppRelief           AppKind = "relief"            // 救助金/生活物资链接
	AppVolunteer        AppKind = "volunteer"         // 志愿服务链接
	AppOther            AppKind = "other"
)

// AppKinds names the kinds in Chinese, in form order.
var AppKinds = []struct {
	Kind AppKind
	Name string
}{
	{AppDisabilityLiving, "困难残疾人生活补贴"}, {AppDisabilityCare, "重度残疾人护理补贴"}, {AppOldAge, "高龄津贴"},
	{AppMedical, "医疗救助"}, {AppTemporary, "临时救助"}, {AppDibao, "低保"}, {AppTekun, "特困供养"},
	{AppRelief, "救助金/生活物资链接"}, {AppVolunteer, "志愿服务链接"}, {AppOther, "其他"},
}

// Label names the kind in Chinese.
func (k AppKind) Label() string {
	for _, x := range AppKinds {
		if x.Kind == k {
			return x.Name
		}
	}
	return string(k)
}

// AppStatus is where an application stands.
type AppStatus string

// Application statuses: 准备中 → 已递交 → 已批准 / 未批准.
const (
	AppPreparing AppStatus = "preparing"
	AppSubmitted AppStatus = "submitted"
	AppApproved  AppStatus = "approved"
	AppRejected  AppStatus = "rejected"
)

// Label names the status in Chinese.
func (s AppStatus) Label() string {
	return map[AppStatus]string{AppPreparing: "准备中", AppSubmitted: "已递交", AppApproved: "已批准", AppRejected: "未批准"}[s]
}

// Application is an application for a subsidy or assistance made on a
// beneficiary's behalf.
type Application struct {
	ID            int64
	BeneficiaryID int64
	Region        string
	Kind          AppKind
	Status        AppStatus
	PreparedOn    Date
	SubmittedOn   Date
	DecidedOn     Date
	Amount        int64 // 元
	Documents     string
	Note          string
	CreatedAt     time.Time
}

// Validate checks an application's dates against its status.
func (a *Application) Validate(today Date) error {
	fe := FieldErrors{}
	if a.Kind.Label() == string(a.Kind) {
		fe.Add("kind", "请选择申请类别")
	}
	if a.Status.Label() == "" {
		fe.Add("status", "请选择办理状态")
	}
	if a.PreparedOn.IsZero() {
		fe.Add("prepared_on", "请填写开始办理日期")
	}
	if a.Status != AppPreparing && a.SubmittedOn.IsZero() {
		fe.Add("submitted_on", "请填写递交日期")
	}
	if (a.Status == AppApproved || a.Status == AppRejected) && a.DecidedOn.IsZero() {
		fe.Add("decided_on", "请填写审批日期")
	}
	fe.Day("prepared_on", "开始办理日期", a.PreparedOn, today, false)
	fe.Day("submitted_on", "递交日期", a.SubmittedOn, today, false)
	fe.Day("decided_on", "审批日期", a.DecidedOn, today, false)
	if !a.SubmittedOn.IsZero() && a.SubmittedOn.Before(a.PreparedOn) {
		fe.Add("submitted_on", "递交日期不能早于开始办理日期")
	}
	if !a.DecidedOn.IsZero() && a.DecidedOn.Before(a.SubmittedOn) {
		fe.Add("decided_on", "审批日期不能早于递交日期")
	}
	fe.Yuan("amount", a.Amount)
	fe.Text("documents", "已备材料", &a.Documents, TextLine, 500)
	fe.Text("note", "备注", &a.Note, TextNote, 1000)
	return fe.Err()
}

// Eligible checks an application's kind against the person where the rule
// is certain: 高龄津贴 from age 80, the disability subsidies for people
// filed as disabled. An outcomes report must not count what cannot be true.
func (a *Application) Eligible(b *Beneficiary) error {
	switch a.Kind {
	case AppOldAge:
		if b.Age(a.PreparedOn) < 80 {
			return &Error{Code: EINVALID, Message: "高龄津贴须年满 80 周岁", Fields: map[string]string{"kind": "高龄津贴须年满 80 周岁（该对象办理时 " + itoa(b.Age(a.PreparedOn)) + " 岁）"}}
		}
	case AppDisabilityLiving, AppDisabilityCare:
		if !b.In(GroupDisabled) {
			return &Error{Code: EINVALID, Message: "残疾人补贴须为已登记的残疾人", Fields: map[string]string{"kind": "该对象未登记为残疾人，请先在档案中登记残疾类别和等级"}}
		}
	}
	return nil
}

func itoa(n int) string { return fmt.Sprint(n) }

// OldAgeHint reports whether a beneficiary aged 80 or over on day d has no
// 高龄津贴 application recorded: a rule that is certain, so it is flagged.
func OldAgeHint(b *Beneficiary, apps []Application, d Date) bool {
	if b.Age(d) < 80 {
		return false
	}
	for _, a := range apps {
		if a.Kind == AppOldAge && a.Status != AppRejected {
			return false
		}
	}
	return true
}
