package network

import (
	"net/http"
	"shuangbai/web/ui"
	"strings"
	"time"

	"shuangbai"
)

// personJSON is a member of staff as the API shows them. The phone number
// is masked: it is personal information, and API clients are scripts that
// copy data elsewhere.
type personJSON struct {
	ID          int64            `json:"id"`
	Region      string           `json:"region"`
	RegionName  string           `json:"region_name"`
	Name        string           `json:"name"`
	Gender      string           `json:"gender"`
	Phone       string           `json:"phone"`
	Role        string           `json:"role"`
	RoleLabel   string           `json:"role_label"`
	Assignments []assignmentJSON `json:"assignments,omitempty"`
	CreatedAt   time.Time        `json:"created_at"`
	UpdatedAt   time.Time        `json:"updated_at"`
}

// assignmentJSON is one placement of a person at a station or point.
type assignmentJSON struct {
	ID        int64   `json:"id"`
	StationID *int64  `json:"station_id"`
	PointID   *int64  `json:"point_id"`
	From      *string `json:"from"`
	To        *string `json:"to"`
}

// personIn is the body of POST /api/v1/people.
type personIn struct {
	Region string `json:"region"`
	Name   string `json:"name"`
	Gender string `json:"gender"`
	Phone  string `json:"phone"`
	Role   string `json:"role"`
}

func toPersonJSON(p ui.PersonView) personJSON {
	return personJSON{ID: p.ID, Region: p.Region, RegionName: p.RegionPath, Name: p.Name, Gender: p.Gender,
		Phone: shuangbai.MaskPhone(p.Phone), Role: string(p.Role), RoleLabel: p.Role.Label(), CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

// APIPersonList returns one page of the staff in scope:
// ?region=CODE&role=worker|lead|deputy|supervisor&q=NAME&limit=&offset=.
func (h *Handlers) APIPersonList(w http.ResponseWriter, r *http.Request) error {
	ctx, q := r.Context(), r.URL.Query()
	f, scope, err := personQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	if f.Limit, f.Offset, err = ui.PageQuery(q); err != nil {
		return err
	}
	views, total, err := h.people(ctx, scope, f)
	if err != nil {
		return err
	}
	out := ui.List[personJSON]{Items: []personJSON{}, Total: total}
	for _, v := range views {
		out.Items = append(out.Items, toPersonJSON(v))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APIPersonShow returns one member of staff with their assignments.
func (h *Handlers) APIPersonShow(w http.ResponseWriter, r *http.Request) error {
	p, list, err := h.person(r)
	if err != nil {
		return err
	}
	out := toPersonJSON(p)
	out.Assignments = []assignmentJSON{}
	for _, a := range list {
		aj := assignmentJSON{ID: a.ID, From: ui.DateJSON(a.From), To: ui.DateJSON(a.To)}
		if a.StationID != 0 {
			aj.StationID = &a.StationID
		} else {
			aj.PointID = &a.PointID
		}
		out.Assignments = append(out.Assignments, aj)
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APIPersonCreate stores a new member of staff from a JSON body.
func (h *Handlers) APIPersonCreate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	b, err := ui.ReadBody(r)
	if err != nil {
		return err
	}
	var in personIn
	if err := ui.DecodeJSON(b, &in); err != nil {
		return err
	}
	p := shuangbai.Person{Region: strings.TrimSpace(in.Region), Name: strings.TrimSpace(in.Name), Gender: in.Gender,
		Phone: strings.TrimSpace(in.Phone), Role: shuangbai.StaffRole(in.Role)}
	if err := h.db.CreatePerson(ctx, u, &p); err != nil {
		return err
	}
	views, err := h.ui.PersonViews(ctx, []shuangbai.Person{p})
	if err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("people", p.ID))
	h.ui.WriteJSON(w, r, http.StatusCreated, toPersonJSON(views[0]))
	return nil
}
