package progress

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"shuangbai"
	"shuangbai/report"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// Importing a filled-in sheet takes two steps: the upload is checked and
// compared with the table (a preview: what would change, what is refused
// and why), then confirmed. Between the two the file stays on the server,
// in memory, under a random token that only its uploader may use for 30
// minutes; the confirmation reads and compares it again and applies the
// result in one transaction, so what is applied is what the data then says.
//
// The bureau sends one sheet to every county and each returns it with its
// own row filled in. Every other row of a returned sheet is as it was when
// the sheet was exported, so importing it would put back the older values of
// any county imported since. The preview therefore lists the changes by
// county, and only the counties ticked are imported: by default all, with a
// warning when more than one county would change.

// importTTL is how long an uploaded sheet waits for its confirmation.
const importTTL = 30 * time.Minute

// maxPendingBytes bounds the memory uploads waiting for confirmation may
// hold: a filled-in sheet is some tens of kilobytes; the oldest go first.
const maxPendingBytes = 64 << 20

// pendingImport is an uploaded sheet waiting for its confirmation.
type pendingImport struct {
	name string // the file's name, as uploaded
	data []byte
	seen *store.ProgressPlan // the plan the user saw, of every row
}

// newPendingImports returns the store of uploads waiting for confirmation:
// when memory is short the oldest go.
func newPendingImports(now func() time.Time) *ui.Held[*pendingImport] {
	return &ui.Held[*pendingImport]{
		TTL:     importTTL,
		MaxSize: maxPendingBytes,
		Size:    func(p *pendingImport) int { return len(p.data) },
		Gone: shuangbai.Errorf(shuangbai.ENOTFOUND, "上传的文件已导入、已放弃或已过期（上传后 %d 分钟内有效）。请在进度表中查看结果，或重新上传",
			int(importTTL/time.Minute)),
		Now: now,
	}
}

// importResult is an upload read and compared with the table: the sheet's
// problems, or else the plan.
type importResult struct {
	Sheet      *report.ProgressSheet
	RegionName string
	Plan       *store.ProgressPlan // nil when the sheet has problems
}

// planDigest fingerprints what a plan does to the regions in only (nil: to
// all), to tell whether the data changed between the preview and the
// confirmation.
func planDigest(p *store.ProgressPlan, only map[string]bool) string {
	keep := func(cs []store.ProgressChange) []store.ProgressChange {
		var out []store.ProgressChange
		for _, c := range cs {
			if only == nil || only[c.Region] {
				out = append(out, c)
			}
		}
		return out
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%q|%q", keep(p.Changes), keep(p.Refused)))
	return hex.EncodeToString(h[:8])
}

// planImport reads an uploaded sheet and compares the rows of the regions in
// only (nil: every row) with the table of the region and day the sheet was
// exported for. Nothing is written.
func (h *Handlers) planImport(ctx context.Context, u *shuangbai.User, data []byte, only map[string]bool) (*importResult, error) {
	sheet, err := report.ParseProgressXLSX(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	names, err := h.db.RegionNames(ctx, []string{sheet.RegionCode})
	if err != nil {
		return nil, err
	}
	res := &importResult{Sheet: sheet, RegionName: names[sheet.RegionCode]}
	if len(sheet.Problems) > 0 {
		return res, nil
	}
	if l := shuangbai.LevelOf(sheet.RegionCode); l != shuangbai.LevelCity && l != shuangbai.LevelProvince {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "这份表格是%s的单县表，只供查看和打印，不能导入。请在市民政局下发的全市进度表模板中填写后上传", res.RegionName)
	}
	if !u.Scope().Contains(sheet.RegionCode) {
		return nil, shuangbai.Errorf(shuangbai.EINVALID, "这份表格是%s的进度表，不在您的管辖范围内，不能导入。请交%s民政局导入", res.RegionName, res.RegionName)
	}
	rows := sheet.Rows
	if only != nil {
		rows = nil
		for _, r := range sheet.Rows {
			if only[r.Code] {
				rows = append(rows, r)
			}
		}
	}
	if res.Plan, err = h.db.PlanProgressImport(ctx, u, sheet.RegionCode, sheet.Date, rows); err != nil {
		return nil, err
	}
	return res, nil
}

// readUploadFile reads the file of an import request: the part named
// "file" of a multipart form or, when rawOK (the API), the body itself. Its
// errors are EINVALID with a message for the user.
func readUploadFile(w http.ResponseWriter, r *http.Request, rawOK bool) ([]byte, string, error) {
	tooLarge := shuangbai.Errorf(shuangbai.EINVALID, "文件超过 %d MB，请检查是否选错了文件", report.MaxUploadSize>>20)
	// The multipart framing adds a little to the file.
	r.Body = http.MaxBytesReader(w, r.Body, report.MaxUploadSize+64<<10)
	var data []byte
	var name string
	var err error
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "multipart/form-data":
		data, name, err = multipartFile(r)
	case rawOK:
		data, err = io.ReadAll(r.Body)
	default:
		return nil, "", ui.BadRequest("请以 multipart/form-data 表单上传文件")
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, name, tooLarge
	case err != nil:
		return nil, name, err
	case len(data) == 0:
		return nil, name, shuangbai.Errorf(shuangbai.EINVALID, "请选择要上传的文件（在系统中导出并填写好的进度表 .xlsx）")
	case len(data) > report.MaxUploadSize:
		return nil, name, tooLarge
	}
	return data, name, nil
}

func multipartFile(r *http.Request) ([]byte, string, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", ui.BadRequest("上传的表单格式有误")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, "", nil
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, "", err
			}
			return nil, "", ui.BadRequest("上传的表单格式有误")
		}
		if part.FormName() != "file" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, report.MaxUploadSize+1))
		return data, part.FileName(), err
	}
}

// requireImporter returns EFORBIDDEN unless u administers a city or a
// province: the level whose table collects the counties' sheets. A county
// cannot read the city's table, so it fills the sheet in and sends it up.
func requireImporter(u *shuangbai.User) error {
	if err := ui.RequireBureau(u); err != nil {
		return err
	}
	if l := shuangbai.LevelOf(u.Region); l != shuangbai.LevelCity && l != shuangbai.LevelProvince {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "进度表由市民政局汇总导入。请在市民政局下发的表格中填写本县（市、区）一行后交回市民政局")
	}
	return nil
}

// importFormPage is the data of progress/import.html.
type importFormPage struct {
	Error    string
	FileName string
	MaxMB    int
}

// importPreviewPage is the data of progress/preview.html.
type importPreviewPage struct {
	FileName   string
	RegionName string
	Date       shuangbai.Date
	Problems   []report.Problem
	Changes    []store.ProgressChange
	Refused    []store.ProgressChange
	Counties   []importCounty // the regions with changes, to tick
	Token      string         // "" when there is nothing to confirm
	Notice     string
}

// importCounty is a region whose row would change, with how many cells.
type importCounty struct {
	Code, Name string
	Changes    int
	Checked    bool
}

// ImportForm shows the upload form.
func (h *Handlers) ImportForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireImporter(ui.User(r)); err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "progress/import.html", importFormPage{MaxMB: report.MaxUploadSize >> 20})
}

// ImportUpload reads an uploaded sheet and shows what importing it
// would do. A file that cannot be read is refused on the upload page; a
// sheet with problems lists them and cannot be applied.
func (h *Handlers) ImportUpload(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := requireImporter(u); err != nil {
		return err
	}
	data, name, err := readUploadFile(w, r, false)
	var res *importResult
	if err == nil {
		res, err = h.planImport(ctx, u, data, nil)
	}
	if shuangbai.ErrorCode(err) == shuangbai.EINVALID {
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "progress/import.html",
			importFormPage{Error: shuangbai.ErrorMessage(err), FileName: name, MaxMB: report.MaxUploadSize >> 20})
	}
	if err != nil {
		return err
	}
	page := previewOf(res, name, nil)
	if len(page.Problems) > 0 {
		return h.ui.Render(w, r, http.StatusUnprocessableEntity, "progress/preview.html", page)
	}
	if len(page.Changes) > 0 {
		if page.Token, err = h.imports.Add(u.ID, &pendingImport{name: name, data: data, seen: res.Plan}); err != nil {
			return err
		}
	}
	return h.ui.Render(w, r, http.StatusOK, "progress/preview.html", page)
}

// previewOf lays out the preview; checked are the regions ticked (nil: all).
func previewOf(res *importResult, name string, checked map[string]bool) importPreviewPage {
	p := importPreviewPage{FileName: name, RegionName: res.RegionName, Date: res.Sheet.Date, Problems: res.Sheet.Problems}
	if res.Plan == nil {
		return p
	}
	p.Changes, p.Refused = res.Plan.Changes, res.Plan.Refused
	for _, c := range p.Changes {
		if n := len(p.Counties); n > 0 && p.Counties[n-1].Code == c.Region {
			p.Counties[n-1].Changes++
			continue
		}
		p.Counties = append(p.Counties, importCounty{Code: c.Region, Name: c.Name, Changes: 1, Checked: checked == nil || checked[c.Region]})
	}
	return p
}

// ImportConfirm applies a previewed upload to the regions ticked.
// The sheet is read and compared again; if the result differs from the
// preview, because someone changed the data meanwhile, the new preview is
// shown to confirm instead.
func (h *Handlers) ImportConfirm(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), ui.User(r)
	if err := requireImporter(u); err != nil {
		return err
	}
	form, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	token := r.PathValue("token")
	p, err := h.imports.Take(u.ID, token)
	if err != nil {
		return err
	}
	only := map[string]bool{}
	for _, code := range form["region"] {
		only[code] = true
	}
	again := func(status int, notice string) error {
		res, err := h.planImport(ctx, u, p.data, nil)
		if err != nil {
			return err
		}
		p.seen = res.Plan
		h.imports.Put(u.ID, token, p)
		page := previewOf(res, p.name, only)
		page.Token, page.Notice = token, notice
		return h.ui.Render(w, r, status, "progress/preview.html", page)
	}
	if len(only) == 0 {
		return again(http.StatusUnprocessableEntity, "请至少勾选一个要导入的县（市、区）。")
	}
	res, err := h.planImport(ctx, u, p.data, only)
	if err != nil {
		return err
	}
	if planDigest(res.Plan, nil) != planDigest(p.seen, only) {
		return again(http.StatusConflict, "预览之后系统中的数据有变化，下面是按最新数据重新比对的结果，请核对后再次确认。")
	}
	msg := "上传的表格与系统中的数据一致，没有需要导入的修改"
	if n := len(res.Plan.Changes); n > 0 {
		if err := h.db.ApplyProgressImport(ctx, u, res.Plan); err != nil {
			return err
		}
		msg = "已导入 " + strconv.Itoa(n) + " 项修改"
		if m := len(res.Plan.Refused); m > 0 {
			msg += "，" + strconv.Itoa(m) + " 项未采用"
		}
	}
	ui.SetFlash(w, msg)
	http.Redirect(w, r, dayURL("/reports/progress", res.Plan.Region, res.Plan.Date, nil), http.StatusSeeOther)
	return nil
}
