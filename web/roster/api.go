package roster

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strings"

	"shuangbai"
	"shuangbai/sheet"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// importJSON is the answer of POST /api/v1/beneficiaries/import.
type importJSON struct {
	DryRun        bool             `json:"dry_run"`
	Mode          store.ImportMode `json:"mode"`
	Imported      bool             `json:"imported"`
	Rows          int              `json:"rows"`
	Valid         int              `json:"valid"`
	Invalid       int              `json:"invalid"`
	Created       int              `json:"created"`
	Updated       int              `json:"updated"`
	Unchanged     int              `json:"unchanged"`
	Skipped       int              `json:"skipped"`
	Households    int              `json:"households"`
	Incomplete    int              `json:"incomplete"` // files left to complete (待补充): lacking a disabled person's grade …
	Mapping       []columnJSON     `json:"mapping"`
	Problems      []problemJSON    `json:"problems"`
	ProblemsTotal int              `json:"problems_total"`
	Error         *ui.ErrorBody    `json:"error,omitempty"`
}

type columnJSON struct {
	Column string      `json:"column"` // A, B, …
	Header string      `json:"header"`
	Field  sheet.Field `json:"field"` // "" when left out
}

type problemJSON struct {
	Row      int    `json:"row"`
	Column   string `json:"column,omitempty"`
	Severity string `json:"severity"` // error, warning
	Message  string `json:"message"`
}

// apiShown caps the problems an answer lists.
const apiShown = 1000

// APIRosterImport imports a register in one request: the file as the
// multipart part "file" (with an optional part "mapping"), or as the raw
// body (with an optional query parameter mapping). A mapping is a JSON
// object from a column — its letter or its header text — to a field name,
// or "" to leave the column out; columns it does not name keep the mapping
// remembered for files of this shape, or else the one guessed from the
// header. mode=all (the default) imports nothing if any row is bad, and
// answers 422 with the problems; mode=valid imports exactly the good rows.
// dry_run=true checks and counts without writing: created and updated
// then count the good rows (in a dry run, updated counts every person
// already filed, changed or not), whatever the mode.
func (h *Handlers) APIRosterImport(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireImport(u); err != nil {
		return err
	}
	q := r.URL.Query()
	mode := store.ImportMode(q.Get("mode"))
	if mode == "" {
		mode = store.ImportAll
	}
	if mode != store.ImportAll && mode != store.ImportValid {
		return ui.BadRequest("参数 mode 应为 all（有错误则全部不导入）或 valid（只导入无误的行）")
	}
	dry := false
	switch q.Get("dry_run") {
	case "", "false", "0":
	case "true", "1":
		dry = true
	default:
		return ui.BadRequest("参数 dry_run 应为 true 或 false")
	}
	if err := h.takeImport(w, r); err != nil {
		return err
	}
	name, t, rawMapping, err := readAPIUpload(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	m, _, err := h.savedMapping(ctx, u, t.Header)
	if err != nil {
		return err
	}
	if rawMapping != "" {
		var by map[string]string
		if err := json.Unmarshal([]byte(rawMapping), &by); err != nil {
			return ui.BadRequest("mapping 应为 JSON 对象，例如 {\"B\": \"id_number\", \"村名\": \"village\"}")
		}
		if m, err = m.Override(t.Header, by); err != nil {
			return err
		}
	}
	roster, err := h.readRoster(ctx, ui.Scope(r), t, m, 4)
	if err != nil {
		return err
	}
	out := importJSON{DryRun: dry, Mode: mode, Rows: len(roster.Records)}
	for i, h := range t.Header {
		out.Mapping = append(out.Mapping, columnJSON{Column: sheet.ColumnLetter(i), Header: h, Field: m[i]})
	}
	var res *store.RosterResult
	var importErr error
	if dry {
		res, err = h.planRoster(ctx, u, roster)
		if err != nil {
			return err
		}
	} else {
		res, importErr = h.db.ImportRoster(ctx, u, storeRows(roster), store.RosterImport{Mode: mode, Source: name})
		if importErr != nil && res == nil {
			return importErr
		}
	}
	problems := mergeProblems(roster.Problems, res)
	out.Invalid = len(badRows(problems))
	out.Valid = out.Rows - out.Invalid
	out.Imported, out.Created, out.Updated, out.Unchanged, out.Skipped, out.Households = res.Imported, res.Created, res.Updated, res.Unchanged, res.Skipped, res.Households
	out.Incomplete = res.Incomplete
	out.ProblemsTotal = len(problems)
	out.Problems = []problemJSON{}
	for _, p := range problems[:min(len(problems), apiShown)] {
		sev := "error"
		if p.Warning {
			sev = "warning"
		}
		out.Problems = append(out.Problems, problemJSON{Row: p.Row, Column: p.Column(), Severity: sev, Message: p.Message})
	}
	status := http.StatusOK
	if importErr != nil {
		status = ui.Status(importErr)
		out.Error = &ui.ErrorBody{Code: shuangbai.ErrorCode(importErr), Message: shuangbai.ErrorMessage(importErr)}
	}
	h.ui.WriteJSON(w, r, status, out)
	return nil
}

// readAPIUpload reads the register of an API request, and its mapping.
func readAPIUpload(w http.ResponseWriter, r *http.Request) (name string, t *sheet.Table, mapping string, err error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, limits.MaxBytes+1)
		t, err := sheet.Read(r.Body, r.ContentLength, limits)
		if err != nil {
			return "", nil, "", uploadError(err)
		}
		return cleanFilename(r.URL.Query().Get("filename")), t, r.URL.Query().Get("mapping"), nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, limits.MaxBytes+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, "", ui.BadRequest("multipart 请求格式有误")
	}
	mapping = r.URL.Query().Get("mapping")
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", nil, "", uploadError(err)
		}
		switch part.FormName() {
		case "file":
			name = cleanFilename(part.FileName())
			if t, err = sheet.Read(part, -1, limits); err != nil {
				return "", nil, "", uploadError(err)
			}
		case "mapping":
			b, err := io.ReadAll(io.LimitReader(part, 64<<10))
			if err != nil {
				return "", nil, "", uploadError(err)
			}
			mapping = string(bytes.TrimSpace(b))
		}
		part.Close()
	}
	if t == nil {
		return "", nil, "", ui.BadRequest("请求中没有名为 file 的文件")
	}
	return name, t, strings.TrimSpace(mapping), nil
}
