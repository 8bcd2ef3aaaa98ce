package shuangbai

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// Attachment is a photo of a document or a PDF kept on a beneficiary's file
// or one of its visits (附件): an ID card copy, a disability certificate,
// an application form. It is personal data: scoped, and logged when read,
// like the file itself.
type Attachment struct {
	ID            int64
	BeneficiaryID int64
	VisitID       int64 // 0: on the file itself
	Region        string
	Name          string // the file's name as uploaded, cleaned
	Type          string // image/jpeg, image/png or application/pdf
	Size          int
	SHA256        string // hex, of the stored bytes: what was uploaded is what is served
	HasThumb      bool
	CreatedAt     time.Time
	CreatedBy     string
}

// MaxAttachment is the largest attachment taken: a phone photo of a page
// is 2–5 MB.
const MaxAttachment = 10 << 20

// AttachmentTypes are the kinds accepted, by their first bytes: never by
// the name or the type the browser claims.
var AttachmentTypes = []struct {
	Type  string
	Magic []byte
	Label string
}{
	{"image/jpeg", []byte{0xFF, 0xD8, 0xFF}, "JPEG 图片"},
	{"image/png", []byte("\x89PNG\r\n\x1a\n"), "PNG 图片"},
	{"application/pdf", []byte("%PDF-"), "PDF 文件"},
}

// SniffAttachment returns the type of an upload from its bytes, or a field
// error (field "file") saying what is accepted.
func SniffAttachment(data []byte) (string, error) {
	if len(data) == 0 {
		return "", fieldErr("file", "请选择要上传的文件")
	}
	if len(data) > MaxAttachment {
		return "", fieldErr("file", "文件太大：附件不超过 10 MB，请压缩照片后再上传")
	}
	for _, t := range AttachmentTypes {
		if bytes.HasPrefix(data, t.Magic) {
			return t.Type, nil
		}
	}
	return "", fieldErr("file", "只能上传 JPEG、PNG 图片或 PDF 文件")
}

// AttachmentName cleans an uploaded file's name for storing and showing:
// no folders, no control or bidi characters, at most 100 characters; a
// name with nothing left becomes "附件".
func AttachmentName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0xFEFF || r >= 0x200B && r <= 0x200F || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 100 {
		name = strings.TrimSpace(string([]rune(name)[:100]))
	}
	if name == "" || name == "." || name == ".." {
		return "附件"
	}
	return name
}

func fieldErr(field, msg string) error {
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}
