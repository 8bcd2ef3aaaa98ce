package activity

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"shuangbai"
	"shuangbai/thumbnail"
	"shuangbai/web/ui"
)

// photoView is a photo as the page shows it.
type photoView struct{ shuangbai.ActivityPhoto }

// URL is the photo itself; ThumbURL its thumbnail.
func (p photoView) URL() string      { return "/activity-photos/" + strconv.FormatInt(p.ID, 10) }
func (p photoView) ThumbURL() string { return p.URL() + "/thumb" }

// participantView is a participant with the file they are linked to.
type participantView struct {
	shuangbai.Participant
	FileURL string // "" when not on file
}

// showPage is the data of activity/show.html.
type showPage struct {
	A            *shuangbai.Activity
	Station      string
	Place        string
	Photos       []photoView
	Participants []participantView
	CanEdit      bool
	PhotoErr     string
	PeopleForm   ui.Form
	Open         string // the fold a refused form came from: "photo", "people"
	MaxPhotos    int
}

// FullOfPhotos reports whether the activity has all the photos it may.
func (p showPage) FullOfPhotos() bool { return len(p.Photos) >= p.MaxPhotos }

// Show shows an activity with its photos and participants.
func (h *Handlers) Show(w http.ResponseWriter, r *http.Request) error {
	a, err := h.activityOf(r)
	if err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, a, showPage{PeopleForm: ui.NewForm(nil, nil)})
}

func (h *Handlers) renderShow(w http.ResponseWriter, r *http.Request, status int, a *shuangbai.Activity, p showPage) error {
	ctx, scope := r.Context(), ui.Scope(r)
	stations, paths, err := h.names(ctx, []*shuangbai.Activity{a})
	if err != nil {
		return err
	}
	p.A, p.Station, p.Place, p.CanEdit, p.MaxPhotos = a, stations[a.StationID], paths[a.Region], ui.User(r).CanEditCases(), shuangbai.MaxActivityPhotos
	photos, err := h.db.ActivityPhotos(ctx, scope, a.ID)
	if err != nil {
		return err
	}
	for _, ph := range photos {
		p.Photos = append(p.Photos, photoView{ph})
	}
	people, err := h.db.Participants(ctx, scope, a.ID)
	if err != nil {
		return err
	}
	for _, x := range people {
		v := participantView{Participant: x}
		if x.BeneficiaryID != 0 {
			v.FileURL = "/beneficiaries/" + strconv.FormatInt(x.BeneficiaryID, 10)
		}
		p.Participants = append(p.Participants, v)
	}
	return h.ui.Render(w, r, status, "activity/show.html", p)
}

// tooBig is the problem of a photo over the limit, however it is noticed.
var tooBig = fmt.Sprintf("照片太大：每张不超过 %d MB，请压缩后再上传", shuangbai.MaxAttachment>>20)

// storePhoto checks an uploaded photo, makes its thumbnail and stores it;
// a refused photo leaves nothing behind.
func (h *Handlers) storePhoto(r *http.Request, a *shuangbai.Activity, name string, data []byte) (*shuangbai.ActivityPhoto, error) {
	if _, err := shuangbai.SniffPhoto(data); err != nil {
		return nil, err
	}
	thumb, err := thumbnail.Make(data)
	if errors.Is(err, thumbnail.ErrTooLarge) {
		return nil, fieldErr("file", "图片像素过多，请缩小后再上传")
	} else if err != nil {
		return nil, fieldErr("file", "无法读取这张图片，文件可能已损坏；请重新拍照，或另存为 JPEG 后再上传")
	}
	p := &shuangbai.ActivityPhoto{ActivityID: a.ID, Name: name}
	return p, h.db.AddActivityPhoto(r.Context(), ui.User(r), p, data, thumb)
}

func fieldErr(field, msg string) error {
	return &shuangbai.Error{Code: shuangbai.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// upload reads the one photo of an upload: a form's "file", or an API's
// raw body. Over the limit is the same refusal as the domain's.
func upload(w http.ResponseWriter, r *http.Request, rawOK bool) ([]byte, string, error) {
	data, name, err := ui.UploadedFile(w, r, shuangbai.MaxAttachment, rawOK)
	if err != nil && shuangbai.ErrorCode(err) == shuangbai.EINVALID {
		msg := shuangbai.ErrorMessage(err)
		if len(data) == 0 && msg != "请选择要上传的文件" {
			msg = tooBig
		}
		return nil, name, fieldErr("file", msg)
	}
	return data, name, err
}

// PhotoCreate stores one uploaded photo of the activity. A refused photo
// shows the page again with the reason next to the field.
func (h *Handlers) PhotoCreate(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.editable(r)
	if err != nil {
		return err
	}
	data, name, err := upload(w, r, false)
	var p *shuangbai.ActivityPhoto
	if err == nil {
		p, err = h.storePhoto(r, a, name, data)
	}
	if fe := ui.FieldErrors(err); fe != nil {
		return h.renderShow(w, r, ui.Status(err), a, showPage{PhotoErr: fe["file"], Open: "photo", PeopleForm: ui.NewForm(nil, nil)})
	}
	if err != nil {
		return err
	}
	ui.SetFlash(w, "已上传照片："+p.Name)
	http.Redirect(w, r, activityURL(a.ID)+"#photos", http.StatusSeeOther)
	return nil
}

// PhotoShow sends a photo; PhotoThumb its thumbnail.
func (h *Handlers) PhotoShow(w http.ResponseWriter, r *http.Request) error {
	return h.sendPhoto(w, r, false)
}
func (h *Handlers) PhotoThumb(w http.ResponseWriter, r *http.Request) error {
	return h.sendPhoto(w, r, true)
}

// sendPhoto sends the photo {id} inside the request's scope, never kept in
// a shared cache and never read as anything but the image it is.
func (h *Handlers) sendPhoto(w http.ResponseWriter, r *http.Request, thumb bool) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	p, data, err := h.db.ActivityPhotoData(r.Context(), ui.Scope(r), id, thumb)
	if err != nil {
		return err
	}
	typ, ext := p.Type, map[string]string{"image/jpeg": ".jpg", "image/png": ".png"}[p.Type]
	if thumb {
		typ, ext = "image/jpeg", ".jpg"
	}
	hd := w.Header()
	hd.Set("Content-Type", typ)
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	hd.Set("Content-Disposition", `inline; filename="activity-photo-`+strconv.FormatInt(p.ID, 10)+ext+`"; filename*=UTF-8''`+url.PathEscape(p.Name))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Security-Policy", "sandbox")
	_, err = w.Write(data)
	return err
}

// parseParticipant reads a participant: a name, or a file's number
// (beneficiary_id), and a note.
func parseParticipant(v url.Values, activityID int64) (*shuangbai.Participant, error) {
	p := &shuangbai.Participant{ActivityID: activityID, Name: ui.Trimmed(v, "name"), Note: ui.Trimmed(v, "note")}
	if s := ui.Trimmed(v, "beneficiary_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return p, fieldErr("beneficiary_id", "服务对象编号应为正整数（见服务对象档案的地址）")
		}
		p.BeneficiaryID = id
	}
	return p, nil
}

// ParticipantCreate names a person as taking part.
func (h *Handlers) ParticipantCreate(w http.ResponseWriter, r *http.Request) error {
	a, u, err := h.editable(r)
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	p, err := parseParticipant(v, a.ID)
	if err == nil {
		err = h.db.AddParticipant(r.Context(), u, p)
	}
	if shuangbai.ErrorCode(err) == shuangbai.ECONFLICT {
		err = fieldErr("beneficiary_id", shuangbai.ErrorMessage(err))
	}
	return ui.Saved(w, r, err, func(status int) error {
		return h.renderShow(w, r, status, a, showPage{PeopleForm: ui.NewForm(v, err), Open: "people"})
	}, func() (string, string) { return "已登记参与人员：" + p.Name, activityURL(a.ID) + "#people" })
}

// ParticipantRemove takes a name typed in error off the list.
func (h *Handlers) ParticipantRemove(w http.ResponseWriter, r *http.Request) error {
	a, u, err := h.editable(r)
	if err != nil {
		return err
	}
	pid, err := ui.PathID(r, "pid")
	if err != nil {
		return err
	}
	if err := h.db.RemoveParticipant(r.Context(), u, a.ID, pid); err != nil {
		return err
	}
	ui.SetFlash(w, "已从名单中移除")
	http.Redirect(w, r, activityURL(a.ID)+"#people", http.StatusSeeOther)
	return nil
}
