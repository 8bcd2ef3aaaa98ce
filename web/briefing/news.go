package briefing

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"shuangbai"
	"shuangbai/store"
	"shuangbai/thumbnail"
	"shuangbai/web/ui"
)

// newsListPage is the data of news/list.html.
type newsListPage struct {
	Items    []*shuangbai.NewsItem
	Status   string
	Statuses []shuangbai.NewsStatus
	CanWrite bool
	Editor   bool
}

// NewsList lists the items readable in scope; ?status= narrows them (the
// editor's queue is ?status=submitted).
func (h *Handlers) NewsList(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireRead(u); err != nil {
		return err
	}
	st := shuangbai.NewsStatus(r.URL.Query().Get("status"))
	if st != "" && !st.Valid() {
		return ui.BadRequest("未知的状态 %q", st)
	}
	items, err := h.db.NewsList(r.Context(), ui.Scope(r), store.NewsFilter{Status: st})
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "news/list.html", newsListPage{Items: items, Status: string(st), CanWrite: u.CanWriteNews(), Editor: u.CanEditBriefing(),
		Statuses: []shuangbai.NewsStatus{shuangbai.NewsDraft, shuangbai.NewsSubmitted, shuangbai.NewsReturned, shuangbai.NewsAccepted}})
}

// newsFormPage is the data of news/form.html.
type newsFormPage struct {
	Form    ui.Form
	ID      int64
	Regions []ui.RegionGroup
}

func (h *Handlers) renderNewsForm(w http.ResponseWriter, r *http.Request, status int, id int64, v url.Values, err error) error {
	groups, gerr := h.ui.RegionGroups(r.Context(), ui.Scope(r), shuangbai.LevelTown, nil, nil)
	if gerr != nil {
		return gerr
	}
	return h.ui.Render(w, r, status, "news/form.html", newsFormPage{Form: ui.NewForm(v, err), ID: id, Regions: groups})
}

// parseNews reads an item's fields from a form or a JSON body.
func parseNews(v url.Values) (*shuangbai.NewsItem, error) {
	fe := shuangbai.FieldErrors{}
	n := &shuangbai.NewsItem{Region: ui.Trimmed(v, "region"), Title: v.Get("title"), Place: v.Get("place"), Body: v.Get("body"),
		Tags: shuangbai.ParseTags(v.Get("tags"))}
	n.Date = ui.ParseDate(fe, "date", v.Get("date"))
	if v.Get("submit") != "" {
		n.Status = shuangbai.NewsSubmitted
	}
	return n, ui.Validated(fe, n.Validate)
}

func newsValues(n *shuangbai.NewsItem) url.Values {
	return url.Values{"region": {n.Region}, "title": {n.Title}, "date": {n.Date.String()}, "place": {n.Place}, "body": {n.Body},
		"tags": {strings.Join(n.Tags, "、")}}
}

// NewsNew shows the form of a new item, in the writer's own region.
func (h *Handlers) NewsNew(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireWrite(u); err != nil {
		return err
	}
	return h.renderNewsForm(w, r, http.StatusOK, 0, url.Values{"region": {u.Region}, "date": {h.ui.Today().String()}}, nil)
}

// NewsCreate stores a new item, as a draft or submitted.
func (h *Handlers) NewsCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireWrite(u); err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	n, err := parseNews(v)
	if err == nil {
		err = h.db.CreateNews(r.Context(), u, n)
	}
	if err != nil {
		return ui.Saved(w, r, err, func(status int) error { return h.renderNewsForm(w, r, status, 0, v, err) }, ui.Done("", ""))
	}
	return ui.Saved(w, r, nil, nil, ui.Done("已保存动态："+n.Status.Label(), newsURL(n.ID)))
}

// newsShowPage is the data of news/show.html.
type newsShowPage struct {
	N          *shuangbai.NewsItem
	Paragraphs []string
	RegionPath string
	Versions   []shuangbai.NewsVersion
	CanEdit    bool // the writer's draft or returned item, or the editor's
	CanSubmit  bool
	CanReview  bool
	Review     ui.Form
	Photo      ui.Form
}

// NewsShow shows an item with its versions and the actions open to the
// user.
func (h *Handlers) NewsShow(w http.ResponseWriter, r *http.Request) error {
	return h.renderNews(w, r, http.StatusOK, ui.NewForm(nil, nil), ui.NewForm(nil, nil))
}

func (h *Handlers) renderNews(w http.ResponseWriter, r *http.Request, status int, review, photo ui.Form) error {
	n, err := h.newsOf(r)
	if err != nil {
		return err
	}
	u, scope := ui.User(r), ui.Scope(r)
	vs, err := h.db.NewsVersions(r.Context(), scope, n.ID)
	if err != nil {
		return err
	}
	paths, err := h.ui.RegionPaths(r.Context(), []string{n.Region})
	if err != nil {
		return err
	}
	mine := u.CanWriteNews() && scope.Contains(n.Region)
	editor := u.CanEditBriefing() && scope.Contains(n.Region)
	open := n.Status == shuangbai.NewsDraft || n.Status == shuangbai.NewsReturned
	p := newsShowPage{N: n, Paragraphs: n.Paragraphs(), RegionPath: paths[n.Region], Versions: vs, Review: review, Photo: photo,
		CanEdit: editor || mine && open && !n.Published, CanSubmit: mine && open && !n.Published,
		CanReview: editor && !n.Published && (n.Status == shuangbai.NewsSubmitted)}
	return h.ui.Render(w, r, status, "news/show.html", p)
}

func (h *Handlers) newsOf(r *http.Request) (*shuangbai.NewsItem, error) {
	if err := requireRead(ui.User(r)); err != nil {
		return nil, err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.db.News(r.Context(), ui.Scope(r), id)
}

// NewsEdit shows the form of an item.
func (h *Handlers) NewsEdit(w http.ResponseWriter, r *http.Request) error {
	if err := requireWrite(ui.User(r)); err != nil {
		return err
	}
	n, err := h.newsOf(r)
	if err != nil {
		return err
	}
	return h.renderNewsForm(w, r, http.StatusOK, n.ID, newsValues(n), nil)
}

// NewsUpdate saves an item's new version.
func (h *Handlers) NewsUpdate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireWrite(u); err != nil {
		return err
	}
	old, err := h.newsOf(r)
	if err != nil {
		return err
	}
	id := old.ID
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	v.Set("region", old.Region) // an item stays its region's
	n, err := parseNews(v)
	if err == nil {
		n.ID = id
		err = h.db.UpdateNews(r.Context(), u, n)
	}
	if err != nil {
		return ui.Saved(w, r, err, func(status int) error { return h.renderNewsForm(w, r, status, id, v, err) }, ui.Done("", ""))
	}
	return ui.Saved(w, r, nil, nil, ui.Done("已保存为新版本", newsURL(id)))
}

// NewsSubmit sends an item to the editor.
func (h *Handlers) NewsSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.db.SubmitNews(r.Context(), ui.User(r), id); err != nil {
		return err
	}
	return ui.Saved(w, r, nil, nil, ui.Done("已提交市级编辑审核", newsURL(id)))
}

// NewsReview is the editor's decision: decision=accept, or return with a
// comment.
func (h *Handlers) NewsReview(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireEditor(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := ui.ParseForm(r)
	if err != nil {
		return err
	}
	accept := v.Get("decision") == "accept"
	err = h.db.ReviewNews(r.Context(), u, id, accept, v.Get("comment"))
	if ui.FieldErrors(err) != nil {
		return h.renderNews(w, r, ui.Status(err), ui.NewForm(v, err), ui.NewForm(nil, nil))
	}
	if err != nil {
		return err
	}
	flash := "已退回，并附修改意见"
	if accept {
		flash = "已采用，可编入简报"
	}
	return ui.Saved(w, r, nil, nil, ui.Done(flash, newsURL(id)))
}

// NewsPhotoCreate stores an uploaded photo: a JPEG or PNG image within the
// size limit whose thumbnail can be made.
func (h *Handlers) NewsPhotoCreate(w http.ResponseWriter, r *http.Request) error {
	u := ui.User(r)
	if err := requireWrite(u); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	data, name, err := ui.UploadedFile(w, r, shuangbai.MaxNewsPhoto, false)
	if err == nil {
		_, err = shuangbai.SniffNewsPhoto(data)
	}
	var thumb []byte
	if err == nil {
		if thumb, err = thumbnail.Make(data); errors.Is(err, thumbnail.ErrTooLarge) {
			err = shuangbai.Errorf(shuangbai.EINVALID, "图片像素过多，请缩小后再上传")
		} else if err != nil {
			err = shuangbai.Errorf(shuangbai.EINVALID, "无法读取这张图片，文件可能已损坏；请另存为 JPEG 后再上传")
		}
	}
	if err == nil {
		err = h.db.AddNewsPhoto(r.Context(), u, &shuangbai.NewsPhoto{NewsID: id, Name: name}, data, thumb)
	}
	if e := (*shuangbai.Error)(nil); errors.As(err, &e) && e.Code == shuangbai.EINVALID {
		msg := e.Message
		return h.renderNews(w, r, http.StatusUnprocessableEntity, ui.NewForm(nil, nil), ui.NewForm(nil, &shuangbai.Error{Code: shuangbai.EINVALID,
			Message: msg, Fields: map[string]string{"file": msg}}))
	}
	if err != nil {
		return err
	}
	return ui.Saved(w, r, nil, nil, ui.Done("已上传照片", newsURL(id)+"#photos"))
}

// NewsPhoto serves a photo, or its thumbnail with ?thumb=1.
func (h *Handlers) NewsPhoto(w http.ResponseWriter, r *http.Request) error {
	if err := requireRead(ui.User(r)); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	pid, err := ui.PathID(r, "pid")
	if err != nil {
		return err
	}
	thumb := r.URL.Query().Get("thumb") != ""
	p, data, err := h.db.NewsPhotoData(r.Context(), ui.Scope(r), id, pid, thumb)
	if err != nil {
		return err
	}
	typ := p.Type
	if thumb {
		typ = "image/jpeg"
	}
	w.Header().Set("Content-Type", typ)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, err = w.Write(data)
	return err
}
