package casework

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/web/ui"
)

// beneficiaryIn is the writable part of a beneficiary's file as a form or a
// JSON body gives it: dates and numbers still unparsed, so that a bad one
// becomes a message next to its field.
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

// beneficiary returns the beneficiary described by in, noting unparsable dates.
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

// beneficiaryInFromForm reads a posted beneficiary form. The household select
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

// household returns the new household in asks for, at the address
// given, or nil when in joins an existing one or none.
func (in beneficiaryIn) household(address string) *shuangbai.Household {
	if in.NewHead == "" {
		return nil
	}
	return &shuangbai.Household{HeadName: in.NewHead, Address: address}
}

// beneficiaryFormValues fills the beneficiary form from b, without the
// numbers and the birth date, which the page shows as the age.
func beneficiaryFormValues(b *shuangbai.Beneficiary) url.Values {
	in := beneficiaryInOf(b)
	v := url.Values{"region": {in.Region}, "relation": {in.Relation}, "name": {in.Name}, "gender": {in.Gender},
		"address": {in.Address}, "groups": in.Groups, "disability": {in.Disability},
		"found_by": {in.FoundBy}, "found_on": {in.FoundOn}, "level": {strconv.Itoa(in.Level)}, "household": {""}}
	if b.HouseholdID != 0 {
		v.Set("household", strconv.FormatInt(b.HouseholdID, 10))
	}
	if b.WorkerID != 0 {
		v.Set("worker_id", strconv.FormatInt(b.WorkerID, 10))
	}
	return v
}

// fileBeneficiary files a beneficiary from in, for the page and the API:
// parse problems and rule problems are reported together.
func (h *Handlers) fileBeneficiary(r *http.Request, in beneficiaryIn, fe shuangbai.FieldErrors) (*shuangbai.Beneficiary, error) {
	b := in.beneficiary(fe)
	hh := in.household(b.Address)
	if hh != nil {
		b.HouseholdID = 0
	}
	if len(fe) > 0 {
		check := *b
		check.Open = true
		ui.Merge(fe, check.Validate(h.ui.Today()))
		return nil, fe.Err()
	}
	return b, h.db.FileBeneficiary(r.Context(), ui.User(r), b, hh)
}

// updateBeneficiary stores in over cur, for the page and the API. A new
// household is filed in the same transaction as the edit, so a refused
// edit leaves no empty household behind.
func (h *Handlers) updateBeneficiary(r *http.Request, cur *shuangbai.Beneficiary, in beneficiaryIn, fe shuangbai.FieldErrors) (*shuangbai.Beneficiary, error) {
	ctx := r.Context()
	b := in.beneficiary(fe)
	b.ID = cur.ID
	if in.Level != int(cur.Level) {
		fe.Add("level", "跟进级别须通过“调整跟进级别”说明理由后调整")
	}
	check := *b
	check.Groups = slices.Clone(b.Groups)
	check.Level, check.Open = cur.Level, cur.Open
	ui.Merge(fe, check.Validate(h.ui.Today()))
	if in.NewHead == "" {
		if err := h.db.CheckHousehold(ctx, ui.Scope(r), b.HouseholdID, b.Region); err != nil {
			if ui.FieldErrors(err) == nil {
				return nil, err
			}
			ui.Merge(fe, err)
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return b, h.db.UpdateBeneficiary(ctx, ui.User(r), b, in.household(b.Address))
}
