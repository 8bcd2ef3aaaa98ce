package web

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

// rosterPreviewPage is the data of roster/preview.html.
type rosterPreviewPage struct {
	Token      string
	Filename   string
	Rows       int
	Valid      int // rows that can be imported
	Invalid    int
	Warnings   int
	Create     int // of the valid rows, people not yet filed
	Update     int // of the valid rows, people already filed
	Problems   []sheet.Problem
	More       int            // problems not listed
	Common     []rosterCommon // the most frequent problems, when there are many
	Skipped    int            // rows under the table read as notes or totals, not people
	Sample     []rosterSample
	Mapped     []string // "B 公民身份号码 → 身份证号"
	LevelLabel string
}

// rosterCommon is a problem many rows share.
type rosterCommon struct {
	Column, Message string
	Warning         bool
	Rows            int
	First           int // the first row with it
}

// commonRosterProblems groups problems with the same column and message, most
// frequent first, when there are more than a page can list usefully.
func commonRosterProblems(ps []sheet.Problem) []rosterCommon {
	if len(ps) <= 20 {
		return nil
	}
	type key struct{ col, msg string }
	idx := map[key]int{}
	var out []rosterCommon
	for _, p := range ps {
		k := key{p.Column(), p.Message}
		if i, ok := idx[k]; ok {
			out[i].Rows++
			continue
		}
		idx[k] = len(out)
		out = append(out, rosterCommon{Column: k.col, Message: p.Message, Warning: p.Warning, Rows: 1, First: p.Row})
	}
	out = slices.DeleteFunc(out, func(c rosterCommon) bool { return c.Rows < 2 })
	slices.SortStableFunc(out, func(a, b rosterCommon) int { return b.Rows - a.Rows })
	return out[:min(len(out), 10)]
}

// rosterSample is one valid row as it will be filed.
type rosterSample struct {
	Row                                           int
	Name, Gender, Birth, ID, Phone, Village, Head string
	Groups                                        string
	Level                                         string
}

// rosterPreview shows what the import would do, with every problem.
func (s *Server) rosterPreview(w http.ResponseWriter, r *http.Request) error {
	x, err := s.rosterUploadOf(r)
	if err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	switch x.state {
	case rosterMapping:
		http.Redirect(w, r, "/beneficiaries/import/mapping?t="+url.QueryEscape(x.token), http.StatusSeeOther)
		return nil
	case rosterRunning, rosterDone:
		http.Redirect(w, r, "/beneficiaries/import/progress?t="+url.QueryEscape(x.token), http.StatusSeeOther)
		return nil
	}
	bad := map[int]bool{}
	warnings := 0
	for _, p := range x.problems {
		if p.Warning {
			warnings++
		} else {
			bad[p.Row] = true
		}
	}
	p := rosterPreviewPage{Token: x.token, Filename: x.filename, Rows: len(x.roster.Records), Invalid: len(bad), Warnings: warnings,
		Create: x.plan.Created, Update: x.plan.Updated, LevelLabel: x.level.Label()}
	p.Valid = p.Rows - p.Invalid
	p.Problems = x.problems[:min(rosterShown, len(x.problems))]
	p.More = len(x.problems) - len(p.Problems)
	p.Common = commonRosterProblems(x.problems)
	p.Skipped = len(x.table.Rows) - len(x.roster.Records)
	for i, f := range x.mapping {
		if f != "" {
			p.Mapped = append(p.Mapped, sheet.ColumnLetter(i)+" "+x.header[i]+" → "+f.Label())
		}
	}
	var codes []string
	for _, rec := range x.roster.Records {
		if !rec.Invalid && !bad[rec.Row] && len(codes) < 10 {
			codes = append(codes, rec.Person.Region)
		}
	}
	names, err := s.db.RegionNames(r.Context(), codes)
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
		b.Validate(s.ui.Today()) // fills in birth and gender from the ID number
		var groups []string
		for _, g := range b.Groups {
			groups = append(groups, g.Label())
		}
		p.Sample = append(p.Sample, rosterSample{Row: rec.Row, Name: b.Name, Gender: b.Gender, Birth: b.Birth.String(),
			ID: shuangbai.MaskIDNumber(b.IDNumber), Phone: shuangbai.MaskPhone(b.Phone), Village: names[b.Region], Head: rec.HeadName,
			Groups: strings.Join(groups, "、"), Level: b.Level.Label()})
	}
	return s.ui.Render(w, r, http.StatusOK, "roster/preview.html", p)
}

// rosterApply starts writing the register in the background and shows its
// progress: a large register takes a while, longer than a browser waits.
func (s *Server) rosterApply(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	x, err := s.rosterUploadOf(r)
	if err != nil {
		return err
	}
	mode := store.ImportMode(r.PostFormValue("mode"))
	if mode != store.ImportAll && mode != store.ImportValid {
		return ui.BadRequest("请选择导入方式")
	}
	progressURL := "/beneficiaries/import/progress?t=" + url.QueryEscape(x.token)
	x.mu.Lock()
	defer x.mu.Unlock()
	switch x.state {
	case rosterMapping:
		http.Redirect(w, r, "/beneficiaries/import/mapping?t="+url.QueryEscape(x.token), http.StatusSeeOther)
		return nil
	case rosterRunning, rosterDone: // a second click, or the back button
		http.Redirect(w, r, progressURL, http.StatusSeeOther)
		return nil
	}
	rows := rosterRows(x.roster)
	sheetProblems := x.roster.Problems
	x.state, x.mode, x.done, x.total = rosterRunning, mode, 0, len(rows)
	// The import outlives the request; it gets its own deadline instead.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Minute)
	go func() {
		defer cancel()
		res, err := s.db.ImportRoster(ctx, u, rows, store.RosterImport{Mode: mode, Source: x.filename,
			Progress: func(done, total int) {
				x.mu.Lock()
				x.done, x.total = done, total
				x.mu.Unlock()
			}})
		if err != nil && ui.Status(err) == http.StatusInternalServerError {
			s.ui.Log().Error("roster import", "user", u.Username, "file", x.filename, "err", err)
		}
		x.mu.Lock()
		x.problems = mergeRosterProblems(sheetProblems, res)
		x.mu.Unlock()
		x.finish(res, err)
	}()
	http.Redirect(w, r, progressURL, http.StatusSeeOther)
	return nil
}

// rosterStatus is the JSON the progress page polls.
type rosterStatus struct {
	State      string `json:"state"` // running, done
	Done       int    `json:"done"`
	Total      int    `json:"total"`
	Imported   bool   `json:"imported"`
	Created    int    `json:"created"`
	Updated    int    `json:"updated"`
	Unchanged  int    `json:"unchanged"`
	Skipped    int    `json:"skipped"`
	Households int    `json:"households"`
	Problems   int    `json:"problems"`
	Message    string `json:"message,omitempty"`
}

func (x *rosterUpload) status() rosterStatus {
	x.mu.Lock()
	defer x.mu.Unlock()
	st := rosterStatus{State: x.state, Done: x.done, Total: x.total, Message: x.errMsg}
	if res := x.result; res != nil {
		st.Imported, st.Created, st.Updated, st.Unchanged, st.Skipped, st.Households = res.Imported, res.Created, res.Updated, res.Unchanged, res.Skipped, res.Households
	}
	for _, p := range x.problems {
		if !p.Warning {
			st.Problems++
		}
	}
	return st
}

// rosterProgressPage is the data of roster/progress.html.
type rosterProgressPage struct {
	Token    string
	Filename string
	Mode     string
	Status   rosterStatus
}

// Running reports whether the import is still being written.
func (p rosterProgressPage) Running() bool { return p.Status.State == rosterRunning }

// rosterProgress shows an import being written, and then its result.
func (s *Server) rosterProgress(w http.ResponseWriter, r *http.Request) error {
	x, err := s.rosterUploadOf(r)
	if err != nil {
		return err
	}
	st := x.status()
	if st.State == rosterMapping || st.State == rosterPreview {
		http.Redirect(w, r, "/beneficiaries/import/preview?t="+url.QueryEscape(x.token), http.StatusSeeOther)
		return nil
	}
	mode := "只导入无误的行"
	if x.mode == store.ImportAll {
		mode = "全部导入（有错误则全部不导入）"
	}
	return s.ui.Render(w, r, http.StatusOK, "roster/progress.html", rosterProgressPage{Token: x.token, Filename: x.filename, Mode: mode, Status: st})
}

// rosterStatusJSON answers the progress page's polling.
func (s *Server) rosterStatusJSON(w http.ResponseWriter, r *http.Request) error {
	x, err := s.rosterUploadOf(r)
	if err != nil {
		return err
	}
	s.ui.WriteJSON(w, r, http.StatusOK, x.status())
	return nil
}

// rosterErrors downloads every problem of an import as a CSV file Excel
// opens: row, column, kind and message.
func (s *Server) rosterErrors(w http.ResponseWriter, r *http.Request) error {
	x, err := s.rosterUploadOf(r)
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
