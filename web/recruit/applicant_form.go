package recruit

import (
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// parseApplicant reads an application's fields.
func parseApplicant(v url.Values, campaignID int64) (*shuangbai.Applicant, error) {
	fe := shuangbai.FieldErrors{}
	a := &shuangbai.Applicant{CampaignID: campaignID, Number: ui.Trimmed(v, "number"), Name: ui.Trimmed(v, "name"),
		IDNumber: ui.Trimmed(v, "id_number"), Phone: ui.Trimmed(v, "phone"), Education: shuangbai.Education(ui.Trimmed(v, "education")),
		Major: ui.Trimmed(v, "major"), Qualification: shuangbai.Qualification(ui.Trimmed(v, "qualification")), Hukou: ui.Trimmed(v, "hukou")}
	if s := ui.Trimmed(v, "post_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("post_id", "请选择报考岗位")
		}
		a.PostID = id
	}
	a.AppliedOn = ui.ParseDate(fe, "applied_on", v.Get("applied_on"))
	return a, ui.Validated(fe, a.Validate)
}

// ApplicantReview records the eligibility review (资格审核).
func (h *Handlers) ApplicantReview(w http.ResponseWriter, r *http.Request) error {
	return h.applicantChange(w, r, "review", func(u *shuangbai.User, c *shuangbai.Campaign, a *shuangbai.Applicant, v url.Values) error {
		return h.db.ReviewApplicant(r.Context(), u, c.ID, a.ID, shuangbai.Review(v.Get("review")), v.Get("reject_reason"))
	})
}

// ApplicantScores records the written and interview scores.
func (h *Handlers) ApplicantScores(w http.ResponseWriter, r *http.Request) error {
	return h.applicantChange(w, r, "score", func(u *shuangbai.User, c *shuangbai.Campaign, a *shuangbai.Applicant, v url.Values) error {
		written, interview, err := parseScores(v)
		if err != nil {
			return err
		}
		return h.db.SetScores(r.Context(), u, c.ID, a.ID, written, interview)
	})
}

// parseScores reads the two scores of a form.
func parseScores(v url.Values) (written, interview shuangbai.Score, err error) {
	fe := shuangbai.FieldErrors{}
	for _, x := range []struct {
		field string
		dst   *shuangbai.Score
	}{{"written", &written}, {"interview", &interview}} {
		s, perr := shuangbai.ParseScore(v.Get(x.field))
		if perr != nil {
			fe.Add(x.field, shuangbai.ErrScore)
		}
		*x.dst = s
	}
	return written, interview, fe.Err()
}

// ApplicantMedical records the result of the medical check.
func (h *Handlers) ApplicantMedical(w http.ResponseWriter, r *http.Request) error {
	return h.applicantChange(w, r, "medical", func(u *shuangbai.User, c *shuangbai.Campaign, a *shuangbai.Applicant, v url.Values) error {
		return h.db.SetMedical(r.Context(), u, c.ID, a.ID, shuangbai.Medical(v.Get("medical")))
	})
}

// applicantChange runs one of the changes of an application's page: a
// refused change shows the page again with its form's messages.
func (h *Handlers) applicantChange(w http.ResponseWriter, r *http.Request, form string,
	change func(*shuangbai.User, *shuangbai.Campaign, *shuangbai.Applicant, url.Values) error) error {
	c, a, err := h.applicantOf(r)
	if err != nil {
		return err
	}
	u := ui.User(r)
	if err := requireRun(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	err = change(u, c, a, v)
	switch code := shuangbai.ErrorCode(err); {
	case err == nil:
		ui.SetFlash(w, "已保存")
		http.Redirect(w, r, campaignURL(c.ID, "applicants", itoa(a.ID)), http.StatusSeeOther)
		return nil
	case code == shuangbai.EINVALID || code == shuangbai.ECONFLICT:
		f := ui.NewForm(v, err)
		if f.Errors == nil {
			f.Errors = map[string]string{form: shuangbai.ErrorMessage(err)}
		}
		ff := showForms{Open: form}
		switch form {
		case "review":
			ff.Review = &f
		case "score":
			ff.Score = &f
		default:
			ff.Medical = &f
		}
		return h.renderApplicant(w, r, ui.Status(err), c, a, ff)
	}
	return err
}

// ApplicantReveal shows an application's full ID and phone numbers once,
// to a bureau admin, for a reason written to the access log first.
func (h *Handlers) ApplicantReveal(w http.ResponseWriter, r *http.Request) error {
	c, a, err := h.applicantOf(r)
	if err != nil {
		return err
	}
	u := ui.User(r)
	if !u.CanRunRecruitment() || !u.CanSeeFullID() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "只有县级和市级管理员可以查看应聘人员的完整号码")
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	reason := ui.Trimmed(v, "reason")
	if reason == "" || utf8.RuneCountInString(reason) > 200 {
		f := ui.NewForm(v, &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请填写理由", Fields: map[string]string{"reason": "请填写查看完整号码的理由（不超过 200 字）"}})
		return h.renderApplicant(w, r, http.StatusUnprocessableEntity, c, a, showForms{Reveal: &f, Open: "reveal"})
	}
	if err := h.db.LogAccessMany(r.Context(), u, store.AccessReveal, []store.AccessTarget{{ApplicantID: a.ID, Region: a.Region}},
		reason, "完整身份证号和电话"); err != nil {
		return err
	}
	return h.renderApplicant(w, r, http.StatusOK, c, a, showForms{Revealed: true})
}
