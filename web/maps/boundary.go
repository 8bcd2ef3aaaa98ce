package maps

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/web/ui"
)

// levelNames are the boundary levels as forms and the API name them.
var levelNames = []struct {
	Key   string
	Level shuangbai.Level
}{{"county", shuangbai.LevelCounty}, {"town", shuangbai.LevelTown}, {"village", shuangbai.LevelVillage}}

func parseLevel(s string) (shuangbai.Level, bool) {
	for _, l := range levelNames {
		if l.Key == s {
			return l.Level, true
		}
	}
	return 0, false
}

func requireUpload(u *shuangbai.User) error {
	if !u.IsBureauAdmin() {
		return shuangbai.Errorf(shuangbai.EFORBIDDEN, "边界由市、县民政局管理员导入；%s账号只能查看地图", u.Role.Label())
	}
	return nil
}

// levelOption is a level the user may upload.
type levelOption struct {
	Key, Name string
}

// boundariesPage is the data of map/boundaries.html.
type boundariesPage struct {
	Form   ui.Form
	Levels []store.BoundaryLevel
	Opts   []levelOption
	CRSs   []struct {
		CRS  shuangbai.CRS
		Name string
	}
	MaxMB int
}

func (h *Handlers) renderBoundaries(w http.ResponseWriter, r *http.Request, status int, v url.Values, err error) error {
	u := ui.User(r)
	levels, lerr := h.db.BoundaryLevels(r.Context(), u.Scope())
	if lerr != nil {
		return lerr
	}
	p := boundariesPage{Form: ui.NewForm(v, err), Levels: levels, CRSs: shuangbai.CRSs, MaxMB: shuangbai.MaxBoundaryFile >> 20}
	for _, l := range levelNames {
		if l.Level >= shuangbai.LevelOf(u.Region) {
			p.Opts = append(p.Opts, levelOption{l.Key, l.Level.String()})
		}
	}
	return h.ui.Render(w, r, status, "map/boundaries.html", p)
}

// Boundaries shows the boundaries stored in the user's scope and the form
// that replaces those of one level.
func (h *Handlers) Boundaries(w http.ResponseWriter, r *http.Request) error {
	if err := requireUpload(ui.User(r)); err != nil {
		return err
	}
	return h.renderBoundaries(w, r, http.StatusOK, url.Values{"crs": {string(shuangbai.CRSWGS84)}}, nil)
}

// upload reads, checks and stores one file: all its features or none.
func (h *Handlers) upload(r *http.Request, levelKey, crs, name string, data []byte) (shuangbai.Level, int, int, error) {
	level, ok := parseLevel(levelKey)
	if !ok {
		return 0, 0, 0, &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请选择边界的级别", Fields: map[string]string{"level": "请选择县、乡镇或村"}}
	}
	fs, err := shuangbai.ParseBoundaries(data, shuangbai.CRS(crs), level)
	if err != nil {
		return level, 0, 0, err
	}
	replaced, stored, err := h.db.ReplaceBoundaries(r.Context(), ui.User(r), store.BoundaryImport{Level: level, CRS: shuangbai.CRS(crs),
		Source: filepath.Base(name), Features: fs})
	return level, replaced, stored, err
}

// BoundaryUpload replaces the boundaries of one level in the user's scope
// with an uploaded GeoJSON file; a refused file is named with its first
// bad feature beside the file field, and nothing is replaced.
func (h *Handlers) BoundaryUpload(w http.ResponseWriter, r *http.Request) error {
	if err := requireUpload(ui.User(r)); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, shuangbai.MaxBoundaryFile+1<<20)
	v := url.Values{}
	err := r.ParseMultipartForm(8 << 20) // beyond 8 MB the file waits on disk
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		err = shuangbai.BoundaryError("文件超过 %d MB", shuangbai.MaxBoundaryFile>>20)
	case err != nil:
		return ui.BadRequest("请以 multipart/form-data 表单上传文件")
	}
	var data []byte
	var name string
	if err == nil {
		defer r.MultipartForm.RemoveAll()
		v.Set("level", r.FormValue("level"))
		v.Set("crs", r.FormValue("crs"))
		f, hdr, ferr := r.FormFile("file")
		if ferr != nil {
			err = &shuangbai.Error{Code: shuangbai.EINVALID, Message: "请选择要上传的文件", Fields: map[string]string{"file": "请选择 GeoJSON 文件"}}
		} else {
			defer f.Close()
			name = hdr.Filename
			data, err = io.ReadAll(io.LimitReader(f, shuangbai.MaxBoundaryFile+1))
		}
	}
	var level shuangbai.Level
	var replaced, stored int
	if err == nil {
		level, replaced, stored, err = h.upload(r, v.Get("level"), v.Get("crs"), name, data)
	}
	if shuangbai.ErrorCode(err) == shuangbai.EINVALID {
		return h.renderBoundaries(w, r, http.StatusUnprocessableEntity, v, err)
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, fmt.Sprintf("已导入 %d 个%s边界（替换原有 %d 个）", stored, level, replaced))
	http.Redirect(w, r, "/map/boundaries", http.StatusSeeOther)
	return nil
}

// APIBoundaryUpload is POST /api/v1/boundaries?level=town&crs=gcj02 with
// the GeoJSON as the body (or as the file of a form): the same check and
// replacement as the page.
func (h *Handlers) APIBoundaryUpload(w http.ResponseWriter, r *http.Request) error {
	if err := requireUpload(ui.User(r)); err != nil {
		return err
	}
	data, name, err := ui.UploadedFile(w, r, shuangbai.MaxBoundaryFile, true)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	level, replaced, stored, err := h.upload(r, q.Get("level"), q.Get("crs"), name, data)
	if err != nil {
		return err
	}
	h.ui.WriteJSON(w, r, http.StatusOK, map[string]any{"level": level.String(), "replaced": replaced, "stored": stored})
	return nil
}
