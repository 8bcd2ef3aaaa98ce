package roster

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/sheet"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// The second step of a roster import: which column holds what. The mapping
// is proposed, confirmed by the user, remembered for registers of the same
// shape, and then every row is read with it and planned by the store.

// savedMapping returns the mapping u saved for registers with this header,
// and true, or else one guessed from the column names.
func (h *Handlers) savedMapping(ctx context.Context, u *shuangbai.User, header []string) (sheet.Mapping, bool, error) {
	saved, err := h.db.RosterMapping(ctx, u, sheet.Signature(header))
	if err != nil {
		return nil, false, err
	}
	if m := sheet.MappingOf(saved).Fit(len(header)); m != nil {
		return m, true, nil
	}
	return sheet.Propose(header), false, nil
}

// proposeMapping gives an upload the mapping of savedMapping.
func (h *Handlers) proposeMapping(ctx context.Context, u *shuangbai.User, x *upload) error {
	m, remembered, err := h.savedMapping(ctx, u, x.header)
	if err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.mapping, x.remembered = m, remembered
	return nil
}

// mappingPage is the data of roster/mapping.html.
type mappingPage struct {
	Token      string
	Filename   string
	Source     string // what was read: the sheet, or the CSV's encoding
	HeaderRow  int
	Rows       int
	Columns    []column
	Fields     []fieldHelp
	Remembered bool
	Level      shuangbai.Level4
	Error      string            // about the mapping as a whole
	Errors     map[string]string // by column key
}

// column is one column of the upload on the mapping page.
type column struct {
	Key     string // the form field
	Letter  string
	Header  string
	Samples []string // the first rows' values, personal numbers masked
	Field   sheet.Field
}

// Levels lists the follow-up levels for the default-level choice.
func (mappingPage) Levels() []shuangbai.Level4 { return []shuangbai.Level4{1, 2, 3, 4} }

// newMappingPage shows the columns of x with the fields of m, and the
// problems of err with the mapping.
func newMappingPage(x *upload, m sheet.Mapping, level shuangbai.Level4, err error) mappingPage {
	t := x.table
	p := mappingPage{Token: x.token, Filename: x.filename, Source: sourceOf(t), HeaderRow: t.HeaderRow, Rows: len(t.Rows),
		Fields: sheet.Fields, Remembered: x.remembered, Level: level, Errors: ui.FieldErrors(err)}
	if err != nil {
		p.Error = shuangbai.ErrorMessage(err)
		if msg, ok := p.Errors["mapping"]; ok {
			p.Error = msg
		}
	}
	for i, head := range t.Header {
		c := column{Key: sheet.ColumnKey(i), Letter: sheet.ColumnLetter(i), Header: head}
		if i < len(m) {
			c.Field = m[i]
		}
		for _, row := range t.Rows[:min(3, len(t.Rows))] {
			c.Samples = append(c.Samples, maskSample(row.Cell(i)))
		}
		p.Columns = append(p.Columns, c)
	}
	return p
}

// sourceOf says in Chinese what was read from the file.
func sourceOf(t *sheet.Table) string {
	switch {
	case t.Format == "xlsx":
		return "Excel 工作簿，工作表“" + t.Sheet + "”"
	case t.Encoding == "GB18030":
		return "CSV 文本文件，GBK 编码"
	}
	return "CSV 文本文件，" + t.Encoding + " 编码"
}

// maskSample hides what looks like an ID or mobile number among the sample
// values: the mapping page needs to show which column holds them, not the
// numbers themselves.
func maskSample(v string) string {
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

// RosterMapping shows the columns of an upload with the field each holds.
func (h *Handlers) RosterMapping(w http.ResponseWriter, r *http.Request) error {
	x, err := h.uploadOf(r)
	if err != nil {
		return err
	}
	x.mu.Lock()
	if x.away(w, r, stateMapping, statePreview) {
		x.mu.Unlock()
		return nil
	}
	p := newMappingPage(x, x.mapping, x.level, nil)
	x.mu.Unlock()
	return h.ui.Render(w, r, http.StatusOK, "roster/mapping.html", p)
}

// RosterPreviewPost takes the mapping, remembers it for files of the same
// shape, reads every row with it and shows the result.
func (h *Handlers) RosterPreviewPost(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	x, err := h.uploadOf(r)
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
	if x.away(w, r, stateMapping, statePreview) {
		return nil
	}
	x.mapping, x.level = m, level
	if err := m.Check(x.header); err != nil {
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "roster/mapping.html", newMappingPage(x, m, level, err))
	}
	ctx := r.Context()
	if err := h.db.SaveRosterMapping(ctx, u, x.sig, m.Strings()); err != nil {
		return err
	}
	roster, err := h.readRoster(ctx, ui.Scope(r), x.table, m, level)
	if err != nil {
		return err
	}
	plan, err := h.planRoster(ctx, u, roster)
	if err != nil {
		return err
	}
	x.roster, x.plan, x.state = roster, plan, statePreview
	x.problems = mergeProblems(roster.Problems, plan)
	x.redirect(w, r, "preview")
	return nil
}

// readRoster reads the rows of a table with a mapping, checking villages
// and responsible workers against the request's scope.
func (h *Handlers) readRoster(ctx context.Context, scope shuangbai.Scope, t *sheet.Table, m sheet.Mapping, level shuangbai.Level4) (*sheet.Roster, error) {
	villages, err := h.db.RosterVillages(ctx, scope)
	if err != nil {
		return nil, err
	}
	opt := sheet.Options{Today: h.ui.Today(), Villages: villages, DefaultLevel: level}
	if m.Has(sheet.FieldWorker) {
		staff, err := h.db.RosterStaff(ctx, scope)
		if err != nil {
			return nil, err
		}
		opt.Staff = make(map[string][]sheet.Staff, len(staff))
		for name, ms := range staff {
			for _, s := range ms {
				opt.Staff[name] = append(opt.Staff[name], sheet.Staff{ID: s.ID, Region: s.Region})
			}
		}
	}
	return sheet.ParseRoster(t, m, opt)
}

// planRoster has the store plan an import without writing, so a preview
// can say how many people are new and what the store would refuse.
func (h *Handlers) planRoster(ctx context.Context, u *shuangbai.User, roster *sheet.Roster) (*store.RosterResult, error) {
	return h.db.ImportRoster(ctx, u, storeRows(roster), store.RosterImport{Mode: store.ImportValid, DryRun: true})
}

// storeRows turns the records of a register into the rows the store takes.
func storeRows(r *sheet.Roster) []store.RosterRow {
	rows := make([]store.RosterRow, len(r.Records))
	for i, rec := range r.Records {
		rows[i] = store.RosterRow{Line: rec.Row, Person: rec.Person, HeadName: rec.HeadName, Invalid: rec.Invalid}
	}
	return rows
}

// mergeProblems lists the reader's problems with the store's refusals
// (errors) and notes (warnings), by row.
func mergeProblems(ps []sheet.Problem, res *store.RosterResult) []sheet.Problem {
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
