package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/sheet"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Roster import (名册导入): upload a register, confirm which column holds
// what, see every row's problems, then import all rows or only the good
// ones while a page shows the progress. Routes are in roster_routes.go.

// rosterLimits bound an uploaded register.
var rosterLimits = sheet.DefaultLimits

// rosterShown is how many problems a page lists; the error report has all.
const rosterShown = 200

// requireRosterImport returns EFORBIDDEN unless u may file beneficiaries.
func requireRosterImport(u *shuangbai.User) error {
	if !u.CanEditCases() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "您的账号为%s，只能查看，不能导入名册", u.Role.Label())
	}
	return nil
}

// rosterUploadPage is the data of roster/upload.html.
type rosterUploadPage struct {
	Error   string
	MaxMB   int64
	MaxRows int
	Fields  []rosterField
}

type rosterField = struct {
	Field sheet.Field
	Label string
	Hint  string
}

func newRosterUploadPage(err error) rosterUploadPage {
	p := rosterUploadPage{MaxMB: rosterLimits.MaxBytes >> 20, MaxRows: rosterLimits.MaxRows, Fields: sheet.Fields}
	if err != nil {
		p.Error = shuangbai.ErrorMessage(err)
	}
	return p
}

// rosterUploadForm shows the upload form.
func (s *Server) rosterUploadForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireRosterImport(ui.User(r)); err != nil {
		return err
	}
	return s.ui.Render(w, r, http.StatusOK, "roster/upload.html", newRosterUploadPage(nil))
}

// rosterUpload reads an uploaded register and shows its columns to map.
func (s *Server) rosterUpload(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRosterImport(u); err != nil {
		return err
	}
	name, t, err := readRosterUpload(w, r)
	if err != nil {
		if status := ui.Status(err); status < 500 {
			return s.ui.Render(w, r, status, "roster/upload.html", newRosterUploadPage(err))
		}
		return err
	}
	x := newRosterUpload(name, t)
	x.token, err = s.rosterUploads.Add(u.ID, x)
	if err != nil {
		return s.ui.Render(w, r, ui.Status(err), "roster/upload.html", newRosterUploadPage(err))
	}
	if err := s.proposeRosterMapping(r.Context(), ui.User(r), x); err != nil {
		return err
	}
	http.Redirect(w, r, "/beneficiaries/import/mapping?t="+url.QueryEscape(x.token), http.StatusSeeOther)
	return nil
}

// readRosterUpload reads the file of a multipart upload (field "file"),
// streaming it into the reader rather than onto disk.
func readRosterUpload(w http.ResponseWriter, r *http.Request) (string, *sheet.Table, error) {
	r.Body = http.MaxBytesReader(w, r.Body, rosterLimits.MaxBytes+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, ui.BadRequest("请选择要上传的文件")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return "", nil, shuangbai.Errorf(shuangbai.EINVALID, "请选择要上传的名册文件（.xlsx 或 .csv）")
		}
		if err != nil {
			return "", nil, rosterUploadError(err)
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		name := rosterFilename(part.FileName())
		if name == "" {
			return "", nil, shuangbai.Errorf(shuangbai.EINVALID, "请选择要上传的名册文件（.xlsx 或 .csv）")
		}
		t, err := sheet.Read(part, -1, rosterLimits)
		part.Close()
		if err != nil {
			return "", nil, rosterUploadError(err)
		}
		return name, t, nil
	}
}

// rosterUploadError explains a body cut off at the size limit like any file too
// large; other read errors are the client's connection failing.
func rosterUploadError(err error) error {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return shuangbai.Errorf(shuangbai.EINVALID, "文件超过 %d MB，请分成几个文件上传", rosterLimits.MaxBytes>>20)
	case shuangbai.ErrorCode(err) != shuangbai.EINTERNAL:
		return err
	case errors.Is(err, multipart.ErrMessageTooLarge), errors.Is(err, io.ErrUnexpectedEOF):
		return ui.BadRequest("上传中断，请重新上传")
	}
	return err
}

// rosterFilename keeps the base name of an uploaded file, for the pages and
// the audit log.
func rosterFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100])
	}
	return strings.TrimSpace(name)
}

// proposeRosterMapping gives an upload the mapping saved for registers of its
// shape, or else one guessed from the column names.
func (s *Server) proposeRosterMapping(ctx context.Context, u *shuangbai.User, x *rosterUpload) error {
	saved, err := s.db.RosterMapping(ctx, u, x.sig)
	if err != nil {
		return err
	}
	m := sheet.MappingOf(saved).Fit(len(x.header))
	x.mu.Lock()
	defer x.mu.Unlock()
	if m != nil {
		x.mapping, x.remembered = m, true
	} else {
		x.mapping = sheet.Propose(x.header)
	}
	return nil
}

// rosterUploadOf returns the upload named by the request's t parameter.
func (s *Server) rosterUploadOf(r *http.Request) (*rosterUpload, error) {
	return s.rosterUploads.Get(ui.User(r).ID, r.FormValue("t"))
}

// rosterMappingPage is the data of roster/mapping.html.
type rosterMappingPage struct {
	Token      string
	Filename   string
	Source     string // what was read: the sheet, or the CSV's encoding
	HeaderRow  int
	Rows       int
	Columns    []rosterColumn
	Fields     []rosterField
	Remembered bool
	Level      shuangbai.Level4
	Error      string            // about the mapping as a whole
	Errors     map[string]string // by column key
}

// rosterColumn is one column of the upload on the mapping page.
type rosterColumn struct {
	Key     string // the form field
	Letter  string
	Header  string
	Samples []string // the first rows' values, personal numbers masked
	Field   sheet.Field
}

// Levels lists the follow-up levels for the default-level choice.
func (rosterMappingPage) Levels() []shuangbai.Level4 { return []shuangbai.Level4{1, 2, 3, 4} }

func (s *Server) rosterMappingData(x *rosterUpload, m sheet.Mapping, level shuangbai.Level4, err error) rosterMappingPage {
	t := x.table
	p := rosterMappingPage{Token: x.token, Filename: x.filename, Source: rosterSource(t), HeaderRow: t.HeaderRow, Rows: len(t.Rows),
		Fields: sheet.Fields, Remembered: x.remembered, Level: level, Errors: ui.FieldErrors(err)}
	if err != nil {
		p.Error = shuangbai.ErrorMessage(err)
		if msg, ok := p.Errors["mapping"]; ok {
			p.Error = msg
		}
	}
	for i, h := range t.Header {
		c := rosterColumn{Key: sheet.ColumnKey(i), Letter: sheet.ColumnLetter(i), Header: h}
		if i < len(m) {
			c.Field = m[i]
		}
		for _, row := range t.Rows[:min(3, len(t.Rows))] {
			c.Samples = append(c.Samples, rosterMaskSample(row.Cell(i)))
		}
		p.Columns = append(p.Columns, c)
	}
	return p
}

// rosterSource says in Chinese what was read from the file.
func rosterSource(t *sheet.Table) string {
	switch {
	case t.Format == "xlsx":
		return "Excel 工作簿，工作表“" + t.Sheet + "”"
	case t.Encoding == "GB18030":
		return "CSV 文本文件，GBK 编码"
	}
	return "CSV 文本文件，" + t.Encoding + " 编码"
}

// rosterMaskSample hides what looks like an ID or mobile number among the sample
// values: the mapping page needs to show which column holds them, not the
// numbers themselves.
func rosterMaskSample(v string) string {
	c := strings.ToUpper(strings.TrimSpace(v))
	digits := strings.Trim(c, "0123456789") == ""
	switch {
	case len(c) == 18 && strings.Trim(c[:17], "0123456789") == "":
		return shuangbai.MaskIDNumber(c)
	case len(c) == 11 && c[0] == '1' && digits:
		return shuangbai.MaskPhone(c)
	}
	if r := []rune(v); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return v
}

// rosterMapping shows the columns of an upload with the field each holds.
func (s *Server) rosterMapping(w http.ResponseWriter, r *http.Request) error {
	x, err := s.rosterUploadOf(r)
	if err != nil {
		return err
	}
	x.mu.Lock()
	if x.state == rosterRunning || x.state == rosterDone {
		x.mu.Unlock()
		http.Redirect(w, r, "/beneficiaries/import/progress?t="+url.QueryEscape(x.token), http.StatusSeeOther)
		return nil
	}
	p := s.rosterMappingData(x, x.mapping, x.level, nil)
	x.mu.Unlock()
	return s.ui.Render(w, r, http.StatusOK, "roster/mapping.html", p)
}

// rosterPreviewPost takes the mapping, remembers it for files of the same
// shape, reads every row with it and shows the result.
func (s *Server) rosterPreviewPost(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	x, err := s.rosterUploadOf(r)
	if err != nil {
		return err
	}
	m := make(sheet.Mapping, len(x.header))
	for i := range m {
		m[i] = sheet.Field(r.PostFormValue(sheet.ColumnKey(i)))
	}
	level := shuangbai.Level4(4)
	if n, err := strconv.Atoi(r.PostFormValue("level")); err == nil && shuangbai.Level4(n).Valid() {
		level = shuangbai.Level4(n)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.state == rosterRunning || x.state == rosterDone {
		http.Redirect(w, r, "/beneficiaries/import/progress?t="+url.QueryEscape(x.token), http.StatusSeeOther)
		return nil
	}
	x.mapping, x.level = m, level
	if err := m.Check(x.header); err != nil {
		return s.ui.Render(w, r, http.StatusUnprocessableEntity, "roster/mapping.html", s.rosterMappingData(x, m, level, err))
	}
	ctx := r.Context()
	if err := s.db.SaveRosterMapping(ctx, u, x.sig, m.Strings()); err != nil {
		return err
	}
	roster, err := s.readRoster(ctx, u, x.table, m, level)
	if err != nil {
		return err
	}
	plan, err := s.planRoster(ctx, u, roster)
	if err != nil {
		return err
	}
	x.roster, x.plan, x.state = roster, plan, rosterPreview
	x.problems = mergeRosterProblems(roster.Problems, plan)
	http.Redirect(w, r, "/beneficiaries/import/preview?t="+url.QueryEscape(x.token), http.StatusSeeOther)
	return nil
}

// readRoster reads the rows of a table with a mapping, checking villages
// against the user's scope.
func (s *Server) readRoster(ctx context.Context, u *shuangbai.User, t *sheet.Table, m sheet.Mapping, level shuangbai.Level4) (*sheet.Roster, error) {
	villages, err := s.db.RosterVillages(ctx, u.Scope())
	if err != nil {
		return nil, err
	}
	return sheet.ParseRoster(t, m, sheet.Options{Today: s.ui.Today(), Villages: villages, DefaultLevel: level})
}

// planRoster has the store plan an import without writing, so a preview
// can say how many people are new and what the store would refuse.
func (s *Server) planRoster(ctx context.Context, u *shuangbai.User, roster *sheet.Roster) (*store.RosterResult, error) {
	return s.db.ImportRoster(ctx, u, rosterRows(roster), store.RosterImport{Mode: store.ImportValid, DryRun: true})
}

// rosterRows turns the records of a register into the rows the store takes.
func rosterRows(r *sheet.Roster) []store.RosterRow {
	rows := make([]store.RosterRow, len(r.Records))
	for i, rec := range r.Records {
		rows[i] = store.RosterRow{Line: rec.Row, Person: rec.Person, HeadName: rec.HeadName, Invalid: rec.Invalid}
	}
	return rows
}

// mergeRosterProblems lists the reader's problems with the store's refusals
// (errors) and notes (warnings), by row.
func mergeRosterProblems(ps []sheet.Problem, res *store.RosterResult) []sheet.Problem {
	out := slices.Clone(ps)
	if res != nil {
		for _, p := range res.Problems {
			out = append(out, sheet.Problem{Row: p.Line, Message: p.Message})
		}
		for _, p := range res.Notes {
			out = append(out, sheet.Problem{Row: p.Line, Message: p.Message, Warning: true})
		}
	}
	slices.SortStableFunc(out, func(a, b sheet.Problem) int { return a.Row - b.Row })
	return out
}

// rosterTemplate sends a blank register whose headers the importer reads
// without any mapping, with a hint per column and a sample row.
func (s *Server) rosterTemplate(w http.ResponseWriter, r *http.Request) error {
	var buf bytes.Buffer
	if err := sheet.WriteTemplate(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename*=UTF-8''`+url.PathEscape("服务对象名册模板.xlsx"))
	_, err := buf.WriteTo(w)
	return err
}
