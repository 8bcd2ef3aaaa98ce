package casework

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// beneficiaryView is a beneficiary with what a page shows beside them: the
// names of their village and worker, and how their next visit stands. The
// ID and phone numbers are shown only through MaskedID and MaskedPhone, and
// the birth date only as AgeNow: it is digits 7–14 of the ID number, so
// showing it beside any mask gives much of the number back. Only a logged
// reveal or export shows them in full, whatever the user's role.
type beneficiaryView struct {
	*shuangbai.Beneficiary
	Village string // 双上村民委员会
	Town    string // 河口街道
	Path    string // 云城区 / 河口街道 / 双上村民委员会
	Worker  string // the responsible worker's name, "" when none
	Today   shuangbai.Date
}

// MaskedID is the ID number as every screen shows it: 尾号1234.
func (v beneficiaryView) MaskedID() string { return shuangbai.MaskIDNumber(v.IDNumber) }

// MaskedPhone is the phone number as every screen shows it: 138****8000.
func (v beneficiaryView) MaskedPhone() string { return shuangbai.MaskPhone(v.Phone) }

// Found says how and when the person was identified, as far as the file
// knows: 入户走访，2021年3月1日; — when neither is recorded.
func (v beneficiaryView) Found() string {
	var parts []string
	if v.FoundBy != "" {
		parts = append(parts, v.FoundBy.Label())
	}
	if !v.FoundOn.IsZero() {
		parts = append(parts, v.FoundOn.Chinese())
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, "，")
}

// Created is when the file was made, in case work's one way of writing a
// day: 2021年8月9日 10:00.
func (v beneficiaryView) Created() string { return when(v.CreatedAt) }

// when writes a moment in China's time as case work writes days, with the
// time of day: 2021年8月9日 13:57.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return shuangbai.Today(t).Chinese() + " " + t.In(shuangbai.China).Format("15:04")
}

// AgeNow is the person's age today.
func (v beneficiaryView) AgeNow() int { return v.Age(v.Today) }

// Due tells how the next visit stands today.
func (v beneficiaryView) Due() dueInfo { return dueOf(v.NextDue, v.Today, v.Open) }

// URL is the address of the beneficiary's page.
func (v beneficiaryView) URL() string { return beneficiaryURL(v.ID) }

// beneficiaryURL is the address of a beneficiary's page (their file, 档案).
func beneficiaryURL(id int64) string { return "/beneficiaries/" + strconv.FormatInt(id, 10) }

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

// names returns the names of the regions codes and of the staff workers,
// the two things every list of beneficiaries is labelled with.
func (h *Handlers) names(ctx context.Context, scope shuangbai.Scope, codes []string, workers []int64) (map[string]string, map[int64]string, error) {
	regions, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, nil, err
	}
	staff, err := h.db.StaffNames(ctx, scope, workers)
	if err != nil {
		return nil, nil, err
	}
	return regions, staff, nil
}

// beneficiaryViews labels beneficiaries with their region and worker names.
func (h *Handlers) beneficiaryViews(ctx context.Context, scope shuangbai.Scope, list []*shuangbai.Beneficiary) ([]beneficiaryView, error) {
	var codes []string
	var workers []int64
	for _, b := range list {
		codes = append(codes, ui.RegionAncestors(b.Region)...)
		workers = append(workers, b.WorkerID)
	}
	names, staff, err := h.names(ctx, scope, codes, workers)
	if err != nil {
		return nil, err
	}
	today := h.ui.Today()
	out := make([]beneficiaryView, len(list))
	for i, b := range list {
		v := beneficiaryView{Beneficiary: b, Village: names[b.Region], Path: ui.RegionPath(names, b.Region), Worker: staff[b.WorkerID], Today: today}
		if len(b.Region) >= 9 {
			v.Town = names[b.Region[:9]]
		}
		out[i] = v
	}
	return out, nil
}

// beneficiaryViewOf labels one beneficiary.
func (h *Handlers) beneficiaryViewOf(ctx context.Context, scope shuangbai.Scope, b *shuangbai.Beneficiary) (beneficiaryView, error) {
	vs, err := h.beneficiaryViews(ctx, scope, []*shuangbai.Beneficiary{b})
	if err != nil {
		return beneficiaryView{}, err
	}
	return vs[0], nil
}

// requireBeneficiaryEdit returns EFORBIDDEN unless u may change
// beneficiaries and what is recorded about them. The store checks too;
// checking first shows "no permission" rather than a form's messages to a
// read-only user.
func requireBeneficiaryEdit(u *shuangbai.User) error {
	if !u.CanEditCases() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "您的账号为%s，只能查看个案，不能修改", u.Role.Label())
	}
	return nil
}

// beneficiaryOf loads the beneficiary named by the path's {id} inside the
// request's scope: one outside it is a 404, as if they did not exist.
func (h *Handlers) beneficiaryOf(r *http.Request) (*shuangbai.Beneficiary, error) {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.db.Beneficiary(r.Context(), ui.Scope(r), id)
}

// editable loads the beneficiary {id} for a change. A read-only user is
// refused before the lookup, so they learn they may not change anything
// rather than whether the record exists.
func (h *Handlers) editable(r *http.Request) (*shuangbai.Beneficiary, error) {
	if err := requireBeneficiaryEdit(ui.User(r)); err != nil {
		return nil, err
	}
	return h.beneficiaryOf(r)
}

// posted is editable with the posted form: what every page that changes a
// beneficiary's record reads first.
func (h *Handlers) posted(r *http.Request) (*shuangbai.Beneficiary, url.Values, error) {
	b, err := h.editable(r)
	if err != nil {
		return nil, nil, err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return nil, nil, err
	}
	return b, v, nil
}

// logView writes to the access log that the request's user saw b's
// personal data; detail says where. A view that cannot be logged is not
// shown.
func (h *Handlers) logView(r *http.Request, b *shuangbai.Beneficiary, detail string) error {
	return h.db.LogAccess(r.Context(), ui.User(r), store.AccessView, b.ID, b.Region, "", detail)
}

// logMembers records a view of each person whose record a page or answer
// shows besides the one asked for, such as a household's members.
func (h *Handlers) logMembers(r *http.Request, people []*shuangbai.Beneficiary, detail string) error {
	if len(people) == 0 {
		return nil
	}
	targets := make([]store.AccessTarget, 0, len(people))
	for _, m := range people {
		targets = append(targets, store.AccessTarget{BeneficiaryID: m.ID, Region: m.Region})
	}
	return h.db.LogAccessMany(r.Context(), ui.User(r), store.AccessView, targets, "", detail)
}

// intervalOf names the visiting interval of a follow-up level (每周2次),
// or "" for a level without one.
func (h *Handlers) intervalOf(ctx context.Context, level shuangbai.Level4) (string, error) {
	iv, err := h.db.Intervals(ctx)
	if err != nil {
		return "", err
	}
	if i, ok := iv[level]; ok {
		return i.String(), nil
	}
	return "", nil
}

// What every page form of case work does once it is posted: a problem the
// user can fix shows the form again with a message next to each field;
// anything else is an error page; a saved form redirects with a notice,
// so reloading the next page does not post it again.

// refused returns the form showing v with err's field messages, and
// whether err has any: a form to show again rather than an error.
func refused(v url.Values, err error) (ui.Form, bool) {
	if ui.FieldErrors(err) == nil {
		return ui.Form{}, false
	}
	return ui.NewForm(v, err), true
}

// saved redirects to the page at to, which shows notice once.
func saved(w http.ResponseWriter, r *http.Request, notice, to string) error {
	ui.SetFlash(w, notice)
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// formOr returns *f when a request filled it in, else a fresh form showing v.
func formOr(f *ui.Form, v url.Values) ui.Form {
	if f != nil {
		return *f
	}
	return ui.NewForm(v, nil)
}

// invalid is the error of one field's problem that only the page checks.
func invalid(field, msg string) error {
	return &shuangbai.Error{Code: shuangbai.EINVALID, Fields: map[string]string{field: msg}}
}

// choices are the fixed choices of the case-work forms. Templates cannot
// reach package variables, so pages carry this (empty) value and call its
// methods.
type choices struct{}

// Groups are the groups of service recipients.
func (choices) Groups() []struct {
	Group shuangbai.Group
	Name  string
} {
	return shuangbai.Groups
}

// FoundBy are the ways a person is identified.
func (choices) FoundBy() []struct {
	FoundBy shuangbai.FoundBy
	Name    string
} {
	return shuangbai.FoundByLabels
}

// Levels are the four follow-up levels.
func (choices) Levels() []shuangbai.Level4 { return []shuangbai.Level4{1, 2, 3, 4} }

// Relations are the usual relations to the head of household.
func (choices) Relations() []string {
	return []string{"户主", "配偶", "子女", "父母", "孙子女", "祖父母", "兄弟姐妹", "其他亲属", "其他"}
}

// VisitKinds are the ways a visit is made.
func (choices) VisitKinds() []struct {
	Kind shuangbai.VisitKind
	Name string
} {
	return shuangbai.VisitKinds
}

// Services are what a visit may give.
func (choices) Services() []string { return shuangbai.Services }

// AppKinds are the kinds of application.
func (choices) AppKinds() []struct {
	Kind shuangbai.AppKind
	Name string
} {
	return shuangbai.AppKinds
}

// AppStatuses are the statuses of an application, in their usual order.
func (choices) AppStatuses() []shuangbai.AppStatus {
	return []shuangbai.AppStatus{shuangbai.AppPreparing, shuangbai.AppSubmitted, shuangbai.AppApproved, shuangbai.AppRejected}
}

// Areas are the areas of a needs assessment.
func (choices) Areas() []shuangbai.AssessmentArea { return shuangbai.AssessmentAreas }

// Scores are the ratings of an area with their names, 1–5.
func (choices) Scores() []scoreChoice {
	out := make([]scoreChoice, 0, 5)
	for i := 1; i <= 5; i++ {
		out = append(out, scoreChoice{Value: strconv.Itoa(i), Name: shuangbai.NeedLevels[i]})
	}
	return out
}

// NeedLevel names a rating.
func (choices) NeedLevel(score int) string {
	if score < 1 || score >= len(shuangbai.NeedLevels) {
		return ""
	}
	return shuangbai.NeedLevels[score]
}

// scoreChoice is one rating on the assessment form.
type scoreChoice struct{ Value, Name string }

// userNames returns the names of the accounts usernames, as records show
// who made them (记录人): the name a colleague knows, 系统 for what the
// system itself recorded (an import, the demo's seed); an account no
// longer there keeps its username.
func (h *Handlers) userNames(ctx context.Context, usernames []string) (accountNames, error) {
	out := accountNames{"": ""}
	for _, n := range usernames {
		if _, ok := out[n]; ok {
			continue
		}
		if n == shuangbai.SystemUser.Username {
			out[n] = shuangbai.SystemUser.Name
			continue
		}
		u, _, err := h.db.UserByName(ctx, n)
		switch {
		case shuangbai.ErrorCode(err) == shuangbai.ENOTFOUND:
			out[n] = n
		case err != nil:
			return nil, err
		case u.Name != "":
			out[n] = u.Name
		default:
			out[n] = n
		}
	}
	return out, nil
}

// accountNames maps usernames to people's names, for a template:
// {{$p.Names.Of .By}}.
type accountNames map[string]string

// Of returns the name of the account username, or the username itself.
func (n accountNames) Of(username string) string {
	if name, ok := n[username]; ok {
		return name
	}
	return username
}
