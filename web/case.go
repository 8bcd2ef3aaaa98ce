package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// caseView is a beneficiary with what a case page shows beside it: the
// names of their village and worker, and how their next visit stands. The
// ID and phone numbers are shown only through MaskedID and MaskedPhone.
type caseView struct {
	*shuangbai.Beneficiary
	Village string // 双上村民委员会
	Town    string // 河口街道
	Path    string // 云城区 / 河口街道 / 双上村民委员会
	Worker  string // the responsible worker's name, "" when none
	Today   shuangbai.Date
}

// MaskedID is the ID number as every screen shows it: 445302********1234.
func (v caseView) MaskedID() string { return shuangbai.MaskIDNumber(v.IDNumber) }

// MaskedPhone is the phone number as every screen shows it: 138****8000.
func (v caseView) MaskedPhone() string { return shuangbai.MaskPhone(v.Phone) }

// AgeNow is the person's age today.
func (v caseView) AgeNow() int { return v.Age(v.Today) }

// Due tells how the next visit stands today.
func (v caseView) Due() dueInfo { return dueOf(v.NextDue, v.Today, v.Open) }

// URL is the address of the file.
func (v caseView) URL() string { return "/beneficiaries/" + strconv.FormatInt(v.ID, 10) }

// dueInfo is how a due day stands: a CSS class and a short Chinese text.
type dueInfo struct {
	Class string // overdue, today, soon, later, none, closed
	Text  string
	Days  int // days until due; negative when overdue
}

// dueOf describes the due day next as seen on day today.
func dueOf(next, today shuangbai.Date, open bool) dueInfo {
	switch {
	case !open:
		return dueInfo{Class: "closed", Text: "已结案"}
	case next.IsZero():
		return dueInfo{Class: "none", Text: "未排期"}
	}
	days := int(next.Time().Sub(today.Time()).Hours() / 24)
	switch {
	case days < 0:
		return dueInfo{"overdue", fmt.Sprintf("逾期 %d 天", -days), days}
	case days == 0:
		return dueInfo{"today", "今天到期", 0}
	case days == 1:
		return dueInfo{"soon", "明天到期", 1}
	case days < 7:
		return dueInfo{"soon", fmt.Sprintf("%d 天后到期", days), days}
	}
	return dueInfo{"later", next.Chinese(), days}
}

// caseViews labels beneficiaries with their region and worker names.
func (s *Server) caseViews(ctx context.Context, scope shuangbai.Scope, list []*shuangbai.Beneficiary) ([]caseView, error) {
	var codes []string
	var workers []int64
	for _, b := range list {
		codes = append(codes, ui.RegionAncestors(b.Region)...)
		workers = append(workers, b.WorkerID)
	}
	names, err := s.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	staff, err := s.db.StaffNames(ctx, scope, workers)
	if err != nil {
		return nil, err
	}
	today := s.ui.Today()
	out := make([]caseView, len(list))
	for i, b := range list {
		v := caseView{Beneficiary: b, Village: names[b.Region], Path: ui.RegionPath(names, b.Region), Worker: staff[b.WorkerID], Today: today}
		if len(b.Region) >= 9 {
			v.Town = names[b.Region[:9]]
		}
		out[i] = v
	}
	return out, nil
}

// caseChoices are the fixed choices of the case forms. Templates cannot
// reach package variables, so pages carry this (empty) value and call its
// methods.
type caseChoices struct{}

// Groups are the groups of service recipients.
func (caseChoices) Groups() []struct {
	Group shuangbai.Group
	Name  string
} {
	return shuangbai.Groups
}

// FoundBy are the ways a person is identified.
func (caseChoices) FoundBy() []struct {
	FoundBy shuangbai.FoundBy
	Name    string
} {
	return shuangbai.FoundByLabels
}

// Levels are the four follow-up levels.
func (caseChoices) Levels() []shuangbai.Level4 { return []shuangbai.Level4{1, 2, 3, 4} }

// Relations are the usual relations to the head of household.
func (caseChoices) Relations() []string {
	return []string{"户主", "配偶", "子女", "父母", "孙子女", "祖父母", "兄弟姐妹", "其他亲属", "其他"}
}

// VisitKinds are the ways a visit is made.
func (caseChoices) VisitKinds() []struct {
	Kind shuangbai.VisitKind
	Name string
} {
	return shuangbai.VisitKinds
}

// Services are what a visit may give.
func (caseChoices) Services() []string { return shuangbai.Services }

// AppKinds are the kinds of application.
func (caseChoices) AppKinds() []struct {
	Kind shuangbai.AppKind
	Name string
} {
	return shuangbai.AppKinds
}

// AppStatuses are the statuses of an application, in their usual order.
func (caseChoices) AppStatuses() []shuangbai.AppStatus {
	return []shuangbai.AppStatus{shuangbai.AppPreparing, shuangbai.AppSubmitted, shuangbai.AppApproved, shuangbai.AppRejected}
}

// Areas are the areas of a needs assessment.
func (caseChoices) Areas() []shuangbai.AssessmentArea { return shuangbai.AssessmentAreas }

// Scores are the ratings of an area with their names, 1–5.
func (caseChoices) Scores() []scoreChoice {
	out := make([]scoreChoice, 0, 5)
	for i := 1; i <= 5; i++ {
		out = append(out, scoreChoice{Value: strconv.Itoa(i), Name: shuangbai.NeedLevels[i]})
	}
	return out
}

// NeedLevel names a rating.
func (caseChoices) NeedLevel(score int) string {
	if score < 1 || score >= len(shuangbai.NeedLevels) {
		return ""
	}
	return shuangbai.NeedLevels[score]
}

// scoreChoice is one rating on the assessment form.
type scoreChoice struct{ Value, Name string }

// requireCaseEdit returns EFORBIDDEN unless u may change case files. The
// store checks too; checking first shows "no permission" rather than a
// form's messages to a read-only user.
func requireCaseEdit(u *shuangbai.User) error {
	if !u.CanEditCases() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "您的账号为%s，只能查看个案，不能修改", u.Role.Label())
	}
	return nil
}

// caseOf loads the beneficiary named by the path's {id} inside the user's
// scope: a file outside it is a 404, as if it did not exist.
func (s *Server) caseOf(r *http.Request) (*shuangbai.Beneficiary, error) {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.db.Beneficiary(r.Context(), ui.User(r).Scope(), id)
}

// caseViewOf labels one beneficiary.
func (s *Server) caseViewOf(ctx context.Context, scope shuangbai.Scope, b *shuangbai.Beneficiary) (caseView, error) {
	vs, err := s.caseViews(ctx, scope, []*shuangbai.Beneficiary{b})
	if err != nil {
		return caseView{}, err
	}
	return vs[0], nil
}

// fileURL is the address of a beneficiary's file.
func fileURL(id int64) string { return "/beneficiaries/" + strconv.FormatInt(id, 10) }
