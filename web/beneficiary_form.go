package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// beneficiaryIn is the writable part of a file as a form or a JSON body
// gives it: dates and numbers still unparsed, so that a bad one becomes a
// message next to its field.
type beneficiaryIn struct {
	Region      string   `json:"region"`
	HouseholdID int64    `json:"household_id"`
	NewHead     string   `json:"new_household_head,omitempty"` // files a new household with this head
	Relation    string   `json:"relation"`
	Name        string   `json:"name"`
	Gender      string   `json:"gender"`
	Birth       string   `json:"birth"`
	IDNumber    string   `json:"id_number"`
	Phone       string   `json:"phone"`
	Address     string   `json:"address"`
	Groups      []string `json:"groups"`
	Disability  string   `json:"disability"`
	FoundBy     string   `json:"found_by"`
	FoundOn     string   `json:"found_on"`
	WorkerID    int64    `json:"worker_id"`
	Level       int      `json:"level"`
}

// beneficiary returns the file described by in, noting unparsable dates.
func (in beneficiaryIn) beneficiary(fe shuangbai.FieldErrors) *shuangbai.Beneficiary {
	b := &shuangbai.Beneficiary{
		Region: strings.TrimSpace(in.Region), HouseholdID: in.HouseholdID, Relation: strings.TrimSpace(in.Relation),
		Name: strings.TrimSpace(in.Name), Gender: strings.TrimSpace(in.Gender), Birth: ui.ParseDate(fe, "birth", in.Birth),
		IDNumber: strings.TrimSpace(in.IDNumber), Phone: strings.TrimSpace(in.Phone), Address: strings.TrimSpace(in.Address),
		Disability: strings.TrimSpace(in.Disability), FoundBy: shuangbai.FoundBy(strings.TrimSpace(in.FoundBy)),
		FoundOn: ui.ParseDate(fe, "found_on", in.FoundOn), WorkerID: in.WorkerID, Level: shuangbai.Level4(in.Level),
	}
	for _, g := range in.Groups {
		b.Groups = append(b.Groups, shuangbai.Group(g))
	}
	return b
}

// beneficiaryInOf returns the input that would store b unchanged: the base
// a PATCH applies its fields to. It holds the full numbers and never leaves
// the server.
func beneficiaryInOf(b *shuangbai.Beneficiary) beneficiaryIn {
	in := beneficiaryIn{Region: b.Region, HouseholdID: b.HouseholdID, Relation: b.Relation, Name: b.Name, Gender: b.Gender,
		Birth: b.Birth.String(), IDNumber: b.IDNumber, Phone: b.Phone, Address: b.Address, Disability: b.Disability,
		FoundBy: string(b.FoundBy), FoundOn: b.FoundOn.String(), WorkerID: b.WorkerID, Level: int(b.Level), Groups: []string{}}
	for _, g := range b.Groups {
		in.Groups = append(in.Groups, string(g))
	}
	return in
}

// beneficiaryInFromForm reads a posted file form. The household select
// holds "new", "" (none) or a household id; a new household's head is the
// person unless another name is typed.
func beneficiaryInFromForm(v url.Values, fe shuangbai.FieldErrors) beneficiaryIn {
	in := beneficiaryIn{
		Region: v.Get("region"), Relation: v.Get("relation"), Name: v.Get("name"), Gender: v.Get("gender"),
		Birth: v.Get("birth"), IDNumber: v.Get("id_number"), Phone: v.Get("phone"), Address: v.Get("address"),
		Groups: v["groups"], Disability: v.Get("disability"), FoundBy: v.Get("found_by"), FoundOn: v.Get("found_on"),
	}
	switch hh := v.Get("household"); hh {
	case "":
	case "new":
		in.NewHead = ui.Trimmed(v, "head_name")
		if in.NewHead == "" {
			in.NewHead = strings.TrimSpace(in.Name)
		}
	default:
		id, err := strconv.ParseInt(hh, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("household", "请选择家庭")
		}
		in.HouseholdID = id
	}
	if w := v.Get("worker_id"); w != "" {
		id, err := strconv.ParseInt(w, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("worker_id", "请选择责任社工")
		}
		in.WorkerID = id
	}
	if l := v.Get("level"); l != "" {
		in.Level, _ = strconv.Atoi(l)
	}
	return in
}

// beneficiaryFormPage is the data of case/form.html, for a new file and
// for editing one.
type beneficiaryFormPage struct {
	Form       ui.Form
	Case       *caseView // the file being edited; nil for a new one
	Villages   []ui.RegionGroup
	Households []ui.RegionGroup // options hold household ids
	Workers    []ui.RegionOption
	Opt        caseChoices
}

// Action is where the form posts.
func (p beneficiaryFormPage) Action() string {
	if p.Case != nil {
		return p.Case.URL()
	}
	return "/beneficiaries"
}

// beneficiaryNew shows an empty file form. ?household=ID files a new member
// of that household; ?region=CODE preselects a village.
func (s *Server) beneficiaryNew(w http.ResponseWriter, r *http.Request) error {
	u, q := ui.User(r), r.URL.Query()
	if err := requireCaseEdit(u); err != nil {
		return err
	}
	v := url.Values{"household": {"new"}, "relation": {"户主"}, "level": {"2"}, "found_by": {string(shuangbai.FoundVisiting)},
		"found_on": {s.ui.Today().String()}, "region": {q.Get("region")}}
	if u.PersonID != 0 {
		v.Set("worker_id", strconv.FormatInt(u.PersonID, 10))
	}
	if hh := q.Get("household"); hh != "" {
		id, err := ui.ParseID(hh)
		if err != nil {
			return err
		}
		h, _, err := s.db.Household(r.Context(), u.Scope(), id)
		if err != nil {
			return err
		}
		v.Set("household", hh)
		v.Set("region", h.Region)
		v.Set("address", h.Address)
		v.Set("relation", "")
	}
	return s.beneficiaryForm(w, r, http.StatusOK, ui.NewForm(v, nil), nil)
}

// beneficiaryCreate files a new beneficiary, with a new household if asked.
func (s *Server) beneficiaryCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := requireCaseEdit(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	in := beneficiaryInFromForm(v, fe)
	b, err := s.fileCase(ctx, u, in, fe)
	if ui.FieldErrors(err) != nil {
		return s.beneficiaryForm(w, r, ui.Status(err), ui.NewForm(v, err), nil)
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, b.Name+" 已建档。可在下方记录需求评估和第一次探访。")
	http.Redirect(w, r, fileURL(b.ID), http.StatusSeeOther)
	return nil
}

// fileCase files a beneficiary from in, for the page and the API: parse
// problems and rule problems are reported together.
func (s *Server) fileCase(ctx context.Context, u *shuangbai.User, in beneficiaryIn, fe shuangbai.FieldErrors) (*shuangbai.Beneficiary, error) {
	b := in.beneficiary(fe)
	var hh *shuangbai.Household
	if in.NewHead != "" {
		hh = &shuangbai.Household{HeadName: in.NewHead, Address: b.Address}
		b.HouseholdID = 0
	}
	if len(fe) > 0 {
		check := *b
		check.Open = true
		ui.Merge(fe, check.Validate(s.ui.Today()))
		return nil, fe.Err()
	}
	return b, s.db.FileBeneficiary(ctx, u, b, hh)
}

// beneficiaryEdit shows the file form filled with the stored file. The ID
// and phone numbers are left empty: typing one replaces the stored number,
// so the form never shows them in full.
func (s *Server) beneficiaryEdit(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireCaseEdit(u); err != nil {
		return err
	}
	b, err := s.caseOf(r)
	if err != nil {
		return err
	}
	return s.beneficiaryForm(w, r, http.StatusOK, ui.NewForm(caseFormValues(b), nil), b)
}

// caseFormValues fills the file form from b, without the numbers.
func caseFormValues(b *shuangbai.Beneficiary) url.Values {
	in := beneficiaryInOf(b)
	v := url.Values{"region": {in.Region}, "relation": {in.Relation}, "name": {in.Name}, "gender": {in.Gender},
		"birth": {in.Birth}, "address": {in.Address}, "groups": in.Groups, "disability": {in.Disability},
		"found_by": {in.FoundBy}, "found_on": {in.FoundOn}, "level": {strconv.Itoa(in.Level)}, "household": {""}}
	if b.HouseholdID != 0 {
		v.Set("household", strconv.FormatInt(b.HouseholdID, 10))
	}
	if b.WorkerID != 0 {
		v.Set("worker_id", strconv.FormatInt(b.WorkerID, 10))
	}
	return v
}

// beneficiaryUpdate stores an edited file. An empty ID number keeps the
// stored one, as does an empty phone unless "clear_phone" is ticked. The
// level is changed through its own form, with a reason.
func (s *Server) beneficiaryUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := requireCaseEdit(u); err != nil {
		return err
	}
	cur, err := s.caseOf(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	in := beneficiaryInFromForm(v, fe)
	if in.IDNumber == "" {
		in.IDNumber = cur.IDNumber
	}
	if in.Phone == "" && v.Get("clear_phone") == "" {
		in.Phone = cur.Phone
	}
	in.Level = int(cur.Level)
	b, err := s.updateCase(ctx, u, cur, in, fe)
	if ui.FieldErrors(err) != nil {
		return s.beneficiaryForm(w, r, ui.Status(err), ui.NewForm(v, err), cur)
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, b.Name+" 的档案已保存")
	http.Redirect(w, r, fileURL(b.ID), http.StatusSeeOther)
	return nil
}

// updateCase stores in over the file cur, for the page and the API. A new
// household is filed in the same transaction as the edit, so a refused
// edit leaves no empty household behind.
func (s *Server) updateCase(ctx context.Context, u *shuangbai.User, cur *shuangbai.Beneficiary, in beneficiaryIn, fe shuangbai.FieldErrors) (*shuangbai.Beneficiary, error) {
	b := in.beneficiary(fe)
	b.ID = cur.ID
	if in.Level != int(cur.Level) {
		fe.Add("level", "跟进级别须通过“调整跟进级别”说明理由后调整")
	}
	check := *b
	check.Groups = slices.Clone(b.Groups)
	check.Level, check.Open = cur.Level, cur.Open
	ui.Merge(fe, check.Validate(s.ui.Today()))
	if in.NewHead == "" {
		if err := s.db.CheckHousehold(ctx, u.Scope(), b.HouseholdID, b.Region); err != nil {
			if ui.FieldErrors(err) == nil {
				return nil, err
			}
			ui.Merge(fe, err)
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var hh *shuangbai.Household
	if in.NewHead != "" {
		hh = &shuangbai.Household{HeadName: in.NewHead, Address: b.Address}
	}
	return b, s.db.UpdateBeneficiary(ctx, u, b, hh)
}

// beneficiaryForm renders case/form.html with the choices of the user's
// scope: villages (those with a point first), households and staff.
func (s *Server) beneficiaryForm(w http.ResponseWriter, r *http.Request, status int, f ui.Form, cur *shuangbai.Beneficiary) error {
	ctx, u := r.Context(), ui.User(r)
	scope := u.Scope()
	p := beneficiaryFormPage{Form: f}
	if cur != nil {
		cv, err := s.caseViewOf(ctx, scope, cur)
		if err != nil {
			return err
		}
		p.Case = &cv
	}
	var err error
	if p.Villages, err = s.villageChoices(ctx, scope); err != nil {
		return err
	}
	if p.Households, err = s.householdChoices(ctx, scope); err != nil {
		return err
	}
	if p.Workers, err = s.workerChoices(ctx, scope); err != nil {
		return err
	}
	return s.ui.Render(w, r, status, "case/form.html", p)
}

// villageChoices lists the villages in scope: first those with a point
// (where the station works), then every other village by town.
func (s *Server) villageChoices(ctx context.Context, scope shuangbai.Scope) ([]ui.RegionGroup, error) {
	points, _, err := s.db.Points(ctx, scope, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 500}})
	if err != nil {
		return nil, err
	}
	var codes []string
	hasPoint := map[string]bool{}
	for _, p := range points {
		hasPoint[p.Region] = true
		codes = append(codes, p.Region, shuangbai.ParentCode(p.Region))
	}
	names, err := s.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	first := ui.RegionGroup{Name: "设有社工点的村（社区）"}
	for _, p := range points {
		first.Options = append(first.Options, ui.RegionOption{Code: p.Region, Name: names[shuangbai.ParentCode(p.Region)] + " · " + names[p.Region]})
	}
	rest, err := s.ui.RegionGroups(ctx, scope, shuangbai.LevelVillage, nil, func(r shuangbai.Region) bool { return !hasPoint[r.Code] })
	if err != nil {
		return nil, err
	}
	if len(first.Options) == 0 {
		return rest, nil
	}
	return append([]ui.RegionGroup{first}, rest...), nil
}

// householdChoices lists the households in scope by village, for joining
// one. A county has too many to list whole; the list is capped, and a new
// member is best added from a household member's file.
func (s *Server) householdChoices(ctx context.Context, scope shuangbai.Scope) ([]ui.RegionGroup, error) {
	list, err := s.db.Households(ctx, scope, 500)
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, h := range list {
		codes = append(codes, h.Region)
	}
	names, err := s.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	var out []ui.RegionGroup
	for _, h := range list {
		if len(out) == 0 || out[len(out)-1].Code != h.Region {
			out = append(out, ui.RegionGroup{Code: h.Region, Name: names[h.Region]})
		}
		g := &out[len(out)-1]
		label := "户主 " + h.HeadName
		if h.Address != "" {
			label += "（" + h.Address + "）"
		}
		g.Options = append(g.Options, ui.RegionOption{Code: strconv.FormatInt(h.ID, 10), Name: label})
	}
	return out, nil
}

// workerChoices lists the staff in scope who can be responsible for a case.
func (s *Server) workerChoices(ctx context.Context, scope shuangbai.Scope) ([]ui.RegionOption, error) {
	people, _, err := s.db.People(ctx, scope, store.PersonFilter{Limit: 500})
	if err != nil {
		return nil, err
	}
	views, err := s.personViews(ctx, people)
	if err != nil {
		return nil, err
	}
	out := make([]ui.RegionOption, 0, len(views))
	for _, p := range views {
		place := p.RegionPath // the nearest part is enough to tell people apart
		if i := strings.LastIndex(place, " / "); i >= 0 {
			place = place[i+len(" / "):]
		}
		out = append(out, ui.RegionOption{Code: strconv.FormatInt(p.ID, 10), Name: p.Name + "（" + p.Role.Label() + " · " + place + "）"})
	}
	return out, nil
}
