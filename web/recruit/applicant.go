package recruit

import (
	"net/http"
	"net/url"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// applicantRow is an application as lists show it: numbers masked, with
// its post and standing.
type applicantRow struct {
	*shuangbai.Applicant
	Post     string
	Standing shuangbai.Standing
}

// MaskedID and MaskedPhone are the numbers as every list shows them.
func (a applicantRow) MaskedID() string    { return shuangbai.MaskIDNumber(a.IDNumber) }
func (a applicantRow) MaskedPhone() string { return shuangbai.MaskPhone(a.Phone) }

// applicantListPage is the data of campaign/applicants.html.
type applicantListPage struct {
	C          *shuangbai.Campaign
	Rows       []applicantRow
	Pager      ui.Pager
	Posts      []shuangbai.Post
	PostID     int64
	Review     string
	Query      string
	Reviews    []shuangbai.Review
	CanRun     bool
	PostLabels map[int64]string
}

// ApplicantList lists a campaign's applications in scope, filtered by
// post, review and name or number, with numbers masked.
func (h *Handlers) ApplicantList(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	ctx, q := r.Context(), r.URL.Query()
	scope, f, err := applicantQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	pg, err := ui.PageParam(q)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = ui.PageSize, (pg-1)*ui.PageSize
	list, total, err := h.db.Applicants(ctx, scope, c.ID, f)
	if err != nil {
		return err
	}
	rank, err := h.db.Ranking(ctx, scope, c.ID, f.PostID)
	if err != nil {
		return err
	}
	labels, _, err := h.postLabels(ctx, c.Posts)
	if err != nil {
		return err
	}
	p := applicantListPage{C: c, Pager: ui.NewPager(r, pg, total), Posts: c.Posts, PostID: f.PostID, Review: string(f.Review), Query: f.Query,
		Reviews: []shuangbai.Review{shuangbai.ReviewPending, shuangbai.ReviewEligible, shuangbai.ReviewRejected},
		CanRun:  ui.User(r).CanRunRecruitment(), PostLabels: labels}
	for _, a := range list {
		p.Rows = append(p.Rows, applicantRow{Applicant: a, Post: labels[a.PostID], Standing: rank.Standing(a.ID)})
	}
	return h.ui.Render(w, r, http.StatusOK, "campaign/applicants.html", p)
}

// applicantQuery reads the filters of an applications list: region, post,
// review and q (part of a name, or a whole 报名号).
func applicantQuery(q url.Values, scope shuangbai.Scope) (shuangbai.Scope, store.ApplicantFilter, error) {
	var f store.ApplicantFilter
	scope, err := ui.RegionParam(q, scope)
	if err != nil {
		return scope, f, err
	}
	if s := q.Get("post"); s != "" {
		if f.PostID, err = ui.ParseID(s); err != nil {
			return scope, f, ui.BadRequest("参数 post 应为岗位的 id")
		}
	}
	switch rv := shuangbai.Review(q.Get("review")); rv {
	case "", shuangbai.ReviewPending, shuangbai.ReviewEligible, shuangbai.ReviewRejected:
		f.Review = rv
	default:
		return scope, f, ui.BadRequest("参数 review 应为 pending、eligible 或 rejected")
	}
	f.Signed = q.Get("signed") == "true"
	f.Query, err = ui.TextParam(q, "q")
	return scope, f, err
}

// applicantFormPage is the data of campaign/applicant_form.html.
type applicantFormPage struct {
	C              *shuangbai.Campaign
	Form           ui.Form
	Posts          map[int64]string
	Order          []shuangbai.Post
	Educations     []shuangbai.Education
	Qualifications []shuangbai.Qualification
}

func (h *Handlers) renderApplicantForm(w http.ResponseWriter, r *http.Request, status int, c *shuangbai.Campaign, v url.Values, err error) error {
	labels, _, lerr := h.postLabels(r.Context(), c.Posts)
	if lerr != nil {
		return lerr
	}
	return h.ui.Render(w, r, status, "campaign/applicant_form.html", applicantFormPage{C: c, Form: ui.NewForm(v, err), Posts: labels,
		Order: c.Posts, Educations: shuangbai.Educations, Qualifications: shuangbai.Qualifications})
}

// ApplicantNew shows the form of a new application.
func (h *Handlers) ApplicantNew(w http.ResponseWriter, r *http.Request) error {
	c, _, err := h.runnable(r)
	if err != nil {
		return err
	}
	return h.renderApplicantForm(w, r, http.StatusOK, c, url.Values{"applied_on": {h.ui.Today().String()}, "education": {string(shuangbai.EduBachelor)}}, nil)
}

// ApplicantCreate files an application, checking the ID number's check
// digit and that the person has not applied to the campaign before.
func (h *Handlers) ApplicantCreate(w http.ResponseWriter, r *http.Request) error {
	c, u, err := h.runnable(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	a, err := parseApplicant(v, c.ID)
	if err == nil {
		err = h.db.CreateApplicant(r.Context(), u, a)
	}
	return ui.Saved(w, r, err, func(status int) error {
		return h.renderApplicantForm(w, r, status, c, v, err)
	}, func() (string, string) {
		return "已登记报名，报名号 " + a.Number, campaignURL(c.ID, "applicants", itoa(a.ID))
	})
}

// applicantShowPage is the data of campaign/applicant.html.
type applicantShowPage struct {
	C          *shuangbai.Campaign
	A          applicantRow
	Revealed   *shuangbai.Applicant // the full numbers, shown once after a logged reveal
	Views      []store.AccessEntry
	ReviewForm ui.Form
	ScoreForm  ui.Form
	MedForm    ui.Form
	RevealForm ui.Form
	Open       string // the form to unfold
	CanRun     bool
	CanReveal  bool
	CanAudit   bool
	Reviews    []shuangbai.Review
	Age        int // shown instead of the birth date, which with the 户籍 and the last four is the ID number
}

// Composite is the applicant's composite score, or "".
func (p applicantShowPage) Composite() string {
	if p.A.Standing.Rank == 0 {
		return ""
	}
	return p.A.Standing.Composite.String()
}

// ApplicantShow shows an application and logs the view.
func (h *Handlers) ApplicantShow(w http.ResponseWriter, r *http.Request) error {
	c, a, err := h.applicantOf(r)
	if err != nil {
		return err
	}
	return h.renderApplicant(w, r, http.StatusOK, c, a, showForms{})
}

// showForms are the forms of an application's page a request filled in.
type showForms struct {
	Review, Score, Medical, Reveal *ui.Form
	Open                           string
	Revealed                       bool
}

func formOr(f *ui.Form, v url.Values) ui.Form {
	if f != nil {
		return *f
	}
	return ui.NewForm(v, nil)
}

func (h *Handlers) renderApplicant(w http.ResponseWriter, r *http.Request, status int, c *shuangbai.Campaign, a *shuangbai.Applicant, ff showForms) error {
	ctx, u, scope := r.Context(), ui.User(r), ui.Scope(r)
	if !ff.Revealed {
		if err := h.logView(r, a, "报名信息（"+c.Title+"）"); err != nil {
			return err
		}
	}
	rank, err := h.db.Ranking(ctx, scope, c.ID, a.PostID)
	if err != nil {
		return err
	}
	labels, _, err := h.postLabels(ctx, c.Posts)
	if err != nil {
		return err
	}
	p := applicantShowPage{C: c, A: applicantRow{Applicant: a, Post: labels[a.PostID], Standing: rank.Standing(a.ID)}, Open: ff.Open,
		Age:    (&shuangbai.Beneficiary{Birth: a.Birth}).Age(h.ui.Today()),
		CanRun: u.CanRunRecruitment(), CanReveal: u.CanRunRecruitment() && u.CanSeeFullID(), CanAudit: u.CanReadAudit(),
		Reviews: []shuangbai.Review{shuangbai.ReviewEligible, shuangbai.ReviewRejected, shuangbai.ReviewPending}}
	if ff.Revealed {
		p.Revealed = a
	}
	if p.CanAudit {
		if p.Views, err = h.db.AccessLogBy(ctx, scope, store.AccessFilter{ApplicantID: a.ID, Limit: 20}); err != nil {
			return err
		}
	}
	p.ReviewForm = formOr(ff.Review, url.Values{"review": {string(a.Review)}, "reject_reason": {a.RejectReason}})
	p.ScoreForm = formOr(ff.Score, url.Values{"written": {a.Written.String()}, "interview": {a.Interview.String()}})
	p.MedForm = formOr(ff.Medical, url.Values{"medical": {string(a.Medical)}})
	p.RevealForm = formOr(ff.Reveal, nil)
	return h.ui.Render(w, r, status, "campaign/applicant.html", p)
}
