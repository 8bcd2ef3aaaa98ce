package casework

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/thumbnail"
	"shuangbai/web/ui"
)

// Attachments (附件) are photos of documents and PDFs kept on a file or one
// of its visits: an ID card copy, a disability certificate, a signed form.
// They are personal data like the file: read inside the request's scope
// (another county's is a 404) and written to the access log each time one
// is viewed or downloaded.

// attachmentView is an attachment as the file page lists it.
type attachmentView struct {
	shuangbai.Attachment
	By string // who uploaded it, by name
}

// URL is the attachment's download.
func (a attachmentView) URL() string { return attachmentURL(a.ID) }

// ThumbURL is the attachment's thumbnail, for an image.
func (a attachmentView) ThumbURL() string { return attachmentURL(a.ID) + "/thumb" }

// CreatedOn is the day it was uploaded, in China.
func (a attachmentView) CreatedOn() shuangbai.Date { return shuangbai.Today(a.CreatedAt) }

// SizeText is the size for reading: 350 KB, 2.4 MB.
func (a attachmentView) SizeText() string {
	if a.Size < 1<<20 {
		return strconv.Itoa(max(1, (a.Size+512)>>10)) + " KB"
	}
	return fmt.Sprintf("%.1f MB", float64(a.Size)/(1<<20))
}

func attachmentURL(id int64) string { return "/attachments/" + strconv.FormatInt(id, 10) }

// attachmentViews lists a beneficiary's attachments with their uploaders'
// names.
func (h *Handlers) attachmentViews(ctx context.Context, scope shuangbai.Scope, beneficiaryID int64) ([]attachmentView, error) {
	list, err := h.db.Attachments(ctx, scope, beneficiaryID)
	if err != nil {
		return nil, err
	}
	var who []string
	for _, a := range list {
		who = append(who, a.CreatedBy)
	}
	names, err := h.userNames(ctx, who)
	if err != nil {
		return nil, err
	}
	out := make([]attachmentView, len(list))
	for i, a := range list {
		out[i] = attachmentView{Attachment: a, By: names.Of(a.CreatedBy)}
	}
	return out, nil
}

// uploadForm is one upload form of the file page: the file's own, or a
// visit's.
type uploadForm struct {
	Action  string
	VisitID string // "" for the file itself
	Err     string // a refused upload's message, next to the file field
	Open    bool   // unfolded: the upload just refused came from it
}

// Upload returns the upload form of the visit visitID (0: of the file).
func (p beneficiaryShowPage) Upload(visitID int64) uploadForm {
	f := uploadForm{Action: p.Beneficiary.URL() + "/attachments"}
	if visitID != 0 {
		f.VisitID = strconv.FormatInt(visitID, 10)
	}
	if p.Open == "attach" && p.AttachForm.Get("visit_id") == f.VisitID {
		f.Open, f.Err = true, p.AttachForm.Err("file")
	}
	return f
}

// UploadUnshown is the message of a refused upload to a visit the page
// does not show (only the latest visits are listed), so that it is said
// at the list's head instead of nowhere; "" otherwise.
func (p beneficiaryShowPage) UploadUnshown() string {
	id := p.AttachForm.Get("visit_id")
	if p.Open != "attach" || id == "" {
		return ""
	}
	for _, v := range p.Visits {
		if strconv.FormatInt(v.ID, 10) == id {
			return ""
		}
	}
	return p.AttachForm.Err("file")
}

// tooBig is the problem of an upload over the limit, however it is noticed.
var tooBig = fmt.Sprintf("文件太大：附件不超过 %d MB，请压缩照片后再上传", shuangbai.MaxAttachment>>20)

// AttachmentCreate stores one uploaded photo or PDF on the file, or on the
// visit the form's visit_id names. The type is read from the bytes, never
// from the name or what the browser says; an image gets a thumbnail (one
// that cannot be decoded is refused). A refused upload shows the file page
// again with the problem next to the field, and nothing is saved.
func (h *Handlers) AttachmentCreate(w http.ResponseWriter, r *http.Request) error {
	b, err := h.editable(r)
	if err != nil {
		return err
	}
	v, name, data, err := readAttachment(w, r)
	var a *shuangbai.Attachment
	if err == nil {
		a, err = h.storeAttachment(r, b, v, name, data)
	}
	if ui.FieldErrors(err)["visit_id"] != "" {
		return shuangbai.Errorf(shuangbai.ENOTFOUND, "探访记录不存在或不属于这位服务对象")
	}
	if f, ok := refused(v, err); ok {
		return h.renderShow(w, r, ui.Status(err), b, showForms{Attach: &f, Open: "attach"})
	}
	if err != nil {
		return err
	}
	to := beneficiaryURL(b.ID) + "#attachments"
	if a.VisitID != 0 {
		to = beneficiaryURL(b.ID) + "#visit-" + strconv.FormatInt(a.VisitID, 10)
	}
	return saved(w, r, "已上传附件："+a.Name, to)
}

// storeAttachment checks an upload and stores it with its thumbnail.
func (h *Handlers) storeAttachment(r *http.Request, b *shuangbai.Beneficiary, v url.Values, name string, data []byte) (*shuangbai.Attachment, error) {
	a := &shuangbai.Attachment{BeneficiaryID: b.ID, Name: name}
	if s := v.Get("visit_id"); s != "" {
		id, err := ui.ParseID(s)
		if err != nil {
			return nil, invalid("visit_id", "探访记录编号有误")
		}
		a.VisitID = id
	}
	typ, err := shuangbai.SniffAttachment(data)
	if err != nil {
		return nil, err
	}
	var thumb []byte
	if strings.HasPrefix(typ, "image/") {
		if thumb, err = thumbnail.Make(data); errors.Is(err, thumbnail.ErrTooLarge) {
			return nil, invalid("file", "图片像素过多，请缩小后再上传")
		} else if err != nil {
			return nil, invalid("file", "无法读取这张图片，文件可能已损坏；请重新拍照，或另存为 JPEG 后再上传")
		}
	}
	return a, h.db.AddAttachment(r.Context(), ui.User(r), a, data, thumb)
}

// readAttachment reads a multipart upload: the one file (field "file", at
// most shuangbai.MaxAttachment bytes: a body cut off at the limit is "too
// big" too) and the visit_id field, which the form sends first.
func readAttachment(w http.ResponseWriter, r *http.Request) (url.Values, string, []byte, error) {
	v := url.Values{}
	r.Body = http.MaxBytesReader(w, r.Body, shuangbai.MaxAttachment+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return v, "", nil, invalid("file", "请选择要上传的文件")
	}
	var name string
	var data []byte
	seen := false
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return v, name, data, nil
		}
		if err != nil {
			return v, "", nil, uploadProblem(err)
		}
		switch part.FormName() {
		case "file":
			if !seen {
				seen, name = true, part.FileName()
				// One byte over the limit is enough to know it is over.
				data, err = io.ReadAll(io.LimitReader(part, shuangbai.MaxAttachment+1))
			}
		case "visit_id":
			var id []byte
			id, err = io.ReadAll(io.LimitReader(part, 32))
			v.Set("visit_id", strings.TrimSpace(string(id)))
		}
		part.Close()
		if err != nil {
			return v, "", nil, uploadProblem(err)
		}
		if len(data) > shuangbai.MaxAttachment {
			return v, "", nil, invalid("file", tooBig)
		}
	}
}

// uploadProblem explains a body cut off at the size limit as a file too
// large; other read errors are the connection failing.
func uploadProblem(err error) error {
	var over *http.MaxBytesError
	if errors.As(err, &over) {
		return invalid("file", tooBig)
	}
	return ui.BadRequest("上传中断，请重新上传")
}

// AttachmentShow sends an attachment as a download.
func (h *Handlers) AttachmentShow(w http.ResponseWriter, r *http.Request) error {
	return h.sendAttachment(w, r, false)
}

// AttachmentThumb sends an image attachment's thumbnail, for the file
// page's list.
func (h *Handlers) AttachmentThumb(w http.ResponseWriter, r *http.Request) error {
	return h.sendAttachment(w, r, true)
}

// sendAttachment sends the attachment {id} inside the request's scope, or
// its thumbnail, after logging the view. It is always a download, never
// shown in the page's origin, and never kept in a cache.
func (h *Handlers) sendAttachment(w http.ResponseWriter, r *http.Request, thumb bool) error {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	a, data, err := h.db.AttachmentData(r.Context(), ui.Scope(r), id, thumb)
	if err != nil {
		return err
	}
	typ, detail, disposition := a.Type, "附件："+a.Name, "attachment"
	if thumb {
		if !a.HasThumb {
			return shuangbai.Errorf(shuangbai.ENOTFOUND, "该附件没有缩略图")
		}
		typ, detail, disposition = "image/jpeg", "附件缩略图："+a.Name, "inline"
	}
	if err := h.db.LogAccess(r.Context(), ui.User(r), store.AccessView, a.BeneficiaryID, a.Region, "", detail); err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", typ)
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	hd.Set("Content-Disposition", contentDisposition(disposition, a, thumb))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "no-store")
	// A PDF opened from the download runs no script with this site's rights.
	hd.Set("Content-Security-Policy", "sandbox")
	_, err = w.Write(data)
	return err
}

// extensions are the file name endings of the attachment types.
var extensions = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}

// contentDisposition names the download: an ASCII name for old browsers
// (attachment-12.jpg) and the name as uploaded in RFC 5987's filename*,
// with its type's extension when it has none.
func contentDisposition(disposition string, a *shuangbai.Attachment, thumb bool) string {
	ext := extensions[a.Type]
	if thumb {
		ext = ".jpg"
	}
	name := a.Name
	if low := strings.ToLower(name); !strings.HasSuffix(low, ext) && !(ext == ".jpg" && strings.HasSuffix(low, ".jpeg")) {
		name += ext
	}
	return disposition + `; filename="attachment-` + strconv.FormatInt(a.ID, 10) + ext + `"; filename*=UTF-8''` + rfc5987(name)
}

// rfc5987 percent-encodes s as RFC 5987's value-chars: every byte but
// letters, digits and !#$&+-.^_`|~.
func rfc5987(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
