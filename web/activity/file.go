package activity

import (
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// Filing a participant (建档): a person met at the activity and not yet on
// file is filed from it, and the file records the activity as where the
// person was identified (识别方式 社区活动, on the activity's day). The
// form asks what a file needs; the rest is completed on the first visit.

// parseFiling reads the fields of a filing.
func parseFiling(v url.Values) (*shuangbai.Beneficiary, error) {
	fe := shuangbai.FieldErrors{}
	b := &shuangbai.Beneficiary{Region: ui.Trimmed(v, "region"), Name: ui.Trimmed(v, "name"), Gender: ui.Trimmed(v, "gender"),
		IDNumber: ui.Trimmed(v, "id_number"), Phone: ui.Trimmed(v, "phone"), Address: ui.Trimmed(v, "address"),
		Disability: ui.Trimmed(v, "disability"), Relation: "户主"}
	b.Birth = ui.ParseDate(fe, "birth", v.Get("birth"))
	level, err := strconv.Atoi(ui.Trimmed(v, "level"))
	if err != nil {
		fe.Add("level", "请选择跟进级别（一级至四级）")
	}
	b.Level = shuangbai.Level4(level)
	for _, g := range v["groups"] {
		b.Groups = append(b.Groups, shuangbai.Group(g))
	}
	return b, fe.Err()
}

// filePage is the data of activity/file.html.
type filePage struct {
	A        *shuangbai.Activity
	P        shuangbai.Participant
	Form     ui.Form
	Villages []ui.RegionGroup
	Groups   []shuangbai.Group
	Names    map[shuangbai.Group]string
}

func (h *Handlers) participant(r *http.Request) (*shuangbai.Activity, shuangbai.Participant, error) {
	a, _, err := h.editable(r)
	if err != nil {
		return nil, shuangbai.Participant{}, err
	}
	pid, err := ui.PathID(r, "pid")
	if err != nil {
		return nil, shuangbai.Participant{}, err
	}
	ps, err := h.db.Participants(r.Context(), ui.Scope(r), a.ID)
	if err != nil {
		return nil, shuangbai.Participant{}, err
	}
	for _, p := range ps {
		if p.ID == pid {
			if p.BeneficiaryID != 0 {
				return nil, p, shuangbai.Errorf(shuangbai.ECONFLICT, "%s已建档", p.Name)
			}
			return a, p, nil
		}
	}
	return nil, shuangbai.Participant{}, shuangbai.Errorf(shuangbai.ENOTFOUND, "参与人员不存在或不在您的管辖范围内")
}

func (h *Handlers) renderFile(w http.ResponseWriter, r *http.Request, status int, a *shuangbai.Activity, p shuangbai.Participant, v url.Values, err error) error {
	villages, verr := h.ui.RegionGroups(r.Context(), ui.Scope(r), shuangbai.LevelVillage, nil, nil)
	if verr != nil {
		return verr
	}
	pg := filePage{A: a, P: p, Form: ui.NewForm(v, err), Villages: villages, Names: map[shuangbai.Group]string{}}
	for _, g := range shuangbai.Groups {
		pg.Groups = append(pg.Groups, g.Group)
		pg.Names[g.Group] = g.Name
	}
	return h.ui.Render(w, r, status, "activity/file.html", pg)
}

// FileForm shows the filing form of a participant, with the name and the
// activity's village filled in.
func (h *Handlers) FileForm(w http.ResponseWriter, r *http.Request) error {
	a, p, err := h.participant(r)
	if err != nil {
		return err
	}
	v := url.Values{"name": {p.Name}, "level": {"3"}}
	if shuangbai.LevelOf(a.Region) == shuangbai.LevelVillage {
		v.Set("region", a.Region)
	}
	return h.renderFile(w, r, http.StatusOK, a, p, v, nil)
}

// File files the participant and links them to the new file.
func (h *Handlers) File(w http.ResponseWriter, r *http.Request) error {
	a, p, err := h.participant(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	b, err := parseFiling(v)
	if err == nil {
		err = h.db.FileParticipant(r.Context(), ui.User(r), p.ID, b, nil)
	}
	return ui.Saved(w, r, err, func(status int) error { return h.renderFile(w, r, status, a, p, v, err) },
		func() (string, string) {
			return "已为" + b.Name + "建档（识别方式：社区活动）", "/beneficiaries/" + strconv.FormatInt(b.ID, 10)
		})
}
