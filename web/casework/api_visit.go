package casework

import (
	"net/http"
	"strconv"
	"time"

	"shuangbai"
	"shuangbai/web/ui"
)

// visitJSON is a visit as the API shows it.
type visitJSON struct {
	ID            int64     `json:"id"`
	BeneficiaryID int64     `json:"beneficiary_id"`
	On            string    `json:"on"`
	Kind          string    `json:"kind"`
	KindLabel     string    `json:"kind_label"`
	Services      []string  `json:"services"`
	Findings      string    `json:"findings"`
	NextDue       *string   `json:"next_due"`
	RecordedBy    string    `json:"recorded_by"`
	CreatedAt     time.Time `json:"created_at"`
}

func toVisitJSON(v shuangbai.Visit) visitJSON {
	out := visitJSON{ID: v.ID, BeneficiaryID: v.BeneficiaryID, On: v.On.String(), Kind: string(v.Kind), KindLabel: v.Kind.Label(),
		Services: v.Services, Findings: v.Findings, NextDue: ui.DateJSON(v.NextDue), RecordedBy: v.By, CreatedAt: v.CreatedAt}
	if out.Services == nil {
		out.Services = []string{}
	}
	return out
}

// APIVisitList returns a beneficiary's visits, newest first:
// ?beneficiary_id=ID&limit=.
func (h *Handlers) APIVisitList(w http.ResponseWriter, r *http.Request) error {
	b, err := h.beneficiaryParam(r)
	if err != nil {
		return err
	}
	limit, _, err := ui.PageQuery(r.URL.Query())
	if err != nil {
		return err
	}
	list, err := h.db.Visits(r.Context(), ui.Scope(r), b.ID, limit)
	if err != nil {
		return err
	}
	// Visit findings are part of the person's file: reading them is a view.
	if err := h.logView(r, b, "探访记录（API）"); err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, itemsOf(list, toVisitJSON))
	return nil
}

// APIVisitCreate records a visit from a JSON body. "on" defaults to today
// and "next_due" to the day the beneficiary's level proposes; a beneficiary
// outside scope is a field error, as if they did not exist.
func (h *Handlers) APIVisitCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireBeneficiaryEdit(u); err != nil {
		return err
	}
	var in visitIn
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	if in.On == "" {
		in.On = h.ui.Today().String()
	}
	fe := shuangbai.FieldErrors{}
	v := in.visit(u, fe)
	if err := fe.Err(); err != nil {
		return err
	}
	if err := h.db.RecordVisit(r.Context(), u, v); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/visits?beneficiary_id="+strconv.FormatInt(v.BeneficiaryID, 10))
	h.ui.WriteJSON(w, r, http.StatusCreated, toVisitJSON(*v))
	return nil
}
