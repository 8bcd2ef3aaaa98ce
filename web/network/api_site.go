package network

import (
	"context"
	"net/http"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/web/ui"
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

// placedJSON is a station or point as the API shows it: where it is, and
// for a point its station.
type placedJSON struct {
	ID         int64  `json:"id"`
	Region     string `json:"region"`
	RegionName string `json:"region_name"`
	StationID  int64  `json:"station_id,omitempty"` // points; a station has none
	siteJSON
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toPlacedJSON(v siteView) placedJSON {
	return placedJSON{ID: v.ID, Region: v.Region, RegionName: v.RegionName, StationID: v.StationID,
		siteJSON: toSiteJSON(v.Site), CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
}

// apiSiteList returns one page of the sites find returns:
// ?region=CODE&status=planned|built&q=NAME&limit=&offset=.
func (h *Handlers) apiSiteList(w http.ResponseWriter, r *http.Request,
	find func(context.Context, shuangbai.Scope, shuangbai.SiteFilter) ([]siteView, int, error)) error {
	ctx, q := r.Context(), r.URL.Query()
	scope, f, err := ui.SiteQuery(q, ui.Scope(r))
	if err != nil {
		return err
	}
	if f.Limit, f.Offset, err = ui.PageQuery(q); err != nil {
		return err
	}
	views, total, err := find(ctx, scope, f)
	if err != nil {
		return err
	}
	if err := h.labelSites(ctx, views); err != nil {
		return err
	}
	out := ui.List[placedJSON]{Items: []placedJSON{}, Total: total}
	for _, v := range views {
		out.Items = append(out.Items, toPlacedJSON(v))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// apiSiteShow returns one site.
func (h *Handlers) apiSiteShow(w http.ResponseWriter, r *http.Request, k siteKind) error {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := k.get(r.Context(), ui.Scope(r), id)
	if err != nil {
		return err
	}
	return h.writeSite(w, r, http.StatusOK, v)
}

func (h *Handlers) writeSite(w http.ResponseWriter, r *http.Request, status int, v siteView) error {
	if err := h.labelSite(r.Context(), &v); err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, status, toPlacedJSON(v))
	return nil
}

// apiSiteCreate stores a new site from the JSON body, which decode reads.
func (h *Handlers) apiSiteCreate(w http.ResponseWriter, r *http.Request, k siteKind,
	decode func(b []byte, fe shuangbai.FieldErrors) (siteView, error)) error {
	if err := ui.RequireEdit(ui.User(r)); err != nil {
		return err
	}
	b, err := ui.ReadBody(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	v, err := decode(b, fe)
	if err != nil {
		return err
	}
	if err := k.save(r, &v, fe); err != nil {
		return err
	}
	w.Header().Set("Location", ui.Location(strings.TrimPrefix(k.names().Path, "/"), v.ID))
	return h.writeSite(w, r, http.StatusCreated, v)
}

// apiSiteUpdate changes the fields the JSON body names and keeps the
// others: it reads the site, applies the body with patch, validates and
// saves. Where a site is does not change; patch notes an attempt in fe.
func (h *Handlers) apiSiteUpdate(w http.ResponseWriter, r *http.Request, k siteKind,
	patch func(b []byte, cur siteView, fe shuangbai.FieldErrors) (siteView, error)) error {
	id, err := editedID(r, "id")
	if err != nil {
		return err
	}
	cur, err := k.get(r.Context(), ui.Scope(r), id)
	if err != nil {
		return err
	}
	b, err := ui.ReadBody(r)
	if err != nil {
		return err
	}
	fe := shuangbai.FieldErrors{}
	v, err := patch(b, cur, fe)
	if err != nil {
		return err
	}
	if err := k.save(r, &v, fe); err != nil {
		return err
	}
	return h.writeSite(w, r, http.StatusOK, v)
}
