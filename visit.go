package shuangbai

import "time"

// VisitKind is how a visit (探访) was made.
type VisitKind string

// Visit kinds.
const (
	VisitHome      VisitKind = "home"      // 入户
	VisitPhone     VisitKind = "phone"     // 电话
	VisitStation   VisitKind = "station"   // 到站
	VisitCommunity VisitKind = "community" // 社区
)

// VisitKinds names the kinds in Chinese, in form order.
var VisitKinds = []struct {
	Kind VisitKind
	Name string
}{{VisitHome, "入户"}, {VisitPhone, "电话"}, {VisitStation, "到站"}, {VisitCommunity, "社区"}}

// Label names the kind in Chinese.
func (k VisitKind) Label() string {
	for _, x := range VisitKinds {
		if x.Kind == k {
			return x.Name
		}
	}
	return string(k)
}

// Services are what a visit may give, as the seed names them.
var Services = []string{"政策咨询", "政策链接", "精神慰藉", "资源链接", "能力提升", "支持网络搭建", "其他"}

// Visit is one visit to a beneficiary.
type Visit struct {
	ID            int64
	BeneficiaryID int64
	Region        string // the beneficiary's village, for scope
	On            Date
	Kind          VisitKind
	Workers       []int64 // staff who visited
	Findings      string
	Services      []string
	NextDue       Date // proposed from the level; the worker may change it
	By            string
	CreatedAt     time.Time
}

// Validate checks a visit against its case: not in the future, not before
// the case was opened, not to a closed case.
func (v *Visit) Validate(b *Beneficiary, today Date) error {
	fe := FieldErrors{}
	if v.On.IsZero() {
		fe.Add("on", "请填写探访日期")
	}
	fe.Day("on", "探访日期", v.On, today, false)
	if !b.FoundOn.IsZero() && v.On.Before(b.FoundOn) {
		fe.Add("on", "探访日期不能早于建档日期（"+b.FoundOn.Chinese()+"）")
	}
	if !b.Open {
		fe.Add("beneficiary", "该个案已结案，不能再登记探访")
	}
	if v.Kind.Label() == string(v.Kind) {
		fe.Add("kind", "请选择探访方式")
	}
	for _, s := range v.Services {
		ok := false
		for _, x := range Services {
			ok = ok || s == x
		}
		if !ok {
			fe.Add("services", "未知的服务内容："+s)
		}
	}
	fe.Text("findings", "情况记录", &v.Findings, TextNote, 4000)
	if !v.NextDue.IsZero() && !v.NextDue.After(v.On) {
		fe.Add("next_due", "下次探访日期应晚于本次")
	} else if v.NextDue.After(v.On.AddDays(92)) {
		fe.Add("next_due", "下次探访应在三个月之内；不再需要探访的请结案")
	}
	return fe.Err()
}
