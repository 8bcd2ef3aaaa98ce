package casework

import (
	"net/http"
	"strconv"
	"time"

	"shuangbai"
	"shuangbai/web/ui"
)

// beneficiaryJSON is a beneficiary as the API shows it. The ID and phone
// numbers are masked and there is no birth date, only the age, as on the
// pages: API clients are scripts that copy data elsewhere. The full data
// leaves only through a logged export.
type beneficiaryJSON struct {
	ID          int64     `json:"id"`
	Region      string    `json:"region"`
	RegionName  string    `json:"region_name"`
	HouseholdID *int64    `json:"household_id"`
	Relation    string    `json:"relation"`
	Name        string    `json:"name"`
	Gender      string    `json:"gender"`
	Age         int       `json:"age"`
	IDNumber    string    `json:"id_number"`
	Phone       string    `json:"phone"`
	Address     string    `json:"address"`
	Groups      []string  `json:"groups"`
	GroupLabels []string  `json:"group_labels"`
	Disability  string    `json:"disability"`
	FoundBy     string    `json:"found_by"`
	FoundOn     *string   `json:"found_on"`
	WorkerID    *int64    `json:"worker_id"`
	WorkerName  string    `json:"worker_name"`
	Level       int       `json:"level"`
	LevelLabel  string    `json:"level_label"`
	Open        bool      `json:"open"`
	ClosedOn    *string   `json:"closed_on"`
	ClosedWhy   string    `json:"closed_why"`
	LastVisit   *string   `json:"last_visit"`
	NextDue     *string   `json:"next_due"`
	Overdue     bool      `json:"overdue"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// beneficiaryShowJSON is one beneficiary with what GET
// /api/v1/beneficiaries/{id} adds.
type beneficiaryShowJSON struct {
	beneficiaryJSON
	PendingLevel       *levelChangeJSON `json:"pending_level_change"`
	OldAgeHint         bool             `json:"old_age_hint"`
	PossibleDuplicates []int64          `json:"possible_duplicates"`
}

// levelChangeJSON is a change of follow-up level.
type levelChangeJSON struct {
	ID          int64  `json:"id"`
	From        int    `json:"from"`
	To          int    `json:"to"`
	Reason      string `json:"reason"`
	On          string `json:"on"`
	RequestedBy string `json:"requested_by"`
	ConfirmedBy string `json:"confirmed_by"`
	Pending     bool   `json:"pending"`
}

func toLevelChangeJSON(c shuangbai.LevelChange) *levelChangeJSON {
	return &levelChangeJSON{ID: c.ID, From: int(c.From), To: int(c.To), Reason: c.Reason, On: c.On.String(),
		RequestedBy: c.RequestedBy, ConfirmedBy: c.ConfirmedBy, Pending: c.Pending}
}

func idJSON(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func toBeneficiaryJSON(v beneficiaryView) beneficiaryJSON {
	out := beneficiaryJSON{ID: v.ID, Region: v.Region, RegionName: v.Path, HouseholdID: idJSON(v.HouseholdID), Relation: v.Relation,
		Name: v.Name, Gender: v.Gender, Age: v.AgeNow(), IDNumber: v.MaskedID(), Phone: v.MaskedPhone(),
		Address: v.Address, Groups: []string{}, GroupLabels: []string{}, Disability: v.Disability, FoundBy: string(v.FoundBy),
		FoundOn: ui.DateJSON(v.FoundOn), WorkerID: idJSON(v.WorkerID), WorkerName: v.Worker, Level: int(v.Level), LevelLabel: v.Level.Label(),
		Open: v.Open, ClosedOn: ui.DateJSON(v.ClosedOn), ClosedWhy: v.ClosedWhy, LastVisit: ui.DateJSON(v.LastVisit), NextDue: ui.DateJSON(v.NextDue),
		Overdue: v.Open && !v.NextDue.IsZero() && v.NextDue.Before(v.Today), CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
	for _, g := range v.Groups {
		out.Groups = append(out.Groups, string(g))
		out.GroupLabels = append(out.GroupLabels, g.Label())
	}
	return out
}

// keysetJSON is a page of a list paged by id: pass next_after as ?after=
// for the next page; it is null on the last. A search by name comes in
// name order and has one page only: truncated says there were more.
type keysetJSON[T any] struct {
	Items     []T    `json:"items"`
	NextAfter *int64 `json:"next_after"`
	Truncated bool   `json:"truncated,omitempty"`
}

// itemsJSON is a list with no total: its newest items, up to ?limit=.
type itemsJSON[T any] struct {
	Items []T `json:"items"`
}

// itemsOf is list as a JSON list, [] rather than null when empty.
func itemsOf[T, J any](list []T, toJSON func(T) J) itemsJSON[J] {
	out := itemsJSON[J]{Items: make([]J, 0, len(list))}
	for _, x := range list {
		out.Items = append(out.Items, toJSON(x))
	}
	return out
}

// APIBeneficiaryList returns one page of the beneficiaries in scope:
// ?region=&group=&status=open|closed|all&q=NAME-PREFIX-OR-ID-NUMBER&worker=&after=&limit=.
// ?after= pages lists without a name search.
func (h *Handlers) APIBeneficiaryList(w http.ResponseWriter, r *http.Request) error {
	ctx, q := r.Context(), r.URL.Query()
	scope, f, _, notice, err := beneficiaryQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	if notice != "" {
		return ui.BadRequest("%s", notice)
	}
	if a := q.Get("after"); a != "" {
		if f.Name != "" {
			return ui.BadRequest("按姓名查找的结果按姓名排序，不能用参数 after 翻页，请输入更完整的姓名")
		}
		if f.After, err = ui.ParseID(a); err != nil {
			return ui.BadRequest("参数 after 应为正整数")
		}
	}
	if f.Limit, _, err = ui.PageQuery(q); err != nil {
		return err
	}
	want := f.Limit
	f.Limit = min(want+1, 500)
	list, err := h.db.Beneficiaries(ctx, scope, f)
	if err != nil {
		return err
	}
	out := keysetJSON[beneficiaryJSON]{Items: []beneficiaryJSON{}}
	if len(list) > want {
		list = list[:want]
		if f.Name == "" {
			out.NextAfter = &list[len(list)-1].ID
		} else {
			out.Truncated = true // name order: narrow the search instead
		}
	}
	views, err := h.beneficiaryViews(ctx, ui.Scope(r), list)
	if err != nil {
		return err
	}
	for _, v := range views {
		out.Items = append(out.Items, toBeneficiaryJSON(v))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APIBeneficiaryShow returns one beneficiary; the view is written to the
// access log.
func (h *Handlers) APIBeneficiaryShow(w http.ResponseWriter, r *http.Request) error {
	b, err := h.beneficiaryOf(r)
	if err != nil {
		return err
	}
	if err := h.logView(r, b, "API"); err != nil {
		return err
	}
	return h.writeBeneficiary(w, r, http.StatusOK, b)
}

// writeBeneficiary answers b with what GET /api/v1/beneficiaries/{id} adds.
func (h *Handlers) writeBeneficiary(w http.ResponseWriter, r *http.Request, status int, b *shuangbai.Beneficiary) error {
	ctx, scope := r.Context(), ui.Scope(r)
	v, err := h.beneficiaryViewOf(ctx, scope, b)
	if err != nil {
		return err
	}
	out := beneficiaryShowJSON{beneficiaryJSON: toBeneficiaryJSON(v), PossibleDuplicates: []int64{}}
	pending, err := h.db.LevelChanges(ctx, scope, b.ID, true)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		out.PendingLevel = toLevelChangeJSON(pending[0])
	}
	apps, err := h.db.Applications(ctx, scope, b.ID)
	if err != nil {
		return err
	}
	out.OldAgeHint = b.Open && shuangbai.OldAgeHint(b, apps, h.ui.Today())
	dups, err := h.db.PossibleDuplicates(ctx, scope, b)
	if err != nil {
		return err
	}
	for _, d := range dups {
		out.PossibleDuplicates = append(out.PossibleDuplicates, d.ID)
	}
	h.ui.WriteJSON(w, r, status, out)
	return nil
}

// APIBeneficiaryCreate files a beneficiary from a JSON body;
// "new_household_head" files a new household with them.
func (h *Handlers) APIBeneficiaryCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireBeneficiaryEdit(ui.User(r)); err != nil {
		return err
	}
	var in beneficiaryIn
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	b, err := h.fileBeneficiary(r, in, shuangbai.FieldErrors{})
	if err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("beneficiaries", b.ID))
	return h.writeBeneficiary(w, r, http.StatusCreated, b)
}

// APIBeneficiaryUpdate changes the fields the body names and keeps the
// others (a JSON merge patch). The level changes through .../level.
func (h *Handlers) APIBeneficiaryUpdate(w http.ResponseWriter, r *http.Request) error {
	cur, err := h.editable(r)
	if err != nil {
		return err
	}
	var in beneficiaryIn
	if err := ui.ReadPatch(r, beneficiaryInOf(cur), &in); err != nil {
		return err
	}
	b, err := h.updateBeneficiary(r, cur, in, shuangbai.FieldErrors{})
	if err != nil {
		return err
	}
	b, err = h.db.Beneficiary(r.Context(), ui.Scope(r), b.ID)
	if err != nil {
		return err
	}
	return h.writeBeneficiary(w, r, http.StatusOK, b)
}

// levelIn is the body of POST /api/v1/beneficiaries/{id}/level.
type levelIn struct {
	Level  int    `json:"level"`
	Reason string `json:"reason"`
}

// APIBeneficiaryLevel changes a beneficiary's level with a reason: raising
// is immediate, lowering is pending until a lead confirms it.
func (h *Handlers) APIBeneficiaryLevel(w http.ResponseWriter, r *http.Request) error {
	b, err := h.editable(r)
	if err != nil {
		return err
	}
	var in levelIn
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	c, err := h.db.ChangeLevel(r.Context(), ui.User(r), b.ID, shuangbai.Level4(in.Level), in.Reason)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, toLevelChangeJSON(*c))
	return nil
}

// householdJSON is a household with its members in scope.
type householdJSON struct {
	ID         int64             `json:"id"`
	Region     string            `json:"region"`
	RegionName string            `json:"region_name"`
	HeadName   string            `json:"head_name"`
	Address    string            `json:"address"`
	Members    []beneficiaryJSON `json:"members"`
	CreatedAt  time.Time         `json:"created_at"`
}

// APIHouseholdShow returns a household and its members, numbers masked.
func (h *Handlers) APIHouseholdShow(w http.ResponseWriter, r *http.Request) error {
	ctx, scope := r.Context(), ui.Scope(r)
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	hh, members, err := h.db.Household(ctx, scope, id)
	if err != nil {
		return err
	}
	var inScope []*shuangbai.Beneficiary
	for _, m := range members {
		if scope.Contains(m.Region) {
			inScope = append(inScope, m)
		}
	}
	views, err := h.beneficiaryViews(ctx, scope, inScope)
	if err != nil {
		return err
	}
	if err := h.logMembers(r, inScope, "家庭成员（API）"); err != nil {
		return err
	}
	names, err := h.db.RegionNames(ctx, ui.RegionAncestors(hh.Region))
	if err != nil {
		return err
	}
	out := householdJSON{ID: hh.ID, Region: hh.Region, RegionName: ui.RegionPath(names, hh.Region), HeadName: hh.HeadName, Address: hh.Address,
		Members: []beneficiaryJSON{}, CreatedAt: hh.CreatedAt}
	for _, v := range views {
		out.Members = append(out.Members, toBeneficiaryJSON(v))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// beneficiaryParam reads ?beneficiary_id= and loads that beneficiary in
// the request's scope: one outside it is a 404.
func (h *Handlers) beneficiaryParam(r *http.Request) (*shuangbai.Beneficiary, error) {
	raw := r.URL.Query().Get("beneficiary_id")
	if raw == "" {
		return nil, ui.BadRequest("请用参数 beneficiary_id 指定服务对象")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, ui.BadRequest("参数 beneficiary_id 应为正整数")
	}
	return h.db.Beneficiary(r.Context(), ui.Scope(r), id)
}
