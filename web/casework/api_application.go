package casework

import (
	"net/http"
	"time"

	"shuangbai"
	"shuangbai/web/ui"
)

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
