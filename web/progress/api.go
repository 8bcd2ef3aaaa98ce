package progress

import (
	"net/http"
	"strconv"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// progressJSON is the table in the API: the same figures as the page, the
// equipment grade as its Chinese class (全部配备 …, "" when none is built).
type progressJSON struct {
	Region     string            `json:"region"`
	RegionName string            `json:"region_name"`
	Unit       string            `json:"unit"`
	Date       string            `json:"date"`
	Title      string            `json:"title"`
	Rows       []progressRowJSON `json:"rows"`
	Total      progressRowJSON   `json:"total"`
}

type progressRowJSON struct {
	Code         string         `json:"code"`
	Name         string         `json:"name"`
	CityLevel    bool           `json:"city_level"`
	PlanIssued   bool           `json:"plan_issued"`
	Stations     siteCountsJSON `json:"stations"`
	Points       siteCountsJSON `json:"points"`
	Coordination bool           `json:"coordination"`
	Management   bool           `json:"management"`
	Funding      string         `json:"funding"`
	Trainings    int            `json:"trainings"`
}

type siteCountsJSON struct {
	Required  int    `json:"required"`
	Built     int    `json:"built"`
	Office    int    `json:"office"`
	Equipment string `json:"equipment"`
	Staff     int    `json:"staff"`
}

func progressRowOut(r shuangbai.ProgressRow) progressRowJSON {
	counts := func(c shuangbai.SiteCounts) siteCountsJSON {
		return siteCountsJSON{Required: c.Required, Built: c.Built, Office: c.Office, Equipment: c.Equipment.String(), Staff: c.Staff}
	}
	return progressRowJSON{Code: r.Code, Name: r.Name, CityLevel: r.CityLevel, PlanIssued: r.PlanIssued,
		Stations: counts(r.Stations), Points: counts(r.Points), Coordination: r.Coordination, Management: r.Management,
		Funding: r.Funding, Trainings: r.Trainings}
}

// APITableShow answers GET /api/v1/reports/progress?region=&date=.
func (h *Handlers) APITableShow(w http.ResponseWriter, r *http.Request) error {
	t, err := h.requestedTable(r)
	if err != nil {
		return err
	}
	out := progressJSON{Region: t.RegionCode, RegionName: t.RegionName, Unit: t.Unit, Date: t.Date.String(), Title: t.Title(),
		Rows: []progressRowJSON{}, Total: progressRowOut(t.Total)}
	for _, row := range t.Rows {
		out.Rows = append(out.Rows, progressRowOut(row))
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// importJSON is the answer of POST /api/v1/reports/progress/import.
type importJSON struct {
	Region     string        `json:"region"`
	RegionName string        `json:"region_name"`
	Date       string        `json:"date"`
	Applied    bool          `json:"applied"`
	Changes    []changeJSON  `json:"changes"`
	Refused    []refusedJSON `json:"refused"`
}

type changeJSON struct {
	Region string `json:"region"`
	Name   string `json:"name"`
	Column string `json:"column"`
	From   string `json:"from"`
	To     string `json:"to"`
}

// refusedJSON is a typed value the import does not take, with the reason.
type refusedJSON struct {
	Region  string `json:"region"`
	Name    string `json:"name"`
	Column  string `json:"column"`
	Current string `json:"current"`
	Reason  string `json:"reason"`
}

// problemsJSON is the answer for a sheet with problems: the standard error
// with the list of cells to fix.
type problemsJSON struct {
	Error    ui.ErrorBody  `json:"error"`
	Problems []problemJSON `json:"problems"`
}

type problemJSON struct {
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// APIImport reads a filled-in sheet (multipart field "file", or the
// body itself) and answers what importing it does; with apply=true it also
// applies the changes, in one transaction. Repeated region parameters limit
// the import to those rows, such as the county that filled the sheet in.
func (h *Handlers) APIImport(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := requireImporter(u); err != nil {
		return err
	}
	var apply bool
	switch v := r.URL.Query().Get("apply"); v {
	case "", "false":
	case "true":
		apply = true
	default:
		return ui.BadRequest("参数 apply 应为 true 或 false")
	}
	var only map[string]bool
	if codes := r.URL.Query()["region"]; len(codes) > 0 {
		only = map[string]bool{}
		for _, c := range codes {
			only[c] = true
		}
	}
	data, _, err := readUploadFile(w, r, true)
	if err != nil {
		return err
	}
	res, err := h.planImport(ctx, u, data, only)
	if err != nil {
		return err
	}
	if ps := res.Sheet.Problems; len(ps) > 0 {
		out := problemsJSON{Error: ui.ErrorBody{Code: shuangbai.EINVALID, Message: "表格中有 " + strconv.Itoa(len(ps)) + " 处需要修改，未导入"}}
		for _, p := range ps {
			out.Problems = append(out.Problems, problemJSON(p))
		}
		h.ui.WriteJSON(w, r, http.StatusUnprocessableEntity, out)
		return nil
	}
	plan := res.Plan
	out := importJSON{Region: plan.Region, RegionName: res.RegionName, Date: plan.Date.String(), Changes: []changeJSON{}, Refused: []refusedJSON{}}
	for _, c := range plan.Changes {
		out.Changes = append(out.Changes, changeJSON(c))
	}
	for _, c := range plan.Refused {
		out.Refused = append(out.Refused, refusedOut(c))
	}
	if apply && len(plan.Changes) > 0 {
		if err := h.db.ApplyProgressImport(ctx, u, plan); err != nil {
			return err
		}
		out.Applied = true
	}
	h.ui.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

func refusedOut(c store.ProgressChange) refusedJSON {
	return refusedJSON{Region: c.Region, Name: c.Name, Column: c.Column, Current: c.From, Reason: c.To}
}
