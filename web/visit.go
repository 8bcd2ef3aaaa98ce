package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// visitIn is a visit as a form or a JSON body gives it.
type visitIn struct {
	BeneficiaryID int64    `json:"beneficiary_id"`
	On            string   `json:"on"`
	Kind          string   `json:"kind"`
	Services      []string `json:"services"`
	Findings      string   `json:"findings"`
	NextDue       string   `json:"next_due"`
	Workers       []int64  `json:"workers"`
}

// visit returns the visit described by in, noting unparsable dates. The
// visiting workers default to the user's own roster entry.
func (in visitIn) visit(u *shuangbai.User, fe shuangbai.FieldErrors) *shuangbai.Visit {
	v := &shuangbai.Visit{BeneficiaryID: in.BeneficiaryID, On: ui.ParseDate(fe, "on", in.On), Kind: shuangbai.VisitKind(strings.TrimSpace(in.Kind)),
		Services: in.Services, Findings: strings.TrimSpace(in.Findings), NextDue: ui.ParseDate(fe, "next_due", in.NextDue), Workers: in.Workers}
	if len(v.Workers) == 0 && u.PersonID != 0 {
		v.Workers = []int64{u.PersonID}
	}
	return v
}

// visitPage is the data of case/visit.html: the short visit form a worker
// fills in on a phone at the door, with enough of the case to recall it.
type visitPage struct {
	Case     caseView
	Interval string
	Recent   []shuangbai.Visit
	Form     ui.Form
	Next     string // where to go after saving
	Opt      caseChoices
}

// visitNew shows the visit form: today's date, a home visit, and the next
// visit proposed from the case's level. ?next= is where saving returns to
// (the worklist, when the form was opened from it).
func (s *Server) visitNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireCaseEdit(u); err != nil {
		return err
	}
	b, err := s.caseOf(r)
	if err != nil {
		return err
	}
	today := s.ui.Today()
	proposed, err := s.proposedDue(r.Context(), b, today)
	if err != nil {
		return err
	}
	v := url.Values{"on": {today.String()}, "kind": {string(shuangbai.VisitHome)}, "next_due": {proposed.String()},
		"proposed": {proposed.String()}}
	return s.visitForm(w, r, http.StatusOK, b, ui.NewForm(v, nil), r.URL.Query().Get("next"))
}

// proposedDue is the next visit a visit on day on proposes for b.
func (s *Server) proposedDue(ctx context.Context, b *shuangbai.Beneficiary, on shuangbai.Date) (shuangbai.Date, error) {
	iv, err := s.db.Intervals(ctx)
	if err != nil {
		return shuangbai.Date{}, err
	}
	return iv.NextDue(b.Level, on), nil
}

// visitCreate records a visit. The next-visit date the form proposed is
// proposed again from the visit's own date when the worker changed the
// date but not the proposal; a date typed by the worker is kept.
func (s *Server) visitCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := requireCaseEdit(u); err != nil {
		return err
	}
	b, err := s.caseOf(r)
	if err != nil {
		return err
	}
	form, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	in := visitIn{BeneficiaryID: b.ID, On: form.Get("on"), Kind: form.Get("kind"), Services: form["services"],
		Findings: form.Get("findings"), NextDue: form.Get("next_due")}
	if in.NextDue != "" && in.NextDue == form.Get("proposed") {
		in.NextDue = "" // untouched: the store proposes it from the visit's date
	}
	v := in.visit(u, fe)
	err = ui.Validated(fe, func() error { return v.Validate(b, s.ui.Today()) })
	if err == nil {
		err = s.db.RecordVisit(ctx, u, v)
	}
	next := form.Get("next")
	if ui.FieldErrors(err) != nil {
		return s.visitForm(w, r, ui.Status(err), b, ui.NewForm(form, err), next)
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已登记 "+b.Name+" "+v.On.Chinese()+"的探访，下次探访："+v.NextDue.Chinese())
	to := fileURL(b.ID)
	if next != "" {
		to = safeNext(next)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// visitForm renders case/visit.html. Opening it shows personal data (the
// last findings), so it is logged as a view of the file.
func (s *Server) visitForm(w http.ResponseWriter, r *http.Request, status int, b *shuangbai.Beneficiary, f ui.Form, next string) error {
	ctx, u := r.Context(), ui.User(r)
	if err := s.db.LogAccess(ctx, u, store.AccessView, b.ID, b.Region, "", "探访表单"); err != nil {
		return err
	}
	cv, err := s.caseViewOf(ctx, u.Scope(), b)
	if err != nil {
		return err
	}
	p := visitPage{Case: cv, Form: f, Next: next}
	if next != "" {
		p.Next = safeNext(next)
	}
	iv, err := s.db.Intervals(ctx)
	if err != nil {
		return err
	}
	if i, ok := iv[b.Level]; ok {
		p.Interval = i.String()
	}
	if p.Recent, err = s.db.Visits(ctx, u.Scope(), b.ID, 3); err != nil {
		return err
	}
	return s.ui.Render(w, r, status, "case/visit.html", p)
}
