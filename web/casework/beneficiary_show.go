package casework

import (
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// beneficiaryShowPage is the data of beneficiary/show.html: a beneficiary's
// file (档案) with everything recorded about them, and the forms that
// change it.
type beneficiaryShowPage struct {
	Beneficiary beneficiaryView
	Household   *shuangbai.Household
	Members     []beneficiaryView // the other members of the household
	Interval    string            // the level's visiting interval: 每周2次
	Changes     []levelChangeView
	Pending     []levelChangeView
	Visits      []shuangbai.Visit
	MoreVisits  string // the address showing more visits, when there are more
	Apps        []shuangbai.Application
	Assessments []shuangbai.Assessment
	Eligible    []store.EligibleCase // benefits the person may qualify for and has not applied for (政策找人)
	Attachments []attachmentView     // on the file and on its visits, newest first
	Duplicates  []beneficiaryView
	Gaps        []store.FileGap  // what an import left to complete (待补充)
	Revealed    *revealedNumbers // shown once, right after a logged reveal
	Names       accountNames     // who recorded what, by username

	LevelForm, CloseForm, RevealForm, AssessForm, ReopenForm, AttachForm ui.Form
	Open                                                                 string // the form to show unfolded: level, close, reveal, assess, reopen or attach

	CanEdit, CanReveal, CanConfirm bool
	RevealFull                     bool // the reveal shows the ID number too, not only the phone
	Opt                            choices
}

// Latest returns the newest assessment, or nil.
func (p beneficiaryShowPage) Latest() *shuangbai.Assessment {
	if len(p.Assessments) == 0 {
		return nil
	}
	return &p.Assessments[0]
}

// FileAttachments are the attachments on the file itself.
func (p beneficiaryShowPage) FileAttachments() []attachmentView { return p.AttachmentsOf(0) }

// AttachmentsOf returns the attachments on the visit visitID (0: on the
// file itself).
func (p beneficiaryShowPage) AttachmentsOf(visitID int64) []attachmentView {
	var out []attachmentView
	for _, a := range p.Attachments {
		if a.VisitID == visitID {
			out = append(out, a)
		}
	}
	return out
}

// levelChangeView is a change of level as the beneficiary's page shows it.
type levelChangeView struct {
	shuangbai.LevelChange
	Stale bool // pending, but the level has changed since: confirming it would undo that
}

// revealedNumbers are the full numbers a reveal shows, and the birth date,
// which is part of the ID number: every other screen shows the age.
type revealedNumbers struct {
	IDNumber, Phone string
	Birth           shuangbai.Date
	IDHidden        bool // the responsible worker sees the phone, not the ID nor the birth date
	Reason          string
}

// canReveal reports whether u may reveal a beneficiary's numbers: leads and
// admins both numbers, the responsible worker the phone only — they must
// be able to call the people they visit.
func canReveal(u *shuangbai.User, b *shuangbai.Beneficiary) (may, full bool) {
	full = u.CanSeeFullID()
	own := u.CanEditCases() && u.PersonID != 0 && b.WorkerID == u.PersonID
	return full || own, full
}

// showForms are the forms of a beneficiary's page a request filled in,
// with the one to unfold; zero values get their defaults.
type showForms struct {
	Level, Close, Reveal, Assess, Reopen, Attach *ui.Form
	Open                                         string
	Revealed                                     *revealedNumbers
}

// BeneficiaryShow shows a beneficiary's file. Every view is written to the
// access log: a small insert, so it stays on.
func (h *Handlers) BeneficiaryShow(w http.ResponseWriter, r *http.Request) error {
	b, err := h.beneficiaryOf(r)
	if err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, b, showForms{})
}

// renderShow renders a beneficiary's page and logs the view (a reveal is
// logged by its handler instead). A view that cannot be logged is not
// shown.
func (h *Handlers) renderShow(w http.ResponseWriter, r *http.Request, status int, b *shuangbai.Beneficiary, ff showForms) error {
	ctx, u, scope := r.Context(), ui.User(r), ui.Scope(r)
	if ff.Revealed == nil {
		if err := h.logView(r, b, "档案"); err != nil {
			return err
		}
	}
	bv, err := h.beneficiaryViewOf(ctx, scope, b)
	if err != nil {
		return err
	}
	p := beneficiaryShowPage{Beneficiary: bv, Revealed: ff.Revealed, Open: ff.Open,
		CanEdit: u.CanEditCases(), CanConfirm: u.CanConfirmLowering()}
	p.CanReveal, p.RevealFull = canReveal(u, b)
	if p.Interval, err = h.intervalOf(ctx, b.Level); err != nil {
		return err
	}
	if b.HouseholdID != 0 {
		hh, members, err := h.db.Household(ctx, scope, b.HouseholdID)
		if err != nil {
			return err
		}
		p.Household = hh
		var others []*shuangbai.Beneficiary
		for _, m := range members {
			if m.ID != b.ID && scope.Contains(m.Region) {
				others = append(others, m)
			}
		}
		if err := h.logMembers(r, others, "家庭成员（在"+b.Name+"的档案中）"); err != nil {
			return err
		}
		if p.Members, err = h.beneficiaryViews(ctx, scope, others); err != nil {
			return err
		}
	}
	if p.Gaps, err = h.db.FileGaps(ctx, scope, b.ID); err != nil {
		return err
	}
	changes, err := h.db.LevelChanges(ctx, scope, b.ID, false)
	if err != nil {
		return err
	}
	for _, c := range changes {
		v := levelChangeView{LevelChange: c, Stale: c.Pending && c.From != b.Level}
		p.Changes = append(p.Changes, v)
		if c.Pending {
			p.Pending = append(p.Pending, v)
		}
	}
	// The page shows the latest few visits; ?visits=all shows fifty.
	limit := shownVisits
	if r.URL.Query().Get("visits") == "all" {
		limit = 50
	}
	if p.Visits, err = h.db.Visits(ctx, scope, b.ID, limit+1); err != nil {
		return err
	}
	if len(p.Visits) > limit {
		p.Visits = p.Visits[:limit]
		if limit == shownVisits {
			p.MoreVisits = beneficiaryURL(b.ID) + "?visits=all#visits"
		}
	}
	if p.Apps, err = h.db.Applications(ctx, scope, b.ID); err != nil {
		return err
	}
	if p.Assessments, err = h.db.Assessments(ctx, scope, b.ID, 20); err != nil {
		return err
	}
	if p.Eligible, err = h.db.EligibleFile(ctx, scope, b, h.ui.Today()); err != nil {
		return err
	}
	if p.Attachments, err = h.attachmentViews(ctx, scope, b.ID); err != nil {
		return err
	}
	var who []string
	for _, c := range changes {
		who = append(who, c.RequestedBy, c.ConfirmedBy)
	}
	for _, v := range p.Visits {
		who = append(who, v.By)
	}
	for _, a := range p.Assessments {
		who = append(who, a.By)
	}
	for _, a := range p.Attachments {
		who = append(who, a.CreatedBy)
	}
	if p.Names, err = h.userNames(ctx, who); err != nil {
		return err
	}
	dups, err := h.db.PossibleDuplicates(ctx, scope, b)
	if err != nil {
		return err
	}
	if p.Duplicates, err = h.beneficiaryViews(ctx, scope, dups); err != nil {
		return err
	}
	p.LevelForm = formOr(ff.Level, url.Values{"level": {strconv.Itoa(int(b.Level))}})
	p.CloseForm = formOr(ff.Close, nil)
	p.RevealForm = formOr(ff.Reveal, nil)
	p.AssessForm = formOr(ff.Assess, assessValues(p.Latest(), h.ui.Today()))
	p.ReopenForm = formOr(ff.Reopen, nil)
	p.AttachForm = formOr(ff.Attach, nil)
	return h.ui.Render(w, r, status, "beneficiary/show.html", p)
}

// shownVisits is how many visits a beneficiary's page shows before "more".
const shownVisits = 5

// maxReason caps a reason typed for a reveal, an export or a level change.
const maxReason = 200

// BeneficiaryReveal shows the full ID and phone numbers once, to users
// allowed to see them, for a reason that is written to the access log
// first.
func (h *Handlers) BeneficiaryReveal(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	b, err := h.beneficiaryOf(r)
	if err != nil {
		return err
	}
	may, full := canReveal(u, b)
	if !may {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有站长、县级和市级管理员可以查看完整号码；责任社工可以查看所负责对象的电话")
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	reason := ui.Trimmed(v, "reason")
	if msg := reasonProblem(reason); msg != "" {
		f := ui.NewForm(v, invalid("reason", msg))
		return h.renderShow(w, r, http.StatusUnprocessableEntity, b, showForms{Reveal: &f, Open: "reveal"})
	}
	shown, numbers := "身份证号、出生日期、电话", &revealedNumbers{IDNumber: b.IDNumber, Phone: b.Phone, Birth: b.Birth, Reason: reason}
	if !full {
		shown, numbers.IDNumber, numbers.Birth, numbers.IDHidden = "电话", "", shuangbai.Date{}, true
	}
	if err := h.db.LogAccess(r.Context(), u, store.AccessReveal, b.ID, b.Region, reason, shown); err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, b, showForms{Revealed: numbers})
}

// reasonProblem returns what is wrong with a reason typed for a reveal or
// an export, or "": the rule the store's access log applies too.
func reasonProblem(reason string) string {
	_, err := shuangbai.CheckReason(reason)
	return ui.FieldErrors(err)["reason"]
}

// BeneficiaryLevel changes a beneficiary's follow-up level with a reason:
// raising it takes effect at once, lowering it waits for a lead's
// confirmation.
func (h *Handlers) BeneficiaryLevel(w http.ResponseWriter, r *http.Request) error {
	b, v, err := h.posted(r)
	if err != nil {
		return err
	}
	to, _ := strconv.Atoi(v.Get("level"))
	reason := ui.Trimmed(v, "reason")
	var c *shuangbai.LevelChange
	if utf8.RuneCountInString(reason) > maxReason {
		err = invalid("reason", "理由不超过 200 字")
	} else {
		c, err = h.db.ChangeLevel(r.Context(), ui.User(r), b.ID, shuangbai.Level4(to), reason)
	}
	if f, ok := refused(v, err); ok {
		return h.renderShow(w, r, ui.Status(err), b, showForms{Level: &f, Open: "level"})
	}
	if err != nil {
		return err
	}
	if c.Pending {
		return saved(w, r, "已申请将跟进级别由"+c.From.Label()+"调整为"+c.To.Label()+"，待站长或督导确认后生效。", beneficiaryURL(b.ID))
	}
	return saved(w, r, "跟进级别已调整为"+c.To.Label()+"，立即生效。", beneficiaryURL(b.ID))
}

// BeneficiaryLevelConfirm confirms a pending lowering of the beneficiary's
// level. A change made stale by a later change is refused: confirming it
// would undo the later one.
func (h *Handlers) BeneficiaryLevelConfirm(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if !u.CanConfirmLowering() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "降低跟进级别须由站长或督导确认")
	}
	b, err := h.beneficiaryOf(r)
	if err != nil {
		return err
	}
	changeID, err := ui.PathID(r, "change")
	if err != nil {
		return err
	}
	pending, err := h.db.LevelChanges(ctx, ui.Scope(r), b.ID, true)
	if err != nil {
		return err
	}
	var c *shuangbai.LevelChange
	for i := range pending {
		if pending[i].ID == changeID {
			c = &pending[i]
		}
	}
	if c == nil {
		return shuangbai.Errorf(shuangbai.ENOTFOUND, "待确认的级别调整不存在，可能已被确认")
	}
	if c.From != b.Level {
		return shuangbai.Errorf(shuangbai.ECONFLICT, "该申请提交后级别已另行调整（现为%s），不能再确认。如仍需降级，请重新申请。", b.Level.Label())
	}
	if err := h.db.ConfirmLevel(ctx, u, changeID); err != nil {
		return err
	}
	return saved(w, r, "已确认：跟进级别调整为"+c.To.Label()+"。", beneficiaryURL(b.ID))
}

// BeneficiaryClose closes a beneficiary's case with a reason; it then takes
// no more visits.
func (h *Handlers) BeneficiaryClose(w http.ResponseWriter, r *http.Request) error {
	b, v, err := h.posted(r)
	if err != nil {
		return err
	}
	why := ui.Trimmed(v, "closed_why")
	switch {
	case !b.Open:
		err = invalid("closed_why", "该个案已于"+b.ClosedOn.Chinese()+"结案")
	case utf8.RuneCountInString(why) > maxReason:
		err = invalid("closed_why", "结案原因不超过 200 字")
	default:
		err = h.db.CloseCase(r.Context(), ui.User(r), b.ID, why)
	}
	if f, ok := refused(v, err); ok {
		return h.renderShow(w, r, ui.Status(err), b, showForms{Close: &f, Open: "close"})
	}
	if err != nil {
		return err
	}
	return saved(w, r, b.Name+" 已结案", beneficiaryURL(b.ID))
}

// BeneficiaryReopen opens a closed case again with a reason (the person is
// back, or was closed by mistake); the store audits it and refuses an open
// case.
func (h *Handlers) BeneficiaryReopen(w http.ResponseWriter, r *http.Request) error {
	b, v, err := h.posted(r)
	if err != nil {
		return err
	}
	// The store checks only that a reason is given; its words are
	// checked here like every reason typed (no control or bidi characters).
	why, err := shuangbai.CleanText("reopen_why", "重新开案的原因", v.Get("reopen_why"), shuangbai.TextLine, maxReason)
	if err == nil {
		err = h.db.ReopenCase(r.Context(), ui.User(r), b.ID, why)
	}
	if f, ok := refused(v, err); ok {
		return h.renderShow(w, r, ui.Status(err), b, showForms{Reopen: &f, Open: "reopen"})
	}
	if err != nil {
		return err
	}
	return saved(w, r, b.Name+" 已重新开案，今天起按"+b.Level.Label()+"跟进，请尽快探访。", beneficiaryURL(b.ID))
}

// AssessmentCreate records a new needs assessment and service plan;
// earlier ones stay in the history.
func (h *Handlers) AssessmentCreate(w http.ResponseWriter, r *http.Request) error {
	b, v, err := h.posted(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	a := &shuangbai.Assessment{BeneficiaryID: b.ID, On: ui.ParseDate(fe, "on", v.Get("on")), Goals: v.Get("goals"), Areas: map[string]shuangbai.AreaRating{}}
	for _, ar := range shuangbai.AssessmentAreas {
		score, _ := strconv.Atoi(v.Get("score_" + ar.Key))
		a.Areas[ar.Key] = shuangbai.AreaRating{Score: score, Note: v.Get("note_" + ar.Key)}
	}
	err = ui.Validated(fe, func() error { return a.Validate(h.ui.Today()) })
	if err == nil {
		err = h.db.SaveAssessment(r.Context(), ui.User(r), a)
	}
	if f, ok := refused(v, err); ok {
		return h.renderShow(w, r, ui.Status(err), b, showForms{Assess: &f, Open: "assess"})
	}
	if err != nil {
		return err
	}
	return saved(w, r, "需求评估与服务计划已保存；此前的评估保留在历次记录中。", beneficiaryURL(b.ID)+"#assessment")
}

// assessValues fills the assessment form from the latest assessment, so a
// reassessment changes only what changed.
func assessValues(a *shuangbai.Assessment, today shuangbai.Date) url.Values {
	v := url.Values{"on": {today.String()}}
	if a == nil {
		return v
	}
	v.Set("goals", a.Goals)
	for k, r := range a.Areas {
		v.Set("score_"+k, strconv.Itoa(r.Score))
		v.Set("note_"+k, r.Note)
	}
	return v
}
