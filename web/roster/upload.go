package roster

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"shuangbai"
	"shuangbai/sheet"
	"shuangbai/web/ui"
)

// The first step of a roster import: the upload form, reading the file,
// and the blank register to fill in.

// limits bound an uploaded register.
var limits = sheet.DefaultLimits

// shownProblems is how many problems a page lists; the error report has all.
const shownProblems = 200

// requireImport returns EFORBIDDEN unless u may file beneficiaries.
func requireImport(u *shuangbai.User) error {
	if !u.CanEditCases() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "您的账号为%s，只能查看，不能导入名册", u.Role.Label())
	}
	return nil
}

// uploadPage is the data of roster/upload.html.
type uploadPage struct {
	Error   string
	MaxMB   int64
	MaxRows int
	Fields  []fieldHelp
}

type fieldHelp = struct {
	Field sheet.Field
	Label string
	Hint  string
}

func newUploadPage(err error) uploadPage {
	p := uploadPage{MaxMB: limits.MaxBytes >> 20, MaxRows: limits.MaxRows, Fields: sheet.Fields}
	if err != nil {
		p.Error = shuangbai.ErrorMessage(err)
	}
	return p
}

// RosterUploadForm shows the upload form.
func (h *Handlers) RosterUploadForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireImport(ui.User(r)); err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "roster/upload.html", newUploadPage(nil))
}

// RosterUpload reads an uploaded register and shows its columns to map.
func (h *Handlers) RosterUpload(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireImport(u); err != nil {
		return err
	}
	if err := h.takeImport(w, r); err != nil {
		if status := ui.Status(err); status < 500 {
			return h.ui.Render(w, r, status, "roster/upload.html", newUploadPage(err))
		}
		return err
	}
	name, t, err := readUpload(w, r)
	if err != nil {
		if status := ui.Status(err); status < 500 {
			return h.ui.Render(w, r, status, "roster/upload.html", newUploadPage(err))
		}
		return err
	}
	x := newUpload(name, t)
	x.token, err = h.uploads.Add(u.ID, x)
	if err != nil {
		return h.ui.Render(w, r, ui.Status(err), "roster/upload.html", newUploadPage(err))
	}
	if err := h.proposeMapping(r.Context(), u, x); err != nil {
		return err
	}
	x.redirect(w, r, "mapping")
	return nil
}

// readUpload reads the file of a multipart upload (field "file"),
// streaming it into the reader rather than onto disk.
func readUpload(w http.ResponseWriter, r *http.Request) (string, *sheet.Table, error) {
	r.Body = http.MaxBytesReader(w, r.Body, limits.MaxBytes+1<<20)
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
			return "", nil, uploadError(err)
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		name := cleanFilename(part.FileName())
		if name == "" {
			return "", nil, shuangbai.Errorf(shuangbai.EINVALID, "请选择要上传的名册文件（.xlsx 或 .csv）")
		}
		t, err := sheet.Read(part, -1, limits)
		part.Close()
		if err != nil {
			return "", nil, uploadError(err)
		}
		return name, t, nil
	}
}

// uploadError explains why an upload could not be read: a body cut off at
// the size limit like any file too large, the reader's refusal of the file
// as it is. Any other error is of the request itself — a multipart body
// without its boundaries or with a broken part, a connection cut off —
// and never the server's: reading a request body fails for no other
// reason.
func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return shuangbai.Errorf(shuangbai.EINVALID, "文件超过 %d MB，请分成几个文件上传", limits.MaxBytes>>20)
	case shuangbai.ErrorCode(err) != shuangbai.EINTERNAL:
		return err
	}
	return ui.BadRequest("上传的文件没有完整收到（表单格式有误或上传中断），请重新上传")
}

// cleanFilename keeps the base name of an uploaded file, for the pages and
// the audit log.
func cleanFilename(name string) string {
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

// RosterTemplate sends a blank register whose headers the importer reads
// without any mapping, with a hint per column and a sample row.
func (h *Handlers) RosterTemplate(w http.ResponseWriter, r *http.Request) error {
	var buf bytes.Buffer
	if err := sheet.WriteTemplate(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename*=UTF-8''`+url.PathEscape("服务对象名册模板.xlsx"))
	_, err := buf.WriteTo(w)
	return err
}
