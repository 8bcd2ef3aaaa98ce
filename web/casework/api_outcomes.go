package casework

import (
	"net/http"

	"shuangbai/web/ui"
)

// outcomesJSON is the body of GET /api/v1/reports/outcomes.
type outcomesJSON struct {
	Region              string         `json:"region"`
	RegionName          string         `json:"region_name"`
	From                *string        `json:"from"`
	To                  string         `json:"to"`
	Identified          map[string]int `json:"identified"`
	People              int            `json:"people"`
	Households          int            `json:"households"`
	Visits              int            `json:"visits"`
	HomeVisits          int            `json:"home_visits"`
	Applications        map[string]int `json:"applications"`
	Approved            map[string]int `json:"approved"`
	ReliefHouseholds    int            `json:"relief_households"`
	TemporaryHouseholds int            `json:"temporary_households"`
	VolunteerHouseholds int            `json:"volunteer_households"`
	Paragraph           string         `json:"paragraph"`
}

// APIOutcomesShow returns a region's outcomes: ?region=&from=&to=.
func (h *Handlers) APIOutcomesShow(w http.ResponseWriter, r *http.Request) error {
	o, _, err := h.outcomesOf(r)
	if err != nil {
		return err
	}
	out := outcomesJSON{Region: o.Region, RegionName: o.RegionName, From: ui.DateJSON(o.From), To: o.To.String(),
		Identified: map[string]int{}, People: o.People, Households: o.Households, Visits: o.Visits, HomeVisits: o.HomeVisits,
		Applications: map[string]int{}, Approved: map[string]int{}, ReliefHouseholds: o.ReliefHouseholds,
		TemporaryHouseholds: o.TemporaryHouseholds, VolunteerHouseholds: o.VolunteerHouseholds, Paragraph: o.Paragraph()}
	for g, n := range o.Identified {
		out.Identified[string(g)] = n
	}
	for k, n := range o.Applications {
		out.Applications[string(k)] = n
	}
	for k, n := range o.Approved {
		out.Approved[string(k)] = n
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
