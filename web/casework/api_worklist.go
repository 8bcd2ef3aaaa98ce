package casework

import (
	"net/http"

	"shuangbai/web/ui"
)

// dueJSON is a beneficiary due a visit.
type dueJSON struct {
	BeneficiaryID int64   `json:"beneficiary_id"`
	Name          string  `json:"name"`
	Region        string  `json:"region"`
	Village       string  `json:"village"`
	Level         int     `json:"level"`
	LastVisit     *string `json:"last_visit"`
	NextDue       string  `json:"next_due"`
	Bucket        string  `json:"bucket"` // overdue, today, week
	WorkerID      *int64  `json:"worker_id"`
	WorkerName    string  `json:"worker_name"`
}

// overdueJSON counts a worker's or a station's open and overdue beneficiaries.
type overdueJSON struct {
	Key     string `json:"key"` // worker id or town code
	Name    string `json:"name"`
	Open    int    `json:"open"`
	Overdue int    `json:"overdue"`
}

// worklistJSON is the body of GET /api/v1/worklist.
type worklistJSON struct {
	View      string        `json:"view"`
	Region    string        `json:"region"`
	Today     string        `json:"today"`
	Until     string        `json:"until"`
	Items     []dueJSON     `json:"items"`
	ByWorker  []overdueJSON `json:"by_worker,omitempty"`
	ByStation []overdueJSON `json:"by_station,omitempty"`
}

// APIWorklistShow returns the beneficiaries due a visit within the week,
// nearest first, as GET /worklist chooses them:
// ?region=&view=mine|station|county. The county view has counts only.
func (h *Handlers) APIWorklistShow(w http.ResponseWriter, r *http.Request) error {
	p, _, err := h.worklistOf(r, "")
	if err != nil {
		return err
	}
	today := p.Today
	out := worklistJSON{View: p.View, Region: p.Region, Today: today.String(), Until: p.Until.String(), Items: []dueJSON{}}
	add := func(list []dueView) {
		for _, d := range list {
			bucket := "week"
			switch {
			case d.NextDue.Before(today):
				bucket = "overdue"
			case d.NextDue == today:
				bucket = "today"
			}
			out.Items = append(out.Items, dueJSON{BeneficiaryID: d.BeneficiaryID, Name: d.Name, Region: d.Region, Village: d.Village,
				Level: int(d.Level), LastVisit: ui.DateJSON(d.LastVisit), NextDue: d.NextDue.String(), Bucket: bucket,
				WorkerID: idJSON(d.WorkerID), WorkerName: d.Worker})
		}
	}
	add(p.Overdue)
	add(p.DueToday)
	add(p.Week)
	for _, wd := range p.Workers {
		add(wd.Items)
		out.ByWorker = append(out.ByWorker, overdueJSON{Key: wd.Count.Key, Name: wd.Name, Open: wd.Count.Open, Overdue: wd.Count.Overdue})
	}
	for _, st := range p.Stations {
		out.ByStation = append(out.ByStation, overdueJSON{Key: st.Code, Name: st.Name, Open: st.Count.Open, Overdue: st.Count.Overdue})
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
