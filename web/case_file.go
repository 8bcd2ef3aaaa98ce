package web

import (
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// caseFilePage is the data of case/show.html: a beneficiary's file (档案)
// with everything recorded about the case, and the forms that change it.
type caseFilePage struct {
	Case        caseView
	Household   *shuangbai.Household
	Members     []caseView // the other members of the household
	Interval    string     // the level's visiting interval: 每周2次
	Changes     []levelChangeView
	Pending     []levelChangeView
	Visits      []shuangbai.Visit
	MoreVisits  string // the address showing more visits, when there are more
	Apps        []shuangbai.Application
	Assessments []shuangbai.Assessment
	OldAgeHint  bool
	Duplicates  []caseView
	Revealed    *revealedNumbers // shown once, right after a logged reveal

	LevelForm, CloseForm, RevealForm, AssessForm ui.Form
	Open                                         string // the form to show unfolded: level, close, reveal or assess

	CanEdit, CanReveal, CanConfirm bool
	RevealFull                     bool // the reveal shows the ID number too, not only the phone
	Opt                            caseChoices
}

// Latest returns the newest assessment, or nil.
func (p caseFilePage) Latest() *shuangbai.Assessment {
	if len(p.Assessments) == 0 {
		return nil
	}
	return &p.Assessments[0]
}

// levelChangeView is a change of level as the file shows it.
type levelChangeView struct {
	shuangbai.LevelChange
	Stale bool // pending, but the level has changed since: confirming it would undo that
}

// revealedNumbers are the full numbers a reveal shows.
type revealedNumbers struct {
	IDNumber, Phone string
	IDHidden        bool // the responsible worker sees the phone, not the ID
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

// fileForms are the forms of a file page a request filled in, with the
// one to unfold; zero values get their defaults.
type fileForms struct {
	Level, Close, Reveal, Assess *ui.Form
	Open                         string
	Revealed                     *revealedNumbers
}

// caseShow shows a beneficiary's file. Every view is written to the access
// log: a small insert, so it stays on.
func (s *Server) caseShow(w http.ResponseWriter, r *http.Request) error {
	b, err := s.caseOf(r)
	if err != nil {
		return err
	}
	return s.renderFile(w, r, http.StatusOK, b, fileForms{})
}

// renderFile renders a file page and logs the view (a reveal is logged by
// its handler instead). A view that cannot be logged is not shown.
func (s *Server) renderFile(w http.ResponseWriter, r *http.Request, status int, b *shuangbai.Beneficiary, ff fileForms) error {
	ctx, u := r.Context(), ui.User(r)
	scope := u.Scope()
	if ff.Revealed == nil {
		if err := s.db.LogAccess(ctx, u, store.AccessView, b.ID, b.Region, "", "档案"); err != nil {
			return err
		}
	}
	cv, err := s.caseViewOf(ctx, scope, b)
	if err != nil {
		return err
	}
	p := caseFilePage{Case: cv, Revealed: ff.Revealed, Open: ff.Open,
		CanEdit: u.CanEditCases(), CanConfirm: u.CanConfirmLowering()}
	p.CanReveal, p.RevealFull = canReveal(u, b)
	iv, err := s.db.Intervals(ctx)
	if err != nil {
		return err
	}
	if i, ok := iv[b.Level]; ok {
		p.Interval = i.String()
	}
	if b.HouseholdID != 0 {
		h, members, err := s.db.Household(ctx, scope, b.HouseholdID)
		if err != nil {
			return err
		}
		p.Household = h
		var others []*shuangbai.Beneficiary
		for _, m := range members {
			if m.ID != b.ID && scope.Contains(m.Region) {
				others = append(others, m)
			}
		}
		if err := s.logMembers(r, others, "家庭成员（在"+b.Name+"的档案中）"); err != nil {
			return err
		}
		if p.Members, err = s.caseViews(ctx, scope, others); err != nil {
			return err
		}
	}
	changes, err := s.db.LevelChanges(ctx, scope, b.ID, false)
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
	// The file shows the latest few visits; ?visits=all shows fifty.
	limit := fileVisits
	if r.URL.Query().Get("visits") == "all" {
		limit = 50
	}
	if p.Visits, err = s.db.Visits(ctx, scope, b.ID, limit+1); err != nil {
		return err
	}
	if len(p.Visits) > limit {
		p.Visits = p.Visits[:limit]
		if limit == fileVisits {
			p.MoreVisits = fileURL(b.ID) + "?visits=all#visits"
		}
	}
	if p.Apps, err = s.db.Applications(ctx, scope, b.ID); err != nil {
		return err
	}
	if p.Assessments, err = s.db.Assessments(ctx, scope, b.ID, 20); err != nil {
		return err
	}
	p.OldAgeHint = b.Open && shuangbai.OldAgeHint(b, p.Apps, s.ui.Today())
	dups, err := s.db.PossibleDuplicates(ctx, scope, b)
	if err != nil {
		return err
	}
	if p.Duplicates, err = s.caseViews(ctx, scope, dups); err != nil {
		return err
	}
	p.LevelForm = formOr(ff.Level, url.Values{"level": {strconv.Itoa(int(b.Level))}})
	p.CloseForm = formOr(ff.Close, nil)
	p.RevealForm = formOr(ff.Reveal, nil)
	p.AssessForm = formOr(ff.Assess, assessValues(p.Latest(), s.ui.Today()))
	return s.ui.Render(w, r, status, "case/show.html", p)
}

func formOr(f *ui.Form, v url.Values) ui.Form {
	if f != nil {
		return *f
	}
	return ui.NewForm(v, nil)
}

// fileVisits is how many visits a file shows before "more".
const fileVisits = 5

// maxReason caps a reason typed for a reveal, an export or a level change.
const maxReason = 200

// caseReveal shows the full ID and phone numbers once, to users allowed to
// see them, for a reason that is written to the access log first.
func (s *Server) caseReveal(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	b, err := s.caseOf(r)
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
		f := ui.NewForm(v, &shuangbai.Error{Code: shuangbai.EINVALID, Fields: map[string]string{"reason": msg}})
		return s.renderFile(w, r, http.StatusUnprocessableEntity, b, fileForms{Reveal: &f, Open: "reveal"})
	}
	shown, numbers := "身份证号、电话", &revealedNumbers{IDNumber: b.IDNumber, Phone: b.Phone, Reason: reason}
	if !full {
		shown, numbers.IDNumber, numbers.IDHidden = "电话", "", true
	}
	if err := s.db.LogAccess(ctx, u, store.AccessReveal, b.ID, b.Region, reason, shown); err != nil {
		return err
	}
	return s.renderFile(w, r, http.StatusOK, b, fileForms{Revealed: numbers})
}

// reasonProblem returns what is wrong with a typed reason, or "".
func reasonProblem(reason string) string {
	switch {
	case reason == "":
		return "请填写理由，例如：核对补贴申请材料"
	case utf8.RuneCountInString(reason) > maxReason:
		return "理由不超过 200 字"
	}
	return ""
}

// caseLevel changes a case's follow-up level with a reason: raising it
// takes effect at once, lowering it waits for a lead's confirmation.
func (s *Server) caseLevel(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := requireCaseEdit(u); err != nil {
		return err
	}
	b, err := s.caseOf(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	to, _ := strconv.Atoi(v.Get("level"))
	reason := ui.Trimmed(v, "reason")
	var c *shuangbai.LevelChange
	if utf8.RuneCountInString(reason) > maxReason {
		err = &shuangbai.Error{Code: shuangbai.EINVALID, Message: "理由太长", Fields: map[string]string{"reason": "理由不超过 200 字"}}
	} else {
		c, err = s.db.ChangeLevel(ctx, u, b.ID, shuangbai.Level4(to), reason)
	}
	if ui.FieldErrors(err) != nil {
		f := ui.NewForm(v, err)
		return s.renderFile(w, r, ui.Status(err), b, fileForms{Level: &f, Open: "level"})
	}
	if err != nil {
		return err
	}
	if c.Pending {
		ui.SetFlash(w, "已申请将跟进级别由"+c.From.Label()+"调整为"+c.To.Label()+"，待站长或督导确认后生效。")
	} else {
		ui.SetFlash(w, "跟进级别已调整为"+c.To.Label()+"，立即生效。")
	}
	http.Redirect(w, r, fileURL(b.ID), http.StatusSeeOther)
	return nil
}

// caseLevelConfirm confirms a pending lowering of the case's level. A
// change made stale by a later change is refused: confirming it would undo
// the later one.
func (s *Server) caseLevelConfirm(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if !u.CanConfirmLowering() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "降低跟进级别须由站长或督导确认")
	}
	b, err := s.caseOf(r)
	if err != nil {
		return err
	}
	changeID, err := ui.PathID(r, "change")
	if err != nil {
		return err
	}
	pending, err := s.db.LevelChanges(ctx, u.Scope(), b.ID, true)
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
	if err := s.db.ConfirmLevel(ctx, u, changeID); err != nil {
		return err
	}
	ui.SetFlash(w, "已确认：跟进级别调整为"+c.To.Label()+"。")
	http.Redirect(w, r, fileURL(b.ID), http.StatusSeeOther)
	return nil
}

// caseClose closes a case with a reason; it then takes no more visits.
func (s *Server) caseClose(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := requireCaseEdit(u); err != nil {
		return err
	}
	b, err := s.caseOf(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	why := ui.Trimmed(v, "closed_why")
	switch {
	case !b.Open:
		err = &shuangbai.Error{Code: shuangbai.EINVALID, Message: "该个案已结案", Fields: map[string]string{"closed_why": "该个案已于" + b.ClosedOn.Chinese() + "结案"}}
	case utf8.RuneCountInString(why) > maxReason:
		err = &shuangbai.Error{Code: shuangbai.EINVALID, Message: "结案原因太长", Fields: map[string]string{"closed_why": "结案原因不超过 200 字"}}
	default:
		err = s.db.CloseCase(ctx, u, b.ID, why)
	}
	if ui.FieldErrors(err) != nil {
		f := ui.NewForm(v, err)
		return s.renderFile(w, r, ui.Status(err), b, fileForms{Close: &f, Open: "close"})
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, b.Name+" 已结案")
	http.Redirect(w, r, fileURL(b.ID), http.StatusSeeOther)
	return nil
}

// caseAssess records a new needs assessment and service plan; earlier
// ones stay in the history.
func (s *Server) caseAssess(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := requireCaseEdit(u); err != nil {
		return err
	}
	b, err := s.caseOf(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	a := &shuangbai.Assessment{BeneficiaryID: b.ID, On: ui.ParseDate(fe, "on", v.Get("on")), Goals: v.Get("goals"), Areas: map[string]shuangbai.AreaRating{}}
	for _, ar := range shuangbai.AssessmentAreas {
		score, _ := strconv.Atoi(v.Get("score_" + ar.Key))
		a.Areas[ar.Key] = shuangbai.AreaRating{Score: score, Note: v.Get("note_" + ar.Key)}
	}
	err = ui.Validated(fe, func() error { return a.Validate(s.ui.Today()) })
	if err == nil {
		err = s.db.SaveAssessment(ctx, u, a)
	}
	if ui.FieldErrors(err) != nil {
		f := ui.NewForm(v, err)
		return s.renderFile(w, r, ui.Status(err), b, fileForms{Assess: &f, Open: "assess"})
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "需求评估与服务计划已保存；此前的评估保留在历次记录中。")
	http.Redirect(w, r, fileURL(b.ID)+"#assessment", http.StatusSeeOther)
	return nil
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
