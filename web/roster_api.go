package web

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

// rosterImportJSON is the answer of POST /api/v1/beneficiaries/import.
type rosterImportJSON struct {
	DryRun        bool                `json:"dry_run"`
	Mode          store.ImportMode    `json:"mode"`
	Imported      bool                `json:"imported"`
	Rows          int                 `json:"rows"`
	Valid         int                 `json:"valid"`
	Invalid       int                 `json:"invalid"`
	Created       int                 `json:"created"`
	Updated       int                 `json:"updated"`
	Unchanged     int                 `json:"unchanged"`
	Skipped       int                 `json:"skipped"`
	Households    int                 `json:"households"`
	Mapping       []rosterColumnJSON  `json:"mapping"`
	Problems      []rosterProblemJSON `json:"problems"`
	ProblemsTotal int                 `json:"problems_total"`
	Error         *ui.ErrorBody       `json:"error,omitempty"`
}

type rosterColumnJSON struct {
	Column string      `json:"column"` // A, B, …
	Header string      `json:"header"`
	Field  sheet.Field `json:"field"` // "" when left out
}

type rosterProblemJSON struct {
	Row      int    `json:"row"`
	Column   string `json:"column,omitempty"`
	Severity string `json:"severity"` // error, warning
	Message  string `json:"message"`
}

// apiRosterShown caps the problems an answer lists.
const apiRosterShown = 1000

// apiRosterImport imports a register in one request: the file as the
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
func (s *Server) apiRosterImport(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRosterImport(u); err != nil {
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
	name, t, rawMapping, err := readAPIRoster(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	saved, err := s.db.RosterMapping(ctx, ui.User(r), sheet.Signature(t.Header))
	if err != nil {
		return err
	}
	m := sheet.MappingOf(saved).Fit(len(t.Header))
	if m == nil {
		m = sheet.Propose(t.Header)
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
	roster, err := s.readRoster(ctx, u, t, m, 4)
	if err != nil {
		return err
	}
	out := rosterImportJSON{DryRun: dry, Mode: mode, Rows: len(roster.Records)}
	for i, h := range t.Header {
		out.Mapping = append(out.Mapping, rosterColumnJSON{Column: sheet.ColumnLetter(i), Header: h, Field: m[i]})
	}
	var res *store.RosterResult
	var importErr error
	if dry {
		res, err = s.planRoster(ctx, u, roster)
		if err != nil {
			return err
		}
	} else {
		res, importErr = s.db.ImportRoster(ctx, u, rosterRows(roster), store.RosterImport{Mode: mode, Source: name})
		if importErr != nil && res == nil {
			return importErr
		}
	}
	problems := mergeRosterProblems(roster.Problems, res)
	bad := map[int]bool{}
	for _, p := range problems {
		if !p.Warning {
			bad[p.Row] = true
		}
	}
	out.Invalid = len(bad)
	out.Valid = out.Rows - out.Invalid
	out.Imported, out.Created, out.Updated, out.Unchanged, out.Skipped, out.Households = res.Imported, res.Created, res.Updated, res.Unchanged, res.Skipped, res.Households
	out.ProblemsTotal = len(problems)
	out.Problems = []rosterProblemJSON{}
	for _, p := range problems[:min(len(problems), apiRosterShown)] {
		sev := "error"
		if p.Warning {
			sev = "warning"
		}
		out.Problems = append(out.Problems, rosterProblemJSON{Row: p.Row, Column: p.Column(), Severity: sev, Message: p.Message})
	}
	status := http.StatusOK
	if importErr != nil {
		status = ui.Status(importErr)
		out.Error = &ui.ErrorBody{Code: shuangbai.ErrorCode(importErr), Message: shuangbai.ErrorMessage(importErr)}
	}
	s.ui.WriteJSON(w, r, status, out)
	return nil
}

// readAPIRoster reads the register of an API request, and its mapping.
func readAPIRoster(w http.ResponseWriter, r *http.Request) (name string, t *sheet.Table, mapping string, err error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, rosterLimits.MaxBytes+1)
		t, err := sheet.Read(r.Body, r.ContentLength, rosterLimits)
		if err != nil {
			return "", nil, "", rosterUploadError(err)
		}
		return rosterFilename(r.URL.Query().Get("filename")), t, r.URL.Query().Get("mapping"), nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, rosterLimits.MaxBytes+1<<20)
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
			return "", nil, "", rosterUploadError(err)
		}
		switch part.FormName() {
		case "file":
			name = rosterFilename(part.FileName())
			if t, err = sheet.Read(part, -1, rosterLimits); err != nil {
				return "", nil, "", rosterUploadError(err)
			}
		case "mapping":
			b, err := io.ReadAll(io.LimitReader(part, 64<<10))
			if err != nil {
				return "", nil, "", rosterUploadError(err)
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
