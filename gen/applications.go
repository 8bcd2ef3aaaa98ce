package gen

import (
	"math/rand/v2"

	"shuangbai"
)

// Applications made on the files' behalf (协助申请), generated with the
// files they belong to: about one a file in ten in a province. Each is of a
// kind its person may have (高龄津贴 from 80, the disability subsidies for
// people filed as disabled: Application.Eligible), and its dates are those
// its status needs, after the file was found and no later than AsOf, so
// Application.Validate passes on every one.

// ApplicationColumns are the columns LoadCases bulk-inserts applications with.
var ApplicationColumns = []string{"beneficiary_id", "region", "kind", "status", "prepared_on", "submitted_on", "decided_on",
	"amount", "documents", "note", "created_at", "updated_at"}

// anyone's kinds: those with no rule on the person.
var anyonesKinds = []shuangbai.AppKind{shuangbai.AppMedical, shuangbai.AppTemporary, shuangbai.AppDibao, shuangbai.AppTekun,
	shuangbai.AppRelief, shuangbai.AppVolunteer, shuangbai.AppOther}

// monthly is the amount in yuan an approved application of a kind brings:
// a month of the subsidy, or the sum granted once; 0 for links to
// volunteers and other help.
var monthly = map[shuangbai.AppKind][2]int{
	shuangbai.AppDisabilityLiving: {150, 300}, shuangbai.AppDisabilityCare: {150, 300}, shuangbai.AppOldAge: {100, 500},
	shuangbai.AppMedical: {1000, 20000}, shuangbai.AppTemporary: {500, 3000}, shuangbai.AppDibao: {600, 1200},
	shuangbai.AppTekun: {1000, 1600}, shuangbai.AppRelief: {200, 2000},
}

var appDocuments = []string{"身份证、户口簿、申请书", "身份证、户口簿、残疾人证", "身份证、户口簿、医疗费用票据", "身份证、户口簿、收入证明、申请书"}

// rejectedNotes are the reasons a rejected application records.
var rejectedNotes = []string{"家庭收入超过当地标准", "材料不全，逾期未补交", "不符合申请条件", "已享受同类救助"}

// applicationFor returns an application for file x, drawn from rnd: one in
// five still being prepared or waiting for a decision as of AsOf, the
// rest decided, most approved.
func applicationFor(rnd *rand.Rand, x *shuangbai.Beneficiary) shuangbai.Application {
	a := shuangbai.Application{BeneficiaryID: x.ID, Region: x.Region, Kind: anyonesKinds[rnd.IntN(len(anyonesKinds))],
		Documents: appDocuments[rnd.IntN(len(appDocuments))]}
	switch roll := rnd.IntN(100); {
	case roll < 8:
		a.Status = shuangbai.AppPreparing
	case roll < 20:
		a.Status = shuangbai.AppSubmitted
	case roll < 85:
		a.Status = shuangbai.AppApproved
	default:
		a.Status = shuangbai.AppRejected
	}
	// The file was found at least 400 days before AsOf: decided ones fall
	// in the time since, the open ones in the last weeks.
	span := AsOf.Time().Sub(x.FoundOn.Time()).Hours() / 24
	switch a.Status {
	case shuangbai.AppPreparing:
		a.PreparedOn = AsOf.AddDays(-rnd.IntN(60))
	case shuangbai.AppSubmitted:
		a.SubmittedOn = AsOf.AddDays(-rnd.IntN(90))
		a.PreparedOn = a.SubmittedOn.AddDays(-3 - rnd.IntN(28))
	default:
		a.DecidedOn = AsOf.AddDays(-rnd.IntN(int(span) - 100))
		a.SubmittedOn = a.DecidedOn.AddDays(-10 - rnd.IntN(50))
		a.PreparedOn = a.SubmittedOn.AddDays(-3 - rnd.IntN(28))
	}
	// The kinds with a rule on the person, for half of those they fit.
	if rnd.IntN(2) == 0 {
		switch {
		case x.In(shuangbai.GroupDisabled):
			a.Kind = []shuangbai.AppKind{shuangbai.AppDisabilityLiving, shuangbai.AppDisabilityCare}[rnd.IntN(2)]
		case x.Age(a.PreparedOn) >= 80:
			a.Kind = shuangbai.AppOldAge
		}
	}
	if a.Eligible(x) != nil { // cannot happen with the rules above; kept so a new rule cannot make bad data
		a.Kind = shuangbai.AppOther
	}
	if r, ok := monthly[a.Kind]; ok && a.Status == shuangbai.AppApproved {
		a.Amount = int64(r[0] + rnd.IntN(r[1]-r[0]+1))
	}
	if a.Status == shuangbai.AppRejected {
		a.Note = rejectedNotes[rnd.IntN(len(rejectedNotes))]
	}
	return a
}

// applicationRow is a's row in ApplicationColumns' order.
func applicationRow(a shuangbai.Application) []any {
	at := AsOf.Time()
	return []any{a.BeneficiaryID, a.Region, string(a.Kind), string(a.Status), a.PreparedOn, a.SubmittedOn, a.DecidedOn,
		a.Amount, a.Documents, a.Note, at, at}
}

// withApplication reports whether file i of n has one of apps
// applications: they are spread evenly, exactly apps in all.
func withApplication(i, n, apps int) bool { return (i+1)*apps/n > i*apps/n }
