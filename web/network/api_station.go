package network

import (
	"net/http"
	"shuangbai/web/ui"
	"strings"
	"time"

	"shuangbai"
)

// siteJSON is the part of a station or point the API shows for both.
type siteJSON struct {
	Name           string          `json:"name"`
	Status         string          `json:"status"`
	StatusLabel    string          `json:"status_label"`
	BuiltOn        *string         `json:"built_on"`
	Office         bool            `json:"office"`
	OfficeAddress  string          `json:"office_address"`
	OfficeSince    *string         `json:"office_since"`
	Equipment      map[string]bool `json:"equipment"`
	EquipmentClass string          `json:"equipment_class"`
	Missing        []string        `json:"missing"`
	Lat            *float64        `json:"lat"`
	Lng            *float64        `json:"lng"`
	Phone          string          `json:"phone"`
}

func toSiteJSON(s shuangbai.Site) siteJSON {
	out := siteJSON{Name: s.Name, Status: string(s.Status), StatusLabel: s.Status.Label(), BuiltOn: ui.DateJSON(s.BuiltOn),
		Office: s.Office, OfficeAddress: s.OfficeAddress, OfficeSince: ui.DateJSON(s.OfficeSince),
		Equipment: equipmentMap(s.Equipment), EquipmentClass: s.Equipment.Class().String(),
		Missing: append([]string{}, s.Equipment.Missing()...), Phone: s.Phone}
	if s.Lat != 0 || s.Lng != 0 {
		out.Lat, out.Lng = &s.Lat, &s.Lng
	}
	return out
}

// stationJSON is a station as the API shows it.
type stationJSON struct {
	ID         int64  `json:"id"`
	Region     string `json:"region"`
	RegionName string `json:"region_name"`
	siteJSON
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// stationIn is the body of POST and PATCH /api/v1/stations.
type stationIn struct {
	Region string `json:"region"`
	siteIn
}

// APIStationList returns one page of the stations in scope:
// ?region=CODE&status=planned|built&q=NAME&limit=&offset=.
func (h *Handlers) APIStationList(w http.ResponseWriter, r *http.Request) error {
	ctx, q := r.Context(), r.URL.Query()
	scope, f, err := ui.SiteQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	if f.Limit, f.Offset, err = ui.PageQuery(q); err != nil {
		return err
	}
	list, total, err := h.db.Stations(ctx, scope, f)
	if err != nil {
		return err
	}
	views, err := h.stationViews(ctx, list)
	if err != nil {
		return err
	}
	out := ui.List[stationJSON]{Items: []stationJSON{}, Total: total}
	for i, st := range list {
		out.Items = append(out.Items, toStationJSON(st, views[i].RegionName))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

func toStationJSON(st shuangbai.Station, regionName string) stationJSON {
	return stationJSON{ID: st.ID, Region: st.Region, RegionName: regionName, siteJSON: toSiteJSON(st.Site),
		CreatedAt: st.CreatedAt, UpdatedAt: st.UpdatedAt}
}

// APIStationShow returns one station.
func (h *Handlers) APIStationShow(w http.ResponseWriter, r *http.Request) error {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	st, err := h.db.Station(r.Context(), ui.Scope(r), id)
	if err != nil {
		return err
	}
	return h.writeStation(w, r, http.StatusOK, st)
}

func (h *Handlers) writeStation(w http.ResponseWriter, r *http.Request, status int, st shuangbai.Station) error {
	views, err := h.stationViews(r.Context(), []shuangbai.Station{st})
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, status, toStationJSON(st, views[0].RegionName))
	return nil
}

// APIStationCreate stores a new station from a JSON body.
func (h *Handlers) APIStationCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	b, err := ui.ReadBody(r)
	if err != nil {
		return err
	}
	var in stationIn
	if err := ui.DecodeJSON(b, &in); err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	st := shuangbai.Station{Region: strings.TrimSpace(in.Region), Site: in.site(fe)}
	if err := ui.Validated(fe, st.Validate); err != nil {
		return err
	}
	if err := h.db.CreateStation(r.Context(), u, &st); err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location("stations", st.ID))
	return h.writeStation(w, r, http.StatusCreated, st)
}

// APIStationUpdate changes the fields the JSON body names and keeps the
// others: it reads the station, applies the body, validates and saves.
func (h *Handlers) APIStationUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := ui.RequireEdit(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	cur, err := h.db.Station(ctx, ui.Scope(r), id)
	if err != nil {
		return err
	}
	b, err := ui.ReadBody(r)
	if err != nil {
		return err
	}
	var in stationIn
	if err := ui.DecodePatch(b, stationIn{Region: cur.Region, siteIn: siteInOf(cur.Site)}, &in); err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	if in.Region != cur.Region {
		fe.Add("region", "社工站所在的乡镇（街道）不能修改")
	}
	st := shuangbai.Station{ID: id, Region: cur.Region, Site: in.site(fe)}
	if err := ui.Validated(fe, st.Validate); err != nil {
		return err
	}
	if err := h.db.UpdateStation(ctx, u, &st); err != nil {
		return err
	}
	return h.writeStation(w, r, http.StatusOK, st)
}
