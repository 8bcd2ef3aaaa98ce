package casework_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/webtest"
)

// picture returns a small photo encoded by encode.
func picture(t *testing.T, encode func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 600, 400))
	for x := 0; x < 600; x++ {
		img.Set(x, x%400, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestAttachments uploads photos and a PDF to a file and to one of its
// visits, lists them with thumbnails, and downloads them: always as an
// attachment with its name in RFC 5987 form, never cached or sniffed, each
// view written to the access log. Uploads that are not a photo or a PDF,
// are over 10 MB or hold no file are refused next to the field with
// nothing saved; another county's attachment is a 404.
func TestAttachments(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	ctx := t.Context()
	sw := f.As(t, webtest.YcWorker)
	chen := "/beneficiaries/" + webtest.ID(f.Chen.ID)
	visits, err := f.DB.Visits(ctx, webtest.AdminScope, f.Chen.ID, 1)
	if err != nil || len(visits) != 1 {
		t.Fatal(visits, err)
	}
	visit := webtest.ID(visits[0].ID)
	pngFile := picture(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) })
	jpegFile := picture(t, func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) })
	pdfFile := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	count := func() int {
		l, err := f.DB.Attachments(ctx, webtest.AdminScope, f.Chen.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(l)
	}

	for _, tt := range []struct {
		name, file string
		data       []byte
		fields     []string
		code       int
		want       string // the redirect's anchor, or the field's message
	}{
		{"png on the file", "身份证 正面;1.png", pngFile, nil, http.StatusSeeOther, "#attachments"},
		{"jpeg on a visit", "入户照片.jpg", jpegFile, []string{"visit_id", visit}, http.StatusSeeOther, "#visit-" + visit},
		{"pdf on the file", "残疾证", pdfFile, nil, http.StatusSeeOther, "#attachments"},
		{"text", "note.png", []byte("just words, named like a photo"), nil, http.StatusUnprocessableEntity, "只能上传 JPEG、PNG 图片或 PDF 文件"},
		{"html", "page.pdf", []byte("<html><script>alert(1)</script>"), nil, http.StatusUnprocessableEntity, "只能上传 JPEG、PNG 图片或 PDF 文件"},
		{"too big", "big.jpg", append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, shuangbai.MaxAttachment)...), nil, http.StatusUnprocessableEntity, "文件太大"},
		{"no file", "", nil, nil, http.StatusUnprocessableEntity, "请选择要上传的文件"},
		{"broken photo", "broken.jpg", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte("x"), 100)...), nil, http.StatusUnprocessableEntity, "无法读取这张图片"},
		{"visit too big", "big.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, shuangbai.MaxAttachment)...), []string{"visit_id", visit},
			http.StatusUnprocessableEntity, "文件太大"},
		{"another's visit", "x.pdf", pdfFile, []string{"visit_id", "999999"}, http.StatusNotFound, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := count()
			res := sw.Upload(t, chen+"/attachments", tt.file, tt.data, tt.fields...)
			webtest.Expect(t, res, tt.code)
			switch {
			case tt.code == http.StatusSeeOther:
				if loc := res.Header().Get("Location"); loc != chen+tt.want {
					t.Errorf("Location = %q, want %s", loc, chen+tt.want)
				}
				if count() != before+1 {
					t.Errorf("attachments %d → %d", before, count())
				}
			default:
				if tt.want != "" {
					webtest.Expect(t, res, tt.code, tt.want, `class="field-error"`, `<details class="fold" open>`)
				}
				if count() != before {
					t.Errorf("a refused upload was saved")
				}
			}
		})
	}

	list, _ := f.DB.Attachments(ctx, webtest.AdminScope, f.Chen.ID)
	if len(list) != 3 {
		t.Fatalf("attachments = %+v", list)
	}
	byName := map[string]shuangbai.Attachment{}
	for _, a := range list {
		byName[a.Name] = a
	}
	photo, onVisit, pdf := byName["身份证 正面;1.png"], byName["入户照片.jpg"], byName["残疾证"]
	if !photo.HasThumb || pdf.HasThumb || pdf.Type != "application/pdf" || onVisit.VisitID != visits[0].ID {
		t.Fatalf("attachments = %+v", list)
	}
	url := func(a shuangbai.Attachment) string { return "/attachments/" + webtest.ID(a.ID) }

	res := sw.Get(t, chen)
	webtest.Expect(t, res, http.StatusOK, `<img src="`+url(photo)+`/thumb"`, `href="`+url(pdf)+`"`, "📄 PDF", "身份证 正面;1.png", "陈云城", "上传附件",
		`id="visit-`+visit+`"`, `<img src="`+url(onVisit)+`/thumb"`, "上传本次探访的附件", `enctype="multipart/form-data"`)
	if body := res.Body.String(); strings.Index(body, url(onVisit)) < strings.Index(body, `id="visit-`+visit+`"`) {
		t.Error("the visit's photo is not listed under its visit")
	}

	for _, tt := range []struct {
		path, ctype, disposition string
		data                     []byte
	}{
		{url(photo), "image/png", `attachment; filename="attachment-` + webtest.ID(photo.ID) + `.png"; filename*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81%20%E6%AD%A3%E9%9D%A2%3B1.png`, pngFile},
		{url(pdf), "application/pdf", `attachment; filename="attachment-` + webtest.ID(pdf.ID) + `.pdf"; filename*=UTF-8''%E6%AE%8B%E7%96%BE%E8%AF%81.pdf`, pdfFile},
		{url(onVisit) + "/thumb", "image/jpeg", "inline;", nil},
	} {
		res := sw.Get(t, tt.path)
		webtest.Expect(t, res, http.StatusOK)
		h := res.Header()
		if h.Get("Content-Type") != tt.ctype || !strings.HasPrefix(h.Get("Content-Disposition"), tt.disposition) ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: headers %v", tt.path, h)
		}
		if tt.data != nil && !bytes.Equal(res.Body.Bytes(), tt.data) {
			t.Errorf("%s: the bytes sent are not the bytes uploaded", tt.path)
		}
	}
	webtest.Expect(t, sw.Get(t, url(pdf)+"/thumb"), http.StatusNotFound)

	l, _ := f.DB.AccessLog(ctx, webtest.AdminScope, f.Chen.ID, 0, 100)
	seen := map[string]bool{}
	for _, e := range l {
		if e.Action == store.AccessView && e.Username == webtest.YcWorker {
			seen[e.Detail] = true
		}
	}
	for _, d := range []string{"附件：身份证 正面;1.png", "附件：残疾证", "附件缩略图：入户照片.jpg"} {
		if !seen[d] {
			t.Errorf("no access-log line %q in %v", d, seen)
		}
	}

	// Another county sees none of it; a viewer may not upload.
	ld := f.As(t, webtest.LdAdmin)
	webtest.Expect(t, ld.Get(t, url(photo)), http.StatusNotFound)
	webtest.Expect(t, ld.Get(t, url(photo)+"/thumb"), http.StatusNotFound)
	webtest.Expect(t, ld.Upload(t, chen+"/attachments", "a.pdf", pdfFile), http.StatusNotFound)
	webtest.Expect(t, f.As(t, webtest.YcViewer).Upload(t, chen+"/attachments", "a.pdf", pdfFile), http.StatusForbidden)
	webtest.Expect(t, f.As(t, webtest.YcViewer).Get(t, url(pdf)), http.StatusOK)
	if count() != 3 {
		t.Errorf("attachments = %d after refused uploads", count())
	}
}

// A refused upload to a visit older than the five the file page lists has
// no form on the page to say why beside: the list's head says it instead
// (FuzzBodies found the 422 that said nothing).
func TestAttachmentToUnshownVisit(t *testing.T) {
	t.Parallel()
	f := webtest.NewCase(t)
	ctx := t.Context()
	chen := webtest.ID(f.Chen.ID)
	old, err := f.DB.Visits(ctx, webtest.AdminScope, f.Chen.ID, 1)
	if err != nil || len(old) != 1 {
		t.Fatal(old, err)
	}
	api := f.API(t, webtest.YcWorker)
	for range 5 {
		webtest.Expect(t, api.JSON(t, "POST", "/api/v1/visits", `{"beneficiary_id":`+chen+`,"kind":"phone","findings":"电话问候"}`), http.StatusCreated)
	}
	broken := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte("x"), 100)...)
	sw := f.As(t, webtest.YcWorker)
	res := sw.Upload(t, "/beneficiaries/"+chen+"/attachments", "入户.jpg", broken, "visit_id", webtest.ID(old[0].ID))
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `<p class="alert" role="alert">附件未上传：无法读取这张图片`, "查看更多探访记录")
	webtest.ExpectNot(t, res, `id="visit-`+webtest.ID(old[0].ID)+`"`)
	// An upload to the file itself keeps the message beside its form.
	res = sw.Upload(t, "/beneficiaries/"+chen+"/attachments", "入户.jpg", broken)
	webtest.Expect(t, res, http.StatusUnprocessableEntity, `class="field-error"`)
	webtest.ExpectNot(t, res, "附件未上传")
}
