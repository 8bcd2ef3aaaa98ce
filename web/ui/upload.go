package ui

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"shuangbai"
)

// UploadedFile reads the file of an upload request of at most max bytes:
// the part named "file" of a multipart form or, when rawOK (an API), the
// body itself. It answers a missing, empty or oversized file with an
// EINVALID error in Chinese, and anything but a form (without rawOK) with
// 400.
func UploadedFile(w http.ResponseWriter, r *http.Request, max int64, rawOK bool) (data []byte, name string, err error) {
	tooLarge := shuangbai.Errorf(shuangbai.EINVALID, "文件超过 %d MB，请检查是否选错了文件", max>>20)
	r.Body = http.MaxBytesReader(w, r.Body, max+64<<10) // the multipart framing adds a little
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "multipart/form-data":
		data, name, err = formFile(r, max)
	case rawOK:
		data, err = io.ReadAll(r.Body)
	default:
		return nil, "", BadRequest("请以 multipart/form-data 表单上传文件")
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, name, tooLarge
	case err != nil:
		return nil, name, err
	case len(data) == 0:
		return nil, name, shuangbai.Errorf(shuangbai.EINVALID, "请选择要上传的文件")
	case int64(len(data)) > max:
		return nil, name, tooLarge
	}
	return data, name, nil
}

func formFile(r *http.Request, max int64) ([]byte, string, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", BadRequest("上传的表单格式有误")
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
			return nil, "", BadRequest("上传的表单格式有误")
		}
		if part.FormName() != "file" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, max+1))
		return data, part.FileName(), err
	}
}
