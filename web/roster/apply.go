package roster

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"shuangbai"
	"shuangbai/sheet"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// The last steps of a roster import: the preview of every row's problems,
// the import itself in the background, its progress and result, and the
// error report.

// previewPage is the data of roster/preview.html.
type previewPage struct {
	Token      string
	Filename   string
	Rows       int
	Valid      int // rows that can be imported
	Invalid    int
	Warnings   int
	Create     int // of the valid rows, people not yet filed
	Update     int // of the valid rows, people already filed
	Incomplete int // of the valid rows, those whose files will be 待补充
	Problems   []sheet.Problem
	More       int             // problems not listed
	Common     []commonProblem // the most frequent problems, when there are many
	Skipped    int             // rows under the table read as notes or totals, not people
	Sample     []sampleRow
	Mapped     []string // "B 公民身份号码 → 身份证号"
	LevelLabel string
}

// commonProblem is a problem many rows share.
type commonProblem struct {
	Column, Message string
	Warning         bool
	Rows            int
	First           int // the first row with it
}

// commonProblems groups problems with the same column and message, most
// frequent first, when there are more than a page can list usefully.
func commonProblems(ps []sheet.Problem) []commonProblem {
	if len(ps) <= 20 {
		return nil
	}
	type key struct{ col, msg string }
	idx := map[key]int{}
	var out []commonProblem
	for _, p := range ps {
		k := key{p.Column(), p.Message}
		if i, ok := idx[k]; ok {
			out[i].Rows++
			continue
		}
		idx[k] = len(out)
		out = append(out, commonProblem{Column: k.col, Message: p.Message, Warning: p.Warning, Rows: 1, First: p.Row})
	}
	out = slices.DeleteFunc(out, func(c commonProblem) bool { return c.Rows < 2 })
	slices.SortStableFunc(out, func(a, b commonProblem) int { return b.Rows - a.Rows })
	return out[:min(len(out), 10)]
}

// badRows are the rows with an error (not only warnings): the rows an
// import of the valid rows leaves out.
func badRows(ps []sheet.Problem) map[int]bool {
	bad := map[int]bool{}
	for _, p := range ps {
		if !p.Warning {
			bad[p.Row] = true
		}
	}
	return bad
}

// countErrors counts the problems that are errors, not warnings.
func countErrors(ps []sheet.Problem) int {
	n := 0
	for _, p := range ps {
		if !p.Warning {
			n++
		}
	}
	return n
}

// sampleRow is one valid row as it will be filed.
type sampleRow struct {
	Row                                           int
	Name, Gender, Birth, ID, Phone, Village, Head string
	Groups, Level, Worker                         string
}

// RosterPreview shows what the import would do, with every problem.
func (h *Handlers) RosterPreview(w http.ResponseWriter, r *http.Request) error {
	x, err := h.uploadOf(r)
	if err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.away(w, r, statePreview) {
		return nil
	}
	bad := badRows(x.problems)
	p := previewPage{Token: x.token, Filename: x.filename, Rows: len(x.roster.Records), Invalid: len(bad), Warnings: len(x.problems) - countErrors(x.problems),
		Create: x.plan.Created, Update: x.plan.Updated, Incomplete: x.plan.Incomplete, LevelLabel: x.level.Label()}
	p.Valid = p.Rows - p.Invalid
	p.Problems = x.problems[:min(shownProblems, len(x.problems))]
	p.More = len(x.problems) - len(p.Problems)
	p.Common = commonProblems(x.problems)
	p.Skipped = len(x.table.Rows) - len(x.roster.Records)
	for i, f := range x.mapping {
		if f != "" {
			p.Mapped = append(p.Mapped, sheet.ColumnLetter(i)+" "+x.header[i]+" → "+f.Label())
		}
	}
	var codes []string
	var workers []int64
	for _, rec := range x.roster.Records {
		if !rec.Invalid && !bad[rec.Row] && len(codes) < 10 {
			codes = append(codes, rec.Person.Region)
			workers = append(workers, rec.Person.WorkerID)
		}
	}
	names, err := h.db.RegionNames(r.Context(), codes)
	if err != nil {
		return err
	}
	staff, err := h.db.StaffNames(r.Context(), ui.Scope(r), workers)
	if err != nil {
		return err
	}
	for _, rec := range x.roster.Records {
		if len(p.Sample) == 10 {
			break
		}
		if rec.Invalid || bad[rec.Row] {
			continue
		}
		b := rec.Person
		b.Validate(h.ui.Today()) // fills in birth and gender from the ID number
		var groups []string
		for _, g := range b.Groups {
			groups = append(groups, g.Label())
		}
		p.Sample = append(p.Sample, sampleRow{Row: rec.Row, Name: b.Name, Gender: b.Gender, Birth: b.Birth.String(),
			ID: shuangbai.MaskIDNumber(b.IDNumber), Phone: shuangbai.MaskPhone(b.Phone), Village: names[b.Region], Head: rec.HeadName,
			Groups: strings.Join(groups, "、"), Level: b.Level.Label(), Worker: staff[b.WorkerID]})
	}
	return h.ui.Render(w, r, http.StatusOK, "roster/preview.html", p)
}

// RosterApply starts writing the register in the background and shows its
// progress: a large register takes a while, longer than a browser waits.
func (h *Handlers) RosterApply(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	x, err := h.uploadOf(r)
	if err != nil {
		return err
	}
	mode := store.ImportMode(r.PostFormValue("mode"))
	if mode != store.ImportAll && mode != store.ImportValid {
		return ui.BadRequest("请选择导入方式")
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.away(w, r, statePreview) { // a second click, or the back button
		return nil
	}
	rows := storeRows(x.roster)
	sheetProblems := x.roster.Problems
	x.state, x.mode, x.done, x.total = stateRunning, mode, 0, len(rows)
	// The import outlives the request; it gets its own deadline instead.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Minute)
	go func() {
		defer cancel()
		res, err := h.db.ImportRoster(ctx, u, rows, store.RosterImport{Mode: mode, Source: x.filename,
			Progress: func(done, total int) {
				x.mu.Lock()
				x.done, x.total = done, total
				x.mu.Unlock()
			}})
		if err != nil && ui.Status(err) == http.StatusInternalServerError {
			h.ui.Log().Error("roster import", "user", u.Username, "file", x.filename, "err", err)
		}
		x.mu.Lock()
		x.problems = mergeProblems(sheetProblems, res)
		x.mu.Unlock()
		x.finish(res, err)
	}()
	x.redirect(w, r, "progress")
	return nil
}

// importStatus is the JSON the progress page polls.
type importStatus struct {
	State      string `json:"state"` // running, done
	Done       int    `json:"done"`
	Total      int    `json:"total"`
	Imported   bool   `json:"imported"`
	Created    int    `json:"created"`
	Updated    int    `json:"updated"`
	Unchanged  int    `json:"unchanged"`
	Skipped    int    `json:"skipped"`
	Households int    `json:"households"`
	Incomplete int    `json:"incomplete"` // files left to complete (待补充)
	Problems   int    `json:"problems"`
	Message    string `json:"message,omitempty"`
}

func (x *upload) status() importStatus {
	x.mu.Lock()
	defer x.mu.Unlock()
	st := importStatus{State: x.state, Done: x.done, Total: x.total, Message: x.errMsg}
	if res := x.result; res != nil {
		st.Imported, st.Created, st.Updated, st.Unchanged, st.Skipped, st.Households = res.Imported, res.Created, res.Updated, res.Unchanged, res.Skipped, res.Households
		st.Incomplete = res.Incomplete
	}
	st.Problems = countErrors(x.problems)
	return st
}

// progressPage is the data of roster/progress.html.
type progressPage struct {
	Token    string
	Filename string
	Mode     string
	Status   importStatus
}

// Running reports whether the import is still being written.
func (p progressPage) Running() bool { return p.Status.State == stateRunning }

// RosterProgress shows an import being written, and then its result.
func (h *Handlers) RosterProgress(w http.ResponseWriter, r *http.Request) error {
	x, err := h.uploadOf(r)
	if err != nil {
		return err
	}
	st := x.status()
	if st.State == stateMapping || st.State == statePreview {
		x.redirect(w, r, "preview")
		return nil
	}
	mode := "只导入无误的行"
	if x.mode == store.ImportAll {
		mode = "全部导入（有错误则全部不导入）"
	}
	return h.ui.Render(w, r, http.StatusOK, "roster/progress.html", progressPage{Token: x.token, Filename: x.filename, Mode: mode, Status: st})
}

// RosterStatusJSON answers the progress page's polling.
func (h *Handlers) RosterStatusJSON(w http.ResponseWriter, r *http.Request) error {
	x, err := h.uploadOf(r)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, x.status())
	return nil
}

// RosterErrors downloads every problem of an import as a CSV file Excel
// opens: row, column, kind and message.
func (h *Handlers) RosterErrors(w http.ResponseWriter, r *http.Request) error {
	x, err := h.uploadOf(r)
	if err != nil {
		return err
	}
	x.mu.Lock()
	problems, name := x.problems, x.filename
	x.mu.Unlock()
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".xlsx"), ".csv")
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="import-errors.csv"; filename*=UTF-8''`+url.PathEscape("导入问题-"+base+".csv"))
	return sheet.WriteProblemsCSV(w, problems)
}
