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

// emptyVisit is the problem of a visit that says nothing was done.
const emptyVisit = "请至少勾选一项服务或填写情况记录"

// visit returns the visit described by in, noting unparsable dates and a
// visit with neither a service nor a note: a record that says nothing of
// the visit is no evidence it was made. The visiting workers default to
// the user's own roster entry.
func (in visitIn) visit(u *shuangbai.User, fe shuangbai.FieldErrors) *shuangbai.Visit {
	v := &shuangbai.Visit{BeneficiaryID: in.BeneficiaryID, On: ui.ParseDate(fe, "on", in.On), Kind: shuangbai.VisitKind(strings.TrimSpace(in.Kind)),
		Services: in.Services, Findings: strings.TrimSpace(in.Findings), NextDue: ui.ParseDate(fe, "next_due", in.NextDue), Workers: in.Workers}
	if len(v.Services) == 0 && v.Findings == "" {
		fe.Add("services", emptyVisit)
	}
	if len(v.Workers) == 0 && u.PersonID != 0 {
		v.Workers = []int64{u.PersonID}
	}
	return v
}

// visitPage is the data of beneficiary/visit.html: the short visit form a
// worker fills in on a phone at the door, with enough of the beneficiary's
// file to recall it.
type visitPage struct {
	Beneficiary beneficiaryView
	Interval    string
	Recent      []shuangbai.Visit
	Form        ui.Form
	Next        string // where to go after saving
	Opt         choices
}

// VisitNew shows the visit form: today's date, a home visit, and the next
// visit proposed from the beneficiary's level. ?next= is where saving
// returns to (the worklist, when the form was opened from it).
func (h *Handlers) VisitNew(w http.ResponseWriter, r *http.Request) error {
	b, err := h.editable(r)
	if err != nil {
		return err
	}
	today := h.ui.Today()
	iv, err := h.db.Intervals(r.Context())
	if err != nil {
		return err
	}
	proposed := iv.NextDue(b.Level, today)
	v := url.Values{"on": {today.String()}, "kind": {string(shuangbai.VisitHome)}, "next_due": {proposed.String()},
		"proposed": {proposed.String()}}
	return h.renderVisit(w, r, http.StatusOK, b, ui.NewForm(v, nil), r.URL.Query().Get("next"))
}

// VisitCreate records a visit. The next-visit date the form proposed is
// proposed again from the visit's own date when the worker changed the
// date but not the proposal; a date typed by the worker is kept.
func (h *Handlers) VisitCreate(w http.ResponseWriter, r *http.Request) error {
	b, form, err := h.posted(r)
	if err != nil {
		return err
	}
	u, fe := ui.User(r), shuangbai.FieldErrors{}
	in := visitIn{BeneficiaryID: b.ID, On: form.Get("on"), Kind: form.Get("kind"), Services: form["services"],
		Findings: form.Get("findings"), NextDue: form.Get("next_due")}
	if in.NextDue != "" && in.NextDue == form.Get("proposed") {
		in.NextDue = "" // untouched: the store proposes it from the visit's date
	}
	v := in.visit(u, fe)
	err = ui.Validated(fe, func() error { return v.Validate(b, h.ui.Today()) })
	if err == nil {
		err = h.db.RecordVisit(r.Context(), u, v)
	}
	next := form.Get("next")
	if f, ok := refused(form, err); ok {
		return h.renderVisit(w, r, ui.Status(err), b, f, next)
	}
	if err != nil {
		return err
	}
	to := beneficiaryURL(b.ID)
	if next != "" {
		to = ui.SafeNext(next)
	}
	return saved(w, r, "已登记 "+b.Name+" "+v.On.Chinese()+"的探访，下次探访："+v.NextDue.Chinese(), to)
}

// renderVisit renders beneficiary/visit.html. Opening it shows personal
// data (the last findings), so it is logged as a view of the file.
func (h *Handlers) renderVisit(w http.ResponseWriter, r *http.Request, status int, b *shuangbai.Beneficiary, f ui.Form, next string) error {
	ctx, scope := r.Context(), ui.Scope(r)
	if err := h.logView(r, b, "探访表单"); err != nil {
		return err
	}
	bv, err := h.beneficiaryViewOf(ctx, scope, b)
	if err != nil {
		return err
	}
	p := visitPage{Beneficiary: bv, Form: f, Next: next}
	if next != "" {
		p.Next = ui.SafeNext(next)
	}
	if p.Interval, err = h.intervalOf(ctx, b.Level); err != nil {
		return err
	}
	if p.Recent, err = h.db.Visits(ctx, scope, b.ID, 3); err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "beneficiary/visit.html", p)
}

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
	if len(fe) > 0 {
		// Report every problem at once, as the store would have with the
		// ones it checks.
		b, err := h.db.Beneficiary(r.Context(), ui.Scope(r), v.BeneficiaryID)
		switch {
		case shuangbai.ErrorCode(err) == shuangbai.ENOTFOUND:
			fe.Add("beneficiary", "服务对象不存在或不在您的管辖范围内")
		case err != nil:
			return err
		default:
			ui.Merge(fe, v.Validate(b, h.ui.Today()))
		}
		return fe.Err()
	}
	if err := h.db.RecordVisit(r.Context(), u, v); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/visits?beneficiary_id="+strconv.FormatInt(v.BeneficiaryID, 10))
	h.ui.WriteJSON(w, r, http.StatusCreated, toVisitJSON(*v))
	return nil
}
