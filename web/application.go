package web

import (
	"net/http"
	"net/url"
	"shuangbai/web/ui"
	"strconv"
	"strings"

	"shuangbai"
)

// applicationIn is an application as a form or a JSON body gives it.
type applicationIn struct {
	BeneficiaryID int64  `json:"beneficiary_id"`
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	PreparedOn    string `json:"prepared_on"`
	SubmittedOn   string `json:"submitted_on"`
	DecidedOn     string `json:"decided_on"`
	Amount        int64  `json:"amount"`
	Documents     string `json:"documents"`
	Note          string `json:"note"`
}

// application returns the application described by in, noting unparsable
// dates.
func (in applicationIn) application(fe shuangbai.FieldErrors) *shuangbai.Application {
	return &shuangbai.Application{BeneficiaryID: in.BeneficiaryID, Kind: shuangbai.AppKind(strings.TrimSpace(in.Kind)),
		Status: shuangbai.AppStatus(strings.TrimSpace(in.Status)), PreparedOn: ui.ParseDate(fe, "prepared_on", in.PreparedOn),
		SubmittedOn: ui.ParseDate(fe, "submitted_on", in.SubmittedOn), DecidedOn: ui.ParseDate(fe, "decided_on", in.DecidedOn),
		Amount: in.Amount, Documents: strings.TrimSpace(in.Documents), Note: strings.TrimSpace(in.Note)}
}

// applicationInOf returns the input that would store a unchanged.
func applicationInOf(a shuangbai.Application) applicationIn {
	return applicationIn{BeneficiaryID: a.BeneficiaryID, Kind: string(a.Kind), Status: string(a.Status), PreparedOn: a.PreparedOn.String(),
		SubmittedOn: a.SubmittedOn.String(), DecidedOn: a.DecidedOn.String(), Amount: a.Amount, Documents: a.Documents, Note: a.Note}
}

// applicationFromForm reads a posted application form.
func applicationFromForm(v url.Values, fe shuangbai.FieldErrors) applicationIn {
	in := applicationIn{Kind: v.Get("kind"), Status: v.Get("status"), PreparedOn: v.Get("prepared_on"), SubmittedOn: v.Get("submitted_on"),
		DecidedOn: v.Get("decided_on"), Documents: v.Get("documents"), Note: v.Get("note")}
	if a := strings.TrimSpace(v.Get("amount")); a != "" {
		n, err := strconv.ParseInt(a, 10, 64)
		if err != nil {
			fe.Add("amount", "金额应为整数（元），例如 1500")
		}
		in.Amount = n
	}
	return in
}

// applicationPage is the data of case/application.html, for a new
// application and for updating one.
type applicationPage struct {
	Case caseView
	App  *shuangbai.Application // nil for a new one
	Form ui.Form
	Opt  caseChoices
}

// Action is where the form posts.
func (p applicationPage) Action() string {
	if p.App != nil {
		return p.Case.URL() + "/applications/" + strconv.FormatInt(p.App.ID, 10)
	}
	return p.Case.URL() + "/applications"
}

// applicationNew shows an empty application form; ?kind= preselects one
// (the file's 高龄津贴 hint links here).
func (s *Server) applicationNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireCaseEdit(ui.User(r)); err != nil {
		return err
	}
	b, err := s.caseOf(r)
	if err != nil {
		return err
	}
	v := url.Values{"status": {string(shuangbai.AppPreparing)}, "prepared_on": {s.ui.Today().String()}, "kind": {r.URL.Query().Get("kind")}}
	return s.applicationForm(w, r, http.StatusOK, b, nil, ui.NewForm(v, nil))
}

// applicationEdit shows an application's form, filled in.
func (s *Server) applicationEdit(w http.ResponseWriter, r *http.Request) error {
	if err := requireCaseEdit(ui.User(r)); err != nil {
		return err
	}
	b, a, err := s.applicationOf(r)
	if err != nil {
		return err
	}
	in := applicationInOf(*a)
	v := url.Values{"kind": {in.Kind}, "status": {in.Status}, "prepared_on": {in.PreparedOn}, "submitted_on": {in.SubmittedOn},
		"decided_on": {in.DecidedOn}, "documents": {in.Documents}, "note": {in.Note}}
	if a.Amount != 0 {
		v.Set("amount", strconv.FormatInt(a.Amount, 10))
	}
	return s.applicationForm(w, r, http.StatusOK, b, a, ui.NewForm(v, nil))
}

// applicationOf loads the file {id} and its application {app}, both inside
// the user's scope; an application of another file is a 404.
func (s *Server) applicationOf(r *http.Request) (*shuangbai.Beneficiary, *shuangbai.Application, error) {
	b, err := s.caseOf(r)
	if err != nil {
		return nil, nil, err
	}
	appID, err := ui.PathID(r, "app")
	if err != nil {
		return nil, nil, err
	}
	a, err := s.db.Application(r.Context(), ui.User(r).Scope(), appID)
	if err != nil {
		return nil, nil, err
	}
	if a.BeneficiaryID != b.ID {
		return nil, nil, shuangbai.Errorf(shuangbai.ENOTFOUND, "申请不存在或不在您的管辖范围内")
	}
	return b, &a, nil
}

// applicationCreate records a new application made on the person's behalf.
func (s *Server) applicationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireCaseEdit(ui.User(r)); err != nil {
		return err
	}
	b, err := s.caseOf(r)
	if err != nil {
		return err
	}
	return s.applicationSave(w, r, b, nil)
}

// applicationUpdate stores changes to an application, such as its approval.
func (s *Server) applicationUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := requireCaseEdit(ui.User(r)); err != nil {
		return err
	}
	b, a, err := s.applicationOf(r)
	if err != nil {
		return err
	}
	return s.applicationSave(w, r, b, a)
}

func (s *Server) applicationSave(w http.ResponseWriter, r *http.Request, b *shuangbai.Beneficiary, cur *shuangbai.Application) error {
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	in := applicationFromForm(v, fe)
	in.BeneficiaryID = b.ID
	a := in.application(fe)
	if cur != nil {
		a.ID = cur.ID
	}
	err = ui.Validated(fe, func() error { return a.Validate(s.ui.Today()) })
	if err == nil {
		err = s.db.SaveApplication(r.Context(), ui.User(r), a)
	}
	if ui.FieldErrors(err) != nil {
		return s.applicationForm(w, r, ui.Status(err), b, cur, ui.NewForm(v, err))
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, a.Kind.Label()+"申请已保存（"+a.Status.Label()+"）")
	http.Redirect(w, r, fileURL(b.ID)+"#applications", http.StatusSeeOther)
	return nil
}

func (s *Server) applicationForm(w http.ResponseWriter, r *http.Request, status int, b *shuangbai.Beneficiary, a *shuangbai.Application, f ui.Form) error {
	cv, err := s.caseViewOf(r.Context(), ui.User(r).Scope(), b)
	if err != nil {
		return err
	}
	return s.ui.Render(w, r, status, "case/application.html", applicationPage{Case: cv, App: a, Form: f})
}
