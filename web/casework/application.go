package casework

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/web/ui"
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

// applicationPage is the data of beneficiary/application.html, for a new
// application and for updating one.
type applicationPage struct {
	Beneficiary beneficiaryView
	App         *shuangbai.Application // nil for a new one
	Form        ui.Form
	Opt         choices
}

// Action is where the form posts.
func (p applicationPage) Action() string {
	if p.App != nil {
		return p.Beneficiary.URL() + "/applications/" + strconv.FormatInt(p.App.ID, 10)
	}
	return p.Beneficiary.URL() + "/applications"
}

// ApplicationNew shows an empty application form; ?kind= preselects one
// (the 高龄津贴 hint on the beneficiary's page links here).
func (h *Handlers) ApplicationNew(w http.ResponseWriter, r *http.Request) error {
	b, err := h.editable(r)
	if err != nil {
		return err
	}
	v := url.Values{"status": {string(shuangbai.AppPreparing)}, "prepared_on": {h.ui.Today().String()}, "kind": {r.URL.Query().Get("kind")}}
	return h.renderApplication(w, r, http.StatusOK, b, nil, ui.NewForm(v, nil))
}

// ApplicationEdit shows an application's form, filled in.
func (h *Handlers) ApplicationEdit(w http.ResponseWriter, r *http.Request) error {
	b, a, err := h.applicationOf(r)
	if err != nil {
		return err
	}
	in := applicationInOf(*a)
	v := url.Values{"kind": {in.Kind}, "status": {in.Status}, "prepared_on": {in.PreparedOn}, "submitted_on": {in.SubmittedOn},
		"decided_on": {in.DecidedOn}, "documents": {in.Documents}, "note": {in.Note}}
	if a.Amount != 0 {
		v.Set("amount", strconv.FormatInt(a.Amount, 10))
	}
	return h.renderApplication(w, r, http.StatusOK, b, a, ui.NewForm(v, nil))
}

// applicationOf loads, for a change, the beneficiary {id} and their
// application {app}, both inside the request's scope; an application of
// another beneficiary is a 404.
func (h *Handlers) applicationOf(r *http.Request) (*shuangbai.Beneficiary, *shuangbai.Application, error) {
	b, err := h.editable(r)
	if err != nil {
		return nil, nil, err
	}
	appID, err := ui.PathID(r, "app")
	if err != nil {
		return nil, nil, err
	}
	a, err := h.db.Application(r.Context(), ui.Scope(r), appID)
	if err != nil {
		return nil, nil, err
	}
	if a.BeneficiaryID != b.ID {
		return nil, nil, shuangbai.Errorf(shuangbai.ENOTFOUND, "申请不存在或不在您的管辖范围内")
	}
	return b, &a, nil
}

// ApplicationCreate records a new application made on the person's behalf.
func (h *Handlers) ApplicationCreate(w http.ResponseWriter, r *http.Request) error {
	b, err := h.editable(r)
	if err != nil {
		return err
	}
	return h.applicationPost(w, r, b, nil)
}

// ApplicationUpdate stores changes to an application, such as its approval.
func (h *Handlers) ApplicationUpdate(w http.ResponseWriter, r *http.Request) error {
	b, a, err := h.applicationOf(r)
	if err != nil {
		return err
	}
	return h.applicationPost(w, r, b, a)
}

// applicationPost saves the posted application form over cur (nil: a new
// application of b).
func (h *Handlers) applicationPost(w http.ResponseWriter, r *http.Request, b *shuangbai.Beneficiary, cur *shuangbai.Application) error {
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	in := applicationFromForm(v, fe)
	in.BeneficiaryID = b.ID
	var id int64
	if cur != nil {
		id = cur.ID
	}
	a, err := h.saveApplication(r, in, id, fe)
	if f, ok := refused(v, err); ok {
		return h.renderApplication(w, r, ui.Status(err), b, cur, f)
	}
	if err != nil {
		return err
	}
	return saved(w, r, a.Kind.Label()+"申请已保存（"+a.Status.Label()+"）", beneficiaryURL(b.ID)+"#applications")
}

// saveApplication stores in as the application id (0: a new one), for the
// page and the API: parse problems (in fe) and rule problems are reported
// together.
func (h *Handlers) saveApplication(r *http.Request, in applicationIn, id int64, fe shuangbai.FieldErrors) (*shuangbai.Application, error) {
	a := in.application(fe)
	a.ID = id
	if err := ui.Validated(fe, func() error { return a.Validate(h.ui.Today()) }); err != nil {
		return nil, err
	}
	if err := h.db.SaveApplication(r.Context(), ui.User(r), a); err != nil {
		return nil, err
	}
	return a, nil
}

// renderApplication renders beneficiary/application.html for b's
// application a (nil: a new one).
func (h *Handlers) renderApplication(w http.ResponseWriter, r *http.Request, status int, b *shuangbai.Beneficiary, a *shuangbai.Application, f ui.Form) error {
	bv, err := h.beneficiaryViewOf(r.Context(), ui.Scope(r), b)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "beneficiary/application.html", applicationPage{Beneficiary: bv, App: a, Form: f})
}

// applicationJSON is an application as the API shows it.
type applicationJSON struct {
	ID            int64     `json:"id"`
	BeneficiaryID int64     `json:"beneficiary_id"`
	Kind          string    `json:"kind"`
	KindLabel     string    `json:"kind_label"`
	Status        string    `json:"status"`
	StatusLabel   string    `json:"status_label"`
	PreparedOn    *string   `json:"prepared_on"`
	SubmittedOn   *string   `json:"submitted_on"`
	DecidedOn     *string   `json:"decided_on"`
	Amount        int64     `json:"amount"`
	Documents     string    `json:"documents"`
	Note          string    `json:"note"`
	CreatedAt     time.Time `json:"created_at"`
}

func toApplicationJSON(a shuangbai.Application) applicationJSON {
	return applicationJSON{ID: a.ID, BeneficiaryID: a.BeneficiaryID, Kind: string(a.Kind), KindLabel: a.Kind.Label(), Status: string(a.Status),
		StatusLabel: a.Status.Label(), PreparedOn: ui.DateJSON(a.PreparedOn), SubmittedOn: ui.DateJSON(a.SubmittedOn), DecidedOn: ui.DateJSON(a.DecidedOn),
		Amount: a.Amount, Documents: a.Documents, Note: a.Note, CreatedAt: a.CreatedAt}
}

// APIApplicationList returns a beneficiary's applications:
// ?beneficiary_id=ID.
func (h *Handlers) APIApplicationList(w http.ResponseWriter, r *http.Request) error {
	b, err := h.beneficiaryParam(r)
	if err != nil {
		return err
	}
	list, err := h.db.Applications(r.Context(), ui.Scope(r), b.ID)
	if err != nil {
		return err
	}
	if err := h.logView(r, b, "协助申请（API）"); err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, itemsOf(list, toApplicationJSON))
	return nil
}

// APIApplicationCreate records an application from a JSON body.
func (h *Handlers) APIApplicationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireBeneficiaryEdit(ui.User(r)); err != nil {
		return err
	}
	var in applicationIn
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	a, err := h.saveApplication(r, in, 0, shuangbai.FieldErrors{})
	if err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("applications", a.ID))
	h.ui.WriteJSON(w, r, http.StatusCreated, toApplicationJSON(*a))
	return nil
}

// APIApplicationUpdate changes the fields the body names (a JSON merge
// patch), such as the status once the bureau decides.
func (h *Handlers) APIApplicationUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := requireBeneficiaryEdit(ui.User(r)); err != nil {
		return err
	}
	appID, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	cur, err := h.db.Application(r.Context(), ui.Scope(r), appID)
	if err != nil {
		return err
	}
	var in applicationIn
	if err := ui.ReadPatch(r, applicationInOf(cur), &in); err != nil {
		return err
	}
	if in.BeneficiaryID != cur.BeneficiaryID {
		return &shuangbai.Error{Code: shuangbai.EINVALID, Message: "申请所属的服务对象不能修改", Fields: map[string]string{"beneficiary_id": "不能修改"}}
	}
	a, err := h.saveApplication(r, in, cur.ID, shuangbai.FieldErrors{})
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, toApplicationJSON(*a))
	return nil
}
