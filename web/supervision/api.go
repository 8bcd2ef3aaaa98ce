package supervision

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// itemJSON is an action item in the API.
type itemJSON struct {
	ID        int64   `json:"id"`
	Kind      string  `json:"kind"`
	VisitID   int64   `json:"visit_id,omitempty"`
	RoundID   int64   `json:"round_id,omitempty"`
	StationID int64   `json:"station_id"`
	Station   string  `json:"station"`
	Region    string  `json:"region"`
	Title     string  `json:"title"`
	Owner     string  `json:"owner"`
	Due       *string `json:"due"`
	From      *string `json:"from"`
	DoneOn    *string `json:"done_on"`
	DoneNote  string  `json:"done_note"`
	Overdue   bool    `json:"overdue"`
}

// ItemOut writes an item for the API, its overdue flag as of today.
func ItemOut(a shuangbai.ActionItem, today shuangbai.Date) itemJSON {
	return itemJSON{a.ID, string(a.Kind), a.VisitID, a.RoundID, a.StationID, a.StationName, a.Region, a.Title, a.Owner,
		ui.DateJSON(a.Due), ui.DateJSON(a.From), ui.DateJSON(a.DoneOn), a.DoneNote, a.Overdue(today)}
}

// visitJSON is a visit in the API.
type visitJSON struct {
	ID           int64      `json:"id"`
	StationID    int64      `json:"station_id"`
	Station      string     `json:"station"`
	PointID      int64      `json:"point_id,omitempty"`
	Point        string     `json:"point,omitempty"`
	Region       string     `json:"region"`
	SupervisorID int64      `json:"supervisor_id"`
	Supervisor   string     `json:"supervisor"`
	VisitedOn    *string    `json:"visited_on"`
	Forms        []string   `json:"forms"`
	Topics       string     `json:"topics"`
	Advice       string     `json:"advice"`
	OpenItems    int        `json:"open_items"`
	Items        []itemJSON `json:"items,omitempty"`
}

func visitOut(v *shuangbai.SupervisionVisit, today shuangbai.Date) visitJSON {
	out := visitJSON{ID: v.ID, StationID: v.StationID, Station: v.StationName, PointID: v.PointID, Point: v.PointName, Region: v.Region,
		SupervisorID: v.SupervisorID, Supervisor: v.SupervisorName, VisitedOn: ui.DateJSON(v.VisitedOn), Forms: []string{},
		Topics: v.Topics, Advice: v.Advice, OpenItems: v.OpenItems}
	for _, f := range v.Forms {
		out.Forms = append(out.Forms, string(f))
	}
	if v.Items != nil {
		out.OpenItems = 0
	}
	for _, a := range v.Items {
		out.Items = append(out.Items, ItemOut(a, today))
		if !a.Done() {
			out.OpenItems++
		}
	}
	return out
}

// APIVisitList returns a page of the visits in scope (?region=CODE,
// ?limit, ?offset), newest first.
func (h *Handlers) APIVisitList(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return err
	}
	q := r.URL.Query()
	scope, err := ui.RegionParam(q, ui.Scope(r))
	if err != nil {
		return err
	}
	limit, offset, err := ui.PageQuery(q)
	if err != nil {
		return err
	}
	rows, total, err := h.db.SupervisionVisits(r.Context(), scope, store.VisitFilter{CoveredBy: coveredBy(u), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	out := struct {
		Items []visitJSON `json:"items"`
		Total int         `json:"total"`
	}{Items: []visitJSON{}, Total: total}
	today := h.ui.Today()
	for i := range rows {
		out.Items = append(out.Items, visitOut(&rows[i], today))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APIVisitShow returns a visit with its items.
func (h *Handlers) APIVisitShow(w http.ResponseWriter, r *http.Request) error {
	v, err := h.visitOf(r)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, visitOut(v, h.ui.Today()))
	return nil
}

// visitIn is the body of a new visit.
type visitIn struct {
	StationID    int64    `json:"station_id"`
	PointID      int64    `json:"point_id"`
	SupervisorID int64    `json:"supervisor_id"`
	VisitedOn    string   `json:"visited_on"`
	Forms        []string `json:"forms"`
	Topics       string   `json:"topics"`
	Advice       string   `json:"advice"`
	Items        []struct {
		Title string `json:"title"`
		Owner string `json:"owner"`
		Due   string `json:"due"`
	} `json:"items"`
}

// APIVisitCreate records a visit with its items: the same fields as the
// form, items as a list of {title, owner, due}. A refused item refuses the
// whole visit, with the item's number in the field's name (item2_owner).
func (h *Handlers) APIVisitCreate(w http.ResponseWriter, r *http.Request) error {
	var in visitIn
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	if len(in.Items) > 50 {
		return ui.BadRequest("一次督导最多记录 50 项待办事项")
	}
	v := url.Values{"station_id": {strconv.FormatInt(in.StationID, 10)}, "point_id": {strconv.FormatInt(in.PointID, 10)},
		"supervisor_id": {strconv.FormatInt(in.SupervisorID, 10)}, "visited_on": {in.VisitedOn}, "topics": {in.Topics}, "advice": {in.Advice},
		"forms": {strings.Join(in.Forms, ",")}}
	for i, it := range in.Items {
		p := shuangbai.ItemPrefix(i)
		v.Set(p+"title", it.Title)
		v.Set(p+"owner", it.Owner)
		v.Set(p+"due", it.Due)
		if it.Title == "" && it.Owner == "" && it.Due == "" {
			v.Set(p+"title", " ") // an empty item in the API is a refused item, not a skipped row
		}
	}
	x, err := parseVisit(v, h.ui.Today())
	if err == nil && len(x.Items) != len(in.Items) {
		err = &shuangbai.Error{Code: shuangbai.EINVALID, Message: "待办事项不能为空",
			Fields: map[string]string{shuangbai.ItemPrefix(len(x.Items)) + "title": "请填写待办事项的内容"}}
	}
	if err == nil {
		err = h.db.CreateSupervisionVisit(r.Context(), ui.User(r), x)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("supervision-visits", x.ID))
	h.ui.WriteJSON(w, r, http.StatusCreated, visitOut(x, h.ui.Today()))
	return nil
}

// APIItemList returns the items in scope: ?status=overdue (default),
// open or all; ?kind=supervision or rectification; ?region=CODE.
func (h *Handlers) APIItemList(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	scope, f, _, err := h.itemQuery(r)
	if err != nil {
		return err
	}
	if f.Limit, f.Offset, err = ui.PageQuery(r.URL.Query()); err != nil {
		return err
	}
	rows, total, err := h.db.ActionItems(r.Context(), scope, f)
	if err != nil {
		return err
	}
	out := struct {
		Items []itemJSON `json:"items"`
		Total int        `json:"total"`
	}{Items: []itemJSON{}, Total: total}
	today := h.ui.Today()
	for _, a := range rows {
		out.Items = append(out.Items, ItemOut(a, today))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// APIItemClose records that an item was done: {"done_on", "done_note"}.
func (h *Handlers) APIItemClose(w http.ResponseWriter, r *http.Request) error {
	a, err := h.itemOf(r)
	if err != nil {
		return err
	}
	var in struct {
		DoneOn   string `json:"done_on"`
		DoneNote string `json:"done_note"`
	}
	if err := ui.ReadJSON(r, &in); err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	on := ui.ParseDate(fe, "done_on", in.DoneOn)
	if err := fe.Err(); err != nil {
		return err
	}
	done, err := h.db.CloseActionItem(r.Context(), ui.User(r), a.ID, on, in.DoneNote)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, ItemOut(*done, h.ui.Today()))
	return nil
}
