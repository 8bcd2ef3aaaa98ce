package casework

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// beneficiaryFormPage is the data of beneficiary/form.html, for filing a
// new beneficiary and for editing one.
type beneficiaryFormPage struct {
	Form        ui.Form
	Beneficiary *beneficiaryView // the one being edited; nil for a new one
	Villages    []ui.RegionGroup
	Households  []ui.RegionGroup // options hold household ids
	Workers     []ui.RegionOption
	Opt         choices
}

// Action is where the form posts.
func (p beneficiaryFormPage) Action() string {
	if p.Beneficiary != nil {
		return p.Beneficiary.URL()
	}
	return "/beneficiaries"
}

// BeneficiaryNew shows an empty beneficiary form. ?household=ID files a new
// member of that household; ?region=CODE preselects a village.
func (h *Handlers) BeneficiaryNew(w http.ResponseWriter, r *http.Request) error {
	u, q := ui.User(r), r.URL.Query()
	if err := requireBeneficiaryEdit(u); err != nil {
		return err
	}
	v := url.Values{"household": {"new"}, "relation": {"户主"}, "level": {"2"}, "found_by": {string(shuangbai.FoundVisiting)},
		"found_on": {h.ui.Today().String()}, "region": {q.Get("region")}}
	if u.PersonID != 0 {
		v.Set("worker_id", strconv.FormatInt(u.PersonID, 10))
	}
	if hh := q.Get("household"); hh != "" {
		id, err := ui.ParseID(hh)
		if err != nil {
			return err
		}
		house, _, err := h.db.Household(r.Context(), ui.Scope(r), id)
		if err != nil {
			return err
		}
		v.Set("household", hh)
		v.Set("region", house.Region)
		v.Set("address", house.Address)
		v.Set("relation", "")
	}
	return h.renderForm(w, r, http.StatusOK, ui.NewForm(v, nil), nil)
}

// BeneficiaryCreate files a new beneficiary, with a new household if asked.
func (h *Handlers) BeneficiaryCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireBeneficiaryEdit(ui.User(r)); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	b, err := h.fileBeneficiary(r, beneficiaryInFromForm(v, fe), fe)
	if f, ok := refused(v, err); ok {
		return h.renderForm(w, r, ui.Status(err), f, nil)
	}
	if err != nil {
		return err
	}
	return saved(w, r, b.Name+" 已建档。可在下方记录需求评估和第一次探访。", beneficiaryURL(b.ID))
}

// BeneficiaryEdit shows the beneficiary form filled with the stored file.
// The ID and phone numbers and the birth date are left empty: typing one
// replaces the stored one, so the form never shows them in full.
func (h *Handlers) BeneficiaryEdit(w http.ResponseWriter, r *http.Request) error {
	b, err := h.editable(r)
	if err != nil {
		return err
	}
	return h.renderForm(w, r, http.StatusOK, ui.NewForm(beneficiaryFormValues(b), nil), b)
}

// BeneficiaryUpdate stores an edited file. An empty ID number keeps the
// stored one, as does an empty phone unless "clear_phone" is ticked. An
// empty birth date is taken from the ID number when there is one, else the
// stored date is kept. The level is changed through its own form, with a
// reason.
func (h *Handlers) BeneficiaryUpdate(w http.ResponseWriter, r *http.Request) error {
	cur, v, err := h.posted(r)
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
	if strings.TrimSpace(in.Birth) == "" && strings.TrimSpace(in.IDNumber) == "" {
		in.Birth = cur.Birth.String()
	}
	in.Level = int(cur.Level)
	b, err := h.updateBeneficiary(r, cur, in, fe)
	if f, ok := refused(v, err); ok {
		return h.renderForm(w, r, ui.Status(err), f, cur)
	}
	if err != nil {
		return err
	}
	return saved(w, r, b.Name+" 的档案已保存", beneficiaryURL(b.ID))
}

// renderForm renders beneficiary/form.html with the choices of the user's
// scope: villages (those with a point first), households and staff.
func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, f ui.Form, cur *shuangbai.Beneficiary) error {
	ctx, scope := r.Context(), ui.Scope(r)
	p := beneficiaryFormPage{Form: f}
	if cur != nil {
		bv, err := h.beneficiaryViewOf(ctx, scope, cur)
		if err != nil {
			return err
		}
		p.Beneficiary = &bv
	}
	var err error
	if p.Villages, err = h.villageChoices(ctx, scope); err != nil {
		return err
	}
	if p.Households, err = h.householdChoices(ctx, scope); err != nil {
		return err
	}
	if p.Workers, err = h.workerChoices(ctx, scope); err != nil {
		return err
	}
	return h.ui.Render(w, r, status, "beneficiary/form.html", p)
}

// villageChoices lists the villages in scope: first those with a point
// (where the station works), then every other village by town.
func (h *Handlers) villageChoices(ctx context.Context, scope shuangbai.Scope) ([]ui.RegionGroup, error) {
	points, _, err := h.db.Points(ctx, scope, store.PointFilter{SiteFilter: shuangbai.SiteFilter{Limit: 500}})
	if err != nil {
		return nil, err
	}
	var codes []string
	hasPoint := map[string]bool{}
	for _, p := range points {
		hasPoint[p.Region] = true
		codes = append(codes, p.Region, shuangbai.ParentCode(p.Region))
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	first := ui.RegionGroup{Name: "设有社工点的村（社区）"}
	for _, p := range points {
		first.Options = append(first.Options, ui.RegionOption{Code: p.Region, Name: names[shuangbai.ParentCode(p.Region)] + " · " + names[p.Region]})
	}
	rest, err := h.ui.RegionGroups(ctx, scope, shuangbai.LevelVillage, nil, func(r shuangbai.Region) bool { return !hasPoint[r.Code] })
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
func (h *Handlers) householdChoices(ctx context.Context, scope shuangbai.Scope) ([]ui.RegionGroup, error) {
	list, err := h.db.Households(ctx, scope, 500)
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, hh := range list {
		codes = append(codes, hh.Region)
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	var out []ui.RegionGroup
	for _, hh := range list {
		if len(out) == 0 || out[len(out)-1].Code != hh.Region {
			out = append(out, ui.RegionGroup{Code: hh.Region, Name: names[hh.Region]})
		}
		g := &out[len(out)-1]
		label := "户主 " + hh.HeadName
		if hh.Address != "" {
			label += "（" + hh.Address + "）"
		}
		g.Options = append(g.Options, ui.RegionOption{Code: strconv.FormatInt(hh.ID, 10), Name: label})
	}
	return out, nil
}

// workerChoices lists the staff in scope who can be responsible for a
// beneficiary, each with their post and place: the nearest region is
// enough to tell people apart.
func (h *Handlers) workerChoices(ctx context.Context, scope shuangbai.Scope) ([]ui.RegionOption, error) {
	people, _, err := h.db.People(ctx, scope, store.PersonFilter{Limit: 500})
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, p := range people {
		codes = append(codes, p.Region)
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := make([]ui.RegionOption, 0, len(people))
	for _, p := range people {
		out = append(out, ui.RegionOption{Code: strconv.FormatInt(p.ID, 10), Name: p.Name + "（" + p.Role.Label() + " · " + names[p.Region] + "）"})
	}
	return out, nil
}
