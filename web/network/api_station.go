package network

import (
	"net/http"
	"strings"

	"shuangbai"
	"shuangbai/web/ui"
)

// stationIn is the body of POST and PATCH /api/v1/stations.
type stationIn struct {
	Region string `json:"region"`
	siteIn
}

// APIStationList returns one page of the stations in scope:
// ?region=CODE&status=planned|built&q=NAME&limit=&offset=.
func (h *Handlers) APIStationList(w http.ResponseWriter, r *http.Request) error {
	return h.apiSiteList(w, r, stations{h}.find)
}

// APIStationShow returns one station.
func (h *Handlers) APIStationShow(w http.ResponseWriter, r *http.Request) error {
	return h.apiSiteShow(w, r, stations{h})
}

// APIStationCreate stores a new station from a JSON body.
func (h *Handlers) APIStationCreate(w http.ResponseWriter, r *http.Request) error {
	return h.apiSiteCreate(w, r, stations{h}, func(b []byte, fe shuangbai.FieldErrors) (siteView, error) {
		var in stationIn
		if err := ui.DecodeJSON(b, &in); err != nil {
			return siteView{}, err
		}
		return siteView{Region: strings.TrimSpace(in.Region), Site: in.site(fe)}, nil
	})
}

// APIStationUpdate changes the fields the JSON body names and keeps the
// others. A station's town does not change.
func (h *Handlers) APIStationUpdate(w http.ResponseWriter, r *http.Request) error {
	return h.apiSiteUpdate(w, r, stations{h}, func(b []byte, cur siteView, fe shuangbai.FieldErrors) (siteView, error) {
		var in stationIn
		if err := ui.DecodePatch(b, stationIn{Region: cur.Region, siteIn: siteInOf(cur.Site)}, &in); err != nil {
			return cur, err
		}
		if in.Region != cur.Region {
			fe.Add("region", "社工站所在的乡镇（街道）不能修改")
		}
		cur.Site = in.site(fe)
		return cur, nil
	})
}
