package recruit

import (
	"bytes"
	"encoding/json"
	"net/http"

	"shuangbai"
	"shuangbai/web/ui"
)

// applicationJSON is an application in the API: the numbers masked, as on
// every screen, with its standing in the ranking.
type applicationJSON struct {
	ID            int64           `json:"id"`
	Number        string          `json:"number"`
	PostID        int64           `json:"post_id"`
	Region        string          `json:"region"`
	Name          string          `json:"name"`
	Gender        string          `json:"gender"`
	Age           int             `json:"age"` // never the birth date: with the 户籍 and the last four it is the ID number
	IDNumber      string          `json:"id_number,omitempty"`
	Phone         string          `json:"phone,omitempty"`
	Education     string          `json:"education"`
	Major         string          `json:"major"`
	Qualification string          `json:"qualification"`
	Hukou         string          `json:"hukou"`
	AppliedOn     *string         `json:"applied_on"`
	Review        string          `json:"review"`
	RejectReason  string          `json:"reject_reason,omitempty"`
	Written       shuangbai.Score `json:"written"`
	Interview     shuangbai.Score `json:"interview"`
	Composite     *float64        `json:"composite"`
	Rank          int             `json:"rank,omitempty"`
	Interviewed   bool            `json:"interview_shortlist"`
	MedicalList   bool            `json:"medical_shortlist"`
	Medical       string          `json:"medical"`
	Notice        bool            `json:"notice"`
	PersonID      int64           `json:"person_id,omitempty"`
	SignedOn      *string         `json:"signed_on"`
}

func applicationOut(a *shuangbai.Applicant, s shuangbai.Standing, today shuangbai.Date) applicationJSON {
	out := applicationJSON{ID: a.ID, Number: a.Number, PostID: a.PostID, Region: a.Region, Name: a.Name, Gender: a.Gender,
		Age: (&shuangbai.Beneficiary{Birth: a.Birth}).Age(today), IDNumber: shuangbai.MaskIDNumber(a.IDNumber), Phone: shuangbai.MaskPhone(a.Phone),
		Education: string(a.Education), Major: a.Major, Qualification: string(a.Qualification), Hukou: a.Hukou,
		AppliedOn: ui.DateJSON(a.AppliedOn), Review: string(a.Review), RejectReason: a.RejectReason, Written: a.Written,
		Interview: a.Interview, Rank: s.Rank, Interviewed: s.Interview, MedicalList: s.Medical, Medical: string(a.Medical),
		Notice: s.Notice, PersonID: a.PersonID, SignedOn: ui.DateJSON(a.SignedOn)}
	if s.Rank > 0 {
		x := s.Composite.Points()
		out.Composite = &x
	}
	return out
}

// APIApplicationList returns one page of a campaign's applications in
// scope: ?region=CODE&post=ID&review=…&q=&limit=&offset=.
func (h *Handlers) APIApplicationList(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	scope, f, err := applicantQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	if f.Limit, f.Offset, err = ui.PageQuery(q); err != nil {
		return err
	}
	list, total, err := h.db.Applicants(r.Context(), scope, c.ID, f)
	if err != nil {
		return err
	}
	rank, err := h.db.Ranking(r.Context(), scope, c.ID, f.PostID)
	if err != nil {
		return err
	}
	out := ui.List[applicationJSON]{Items: []applicationJSON{}, Total: total}
	for _, a := range list {
		out.Items = append(out.Items, applicationOut(a, rank.Standing(a.ID), h.ui.Today()))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APIApplicationShow returns one application; the view is logged.
func (h *Handlers) APIApplicationShow(w http.ResponseWriter, r *http.Request) error {
	c, a, err := h.applicantOf(r)
	if err != nil {
		return err
	}
	if err := h.logView(r, a, "报名信息（API）"); err != nil {
		return err
	}
	rank, err := h.db.Ranking(r.Context(), ui.Scope(r), c.ID, a.PostID)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, applicationOut(a, rank.Standing(a.ID), h.ui.Today()))
	return nil
}

var applicantFields = []string{"number", "post_id", "name", "id_number", "phone", "education", "major", "qualification", "hukou",
	"applied_on", "review", "reject_reason"}

// APIApplicationCreate files one application (a JSON object) or many (an
// array), all or none: a refused batch answers 422 with a field per item.
func (h *Handlers) APIApplicationCreate(w http.ResponseWriter, r *http.Request) error {
	c, u, err := h.runnable(r)
	if err != nil {
		return err
	}
	b, err := ui.ReadBody(r)
	if err != nil {
		return err
	}
	var items []json.RawMessage
	one := !bytes.HasPrefix(bytes.TrimSpace(b), []byte("["))
	if one {
		items = []json.RawMessage{b}
	} else if err := json.Unmarshal(b, &items); err != nil {
		return ui.BadRequest("请求体应为报名信息的 JSON 对象或数组")
	}
	var as []*shuangbai.Applicant
	rows := shuangbai.RowsError{Unit: "条"}
	for i, item := range items {
		v, raw, err := ui.JSONValues(item)
		if err == nil {
			err = ui.KnownFields(raw, applicantFields...)
		}
		if err != nil {
			return err
		}
		a, err := parseApplicant(v, c.ID)
		if err != nil && one {
			return err
		}
		if err != nil {
			for k, msg := range ui.FieldErrors(err) {
				rows.Add(i+1, k, "%s", msg)
			}
			continue
		}
		a.Review = shuangbai.Review(v.Get("review"))
		a.RejectReason = v.Get("reject_reason")
		as = append(as, a)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := h.db.CreateApplicants(r.Context(), u, c.ID, as); err != nil {
		return err
	}
	out := ui.List[applicationJSON]{Total: len(as)}
	for _, a := range as {
		out.Items = append(out.Items, applicationOut(a, shuangbai.Standing{}, h.ui.Today()))
	}
	if one {
		w.Header().Set("Location", campaignAPIURL(c.ID, as[0].ID))
		h.ui.WriteJSON(w, r, http.StatusCreated, out.Items[0])
		return nil
	}
	h.ui.WriteJSON(w, r, http.StatusCreated, out)
	return nil
}

func campaignAPIURL(campaignID, applicationID int64) string {
	return ui.Location("campaigns", campaignID) + "/applications/" + itoa(applicationID)
}

// APIApplicationUpdate changes one thing of an application, so that a
// refused change leaves nothing half done: its review ({"review",
// "reject_reason"}), its scores ({"written", "interview"}, a missing one
// kept) or its medical result ({"medical"}).
func (h *Handlers) APIApplicationUpdate(w http.ResponseWriter, r *http.Request) error {
	c, a, err := h.applicantOf(r)
	if err != nil {
		return err
	}
	u := ui.User(r)
	if err := requireRun(u); err != nil {
		return err
	}
	v, raw, err := ui.ReadFields(r, []string{"review", "reject_reason", "written", "interview", "medical"})
	if err != nil {
		return err
	}
	_, review := raw["review"]
	_, written := raw["written"]
	_, interview := raw["interview"]
	_, medical := raw["medical"]
	ctx := r.Context()
	switch {
	case btoi(review)+btoi(written || interview)+btoi(medical) != 1:
		return ui.BadRequest("一次只能修改审核结果（review）、成绩（written、interview）或体检结果（medical）中的一项")
	case review:
		err = h.db.ReviewApplicant(ctx, u, c.ID, a.ID, shuangbai.Review(v.Get("review")), v.Get("reject_reason"))
	case medical:
		err = h.db.SetMedical(ctx, u, c.ID, a.ID, shuangbai.Medical(v.Get("medical")))
	default:
		if !written {
			v.Set("written", a.Written.String())
		}
		if !interview {
			v.Set("interview", a.Interview.String())
		}
		var ws, is shuangbai.Score
		if ws, is, err = parseScores(v); err == nil {
			err = h.db.SetScores(ctx, u, c.ID, a.ID, ws, is)
		}
	}
	if err != nil {
		return err
	}
	a, err = h.db.Applicant(ctx, ui.Scope(r), c.ID, a.ID)
	if err != nil {
		return err
	}
	rank, err := h.db.Ranking(ctx, ui.Scope(r), c.ID, a.PostID)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, applicationOut(a, rank.Standing(a.ID), h.ui.Today()))
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// APIRanking returns the ranking of a campaign's posts in scope (?post=ID).
func (h *Handlers) APIRanking(w http.ResponseWriter, r *http.Request) error {
	rank, _, err := h.ranking(r, r.URL.Query())
	if err != nil {
		return err
	}
	b, err := appendRanking(make([]byte, 0, 1024+256*len(rank.Applicants)), rank)
	if err != nil {
		return err
	}
	h.ui.WriteJSONBytes(w, http.StatusOK, b)
	return nil
}

// rankedJSON is an application of a ranking: what the ranking reads, its
// name, scores and standing. It holds no numbers and no personal details
// beyond the name; it used to be an applicationJSON with those fields
// always empty, which were a third of the ranking API's time to encode.
type rankedJSON struct {
	ID          int64           `json:"id"`
	Number      string          `json:"number"`
	PostID      int64           `json:"post_id"`
	Region      string          `json:"region"`
	Name        string          `json:"name"`
	Review      string          `json:"review"`
	Written     shuangbai.Score `json:"written"`
	Interview   shuangbai.Score `json:"interview"`
	Composite   *float64        `json:"composite"`
	Rank        int             `json:"rank,omitempty"`
	Interviewed bool            `json:"interview_shortlist"`
	MedicalList bool            `json:"medical_shortlist"`
	Medical     string          `json:"medical"`
	Notice      bool            `json:"notice"`
	PersonID    int64           `json:"person_id,omitempty"`
}

// rankedOut is an application a ranking holds, with its standing s.
func rankedOut(a *shuangbai.Applicant, s shuangbai.Standing) rankedJSON {
	out := rankedJSON{ID: a.ID, Number: a.Number, PostID: a.PostID, Region: a.Region, Name: a.Name, Review: string(a.Review),
		Written: a.Written, Interview: a.Interview, Rank: s.Rank, Interviewed: s.Interview, MedicalList: s.Medical,
		Medical: string(a.Medical), Notice: s.Notice, PersonID: a.PersonID}
	if s.Rank > 0 {
		x := s.Composite.Points()
		out.Composite = &x
	}
	return out
}
