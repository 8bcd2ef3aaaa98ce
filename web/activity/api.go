package activity

import (
	"net/http"
	"strconv"

	"shuangbai"
	"shuangbai/web/ui"
)

// The JSON API of activities. Bodies are read into the form's values and
// go through the pages' parsers, so both accept and refuse the same input.

type activityJSON struct {
	ID           int64             `json:"id"`
	StationID    int64             `json:"station_id"`
	Station      string            `json:"station"`
	Region       string            `json:"region"`
	Place        string            `json:"place"`
	PlacePath    string            `json:"place_path"`
	HeldOn       *string           `json:"held_on"`
	Kind         string            `json:"kind"`
	KindLabel    string            `json:"kind_label"`
	Title        string            `json:"title"`
	Targets      string            `json:"targets"`
	Reached      int               `json:"reached"`
	Volunteers   int               `json:"volunteers"`
	Materials    string            `json:"materials"`
	HandedOut    int               `json:"handed_out"`
	Partners     string            `json:"partners"`
	Summary      string            `json:"summary"`
	Photos       []photoJSON       `json:"photos,omitempty"`
	Participants []participantJSON `json:"participants,omitempty"`
}

type photoJSON struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Type  string `json:"type"`
	Size  int    `json:"size"`
	URL   string `json:"url"`
	Thumb string `json:"thumb_url"`
}

type participantJSON struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	BeneficiaryID int64  `json:"beneficiary_id,omitempty"`
	Note          string `json:"note"`
}

func activityOut(a *shuangbai.Activity, station, path string) activityJSON {
	return activityJSON{ID: a.ID, StationID: a.StationID, Station: station, Region: a.Region, Place: a.Place, PlacePath: path,
		HeldOn: ui.DateJSON(a.HeldOn), Kind: string(a.Kind), KindLabel: a.Kind.Label(), Title: a.Title, Targets: a.Targets,
		Reached: a.Reached, Volunteers: a.Volunteers, Materials: a.Materials, HandedOut: a.HandedOut, Partners: a.Partners, Summary: a.Summary}
}

var activityFields = []string{"station_id", "region", "held_on", "kind", "title", "place", "targets", "reached", "volunteers",
	"materials", "handed_out", "partners", "summary"}

// APIList returns a page of the activities in scope, newest first, with
// the filters of the list page (region, kind, from, to, before) and, in
// next, the before= of the page after it ("" on the last).
func (h *Handlers) APIList(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	q, scope, err := query(r)
	if err != nil {
		return err
	}
	limit := pageSize
	if s := r.URL.Query().Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > 500 {
			return ui.BadRequest("参数 limit 应为 1 到 500 的整数")
		}
	}
	f := q.Filter
	f.Limit = limit + 1
	as, err := h.db.Activities(r.Context(), scope, f)
	if err != nil {
		return err
	}
	next := ""
	if len(as) > limit {
		as = as[:limit]
		next = nextKey(as)
	}
	stations, paths, err := h.names(r.Context(), as)
	if err != nil {
		return err
	}
	out := make([]activityJSON, len(as))
	for i, a := range as {
		out[i] = activityOut(a, stations[a.StationID], paths[a.Region])
	}
	h.ui.WriteJSON(w, r, http.StatusOK, map[string]any{"activities": out, "next": next})
	return nil
}

// APICounts returns the counts by kind of the activities the filters
// select (region, station_id, from, to).
func (h *Handlers) APICounts(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	q, scope, err := query(r)
	if err != nil {
		return err
	}
	var station int64
	if s := r.URL.Query().Get("station_id"); s != "" {
		if station, err = ui.ParseID(s); err != nil {
			return err
		}
	}
	cs, err := h.db.ActivityCounts(r.Context(), scope, station, q.Filter.From, q.Filter.To)
	if err != nil {
		return err
	}
	type countJSON struct {
		Kind       string `json:"kind"`
		Label      string `json:"label"`
		Activities int    `json:"activities"`
		Reached    int    `json:"reached"`
		Volunteers int    `json:"volunteers"`
	}
	out := []countJSON{}
	for _, c := range cs {
		out = append(out, countJSON{string(c.Kind), c.Kind.Label(), c.Activities, c.Reached, c.Volunteers})
	}
	h.ui.WriteJSON(w, r, http.StatusOK, map[string]any{"counts": out})
	return nil
}

func (h *Handlers) writeActivity(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	ctx, scope := r.Context(), ui.Scope(r)
	a, err := h.db.Activity(ctx, scope, id)
	if err != nil {
		return err
	}
	stations, paths, err := h.names(ctx, []*shuangbai.Activity{a})
	if err != nil {
		return err
	}
	out := activityOut(a, stations[a.StationID], paths[a.Region])
	photos, err := h.db.ActivityPhotos(ctx, scope, a.ID)
	if err != nil {
		return err
	}
	for _, p := range photos {
		v := photoView{p}
		out.Photos = append(out.Photos, photoJSON{p.ID, p.Name, p.Type, p.Size, v.URL(), v.ThumbURL()})
	}
	people, err := h.db.Participants(ctx, scope, a.ID)
	if err != nil {
		return err
	}
	for _, p := range people {
		out.Participants = append(out.Participants, participantJSON{p.ID, p.Name, p.BeneficiaryID, p.Note})
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", ui.Location("activities", a.ID))
	}
	h.ui.WriteJSON(w, r, status, out)
	return nil
}

// APIShow returns an activity with its photos and participants.
func (h *Handlers) APIShow(w http.ResponseWriter, r *http.Request) error {
	a, err := h.activityOf(r)
	if err != nil {
		return err
	}
	return h.writeActivity(w, r, http.StatusOK, a.ID)
}

// APICreate records an activity from the form's fields.
func (h *Handlers) APICreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireEdit(u); err != nil {
		return err
	}
	v, _, err := ui.ReadFields(r, activityFields)
	if err != nil {
		return err
	}
	a, err := parseActivity(v, h.ui.Today())
	if err != nil {
		return err
	}
	if err := h.db.CreateActivity(r.Context(), u, a); err != nil {
		return err
	}
	return h.writeActivity(w, r, http.StatusCreated, a.ID)
}

// APIUpdate changes the fields the body names and keeps the others.
func (h *Handlers) APIUpdate(w http.ResponseWriter, r *http.Request) error {
	old, u, err := h.editable(r)
	if err != nil {
		return err
	}
	patch, raw, err := ui.ReadFields(r, activityFields)
	if err != nil {
		return err
	}
	v := activityValues(old)
	for k := range raw {
		v.Set(k, patch.Get(k))
	}
	a, err := parseActivity(v, h.ui.Today())
	if err != nil {
		return err
	}
	a.ID = old.ID
	if err := h.db.UpdateActivity(r.Context(), u, a); err != nil {
		return err
	}
	return h.writeActivity(w, r, http.StatusOK, a.ID)
}

// APIPhotoCreate stores one photo: a multipart form's "file", or the raw
// body with ?name= for its file name.
func (h *Handlers) APIPhotoCreate(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.editable(r)
	if err != nil {
		return err
	}
	data, name, err := upload(w, r, true)
	if err != nil {
		return err
	}
	if name == "" {
		name = r.URL.Query().Get("name")
	}
	p, err := h.storePhoto(r, a, name, data)
	if err != nil {
		return err
	}
	v := photoView{*p}
	w.Header().Set("Location", v.URL())
	h.ui.WriteJSON(w, r, http.StatusCreated, photoJSON{p.ID, p.Name, p.Type, p.Size, v.URL(), v.ThumbURL()})
	return nil
}

// APIParticipantCreate names a participant: {"name", "beneficiary_id",
// "note"}.
func (h *Handlers) APIParticipantCreate(w http.ResponseWriter, r *http.Request) error {
	a, u, err := h.editable(r)
	if err != nil {
		return err
	}
	v, _, err := ui.ReadFields(r, []string{"name", "beneficiary_id", "note"})
	if err != nil {
		return err
	}
	p, err := parseParticipant(v, a.ID)
	if err == nil {
		err = h.db.AddParticipant(r.Context(), u, p)
	}
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusCreated, participantJSON{p.ID, p.Name, p.BeneficiaryID, p.Note})
	return nil
}

// APIParticipantFile files a participant not yet on file as a beneficiary
// found at the activity: the filing form's fields (gender, birth or
// id_number, region, level, groups …).
func (h *Handlers) APIParticipantFile(w http.ResponseWriter, r *http.Request) error {
	_, p, err := h.participant(r)
	if err != nil {
		return err
	}
	v, _, err := ui.ReadFields(r, []string{"name", "gender", "birth", "id_number", "phone", "address", "disability", "region", "level", "groups"})
	if err != nil {
		return err
	}
	b, err := parseFiling(v)
	if err == nil {
		err = h.db.FileParticipant(r.Context(), ui.User(r), p.ID, b, nil)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("beneficiaries", b.ID))
	h.ui.WriteJSON(w, r, http.StatusCreated, map[string]any{"participant_id": p.ID, "beneficiary_id": b.ID, "found_by": string(b.FoundBy), "found_on": ui.DateJSON(b.FoundOn)})
	return nil
}
