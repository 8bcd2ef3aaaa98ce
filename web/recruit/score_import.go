package recruit

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"shuangbai"
	"shuangbai/sheet"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Importing the exam office's score sheet takes two steps: the upload is
// read and checked against the campaign without writing (every bad row
// listed by its number: a score outside 0–100, an unknown 准考证号, a name
// that does not match, an interview score for one not interviewed), then
// confirmed. Between the two the file stays in memory under a token only
// its uploader may use; the confirmation reads and checks it again and
// applies it whole, in one transaction, or not at all.

// importTTL is how long a checked sheet waits for its confirmation.
const importTTL = 30 * time.Minute

// maxScoreSheet bounds an uploaded score sheet: 30,000 rows are about 1 MB.
const maxScoreSheet = 20 << 20

// pendingScores is a checked sheet waiting for its confirmation.
type pendingScores struct {
	name string
	data []byte
}

// problemRow is one problem of an upload, as the page lists it.
type problemRow struct {
	Row     int
	Column  string
	Message string
}

// importPage is the data of campaign/import.html.
type importPage struct {
	C        *shuangbai.Campaign
	Error    string
	FileName string
	Problems []problemRow
	More     int // problems not listed
	Result   *store.ScoreImport
	Token    string
	MaxMB    int
}

// shownProblems is how many problems a page lists.
const shownProblems = 200

// checkScores reads a score sheet and checks it against the campaign,
// writing it unless dryRun. A sheet with problems returns them, and no
// error.
func (h *Handlers) checkScores(ctx context.Context, u *shuangbai.User, c *shuangbai.Campaign, data []byte, dryRun bool) ([]problemRow, *store.ScoreImport, error) {
	s, err := sheet.ReadScores(bytes.NewReader(data), int64(len(data)), sheet.DefaultLimits)
	if err != nil {
		return nil, nil, err
	}
	// Rows whose cells are wrong are left out of the check against the
	// campaign, so that one answer lists the problems of both kinds.
	var out []problemRow
	badRow := map[int]bool{}
	for _, p := range s.Problems {
		out = append(out, problemRow{Row: p.Row, Column: p.Column(), Message: p.Message})
		badRow[p.Row] = true
	}
	rows := make([]store.ScoreRow, 0, len(s.Lines))
	for _, l := range s.Lines {
		if !badRow[l.Row] {
			rows = append(rows, store.ScoreRow{Row: l.Row, Number: l.Number, Name: l.Name, IDNumber: l.IDNumber, Written: l.Written,
				Interview: l.Interview, HasWritten: s.HasWritten, HasInterview: s.HasInterview})
		}
	}
	res, err := h.db.ImportScores(ctx, u, c.ID, rows, dryRun || len(out) > 0)
	var re *shuangbai.RowsError
	if errors.As(err, &re) {
		for _, p := range re.Problems {
			out = append(out, problemRow{Row: p.Row, Column: p.Field, Message: p.Message})
		}
		err = nil
	}
	if err != nil || len(out) > 0 {
		slices.SortStableFunc(out, func(a, b problemRow) int { return a.Row - b.Row })
		return out, nil, err
	}
	return nil, res, nil
}

func (p *importPage) list(problems []problemRow) {
	p.Problems = problems
	if len(problems) > shownProblems {
		p.Problems, p.More = problems[:shownProblems], len(problems)-shownProblems
	}
}

// ScoreImportForm shows the upload form.
func (h *Handlers) ScoreImportForm(w http.ResponseWriter, r *http.Request) error {
	c, _, err := h.runnable(r)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "campaign/import.html", importPage{C: c, MaxMB: maxScoreSheet >> 20})
}

// ScoreImportUpload checks an uploaded score sheet and shows what
// importing it would do, or every row that stops it.
func (h *Handlers) ScoreImportUpload(w http.ResponseWriter, r *http.Request) error {
	c, u, err := h.runnable(r)
	if err != nil {
		return err
	}
	p := importPage{C: c, MaxMB: maxScoreSheet >> 20}
	data, name, err := ui.UploadedFile(w, r, maxScoreSheet, false)
	p.FileName = name
	var problems []problemRow
	if err == nil {
		problems, p.Result, err = h.checkScores(r.Context(), u, c, data, true)
	}
	switch {
	case shuangbai.ErrorCode(err) == shuangbai.EINVALID:
		p.Error = shuangbai.ErrorMessage(err)
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "campaign/import.html", p)
	case err != nil:
		return err
	case len(problems) > 0:
		p.list(problems)
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "campaign/import.html", p)
	}
	if p.Result.Changed > 0 {
		if p.Token, err = h.imports.Add(u.ID, &pendingScores{name: name, data: data}); err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, http.StatusOK, "campaign/import.html", p)
}

// ScoreImportConfirm applies a checked sheet.
func (h *Handlers) ScoreImportConfirm(w http.ResponseWriter, r *http.Request) error {
	c, u, err := h.runnable(r)
	if err != nil {
		return err
	}
	pending, err := h.imports.Take(u.ID, r.PathValue("token"))
	if err != nil {
		return err
	}
	problems, res, err := h.checkScores(r.Context(), u, c, pending.data, false)
	if err != nil {
		return err
	}
	if len(problems) > 0 { // the data changed since the preview
		p := importPage{C: c, FileName: pending.name, MaxMB: maxScoreSheet >> 20, Error: "预览之后系统中的数据有变化，这份成绩表现在不能导入："}
		p.list(problems)
		return h.ui.Render(w, r, http.StatusConflict, "campaign/import.html", p)
	}
	ui.SetFlash(w, "已导入 "+strconv.Itoa(res.Changed)+" 人的成绩")
	http.Redirect(w, r, campaignURL(c.ID, "ranking"), http.StatusSeeOther)
	return nil
}

// ScoreTemplate downloads the blank score sheet of a campaign's eligible
// applicants in scope, for the exam office; handing out their names is
// logged as an export.
func (h *Handlers) ScoreTemplate(w http.ResponseWriter, r *http.Request) error {
	c, _, err := h.runnable(r)
	if err != nil {
		return err
	}
	r2, err := h.db.Ranking(r.Context(), ui.Scope(r), c.ID, 0)
	if err != nil {
		return err
	}
	labels, _, err := h.postLabels(r.Context(), c.Posts)
	if err != nil {
		return err
	}
	var lines []sheet.ScoreTemplateLine
	var as []*shuangbai.Applicant
	for _, pr := range r2.Posts {
		for _, s := range pr.Standings {
			a := r2.Applicants[s.ApplicantID]
			if a.Review == shuangbai.ReviewEligible {
				lines = append(lines, sheet.ScoreTemplateLine{Number: a.Number, Name: a.Name, Post: labels[a.PostID]})
				as = append(as, a)
			}
		}
	}
	if err := h.logExport(r, as, "成绩录入", "成绩表模板"); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := sheet.WriteScoreTemplate(&buf, lines); err != nil {
		return err
	}
	send(w, "成绩表.xlsx", xlsxType, buf.Bytes())
	return nil
}

// scoreProblemsBody is the answer to an API import refused for its rows.
type scoreProblemsBody struct {
	Error    ui.ErrorBody  `json:"error"`
	Problems []problemJSON `json:"problems"`
}

type problemJSON struct {
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

// APIScoreImport imports a score sheet sent as the body (or the form's
// "file"), all or nothing: ?dry_run=true only checks it. A refused sheet
// answers 422 with every problem by row.
func (h *Handlers) APIScoreImport(w http.ResponseWriter, r *http.Request) error {
	c, u, err := h.runnable(r)
	if err != nil {
		return err
	}
	data, _, err := ui.UploadedFile(w, r, maxScoreSheet, true)
	if err != nil {
		return err
	}
	dry := r.URL.Query().Get("dry_run") == "true"
	problems, res, err := h.checkScores(r.Context(), u, c, data, dry)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		body := scoreProblemsBody{Error: ui.ErrorBody{Code: shuangbai.EINVALID,
			Message: "第" + strconv.Itoa(problems[0].Row) + "行：" + problems[0].Message + "（共 " + strconv.Itoa(len(problems)) + " 处问题），全部未导入"}}
		for _, p := range problems {
			body.Problems = append(body.Problems, problemJSON(p))
		}
		h.ui.WriteJSON(w, r, http.StatusUnprocessableEntity, body)
		return nil
	}
	h.ui.WriteJSON(w, r, http.StatusOK, map[string]any{"rows": res.Rows, "changed": res.Changed, "unchanged": res.Unchanged, "dry_run": dry})
	return nil
}
