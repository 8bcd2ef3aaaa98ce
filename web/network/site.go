package network

import (
	"context"
	"net/url"
	"shuangbai/web/ui"
	"sort"
	"strconv"
	"strings"
	"time"

	"shuangbai"
)

// siteIn is the writable part of a station or point as a form or a JSON
// body gives it: dates and numbers still unparsed, so that a bad one
// becomes a message next to its field instead of a rejected request.
type siteIn struct {
	Name          string          `json:"name"`
	Status        string          `json:"status"`
	BuiltOn       string          `json:"built_on"`
	Office        bool            `json:"office"`
	OfficeAddress string          `json:"office_address"`
	OfficeSince   string          `json:"office_since"`
	Equipment     map[string]bool `json:"equipment"`
	Lat           *float64        `json:"lat"`
	Lng           *float64        `json:"lng"`
	Phone         string          `json:"phone"`
}

// site returns the Site described by in, noting what cannot be parsed in fe.
func (in siteIn) site(fe shuangbai.FieldErrors) shuangbai.Site {
	s := shuangbai.Site{
		Name:          strings.TrimSpace(in.Name),
		Status:        shuangbai.SiteStatus(strings.TrimSpace(in.Status)),
		BuiltOn:       ui.ParseDate(fe, "built_on", in.BuiltOn),
		Office:        in.Office,
		OfficeAddress: strings.TrimSpace(in.OfficeAddress),
		OfficeSince:   ui.ParseDate(fe, "office_since", in.OfficeSince),
		Phone:         strings.TrimSpace(in.Phone),
	}
	if in.Lat != nil {
		s.Lat = *in.Lat
	}
	if in.Lng != nil {
		s.Lng = *in.Lng
	}
	var unknown []string
	for key, has := range in.Equipment {
		it, ok := equipItem(key)
		if !ok {
			unknown = append(unknown, key)
			continue
		}
		if has {
			s.Equipment |= it.Bit
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		fe.Add("equipment", "未知的设备项："+strings.Join(unknown, "、"))
	}
	return s
}

func equipItem(key string) (shuangbai.EquipmentItem, bool) {
	for _, it := range shuangbai.EquipmentItems {
		if it.Key == key {
			return it, true
		}
	}
	return shuangbai.EquipmentItem{}, false
}

// siteInOf returns the input that would store s unchanged: the base a
// PATCH applies its fields to.
func siteInOf(s shuangbai.Site) siteIn {
	in := siteIn{
		Name: s.Name, Status: string(s.Status), BuiltOn: s.BuiltOn.String(), Office: s.Office,
		OfficeAddress: s.OfficeAddress, OfficeSince: s.OfficeSince.String(),
		Equipment: equipmentMap(s.Equipment), Phone: s.Phone,
	}
	if s.Lat != 0 || s.Lng != 0 {
		in.Lat, in.Lng = &s.Lat, &s.Lng
	}
	return in
}

// equipmentMap lists every checklist item with whether e has it.
func equipmentMap(e shuangbai.Equipment) map[string]bool {
	m := make(map[string]bool, len(shuangbai.EquipmentItems))
	for _, it := range shuangbai.EquipmentItems {
		m[it.Key] = e.Has(it.Bit)
	}
	return m
}

// siteInFromForm reads the site fields of a posted form. Checkboxes are
// present when ticked and absent when not.
func siteInFromForm(v url.Values, fe shuangbai.FieldErrors) siteIn {
	in := siteIn{
		Name: v.Get("name"), Status: v.Get("status"), BuiltOn: v.Get("built_on"),
		Office: v.Get("office") != "", OfficeAddress: v.Get("office_address"), OfficeSince: v.Get("office_since"),
		Equipment: map[string]bool{}, Phone: v.Get("phone"),
		Lat: ui.ParseFloat(fe, "lat", "纬度", v.Get("lat")),
		Lng: ui.ParseFloat(fe, "lng", "经度", v.Get("lng")),
	}
	// The items are one checkbox group named "equipment", not a field per
	// item: the item "phone" (电话) would clash with the site's phone number.
	for _, it := range shuangbai.EquipmentItems {
		in.Equipment[it.Key] = false
	}
	for _, key := range v["equipment"] {
		in.Equipment[key] = true
	}
	return in
}

// siteValues fills an edit form with a stored site.
func siteValues(s shuangbai.Site) url.Values {
	v := url.Values{}
	v.Set("name", s.Name)
	v.Set("status", string(s.Status))
	v.Set("built_on", s.BuiltOn.String())
	if s.Office {
		v.Set("office", "1")
	}
	v.Set("office_address", s.OfficeAddress)
	v.Set("office_since", s.OfficeSince.String())
	for _, it := range shuangbai.EquipmentItems {
		if s.Equipment.Has(it.Bit) {
			v.Add("equipment", it.Key)
		}
	}
	if s.Lat != 0 || s.Lng != 0 {
		v.Set("lat", strconv.FormatFloat(s.Lat, 'f', -1, 64))
		v.Set("lng", strconv.FormatFloat(s.Lng, 'f', -1, 64))
	}
	v.Set("phone", s.Phone)
	return v
}

// siteView is a station or point as its pages and the API show it, with
// the names of its regions.
type siteView struct {
	ID         int64
	Region     string
	RegionName string // the town (station) or village (point)
	TownName   string // points: the town
	CountyName string
	StationID  int64  // points: their station
	Station    string // points: the station's name, on the point's own pages
	shuangbai.Site
	CreatedAt, UpdatedAt time.Time
}

func stationView(st shuangbai.Station) siteView {
	return siteView{ID: st.ID, Region: st.Region, Site: st.Site, CreatedAt: st.CreatedAt, UpdatedAt: st.UpdatedAt}
}

func pointView(p shuangbai.Point) siteView {
	return siteView{ID: p.ID, Region: p.Region, StationID: p.StationID, Site: p.Site, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

// labelSites fills in the names of the sites' regions: the town (station)
// or village (point), a point's town, and the county.
func (h *Handlers) labelSites(ctx context.Context, views []siteView) error {
	var codes []string
	for _, v := range views {
		codes = append(codes, ui.RegionAncestors(v.Region)...)
	}
	names, err := h.db.RegionNames(ctx, codes)
	if err != nil {
		return err
	}
	for i, v := range views {
		views[i].RegionName, views[i].CountyName = names[v.Region], names[v.Region[:6]]
		if shuangbai.LevelOf(v.Region) == shuangbai.LevelVillage {
			views[i].TownName = names[v.Region[:9]]
		}
	}
	return nil
}

// labelSite labels one site as labelSites does.
func (h *Handlers) labelSite(ctx context.Context, v *siteView) error {
	one := []siteView{*v}
	err := h.labelSites(ctx, one)
	*v = one[0]
	return err
}

// Missing lists the equipment the site lacks.
func (v siteView) Missing() []string { return v.Equipment.Missing() }

// Class grades the equipment as the progress table does.
func (v siteView) Class() string { return v.Equipment.Class().String() }

// HasCoords reports whether the site's location is known.
func (v siteView) HasCoords() bool { return v.Lat != 0 || v.Lng != 0 }
