package recruit

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// signRow is a person on the notice list, with the stations they may be
// placed at.
type signRow struct {
	store.NoticeEntry
	Stations []stationOption
	Signed   bool
}

// signPage is the data of campaign/sign.html.
type signPage struct {
	C        *shuangbai.Campaign
	Rows     []signRow
	Form     ui.Form
	Problems []shuangbai.RowProblem
	Message  string // why the batch was refused
	Signable bool
	Today    shuangbai.Date
}

// SignForm shows the notice list with what signing needs: the station of
// each person, the contract's term.
func (h *Handlers) SignForm(w http.ResponseWriter, r *http.Request) error {
	c, _, err := h.runnable(r)
	if err != nil {
		return err
	}
	from := c.NoticeTo.AddDays(8)
	if c.NoticeTo.IsZero() {
		from = h.ui.Today()
	}
	v := url.Values{"signed_on": {h.ui.Today().String()}, "from": {from.String()}, "to": {from.Time().AddDate(3, 0, -1).Format("2006-01-02")}}
	return h.renderSign(w, r, http.StatusOK, c, v, nil)
}

func (h *Handlers) renderSign(w http.ResponseWriter, r *http.Request, status int, c *shuangbai.Campaign, v url.Values, err error) error {
	ctx, scope := r.Context(), ui.Scope(r)
	_, list, lerr := h.db.NoticeList(ctx, scope, c.ID)
	if lerr != nil {
		return lerr
	}
	var regions []string
	for _, e := range list {
		if e.Post.StationID == 0 {
			regions = append(regions, e.Post.Region)
		}
	}
	stations, serr := h.stationsByRegion(ctx, scope, regions)
	if serr != nil {
		return serr
	}
	p := signPage{C: c, Form: ui.NewForm(v, err), Signable: c.SignableOn(h.ui.Today()), Today: h.ui.Today()}
	var re *shuangbai.RowsError
	if errors.As(err, &re) {
		p.Problems = re.Problems
	}
	if err != nil && ui.FieldErrors(err) == nil || p.Problems != nil {
		p.Message = shuangbai.ErrorMessage(err)
	}
	for _, e := range list {
		row := signRow{NoticeEntry: e, Signed: e.Applicant.PersonID != 0}
		if e.Post.StationID == 0 {
			row.Stations = stations[e.Post.Region]
		}
		p.Rows = append(p.Rows, row)
	}
	return h.ui.Render(w, r, status, "campaign/sign.html", p)
}

// SignCreate signs the contracts of the people ticked, all or none.
func (h *Handlers) SignCreate(w http.ResponseWriter, r *http.Request) error {
	c, u, err := h.runnable(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	signedOn := ui.ParseDate(fe, "signed_on", v.Get("signed_on"))
	from := ui.ParseDate(fe, "from", v.Get("from"))
	to := ui.ParseDate(fe, "to", v.Get("to"))
	var ss []store.Signing
	for _, s := range v["applicant"] {
		id, perr := strconv.ParseInt(s, 10, 64)
		if perr != nil {
			return ui.BadRequest("applicant 应为报名记录的 id")
		}
		st, _ := strconv.ParseInt(v.Get("station_"+s), 10, 64)
		ss = append(ss, store.Signing{ApplicantID: id, StationID: st, SignedOn: signedOn, From: from, To: to})
	}
	if len(ss) == 0 {
		fe.Add("applicant", "请勾选要签约的人员")
	}
	err = fe.Err()
	var signed []store.Signed
	if err == nil {
		signed, err = h.db.Sign(r.Context(), u, c.ID, ss)
	}
	if shuangbai.ErrorCode(err) == shuangbai.EINVALID || shuangbai.ErrorCode(err) == shuangbai.ECONFLICT {
		return h.renderSign(w, r, ui.Status(err), c, v, err)
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已签约 "+strconv.Itoa(len(signed))+" 人，已列入人员名册并分配到社工站")
	http.Redirect(w, r, campaignURL(c.ID, "sign"), http.StatusSeeOther)
	return nil
}

// signingIn is one item of POST /api/v1/campaigns/{id}/signings.
type signingIn struct {
	ApplicationID int64  `json:"application_id"`
	StationID     int64  `json:"station_id"`
	SignedOn      string `json:"signed_on"`
	From          string `json:"from"`
	To            string `json:"to"`
}

// APISign signs contracts, all or none: {"signings": [{"application_id",
// "station_id", "signed_on", "from", "to"}]}. A refused batch answers 422
// with a field per item ("第2条").
func (h *Handlers) APISign(w http.ResponseWriter, r *http.Request) error {
	c, u, err := h.runnable(r)
	if err != nil {
		return err
	}
	var in struct {
		Signings []signingIn `json:"signings"`
	}
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	ss := make([]store.Signing, len(in.Signings))
	for i, s := range in.Signings {
		n := "第" + strconv.Itoa(i+1) + "条 "
		ss[i] = store.Signing{ApplicantID: s.ApplicationID, StationID: s.StationID,
			SignedOn: ui.ParseDate(fe, n+"signed_on", s.SignedOn), From: ui.ParseDate(fe, n+"from", s.From), To: ui.ParseDate(fe, n+"to", s.To)}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	signed, err := h.db.Sign(r.Context(), u, c.ID, ss)
	if err != nil {
		return err
	}
	type out struct {
		ApplicationID int64 `json:"application_id"`
		PersonID      int64 `json:"person_id"`
		AssignmentID  int64 `json:"assignment_id,omitempty"`
		ContractID    int64 `json:"contract_id"`
	}
	items := make([]out, len(signed))
	for i, s := range signed {
		items[i] = out{s.ApplicantID, s.PersonID, s.AssignmentID, s.ContractID}
	}
	h.ui.WriteJSON(w, r, http.StatusCreated, ui.List[out]{Items: items, Total: len(items)})
	return nil
}
